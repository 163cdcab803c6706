# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""``partial_fit``: least squares from sufficient statistics, chunk by chunk.

Every model of this package depends on the data only through the weighted
sufficient statistics ``sum(s)``, the weighted means of ``x`` and ``y`` and
the centred co-moments ``X_c^T S X_c``, ``X_c^T S y_c`` and ``y_c^T S y_c``.
:class:`SufficientStatistics` accumulates them one chunk at a time with the
pairwise update of Chan, Golub & LeVeque (1979): each chunk is centred at its
own mean, and the two sets of co-moments are combined with the correction
``w_a w_b / (w_a + w_b) * d d^T`` for the difference ``d`` of the means, which
stays exact when the means are large (summing raw ``X^T X`` and subtracting
``n m m^T`` at the end would cancel digits).  After any sequence of chunks the
statistics are those of their concatenation, so the refit on them is the
model ``fit`` would give on all the rows (to the solver's tolerance).

``partial_fit`` always accumulates the centred form, whatever
``fit_intercept``: the model without intercept needs the raw second moments,
which :func:`uncentred` recovers exactly as ``C + w m m^T`` (a sum of
positive terms, no cancellation).  The accumulated state is thus a function
of the rows alone, never of a parameter, so every parameter may change
between calls (``set_params``) and the next refit is the model of the new
parameters on all the rows seen.
"""
import copy

import numpy as np
import scipy.sparse as sp


class SufficientStatistics:
    """Weighted means and centred co-moments of ``[X, Y]``, in float64.

    Parameters
    ----------
    n_features, n_targets : int
    fit_intercept : bool
        Without an intercept nothing is centred: the "co-moments" are the
        raw weighted second moments and the means are zero.
    """

    def __init__(self, n_features, n_targets, fit_intercept):
        self.fit_intercept = fit_intercept
        self.n_samples = 0
        self.sum_sw = 0.0
        self.x_mean = np.zeros(n_features)
        self.y_mean = np.zeros(n_targets)
        self.xx = np.zeros((n_features, n_features), order="F")
        self.xy = np.zeros((n_features, n_targets), order="F")
        self.yy = np.zeros(n_targets)

    def update(self, X, Y, sample_weight):
        """Add a validated chunk (X dense or sparse, Y 2-D, weights or None)."""
        chunk = SufficientStatistics.of_chunk(X, Y, sample_weight, self.fit_intercept)
        self.merge(chunk)

    @classmethod
    def of_chunk(cls, X, Y, sample_weight, fit_intercept):
        """The statistics of one chunk, centred at its own weighted mean."""
        n = X.shape[0]
        stats = cls(X.shape[1], Y.shape[1], fit_intercept)
        s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, np.float64)
        w = float(s.sum())
        stats.n_samples = n
        if w == 0.0:
            return stats
        Y = np.asarray(Y, dtype=np.float64)
        mean_y = s @ Y / w if fit_intercept else np.zeros(Y.shape[1])
        Yc = Y - mean_y
        if sp.issparse(X):
            # centred products without densifying X: the Gram form of the
            # chunk's problem (X^T S X - w m m^T after shifting the columns
            # whose mean dwarfs their spread, so that nothing cancels)
            from ._preprocessing import make_problem

            problem = make_problem(X.astype(np.float64), Y, s,
                                   fit_intercept=fit_intercept)
            stats.xx, stats.xy = problem.gram64
            mean_x = problem.X_mean
        else:
            X = np.asarray(X, dtype=np.float64)
            mean_x = s @ X / w if fit_intercept else np.zeros(X.shape[1])
            SXc = (X - mean_x) * s[:, None]
            stats.xx = (X - mean_x).T @ SXc
            stats.xy = SXc.T @ Yc
        stats.yy = np.einsum("i,ij,ij->j", s, Yc, Yc)
        stats.x_mean, stats.y_mean, stats.sum_sw = mean_x, mean_y, w
        return stats

    def merge(self, other):
        """Add the statistics of other rows (Chan, Golub & LeVeque's pairwise
        update: the co-moments about the two means, plus ``w_a w_b / (w_a +
        w_b) d d^T`` for the difference ``d`` of the means).  Associative:
        chunks may be merged in any grouping (a tree reduction)."""
        w_a, w_b = self.sum_sw, other.sum_sw
        total = w_a + w_b
        self.n_samples += other.n_samples
        if w_b == 0.0:
            return self
        if self.fit_intercept and w_a > 0:
            dx = other.x_mean - self.x_mean
            dy = other.y_mean - self.y_mean
            factor = w_a * w_b / total
            self.xx = self.xx + other.xx + factor * np.outer(dx, dx)
            self.xy = self.xy + other.xy + factor * np.outer(dx, dy)
            self.yy = self.yy + other.yy + factor * dy * dy
            self.x_mean = self.x_mean + dx * (w_b / total)
            self.y_mean = self.y_mean + dy * (w_b / total)
        else:
            self.xx = self.xx + other.xx
            self.xy = self.xy + other.xy
            self.yy = self.yy + other.yy
            if w_a == 0:
                self.x_mean, self.y_mean = other.x_mean, other.y_mean
        self.sum_sw = total
        return self


def statistics_factors(estimator, stats):
    """Penalty factors of ``estimator`` on the statistics: ``(FeatureFactors
    or None, excluded mask or None)``.

    ``standardize``'s scales are the weighted standard deviations of all
    the rows seen (``sqrt(diag(X_c^T S X_c) / sum(s))``, what ``fit`` on
    their concatenation computes).  Excluded features (factor inf, or a
    constant column under ``standardize``) keep all their rows of the Gram
    form zeroed (:class:`StatisticsProblem`), so the solver never visits
    them and their coefficient stays 0.
    """
    from ._factors import FeatureFactors, factor_arrays

    def scales():
        variance = np.maximum(np.diag(stats.xx), 0.0) / stats.sum_sw
        second = variance + (stats.x_mean**2 if stats.fit_intercept else 0.0)
        sd = np.sqrt(variance)
        sd[sd <= 1e-12 * np.sqrt(second)] = 0.0  # constant up to rounding
        return sd

    p = stats.xx.shape[0]
    arrays = factor_arrays(estimator, p, scales)
    if arrays is None:
        return None, None
    l1, l2, excluded = arrays
    l1, l2 = np.where(excluded, 1.0, l1), np.where(excluded, 1.0, l2)
    keep = np.ones(p, dtype=bool)
    return FeatureFactors(l1, l2, keep), (excluded if np.any(excluded) else None)


def uncentred(stats):
    """The raw weighted second moments (the form without intercept) of
    centred statistics: ``C + w m m^T`` (means zero)."""
    raw = SufficientStatistics(stats.xx.shape[0], stats.xy.shape[1], False)
    w = stats.sum_sw
    raw.n_samples, raw.sum_sw = stats.n_samples, w
    raw.xx = stats.xx + w * np.outer(stats.x_mean, stats.x_mean)
    raw.xy = stats.xy + w * np.outer(stats.x_mean, stats.y_mean)
    raw.yy = stats.yy + w * stats.y_mean**2
    return raw


def for_model(stats, fit_intercept):
    """Centred statistics in the form a model with or without intercept
    is solved on."""
    return stats if fit_intercept else uncentred(stats)


class StatisticsProblem:
    """The solvers' view of :class:`SufficientStatistics`: the Gram form of
    :class:`~._preprocessing.Problem` (``gram``/``gram64``, ``y_sq_norms``,
    ``sum_sw``, ``intercept``), with no ``X`` (only the Gram routes apply)."""

    is_sparse = False
    sample_weight = None

    def __init__(self, stats, dtype, excluded=None):
        self.stats = stats
        self.excluded = excluded
        self.dtype = np.dtype(dtype)
        self.fit_intercept = stats.fit_intercept
        self.n_samples = stats.n_samples
        self.n_features = stats.xx.shape[0]
        self.n_targets = stats.xy.shape[1]
        self.sum_sw = stats.sum_sw
        self.y_sq_norms = stats.yy.copy()
        self.memo = {}

    @property
    def gram64(self):
        Q, q = np.array(self.stats.xx, order="F"), np.array(self.stats.xy, order="F")
        if self.excluded is not None:
            # an excluded feature: zero column norm, never visited, 0
            Q[self.excluded, :] = 0.0
            Q[:, self.excluded] = 0.0
            q[self.excluded] = 0.0
        return Q, q

    gram = gram64

    def intercept(self, coef):
        if not self.fit_intercept:
            return np.zeros(self.n_targets, dtype=self.dtype)
        return (self.stats.y_mean - coef @ self.stats.x_mean).astype(self.dtype)


class PartialFitMixin:
    """``partial_fit`` for Lasso, ElasticNet and Ridge (see the module)."""

    def partial_fit(self, X, y, sample_weight=None):
        """Add a chunk of rows and refit on all the rows seen so far.

        The weighted sufficient statistics of every chunk passed since the
        last ``fit`` are accumulated (float64, exact pairwise update), and the
        model is refitted on them with the Gram-form solver, warm-started
        from the previous coefficients: after any sequence of chunks,
        ``coef_`` is the model ``fit`` gives on their concatenation (to the
        solver's ``tol``; exactly for Ridge).  Memory: ``O(n_features^2)``,
        independent of the number of rows.

        The statistics depend on the rows only (they are kept centred, with
        their means, whatever ``fit_intercept``), so parameters changed by
        ``set_params`` between calls apply to all the rows seen: each call
        refits with the current parameters, ``fit_intercept`` included.
        Only ``fit`` discards the accumulated rows.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            A chunk of rows (same features as the previous chunks).
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Its targets (same number of targets as before).
        sample_weight : array-like of shape (n_samples,), default=None
            Its sample weights.

        Returns
        -------
        self : object
            The estimator, refitted.

        Examples
        --------
        >>> import numpy as np
        >>> from sklearn_penalized import Lasso
        >>> rng = np.random.RandomState(0)
        >>> X = rng.randn(300, 5)
        >>> y = X @ np.array([2.0, 0.0, -1.0, 0.0, 0.5]) + 0.1 * rng.randn(300)
        >>> model = Lasso(alpha=0.05, tol=1e-10)
        >>> for start in range(0, 300, 100):  # three chunks of 100 rows
        ...     model = model.partial_fit(X[start:start + 100], y[start:start + 100])
        >>> full = Lasso(alpha=0.05, tol=1e-10).fit(X, y)
        >>> bool(np.allclose(model.coef_, full.coef_, atol=1e-6))
        True
        """
        from .utils._sklearn_compat import check_sample_weight, validate_data

        first = not hasattr(self, "partial_statistics_")
        if first:
            self._validate_params()
        X, y = validate_data(self, X, y, reset=first, accept_sparse=["csr", "csc"],
                             dtype=[np.float64, np.float32], multi_output=True,
                             y_numeric=True)
        y = np.asarray(y, dtype=X.dtype)
        Y = y.reshape(len(y), -1)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X, dtype=X.dtype)
        if first:
            # centred whatever fit_intercept: see the module docstring
            stats = SufficientStatistics(X.shape[1], Y.shape[1], fit_intercept=True)
            self._partial_y_ndim = y.ndim
            self._partial_dtype = X.dtype
        else:
            if Y.shape[1] != self.partial_statistics_.xy.shape[1]:
                raise ValueError(
                    f"y has {Y.shape[1]} target(s) but the previous chunks had "
                    f"{self.partial_statistics_.xy.shape[1]}."
                )
            # merge() rebinds its arrays: a shallow copy leaves the kept
            # statistics untouched until the refit has succeeded
            stats = copy.copy(self.partial_statistics_)
        stats.update(X, Y, sample_weight)
        # An error in the refit (a parameter that does not fit the data, an
        # interrupt) leaves the state as before the call: the chunk can be
        # passed again without being counted twice.
        self._fit_statistics(for_model(stats, self.fit_intercept),
                             self._partial_dtype, self._partial_y_ndim, warm=True)
        self.partial_statistics_ = stats
        return self

    def _fit_dask(self, X, y, sample_weight):
        """``fit`` on dask collections (see ``_dask``): the statistics are
        computed blockwise where the data live; the solve runs here."""
        from ._dask import dask_statistics, set_fitted_names

        self.__dict__.pop("partial_statistics_", None)
        stats, dtype, y_ndim, n_features = dask_statistics(
            X, y, sample_weight, self.fit_intercept)
        set_fitted_names(self, X, n_features)
        return self._fit_statistics(stats, dtype, y_ndim,
                                    warm=getattr(self, "warm_start", False))

    def _fit_statistics(self, stats, dtype, y_ndim, warm):
        """Solve on the statistics and set the fitted attributes."""
        factors, excluded = statistics_factors(self, stats)
        problem = StatisticsProblem(stats, dtype, excluded)
        penalty = self._make_penalty(problem)
        if factors is not None:
            penalty = factors.apply(penalty)
        coef_init = None
        if warm and hasattr(self, "coef_"):
            previous = np.atleast_2d(self.coef_)
            if previous.shape == (problem.n_targets, problem.n_features):
                coef_init = previous.astype(problem.dtype)
        result, solver = self._solve_statistics(problem, penalty, coef_init)
        coef = result.coef
        self.coef_ = coef[0] if y_ndim == 1 else coef
        intercept = problem.intercept(coef)
        if not self.fit_intercept:
            self.intercept_ = 0.0
        else:
            self.intercept_ = intercept[0] if y_ndim == 1 else intercept
        self._set_solver_attributes(result, solver)
        return self


class _NamedSolver:
    def __init__(self, name):
        self.name = name


def solve_ridge_statistics(problem, penalties, max_iter, tol):
    """Ridge on the statistics: ``(X_c^T S X_c + 2 sum(s) l2 I) w = X_c^T S y_c``
    per target (the penalties are in the mean-datafit scale, ``l2 =
    alpha / (2 sum(s))``), by Cholesky, or least squares when singular
    (``alpha = 0`` on a rank-deficient design); ``positive`` by coordinate
    descent on the same Gram form."""
    from scipy import linalg

    from .solvers import SolverResult
    from .solvers._cd import CoordinateDescent, per_target

    penalties = per_target(penalties, problem.n_targets)
    if any(p.positive for p in penalties):
        solver = CoordinateDescent(max_iter=1000 if max_iter is None else max_iter,
                                   tol=tol, gram=True)
        return solver.solve(problem, penalties), solver
    Q, q = problem.gram64
    coef = np.empty((problem.n_targets, problem.n_features))
    for k, penalty in enumerate(penalties):
        ridge = 2.0 * problem.sum_sw * penalty._strengths()[1]
        A = Q + ridge * np.eye(problem.n_features)
        try:
            coef[k] = linalg.solve(A, q[:, k], assume_a="pos", check_finite=False)
        except linalg.LinAlgError:
            coef[k] = linalg.lstsq(A, q[:, k], check_finite=False)[0]
    ones = np.ones(problem.n_targets, dtype=np.int64)
    result = SolverResult(coef=coef.astype(problem.dtype), n_iter=ones,
                          dual_gap=np.zeros(problem.n_targets),
                          converged=ones.astype(bool))
    return result, _NamedSolver("cholesky")
