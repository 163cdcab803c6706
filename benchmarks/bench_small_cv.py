# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Cross-validation on small data: ours / scikit-learn, same run.

Usage::

    python benchmarks/bench_small_cv.py [--repeat 5] [--csv benchmarks/results/small_cv.csv]

LassoCV, ElasticNetCV (``l1_ratio=0.5``) and RidgeCV (30 alphas, leave-one-out
for ``cv=None`` is not compared: scikit-learn's K-fold RidgeCV is a grid
search) on standardized diabetes (442 x 10) with ``cv=5, 10, 20``; LassoCV on
its degree-2 features (442 x 65); ``GridSearchCV`` over
``make_pipeline(StandardScaler(), Lasso())`` with 30 alphas and 5 folds.
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
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from threadpoolctl import threadpool_limits

import sklearn_penalized
import sklearn_penalized as ours


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
