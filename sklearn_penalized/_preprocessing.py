# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""From validated arrays to the centred, weighted problem the solvers see.

The datafit of every estimator is the weighted least squares

.. math::

    \\frac{1}{2 \\sum_i s_i} \\sum_i s_i (y_i - x_i^T w - b)^2 .

With an intercept, ``b`` is eliminated exactly: for any ``w`` the optimal
``b`` is ``y_offset - X_offset^T w`` with the *weighted* means
``X_offset = X^T s / sum(s)`` and ``y_offset = y^T s / sum(s)``, so the
solvers work on centred data and :meth:`Problem.intercept` recovers ``b``.

Dense ``X`` is centred and multiplied row-wise by ``sqrt(s)`` explicitly (on
a copy unless ``copy_X=False``).  Sparse ``X`` is never densified nor
centred: it stays CSC and the solvers centre it implicitly with
``X_offset`` and the weights.
"""
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp


@dataclass(frozen=True, eq=False)
class Problem:
    """A weighted least-squares problem ready for a solver.

    Attributes
    ----------
    X : ndarray of shape (n_samples, n_features), Fortran-ordered, or CSC matrix
        Dense: centred (when ``fit_intercept``) and scaled by ``sqrt(s)``.
        Sparse: the user's matrix as CSC, untouched.
    Y : ndarray of shape (n_samples, n_targets)
        Centred targets; scaled by ``sqrt(s)`` when ``X`` is dense, unscaled
        when sparse (the sparse kernels apply ``s`` themselves).
    sample_weight : ndarray of shape (n_samples,) or None
        The raw weights, or None when all weights are equal to one.
    X_offset : ndarray of shape (n_features,)
        Weighted column means (zeros without intercept).
    y_offset : ndarray of shape (n_targets,)
        Weighted target means (zeros without intercept).
    sum_sw : float
        ``sum(s)`` (``n_samples`` without weights): the datafit's normaliser.
    y_sq_norms : ndarray of shape (n_targets,)
        ``sum_i s_i (y_i - y_offset)^2`` per target: scikit-learn's scale for
        ``tol``.
    fit_intercept : bool
    """

    X: object
    Y: np.ndarray
    sample_weight: object
    X_offset: np.ndarray
    y_offset: np.ndarray
    sum_sw: float
    y_sq_norms: np.ndarray
    fit_intercept: bool

    @property
    def is_sparse(self):
        return sp.issparse(self.X)

    @property
    def dtype(self):
        return self.Y.dtype

    @property
    def n_samples(self):
        return self.Y.shape[0]

    @property
    def n_features(self):
        return self.X.shape[1]

    @property
    def n_targets(self):
        return self.Y.shape[1]

    @cached_property
    def gram(self):
        """``(Q, q)``: ``X_c^T S X_c`` (Fortran order) and ``X_c^T S Y_c``.

        ``X_c`` is the centred design.  For sparse ``X`` the centring is
        applied to the ``p x p`` product, ``X^T S X - sum(s) m m^T``, so ``X``
        is never densified.  ``Q`` is built with a symmetric rank-k update.
        """
        if not self.is_sparse:
            Q = _syrk_gram(self.X)
            q = self.X.T @ self.Y
            return Q, np.asfortranarray(q)
        X = self.X
        sw = self.sample_weight
        Xs = X if sw is None else sp.diags(sw) @ X
        Q = np.asarray((X.T @ Xs).toarray(), dtype=self.dtype)
        q = np.asarray(Xs.T @ self.Y, dtype=self.dtype)
        if self.fit_intercept:
            # Y is centred, so only Q needs the correction.
            Q -= self.sum_sw * np.outer(self.X_offset, self.X_offset)
        return np.asfortranarray(Q), np.asfortranarray(q)

    def intercept(self, coef):
        """Optimal intercept for ``coef`` of shape (n_targets, n_features)."""
        if not self.fit_intercept:
            return np.zeros(self.n_targets, dtype=self.dtype)
        return (self.y_offset - coef @ self.X_offset).astype(self.dtype, copy=False)


def _syrk_gram(X):
    """``X.T @ X`` through BLAS syrk (half the flops of a general matmul)."""
    from scipy.linalg import blas

    syrk = blas.dsyrk if X.dtype == np.float64 else blas.ssyrk
    # With a Fortran-ordered X, X.T is C-contiguous: syrk(a=X, trans=1) forms
    # X^T X without copying X.  Only the upper triangle is written.
    upper = syrk(1.0, X, trans=1, lower=0)
    return np.asfortranarray(np.triu(upper) + np.triu(upper, 1).T)


def _check_no_overflow(X, Y):
    """Refuse data whose squared norms overflow the dtype.

    Every solver works with ``||x_j||^2``, ``||y||^2`` and products bounded
    by them; if those overflow, the result would silently be NaN or zero.
    """
    # ravel(order="K") of a contiguous array is a view: no copy of X.
    x = (X.data if sp.issparse(X) else X).ravel(order="K")
    y = Y.ravel(order="K")
    with np.errstate(over="ignore", invalid="ignore"):
        finite = np.isfinite(np.dot(x, x)) and np.isfinite(np.dot(y, y))
    if not finite:
        raise ValueError(
            f"The squared norms of X or y overflow {X.dtype}: the data contain "
            "values too large to fit a least-squares model. Scale the features "
            "and the target (e.g. StandardScaler) before fitting."
        )


def make_problem(X, y, sample_weight, *, fit_intercept, copy_X=True):
    """Build the :class:`Problem` for validated ``X``, ``y`` and weights.

    Parameters
    ----------
    X : ndarray (Fortran-ordered, float32/float64) or CSC matrix
        Output of the estimator's input validation.
    y : ndarray of shape (n_samples,) or (n_samples, n_targets)
        Same dtype as ``X``.
    sample_weight : ndarray of shape (n_samples,) or None
        Non-negative weights with a positive sum.
    fit_intercept : bool
    copy_X : bool, default=True
        When False and ``X`` is a writeable Fortran array of the right dtype,
        dense ``X`` is centred and scaled in place (scikit-learn's meaning).

    Returns
    -------
    Problem
    """
    dtype = X.dtype
    Y = np.asarray(y, dtype=dtype)
    Y = Y.reshape(-1, 1) if Y.ndim == 1 else Y
    n_samples = Y.shape[0]
    if sample_weight is not None and np.all(sample_weight == 1):
        sample_weight = None
    if sample_weight is None:
        sum_sw = float(n_samples)
    else:
        sample_weight = np.asarray(sample_weight, dtype=dtype)
        sum_sw = float(np.sum(sample_weight, dtype=np.float64))

    if fit_intercept:
        if sample_weight is None:
            X_offset = np.asarray(X.mean(axis=0), dtype=dtype).ravel()
            y_offset = Y.mean(axis=0)
        else:
            X_offset = (
                np.asarray(X.T @ sample_weight, dtype=np.float64).ravel() / sum_sw
            ).astype(dtype)
            y_offset = (sample_weight @ Y) / sum_sw
        Y = Y - y_offset
    else:
        X_offset = np.zeros(X.shape[1], dtype=dtype)
        y_offset = np.zeros(Y.shape[1], dtype=dtype)
        Y = Y.copy()
    y_offset = np.asarray(y_offset, dtype=dtype)

    sqrt_sw = None if sample_weight is None else np.sqrt(sample_weight)
    if sample_weight is None:
        y_sq_norms = np.einsum("ij,ij->j", Y, Y, dtype=np.float64)
    else:
        y_sq_norms = np.einsum("i,ij,ij->j", sample_weight, Y, Y, dtype=np.float64)

    if sp.issparse(X):
        # tocsc() returns X itself when it is already CSC: nothing below
        # writes to it (the kernels take it read-only).
        X = X.tocsc()
        if not X.has_canonical_format:
            # Duplicate (row, column) entries mean their sum; the kernels read
            # entries one by one, so they need them summed (on a copy).
            X = X.copy()
            X.sum_duplicates()
    else:
        needs_change = fit_intercept or sqrt_sw is not None
        if needs_change:
            own = not copy_X and X.flags.writeable and X.flags.f_contiguous
            X = X if own else np.array(X, order="F", copy=True)
            if fit_intercept:
                X -= X_offset
            if sqrt_sw is not None:
                X *= sqrt_sw[:, np.newaxis]
        else:
            X = np.asfortranarray(X)
        if sqrt_sw is not None:
            Y *= sqrt_sw[:, np.newaxis]

    _check_no_overflow(X, Y)
    return Problem(
        X=X,
        Y=np.asfortranarray(Y),
        sample_weight=sample_weight,
        X_offset=X_offset,
        y_offset=y_offset,
        sum_sw=sum_sw,
        y_sq_norms=y_sq_norms,
        fit_intercept=fit_intercept,
    )
