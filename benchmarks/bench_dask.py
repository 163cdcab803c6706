# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Lasso on a dask array larger than memory: throughput and peak memory.

Usage::

    python benchmarks/bench_dask.py [--rows 200_000_000] [--features 50]
                                    [--chunk 250_000] [--workers 2]
                                    [--estimator lasso|lassocv|ridgecv]
                                    [--dask-ml-rows 1_000_000]

The data are generated lazily, block by block, from a seed (block ``i``
draws from ``RandomState(i)``): ``X`` uniform-normal with column means, ``y
= X w + noise + 3``.  Nothing is materialised beyond the blocks in flight;
at the default size ``X`` is 80 GB of float64 (``rows * features * 8``).
Reported: wall time of ``Lasso(alpha).fit`` (or of ``LassoCV(cv=5)``, one
pass with folds of whole blocks, or of ``RidgeCV()``, exact leave-one-out in
two passes, with ``--estimator``; statistics on the workers, the
solve on the client), rows per second, the peak resident memory of each
worker process and of the client (``ru_maxrss``), as a fraction of the data
size, and the recovered coefficients' error.
"""
import argparse
import resource
import time

import numpy as np


def block(i, rows, features, seed_coef):
    rng = np.random.RandomState(i)
    X = rng.randn(rows, features) + np.linspace(-2.0, 2.0, features)
    coef = np.random.RandomState(seed_coef).randn(features)
    coef[features // 2:] = 0.0
    y = X @ coef + rng.randn(rows) + 3.0
    return X, y


def compare_dask_ml(X, y, alpha=1e-3):
    """Ours and dask-ml's ``LinearRegression(penalty="l1")`` (dask-glm's ADMM,
    objective ``||y - X b - c||^2 + lambda ||b||_1`` with ``lambda = 1/C``:
    ours times ``2 n``, so ``C = 1 / (2 n alpha)``) on the same rows; the
    objective of both solutions in our (mean) scale."""
    from dask_ml.linear_model import LinearRegression

    from sklearn_penalized import Lasso

    X, y = X.persist(), y.persist()
    n = X.shape[0]
    out = []
    start = time.perf_counter()
    ours = Lasso(alpha=alpha).fit(X, y)
    out.append(("sklearn_penalized", time.perf_counter() - start,
                ours.coef_, ours.intercept_))
    # dask-glm's ADMM fixes rho=1 while each block's loss has curvature
    # ~ (rows per block) x var(x): the consensus then crawls and its relative
    # stopping rule (reltol=1e-2) fires far from the optimum.  rho = rows per
    # block is the same algorithm with a step matched to that curvature.
    chunk_rows = X.chunks[0][0]
    for label, kwargs in [("dask-ml (ADMM, default rho=1)", {}),
                          (f"dask-ml (ADMM, rho={chunk_rows})",
                           {"solver_kwargs": {"rho": float(chunk_rows)}})]:
        start = time.perf_counter()
        theirs = LinearRegression(penalty="l1", C=1.0 / (2 * n * alpha),
                                  **kwargs).fit(X, y)
        out.append((label, time.perf_counter() - start,
                    np.asarray(theirs.coef_), float(theirs.intercept_)))
    results = []
    for name, seconds, coef, intercept in out:
        residual = (y - X @ coef - intercept)
        objective = float((residual**2).mean().compute()) / 2 + alpha * np.abs(coef).sum()
        results.append((name, seconds, objective))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000_000)
    parser.add_argument("--features", type=int, default=50)
    parser.add_argument("--chunk", type=int, default=250_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--estimator", default="lasso",
                        choices=["lasso", "lassocv", "ridgecv"],
                        help="Lasso(alpha=1e-3); LassoCV(cv=5) (one pass, folds of "
                             "whole blocks); RidgeCV() (exact leave-one-out, two "
                             "passes)")
    parser.add_argument("--dask-ml-rows", type=int, default=0,
                        help="also fit dask-ml's LinearRegression(penalty='l1') and "
                             "ours on this many rows and compare objectives")
    args = parser.parse_args()

    import dask
    import dask.array as da
    from distributed import Client, LocalCluster

    from sklearn_penalized import Lasso, LassoCV, RidgeCV

    make = {"lasso": lambda: Lasso(alpha=1e-3), "lassocv": lambda: LassoCV(cv=5),
            "ridgecv": lambda: RidgeCV(alphas=np.logspace(-3, 3, 7))}[args.estimator]
    n_blocks = -(-args.rows // args.chunk)
    sizes = [min(args.chunk, args.rows - i * args.chunk) for i in range(n_blocks)]
    p = args.features
    parts = [dask.delayed(block)(i, size, p, 12345) for i, size in enumerate(sizes)]
    X = da.concatenate([da.from_delayed(part[0], (size, p), np.float64)
                        for part, size in zip(parts, sizes)])
    y = da.concatenate([da.from_delayed(part[1], (size,), np.float64)
                        for part, size in zip(parts, sizes)])
    data_bytes = args.rows * p * 8
    with LocalCluster(n_workers=args.workers, threads_per_worker=1,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        start = time.perf_counter()
        model = make().fit(X, y)
        elapsed = time.perf_counter() - start
        worker_peaks = client.run(
            lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
        comparison = (compare_dask_ml(X[:args.dask_ml_rows], y[:args.dask_ml_rows])
                      if args.dask_ml_rows else None)
    client_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    truth = np.random.RandomState(12345).randn(p)
    truth[p // 2:] = 0.0
    print(f"Command: `python benchmarks/bench_dask.py --rows {args.rows} --features {p} "
          f"--chunk {args.chunk} --workers {args.workers} --estimator {args.estimator}`\n")
    print(f"Estimator: {make()!r}\n")
    print("| rows | features | data (GB) | fit (s) | rows / s | peak RSS per worker "
          "(GB, / data) | client peak RSS (GB, / data) | max coef error |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    worst = max(worker_peaks.values())
    print(f"| {args.rows:,} | {p} | {data_bytes / 1e9:.1f} | {elapsed:.1f} | "
          f"{args.rows / elapsed:,.0f} | {worst / 1e9:.2f} ({worst / data_bytes:.3f}) | "
          f"{client_peak / 1e9:.2f} ({client_peak / data_bytes:.3f}) | "
          f"{np.abs(model.coef_ - truth).max():.1e} |")
    if comparison:
        print("\n| rows | library | fit (s) | objective | relative gap to the best |")
        print("| --- | --- | --- | --- | --- |")
        best = min(c[2] for c in comparison)
        for name, seconds, objective in comparison:
            print(f"| {args.dask_ml_rows:,} | {name} | {seconds:.1f} | {objective:.10g} | "
                  f"{(objective - best) / best:.1e} |")


if __name__ == "__main__":
    main()
