# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""What every solver returns, and the protocol it follows."""
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SolverResult:
    """Outcome of one solve, one entry per target.

    Attributes
    ----------
    coef : ndarray of shape (n_targets, n_features)
        Coefficients on the original feature scale (the intercept is not
        part of it: ``Problem.intercept(coef)`` gives it).
    n_iter : ndarray of shape (n_targets,)
        Epochs (coordinate descent), iterations (CG) or 1 (direct solvers).
    dual_gap : ndarray of shape (n_targets,)
        Duality gap in the estimator's objective scale (the mean datafit);
        0 for direct solvers.
    converged : ndarray of shape (n_targets,)
        Whether each target reached the requested tolerance.
    """

    coef: np.ndarray
    n_iter: np.ndarray
    dual_gap: np.ndarray
    converged: np.ndarray


class BaseSolver:
    """A solver: capability flags plus ``solve(problem, penalty, coef_init)``.

    Capability flags are read by :func:`~sklearn_penalized.solvers.resolve_solver`
    (the one place where solver, penalty and data compatibility is
    checked).
    """

    name = None
    supports_sparse = False
    supports_l1 = False
    supports_positive = False

    def solve(self, problem, penalty, coef_init=None):  # pragma: no cover
        raise NotImplementedError
