# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""RidgeCV with ``cv`` given: K-fold cross-validation on fold views.

The result is that of :class:`~sklearn.model_selection.GridSearchCV` over
:class:`~sklearn_penalized.Ridge` (same folds, same fits, same scores, the
first alpha of best mean test score, the refit on all the data), computed
without its per-fit copies: each fold's training rows are a view of ``X``
(``make_problem(..., rows=train)``) whose Gram matrix is formed once, block
by block, and serves every alpha; only the held-out rows are gathered, for
the scorer.
"""
import warnings
from inspect import signature

import numpy as np
from sklearn.utils.metadata_routing import process_routing

from ._folds import _FittedLinear, compact_folds
from ._preprocessing import make_problem
from ._ridge import Ridge
from .utils._sklearn_compat import _routing_enabled, sklearn_version_at_least


def _scorer_accepts_weights(scorer):
    if hasattr(scorer, "_accept_sample_weight"):
        return scorer._accept_sample_weight()
    return "sample_weight" in signature(scorer).parameters


def _routed_params(estimator, sample_weight, params, scorer):
    """``(split_params, fit_weights, score_params)`` as GridSearchCV routes
    them.  Without metadata routing: ``groups`` to the splitter, the
    weights to the fits, and (scikit-learn >= 1.7) to the scorer too when
    it accepts them; with routing, each consumer gets what it requests."""
    if not _routing_enabled():
        split = {"groups": params["groups"]} if "groups" in params else {}
        score = {}
        if sample_weight is not None and sklearn_version_at_least("1.7"):
            if _scorer_accepts_weights(scorer):
                score = {"sample_weight": sample_weight}
            else:
                warnings.warn(
                    f"The scoring {scorer} does not support sample_weight, which "
                    "may lead to statistically incorrect results when fitting "
                    f"{estimator} with sample_weight.", UserWarning, stacklevel=4)
        return split, sample_weight, score
    if sample_weight is not None:
        params = {**params, "sample_weight": sample_weight}
    routed = process_routing(estimator, "fit", **params)
    return dict(routed.splitter.split), sample_weight, dict(routed.scorer.score)


def _rows_of(value, rows, n_samples):
    """``value[rows]`` for per-sample metadata, ``value`` otherwise (as
    scikit-learn's ``_check_method_params``)."""
    if hasattr(value, "__len__") and not isinstance(value, str) and \
            len(value) == n_samples:
        return value[rows] if hasattr(value, "shape") else np.asarray(value)[rows]
    return value


def fold_scores(X, y, sample_weight, train, test, alphas, fit_intercept, scorer,
                score_params):
    """Scores of every alpha's ridge fitted on ``train``, scored on ``test``."""
    problem = make_problem(X, y, sample_weight, fit_intercept=fit_intercept,
                           rows=train)
    X_test, y_test = X[test], y[test]
    params = {k: _rows_of(v, test, X.shape[0]) for k, v in score_params.items()}
    scores = []
    for alpha in alphas:
        ridge = Ridge(alpha=float(alpha), fit_intercept=fit_intercept)
        penalty = ridge._make_penalty(problem)
        coef = ridge._make_solver(penalty, problem).solve(problem, penalty).coef
        intercept = problem.intercept(coef) if fit_intercept else np.zeros(len(coef))
        if y.ndim == 1:
            coef, intercept = coef[0], intercept[0]
        scores.append(scorer(_FittedLinear(coef, intercept), X_test, y_test, **params))
    return scores


def fit_ridge_k_fold(estimator, X, y, sample_weight, alphas, params, scorer):
    """``(alpha, best_score, fitted Ridge)`` of K-fold CV over ``alphas``.

    ``estimator`` is the RidgeCV (its ``cv``, ``fit_intercept`` and metadata
    routing); ``scorer(model, X, y, **params)`` scores one fold's model.
    """
    import scipy.sparse as sp
    from sklearn.model_selection import check_cv

    if sp.issparse(X) and X.format not in ("csr", "csc"):
        X = X.tocsr()  # rows are indexed (COO cannot be)
    split_params, fit_weights, score_params = _routed_params(
        estimator, sample_weight, params, scorer)
    cv = check_cv(estimator.cv)
    folds = compact_folds(cv.split(X, y, **split_params), X.shape[0])
    scores = np.array([
        fold_scores(X, y, fit_weights, train, test, alphas, estimator.fit_intercept,
                    scorer, score_params)
        for train, test in folds], dtype=np.float64)          # (n_folds, n_alphas)
    mean = scores.mean(axis=0)
    # the first alpha of best mean score (a NaN mean ranks last, as in
    # GridSearchCV)
    best = int(np.argmax(np.where(np.isnan(mean), -np.inf, mean)))
    ridge = Ridge(alpha=float(alphas[best]), fit_intercept=estimator.fit_intercept)
    ridge.fit(X, y, sample_weight=fit_weights)
    return float(alphas[best]), float(mean[best]), ridge
