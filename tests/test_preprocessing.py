# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of ``make_problem`` and ``Problem``: centring, weighting, Gram.

Reference quantities are recomputed here with plain NumPy from their
definitions (weighted means, ``X_c^T S X_c``, ...).
"""
import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal

from sklearn_penalized import _preprocessing as preprocessing
from sklearn_penalized._preprocessing import make_problem


def _data(rng, n_samples=20, n_features=5, n_targets=None, dtype=np.float64,
          order="F"):
    X = rng.randn(n_samples, n_features) + rng.uniform(-3, 3, n_features)
    X[rng.rand(n_samples, n_features) < 0.4] = 0.0
    shape = (n_samples,) if n_targets is None else (n_samples, n_targets)
    y = rng.randn(*shape) + 5.0
    sw = rng.uniform(0.1, 3.0, n_samples)
    sw[1] = 0.0  # zero weights are allowed
    return (np.asarray(X, dtype=dtype, order=order), y.astype(dtype),
            sw.astype(dtype))


def _reference(X, y, sw, fit_intercept):
    """Weighted means and centred arrays in float64, from the definitions."""
    X = X.toarray() if sp.issparse(X) else np.asarray(X)
    X = X.astype(np.float64)
    Y = np.asarray(y, dtype=np.float64).reshape(len(X), -1)
    s = np.ones(len(X)) if sw is None else np.asarray(sw, dtype=np.float64)
    if fit_intercept:
        x_mean = np.sum(s[:, None] * X, axis=0) / np.sum(s)
        y_mean = np.sum(s[:, None] * Y, axis=0) / np.sum(s)
    else:
        x_mean = np.zeros(X.shape[1])
        y_mean = np.zeros(Y.shape[1])
    return s, X - x_mean, Y - y_mean, x_mean, y_mean


def _tol(dtype):
    # Relative tolerance: a few roundings in the working precision.
    return 1e-12 if dtype == np.float64 else 1e-5


@pytest.mark.parametrize("sparse_X", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("n_targets", [None, 3])
def test_offsets_are_weighted_means(rng, sparse_X, weighted, n_targets):
    X, y, sw = _data(rng, n_targets=n_targets)
    sw = sw if weighted else None
    X_in = sp.csc_matrix(X) if sparse_X else X
    problem = make_problem(X_in, y, sw, fit_intercept=True)
    s, _, Yc, x_mean, y_mean = _reference(X, y, sw, True)
    assert_allclose(problem.X_offset, x_mean, rtol=1e-12)
    assert_allclose(problem.y_offset, y_mean, rtol=1e-12)
    assert problem.X_offset.shape == (X.shape[1],)
    assert problem.y_offset.shape == (Yc.shape[1],)
    assert problem.sum_sw == pytest.approx(np.sum(s), rel=1e-14)
    assert problem.Y.shape == Yc.shape  # 1-D y becomes one column
    assert problem.n_samples == X.shape[0]
    assert problem.n_features == X.shape[1]
    assert problem.n_targets == Yc.shape[1]
    assert problem.is_sparse == sparse_X
    if weighted:
        # The weights matter: the unweighted mean is different.
        assert not np.allclose(problem.X_offset, X.mean(axis=0))
        assert_array_equal(problem.sample_weight, sw)
    else:
        assert problem.sample_weight is None


@pytest.mark.parametrize("sparse_X", [False, True])
def test_unit_weights_are_no_weights(rng, sparse_X):
    X, y, _ = _data(rng)
    X_in = sp.csc_matrix(X) if sparse_X else X
    with_ones = make_problem(X_in, y, np.ones(len(y)), fit_intercept=True)
    without = make_problem(X_in, y, None, fit_intercept=True)
    assert with_ones.sample_weight is None
    assert with_ones.sum_sw == without.sum_sw == len(y)
    assert_allclose(with_ones.X_offset, without.X_offset, rtol=1e-15)
    assert_allclose(with_ones.Y, without.Y, rtol=1e-15)


def test_no_intercept_offsets_are_zero(rng):
    X, y, sw = _data(rng, n_targets=2)
    problem = make_problem(X, y, sw, fit_intercept=False)
    assert_array_equal(problem.X_offset, 0.0)
    assert_array_equal(problem.y_offset, 0.0)
    sqrt_s = np.sqrt(sw)[:, None]
    assert_allclose(problem.X_design, sqrt_s * X, rtol=1e-15)
    assert_allclose(problem.Y_design, sqrt_s * y, rtol=1e-15)
    coef = rng.randn(2, X.shape[1])
    assert_array_equal(problem.intercept(coef), [0.0, 0.0])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("fit_intercept", [False, True])
def test_dense_X_is_centred_and_scaled(rng, dtype, weighted, fit_intercept):
    X, y, sw = _data(rng, dtype=dtype, n_targets=2)
    sw = sw if weighted else None
    problem = make_problem(X, y, sw, fit_intercept=fit_intercept)
    s, Xc, Yc, _, _ = _reference(X, y, sw, fit_intercept)
    sqrt_s = np.sqrt(s)[:, None]
    rtol = _tol(dtype)
    scale = np.max(np.abs(X))
    # the data are stored as given; the design the dense solvers use is
    # centred and scaled on demand, and X is the data less the shifts
    assert_array_equal(problem.data, X)
    shift = 0.0 if problem.X_shift is None else problem.X_shift.astype(dtype)
    assert_array_equal(problem.X, X - shift)
    assert_allclose(problem.Y, Yc, rtol=rtol, atol=rtol * 10)
    assert_allclose(problem.X_design, sqrt_s * Xc, rtol=rtol, atol=rtol * scale)
    assert_allclose(problem.Y_design, sqrt_s * Yc, rtol=rtol, atol=rtol * 10)
    assert problem.X_design.flags.f_contiguous
    assert problem.Y_design.flags.f_contiguous
    if fit_intercept:
        # Weighted column means of the centred data are zero:
        # sum_i sqrt(s_i) * (sqrt(s_i) (x_ij - m_j)) = 0.
        sums = np.sqrt(s) @ problem.X_design.astype(np.float64)
        assert_allclose(sums, 0.0, atol=rtol * scale * np.sum(s) * 10)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("fmt", ["csc", "csr"])
def test_sparse_X_is_left_untouched(rng, dtype, weighted, fmt):
    X, y, sw = _data(rng, dtype=dtype)
    sw = sw if weighted else None
    X_sp = sp.csc_matrix(X) if fmt == "csc" else sp.csr_matrix(X)
    data, indices, indptr = X_sp.data.copy(), X_sp.indices.copy(), X_sp.indptr.copy()
    problem = make_problem(X_sp, y, sw, fit_intercept=True)
    assert sp.issparse(problem.X) and problem.X.format == "csc"
    if fmt == "csc":
        assert problem.X is X_sp  # no copy at all
    # Neither densified nor centred.
    assert problem.X.nnz == X_sp.nnz
    assert_array_equal(problem.X.toarray(), X)
    assert problem.X.dtype == dtype
    # The caller's matrix is unchanged.
    assert_array_equal(X_sp.data, data)
    assert_array_equal(X_sp.indices, indices)
    assert_array_equal(X_sp.indptr, indptr)
    # Y is centred but *not* scaled by sqrt(s) (the sparse kernels weight).
    _, _, Yc, _, _ = _reference(X, y, sw, True)
    rtol = _tol(dtype)
    assert_allclose(problem.Y, Yc, rtol=rtol, atol=rtol * 10)


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_inputs_never_modified_with_copy(rng, order, fit_intercept, weighted):
    X, y, sw = _data(rng, order=order)
    X_before, y_before, sw_before = X.copy(), y.copy(), sw.copy()
    problem = make_problem(X, y, sw if weighted else None,
                           fit_intercept=fit_intercept, copy_X=True)
    problem.X_design, problem.Y_design, problem.gram  # materialise everything
    assert_array_equal(X, X_before)
    assert_array_equal(y, y_before)
    assert_array_equal(sw, sw_before)
    # The problem's arrays do not alias the caller's when they differ.
    if fit_intercept or weighted:
        assert not np.shares_memory(problem.X_design, X)
    assert not np.shares_memory(problem.Y, y)
    # Modifying the problem afterwards cannot reach the caller's y.
    problem.Y[:] = 0.0
    assert_array_equal(y, y_before)


@pytest.mark.parametrize("case", ["C-order", "read-only"])
def test_copy_X_false_copies_when_it_cannot_work_in_place(rng, case):
    X, y, sw = _data(rng, order="C" if case == "C-order" else "F")
    if case == "read-only":
        X.setflags(write=False)
    X_before = X.copy()
    problem = make_problem(X, y, sw, fit_intercept=True, copy_X=False)
    design = problem.X_design
    assert_array_equal(X, X_before)
    s, Xc, _, _, _ = _reference(X_before, y, sw, True)
    assert_allclose(design, np.sqrt(s)[:, None] * Xc, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("weighted", [False, True])
def test_copy_X_false_centres_in_place(rng, dtype, weighted):
    """scikit-learn semantics: copy_X=False may overwrite a Fortran X."""
    X, y, sw = _data(rng, dtype=dtype)
    sw = sw if weighted else None
    X_before = X.copy()
    problem = make_problem(X, y, sw, fit_intercept=True, copy_X=False)
    assert problem.X_design is X
    s, Xc, _, _, _ = _reference(X_before, y, sw, True)
    rtol = _tol(dtype)
    assert_allclose(X, np.sqrt(s)[:, None] * Xc, rtol=rtol,
                    atol=rtol * np.max(np.abs(X_before)))
    assert not np.allclose(X, X_before)


@pytest.mark.parametrize("layout", ["dense", "sparse, dense copy", "sparse product"])
@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_gram_equals_weighted_centred_product(rng, monkeypatch, layout, fit_intercept,
                                              weighted, dtype):
    sparse_X = layout != "dense"
    if layout == "sparse product":  # no density is enough for the dense copy
        monkeypatch.setattr(preprocessing, "SPARSE_DENSE_GRAM_MIN_DENSITY", 2.0)
    X, y, sw = _data(rng, n_targets=2, dtype=dtype)
    sw = sw if weighted else None
    X_in = sp.csc_matrix(X) if sparse_X else X
    problem = make_problem(X_in, y, sw, fit_intercept=fit_intercept)
    Q, q = problem.gram
    s, Xc, Yc, _, _ = _reference(X, y, sw, fit_intercept)
    Q_ref = Xc.T @ (s[:, None] * Xc)
    q_ref = Xc.T @ (s[:, None] * Yc)
    rtol = _tol(dtype) * 10
    assert Q.shape == (X.shape[1], X.shape[1]) and q.shape == (X.shape[1], 2)
    assert Q.dtype == dtype and q.dtype == dtype
    assert Q.flags.f_contiguous
    assert_allclose(Q, Q_ref, rtol=rtol, atol=rtol * np.max(np.abs(Q_ref)))
    assert_allclose(q, q_ref, rtol=rtol, atol=rtol * np.max(np.abs(q_ref)))
    if sparse_X:
        assert_allclose(Q, Q.T, rtol=rtol, atol=rtol * np.max(np.abs(Q_ref)))
    else:
        assert_array_equal(Q, Q.T)  # syrk fills one triangle and mirrors it
    assert problem.gram is problem.gram  # computed once


@pytest.mark.parametrize("copy_X", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_gram_after_design_materialised(rng, copy_X, weighted):
    """The Gram route after X_design was formed (the adaptive switch): with
    copy_X=False the design is formed in place of X, and (Q, q) must still be
    the weighted centred products of the original data."""
    X, y, sw = _data(rng, n_targets=2, dtype=np.float64)
    sw = sw if weighted else None
    X_in = np.asfortranarray(X.copy())
    problem = make_problem(X_in, y, sw, fit_intercept=True, copy_X=copy_X)
    problem.X_design  # noqa: B018 (materialise, possibly in place)
    Q, q = problem.gram
    s, Xc, Yc, _, _ = _reference(X, y, sw, True)
    Q_ref = Xc.T @ (s[:, None] * Xc)
    q_ref = Xc.T @ (s[:, None] * Yc)
    assert_allclose(Q, Q_ref, rtol=1e-10, atol=1e-10 * np.max(np.abs(Q_ref)))
    assert_allclose(q, q_ref, rtol=1e-10, atol=1e-10 * np.max(np.abs(q_ref)))


@pytest.mark.parametrize("sparse_X", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_intercept_recovers_weighted_means(rng, sparse_X, weighted):
    n_targets = 2
    X, y, sw = _data(rng, n_targets=n_targets)
    sw = sw if weighted else None
    X_in = sp.csc_matrix(X) if sparse_X else X
    problem = make_problem(X_in, y, sw, fit_intercept=True)
    s, _, _, x_mean, y_mean = _reference(X, y, sw, True)
    coef = rng.randn(n_targets, X.shape[1])
    b = problem.intercept(coef)
    assert b.shape == (n_targets,)
    assert_allclose(b, y_mean - coef @ x_mean, rtol=1e-12)
    # It is the optimal intercept for coef: the weighted residuals sum to 0.
    residual = y - X @ coef.T - b
    assert_allclose(s @ residual, 0.0, atol=1e-10 * np.sum(s) * np.max(np.abs(y)))
    # Any other intercept gives a larger weighted squared error.
    for delta in (1e-3, -1e-3):
        worse = y - X @ coef.T - (b + delta)
        assert np.all(s @ worse**2 > s @ residual**2)


@pytest.mark.parametrize("sparse_X", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("fit_intercept", [False, True])
def test_y_sq_norms(rng, sparse_X, weighted, fit_intercept):
    X, y, sw = _data(rng, n_targets=3)
    sw = sw if weighted else None
    X_in = sp.csc_matrix(X) if sparse_X else X
    problem = make_problem(X_in, y, sw, fit_intercept=fit_intercept)
    s, _, Yc, _, _ = _reference(X, y, sw, fit_intercept)
    assert problem.y_sq_norms.dtype == np.float64
    assert_allclose(problem.y_sq_norms, np.sum(s[:, None] * Yc**2, axis=0),
                    rtol=1e-12)


@pytest.mark.parametrize("sparse_X", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_float32_preserved(rng, sparse_X, weighted):
    X, y, sw = _data(rng, dtype=np.float32, n_targets=2)
    sw = sw if weighted else None
    X_in = sp.csc_matrix(X) if sparse_X else X
    problem = make_problem(X_in, y, sw, fit_intercept=True)
    assert problem.dtype == np.float32
    assert problem.X.dtype == np.float32
    assert problem.Y.dtype == np.float32
    assert problem.X_offset.dtype == np.float32
    assert problem.y_offset.dtype == np.float32
    if weighted:
        assert problem.sample_weight.dtype == np.float32
    assert problem.intercept(np.ones((2, X.shape[1]), np.float32)).dtype == np.float32
    # And the float32 values agree with the float64 computation.
    p64 = make_problem(
        X_in.astype(np.float64), y.astype(np.float64),
        None if sw is None else sw.astype(np.float64), fit_intercept=True,
    )
    assert_allclose(problem.X_mean, p64.X_mean, rtol=1e-5, atol=1e-6)
    assert_allclose(problem.Y, p64.Y, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("fit_intercept", [False, True])
def test_blocked_gram_equals_explicit_centred_gram(rng, monkeypatch, weighted,
                                                   fit_intercept):
    """Row blocks that do not divide n give the Gram of the centred design."""
    import sklearn_penalized._preprocessing as prep

    monkeypatch.setattr(prep, "GRAM_BLOCK_ROWS", 7)
    X, y, sw = _data(rng)
    X = X + 100.0  # means that dominate the spread: no cancellation allowed
    sw = sw if weighted else None
    problem = make_problem(X, y, sw, fit_intercept=fit_intercept)
    Q, q = problem.gram
    s, Xc, Yc, _, _ = _reference(X, y, sw, fit_intercept)
    Q_ref = Xc.T @ (s[:, None] * Xc)
    assert_allclose(Q, Q_ref, rtol=1e-12, atol=1e-12 * np.abs(Q_ref).max())
    assert_allclose(q.ravel(), Xc.T @ (s * Yc.ravel()), rtol=1e-10, atol=1e-10)
    assert "X_design" not in problem.__dict__  # no centred copy was made


@pytest.mark.parametrize("sparse", [False, True])
def test_float32_gram_certificate_is_the_true_gap(rng, sparse):
    """float32 data on the float64 Gram route (tol < 1e-6): the reported
    gap is the float64 gap of the returned coefficients on the float32 data.
    The float32-centred target does not sum to zero exactly; before the
    centring term in ``q`` (and float64 means for sparse X) the certificate
    came out up to 15x too small."""
    from sklearn_penalized import Lasso
    from sklearn_penalized._objective import duality_gap
    from sklearn_penalized.penalties import L1

    X = sp.random(2000, 300, density=0.05, format="csc", random_state=rng)
    X.data = 1 + 3 * X.data
    y = np.asarray(X[:, :10] @ rng.randn(10)).ravel() + 0.5 * rng.randn(2000) + 5
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    Xd = X32.toarray()
    alpha = 0.01 * np.max(np.abs((Xd - Xd.mean(0)).T @ (y32 - y32.mean()))) / 2000
    model = Lasso(alpha=alpha, tol=1e-7, max_iter=100_000).fit(
        X32 if sparse else Xd, y32)
    assert model.solver_ == "cd_gram"
    true_gap = duality_gap(Xd.astype(np.float64), y32.astype(np.float64),
                           model.coef_.astype(np.float64), L1(alpha))
    np.testing.assert_allclose(model.dual_gap_, true_gap, rtol=0.2)
    assert true_gap <= 1e-7 * np.var(y32.astype(np.float64))
