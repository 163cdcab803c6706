# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""DataFrame inputs: a categorical column is refused naming it and its
position, for every public estimator, ``partial_fit``, ``predict`` and the
path functions (before: NumPy's "could not convert string to float: 'a'",
and a 'category' column of numbers was taken silently as numbers)."""
import warnings

import numpy as np
import pytest
from sklearn.base import BaseEstimator

import sklearn_penalized
from sklearn_penalized import Lasso, Ridge, enet_path, lasso_path

pd = pytest.importorskip("pandas", reason="pandas is not installed")

ESTIMATORS = [getattr(sklearn_penalized, name) for name in sklearn_penalized.__all__
              if isinstance(getattr(sklearn_penalized, name), type)
              and issubclass(getattr(sklearn_penalized, name), BaseEstimator)]


def _frame(rng, city):
    return pd.DataFrame({"age": rng.randn(40), "city": city, "income": rng.randn(40)})


def _categorical_columns(rng):
    return {
        "string": ["a", "b", "c", "d"] * 10,
        "object": pd.Series(["a", "b", "c", "d"] * 10, dtype=object),
        "category of numbers": pd.Series([1, 2, 3, 4] * 10).astype("category"),
        "category of strings": pd.Series(["a", "b"] * 20).astype("category"),
        "object, mixed": pd.Series([1.0, "b"] * 20, dtype=object),
    }


@pytest.mark.parametrize("kind", list(_categorical_columns(np.random.RandomState(0))))
@pytest.mark.parametrize("cls", ESTIMATORS, ids=lambda c: c.__name__)
def test_categorical_column_is_refused_by_name_and_position(rng, cls, kind):
    X = _frame(rng, _categorical_columns(rng)[kind])
    y = rng.randn(40)
    with pytest.raises(ValueError, match=r"X column 'city' \(position 1\) is .*"
                                         r"OneHotEncoder"):
        cls().fit(X, y)


def test_numeric_frames_are_accepted_and_other_entry_points_check(rng):
    y = rng.randn(40)
    numbers = _frame(rng, pd.Series(rng.randn(40), dtype=object))  # object of floats
    flags = _frame(rng, rng.randn(40) > 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for X in (numbers, flags):
            model = Lasso(alpha=0.01).fit(X, y)
            reference = Lasso(alpha=0.01).fit(X.to_numpy(dtype=float), y)
            np.testing.assert_array_equal(model.coef_, reference.coef_)
    text = _frame(rng, ["a", "b"] * 20)
    match = r"X column 'city' \(position 1\)"
    with pytest.raises(ValueError, match=match):
        model.predict(text)
    with pytest.raises(ValueError, match=match):
        Ridge().partial_fit(text, y)
    for path in (lasso_path, enet_path):
        with pytest.raises(ValueError, match=match):
            path(text, y)
    with pytest.raises(ValueError, match=r"y column 'target' \(position 0\) is a 'category'"):
        Lasso().fit(numbers.astype(float), pd.Series(y > 0, name="target").astype("category"))
