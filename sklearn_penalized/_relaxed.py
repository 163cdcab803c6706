# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The relaxed lasso (glmnet's ``relax=TRUE``) and its cross-validation:
``gamma * lasso + (1 - gamma) * least squares on the lasso's support``, the
refit solved on the support's columns only (:func:`refit_on_supports`)."""
import time
import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from joblib import delayed
from scipy import linalg
from scipy.optimize import lsq_linear, nnls
from scipy.sparse.linalg import LinearOperator, lsqr
from sklearn.base import BaseEstimator, MultiOutputMixin, RegressorMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import check_scoring
from sklearn.model_selection import check_cv

from ._base import _input_is_own_copy, linear_predict
from ._cv import (
    _BaseCV,
    check_fold_weights,
    fold_statistics,
    validated_cv_data,
)
from ._cv_attributes import column_y_as_1d
from ._elastic_net import _BaseCoordinateDescentRegressor
from ._folds import _FittedLinear
from ._interrupt import StoppableParallel
from ._path import alpha_grid, alpha_max_of_problem, solve_path
from ._preprocessing import check_finite_sq_norms, make_problem
from .penalties import L1
from .utils._params import CachedParamNamesMixin
from .utils._scoring import R2ScoreMixin
from .utils._sklearn_compat import (
    Interval,
    StrOptions,
    _fit_context,
    check_is_fitted,
    check_sample_weight,
    validate_data,
)

# A sparse X_S with at most this many entries (n_samples * |S|, 64 MiB in
# float64) is densified for the refit; above, LSQR works on the sparse
# columns with the centring applied implicitly.
SPARSE_DENSIFY_MAX_ENTRIES = 2**23
# Relative tolerance of LSQR (and of the bounded solver for positive=True)
# on large sparse supports.
LSQR_TOL = 1e-10


# ----------------------------------------------------------------- the refit


def _dense_support_design(problem, cols):
    """``S^{1/2} (X_S - 1 m_S^T)`` as a float64 array of shape (n, |S|)."""
    if "X_design" in problem.__dict__:
        # Already materialised by the lasso solver (with copy_X=False possibly
        # in place of X, which then no longer holds the raw data): reuse it.
        return np.asarray(problem.X_design[:, cols], dtype=np.float64)
    X = problem.X
    if sp.issparse(X):
        B = X[:, cols].toarray().astype(np.float64, copy=False)
    else:
        B = np.array(X[:, cols], dtype=np.float64)
    if problem.fit_intercept:
        B -= problem.X_offset[cols].astype(np.float64)
    if problem.sqrt_sw is not None:
        B *= problem.sqrt_sw.astype(np.float64)[:, np.newaxis]
    return B


def _sparse_support_operator(problem, cols):
    """``S^{1/2} (X_S - 1 m_S^T)`` as a LinearOperator: ``X_S`` stays sparse."""
    X_S = problem.X[:, cols].astype(np.float64)
    m = problem.X_offset[cols].astype(np.float64)
    sqrt_sw = None if problem.sqrt_sw is None else problem.sqrt_sw.astype(np.float64)
    centre = problem.fit_intercept

    def matvec(v):
        v = np.ravel(v)
        out = X_S @ v
        if centre:
            out = out - m @ v
        return out if sqrt_sw is None else sqrt_sw * out

    def rmatvec(u):
        u = np.ravel(u)
        if sqrt_sw is not None:
            u = sqrt_sw * u
        out = X_S.T @ u
        if centre:
            out = out - m * u.sum()
        return out

    return LinearOperator((problem.n_samples, len(cols)), matvec=matvec,
                          rmatvec=rmatvec, dtype=np.float64)


def _solve_dense(B, rhs, positive):
    """Least squares ``min ||B w - rhs||`` per column of ``rhs``: minimum-norm
    (SVD, gelsd) or non-negative (Lawson-Hanson NNLS)."""
    if positive:
        return np.column_stack([nnls(B, rhs[:, j])[0] for j in range(rhs.shape[1])])
    # Singular values below eps * max(n, |S|) times the largest are treated
    # as zero (NumPy's lstsq default): the minimum-norm solution on the
    # numerical rank.
    cond = np.finfo(np.float64).eps * max(B.shape)
    return linalg.lstsq(B, rhs, cond=cond, lapack_driver="gelsd",
                        check_finite=False)[0]


