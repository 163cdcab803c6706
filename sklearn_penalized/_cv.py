# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""LassoCV and ElasticNetCV: cross-validated regularization paths.

For each fold (and each ``l1_ratio``) the whole alpha path is solved on the
training part with warm starts (:func:`~._path.solve_path`) and every alpha
is scored on the held-out part.  The per-alpha mean loss and its standard
error give the choice of alpha (``selection_rule``: the minimum, glmnet's
one-standard-error rule or a callable), and a final warm-started path on all
the data gives ``coef_path_`` (and ``coef_`` at the chosen alpha).

Sample weights are used consistently: the automatic grid is computed with
them, each training fit is weighted, each held-out loss is the weighted mean
loss of the fold, and folds are averaged with weights equal to their total
sample weight (glmnet's ``cv.glmnet`` convention).  With integer weights this
equals cross-validation on repeated rows kept in the same fold.
"""
import time
import warnings
from numbers import Integral, Real

import numpy as np
from joblib import delayed
from sklearn.base import BaseEstimator, MultiOutputMixin, RegressorMixin
from sklearn.metrics import check_scoring
from sklearn.model_selection import check_cv
from sklearn.utils import Bunch
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    process_routing,
)

from ._cv_attributes import StoredCVAttributes, column_y_as_1d
from ._dask import is_dask_collection
from ._factors import check_bounds, has_factors, resolve_factors
from ._folds import compact_folds, held_out_mse, scorer_losses
from ._interrupt import StoppableParallel
from ._path import alpha_grid, alpha_max_of_problem, solve_path
from ._preprocessing import make_problem
from ._stored_path import SparsePathStore, StoredPath, stored_path
from .solvers._working_set import WORKING_SET_MIN_FEATURES
from .utils._params import CachedParamNamesMixin
from .utils._scoring import R2ScoreMixin
from .utils._sklearn_compat import (
    Interval,
    StrOptions,
    _fit_context,
    _routing_enabled,
    check_fit_params_without_routing,
    check_sample_weight,
    validate_data,
)
from .utils._validation import check_alpha_values


def select_min(alphas, cv_mean, cv_std_error):
    """Index of the smallest mean CV loss."""
    return int(np.argmin(cv_mean))


def select_1se(alphas, cv_mean, cv_std_error):
    """glmnet's one-standard-error rule: the largest alpha whose mean loss is
    at most the minimum mean loss plus that minimum's standard error."""
    best = int(np.argmin(cv_mean))
    threshold = cv_mean[best] + cv_std_error[best]
    within = np.flatnonzero(cv_mean <= threshold)
    return int(within[np.argmax(alphas[within])])


RULES = {"min": select_min, "1se": select_1se}


def fold_statistics(losses, fold_weights):
    """Weighted mean over folds and glmnet's standard error of that mean.

    ``losses`` has the folds on its last axis.  The standard error is
    ``sqrt(weighted mean of (loss - mean)^2 / (n_folds - 1))`` (0 for a
    single fold).
    """
    w = fold_weights / fold_weights.sum()
    mean = losses @ w
    n_folds = losses.shape[-1]
    if n_folds < 2:
        return mean, np.zeros_like(mean)
    var = ((losses - mean[..., None]) ** 2) @ w
    return mean, np.sqrt(var / (n_folds - 1))


# Cross-validation solves the fold paths in two passes.  The first aims at
# ``tol`` itself (FOLD_PATH_TARGET_RATIO; a single fit aims at 1/10 of it,
# solvers._cd.GAP_TARGET_RATIO, to be at least as accurate as
# scikit-learn's), which costs a third of the epochs on hard paths (dense
# correlated 1,000 x 2,000, alpha_max -> / 1000: 1,241 against 4,211 per
# fold).  Only the alphas that can decide the selection are then solved
# again, from their first-pass solutions, at the single fit's target: those
# within REFINE_WINDOW grid points of the minimum, of the 1-SE choice and of
# the selection rule's choice on every l1_ratio's curve, and those whose
# first-pass loss lies within twice the largest change refinement has made
# to a loss of the minimum or of the 1-SE threshold; repeated until the
# choices no longer move.  On that design the first pass alone chose the
# grid neighbour of the alpha an exact CV chooses (as scikit-learn does);
# the refined curve chooses the exact CV's alpha.
# Up to WORKING_SET_MIN_FEATURES features the solver's iterates and rule
# are scikit-learn's whatever the ratio (solvers._cd): one pass there, since
# a second costs more Python than it saves epochs (LassoCV on diabetes took
# 24 ms instead of 14).
FOLD_PATH_TARGET_RATIO = 1.0
REFINE_WINDOW = 2


def _fold_problem(X, y_2d, sw, train, settings):
    """``(problem, factors, lower, upper)`` of a fold's training rows.

    Penalty factors (and ``standardize``'s scales) are resolved on the
    fold's training rows, as a fit of the base estimator on them would.
    Without them the training rows are a view of ``X`` (``make_problem``'s
    ``rows``: nothing is copied unless the solver works on the rows as an
    array)."""
    sw_train = None if sw is None else sw[train]
    lower, upper = settings["bounds"]
    factors = None
    if has_factors(settings["factor_owner"]):
        X_train = X[train]
        if not hasattr(X_train, "tocsc"):
            X_train = np.asfortranarray(X_train)
        factors = _checked_factors(settings["factor_owner"], X_train, sw_train)
        if factors is not None:
            X_train = factors.select(X_train)
            lower, upper = factors.restrict(lower), factors.restrict(upper)
        problem = make_problem(X_train, y_2d[train], sw_train,
                               fit_intercept=settings["fit_intercept"], copy_X=False)
    else:
        problem = make_problem(X, y_2d, sw, fit_intercept=settings["fit_intercept"],
                               rows=train)
    return problem, factors, lower, upper


def _fold_losses(X, y_2d, sw, train, test, alphas, l1_ratio, settings, scorer,
                 per_target, fold_label, verbose, starts=None):
    """Path on ``train``, losses on ``test``: returns ``(loss, mse, path)``,
    of shapes ``(n_alphas, n_targets or 1)`` and ``(n_alphas, n_targets)``,
    and the solutions (a :class:`~._stored_path.StoredPath` over the
    problem's features; None after a refining pass and when there is no
    second pass).

    ``starts`` (a StoredPath over the same alphas, from an earlier pass):
    each alpha is solved again from its solution there at the single fit's
    target; otherwise the warm-started path aims at ``tol`` (see
    FOLD_PATH_TARGET_RATIO).  The held-out rows are read in blocks."""
    start = time.perf_counter()
    problem, factors, lower, upper = _fold_problem(X, y_2d, sw, train, settings)
    path, intercepts, _, _ = solve_path(
        problem, alphas, l1_ratio=l1_ratio, positive=settings["positive"],
        precompute=settings["precompute"], tol=settings["tol"],
        max_iter=settings["max_iter"], selection=settings["selection"],
        random_state=settings["random_state"], verbose=verbose,
        label=fold_label, lower=lower, upper=upper,
        gap_target_ratio=None if starts is not None else settings["first_pass_ratio"],
        starts=None if starts is None else starts.dense(),
        **_factor_kwargs(factors),
    )
    del problem
    # kept (compactly) only for a second pass to start from
    second_pass = starts is None and settings["first_pass_ratio"] is not None
    coefs, path = path, stored_path(path) if second_pass else None
    if factors is not None:
        coefs = factors.expand(coefs, axis=1)
    y_test = y_2d[test]
    sw_test = None if sw is None else sw[test]
    mse = held_out_mse(X, test, y_test, sw_test, coefs, intercepts)
    if scorer is None:
        loss = mse if per_target else mse.mean(axis=1, keepdims=True)
    else:
        loss = scorer_losses(scorer, X[test], y_test, sw_test, coefs, intercepts,
                             per_target)
    if verbose:
        print(f"[{fold_label}] {len(alphas)} alphas in "
              f"{time.perf_counter() - start:.2f}s", flush=True)
    return loss, mse, path


def _path_columns(path, idx):
    """The StoredPath of the alphas ``idx`` of ``path``."""
    columns = [np.stack([path.column(k, i) for i in idx], axis=1)
               for k in range(path.n_targets)]
    return StoredPath(columns, path.n_features, len(idx), path.dtype)


def _selection_indices(alphas, curve_mean, curve_se, rule):
    """The indices the selection reads off one curve: its minimum, the 1-SE
    choice and the rule's choice (validated by ``_BaseCV._choose``)."""
    found = {select_min(alphas, curve_mean, curve_se),
             select_1se(alphas, curve_mean, curve_se)}
    idx = rule(alphas, curve_mean, curve_se)
    if isinstance(idx, (Integral, np.integer)) and 0 <= idx < len(alphas):
        found.add(int(idx))
    return found


def _to_refine(alphas_all, cv_mean, cv_std_error, refined, rule, margin):
    """Per l1_ratio, the sorted indices not yet refined that can decide the
    selection (see FOLD_PATH_TARGET_RATIO)."""
    n_alphas = alphas_all.shape[1]
    todo = []
    for j in range(alphas_all.shape[0]):
        need = set()
        for k in range(cv_mean.shape[2]):
            mean, se = cv_mean[j, :, k], cv_std_error[j, :, k]
            for i in _selection_indices(alphas_all[j], mean, se, rule):
                need.update(range(max(0, i - REFINE_WINDOW),
                                  min(n_alphas, i + REFINE_WINDOW + 1)))
            best = int(np.argmin(mean))
            for level in (mean[best], mean[best] + se[best]):
                need.update(np.flatnonzero(np.abs(mean - level) <= margin).tolist())
        todo.append(sorted(need - refined[j]))
    return todo


def refuse_dask(estimator, X, y):
    """RelaxedLassoCV does not take dask collections yet: say so, rather
    than letting validation pull the whole array into memory."""
    if is_dask_collection(X) or is_dask_collection(y):
        raise TypeError(
            f"{type(estimator).__name__} does not take dask collections yet "
            "(Lasso, ElasticNet, Ridge, LassoCV, ElasticNetCV and RidgeCV do); "
            "compute the data first if it fits in memory."
        )


def validated_cv_data(estimator, X, y, sample_weight):
    """The CV estimators' one validation of their inputs: ``(X, y, y_2d,
    sample_weight)`` with X float (CSC if sparse; dense in the order given:
    the folds and the Gram route read it in blocks of rows, and only a
    solver working on the columns makes a Fortran copy), y in X's dtype
    and as a 2-D view, the weights checked (>= 0)."""
    refuse_dask(estimator, X, y)
    X, y = validate_data(estimator, X, y, accept_sparse="csc",
                         dtype=[np.float64, np.float32], copy=False,
                         multi_output=True, y_numeric=True)
    y = np.asarray(y, dtype=X.dtype)
    if sample_weight is not None:
        sample_weight = check_sample_weight(sample_weight, X, dtype=X.dtype)
    return X, y, y.reshape(len(y), -1), sample_weight


def check_fold_weights(folds, sample_weight):
    """Every fold's training rows and held-out rows carry a positive total
    weight: a fold's fit divides by the one, its held-out loss by the other."""
    if sample_weight is None:
        return
    for f, (train, test) in enumerate(folds):
        for rows, which in ((train, "training"), (test, "held-out")):
            if not np.sum(sample_weight[rows], dtype=np.float64) > 0:
                raise ValueError(
                    f"The {which} samples of fold {f + 1} all have zero "
                    "sample_weight: that fold's fit or held-out loss is "
                    "undefined. Use a splitter whose folds each hold samples "
                    "of positive weight."
                )


def _checked_factors(owner, X, sample_weight):
    """:func:`~._factors.resolve_factors`, refusing a problem without features."""
    factors = resolve_factors(owner, X, sample_weight)
    if factors is not None and not np.any(factors.keep):
        raise ValueError(
            "Every feature is excluded (penalty factor inf, or zero variance "
            "with standardize=True): nothing to fit."
        )
    return factors


def _factor_kwargs(factors):
    if factors is None:
        return {}
    return {"l1_factors": factors.l1, "l2_factors": factors.l2}


def warn_if_unpenalized(estimator):
    """Warn, as scikit-learn does, when cross-validation chose ``alpha_ = 0``:
    the refitted model is then unpenalized least squares."""
    if np.any(np.asarray(estimator.alpha_) == 0):
        warnings.warn(
            f"{type(estimator).__name__} chose alpha=0: the model is unpenalized "
            "least squares, whose solution need not be unique and which "
            "coordinate descent converges to slowly along the path; "
            "LinearRegression is the estimator for it.",
            UserWarning,
            stacklevel=3,
        )
    return estimator


class _BaseCV(CachedParamNamesMixin, StoredCVAttributes, MultiOutputMixin, R2ScoreMixin,
              RegressorMixin, BaseEstimator):
    """Shared fit/predict of LassoCV and ElasticNetCV."""

    _parameter_constraints: dict = {
        "eps": [Interval(Real, 0, None, closed="neither")],
        "alphas": [Interval(Integral, 1, None, closed="left"), "array-like"],
        "fit_intercept": ["boolean"],
        "precompute": ["boolean", StrOptions({"auto"})],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "copy_X": ["boolean"],
        "cv": ["cv_object"],
        "verbose": ["verbose"],
        "n_jobs": [Integral, None],
        "positive": ["boolean"],
        "random_state": ["random_state"],
        "selection": [StrOptions({"cyclic", "random"})],
        "selection_rule": [StrOptions({"min", "1se"}), callable],
        "scoring": [str, callable, None],
        "alpha_per_target": ["boolean"],
        "penalty_factor": ["array-like", None],
        "standardize": ["boolean"],
        "lower_bounds": [Real, "array-like", None],
        "upper_bounds": [Real, "array-like", None],
    }

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def _l1_ratios(self):
        return [1.0]

    def get_metadata_routing(self):
        """Route ``groups`` (and other split parameters) to the CV splitter.

        Returns
        -------
        routing : MetadataRouter
            Maps ``fit`` to the splitter's ``split``, so that ``groups`` (or
            any other metadata the splitter requests) reaches it.
        """
        return MetadataRouter(owner=self.__class__.__name__).add(
            splitter=check_cv(self.cv),
            method_mapping=MethodMapping().add(caller="fit", callee="split"),
        )

    def _split_params(self, params):
        if _routing_enabled():
            return process_routing(self, "fit", **params).splitter.split
        check_fit_params_without_routing(type(self).__name__, params)
        return Bunch(**params)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, **params):
        """Cross-validate the path and refit at the selected alpha.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data (sparse input is used as CSC).  Dask arrays and
            DataFrames are cross-validated from blockwise sufficient
            statistics, with folds made of whole blocks of rows (the
            splitter splits the blocks; user guide, "Cross-validation on
            dask").
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples: used in the grid, the fits and the
            held-out losses (see the class documentation).
        **params
            Split parameters, e.g. ``groups``: routed to the splitter.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        split_params = self._split_params(params)
        if is_dask_collection(X) or is_dask_collection(y):
            from ._dask_cv import fit_path_cv_on_dask

            return warn_if_unpenalized(
                fit_path_cv_on_dask(self, X, y, sample_weight, split_params))
        X, y, y_2d, sample_weight = validated_cv_data(self, X, y, sample_weight)
        y = column_y_as_1d(y)  # scikit-learn's LassoCV: (n, 1) is one target
        n_targets = y_2d.shape[1]
        per_target = self._per_target(y)
        l1_ratios = self._l1_ratios()
        values = self._alpha_values()
        # the splitter first: its errors (too few samples) come before ours
        cv = check_cv(self.cv)
        folds = compact_folds(cv.split(X, y, **split_params), X.shape[0])
        check_fold_weights(folds, sample_weight)
        factors = _checked_factors(self, X, sample_weight)
        bounds = check_bounds(self.lower_bounds, self.upper_bounds, X.shape[1])
        X_kept = X if factors is None else factors.select(X)
        kept_bounds = bounds if factors is None else tuple(
            factors.restrict(b) for b in bounds)
        full = make_problem(X_kept, y_2d, sample_weight,
                            fit_intercept=self.fit_intercept,
                            copy_X=X_kept is X)
        l1_factors = None if factors is None else factors.l1
        if values is None:
            grids = [
                alpha_grid(alpha_max_of_problem(full, r, self.positive, l1_factors,
                                                *kept_bounds).max(initial=0.0),
                           eps=self.eps, n_alphas=int(self.alphas))
                for r in l1_ratios]
        else:
            grids = [values] * len(l1_ratios)
        alphas_all = np.array(grids)          # (n_l1, n_alphas)

        scorer = None if self.scoring is None else check_scoring(self, self.scoring)
        settings = dict(fit_intercept=self.fit_intercept, positive=self.positive,
                        precompute=self.precompute, tol=self.tol,
                        max_iter=self.max_iter, selection=self.selection,
                        random_state=self.random_state, factor_owner=self,
                        bounds=bounds, first_pass_ratio=(
                            FOLD_PATH_TARGET_RATIO
                            if X_kept.shape[1] > WORKING_SET_MIN_FEATURES else None))
        jobs = [(j, f, train, test) for j in range(len(l1_ratios))
                for f, (train, test) in enumerate(folds)]
        results = StoppableParallel(n_jobs=self.n_jobs, prefer="threads")(
            delayed(_fold_losses)(
                X, y_2d, sample_weight, train, test, alphas_all[j], l1_ratios[j],
                settings, scorer, per_target,
                f"l1_ratio {l1_ratios[j]:g}, fold {f + 1}/{len(folds)}",
                int(self.verbose))
            for j, f, train, test in jobs)
        n_l1, n_alphas, n_folds = len(l1_ratios), alphas_all.shape[1], len(folds)
        width = n_targets if per_target else 1
        losses = np.empty((n_l1, n_alphas, width, n_folds))
        mses = np.empty((n_l1, n_alphas, n_targets, n_folds))
        paths = {}
        for (j, f, _, _), (loss, mse, path) in zip(jobs, results):
            losses[j, :, :, f] = loss
            mses[j, :, :, f] = mse
            paths[j, f] = path
        fold_weights = np.array([
            len(test) if sample_weight is None else float(sample_weight[test].sum())
            for _, test in folds])
        cv_mean, cv_std_error = fold_statistics(losses, fold_weights)  # (n_l1, n_alphas, width)
        cv_mean, cv_std_error = self._refine_selection(
            X, y_2d, sample_weight, folds, alphas_all, l1_ratios, settings, scorer,
            per_target, paths, losses, mses, fold_weights, cv_mean, cv_std_error)

        chosen_l1, alpha_idx, idx_min, idx_1se = self._choose(
            alphas_all, cv_mean, cv_std_error)

        def problem_for(targets):
            if len(targets) == n_targets:
                return full
            return make_problem(X_kept, y_2d[:, targets], sample_weight,
                                fit_intercept=self.fit_intercept, copy_X=True)

        coef_path, intercept_path, gaps, iters = self._refit_paths(
            problem_for, n_targets, X.shape[1], X.dtype, per_target, chosen_l1, l1_ratios,
            alphas_all, kept_bounds, factors, self.precompute,
            expand=factors is not None,
            exact=None if settings["first_pass_ratio"] is None else [
                {alpha_idx[k], idx_min[k], idx_1se[k]} for k in range(len(alpha_idx))])

        self._store(y.ndim, per_target, l1_ratios, alphas_all, mses, cv_mean,
                    cv_std_error, chosen_l1, alpha_idx, idx_min, idx_1se,
                    coef_path, intercept_path, gaps, iters)
        return warn_if_unpenalized(self)

    def _refine_selection(self, X, y_2d, sw, folds, alphas_all, l1_ratios, settings,
                          scorer, per_target, paths, losses, mses, fold_weights,
                          cv_mean, cv_std_error):
        """Solve again, at the single fit's target, the fold solutions of
        the alphas that can decide the selection (see
        FOLD_PATH_TARGET_RATIO), updating ``losses`` and ``mses`` in place;
        returns the new ``(cv_mean, cv_std_error)``."""
        if settings["first_pass_ratio"] is None:
            return cv_mean, cv_std_error  # one pass at the single fit's target
        rule = RULES[self.selection_rule] if isinstance(self.selection_rule, str) \
            else self.selection_rule
        refined = [set() for _ in l1_ratios]
        margin = 0.0
        while True:
            todo = _to_refine(alphas_all, cv_mean, cv_std_error, refined, rule, margin)
            jobs = [(j, f, train, test, idx) for j, idx in enumerate(todo) if idx
                    for f, (train, test) in enumerate(folds)]
            if not jobs:
                return cv_mean, cv_std_error
            results = StoppableParallel(n_jobs=self.n_jobs, prefer="threads")(
                delayed(_fold_losses)(
                    X, y_2d, sw, train, test, alphas_all[j][idx], l1_ratios[j],
                    settings, scorer, per_target,
                    f"l1_ratio {l1_ratios[j]:g}, fold {f + 1}/{len(folds)}, refined",
                    int(self.verbose), starts=_path_columns(paths[j, f], idx))
                for j, f, train, test, idx in jobs)
            for (j, f, _, _, idx), (loss, mse, _) in zip(jobs, results):
                losses[j, idx, :, f] = loss
                mses[j, idx, :, f] = mse
            for j, idx in enumerate(todo):
                refined[j].update(idx)
            before = cv_mean
            cv_mean, cv_std_error = fold_statistics(losses, fold_weights)
            # how far a first-pass loss can be from its refined value
            changed = [np.abs(cv_mean[j, idx] - before[j, idx]).max()
                       for j, idx in enumerate(todo) if idx]
            margin = max(margin, 2.0 * max(changed))

    def _refit_paths(self, problem_for, n_targets, n_features, dtype, per_target,
                     chosen_l1, l1_ratios, alphas_all, bounds, factors, precompute,
                     expand, exact=None):
        """The whole path on all the data at the chosen l1_ratio (one solve
        per group of targets sharing it: with alpha_per_target, several
        l1_ratios may be chosen).  ``problem_for(targets)`` gives the
        problem of those targets; ``expand``: the problem lacks the
        excluded features' columns, put back as zeros.  The coefficient
        path is a :class:`~._stored_path.StoredPath`: a sparse path is never
        held densely.

        ``exact`` (one set of alpha indices per column of the selection, as
        ``alpha_idx``): the path aims at ``tol`` (FOLD_PATH_TARGET_RATIO) and
        those alphas (``coef_`` and the minimum's and 1-SE's models) are
        solved again from there at the single fit's target.  None: the whole
        path at the single fit's target."""
        n_alphas = alphas_all.shape[1]
        paths = [None] * n_targets
        intercept_path = np.empty((n_targets, n_alphas), dtype=dtype)
        gaps = np.empty((n_targets, n_alphas))
        iters = np.empty((n_targets, n_alphas), dtype=np.int64)
        groups = {}
        for k in range(n_targets):
            groups.setdefault(chosen_l1[k if per_target else 0], []).append(k)
        for j, targets in groups.items():
            problem = problem_for(targets)
            c, b, g, it = solve_path(
                problem, alphas_all[j], l1_ratio=l1_ratios[j],
                positive=self.positive, precompute=precompute, tol=self.tol,
                max_iter=self.max_iter, selection=self.selection,
                random_state=self.random_state, verbose=int(self.verbose),
                label="refit on all data", lower=bounds[0], upper=bounds[1],
                store=SparsePathStore, **_factor_kwargs(factors),
                gap_target_ratio=None if exact is None else FOLD_PATH_TARGET_RATIO)
            if exact is not None:
                idx = sorted(set().union(*(exact[k if per_target else 0] for k in targets)))
                c_idx, b[:, idx], g[:, idx], more = solve_path(
                    problem, alphas_all[j][idx], l1_ratio=l1_ratios[j],
                    positive=self.positive, precompute=precompute, tol=self.tol,
                    max_iter=self.max_iter, selection=self.selection,
                    random_state=self.random_state, verbose=int(self.verbose),
                    label="refit on all data, selected alphas", lower=bounds[0],
                    upper=bounds[1], starts=_path_columns(c, idx).dense(),
                    **_factor_kwargs(factors))
                it[:, idx] += more
                c = c.with_columns(idx, c_idx)
            if expand and factors.excludes:
                c = c.expand(factors.keep)
            for k, path in zip(targets, c.paths):
                paths[k] = path
            intercept_path[targets] = b
            gaps[targets], iters[targets] = g, it
        coef_path = StoredPath(paths, n_features, n_alphas, dtype)
        return coef_path, intercept_path, gaps, iters

    def _per_target(self, y):
        """One alpha per target? (Not for a 1-D y.)"""
        return bool(self.alpha_per_target) and not (y.ndim == 1)

    def _alpha_values(self):
        """The given alphas in decreasing order, or None for the automatic grid."""
        if isinstance(self.alphas, Integral):
            return None
        values = check_alpha_values(self.alphas, strictly_positive=False)
        return np.sort(values)[::-1]

    def _choose(self, alphas_all, cv_mean, cv_std_error):
        """Per column of ``cv_mean`` (one, or one per target): the l1_ratio
        of the smallest loss, the index picked by ``selection_rule`` on its
        curve, and the indices of the minimum and of the 1-SE rule."""
        n_alphas = alphas_all.shape[1]
        rule = RULES[self.selection_rule] if isinstance(self.selection_rule, str) \
            else self.selection_rule
        chosen_l1, alpha_idx, idx_min, idx_1se = [], [], [], []
        for k in range(cv_mean.shape[2]):
            best_l1 = int(np.argmin(cv_mean[:, :, k].min(axis=1)))
            curve = (alphas_all[best_l1], cv_mean[best_l1, :, k],
                     cv_std_error[best_l1, :, k])
            idx = rule(*curve)
            if not (isinstance(idx, (Integral, np.integer)) and 0 <= idx < n_alphas):
                raise ValueError(
                    f"selection_rule returned {idx!r}: expected an index into the "
                    f"{n_alphas} alphas."
                )
            chosen_l1.append(best_l1)
            alpha_idx.append(int(idx))
            idx_min.append(select_min(*curve))
            idx_1se.append(select_1se(*curve))

        return chosen_l1, alpha_idx, idx_min, idx_1se


