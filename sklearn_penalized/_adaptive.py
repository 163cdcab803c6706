# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""AdaptiveLasso: the lasso with penalty factors from a first fit (Zou, 2006)."""
from numbers import Integral, Real

import numpy as np
from sklearn.base import clone

from ._elastic_net import _BaseCoordinateDescentRegressor
from ._factors import FeatureFactors
from ._lasso import Lasso
from ._ridge import Ridge
from .penalties import L1
from .utils._sklearn_compat import HasMethods, Interval, StrOptions, validate_data


class AdaptiveLasso(_BaseCoordinateDescentRegressor):
    """Adaptive lasso: a lasso whose penalty factors come from a first fit.

    Minimizes, in its last stage,

    .. math::

        \\min_{w, b} \\; \\frac{1}{2 \\sum_i s_i} \\sum_{i=1}^{n}
        s_i (y_i - x_i^T w - b)^2
        + \\alpha \\sum_{j=1}^{p} \\frac{|w_j|}{|\\hat w_j|^{\\gamma}}

    (subject to :math:`w \\ge 0` when ``positive=True``; :math:`s_i` are the
    sample weights, 1 by default, and :math:`b = 0` when
    ``fit_intercept=False``), where :math:`\\hat w` is the previous stage's
    coefficients: the initial estimator's (``init``) for the first lasso,
    then each lasso's for the next (``n_reweightings`` lassos in all; more
    than one is the multi-step adaptive lasso).  A feature with
    :math:`\\hat w_j = 0` gets an infinite factor: it is excluded from the
    next stage (coefficient 0), never divided by.  The factors go through the same machinery as
    ``Lasso(penalty_factor=...)``.

    Parameters
    ----------
    alpha : float, default=1.0
        Strength of the weighted L1 penalty, >= 0.
    gamma : float, default=1.0
        Exponent of the weights ``1 / |w_hat_j|**gamma``, > 0.
    init : {"ridge", "lasso", "ols"} or estimator, default="ridge"
        The first fit: our :class:`~sklearn_penalized.Ridge` with
        ``alpha=init_alpha`` (default 1.0; scikit-learn's Ridge scaling),
        our :class:`~sklearn_penalized.Lasso` with ``alpha=init_alpha``
        (default ``alpha``), ordinary least squares (Ridge with alpha 0; it
        needs ``n_samples > n_features``), or any regressor with ``fit``
        and a ``coef_`` (cloned, fitted with the same data and weights).
    init_alpha : float, default=None
        Penalty of the ``"ridge"`` / ``"lasso"`` first fit.
    n_reweightings : int, default=1
        Number of weighted lassos.
    fit_intercept : bool, default=True
        Whether to fit an intercept, in every stage (the initial fit too).
    precompute : bool, "auto" or array-like of shape (n_features, n_features), default="auto"
        Gram matrix use of every lasso stage, as in
        :class:`~sklearn_penalized.Lasso`.
    copy_X : bool, default=True
        If False, dense X may be centred and scaled in place.
    max_iter : int, default=1000
        Maximum number of epochs of each lasso stage.
    tol : float, default=1e-4
        Duality-gap tolerance of each lasso stage (scikit-learn's meaning,
        as in :class:`~sklearn_penalized.Lasso`).
    warm_start : bool, default=False
        Start each lasso stage from the current ``coef_``: the previous
        stage's, or the previous call's for the first stage.
    positive : bool, default=False
        Constrain the coefficients of the lasso stages to be non-negative
        (and those of the ``"lasso"`` initial fit).
    random_state : int, RandomState instance or None, default=None
        Seeds the feature order when ``selection="random"``.
    selection : {"cyclic", "random"}, default="cyclic"
        Visit the features in order, or in a random order each epoch.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients of the last stage.
    intercept_ : float or ndarray of shape (n_targets,)
        Intercept of the last stage.
    initial_coef_ : ndarray, same shape as ``coef_``
        Coefficients of the initial fit.
    penalty_factor_ : ndarray, same shape as ``coef_``
        Factors of the last stage (``inf``: excluded feature).
    n_iter_ : int or list of int
        Epochs of the last stage, per target.
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap of the last stage's weighted lasso.
    solver_ : str
        Route of the last stage's solver (``"none"`` when every feature was
        excluded: the model is then the intercept alone).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the features, when X has string column names.

    See Also
    --------
    Lasso : The lasso, with ``penalty_factor`` given directly.
    RelaxedLasso : Another two-stage correction of the lasso's shrinkage.

    Notes
    -----
    Several targets are fitted independently (each target has its own
    weights and its own excluded features).  References: H. Zou, "The
    adaptive lasso and its oracle properties", JASA 101 (2006); Bühlmann &
    Meier (2008) for the multi-step version.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_penalized import AdaptiveLasso
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(100, 6)
    >>> y = 3 * X[:, 0] - 2 * X[:, 1] + 0.1 * rng.randn(100)
    >>> model = AdaptiveLasso(alpha=0.05).fit(X, y)
    >>> np.flatnonzero(model.coef_).tolist()
    [0, 1]
    """

    _parameter_constraints: dict = {
        **{k: v for k, v in _BaseCoordinateDescentRegressor._parameter_constraints.items()
           if k not in ("penalty_factor", "standardize", "lower_bounds",
                        "upper_bounds")},
        "gamma": [Interval(Real, 0, None, closed="neither")],
        "init": [StrOptions({"ridge", "lasso", "ols"}), HasMethods(["fit"])],
        "init_alpha": [Interval(Real, 0, None, closed="left"), None],
        "n_reweightings": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(self, alpha=1.0, *, gamma=1.0, init="ridge", init_alpha=None,
                 n_reweightings=1, fit_intercept=True, precompute="auto", copy_X=True,
                 max_iter=1000, tol=1e-4, warm_start=False, positive=False,
                 random_state=None, selection="cyclic"):
        self.alpha = alpha
        self.gamma = gamma
        self.init = init
        self.init_alpha = init_alpha
        self.n_reweightings = n_reweightings
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def _make_penalty(self, problem):
        return L1(alpha=self.alpha, positive=self.positive)

    def _initial_estimator(self):
        if not isinstance(self.init, str):
            return clone(self.init)
        if self.init == "ridge":
            return Ridge(alpha=1.0 if self.init_alpha is None else self.init_alpha,
                         fit_intercept=self.fit_intercept)
        if self.init == "ols":
            return Ridge(alpha=0.0, fit_intercept=self.fit_intercept)
        return Lasso(alpha=self.alpha if self.init_alpha is None else self.init_alpha,
                     fit_intercept=self.fit_intercept, precompute=self.precompute,
                     max_iter=self.max_iter, tol=self.tol, positive=self.positive,
                     random_state=self.random_state, selection=self.selection)

    def _factors_from(self, coef):
        magnitude = np.abs(np.asarray(coef, dtype=np.float64))
        with np.errstate(divide="ignore"):
            return np.where(magnitude > 0, magnitude ** -self.gamma, np.inf)

    def _feature_factors(self, X, sample_weight):
        factors = self._stage_factor
        keep = np.isfinite(factors)
        return FeatureFactors(np.ascontiguousarray(factors[keep]),
                              np.ascontiguousarray(factors[keep]), keep)

    def fit(self, X, y, sample_weight=None):
        """Fit the initial model, then ``n_reweightings`` weighted lassos.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights, used by every stage.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        # validated once here for the initial fit and the per-target split;
        # every stage's fit validates again at the shared boundary
        X_checked, y_checked = validate_data(
            self, X, y, accept_sparse="csc", dtype=[np.float64, np.float32],
            multi_output=True, y_numeric=True, reset=True)
        y_checked = np.asarray(y_checked)
        if y_checked.ndim == 2 and y_checked.shape[1] > 1:
            return self._fit_targets(X, y_checked, sample_weight)
        initial = self._initial_estimator().fit(X, y, sample_weight=sample_weight)
        initial_coef = np.asarray(initial.coef_, dtype=np.float64).reshape(-1)
        if initial_coef.shape != (X_checked.shape[1],):
            raise ValueError(
                f"init: the initial estimator's coef_ has {initial_coef.size} "
                f"values, expected one per feature ({X_checked.shape[1]})."
            )
        coef = initial_coef
        for _ in range(self.n_reweightings):
            self._stage_factor = self._factors_from(coef)
            # (every coefficient of the previous stage zero: every feature is
            # excluded and the shared template fits the intercept alone)
            super().fit(X, y, sample_weight=sample_weight)
            coef = np.asarray(self.coef_, dtype=np.float64).reshape(-1)
        self.penalty_factor_ = self._stage_factor
        del self._stage_factor
        self.initial_coef_ = initial_coef
        return self

    def _fit_targets(self, X, Y, sample_weight):
        """Several targets: independent adaptive lassos, one per column."""
        fits = [clone(self).fit(X, Y[:, k], sample_weight=sample_weight)
                for k in range(Y.shape[1])]
        self.coef_ = np.stack([f.coef_ for f in fits])
        self.intercept_ = (np.array([f.intercept_ for f in fits])
                           if self.fit_intercept else 0.0)
        self.initial_coef_ = np.stack([f.initial_coef_ for f in fits])
        self.penalty_factor_ = np.stack([f.penalty_factor_ for f in fits])
        self.n_iter_ = [f.n_iter_ for f in fits]
        self.dual_gap_ = np.array([f.dual_gap_ for f in fits])
        self.solver_ = fits[-1].solver_
        return self
