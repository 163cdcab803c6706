# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""lasso_path / enet_path: each column is an optimum, the grid, scikit-learn parity."""
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn.linear_model as sk
from sklearn.exceptions import ConvergenceWarning

from sklearn_penalized import ElasticNet, Lasso, enet_path, lasso_path
from sklearn_penalized._objective import alpha_max, duality_gap, primal_objective
from sklearn_penalized.penalties import L1L2
from sklearn_penalized.utils._testing import (
    SKLEARN_GRID_HONOURS_POSITIVE,
    assert_optimal,
    sklearn_grid_size,
)

TIGHT = {"tol": 1e-12, "max_iter": 100_000}


def _penalty(alpha, l1_ratio, positive=False):
    # scikit-learn's alpha * l1_ratio ||w||_1 + alpha (1 - l1_ratio) / 2 ||w||^2
    return L1L2(alpha * l1_ratio, alpha * (1 - l1_ratio) / 2, positive=positive)


def _data(rng, n=80, p=20, n_targets=None):
    """Correlated features on different scales, a sparse truth and an offset.

    n > p and continuous data: the lasso solution is unique, so two solvers
    at tight tolerance must give the same coefficients.
    """
    latent = rng.randn(n, 3)
    X = rng.randn(n, p) + latent @ rng.randn(3, p)
    X *= rng.uniform(0.5, 3.0, size=p)
    coef = np.zeros(p)
    coef[:4] = [2.0, -1.0, 1.5, 0.5]
    y = X @ coef + rng.randn(n) + 3.0
    if n_targets:
        y = np.c_[y, X @ (0.3 * rng.randn(p)) - 2.0 + rng.randn(n)]
    return X, y


def _negative_dominant_data(rng, n=80, p=20, sparse=False):
    """Independent features and a y whose largest |correlation| is negative
    (feature 0), so the positive-constrained alpha_max (the largest positive
    correlation) differs from max |X^T y| (checked: by more than 20%)."""
    X = rng.randn(n, p) * rng.uniform(0.8, 1.2, size=p)
    if sparse:
        X[rng.rand(n, p) < 0.3] = 0.0
    y = -3.0 * X[:, 0] + 0.5 * X[:, 1] + 0.3 * X[:, 2] + 0.5 * rng.randn(n)
    return (sp.csc_matrix(X) if sparse else X), y


def _check_negative_dominant(X, y):
    Xd = X.toarray() if sp.issparse(X) else X
    corr = Xd.T @ y
    assert corr[np.argmax(np.abs(corr))] < 0
    assert max(corr.max(), 0.0) < 0.8 * np.abs(corr).max()


def _weighted_var(y, sw, fit_intercept):
    """(Weighted) mean of the squared centred y: the scale of ``tol``."""
    sw = np.ones(len(y)) if sw is None else sw
    yc = y - (sw @ y / sw.sum() if fit_intercept else 0.0)
    return float(sw @ yc**2 / sw.sum())


def _path(l1_ratio, X, y, **kw):
    if l1_ratio == 1.0:
        return lasso_path(X, y, **kw)
    return enet_path(X, y, l1_ratio=l1_ratio, **kw)


def _single(l1_ratio, alpha, **kw):
    if l1_ratio == 1.0:
        return Lasso(alpha=alpha, **kw)
    return ElasticNet(alpha=alpha, l1_ratio=l1_ratio, **kw)


CASES = ["dense", "csc", "csr", "weighted_intercept", "sparse_weighted_intercept",
         "positive", "multi_output", "float32"]


def _case(name, rng):
    X, y = _data(rng, n_targets=name == "multi_output")
    sw = rng.uniform(0.2, 3.0, len(y)) if "weighted" in name else None
    if name in ("csc", "sparse_weighted_intercept"):
        X[rng.rand(*X.shape) < 0.6] = 0.0
        X = sp.csc_matrix(X)
    elif name == "csr":
        X[rng.rand(*X.shape) < 0.6] = 0.0
        X = sp.csr_matrix(X)
    elif name == "float32":
        X, y = X.astype(np.float32), y.astype(np.float32)
    kw = {"fit_intercept": "intercept" in name, "positive": name == "positive"}
    return X, y, sw, kw


def _strong_convexity(X, sw, fit_intercept, alpha, l1_ratio):
    """Modulus of strong convexity of the objective in w: the smallest
    eigenvalue of the (weighted, centred) Hessian X_c^T S X_c / sum(s), plus
    the ridge part alpha (1 - l1_ratio)."""
    X = np.asarray(X.toarray() if sp.issparse(X) else X, dtype=np.float64)
    sw = np.ones(len(X)) if sw is None else sw
    Xc = X - (sw @ X / sw.sum() if fit_intercept else 0.0)
    hessian = Xc.T @ (sw[:, None] * Xc) / sw.sum()
    return np.linalg.eigvalsh(hessian)[0] + alpha * (1 - l1_ratio)


