# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Cross-validation folds: compact index arrays, held-out losses by blocks.

The held-out rows of a fold are scored for every alpha of a path at once,
but never with all their predictions in memory: on tall data the array of
``n_test x n_alphas`` predictions (and of their squares) would dwarf ``X``.
"""
import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin


class _FittedLinear(RegressorMixin, BaseEstimator):
    """Minimal fitted linear model handed to scikit-learn scorers."""

    def __init__(self, coef, intercept):
        self.coef = coef
        self.intercept = intercept

    def predict(self, X):
        return np.asarray(X @ self.coef.T) + self.intercept


def compact_folds(splits, n_samples):
    """The ``(train, test)`` index arrays of a splitter, kept for the whole
    fit: as int32 when the row count allows (the folds of K-fold hold K
    times n_samples indices: with int64, as much memory as a 8-column X)."""
    def compact(indices):
        indices = np.asarray(indices)
        if indices.dtype.kind in "iu" and n_samples < 2**31:
            return indices.astype(np.int32, copy=False)
        return indices
    return [(compact(train), compact(test)) for train, test in splits]


# Values per block of held-out predictions (rows x targets x alphas).
_PREDICTION_BLOCK = 2**18


def held_out_mse(X, test, y_test, sw_test, coefs, intercepts):
    """(Weighted) mean squared error of every alpha's model on the rows
    ``test`` of ``X``: ``(n_alphas, n_targets)``.  Predictions are formed a
    block of rows at a time, never for all held-out rows and alphas at once
    (with many rows that array dwarfs ``X``)."""
    n_targets, _, n_alphas = coefs.shape
    sums = np.zeros((n_targets, n_alphas))
    if hasattr(X, "tocsr"):
        X, rows = X[test].tocsr(), np.arange(len(test))
    else:
        rows = test
    step = max(1, _PREDICTION_BLOCK // (n_targets * n_alphas))
    for start in range(0, len(test), step):
        block = X[rows[start:start + step]]
        for k in range(n_targets):
            pred = np.asarray(block @ coefs[k]) + intercepts[k]   # (b, n_alphas)
            sq = (y_test[start:start + step, k, None] - pred) ** 2
            sums[k] += (sq.sum(axis=0) if sw_test is None
                        else sw_test[start:start + step] @ sq)
    total = len(test) if sw_test is None else sw_test.sum()
    return (sums / total).T


def scorer_losses(scorer, X_test, y_test, sw_test, coefs, intercepts, per_target):
    """Minus the scorer of every alpha's model on the held-out rows."""
    n_targets, _, n_alphas = coefs.shape
    kwargs = {} if sw_test is None else {"sample_weight": sw_test}
    loss = np.empty((n_alphas, n_targets if per_target else 1))
    for i in range(n_alphas):
        if per_target or n_targets == 1:
            # one scorer call per target on 1-D predictions
            for k in range(loss.shape[1]):
                model = _FittedLinear(coefs[k, :, i], intercepts[k, i])
                loss[i, k] = -scorer(model, X_test, y_test[:, k], **kwargs)
        else:
            model = _FittedLinear(coefs[:, :, i], intercepts[:, i])
            loss[i, 0] = -scorer(model, X_test, y_test, **kwargs)
    return loss
