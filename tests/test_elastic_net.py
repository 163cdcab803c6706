# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""ElasticNet: the whole l1_ratio range, optimality, agreement with scikit-learn."""
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn.linear_model as sk
from sklearn.exceptions import ConvergenceWarning

from sklearn_penalized import ElasticNet, Lasso
from sklearn_penalized.penalties import L1L2
from sklearn_penalized.utils._testing import (
    PARITY_CASES,
    assert_optimal,
    assert_parity_with_sklearn,
    case_alpha_max,
    make_parity_case,
)


def _penalty(alpha, l1_ratio, positive=False):
    # scikit-learn's alpha * l1_ratio ||w||_1 + alpha (1 - l1_ratio) / 2 ||w||^2
    return L1L2(alpha * l1_ratio, alpha * (1 - l1_ratio) / 2, positive=positive)


@pytest.mark.parametrize("l1_ratio", [0.0, 0.3, 0.9])
@pytest.mark.parametrize("case_name", PARITY_CASES)
def test_enet_matches_sklearn(case_name, l1_ratio, rng):
    """Objective within 1e-8 relative of scikit-learn's (float32: 1e-5)."""
    case = make_parity_case(case_name, rng)
    alpha = 0.05 * case_alpha_max(case)
    tol = 1e-6 if case_name == "float32" else 1e-10
    ours = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=tol, max_iter=100_000,
                      **case["kwargs"])
    theirs = sk.ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=1e-12,
                           max_iter=100_000, **case["kwargs"])
    penalty = _penalty(alpha, l1_ratio, case["kwargs"]["positive"])
    assert_parity_with_sklearn(ours, theirs, case, penalty,
                               rtol=1e-5 if case_name == "float32" else 1e-8)


@pytest.mark.parametrize("l1_ratio", [0.0, 0.1, 0.5, 1.0])
@pytest.mark.parametrize("storage", ["dense", "csc", "gram"])
def test_enet_kkt_over_l1_ratio_range(rng, l1_ratio, storage):
    X = rng.randn(70, 30) * rng.uniform(0.5, 3, 30)
    y = X[:, :4] @ rng.randn(4) + rng.randn(70) - 1.0
    sw = rng.uniform(0.3, 2.0, 70)
    Xf = sp.csc_matrix(X) if storage == "csc" else X
    with warnings.catch_warnings():
        # l1_ratio=0 (pure ridge) must converge without any warning
        warnings.simplefilter("error")
        model = ElasticNet(alpha=0.1, l1_ratio=l1_ratio, tol=1e-10,
                           precompute=storage == "gram").fit(Xf, y, sample_weight=sw)
    assert_optimal(X, y, model.coef_, model.intercept_, _penalty(0.1, l1_ratio), sw,
                   kkt_atol=1e-5, gap_atol=1e-9)


def test_enet_l1_ratio_one_is_lasso(rng):
    X = rng.randn(60, 20)
    y = X[:, :3] @ rng.randn(3) + rng.randn(60)
    enet = ElasticNet(alpha=0.05, l1_ratio=1.0, tol=1e-12).fit(X, y)
    lasso = Lasso(alpha=0.05, tol=1e-12).fit(X, y)
    np.testing.assert_allclose(enet.coef_, lasso.coef_, atol=1e-10)


@pytest.mark.parametrize("weighted", [False, True])
def test_enet_l1_ratio_zero_is_ridge_closed_form(rng, weighted):
    """l1_ratio=0: (Xc^T S Xc / sum(s) + alpha I) w = Xc^T S yc / sum(s)."""
    n, p = 50, 12
    X = rng.randn(n, p)
    y = X @ rng.randn(p) + rng.randn(n) + 4
    sw = rng.uniform(0.2, 3, n) if weighted else np.ones(n)
    alpha = 0.3
    Xc = X - sw @ X / sw.sum()
    yc = y - sw @ y / sw.sum()
    A = Xc.T @ (sw[:, None] * Xc) / sw.sum() + alpha * np.eye(p)
    expected = np.linalg.solve(A, Xc.T @ (sw * yc) / sw.sum())
    model = ElasticNet(alpha=alpha, l1_ratio=0.0, tol=1e-14, max_iter=10_000)
    model.fit(X, y, sample_weight=sw if weighted else None)
    # The objective is alpha-strongly convex: ||w - w*||^2 <= 2 gap / alpha,
    # with the gap known up to rounding (~eps times the objective's scale).
    gap = max(model.dual_gap_, 0.0) + 10 * np.finfo(float).eps * np.var(y)
    bound = np.sqrt(2 * gap / alpha)
    assert bound < 1e-5 * np.linalg.norm(expected)
    assert np.linalg.norm(model.coef_ - expected) <= bound + 1e-12