def _distance_bound(X, y, w, alpha, l1_ratio, sw, kw):
    """Certified ``||w - w*||_2`` from the reference duality gap of ``w``:
    P(w) - P(w*) <= gap and P is mu-strongly convex, so ||w - w*||^2 <=
    2 gap / mu.  The gap is floored at 1e-13 of the variance of y (its
    rounding level)."""
    X64 = np.asarray(X.toarray() if sp.issparse(X) else X, dtype=np.float64)
    y64 = np.asarray(y, dtype=np.float64)
    pen = _penalty(alpha, l1_ratio, kw["positive"])
    gap = duality_gap(X64, y64, w, pen, sw, kw["fit_intercept"])
    gap = max(gap, 0.0) + 1e-13 * _weighted_var(y64, sw, kw["fit_intercept"])
    mu = _strong_convexity(X64, sw, kw["fit_intercept"], alpha, l1_ratio)
    assert mu > 0
    return np.sqrt(2 * gap / mu)


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
@pytest.mark.parametrize("name", CASES)
def test_path_columns_equal_single_fits(rng, name, l1_ratio):
    """coefs[..., k] is the single-alpha fit at alphas[k] (same data, options).

    n > p, so the objective is strongly convex (modulus mu) and the solution
    unique: each of the two solutions is within sqrt(2 gap / mu) of it, with
    gap the NumPy reference duality gap of that solution, so they differ by
    at most the sum of the two bounds (about 1e-6 here at tol=1e-12).
    float32 (path at tol=1e-6) is compared with the float64 fit by the same
    bound (reference gap of the float32 coefficients computed in float64),
    plus a coarse 1e-2 relative check.
    """
    X, y, sw, kw = _case(name, rng)
    is32 = name == "float32"
    tol = {"tol": 1e-6, "max_iter": 100_000} if is32 else TIGHT
    alphas, coefs, gaps = _path(l1_ratio, X, y, n_alphas=6, eps=1e-2,
                                sample_weight=sw, **kw, **tol)
    multi = name == "multi_output"
    expected_shape = (2, X.shape[1], 6) if multi else (X.shape[1], 6)
    assert coefs.shape == expected_shape
    assert gaps.shape == ((2, 6) if multi else (6,))
    assert coefs.dtype == (np.float32 if is32 else np.float64)
    assert np.all(np.diff(alphas) < 0)
    X64 = X.astype(np.float64)
    y64 = y.astype(np.float64)
    Y = y64.reshape(len(y64), -1)
    C = coefs.reshape(Y.shape[1], X.shape[1], 6).astype(np.float64)
    assert np.abs(C[..., -1]).max() > 0  # the grid reaches non-trivial solutions
    for k in [0, 1, 3, 5]:
        single = _single(l1_ratio, alphas[k], **kw, **TIGHT).fit(X64, y64,
                                                                 sample_weight=sw)
        S = np.reshape(single.coef_, (Y.shape[1], X.shape[1]))
        for t in range(Y.shape[1]):
            bound = (_distance_bound(X, Y[:, t], C[t, :, k], alphas[k], l1_ratio,
                                     sw, kw)
                     + _distance_bound(X, Y[:, t], S[t], alphas[k], l1_ratio,
                                       sw, kw))
            assert np.linalg.norm(C[t, :, k] - S[t]) <= bound, (t, k, bound)
            if is32:  # coarse: a 1e-6 gap allows ~1e-2 relative errors
                np.testing.assert_allclose(C[t, :, k], S[t], rtol=1e-2,
                                           atol=1e-2 * np.abs(C[t]).max())
            if k == 0 and not is32:
                # alphas[0] = alpha_max: both exactly zero (float32: the grid
                # is that of the rounded data, not of the float64 copy)
                assert np.all(C[t, :, k] == 0) and np.all(S[t] == 0)
    if kw["positive"]:
        assert np.all(coefs >= 0)


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5, 0.0])
@pytest.mark.parametrize("name", ["dense", "csc", "weighted_intercept",
                                  "sparse_weighted_intercept", "positive",
                                  "multi_output"])
def test_path_dual_gaps_are_certified_and_recomputable(rng, name, l1_ratio):
    """Every reported gap is <= tol * (weighted) variance of y, and equals the
    NumPy reference duality_gap of the returned coefficients.

    The default tol=1e-4 keeps gaps away from zero so the comparison means
    something; "to rounding": within 1e-12 of the variance of y plus 1e-7
    relative (the kernel and NumPy sum in different orders).
    """
    X, y, sw, kw = _case(name, rng)
    tol = 1e-4
    if l1_ratio == 0.0:
        alphas_kw = {"n_alphas": 6, "eps": 1e-2}
    else:
        alphas_kw = {"n_alphas": 8, "eps": 1e-3}
    alphas, coefs, gaps = _path(l1_ratio, X, y, sample_weight=sw, tol=tol,
                                **alphas_kw, **kw)
    Xd = X.toarray() if sp.issparse(X) else X
    Y = y.reshape(len(y), -1)
    C = coefs.reshape(Y.shape[1], X.shape[1], len(alphas))
    G = gaps.reshape(Y.shape[1], len(alphas))
    if l1_ratio > 0:  # (ridge paths converge to ~0 gaps in a few epochs)
        assert np.any(G > 1e-12 * _weighted_var(Y[:, 0], sw, kw["fit_intercept"]))
    for t in range(Y.shape[1]):
        var = _weighted_var(Y[:, t], sw, kw["fit_intercept"])
        for k, alpha in enumerate(alphas):
            pen = _penalty(alpha, l1_ratio, kw["positive"])
            ref = duality_gap(Xd, Y[:, t], C[t, :, k], pen, sw, kw["fit_intercept"])
            assert G[t, k] <= tol * var * (1 + 1e-12), (t, k, G[t, k], tol * var)
            np.testing.assert_allclose(G[t, k], ref, rtol=1e-7, atol=1e-12 * var)


