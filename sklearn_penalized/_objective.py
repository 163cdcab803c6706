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


def _side_conjugate(a, b, l2):
    """``sup_{0 <= t <= b} a t - l2 t^2``, elementwise (one side of a box).

    The parabola's maximiser ``a / (2 l2)`` clipped to ``[0, b]``: 0 when
    ``a <= 0``, ``a^2 / (4 l2)`` when the maximiser lies inside, ``a b - l2
    b^2`` at the endpoint ``b``.  With ``l2 = 0`` and ``b = inf`` the supremum
    is infinite for ``a > 0``; callers rescale the dual point so that ``a <=
    0`` there, and the (rounding-level) positive ``a`` left is counted as 0.
    """
    a, b, l2 = np.broadcast_arrays(
        *(np.asarray(v, dtype=np.float64) for v in (a, b, l2)))
    out = np.zeros(a.shape)
    pos = a > 0
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        inner = pos & (l2 > 0) & (a <= 2.0 * l2 * b)
        out[inner] = a[inner] ** 2 / (4.0 * l2[inner])
        edge = pos & ~inner & np.isfinite(b)
        out[edge] = a[edge] * b[edge] - l2[edge] * b[edge] ** 2
    return out


def penalty_conjugate(u, l1, l2, lower, upper):
    """Fenchel conjugate ``g_j^*(u_j)`` of ``g_j(t) = l1_j |t| + l2_j t^2``
    restricted to ``lower_j <= t <= upper_j`` (``lower_j <= 0 <= upper_j``).

    Split at 0: ``g^*(u) = sup_{[0, upper]} (u - l1) t - l2 t^2 + sup_{[0,
    -lower]} (-u - l1) s - l2 s^2``; at most one of the two is positive
    (``l1 >= 0``), so the sum is the maximum.  Finite everywhere when both
    bounds are finite or ``l2 > 0``; on an unbounded side with ``l2 = 0`` it
    is the indicator of ``u <= l1`` (``-u <= l1``), counted as 0 here (see
    :func:`_side_conjugate`).
    """
    u = np.asarray(u, dtype=np.float64)
    return (_side_conjugate(u - l1, upper, l2)
            + _side_conjugate(-u - l1, -np.asarray(lower, dtype=np.float64), l2))


def duality_gap(X, y, coef, penalty, sample_weight=None, fit_intercept=True):
    """Certified duality gap of ``coef`` (intercept optimal), in the scale of ``P``.

    The smaller of the gaps at the two dual points of :func:`_gaps` (both
    are upper bounds on the suboptimality): what the solvers report as
    ``dual_gap_``.
    """
    return min(_gaps(X, y, coef, penalty, sample_weight, fit_intercept))


def stopping_gap(X, y, coef, penalty, sample_weight=None, fit_intercept=True):
    """The solvers' stopping measure at ``coef``: the *larger* of the gaps
    at the two dual points of :func:`_gaps`, so that stopping on it meets
    both certificates (docs/convergence.rst); equal to :func:`duality_gap`
    without elastic-net features."""
    return max(_gaps(X, y, coef, penalty, sample_weight, fit_intercept))


