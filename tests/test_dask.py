# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Fitting on dask collections on a real distributed.LocalCluster (no mocks).

Skipped only when the optional ``dask`` extra is absent; the ``test`` extra
that CI installs includes it.
"""
import numpy as np
import pytest

da = pytest.importorskip("dask.array", reason="the optional 'dask' extra is not installed")
distributed = pytest.importorskip("distributed", reason="the 'dask' extra is not installed")

from sklearn_penalized import ElasticNet, Lasso, Ridge  # noqa: E402
from sklearn_penalized._objective import primal_objective  # noqa: E402
from sklearn_penalized.penalties import L1L2  # noqa: E402

TIGHT = {"tol": 1e-12, "max_iter": 100_000}


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            yield client


def _data(rng, n=5003, p=15):
    X = rng.randn(n, p) * rng.uniform(0.5, 2.0, size=p) + 20.0 * rng.randn(p)
    y = X[:, :5] @ rng.randn(5) + rng.randn(n) + 50.0
    return X, y, rng.uniform(0.2, 2.0, size=n)


def _penalty(est, sum_sw):
    if isinstance(est, Ridge):
        return L1L2(0.0, est.alpha / (2 * sum_sw))
    ratio = getattr(est, "l1_ratio", 1.0)
    return L1L2(est.alpha * ratio, est.alpha * (1 - ratio) / 2)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("est", [Lasso(alpha=0.05, **TIGHT),
                                 ElasticNet(alpha=0.05, l1_ratio=0.4, **TIGHT),
                                 Ridge(alpha=30.0)], ids=lambda e: type(e).__name__)
def test_dask_fit_equals_in_memory_fit(client, rng, est, dtype):
    """Chunks that do not divide n, intercept and weights: the objective of
    the dask fit is the in-memory fit's to 1e-8 relative."""
    X, y, sw = _data(rng)
    X, y, sw = X.astype(dtype), y.astype(dtype), sw.astype(dtype)
    if dtype == np.float32 and not isinstance(est, Ridge):
        est = type(est)(**{**est.get_params(), "tol": 1e-7})  # float32 reach
    Xd = da.from_array(X, chunks=(1234, 15))
    yd, swd = da.from_array(y, chunks=1234), da.from_array(sw, chunks=1234)
    in_memory = type(est)(**est.get_params()).fit(X, y, sample_weight=sw)
    on_dask = type(est)(**est.get_params()).fit(Xd, yd, sample_weight=swd)
    assert isinstance(on_dask.coef_, np.ndarray) and on_dask.coef_.dtype == dtype
    X64, y64, sw64 = (a.astype(np.float64) for a in (X, y, sw))
    pen = _penalty(est, sw64.sum())
    objectives = [primal_objective(X64, y64, m.coef_, m.intercept_, pen, sw64)
                  for m in (on_dask, in_memory)]
    assert objectives[0] <= objectives[1] * (1 + 1e-8)
    assert objectives[1] <= objectives[0] * (1 + 1e-8)
    prediction = on_dask.predict(Xd)
    assert isinstance(prediction, da.Array)  # lazy, blockwise
    np.testing.assert_allclose(prediction.compute(), on_dask.predict(X),
                               rtol=1e-5 if dtype == np.float32 else 1e-12)


def test_dask_dataframe_and_multi_output(client, rng):
    dd = pytest.importorskip("dask.dataframe")
    import pandas as pd

    X, y, _ = _data(rng, n=3001, p=6)
    frame = pd.DataFrame(X, columns=[f"f{j}" for j in range(6)])
    model = Lasso(alpha=0.05, **TIGHT).fit(dd.from_pandas(frame, npartitions=4),
                                           dd.from_pandas(pd.Series(y), npartitions=4))
    reference = Lasso(alpha=0.05, **TIGHT).fit(frame, y)
    np.testing.assert_allclose(model.coef_, reference.coef_, rtol=1e-7, atol=1e-9)
    assert list(model.feature_names_in_) == list(frame.columns)
    Y = np.c_[y, -2 * y]
    multi = Ridge(alpha=3.0).fit(da.from_array(X, chunks=(700, 6)),
                                 da.from_array(Y, chunks=(700, 2)))
    np.testing.assert_allclose(multi.coef_, Ridge(alpha=3.0).fit(X, Y).coef_, rtol=1e-9)