@pytest.mark.parametrize("l1_ratio", [1.0, 0.3])
@pytest.mark.parametrize("sparse", [False, True])
def test_path_kkt_at_several_alphas(rng, sparse, l1_ratio):
    """KKT and a 1e-9 relative duality gap (assert_optimal) at a tight tol."""
    X, y = _data(rng)
    sw = rng.uniform(0.2, 3.0, len(y))
    Xf = sp.csc_matrix(X) if sparse else X
    alphas, coefs, _ = _path(l1_ratio, Xf, y, n_alphas=10, eps=1e-3,
                             fit_intercept=True, sample_weight=sw, **TIGHT)
    for k in (0, 4, 9):
        w = coefs[:, k]
        intercept = np.average(y - X @ w, weights=sw)
        assert_optimal(X, y, w, intercept, _penalty(alphas[k], l1_ratio), sw,
                       fit_intercept=True, kkt_atol=1e-6, gap_atol=1e-9)


@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
@pytest.mark.parametrize("sparse", [False, True])
def test_path_matches_sklearn_on_explicit_alphas(rng, sparse, l1_ratio, positive):
    """Same explicit alphas, no intercept (scikit-learn's path never fits one):
    the objective is within 1e-8 relative of scikit-learn's at tol=1e-12, and
    the coefficients differ by at most the sum of their certified distances
    sqrt(2 gap / mu) to the optimum (~1e-6)."""
    X, y = _data(rng)
    if sparse:
        X[rng.rand(*X.shape) < 0.6] = 0.0
        X = sp.csc_matrix(X)
    a_max = alpha_max(X.toarray() if sparse else X, y, fit_intercept=False)
    alphas = a_max * np.array([0.5, 0.1, 0.03, 0.01, 0.002])
    ours = _path(l1_ratio, X, y, alphas=alphas, positive=positive, **TIGHT)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if l1_ratio == 1.0:
            theirs = sk.lasso_path(X, y, alphas=alphas, positive=positive, **TIGHT)
        else:
            theirs = sk.enet_path(X, y, l1_ratio=l1_ratio, alphas=alphas,
                                  positive=positive, **TIGHT)
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-15)
    Xd = X.toarray() if sparse else X
    kw = {"positive": positive, "fit_intercept": False}
    for k, alpha in enumerate(alphas):
        pen = _penalty(alpha, l1_ratio, positive)
        ours_obj = primal_objective(Xd, y, ours[1][:, k], 0.0, pen)
        theirs_obj = primal_objective(Xd, y, theirs[1][:, k], 0.0, pen)
        assert abs(ours_obj - theirs_obj) <= 1e-8 * theirs_obj
        # both within their certified distance of the unique optimum
        bound = (_distance_bound(X, y, ours[1][:, k], alpha, l1_ratio, None, kw)
                 + _distance_bound(X, y, theirs[1][:, k], alpha, l1_ratio, None, kw))
        assert np.linalg.norm(ours[1][:, k] - theirs[1][:, k]) <= bound


@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
@pytest.mark.parametrize("sparse", [False, True])
def test_automatic_grid_equals_sklearn_grid(rng, sparse, l1_ratio, positive):
    """The grid is geomspace(alpha_max, eps alpha_max, n) with alpha_max =
    max_j X_j^T y / (n l1_ratio) over |X_j^T y| (or over the positive X_j^T y
    under positive=True), to rounding (1e-12); and it is scikit-learn's
    grid (same alpha_max, eps and size) wherever scikit-learn's grid has that
    definition: always without positive, and under positive=True since
    scikit-learn 1.9 (before, its grid ignored the sign constraint)."""
    # a negative dominant correlation: the positive-constrained alpha_max is
    # then that of the largest *positive* correlation, not of max |X^T y|
    X, y = _negative_dominant_data(rng, sparse=sparse)
    _check_negative_dominant(X, y)
    with warnings.catch_warnings():
        # only the grids are compared: the solves may stop early
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours = _path(l1_ratio, X, y, n_alphas=7, eps=1e-2, positive=positive,
                     max_iter=5)
        ours_int = _path(l1_ratio, X, y, alphas=7, eps=1e-2, positive=positive,
                         max_iter=5)
    corr = np.asarray(X.T @ y).ravel()
    top = max(corr.max(), 0.0) if positive else np.abs(corr).max()
    a_max = top / (X.shape[0] * l1_ratio)
    np.testing.assert_allclose(ours[0], np.geomspace(a_max, 1e-2 * a_max, 7),
                               rtol=1e-12)
    np.testing.assert_array_equal(ours_int[0], ours[0])
    if positive and not SKLEARN_GRID_HONOURS_POSITIVE:
        return  # the installed scikit-learn's grid has another definition
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        grid = sklearn_grid_size(7, path_function=True)
        if l1_ratio == 1.0:
            theirs = sk.lasso_path(X, y, eps=1e-2, positive=positive, max_iter=5,
                                   **grid)
        else:
            theirs = sk.enet_path(X, y, l1_ratio=l1_ratio, eps=1e-2,
                                  positive=positive, max_iter=5, **grid)
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-12)


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
@pytest.mark.parametrize("positive", [False, True])
def test_grid_first_alpha_is_smallest_with_zero_solution(rng, l1_ratio, positive):
    """Without intercept: at alphas[0] every coefficient is 0, and at
    0.99 alphas[0] at least one is not (alpha_max is exactly the smallest
    alpha of the all-zero solution, also under positive=True)."""
    X, y = _negative_dominant_data(rng)
    _check_negative_dominant(X, y)
    alphas, coefs, _ = _path(l1_ratio, X, y, n_alphas=3, eps=0.1,
                             positive=positive, **TIGHT)
    assert np.all(coefs[:, 0] == 0)
    _, below, _ = _path(l1_ratio, X, y, alphas=[0.99 * alphas[0]],
                        positive=positive, **TIGHT)
    assert np.count_nonzero(below) >= 1


