# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""ElasticNet, and the coordinate-descent plumbing it shares with Lasso."""
import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp

from ._base import _BasePenalizedRegressor
from ._factors import check_bounds
from ._partial import PartialFitMixin
from .penalties import L1L2
from .solvers import resolve_solver
from .solvers._cd import to_kernel_scale
from .utils._sklearn_compat import Interval, StrOptions, _fit_context

# precompute="auto" may use the Gram matrix when n_samples >= 2 n_features
# and n_features <= 4096 (a 128 MiB float64 matrix at most): always up to 64
# features, adaptively above (see solvers.CoordinateDescent, gram="adaptive").
GRAM_AUTO_MIN_RATIO = 2
GRAM_AUTO_MAX_FEATURES = 4096
GRAM_AUTO_ALWAYS_FEATURES = 64
# On tiny data (n_samples * n_features below this) forming Q is mostly fixed
# Python cost: start on X and switch only if many epochs are needed (the
# switch accounts for that fixed cost, see CoordinateDescent).
GRAM_AUTO_MIN_SIZE = 20_000
# Tall dense float64 data of up to GRAM_AUTO_TALL_FEATURES features, at least
# GRAM_AUTO_TALL_RATIO rows per feature and GRAM_AUTO_TALL_MIN_SIZE entries:
# Q from the start.  There forming Q costs fewer epochs on X (measured: 3-10)
# than any problem of benchmarks/bench_tall_route.py needs (6-80), while the
# adaptive start on X, with its stricter target than scikit-learn's, paid up
# to 1.5x scikit-learn's time before switching (results/tall_route.csv: Q
# 0.22-0.90 of scikit-learn's time on every such row).  Wider or shorter
# data keep the adaptive rule (Q lost up to 1.6x on 3,000 x 500 and 1,000 x
# 400 at alpha_max / 10, where few epochs are needed).  float32 keeps the
# adaptive rule: its Gram form is float32 at loose tol (not measured here).
GRAM_AUTO_TALL_FEATURES = 256
GRAM_AUTO_TALL_RATIO = 8
GRAM_AUTO_TALL_MIN_SIZE = 400_000
# A single fit there reads the share of its features that violate their
# optimality condition at zero (|x_j^T S y_c| > l1_j, the strong rule's count
# at the top of the path; one pass over X, which the fit then reuses as its
# first gradient and as q): at most GRAM_AUTO_TALL_MAX_SHARE_ON_X, the fit
# runs on X (near alpha_max few epochs on a small support are needed: 2,000 x
# 200 and 10,000 x 250 at alpha_max / 10, 16-20% violating, 0.67-0.80x
# scikit-learn's time on X against 1.3-1.8x on Q, Lasso and ElasticNet);
# at least GRAM_AUTO_TALL_MIN_SHARE_ON_Q, on Q (alpha_max / 1000: 92-100%
# violating, supports of 45-80% of the features, where Q won on every row);
# between, the "lazy" route (solvers.CoordinateDescent): the working sets on
# their Gram blocks first, Q once the support turns out wide
# (solvers._working_set.LAZY_GRAM_MAX_SUPPORT_SHARE).  There Q had cost
# 0.8-1.3x scikit-learn's time on correlated 10,000 x 250 and 100,000 x 200
# designs at alpha_max / 100 (56-75% violating, supports of 5-10%), the lazy
# route 0.42-0.65x (C and F order, benchmarks/bench_tall_route.py).
# The lazy route needs Q to be worth avoiding: with fewer features or
# entries, the hand-over (one working set, two gradients, ~0.3 ms of Python)
# weighs against a cheap Q: 20,000 x 100 and 2,000 x 200 at alpha_max / 100
# took 1.25-1.45x Q's time where the support turned out wide.
GRAM_AUTO_TALL_MAX_SHARE_ON_X = 0.25
GRAM_AUTO_TALL_MIN_SHARE_ON_Q = 0.9
GRAM_AUTO_LAZY_MIN_FEATURES = 128
GRAM_AUTO_LAZY_MIN_SIZE = 1_000_000
# Shorter or wider dense data (the adaptive rule) with at least
# GRAM_AUTO_MIN_SIZE entries and more than GRAM_AUTO_ALWAYS_FEATURES
# features: a single fit with at most half of the features violating at
# zero runs on X too, without the adaptive start's rate probes, which there
# could switch to Q on a slow start.  Lasso at alpha_max / 10 (14-34%
# violating), ours / scikit-learn interleaved: 1,500 x 600 (rho 0.8) 0.88x
# on X against 1.75x adaptive (switched to Q), 1,000 x 400 0.74x against
# 0.84x, 800 x 300 0.76x against 0.97x, 3,000 x 500 0.66x either way.  At
# alpha_max / 100 (81-92% violating) X and the adaptive rule were within
# 1.1x, at / 1000 (98-99%) Q was best: both keep the adaptive rule.
GRAM_AUTO_ADAPTIVE_MAX_SHARE_ON_X = 0.5
# Below this tol, float32 residuals on X cannot certify the duality gap
# (rounding of R = y - Xw over many rows): tall float32 data then take the
# float64 Gram route.
FLOAT32_X_MIN_TOL = 1e-6


