# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Parameter names cached per class are those scikit-learn reads each time."""
from numbers import Real

import pytest
from sklearn.base import BaseEstimator, clone
from sklearn.utils._param_validation import Interval

import sklearn_penalized
from sklearn_penalized import Lasso
from sklearn_penalized.penalties import L1L2


def _every_public_class():
    for name in sklearn_penalized.__all__:
        obj = getattr(sklearn_penalized, name)
        if isinstance(obj, type) and issubclass(obj, BaseEstimator):
            yield obj
    yield L1L2


@pytest.mark.parametrize("cls", list(_every_public_class()), ids=lambda c: c.__name__)
def test_cached_names_equal_the_signature(cls):
    expected = BaseEstimator._get_param_names.__func__(cls)
    assert cls._get_param_names() == expected
    assert cls._get_param_names() == expected  # the cached answer
    names = cls._get_param_names()
    names.append("mutated")
    assert cls._get_param_names() == expected  # callers get a copy


def test_a_subclass_with_its_own_init_has_its_own_names():
    assert "alpha" in Lasso._get_param_names()  # cached on Lasso first

    class WithExtra(Lasso):
        def __init__(self, alpha=1.0, *, extra=3):
            super().__init__(alpha=alpha)
            self.extra = extra

    assert WithExtra._get_param_names() == ["alpha", "extra"]
    model = clone(WithExtra(extra=5))
    assert model.get_params() == {"alpha": 1.0, "extra": 5}
    assert "extra" not in Lasso._get_param_names()


@pytest.mark.parametrize("cls", [c for c in _every_public_class()
                                 if hasattr(c, "_parameter_constraints")],
                         ids=lambda c: c.__name__)
def test_cached_constraints_give_scikit_learns_verdict(cls):
    """Parameter validation with the constraint objects made once per class
    accepts what scikit-learn's ``validate_parameter_constraints`` accepts
    and raises its error, with its message, for what it rejects: every
    parameter set in turn to values of the wrong type or range."""
    from sklearn.utils._param_validation import (
        InvalidParameterError,
        validate_parameter_constraints,
    )

    estimator = cls()
    estimator._validate_params()  # the defaults are valid
    estimator._validate_params()  # and again from the cache
    for name in cls._get_param_names():
        for bad in (-3, "not-an-option", object(), 1.5, None):
            candidate = clone(cls()).set_params(**{name: bad})
            params = candidate.get_params(deep=False)
            try:
                validate_parameter_constraints(cls._parameter_constraints, params,
                                               caller_name=cls.__name__)
            except InvalidParameterError as error:
                with pytest.raises(InvalidParameterError) as ours:
                    candidate._validate_params()
                assert str(ours.value) == str(error)
            else:
                candidate._validate_params()


def test_replaced_constraints_are_used():
    """A subclass (or a later assignment) with other constraints is checked
    against those, not against a stale cache."""
    from sklearn.utils._param_validation import InvalidParameterError

    Lasso(alpha=0.5)._validate_params()

    class NonNegativeAlphaBelowOne(Lasso):
        pass

    NonNegativeAlphaBelowOne._parameter_constraints = {
        **Lasso._parameter_constraints, "alpha": [Interval(Real, 0, 1, closed="both")]}
    NonNegativeAlphaBelowOne(alpha=0.5)._validate_params()
    with pytest.raises(InvalidParameterError, match="'alpha' parameter"):
        NonNegativeAlphaBelowOne(alpha=2.0)._validate_params()
    Lasso(alpha=2.0)._validate_params()