def _solve_operator(op, rhs, positive):
    """The same on a LinearOperator: LSQR from 0 (which converges to the
    minimum-norm solution), or a bounded trust-region solver for ``w >= 0``."""
    n_cols = op.shape[1]
    out = np.empty((n_cols, rhs.shape[1]))
    iter_lim = max(1000, 10 * n_cols)
    for j in range(rhs.shape[1]):
        if positive:
            res = lsq_linear(op, rhs[:, j], bounds=(0.0, np.inf), lsq_solver="lsmr",
                             tol=LSQR_TOL, max_iter=iter_lim)
            out[:, j], ok = res.x, res.status > 0
        else:
            res = lsqr(op, rhs[:, j], atol=LSQR_TOL, btol=LSQR_TOL, iter_lim=iter_lim)
            out[:, j], ok = res[0], res[1] != 7
        if not ok:
            warnings.warn("The least-squares refit on the lasso support did not "
                          f"converge in {iter_lim} iterations; the relaxed "
                          "coefficients are approximate.", ConvergenceWarning,
                          stacklevel=4)
    return out


def refit_on_supports(problem, coefs, positive=False):
    """Least-squares refits on the supports of ``coefs``.

    For each target ``k`` and column ``i`` of ``coefs`` (e.g. the alphas of a
    path), with ``S`` the nonzero entries of ``coefs[k, :, i]``, the weighted
    least squares with intercept restricted to ``S``, solved on the columns
    ``S`` only (see :class:`RelaxedLasso`'s Notes): ``b`` is eliminated by
    the weighted centring, ``w_S`` is the minimum-norm (or, with
    ``positive``, non-negative) solution on ``S^{1/2} X_{c,S}``, and ``b =
    y_offset - X_offset^T w``.  Each distinct support is solved once, for
    all the targets (and alphas) that share it.

    Parameters
    ----------
    problem : Problem
    coefs : ndarray of shape (n_targets, n_features, n_columns)
    positive : bool, default=False
        Constrain the refit to ``w >= 0``.

    Returns
    -------
    ls_coefs : ndarray of shape (n_targets, n_features, n_columns)
        In the dtype of the problem (computed in float64).
    ls_intercepts : ndarray of shape (n_targets, n_columns)
    """
    n_targets, n_features, n_columns = coefs.shape
    ls = np.zeros((n_targets, n_features, n_columns))
    # support -> (mask, {target: [columns]})
    supports = {}
    nonzero = coefs != 0
    for i in range(n_columns):
        for k in range(n_targets):
            mask = nonzero[k, :, i]
            entry = supports.setdefault(mask.tobytes(), (mask, {}))
            entry[1].setdefault(k, []).append(i)
    Y = problem.Y_design
    for mask, requests in supports.values():
        cols = np.flatnonzero(mask)
        if cols.size == 0:
            continue  # empty support: w = 0, b = the (weighted) mean of y
        targets = sorted(requests)
        rhs = np.asarray(Y[:, targets], dtype=np.float64)
        if (problem.is_sparse
                and problem.n_samples * cols.size > SPARSE_DENSIFY_MAX_ENTRIES):
            solution = _solve_operator(_sparse_support_operator(problem, cols),
                                       rhs, positive)
        else:
            B = _dense_support_design(problem, cols)
            check_finite_sq_norms(np.einsum("ij,ij->j", B, B))
            solution = _solve_dense(B, rhs, positive)
        for t, k in enumerate(targets):
            for i in requests[k]:
                ls[k, cols, i] = solution[:, t]
    ls_coefs = ls.astype(problem.dtype)
    if problem.fit_intercept:
        offset = problem.X_mean  # the true means (shifted columns included)
        ls_intercepts = problem.y_offset.astype(np.float64)[:, None] - np.einsum(
            "kji,j->ki", ls, offset)
    else:
        ls_intercepts = np.zeros((n_targets, n_columns))
    return ls_coefs, ls_intercepts.astype(problem.dtype)


