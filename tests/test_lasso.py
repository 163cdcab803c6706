# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Lasso: closed forms, optimality certificates, agreement with scikit-learn."""
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn.linear_model as sk
from sklearn.exceptions import ConvergenceWarning

from sklearn_penalized import Lasso
from sklearn_penalized._elastic_net import (
    GRAM_AUTO_ADAPTIVE_MAX_SHARE_ON_X,
    _violating_share,
)
from sklearn_penalized._objective import alpha_max, duality_gap, primal_objective
from sklearn_penalized._preprocessing import make_problem
from sklearn_penalized.penalties import L1, L1L2
from sklearn_penalized.utils._testing import (
    PARITY_CASES,
    assert_optimal,
    assert_parity_with_sklearn,
    case_alpha_max,
    make_parity_case,
)


@pytest.mark.parametrize("precompute", [False, True])
@pytest.mark.parametrize("case_name", PARITY_CASES)
def test_lasso_matches_sklearn(case_name, precompute, rng):
    """Objective within 1e-8 relative of scikit-learn's (float32: 1e-5)."""
    case = make_parity_case(case_name, rng)
    alpha = 0.02 * case_alpha_max(case)
    # float32 cannot certify a gap below ~1e-7 of ||y||^2: ask for 1e-6
    tol = 1e-6 if case_name == "float32" else 1e-10
    ours = Lasso(alpha=alpha, tol=tol, max_iter=100_000, precompute=precompute,
                 **case["kwargs"])
    theirs = sk.Lasso(alpha=alpha, tol=1e-12, max_iter=100_000, **case["kwargs"])
    penalty = L1(alpha, positive=case["kwargs"]["positive"])
    assert_parity_with_sklearn(ours, theirs, case, penalty,
                               rtol=1e-5 if case_name == "float32" else 1e-8)


def test_lasso_orthogonal_design_is_soft_thresholding(rng):
    """With X^T X = n I (no intercept) the lasso is ST(X^T y / n, alpha)."""
    n, p = 64, 8
    Q, _ = np.linalg.qr(rng.randn(n, p))
    X = Q * np.sqrt(n)
    y = X @ rng.randn(p) + rng.randn(n)
    alpha = 0.3
    z = X.T @ y / n
    expected = np.sign(z) * np.maximum(np.abs(z) - alpha, 0)
    model = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12).fit(X, y)
    np.testing.assert_allclose(model.coef_, expected, atol=1e-10)
    positive = Lasso(alpha=alpha, fit_intercept=False, positive=True, tol=1e-12)
    np.testing.assert_allclose(
        positive.fit(X, y).coef_, np.maximum(z - alpha, 0), atol=1e-10
    )


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_lasso_alpha_max_gives_zeros(rng, sparse, weighted):
    X = rng.randn(60, 15)
    y = X[:, :3] @ [2.0, -1.0, 1.0] + rng.randn(60) + 3
    sw = rng.uniform(0.5, 2, 60) if weighted else None
    a_max = alpha_max(X, y, sw)
    Xf = sp.csc_matrix(X) if sparse else X
    at_max = Lasso(alpha=a_max * (1 + 1e-9)).fit(Xf, y, sample_weight=sw)
    assert np.all(at_max.coef_ == 0)
    assert at_max.n_iter_ == 1
    np.testing.assert_allclose(at_max.intercept_, np.average(y, weights=sw))
    below = Lasso(alpha=a_max * 0.95).fit(Xf, y, sample_weight=sw)
    assert np.count_nonzero(below.coef_) >= 1


