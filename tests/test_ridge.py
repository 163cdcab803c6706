# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of the Ridge estimator against mathematics computed in NumPy.

Ridge minimises ``sum_i s_i (y_i - x_i^T w - b)^2 + alpha ||w||^2``.  With
the weighted means ``m = X^T s / sum(s)`` and ``c = y^T s / sum(s)``, the
intercept is eliminated exactly and ``w`` solves the normal equations

    (X_c^T S X_c + alpha I) w = X_c^T S y_c,      b = c - m^T w,

which every test below solves independently with ``np.linalg`` (or, for a
design built from a known SVD, in closed form).
"""
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.linalg import LinAlgWarning
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Ridge as SklearnRidge

from sklearn_penalized import Ridge
from sklearn_penalized import _preprocessing as preprocessing
from sklearn_penalized.solvers import Cholesky

ALL_SOLVERS = ["cholesky", "svd", "sparse_cg", "cd"]
SPARSE_SOLVERS = ["cholesky", "sparse_cg", "cd"]

# Settings that make the iterative solvers accurate to (nearly) machine
# precision, so that they can be held to the same reference as the direct ones.
PRECISE = {
    "cholesky": {},
    "svd": {},
    "sparse_cg": {"tol": 1e-14, "max_iter": 10_000},
    "cd": {"tol": 1e-14, "max_iter": 100_000},
}


# -- independent references --------------------------------------------------
def _weights(sample_weight, n_samples):
    if sample_weight is None:
        return np.ones(n_samples)
    return np.asarray(sample_weight, dtype=np.float64)


def ridge_reference(X, y, alpha, sample_weight=None, fit_intercept=True):
    """Solve the weighted, centred normal equations with ``np.linalg.solve``.

    ``y`` may be 1-d or 2-d; ``alpha`` a scalar or one value per target.
    Returns ``(coef, intercept)`` shaped like scikit-learn's attributes.
    """
    X = X.toarray() if sp.issparse(X) else np.asarray(X, dtype=np.float64)
    Y = np.asarray(y, dtype=np.float64)
    Y2 = Y.reshape(-1, 1) if Y.ndim == 1 else Y
    s = _weights(sample_weight, X.shape[0])
    if fit_intercept:
        x_mean = s @ X / s.sum()
        y_mean = s @ Y2 / s.sum()
    else:
        x_mean = np.zeros(X.shape[1])
        y_mean = np.zeros(Y2.shape[1])
    Xc, Yc = X - x_mean, Y2 - y_mean
    alphas = np.broadcast_to(np.asarray(alpha, dtype=np.float64), (Y2.shape[1],))
    gram = Xc.T @ (s[:, None] * Xc)
    rhs = Xc.T @ (s[:, None] * Yc)
    coef = np.stack([
        np.linalg.solve(gram + a * np.eye(X.shape[1]), rhs[:, k])
        for k, a in enumerate(alphas)
    ])
    intercept = y_mean - coef @ x_mean
    if Y.ndim == 1:
        return coef[0], intercept[0]
    return coef, intercept


def ridge_objective(X, y, coef, intercept, alpha, sample_weight=None):
    """scikit-learn's Ridge objective, one target."""
    X = X.toarray() if sp.issparse(X) else np.asarray(X, dtype=np.float64)
    s = _weights(sample_weight, X.shape[0])
    residual = np.asarray(y, dtype=np.float64) - X @ coef - intercept
    return float(s @ residual**2 + alpha * coef @ coef)


def coef_error_bound(solver, X, y, alpha, sample_weight=None,
                     fit_intercept=True):
    """Guaranteed bound on ``||coef - coef*||_2`` of a ``PRECISE`` fit.

    With ``A = X_c^T S X_c + alpha I`` and ``b = X_c^T S y_c`` (worst target):

    * direct solvers are backward stable: ``1e3 * eps * cond(A) ||w*||``;
    * conjugate gradient stops at ``||A w - b|| <= tol ||b||``, hence
      ``||w - w*|| <= tol ||b|| / lambda_min(A)``;
    * coordinate descent stops at a duality gap ``<= tol ||y_c||_S^2`` of
      ``1/2 ||y_c - X_c w||_S^2 + alpha/2 ||w||^2``, which is
      ``lambda_min(A)``-strongly convex: ``||w - w*||^2 <= 2 gap / lambda_min(A)``.
    """
    X = X.toarray() if sp.issparse(X) else np.asarray(X, dtype=np.float64)
    Y = np.asarray(y, dtype=np.float64).reshape(X.shape[0], -1)
    s = _weights(sample_weight, X.shape[0])
    if fit_intercept:
        X = X - s @ X / s.sum()
        Y = Y - s @ Y / s.sum()
    eig = np.linalg.eigvalsh(X.T @ (s[:, None] * X))
    alphas = np.broadcast_to(np.asarray(alpha, dtype=np.float64), (Y.shape[1],))
    coef_ref = np.atleast_2d(
        ridge_reference(X, Y, alphas, sample_weight, fit_intercept=False)[0]
    )
    bounds = []
    for k, a in enumerate(alphas):
        lam_min, lam_max = max(eig[0], 0.0) + a, eig[-1] + a
        w_norm = np.linalg.norm(coef_ref[k])
        floor = 1e3 * np.finfo(np.float64).eps * lam_max / lam_min * w_norm
        tol = PRECISE[solver].get("tol", 0.0)
        if solver == "sparse_cg":
            b_norm = np.linalg.norm(X.T @ (s * Y[:, k]))
            bounds.append(floor + tol * b_norm / lam_min)
        elif solver == "cd":
            gap = tol * (s @ Y[:, k] ** 2)
            bounds.append(floor + np.sqrt(2.0 * gap / lam_min))
        else:
            bounds.append(floor)
    return max(bounds)


def intercept_error_bound(coef_bound, X, sample_weight=None, fit_intercept=True):
    """``|b - b*| = |m^T (w - w*)| <= ||m|| ||w - w*||`` (plus rounding)."""
    if not fit_intercept:
        return 0.0
    X = X.toarray() if sp.issparse(X) else np.asarray(X, dtype=np.float64)
    s = _weights(sample_weight, X.shape[0])
    return np.linalg.norm(s @ X / s.sum()) * coef_bound + 1e-12