@pytest.mark.parametrize("value", [0.1, 7.3])
@pytest.mark.parametrize("sparse", [False, True])
def test_constant_y_grid_and_zero_path(rng, sparse, value):
    """Constant y with an intercept: the centred y is 0, so w = 0 for every
    alpha > 0.  alpha_max is 0 up to the rounding of the mean, and the grid
    is scikit-learn's for that case: n_alphas copies of the float64
    resolution (1e-15), where the coefficients are exactly 0."""
    X, _ = _data(rng)
    y = np.full(X.shape[0], value)
    Xf = sp.csc_matrix(X) if sparse else X
    alphas, coefs, _ = lasso_path(Xf, y, n_alphas=4, fit_intercept=True)
    np.testing.assert_array_equal(alphas, np.full(4, np.finfo(np.float64).resolution))
    assert np.all(coefs == 0)


def test_ridge_grid_uses_l1_ratio_1e_3(rng):
    """l1_ratio=0 has no finite alpha_max: glmnet's convention is the grid of
    l1_ratio=1e-3, i.e. alpha_max(lasso) / 1e-3 (no intercept here)."""
    X, y = _data(rng)
    alphas, coefs, _ = enet_path(X, y, l1_ratio=0.0, n_alphas=5, eps=1e-2)
    a_max = alpha_max(X, y, fit_intercept=False) / 1e-3
    np.testing.assert_allclose(alphas, np.geomspace(a_max, 1e-2 * a_max, 5),
                               rtol=1e-12)
    # and it is scikit-learn's grid for l1_ratio=1e-3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        sk_alphas = sk.enet_path(X, y, l1_ratio=1e-3, eps=1e-2, max_iter=1,
                                 **sklearn_grid_size(5, path_function=True))[0]
    np.testing.assert_allclose(alphas, sk_alphas, rtol=1e-12)
    # ridge: no coefficient is exactly zero even at the top of the grid
    assert np.all(coefs != 0)


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
@pytest.mark.parametrize("sparse", [False, True])
def test_alpha_max_with_intercept_and_weights(rng, sparse, l1_ratio):
    """With fit_intercept and sample_weight the grid starts at the weighted,
    centred alpha_max (the reference ``_objective.alpha_max`` / l1_ratio,
    to 1e-12); there the coefficients are exactly 0, at 0.99 of it not all."""
    X, y = _data(rng)
    sw = rng.uniform(0.2, 3.0, len(y))
    if sparse:
        X[rng.rand(*X.shape) < 0.6] = 0.0
    Xf = sp.csc_matrix(X) if sparse else X
    alphas, coefs, _ = _path(l1_ratio, Xf, y, n_alphas=4, eps=1e-2,
                             fit_intercept=True, sample_weight=sw, **TIGHT)
    np.testing.assert_allclose(alphas[0], alpha_max(X, y, sw) / l1_ratio,
                               rtol=1e-12)
    assert np.all(coefs[:, 0] == 0)
    _, below, _ = _path(l1_ratio, Xf, y, alphas=[0.99 * alphas[0]],
                        fit_intercept=True, sample_weight=sw, **TIGHT)
    assert np.count_nonzero(below) >= 1
    # the unweighted, uncentred alpha_max is a different number here
    assert not np.isclose(alphas[0], alpha_max(X, y, None, False) / l1_ratio)


def test_multi_output_grid_is_max_over_targets(rng):
    """Independent targets on one grid: alpha_max is the largest per-target
    alpha_max, where every target's coefficients are zero."""
    X, Y = _data(rng, n_targets=2)
    alphas, coefs, gaps = lasso_path(X, Y, n_alphas=4, eps=1e-2,
                                     fit_intercept=True, **TIGHT)
    per_target = [alpha_max(X, Y[:, t]) for t in range(2)]
    np.testing.assert_allclose(alphas[0], max(per_target), rtol=1e-12)
    assert coefs.shape == (2, X.shape[1], 4) and gaps.shape == (2, 4)
    assert np.all(coefs[:, :, 0] == 0)
    for t in range(2):
        single = lasso_path(X, Y[:, t], alphas=alphas, fit_intercept=True, **TIGHT)
        np.testing.assert_allclose(coefs[t], single[1], rtol=0,
                                   atol=1e-9 * np.abs(single[1]).max())


