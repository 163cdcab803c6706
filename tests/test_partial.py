# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""partial_fit: after any sequence of chunks, the model of their concatenation."""
import numpy as np
import pytest
import scipy.sparse as sp

from sklearn_penalized import ElasticNet, Lasso, Ridge
from sklearn_penalized._partial import SufficientStatistics

TIGHT = {"tol": 1e-12, "max_iter": 100_000}
CUTS = [0, 7, 130, 131, 300, 420]  # uneven, with a one-row chunk


def _data(rng, n=420, p=12, n_targets=None, offset=100.0):
    # large column means and intercept: the pairwise update must not cancel
    X = rng.randn(n, p) * rng.uniform(0.5, 3.0, size=p) + offset * rng.randn(p)
    y = X @ rng.randn(p) + rng.randn(n) + 1000.0
    if n_targets:
        y = np.c_[y, X @ rng.randn(p) - 50.0]
    return X, y


def _estimators():
    return [Lasso(alpha=0.5, **TIGHT),
            ElasticNet(alpha=0.5, l1_ratio=0.3, **TIGHT),
            Ridge(alpha=3.0),
            Ridge(alpha=3.0, positive=True, **TIGHT)]


def _penalty_of(est, sum_sw):
    from sklearn_penalized.penalties import L1L2

    if isinstance(est, Ridge):
        return L1L2(0.0, est.alpha / (2 * sum_sw), positive=est.positive)
    ratio = getattr(est, "l1_ratio", 1.0)
    return L1L2(est.alpha * ratio, est.alpha * (1 - ratio) / 2, positive=est.positive)


def _chunked(est, X, y, sw, sparse_chunk=3):
    for i, (a, b) in enumerate(zip(CUTS[:-1], CUTS[1:])):
        Xc = sp.csr_matrix(X[a:b]) if i == sparse_chunk else X[a:b]
        est.partial_fit(Xc, y[a:b], sample_weight=None if sw is None else sw[a:b])
    return est


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("index", range(4))
def test_chunks_equal_fit_on_the_concatenation(rng, weighted, fit_intercept, index):
    # without an intercept, columns with means of 100 are nearly collinear
    # and neither solver reaches tol=1e-12 in 1e5 epochs: smaller offsets
    X, y = _data(rng, offset=100.0 if fit_intercept else 1.0)
    sw = rng.uniform(0.2, 2.0, size=len(y)) if weighted else None
    est = _estimators()[index].set_params(fit_intercept=fit_intercept)
    full = type(est)(**est.get_params()).fit(X, y, sample_weight=sw)
    part = _chunked(type(est)(**est.get_params()), X, y, sw)
    scale = np.abs(full.coef_).max()
    if isinstance(est, Ridge) and not est.positive:
        # exact solves of the same normal equations
        np.testing.assert_allclose(part.coef_, full.coef_, rtol=1e-7, atol=1e-8 * scale)
    else:
        # Two certified optima: their objectives agree to the tolerance.  (On
        # these designs -- column means of 100 -- fit's route on X reaches a
        # rounding floor near 1e-11 var(y) in its gap; the statistics, centred
        # chunk by chunk, are the more accurate of the two.)
        from sklearn_penalized._objective import primal_objective

        pen = _penalty_of(est, len(y) if sw is None else sw.sum())
        objectives = [primal_objective(X, y, m.coef_, m.intercept_, pen, sw)
                      for m in (part, full)]
        assert abs(objectives[0] - objectives[1]) <= 1e-10 * np.var(y)
        np.testing.assert_allclose(part.coef_, full.coef_, rtol=1e-4, atol=1e-5 * scale)
    np.testing.assert_allclose(part.predict(X), full.predict(X), rtol=0, atol=1e-4 * np.std(y))


