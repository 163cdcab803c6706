# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Lasso: least squares with the seed's L1 penalty."""
from ._elastic_net import _BaseCoordinateDescentRegressor
from ._partial import PartialFitMixin
from .penalties import L1


class Lasso(PartialFitMixin, _BaseCoordinateDescentRegressor):
    """Linear regression with an L1 penalty (the lasso).

    Minimizes scikit-learn's Lasso objective, with this package's
    per-feature penalty factors and box constraints,

    .. math::

        \\min_{w, b} \\; \\frac{1}{2 \\sum_i s_i} \\sum_{i=1}^{n}
        s_i (y_i - x_i^T w - b)^2 + \\alpha \\sum_{j=1}^{p} c_j |w_j|
        \\quad \\text{subject to} \\quad l_j \\le w_j \\le u_j,

    by coordinate descent in Cython.  By default every :math:`s_i`
    (``sample_weight``) and :math:`c_j` (``penalty_factor``) is 1 and the box
    is unbounded, which leaves exactly scikit-learn's
    :math:`\\frac{1}{2 n} \\|y - X w - b\\|_2^2 + \\alpha \\|w\\|_1`.
    ``standardize=True`` multiplies :math:`c_j` by the column's weighted
    standard deviation; :math:`l_j`, :math:`u_j` are ``lower_bounds``,
    ``upper_bounds`` (``positive=True`` sets :math:`l_j = 0`); :math:`b = 0`
    when ``fit_intercept=False``.

    Parameters
    ----------
    alpha : float, default=1.0
        Strength of the L1 penalty, >= 0.  From ``alpha_max = ||X_c^T y_c||_inf
        / n`` upwards every coefficient is zero.
    fit_intercept : bool, default=True
        Whether to fit an intercept (with sparse X, by implicit centring).
    precompute : bool, "auto" or array-like of shape (n_features, n_features), default="auto"
        Use the Gram matrix ``X^T X`` (covariance updates, cost independent
        of n_samples per epoch).  "auto" considers it when n_samples >= 2
        n_features and n_features <= 4096: it uses it outright up to 64
        features (if n_samples * n_features >= 20000), and otherwise starts
        on X and switches to the Gram matrix once the work spent exceeds half
        the cost of forming it (fixed costs included, which dominate on tiny
        data).  True
        always, False never (these two mean what they mean in scikit-learn,
        whose default is False).
        An array is taken as ``X^T X``; it is recomputed (with a warning) when
        X has to be centred or weighted.
    copy_X : bool, default=True
        If False, dense X may be centred and scaled in place.
    max_iter : int, default=1000
        Maximum number of epochs (passes over all features).
    tol : float, default=1e-4
        The fit guarantees a duality gap (``dual_gap_``, a certified bound
        on the sub-optimality) of at most ``tol * ||y - mean(y)||^2 / n``
        (scikit-learn's meaning of ``tol``; weighted with
        ``sample_weight``), else warns.  To be at least as accurate as
        scikit-learn at the same ``tol``, the solver stops on a stricter
        rule: the larger of two certified gaps (one is scikit-learn's) at
        most ``tol / 10`` of that (on at most 64 features, from a cold
        start: ``tol``, on scikit-learn's own iterates), and an epoch whose
        coefficient changes are at most ``tol`` relative (user guide,
        "Convergence, tol and the gap").
    warm_start : bool, default=False
        Start from the previous ``coef_`` when refitting.
    positive : bool, default=False
        Constrain the coefficients to be non-negative.
    random_state : int, RandomState instance or None, default=None
        Seeds the feature order when ``selection="random"``.
    selection : {"cyclic", "random"}, default="cyclic"
        Visit the features in order, or in a random order each epoch.
    penalty_factor : array-like of shape (n_features,), default=None
        Per-feature factors ``>= 0`` of the L1 penalty (glmnet's
        ``penalty.factor``): the penalty is ``alpha * sum_j c_j |w_j|``; 0
        leaves a feature unpenalized, ``inf`` excludes it (coefficient 0).
        Used as given, not rescaled (glmnet rescales them to sum to
        n_features): a factor ``c`` on every feature is the model at
        ``c * alpha``.
    standardize : bool, default=False
        Penalize the coefficients of the standardized features (each column
        divided by its weighted standard deviation) and report them on the
        original scale, as glmnet's ``standardize=TRUE``.  Implemented as
        the factor ``sd_j`` (the root mean square when
        ``fit_intercept=False``): the data are never rescaled or densified.
        Constant columns are excluded.
    lower_bounds, upper_bounds : float or array-like of shape (n_features,), default=None
        Box constraints ``lower_bounds_j <= w_j <= upper_bounds_j``
        (glmnet's ``lower.limits`` / ``upper.limits``; ``-inf`` / ``inf``
        allowed, None for none), enforced inside coordinate descent by
        projected updates, with a duality gap that stays exact under the box
        (see the user guide's "Box constraints").  Zero must be feasible:
        ``lower_bounds <= 0 <= upper_bounds``.  ``positive=True`` is
        ``lower_bounds=0``.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients, in the dtype of X (float32 or float64).
    intercept_ : float or ndarray of shape (n_targets,)
        Intercept.
    n_iter_ : int or list of int
        Number of epochs run, per target.
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap at the solution, in the scale of the objective above
        (never negative: a gap below zero by less than its rounding level,
        a few hundred ulps of the target's variance, is reported as 0).
    solver_ : str
        ``"cd"`` (coordinate descent on X), ``"cd_gram"`` (on X^T X), or
        ``"lstsq"`` when no feature is penalized nor constrained (least
        squares, solved directly).
    sparse_coef_ : sparse matrix of shape (n_targets, n_features)
        ``coef_`` as a CSR matrix.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the features, when X has string column names.

    See Also
    --------
    ElasticNet : Adds an L2 term to the penalty.
    LassoCV : Chooses ``alpha`` by cross-validation along the path.
    lasso_path : Solutions for a whole grid of ``alpha``.
    sklearn_penalized.penalties.L1 : The penalty as an object.
    sklearn.linear_model.Lasso : The scikit-learn estimator this replaces.

    Notes
    -----
    In the seed's notation the penalty is ``L1(alpha) = alpha * sum_j |w_j|``:
    :class:`~sklearn_penalized.penalties.L1` with the same ``alpha``, under
    the mean datafit.  The parameters have scikit-learn's numerical meaning,
    so results agree with :class:`sklearn.linear_model.Lasso` to within
    solver tolerance.

    Examples
    --------
    ``y`` is the first column; the lasso keeps it alone, shrunk to
    ``1 - n * alpha / ||x_c||^2 = 1 - 4 * 0.1 / 5 = 0.92`` (``x_c`` the
    centred column):

    >>> import numpy as np
    >>> from sklearn_penalized import Lasso
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [3.0, 1.0]])
    >>> y = X @ np.array([1.0, 0.0])
    >>> model = Lasso(alpha=0.1).fit(X, y)
    >>> np.round(model.coef_, 2)
    array([0.92, 0.  ])
    >>> round(float(model.intercept_), 2)
    0.12

    The same model as scikit-learn's, to within the solvers' tolerance:

    >>> from sklearn.linear_model import Lasso as SklearnLasso
    >>> reference = SklearnLasso(alpha=0.1).fit(X, y)
    >>> bool(np.allclose(model.coef_, reference.coef_, atol=1e-4))
    True

    Penalty factors: a factor 0 leaves the second feature unpenalized, which
    then enters the model.

    >>> unpenalized = Lasso(alpha=0.1, penalty_factor=[1.0, 0.0]).fit(X, y)
    >>> bool(unpenalized.coef_[1] != 0)
    True
    """

    def __init__(
        self,
        alpha=1.0,
        *,
        fit_intercept=True,
        precompute="auto",
        copy_X=True,
        max_iter=1000,
        tol=1e-4,
        warm_start=False,
        positive=False,
        random_state=None,
        selection="cyclic",
        penalty_factor=None,
        standardize=False,
        lower_bounds=None,
        upper_bounds=None,
    ):
        self.lower_bounds = lower_bounds
        self.upper_bounds = upper_bounds
        self.alpha = alpha
        self.penalty_factor = penalty_factor
        self.standardize = standardize
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
        lower, upper = self._bounds(problem)
        return L1(alpha=self.alpha, positive=self.positive, lower=lower, upper=upper)