_CV_DOC_PARAMS = """
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    alphas : int or array-like, default=100
        Size of the automatic geometric grid from ``alpha_max`` (computed
        with the sample weights and the intercept) down to
        ``eps * alpha_max``, or the alphas themselves.
    fit_intercept : bool, default=True
        Whether to fit an intercept.
    precompute : bool or "auto", default="auto"
        Gram matrix use in every fit, as in the base estimator.
    max_iter : int, default=1000
        Maximum epochs per alpha.
    tol : float, default=1e-4
        Duality-gap tolerance per alpha (scikit-learn's meaning).
    copy_X : bool, default=True
        Accepted for compatibility; the user's X is never modified.
    cv : int, cross-validation generator or iterable, default=None
        As in scikit-learn: None is 5-fold, an int is K-fold, a splitter
        (``groups`` passed to ``fit`` reach it), or an iterable of
        (train, test) index arrays.
    verbose : bool or int, default=False
        Progress: one line per block of 10 alphas and one per fold.
    n_jobs : int, default=None
        Folds (and l1_ratios) solved in parallel threads (the Cython kernels
        release the GIL).
    positive : bool, default=False
        Constrain the coefficients to be non-negative.
    random_state : int, RandomState instance or None, default=None
        Seeds ``selection="random"``.
    selection : {"cyclic", "random"}, default="cyclic"
        Coordinate order.
    selection_rule : {"min", "1se"} or callable, default="min"
        How ``alpha_`` is chosen from the CV curve: its minimum, or glmnet's
        one-standard-error rule (the largest alpha whose mean loss is within
        one standard error of the minimum).  A callable
        ``rule(alphas, cv_mean, cv_std_error) -> index`` is applied to the
        curve of the best ``l1_ratio``.
    scoring : str or callable, default=None
        A scikit-learn scorer (greater is better); the CV loss is its
        negation.  None: the (weighted) mean squared error.
    alpha_per_target : bool, default=False
        With several targets: one alpha (and l1_ratio) per target, chosen on
        that target's CV curve; otherwise one for all, on the loss averaged
        over targets.
    penalty_factor : array-like of shape (n_features,), default=None
        Per-feature penalty factors, as in :class:`~sklearn_penalized.Lasso`
        and :class:`~sklearn_penalized.ElasticNet` (0: unpenalized, inf:
        excluded; used as given).  The automatic grid starts where the first
        penalized feature enters, the unpenalized ones fitted.
"""