def design_with_known_svd(rng, n_samples, n_features):
    """``X = U diag(sv) V^T + 1 m^T`` with ``U`` orthogonal to the ones vector.

    Centring removes exactly ``1 m^T``, so the centred design has the SVD
    ``(U, sv, V)`` (rank ``min(n - 1, p)``).  Column offsets ``m`` are
    nonzero so that the intercept matters.
    """
    rank = min(n_samples - 1, n_features)
    basis = rng.randn(n_samples, rank + 1)
    basis[:, 0] = 1.0
    U = np.linalg.qr(basis)[0][:, 1:]
    V = np.linalg.qr(rng.randn(n_features, rank))[0]
    sv = np.geomspace(8.0, 0.4, rank)
    offsets = rng.uniform(-3.0, 3.0, size=n_features)
    return (U * sv) @ V.T + offsets, U, sv, V


def _sparse_design(rng, n_samples, n_features, density=0.3):
    X = rng.randn(n_samples, n_features)
    X[rng.rand(n_samples, n_features) > density] = 0.0
    X[:, 0] += 1.5  # a dense column with a nonzero mean: centring matters
    return X


def _to_container(X, container):
    if container == "dense":
        return X
    return {"csr": sp.csr_matrix, "csc": sp.csc_matrix}[container](X)


