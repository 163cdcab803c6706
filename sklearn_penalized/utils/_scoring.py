# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""``score`` (R^2) without scikit-learn's metric-level input checks on the
inputs that a fitted regressor's own ``predict`` has already made safe."""
import numpy as np
from sklearn.metrics import r2_score


def plain_r2_score(y_true, y_pred, sample_weight=None):
    """scikit-learn's ``r2_score(y_true, y_pred, sample_weight=...)`` (default
    ``multioutput="uniform_average"``, ``force_finite=True``) for plain
    float64 NumPy inputs, else None.

    The coefficient of determination of each output ``k`` is

    .. math::

        R^2_k = 1 - \\frac{\\sum_i s_i (y_{ik} - \\hat y_{ik})^2}
                         {\\sum_i s_i (y_{ik} - \\bar y_k)^2},

    with ``s_i`` the sample weights (ones by default) and ``\\bar y_k`` the
    weighted mean; 1.0 when the numerator is 0, 0.0 when only the
    denominator is (a constant target fitted imperfectly); the result is
    the mean over the outputs.  The arithmetic is scikit-learn's, in the
    same order on the same shapes, so the value is the same float.

    Why: ``r2_score`` validates its inputs (types, shapes, finiteness,
    dtypes, array namespace) at ~0.4 ms a call, as long as a small fit:
    ``GridSearchCV`` with the default scoring calls ``score`` once per
    candidate and fold.  Returns None (the caller then asks ``r2_score``
    itself, which raises or warns as it does) unless ``y_true`` and
    ``y_pred`` are float64 ndarrays of the same shape (1-D, or 2-D), with
    at least two rows, ``y_true`` finite, and ``sample_weight`` None or a
    finite, non-negative float64 1-D ndarray of one weight per row, not all
    zero (scikit-learn rejects all-zero weights with its own error).
    """
    if not (type(y_true) is np.ndarray and type(y_pred) is np.ndarray
            and y_true.dtype == np.float64 and y_pred.dtype == np.float64
            and y_true.shape == y_pred.shape and y_true.ndim in (1, 2)
            and y_true.shape[0] >= 2 and y_true.size > 0):
        return None
    if sample_weight is not None and not (
            type(sample_weight) is np.ndarray and sample_weight.dtype == np.float64
            and sample_weight.shape == (y_true.shape[0],)
            and np.isfinite(sample_weight).all() and (sample_weight >= 0).all()
            and sample_weight.any()):
        return None
    if not (np.isfinite(y_true).all() and np.isfinite(y_pred).all()):
        return None
    if y_true.ndim == 1:
        y_true, y_pred = y_true.reshape(-1, 1), y_pred.reshape(-1, 1)
    weight = 1.0 if sample_weight is None else sample_weight[:, None]
    numerator = np.sum(weight * (y_true - y_pred) ** 2, axis=0)
    mean = np.average(y_true, axis=0, weights=sample_weight)
    denominator = np.sum(weight * (y_true - mean) ** 2, axis=0)
    scores = np.ones(y_true.shape[1])
    nonzero_numerator = numerator != 0
    nonzero_denominator = denominator != 0
    valid = nonzero_numerator & nonzero_denominator
    scores[valid] = 1 - numerator[valid] / denominator[valid]
    scores[nonzero_numerator & ~nonzero_denominator] = 0.0
    return float(np.average(scores))


class R2ScoreMixin:
    """``score`` of scikit-learn's ``RegressorMixin`` (R^2 of ``predict``),
    computed by :func:`plain_r2_score` where it applies.  Put it before
    ``RegressorMixin`` in the bases."""

    def score(self, X, y, sample_weight=None):
        """Return the coefficient of determination R^2 of the prediction.

        The same value as scikit-learn's ``RegressorMixin.score``:
        ``r2_score(y, self.predict(X), sample_weight=sample_weight)``, the
        mean over the outputs of
        :math:`1 - \\sum_i s_i (y_i - \\hat y_i)^2 / \\sum_i s_i (y_i - \\bar y)^2`.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Test samples.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            True values for ``X``.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.

        Returns
        -------
        score : float
            R^2 of ``self.predict(X)`` with respect to ``y``.
        """
        y_pred = self.predict(X)
        score = plain_r2_score(y, y_pred, sample_weight)
        if score is None:
            return r2_score(y, y_pred, sample_weight=sample_weight)
        return score