@pytest.mark.parametrize("route", ["dense", "csc", "gram", "random"])
def test_lasso_kkt_and_reported_gap(rng, route):
    """KKT conditions and the duality gap, recomputed in NumPy."""
    X = rng.randn(80, 40)
    y = X[:, :5] @ rng.randn(5) + rng.randn(80)
    sw = rng.uniform(0.2, 2.0, 80)
    alpha = 0.05
    kw = {"precompute": route == "gram", "tol": 1e-10}
    if route == "random":
        kw.update(selection="random", random_state=0)
    Xf = sp.csc_matrix(X) if route == "csc" else X
    model = Lasso(alpha=alpha, **kw).fit(Xf, y, sample_weight=sw)
    pen = L1(alpha)
    assert_optimal(X, y, model.coef_, model.intercept_, pen, sw,
                   kkt_atol=1e-5, gap_atol=1e-9)
    yc = y - np.average(y, weights=sw)
    tol_user = 1e-10 * (sw @ yc**2) / sw.sum()
    assert model.dual_gap_ <= tol_user
    gap_numpy = duality_gap(X, y, model.coef_, pen, sw)
    np.testing.assert_allclose(model.dual_gap_, gap_numpy, rtol=1e-3, atol=1e-14)


def test_lasso_dense_csc_csr_agree(rng):
    X = sp.random(100, 50, density=0.15, random_state=rng, format="csc")
    y = X @ rng.randn(50) + rng.randn(100)
    fits = [Lasso(alpha=0.01, tol=1e-12).fit(Xf, y)
            for Xf in (X.toarray(), X, X.tocsr(), X.tocoo())]
    for other in fits[1:]:
        np.testing.assert_allclose(other.coef_, fits[0].coef_, atol=1e-9)
        np.testing.assert_allclose(other.intercept_, fits[0].intercept_, atol=1e-9)


def test_lasso_float32_preserved(rng):
    X = rng.randn(50, 10).astype(np.float32)
    y = (X @ rng.randn(10)).astype(np.float32)
    for Xf in (X, sp.csc_matrix(X)):
        model = Lasso(alpha=0.01).fit(Xf, y)
        assert model.coef_.dtype == np.float32
        assert model.predict(Xf).dtype == np.float32
        ref = Lasso(alpha=0.01, tol=1e-8).fit(X.astype(np.float64), y)
        np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-3, atol=1e-3)


def test_lasso_warm_start_matches_cold_start(rng):
    X = rng.randn(60, 30)
    y = X[:, :4] @ rng.randn(4) + rng.randn(60)
    cold = Lasso(alpha=0.01, tol=1e-10).fit(X, y)
    warm = Lasso(alpha=0.1, warm_start=True, tol=1e-10).fit(X, y)
    warm.set_params(alpha=0.01).fit(X, y)
    np.testing.assert_allclose(warm.coef_, cold.coef_, atol=1e-7)
    # started at the optimum: certified before any epoch (scikit-learn: 0)
    again = warm.fit(X, y)
    assert again.n_iter_ == 0


def test_lasso_convergence_warning_states_gap_and_tolerance(rng):
    X = rng.randn(50, 80)
    y = X @ rng.randn(80)
    with pytest.warns(ConvergenceWarning, match=r"duality gap .* > tolerance"):
        model = Lasso(alpha=1e-4, max_iter=2, tol=1e-8).fit(X, y)
    assert model.n_iter_ == 2
    assert model.dual_gap_ > 1e-8 * np.var(y)


def test_lasso_converged_fit_does_not_warn(rng):
    X = rng.randn(50, 20)
    y = X @ rng.randn(20)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = Lasso(alpha=0.01).fit(X, y)
    assert model.dual_gap_ <= 1e-4 * np.var(y)
    assert not [w for w in caught if issubclass(w.category, ConvergenceWarning)]


def test_lasso_sparse_coef(rng):
    X = rng.randn(40, 12)
    y = X[:, 0] * 3 + rng.randn(40)
    model = Lasso(alpha=0.2).fit(X, y)
    assert sp.issparse(model.sparse_coef_)
    np.testing.assert_array_equal(model.sparse_coef_.toarray().ravel(), model.coef_)


