# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Coordinate descent for the weighted elastic net: dense, sparse and Gram.

Every entry point minimises, in kernel scale,

.. math::

    P(w) = \\frac12 \\|y - X w\\|_2^2 + \\sum_j l1_j |w_j| + l2_j w_j^2

subject to the box ``lower_j <= w_j <= upper_j`` (``lower_j <= 0 <= upper_j``;
``positive=True`` is ``lower = 0``) by cyclic or random coordinate descent
(Friedman, Hastie & Tibshirani 2010) over the coordinates of a *working
set* ``ws`` (all features by default), the others staying fixed.  It stops
as soon as the stopping measure of that problem (the larger of two
certified duality gaps, ``_cd_helpers._duality_gap``) is at most
``gap_tol``, and returns the smaller, certified one.  The gaps are
computed after an epoch whose largest coefficient change is small relative
to the largest coefficient (``dw_tol``), at least every ``gap_freq``
epochs, and after the last one.

With ``anderson=K > 0`` the iterates are accelerated by Anderson
extrapolation every K epochs (Bertrand & Massias 2021): the extrapolated
point is projected onto the box and kept only if it lowers the objective,
so convergence is never hurt.

Bounds: ``lower``/``upper`` (arrays indexed by feature, like ``l1``; None
for an unbounded side) and ``positive`` (folded in as ``max(lower, 0)``).
Each coordinate update clips the usual soft-threshold step to the box (the
exact 1-D minimiser); without any finite bound the clip is skipped.  The
starting ``w`` should lie in the box (a coordinate leaves it on its first
update at the latest).