def test_unsorted_alphas_are_returned_decreasing(rng):
    X, y = _data(rng)
    given = np.array([0.05, 1.0, 0.2, 5.0])
    alphas, coefs, gaps = lasso_path(X, y, alphas=given, **TIGHT)
    np.testing.assert_array_equal(alphas, [5.0, 1.0, 0.2, 0.05])
    # each column belongs to its (sorted) alpha
    for k, alpha in enumerate(alphas):
        single = Lasso(alpha=alpha, fit_intercept=False, **TIGHT).fit(X, y)
        np.testing.assert_allclose(coefs[:, k], single.coef_, rtol=0,
                                   atol=1e-7 * np.abs(coefs).max())
    assert np.all(given == [0.05, 1.0, 0.2, 5.0])  # the user's array untouched


def test_int_alphas_is_grid_size(rng):
    X, y = _data(rng)
    a_int = lasso_path(X, y, alphas=9, eps=1e-2)[0]
    a_n = lasso_path(X, y, n_alphas=9, eps=1e-2)[0]
    assert a_int.shape == (9,)
    np.testing.assert_array_equal(a_int, a_n)
    a_max = alpha_max(X, y, fit_intercept=False)
    np.testing.assert_allclose(a_int[[0, -1]], [a_max, 1e-2 * a_max], rtol=1e-12)
    # ratio of consecutive alphas is constant (geometric grid)
    np.testing.assert_allclose(a_int[1:] / a_int[:-1], 1e-2 ** (1 / 8), rtol=1e-12)


def test_xy_gives_the_same_grid_without_intercept(rng):
    X, y = _data(rng)
    with_xy = enet_path(X, y, l1_ratio=0.5, Xy=X.T @ y, n_alphas=5)[0]
    without = enet_path(X, y, l1_ratio=0.5, n_alphas=5)[0]
    np.testing.assert_allclose(with_xy, without, rtol=1e-12)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"l1_ratio": 1.5}, ValueError, "l1_ratio"),
        ({"l1_ratio": -0.1}, ValueError, "l1_ratio"),
        ({"eps": 0.0}, ValueError, "eps"),
        ({"eps": 2.0}, ValueError, "eps"),
        ({"eps": -1e-3}, ValueError, "eps"),
        ({"n_alphas": 0}, ValueError, "n_alphas"),
        ({"n_alphas": 2.5}, ValueError, "n_alphas"),
        ({"alphas": 0}, ValueError, "alphas"),
        ({"alphas": []}, ValueError, "alphas"),
        ({"alphas": [1.0, -0.1]}, ValueError, "alphas"),
        ({"alphas": [1.0, np.nan]}, ValueError, "alphas"),
        # scikit-learn raises ValueError for a parameter its solver lacks
        ({"foo": 1}, ValueError, "Unexpected parameters in params: \\['foo'\\]"),
        ({"Xy": "xy", "fit_intercept": True}, ValueError, "Xy"),
        ({"Xy": "xy", "sample_weight": "ones"}, ValueError, "Xy"),
    ],
)
def test_path_errors(rng, kwargs, error, match):
    X, y = _data(rng, n=30, p=5)
    kwargs = dict(kwargs)
    if kwargs.get("Xy") == "xy":
        kwargs["Xy"] = X.T @ y
    if kwargs.get("sample_weight") == "ones":
        kwargs["sample_weight"] = rng.uniform(0.5, 2.0, len(y))
    with pytest.raises(error, match=match):
        enet_path(X, y, **kwargs)


def test_lasso_path_rejects_unknown_params_and_nan(rng):
    X, y = _data(rng, n=30, p=5)
    with pytest.raises(TypeError):
        lasso_path(X, y, l1_ratio=0.5)  # not a lasso_path parameter
    with pytest.raises(ValueError, match="bogus"):  # as scikit-learn's
        lasso_path(X, y, bogus=True)
    X_nan = X.copy()
    X_nan[3, 2] = np.nan
    with pytest.raises(ValueError):
        lasso_path(X_nan, y)
    with pytest.raises(ValueError):
        lasso_path(sp.csc_matrix(X_nan), y)
    y_nan = y.copy()
    y_nan[0] = np.nan
    with pytest.raises(ValueError):
        lasso_path(X, y_nan)


@pytest.mark.parametrize("precompute", [False, True, "auto"])
@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("sparse", [False, True])
def test_path_does_not_modify_inputs(rng, sparse, order, precompute):
    """X, y and sample_weight are unchanged, with the default copy_X."""
    X, y = _data(rng)
    X = np.asarray(X, order=order)
    sw = rng.uniform(0.2, 3.0, len(y))
    Xf = sp.csc_matrix(X) if sparse else X
    X0 = Xf.copy()
    y0, sw0 = y.copy(), sw.copy()
    enet_path(Xf, y, l1_ratio=0.7, n_alphas=5, fit_intercept=True,
              sample_weight=sw, precompute=precompute)
    lasso_path(Xf, y, n_alphas=5, fit_intercept=True, precompute=precompute)
    if sparse:
        np.testing.assert_array_equal(Xf.toarray(), X0.toarray())
        np.testing.assert_array_equal(Xf.data, X0.data)
    else:
        np.testing.assert_array_equal(Xf, X0)
    np.testing.assert_array_equal(y, y0)
    np.testing.assert_array_equal(sw, sw0)


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
@pytest.mark.parametrize("weighted", [False, True])
def test_precompute_true_equals_false(rng, weighted, l1_ratio):
    """The Gram route solves the same problems: coefficients to 1e-8 of their
    scale along the whole path at tol=1e-12."""
    X, y = _data(rng, n=120, p=15)
    sw = rng.uniform(0.2, 3.0, len(y)) if weighted else None
    kw = {"n_alphas": 12, "eps": 1e-3, "fit_intercept": True, "sample_weight": sw,
          **TIGHT}
    a_gram, c_gram, _ = _path(l1_ratio, X, y, precompute=True, **kw)
    a_x, c_x, _ = _path(l1_ratio, X, y, precompute=False, **kw)
    np.testing.assert_array_equal(a_gram, a_x)
    np.testing.assert_allclose(c_gram, c_x, rtol=0, atol=1e-8 * np.abs(c_x).max())


