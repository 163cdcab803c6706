# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Accuracy at the same ``tol``: sklearn_penalized vs scikit-learn, same run.

Usage::

    python benchmarks/bench_accuracy.py [--repeat 3] [--part cd,ridge]
                                        [--csv benchmarks/results/accuracy.csv]

Both libraries fit the same data with the same parameters and the same
``tol`` (their defaults unless the row says otherwise), one after the other
in the same process.  Each fit is judged by how far its objective is from the
optimum, the relative sub-optimality ``(P(w) - P*) / P*`` of the estimator's
own objective (``P*`` from a reference solve of ours at ``tol=1e-13``, whose
certified duality gap, relative to ``P*``, is the ``ref_gap`` column; both
libraries are measured against the same reference); Ridge rows also give the
relative coefficient error ``||w - w*|| / ||w*||`` against the exact
solution (float64 solve of the normal equations).  ``ours_ok`` says whether
ours is at least as close to the optimum as scikit-learn's, in both measures
(sub-optimalities below ``FLOOR`` = 1e-11, objectives equal to 11 digits,
count as equal, coefficient errors below its square root too).
``*_n_iter``: epochs (coordinate descent) or iterations (empty: scikit-learn
reports none).  Times are medians of ``--repeat`` fits, ours and
scikit-learn's interleaved (wall clock, BLAS threads as configured);
``time_ratio`` is ours / scikit-learn's (below 1: ours is faster).

