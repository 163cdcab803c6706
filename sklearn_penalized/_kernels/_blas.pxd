# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Fused float32/float64 wrappers over the BLAS that SciPy ships.

One call site per operation in the kernels: ``_dot``, ``_axpy``, ``_gemv_t``.
``floating is double`` is resolved at compile time, so each specialisation
calls exactly one BLAS routine with no branch at run time.
"""
from cython cimport floating
from scipy.linalg.cython_blas cimport ddot, sdot, daxpy, saxpy, dgemv, sgemv


cdef inline floating _dot(int n, const floating *x, int incx,
                          const floating *y, int incy) noexcept nogil:
    """Return x @ y."""
    if floating is double:
        return ddot(&n, <double *> x, &incx, <double *> y, &incy)
    else:
        return sdot(&n, <float *> x, &incx, <float *> y, &incy)


cdef inline void _axpy(int n, floating alpha, const floating *x, int incx,
                       floating *y, int incy) noexcept nogil:
    """y += alpha * x (in place)."""
    if floating is double:
        daxpy(&n, &alpha, <double *> x, &incx, y, &incy)
    else:
        saxpy(&n, &alpha, <float *> x, &incx, y, &incy)


cdef inline void _gemv_t(int n_rows, int n_cols, const floating *A, int lda,
                         const floating *x, floating *out) noexcept nogil:
    """out = A.T @ x for a Fortran-ordered A of shape (n_rows, n_cols)."""
    cdef char trans = b'T'
    cdef int inc = 1
    cdef floating one = 1.0
    cdef floating zero = 0.0
    if floating is double:
        dgemv(&trans, &n_rows, &n_cols, &one, <double *> A, &lda,
              <double *> x, &inc, &zero, out, &inc)
    else:
        sgemv(&trans, &n_rows, &n_cols, &one, <float *> A, &lda,
              <float *> x, &inc, &zero, out, &inc)
