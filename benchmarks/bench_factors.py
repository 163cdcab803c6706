# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Cost of the glmnet-style controls: penalty factors, bounds, standardize.

Usage::

    python benchmarks/bench_factors.py [--repeat 5] [--problems A,B,C,D,E,F]

For each problem of ``benchmarks/run.py`` (same data, same alpha), the median
time of ``--repeat`` fits (interleaved, so machine noise hits every variant
alike), at ``tol`` 1e-4 (scikit-learn's default) and 1e-6, of:

* plain: ``ElasticNet(alpha, l1_ratio)`` as in the speed benchmark;
* factors: ``l1_penalty_factor=c``, ``l2_penalty_factor=c**2`` with ``c``
  uniform in [0.5, 1.5] (for the lasso simply ``penalty_factor=c``);
* same model, plain: the plain estimator on the columns ``X_j / c_j`` -- the
  *same* model as the factors variant (``w_j = v_j / c_j``), so the ratio
  factors / same-model is the cost of the factors machinery itself;
* bounds: ``lower_bounds`` uniform in [-1, 0], ``upper_bounds`` in [0, 1];
  a different model (many coefficients at a bound), timed against plain;
* bounds, inactive: finite bounds of magnitude 1e3-2e3 that no coefficient
  reaches -- the plain model through the bounded code path, so its ratio to
  plain is the cost of the bounds machinery itself;
* standardize: ``standardize=True``, and its same-model reference, the plain
  estimator on ``X_j / sd_j`` (sparse stays sparse).

Every variant except the same-model ones solves a different problem than
plain (that is the point of the controls), so "/ plain" mixes the cost of the
machinery with the difficulty of the new problem; "/ same model" isolates the
former.  The issue's targets: factors and bounds within 1.3x of plain,
standardize on sparse data within 1.5x of standardize=False.
"""
import argparse
import inspect
import os
import platform
import sys
import time
import warnings

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import make_problem  # noqa: E402

import sklearn_penalized as ours  # noqa: E402


def variants(X, y, l1_ratio, fit_intercept, rng):
    """``{name: (X to fit, extra parameters)}``."""
    from sklearn_penalized._factors import column_scales

    p = X.shape[1]
    c = rng.uniform(0.5, 1.5, size=p)
    sd = column_scales(X, None, fit_intercept)
    out = {"plain": (X, {}),
           "factors": (X, {"l1_penalty_factor": c, "l2_penalty_factor": c**2}),
           "factors, same model plain": (_scale_columns(X, 1.0 / c), {})}
    if "lower_bounds" in inspect.signature(ours.ElasticNet).parameters:
        out["bounds"] = (X, {"lower_bounds": -rng.uniform(0.0, 1.0, size=p),
                             "upper_bounds": rng.uniform(0.0, 1.0, size=p)})
        # finite but never active: the plain model, through the bounded code
        out["bounds, inactive"] = (X, {"lower_bounds": -1e3 * rng.uniform(1.0, 2.0, size=p),
                                       "upper_bounds": 1e3 * rng.uniform(1.0, 2.0, size=p)})
    out["standardize"] = (X, {"standardize": True})
    out["standardize, same model plain"] = (_scale_columns(X, 1.0 / sd), {})
    return out


def _scale_columns(X, scale):
    if sp.issparse(X):
        return (X @ sp.diags(scale)).tocsc()
    return np.asfortranarray(X * scale)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--problems", default="A,B,C,D,E,F")
    args = parser.parse_args()
    print(f"Command: `python benchmarks/bench_factors.py --repeat {args.repeat} "
          f"--problems {args.problems}`\n")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, numpy {np.__version__}, "
          f"sklearn_penalized {ours.__version__}.\n")
    print("| problem | tol | variant | time (s) | / plain | / same model | nonzeros |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name in args.problems.split(","):
        X, y, alpha, l1_ratio, _ = make_problem(name)
        rng = np.random.RandomState(0)
        configs = variants(X, y, l1_ratio, True, rng)
        for tol in (1e-4, 1e-6):
            times = {k: [] for k in configs}
            nnz = {}
            for _ in range(args.repeat):
                for key, (X_fit, extra) in configs.items():
                    model = ours.ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=tol,
                                            max_iter=100_000, **extra)
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        start = time.perf_counter()
                        model.fit(X_fit, y)
                        times[key].append(time.perf_counter() - start)
                    nnz[key] = int(np.count_nonzero(model.coef_))
            med = {k: float(np.median(v)) for k, v in times.items()}
            for key in configs:
                same = {"factors": "factors, same model plain",
                        "standardize": "standardize, same model plain"}.get(key)
                versus = f"{med[key] / med[same]:.2f}" if same else "—"
                print(f"| {name} | {tol:g} | {key} | {med[key]:.4f} | "
                      f"{med[key] / med['plain']:.2f} | {versus} | {nnz[key]} |",
                      flush=True)


if __name__ == "__main__":
    main()