def _gaps(X, y, coef, penalty, sample_weight=None, fit_intercept=True):
    """Duality gaps of ``coef`` (intercept optimal), in the scale of ``P``:
    ``(plain,)`` or ``(plain, augmented)``.

    The Fenchel dual ``D(theta) = theta^T y_c - 1/2 ||theta||^2 - sum_j
    g_j^*(X_j^T theta)`` (weighted inner products) with ``g_j`` the penalty
    on feature j plus the indicator of its box (:func:`penalty_conjugate`),
    evaluated at the residual rescaled into the dual feasible set, ``theta =
    s R``: only the unbounded sides of pure-L1 features constrain it
    (``X_j^T theta <= l1_j`` if ``upper_j = inf``, ``-X_j^T theta <= l1_j``
    if ``lower_j = -inf``); with both bounds finite or ``l2_j > 0``,
    ``g_j^*`` is finite.  Two scalings are tried and the smaller gap kept
    (both dual points are feasible, so both gaps are certified): the least
    one, ``s1``, and ``s2 <= s1`` that also brings every side a pure-L1
    coefficient can move to within ``l1_j`` (the unbounded problem's dual
    point; it keeps the gap of a far, inactive bound no larger than the
    unbounded gap).  Written here independently of the kernels, with the
    same definition.

    When some feature has both an L1 and an L2 part, the same is done for
    the problem written as a lasso on augmented data (those features' L2
    terms moved into the datafit: rows ``sqrt(2 l2_j) e_j^T`` appended to
    ``X`` and zeros to ``y``), whose dual point is the augmented residual
    ``s (R; -sqrt(2 l2) w)``, whose gap is returned as well.

    With no unpenalized feature with an unbounded side it is a certified
    bound: ``gap >= P(w) - P(w*)``.  For an unpenalized feature ``j`` with
    an unbounded side its Fenchel-Young term is replaced by the decrease an
    exact step on that coordinate would give, ``(X_j^T S R)^2 / (2
    ||X_j||_S^2)`` (the step projected onto the box), zero exactly when the
    coordinate is optimal.  ``inf`` when ``coef`` lies outside the box.
    """
    sw = _weights(sample_weight, X.shape[0])
    S = sw.sum()
    w = np.asarray(coef, dtype=np.float64)
    l1, l2 = (S * v for v in penalty.kernel_weights(X.shape[1]))
    lower, upper = penalty.kernel_bounds(X.shape[1])
    if np.any(w < lower) or np.any(w > upper):
        return (np.inf,)
    R, XtR, norm_sq, yc = _centred_residual(X, y, w, sw, fit_intercept)
    r_sq = sw @ R**2
    r_dot_y = sw @ (R * yc)
    unpenalized = (l1 == 0) & (l2 == 0) & (np.isinf(lower) | np.isinf(upper))
    with np.errstate(divide="ignore", invalid="ignore"):
        step = np.where(norm_sq > 0,
                        np.clip(w + XtR / norm_sq, lower, upper) - w, 0.0)
        free = np.isinf(lower) & np.isinf(upper)
        # unconstrained step: the closed form, free of the rounding of w + step - w
        step_decrease = np.where(
            free, np.where(norm_sq > 0, XtR**2 / (2 * norm_sq), 0.0),
            step * XtR - 0.5 * norm_sq * step**2)
    primal = 0.5 * r_sq + np.sum(l1 * np.abs(w) + l2 * w**2)
    correction_terms = (w * XtR)[unpenalized]

    def best_gap(u, l2_dual, theta_sq):
        """The smaller gap of the two scalings of the dual point whose
        correlations with the (augmented) columns are ``u``, whose L2
        weights left in the penalty are ``l2_dual`` and whose squared norm,
        at scale 1, is ``theta_sq``."""
        pure_l1 = (l2_dual == 0) & (l1 > 0)

        def gap_at(scale, every_side=False):
            v = scale * u
            # with every side scaled the pure-L1 conjugates vanish by
            # construction: rounding excesses are not multiplied by far bounds
            skip = unpenalized | (pure_l1 if every_side else False)
            conjugate = penalty_conjugate(v, l1, l2_dual, lower, upper)[~skip].sum()
            dual = scale * r_dot_y - 0.5 * scale**2 * theta_sq - conjugate
            correction = np.sum(scale * correction_terms + step_decrease[unpenalized])
            return primal - dual + correction

        def scaling(up_sides, down_sides):
            pull = np.maximum(np.where(up_sides, u, -np.inf),
                              np.where(down_sides, -u, -np.inf))
            ratio = np.max(pull[pure_l1] / l1[pure_l1], initial=0.0)
            return 1.0 / ratio if ratio > 1 else 1.0

        s1 = scaling(upper == np.inf, lower == -np.inf)
        s2 = scaling(upper > 0, lower < 0)
        return gap_at(s1) if s2 >= s1 else min(gap_at(s1), gap_at(s2, every_side=True))

    gaps = (best_gap(XtR, l2, r_sq),)
    elastic = (l1 > 0) & (l2 > 0)
    if np.any(elastic):
        # the augmented problem: X_aug_j^T R_aug = X_j^T R - 2 l2_j w_j
        u = np.where(elastic, XtR - 2.0 * l2 * w, XtR)
        theta_sq = r_sq + np.sum(2.0 * l2[elastic] * w[elastic] ** 2)
        gaps += (best_gap(u, np.where(elastic, 0.0, l2), theta_sq),)
    return tuple(float(gap / S) for gap in gaps)


def kkt_violation(X, y, coef, intercept, penalty, sample_weight=None,
                  fit_intercept=True):
    """Per-feature KKT violation of ``(coef, intercept)``, and the intercept's.

    Returns ``(dist, intercept_grad)``: ``dist`` is
    ``penalty.subdiff_distance(coef, grad)`` with ``grad`` the datafit
    gradient (the projected KKT conditions under box constraints: one-sided
    at a bound, ``inf`` outside the box); ``intercept_grad`` the datafit's
    derivative in ``b`` (zero at an optimum when an intercept is fitted).
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
