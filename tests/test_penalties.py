# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of the penalty objects: value, prox, subdifferential, alpha_max.

Every expected value is either derived by hand in a comment or recomputed
from the definitions (brute-force minimisation for the prox).
"""
import copy

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.optimize import minimize_scalar
from sklearn.base import clone

from sklearn_penalized._preprocessing import make_problem
from sklearn_penalized.penalties import L1, L1L2, L2
from sklearn_penalized.solvers import Cholesky, CoordinateDescent

# Hand-made (not random) vector used by the closed-form checks.
W = np.array([1.5, -2.0, 0.0, 0.5])


def _penalty(kind, strength_1=0.7, strength_2=0.3, **kwargs):
    if kind == "l1":
        return L1(strength_1, **kwargs)
    if kind == "l2":
        return L2(strength_2, **kwargs)
    return L1L2(strength_1, strength_2, **kwargs)


def _random_weights(rng, n_features):
    """Per-feature factors in [0, 2] with at least one exact zero."""
    weights = rng.uniform(0.0, 2.0, size=n_features)
    weights[rng.randint(n_features)] = 0.0
    return weights


# -- value ------------------------------------------------------------------
def test_value_hand_computed():
    # sum |W| = 1.5 + 2 + 0 + 0.5 = 4;  sum W^2 = 2.25 + 4 + 0 + 0.25 = 6.5
    assert L1(0.5).value(W) == pytest.approx(0.5 * 4.0, rel=1e-15)
    assert L2(0.5).value(W) == pytest.approx(0.5 * 6.5, rel=1e-15)  # no 1/2
    assert L1L2(0.5, 0.25).value(W) == pytest.approx(2.0 + 1.625, rel=1e-15)
    # Defaults: L1() is 1 * sum|w|, L2() is 1 * sum w^2, L1L2() both.
    assert L1().value(W) == pytest.approx(4.0, rel=1e-15)
    assert L2().value(W) == pytest.approx(6.5, rel=1e-15)
    assert L1L2().value(W) == pytest.approx(10.5, rel=1e-15)
    assert L1(0.0).value(W) == 0.0
    assert isinstance(L1(0.5).value(W), float)


def test_value_with_weights_hand_computed():
    weights = [2.0, 0.0, 1.0, 3.0]
    # L1: 2*1.5 + 0*2 + 1*0 + 3*0.5 = 4.5;  L2: 2*2.25 + 0 + 0 + 3*0.25 = 5.25
    assert L1(1.0, weights=weights).value(W) == pytest.approx(4.5, rel=1e-15)
    assert L2(1.0, weights=weights).value(W) == pytest.approx(5.25, rel=1e-15)
    assert L1L2(2.0, 0.5, weights=weights).value(W) == pytest.approx(
        2.0 * 4.5 + 0.5 * 5.25, rel=1e-15
    )
    # An unpenalized coefficient (factor 0) does not contribute at all.
    w = np.array([0.0, 1e6, 0.0, 0.0])
    assert L1L2(1.0, 1.0, weights=weights).value(w) == 0.0


def test_value_positive_is_infinite_outside_the_orthant():
    assert L1(1.0, positive=True).value([1.0, -1e-12]) == np.inf
    assert L2(1.0, positive=True).value([-3.0]) == np.inf
    # Feasible points: the plain formula (1 + 0 = 1, and 2^2 = 4).
    assert L1(1.0, positive=True).value([1.0, 0.0]) == pytest.approx(1.0)
    assert L2(1.0, positive=True).value([2.0]) == pytest.approx(4.0)


def test_value_two_dimensional_sums_over_targets():
    w = np.array([[1.0, -2.0], [3.0, 0.0]])
    assert L1(1.0).value(w) == pytest.approx(6.0)  # 1 + 2 + 3
    assert L2(1.0, weights=[1.0, 2.0]).value(w) == pytest.approx(1 + 8 + 9)


def test_value_matches_definition_on_random_vectors(rng):
    w = rng.randn(7)
    weights = _random_weights(rng, 7)
    pen = L1L2(0.3, 0.8, weights=weights)
    expected = 0.3 * np.sum(weights * np.abs(w)) + 0.8 * np.sum(weights * w**2)
    assert pen.value(w) == pytest.approx(expected, rel=1e-13)


def test_kernel_weights_and_is_penalized():
    pen = L1L2(0.5, 0.25, weights=[2.0, 0.0, 1.0])
    l1, l2 = pen.kernel_weights(3, dtype=np.float32)
    assert l1.dtype == np.float32 and l2.dtype == np.float32
    assert l1.flags.c_contiguous and l2.flags.c_contiguous
    assert_array_equal(l1, [1.0, 0.0, 0.5])
    assert_array_equal(l2, [0.5, 0.0, 0.25])
    assert_array_equal(pen.is_penalized(3), [True, False, True])
    assert_array_equal(L1(0.0).is_penalized(2), [False, False])
    assert_array_equal(L1L2(0.0, 1.0).is_penalized(2), [True, True])
    l1, l2 = L2(3.0).kernel_weights(2)
    assert l1.dtype == np.float64
    assert_array_equal(l1, [0.0, 0.0])
    assert_array_equal(l2, [3.0, 3.0])


# -- prox -------------------------------------------------------------------
def test_prox_hand_computed():
    # Soft-thresholding at step * alpha = 0.5.
    assert_allclose(L1(1.0).prox([3.0, -0.5, -2.0, 0.2], 0.5), [2.5, 0.0, -1.5, 0.0])
    # L2: z / (1 + 2 step alpha) = 3 / (1 + 2 * 0.5 * 1) = 1.5.
    assert_allclose(L2(1.0).prox([3.0, -1.0], 0.5), [1.5, -0.5])
    # L1L2: soft(4, 1 * 1) / (1 + 2 * 1 * 1) = 1.
    assert_allclose(L1L2(1.0, 1.0).prox([4.0, -4.0], 1.0), [1.0, -1.0])
    # positive: clip the negative part to 0, threshold the positive one.
    assert_allclose(L1(1.0, positive=True).prox([3.0, -3.0], 1.0), [2.0, 0.0])
    # weights 0: no shrinkage at all (but positivity still applies).
    assert_allclose(L1(1.0, weights=[0.0, 1.0]).prox([0.5, 0.5], 1.0), [0.5, 0.0])
    assert_allclose(
        L2(1.0, weights=[0.0], positive=True).prox([-0.5], 1.0), [0.0]
    )


@pytest.mark.parametrize("kind", ["l1", "l2", "l1l2"])
@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("step", [0.1, 1.0, 3.5])
def test_prox_matches_brute_force_minimisation(rng, kind, positive, step):
    n_features = 6
    weights = _random_weights(rng, n_features)
    pen = _penalty(kind, weights=weights, positive=positive)
    z = 2.0 * rng.randn(n_features)
    z[0] = 0.1  # inside the dead zone of the L1 part for most weights
    prox = pen.prox(z, step)
    l1, l2 = pen.kernel_weights(n_features)

    for j in range(n_features):

        def objective(t, j=j):
            return (t - z[j]) ** 2 / (2 * step) + l1[j] * abs(t) + l2[j] * t**2

        # The minimiser lies between 0 and z_j; search a wider interval.
        bound = abs(z[j]) + 1.0
        lower = 0.0 if positive else -bound
        res = minimize_scalar(
            objective, bounds=(lower, bound), method="bounded",
            options={"xatol": 1e-12},
        )
        # Tolerance: Brent's bounded method is accurate to ~1e-8 in t here.
        assert prox[j] == pytest.approx(res.x, abs=1e-7)
        # And the closed form is never worse than the numerical minimiser.
        assert objective(prox[j]) <= objective(res.x) + 1e-14
        # Nor than any point of a fine grid.
        grid = np.linspace(lower, bound, 2001)
        assert objective(prox[j]) <= np.min(objective(grid)) + 1e-14
        if positive:
            assert prox[j] >= 0.0


def test_prox_of_zero_strength_is_identity(rng):
    z = rng.randn(5)
    assert_array_equal(L1(0.0).prox(z, 2.0), z)
    assert_array_equal(L1L2(0.0, 0.0).prox(z, 2.0), z)
    assert_array_equal(L1(0.0, positive=True).prox(z, 2.0), np.maximum(z, 0))


# -- subdifferential distance ------------------------------------------------
def test_subdiff_distance_hand_computed():
    pen = L1(1.0)
    w = [0.0, 0.0, 2.0, -1.0]
    grad = [0.5, -3.0, -1.0, 2.0]
    # w=0: max(|g| - 1, 0) -> 0, 2;  w!=0: |g + sign(w)| -> |-1+1|=0, |2-1|=1
    assert_allclose(pen.subdiff_distance(w, grad), [0.0, 2.0, 0.0, 1.0])
    pos = L1(1.0, positive=True)
    # w=0 with positive: max(-g - 1, 0): g=0.5 -> 0, g=-3 -> 2; w<0 -> inf
    assert_array_equal(
        pos.subdiff_distance([0.0, 0.0, -1.0, 1.0], [0.5, -3.0, 0.0, -1.0]),
        [0.0, 2.0, np.inf, 0.0],
    )
    # L2(0.5) at w=2: |g + 2 * 0.5 * 2| = |-2 + 2| = 0; at w=0: |g| = 0.3
    assert_allclose(L2(0.5).subdiff_distance([2.0, 0.0], [-2.0, 0.3]), [0.0, 0.3])


def _quadratic(rng, n_features):
    """f(w) = 1/2 w^T H w - b^T w with H symmetric positive definite."""
    A = rng.randn(2 * n_features, n_features)
    H = A.T @ A / (2 * n_features)
    b = 2.0 * rng.randn(n_features)
    return H, b


def _proximal_gradient(H, b, pen, n_iter=3000):
    step = 1.0 / np.linalg.eigvalsh(H)[-1]
    w = np.zeros(len(b))
    for _ in range(n_iter):
        w = pen.prox(w - step * (H @ w - b), step)
    return w, step


@pytest.mark.parametrize("kind", ["l1", "l2", "l1l2"])
@pytest.mark.parametrize("positive", [False, True])
def test_subdiff_distance_zero_exactly_at_prox_fixed_point(rng, kind, positive):
    """w = prox(w - t grad(w), t)  <=>  subdiff_distance(w, grad(w)) == 0."""
    n_features = 6
    H, b = _quadratic(rng, n_features)
    pen = _penalty(kind, weights=_random_weights(rng, n_features),
                   positive=positive)
    w, step = _proximal_gradient(H, b, pen)
    grad = H @ w - b
    # Fixed point of the proximal gradient map (tolerance: ISTA has run
    # long enough to reach machine precision on this well-conditioned H).
    assert_allclose(pen.prox(w - step * grad, step), w, atol=1e-12)
    assert np.max(pen.subdiff_distance(w, grad)) <= 1e-10

    # Away from the optimum: both the fixed-point residual and the distance
    # are positive.
    for _ in range(5):
        w_other = w + 0.1 * rng.randn(n_features)
        if positive:
            w_other = np.abs(w_other)
        grad_other = H @ w_other - b
        residual = w_other - pen.prox(w_other - step * grad_other, step)
        assert np.linalg.norm(residual) > 1e-4
        assert np.max(pen.subdiff_distance(w_other, grad_other)) > 1e-4


@pytest.mark.parametrize("kind", ["l1", "l2", "l1l2"])
def test_subdiff_distance_zero_exactly_at_prox_fixed_point_with_bounds(rng, kind):
    """Projected KKT: with a box, w = prox(w - t grad(w), t) (prox = clip of
    the unconstrained one) <=> the one-sided subdifferential distance is 0;
    some coefficients end at their bounds, where the two-sided condition of
    the unbounded penalty is violated."""
    n_features = 8
    H, b = _quadratic(rng, n_features)
    b *= 3.0  # a large unconstrained solution: the bounds bind
    lower = np.array([-0.5, -np.inf, 0.0, -0.3, -1.0, -0.2, 0.0, -np.inf])
    upper = np.array([0.5, 0.4, np.inf, 0.0, 1.0, np.inf, 0.0, 0.3])
    pen = _penalty(kind, weights=_random_weights(rng, n_features), lower=lower,
                   upper=upper)
    w, step = _proximal_gradient(H, b, pen)
    grad = H @ w - b
    assert_allclose(pen.prox(w - step * grad, step), w, atol=1e-12)
    assert np.max(pen.subdiff_distance(w, grad)) <= 1e-10
    at_bound = (w != 0) & ((w == lower) | (w == upper))
    assert np.any(at_bound)
    unbounded = _penalty(kind, weights=pen.weights)
    assert np.max(unbounded.subdiff_distance(w, grad)[at_bound]) > 1e-3
    # moving any interior coordinate breaks it, and leaving the box is inf
    for j in np.flatnonzero((w > lower) & (w < upper))[:3]:
        w_other = w.copy()
        w_other[j] = np.clip(w[j] + 0.05, lower[j], upper[j])
        if w_other[j] != w[j]:
            assert np.max(pen.subdiff_distance(w_other, H @ w_other - b)) > 1e-4
    w_out = w.copy()
    w_out[0] = 0.6
    assert pen.subdiff_distance(w_out, grad)[0] == np.inf


def test_subdiff_distance_zero_at_separable_optimum(rng):
    """For f(w) = 1/2 ||w - c||^2 the minimiser is prox(c, 1), exactly."""
    c = 3.0 * rng.randn(8)
    for pen in [L1(1.0), L1L2(1.0, 0.5, weights=_random_weights(rng, 8)),
                L1(1.0, positive=True), L2(2.0, positive=True)]:
        w = pen.prox(c, 1.0)
        dist = pen.subdiff_distance(w, w - c)
        assert np.max(dist) <= 1e-14
        # Any other point of the same sign pattern is not optimal.
        w_shifted = w + 0.01
        assert np.all(pen.subdiff_distance(w_shifted, w_shifted - c)[w != 0] > 0)


# -- alpha_max ----------------------------------------------------------------
def test_alpha_max_hand_computed():
    grad0 = [1.0, -3.0, 2.0]
    weights = [1.0, 2.0, 0.0]
    # |g| / c over penalized features: [1, 1.5] -> 1.5
    assert L1(1.0, weights=weights).alpha_max(grad0) == pytest.approx(1.5)
    # positive: max(-g, 0) / c = [0, 1.5] -> 1.5
    assert L1(1.0, weights=weights, positive=True).alpha_max(grad0) == 1.5
    # positive, all gradients pushing downwards: w = 0 is optimal for any alpha
    assert L1(1.0, positive=True).alpha_max([1.0, 2.0]) == 0.0
    # no penalized feature: w = 0 is never forced
    assert L1(1.0, weights=[0.0, 0.0, 0.0]).alpha_max(grad0) == np.inf
    # the strength itself plays no role
    assert L1(7.0).alpha_max(grad0) == L1(0.1).alpha_max(grad0) == 3.0


@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("use_weights", [False, True])
def test_alpha_max_is_the_smallest_strength_zeroing_w(rng, positive, use_weights):
    n_features = 7
    grad0 = rng.randn(n_features)
    weights = _random_weights(rng, n_features) if use_weights else None
    alpha = L1(1.0, weights=weights, positive=positive).alpha_max(grad0)
    assert 0 < alpha < np.inf
    penalized = L1(1.0, weights=weights).is_penalized(n_features)
    zero = np.zeros(n_features)

    for pen in [L1(alpha, weights=weights, positive=positive),
                L1L2(alpha, 5.0, weights=weights, positive=positive)]:
        # At alpha_max the zero vector satisfies the KKT conditions on every
        # penalized feature (tolerance: one rounding of a ratio).
        assert np.max(pen.subdiff_distance(zero, grad0)[penalized]) <= 1e-14
    # Slightly below, some penalized feature wants to enter.
    smaller = L1(alpha * 0.999, weights=weights, positive=positive)
    assert np.max(smaller.subdiff_distance(zero, grad0)[penalized]) > 0


# -- addition -----------------------------------------------------------------
def test_addition_gives_l1l2(rng):
    pen = L1(0.5) + L2(0.25)
    assert isinstance(pen, L1L2)
    assert pen.get_params() == L1L2(0.5, 0.25).get_params()
    w = rng.randn(5)
    assert pen.value(w) == pytest.approx(L1(0.5).value(w) + L2(0.25).value(w))
    assert_allclose(pen.prox(w, 0.7), L1L2(0.5, 0.25).prox(w, 0.7), rtol=1e-15)

    weights = _random_weights(rng, 5)
    pen = L1(0.5, weights=weights, positive=True) + L2(
        0.25, weights=weights.copy(), positive=True
    )
    assert pen.l1 == 0.5 and pen.l2 == 0.25 and pen.positive is True
    assert_array_equal(pen.weights, weights)
    w = np.abs(w)
    assert pen.value(w) == pytest.approx(
        L1(0.5, weights=weights).value(w) + L2(0.25, weights=weights).value(w)
    )
    # Strengths add up.
    total = L1L2(1.0, 2.0) + L1(0.5) + L2(0.25)
    assert (total.l1, total.l2) == (1.5, 2.25)


def test_addition_keeps_each_terms_factors():
    """L1 and L2 terms with different factors add into separate factors;
    two active terms of the same kind must agree; positive must agree."""
    w = np.array([1.0, -2.0, 0.5])
    a, b = np.array([1.0, 2.0, 0.0]), np.array([3.0, 0.0, 1.0])
    pen = L1(0.5, weights=a) + L2(0.25, weights=b)
    assert_array_equal(pen.l1_weights, a)
    assert_array_equal(pen.l2_weights, b)
    expected = 0.5 * np.sum(a * np.abs(w)) + 0.25 * np.sum(b * w**2)
    assert pen.value(w) == pytest.approx(expected, rel=1e-15)
    l1, l2 = pen.kernel_weights(3)
    assert_allclose(l1, 0.5 * a)
    assert_allclose(l2, 0.25 * b)
    # alpha_max is decided by the L1 factors alone
    grad0 = np.array([-2.0, 4.0, 9.0])
    assert pen.alpha_max(grad0) == pytest.approx(max(2.0 / 1.0, 4.0 / 2.0))
    # same factors collapse back to ``weights``
    same = L1(0.5, weights=a) + L2(0.25, weights=a)
    assert same.l1_weights is None
    assert_array_equal(same.weights, a)
    with pytest.raises(ValueError, match="share their factors"):
        L1(1.0, weights=[1.0, 2.0]) + L1(1.0, weights=[1.0, 3.0])
    with pytest.raises(ValueError, match="agree on positive"):
        L1(1.0, positive=True) + L2(1.0)
    with pytest.raises(TypeError):
        L1(1.0) + 1.0


def test_separate_factors_are_validated():
    with pytest.raises(ValueError, match="l2_weights has shape"):
        L1L2(1.0, 1.0, l2_weights=[1.0, 2.0]).kernel_weights(3)
    with pytest.raises(ValueError, match="l1_weights must be finite"):
        L1L2(1.0, 1.0, l1_weights=[1.0, -1.0]).kernel_weights(2)


# -- estimator API --------------------------------------------------------------
def test_get_params_set_params_clone():
    weights = np.array([1.0, 0.0, 2.0])
    pen = L1(0.3, weights=weights, positive=True)
    params = pen.get_params()
    assert set(params) == {"alpha", "weights", "positive", "lower", "upper"}
    assert params["alpha"] == 0.3 and params["positive"] is True
    assert params["weights"] is weights
    assert params["lower"] is None and params["upper"] is None
    assert set(L1L2().get_params()) == {"l1", "l2", "weights", "positive",
                                        "l1_weights", "l2_weights", "lower",
                                        "upper"}

    cloned = clone(pen)
    assert cloned is not pen and type(cloned) is L1
    assert cloned.alpha == 0.3 and cloned.positive is True
    assert_array_equal(cloned.weights, weights)
    w = np.array([1.0, 5.0, 0.5])
    assert cloned.value(w) == pen.value(w) == pytest.approx(0.3 * (1 + 0 + 1))

    assert pen.set_params(alpha=2.0) is pen
    assert pen.value(w) == pytest.approx(2.0 * 2.0)
    assert cloned.alpha == 0.3  # the clone is independent
    pen.set_params(weights=None, positive=False)
    assert pen.value(-w) == pytest.approx(2.0 * 6.5)
    with pytest.raises(ValueError):
        pen.set_params(not_a_parameter=1.0)


def _snapshot(pen):
    return copy.deepcopy(pen.get_params())


def _assert_params_unchanged(pen, before):
    after = pen.get_params()
    assert set(after) == set(before)
    for key, value in before.items():
        if isinstance(value, np.ndarray):
            assert_array_equal(after[key], value)
            assert after[key].dtype == value.dtype
        else:
            assert after[key] == value


@pytest.mark.parametrize("sparse_X", [False, True])
def test_solvers_never_mutate_the_penalty(rng, sparse_X):
    import scipy.sparse as sp

    n_samples, n_features = 25, 5
    X = rng.randn(n_samples, n_features)
    y = rng.randn(n_samples)
    sw = rng.uniform(0.5, 2.0, n_samples)
    X_in = sp.csc_matrix(X) if sparse_X else np.asfortranarray(X)
    weights = np.array([1.0, 0.0, 2.0, 0.5, 1.0])

    cd_penalties = [
        L1(0.05, weights=weights, positive=True),
        L1L2(0.05, 0.1, weights=weights),
        [L1(0.05, weights=weights), L2(0.1, weights=weights)],
    ]
    for pen in cd_penalties:
        pens = pen if isinstance(pen, list) else [pen]
        before = [_snapshot(p) for p in pens]
        weights_ids = [id(p.weights) for p in pens]
        n_targets = len(pens)
        Y = np.tile(y[:, None], (1, n_targets)) if n_targets > 1 else y
        problem = make_problem(X_in, Y, sw, fit_intercept=True)
        CoordinateDescent(tol=1e-8).solve(problem, pen)
        for p, b, i in zip(pens, before, weights_ids):
            _assert_params_unchanged(p, b)
            assert id(p.weights) == i

    pen = L2(0.1, weights=weights)
    before = _snapshot(pen)
    problem = make_problem(X_in, y, sw, fit_intercept=True)
    Cholesky().solve(problem, pen)
    _assert_params_unchanged(pen, before)


# -- validation -------------------------------------------------------------
@pytest.mark.parametrize("method", ["value", "prox", "subdiff_distance",
                                    "kernel_weights", "alpha_max"])
def test_invalid_weights_raise(method):
    def call(pen):
        w = np.ones(3)
        if method == "value":
            return pen.value(w)
        if method == "prox":
            return pen.prox(w, 1.0)
        if method == "subdiff_distance":
            return pen.subdiff_distance(w, w)
        if method == "kernel_weights":
            return pen.kernel_weights(3)
        return pen.alpha_max(w)

    with pytest.raises(ValueError, match=r"L1: weights has shape \(2,\), expected \(3,\)"):
        call(L1(1.0, weights=[1.0, 1.0]))
    with pytest.raises(ValueError, match=r"weights has shape \(3, 1\)"):
        call(L2(1.0, weights=np.ones((3, 1))))
    with pytest.raises(ValueError, match="L1L2: weights must be finite and >= 0"):
        call(L1L2(1.0, 1.0, weights=[1.0, -0.5, 1.0]))
    with pytest.raises(ValueError, match="weights must be finite and >= 0"):
        call(L1(1.0, weights=[1.0, np.nan, 1.0]))
    with pytest.raises(ValueError, match="weights must be finite and >= 0"):
        call(L1(1.0, weights=[1.0, np.inf, 1.0]))


@pytest.mark.parametrize(
    "pen, message",
    [
        (L1(-1.0), "L1: the L1 strength must be a finite number >= 0, got -1.0"),
        (L1(np.nan), "L1: the L1 strength must be a finite number >= 0, got nan"),
        (L1(np.inf), "L1 strength must be a finite number >= 0"),
        (L2(-0.5), "L2: the L2 strength must be a finite number >= 0, got -0.5"),
        (L2(np.nan), "L2 strength must be a finite number >= 0"),
        (L1L2(1.0, -1.0), "L1L2: the L2 strength must be a finite number >= 0"),
        (L1L2(-1.0, 1.0), "L1L2: the L1 strength must be a finite number >= 0"),
    ],
)
def test_invalid_strength_raises(pen, message):
    w = np.ones(2)
    for call in (lambda: pen.value(w), lambda: pen.prox(w, 1.0),
                 lambda: pen.subdiff_distance(w, w),
                 lambda: pen.kernel_weights(2), lambda: pen.is_penalized(2)):
        with pytest.raises(ValueError, match=message):
            call()
