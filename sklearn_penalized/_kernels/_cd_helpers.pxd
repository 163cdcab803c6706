# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Inline helpers shared by every coordinate-descent entry point.

The kernels minimise, in *kernel scale*,

    P(w) = 1/2 ||R||^2 + sum_j (l1_j |w_j| + l2_j w_j^2),   R = y - X w,

(the seed's L1 and L2 terms with per-feature weights ``l1`` and ``l2``),
optionally with ``w >= 0``.  Everything here is storage independent: the
kernels only pass in ``X_j^T R``, ``||R||^2`` and ``R^T y``.
"""
from libc.math cimport fabs, sqrt
from libc.stdint cimport uint32_t
from cython cimport floating


cdef inline floating _soft_threshold(floating z, floating threshold) noexcept nogil:
    """sign(z) * max(|z| - threshold, 0)."""
    if z > threshold:
        return z - threshold
    if z < -threshold:
        return z + threshold
    return 0.0


cdef inline floating _coordinate_update(floating z, floating l1, floating l2,
                                        floating norm_sq, bint positive) noexcept nogil:
    """Exact minimiser over w_j of 1/2 ||r - x_j w_j||^2 + l1 |w_j| + l2 w_j^2.

    ``z = x_j^T r`` with ``r`` the residual *without* feature j, i.e.
    ``z = X_j^T R + ||x_j||^2 w_j``.  The factor 2 on ``l2`` comes from the
    seed's L2 term ``l2 * w_j**2`` (no 1/2 in front).
    """
    cdef floating denom = norm_sq + 2.0 * l2
    if denom <= 0.0:
        # A zero column with no L2 term: the objective does not depend on
        # w_j, and 0 is its minimum-norm minimiser.
        return 0.0
    if positive:
        if z > l1:
            return (z - l1) / denom
        return 0.0
    return _soft_threshold(z, l1) / denom


cdef inline uint32_t _xorshift(uint32_t *state) noexcept nogil:
    """Marsaglia's xorshift32: a tiny, reentrant generator for nogil code."""
    cdef uint32_t x = state[0]
    x ^= x << 13
    x ^= x >> 17
    x ^= x << 5
    state[0] = x
    return x


cdef inline floating _dual_scale(int n_features, const floating *XtR,
                                 const floating *l1, const floating *l2,
                                 bint positive) noexcept nogil:
    """``s = min(1, min_j l1_j / |X_j^T R|)`` over pure-L1 coordinates.

    ``theta = s R`` is then feasible for their dual constraints
    ``|X_j^T theta| <= l1_j`` (``X_j^T theta <= l1_j`` when positive).
    """
    cdef int j
    cdef floating v, ratio
    cdef floating max_ratio = 0.0
    for j in range(n_features):
        if l2[j] == 0.0 and l1[j] > 0.0:
            v = XtR[j] if positive else fabs(XtR[j])
            ratio = v / l1[j]
            if ratio > max_ratio:
                max_ratio = ratio
    if max_ratio > 1.0:
        return 1.0 / max_ratio
    return 1.0


cdef inline floating _duality_gap(int n_features, const floating *w,
                                  const floating *XtR, const floating *norm_sq,
                                  const floating *l1, const floating *l2,
                                  floating r_sq, floating r_dot_y,
                                  bint positive) noexcept nogil:
    """Duality gap of the weighted elastic net at ``w`` (kernel scale).

    The Fenchel dual is ``D(theta) = theta^T y - 1/2 ||theta||^2 - sum_j
    g_j^*(X_j^T theta)`` with ``g_j(t) = l1_j |t| + l2_j t^2`` (plus the
    indicator of ``t >= 0`` when ``positive``), whose conjugate is

    * ``max(|v| - l1_j, 0)^2 / (4 l2_j)`` when ``l2_j > 0``
      (``max(v - l1_j, 0)^2 / (4 l2_j)`` when positive), finite everywhere;
    * the indicator of ``|v| <= l1_j`` (``v <= l1_j``) when ``l2_j == 0``.

    The dual point is the residual rescaled into the feasible set of the
    pure-L1 coordinates: ``theta = s R`` with ``s = min(1, min_j l1_j /
    |X_j^T R|)``.  Then ``gap = P(w) - D(theta)`` is a certified bound on
    the suboptimality ``P(w) - P(w*)``.

    Unpenalized coordinates (``l1_j == l2_j == 0``) constrain the dual to
    ``X_j^T theta = 0``, which only holds at the optimum.  For each of them
    the gap leaves out its Fenchel-Young term ``-w_j X_j^T theta`` and adds
    instead the decrease an exact step on that coordinate would achieve,
    ``(X_j^T R)^2 / (2 ||X_j||^2)`` (projected onto ``w_j >= 0`` when
    ``positive``): zero exactly when the coordinate is optimal.  With unpenalized coordinates the value is therefore a
    stopping measure that vanishes only at the optimum, not a certified
    bound.

    Inputs: ``XtR = X^T R``, ``norm_sq[j] = ||X_j||^2``, ``r_sq = ||R||^2``,
    ``r_dot_y = R^T y``.
    """
    cdef int j
    cdef floating v, excess, step
    cdef floating scale = _dual_scale(n_features, XtR, l1, l2, positive)
    cdef floating penalty = 0.0
    cdef floating conjugate = 0.0
    cdef floating unpenalized = 0.0
    cdef floating primal, dual

    for j in range(n_features):
        penalty += l1[j] * fabs(w[j]) + l2[j] * w[j] * w[j]
        v = scale * XtR[j]
        if l2[j] > 0.0:
            excess = (v if positive else fabs(v)) - l1[j]
            if excess > 0.0:
                conjugate += excess * excess / (4.0 * l2[j])
        elif l1[j] == 0.0:
            # cancel -w_j v (part of P - D below), add the coordinate's
            # available decrease instead
            unpenalized += w[j] * v
            if norm_sq[j] > 0.0:
                if positive:
                    # projected step: delta = max(w_j + X_j^T R / ||X_j||^2, 0) - w_j
                    step = max(w[j] + XtR[j] / norm_sq[j], 0.0) - w[j]
                    unpenalized += step * XtR[j] - 0.5 * norm_sq[j] * step * step
                else:
                    unpenalized += XtR[j] * XtR[j] / (2.0 * norm_sq[j])

    primal = 0.5 * r_sq + penalty
    dual = scale * r_dot_y - 0.5 * scale * scale * r_sq - conjugate
    return primal - dual + unpenalized


cdef inline floating _penalty_value(int m, const floating *w, const floating *l1,
                                    const floating *l2) noexcept nogil:
    """sum_j l1_j |w_j| + l2_j w_j^2 over m contiguous coordinates."""
    cdef int a
    cdef floating total = 0.0
    for a in range(m):
        total += l1[a] * fabs(w[a]) + l2[a] * w[a] * w[a]
    return total


cdef inline bint _anderson_extrapolate(const floating *history, int K, int m,
                                       floating *diffs, floating *gram,
                                       floating *z, floating *out) noexcept nogil:
    """Anderson extrapolation of K+1 iterates (Bertrand & Massias, 2021).

    ``history`` holds iterates ``w_0 .. w_K`` (rows of length m).  With the
    differences ``U_k = w_{k+1} - w_k``, solve ``(U U^T) z = 1`` and write
    ``out = sum_k c_k w_{k+1}``, ``c = z / sum(z)``: the combination of the
    last K iterates whose extrapolated residual is smallest.  Returns False
    (and leaves ``out`` undefined) when the small system is singular.
    Work buffers: ``diffs`` (K m), ``gram`` (K K), ``z`` (K).
    """
    cdef int a, k, l, i
    cdef floating acc, trace = 0.0, total = 0.0
    for k in range(K):
        for a in range(m):
            diffs[k * m + a] = history[(k + 1) * m + a] - history[k * m + a]
    for k in range(K):
        for l in range(k + 1):
            acc = 0.0
            for a in range(m):
                acc += diffs[k * m + a] * diffs[l * m + a]
            gram[k * K + l] = acc
            gram[l * K + k] = acc
        trace += gram[k * K + k]
    if trace <= 0.0:
        return False
    # Tikhonov regularisation keeps the solve stable when the differences
    # are nearly collinear (they are, close to convergence).
    for k in range(K):
        gram[k * K + k] += 1e-10 * trace
    # In-place Cholesky, lower triangle: gram = L L^T.
    for k in range(K):
        acc = gram[k * K + k]
        for i in range(k):
            acc -= gram[k * K + i] * gram[k * K + i]
        if acc <= 0.0:
            return False
        gram[k * K + k] = sqrt(acc)
        for l in range(k + 1, K):
            acc = gram[l * K + k]
            for i in range(k):
                acc -= gram[l * K + i] * gram[k * K + i]
            gram[l * K + k] = acc / gram[k * K + k]
    # Solve L L^T z = 1.
    for k in range(K):
        acc = 1.0
        for i in range(k):
            acc -= gram[k * K + i] * z[i]
        z[k] = acc / gram[k * K + k]
    for k in range(K - 1, -1, -1):
        acc = z[k]
        for i in range(k + 1, K):
            acc -= gram[i * K + k] * z[i]
        z[k] = acc / gram[k * K + k]
        total += z[k]
    if total == 0.0:
        return False
    for a in range(m):
        acc = 0.0
        for k in range(K):
            acc += z[k] * history[(k + 1) * m + a]
        out[a] = acc / total
    return True
