# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Time to a certified precision: sklearn_penalized vs scikit-learn, celer, skglm, adelie.

Usage::

    python benchmarks/run.py [--repeat 3] [--problems A,B,...] [--out report.md]
                             [--csv benchmarks/results/lasso_time_to_precision.csv]

``--csv`` writes the time-to-precision table in the form the documentation's
benchmarks page reads (``benchmarks/results/``, see its README); ``--out`` a
stand-alone markdown report (never ``docs/benchmarks.md``, which draws its
tables from those CSV files).

Fairness.  Each library's ``tol`` means something different, so each solver
runs on a ladder of tolerances; every returned model is judged by ONE
function of ours, the relative duality gap ``gap / P(w)`` of the same
objective (``sklearn_penalized._objective.duality_gap``), and the reported
time is that of the cheapest run whose relative gap is at most 1e-6 (and
1e-4).  Times are medians of ``--repeat`` runs; all solvers run in the same
process, one after the other, on the same arrays.  skglm's first call (numba
JIT) is made on a small problem before timing and reported separately.
celer, skglm and adelie are used when importable (``pip install celer
skglm``; adelie's wheel declares ``numpy<2``: ``pip install --no-deps adelie
ipython`` beside a newer NumPy, its results are judged by the same gap
function, so a broken install shows as "—"), never as dependencies of the
package.  adelie (``adelie.grpnet``, Gaussian family, every feature its own
group, penalty weights 1) minimizes the same objective: ``lmda`` is
scikit-learn's ``alpha`` and adelie's ``alpha`` is ``l1_ratio``; its ``tol``
is not a gap (on problem A a run at ``tol=1e-10`` stops at a relative gap
near 1e-4), so its ladder continues to :data:`ADELIE_EXTRA_TOLS`.  A single
alpha is fitted with ``lmda_path=[alpha]`` (the question asked of every
library); problem F gives it the whole 100-alpha path in one call, its
native use.  python-glmnet (glmnet's Fortran) is not installable here: its
sdist needs a Fortran compiler, and no wheel exists for current Pythons.
"""
import argparse
import os
import platform
import time
import warnings

import numpy as np
import scipy.sparse as sp

import sklearn_penalized as ours
from sklearn_penalized._objective import alpha_max, duality_gap, primal_objective
from sklearn_penalized.penalties import L1L2

TOLS = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-10, 1e-12]
# adelie's tol bounds a change of its iterates, far from a gap (see above).
ADELIE_EXTRA_TOLS = [1e-14, 1e-16]
TARGETS = (1e-4, 1e-6)
# A solver whose single run takes longer than this is not tried at tighter
# tolerances (its entry stays "—" if it never reached the target).
RUN_BUDGET_SECONDS = 60.0


# -- problems -------------------------------------------------------------------
PROBLEMS_DOC = """\
Problems: A dense 200 x 5000 (Toeplitz rho 0.6, 5% true nonzeros, SNR 3),
alpha_max/20; B same, alpha_max/100; C dense 100000 x 200, alpha_max/100;
D sparse CSC 20000 x 50000, density 0.001, alpha_max/50; E ElasticNet
l1_ratio=0.5 on A; F 100-alpha path alpha_max -> alpha_max/100 on A
(warm-started refits of each library's Lasso; all 100 fits must reach the
target); H float32 A and C (skglm's float32 ladder stops at 1e-7: below, its
float32 solver did not return in minutes); J
diabetes (scikit-learn's shipped table, unscaled) with degree-3 polynomial
features plus sex one-hot interactions (442 x 305), alpha_max/1000: tall and
ill-conditioned.  "—": never reached the target on the ladder (down to
tol=1e-12, or until one run exceeded 60 s)."""

def correlated_design(n, p, rng, rho=0.6, dtype=np.float64):
    """Gaussian design with Toeplitz correlation rho^|i-j| (AR(1) columns)."""
    X = np.empty((n, p), order="F")
    X[:, 0] = rng.randn(n)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + np.sqrt(1 - rho**2) * rng.randn(n)
    return X.astype(dtype, copy=False)


def target(X, rng, frac=0.05, snr=3.0):
    p = X.shape[1]
    w = np.zeros(p)
    support = rng.choice(p, max(1, int(frac * p)), replace=False)
    w[support] = rng.randn(len(support))
    signal = np.asarray(X @ w).ravel()
    return signal + rng.randn(X.shape[0]) * np.std(signal) / snr


def make_problem(name, seed=0):
    rng = np.random.RandomState(seed)
    if name in ("A", "B", "E", "F", "H-A"):
        X = correlated_design(200, 5000, rng)
        y = target(X, rng)
        divisor = {"A": 20, "B": 100, "E": 20, "F": 100, "H-A": 20}[name]
    elif name in ("C", "H-C"):
        X = correlated_design(100_000, 200, rng)
        y = target(X, rng)
        divisor = 100
    elif name == "D":
        X = sp.random(20_000, 50_000, density=0.001, format="csc", random_state=rng)
        y = target(X, rng)
        divisor = 50
    elif name == "J":
        from sklearn.datasets import load_diabetes
        from sklearn.preprocessing import OneHotEncoder, PolynomialFeatures

        data, y = load_diabetes(return_X_y=True, scaled=False)
        # degree-3 polynomial features of the numeric columns, plus the
        # one-hot sex column times every column: strongly collinear, tall.
        poly = PolynomialFeatures(degree=3, include_bias=False).fit_transform(data)
        sex = OneHotEncoder(sparse_output=False).fit_transform(data[:, [1]])
        X = np.hstack([poly] + [poly[:, :10] * sex[:, [k]] for k in range(2)])
        X = np.asfortranarray(X)
        divisor = 1000
    else:
        raise ValueError(name)
    if name.startswith("H-"):
        X, y = X.astype(np.float32), y.astype(np.float32)
    l1_ratio = 0.5 if name == "E" else 1.0
    Xd = X if not sp.issparse(X) else X
    a_max = alpha_max(Xd, y) / l1_ratio
    return X, y, a_max / divisor, l1_ratio, a_max


# -- solvers ----------------------------------------------------------------------
def relative_gap(X, y, coef, intercept, alpha, l1_ratio):
    pen = L1L2(alpha * l1_ratio, alpha * (1 - l1_ratio) / 2)
    coef = np.asarray(coef, dtype=np.float64).ravel()
    gap = duality_gap(X, y, coef, pen)
    primal = primal_objective(X, y, coef, float(intercept), pen)
    return max(gap, 0.0) / primal


def _fitter(module_name, **settings):
    """A ``fit(X, y, alpha, l1_ratio, tol)`` for one library's Lasso/ElasticNet.

    ``settings`` are that library's extra parameters: ``max_iter`` counts
    epochs for the coordinate-descent libraries and outer iterations for
    celer/skglm, hence the different values.
    """
    def fit(X, y, alpha, l1_ratio, tol):
        module = __import__(module_name, fromlist=["Lasso"])
        if l1_ratio == 1.0:
            est = module.Lasso(alpha=alpha, tol=tol, **settings)
        else:
            est = module.ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=tol, **settings)
        return est.fit(X, y)
    return fit


_fit_ours = _fitter("sklearn_penalized", max_iter=10_000)
_fit_sklearn = _fitter("sklearn.linear_model", max_iter=10_000)
_fit_celer = _fitter("celer", max_iter=100, fit_intercept=True)
_fit_skglm = _fitter("skglm", max_iter=100, fit_intercept=True)


class _Fitted:
    """``coef_`` and ``intercept_`` of a library without an estimator."""

    def __init__(self, coef, intercept):
        self.coef_, self.intercept_ = coef, intercept


def _adelie_state(X, y, lmdas, l1_ratio, tol):
    import adelie

    matrix = (adelie.matrix.sparse(sp.csc_matrix(X)) if sp.issparse(X)
              else np.asfortranarray(X))
    return adelie.grpnet(
        matrix, adelie.glm.gaussian(np.asarray(y, dtype=X.dtype)), alpha=l1_ratio,
        lmda_path=np.asarray(lmdas, dtype=X.dtype), tol=tol, early_exit=False,
        progress_bar=False, intercept=True, n_threads=1)


def _fit_adelie(X, y, alpha, l1_ratio, tol):
    state = _adelie_state(X, y, [alpha], l1_ratio, tol)
    return _Fitted(state.betas[-1].toarray().ravel(), float(state.intercepts[-1]))


def _path_adelie(X, y, alphas, tol):
    state = _adelie_state(X, y, alphas, 1.0, tol)
    coefs = [row.toarray().ravel() for row in state.betas]
    return coefs, [float(b) for b in state.intercepts]


def available_solvers():
    solvers = {"sklearn_penalized": _fit_ours, "scikit-learn": _fit_sklearn}
    for name, fit in (("celer", _fit_celer), ("skglm", _fit_skglm),
                      ("adelie", _fit_adelie)):
        try:
            __import__(name)
            solvers[name] = fit
        except ImportError:
            pass
    return solvers


def warm_up_jit(solvers):
    """First fit in the process (numba compilation for skglm), timed."""
    rng = np.random.RandomState(0)
    X = correlated_design(50, 100, rng)
    y = target(X, rng)
    out = {}
    for name, fit in solvers.items():
        for l1_ratio in (1.0, 0.5):
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fit(X, y, 0.01, l1_ratio, 1e-4)
            out.setdefault(name, time.perf_counter() - start)
    return out


# skglm's float32 solver did not return in minutes at tol <= 1e-8 (numba code
# cannot be interrupted), so its float32 ladder stops at 1e-7; the other
# libraries run the whole ladder on float32 too.
FLOAT32_MIN_TOL = 0.0
FLOAT32_MIN_TOL_SKGLM = 1e-7


def _ladder(run, relative_gap_of, repeat, dtype=np.float64, min_tol=None, tols=TOLS):
    """{target: median seconds of the cheapest tol reaching it} (None: never).

    ``run(tol)`` fits and returns the result, ``relative_gap_of(result)``
    judges it; tolerances are tried from loose to tight, down to ``min_tol``
    (float32: :data:`FLOAT32_MIN_TOL`).
    """
    found = {}
    if min_tol is None:
        min_tol = 0.0 if dtype == np.float64 else FLOAT32_MIN_TOL
    tols = [t for t in tols if t >= min_tol]
    for tol in tols:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence noise of every library
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                result = run(tol)
                times.append(time.perf_counter() - start)
        rel = relative_gap_of(result)
        seconds = float(np.median(times))
        _log(f"  tol={tol:g}: {seconds:.3f}s, relative gap {rel:.1e}")
        for tgt in TARGETS:
            if rel <= tgt and (tgt not in found or seconds < found[tgt]):
                found[tgt] = seconds
        if all(tgt in found for tgt in TARGETS) or seconds > RUN_BUDGET_SECONDS:
            break
    return found


def time_to_precision(fit, X, y, alpha, l1_ratio, repeat, min_tol=None, tols=TOLS):
    """One alpha: the fitted model must reach the precision."""
    return _ladder(
        lambda tol: fit(X, y, alpha, l1_ratio, tol),
        lambda m: relative_gap(X, y, m.coef_, m.intercept_, alpha, l1_ratio),
        repeat, X.dtype, min_tol, tols,
    )


def path_time_to_precision(fit_path, X, y, alphas, repeat, tols=TOLS):
    """Path problem F: every alpha of the grid must reach the precision."""
    return _ladder(
        lambda tol: fit_path(X, y, alphas, tol),
        lambda out: max(relative_gap(X, y, c, b, a, 1.0)
                        for c, b, a in zip(*out, alphas)),
        repeat, tols=tols,
    )


def ladder_of(solver):
    return TOLS + ADELIE_EXTRA_TOLS if solver == "adelie" else TOLS


def _path_by_warm_start(make):
    def fit_path(X, y, alphas, tol):
        est = make(tol)
        coefs, intercepts = [], []
        for alpha in alphas:
            est.set_params(alpha=alpha)
            est.fit(X, y)
            coefs.append(np.array(est.coef_))
            intercepts.append(float(est.intercept_))
        return coefs, intercepts
    return fit_path


def path_solvers(solvers):
    import sklearn.linear_model as sk

    out = {
        "sklearn_penalized": _path_by_warm_start(
            lambda tol: ours.Lasso(tol=tol, warm_start=True, max_iter=10_000)),
        "scikit-learn": _path_by_warm_start(
            lambda tol: sk.Lasso(tol=tol, warm_start=True, max_iter=10_000)),
    }
    if "celer" in solvers:
        import celer
        out["celer"] = _path_by_warm_start(
            lambda tol: celer.Lasso(tol=tol, warm_start=True, max_iter=100))
    if "skglm" in solvers:
        import skglm
        out["skglm"] = _path_by_warm_start(
            lambda tol: skglm.Lasso(tol=tol, warm_start=True, max_iter=100))
    if "adelie" in solvers:
        out["adelie"] = _path_adelie
    return out


RIDGE_DESIGNS = {
    "correlated (Toeplitz rho=0.6, the generator of every problem)": 0.6,
    "independent columns": 0.0,
    "ill-conditioned (Toeplitz rho=0.99)": 0.99,
}


def ridge_problem(repeat, rho):
    """G: Ridge on dense n=200000, p=500, vs scikit-learn and the BLAS floor."""
    import tracemalloc

    import sklearn.linear_model as sk
    from scipy.linalg import blas, cho_factor, cho_solve

    rng = np.random.RandomState(0)
    X = correlated_design(200_000, 500, rng, rho=rho)
    y = X @ rng.randn(500) + rng.randn(200_000)
    alpha = 1.0

    def floor():
        # X^T X by syrk on uncentred data + Cholesky: the least any method
        # that forms the normal equations can do (no centring at all).
        G = blas.dsyrk(1.0, X, trans=1, lower=0)
        G.flat[:: G.shape[0] + 1] += alpha
        return cho_solve(cho_factor(G, lower=False, overwrite_a=True), X.T @ y)

    runs = {"floor (syrk + Cholesky)": floor}
    for name, make in (("sklearn_penalized", ours.Ridge), ("scikit-learn", sk.Ridge)):
        iterative = "sparse_cg" if name == "sklearn_penalized" else "lsqr"
        runs[f"{name} auto"] = lambda make=make: make(alpha=alpha).fit(X, y)
        runs[f"{name} cholesky"] = (
            lambda make=make: make(alpha=alpha, solver="cholesky").fit(X, y))
        for tol in (1e-4, 1e-10):
            runs[f"{name} {iterative}, tol={tol:g}"] = (
                lambda make=make, it=iterative, tol=tol:
                make(alpha=alpha, solver=it, tol=tol, max_iter=10_000).fit(X, y))
    exact = np.linalg.solve(
        np.cov(X, rowvar=False, bias=True) * len(X) + alpha * np.eye(X.shape[1]),
        (X - X.mean(0)).T @ (y - y.mean()))
    ours.Ridge(alpha=alpha, solver="svd").fit(X[:2000], y[:2000])  # warm-up
    out = {}
    for name, run in runs.items():
        _log(f"G: {name}")
        times = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for _ in range(repeat):
                start = time.perf_counter()
                model = run()
                times.append(time.perf_counter() - start)
            coef = model if isinstance(model, np.ndarray) else model.coef_
            err = np.linalg.norm(coef - exact) / np.linalg.norm(exact)
            # peak of Python-tracked allocations (NumPy's included) in one fit
            tracemalloc.start()
            run()
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        out[name] = (float(np.median(times)), err, peak / X.nbytes)
    return out


def overhead_problem(repeat):
    """I: GridSearchCV(Pipeline(StandardScaler, Lasso)) on diabetes, 30x5 fits."""
    import sklearn.linear_model as sk
    from sklearn.datasets import load_diabetes
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = load_diabetes(return_X_y=True)
    grid = {"lasso__alpha": np.logspace(-3, 1, 30)}
    out = {}
    for name, cls in (("sklearn_penalized", ours.Lasso), ("scikit-learn", sk.Lasso)):
        times = []
        for _ in range(repeat):
            search = GridSearchCV(make_pipeline(StandardScaler(), cls()), grid, cv=5)
            start = time.perf_counter()
            search.fit(X, y)
            times.append(time.perf_counter() - start)
        out[name] = float(np.median(times))
    return out


def _log(msg):
    import sys

    print(msg, file=sys.stderr, flush=True)


def fmt(t):
    return "—" if t is None else f"{t:.3f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--problems", default="A,B,C,D,E,F,G,H-A,H-C,I,J")
    parser.add_argument("--out", default=None,
                        help="also write a markdown report of the tables here")
    parser.add_argument("--csv", default=None,
                        help="also write the time-to-precision table as CSV here "
                             "(the format of benchmarks/results/)")
    parser.add_argument("--first-fit-runs", type=int, default=3,
                        help="fresh processes for the first-fit ratio (0: skip)")
    args = parser.parse_args()
    if args.out and os.path.abspath(args.out).endswith(
            os.path.join("docs", "benchmarks.md")):
        raise SystemExit("--out would overwrite docs/benchmarks.md, whose tables are "
                         "drawn from benchmarks/results/*.csv: use --csv.")

    solvers = available_solvers()
    lines = [
        f"Command: `python benchmarks/run.py --repeat {args.repeat} "
        f"--problems {args.problems} --first-fit-runs {args.first_fit_runs}`",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; " + ", ".join(
            f"{m} {__import__(m).__version__}"
            for m in ["numpy", "scipy", "sklearn", *(
                s for s in ("celer", "skglm", "adelie") if s in solvers)]
        ) + f", sklearn_penalized {ours.__version__}.",
        "",
        "First fit in a fresh process (JIT compilation included, seconds): "
        + ", ".join(f"{k} {v:.2f}" for k, v in warm_up_jit(solvers).items()),
        "",
    ]
    print("\n".join(lines), flush=True)
    names = list(solvers)
    header = ("| problem | target | " + " | ".join(names)
              + " | ours / best other | ours / scikit-learn |")
    table = [header, "|" + " --- |" * (len(names) + 4)]
    csv_rows = [["problem", "target_relative_gap",
                 *(f"{n.replace('-', '_')}_s" for n in names),
                 "ours_over_best_other", "ours_over_scikit_learn"]]
    print(table[0] + "\n" + table[1], flush=True)
    problems = args.problems.split(",")
    for name in problems:
        if name in ("G", "I"):
            continue
        if name == "F":
            X, y, _, _, a_max = make_problem("F")
            alphas = np.geomspace(a_max, a_max / 100, 100)
            results = {s: path_time_to_precision(f, X, y, alphas, args.repeat,
                                                 ladder_of(s))
                       for s, f in path_solvers(solvers).items()}
        else:
            X, y, alpha, l1_ratio, _ = make_problem(name)
            results = {}
            for s, f in solvers.items():
                _log(f"{name}: {s}")
                min_tol = (FLOAT32_MIN_TOL_SKGLM
                           if s == "skglm" and X.dtype == np.float32 else None)
                results[s] = time_to_precision(f, X, y, alpha, l1_ratio, args.repeat,
                                               min_tol, ladder_of(s))
        for tgt in TARGETS:
            row = [results[s].get(tgt) for s in names]
            mine = row[0]
            others = [t for t in row[1:] if t is not None]
            best = min(others) if others else None
            sk_t = row[1]
            ratio_best = f"{mine / best:.2f}" if mine and best else "—"
            ratio_sk = f"{mine / sk_t:.2f}" if mine and sk_t else "—"
            line = (f"| {name} | {tgt:g} | " + " | ".join(fmt(t) for t in row)
                    + f" | {ratio_best} | {ratio_sk} |")
            csv_rows.append([name, f"{tgt:g}",
                             *("" if t is None else f"{t:.3f}" for t in row),
                             "" if ratio_best == "—" else ratio_best,
                             "" if ratio_sk == "—" else ratio_sk])
            table.append(line)
            print(line, flush=True)
    extra = []
    if "G" in problems:
        for design, rho in RIDGE_DESIGNS.items():
            g = ridge_problem(args.repeat, rho)
            floor = g["floor (syrk + Cholesky)"][0]
            extra += ["", f"G: Ridge, dense 200000 x 500, {design}, with intercept "
                      "(median seconds; relative error of coef against the exact "
                      "solution; peak allocation during the fit as a multiple of "
                      "X's size)", "",
                      "| method | time | / floor | coef error | peak memory / X |",
                      "| --- | --- | --- | --- | --- |"]
            extra += [f"| {k} | {t:.3f} | {t / floor:.2f} | {e:.1e} | {m:.2f} |"
                      for k, (t, e, m) in g.items()]
            print("\n".join(extra[-len(g) - 4:]), flush=True)
    if "I" in problems:
        i = overhead_problem(args.repeat)
        extra += ["", "I: GridSearchCV(StandardScaler + Lasso), diabetes, 30 alphas x 5 "
                  "folds (seconds, median)", "", "| library | time |", "| --- | --- |"]
        extra += [f"| {k} | {v:.3f} |" for k, v in i.items()]
        extra += ["", f"ratio ours / scikit-learn: "
                  f"{i['sklearn_penalized'] / i['scikit-learn']:.2f}"]
    if args.first_fit_runs:
        from first_fit import first_fit_table

        extra += ["", "First fit in a fresh process (import excluded) vs the second "
                  f"fit, problem A, median of {args.first_fit_runs} processes "
                  "(`benchmarks/first_fit.py`):", "",
                  *first_fit_table(args.first_fit_runs)]
    print("\n".join(extra), flush=True)
    if args.csv:
        import csv

        with open(args.csv, "w", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(csv_rows)
    if args.out:
        protocol = __doc__.split("Fairness.")[1].strip()
        with open(args.out, "w") as f:
            f.write("# Benchmarks\n\nProduced by `benchmarks/run.py`. Fairness. "
                    + protocol + "\n\n" + PROBLEMS_DOC + "\n\n"
                    + "\n".join(lines + ["## Lasso / ElasticNet: seconds to "
                                          "relative gap <= target", ""]
                                 + table + extra) + "\n")


if __name__ == "__main__":
    main()
