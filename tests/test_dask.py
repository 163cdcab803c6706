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
    with pytest.raises(ValueError, match=r"Block 0 of y \(rows 0 to 399\) contains NaN "
                                         r"or infinity \(first at row 10\)"):
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


def test_dask_errors_name_the_block_and_the_column(client, rng):
    """A NaN names its block (index and rows) and its first row and column
    (by name for a DataFrame); a categorical DataFrame column is refused by
    name and position before any computation.  Before: "A block of X
    contains NaN or infinity."."""
    dd = pytest.importorskip("dask.dataframe")
    import pandas as pd

    from sklearn_penalized import LassoCV

    X, y, sw = _data(rng, n=2000, p=5)
    bad = X.copy()
    bad[1500, 2] = np.nan  # one bad block: which failing block reports first is dask's
    message = (r"Block 3 of X \(rows 1200 to 1599\) contains NaN or infinity "
               r"\(first at row 1500, column 2\)")
    for model in (Lasso(), LassoCV(cv=2)):
        with pytest.raises(ValueError, match=message):
            model.fit(da.from_array(bad, chunks=(400, 5)), da.from_array(y, chunks=400))
    frame = dd.from_pandas(pd.DataFrame(bad, columns=list("abcde")), npartitions=5)
    with pytest.raises(ValueError, match=r"first at row 1500, column 2 'c'"):
        Ridge().fit(frame, da.from_array(y, chunks=400))
    negative = sw.copy()
    negative[900] = -1.0
    with pytest.raises(ValueError, match=r"Block 2 of sample_weight \(rows 800 to 1199\) "
                                         r"has negative values \(first at row 900\)"):
        Lasso().fit(da.from_array(X, chunks=(400, 5)), da.from_array(y, chunks=400),
                    sample_weight=da.from_array(negative, chunks=400))
    text = pd.DataFrame({"a": X[:, 0], "city": ["x", "y"] * 1000})
    with pytest.raises(ValueError, match=r"X column 'city' \(position 1\)"):
        Lasso().fit(dd.from_pandas(text, npartitions=4), da.from_array(y, chunks=500))


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
    bad = sp.csr_matrix(X)
    bad.data[5] = np.nan
    row, col = bad.tocoo().row[5], bad.tocoo().col[5]
    with pytest.raises(ValueError, match=rf"Block 4 of X \(rows 100 to 399\) contains NaN "
                                         rf"or infinity \(first at row {100 + row}, column "
                                         rf"{col}\)"):
        _block_statistics(bad, y, sw, True, 6, block=(4, 100, 300))


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


def _block_folds(chunks, splitter):
    """The row folds that ``splitter`` applied to whole blocks gives."""
    edges = np.cumsum((0,) + tuple(chunks))

    def rows(blocks):
        return np.concatenate([np.arange(edges[b], edges[b + 1]) for b in blocks])

    return [(rows(train), rows(test))
            for train, test in splitter.split(np.zeros((len(chunks), 1)))]


PATH_CV_CASES = [
    ("LassoCV", {}),
    ("ElasticNetCV", {"l1_ratio": [0.2, 0.7, 1.0]}),
    ("LassoCV", {"fit_intercept": False, "positive": True}),
    ("LassoCV", {"scoring": "r2", "selection_rule": "1se"}),
    ("LassoCV", {"penalty_factor": [0.0, 2.0, 1.0, np.inf, 0.5, 1, 1, 1],
                 "lower_bounds": -0.3, "standardize": True}),
    ("ElasticNetCV", {"l1_ratio": 0.5, "alphas": [1.0, 0.3, 0.1, 0.03, 0.01]}),
]


@pytest.mark.parametrize("name, params", PATH_CV_CASES,
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(PATH_CV_CASES)])
def test_path_cv_on_dask_equals_cv_on_the_same_block_folds(client, rng, name, params):
    """LassoCV / ElasticNetCV on dask (folds of whole blocks, shuffled) give
    the in-memory estimator's held-out losses, choice and refit path when
    that is given the same row folds: the held-out MSE/R^2 from statistics
    is the one computed on the rows."""
    from sklearn.model_selection import KFold

    import sklearn_penalized

    Est = getattr(sklearn_penalized, name)
    X, y, sw = _data(rng, n=1703, p=8)
    Xd = da.from_array(X, chunks=(150, 8))
    yd, swd = da.from_array(y, chunks=150), da.from_array(sw, chunks=150)
    splitter = KFold(4, shuffle=True, random_state=3)
    on_dask = Est(cv=splitter, tol=1e-9, **params).fit(Xd, yd, sample_weight=swd)
    folds = _block_folds(Xd.chunks[0], splitter)
    in_memory = Est(cv=folds, tol=1e-9, **params).fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(on_dask.alphas_, in_memory.alphas_, rtol=1e-10)
    np.testing.assert_allclose(on_dask.mse_path_, in_memory.mse_path_, rtol=1e-6)
    np.testing.assert_allclose(on_dask.cv_mean_, in_memory.cv_mean_, rtol=1e-6)
    np.testing.assert_allclose(on_dask.alpha_, in_memory.alpha_, rtol=1e-10)
    assert getattr(on_dask, "l1_ratio_", None) == getattr(in_memory, "l1_ratio_", None)
    scale = np.abs(in_memory.coef_path_).max()
    np.testing.assert_allclose(on_dask.coef_path_, in_memory.coef_path_,
                               atol=1e-6 * scale)
    np.testing.assert_allclose(on_dask.intercept_, in_memory.intercept_,
                               rtol=1e-7, atol=1e-7)


