# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""PenalizedRegressor: the penalty objects' scale against Lasso, ElasticNet
and Ridge (ours and scikit-learn's), optimality certificates with weights,
grid searches over penalties, and no mutation of the penalty."""
import doctest
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn.linear_model as sk
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score

import sklearn_penalized._penalized as penalized_module
from sklearn_penalized import ElasticNet, Lasso, PenalizedRegressor, Ridge
from sklearn_penalized._objective import (
    alpha_max,
    duality_gap,
    kkt_violation,
    primal_objective,
)
from sklearn_penalized.penalties import L1, L1L2, L2
from sklearn_penalized.utils._testing import assert_optimal

TIGHT = {"tol": 1e-12, "max_iter": 100_000}
# A duality gap of tol * var(y) bounds the coefficients' error by about
# sqrt(tol) of their scale: comparisons with other solvers at 1e-7 need 1e-14.
TIGHTER = {"tol": 1e-14, "max_iter": 100_000}


def _data(rng, n=80, p=10, n_targets=None):
    """Correlated features on different scales with offsets; sparse truth."""
    latent = rng.randn(n, 2)
    X = rng.randn(n, p) + latent @ rng.randn(2, p)
    X = X * rng.uniform(0.5, 3.0, size=p) + rng.uniform(-2.0, 2.0, size=p)
    coef = np.zeros(p)
    coef[:4] = [2.0, -1.5, 1.0, 0.5]
    y = X @ coef + rng.randn(n) + 3.0
    if n_targets:
        coef2 = np.zeros(p)
        coef2[-3:] = [1.0, 2.0, -1.0]
        y = np.c_[y, X @ coef2 + rng.randn(n) - 2.0]
    return X, y


def _assert_same_fit(a, b, rtol, atol_rel=1e-12):
    scale = np.abs(b.coef_).max()
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=rtol, atol=atol_rel * scale)
    np.testing.assert_allclose(a.intercept_, b.intercept_, rtol=rtol,
                               atol=atol_rel * scale)


# --------------------------------------------- the estimators, as penalties


@pytest.mark.parametrize("case", ["dense", "sparse", "weighted", "multi"])
def test_l1_is_lasso(rng, case):
    """PenalizedRegressor(L1(a)) == Lasso(alpha=a): same objective, same
    solver, so the same coefficients to 1e-10 relative."""
    X, y = _data(rng, n_targets=2 if case == "multi" else None)
    sw = rng.uniform(0.2, 3.0, len(y)) if case == "weighted" else None
    Xf = sp.csc_matrix(X) if case == "sparse" else X
    a = 0.05 * alpha_max(X, np.atleast_2d(y.T)[0], sw)
    ours = PenalizedRegressor(L1(a)).fit(Xf, y, sample_weight=sw)
    lasso = Lasso(alpha=a).fit(Xf, y, sample_weight=sw)
    assert 0 < np.count_nonzero(ours.coef_) < ours.coef_.size
    _assert_same_fit(ours, lasso, rtol=1e-10)
    assert ours.solver_ == lasso.solver_
    np.testing.assert_allclose(ours.dual_gap_, lasso.dual_gap_, rtol=1e-10)


@pytest.mark.parametrize("r", [0.2, 0.7])
@pytest.mark.parametrize("weighted", [False, True])
def test_l1_plus_l2_is_elastic_net(rng, r, weighted):
    """PenalizedRegressor(L1(a r) + L2(a (1 - r) / 2)) == ElasticNet(a, r)
    (1e-10 relative); and, as an independent reference, scikit-learn's
    ElasticNet: objective within 1e-12 relative and coefficients within 1e-6
    of their scale (ours at tol=1e-14, i.e. a duality gap of 1e-14 var(y),
    which bounds the coefficients' error by ~sqrt(1e-14 / curvature))."""
    X, y = _data(rng)
    sw = rng.uniform(0.2, 3.0, len(y)) if weighted else None
    a = 0.1 * alpha_max(X, y, sw)
    penalty = L1(a * r) + L2(a * (1 - r) / 2)
    assert isinstance(penalty, L1L2)
    ours = PenalizedRegressor(penalty, **TIGHTER).fit(X, y, sample_weight=sw)
    enet = ElasticNet(alpha=a, l1_ratio=r, **TIGHTER).fit(X, y, sample_weight=sw)
    _assert_same_fit(ours, enet, rtol=1e-10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs = sk.ElasticNet(alpha=a, l1_ratio=r, tol=1e-15, max_iter=100_000).fit(
            X, y, sample_weight=sw)
    _assert_same_fit(ours, theirs, rtol=0.0, atol_rel=1e-6)
    ours_obj = primal_objective(X, y, ours.coef_, ours.intercept_, penalty, sw)
    theirs_obj = primal_objective(X, y, theirs.coef_, theirs.intercept_, penalty, sw)
    assert ours_obj == pytest.approx(theirs_obj, rel=1e-12)


@pytest.mark.parametrize("solver", ["auto", "cholesky", "svd", "sparse_cg", "cd"])
@pytest.mark.parametrize("weighted", [False, True])
def test_l2_is_ridge_with_alpha_2_sum_s_a(rng, solver, weighted):
    """L2(a) = a ||w||^2 under the mean datafit; Ridge's objective is
    sum_i s_i r_i^2 + alpha ||w||^2 = 2 sum(s) [mean datafit + alpha /
    (2 sum(s)) ||w||^2], so PenalizedRegressor(L2(a)) == Ridge(2 sum(s) a)
    (2 n a unweighted), against our Ridge and scikit-learn's.  Direct
    solvers (and CG at tol=1e-12): 1e-10 relative.  Coordinate descent
    (duality gap 1e-14 var(y)): 1e-6 of the coefficients' scale.  Also
    ElasticNet(alpha=2a, l1_ratio=0), whose L2 term is alpha / 2 ||w||^2.
    The factor without the 2, Ridge(sum(s) a), is far off."""
    X, y = _data(rng)
    n = len(y)
    sw = rng.uniform(0.2, 3.0, n) if weighted else None
    S = n if sw is None else sw.sum()
    a = 0.5
    kw = dict(TIGHTER) if solver in ("cd", "sparse_cg") else {}
    if solver == "sparse_cg":
        kw["tol"] = 1e-12   # relative residual of the normal equations
    ours = PenalizedRegressor(L2(a), solver=solver, **kw).fit(X, y, sample_weight=sw)
    expected_solver = {"auto": ("cholesky",), "cd": ("cd", "cd_gram")}.get(
        solver, (solver,))
    assert ours.solver_ in expected_solver
    if solver == "cd":
        rtol, atol_rel = 0.0, 1e-6
    else:
        rtol, atol_rel = 1e-10, 1e-12
    ridge = Ridge(alpha=2 * S * a).fit(X, y, sample_weight=sw)
    _assert_same_fit(ours, ridge, rtol=rtol, atol_rel=atol_rel)
    theirs = sk.Ridge(alpha=2 * S * a).fit(X, y, sample_weight=sw)
    _assert_same_fit(ours, theirs, rtol=rtol, atol_rel=atol_rel)
    wrong = sk.Ridge(alpha=S * a).fit(X, y, sample_weight=sw)
    assert not np.allclose(ours.coef_, wrong.coef_, rtol=1e-3)
    enet = ElasticNet(alpha=2 * a, l1_ratio=0.0, **TIGHTER).fit(X, y, sample_weight=sw)
    _assert_same_fit(ours, enet, rtol=0.0, atol_rel=1e-6)


@pytest.mark.parametrize("case", ["dense", "sparse", "weighted", "wide"])
def test_penalty_none_is_ridge_default(rng, case):
    """penalty=None is scikit-learn's Ridge() (alpha=1 on the sum of
    squares), weights and p > n included: a unique, non-trivial model on
    standardized data, where the former default L1(1.0) was all zeros."""
    X, y = _data(rng, p=120 if case == "wide" else 10)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = (y - y.mean()) / y.std()
    sw = rng.uniform(0.2, 3.0, size=len(y)) if case == "weighted" else None
    Xf = sp.csr_matrix(X) if case == "sparse" else X
    default = PenalizedRegressor().fit(Xf, y, sample_weight=sw)
    reference = sk.Ridge(alpha=1.0, solver="svd" if case != "sparse" else "auto",
                         tol=1e-12).fit(Xf, y, sample_weight=sw)
    _assert_same_fit(default, reference, rtol=1e-8, atol_rel=1e-10)
    assert default.score(Xf, y, sample_weight=sw) > 0.5
    assert PenalizedRegressor().get_params()["penalty"] is None


# ----------------------------------------------------------- optimality


@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("sparse", [False, True])
def test_weighted_l1l2_with_factors_is_optimal(rng, positive, sparse):
    """L1L2 with random per-feature l1_weights / l2_weights (one feature
    unpenalized, one with only an L2 term) and sample weights: the NumPy KKT
    conditions (_objective.kkt_violation) hold to 1e-6 of the gradient's
    scale and the duality gap (_objective.duality_gap) is below 1e-10 of
    var(y); the reported dual_gap_ is that gap."""
    X, y = _data(rng)
    p = X.shape[1]
    sw = rng.uniform(0.2, 3.0, len(y))
    l1w = rng.uniform(0.2, 3.0, p)
    l2w = rng.uniform(0.2, 3.0, p)
    l1w[0], l2w[0] = 0.0, 0.0          # unpenalized
    l1w[1] = 0.0                        # L2 only
    a = 0.05 * alpha_max(X, y, sw)
    penalty = L1L2(a, 0.3 * a, l1_weights=l1w, l2_weights=l2w, positive=positive)
    model = PenalizedRegressor(penalty, **TIGHTER).fit(
        sp.csc_matrix(X) if sparse else X, y, sample_weight=sw)
    assert 0 < np.count_nonzero(model.coef_) < p
    if positive:
        assert np.all(model.coef_ >= 0)
    assert_optimal(X, y, model.coef_, model.intercept_, penalty, sw,
                   kkt_atol=1e-6, gap_atol=1e-10)
    # the certificate can fail: a perturbed solution violates it
    bad = model.coef_.copy()
    bad[np.flatnonzero(bad)[0]] *= 1.01
    dist, _ = kkt_violation(X, y, bad, model.intercept_, penalty, sw)
    assert dist.max() > 1e-5
    gap = duality_gap(X, y, model.coef_, penalty, sw)
    assert model.dual_gap_ == pytest.approx(gap, rel=1e-3, abs=1e-12)


def test_weights_on_the_penalty_change_the_model(rng):
    """weights=c on L1: same as the Lasso on X / c with coefficients scaled
    back (coefficient j is penalized c_j |w_j| = |c_j w_j|)."""
    X, y = _data(rng)
    c = rng.uniform(0.5, 2.0, X.shape[1])
    a = 0.05 * alpha_max(X, y)
    weighted = PenalizedRegressor(L1(a, weights=c), **TIGHT).fit(X, y)
    rescaled = Lasso(alpha=a, **TIGHT).fit(X / c, y)
    np.testing.assert_allclose(weighted.coef_, rescaled.coef_ / c, rtol=1e-8,
                               atol=1e-10)
    plain = PenalizedRegressor(L1(a), **TIGHT).fit(X, y)
    assert not np.allclose(weighted.coef_, plain.coef_, rtol=1e-3)


# ------------------------------------------------------------ data kinds


def test_sparse_float32_multi_output(rng):
    """Sparse == dense (1e-9), float32 keeps its dtype (1e-4 of float64),
    multi-output == per-target fits (1e-10), for an L1L2 with weights."""
    X, Y = _data(rng, n_targets=2)
    X[rng.rand(*X.shape) < 0.4] = 0.0
    sw = rng.uniform(0.2, 3.0, len(Y))
    a = 0.05 * alpha_max(X, Y[:, 0], sw)
    penalty = L1L2(a, a, weights=rng.uniform(0.5, 2.0, X.shape[1]))
    dense = PenalizedRegressor(penalty, **TIGHT).fit(X, Y, sample_weight=sw)
    sparse = PenalizedRegressor(penalty, **TIGHT).fit(sp.csr_matrix(X), Y,
                                                     sample_weight=sw)
    _assert_same_fit(sparse, dense, rtol=1e-9, atol_rel=1e-11)
    assert dense.coef_.shape == (2, X.shape[1]) and dense.intercept_.shape == (2,)
    assert isinstance(dense.n_iter_, list) and dense.dual_gap_.shape == (2,)
    for k in range(2):
        single = PenalizedRegressor(penalty, **TIGHT).fit(X, Y[:, k], sample_weight=sw)
        np.testing.assert_allclose(dense.coef_[k], single.coef_, rtol=1e-10,
                                   atol=1e-12)
        assert dense.intercept_[k] == pytest.approx(single.intercept_, rel=1e-10)
    # tol below 1e-6: float32 data take the float64 Gram route (see Lasso);
    # rounded to float32 its gap is ~1e-8 var(y)
    f32 = PenalizedRegressor(penalty, tol=1e-7).fit(
        X.astype(np.float32), Y.astype(np.float32), sample_weight=sw)
    assert f32.coef_.dtype == np.float32 and f32.intercept_.dtype == np.float32
    assert f32.predict(X.astype(np.float32)).dtype == np.float32
    np.testing.assert_allclose(f32.coef_, dense.coef_, rtol=1e-4,
                               atol=1e-4 * np.abs(dense.coef_).max())
    ridge32 = PenalizedRegressor(L2(0.1)).fit(X.astype(np.float32), Y[:, 0])
    assert ridge32.coef_.dtype == np.float32


def test_auto_solver_choice(rng):
    X, y = _data(rng)
    assert PenalizedRegressor(L1(0.1)).fit(X, y).solver_ in ("cd", "cd_gram")
    assert PenalizedRegressor(L1(0.1) + L2(0.1)).fit(X, y).solver_ in ("cd", "cd_gram")
    assert PenalizedRegressor(L2(0.1)).fit(X, y).solver_ == "cholesky"
    assert PenalizedRegressor(L2(0.1)).fit(X, y).dual_gap_ == 0.0
    assert PenalizedRegressor(L2(0.1, positive=True)).fit(X, y).solver_ in (
        "cd", "cd_gram")
    wide = sp.random(30, 2500, density=0.01, random_state=0, format="csc")
    model = PenalizedRegressor(L2(0.1)).fit(wide, rng.randn(30))
    assert model.solver_ == "sparse_cg" and np.isnan(model.dual_gap_)


# --------------------------------------------------- search and cloning


def test_gridsearch_over_penalty_alpha_equals_lasso(rng):
    """{"penalty__alpha": grid} on PenalizedRegressor(L1(1.0)) is the
    search over Lasso(alpha): same best alpha, scores to 1e-10 relative."""
    X, y = _data(rng)
    alphas = list(alpha_max(X, y) * np.geomspace(1, 1e-3, 8))
    cv = KFold(4, shuffle=True, random_state=0)
    ours = GridSearchCV(PenalizedRegressor(L1(1.0)), {"penalty__alpha": alphas},
                        cv=cv, scoring="neg_mean_squared_error").fit(X, y)
    lasso = GridSearchCV(Lasso(), {"alpha": alphas}, cv=cv,
                         scoring="neg_mean_squared_error").fit(X, y)
    assert ours.best_params_["penalty__alpha"] == lasso.best_params_["alpha"]
    assert np.ptp(lasso.cv_results_["mean_test_score"]) > 0  # a real choice
    np.testing.assert_allclose(ours.cv_results_["mean_test_score"],
                               lasso.cv_results_["mean_test_score"], rtol=1e-10)
    assert ours.best_estimator_.penalty.alpha == ours.best_params_["penalty__alpha"]


def test_gridsearch_over_penalty_objects(rng):
    """A grid of whole penalty objects: every candidate scores what
    cross_val_score gives it (1e-12), and the winner is refit with it."""
    X, y = _data(rng)
    candidates = [L1(0.1), L1(0.1) + L2(0.05), L2(1.0)]
    cv = KFold(4, shuffle=True, random_state=0)
    search = GridSearchCV(PenalizedRegressor(), {"penalty": candidates}, cv=cv,
                          scoring="neg_mean_squared_error").fit(X, y)
    for i, pen in enumerate(candidates):
        expected = cross_val_score(PenalizedRegressor(pen), X, y, cv=cv,
                                   scoring="neg_mean_squared_error").mean()
        assert search.cv_results_["mean_test_score"][i] == pytest.approx(
            expected, rel=1e-12)
    best = candidates[search.best_index_]
    assert search.best_estimator_.penalty.get_params() == best.get_params()
    assert search.best_estimator_.penalty is not best  # cloned, not shared
    # the candidate objects themselves were never fitted or modified
    assert [c.get_params() for c in candidates] == [
        L1(0.1).get_params(), (L1(0.1) + L2(0.05)).get_params(), L2(1.0).get_params()]


def _params_equal(a, b):
    assert a.keys() == b.keys()
    for key in a:
        if isinstance(a[key], np.ndarray):
            np.testing.assert_array_equal(a[key], b[key])
        else:
            assert a[key] == b[key], key


def test_fit_never_mutates_the_penalty(rng):
    """get_params of the penalty before and after fit are identical, its
    weight arrays are untouched, and the object is not replaced."""
    X, y = _data(rng)
    l1w = rng.uniform(0.0, 2.0, X.shape[1])
    l2w = rng.uniform(0.0, 2.0, X.shape[1])
    penalty = L1L2(0.1, 0.2, l1_weights=l1w, l2_weights=l2w, positive=True)
    before = {k: (v.copy() if isinstance(v, np.ndarray) else v)
              for k, v in penalty.get_params().items()}
    model = PenalizedRegressor(penalty, warm_start=True)
    model.fit(X, y).fit(X[:40], y[:40])
    model.fit(sp.csc_matrix(X), y, sample_weight=rng.uniform(0.5, 2.0, len(y)))
    assert model.penalty is penalty
    assert penalty.l1_weights is l1w and penalty.l2_weights is l2w
    _params_equal(penalty.get_params(), before)
    # nor does a pure-L2 fit (direct solver)
    ridge_pen = L2(0.3, weights=l2w)
    ridge_before = ridge_pen.get_params(deep=True)
    PenalizedRegressor(ridge_pen).fit(X, y)
    _params_equal(ridge_pen.get_params(deep=True), ridge_before)


def test_clone_and_set_params(rng):
    """clone copies the penalty (not shared); nested set_params reaches it."""
    penalty = L1(0.3, weights=np.ones(10))
    model = PenalizedRegressor(penalty, tol=1e-6)
    copy = clone(model)
    assert copy.penalty is not penalty
    _params_equal(copy.penalty.get_params(), penalty.get_params())
    copy.set_params(penalty__alpha=0.7)
    assert penalty.alpha == 0.3 and copy.penalty.alpha == 0.7
    assert model.get_params()["penalty__alpha"] == 0.3
    X, y = _data(rng)
    fitted = copy.fit(X, y)
    unfitted = clone(fitted)
    assert not hasattr(unfitted, "coef_") and unfitted.penalty is not copy.penalty


# ------------------------------------------------------------ bad input


def test_bad_input(rng):
    X, y = _data(rng)
    for bad in ("l1", 1.0, Lasso(), [L1(0.1)]):
        with pytest.raises((TypeError, ValueError), match="penalty"):
            PenalizedRegressor(bad).fit(X, y)
    with pytest.raises(ValueError, match="strength"):
        PenalizedRegressor(L1(-1.0)).fit(X, y)
    with pytest.raises(ValueError, match="strength"):
        PenalizedRegressor(L2(np.nan)).fit(X, y)
    with pytest.raises(ValueError, match="weights"):
        PenalizedRegressor(L1(0.1, weights=np.ones(3))).fit(X, y)
    with pytest.raises(ValueError, match="cd"):
        PenalizedRegressor(L1(0.1), solver="cholesky").fit(X, y)
    with pytest.raises(ValueError, match="solver"):
        PenalizedRegressor(L2(0.1), solver="lbfgs").fit(X, y)
    with pytest.raises(TypeError, match="sparse"):
        PenalizedRegressor(L2(0.1), solver="svd").fit(sp.csc_matrix(X), y)
    X_nan = X.copy()
    X_nan[3, 2] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        PenalizedRegressor(L1(0.1)).fit(X_nan, y)
    sw = rng.uniform(0.2, 3.0, len(y))
    copies = X.copy(), y.copy(), sw.copy()
    for pen in (L1(0.1), L2(0.1), L1(0.1) + L2(0.1)):
        PenalizedRegressor(pen).fit(X, y, sample_weight=sw)
    np.testing.assert_array_equal(X, copies[0])
    np.testing.assert_array_equal(y, copies[1])
    np.testing.assert_array_equal(sw, copies[2])


def test_docstring_example_runs():
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner()
    for test in finder.find(PenalizedRegressor, "PenalizedRegressor",
                            module=penalized_module):
        runner.run(test)
    assert runner.failures == 0 and runner.tries > 0
