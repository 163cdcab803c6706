# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Penalties: the L1 and L2 terms of the seed document, as public objects.

Each penalty is a separable function of the coefficients,

.. math::

    g(w) = \\sum_j \\left(\\lambda_1 c_j |w_j| + \\lambda_2 c_j w_j^2\\right),

with per-feature factors ``c_j = weights[j]`` (all ones by default; 0 leaves
a feature unpenalized) and optional box constraints ``lower_j <= w_j <=
upper_j`` (``lower``/``upper``; ``positive=True`` is the box ``w >= 0``).
``L1(alpha)`` is ``alpha * sum_j |w_j|`` and ``L2(alpha)`` is
``alpha * sum_j w_j**2``, exactly the seed's formulas (no factor 1/2).

Box constraints follow glmnet's rule ``lower_j <= 0 <= upper_j``: zero is
always feasible, so a cold start at ``w = 0``, ``alpha_max`` and gap-safe
screening keep their meaning.  Within the box each coordinate's problem is
still one-dimensional and convex, which is what coordinate descent needs: the
minimiser over ``[lower_j, upper_j]`` is the clip of the unconstrained one.

Penalties are parameter-only objects: they inherit ``get_params`` /
``set_params`` / ``clone`` from :class:`sklearn.base.BaseEstimator` so they
can be nested and searched over, and no solver ever mutates them.  A solver
sees only the two per-feature vectors returned by
:meth:`BasePenalty.kernel_weights` (and the box of
:meth:`BasePenalty.kernel_bounds`).

