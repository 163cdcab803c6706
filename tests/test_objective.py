# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of the NumPy reference objective, duality gap and KKT conditions.

The optimum ``w*`` used as reference comes from scikit-learn's own Lasso /
ElasticNet run to ``tol=1e-12`` (an independent implementation), with the
parameter conversion

* ``Lasso(alpha)``               <->  ``L1(alpha)``,
* ``ElasticNet(alpha, l1_ratio)`` <->  ``L1L2(alpha * l1_ratio,
  alpha * (1 - l1_ratio) / 2)``,

or from closed forms (least squares, ridge).
"""
import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose
from sklearn.linear_model import ElasticNet as SkElasticNet
from sklearn.linear_model import Lasso as SkLasso

from sklearn_penalized._objective import (
    alpha_max,
    duality_gap,
    kkt_violation,
    primal_objective,
    stopping_gap,
)
from sklearn_penalized.penalties import L1, L1L2, L2


def _data(rng, n_samples=30, n_features=6):
    X = rng.randn(n_samples, n_features) + 0.5 * rng.randn(n_samples, 1)
    X += rng.uniform(-2, 2, n_features)  # non-centred columns
    coef = np.array([1.5, -2.0, 0.0, 0.5, 0.0, 1.0])[:n_features]
    y = X @ coef + 0.5 * rng.randn(n_samples) + 3.0
    sw = rng.uniform(0.2, 2.0, n_samples)
    return X, y, sw


def _weighted_stats(X, y, sw, fit_intercept):
    s = np.ones(len(y)) if sw is None else sw
    if fit_intercept:
        x_mean = s @ X / s.sum()
        y_mean = s @ y / s.sum()
    else:
        x_mean, y_mean = np.zeros(X.shape[1]), 0.0
    return s, x_mean, y_mean


def _best_intercept(X, y, w, sw, fit_intercept):
    _, x_mean, y_mean = _weighted_stats(X, y, sw, fit_intercept)
    return y_mean - x_mean @ w


def _sklearn_fit(model, X, y, sw, alpha, positive, fit_intercept):
    """w*, b* and the penalty object for a scikit-learn model."""
    if model == "lasso":
        est = SkLasso(alpha=alpha, positive=positive, fit_intercept=fit_intercept,
                      tol=1e-12, max_iter=100_000)
        pen = L1(alpha, positive=positive)
    else:
        l1_ratio = 0.4
        est = SkElasticNet(alpha=alpha, l1_ratio=l1_ratio, positive=positive,
                           fit_intercept=fit_intercept, tol=1e-12,
                           max_iter=100_000)
        pen = L1L2(alpha * l1_ratio, alpha * (1 - l1_ratio) / 2, positive=positive)
    est.fit(X, y, sample_weight=sw)
    return est.coef_.copy(), float(est.intercept_), pen


def _scale(X, y, sw, fit_intercept):
    """Problem scale for absolute tolerances: mean(s y_c^2) + 1."""
    s, _, y_mean = _weighted_stats(X, y, sw, fit_intercept)
    return s @ (y - y_mean) ** 2 / s.sum() + 1.0


# -- primal objective -----------------------------------------------------------
@pytest.mark.parametrize("sparse_X", [False, True])
def test_primal_objective_hand_computed(sparse_X):
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    X_in = sp.csr_matrix(X) if sparse_X else X
    y = np.array([1.0, 2.0, 4.0])
    coef = np.array([1.0, 1.0])
    # residual = y - X coef - 0.5 = (-0.5, 0.5, 1.5); sum r^2 = 2.75
    # P = 2.75 / (2 * 3) + L1(0.5)(coef) = 2.75 / 6 + 1.0
    assert primal_objective(X_in, y, coef, 0.5, L1(0.5)) == pytest.approx(
        2.75 / 6 + 1.0, rel=1e-15
    )
    # weights (2, 1, 1): sum s r^2 = 0.5 + 0.25 + 2.25 = 3, S = 4 -> 3 / 8;
    # L1L2(0.5, 0.25)(coef) = 0.5 * 2 + 0.25 * 2 = 1.5
    assert primal_objective(
        X_in, y, coef, 0.5, L1L2(0.5, 0.25), sample_weight=[2.0, 1.0, 1.0]
    ) == pytest.approx(3.0 / 8 + 1.5, rel=1e-15)
    # No intercept, L2(1): residual (0, 1, 2), sum r^2 = 5 -> 5/6, plus 2.
    assert primal_objective(X_in, y, coef, 0.0, L2(1.0)) == pytest.approx(
        5.0 / 6 + 2.0, rel=1e-15
    )
    # positive constraint violated: +inf
    assert primal_objective(X_in, y, -coef, 0.0, L1(1.0, positive=True)) == np.inf


# -- duality gap and KKT against scikit-learn's optimum -----------------------------
@pytest.mark.parametrize("model", ["lasso", "enet"])
@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_gap_and_kkt_against_sklearn_optimum(rng, model, positive, fit_intercept,
                                             weighted):
    X, y, sw = _data(rng)
    sw = sw if weighted else None
    a_max = alpha_max(X, y, sw, fit_intercept)
    w_star, b_star, pen = _sklearn_fit(model, X, y, sw, 0.1 * a_max, positive,
                                       fit_intercept)
    assert np.any(w_star != 0)
    scale = _scale(X, y, sw, fit_intercept)
    p_star = primal_objective(X, y, w_star, b_star, pen, sw)
    assert b_star == pytest.approx(
        _best_intercept(X, y, w_star, sw, fit_intercept), abs=1e-10
    )

    # At w*: gap ~ 0 (tolerance: sklearn's tol=1e-12 relative to var(y)).
    gap_star = duality_gap(X, y, w_star, pen, sw, fit_intercept)
    assert 0.0 <= gap_star + 1e-14 and gap_star <= 1e-9 * scale
    # KKT ~ 0 (tolerance: the gradient at a 1e-12-gap point, sqrt scale).
    dist, b_grad = kkt_violation(X, y, w_star, b_star, pen, sw, fit_intercept)
    s, _, _ = _weighted_stats(X, y, sw, fit_intercept)
    grad_scale = np.max(np.abs(X.T @ (s * y))) / s.sum() + 1.0
    assert np.max(dist) <= 1e-5 * grad_scale
    assert abs(b_grad) <= 1e-8 * grad_scale

    # Away from w*: weak duality gap(w) >= P(w) - P(w*) > 0, KKT violated.
    candidates = [np.zeros_like(w_star), 0.5 * w_star, 2.0 * w_star,
                  w_star + 0.1 * rng.randn(len(w_star)), rng.randn(len(w_star))]
    for w in candidates:
        if positive:
            w = np.abs(w)
        b = _best_intercept(X, y, w, sw, fit_intercept)
        sub = primal_objective(X, y, w, b, pen, sw) - p_star
        assert sub > 0  # w* is the minimiser (sanity of P itself)
        gap = duality_gap(X, y, w, pen, sw, fit_intercept)
        # Slack: P(w*) is only accurate to sklearn's tolerance.
        assert gap >= sub - 1e-10 * scale
        dist, _ = kkt_violation(X, y, w, b, pen, sw, fit_intercept)
        assert np.max(dist) > 1e-4

    # A wrong intercept: the derivative in b is exactly the shift (the
    # weighted residuals sum to 0 at the optimal b).
    if fit_intercept:
        _, b_grad = kkt_violation(X, y, w_star, b_star + 0.1, pen, sw, True)
        assert b_grad == pytest.approx(0.1, rel=1e-6)
    else:
        _, b_grad = kkt_violation(X, y, w_star, 0.0, pen, sw, False)
        assert b_grad == 0.0


@pytest.mark.parametrize("weighted", [False, True])
def test_sparse_and_dense_inputs_agree(rng, weighted):
    X, y, sw = _data(rng)
    sw = sw if weighted else None
    pen = L1L2(0.1, 0.05)
    w = rng.randn(X.shape[1])
    b = rng.randn()
    Xs = sp.csc_matrix(X)
    assert primal_objective(Xs, y, w, b, pen, sw) == pytest.approx(
        primal_objective(X, y, w, b, pen, sw), rel=1e-12)
    assert duality_gap(Xs, y, w, pen, sw) == pytest.approx(
        duality_gap(X, y, w, pen, sw), rel=1e-12)
    dist_s, bg_s = kkt_violation(Xs, y, w, b, pen, sw)
    dist_d, bg_d = kkt_violation(X, y, w, b, pen, sw)
    assert_allclose(dist_s, dist_d, rtol=1e-12)
    assert bg_s == pytest.approx(bg_d, rel=1e-12)
    assert alpha_max(Xs, y, sw) == pytest.approx(alpha_max(X, y, sw), rel=1e-12)


def test_ridge_gap_is_zero_exactly_at_closed_form(rng):
    """L2 only: w* solves (X_c^T S X_c / S + 2 alpha I) w = X_c^T S y_c / S."""
    X, y, sw = _data(rng)
    alpha = 0.3
    s, x_mean, y_mean = _weighted_stats(X, y, sw, True)
    Xc, yc = X - x_mean, y - y_mean
    A = Xc.T @ (s[:, None] * Xc) / s.sum() + 2 * alpha * np.eye(X.shape[1])
    w_star = np.linalg.solve(A, Xc.T @ (s * yc) / s.sum())
    pen = L2(alpha)
    scale = _scale(X, y, sw, True)
    assert abs(duality_gap(X, y, w_star, pen, sw)) <= 1e-12 * scale
    dist, _ = kkt_violation(X, y, w_star, y_mean - x_mean @ w_star, pen, sw)
    assert np.max(dist) <= 1e-12 * scale
    for w in (np.zeros_like(w_star), w_star + 0.01 * rng.randn(len(w_star))):
        b = y_mean - x_mean @ w
        sub = (primal_objective(X, y, w, b, pen, sw)
               - primal_objective(X, y, w_star, y_mean - x_mean @ w_star, pen, sw))
        assert duality_gap(X, y, w, pen, sw) >= sub > 0


@pytest.mark.parametrize(
    "pen_kind", ["least_squares", "ridge_half_unpenalized", "ridge_weighted"]
)
def test_gap_bounds_suboptimality_with_unpenalized_features(rng, pen_kind):
    """The gap is zero at w* and positive away from it, with or without
    unpenalized features; it is an upper bound of P(w) - P(w*) when every
    feature is penalized ("ridge_weighted"), not otherwise (for unpenalized
    features the documented coordinate-decrease substitute is a stopping
    measure, not a bound).

    w* is in closed form: (X_c^T S X_c / S + 2 D) w = X_c^T S y_c / S with
    D = diag(l2 * weights).
    """
    X, y, sw = _data(rng)
    n_features = X.shape[1]
    if pen_kind == "least_squares":
        pen = L1(0.0)  # every feature unpenalized
        d = np.zeros(n_features)
    else:
        weights = rng.uniform(0.5, 2.0, n_features)
        if pen_kind == "ridge_half_unpenalized":
            weights[: n_features // 2] = 0.0
        pen = L2(0.3, weights=weights)
        d = 0.3 * weights
    s, x_mean, y_mean = _weighted_stats(X, y, sw, True)
    Xc, yc = X - x_mean, y - y_mean
    A = Xc.T @ (s[:, None] * Xc) / s.sum() + 2 * np.diag(d)
    w_star = np.linalg.solve(A, Xc.T @ (s * yc) / s.sum())
    p_star = primal_objective(X, y, w_star, y_mean - x_mean @ w_star, pen, sw)
    scale = _scale(X, y, sw, True)
    assert abs(duality_gap(X, y, w_star, pen, sw)) <= 1e-10 * scale
    for factor in (0.0, 0.5, 0.9, 1.1, 2.0):
        w = factor * w_star
        sub = primal_objective(X, y, w, y_mean - x_mean @ w, pen, sw) - p_star
        gap = duality_gap(X, y, w, pen, sw)
        assert sub > 0
        assert gap > 0, f"gap is 0 at the non-optimal w = {factor} w*"
        if pen_kind != "ridge_weighted":
            continue
        assert gap >= sub - 1e-10 * scale, (
            f"gap {gap:.3e} < suboptimality {sub:.3e} at w = {factor} w*"
        )


@pytest.mark.parametrize("pen_kind", ["lasso", "enet", "ridge"])
def test_gap_with_bounds_is_primal_minus_a_brute_force_dual(rng, pen_kind):
    """The gap under box constraints is P(w) - D(theta) for the better of the
    two documented dual points theta = s R, with D evaluated here by brute
    force (each conjugate g_j^* as a maximum over a fine grid of the box),
    independently of ``penalty_conjugate``; with an elastic net, the
    smaller of that and the same for the augmented lasso's dual point (the
    larger: ``stopping_gap``)."""
    X, y, sw = _data(rng)
    n_features = X.shape[1]
    lower = np.array([-0.5, -np.inf, 0.0, -1.0, -0.2, 0.0])
    upper = np.array([1.0, 0.8, np.inf, 0.0, np.inf, 0.0])
    strength = 0.05 * alpha_max(X, y, sw)
    pen = {"lasso": L1(strength, lower=lower, upper=upper),
           "enet": L1L2(strength, 0.3, lower=lower, upper=upper),
           "ridge": L2(0.3, lower=lower, upper=upper)}[pen_kind]
    s, x_mean, y_mean = _weighted_stats(X, y, sw, True)
    S = s.sum()
    Xc, yc = X - x_mean, y - y_mean
    l1, l2 = (S * v for v in pen.kernel_weights(n_features))
    grid = np.linspace(-60.0, 60.0, 240_001)

    def conj(u, j):
        t = np.clip(np.concatenate([grid, [0.0]]), lower[j], upper[j])
        return np.max(u * t - l1[j] * np.abs(t) - l2[j] * t**2)

    for _ in range(4):
        w = np.clip(rng.randn(n_features), lower, upper)
        R = yc - Xc @ w
        XtR = Xc.T @ (s * R)
        primal = 0.5 * s @ R**2 + np.sum(l1 * np.abs(w) + l2 * w**2)
        pure = (l2 == 0) & (l1 > 0)
        duals = []
        for up, down in ((upper == np.inf, lower == -np.inf), (upper > 0, lower < 0)):
            pull = np.maximum(np.where(up, XtR, -np.inf), np.where(down, -XtR, -np.inf))
            ratio = np.max(pull[pure] / l1[pure], initial=0.0)
            scale = 1.0 / ratio if ratio > 1 else 1.0
            theta = scale * R
            v = scale * XtR
            # the grid stops at |t| = 60: an unbounded pure-L1 side whose
            # constraint |v| <= l1 holds contributes 0 there, as it should
            duals.append(s @ (theta * yc) - 0.5 * s @ theta**2
                         - sum(conj(v[j], j) for j in range(n_features)))
        expected = stop_expected = (primal - max(duals)) / S
        elastic = (l1 > 0) & (l2 > 0)
        if np.any(elastic):
            # the augmented lasso: rows sqrt(2 l2_j) e_j^T (weight 1) for the
            # elastic-net features, whose conjugates lose their L2 term; its
            # dual point s (R; -sqrt(2 l2) w), same two scalings
            def conj_l1(u, j, elastic=elastic):
                t = np.clip(np.concatenate([grid, [0.0]]), lower[j], upper[j])
                return np.max(u * t - l1[j] * np.abs(t) - (0 if elastic[j] else l2[j]) * t**2)

            u = XtR - np.where(elastic, 2 * l2 * w, 0.0)
            pure_aug = pure | elastic
            duals = []
            for up, down in ((upper == np.inf, lower == -np.inf), (upper > 0, lower < 0)):
                pull = np.maximum(np.where(up, u, -np.inf), np.where(down, -u, -np.inf))
                ratio = np.max(pull[pure_aug] / l1[pure_aug], initial=0.0)
                scale = 1.0 / ratio if ratio > 1 else 1.0
                theta_sq = s @ (scale * R) ** 2 + np.sum(
                    scale**2 * 2 * l2[elastic] * w[elastic] ** 2)
                duals.append(scale * s @ (R * yc) - 0.5 * theta_sq
                             - sum(conj_l1(scale * u[j], j) for j in range(n_features)))
            augmented = (primal - max(duals)) / S
            expected, stop_expected = min(expected, augmented), max(expected, augmented)
        assert stopping_gap(X, y, w, pen, sw) == pytest.approx(
            stop_expected, rel=1e-6, abs=1e-9 * _scale(X, y, sw, True))
        gap = duality_gap(X, y, w, pen, sw)
        assert gap == pytest.approx(expected, rel=1e-6,
                                    abs=1e-9 * _scale(X, y, sw, True))
        assert gap >= 0


# -- alpha_max ---------------------------------------------------------------------
def test_alpha_max_hand_computed():
    # Centred: x_c = (-1, 0, 1), y_c = (-1, -1, 2); x_c^T y_c = 3, / n = 1.
    X = np.array([[0.0], [1.0], [2.0]])
    y = np.array([0.0, 0.0, 3.0])
    assert alpha_max(X, y) == pytest.approx(1.0, rel=1e-15)
    # Without intercept: x^T y / n = 6 / 3 = 2.
    assert alpha_max(X, y, fit_intercept=False) == pytest.approx(2.0, rel=1e-15)
    # Weights (1, 1, 2): means x = 5/4, y = 6/4; x_c^T S y_c = 3/4 * 3/2 * 2 +
    # (-5/4)(-3/2) + (-1/4)(-3/2) = 9/4 + 15/8 + 3/8 = 9/2; / S = 9/8.
    assert alpha_max(X, y, sample_weight=[1.0, 1.0, 2.0]) == pytest.approx(
        9.0 / 8.0, rel=1e-14)


@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_alpha_max_matches_sklearn_lasso(rng, fit_intercept, weighted):
    X, y, sw = _data(rng)
    sw = sw if weighted else None
    a_max = alpha_max(X, y, sw, fit_intercept)

    def sk_coef(alpha):
        return SkLasso(alpha=alpha, fit_intercept=fit_intercept, tol=1e-10,
                       max_iter=10_000).fit(X, y, sample_weight=sw).coef_

    assert np.all(sk_coef(1.001 * a_max) == 0.0)
    assert np.any(sk_coef(0.99 * a_max) != 0.0)
    # Consistent with the penalty's own alpha_max on the datafit gradient at 0:
    # grad0 = -X_c^T S y_c / S.
    s, x_mean, y_mean = _weighted_stats(X, y, sw, fit_intercept)
    grad0 = -(X - x_mean).T @ (s * (y - y_mean)) / s.sum()
    assert L1(1.0).alpha_max(grad0) == pytest.approx(a_max, rel=1e-12)
    # And w = 0 satisfies the KKT conditions exactly at alpha_max.
    dist, b_grad = kkt_violation(X, y, np.zeros(X.shape[1]), y_mean, L1(a_max),
                                 sw, fit_intercept)
    assert np.max(dist) <= 1e-12 * a_max
    assert abs(b_grad) <= 1e-12 * (abs(y_mean) + 1)
    dist, _ = kkt_violation(X, y, np.zeros(X.shape[1]), y_mean, L1(0.99 * a_max),
                            sw, fit_intercept)
    assert np.max(dist) > 0
    # The gap of w = 0 is 0 from alpha_max upwards, positive below.
    scale = _scale(X, y, sw, fit_intercept)
    assert duality_gap(X, y, np.zeros(X.shape[1]), L1(a_max), sw,
                       fit_intercept) <= 1e-12 * scale
    assert duality_gap(X, y, np.zeros(X.shape[1]), L1(0.9 * a_max), sw,
                       fit_intercept) > 1e-8 * scale
