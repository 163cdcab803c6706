# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Column statistics, and the shift of columns whose mean dwarfs their spread.

The solvers centre ``X`` *implicitly*: they work on ``X`` and add the
centring ``- 1 m^T`` inside their products (``X_c w = X w - (m^T w) 1``,
``||x_j - m_j||^2 = ||x_j||^2 - n m_j^2``).  Both sides of each subtraction
are about ``(|m_j| / sd_j)^2`` times larger than their difference, so that
many digits cancel: with a "year" column (mean 2007, spread 10) four of
float64's sixteen digits are gone, with an offset of 1e8 all of them.

Adding a constant to a column must not change the model (the intercept
absorbs it).  So :func:`column_statistics` measures, once and in float64,
each column's weighted mean and spread, and :func:`shifts` picks the
columns whose ``|mean| / sd`` exceeds :data:`SHIFT_MIN_RATIO`: those are
shifted by their mean (rounded to the dtype), leaving columns whose
remaining mean is at most the rounding of that shift, far below their
spread.  Implicit centring of the shifted data cancels nothing, and the
intercept is recovered with the true means.  A dense float32 column is
always shifted: float32 keeps too few digits for implicit centring at any
ratio (scikit-learn centres dense float32 data explicitly too).

For sparse ``X`` such a column is necessarily (almost) fully stored: a
column with a fraction ``d`` of stored values ``v`` and zeros elsewhere
has ``|mean| / sd = sqrt(d / (1 - d))``, which exceeds 4 only for ``d >
16/17``.  Storing it in full and shifting its entries
(:func:`shift_sparse_columns`) costs at most 1/16 more storage for it.

