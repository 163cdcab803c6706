# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The one ``fit`` template shared by every estimator, and ``predict``."""
import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, MultiOutputMixin, RegressorMixin
from sklearn.utils.extmath import safe_sparse_dot

from ._dask import dask_predict, is_dask_collection
from ._factors import resolve_factors
from ._preprocessing import make_problem
from .solvers import SolverResult
from .utils._params import CachedParamNamesMixin
from .utils._scoring import R2ScoreMixin
from .utils._sklearn_compat import (
    _fit_context,
    check_is_fitted,
    check_sample_weight,
    validate_data,
)


def _input_is_own_copy(X, X_input):
    """True when validation already copied the user's array into ``X``.

    Then centring ``X`` in place cannot touch the user's data, and a second
    copy is saved.
    """
    if sp.issparse(X) or not isinstance(X_input, np.ndarray):
        return False
    return not np.may_share_memory(X, X_input)


def _validation_order(X):
    """The memory order ``fit`` asks validation for.

    A float array is taken in the order it has: the solvers that read
    columns take a Fortran copy when they first need one (``Problem.X``),
    while the Gram route and Ridge's direct solvers reduce C-ordered X to
    ``X^T X`` as it is (syrk reads it as the transpose), so copying it to
    Fortran order first would only cost time.  Anything validation converts
    anyway (lists, integers, DataFrames of other dtypes) is converted
    straight to Fortran order, which then serves every route.
    """
    if isinstance(X, np.ndarray) and X.dtype in (np.float64, np.float32):
        return None
    return "F"


