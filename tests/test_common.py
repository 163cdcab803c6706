# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""scikit-learn's API conformance suite over every public estimator.

Every check runs and must pass: no expected failures, no skips (the array
API check runs because tests/conftest.py turns SciPy's array API mode on).
One environment-dependent case: scikit-learn >= 1.9 runs
check_array_api_input on every estimator, and refuses to turn array API
dispatch on with SciPy < 1.14.  There the check must stop exactly at that
refusal (after its plain NumPy fit of our estimator), since no user can turn
dispatch on either.
"""
import functools
import re

import pytest
from sklearn import config_context
from sklearn.base import BaseEstimator
from sklearn.utils.estimator_checks import (
    check_param_validation,
    parametrize_with_checks,
)

from sklearn_penalized import (
    AdaptiveLasso,
    ElasticNet,
    ElasticNetCV,
    Lasso,
    LassoCV,
    PenalizedRegressor,
    RelaxedLasso,
    RelaxedLassoCV,
    Ridge,
    RidgeCV,
)
from sklearn_penalized.penalties import L1, L2


def _public_estimator_classes():
    """Every estimator class of ``sklearn_penalized.__all__``, found, not listed."""
    import sklearn_penalized

    return [getattr(sklearn_penalized, name) for name in sklearn_penalized.__all__
            if isinstance(getattr(sklearn_penalized, name), type)
            and issubclass(getattr(sklearn_penalized, name), BaseEstimator)]


# Each public estimator with its defaults first: a user's first try must
# pass every check (PenalizedRegressor() once failed check_regressors_train).
DEFAULTS = [cls() for cls in _public_estimator_classes()]

_CONFIGURED = [
    AdaptiveLasso(),
    AdaptiveLasso(init="lasso", init_alpha=0.01, n_reweightings=2, gamma=0.5),
    Lasso(penalty_factor=None, standardize=True),
    ElasticNet(lower_bounds=-1.0, upper_bounds=2.0),
    LassoCV(lower_bounds=-5.0, alphas=10),
    ElasticNetCV(standardize=True, alphas=10),
    Lasso(),
    ElasticNet(),
    ElasticNet(l1_ratio=0.0),
    Lasso(precompute=True),
    Lasso(selection="random", random_state=0),
    Ridge(),
    Ridge(solver="sparse_cg"),
    Ridge(positive=True),
    Ridge(solver="svd"),
    LassoCV(),
    ElasticNetCV(l1_ratio=[0.0, 0.5, 1.0]),
    LassoCV(selection_rule="1se", scoring="neg_mean_absolute_error", alphas=20),
    RidgeCV(),
    RidgeCV(alphas=(0.1, 1.0), cv=3),
    RelaxedLasso(),
    RelaxedLasso(alpha=0.1, gamma=0.0, positive=True),
    RelaxedLassoCV(alphas=20),
    RelaxedLassoCV(selection_rule="1se", scoring="neg_mean_absolute_error", alphas=10),
    # check_regressors_train sets alpha=0.01 on estimators with an `alpha`
    # and then asks for R^2 > 0.5; PenalizedRegressor's strength lives in its
    # penalty object: the same small strengths here.
    PenalizedRegressor(L1(0.01)),
    PenalizedRegressor(L1(0.01) + L2(0.005)),
    PenalizedRegressor(L2(0.01)),
    PenalizedRegressor(L2(0.01, positive=True)),
    PenalizedRegressor(L2(0.01), solver="sparse_cg"),
    PenalizedRegressor(L2(0.01), solver="svd"),
]
_DEFAULT_REPRS = {repr(est) for est in DEFAULTS}
ESTIMATORS = DEFAULTS + [est for est in _CONFIGURED if repr(est) not in _DEFAULT_REPRS]


def _array_api_dispatch_refusal():
    """The ImportError scikit-learn raises here when array API dispatch is
    turned on (scikit-learn 1.9 with SciPy < 1.14), or None if it is not."""
    try:
        with config_context(array_api_dispatch=True):
            pass
    except ImportError as exc:
        return exc
    except RuntimeError:
        # SciPy's array API mode is off (SCIPY_ARRAY_API overridden): the
        # checks then run and fail, naming that
        return None
    return None


DISPATCH_REFUSAL = _array_api_dispatch_refusal()


def _check_function_name(check):
    while isinstance(check, functools.partial):
        check = check.func
    return check.__name__


def test_every_public_estimator_is_checked_with_its_defaults():
    names = {type(est).__name__ for est in DEFAULTS}
    assert names >= {"Lasso", "ElasticNet", "Ridge", "LassoCV", "ElasticNetCV",
                     "RidgeCV", "PenalizedRegressor"}
    assert all(est.get_params() == type(est)().get_params() for est in DEFAULTS)


@parametrize_with_checks(ESTIMATORS)
def test_sklearn_compatible_estimator(estimator, check):
    if DISPATCH_REFUSAL is not None and _check_function_name(check).startswith(
        "check_array_api"
    ):
        with pytest.raises(ImportError, match=re.escape(str(DISPATCH_REFUSAL))):
            check(estimator)
        return
    # every scikit-learn check raises (AssertionError, ValueError, ...) on failure
    assert check(estimator) is None


@pytest.mark.parametrize(
    "estimator",
    [Lasso(), ElasticNet(), Ridge(), LassoCV(), ElasticNetCV(), RidgeCV(),
     RelaxedLasso(), RelaxedLassoCV(), PenalizedRegressor(), AdaptiveLasso()],
    ids=repr,
)
def test_param_validation(estimator):
    check_param_validation(type(estimator).__name__, estimator)