_CV_DOC_PARAMS_STANDARDIZE = """    standardize : bool, default=False
        Whether to penalize the coefficients of the standardized features,
        as glmnet's ``standardize=TRUE`` (penalty factors from the columns'
        weighted standard deviations).  The scales are those of the rows a
        model is fitted on: each fold's training rows, then all the data for
        the grid and the refit, as with a grid search over the base
        estimator.
    lower_bounds, upper_bounds : float or array-like of shape (n_features,), default=None
        Box constraints on the coefficients, as in
        :class:`~sklearn_penalized.Lasso` (``lower_bounds <= 0 <=
        upper_bounds``); the grid's ``alpha_max`` counts only the directions
        the box leaves open.
"""

_CV_DOC_ATTRIBUTES = """
    alpha_ : float or ndarray of shape (n_targets,)
        The selected alpha (by ``selection_rule``).
    alpha_min_ : float or ndarray of shape (n_targets,)
        The alpha of minimum mean CV loss.
    alpha_1se_ : float or ndarray of shape (n_targets,)
        The one-standard-error alpha.
    alphas_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
        The grid(s) used: ``(n_alphas,)`` when ``alphas`` are given (one grid
        for every ``l1_ratio``, as in scikit-learn) or for one automatic
        grid.
    mse_path_ : ndarray of shape (n_alphas, n_folds) or (n_l1_ratio, n_alphas, n_folds)
        Held-out (weighted) mean squared error per alpha and fold (averaged
        over targets, or with a trailing target axis when
        ``alpha_per_target``); axes of length one are squeezed out, as
        scikit-learn does.  With more than 64 features each fold's path is
        certified at ``tol`` (scikit-learn's promise) and the alphas near the
        selected ones are solved again at a single fit's stricter target
        (user guide, "Two passes over the fold paths").
    cv_mean_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
        Mean CV loss per alpha, folds weighted by their total sample weight
        (trailing target axis when ``alpha_per_target``).
    cv_std_error_ : ndarray, same shape as ``cv_mean_``
        Its standard error, ``sqrt(weighted variance over folds / (K - 1))``.
    path_alphas_ : ndarray of shape (n_alphas,) or (n_targets, n_alphas)
        Alphas of the refit path (the grid of the selected ``l1_ratio``);
        one row per target when ``alpha_per_target`` with several targets.
    coef_path_ : ndarray of shape (n_features, n_alphas) or (n_targets, n_features, n_alphas)
        Coefficients of the refit on all the data along ``path_alphas_``.
        Stored compactly (sparse columns when the path is sparse) and built
        as this array on each access.  Each column is certified at ``tol``;
        with more than 64 features, those of ``alpha_``, ``alpha_min_`` and
        ``alpha_1se_`` are solved on to a single fit's target.
    intercept_path_ : ndarray of shape (n_alphas,) or (n_targets, n_alphas)
        Intercepts along ``path_alphas_``.
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients at ``alpha_``; ``(n_features,)`` for ``y`` of shape
        ``(n_samples, 1)`` too (one target, as in scikit-learn).
    intercept_ : float or ndarray of shape (n_targets,)
        Intercept at ``alpha_``.
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap of the refit at ``alpha_``.
    n_iter_ : int or list of int
        Epochs of the refit at ``alpha_``.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the features, when X has string column names.
"""


