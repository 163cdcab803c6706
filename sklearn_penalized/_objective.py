# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The objective, its duality gap and its KKT conditions, in plain NumPy.

This is the single statement of the mathematics that the tests (and the
benchmarks) check every solver against, independently of the kernels:

.. math::

    P(w, b) = \\frac{1}{2 \\sum_i s_i} \\sum_i s_i (y_i - x_i^T w - b)^2 + g(w)

for a penalty ``g`` of :mod:`sklearn_penalized.penalties` (mean datafit).
All functions take one target (``y`` of shape ``(n_samples,)``) and accept
dense or sparse ``X`` (never densified: they serve the benchmarks too).
"""
import numpy as np
import scipy.sparse as sp


def _weights(sample_weight, n_samples):
    if sample_weight is None:
        return np.ones(n_samples)
    return np.asarray(sample_weight, dtype=np.float64)


def _centred_residual(X, y, coef, sw, fit_intercept):
    """Residual of the centred problem and its correlations, without centring X.

    Returns ``(R, XtR, norm_sq, y_c)`` with ``R = y_c - X_c w``, ``XtR =
    X_c^T S R`` and ``norm_sq = diag(X_c^T S X_c)``, where ``X_c``, ``y_c``
    are centred with the weighted means (when ``fit_intercept``).  Sparse
    ``X`` stays sparse: the centring is applied to the products.
    """
    X = X.astype(np.float64) if sp.issparse(X) else np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w = np.asarray(coef, dtype=np.float64)
    S = sw.sum()
    if fit_intercept:
        x_mean = np.asarray(X.T @ sw).ravel() / S
        y_c = y - sw @ y / S
    else:
        x_mean = np.zeros(X.shape[1])
        y_c = y
    R = y_c - (X @ w - x_mean @ w)
    sR = sw * R
    XtR = np.asarray(X.T @ sR).ravel() - x_mean * sR.sum()
    if sp.issparse(X):
        sq = np.asarray(X.multiply(X).T @ sw).ravel()
    else:
        sq = np.einsum("ij,i,ij->j", X, sw, X)
    norm_sq = np.maximum(sq - S * x_mean**2, 0.0)
    return R, XtR, norm_sq, y_c


def primal_objective(X, y, coef, intercept, penalty, sample_weight=None):
    """``P(w, b)``: weighted mean squared error / 2 plus ``penalty.value(w)``."""
    sw = _weights(sample_weight, X.shape[0])
    coef = np.asarray(coef, dtype=np.float64)
    residual = np.asarray(y, dtype=np.float64) - (X @ coef) - intercept
    return float(sw @ residual**2 / (2 * sw.sum()) + penalty.value(coef))


def duality_gap(X, y, coef, penalty, sample_weight=None, fit_intercept=True):
    """Duality gap of ``coef`` (intercept optimal), in the scale of ``P``.

    The Fenchel dual of the weighted elastic net, evaluated at the residual
    rescaled into the dual feasible set of the pure-L1 features; written here
    independently of the kernels, with the same definition.  With no
    unpenalized feature it is a certified bound: ``gap >= P(w) - P(w*)``.
    For an unpenalized feature ``j`` its Fenchel-Young term is replaced by
    the decrease an exact step on that coordinate would give,
    ``(X_j^T S R)^2 / (2 ||X_j||_S^2)`` (projected onto ``w_j >= 0`` when
    positive), zero exactly when the coordinate is optimal.
    """
    sw = _weights(sample_weight, X.shape[0])
    S = sw.sum()
    w = np.asarray(coef, dtype=np.float64)
    l1, l2 = (S * v for v in penalty.kernel_weights(X.shape[1]))
    R, XtR, norm_sq, yc = _centred_residual(X, y, w, sw, fit_intercept)
    r_sq = sw @ R**2
    r_dot_y = sw @ (R * yc)
    v_feas = XtR if penalty.positive else np.abs(XtR)
    pure_l1 = (l2 == 0) & (l1 > 0)
    ratio = np.max(v_feas[pure_l1] / l1[pure_l1], initial=0.0)
    scale = 1.0 / ratio if ratio > 1 else 1.0
    v = scale * XtR
    excess = np.maximum((v if penalty.positive else np.abs(v)) - l1, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        conjugate = np.where(l2 > 0, excess**2 / (4 * l2), 0.0).sum()
        if penalty.positive:
            step = np.where(norm_sq > 0, np.maximum(w + XtR / norm_sq, 0.0) - w, 0.0)
            step_decrease = step * XtR - 0.5 * norm_sq * step**2
        else:
            step_decrease = np.where(norm_sq > 0, XtR**2 / (2 * norm_sq), 0.0)
    unpenalized = (l1 == 0) & (l2 == 0)
    primal = 0.5 * r_sq + np.sum(l1 * np.abs(w) + l2 * w**2)
    dual = scale * r_dot_y - 0.5 * scale**2 * r_sq - conjugate
    correction = np.sum((w * v + step_decrease)[unpenalized])
    return float((primal - dual + correction) / S)


def kkt_violation(X, y, coef, intercept, penalty, sample_weight=None,
                  fit_intercept=True):
    """Per-feature KKT violation of ``(coef, intercept)``, and the intercept's.

    Returns ``(dist, intercept_grad)``: ``dist`` is
    ``penalty.subdiff_distance(coef, grad)`` with ``grad`` the datafit
    gradient; ``intercept_grad`` the datafit's derivative in ``b`` (zero at
    an optimum when an intercept is fitted).
    """
    sw = _weights(sample_weight, X.shape[0])
    coef = np.asarray(coef, dtype=np.float64)
    residual = np.asarray(y, dtype=np.float64) - X @ coef - intercept
    grad = -np.asarray(X.T @ (sw * residual)).ravel() / sw.sum()
    intercept_grad = -(sw @ residual) / sw.sum() if fit_intercept else 0.0
    return penalty.subdiff_distance(coef, grad), float(intercept_grad)


def alpha_max(X, y, sample_weight=None, fit_intercept=True):
    """Smallest Lasso ``alpha`` giving all-zero coefficients.

    ``||X_c^T S y_c||_inf / sum(s)`` (scikit-learn's ``alpha_max``).
    """
    sw = _weights(sample_weight, X.shape[0])
    _, XtR, _, _ = _centred_residual(X, y, np.zeros(X.shape[1]), sw, fit_intercept)
    return float(np.max(np.abs(XtR)) / sw.sum())