# ------------------------------------------------------------- RelaxedLasso


class RelaxedLasso(_BaseCoordinateDescentRegressor):
    """Relaxed lasso: a blend of the lasso and least squares on its support.

    With :math:`S` the support of the lasso solution at ``alpha``,

    .. math::

        (w_{lasso}, b_{lasso}) = \\arg\\min_{w, b}
        \\frac{1}{2 \\sum_i s_i} \\sum_i s_i (y_i - x_i^T w - b)^2
        + \\alpha \\|w\\|_1,

        (w_{ls}, b_{ls}) = \\arg\\min_{w, b:\\ w_j = 0 \\text{ for } j \\notin S}
        \\frac{1}{2 \\sum_i s_i} \\sum_i s_i (y_i - x_i^T w - b)^2,

        w = \\gamma\\, w_{lasso} + (1 - \\gamma)\\, w_{ls}, \\qquad
        b = \\gamma\\, b_{lasso} + (1 - \\gamma)\\, b_{ls},

    glmnet's ``relax=TRUE``.  ``gamma=1`` is exactly :class:`Lasso`
    (same objective, parameters and solver); ``gamma=0`` is ordinary (weighted)
    least squares with intercept on the lasso's support: the lasso selects,
    the refit removes its shrinkage.  ``s_i = 1`` without ``sample_weight``.

    Parameters
    ----------
    alpha : float, default=1.0
        Strength of the L1 penalty of the lasso part, >= 0 (scikit-learn's
        Lasso ``alpha``).
    gamma : float, default=0.5
        Weight of the lasso in the blend, in [0, 1].
    fit_intercept : bool, default=True
        Whether to fit an intercept (both parts).
    precompute : bool, "auto" or array-like, default="auto"
        Gram matrix use of the lasso part, as in :class:`Lasso`.
    copy_X : bool, default=True
        If False, dense X may be centred and scaled in place.
    max_iter : int, default=1000
        Maximum number of epochs of the lasso's coordinate descent.
    tol : float, default=1e-4
        Duality-gap tolerance of the lasso part (scikit-learn's meaning).
        The refit is solved directly (to machine precision).
    warm_start : bool, default=False
        Start the lasso from the previous ``lasso_coef_`` when refitting.
    positive : bool, default=False
        Constrain both parts to non-negative coefficients: the lasso is the
        non-negative lasso and the refit is non-negative least squares on the
        support (so every blend is non-negative too).  This differs from an
        unconstrained refit, which can flip the sign of a selected
        coefficient.
    random_state : int, RandomState instance or None, default=None
        Seeds the feature order when ``selection="random"``.
    selection : {"cyclic", "random"}, default="cyclic"
        Coordinate order of the lasso's coordinate descent.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        The relaxed coefficients, in the dtype of X.
    intercept_ : float or ndarray of shape (n_targets,)
        The relaxed intercept.
    lasso_coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients of the lasso part.
    lasso_intercept_ : float or ndarray of shape (n_targets,)
        Intercept of the lasso part.
    ls_coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients of the least-squares refit (zero outside the support).
    ls_intercept_ : float or ndarray of shape (n_targets,)
        Intercept of the refit.
    support_ : ndarray of bool, shape (n_features,) or (n_targets, n_features)
        The lasso's support ``lasso_coef_ != 0``, one row per target.
    n_iter_ : int or list of int
        Epochs of the lasso's coordinate descent, per target.
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap of the lasso part.
    solver_ : str
        Solver of the lasso part (``"cd"`` or ``"cd_gram"``).
    sparse_coef_ : sparse matrix of shape (n_targets, n_features)
        ``coef_`` as a CSR matrix.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the features, when X has string column names.

    See Also
    --------
    RelaxedLassoCV : Chooses ``alpha`` and ``gamma`` by cross-validation.
    Lasso : The case ``gamma=1``.
    AdaptiveLasso : Another two-stage correction of the lasso's shrinkage.

    Notes
    -----
    The refit is solved on the active columns only, never on all of X: the
    centred, ``sqrt(s)``-scaled ``X_S`` (``n_samples x |S|``) is handed to
    LAPACK's SVD-based least squares (``gelsd``) in float64, then cast to the
    dtype of X.  When ``X_S`` is rank-deficient or ``|S| > n_samples``, the
    refit is the **minimum-norm** least-squares solution: the smallest
    ``||w_S||_2`` among the minimisers (the intercept is not part of the
    norm: it is eliminated by centring; singular values below
    ``eps * max(n, |S|)`` times the largest count as zero).  A sparse X
    stays sparse: only ``X_S`` is densified, when it has at most
    ``2**23`` entries; beyond that LSQR (started at 0, hence converging to
    the minimum-norm solution) runs on the sparse columns with the centring
    applied implicitly.  With ``positive=True`` the refit is non-negative
    least squares (Lawson-Hanson; a bounded LSMR-based solver for large
    sparse supports).  With several targets each target has its own
    support and refit.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_penalized import RelaxedLasso
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [3.0, 1.0]])
    >>> y = X @ np.array([1.0, 0.0])
    >>> model = RelaxedLasso(alpha=0.1, gamma=0.5).fit(X, y)
    >>> model.support_
    array([ True, False])
    >>> np.round([model.lasso_coef_[0], model.ls_coef_[0], model.coef_[0]], 2)
    array([0.92, 1.  , 0.96])
    """

    # Spelled out (not inherited): RelaxedLasso has exactly these parameters.
    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "gamma": [Interval(Real, 0, 1, closed="both")],
        "fit_intercept": ["boolean"],
        "precompute": ["boolean", StrOptions({"auto"}), "array-like"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "copy_X": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "warm_start": ["boolean"],
        "positive": ["boolean"],
        "random_state": ["random_state"],
        "selection": [StrOptions({"cyclic", "random"})],
    }

    def __init__(
        self,
        alpha=1.0,
        gamma=0.5,
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
    ):
        self.alpha = alpha
        self.gamma = gamma
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

    def _coef_init(self, problem, factors=None):
        """The previous lasso part when warm-starting (not the blend)."""
        if not self.warm_start or not hasattr(self, "lasso_coef_"):
            return None
        coef = np.atleast_2d(self.lasso_coef_)
        if coef.shape != (problem.n_targets, problem.n_features):
            return None
        return coef.astype(problem.dtype)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the lasso, refit least squares on its support, blend.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.  Sparse input is used as CSC without densifying.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights of the samples (at least one positive),
            used by both parts.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        X_input = X
        X, y = validate_data(self, X, y, accept_sparse="csc",
                             dtype=[np.float64, np.float32], order="F", copy=False,
                             multi_output=True, y_numeric=True)
        y = np.asarray(y, dtype=X.dtype)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X, dtype=X.dtype)
        copy_X = self.copy_X and not _input_is_own_copy(X, X_input)
        problem = make_problem(X, y, sample_weight, fit_intercept=self.fit_intercept,
                               copy_X=copy_X)
        penalty = self._make_penalty(problem)
        solver = self._make_solver(penalty, problem)
        result = solver.solve(problem, penalty, coef_init=self._coef_init(problem))
        _set_relaxed_attributes(self, problem, result.coef, self.gamma, y.ndim == 1)
        self._set_solver_attributes(result, solver)
        return self


