# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""From validated arrays to the centred, weighted problem the solvers see.

The datafit of every estimator is the weighted least squares

.. math::

    \\frac{1}{2 \\sum_i s_i} \\sum_i s_i (y_i - x_i^T w - b)^2 .

With an intercept, ``b`` is eliminated exactly: for any ``w`` the optimal
``b`` is ``y_offset - X_mean^T w`` with the *weighted* means
``X_mean = X^T s / sum(s)`` and ``y_offset = y^T s / sum(s)``, so the
solvers work on centred data and :meth:`Problem.intercept` recovers ``b``.

Columns whose mean is large against their spread are first *shifted* by
their mean (see ``_centring``): :attr:`Problem.X` is ``data - 1 X_shift^T``
and :attr:`Problem.X_offset` the (small) weighted means of that shifted
data, which the solvers subtract implicitly without cancelling digits.

Nothing is copied up front.  Dense ``X`` is shifted (a copy) only when a
solver works on it, centred and multiplied row-wise by ``sqrt(s)`` only
when a solver asks for that design (:attr:`Problem.X_design`, a copy unless
``copy_X=False``); the Gram matrix is accumulated from centred row blocks
without ever materialising a centred copy.  A problem may be a *view* of
some rows of dense data (``rows``, a cross-validation fold): its statistics
and Gram matrix are read block by block, and the rows are only gathered
into a copy if a solver needs them as an array.  Sparse ``X`` is never
densified nor centred: it stays CSC (its shifted columns stored in full)
and the solvers centre it implicitly with ``X_offset`` and the weights.
"""
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from ._centring import (
    column_statistics,
    refine_statistics,
    row_blocks,
    shift_dense,
    shift_sparse_columns,
    shifts,
)


@dataclass(frozen=True, eq=False)
class Problem:
    """A weighted least-squares problem ready for a solver.

    Attributes
    ----------
    data : ndarray of shape (n, n_features) or CSC matrix
        The validated data, as given (``n = n_samples`` unless ``rows``;
        dense data in either order: :attr:`X` is Fortran-ordered).
    Y : ndarray of shape (n_samples, n_targets)
        Centred targets, not scaled by the weights (see :attr:`Y_design`).
    sample_weight : ndarray of shape (n_samples,) or None
        The raw weights, or None when all weights are equal to one.
    X_offset : ndarray of shape (n_features,)
        Weighted column means of :attr:`X` (zeros without intercept): what
        the solvers centre implicitly.
    y_offset : ndarray of shape (n_targets,)
        Weighted target means (zeros without intercept).
    sum_sw : float
        ``sum(s)`` (``n_samples`` without weights): the datafit's normaliser.
    y_sq_norms : ndarray of shape (n_targets,)
        ``sum_i s_i (y_i - y_offset)^2`` per target: scikit-learn's scale for
        ``tol``.
    fit_intercept : bool
    copy_X : bool
        False allows :attr:`X_design` to centre and scale ``data`` in place.
    X_mean : ndarray of shape (n_features,), float64
        Weighted column means of ``data`` (zeros without intercept).
    sq_norms : ndarray of shape (n_features,), float64
        ``diag(X_c^T S X_c)``: the centred, weighted squared column norms.
    X_shift : ndarray of shape (n_features,), float64, or None
        Per-column shifts (exact in the dtype; 0 for unshifted columns), or
        None when no column is shifted.
    rows : ndarray of int or None
        Dense data only: the problem's rows are ``data[rows]``.
    large_means : bool
        Whether some column's mean exceeds ``SHIFT_MIN_RATIO`` times its
        spread (see :meth:`implicit_design`).
    """

    data: object
    Y: np.ndarray
    sample_weight: object
    X_offset: np.ndarray
    y_offset: np.ndarray
    sum_sw: float
    y_sq_norms: np.ndarray
    fit_intercept: bool
    copy_X: bool = True
    X_mean: np.ndarray = None
    sq_norms: np.ndarray = None
    X_shift: np.ndarray = None
    rows: np.ndarray = None
    large_means: bool = False

    @property
    def is_sparse(self):
        return sp.issparse(self.data)

    @property
    def dtype(self):
        return self.Y.dtype

    @property
    def n_samples(self):
        return self.Y.shape[0]

    @property
    def n_features(self):
        return self.data.shape[1]

    @property
    def n_targets(self):
        return self.Y.shape[1]

    @cached_property
    def memo(self):
        """Quantities the solvers derive from the data once and reuse for
        every alpha of a path, keyed by name."""
        return {}

    @cached_property
    def sqrt_sw(self):
        return None if self.sample_weight is None else np.sqrt(self.sample_weight)

    @cached_property
    def X(self):
        """``data[rows] - 1 X_shift^T``: ``data`` itself when neither applies,
        else a new array (dense: Fortran-ordered; sparse: CSC with the
        shifted columns stored in full)."""
        if self.is_sparse:
            if self.X_shift is None:
                return self.data
            return shift_sparse_columns(self.data, self.X_shift)
        if self.rows is None and self.X_shift is None:
            return np.asfortranarray(self.data)  # the kernels read columns
        return shift_dense(self.data, self.rows, self.X_shift, self.dtype)

    def implicit_design(self):
        """``(X, m)`` for a solver that centres ``X - 1 m^T`` implicitly in
        a few products only (conjugate gradient): the raw data and their
        means when no column's mean is large against its spread (so no copy
        is made for the float32 policy of :attr:`X`), else :attr:`X` and
        :attr:`X_offset`."""
        if self.is_sparse or self.large_means or self.rows is not None:
            return self.X, self.X_offset
        return self.data, self.X_mean.astype(self.dtype)

    def _owns_X(self):
        return "X" in self.__dict__ and self.__dict__["X"] is not self.data

    @cached_property
    def X_design(self):
        """Dense ``S^{1/2} (X - 1 X_offset^T)``, Fortran-ordered.

        ``X`` itself when neither centring nor weights change it; otherwise
        formed in place of a shifted copy of ours (then forgotten: :attr:`X`
        is rebuilt if asked for again), in place of ``data`` when
        ``copy_X=False`` allows it, or in a new copy.
        """
        if self.is_sparse:
            raise TypeError("X_design is only defined for dense X")
        if not self.fit_intercept and self.sqrt_sw is None:
            return self.X
        data = self.data
        if self._owns_X():
            X = self.__dict__.pop("X")
        elif (self.rows is None and not self.copy_X and data.flags.writeable
              and data.flags.f_contiguous):
            X = data
            if self.X_shift is not None:
                X -= self.X_shift.astype(self.dtype)
        else:
            X = shift_dense(data, self.rows, self.X_shift, self.dtype)
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

    def centred_dense(self, dtype=np.float64):
        """Dense ``X[rows] - 1 X_mean^T`` (unscaled) as a new array."""
        mean = self.X_mean if self.fit_intercept else None
        return shift_dense(self.data, self.rows, mean, np.dtype(dtype))

    def centred_blocks(self, dtype=None):
        """Yield ``(start, stop, block)``: dense blocks of centred rows
        ``X_c[start:stop]`` (unscaled), in ``dtype`` (the problem's); dense
        data only."""
        if self.is_sparse:
            raise TypeError("centred_blocks is only defined for dense X")
        dtype = self.dtype if dtype is None else np.dtype(dtype)
        mean = self.X_mean.astype(dtype) if self.fit_intercept else None
        for start, stop, block in row_blocks(self.data, self.rows, dtype):
            yield start, stop, block if mean is None else block - mean

    def correlations(self, V):
        """``X_c^T V`` in float64 for ``V`` of shape (n_samples, k): the
        centred design (unscaled) times ``V``, never cancelling digits."""
        V = np.asarray(V, dtype=np.float64)
        if self.is_sparse or (self.rows is None and self.X_shift is None):
            X = self.X if self.is_sparse else self.data
            out = np.asarray(X.T @ V.astype(X.dtype, copy=False), dtype=np.float64)
            if self.fit_intercept:
                out -= np.outer(self.X_offset.astype(np.float64), V.sum(axis=0))
            return out
        out = np.zeros((self.n_features, V.shape[1]))
        for start, stop, block in self.centred_blocks(np.float64):
            out += block.T @ V[start:stop]
        return out

    @cached_property
    def zero_gradient(self):
        """``X_c^T S Y_c`` in float64, ``(n_features, n_targets)``: minus the
        datafit's gradient at ``w = 0`` (kernel scale), with the centring
        applied (not ``X^T S y_c`` alone: the sum of ``S y_c`` is zero only up
        to the rounding of the mean).  Computed once per problem."""
        SY = self.Y if self.sample_weight is None else (
            self.Y * self.sample_weight[:, np.newaxis])
        return self.correlations(SY)

    @cached_property
    def gram(self):
        """``(Q, q)``: ``X_c^T S X_c`` (Fortran order) and ``X_c^T S Y_c``.

        ``X_c`` is the centred design.  Dense ``X``: ``Q`` is accumulated by
        symmetric rank-k updates (syrk), on ``X`` itself with the rank-one
        correction ``- n m m^T`` when no column needed a shift (the means
        are then too small to cancel digits), else over blocks of centred
        rows, so no centred copy of ``X`` is made.  Sparse ``X``: the
        centring is applied to the ``p x p`` product, ``X^T S X - sum(s) m
        m^T`` (``m`` the small means of the shifted data), so ``X`` is never
        densified.
        """
        return self._gram(self.dtype)

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
        return self._gram(np.dtype(np.float64))

    def _gram(self, dtype):
        sw = self.sample_weight
        Y = self.Y.astype(dtype, copy=False)
        SY = Y if sw is None else Y * sw.astype(dtype)[:, np.newaxis]
        if self.is_sparse:
            Q, q = _sparse_gram(self.X, sw, SY, dtype)
            if self.fit_intercept:
                m = self.X_offset.astype(np.float64)
                if dtype == np.float64 and self.dtype != np.float64:
                    # the means of the shifted data in float64: X_offset is
                    # rounded to float32
                    m = self.X_mean - (0.0 if self.X_shift is None else self.X_shift)
                Q -= (self.sum_sw * np.outer(m, m)).astype(dtype)
                q -= _centring_term(m, SY).astype(dtype)
        elif "X_design" in self.__dict__:
            # Already materialised: reuse it.  With copy_X=False it was
            # formed in place, so self.data no longer holds the raw data and
            # q must come from the design too: X_c^T S Y_c.
            Xd, Yd = self.X_design, self.Y_design.astype(dtype, copy=False)
            if Xd.dtype == dtype:
                Q, q = _syrk_gram(Xd), Xd.T @ Yd
            else:
                Q, q = _blocked_gram(row_blocks(Xd, None, dtype), None, None, Yd,
                                     dtype)
        elif self.rows is None and self.X_shift is None and sw is None \
                and dtype == self.data.dtype:
            Q = _syrk_gram(self.data)
            if "zero_gradient" in self.__dict__:
                # X_c^T Y_c, already computed (a fit that started on X)
                q = self.zero_gradient.astype(dtype)
            else:
                q = self.data.T @ SY
                if self.fit_intercept:
                    q -= _centring_term(self.X_offset.astype(np.float64), SY).astype(dtype)
            if self.fit_intercept:
                m = self.X_offset.astype(np.float64)
                Q -= (self.n_samples * np.outer(m, m)).astype(dtype)
        else:
            mean = self.X_mean if self.fit_intercept else None
            sqrt_sw = None if sw is None else np.sqrt(sw.astype(dtype))
            blocks = row_blocks(self.data, self.rows, dtype, size=GRAM_BLOCK_ROWS)
            Q, q = _blocked_gram(blocks, mean, sqrt_sw, SY, dtype)
        check_finite_sq_norms(np.diag(Q))
        return np.asfortranarray(Q, dtype=dtype), np.asfortranarray(q, dtype=dtype)

    def intercept(self, coef):
        """Optimal intercept for ``coef`` of shape (n_targets, n_features)."""
        if not self.fit_intercept:
            return np.zeros(self.n_targets, dtype=self.dtype)
        b = self.y_offset.astype(np.float64) - np.asarray(coef, np.float64) @ self.X_mean
        return b.astype(self.dtype)


# Rows per block of the centred Gram accumulation (None: ``_centring``'s
# block of about 2 MiB, which keeps syrk at full speed and in cache).
GRAM_BLOCK_ROWS = None


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


def _blocked_gram(blocks, mean, sqrt_sw, SY, dtype):
    """``(Q, q)`` accumulated over ``(start, stop, block)`` of rows: each
    block is centred at ``mean`` (float64, or None) in ``dtype``, ``q``
    takes ``block_c^T SY[block]``, ``Q`` the rank-k update of the block
    scaled by ``sqrt_sw``.

    Each update is NumPy's ``block.T @ block`` (syrk, mirrored: exactly
    symmetric), added to the sum.  On small data, where one block is all,
    this took 0.71-0.74x the time of scipy's syrk wrapper with a Fortran
    copy of the block and a separate symmetrization (float32 diabetes
    degree-2 and degree-3 tables, 442 x 65 and 442 x 285, the float64 Gram
    form of a float32 fit); on large data (20,000 x 100, 100,000 x 50) the
    two were even: the p x p temporary of each block is small beside its
    n_block p^2 / 2 multiply-adds.
    """
    Q = q = None
    m = None if mean is None else mean.astype(dtype)
    for start, stop, block in blocks:
        block = block - m if m is not None else np.array(block, dtype=dtype)
        q_block = block.T @ SY[start:stop]
        if sqrt_sw is not None:
            block *= sqrt_sw[start:stop, np.newaxis]
        Q_block = _syrk_gram(block)
        if Q is None:
            Q, q = np.array(Q_block, order="F"), q_block
        else:
            Q += Q_block
            q += q_block
    return Q, q


# A sparse matrix this dense and this small has its Gram matrix formed on a
# dense copy: the sparse product X^T X runs at ~1 GFlop/s whatever the
# density, syrk several times faster (a CSR copy of diabetes degree 3, 442 x
# 285, spent 25 ms there).
SPARSE_DENSE_GRAM_MIN_DENSITY = 0.1
SPARSE_DENSE_GRAM_MAX_BYTES = 32 * 2**20


def sparse_gram_on_dense_copy(X, dtype=np.float64):
    """Whether the Gram matrix of sparse ``X`` is formed on a dense copy."""
    n, p = X.shape
    return bool(X.nnz >= SPARSE_DENSE_GRAM_MIN_DENSITY * n * p
                and n * p * np.dtype(dtype).itemsize <= SPARSE_DENSE_GRAM_MAX_BYTES)


def _sparse_gram(X, sw, SY, dtype):
    """Uncentred ``(X^T S X, X^T S Y)`` of a CSC matrix, in ``dtype``."""
    X = X.astype(dtype, copy=False)
    if sparse_gram_on_dense_copy(X, dtype):
        # SY carries the weights already: q is X^T SY either way
        q = np.asarray(X.T @ SY, dtype=dtype)
        dense = X.toarray(order="F")
        if sw is not None:
            dense *= np.sqrt(sw.astype(dtype))[:, np.newaxis]
        return np.asarray(_syrk_gram(dense), dtype=dtype), q
    Q = csr_gram(X, sw).astype(dtype, copy=False)
    q = np.asarray(X.T @ SY, dtype=dtype)
    return Q, q


def csr_gram(X, sample_weight=None):
    """``X^T S X`` of a sparse matrix as a dense float64 array.

    Rows of a CSR copy add their outer products (``_kernels._gram``):
    ``sum_i nnz_i^2 / 2`` multiply-adds, accumulated in float64.  scipy's
    sparse-sparse ``X.T @ X`` does the same arithmetic but builds the index
    structure of a product that is dense anyway: 5 ms against 0.3 ms on a
    5,000 x 300 matrix of density 0.02.
    """
    from ._kernels._statistics import csr_gram as accumulate

    X = sp.csr_matrix(X)  # (a view when X is CSR already)
    p = X.shape[1]
    gram = np.zeros((p, p))
    sw = None if sample_weight is None else np.ascontiguousarray(
        sample_weight, dtype=np.float64)
    accumulate(X.data, X.indices, X.indptr, sw, gram)
    return gram


def check_finite_sq_norms(sq_norms, what="X"):
    """Refuse data whose squared norms overflow the dtype.

    Every solver works with ``||x_j||^2``, ``||y||^2`` and products bounded
    by them; if those overflow, the result would silently be NaN or zero.
    Each solver calls this on the squared norms it computes anyway, so the
    check costs no extra pass over ``X``.
    """
    if not np.isfinite(sq_norms).all():  # (isfinite never warns)
        # NaN norms come from NaN or infinite entries (inf - inf when
        # centred) but also from finite values whose squares overflow: the
        # message names every cause (the boundary's checks, skipped with
        # check_input=False, would have named NaN and infinity already)
        raise ValueError(
            f"The squared norms of {what} overflow {np.asarray(sq_norms).dtype}: "
            f"{what} contains values too large to fit a least-squares model, or "
            "NaN or infinity (which only check_input=False lets through). Scale "
            "the features and the target (e.g. StandardScaler) and remove or "
            "impute non-finite values before fitting."
        )


def _centring_term(offset, SY):
    """``m sum(S y_c)^T``, the term that turns ``X^T S y_c`` into ``X_c^T S
    y_c``.  The float32-centred targets do not sum to zero exactly (their
    mean is rounded: ~1e-7 |y| per sample), and without this term that
    residue times ``n m_j`` entered ``q``: a gradient off by 1e-5 relative
    and a certified gap 15x smaller than the true one at tol=1e-7."""
    return np.outer(offset, np.asarray(SY).sum(axis=0, dtype=np.float64))


def make_problem(X, y, sample_weight, *, fit_intercept, copy_X=True, rows=None):
    """Build the :class:`Problem` for validated ``X``, ``y`` and weights.

    Parameters
    ----------
    X : ndarray (float32/float64, Fortran order preferred) or CSC matrix
        Output of the estimator's input validation.
    y : ndarray of shape (n_samples,) or (n_samples, n_targets)
        Same dtype as ``X``.
    sample_weight : ndarray of shape (n_samples,) or None
        Non-negative weights with a positive sum (on ``rows``).
    fit_intercept : bool
    copy_X : bool, default=True
        When False and ``X`` is a writeable Fortran array of the right dtype,
        dense ``X`` is centred and scaled in place (scikit-learn's meaning).
    rows : ndarray of int, default=None
        The problem of ``X[rows]``, ``y[rows]``, ``sample_weight[rows]``
        (all three given for every row).  Dense ``X`` is not copied: the
        problem reads those rows block by block (a view, e.g. a
        cross-validation fold); sparse ``X`` is indexed once.

    Returns
    -------
    Problem
    """
    dtype = X.dtype
    if rows is not None:
        rows = np.asarray(rows)
        y = np.asarray(y)[rows]  # a new array, ours to centre in place
        if sample_weight is not None:
            sample_weight = np.asarray(sample_weight)[rows]
    Y64 = np.asarray(y, dtype=np.float64) if rows is not None else (
        np.array(y, dtype=np.float64))  # never the caller's y
    Y64 = Y64.reshape(-1, 1) if Y64.ndim == 1 else Y64
    if sp.issparse(X):
        if rows is not None:
            # indexed once (CSC row indexing gathers without converting X)
            X = (X if X.format in ("csc", "csr") else X.tocsc())[rows]
            rows = None
        # tocsc() returns X itself when it is already CSC: nothing below
        # writes to it (the kernels take it read-only).
        X = X.tocsc()
        if not X.has_canonical_format:
            # Duplicate (row, column) entries mean their sum; the kernels read
            # entries one by one, so they need them summed (on a copy).
            X = X.copy()
            X.sum_duplicates()
    else:
        X = np.asarray(X)
        if rows is not None:
            copy_X = True  # a view of the caller's rows: never centred in place
    if sample_weight is not None and np.all(sample_weight == 1):
        sample_weight = None
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight, dtype=dtype)

    with np.errstate(over="ignore", invalid="ignore"):
        problem = _centre(X, Y64, sample_weight, rows, fit_intercept, dtype)
    return Problem(data=X, copy_X=copy_X, rows=rows, **problem)


def _centre(X, Y64, sample_weight, rows, fit_intercept, dtype):
    """The statistics and centred targets of :func:`make_problem` (with
    overflow left to :func:`check_finite_sq_norms`, which raises).  Tiny
    problems are fitted by the thousand in grid searches: the common path
    (no shift, no flat target) costs a handful of NumPy calls."""
    n_samples = Y64.shape[0]
    mean, sum_sw, sq = column_statistics(X, sample_weight, rows)
    if sample_weight is None:
        sum_sw = float(n_samples)
    X_shift, large = None, np.zeros(X.shape[1], dtype=bool)
    eps = np.finfo(dtype).eps
    if fit_intercept:
        if sample_weight is None:
            y_offset = np.add.reduce(Y64, axis=0) / n_samples
        else:
            y_offset = (sample_weight.astype(np.float64) @ Y64) / sum_sw
        Y64 -= y_offset
        centred_sq = sq - sum_sw * mean**2
        X_shift, large = shifts(mean, centred_sq, sum_sw, dtype, sp.issparse(X))
        if X_shift is not None:
            # two-pass statistics where the one-pass ones cancel
            rest, centred_sq = refine_statistics(
                X, sample_weight, rows, X_shift, mean, centred_sq,
                cols=np.flatnonzero(large))
            mean = X_shift + rest
            X_offset = rest.astype(dtype)
            # a column constant up to the rounding of its mean (always a
            # shifted one) has no spread
            centred_sq[centred_sq <= sum_sw * (4 * eps * mean) ** 2] = 0.0
        else:
            X_offset = mean.astype(dtype)
    else:
        mean = np.zeros(X.shape[1])
        centred_sq = sq
        X_offset = np.zeros(X.shape[1], dtype=dtype)
        y_offset = np.zeros(Y64.shape[1])
    Y = Y64.astype(dtype, copy=False)

    # the squared norms of the targets the solvers see
    if sample_weight is None:
        y_sq_norms = np.einsum("ij,ij->j", Y, Y, dtype=np.float64)
    else:
        y_sq_norms = np.einsum("i,ij,ij->j", sample_weight, Y, Y, dtype=np.float64)
    if fit_intercept:
        # A target that is constant up to the rounding of its mean has
        # nothing to fit: make its centred values exactly zero, so that every
        # solver returns exactly w = 0 instead of fitting rounding noise.
        # (Every |y_i - mean| <= t implies sum s_i (y_i - mean)^2 <= t^2
        # sum(s): the cheap test first.)
        bound = 4 * eps * np.abs(y_offset)
        maybe = y_sq_norms <= sum_sw * bound**2
        if np.any(maybe):
            flat = maybe & np.all(np.abs(Y64) <= bound, axis=0)
            Y[:, flat] = 0.0
            y_sq_norms[flat] = 0.0
    y_offset = np.asarray(y_offset, dtype=dtype)
    sq_norms = np.maximum(centred_sq, 0.0)
    if not (np.isfinite(y_sq_norms.astype(dtype)).all()
            and np.isfinite(sq_norms.astype(dtype)).all()):
        check_finite_sq_norms(y_sq_norms.astype(dtype), "y")
        check_finite_sq_norms(sq_norms.astype(dtype))
    return dict(
        Y=np.asfortranarray(Y),
        sample_weight=sample_weight,
        X_offset=X_offset,
        y_offset=y_offset,
        sum_sw=sum_sw,
        y_sq_norms=y_sq_norms,
        fit_intercept=fit_intercept,
        X_mean=mean,
        sq_norms=sq_norms,
        X_shift=X_shift,
        large_means=bool(large.any()),
    )