def test_dask_bad_inputs_raise_at_compute_time(client, rng):
    X, y, _ = _data(rng, n=2000, p=5)
    bad = X.copy()
    bad[1500, 2] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        Lasso().fit(da.from_array(bad, chunks=(400, 5)), da.from_array(y, chunks=400))
    bad_y = y.copy()
    bad_y[10] = np.inf
    with pytest.raises(ValueError, match="y contains NaN or infinity"):
        Lasso().fit(da.from_array(X, chunks=(400, 5)), da.from_array(bad_y, chunks=400))
    with pytest.raises(ValueError, match="rows but y has"):
        Lasso().fit(da.from_array(X, chunks=(400, 5)), da.from_array(y[:-1], chunks=400))
    wide = da.zeros((10, 5000), chunks=(5, 5000))
    with pytest.raises(ValueError, match="limited to 4096 features"):
        Ridge().fit(wide, da.zeros(10, chunks=5))
    with pytest.raises(TypeError, match="does not fit dask collections"):
        from sklearn_penalized import AdaptiveLasso
        AdaptiveLasso().fit(da.from_array(X, chunks=(400, 5)), da.from_array(y, chunks=400))
    with pytest.raises(ValueError, match="features"):
        Lasso().fit(X, y).predict(da.zeros((4, 3), chunks=(2, 3)))


def test_block_statistics_accept_sparse_blocks_and_check_them(rng):
    """A scipy.sparse block gives the statistics of its dense form; a block
    with the wrong number of features is refused naming it."""
    import scipy.sparse as sp

    from sklearn_penalized._dask import _block_statistics

    X, y, sw = _data(rng, n=300, p=6)
    X[X < 10] = 0.0
    dense = _block_statistics(X, y, sw, True, 6)
    sparse = _block_statistics(sp.csr_matrix(X), y, sw, True, 6)
    np.testing.assert_allclose(sparse.xx, dense.xx, rtol=1e-10)
    np.testing.assert_allclose(sparse.xy, dense.xy, rtol=1e-10)
    with pytest.raises(ValueError, match="every block needs 7 features"):
        _block_statistics(X, y, sw, True, 7)


def test_grid_search_with_joblibs_dask_backend(client, rng):
    """GridSearchCV over our estimators on the cluster (joblib's dask
    backend) gives what the default backend gives."""
    import joblib
    from sklearn.model_selection import GridSearchCV, KFold

    X, y, _ = _data(rng, n=600, p=8)
    grid = {"alpha": [0.01, 0.1, 1.0], "l1_ratio": [0.2, 0.9]}
    folds = KFold(3, shuffle=True, random_state=0)
    local = GridSearchCV(ElasticNet(tol=1e-10), grid, cv=folds, n_jobs=2).fit(X, y)
    with joblib.parallel_backend("dask"):
        remote = GridSearchCV(ElasticNet(tol=1e-10), grid, cv=folds, n_jobs=2).fit(X, y)
    assert remote.best_params_ == local.best_params_
    np.testing.assert_allclose(remote.cv_results_["mean_test_score"],
                               local.cv_results_["mean_test_score"], rtol=1e-12)
    np.testing.assert_allclose(remote.best_estimator_.coef_, local.best_estimator_.coef_,
                               rtol=1e-12)


def test_cv_estimators_refuse_dask_clearly():
    """Not yet supported: a clear TypeError, not a silent compute of the
    whole array into memory."""
    from sklearn_penalized import ElasticNetCV, LassoCV, RelaxedLassoCV, RidgeCV

    X, y = da.ones((100, 3), chunks=50), da.ones(100, chunks=50)
    for est in (LassoCV(), ElasticNetCV(), RidgeCV(), RelaxedLassoCV()):
        with pytest.raises(TypeError, match="does not take dask collections yet"):
            est.fit(X, y)
