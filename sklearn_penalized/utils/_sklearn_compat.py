# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The only module that imports scikit-learn's private names.

A scikit-learn upgrade that moves one of them breaks this file alone.
"""
from sklearn.base import _fit_context
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
    validate_params,
)
from sklearn.utils.metadata_routing import _routing_enabled
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

__all__ = [
    "HasMethods",
    "Interval",
    "check_fit_params_without_routing",
    "StrOptions",
    "_check_sample_weight",
    "_fit_context",
    "_routing_enabled",
    "check_is_fitted",
    "validate_data",
    "validate_params",
]


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
