# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Box constraints ``lower_j <= w_j <= upper_j`` on the coefficients.

The problem, in the mean-datafit scale of :mod:`sklearn_penalized._objective`,

    1/(2 sum(s)) ||y - X w - b||_S^2 + l1 sum_j |w_j| + l2 sum_j w_j^2
    subject to lower_j <= w_j <= upper_j   (lower_j <= 0 <= upper_j),

is solved by :class:`~sklearn_penalized.solvers.CoordinateDescent`, which
takes the box from ``penalty.kernel_bounds``.  Every solution is checked
against mathematics recomputed in NumPy: the projected KKT conditions
(one-sided at a bound), the duality gap with the box's conjugate, and an
independent solver (SciPy's L-BFGS-B on the split ``w = w+ - w-``).
"""
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import minimize, minimize_scalar
from sklearn.exceptions import ConvergenceWarning

import sklearn_penalized.solvers._working_set as ws_module
from sklearn_penalized._kernels._cd_fast import cd_dense, cd_gram, cd_sparse
from sklearn_penalized._kernels._cd_fast import duality_gap as kernel_gap
from sklearn_penalized._objective import (
    duality_gap,
    kkt_violation,
    penalty_conjugate,
    primal_objective,
)
from sklearn_penalized._preprocessing import make_problem
from sklearn_penalized.penalties import L1, L1L2, L2
from sklearn_penalized.solvers import Cholesky, CoordinateDescent, resolve_solver
from sklearn_penalized.utils._testing import assert_optimal

ROUTES = ["dense", "sparse", "gram"]


# -- data -----------------------------------------------------------------------
def _design(rng, n_samples, n_features, sparse=False):
    """Correlated, non-centred columns (sparse: CSC with a dense, offset column)."""
    if sparse:
        X = sp.random(n_samples, n_features, density=0.3, random_state=rng,
                      format="csc")
        X.data = 1.0 + 2.0 * X.data
        X = X.tolil()
        X[:, 0] = 2.0 + rng.randn(n_samples, 1)  # centring matters
        return X.tocsc()
    X = rng.randn(n_samples, n_features) + 0.5 * rng.randn(n_samples, 1)
    X += rng.uniform(-1.0, 1.0, n_features)
    return np.asfortranarray(X)


def _target(rng, X, n_targets=1):
    """Large coefficients of both signs, so that bounds of size ~1 bind."""
    p = X.shape[1]
    coef = rng.uniform(1.0, 3.0, (p, n_targets)) * rng.choice([-1, 1], (p, n_targets))
    coef[rng.rand(p) < 0.5] = 0.0
    Y = np.asarray(X @ coef) + 0.3 * rng.randn(X.shape[0], n_targets) + 2.0
    return Y[:, 0] if n_targets == 1 else Y


def _random_box(rng, n_features):
    """Bounds of every kind: two-sided, one side infinite, ``lower = 0``
    (positive-like), ``upper = 0`` and one feature fixed at 0.  Values are
    float32 numbers, so the float32 box equals the float64 one."""
    lower = -rng.uniform(0.2, 1.0, n_features)
    upper = rng.uniform(0.2, 1.0, n_features)
    lower[0::5] = -np.inf
    upper[1::5] = np.inf
    lower[2::7] = 0.0
    upper[3::11] = 0.0
    lower[4] = upper[4] = 0.0
    return (lower.astype(np.float32).astype(np.float64),
            upper.astype(np.float32).astype(np.float64))


def _penalty(kind, alpha, **box):
    if kind == "l1":
        return L1(alpha, **box)
    if kind == "l2":
        return L2(alpha, **box)
    return L1L2(alpha, alpha / 2, **box)


def _alpha(X, y, sw=None, fraction=0.05):
    """``fraction`` of the Lasso alpha_max of the (weighted, centred) data."""
    X = X.toarray() if sp.issparse(X) else X
    s = np.ones(len(y)) if sw is None else sw
    Xc = X - s @ X / s.sum()
    yc = y - s @ y / s.sum()
    return fraction * np.max(np.abs(Xc.T @ (s * yc))) / s.sum()


def _fit(X, Y, penalty, *, route="dense", sw=None, dtype=np.float64, tol=1e-12,
         max_iter=100_000, coef_init=None):
    """``(coef, intercept, result)`` of CoordinateDescent on one route."""
    X = X.astype(dtype) if sp.issparse(X) else np.asfortranarray(X, dtype=dtype)
    Y = np.asarray(Y, dtype=dtype)
    problem = make_problem(X.copy(), Y, None if sw is None else sw.astype(dtype),
                           fit_intercept=True)
    solver = CoordinateDescent(tol=tol, max_iter=max_iter,
                               gram=True if route == "gram" else None)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        result = solver.solve(problem, penalty, coef_init=coef_init)
    return result.coef, problem.intercept(result.coef), result


def _shape(route, wide):
    """Features beyond WORKING_SET_MIN_FEATURES run the working-set loop."""
    if route == "gram":
        return (300, 80) if wide else (150, 20)
    return (60, 120) if wide else (80, 20)


# -- penalties --------------------------------------------------------------------
def test_kernel_bounds_fold_positive_and_round_inwards():
    pen = L1(1.0, lower=[-1.0, -np.inf, 0.0], upper=[0.1, 2.0, np.inf])
    lower, upper = pen.kernel_bounds(3)
    np.testing.assert_array_equal(lower, [-1.0, -np.inf, 0.0])
    np.testing.assert_array_equal(upper, [0.1, 2.0, np.inf])
    assert lower.dtype == upper.dtype == np.float64
    # positive=True is lower = max(lower, 0)
    lower, _ = L1(1.0, lower=-1.0, positive=True).kernel_bounds(2)
    np.testing.assert_array_equal(lower, [0.0, 0.0])
    lower, upper = L2(1.0).kernel_bounds(2)
    assert np.all(lower == -np.inf) and np.all(upper == np.inf)
    # float32: 0.1 is not a float32; the float32 bound is the one below it
    lower32, upper32 = pen.kernel_bounds(3, dtype=np.float32)
    assert upper32.dtype == np.float32
    assert float(upper32[0]) <= 0.1 < float(np.nextafter(upper32[0], np.float32(1)))
    # a bound beyond float32's range stays finite and inside the box
    lower32, _ = L1(1.0, lower=-1e300).kernel_bounds(1, dtype=np.float32)
    assert np.isfinite(lower32[0]) and -1e300 <= float(lower32[0]) < 0
    assert L1(1.0, upper=1.0).has_bounds(2) and L1(1.0, positive=True).has_bounds(2)
    assert not L1(1.0, lower=-np.inf, upper=np.inf).has_bounds(2)


def test_value_prox_and_projected_kkt_hand_computed():
    pen = L1(1.0, lower=[-1.0, -1.0, 0.0, -2.0], upper=[2.0, 0.5, 1.0, 0.0])
    assert pen.value([1.0, -1.0, 0.5, -2.0]) == pytest.approx(4.5)
    assert pen.value([1.0, 0.6, 0.5, -2.0]) == np.inf   # 0.6 > upper
    assert pen.value([1.0, 0.0, -0.1, 0.0]) == np.inf   # -0.1 < lower = 0
    # prox: soft-threshold by 1, then clip
    z = np.array([4.0, 3.0, -3.0, -5.0])
    np.testing.assert_array_equal(pen.prox(z, 1.0), [2.0, 0.5, 0.0, -2.0])
    # projected KKT, l1 = 1:
    # w=2=upper: one-sided, r = g + 1 must be <= 0: g=-3 -> 0; g=0.5 -> 1.5
    # w=0 with lower=0 < upper: only growing counts: max(-g - 1, 0)
    # w=0 with upper=0 > lower: only shrinking counts: max(g - 1, 0)
    w = [2.0, 0.0, 0.0, 0.0]
    np.testing.assert_allclose(pen.subdiff_distance(w, [-3.0, 0.0, 3.0, 3.0]),
                               [0.0, 0.0, 0.0, 2.0])
    np.testing.assert_allclose(pen.subdiff_distance(w, [0.5, -3.0, -3.0, -3.0]),
                               [1.5, 2.0, 2.0, 0.0])
    # w = lower = -1 < 0: r = g - 1 must be >= 0: g = 0 -> 1; g = 4 -> 0
    np.testing.assert_allclose(pen.subdiff_distance([-1.0, -1.0, 0.0, -2.0],
                                                    [0.0, 4.0, 0.0, 0.5]),
                               [1.0, 0.0, 0.0, 0.5])
    # fixed at zero: any gradient is fine; outside the box: inf
    fixed = L1(1.0, lower=0.0, upper=0.0)
    assert fixed.subdiff_distance([0.0], [100.0])[0] == 0.0
    assert pen.subdiff_distance([3.0, 0.0, 0.0, 0.0], np.zeros(4))[0] == np.inf


@pytest.mark.parametrize("kind", ["l1", "l2", "l1l2"])
def test_prox_is_the_box_constrained_minimiser(rng, kind):
    """Brute force: the 1-D problem minimised over [lower_j, upper_j]."""
    n = 12
    lower, upper = _random_box(rng, n)
    lower[np.isinf(lower)] = -1e3
    upper[np.isinf(upper)] = 1e3
    pen = _penalty(kind, 0.7, lower=lower, upper=upper)
    z, step = 3.0 * rng.randn(n), 0.8
    prox = pen.prox(z, step)
    single = _penalty(kind, 0.7)
    for j in range(n):
        if lower[j] == upper[j]:
            assert prox[j] == 0.0
            continue

        def f(t, j=j):
            return (t - z[j]) ** 2 / (2 * step) + single.value([t])
        best = minimize_scalar(f, bounds=(lower[j], upper[j]), method="bounded",
                               options={"xatol": 1e-12})
        assert f(prox[j]) <= best.fun + 1e-10
        assert lower[j] <= prox[j] <= upper[j]


def test_alpha_max_one_sided_bounds():
    grad0 = np.array([-3.0, 2.0, -1.0, 5.0])
    # correlations c = -grad0 = [3, -2, 1, -5]
    assert L1(1.0).alpha_max(grad0) == 5.0
    # feature 3 cannot shrink (lower = 0) and feature 0 cannot grow (upper = 0)
    pen = L1(1.0, lower=[-1.0, -1.0, -1.0, 0.0], upper=[0.0, 1.0, 1.0, 1.0])
    assert pen.alpha_max(grad0) == 2.0
    # fixed at zero: never enters; all fixed: 0 is optimal for every alpha
    assert L1(1.0, lower=[-1, -1, -1, 0], upper=[1, 0, 1, 0]).alpha_max(grad0) == 3.0
    assert L1(1.0, lower=0.0, upper=0.0).alpha_max(grad0) == 0.0
    # positive is lower = 0
    assert (L1(1.0, lower=0.0).alpha_max(grad0)
            == L1(1.0, positive=True).alpha_max(grad0))


@pytest.mark.parametrize("lower_kind", ["scalar", "array"])
def test_alpha_max_zero_is_optimal_exactly_at_it(rng, lower_kind):
    n = 9
    grad0 = rng.randn(n)
    lower, upper = _random_box(rng, n)
    if lower_kind == "scalar":
        lower = -0.5
    pen = L1(1.0, lower=lower, upper=upper)
    a_max = pen.alpha_max(grad0)
    zero = np.zeros(n)
    at_max = L1(a_max, lower=lower, upper=upper)
    below = L1(0.99 * a_max, lower=lower, upper=upper)
    assert np.max(at_max.subdiff_distance(zero, grad0)) <= 1e-14
    assert np.max(below.subdiff_distance(zero, grad0)) > 0


def test_addition_carries_bounds():
    lower, upper = np.array([-1.0, 0.0]), np.array([1.0, 2.0])
    pen = L1(0.5, lower=lower, upper=upper) + L2(0.25, lower=lower.copy(),
                                                 upper=upper.copy())
    assert isinstance(pen, L1L2) and (pen.l1, pen.l2) == (0.5, 0.25)
    np.testing.assert_array_equal(pen.lower, lower)
    np.testing.assert_array_equal(pen.upper, upper)
    assert pen.value([2.0, 0.0]) == np.inf
    assert (L1(0.5, upper=1.0) + L1(0.5, upper=1.0)).upper == 1.0
    with pytest.raises(ValueError, match="agree on lower"):
        L1(0.5, lower=lower) + L2(0.25)
    with pytest.raises(ValueError, match="agree on upper"):
        L1(0.5, upper=1.0) + L2(0.25, upper=2.0)


@pytest.mark.parametrize(
    "params, message",
    [
        (dict(lower=0.5), r"L1: lower must be <= 0 .*got lower\[0\] = 0.5"),
        (dict(lower=[-1.0, 0.1, -1.0]), r"lower must be <= 0 .*lower\[1\] = 0.1"),
        (dict(upper=[1.0, 1.0, -0.2]), r"upper must be >= 0 .*upper\[2\] = -0.2"),
        (dict(upper=-np.inf),
         r"upper must be >= 0 for every feature \(zero must be feasible"),
        (dict(lower=[-1.0, np.nan, -1.0]), "lower contains NaN"),
        (dict(upper=np.nan), "upper contains NaN"),
        (dict(lower=[-1.0, -1.0]),
         r"lower has shape \(2,\), expected a scalar or \(3,\)"),
        (dict(upper=np.ones((3, 1))), r"upper has shape \(3, 1\)"),
        (dict(upper="big"), "upper must be None, a number or an array"),
    ],
)
def test_invalid_bounds_raise_and_inputs_are_not_modified(params, message):
    given = {k: (np.array(v, copy=True) if isinstance(v, list) else v)
             for k, v in params.items()}
    snapshot = {k: np.array(v, copy=True) for k, v in given.items()}
    w = np.zeros(3)
    for pen in (L1(1.0, **given), L2(1.0, **given), L1L2(1.0, 1.0, **given)):
        expected = message.replace("L1:", type(pen).__name__ + ":")
        for method, args in (("value", (w,)), ("prox", (w, 1.0)),
                             ("subdiff_distance", (w, w)), ("alpha_max", (w,)),
                             ("kernel_bounds", (3,)), ("has_bounds", (3,))):
            with pytest.raises(ValueError, match=expected):
                getattr(pen, method)(*args)
        problem = make_problem(np.asfortranarray(np.eye(3)), np.ones(3), None,
                               fit_intercept=False)
        with pytest.raises(ValueError, match="lower|upper"):
            CoordinateDescent().solve(problem, pen)
    for k, v in given.items():
        np.testing.assert_array_equal(np.asarray(v), snapshot[k])


def test_valid_bounds_are_never_modified(rng):
    X = _design(rng, 40, 10)
    y = _target(rng, X)
    lower, upper = _random_box(rng, 10)
    lower_in, upper_in = lower.copy(), upper.copy()
    pen = L1L2(_alpha(X, y), 0.1, lower=lower_in, upper=upper_in, positive=True)
    for route in ROUTES:
        _fit(X if route != "sparse" else sp.csc_matrix(X), y, pen, route=route,
             coef_init=5.0 * np.ones((1, 10)))
    assert pen.lower is lower_in and pen.upper is upper_in
    np.testing.assert_array_equal(lower_in, lower)
    np.testing.assert_array_equal(upper_in, upper)


def test_bounds_route_to_coordinate_descent(rng):
    X = _design(rng, 30, 5)
    problem = make_problem(X, rng.randn(30), None, fit_intercept=True)
    assert resolve_solver("auto", L2(0.1, upper=1.0), problem).name == "cd"
    assert resolve_solver("auto", L2(0.1, upper=np.inf), problem).name == "cholesky"
    with pytest.raises(ValueError, match="does not support bounds on the coefficients"):
        resolve_solver("cholesky", L2(0.1, lower=-1.0), problem)
    with pytest.raises(ValueError, match="pure L2"):
        Cholesky().solve(problem, L2(0.1, lower=-1.0))


# -- the duality gap --------------------------------------------------------------
def _brute_conjugate(u, l1, l2, lower, upper):
    """sup over a fine grid plus the candidate points of u t - g(t)."""
    lo, hi = max(lower, -50.0), min(upper, 50.0)
    grid = np.concatenate([np.linspace(lo, hi, 200_001), [lo, hi, 0.0]])
    for t in ((u - l1) / (2 * l2), (u + l1) / (2 * l2)) if l2 > 0 else ():
        grid = np.append(grid, np.clip(t, lo, hi))
    return np.max(u * grid - l1 * np.abs(grid) - l2 * grid**2)


@pytest.mark.parametrize("l2", [0.0, 0.7])
def test_conjugate_matches_brute_force(rng, l2):
    for _ in range(60):
        lower = -rng.choice([0.0, 0.3, 2.0])
        upper = rng.choice([0.0, 0.5, 3.0])
        if l2 > 0:  # infinite sides have a finite conjugate with an L2 term
            lower = rng.choice([lower, -np.inf])
            upper = rng.choice([upper, np.inf])
        u, l1 = 4.0 * rng.randn(), rng.choice([0.0, 1.0])
        expected = _brute_conjugate(u, l1, l2, lower, upper)
        got = float(penalty_conjugate(u, l1, l2, lower, upper))
        assert got == pytest.approx(expected, abs=1e-8), (u, l1, lower, upper)


def _random_feasible(rng, lower, upper, scale=2.0):
    w = scale * rng.randn(len(lower))
    w[rng.rand(len(lower)) < 0.3] = 0.0
    return np.clip(w, lower, upper)


@pytest.mark.parametrize("kind", ["l1", "l2", "l1l2"])
@pytest.mark.parametrize("weighted", [False, True])
def test_gap_nonnegative_bounds_suboptimality_and_zero_at_optimum(rng, kind, weighted):
    """At random points of the box the gap is >= P(w) - P(w*) >= 0, and the
    kernels' gap (from the same statistics) equals the NumPy reference."""
    n, p = 40, 12
    X = _design(rng, n, p)
    y = _target(rng, X)
    sw = rng.uniform(0.3, 2.0, n) if weighted else None
    lower, upper = _random_box(rng, p)
    pen = _penalty(kind, _alpha(X, y, sw, 0.1), lower=lower, upper=upper)
    coef, intercept, _ = _fit(X, y, pen, sw=sw, tol=1e-14)
    w_star = coef[0]
    p_star = primal_objective(X, y, w_star, intercept[0], pen, sw)
    gap_star = duality_gap(X, y, w_star, pen, sw)
    assert abs(gap_star) <= 1e-12 * p_star
    s = np.ones(n) if sw is None else sw
    for _ in range(20):
        w = _random_feasible(rng, lower, upper)
        b = s @ (y - X @ w) / s.sum()
        suboptimality = primal_objective(X, y, w, b, pen, sw) - p_star
        gap = duality_gap(X, y, w, pen, sw)
        assert suboptimality >= -1e-12 * p_star
        assert gap >= suboptimality - 1e-10 * p_star
        # the kernels' gap from the statistics of the centred problem
        Xc = (X - s @ X / s.sum()) * np.sqrt(s)[:, None]
        yc = (y - s @ y / s.sum()) * np.sqrt(s)
        R = yc - Xc @ w
        l1, l2 = (s.sum() * v for v in pen.kernel_weights(p))
        _, ours, _, _ = kernel_gap(w, Xc.T @ R, np.einsum("ij,ij->j", Xc, Xc), l1, l2,
                             R @ R, R @ yc, lower=lower, upper=upper)
        assert ours / s.sum() == pytest.approx(gap, rel=1e-9, abs=1e-12 * p_star)
    # outside the box the primal is infinite, and so is the gap
    w_out = w_star.copy()
    w_out[np.argmax(upper < np.inf)] = 10.0
    assert duality_gap(X, y, w_out, pen, sw) == np.inf


def test_gap_of_inactive_far_bounds_is_not_inflated(rng):
    """A finite but far bound must not blow the gap up: with upper = 1e6 the
    unscaled dual point's conjugate (X_j^T theta - l1_j) * 1e6 would magnify
    rounding-level stationarity errors a million times; the second candidate
    (the unbounded problem's dual point) keeps gap <= the unbounded gap."""
    n, p = 50, 15
    X = _design(rng, n, p)
    y = _target(rng, X)
    alpha = _alpha(X, y, fraction=0.05)
    free, far = L1(alpha), L1(alpha, lower=-1e6, upper=1e6)
    w_star = _fit(X, y, free, tol=1e-14)[0][0]
    for _ in range(10):
        w = w_star * (1 + 1e-3 * rng.randn(p))
        assert duality_gap(X, y, w, far) <= duality_gap(X, y, w, free) * (1 + 1e-12)
    # and a float32 fit with far bounds converges (without the second
    # candidate it stayed 1e4 times above tol after 20000 epochs)
    _, _, result = _fit(X, y, far, dtype=np.float32, tol=1e-6)
    assert result.converged[0]


@pytest.mark.parametrize("route", ROUTES)
def test_gap_decreases_to_tol_and_equals_reference(rng, route):
    """The reported gap, stopped early and at convergence, is the NumPy gap of
    the returned coefficients; it decreases with the number of epochs."""
    n, p = (200, 30) if route == "gram" else (50, 30)
    X = _design(rng, n, p, sparse=route == "sparse")
    y = _target(rng, X)
    sw = rng.uniform(0.3, 2.0, n)
    lower, upper = _random_box(rng, p)
    pen = L1L2(_alpha(X, y, sw, 0.02), 0.01, lower=lower, upper=upper)
    Xd = X.toarray() if sp.issparse(X) else X
    gaps = []
    for max_iter in (1, 3, 10, 100_000):
        problem = make_problem(X.copy(), y, sw, fit_intercept=True)
        solver = CoordinateDescent(tol=1e-10, max_iter=max_iter,
                                   gram=True if route == "gram" else None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            result = solver.solve(problem, pen)
        reference = duality_gap(Xd, y, result.coef[0], pen, sw)
        np.testing.assert_allclose(result.dual_gap[0], reference, rtol=1e-6,
                                   atol=1e-13 * np.var(y))
        assert reference >= -1e-13 * np.var(y)
        gaps.append(result.dual_gap[0])
    assert gaps[0] > 1e-6 * np.var(y)  # far from converged: a meaningful check
    assert gaps[-1] <= 1e-10 * np.var(y) * (1 + 1e-6)
    assert gaps[-1] < gaps[1] < gaps[0]


# -- optimality on every route ------------------------------------------------------
@pytest.mark.parametrize("wide", [False, True])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("kind", ["l1", "l1l2"])
@pytest.mark.parametrize("route", ROUTES)
def test_projected_kkt_at_solution(rng, route, kind, dtype, wide):
    """Weighted, with intercept (implicit centring for sparse X): the projected
    KKT conditions and the duality gap recomputed in NumPy."""
    n, p = _shape(route, wide)
    X = _design(rng, n, p, sparse=route == "sparse")
    y = _target(rng, X)
    sw = rng.uniform(0.3, 2.0, n)
    lower, upper = _random_box(rng, p)
    pen = _penalty(kind, _alpha(X, y, sw), lower=lower, upper=upper)
    f32 = dtype == np.float32
    coef, intercept, result = _fit(X, y, pen, route=route, sw=sw, dtype=dtype,
                                   tol=1e-6 if f32 else 1e-12)
    w = coef[0]
    assert w.dtype == dtype and result.converged[0]
    assert np.all((lower <= w) & (w <= upper))
    at_bound = (w == lower) | (w == upper)
    # the premise: bounds bind, on both sides, and some features are interior
    assert np.any(at_bound & (w > 0)) and np.any(at_bound & (w < 0))
    assert np.any((w != 0) & ~at_bound)
    assert w[4] == 0.0  # fixed at zero
    Xd = X.toarray() if sp.issparse(X) else X
    assert_optimal(Xd, y, w, float(intercept[0]), pen, sw,
                   kkt_atol=2e-3 if f32 else 1e-5, gap_atol=1e-6 if f32 else 1e-10)


@pytest.mark.parametrize("route", ROUTES)
def test_multi_output_each_target_optimal(rng, route):
    n, p = _shape(route, wide=True)
    X = _design(rng, n, p, sparse=route == "sparse")
    Y = _target(rng, X, n_targets=3)
    lower, upper = _random_box(rng, p)
    pen = L1(_alpha(X, Y[:, 0]), lower=lower, upper=upper)
    coef, intercept, _ = _fit(X, Y, pen, route=route, tol=1e-12)
    Xd = X.toarray() if sp.issparse(X) else X
    for k in range(3):
        assert_optimal(Xd, Y[:, k], coef[k], float(intercept[k]), pen,
                       kkt_atol=1e-5, gap_atol=1e-10)
        single = _fit(X, Y[:, k], pen, route=route, tol=1e-12)[0][0]
        np.testing.assert_allclose(coef[k], single, atol=1e-5 * np.abs(single).max())
    # one penalty per target, with different boxes
    pens = [L1(_alpha(X, Y[:, 0]), upper=0.5), L1(_alpha(X, Y[:, 0]), lower=-0.5),
            L1(_alpha(X, Y[:, 0]))]
    coef, intercept, _ = _fit(X, Y, pens, route=route, tol=1e-12)
    assert np.max(coef[0]) <= 0.5 and np.min(coef[1]) >= -0.5
    for k in range(3):
        assert_optimal(Xd, Y[:, k], coef[k], float(intercept[k]), pens[k],
                       kkt_atol=1e-5, gap_atol=1e-10)


@pytest.mark.parametrize("route", ROUTES)
def test_working_set_equals_plain_coordinate_descent(rng, monkeypatch, route):
    """Screening (one-sided under bounds), ranking and Anderson change the
    path, not the optimum (strongly convex: L2 part)."""
    n, p = _shape(route, wide=True)
    X = _design(rng, n, p, sparse=route == "sparse")
    y = _target(rng, X)
    lower, upper = _random_box(rng, p)
    pen = L1L2(_alpha(X, y), 0.05, lower=lower, upper=upper)
    fast = _fit(X, y, pen, route=route, tol=1e-13)[0]
    monkeypatch.setattr(ws_module, "WORKING_SET_MIN_FEATURES", 10**9)
    plain = _fit(X, y, pen, route=route, tol=1e-13)[0]
    np.testing.assert_allclose(fast, plain, atol=1e-6 * np.abs(plain).max())


def test_fixed_features_are_never_visited(rng, monkeypatch):
    """lower = upper = 0: never in a working set, never passed to a kernel,
    zero even from a warm start outside the box."""
    X = _design(rng, 60, 120)
    y = _target(rng, X)
    lower, upper = _random_box(rng, 120)
    fixed = np.zeros(120, dtype=bool)
    fixed[[4, 7, 50, 51]] = True
    lower[fixed] = upper[fixed] = 0.0
    seen = []
    original = ws_module._DenseOps.run

    def spy(self, w, R, l1, l2, **options):
        seen.append(np.asarray(options.get("ws", np.arange(len(w)))))
        return original(self, w, R, l1, l2, **options)

    monkeypatch.setattr(ws_module._DenseOps, "run", spy)
    pen = L1(_alpha(X, y, fraction=0.01), lower=lower, upper=upper)
    coef, intercept, _ = _fit(X, y, pen, tol=1e-10, coef_init=np.ones((1, 120)))
    assert seen and not np.any(fixed[np.concatenate(seen)])
    assert np.all(coef[0][fixed] == 0.0)
    assert_optimal(X, y, coef[0], float(intercept[0]), pen, kkt_atol=1e-5,
                   gap_atol=1e-9)
    # the plain branch (few features) leaves them out of the kernel too
    seen.clear()
    pen = L1(_alpha(X, y, fraction=0.01), lower=lower[:20], upper=upper[:20])
    coef = _fit(X[:, :20], y, pen, tol=1e-10, coef_init=np.ones((1, 20)))[0]
    assert seen and not np.any(fixed[:20][np.concatenate(seen)])
    assert np.all(coef[0][fixed[:20]] == 0.0)


@pytest.mark.parametrize("weighted", [False, True])
def test_screening_rule_is_safe_under_bounds(rng, weighted):
    """The loop's gap-safe rule with the one-sided pull, applied at points
    near the optimum: every feature it screens is zero at the optimum, and
    it screens features that the two-sided rule would keep."""
    n, p = 60, 200
    X = _design(rng, n, p)
    y = _target(rng, X)
    sw = rng.uniform(0.3, 2.0, n) if weighted else None
    lower, upper = _random_box(rng, p)
    pen = L1(_alpha(X, y, sw, fraction=0.1), lower=lower, upper=upper)
    w_star = _fit(X, y, pen, sw=sw, tol=1e-14)[0][0]
    s = np.ones(n) if sw is None else sw
    Xc = (X - s @ X / s.sum()) * np.sqrt(s)[:, None]
    yc = (y - s @ y / s.sum()) * np.sqrt(s)
    sq_norms = np.einsum("ij,ij->j", Xc, Xc)
    l1, l2 = (s.sum() * v for v in pen.kernel_weights(p))
    can_grow, can_shrink = upper > 0, lower < 0
    one_sided_only = 0
    for noise in (1e-1, 1e-2, 1e-3):
        w = np.clip(w_star + noise * rng.randn(p) * (w_star != 0), lower, upper)
        R = yc - Xc @ w
        grad = Xc.T @ R
        _, _, scale, gap = kernel_gap(w, grad, sq_norms, l1, l2, R @ R, R @ yc,
                                lower=lower, upper=upper)
        radius = np.sqrt(sq_norms) * np.sqrt(2.0 * gap)
        pull = ws_module._pull(scale * grad, can_grow, can_shrink)
        screened = (l1 > 0) & (pull + radius < l1)
        assert np.all(w_star[screened] == 0.0)
        one_sided_only += np.count_nonzero(
            screened & ~(np.abs(scale * grad) + radius < l1))
    assert one_sided_only > 0  # the premise: the one-sided rule did work


# -- special cases ----------------------------------------------------------------
@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("kind", ["l1", "l1l2"])
def test_inactive_bounds_give_the_unconstrained_solution(rng, route, kind):
    n, p = _shape(route, wide=True)
    X = _design(rng, n, p, sparse=route == "sparse")
    y = _target(rng, X)
    alpha = _alpha(X, y)
    free = _fit(X, y, _penalty(kind, alpha), route=route, tol=1e-12)[0]
    far = _fit(X, y, _penalty(kind, alpha, lower=-1e6, upper=1e6), route=route,
               tol=1e-12)[0]
    assert np.abs(free).max() < 1e3  # the premise: bounds inactive
    # both within a gap of 1e-12 var(y) of the optimum: ~1e-6 in coefficients
    np.testing.assert_allclose(far, free, atol=1e-6 * np.abs(free).max())


@pytest.mark.parametrize("route", ROUTES)
def test_lower_zero_equals_positive_and_upper_zero_the_negated_problem(rng, route):
    n, p = _shape(route, wide=True)
    X = _design(rng, n, p, sparse=route == "sparse")
    X[:, 1::2] *= -1  # correlations of both signs: both problems are nonzero
    y = _target(rng, X)
    alpha = _alpha(X, y)
    positive = _fit(X, y, L1L2(alpha, 0.1, positive=True), route=route, tol=1e-12)[0]
    lower0 = _fit(X, y, L1L2(alpha, 0.1, lower=0.0, upper=np.inf), route=route,
                  tol=1e-12)[0]
    np.testing.assert_array_equal(lower0, positive)  # the same iterates
    assert np.any(positive > 0)
    # upper = 0 on y is lower = 0 on -y, negated
    upper0 = _fit(X, y, L1L2(alpha, 0.1, upper=0.0), route=route, tol=1e-12)[0]
    negated = _fit(X, -y, L1L2(alpha, 0.1, positive=True), route=route, tol=1e-12)[0]
    assert np.any(upper0 < 0)
    np.testing.assert_allclose(upper0, -negated, atol=1e-6 * np.abs(negated).max())


def test_bounded_kernels_agree_across_storages(rng):
    """The three kernels called directly: same iterates (cyclic order), same
    box, same gap; positive=True is lower = max(lower, 0)."""
    n, p = 40, 10
    X = np.asfortranarray(rng.randn(n, p))
    y = X @ (3 * rng.randn(p)) + rng.randn(n)
    lower, upper = _random_box(rng, p)
    l1 = np.full(p, 0.05 * np.max(np.abs(X.T @ y)))
    l2 = np.full(p, 0.5)
    options = dict(max_iter=7, gap_tol=-np.inf, dw_tol=0.0, lower=lower, upper=upper)
    Xs = sp.csc_matrix(X)
    outs = [
        cd_dense(np.zeros(p), X, y, l1, l2, **options),
        cd_sparse(np.zeros(p), Xs.data, Xs.indices, Xs.indptr, y, np.ones(1),
                  np.zeros(p), l1, l2, **options),
        cd_gram(np.zeros(p), np.asfortranarray(X.T @ X), X.T @ y, float(y @ y), l1,
                l2, **options),
    ]
    for w, gap, n_iter, _ in outs[1:]:
        np.testing.assert_allclose(np.asarray(w), np.asarray(outs[0][0]),
                                   rtol=1e-10, atol=1e-12)
        assert gap == pytest.approx(outs[0][1], rel=1e-8)
    w = np.asarray(outs[0][0])
    assert np.all((lower <= w) & (w <= upper)) and np.any((w == lower) | (w == upper))
    both = cd_dense(np.zeros(p), X, y, l1, l2, positive=True, **options)[0]
    folded = dict(options, lower=np.maximum(lower, 0.0))
    np.testing.assert_array_equal(np.asarray(both),
                                  np.asarray(cd_dense(np.zeros(p), X, y, l1, l2,
                                                      **folded)[0]))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_float32_gram_rounding_stays_in_the_box(rng, dtype):
    """The float32 Gram route solves in float64 and rounds away from zero;
    with bounds that are not float32 numbers the result must stay inside
    the (inward-rounded) box and be optimal for it."""
    n, p = 400, 30
    X = _design(rng, n, p)
    y = _target(rng, X)
    lower = -rng.uniform(0.1, 0.9, p) - 1e-9   # not float32 numbers
    upper = rng.uniform(0.1, 0.9, p) + 1e-9
    pen = L1L2(_alpha(X, y), 0.01, lower=lower, upper=upper)
    coef, intercept, _ = _fit(X, y, pen, route="gram", dtype=dtype,
                                   tol=1e-9 if dtype == np.float32 else 1e-12)
    w = coef[0]
    lo, hi = pen.kernel_bounds(p, dtype)
    assert np.all((lo <= w) & (w <= hi)) and np.all((lower <= w) & (w <= upper))
    assert np.any((w == lo) | (w == hi))
    pen_rounded = L1L2(_alpha(X, y), 0.01, lower=lo.astype(np.float64),
                       upper=hi.astype(np.float64))
    assert_optimal(X, y, w, float(intercept[0]), pen_rounded, kkt_atol=1e-5,
                   gap_atol=1e-8)


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("wide", [False, True])
def test_unpenalized_features_under_bounds(rng, route, wide):
    """Features with no penalty at all (l1_j = l2_j = 0): with both bounds
    finite their conjugate is finite and the gap stays certified; with an
    unbounded side the documented substitute (the decrease of a step
    projected onto the box) is used.  Either way the fit is optimal."""
    n, p = _shape(route, wide)
    X = _design(rng, n, p, sparse=route == "sparse")
    y = _target(rng, X)
    lower, upper = _random_box(rng, p)
    factors = np.ones(p)
    factors[[0, 1, 2, 3, 6]] = 0.0   # unbounded below / above / lower = 0 / ...
    factors[[8, 9]] = 0.0            # two-sided finite boxes
    lower[[8, 9]], upper[[8, 9]] = -0.3, 0.3
    pen = L1L2(_alpha(X, y), 0.0, weights=factors, lower=lower, upper=upper)
    coef, intercept, _ = _fit(X, y, pen, route=route, tol=1e-12)
    Xd = X.toarray() if sp.issparse(X) else X
    assert_optimal(Xd, y, coef[0], float(intercept[0]), pen, kkt_atol=1e-5,
                   gap_atol=1e-10)
    # certified when every unpenalized feature has a finite box
    boxed = L1L2(_alpha(X, y), 0.0, weights=np.where(np.arange(p) < 8, 1.0, factors),
                 lower=lower, upper=upper)
    w_star, b_star, _ = _fit(X, y, boxed, route=route, tol=1e-14)
    p_star = primal_objective(Xd, y, w_star[0], b_star[0], boxed)
    for _ in range(5):
        w = _random_feasible(rng, lower, upper)
        b = np.mean(y - Xd @ w)
        sub = primal_objective(Xd, y, w, b, boxed) - p_star
        assert duality_gap(Xd, y, w, boxed) >= sub - 1e-10 * abs(p_star)


# -- an independent reference: SciPy's L-BFGS-B ------------------------------------
def _lbfgsb(X, y, sw, l1, l2, lower, upper):
    """Mean-datafit objective with the intercept eliminated, minimised by
    L-BFGS-B on ``w = u - v`` with ``0 <= u <= upper``, ``0 <= v <= -lower``
    (smooth: ``|w|`` becomes ``u + v``).  Returns the objective value."""
    s = np.ones(len(y)) if sw is None else sw
    Xc = X - s @ X / s.sum()
    yc = y - s @ y / s.sum()
    p = X.shape[1]

    def f(z):
        u, v = z[:p], z[p:]
        r = yc - Xc @ (u - v)
        grad_w = -Xc.T @ (s * r) / s.sum() + 2 * l2 * (u - v)
        value = (s @ r**2 / (2 * s.sum()) + l1 * np.sum(u + v)
                 + l2 * np.sum((u - v) ** 2))
        return value, np.concatenate([grad_w + l1, -grad_w + l1])

    box = ([(0.0, None if hi == np.inf else hi) for hi in upper]
           + [(0.0, None if lo == -np.inf else -lo) for lo in lower])
    res = minimize(f, np.zeros(2 * p), jac=True, method="L-BFGS-B", bounds=box,
                   options=dict(maxiter=100_000, maxfun=200_000, ftol=1e-16,
                                gtol=1e-13, maxcor=30))
    return res.fun


@pytest.mark.parametrize("kind", ["l1", "l2", "l1l2"])
@pytest.mark.parametrize("weighted", [False, True])
def test_objective_matches_lbfgsb(rng, kind, weighted):
    n, p = 60, 10
    X = _design(rng, n, p)
    y = _target(rng, X)
    sw = rng.uniform(0.3, 2.0, n) if weighted else None
    lower, upper = _random_box(rng, p)
    alpha = _alpha(X, y, sw, fraction=0.05)
    pen = _penalty(kind, alpha, lower=lower, upper=upper)
    coef, intercept, _ = _fit(X, y, pen, sw=sw, tol=1e-14)
    ours = primal_objective(X, y, coef[0], intercept[0], pen, sw)
    l1 = alpha if kind != "l2" else 0.0
    l2 = {"l1": 0.0, "l2": alpha, "l1l2": alpha / 2}[kind]
    reference = _lbfgsb(X, y, sw, l1, l2, lower, upper)
    # ours is certified (gap <= 1e-14 var(y)); L-BFGS-B may stop a little above
    assert ours <= reference * (1 + 1e-10)
    assert ours == pytest.approx(reference, rel=1e-8)
    assert np.any((coef[0] == lower) | (coef[0] == upper))


def test_kkt_violation_detects_wrong_solutions(rng):
    """The test machinery can fail: the unconstrained solution clipped to the
    box is not optimal for the boxed problem, and the boxed solution is not
    optimal without the box."""
    X = _design(rng, 60, 10)
    y = _target(rng, X)
    lower, upper = _random_box(rng, 10)
    alpha = _alpha(X, y)
    boxed, free = L1(alpha, lower=lower, upper=upper), L1(alpha)
    w_free = _fit(X, y, free)[0]
    w_box, b_box, _ = _fit(X, y, boxed)
    clipped = np.clip(w_free[0], lower, upper)
    b_clip = np.mean(y - X @ clipped)
    assert np.max(kkt_violation(X, y, clipped, b_clip, boxed)[0]) > 1e-3
    assert duality_gap(X, y, clipped, boxed) > 1e-6
    assert np.max(kkt_violation(X, y, w_box[0], b_box[0], free)[0]) > 1e-3
    assert np.max(kkt_violation(X, y, w_box[0], b_box[0], boxed)[0]) < 1e-8


# -- estimator parameters lower_bounds / upper_bounds ---------------------------
def _estimator_data(rng, n=80, p=12):
    X = rng.randn(n, p) + 0.5 * rng.randn(n, 1)
    X = X * rng.uniform(0.5, 2.0, size=p) + 1.0
    y = X[:, :4] @ np.array([3.0, -2.0, 1.5, -0.5]) + 0.3 * rng.randn(n) + 1.0
    return X, y


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_estimators_enforce_bounds_at_the_optimum(rng, sparse, weighted):
    """Lasso/ElasticNet(lower_bounds, upper_bounds): projected KKT and the
    certified gap of the boxed problem, some bounds active."""
    from sklearn_penalized import ElasticNet
    from sklearn_penalized.penalties import L1L2
    from sklearn_penalized.utils._testing import assert_optimal

    X, y = _estimator_data(rng)
    p = X.shape[1]
    lower = np.full(p, -1.0)
    upper = np.r_[2.0, np.full(p - 1, np.inf)]
    sw = rng.uniform(0.3, 2.0, size=len(y)) if weighted else None
    model = ElasticNet(alpha=0.02, l1_ratio=0.8, lower_bounds=lower, upper_bounds=upper,
                       tol=1e-12, max_iter=100_000).fit(
        sp.csc_matrix(X) if sparse else X, y, sample_weight=sw)
    assert model.coef_[0] == pytest.approx(2.0) and model.coef_[1] == pytest.approx(-1.0)
    assert np.all(model.coef_ >= lower) and np.all(model.coef_ <= upper)
    pen = L1L2(0.02 * 0.8, 0.02 * 0.2 / 2, lower=lower, upper=upper)
    assert_optimal(X, y, model.coef_, model.intercept_, pen, sw, kkt_atol=1e-6,
                   gap_atol=1e-10)


def test_estimator_bounds_inactive_positive_and_errors(rng):
    from sklearn_penalized import Lasso

    X, y = _estimator_data(rng)
    free = Lasso(alpha=0.05, tol=1e-12, max_iter=100_000).fit(X, y)
    loose = Lasso(alpha=0.05, lower_bounds=-1e6, upper_bounds=1e6, tol=1e-12,
                  max_iter=100_000).fit(X, y)
    np.testing.assert_allclose(loose.coef_, free.coef_, rtol=1e-8, atol=1e-10)
    positive = Lasso(alpha=0.05, positive=True, tol=1e-12, max_iter=100_000).fit(X, y)
    boxed = Lasso(alpha=0.05, lower_bounds=0.0, tol=1e-12, max_iter=100_000).fit(X, y)
    np.testing.assert_allclose(boxed.coef_, positive.coef_, rtol=1e-9, atol=1e-12)
    for params, match in (({"lower_bounds": 0.5}, "lower_bounds must be <= 0"),
                          ({"upper_bounds": [1.0, 2.0]}, "upper_bounds has shape"),
                          ({"upper_bounds": np.full(12, np.nan)}, "upper_bounds contains NaN")):
        with pytest.raises(ValueError, match=match):
            Lasso(**params).fit(X, y)


def test_bounds_with_excluded_features_are_restricted(rng):
    """With penalty_factor inf the bounds of the kept features still apply
    to the right coefficients."""
    from sklearn_penalized import Lasso

    X, y = _estimator_data(rng)
    factor = np.ones(X.shape[1])
    factor[0] = np.inf
    lower = -np.linspace(0.1, 1.2, X.shape[1])
    model = Lasso(alpha=0.01, penalty_factor=factor, lower_bounds=lower, tol=1e-12,
                  max_iter=100_000).fit(X, y)
    reduced = Lasso(alpha=0.01, lower_bounds=lower[1:], tol=1e-12,
                    max_iter=100_000).fit(X[:, 1:], y)
    assert model.coef_[0] == 0
    np.testing.assert_allclose(model.coef_[1:], reduced.coef_, rtol=1e-9, atol=1e-11)


def test_cv_with_bounds_equals_grid_search_and_one_sided_grid(rng):
    from sklearn.model_selection import GridSearchCV, KFold

    from sklearn_penalized import Lasso, LassoCV

    X, y = _estimator_data(rng, n=120)
    p = X.shape[1]
    # feature 1 (true coefficient -2) may not go negative: the grid must not
    # start where it would have entered
    lower = np.r_[-np.inf, 0.0, np.full(p - 2, -0.4)]
    upper = np.full(p, 2.5)
    folds = list(KFold(4, shuffle=True, random_state=0).split(X))
    cv = LassoCV(alphas=12, eps=1e-2, cv=folds, lower_bounds=lower, upper_bounds=upper,
                 tol=1e-10, max_iter=100_000).fit(X, y)
    at_max = Lasso(alpha=cv.alphas_[0] * (1 + 1e-9), lower_bounds=lower,
                   upper_bounds=upper, tol=1e-12, max_iter=100_000).fit(X, y)
    below = Lasso(alpha=cv.alphas_[0] * 0.99, lower_bounds=lower, upper_bounds=upper,
                  tol=1e-12, max_iter=100_000).fit(X, y)
    assert np.all(at_max.coef_ == 0) and np.count_nonzero(below.coef_) >= 1
    search = GridSearchCV(Lasso(lower_bounds=lower, upper_bounds=upper, tol=1e-10,
                                max_iter=100_000),
                          {"alpha": list(cv.alphas_)}, cv=folds,
                          scoring="neg_mean_squared_error").fit(X, y)
    assert cv.alpha_ == pytest.approx(search.best_params_["alpha"], rel=1e-12)
    np.testing.assert_allclose(cv.cv_mean_, -search.cv_results_["mean_test_score"],
                               rtol=1e-6)
    assert np.all(cv.coef_path_ >= lower[:, None] - 1e-12)
    assert np.all(cv.coef_path_ <= upper[:, None] + 1e-12)
