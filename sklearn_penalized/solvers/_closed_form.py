# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Direct solvers for pure-L2 penalties: Cholesky (primal and dual) and SVD.

In kernel scale the problem is ``min 1/2 ||y - X w||^2 + sum_j l2_j w_j^2``
on centred, weight-scaled data, whose solution solves the normal equations

.. math::

    (X^T X + D) w = X^T y, \\qquad D = 2\\,\\mathrm{diag}(l2).

For ``n_samples < n_features`` (dense or sparse, all ``l2_j > 0``) the dual form
``w = D^{-1} X^T (X D^{-1} X^T + I)^{-1} y`` factorizes an ``n x n``
matrix instead.  Targets that share a penalty share one factorization.

With a feature without L2 weight (``alpha=0``, or a weight below the
rounding of its diagonal entry: ``negligible_l2``) the system may be
singular (wide or rank-deficient ``X``) and a Cholesky factorization may
then succeed on rounding noise; such penalties are solved by least squares
with a singular-value cutoff instead, which returns the minimum-norm solution
(scikit-learn's): ``w = B^T (B B^T)^+ y`` on the ``n x n`` form when every
weight is zero and ``n < p`` (dense or sparse, ``B = S^{1/2} X_c``), else
``w = A^+ X^T y`` on the ``p x p`` normal equations.
"""
import warnings

import numpy as np
from scipy import linalg

from .._preprocessing import check_finite_sq_norms, csr_gram, sparse_gram_on_dense_copy
from ._base import BaseSolver, SolverResult
from ._cd import per_target, to_kernel_scale


def _group_targets(penalties, problem):
    """Map each distinct kernel-scale l2 vector to the targets that use it."""
    groups = {}
    for k, penalty in enumerate(penalties):
        l1, l2 = to_kernel_scale(penalty, problem)
        if np.any(l1 > 0) or penalty.has_bounds(problem.n_features):
            raise ValueError(
                "Direct solvers handle pure L2 penalties without sign "
                "constraints or bounds only; use solver='cd'."
            )
        key = l2.tobytes()
        groups.setdefault(key, (l2, []))[1].append(k)
    return groups.values()


def _result(coef, problem):
    n_targets = problem.n_targets
    return SolverResult(
        coef=coef,
        n_iter=np.ones(n_targets, dtype=np.int64),
        dual_gap=np.zeros(n_targets),
        converged=np.ones(n_targets, dtype=bool),
    )


def negligible_l2(l2, sq_norms):
    """Features whose L2 weight does not change their diagonal entry of
    ``X_c^T S X_c + 2 diag(l2)`` in float64 (``l2 == 0`` among them, e.g.
    ``Ridge(alpha=1e-16)``): numerically unpenalized, so the system may be
    as singular as without a penalty."""
    sq = np.asarray(sq_norms, dtype=np.float64)
    return sq + 2.0 * np.asarray(l2, dtype=np.float64) == sq


def _warn_not_unique(rank, n_features):
    if rank < n_features:
        warnings.warn(
            f"The penalized normal equations are singular (rank {rank} < "
            f"{n_features} features: alpha=0 on a wide or rank-deficient "
            "design): returning the minimum-norm solution.",
            linalg.LinAlgWarning,
            stacklevel=5,
        )


def _min_norm(problem, l2, targets):
    """Minimum-norm minimiser when some ``l2_j == 0`` (module docstring);
    ``(n_features, len(targets))``."""
    n, p = problem.n_samples, problem.n_features
    if np.all(l2 == 0) and n < p:
        B_Bt, B_t = _outer_gram(problem)
        U, _, rank, _ = linalg.lstsq(B_Bt, problem.Y_design[:, targets].astype(np.float64),
                                     check_finite=False)
        _warn_not_unique(rank, p)
        return B_t(U)
    Q, q = problem.gram
    A = np.array(Q, dtype=np.float64, order="F")
    A.flat[:: A.shape[0] + 1] += 2.0 * l2     # A = X^T X + 2 diag(l2)
    W, _, rank, _ = linalg.lstsq(A, q[:, targets].astype(np.float64), check_finite=False)
    _warn_not_unique(rank, p)
    return W


def _outer_gram(problem, column_scale=None):
    """``(B D B^T, u -> B^T u)`` for ``B = S^{1/2} X_c`` (``n x n``, float64;
    ``D = diag(column_scale)``, the identity when None), with the centring
    applied to the products for sparse ``X``."""
    d = np.ones(problem.n_features) if column_scale is None else column_scale
    if problem.is_sparse and sparse_gram_on_dense_copy(problem.X):
        # dense enough and small: the sparse products run far below BLAS speed
        B = problem.X.toarray().astype(np.float64)
        if problem.fit_intercept:
            B -= problem.X_offset.astype(np.float64)
        if problem.sqrt_sw is not None:
            B *= problem.sqrt_sw.astype(np.float64)[:, np.newaxis]
    elif not problem.is_sparse:
        B = problem.X_design
    else:
        B = None
    if B is not None:
        K = np.asarray((B * d) @ B.T, dtype=np.float64)
        check_finite_sq_norms(np.diag(K))
        return K, lambda U: B.T @ U
    X = problem.X.astype(np.float64)
    # X D X^T is the Gram matrix of X^T (CSR when X is CSC) with row weights d
    K = csr_gram(X.T, d)
    if problem.fit_intercept:
        # X_c D X_c^T = X D X^T - (X D m) 1^T - 1 (X D m)^T + (m^T D m) 1 1^T
        m = problem.X_offset.astype(np.float64)
        XDm = X @ (d * m)
        K += (m @ (d * m)) - XDm[:, np.newaxis] - XDm[np.newaxis, :]
    s = problem.sqrt_sw
    if s is not None:
        K *= np.outer(s, s)
    check_finite_sq_norms(np.diag(K))

    def B_t(U):
        V = U if s is None else s[:, np.newaxis] * U
        out = np.asarray(X.T @ V)
        if problem.fit_intercept:
            out -= np.outer(problem.X_offset, V.sum(axis=0))
        return out
    return K, B_t


def _solve_spd(A, B):
    """Solve ``A X = B`` for symmetric positive (semi-)definite ``A``.

    Cholesky (LAPACK potrf/potrs); a singular ``A`` (no penalty on a
    rank-deficient design) falls back to the minimum-norm least-squares
    solution, with a warning, as scikit-learn does.
    """
    try:
        # overwrite_a=False: a failed factorization must leave A intact for
        # the least-squares fallback below.
        factor = linalg.cho_factor(A, lower=False, overwrite_a=False,
                                   check_finite=False)
        return linalg.cho_solve(factor, B, check_finite=False)
    except linalg.LinAlgError:
        warnings.warn(
            "The penalized normal equations are singular (alpha=0 on a "
            "rank-deficient design?): returning the minimum-norm solution.",
            linalg.LinAlgWarning,
            stacklevel=5,
        )
        return linalg.lstsq(A, B, check_finite=False)[0]


class Cholesky(BaseSolver):
    """Cholesky factorization of the primal or the dual normal equations."""

    name = "cholesky"
    supports_sparse = True

    def solve(self, problem, penalty, coef_init=None):
        penalties = per_target(penalty, problem.n_targets)
        coef = np.empty((problem.n_targets, problem.n_features), dtype=problem.dtype)
        use_dual = self._uses_dual(problem)
        for l2, targets in _group_targets(penalties, problem):
            unpenalized = negligible_l2(l2, problem.sq_norms)
            if np.any(unpenalized):
                l2 = np.where(unpenalized, 0.0, l2)
                coef[targets] = _min_norm(problem, l2, targets).T
            elif use_dual:
                coef[targets] = self._dual(problem, l2, targets).T
            else:
                coef[targets] = self._primal(problem, l2, targets).T
        return _result(coef, problem)

    @staticmethod
    def _uses_dual(problem):
        """Whether the ``n x n`` system is the smaller one (dense or sparse)."""
        return problem.n_samples < problem.n_features

    @staticmethod
    def _primal(problem, l2, targets):
        Q, q = problem.gram
        A = Q.copy(order="F")
        A.flat[:: A.shape[0] + 1] += 2.0 * l2     # A = X^T X + 2 diag(l2)
        return _solve_spd(A, q[:, targets])

    @staticmethod
    def _dual(problem, l2, targets):
        inv_d = 1.0 / (2.0 * l2)
        # K = B D^{-1} B^T + I  (n x n, B = S^{1/2} X_c); w = D^{-1} B^T K^{-1} y
        if problem.is_sparse:
            K, B_t = _outer_gram(problem, inv_d)
        else:
            X = problem.X_design
            K, B_t = (X * inv_d) @ X.T, (lambda U: X.T @ U)
            check_finite_sq_norms(np.diag(K))
        K.flat[:: K.shape[0] + 1] += 1.0
        dual_coef = _solve_spd(K, problem.Y_design[:, targets])
        return inv_d[:, np.newaxis] * B_t(dual_coef)


class SVD(BaseSolver):
    """Thin SVD of the centred, weighted design (dense only).

    ``X = U diag(s) V^T`` gives ``w = V diag(s / (s^2 + 2 l2)) U^T y``; it is
    the most stable route and handles ``l2 = 0`` (minimum-norm least squares).
    Requires the same ``l2`` for every feature.
    """

    name = "svd"

    def solve(self, problem, penalty, coef_init=None):
        penalties = per_target(penalty, problem.n_targets)
        X = problem.X_design
        check_finite_sq_norms(np.einsum("ij,ij->j", X, X))
        U, s, Vt = linalg.svd(X, full_matrices=False, check_finite=False)
        UtY = U.T @ problem.Y_design
        coef = np.empty((problem.n_targets, problem.n_features), dtype=problem.dtype)
        # singular values below this are treated as zero (as lstsq does)
        cutoff = s.max(initial=0.0) * max(X.shape) * np.finfo(s.dtype).eps
        for l2, targets in _group_targets(penalties, problem):
            if np.ptp(l2) > 0:
                raise ValueError(
                    "solver='svd' needs the same L2 weight for every feature; "
                    "use solver='cholesky'."
                )
            shrink = np.divide(s, s**2 + 2.0 * l2[0], out=np.zeros_like(s),
                               where=s > cutoff)
            coef[targets] = (Vt.T @ (shrink[:, np.newaxis] * UtY[:, targets])).T
        return _result(coef, problem)