def test_lasso_sample_weight_equals_repeated_rows(rng):
    X = rng.randn(30, 8)
    y = X @ rng.randn(8) + rng.randn(30)
    counts = rng.randint(0, 4, size=30)
    weighted = Lasso(alpha=0.05, tol=1e-12).fit(X, y, sample_weight=counts)
    repeated = Lasso(alpha=0.05, tol=1e-12).fit(
        np.repeat(X, counts, axis=0), np.repeat(y, counts)
    )
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, atol=1e-9)
    np.testing.assert_allclose(weighted.intercept_, repeated.intercept_, atol=1e-9)


def test_lasso_precomputed_gram_array(rng):
    X = rng.randn(100, 10)
    y = X @ rng.randn(10) + rng.randn(100)
    ref = Lasso(alpha=0.05, fit_intercept=False, tol=1e-12).fit(X, y)
    gram = X.T @ X
    model = Lasso(alpha=0.05, fit_intercept=False, precompute=gram, tol=1e-12)
    model.fit(X, y)
    assert model.solver_ == "cd_gram"
    np.testing.assert_allclose(model.coef_, ref.coef_, atol=1e-10)
    with pytest.raises(ValueError, match="Gram matrix has shape"):
        Lasso(precompute=gram[:5, :5], fit_intercept=False).fit(X, y)
    with pytest.raises(ValueError, match="Gram matrix did not pass validation"):
        Lasso(precompute=2 * gram, fit_intercept=False).fit(X, y)
    with pytest.warns(UserWarning, match="recomputing"):
        centred = Lasso(alpha=0.05, precompute=gram, tol=1e-12).fit(X, y)
    np.testing.assert_allclose(
        centred.coef_, Lasso(alpha=0.05, tol=1e-12).fit(X, y).coef_, atol=1e-9
    )


def test_lasso_precompute_auto_route(rng):
    X = rng.randn(2000, 10)
    y = rng.randn(2000)
    assert Lasso(precompute="auto").fit(X, y).solver_ == "cd_gram"
    assert Lasso().fit(X, y).solver_ == "cd_gram"  # "auto" is the default
    # tiny data (n * p < 20000): forming Q is mostly fixed cost, so an easy
    # problem (few epochs) stays on X ...
    assert Lasso().fit(X[:1999], y[:1999]).solver_ == "cd"
    # n < 2p: never the Gram route
    X_wide = rng.randn(300, 151)
    assert Lasso().fit(X_wide, rng.randn(300)).solver_ == "cd"
    assert Lasso(precompute=False).fit(X, y).solver_ == "cd"  # scikit-learn's meaning
    assert Lasso(precompute=True).fit(X[:8], y[:8]).solver_ == "cd_gram"



