# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Per-feature penalty factors: ``penalty_factor``, its L1/L2 variants, and
``standardize``.

The estimators' objective with factors is

.. math::

    \\frac{1}{2 \\sum_i s_i} \\sum_i s_i (y_i - x_i^T w - b)^2
    + \\alpha \\rho \\sum_j a_j |w_j|
    + \\frac{\\alpha (1 - \\rho)}{2} \\sum_j c_j w_j^2

with ``a = l1_penalty_factor`` (default ``penalty_factor``, default ones) and
``c = l2_penalty_factor`` (same default).  Factors are used **as given**
(glmnet rescales them to sum to ``n_features``; multiply ours by
``n_features / sum(penalty_factor)`` to reproduce its numbers): a factor
``c`` on every feature is the same model as ``alpha`` times ``c``.  A factor
0 leaves a term off a feature; ``inf`` excludes the feature (its coefficient
is 0 and it is removed from the problem before solving).

``standardize=True`` penalizes the coefficients of the standardized features
and reports them on the original scale (glmnet's ``standardize=TRUE``).  For
column scale ``sd_j`` (weighted, population) the standardized coefficient is
``sd_j w_j``, so the penalty on the original scale is ``alpha rho sd_j |w_j|
+ alpha (1 - rho) / 2 sd_j^2 w_j^2``: standardizing is a pair of factors.
The data are never rescaled (sparse X stays sparse and uncentred), and
coordinate descent, whose updates are invariant to column scaling, follows
the same iterates as on the standardized data.  Columns with ``sd_j = 0``
(constant, fitted by the intercept) are excluded, as glmnet does.
"""
import numpy as np
import scipy.sparse as sp

from .penalties import L1L2, check_bound

# Dense columns are centred block by block for the scales (no copy of X).
_BLOCK_ELEMENTS = 1 << 20


def check_factor(value, name, n_features):
    """``value`` as a float64 array of shape (n_features,), finite or +inf, >= 0."""
    try:
        factor = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be an array of numbers of shape ({n_features},), got "
            f"{value!r}."
        ) from None
    if factor.ndim == 0:
        raise ValueError(
            f"{name} must be an array of shape (n_features,) = ({n_features},), "
            f"one factor per feature, got a scalar; scale alpha instead."
        )
    if factor.shape != (n_features,):
        raise ValueError(
            f"{name} has shape {factor.shape}; expected ({n_features},), one "
            "factor per feature."
        )
    if np.any(np.isnan(factor)) or np.any(factor < 0):
        raise ValueError(
            f"{name} must be >= 0 (0: unpenalized, inf: feature excluded), with "
            "no NaN."
        )
    return factor


def check_bounds(lower_bounds, upper_bounds, n_features):
    """The estimators' ``lower_bounds`` / ``upper_bounds`` as float64 arrays
    of shape (n_features,) (None when not given), validated by the penalties'
    own rule (:func:`~.penalties.check_bound`) under the parameters' names."""
    return tuple(None if value is None else check_bound(value, n_features, side, name)
                 for value, side, name in ((lower_bounds, "lower", "lower_bounds"),
                                           (upper_bounds, "upper", "upper_bounds")))


def column_scales(X, sample_weight, fit_intercept):
    """Weighted population standard deviation of every column of ``X``.

    About the weighted mean when ``fit_intercept`` (glmnet's ``sd`` with
    weights normalised to sum to one), the root mean square otherwise (no
    centring without an intercept).  Computed in float64.
    """
    n, p = X.shape
    s = (np.full(n, 1.0 / n) if sample_weight is None
         else np.asarray(sample_weight, dtype=np.float64) / np.sum(sample_weight))
    if sp.issparse(X):
        # no centred copy of sparse X: E[x^2] - E[x]^2 in float64, and a
        # two-pass value for the columns where that cancels (mean large
        # against the spread; see _centring)
        from ._centring import column_statistics, large_means, refine_statistics

        mean, total, sq = column_statistics(X, s)
        mean_sq = sq / total
        if not fit_intercept:
            return np.sqrt(mean_sq)
        centred = sq - total * mean**2
        large = large_means(mean, centred, total)
        if np.any(large):
            _, centred = refine_statistics(X, s, None, np.where(large, mean, 0.0),
                                           mean, centred)
        scales = np.sqrt(np.maximum(centred / total, 0.0))
        # a constant column is zero up to the rounding of its moments
        scales[scales <= 1e-12 * np.sqrt(mean_sq)] = 0.0
        return scales
    # One pass over X (as the solver's own column norms): E[x^2] - E[x]^2,
    # accumulated in float64; then one correction pass for the columns where
    # that difference cancels (mean large against the spread), centred
    # exactly, block by block (no copy of X).
    X64 = X if X.dtype == np.float64 else None
    if X64 is not None:
        if sample_weight is None:
            # the two-operand einsum runs twice as fast as the weighted one
            mean_sq = np.einsum("ij,ij->j", X64, X64) / n
        else:
            mean_sq = np.einsum("i,ij,ij->j", s, X64, X64)
        mean = X64.T @ s if fit_intercept else np.zeros(p)
    else:
        mean_sq, mean = np.empty(p), np.zeros(p)
        step = max(1, _BLOCK_ELEMENTS // max(n, 1))
        for start in range(0, p, step):
            block = np.asarray(X[:, start:start + step], dtype=np.float64)
            mean_sq[start:start + step] = s @ (block * block)
            if fit_intercept:
                mean[start:start + step] = s @ block
    variance = mean_sq - mean**2
    inexact = variance < 1e-6 * mean_sq  # lost over 6 digits to cancellation
    for j in np.flatnonzero(inexact):
        column = np.asarray(X[:, j], dtype=np.float64) - mean[j]
        variance[j] = s @ (column * column)
    scales = np.sqrt(np.maximum(variance, 0.0))
    # a constant column leaves only the rounding of its mean (the weights
    # 1/n are not exact): treat a spread below 1e-12 of its magnitude as 0
    scales[scales <= 1e-12 * np.sqrt(mean_sq)] = 0.0
    return scales


class FeatureFactors:
    """Resolved factors of one fit.

    Attributes
    ----------
    l1, l2 : ndarray of shape (n_kept,)
        Finite factors of the L1 and L2 terms on the kept features.
    keep : ndarray of bool, shape (n_features,)
        Features in the problem (the others are excluded: coefficient 0).
    """

    def __init__(self, l1, l2, keep):
        self.l1, self.l2, self.keep = l1, l2, keep

    @property
    def excludes(self):
        return not np.all(self.keep)

    def apply(self, penalty):
        """``penalty`` (no factors of its own) with these factors, on the
        kept features (its bounds, if arrays, restricted to them)."""
        if isinstance(penalty, list):
            return [self.apply(p) for p in penalty]
        l1, l2 = penalty._strengths()
        return L1L2(l1=l1, l2=l2, l1_weights=self.l1, l2_weights=self.l2,
                    positive=penalty.positive,
                    lower=self.restrict(getattr(penalty, "lower", None)),
                    upper=self.restrict(getattr(penalty, "upper", None)))

    def restrict(self, values):
        """A per-feature array restricted to the kept features (scalars and
        None unchanged)."""
        if values is None or np.ndim(values) == 0 or not self.excludes:
            return values
        return np.asarray(values)[self.keep]

    def select(self, X):
        """The kept columns of ``X`` (a copy of them for dense X)."""
        if not self.excludes:
            return X
        if sp.issparse(X):
            return X[:, self.keep]
        return np.asfortranarray(X[:, self.keep])

    def expand(self, coef, axis=-1):
        """Coefficients over all features from those of the kept ones (on
        ``axis``), zeros for the excluded."""
        if not self.excludes:
            return coef
        coef = np.moveaxis(coef, axis, -1)
        full = np.zeros(coef.shape[:-1] + (self.keep.size,), dtype=coef.dtype)
        full[..., self.keep] = coef
        return np.moveaxis(full, -1, axis)


def factor_arrays(estimator, n_features, scales):
    """``(l1, l2, excluded)`` over all features from ``estimator``'s
    ``penalty_factor`` / ``l1_penalty_factor`` / ``l2_penalty_factor`` /
    ``standardize``, or None when it has none.  ``scales()`` gives the
    standardize scales (called only then: from ``X``, or from accumulated
    statistics); a zero scale or an infinite factor excludes the feature."""
    common = getattr(estimator, "penalty_factor", None)
    l1 = getattr(estimator, "l1_penalty_factor", None)
    l2 = getattr(estimator, "l2_penalty_factor", None)
    standardize = getattr(estimator, "standardize", False)
    if common is None and l1 is None and l2 is None and not standardize:
        return None
    base = (np.ones(n_features) if common is None
            else check_factor(common, "penalty_factor", n_features))
    l1 = base if l1 is None else check_factor(l1, "l1_penalty_factor", n_features)
    l2 = base if l2 is None else check_factor(l2, "l2_penalty_factor", n_features)
    excluded = np.isinf(l1) | np.isinf(l2)
    if standardize:
        sd = scales()
        excluded |= sd == 0
        with np.errstate(invalid="ignore"):
            l1, l2 = l1 * sd, l2 * sd**2
    return l1, l2, excluded


def has_factors(estimator):
    """Whether ``estimator`` sets any penalty factor (or ``standardize``):
    without, :func:`resolve_factors` is None and never reads ``X``."""
    return bool(getattr(estimator, "standardize", False)) or any(
        getattr(estimator, name, None) is not None
        for name in ("penalty_factor", "l1_penalty_factor", "l2_penalty_factor"))


def resolve_factors(estimator, X, sample_weight):
    """The :class:`FeatureFactors` of ``estimator``'s parameters on ``X``,
    or None when it has none (no factor given, ``standardize=False``)."""
    arrays = factor_arrays(
        estimator, X.shape[1],
        lambda: column_scales(X, sample_weight, estimator.fit_intercept))
    if arrays is None:
        return None
    l1, l2, excluded = arrays
    keep = ~excluded
    return FeatureFactors(np.ascontiguousarray(l1[keep]),
                          np.ascontiguousarray(l2[keep]), keep)
