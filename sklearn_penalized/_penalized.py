# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""PenalizedRegressor: least squares with any public penalty object."""
from numbers import Integral, Real

import numpy as np
from sklearn.base import clone

from ._base import _BasePenalizedRegressor
from ._lasso import Lasso
from .penalties import L2, BasePenalty
from .solvers import SOLVERS, resolve_solver
from .utils._sklearn_compat import Interval, StrOptions


class PenalizedRegressor(_BasePenalizedRegressor):
    """Least squares with a penalty object of :mod:`sklearn_penalized.penalties`.

    Minimizes the mean (weighted) squared error plus the penalty exactly as
    the penalty object defines it,

    .. math::

        \\frac{1}{2 \\sum_i s_i} \\sum_i s_i (y_i - x_i^T w - b)^2 + g(w),
        \\qquad
        g(w) = \\lambda_1 \\sum_j a_j |w_j| + \\lambda_2 \\sum_j c_j w_j^2,

    with ``s_i = 1`` without ``sample_weight``.  ``L1(alpha)`` is
    :math:`\\lambda_1 = \\alpha`, ``L2(alpha)`` is :math:`\\lambda_2 = \\alpha`
    (``alpha * sum_j w_j**2``: no factor 1/2), ``L1(a) + L2(b)`` is
    ``L1L2(a, b)``; the per-feature factors ``a_j``, ``c_j`` are the
    penalty's ``weights`` (or ``l1_weights`` / ``l2_weights``), and its
    box constrains the coefficients to ``lower_j <= w_j <= upper_j``
    (``positive=True`` is ``w >= 0``).

    Parameters
    ----------
    penalty : L1, L2 or L1L2 instance, default=None
        The penalty :math:`g`; None means scikit-learn's ``Ridge()``
        default, ``alpha=1`` on the sum of squares: ``L2(1 / (2 sum(s)))``
        (``L2(1 / (2 n))`` unweighted), resolved at ``fit``.  A mild,
        always well-posed default (a unique solution on any data, with or
        without more features than samples); the lasso's ``L1(1.0)`` would
        zero every coefficient of standardized data.  Never modified by
        ``fit``: it is searchable as a whole (``{"penalty": [...]}``) or
        through its parameters (``{"penalty__alpha": [...]}``).
    fit_intercept : bool, default=True
        Whether to fit an (unpenalized) intercept.
    solver : {"auto", "cd", "cholesky", "svd", "sparse_cg"}, default="auto"
        * ``"auto"``: coordinate descent (``"cd"``) when the penalty has an
          L1 part or ``positive=True``; otherwise (pure L2) the Ridge
          machinery: ``"sparse_cg"`` for sparse X with more than 2000
          features, ``"cholesky"`` else.
        * ``"cd"``: coordinate descent with duality-gap stopping, any penalty
          (Gram matrix used as in :class:`Lasso` with ``precompute="auto"``).
        * ``"cholesky"``: normal equations ``(X_c^T S X_c + 2 sum(s)
          diag(l2)) w = X_c^T S y_c`` (or their dual form when p > n), pure
          L2 only.
        * ``"svd"``: thin SVD of the centred design, dense X, pure L2 with
          one factor for all features.
        * ``"sparse_cg"``: preconditioned conjugate gradient, pure L2.
    max_iter : int, default=1000
        Maximum epochs (``"cd"``) or iterations (``"sparse_cg"``).
    tol : float, default=1e-4
        ``"cd"``: stop when the duality gap is at most
        ``tol * ||y - mean(y)||_S^2 / sum(s)`` (scikit-learn's meaning).
        ``"sparse_cg"``: relative residual of the normal equations.
        Unused by the direct solvers.
    copy_X : bool, default=True
        If False, dense X may be centred and scaled in place.
    warm_start : bool, default=False
        Start from the previous ``coef_`` when refitting (iterative solvers).
    selection : {"cyclic", "random"}, default="cyclic"
        Coordinate order of ``"cd"``.
    random_state : int, RandomState instance or None, default=None
        Seeds the feature order when ``selection="random"``.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients, in the dtype of X.
    intercept_ : float or ndarray of shape (n_targets,)
        Intercept.
    n_iter_ : int or list of int
        Epochs (``"cd"``), iterations (``"sparse_cg"``) or 1 (direct
        solvers), per target.
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap at the solution, in the scale of the objective above,
        for ``"cd"``; 0.0 for the direct solvers (exact up to rounding);
        NaN for ``"sparse_cg"`` (not computed).
    solver_ : str
        The solver that ran (``"cd"``, ``"cd_gram"``, ``"cholesky"``,
        ``"svd"`` or ``"sparse_cg"``).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the features, when X has string column names.

    See Also
    --------
    Lasso : ``PenalizedRegressor(L1(alpha))``.
    ElasticNet : ``PenalizedRegressor(L1(alpha * r) + L2(alpha * (1 - r) / 2))``.
    Ridge : ``PenalizedRegressor(L2(alpha / (2 * sum(s))))``.
    sklearn_penalized.penalties.L1L2 : The most general penalty object.

    Notes
    -----
    The estimators' parameters map onto penalties as follows (mean datafit,
    ``n`` samples, weights ``s``):

    * ``Lasso(alpha)`` = ``PenalizedRegressor(L1(alpha))``;
    * ``ElasticNet(alpha, l1_ratio=r)`` =
      ``PenalizedRegressor(L1(alpha * r) + L2(alpha * (1 - r) / 2))``;
    * ``Ridge(alpha)``, whose objective ``sum_i s_i r_i^2 + alpha ||w||^2``
      is ``2 sum(s)`` times the mean datafit plus ``alpha / (2 sum(s))
      ||w||^2``, = ``PenalizedRegressor(L2(alpha / (2 sum(s))))``; so
      ``PenalizedRegressor(L2(a))`` = ``Ridge(alpha=2 * n * a)`` without
      weights.

    The penalty is cloned at the start of ``fit`` and only read: the object
    passed to the constructor is never modified nor replaced.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_penalized import PenalizedRegressor
    >>> from sklearn_penalized.penalties import L1, L2
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [3.0, 1.0]])
    >>> y = X @ np.array([1.0, 0.0])
    >>> model = PenalizedRegressor(L1(0.1)).fit(X, y)  # Lasso(alpha=0.1)
    >>> np.round(model.coef_, 2)
    array([0.92, 0.  ])
    >>> ridge = PenalizedRegressor(L2(0.05)).fit(X, y)
    >>> ridge.solver_
    'cholesky'
    >>> np.round(ridge.coef_, 2)
    array([0.92, 0.03])
    >>> from sklearn_penalized import Ridge
    >>> n_samples = X.shape[0]
    >>> same = Ridge(alpha=2 * n_samples * 0.05).fit(X, y)
    >>> bool(np.allclose(ridge.coef_, same.coef_))
    True
    """

    _parameter_constraints: dict = {
        "penalty": [BasePenalty, None],
        "fit_intercept": ["boolean"],
        "solver": [StrOptions({"auto", *SOLVERS})],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "copy_X": ["boolean"],
        "warm_start": ["boolean"],
        "selection": [StrOptions({"cyclic", "random"})],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        penalty=None,
        *,
        fit_intercept=True,
        solver="auto",
        max_iter=1000,
        tol=1e-4,
        copy_X=True,
        warm_start=False,
        selection="cyclic",
        random_state=None,
    ):
        self.penalty = penalty
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.max_iter = max_iter
        self.tol = tol
        self.copy_X = copy_X
        self.warm_start = warm_start
        self.selection = selection
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = self.solver != "svd"
        return tags

    def _make_penalty(self, problem):
        if self.penalty is None:
            # Ridge(alpha=1): alpha ||w||^2 on the sum of squares is
            # alpha / (2 sum(s)) ||w||^2 under the mean datafit
            return L2(1.0 / (2.0 * problem.sum_sw))
        # A private copy: the solvers only read it, but the user's object
        # must stay untouched whatever happens below.
        penalty = clone(self.penalty)
        # validates strengths and the shape of the per-feature factors
        penalty.kernel_weights(problem.n_features)
        return penalty

    def _make_solver(self, penalty, problem):
        if self.solver == "svd" and problem.is_sparse:
            # a TypeError, as Ridge(solver="svd") and scikit-learn's estimators
            # raise for sparse input they do not accept (the estimator checks
            # of scikit-learn 1.6.0 ask for exactly that type)
            raise TypeError(
                "solver='svd' does not support sparse input; use 'auto', 'cd', "
                "'cholesky' or 'sparse_cg'."
            )
        gram = None
        if self.solver in ("auto", "cd"):
            # Lasso's precompute="auto" rule (Gram matrix for n >> p).
            gram = Lasso(precompute="auto", tol=self.tol)._gram(problem)
        return resolve_solver(
            self.solver,
            penalty,
            problem,
            max_iter=self.max_iter,
            tol=self.tol,
            selection=self.selection,
            random_state=self.random_state,
            gram=gram,
        )

    def _set_solver_attributes(self, result, solver):
        if result.coef.shape[0] == 1:
            self.n_iter_ = int(result.n_iter[0])
            self.dual_gap_ = float(result.dual_gap[0])
        else:
            self.n_iter_ = [int(n) for n in result.n_iter]
            self.dual_gap_ = np.asarray(result.dual_gap, dtype=np.float64).copy()
        self.solver_ = solver.name