def test_return_n_iter_and_coef_init(rng):
    """n_iter per alpha; starting at the path's solution of an alpha, the
    solve returns the same solution (within the certified distances) in
    fewer epochs than from zero."""
    X, y = _data(rng)
    alphas, coefs, gaps, n_iter = lasso_path(X, y, n_alphas=5, return_n_iter=True,
                                             **TIGHT)
    assert n_iter.shape == (5,) and np.all(n_iter >= 1)
    kw = {"positive": False, "fit_intercept": False}
    for k in (2, 4):
        _, warm, _, n_warm = lasso_path(X, y, alphas=alphas[k:k + 1],
                                        coef_init=coefs[:, k], return_n_iter=True,
                                        **TIGHT)
        _, cold, _, n_cold = lasso_path(X, y, alphas=alphas[k:k + 1],
                                        return_n_iter=True, **TIGHT)
        assert n_warm[0] < n_cold[0]
        bound = (_distance_bound(X, y, warm[:, 0], alphas[k], 1.0, None, kw)
                 + _distance_bound(X, y, coefs[:, k], alphas[k], 1.0, None, kw))
        assert np.linalg.norm(warm[:, 0] - coefs[:, k]) <= bound


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_extrapolation_is_exact_on_a_linear_piece(rng, l1_ratio):
    """Between alphas where the support does not change the lasso path is
    linear in alpha (the elastic net's is smooth): the prediction from two
    certified solutions matches the certified solution at a third alpha."""
    from sklearn_penalized._path import extrapolate_path

    X, y = _data(rng)
    a_max = alpha_max(X, y) / l1_ratio
    alphas = a_max * np.array([0.2, 0.199, 0.198])
    coefs = enet_path(X, y, l1_ratio=l1_ratio, alphas=alphas, fit_intercept=True,
                      **TIGHT)[1]
    assert np.array_equal(coefs[:, 0] != 0, coefs[:, 2] != 0)  # one linear piece
    predicted = extrapolate_path(alphas[0], coefs[:, 0], alphas[1], coefs[:, 1],
                                 alphas[2])
    scale = np.abs(coefs[:, 2]).max()
    # the lasso's path is exactly linear; the elastic net's curvature over
    # 0.1% of alpha is tiny
    atol = 1e-7 if l1_ratio == 1.0 else 1e-5
    np.testing.assert_allclose(predicted, coefs[:, 2], atol=atol * scale)
    # plain warm start (the previous solution) is much further away
    assert (np.abs(coefs[:, 1] - coefs[:, 2]).max()
            > 10 * np.abs(predicted - coefs[:, 2]).max())


def test_extrapolation_keeps_support_and_signs():
    from sklearn_penalized._path import extrapolate_path

    coef_a = np.array([[1.0, 0.5, 0.0, -0.2, 0.3]])
    coef_b = np.array([[2.0, 0.1, 0.0, -0.1, 0.0]])
    predicted = extrapolate_path(1.0, coef_a, 0.9, coef_b, 0.7)
    # 0.1 + 2 (0.1 - 0.5) < 0: the feature leaves, stops at zero; feature 4
    # left between a and b and stays zero; signs and support of b are kept
    np.testing.assert_allclose(predicted, [[4.0, 0.0, 0.0, 0.0, 0.0]])
    assert extrapolate_path(1.0, coef_a, 1.0, coef_b, 0.5) is None


def test_path_on_the_interpolating_end_is_certified(rng):
    """A wide correlated design down to alpha_max / 1000 (supports near
    n_samples, where the extrapolated starts and small working sets matter):
    every column's recomputed gap is at most tol."""
    n, p = 60, 150
    X = rng.randn(n, p)
    X[:, 1:] += 0.6 * X[:, :-1]
    y = X[:, :10] @ rng.randn(10) + 0.1 * rng.randn(n)
    alphas, coefs, gaps = lasso_path(X, y, eps=1e-3, tol=1e-6, fit_intercept=True)
    y_var = np.var(y)
    for k, alpha in enumerate(alphas):
        intercept = y.mean() - X.mean(axis=0) @ coefs[:, k]
        gap = duality_gap(X, y, coefs[:, k], L1L2(alpha, 0.0), fit_intercept=True)
        assert gap <= 1e-6 * y_var * (1 + 1e-6) + 1e-15
        assert gaps[k] <= 1e-6 * y_var * (1 + 1e-6)
        assert np.isfinite(intercept)
    assert np.count_nonzero(coefs[:, -1]) > n / 2