def _violating_share(problem, penalty):
    """Share of the features whose optimality condition fails at zero,
    ``|x_j^T S y_c| > l1_j`` (kernel scale), averaged over the targets: one
    pass over X."""
    first = penalty[0] if isinstance(penalty, (list, tuple)) else penalty
    l1, _ = to_kernel_scale(first, problem)
    gradient = np.abs(problem.zero_gradient)          # (n_features, n_targets)
    return float(np.mean(gradient > np.asarray(l1, dtype=np.float64)[:, np.newaxis]))


def _offsets_matter(problem):
    """Whether centring changes ``X^T X`` beyond rounding.

    Data centred by the user still have column means of the order of the
    rounding error; centring them again changes each entry of the Gram
    matrix by ``n m_i m_j``, below ``eps * ||x_i|| ||x_j||`` when
    ``n m_j^2 <= eps ||x_j||^2``.  Then the user's matrix is the Gram matrix
    of the centred design, and is used (after :func:`check_gram_matches`).
    """
    if not problem.fit_intercept:
        return False
    X, m = problem.data, problem.X_mean
    sq_norms = (np.asarray(X.multiply(X).sum(axis=0)).ravel() if sp.issparse(X)
                else np.einsum("ij,ij->j", X, X, dtype=np.float64))
    eps = np.finfo(problem.dtype).eps
    return bool(np.any(problem.n_samples * m * m > eps * sq_norms))


def check_gram_matches(gram, X):
    """ValueError unless ``gram`` is ``X^T X`` to within rounding.

    A matrix of some other data would be used silently otherwise: its
    diagonal is compared with the squared column norms and its product with
    a fixed probe vector with ``X^T (X v)`` (O(n p + p^2), far below a fit).
    """
    gram = np.asarray(gram, dtype=np.float64)
    probe = np.random.default_rng(0).choice([-1.0, 1.0], size=gram.shape[0])
    Xv = np.asarray(X @ probe, dtype=np.float64)
    expected = np.asarray(X.T @ Xv, dtype=np.float64).ravel()
    diag = (np.asarray(X.multiply(X).sum(axis=0)).ravel() if sp.issparse(X)
            else np.einsum("ij,ij->j", X, X, dtype=np.float64))
    scale = max(diag.max(initial=0.0), np.abs(expected).max(initial=0.0), 1e-300)
    diag_error = np.abs(np.diag(gram) - diag).max(initial=0.0)
    probe_error = np.abs(gram @ probe - expected).max(initial=0.0)
    if max(diag_error, probe_error) > 1e-4 * scale:
        raise ValueError(
            "precompute: the Gram matrix did not pass validation: it is not "
            f"X.T @ X for the X given to fit (relative error "
            f"{max(diag_error, probe_error) / scale:.2g}). Pass precompute=X.T @ X "
            "for that X, or precompute=True."
        )


