# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Ridge: least squares with the seed's L2 penalty, scikit-learn's scaling."""
from numbers import Integral, Real

import numpy as np

from ._base import _BasePenalizedRegressor
from ._partial import PartialFitMixin, solve_ridge_statistics
from .penalties import L2
from .solvers import ALIASES, SOLVERS, resolve_solver
from .utils._sklearn_compat import Interval, StrOptions


class Ridge(PartialFitMixin, _BasePenalizedRegressor):
    """Linear least squares with an L2 penalty (ridge regression).

    Minimizes scikit-learn's Ridge objective

    .. math::

        \\min_{w, b} \\; \\sum_{i=1}^{n} s_i (y_i - x_i^T w - b)^2
        + \\alpha \\|w\\|_2^2,

    subject to :math:`w \\ge 0` when ``positive=True``, with the sample
    weights :math:`s_i` (``sample_weight``, 1 by default) and :math:`b = 0`
    when ``fit_intercept=False``.  As in scikit-learn, the sum of squares is
    not divided by the number of samples (unlike :class:`Lasso`'s and
    :class:`ElasticNet`'s), and with several targets each target is an
    independent problem, with its own ``alpha`` when ``alpha`` is an array.

    Parameters
    ----------
    alpha : float or ndarray of shape (n_targets,), default=1.0
        Penalty strength, >= 0; an array gives one strength per target.
    fit_intercept : bool, default=True
        Whether to fit an intercept (sparse X is centred implicitly).
    copy_X : bool, default=True
        If False, dense X may be centred and scaled in place.
    max_iter : int, default=None
        Maximum iterations of the iterative solvers: ``10 * n_features`` for
        ``"sparse_cg"`` and 1000 epochs for ``"cd"`` when None.
    tol : float, default=1e-4
        Precision of the iterative solvers: relative residual of the normal
        equations for ``"sparse_cg"``, duality gap at most
        ``tol * ||y - mean(y)||^2`` (in the objective's scale) for ``"cd"``.
        Unused by the direct solvers.
    solver : {"auto", "cholesky", "svd", "sparse_cg", "cd", "lsqr", "lbfgs", "sag", "saga"}, default="auto"
        * ``"cholesky"``: Cholesky of ``X^T S X + alpha I`` (n >= p or sparse
          X), or of the dual ``X X^T + alpha I`` (dense X with p > n).
        * ``"svd"``: thin SVD of the centred design (dense only); most stable.
        * ``"sparse_cg"``: preconditioned conjugate gradient with the centred
          design applied implicitly (sparse X is never densified).
        * ``"cd"``: coordinate descent; the solver for ``positive=True``.
        * ``"auto"``: ``"cd"`` if ``positive``, ``"sparse_cg"`` for sparse X
          with more than 2000 features, ``"cholesky"`` otherwise.
        * scikit-learn's other names are accepted for drop-in use and run the
          solver of ours that reaches the same (unique) optimum: ``"lsqr"`` ->
          ``"sparse_cg"``; ``"lbfgs"`` -> ``"cd"``; ``"sag"``, ``"saga"`` ->
          ``"auto"`` (scikit-learn's stochastic solvers for large n: the
          Cholesky route needs one pass over X and is exact).  ``solver_``
          reports the solver that ran.
    positive : bool, default=False
        Constrain the coefficients to be non-negative (solved by ``"cd"``).
    random_state : int, RandomState instance or None, default=None
        Unused; accepted for compatibility with scikit-learn's signature.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients, in the dtype of X.
    intercept_ : float or ndarray of shape (n_targets,)
        Intercept.
    n_iter_ : ndarray of shape (n_targets,)
        Iterations per target (1 for the direct solvers).
    solver_ : str
        The solver that ran.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the features, when X has string column names.

    See Also
    --------
    RidgeCV : Chooses ``alpha`` by (leave-one-out) cross-validation.
    ElasticNet : With ``l1_ratio=0``, ridge under the mean datafit.
    sklearn_penalized.penalties.L2 : The penalty as an object.
    sklearn.linear_model.Ridge : The scikit-learn estimator this replaces.

    Notes
    -----
    Dividing the objective by ``2 sum(s)`` gives the package-wide form
    ``1/(2 sum(s)) ||y - Xw - b||_S^2 + L2(alpha / (2 sum(s)))`` with the
    seed's ``L2(lam) = lam * sum_j w_j**2``; so ``Ridge(alpha)`` equals
    ``ElasticNet(alpha=alpha / n, l1_ratio=0)`` without weights.

    Examples
    --------
    With orthogonal, centred columns of squared norm 2 the solution is
    known in closed form: ``(X^T X + alpha I)^{-1} X^T y`` divides each
    coefficient of the least-squares fit ``(2, -1)`` by ``1 + alpha / 2``.
    ``alpha=2`` halves them, whatever the number of samples:

    >>> import numpy as np
    >>> from sklearn_penalized import Ridge
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    >>> y = 3.0 + X @ np.array([2.0, -1.0])
    >>> model = Ridge(alpha=2.0).fit(X, y)
    >>> np.round(model.coef_, 6)
    array([ 1. , -0.5])
    >>> round(float(model.intercept_), 6), model.solver_
    (3.0, 'cholesky')

    Chunks of rows given to ``partial_fit`` give the model of ``fit`` on all
    of them:

    >>> stream = Ridge(alpha=2.0)
    >>> for rows in (slice(0, 2), slice(2, 4)):
    ...     stream = stream.partial_fit(X[rows], y[rows])
    >>> bool(np.allclose(stream.coef_, model.coef_))
    True
    """

    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left"), "array-like"],
        "fit_intercept": ["boolean"],
        "copy_X": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left"), None],
        "tol": [Interval(Real, 0, None, closed="left")],
        "solver": [StrOptions({"auto", *SOLVERS, *ALIASES})],
        "positive": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        alpha=1.0,
        *,
        fit_intercept=True,
        copy_X=True,
        max_iter=None,
        tol=1e-4,
        solver="auto",
        positive=False,
        random_state=None,
    ):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.solver = solver
        self.positive = positive
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = self.solver != "svd"
        return tags

    def _make_penalty(self, problem):
        alpha = np.asarray(self.alpha, dtype=np.float64)
        n_targets = problem.n_targets
        if alpha.ndim > 1 or (alpha.ndim == 1 and alpha.shape[0] not in (1, n_targets)):
            raise ValueError(
                f"alpha has shape {alpha.shape}: expected a scalar or one value "
                f"per target ({n_targets},)."
            )
        if not np.all(np.isfinite(alpha)) or np.any(alpha < 0):
            raise ValueError(f"alpha must be finite and >= 0, got {self.alpha!r}.")
        # sum_i s_i r_i^2 + alpha ||w||^2  ==  2 sum(s) [ mean datafit
        #   + alpha / (2 sum(s)) ||w||^2 ]: same minimiser.
        scale = 2.0 * problem.sum_sw
        if alpha.ndim == 0 or alpha.shape[0] == 1:
            return L2(float(alpha.ravel()[0]) / scale, positive=self.positive)
        return [L2(float(a) / scale, positive=self.positive) for a in alpha]

    def _make_solver(self, penalty, problem):
        if self.solver == "svd" and problem.is_sparse:
            # scikit-learn's exception types: ValueError when an intercept is
            # asked for (its first check), TypeError otherwise.
            raise (ValueError if problem.fit_intercept else TypeError)(
                "solver='svd' does not support sparse input; use 'auto', "
                "'cholesky' or 'sparse_cg'."
            )
        if self.positive and self.solver not in ("auto", "cd", "lbfgs"):
            raise ValueError(
                f"solver={self.solver!r} does not support positive=True; use "
                "'auto', 'cd' or 'lbfgs' (which runs 'cd')."
            )
        return resolve_solver(
            self.solver,
            penalty,
            problem,
            max_iter=self.max_iter,
            tol=self.tol,
        )

    def _set_solver_attributes(self, result, solver):
        self.n_iter_ = result.n_iter.copy()
        self.solver_ = solver.name

    def _solve_statistics(self, problem, penalty, coef_init):
        """``partial_fit``'s solve: the normal equations on the statistics."""
        return solve_ridge_statistics(problem, penalty, self.max_iter, self.tol)
