# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The only module that imports scikit-learn's private names.

A scikit-learn upgrade that moves one of them breaks this file alone.
"""
from sklearn.base import _fit_context
from sklearn.utils._param_validation import Interval, StrOptions, validate_params
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

__all__ = [
    "Interval",
    "StrOptions",
    "_check_sample_weight",
    "_fit_context",
    "check_is_fitted",
    "validate_data",
    "validate_params",
]
