# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""AdaptiveLasso against a hand-written two-step reference."""
import numpy as np
import pytest
import scipy.sparse as sp
import sklearn.linear_model as sk

from sklearn_penalized import Lasso
from sklearn_penalized._adaptive import AdaptiveLasso

TIGHT = {"tol": 1e-12, "max_iter": 100_000}


def _data(rng, n=120, p=12):
    X = rng.randn(n, p) + 0.5 * rng.randn(n, 1)
    X = X * rng.uniform(0.5, 2.0, size=p) + 1.0
    coef = np.zeros(p)
    coef[:4] = [3.0, -2.0, 1.0, 0.5]
    return X, X @ coef + 0.5 * rng.randn(n) + 2.0


def _ridge_closed_form(X, y, alpha, sw):
    """scikit-learn's Ridge with intercept, solved by hand (normal equations)."""
    s = np.ones(len(y)) if sw is None else sw
    mean_x, mean_y = s @ X / s.sum(), s @ y / s.sum()
    Xc, yc = X - mean_x, y - mean_y
    A = Xc.T @ (s[:, None] * Xc) + alpha * np.eye(X.shape[1])
    return np.linalg.solve(A, Xc.T @ (s * yc))


def _weighted_lasso_by_rescaling(X, y, alpha, factors, sw):
    """Reference weighted lasso: the penalty alpha sum_j c_j |w_j| is a plain
    lasso on the columns X_j / c_j (scikit-learn's solver), then
    w_j = v_j / c_j; features with c_j = inf are dropped."""
    keep = np.isfinite(factors)
    model = sk.Lasso(alpha=alpha, tol=1e-14, max_iter=1_000_000).fit(
        X[:, keep] / factors[keep], y, sample_weight=sw)
    coef = np.zeros(X.shape[1])
    coef[keep] = model.coef_ / factors[keep]
    return coef, model.intercept_


@pytest.mark.parametrize("gamma", [0.5, 1.0, 2.0])
@pytest.mark.parametrize("weighted", [False, True])
def test_matches_two_step_reference(rng, gamma, weighted):
    X, y = _data(rng)
    sw = rng.uniform(0.3, 2.0, size=len(y)) if weighted else None
    model = AdaptiveLasso(alpha=0.02, gamma=gamma, init="ridge", init_alpha=5.0,
                          **TIGHT).fit(X, y, sample_weight=sw)
    initial = _ridge_closed_form(X, y, 5.0, sw)
    np.testing.assert_allclose(model.initial_coef_, initial, rtol=1e-9)
    factors = np.abs(initial) ** -gamma
    np.testing.assert_allclose(model.penalty_factor_, factors, rtol=1e-9)
    coef, intercept = _weighted_lasso_by_rescaling(X, y, 0.02, factors, sw)
    np.testing.assert_allclose(model.coef_, coef, rtol=1e-6, atol=1e-8)
    assert model.intercept_ == pytest.approx(intercept, rel=1e-7)


def test_zero_initial_coefficients_are_excluded_not_divided(rng):
    """A lasso first fit zeroes some features: they get an infinite factor
    (excluded), the others follow the reference; several reweightings chain."""
    X, y = _data(rng)
    first = Lasso(alpha=0.3, **TIGHT).fit(X, y)
    assert np.any(first.coef_ == 0) and np.any(first.coef_ != 0)
    model = AdaptiveLasso(alpha=0.02, init="lasso", init_alpha=0.3, n_reweightings=2,
                          **TIGHT).fit(X, y)
    np.testing.assert_allclose(model.initial_coef_, first.coef_, rtol=1e-9, atol=1e-12)
    # stage 1 by hand, then stage 2 from stage 1's coefficients
    with np.errstate(divide="ignore"):
        factors1 = np.where(first.coef_ != 0, 1.0 / np.abs(first.coef_), np.inf)
    stage1, _ = _weighted_lasso_by_rescaling(X, y, 0.02, factors1, None)
    with np.errstate(divide="ignore"):
        factors2 = np.where(stage1 != 0, 1.0 / np.abs(stage1), np.inf)
    stage2, intercept2 = _weighted_lasso_by_rescaling(X, y, 0.02, factors2, None)
    assert np.all(np.isinf(model.penalty_factor_[first.coef_ == 0]))
    assert np.all(model.coef_[first.coef_ == 0] == 0)
    np.testing.assert_allclose(model.coef_, stage2, rtol=1e-5, atol=1e-7)
    assert model.intercept_ == pytest.approx(intercept2, rel=1e-6)


def test_all_zero_initial_fit_gives_the_intercept_model(rng):
    X, y = _data(rng)
    sw = rng.uniform(0.5, 1.5, size=len(y))
    model = AdaptiveLasso(alpha=0.02, init="lasso", init_alpha=1e6).fit(
        X, y, sample_weight=sw)
    assert np.all(model.coef_ == 0) and model.solver_ == "none"
    assert model.intercept_ == pytest.approx(np.average(y, weights=sw), rel=1e-12)


def test_sparse_float32_and_multi_output(rng):
    X, y = _data(rng)
    Y = np.c_[y, -0.5 * y + X[:, 5]]
    dense = AdaptiveLasso(alpha=0.02, **TIGHT).fit(X, Y)
    for k in range(2):
        single = AdaptiveLasso(alpha=0.02, **TIGHT).fit(X, Y[:, k])
        np.testing.assert_allclose(dense.coef_[k], single.coef_, rtol=1e-9, atol=1e-12)
    sparse = AdaptiveLasso(alpha=0.02, **TIGHT).fit(sp.csc_matrix(X), Y)
    np.testing.assert_allclose(sparse.coef_, dense.coef_, rtol=1e-6, atol=1e-8)
    f32 = AdaptiveLasso(alpha=0.02, tol=1e-6).fit(X.astype(np.float32), y.astype(np.float32))
    assert f32.coef_.dtype == np.float32
    np.testing.assert_allclose(f32.coef_, dense.coef_[0], rtol=1e-3,
                               atol=1e-3 * np.abs(dense.coef_[0]).max())


def test_estimator_init_and_bad_init(rng):
    X, y = _data(rng)
    from_estimator = AdaptiveLasso(alpha=0.02, init=sk.Ridge(alpha=5.0), **TIGHT).fit(X, y)
    from_string = AdaptiveLasso(alpha=0.02, init="ridge", init_alpha=5.0, **TIGHT).fit(X, y)
    np.testing.assert_allclose(from_estimator.coef_, from_string.coef_, rtol=1e-7, atol=1e-10)
    with pytest.raises(ValueError, match="init"):
        AdaptiveLasso(init="elastic").fit(X, y)
    with pytest.raises(ValueError, match="gamma"):
        AdaptiveLasso(gamma=0.0).fit(X, y)