class _BaseCoordinateDescentRegressor(_BasePenalizedRegressor):
    """What Lasso and ElasticNet share: parameters, solver choice, attributes."""

    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "fit_intercept": ["boolean"],
        "precompute": ["boolean", StrOptions({"auto"}), "array-like"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "copy_X": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "warm_start": ["boolean"],
        "positive": ["boolean"],
        "random_state": ["random_state"],
        "selection": [StrOptions({"cyclic", "random"})],
        "penalty_factor": ["array-like", None],
        "standardize": ["boolean"],
        "lower_bounds": [Real, "array-like", None],
        "upper_bounds": [Real, "array-like", None],
    }

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, check_input=True):
        """Fit the model.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.  Sparse input is used as CSC without densifying.
            Dask arrays and DataFrames are also taken: their sufficient
            statistics are computed blockwise where the data live, as in
            ``partial_fit``.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights of the samples (at least one positive).
        check_input : bool, default=True
            The fast path of scikit-learn for callers that have validated
            the data themselves: False skips the O(n_samples * n_features) input
            checks (NaN and infinity, dtype conversion, copies).  X must then
            already be a float64 or float32 array in Fortran order, or a CSC
            matrix (ValueError otherwise); y is cast to the dtype of X.  Do
            not use it unless you know the data are finite.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        if self.alpha == 0:
            warnings.warn(
                f"{type(self).__name__} with alpha=0 is unpenalized least "
                "squares (solved directly unless bounds constrain it; then "
                "coordinate descent converges slowly), whose solution need not "
                "be unique; LinearRegression is the estimator for it.",
                UserWarning,
                stacklevel=2,
            )
        return self._fit(X, y, sample_weight, check_input=check_input)

    def _solve_statistics(self, problem, penalty, coef_init):
        """``partial_fit``'s solve: coordinate descent on the Gram form."""
        solver = resolve_solver("cd", penalty, problem, max_iter=self.max_iter,
                                tol=self.tol, selection=self.selection,
                                random_state=self.random_state, gram=True)
        return solver.solve(problem, penalty, coef_init=coef_init), solver

    def _bounds(self, problem):
        """``(lower, upper)`` per feature (None: unbounded), validated."""
        # n_features_in_: the bounds are given for every feature, before the
        # excluded ones (penalty factor inf) leave the problem
        return check_bounds(getattr(self, "lower_bounds", None),
                            getattr(self, "upper_bounds", None), self.n_features_in_)

    def _make_solver(self, penalty, problem):
        return resolve_solver(
            "cd",
            penalty,
            problem,
            max_iter=self.max_iter,
            tol=self.tol,
            selection=self.selection,
            random_state=self.random_state,
            gram=self._gram(problem, penalty),
        )

    def _gram(self, problem, penalty=None):
        """``None`` (work on X), ``True`` (form X^T S X) or the user's array.

        ``penalty``: that of a single fit (None for a path), whose strength
        the adaptive rule reads (GRAM_AUTO_ADAPTIVE_MAX_SHARE_ON_X); a single
        fit on tall data takes the "lazy" route (GRAM_AUTO_TALL_*)."""
        precompute = self.precompute
        if isinstance(precompute, str):  # "auto"
            # Forming Q costs n p^2 / 2 once, after which an epoch costs
            # O(|ws|^2) instead of O(n |ws|): it pays as soon as n clearly
            # exceeds p, and ill-conditioned tall data (many epochs) gain the
            # most.  Q must also fit comfortably in memory.
            p = problem.n_features
            if (problem.n_samples < GRAM_AUTO_MIN_RATIO * p
                    or p > GRAM_AUTO_MAX_FEATURES):
                return None
            # float32 data asked for a gap below float32's reach on X: the
            # Gram form is accumulated and solved in float64 (Problem.gram64).
            if problem.dtype == np.float32 and self.tol < FLOAT32_X_MIN_TOL:
                return True
            # Few features: Q is cheap, take it.  More, or tiny data: start
            # on X and switch to Q only if the problem needs many epochs.
            if (p <= GRAM_AUTO_ALWAYS_FEATURES
                    and problem.n_samples * p >= GRAM_AUTO_MIN_SIZE):
                return True
            if (not problem.is_sparse and problem.dtype == np.float64
                    and p <= GRAM_AUTO_TALL_FEATURES
                    and problem.n_samples >= GRAM_AUTO_TALL_RATIO * p
                    and problem.n_samples * p >= GRAM_AUTO_TALL_MIN_SIZE):
                if penalty is None:
                    return True  # a path
                # a single fit: by the share of features violating at zero
                # (GRAM_AUTO_TALL_*_SHARE), X, the lazy route or Q
                share = _violating_share(problem, penalty)
                if share <= GRAM_AUTO_TALL_MAX_SHARE_ON_X:
                    return None
                lazy = (share < GRAM_AUTO_TALL_MIN_SHARE_ON_Q
                        and p >= GRAM_AUTO_LAZY_MIN_FEATURES
                        and problem.n_samples * p >= GRAM_AUTO_LAZY_MIN_SIZE)
                return "lazy" if lazy else True
            if (penalty is not None and not problem.is_sparse
                    and problem.dtype == np.float64
                    and p > GRAM_AUTO_ALWAYS_FEATURES
                    and problem.n_samples * p >= GRAM_AUTO_MIN_SIZE
                    and _violating_share(problem, penalty) <= GRAM_AUTO_ADAPTIVE_MAX_SHARE_ON_X):
                return None
            return "adaptive"
        if isinstance(precompute, (bool, np.bool_)):
            return True if precompute else None
        gram = np.asarray(precompute)
        p = problem.n_features
        keep = getattr(self, "_kept_features", None)
        if keep is not None and gram.shape == (keep.size, keep.size):
            gram = gram[np.ix_(keep, keep)]  # excluded features left the problem
        if gram.shape != (p, p):
            raise ValueError(
                f"precompute: the Gram matrix has shape {gram.shape}, expected "
                f"({p}, {p}) for X with {p} features."
            )
        if not np.all(np.isfinite(gram)):
            raise ValueError("precompute: the Gram matrix contains NaN or infinity.")
        if _offsets_matter(problem) or problem.sample_weight is not None:
            # The user's X^T X is not the Gram matrix of the centred, weighted
            # design the model is fitted on; scikit-learn recomputes it too.
            warnings.warn(
                "Gram matrix was provided but X is centred to fit the "
                "intercept or reweighted by sample_weight: recomputing it.",
                UserWarning,
                stacklevel=4,
            )
            return True
        check_gram_matches(gram, problem.data)
        return gram

    def _set_solver_attributes(self, result, solver):
        if result.coef.shape[0] == 1:
            self.n_iter_ = int(result.n_iter[0])
            self.dual_gap_ = float(result.dual_gap[0])
        else:
            self.n_iter_ = [int(n) for n in result.n_iter]
            self.dual_gap_ = result.dual_gap.copy()
        self.solver_ = solver.name

    @property
    def sparse_coef_(self):
        """Sparse (CSR) representation of the fitted ``coef_``."""
        return sp.csr_matrix(np.atleast_2d(self.coef_))


