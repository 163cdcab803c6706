# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""scikit-learn's API conformance suite over every public estimator.

Every check runs and must pass: no expected failures, no skips (the array
API check runs because tests/conftest.py turns SciPy's array API mode on).
"""
import pytest
from sklearn.utils.estimator_checks import (
    check_param_validation,
    parametrize_with_checks,
)

from sklearn_penalized import (
    ElasticNet,
    ElasticNetCV,
    Lasso,
    LassoCV,
    Ridge,
    RidgeCV,
)

ESTIMATORS = [
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
]


@parametrize_with_checks(ESTIMATORS)
def test_sklearn_compatible_estimator(estimator, check):
    # every scikit-learn check raises (AssertionError, ValueError, ...) on failure
    assert check(estimator) is None


@pytest.mark.parametrize(
    "estimator",
    [Lasso(), ElasticNet(), Ridge(), LassoCV(), ElasticNetCV(), RidgeCV()],
    ids=repr,
)
def test_param_validation(estimator):
    check_param_validation(type(estimator).__name__, estimator)
