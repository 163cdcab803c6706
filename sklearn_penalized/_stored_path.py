# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Coefficient paths kept compactly: sparse columns when the path is sparse.

A lasso path on wide data is mostly zeros (glmnet stores its ``beta`` as a
sparse matrix for that reason): 100 alphas over 200,000 features are 160 MB
dense and a few hundred kilobytes as compressed sparse columns.
:class:`SparsePathStore` collects the nonzeros of each alpha's solution as
:func:`~._path.solve_path` produces them, so the dense path never exists;
:class:`StoredPath` then keeps, per target, whichever of a CSC matrix and a
dense array is smaller.  Values are stored exactly as solved (no rounding),
so a column read back is the solution bit for bit.
"""
import numpy as np
import scipy.sparse as sp


class DensePathStore:
    """The path as one ndarray ``(n_targets, n_features, n_alphas)``: what
    :func:`~._path.solve_path` returns by default (``lasso_path``'s form)."""

    def __init__(self, n_targets, n_features, n_alphas, dtype):
        self.coefs = np.empty((n_targets, n_features, n_alphas), dtype=dtype)

    def set(self, i, coef):
        """Store the solution ``coef`` (n_targets, n_features) of alpha ``i``."""
        self.coefs[:, :, i] = coef

    def result(self):
        return self.coefs


class SparsePathStore:
    """The path collected as the nonzeros of each alpha's solution; its
    :meth:`result` is a :class:`StoredPath`.  Memory: the nonzeros only."""

    def __init__(self, n_targets, n_features, n_alphas, dtype):
        self.n_features, self.n_alphas = n_features, n_alphas
        self.dtype = np.dtype(dtype)
        self.rows = [[None] * n_alphas for _ in range(n_targets)]
        self.values = [[None] * n_alphas for _ in range(n_targets)]

    def set(self, i, coef):
        """Store the solution ``coef`` (n_targets, n_features) of alpha ``i``."""
        index_dtype = _index_dtype(self.n_features)
        for k, row in enumerate(np.asarray(coef)):
            nonzero = np.flatnonzero(row)
            self.rows[k][i] = nonzero.astype(index_dtype)
            self.values[k][i] = row[nonzero].astype(self.dtype)

    def result(self):
        paths = []
        for rows, values in zip(self.rows, self.values):
            indptr = np.zeros(self.n_alphas + 1, dtype=_index_dtype(self.n_features))
            np.cumsum([len(r) for r in rows], out=indptr[1:])
            csc = sp.csc_matrix(
                (np.concatenate(values).astype(self.dtype, copy=False),
                 np.concatenate(rows), indptr),
                shape=(self.n_features, self.n_alphas))
            paths.append(_smaller_form(csc))
        return StoredPath(paths, self.n_features, self.n_alphas, self.dtype)


def _index_dtype(n_features):
    return np.int32 if n_features < np.iinfo(np.int32).max else np.int64


def _smaller_form(csc):
    """``csc``, or its dense array when that takes fewer bytes."""
    sparse_bytes = csc.data.nbytes + csc.indices.nbytes + csc.indptr.nbytes
    dense_bytes = csc.shape[0] * csc.shape[1] * csc.dtype.itemsize
    return csc.toarray() if dense_bytes <= sparse_bytes else csc


def stored_path(coefs):
    """The :class:`StoredPath` of a dense path ``(n_targets, n_features,
    n_alphas)``, each target in its smaller form."""
    n_targets, n_features, n_alphas = coefs.shape
    paths = [_smaller_form(sp.csc_matrix(coefs[k])) for k in range(n_targets)]
    return StoredPath(paths, n_features, n_alphas, coefs.dtype)


class StoredPath:
    """Per target, the path ``(n_features, n_alphas)`` as a CSC matrix or a
    dense array (whichever is smaller).

    Parameters
    ----------
    paths : list of (csc_matrix or ndarray) of shape (n_features, n_alphas)
        One per target.
    n_features, n_alphas : int
    dtype : numpy dtype
    """

    def __init__(self, paths, n_features, n_alphas, dtype):
        self.paths = list(paths)
        self.n_features, self.n_alphas = n_features, n_alphas
        self.dtype = np.dtype(dtype)

    @property
    def n_targets(self):
        return len(self.paths)

    def column(self, k, i):
        """The coefficients (n_features,) of target ``k`` at alpha ``i``."""
        path = self.paths[k]
        if not sp.issparse(path):
            return path[:, i].copy()
        out = np.zeros(self.n_features, dtype=self.dtype)
        lo, hi = path.indptr[i], path.indptr[i + 1]
        out[path.indices[lo:hi]] = path.data[lo:hi]
        return out

    def dense(self):
        """The whole path, ``(n_targets, n_features, n_alphas)``."""
        out = np.zeros((self.n_targets, self.n_features, self.n_alphas),
                       dtype=self.dtype)
        for k, path in enumerate(self.paths):
            out[k] = path.toarray() if sp.issparse(path) else path
        return out

    def with_columns(self, idx, coefs):
        """A new StoredPath with the alphas ``idx`` replaced by ``coefs``
        ``(n_targets, n_features, len(idx))``; a sparse path stays sparse
        (never densified)."""
        replaced = dict(zip((int(i) for i in idx), range(len(idx))))
        store = SparsePathStore(self.n_targets, self.n_features, self.n_alphas,
                                self.dtype)
        for i in range(self.n_alphas):
            if i in replaced:
                store.set(i, coefs[:, :, replaced[i]])
            else:
                store.set(i, np.array([self.column(k, i) for k in range(self.n_targets)]))
        return store.result()

    def expand(self, keep):
        """The path over all features from that of the kept ones (``keep``
        a boolean mask over all features): zero rows for the excluded."""
        keep = np.asarray(keep, dtype=bool)
        kept = np.flatnonzero(keep)
        paths = []
        for path in self.paths:
            if sp.issparse(path):
                full = sp.csc_matrix(
                    (path.data, kept[path.indices].astype(path.indices.dtype),
                     path.indptr), shape=(keep.size, self.n_alphas))
            else:
                full = np.zeros((keep.size, self.n_alphas), dtype=self.dtype)
                full[kept] = path
            paths.append(full)
        return StoredPath(paths, keep.size, self.n_alphas, self.dtype)

    @property
    def nbytes(self):
        """Bytes held by the stored values and indices."""
        return sum(p.data.nbytes + p.indices.nbytes + p.indptr.nbytes
                   if sp.issparse(p) else p.nbytes for p in self.paths)
