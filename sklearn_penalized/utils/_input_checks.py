# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Checks of DataFrame inputs that name the column at fault.

A linear model needs numbers.  A categorical column (pandas ``category``,
a string dtype, or an ``object`` column holding anything but numbers)
would otherwise fail deep in NumPy's conversion with ``could not convert
string to float: 'a'`` -- or worse, a ``category`` column with numeric
categories would be taken silently as the numbers of its labels.  These
checks raise first, naming the column and its position.
"""
import numpy as np

# pandas.api.types.infer_dtype results of an object column that is numbers
_NUMERIC_INFERRED = {"integer", "floating", "mixed-integer-float", "decimal",
                     "boolean", "empty"}


def _is_dataframe(X):
    module = type(X).__module__ or ""
    return module.startswith(("pandas", "dask")) and hasattr(X, "dtypes") \
        and hasattr(X, "columns")


def _categorical_kind(column, dtype, lazy):
    """Why the column is categorical (a short phrase), or None."""
    import pandas as pd

    if isinstance(dtype, pd.CategoricalDtype):
        return "a 'category' column"
    is_object = pd.api.types.is_object_dtype(dtype)
    if pd.api.types.is_string_dtype(dtype) and not is_object:
        return f"a string column (dtype {dtype})"
    if is_object:
        if lazy:  # dask: the values are not at hand; object columns are text
            return "an 'object' column"
        inferred = pd.api.types.infer_dtype(column, skipna=True)
        if inferred not in _NUMERIC_INFERRED:
            return f"an 'object' column of {inferred} values"
    return None


def check_no_categorical_columns(X, *, what="X", lazy=False):
    """Raise a ValueError naming the first categorical column of a pandas (or
    dask) DataFrame ``X``; anything else passes unchanged.

    ``lazy``: the frame's values cannot be inspected (dask), so an ``object``
    column counts as categorical.
    """
    module = type(X).__module__ or ""
    if module.startswith("pandas") and hasattr(X, "to_frame") and not hasattr(X, "columns"):
        X = X.to_frame()  # a Series: one column
    if not _is_dataframe(X):
        return
    dtypes = list(X.dtypes)
    if all(isinstance(dtype, np.dtype) and dtype.kind in "biuf" for dtype in dtypes):
        return  # NumPy numbers only: nothing to look at (the common case)
    for position, (name, dtype) in enumerate(zip(X.columns, dtypes)):
        if isinstance(dtype, np.dtype) and dtype.kind in "biuf":
            continue
        # only an object column's values are inspected (fetching a column
        # costs ~0.1 ms: a frame of hundreds of them took longer than a fit)
        column = None if lazy or dtype != np.dtype(object) else X.iloc[:, position]
        kind = _categorical_kind(column, dtype, lazy)
        if kind is not None:
            raise ValueError(
                f"{what} column {name!r} (position {position}) is {kind}: these "
                "linear models need numeric features. Encode it first, e.g. "
                "with sklearn.preprocessing.OneHotEncoder in a ColumnTransformer, "
                "or drop it."
            )


def first_non_finite(values):
    """``(row, column)`` of the first NaN or infinity of a 1-D or 2-D array
    (column None for 1-D), or None when all values are finite."""
    bad = ~np.isfinite(values)
    if not bad.any():
        return None
    index = np.argwhere(bad)[0]
    return (int(index[0]), int(index[1]) if values.ndim == 2 else None)
