# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Regularization paths: the alpha grid and warm-started solves along it.

Every alpha of a path is solved on ONE :class:`~._preprocessing.Problem`:
centring, weights and (when it pays) the Gram matrix are computed once for
the whole path.  Each solve starts from the previous alpha's coefficients,
so the working-set solver's first working set is the previous support plus
the features ranked closest to violating their optimality condition at the
new alpha (the sequential strong rule's candidates, ranked instead of
thresholded), and gap-safe screening removes the rest.
"""
from numbers import Integral, Real

import numpy as np
from scipy import linalg
from sklearn.utils import check_array, check_consistent_length

from ._elastic_net import ElasticNet
from ._preprocessing import make_problem
from ._stored_path import DensePathStore
from .penalties import L1L2
from .solvers import resolve_solver
from .utils._input_checks import check_no_categorical_columns
from .utils._sklearn_compat import check_sample_weight

# glmnet's convention for the automatic grid of a pure ridge (l1_ratio=0),
# whose alpha_max is infinite: take the grid of l1_ratio=1e-3.
RIDGE_GRID_L1_RATIO = 1e-3

_SOLVER_PARAMS = ("tol", "max_iter", "selection", "random_state")


def alpha_max_of_problem(problem, l1_ratio=1.0, positive=False, l1_factors=None,
                         lower=None, upper=None):
    """Smallest alpha at which every penalized coefficient is zero, per target.

    ``max_j |x_cj^T S y_c| / (sum(s) * l1_ratio)`` (with ``positive``, the
    largest positive correlation: a negative one cannot make a coefficient
    enter): the mean-datafit scale of scikit-learn's Lasso/ElasticNet, with
    the sample weights and the intercept.  ``l1_ratio=0`` uses
    :data:`RIDGE_GRID_L1_RATIO` instead.

    With per-feature L1 factors ``a_j`` the maximum runs over ``|x_cj^T S
    r| / a_j`` for the features with ``a_j > 0``, where ``r`` is the
    residual of the weighted least-squares fit on the features with
    ``a_j = 0`` (at ``alpha_max`` those are fitted and every other
    coefficient is zero: the grid starts where the first penalized feature
    enters).  Exact for the lasso; with an L2 part on the L1-free features
    their ridge shrinkage at ``alpha_max`` is neglected.

    With box constraints (``lower``/``upper`` per feature) a coefficient can
    only move to the open sides of its box: a correlation pulling it up
    counts if ``upper_j > 0``, one pulling it down if ``lower_j < 0``
    (``positive`` is ``lower = 0``).
    """
    free = None
    if l1_factors is not None and np.any(l1_factors == 0):
        free = l1_factors == 0
    if getattr(problem, "data", None) is None:  # sufficient statistics only
        correlations = _statistics_correlations(problem, free)
    else:
        if free is None:
            # centred: a constant y must not become a grid of rounding noise
            correlations = problem.zero_gradient
        else:
            r = _residual_after_unpenalized(problem, free)
            correlations = problem.correlations(
                r if problem.sample_weight is None else r * problem.sample_weight[:, None])
    n_features = correlations.shape[0]
    up = np.ones(n_features, dtype=bool) if upper is None else np.asarray(upper) > 0
    down = (np.zeros(n_features, dtype=bool) if positive else
            np.ones(n_features, dtype=bool) if lower is None else np.asarray(lower) < 0)
    correlations = np.maximum(np.where(up[:, None], correlations, 0.0),
                              np.where(down[:, None], -correlations, 0.0))
    if l1_factors is not None:
        penalized = l1_factors > 0
        correlations = correlations[penalized] / l1_factors[penalized, None]
    l1_ratio = max(float(l1_ratio), RIDGE_GRID_L1_RATIO)
    a_max = correlations.max(axis=0, initial=0.0) / (problem.sum_sw * l1_ratio)
    # a target constant up to the rounding of its mean has nothing to fit:
    # its alpha_max is 0 (make_problem zeroes such targets exactly already;
    # the statistics of dask blocks keep their rounding residue)
    return np.where(_flat_targets(problem), 0.0, a_max)


def _flat_targets(problem):
    """Targets whose centred values are within rounding of their mean."""
    mean = problem.stats.y_mean if hasattr(problem, "stats") else problem.y_offset
    eps = np.finfo(problem.dtype).eps
    scale = problem.sum_sw * (4 * eps * np.asarray(mean, dtype=np.float64)) ** 2
    return np.asarray(problem.y_sq_norms) <= scale


def _statistics_correlations(problem, free):
    """``X_c^T S r`` from the Gram form alone (``partial_fit``, dask): ``r``
    is ``y_c`` less its weighted least-squares fit on the ``free`` features
    (the normal equations on ``Q[free, free]``, min-norm if singular)."""
    Q, q = problem.gram64
    if free is None:
        return np.array(q, dtype=np.float64)
    idx = np.flatnonzero(free)
    coef_free = linalg.lstsq(Q[np.ix_(idx, idx)], q[idx], check_finite=False)[0]
    return q - Q[:, idx] @ coef_free


def _residual_after_unpenalized(problem, free):
    """``y_c - X_cF beta`` for the weighted least-squares ``beta`` on the
    features ``free`` (densified: they are the few unpenalized ones)."""
    idx = np.flatnonzero(free)
    if problem.is_sparse:
        X_free = problem.X[:, idx].toarray().astype(np.float64)
        if problem.fit_intercept:
            X_free -= problem.X_offset[idx].astype(np.float64)
    else:
        X_free = problem.data[:, idx].astype(np.float64)
        if problem.rows is not None:
            X_free = X_free[problem.rows]
        if problem.fit_intercept:
            X_free -= problem.X_mean[idx]
    Y = np.asarray(problem.Y, dtype=np.float64)
    if problem.sample_weight is None:
        beta = np.linalg.lstsq(X_free, Y, rcond=None)[0]
    else:
        root = np.sqrt(problem.sample_weight)[:, None]
        beta = np.linalg.lstsq(root * X_free, root * Y, rcond=None)[0]
    return Y - X_free @ beta


def alpha_grid(alpha_max, *, eps=1e-3, n_alphas=100):
    """Geometric grid of ``n_alphas`` values from ``alpha_max`` down to
    ``eps * alpha_max`` (decreasing).  ``alpha_max = 0`` (constant y, or
    only zero columns: nothing to fit) gives a grid of float64's resolution,
    as scikit-learn does.  (scikit-learn applies that grid to every
    ``alpha_max`` below the resolution: on data of small scale, e.g. X in
    units of 1e-20, its models are then silently intercept-only; here the
    grid follows the data's own scale.)"""
    resolution = np.finfo(np.float64).resolution
    if alpha_max <= 0:
        return np.full(n_alphas, resolution)
    return np.geomspace(alpha_max, alpha_max * eps, num=n_alphas)


def extrapolate_path(alpha_a, coef_a, alpha_b, coef_b, alpha):
    """Linear prediction of the solution at ``alpha`` from two solutions.

    The lasso solution is piecewise linear in ``alpha`` (it changes slope
    only where a feature enters or leaves the support), and the elastic net's
    is smooth between such points; so between two nearby alphas with the
    same support, ``coef_b + (alpha - alpha_b) / (alpha_b - alpha_a) *
    (coef_b - coef_a)`` is exact up to the two solutions' own accuracy.
    Coefficients whose predicted sign differs from ``coef_b``'s are set to
    zero (a feature leaving the support stops there; one that is zero in
    ``coef_b`` stays zero), so the prediction keeps ``coef_b``'s support and
    signs and never breaks ``positive=True``.

    On the hard end of a path (supports near ``n_samples``, ill-conditioned
    sub-problems) coordinate descent moves slowly along the path's
    direction; starting from the prediction cut the epochs of a 100-alpha
    path on an 800 x 2000 correlated design by a third.
    """
    if alpha_b == alpha_a:
        return None
    step = (alpha - alpha_b) / (alpha_b - alpha_a)
    predicted = coef_b + step * (coef_b - coef_a)
    predicted[np.sign(predicted) != np.sign(coef_b)] = 0.0
    return predicted


def solve_path(problem, alphas, *, l1_ratio=1.0, positive=False, precompute="auto",
               tol=1e-4, max_iter=1000, selection="cyclic", random_state=None,
               coef_init=None, verbose=0, label="path", l1_factors=None,
               l2_factors=None, lower=None, upper=None, store=DensePathStore,
               gap_target_ratio=None, starts=None):
    """Warm-started solves of the elastic net along ``alphas`` on ``problem``.

    Parameters
    ----------
    problem : Problem
    alphas : ndarray of shape (n_alphas,)
        Solved in the order given (decreasing alphas warm-start best).
    l1_ratio, positive, precompute, tol, max_iter, selection, random_state
        As in :class:`~sklearn_penalized.ElasticNet`.
    coef_init : ndarray of shape (n_targets, n_features), default=None
        Start of the first solve.
    verbose : int
        >= 1 prints one line per block of 10 alphas.
    label : str
        Prefix of those lines (e.g. the fold).
    l1_factors, l2_factors : ndarray of shape (n_features,), default=None
        Finite per-feature factors of the L1 and L2 terms (see
        ``_factors``).
    lower, upper : ndarray of shape (n_features,), default=None
        Box constraints on the coefficients (None: unbounded side).
    store : class, default=DensePathStore
        Where the coefficients go (see ``_stored_path``):
        ``SparsePathStore`` keeps only each solution's nonzeros, so a
        sparse path never exists densely.
    gap_target_ratio : float, default=None
        The solver's stopping target as a fraction of ``tol`` (None: its
        default safety margin, ``solvers._cd.GAP_TARGET_RATIO``; 1: ``tol``
        itself).
    starts : ndarray of shape (n_targets, n_features, n_alphas), default=None
        A start for each alpha (e.g. an earlier, looser solution there):
        each alpha is then solved from its own start, not from the previous
        alpha's solution.

    Returns
    -------
    coefs : ndarray of shape (n_targets, n_features, n_alphas)
        (a :class:`~._stored_path.StoredPath` with ``SparsePathStore``)
    intercepts : ndarray of shape (n_targets, n_alphas)
    dual_gaps : ndarray of shape (n_targets, n_alphas)
        In the mean-datafit scale of the objective.
    n_iters : ndarray of shape (n_targets, n_alphas)
    """
    settings = ElasticNet(l1_ratio=l1_ratio, precompute=precompute, tol=tol,
                          max_iter=max_iter, positive=positive,
                          selection=selection, random_state=random_state)
    gram = settings._gram(problem)
    if isinstance(gram, str) and 4 * len(alphas) >= problem.n_features:
        # "adaptive" weighs Q (n p^2 / 2) against one fit's work on X.  A path
        # costs at least two full gradients (2 n p) per alpha, so with
        # n_alphas >= p / 4 the Gram matrix pays for itself over the path.
        gram = True
    n_targets, n_features = problem.n_targets, problem.n_features
    n_alphas = len(alphas)
    coefs = store(n_targets, n_features, n_alphas, problem.dtype)
    intercepts = np.empty((n_targets, n_alphas), dtype=problem.dtype)
    dual_gaps = np.empty((n_targets, n_alphas))
    n_iters = np.empty((n_targets, n_alphas), dtype=np.int64)
    anchors = []  # the last two (alpha, converged coef) for extrapolate_path
    coef = None if coef_init is None else np.asarray(coef_init, dtype=problem.dtype)
    # One solver for the whole path (the penalty only changes in strength,
    # alpha times the unit penalty): resolved and checked once.
    unit = L1L2(l1_ratio, (1.0 - l1_ratio) / 2.0, positive=positive,
                l1_weights=l1_factors, l2_weights=l2_factors, lower=lower, upper=upper)
    solver = resolve_solver("cd", unit, problem, max_iter=max_iter, tol=tol,
                            selection=selection, random_state=random_state, gram=gram,
                            gap_target_ratio=gap_target_ratio)
    if hasattr(solver, "solves_path_in_one_call") and solver.solves_path_in_one_call(
            problem, unit, with_starts=starts is not None):
        # every alpha in one kernel call (the per-alpha Python below costs
        # more than the epochs on small problems)
        path, n_iters[:], dual_gaps[:], _ = solver.solve_path(
            problem, unit, alphas, coef_init=coef, starts=starts)
        for i in range(n_alphas):
            coefs.set(i, path[i].astype(problem.dtype, copy=False))
            intercepts[:, i] = problem.intercept(path[i])
        if verbose:
            for i in [i for i in range(n_alphas) if (i + 1) % 10 == 0 or i + 1 == n_alphas]:
                print(f"[{label}] alphas {i + 1}/{n_alphas} (alpha={alphas[i]:.3g}): "
                      f"{np.count_nonzero(path[i][0])} nonzero, max dual gap "
                      f"{dual_gaps[:, i].max():.2e}", flush=True)
        return coefs.result(), intercepts, dual_gaps, n_iters
    for i, alpha in enumerate(alphas):
        penalty = L1L2(alpha * l1_ratio, alpha * (1.0 - l1_ratio) / 2.0,
                       positive=positive, l1_weights=l1_factors,
                       l2_weights=l2_factors, lower=lower, upper=upper)
        fallback = None
        if starts is not None:
            coef = starts[:, :, i]
        elif len(anchors) == 2:
            fallback = extrapolate_path(*anchors[0], *anchors[1], alpha)
        result = solver.solve(problem, penalty, coef_init=coef, coef_fallback=fallback)
        if not np.all(result.converged):
            anchors = []  # an inexact solution would mislead the prediction
        elif not anchors or not np.array_equal(result.coef, anchors[-1][1]):
            # A solve that returned its start unchanged (already within tol)
            # adds no information on the path's direction: the anchors stay
            # the last two alphas where the solution moved.
            anchors = anchors[-1:] + [(alpha, result.coef)]
        if isinstance(solver.gram, str) and solver.switched_to_gram_:
            solver.gram = True  # Q now exists: the rest of the path uses it
        coef = result.coef
        coefs.set(i, coef)
        intercepts[:, i] = problem.intercept(coef)
        dual_gaps[:, i] = result.dual_gap
        n_iters[:, i] = result.n_iter
        if verbose and ((i + 1) % 10 == 0 or i + 1 == n_alphas):
            print(f"[{label}] alphas {i + 1}/{n_alphas} (alpha={alpha:.3g}): "
                  f"{np.count_nonzero(coef[0])} nonzero, max dual gap "
                  f"{dual_gaps[:, i].max():.2e}", flush=True)
    return coefs.result(), intercepts, dual_gaps, n_iters


def _resolve_alphas(alphas, n_alphas):
    """``alphas`` as None (automatic, ``n_alphas`` points), an int (points)
    or an array of values; returns ``(values or None, n_alphas)``."""
    if alphas is None:
        if not isinstance(n_alphas, Integral) or isinstance(n_alphas, bool) or n_alphas < 1:
            raise ValueError(f"n_alphas must be a positive integer, got {n_alphas!r}.")
        return None, int(n_alphas)
    if isinstance(alphas, Integral) and not isinstance(alphas, bool):
        if alphas < 1:
            raise ValueError(f"alphas as an int is the grid size: >= 1, got {alphas}.")
        return None, int(alphas)
    values = np.asarray(alphas, dtype=np.float64)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(
            f"alphas must be a non-empty 1-D array of values (or an int: the "
            f"size of the automatic grid), got shape {values.shape}."
        )
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ValueError("alphas must be finite and >= 0.")
    return values, values.size


def enet_path(X, y, *, l1_ratio=0.5, eps=1e-3, n_alphas=100, alphas=None,
              precompute="auto", Xy=None, copy_X=True, coef_init=None, verbose=False,
              return_n_iter=False, positive=False, check_input=True,
              fit_intercept=False, sample_weight=None, **params):
    """Elastic-net regularization path, solved by our coordinate descent.

    For each alpha of the grid, minimizes scikit-learn's ElasticNet objective

    .. math::

        \\frac{1}{2 \\sum_i s_i} \\sum_i s_i (y_i - x_i^T w - b)^2
        + \\alpha \\rho \\|w\\|_1 + \\frac{\\alpha (1 - \\rho)}{2} \\|w\\|_2^2

    (:math:`\\rho` = ``l1_ratio``; :math:`s_i = 1` and :math:`b = 0` by
    default, as in :func:`sklearn.linear_model.enet_path`), warm-starting each
    alpha from the previous one.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Training data (sparse input is used as CSC, never densified).
    y : array-like of shape (n_samples,) or (n_samples, n_targets)
        Targets; several targets are independent problems on a shared grid.
    l1_ratio : float, default=0.5
        Mixing parameter in [0, 1].  With ``l1_ratio=0`` (ridge) the automatic
        grid is that of ``l1_ratio=1e-3`` (glmnet's convention).
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    n_alphas : int, default=100
        Number of alphas of the automatic grid.
    alphas : array-like or int, default=None
        The alphas (solved in decreasing order); an int is the size of the
        automatic grid (scikit-learn's newer spelling of ``n_alphas``).
    precompute : bool, "auto" or array-like, default="auto"
        As in :class:`~sklearn_penalized.ElasticNet`; the Gram matrix, when
        used, is formed once for the whole path.
    Xy : array-like of shape (n_features,) or (n_features, n_targets), default=None
        ``X^T y``, used only for the automatic grid (without intercept and
        sample weights).
    copy_X : bool, default=True
        If False, dense X may be centred and scaled in place.
    coef_init : array-like of shape (n_features,) or (n_targets, n_features), default=None
        Starting coefficients of the first alpha.
    verbose : bool or int, default=False
        Print progress every 10 alphas.
    return_n_iter : bool, default=False
        Also return the number of epochs per alpha.
    positive : bool, default=False
        Constrain the coefficients to be non-negative.
    check_input : bool, default=True
        Accepted for scikit-learn compatibility; inputs are always checked.
    fit_intercept : bool, default=False
        Fit an (unpenalized) intercept, by centring (extension of ours;
        scikit-learn's path functions never fit one).
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights (extension of ours), used in the grid and the fits.
    **params
        ``tol`` (default 1e-4, scikit-learn's meaning), ``max_iter`` (1000),
        ``selection`` ("cyclic"), ``random_state``.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        The alphas, decreasing.
    coefs : ndarray of shape (n_features, n_alphas) or (n_targets, n_features, n_alphas)
        Coefficients along the path.
    dual_gaps : ndarray of shape (n_alphas,) or (n_targets, n_alphas)
        Duality gap at the end of each solve, in the scale of the objective
        above; each is at most ``tol`` times the (weighted) variance of y.
    n_iters : ndarray of shape (n_alphas,) or (n_targets, n_alphas)
        Epochs per alpha; only if ``return_n_iter``.

    See Also
    --------
    lasso_path : The case ``l1_ratio=1``.
    ElasticNetCV : Cross-validation along these paths.
    ElasticNet : The model at one ``alpha``.
    sklearn.linear_model.enet_path : The scikit-learn function this
        replaces.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_penalized import enet_path
    >>> X = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 3.5], [4.0, 3.0]])
    >>> y = np.array([1.0, 2.0, 3.2, 4.1])
    >>> alphas, coefs, gaps = enet_path(X, y, l1_ratio=0.5, n_alphas=3)
    >>> coefs.shape
    (2, 3)
    >>> bool(np.all(coefs[:, 0] == 0))  # alpha_max: every coefficient is zero
    True
    """
    unknown = set(params) - set(_SOLVER_PARAMS)
    if unknown:
        # ValueError, not Python's TypeError: scikit-learn's path functions
        # raise that for parameters their solver does not use.
        raise ValueError(
            f"Unexpected parameters in params: {sorted(unknown)}; the solver of "
            f"enet_path and lasso_path accepts {list(_SOLVER_PARAMS)}."
        )
    if not isinstance(l1_ratio, Real) or not 0 <= l1_ratio <= 1:
        raise ValueError(f"l1_ratio must be in [0, 1], got {l1_ratio!r}.")
    if not isinstance(eps, Real) or not 0 < eps <= 1:
        raise ValueError(f"eps must be in (0, 1], got {eps!r}.")
    values, n_alphas = _resolve_alphas(alphas, n_alphas)
    check_no_categorical_columns(X)
    check_no_categorical_columns(y, what="y")
    X = check_array(X, accept_sparse="csc", dtype=[np.float64, np.float32],
                    order="F", copy=False)
    y = check_array(y, ensure_2d=False, dtype=X.dtype)
    if y.ndim > 2:
        raise ValueError(f"y must be 1-D or 2-D, got shape {y.shape}.")
    check_consistent_length(X, y)
    if sample_weight is not None:
        sample_weight = check_sample_weight(sample_weight, X, dtype=X.dtype)
    problem = make_problem(X, y, sample_weight, fit_intercept=fit_intercept,
                           copy_X=copy_X)
    if values is None:
        if Xy is not None:
            if fit_intercept or sample_weight is not None:
                raise ValueError(
                    "Xy is X^T y of the raw data: it cannot give the grid with "
                    "fit_intercept=True or sample_weight; leave Xy=None."
                )
            Xy = np.asarray(Xy, dtype=np.float64).reshape(problem.n_features, -1)
            Xy = np.maximum(Xy, 0.0) if positive else np.abs(Xy)
            a_max = Xy.max(initial=0.0) / (
                problem.n_samples * max(l1_ratio, RIDGE_GRID_L1_RATIO))
        else:
            a_max = alpha_max_of_problem(problem, l1_ratio, positive).max(initial=0.0)
        values = alpha_grid(a_max, eps=eps, n_alphas=n_alphas)
    else:
        values = np.sort(values)[::-1]
    if coef_init is not None:
        coef_init = np.asarray(coef_init, dtype=problem.dtype).reshape(
            problem.n_targets, problem.n_features)
    coefs, _, dual_gaps, n_iters = solve_path(
        problem, values, l1_ratio=l1_ratio, positive=positive, precompute=precompute,
        coef_init=coef_init, verbose=int(verbose),
        **{k: params[k] for k in _SOLVER_PARAMS if k in params},
    )
    if y.ndim == 1:
        coefs, dual_gaps, n_iters = coefs[0], dual_gaps[0], n_iters[0]
    if return_n_iter:
        return values, coefs, dual_gaps, n_iters
    return values, coefs, dual_gaps


def lasso_path(X, y, *, eps=1e-3, n_alphas=100, alphas=None, precompute="auto",
               Xy=None, copy_X=True, coef_init=None, verbose=False,
               return_n_iter=False, positive=False, fit_intercept=False,
               sample_weight=None, **params):
    """Lasso regularization path, solved by our coordinate descent.

    For each alpha of the grid, minimizes scikit-learn's Lasso objective

    .. math::

        \\frac{1}{2 \\sum_i s_i} \\sum_i s_i (y_i - x_i^T w - b)^2
        + \\alpha \\|w\\|_1

    (:math:`s_i = 1` and :math:`b = 0` by default, as in
    :func:`sklearn.linear_model.lasso_path`), warm-starting each alpha from
    the previous one.  Same parameters as :func:`enet_path` with
    ``l1_ratio=1``.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Training data.
    y : array-like of shape (n_samples,) or (n_samples, n_targets)
        Targets.
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    n_alphas : int, default=100
        Number of alphas of the automatic grid.
    alphas : array-like or int, default=None
        The alphas, or the size of the automatic grid.
    precompute : bool, "auto" or array-like, default="auto"
        Gram matrix use, as in :class:`~sklearn_penalized.Lasso`.
    Xy : array-like, default=None
        ``X^T y`` for the automatic grid.
    copy_X : bool, default=True
        If False, dense X may be centred and scaled in place.
    coef_init : array-like, default=None
        Starting coefficients.
    verbose : bool or int, default=False
        Print progress every 10 alphas.
    return_n_iter : bool, default=False
        Also return the epochs per alpha.
    positive : bool, default=False
        Constrain the coefficients to be non-negative.
    fit_intercept : bool, default=False
        Fit an intercept (extension of ours).
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights (extension of ours).
    **params
        ``tol`` (default 1e-4, scikit-learn's meaning), ``max_iter`` (1000),
        ``selection`` ("cyclic"), ``random_state``; and ``check_input``,
        accepted for scikit-learn compatibility (inputs are always checked).

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        The alphas, decreasing.
    coefs : ndarray of shape (n_features, n_alphas) or (n_targets, n_features, n_alphas)
        Coefficients along the path.
    dual_gaps : ndarray of shape (n_alphas,) or (n_targets, n_alphas)
        Duality gap at the end of each solve, in the scale of the objective
        above.
    n_iters : ndarray of shape (n_alphas,) or (n_targets, n_alphas)
        Epochs per alpha; only if ``return_n_iter``.

    See Also
    --------
    enet_path : The elastic-net path, of which this is ``l1_ratio=1``.
    LassoCV : Cross-validation along these paths.
    sklearn_penalized.plotting.RegularizationPathDisplay : Plots a path.
    sklearn.linear_model.lasso_path : The scikit-learn function this
        replaces.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_penalized import lasso_path
    >>> X = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 3.5], [4.0, 3.0]])
    >>> y = np.array([1.0, 2.0, 3.2, 4.1])
    >>> alphas, coefs, gaps = lasso_path(X, y, alphas=[5.0, 1.0, 0.1])
    >>> coefs.shape
    (2, 3)
    >>> np.count_nonzero(coefs, axis=0).tolist()  # features entering
    [1, 1, 2]

    Without intercept or weights (the defaults), the path of
    :func:`sklearn.linear_model.lasso_path` solved to a tight ``tol``, to
    within the accuracy of the default ``tol``:

    >>> from sklearn.linear_model import lasso_path as sklearn_lasso_path
    >>> _, reference, _ = sklearn_lasso_path(X, y, alphas=[5.0, 1.0, 0.1],
    ...                                      tol=1e-12)
    >>> bool(np.allclose(coefs, reference, atol=1e-4))
    True
    """
    return enet_path(X, y, l1_ratio=1.0, eps=eps, n_alphas=n_alphas, alphas=alphas,
                     precompute=precompute, Xy=Xy, copy_X=copy_X, coef_init=coef_init,
                     verbose=verbose, return_n_iter=return_n_iter, positive=positive,
                     fit_intercept=fit_intercept, sample_weight=sample_weight,
                     **params)
