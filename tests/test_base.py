# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The shared fit/predict template: inputs, bad inputs, pipelines, pickling."""
import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import sklearn_penalized
from sklearn_penalized import ElasticNet, Lasso, Ridge

ESTIMATORS = [Lasso(alpha=0.05), ElasticNet(alpha=0.05), Ridge(alpha=0.5)]
ids = [type(e).__name__ for e in ESTIMATORS]


@pytest.fixture
def data(rng):
    X = rng.randn(40, 6)
    y = X @ rng.randn(6) + 0.3 * rng.randn(40) + 2.0
    return X, y


# -- bad input: a clear ValueError / TypeError naming the problem ----------
@pytest.mark.parametrize("est", ESTIMATORS, ids=ids)
@pytest.mark.parametrize("where", ["X", "y", "sample_weight"])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_input_raises(est, data, where, bad):
    X, y = data
    X, y, sw = X.copy(), y.copy(), np.ones(len(y))
    {"X": X[3], "y": y[3:4], "sample_weight": sw[3:4]}[where][0] = bad
    with pytest.raises(ValueError, match=r"(?i)nan|inf"):
        clone(est).fit(X, y, sample_weight=sw)


@pytest.mark.parametrize("est", ESTIMATORS, ids=ids)
def test_empty_and_misshaped_input_raises(est, data):
    X, y = data
    with pytest.raises(ValueError, match="0 sample"):
        clone(est).fit(X[:0], y[:0])
    with pytest.raises(ValueError, match="0 feature"):
        clone(est).fit(X[:, :0], y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        clone(est).fit(X, y[:-1])
    with pytest.raises(ValueError, match="2D array"):
        clone(est).fit(X[:, 0], y)
    with pytest.raises(ValueError, match=r"sample_weight.shape"):
        clone(est).fit(X, y, sample_weight=np.ones(len(y) + 1))


@pytest.mark.parametrize("est", ESTIMATORS, ids=ids)
def test_wrong_n_features_at_predict(est, data):
    X, y = data
    model = clone(est).fit(X, y)
    with pytest.raises(ValueError, match="X has 5 features.*expecting 6"):
        model.predict(X[:, :5])


@pytest.mark.parametrize("est", ESTIMATORS, ids=ids)
def test_negative_or_nan_alpha_raises(est, data):
    X, y = data
    for alpha in (-1.0, np.nan):
        with pytest.raises(ValueError, match="alpha"):
            clone(est).set_params(alpha=alpha).fit(X, y)


@pytest.mark.parametrize("l1_ratio", [-0.1, 1.5, np.nan])
def test_l1_ratio_outside_unit_interval_raises(data, l1_ratio):
    with pytest.raises(ValueError, match="l1_ratio"):
        ElasticNet(l1_ratio=l1_ratio).fit(*data)


@pytest.mark.parametrize("est", ESTIMATORS, ids=ids)
def test_negative_sample_weight_raises(est, data):
    X, y = data
    sw = np.ones(len(y))
    sw[0] = -1
    with pytest.raises(ValueError, match="[Nn]egative values.*sample_weight"):
        clone(est).fit(X, y, sample_weight=sw)
    with pytest.raises(ValueError, match="(?i)sample.weight.*non-zero"):
        clone(est).fit(X, y, sample_weight=np.zeros(len(y)))


# Every public entry point that takes sample_weight, validated by our own
# check (utils._sklearn_compat.check_sample_weight): older scikit-learn
# versions let all-zero weights through to a division by their sum.
WEIGHTED_FITS = {
    **{name: (lambda X, y, sw, name=name:
              getattr(sklearn_penalized, name)().fit(X, y, sample_weight=sw))
       for name in ["AdaptiveLasso", "ElasticNet", "ElasticNetCV", "Lasso",
                    "LassoCV", "PenalizedRegressor", "RelaxedLasso",
                    "RelaxedLassoCV", "Ridge", "RidgeCV"]},
    "RidgeCV(cv=3)": lambda X, y, sw: sklearn_penalized.RidgeCV(cv=3).fit(
        X, y, sample_weight=sw),
    **{f"{name}.partial_fit": (lambda X, y, sw, name=name:
                               getattr(sklearn_penalized, name)().partial_fit(
                                   X, y, sample_weight=sw))
       for name in ["Lasso", "ElasticNet", "Ridge"]},
    "lasso_path": lambda X, y, sw: sklearn_penalized.lasso_path(
        X, y, sample_weight=sw),
    "enet_path": lambda X, y, sw: sklearn_penalized.enet_path(
        X, y, sample_weight=sw),
}


@pytest.mark.parametrize("fit", WEIGHTED_FITS.values(), ids=WEIGHTED_FITS.keys())
def test_invalid_sample_weight_raises_everywhere(fit, data):
    """All-zero, negative and non-finite weights: a ValueError naming the
    problem from every estimator, CV estimator, partial_fit and path function
    (never a division by a zero sum, which the RuntimeWarning filter of
    pyproject.toml turns into an error here)."""
    X, y = data
    with pytest.raises(ValueError, match="(?i)sample.weight.*non-zero"):
        fit(X, y, np.zeros(len(y)))
    sw = np.ones(len(y))
    sw[0] = -1
    with pytest.raises(ValueError, match="[Nn]egative values.*sample_weight"):
        fit(X, y, sw)
    sw[0] = np.nan
    with pytest.raises(ValueError, match="(?i)nan"):
        fit(X, y, sw)
    # zero weights on some samples are valid (each CV fold keeps some weight)
    sw = np.ones(len(y))
    sw[::2] = 0.0
    fit(X, y, sw)


@pytest.mark.parametrize("name", ["LassoCV", "ElasticNetCV", "RelaxedLassoCV"])
def test_cv_fold_without_weight_raises(name, data):
    """A fold whose held-out (or training) samples all weigh zero has no
    loss (no fit): a ValueError naming the fold, not a NaN in cv_mean_."""
    X, y = data
    est = getattr(sklearn_penalized, name)(cv=KFold(5))  # folds of 8 rows
    sw = np.ones(len(y))
    sw[24:] = 0.0
    with pytest.raises(ValueError, match="held-out samples of fold 4"):
        est.fit(X, y, sample_weight=sw)
    sw = np.zeros(len(y))
    sw[:8] = 1.0
    with pytest.raises(ValueError, match="training samples of fold 1"):
        est.fit(X, y, sample_weight=sw)


@pytest.mark.parametrize("est", ESTIMATORS, ids=ids)
def test_complex_and_string_data_raise(est, data):
    X, y = data
    with pytest.raises(ValueError, match="[Cc]omplex"):
        clone(est).fit(X + 1j, y)
    with pytest.raises(ValueError, match="[Cc]omplex"):
        clone(est).fit(X, y + 1j)
    X_str = X.astype(str)
    X_str[0, 0] = "a"
    with pytest.raises(ValueError, match="could not convert"):
        clone(est).fit(X_str, y)
    with pytest.raises(ValueError, match="could not convert|Unknown label|numeric"):
        clone(est).fit(X, np.array(["a"] * len(y), dtype=object))


@pytest.mark.parametrize("est", ESTIMATORS, ids=ids)
@pytest.mark.parametrize("dtype, scale", [(np.float64, 1e200), (np.float32, 1e25)])
def test_overflowing_data_raises_instead_of_nan(est, data, dtype, scale):
    X, y = data
    for Xf in ((X * scale).astype(dtype), sp.csc_matrix((X * scale).astype(dtype))):
        with pytest.raises(ValueError, match="overflow"):
            clone(est).fit(Xf, (y * scale).astype(dtype))


# -- inputs are never modified ----------------------------------------------
@pytest.mark.parametrize("est", ESTIMATORS, ids=ids)
@pytest.mark.parametrize("layout", ["C", "F", "csc", "csr"])
def test_inputs_not_modified(est, data, rng, layout):
    X, y = data
    if layout in ("C", "F"):
        X = np.array(X, order=layout)
    else:
        X = sp.csc_matrix(X) if layout == "csc" else sp.csr_matrix(X)
    sw = rng.uniform(0.5, 2, len(y))
    X_before, y_before, sw_before = X.copy(), y.copy(), sw.copy()
    clone(est).fit(X, y, sample_weight=sw)
    if sp.issparse(X):
        assert (X != X_before).nnz == 0
    else:
        np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    np.testing.assert_array_equal(sw, sw_before)


@pytest.mark.parametrize("est", ESTIMATORS, ids=ids)
def test_copy_X_false_gives_same_model(est, data):
    X, y = data
    ref = clone(est).fit(X, y)
    X_f = np.asfortranarray(X.copy())
    model = clone(est).set_params(copy_X=False).fit(X_f, y)
    np.testing.assert_allclose(model.coef_, ref.coef_, atol=1e-12)


# -- every input kind -------------------------------------------------------
@pytest.mark.parametrize("est", ESTIMATORS, ids=ids)
def test_input_kinds_give_the_same_model(est, data):
    pd = pytest.importorskip("pandas")
    X, y = data
    ref = clone(est).fit(X, y)
    read_only = X.copy()
    read_only.setflags(write=False)
    variants = {
        "list": (X.tolist(), y.tolist()),
        "read-only": (read_only, y),
        "fortran": (np.asfortranarray(X), y),
        "pandas": (pd.DataFrame(X, columns=[f"f{j}" for j in range(6)]), pd.Series(y)),
    }
    for name, (Xv, yv) in variants.items():
        model = clone(est).fit(Xv, yv)
        np.testing.assert_allclose(model.coef_, ref.coef_, atol=1e-8, err_msg=name)
    assert list(model.feature_names_in_) == [f"f{j}" for j in range(6)]
    assert model.n_features_in_ == 6


@pytest.mark.parametrize("est", ESTIMATORS, ids=ids)
def test_integer_input_equals_float_input(est, data):
    X, y = data
    X_int = np.round(10 * X).astype(np.int64)
    y_int = np.round(10 * y).astype(np.int32)
    model = clone(est).fit(X_int, y_int)
    ref = clone(est).fit(X_int.astype(np.float64), y_int.astype(np.float64))
    assert model.coef_.dtype == np.float64
    np.testing.assert_allclose(model.coef_, ref.coef_, atol=1e-12)


@pytest.mark.parametrize("est", ESTIMATORS, ids=ids)
def test_pickle_roundtrip(est, data):
    X, y = data
    model = clone(est).fit(X, y)
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.predict(X), model.predict(X))


