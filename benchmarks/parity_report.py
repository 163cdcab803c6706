# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Agreement with scikit-learn over the parity matrix of the test-suite.

Usage: python benchmarks/parity_report.py [--seeds 5]

For each case of ``sklearn_penalized.utils._testing.PARITY_CASES`` and each
estimator, fits ours at ``tol=1e-10`` (float32: 1e-6) and scikit-learn's at
``tol=1e-12`` on the same data, and reports the worst relative objective
difference ``(ours - sklearn) / |sklearn|`` over the seeds (negative: ours is
lower).  Ridge objectives use scikit-learn's Ridge scaling via the mean
datafit (``L2(alpha / (2 sum(s)))``).
"""
import argparse

import numpy as np
import sklearn.linear_model as sk

import sklearn_penalized as ours
from sklearn_penalized.penalties import L1L2, L2
from sklearn_penalized.utils._testing import (
    PARITY_CASES,
    case_alpha_max,
    make_parity_case,
    summed_objective,
)


def estimators(case):
    alpha = 0.05 * case_alpha_max(case)
    positive = case["kwargs"]["positive"]
    sw = case["sample_weight"]
    sum_sw = len(case["y"]) if sw is None else sw.sum()
    for l1_ratio in (1.0, 0.5, 0.0):
        name = "Lasso" if l1_ratio == 1 else f"ElasticNet(l1_ratio={l1_ratio})"
        params = dict(alpha=alpha, **case["kwargs"])
        if l1_ratio < 1:
            params["l1_ratio"] = l1_ratio
        cls = "Lasso" if l1_ratio == 1 else "ElasticNet"
        penalty = L1L2(alpha * l1_ratio, alpha * (1 - l1_ratio) / 2, positive=positive)
        yield name, getattr(ours, cls)(**params), getattr(sk, cls)(**params), penalty
    ridge_alpha = 1.0
    sk_solver = "lbfgs" if positive else "auto"
    yield (
        "Ridge",
        ours.Ridge(alpha=ridge_alpha, **case["kwargs"]),
        sk.Ridge(alpha=ridge_alpha, solver=sk_solver, **case["kwargs"]),
        L2(ridge_alpha / (2 * sum_sw), positive=positive),
    )


def main():
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    worst = {}
    for seed in range(args.seeds):
        for case_name in PARITY_CASES:
            case = make_parity_case(case_name, np.random.RandomState(seed))
            for name, est_ours, est_sk, penalty in estimators(case):
                tol = 1e-6 if case_name == "float32" else 1e-10
                if name != "Ridge":
                    est_ours.set_params(tol=tol, max_iter=100_000)
                    est_sk.set_params(tol=1e-12, max_iter=100_000)
                else:
                    est_ours.set_params(tol=1e-12)
                    est_sk.set_params(tol=1e-12)
                fit = dict(sample_weight=case["sample_weight"])
                est_ours.fit(case["X"], case["y"], **fit)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    est_sk.fit(case["X"], case["y"], **fit)
                a = summed_objective(est_ours, case, penalty)
                b = summed_objective(est_sk, case, penalty)
                rel = (a - b) / abs(b)
                key = (case_name, name)
                worst[key] = max(worst.get(key, -np.inf), rel)
    print(f"| case | estimator | worst (ours - sklearn) / sklearn over {args.seeds} seeds |")
    print("| --- | --- | --- |")
    for (case_name, name), rel in worst.items():
        print(f"| {case_name} | {name} | {rel:+.1e} |")


if __name__ == "__main__":
    main()