>>> from sklearn_penalized.penalties import L1, L2
>>> penalty = L1(0.5) + L2(0.25)
>>> penalty.value([1.0, -2.0])  # 0.5 * 3 + 0.25 * 5
2.75
"""
from abc import ABCMeta, abstractmethod

import numpy as np
from sklearn.base import BaseEstimator

from .utils._params import CachedParamNamesMixin

__all__ = ["BasePenalty", "L1", "L2", "L1L2"]


def check_bound(value, n_features, side, name, prefix=""):
    """One side (``"lower"`` or ``"upper"``) of a box as a float64 array of
    shape (n_features,) (a copy; None is unbounded, a scalar broadcasts),
    validated: numbers, no NaN, and glmnet's rule ``lower <= 0 <= upper``
    (zero must be feasible: warm starts at 0, alpha_max and gap-safe
    screening all rely on it).  Messages name the parameter ``name``."""
    default = -np.inf if side == "lower" else np.inf
    if value is None:
        return np.full(n_features, default)
    try:
        bound = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            f"{prefix}{name} must be None, a number or an array of numbers, "
            f"got {value!r}."
        ) from None
    if bound.ndim == 0:
        bound = np.full(n_features, float(bound))
    elif bound.shape != (n_features,):
        raise ValueError(
            f"{prefix}{name} has shape {bound.shape}, expected a scalar or "
            f"({n_features},), one bound per feature."
        )
    if np.any(np.isnan(bound)):
        raise ValueError(
            f"{prefix}{name} contains NaN; use {default} for an unbounded side."
        )
    wrong = bound > 0 if side == "lower" else bound < 0
    if np.any(wrong):
        j = int(np.flatnonzero(wrong)[0])
        relation = "<= 0" if side == "lower" else ">= 0"
        raise ValueError(
            f"{prefix}{name} must be {relation} for every feature (zero must "
            f"be feasible: lower <= 0 <= upper), got {name}[{j}] = "
            f"{float(bound[j])!r}."
        )
    return bound


class BasePenalty(CachedParamNamesMixin, BaseEstimator, metaclass=ABCMeta):
    """Base class of separable L1/L2 penalties.

    A penalty is

    .. math::

        g(w) = \\lambda_1 \\sum_j a_j |w_j| + \\lambda_2 \\sum_j c_j w_j^2
        \\quad \\text{on the box} \\quad l_j \\le w_j \\le u_j

    (and :math:`+\\infty` outside it).  Subclasses define ``_strengths()``,
    the pair :math:`(\\lambda_1, \\lambda_2)`; every method follows from
    it and from the parameters ``weights`` (the factors :math:`a_j = c_j`,
    or ``l1_weights`` / ``l2_weights`` of :class:`L1L2`), ``positive``,
    ``lower`` and ``upper``.  The methods work on one coefficient vector of
    shape ``(n_features,)``; :meth:`value` also sums over targets.

    See Also
    --------
    L1 : The L1 penalty.
    L2 : The L2 penalty.
    L1L2 : Both terms, the elastic net.
    sklearn_penalized.PenalizedRegressor : Least squares with any penalty.

    Examples
    --------
    The penalties are instances of this class, and the sum of two of them is
    the elastic-net penalty:

    >>> from sklearn_penalized.penalties import L1, L2, BasePenalty
    >>> penalty = L1(0.5) + L2(0.25)
    >>> isinstance(penalty, BasePenalty), type(penalty).__name__
    (True, 'L1L2')
    >>> penalty.kernel_weights(2)[0].tolist()
    [0.5, 0.5]
    """

    @abstractmethod
    def _strengths(self):
        """Return ``(lambda_1, lambda_2)``, the L1 and L2 strengths."""

    # -- per-feature representation ------------------------------------
    def _checked_factors(self, values, n_features, name="weights"):
        if values is None:
            return np.ones(n_features)
        values = np.asarray(values, dtype=np.float64)
        if values.shape != (n_features,):
            raise ValueError(
                f"{type(self).__name__}: {name} has shape {values.shape}, "
                f"expected ({n_features},), one factor per feature."
            )
        if not np.all(np.isfinite(values)) or np.any(values < 0):
            raise ValueError(
                f"{type(self).__name__}: {name} must be finite and >= 0."
            )
        return values

    def _factors(self, n_features):
        """Factors of the L1 term (those that decide which feature enters)."""
        return self._factor_pair(n_features)[0]

    def _factor_pair(self, n_features):
        """Per-feature factors ``(c1, c2)`` of the L1 and the L2 term."""
        factors = self._checked_factors(self.weights, n_features)
        return factors, factors

    def _checked_strengths(self):
        strengths = self._strengths()
        for name, value in zip(("L1 strength", "L2 strength"), strengths):
            if not np.isfinite(value) or value < 0:
                raise ValueError(
                    f"{type(self).__name__}: the {name} must be a finite "
                    f"number >= 0, got {value!r}."
                )
        return strengths

    def _checked_bound(self, value, n_features, name):
        """One side of the box as a float64 array (a copy), validated."""
        return check_bound(value, n_features, name, name, f"{type(self).__name__}: ")

    def _checked_bounds(self, n_features):
        """Per-feature ``(lower, upper)`` in float64, ``positive`` folded in."""
        lower = self._checked_bound(getattr(self, "lower", None), n_features, "lower")
        upper = self._checked_bound(getattr(self, "upper", None), n_features, "upper")
        if self.positive:
            # positive=True is the box [0, upper]
            lower = np.maximum(lower, 0.0)
        return lower, upper

    def kernel_bounds(self, n_features, dtype=np.float64):
        """Per-feature box ``lower_j <= w_j <= upper_j`` seen by the kernels.

        Parameters
        ----------
        n_features : int
            Number of coefficients.
        dtype : numpy dtype, default=np.float64
            Dtype of the returned arrays.

        Returns
        -------
        lower : ndarray of shape (n_features,)
            Lower bounds, ``-inf`` where unbounded, ``0`` with
            ``positive=True`` (``max(lower, 0)``).  Always ``<= 0``.
        upper : ndarray of shape (n_features,)
            Upper bounds, ``inf`` where unbounded.  Always ``>= 0``.

        Notes
        -----
        In a narrower ``dtype`` (float32) a bound that is not representable
        is rounded *towards zero*, so the returned box lies inside the
        requested one and every coefficient clipped to it is feasible.
        """
        dtype = np.dtype(dtype)
        if not self._may_have_bounds():
            return (np.full(n_features, -np.inf, dtype=dtype),
                    np.full(n_features, np.inf, dtype=dtype))
        lower, upper = self._checked_bounds(n_features)
        out = []
        for bound in (lower, upper):
            with np.errstate(over="ignore"):
                # beyond float32's range: inf, brought back inside just below
                cast = bound.astype(dtype)
            outside = np.abs(cast.astype(np.float64)) > np.abs(bound)
            if np.any(outside):
                cast[outside] = np.nextafter(cast[outside], dtype.type(0))
            out.append(np.ascontiguousarray(cast))
        return tuple(out)

    def has_bounds(self, n_features):
        """Tell whether some coefficient is constrained.

        Parameters
        ----------
        n_features : int
            Number of coefficients.

        Returns
        -------
        bounded : bool
            True when some bound is finite (``positive=True`` counts as the
            lower bound 0).

        Examples
        --------
        >>> from sklearn_penalized.penalties import L1
        >>> L1(1.0).has_bounds(3), L1(1.0, positive=True).has_bounds(3)
        (False, True)
        """
        if not self._may_have_bounds():
            return False
        lower, upper = self._checked_bounds(n_features)
        return bool(np.any(np.isfinite(lower)) or np.any(np.isfinite(upper)))

    def _may_have_bounds(self):
        # the unconstrained default, decided without building the box
        # (fits on small data call this several times)
        return bool(self.positive) or getattr(self, "lower", None) is not None \
            or getattr(self, "upper", None) is not None

    def kernel_weights(self, n_features, dtype=np.float64):
        """Per-feature L1 and L2 weights, all that a compiled kernel sees.

        Parameters
        ----------
        n_features : int
            Number of coefficients.
        dtype : numpy dtype, default=np.float64
            Dtype of the returned arrays.

        Returns
        -------
        l1 : ndarray of shape (n_features,)
            ``lambda_1 * weights``.
        l2 : ndarray of shape (n_features,)
            ``lambda_2 * weights``, so that the penalty is
            ``sum_j l1[j] |w_j| + l2[j] w_j**2``.
        """
        lambda_1, lambda_2 = self._checked_strengths()
        c1, c2 = self._factor_pair(n_features)
        return (
            np.ascontiguousarray(lambda_1 * c1, dtype=dtype),
            np.ascontiguousarray(lambda_2 * c2, dtype=dtype),
        )

    def is_penalized(self, n_features):
        """Return the mask of the features whose penalty is not zero.

        Parameters
        ----------
        n_features : int
            Number of coefficients.

        Returns
        -------
        mask : ndarray of bool of shape (n_features,)
            True where the L1 or the L2 weight (strength times factor) is
            positive.

        Examples
        --------
        >>> from sklearn_penalized.penalties import L1
        >>> L1(1.0, weights=[1.0, 0.0, 2.0]).is_penalized(3).tolist()
        [True, False, True]
        """
        l1, l2 = self.kernel_weights(n_features)
        return (l1 > 0) | (l2 > 0)

    # -- mathematics ----------------------------------------------------
    def value(self, w):
        """Evaluate the penalty ``sum_j l1_j |w_j| + l2_j w_j**2``.

        Parameters
        ----------
        w : array-like of shape (n_features,) or (n_targets, n_features)
            Coefficients; with several targets the sum runs over all of
            them.

        Returns
        -------
        value : float
            The penalty, with ``l1``, ``l2`` the weights of
            :meth:`kernel_weights`; ``inf`` when some ``w_j`` lies outside
            its box ``[lower_j, upper_j]`` (``w_j < 0`` with
            ``positive=True``).

        Examples
        --------
        >>> from sklearn_penalized.penalties import L1
        >>> L1(0.5, weights=[1.0, 2.0]).value([1.0, -2.0])  # 0.5 * (1 + 4)
        2.5
        >>> L1(0.5, positive=True).value([1.0, -2.0])
        inf
        """
        w = np.asarray(w, dtype=np.float64)
        l1, l2 = self.kernel_weights(w.shape[-1])
        lower, upper = self._checked_bounds(w.shape[-1])
        if np.any(w < lower) or np.any(w > upper):
            return np.inf
        return float(np.sum(l1 * np.abs(w)) + np.sum(l2 * w**2))

    def prox(self, z, step):
        """Apply the proximal operator ``argmin_w 1/(2 step) ||w - z||^2 + g(w)``.

        Closed form: ``soft_threshold(z, step * l1) / (1 + 2 step l2)``,
        clipped to ``[lower, upper]`` (at 0 from below with
        ``positive=True``).  The clip is exact: each coordinate's objective
        is a strictly convex parabola-plus-kink, whose minimiser over an
        interval is the projection of its unconstrained minimiser.

        Parameters
        ----------
        z : array-like of shape (n_features,)
            The point to map.
        step : float
            Step size, > 0.

        Returns
        -------
        w : ndarray of shape (n_features,)
            The minimiser, in float64.

        Examples
        --------
        >>> from sklearn_penalized.penalties import L1, L2
        >>> L1(0.5).prox([2.0, 0.3], step=1.0).tolist()  # soft-thresholding
        [1.5, 0.0]
        >>> L2(0.5).prox([2.0, 0.3], step=1.0).tolist()  # shrinkage by 1 + 1
        [1.0, 0.15]
        >>> L1(0.5, upper=1.0).prox([2.0, 0.3], step=1.0).tolist()
        [1.0, 0.0]
        """
        z = np.asarray(z, dtype=np.float64)
        l1, l2 = self.kernel_weights(z.shape[-1])
        lower, upper = self._checked_bounds(z.shape[-1])
        shrunk = np.sign(z) * np.maximum(np.abs(z) - step * l1, 0.0)
        return np.clip(shrunk / (1.0 + 2.0 * step * l2), lower, upper)

    def subdiff_distance(self, w, grad):
        """Measure, per feature, how far ``w`` is from optimality.

        Returns the distance of ``-grad`` to the subdifferential of the
        penalty at ``w``, where ``grad`` is the gradient of the datafit at
        ``w``.  The first-order optimality (KKT) condition is ``-grad in
        subdiff g(w)``; the returned vector is zero exactly at a minimiser.

        With the box ``[lower_j, upper_j]`` the subdifferential gains the
        normal cone of the box, so at a bound the condition is one-sided
        (projected KKT).  With ``r_j = grad_j + l1_j sign(w_j) + 2 l2_j w_j``:

        * ``w_j != 0`` strictly inside its box: ``|r_j|``;
        * ``w_j == upper_j > 0``: ``max(r_j, 0)`` (the objective must not
          decrease downwards); ``w_j == lower_j < 0``: ``max(-r_j, 0)``;
        * ``w_j == 0``: ``max(-grad_j - l1_j, grad_j - l1_j, 0)`` where the
          first term counts only if ``upper_j > 0`` (the coefficient could
          grow) and the second only if ``lower_j < 0``; unbounded this is
          ``max(|grad_j| - l1_j, 0)``, with ``positive``
          ``max(-grad_j - l1_j, 0)``, and 0 when ``lower_j = upper_j = 0``;
        * ``w_j`` outside its box: ``inf`` (infeasible).

        Parameters
        ----------
        w : array-like of shape (n_features,)
            Coefficients.
        grad : array-like of shape (n_features,)
            Gradient of the datafit at ``w``.

        Returns
        -------
        distance : ndarray of shape (n_features,)
            The KKT violation of each coefficient, >= 0.

        Examples
        --------
        At ``w = 0`` the lasso's condition is ``|grad_j| <= alpha``:

        >>> from sklearn_penalized.penalties import L1
        >>> L1(1.0).subdiff_distance([0.0, 0.0], grad=[0.5, -3.0]).tolist()
        [0.0, 2.0]
        """
        w = np.asarray(w, dtype=np.float64)
        grad = np.asarray(grad, dtype=np.float64)
        l1, l2 = self.kernel_weights(w.shape[-1])
        lower, upper = self._checked_bounds(w.shape[-1])
        residual = grad + l1 * np.sign(w) + 2.0 * l2 * w
        dist_nonzero = np.where(
            w == upper, np.maximum(residual, 0.0),
            np.where(w == lower, np.maximum(-residual, 0.0), np.abs(residual)))
        up = np.where(upper > 0, -grad - l1, -np.inf)
        down = np.where(lower < 0, grad - l1, -np.inf)
        dist_zero = np.maximum(np.maximum(up, down), 0.0)
        dist = np.where(w != 0, dist_nonzero, dist_zero)
        return np.where((w < lower) | (w > upper), np.inf, dist)

    def alpha_max(self, grad0):
        """Compute the smallest L1 strength for which ``w = 0`` is optimal.

        This is ``max_j s_j / weights_j`` over penalized features, the
        ``lambda_1`` at which the first feature enters, where ``s_j`` is the
        pull on feature j in a direction its box allows: ``|grad0_j|``
        unbounded, ``-grad0_j`` if it can only grow (``lower_j = 0``, e.g.
        positive), ``grad0_j`` if it can only shrink (``upper_j = 0``),
        nothing if ``lower_j = upper_j = 0``.  The L2 part never zeroes a
        coefficient, so it plays no role.

        Parameters
        ----------
        grad0 : array-like of shape (n_features,)
            Gradient of the datafit at ``w = 0`` (for least squares with
            intercept: ``-X_c^T S y_c / sum(s)``).

        Returns
        -------
        alpha_max : float
            The threshold; ``inf`` if no feature has an L1 factor.

        Examples
        --------
        >>> from sklearn_penalized.penalties import L1
        >>> L1(1.0).alpha_max([0.5, -3.0])
        3.0
        >>> L1(1.0, weights=[1.0, 10.0]).alpha_max([0.5, -3.0])
        0.5
        >>> L1(1.0, positive=True).alpha_max([-0.5, 3.0])  # w_2 can't go down
        0.5
        """
        grad0 = np.asarray(grad0, dtype=np.float64)
        factors = self._factors(grad0.shape[-1])
        lower, upper = self._checked_bounds(grad0.shape[-1])
        signal = np.maximum(np.where(upper > 0, -grad0, -np.inf),
                            np.where(lower < 0, grad0, -np.inf))
        penalized = factors > 0
        if not np.any(penalized):
            return np.inf
        ratios = np.maximum(signal[..., penalized], 0.0) / factors[penalized]
        return float(np.max(ratios))

    def __add__(self, other):
        """``L1(a) + L2(b)`` is ``L1L2(a, b)`` (with each term's factors).

        Terms of the same kind (``L1(a) + L1(b)``) add only when their
        factors agree; ``positive``, ``lower`` and ``upper`` must agree
        (the sum carries them).
        """
        if not isinstance(other, BasePenalty):
            return NotImplemented
        if self.positive != other.positive:
            raise ValueError(
                "Penalties can only be added when they agree on positive."
            )
        for name in ("lower", "upper"):
            if not _same_factors(getattr(self, name, None), getattr(other, name, None)):
                raise ValueError(
                    f"Penalties can only be added when they agree on {name}; "
                    f"build L1L2(l1, l2, lower=..., upper=...) instead."
                )
        bounds = dict(lower=getattr(self, "lower", None),
                      upper=getattr(self, "upper", None))
        a1, a2 = self._strengths()
        b1, b2 = other._strengths()
        l1_weights = _term_weights(self, other, 0, a1, b1)
        l2_weights = _term_weights(self, other, 1, a2, b2)
        if _same_factors(l1_weights, l2_weights):
            return L1L2(l1=a1 + b1, l2=a2 + b2, weights=l1_weights,
                        positive=self.positive, **bounds)
        return L1L2(l1=a1 + b1, l2=a2 + b2, l1_weights=l1_weights,
                    l2_weights=l2_weights, positive=self.positive, **bounds)


def _term_factors(penalty, term):
    """The user-given factors of one term (0: L1, 1: L2) of ``penalty``."""
    specific = getattr(penalty, ("l1_weights", "l2_weights")[term], None)
    return penalty.weights if specific is None else specific


def _term_weights(a, b, term, strength_a, strength_b):
    """Factors of one term of ``a + b``: a term with zero strength does not
    constrain them; two active terms must agree."""
    fa, fb = _term_factors(a, term), _term_factors(b, term)
    if strength_b == 0:
        return fa
    if strength_a == 0:
        return fb
    if not _same_factors(fa, fb):
        raise ValueError(
            "Penalties can only be added when terms of the same kind share "
            "their factors; build L1L2(l1, l2, l1_weights=..., l2_weights=...) "
            "instead."
        )
    return fa


def _same_factors(a, b):
    if a is None or b is None:
        return a is None and b is None
    return np.array_equal(np.asarray(a), np.asarray(b))


class L1(BasePenalty):
    """L1 penalty ``alpha * sum_j weights_j |w_j|`` (the seed's L1 term).

    .. math::

        g(w) = \\alpha \\sum_j c_j |w_j|

    Parameters
    ----------
    alpha : float, default=1.0
        Strength ``lambda`` of the penalty, >= 0.
    weights : array-like of shape (n_features,), default=None
        Per-feature factors ``c_j >= 0``; 0 leaves a feature unpenalized.
        ``None`` means all ones.
    positive : bool, default=False
        Constrain the coefficients to be non-negative.
    lower : float or array-like of shape (n_features,), default=None
        Lower bounds on the coefficients, each ``<= 0`` (``-inf``: none).
        ``None`` means unbounded below; with ``positive=True`` the bound is
        ``max(lower, 0)``.
    upper : float or array-like of shape (n_features,), default=None
        Upper bounds on the coefficients, each ``>= 0`` (``inf``: none).
        ``None`` means unbounded above.

    See Also
    --------
    L2 : The squared L2 penalty.
    L1L2 : Both terms; ``L1(a) + L2(b)`` returns it.
    sklearn_penalized.Lasso : Least squares with this penalty.
    sklearn_penalized.PenalizedRegressor : Least squares with any penalty.

    Examples
    --------
    >>> from sklearn_penalized.penalties import L1
    >>> L1(alpha=0.5).value([1.0, -2.0])
    1.5

    Fitted with :class:`~sklearn_penalized.PenalizedRegressor` it is the
    lasso of the same ``alpha``:

    >>> import numpy as np
    >>> from sklearn_penalized import Lasso, PenalizedRegressor
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [3.0, 1.0]])
    >>> y = np.array([0.0, 1.0, 2.0, 3.0])
    >>> model = PenalizedRegressor(L1(alpha=0.1)).fit(X, y)
    >>> bool(np.allclose(model.coef_, Lasso(alpha=0.1).fit(X, y).coef_))
    True
    """

    def __init__(self, alpha=1.0, *, weights=None, positive=False, lower=None,
                 upper=None):
        self.alpha = alpha
        self.weights = weights
        self.positive = positive
        self.lower = lower
        self.upper = upper

    def _strengths(self):
        return float(self.alpha), 0.0


class L2(BasePenalty):
    """L2 penalty ``alpha * sum_j weights_j w_j**2`` (the seed's L2 term).

    .. math::

        g(w) = \\alpha \\sum_j c_j w_j^2

    Note the absence of a factor 1/2: ``L2(alpha)`` is exactly the seed's
    ``lambda * sum w_i**2``.

    Parameters
    ----------
    alpha : float, default=1.0
        Strength ``lambda`` of the penalty, >= 0.
    weights : array-like of shape (n_features,), default=None
        Per-feature factors ``c_j >= 0``; ``None`` means all ones.
    positive : bool, default=False
        Constrain the coefficients to be non-negative.
    lower : float or array-like of shape (n_features,), default=None
        Lower bounds on the coefficients, each ``<= 0`` (``-inf``: none).
        ``None`` means unbounded below; with ``positive=True`` the bound is
        ``max(lower, 0)``.
    upper : float or array-like of shape (n_features,), default=None
        Upper bounds on the coefficients, each ``>= 0`` (``inf``: none).
        ``None`` means unbounded above.

    See Also
    --------
    L1 : The L1 penalty.
    L1L2 : Both terms; ``L1(a) + L2(b)`` returns it.
    sklearn_penalized.Ridge : Least squares with ``L2(alpha / (2 n))``, in
        scikit-learn's scaling.
    sklearn_penalized.PenalizedRegressor : Least squares with any penalty.

    Examples
    --------
    >>> from sklearn_penalized.penalties import L2
    >>> L2(alpha=0.5).value([1.0, -2.0])
    2.5
    """

    def __init__(self, alpha=1.0, *, weights=None, positive=False, lower=None,
                 upper=None):
        self.alpha = alpha
        self.weights = weights
        self.positive = positive
        self.lower = lower
        self.upper = upper

    def _strengths(self):
        return 0.0, float(self.alpha)


class L1L2(BasePenalty):
    """Elastic-net penalty ``l1 * sum_j c_j |w_j| + l2 * sum_j c_j w_j**2``.

    .. math::

        g(w) = \\lambda_1 \\sum_j c_j |w_j| + \\lambda_2 \\sum_j c_j w_j^2

    ``L1(a) + L2(b)`` returns ``L1L2(a, b)``.  scikit-learn's
    ``ElasticNet(alpha, l1_ratio)`` is ``L1L2(alpha * l1_ratio,
    alpha * (1 - l1_ratio) / 2)``.

    Parameters
    ----------
    l1 : float, default=1.0
        L1 strength ``lambda_1 >= 0``.
    l2 : float, default=1.0
        L2 strength ``lambda_2 >= 0``.
    weights : array-like of shape (n_features,), default=None
        Per-feature factors ``c_j >= 0``, applied to both terms.
    positive : bool, default=False
        Constrain the coefficients to be non-negative.
    l1_weights, l2_weights : array-like of shape (n_features,), default=None
        Factors of one term only, replacing ``weights`` for that term:
        ``g(w) = l1 sum_j a_j |w_j| + l2 sum_j b_j w_j^2``.
    lower : float or array-like of shape (n_features,), default=None
        Lower bounds on the coefficients, each ``<= 0`` (``-inf``: none).
        ``None`` means unbounded below; with ``positive=True`` the bound is
        ``max(lower, 0)``.
    upper : float or array-like of shape (n_features,), default=None
        Upper bounds on the coefficients, each ``>= 0`` (``inf``: none).
        ``None`` means unbounded above.

    See Also
    --------
    L1 : The L1 term alone.
    L2 : The L2 term alone.
    sklearn_penalized.ElasticNet : Least squares with
        ``L1L2(alpha * l1_ratio, alpha * (1 - l1_ratio) / 2)``.
    sklearn_penalized.PenalizedRegressor : Least squares with any penalty.

    Examples
    --------
    >>> from sklearn_penalized.penalties import L1, L2
    >>> pen = L1(0.5) + L2(0.25)
    >>> pen
    L1L2(l1=0.5, l2=0.25)
    >>> pen.value([1.0, -2.0])
    2.75
    """

    def __init__(self, l1=1.0, l2=1.0, *, weights=None, positive=False,
                 l1_weights=None, l2_weights=None, lower=None, upper=None):
        self.l1 = l1
        self.l2 = l2
        self.weights = weights
        self.positive = positive
        self.lower = lower
        self.upper = upper
        self.l1_weights = l1_weights
        self.l2_weights = l2_weights

    def _strengths(self):
        return float(self.l1), float(self.l2)

    def _factor_pair(self, n_features):
        c1 = self._checked_factors(_term_factors(self, 0), n_features,
                                   "l1_weights" if self.l1_weights is not None
                                   else "weights")
        c2 = self._checked_factors(_term_factors(self, 1), n_features,
                                   "l2_weights" if self.l2_weights is not None
                                   else "weights")
        return c1, c2
