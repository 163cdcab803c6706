# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The only module that imports scikit-learn's private names.

A scikit-learn upgrade that moves one of them breaks this file alone, and
the differences between the supported scikit-learn versions (1.6 and newer)
are bridged here.
"""
import sys

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.base import _fit_context
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
    make_constraint,
    validate_parameter_constraints,
    validate_params,
)
from sklearn.utils.fixes import parse_version
from sklearn.utils.metadata_routing import _routing_enabled
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
)
from sklearn.utils.validation import validate_data as _sklearn_validate_data

from ._input_checks import check_no_categorical_columns

__all__ = [
    "SKLEARN_VERSION",
    "HasMethods",
    "Interval",
    "check_fit_params_without_routing",
    "StrOptions",
    "_check_sample_weight",
    "_fit_context",
    "check_sample_weight",
    "_routing_enabled",
    "make_constraint",
    "validate_parameter_constraints",
    "check_is_fitted",
    "sklearn_version_at_least",
    "validate_data",
    "validate_params",
]

# The installed release (a dev or rc build counts as the release it leads to).
SKLEARN_VERSION = parse_version(parse_version(sklearn.__version__).base_version)


def sklearn_version_at_least(version):
    """Whether the installed scikit-learn is ``version`` (e.g. "1.9") or newer."""
    return SKLEARN_VERSION >= parse_version(version)


def check_fit_params_without_routing(owner, params):
    """Without metadata routing, a CV estimator's ``fit`` accepts ``groups``
    (handed to its splitter, as GridSearchCV does) and nothing else."""
    unknown = sorted(set(params) - {"groups"})
    if unknown:
        raise ValueError(
            f"{owner}.fit got unexpected parameters {unknown}: only 'groups' "
            "(for the CV splitter) is accepted unless metadata routing is "
            "enabled (sklearn.set_config(enable_metadata_routing=True))."
        )


def validate_data(estimator, X="no_validation", y="no_validation", **kwargs):
    """scikit-learn's ``validate_data``, after refusing a categorical
    DataFrame column with an error that names it (see ``_input_checks``).

    Plain NumPy arrays that need no conversion beyond a memory order take a
    short path with the same result (:func:`_validate_plain_arrays`); any
    input it does not accept as it is goes through scikit-learn's checks,
    which produce the error messages.
    """
    checked = _validate_plain_arrays(estimator, X, y, **kwargs)
    if checked is not None:
        return checked
    for value, what in ((X, "X"), (y, "y")):
        if not isinstance(value, str):  # "no_validation"
            check_no_categorical_columns(value, what=what)
    return _sklearn_validate_data(estimator, X, y, **kwargs)


# The sparse containers the short path takes as they are (subclasses and
# other formats go through scikit-learn's checks).
_PLAIN_SPARSE_TYPES = (sp.csr_matrix, sp.csc_matrix, sp.csr_array, sp.csc_array)

# The keyword arguments of validate_data that the short path implements.
_PLAIN_ARRAY_OPTIONS = {"accept_sparse", "dtype", "order", "copy", "multi_output",
                        "y_numeric", "reset"}


def _all_finite(array):
    # a finite sum implies finite entries (NaN and inf propagate); an
    # overflowing sum of finite entries falls back to the elementwise test
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(array.sum()):
            return True
    return bool(np.isfinite(array).all())


def _pandas():
    # pandas is optional: a DataFrame can only exist if it is imported
    return sys.modules.get("pandas")


def _is_plain_float_frame(X):
    """An exact DataFrame, non-empty, of string column names and one NumPy
    float dtype (float64 or float32) in every column."""
    pd = _pandas()
    if pd is None or type(X) is not pd.DataFrame or 0 in X.shape:
        return False
    dtypes = set(X.dtypes)
    if len(dtypes) != 1:
        return False
    column_dtype, = dtypes
    return (isinstance(column_dtype, np.dtype) and column_dtype in (np.float64, np.float32)
            and all(type(name) is str for name in X.columns))


def _is_plain_numeric_series(y):
    """An exact Series of a NumPy number dtype (float, int, unsigned)."""
    pd = _pandas()
    return (pd is not None and type(y) is pd.Series and isinstance(y.dtype, np.dtype)
            and y.dtype.kind in "fiu")


def _validate_plain_arrays(estimator, X, y, *, accept_sparse=False, dtype="numeric",
                           order=None, copy=False, multi_output=False,
                           y_numeric=False, reset=True, **others):
    """``validate_data``'s result for the common case, or None.

    A fit on a few hundred rows spends more time in scikit-learn's generic
    input checks (DataFrame detection, parameter plumbing: ~0.1 ms) than in
    the solver.  For an exact ``numpy.ndarray`` ``X`` (2-D, at least one
    sample and one feature, a floating dtype among the requested ones, all
    finite), or an exact CSR/CSC matrix or array with those properties of its
    stored values where sparse input is accepted (converted to the first
    accepted format, as scikit-learn does), or an exact DataFrame of string
    column names and one float dtype (its values as ``check_array`` takes
    them, its columns as ``feature_names_in_``), and, when given, an exact
    ndarray or numeric Series ``y`` (1-D, or 2-D with ``multi_output``;
    numbers, finite; as many rows as ``X``) the checks reduce to the memory
    order, the copy and the fitted ``n_features_in_`` and feature names.
    Everything else returns None and goes through scikit-learn's
    ``validate_data``; so does a ``reset=False`` call whose feature names
    (or their absence) or number of features differ from the fitted ones
    (scikit-learn's warning or error), and any configuration that changes
    the checks (``assume_finite``).
    """
    if others:
        return None
    feature_names = None
    if _is_plain_float_frame(X):
        feature_names = np.asarray(X.columns, dtype=object)
        X = np.asarray(X)  # a view of the frame's one block, as in check_array
    if _is_plain_numeric_series(y):
        y = np.asarray(y)
    if type(X) not in (np.ndarray, *_PLAIN_SPARSE_TYPES):
        return None
    if X.ndim != 2 or 0 in X.shape:
        return None
    if sp.issparse(X):
        # accept_sparse=True (any format) is left to scikit-learn
        accepted = [accept_sparse] if isinstance(accept_sparse, str) else (
            list(accept_sparse) if isinstance(accept_sparse, (list, tuple)) else [])
        if not accepted:
            return None
    dtypes = dtype if isinstance(dtype, (list, tuple)) else [dtype]
    if X.dtype.kind != "f" or not any(
            d == "numeric" or np.dtype(d) == X.dtype for d in dtypes):
        return None
    if sklearn.get_config()["assume_finite"]:
        return None
    with_y = not (isinstance(y, str) and y == "no_validation")
    if with_y:
        if (type(y) is not np.ndarray or y.ndim not in ((1, 2) if multi_output else (1,))
                or y.shape[0] != X.shape[0] or y.dtype.kind not in "fiu"):
            return None
        if y.dtype.kind == "f" and not _all_finite(y):
            return None
    if not _all_finite(X.data if sp.issparse(X) else X):
        return None
    if reset:
        estimator.n_features_in_ = X.shape[1]
        if feature_names is None:
            estimator.__dict__.pop("feature_names_in_", None)
        else:
            estimator.feature_names_in_ = feature_names
    elif getattr(estimator, "n_features_in_", None) != X.shape[1]:
        return None
    elif feature_names is None and hasattr(estimator, "feature_names_in_"):
        return None  # scikit-learn's warning: fitted with names, given none
    elif feature_names is not None and not np.array_equal(
            feature_names, getattr(estimator, "feature_names_in_", None)):
        return None  # scikit-learn's warning or error names the difference
    if sp.issparse(X):
        # scikit-learn's _ensure_sparse_format: another format is converted
        # to the first accepted one (a new matrix), ``copy`` copies otherwise
        if X.format not in accepted:
            X = X.asformat(accepted[0])
        elif copy:
            X = X.copy()
    elif copy:
        X = np.array(X, order=order or "K", copy=True)
    elif order == "F":
        X = np.asfortranarray(X)
    elif order == "C":
        X = np.ascontiguousarray(X)
    return (X, y) if with_y else X


def check_sample_weight(sample_weight, X, *, dtype=None):
    """Validated ``sample_weight`` for a fit on ``X``: a 1-D float array of
    one finite, non-negative value per sample, not all zero.

    scikit-learn's ``_check_sample_weight`` checks the length, the dtype, the
    finiteness and the signs; only scikit-learn >= 1.9 also rejects weights
    that are all zero.  The fits divide by the sum of the weights, so that check is
    ours, with the same message, whichever scikit-learn is installed.
    """
    sample_weight = _check_sample_weight(
        sample_weight, X, dtype=dtype, ensure_non_negative=True
    )
    if not np.all(np.isfinite(sample_weight)):
        raise ValueError("sample_weight contains NaN or infinity.")
    if not np.any(sample_weight):
        raise ValueError("Sample weights must contain at least one non-zero number.")
    return sample_weight
