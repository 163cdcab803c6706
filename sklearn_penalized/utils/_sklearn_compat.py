# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The only module that imports scikit-learn's private names.

A scikit-learn upgrade that moves one of them breaks this file alone, and
the differences between the supported scikit-learn versions (1.6 and newer)
are bridged here.
"""
import numpy as np
import sklearn
from sklearn.base import _fit_context
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
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
    DataFrame column with an error that names it (see ``_input_checks``)."""
    for value, what in ((X, "X"), (y, "y")):
        if not isinstance(value, str):  # "no_validation"
            check_no_categorical_columns(value, what=what)
    return _sklearn_validate_data(estimator, X, y, **kwargs)


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