class ElasticNet(PartialFitMixin, _BaseCoordinateDescentRegressor):
    """Linear regression with combined L1 and L2 penalties (elastic net).

    Minimizes scikit-learn's ElasticNet objective, with this package's
    per-feature penalty factors and box constraints,

    .. math::

        \\min_{w, b} \\; \\frac{1}{2 \\sum_i s_i} \\sum_{i=1}^{n}
        s_i (y_i - x_i^T w - b)^2
        + \\alpha \\rho \\sum_{j=1}^{p} a_j |w_j|
        + \\frac{\\alpha (1 - \\rho)}{2} \\sum_{j=1}^{p} c_j w_j^2
        \\quad \\text{subject to} \\quad l_j \\le w_j \\le u_j,

    with :math:`\\rho` = ``l1_ratio``, by coordinate descent in Cython.  By
    default every :math:`s_i` (``sample_weight``), :math:`a_j` and
    :math:`c_j` is 1 and the box is unbounded, which leaves exactly
    scikit-learn's :math:`\\frac{1}{2 n} \\|y - X w - b\\|_2^2 + \\alpha
    \\rho \\|w\\|_1 + \\frac{\\alpha (1 - \\rho)}{2} \\|w\\|_2^2`.
    :math:`a_j` is ``l1_penalty_factor`` and :math:`c_j` is
    ``l2_penalty_factor`` (each defaulting to ``penalty_factor``);
    ``standardize=True`` multiplies them by :math:`\\sigma_j` and
    :math:`\\sigma_j^2`, the column's weighted standard deviation and
    variance; :math:`l_j`, :math:`u_j` are ``lower_bounds``,
    ``upper_bounds`` (``positive=True`` sets :math:`l_j = 0`); :math:`b = 0`
    when ``fit_intercept=False``.

    Parameters
    ----------
    alpha : float, default=1.0
        Overall penalty strength, >= 0.
    l1_ratio : float, default=0.5
        Mixing parameter in [0, 1]: 1 is the lasso, 0 is ridge (solved by the
        same coordinate descent, which converges for every value).
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
    max_iter : int, default=1000
        Maximum number of epochs (passes over all features).
    copy_X : bool, default=True
        If False, dense X may be centred and scaled in place.
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
        Per-feature factors ``>= 0`` multiplying both penalty terms of each
        coefficient (glmnet's ``penalty.factor``): 0 leaves a feature
        unpenalized, ``inf`` excludes it (coefficient 0).  Used as given, not
        rescaled (glmnet rescales them to sum to n_features): a factor ``c``
        on every feature is the model at ``c * alpha``.
    l1_penalty_factor, l2_penalty_factor : array-like of shape (n_features,), default=None
        Factors of one term only, replacing ``penalty_factor`` for it: the
        penalty is ``alpha * l1_ratio * sum_j a_j |w_j| + alpha * (1 -
        l1_ratio) / 2 * sum_j c_j w_j^2``.
    standardize : bool, default=False
        Penalize the coefficients of the standardized features (each column
        divided by its weighted standard deviation) and report them on the
        original scale, as glmnet's ``standardize=TRUE``.  Implemented as
        factors ``sd_j`` (L1) and ``sd_j**2`` (L2), with ``sd_j`` the root
        mean square when ``fit_intercept=False``: the data are never
        rescaled or densified.  Constant columns are excluded.
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
    Lasso : The case ``l1_ratio=1``.
    Ridge : A pure L2 penalty, with direct solvers.
    ElasticNetCV : Chooses ``alpha`` and ``l1_ratio`` by cross-validation.
    enet_path : Solutions for a whole grid of ``alpha``.
    sklearn_penalized.penalties.L1L2 : The penalty as an object.
    sklearn.linear_model.ElasticNet : The scikit-learn estimator this
        replaces.

    Notes
    -----
    In the seed's notation (``L1(lam) = lam * sum|w_j|``,
    ``L2(lam) = lam * sum w_j**2``) the penalty is
    ``L1(alpha * l1_ratio) + L2(alpha * (1 - l1_ratio) / 2)``, see
    :class:`~sklearn_penalized.penalties.L1L2`.  The parameters have exactly
    scikit-learn's numerical meaning, so results agree with
    :class:`sklearn.linear_model.ElasticNet` to within solver tolerance.

    The duality gap is the Fenchel gap of the weighted elastic net,
    evaluated at the current residual rescaled into the dual feasible set.

    Examples
    --------
    With orthogonal, centred columns the solution is known in closed form.
    Here ``||x_j||^2 / n = 2 / 4 = 0.5``: each coefficient of the
    least-squares fit ``(2, -1)`` is soft-thresholded by
    ``alpha * l1_ratio / 0.5`` and multiplied by
    ``0.5 / (0.5 + alpha * (1 - l1_ratio))``, which gives ``(1, -1/3)``:

    >>> import numpy as np
    >>> from sklearn_penalized import ElasticNet
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    >>> y = 3.0 + X @ np.array([2.0, -1.0])
    >>> model = ElasticNet(alpha=0.5, l1_ratio=0.5).fit(X, y)
    >>> np.round(model.coef_, 3)
    array([ 1.   , -0.333])
    >>> round(float(model.intercept_), 3)
    3.0
    """

    _parameter_constraints: dict = {
        **_BaseCoordinateDescentRegressor._parameter_constraints,
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
        "l1_penalty_factor": ["array-like", None],
        "l2_penalty_factor": ["array-like", None],
    }

    def __init__(
        self,
        alpha=1.0,
        *,
        l1_ratio=0.5,
        fit_intercept=True,
        precompute="auto",
        max_iter=1000,
        copy_X=True,
        tol=1e-4,
        warm_start=False,
        positive=False,
        random_state=None,
        selection="cyclic",
        penalty_factor=None,
        l1_penalty_factor=None,
        l2_penalty_factor=None,
        standardize=False,
        lower_bounds=None,
        upper_bounds=None,
    ):
        self.lower_bounds = lower_bounds
        self.upper_bounds = upper_bounds
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.penalty_factor = penalty_factor
        self.l1_penalty_factor = l1_penalty_factor
        self.l2_penalty_factor = l2_penalty_factor
        self.standardize = standardize
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.copy_X = copy_X
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def _make_penalty(self, problem):
        # scikit-learn's L2 term is alpha (1 - l1_ratio) / 2 ||w||^2; the
        # seed's L2(lam) is lam ||w||^2, hence the 1/2 here.
        lower, upper = self._bounds(problem)
        return L1L2(
            l1=self.alpha * self.l1_ratio,
            l2=self.alpha * (1.0 - self.l1_ratio) / 2.0,
            positive=self.positive,
            lower=lower,
            upper=upper,
        )