def _set_relaxed_attributes(estimator, problem, lasso, gamma, one_d):
    """Refit on the supports of ``lasso`` (n_targets, n_features), blend, and
    set the fitted coefficient attributes of ``estimator``."""
    lasso_b = problem.intercept(lasso)
    ls, ls_b = refit_on_supports(problem, lasso[:, :, None], estimator.positive)
    ls, ls_b = ls[:, :, 0], ls_b[:, 0]
    g = float(gamma)
    coef = (g * lasso + (1.0 - g) * ls).astype(problem.dtype, copy=False)
    intercept = (g * lasso_b + (1.0 - g) * ls_b).astype(problem.dtype, copy=False)
    if not (np.all(np.isfinite(coef)) and np.all(np.isfinite(intercept))):
        raise ValueError("The fit produced non-finite coefficients (overflow): "
                         "scale the features and the target, e.g. with "
                         "StandardScaler.")
    # as Lasso: one target gives 1-D coefficients, also for y of shape (n, 1)
    one_target = problem.n_targets == 1
    for name, values in [("coef_", coef), ("lasso_coef_", lasso),
                         ("ls_coef_", ls), ("support_", lasso != 0)]:
        setattr(estimator, name, values[0] if one_target else values)
    for name, values in [("intercept_", intercept),
                         ("lasso_intercept_", lasso_b), ("ls_intercept_", ls_b)]:
        # scikit-learn's convention: 0.0 without intercept, any y shape
        setattr(estimator, name, 0.0 if not problem.fit_intercept
                else values[0] if one_d else values)


