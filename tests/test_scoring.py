"""``score``: scikit-learn's R^2, the same float, computed without the
metric's input checks where the inputs are plain float64 arrays."""
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import r2_score

import sklearn_penalized as sp
from sklearn_penalized.utils._scoring import plain_r2_score


def _cases(rng):
    n = 30
    y = rng.randn(n) * 3 + 5
    yield "1-D", y, y + rng.randn(n), None
    yield "weighted", y, y + rng.randn(n), rng.uniform(0, 2, n)
    yield "zero weights", y, y + rng.randn(n), np.r_[np.zeros(5), rng.uniform(0.5, 1, n - 5)]
    yield "perfect", y, y.copy(), None
    yield "constant, perfect", np.full(n, 2.0), np.full(n, 2.0), None
    yield "constant, imperfect", np.full(n, 2.0), np.full(n, 2.0) + rng.randn(n), None
    yield "two rows", y[:2], y[:2] + 1.0, None
    Y = rng.randn(n, 3)
    yield "2-D", Y, Y + rng.randn(n, 3), None
    yield "2-D weighted", Y, Y + rng.randn(n, 3), rng.uniform(0, 2, n)
    Y2 = Y.copy()
    Y2[:, 1] = 4.0
    P2 = Y2 + rng.randn(n, 3)
    yield "2-D one constant column", Y2, P2, None
    yield "2-D, F order", np.asfortranarray(Y), np.asfortranarray(Y + 0.5), None
    yield "large offset", y + 1e8, y + 1e8 + rng.randn(n), None


@pytest.mark.parametrize("index", range(12))
def test_plain_r2_is_scikit_learns_float(rng, index):
    name, y, pred, sw = list(_cases(rng))[index]
    ours = plain_r2_score(y, pred, sw)
    assert ours is not None, name
    assert ours == r2_score(y, pred, sample_weight=sw), name  # the same float


@pytest.mark.parametrize("make", [
    lambda y, p: (y.astype(np.float32), p),            # float32 target
    lambda y, p: (y.astype(int), p),                   # integers
    lambda y, p: (list(y), p),                         # a list
    lambda y, p: (pd.Series(y), p),                    # a Series
    lambda y, p: (y[:1], p[:1]),                       # one row: warns, nan
    lambda y, p: (y.reshape(-1, 1), p),                # shapes differ
    lambda y, p: (np.r_[y[:-1], np.nan], p),           # NaN in y: ValueError
])
def test_other_inputs_are_left_to_scikit_learn(rng, make):
    y = rng.randn(20)
    y_true, y_pred = make(y, y + rng.randn(20))
    assert plain_r2_score(y_true, y_pred) is None


@pytest.mark.parametrize("sample_weight", [
    np.zeros(20),                      # scikit-learn: ValueError
    np.r_[-1.0, np.ones(19)],          # negative
    np.r_[np.nan, np.ones(19)],        # not finite
    np.ones(20, dtype=np.float32),     # another dtype
    np.ones(19),                       # another length
])
def test_unusual_weights_are_left_to_scikit_learn(rng, sample_weight):
    y = rng.randn(20)
    assert plain_r2_score(y, y + 0.1, sample_weight) is None


def test_estimator_score_equals_regressor_mixin(rng):
    X = rng.randn(60, 5)
    y = X @ rng.randn(5) + rng.randn(60)
    sw = rng.uniform(0.5, 2, 60)
    for model in (sp.Lasso(alpha=0.1), sp.ElasticNet(alpha=0.1), sp.Ridge(),
                  sp.LassoCV(cv=3), sp.RidgeCV()):
        model.fit(X, y)
        for args in ((X, y), (X, y, sw)):
            expected = r2_score(args[1], model.predict(X),
                                sample_weight=args[2] if len(args) == 3 else None)
            assert model.score(*args) == expected
        # what plain_r2_score does not take goes to r2_score, with its
        # errors and warnings
        assert model.score(X, list(y)) == r2_score(y, model.predict(X))
        with pytest.raises(ValueError):
            model.score(X, np.r_[y[:-1], np.nan])
        with pytest.raises(ValueError, match="non-zero"):
            model.score(X, y, np.zeros(len(y)))
        with warnings.catch_warnings():
            warnings.simplefilter("error", UndefinedMetricWarning)
            with pytest.raises(UndefinedMetricWarning):
                model.score(X[:1], y[:1])
