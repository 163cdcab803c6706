# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Coordinate descent for the weighted elastic net: dense, sparse and Gram.

Every entry point minimises, in kernel scale,

.. math::

    P(w) = \\frac12 \\|y - X w\\|_2^2 + \\sum_j l1_j |w_j| + l2_j w_j^2

(optionally subject to ``w >= 0``) by cyclic or random coordinate descent
(Friedman, Hastie & Tibshirani 2010), and stops as soon as the duality gap
(see ``_cd_helpers._duality_gap``) is at most ``gap_tol``.  The gap is
computed after an epoch whose largest coefficient change is small relative
to the largest coefficient (``dw_tol``), and at least every ``gap_freq``
epochs, and always after the last one.

The kernels never warn: they return ``(w, gap, n_iter, converged)`` and the
Python wrapper decides what to tell the user.  ``w`` is updated in place.
"""
import numpy as np

from cython cimport floating
from libc.math cimport fabs
from libc.stdint cimport int32_t, int64_t, uint32_t

from ._blas cimport _axpy, _dot, _gemv_t
from ._cd_helpers cimport _coordinate_update, _duality_gap, _xorshift

ctypedef fused index_t:
    int32_t
    int64_t


cdef inline int _next_feature(int jj, int n_features, bint random,
                              uint32_t *rng_state) noexcept nogil:
    if random:
        return <int> (_xorshift(rng_state) % <uint32_t> n_features)
    return jj


cdef inline uint32_t _seed_state(unsigned long seed) noexcept nogil:
    # xorshift must not start at 0 (it would stay there).
    cdef uint32_t state = <uint32_t> seed
    if state == 0:
        state = 2463534242
    return state


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
    bint random=False,
    unsigned long seed=0,
    int gap_freq=10,
):
    """Coordinate descent on a dense Fortran-ordered ``X``.

    ``X`` and ``y`` are already centred and scaled by ``sqrt(sample_weight)``
    by the caller, so the datafit here is the plain ``1/2 ||y - X w||^2``.

    Returns
    -------
    w : memoryview of shape (n_features,)
    gap : float
        Duality gap in kernel scale at the returned ``w``.
    n_iter : int
        Number of epochs (passes over the features) run.
    converged : bool
        Whether ``gap <= gap_tol``.
    """
    cdef int n_samples = X.shape[0]
    cdef int n_features = X.shape[1]
    dtype = np.float64 if floating is double else np.float32
    cdef floating[::1] R = np.array(y, dtype=dtype)          # R = y - X w
    cdef floating[::1] XtR = np.empty(n_features, dtype=dtype)
    cdef floating[::1] norm_sq = np.empty(n_features, dtype=dtype)
    cdef int j, jj, n_iter = 0
    cdef floating w_j, w_new, z, d_w_max, w_max, r_sq, r_dot_y
    cdef floating gap = np.inf
    cdef bint converged = False
    cdef uint32_t rng_state = _seed_state(seed)

    with nogil:
        for j in range(n_features):
            # norm_sq[j] = X[:, j] @ X[:, j]
            norm_sq[j] = _dot(n_samples, &X[0, j], 1, &X[0, j], 1)
            if w[j] != 0.0:
                # R -= w[j] * X[:, j]
                _axpy(n_samples, -w[j], &X[0, j], 1, &R[0], 1)

        for n_iter in range(1, max_iter + 1):
            d_w_max = 0.0
            w_max = 0.0
            for jj in range(n_features):
                j = _next_feature(jj, n_features, random, &rng_state)
                w_j = w[j]
                # z = X[:, j] @ R + ||X[:, j]||^2 w_j
                z = _dot(n_samples, &X[0, j], 1, &R[0], 1) + norm_sq[j] * w_j
                w_new = _coordinate_update(z, l1[j], l2[j], norm_sq[j], positive)
                if w_new != w_j:
                    # R += (w_j - w_new) * X[:, j]
                    _axpy(n_samples, w_j - w_new, &X[0, j], 1, &R[0], 1)
                    w[j] = w_new
                d_w_max = max(d_w_max, fabs(w_new - w_j))
                w_max = max(w_max, fabs(w_new))

            if (w_max == 0.0 or d_w_max <= dw_tol * w_max
                    or n_iter % gap_freq == 0 or n_iter == max_iter):
                # XtR = X.T @ R
                _gemv_t(n_samples, n_features, &X[0, 0], n_samples, &R[0], &XtR[0])
                r_sq = _dot(n_samples, &R[0], 1, &R[0], 1)
                r_dot_y = _dot(n_samples, &R[0], 1, &y[0], 1)
                gap = _duality_gap(n_features, &w[0], &XtR[0], &norm_sq[0], &l1[0],
                                   &l2[0], r_sq, r_dot_y, positive)
                if gap <= gap_tol:
                    converged = True
                    break
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
    bint random=False,
    unsigned long seed=0,
    int gap_freq=10,
    bint has_sample_weight=False,
    bint has_offset=False,
):
    """Coordinate descent on a CSC matrix, centring implicitly.

    The datafit is ``1/2 sum_i s_i (y_i - (x_i - m)^T w)^2`` with ``s`` the
    sample weights (ones when ``has_sample_weight`` is false), ``m =
    X_offset`` the weighted column means (zeros without intercept) and ``y``
    already centred (not scaled).  ``X`` is never densified nor centred: the
    residual is kept as ``R = R_sparse + c`` with ``R_sparse = y - X w`` and
    the scalar ``c = m^T w``.  Because ``y`` and the centred columns have
    weighted mean zero, ``sum_i s_i R_i = 0`` at every iterate, so
    ``(X_j - m_j)^T S R = X_j^T S R_sparse + c * sum_i s_i x_ij``.

    Returns ``(w, gap, n_iter, converged)`` as ``cd_dense``.
    """
    cdef int n_samples = y.shape[0]
    cdef int n_features = w.shape[0]
    dtype = np.float64 if floating is double else np.float32
    cdef floating[::1] R = np.array(y, dtype=dtype)          # R_sparse = y - X w
    cdef floating[::1] XtR = np.empty(n_features, dtype=dtype)
    cdef floating[::1] norm_sq = np.empty(n_features, dtype=dtype)
    # col_sw_sum[j] = sum_i s_i x_ij: the weighted column sums
    cdef floating[::1] col_sw_sum = np.zeros(n_features, dtype=dtype)
    cdef int i, j, jj, n_iter = 0
    cdef index_t k, start, end
    cdef floating w_j, w_new, z, d_w_max, w_max, r_sq, r_dot_y, x, s, r_i
    cdef floating sum_sw = 0.0
    cdef floating sum_sR
    cdef floating offset_dot_w = 0.0                          # c = m^T w
    cdef floating gap = np.inf
    cdef bint converged = False
    cdef uint32_t rng_state = _seed_state(seed)

    with nogil:
        if has_sample_weight:
            for i in range(n_samples):
                sum_sw += sample_weight[i]
        else:
            sum_sw = n_samples

        for j in range(n_features):
            start = X_indptr[j]
            end = X_indptr[j + 1]
            z = 0.0
            norm_sq[j] = 0.0
            for k in range(start, end):
                x = X_data[k]
                s = sample_weight[X_indices[k]] if has_sample_weight else 1.0
                z += s * x
                norm_sq[j] += s * x * x
                if w[j] != 0.0:
                    R[X_indices[k]] -= w[j] * x
            col_sw_sum[j] = z
            if has_offset:
                # ||x_j - m_j||_S^2 = sum_i s_i x_ij^2 - sum(s) m_j^2, since
                # m_j = col_sw_sum[j] / sum(s).
                norm_sq[j] = max(norm_sq[j] - sum_sw * X_offset[j] * X_offset[j], 0.0)
                offset_dot_w += X_offset[j] * w[j]

        for n_iter in range(1, max_iter + 1):
            d_w_max = 0.0
            w_max = 0.0
            for jj in range(n_features):
                j = _next_feature(jj, n_features, random, &rng_state)
                start = X_indptr[j]
                end = X_indptr[j + 1]
                w_j = w[j]
                # z = (X_j - m_j)^T S R + ||X_j - m_j||_S^2 w_j
                z = 0.0
                if has_sample_weight:
                    for k in range(start, end):
                        i = X_indices[k]
                        z += X_data[k] * sample_weight[i] * R[i]
                else:
                    for k in range(start, end):
                        z += X_data[k] * R[X_indices[k]]
                if has_offset:
                    z += offset_dot_w * col_sw_sum[j]
                z += norm_sq[j] * w_j
                w_new = _coordinate_update(z, l1[j], l2[j], norm_sq[j], positive)
                if w_new != w_j:
                    # R_sparse -= (w_new - w_j) * X[:, j];  c += (w_new - w_j) m_j
                    for k in range(start, end):
                        R[X_indices[k]] -= (w_new - w_j) * X_data[k]
                    if has_offset:
                        offset_dot_w += (w_new - w_j) * X_offset[j]
                    w[j] = w_new
                d_w_max = max(d_w_max, fabs(w_new - w_j))
                w_max = max(w_max, fabs(w_new))

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
                for j in range(n_features):
                    z = 0.0
                    if has_sample_weight:
                        for k in range(X_indptr[j], X_indptr[j + 1]):
                            i = X_indices[k]
                            z += X_data[k] * sample_weight[i] * R[i]
                    else:
                        for k in range(X_indptr[j], X_indptr[j + 1]):
                            z += X_data[k] * R[X_indices[k]]
                    if has_offset:
                        z += offset_dot_w * col_sw_sum[j] - X_offset[j] * sum_sR
                    XtR[j] = z
                gap = _duality_gap(n_features, &w[0], &XtR[0], &norm_sq[0], &l1[0],
                                   &l2[0], r_sq, r_dot_y, positive)
                if gap <= gap_tol:
                    converged = True
                    break
    return w, float(gap), n_iter, converged


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
    bint random=False,
    unsigned long seed=0,
    int gap_freq=10,
):
    """Coordinate descent on the covariance (Gram) form.

    ``Q = X^T X`` (symmetric, ``(p, p)``), ``q = X^T y`` and ``y_sq = y^T y``
    of the centred, weight-scaled data.  Works in O(p) per coordinate,
    independent of ``n_samples``: the state is the gradient ``g = X^T R =
    q - Q w``.  Then ``R^T y = y_sq - w^T q`` and ``||R||^2 = y_sq - w^T q -
    w^T g``.

    Returns ``(w, gap, n_iter, converged)`` as ``cd_dense``.
    """
    cdef int n_features = w.shape[0]
    dtype = np.float64 if floating is double else np.float32
    cdef floating[::1] g = np.array(q, dtype=dtype)          # g = q - Q w
    cdef floating[::1] norm_sq = np.array(np.diag(Q), dtype=dtype)
    cdef int j, jj, n_iter = 0
    cdef floating w_j, w_new, z, d_w_max, w_max, r_sq, r_dot_y, w_dot_q
    cdef floating gap = np.inf
    cdef bint converged = False
    cdef uint32_t rng_state = _seed_state(seed)

    with nogil:
        for j in range(n_features):
            if w[j] != 0.0:
                # g -= w[j] * Q[:, j]
                _axpy(n_features, -w[j], &Q[0, j], 1, &g[0], 1)

        for n_iter in range(1, max_iter + 1):
            d_w_max = 0.0
            w_max = 0.0
            for jj in range(n_features):
                j = _next_feature(jj, n_features, random, &rng_state)
                w_j = w[j]
                z = g[j] + Q[j, j] * w_j
                w_new = _coordinate_update(z, l1[j], l2[j], Q[j, j], positive)
                if w_new != w_j:
                    # g += (w_j - w_new) * Q[:, j]
                    _axpy(n_features, w_j - w_new, &Q[0, j], 1, &g[0], 1)
                    w[j] = w_new
                d_w_max = max(d_w_max, fabs(w_new - w_j))
                w_max = max(w_max, fabs(w_new))

            if (w_max == 0.0 or d_w_max <= dw_tol * w_max
                    or n_iter % gap_freq == 0 or n_iter == max_iter):
                w_dot_q = _dot(n_features, &w[0], 1, &q[0], 1)
                r_dot_y = y_sq - w_dot_q
                r_sq = max(r_dot_y - _dot(n_features, &w[0], 1, &g[0], 1), 0.0)
                gap = _duality_gap(n_features, &w[0], &g[0], &norm_sq[0], &l1[0],
                                   &l2[0], r_sq, r_dot_y, positive)
                if gap <= gap_tol:
                    converged = True
                    break
    return w, float(gap), n_iter, converged