# ------------------------------------------------------------ RelaxedLassoCV


def select_relaxed(alphas, gammas, cv_mean, cv_std_error, rule="min"):
    """Indices ``(gamma_index, alpha_index)`` chosen on the CV surface
    ``cv_mean`` (shape ``(n_gammas, n_alphas)``) by ``rule``, as stated in
    :class:`RelaxedLassoCV`'s ``selection_rule``."""
    alphas = np.asarray(alphas)
    gammas = np.asarray(gammas)

    def simplest(candidates):
        gi, ai = np.nonzero(candidates)
        best = max(range(len(gi)), key=lambda t: (alphas[ai[t]], gammas[gi[t]]))
        return int(gi[best]), int(ai[best])

    best = simplest(cv_mean == cv_mean.min())
    if rule == "min":
        return best
    threshold = cv_mean[best] + cv_std_error[best]
    return simplest(cv_mean <= threshold)


def _relaxed_fold_losses(X, y_2d, one_d, sw, train, test, alphas, gammas, settings,
                         scorer, fold_label, verbose):
    """Lasso path and its support refits on ``train``, the relaxed losses of
    every (gamma, alpha) on ``test``.  Returns ``(loss, mse)`` of shapes
    ``(n_gammas, n_alphas)`` and ``(n_gammas, n_alphas, n_targets)``."""
    start = time.perf_counter()
    X_train = X[train]
    if not hasattr(X_train, "tocsc"):
        X_train = np.asfortranarray(X_train)
    sw_train = None if sw is None else sw[train]
    problem = make_problem(X_train, y_2d[train], sw_train,
                           fit_intercept=settings["fit_intercept"], copy_X=False)
    coefs, intercepts, _, _ = solve_path(
        problem, alphas, l1_ratio=1.0, positive=settings["positive"],
        precompute=settings["precompute"], tol=settings["tol"],
        max_iter=settings["max_iter"], selection=settings["selection"],
        random_state=settings["random_state"], verbose=verbose, label=fold_label)
    ls_coefs, ls_intercepts = refit_on_supports(problem, coefs, settings["positive"])

    X_test, y_test = X[test], y_2d[test]
    sw_test = None if sw is None else sw[test]
    n_targets = y_2d.shape[1]

    def predictions(c, b):  # (n_test, n_targets, n_alphas)
        pred = np.stack([np.asarray(X_test @ c[k]) for k in range(n_targets)], axis=1)
        return pred + b[None, :, :]

    pred_lasso = predictions(coefs, intercepts)
    pred_ls = predictions(ls_coefs, ls_intercepts)
    n_gammas, n_alphas = len(gammas), len(alphas)
    mse = np.empty((n_gammas, n_alphas, n_targets))
    for j, g in enumerate(gammas):
        # relaxed predictions are linear in gamma: one refit serves all
        sq = (y_test[:, :, None] - (g * pred_lasso + (1.0 - g) * pred_ls)) ** 2
        if sw_test is None:
            mse[j] = sq.mean(axis=0).T
        else:
            mse[j] = (np.tensordot(sw_test, sq, axes=(0, 0)) / sw_test.sum()).T
    if scorer is None:
        loss = mse.mean(axis=2)
    else:
        kwargs = {} if sw_test is None else {"sample_weight": sw_test}
        y_scored = y_test[:, 0] if one_d else y_test
        loss = np.empty((n_gammas, n_alphas))
        for j, g in enumerate(gammas):
            for i in range(n_alphas):
                c = g * coefs[:, :, i] + (1.0 - g) * ls_coefs[:, :, i]
                b = g * intercepts[:, i] + (1.0 - g) * ls_intercepts[:, i]
                model = _FittedLinear(c[0], b[0]) if one_d else _FittedLinear(c, b)
                loss[j, i] = -scorer(model, X_test, y_scored, **kwargs)
    if verbose:
        print(f"[{fold_label}] {n_alphas} alphas x {n_gammas} gammas in "
              f"{time.perf_counter() - start:.2f}s", flush=True)
    return loss, mse