class LassoCV(_BaseCV):
    __doc__ = """Lasso with the alpha chosen by cross-validation along the path.

    At the selected ``alpha``, the model is :class:`Lasso`'s: it minimizes

    .. math::

        \\min_{w, b} \\; \\frac{1}{2 \\sum_i s_i} \\sum_{i=1}^{n}
        s_i (y_i - x_i^T w - b)^2 + \\alpha \\sum_{j=1}^{p} c_j |w_j|
        \\quad \\text{subject to} \\quad l_j \\le w_j \\le u_j,

    scikit-learn's :math:`\\frac{1}{2 n} \\|y - X w - b\\|_2^2 + \\alpha
    \\|w\\|_1` when the sample weights :math:`s_i`, the penalty factors
    :math:`c_j` (``penalty_factor``, times the columns' standard deviations
    with ``standardize``) are ones and the box (``lower_bounds``,
    ``upper_bounds``) is unbounded.  For each fold the whole path of
    ``alphas`` is solved with warm starts on the training rows and scored on
    the held-out rows; ``selection_rule`` picks ``alpha_`` from the mean CV
    loss, and a final path on all the data gives ``coef_path_`` and
    ``coef_``.

    Parameters
    ----------""" + _CV_DOC_PARAMS + _CV_DOC_PARAMS_STANDARDIZE + """
    Attributes
    ----------""" + _CV_DOC_ATTRIBUTES + """
    See Also
    --------
    lasso_path : The path each fold solves.
    Lasso : The model at one ``alpha``.
    ElasticNetCV : With an L2 part and a grid of ``l1_ratio``.
    RelaxedLassoCV : Cross-validates the relaxed lasso.
    sklearn_penalized.plotting.CVCurveDisplay : Plots the CV curve.
    sklearn.linear_model.LassoCV : The scikit-learn estimator this replaces.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_penalized import LassoCV
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(60, 8)
    >>> y = X[:, 0] - 2 * X[:, 1] + 0.1 * rng.randn(60)
    >>> model = LassoCV(cv=3, selection_rule="1se").fit(X, y)
    >>> bool(model.alpha_1se_ >= model.alpha_min_)
    True
    >>> np.flatnonzero(model.coef_).tolist()
    [0, 1]
    """

    def __init__(self, *, eps=1e-3, alphas=100, fit_intercept=True, precompute="auto",
                 max_iter=1000, tol=1e-4, copy_X=True, cv=None, verbose=False,
                 n_jobs=None, positive=False, random_state=None, selection="cyclic",
                 selection_rule="min", scoring=None, alpha_per_target=False,
                 penalty_factor=None, standardize=False, lower_bounds=None,
                 upper_bounds=None):
        self.lower_bounds = lower_bounds
        self.upper_bounds = upper_bounds
        self.penalty_factor = penalty_factor
        self.standardize = standardize
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.copy_X = copy_X
        self.cv = cv
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.positive = positive
        self.random_state = random_state
        self.selection = selection
        self.selection_rule = selection_rule
        self.scoring = scoring
        self.alpha_per_target = alpha_per_target


