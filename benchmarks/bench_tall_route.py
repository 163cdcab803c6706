# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tall dense data: which route pays, X or the Gram form Q = X^T X.

Usage::

    python benchmarks/bench_tall_route.py [--repeat 7] [--layout F|C|DataFrame]
                                          [--csv benchmarks/results/tall_route.csv]

Correlated Gaussian designs (AR(1) columns, ``bench_accuracy.correlated``)
with n_samples >= 2 n_features, Lasso and ElasticNet (``l1_ratio=0.5``) at
``alpha_max / 10``, ``/ 100`` and ``/ 1000``, default ``tol``, F order.  Each
problem is fitted four ways, interleaved in one process with BLAS on one
thread: scikit-learn's default, ours at ``precompute="auto"`` (the default
route), ours on X (``precompute=False``) and ours on Q (``precompute=True``).
The ratios are medians of ours over scikit-learn's; ``epochs_*`` are
``n_iter_``.  The table is the evidence for the default route's rule: the
best of X and Q differs by alpha on the same shape, and scikit-learn (always
on X) needs fewer epochs than our tighter stopping target does.
"""
import argparse
import warnings

import numpy as np
import pandas as pd
import sklearn.linear_model as sk
from bench_accuracy import correlated, sparse_target
from bench_ridge_cv import interleaved_median_times  # this directory's helpers
from bench_small import write_csv
from threadpoolctl import threadpool_limits

import sklearn_penalized as ours

SHAPES = [  # n, p, rho, nonzeros of the planted model
    (2000, 200, 0.6, 10), (20000, 100, 0.6, 10), (5000, 250, 0.9, 10),
    (3000, 500, 0.6, 20), (10000, 250, 0.6, 10), (1000, 400, 0.6, 10),
    (100000, 200, 0.6, 10),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--layout", choices=("F", "C", "DataFrame"), default="F")
    parser.add_argument("--csv", default=None)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    rng = np.random.RandomState(0)
    rows = []
    with threadpool_limits(1):
        for n, p, rho, k in SHAPES:
            X = correlated(n, p, rho, rng)
            y = sparse_target(X, rng, k)
            alpha_max = np.max(np.abs((X - X.mean(0)).T @ (y - y.mean()))) / n
            if args.layout == "C":
                X = np.ascontiguousarray(X)
            elif args.layout == "DataFrame":
                X = pd.DataFrame(X, columns=[f"x{j}" for j in range(p)])
            for divisor in (10, 100, 1000):
                for l1_ratio in (1.0, 0.5):
                    alpha = alpha_max / divisor / l1_ratio
                    kw = dict(alpha=alpha, l1_ratio=l1_ratio)
                    names = ("sklearn", "auto", "X", "Q")
                    seconds, models = interleaved_median_times([
                        lambda: sk.ElasticNet(**kw).fit(X, y),
                        lambda: ours.ElasticNet(**kw).fit(X, y),
                        lambda: ours.ElasticNet(precompute=False, **kw).fit(X, y),
                        lambda: ours.ElasticNet(precompute=True, **kw).fit(X, y),
                    ], args.repeat)
                    t, m = dict(zip(names, seconds)), dict(zip(names, models))
                    row = dict(problem=f"{n}x{p} rho={rho}", layout=args.layout,
                               l1_ratio=l1_ratio,
                               alpha=f"alpha_max/{divisor}",
                               sklearn_s=f"{t['sklearn']:.4g}")
                    for name in ("auto", "X", "Q"):
                        row[f"ratio_{name}"] = f"{t[name] / t['sklearn']:.3g}"
                    for name in ("sklearn", "auto", "X", "Q"):
                        row[f"epochs_{name}"] = int(m[name].n_iter_)
                    row["auto_route"] = m["auto"].solver_
                    rows.append(row)
                    print(row, flush=True)
    if args.csv:
        write_csv(args.csv, rows)


if __name__ == "__main__":
    main()
