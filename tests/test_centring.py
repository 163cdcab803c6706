# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Column statistics and shifts (``_centring``), against NumPy definitions.

References are two-pass float64 computations on exactly representable data:
values on a grid of 2^-20 and offsets on the same grid, so that ``X + c``
is exact and the centred moments of ``X + c`` are those of ``X``.
"""
import math

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal

from sklearn_penalized._centring import (
    BLOCK_ELEMENTS,
    SHIFT_MIN_RATIO,
    column_statistics,
    large_means,
    refine_statistics,
    row_blocks,
    shift_dense,
    shift_sparse_columns,
    shifts,
)
from sklearn_penalized._preprocessing import make_problem

GRID = 2.0**-20


def _data(rng, n=300, p=6, offset=1e8):
    X = np.round(rng.randn(n, p) / GRID) * GRID
    c = np.round(offset * rng.uniform(0.5, 1, p) * rng.choice([-1, 1], p) / GRID) * GRID
    c[::2] = 0.0  # half the columns keep a small mean
    return X, c


def _centred_moments(X, s):
    mean = s @ X / s.sum()
    return mean, s @ (X - mean) ** 2


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("layout", ["F", "C", "csc", "rows"])
def test_statistics_and_shifts_are_exact_for_large_means(rng, weighted, layout):
    """After the shift, the means and centred squared norms of X + c are
    those of X (computed from X, where nothing cancels) to float64
    rounding; the one-pass moments of X + c would have lost every digit."""
    X, c = _data(rng)
    s = rng.uniform(0.1, 2, len(X)) if weighted else None
    rows = np.sort(rng.choice(len(X), 200, replace=False)) if layout == "rows" else None
    Xs = X + c
    data = (sp.csc_matrix(Xs) if layout == "csc"
            else np.asarray(Xs, order="C" if layout == "C" else "F"))
    s_rows = None if s is None else (s if rows is None else s[rows])
    mean, total, sq = column_statistics(data, s_rows, rows)
    X_ref = X if rows is None else X[rows]
    w = np.ones(len(X_ref)) if s_rows is None else s_rows
    ref_mean, ref_sq = _centred_moments(X_ref, w)
    assert_allclose(total, w.sum(), rtol=1e-14)
    assert_allclose(mean, ref_mean + c, rtol=1e-14, atol=1e-14)
    centred = sq - total * mean**2
    shift, large = shifts(mean, centred, total, np.float64, sparse=layout == "csc")
    assert_array_equal(large, c != 0)
    # exactly the columns with the offset are shifted
    assert_array_equal(shift != 0, c != 0)
    rest, refined = refine_statistics(data, s_rows, rows, shift, mean, centred)
    assert_allclose(shift + rest, ref_mean + c, rtol=1e-14)
    assert_allclose(rest[c != 0], (ref_mean - (shift - c))[c != 0], atol=1e-7)
    assert_allclose(refined, ref_sq, rtol=1e-12)
    # the one-pass value of a shifted column has nothing left of its digits
    assert not np.allclose(centred[c != 0], ref_sq[c != 0], rtol=1e-3)


def test_ratio_threshold(rng):
    """A column is flagged iff |mean| > SHIFT_MIN_RATIO * sd."""
    X = rng.randn(400, 4)
    X = (X - X.mean(0)) / X.std(0)
    ratios = np.array([0.5, 0.9, 1.1, 3.0]) * SHIFT_MIN_RATIO
    mean, total, sq = column_statistics(X + ratios, None)
    flagged = large_means(mean, sq - total * mean**2, total)
    assert_array_equal(flagged, [False, False, True, True])
    # dense float32: every column with a nonzero mean is shifted
    shift32, large = shifts(mean, sq - total * mean**2, total, np.float32,
                            sparse=False)
    assert np.all(shift32 != 0)
    assert_array_equal(large, flagged)
    none, large = shifts(np.zeros(4), np.ones(4), total, np.float32, sparse=False)
    assert none is None and not large.any()
    # sparse float32 follows the ratio (shifting means storing in full)
    shift_sp, _ = shifts(mean, sq - total * mean**2, total, np.float32, sparse=True)
    assert_array_equal(shift_sp != 0, flagged)
    # float32 columns whose means are all small: shifted, none is "large"
    small = np.full(4, 0.1)
    shift_small, large = shifts(small, np.ones(4) * total, total, np.float32,
                                sparse=False)
    assert np.all(shift_small != 0) and not large.any()


def test_row_blocks_gather_rows_and_columns(rng):
    X = np.asfortranarray(rng.randn(50, 7))
    rows = rng.permutation(50)[:33]
    cols = np.array([1, 4, 6])
    shift = np.array([1.0, -2.0, 3.0])
    blocks = list(row_blocks(X, rows, np.float32, shift=shift, size=8, cols=cols))
    assert [b[0] for b in blocks] == [0, 8, 16, 24, 32]
    stacked = np.vstack([b[2] for b in blocks])
    assert stacked.dtype == np.float32
    # converted first, then shifted in the block's dtype
    assert_array_equal(stacked, X[rows][:, cols].astype(np.float32)
                       - shift.astype(np.float32))


def test_shift_dense_gathers_and_shifts(rng):
    X = np.asfortranarray(rng.randn(20, 4))
    rows = np.array([3, 1, 7, 7, 0])
    shift = np.array([0.0, 5.0, 0.0, -1.0])
    out = shift_dense(X, rows, shift, np.dtype(np.float64))
    assert out.flags.f_contiguous
    assert_array_equal(out, X[rows] - shift)
    assert_array_equal(shift_dense(X, None, None, np.dtype(np.float64)), X)


def test_shift_sparse_columns_stores_shifted_columns_in_full(rng):
    X = sp.random(30, 5, density=0.3, format="csc", random_state=rng)
    shift = np.array([0.0, 2.0, 0.0, 0.0, -3.0])
    before = X.copy()
    out = shift_sparse_columns(X, shift)
    assert out.format == "csc" and out.has_canonical_format
    assert_array_equal(out.toarray(), X.toarray() - shift)
    counts = np.diff(out.indptr)
    assert_array_equal(counts[[1, 4]], 30)
    assert_array_equal(counts[[0, 2, 3]], np.diff(X.indptr)[[0, 2, 3]])
    assert (X != before).nnz == 0  # the input is not modified


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_problem_of_shifted_data_is_the_problem_of_the_data(rng, sparse, weighted):
    """make_problem on X + c: the centred squared norms, the Gram matrix
    and the correlations X_c^T S y_c are those of X; the intercept recovers
    the true means."""
    X, c = _data(rng, n=200, p=6, offset=1e8)
    if sparse:
        c[:] = np.where(np.arange(6) % 2, c, 0.0)
    y = X @ rng.randn(6) + rng.randn(200)
    s = rng.uniform(0.1, 2, 200) if weighted else None
    Xs = sp.csc_matrix(X + c) if sparse else X + c
    problem = make_problem(Xs, y, s, fit_intercept=True)
    ref = make_problem(X, y, s, fit_intercept=True)
    assert ref.X_shift is None  # X itself needs no shift
    assert_allclose(problem.sq_norms, ref.sq_norms, rtol=1e-12)
    Q, q = problem.gram
    Q_ref, q_ref = ref.gram
    assert_allclose(Q, Q_ref, rtol=1e-11, atol=1e-11 * np.abs(Q_ref).max())
    assert_allclose(q, q_ref, rtol=1e-10, atol=1e-11 * np.abs(q_ref).max())
    SY = ref.Y if s is None else ref.Y * s[:, None]
    assert_allclose(problem.correlations(SY), ref.correlations(SY), rtol=1e-10,
                    atol=1e-11 * np.abs(q_ref).max())
    assert_allclose(problem.X_mean, ref.X_mean + c, rtol=1e-15, atol=1e-15)
    coef = rng.randn(1, 6)
    expected = ref.intercept(coef) - coef @ c
    assert_allclose(problem.intercept(coef), expected, rtol=1e-15,
                    atol=1e-15 * np.abs(coef @ c).max())
    if sparse:
        # the shifted columns only are stored in full
        counts = np.diff(problem.X.indptr)
        assert_array_equal(counts[c != 0], 200)
        assert_array_equal(counts[c == 0], np.diff(Xs.indptr)[c == 0])


def test_rows_view_is_the_problem_of_the_rows(rng):
    """A problem on ``rows`` of dense X equals the problem of ``X[rows]``
    and copies nothing until a solver asks for ``X``."""
    X, c = _data(rng, n=300, p=6, offset=1e6)
    Xs = np.asfortranarray(X + c)
    y = X @ rng.randn(6) + rng.randn(300)
    rows = np.sort(rng.choice(300, 210, replace=False))
    view = make_problem(Xs, y, None, fit_intercept=True, rows=rows)
    copy = make_problem(np.asfortranarray(Xs[rows]), y[rows], None, fit_intercept=True)
    assert "X" not in view.__dict__
    for Q, Q_ref in zip(view.gram, copy.gram):
        assert_allclose(Q, Q_ref, rtol=1e-12, atol=1e-12 * np.abs(Q_ref).max())
    assert "X" not in view.__dict__  # the Gram route gathers no copy
    assert_allclose(view.X_mean, copy.X_mean, rtol=1e-15)
    assert_allclose(view.sq_norms, copy.sq_norms, rtol=1e-12)
    assert_array_equal(view.X, copy.X)
    assert_allclose(view.X_design, copy.X_design, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("layout", ["C", "F", "reversed", "strided"])
def test_large_dense_statistics_are_float64_sums_in_any_layout(rng, dtype, weighted, layout):
    # Above one block the dense statistics come from one kernel pass; they
    # must be the float64 sums of the (cast) entries, whatever the strides
    # and with rows beyond a multiple of the kernel's chunk and unroll.
    base = (rng.standard_normal((4 * 1031 + 3, 301)) * 3 + 1e3).astype(dtype)
    X = {"C": base, "F": np.asfortranarray(base), "reversed": base[::-1, ::-1],
         "strided": np.asfortranarray(base)[::2, ::2]}[layout]
    assert X.size > BLOCK_ELEMENTS
    sw = rng.uniform(0.5, 2.0, X.shape[0]) if weighted else None
    mean, total, sq = column_statistics(X, sw)
    X64 = X.astype(np.float64)
    s = np.ones(X.shape[0]) if sw is None else sw
    # exact sums: math.fsum column by column
    expected_sums = np.array([math.fsum(s * X64[:, j]) for j in range(X.shape[1])])
    expected_sq = np.array([math.fsum(s * X64[:, j] ** 2) for j in range(X.shape[1])])
    assert total == pytest.approx(math.fsum(s), rel=1e-15)
    assert_allclose(mean * total, expected_sums, rtol=1e-13)
    assert_allclose(sq, expected_sq, rtol=1e-13)