class RelaxedLassoCV(CachedParamNamesMixin, MultiOutputMixin, R2ScoreMixin, RegressorMixin,
                     BaseEstimator):
    """Relaxed lasso with ``alpha`` and ``gamma`` chosen by cross-validation.

    At the selected ``(alpha, gamma)`` the model is :class:`RelaxedLasso`'s,

    .. math::

        w = \\gamma\\, w_{lasso}(\\alpha) + (1 - \\gamma)\\, w_{ls}(S_\\alpha),

    with :math:`w_{lasso}(\\alpha)` the minimiser of
    :math:`\\frac{1}{2 \\sum_i s_i} \\sum_i s_i (y_i - x_i^T w - b)^2 +
    \\alpha \\|w\\|_1` and :math:`w_{ls}(S_\\alpha)` the least-squares
    refit on its support.

    Each fold solves one lasso path over the alpha grid (:class:`LassoCV`'s),
    refits least squares once per distinct support along it and scores every
    gamma from the two predictions (the relaxed one is linear in gamma).
    Folds are averaged with weights equal to their total sample weight.

    Parameters
    ----------
    gammas : array-like of float, default=(0, 0.25, 0.5, 0.75, 1)
        Values of ``gamma`` in [0, 1] to search (stored sorted, without
        duplicates, in ``gammas_``).
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    alphas : int or array-like, default=100
        Size of the automatic geometric grid from ``alpha_max`` (computed
        with the sample weights and the intercept) down to
        ``eps * alpha_max``, or the alphas themselves (sorted decreasing).
    cv : int, cross-validation generator or iterable, default=None
        As in scikit-learn: None is 5-fold, an int is K-fold, a splitter
        (``groups`` passed to ``fit`` reach it) or an iterable of
        (train, test) index arrays.
    selection_rule : {"min", "1se"}, default="min"
        ``"min"``: the pair of smallest mean CV loss (exact ties go to the
        largest alpha, then the largest gamma).  ``"1se"``: with ``(a*, g*)``
        the ``"min"`` pair, among all pairs whose mean loss is at most
        ``cv_mean_[g*, a*] + cv_std_error_[g*, a*]``, the **largest alpha**,
        then, at that alpha, the **largest gamma** (glmnet's rule: the
        sparsest support, then the most shrinkage).
    scoring : str or callable, default=None
        A scikit-learn scorer (greater is better); the CV loss is its
        negation.  None: the (weighted) mean squared error.
    n_jobs : int, default=None
        Folds solved in parallel threads (the Cython kernels release the GIL).
    verbose : int, default=0
        Progress: one line per block of 10 alphas and one per fold.
    fit_intercept : bool, default=True
        Whether to fit an intercept.
    precompute : bool or "auto", default="auto"
        Gram matrix use of every lasso fit, as in :class:`Lasso`.
    max_iter : int, default=1000
        Maximum epochs per alpha.
    tol : float, default=1e-4
        Duality-gap tolerance of every lasso fit (scikit-learn's meaning).
    positive : bool, default=False
        Non-negative lasso and non-negative least-squares refits (see
        :class:`RelaxedLasso`).
    random_state : int, RandomState instance or None, default=None
        Seeds ``selection="random"``.
    selection : {"cyclic", "random"}, default="cyclic"
        Coordinate order.
    copy_X : bool, default=True
        Accepted for compatibility; the user's X is never modified.

    Attributes
    ----------
    alpha_ : float
        The selected alpha.
    gamma_ : float
        The selected gamma.
    alpha_min_, gamma_min_ : float
        The pair of smallest mean CV loss.
    alpha_1se_, gamma_1se_ : float
        The one-standard-error pair.
    alphas_ : ndarray of shape (n_alphas,)
        The alpha grid (decreasing).
    gammas_ : ndarray of shape (n_gammas,)
        The gammas (increasing).
    cv_mean_ : ndarray of shape (n_gammas, n_alphas)
        Mean CV loss per (gamma, alpha), folds weighted by their total
        sample weight.
    cv_std_error_ : ndarray of shape (n_gammas, n_alphas)
        Its standard error, ``sqrt(weighted variance over folds / (K - 1))``.
    mse_path_ : ndarray of shape (n_gammas, n_alphas, n_folds)
        Held-out (weighted) mean squared error per gamma, alpha and fold
        (averaged over targets).
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Relaxed coefficients of the refit on all the data at
        ``(alpha_, gamma_)`` (its lasso warm-started along the grid).
    intercept_ : float or ndarray of shape (n_targets,)
        Its intercept.
    lasso_coef_, lasso_intercept_, ls_coef_, ls_intercept_, support_
        The parts of that refit, as in :class:`RelaxedLasso`.
    n_iter_ : int or list of int
        Epochs of the refit's lasso.
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap of the refit's lasso.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the features, when X has string column names.

    See Also
    --------
    RelaxedLasso : The model at one ``(alpha, gamma)``.
    LassoCV : The case ``gammas=[1]``.

    Notes
    -----
    With several targets, one ``(alpha, gamma)`` is chosen for all of them,
    on the loss averaged over targets (or the scorer applied to the 2-D
    predictions); each target still has its own support and refit.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_penalized import RelaxedLassoCV
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(60, 8)
    >>> y = X[:, 0] - 2 * X[:, 1] + 0.1 * rng.randn(60)
    >>> model = RelaxedLassoCV(cv=3, selection_rule="1se").fit(X, y)
    >>> model.cv_mean_.shape
    (5, 100)
    >>> np.flatnonzero(model.coef_).tolist()
    [0, 1]
    """

    _parameter_constraints: dict = {
        "gammas": ["array-like"],
        "eps": [Interval(Real, 0, None, closed="neither")],
        "alphas": [Interval(Integral, 1, None, closed="left"), "array-like"],
        "cv": ["cv_object"],
        "selection_rule": [StrOptions({"min", "1se"})],
        "scoring": [str, callable, None],
        "n_jobs": [Integral, None],
        "verbose": ["verbose"],
        "fit_intercept": ["boolean"],
        "precompute": ["boolean", StrOptions({"auto"})],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "positive": ["boolean"],
        "random_state": ["random_state"],
        "selection": [StrOptions({"cyclic", "random"})],
        "copy_X": ["boolean"],
    }

    def __init__(self, *, gammas=(0, 0.25, 0.5, 0.75, 1), eps=1e-3, alphas=100,
                 cv=None, selection_rule="min", scoring=None, n_jobs=None, verbose=0,
                 fit_intercept=True, precompute="auto", max_iter=1000, tol=1e-4,
                 positive=False, random_state=None, selection="cyclic", copy_X=True):
        self.gammas = gammas
        self.eps = eps
        self.alphas = alphas
        self.cv = cv
        self.selection_rule = selection_rule
        self.scoring = scoring
        self.n_jobs = n_jobs
        self.verbose = verbose
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.positive = positive
        self.random_state = random_state
        self.selection = selection
        self.copy_X = copy_X

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    # groups (and other split parameters) reach the splitter exactly as in
    # LassoCV: with metadata routing, or as ``groups`` without it.
    get_metadata_routing = _BaseCV.get_metadata_routing
    _split_params = _BaseCV._split_params

    def _checked_gammas(self):
        gammas = np.asarray(self.gammas, dtype=np.float64).ravel()
        if gammas.size == 0 or not np.all((gammas >= 0) & (gammas <= 1)):
            raise ValueError("gammas must be a non-empty list of values in "
                             f"[0, 1], got {self.gammas!r}.")
        return np.unique(gammas)

    def _alpha_values(self):
        if isinstance(self.alphas, Integral):
            return None
        values = np.asarray(self.alphas, dtype=np.float64).ravel()
        if values.size == 0 or not np.all(np.isfinite(values)) or np.any(values < 0):
            raise ValueError("alphas must be a positive int (size of the automatic "
                             "grid) or a non-empty array of finite values >= 0, "
                             f"got {self.alphas!r}.")
        return np.sort(values)[::-1]

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, **params):
        """Cross-validate (alpha, gamma) and refit the relaxed lasso there.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data (sparse input is used as CSC).
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples: used in the grid, the fits, the refits
            and the held-out losses.
        **params
            Split parameters, e.g. ``groups``: routed to the splitter.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        split_params = self._split_params(params)
        X, y, y_2d, sample_weight = validated_cv_data(self, X, y, sample_weight)
        y = column_y_as_1d(y)  # as LassoCV: (n, 1) is one target
        gammas = self._checked_gammas()
        alphas = self._alpha_values()
        full = make_problem(X, y_2d, sample_weight, fit_intercept=self.fit_intercept,
                            copy_X=True)
        if alphas is None:
            a_max = alpha_max_of_problem(full, 1.0, self.positive).max(initial=0.0)
            alphas = alpha_grid(a_max, eps=self.eps, n_alphas=int(self.alphas))

        cv = check_cv(self.cv)
        folds = list(cv.split(X, y, **split_params))
        check_fold_weights(folds, sample_weight)
        scorer = None if self.scoring is None else check_scoring(self, self.scoring)
        settings = dict(fit_intercept=self.fit_intercept, positive=self.positive,
                        precompute=self.precompute, tol=self.tol,
                        max_iter=self.max_iter, selection=self.selection,
                        random_state=self.random_state)
        results = StoppableParallel(n_jobs=self.n_jobs, prefer="threads")(
            delayed(_relaxed_fold_losses)(
                X, y_2d, y.ndim == 1 or y_2d.shape[1] == 1, sample_weight, train,
                test, alphas, gammas, settings, scorer,
                f"fold {f + 1}/{len(folds)}", int(self.verbose))
            for f, (train, test) in enumerate(folds))
        losses = np.stack([loss for loss, _ in results], axis=-1)
        mses = np.stack([mse.mean(axis=2) for _, mse in results], axis=-1)
        fold_weights = np.array([
            len(test) if sample_weight is None else float(sample_weight[test].sum())
            for _, test in folds])
        cv_mean, cv_std_error = fold_statistics(losses, fold_weights)

        idx_min = select_relaxed(alphas, gammas, cv_mean, cv_std_error, "min")
        idx_1se = select_relaxed(alphas, gammas, cv_mean, cv_std_error, "1se")
        g_idx, a_idx = idx_min if self.selection_rule == "min" else idx_1se

        self.alphas_ = alphas
        self.gammas_ = gammas
        self.cv_mean_ = cv_mean
        self.cv_std_error_ = cv_std_error
        self.mse_path_ = mses
        for suffix, (g, a) in (("", (g_idx, a_idx)), ("_min", idx_min),
                               ("_1se", idx_1se)):
            setattr(self, f"alpha{suffix}_", float(alphas[a]))
            setattr(self, f"gamma{suffix}_", float(gammas[g]))

        # Refit on all the data: the lasso warm-started along the grid down to
        # alpha_ (as LassoCV's refit path), then the relaxed model there.
        coefs, _, gaps, iters = solve_path(
            full, alphas[:a_idx + 1], l1_ratio=1.0, positive=self.positive,
            precompute=self.precompute, tol=self.tol, max_iter=self.max_iter,
            selection=self.selection, random_state=self.random_state,
            verbose=int(self.verbose), label="refit on all data")
        _set_relaxed_attributes(self, full, coefs[:, :, -1], self.gamma_, y.ndim == 1)
        if y.ndim == 1:
            self.n_iter_, self.dual_gap_ = int(iters[0, -1]), float(gaps[0, -1])
        else:
            self.n_iter_, self.dual_gap_ = [int(n) for n in iters[:, -1]], gaps[:, -1]
        return self

    def predict(self, X):
        """Predict with the relaxed model at ``(alpha_, gamma_)``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Predicted values, ``X @ coef_.T + intercept_``.
        """
        check_is_fitted(self)
        return linear_predict(self, X, self.coef_, self.intercept_)
