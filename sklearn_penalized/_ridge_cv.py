# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""RidgeCV: ridge regression with the penalty chosen by cross-validation.

With ``cv=None`` every candidate alpha is scored by *exact* leave-one-out
(LOO) cross-validation, read off one decomposition (``_ridge_loo``); with
``cv`` given, by K-fold cross-validation on fold views (``_ridge_kfold``).
"""
import warnings
from numbers import Real

import numpy as np
from sklearn.base import BaseEstimator, MultiOutputMixin, RegressorMixin
from sklearn.metrics import check_scoring, get_scorer, get_scorer_names
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    process_routing,
)

from ._base import linear_predict
from ._dask import is_dask_collection
from ._preprocessing import make_problem
from ._ridge_loo import loo_form
from .utils._params import CachedParamNamesMixin
from .utils._scoring import R2ScoreMixin
from .utils._sklearn_compat import (
    Interval,
    StrOptions,
    _fit_context,
    _routing_enabled,
    check_fit_params_without_routing,
    check_is_fitted,
    check_sample_weight,
    validate_data,
)
from .utils._validation import check_alpha_values

# Temporary arrays of one chunk of alphas hold about as many float64 values
# as X has entries (at least this many): bounds the memory of many alphas x
# many targets x many samples by a small multiple of the size of X.
_CHUNK_ELEMENTS = 2**18


def _check_alphas(alphas, allow_zero):
    """``alphas`` as a float64 vector, or the error naming the bad entry."""
    return check_alpha_values(
        alphas, strictly_positive=not allow_zero,
        context="" if allow_zero else " Leave-one-out (cv=None) needs alpha > 0.")


class _LOOPredictions(RegressorMixin, BaseEstimator):
    """Stand-in estimator whose ``predict`` returns its input.

    Lets any scikit-learn scorer score precomputed LOO predictions.
    """

    def predict(self, X):
        return X


class RidgeCV(CachedParamNamesMixin, MultiOutputMixin, R2ScoreMixin, RegressorMixin,
              BaseEstimator):
    """Ridge regression with the penalty chosen by cross-validation.

    Each candidate ``alpha`` defines scikit-learn's ridge problem

    .. math::

        \\min_{w, b} \\; \\sum_{i=1}^{n} s_i (y_i - x_i^T w - b)^2
        + \\alpha \\|w\\|_2^2

    (``s_i = 1`` without ``sample_weight``).  With ``cv=None`` (default) the
    alpha maximising the exact leave-one-out score is kept; without
    ``scoring`` that score is

    .. math::

        -\\frac{1}{n} \\sum_{i=1}^{n} s_i \\bigl(y_i - \\hat y_{-i}(\\alpha)\\bigr)^2,

    where :math:`\\hat y_{-i}(\\alpha)` is the prediction at :math:`x_i` of the
    ridge model fitted with sample ``i`` left out (intercept refitted too).
    The model is then fitted on all data with the chosen alpha.

    Parameters
    ----------
    alphas : float or array-like of shape (n_alphas,), default=(0.1, 1.0, 10.0)
        Penalty strengths to try, finite; > 0 for leave-one-out (``cv=None``),
        >= 0 otherwise.
    fit_intercept : bool, default=True
        Whether to fit an (unpenalized) intercept.
    scoring : str, callable or None, default=None
        Scorer name or callable ``scorer(estimator, X, y)``.  None means the
        negative weighted mean squared LOO error above when ``cv=None``, and
        the estimator's R^2 (:meth:`~sklearn.base.RegressorMixin.score`)
        otherwise.  With ``cv=None`` the scorer receives the LOO predictions
        and ``sample_weight`` (with metadata routing: the metadata it
        requests).
    cv : int, cross-validation generator, iterable or None, default=None
        None: efficient leave-one-out.  Otherwise the result of a
        :class:`~sklearn.model_selection.GridSearchCV` over
        :class:`~sklearn_penalized.Ridge` on those folds, computed without
        copying the training rows (each fold's Gram matrix serves every
        alpha).
    gcv_mode : {"auto", "svd", "eigen"} or None, default=None
        Decomposition for leave-one-out.  None, ``"auto"`` and ``"eigen"``:
        eigendecomposition of ``X_c X_c^T`` when ``n_samples <= n_features``,
        of ``X_c^T X_c`` otherwise.  ``"svd"``: thin SVD of the (dense)
        centred design; sparse ``X`` falls back to ``"eigen"`` with a
        ``FutureWarning``, as in scikit-learn.
    store_cv_results : bool, default=False
        Keep the per-sample LOO values in ``cv_results_`` (``cv=None`` only).
    alpha_per_target : bool, default=False
        Choose one alpha per target (``cv=None`` only).

    Attributes
    ----------
    alpha_ : float or ndarray of shape (n_targets,)
        The chosen alpha (one per target with ``alpha_per_target``).
    best_score_ : float or ndarray of shape (n_targets,)
        The score of the chosen alpha.
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients of the final fit, in the dtype of X.
    intercept_ : float or ndarray of shape (n_targets,)
        Intercept of the final fit (0.0 without intercept).
    cv_results_ : ndarray of shape (n_samples, n_alphas) or \
