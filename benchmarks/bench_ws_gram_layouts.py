# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Working-set Gram settings, paired A/B, against scikit-learn, on the layouts
users pass (C, F, CSR, DataFrame), default ``tol``.

Usage::

    python benchmarks/bench_ws_gram_layouts.py

"new": the working-set problem is solved on its (cached) Gram block only when
``n_samples >= 64 |ws|``, and small problems (at most 256 features, an epoch
of at most 65,536 multiply-adds) are one kernel call; "old": ``n_samples >=
8 |ws|`` and always the working-set loop (tall problems stay one call in both).
Both run in the same process, interleaved with scikit-learn's Lasso (3 rounds
of 7 fits each; medians).  Prints ratios: below 1, the first is faster.
"""
import time
import warnings

import numpy as np
import pandas as pd
import scipy.sparse as sp
import sklearn.linear_model as sk
from sklearn.datasets import load_diabetes
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

import sklearn_penalized as ours
from sklearn_penalized.solvers import _working_set as ws_module

SETTINGS = {"new": (64, 256), "old": (8, 0)}


def correlated(rng, n, p, rho=0.6):
    """AR(1) design, a planted model on a tenth of the features, noise 0.3."""
    X = np.empty((n, p))
    X[:, 0] = rng.randn(n)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + np.sqrt(1 - rho**2) * rng.randn(n)
    w = np.zeros(p)
    support = rng.choice(p, max(1, p // 10), replace=False)
    w[support] = rng.randn(support.size)
    y = X @ w
    return X, y + 0.3 * y.std() * rng.randn(n)


def layouts(X):
    return {
        "C": np.ascontiguousarray(X),
        "F": np.asfortranarray(X),
        "CSR": sp.csr_matrix(X),
        "DataFrame": pd.DataFrame(X, columns=[f"x{j}" for j in range(X.shape[1])]),
    }


def median_time(fit, repeat=7):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fit()
        times.append(time.perf_counter() - start)
    return np.median(times)


def set_ws_gram(name):
    ws_module.WS_GRAM_MIN_RATIO, ws_module.ONE_CALL_MAX_FEATURES = SETTINGS[name]


def main():
    warnings.simplefilter("ignore")
    rng = np.random.RandomState(0)
    X_diabetes, y_diabetes = load_diabetes(return_X_y=True)
    X_deg2 = StandardScaler().fit_transform(
        PolynomialFeatures(2, include_bias=False).fit_transform(X_diabetes))
    problems = {
        "seed-like 70x10": correlated(rng, 70, 10),
        "diabetes deg-2 442x65": (X_deg2, y_diabetes),
        "tall 2000x200": correlated(rng, 2000, 200),
        "tall 20000x100": correlated(rng, 20000, 100),
    }
    print("problem | alpha | layout | new / sklearn | old / sklearn | new / old")
    for name, (X, y) in problems.items():
        n = X.shape[0]
        alpha_max = np.max(np.abs((X - X.mean(0)).T @ (y - y.mean()))) / n
        for divisor in (10, 1000):
            alpha = alpha_max / divisor
            for layout, X_layout in layouts(X).items():
                times = {"new": [], "old": [], "sklearn": []}
                for _ in range(3):  # interleaved rounds
                    for setting in ("new", "old"):
                        set_ws_gram(setting)
                        times[setting].append(median_time(
                            lambda: ours.Lasso(alpha=alpha).fit(X_layout, y)))
                    times["sklearn"].append(median_time(
                        lambda: sk.Lasso(alpha=alpha).fit(X_layout, y)))
                t = {k: np.median(v) for k, v in times.items()}
                print(f"{name} | alpha_max/{divisor} | {layout} | "
                      f"{t['new'] / t['sklearn']:.2f} | {t['old'] / t['sklearn']:.2f} | "
                      f"{t['new'] / t['old']:.2f}")
    set_ws_gram("new")


if __name__ == "__main__":
    main()
