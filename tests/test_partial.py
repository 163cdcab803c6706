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


def _ridge_closed_form(X, y, alpha, fit_intercept):
    """``argmin ||y - Xw - b||^2 + alpha ||w||^2`` by the normal equations."""
    if fit_intercept:
        X, y = X - X.mean(axis=0), y - y.mean()
    return np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y)


# (estimator, parameters changed after the first chunks)
PARAMETER_CHANGES = [
    (Lasso(alpha=0.05, **TIGHT), {"fit_intercept": False}),
    (Lasso(alpha=0.05, fit_intercept=False, **TIGHT), {"fit_intercept": True}),
    (Lasso(alpha=0.05, **TIGHT), {"alpha": 0.2, "positive": True}),
    (Lasso(alpha=0.05, **TIGHT), {"standardize": True, "fit_intercept": False}),
    (ElasticNet(alpha=0.05, l1_ratio=0.5, **TIGHT),
     {"l1_ratio": 0.2, "fit_intercept": False}),
    (Ridge(alpha=3.0), {"fit_intercept": False}),
    (Ridge(alpha=3.0, fit_intercept=False), {"fit_intercept": True, "alpha": 0.5}),
    (Ridge(alpha=3.0, positive=True, **TIGHT), {"fit_intercept": False}),
]


@pytest.mark.parametrize("index", range(len(PARAMETER_CHANGES)))
def test_changed_parameters_apply_to_all_rows_seen(rng, index):
    """partial_fit, set_params, partial_fit: the model of the new parameters
    on all the rows (the accumulated statistics do not depend on any
    parameter).  Before, fit_intercept=False kept the centred statistics:
    intercept 0 with the with-intercept coefficients."""
    from sklearn import linear_model

    est, change = PARAMETER_CHANGES[index]
    X = rng.randn(300, 6) + 5.0 * rng.randn(6)
    y = X @ rng.randn(6) + 10.0 + 0.1 * rng.randn(300)
    model = type(est)(**est.get_params())
    model.partial_fit(X[:120], y[:120]).partial_fit(X[120:200], y[120:200])
    model.set_params(**change)
    model.partial_fit(X[200:], y[200:])
    params = model.get_params()
    if isinstance(est, Ridge) and not params["positive"]:
        # exact: the normal equations of all the rows
        coef = _ridge_closed_form(X, y, params["alpha"], params["fit_intercept"])
        np.testing.assert_allclose(model.coef_, coef, rtol=1e-8)
    else:
        # an independent solver at a tight tolerance on all the rows: the
        # two certified optima have the same objective (to the tolerance)
        from sklearn_penalized._objective import primal_objective

        if isinstance(est, Ridge) or params.get("standardize"):
            ref = type(est)(**params).fit(X, y)
        else:
            ref = getattr(linear_model, type(est).__name__)(
                **{k: v for k, v in params.items()
                   if k in linear_model.ElasticNet().get_params()
                   and k != "precompute"}).fit(X, y)
        pen = _penalty_of(model, len(y))
        if params.get("standardize"):
            from sklearn_penalized.penalties import L1

            pen = L1(model.alpha, weights=np.sqrt(np.mean(X**2, axis=0)))
        objectives = [primal_objective(X, y, m.coef_, m.intercept_, pen)
                      for m in (model, ref)]
        assert abs(objectives[0] - objectives[1]) <= 1e-10 * np.var(y)
        np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-4,
                                   atol=1e-6 * np.abs(ref.coef_).max())
    if not params["fit_intercept"]:
        assert model.intercept_ == 0.0
    np.testing.assert_allclose(model.predict(X), type(est)(**params).fit(X, y).predict(X),
                               rtol=0, atol=1e-4 * np.std(y))


@pytest.mark.parametrize("failure", ["parameter", "interrupt"])
def test_a_failed_refit_leaves_the_accumulated_rows_unchanged(rng, failure, monkeypatch):
    """A chunk whose refit raises (a parameter that does not fit the data,
    Ctrl-C during the solve) is not accumulated: passed again after the
    fix, it is counted once.  Before, the chunk was added first, so the
    retry counted it twice."""
    X = rng.randn(200, 4) + 3.0
    y = X @ rng.randn(4) + 1.0 + 0.1 * rng.randn(200)
    model = Ridge(alpha=2.0).partial_fit(X[:100], y[:100])
    coef_before = model.coef_.copy()
    if failure == "parameter":
        model.set_params(alpha=np.ones(3))  # one alpha per target, 1 target
        expected = ValueError
    else:
        def interrupted(*args, **kwargs):
            raise KeyboardInterrupt
        monkeypatch.setattr(Ridge, "_solve_statistics", interrupted)
        expected = KeyboardInterrupt
    with pytest.raises(expected):
        model.partial_fit(X[100:], y[100:])
    np.testing.assert_array_equal(model.coef_, coef_before)
    assert model.partial_statistics_.n_samples == 100
    monkeypatch.undo()
    model.set_params(alpha=2.0).partial_fit(X[100:], y[100:])
    np.testing.assert_allclose(model.coef_, _ridge_closed_form(X, y, 2.0, True), rtol=1e-9)