def test_path_cv_on_dask_column_y_is_one_target(client, rng):
    """y of shape (n, 1) on dask: one target, as in memory and in
    scikit-learn (1-D coef_, scalar intercept_, a DataConversionWarning)."""
    from sklearn.exceptions import DataConversionWarning

    from sklearn_penalized import LassoCV

    X, y, _ = _data(rng, n=600, p=5)
    Xd, yd = da.from_array(X, chunks=(100, 5)), da.from_array(y[:, None], chunks=(100, 1))
    with pytest.warns(DataConversionWarning, match="column-vector y"):
        model = LassoCV(cv=3, alphas=5).fit(Xd, yd)
    assert model.coef_.shape == (5,) and np.ndim(model.intercept_) == 0
    assert model.mse_path_.shape == (5, 3)


def test_path_cv_on_dask_multi_output_float32_and_dataframes(client, rng):
    dd = pytest.importorskip("dask.dataframe")
    import pandas as pd
    from sklearn.model_selection import KFold

    from sklearn_penalized import LassoCV

    X, y, _ = _data(rng, n=1200, p=6)
    Y = np.c_[y, 0.5 * y + rng.randn(len(y)) * 30]
    Xd = da.from_array(X, chunks=(200, 6))
    folds = _block_folds(Xd.chunks[0], KFold(3))
    on_dask = LassoCV(cv=3, alpha_per_target=True, tol=1e-9).fit(
        Xd, da.from_array(Y, chunks=(200, 2)))
    in_memory = LassoCV(cv=folds, alpha_per_target=True, tol=1e-9).fit(X, Y)
    np.testing.assert_allclose(on_dask.alpha_, in_memory.alpha_, rtol=1e-12)
    np.testing.assert_allclose(on_dask.coef_, in_memory.coef_, rtol=1e-6, atol=1e-8)
    # float32 blocks: float32 coefficients, same choice
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    on_dask = LassoCV(cv=3, tol=1e-6).fit(da.from_array(X32, chunks=(200, 6)),
                                          da.from_array(y32, chunks=200))
    in_memory = LassoCV(cv=folds, tol=1e-6).fit(X32, y32)
    assert on_dask.coef_.dtype == np.float32
    np.testing.assert_allclose(on_dask.alpha_, in_memory.alpha_, rtol=1e-6)
    np.testing.assert_allclose(on_dask.coef_, in_memory.coef_, rtol=1e-3, atol=1e-4)
    # a dask DataFrame: feature names kept, predict on it is lazy
    frame = pd.DataFrame(X, columns=[f"f{j}" for j in range(6)])
    model = LassoCV(cv=3).fit(dd.from_pandas(frame, npartitions=6),
                              dd.from_pandas(pd.Series(y), npartitions=6))
    assert list(model.feature_names_in_) == list(frame.columns)


@pytest.mark.parametrize("params", [{}, {"scoring": "neg_mean_squared_error"},
                                    {"fit_intercept": False}])
