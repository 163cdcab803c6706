# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Sufficient statistics of dense and sparse matrices, accumulated in float64.

``csc_column_sums``: the weighted sums and sums of squares of the columns
of a CSC matrix, one pass over its nonzeros.

``dense_column_sums``: the same for a dense matrix of any memory order, one
pass over its entries.

``csr_gram``: the Gram matrix ``X^T S X`` of a CSR matrix, densely.
``X^T S X = sum_i s_i x_i x_i^T`` over the rows ``x_i`` of ``X``: each row
adds the outer product of its nonzeros, ``nnz_i^2 / 2`` multiply-adds into
the upper triangle of a dense ``p x p`` float64 matrix.  That is the work
of the sparse-sparse product ``X.T @ X`` without its output structure (the
index arrays of a product that is dense anyway once rows share features,
which cost scipy ~15x the arithmetic on tall designs), and it accumulates
in float64 whatever the dtype of ``X``.
"""
from cpython.exc cimport PyErr_CheckSignals
from cython cimport floating
from libc.stdint cimport int32_t, int64_t
from libc.stdlib cimport free, malloc

from .._interrupt import raise_if_stopped

ctypedef fused index_t:
    int32_t
    int64_t

# Take the GIL to check for Ctrl-C once per this many multiply-adds (a few
# milliseconds), as the coordinate-descent kernels do.
cdef int64_t SIGNAL_CHECK_WORK = 1 << 25


# Rows summed into a partial sum before it is added to the total: the
# rounding error of a column's sum then grows like (CHUNK_ROWS + n /
# CHUNK_ROWS) eps instead of n eps (NumPy's pairwise summation, which the
# statistics used before, is within a small factor of this).
cdef Py_ssize_t CHUNK_ROWS = 256


cdef int _check_interrupts() except -1:
    raise_if_stopped()
    return PyErr_CheckSignals()


def dense_column_sums(
    const floating[:, :] X,
    const double[::1] sample_weight,
    double[::1] sums,
    double[::1] sq_sums,
):
    """``sums_j = sum_i s_i X[i, j]`` and ``sq_sums_j = sum_i s_i X[i, j]^2``.

    One pass over ``X`` in its memory order (columns outer for Fortran
    order, rows outer otherwise), in float64 whatever the dtype of ``X``.
    Two separate NumPy reductions read a large ``X`` twice, and strided
    blocks of a Fortran array defeat their vectorised loops: on 100,000 x
    200 this costs a third of the time.

    Parameters
    ----------
    X : ndarray of shape (n, p), float32 or float64, any strides
    sample_weight : ndarray of shape (n,), float64, or None
        The row weights ``s_i`` (None: all ones).
    sums, sq_sums : ndarray of shape (p,), float64
        Overwritten.
    """
    cdef Py_ssize_t n_rows = X.shape[0]
    cdef Py_ssize_t n_features = X.shape[1]
    cdef Py_ssize_t n_chunks = (n_rows + CHUNK_ROWS - 1) // CHUNK_ROWS
    cdef Py_ssize_t i, j, chunk_index, start, stop
    cdef double value, weighted
    cdef double parts[4]
    cdef double sq_parts[4]
    cdef Py_ssize_t k
    cdef bint weighted_rows = sample_weight is not None
    cdef bint by_column = X.strides[0] <= X.strides[1]
    cdef double *chunk = NULL
    cdef double *sq_chunk = NULL
    cdef int64_t work = 0
    for j in range(n_features):
        sums[j] = 0.0
        sq_sums[j] = 0.0
    if not by_column:
        chunk = <double *> malloc(2 * max(n_features, 1) * sizeof(double))
        if chunk == NULL:
            raise MemoryError()
        sq_chunk = chunk + n_features
    try:
        with nogil:
            if by_column:
                for j in range(n_features):
                    for chunk_index in range(n_chunks):
                        start = chunk_index * CHUNK_ROWS
                        stop = min(start + CHUNK_ROWS, n_rows)
                        # four independent accumulators: one running sum
                        # is bound by the latency of an addition
                        for k in range(4):
                            parts[k] = 0.0
                            sq_parts[k] = 0.0
                        i = start
                        while i + 4 <= stop:
                            for k in range(4):
                                value = X[i + k, j]
                                weighted = (value * sample_weight[i + k] if weighted_rows
                                            else value)
                                parts[k] += weighted
                                sq_parts[k] += weighted * value
                            i += 4
                        while i < stop:
                            value = X[i, j]
                            weighted = value * sample_weight[i] if weighted_rows else value
                            parts[0] += weighted
                            sq_parts[0] += weighted * value
                            i += 1
                        sums[j] += (parts[0] + parts[1]) + (parts[2] + parts[3])
                        sq_sums[j] += (sq_parts[0] + sq_parts[1]) + (sq_parts[2] + sq_parts[3])
                    work += n_rows
                    if work >= SIGNAL_CHECK_WORK:
                        work = 0
                        with gil:
                            _check_interrupts()
            else:
                for chunk_index in range(n_chunks):
                    start = chunk_index * CHUNK_ROWS
                    stop = min(start + CHUNK_ROWS, n_rows)
                    for j in range(n_features):
                        chunk[j] = 0.0
                        sq_chunk[j] = 0.0
                    for i in range(start, stop):
                        for j in range(n_features):
                            value = X[i, j]
                            weighted = value * sample_weight[i] if weighted_rows else value
                            chunk[j] += weighted
                            sq_chunk[j] += weighted * value
                    for j in range(n_features):
                        sums[j] += chunk[j]
                        sq_sums[j] += sq_chunk[j]
                    work += (stop - start) * n_features
                    if work >= SIGNAL_CHECK_WORK:
                        work = 0
                        with gil:
                            _check_interrupts()
    finally:
        free(chunk)


def csr_gram(
    const floating[::1] data,
    const index_t[::1] indices,
    const index_t[::1] indptr,
    const double[::1] sample_weight,
    double[:, ::1] gram,
):
    """Add ``sum_i s_i x_i x_i^T`` to ``gram`` (symmetric on return).

    Parameters
    ----------
    data, indices, indptr : arrays
        A CSR matrix of shape ``(n, p)``; indices need not be sorted and
        duplicates are summed, as scipy does.
    sample_weight : ndarray of shape (n,), float64, or None
        The row weights ``s_i`` (None: all ones).
    gram : ndarray of shape (p, p), float64, C-contiguous, symmetric
        Accumulator (zeros for the Gram matrix itself): the rows add into
        its upper triangle, which is then copied onto the lower one.
    """
    cdef Py_ssize_t n_rows = indptr.shape[0] - 1
    cdef Py_ssize_t n_features = gram.shape[0]
    cdef Py_ssize_t i, j, k, a, b, start, end
    cdef index_t ja, jb
    cdef double weighted, product
    cdef bint weighted_rows = sample_weight is not None
    cdef int64_t work = 0
    with nogil:
        for i in range(n_rows):
            start = indptr[i]
            end = indptr[i + 1]
            for a in range(start, end):
                ja = indices[a]
                weighted = data[a]
                if weighted_rows:
                    weighted = weighted * sample_weight[i]
                gram[ja, ja] += weighted * data[a]
                for b in range(a + 1, end):
                    jb = indices[b]
                    product = weighted * data[b]
                    if ja < jb:
                        gram[ja, jb] += product
                    elif jb < ja:
                        gram[jb, ja] += product
                    else:
                        # a duplicate entry of the same column: the cross
                        # term of (v_a + v_b)^2 counts twice
                        gram[ja, ja] += 2.0 * product
            work += (end - start) * (end - start) // 2 + 1
            if work >= SIGNAL_CHECK_WORK:
                work = 0
                with gil:
                    _check_interrupts()
        for j in range(n_features):
            for k in range(j + 1, n_features):
                gram[k, j] = gram[j, k]


def csc_column_sums(
    const floating[::1] data,
    const index_t[::1] indices,
    const index_t[::1] indptr,
    const double[::1] sample_weight,
    double[::1] sums,
    double[::1] sq_sums,
):
    """``sums_j = sum_i s_i X[i, j]`` and ``sq_sums_j = sum_i s_i X[i, j]^2``.

    Parameters
    ----------
    data, indices, indptr : arrays
        A CSC matrix of shape ``(n, p)`` (duplicates count as scipy sums
        them for ``sums``; ``sq_sums`` then counts each entry's square).
    sample_weight : ndarray of shape (n,), float64, or None
        The row weights ``s_i`` (None: all ones).
    sums, sq_sums : ndarray of shape (p,), float64
        Overwritten.
    """
    cdef Py_ssize_t n_features = indptr.shape[0] - 1
    cdef Py_ssize_t j, a
    cdef double value, weighted, total, sq_total
    cdef bint weighted_rows = sample_weight is not None
    with nogil:
        for j in range(n_features):
            total = 0.0
            sq_total = 0.0
            for a in range(indptr[j], indptr[j + 1]):
                value = data[a]
                weighted = value * sample_weight[indices[a]] if weighted_rows else value
                total += weighted
                sq_total += weighted * value
            sums[j] = total
            sq_sums[j] = sq_total
