# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Wall time of one Lasso fit: sklearn_penalized vs scikit-learn, same run.

Usage: python benchmarks/bench_lasso_fit.py [--repeat 5]

Both libraries fit the same data with the same alpha and tol in the same
process; each time is the median of ``--repeat`` fits, the ratio is
ours / scikit-learn (below 1 means faster).  The objective reached by each is
printed too, since a faster fit to a worse point means nothing.
"""
import argparse
import platform
import time
import warnings

import numpy as np
import scipy.sparse as sp
import sklearn
import sklearn.linear_model as sk
from sklearn.exceptions import ConvergenceWarning

import sklearn_penalized
from sklearn_penalized import Lasso
from sklearn_penalized._objective import alpha_max, primal_objective
from sklearn_penalized.penalties import L1


def make_data(n, p, rng, density=None):
    if density is not None:
        X = sp.random(n, p, density=density, random_state=rng, format="csc")
    else:
        # Toeplitz-correlated features (rho = 0.6)
        X = rng.randn(n, p)
        for j in range(1, p):
            X[:, j] = 0.6 * X[:, j - 1] + np.sqrt(1 - 0.36) * X[:, j]
    w = np.zeros(p)
    support = rng.choice(p, max(1, p // 20), replace=False)
    w[support] = rng.randn(len(support))
    signal = X @ w
    y = signal + rng.randn(n) * np.std(signal) / 3
    return X, y


def median_time(fit, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        model = fit()
        times.append(time.perf_counter() - start)
    return float(np.median(times)), model


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.RandomState(0)
    problems = {
        "dense wide 200x5000, alpha_max/20": (200, 5000, None, 20),
        "dense tall 10000x100, alpha_max/100": (10000, 100, None, 100),
        "sparse 5000x20000 d=0.001, alpha_max/50": (5000, 20000, 0.001, 50),
        "seed example 70x10, alpha=0.1": None,
    }
    print(f"sklearn_penalized {sklearn_penalized.__version__}, scikit-learn "
          f"{sklearn.__version__}, numpy {np.__version__}, Python "
          f"{platform.python_version()}, {platform.machine()}")
    print(f"median of {args.repeat} fits, tol=1e-4 (the default) for both\n")
    print("| problem | ours (s) | scikit-learn (s) | ratio | objective ours - sklearn (relative) |")
    print("| --- | --- | --- | --- | --- |")
    for name, spec in problems.items():
        if spec is None:
            from sklearn.datasets import make_regression

            X, y = make_regression(n_samples=70, n_features=10, noise=0.1,
                                   random_state=42)
            alpha = 0.1
        else:
            n, p, density, divisor = spec
            X, y = make_data(n, p, rng, density)
            Xd = X.toarray() if sp.issparse(X) else X
            alpha = alpha_max(Xd, y) / divisor
        t_ours, ours = median_time(lambda: Lasso(alpha=alpha).fit(X, y), args.repeat)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            t_sk, theirs = median_time(lambda: sk.Lasso(alpha=alpha).fit(X, y),
                                       args.repeat)
        Xd = X.toarray() if sp.issparse(X) else X
        obj_ours = primal_objective(Xd, y, ours.coef_, ours.intercept_, L1(alpha))
        obj_sk = primal_objective(Xd, y, theirs.coef_, theirs.intercept_, L1(alpha))
        print(f"| {name} | {t_ours:.4f} | {t_sk:.4f} | {t_ours / t_sk:.2f} | "
              f"{(obj_ours - obj_sk) / abs(obj_sk):+.1e} |")


if __name__ == "__main__":
    main()
