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

Nothing is copied up front.  Dense ``X`` is centred and multiplied row-wise
by ``sqrt(s)`` only when a solver asks for that design
(:attr:`Problem.X_design`, a copy unless ``copy_X=False``); the Gram matrix
is accumulated from row blocks of ``X`` without ever materialising the
centred copy.  Sparse ``X`` is never densified nor centred: it stays CSC and
the solvers centre it implicitly with ``X_offset`` and the weights.
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
        The validated data, not centred (see :attr:`X_design`).
    Y : ndarray of shape (n_samples, n_targets)
        Centred targets, not scaled by the weights (see :attr:`Y_design`).
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
    copy_X : bool
        False allows :attr:`X_design` to centre and scale ``X`` in place.
    """

    X: object
    Y: np.ndarray
    sample_weight: object
    X_offset: np.ndarray
    y_offset: np.ndarray
    sum_sw: float
    y_sq_norms: np.ndarray
    fit_intercept: bool
    copy_X: bool = True

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
    def memo(self):
        """Quantities the solvers derive from the data once and reuse for
        every alpha of a path (e.g. column norms), keyed by name."""
        return {}

    @cached_property
    def sqrt_sw(self):
        return None if self.sample_weight is None else np.sqrt(self.sample_weight)

    @cached_property
    def X_design(self):
        """Dense ``S^{1/2} (X - 1 X_offset^T)``, Fortran-ordered.

        ``X`` itself when neither centring nor weights change it; otherwise a
        copy, or ``X`` modified in place when ``copy_X=False`` allows it.
        """
        X = self.X
        if sp.issparse(X):
            raise TypeError("X_design is only defined for dense X")
        if not self.fit_intercept and self.sqrt_sw is None:
            return X
        own = not self.copy_X and X.flags.writeable and X.flags.f_contiguous
        X = X if own else np.array(X, order="F", copy=True)
        if self.fit_intercept:
            X -= self.X_offset
        if self.sqrt_sw is not None:
            X *= self.sqrt_sw[:, np.newaxis]
        return X

    @cached_property
    def Y_design(self):
        """``S^{1/2} Y`` (the centred targets scaled like :attr:`X_design`)."""
        if self.sqrt_sw is None:
            return self.Y
        return np.asfortranarray(self.Y * self.sqrt_sw[:, np.newaxis])

    @cached_property
    def gram(self):
        """``(Q, q)``: ``X_c^T S X_c`` (Fortran order) and ``X_c^T S Y_c``.

        ``X_c`` is the centred design.  Dense ``X``: ``Q`` is accumulated by
        symmetric rank-k updates (syrk) over blocks of centred rows, so no
        centred copy of ``X`` is made; ``q = X^T S Y_c`` needs no centring
        since ``Y_c`` has weighted mean zero.  Sparse ``X``: the centring is
        applied to the ``p x p`` product, ``X^T S X - sum(s) m m^T``, so ``X``
        is never densified.
        """
        X, sw = self.X, self.sample_weight
        SY = self.Y if sw is None else self.Y * sw[:, np.newaxis]
        if not self.is_sparse:
            if "X_design" in self.__dict__:
                # Already materialised: reuse it.  With copy_X=False it was
                # formed in place, so self.X no longer holds the raw data and
                # q must come from the design too: X_c^T S Y_c.
                Q = _syrk_gram(self.X_design)
                q = self.X_design.T @ self.Y_design
            else:
                Q = _centred_gram(
                    X, self.X_offset if self.fit_intercept else None, self.sqrt_sw
                )
                q = X.T @ SY
            check_finite_sq_norms(np.diag(Q))
            return Q, np.asfortranarray(q, dtype=self.dtype)
        Xs = X if sw is None else sp.diags(sw) @ X
        Q = np.asarray((X.T @ Xs).toarray(), dtype=self.dtype)
        check_finite_sq_norms(np.diag(Q))
        q = np.asarray(X.T @ SY, dtype=self.dtype)
        if self.fit_intercept:
            # Y is centred, so only Q needs the correction.
            Q -= self.sum_sw * np.outer(self.X_offset, self.X_offset)
        return np.asfortranarray(Q), np.asfortranarray(q)

    @cached_property
    def gram64(self):
        """:attr:`gram` in float64, accumulated in float64 for float32 data.

        A float32 Gram matrix of many rows carries float32 rounding summed
        over n products (relative error ~1e-6 on 1e5 rows): coordinate
        descent on it cannot certify small duality gaps.  Accumulating in
        float64 (one block of rows converted at a time, no float64 copy of
        X) costs a p x p float64 matrix.
        """
        if self.dtype == np.float64:
            return self.gram
        X, sw = self.X, self.sample_weight
        Y64 = self.Y.astype(np.float64)
        SY = Y64 if sw is None else Y64 * sw[:, np.newaxis]
        if self.is_sparse:
            X64 = X.astype(np.float64)
            Xs = X64 if sw is None else sp.diags(sw.astype(np.float64)) @ X64
            Q = np.asarray((X64.T @ Xs).toarray())
            q = np.asarray(X64.T @ SY)
            if self.fit_intercept:
                # the means again in float64: X_offset is rounded to float32
                weights = np.ones(self.n_samples) if sw is None else sw.astype(np.float64)
                m = np.asarray(X64.T @ weights).ravel() / weights.sum()
                Q -= weights.sum() * np.outer(m, m)
                q -= _centring_term(m, SY)
        elif "X_design" in self.__dict__:
            # possibly formed in place of X (see gram): start from the design
            Xd = self.X_design
            Q = _blocked_centred_gram(Xd, None, None, dtype=np.float64)
            Yd = self.Y_design.astype(np.float64)
            q = np.zeros((self.n_features, self.n_targets))
            for start in range(0, self.n_samples, GRAM_BLOCK_ROWS):
                stop = start + GRAM_BLOCK_ROWS
                q += Xd[start:stop].astype(np.float64).T @ Yd[start:stop]
        else:
            offset = self.X_offset if self.fit_intercept else None
            Q = _blocked_centred_gram(
                X, None if offset is None else offset.astype(np.float64),
                None if self.sqrt_sw is None else self.sqrt_sw.astype(np.float64),
                dtype=np.float64)
            q = np.zeros((self.n_features, self.n_targets))
            for start in range(0, self.n_samples, GRAM_BLOCK_ROWS):
                block = X[start:start + GRAM_BLOCK_ROWS].astype(np.float64)
                q += block.T @ SY[start:start + GRAM_BLOCK_ROWS]
            if offset is not None:
                q -= _centring_term(offset.astype(np.float64), SY)
        check_finite_sq_norms(np.diag(Q))
        return np.asfortranarray(Q), np.asfortranarray(q)

    def intercept(self, coef):
        """Optimal intercept for ``coef`` of shape (n_targets, n_features)."""
        if not self.fit_intercept:
            return np.zeros(self.n_targets, dtype=self.dtype)
        return (self.y_offset - coef @ self.X_offset).astype(self.dtype, copy=False)


def _syrk(dtype):
    from scipy.linalg import blas

    return blas.dsyrk if dtype == np.float64 else blas.ssyrk


def _symmetrize_upper(upper):
    return np.asfortranarray(np.triu(upper) + np.triu(upper, 1).T)


def _syrk_gram(X):
    """``X.T @ X`` through BLAS syrk (half the flops of a general matmul).

    NumPy's matmul recognises ``A.T @ A`` (one buffer, transposed) and calls
    syrk, then mirrors the triangle: the result is exactly symmetric, and
    this costs microseconds less per call than scipy's syrk wrapper plus our
    own mirroring, which matters for the many tiny fits of a grid search.
    """
    gram = X.T @ X
    # symmetric and C-contiguous: its transpose is the Fortran-ordered view
    return gram.T


# Rows per block when centring on the fly: large enough for syrk to run at
# full speed, small enough (a few MB) to stay in cache-friendly territory.
GRAM_BLOCK_ROWS = 2048


# The shortcut X^T X - n m m^T loses about log10(max_j n m_j^2 / ||x_j - m_j||^2)
# digits to cancellation; up to this ratio (4 digits of 16) it is used.
GRAM_SHORTCUT_MAX_RATIO = 1e4


def _centred_gram(X, offset, sqrt_sw):
    """``(S^{1/2}(X - 1 m^T))^T (S^{1/2}(X - 1 m^T))`` without a centred copy.

    Unweighted: one syrk on ``X`` as given, then the rank-one correction
    ``- n m m^T`` when the means are small enough for it to stay accurate.
    Otherwise (or with weights) each block of rows is centred and scaled
    before its rank-k update: the accuracy of an explicitly centred design
    at the memory cost of one block.
    """
    if offset is None and sqrt_sw is None:
        return _syrk_gram(X)
    if sqrt_sw is None:
        n = X.shape[0]
        Q = _syrk_gram(X)
        mean_sq = n * offset.astype(np.float64) ** 2
        centred_sq = np.diag(Q) - mean_sq
        if np.all(mean_sq <= GRAM_SHORTCUT_MAX_RATIO * centred_sq):
            Q -= (n * np.outer(offset, offset)).astype(Q.dtype)
            return Q
    return _blocked_centred_gram(X, offset, sqrt_sw)


def _blocked_centred_gram(X, offset, sqrt_sw, dtype=None):
    """Accumulate the centred, scaled Gram matrix over blocks of rows, in
    ``dtype`` (X's by default; float64 for float32 data is what
    :attr:`Problem.gram64` asks for: each block is converted on the fly)."""
    dtype = X.dtype if dtype is None else np.dtype(dtype)
    syrk = _syrk(dtype)
    n, p = X.shape
    upper = np.zeros((p, p), dtype=dtype, order="F")
    for start in range(0, n, GRAM_BLOCK_ROWS):
        block = X[start:start + GRAM_BLOCK_ROWS].astype(dtype, copy=False)
        block = block - offset if offset is not None else np.array(block)
        if sqrt_sw is not None:
            block *= sqrt_sw[start:start + GRAM_BLOCK_ROWS, np.newaxis]
        upper = syrk(1.0, np.asfortranarray(block), trans=1, beta=1.0, c=upper,
                     lower=0, overwrite_c=1)
    return _symmetrize_upper(upper)


def check_finite_sq_norms(sq_norms, what="X"):
    """Refuse data whose squared norms overflow the dtype.

    Every solver works with ``||x_j||^2``, ``||y||^2`` and products bounded
    by them; if those overflow, the result would silently be NaN or zero.
    Each solver calls this on the squared norms it computes anyway, so the
    check costs no extra pass over ``X``.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        finite = np.all(np.isfinite(sq_norms))
    if not finite:
        raise ValueError(
            f"The squared norms of {what} overflow {np.asarray(sq_norms).dtype}: "
            "the data contain values too large to fit a least-squares model. "
            "Scale the features and the target (e.g. StandardScaler) before "
            "fitting."
        )


