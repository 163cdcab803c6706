# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Parameter names cached per class are those scikit-learn reads each time."""
import pytest
from sklearn.base import BaseEstimator, clone

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
