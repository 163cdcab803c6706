# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of the solvers (``sklearn_penalized.solvers``) on ``Problem`` objects.

The objective, in the package-wide mean-datafit scale, is

    1/(2 sum(s)) ||y - X w - b||_S^2 + g(w),

with ``b`` eliminated by weighted centring.  For a pure L2 penalty
``g(w) = lam sum_j c_j w_j^2`` the minimiser solves

    (X_c^T S X_c / sum(s) + 2 lam diag(c)) w = X_c^T S y_c / sum(s),

which the tests solve independently with ``np.linalg.solve``; L1L2 penalties
are checked through their KKT conditions and duality gap
(:mod:`sklearn_penalized._objective`, written in plain NumPy).
"""
import re
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning

from sklearn_penalized._objective import duality_gap, kkt_violation
from sklearn_penalized._preprocessing import make_problem
from sklearn_penalized.penalties import L1, L1L2, L2
from sklearn_penalized.solvers import (
    SVD,
    Cholesky,
    ConjugateGradient,
    CoordinateDescent,
    resolve_solver,
)
from sklearn_penalized.utils._testing import assert_optimal

CG_TOL = 1e-14
CD_TOL = 1e-14
# rounding error of a duality gap computed in float64, relative to var(y)
ROUNDING = 1e3 * np.finfo(np.float64).eps


def _solvers(sparse):
    """Fresh solver instances set for (nearly) machine precision."""
    solvers = {
        "cholesky": Cholesky(),
        "svd": SVD(),
        "sparse_cg": ConjugateGradient(tol=CG_TOL, max_iter=10_000),
        "cd": CoordinateDescent(tol=CD_TOL, max_iter=100_000),
        "cd_gram": CoordinateDescent(tol=CD_TOL, max_iter=100_000, gram=True),
    }
    if sparse:
        del solvers["svd"]
    return solvers


SOLVER_CASES = (
    [(name, False) for name in _solvers(False)]
    + [(name, True) for name in _solvers(True)]
)


# -- data and independent references -------------------------------------------
def _weights(sample_weight, n_samples):
    if sample_weight is None:
        return np.ones(n_samples)
    return np.asarray(sample_weight, dtype=np.float64)


def _centred(X, y, sample_weight, fit_intercept):
    X = X.toarray() if sp.issparse(X) else np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    s = _weights(sample_weight, X.shape[0])
    if fit_intercept:
        return X - s @ X / s.sum(), y - s @ y / s.sum(), s
    return X, y, s


def l2_reference(X, y, lam, weights=None, sample_weight=None, fit_intercept=True):
    """Normal equations of the mean datafit + ``lam sum_j c_j w_j^2``."""
    Xc, yc, s = _centred(X, y, sample_weight, fit_intercept)
    c = np.ones(Xc.shape[1]) if weights is None else np.asarray(weights, float)
    A = Xc.T @ (s[:, None] * Xc) / s.sum() + 2.0 * lam * np.diag(c)
    return np.linalg.solve(A, Xc.T @ (s * yc) / s.sum())


def l2_error_bound(name, X, y, lam, weights=None, sample_weight=None,
                   fit_intercept=True):
    """Guaranteed bound on ``||w - w*||_2`` for the ``_solvers()`` settings.

    In kernel scale ``K = X_c^T S X_c + 2 sum(s) lam diag(c)``, ``b = X_c^T S y_c``:
    direct solvers are backward stable (``1e3 eps cond(K) ||w*||``); CG stops
    at ``||K w - b|| <= tol ||b||`` so ``||w - w*|| <= tol ||b|| / lambda_min``;
    CD stops at a gap ``<= tol ||y_c||_S^2`` of a ``lambda_min``-strongly convex
    objective, so ``||w - w*||^2 <= 2 gap / lambda_min``.
    """
    Xc, yc, s = _centred(X, y, sample_weight, fit_intercept)
    c = np.ones(Xc.shape[1]) if weights is None else np.asarray(weights, float)
    K = Xc.T @ (s[:, None] * Xc) + 2.0 * s.sum() * lam * np.diag(c)
    eig = np.linalg.eigvalsh(K)
    w_norm = np.linalg.norm(np.linalg.solve(K, Xc.T @ (s * yc)))
    bound = 1e3 * np.finfo(np.float64).eps * eig[-1] / eig[0] * w_norm
    if name == "sparse_cg":
        bound += CG_TOL * np.linalg.norm(Xc.T @ (s * yc)) / eig[0]
    elif name in ("cd", "cd_gram"):
        bound += np.sqrt(2.0 * CD_TOL * (s @ yc**2) / eig[0])
    return bound


def _design(rng, n_samples, n_features, sparse, density=0.4):
    X = rng.randn(n_samples, n_features)
    X[rng.rand(n_samples, n_features) > density] = 0.0
    X[:, 0] = 2.0 + rng.randn(n_samples)  # dense, large mean: centring matters
    return sp.csc_matrix(X) if sparse else np.asfortranarray(X)


def _problem(X, y, sample_weight=None, fit_intercept=True):
    """``make_problem`` on copies (it may scale a dense X in place)."""
    X = X.copy()
    return make_problem(X, np.array(y, dtype=X.dtype), sample_weight,
                        fit_intercept=fit_intercept)


def _solve_quiet(solver, problem, penalty, coef_init=None):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        return solver.solve(problem, penalty, coef_init=coef_init)


# -- resolve_solver ------------------------------------------------------------
@pytest.fixture
def problems(rng):
    X = rng.randn(20, 5)
    y = rng.randn(20)
    X_sp = sp.random(20, 2001, density=0.01, format="csc", random_state=rng)
    return {
        "dense": _problem(np.asfortranarray(X), y),
        "dense_wide": _problem(np.asfortranarray(np.repeat(X, 10, axis=1)), y),
        "sparse": _problem(sp.csc_matrix(X), y),
        "sparse_2000": _problem(X_sp[:, :2000].tocsc(), y),
        "sparse_2001": _problem(X_sp, y),
    }


@pytest.mark.parametrize(
    "penalty, data, expected",
    [
        (L1(0.1), "dense", "cd"),
        (L1(0.1), "sparse_2001", "cd"),
        (L1L2(0.1, 0.2), "dense", "cd"),
        (L2(0.1, positive=True), "dense", "cd"),
        (L2(0.1, positive=True), "sparse_2001", "cd"),
        (L2(0.1), "dense", "cholesky"),
        (L2(0.1), "dense_wide", "cholesky"),
        (L2(0.1), "sparse", "cholesky"),
        (L2(0.1), "sparse_2000", "cholesky"),
        (L2(0.1), "sparse_2001", "sparse_cg"),
        (L1L2(0.0, 0.2), "dense", "cholesky"),  # no L1 part in fact
        (L1(0.3, weights=np.zeros(5)), "dense", "cholesky"),  # idem
        ([L2(0.1), L2(0.2)], "dense", "cholesky"),
        ([L2(0.1), L1L2(0.1, 0.2)], "dense", "cd"),
        ([L2(0.1), L2(0.2, positive=True)], "sparse_2001", "cd"),
    ],
)
def test_resolve_solver_auto(problems, penalty, data, expected):
    solver = resolve_solver("auto", penalty, problems[data])
    assert solver.name == expected
    assert isinstance(solver, {"cd": CoordinateDescent, "cholesky": Cholesky,
                               "sparse_cg": ConjugateGradient}[expected])


@pytest.mark.parametrize(
    "name, expected",
    [("lsqr", ConjugateGradient), ("lbfgs", CoordinateDescent),
     ("sag", Cholesky), ("saga", Cholesky),
     ("cholesky", Cholesky), ("svd", SVD), ("sparse_cg", ConjugateGradient),
     ("cd", CoordinateDescent)],
)
def test_resolve_solver_explicit_names(problems, name, expected):
    assert type(resolve_solver(name, L2(0.1), problems["dense"])) is expected


@pytest.mark.parametrize(
    "name, penalty, data, needs, alternatives",
    [
        ("cholesky", L1(0.1), "dense", "an L1 penalty", ["cd"]),
        ("svd", L1L2(0.1, 0.1), "dense", "an L1 penalty", ["cd"]),
        ("sparse_cg", L1(0.1), "sparse", "an L1 penalty with sparse input",
         ["cd"]),
        ("lsqr", L1(0.1), "dense", "an L1 penalty", ["cd"]),
        ("cholesky", L2(0.1, positive=True), "dense", "positive=True", ["cd"]),
        ("sparse_cg", [L2(0.1), L2(0.1, positive=True)], "dense",
         "positive=True", ["cd"]),
        ("svd", L2(0.1), "sparse", "sparse input",
         ["cd", "cholesky", "sparse_cg"]),
        ("svd", L1(0.1), "sparse", "an L1 penalty with sparse input", ["cd"]),
    ],
)
def test_resolve_solver_incompatible(problems, name, penalty, data, needs,
                                     alternatives):
    with pytest.raises(ValueError) as excinfo:
        resolve_solver(name, penalty, problems[data])
    message = str(excinfo.value)
    assert f"does not support {needs};" in message
    listed = re.search(r"use one of \[(.*)\]", message).group(1)
    assert sorted(item.strip(" '") for item in listed.split(",")) == alternatives
    # and each listed alternative indeed accepts the problem
    for alternative in alternatives:
        assert resolve_solver(alternative, penalty, problems[data]).name in (
            alternative, "cd"
        )


def test_resolve_solver_options(problems):
    cd = resolve_solver("cd", L1(0.1), problems["dense"], max_iter=7, tol=1e-3,
                        selection="random", random_state=3, gram=True)
    assert (cd.max_iter, cd.tol, cd.selection, cd.random_state, cd.gram) == (
        7, 1e-3, "random", 3, True
    )
    assert cd.name == "cd_gram"
    # options a solver does not know are dropped, None means "default"
    cg = resolve_solver("lsqr", L2(0.1), problems["dense"], max_iter=5,
                        tol=1e-2, selection="random")
    assert (cg.max_iter, cg.tol) == (5, 1e-2)
    cd_default = resolve_solver("cd", L1(0.1), problems["dense"], max_iter=None)
    assert cd_default.max_iter == CoordinateDescent().max_iter
    resolve_solver("cholesky", L2(0.1), problems["dense"], max_iter=5, tol=1.0)


# -- pure L2: every solver against the normal equations ------------------------
@pytest.mark.parametrize("name, sparse", SOLVER_CASES)
@pytest.mark.parametrize("shape", [(40, 8), (12, 25)], ids=["long", "wide"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_l2_solvers_match_normal_equations(rng, name, sparse, shape,
                                           fit_intercept, weighted):
    n_samples, n_features = shape
    X = _design(rng, n_samples, n_features, sparse)
    y = rng.randn(n_samples) + 1.0
    sample_weight = rng.uniform(0.2, 3.0, n_samples) if weighted else None
    lam = 0.05
    problem = _problem(X, y, sample_weight, fit_intercept)
    assert problem.is_sparse == sparse
    result = _solve_quiet(_solvers(sparse)[name], problem, L2(lam))

    assert result.coef.shape == (1, n_features)
    assert result.coef.dtype == np.float64
    for attr in ("n_iter", "dual_gap", "converged"):
        assert getattr(result, attr).shape == (1,)
    assert result.converged[0]

    coef_ref = l2_reference(X, y, lam, None, sample_weight, fit_intercept)
    bound = l2_error_bound(name, X, y, lam, None, sample_weight, fit_intercept)
    assert bound < 1e-4 * np.max(np.abs(coef_ref))  # an informative bound
    error = np.linalg.norm(result.coef[0] - coef_ref)
    assert error <= bound, f"{name}: error {error:.3e} > bound {bound:.3e}"

    # the intercept of the Problem is the weighted-mean formula
    Xd = X.toarray() if sparse else X
    s = _weights(sample_weight, n_samples)
    expected_intercept = (
        s @ y / s.sum() - (s @ Xd / s.sum()) @ result.coef[0]
        if fit_intercept else 0.0
    )
    np.testing.assert_allclose(problem.intercept(result.coef), [expected_intercept],
                               rtol=1e-12, atol=1e-12)

    if name in ("cholesky", "svd"):
        np.testing.assert_array_equal(result.n_iter, [1])
        np.testing.assert_array_equal(result.dual_gap, [0.0])
    elif name == "sparse_cg":
        assert 1 <= result.n_iter[0] <= 10_000
        assert np.isnan(result.dual_gap[0])  # CG reports no duality gap
    else:
        assert 1 <= result.n_iter[0] <= 100_000
        scale = problem.y_sq_norms[0] / problem.sum_sw
        # (a gap is >= 0 in exact arithmetic; allow rounding below zero)
        assert -ROUNDING * scale <= result.dual_gap[0] <= CD_TOL * scale


@pytest.mark.parametrize("name, sparse", SOLVER_CASES)
def test_float32_problem(rng, name, sparse):
    X = _design(rng, 30, 5, sparse)
    y = rng.randn(30)
    X32 = X.astype(np.float32)
    problem = _problem(X32, y.astype(np.float32), rng.uniform(0.5, 2.0, 30))
    assert problem.dtype == np.float32
    solver = _solvers(sparse)[name]
    if name.startswith("cd"):
        solver.tol = 1e-6  # a float32 duality gap is only that accurate
    if name == "sparse_cg":
        solver.tol = 1e-6
    result = _solve_quiet(solver, problem, L2(0.1))
    assert result.coef.dtype == np.float32
    coef_ref = l2_reference(X32, y.astype(np.float32), 0.1, None,
                            problem.sample_weight.astype(np.float64))
    np.testing.assert_allclose(result.coef[0], coef_ref, rtol=0,
                               atol=1e-4 * np.max(np.abs(coef_ref)))


# -- per-feature weights in L2 -------------------------------------------------
@pytest.mark.parametrize("name, sparse", [(n, s) for n, s in SOLVER_CASES
                                          if n != "svd"])
@pytest.mark.parametrize(
    "shape, zero_weight",
    [((40, 6), True), ((10, 20), False), ((10, 20), True)],
    ids=["long-with-zero", "wide-positive", "wide-with-zero"],
)
def test_l2_per_feature_weights(rng, name, sparse, shape, zero_weight):
    n_samples, n_features = shape
    X = _design(rng, n_samples, n_features, sparse)
    y = rng.randn(n_samples)
    sample_weight = rng.uniform(0.5, 2.0, n_samples)
    weights = rng.uniform(0.1, 5.0, n_features)
    if zero_weight:
        weights[0] = 0.0  # an unpenalized (dense) feature
    penalty = L2(0.05, weights=weights)
    problem = _problem(X, y, sample_weight)
    result = _solve_quiet(_solvers(sparse)[name], problem, penalty)
    coef_ref = l2_reference(X, y, 0.05, weights, sample_weight)
    bound = l2_error_bound(name, X, y, 0.05, weights, sample_weight)
    assert np.linalg.norm(result.coef[0] - coef_ref) <= bound
    # the weights matter: the uniform penalty gives another solution
    uniform = l2_reference(X, y, 0.05, None, sample_weight)
    assert np.linalg.norm(uniform - coef_ref) > 100 * bound


def test_svd_rejects_non_uniform_l2_weights(rng):
    X = _design(rng, 20, 4, sparse=False)
    problem = _problem(X, rng.randn(20))
    with pytest.raises(ValueError, match="same L2 weight"):
        SVD().solve(problem, L2(0.1, weights=[1.0, 2.0, 1.0, 1.0]))
    # uniform factors are fine and equal a rescaled strength
    result = SVD().solve(problem, L2(0.1, weights=np.full(4, 3.0)))
    plain = SVD().solve(problem, L2(0.3))
    np.testing.assert_allclose(result.coef, plain.coef, rtol=1e-12, atol=0)


@pytest.mark.parametrize("solver", [Cholesky(), SVD(), ConjugateGradient()])
@pytest.mark.parametrize("penalty", [L1(0.1), L1L2(0.1, 0.1),
                                     L2(0.1, positive=True)])
def test_direct_and_cg_solvers_refuse_l1_and_sign_constraints(rng, solver,
                                                              penalty):
    problem = _problem(_design(rng, 20, 4, sparse=False), rng.randn(20))
    with pytest.raises(ValueError, match="pure L2"):
        solver.solve(problem, penalty)


# -- coordinate descent with an L1L2 penalty -----------------------------------
@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_cd_l1l2_optimal_on_every_route(rng, positive, weighted):
    n_samples, n_features = 50, 15
    X_dense = _design(rng, n_samples, n_features, sparse=False)
    w_true = np.zeros(n_features)
    w_true[:6] = [3.0, -2.0, 1.5, 0.0, -1.0, 2.5]
    y = X_dense @ w_true + 0.3 * rng.randn(n_samples) + 2.0
    sample_weight = rng.uniform(0.2, 3.0, n_samples) if weighted else None
    penalty = L1L2(0.1, 0.05, positive=positive)
    tol = 1e-12

    dense = _problem(X_dense, y, sample_weight)
    sparse = _problem(sp.csc_matrix(X_dense), y, sample_weight)
    routes = {
        "dense": (CoordinateDescent(tol=tol, max_iter=50_000), dense),
        "sparse": (CoordinateDescent(tol=tol, max_iter=50_000), sparse),
        "gram": (CoordinateDescent(tol=tol, max_iter=50_000, gram=True), dense),
        "sparse_gram": (CoordinateDescent(tol=tol, max_iter=50_000, gram=True),
                        sparse),
    }
    s = _weights(sample_weight, n_samples)
    yc = y - s @ y / s.sum()
    var_y = s @ yc**2 / s.sum()
    coefs = {}
    for route, (solver, problem) in routes.items():
        result = _solve_quiet(solver, problem, penalty)
        coef = result.coef[0]
        intercept = problem.intercept(result.coef)[0]
        assert result.converged[0], route
        assert -ROUNDING * var_y <= result.dual_gap[0] <= tol * var_y, route
        # an independent certificate: KKT conditions and the NumPy duality gap
        assert_optimal(X_dense, y, coef, intercept, penalty, sample_weight,
                       kkt_atol=1e-5, gap_atol=1e-10)
        assert duality_gap(X_dense, y, coef, penalty, sample_weight) <= (
            tol * var_y * 10 + 1e-14 * var_y
        )
        coefs[route] = coef
    # The problem is strongly convex (L2 part): all routes share the optimum,
    # within sqrt(2 gap / mu) with mu = 2 * l2.
    radius = np.sqrt(2.0 * tol * var_y / (2.0 * 0.05))
    for route, coef in coefs.items():
        np.testing.assert_allclose(coef, coefs["dense"], rtol=0,
                                   atol=2 * radius, err_msg=route)
    # the L1 part produces exact zeros, the sign constraint holds
    assert np.any(coefs["dense"] == 0.0) and np.any(coefs["dense"] != 0.0)
    if positive:
        assert np.all(coefs["dense"] >= 0.0)
    else:
        assert np.any(coefs["dense"] < 0.0)


@pytest.mark.parametrize("sparse", [False, True])
def test_cd_reported_gap_is_the_duality_gap(rng, sparse):
    # Stopped early (no convergence), the reported gap in the mean-datafit
    # scale must equal the NumPy duality gap of the returned coefficients.
    X_dense = _design(rng, 40, 12, sparse=False)
    X_dense[:, 1] = X_dense[:, 2] + 0.05 * rng.randn(40)  # slow convergence
    y = rng.randn(40)
    sample_weight = rng.uniform(0.5, 2.0, 40)
    penalty = L1L2(0.01, 0.001)
    X = sp.csc_matrix(X_dense) if sparse else X_dense
    problem = _problem(X, y, sample_weight)
    with pytest.warns(ConvergenceWarning):
        result = CoordinateDescent(tol=1e-14, max_iter=3).solve(problem, penalty)
    gap = duality_gap(X_dense, y, result.coef[0], penalty, sample_weight)
    assert gap > 1e-6  # far from converged: the comparison is meaningful
    np.testing.assert_allclose(result.dual_gap[0], gap, rtol=1e-8)


@pytest.mark.parametrize("name, sparse", [("sparse_cg", False), ("cd", False),
                                          ("sparse_cg", True), ("cd", True)])
def test_warm_start_from_the_solution(rng, name, sparse):
    X = _design(rng, 30, 6, sparse)
    y = rng.randn(30)
    problem = _problem(X, y, rng.uniform(0.5, 2.0, 30))
    coef_ref = l2_reference(X, y, 0.1, None, problem.sample_weight)
    result = _solve_quiet(_solvers(sparse)[name], problem, L2(0.1),
                          coef_init=coef_ref[np.newaxis])
    cold = _solve_quiet(_solvers(sparse)[name], problem, L2(0.1))
    # started at the optimum, only rounding is left to remove: at most two
    # iterations (epochs), where a cold start needs more
    assert result.n_iter[0] <= 2 < cold.n_iter[0]
    np.testing.assert_allclose(result.coef[0], coef_ref, rtol=0,
                               atol=1e-8 * np.max(np.abs(coef_ref)))


# -- one penalty per target ----------------------------------------------------
@pytest.mark.parametrize("name, sparse", SOLVER_CASES)
def test_list_of_l2_penalties_one_per_target(rng, name, sparse):
    n_samples, n_features = 30, 6
    X = _design(rng, n_samples, n_features, sparse)
    Y = rng.randn(n_samples, 3)
    sample_weight = rng.uniform(0.5, 2.0, n_samples)
    lams = [0.01, 0.5, 0.5]  # the last two share a factorization
    problem = _problem(X, Y, sample_weight)
    result = _solve_quiet(_solvers(sparse)[name], problem, [L2(lam) for lam in lams])
    assert result.coef.shape == (3, n_features)
    for attr in ("n_iter", "dual_gap", "converged"):
        assert getattr(result, attr).shape == (3,)
    for k, lam in enumerate(lams):
        coef_ref = l2_reference(X, Y[:, k], lam, None, sample_weight)
        bound = l2_error_bound(name, X, Y[:, k], lam, None, sample_weight)
        assert np.linalg.norm(result.coef[k] - coef_ref) <= bound, k
    # a single penalty applies to every target
    shared = _solve_quiet(_solvers(sparse)[name], problem, L2(0.5))
    for k in range(3):
        coef_ref = l2_reference(X, Y[:, k], 0.5, None, sample_weight)
        bound = l2_error_bound(name, X, Y[:, k], 0.5, None, sample_weight)
        assert np.linalg.norm(shared.coef[k] - coef_ref) <= bound, k
    with pytest.raises(ValueError, match="penalties"):
        _solvers(sparse)[name].solve(problem, [L2(0.1), L2(0.2)])


@pytest.mark.parametrize("gram", [None, True])
@pytest.mark.parametrize("sparse", [False, True])
def test_list_of_l1l2_penalties_one_per_target(rng, gram, sparse):
    n_samples, n_features = 40, 8
    X = _design(rng, n_samples, n_features, sparse)
    Xd = X.toarray() if sparse else X
    W = rng.randn(3, n_features)
    Y = Xd @ W.T + 0.1 * rng.randn(n_samples, 3)
    penalties = [L1L2(0.5, 0.01), L2(0.2), L1L2(0.05, 0.1, positive=True)]
    problem = _problem(X, Y)
    result = _solve_quiet(
        CoordinateDescent(tol=1e-12, max_iter=50_000, gram=gram), problem, penalties
    )
    intercepts = problem.intercept(result.coef)
    for k, penalty in enumerate(penalties):
        assert_optimal(Xd, Y[:, k], result.coef[k], intercepts[k], penalty,
                       kkt_atol=1e-5, gap_atol=1e-10)
        # and not optimal for another target's penalty
        other = penalties[(k + 1) % 3]
        dist, _ = kkt_violation(Xd, Y[:, k], result.coef[k], intercepts[k], other)
        assert np.max(dist) > 1e-3
    assert np.all(result.coef[2] >= 0) and np.any(result.coef[2] == 0)
    assert np.any(result.coef[0] == 0)


# -- convergence warnings --------------------------------------------------------
@pytest.mark.parametrize("gram", [None, True])
@pytest.mark.parametrize("sparse", [False, True])
def test_cd_convergence_warning_reports_gap_and_tolerance(rng, gram, sparse):
    n_samples, n_features = 30, 10
    X = _design(rng, n_samples, n_features, sparse)
    Xd = X.toarray() if sparse else X
    Y = np.column_stack([
        np.full(n_samples, 3.0),  # constant target: w = 0 is exact, gap 0
        Xd @ rng.randn(n_features) + rng.randn(n_samples),
    ])
    tol, max_iter = 1e-13, 2
    problem = _problem(X, Y)
    solver = CoordinateDescent(tol=tol, max_iter=max_iter, gram=gram)
    with pytest.warns(ConvergenceWarning) as record:
        result = solver.solve(problem, L1L2(1e-4, 1e-4))
    np.testing.assert_array_equal(result.converged, [True, False])
    assert result.n_iter[1] == max_iter
    tolerance = tol * problem.y_sq_norms[1] / problem.sum_sw
    assert result.dual_gap[1] > tolerance
    messages = [str(w.message) for w in record
                if issubclass(w.category, ConvergenceWarning)]
    assert len(messages) == 1
    message = messages[0]
    assert "target 1" in message
    assert f"duality gap {result.dual_gap[1]:.3e}" in message
    assert f"tolerance {tolerance:.3e}" in message
    assert f"tol={tol}" in message
    assert f"after {max_iter} epochs" in message


def test_cd_no_warning_when_converged(rng):
    X = _design(rng, 30, 5, sparse=False)
    problem = _problem(X, rng.randn(30))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        result = CoordinateDescent(tol=1e-4).solve(problem, L1L2(0.01, 0.01))
    assert result.converged[0]


@pytest.mark.parametrize("sparse", [False, True])
def test_cg_convergence_warning(rng, sparse):
    X = _design(rng, 30, 10, sparse)
    problem = _problem(X, rng.randn(30))
    solver = ConjugateGradient(tol=1e-14, max_iter=2)
    with pytest.warns(ConvergenceWarning, match=r"tol=1e-14.* in 2 iterations"):
        result = solver.solve(problem, L2(1e-3))
    assert not result.converged[0]
    np.testing.assert_array_equal(result.n_iter, [2])


def test_negative_gap_beyond_rounding_is_never_convergence(rng, monkeypatch):
    """P(w) - D(theta) >= 0 for every w and dual-feasible theta: a solve
    that ends on a gap negative beyond the tolerance (the data's rounding
    dwarfing the fit, as implicit centring of columns of mean 1e6 did) is
    reported unconverged, with a warning, never as converged.  A rounding-
    level negative gap is still convergence."""
    import sklearn_penalized.solvers._cd as cd

    X = rng.randn(50, 4)
    y = X @ rng.randn(4) + rng.randn(50)
    problem = make_problem(X, y, None, fit_intercept=True)
    solver = CoordinateDescent(tol=1e-6)
    scale = float(problem.y_sq_norms[0])
    for gap, converged in [(-1e-3 * scale, False), (-1e-15 * scale, True)]:
        # the Python loop and its C twin for small dense X (single fits)
        monkeypatch.setattr(cd, "solve_target",
                            lambda ops, w, *a, gap=gap, **k: (gap, 3, True))
        monkeypatch.setattr(CoordinateDescent, "_solve_dense_in_kernel",
                            lambda self, *a, gap=gap, **k: (gap, 3, True))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = solver.solve(problem, L1(0.1))
        assert bool(result.converged[0]) is converged
        negative = [w for w in caught if "negative" in str(w.message)]
        assert len(negative) == (0 if converged else 1)
        if not converged:
            assert issubclass(negative[0].category, ConvergenceWarning)


def _twin_case(rng, n, p, n_true, l1_ratio, divisor, variant):
    """Data, penalty and Problem of the kernel-vs-Python-twin tests below:
    correlated columns, ``n_true`` planted nonzeros, an intercept; weights,
    a box or float32 by ``variant``; ``alpha = alpha_max / l1_ratio /
    divisor``."""
    from sklearn_penalized._objective import alpha_max

    X = rng.randn(n, p) + 0.5 * rng.randn(n, 1)
    coef = np.zeros(p)
    coef[rng.choice(p, n_true, replace=False)] = 3 * rng.randn(n_true)
    y = X @ coef + rng.randn(n) + 2.0
    sw = rng.uniform(0.3, 2.0, n) if variant == "weighted" else None
    dtype = np.float32 if variant == "float32" else np.float64
    box = dict(lower=np.full(p, -0.5), upper=np.full(p, 2.0)) if variant == "bounded" else {}
    alpha = alpha_max(X, y, sw) / l1_ratio / divisor
    penalty = L1L2(alpha * l1_ratio, alpha * (1 - l1_ratio) / 2, **box)
    problem = make_problem(np.asfortranarray(X, dtype=dtype), y.astype(dtype), sw,
                           fit_intercept=True)
    return X, y, sw, dtype, alpha, penalty, problem


@pytest.mark.parametrize("shape", [(50, 8), (70, 400), (300, 200), (500, 100)])
@pytest.mark.parametrize("l1_ratio, divisor", [(1.0, 5), (1.0, 50), (0.5, 20)])
@pytest.mark.parametrize("variant", ["plain", "weighted", "bounded", "float32", "warm"])
def test_single_dense_fit_in_kernel_is_the_python_loop(rng, monkeypatch, shape, l1_ratio,
                                                       divisor, variant):
    """A fit on dense X of fewer than DENSE_PATH_MAX_SAMPLES rows runs the
    rule of ``solve_target`` in C (``cd_dense_path`` with one alpha): few
    features (plain CD to scikit-learn's rule), the one-call rules (small,
    tall, near alpha_max) and the working-set loop.  It is the same rule:
    the same verdict, the same number of epochs up to rounding (a tie in a
    working set's ranking may break differently), an objective within the
    two certified gaps of the Python loop's, and the reported gap that of
    the returned coefficients."""
    import sklearn_penalized.solvers._cd as cd
    from sklearn_penalized._objective import primal_objective

    X, y, sw, dtype, alpha, penalty, problem = _twin_case(rng, *shape, 6, l1_ratio,
                                                          divisor, variant)
    tol = 1e-3 if dtype == np.float32 else 1e-6
    start = None
    if variant == "warm":  # the solution at twice the alpha
        start = CoordinateDescent(tol=tol).solve(
            problem, L1L2(2 * alpha * l1_ratio, alpha * (1 - l1_ratio))).coef
    calls = []
    original = cd.CoordinateDescent._solve_dense_in_kernel
    monkeypatch.setattr(cd.CoordinateDescent, "_solve_dense_in_kernel",
                        lambda *a, **k: calls.append(1) or original(*a, **k))
    kernel = CoordinateDescent(tol=tol).solve(problem, penalty, coef_init=start)
    assert len(calls) == 1
    monkeypatch.setattr(cd, "DENSE_PATH_MAX_SAMPLES", 0)
    loop = CoordinateDescent(tol=tol).solve(problem, penalty, coef_init=start)
    assert len(calls) == 1
    assert kernel.converged[0] == loop.converged[0]
    assert abs(int(kernel.n_iter[0]) - int(loop.n_iter[0])) <= max(2, 0.1 * loop.n_iter[0])
    Xd, yd = X.astype(dtype).astype(float), y.astype(dtype).astype(float)
    y_scale = problem.y_sq_norms[0] / problem.sum_sw
    atol = (1e-5 if dtype == np.float32 else 1e-12) * y_scale
    gap = duality_gap(Xd, yd, kernel.coef[0], penalty, sw)
    np.testing.assert_allclose(kernel.dual_gap[0], gap, rtol=1e-3, atol=atol)
    objectives = [primal_objective(Xd, yd, r.coef[0], problem.intercept(r.coef)[0],
                                   penalty, sw) for r in (kernel, loop)]
    assert abs(objectives[0] - objectives[1]) <= (kernel.dual_gap[0] + loop.dual_gap[0]
                                                  + atol)


@pytest.mark.parametrize("n_features", [10, 100])
@pytest.mark.parametrize("l1_ratio, divisor", [(1.0, 5), (1.0, 100), (0.5, 20)])
@pytest.mark.parametrize("variant", ["plain", "weighted", "bounded", "float32", "warm"])
def test_single_gram_fit_in_kernel_is_the_python_loop(rng, monkeypatch, n_features,
                                                      l1_ratio, divisor, variant):
    """A fit on a Gram form of at most ONE_CALL_TALL_MAX_FEATURES features
    runs the one-call rule of ``solve_target`` in C (``cd_gram_path`` with
    one alpha).  The same rule: the same verdict and epochs, the same
    coefficients (n > p: a unique optimum) and a certified gap."""
    import sklearn_penalized.solvers._cd as cd

    X, y, sw, dtype, alpha, penalty, problem = _twin_case(rng, 400, n_features, 5,
                                                          l1_ratio, divisor, variant)
    start = None
    if variant == "warm":
        start = CoordinateDescent(tol=1e-6, gram=True).solve(
            problem, L1L2(2 * alpha * l1_ratio, alpha * (1 - l1_ratio))).coef
    kernel = CoordinateDescent(tol=1e-6, gram=True).solve(problem, penalty, coef_init=start)
    monkeypatch.setattr(cd.CoordinateDescent, "_gram_target",
                        staticmethod(lambda ops, w, l1, l2, **k: cd.solve_target(
                            ops, w, l1, l2, **k)))
    loop = CoordinateDescent(tol=1e-6, gram=True).solve(problem, penalty, coef_init=start)
    assert kernel.converged[0] and loop.converged[0]
    assert abs(int(kernel.n_iter[0]) - int(loop.n_iter[0])) <= 1
    scale = np.abs(loop.coef).max()
    np.testing.assert_allclose(kernel.coef, loop.coef, rtol=0,
                               atol=(1e-6 if dtype == np.float32 else 1e-9) * scale)
    Xd, yd = X.astype(dtype).astype(float), y.astype(dtype).astype(float)
    gap = duality_gap(Xd, yd, kernel.coef[0], penalty, sw)
    y_scale = problem.y_sq_norms[0] / problem.sum_sw
    # float32: the data's rounding (ulps of ||y||^2) enters both gaps
    atol = (1e-5 if dtype == np.float32 else 1e-12) * y_scale
    np.testing.assert_allclose(kernel.dual_gap[0], gap, rtol=1e-3, atol=atol)


@pytest.mark.parametrize("route", ["kernel", "python", "sparse"])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_adaptive_budget_finishes_on_x_when_the_rest_is_short(rng, monkeypatch, route,
                                                               l1_ratio):
    """Small problems under ``"adaptive"``: the budget (the cost of forming Q)
    caps the epochs on X.  When it runs out a few epochs before X would
    converge, the fit finishes on X (the gap's rate forecasts the rest)
    rather than paying for Q as well; when the forecast exceeds the budget's
    worth of epochs again, it switches at once, with no further epoch on X.
    Every route to the rule (the dense kernel, the Python loop, sparse X)
    does."""
    from sklearn_penalized.solvers import _cd

    if route == "python":
        monkeypatch.setattr(_cd, "DENSE_PATH_MAX_SAMPLES", 0)
    n, p = 150, 25
    latent = rng.randn(n, 3)
    X = latent @ rng.randn(3, p) + 0.05 * rng.randn(n, p)
    y = latent @ rng.randn(3) + 0.1 * rng.randn(n)
    from sklearn_penalized._objective import alpha_max

    alpha = alpha_max(X, y) / l1_ratio / 300
    penalty = L1L2(alpha * l1_ratio, alpha * (1 - l1_ratio) / 2)

    def design():
        return sp.csc_matrix(X) if route == "sparse" else np.asfortranarray(X)
    problem = make_problem(design(), y, None, fit_intercept=True)
    on_x = CoordinateDescent(max_iter=10_000).solve(problem, penalty)
    epochs_on_x = int(on_x.n_iter[0])
    assert epochs_on_x > 20 and on_x.converged[0]

    calls = []
    for name in ("_solve_on_gram", "_solve_dense_in_kernel"):
        original = getattr(CoordinateDescent, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)
        static = isinstance(CoordinateDescent.__dict__[name], staticmethod)
        monkeypatch.setattr(CoordinateDescent, name, staticmethod(spy) if static else spy)
    original_target = _cd.solve_target

    def target_spy(*args, **kwargs):
        calls.append("solve_target")
        return original_target(*args, **kwargs)
    monkeypatch.setattr(_cd, "solve_target", target_spy)

    # a budget two epochs short of what X needs: finished on X
    monkeypatch.setattr(_cd, "_gram_switch_budget", lambda problem: (epochs_on_x - 2) * p)
    solver = CoordinateDescent(max_iter=10_000, gram="adaptive")
    result = solver.solve(make_problem(design(), y, None, fit_intercept=True), penalty)
    assert not solver.switched_to_gram_ and "_solve_on_gram" not in calls
    assert result.converged[0] and result.dual_gap[0] <= 1e-4 * problem.y_sq_norms[0]
    # the same epochs as X alone, within the forecast's few settling ones
    assert epochs_on_x <= result.n_iter[0] <= epochs_on_x + 3
    from sklearn_penalized._objective import primal_objective

    objective = [primal_objective(X, y, r.coef[0], problem.intercept(r.coef)[0], penalty)
                 for r in (on_x, result)]
    assert abs(objective[0] - objective[1]) <= 2e-4 * np.sum((y - y.mean()) ** 2) / n

    # a budget of a fifth of the epochs: the rest would cost more than Q
    calls.clear()
    monkeypatch.setattr(_cd, "_gram_switch_budget", lambda problem: (epochs_on_x // 5) * p)
    solver = CoordinateDescent(max_iter=10_000, gram="adaptive")
    result = solver.solve(make_problem(design(), y, None, fit_intercept=True), penalty)
    assert solver.switched_to_gram_
    assert calls.count("_solve_on_gram") == 1 and len(calls) == 2  # one call on X
    assert result.converged[0]
