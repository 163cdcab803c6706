# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Tests of RidgeCV against mathematics computed in NumPy and scikit-learn.

The leave-one-out (LOO) values are checked against brute force: for every
sample ``i`` the weighted ridge problem is solved again without row ``i``
(``np.linalg.solve`` of the normal equations, weighted means recomputed),
and ``y_i`` is predicted from that fit.  ``cv=K`` is checked against
``GridSearchCV`` over our :class:`Ridge`, and everything against
scikit-learn's ``RidgeCV`` on the same data.
"""
import doctest
import tracemalloc

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import RidgeCV as SklearnRidgeCV
from sklearn.metrics import get_scorer, make_scorer, mean_absolute_error, r2_score
from sklearn.model_selection import GridSearchCV, GroupKFold, KFold

import sklearn_penalized._ridge_cv as ridge_cv_module
import sklearn_penalized._ridge_loo as ridge_loo_module
from sklearn_penalized import Ridge, RidgeCV

ALPHAS = np.logspace(-2, 3, 12)


# -- independent reference ------------------------------------------------------
def loo_brute_force(X, Y, alpha, sample_weight=None, fit_intercept=True):
    """LOO predictions by refitting without each sample (n + 1 solves).

    Returns ``yhat_{-i}`` with the shape of ``Y``.
    """
    X = X.toarray() if sp.issparse(X) else np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    Y2 = Y.reshape(-1, 1) if Y.ndim == 1 else Y
    n, p = X.shape
    s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, float)
    pred = np.empty_like(Y2)
    for i in range(n):
        keep = np.arange(n) != i
        Xk, Yk, sk = X[keep], Y2[keep], s[keep]
        x_mean = sk @ Xk / sk.sum() if fit_intercept else np.zeros(p)
        y_mean = sk @ Yk / sk.sum() if fit_intercept else np.zeros(Y2.shape[1])
        Xc, Yc = Xk - x_mean, Yk - y_mean
        coef = np.linalg.solve(Xc.T @ (sk[:, None] * Xc) + alpha * np.eye(p),
                               Xc.T @ (sk[:, None] * Yc))
        pred[i] = (X[i] - x_mean) @ coef + y_mean
    return pred.reshape(Y.shape)


def make_data(rng, n, p, n_targets=None, sparse=False, weights=False,
              zero_weights=True):
    X = rng.randn(n, p) + 3.0 * rng.rand(p)  # non-zero means: centring matters
    if sparse:
        X[rng.rand(n, p) < 0.7] = 0.0
        X = sp.csr_matrix(X)
    coef = rng.randn(p) if n_targets is None else rng.randn(p, n_targets)
    noise = rng.randn(n) if n_targets is None else rng.randn(n, n_targets)
    Y = X @ coef * 0.3 + 2.0 + noise
    sw = None
    if weights:
        sw = rng.uniform(0.2, 3.0, size=n)
        if zero_weights:
            sw[[1, 4]] = 0.0  # zero weights: such samples must change nothing
    return X, Y, sw


SHAPES = {"wide": (20, 30), "tall": (30, 6)}


# -- leave-one-out against brute force ------------------------------------------------
@pytest.mark.parametrize("shape", ["wide", "tall"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weights", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize(
    "sparse, gcv_mode",
    [(False, None), (False, "svd"), (True, None)],  # svd: dense only
    ids=["dense-eigen", "dense-svd", "sparse-eigen"],
)
def test_loo_errors_equal_brute_force_refits(rng, shape, sparse, fit_intercept,
                                             weights, gcv_mode):
    X, y, sw = make_data(rng, *SHAPES[shape], sparse=sparse, weights=weights)
    alphas = [0.05, 1.0, 30.0]
    model = RidgeCV(alphas=alphas, fit_intercept=fit_intercept, gcv_mode=gcv_mode,
                    store_cv_results=True).fit(X, y, sample_weight=sw)
    s = np.ones(len(y)) if sw is None else sw
    assert model.cv_results_.shape == (len(y), len(alphas))
    for j, alpha in enumerate(alphas):
        pred = loo_brute_force(X, y, alpha, sw, fit_intercept)
        expected = s * (y - pred) ** 2
        np.testing.assert_allclose(model.cv_results_[:, j], expected,
                                   rtol=1e-9, atol=1e-12 * expected.max())
    if weights:
        assert np.all(model.cv_results_[sw == 0] == 0)


@pytest.mark.parametrize("shape", ["wide", "tall"])
@pytest.mark.parametrize("sparse", [False, True], ids=["dense", "sparse"])
def test_loo_predictions_equal_brute_force_multi_target(rng, shape, sparse):
    # With scoring, cv_results_ holds the LOO predictions, zero-weight samples
    # included (their prediction is that of the full fit).
    X, Y, sw = make_data(rng, *SHAPES[shape], n_targets=3, sparse=sparse,
                         weights=True)
    alphas = [0.1, 10.0]
    model = RidgeCV(alphas=alphas, scoring="neg_mean_absolute_error",
                    store_cv_results=True).fit(X, Y, sample_weight=sw)
    assert model.cv_results_.shape == (Y.shape[0], 3, 2)
    for j, alpha in enumerate(alphas):
        np.testing.assert_allclose(model.cv_results_[:, :, j],
                                   loo_brute_force(X, Y, alpha, sw), rtol=1e-9)
    # best_score_ is the scorer applied to the chosen alpha's LOO predictions
    best = alphas.index(model.alpha_)
    expected = -mean_absolute_error(Y, model.cv_results_[:, :, best],
                                    sample_weight=sw)
    assert model.best_score_ == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("shape", ["wide", "tall"])
def test_loo_float32_against_brute_force(rng, shape):
    X, y, sw = make_data(rng, *SHAPES[shape], weights=True)
    X32, y32, sw32 = X.astype(np.float32), y.astype(np.float32), sw.astype(np.float32)
    model = RidgeCV(alphas=[0.5], store_cv_results=True).fit(X32, y32, sw32)
    assert model.coef_.dtype == np.float32
    assert model.cv_results_.dtype == np.float32
    assert np.asarray(model.intercept_).dtype == np.float32
    # brute force on the float32-rounded data; float32 tolerance on the output
    expected = sw32 * (y32 - loo_brute_force(X32, y32, 0.5, sw32)) ** 2
    np.testing.assert_allclose(model.cv_results_[:, 0], expected, rtol=1e-4,
                               atol=1e-6 * expected.max())
    model64 = RidgeCV(alphas=ALPHAS).fit(X, y, sw)
    model32 = RidgeCV(alphas=ALPHAS).fit(X32, y32, sw32)
    assert model32.alpha_ == model64.alpha_
    np.testing.assert_allclose(model32.coef_, model64.coef_, rtol=1e-4, atol=1e-5)
    kfold32 = RidgeCV(alphas=ALPHAS, cv=3).fit(X32, y32, sw32)
    assert kfold32.coef_.dtype == np.float32
    assert kfold32.predict(X32).dtype == np.float32


def test_sparse_svd_falls_back_to_eigen_with_warning(rng):
    X, y, _ = make_data(rng, 20, 30, sparse=True)
    with pytest.warns(FutureWarning, match="gcv_mode='svd'"):
        model = RidgeCV(alphas=ALPHAS, gcv_mode="svd").fit(X, y)
    reference = RidgeCV(alphas=ALPHAS, gcv_mode="eigen").fit(X, y)
    assert model.alpha_ == reference.alpha_
    np.testing.assert_allclose(model.coef_, reference.coef_, rtol=1e-12)


@pytest.mark.parametrize("shape", ["wide", "tall"])
@pytest.mark.parametrize("weights", [False, True], ids=["unweighted", "weighted"])
def test_sparse_equals_dense_and_all_gcv_modes_agree(rng, shape, weights):
    X, Y, sw = make_data(rng, *SHAPES[shape], n_targets=2, sparse=True,
                         weights=weights)
    ref = RidgeCV(alphas=ALPHAS, store_cv_results=True).fit(X, Y, sample_weight=sw)
    for X_other, mode in [(X.toarray(), None), (X.toarray(), "svd"),
                          (X.toarray(), "eigen"), (X.tocsc(), "auto"),
                          (X.tocoo(), None)]:
        other = RidgeCV(alphas=ALPHAS, gcv_mode=mode, store_cv_results=True).fit(
            X_other, Y, sample_weight=sw)
        assert other.alpha_ == ref.alpha_
        np.testing.assert_allclose(other.cv_results_, ref.cv_results_, rtol=1e-9,
                                   atol=1e-12 * ref.cv_results_.max())
        np.testing.assert_allclose(other.coef_, ref.coef_, rtol=1e-10)
        np.testing.assert_allclose(other.intercept_, ref.intercept_, rtol=1e-10)


@pytest.mark.parametrize("shape", ["wide", "tall"])
@pytest.mark.parametrize("sparse", [False, True], ids=["dense", "sparse"])
def test_chunks_of_alphas_and_blocks_of_rows_change_nothing(rng, monkeypatch,
                                                            shape, sparse):
    X, Y, sw = make_data(rng, *SHAPES[shape], n_targets=2, sparse=sparse,
                         weights=True)
    params = dict(alphas=ALPHAS, store_cv_results=True)
    ref = RidgeCV(**params).fit(X, Y, sw)
    # one alpha per chunk, a few rows per block
    monkeypatch.setattr(ridge_cv_module, "_CHUNK_ELEMENTS", 1)
    monkeypatch.setattr(ridge_loo_module, "_BLOCK_ELEMENTS", 7 * SHAPES[shape][1])
    small = RidgeCV(**params).fit(X, Y, sw)
    assert small.alpha_ == ref.alpha_
    np.testing.assert_allclose(small.cv_results_, ref.cv_results_, rtol=1e-12)


# -- against scikit-learn's RidgeCV ------------------------------------------------
SKLEARN_CASES = [
    # (shape, sparse, fit_intercept, weights, n_targets, extra params)
    ("wide", False, True, False, None, {}),
    ("tall", False, True, True, None, {}),
    ("wide", True, True, True, 2, {}),
    ("tall", True, False, False, 2, {}),
    ("wide", False, False, True, None, {"gcv_mode": "svd"}),
    ("tall", False, True, False, 3, {"scoring": "r2"}),
    ("tall", False, True, True, 3, {"alpha_per_target": True}),
    ("wide", True, True, True, 3, {"alpha_per_target": True, "scoring": "r2"}),
    ("tall", False, True, True, 1, {"alpha_per_target": True}),
]


@pytest.mark.parametrize("case", SKLEARN_CASES, ids=str)
def test_same_as_sklearn_ridge_cv(rng, case):
    shape, sparse, fit_intercept, weights, n_targets, extra = case
    # scikit-learn's LOO predictions are 0/0 = NaN for zero-weight samples
    # (it unscales them by sqrt(s)), which breaks its scorers: positive weights
    X, Y, sw = make_data(rng, *SHAPES[shape], n_targets=n_targets, sparse=sparse,
                         weights=weights, zero_weights="scoring" not in extra)
    params = dict(alphas=ALPHAS, fit_intercept=fit_intercept,
                  store_cv_results=True, **extra)
    ours = RidgeCV(**params).fit(X, Y, sample_weight=sw)
    theirs = SklearnRidgeCV(**params).fit(X, Y, sample_weight=sw)
    # tolerances: both are exact up to rounding on well-conditioned data
    np.testing.assert_array_equal(ours.alpha_, theirs.alpha_)
    np.testing.assert_allclose(ours.best_score_, theirs.best_score_, rtol=1e-8)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-8,
                               atol=1e-12)
    assert np.shape(ours.coef_) == np.shape(theirs.coef_)
    assert np.shape(ours.intercept_) == np.shape(theirs.intercept_)
    assert np.shape(ours.best_score_) == np.shape(theirs.best_score_)
    assert ours.cv_results_.shape == theirs.cv_results_.shape
    np.testing.assert_allclose(ours.cv_results_, theirs.cv_results_,
                               rtol=1e-7, atol=1e-10 * np.abs(ours.cv_results_).max())


def test_callable_scoring_same_as_sklearn(rng):
    X, y, _ = make_data(rng, 30, 6)
    scorer = make_scorer(mean_absolute_error, greater_is_better=False)
    ours = RidgeCV(alphas=ALPHAS, scoring=scorer).fit(X, y)
    theirs = SklearnRidgeCV(alphas=ALPHAS, scoring=scorer).fit(X, y)
    assert ours.alpha_ == theirs.alpha_
    assert ours.best_score_ == pytest.approx(theirs.best_score_, rel=1e-8)


# -- the final fit ---------------------------------------------------------------------
@pytest.mark.parametrize("shape", ["wide", "tall"])
@pytest.mark.parametrize("sparse", [False, True], ids=["dense", "sparse"])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_final_fit_equals_ridge_at_alpha(rng, shape, sparse, fit_intercept):
    X, Y, sw = make_data(rng, *SHAPES[shape], n_targets=2, sparse=sparse,
                         weights=True)
    for alpha_per_target in [False, True]:
        model = RidgeCV(alphas=ALPHAS, fit_intercept=fit_intercept,
                        alpha_per_target=alpha_per_target).fit(X, Y, sw)
        ridge = Ridge(alpha=model.alpha_, fit_intercept=fit_intercept,
                      solver="cholesky").fit(X, Y, sw)
        np.testing.assert_allclose(model.coef_, ridge.coef_, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(model.intercept_, ridge.intercept_, rtol=1e-9,
                                   atol=1e-12)
        np.testing.assert_allclose(model.predict(X), ridge.predict(X), rtol=1e-9)


def test_alpha_per_target_equals_one_fit_per_target(rng):
    X, Y, sw = make_data(rng, 30, 6, n_targets=4, weights=True)
    Y[:, 1] *= 0.01  # targets with very different noise levels
    Y[:, 3] = rng.randn(30) * 5
    model = RidgeCV(alphas=ALPHAS, alpha_per_target=True,
                    store_cv_results=True).fit(X, Y, sw)
    assert model.alpha_.shape == (4,) and model.best_score_.shape == (4,)
    assert len(set(model.alpha_)) > 1, "test data should select different alphas"
    for t in range(4):
        single = RidgeCV(alphas=ALPHAS, store_cv_results=True).fit(X, Y[:, t], sw)
        assert model.alpha_[t] == single.alpha_
        assert model.best_score_[t] == pytest.approx(single.best_score_, rel=1e-12)
        np.testing.assert_allclose(model.coef_[t], single.coef_, rtol=1e-10)
        np.testing.assert_allclose(model.cv_results_[:, t], single.cv_results_,
                                   rtol=1e-10)
    # one shared alpha instead: the best mean over all targets
    shared = RidgeCV(alphas=ALPHAS, store_cv_results=True).fit(X, Y, sw)
    means = shared.cv_results_.mean(axis=(0, 1))
    assert shared.alpha_ == ALPHAS[np.argmin(means)]
    assert shared.best_score_ == pytest.approx(-means.min(), rel=1e-12)


def test_store_cv_results_shapes_and_best_score(rng):
    X, Y, _ = make_data(rng, 25, 5, n_targets=2)
    y = Y[:, 0]
    n = len(y)
    for target, shape in [(y, (n, 12)), (Y, (n, 2, 12)), (Y[:, :1], (n, 1, 12))]:
        model = RidgeCV(alphas=ALPHAS, store_cv_results=True).fit(X, target)
        assert model.cv_results_.shape == shape
        best = list(ALPHAS).index(model.alpha_)
        assert model.best_score_ == pytest.approx(
            -model.cv_results_[..., best].mean(), rel=1e-12)
    model = RidgeCV(alphas=ALPHAS, scoring="r2", store_cv_results=True).fit(X, y)
    best = list(ALPHAS).index(model.alpha_)
    assert model.best_score_ == pytest.approx(r2_score(y, model.cv_results_[:, best]))
    assert not hasattr(RidgeCV(alphas=ALPHAS).fit(X, y), "cv_results_")


def test_y_with_one_column_keeps_scikit_learn_shapes(rng):
    X, Y, _ = make_data(rng, 25, 5, n_targets=1)
    model = RidgeCV(alphas=ALPHAS).fit(X, Y)
    assert model.coef_.shape == (5,) and np.shape(model.intercept_) == (1,)
    assert model.predict(X).shape == (25,)
    assert isinstance(model.alpha_, float)


def test_selection_keeps_first_of_tied_alphas(rng):
    # constant y: every alpha predicts it exactly, all scores tie at 0 and,
    # as in scikit-learn, the first alpha in the given order is kept
    X, _, _ = make_data(rng, 25, 5)
    y = np.full(25, 3.0)
    for alphas in [[3.0, 1.0, 10.0], [10.0, 3.0, 1.0]]:
        model = RidgeCV(alphas=alphas, store_cv_results=True).fit(X, y)
        np.testing.assert_array_equal(model.cv_results_, 0.0)
        assert model.alpha_ == alphas[0]
        theirs = SklearnRidgeCV(alphas=alphas).fit(X, y)
        assert theirs.alpha_ == alphas[0]


# -- K-fold through GridSearchCV ------------------------------------------------------
@pytest.mark.parametrize("sparse", [False, True], ids=["dense", "sparse"])
@pytest.mark.parametrize("scoring", [None, "neg_mean_absolute_error"])
def test_cv_equals_grid_search_over_our_ridge(rng, sparse, scoring):
    X, y, sw = make_data(rng, 40, 8, sparse=sparse, weights=True)
    cv = KFold(5, shuffle=True, random_state=0)
    model = RidgeCV(alphas=ALPHAS, cv=cv, scoring=scoring).fit(X, y, sample_weight=sw)
    search = GridSearchCV(Ridge(), {"alpha": list(ALPHAS)}, cv=cv,
                          scoring=scoring).fit(X, y, sample_weight=sw)
    assert model.alpha_ == search.best_params_["alpha"]
    assert model.best_score_ == pytest.approx(search.best_score_, rel=1e-12)
    ridge = Ridge(alpha=model.alpha_).fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(model.coef_, ridge.coef_, rtol=1e-12)
    np.testing.assert_allclose(model.intercept_, ridge.intercept_, rtol=1e-12)
    # and the selection is that of scikit-learn's RidgeCV (its own fold fits)
    theirs = SklearnRidgeCV(alphas=ALPHAS, cv=cv, scoring=scoring).fit(
        X, y, sample_weight=sw)
    assert model.alpha_ == theirs.alpha_
    assert model.best_score_ == pytest.approx(theirs.best_score_, rel=1e-4)


def test_cv_int_and_zero_alpha_allowed(rng):
    X, y, _ = make_data(rng, 40, 8)
    model = RidgeCV(alphas=[0.0, 1.0, 10.0], cv=4).fit(X, y)
    search = GridSearchCV(Ridge(), {"alpha": [0.0, 1.0, 10.0]}, cv=4).fit(X, y)
    assert model.alpha_ == search.best_params_["alpha"]
    assert model.best_score_ == pytest.approx(search.best_score_, rel=1e-12)


def test_groups_reach_the_splitter(rng):
    X, y, sw = make_data(rng, 40, 8, weights=True)
    groups = np.repeat(np.arange(8), 5)
    cv = GroupKFold(4)
    search = GridSearchCV(Ridge(), {"alpha": list(ALPHAS)}, cv=cv).fit(
        X, y, groups=groups, sample_weight=sw)
    model = RidgeCV(alphas=ALPHAS, cv=cv).fit(X, y, sample_weight=sw, groups=groups)
    assert model.alpha_ == search.best_params_["alpha"]
    assert model.best_score_ == pytest.approx(search.best_score_, rel=1e-12)
    with pytest.raises(ValueError, match="groups"):
        RidgeCV(alphas=ALPHAS, cv=cv).fit(X, y)  # GroupKFold needs them
    # with metadata routing: groups to the splitter, weights to fit and score
    with sklearn.config_context(enable_metadata_routing=True):
        routed = RidgeCV(alphas=ALPHAS, cv=cv).fit(X, y, sample_weight=sw,
                                                   groups=groups)
        theirs = SklearnRidgeCV(alphas=ALPHAS, cv=cv).fit(X, y, sample_weight=sw,
                                                          groups=groups)
        scorer = get_scorer("r2").set_score_request(sample_weight=True)
        search = GridSearchCV(Ridge().set_fit_request(sample_weight=True),
                              {"alpha": list(ALPHAS)}, cv=cv, scoring=scorer).fit(
            X, y, groups=groups, sample_weight=sw)
    assert routed.alpha_ == search.best_params_["alpha"] == theirs.alpha_
    assert routed.best_score_ == pytest.approx(search.best_score_, rel=1e-12)


def test_loo_scorer_gets_weights_through_routing(rng):
    X, y, sw = make_data(rng, 30, 6, weights=True)
    with sklearn.config_context(enable_metadata_routing=True):
        scorer = get_scorer("r2").set_score_request(sample_weight=True)
        model = RidgeCV(alphas=ALPHAS, scoring=scorer, store_cv_results=True).fit(
            X, y, sample_weight=sw)
    best = list(ALPHAS).index(model.alpha_)
    assert model.best_score_ == pytest.approx(
        r2_score(y, model.cv_results_[:, best], sample_weight=sw), rel=1e-12)


# -- memory, inputs, errors --------------------------------------------------------
def test_sparse_input_is_never_densified():
    rng = np.random.RandomState(0)
    X = sp.random(400, 10_000, density=0.002, format="csr", random_state=rng)
    y = rng.randn(400)
    sw = rng.uniform(0.5, 2.0, 400)
    dense_bytes = 400 * 10_000 * 8
    RidgeCV(alphas=ALPHAS).fit(X[:50], y[:50])  # warm up imports and caches
    tracemalloc.start()
    try:
        model = RidgeCV(alphas=ALPHAS, store_cv_results=True).fit(X, y, sw)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < dense_bytes / 4, f"peak {peak / 1e6:.1f} MB"
    assert model.coef_.shape == (10_000,)


@pytest.mark.parametrize("cv", [None, 3])
@pytest.mark.parametrize("sparse", [False, True], ids=["dense", "sparse"])
def test_inputs_not_modified(rng, cv, sparse):
    X, Y, sw = make_data(rng, 30, 6, n_targets=2, sparse=sparse, weights=True)
    X = X if sparse else np.asfortranarray(X)
    sw[[1, 4]] = 1.0  # keep every sample in the K folds
    copies = [X.copy(), Y.copy(), sw.copy()]
    alphas = list(ALPHAS)
    model = RidgeCV(alphas=alphas, cv=cv).fit(X, Y, sample_weight=sw)
    model.predict(X)
    for given, copy in zip([X, Y, sw], copies):
        if sparse and sp.issparse(given):
            assert (given != copy).nnz == 0
        else:
            np.testing.assert_array_equal(given, copy)
    assert alphas == list(ALPHAS) and model.alphas is alphas


def test_read_only_and_c_ordered_inputs(rng):
    X, y, sw = make_data(rng, 30, 6, weights=True)
    reference = RidgeCV(alphas=ALPHAS).fit(X, y, sw)
    Xr = np.ascontiguousarray(X)
    Xr.setflags(write=False)
    y.setflags(write=False)
    model = RidgeCV(alphas=ALPHAS).fit(Xr, y, sw)
    np.testing.assert_allclose(model.coef_, reference.coef_, rtol=1e-12)


@pytest.mark.parametrize(
    "alphas, cv, error, match",
    [
        ([1.0, 0.0], None, ValueError, r"alphas\[1\] == 0.0, must be > 0.*cv=None"),
        ([1.0, -2.0], 3, ValueError, r"alphas\[1\] == -2.0, must be >= 0"),
        ([1.0, np.nan], None, ValueError, r"alphas\[1\] == nan, must be finite"),
        ([np.inf], 3, ValueError, r"alphas\[0\] == inf, must be finite"),
        ([], None, ValueError, "alphas must contain at least one"),
        ([[1.0, 2.0]], None, ValueError, "alphas must be a scalar or a 1-d"),
        # each entry is checked, and named, as scikit-learn does
        (["a", "b"], None, TypeError, r"alphas\[0\] must be an instance of float"),
        ([1.0, "b"], None, TypeError, r"alphas\[1\] must be an instance of float"),
    ],
)
def test_bad_alphas_raise_clear_errors(rng, alphas, cv, error, match):
    X, y, _ = make_data(rng, 20, 4)
    with pytest.raises(error, match=match):
        RidgeCV(alphas=alphas, cv=cv).fit(X, y)


def test_scalar_alpha_and_incompatible_options(rng):
    X, y, _ = make_data(rng, 20, 4)
    assert RidgeCV(alphas=2.0).fit(X, y).alpha_ == 2.0
    with pytest.raises(ValueError, match="store_cv_results"):
        RidgeCV(cv=3, store_cv_results=True).fit(X, y)
    with pytest.raises(ValueError, match="alpha_per_target"):
        RidgeCV(cv=3, alpha_per_target=True).fit(X, y)
    with pytest.raises(ValueError, match="metadata routing"):
        RidgeCV().fit(X, y, foo=np.ones(20))
    with pytest.raises(ValueError, match="sample_weight|negative"):
        RidgeCV().fit(X, y, sample_weight=-np.ones(20))
    with pytest.raises(ValueError, match="1 sample"):
        RidgeCV().fit(X[:1], y[:1])
    one_weight = np.zeros(20)
    one_weight[3] = 1.0
    with pytest.raises(ValueError, match="positive weight"):
        RidgeCV().fit(X, y, sample_weight=one_weight)
    # without intercept, a single sample has a well-defined LOO error (y_0^2)
    model = RidgeCV(fit_intercept=False, store_cv_results=True).fit(X[:1], y[:1])
    np.testing.assert_allclose(model.cv_results_, y[0] ** 2 * np.ones((1, 3)))


def test_feature_names_and_n_features(rng):
    # pandas is in the `test` extra: CI always runs this
    pd = pytest.importorskip("pandas")
    X, y, _ = make_data(rng, 20, 4)
    frame = pd.DataFrame(X, columns=list("abcd"))
    for cv in [None, 3]:
        model = RidgeCV(cv=cv).fit(frame, y)
        assert list(model.feature_names_in_) == list("abcd")
        assert model.n_features_in_ == 4


def test_docstring_example_runs():
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner()
    for test in finder.find(ridge_cv_module.RidgeCV, "RidgeCV",
                            module=ridge_cv_module):
        runner.run(test)
    assert runner.failures == 0 and runner.tries > 0


# scikit-learn's API conformance checks for RidgeCV run in tests/test_common.py.


@pytest.mark.parametrize("cv", [None, 3])
@pytest.mark.parametrize("sparse", [False, True], ids=["dense", "sparse"])
def test_peak_memory_at_most_three_times_X(cv, sparse):
    """Leave-one-out works on blocks of rows and chunks of alphas sized by X;
    K-fold fits each fold on a view of X (one Gram matrix per fold for every
    alpha) instead of GridSearchCV's copy per fit: the peak allocation
    (NumPy's, traced) stays below 3x the size of X."""
    rng = np.random.RandomState(0)
    X = rng.randn(200_000, 5)
    y = X @ rng.randn(5) + rng.randn(200_000)
    size = X.nbytes
    if sparse:
        X = sp.csc_matrix(X)
        size = X.data.nbytes + X.indices.nbytes + X.indptr.nbytes
    RidgeCV(cv=cv).fit(X[:200], y[:200])  # imports and caches outside the trace
    tracemalloc.start()
    try:
        RidgeCV(cv=cv).fit(X, y)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak <= 3 * size, f"peak {peak / size:.2f} x the size of X"


# -- exact leave-one-out where the spectrum cannot serve (issue 13) -----------------
def _exact_ridge(X, y, alpha, sw=None):
    """Ridge with intercept by least squares on the augmented system, its
    columns scaled to unit norm first (any column scales are resolved)."""
    s = np.ones(len(y)) if sw is None else sw
    m, ym = s @ X / s.sum(), s @ y / s.sum()
    root = np.sqrt(s)[:, None]
    A = np.vstack([(X - m) * root, np.sqrt(alpha) * np.eye(X.shape[1])])
    b = np.concatenate([(y - ym) * root[:, 0], np.zeros(X.shape[1])])
    norms = np.linalg.norm(A, axis=0)
    w = np.linalg.lstsq(A / norms, b, rcond=None)[0] / norms
    return w, ym - m @ w


def _brute_force_loo_score(X, y, alpha, sw=None):
    """Minus the weighted mean squared error of n refits, one sample out."""
    s = np.ones(len(y)) if sw is None else sw
    errors = []
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        w, b = _exact_ridge(X[keep], y[keep], alpha, None if sw is None else sw[keep])
        errors.append(s[i] * (y[i] - X[i] @ w - b) ** 2)
    return -np.mean(errors)


@pytest.mark.parametrize("scales", [(1e-100, 1, 1e100, 1), (1e150, 1e-150, 1, 1),
                                    (1e100, 1, 1, 1)])
@pytest.mark.parametrize("gcv_mode", [None, "svd"])
def test_extreme_column_scales_match_brute_force_loo(rng, scales, gcv_mode):
    """Columns of scales 1e-100..1e150: the eigendecomposition resolves the
    spectrum only to ~eps * 1e200, far above alpha; the per-alpha
    equilibrated factorisation gives the leave-one-out score of n refits and
    the exact ridge coefficients (before: 48x off in the predictions)."""
    X = rng.randn(40, 4)
    y = X @ rng.randn(4) + 0.3 * rng.randn(40)
    Xs = X * np.array(scales)
    alphas = [0.1, 1.0, 10.0]
    model = RidgeCV(alphas=alphas, gcv_mode=gcv_mode).fit(Xs, y)
    exact = [_brute_force_loo_score(Xs, y, a) for a in alphas]
    assert model.alpha_ == alphas[int(np.argmax(exact))]
    assert model.best_score_ == pytest.approx(max(exact), rel=1e-9)
    w, b = _exact_ridge(Xs, y, model.alpha_)
    np.testing.assert_allclose(model.predict(Xs), Xs @ w + b, rtol=1e-9,
                               atol=1e-9 * np.std(y))


@pytest.mark.parametrize("n_features", [1, 5])
@pytest.mark.parametrize("weighted", [False, True])
def test_two_samples_every_alpha_ties_and_the_first_is_kept(n_features, weighted):
    """With two samples and an intercept each leave-one-out fit sees one
    sample and predicts its y whatever alpha: every alpha scores the same,
    and (as scikit-learn intends) the first is kept, whatever the rounding
    of the spectral formulas (which ranked them at random: the refit then
    differed by 11% and more)."""
    rng = np.random.RandomState(0)
    alphas = [0.1, 1.0, 10.0]
    for _ in range(6):
        X, y = rng.randn(2, n_features), rng.randn(2)
        sw = rng.uniform(0.5, 1.5, 2) if weighted else None
        for gcv_mode in [None, "svd"]:
            model = RidgeCV(alphas=alphas, gcv_mode=gcv_mode).fit(X, y, sample_weight=sw)
            exact = [_brute_force_loo_score(X, y, a, sw) for a in alphas]
            np.testing.assert_allclose(exact, exact[0], rtol=1e-12)  # a tie
            assert model.alpha_ == alphas[0]
            ridge = Ridge(alpha=alphas[0]).fit(X, y, sample_weight=sw)
            np.testing.assert_allclose(model.coef_, ridge.coef_, rtol=1e-10)


@pytest.mark.parametrize("shape", [(20, 20), (15, 40)])
@pytest.mark.parametrize("gcv_mode", [None, "svd"])
def test_interpolating_alpha_scores_infinite_and_is_not_chosen(shape, gcv_mode):
    """At a vanishing alpha a square or wide X with an intercept interpolates
    every row (leverage 1, alpha=1e-16 here): its leave-one-out error is unbounded.  It must
    score ``inf`` (never chosen while a regularized alpha exists), not turn
    the scores into NaN through a division by zero, and alpha=0 alone must
    still refit the least-squares model, which interpolates."""
    rng = np.random.RandomState(0)
    X, y = rng.randn(*shape), rng.randn(shape[0])
    model = RidgeCV(alphas=[1e-16, 1.0], gcv_mode=gcv_mode).fit(X, y)
    assert model.alpha_ == 1.0
    exact = _brute_force_loo_score(X, y, 1.0, None)
    np.testing.assert_allclose(model.best_score_, exact, rtol=1e-8)
    # alone, 1e-16 is (to rounding) least squares, which interpolates here
    alone = RidgeCV(alphas=[1e-16], gcv_mode=gcv_mode).fit(X, y)
    assert not np.isnan(alone.best_score_)  # -inf or a large finite error
    np.testing.assert_allclose(alone.predict(X), y, atol=1e-6)
