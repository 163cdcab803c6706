# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Direct tests of the Cython coordinate-descent kernels.

The kernels minimise, in kernel scale,

    P(w) = 1/2 ||y - X w||^2 + sum_j (l1_j |w_j| + l2_j w_j^2)

(optionally with w >= 0).  Every result is checked against mathematics
recomputed here in NumPy: the KKT conditions, an independent duality gap,
and the same problem solved through another storage (dense / sparse / Gram)
or on explicitly transformed data.
"""
import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal

from sklearn_penalized._kernels._cd_fast import cd_dense, cd_gram, cd_sparse
from sklearn_penalized._objective import duality_gap
from sklearn_penalized.penalties import L1L2

KINDS = ["dense", "sparse", "gram"]
# gap_tol that no gap can meet: the kernel runs exactly max_iter epochs (a
# gap of 0, or slightly negative from rounding, would stop it at gap_tol=0).
NEVER = -np.inf


# -- helpers ------------------------------------------------------------------
def _data(rng, n_samples=40, n_features=8, dtype=np.float64, density=0.6):
    """Correlated design with some exact zeros, and a noisy linear target."""
    X = rng.randn(n_samples, n_features) + 0.5 * rng.randn(n_samples, 1)
    X[rng.rand(n_samples, n_features) > density] = 0.0
    coef = rng.randn(n_features) * (rng.rand(n_features) < 0.6)
    coef[0] = 2.0  # at least one active feature
    y = X @ coef + 0.1 * rng.randn(n_samples)
    return np.asfortranarray(X, dtype=dtype), y.astype(dtype)


def _penalty(rng, X, y, kind):
    """Kernel-scale (l1, l2) per feature; "mixed" has pure-L1, pure-L2 and both."""
    n_samples, n_features = X.shape
    scale = np.max(np.abs(X.T @ y))
    l1 = 0.1 * scale * rng.uniform(0.5, 1.5, n_features)
    l2 = 0.2 * n_samples * rng.uniform(0.5, 1.5, n_features)
    if kind == "lasso":
        l2[:] = 0.0
    elif kind == "ridge":
        l1[:] = 0.0
    elif kind == "mixed":
        l2[: n_features // 3] = 0.0
        l1[n_features // 3: 2 * n_features // 3] = 0.0
    return l1.astype(X.dtype), l2.astype(X.dtype)


def _run(kind, X, y, l1, l2, w0=None, index_dtype=None, **options):
    """Call one kernel on dense X (converted as needed); return (w, gap, n_iter, conv)."""
    dtype = X.dtype
    w = np.zeros(X.shape[1], dtype=dtype) if w0 is None else w0.astype(dtype)
    options.setdefault("max_iter", 10_000)
    rel_tol = 1e-13 if dtype == np.float64 else 1e-5
    options.setdefault("gap_tol", rel_tol * float(y.astype(np.float64) @ y))
    options.setdefault("dw_tol", 1e-6)
    if kind == "dense":
        out = cd_dense(w, np.asfortranarray(X), y, l1, l2, **options)
    elif kind == "sparse":
        Xs = sp.csc_matrix(X)
        indices, indptr = Xs.indices, Xs.indptr
        if index_dtype is not None:
            indices, indptr = indices.astype(index_dtype), indptr.astype(index_dtype)
        n_samples, n_features = X.shape
        # Ignored arrays are NaN: any read of them would poison the result.
        out = cd_sparse(
            w, Xs.data, indices, indptr, y,
            np.full(n_samples, np.nan, dtype=dtype),
            np.full(n_features, np.nan, dtype=dtype),
            l1, l2, **options,
        )
    else:
        Q = np.asfortranarray(X.T @ X)
        q = np.ascontiguousarray(X.T @ y)
        out = cd_gram(w, Q, q, float(y @ y), l1, l2, **options)
    w_out, gap, n_iter, converged = out
    w_out = np.asarray(w_out)
    # w is updated in place and returned.
    assert np.shares_memory(w_out, w)
    return w_out, gap, n_iter, converged


def _gap_numpy(X, y, w, l1, l2, positive=False, stopping=False):
    """Kernel-scale duality gap, written as a sum of Fenchel-Young terms.

    With R = y - X w, theta = s R (s = min(1, min_j l1_j / |X_j^T R|) over the
    pure-L1 features) and v = X^T theta,

        P(w) - D(theta) = 1/2 ||R - theta||^2
                          + sum_j [g_j(w_j) + g_j^*(v_j) - w_j v_j],

    where g_j^* is 0 on pure-L1 features (v is feasible by construction) and
    max(|v| - l1, 0)^2 / (4 l2) when l2 > 0.  Unpenalized features contribute
    |w_j v_j| (the documented substitute for their dual constraint).

    With elastic-net features (l1 > 0 and l2 > 0) there is a second
    certified gap, the same formula applied to the augmented lasso
    (``_augmented``: those features' L2 terms as extra rows of X): the
    kernels return the smaller (the certified gap) and stop on the larger
    (``stopping=True``).
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    l1 = np.asarray(l1, dtype=np.float64)
    l2 = np.asarray(l2, dtype=np.float64)
    R = y - X @ w
    XtR = X.T @ R
    pure_l1 = (l2 == 0) & (l1 > 0)
    signal = XtR if positive else np.abs(XtR)
    ratio = np.max(signal[pure_l1] / l1[pure_l1], initial=0.0)
    scale = 1.0 / ratio if ratio > 1.0 else 1.0
    theta = scale * R
    v = X.T @ theta
    gap = 0.5 * np.sum((R - theta) ** 2)
    for j in range(len(w)):
        if l1[j] == 0 and l2[j] == 0:
            gap += abs(w[j] * v[j])
            continue
        g = l1[j] * abs(w[j]) + l2[j] * w[j] ** 2
        conj = 0.0
        if l2[j] > 0:
            excess = (v[j] if positive else abs(v[j])) - l1[j]
            conj = max(excess, 0.0) ** 2 / (4 * l2[j])
        gap += g + conj - w[j] * v[j]
    if np.any((l1 > 0) & (l2 > 0)):
        X_aug, y_aug, l2_aug = _augmented(X, y, l1, l2)
        other = _gap_numpy(X_aug, y_aug, w, l1, l2_aug, positive)
        gap = max(gap, other) if stopping else min(gap, other)
    return gap


def _augmented(X, y, l1, l2):
    """The elastic net as a lasso on augmented data: for every feature with
    l1_j > 0 and l2_j > 0, the row sqrt(2 l2_j) e_j^T is appended to X and 0
    to y, and l2_j is set to 0 (same primal objective for every w)."""
    X = np.asarray(X, dtype=np.float64)
    elastic = np.flatnonzero((l1 > 0) & (l2 > 0))
    rows = np.zeros((elastic.size, X.shape[1]))
    rows[np.arange(elastic.size), elastic] = np.sqrt(2.0 * l2[elastic])
    l2_aug = np.array(l2, dtype=np.float64)
    l2_aug[elastic] = 0.0
    return (np.vstack([X, rows]), np.concatenate([np.asarray(y, dtype=np.float64),
                                                  np.zeros(elastic.size)]), l2_aug)


def _primal(X, y, w, l1, l2):
    R = y - X @ w
    return 0.5 * R @ R + np.sum(l1 * np.abs(w) + l2 * w**2)


def _assert_kkt(X, y, w, l1, l2, positive, atol):
    """KKT of the kernel problem, from the NumPy gradient c = X^T (y - X w)."""
    X = np.asarray(X, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    c = X.T @ (y - X @ w)
    nonzero = w != 0
    # w_j != 0: c_j = l1_j sign(w_j) + 2 l2_j w_j
    assert_allclose(c[nonzero], (l1 * np.sign(w) + 2 * l2 * w)[nonzero],
                    rtol=0, atol=atol)
    # w_j == 0: |c_j| <= l1_j   (positive: c_j <= l1_j)
    zero_part = c[~nonzero] if positive else np.abs(c[~nonzero])
    assert np.all(zero_part <= l1[~nonzero] + atol)
    if positive:
        assert np.all(w >= 0)


# -- storage equivalence -----------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("penalty", ["lasso", "mixed"])
def test_dense_sparse_gram_same_iterates(rng, dtype, positive, penalty):
    """Cyclic CD is the same algorithm on every storage: same iterates."""
    X, y = _data(rng, dtype=dtype)
    l1, l2 = _penalty(rng, X, y, penalty)
    # gap_tol=NEVER forces exactly max_iter epochs everywhere.
    results = {kind: _run(kind, X, y, l1, l2, max_iter=4, gap_tol=NEVER,
                          positive=positive) for kind in KINDS}
    rtol = 1e-10 if dtype == np.float64 else 2e-4
    y_sq = float(y.astype(np.float64) @ y)
    for kind in KINDS:
        w, gap, n_iter, converged = results[kind]
        assert w.dtype == dtype
        assert n_iter == 4 and not converged
        assert_allclose(w, results["dense"][0], rtol=rtol,
                        atol=rtol * np.max(np.abs(results["dense"][0])))
        # Same gap (tolerance: Gram forms ||R||^2 by cancellation).
        assert gap == pytest.approx(results["dense"][1], rel=rtol * 100,
                                    abs=rtol * 1e-2 * y_sq)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("positive", [False, True])
def test_dense_sparse_gram_same_optimum(rng, dtype, positive):
    X, y = _data(rng, dtype=dtype)
    l1, l2 = _penalty(rng, X, y, "enet")
    y_sq = float(y.astype(np.float64) @ y)
    gap_tol = (1e-12 if dtype == np.float64 else 1e-6) * y_sq
    results = {kind: _run(kind, X, y, l1, l2, gap_tol=gap_tol, positive=positive)
               for kind in KINDS}
    for kind in KINDS:
        w, gap, _, converged = results[kind]
        assert converged and gap <= gap_tol
        assert w.dtype == dtype
    # The problem is strongly convex (l2 > 0): the optima coincide.
    # Tolerance: sqrt(2 gap / (2 min l2)) bounds ||w - w*||.
    atol = 2 * np.sqrt(2 * gap_tol / (2 * np.min(l2)))
    for kind in ("sparse", "gram"):
        assert_allclose(results[kind][0], results["dense"][0], rtol=0, atol=atol)
    if dtype == np.float32:
        w64 = _run("dense", X.astype(np.float64), y.astype(np.float64),
                   l1.astype(np.float64), l2.astype(np.float64),
                   positive=positive)[0]
        assert_allclose(results["dense"][0], w64, rtol=0, atol=atol)


# -- optimality -----------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("penalty", ["lasso", "enet", "ridge", "mixed"])
def test_converged_solution_satisfies_kkt(rng, kind, positive, penalty):
    X, y = _data(rng)
    l1, l2 = _penalty(rng, X, y, penalty)
    if penalty == "lasso":
        # At the optimum ||R|| <= ||y|| (P(w*) <= P(0)), so |X_j^T R| <
        # l1_j = 1.01 ||X_j|| ||y|| forces w_j = 0 (Cauchy-Schwarz).
        l1[-1] = 1.01 * np.linalg.norm(X[:, -1]) * np.linalg.norm(y)
    gap_tol = 1e-13 * (y @ y)
    w, gap, n_iter, converged = _run(kind, X, y, l1, l2, gap_tol=gap_tol,
                                     positive=positive)
    assert converged and gap <= gap_tol and n_iter < 10_000
    # Tolerance: with gap <= 1e-13 ||y||^2 the gradient is accurate to about
    # sqrt(gap) times the design scale.
    _assert_kkt(X, y, w, l1, l2, positive,
                atol=1e-5 * np.max(np.abs(X.T @ y)))
    if penalty == "lasso":
        assert w[-1] == 0.0


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("penalty", ["lasso", "enet", "mixed"])
@pytest.mark.parametrize("max_iter", [1, 3, 50])
def test_returned_gap_equals_numpy_gap(rng, kind, positive, penalty, max_iter):
    X, y = _data(rng)
    l1, l2 = _penalty(rng, X, y, penalty)
    gap_tol = 1e-13 * (y @ y)
    w, gap, n_iter, converged = _run(kind, X, y, l1, l2, max_iter=max_iter,
                                     gap_tol=gap_tol, positive=positive)
    expected = _gap_numpy(X, y, w, l1, l2, positive)
    # Tolerance: rounding of primal and dual, each of size ~||y||^2.
    assert gap == pytest.approx(expected, rel=1e-8, abs=1e-11 * (y @ y))
    assert converged == (_gap_numpy(X, y, w, l1, l2, positive, stopping=True) <= gap_tol)
    # Weak duality: the gap bounds the suboptimality (no unpenalized feature).
    w_star = _run("dense", X, y, l1, l2, gap_tol=1e-14 * (y @ y),
                  positive=positive)[0]
    suboptimality = _primal(X, y, w, l1, l2) - _primal(X, y, w_star, l1, l2)
    assert gap >= suboptimality - 1e-11 * (y @ y)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("with_unpenalized", [False, True])
def test_returned_gap_equals_objective_duality_gap(rng, kind, positive,
                                                   with_unpenalized):
    """The kernel gap is n_samples times ``_objective.duality_gap``.

    ``_objective`` documents that it uses the same Fenchel dual as the
    kernels, so the two must agree, also with an unpenalized feature.
    """
    X, y = _data(rng)
    n_samples, n_features = X.shape
    factors = rng.uniform(0.5, 1.5, n_features)
    if with_unpenalized:
        factors[1] = 0.0
    strength = 0.1 * np.max(np.abs(X.T @ y)) / n_samples
    pen = L1L2(strength, 0.1, weights=factors, positive=positive)
    l1, l2 = (n_samples * v for v in pen.kernel_weights(n_features))
    for max_iter in (1, 2, 5):
        w, gap, _, _ = _run(kind, X, y, l1, l2, max_iter=max_iter, gap_tol=NEVER,
                            positive=positive)
        ours = n_samples * duality_gap(X, y, w, pen, fit_intercept=False)
        assert gap == pytest.approx(ours, rel=1e-8, abs=1e-11 * (y @ y))


@pytest.mark.parametrize("kind", KINDS)
def test_unpenalized_gap_term_hand_computed(kind):
    """Two unpenalized features, one cyclic epoch, all by hand.

    X = [[1, 1], [0, 1]], y = (1, 2).  Feature 1: w1 = x1^T y / 1 = 1, so
    R = (0, 2).  Feature 2: w2 = x2^T R / 2 = 1, so R = (-1, 1) and
    X^T R = (-1, 0).  No penalty, so theta = R: P(w) - D(theta) = 1/2 ||R||^2
    - (R^T y - 1/2 ||R||^2) = 1 - 0 = 1.  The documented substitute for the
    unpenalized coordinates cancels each -w_j X_j^T theta and adds
    (X_j^T R)^2 / (2 ||X_j||^2): (1 * -1 + 1 / 2) + (0 + 0) = -1/2.
    Total 1/2.
    """
    X = np.asfortranarray([[1.0, 1.0], [0.0, 1.0]])
    y = np.array([1.0, 2.0])
    zero = np.zeros(2)
    w, gap, n_iter, converged = _run(kind, X, y, zero, zero, max_iter=1,
                                     gap_tol=NEVER)
    assert_allclose(w, [1.0, 1.0], rtol=1e-15)
    assert gap == pytest.approx(0.5, rel=1e-14)
    assert n_iter == 1 and not converged


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("random", [False, True])
def test_converged_implies_stationary_with_unpenalized_features(kind, random):
    """A converged flag must certify the KKT conditions, also for features
    without penalty (where the gap uses a substitute term).

    Hand-made data: x1 = (1, -1, 1, 0) is orthogonal to y = (1, 1, 0, 0), so
    a first cyclic pass leaves w1 = 0 and sets w2 = x2^T y / ||x2||^2 = 1/3
    with x2 = (1, 0, 1, 1).  Then X^T R = (-2/3, 0) != 0: not optimal (the
    least-squares solution is (-0.4, 0.6)).
    """
    X = np.asfortranarray([[1.0, 1.0], [-1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    y = np.array([1.0, 1.0, 0.0, 0.0])
    zero = np.zeros(2)
    # Cyclic: look at the gap after every epoch.  Random: default gap_freq;
    # an epoch that draws feature 1 only leaves w = 0 (w_max = 0 triggers the
    # gap check), one that draws feature 2 only leaves w = (0, 1/3).
    options = dict(random=True) if random else dict(gap_freq=1)
    for seed in range(1, 9) if random else [0]:
        w, gap, n_iter, converged = _run(
            kind, X, y, zero, zero, max_iter=100, gap_tol=1e-12, seed=seed,
            **options,
        )
        assert converged
        assert_allclose(
            X.T @ (y - X @ w), 0.0, atol=1e-5,
            err_msg=f"converged=True after {n_iter} epoch(s) at w={w}, gap={gap}",
        )
        assert_allclose(w, [-0.4, 0.6], atol=1e-5)


# -- special cases ---------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("factor", [1.0, 1.5])  # l1 >= max |X^T y|
def test_large_l1_gives_zero_after_one_epoch(rng, kind, positive, factor):
    X, y = _data(rng)
    Xty = X.T @ y
    threshold = np.max(Xty) if positive else np.max(np.abs(Xty))
    # 1 + 1e-12: the kernel's X^T y (BLAS) and NumPy's may differ in the last bit.
    l1 = np.full(X.shape[1], factor * (1 + 1e-12) * threshold)
    l2 = np.full(X.shape[1], 3.0)  # no effect on w = 0 being optimal
    w, gap, n_iter, converged = _run(kind, X, y, l1, l2, positive=positive,
                                     gap_tol=1e-12 * (y @ y))
    assert_array_equal(w, 0.0)
    assert n_iter == 1 and converged
    # At w = 0 with a feasible residual the gap is exactly 0 (P(0) = D(y)).
    assert gap == pytest.approx(0.0, abs=1e-12 * (y @ y))
    # Slightly smaller: some feature enters.
    w, *_ = _run(kind, X, y, 0.99 * threshold * np.ones_like(l1), np.zeros_like(l2),
                 positive=positive)
    assert np.any(w != 0)


@pytest.mark.parametrize("kind", KINDS)
def test_positive_constraint(rng, kind):
    n_samples, n_features = 50, 6
    X = np.asfortranarray(rng.randn(n_samples, n_features))
    y = X @ np.array([2.0, -2.0, 1.0, -1.0, 0.5, -0.5])
    l1 = np.full(n_features, 0.01 * np.max(np.abs(X.T @ y)))
    l2 = np.zeros(n_features)
    w_free, *_ = _run(kind, X, y, l1, l2)
    w_pos, gap, _, converged = _run(kind, X, y, l1, l2, positive=True)
    assert np.any(w_free < -0.1)  # the constraint matters on this problem
    assert converged and np.all(w_pos >= 0)
    _assert_kkt(X, y, w_pos, l1, l2, True, atol=1e-5 * np.max(np.abs(X.T @ y)))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("zero_col_penalty", ["none", "l1", "l2"])
def test_zero_columns_get_zero_coefficient(rng, kind, zero_col_penalty):
    X, y = _data(rng)
    X[:, 2] = 0.0
    X[:, 5] = 0.0
    l1, l2 = _penalty(rng, X, y, "enet")
    for j in (2, 5):
        l1[j] = 1.0 if zero_col_penalty == "l1" else 0.0
        l2[j] = 1.0 if zero_col_penalty == "l2" else 0.0
    w, gap, _, converged = _run(kind, X, y, l1, l2, gap_tol=1e-13 * (y @ y))
    assert converged and np.isfinite(gap)
    assert w[2] == 0.0 and w[5] == 0.0
    # The other coefficients solve the problem without those columns.
    keep = np.array([j not in (2, 5) for j in range(X.shape[1])])
    w_sub, *_ = _run("dense", np.asfortranarray(X[:, keep]), y, l1[keep], l2[keep],
                     gap_tol=1e-13 * (y @ y))
    assert_allclose(w[keep], w_sub, rtol=1e-6, atol=1e-8)


def test_read_only_inputs(rng):
    X, y = _data(rng)
    l1, l2 = _penalty(rng, X, y, "mixed")
    n_samples, n_features = X.shape
    Xs = sp.csc_matrix(X)
    sw = rng.uniform(0.5, 2.0, n_samples)
    offset = (X.T @ sw) / sw.sum()
    yc = y - sw @ y / sw.sum()
    Q = np.asfortranarray(X.T @ X)
    q = X.T @ y
    arrays = dict(X=X, y=y, yc=yc, l1=l1, l2=l2, data=Xs.data, indices=Xs.indices,
                  indptr=Xs.indptr, sw=sw, offset=offset, Q=Q, q=q)
    frozen = {}
    for name, arr in arrays.items():
        frozen[name] = arr.copy(order="K")
        frozen[name].setflags(write=False)
    opts = dict(max_iter=1000, gap_tol=1e-12 * (y @ y), dw_tol=1e-6)

    def run_all(a):
        p = n_features
        return [
            cd_dense(np.zeros(p), a["X"], a["y"], a["l1"], a["l2"], **opts),
            cd_sparse(np.zeros(p), a["data"], a["indices"], a["indptr"], a["yc"],
                      a["sw"], a["offset"], a["l1"], a["l2"],
                      has_sample_weight=True, has_offset=True, **opts),
            cd_gram(np.zeros(p), a["Q"], a["q"], float(y @ y), a["l1"], a["l2"],
                    **opts),
        ]

    for out_rw, out_ro in zip(run_all(arrays), run_all(frozen)):
        assert_array_equal(np.asarray(out_ro[0]), np.asarray(out_rw[0]))
        assert out_ro[1:] == out_rw[1:]
        assert out_ro[3]  # converged
    for name, arr in arrays.items():
        assert_array_equal(frozen[name], arr)  # nothing written


# -- sparse kernel: implicit centring and sample weights ---------------------------
@pytest.mark.parametrize("has_offset", [False, True])
@pytest.mark.parametrize("has_sample_weight", [False, True])
@pytest.mark.parametrize("positive", [False, True])
def test_sparse_implicit_centring_equals_dense_on_transformed_data(
    rng, has_offset, has_sample_weight, positive
):
    X, y = _data(rng, density=0.4)
    y = y + 3.0  # a nonzero mean, so centring matters
    X[:, 1] += 2.0 * (X[:, 1] != 0)  # a column far from centred
    n_samples, n_features = X.shape
    s = rng.uniform(0.1, 3.0, n_samples) if has_sample_weight else np.ones(n_samples)
    s[0] = 0.0 if has_sample_weight else 1.0  # a zero weight is allowed
    m = (X.T @ s) / s.sum() if has_offset else np.zeros(n_features)
    yc = y - (s @ y) / s.sum() if has_offset else y.copy()
    # Dense equivalent: 1/2 sum_i s_i (yc_i - (x_i - m)^T w)^2
    sqrt_s = np.sqrt(s)
    X_dense = np.asfortranarray(sqrt_s[:, None] * (X - m))
    y_dense = sqrt_s * yc
    l1, l2 = _penalty(rng, X_dense, y_dense, "mixed")

    Xs = sp.csc_matrix(X)
    # Arrays a flag says to ignore are NaN: reading them would show.
    sw_arg = s if has_sample_weight else np.full(n_samples, np.nan)
    offset_arg = m if has_offset else np.full(n_features, np.nan)

    def sparse(**opts):
        w = np.zeros(n_features)
        out = cd_sparse(w, Xs.data, Xs.indices, Xs.indptr, yc, sw_arg, offset_arg,
                        l1, l2, has_sample_weight=has_sample_weight,
                        has_offset=has_offset, positive=positive, dw_tol=1e-6,
                        **opts)
        return np.asarray(out[0]), out[1], out[2], out[3]

    def dense(**opts):
        return _run("dense", X_dense, y_dense, l1, l2, positive=positive, **opts)

    y_sq = y_dense @ y_dense
    # Same iterates for a fixed number of epochs ...
    for max_iter in (1, 3):
        ws, gap_s, _, _ = sparse(max_iter=max_iter, gap_tol=NEVER)
        wd, gap_d, _, _ = dense(max_iter=max_iter, gap_tol=NEVER)
        assert_allclose(ws, wd, rtol=1e-9, atol=1e-12 * np.max(np.abs(wd)))
        assert gap_s == pytest.approx(gap_d, rel=1e-8, abs=1e-12 * y_sq)
        # ... and the sparse gap is the gap of the transformed problem.
        assert gap_s == pytest.approx(_gap_numpy(X_dense, y_dense, ws, l1, l2,
                                                 positive),
                                      rel=1e-8, abs=1e-11 * y_sq)
    # Same optimum, with the KKT conditions of the transformed problem.
    gap_tol = 1e-13 * y_sq
    ws, gap_s, _, conv_s = sparse(max_iter=10_000, gap_tol=gap_tol)
    wd, _, _, conv_d = dense(gap_tol=gap_tol)
    assert conv_s and conv_d and gap_s <= gap_tol
    assert_allclose(ws, wd, rtol=1e-6, atol=1e-8)
    _assert_kkt(X_dense, y_dense, ws, l1, l2, positive,
                atol=1e-5 * np.max(np.abs(X_dense.T @ y_dense)))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sparse_int32_and_int64_indices(rng, dtype):
    X, y = _data(rng, dtype=dtype)
    l1, l2 = _penalty(rng, X, y, "mixed")
    w32, gap32, it32, conv32 = _run("sparse", X, y, l1, l2, index_dtype=np.int32)
    w64, gap64, it64, conv64 = _run("sparse", X, y, l1, l2, index_dtype=np.int64)
    assert conv32 and conv64 and it32 == it64
    assert_array_equal(w32, w64)  # identical arithmetic
    assert gap32 == gap64
    assert w32.dtype == dtype
    with pytest.raises((TypeError, ValueError)):
        # indices and indptr must share one integer type
        Xs = sp.csc_matrix(X)
        cd_sparse(np.zeros(X.shape[1], dtype=dtype), Xs.data,
                  Xs.indices.astype(np.int32), Xs.indptr.astype(np.int64), y,
                  np.ones(1, dtype=dtype), np.zeros(X.shape[1], dtype=dtype),
                  l1, l2, max_iter=1, gap_tol=NEVER, dw_tol=0.0)


# -- selection, warm start, iteration limit -------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_cyclic_and_random_reach_the_same_optimum(rng, kind):
    X, y = _data(rng)
    l1, l2 = _penalty(rng, X, y, "enet")
    gap_tol = 1e-13 * (y @ y)
    w_cyc, _, _, conv_c = _run(kind, X, y, l1, l2, gap_tol=gap_tol)
    w_rnd, _, _, conv_r = _run(kind, X, y, l1, l2, gap_tol=gap_tol, random=True,
                               seed=7)
    assert conv_c and conv_r
    atol = 2 * np.sqrt(2 * gap_tol / (2 * np.min(l2)))  # strong convexity
    assert_allclose(w_rnd, w_cyc, rtol=0, atol=atol)
    # Random selection really visits coordinates in another order ...
    w1_cyc = _run(kind, X, y, l1, l2, max_iter=1, gap_tol=NEVER)[0]
    w1_rnd = _run(kind, X, y, l1, l2, max_iter=1, gap_tol=NEVER, random=True,
                  seed=7)[0]
    assert not np.allclose(w1_cyc, w1_rnd)
    # ... reproducibly for a given seed, and differently for another seed.
    w1_again = _run(kind, X, y, l1, l2, max_iter=1, gap_tol=NEVER, random=True,
                    seed=7)[0]
    assert_array_equal(w1_again, w1_rnd)
    w1_other = _run(kind, X, y, l1, l2, max_iter=1, gap_tol=NEVER, random=True,
                    seed=8)[0]
    assert not np.array_equal(w1_other, w1_rnd)


@pytest.mark.parametrize("kind", KINDS + ["sparse_centred"])
def test_warm_start(rng, kind):
    X, y = _data(rng)
    l1, l2 = _penalty(rng, X, y, "enet")
    n_samples, n_features = X.shape
    gap_tol = 1e-13 * (y @ y)

    if kind == "sparse_centred":
        # Nonzero initial w also initialises the implicit-centring state.
        s = rng.uniform(0.5, 2.0, n_samples)
        m = X.T @ s / s.sum()
        yc = y - s @ y / s.sum()
        Xs = sp.csc_matrix(X)

        def solve(w0, **opts):
            w = w0.copy()
            out = cd_sparse(w, Xs.data, Xs.indices, Xs.indptr, yc, s, m, l1, l2,
                            max_iter=10_000, gap_tol=gap_tol, dw_tol=1e-6,
                            has_sample_weight=True, has_offset=True, **opts)
            return np.asarray(out[0]), out[1], out[2], out[3]

        X_check = np.sqrt(s)[:, None] * (X - m)
        y_check = np.sqrt(s) * yc
    else:
        def solve(w0, **opts):
            return _run(kind, X, y, l1, l2, w0=w0, gap_tol=gap_tol, **opts)

        X_check, y_check = X, y

    w_cold, _, n_cold, conv = solve(np.zeros(n_features))
    assert conv
    w_warm, gap, _, conv = solve(3.0 * rng.randn(n_features))
    assert conv and gap <= gap_tol
    atol = 2 * np.sqrt(2 * gap_tol / (2 * np.min(l2)))
    assert_allclose(w_warm, w_cold, rtol=0, atol=atol)
    # The gap reported for the initial point is the gap *there*: restarting
    # from the optimum stops after one epoch.
    w_opt, gap, n_iter, conv = solve(w_cold)
    assert conv and n_iter == 1 and n_iter < n_cold
    assert_allclose(w_opt, w_cold, rtol=0, atol=atol)
    assert gap == pytest.approx(_gap_numpy(X_check, y_check, w_opt, l1, l2),
                                rel=1e-6, abs=1e-11 * (y_check @ y_check))


@pytest.mark.parametrize("kind", KINDS)
def test_max_iter_one_does_not_converge(rng, kind):
    X, y = _data(rng, density=1.0)  # correlated columns, no zeros
    l1, l2 = _penalty(rng, X, y, "ridge")  # every coefficient is nonzero
    gap_tol = 1e-10 * (y @ y)
    w, gap, n_iter, converged = _run(kind, X, y, l1, l2, max_iter=1,
                                     gap_tol=gap_tol)
    # One cyclic pass over correlated features cannot be optimal: the first
    # coordinate's stationarity was destroyed by the later updates.
    c = X.T @ (y - X @ w)
    assert abs(c[0] - 2 * l2[0] * w[0]) > 1e-6 * np.max(np.abs(X.T @ y))
    assert n_iter == 1 and converged is False
    assert gap > gap_tol
    assert gap == pytest.approx(_gap_numpy(X, y, w, l1, l2), rel=1e-8)


@pytest.mark.parametrize("kind", KINDS)
def test_positive_unpenalized_feature_at_its_bound_converges(kind):
    """An unpenalized feature held at 0 by w >= 0 is optimal there.

    x1 = (1, -1, 0) and y = (-1, 1, 0): the unconstrained fit wants w1 = -1,
    the constrained optimum is w1 = 0 with X_1^T R = -2 < 0 (KKT of w >= 0).
    The stopping measure is the decrease of a *projected* step, here 0, so
    the kernel must certify convergence at once instead of running forever.
    """
    X = np.asfortranarray([[1.0, 1.0], [-1.0, 0.0], [0.0, 1.0]])
    y = np.array([-1.0, 1.0, 0.0])
    l1 = np.array([0.0, 0.5])
    l2 = np.zeros(2)
    w, gap, n_iter, converged = _run(kind, X, y, l1, l2, positive=True,
                                     gap_tol=1e-12, max_iter=50)
    assert converged and n_iter <= 2
    assert_allclose(w, [0.0, 0.0], atol=0)
    assert gap == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("anderson", [0, 3])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_dense_implicit_centring_equals_explicit(rng, dtype, anderson):
    """cd_dense with X_offset on raw X solves the centred problem, as cd_dense
    on the centred copy does.

    Both results are judged on the centred problem itself, in float64 (the
    data and means of ``dtype`` cast up, their difference taken there): the
    objective of each is within ``obj_tol ||y||^2`` of the optimum, whose
    lower bound P(w_ref) - gap(w_ref) a float64 solve certifies with the NumPy
    duality gap.  The smooth part is strongly convex (n > p), so each is then
    also within sqrt(2 excess / mu) of the optimum (mu: smallest eigenvalue of
    its Hessian).  A centring error changes the problem, and the objective on
    the centred one by O(1): far beyond either tolerance.

    float64: both runs must also certify convergence at gap_tol = 1e-12
    ||y||^2.  float32: no convergence flag is compared.  Whether a run stops
    depends on the rounding of the means, which differs between NumPy
    releases, and the implicit form works on a residual of the *uncentred*
    columns, whose rounding (cancellation against the offsets) bounds the
    gap it can certify; its accuracy is that of float32 arithmetic on
    offsets of 3: objective within 5e-4 ||y||^2 of the optimum (at most
    1e-4 measured over 200 seeds and NumPy 1.24 to 2.4).
    """
    X, y = _data(rng, n_samples=50, n_features=12, dtype=dtype)
    X = np.asfortranarray(X + 3.0)  # offsets that matter
    mean = X.mean(axis=0)
    yc = (y - y.mean()).astype(dtype)
    l1, l2 = _penalty(rng, X - mean, yc, "mixed")
    y_sq = float(yc.astype(np.float64) @ yc)
    gap_tol = (1e-12 if dtype == np.float64 else 1e-6) * y_sq
    opts = dict(max_iter=5_000, gap_tol=gap_tol, dw_tol=1e-8, anderson=anderson)
    w_imp = np.zeros(12, dtype=dtype)
    _, gap_imp, _, conv_imp = cd_dense(w_imp, X, yc, l1, l2, X_offset=mean, **opts)
    w_exp = np.zeros(12, dtype=dtype)
    _, gap_exp, _, conv_exp = cd_dense(w_exp, np.asfortranarray(X - mean), yc, l1, l2,
                                       **opts)
    if dtype == np.float64:
        assert conv_imp and conv_exp
        assert gap_imp <= gap_tol and gap_exp <= gap_tol

    # the centred problem in float64, and a certified lower bound on its optimum
    Xc = np.asfortranarray(X.astype(np.float64) - mean.astype(np.float64))
    y64, l1_64, l2_64 = (a.astype(np.float64) for a in (yc, l1, l2))
    w_ref = np.zeros(12)
    *_, conv_ref = cd_dense(w_ref, Xc, y64, l1_64, l2_64, max_iter=10_000,
                            gap_tol=1e-13 * y_sq, dw_tol=1e-8)
    assert conv_ref
    p_min = (_primal(Xc, y64, w_ref, l1_64, l2_64)
             - _gap_numpy(Xc, y64, w_ref, l1_64, l2_64))
    mu = np.linalg.eigvalsh(Xc.T @ Xc + 2 * np.diag(l2_64))[0]
    assert mu > 0
    obj_tol = (1e-11 if dtype == np.float64 else 5e-4) * y_sq
    rounding = 1e-14 * y_sq  # of the float64 objectives themselves

    def dist_to_optimum(w):
        # P(w) - P* >= mu / 2 ||w - w*||^2
        excess = _primal(Xc, y64, w, l1_64, l2_64) - p_min
        return excess, np.sqrt(2 * (max(excess, 0.0) + rounding) / mu)

    _, dist_ref = dist_to_optimum(w_ref)
    for w in (w_imp, w_exp):
        w = w.astype(np.float64)
        excess, dist = dist_to_optimum(w)
        assert excess <= obj_tol
        assert np.linalg.norm(w - w_ref) <= dist + dist_ref


# -- box constraints lower_j <= w_j <= upper_j --------------------------------------
def _box(rng, n_features):
    """Bounds of every kind (two-sided, one side infinite, lower = 0, upper =
    0, one feature fixed at 0), of the size of the coefficients of _data."""
    lower = -rng.uniform(0.1, 1.0, n_features)
    upper = rng.uniform(0.1, 1.0, n_features)
    lower[0::4] = -np.inf
    upper[1::4] = np.inf
    lower[2::5] = 0.0
    upper[3::7] = 0.0
    lower[-1] = upper[-1] = 0.0
    return lower, upper


def _conjugate_by_candidates(u, l1, l2, lower, upper):
    """sup_t u t - l1 |t| - l2 t^2 over [lower, upper], as the best of the
    points where a concave 1-D function can peak: the finite endpoints, 0
    (the kink) and the stationary points of each smooth piece, clipped."""
    candidates = [0.0] + [b for b in (lower, upper) if np.isfinite(b)]
    if l2 > 0:
        candidates += [np.clip((u - l1) / (2 * l2), max(lower, 0), upper),
                       np.clip((u + l1) / (2 * l2), lower, min(upper, 0))]
    return max(u * t - l1 * abs(t) - l2 * t * t for t in candidates)


def _gap_box_numpy(X, y, w, l1, l2, lower, upper, stopping=False):
    """Kernel-scale gap under the box, as a sum of Fenchel-Young terms,

        P(w) - D(s R) = 1/2 ||R - s R||^2 + sum_j [g_j(w_j) + g_j^*(s X_j^T R)
                                                   - w_j s X_j^T R],

    minimised over the two documented scalings: s1 brings the unbounded
    sides of pure-L1 features within l1 (there the conjugate is an
    indicator: the candidates below, finite points only, count it as 0), s2
    every side a coefficient can move to (then every pure-L1 conjugate is 0
    by construction).  No unpenalized feature here.  With elastic-net
    features, the smaller (``stopping``: the larger) of this and the
    augmented lasso's gap (as in ``_gap_numpy``)."""
    X, y, w = (np.asarray(a, dtype=np.float64) for a in (X, y, w))
    R = y - X @ w
    XtR = X.T @ R
    pure = (l2 == 0) & (l1 > 0)
    gaps = []
    for every_side in (False, True):
        up = upper > 0 if every_side else upper == np.inf
        down = lower < 0 if every_side else lower == -np.inf
        pull = np.maximum(np.where(up, XtR, -np.inf), np.where(down, -XtR, -np.inf))
        ratio = np.max(pull[pure] / l1[pure], initial=0.0)
        s = 1.0 / ratio if ratio > 1 else 1.0
        gap = 0.5 * (1 - s) ** 2 * (R @ R)
        for j in range(len(w)):
            v = s * XtR[j]
            if every_side and pure[j]:
                conj = 0.0
            else:
                conj = _conjugate_by_candidates(v, l1[j], l2[j], lower[j], upper[j])
            gap += l1[j] * abs(w[j]) + l2[j] * w[j] ** 2 + conj - w[j] * v
        gaps.append(gap)
    if np.any((l1 > 0) & (l2 > 0)):
        # the augmented lasso's dual point (see _gap_numpy)
        X_aug, y_aug, l2_aug = _augmented(X, y, l1, l2)
        other = _gap_box_numpy(X_aug, y_aug, w, l1, l2_aug, lower, upper)
        return max(min(gaps), other) if stopping else min(min(gaps), other)
    return min(gaps)


def _assert_projected_kkt(X, y, w, l1, l2, lower, upper, atol):
    """KKT with the box: c = X^T (y - X w) must lie in l1 sign(w) + 2 l2 w
    plus the box's normal cone (one-sided at a bound)."""
    X = np.asarray(X, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    c = X.T @ (y - X @ w)
    assert np.all((lower <= w) & (w <= upper))
    for j in range(len(w)):
        r = c[j] - l1[j] * np.sign(w[j]) - 2 * l2[j] * w[j]
        if w[j] != 0 and w[j] == upper[j]:
            assert r >= -atol           # pushing up, held by the bound
        elif w[j] != 0 and w[j] == lower[j]:
            assert r <= atol            # pushing down, held by the bound
        elif w[j] != 0:
            assert abs(r) <= atol
        else:
            grow = c[j] - l1[j] if upper[j] > 0 else -np.inf
            shrink = -c[j] - l1[j] if lower[j] < 0 else -np.inf
            assert max(grow, shrink) <= atol


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("penalty", ["lasso", "enet", "mixed"])
def test_bounded_gap_equals_fenchel_young_and_kkt_at_convergence(rng, kind, penalty):
    X, y = _data(rng)
    X[:, 1::2] *= -1  # correlations of both signs
    l1, l2 = _penalty(rng, X, y, penalty)
    l1 *= 0.3
    lower, upper = _box(rng, X.shape[1])
    y_sq = y @ y
    for max_iter in (1, 3, 50):
        w, gap, _, _ = _run(kind, X, y, l1, l2, max_iter=max_iter, gap_tol=NEVER,
                            lower=lower, upper=upper)
        assert np.all((lower <= w) & (w <= upper))
        expected = _gap_box_numpy(X, y, w, l1, l2, lower, upper)
        assert gap == pytest.approx(expected, rel=1e-8, abs=1e-11 * y_sq)
        assert gap >= -1e-11 * y_sq
    w, gap, _, converged = _run(kind, X, y, l1, l2, gap_tol=1e-13 * y_sq,
                                lower=lower, upper=upper)
    assert converged and w[-1] == 0.0
    at_bound = (w != 0) & ((w == lower) | (w == upper))
    assert np.any(at_bound)  # the premise: the box binds
    _assert_projected_kkt(X, y, w, l1, l2, lower, upper,
                          atol=1e-5 * np.max(np.abs(X.T @ y)))


@pytest.mark.parametrize("kind", KINDS)
def test_anderson_point_is_projected_onto_the_box(rng, kind):
    """Stopped right after an extrapolation (max_iter a multiple of K), the
    returned point lies in the box: the Anderson combination can overshoot a
    bound and must be projected before its objective is compared."""
    n, p = 60, 15
    for _ in range(10):
        latent = rng.randn(n, 2)  # correlated columns: slow, extrapolable iterates
        X = np.asfortranarray(latent @ rng.randn(2, p) + 0.3 * rng.randn(n, p))
        y = X @ (3 * rng.randn(p)) + 0.1 * rng.randn(n)
        l1 = np.full(p, 0.01 * np.max(np.abs(X.T @ y)))
        l2 = np.zeros(p)
        w_free = _run("dense", X, y, l1, l2, gap_tol=1e-10 * (y @ y))[0]
        # bounds just inside the unconstrained solution, in its direction
        lower = np.minimum(0.7 * w_free, 0) - 1e-3
        upper = np.maximum(0.7 * w_free, 0) + 1e-3
        for anderson in (3, 5):
            for n_windows in (1, 2, 4):
                w = _run(kind, X, y, l1, l2, max_iter=anderson * n_windows,
                         gap_tol=NEVER, dw_tol=0.0, anderson=anderson,
                         lower=lower, upper=upper)[0]
                assert np.all((lower <= w) & (w <= upper))


# -- sparse sufficient statistics (_kernels._statistics) -------------------------
def _messy_csr(rng, n, p, density, dtype, index_dtype):
    """CSR with unsorted indices and split (duplicate) entries: the matrix it
    represents is ``dense``."""
    A = sp.random(n, p, density=density, format="csr", random_state=rng, dtype=dtype)
    # split every entry into two halves, then reverse each row's order
    data, indices, indptr = [], [], [0]
    for i in range(n):
        start, end = A.indptr[i], A.indptr[i + 1]
        vals, cols = A.data[start:end], A.indices[start:end]
        data += list(np.repeat(vals / 2, 2))[::-1]
        indices += list(np.repeat(cols, 2))[::-1]
        indptr.append(len(data))
    messy = sp.csr_matrix((np.array(data, dtype=dtype),
                           np.array(indices, dtype=index_dtype),
                           np.array(indptr, dtype=index_dtype)), shape=(n, p))
    assert not messy.has_canonical_format
    return messy, A.toarray().astype(np.float64)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("index_dtype", [np.int32, np.int64])
@pytest.mark.parametrize("weighted", [False, True])
def test_csr_gram_equals_dense_weighted_gram(rng, dtype, index_dtype, weighted):
    from sklearn_penalized._kernels._statistics import csr_gram

    n, p = 70, 25
    X, dense = _messy_csr(rng, n, p, 0.2, dtype, index_dtype)
    sw = rng.uniform(0.1, 3.0, n) if weighted else None
    gram = np.zeros((p, p))
    csr_gram(X.data, X.indices, X.indptr, sw, gram)
    expected = dense.T @ (dense if sw is None else sw[:, None] * dense)
    # accumulated in float64 from the stored values: float64 rounding only
    assert_allclose(gram, expected, rtol=1e-13, atol=1e-13 * np.abs(expected).max())
    assert_array_equal(gram, gram.T)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("weighted", [False, True])
def test_csc_column_sums_equal_dense_sums(rng, dtype, weighted):
    from sklearn_penalized._kernels._statistics import csc_column_sums

    n, p = 60, 30
    keep = np.ones(p)
    keep[3] = 0.0  # an empty column
    X = sp.csc_matrix(sp.random(n, p, density=0.15, format="csc", random_state=rng,
                                dtype=dtype) @ sp.diags(keep.astype(dtype)))
    X.eliminate_zeros()
    dense = X.toarray().astype(np.float64)
    sw = rng.uniform(0.1, 3.0, n) if weighted else np.ones(n)
    sums, sq = np.full(p, np.nan), np.full(p, np.nan)
    csc_column_sums(X.data, X.indices, X.indptr, sw if weighted else None, sums, sq)
    assert_allclose(sums, sw @ dense, rtol=1e-13, atol=1e-14)
    assert_allclose(sq, sw @ dense**2, rtol=1e-13, atol=1e-14)
    assert sums[3] == 0.0 and sq[3] == 0.0