class _BasePenalizedRegressor(CachedParamNamesMixin, MultiOutputMixin, R2ScoreMixin,
                              RegressorMixin, BaseEstimator):
    """Shared ``fit``/``predict`` of the penalized least-squares estimators.

    Subclasses declare ``_parameter_constraints`` and implement

    * ``_make_penalty(problem)``: the penalty in the mean-datafit scale (one
      object, or a list with one per target), built from the constructor
      parameters without modifying them;
    * ``_make_solver(penalty, problem)``: a configured solver instance;
    * ``_set_solver_attributes(result, solver)``: the estimator-specific
      fitted attributes (``n_iter_``, ``dual_gap_``, ``solver_``).
    """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the model.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.  Sparse input is used as CSC without densifying.
            :class:`Lasso`, :class:`ElasticNet` and :class:`Ridge` also take
            dask arrays and DataFrames: their sufficient statistics are
            computed blockwise where the data live, as in ``partial_fit``.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights of the samples (at least one positive).

        Returns
        -------
        self : object
            Fitted estimator.
        """
        return self._fit(X, y, sample_weight)

    def _fit(self, X, y, sample_weight, check_input=True):
        """``fit``'s body; ``check_input=False`` is Lasso's and ElasticNet's
        fast path (see :func:`unchecked_data`)."""
        if is_dask_collection(X) or is_dask_collection(y):
            if not hasattr(self, "_fit_dask"):
                raise TypeError(
                    f"{type(self).__name__} does not fit dask collections; "
                    "Lasso, ElasticNet and Ridge do."
                )
            return self._fit_dask(X, y, sample_weight)
        X_input = X
        if check_input:
            X, y = validate_data(
                self,
                X,
                y,
                accept_sparse="csc",
                dtype=[np.float64, np.float32],
                order=_validation_order(X),
                copy=False,
                multi_output=True,
                y_numeric=True,
            )
        else:
            X, y = unchecked_data(self, X, y)
        y = np.asarray(y, dtype=X.dtype)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X, dtype=X.dtype)
        copy_X = self.copy_X and not _input_is_own_copy(X, X_input)
        # a full fit starts partial_fit's accumulation afresh
        self.__dict__.pop("partial_statistics_", None)

        factors = self._feature_factors(X, sample_weight)
        if factors is not None:
            if not np.any(factors.keep):
                return self._fit_intercept_only(X, y, sample_weight)
            if factors.excludes:
                X = factors.select(X)  # a copy: centring it in place is safe
                copy_X = False
        problem = make_problem(
            X, y, sample_weight, fit_intercept=self.fit_intercept, copy_X=copy_X
        )
        penalty = self._make_penalty(problem)
        if factors is not None:
            penalty = factors.apply(penalty)
        # a user's Gram matrix (precompute=array) is given for every feature:
        # the solver sees it restricted to the kept ones
        self._kept_features = factors.keep if factors is not None and factors.excludes \
            else None
        try:
            solver = self._make_solver(penalty, problem)
        finally:
            del self._kept_features
        result = solver.solve(problem, penalty,
                              coef_init=self._coef_init(problem, factors))

        intercept = problem.intercept(result.coef)
        coef = result.coef if factors is None else factors.expand(result.coef)
        if not (np.all(np.isfinite(coef)) and np.all(np.isfinite(intercept))):
            # Only reachable through floating-point overflow (inputs are
            # finite): never hand back NaN coefficients silently.
            raise ValueError(
                "The solver produced non-finite coefficients: the data contain "
                "values too large for this dtype's arithmetic (overflow). Scale "
                "the features and the target, e.g. with StandardScaler."
            )
        if not check_input and not np.all(np.isfinite(result.dual_gap)):
            # The one scan check_input=False skips is the one for NaN and
            # infinity: a non-finite gap is where they show up.
            raise ValueError(
                "The fit produced a non-finite duality gap: X or y contains NaN "
                "or infinity (fit(check_input=False) does not check them)."
            )
        self.coef_ = coef[0] if problem.n_targets == 1 else coef
        if not self.fit_intercept:
            self.intercept_ = 0.0  # scikit-learn's convention, any y shape
        elif y.ndim == 1:
            self.intercept_ = intercept[0]
        else:
            self.intercept_ = intercept
        self._set_solver_attributes(result, solver)
        return self

    def _fit_intercept_only(self, X, y, sample_weight):
        """Every feature excluded (penalty factors inf, or all columns
        constant under ``standardize``): the model is the intercept alone,
        as glmnet returns it; ``solver_`` is ``"none"``."""
        y_2d = y.reshape(len(y), -1)
        n_targets = y_2d.shape[1]
        coef = np.zeros((n_targets, X.shape[1]), dtype=X.dtype)
        self.coef_ = coef[0] if y.ndim == 1 else coef
        if not self.fit_intercept:
            self.intercept_ = 0.0
        else:
            means = np.average(y_2d, axis=0, weights=sample_weight).astype(X.dtype)
            self.intercept_ = means[0] if y.ndim == 1 else means
        # the one gradient pass that finds nothing to fit counts as one epoch
        result = SolverResult(coef=coef, n_iter=np.ones(n_targets, dtype=np.int64),
                              dual_gap=np.zeros(n_targets),
                              converged=np.ones(n_targets, dtype=bool))
        self._set_solver_attributes(result, _NoSolver())
        return self

    def _feature_factors(self, X, sample_weight):
        """Per-feature penalty factors (see ``_factors``), or None."""
        return resolve_factors(self, X, sample_weight)

    def _coef_init(self, problem, factors=None):
        """Previous coefficients when warm-starting on a compatible problem."""
        if not getattr(self, "warm_start", False) or not hasattr(self, "coef_"):
            return None
        coef = np.atleast_2d(self.coef_)
        if factors is not None and factors.excludes:
            if coef.shape[-1] != factors.keep.size:
                return None
            coef = coef[:, factors.keep]
        if coef.shape != (problem.n_targets, problem.n_features):
            return None
        return coef.astype(problem.dtype)

    def predict(self, X):
        """Predict with the linear model ``X @ coef_.T + intercept_``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples (also a dask array or DataFrame).

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Predicted values, in the dtype of the fitted coefficients when
            ``X`` has that dtype; a lazy dask array when ``X`` is a dask
            collection.
        """
        check_is_fitted(self)
        if is_dask_collection(X):
            # lazy and blockwise, like the input
            if X.shape[1] != self.n_features_in_:
                raise ValueError(
                    f"X has {X.shape[1]} features, but {type(self).__name__} "
                    f"is expecting {self.n_features_in_} features as input."
                )
            return dask_predict(X, self.coef_, self.intercept_)
        return linear_predict(self, X, self.coef_, self.intercept_)


def unchecked_data(estimator, X, y):
    """``(X, y)`` for ``fit(check_input=False)``, without validate_data.

    scikit-learn's contract for ``check_input=False``: the caller passes what
    validation would have produced, and the O(n p) checks (NaN and infinity,
    dtype conversion, copies) are skipped.  What stays is O(1) or O(n):
    ``X`` must already be a float64/float32 Fortran-ordered array or CSC
    matrix (anything that would need converting means the caller's
    assumption is wrong: ValueError, as scikit-learn's kernels raise), the
    shapes must agree, and the fitted ``n_features_in_`` is set.
    """
    dtypes = (np.float64, np.float32)
    if sp.issparse(X):
        if X.format != "csc" or X.dtype not in dtypes:
            raise ValueError(
                "fit(check_input=False) needs sparse X in CSC format with dtype "
                f"float64 or float32, got {X.format} with dtype {X.dtype}; "
                "convert it, or use check_input=True."
            )
    elif not (isinstance(X, np.ndarray) and X.ndim == 2 and X.dtype in dtypes
              and X.flags.f_contiguous):
        what = (f"a {X.ndim}-D {X.dtype} array, "
                f"{'F' if X.flags.f_contiguous else 'C'}-ordered"
                if isinstance(X, np.ndarray) else type(X).__name__)
        raise ValueError(
            "fit(check_input=False) needs X as a 2-D Fortran-ordered (order='F') "
            f"float64 or float32 array or a CSC matrix, got {what}; convert it, "
            "or use check_input=True."
        )
    y = np.asarray(y)
    if y.ndim not in (1, 2) or y.shape[0] != X.shape[0]:
        raise ValueError(
            f"y of shape {y.shape} does not match X with {X.shape[0]} samples."
        )
    estimator.n_features_in_ = X.shape[1]
    estimator.__dict__.pop("feature_names_in_", None)  # X is an array: no names
    return X, y


class _NoSolver:
    """Stands for the solver when there is no feature left to solve for."""

    name = "none"


def linear_predict(estimator, X, coef, intercept):
    """``X @ coef.T + intercept`` after checking ``X`` against the fitted
    ``estimator`` (fitted, same number of features, finite, float)."""
    check_is_fitted(estimator)
    X = validate_data(
        estimator,
        X,
        accept_sparse=["csr", "csc", "coo"],
        dtype=[np.float64, np.float32],
        reset=False,
    )
    return safe_sparse_dot(X, np.asarray(coef).T, dense_output=True) + intercept