(n_samples, n_targets, n_alphas)
        Only with ``store_cv_results=True``: the weighted squared LOO errors
        ``s_i (y_i - yhat_{-i})^2``, or the LOO predictions ``yhat_{-i}``
        when ``scoring`` is given.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the features, when X has string column names.

    See Also
    --------
    Ridge : Ridge regression with a given alpha.
    sklearn.linear_model.RidgeCV : The scikit-learn estimator this replaces.

    Notes
    -----
    Leave-one-out reads every alpha off one decomposition: of the
    ``n x n`` kernel when ``n_samples <= n_features``, of the ``p x p`` Gram
    matrix otherwise.  The LOO residual of sample ``i`` is
    ``(y_i - yhat_i) / (1 - H_ii)`` with the hat matrix ``H`` of the weighted
    problem, the intercept being an unpenalized column ``sqrt(s)``: this is
    the exact refit without sample ``i``, re-centring included.  Sparse ``X``
    is centred implicitly and never densified.  Computations run in float64;
    ``coef_`` and ``intercept_`` are returned in the dtype of ``X``.

    Sample weights enter the LOO score as ``s_i`` times the squared error of
    sample ``i`` (a zero-weight sample contributes nothing, and leaving it
    out changes nothing); the mean is over all ``n_samples`` rows, as in
    scikit-learn.  The LOO prediction of a zero-weight sample is that of the
    full fit (scikit-learn returns NaN there, dividing by ``sqrt(s_i)``).
    With ``cv`` given, the weights reach the fits of each fold, and the
    scorer only through metadata routing.

    ``groups`` may be passed to :meth:`fit` without metadata routing; it
    goes to the ``cv`` splitter (ignored by leave-one-out).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_penalized import Ridge, RidgeCV
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(40, 10)
    >>> y = X @ rng.randn(10) * 0.3 + rng.randn(40)
    >>> model = RidgeCV(alphas=[0.1, 1.0, 10.0, 100.0]).fit(X, y)
    >>> model.alpha_
    10.0
    >>> round(model.best_score_, 3)  # minus the mean squared LOO error
    -1.022
    >>> refit = Ridge(alpha=model.alpha_).fit(X, y)
    >>> bool(np.allclose(model.coef_, refit.coef_))
    True
    """

    _parameter_constraints: dict = {
        "alphas": ["array-like", Interval(Real, 0, None, closed="neither")],
        "fit_intercept": ["boolean"],
        "scoring": [StrOptions(set(get_scorer_names())), callable, None],
        "cv": ["cv_object"],
        "gcv_mode": [StrOptions({"auto", "svd", "eigen"}), None],
        "store_cv_results": ["boolean"],
        "alpha_per_target": ["boolean"],
    }

    def __init__(
        self,
        alphas=(0.1, 1.0, 10.0),
        *,
        fit_intercept=True,
        scoring=None,
        cv=None,
        gcv_mode=None,
        store_cv_results=False,
        alpha_per_target=False,
    ):
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.scoring = scoring
        self.cv = cv
        self.gcv_mode = gcv_mode
        self.store_cv_results = store_cv_results
        self.alpha_per_target = alpha_per_target

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, **params):
        """Choose alpha by cross-validation, then fit on all data.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data (sparse input is never densified).  Dask arrays and
            DataFrames are fitted from blockwise sufficient statistics:
            ``cv=None`` is the exact leave-one-out in two passes over the
            blocks, ``cv=K`` makes folds of whole blocks (user guide,
            "Cross-validation on dask").
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Target values.
        sample_weight : float or array-like of shape (n_samples,), default=None
            Non-negative sample weights.
        **params : dict
            Metadata: with metadata routing enabled, routed to the scorer and
            the splitter; without it only ``groups`` (for the splitter).

        Returns
        -------
        self : object
            Fitted estimator.
        """
        alphas = _check_alphas(self.alphas, allow_zero=self.cv is not None)
        if self.cv is not None and self.store_cv_results:
            raise ValueError("cv!=None and store_cv_results=True are incompatible: "
                             "cv_results_ holds leave-one-out values (cv=None).")
        if self.cv is not None and self.alpha_per_target:
            raise ValueError("cv!=None and alpha_per_target=True are incompatible: "
                             "per-target alphas need leave-one-out (cv=None).")
        if not _routing_enabled():
            check_fit_params_without_routing("RidgeCV", params)
        if is_dask_collection(X) or is_dask_collection(y):
            from ._dask_cv import fit_ridge_cv_on_dask, fit_ridge_loo_on_dask

            if self.cv is None:
                return fit_ridge_loo_on_dask(self, X, y, sample_weight, alphas)
            return fit_ridge_cv_on_dask(self, X, y, sample_weight, alphas,
                                        {k: v for k, v in params.items()
                                         if k != "sample_weight"})
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=["csr", "csc", "coo"],
            dtype=[np.float64, np.float32],
            multi_output=True,
            y_numeric=True,
        )
        if sample_weight is not None:
            # float64 whatever X's dtype: leave-one-out runs in float64, and
            # Ridge casts the weights of each fold fit to X's dtype itself
            sample_weight = check_sample_weight(sample_weight, X, dtype=np.float64)
        if self.cv is None:
            self._fit_loo(X, y, sample_weight, alphas, params)
        else:
            self._fit_grid_search(X, y, sample_weight, alphas, params)
        return self

    # -- leave-one-out ----------------------------------------------------------
    def _loo_form(self, problem, alphas):
        mode = self.gcv_mode
        if mode == "svd" and problem.is_sparse:
            warnings.warn(
                "gcv_mode='svd' needs dense X; sparse X uses gcv_mode='eigen' "
                "instead (scikit-learn will raise an error for this from 1.11).",
                FutureWarning,
                stacklevel=3,
            )
            mode = "eigen"
        return loo_form(problem, mode == "svd", alphas)

    def _fit_loo(self, X, y, sample_weight, alphas, params):
        dtype = X.dtype
        # Leave-one-out divides by 1 - H_ii: float64 throughout, results cast.
        X64 = X.astype(np.float64, copy=False)
        y64 = np.asarray(y, dtype=np.float64)
        sw64 = sample_weight
        n_samples = X.shape[0]
        n_positive = n_samples if sw64 is None else int(np.count_nonzero(sw64))
        if self.fit_intercept and n_positive < 2:
            raise ValueError(
                "Leave-one-out with fit_intercept=True needs at least 2 samples "
                f"of positive weight; got {n_positive} sample"
                f"{'s' if n_positive != 1 else ''} (n_samples={n_samples})."
            )
        if _routing_enabled():
            if sample_weight is not None:
                params = {**params, "sample_weight": sample_weight}
            score_params = process_routing(self, "fit", **params).scorer.score
        else:
            score_params = {} if sample_weight is None else {
                "sample_weight": sample_weight}
        scorer = None if self.scoring is None else self._get_scorer()

        problem = make_problem(X64, y64, sw64, fit_intercept=self.fit_intercept)
        form = self._loo_form(problem, alphas)

        n_targets = problem.n_targets
        n_alphas = alphas.shape[0]
        per_target = self.alpha_per_target and y.ndim == 2
        track_per_target = self.alpha_per_target and n_targets > 1
        weights = problem.sample_weight
        Y2 = y64.reshape(n_samples, -1)
        results = None
        if self.store_cv_results:
            results = np.empty((n_samples, n_targets, n_alphas))
        budget = max(_CHUNK_ELEMENTS, X.shape[0] * X.shape[1])
        chunk = max(1, min(n_alphas, budget // (n_samples * (n_targets + 2))))
        scores = []
        for start in range(0, n_alphas, chunk):
            block = alphas[start:start + chunk]
            E = form.residuals(block)                        # (n, k, G)
            if scorer is None:
                sq = E * E if weights is None else weights[:, None, None] * E * E
                if self.alpha_per_target:
                    chunk_scores = -sq.mean(axis=0).T          # (G, k)
                    if y.ndim == 1:
                        chunk_scores = chunk_scores[:, 0]
                else:
                    chunk_scores = -sq.mean(axis=(0, 1))       # (G,)
                scores.extend(chunk_scores)
                if results is not None:
                    results[:, :, start:start + chunk] = sq
                continue
            pred = Y2[:, :, None] - E
            if results is not None:
                results[:, :, start:start + chunk] = pred
            for a in range(len(block)):
                scores.append(self._score_predictions(
                    scorer, pred[:, :, a], y64, per_target, score_params))

        best_alpha, best_score = _select(alphas, scores, track_per_target)
        alpha_vec = np.broadcast_to(np.asarray(best_alpha, dtype=np.float64),
                                    (n_targets,))
        coef = form.coef(alpha_vec).T                       # (k, p), float64

        self.alpha_ = best_alpha
        self.best_score_ = best_score
        self._set_coef(problem, coef, y.ndim, dtype)
        if results is not None:
            if y.ndim == 1:
                results = results[:, 0, :]
            self.cv_results_ = results.astype(dtype, copy=False)

    @staticmethod
    def _score_predictions(scorer, pred, y, per_target, score_params):
        identity = _LOOPredictions()
        if per_target:
            return np.asarray([
                scorer(identity, pred[:, t], y[:, t], **score_params)
                for t in range(y.shape[1])
            ])
        return scorer(identity, pred.reshape(y.shape), y, **score_params)

    def _set_coef(self, problem, coef, y_ndim, dtype):
        coef_out = coef.astype(dtype, copy=False)
        self.coef_ = coef_out[0] if problem.n_targets == 1 else coef_out
        if not self.fit_intercept:
            self.intercept_ = 0.0
            return
        # (n_targets,); for y of shape (n, 1) scikit-learn ravels coef_ but
        # keeps intercept_ of shape (1,)
        intercept = problem.y_offset - coef @ problem.X_mean
        intercept = intercept.astype(dtype, copy=False)
        self.intercept_ = intercept[0] if y_ndim == 1 else intercept

    # -- K-fold: GridSearchCV's result, fold views instead of copies -----------
    def _fit_grid_search(self, X, y, sample_weight, alphas, params):
        from ._ridge_kfold import fit_ridge_k_fold

        self.alpha_, self.best_score_, best = fit_ridge_k_fold(
            self, X, y, sample_weight, alphas, params, self._get_scorer())
        self.coef_ = best.coef_
        self.intercept_ = best.intercept_

    # -- metadata routing ------------------------------------------------------
    def _get_scorer(self):
        if _routing_enabled() and self.scoring is None:
            # the default R^2 of GridSearchCV, asking for the weights
            return get_scorer("r2").set_score_request(sample_weight=True)
        return check_scoring(self, scoring=self.scoring, allow_none=True)

    def get_metadata_routing(self):
        """Metadata routing of this object (scorer and cv splitter).

        Returns
        -------
        routing : MetadataRouter
            Routes ``fit`` metadata to the scorer's ``score`` and to the
            splitter's ``split``.
        """
        return (
            MetadataRouter(owner=self)
            .add_self_request(self)
            .add(
                scorer=self._get_scorer(),
                method_mapping=MethodMapping().add(caller="fit", callee="score"),
            )
            .add(
                splitter=self.cv,
                method_mapping=MethodMapping().add(caller="fit", callee="split"),
            )
        )

    def predict(self, X):
        """Predict with the linear model ``X @ coef_.T + intercept_``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Predicted values.
        """
        check_is_fitted(self)
        return linear_predict(self, X, self.coef_, self.intercept_)


# Leave-one-out scores closer than this (relative) are equal: the formulas
# round at ~1e-14 relative, and exactly tied alphas (two samples with an
# intercept: every alpha has the same leave-one-out errors) must not be
# ranked by that rounding.
TIE_RTOL = 1e-10


def _select(alphas, scores, per_target):
    """The first alpha with the highest score (per target if asked).

    Alphas are visited in the given order and replaced only by a better
    score, as scikit-learn does (ties and NaN keep the earlier one); scores
    within :data:`TIE_RTOL` of each other are ties.
    """
    best_alpha, best_score = None, None
    for alpha, score in zip(alphas, scores):
        alpha = float(alpha)
        if best_score is None:
            best_score = np.array(score, dtype=np.float64, copy=True)
            best_alpha = np.full(best_score.shape, alpha) if per_target else alpha
            continue
        score = np.asarray(score, dtype=np.float64)
        with np.errstate(invalid="ignore"):
            # an infinite score (an interpolating alpha) has no relative margin
            margin = TIE_RTOL * np.maximum(np.abs(best_score), np.abs(score))
            better = np.where(np.isfinite(best_score), score > best_score + margin,
                              score > best_score)
        if per_target:
            best_score[better] = score[better]
            best_alpha[better] = alpha
        elif np.all(better):
            best_alpha, best_score = alpha, np.array(score, dtype=np.float64)
    if best_score.ndim == 0:
        best_score = float(best_score)
    return best_alpha, best_score
