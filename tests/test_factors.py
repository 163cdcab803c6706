# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Penalty factors, their L1/L2 variants and standardize (``_factors``)."""
import tracemalloc

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.model_selection import GridSearchCV, KFold

from sklearn_penalized import ElasticNet, ElasticNetCV, Lasso, LassoCV
from sklearn_penalized._factors import column_scales
from sklearn_penalized._objective import duality_gap
from sklearn_penalized.penalties import L1L2
from sklearn_penalized.utils._testing import assert_optimal

TIGHT = {"tol": 1e-12, "max_iter": 100_000}


def _data(rng, n=90, p=15, n_targets=None):
    latent = rng.randn(n, 2)
    X = rng.randn(n, p) + latent @ rng.randn(2, p)
    X = X * rng.uniform(0.3, 4.0, size=p) + rng.uniform(-2, 5, size=p)
    coef = np.zeros(p)
    coef[:5] = [2.0, -1.5, 1.0, 0.5, -3.0]
    y = X @ coef + rng.randn(n) + 4.0
    if n_targets:
        y = np.c_[y, X @ (0.2 * rng.randn(p)) + rng.randn(n)]
    return X, y


def _penalty(alpha, l1_ratio, a, c):
    return L1L2(alpha * l1_ratio, alpha * (1 - l1_ratio) / 2, l1_weights=a, l2_weights=c)


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.6])
def test_kkt_under_random_factors(rng, sparse, weighted, l1_ratio):
    """The fit is the optimum of the objective with the factors: unpenalized
    features have zero gradient, the others satisfy the subgradient
    conditions scaled by their factors; the duality gap is certified."""
    X, y = _data(rng)
    p = X.shape[1]
    a = rng.uniform(0.2, 3.0, size=p)
    a[[1, 7]] = 0.0
    c = rng.uniform(0.0, 2.0, size=p)
    c[[1, 7]] = 0.0  # features 1 and 7 entirely unpenalized
    sw = rng.uniform(0.2, 2.0, size=len(y)) if weighted else None
    alpha = 0.3
    kwargs = (dict(penalty_factor=a) if l1_ratio == 1.0 else
              dict(l1_ratio=l1_ratio, l1_penalty_factor=a, l2_penalty_factor=c))
    cls = Lasso if l1_ratio == 1.0 else ElasticNet
    model = cls(alpha=alpha, **kwargs, **TIGHT).fit(
        sp.csc_matrix(X) if sparse else X, y, sample_weight=sw)
    pen = _penalty(alpha, l1_ratio, a, a if l1_ratio == 1.0 else c)
    assert_optimal(X, y, model.coef_, model.intercept_, pen, sw,
                   kkt_atol=1e-6, gap_atol=1e-10)
    # the unpenalized features are in the model with a zero gradient
    Xc = X - np.average(X, axis=0, weights=sw)
    s = np.ones(len(y)) if sw is None else sw
    resid = y - X @ model.coef_ - model.intercept_
    grad = Xc.T @ (s * resid) / s.sum()
    assert np.all(model.coef_[[1, 7]] != 0)
    np.testing.assert_allclose(grad[[1, 7]], 0.0, atol=1e-7 * np.abs(Xc.T @ (s * y)).max())


def _weighted_lstsq(X, Y, sw, fit_intercept):
    """Minimum-norm weighted least squares by numpy's lstsq on the centred
    (intercept) and weight-scaled design: ``(coef (k, p), intercept (k,))``."""
    s = np.ones(len(X)) if sw is None else sw
    Y = Y.reshape(len(Y), -1)
    if fit_intercept:
        x_mean, y_mean = s @ X / s.sum(), s @ Y / s.sum()
    else:
        x_mean, y_mean = np.zeros(X.shape[1]), np.zeros(Y.shape[1])
    root = np.sqrt(s)[:, None]
    coef = np.linalg.lstsq(root * (X - x_mean), root * (Y - y_mean), rcond=None)[0].T
    return coef, y_mean - coef @ x_mean


ZERO_FACTOR_ESTIMATORS = {
    "Lasso": lambda p: Lasso(alpha=5.0, penalty_factor=np.zeros(p)),
    "ElasticNet": lambda p: ElasticNet(alpha=5.0, l1_ratio=0.5, penalty_factor=np.zeros(p)),
    "ElasticNet-l1l2": lambda p: ElasticNet(alpha=1.0, l1_penalty_factor=np.zeros(p),
                                            l2_penalty_factor=np.zeros(p)),
    "LassoCV": lambda p: LassoCV(cv=3, alphas=5, penalty_factor=np.zeros(p)),
    "ElasticNetCV": lambda p: ElasticNetCV(cv=3, l1_ratio=[0.3, 1.0], alphas=5,
                                           penalty_factor=np.zeros(p)),
}