The working-set outer loop, gap-safe screening and the choice of ``ws``
live in Python (``solvers/_working_set.py``); ``cd_dense``, ``cd_sparse``
and ``cd_gram`` are its inner solvers.  On small problems, where that
loop's Python costs more than the epochs, ``cd_dense_path`` (dense X) and
``cd_gram_path`` (the Gram form) run the same rule for a whole path (or a
single fit, a path of one alpha) in C; ``tests/test_solvers.py`` and
``tests/test_path.py`` hold each to its Python twin.  The kernels never
warn: they return ``(w, gap, n_iter, converged)`` (the path kernels, one of
each per alpha) and update ``w`` (and ``R`` when given) in place.
"""
import numpy as np

from cpython.exc cimport PyErr_CheckSignals
from cython cimport floating
from libc.math cimport INFINITY, copysign, fabs, fmax, fmin, nextafterf, sqrt
from libc.stdint cimport int32_t, int64_t, uint8_t, uint32_t
from libc.string cimport memcpy

from ._blas cimport _axpy, _dot, _gemv_t
from ._cd_helpers cimport (
    _anderson_extrapolate,
    _box_extrapolated,
    _coordinate_update,
    _duality_gap,
    _penalty_value,
    _xorshift,
)

from .._interrupt import raise_if_stopped

ctypedef fused index_t:
    int32_t
    int64_t

# Ctrl-C: the epoch loops take the GIL to check for signals once per this
# many floating-point operations of epochs (a few milliseconds), and only then.
cdef int64_t SIGNAL_CHECK_WORK = 1 << 25


cdef inline int _check_mask(int64_t work_per_epoch) noexcept nogil:
    """``2^k - 1`` for the largest ``2^k`` epochs within SIGNAL_CHECK_WORK:
    the loop checks when ``n_iter & mask == 0``, a test of loop-invariant
    values (no counter to keep in a register)."""
    cdef int64_t epochs = SIGNAL_CHECK_WORK // max(work_per_epoch, 1)
    cdef int mask = 0
    while mask < (1 << 30) and 2 * (<int64_t> mask + 1) <= epochs:
        mask = 2 * mask + 1
    return mask


cdef int _check_interrupts() except -1:
    """With the GIL: KeyboardInterrupt on Ctrl-C (main thread) or when the
    fit this thread works for was interrupted (``_interrupt``)."""
    raise_if_stopped()
    return PyErr_CheckSignals()


cdef inline int _next(int a, int m, bint random, uint32_t *rng_state) noexcept nogil:
    if random:
        return <int> (_xorshift(rng_state) % <uint32_t> m)
    return a


cdef inline uint32_t _seed_state(unsigned long seed) noexcept nogil:
    # xorshift must not start at 0 (it would stay there).
    cdef uint32_t state = <uint32_t> seed
    if state == 0:
        state = 2463534242
    return state


def _working_set(ws, n_features):
    if ws is None:
        return np.arange(n_features, dtype=np.int32)
    return np.ascontiguousarray(ws, dtype=np.int32)


def _box(lower, upper, positive, index, m, dtype):
    """``(lower[index], upper[index], has_bounds)``: contiguous arrays of m
    values of ``dtype`` (``index`` None: the whole arrays), -inf/inf for a
    side given as None, ``positive`` folded in as ``max(lower, 0)``.

    Without any bound (None, None, not positive) ``has_bounds`` is false:
    the updates skip the clip and the gap takes every side as unbounded
    without reading the (-inf/inf) arrays, so the unbounded case pays for the
    box only these two allocations.
    """
    if lower is None and upper is None and not positive:
        return np.full(m, -np.inf, dtype=dtype), np.full(m, np.inf, dtype=dtype), False

    def side(bound, default):
        if bound is None:
            return np.full(m, default, dtype=dtype)
        bound = np.asarray(bound, dtype=dtype)
        return np.ascontiguousarray(bound if index is None else bound[index])
    lo = side(lower, -np.inf)
    hi = side(upper, np.inf)
    if lo.shape[0] != m or hi.shape[0] != m:
        raise ValueError(f"lower/upper must have one bound per feature ({m}).")
    if positive:
        lo = np.maximum(lo, 0)
    return lo, hi, True


class _Buffers:
    """Work arrays shared by the three entry points (allocated with the GIL)."""

    def __init__(self, m, anderson, dtype):
        self.w_ws = np.empty(m, dtype=dtype)
        self.XtR_ws = np.empty(m, dtype=dtype)
        k = max(anderson, 1)
        self.history = np.empty((k + 1) * m, dtype=dtype)
        self.diffs = np.empty(k * m, dtype=dtype)
        self.small = np.empty(k * k, dtype=dtype)
        self.z = np.empty(k, dtype=dtype)
        self.w_acc = np.empty(m, dtype=dtype)


def round_to_float32(
    double[::1] w,
    const double[::1, :] Q,
    double[::1] grad,
    const double[::1] l1,
    const double[::1] l2,
    const double[::1] lower,
    const double[::1] upper,
    int passes=3,
):
    """Move a float64 Gram-form solution ``w`` onto float32 values in place,
    keeping each coordinate's stationarity residual on the feasible side.

    ``grad = q - Q w`` on entry, kept exact through every rounded step.
    Each nonzero coordinate, in ``passes`` cyclic passes, is re-minimised in
    float64 given the others, clipped to its box, rounded to the nearest
    float32 and, if that shrank it, one float32 step away from zero (so that
    ``|grad_j - 2 l2_j w_j| <= l1_j`` keeps holding); rounding away from zero
    could leave the box only through a bound that is not a float32, so the
    value is clipped again.  See ``solvers._cd._round_keeping_dual_feasibility``.
    """
    cdef int n_features = w.shape[0]
    cdef int j, _pass
    cdef double curvature, z, shrunk, value, rounded, step
    cdef float single
    with nogil:
        for _pass in range(passes):
            for j in range(n_features):
                if w[j] == 0.0:
                    continue
                curvature = Q[j, j] + 2.0 * l2[j]
                if curvature <= 0.0:
                    continue
                z = grad[j] + Q[j, j] * w[j]
                shrunk = copysign(fmax(fabs(z) - l1[j], 0.0), z)
                value = fmin(fmax(shrunk / curvature, lower[j]), upper[j])
                single = <float> value
                if fabs(<double> single) < fabs(value):
                    single = nextafterf(single, <float> copysign(INFINITY, value))
                rounded = fmin(fmax(<double> single, lower[j]), upper[j])
                step = rounded - w[j]
                if step != 0.0:
                    _axpy(n_features, -step, &Q[0, j], 1, &grad[0], 1)
                    w[j] = rounded


def duality_gap(
    const floating[::1] w,
    const floating[::1] XtR,
    const floating[::1] norm_sq,
    const floating[::1] l1,
    const floating[::1] l2,
    floating r_sq,
    floating r_dot_y,
    bint positive=False,
    lower=None,
    upper=None,
):
    """``(gap, certified, scale, plain_gap)``: the kernels' duality gaps.

    The one definition of the gaps, exposed for the working-set loop, as in
    ``_cd_helpers._duality_gap``: ``gap`` is the stopping measure,
    ``certified <= gap`` the best certified gap (the one reported),
    ``scale`` such that ``scale * R`` is the plain dual point and
    ``plain_gap`` the gap at that point (both used by gap-safe screening).
    ``lower``/``upper``: the box, as in ``cd_dense``.
    """
    cdef int n_features = w.shape[0]
    dtype = np.float64 if floating is double else np.float32
    lo_np, hi_np, bounded = _box(lower, upper, positive, None, n_features, dtype)
    cdef const floating[::1] lo = lo_np
    cdef const floating[::1] hi = hi_np
    cdef bint has_bounds = bounded
    cdef floating gap, scale, plain_gap, certified
    with nogil:
        gap = _duality_gap(n_features, &w[0], &XtR[0], &norm_sq[0], &l1[0],
                           &l2[0], &lo[0], &hi[0], has_bounds, r_sq, r_dot_y,
                           &scale, &plain_gap, &certified)
    return float(gap), float(certified), float(scale), float(plain_gap)


cdef int _dense_epochs(
    int n_samples, int m, floating *w, const int32_t *ws_, const floating *X,
    const floating *y, floating *R, floating *c_io, const floating *offset_ws,
    bint has_offset, const floating *norm_ws, const floating *l1_ws,
    const floating *l2_ws, const floating *lo_ws, const floating *hi_ws,
    bint has_bounds, int max_iter, floating gap_tol, floating dw_tol, bint random,
    uint32_t *rng_state, int gap_freq, bint require_dw, int anderson,
    floating *w_ws, floating *XtR_ws, floating *history, floating *diffs,
    floating *small, floating *z, floating *w_acc, floating *R_acc, int check_mask,
    int *n_iter_out, floating *gap_out, bint *converged_out,
) except -1 nogil:
    """The epochs of ``cd_dense`` (and of each inner solve of
    ``cd_dense_path``) on the ``m`` coordinates ``ws_`` of the Fortran
    ``X`` (``n_samples`` rows, column ``j`` at ``X + j n_samples``).  ``R =
    y - X w`` and ``c_io[0] = m^T w`` (the implicit centring's shift, 0
    without an offset) are kept up to date; ``offset_ws``, ``norm_ws``,
    ``l1_ws``... are gathered on the working set; the buffers are the
    ``_Buffers`` of size m, ``R_acc`` one of ``n_samples`` (with Anderson).
    Writes the epochs run, the certified gap and whether the stopping rule
    was met."""
    cdef int i, a, aa, j, n_iter = 0, n_hist = 0
    cdef floating w_j, w_new, z_j, d_w_max, w_max, r_sq, r_dot_y, obj, obj_acc
    cdef floating c = c_io[0], c_acc, sum_R, delta
    cdef floating n_float = n_samples
    cdef floating gap = INFINITY
    cdef floating dual_scale = 1.0  # written by _duality_gap, unused here
    cdef floating plain_gap = 0.0   # likewise
    cdef floating stop_gap = INFINITY  # the stopping measure; gap: the certified one
    cdef bint converged = False
    cdef const floating *X_j
    if anderson > 0:
        for a in range(m):
            history[a] = w[ws_[a]]
        n_hist = 1

    for n_iter in range(1, max_iter + 1):
        if (n_iter & check_mask) == 0:  # Ctrl-C, once per batch of epochs
            with gil:
                _check_interrupts()
        d_w_max = 0.0
        w_max = 0.0
        for a in range(m):
            aa = _next(a, m, random, rng_state)
            j = ws_[aa]
            X_j = X + <int64_t> j * n_samples
            w_j = w[j]
            # z = (X[:, j] - m_j) @ (R + c) + ||X[:, j] - m_j||^2 w_j
            z_j = (_dot(n_samples, X_j, 1, R, 1)
                   + c * n_float * offset_ws[aa] + norm_ws[aa] * w_j)
            w_new = _coordinate_update(z_j, l1_ws[aa], l2_ws[aa], norm_ws[aa],
                                       lo_ws[aa], hi_ws[aa], has_bounds)
            if w_new != w_j:
                # R += (w_j - w_new) * X[:, j];  c += (w_new - w_j) m_j
                _axpy(n_samples, w_j - w_new, X_j, 1, R, 1)
                c += (w_new - w_j) * offset_ws[aa]
                w[j] = w_new
            d_w_max = max(d_w_max, fabs(w_new - w_j))
            w_max = max(w_max, fabs(w_new))

        if anderson > 0:
            for a in range(m):
                history[n_hist * m + a] = w[ws_[a]]
            n_hist += 1
            if n_hist == anderson + 1:
                if _anderson_extrapolate(history, anderson, m, diffs, small, z, w_acc):
                    # R_acc = R + X_ws (w_ws - w_acc): the candidate residual
                    memcpy(R_acc, R, n_samples * sizeof(floating))
                    c_acc = c
                    for a in range(m):
                        if has_bounds:
                            # project the extrapolated point onto the box
                            w_acc[a] = _box_extrapolated(
                                history, anderson, m, a, w_acc[a], lo_ws[a], hi_ws[a])
                        w_ws[a] = w[ws_[a]]
                        delta = w_acc[a] - w_ws[a]
                        if delta != 0.0:
                            _axpy(n_samples, -delta, X + <int64_t> ws_[a] * n_samples, 1,
                                  R_acc, 1)
                            c_acc += delta * offset_ws[a]
                    # ||R + c||^2 = ||R||^2 + 2 c sum(R) + n c^2
                    obj = _dot(n_samples, R, 1, R, 1) + n_float * c * c
                    obj_acc = _dot(n_samples, R_acc, 1, R_acc, 1) + n_float * c_acc * c_acc
                    if has_offset:
                        sum_R = 0.0
                        for i in range(n_samples):
                            sum_R += R[i]
                        obj += 2.0 * c * sum_R
                        sum_R = 0.0
                        for i in range(n_samples):
                            sum_R += R_acc[i]
                        obj_acc += 2.0 * c_acc * sum_R
                    obj = 0.5 * obj + _penalty_value(m, w_ws, l1_ws, l2_ws)
                    obj_acc = 0.5 * obj_acc + _penalty_value(m, w_acc, l1_ws, l2_ws)
                    if obj_acc < obj:
                        memcpy(R, R_acc, n_samples * sizeof(floating))
                        c = c_acc
                        for a in range(m):
                            w[ws_[a]] = w_acc[a]
                # the current point opens the next window
                for a in range(m):
                    history[a] = w[ws_[a]]
                n_hist = 1

        if (w_max == 0.0 or d_w_max <= dw_tol * w_max
                or n_iter % gap_freq == 0 or n_iter == max_iter):
            # full residual R + c: norm, product with y (which sums to
            # zero when centred), and sum (zero up to rounding; kept so
            # the gap is exact for whatever the iterate is)
            r_sq = _dot(n_samples, R, 1, R, 1)
            r_dot_y = _dot(n_samples, R, 1, y, 1)
            sum_R = 0.0
            if has_offset:
                for i in range(n_samples):
                    sum_R += R[i]
                r_sq += 2.0 * c * sum_R + n_float * c * c
                sum_R += n_float * c
                for i in range(n_samples):
                    r_dot_y += c * y[i]
            for a in range(m):
                j = ws_[a]
                w_ws[a] = w[j]
                # XtR_ws[a] = (X[:, j] - m_j) @ (R + c)
                XtR_ws[a] = (_dot(n_samples, X + <int64_t> j * n_samples, 1, R, 1)
                             + c * n_float * offset_ws[a] - offset_ws[a] * sum_R)
            stop_gap = _duality_gap(m, w_ws, XtR_ws, norm_ws, l1_ws, l2_ws, lo_ws, hi_ws,
                                    has_bounds, r_sq, r_dot_y, &dual_scale, &plain_gap,
                                    &gap)
            if stop_gap <= gap_tol and (
                    not require_dw or w_max == 0.0 or d_w_max <= dw_tol * w_max):
                converged = True
                break
    c_io[0] = c
    n_iter_out[0] = n_iter
    gap_out[0] = gap
    converged_out[0] = converged
    return 0


def cd_dense(
    floating[::1] w,
    const floating[::1, :] X,
    const floating[::1] y,
    const floating[::1] l1,
    const floating[::1] l2,
    *,
    int max_iter,
    floating gap_tol,
    floating dw_tol,
    bint positive=False,
    lower=None,
    upper=None,
    bint random=False,
    unsigned long seed=0,
    int gap_freq=10,
    bint require_dw=False,
    ws=None,
    floating[::1] R=None,
    int anderson=0,
    X_offset=None,
    sq_norms=None,
):
    """Coordinate descent on a dense Fortran-ordered ``X``.

    The datafit is ``1/2 ||y - (X - 1 m^T) w||^2`` with ``y`` centred and
    ``m = X_offset`` (zeros when None).  Weighted problems pass ``X`` and
    ``y`` already scaled by ``sqrt(sample_weight)`` and centred (no
    offset).  With an offset, ``X`` is centred implicitly, as in
    ``cd_sparse``: the residual is ``R + c`` with ``R = y - X w`` (the
    buffer) and ``c = m^T w``; since the centred columns and ``y`` sum to
    zero, ``(X_j - m_j)^T (R + c) = X_j^T R + c n m_j``.

    Parameters
    ----------
    positive : bool, default=False
        Constrain ``w >= 0`` (the same as ``lower = max(lower, 0)``).
    lower, upper : arrays of shape (n_features,), default=None
        Box ``lower_j <= w_j <= upper_j`` with ``lower_j <= 0 <= upper_j``
        (-inf/inf, or None for a whole side, where unbounded); indexed by
        feature like ``l1``.  The updates are projected onto the box and the
        gap is that of the box-constrained problem.
    ws : array of int32, default=None
        Coordinates to update (all when None); the others must be zero.
        ``l1``/``l2`` are indexed by feature, like ``w``.  The gap is that
        of the problem restricted to ``ws``.
    R : array of shape (n_samples,), default=None
        ``y - X w`` for the given ``w``, reused and kept up to date in place
        (computed when None).
    anderson : int, default=0
        Anderson memory K (0 disables the acceleration).
    require_dw : bool, default=False
        Stop only after an epoch whose largest coefficient change is at most
        ``dw_tol`` times the largest coefficient, as well as ``gap_tol``
        (scikit-learn's two conditions).
    X_offset : array of shape (n_features,), default=None
        Column means for implicit centring.
    sq_norms : array of shape (n_features,), default=None
        ``||X[:, j] - m_j||^2`` if already known (a working-set loop calls
        the kernel many times); computed for the working set when None.

    Returns
    -------
    w : memoryview of shape (n_features,)
    gap : float
        Certified duality gap in kernel scale at the returned ``w`` (the
        smaller of the two of ``_cd_helpers._duality_gap``).
    n_iter : int
        Number of epochs (passes over the working set) run.
    converged : bool
        Whether the stopping measure (the larger gap) is at most ``gap_tol``
        (and, with ``require_dw``, the last epoch's changes small).
    """
    cdef int n_samples = X.shape[0]
    cdef int n_features = X.shape[1]
    dtype = np.float64 if floating is double else np.float32
    cdef const int32_t[::1] ws_ = _working_set(ws, n_features)
    cdef int m = ws_.shape[0]
    cdef bint has_offset = X_offset is not None
    cdef const floating[::1] offset = (
        np.asarray(X_offset, dtype=dtype) if has_offset else np.zeros(1, dtype=dtype))
    cdef bint known_norms = sq_norms is not None
    cdef const floating[::1] given_norms = (
        np.asarray(sq_norms, dtype=dtype) if known_norms else np.empty(1, dtype=dtype))
    cdef bint own_R = R is None
    if own_R:
        R = np.array(y, dtype=dtype)
    cdef floating[::1] norm_ws = np.empty(m, dtype=dtype)
    cdef floating[::1] offset_ws = np.empty(m, dtype=dtype)
    cdef floating[::1] l1_ws = np.asarray(l1)[np.asarray(ws_)]
    cdef floating[::1] l2_ws = np.asarray(l2)[np.asarray(ws_)]
    lo_np, hi_np, bounded = _box(lower, upper, positive, np.asarray(ws_), m, dtype)
    cdef const floating[::1] lo_ws = lo_np
    cdef const floating[::1] hi_ws = hi_np
    cdef bint has_bounds = bounded
    buffers = _Buffers(m, anderson, dtype)
    cdef floating[::1] w_ws = buffers.w_ws
    cdef floating[::1] XtR_ws = buffers.XtR_ws
    cdef floating[::1] history = buffers.history
    cdef floating[::1] diffs = buffers.diffs
    cdef floating[::1] small = buffers.small
    cdef floating[::1] z = buffers.z
    cdef floating[::1] w_acc = buffers.w_acc
    cdef floating[::1] R_acc = np.empty(n_samples if anderson > 0 else 1, dtype=dtype)
    cdef int a, j, n_iter = 0
    cdef floating c = 0.0
    cdef floating n_float = n_samples
    cdef floating gap = np.inf
    cdef bint converged = False
    cdef uint32_t rng_state = _seed_state(seed)

    with nogil:
        for j in range(n_features):
            if w[j] != 0.0:
                if has_offset:
                    c += offset[j] * w[j]
                if own_R:
                    # R -= w[j] * X[:, j]
                    _axpy(n_samples, -w[j], &X[0, j], 1, &R[0], 1)
        for a in range(m):
            j = ws_[a]
            offset_ws[a] = offset[j] if has_offset else 0.0
            if known_norms:
                norm_ws[a] = given_norms[j]
                continue
            # norm_ws[a] = ||X[:, j] - m_j||^2 = X[:, j] @ X[:, j] - n m_j^2
            norm_ws[a] = _dot(n_samples, &X[0, j], 1, &X[0, j], 1)
            if has_offset:
                norm_ws[a] = max(norm_ws[a] - n_float * offset_ws[a] * offset_ws[a], 0.0)

    if m == 0:
        return w, 0.0, 0, True

    # an epoch: m dots and axpys of length n_samples
    cdef int check_mask = _check_mask(2 * <int64_t> m * n_samples)
    _check_interrupts()
    with nogil:
        _dense_epochs(n_samples, m, &w[0], &ws_[0], &X[0, 0], &y[0], &R[0], &c,
                      &offset_ws[0], has_offset, &norm_ws[0], &l1_ws[0], &l2_ws[0],
                      &lo_ws[0], &hi_ws[0], has_bounds, max_iter, gap_tol, dw_tol,
                      random, &rng_state, gap_freq, require_dw, anderson, &w_ws[0],
                      &XtR_ws[0], &history[0], &diffs[0], &small[0], &z[0], &w_acc[0],
                      &R_acc[0], check_mask, &n_iter, &gap, &converged)
    return w, float(gap), n_iter, converged


def cd_sparse(
    floating[::1] w,
    const floating[::1] X_data,
    const index_t[::1] X_indices,
    const index_t[::1] X_indptr,
    const floating[::1] y,
    const floating[::1] sample_weight,
    const floating[::1] X_offset,
    const floating[::1] l1,
    const floating[::1] l2,
    *,
    int max_iter,
    floating gap_tol,
    floating dw_tol,
    bint positive=False,
    lower=None,
    upper=None,
    bint random=False,
    unsigned long seed=0,
    int gap_freq=10,
    bint require_dw=False,
    bint has_sample_weight=False,
    bint has_offset=False,
    ws=None,
    floating[::1] R=None,
    int anderson=0,
):
    """Coordinate descent on a CSC matrix, centring implicitly.

    The datafit is ``1/2 sum_i s_i (y_i - (x_i - m)^T w)^2`` with ``s`` the
    sample weights (ones when ``has_sample_weight`` is false), ``m =
    X_offset`` the weighted column means (zeros without intercept) and ``y``
    already centred (not scaled).  ``X`` is never densified nor centred: the
    residual is kept as ``R + c`` with ``R = y - X w`` (the buffer) and the
    scalar ``c = m^T w``.  Because ``y`` and the centred columns have
    weighted mean zero, ``sum_i s_i (R_i + c) = 0`` at every iterate, so
    ``(X_j - m_j)^T S (R + c) = X_j^T S R + c * sum_i s_i x_ij``.

    ``positive``, ``lower``, ``upper``, ``ws``, ``R``, ``anderson`` and
    ``require_dw`` as in ``cd_dense`` (``R`` holds the sparse part ``y - X
    w`` only).  Returns ``(w, gap, n_iter, converged)``.
    """
    cdef int n_samples = y.shape[0]
    cdef int n_features = w.shape[0]
    dtype = np.float64 if floating is double else np.float32
    cdef const int32_t[::1] ws_ = _working_set(ws, n_features)
    cdef int m = ws_.shape[0]
    cdef floating[::1] norm_ws = np.empty(m, dtype=dtype)
    # col_sw_sum[a] = sum_i s_i x_ij, j = ws[a]: weighted column sums
    cdef floating[::1] col_sw_sum = np.zeros(m, dtype=dtype)
    cdef floating[::1] l1_ws = np.asarray(l1)[np.asarray(ws_)]
    cdef floating[::1] l2_ws = np.asarray(l2)[np.asarray(ws_)]
    lo_np, hi_np, bounded = _box(lower, upper, positive, np.asarray(ws_), m, dtype)
    cdef const floating[::1] lo_ws = lo_np
    cdef const floating[::1] hi_ws = hi_np
    cdef bint has_bounds = bounded
    buffers = _Buffers(m, anderson, dtype)
    cdef floating[::1] w_ws = buffers.w_ws
    cdef floating[::1] XtR_ws = buffers.XtR_ws
    cdef floating[::1] history = buffers.history
    cdef floating[::1] diffs = buffers.diffs
    cdef floating[::1] small = buffers.small
    cdef floating[::1] z = buffers.z
    cdef floating[::1] w_acc = buffers.w_acc
    cdef floating[::1] R_acc = np.empty(n_samples if anderson > 0 else 1, dtype=dtype)
    cdef bint own_R = R is None
    if own_R:
        R = np.array(y, dtype=dtype)
    cdef int i, a, aa, j, n_iter = 0, n_hist = 0
    cdef index_t k
    cdef floating w_j, w_new, z_j, d_w_max, w_max, r_sq, r_dot_y, x, s, r_i
    cdef floating obj, obj_acc, offset_acc, delta
    cdef floating sum_sw = 0.0
    cdef floating sum_sR
    cdef floating offset_dot_w = 0.0                          # c = m^T w
    cdef floating gap = np.inf
    cdef floating dual_scale = 1.0  # written by _duality_gap, unused here
    cdef floating plain_gap = 0.0   # likewise
    cdef floating stop_gap = np.inf  # the stopping measure; gap: the certified one
    cdef bint converged = False
    cdef uint32_t rng_state = _seed_state(seed)

    if m == 0:
        return w, 0.0, 0, True

    cdef int64_t nnz_ws = 0
    cdef int check_mask
    _check_interrupts()
    with nogil:
        if has_sample_weight:
            for i in range(n_samples):
                sum_sw += sample_weight[i]
        else:
            sum_sw = n_samples

        for j in range(n_features):
            if w[j] != 0.0:
                if has_offset:
                    offset_dot_w += X_offset[j] * w[j]
                if own_R:
                    for k in range(X_indptr[j], X_indptr[j + 1]):
                        R[X_indices[k]] -= w[j] * X_data[k]

        for a in range(m):
            j = ws_[a]
            z_j = 0.0
            x = 0.0
            nnz_ws += X_indptr[j + 1] - X_indptr[j]
            for k in range(X_indptr[j], X_indptr[j + 1]):
                s = sample_weight[X_indices[k]] if has_sample_weight else 1.0
                z_j += s * X_data[k]
                x += s * X_data[k] * X_data[k]
            col_sw_sum[a] = z_j
            norm_ws[a] = x
            if has_offset:
                # ||x_j - m_j||_S^2 = sum_i s_i x_ij^2 - sum(s) m_j^2, since
                # m_j = col_sw_sum[a] / sum(s).
                norm_ws[a] = max(x - sum_sw * X_offset[j] * X_offset[j], 0.0)

        # an epoch: two passes over the working set's nonzeros (and the
        # gap's pass over the samples)
        check_mask = _check_mask(2 * nnz_ws + n_samples)
        if anderson > 0:
            for a in range(m):
                history[a] = w[ws_[a]]
            n_hist = 1

        for n_iter in range(1, max_iter + 1):
            if (n_iter & check_mask) == 0:  # Ctrl-C, once per batch of epochs
                with gil:
                    _check_interrupts()
            d_w_max = 0.0
            w_max = 0.0
            for a in range(m):
                aa = _next(a, m, random, &rng_state)
                j = ws_[aa]
                w_j = w[j]
                # z = (X_j - m_j)^T S (R + c) + ||X_j - m_j||_S^2 w_j
                z_j = 0.0
                if has_sample_weight:
                    for k in range(X_indptr[j], X_indptr[j + 1]):
                        i = X_indices[k]
                        z_j += X_data[k] * sample_weight[i] * R[i]
                else:
                    for k in range(X_indptr[j], X_indptr[j + 1]):
                        z_j += X_data[k] * R[X_indices[k]]
                if has_offset:
                    z_j += offset_dot_w * col_sw_sum[aa]
                z_j += norm_ws[aa] * w_j
                w_new = _coordinate_update(z_j, l1_ws[aa], l2_ws[aa], norm_ws[aa],
                                           lo_ws[aa], hi_ws[aa], has_bounds)
                if w_new != w_j:
                    # R -= (w_new - w_j) * X[:, j];  c += (w_new - w_j) m_j
                    for k in range(X_indptr[j], X_indptr[j + 1]):
                        R[X_indices[k]] -= (w_new - w_j) * X_data[k]
                    if has_offset:
                        offset_dot_w += (w_new - w_j) * X_offset[j]
                    w[j] = w_new
                d_w_max = max(d_w_max, fabs(w_new - w_j))
                w_max = max(w_max, fabs(w_new))

            if anderson > 0:
                for a in range(m):
                    history[n_hist * m + a] = w[ws_[a]]
                n_hist += 1
                if n_hist == anderson + 1:
                    if _anderson_extrapolate(&history[0], anderson, m, &diffs[0],
                                             &small[0], &z[0], &w_acc[0]):
                        memcpy(&R_acc[0], &R[0], n_samples * sizeof(floating))
                        offset_acc = offset_dot_w
                        for a in range(m):
                            if has_bounds:
                                # project the extrapolated point onto the box
                                w_acc[a] = _box_extrapolated(
                                    &history[0], anderson, m, a, w_acc[a],
                                    lo_ws[a], hi_ws[a])
                            j = ws_[a]
                            w_ws[a] = w[j]
                            delta = w_acc[a] - w_ws[a]
                            if delta != 0.0:
                                for k in range(X_indptr[j], X_indptr[j + 1]):
                                    R_acc[X_indices[k]] -= delta * X_data[k]
                                if has_offset:
                                    offset_acc += delta * X_offset[j]
                        # objectives with the full residual R + c
                        obj = 0.0
                        obj_acc = 0.0
                        for i in range(n_samples):
                            s = sample_weight[i] if has_sample_weight else 1.0
                            obj += s * (R[i] + offset_dot_w) * (R[i] + offset_dot_w)
                            obj_acc += s * (R_acc[i] + offset_acc) * (R_acc[i] + offset_acc)
                        obj = 0.5 * obj + _penalty_value(m, &w_ws[0], &l1_ws[0], &l2_ws[0])
                        obj_acc = (0.5 * obj_acc
                                   + _penalty_value(m, &w_acc[0], &l1_ws[0], &l2_ws[0]))
                        if obj_acc < obj:
                            memcpy(&R[0], &R_acc[0], n_samples * sizeof(floating))
                            offset_dot_w = offset_acc
                            for a in range(m):
                                w[ws_[a]] = w_acc[a]
                    for a in range(m):
                        history[a] = w[ws_[a]]
                    n_hist = 1

            if (w_max == 0.0 or d_w_max <= dw_tol * w_max
                    or n_iter % gap_freq == 0 or n_iter == max_iter):
                # Full residual R_i + c: its weighted norm, its product with
                # y, and its weighted sum (zero up to rounding; kept so the
                # gap is exact for whatever the iterate is).
                r_sq = 0.0
                r_dot_y = 0.0
                sum_sR = 0.0
                for i in range(n_samples):
                    r_i = R[i] + offset_dot_w
                    s = sample_weight[i] if has_sample_weight else 1.0
                    r_sq += s * r_i * r_i
                    r_dot_y += s * r_i * y[i]
                    sum_sR += s * r_i
                for a in range(m):
                    j = ws_[a]
                    w_ws[a] = w[j]
                    z_j = 0.0
                    if has_sample_weight:
                        for k in range(X_indptr[j], X_indptr[j + 1]):
                            i = X_indices[k]
                            z_j += X_data[k] * sample_weight[i] * R[i]
                    else:
                        for k in range(X_indptr[j], X_indptr[j + 1]):
                            z_j += X_data[k] * R[X_indices[k]]
                    if has_offset:
                        z_j += offset_dot_w * col_sw_sum[a] - X_offset[j] * sum_sR
                    XtR_ws[a] = z_j
                stop_gap = _duality_gap(m, &w_ws[0], &XtR_ws[0], &norm_ws[0], &l1_ws[0],
                                        &l2_ws[0], &lo_ws[0], &hi_ws[0], has_bounds,
                                        r_sq, r_dot_y, &dual_scale, &plain_gap,
                                        &gap)
                if stop_gap <= gap_tol and (
                        not require_dw or w_max == 0.0 or d_w_max <= dw_tol * w_max):
                    converged = True
                    break
    return w, float(gap), n_iter, converged


cdef int _gram_epochs(
    int m, floating *w, const int32_t *ws_, const floating *Q_sub, floating *g,
    floating *g_acc, const floating *norm_ws, const floating *q_ws,
    const floating *l1_ws, const floating *l2_ws, const floating *lo_ws,
    const floating *hi_ws, bint has_bounds, floating y_sq, int max_iter,
    floating gap_tol, floating dw_tol, bint random, uint32_t *rng_state, int gap_freq,
    bint require_dw, int anderson, floating *w_ws, floating *history,
    floating *diffs, floating *small, floating *z, floating *w_acc, int check_mask,
    int *n_iter_out, floating *gap_out, bint *converged_out,
) except -1 nogil:
    """The epochs of ``cd_gram`` (and of each alpha of ``cd_gram_path``) on
    the ``m`` coordinates ``ws_``: ``Q_sub`` is ``Q[ws, ws]`` (Fortran, m x
    m), ``g = q_ws - Q_sub w_ws`` is kept up to date; the buffers are the
    ``_Buffers`` of size m.  Writes the epochs run, the certified gap and
    whether the stopping rule was met."""
    cdef int a, aa, b, j, n_iter = 0, n_hist = 0
    cdef floating w_j, w_new, z_j, d_w_max, w_max, r_sq, r_dot_y, w_dot_q
    cdef floating obj, obj_acc
    cdef floating gap = INFINITY
    cdef floating dual_scale = 1.0  # written by _duality_gap, unused here
    cdef floating plain_gap = 0.0   # likewise
    cdef floating stop_gap = INFINITY  # the stopping measure; gap: the certified one
    cdef bint converged = False
    if anderson > 0:
        for a in range(m):
            history[a] = w[ws_[a]]
        n_hist = 1

    for n_iter in range(1, max_iter + 1):
        if (n_iter & check_mask) == 0:  # Ctrl-C, once per batch of epochs
            with gil:
                _check_interrupts()
        d_w_max = 0.0
        w_max = 0.0
        for a in range(m):
            aa = _next(a, m, random, rng_state)
            j = ws_[aa]
            w_j = w[j]
            z_j = g[aa] + norm_ws[aa] * w_j
            w_new = _coordinate_update(z_j, l1_ws[aa], l2_ws[aa], norm_ws[aa],
                                       lo_ws[aa], hi_ws[aa], has_bounds)
            if w_new != w_j:
                # g -= (w_new - w_j) * Q[ws, j]
                _axpy(m, w_j - w_new, &Q_sub[aa * m], 1, g, 1)
                w[j] = w_new
            d_w_max = max(d_w_max, fabs(w_new - w_j))
            w_max = max(w_max, fabs(w_new))

        if anderson > 0:
            for a in range(m):
                history[n_hist * m + a] = w[ws_[a]]
            n_hist += 1
            if n_hist == anderson + 1:
                if _anderson_extrapolate(history, anderson, m, diffs, small, z, w_acc):
                    for a in range(m):
                        if has_bounds:
                            # project the extrapolated point onto the box
                            w_acc[a] = _box_extrapolated(
                                history, anderson, m, a, w_acc[a], lo_ws[a], hi_ws[a])
                        w_ws[a] = w[ws_[a]]
                    # g_acc = q_ws - Q[ws, ws] w_acc
                    for b in range(m):
                        g_acc[b] = q_ws[b]
                    for a in range(m):
                        if w_acc[a] != 0.0:
                            _axpy(m, -w_acc[a], &Q_sub[a * m], 1, g_acc, 1)
                    # 1/2 ||R||^2 = 1/2 (y_sq - w^T q - w^T g)
                    obj = 0.5 * (y_sq - _dot(m, w_ws, 1, q_ws, 1) - _dot(m, w_ws, 1, g, 1))
                    obj += _penalty_value(m, w_ws, l1_ws, l2_ws)
                    obj_acc = 0.5 * (y_sq - _dot(m, w_acc, 1, q_ws, 1)
                                     - _dot(m, w_acc, 1, g_acc, 1))
                    obj_acc += _penalty_value(m, w_acc, l1_ws, l2_ws)
                    if obj_acc < obj:
                        memcpy(g, g_acc, m * sizeof(floating))
                        for a in range(m):
                            w[ws_[a]] = w_acc[a]
                for a in range(m):
                    history[a] = w[ws_[a]]
                n_hist = 1

        if (w_max == 0.0 or d_w_max <= dw_tol * w_max
                or n_iter % gap_freq == 0 or n_iter == max_iter):
            for a in range(m):
                w_ws[a] = w[ws_[a]]
            w_dot_q = _dot(m, w_ws, 1, q_ws, 1)
            r_dot_y = y_sq - w_dot_q
            r_sq = max(r_dot_y - _dot(m, w_ws, 1, g, 1), 0.0)
            stop_gap = _duality_gap(m, w_ws, g, norm_ws, l1_ws, l2_ws, lo_ws, hi_ws,
                                    has_bounds, r_sq, r_dot_y, &dual_scale, &plain_gap,
                                    &gap)
            if stop_gap <= gap_tol and (
                    not require_dw or w_max == 0.0 or d_w_max <= dw_tol * w_max):
                converged = True
                break
    n_iter_out[0] = n_iter
    gap_out[0] = gap
    converged_out[0] = converged
    return 0


def cd_gram(
    floating[::1] w,
    const floating[::1, :] Q,
    const floating[::1] q,
    floating y_sq,
    const floating[::1] l1,
    const floating[::1] l2,
    *,
    int max_iter,
    floating gap_tol,
    floating dw_tol,
    bint positive=False,
    lower=None,
    upper=None,
    bint random=False,
    unsigned long seed=0,
    int gap_freq=10,
    bint require_dw=False,
    ws=None,
    int anderson=0,
):
    """Coordinate descent on the covariance (Gram) form.

    ``Q = X^T X`` (symmetric, ``(p, p)``), ``q = X^T y`` and ``y_sq = y^T y``
    of the centred, weight-scaled data.  Works in O(|ws|) per coordinate,
    independent of ``n_samples``: the state is the gradient on the working
    set, ``g = X_ws^T R = q_ws - Q[ws, :] w``.  Then ``R^T y = y_sq - w^T q``
    and ``||R||^2 = y_sq - w^T q - w^T g``.  Coordinates outside ``ws`` must
    be zero.  ``positive``, ``lower``, ``upper``, ``ws``, ``anderson`` and
    ``require_dw`` as in ``cd_dense``.

    Returns ``(w, gap, n_iter, converged)`` as ``cd_dense``.
    """
    cdef int n_features = w.shape[0]
    dtype = np.float64 if floating is double else np.float32
    cdef const int32_t[::1] ws_ = _working_set(ws, n_features)
    cdef int m = ws_.shape[0]
    ws_np = np.asarray(ws_)
    Q_np = np.asarray(Q)
    w_np = np.asarray(w)
    # Q[ws, ws] as one contiguous Fortran block (a copy of m^2 values, at
    # most the size of Q, when ws is a proper subset): every coordinate
    # update is then one BLAS axpy down a column instead of a gather.
    Q_sub_np = (Q_np if m == n_features
                else np.asfortranarray(Q_np[np.ix_(ws_np, ws_np)]))
    cdef const floating[::1, :] Q_sub = Q_sub_np
    # g = q_ws - Q[ws, ws] w_ws (coordinates outside ws are zero)
    cdef floating[::1] g = (np.asarray(q)[ws_np]
                            - Q_sub_np @ w_np[ws_np]).astype(dtype)
    cdef floating[::1] g_acc = np.empty(m, dtype=dtype)
    cdef floating[::1] norm_ws = np.ascontiguousarray(np.diag(Q_np)[ws_np], dtype=dtype)
    cdef floating[::1] q_ws = np.ascontiguousarray(np.asarray(q)[ws_np], dtype=dtype)
    cdef floating[::1] l1_ws = np.asarray(l1)[ws_np]
    cdef floating[::1] l2_ws = np.asarray(l2)[ws_np]
    lo_np, hi_np, bounded = _box(lower, upper, positive, ws_np, m, dtype)
    cdef const floating[::1] lo_ws = lo_np
    cdef const floating[::1] hi_ws = hi_np
    cdef bint has_bounds = bounded
    buffers = _Buffers(m, anderson, dtype)
    cdef floating[::1] w_ws = buffers.w_ws
    cdef floating[::1] history = buffers.history
    cdef floating[::1] diffs = buffers.diffs
    cdef floating[::1] small = buffers.small
    cdef floating[::1] z = buffers.z
    cdef floating[::1] w_acc = buffers.w_acc
    cdef int n_iter = 0
    cdef floating gap = np.inf
    cdef bint converged = False
    cdef uint32_t rng_state = _seed_state(seed)

    if m == 0:
        return w, 0.0, 0, True

    # an epoch: m axpys of length m
    cdef int check_mask = _check_mask(<int64_t> m * m)
    _check_interrupts()
    with nogil:
        _gram_epochs(m, &w[0], &ws_[0], &Q_sub[0, 0], &g[0], &g_acc[0], &norm_ws[0],
                     &q_ws[0], &l1_ws[0], &l2_ws[0], &lo_ws[0], &hi_ws[0], has_bounds,
                     y_sq, max_iter, gap_tol, dw_tol, random, &rng_state, gap_freq,
                     require_dw, anderson, &w_ws[0], &history[0], &diffs[0], &small[0],
                     &z[0], &w_acc[0], check_mask, &n_iter, &gap, &converged)
    return w, float(gap), n_iter, converged


def cd_gram_path(
    double[::1] w,
    const double[::1, :] Q,
    const double[::1] q,
    double y_sq,
    const double[::1] l1_unit,
    const double[::1] l2_unit,
    const double[::1] alphas,
    *,
    int max_iter,
    double gap_tol,
    double gap_target,
    double first_gap_tol,
    double dw_tol,
    lower=None,
    upper=None,
    int anderson=0,
    int gap_freq=10,
):
    """A warm-started path on the Gram form in one call (float64).

    For each ``alphas[i]`` in order, the problem of ``cd_gram`` with
    ``l1 = alphas[i] * l1_unit`` and ``l2 = alphas[i] * l2_unit``, over every
    feature, from the previous solution (``w`` for the first; updated in
    place): the rule of ``solvers._working_set.solve_target`` for one kernel
    call.  Before any epoch, the gap at the start is checked: with ``w = 0``
    and every ``l1 > 0``, zero is returned exactly if it is optimal up to a
    few ulps of ``l1`` (the grid's ``alpha_max`` is computed elsewhere), and
    a start whose stopping measure already meets the target runs no epoch.
    The epochs stop as ``cd_gram`` with ``require_dw``, at ``first_gap_tol``
    for a first solve from zero and ``gap_target`` after.  Solving the path
    here removes the per-alpha Python work, which on small problems (tens
    of features) costs more than the epochs.

    Returns
    -------
    coefs : ndarray of shape (n_alphas, n_features)
    gaps : ndarray of shape (n_alphas,)
        Certified duality gaps in kernel scale.
    n_iters : ndarray of shape (n_alphas,)
        Epochs per alpha (0 for a warm start already within the target, 1
        for zero at a cold start).
    reached : ndarray of shape (n_alphas,) of bool
        Whether the stopping rule was met (``gap_tol``: the promise, is
        checked by the caller on ``gaps``).
    """
    cdef int p = w.shape[0]
    cdef int n_alphas = alphas.shape[0]
    coefs_np = np.empty((n_alphas, p))
    gaps_np = np.empty(n_alphas)
    n_iters_np = np.zeros(n_alphas, dtype=np.int64)
    reached_np = np.zeros(n_alphas, dtype=bool)
    cdef double[:, ::1] coefs = coefs_np
    cdef double[::1] gaps = gaps_np
    cdef int64_t[::1] n_iters = n_iters_np
    cdef uint8_t[::1] reached = reached_np.view(np.uint8)
    cdef const int32_t[::1] ws_ = np.arange(p, dtype=np.int32)
    cdef double[::1] g = np.asarray(q) - np.asarray(Q) @ np.asarray(w)
    cdef double[::1] g_acc = np.empty(p)
    cdef const double[::1] norm = np.ascontiguousarray(np.diag(np.asarray(Q)))
    cdef double[::1] l1 = np.empty(p)
    cdef double[::1] l2 = np.empty(p)
    lo_np, hi_np, bounded = _box(lower, upper, False, None, p, np.float64)
    cdef const double[::1] lo = lo_np
    cdef const double[::1] hi = hi_np
    cdef bint has_bounds = bounded
    buffers = _Buffers(p, anderson, np.float64)
    cdef double[::1] w_ws = buffers.w_ws
    cdef double[::1] history = buffers.history
    cdef double[::1] diffs = buffers.diffs
    cdef double[::1] small = buffers.small
    cdef double[::1] z = buffers.z
    cdef double[::1] w_acc = buffers.w_acc
    cdef int i, j, n_iter
    cdef double alpha, gap, stop_gap, r_sq, r_dot_y, pull, slack
    cdef double dual_scale = 1.0, plain_gap = 0.0
    cdef bint converged, all_zero, warm, all_l1, zero_optimal
    cdef uint32_t rng_state = _seed_state(0)
    cdef int check_mask = _check_mask(<int64_t> p * p)
    cdef double eps = np.finfo(np.float64).eps
    if p == 0:
        return coefs_np, np.zeros(n_alphas), n_iters_np, np.ones(n_alphas, dtype=bool)
    _check_interrupts()
    with nogil:
        for i in range(n_alphas):
            alpha = alphas[i]
            all_zero = True
            all_l1 = True
            for j in range(p):
                l1[j] = alpha * l1_unit[j]
                l2[j] = alpha * l2_unit[j]
                all_zero = all_zero and w[j] == 0.0
                all_l1 = all_l1 and l1[j] > 0.0
            warm = not all_zero
            # the gap at the start (g = q - Q w is the state, exact)
            r_dot_y = y_sq - _dot(p, &w[0], 1, &q[0], 1)
            r_sq = max(r_dot_y - _dot(p, &w[0], 1, &g[0], 1), 0.0)
            stop_gap = _duality_gap(p, &w[0], &g[0], &norm[0], &l1[0], &l2[0], &lo[0],
                                    &hi[0], has_bounds, r_sq, r_dot_y, &dual_scale,
                                    &plain_gap, &gap)
            zero_optimal = False
            if all_zero and all_l1:
                zero_optimal = True
                slack = 1.0 + 8.0 * eps
                for j in range(p):
                    # the pull of g_j in the directions the box allows
                    if has_bounds:
                        pull = -INFINITY
                        if hi[j] > 0.0:
                            pull = g[j]
                        if lo[j] < 0.0:
                            pull = max(pull, -g[j])
                    else:
                        pull = fabs(g[j])
                    if pull > l1[j] * slack:
                        zero_optimal = False
                        break
            if zero_optimal:
                n_iter, converged = 1, stop_gap <= gap_tol
            elif stop_gap <= gap_target:
                n_iter, converged = (0 if warm else 1), True
            else:
                _gram_epochs(p, &w[0], &ws_[0], &Q[0, 0], &g[0], &g_acc[0], &norm[0],
                             &q[0], &l1[0], &l2[0], &lo[0], &hi[0], has_bounds, y_sq,
                             max_iter, first_gap_tol if not warm else gap_target,
                             dw_tol, False, &rng_state, gap_freq, True, anderson,
                             &w_ws[0], &history[0], &diffs[0], &small[0], &z[0],
                             &w_acc[0], check_mask, &n_iter, &gap, &converged)
            for j in range(p):
                coefs[i, j] = w[j]
            gaps[i] = gap
            n_iters[i] = n_iter
            reached[i] = converged
    return coefs_np, gaps_np, n_iters_np, reached_np


cdef void _largest_first(int n, const floating *score, int32_t *idx, int k) noexcept nogil:
    """Permute ``idx[:n]`` so that ``idx[:k]`` holds indices of the ``k``
    largest ``score[idx]`` (quickselect, Hoare's partition; ties broken
    arbitrarily, as ``np.argpartition``)."""
    cdef int lo = 0, hi = n - 1, i, j, target = k - 1
    cdef int32_t swap
    cdef floating pivot
    while lo < hi:
        pivot = score[idx[lo + (hi - lo) // 2]]
        i, j = lo, hi
        while i <= j:
            while score[idx[i]] > pivot:
                i += 1
            while score[idx[j]] < pivot:
                j -= 1
            if i <= j:
                swap = idx[i]
                idx[i] = idx[j]
                idx[j] = swap
                i += 1
                j -= 1
        # [lo, j] >= pivot >= [i, hi]; between them, values equal to pivot
        if target <= j:
            hi = j
        elif target >= i:
            lo = i
        else:
            break


cdef inline floating _pull_of(floating u, floating lower, floating upper,
                              bint has_bounds) noexcept nogil:
    """``_working_set._pull``: how hard ``u = X_j^T R`` pulls a zero
    coefficient in a direction its box allows (``|u|`` unbounded)."""
    cdef floating pull
    if not has_bounds:
        return fabs(u)
    pull = -INFINITY
    if upper > 0.0:
        pull = u
    if lower < 0.0:
        pull = max(pull, -u)
    return pull


cdef floating _gradient_at(
    int n_samples, int p, const floating *X, const floating *y, const floating *R,
    const floating *w, const floating *offset, bint has_offset, floating *r,
    floating *grad, floating *r_sq_out, floating *r_dot_y_out,
) noexcept nogil:
    """``grad = X_c^T (R + c)`` with ``c = m^T w`` (``_ResidualOps
    .full_gradient``), and ``||R + c||^2``, ``(R + c)^T y`` (its
    ``residual_stats``); ``r`` is a buffer of ``n_samples``.  Returns ``c``."""
    cdef int i, j
    cdef floating c = 0.0, sum_r = 0.0
    if has_offset:
        for j in range(p):
            if w[j] != 0.0:
                c += offset[j] * w[j]
    for i in range(n_samples):
        r[i] = R[i] + c
        sum_r += r[i]
    _gemv_t(n_samples, p, X, n_samples, r, grad)
    if has_offset:
        for j in range(p):
            grad[j] -= offset[j] * sum_r
    r_sq_out[0] = _dot(n_samples, r, 1, r, 1)
    r_dot_y_out[0] = _dot(n_samples, r, 1, y, 1)
    return c


cdef int _solve_on(
    int m, const int32_t *ws_, int n_samples, int p, floating *w, const floating *X,
    const floating *y, floating *R, const floating *offset, bint has_offset,
    const floating *sq_norms, const floating *l1, const floating *l2,
    const floating *lo, const floating *hi, bint has_bounds, int max_iter,
    floating gap_tol, floating dw_tol, bint require_dw, int anderson, int gap_freq,
    floating *offset_ws, floating *norm_ws, floating *l1_ws, floating *l2_ws,
    floating *lo_ws, floating *hi_ws, floating *w_ws, floating *XtR_ws,
    floating *history, floating *diffs, floating *small, floating *z, floating *w_acc,
    floating *R_acc, uint32_t *rng_state, int check_mask, int *n_iter_out,
    floating *gap_out, bint *converged_out,
) except -1 nogil:
    """``_dense_epochs`` on the working set ``ws_`` of ``m`` of the ``p``
    features (its arrays gathered into the ``*_ws`` buffers of size >= m);
    ``R = y - X w`` is kept up to date.  Writes the epochs run, the
    certified gap of the working set's problem and whether its rule was met."""
    cdef int a, j
    cdef floating c = 0.0
    for a in range(m):
        j = ws_[a]
        offset_ws[a] = offset[j] if has_offset else 0.0
        norm_ws[a] = sq_norms[j]
        l1_ws[a] = l1[j]
        l2_ws[a] = l2[j]
        lo_ws[a] = lo[j]
        hi_ws[a] = hi[j]
    if has_offset:
        # the shift m^T w of every feature (those outside ws stay fixed)
        for j in range(p):
            if w[j] != 0.0:
                c += offset[j] * w[j]
    _dense_epochs(n_samples, m, w, ws_, X, y, R, &c, offset_ws, has_offset, norm_ws,
                  l1_ws, l2_ws, lo_ws, hi_ws, has_bounds, max_iter, gap_tol, dw_tol,
                  False, rng_state, gap_freq, require_dw, anderson, w_ws, XtR_ws,
                  history, diffs, small, z, w_acc, R_acc, check_mask, n_iter_out, gap_out,
                  converged_out)
    return 0


cdef void _residual_of(int n_samples, int p, const floating *X, const floating *y,
                       const floating *w, floating *R) noexcept nogil:
    """``R = y - X w`` (one axpy per nonzero coefficient)."""
    cdef int j
    memcpy(R, y, n_samples * sizeof(floating))
    for j in range(p):
        if w[j] != 0.0:
            _axpy(n_samples, -w[j], X + <int64_t> j * n_samples, 1, R, 1)


def cd_dense_path(
    floating[::1] w,
    const floating[::1, :] X,
    const floating[::1] y,
    const floating[::1] sq_norms,
    const floating[::1] l1_unit,
    const floating[::1] l2_unit,
    const double[::1] alphas,
    *,
    int max_iter,
    double gap_tol,
    double gap_target,
    double dw_tol,
    X_offset=None,
    lower=None,
    upper=None,
    starts=None,
    bint one_call=False,
    double one_call_max_alpha_ratio=0.0,
    int few_features=64,
    int anderson=0,
    int gap_freq=10,
    int ws_initial=10,
    int ws_growth=2,
    double inner_tol_ratio=0.3,
    int gap_rounding_ulps=64,
):
    """A warm-started path on dense X in one call: the working-set loop of
    ``solvers._working_set.solve_target`` for every alpha, in C.

    For each ``alphas[i]`` in order, the problem of ``cd_dense`` with ``l1 =
    alphas[i] * l1_unit`` and ``l2 = alphas[i] * l2_unit`` over every
    feature, from the previous solution (``w`` for the first, updated in
    place) or from ``starts[i]`` (an array of shape ``(n_alphas,
    n_features)``), with the rules of ``solve_target`` and of
    ``_path.solve_path`` around it, the same steps in the same order:

    * on at most ``few_features`` features, or when ``one_call`` (the
      caller's small-problem rule), or from zero with ``max_j |X_j^T y| /
      l1_j <= one_call_max_alpha_ratio``: one solve over every feature
      (Anderson off on few features), zero returned exactly when optimal, a
      start within ``gap_target`` kept, a first solve from zero on few
      features stopped at ``gap_tol`` (scikit-learn's iterates and rule);
    * else the working-set loop: full gradient and gaps, gap-safe
      screening with the gap floored at ``gap_rounding_ulps`` of rounding,
      working sets of the nonzeros plus ``clip(n_violating, ws_initial,
      ws_growth * nnz)`` of the best-scored zero features, inner solves to
      ``max(inner_tol_ratio * gap, gap_target)``, one settling solve to an
      epoch of small changes once ``gap_target`` is met, and, when the warm
      start does not meet it, one restart from the linear extrapolation of
      the last two converged solutions (``_path.extrapolate_path``; not
      with ``starts``).

    ``sq_norms``: the centred squared column norms; ``X_offset``: column
    means for implicit centring (None: ``X`` and ``y`` are the centred,
    weighted design); ``lower``/``upper``: the box, as in ``cd_dense``
    (no coefficient fixed at 0).  The inner solves run on X itself, never on
    a working set's Gram block (the caller keeps this kernel to data too
    short for that route).

    Returns ``(coefs, gaps, n_iters, reached)`` as ``cd_gram_path``.
    """
    cdef int n_samples = X.shape[0]
    cdef int p = X.shape[1]
    cdef int n_alphas = alphas.shape[0]
    dtype = np.float64 if floating is double else np.float32
    coefs_np = np.empty((n_alphas, p), dtype=dtype)
    gaps_np = np.empty(n_alphas)
    n_iters_np = np.zeros(n_alphas, dtype=np.int64)
    reached_np = np.zeros(n_alphas, dtype=bool)
    if p == 0:
        coefs_np[:] = 0.0
        gaps_np[:] = 0.0
        return coefs_np, gaps_np, n_iters_np, np.ones(n_alphas, dtype=bool)
    cdef floating[:, ::1] coefs = coefs_np
    cdef double[::1] gaps = gaps_np
    cdef int64_t[::1] n_iters = n_iters_np
    cdef uint8_t[::1] reached = reached_np.view(np.uint8)
    cdef bint has_offset = X_offset is not None
    cdef const floating[::1] offset = (
        np.ascontiguousarray(X_offset, dtype=dtype) if has_offset
        else np.zeros(1, dtype=dtype))
    cdef bint has_starts = starts is not None
    cdef const floating[:, ::1] starts_ = (
        np.ascontiguousarray(starts, dtype=dtype) if has_starts
        else np.zeros((1, 1), dtype=dtype))
    if has_starts and starts_.shape[0] != n_alphas or has_starts and starts_.shape[1] != p:
        raise ValueError(f"starts must have shape ({n_alphas}, {p}).")
    lo_np, hi_np, bounded = _box(lower, upper, False, None, p, dtype)
    cdef const floating[::1] lo = lo_np
    cdef const floating[::1] hi = hi_np
    cdef bint has_bounds = bounded
    cdef floating[::1] R = np.empty(n_samples, dtype=dtype)
    cdef floating[::1] r = np.empty(n_samples, dtype=dtype)
    cdef floating[::1] R_acc = np.empty(n_samples, dtype=dtype)
    cdef floating[::1] grad = np.empty(p, dtype=dtype)
    cdef floating[::1] l1 = np.empty(p, dtype=dtype)
    cdef floating[::1] l2 = np.empty(p, dtype=dtype)
    cdef floating[::1] norms = np.sqrt(np.asarray(sq_norms))
    cdef floating[::1] score = np.empty(p, dtype=dtype)
    cdef floating[::1] fallback = np.empty(p, dtype=dtype)
    cdef floating[::1] anchor_a = np.empty(p, dtype=dtype)
    cdef floating[::1] anchor_b = np.empty(p, dtype=dtype)
    cdef int32_t[::1] idx = np.empty(p, dtype=np.int32)
    cdef int32_t[::1] ws_ = np.empty(p, dtype=np.int32)
    cdef uint8_t[::1] alive = np.empty(p, dtype=np.uint8)
    cdef uint8_t[::1] chosen = np.empty(p, dtype=np.uint8)
    # the working set's gathered arrays and the epochs' buffers, for m <= p
    gathered = np.empty((6, p), dtype=dtype)
    cdef floating[:, ::1] ws_arrays = gathered
    buffers = _Buffers(p, anderson, dtype)
    cdef floating[::1] w_ws = buffers.w_ws
    cdef floating[::1] XtR_ws = buffers.XtR_ws
    cdef floating[::1] history = buffers.history
    cdef floating[::1] diffs = buffers.diffs
    cdef floating[::1] small = buffers.small
    cdef floating[::1] z = buffers.z
    cdef floating[::1] w_acc = buffers.w_acc
    cdef floating eps = np.finfo(dtype).eps
    cdef floating gap_tol_ = gap_tol, gap_target_ = gap_target, dw_tol_ = dw_tol
    cdef floating inner_tol_ratio_ = inner_tol_ratio
    cdef bint few = p <= few_features
    cdef int small_anderson = 0 if few else anderson
    cdef int check_mask = _check_mask(2 * <int64_t> p * n_samples)
    cdef uint32_t rng_state = _seed_state(0)
    cdef int i, j, a, m, n_it, n_epochs, n_anchors = 0, n_alive, nnz, n_violating
    cdef int ws_size
    cdef double alpha, alpha_a = 0.0, alpha_b = 0.0, step
    cdef floating gap, stop_gap, scale, plain_gap, r_sq, r_dot_y, screening_gap, radius
    cdef floating corr, raw, predicted, ratio, inner_tol
    cdef bint warm, all_l1, is_small, conv, settled, whole, use_fallback, moved
    cdef bint is_zero_optimal

    with nogil:
        for i in range(n_alphas):
            with gil:
                _check_interrupts()
            alpha = alphas[i]
            all_l1 = True
            for j in range(p):
                l1[j] = alpha * l1_unit[j]
                l2[j] = alpha * l2_unit[j]
                all_l1 = all_l1 and l1[j] > 0.0
            if has_starts:
                for j in range(p):
                    w[j] = starts_[i, j]
            if has_bounds:
                for j in range(p):
                    w[j] = fmin(fmax(w[j], lo[j]), hi[j])
            # R afresh at every alpha (no drift of updates along the path)
            _residual_of(n_samples, p, &X[0, 0], &y[0], &w[0], &R[0])
            warm = False
            for j in range(p):
                warm = warm or w[j] != 0.0
            _gradient_at(n_samples, p, &X[0, 0], &y[0], &R[0], &w[0], &offset[0],
                         has_offset, &r[0], &grad[0], &r_sq, &r_dot_y)
            stop_gap = _duality_gap(p, &w[0], &grad[0], &sq_norms[0], &l1[0], &l2[0],
                                    &lo[0], &hi[0], has_bounds, r_sq, r_dot_y, &scale,
                                    &plain_gap, &gap)
            is_small = one_call
            if not is_small and one_call_max_alpha_ratio > 0 and not warm and all_l1:
                ratio = 0.0
                for j in range(p):
                    ratio = max(ratio, _pull_of(grad[j], lo[j], hi[j], has_bounds) / l1[j])
                is_small = ratio <= one_call_max_alpha_ratio
            n_epochs = 0
            conv = False
            if few or is_small:
                is_zero_optimal = not warm and all_l1
                if is_zero_optimal:
                    for j in range(p):
                        if (_pull_of(grad[j], lo[j], hi[j], has_bounds)
                                > l1[j] * (1.0 + 8.0 * eps)):
                            is_zero_optimal = False
                            break
                if is_zero_optimal:
                    n_epochs, conv = 1, stop_gap <= gap_tol_
                elif stop_gap <= gap_target_:
                    n_epochs, conv = (0 if warm else 1), True
                else:
                    for j in range(p):
                        ws_[j] = j
                    _solve_on(p, &ws_[0], n_samples, p, &w[0], &X[0, 0], &y[0], &R[0],
                              &offset[0], has_offset, &sq_norms[0], &l1[0], &l2[0],
                              &lo[0], &hi[0], has_bounds, max_iter,
                              gap_tol_ if few and not warm else gap_target_, dw_tol_,
                              True, small_anderson, gap_freq, &ws_arrays[0, 0],
                              &ws_arrays[1, 0], &ws_arrays[2, 0], &ws_arrays[3, 0],
                              &ws_arrays[4, 0], &ws_arrays[5, 0], &w_ws[0], &XtR_ws[0],
                              &history[0], &diffs[0], &small[0], &z[0], &w_acc[0],
                              &R_acc[0], &rng_state, check_mask, &n_epochs, &gap, &conv)
            else:
                # the working-set loop (solve_target), from the gradient above
                use_fallback = not has_starts and n_anchors == 2 and alpha_b != alpha_a
                if use_fallback:
                    step = (alpha - alpha_b) / (alpha_b - alpha_a)
                    for j in range(p):
                        predicted = anchor_b[j] + step * (anchor_b[j] - anchor_a[j])
                        # a predicted sign change stops the coefficient at zero
                        if not ((predicted > 0 and anchor_b[j] > 0)
                                or (predicted < 0 and anchor_b[j] < 0)):
                            predicted = 0.0
                        if has_bounds:
                            predicted = fmin(fmax(predicted, lo[j]), hi[j])
                        fallback[j] = predicted
                for j in range(p):
                    alive[j] = sq_norms[j] > 0 and (hi[j] > 0.0 or lo[j] < 0.0)
                settled = True
                m = 0
                while True:
                    screening_gap = max(plain_gap, gap_rounding_ulps * eps
                                        * (r_sq + fabs(r_dot_y)))
                    if stop_gap <= gap_target_ and not settled and max_iter > n_epochs:
                        # scikit-learn's second condition: settle the last
                        # working set to an epoch of small changes
                        _solve_on(m, &ws_[0], n_samples, p, &w[0], &X[0, 0], &y[0], &R[0],
                                  &offset[0], has_offset, &sq_norms[0], &l1[0], &l2[0],
                                  &lo[0], &hi[0], has_bounds, max_iter - n_epochs,
                                  gap_target_, dw_tol_, True, anderson, gap_freq,
                                  &ws_arrays[0, 0], &ws_arrays[1, 0], &ws_arrays[2, 0],
                                  &ws_arrays[3, 0], &ws_arrays[4, 0], &ws_arrays[5, 0],
                                  &w_ws[0], &XtR_ws[0], &history[0], &diffs[0], &small[0],
                                  &z[0], &w_acc[0], &R_acc[0], &rng_state, check_mask,
                                  &n_it, &gap, &conv)
                        n_epochs += n_it
                        settled = True
                    elif stop_gap <= gap_target_:
                        if n_epochs == 0 and not warm:
                            n_epochs = 1
                        conv = True
                        break
                    elif use_fallback:
                        use_fallback = False
                        for j in range(p):
                            w[j] = fallback[j]
                        _residual_of(n_samples, p, &X[0, 0], &y[0], &w[0], &R[0])
                    elif n_epochs >= max_iter:
                        conv = False
                        break
                    else:
                        # gap-safe screening, then the working set's scores
                        radius = sqrt(2.0 * screening_gap)
                        n_alive = nnz = n_violating = 0
                        for j in range(p):
                            if not alive[j]:
                                score[j] = -INFINITY
                                continue
                            corr = _pull_of(scale * grad[j], lo[j], hi[j], has_bounds)
                            if l1[j] > 0.0 and corr + norms[j] * radius < l1[j]:
                                alive[j] = False
                                score[j] = -INFINITY
                                if w[j] != 0.0:
                                    _axpy(n_samples, w[j], &X[0, j], 1, &R[0], 1)
                                    w[j] = 0.0
                                continue
                            n_alive += 1
                            if w[j] != 0.0 or (l1[j] == 0.0 and l2[j] == 0.0):
                                score[j] = INFINITY
                            else:
                                score[j] = (corr - l1[j]) / norms[j]
                            if w[j] != 0.0:
                                nnz += 1
                            else:
                                raw = _pull_of(grad[j], lo[j], hi[j], has_bounds)
                                if raw > l1[j]:
                                    n_violating += 1
                        if n_alive == 0:
                            # every feature screened: w = 0 is optimal
                            n_epochs = max(n_epochs, 1)
                            conv = stop_gap <= gap_target_
                            break
                        ws_size = min(n_alive, nnz + max(min(ws_growth * nnz, n_violating),
                                                         ws_initial))
                        whole = ws_size >= n_alive
                        m = 0
                        if whole:
                            for j in range(p):
                                if alive[j]:
                                    ws_[m] = j
                                    m += 1
                            inner_tol = gap_target_
                        else:
                            for j in range(p):
                                idx[j] = j
                                chosen[j] = False
                            _largest_first(p, &score[0], &idx[0], ws_size)
                            for a in range(ws_size):
                                chosen[idx[a]] = True
                            for j in range(p):
                                if chosen[j]:
                                    ws_[m] = j
                                    m += 1
                            inner_tol = max(inner_tol_ratio_ * stop_gap, gap_target_)
                        _solve_on(m, &ws_[0], n_samples, p, &w[0], &X[0, 0], &y[0], &R[0],
                                  &offset[0], has_offset, &sq_norms[0], &l1[0], &l2[0],
                                  &lo[0], &hi[0], has_bounds, max_iter - n_epochs,
                                  inner_tol, dw_tol_, whole, anderson, gap_freq,
                                  &ws_arrays[0, 0], &ws_arrays[1, 0], &ws_arrays[2, 0],
                                  &ws_arrays[3, 0], &ws_arrays[4, 0], &ws_arrays[5, 0],
                                  &w_ws[0], &XtR_ws[0], &history[0], &diffs[0], &small[0],
                                  &z[0], &w_acc[0], &R_acc[0], &rng_state, check_mask,
                                  &n_it, &gap, &conv)
                        settled = whole and conv
                        n_epochs += n_it
                    # the whole problem's gradient and gaps at the new point
                    _gradient_at(n_samples, p, &X[0, 0], &y[0], &R[0], &w[0], &offset[0],
                                 has_offset, &r[0], &grad[0], &r_sq, &r_dot_y)
                    stop_gap = _duality_gap(p, &w[0], &grad[0], &sq_norms[0], &l1[0],
                                            &l2[0], &lo[0], &hi[0], has_bounds, r_sq,
                                            r_dot_y, &scale, &plain_gap, &gap)
            for j in range(p):
                coefs[i, j] = w[j]
            gaps[i] = gap
            n_iters[i] = n_epochs
            reached[i] = conv
            if not has_starts:
                # _path.solve_path's anchors: the last two alphas where a
                # converged (certified within gap_tol) solution moved
                if not (-gap_tol_ <= gap <= gap_tol_):
                    n_anchors = 0
                else:
                    moved = n_anchors == 0
                    for j in range(p):
                        moved = moved or w[j] != anchor_b[j]
                    if moved:
                        memcpy(&anchor_a[0], &anchor_b[0], p * sizeof(floating))
                        alpha_a = alpha_b
                        memcpy(&anchor_b[0], &w[0], p * sizeof(floating))
                        alpha_b = alpha
                        n_anchors = min(n_anchors + 1, 2)
    return coefs_np, gaps_np, n_iters_np, reached_np
