# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Fitting on dask collections: sufficient statistics computed where the
data live, one block at a time, tree-reduced, and gathered as ``p x p``.

Nothing here imports dask at module level: without the optional ``dask``
extra the package never imports it, and a dask input then gets an error
naming the extra.  Each block yields
:meth:`~._partial.SufficientStatistics.of_chunk` (centred at its own
mean, float64); blocks are combined pairwise with the associative
:meth:`~._partial.SufficientStatistics.merge` in a binary tree of dask
tasks, so only ``O(p^2)`` per task crosses the network and the client
receives one ``p x p`` result.  On a ``distributed`` cluster the tasks run
on the workers (whatever client is current); the solve then runs on the
client with the Gram-form solvers, exactly as ``partial_fit`` does.
"""
import copy

import numpy as np
import scipy.sparse as sp

from ._partial import SufficientStatistics
from .utils._input_checks import check_no_categorical_columns, first_non_finite

# The Gram route holds p x p float64 matrices: 4096 features is 128 MiB
# (the bound of precompute="auto").  Beyond it a dask fit is refused.
DASK_MAX_FEATURES = 4096


def is_dask_collection(obj):
    """True for dask arrays, DataFrames and Series (without importing dask)."""
    module = type(obj).__module__ or ""
    return module.startswith("dask") and hasattr(obj, "__dask_graph__")


def _require_dask():
    try:
        import dask  # noqa: F401
        import dask.array  # noqa: F401
    except ImportError:  # pragma: no cover - exercised without the extra only
        raise ImportError(
            "Fitting on dask collections needs the optional 'dask' extra: "
            "pip install 'sklearn-penalized[dask]'."
        ) from None


def _as_dask_array(obj, name):
    import dask.array as da

    if hasattr(obj, "to_dask_array"):  # dask DataFrame / Series
        obj = obj.to_dask_array(lengths=True)
    elif not is_dask_collection(obj):
        obj = da.asarray(np.asarray(obj))
    if any(np.isnan(c) for chunks in obj.chunks for c in chunks):
        raise ValueError(f"{name} has unknown chunk sizes; compute them first.")
    return obj


def _block_name(what, block):
    """``"Block 3 of X (rows 300 to 399)"``; ``block`` is ``(index, first
    row, number of rows)``."""
    index, start, n_rows = block
    return f"Block {index} of {what} (rows {start} to {start + n_rows - 1})"


def _check_finite_block(values, what, block, columns=None):
    """Raise naming the block, and the first NaN/inf's row and column."""
    where = first_non_finite(values)
    if where is None:
        return
    row, column = where
    at = f"row {block[1] + row}"
    if column is not None:
        name = f" {columns[column]!r}" if columns is not None else ""
        at += f", column {column}{name}"
    raise ValueError(f"{_block_name(what, block)} contains NaN or "
                     f"infinity (first at {at}).")


def _block_statistics(X, y, sample_weight, fit_intercept, n_features, block=(0, 0, 0),
                      columns=None):
    """One block's statistics, after checking it (runs on a worker).

    ``block``: ``(index, first row, number of rows)`` of this block, and
    ``columns`` the feature names (or None), for the error messages."""
    if X.ndim != 2 or X.shape[1] != n_features:
        raise ValueError(
            f"{_block_name('X', block)} has shape {X.shape}; every "
            f"block needs {n_features} features."
        )
    if sp.issparse(X):  # scipy.sparse blocks stay sparse
        coo = X.tocoo()
        where = first_non_finite(coo.data)
        if where is not None:
            dense_like = np.zeros(X.shape)
            dense_like[coo.row[where[0]], coo.col[where[0]]] = np.nan
            _check_finite_block(dense_like, "X", block, columns)
    else:
        X = np.asarray(X)
        _check_finite_block(X, "X", block, columns)
    y = np.asarray(y, dtype=np.float64)
    y = y.reshape(len(y), -1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"{_block_name('X', block)} has {X.shape[0]} rows but its "
            f"block of y has {y.shape[0]}: the row chunks of X and y do not match."
        )
    _check_finite_block(y[:, 0] if y.shape[1] == 1 else y, "y", block)
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight, dtype=np.float64)
        _check_finite_block(sample_weight, "sample_weight", block)
        if np.any(sample_weight < 0):
            row = block[1] + int(np.flatnonzero(sample_weight < 0)[0])
            raise ValueError(
                f"{_block_name('sample_weight', block)} has negative "
                f"values (first at row {row}).")
    return SufficientStatistics.of_chunk(X, y, sample_weight, fit_intercept)


def _merge(a, b):
    # a copy: one block's statistics may feed several merges (the folds of
    # cross-validation share blocks), and merge() updates its left operand
    return copy.copy(a).merge(b)