def _fit_quiet(estimator, X, y, **fit_params):
    """Fit, failing on any ConvergenceWarning (precision settings must work)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        return estimator.fit(X, y, **fit_params)


def assert_ridge_solution(model, X, y, alpha, sample_weight=None,
                          fit_intercept=True, solver=None):
    """``model`` holds the ridge solution of ``(X, y, alpha, sample_weight)``.

    ``coef_`` is compared (2-norm per target) with the NumPy reference within
    ``coef_error_bound`` for ``solver`` (default: the one that ran), and
    ``intercept_`` within ``intercept_error_bound``.
    """
    solver = model.solver_ if solver is None else solver
    coef_ref, intercept_ref = ridge_reference(X, y, alpha, sample_weight,
                                              fit_intercept)
    bound = coef_error_bound(solver, X, y, alpha, sample_weight, fit_intercept)
    errors = np.linalg.norm(np.atleast_2d(model.coef_ - coef_ref), axis=1)
    assert np.max(errors) <= bound, (
        f"coef error {np.max(errors):.3e} > bound {bound:.3e} ({solver})"
    )
    # the bound is informative: far below the size of the coefficients
    assert bound < 1e-4 * np.max(np.abs(coef_ref))
    intercept_bound = intercept_error_bound(bound, X, sample_weight,
                                            fit_intercept)
    np.testing.assert_allclose(model.intercept_, intercept_ref, rtol=0,
                               atol=intercept_bound)


# -- closed form -------------------------------------------------------------
@pytest.mark.parametrize("shape", [(40, 8), (12, 30)], ids=["long", "wide"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("solver", ALL_SOLVERS)
def test_closed_form(rng, shape, fit_intercept, weighted, solver):
    n_samples, n_features = shape
    X, U, sv, V = design_with_known_svd(rng, n_samples, n_features)
    y = X @ rng.randn(n_features) + 0.5 * rng.randn(n_samples) + 4.0
    sample_weight = rng.uniform(0.2, 3.0, n_samples) if weighted else None
    alpha = 0.7

    if fit_intercept and not weighted:
        # The NumPy reference agrees with the known SVD of the centred
        # design: w = V diag(sv / (sv^2 + alpha)) U^T y (U^T 1 = 0).
        coef_svd = V @ (sv / (sv**2 + alpha) * (U.T @ y))
        coef_ref, _ = ridge_reference(X, y, alpha)
        np.testing.assert_allclose(coef_ref, coef_svd, rtol=0,
                                   atol=1e-12 * np.max(np.abs(coef_svd)))

    model = _fit_quiet(
        Ridge(alpha=alpha, fit_intercept=fit_intercept, solver=solver,
              **PRECISE[solver]),
        X, y, sample_weight=sample_weight,
    )
    assert model.solver_ == solver
    assert model.coef_.shape == (n_features,)
    assert np.ndim(model.intercept_) == 0
    assert_ridge_solution(model, X, y, alpha, sample_weight, fit_intercept)

    # the intercept is exactly the weighted-mean formula for the returned coef
    s = _weights(sample_weight, n_samples)
    if fit_intercept:
        expected_intercept = s @ y / s.sum() - (s @ X / s.sum()) @ model.coef_
    else:
        expected_intercept = 0.0
    np.testing.assert_allclose(model.intercept_, expected_intercept,
                               rtol=1e-12, atol=1e-12)

    assert model.n_iter_.shape == (1,)
    if solver in ("cholesky", "svd"):
        assert model.n_iter_[0] == 1
    else:
        assert 1 <= model.n_iter_[0] <= PRECISE[solver]["max_iter"]


def test_predict_is_linear_model(rng):
    # predict is X @ coef + intercept, for dense and sparse X
    X = _sparse_design(rng, 25, 6)
    y = rng.randn(25)
    model = Ridge(alpha=0.3).fit(X, y)
    expected = X @ model.coef_ + model.intercept_
    for container in ["dense", "csr", "csc"]:
        np.testing.assert_allclose(
            model.predict(_to_container(X, container)), expected,
            rtol=1e-12, atol=1e-12,
        )


# -- agreement with scikit-learn ----------------------------------------------
@pytest.mark.parametrize("container", ["dense", "csr", "csc"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize(
    "n_targets, per_target_alpha", [(None, False), (3, False), (3, True)]
)
def test_agrees_with_sklearn(
    rng, container, fit_intercept, weighted, n_targets, per_target_alpha
):
    n_samples, n_features = 35, 10
    X = _sparse_design(rng, n_samples, n_features)
    y_shape = (n_samples,) if n_targets is None else (n_samples, n_targets)
    y = rng.randn(*y_shape) + 2.0
    sample_weight = rng.uniform(0.1, 4.0, n_samples) if weighted else None
    alpha = np.array([0.01, 1.0, 30.0]) if per_target_alpha else 2.0
    Xf = _to_container(X, container)

    ours = Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(
        Xf, y, sample_weight=sample_weight
    )
    # scikit-learn's own route for this input (its sparse_cg on sparse X),
    # run to high precision
    theirs = SklearnRidge(alpha=alpha, fit_intercept=fit_intercept, tol=1e-12).fit(
        Xf, y, sample_weight=sample_weight
    )
    assert ours.coef_.shape == theirs.coef_.shape
    if fit_intercept:
        # (without intercept scikit-learn stores the scalar 0.0, we store
        # zeros of shape (n_targets,); the values are compared below)
        assert np.shape(ours.intercept_) == np.shape(theirs.intercept_)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_,
                               rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ours.predict(Xf), theirs.predict(Xf),
                               rtol=1e-8, atol=1e-9)


@pytest.mark.parametrize("solver", ALL_SOLVERS)
@pytest.mark.parametrize("shape", [(30, 7), (9, 20)], ids=["long", "wide"])
def test_multi_target_per_target_alpha_every_solver(rng, solver, shape):
    # Each target of a multi-output fit is the ridge solution with its own
    # alpha (NumPy reference, scikit-learn) and equals the single-target fit.
    n_samples, n_features = shape
    X = rng.randn(n_samples, n_features) + 1.0
    Y = rng.randn(n_samples, 3)
    sample_weight = rng.uniform(0.5, 2.0, n_samples)
    alpha = np.array([0.5, 2.0, 2.0])  # two targets share a penalty

    model = _fit_quiet(Ridge(alpha=alpha, solver=solver, **PRECISE[solver]),
                       X, Y, sample_weight=sample_weight)
    assert model.coef_.shape == (3, n_features)
    assert model.intercept_.shape == (3,)
    assert model.n_iter_.shape == (3,)
    assert_ridge_solution(model, X, Y, alpha, sample_weight)
    sk = SklearnRidge(alpha=alpha, solver="cholesky").fit(
        X, Y, sample_weight=sample_weight
    )
    bound = coef_error_bound(solver, X, Y, alpha, sample_weight)
    np.testing.assert_allclose(model.coef_, sk.coef_, rtol=0, atol=2 * bound)
    for k in range(3):
        single = _fit_quiet(
            Ridge(alpha=alpha[k], solver=solver, **PRECISE[solver]),
            X, Y[:, k], sample_weight=sample_weight,
        )
        np.testing.assert_allclose(model.coef_[k], single.coef_, rtol=0,
                                   atol=2 * bound)
    # a scalar alpha and an alpha of shape (1,) mean the same for all targets
    scalar = Ridge(alpha=2.0, solver="cholesky").fit(X, Y)
    one = Ridge(alpha=np.array([2.0]), solver="cholesky").fit(X, Y)
    np.testing.assert_allclose(scalar.coef_, one.coef_, rtol=1e-14, atol=0)


# -- sparse input ---------------------------------------------------------------
@pytest.mark.parametrize("solver", SPARSE_SOLVERS)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_sparse_equals_dense(rng, solver, weighted, fit_intercept):
    n_samples, n_features = 40, 12
    X = _sparse_design(rng, n_samples, n_features, density=0.2)
    y = rng.randn(n_samples) + 3.0
    sample_weight = rng.uniform(0.1, 3.0, n_samples) if weighted else None
    fits = {
        container: _fit_quiet(
            Ridge(alpha=0.4, fit_intercept=fit_intercept, solver=solver,
                  **PRECISE[solver]),
            _to_container(X, container), y, sample_weight=sample_weight,
        )
        for container in ["dense", "csc", "csr"]
    }
    bound = coef_error_bound(solver, X, y, 0.4, sample_weight, fit_intercept)
    for container, model in fits.items():
        assert model.solver_ == solver
        assert_ridge_solution(model, X, y, 0.4, sample_weight, fit_intercept)
        np.testing.assert_allclose(model.coef_, fits["dense"].coef_, rtol=0,
                                   atol=2 * bound, err_msg=container)


@pytest.mark.parametrize("solver", SPARSE_SOLVERS)
def test_sparse_with_duplicate_entries_equals_dense(rng, solver):
    # A CSC matrix may store one (row, column) entry several times; its value
    # is the sum (scipy's non-canonical format).  Each stored entry is split
    # here into two halves: the matrix, hence the fit, is unchanged.
    n_samples, n_features = 30, 5
    X = _sparse_design(rng, n_samples, n_features, density=0.4)
    y = rng.randn(n_samples)
    C = sp.csc_matrix(X)
    X_dup = sp.csc_matrix(
        (np.repeat(C.data / 2, 2), np.repeat(C.indices, 2), 2 * C.indptr),
        shape=C.shape,
    )
    assert not X_dup.has_canonical_format
    np.testing.assert_array_equal(X_dup.toarray(), X)
    model = Ridge(alpha=1.0, solver=solver, **PRECISE[solver]).fit(X_dup, y)
    assert_ridge_solution(model, X, y, 1.0)


def test_sparse_fit_does_not_densify(rng):
    # A dense copy of X (or of the centred X) takes 400 * 10000 * 8 bytes
    # = 32 MB; the sparse routes (conjugate gradient, coordinate descent) only
    # need vectors of n_samples or n_features entries.
    import tracemalloc

    n_samples, n_features = 400, 10_000
    X = sp.random(n_samples, n_features, density=0.001, format="lil",
                  random_state=rng)
    X[:, 0] = rng.uniform(1.0, 2.0, (n_samples, 1))  # nonzero mean: centring
    X = X.tocsr()
    w_true = np.zeros(n_features)
    w_true[:5] = [2.0, -1.0, 0.5, 1.0, 3.0]
    y = X @ w_true + 0.1 * rng.randn(n_samples) + 1.0
    sample_weight = rng.uniform(0.5, 2.0, n_samples)
    alpha = 0.1
    Ridge().fit(X[:10, :20], y[:10])  # warm up imports outside the trace
    dense_bytes = n_samples * n_features * 8

    # gradients through sparse products (X_c^T v = X^T v - m 1^T v)
    s = sample_weight
    xm = np.asarray(X.T @ s).ravel() / s.sum()
    ym = s @ y / s.sum()
    yc = y - ym

    def centred_rmatvec(v):
        return np.asarray(X.T @ v).ravel() - xm * v.sum()

    grad_scale = np.max(np.abs(2.0 * centred_rmatvec(s * yc)))
    for positive, expected_solver in [(False, "sparse_cg"), (True, "cd")]:
        model = Ridge(alpha=alpha, positive=positive, tol=1e-10)
        tracemalloc.start()
        try:
            model.fit(X, y, sample_weight=sample_weight)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert model.solver_ == expected_solver
        assert peak < dense_bytes / 4, f"peak {peak} bytes: X was densified?"
        # and the result is the ridge solution: KKT conditions of the
        # objective (with the sign constraint when positive)
        coef = model.coef_
        residual = yc - (X @ coef - xm @ coef)
        grad = -2.0 * centred_rmatvec(s * residual) + 2.0 * alpha * coef
        active = coef != 0
        assert np.max(np.abs(grad[active])) <= 1e-4 * grad_scale
        if positive:
            assert np.all(coef >= 0)
            assert np.min(grad[~active]) >= -1e-4 * grad_scale
        else:
            assert np.max(np.abs(grad)) <= 1e-4 * grad_scale
        np.testing.assert_allclose(model.intercept_, ym - xm @ coef,
                                   rtol=1e-10, atol=1e-10)


def test_float32_dense_conjugate_gradient_makes_no_float64_copy(rng):
    # Products of a float32 X with float64 CG vectors must not let NumPy upcast
    # X (an n x p float64 temporary on every product); the solution must still
    # satisfy the normal equations to float32 precision.
    import tracemalloc

    n_samples, n_features = 20_000, 100
    # Fortran order, as the estimators use it: validation makes no copy
    X = np.asfortranarray(rng.randn(n_samples, n_features), dtype=np.float32)
    y = (X @ rng.randn(n_features) + rng.randn(n_samples)).astype(np.float32)
    Ridge(solver="sparse_cg").fit(X[:50], y[:50])  # imports outside the trace
    model = Ridge(alpha=1.0, solver="sparse_cg", tol=1e-5)
    tracemalloc.start()
    try:
        model.fit(X, y)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < X.nbytes, f"peak {peak} bytes >= X's {X.nbytes}: X copied?"
    X64, y64 = X.astype(np.float64), y.astype(np.float64)
    Xc, yc = X64 - X64.mean(0), y64 - y64.mean()
    coef = model.coef_.astype(np.float64)
    rhs = Xc.T @ yc
    residual = Xc.T @ (Xc @ coef) + coef - rhs
    assert np.linalg.norm(residual) <= 1e-4 * np.linalg.norm(rhs)


# -- routing: dual vs primal, solver_ ------------------------------------------
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("sparse_products", [False, True])
def test_dual_route_equals_primal_route(rng, monkeypatch, weighted, fit_intercept,
                                        sparse_products):
    if sparse_products:  # no density is enough for the dense copy of sparse X
        monkeypatch.setattr(preprocessing, "SPARSE_DENSE_GRAM_MIN_DENSITY", 2.0)
    n_samples, n_features = 15, 40
    X = rng.randn(n_samples, n_features) + 0.5
    Y = rng.randn(n_samples, 2)
    sample_weight = rng.uniform(0.5, 2.0, n_samples) if weighted else None
    alpha = np.array([0.3, 3.0])

    calls = {"dual": 0, "primal": 0}
    original_dual, original_primal = Cholesky._dual, Cholesky._primal

    def dual(*args):
        calls["dual"] += 1
        return original_dual(*args)

    def primal(*args):
        calls["primal"] += 1
        return original_primal(*args)

    monkeypatch.setattr(Cholesky, "_dual", staticmethod(dual))
    monkeypatch.setattr(Cholesky, "_primal", staticmethod(primal))

    kwargs = dict(alpha=alpha, fit_intercept=fit_intercept, solver="cholesky")
    dual_fit = Ridge(**kwargs).fit(X, Y, sample_weight=sample_weight)
    assert calls == {"dual": 2, "primal": 0}  # p > n dense: n x n systems
    sparse_dual_fit = Ridge(**kwargs).fit(sp.csc_matrix(X), Y,
                                          sample_weight=sample_weight)
    assert calls == {"dual": 4, "primal": 0}  # sparse too, centred implicitly
    monkeypatch.setattr(Cholesky, "_uses_dual", staticmethod(lambda problem: False))
    primal_fit = Ridge(**kwargs).fit(sp.csc_matrix(X), Y,
                                     sample_weight=sample_weight)
    assert calls == {"dual": 4, "primal": 2}  # forced: p x p systems

    assert_ridge_solution(dual_fit, X, Y, alpha, sample_weight, fit_intercept)
    assert_ridge_solution(sparse_dual_fit, X, Y, alpha, sample_weight, fit_intercept)
    assert_ridge_solution(primal_fit, X, Y, alpha, sample_weight, fit_intercept)
    np.testing.assert_allclose(sparse_dual_fit.coef_, dual_fit.coef_, rtol=1e-10,
                               atol=1e-12)
    bound = coef_error_bound("cholesky", X, Y, alpha, sample_weight,
                             fit_intercept)
    np.testing.assert_allclose(dual_fit.coef_, primal_fit.coef_, rtol=0,
                               atol=2 * bound)
    # In the dual form the coefficients lie in the row space of the centred,
    # weighted design: w = X_c^T S a for some a.
    s = _weights(sample_weight, n_samples)
    xm = s @ X / s.sum() if fit_intercept else np.zeros(n_features)
    B = (X - xm).T * s
    a = np.linalg.lstsq(B, dual_fit.coef_.T, rcond=None)[0]
    np.testing.assert_allclose(B @ a, dual_fit.coef_.T, rtol=0, atol=bound)


def test_solver_auto_choice(rng):
    X = rng.randn(20, 5)
    y = rng.randn(20)
    assert Ridge().fit(X, y).solver_ == "cholesky"
    assert Ridge().fit(np.repeat(X, 10, axis=1), y).solver_ == "cholesky"
    assert Ridge().fit(sp.csr_matrix(X), y).solver_ == "cholesky"
    assert Ridge(positive=True).fit(X, y).solver_ == "cd"
    assert Ridge(positive=True).fit(sp.csc_matrix(X), y).solver_ == "cd"

    # more than 2000 features: the p x p Gram matrix is not formed
    X_wide = sp.random(30, 2001, density=0.01, format="lil", random_state=rng)
    X_wide[:, 0] = 1.0 + rng.rand(30, 1)
    X_wide = X_wide.tocsr()
    y_wide = rng.randn(30)
    cg = Ridge(alpha=1.0, tol=1e-12).fit(X_wide, y_wide)
    assert cg.solver_ == "sparse_cg"
    # reference through the n x n (dual) form: w = X_c^T (X_c X_c^T + a I)^-1 y_c
    Xc = X_wide.toarray() - X_wide.toarray().mean(axis=0)
    yc = y_wide - y_wide.mean()
    coef_ref = Xc.T @ np.linalg.solve(Xc @ Xc.T + np.eye(30), yc)
    np.testing.assert_allclose(cg.coef_, coef_ref, rtol=0,
                               atol=1e-8 * np.max(np.abs(coef_ref)))
    # (the threshold itself, 2000 -> cholesky, is checked in test_solvers.py
    # without paying for a 2000 x 2000 factorization)


@pytest.mark.parametrize(
    "solver, expected",
    [("lsqr", "sparse_cg"), ("lbfgs", "cd"), ("sag", "cholesky"), ("saga", "cholesky"),
     ("cholesky", "cholesky"), ("svd", "svd"), ("sparse_cg", "sparse_cg"),
     ("cd", "cd")],
)
def test_solver_aliases(rng, solver, expected):
    X = rng.randn(25, 6)
    y = rng.randn(25)
    model = _fit_quiet(
        Ridge(alpha=0.5, solver=solver, **PRECISE[expected]), X, y
    )
    assert model.solver_ == expected
    assert_ridge_solution(model, X, y, 0.5)
    if expected in ("cholesky", "svd"):
        np.testing.assert_array_equal(model.n_iter_, [1])


def test_lbfgs_alias_with_positive(rng):
    X = rng.randn(25, 6)
    y = X @ np.array([1.0, -2.0, 0.5, 0.0, -0.1, 3.0]) + 0.1 * rng.randn(25)
    a = Ridge(alpha=1.0, positive=True, solver="lbfgs", tol=1e-12).fit(X, y)
    b = Ridge(alpha=1.0, positive=True, solver="cd", tol=1e-12).fit(X, y)
    assert a.solver_ == b.solver_ == "cd"
    assert np.all(a.coef_ >= 0) and np.any(a.coef_ == 0)
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-12, atol=0)


# -- positive -------------------------------------------------------------------
@pytest.mark.parametrize("container", ["dense", "csc"])
@pytest.mark.parametrize("weighted", [False, True])
def test_positive_kkt_and_sklearn(rng, container, weighted):
    n_samples, n_features = 50, 10
    X = _sparse_design(rng, n_samples, n_features, density=0.6)
    w_true = np.array([1.5, -2.0, 0.0, 0.8, -0.5, 2.0, -1.0, 0.3, 0.0, -3.0])
    y = X @ w_true + 0.2 * rng.randn(n_samples) + 1.0
    sample_weight = rng.uniform(0.3, 3.0, n_samples) if weighted else None
    alpha = 0.5

    model = _fit_quiet(
        Ridge(alpha=alpha, positive=True, tol=1e-14, max_iter=100_000),
        _to_container(X, container), y, sample_weight=sample_weight,
    )
    assert model.solver_ == "cd"
    coef = model.coef_
    assert np.all(coef >= 0)
    zero = coef == 0
    assert zero.any() and (~zero).any(), "the constraint should be active"

    # KKT of min F(w) s.t. w >= 0, F(w) = ||y_c - X_c w||_S^2 + alpha ||w||^2:
    # dF/dw_j = 0 where w_j > 0 and dF/dw_j >= 0 where w_j = 0.
    s = _weights(sample_weight, n_samples)
    xm, ym = s @ X / s.sum(), s @ y / s.sum()
    Xc, yc = X - xm, y - ym
    grad = -2.0 * Xc.T @ (s * (yc - Xc @ coef)) + 2.0 * alpha * coef
    grad_scale = np.max(np.abs(2.0 * Xc.T @ (s * yc)))
    assert np.max(np.abs(grad[~zero])) <= 1e-6 * grad_scale
    assert np.min(grad[zero]) >= -1e-6 * grad_scale
    np.testing.assert_allclose(model.intercept_, ym - xm @ coef,
                               rtol=1e-12, atol=1e-12)
    # the unconstrained solution has negative entries: the constraint bites
    assert np.any(ridge_reference(X, y, alpha, sample_weight)[0] < 0)

    sk = SklearnRidge(alpha=alpha, positive=True, solver="lbfgs").fit(
        X, y, sample_weight=sample_weight
    )
    ours_obj = ridge_objective(X, y, coef, model.intercept_, alpha, sample_weight)
    sk_obj = ridge_objective(X, y, sk.coef_, sk.intercept_, alpha, sample_weight)
    # ours is at least as good as scikit-learn's L-BFGS-B (up to rounding)
    assert ours_obj <= sk_obj * (1 + 1e-9)


def test_positive_multi_target(rng):
    X = rng.randn(30, 5)
    W = np.array([[1.0, -1.0, 0.5, 0.0, 2.0], [-1.0, 1.0, -0.5, 2.0, 0.0]])
    Y = X @ W.T + 0.1 * rng.randn(30, 2)
    alpha = np.array([0.1, 5.0])
    model = Ridge(alpha=alpha, positive=True, tol=1e-14).fit(X, Y)
    assert model.coef_.shape == (2, 5)
    for k in range(2):
        single = Ridge(alpha=alpha[k], positive=True, tol=1e-14).fit(X, Y[:, k])
        np.testing.assert_allclose(model.coef_[k], single.coef_, rtol=1e-12,
                                   atol=1e-14)
        assert np.all(model.coef_[k] >= 0)
        assert np.any(model.coef_[k] == 0)


# -- float32 ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "solver, container",
    [(solver, "dense") for solver in ALL_SOLVERS]
    + [(solver, "csr") for solver in SPARSE_SOLVERS],
)
def test_float32(rng, solver, container):
    n_samples, n_features = 60, 6
    X = rng.randn(n_samples, n_features) + 1.0
    y = X @ rng.randn(n_features) + 0.3 * rng.randn(n_samples)
    sample_weight = rng.uniform(0.5, 2.0, n_samples)
    params = dict(alpha=1.0, solver=solver, tol=1e-7, max_iter=10_000)

    X32 = _to_container(X.astype(np.float32), container)
    m32 = Ridge(**params).fit(X32, y.astype(np.float32),
                              sample_weight=sample_weight.astype(np.float32))
    X64 = _to_container(X, container)
    m64 = Ridge(**params).fit(X64, y, sample_weight=sample_weight)
    assert m32.solver_ == m64.solver_ == solver
    assert m32.coef_.dtype == np.float32
    assert np.asarray(m32.intercept_).dtype == np.float32
    pred32 = m32.predict(X32)
    assert pred32.dtype == np.float32
    assert m64.coef_.dtype == np.float64
    np.testing.assert_allclose(m32.coef_, m64.coef_, rtol=1e-4,
                               atol=1e-5 * np.max(np.abs(m64.coef_)))
    np.testing.assert_allclose(pred32, m64.predict(X64), rtol=1e-4,
                               atol=1e-5 * np.max(np.abs(y)))


# -- sample_weight equivalences --------------------------------------------------
SOLVER_CONTAINERS = (
    [(solver, "dense") for solver in ALL_SOLVERS]
    + [(solver, "csc") for solver in SPARSE_SOLVERS]
)


@pytest.mark.parametrize("solver, container", SOLVER_CONTAINERS)
def test_integer_weights_equal_repeated_rows(rng, solver, container):
    n_samples, n_features = 20, 5
    X = _sparse_design(rng, n_samples, n_features, density=0.5)
    y = rng.randn(n_samples)
    counts = rng.randint(1, 4, n_samples)
    X_rep, y_rep = np.repeat(X, counts, axis=0), np.repeat(y, counts)
    params = dict(alpha=1.5, solver=solver, **PRECISE[solver])
    weighted = _fit_quiet(Ridge(**params), _to_container(X, container), y,
                          sample_weight=counts.astype(float))
    repeated = _fit_quiet(Ridge(**params), _to_container(X_rep, container), y_rep)
    # both are the ridge solution of the repeated (unweighted) data
    assert_ridge_solution(repeated, X_rep, y_rep, 1.5)
    assert_ridge_solution(weighted, X_rep, y_rep, 1.5)
    # the weights do change the solution (the check is not vacuous)
    plain = Ridge(alpha=1.5, solver="cholesky").fit(X, y)
    bound = coef_error_bound(solver, X_rep, y_rep, 1.5)
    assert np.linalg.norm(plain.coef_ - repeated.coef_) > 100 * bound


@pytest.mark.parametrize("solver, container", SOLVER_CONTAINERS)
def test_zero_weight_equals_removed_row(rng, solver, container):
    n_samples, n_features = 24, 5
    X = _sparse_design(rng, n_samples, n_features, density=0.5)
    y = rng.randn(n_samples)
    sample_weight = rng.uniform(0.5, 2.0, n_samples)
    dropped = np.zeros(n_samples, dtype=bool)
    dropped[[0, 5, 11, 23]] = True
    sample_weight[dropped] = 0.0
    # outlying values on the removed rows must have no influence
    X[dropped] = 100.0
    y[dropped] = -1000.0
    params = dict(alpha=0.8, solver=solver, **PRECISE[solver])
    zero = _fit_quiet(Ridge(**params), _to_container(X, container), y,
                      sample_weight=sample_weight)
    kept_X, kept_y, kept_sw = X[~dropped], y[~dropped], sample_weight[~dropped]
    removed = _fit_quiet(Ridge(**params), _to_container(kept_X, container),
                         kept_y, sample_weight=kept_sw)
    assert_ridge_solution(removed, kept_X, kept_y, 0.8, kept_sw)
    assert_ridge_solution(zero, kept_X, kept_y, 0.8, kept_sw)


@pytest.mark.parametrize("solver", ALL_SOLVERS)
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_weight_scaling_with_alpha(rng, solver, fit_intercept):
    # sum_i (c s_i) r_i^2 + (c alpha) ||w||^2 = c * objective: same minimiser
    n_samples, n_features = 30, 6
    X = rng.randn(n_samples, n_features) + 2.0
    y = rng.randn(n_samples)
    sample_weight = rng.uniform(0.2, 2.0, n_samples)
    c, alpha = 7.5, 0.6
    params = dict(fit_intercept=fit_intercept, solver=solver, **PRECISE[solver])
    scaled = _fit_quiet(Ridge(alpha=c * alpha, **params), X, y,
                        sample_weight=c * sample_weight)
    assert_ridge_solution(scaled, X, y, alpha, sample_weight, fit_intercept,
                          solver=solver)
    # scaling the weights alone changes the effective penalty
    weights_only = Ridge(alpha=alpha, **params).fit(X, y,
                                                    sample_weight=c * sample_weight)
    coef_ref, _ = ridge_reference(X, y, alpha, sample_weight, fit_intercept)
    bound = coef_error_bound(solver, X, y, alpha, sample_weight, fit_intercept)
    assert np.linalg.norm(weights_only.coef_ - coef_ref) > 100 * bound


# -- bad inputs and input preservation --------------------------------------------
def test_bad_inputs(rng):
    X = rng.randn(10, 3)
    y = rng.randn(10)
    Y = rng.randn(10, 3)
    with pytest.raises(ValueError, match="alpha"):
        Ridge(alpha=np.array([1.0, 2.0])).fit(X, Y)
    with pytest.raises(ValueError, match="alpha"):
        Ridge(alpha=np.array([1.0, 2.0])).fit(X, y)
    with pytest.raises(ValueError, match="alpha"):
        Ridge(alpha=np.ones((3, 1))).fit(X, Y)
    with pytest.raises(ValueError, match="alpha"):
        Ridge(alpha=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="alpha"):
        Ridge(alpha=np.array([1.0, -1.0, 1.0])).fit(X, Y)
    with pytest.raises(ValueError, match="alpha"):
        Ridge(alpha=np.array([1.0, np.nan, 1.0])).fit(X, Y)
    # scikit-learn's exception types: ValueError with an intercept, else TypeError
    with pytest.raises(ValueError, match="sparse"):
        Ridge(solver="svd").fit(sp.csr_matrix(X), y)
    with pytest.raises(TypeError, match="sparse"):
        Ridge(solver="svd", fit_intercept=False).fit(sp.csr_matrix(X), y)
    for solver in ["cholesky", "svd", "sparse_cg", "lsqr"]:
        with pytest.raises(ValueError, match="positive"):
            Ridge(positive=True, solver=solver).fit(X, y)
    X_nan = X.copy()
    X_nan[3, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        Ridge().fit(X_nan, y)
    with pytest.raises(ValueError, match="NaN"):
        Ridge().fit(sp.csr_matrix(X_nan), y)
    y_inf = y.copy()
    y_inf[0] = np.inf
    with pytest.raises(ValueError, match="(?i)inf"):
        Ridge().fit(X, y_inf)
    with pytest.raises(ValueError, match="(?i)negative"):
        Ridge().fit(X, y, sample_weight=-np.ones(10))
    with pytest.raises(ValueError, match="solver"):
        Ridge(solver="newton").fit(X, y)
    with pytest.raises(ValueError):
        Ridge().fit(X, y[:-1])


@pytest.mark.parametrize(
    "layout, solver",
    [(layout, solver) for layout in ["C", "F", "F32"] for solver in ALL_SOLVERS]
    + [(layout, solver) for layout in ["csr", "csc"] for solver in SPARSE_SOLVERS],
)
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [True, False])
def test_inputs_not_modified(rng, layout, solver, fit_intercept, weighted):
    n_samples, n_features = 20, 6
    X = _sparse_design(rng, n_samples, n_features, density=0.5)
    dtype = np.float32 if layout == "F32" else np.float64
    if layout in ("csr", "csc"):
        X_in = _to_container(X, layout)
        X_before = X_in.copy()
    else:
        order = "C" if layout == "C" else "F"
        X_in = np.array(X, dtype=dtype, order=order)
        X_before = X_in.copy(order="K")
    y = rng.randn(n_samples, 2).astype(dtype)
    sample_weight = (
        rng.uniform(0.5, 2.0, n_samples).astype(dtype) if weighted else None
    )
    y_before = y.copy()
    sw_before = None if sample_weight is None else sample_weight.copy()

    tol = 1e-6 if dtype == np.float32 else 1e-12
    model = Ridge(alpha=0.5, solver=solver, fit_intercept=fit_intercept,
                  tol=tol, max_iter=10_000)
    model.fit(X_in, y, sample_weight=sample_weight)
    model.predict(X_in)

    if sp.issparse(X_in):
        assert X_in.format == X_before.format
        np.testing.assert_array_equal(X_in.data, X_before.data)
        np.testing.assert_array_equal(X_in.indices, X_before.indices)
        np.testing.assert_array_equal(X_in.indptr, X_before.indptr)
    else:
        assert X_in.flags.f_contiguous == X_before.flags.f_contiguous
        np.testing.assert_array_equal(X_in, X_before)
    np.testing.assert_array_equal(y, y_before)
    if weighted:
        np.testing.assert_array_equal(sample_weight, sw_before)
    # and the fit saw the data as given (for "F32", coordinate descent's
    # float32 duality gap of 1e-6 * ||y_c||^2 only guarantees ~1e-2)
    coef_ref, _ = ridge_reference(X_before, y_before, 0.5, sw_before,
                                  fit_intercept)
    rtol = 1e-2 if dtype == np.float32 else 1e-5
    np.testing.assert_allclose(model.coef_, coef_ref, rtol=0,
                               atol=rtol * np.max(np.abs(coef_ref)))


def test_copy_X_false_still_correct(rng):
    # copy_X=False may use X as scratch space, but the fit is the same
    X = np.asfortranarray(rng.randn(20, 4) + 3.0)
    y = rng.randn(20)
    sample_weight = rng.uniform(0.5, 2.0, 20)
    got = Ridge(alpha=0.5, copy_X=False).fit(X.copy(order="F"), y,
                                             sample_weight=sample_weight)
    assert_ridge_solution(got, X, y, 0.5, sample_weight)


# -- alpha = 0 on a rank-deficient design -----------------------------------------
def _rank_deficient(rng, n_samples=30):
    """Rank-4 design with 7 columns (two dependent columns and a constant).

    The constant last column is exactly zero once centred, so the normal
    equations without penalty are singular in floating point too.
    """
    B = rng.randn(n_samples, 4)
    X = np.column_stack([B, B[:, 0], B[:, 1] + B[:, 2], np.full(n_samples, 2.0)])
    y = rng.randn(n_samples) + B @ np.array([1.0, -1.0, 2.0, 0.5])
    return X, y


def _least_squares_predictions(X, y, fit_intercept):
    design = np.column_stack([X, np.ones(len(y))]) if fit_intercept else X
    return design @ np.linalg.lstsq(design, y, rcond=None)[0]


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_alpha_zero_rank_deficient_cholesky_warns_and_solves_least_squares(
    rng, fit_intercept
):
    X, y = _rank_deficient(rng)
    if not fit_intercept:
        X[:, -1] = 0.0  # an all-zero column: X^T X exactly singular
    with pytest.warns(LinAlgWarning):
        model = Ridge(alpha=0.0, solver="cholesky",
                      fit_intercept=fit_intercept).fit(X, y)
    assert np.all(np.isfinite(model.coef_))
    np.testing.assert_allclose(
        model.predict(X), _least_squares_predictions(X, y, fit_intercept),
        rtol=0, atol=1e-8 * np.max(np.abs(y)),
    )


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_alpha_zero_rank_deficient_svd_min_norm_without_runtime_warning(
    rng, fit_intercept
):
    X, y = _rank_deficient(rng)
    if not fit_intercept:
        X[:, -1] = 0.0  # an exactly zero singular value in both cases
    Xc = X - X.mean(axis=0) if fit_intercept else X
    yc = y - y.mean() if fit_intercept else y
    min_norm = np.linalg.pinv(Xc) @ yc
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        model = Ridge(alpha=0.0, solver="svd", fit_intercept=fit_intercept).fit(X, y)
    np.testing.assert_allclose(model.coef_, min_norm, rtol=0,
                               atol=1e-10 * np.max(np.abs(min_norm)))
    np.testing.assert_allclose(
        model.predict(X), _least_squares_predictions(X, y, fit_intercept),
        rtol=0, atol=1e-10 * np.max(np.abs(y)),
    )
    # A zero singular value is an expected case of the svd solver: it must
    # not leak a 0/0 RuntimeWarning to the user.
    runtime = [str(w.message) for w in record
               if issubclass(w.category, RuntimeWarning)]
    assert runtime == []


@pytest.mark.parametrize("solver", ["sparse_cg", "cd"])
def test_alpha_zero_rank_deficient_iterative(rng, solver):
    # Any least-squares solution is acceptable: compare predictions.
    X, y = _rank_deficient(rng)
    model = Ridge(alpha=0.0, solver=solver, tol=1e-14, max_iter=100_000).fit(X, y)
    np.testing.assert_allclose(
        model.predict(X), _least_squares_predictions(X, y, True),
        rtol=0, atol=1e-6 * np.max(np.abs(y)),
    )


def _min_norm_reference(X, y, sample_weight, fit_intercept):
    """``(w, b)``: the least-squares solution of minimum ``||w||`` (the
    intercept is not penalized: it is optimal for every ``w``), from
    ``np.linalg.pinv`` of the weighted, centred design."""
    X = X.toarray() if sp.issparse(X) else np.asarray(X)
    s = _weights(sample_weight, X.shape[0])
    m = s @ X / s.sum() if fit_intercept else np.zeros(X.shape[1])
    c = s @ y / s.sum() if fit_intercept else 0.0
    root = np.sqrt(s)
    w = np.linalg.pinv(root[:, None] * (X - m)) @ (root * (y - c))
    return w, c - m @ w


def _min_norm_problem(rng, kind):
    if kind == "wide":
        X = rng.randn(15, 40) * rng.uniform(0.5, 2.0, 40)
    else:  # tall, rank 6 of 10 columns: dependent columns
        B = rng.randn(50, 6)
        X = np.column_stack([B, B[:, :4] @ rng.randn(4, 4)])
    return X, rng.randn(X.shape[0]) + 3.0


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("container", ["dense", "csr"])
@pytest.mark.parametrize("kind", ["wide", "rank-deficient"])
@pytest.mark.parametrize("solver", ["sparse_cg", "lsqr", "sag", "saga", "cholesky"])
def test_alpha_zero_is_minimum_norm_least_squares(rng, solver, kind, container,
                                                   fit_intercept, weighted):
    """Ridge(alpha=0) on a wide or rank-deficient design returns the
    minimum-norm least-squares solution, as scikit-learn's solvers do
    (checked against np.linalg.pinv).  Before: CG's Jacobi preconditioner
    and coordinate descent (sag/saga) moved 20-110% away from it."""
    X, y = _min_norm_problem(rng, kind)
    sw = rng.uniform(0.5, 2.0, X.shape[0]) if weighted else None
    w_ref, b_ref = _min_norm_reference(X, y, sw, fit_intercept)
    model = Ridge(alpha=0.0, solver=solver, fit_intercept=fit_intercept, tol=1e-12,
                  max_iter=10_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LinAlgWarning)  # singular: expected
        model.fit(_to_container(X, container), y, sample_weight=sw)
    # CG to a relative residual of 1e-12 on a condition number ~1e3
    np.testing.assert_allclose(model.coef_, w_ref, rtol=0,
                               atol=1e-7 * np.max(np.abs(w_ref)))
    assert model.intercept_ == pytest.approx(b_ref, abs=1e-7 * np.max(np.abs(y)))


def test_alpha_zero_wide_cholesky_not_fooled_by_rounding(rng):
    """On a wide design X^T X is singular, but a Cholesky factorization of
    it can succeed on rounding noise and return coefficients of any size;
    the minimum-norm solution is returned instead (sparse X: p x p route;
    dense: the n x n one)."""
    for _ in range(5):
        X = sp.random(20, 60, density=0.3, format="csr", random_state=rng)
        y = rng.randn(20)
        w_ref, _ = _min_norm_reference(X, y, None, True)
        for data in (X, X.toarray()):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", LinAlgWarning)
                coef = Ridge(alpha=0.0, solver="cholesky").fit(data, y).coef_
            np.testing.assert_allclose(coef, w_ref, rtol=0,
                                       atol=1e-8 * np.max(np.abs(w_ref)))


def test_convergence_warning(rng):
    X = rng.randn(30, 8)
    X[:, 1] = X[:, 0] + 0.01 * rng.randn(30)  # slow for coordinate descent
    y = rng.randn(30)
    with pytest.warns(ConvergenceWarning, match="duality gap"):
        model = Ridge(alpha=1e-3, solver="cd", max_iter=2, tol=1e-12).fit(X, y)
    np.testing.assert_array_equal(model.n_iter_, [2])
    with pytest.warns(ConvergenceWarning, match="tol"):
        model = Ridge(alpha=1e-3, solver="sparse_cg", max_iter=1,
                      tol=1e-12).fit(X, y)
    np.testing.assert_array_equal(model.n_iter_, [1])


@pytest.mark.parametrize("shape", [(400, 60), (50, 300)], ids=["tall", "wide"])
@pytest.mark.parametrize("weighted", [False, True])
def test_sparse_gram_route_of_sparse_data_equals_dense(rng, shape, weighted):
    # Below the density at which the Gram matrix is formed on a dense copy,
    # X^T S X (tall) and X D X^T (wide, the dual system) are accumulated
    # from the nonzeros (_kernels._statistics.csr_gram): same model as on
    # the dense array, to the Cholesky solve's rounding.
    from sklearn_penalized._preprocessing import sparse_gram_on_dense_copy

    n_samples, n_features = shape
    X = sp.random(n_samples, n_features, density=0.03, format="csr", random_state=rng)
    assert not sparse_gram_on_dense_copy(X.tocsc())
    y = X @ rng.randn(n_features) + 0.1 * rng.randn(n_samples) + 2.0
    sample_weight = rng.uniform(0.2, 3.0, n_samples) if weighted else None
    sparse_fit = Ridge(alpha=0.3, solver="cholesky").fit(X, y, sample_weight=sample_weight)
    dense_fit = Ridge(alpha=0.3, solver="cholesky").fit(X.toarray(), y,
                                                         sample_weight=sample_weight)
    assert_ridge_solution(sparse_fit, X.toarray(), y, 0.3, sample_weight)
    np.testing.assert_allclose(sparse_fit.coef_, dense_fit.coef_, rtol=1e-9,
                               atol=1e-11 * np.abs(dense_fit.coef_).max())
    np.testing.assert_allclose(sparse_fit.intercept_, dense_fit.intercept_, rtol=1e-10)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("order", ["C", "F"])
def test_sparse_cg_on_dense_tall_data_continues_on_the_gram_matrix(rng, weighted, order,
                                                                  monkeypatch):
    # Dense tall X: CG's products move from two passes over X to one product
    # with Q = X_c^T S X_c (solvers/_cg._NormalOperator).  The operator is
    # the same matrix, so the solution is the normal equations' (with the
    # centring of a 1e6-offset column and the weights), from any switch point.
    from sklearn_penalized.solvers import _cg

    n_samples, n_features = 400, 60
    X = np.asarray(rng.randn(n_samples, n_features) @ rng.randn(n_features, n_features),
                   order=order)
    X[:, 2] += 1e6
    y = X[:, :5] @ rng.randn(5) + rng.randn(n_samples)
    sw = rng.uniform(0.5, 2.0, n_samples) if weighted else None
    coef, intercept = ridge_reference(X, y, 0.3, sample_weight=sw)
    switched = []
    original = _cg._NormalOperator.after_iteration

    def spy(self, it, r_norm, threshold):
        original(self, it, r_norm, threshold)
        switched.append(self.on_gram)

    monkeypatch.setattr(_cg._NormalOperator, "after_iteration", spy)
    for divisor in (n_features, 10):  # switch after 1 or 6 iterations
        monkeypatch.setattr(_cg, "CG_GRAM_SWITCH_DIVISOR", divisor)
        switched.clear()
        model = Ridge(alpha=0.3, solver="sparse_cg", tol=1e-12, max_iter=10_000).fit(
            X, y, sample_weight=sw)
        assert model.n_iter_[0] > 2 * (n_features // divisor)
        assert switched[-1], "CG never moved to the Gram matrix"
        np.testing.assert_allclose(model.coef_, coef, rtol=1e-8, atol=1e-10 * np.abs(coef).max())
        np.testing.assert_allclose(model.intercept_, intercept, rtol=1e-8)


def test_sparse_cg_gram_route_keeps_the_minimum_norm_solution(rng):
    # alpha=0 on tall, rank-deficient X (a repeated column): CG from 0 on Q
    # stays in range(Q) = range(X_c^T), hence the minimum-norm least-squares
    # solution, as on X (and as scikit-learn returns).
    X = rng.randn(300, 40)
    X = np.hstack([X, X[:, :5]])
    y = X @ rng.randn(45) + rng.randn(300)
    Xc, yc = X - X.mean(0), y - y.mean()
    expected = np.linalg.pinv(Xc) @ yc
    model = Ridge(alpha=0.0, solver="sparse_cg", tol=1e-12, max_iter=10_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # alpha=0: "use LinearRegression"
        model.fit(X, y)
    # past 2 s iterations (s = 45 // 30) the operator is on Q whatever it predicted
    assert model.n_iter_[0] > 2 * (45 // 30)
    np.testing.assert_allclose(model.coef_, expected, rtol=1e-7, atol=1e-9)