@pytest.mark.parametrize("scale", [1e-30, 1e-100])
def test_small_scale_data_keep_their_grid(rng, scale):
    """The lasso is equivariant in the scale of X: X -> s X gives alpha_max
    -> s alpha_max and coef -> coef / s.  A grid collapsed to float64's
    resolution whenever alpha_max < 1e-15 (scikit-learn's rule) made every
    model on such data silently intercept-only."""
    from sklearn.model_selection import KFold

    from sklearn_penalized import LassoCV

    X = rng.randn(80, 6)
    y = X[:, :3] @ np.array([1.0, -2.0, 3.0]) + 0.1 * rng.randn(80)
    folds = list(KFold(3).split(X))
    ref = LassoCV(cv=folds, alphas=10, tol=1e-10).fit(X, y)
    model = LassoCV(cv=folds, alphas=10, tol=1e-10).fit(X * scale, y)
    np.testing.assert_allclose(model.alphas_, ref.alphas_ * scale, rtol=1e-10)
    np.testing.assert_allclose(model.coef_ * scale, ref.coef_, rtol=1e-6)
    alphas, coefs, _ = lasso_path(X * scale, y, n_alphas=5, fit_intercept=True)
    np.testing.assert_allclose(alphas, ref.alphas_[0] * scale * np.geomspace(1, 1e-3, 5),
                               rtol=1e-10)
    assert np.count_nonzero(coefs[:, -1]) > 0


@pytest.mark.parametrize("n_features", [12, 120])  # plain CD / accelerated
@pytest.mark.parametrize("l1_ratio", [1.0, 0.4])
@pytest.mark.parametrize("bounded", [False, True])
def test_one_call_gram_path_equals_the_per_alpha_loop(rng, monkeypatch, n_features,
                                                     l1_ratio, bounded):
    """A small Gram form solves the whole path in one kernel call per target
    (``CoordinateDescent.solve_path``); its solutions are those of one
    ``solve`` per alpha (the loop it replaces), certified at every alpha."""
    from sklearn_penalized._preprocessing import make_problem
    from sklearn_penalized.solvers import CoordinateDescent

    X = rng.randn(300, n_features) + 0.4 * rng.randn(300, 1)
    y = X[:, :5] @ rng.randn(5) + rng.randn(300) + 3.0
    sw = rng.uniform(0.5, 2.0, 300)
    lower = -0.5 if bounded else None
    upper = 1.5 if bounded else None
    bounds = dict(lower=lower, upper=upper)
    alphas = alpha_max(X, y, sw) / l1_ratio * np.geomspace(1, 1e-3, 30)
    problem = make_problem(np.asfortranarray(X), y, sw, fit_intercept=True)
    solver = CoordinateDescent(tol=1e-6, gram=True)
    unit = L1L2(l1_ratio, (1 - l1_ratio) / 2, **bounds)
    assert solver.solves_path_in_one_call(problem, unit)
    coefs, n_iter, dual_gap, converged = solver.solve_path(problem, unit, alphas)
    assert converged.all() and (n_iter[0, 1:] >= 0).all()
    coef = np.zeros((1, n_features))
    for i, alpha in enumerate(alphas):
        penalty = L1L2(alpha * l1_ratio, alpha * (1 - l1_ratio) / 2, **bounds)
        result = solver.solve(problem, penalty, coef_init=coef)
        coef = result.coef
        scale = max(np.abs(coef).max(), 1e-12)
        np.testing.assert_allclose(coefs[i], coef, rtol=0, atol=1e-4 * scale)
        assert dual_gap[0, i] <= 1e-6 * problem.y_sq_norms[0] / problem.sum_sw
        # the reported gap is the certified gap of the returned coefficients
        gap = duality_gap(X, y, coefs[i][0], penalty, sw)
        np.testing.assert_allclose(dual_gap[0, i], gap, rtol=1e-6,
                                   atol=1e-12 * problem.y_sq_norms[0] / problem.sum_sw)
    # the top of the grid is exactly zero (alpha_max computed elsewhere)
    assert not np.any(coefs[0])
    # lasso_path takes this route: the kernel runs once per target
    calls = []
    from sklearn_penalized._kernels import _cd_fast
    original = _cd_fast.cd_gram_path
    monkeypatch.setattr(_cd_fast, "cd_gram_path",
                        lambda *a, **k: calls.append(1) or original(*a, **k))
    enet_path(X, y, l1_ratio=l1_ratio, alphas=alphas, precompute=True)
    assert calls == [1]


def _wide_design(rng, n, p, rho=0.7):
    """AR(1)-correlated columns, fewer rows than features, 8 true nonzeros."""
    X = np.empty((n, p))
    X[:, 0] = rng.randn(n)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + np.sqrt(1 - rho**2) * rng.randn(n)
    X *= rng.uniform(0.5, 2.0, size=p)
    coef = np.zeros(p)
    coef[rng.choice(p, 8, replace=False)] = 2 * rng.randn(8)
    return X, X @ coef + rng.randn(n) + 5.0


@pytest.mark.parametrize("shape", [(70, 400), (300, 400)])  # one-call rule / loop only
@pytest.mark.parametrize("l1_ratio", [1.0, 0.6])
@pytest.mark.parametrize("variant", ["plain", "weighted", "bounded", "no_intercept",
                                     "float32"])
