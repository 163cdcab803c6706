# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""LassoCV / ElasticNetCV fitted attributes: scikit-learn's shapes, and the
refit path stored compactly (memory, pickle size, reads of the path)."""
import pickle
import tracemalloc
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn.linear_model as sk
from sklearn.exceptions import DataConversionWarning

import sklearn_penalized as ours

ATTRIBUTES = ["coef_", "intercept_", "alpha_", "alphas_", "mse_path_", "l1_ratio_",
              "dual_gap_", "n_iter_"]


def _shape(value):
    return ("list", len(value)) if isinstance(value, list) else np.shape(value)


def _cases():
    for alphas in (8, [0.3, 0.1, 0.01], [0.1]):
        yield "LassoCV", {"alphas": alphas}
        for l1_ratio in (0.5, [0.2, 0.7], [0.5]):
            yield "ElasticNetCV", {"alphas": alphas, "l1_ratio": l1_ratio}


@pytest.mark.parametrize("y_shape", ["1d", "column"])
@pytest.mark.parametrize("name, params", list(_cases()), ids=repr)
def test_fitted_shapes_are_scikit_learns(rng, name, params, y_shape):
    """Every fitted attribute scikit-learn defines has its shape, for scalar
    and list l1_ratio, given and generated alphas, y 1-D and (n, 1).  Before:
    y (n, 1) gave coef_ (1, p), intercept_ (1,), predict (n, 1); alphas given
    with a list of l1_ratio gave alphas_ (n_l1_ratio, n_alphas); one alpha
    gave mse_path_ (1, n_folds)."""
    X = rng.randn(60, 5)
    y = X @ rng.randn(5) + rng.randn(60)
    Y = y[:, None] if y_shape == "column" else y
    fitted = []
    for module in (sk, ours):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model = getattr(module, name)(cv=3, **params).fit(X, Y)
        conversions = [w for w in caught if issubclass(w.category, DataConversionWarning)]
        assert len(conversions) == (1 if y_shape == "column" else 0)
        shapes = {a: _shape(getattr(model, a)) for a in ATTRIBUTES if hasattr(model, a)}
        shapes["predict"] = model.predict(X).shape
        fitted.append((model, shapes))
    (theirs, their_shapes), (model, our_shapes) = fitted
    assert our_shapes == their_shapes
    # the same grids (scikit-learn's alpha_max, to rounding)
    np.testing.assert_allclose(np.sort(model.alphas_, axis=-1),
                               np.sort(theirs.alphas_, axis=-1), rtol=1e-10)
    if y_shape == "column":
        flat = getattr(ours, name)(cv=3, **params).fit(X, y)
        np.testing.assert_array_equal(model.coef_, flat.coef_)
        assert model.intercept_ == flat.intercept_


@pytest.mark.parametrize("y_shape", ["1d", "column", "two"])
def test_ridge_cv_shapes_are_scikit_learns(rng, y_shape):
    X = rng.randn(40, 4)
    y = X @ rng.randn(4)
    Y = {"1d": y, "column": y[:, None], "two": np.c_[y, -y]}[y_shape]
    a, b = sk.RidgeCV().fit(X, Y), ours.RidgeCV().fit(X, Y)
    for attribute in ("coef_", "intercept_", "alpha_", "best_score_"):
        assert np.shape(getattr(b, attribute)) == np.shape(getattr(a, attribute))
    assert b.predict(X).shape == a.predict(X).shape


def _wide_sparse(rng, n=100, p=20_000, nnz=2_000):
    X = sp.random(n, p, density=nnz / (n * p), format="csc", random_state=rng)
    y = X[:, :20] @ rng.randn(20) + 0.01 * rng.randn(n)
    return X, np.asarray(y).ravel()


def test_sparse_path_memory_and_pickle_are_bounded(rng):
    """LassoCV on wide sparse X: the refit path is kept as sparse columns,
    so fitting allocates less than a dense copy of X (it allocated 1.2x)
    and the fitted model pickles within 1.5x scikit-learn's (it was 50x:
    a dense 20,000 x 50 path)."""
    X, y = _wide_sparse(rng)
    dense_bytes = X.shape[0] * X.shape[1] * 8
    tracemalloc.start()
    try:
        model = ours.LassoCV(cv=3, alphas=50).fit(X, y)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < dense_bytes
    reference = sk.LassoCV(cv=3, alphas=50).fit(X, y)
    assert len(pickle.dumps(model)) <= 1.5 * len(pickle.dumps(reference))
    assert model._coef_path.nbytes < 0.05 * X.shape[1] * 50 * 8


@pytest.mark.parametrize("case", ["sparse", "dense_multi", "excluded"])
def test_stored_path_reads_as_documented(rng, case):
    """coef_path_ is the documented ndarray whatever the storage; its
    columns are the lasso path at path_alphas_ (to the solvers' tolerance),
    coef_ its column at alpha_, and predict(X, alpha=) uses that column."""
    if case == "sparse":
        X, y = _wide_sparse(rng, p=3_000, nnz=1_500)
        params = {}
    else:
        X = rng.randn(80, 12)
        y = X @ np.r_[rng.randn(4), np.zeros(8)] + 0.1 * rng.randn(80)
        if case == "dense_multi":
            y = np.c_[y, X[:, 5] - y]
        params = {"penalty_factor": np.r_[np.inf, np.ones(11)]} if case == "excluded" \
            else {}
    model = ours.LassoCV(cv=3, alphas=10, tol=1e-10, **params).fit(X, y)
    path = model.coef_path_
    assert isinstance(path, np.ndarray)
    expected_shape = (X.shape[1], 10) if y.ndim == 1 else (y.shape[1], X.shape[1], 10)
    assert path.shape == expected_shape
    coefs = path if y.ndim == 2 else path[None]
    if case != "excluded":
        # scikit-learn's Lasso at each alpha of the path, per target
        Y = y.reshape(len(y), -1)
        reference = np.array([
            np.stack([sk.Lasso(alpha=a, tol=1e-12, max_iter=100_000)
                      .fit(X, Y[:, k]).coef_ for a in model.path_alphas_], axis=-1)
            for k in range(Y.shape[1])])
        np.testing.assert_allclose(coefs, reference, rtol=0,
                                   atol=1e-5 * np.abs(reference).max())
    else:
        assert np.all(coefs[:, 0, :] == 0)
    index = int(np.flatnonzero(model.path_alphas_ == model.alpha_)[0])
    np.testing.assert_array_equal(np.asarray(model.coef_).reshape(coefs.shape[:2]),
                                  coefs[:, :, index])
    other = 3
    prediction = model.predict(X, alpha=model.path_alphas_[other])
    intercepts = np.atleast_1d(model.intercept_path_.T[other])
    expected = np.asarray(X @ coefs[:, :, other].T) + intercepts
    np.testing.assert_allclose(prediction, expected.reshape(prediction.shape),
                               rtol=1e-12, atol=1e-12)
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.coef_path_, model.coef_path_)
    assert not hasattr(ours.LassoCV(), "coef_path_")