@pytest.mark.parametrize("est", ESTIMATORS, ids=ids)
def test_predict_is_linear_model(est, data):
    X, y = data
    model = clone(est).fit(X, y)
    np.testing.assert_allclose(model.predict(X), X @ model.coef_ + model.intercept_)
    np.testing.assert_allclose(model.predict(sp.csr_matrix(X)), model.predict(X))


@pytest.mark.parametrize("est", ESTIMATORS, ids=ids)
def test_intercept_balances_weighted_means(est, data, rng):
    """With an intercept, the weighted mean prediction equals the weighted mean of y."""
    X, y = data
    sw = rng.uniform(0.1, 3, len(y))
    model = clone(est).fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(
        np.average(model.predict(X), weights=sw), np.average(y, weights=sw)
    )


# -- scikit-learn tooling ------------------------------------------------------
def test_pipeline_gridsearch_tunes_alpha_and_l1_ratio(rng):
    X = rng.randn(120, 10) * rng.uniform(1, 10, 10)
    y = X[:, :3] @ [1.0, -0.5, 0.2] + rng.randn(120)
    grid = {"elasticnet__alpha": [0.01, 0.1, 1.0], "elasticnet__l1_ratio": [0.0, 0.5, 1.0]}
    cv = KFold(3, shuffle=True, random_state=0)
    ours = GridSearchCV(make_pipeline(StandardScaler(), ElasticNet()), grid, cv=cv, n_jobs=2)
    ours.fit(X, y)
    from sklearn.linear_model import ElasticNet as SkElasticNet

    theirs = GridSearchCV(make_pipeline(StandardScaler(), SkElasticNet()), grid, cv=cv)
    theirs.fit(X, y)
    assert ours.best_params_ == theirs.best_params_
    np.testing.assert_allclose(
        ours.cv_results_["mean_test_score"], theirs.cv_results_["mean_test_score"],
        rtol=1e-4,
    )
