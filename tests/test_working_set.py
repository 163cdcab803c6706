# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The working-set outer loop: every route reaches the certified optimum.

Problems here have more than ``WORKING_SET_MIN_FEATURES`` features so the
working-set, screening and Anderson machinery runs; each route (dense,
sparse with implicit centring, Gram) is forced explicitly and checked
against the KKT conditions and duality gap recomputed in NumPy, against
scikit-learn's objective, and against the plain (no working set) route.
"""
import numpy as np
import pytest
import scipy.sparse as sp
import sklearn.linear_model as sk

import sklearn_penalized.solvers._working_set as ws_module
from sklearn_penalized import ElasticNet, Lasso
from sklearn_penalized._objective import alpha_max, duality_gap, primal_objective
from sklearn_penalized.penalties import L1L2
from sklearn_penalized.utils._testing import assert_optimal

ROUTES = ["dense", "sparse", "gram"]


@pytest.fixture
def python_loop(monkeypatch):
    """Dense problems of fewer than DENSE_PATH_MAX_SAMPLES rows run the rule
    of ``solve_target`` in C (``cd_dense_path``), Gram forms of at most
    ONE_CALL_TALL_MAX_FEATURES features too (``cd_gram_path``); the tests that watch its
    steps (kernel calls, working sets, gradients) watch the Python loop,
    whose twins the C kernels are (tests/test_solvers.py and tests/test_path.py
    check them against each other)."""
    import sklearn_penalized.solvers._cd as cd

    monkeypatch.setattr(cd, "DENSE_PATH_MAX_SAMPLES", 0)
    # likewise single fits on the Gram form (cd_gram_path with one alpha)
    monkeypatch.setattr(cd.CoordinateDescent, "_gram_target",
                        staticmethod(lambda ops, w, l1, l2, **k: cd.solve_target(
                            ops, w, l1, l2, **k)))


def _problem(rng, route, n_targets=1, dtype=np.float64):
    n, p = (600, 100) if route == "gram" else (80, 300)
    if route == "sparse":
        X = sp.random(n, p, density=0.1, random_state=rng, format="csc")
        X.data = 1 + 2 * X.data
    else:
        X = rng.randn(n, p) + 0.5 * rng.randn(n, 1)  # correlated columns
    coef = np.zeros((n_targets, p))
    coef[:, rng.choice(p, 8, replace=False)] = rng.randn(n_targets, 8) * 3
    Y = np.asarray(X @ coef.T) + rng.randn(n, n_targets) + 2.0
    y = Y[:, 0] if n_targets == 1 else Y
    sw = rng.uniform(0.3, 2.0, n)
    if dtype == np.float32:
        X, y, sw = X.astype(dtype), y.astype(dtype), sw.astype(dtype)
    return X, y, sw


# the one-call rules as shipped (the fixture below turns them off per test)
ONE_CALL_RULES = {name: getattr(ws_module, name) for name in (
    "ONE_CALL_MAX_FEATURES", "ONE_CALL_MAX_EPOCH_COST", "ONE_CALL_TALL_MAX_FEATURES")}


@pytest.fixture(autouse=True)
def _working_sets_on_the_gram_form(monkeypatch):
    # Small problems and tall ones are solved in one kernel call; this module
    # tests the working-set machinery on every route.
    monkeypatch.setattr(ws_module, "ONE_CALL_MAX_FEATURES", 0)
    monkeypatch.setattr(ws_module, "ONE_CALL_MAX_EPOCH_COST", 0)
    monkeypatch.setattr(ws_module, "ONE_CALL_TALL_MAX_FEATURES", 0)


@pytest.mark.usefixtures("python_loop")
@pytest.mark.parametrize("precompute", [True, False])
def test_tall_problems_are_one_kernel_call(rng, monkeypatch, precompute):
    """Tall problems (the Gram form, or dense X with n >= 2 p) run a single
    accelerated kernel call over all features (no working set), and reach
    the same certified optimum as the working-set loop."""
    monkeypatch.setattr(ws_module, "ONE_CALL_MAX_FEATURES", 256)
    monkeypatch.setattr(ws_module, "ONE_CALL_TALL_MAX_FEATURES", 1024)
    X, y, sw = _problem(rng, "gram")
    n, p = X.shape
    assert ws_module.WORKING_SET_MIN_FEATURES < p and n >= ws_module.ONE_CALL_MIN_RATIO * p
    # the tall rule alone (600 x 100 is also small)
    monkeypatch.setattr(ws_module, "ONE_CALL_MAX_EPOCH_COST", 0)
    alpha = 0.01 * alpha_max(X, y, sw)
    calls = []
    ops_class = ws_module._GramOps if precompute else ws_module._DenseOps
    original = ops_class.run

    def spy(self, w, state, l1, l2, **options):
        calls.append(options.get("ws"))
        return original(self, w, state, l1, l2, **options)

    monkeypatch.setattr(ops_class, "run", spy)
    one_call = Lasso(alpha=alpha, precompute=precompute, tol=1e-12,
                     max_iter=100_000).fit(X, y, sample_weight=sw)
    assert calls == [None]
    monkeypatch.setattr(ws_module, "ONE_CALL_TALL_MAX_FEATURES", 0)
    loop = Lasso(alpha=alpha, precompute=precompute, tol=1e-12,
                 max_iter=100_000).fit(X, y, sample_weight=sw)
    assert len(calls) > 2
    pen = L1L2(alpha, 0.0)
    assert_optimal(X, y, one_call.coef_, one_call.intercept_, pen, sw,
                   kkt_atol=1e-6, gap_atol=1e-11)
    np.testing.assert_allclose(one_call.coef_, loop.coef_,
                               atol=1e-5 * np.abs(loop.coef_).max())
    # at the default tol: at least scikit-learn's accuracy
    monkeypatch.setattr(ws_module, "ONE_CALL_TALL_MAX_FEATURES", 1024)
    default = Lasso(alpha=alpha, precompute=precompute).fit(X, y, sample_weight=sw)
    theirs = sk.Lasso(alpha=alpha, precompute=precompute).fit(X, y, sample_weight=sw)
    assert (primal_objective(X, y, default.coef_, default.intercept_, pen, sw)
            <= primal_objective(X, y, theirs.coef_, theirs.intercept_, pen, sw)
            * (1 + 1e-12))


def _estimator(route, cls, **params):
    return cls(precompute=route == "gram", max_iter=100_000, **params)


@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
@pytest.mark.parametrize("route", ROUTES)
def test_working_set_route_is_optimal(rng, route, l1_ratio, positive):
    X, y, sw = _problem(rng, route)
    Xd = X.toarray() if sp.issparse(X) else X
    alpha = 0.02 * alpha_max(Xd, y, sw) / l1_ratio
    model = _estimator(route, ElasticNet, alpha=alpha, l1_ratio=l1_ratio,
                       positive=positive, tol=1e-10).fit(X, y, sample_weight=sw)
    assert model.solver_ == ("cd_gram" if route == "gram" else "cd")
    pen = L1L2(alpha * l1_ratio, alpha * (1 - l1_ratio) / 2, positive=positive)
    assert_optimal(Xd, y, model.coef_, model.intercept_, pen, sw,
                   kkt_atol=1e-5, gap_atol=1e-9)
    # the reported gap is the full problem's, not the working set's
    np.testing.assert_allclose(
        model.dual_gap_, duality_gap(Xd, y, model.coef_, pen, sw),
        rtol=1e-3, atol=1e-9 * np.var(y),
    )
    theirs = sk.ElasticNet(alpha=alpha, l1_ratio=l1_ratio, positive=positive,
                           tol=1e-12, max_iter=100_000).fit(X, y, sample_weight=sw)
    ours_obj = primal_objective(Xd, y, model.coef_, model.intercept_, pen, sw)
    theirs_obj = primal_objective(Xd, y, theirs.coef_, theirs.intercept_, pen, sw)
    assert ours_obj <= theirs_obj * (1 + 1e-8)


@pytest.mark.parametrize("route", ROUTES)
def test_working_set_equals_plain_coordinate_descent(rng, monkeypatch, route):
    """Screening, working sets and Anderson change the path, not the optimum."""
    X, y, _ = _problem(rng, route)
    Xd = X.toarray() if sp.issparse(X) else X
    alpha = 0.01 * alpha_max(Xd, y)
    fast = _estimator(route, Lasso, alpha=alpha, tol=1e-12).fit(X, y)
    monkeypatch.setattr(ws_module, "WORKING_SET_MIN_FEATURES", 10**9)
    plain = _estimator(route, Lasso, alpha=alpha, tol=1e-12).fit(X, y)
    monkeypatch.setattr(ws_module, "WORKING_SET_MIN_FEATURES", 0)
    monkeypatch.setattr(ws_module, "ANDERSON_MEMORY", 0)
    no_anderson = _estimator(route, Lasso, alpha=alpha, tol=1e-12).fit(X, y)
    # gap <= 1e-12 var(y): coefficients agree to about sqrt of that
    scale = np.abs(plain.coef_).max()
    np.testing.assert_allclose(fast.coef_, plain.coef_, atol=1e-5 * scale)
    np.testing.assert_allclose(no_anderson.coef_, plain.coef_, atol=1e-5 * scale)
    assert np.array_equal(fast.coef_ != 0, plain.coef_ != 0) or np.allclose(
        fast.coef_, plain.coef_, atol=1e-7 * scale)


@pytest.mark.parametrize("route", ROUTES)
def test_working_set_multi_output_and_float32(rng, route):
    X, Y, sw = _problem(rng, route, n_targets=2)
    model = _estimator(route, Lasso, alpha=0.05, tol=1e-10).fit(X, Y)
    for k in range(2):
        single = _estimator(route, Lasso, alpha=0.05, tol=1e-10).fit(X, Y[:, k])
        # same problem up to the rounding of the centring (1-D vs 2-D means),
        # both certified to gap <= 1e-10 var(y)
        np.testing.assert_allclose(model.coef_[k], single.coef_,
                                   atol=1e-6 * np.abs(single.coef_).max())
    X32, y32, _ = _problem(np.random.RandomState(0), route, dtype=np.float32)
    m32 = _estimator(route, Lasso, alpha=0.05, tol=1e-6).fit(X32, y32)
    m64 = _estimator(route, Lasso, alpha=0.05, tol=1e-10).fit(
        X32.astype(np.float64), y32.astype(np.float64))
    assert m32.coef_.dtype == np.float32
    np.testing.assert_allclose(m32.coef_, m64.coef_, atol=2e-3 * np.abs(m64.coef_).max())


@pytest.mark.parametrize("route", ROUTES)
def test_working_set_warm_start_at_optimum_stops_at_once(rng, route):
    X, y, _ = _problem(rng, route)
    model = _estimator(route, Lasso, alpha=0.05, tol=1e-8, warm_start=True).fit(X, y)
    model.fit(X, y)
    assert model.n_iter_ == 0  # no epoch: the start is certified (scikit-learn: 0)


@pytest.mark.usefixtures("python_loop")
def test_working_set_stays_small_and_unvisited_features_are_zero(rng, monkeypatch):
    """Spy on the kernel calls: the inner solver never sees the whole problem,
    and every feature it never visited is zero at the certified optimum."""
    X, y, _ = _problem(rng, "dense")
    alpha = 0.3 * alpha_max(X, y)
    seen = []
    original = ws_module._DenseOps.run

    def spy(self, w, R, l1, l2, **options):
        seen.append(set(options.get("ws", np.arange(len(w))).tolist()))
        return original(self, w, R, l1, l2, **options)

    monkeypatch.setattr(ws_module._DenseOps, "run", spy)
    model = Lasso(alpha=alpha, precompute=False, tol=1e-10).fit(X, y)
    assert len(seen) >= 1
    assert max(len(s) for s in seen) < X.shape[1]  # never the full problem
    visited = set().union(*seen)
    assert np.all(model.coef_[sorted(set(range(X.shape[1])) - visited)] == 0)


def test_adaptive_gram_route_switches_only_when_it_pays(rng):
    """precompute="auto" on tall data with p > 64: an easy problem finishes on
    X, a hard (ill-conditioned, small alpha) one moves to the Gram form; both
    are certified optimal."""
    n, p = 1000, 100
    X_easy = rng.randn(n, p)
    y_easy = X_easy[:, :5] @ rng.randn(5) + rng.randn(n)
    easy = Lasso(alpha=0.1, tol=1e-8).fit(X_easy, y_easy)
    assert easy.solver_ == "cd"

    latent = rng.randn(n, 5)
    X_hard = latent @ rng.randn(5, p) + 1e-3 * rng.randn(n, p)
    y_hard = latent @ rng.randn(5) + 0.1 * rng.randn(n)
    alpha = 1e-4 * alpha_max(X_hard, y_hard)
    hard = Lasso(alpha=alpha, tol=1e-8, max_iter=100_000).fit(X_hard, y_hard)
    assert hard.solver_ == "cd_gram"
    for model, X, y, a in ((easy, X_easy, y_easy, 0.1), (hard, X_hard, y_hard, alpha)):
        assert_optimal(X, y, model.coef_, model.intercept_, L1L2(a, 0.0),
                       kkt_atol=1e-4, gap_atol=1e-7)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("positive", [False, True])
def test_dense_working_set_gram_equals_plain_inner_solver(rng, monkeypatch, weighted,
                                                          positive):
    """The inner problem solved on X_ws^T X_ws (implicit centring included)
    reaches the same certified optimum as the inner solver on X."""
    X, y, sw = _problem(rng, "dense")
    sw = sw if weighted else None
    alpha = 0.02 * alpha_max(X, y, sw)
    pen = L1L2(alpha, 0.0, positive=positive)
    fits = {}
    for name, ratio in (("ws_gram", 0), ("plain", 10**9)):
        monkeypatch.setattr(ws_module, "WS_GRAM_MIN_RATIO", ratio)
        model = Lasso(alpha=alpha, positive=positive, precompute=False, tol=1e-12,
                      max_iter=100_000).fit(X, y, sample_weight=sw)
        assert_optimal(X, y, model.coef_, model.intercept_, pen, sw,
                       kkt_atol=1e-6, gap_atol=1e-11)
        fits[name] = model.coef_
    np.testing.assert_allclose(fits["ws_gram"], fits["plain"],
                               atol=1e-5 * np.abs(fits["plain"]).max())


@pytest.mark.parametrize("centred", [False, True])
def test_working_set_gram_cache_equals_the_direct_product(rng, centred):
    """The Gram block of a working set, grown from the cached block of the
    features seen before (new features inserted anywhere, some dropped, the
    cache restarted when it outgrows its bound), equals X_c[:, ws]^T X_c[:, ws]
    computed directly: a stale or misplaced cache entry would change the
    working-set problem silently."""
    from sklearn_penalized._preprocessing import make_problem

    n, p = 400, 700
    X = rng.randn(n, p) + 5 * rng.rand(p)
    y = rng.randn(n)
    problem = make_problem(np.asfortranarray(X), y, None, fit_intercept=centred)
    ops = ws_module._DenseOps(problem, 0)
    Xc = problem.X - problem.X_offset if centred else problem.X
    sets = [np.arange(10), np.arange(0, 40, 2), np.r_[3, 5, 50:90],
            np.sort(rng.choice(p, 200, replace=False)),
            np.sort(rng.choice(p, 250, replace=False)),   # outgrows the cache
            np.r_[1, 2, 3]]
    for ws in sets:
        ws = ws.astype(np.int32)
        gram = ops._ws_gram(ws)
        np.testing.assert_allclose(gram, Xc[:, ws].T @ Xc[:, ws], rtol=1e-12,
                                   atol=1e-9 * n)


@pytest.mark.parametrize("route", ROUTES)
def test_fallback_start_used_only_when_the_first_is_not_optimal(rng, route):
    """``w_fallback`` is a second start: an optimal ``w`` is kept (one gradient,
    no epoch), a non-optimal one is replaced, and either way the result is
    certified -- even from a deliberately bad fallback."""
    from sklearn_penalized._preprocessing import make_problem
    from sklearn_penalized.solvers._cd import CoordinateDescent

    X, y, _ = _problem(rng, route)
    Xd = X.toarray() if sp.issparse(X) else X
    alpha = 0.05 * alpha_max(Xd, y)
    problem = make_problem(X, y[:, None], None, fit_intercept=True, copy_X=True)
    solver = CoordinateDescent(tol=1e-10, max_iter=100_000,
                               gram=True if route == "gram" else None)
    pen = L1L2(alpha, 0.0)
    optimum = solver.solve(problem, pen).coef
    bad = 1e3 * rng.randn(*optimum.shape)
    kept = solver.solve(problem, pen, coef_init=optimum, coef_fallback=bad)
    assert np.array_equal(kept.coef, optimum) and kept.n_iter[0] == 0
    # from zero (not optimal at this alpha) the bad fallback replaces it
    replaced = solver.solve(problem, pen, coef_init=np.zeros_like(optimum),
                            coef_fallback=bad)
    assert replaced.converged[0]
    intercept = problem.intercept(replaced.coef)[0]
    assert_optimal(Xd, y, replaced.coef[0], intercept, pen,
                   kkt_atol=1e-5, gap_atol=1e-9)


@pytest.mark.usefixtures("python_loop")
def test_working_set_adds_only_violating_features_when_warm(rng, monkeypatch):
    """Warm-started next to the optimum, the first working set is the support
    plus at most max(WS_INITIAL_SIZE, number of violators) features, not a
    doubling; the result is still certified."""
    X, y, _ = _problem(rng, "dense")
    Xd = X
    alpha = 0.02 * alpha_max(Xd, y)
    start = Lasso(alpha=1.05 * alpha, precompute=False, tol=1e-10).fit(X, y)
    sizes = []
    original = ws_module._DenseOps.run

    def spy(self, w, R, l1, l2, **options):
        sizes.append(len(options["ws"]))
        return original(self, w, R, l1, l2, **options)

    monkeypatch.setattr(ws_module._DenseOps, "run", spy)
    model = Lasso(alpha=alpha, precompute=False, tol=1e-10, warm_start=True)
    model.coef_ = start.coef_.copy()
    model.fit(X, y)
    Xc = X - X.mean(axis=0)
    grad = Xc.T @ (y - y.mean() - Xc @ start.coef_)
    nnz = np.count_nonzero(start.coef_)
    n_violating = np.count_nonzero((np.abs(grad) > alpha * len(y)) & (start.coef_ == 0))
    assert sizes[0] == nnz + max(min(ws_module.WS_GROWTH * nnz, n_violating),
                                 ws_module.WS_INITIAL_SIZE)
    assert sizes[0] < 2 * nnz  # the old doubling would have taken twice the support
    assert_optimal(Xd, y, model.coef_, model.intercept_, L1L2(alpha, 0.0),
                   kkt_atol=1e-5, gap_atol=1e-9)


@pytest.mark.usefixtures("python_loop")
def test_cold_start_working_sets_at_most_triple(rng, monkeypatch):
    """From zero, each working set is the current nonzeros plus at most
    WS_GROWTH (2) times as many zero features (at least WS_INITIAL_SIZE):
    geometric growth, tripling; the result is certified."""
    X, y, _ = _problem(rng, "dense")
    alpha = 0.05 * alpha_max(X, y)
    records = []
    original = ws_module._DenseOps.run

    def spy(self, w, R, l1, l2, **options):
        records.append((len(options["ws"]), int(np.count_nonzero(w))))
        return original(self, w, R, l1, l2, **options)

    monkeypatch.setattr(ws_module._DenseOps, "run", spy)
    model = Lasso(alpha=alpha, precompute=False, tol=1e-10).fit(X, y)
    assert len(records) >= 2
    for size, nnz in records:
        assert size <= nnz + max(ws_module.WS_GROWTH * nnz, ws_module.WS_INITIAL_SIZE)
    # the first set grows from zero nonzeros: exactly WS_INITIAL_SIZE
    assert records[0][0] == ws_module.WS_INITIAL_SIZE
    assert_optimal(X, y, model.coef_, model.intercept_, L1L2(alpha, 0.0),
                   kkt_atol=1e-5, gap_atol=1e-9)


@pytest.mark.usefixtures("python_loop")
@pytest.mark.parametrize("route", ROUTES)
def test_working_set_ranks_by_one_sided_violation(rng, monkeypatch, route):
    """Under bounds a zero feature enters only if it is pulled in a direction
    its box allows: a strong negative correlation on a feature with lower = 0
    (or a positive one with upper = 0) must never bring it into a working
    set, whereas ranking by |X_j^T R| would put it first.  The result is
    certified optimal for the box."""
    from sklearn_penalized._preprocessing import make_problem
    from sklearn_penalized.solvers._cd import CoordinateDescent

    X, y, sw = _problem(rng, route)
    Xd = X.toarray() if sp.issparse(X) else X
    p = Xd.shape[1]
    s = sw / sw.sum()
    corr = (Xd - s @ Xd).T @ (sw * (y - s @ y)) / sw.sum()
    alpha = 0.05 * np.max(np.abs(corr))
    # the features most strongly pulled are blocked in that direction
    blocked = np.argsort(-np.abs(corr))[:8]
    lower, upper = np.full(p, -np.inf), np.full(p, np.inf)
    lower[blocked[corr[blocked] < 0]] = 0.0
    upper[blocked[corr[blocked] > 0]] = 0.0
    pen = L1L2(alpha, 0.0, lower=lower, upper=upper)
    seen = []
    ops_class = {"dense": ws_module._DenseOps, "sparse": ws_module._SparseOps,
                 "gram": ws_module._GramOps}[route]
    original = ops_class.run

    def spy(self, w, state, l1, l2, **options):
        seen.append(np.asarray(options["ws"]))
        return original(self, w, state, l1, l2, **options)

    monkeypatch.setattr(ops_class, "run", spy)
    problem = make_problem(X.copy(), y, sw, fit_intercept=True)
    solver = CoordinateDescent(tol=1e-10, max_iter=100_000,
                               gram=True if route == "gram" else None)
    result = solver.solve(problem, pen)
    visited = np.unique(np.concatenate(seen))
    assert len(seen) >= 1 and len(visited) < p  # working sets, not everything
    # where a blocked feature was visited at all, it is because the optimum
    # moves it the allowed way; the strongest pulls are never ranked in
    coef = result.coef[0]
    assert np.all(coef[blocked[corr[blocked] < 0]] >= 0)
    assert np.all(coef[blocked[corr[blocked] > 0]] <= 0)
    assert not np.isin(blocked[:3], seen[0]).any()
    assert_optimal(Xd, y, coef, problem.intercept(result.coef)[0], pen, sw,
                   kkt_atol=1e-5, gap_atol=1e-9)


@pytest.mark.usefixtures("python_loop")
def test_small_wide_elastic_net_is_one_call_and_lasso_keeps_working_sets(rng, monkeypatch):
    """On small wide data (an epoch below ONE_CALL_MAX_EPOCH_COST, more than
    ONE_CALL_MAX_FEATURES features) an elastic net is one kernel call (its
    support is a large share of the features); a lasso at alpha_max / 20
    keeps the loop (near alpha_max it does not: see
    test_small_wide_lasso_near_alpha_max_takes_one_call).  Both reach the
    certified optimum."""
    monkeypatch.setattr(ws_module, "ONE_CALL_MAX_FEATURES", 256)
    monkeypatch.setattr(ws_module, "ONE_CALL_MAX_EPOCH_COST", 65_536)
    X, y, _ = _problem(rng, "dense")  # 80 x 300
    assert X.shape[1] > 256 and X.size <= 65_536
    calls = []
    original = ws_module._DenseOps.run

    def spy(self, w, state, l1, l2, **options):
        calls.append(options.get("ws"))
        return original(self, w, state, l1, l2, **options)

    monkeypatch.setattr(ws_module._DenseOps, "run", spy)
    for l1_ratio in (0.5, 1.0):
        calls.clear()
        alpha = 0.05 * alpha_max(X, y) / l1_ratio
        model = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, precompute=False, tol=1e-10,
                           max_iter=100_000).fit(X, y)
        if l1_ratio < 1:
            assert calls == [None]
        else:
            assert len(calls) > 1 and all(ws is not None for ws in calls)
        assert_optimal(X, y, model.coef_, model.intercept_,
                       L1L2(alpha * l1_ratio, alpha * (1 - l1_ratio) / 2), None,
                       kkt_atol=1e-6, gap_atol=1e-9)


@pytest.mark.usefixtures("python_loop")
@pytest.mark.parametrize("divisor, one_call", [(5, True), (12, True), (50, False)])
def test_small_wide_lasso_near_alpha_max_takes_one_call(rng, monkeypatch, divisor, one_call):
    """Pure lasso on small wide data (100 x 500: an epoch within
    ONE_CALL_MAX_EPOCH_COST, more than ONE_CALL_MAX_FEATURES features) from
    zero: one kernel call over every feature when alpha >= alpha_max / 15
    (ONE_CALL_MAX_ALPHA_RATIO, read off the first gradient), working sets
    below; both certified optimal, and the first gradient is not computed
    twice (the kernel calls and the full gradients are counted)."""
    for name, value in ONE_CALL_RULES.items():
        monkeypatch.setattr(ws_module, name, value)
    n, p = 100, 500
    X = rng.randn(n, p) + 0.3 * rng.randn(n, 1)
    coef = np.zeros(p)
    coef[:15] = rng.randn(15) * 3
    y = X @ coef + rng.randn(n)
    alpha = alpha_max(X, y) / divisor
    calls, gradients = [], []
    run, full_gradient = ws_module._DenseOps.run, ws_module._DenseOps.full_gradient

    def spy_run(self, w, R, l1, l2, ws=None, **options):
        calls.append(None if ws is None else len(ws))
        return run(self, w, R, l1, l2, ws=ws, **options)

    def spy_gradient(self, R, w):
        gradients.append(1)
        return full_gradient(self, R, w)

    monkeypatch.setattr(ws_module._DenseOps, "run", spy_run)
    monkeypatch.setattr(ws_module._DenseOps, "full_gradient", spy_gradient)
    model = Lasso(alpha=alpha).fit(X, y)
    if one_call:
        assert calls == [None] and len(gradients) == 1
    else:
        assert len(calls) >= 2 and all(size is not None and size < p for size in calls)
        assert len(gradients) == len(calls) + 1
    # the default tol's certificate, with the single fit's margin (tol / 10)
    assert_optimal(X, y, model.coef_, model.intercept_, L1L2(alpha, 0.0),
                   kkt_atol=1e-2, gap_atol=1e-5)


@pytest.mark.usefixtures("python_loop")
@pytest.mark.parametrize("divisor, one_call", [(5, True), (50, False)])
def test_elastic_net_near_alpha_max_takes_one_call_up_to_twice_the_cost(
        rng, monkeypatch, divisor, one_call):
    """An elastic net whose epoch costs between ONE_CALL_MAX_EPOCH_COST and
    ONE_CALL_NEAR_MAX_L2_EPOCH_COST (300 x 400) is one kernel call from zero
    at alpha >= alpha_max / 15, the working-set loop below; both certified."""
    for name, value in ONE_CALL_RULES.items():
        monkeypatch.setattr(ws_module, name, value)
    n, p = 300, 400
    assert ws_module.ONE_CALL_MAX_EPOCH_COST < n * p <= ws_module.ONE_CALL_NEAR_MAX_L2_EPOCH_COST
    X = rng.randn(n, p) + 0.3 * rng.randn(n, 1)
    coef = np.zeros(p)
    coef[:15] = rng.randn(15) * 3
    y = X @ coef + rng.randn(n)
    l1_ratio = 0.5
    alpha = alpha_max(X, y) / l1_ratio / divisor
    calls = []
    run = ws_module._DenseOps.run

    def spy_run(self, w, R, l1, l2, ws=None, **options):
        calls.append(None if ws is None else len(ws))
        return run(self, w, R, l1, l2, ws=ws, **options)

    monkeypatch.setattr(ws_module._DenseOps, "run", spy_run)
    model = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, precompute=False).fit(X, y)
    if one_call:
        assert calls == [None]
    else:
        assert len(calls) >= 2 and calls[0] is not None
    assert_optimal(X, y, model.coef_, model.intercept_,
                   L1L2(alpha * l1_ratio, alpha * (1 - l1_ratio) / 2),
                   kkt_atol=1e-2, gap_atol=1e-5)