def test_enet_multi_output_equals_per_target_fits(rng):
    X = rng.randn(50, 15)
    Y = np.c_[X[:, 0] + rng.randn(50), X[:, 1] - X[:, 2] + rng.randn(50)]
    joint = ElasticNet(alpha=0.05, l1_ratio=0.7, tol=1e-12).fit(X, Y)
    assert joint.coef_.shape == (2, 15)
    assert joint.intercept_.shape == (2,)
    assert joint.dual_gap_.shape == (2,)
    assert len(joint.n_iter_) == 2
    for k in range(2):
        single = ElasticNet(alpha=0.05, l1_ratio=0.7, tol=1e-12).fit(X, Y[:, k])
        np.testing.assert_allclose(joint.coef_[k], single.coef_, atol=1e-12)
        np.testing.assert_allclose(joint.intercept_[k], single.intercept_, atol=1e-12)
    np.testing.assert_allclose(joint.predict(X)[:, 1], single.predict(X), atol=1e-12)


def test_enet_cyclic_and_random_selection_agree(rng):
    X = rng.randn(60, 40)
    y = X[:, :5] @ rng.randn(5) + rng.randn(60)
    cyclic = ElasticNet(alpha=0.02, l1_ratio=0.6, tol=1e-12).fit(X, y)
    random = ElasticNet(alpha=0.02, l1_ratio=0.6, tol=1e-12, selection="random",
                        random_state=3).fit(X, y)
    # a gap of g bounds ||w - w*||^2 by 2 g / mu (mu: strong convexity,
    # >= alpha (1 - l1_ratio) = 0.008 here): g ~ 1e-11 gives ~5e-5
    np.testing.assert_allclose(random.coef_, cyclic.coef_, atol=5e-5)
    # the same seed gives the same iterates
    again = ElasticNet(alpha=0.02, l1_ratio=0.6, tol=1e-12, selection="random",
                       random_state=3).fit(X, y)
    assert again.n_iter_ == random.n_iter_
    np.testing.assert_array_equal(again.coef_, random.coef_)


def test_enet_zero_weight_equals_removed_rows(rng):
    X = rng.randn(40, 10)
    y = X @ rng.randn(10) + rng.randn(40)
    sw = rng.uniform(0.5, 2, 40)
    sw[::4] = 0
    keep = sw > 0
    for Xf in (X, sp.csr_matrix(X)):
        weighted = ElasticNet(alpha=0.03, tol=1e-12).fit(Xf, y, sample_weight=sw)
        removed = ElasticNet(alpha=0.03, tol=1e-12).fit(
            X[keep], y[keep], sample_weight=sw[keep]
        )
        np.testing.assert_allclose(weighted.coef_, removed.coef_, atol=1e-9)
        np.testing.assert_allclose(weighted.intercept_, removed.intercept_, atol=1e-9)


def test_enet_sample_weight_scale_invariance(rng):
    """The mean datafit does not change when all weights are multiplied by c."""
    X = rng.randn(40, 10)
    y = X @ rng.randn(10) + rng.randn(40)
    sw = rng.uniform(0.5, 2, 40)
    a = ElasticNet(alpha=0.03, tol=1e-12).fit(X, y, sample_weight=sw)
    b = ElasticNet(alpha=0.03, tol=1e-12).fit(X, y, sample_weight=7.5 * sw)
    np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-10)