def test_statistics_equal_those_of_the_concatenation(rng):
    X, y = _data(rng)
    sw = rng.uniform(0.2, 2.0, size=len(y))
    stats = SufficientStatistics(X.shape[1], 1, fit_intercept=True)
    for a, b in zip(CUTS[:-1], CUTS[1:]):
        stats.update(X[a:b], y[a:b, None], sw[a:b])
    mean_x = sw @ X / sw.sum()
    Xc = X - mean_x
    yc = y - sw @ y / sw.sum()
    np.testing.assert_allclose(stats.x_mean, mean_x, rtol=1e-13)
    np.testing.assert_allclose(stats.xx, Xc.T @ (sw[:, None] * Xc), rtol=1e-11)
    np.testing.assert_allclose(stats.xy[:, 0], Xc.T @ (sw * yc), rtol=1e-10)
    assert stats.yy[0] == pytest.approx(sw @ yc**2, rel=1e-11)
    assert stats.sum_sw == pytest.approx(sw.sum(), rel=1e-15)


def test_factors_bounds_standardize_multi_output_float32(rng):
    X, Y = _data(rng, n_targets=2)
    factor = rng.uniform(0.0, 2.0, size=X.shape[1])
    factor[4] = np.inf
    X[:, 7] = 3.0  # constant: excluded by standardize
    params = dict(alpha=0.05, l1_ratio=0.7, penalty_factor=factor, standardize=True,
                  lower_bounds=-0.5, **TIGHT)
    full = ElasticNet(**params).fit(X, Y)
    part = _chunked(ElasticNet(**params), X, Y, None)
    assert np.all(part.coef_[:, [4, 7]] == 0)
    np.testing.assert_allclose(part.coef_, full.coef_, rtol=1e-6,
                               atol=1e-8 * np.abs(full.coef_).max())
    f32 = _chunked(Lasso(alpha=0.5, tol=1e-6), X.astype(np.float32),
                   Y[:, 0].astype(np.float32), None)
    assert f32.coef_.dtype == np.float32
    ref = Lasso(alpha=0.5, **TIGHT).fit(X, Y[:, 0])
    np.testing.assert_allclose(f32.coef_, ref.coef_, rtol=1e-3,
                               atol=1e-3 * np.abs(ref.coef_).max())


def test_fit_restarts_the_accumulation_and_bad_chunks_raise(rng):
    X, y = _data(rng)
    model = Lasso(alpha=0.5, **TIGHT).partial_fit(X[:200], y[:200])
    model.fit(X[200:], y[200:])
    model.partial_fit(X[:100], y[:100])  # starts afresh: only these rows
    alone = Lasso(alpha=0.5, **TIGHT).fit(X[:100], y[:100])
    np.testing.assert_allclose(model.coef_, alone.coef_, rtol=1e-7,
                               atol=1e-9 * np.abs(alone.coef_).max())
    with pytest.raises(ValueError, match="features"):
        model.partial_fit(X[:10, :5], y[:10])
    with pytest.raises(ValueError, match="target"):
        model.partial_fit(X[:10], np.c_[y[:10], y[:10]])
    bad = X[:10].copy()
    bad[3, 2] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        model.partial_fit(bad, y[:10])


def test_merge_is_associative(rng):
    """Chunks merged in any grouping (a tree reduction, as a cluster would)
    give the statistics of the concatenation."""
    X, y = _data(rng)
    sw = rng.uniform(0.2, 2.0, size=len(y))
    chunks = [SufficientStatistics.of_chunk(X[a:b], y[a:b, None], sw[a:b], True)
              for a, b in zip(CUTS[:-1], CUTS[1:])]
    left = SufficientStatistics(X.shape[1], 1, True)
    for chunk in chunks:
        left.merge(chunk)
    tree = chunks[0].merge(chunks[1]).merge(chunks[2].merge(chunks[3].merge(chunks[4])))
    whole = SufficientStatistics.of_chunk(X, y[:, None], sw, True)
    for stats in (left, tree):
        np.testing.assert_allclose(stats.xx, whole.xx, rtol=1e-11)
        np.testing.assert_allclose(stats.xy, whole.xy, rtol=1e-10)
        np.testing.assert_allclose(stats.yy, whole.yy, rtol=1e-11)
        np.testing.assert_allclose(stats.x_mean, whole.x_mean, rtol=1e-13)
        assert stats.n_samples == len(y)
