# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Unpenalized, unconstrained problems: weighted least squares, solved directly.

A penalty that is zero on every feature (``penalty_factor`` all zeros,
``alpha=0``) leaves ordinary (weighted) least squares.  Coordinate descent
converges slowly on it and its stopping measure cannot certify it (without a
penalty the dual has no slack), so it would return coefficients far from the
optimum with correlated features.  :func:`~._registry.resolve_solver` routes
such a request for ``"cd"`` here instead:

* dense ``X``: LAPACK's SVD-based least squares (``gelsd``) on the centred,
  weighted design, in float64: the minimum-norm solution, as ``lstsq``;
* sparse ``X``: LSQR (Paige & Saunders 1982) from zero on the implicitly
  centred design (never densified), which converges to the minimum-norm
  least-squares solution, to a tolerance near the float64 precision;
* sufficient statistics (``partial_fit``, dask): the Gram system, by the
  same minimum-norm least squares.
"""
import warnings

import numpy as np
from scipy import linalg
from scipy.sparse.linalg import LinearOperator, lsqr
from sklearn.exceptions import ConvergenceWarning

from ._base import BaseSolver, SolverResult

# LSQR's tolerances (relative residual and normal-equations residual): near
# the float64 precision, since there is no penalty to stop at.
LSQR_TOL = 1e-15


def is_unpenalized(kernel_weights, excluded=None):
    """True when every ``(l1, l2)`` pair of kernel-scale weights is zero, on
    the features not ``excluded`` (a mask: the statistics' excluded features,
    whose Gram rows are zero, carry a placeholder weight)."""
    keep = slice(None) if excluded is None else ~np.asarray(excluded)
    return all(not np.any(np.asarray(l1)[keep]) and not np.any(np.asarray(l2)[keep])
               for l1, l2 in kernel_weights)


class LeastSquares(BaseSolver):
    """Minimum-norm weighted least squares (see the module)."""

    name = "lstsq"
    supports_sparse = True
    gram = None  # read by solve_path's Gram-switch logic: never "adaptive"

    def solve(self, problem, penalty, coef_init=None, **unused):
        memo = getattr(problem, "memo", None)
        if memo is not None and "lstsq" in memo:
            coef = memo["lstsq"]  # a path asks again at every alpha
        else:
            coef, n_iter, converged = self._solve(problem)
            if not converged:
                warnings.warn(
                    f"LSQR did not reach the least-squares solution in {n_iter} "
                    "iterations (an ill-conditioned design); the coefficients "
                    "may be inaccurate.", ConvergenceWarning, stacklevel=4)
            if memo is not None:
                memo["lstsq"] = coef
        n_targets = problem.n_targets
        return SolverResult(coef=coef.astype(problem.dtype),
                            n_iter=np.ones(n_targets, dtype=np.int64),
                            dual_gap=np.zeros(n_targets),
                            converged=np.ones(n_targets, dtype=bool))

    @staticmethod
    def _solve(problem):
        """``(coef (n_targets, n_features) float64, n_iter, converged)``."""
        if getattr(problem, "X", None) is None:  # statistics: the Gram form
            Q, q = problem.gram64
            excluded = getattr(problem, "excluded", None)
            keep = (np.ones(Q.shape[0], dtype=bool) if excluded is None
                    else ~np.asarray(excluded))
            coef = np.zeros((problem.n_targets, problem.n_features))
            # excluded features stay exactly 0
            coef[:, keep] = linalg.lstsq(Q[np.ix_(keep, keep)], q[keep],
                                         check_finite=False)[0].T
            return coef, 1, True
        if not problem.is_sparse:
            A = np.asarray(problem.X_design, dtype=np.float64)
            B = np.asarray(problem.Y_design, dtype=np.float64)
            return linalg.lstsq(A, B, check_finite=False)[0].T, 1, True
        from ._cg import design_operator

        matvec, rmatvec, _ = design_operator(problem)
        shape = (problem.n_samples, problem.n_features)
        operator = LinearOperator(
            shape, dtype=np.float64,
            matvec=lambda v: np.asarray(matvec(np.ravel(v)), dtype=np.float64),
            rmatvec=lambda u: np.asarray(rmatvec(np.ravel(u)), dtype=np.float64))
        coef = np.empty((problem.n_targets, problem.n_features))
        iterations, converged = 0, True
        for k in range(problem.n_targets):
            rhs = np.asarray(problem.Y_design[:, k], dtype=np.float64)
            out = lsqr(operator, rhs, atol=LSQR_TOL, btol=LSQR_TOL, conlim=1e300,
                       iter_lim=10 * min(shape) + 100)
            coef[k], istop, n_iter = out[0], out[1], out[2]
            iterations = max(iterations, n_iter)
            converged &= istop in (0, 1, 2, 4, 5)
        return coef, iterations, converged