def test_enet_no_spurious_convergence_warning_at_l1_ratio_zero(rng):
    X = rng.randn(200, 50)
    y = X @ rng.randn(50)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for alpha in (1e-3, 1.0, 100.0):
            model = ElasticNet(alpha=alpha, l1_ratio=0.0).fit(X, y)
            assert model.dual_gap_ <= 1e-4 * np.var(y)
    assert not [w for w in caught if issubclass(w.category, ConvergenceWarning)]


def test_grid_search_over_alpha_and_l1_ratio_selects_as_exact_solutions_do():
    """GridSearchCV over alpha and l1_ratio on standardized diabetes: the
    default-tol fits score as exact solutions (tol=1e-12) do, at least as
    closely as scikit-learn's default-tol fits, so the same parameters win.
    Before, the elastic-net fits stopped on the tight gap far from their
    optima and alpha=0.001 won where exact solutions pick 0.01."""
    from sklearn.datasets import load_diabetes
    from sklearn.model_selection import GridSearchCV
    from sklearn.preprocessing import StandardScaler

    data, y = load_diabetes(return_X_y=True)
    X = StandardScaler().fit_transform(data)
    grid = {"alpha": np.logspace(-3, 0, 7), "l1_ratio": [0.1, 0.5, 0.9]}

    def search(estimator):
        return GridSearchCV(estimator, grid, cv=5).fit(X, y)
    ours = search(ElasticNet())
    theirs = search(sk.ElasticNet())
    exact = search(sk.ElasticNet(tol=1e-12, max_iter=100_000))
    assert ours.best_params_ == exact.best_params_
    scores = {name: s.cv_results_["mean_test_score"]
              for name, s in (("ours", ours), ("theirs", theirs), ("exact", exact))}
    ours_dev = np.max(np.abs(scores["ours"] - scores["exact"]))
    sklearn_dev = np.max(np.abs(scores["theirs"] - scores["exact"]))
    assert ours_dev <= max(sklearn_dev, 1e-12)


@pytest.mark.parametrize("sparse", [False, True])
def test_precomputed_gram_is_checked_beyond_its_diagonal(rng, sparse):
    # A Gram matrix with X's diagonal but other off-diagonal entries is not
    # X^T X: it would be used silently (scikit-learn raises too).
    X = rng.randn(60, 6)
    y = X @ rng.randn(6) + rng.randn(60)
    gram = X.T @ X
    wrong = gram.copy()
    wrong[0, 1] = wrong[1, 0] = gram[0, 1] + 0.5 * np.sqrt(gram[0, 0] * gram[1, 1])
    X_fit = sp.csc_matrix(X) if sparse else X
    with pytest.raises(ValueError, match="Gram matrix did not pass validation"):
        ElasticNet(alpha=0.1, precompute=wrong, fit_intercept=False).fit(X_fit, y)
    # the right matrix passes, and gives the model of X (KKT at 1e-10)
    model = ElasticNet(alpha=0.1, precompute=gram, fit_intercept=False,
                       tol=1e-14).fit(X_fit, y)
    assert model.solver_ == "cd_gram"
    reference = ElasticNet(alpha=0.1, fit_intercept=False, tol=1e-14).fit(X, y)
    np.testing.assert_allclose(model.coef_, reference.coef_, atol=1e-10)


