# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Conjugate gradient on the L2-penalized normal equations.

For sparse ``X`` (or a dense ``X`` too large to factorize) it solves
``(X_c^T S X_c + 2 diag(l2)) w = X_c^T S y_c`` with matrix-vector products
only.  The centred design ``X_c = X - 1 m^T`` is applied implicitly:

    X_c v = X v - (m^T v) 1,     X_c^T u = X^T u - m (1^T u),

so a sparse ``X`` stays sparse.  The loop is ours (Hestenes-Stiefel CG with
a Jacobi preconditioner); products go through scipy.sparse / BLAS.

When a feature has no L2 weight (``alpha=0``, or one below the rounding of
its diagonal entry, as ``alpha=1e-16``) the normal equations may be
singular (wide or rank-deficient ``X``): their solutions are all the
least-squares solutions, and scikit-learn returns the one of minimum norm.
CG started at 0 stays in the range of ``X_c^T`` (every residual
``X_c^T (y_c - X_c w)`` lies there) and so converges to that one; a
preconditioner ``M`` would move the iterates to ``M range(X_c^T)``, so it is
dropped then.
"""
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from .._preprocessing import check_finite_sq_norms
from ._base import BaseSolver, SolverResult
from ._cd import per_target
from ._closed_form import _group_targets, negligible_l2


def design_operator(problem):
    """``(matvec, rmatvec, col_sq_norms)`` of ``B = S^{1/2} X_c``.

    ``B^T B = X_c^T S X_c`` and ``B^T Y_design`` is the right-hand side.
    The centring is implicit for dense and sparse ``X`` alike: no copy
    (beyond the shift of columns whose mean dwarfs their spread, which
    ``problem.X`` applies, so that ``m`` stays small and cancels nothing).
    """
    X, m = problem.implicit_design()
    sqrt_sw = problem.sqrt_sw

    # Products in X's dtype: a float64 vector would make NumPy upcast (copy)
    # a float32 X on every product.
    def matvec(v):
        out = X @ v.astype(X.dtype, copy=False)
        if problem.fit_intercept:
            out = out - m @ v
        return out if sqrt_sw is None else sqrt_sw * out

    def rmatvec(u):
        if sqrt_sw is not None:
            u = sqrt_sw * u
        out = X.T @ u.astype(X.dtype, copy=False)
        if problem.fit_intercept:
            out = out - m * np.sum(u)
        return out

    # diag(X_c^T S X_c), computed by make_problem without cancellation
    sq = problem.sq_norms
    return matvec, rmatvec, sq


# The loop aims at a relative residual CG_TARGET_RATIO * tol and promises
# tol (ConvergenceWarning above it): CG at tol itself was up to 4x less
# accurate than scikit-learn's sparse_cg/lsqr at the same tol on a problem of
# benchmarks/bench_accuracy.py; at 0.3 tol none was, for one to three more
# iterations (0.1: 2-10 more, some 10% of the time).
CG_TARGET_RATIO = 0.3

# Dense tall X (n_samples >= CG_GRAM_MIN_RATIO * n_features, at most
# CG_GRAM_MAX_FEATURES features): CG may continue on Q = X_c^T S X_c (syrk,
# n p^2 / 2 multiply-adds at matrix speed, then p^2 per iteration) instead of
# two matrix-vector products with X (2 n p at vector speed) per iteration;
# when, is _NormalOperator's rule.  Q costs about n_features /
# CG_GRAM_SWITCH_DIVISOR iterations on X, measured on this project's
# benchmark machine, BLAS at one thread (2,000 x 200: syrk 2.5 ms, an
# iteration 0.4 ms).  Q is at most half the size of X there.
CG_GRAM_MIN_RATIO = 2
CG_GRAM_MAX_FEATURES = 4096
CG_GRAM_SWITCH_DIVISOR = 30


class ConjugateGradient(BaseSolver):
    """Preconditioned conjugate gradient for pure-L2 problems.

    Parameters
    ----------
    max_iter : int or None
        Maximum CG iterations per target; None means ``10 * n_features``.
    tol : float
        Guarantee ``||A w - b|| <= tol * ||b||`` (relative residual of the
        normal equations), else warn; the loop aims ``CG_TARGET_RATIO``
        lower.
    """

    name = "sparse_cg"
    supports_sparse = True

    def __init__(self, *, max_iter=None, tol=1e-4):
        self.max_iter = max_iter
        self.tol = tol

    def solve(self, problem, penalty, coef_init=None):
        max_iter = 10 * problem.n_features if self.max_iter is None else self.max_iter
        coef, n_iter, converged = solve_normal_equations(
            problem, penalty, self.tol, max_iter, coef_init=coef_init)
        if not np.all(converged):
            warnings.warn(
                f"Conjugate gradient did not reach tol={self.tol} (relative "
                f"residual of the normal equations) in {max_iter} iterations. "
                "Increase max_iter or use solver='cholesky'.",
                ConvergenceWarning,
                stacklevel=4,
            )
        return SolverResult(
            coef=coef.astype(problem.dtype, copy=False),
            n_iter=n_iter,
            dual_gap=np.full(problem.n_targets, np.nan),
            converged=converged,
        )


def solve_normal_equations(problem, penalty, tol, max_iter, coef_init=None):
    """PCG on the normal equations of every target.

    Returns ``(coef, n_iter, converged)``: float64 coefficients of shape
    ``(n_targets, n_features)``, iterations and convergence per target.
    """
    penalties = per_target(penalty, problem.n_targets)
    matvec, rmatvec, col_sq = design_operator(problem)
    check_finite_sq_norms(col_sq)
    n_targets, n_features = problem.n_targets, problem.n_features
    coef = np.zeros((n_targets, n_features), dtype=np.float64)
    if coef_init is not None:
        coef[:] = coef_init
    n_iter = np.zeros(n_targets, dtype=np.int64)
    converged = np.zeros(n_targets, dtype=bool)
    for l2, targets in _group_targets(penalties, problem):
        diag_pen = 2.0 * l2.astype(np.float64)

        apply_A = _NormalOperator(problem, matvec, rmatvec, diag_pen)

        if not np.any(negligible_l2(l2, col_sq)):
            precond = 1.0 / (col_sq + diag_pen)
        else:
            # possibly singular: plain CG from 0 converges to the
            # minimum-norm solution (module docstring); a warm start may lie
            # outside range(X_c^T), so it is not used
            precond = np.ones(n_features)
            coef[targets] = 0.0
        for k in targets:
            # B^T (sqrt(s) y_c) with B = S^{1/2} X_c
            b = rmatvec(problem.Y_design[:, k].astype(np.float64))
            coef[k], n_iter[k], converged[k] = _pcg(
                apply_A, b, coef[k], precond, tol, max_iter
            )
    return coef, n_iter, converged


class _NormalOperator:
    """``v -> (B^T B + diag(diag_pen)) v``, ``B = S^{1/2} X_c``: two passes
    over ``X`` per product, or one product with the Gram matrix ``Q = B^T B``
    (``Problem.gram64``, formed once per problem, shared by the targets) on
    dense tall ``X`` once it pays (``CG_GRAM_SWITCH_DIVISOR``).

    CG reports its residual norms to :meth:`after_iteration`.  At a third
    of the ski-rental point ``s`` (``Q``'s cost in iterations on ``X``) and
    at ``s`` itself, the rate of decrease since the previous check predicts
    the iterations left, and the switch is made if they exceed ``s`` (on
    3,000 x 1,000 a fit of 49 iterations switched at 33 and took 1.3x its
    time on ``X``; one of 68 gains 1.5x).  At ``2 s`` it is made in any case
    (a prediction that keeps failing costs at most three times the better
    route)."""

    def __init__(self, problem, matvec, rmatvec, diag_pen):
        self.problem, self.matvec, self.rmatvec = problem, matvec, rmatvec
        self.diag_pen = diag_pen
        n, p = problem.n_samples, problem.n_features
        self.switch_after = None
        if (not problem.is_sparse and n >= CG_GRAM_MIN_RATIO * p
                and p <= CG_GRAM_MAX_FEATURES):
            self.switch_after = max(1, p // CG_GRAM_SWITCH_DIVISOR)
        self.on_gram = False
        self._checked = (0, None)  # (iteration, residual norm) of the last check

    def after_iteration(self, it, r_norm, threshold):
        """Decide the switch after CG iteration ``it`` (residual norm
        ``r_norm``, aiming at ``threshold``)."""
        s = self.switch_after
        if s is None or self.on_gram:
            return
        if "gram64" in self.problem.__dict__ or it >= 2 * s:
            self.on_gram = True  # Q already formed (an earlier target), or late
            return
        if it == 0:
            self._checked = (0, r_norm)
            return
        if it not in (max(1, s // 3), s):
            return
        last_it, last_norm = self._checked
        self._checked = (it, r_norm)
        if 0 < r_norm < last_norm:
            rate = np.log(r_norm / last_norm) / (it - last_it)  # < 0
            self.on_gram = bool(np.log(threshold / r_norm) / rate > s)

    def __call__(self, v):
        if self.on_gram:
            Q, _ = self.problem.gram64
            return Q @ v + self.diag_pen * v
        return self.rmatvec(self.matvec(v)) + self.diag_pen * v


def _pcg(apply_A, b, x, precond, tol, max_iter):
    """Preconditioned CG from ``x`` with the operator ``apply_A`` (a
    :class:`_NormalOperator`, told every iteration's residual norm); returns
    ``(x, n_iter, converged)``:
    it aims at ``||A x - b|| <= CG_TARGET_RATIO * tol * ||b||`` and has
    converged if ``||A x - b|| <= tol * ||b||``."""
    b_norm = np.linalg.norm(b)
    if b_norm == 0.0:
        return np.zeros_like(x), 1, True
    promise = tol * b_norm
    threshold = CG_TARGET_RATIO * promise
    # From x = 0 the residual is b: skip a product with A (two passes over X).
    r = b - apply_A(x) if np.any(x) else b.copy()
    if np.linalg.norm(r) <= threshold:
        return x, 1, True
    z = precond * r
    d = z.copy()
    rz = r @ z
    apply_A.after_iteration(0, np.linalg.norm(r), threshold)
    for it in range(1, max_iter + 1):
        Ad = apply_A(d)
        curvature = d @ Ad
        if curvature <= 0.0:  # A singular along d: x is as good as it gets
            return x, it, np.linalg.norm(r) <= promise
        step = rz / curvature
        x = x + step * d
        r = r - step * Ad
        r_norm = np.linalg.norm(r)
        if r_norm <= threshold:
            return x, it, True
        apply_A.after_iteration(it, r_norm, threshold)
        z = precond * r
        rz_new = r @ z
        d = z + (rz_new / rz) * d
        rz = rz_new
    # the recursive residual drifts from b - A x over many iterations:
    # judge the promise on the true one
    return x, max_iter, np.linalg.norm(b - apply_A(x)) <= promise