def test_dense_path_kernel_equals_the_per_alpha_loop(rng, monkeypatch, shape, l1_ratio,
                                                     variant):
    """On dense X with fewer than DENSE_PATH_MAX_SAMPLES rows the whole path
    runs in one kernel call per target (``cd_dense_path``: the working-set
    loop of ``solve_target`` in C).  Each alpha's solution is certified
    (the reported gap is the independently computed gap of the returned
    coefficients, at most ``tol * ||y||^2``) and is as good as the Python
    loop's: the primal objectives differ by at most the sum of the two
    certified gaps (both bound the suboptimality; with p > n the lasso
    solution need not be unique, so coefficients are not compared)."""
    from sklearn_penalized._kernels import _cd_fast
    from sklearn_penalized._path import solve_path
    from sklearn_penalized._preprocessing import make_problem
    from sklearn_penalized.solvers import _cd

    n, p = shape
    X, y = _wide_design(rng, n, p)
    sw = rng.uniform(0.5, 2.0, n) if variant == "weighted" else None
    fit_intercept = variant != "no_intercept"
    box = dict(lower=np.full(p, -0.4), upper=np.full(p, 1.0)) if variant == "bounded" else {}
    dtype = np.float32 if variant == "float32" else np.float64
    tol = 1e-3 if variant == "float32" else 1e-6
    alphas = alpha_max(X, y, sw, fit_intercept) / l1_ratio * np.geomspace(1, 1e-2, 25)
    problem = make_problem(np.asfortranarray(X, dtype=dtype), y.astype(dtype), sw,
                           fit_intercept=fit_intercept)
    calls = []
    original = _cd_fast.cd_dense_path
    monkeypatch.setattr(_cd_fast, "cd_dense_path",
                        lambda *a, **k: calls.append(1) or original(*a, **k))
    options = dict(l1_ratio=l1_ratio, tol=tol, precompute=False, **box)
    coefs, intercepts, gaps, n_iters = solve_path(problem, alphas, **options)
    assert calls == [1]
    monkeypatch.setattr(_cd, "DENSE_PATH_MAX_SAMPLES", 0)
    loop_coefs, loop_intercepts, loop_gaps, _ = solve_path(problem, alphas, **options)
    assert calls == [1]
    Xd = X.astype(dtype).astype(np.float64)
    yd = y.astype(dtype).astype(np.float64)
    y_scale = problem.y_sq_norms[0] / problem.sum_sw
    for i, alpha in enumerate(alphas):
        penalty = L1L2(alpha * l1_ratio, alpha * (1 - l1_ratio) / 2, **box)
        assert gaps[0, i] <= tol * y_scale
        gap = duality_gap(Xd, yd, coefs[0, :, i], penalty, sw, fit_intercept)
        # float32: the kernel's gap is computed in float32 (ulps of ||y||^2)
        atol = (1e-5 if dtype == np.float32 else 1e-12) * y_scale
        np.testing.assert_allclose(gaps[0, i], gap, rtol=1e-3, atol=atol)
        objective = primal_objective(Xd, yd, coefs[0, :, i], intercepts[0, i], penalty, sw)
        loop_objective = primal_objective(Xd, yd, loop_coefs[0, :, i],
                                          loop_intercepts[0, i], penalty, sw)
        assert abs(objective - loop_objective) <= gaps[0, i] + loop_gaps[0, i] + atol
        if box:
            assert np.all(coefs[0, :, i] >= -0.4) and np.all(coefs[0, :, i] <= 1.0)
    assert not np.any(coefs[0, :, 0])  # alpha_max: exactly zero
    assert np.count_nonzero(coefs[0, :, -1]) > 8


def test_dense_path_kernel_from_given_starts(rng):
    """``starts`` (the refined pass of cross-validation): each alpha is solved
    from its own start, to the target; a start already within it is kept
    unchanged (no epoch), a poor one is moved to a certified solution."""
    from sklearn_penalized._path import solve_path
    from sklearn_penalized._preprocessing import make_problem

    X, y = _wide_design(rng, 60, 300)
    problem = make_problem(np.asfortranarray(X), y, None, fit_intercept=True)
    alphas = alpha_max(X, y) * np.geomspace(0.5, 0.01, 8)
    loose, _, _, _ = solve_path(problem, alphas, tol=1e-3)
    exact, _, _, _ = solve_path(problem, alphas, tol=1e-10, max_iter=100_000)
    starts = loose.copy()
    starts[:, :, ::2] = 0.0  # every other alpha from zero
    coefs, intercepts, gaps, n_iters = solve_path(problem, alphas, tol=1e-6, starts=starts)
    y_scale = problem.y_sq_norms[0] / problem.sum_sw
    for i, alpha in enumerate(alphas):
        penalty = L1L2(alpha, 0.0)
        assert gaps[0, i] <= 1e-6 * y_scale
        gap = duality_gap(X, y, coefs[0, :, i], penalty)
        assert gap <= 1e-6 * y_scale
        assert (primal_objective(X, y, coefs[0, :, i], intercepts[0, i], penalty)
                - primal_objective(X, y, exact[0, :, i], problem.intercept(
                    exact[:, :, i])[0], penalty)) <= 1e-6 * y_scale
    # from the exact solutions, nothing moves
    coefs, _, _, n_iters = solve_path(problem, alphas, tol=1e-6, starts=exact)
    np.testing.assert_array_equal(coefs, exact)
    assert not np.any(n_iters)