Everything here reads ``X`` in blocks of rows (:func:`row_blocks`), so
that a subset of rows (a cross-validation fold) is never copied whole.
"""
import numpy as np
import scipy.sparse as sp

# |mean| / sd above which a column is shifted.  Implicit centring loses
# about 2 log10(ratio) digits: a ratio of 4 costs 1.2 of float64's 16.
SHIFT_MIN_RATIO = 4.0
# Dense float32 columns are shifted whenever their mean is nonzero: with 7
# digits, implicit centring in the coordinate-descent kernels measurably
# loses accuracy against scikit-learn's explicit centring already at a
# ratio of 0.03 (20,000 rows).  Solvers that apply the design only a few
# times (conjugate gradient) may still centre float32 columns implicitly
# up to SHIFT_MIN_RATIO (see ``Problem.implicit_design``).
FLOAT32_DENSE_SHIFT_MIN_RATIO = 0.0

# Values per block of rows read at a time (2 MiB of float64): large enough
# for BLAS to run at full speed, small enough to stay cache-friendly.
BLOCK_ELEMENTS = 2**18


def block_size(n_features):
    """Rows per block for ``n_features`` columns."""
    return max(256, BLOCK_ELEMENTS // max(n_features, 1))


def row_blocks(X, rows=None, dtype=None, shift=None, size=None, cols=None):
    """Yield ``(start, stop, block)``: dense blocks of ``X[rows][:, cols] -
    shift``.

    ``X``: dense array (any order) or sparse matrix (blocks densified, for
    few features only); ``rows``: indices of the rows to read (None: all),
    gathered one block at a time; ``cols``: the columns to read (None:
    all); ``dtype``: of the blocks (``X``'s when None); ``shift``: values
    subtracted from the columns of each block.
    ``start, stop`` count the rows of ``X[rows]``.  A block is a view of
    ``X`` when no gather, conversion or shift is needed: never write to it.
    """
    n = X.shape[0] if rows is None else len(rows)
    dtype = X.dtype if dtype is None else np.dtype(dtype)
    width = X.shape[1] if cols is None else len(cols)
    size = block_size(width) if size is None else size
    if sp.issparse(X) and rows is not None:
        X = X.tocsr()  # row gathers on CSR are cheap
    for start in range(0, n, size):
        stop = min(start + size, n)
        index = slice(start, stop) if rows is None else rows[start:stop]
        block = X[index] if cols is None else X[index][:, cols]
        if sp.issparse(block):
            block = block.toarray()
        block = block.astype(dtype, copy=False)
        if shift is not None:
            block = block - shift.astype(dtype, copy=False)
        yield start, stop, block


def column_statistics(X, sample_weight=None, rows=None):
    """Weighted means and second moments of the columns, in float64.

    Returns ``(mean, sum_sw, sq)`` with ``sq_j = sum_i s_i x_ij^2``; the
    one-pass centred value ``sq - sum(s) mean^2`` is accurate where the mean
    is small against the spread, and :func:`refine_statistics` computes a
    two-pass value for the columns where it cancels.  ``rows`` restricts to those rows of ``X``
    (weights indexed like ``X[rows]``).  Dense blocks are read once; sparse
    ``X`` (all rows) is read entry by entry, never densified.
    """
    p = X.shape[1]
    sw = None if sample_weight is None else np.asarray(sample_weight, np.float64)
    if rows is None and not sp.issparse(X) and X.size <= BLOCK_ELEMENTS:
        # one block: the direct products (no generator, no conversions for
        # float64; tiny data are fitted by the thousand in grid searches)
        X64 = X.astype(np.float64, copy=False)
        if sw is None:
            return X64.sum(axis=0) / X.shape[0], float(X.shape[0]), np.einsum(
                "ij,ij->j", X64, X64)
        total = float(sw.sum())
        return (sw @ X64) / total, total, np.einsum("i,ij,ij->j", sw, X64, X64)
    if rows is None:
        # one pass over the entries, in X's memory order and dtype
        sums, sq = _sparse_column_sums(X, sw) if sp.issparse(X) else _dense_column_sums(X, sw)
        sum_sw = float(X.shape[0] if sw is None else sw.sum())
    else:
        sums, sq, sum_sw = np.zeros(p), np.zeros(p), 0.0
        for start, stop, block in row_blocks(X, rows, np.float64):
            if sw is None:
                sums += block.sum(axis=0)
                sq += np.einsum("ij,ij->j", block, block)
                sum_sw += stop - start
            else:
                s = sw[start:stop]
                sums += s @ block
                sq += np.einsum("i,ij,ij->j", s, block, block)
                sum_sw += float(s.sum())
    return sums / sum_sw, sum_sw, sq


def _dense_column_sums(X, sw):
    """``(sum_i s_i x_ij, sum_i s_i x_ij^2)`` per column of a dense ``X``,
    accumulated in float64 in one pass (no float64 copy of a float32 X)."""
    from ._kernels._statistics import dense_column_sums

    p = X.shape[1]
    sums, sq = np.empty(p), np.empty(p)
    dense_column_sums(X, None if sw is None else np.ascontiguousarray(sw), sums, sq)
    return sums, sq


def _sparse_column_sums(X, sw):
    """``(sum_i s_i x_ij, sum_i s_i x_ij^2)`` per column of a CSC/CSR ``X``,
    accumulated in float64 in one pass over the nonzeros (no float64 copy
    of X)."""
    from ._kernels._statistics import csc_column_sums

    X = X.tocsc()
    p = X.shape[1]
    sums, sq = np.empty(p), np.empty(p)
    weights = None if sw is None else np.ascontiguousarray(sw, dtype=np.float64)
    csc_column_sums(X.data, X.indices, X.indptr, weights, sums, sq)
    return sums, sq


def large_means(mean, centred_sq, sum_sw, ratio=SHIFT_MIN_RATIO):
    """Columns whose ``|mean| > ratio * sd`` (``sd^2 = centred_sq /
    sum(s)``).  The one-pass ``centred_sq`` is accurate exactly where the
    ratio is small; where it is large (or cancelled to <= 0) the column is
    flagged anyway: the test cannot err on the unsafe side."""
    return (mean != 0) & (mean**2 * sum_sw > ratio**2 * centred_sq)


def shifts(mean, centred_sq, sum_sw, dtype, sparse):
    """``(shift, large)``: per-column shifts (the means rounded to ``dtype``,
    0 where none is needed: see :func:`large_means`, with the ratio
    :data:`FLOAT32_DENSE_SHIFT_MIN_RATIO` for dense float32 data), or None
    when no column needs one; and the mask of the columns whose mean
    exceeds :data:`SHIFT_MIN_RATIO` times their spread (whose one-pass
    statistics cancel)."""
    lhs = mean * mean * sum_sw
    large = (mean != 0) & (lhs > SHIFT_MIN_RATIO**2 * centred_sq)
    need = large
    if not sparse and np.dtype(dtype) == np.float32:
        need = (mean != 0) & (lhs > FLOAT32_DENSE_SHIFT_MIN_RATIO**2 * centred_sq)
    if not need.any():
        return None, large
    return np.where(need, mean, 0.0).astype(dtype).astype(np.float64), large


def refine_statistics(X, sample_weight, rows, shift, mean, centred_sq, cols=None):
    """Two-pass mean and centred squared norm of the shifted columns.

    After the shift ``c_j`` the column's mean is ``mean_j - c_j`` (the
    rounding of ``c_j``) and its centred squared norm no longer cancels:
    both are recomputed from ``x_ij - c_j`` (dense: a float64 pass over the
    columns ``cols``, by default every shifted one; sparse: over their
    stored entries and the count of implicit zeros).  The other columns keep
    the one-pass values, accurate for a small mean.  Returns ``(mean of X -
    shift, centred_sq)``.
    """
    cols = np.flatnonzero(shift) if cols is None else np.asarray(cols)
    mean, centred_sq = mean - shift, centred_sq.copy()
    if cols.size == 0:
        return mean, centred_sq
    sw = None if sample_weight is None else np.asarray(sample_weight, np.float64)
    sums, sq, sum_sw = np.zeros(cols.size), np.zeros(cols.size), 0.0
    if sp.issparse(X) and rows is None:
        X = X.tocsc()
        s_all = np.ones(X.shape[0]) if sw is None else sw
        sum_sw = float(s_all.sum())
        for a, j in enumerate(cols):
            lo, hi = X.indptr[j], X.indptr[j + 1]
            values = X.data[lo:hi].astype(np.float64) - shift[j]
            s = s_all[X.indices[lo:hi]]
            zeros = sum_sw - s.sum()  # weight of the implicit zeros, now -c_j
            sums[a] = s @ values - zeros * shift[j]
            sq[a] = s @ values**2 + zeros * shift[j] ** 2
    else:
        # all columns shifted (dense float32): read whole blocks, no gather
        every = cols.size == X.shape[1]
        for start, stop, block in row_blocks(X, rows, np.float64,
                                             shift if every else shift[cols],
                                             cols=None if every else cols):
            s = None if sw is None else sw[start:stop]
            sums += block.sum(axis=0) if s is None else s @ block
            sq += (np.einsum("ij,ij->j", block, block) if s is None
                   else np.einsum("i,ij,ij->j", s, block, block))
            sum_sw += (stop - start) if s is None else float(s.sum())
    rest = sums / sum_sw
    mean[cols] = rest
    centred_sq[cols] = np.maximum(sq - sum_sw * rest**2, 0.0)
    return mean, centred_sq


def shift_dense(X, rows, shift, dtype):
    """``X[rows] - shift`` as a new Fortran array (all rows: one ufunc call;
    selected rows: gathered column by column, no temporary of ``X[rows]``)."""
    n = X.shape[0] if rows is None else len(rows)
    out = np.empty((n, X.shape[1]), dtype=dtype, order="F")
    if rows is None:
        # one ufunc call: a Python loop over columns cost more than the copy
        # on wide small data (500 columns: 2 ms); the arithmetic is that of
        # the loop below (x - 0 is x exactly for the unshifted columns)
        if shift is None:
            np.copyto(out, X, casting="unsafe")
        else:
            np.subtract(X, np.asarray(shift).astype(dtype), out=out, casting="unsafe")
        return out
    for j in range(X.shape[1]):
        column = X[rows, j]
        if shift is not None and shift[j] != 0:
            np.subtract(column, dtype.type(shift[j]), out=out[:, j], casting="unsafe")
        else:
            out[:, j] = column
    return out


def shift_sparse_columns(X, shift):
    """CSC ``X - 1 shift^T`` with the shifted columns stored in full.

    Columns with ``shift_j = 0`` keep their entries; the others get every
    row stored, ``x_ij - shift_j`` (the implicit zeros become ``-shift_j``).
    A new matrix: ``X`` is not modified.
    """
    X = X.tocsc()
    n, p = X.shape
    counts = np.diff(X.indptr)
    full = shift != 0
    counts = np.where(full, n, counts)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(
        np.int64 if counts.sum() > np.iinfo(np.int32).max else X.indices.dtype)
    data = np.empty(indptr[-1], dtype=X.dtype)
    indices = np.empty(indptr[-1], dtype=indptr.dtype)
    all_rows = np.arange(n, dtype=indptr.dtype)
    kept = ~full
    # unshifted columns: copy their entries in one go
    src = np.repeat(kept, np.diff(X.indptr))
    dst = np.repeat(kept, counts)
    data[dst] = X.data[src]
    indices[dst] = X.indices[src]
    for j in np.flatnonzero(full):
        lo, hi = indptr[j], indptr[j + 1]
        column = np.zeros(n, dtype=np.float64)
        column[X.indices[X.indptr[j]:X.indptr[j + 1]]] = X.data[X.indptr[j]:X.indptr[j + 1]]
        data[lo:hi] = column - shift[j]
        indices[lo:hi] = all_rows
    return sp.csc_matrix((data, indices, indptr), shape=(n, p))
