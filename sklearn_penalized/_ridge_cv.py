# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""RidgeCV: ridge regression with the penalty chosen by cross-validation.

With ``cv=None`` every candidate alpha is scored by *exact* leave-one-out
(LOO) cross-validation, read off one spectral decomposition.  Ridge with an
unpenalized intercept is a linear smoother: on the weight-scaled design
``Z = S^{1/2} [X, 1]`` with penalty ``diag(alpha I, 0)`` the fitted targets
are ``H y`` with the hat matrix

.. math::

    H(\\alpha) = A (A^T A + \\alpha I)^{-1} A^T + u u^T,
    \\qquad A = S^{1/2} (X - 1 m^T),
    \\quad u = S^{1/2} 1 / \\sqrt{\\textstyle\\sum_i s_i},

(the two parts are orthogonal because ``A^T u = 0`` for the weighted means
``m``).  Deleting row ``i`` of a penalized least-squares problem changes the
fit by a rank-one update (Sherman-Morrison), which gives the classical
identity ``y_i - yhat_{-i} = (y_i - yhat_i) / (1 - H_ii)``: exact, intercept
and its re-centring included, for any alpha > 0.

Two spectral forms, chosen by the shape (as scikit-learn's ``gcv_mode``):

* "kernel" (``n_samples <= n_features``): ``A A^T = V diag(lam) V^T`` (n x n);
  then ``1 - H_ii = alpha sum_j V_ij^2 / (lam_j + alpha) - u_i^2`` and the
  scaled residual is ``alpha V diag(1 / (lam + alpha)) V^T S^{1/2} y_c``.
* "gram" (``n_samples > n_features``): ``A^T A = W diag(lam) W^T`` (p x p),
  the :attr:`Problem.gram` matrix; with ``C = (X - 1 m^T) W`` (computed by
  blocks of rows, never for all rows at once),
  ``H_ii = s_i sum_j C_ij^2 / (lam_j + alpha) + s_i / sum(s)`` and the fitted
  centred targets are ``C diag(1 / (lam + alpha)) W^T X_c^T S y_c``.

A thin SVD of ``A`` (``gcv_mode="svd"``, dense only) gives the same two forms
with ``lam = sigma^2``.  Each form evaluates all alphas of a chunk with a few
matrix products; sparse ``X`` is centred implicitly and never densified.
"""
import warnings
from numbers import Real

import numpy as np
from scipy import linalg
from sklearn.base import BaseEstimator, MultiOutputMixin, RegressorMixin
from sklearn.metrics import check_scoring, get_scorer, get_scorer_names
from sklearn.model_selection import GridSearchCV
from sklearn.utils.extmath import safe_sparse_dot
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    process_routing,
)

from ._base import linear_predict
from ._dask import is_dask_collection
from ._preprocessing import make_problem
from ._ridge import Ridge
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

# Temporary arrays of one chunk of alphas hold about this many float64
# values (or as many as X has entries, when X is larger): bounds the memory
# of many alphas x many targets x many samples.
_CHUNK_ELEMENTS = 2**22
# Rows per block when forming C = X_c W in the "gram" form.
_BLOCK_ELEMENTS = 2**21


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


# -- the two spectral forms ---------------------------------------------------
class _KernelForm:
    """LOO residuals from ``A A^T = V diag(lam) V^T`` (n_samples <= n_features).

    ``apply_At(c)`` computes ``A^T c``; ``Z`` holds ``X_c[i] A^T V`` for the
    zero-weight rows ``i`` (their scaled rows of ``A`` vanish, so their
    residual must come from the unscaled design).
    """

    def __init__(self, problem, eigvals, V, apply_At, Z):
        self.problem = problem
        self.eigvals = eigvals
        self.V = V
        self.V_sq = V * V
        self.Vtb = V.T @ problem.Y_design  # V^T b, b = S^{1/2} y_c
        # The intercept's unit vector u spans the null space of A A^T.  Its
        # share of H_ii is u_i^2 = alpha u_i ((K + alpha I)^{-1} u)_i; taking
        # the right side from the *computed* eigenpairs cancels their error
        # in that null direction (which the exact u_i^2 would not): u joins
        # the targets as one more right-hand side.
        self.u = None
        if problem.fit_intercept:
            self.u = _sqrt_sw(problem) / np.sqrt(problem.sum_sw)
            self.Vtb = np.column_stack([self.Vtb, V.T @ self.u])
        self.apply_At = apply_At
        self.Z = Z

    def residuals(self, alphas):
        """``y_i - yhat_{-i}`` of shape (n_samples, n_targets, len(alphas))."""
        problem = self.problem
        n, k = problem.n_samples, problem.n_targets
        inv = 1.0 / (self.eigvals[:, None] + alphas)              # (n, G)
        M = self.Vtb[:, :, None] * inv[:, None, :]                 # (n, k [+1], G)
        # (K + alpha I)^{-1} [b, u] for every alpha; scaled residual = alpha * first k
        dual = (self.V @ M.reshape(n, -1)).reshape(n, M.shape[1], -1)
        # 1 - H_ii = alpha [(K + alpha I)^{-1}]_ii - u_i^2
        one_minus_h = self.V_sq @ inv
        if self.u is not None:
            one_minus_h -= self.u[:, None] * dual[:, k, :]
            dual, M = dual[:, :k], M[:, :k]
        one_minus_h *= alphas
        scaled = alphas * dual / one_minus_h[:, None, :]
        sw = problem.sample_weight
        if sw is None:
            return scaled
        positive = sw > 0
        E = np.empty_like(scaled)
        E[positive] = scaled[positive] / np.sqrt(sw[positive])[:, None, None]
        if self.Z is not None:
            fitted = (self.Z @ M.reshape(n, -1)).reshape(-1, k, len(alphas))
            E[~positive] = problem.Y[~positive][:, :, None] - fitted
        return E

    def coef(self, alpha):
        """Coefficients (n_features, n_targets); ``alpha`` has one value per target."""
        k = self.problem.n_targets
        dual = self.V @ (self.Vtb[:, :k] / (self.eigvals[:, None] + alpha))
        return self.apply_At(dual)


class _GramForm:
    """LOO residuals from ``A^T A = W diag(lam) W^T`` (n_samples > n_features).

    ``centred_rows(start, stop)`` returns the dense block ``X_c[start:stop]``
    times ``W``; ``g = W^T A^T b``.
    """

    def __init__(self, problem, eigvals, W, g, centred_rows):
        self.problem = problem
        self.eigvals = eigvals
        self.W = W
        self.g = g
        self.centred_rows = centred_rows

    def residuals(self, alphas):
        problem = self.problem
        n, p, k = problem.n_samples, problem.n_features, problem.n_targets
        inv = 1.0 / (self.eigvals[:, None] + alphas)              # (p, G)
        M = (self.g[:, :, None] * inv[:, None, :]).reshape(p, -1)  # (p, k G)
        sw = problem.sample_weight
        leverage0 = _intercept_leverage(problem)
        E = np.empty((n, k, len(alphas)))
        step = max(1, _BLOCK_ELEMENTS // max(p, k * len(alphas)))
        for start in range(0, n, step):
            stop = min(start + step, n)
            C = self.centred_rows(start, stop)
            fitted = (C @ M).reshape(stop - start, k, -1)
            h = (C * C) @ inv
            if sw is not None:
                h *= sw[start:stop, None]
            h += leverage0[start:stop, None]
            E[start:stop] = (
                (problem.Y[start:stop, :, None] - fitted) / (1.0 - h)[:, None, :]
            )
        return E

    def coef(self, alpha):
        return self.W @ (self.g / (self.eigvals[:, None] + alpha))


def _intercept_leverage(problem):
    """``u_i^2 = s_i / sum(s)``: the intercept's part of ``H_ii`` (0 without)."""
    n = problem.n_samples
    if not problem.fit_intercept:
        return np.zeros(n)
    if problem.sample_weight is None:
        return np.full(n, 1.0 / n)
    return problem.sample_weight / problem.sum_sw


def _sqrt_sw(problem):
    return np.ones(problem.n_samples) if problem.sqrt_sw is None else problem.sqrt_sw


def _eigh(M):
    """Eigenvalues (ascending) and eigenvectors of a symmetric matrix.

    NumPy's ``eigh`` (LAPACK ``syevd``, divide and conquer) rather than
    SciPy's: the two wheels bundle different OpenBLAS builds, and on the
    1000 x 1000 kernel of a wide design NumPy's was ~25% faster in the same
    process (best of 9: 0.09 s vs 0.12 s), for the same algorithm.
    """
    return np.linalg.eigh(M)


def _centred_dense(problem):
    """``X - 1 m^T`` (a new array, centred at the true means: no shifted
    copy first), or ``X`` itself without intercept."""
    if problem.fit_intercept:
        return problem.centred_dense()
    return problem.X


def _sparse_apply_At(problem):
    X, m, sqrt_sw = problem.X, problem.X_offset, _sqrt_sw(problem)

    def apply_At(c):
        # A^T c = X^T S^{1/2} c - m (1^T S^{1/2} c): centring stays implicit.
        sc = sqrt_sw[:, None] * c
        out = np.asarray(safe_sparse_dot(X.T, sc, dense_output=True))
        if problem.fit_intercept:
            out -= np.outer(m, sc.sum(axis=0))
        return out

    return apply_At


def _kernel_form(problem, use_svd):
    """Decompose the n x n kernel ``A A^T`` (or take the SVD of dense ``A``)."""
    sw = problem.sample_weight
    sqrt_sw = _sqrt_sw(problem)
    zero = None if sw is None or np.all(sw > 0) else ~(sw > 0)
    if problem.is_sparse:
        X = problem.X.tocsr()
        Kx = np.asarray((X @ X.T).toarray(), dtype=np.float64)
        if problem.fit_intercept:
            # X_c X_c^T = X X^T - (X m) 1^T - 1 (X m)^T + (m^T m) 1 1^T
            Xm = np.asarray(X @ problem.X_offset).ravel()
            Kx -= Xm[:, None]
            Kx -= Xm[None, :]
            Kx += problem.X_offset @ problem.X_offset
        apply_At = _sparse_apply_At(problem)
    else:
        Xc = _centred_dense(problem)

        def apply_At(c):
            return Xc.T @ (sqrt_sw[:, None] * c)

        if use_svd:
            A = Xc * sqrt_sw[:, None] if sw is not None else Xc
            U, sigma, Vt = linalg.svd(A, full_matrices=False, check_finite=False)
            Z = None
            if zero is not None:
                Z = (Xc[zero] @ Vt.T) * sigma  # X_c[i] A^T U = X_c[i] V diag(sigma)
            return _KernelForm(problem, sigma**2, U, apply_At, Z)
        Kx = Xc @ Xc.T
    K = Kx * sqrt_sw[:, None] * sqrt_sw[None, :] if sw is not None else Kx
    eigvals, V = _eigh(K)
    Z = None
    if zero is not None:
        Z = (Kx[zero] * sqrt_sw) @ V
    return _KernelForm(problem, eigvals, V, apply_At, Z)


def _gram_form(problem, use_svd):
    """Decompose the p x p Gram ``A^T A`` (or take the SVD of dense ``A``)."""
    m = problem.X_offset
    if use_svd:
        A = problem.X_design
        U, sigma, Vt = linalg.svd(A, full_matrices=False, check_finite=False)
        eigvals, W = sigma**2, Vt.T
        g = sigma[:, None] * (U.T @ problem.Y_design)
    else:
        Q, q = problem.gram
        eigvals, W = _eigh(np.array(Q, dtype=np.float64))
        g = W.T @ q
    if problem.is_sparse:
        X = problem.X.tocsr()
        mW = m @ W

        def centred_rows(start, stop):
            C = np.asarray(X[start:stop] @ W)
            if problem.fit_intercept:
                C -= mW
            return C
    else:
        X, mean = problem.data, problem.X_mean

        def centred_rows(start, stop):
            block = X[start:stop]
            if problem.fit_intercept:
                # centre the block first, at the true means: no cancellation
                block = block - mean
            return block @ W

    return _GramForm(problem, eigvals, W, g, centred_rows)


class RidgeCV(MultiOutputMixin, RegressorMixin, BaseEstimator):
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
        None: efficient leave-one-out.  Otherwise the folds of a
        :class:`~sklearn.model_selection.GridSearchCV` over
        :class:`~sklearn_penalized.Ridge`.
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
    def _loo_form(self, problem):
        mode = self.gcv_mode
        if mode == "svd" and problem.is_sparse:
            warnings.warn(
                "gcv_mode='svd' needs dense X; sparse X uses gcv_mode='eigen' "
                "instead (scikit-learn will raise an error for this from 1.11).",
                FutureWarning,
                stacklevel=3,
            )
            mode = "eigen"
        use_svd = mode == "svd"
        if problem.n_samples <= problem.n_features:
            return _kernel_form(problem, use_svd)
        return _gram_form(problem, use_svd)

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
        form = self._loo_form(problem)

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

    # -- K-fold through GridSearchCV ---------------------------------------------
    def _fit_grid_search(self, X, y, sample_weight, alphas, params):
        estimator = Ridge(fit_intercept=self.fit_intercept)
        fit_params = dict(params)
        if sample_weight is not None:
            fit_params["sample_weight"] = sample_weight
        if _routing_enabled():
            estimator.set_fit_request(sample_weight=True)
        search = GridSearchCV(
            estimator,
            {"alpha": [float(a) for a in alphas]},
            cv=self.cv,
            scoring=self._get_scorer(),
        )
        search.fit(X, y, **fit_params)
        best = search.best_estimator_
        self.alpha_ = float(best.alpha)
        self.best_score_ = search.best_score_
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


def _select(alphas, scores, per_target):
    """The first alpha with the highest score (per target if asked).

    Alphas are visited in the given order and replaced only by a strictly
    better score, as scikit-learn does (ties and NaN keep the earlier one).
    """
    best_alpha, best_score = None, None
    for alpha, score in zip(alphas, scores):
        alpha = float(alpha)
        if best_score is None:
            best_score = np.array(score, dtype=np.float64, copy=True)
            best_alpha = np.full(best_score.shape, alpha) if per_target else alpha
        elif per_target:
            better = score > best_score
            best_score[better] = score[better]
            best_alpha[better] = alpha
        elif np.all(score > best_score):
            best_alpha, best_score = alpha, np.array(score, dtype=np.float64)
    if best_score.ndim == 0:
        best_score = float(best_score)
    return best_alpha, best_score