def prepared_collections(X, y, sample_weight):
    """Checked dask arrays ``(X, y, sample_weight, dtype)``: X in blocks of
    whole rows, y and the weights chunked like X's rows."""
    _require_dask()
    check_no_categorical_columns(X, lazy=True)
    X = _as_dask_array(X, "X")
    y = _as_dask_array(y, "y")
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got {X.ndim} dimension(s).")
    n_samples, n_features = X.shape
    if y.shape[0] != n_samples:
        raise ValueError(
            f"X has {n_samples} rows but y has {y.shape[0]}."
        )
    if n_features > DASK_MAX_FEATURES:
        raise ValueError(
            f"X has {n_features} features: fitting on dask uses the p x p "
            f"Gram form, limited to {DASK_MAX_FEATURES} features "
            f"({DASK_MAX_FEATURES}^2 float64 values, 128 MiB)."
        )
    dtype = X.dtype if X.dtype in (np.float32, np.float64) else np.dtype(np.float64)
    X = X.rechunk({1: -1})
    y = y.rechunk({0: X.chunks[0]})
    if sample_weight is not None:
        sample_weight = _as_dask_array(sample_weight, "sample_weight")
        if sample_weight.shape[0] != n_samples:
            raise ValueError(
                f"sample_weight has {sample_weight.shape[0]} values for "
                f"{n_samples} rows."
            )
        sample_weight = sample_weight.rechunk({0: X.chunks[0]})
    return X, y, sample_weight, np.dtype(dtype)


def column_names(X):
    """The column names of a (dask) DataFrame, for error messages, or None."""
    columns = getattr(X, "columns", None)
    return None if columns is None else list(columns)


def block_statistics(X, y, sample_weight, fit_intercept, columns=None):
    """One delayed :class:`~._partial.SufficientStatistics` per row block of
    the :func:`prepared_collections` (checked on the worker that computes it)."""
    import dask

    n_features = X.shape[1]
    x_blocks = X.to_delayed().ravel()
    y_blocks = y.to_delayed().ravel()
    w_blocks = ([None] * len(x_blocks) if sample_weight is None
                else sample_weight.to_delayed().ravel())
    sizes = X.chunks[0]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int)
    return [dask.delayed(_block_statistics)(
                xb, yb, wb, fit_intercept, n_features,
                (i, int(starts[i]), int(sizes[i])), columns)
            for i, (xb, yb, wb) in enumerate(zip(x_blocks, y_blocks, w_blocks))]


def tree_merge(parts):
    """The delayed merge of ``parts`` as a binary tree: ``O(p^2)`` per task,
    logarithmic depth."""
    import dask

    parts = list(parts)
    while len(parts) > 1:
        parts = [dask.delayed(_merge)(parts[i], parts[i + 1]) if i + 1 < len(parts)
                 else parts[i] for i in range(0, len(parts), 2)]
    return parts[0]


def dask_statistics(X, y, sample_weight, fit_intercept):
    """:class:`~._partial.SufficientStatistics` of dask ``X``, ``y`` (and
    weights): ``(stats, dtype, y_ndim, n_features)``."""
    import dask

    columns = column_names(X)
    X, y, sample_weight, dtype = prepared_collections(X, y, sample_weight)
    parts = block_statistics(X, y, sample_weight, fit_intercept, columns)
    (stats,) = dask.compute(tree_merge(parts))
    if stats.sum_sw <= 0:
        raise ValueError("The sample weights sum to zero: nothing to fit.")
    return stats, dtype, y.ndim, X.shape[1]


def set_fitted_names(estimator, X, n_features):
    """``n_features_in_`` and, for a DataFrame with string columns,
    ``feature_names_in_`` of an estimator fitted on dask ``X``."""
    estimator.n_features_in_ = n_features
    columns = getattr(X, "columns", None)
    if columns is not None and all(isinstance(c, str) for c in columns):
        estimator.feature_names_in_ = np.asarray(columns, dtype=object)
    else:
        estimator.__dict__.pop("feature_names_in_", None)


def dask_predict(X, coef, intercept):
    """``X @ coef.T + intercept`` blockwise: a lazy dask array."""
    X = _as_dask_array(X, "X").rechunk({1: -1})
    coef = np.asarray(coef)
    if coef.ndim == 1:
        return X.map_blocks(lambda b: np.asarray(b) @ coef + intercept,
                            drop_axis=1, dtype=coef.dtype)
    return X.map_blocks(lambda b: np.asarray(b) @ coef.T + intercept,
                        chunks=(X.chunks[0], (coef.shape[0],)), dtype=coef.dtype)