def _count_calls(monkeypatch, module, name):
    calls = []
    original = getattr(module, name)

    def spy(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


@pytest.mark.parametrize("order", ["C", "F"])
def test_tall_dense_sparse_model_is_solved_on_working_set_gram_blocks(rng, monkeypatch, order):
    # Tall dense data (>= 8 rows per feature, n p >= 400,000) with a sparse
    # model, at an alpha where between a quarter and 90% of the features
    # violate their optimality condition at zero (the lazy route's): "auto"
    # (and precompute=False) solve the working sets on their Gram blocks;
    # neither Q nor a kernel pass over every column of X is run, and the
    # model is precompute=True's.  (Before the lazy route,
    # "auto" formed Q here.)
    from sklearn_penalized import _preprocessing
    from sklearn_penalized._kernels import _cd_fast

    # correlated AR(1) columns: many features violate at zero, few enter
    X = np.empty((6000, 200), order=order)
    X[:, 0] = rng.randn(6000)
    for j in range(1, 200):
        X[:, j] = 0.6 * X[:, j - 1] + 0.8 * rng.randn(6000)
    y = X[:, :5] @ rng.randn(5) + rng.randn(6000)
    alpha = alpha_max(X, y) / 100
    problem = make_problem(X, y[:, None], None, fit_intercept=True)
    assert 0.25 < _violating_share(problem, L1L2(alpha, 0.0)) < 0.9
    on_gram = Lasso(alpha=alpha, tol=1e-10, precompute=True).fit(X, y)
    grams = _count_calls(monkeypatch, _preprocessing.Problem, "_gram")
    on_x = _count_calls(monkeypatch, _cd_fast, "cd_dense")
    for precompute in ("auto", False):
        fit = Lasso(alpha=alpha, tol=1e-10, precompute=precompute).fit(X, y)
        assert fit.solver_ == "cd" and fit.dual_gap_ <= 1e-10 * np.var(y)
        np.testing.assert_allclose(fit.coef_, on_gram.coef_, rtol=1e-8, atol=1e-10)
    assert not grams and not on_x


def test_tall_dense_wide_support_hands_over_after_one_working_set(rng, monkeypatch):
    # The same shape with a dense model far below alpha_max: after the first
    # working set, its nonzeros and the features still violating exceed
    # LAZY_GRAM_MAX_SUPPORT_SHARE, and the fit moves on from there: "auto"
    # to Q, precompute=False to one kernel call over every feature.  Either
    # way the model is the one of the other route, certified.
    # (Here nearly every feature violates at zero, so "auto" forms Q at once
    # unless GRAM_AUTO_TALL_MIN_SHARE_ON_Q is lifted, as below.)
    from sklearn_penalized import _elastic_net
    from sklearn_penalized._kernels import _cd_fast
    from sklearn_penalized.solvers import _working_set

    X = rng.randn(6000, 200)
    y = X @ rng.randn(200) + rng.randn(6000)
    alpha = 1e-3 * alpha_max(X, y)
    reference = Lasso(alpha=alpha, tol=1e-12, precompute=True).fit(X, y)
    for precompute, solver, lift, n_ws in (("auto", "cd_gram", False, 0),
                                           ("auto", "cd_gram", True, 1),
                                           (False, "cd", False, 1)):
        if lift:
            monkeypatch.setattr(_elastic_net, "GRAM_AUTO_TALL_MIN_SHARE_ON_Q", 1.01)
        ws_solves = _count_calls(monkeypatch, _working_set._DenseOps, "_run_on_ws_gram")
        passes = _count_calls(monkeypatch, _cd_fast, "cd_dense")
        fit = Lasso(alpha=alpha, tol=1e-10, precompute=precompute).fit(X, y)
        assert fit.solver_ == solver and fit.dual_gap_ <= 1e-10 * np.var(y)
        assert len(ws_solves) == n_ws
        assert len(passes) == (0 if precompute == "auto" else 1)
        assert passes == [] or passes[0][1].shape == X.shape  # every feature
        np.testing.assert_allclose(fit.coef_, reference.coef_, rtol=1e-7, atol=1e-9)
        monkeypatch.undo()


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("order", ["C", "F"])
def test_tall_dense_near_alpha_max_stays_on_x(rng, weighted, order):
    # The same tall data at an alpha where at most a quarter of the features
    # violate their optimality condition at zero (|x_j^T S y_c| > n alpha):
    # the fit runs on X (no Gram matrix is formed), with the epochs of
    # precompute=False and the model of precompute=True.  The share is the
    # by-hand count, weights and centring included.
    X = np.asarray(rng.randn(4000, 200) + 3.0, order=order)
    y = X[:, :5] @ rng.randn(5) + rng.randn(4000)
    sw = rng.uniform(0.5, 2.0, 4000) if weighted else None
    s = np.ones(4000) if sw is None else sw
    Xc = X - (s @ X) / s.sum()
    yc = y - (s @ y) / s.sum()
    gradient = np.abs(Xc.T @ (s * yc)) / s.sum()
    alpha = 0.5 * gradient.max()
    share = np.mean(gradient > alpha)
    problem = make_problem(X, y[:, None], sw, fit_intercept=True)
    assert _violating_share(problem, L1L2(alpha, 0.0)) == pytest.approx(share)
    assert share <= 0.25
    auto = Lasso(alpha=alpha, tol=1e-10).fit(X, y, sample_weight=sw)
    on_X = Lasso(alpha=alpha, tol=1e-10, precompute=False).fit(X, y, sample_weight=sw)
    on_gram = Lasso(alpha=alpha, tol=1e-10, precompute=True).fit(X, y, sample_weight=sw)
    assert auto.solver_ == "cd" and auto.n_iter_ == on_X.n_iter_
    np.testing.assert_allclose(auto.coef_, on_gram.coef_, rtol=1e-8, atol=1e-10)


def test_near_alpha_max_skips_the_adaptive_start_outside_the_tall_rule(rng, monkeypatch):
    # Shorter dense data (n < 8 p: the adaptive rule) at an alpha where at
    # most half of the features violate at zero: the fit runs on X, with
    # precompute=False's epochs, and never asks for the Gram matrix (the
    # adaptive start's rate probes could switch to it on a slow start); far
    # below alpha_max the adaptive rule stands (its budget is passed on).
    from sklearn_penalized.solvers import _cd

    X = rng.randn(1200, 300) + 2.0
    y = X[:, :10] @ rng.randn(10) + rng.randn(1200)
    problem = make_problem(X, y[:, None], None, fit_intercept=True)
    high = 0.3 * alpha_max(X, y)
    assert _violating_share(problem, L1L2(high, 0.0)) <= GRAM_AUTO_ADAPTIVE_MAX_SHARE_ON_X
    budgets = []
    original = _cd._gram_switch_budget

    def spy(problem):
        budgets.append(problem)
        return original(problem)

    monkeypatch.setattr(_cd, "_gram_switch_budget", spy)
    auto = Lasso(alpha=high, tol=1e-10).fit(X, y)
    on_X = Lasso(alpha=high, tol=1e-10, precompute=False).fit(X, y)
    assert auto.solver_ == "cd" and auto.n_iter_ == on_X.n_iter_ and not budgets
    np.testing.assert_array_equal(auto.coef_, on_X.coef_)
    low = 1e-3 * alpha_max(X, y)
    assert _violating_share(problem, L1L2(low, 0.0)) > GRAM_AUTO_ADAPTIVE_MAX_SHARE_ON_X
    Lasso(alpha=low).fit(X, y)
    assert budgets  # the adaptive rule ran


def test_gram_route_reads_c_ordered_x_without_a_fortran_copy(rng, monkeypatch):
    # C order is NumPy's default. The Gram route reduces X to X^T X, which
    # syrk computes from C-ordered X as it is: neither validation nor the
    # problem may copy X to Fortran order on the way (that copy once cost
    # half the fit). The model is the Fortran-ordered fit's, the input is
    # untouched.
    from sklearn_penalized import Ridge
    from sklearn_penalized._preprocessing import Problem

    X = rng.randn(3000, 40) + 5.0
    y = X[:, :4] @ rng.randn(4) + rng.randn(3000)
    X_before = X.copy()
    alpha = 0.01 * alpha_max(X, y)
    on_F = Lasso(alpha=alpha, precompute=True, tol=1e-10).fit(np.asfortranarray(X), y)
    ridge_F = Ridge(alpha=1.0).fit(np.asfortranarray(X), y)

    def no_fortran_copy(problem):
        raise AssertionError("the Gram route asked for a Fortran copy of X")

    monkeypatch.setattr(Problem, "X", property(no_fortran_copy))
    to_fortran = np.asfortranarray
    monkeypatch.setattr(np, "asfortranarray", lambda a, *args, **kwargs: (
        no_fortran_copy(None) if a is X else to_fortran(a, *args, **kwargs)))
    on_C = Lasso(alpha=alpha, precompute=True, tol=1e-10).fit(X, y)
    ridge_C = Ridge(alpha=1.0).fit(X, y)
    assert on_C.solver_ == "cd_gram"
    np.testing.assert_allclose(on_C.coef_, on_F.coef_, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ridge_C.coef_, ridge_F.coef_, rtol=1e-10)
    np.testing.assert_array_equal(X, X_before)


@pytest.mark.parametrize("weighted", [False, True])
def test_tiny_hard_problem_switches_to_gram_and_is_optimal(rng, weighted):
    # ... while a tiny problem that needs many epochs (correlated features,
    # small alpha) moves to the Gram form mid-solve.  With weights the design
    # is materialised in place of the validation's own copy of X: the Gram
    # form must still describe the original data (a bug once).
    n, p = 150, 25
    latent = rng.randn(n, 3)
    X = latent @ rng.randn(3, p) + 0.05 * rng.randn(n, p)
    y = latent @ rng.randn(3) + 0.1 * rng.randn(n)
    sw = rng.uniform(0.5, 2.0, n) if weighted else None
    alpha = 1e-3 * alpha_max(X, y, sw)
    model = Lasso(alpha=alpha, tol=1e-10, max_iter=100_000).fit(
        X, y, sample_weight=sw)
    assert model.solver_ == "cd_gram"
    assert_optimal(X, y, model.coef_, model.intercept_, L1L2(alpha, 0.0), sw,
                   kkt_atol=1e-5, gap_atol=1e-9)


def test_float32_gram_route_is_accumulated_in_float64(rng):
    # A float32 Gram matrix summed over 1e5 rows with nonzero column means
    # carries float32 rounding of the whole sum: coordinate descent on it
    # stalled at a relative duality gap of ~4e-4.  Accumulated in float64
    # (Problem.gram64) the float32 coefficients certify ~1e-5; the bound
    # 1e-4 separates the two.
    n, p = 100_000, 30
    X = (rng.randn(n, p) + 3.0).astype(np.float32)
    y = (X[:, :5] @ rng.randn(5) + rng.randn(n)).astype(np.float32)
    alpha = 1e-3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = Lasso(alpha=alpha, tol=1e-10, precompute=True, max_iter=10_000).fit(X, y)
    assert model.solver_ == "cd_gram" and model.coef_.dtype == np.float32
    X64, y64 = X.astype(np.float64), y.astype(np.float64)
    coef = model.coef_.astype(np.float64)
    gap = duality_gap(X64, y64, coef, L1(alpha))
    primal = primal_objective(X64, y64, coef, float(model.intercept_), L1(alpha))
    assert gap / primal < 1e-4


def test_float32_tight_tol_takes_the_float64_gram_route(rng):
    # float32 residuals on X cannot certify gaps below ~1e-6 ||y||^2; a tighter
    # tol on tall float32 data goes to the Gram form (accumulated in float64),
    # a looser one stays on the adaptive route (easy problem: finishes on X).
    X = rng.randn(4000, 100).astype(np.float32)
    y = (X[:, :5] @ rng.randn(5) + rng.randn(4000)).astype(np.float32)
    assert Lasso(alpha=0.1, tol=1e-4).fit(X, y).solver_ == "cd"
    tight = Lasso(alpha=0.1, tol=1e-7).fit(X, y)
    assert tight.solver_ == "cd_gram"
    assert_optimal(X.astype(np.float64), y.astype(np.float64),
                   tight.coef_.astype(np.float64), float(tight.intercept_),
                   L1L2(0.1, 0.0), kkt_atol=1e-4, gap_atol=1e-6)


def test_float32_gram_solution_rounds_to_a_dual_feasible_point(rng):
    # The float64 Gram solve is rounded to float32 coefficients; nearest
    # rounding left max_j |x_cj^T r| / (n alpha) 5e-7 to 5e-6 above 1 on this kind
    # of data (the dual point must then be scaled down: a larger certified gap).
    # Rounding away from zero, coordinate by coordinate, keeps it <= 1 up to
    # float64 rounding.
    n, p = 50_000, 100
    X = np.empty((n, p))
    X[:, 0] = rng.randn(n)
    for j in range(1, p):  # AR(1) columns: correlated features
        X[:, j] = 0.6 * X[:, j - 1] + 0.8 * rng.randn(n)
    X = X.astype(np.float32)
    y = (X[:, :5] @ rng.randn(5) + rng.randn(n)).astype(np.float32)
    X64, y64 = X.astype(np.float64), y.astype(np.float64)
    alpha = alpha_max(X64, y64) / 100
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = Lasso(alpha=alpha, tol=1e-8, precompute=True).fit(X, y)
    assert model.solver_ == "cd_gram" and model.coef_.dtype == np.float32
    coef = model.coef_.astype(np.float64)
    Xc, yc = X64 - X64.mean(axis=0), y64 - y64.mean()
    correlation = np.abs(Xc.T @ (yc - Xc @ coef)).max() / (n * alpha)
    assert correlation <= 1 + 1e-9


@pytest.mark.parametrize("precompute", ["auto", False])
def test_working_set_gram_route_keeps_the_invariances(rng, precompute):
    # The tall-data route (working sets on their Gram blocks, n >= 640) has
    # its own products: the invariances users rely on, on a problem that
    # takes it (a sparse model in the lazy band), against the same fit at
    # tol 1e-10: C vs F order, permuted rows and features, a constant added
    # to a column (only the intercept moves), integer weights vs repeated
    # rows, float32 (to float32 precision), CSC (another route, the same
    # optimum).
    n, p = 7000, 150  # n p >= 1e6: "auto" takes the lazy route too
    X = np.empty((n, p), order="F")
    X[:, 0] = rng.randn(n)
    for j in range(1, p):
        X[:, j] = 0.6 * X[:, j - 1] + 0.8 * rng.randn(n)
    y = X[:, [3, 40, 90]] @ np.array([2.0, -1.5, 1.0]) + rng.randn(n)
    alpha = alpha_max(X, y) / 50
    X_before = X.copy()

    def fit(X, y, **kw):
        return Lasso(alpha=alpha, tol=1e-10, precompute=precompute).fit(X, y, **kw)

    base = fit(X, y)
    assert base.solver_ == "cd" and 0 < np.count_nonzero(base.coef_) < p // 4

    def same(model, coef=base.coef_, intercept=base.intercept_, rtol=1e-7):
        np.testing.assert_allclose(model.coef_, coef, rtol=rtol, atol=rtol * 1e-2)
        np.testing.assert_allclose(model.intercept_, intercept, rtol=rtol, atol=rtol)

    same(fit(np.ascontiguousarray(X), y))
    rows = rng.permutation(n)
    same(fit(X[rows], y[rows]))
    cols = rng.permutation(p)
    same(fit(X[:, cols], y), coef=base.coef_[cols])
    shifted = X.copy()
    shifted[:, 40] += 2024.0
    same(fit(shifted, y), intercept=base.intercept_ - 2024.0 * base.coef_[40])
    counts = rng.randint(1, 4, n)
    repeated = fit(np.repeat(X, counts, axis=0), np.repeat(y, counts))
    weighted = fit(X, y, sample_weight=counts.astype(float))
    same(weighted, coef=repeated.coef_, intercept=repeated.intercept_)
    single = Lasso(alpha=alpha, tol=1e-6, precompute=precompute).fit(
        X.astype(np.float32), y.astype(np.float32))
    assert single.coef_.dtype == np.float32
    same(single, rtol=2e-3)
    same(fit(sp.csc_matrix(X), y), rtol=1e-6)
    np.testing.assert_array_equal(X, X_before)  # the input is untouched
