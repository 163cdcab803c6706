# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Cross-validation on small data: ours / scikit-learn, same run.

Usage::

    python benchmarks/bench_small_cv.py [--repeat 5] [--csv benchmarks/results/small_cv.csv]

LassoCV, ElasticNetCV (``l1_ratio=0.5``) and RidgeCV (30 alphas, leave-one-out
for ``cv=None`` is not compared: scikit-learn's K-fold RidgeCV is a grid
search) on standardized diabetes (442 x 10) with ``cv=5, 10, 20``; LassoCV on
its degree-2 features (442 x 65); ``GridSearchCV`` over
``make_pipeline(StandardScaler(), Lasso())`` with 30 alphas and 5 folds;
LassoCV (``cv=5``, the same shuffled folds for both) on small wide designs:
correlated Gaussian columns (AR(1)), fewer rows than features, a planted model
of 10 nonzeros and noise of half the signal's spread.  (There the per-alpha
Python of the working-set loop dominates: each fold path has 100
warm-started solves of a few hundred microseconds of kernel time.)
Default ``tol`` and grids; BLAS on one thread; each case timed ``--repeat``
times, ours and scikit-learn's interleaved; medians; ``ratio`` below 1 means
ours is faster.  ``same_alpha``: both chose the same ``alpha_`` (relative
difference below 1e-6) where the estimator has one.
"""
import argparse
import platform
import warnings

import numpy as np
import sklearn
import sklearn.linear_model as sk
from bench_small import interleaved, write_csv  # this directory's helpers
from sklearn.datasets import load_diabetes
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from threadpoolctl import threadpool_limits

import sklearn_penalized
import sklearn_penalized as ours

WIDE_SHAPES = [(80, 400, 0.8), (100, 500, 0.6), (60, 1000, 0.5), (150, 300, 0.8),
               (200, 1000, 0.6)]


def wide_design(n, p, rho, seed=1):
    rng = np.random.RandomState(seed)
    X = np.empty((n, p), order="F")
    X[:, 0] = rng.randn(n)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + np.sqrt(1 - rho**2) * rng.randn(n)
    w = np.zeros(p)
    w[rng.choice(p, 10, replace=False)] = 2 * rng.randn(10)
    signal = X @ w
    return X, signal + 0.5 * np.std(signal) * rng.randn(n)


def cases():
    X, y = load_diabetes(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    X2 = StandardScaler().fit_transform(
        PolynomialFeatures(2, include_bias=False).fit_transform(X))
    ridge_alphas = np.logspace(-3, 3, 30)
    for cv in (5, 10, 20):
        yield f"LassoCV cv={cv}", "diabetes 442x10", lambda m, cv=cv: m.LassoCV(cv=cv).fit(X, y)
        yield (f"ElasticNetCV cv={cv}", "diabetes 442x10",
               lambda m, cv=cv: m.ElasticNetCV(cv=cv).fit(X, y))
        yield (f"RidgeCV cv={cv}", "diabetes 442x10",
               lambda m, cv=cv: m.RidgeCV(alphas=ridge_alphas, cv=cv).fit(X, y))
    yield "LassoCV cv=5", "diabetes deg-2 442x65", lambda m: m.LassoCV(cv=5).fit(X2, y)
    grid = {"lasso__alpha": np.logspace(-3, 1, 30)}
    yield ("GridSearchCV(StandardScaler+Lasso) 30x5", "diabetes 442x10",
           lambda m: GridSearchCV(make_pipeline(StandardScaler(), m.Lasso()), grid,
                                  cv=5).fit(X, y))
    for n, p, rho in WIDE_SHAPES:
        Xw, yw = wide_design(n, p, rho)
        folds = list(KFold(5, shuffle=True, random_state=0).split(Xw))
        yield ("LassoCV cv=5", f"wide {n}x{p} rho={rho}",
               lambda m, Xw=Xw, yw=yw, folds=folds: m.LassoCV(cv=folds).fit(Xw, yw))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--csv", default=None)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print(f"sklearn_penalized {sklearn_penalized.__version__}, scikit-learn "
          f"{sklearn.__version__}, {platform.machine()}, BLAS 1 thread")
    rows = []
    with threadpool_limits(1):
        for name, data, fit in cases():
            models = {}

            def run(key, module, fit=fit, models=models):
                models[key] = fit(module)

            t_ours, t_sk = interleaved(lambda: run("ours", ours),
                                       lambda: run("sklearn", sk), args.repeat)
            a, b = (getattr(models[k], "alpha_", None) for k in ("ours", "sklearn"))
            if a is None:
                a, b = (models[k].best_params_["lasso__alpha"] if hasattr(
                    models[k], "best_params_") else None for k in ("ours", "sklearn"))
            same = "" if a is None else bool(abs(a - b) <= 1e-6 * abs(b))
            rows.append(dict(case=name, data=data, ours_ms=1e3 * t_ours,
                             sklearn_ms=1e3 * t_sk, ratio=t_ours / t_sk, same_alpha=same))
            print(f"{name:42s} {data:22s} ours {1e3 * t_ours:8.1f} ms  sklearn "
                  f"{1e3 * t_sk:8.1f} ms  ratio {t_ours / t_sk:5.2f}  same alpha: {same}",
                  flush=True)
    if args.csv:
        write_csv(args.csv, rows)


if __name__ == "__main__":
    main()
