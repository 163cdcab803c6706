# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""RelaxedLasso and RelaxedLassoCV: the blend's end points (Lasso, OLS on the
support), weights, sparse/float32/multi-output, the minimum-norm and
non-negative refits, and the CV against a brute-force GridSearchCV."""
import doctest
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn
import sklearn.linear_model
from scipy.optimize import nnls
from sklearn.exceptions import ConvergenceWarning, DataConversionWarning
from sklearn.model_selection import GridSearchCV, GroupKFold, KFold

import sklearn_penalized
import sklearn_penalized._cv as _cv
import sklearn_penalized._relaxed as relaxed_module
from sklearn_penalized import Lasso, LassoCV, RelaxedLasso, RelaxedLassoCV
from sklearn_penalized._objective import alpha_max
from sklearn_penalized._preprocessing import make_problem
from sklearn_penalized._relaxed import refit_on_supports, select_relaxed

TIGHT = {"tol": 1e-12, "max_iter": 100_000}


def _data(rng, n=60, p=12, n_targets=None):
    """Correlated features on different scales and with offsets; a sparse
    truth plus noise, so that a moderate alpha selects part of the features."""
    latent = rng.randn(n, 2)
    X = rng.randn(n, p) + latent @ rng.randn(2, p)
    X = X * rng.uniform(0.5, 3.0, size=p) + rng.uniform(-2.0, 2.0, size=p)
    coef = np.zeros(p)
    coef[:4] = [2.0, -1.5, 1.0, 0.5]
    y = X @ coef + rng.randn(n) + 4.0
    if n_targets:
        # a second target with another support: the last three features
        coef2 = np.zeros(p)
        coef2[-3:] = [1.5, -1.0, 2.0]
        y = np.c_[y, X @ coef2 + rng.randn(n) - 1.0]
    return X, y


def _alpha(X, y, frac=0.1, sample_weight=None, fit_intercept=True):
    """An alpha near ``frac * alpha_max`` whose lasso support is partial (the
    first of a few fractions that gives one: random data vary)."""
    top = alpha_max(X, y, sample_weight, fit_intercept)
    for f in (frac, 2 * frac, frac / 2, 4 * frac, frac / 4):
        coef = Lasso(alpha=f * top, fit_intercept=fit_intercept).fit(
            X, y, sample_weight=sample_weight).coef_
        if 0 < np.count_nonzero(coef) < coef.size:
            return f * top
    return frac * top


def _ols_on_support(X, y, support, sample_weight=None):
    """Hand-written weighted OLS on the support: lstsq of sqrt(s) [1, X_S]."""
    sw = np.ones(len(y)) if sample_weight is None else sample_weight
    root = np.sqrt(sw)
    A = np.c_[np.ones(len(y)), X[:, support]] * root[:, None]
    beta = np.linalg.lstsq(A, root * y, rcond=None)[0]
    coef = np.zeros(X.shape[1])
    coef[support] = beta[1:]
    return coef, beta[0]


def _partial_support(model):
    support = np.atleast_2d(model.support_)
    assert np.all(support.any(axis=1)) and not np.all(support), (
        "the test needs a nonempty, partial support")


# ------------------------------------------------------------ RelaxedLasso


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("sparse", [False, True])
def test_gamma_one_is_lasso(rng, weighted, sparse):
    """gamma=1: coef_ and intercept_ are Lasso(alpha)'s (1e-10 relative); so
    are lasso_coef_ / n_iter_ / dual_gap_."""
    X, y = _data(rng)
    sw = rng.uniform(0.2, 3.0, len(y)) if weighted else None
    alpha = _alpha(X, y, sample_weight=sw)
    Xf = sp.csc_matrix(X) if sparse else X
    model = RelaxedLasso(alpha=alpha, gamma=1.0).fit(Xf, y, sample_weight=sw)
    lasso = Lasso(alpha=alpha).fit(Xf, y, sample_weight=sw)
    _partial_support(model)
    np.testing.assert_allclose(model.coef_, lasso.coef_, rtol=1e-10, atol=0)
    assert model.intercept_ == pytest.approx(lasso.intercept_, rel=1e-10)
    np.testing.assert_array_equal(model.lasso_coef_, model.coef_)
    assert model.n_iter_ == lasso.n_iter_
    assert model.dual_gap_ == pytest.approx(lasso.dual_gap_, rel=1e-10)
    np.testing.assert_array_equal(model.support_, lasso.coef_ != 0)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_gamma_zero_is_ols_on_support(rng, weighted, fit_intercept):
    """gamma=0: weighted least squares with an intercept on the lasso's
    support, against numpy's lstsq on sqrt(s) [1, X_S] (1e-9 relative)."""
    X, y = _data(rng)
    sw = rng.uniform(0.2, 3.0, len(y)) if weighted else None
    alpha = _alpha(X, y, sample_weight=sw, fit_intercept=fit_intercept)
    model = RelaxedLasso(alpha=alpha, gamma=0.0, fit_intercept=fit_intercept).fit(
        X, y, sample_weight=sw)
    _partial_support(model)
    if fit_intercept:
        coef, intercept = _ols_on_support(X, y, model.support_, sw)
    else:
        root = np.sqrt(np.ones(len(y)) if sw is None else sw)
        beta = np.linalg.lstsq(X[:, model.support_] * root[:, None], root * y,
                               rcond=None)[0]
        coef, intercept = np.zeros(X.shape[1]), 0.0
        coef[model.support_] = beta
    np.testing.assert_allclose(model.coef_, coef, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(model.ls_coef_, coef, rtol=1e-9, atol=1e-12)
    assert model.intercept_ == pytest.approx(intercept, rel=1e-9, abs=1e-12)
    assert model.ls_intercept_ == pytest.approx(intercept, rel=1e-9, abs=1e-12)
    # zero outside the support, and the refit really differs from the lasso
    assert np.all(model.ls_coef_[~model.support_] == 0)
    assert not np.allclose(model.ls_coef_, model.lasso_coef_, rtol=1e-3)


@pytest.mark.parametrize("gamma", [0.25, 0.7])
def test_intermediate_gamma_is_the_convex_combination(rng, gamma):
    """coef_ = gamma Lasso + (1 - gamma) OLS-on-support, with both ends from
    independent fits (Lasso and RelaxedLasso(gamma=0)); same for intercepts."""
    X, y = _data(rng)
    alpha = _alpha(X, y)
    model = RelaxedLasso(alpha=alpha, gamma=gamma).fit(X, y)
    lasso = Lasso(alpha=alpha).fit(X, y)
    ols = RelaxedLasso(alpha=alpha, gamma=0.0).fit(X, y)
    _partial_support(model)
    np.testing.assert_allclose(model.coef_,
                               gamma * lasso.coef_ + (1 - gamma) * ols.coef_,
                               rtol=1e-12, atol=1e-14)
    assert model.intercept_ == pytest.approx(
        gamma * lasso.intercept_ + (1 - gamma) * ols.intercept_, rel=1e-12)
    np.testing.assert_allclose(model.predict(X), gamma * lasso.predict(X)
                               + (1 - gamma) * ols.predict(X), rtol=1e-12)


def test_integer_weights_equal_repeated_rows(rng):
    """Integer sample weights = repeated rows (zero weight = dropped row):
    same support, coefficients to 1e-8 relative (tol=1e-12 lasso)."""
    X, y = _data(rng)
    sw = rng.randint(0, 4, len(y))
    sw[:3] = [0, 2, 3]
    Xr, yr = np.repeat(X, sw, axis=0), np.repeat(y, sw)
    alpha = _alpha(X, y, sample_weight=sw)
    weighted = RelaxedLasso(alpha=alpha, gamma=0.3, **TIGHT).fit(X, y, sample_weight=sw)
    repeated = RelaxedLasso(alpha=alpha, gamma=0.3, **TIGHT).fit(Xr, yr)
    _partial_support(weighted)
    np.testing.assert_array_equal(weighted.support_, repeated.support_)
    scale = np.abs(repeated.coef_).max()
    for name in ("coef_", "ls_coef_", "lasso_coef_"):
        np.testing.assert_allclose(getattr(weighted, name), getattr(repeated, name),
                                   rtol=1e-8, atol=1e-10 * scale)
    assert weighted.intercept_ == pytest.approx(repeated.intercept_, rel=1e-8)
    assert weighted.ls_intercept_ == pytest.approx(repeated.ls_intercept_, rel=1e-8)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_sparse_equals_dense(rng, fit_intercept, weighted):
    """CSC and CSR input give the dense fit (same support, 1e-9 relative)."""
    X, y = _data(rng)
    X[rng.rand(*X.shape) < 0.5] = 0.0
    sw = rng.uniform(0.2, 3.0, len(y)) if weighted else None
    alpha = _alpha(X, y, 0.05, sample_weight=sw, fit_intercept=fit_intercept)
    kw = dict(alpha=alpha, gamma=0.4, fit_intercept=fit_intercept, **TIGHT)
    dense = RelaxedLasso(**kw).fit(X, y, sample_weight=sw)
    _partial_support(dense)
    for fmt in ("csc", "csr"):
        model = RelaxedLasso(**kw).fit(sp.csr_matrix(X).asformat(fmt), y,
                                       sample_weight=sw)
        np.testing.assert_array_equal(model.support_, dense.support_)
        np.testing.assert_allclose(model.coef_, dense.coef_, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(model.ls_coef_, dense.ls_coef_, rtol=1e-9,
                                   atol=1e-12)
        assert model.intercept_ == pytest.approx(dense.intercept_, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("positive", [False, True])
def test_large_sparse_support_uses_lsqr(rng, monkeypatch, positive):
    """Above the densification bound the refit runs LSQR (bounded LSMR with
    positive) on the sparse columns with implicit centring: it must give the
    direct solution on X_S (1e-7 relative) and never densify X_S."""
    X, y = _data(rng, n=80, p=10)
    X[rng.rand(*X.shape) < 0.4] = 0.0
    sw = rng.uniform(0.2, 3.0, len(y))
    kw = dict(alpha=_alpha(X, y, 0.05, sw), gamma=0.0, positive=positive, **TIGHT)
    direct = RelaxedLasso(**kw).fit(sp.csc_matrix(X), y, sample_weight=sw)
    _partial_support(direct)

    def no_densify(*args, **kwargs):
        raise AssertionError("X_S was densified")

    monkeypatch.setattr(relaxed_module, "SPARSE_DENSIFY_MAX_ENTRIES", 0)
    monkeypatch.setattr(relaxed_module, "_dense_support_design", no_densify)
    iterative = RelaxedLasso(**kw).fit(sp.csc_matrix(X), y, sample_weight=sw)
    scale = np.abs(direct.ls_coef_).max()
    np.testing.assert_allclose(iterative.ls_coef_, direct.ls_coef_, rtol=1e-7,
                               atol=1e-7 * scale)
    assert iterative.ls_intercept_ == pytest.approx(direct.ls_intercept_, rel=1e-7)


def test_float32_keeps_dtype(rng):
    """float32 data: every coefficient array is float32, and the fit is the
    float64 fit to float32 accuracy (same support, 1e-4 relative)."""
    X, y = _data(rng)
    alpha = _alpha(X, y)
    model64 = RelaxedLasso(alpha=alpha, gamma=0.5, tol=1e-10).fit(X, y)
    # tol below 1e-6: float32 data take the float64 Gram route (see Lasso);
    # rounded to float32 its gap is ~1e-8 var(y)
    model32 = RelaxedLasso(alpha=alpha, gamma=0.5, tol=1e-7).fit(
        X.astype(np.float32), y.astype(np.float32))
    for name in ("coef_", "lasso_coef_", "ls_coef_"):
        assert getattr(model32, name).dtype == np.float32, name
    for name in ("intercept_", "lasso_intercept_", "ls_intercept_"):
        assert np.asarray(getattr(model32, name)).dtype == np.float32, name
    assert model32.predict(X.astype(np.float32)).dtype == np.float32
    np.testing.assert_array_equal(model32.support_, model64.support_)
    scale = np.abs(model64.coef_).max()
    np.testing.assert_allclose(model32.coef_, model64.coef_, rtol=1e-4,
                               atol=1e-4 * scale)
    assert float(model32.intercept_) == pytest.approx(model64.intercept_, rel=1e-4)


def test_multi_output_equals_per_target_fits(rng):
    """Each target has its own support and refit: the (n_targets, n_features)
    attributes are the single-target fits stacked (1e-12 relative)."""
    X, Y = _data(rng, n_targets=2)
    top = min(alpha_max(X, Y[:, 0]), alpha_max(X, Y[:, 1]))
    for frac in (0.1, 0.2, 0.05, 0.3):  # supports that differ between targets
        model = RelaxedLasso(alpha=frac * top, gamma=0.3).fit(X, Y)
        if not np.array_equal(model.support_[0], model.support_[1]):
            break
    alpha = model.alpha
    assert model.coef_.shape == model.support_.shape == (2, X.shape[1])
    assert model.intercept_.shape == (2,)
    assert not np.array_equal(model.support_[0], model.support_[1])
    for k in range(2):
        single = RelaxedLasso(alpha=alpha, gamma=0.3).fit(X, Y[:, k])
        for name in ("coef_", "lasso_coef_", "ls_coef_", "support_"):
            np.testing.assert_allclose(getattr(model, name)[k], getattr(single, name),
                                       rtol=1e-12, atol=1e-14)
        for name in ("intercept_", "ls_intercept_", "lasso_intercept_"):
            assert getattr(model, name)[k] == pytest.approx(getattr(single, name),
                                                            rel=1e-12)


def test_empty_support_refit_is_the_mean(rng):
    """alpha >= alpha_max: empty support; the refit is the weighted mean of y
    (its intercept), so every gamma gives the same constant model."""
    X, y = _data(rng)
    sw = rng.uniform(0.2, 3.0, len(y))
    model = RelaxedLasso(alpha=1.01 * alpha_max(X, y, sw), gamma=0.2).fit(
        X, y, sample_weight=sw)
    assert not model.support_.any()
    assert np.all(model.coef_ == 0) and np.all(model.ls_coef_ == 0)
    mean = sw @ y / sw.sum()
    assert model.ls_intercept_ == pytest.approx(mean, rel=1e-12)
    assert model.intercept_ == pytest.approx(mean, rel=1e-12)


def test_rank_deficient_support_gives_the_minimum_norm_refit(rng):
    """A support with a duplicated column (and one with more columns than
    samples) has many least-squares solutions: the refit is the minimum-norm
    one, the pseudo-inverse solution on the centred, weighted X_S."""
    X, y = _data(rng, n=30, p=8)
    X[:, 1] = X[:, 0]
    sw = rng.uniform(0.2, 3.0, len(y))
    problem = make_problem(np.asfortranarray(X), y, sw, fit_intercept=True)
    supports = np.zeros((1, 8, 2), dtype=bool)
    supports[0, [0, 1, 2, 5], 0] = True      # duplicated column: rank 3 of 4
    root = np.sqrt(sw)[:, None]
    Xc = X - sw @ X / sw.sum()
    yc = y - sw @ y / sw.sum()
    # second column: |S| = 40 > n = 30 (wide design)
    Xw = np.c_[X, rng.randn(30, 32)]
    problem_w = make_problem(np.asfortranarray(Xw), y, sw, fit_intercept=True)
    ls, b = refit_on_supports(problem, supports[:, :, :1].astype(float))
    cols = [0, 1, 2, 5]
    expected = np.linalg.pinv(root * Xc[:, cols]) @ (root[:, 0] * yc)
    np.testing.assert_allclose(ls[0, cols, 0], expected, rtol=1e-9)
    assert ls[0, 0, 0] == pytest.approx(ls[0, 1, 0], rel=1e-9)  # split evenly
    assert b[0, 0] == pytest.approx(sw @ (y - X @ ls[0, :, 0]) / sw.sum(), rel=1e-9)

    ls_w, b_w = refit_on_supports(problem_w, np.ones((1, 40, 1)))
    Xwc = Xw - sw @ Xw / sw.sum()
    expected_w = np.linalg.pinv(root * Xwc) @ (root[:, 0] * yc)
    np.testing.assert_allclose(ls_w[0, :, 0], expected_w, rtol=1e-8,
                               atol=1e-10 * np.abs(expected_w).max())
    # interpolates the (weighted, centred) data exactly
    np.testing.assert_allclose(Xw @ ls_w[0, :, 0] + b_w[0, 0], y, rtol=1e-9)


def test_positive_refit_is_nonnegative_least_squares(rng):
    """positive=True: the refit is NNLS on the support.  Forced support whose
    unconstrained refit has a negative coefficient: the positive refit is
    scipy's NNLS on the centred, weighted X_S; and a fitted model satisfies
    NNLS's KKT conditions (zero gradient on w_j > 0, >= 0 on w_j = 0)."""
    n = 50
    x0 = rng.randn(n)
    X = np.c_[x0, x0 + 0.3 * rng.randn(n), rng.randn(n), rng.randn(n)] + 1.0
    y = 2.0 * X[:, 0] - 0.8 * X[:, 1] + X[:, 2] + 0.1 * rng.randn(n)
    sw = rng.uniform(0.2, 3.0, n)
    problem = make_problem(np.asfortranarray(X), y, sw, fit_intercept=True)
    coefs = np.ones((1, 4, 1))
    free, _ = refit_on_supports(problem, coefs, positive=False)
    assert free[0, 1, 0] < 0
    pos, b = refit_on_supports(problem, coefs, positive=True)
    root = np.sqrt(sw)
    Xc, yc = X - sw @ X / sw.sum(), y - sw @ y / sw.sum()
    expected = nnls(root[:, None] * Xc, root * yc)[0]
    np.testing.assert_allclose(pos[0, :, 0], expected, rtol=1e-10, atol=1e-12)
    assert pos[0, 1, 0] == 0.0 and np.all(pos >= 0)

    model = RelaxedLasso(alpha=0.01, gamma=0.0, positive=True, **TIGHT).fit(
        X, y, sample_weight=sw)
    assert np.all(model.coef_ >= 0) and np.all(model.lasso_coef_ >= 0)
    residual = y - X @ model.coef_ - model.intercept_
    grad = -X.T @ (sw * residual) / sw.sum()
    S = model.support_
    active = S & (model.coef_ > 0)
    assert abs(sw @ residual) / sw.sum() < 1e-10
    np.testing.assert_allclose(grad[active], 0.0, atol=1e-10)
    assert np.all(grad[S & ~active] >= -1e-10)


def test_warm_start_starts_from_the_lasso_part(rng):
    """warm_start restarts the lasso from lasso_coef_ (not the blend coef_,
    which at gamma=0 is the refit): fewer epochs than a cold start, same model."""
    X, y = _data(rng)
    model = RelaxedLasso(alpha=_alpha(X, y), gamma=0.0, warm_start=True, tol=1e-10)
    model.fit(X, y)
    first_iter, first_coef = model.n_iter_, model.coef_.copy()
    problem = make_problem(np.asfortranarray(X), y, None, fit_intercept=True)
    np.testing.assert_array_equal(model._coef_init(problem)[0], model.lasso_coef_)
    assert not np.allclose(model.coef_, model.lasso_coef_)
    model.fit(X, y)
    assert model.n_iter_ < first_iter
    np.testing.assert_allclose(model.coef_, first_coef, rtol=1e-8)


def test_bad_input_and_inputs_untouched(rng):
    X, y = _data(rng)
    sw = rng.uniform(0.2, 3.0, len(y))
    for gamma in (-0.1, 1.5, np.nan):
        with pytest.raises(ValueError, match="gamma"):
            RelaxedLasso(gamma=gamma).fit(X, y)
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        RelaxedLasso().fit(X_nan, y)
    with pytest.raises(ValueError):
        RelaxedLasso().fit(X, y, sample_weight=-sw)
    Xs = sp.csc_matrix(X)
    copies = X.copy(), y.copy(), sw.copy(), Xs.copy()
    RelaxedLasso(alpha=_alpha(X, y)).fit(X, y, sample_weight=sw)
    RelaxedLasso(alpha=_alpha(X, y)).fit(Xs, y, sample_weight=sw)
    np.testing.assert_array_equal(X, copies[0])
    np.testing.assert_array_equal(y, copies[1])
    np.testing.assert_array_equal(sw, copies[2])
    assert (Xs != copies[3]).nnz == 0


def test_feature_names(rng):
    pd = pytest.importorskip("pandas")
    X, y = _data(rng, p=4)
    frame = pd.DataFrame(X, columns=list("abcd"))
    model = RelaxedLasso(alpha=0.01).fit(frame, y)
    assert list(model.feature_names_in_) == list("abcd")
    assert model.n_features_in_ == 4
    cv = RelaxedLassoCV(alphas=5, cv=3).fit(frame, y)
    assert list(cv.feature_names_in_) == list("abcd")


# ----------------------------------------------------------- RelaxedLassoCV


def _cv_data(rng):
    return _data(rng, n=60, p=10)


@pytest.mark.parametrize("scoring",
                         ["neg_mean_squared_error", "neg_mean_absolute_error"])
def test_relaxedlassocv_equals_gridsearchcv(rng, scoring):
    """Brute force: GridSearchCV over RelaxedLasso(alpha, gamma) on the same
    KFold(3) (no shuffle, equal fold sizes) and scorer.  Every mean loss
    agrees to 1e-7 of its scale (lasso at tol=1e-12: path warm starts and
    cold fits differ by less), and so do alpha_ and gamma_ (exactly)."""
    X, y = _cv_data(rng)
    cv = KFold(3)
    model = RelaxedLassoCV(alphas=12, cv=cv, scoring=scoring, **TIGHT).fit(X, y)
    grid = GridSearchCV(
        RelaxedLasso(**TIGHT),
        {"alpha": list(model.alphas_), "gamma": list(model.gammas_)},
        cv=cv, scoring=scoring).fit(X, y)
    params = grid.cv_results_["params"]
    expected = np.empty_like(model.cv_mean_)
    for p, score in zip(params, grid.cv_results_["mean_test_score"]):
        i = list(model.alphas_).index(p["alpha"])
        j = list(model.gammas_).index(p["gamma"])
        expected[j, i] = -score
    np.testing.assert_allclose(model.cv_mean_, expected, rtol=0,
                               atol=1e-7 * np.abs(expected).max())
    assert model.alpha_ == grid.best_params_["alpha"]
    assert model.gamma_ == grid.best_params_["gamma"]
    # the selected pair is not a trivial end of the grid
    assert model.alpha_ < model.alphas_[0]
    # refit = RelaxedLasso at the selected pair on all the data (its lasso
    # warm-started along the grid: equal to the cold fit to within tol)
    refit = RelaxedLasso(alpha=model.alpha_, gamma=model.gamma_, **TIGHT).fit(X, y)
    np.testing.assert_array_equal(model.support_, refit.support_)
    for name in ("coef_", "lasso_coef_", "ls_coef_"):
        np.testing.assert_allclose(getattr(model, name), getattr(refit, name),
                                   rtol=1e-7, atol=1e-9)
    assert model.intercept_ == pytest.approx(refit.intercept_, rel=1e-7)
    np.testing.assert_allclose(model.predict(X), grid.predict(X), rtol=1e-7)


def test_one_se_rule_by_hand(rng):
    """selection_rule="1se" against a hand computation on the stored
    cv_mean_ / cv_std_error_: the minimum, its mean + one SE, then among the
    pairs below it the largest alpha, then the largest gamma.  The curve
    statistics themselves: plain mean over equal folds and std(ddof=1)/sqrt(K)."""
    X, y = _cv_data(rng)
    model = RelaxedLassoCV(alphas=20, cv=KFold(3), selection_rule="1se").fit(X, y)
    mean, se = model.cv_mean_, model.cv_std_error_
    K = model.mse_path_.shape[-1]
    np.testing.assert_allclose(mean, model.mse_path_.mean(axis=-1), rtol=1e-12)
    np.testing.assert_allclose(se, model.mse_path_.std(axis=-1, ddof=1) / np.sqrt(K),
                               rtol=1e-10)
    g_min, a_min = np.unravel_index(np.argmin(mean), mean.shape)
    threshold = mean[g_min, a_min] + se[g_min, a_min]
    best = None
    for j, gamma in enumerate(model.gammas_):
        for i, alpha in enumerate(model.alphas_):
            if mean[j, i] <= threshold and (best is None or (alpha, gamma) > best):
                best = (alpha, gamma)
    assert (model.alpha_, model.gamma_) == best
    assert (model.alpha_1se_, model.gamma_1se_) == best
    assert (model.alpha_min_, model.gamma_min_) == (model.alphas_[a_min],
                                                    model.gammas_[g_min])
    # never a less regularized pair than the minimum (which is in the band)
    assert (model.alpha_, model.gamma_) >= (model.alpha_min_, model.gamma_min_)


def test_select_relaxed_tie_breaking():
    """Ties and the 1-SE band on a hand-made surface (gammas x alphas)."""
    alphas = np.array([3.0, 2.0, 1.0])
    gammas = np.array([0.0, 0.5, 1.0])
    mean = np.array([[5.0, 1.0, 2.0],
                     [5.0, 1.0, 1.5],
                     [5.0, 3.0, 1.2]])
    se = np.full_like(mean, 0.3)
    # exact tie of the minimum at alpha=2 between gamma 0 and 0.5: larger gamma
    assert select_relaxed(alphas, gammas, mean, se, "min") == (1, 1)
    # band <= 1.3: (g=0, a=2), (g=0.5, a=2), (g=1, a=1): largest alpha=2,
    # then largest gamma among those at alpha=2 -> 0.5
    assert select_relaxed(alphas, gammas, mean, se, "1se") == (1, 1)
    se[1, 1] = 2.5  # band <= 3.5: alpha=2 for every gamma -> gamma=1
    assert select_relaxed(alphas, gammas, mean, se, "1se") == (2, 1)


def test_gamma_one_row_is_lassocv(rng, monkeypatch):
    """The gamma=1 row of the CV surface is LassoCV's curve on the same folds
    and grid (1e-10 relative): the relaxed prediction at gamma=1 is the lasso's.
    (LassoCV's fold paths in one pass at the single fit's target, as
    RelaxedLassoCV's: its first pass aims at tol, see _cv.FOLD_PATH_TARGET_RATIO.)"""
    monkeypatch.setattr(_cv, "FOLD_PATH_TARGET_RATIO", None)
    X, y = _cv_data(rng)
    folds = list(KFold(3).split(X))
    model = RelaxedLassoCV(alphas=15, cv=folds).fit(X, y)
    lasso = LassoCV(alphas=15, cv=folds).fit(X, y)
    np.testing.assert_allclose(model.alphas_, lasso.alphas_, rtol=1e-14)
    assert model.gammas_[-1] == 1.0
    np.testing.assert_allclose(model.mse_path_[-1], lasso.mse_path_, rtol=1e-10)
    np.testing.assert_allclose(model.cv_mean_[-1], lasso.cv_mean_, rtol=1e-10)


def test_weighted_cv_fold_losses_by_hand(rng):
    """With sample_weight: per fold, the weighted held-out MSE of RelaxedLasso
    fitted (weighted) on the training part, for every (gamma, alpha)
    (1e-8 relative); folds averaged with weights sum(s[test])."""
    X, y = _cv_data(rng)
    sw = rng.uniform(0.2, 3.0, len(y))
    folds = list(KFold(3).split(X))
    gammas = (0.0, 0.6, 1.0)
    model = RelaxedLassoCV(alphas=6, gammas=gammas, cv=folds, **TIGHT).fit(
        X, y, sample_weight=sw)
    for f, (train, test) in enumerate(folds):
        for i, alpha in enumerate(model.alphas_):
            fitted = RelaxedLasso(alpha=alpha, **TIGHT).fit(
                X[train], y[train], sample_weight=sw[train])
            for j, g in enumerate(gammas):
                c = g * fitted.lasso_coef_ + (1 - g) * fitted.ls_coef_
                b = g * fitted.lasso_intercept_ + (1 - g) * fitted.ls_intercept_
                r = y[test] - X[test] @ c - b
                expected = sw[test] @ r**2 / sw[test].sum()
                assert model.mse_path_[j, i, f] == pytest.approx(expected, rel=1e-8)
    fold_w = np.array([sw[test].sum() for _, test in folds])
    np.testing.assert_allclose(model.cv_mean_, model.mse_path_ @ fold_w / fold_w.sum(),
                               rtol=1e-12)


def test_refits_are_cached_by_support(rng, monkeypatch):
    """Along a path, one least-squares solve per distinct support (the
    alphas sharing a support share it)."""
    X, y = _cv_data(rng)
    calls = []
    original = relaxed_module._solve_dense

    def counting(B, rhs, positive):
        calls.append(B.shape[1])
        return original(B, rhs, positive)

    monkeypatch.setattr(relaxed_module, "_solve_dense", counting)
    problem = make_problem(np.asfortranarray(X), y, None, fit_intercept=True)
    coefs = np.zeros((1, X.shape[1], 6))
    masks = [[0], [0], [0, 3], [0, 3], [0, 3], [0, 1, 3]]
    for i, m in enumerate(masks):
        coefs[0, m, i] = 1.0 + i
    ls, _ = refit_on_supports(problem, coefs)
    assert sorted(calls) == [1, 2, 3]
    np.testing.assert_array_equal(ls[0, :, 2], ls[0, :, 4])


def test_groups_and_metadata_routing(rng):
    """groups reach the splitter, with and without metadata routing; any
    other fit parameter is refused."""
    X, y = _cv_data(rng)
    groups = np.repeat(np.arange(12), 5)
    rng.shuffle(groups)
    folds = list(GroupKFold(3).split(X, y, groups))
    explicit = RelaxedLassoCV(alphas=8, cv=folds).fit(X, y)
    grouped = RelaxedLassoCV(alphas=8, cv=GroupKFold(3)).fit(X, y, groups=groups)
    np.testing.assert_array_equal(grouped.mse_path_, explicit.mse_path_)
    with pytest.raises(ValueError, match="unexpected"):
        RelaxedLassoCV(alphas=8, cv=GroupKFold(3)).fit(X, y, groups=groups, foo=1)
    with sklearn.config_context(enable_metadata_routing=True):
        routed = RelaxedLassoCV(alphas=8, cv=GroupKFold(3)).fit(X, y, groups=groups)
        with pytest.raises((TypeError, ValueError), match="foo"):
            RelaxedLassoCV(alphas=8, cv=GroupKFold(3)).fit(X, y, groups=groups, foo=1)
    np.testing.assert_array_equal(routed.mse_path_, explicit.mse_path_)
    assert (routed.alpha_, routed.gamma_) == (explicit.alpha_, explicit.gamma_)


def test_multi_output_cv_averages_targets(rng):
    """One (alpha, gamma) for all targets, chosen on the MSE averaged over
    targets: mse_path_ is the mean of the single-target ones (1e-10)."""
    X, Y = _data(rng, n=60, p=10, n_targets=2)
    folds = list(KFold(3).split(X))
    model = RelaxedLassoCV(alphas=10, cv=folds, **TIGHT).fit(X, Y)
    singles = [RelaxedLassoCV(alphas=model.alphas_, cv=folds, **TIGHT).fit(X, Y[:, k])
               for k in range(2)]
    np.testing.assert_allclose(
        model.mse_path_, (singles[0].mse_path_ + singles[1].mse_path_) / 2, rtol=1e-10)
    assert np.ndim(model.alpha_) == 0 and np.ndim(model.gamma_) == 0
    assert model.coef_.shape == model.support_.shape == (2, X.shape[1])
    refit = RelaxedLasso(alpha=model.alpha_, gamma=model.gamma_, **TIGHT).fit(X, Y)
    np.testing.assert_array_equal(model.support_, refit.support_)
    np.testing.assert_allclose(model.coef_, refit.coef_, rtol=1e-6, atol=1e-8)


def test_cv_parallel_sparse_float32(rng):
    """n_jobs=2 threads give the sequential result exactly; sparse X the
    dense one (1e-8); float32 keeps its dtype."""
    X, y = _cv_data(rng)
    X[rng.rand(*X.shape) < 0.3] = 0.0
    kw = dict(alphas=10, cv=KFold(3), **TIGHT)
    seq = RelaxedLassoCV(**kw).fit(X, y)
    par = RelaxedLassoCV(n_jobs=2, **kw).fit(X, y)
    np.testing.assert_array_equal(par.mse_path_, seq.mse_path_)
    sparse = RelaxedLassoCV(**kw).fit(sp.csc_matrix(X), y)
    np.testing.assert_allclose(sparse.cv_mean_, seq.cv_mean_, rtol=1e-8)
    # (the grids differ in the last bit: alpha_max from sparse products)
    assert sparse.alpha_ == pytest.approx(seq.alpha_, rel=1e-12)
    assert sparse.gamma_ == seq.gamma_
    model32 = RelaxedLassoCV(alphas=10, cv=KFold(3), tol=1e-6).fit(
        X.astype(np.float32), y.astype(np.float32))
    assert model32.coef_.dtype == np.float32
    assert model32.predict(X.astype(np.float32)).dtype == np.float32


def test_cv_bad_parameters(rng):
    X, y = _cv_data(rng)
    for gammas in ([], [0.5, 1.2], [-0.1]):
        with pytest.raises(ValueError, match="gammas"):
            RelaxedLassoCV(gammas=gammas, cv=3).fit(X, y)
    with pytest.raises(ValueError, match="alphas"):
        RelaxedLassoCV(alphas=[1.0, -1.0], cv=3).fit(X, y)
    with pytest.raises(ValueError, match="selection_rule"):
        RelaxedLassoCV(selection_rule="2se", cv=3).fit(X, y)
    X_copy, y_copy = X.copy(), y.copy()
    model = RelaxedLassoCV(alphas=[1.0, 0.1], gammas=[1, 0], cv=3).fit(X, y)
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(y, y_copy)
    np.testing.assert_array_equal(model.alphas_, [1.0, 0.1])
    np.testing.assert_array_equal(model.gammas_, [0.0, 1.0])


@pytest.mark.parametrize("cls", [RelaxedLasso, RelaxedLassoCV])
def test_docstring_example_runs(cls):
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner()
    for test in finder.find(cls, cls.__name__, module=relaxed_module):
        runner.run(test)
    assert runner.failures == 0 and runner.tries > 0


def test_no_convergence_warning_at_default_settings(rng):
    X, y = _cv_data(rng)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # fails the test
        model = RelaxedLassoCV(alphas=10, cv=3).fit(X, y)
    # and the refit's lasso part is certified at the default tol
    assert model.dual_gap_ <= 1e-4 * np.var(y) * (1 + 1e-9)


@pytest.mark.parametrize("name, twin", [("RelaxedLasso", "Lasso"),
                                        ("RelaxedLassoCV", "LassoCV")])
def test_column_y_shapes_follow_the_lasso(name, twin):
    """y of shape (n, 1) is one target: the relaxed estimators give the
    shapes their Lasso counterparts (and scikit-learn's) give, coef_ (p,)
    and predict (n,), and the model of the 1-D fit (before: coef_ (1, p),
    predict (n, 1))."""
    rng = np.random.RandomState(0)
    X = rng.randn(60, 5)
    y = X @ rng.randn(5) + rng.randn(60)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataConversionWarning)
        column = getattr(sklearn_penalized, name)().fit(X, y[:, None])
        reference = getattr(sklearn.linear_model, twin)().fit(X, y[:, None])
    flat = getattr(sklearn_penalized, name)().fit(X, y)
    for attribute in ("coef_", "intercept_"):
        assert np.shape(getattr(column, attribute)) == np.shape(getattr(reference, attribute))
    assert column.predict(X).shape == reference.predict(X).shape == (60,)
    np.testing.assert_allclose(column.coef_, flat.coef_, rtol=1e-12)
    np.testing.assert_allclose(column.intercept_, flat.intercept_, rtol=1e-12)
