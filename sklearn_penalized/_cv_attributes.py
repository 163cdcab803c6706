# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The fitted attributes of LassoCV / ElasticNetCV, and what reads them.

Shapes follow scikit-learn's LassoCV / ElasticNetCV wherever scikit-learn
defines them:

* ``y`` of shape ``(n, 1)`` is one target, as a 1-D ``y`` (scikit-learn
  ravels it with a ``DataConversionWarning``): ``coef_`` ``(p,)``, scalar
  ``intercept_``, ``predict`` ``(n,)``;
* ``alphas_`` is ``(n_alphas,)`` when ``alphas`` are given (one grid for
  every ``l1_ratio``), ``(n_l1_ratio, n_alphas)`` for several automatic
  grids;
* ``mse_path_`` is ``(n_l1_ratio, n_alphas, n_folds)`` with its axes of
  length one squeezed out (scikit-learn's ``np.squeeze``).

The refit path is kept as a :class:`~._stored_path.StoredPath` (sparse
columns when the path is sparse); ``coef_path_`` builds the documented
dense array from it on access, and ``predict(X, alpha=)`` reads single
columns without densifying the path.
"""
import warnings
from numbers import Integral

import numpy as np
from sklearn.exceptions import DataConversionWarning

from ._base import linear_predict
from .utils._sklearn_compat import check_is_fitted


def column_y_as_1d(y, stacklevel=3):
    """``y`` of shape ``(n, 1)`` raveled, with scikit-learn's warning."""
    if y.ndim == 2 and y.shape[1] == 1:
        warnings.warn(
            "A column-vector y was passed when a 1d array was expected. Please "
            "change the shape of y to (n_samples,), for example using ravel().",
            DataConversionWarning, stacklevel=stacklevel)
        return y[:, 0]
    return y


def squeeze_leading(values, n_axes):
    """``values`` without those of its first ``n_axes`` axes of length one."""
    axes = tuple(a for a in range(n_axes) if values.shape[a] == 1)
    return np.squeeze(values, axis=axes) if axes else values


class StoredCVAttributes:
    """``_store`` (the fitted attributes), ``coef_path_``, ``predict``."""

    @property
    def coef_path_(self):
        """Coefficients of the refit on all the data along ``path_alphas_``.

        ndarray of shape (n_features, n_alphas) or (n_targets, n_features,
        n_alphas), built on each access from the compact stored path.
        """
        if "_coef_path" not in self.__dict__:
            raise AttributeError(
                f"{type(self).__name__} is not fitted: it has no coef_path_.")
        path = self._coef_path.dense()
        return path[0] if self._coef_path_1d else path

    def _store(self, y_ndim, per_target, l1_ratios, alphas_all, mses, cv_mean,
               cv_std_error, chosen_l1, alpha_idx, idx_min, idx_1se, coef_path,
               intercept_path, gaps, iters):
        """Set the fitted attributes; ``coef_path`` is a StoredPath."""
        single_l1 = len(l1_ratios) == 1
        one_d = y_ndim == 1
        n_targets = coef_path.n_targets

        def squeeze_l1(a):
            return a[0] if single_l1 else a

        # given alphas: one grid shared by every l1_ratio (scikit-learn's shape)
        given = not isinstance(self.alphas, Integral)
        self.alphas_ = alphas_all[0] if given else squeeze_l1(alphas_all)
        if one_d:
            mse = mses[:, :, 0, :]
        elif not per_target:
            mse = mses.mean(axis=2)      # averaged over targets
        else:
            mse = np.moveaxis(mses, 2, -1)  # (n_l1, n_alphas, n_folds, n_targets)
        self.mse_path_ = squeeze_leading(mse, 3)
        if per_target:
            self.cv_mean_ = squeeze_l1(cv_mean)
            self.cv_std_error_ = squeeze_l1(cv_std_error)
        else:
            self.cv_mean_ = squeeze_l1(cv_mean[..., 0])
            self.cv_std_error_ = squeeze_l1(cv_std_error[..., 0])

        def per(values):
            arr = np.array(values, dtype=np.float64)
            return arr if per_target else float(arr[0])

        def pick_alpha(idx):
            return per([alphas_all[chosen_l1[k], idx[k]] for k in range(len(idx))])

        self.alpha_ = pick_alpha(alpha_idx)
        self.alpha_min_ = pick_alpha(idx_min)
        self.alpha_1se_ = pick_alpha(idx_1se)
        if hasattr(self, "_set_l1_ratio"):
            self._set_l1_ratio(per([l1_ratios[j] for j in chosen_l1]))
        path_alphas = np.array([alphas_all[chosen_l1[k if per_target else 0]]
                                for k in range(n_targets)])
        self.path_alphas_ = path_alphas if per_target else path_alphas[0]
        cols = [alpha_idx[k if per_target else 0] for k in range(n_targets)]
        coef = np.array([coef_path.column(k, cols[k]) for k in range(n_targets)])
        intercept = np.array([intercept_path[k, cols[k]] for k in range(n_targets)])
        self._coef_path, self._coef_path_1d = coef_path, one_d
        if one_d:
            self.intercept_path_ = intercept_path[0]
            self.coef_ = coef[0]
            self.intercept_ = intercept[0] if self.fit_intercept else 0.0
            self.dual_gap_ = float(gaps[0, cols[0]])
            self.n_iter_ = int(iters[0, cols[0]])
        else:
            self.intercept_path_ = intercept_path
            self.coef_ = coef
            self.intercept_ = intercept if self.fit_intercept else 0.0
            self.dual_gap_ = np.array([gaps[k, cols[k]] for k in range(n_targets)])
            self.n_iter_ = [int(iters[k, cols[k]]) for k in range(n_targets)]

    def predict(self, X, alpha=None):
        """Predict with the selected model, or at another alpha of the path.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.
        alpha : float, default=None
            An alpha of ``path_alphas_`` (within a relative 1e-10): predict
            with the refit path's coefficients there.  None: ``alpha_``.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Predicted values, ``X @ coef.T + intercept`` at that alpha.
        """
        check_is_fitted(self)
        if alpha is None:
            coef, intercept = self.coef_, self.intercept_
        else:
            coef, intercept = self._coef_at(alpha)
        return linear_predict(self, X, coef, intercept)

    def _coef_at(self, alpha):
        path = self._coef_path
        alphas = np.atleast_2d(self.path_alphas_)
        intercept_path = np.atleast_2d(self.intercept_path_)
        coefs, intercepts = [], []
        for k in range(path.n_targets):
            grid = alphas[k if alphas.shape[0] > 1 else 0]
            hits = np.flatnonzero(np.isclose(grid, alpha, rtol=1e-10, atol=0.0))
            if hits.size == 0:
                raise ValueError(
                    f"alpha={alpha!r} is not on the fitted path "
                    f"(path_alphas_ from {grid.max():.6g} to {grid.min():.6g}); "
                    "pass one of path_alphas_, or refit with alphas=[...] "
                    "containing it."
                )
            coefs.append(path.column(k, hits[0]))
            intercepts.append(intercept_path[k, hits[0]] if self.fit_intercept else 0.0)
        if self._coef_path_1d:
            return coefs[0], intercepts[0]
        return np.array(coefs), np.array(intercepts)