The grid: dense tall, dense wide and correlated designs, standardized
diabetes with degree-2 features, sparse wide and tall; ``alpha`` from
``alpha_max / 10`` to ``alpha_max / 1000``; ``l1_ratio`` 1 (Lasso) and 0.5
(ElasticNet); dense data with ``precompute`` False, True and each library's
default (ours ``"auto"``, scikit-learn's ``False``).  Ridge: the iterative
solvers ``sparse_cg``, ``lsqr``, ``sag``, ``saga`` at ``tol`` 1e-3, 1e-5 and
1e-7, on dense and sparse data, with and without ill-conditioning (where
scikit-learn refuses a combination, ``saga`` with an intercept on sparse X,
the row is left out).
"""
import argparse
import csv
import platform
import time
import warnings

import numpy as np
import scipy.sparse as sp
import sklearn
import sklearn.linear_model as sk
from sklearn.exceptions import ConvergenceWarning

import sklearn_penalized
import sklearn_penalized as ours
from sklearn_penalized._objective import alpha_max, duality_gap, primal_objective
from sklearn_penalized.penalties import L1L2

# Relative sub-optimalities below this count as equal (11 digits of P).
FLOOR = 1e-11


def at_least_as_good(sub_ours, sub_sklearn):
    """The rule of ``ours_ok`` for sub-optimalities (relative to P*): at most
    scikit-learn's, below FLOOR, or within FLOOR of it (the two objectives
    equal to 11 digits: the same iterates, rounded differently)."""
    return bool(sub_ours <= max(sub_sklearn, FLOOR) or abs(sub_ours - sub_sklearn) <= FLOOR)
DIVISORS = (10, 100, 1000)
L1_RATIOS = (1.0, 0.5)
RIDGE_SOLVERS = ("sparse_cg", "lsqr", "sag", "saga")
RIDGE_TOLS = (1e-3, 1e-5, 1e-7)


# -- data -------------------------------------------------------------------------
def correlated(n, p, rho, rng):
    """Gaussian design with Toeplitz correlation rho^|i-j| (AR(1) columns)."""
    X = np.empty((n, p), order="F")
    X[:, 0] = rng.randn(n)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + np.sqrt(1 - rho**2) * rng.randn(n)
    return X


def sparse_target(X, rng, n_nonzero):
    w = np.zeros(X.shape[1])
    support = rng.choice(X.shape[1], n_nonzero, replace=False)
    w[support] = rng.randn(n_nonzero)
    signal = np.asarray(X @ w).ravel()
    return signal + 0.3 * np.std(signal) * rng.randn(X.shape[0])


def cd_problems():
    """``name -> (X, y)`` of the Lasso/ElasticNet grid."""
    from sklearn.datasets import load_diabetes
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler

    rng = np.random.RandomState(0)
    data, target = load_diabetes(return_X_y=True)
    poly = PolynomialFeatures(degree=2, include_bias=False).fit_transform(data)
    problems = {"diabetes deg-2 std 442x65": (
        np.asfortranarray(StandardScaler().fit_transform(poly)), target)}
    X = correlated(2000, 200, 0.6, rng)
    problems["dense tall 2000x200 rho=0.6"] = (X, sparse_target(X, rng, 10))
    X = correlated(150, 800, 0.9, rng)
    problems["dense wide 150x800 rho=0.9"] = (X, sparse_target(X, rng, 20))
    X = correlated(200, 2000, 0.6, rng)
    problems["dense wide 200x2000 rho=0.6"] = (X, sparse_target(X, rng, 20))
    X = sp.random(800, 3000, density=0.01, format="csc", random_state=rng)
    problems["sparse wide 800x3000 d=0.01"] = (X, sparse_target(X, rng, 50))
    X = sp.random(5000, 300, density=0.02, format="csc", random_state=rng)
    problems["sparse tall 5000x300 d=0.02"] = (X, sparse_target(X, rng, 15))
    return problems


def ridge_problems():
    """``name -> (X, y, alpha)`` of the Ridge grid."""
    rng = np.random.RandomState(1)
    problems = {}
    X = correlated(2000, 200, 0.6, rng)
    problems["dense tall 2000x200 rho=0.6, alpha=1"] = (X, sparse_target(X, rng, 200), 1.0)
    X = correlated(1000, 100, 0.95, rng)
    problems["dense tall 1000x100 rho=0.95, alpha=0.01"] = (
        X, sparse_target(X, rng, 100), 0.01)
    X = sp.random(5000, 300, density=0.02, format="csc", random_state=rng)
    problems["sparse tall 5000x300 d=0.02, alpha=0.1"] = (
        X, sparse_target(X, rng, 300), 0.1)
    return problems


# -- measures ---------------------------------------------------------------------
def enet_penalty(alpha, l1_ratio):
    return L1L2(alpha * l1_ratio, alpha * (1 - l1_ratio) / 2)


def objective(X, y, model, pen):
    return primal_objective(X, y, np.ravel(model.coef_), float(model.intercept_), pen)


def ridge_objective(X, y, coef, intercept, alpha):
    r = y - X @ coef - intercept
    return float(r @ r + alpha * coef @ coef)


def exact_ridge(X, y, alpha):
    """Ridge with intercept from the float64 normal equations of the centred data."""
    Xd = X.toarray() if sp.issparse(X) else np.asarray(X)
    Xc = Xd - Xd.mean(axis=0)
    yc = y - y.mean()
    coef = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(Xd.shape[1]), Xc.T @ yc)
    return coef, float(y.mean() - Xd.mean(axis=0) @ coef)


def timed(fit, repeat):
    """``[(seconds, model)]`` for each library, fits interleaved."""
    times = [[] for _ in fit]
    models = [None for _ in fit]
    for _ in range(repeat):
        for k, f in enumerate(fit):
            start = time.perf_counter()
            models[k] = f()
            times[k].append(time.perf_counter() - start)
    return [(float(np.median(t)), m) for t, m in zip(times, models)]


def _n_iter(model):
    n_iter = getattr(model, "n_iter_", None)  # None: scikit-learn's direct solvers
    return "" if n_iter is None else int(np.ravel(n_iter)[0])


def relative(value):
    return float(f"{value:.3g}")


# -- grids ------------------------------------------------------------------------
def cd_rows(repeat):
    for name, (X, y) in cd_problems().items():
        dense = not sp.issparse(X)
        for l1_ratio in L1_RATIOS:
            a_max = alpha_max(X, y) / l1_ratio
            for divisor in DIVISORS:
                alpha = a_max / divisor
                pen = enet_penalty(alpha, l1_ratio)
                ref = ours.ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=1e-13,
                                      max_iter=1_000_000).fit(X, y)
                p_star = objective(X, y, ref, pen)
                ref_gap = duality_gap(X, y, np.ravel(ref.coef_), pen) / p_star
                for precompute in (("default", False, True) if dense else ("default",)):
                    kwargs = {} if precompute == "default" else {"precompute": precompute}

                    def fit(module, kwargs=kwargs, alpha=alpha, l1_ratio=l1_ratio):
                        if l1_ratio == 1.0:
                            est = module.Lasso(alpha=alpha, **kwargs)
                        else:
                            est = module.ElasticNet(alpha=alpha, l1_ratio=l1_ratio, **kwargs)
                        return est.fit(X, y)
                    (t_ours, m_ours), (t_sk, m_sk) = timed(
                        [lambda: fit(ours), lambda: fit(sk)], repeat)
                    sub_ours = (objective(X, y, m_ours, pen) - p_star) / p_star
                    sub_sk = (objective(X, y, m_sk, pen) - p_star) / p_star
                    yield {
                        "problem": name,
                        "estimator": "Lasso" if l1_ratio == 1.0 else "ElasticNet(l1_ratio=0.5)",
                        "alpha": f"alpha_max/{divisor}",
                        "setting": f"precompute={precompute}",
                        "tol": 1e-4,
                        "ours_subopt": relative(sub_ours),
                        "sklearn_subopt": relative(sub_sk),
                        "ours_coef_err": "",
                        "sklearn_coef_err": "",
                        "ref_gap": relative(ref_gap),
                        "ours_n_iter": _n_iter(m_ours),
                        "sklearn_n_iter": _n_iter(m_sk),
                        "ours_ok": at_least_as_good(sub_ours, sub_sk),
                        "ours_s": relative(t_ours),
                        "sklearn_s": relative(t_sk),
                        "time_ratio": relative(t_ours / t_sk),
                    }


def ridge_rows(repeat):
    for name, (X, y, alpha) in ridge_problems().items():
        w_star, b_star = exact_ridge(X, y, alpha)
        p_star = ridge_objective(X, y, w_star, b_star, alpha)
        for solver in RIDGE_SOLVERS:
            for tol in RIDGE_TOLS:
                def fit(module, solver=solver, tol=tol, alpha=alpha):
                    kwargs = {"random_state": 0} if solver in ("sag", "saga") else {}
                    return module.Ridge(alpha=alpha, solver=solver, tol=tol,
                                        **kwargs).fit(X, y)
                try:
                    fit(sk)
                except ValueError:
                    continue  # e.g. saga: no intercept with sparse X in scikit-learn
                (t_ours, m_ours), (t_sk, m_sk) = timed(
                    [lambda: fit(ours), lambda: fit(sk)], repeat)
                sub, err = [], []
                for m in (m_ours, m_sk):
                    coef = np.ravel(m.coef_)
                    sub.append((ridge_objective(X, y, coef, float(m.intercept_), alpha)
                                - p_star) / p_star)
                    err.append(np.linalg.norm(coef - w_star) / np.linalg.norm(w_star))
                yield {
                    "problem": name,
                    "estimator": "Ridge",
                    "alpha": alpha,
                    "setting": f"solver={solver}",
                    "tol": tol,
                    "ours_subopt": relative(sub[0]),
                    "sklearn_subopt": relative(sub[1]),
                    "ours_coef_err": relative(err[0]),
                    "sklearn_coef_err": relative(err[1]),
                    "ref_gap": "",
                    "ours_n_iter": _n_iter(m_ours),
                    "sklearn_n_iter": _n_iter(m_sk),
                    "ours_ok": bool(at_least_as_good(sub[0], sub[1])
                                    and err[0] <= max(err[1], np.sqrt(FLOOR))),
                    "ours_s": relative(t_ours),
                    "sklearn_s": relative(t_sk),
                    "time_ratio": relative(t_ours / t_sk),
                }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--part", default="cd,ridge",
                        help="comma-separated: cd (Lasso/ElasticNet), ridge")
    parser.add_argument("--csv", default=None, help="write the rows to this CSV file")
    args = parser.parse_args()
    print(f"sklearn_penalized {sklearn_penalized.__version__}, scikit-learn "
          f"{sklearn.__version__}, numpy {np.__version__}, Python "
          f"{platform.python_version()}, {platform.machine()}; "
          f"median of {args.repeat} fits")
    rows = []
    parts = args.part.split(",")
    generators = ([cd_rows(args.repeat)] if "cd" in parts else []) + (
        [ridge_rows(args.repeat)] if "ridge" in parts else [])
    columns = None
    with warnings.catch_warnings():
        # both libraries warn where max_iter ends first (a/1000 on hard
        # designs): the sub-optimality column says what that cost; and
        # scikit-learn's sag warns that an intercept on sparse X is slow
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", message=".*sag.*solver requires many")
        for generator in generators:
            for row in generator:
                if columns is None:
                    columns = list(row)
                    print("| " + " | ".join(columns) + " |")
                    print("|" + " --- |" * len(columns))
                print("| " + " | ".join(str(row[c]) for c in columns) + " |", flush=True)
                rows.append(row)
    n_ok = sum(row["ours_ok"] for row in rows)
    ratios = [row["time_ratio"] for row in rows]
    print(f"\nours at least as accurate on {n_ok}/{len(rows)} rows; time ratio "
          f"median {np.median(ratios):.2f}, geometric mean "
          f"{np.exp(np.mean(np.log(ratios))):.2f}, max {max(ratios):.2f}")
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


if __name__ == "__main__":
    main()
