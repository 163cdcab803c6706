# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Cross-validation on dask collections, from sufficient statistics.

**Folds are made of whole row blocks.**  The splitter (``cv``: an int is
:class:`~sklearn.model_selection.KFold` without shuffling, or any splitter
object) is applied to the *blocks* of X, one "sample" per block, so a fold
never cuts a block and no row index is ever materialised.  ``KFold(5)`` on
20 blocks holds out blocks 0-3, then 4-7, ...; ``KFold(5, shuffle=True,
random_state=0)`` shuffles the blocks.  X needs at least as many blocks as
folds (rechunk its rows otherwise).

Every block's weighted statistics are computed once, on the workers
(:func:`~._dask.block_statistics`, centred at the block's own mean); for each
fold the blocks of its training part and of its held-out part are merged in
two trees, and only the ``2 n_folds + 1`` results (``p x p`` each, the last
one for all rows) reach the client.  There each training part is solved
(the whole alpha path for LassoCV/ElasticNetCV, closed-form ridge for every
alpha for RidgeCV) and scored on its held-out part without its rows: with
the held-out statistics (weight ``w_t``, means ``x_t``, ``y_t``, centred
co-moments ``C_xx``, ``C_xy``, ``C_yy``), the weighted residual sum of
squares of ``(w, b)`` is exactly

.. math::

    C_{yy} - 2 w^T C_{xy} + w^T C_{xx} w + w_t (y_t - x_t^T w - b)^2,

since the centred rows sum to zero; R^2 divides it by ``C_yy``.  Hence only
the scorers built on these (mean squared error, R^2) are available on dask.
"""
from numbers import Integral

import numpy as np
from joblib import delayed
from sklearn.model_selection import check_cv

from ._cv import _factor_kwargs, fold_statistics
from ._cv_attributes import column_y_as_1d
from ._dask import (
    block_statistics,
    column_names,
    prepared_collections,
    set_fitted_names,
    tree_merge,
)
from ._factors import check_bounds
from ._interrupt import StoppableParallel
from ._partial import (
    StatisticsProblem,
    SufficientStatistics,
    for_model,
    statistics_factors,
)
from ._path import alpha_grid, alpha_max_of_problem, solve_path

#: Scorers that the held-out statistics give exactly.
MSE_SCORINGS = (None, "neg_mean_squared_error")
R2_SCORINGS = ("r2",)


def dask_fold_statistics(X, y, sample_weight, cv, split_params):
    """Statistics of each fold's training and held-out blocks, and of all rows.

    Returns
    -------
    folds : list of (SufficientStatistics, SufficientStatistics)
        ``(train, test)`` per fold, centred (intercept form).
    full : SufficientStatistics
    dtype : numpy dtype of X
    y_ndim : int
    n_features : int
    """
    import dask

    if split_params:
        raise ValueError(
            "Split parameters (such as groups) are not supported on dask "
            "input: the folds are made of whole blocks of rows "
            f"(got {sorted(split_params)})."
        )
    if not (cv is None or isinstance(cv, Integral) or hasattr(cv, "split")):
        raise ValueError(
            "On dask input cv must be None, an int or a splitter object (it "
            "splits the blocks of rows); an iterable of row-index splits "
            "cannot be applied without materialising the rows."
        )
    columns = column_names(X)
    X, y, sample_weight, dtype = prepared_collections(X, y, sample_weight)
    parts = block_statistics(X, y, sample_weight, fit_intercept=True, columns=columns)
    n_blocks = len(parts)
    splitter = check_cv(cv)
    n_splits = splitter.get_n_splits()
    if isinstance(n_splits, Integral) and n_blocks < n_splits:
        raise ValueError(
            f"X has {n_blocks} row block(s) but cv asks for {n_splits} folds: on "
            "dask the folds are made of whole blocks, so X needs at least "
            f"{n_splits} blocks (e.g. X.rechunk({{0: {max(1, X.shape[0] // n_splits)}}}))."
        )
    blocks = np.zeros((n_blocks, 1))
    folds = list(splitter.split(blocks))
    tasks = []
    for train, test in folds:
        if len(train) == 0 or len(test) == 0:
            raise ValueError("A fold has no training or no held-out block.")
        tasks.append((tree_merge(parts[i] for i in train),
                      tree_merge(parts[i] for i in test)))
    fold_stats, full = dask.compute(tasks, tree_merge(parts))
    if full.sum_sw <= 0:
        raise ValueError("The sample weights sum to zero: nothing to fit.")
    for f, (train, test) in enumerate(fold_stats):
        if train.sum_sw <= 0:
            raise ValueError(f"The training blocks of fold {f + 1} have zero total "
                             "sample weight.")
        if test.sum_sw <= 0:
            raise ValueError(f"The held-out blocks of fold {f + 1} have zero total "
                             "sample weight.")
    return [tuple(pair) for pair in fold_stats], full, dtype, y.ndim, X.shape[1]


def target_subset(stats, targets):
    """The statistics of some targets only (same X part)."""
    sub = SufficientStatistics(stats.xx.shape[0], len(targets), stats.fit_intercept)
    sub.n_samples, sub.sum_sw = stats.n_samples, stats.sum_sw
    sub.x_mean, sub.xx = stats.x_mean, stats.xx
    sub.y_mean, sub.xy, sub.yy = (stats.y_mean[targets], stats.xy[:, targets],
                                  stats.yy[targets])
    return sub


def held_out_rss(test, coefs, intercepts):
    """Weighted residual sums of squares on the held-out statistics.

    ``coefs`` of shape ``(n_targets, n_features, n_models)``, ``intercepts``
    of shape ``(n_targets, n_models)``; returns ``(n_models, n_targets)``.
    """
    n_targets, _, n_models = coefs.shape
    rss = np.empty((n_models, n_targets))
    for k in range(n_targets):
        C = np.asarray(coefs[k], dtype=np.float64)
        shift = test.y_mean[k] - test.x_mean @ C - intercepts[k]
        rss[:, k] = (test.yy[k] - 2.0 * (test.xy[:, k] @ C)
                     + np.einsum("pa,pa->a", C, test.xx @ C)
                     + test.sum_sw * shift**2)
    # the expansion can round a perfect fit a little below zero
    return np.maximum(rss, 0.0)


def r2_from_rss(test, rss):
    """Weighted R^2 per model and target (1 for a perfect fit of a constant
    target, 0 for an imperfect one, as scikit-learn's ``r2_score``)."""
    tss = test.yy[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        r2 = 1.0 - rss / tss
    constant = np.broadcast_to(tss <= 0.0, r2.shape)
    return np.where(constant, np.where(rss <= 0.0, 1.0, 0.0), r2)


def _check_scoring(estimator, allowed):
    if estimator.scoring not in allowed:
        names = ", ".join(repr(s) for s in allowed)
        raise ValueError(
            f"scoring={estimator.scoring!r} is not available on dask input: the "
            "held-out losses are computed from sufficient statistics, which give "
            f"only {names}."
        )


def _factors_of(estimator, stats):
    """Penalty factors resolved on ``stats`` (see
    :func:`~._partial.statistics_factors`), refusing a model with every
    feature excluded."""
    factors, excluded = statistics_factors(estimator, stats)
    if excluded is not None and np.all(excluded):
        raise ValueError(
            "Every feature is excluded (penalty factor inf, or zero variance "
            "with standardize=True): nothing to fit."
        )
    return factors, excluded


def _fold_path(estimator, train, test, alphas, l1_ratio, bounds, dtype, label):
    """Path on the training statistics, ``(loss inputs)`` on the held-out ones:
    returns ``(rss, test)`` with rss of shape ``(n_alphas, n_targets)``."""
    stats = for_model(train, estimator.fit_intercept)
    factors, excluded = _factors_of(estimator, stats)
    problem = StatisticsProblem(stats, dtype, excluded)
    coefs, intercepts, _, _ = solve_path(
        problem, alphas, l1_ratio=l1_ratio, positive=estimator.positive,
        precompute=True, tol=estimator.tol, max_iter=estimator.max_iter,
        selection=estimator.selection, random_state=estimator.random_state,
        verbose=int(estimator.verbose), label=label, lower=bounds[0],
        upper=bounds[1], **_factor_kwargs(factors))
    return held_out_rss(test, coefs, intercepts)


def fit_path_cv_on_dask(estimator, X, y, sample_weight, split_params):
    """``fit`` of LassoCV / ElasticNetCV on dask collections (see module)."""
    _check_scoring(estimator, MSE_SCORINGS + R2_SCORINGS)
    folds, full, dtype, y_ndim, n_features = dask_fold_statistics(
        X, y, sample_weight, estimator.cv, split_params)
    set_fitted_names(estimator, X, n_features)
    n_targets = full.xy.shape[1]
    if y_ndim == 2 and n_targets == 1:
        # scikit-learn's LassoCV: a column y is one target (with a warning)
        column_y_as_1d(np.zeros((1, 1)), stacklevel=4)
        y_ndim = 1
    per_target = bool(estimator.alpha_per_target) and y_ndim != 1
    l1_ratios = estimator._l1_ratios()
    values = estimator._alpha_values()
    bounds = check_bounds(estimator.lower_bounds, estimator.upper_bounds, n_features)
    full_stats = for_model(full, estimator.fit_intercept)
    factors, excluded = _factors_of(estimator, full_stats)
    full_problem = StatisticsProblem(full_stats, dtype, excluded)
    l1_factors = None if factors is None else factors.l1
    if values is None:
        grids = [alpha_grid(alpha_max_of_problem(full_problem, r, estimator.positive,
                                                 l1_factors, *bounds).max(initial=0.0),
                            eps=estimator.eps, n_alphas=int(estimator.alphas))
                 for r in l1_ratios]
    else:
        grids = [values] * len(l1_ratios)
    alphas_all = np.array(grids)

    jobs = [(j, f) for j in range(len(l1_ratios)) for f in range(len(folds))]
    results = StoppableParallel(n_jobs=estimator.n_jobs, prefer="threads")(
        delayed(_fold_path)(estimator, *folds[f], alphas_all[j], l1_ratios[j], bounds,
                            dtype, f"l1_ratio {l1_ratios[j]:g}, fold {f + 1}/{len(folds)}")
        for j, f in jobs)
    n_l1, n_alphas, n_folds = len(l1_ratios), alphas_all.shape[1], len(folds)
    width = n_targets if per_target else 1
    losses = np.empty((n_l1, n_alphas, width, n_folds))
    mses = np.empty((n_l1, n_alphas, n_targets, n_folds))
    for (j, f), rss in zip(jobs, results):
        test = folds[f][1]
        mse = rss / test.sum_sw
        loss = mse if estimator.scoring in MSE_SCORINGS else -r2_from_rss(test, rss)
        mses[j, :, :, f] = mse
        losses[j, :, :, f] = loss if per_target else loss.mean(axis=1, keepdims=True)
    fold_weights = np.array([test.sum_sw for _, test in folds])
    cv_mean, cv_std_error = fold_statistics(losses, fold_weights)
    chosen_l1, alpha_idx, idx_min, idx_1se = estimator._choose(
        alphas_all, cv_mean, cv_std_error)

    def problem_for(targets):
        if len(targets) == n_targets:
            return full_problem
        return StatisticsProblem(target_subset(full_stats, targets), dtype, excluded)

    coef_path, intercept_path, gaps, iters = estimator._refit_paths(
        problem_for, n_targets, n_features, dtype, per_target, chosen_l1, l1_ratios,
        alphas_all, bounds, factors, precompute=True, expand=False)
    estimator._store(y_ndim, per_target, l1_ratios, alphas_all, mses, cv_mean,
                     cv_std_error, chosen_l1, alpha_idx, idx_min, idx_1se, coef_path,
                     intercept_path, gaps, iters)
    return estimator


def _ridge_coefs(stats, alphas):
    """Ridge solutions ``(C_xx + alpha I)^+ C_xy`` for every alpha, through
    one eigendecomposition: shape ``(n_targets, n_features, n_alphas)``.
    Directions of (numerically) zero curvature get no weight, which is the
    minimum-norm least-squares solution at ``alpha = 0``."""
    eigvals, V = np.linalg.eigh(stats.xx)
    eigvals = np.maximum(eigvals, 0.0)
    floor = eigvals.max(initial=0.0) * stats.xx.shape[0] * np.finfo(np.float64).eps
    projected = V.T @ stats.xy                       # (p, T)
    shrunk = eigvals[:, None] + np.asarray(alphas)[None, :]   # (p, A)
    with np.errstate(divide="ignore"):
        inverse = np.where(shrunk > floor, 1.0 / shrunk, 0.0)
    coefs = np.einsum("pq,qt,qa->tpa", V, projected, inverse)
    return coefs


def _intercepts(stats, coefs, fit_intercept):
    if not fit_intercept:
        return np.zeros(coefs.shape[::2])
    return stats.y_mean[:, None] - np.einsum("p,tpa->ta", stats.x_mean, coefs)


def fit_ridge_cv_on_dask(estimator, X, y, sample_weight, alphas, split_params):
    """``fit`` of RidgeCV with ``cv`` given, on dask collections (see module).

    The score of each alpha is the mean over folds of the held-out R^2
    (default, as GridSearchCV) or of minus the mean squared error, weighted
    by ``sample_weight`` within each fold."""
    _check_scoring(estimator, MSE_SCORINGS + R2_SCORINGS)
    folds, full, dtype, y_ndim, n_features = dask_fold_statistics(
        X, y, sample_weight, estimator.cv, split_params)
    set_fitted_names(estimator, X, n_features)
    fit_intercept = estimator.fit_intercept
    scores = np.empty((len(folds), len(alphas)))
    for f, (train, test) in enumerate(folds):
        stats = for_model(train, fit_intercept)
        coefs = _ridge_coefs(stats, alphas)
        rss = held_out_rss(test, coefs, _intercepts(stats, coefs, fit_intercept))
        if estimator.scoring == "neg_mean_squared_error":
            scores[f] = -(rss / test.sum_sw).mean(axis=1)
        else:
            scores[f] = r2_from_rss(test, rss).mean(axis=1)
    mean_scores = scores.mean(axis=0)
    best = 0
    for i in range(1, len(alphas)):  # the first best, as GridSearchCV
        if mean_scores[i] > mean_scores[best]:
            best = i
    stats = for_model(full, fit_intercept)
    coef = _ridge_coefs(stats, alphas[best:best + 1])
    intercept = _intercepts(stats, coef, fit_intercept)[:, 0]
    coef = coef[:, :, 0].astype(dtype)
    estimator.alpha_ = float(alphas[best])
    estimator.best_score_ = float(mean_scores[best])
    estimator.coef_ = coef[0] if coef.shape[0] == 1 else coef
    if not fit_intercept:
        estimator.intercept_ = 0.0
    else:
        intercept = intercept.astype(dtype)
        estimator.intercept_ = intercept[0] if y_ndim == 1 else intercept
    return estimator


#: Rows of a block scored at once by leave-one-out: bounds the
#: ``rows x n_targets x n_alphas`` residual array of a worker.
_LOO_ELEMENTS = 1 << 22


def _loo_block_sums(X, y, sample_weight, constants):
    """Weighted sums of squared leave-one-out residuals of one block, per
    target and alpha: ``(n_targets, n_alphas)`` (runs on a worker).

    With ``Q = W diag(lam) W^T`` (the Gram form of all rows), ``C = (X - 1
    m^T) W`` and ``g = W^T X_c^T S y_c``, row ``i`` has the leverage
    ``H_ii = s_i sum_j C_ij^2 / (lam_j + alpha) + s_i / sum(s)`` and the
    leave-one-out residual ``(y_ci - C_i diag(1 / (lam + alpha)) g) / (1 -
    H_ii)`` (see ``_ridge_cv``)."""
    W, eigvals, g, x_mean, y_mean, alphas, sum_sw, fit_intercept = constants
    y = np.asarray(y, dtype=np.float64)
    Y = y.reshape(len(y), -1) - y_mean
    n_rows, n_targets = Y.shape
    s = np.ones(n_rows) if sample_weight is None else np.asarray(sample_weight,
                                                                  np.float64)
    inv = 1.0 / (eigvals[:, None] + alphas[None, :])            # (p, G)
    M = (g[:, :, None] * inv[:, None, :]).reshape(len(eigvals), -1)
    mW = x_mean @ W
    sums = np.zeros((n_targets, len(alphas)))
    step = max(1, _LOO_ELEMENTS // (n_targets * len(alphas) + len(eigvals)))
    for start in range(0, n_rows, step):
        rows = slice(start, min(start + step, n_rows))
        C = np.asarray(X[rows] @ W, dtype=np.float64) - mW
        fitted = (C @ M).reshape(C.shape[0], n_targets, -1)
        leverage = (C * C) @ inv * s[rows, None]
        if fit_intercept:
            leverage += (s[rows] / sum_sw)[:, None]
        E = (Y[rows, :, None] - fitted) / (1.0 - leverage)[:, None, :]
        sums += np.einsum("i,ikg,ikg->kg", s[rows], E, E)
    return sums


def fit_ridge_loo_on_dask(estimator, X, y, sample_weight, alphas):
    """``fit`` of RidgeCV with ``cv=None`` on dask: exact leave-one-out in
    two passes over the blocks (the statistics, then each row's leverage
    and residual from the eigendecomposition of the ``p x p`` Gram matrix)."""
    import dask

    from ._ridge_cv import _select

    _check_scoring(estimator, MSE_SCORINGS + R2_SCORINGS)
    if estimator.store_cv_results:
        raise ValueError("store_cv_results=True is not available on dask input "
                         "(it would hold n_samples x n_alphas values in memory).")
    columns = column_names(X)
    X, y, sample_weight, dtype = prepared_collections(X, y, sample_weight)
    fit_intercept = estimator.fit_intercept
    parts = block_statistics(X, y, sample_weight, fit_intercept=True, columns=columns)
    (full,) = dask.compute(tree_merge(parts))
    if full.sum_sw <= 0:
        raise ValueError("The sample weights sum to zero: nothing to fit.")
    set_fitted_names(estimator, X, X.shape[1])
    stats = for_model(full, fit_intercept)
    eigvals, W = np.linalg.eigh(stats.xx)
    g = W.T @ stats.xy
    x_mean = stats.x_mean if fit_intercept else np.zeros_like(stats.x_mean)
    y_mean = stats.y_mean if fit_intercept else np.zeros_like(stats.y_mean)
    alphas = np.asarray(alphas, dtype=np.float64)
    constants = dask.delayed(
        (W, eigvals, g, x_mean, y_mean, alphas, stats.sum_sw, fit_intercept),
        traverse=False)
    w_blocks = ([None] * X.numblocks[0] if sample_weight is None
                else sample_weight.to_delayed().ravel())
    tasks = [dask.delayed(_loo_block_sums)(xb, yb, wb, constants)
             for xb, yb, wb in zip(X.to_delayed().ravel(), y.to_delayed().ravel(),
                                   w_blocks)]
    sq_sums = np.sum(dask.compute(*tasks), axis=0)           # (k, G)
    if estimator.scoring is None:
        per_target_scores = -sq_sums / full.n_samples       # scikit-learn: / n
    elif estimator.scoring == "neg_mean_squared_error":
        per_target_scores = -sq_sums / full.sum_sw
    else:  # "r2" of the leave-one-out predictions
        tss = full.yy[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            per_target_scores = np.where(tss > 0, 1.0 - sq_sums / tss,
                                         np.where(sq_sums <= 0, 1.0, 0.0))
    n_targets = sq_sums.shape[0]
    track_per_target = estimator.alpha_per_target and n_targets > 1
    if estimator.alpha_per_target:
        scores = list(per_target_scores.T if y.ndim == 2 else per_target_scores[0])
    else:
        scores = list(per_target_scores.mean(axis=0))
    best_alpha, best_score = _select(alphas, scores, track_per_target)
    alpha_vec = np.broadcast_to(np.asarray(best_alpha, dtype=np.float64), (n_targets,))
    coef = (W @ (g / (eigvals[:, None] + alpha_vec[None, :]))).T   # (k, p)
    estimator.alpha_ = best_alpha
    estimator.best_score_ = best_score
    coef_out = coef.astype(dtype)
    estimator.coef_ = coef_out[0] if n_targets == 1 else coef_out
    if not fit_intercept:
        estimator.intercept_ = 0.0
    else:
        intercept = (stats.y_mean - coef @ stats.x_mean).astype(dtype)
        estimator.intercept_ = intercept[0] if y.ndim == 1 else intercept
    return estimator