def _centring_term(offset, SY):
    """``m sum(S y_c)^T``, the term that turns ``X^T S y_c`` into ``X_c^T S
    y_c``.  The float32-centred targets do not sum to zero exactly (their
    mean is rounded: ~1e-7 |y| per sample), and without this term that
    residue times ``n m_j`` entered ``q``: a gradient off by 1e-5 relative
    and a certified gap 15x smaller than the true one at tol=1e-7."""
    return np.outer(offset, SY.sum(axis=0))


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
        # A target that is constant up to the rounding of its mean has nothing
        # to fit: make its centred values exactly zero, so that every solver
        # returns exactly w = 0 instead of fitting rounding noise.
        flat = np.all(np.abs(Y) <= 4 * np.finfo(dtype).eps * np.abs(y_offset), axis=0)
        if np.any(flat):
            Y[:, flat] = 0.0
    else:
        X_offset = np.zeros(X.shape[1], dtype=dtype)
        y_offset = np.zeros(Y.shape[1], dtype=dtype)
        Y = Y.copy()
    y_offset = np.asarray(y_offset, dtype=dtype)

    if sample_weight is None:
        y_sq_norms = np.einsum("ij,ij->j", Y, Y, dtype=np.float64)
    else:
        y_sq_norms = np.einsum("i,ij,ij->j", sample_weight, Y, Y, dtype=np.float64)
    with np.errstate(over="ignore"):
        check_finite_sq_norms(y_sq_norms.astype(dtype), "y")

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
        X = np.asfortranarray(X)

    return Problem(
        X=X,
        Y=np.asfortranarray(Y),
        sample_weight=sample_weight,
        X_offset=X_offset,
        y_offset=y_offset,
        sum_sw=sum_sw,
        y_sq_norms=y_sq_norms,
        fit_intercept=fit_intercept,
        copy_X=copy_X,
    )