def test_precomputed_gram_of_data_centred_by_the_user_is_used(rng):
    # X already centred (column means at rounding level): its X^T X is the
    # Gram matrix of the centred design, so it is used, without a warning
    # that it is recomputed; a Gram matrix of other data is then refused.
    X = rng.randn(80, 5) * 3.0 + 10.0
    X -= X.mean(axis=0)
    assert np.any(X.mean(axis=0) != 0)  # rounding: not exactly zero
    y = X @ rng.randn(5) + rng.randn(80)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        model = ElasticNet(alpha=0.05, precompute=X.T @ X, tol=1e-14).fit(X, y)
    assert model.solver_ == "cd_gram"
    reference = sk.ElasticNet(alpha=0.05, tol=1e-14, max_iter=100_000).fit(X, y)
    np.testing.assert_allclose(model.coef_, reference.coef_, rtol=1e-9, atol=1e-11)
    garbage = rng.randn(80, 5)
    with pytest.raises(ValueError, match="Gram matrix did not pass validation"):
        ElasticNet(alpha=0.05, precompute=garbage.T @ garbage).fit(X, y)
    # data that are not centred: the user's matrix is not the centred one
    with pytest.warns(UserWarning, match="recomputing"):
        ElasticNet(alpha=0.05, precompute=(X + 1.0).T @ (X + 1.0)).fit(X + 1.0, y)


@pytest.mark.parametrize("Estimator", [Lasso, ElasticNet])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_check_input_false_fits_the_same_model(rng, Estimator, dtype):
    # scikit-learn's fast path: the same model as with the checks, for data
    # already in the validated layout (Fortran array, CSC matrix).
    X = np.asfortranarray(rng.randn(40, 6).astype(dtype))
    y = (X @ rng.randn(6) + rng.randn(40)).astype(dtype)
    tol = 1e-10 if dtype == np.float64 else 1e-5  # float32's reach
    for X_fit in (X, sp.csc_matrix(X)):
        checked = Estimator(alpha=0.05, tol=tol).fit(X_fit, y)
        fast = Estimator(alpha=0.05, tol=tol).fit(X_fit, y, check_input=False)
        np.testing.assert_array_equal(fast.coef_, checked.coef_)
        assert fast.intercept_ == checked.intercept_
        assert fast.n_features_in_ == 6
    # y of another dtype is cast to X's
    fast = Estimator(alpha=0.05).fit(X, y.astype(np.float64), check_input=False)
    assert fast.coef_.dtype == dtype


@pytest.mark.parametrize("make_X", [
    np.ascontiguousarray,                       # C order
    lambda X: np.asfortranarray(X, dtype=int),  # not float
    sp.csr_matrix, sp.coo_matrix,               # sparse, not CSC
    lambda X: X.tolist(),                       # not an array
])
def test_check_input_false_refuses_data_it_would_have_to_convert(rng, make_X):
    X = np.asfortranarray(rng.randn(30, 4))
    y = rng.randn(30)
    with pytest.raises(ValueError, match="check_input=False"):
        ElasticNet().fit(make_X(X), y, check_input=False)
    with pytest.raises(ValueError, match="does not match X"):
        ElasticNet().fit(X, y[:-1], check_input=False)


@pytest.mark.parametrize("precompute", [False, True])
@pytest.mark.parametrize("Estimator", [Lasso, ElasticNet])
def test_check_input_false_names_nan_and_infinity(rng, Estimator, precompute):
    # check_input=False skips the boundary's finiteness check; the squared
    # norms the solvers compute anyway still stop the fit, and the message
    # names NaN and infinity beside the overflow of large values (the norms
    # cannot tell them apart: inf - inf and overflowing squares are NaN alike)
    X = np.asfortranarray(rng.randn(40, 5))
    y = rng.randn(40)
    X_nan = X.copy(order="F")
    X_nan[3, 2] = np.nan
    with pytest.raises(ValueError, match="NaN or infinity"):
        Estimator(precompute=precompute).fit(X_nan, y, check_input=False)
    X_inf = X.copy(order="F")
    X_inf[3, 2] = np.inf
    with pytest.raises(ValueError, match="NaN or infinity"):
        Estimator(precompute=precompute).fit(X_inf, y, check_input=False)


@pytest.mark.parametrize("Estimator", [Lasso, ElasticNet])
def test_alpha_zero_warns_to_use_least_squares(rng, Estimator):
    X = rng.randn(30, 3)
    y = X @ rng.randn(3)
    with pytest.warns(UserWarning, match="alpha=0.*LinearRegression"):
        Estimator(alpha=0).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        Estimator(alpha=1e-3).fit(X, y)