class ElasticNetCV(_BaseCV):
    __doc__ = """Elastic net with alpha and l1_ratio chosen by cross-validation.

    At the selected ``alpha`` and ``l1_ratio`` (:math:`\\rho`), the model is
    :class:`ElasticNet`'s: it minimizes

    .. math::

        \\min_{w, b} \\; \\frac{1}{2 \\sum_i s_i} \\sum_{i=1}^{n}
        s_i (y_i - x_i^T w - b)^2
        + \\alpha \\rho \\sum_{j=1}^{p} a_j |w_j|
        + \\frac{\\alpha (1 - \\rho)}{2} \\sum_{j=1}^{p} c_j w_j^2
        \\quad \\text{subject to} \\quad l_j \\le w_j \\le u_j,

    scikit-learn's ElasticNet objective when the sample weights
    :math:`s_i` and the penalty factors :math:`a_j`, :math:`c_j`
    (``l1_penalty_factor``, ``l2_penalty_factor``, both defaulting to
    ``penalty_factor``) are ones and the box (``lower_bounds``,
    ``upper_bounds``) is unbounded.  Each ``l1_ratio`` has its own grid of
    ``alphas``, cross-validated as in :class:`LassoCV`: the ``l1_ratio``
    whose CV curve reaches the least mean loss is kept, ``selection_rule``
    picks ``alpha_`` on that curve, and the path at that ``l1_ratio`` is
    refitted on all the data.

    Parameters
    ----------
    l1_ratio : float or list of float, default=0.5
        Mixing parameter(s) in [0, 1], each with its own automatic grid;
        ``0`` (ridge) is allowed: its grid is that of ``l1_ratio=1e-3``
        (glmnet's convention, since ridge has no finite alpha_max).""" \
        + _CV_DOC_PARAMS + """    l1_penalty_factor, l2_penalty_factor : array-like of shape (n_features,), default=None
        Factors of one term only, replacing ``penalty_factor`` for it, as
        in :class:`~sklearn_penalized.ElasticNet`.
""" + _CV_DOC_PARAMS_STANDARDIZE + """
    Attributes
    ----------
    l1_ratio_ : float or ndarray of shape (n_targets,)
        The selected l1_ratio (best minimum CV loss).""" + _CV_DOC_ATTRIBUTES + """
    See Also
    --------
    enet_path : The path each fold solves.
    ElasticNet : The model at one ``alpha`` and ``l1_ratio``.
    LassoCV : The case ``l1_ratio=1``.
    sklearn_penalized.plotting.CVCurveDisplay : Plots the CV curve.
    sklearn.linear_model.ElasticNetCV : The scikit-learn estimator this
        replaces.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_penalized import ElasticNetCV
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(60, 8)
    >>> y = X[:, 0] - 2 * X[:, 1] + 0.1 * rng.randn(60)
    >>> model = ElasticNetCV(l1_ratio=[0.0, 0.5, 1.0], cv=3).fit(X, y)
    >>> model.alphas_.shape
    (3, 100)
    >>> float(model.l1_ratio_) in (0.0, 0.5, 1.0)
    True
    """

    _parameter_constraints: dict = {
        **_BaseCV._parameter_constraints,
        "l1_ratio": [Interval(Real, 0, 1, closed="both"), "array-like"],
        "l1_penalty_factor": ["array-like", None],
        "l2_penalty_factor": ["array-like", None],
    }

    def __init__(self, *, l1_ratio=0.5, eps=1e-3, alphas=100, fit_intercept=True,
                 precompute="auto", max_iter=1000, tol=1e-4, copy_X=True, cv=None,
                 verbose=0, n_jobs=None, positive=False, random_state=None,
                 selection="cyclic", selection_rule="min", scoring=None,
                 alpha_per_target=False, penalty_factor=None, l1_penalty_factor=None,
                 l2_penalty_factor=None, standardize=False, lower_bounds=None,
                 upper_bounds=None):
        self.lower_bounds = lower_bounds
        self.upper_bounds = upper_bounds
        self.penalty_factor = penalty_factor
        self.l1_penalty_factor = l1_penalty_factor
        self.l2_penalty_factor = l2_penalty_factor
        self.standardize = standardize
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.copy_X = copy_X
        self.cv = cv
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.positive = positive
        self.random_state = random_state
        self.selection = selection
        self.selection_rule = selection_rule
        self.scoring = scoring
        self.alpha_per_target = alpha_per_target

    def _l1_ratios(self):
        ratios = np.atleast_1d(np.asarray(self.l1_ratio, dtype=np.float64))
        if ratios.ndim != 1 or ratios.size == 0 or not np.all(
                (ratios >= 0) & (ratios <= 1)):
            raise ValueError(
                f"l1_ratio must be a value or a non-empty list of values in "
                f"[0, 1], got {self.l1_ratio!r}."
            )
        return [float(r) for r in ratios]

    def _set_l1_ratio(self, value):
        self.l1_ratio_ = value
