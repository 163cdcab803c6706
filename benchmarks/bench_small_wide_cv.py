# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""LassoCV on small wide data: ours / scikit-learn, same run.

Usage::

    python benchmarks/bench_small_wide_cv.py [--repeat 3]
                                             [--csv benchmarks/results/small_wide_cv.csv]

Correlated Gaussian designs (AR(1) columns) with fewer rows than features,
a planted model of 10 nonzeros and noise of half the signal's spread;
``LassoCV(cv=5)`` with the default grid (100 alphas, eps=1e-3) and ``tol``,
the same shuffled folds for both libraries, BLAS on one thread.  Each case
is timed ``--repeat`` times, the libraries alternating; the best time of
each is kept (small fits, a shared machine).  ``same_alpha``: both chose the
same ``alpha_`` (relative difference below 1e-6).

This is where the per-alpha Python of the working-set loop dominates: each
fold path has 100 warm-started solves of a few hundred microseconds of
kernel time.
"""
import argparse
import platform
import time
import warnings

import numpy as np
import sklearn
import sklearn.linear_model as sk
from bench_small import write_csv  # this directory's helpers
from sklearn.model_selection import KFold
from threadpoolctl import threadpool_limits

import sklearn_penalized as ours

SHAPES = [(80, 400, 0.8), (100, 500, 0.6), (60, 1000, 0.5), (150, 300, 0.8),
          (200, 1000, 0.6)]


def design(n, p, rho, seed):
    rng = np.random.RandomState(seed)
    X = np.empty((n, p), order="F")
    X[:, 0] = rng.randn(n)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + np.sqrt(1 - rho**2) * rng.randn(n)
    w = np.zeros(p)
    w[rng.choice(p, 10, replace=False)] = 2 * rng.randn(10)
    signal = X @ w
    return X, signal + 0.5 * np.std(signal) * rng.randn(n)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--csv", default=None)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print(f"sklearn_penalized {ours.__version__}, scikit-learn {sklearn.__version__}, "
          f"{platform.machine()}, BLAS 1 thread, best of {args.repeat}")
    rows = []
    with threadpool_limits(1):
        for n, p, rho in SHAPES:
            X, y = design(n, p, rho, seed=1)
            folds = list(KFold(5, shuffle=True, random_state=0).split(X))
            best = {"ours": np.inf, "sklearn": np.inf}
            models = {}
            for _ in range(args.repeat):
                for name, module in (("ours", ours), ("sklearn", sk)):
                    start = time.perf_counter()
                    models[name] = module.LassoCV(cv=folds).fit(X, y)
                    best[name] = min(best[name], time.perf_counter() - start)
            same = bool(abs(models["ours"].alpha_ - models["sklearn"].alpha_)
                        <= 1e-6 * models["sklearn"].alpha_)
            row = dict(data=f"{n}x{p} rho={rho}", ours_ms=1e3 * best["ours"],
                       sklearn_ms=1e3 * best["sklearn"],
                       ratio=best["ours"] / best["sklearn"], same_alpha=same)
            rows.append(row)
            print(f"LassoCV cv=5  {row['data']:18s} ours {row['ours_ms']:7.1f} ms  "
                  f"sklearn {row['sklearn_ms']:7.1f} ms  ratio {row['ratio']:5.2f}  "
                  f"same alpha: {same}", flush=True)
    if args.csv:
        write_csv(args.csv, rows)


if __name__ == "__main__":
    main()
