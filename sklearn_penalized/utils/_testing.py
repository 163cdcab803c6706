# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Helpers for the test-suite: optimality certificates computed in NumPy."""
import numpy as np

from .._objective import duality_gap, kkt_violation


def assert_optimal(X, y, coef, intercept, penalty, sample_weight=None,
                   fit_intercept=True, kkt_atol=1e-6, gap_atol=1e-8):
    """Assert the KKT conditions and a small duality gap, one target.

    Tolerances are relative to the scale of the problem: the KKT violation
    is compared with ``kkt_atol * (||X^T S y|| / sum(s) + 1)`` and the gap
    with ``gap_atol * (mean(s y_c^2) + 1)``.
    """
    X_arr = X.toarray() if hasattr(X, "toarray") else np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight)
    scale_grad = np.max(np.abs(X_arr.T @ (sw * y))) / sw.sum() + 1.0
    dist, intercept_grad = kkt_violation(
        X_arr, y, np.asarray(coef, dtype=np.float64), intercept, penalty,
        sample_weight, fit_intercept,
    )
    assert np.max(dist) <= kkt_atol * scale_grad, (
        f"KKT violated: max subdifferential distance {np.max(dist):.3e}"
    )
    assert abs(intercept_grad) <= kkt_atol * scale_grad, (
        f"intercept not optimal: gradient {intercept_grad:.3e}"
    )
    yc = y - (sw @ y / sw.sum() if fit_intercept else 0.0)
    scale_gap = sw @ yc**2 / sw.sum() + 1.0
    gap = duality_gap(X_arr, y, coef, penalty, sample_weight, fit_intercept)
    assert gap <= gap_atol * scale_gap, f"duality gap {gap:.3e} too large"
