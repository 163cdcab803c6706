# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Single fits on small data, where users start: ours / scikit-learn.

Usage::

    python benchmarks/bench_small.py [--repeat 25] [--layouts C,F,DataFrame,CSR,float32]
                                     [--csv benchmarks/results/small.csv]

Lasso, ElasticNet (``l1_ratio=0.5``) and Ridge at their default ``tol`` and
solver, fitted by both libraries on the same arrays, in the layout users
pass: NumPy's default C order unless ``--layouts`` asks for more (F order, a
pandas DataFrame, CSR, float32 C order).  The problems: the seed example's
data (``make_regression`` 100 x 10, 70 training rows), standardized
diabetes (442 x 10) and its degree-2 and degree-3 polynomial expansions
(442 x 65, 442 x 285), ``make_regression`` tall and wide shapes; ``alpha``
at ``alpha_max / 10`` and ``/ 100`` (the seed's ``alpha=0.1`` on its data).
BLAS runs on one thread.  Each fit is timed ``--repeat`` times, ours and
scikit-learn's interleaved in one process, and the medians are compared:
``ratio`` below 1 means ours is faster.  The coefficients of both are
printed as their relative difference (``coef_diff``, both at tol).
"""
import argparse
import csv
import platform
import time
import warnings

import numpy as np
import pandas as pd
import scipy.sparse as sp
import sklearn
import sklearn.linear_model as sk
from sklearn.datasets import load_diabetes, make_regression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from threadpoolctl import threadpool_limits

import sklearn_penalized
import sklearn_penalized as ours
from sklearn_penalized._objective import alpha_max


def problems():
    X, y = make_regression(n_samples=100, n_features=10, noise=0.1, random_state=42)
    X, _, y, _ = train_test_split(X, y, test_size=0.3, random_state=42)
    yield "seed 70x10", X, y, [0.1]
    X, y = load_diabetes(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    yield "diabetes 442x10", X, y, None
    for degree in (2, 3):
        Xd = PolynomialFeatures(degree, include_bias=False).fit_transform(X)
        Xd = StandardScaler().fit_transform(Xd)
        yield f"diabetes deg-{degree} 442x{Xd.shape[1]}", Xd, y, None
    for n, p in ((200, 50), (500, 100), (100, 500)):
        Xm, ym = make_regression(n_samples=n, n_features=p, n_informative=min(p, 20),
                                 noise=5.0, random_state=0)
        yield f"make_regression {n}x{p}", Xm, ym, None


def layout(X, name):
    if name == "C":
        return np.ascontiguousarray(X)
    if name == "F":
        return np.asfortranarray(X)
    if name == "DataFrame":
        return pd.DataFrame(X, columns=[f"x{j}" for j in range(X.shape[1])])
    if name == "CSR":
        return sp.csr_matrix(X)
    if name == "float32":
        return np.ascontiguousarray(X, dtype=np.float32)
    raise ValueError(f"unknown layout {name!r}")


def cases(X, y, alphas):
    for estimator, l1_ratio in (("Lasso", 1.0), ("ElasticNet", 0.5)):
        # the elastic net's alpha_max is the Lasso's divided by l1_ratio
        top = alpha_max(X, y) / l1_ratio
        grid = [(a, f"alpha={a:g}") for a in alphas] if alphas else [
            (top / d, f"alpha_max/{d}") for d in (10, 100)]
        for alpha, label in grid:
            params = {"alpha": alpha} if estimator == "Lasso" else {
                "alpha": alpha, "l1_ratio": l1_ratio}
            yield estimator, label, params
    yield "Ridge", "alpha=1", {"alpha": 1.0}


def interleaved(fit_ours, fit_sklearn, repeat):
    """Median seconds of ``fit_ours()`` and ``fit_sklearn()``, alternated."""
    times = {"ours": [], "sklearn": []}
    for _ in range(repeat):
        for name, fit in (("ours", fit_ours), ("sklearn", fit_sklearn)):
            start = time.perf_counter()
            fit()
            times[name].append(time.perf_counter() - start)
    return np.median(times["ours"]), np.median(times["sklearn"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--layouts", default="C")
    parser.add_argument("--csv", default=None)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    rows = []
    print(f"sklearn_penalized {sklearn_penalized.__version__}, scikit-learn "
          f"{sklearn.__version__}, {platform.machine()}, BLAS 1 thread")
    print(f"{'problem':26s} {'layout':9s} {'estimator':10s} {'alpha':14s} "
          f"{'ours ms':>8s} {'sk ms':>8s} {'ratio':>6s} {'coef_diff':>9s}")
    with threadpool_limits(1):
        for problem, X, y, alphas in problems():
            for layout_name in args.layouts.split(","):
                Xl = layout(X, layout_name)
                yl = y.astype(np.float32) if layout_name == "float32" else y
                for estimator, label, params in cases(X, y, alphas):
                    models = {}

                    def fit(module, key, estimator=estimator, params=params,
                            Xl=Xl, yl=yl, models=models):
                        models[key] = getattr(module, estimator)(**params).fit(Xl, yl)

                    t_ours, t_sk = interleaved(lambda: fit(ours, "ours"),
                                               lambda: fit(sk, "sklearn"), args.repeat)
                    a, b = models["ours"].coef_, models["sklearn"].coef_
                    diff = np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-300)
                    row = dict(problem=problem, layout=layout_name, estimator=estimator,
                               alpha=label, ours_ms=1e3 * t_ours, sklearn_ms=1e3 * t_sk,
                               ratio=t_ours / t_sk, coef_diff=diff)
                    rows.append(row)
                    print(f"{problem:26s} {layout_name:9s} {estimator:10s} {label:14s} "
                          f"{row['ours_ms']:8.3f} {row['sklearn_ms']:8.3f} "
                          f"{row['ratio']:6.2f} {diff:9.1e}")
    ratios = np.array([r["ratio"] for r in rows])
    print(f"ratio: median {np.median(ratios):.2f}, max {ratios.max():.2f}, "
          f"geometric mean {np.exp(np.mean(np.log(ratios))):.2f} over {len(rows)} fits")
    if args.csv:
        write_csv(args.csv, rows)


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
