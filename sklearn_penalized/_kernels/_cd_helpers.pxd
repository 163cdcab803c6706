# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Inline helpers shared by every coordinate-descent entry point.

The kernels minimise, in *kernel scale*,

    P(w) = 1/2 ||R||^2 + sum_j (l1_j |w_j| + l2_j w_j^2),   R = y - X w,

(the seed's L1 and L2 terms with per-feature weights ``l1`` and ``l2``),
subject to the box ``lower_j <= w_j <= upper_j`` (``lower_j <= 0 <=
upper_j``, ``-inf``/``inf`` where unbounded; ``positive`` is ``lower = 0``).
Everything here is storage independent: the kernels only pass in
``X_j^T R``, ``||R||^2`` and ``R^T y``.
"""
from libc.math cimport INFINITY, fabs, sqrt
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
                                        floating norm_sq, floating lower,
                                        floating upper, bint has_bounds) noexcept nogil:
    """Exact minimiser over w_j in [lower, upper] of
    1/2 ||r - x_j w_j||^2 + l1 |w_j| + l2 w_j^2.

    ``z = x_j^T r`` with ``r`` the residual *without* feature j, i.e.
    ``z = X_j^T R + ||x_j||^2 w_j``.  The factor 2 on ``l2`` comes from the
    seed's L2 term ``l2 * w_j**2`` (no 1/2 in front).  The 1-D objective is
    convex, so its minimiser over the interval is the clip of the
    unconstrained one (projected coordinate descent is exact for a separable
    box); ``has_bounds`` false skips the two comparisons.
    """
    cdef floating denom = norm_sq + 2.0 * l2
    cdef floating w
    if denom <= 0.0:
        # A zero column with no L2 term: the objective does not depend on
        # w_j, and 0 (always feasible) is its minimum-norm minimiser.
        return 0.0
    w = _soft_threshold(z, l1) / denom
    if has_bounds:
        if w > upper:
            return upper
        if w < lower:
            return lower
    return w


cdef inline floating _clip(floating w, floating lower, floating upper) noexcept nogil:
    """Projection of w onto [lower, upper]."""
    if w > upper:
        return upper
    if w < lower:
        return lower
    return w


cdef inline uint32_t _xorshift(uint32_t *state) noexcept nogil:
    """Marsaglia's xorshift32: a tiny, reentrant generator for nogil code."""
    cdef uint32_t x = state[0]
    x ^= x << 13
    x ^= x >> 17
    x ^= x << 5
    state[0] = x
    return x


cdef inline bint _augmented(floating l1, floating l2, bint augment) noexcept nogil:
    """Whether a coordinate's L2 term moves into the datafit (see
    ``_duality_gap``, the augmented candidate): elastic-net coordinates only."""
    return augment and l1 > 0.0 and l2 > 0.0


cdef inline floating _dual_scale(int n_features, const floating *w,
                                 const floating *XtR,
                                 const floating *l1, const floating *l2,
                                 const floating *lower, const floating *upper,
                                 bint has_bounds, bint every_side,
                                 bint augment) noexcept nogil:
    """``s = min(1, min l1_j / (+-u_j))`` over sides of pure-L1
    coordinates, with ``u_j = X_j^T R``.

    ``every_side`` false: the unbounded sides only, which is what dual
    feasibility requires: ``theta = s R`` then meets ``X_j^T theta <= l1_j``
    when ``upper_j = inf`` and ``-X_j^T theta <= l1_j`` when ``lower_j =
    -inf`` (``|X_j^T theta| <= l1_j`` unbounded, ``X_j^T theta <= l1_j``
    with positive).  A finite bound (or an L2 term) makes that side's
    conjugate finite: it needs no scaling.

    ``every_side`` true: also the finite sides a coefficient can move to
    (``upper_j > 0``, ``lower_j < 0``), so that every pure-L1 conjugate
    vanishes; the second candidate of ``_duality_gap``.  ``has_bounds``
    false: every side is unbounded and ``lower``/``upper`` are not read.

    ``augment``: elastic-net coordinates (``l1_j > 0``, ``l2_j > 0``) count
    as pure L1 with ``u_j = X_j^T R - 2 l2_j w_j`` (their L2 term is part of
    the datafit of the augmented problem, see ``_duality_gap``).
    """
    cdef int j
    cdef floating ratio, u, l2_j
    cdef floating max_ratio = 0.0
    for j in range(n_features):
        u = XtR[j]
        l2_j = l2[j]
        if _augmented(l1[j], l2_j, augment):
            u = u - 2.0 * l2_j * w[j]
            l2_j = 0.0
        if l2_j == 0.0 and l1[j] > 0.0:
            if not has_bounds:
                ratio = fabs(u) / l1[j]
                if ratio > max_ratio:
                    max_ratio = ratio
                continue
            if upper[j] == INFINITY or (every_side and upper[j] > 0.0):
                ratio = u / l1[j]
                if ratio > max_ratio:
                    max_ratio = ratio
            if lower[j] == -INFINITY or (every_side and lower[j] < 0.0):
                ratio = -u / l1[j]
                if ratio > max_ratio:
                    max_ratio = ratio
    if max_ratio > 1.0:
        return 1.0 / max_ratio
    return 1.0


cdef inline floating _side_conjugate(floating a, floating b,
                                     floating l2) noexcept nogil:
    """``sup_{0 <= t <= b} a t - l2 t^2`` (``b >= 0``, possibly inf).

    The parabola's maximiser ``a / (2 l2)`` clipped to ``[0, b]``.  With
    ``l2 == 0`` and ``b == inf`` the supremum is infinite for ``a > 0``: the
    dual scaling makes ``a <= 0`` there, and a rounding-level ``a > 0`` is
    counted as 0.
    """
    if a <= 0.0:
        return 0.0
    if l2 > 0.0 and a <= 2.0 * l2 * b:
        return a * a / (4.0 * l2)
    if b < INFINITY:
        return a * b - l2 * b * b
    return 0.0


cdef inline floating _conjugate(floating v, floating l1, floating l2,
                                floating lower, floating upper) noexcept nogil:
    """Conjugate of ``g(t) = l1 |t| + l2 t^2 + I[lower <= t <= upper]`` at v.

    ``g^*(v) = sup_t v t - g(t)`` split at ``t = 0`` (feasible): the sup over
    ``[0, upper]`` of ``(v - l1) t - l2 t^2`` plus the sup over ``[0,
    -lower]`` of ``(-v - l1) s - l2 s^2``; at most one is positive since
    ``l1 >= 0``.  Unbounded with ``l2 > 0`` this is ``max(|v| - l1, 0)^2 /
    (4 l2)``.
    """
    return (_side_conjugate(v - l1, upper, l2)
            + _side_conjugate(-v - l1, -lower, l2))


cdef inline floating _gap_at_scale(int n_features, const floating *w,
                                   const floating *XtR, const floating *norm_sq,
                                   const floating *l1, const floating *l2,
                                   const floating *lower, const floating *upper,
                                   bint has_bounds, floating r_sq,
                                   floating r_dot_y, floating scale,
                                   bint every_side, bint augment) noexcept nogil:
    """``P(w) - D(scale * R)`` (with the unpenalized substitute), see
    ``_duality_gap``.  ``every_side``: ``scale`` comes from ``_dual_scale``
    over every side, so the pure-L1 conjugates are 0 by construction and
    are not summed (as for unbounded sides): a rounding-level excess of
    ``X_j^T theta`` over ``l1_j`` must not be multiplied by a far bound.
    ``augment``: the augmented problem's dual point (``_duality_gap``)."""
    cdef int j
    cdef floating u, v, l2_j, step, lo = -INFINITY, hi = INFINITY
    cdef floating penalty = 0.0
    cdef floating conjugate = 0.0
    cdef floating unpenalized = 0.0
    cdef floating augmented_sq = 0.0  # ||sqrt(2 l2) w||^2 over augmented coordinates
    cdef floating primal, dual

    for j in range(n_features):
        penalty += l1[j] * fabs(w[j]) + l2[j] * w[j] * w[j]
        u = XtR[j]
        l2_j = l2[j]
        if _augmented(l1[j], l2_j, augment):
            u = u - 2.0 * l2_j * w[j]
            augmented_sq += 2.0 * l2_j * w[j] * w[j]
            l2_j = 0.0
        v = scale * u
        if has_bounds:
            lo = lower[j]
            hi = upper[j]
        if l1[j] == 0.0 and l2_j == 0.0 and (lo == -INFINITY or hi == INFINITY):
            # cancel -w_j v (part of P - D below), add the coordinate's
            # available decrease instead
            unpenalized += w[j] * v
            if norm_sq[j] > 0.0:
                if lo == -INFINITY and hi == INFINITY:
                    unpenalized += XtR[j] * XtR[j] / (2.0 * norm_sq[j])
                else:
                    # projected step: delta = clip(w_j + X_j^T R / ||X_j||^2) - w_j
                    step = _clip(w[j] + XtR[j] / norm_sq[j], lo, hi) - w[j]
                    unpenalized += step * XtR[j] - 0.5 * norm_sq[j] * step * step
        elif (v - l1[j] > 0.0 or -v - l1[j] > 0.0) and not (
                every_side and l2_j == 0.0):
            # (the conjugate is 0 when |v| <= l1_j, whatever the box)
            conjugate += _conjugate(v, l1[j], l2_j, lo, hi)

    primal = 0.5 * r_sq + penalty
    dual = (scale * r_dot_y - 0.5 * scale * scale * (r_sq + augmented_sq)
            - conjugate)
    return primal - dual + unpenalized


cdef inline floating _best_gap(int n_features, const floating *w,
                               const floating *XtR, const floating *norm_sq,
                               const floating *l1, const floating *l2,
                               const floating *lower, const floating *upper,
                               bint has_bounds, floating r_sq, floating r_dot_y,
                               bint augment, floating *scale_out) noexcept nogil:
    """The smaller gap of the candidates ``s1`` and ``s2`` of one dual point
    family (plain ``theta = s R``, or augmented), see ``_duality_gap``."""
    cdef floating s1 = _dual_scale(n_features, w, XtR, l1, l2, lower, upper,
                                   has_bounds, False, augment)
    cdef floating gap = _gap_at_scale(n_features, w, XtR, norm_sq, l1, l2, lower,
                                      upper, has_bounds, r_sq, r_dot_y, s1, False,
                                      augment)
    cdef floating s2, gap2
    scale_out[0] = s1
    if has_bounds:
        s2 = _dual_scale(n_features, w, XtR, l1, l2, lower, upper, has_bounds,
                         True, augment)
        if s2 < s1:
            gap2 = _gap_at_scale(n_features, w, XtR, norm_sq, l1, l2, lower,
                                 upper, has_bounds, r_sq, r_dot_y, s2, True,
                                 augment)
            if gap2 < gap:
                gap = gap2
                scale_out[0] = s2
    return gap


cdef inline floating _duality_gap(int n_features, const floating *w,
                                  const floating *XtR, const floating *norm_sq,
                                  const floating *l1, const floating *l2,
                                  const floating *lower, const floating *upper,
                                  bint has_bounds, floating r_sq,
                                  floating r_dot_y, floating *scale_out,
                                  floating *plain_gap_out,
                                  floating *certified_out) noexcept nogil:
    """Duality gaps of the box-constrained weighted elastic net at ``w``
    (kernel scale, ``w`` inside the box).  Returns the *stopping measure*;
    ``certified_out[0]`` receives the best (smallest) certified gap, the
    one reported; ``scale_out[0]`` and ``plain_gap_out[0]`` the plain dual
    point's scaling and gap (for gap-safe screening).

    The Fenchel dual is ``D(theta) = theta^T y - 1/2 ||theta||^2 - sum_j
    g_j^*(X_j^T theta)`` with ``g_j(t) = l1_j |t| + l2_j t^2 + I[lower_j <=
    t <= upper_j]`` and ``g_j^*`` from ``_conjugate``: finite everywhere
    when ``l2_j > 0`` or both bounds are finite, the indicator of ``X_j^T
    theta <= l1_j`` (``-X_j^T theta <= l1_j``) on an unbounded upper (lower)
    side of a pure-L1 coordinate.

    *Plain dual point*: the residual rescaled, ``theta = s R``, and every
    ``s`` in ``(0, s1]`` is feasible, ``s1`` from ``_dual_scale`` over the
    unbounded sides.  ``D(s R)`` is concave in ``s``; two candidates are
    tried and the smaller gap kept (both are certified):

    * ``s1``: the least scaling; 1 at the optimum, where the gap is then 0
      even with coefficients held at a bound (``|X_j^T R| > l1_j``);
    * ``s2 <= s1``, scaling over every side a pure-L1 coefficient can move
      to, so that their conjugates vanish: the unbounded problem's dual
      point.  Far from a bound (say ``upper_j = 1e6``) the conjugate
      ``(X_j^T theta - l1_j) upper_j`` of the first candidate magnifies
      the stationarity error of nonzero coefficients by ``upper_j``; this
      candidate keeps the gap of an inactive box no larger than the
      unbounded gap.

    *Augmented dual point* (only when some coordinate has ``l1_j > 0`` and
    ``l2_j > 0``): the same problem written as a lasso on augmented data,
    ``1/2 ||(y; 0) - (X; diag(sqrt(2 l2))) w||^2 + sum_j l1_j |w_j|`` for
    those coordinates, whose dual point is the augmented residual ``s (R;
    -sqrt(2 l2) w)``, scaled so that ``|X_j^T R - 2 l2_j w_j| <= l1_j``
    (scikit-learn's elastic-net gap; the candidates ``s1``/``s2`` as
    above).  Its gap is certified too, and much less forgiving: the plain
    gap charges a stationarity error ``e_j`` of an elastic-net coordinate
    only ``e_j^2 / (4 l2_j)``, which is tiny when ``l2_j`` is large relative
    to ``e_j``, whereas the augmented one charges about ``1/2 (e / l1)^2
    ||R||^2``.

    Each is an upper bound on ``P(w) - P(w*)`` (>= 0 up to rounding for
    every ``w`` in the box, 0 at the optimum).  The certified gap is the
    smaller; the stopping measure the *larger*, so that a solver stopping
    on it meets both certificates, scikit-learn's among them
    (docs/convergence.rst).  Without elastic-net coordinates the two
    coincide (lasso, ridge) and only the plain one is computed.

    Unpenalized coordinates (``l1_j == l2_j == 0``) with an unbounded side
    constrain the dual to ``X_j^T theta = 0`` (``<= 0``, ``>= 0``), which
    scaling cannot reach.  For each of them the gap leaves out its
    Fenchel-Young term ``g_j^*(X_j^T theta) - w_j X_j^T theta`` and adds
    instead the decrease an exact step on that coordinate would achieve,
    ``(X_j^T R)^2 / (2 ||X_j||^2)`` (the step projected onto the box): zero
    exactly when the coordinate is optimal.  With such coordinates the value
    is therefore a stopping measure that vanishes only at the optimum, not a
    certified bound.  (Unpenalized with both bounds finite: ``g_j^*`` is
    finite, the gap stays certified.)

    Inputs: ``XtR = X^T R``, ``norm_sq[j] = ||X_j||^2``, ``r_sq = ||R||^2``,
    ``r_dot_y = R^T y``; ``lower``/``upper`` with -inf/inf where unbounded,
    not read when ``has_bounds`` is false (no finite bound at all: a single
    candidate per dual point).
    """
    cdef int j
    cdef bint elastic = False
    cdef floating augmented_scale
    cdef floating gap = _best_gap(n_features, w, XtR, norm_sq, l1, l2, lower,
                                  upper, has_bounds, r_sq, r_dot_y, False,
                                  scale_out)
    cdef floating augmented_gap
    plain_gap_out[0] = gap
    certified_out[0] = gap
    for j in range(n_features):
        if l1[j] > 0.0 and l2[j] > 0.0:
            elastic = True
            break
    if elastic:
        augmented_gap = _best_gap(n_features, w, XtR, norm_sq, l1, l2, lower,
                                  upper, has_bounds, r_sq, r_dot_y, True,
                                  &augmented_scale)
        if augmented_gap > gap:
            gap = augmented_gap
        else:
            certified_out[0] = augmented_gap
    return gap


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


cdef inline floating _box_extrapolated(const floating *history, int K, int m,
                                       int a, floating value, floating lower,
                                       floating upper) noexcept nogil:
    """Coordinate ``a`` of an Anderson point, projected onto [lower, upper].

    A coordinate whose last K iterates all sit on the same bound keeps that
    bound exactly: the combination ``sum_k c_k w_{k+1}`` reproduces it only
    up to a rounding error, which would move it just inside the box and turn
    its one-sided optimality condition into a two-sided one.
    """
    cdef floating last = history[K * m + a]
    cdef int k
    cdef bint held = last == lower or last == upper
    if held:
        for k in range(1, K):
            if history[k * m + a] != last:
                held = False
                break
    if held:
        return last
    return _clip(value, lower, upper)
