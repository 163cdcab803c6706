# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Paths and cross-validation: sklearn_penalized vs scikit-learn, same run.

Usage::

    python benchmarks/bench_path_cv.py [--repeat 3] [--problems P,A,D]

* path: the 100-alpha Lasso path (alpha_max -> alpha_max / 100, as problem F
  of ``benchmarks/run.py``; near alpha_max / 1000 the wide designs approach
  interpolation and no library certifies a small *relative* gap), timed to
  a certified precision as in ``benchmarks/run.py``: each library runs on a
  ladder of tolerances and the time reported is the cheapest run whose
  *largest per-alpha* relative duality gap (one function of ours, from the
  returned coefficients) is at most 1e-6 (and 1e-4).  X and y are centred
  beforehand, so scikit-learn's intercept-free ``lasso_path`` and ours solve
  the same problems.
* LassoCV: 5 folds x 100 alphas (default grid, eps=1e-3), both libraries at
  the same ``tol`` (1e-4,
  the default; ``tol`` has the same meaning in both: a duality gap of at most
  ``tol * ||y - mean(y)||^2 / n`` per fit), the same folds; the selected
  alpha is reported too.

Problems: P dense correlated (Toeplitz rho 0.6) n=1000, p=2000; A dense
200 x 5000; D sparse CSC 20000 x 50000, density 0.001 (from
``benchmarks/run.py``).  Medians of ``--repeat`` runs.
"""
import argparse
import os
import platform
import sys
import time
import warnings

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import _ladder, correlated_design, make_problem, target  # noqa: E402

import sklearn_penalized as ours  # noqa: E402
from sklearn_penalized._objective import duality_gap, primal_objective  # noqa: E402
from sklearn_penalized.penalties import L1  # noqa: E402


def load(name):
    if name == "P":
        rng = np.random.RandomState(0)
        X = correlated_design(1000, 2000, rng)
        y = target(X, rng)
    else:
        X, y, _, _, _ = make_problem(name)
    if not sp.issparse(X):
        X = np.asfortranarray(X - X.mean(axis=0))
    return X, y - y.mean()


def max_relative_gap(X, y, alphas, coefs):
    worst = 0.0
    for k, alpha in enumerate(alphas):
        coef = np.asarray(coefs[:, k], dtype=np.float64)
        pen = L1(alpha)
        # sparse X is not centred: with fit_intercept=True the optimal
        # intercept absorbs the means (y is centred, so it is ~0 anyway)
        gap = duality_gap(X, y, coef, pen, fit_intercept=sp.issparse(X))
        primal = primal_objective(X, y, coef, 0.0, pen)
        worst = max(worst, max(gap, 0.0) / primal)
    return worst


def bench_path(X, y, repeat):
    import sklearn.linear_model as sk

    intercept = sp.issparse(X)  # sparse X stays uncentred: both fit b then
    a_max = np.max(np.abs(X.T @ y)) / X.shape[0]
    alphas = np.geomspace(a_max, a_max / 100, 100)

    def run_ours(tol):
        return ours.lasso_path(X, y, alphas=alphas, tol=tol, max_iter=10_000,
                               fit_intercept=intercept)[1]

    def run_sklearn(tol):
        if intercept:
            # scikit-learn's path has no intercept: refit Lasso along the grid
            est = sk.Lasso(tol=tol, max_iter=10_000, warm_start=True)
            out = []
            for a in alphas:
                out.append(est.set_params(alpha=a).fit(X, y).coef_.copy())
            return np.array(out).T
        return sk.lasso_path(X, y, alphas=alphas, tol=tol, max_iter=10_000)[1]

    judge = (lambda coefs: max_relative_gap(X, y, alphas, coefs))
    return {"sklearn_penalized": _ladder(run_ours, judge, repeat),
            "scikit-learn": _ladder(run_sklearn, judge, repeat)}


def bench_cv(X, y, repeat):
    import sklearn.linear_model as sk
    from sklearn.model_selection import KFold

    folds = list(KFold(5, shuffle=True, random_state=0).split(X))
    out = {}
    for name, cls in (("sklearn_penalized", ours.LassoCV), ("scikit-learn", sk.LassoCV)):
        times = []
        for _ in range(repeat):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                start = time.perf_counter()
                model = cls(cv=folds, alphas=100, eps=1e-3, tol=1e-4,
                            max_iter=10_000).fit(X, y)
                times.append(time.perf_counter() - start)
        out[name] = (float(np.median(times)), float(model.alpha_))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--problems", default="P,A,D")
    args = parser.parse_args()
    import sklearn

    print(f"Command: `python benchmarks/bench_path_cv.py --repeat {args.repeat} "
          f"--problems {args.problems}`\n")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, numpy {np.__version__}, scikit-learn "
          f"{sklearn.__version__}, sklearn_penalized {ours.__version__}.\n")
    print("| problem | task | target | sklearn_penalized (s) | scikit-learn (s) "
          "| ours / scikit-learn |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in args.problems.split(","):
        X, y = load(name)
        path = bench_path(X, y, args.repeat)
        for tgt in (1e-4, 1e-6):
            mine, theirs = (path[k].get(tgt) for k in ("sklearn_penalized", "scikit-learn"))
            ratio = f"{mine / theirs:.2f}" if mine and theirs else "—"
            print(f"| {name} | lasso path, 100 alphas | {tgt:g} | "
                  f"{'—' if mine is None else f'{mine:.3f}'} | "
                  f"{'—' if theirs is None else f'{theirs:.3f}'} | {ratio} |", flush=True)
        cv = bench_cv(X, y, args.repeat)
        (t_o, a_o), (t_s, a_s) = cv["sklearn_penalized"], cv["scikit-learn"]
        print(f"| {name} | LassoCV 5 x 100, tol=1e-4 (alpha_: ours {a_o:.4g}, "
              f"sklearn {a_s:.4g}) | — | {t_o:.3f} | {t_s:.3f} | {t_o / t_s:.2f} |",
              flush=True)


if __name__ == "__main__":
    main()
