# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Coordinate descent: from a Problem and a penalty to the Cython kernels."""
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state

from ._base import BaseSolver, SolverResult
from ._working_set import _DenseOps, _GramOps, _SparseOps, solve_target


def to_kernel_scale(penalty, problem):
    """Per-feature ``(l1, l2)`` in kernel scale: the one scaling conversion.

    Estimators state their objective with the mean datafit
    ``1/(2 sum(s)) ||y - Xw - b||_S^2 + g(w)``; the kernels minimise
    ``1/2 ||y - Xw - b||_S^2 + sum_j l1_j |w_j| + l2_j w_j^2``.  Multiplying
    the first by ``sum(s)`` gives the second, so the penalty weights are
    multiplied by ``sum(s)`` and a kernel-scale duality gap is divided by it.
    """
    l1, l2 = penalty.kernel_weights(problem.n_features, dtype=problem.dtype)
    return l1 * problem.dtype.type(problem.sum_sw), l2 * problem.dtype.type(problem.sum_sw)


def per_target(penalty, n_targets):
    """A penalty, or a sequence of penalties (one per target), as a list."""
    if isinstance(penalty, (list, tuple)):
        if len(penalty) != n_targets:
            raise ValueError(
                f"Got {len(penalty)} penalties for {n_targets} targets."
            )
        return list(penalty)
    return [penalty] * n_targets


class CoordinateDescent(BaseSolver):
    """Cyclic or random coordinate descent with a duality-gap stopping rule.

    Parameters
    ----------
    max_iter : int
        Maximum number of epochs (passes over all features) per target.
    tol : float
        Stop when the duality gap is at most ``tol * ||y_c||_S^2 / sum(s)``
        in the mean-datafit scale, scikit-learn's meaning of ``tol``.
    selection : {"cyclic", "random"}
    random_state : int, RandomState instance or None
        Seeds the feature order when ``selection="random"``.
    gram : None, True or ndarray
        ``None``: work on ``X`` (dense or sparse).  ``True``: work on the
        covariance form ``Q = X_c^T S X_c`` built by the Problem.  An array:
        a user-supplied ``Q`` (already checked by the estimator).
    """

    supports_sparse = True
    supports_l1 = True
    supports_positive = True

    def __init__(self, *, max_iter=1000, tol=1e-4, selection="cyclic",
                 random_state=None, gram=None):
        self.max_iter = max_iter
        self.tol = tol
        self.selection = selection
        self.random_state = random_state
        self.gram = gram

    @property
    def name(self):
        return "cd" if self.gram is None else "cd_gram"

    def solve(self, problem, penalty, coef_init=None):
        n_targets, n_features = problem.n_targets, problem.n_features
        dtype = problem.dtype
        penalties = per_target(penalty, n_targets)
        coef = np.zeros((n_targets, n_features), dtype=dtype)
        if coef_init is not None:
            coef[:] = coef_init
        n_iter = np.zeros(n_targets, dtype=np.int64)
        dual_gap = np.zeros(n_targets, dtype=np.float64)
        converged = np.zeros(n_targets, dtype=bool)
        rng = check_random_state(self.random_state)
        if self.gram is not None:
            Q, q = problem.gram if self.gram is True else self._user_gram(problem)

        for k in range(n_targets):
            l1, l2 = to_kernel_scale(penalties[k], problem)
            w = np.ascontiguousarray(coef[k])
            if self.gram is not None:
                ops = _GramOps(Q, np.ascontiguousarray(q[:, k]),
                               float(problem.y_sq_norms[k]))
            elif problem.is_sparse:
                ops = _SparseOps(problem, k)
            else:
                ops = _DenseOps(problem, k)
            gap, n_iter[k], converged[k] = solve_target(
                ops, w, l1, l2,
                # scikit-learn's tol: gap <= tol * ||y||^2 in kernel scale
                gap_tol=float(self.tol * problem.y_sq_norms[k]),
                max_iter=int(self.max_iter),
                dw_tol=float(self.tol),
                positive=bool(penalties[k].positive),
                random=self.selection == "random",
                seed=int(rng.randint(1, np.iinfo(np.int32).max)),
            )
            coef[k] = w
            dual_gap[k] = gap / problem.sum_sw

        if not np.all(converged):
            k = int(np.argmin(converged))
            warnings.warn(
                f"Coordinate descent did not converge after {self.max_iter} "
                f"epochs (target {k}): duality gap {dual_gap[k]:.3e} > "
                f"tolerance {self.tol * problem.y_sq_norms[k] / problem.sum_sw:.3e} "
                f"(tol={self.tol} times the variance of y). Increase max_iter, "
                "loosen tol, or standardize the features.",
                ConvergenceWarning,
                stacklevel=4,
            )
        return SolverResult(coef=coef, n_iter=n_iter, dual_gap=dual_gap,
                            converged=converged)

    def _user_gram(self, problem):
        # The estimator has checked that the user's Gram matches X and that
        # no centring or weighting was needed, so X^T y completes it.
        Q = np.asfortranarray(self.gram, dtype=problem.dtype)
        X = problem.X
        q = X.T @ problem.Y
        return Q, np.asarray(q, dtype=problem.dtype)