@pytest.mark.parametrize("shape", ["tall", "wide", "multi"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("name", list(ZERO_FACTOR_ESTIMATORS))
def test_zero_factors_give_least_squares(rng, name, sparse, weighted, fit_intercept,
                                         shape):
    """penalty_factor all zeros is (weighted) least squares: the minimum-norm
    solution of numpy's lstsq to 1e-10 relative, at the default tol.  Before,
    coordinate descent stopped up to 40% away from it (its stopping measure
    cannot certify an unpenalized problem) with correlated features."""
    X, y = _data(rng, n=40 if shape == "wide" else 90, p=60 if shape == "wide" else 15,
                 n_targets=2 if shape == "multi" else None)
    sw = rng.uniform(0.2, 3.0, size=len(y)) if weighted else None
    model = ZERO_FACTOR_ESTIMATORS[name](X.shape[1]).set_params(
        fit_intercept=fit_intercept)
    model.fit(sp.csc_matrix(X) if sparse else X, y, sample_weight=sw)
    coef, intercept = _weighted_lstsq(X, y, sw, fit_intercept)
    got = np.atleast_2d(model.coef_)
    scale = np.abs(coef).max()
    np.testing.assert_allclose(got, coef, rtol=1e-10, atol=1e-10 * scale)
    # (intercept_ is the scalar 0.0 without intercept, whatever y's shape)
    np.testing.assert_allclose(np.broadcast_to(model.intercept_, intercept.shape),
                               intercept, rtol=1e-10, atol=1e-10 * np.abs(y).max())


def test_zero_factors_partial_fit_float32_and_exclusions(rng):
    """The same on the sufficient statistics (partial_fit), with an excluded
    feature (factor inf) among unpenalized ones, and in float32 (to float32's
    precision)."""
    X, y = _data(rng)
    factor = np.zeros(X.shape[1])
    factor[3] = np.inf
    model = Lasso(alpha=1.0, penalty_factor=factor)
    for rows in (slice(0, 30), slice(30, 31), slice(31, None)):
        model.partial_fit(X[rows], y[rows])
    kept = np.flatnonzero(np.isfinite(factor))
    coef, _ = _weighted_lstsq(X[:, kept], y, None, True)
    assert model.coef_[3] == 0
    np.testing.assert_allclose(model.coef_[kept], coef[0], rtol=1e-9,
                               atol=1e-9 * np.abs(coef).max())
    f32 = Lasso(alpha=1.0, penalty_factor=np.zeros(X.shape[1])).fit(
        X.astype(np.float32), y.astype(np.float32))
    assert f32.coef_.dtype == np.float32
    coef, _ = _weighted_lstsq(X.astype(np.float32).astype(np.float64),
                              y.astype(np.float32).astype(np.float64), None, True)
    np.testing.assert_allclose(f32.coef_, coef[0], rtol=1e-4,
                               atol=1e-4 * np.abs(coef).max())


@pytest.mark.parametrize("factor", [0.25, 3.0])
def test_constant_factor_is_alpha_times_factor(rng, factor):
    """Factors are used as given (no rescaling): c everywhere = alpha * c."""
    X, y = _data(rng, n_targets=2)
    p = X.shape[1]
    for cls, extra in ((Lasso, {}), (ElasticNet, {"l1_ratio": 0.3})):
        scaled = cls(alpha=0.2 * factor, **extra, **TIGHT).fit(X, y)
        with_factor = cls(alpha=0.2, penalty_factor=np.full(p, factor), **extra,
                          **TIGHT).fit(X, y)
        np.testing.assert_allclose(with_factor.coef_, scaled.coef_, rtol=1e-9, atol=1e-11)
        np.testing.assert_allclose(with_factor.intercept_, scaled.intercept_, rtol=1e-10)


@pytest.mark.parametrize("sparse", [False, True])
def test_infinite_factor_excludes_the_feature(rng, sparse):
    X, y = _data(rng)
    factor = np.ones(X.shape[1])
    factor[[0, 4]] = np.inf
    Xin = sp.csc_matrix(X) if sparse else X
    model = Lasso(alpha=0.05, penalty_factor=factor, **TIGHT).fit(Xin, y)
    keep = np.isfinite(factor)
    reduced = Lasso(alpha=0.05, **TIGHT).fit(X[:, keep], y)
    assert np.all(model.coef_[~keep] == 0)
    np.testing.assert_allclose(model.coef_[keep], reduced.coef_, rtol=1e-9, atol=1e-11)
    assert model.intercept_ == pytest.approx(reduced.intercept_, rel=1e-10)
    assert model.n_features_in_ == X.shape[1]
    np.testing.assert_allclose(model.predict(Xin), reduced.predict(X[:, keep]), rtol=1e-10)


def test_user_gram_with_excluded_features(rng):
    """precompute=X^T X is given for every feature: with excluded features
    it is restricted to the kept ones (it used to be refused for its shape),
    also through AdaptiveLasso's stages, which exclude zero coefficients."""
    from sklearn_penalized import AdaptiveLasso

    X, y = _data(rng)
    factor = np.ones(X.shape[1])
    factor[[1, 3]] = np.inf
    gram = X.T @ X
    with_gram = Lasso(alpha=0.05, penalty_factor=factor, fit_intercept=False,
                      precompute=gram, **TIGHT).fit(X, y)
    plain = Lasso(alpha=0.05, penalty_factor=factor, fit_intercept=False,
                  **TIGHT).fit(X, y)
    np.testing.assert_allclose(with_gram.coef_, plain.coef_, rtol=1e-8, atol=1e-10)
    adaptive = AdaptiveLasso(alpha=0.5, fit_intercept=False, precompute=gram,
                             **TIGHT).fit(X, y)
    reference = AdaptiveLasso(alpha=0.5, fit_intercept=False, **TIGHT).fit(X, y)
    np.testing.assert_allclose(adaptive.coef_, reference.coef_, rtol=1e-8, atol=1e-10)
    bad = np.eye(X.shape[1] - 2)
    with pytest.raises(ValueError, match="precompute: the Gram matrix"):
        Lasso(penalty_factor=factor, fit_intercept=False, precompute=bad).fit(X, y)


def test_warm_start_with_excluded_features(rng):
    X, y = _data(rng)
    factor = np.ones(X.shape[1])
    factor[2] = np.inf
    model = Lasso(alpha=0.1, penalty_factor=factor, warm_start=True, tol=1e-11).fit(X, y)
    first = model.coef_.copy()
    # a warm start must meet tol / 10 to run no epoch (docs/convergence.rst):
    # the first fit, at tol=1e-11, is within that of the refit at 1e-10
    model.set_params(tol=1e-10).fit(X, y)
    assert model.n_iter_ == 0  # started at the optimum of the reduced problem
    np.testing.assert_allclose(model.coef_, first, rtol=1e-7, atol=1e-8 * np.abs(first).max())


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_standardize_equals_explicit_standardization(rng, fit_intercept, weighted):
    """glmnet's standardize: fit on columns divided by their (weighted,
    population) standard deviation, map the coefficients back."""
    X, y = _data(rng)
    sw = rng.uniform(0.2, 2.0, size=len(y)) if weighted else None
    s = np.ones(len(y)) if sw is None else sw
    s = s / s.sum()
    if fit_intercept:
        mean = s @ X
        sd = np.sqrt(s @ (X - mean) ** 2)
    else:
        sd = np.sqrt(s @ X**2)
    np.testing.assert_allclose(column_scales(X, sw, fit_intercept), sd, rtol=1e-12)
    model = ElasticNet(alpha=0.1, l1_ratio=0.7, standardize=True,
                       fit_intercept=fit_intercept, **TIGHT).fit(X, y, sample_weight=sw)
    explicit = ElasticNet(alpha=0.1, l1_ratio=0.7, fit_intercept=fit_intercept,
                          **TIGHT).fit(X / sd, y, sample_weight=sw)
    np.testing.assert_allclose(model.coef_, explicit.coef_ / sd, rtol=1e-8, atol=1e-11)
    assert model.intercept_ == pytest.approx(explicit.intercept_, rel=1e-9, abs=1e-11)
    assert np.count_nonzero(model.coef_) < X.shape[1]  # the L1 part is active


def test_standardize_sparse_equals_dense_and_never_densifies(rng):
    n, p = 4000, 3000
    X = sp.random(n, p, density=0.002, format="csc", random_state=rng)
    X.data = 1.0 + 5.0 * X.data
    X = X @ sp.diags(rng.uniform(0.1, 10.0, size=p))
    X = X.tocsc()
    y = np.asarray(X[:, :10] @ rng.randn(10)).ravel() + 0.1 * rng.randn(n) + 2.0
    dense_bytes = n * p * 8
    tracemalloc.start()
    model = Lasso(alpha=1e-3, standardize=True, tol=1e-8).fit(X, y)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # the dense X would be 96 MB; the fit stays far below a tenth of it
    assert peak < dense_bytes / 10, f"peak allocation {peak / 1e6:.1f} MB"
    dense = Lasso(alpha=1e-3, standardize=True, tol=1e-8).fit(X.toarray(), y)
    np.testing.assert_allclose(model.coef_, dense.coef_, rtol=1e-5,
                               atol=1e-6 * np.abs(dense.coef_).max())


@pytest.mark.parametrize("sparse", [False, True])
def test_standardize_excludes_constant_columns(rng, sparse):
    """Constant columns (in the data, or in a CV fold of 2/3 of the rows,
    where the weights 1/n_train are inexact) are excluded, not penalized by
    a rounding-sized factor that leaves them collinear with the intercept."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    X, y = _data(rng)
    X[:, 3] = 7.0
    X = np.c_[X, np.ones(len(y))]
    Xin = sp.csc_matrix(X) if sparse else X
    assert np.all(column_scales(Xin, None, True)[[3, -1]] == 0)
    assert np.all(column_scales(Xin[:60], None, True)[[3, -1]] == 0)
    model = Lasso(alpha=0.01, standardize=True, **TIGHT).fit(Xin, y)
    assert model.coef_[3] == 0.0 and model.coef_[-1] == 0.0
    assert np.all(np.isfinite(model.coef_))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        cv = LassoCV(standardize=True, cv=3, alphas=20).fit(Xin, y)
    assert np.all(cv.coef_path_[[3, -1]] == 0)


def test_factors_with_sample_weights_equal_repeated_rows(rng):
    X, y = _data(rng)
    counts = rng.randint(0, 4, size=len(y))
    counts[0] = 1
    factor = rng.uniform(0.0, 2.0, size=X.shape[1])
    kwargs = dict(alpha=0.05, l1_ratio=0.8, penalty_factor=factor, standardize=True,
                  **TIGHT)
    weighted = ElasticNet(**kwargs).fit(X, y, sample_weight=counts.astype(float))
    repeated = ElasticNet(**kwargs).fit(np.repeat(X, counts, axis=0), np.repeat(y, counts))
    # two certified solutions (gap <= 1e-12 var(y)) of the same problem
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=1e-5,
                               atol=1e-6 * np.abs(repeated.coef_).max())


def test_float32_and_multi_output(rng):
    X, Y = _data(rng, n_targets=2)
    factor = rng.uniform(0.5, 2.0, size=X.shape[1])
    model = Lasso(alpha=0.05, penalty_factor=factor, tol=1e-6).fit(
        X.astype(np.float32), Y.astype(np.float32))
    assert model.coef_.dtype == np.float32 and model.coef_.shape == (2, X.shape[1])
    for k in range(2):
        single = Lasso(alpha=0.05, penalty_factor=factor, **TIGHT).fit(X, Y[:, k])
        np.testing.assert_allclose(model.coef_[k], single.coef_, rtol=2e-3,
                                   atol=2e-3 * np.abs(single.coef_).max())


@pytest.mark.parametrize("params, match", [
    ({"penalty_factor": [1.0, 2.0]}, "penalty_factor has shape"),
    ({"penalty_factor": 2.0}, "penalty_factor' parameter of ElasticNet must be an array"),
    ({"l1_penalty_factor": -np.ones(15)}, "l1_penalty_factor must be >= 0"),
    ({"l2_penalty_factor": np.full(15, np.nan)}, "l2_penalty_factor must be >= 0"),
])
def test_bad_factors_raise(rng, params, match):
    X, y = _data(rng)
    with pytest.raises(ValueError, match=match):
        ElasticNet(**params).fit(X, y)


@pytest.mark.parametrize("weighted", [False, True])
def test_every_feature_excluded_gives_the_intercept_model(rng, weighted):
    """glmnet returns the intercept-only model when nothing is left to fit."""
    X, y = _data(rng, n_targets=2)
    sw = rng.uniform(0.5, 2.0, size=len(y)) if weighted else None
    model = ElasticNet(penalty_factor=np.full(X.shape[1], np.inf)).fit(X, y, sample_weight=sw)
    assert np.all(model.coef_ == 0) and model.solver_ == "none"
    np.testing.assert_allclose(model.intercept_, np.average(y, axis=0, weights=sw), rtol=1e-12)
    X[:, :] = 3.0  # every column constant: standardize excludes them all
    model = Lasso(standardize=True).fit(X, y[:, 0])
    assert np.all(model.coef_ == 0) and model.intercept_ == pytest.approx(y[:, 0].mean())
    with pytest.raises(ValueError, match="Every feature is excluded"):
        LassoCV(penalty_factor=np.full(X.shape[1], np.inf), cv=3).fit(X, y[:, 0])


def test_inputs_are_not_modified(rng):
    X, y = _data(rng)
    factor = rng.uniform(0.0, 2.0, size=X.shape[1])
    factor[1] = np.inf
    copies = X.copy(), y.copy(), factor.copy()
    ElasticNet(alpha=0.1, penalty_factor=factor, standardize=True).fit(X, y)
    for before, after in zip(copies, (X, y, factor)):
        np.testing.assert_array_equal(before, after)


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_grid_starts_where_the_first_penalized_feature_enters(rng, l1_ratio):
    """With unpenalized features, alpha_max is where the first *penalized*
    feature enters, the unpenalized ones being fitted there."""
    X, y = _data(rng)
    factor = rng.uniform(0.5, 2.0, size=X.shape[1])
    factor[[0, 2]] = 0.0
    cv = ElasticNetCV(l1_ratio=l1_ratio, penalty_factor=factor, cv=3, alphas=5).fit(X, y)
    alpha_max = cv.alphas_[0]
    penalized = factor > 0
    at_max = ElasticNet(alpha=alpha_max * (1 + 1e-9), l1_ratio=l1_ratio,
                        penalty_factor=factor, l2_penalty_factor=np.where(penalized, factor, 0),
                        **TIGHT).fit(X, y)
    assert np.all(at_max.coef_[penalized] == 0)
    assert np.all(at_max.coef_[~penalized] != 0)
    below = ElasticNet(alpha=alpha_max * 0.99, l1_ratio=l1_ratio, penalty_factor=factor,
                       l2_penalty_factor=np.where(penalized, factor, 0), **TIGHT).fit(X, y)
    assert np.count_nonzero(below.coef_[penalized]) >= 1


@pytest.mark.parametrize("standardize", [False, True])
def test_cv_equals_grid_search_over_the_base_estimator(rng, standardize):
    """Factors and standardize's scales are those of each fold's training
    rows, so LassoCV's alpha_ and losses equal a grid search over Lasso."""
    X, y = _data(rng, n=120)
    factor = rng.uniform(0.0, 2.0, size=X.shape[1])
    factor[5] = np.inf
    folds = list(KFold(4, shuffle=True, random_state=0).split(X))
    cv = LassoCV(alphas=np.geomspace(1.0, 0.005, 12), cv=folds, penalty_factor=factor,
                 standardize=standardize, tol=1e-10, max_iter=100_000).fit(X, y)
    search = GridSearchCV(
        Lasso(penalty_factor=factor, standardize=standardize, tol=1e-10, max_iter=100_000),
        {"alpha": list(cv.alphas_)}, cv=folds, scoring="neg_mean_squared_error",
    ).fit(X, y)
    assert cv.alpha_ == pytest.approx(search.best_params_["alpha"], rel=1e-12)
    # grid search orders alphas as given (decreasing, like alphas_)
    np.testing.assert_allclose(cv.cv_mean_, -search.cv_results_["mean_test_score"],
                               rtol=1e-6)
    assert cv.coef_[5] == 0 and np.all(cv.coef_path_[5] == 0)
    refit = Lasso(alpha=cv.alpha_, penalty_factor=factor, standardize=standardize,
                  **TIGHT).fit(X, y)
    np.testing.assert_allclose(cv.coef_, refit.coef_, rtol=1e-5,
                               atol=1e-6 * np.abs(refit.coef_).max())


def test_duality_gap_reported_with_factors(rng):
    X, y = _data(rng)
    factor = rng.uniform(0.2, 2.0, size=X.shape[1])
    model = Lasso(alpha=0.2, penalty_factor=factor, tol=1e-6).fit(X, y)
    pen = L1L2(0.2, 0.0, l1_weights=factor, l2_weights=factor)
    gap = duality_gap(X, y, model.coef_, pen)
    np.testing.assert_allclose(model.dual_gap_, gap, rtol=1e-3, atol=1e-12)
    assert gap <= 1e-6 * np.var(y) * (1 + 1e-9)