def test_ridge_cv_on_dask_equals_grid_search_on_the_same_block_folds(client, rng,
                                                                       params):
    """RidgeCV(cv=K) on dask: the same mean held-out score per alpha, the
    same alpha and the same refit as the in-memory K-fold search; with
    sample weights the held-out scores are weighted (the in-memory search
    with metadata routing, which passes the weights to the scorer)."""
    from sklearn import config_context
    from sklearn.model_selection import KFold

    from sklearn_penalized import RidgeCV

    X, y, sw = _data(rng, n=1501, p=8)
    Xd = da.from_array(X, chunks=(140, 8))
    yd, swd = da.from_array(y, chunks=140), da.from_array(sw, chunks=140)
    folds = _block_folds(Xd.chunks[0], KFold(5))
    alphas = np.logspace(-2, 5, 15)
    on_dask = RidgeCV(alphas=alphas, cv=5, **params).fit(Xd, yd)
    in_memory = RidgeCV(alphas=alphas, cv=folds, **params).fit(X, y)
    assert on_dask.alpha_ == in_memory.alpha_
    np.testing.assert_allclose(on_dask.best_score_, in_memory.best_score_, rtol=1e-9)
    np.testing.assert_allclose(on_dask.coef_, in_memory.coef_, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(on_dask.intercept_, in_memory.intercept_, rtol=1e-8,
                               atol=1e-10)
    if not params:
        with config_context(enable_metadata_routing=True):
            on_dask = RidgeCV(alphas=alphas, cv=5).fit(Xd, yd, sample_weight=swd)
            in_memory = RidgeCV(alphas=alphas, cv=folds).fit(X, y, sample_weight=sw)
        assert on_dask.alpha_ == in_memory.alpha_
        np.testing.assert_allclose(on_dask.best_score_, in_memory.best_score_,
                                   rtol=1e-9)
        np.testing.assert_allclose(on_dask.coef_, in_memory.coef_, rtol=1e-8)


LOO_CASES = [({}, 1, True), ({}, 2, False), ({"fit_intercept": False}, 1, True),
             ({"scoring": "r2"}, 2, True), ({"scoring": "neg_mean_squared_error"}, 1, True),
             ({"alpha_per_target": True}, 2, True)]


@pytest.mark.parametrize("params, y_ndim, weighted", LOO_CASES)
def test_ridge_loo_on_dask_is_the_exact_in_memory_leave_one_out(client, rng, params,
                                                                 y_ndim, weighted):
    """RidgeCV(cv=None) on dask: two passes (statistics, then each row's
    leverage and residual), the same leave-one-out scores, alpha(s) and model
    as in memory, to rounding."""
    from sklearn_penalized import RidgeCV

    X, y, sw = _data(rng, n=1201, p=9)
    Y = y if y_ndim == 1 else np.c_[y, X[:, 6] * 3 + 10 * rng.randn(len(y))]
    sw = sw if weighted else None
    chunks = 250
    alphas = np.logspace(-2, 4, 13)
    on_dask = RidgeCV(alphas=alphas, **params).fit(
        da.from_array(X, chunks=(chunks, 9)),
        da.from_array(Y, chunks=(chunks,) + Y.shape[1:]),
        sample_weight=None if sw is None else da.from_array(sw, chunks=chunks))
    in_memory = RidgeCV(alphas=alphas, **params).fit(X, Y, sample_weight=sw)
    np.testing.assert_array_equal(on_dask.alpha_, in_memory.alpha_)
    np.testing.assert_allclose(on_dask.best_score_, in_memory.best_score_, rtol=1e-10)
    np.testing.assert_allclose(on_dask.coef_, in_memory.coef_, rtol=1e-9, atol=1e-12)
    assert np.shape(on_dask.intercept_) == np.shape(in_memory.intercept_)
    np.testing.assert_allclose(on_dask.intercept_, in_memory.intercept_, rtol=1e-9)


def test_held_out_rss_from_statistics_is_the_rss_of_the_rows(rng):
    """The expansion C_yy - 2 w^T C_xy + w^T C_xx w + w_t (y_t - x_t^T w - b)^2
    equals the weighted residual sum of squares computed on the rows."""
    from sklearn_penalized._dask_cv import held_out_rss, r2_from_rss
    from sklearn_penalized._partial import SufficientStatistics

    X, y, sw = _data(rng, n=300, p=5)
    Y = np.c_[y, -y + rng.randn(300)]
    stats = SufficientStatistics.of_chunk(X, Y, sw, True)
    coefs = rng.randn(2, 5, 4)
    intercepts = rng.randn(2, 4) * 10
    rss = held_out_rss(stats, coefs, intercepts)
    for k in range(2):
        for a in range(4):
            r = Y[:, k] - X @ coefs[k, :, a] - intercepts[k, a]
            np.testing.assert_allclose(rss[a, k], sw @ r**2, rtol=1e-9)
            tss = sw @ (Y[:, k] - np.average(Y[:, k], weights=sw)) ** 2
            np.testing.assert_allclose(r2_from_rss(stats, rss)[a, k],
                                       1 - sw @ r**2 / tss, rtol=1e-9)


def test_cv_on_dask_errors_are_clear(client):
    from sklearn_penalized import LassoCV, RelaxedLassoCV, RidgeCV

    X, y = da.ones((100, 3), chunks=50), da.ones(100, chunks=50)
    with pytest.raises(ValueError, match="2 row block.*5 folds.*at least 5 blocks"):
        LassoCV(cv=5).fit(X, y)
    with pytest.raises(ValueError, match="store_cv_results=True is not available on dask"):
        RidgeCV(store_cv_results=True).fit(X, y)
    with pytest.raises(ValueError, match="scoring='explained_variance' is not available"):
        RidgeCV(scoring="explained_variance").fit(X, y)
    with pytest.raises(ValueError, match="scoring='max_error' is not available on dask"):
        LassoCV(cv=2, scoring="max_error").fit(X, y)
    with pytest.raises(ValueError, match="groups"):
        LassoCV(cv=2).fit(X, y, groups=np.arange(100))
    row_splits = [(np.arange(50), np.arange(50, 100)), (np.arange(50, 100), np.arange(50))]
    with pytest.raises(ValueError, match="iterable of row-index splits"):
        LassoCV(cv=row_splits).fit(X, y)
    with pytest.raises(TypeError, match="does not take dask collections yet"):
        RelaxedLassoCV().fit(X, y)
