# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Exact leave-one-out residuals of ridge regression for every alpha.

With ``cv=None`` every candidate alpha is scored by *exact* leave-one-out
(LOO) cross-validation, read off one spectral decomposition.  Ridge with an
unpenalized intercept is a linear smoother: on the weight-scaled design
``Z = S^{1/2} [X, 1]`` with penalty ``diag(alpha I, 0)`` the fitted targets
are ``H y`` with the hat matrix

.. math::

    H(\\alpha) = A (A^T A + \\alpha I)^{-1} A^T + u u^T,
    \\qquad A = S^{1/2} (X - 1 m^T),
    \\quad u = S^{1/2} 1 / \\sqrt{\\textstyle\\sum_i s_i},

(the two parts are orthogonal because ``A^T u = 0`` for the weighted means
``m``).  Deleting row ``i`` of a penalized least-squares problem changes the
fit by a rank-one update (Sherman-Morrison), which gives the classical
identity ``y_i - yhat_{-i} = (y_i - yhat_i) / (1 - H_ii)``: exact, intercept
and its re-centring included, for any alpha > 0.

Two spectral forms, chosen by the shape (as scikit-learn's ``gcv_mode``):

* "kernel" (``n_samples <= n_features``): ``A A^T = V diag(lam) V^T`` (n x n);
  then ``1 - H_ii = alpha sum_j V_ij^2 / (lam_j + alpha) - u_i^2`` and the
  scaled residual is ``alpha V diag(1 / (lam + alpha)) V^T S^{1/2} y_c``.
* "gram" (``n_samples > n_features``): ``A^T A = W diag(lam) W^T`` (p x p),
  the :attr:`Problem.gram` matrix; with ``C = (X - 1 m^T) W`` (computed by
  blocks of rows, never for all rows at once),
  ``H_ii = s_i sum_j C_ij^2 / (lam_j + alpha) + s_i / sum(s)`` and the fitted
  centred targets are ``C diag(1 / (lam + alpha)) W^T X_c^T S y_c``.

A thin SVD of ``A`` (``gcv_mode="svd"``, dense only) gives the same two forms
with ``lam = sigma^2``.  Each form evaluates all alphas of a chunk with a few
matrix products; sparse ``X`` is centred implicitly and never densified.

Both spectral forms resolve an eigenvalue only to about ``dim * eps *
lam_max``; when that error is not small against the smallest alpha (columns
of wildly different scales: ``(1e-100, 1, 1e100)``), :func:`loo_form`
takes :class:`_CholeskyForm`, one equilibrated Cholesky factorisation per
alpha, whose accuracy does not depend on the columns' scales.
"""
import warnings

import numpy as np
from scipy import linalg
from sklearn.utils.extmath import safe_sparse_dot

# Rows per block when forming C = X_c W in the "gram" form.
_BLOCK_ELEMENTS = 2**18


# -- the two spectral forms ---------------------------------------------------
class _KernelForm:
    """LOO residuals from ``A A^T = V diag(lam) V^T`` (n_samples <= n_features).

    ``apply_At(c)`` computes ``A^T c``; ``Z`` holds ``X_c[i] A^T V`` for the
    zero-weight rows ``i`` (their scaled rows of ``A`` vanish, so their
    residual must come from the unscaled design).
    """

    def __init__(self, problem, eigvals, V, apply_At, Z):
        self.problem = problem
        self.eigvals = eigvals
        self.V = V
        self.V_sq = V * V
        self.Vtb = V.T @ problem.Y_design  # V^T b, b = S^{1/2} y_c
        # The intercept's unit vector u spans the null space of A A^T.  Its
        # share of H_ii is u_i^2 = alpha u_i ((K + alpha I)^{-1} u)_i; taking
        # the right side from the *computed* eigenpairs cancels their error
        # in that null direction (which the exact u_i^2 would not): u joins
        # the targets as one more right-hand side.
        self.u = None
        if problem.fit_intercept:
            self.u = _sqrt_sw(problem) / np.sqrt(problem.sum_sw)
            self.Vtb = np.column_stack([self.Vtb, V.T @ self.u])
        self.apply_At = apply_At
        self.Z = Z

    def residuals(self, alphas):
        """``y_i - yhat_{-i}`` of shape (n_samples, n_targets, len(alphas))."""
        problem = self.problem
        n, k = problem.n_samples, problem.n_targets
        inv = 1.0 / (self.eigvals[:, None] + alphas)              # (n, G)
        M = self.Vtb[:, :, None] * inv[:, None, :]                 # (n, k [+1], G)
        # (K + alpha I)^{-1} [b, u] for every alpha; scaled residual = alpha * first k
        dual = (self.V @ M.reshape(n, -1)).reshape(n, M.shape[1], -1)
        # 1 - H_ii = alpha [(K + alpha I)^{-1}]_ii - u_i^2
        one_minus_h = self.V_sq @ inv
        if self.u is not None:
            one_minus_h -= self.u[:, None] * dual[:, k, :]
            dual, M = dual[:, :k], M[:, :k]
        one_minus_h *= alphas
        scaled = _leave_one_out(alphas * dual, one_minus_h[:, None, :])
        sw = problem.sample_weight
        if sw is None:
            return scaled
        positive = sw > 0
        E = np.empty_like(scaled)
        E[positive] = scaled[positive] / np.sqrt(sw[positive])[:, None, None]
        if self.Z is not None:
            fitted = (self.Z @ M.reshape(n, -1)).reshape(-1, k, len(alphas))
            E[~positive] = problem.Y[~positive][:, :, None] - fitted
        return E

    def coef(self, alpha):
        """Coefficients (n_features, n_targets); ``alpha`` has one value per target."""
        k = self.problem.n_targets
        dual = self.V @ (self.Vtb[:, :k] / (self.eigvals[:, None] + alpha))
        return self.apply_At(dual)


class _GramForm:
    """LOO residuals from ``A^T A = W diag(lam) W^T`` (n_samples > n_features).

    ``centred_rows(start, stop)`` returns the dense block ``X_c[start:stop]``
    times ``W``; ``g = W^T A^T b``.
    """

    def __init__(self, problem, eigvals, W, g, centred_rows):
        self.problem = problem
        self.eigvals = eigvals
        self.W = W
        self.g = g
        self.centred_rows = centred_rows

    def residuals(self, alphas):
        problem = self.problem
        n, p, k = problem.n_samples, problem.n_features, problem.n_targets
        inv = 1.0 / (self.eigvals[:, None] + alphas)              # (p, G)
        M = (self.g[:, :, None] * inv[:, None, :]).reshape(p, -1)  # (p, k G)
        sw = problem.sample_weight
        leverage0 = _intercept_leverage(problem)
        E = np.empty((n, k, len(alphas)))
        step = max(1, _BLOCK_ELEMENTS // max(p, k * len(alphas)))
        for start in range(0, n, step):
            stop = min(start + step, n)
            C = self.centred_rows(start, stop)
            fitted = (C @ M).reshape(stop - start, k, -1)
            h = (C * C) @ inv
            if sw is not None:
                h *= sw[start:stop, None]
            h += leverage0[start:stop, None]
            E[start:stop] = (
                _leave_one_out(problem.Y[start:stop, :, None] - fitted,
                               (1.0 - h)[:, None, :])
            )
        return E

    def coef(self, alpha):
        return self.W @ (self.g / (self.eigvals[:, None] + alpha))


def _leave_one_out(residual, one_minus_h):
    """``residual / (1 - H_ii)``, infinite where ``1 - H_ii <= 0``.

    A leverage of one (an interpolating fit: square or wide X at a
    vanishing alpha) leaves nothing to predict row ``i`` from: its
    leave-one-out error is unbounded, so the alpha scores ``inf`` and is
    only chosen when every alpha does, rather than a division by zero
    turning the score into NaN."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = residual / one_minus_h
    out[~np.broadcast_to(one_minus_h > 0, out.shape)] = np.inf
    return out


def _intercept_leverage(problem):
    """``u_i^2 = s_i / sum(s)``: the intercept's part of ``H_ii`` (0 without)."""
    n = problem.n_samples
    if not problem.fit_intercept:
        return np.zeros(n)
    if problem.sample_weight is None:
        return np.full(n, 1.0 / n)
    return problem.sample_weight / problem.sum_sw


def _sqrt_sw(problem):
    return np.ones(problem.n_samples) if problem.sqrt_sw is None else problem.sqrt_sw


def _eigh(M):
    """Eigenvalues (ascending) and eigenvectors of a symmetric matrix.

    NumPy's ``eigh`` (LAPACK ``syevd``, divide and conquer) rather than
    SciPy's: the two wheels bundle different OpenBLAS builds, and on the
    1000 x 1000 kernel of a wide design NumPy's was ~25% faster in the same
    process (best of 9: 0.09 s vs 0.12 s), for the same algorithm.
    """
    return np.linalg.eigh(M)


def _centred_dense(problem):
    """``X - 1 m^T`` (a new array, centred at the true means: no shifted
    copy first), or ``X`` itself without intercept."""
    if problem.fit_intercept:
        return problem.centred_dense()
    return problem.X


def _sparse_apply_At(problem):
    X, m, sqrt_sw = problem.X, problem.X_offset, _sqrt_sw(problem)

    def apply_At(c):
        # A^T c = X^T S^{1/2} c - m (1^T S^{1/2} c): centring stays implicit.
        sc = sqrt_sw[:, None] * c
        out = np.asarray(safe_sparse_dot(X.T, sc, dense_output=True))
        if problem.fit_intercept:
            out -= np.outer(m, sc.sum(axis=0))
        return out

    return apply_At


def _kernel_form(problem, use_svd):
    """Decompose the n x n kernel ``A A^T`` (or take the SVD of dense ``A``)."""
    sw = problem.sample_weight
    sqrt_sw = _sqrt_sw(problem)
    zero = None if sw is None or np.all(sw > 0) else ~(sw > 0)
    if problem.is_sparse:
        X = problem.X.tocsr()
        Kx = np.asarray((X @ X.T).toarray(), dtype=np.float64)
        if problem.fit_intercept:
            # X_c X_c^T = X X^T - (X m) 1^T - 1 (X m)^T + (m^T m) 1 1^T
            Xm = np.asarray(X @ problem.X_offset).ravel()
            Kx -= Xm[:, None]
            Kx -= Xm[None, :]
            Kx += problem.X_offset @ problem.X_offset
        apply_At = _sparse_apply_At(problem)
    else:
        Xc = _centred_dense(problem)

        def apply_At(c):
            return Xc.T @ (sqrt_sw[:, None] * c)

        if use_svd:
            A = Xc * sqrt_sw[:, None] if sw is not None else Xc
            U, sigma, Vt = linalg.svd(A, full_matrices=False, check_finite=False)
            Z = None
            if zero is not None:
                Z = (Xc[zero] @ Vt.T) * sigma  # X_c[i] A^T U = X_c[i] V diag(sigma)
            return _KernelForm(problem, sigma**2, U, apply_At, Z)
        Kx = Xc @ Xc.T
    K = Kx * sqrt_sw[:, None] * sqrt_sw[None, :] if sw is not None else Kx
    eigvals, V = _eigh(K)
    Z = None
    if zero is not None:
        Z = (Kx[zero] * sqrt_sw) @ V
    return _KernelForm(problem, eigvals, V, apply_At, Z)


def _gram_form(problem, use_svd):
    """Decompose the p x p Gram ``A^T A`` (or take the SVD of dense ``A``)."""
    m = problem.X_offset
    if use_svd:
        A = problem.X_design
        U, sigma, Vt = linalg.svd(A, full_matrices=False, check_finite=False)
        eigvals, W = sigma**2, Vt.T
        g = sigma[:, None] * (U.T @ problem.Y_design)
    else:
        Q, q = problem.gram
        eigvals, W = _eigh(np.array(Q, dtype=np.float64))
        g = W.T @ q
    if problem.is_sparse:
        X = problem.X.tocsr()
        mW = m @ W

        def centred_rows(start, stop):
            C = np.asarray(X[start:stop] @ W)
            if problem.fit_intercept:
                C -= mW
            return C
    else:
        X, mean = problem.data, problem.X_mean

        def centred_rows(start, stop):
            block = X[start:stop]
            if problem.fit_intercept:
                # centre the block first, at the true means: no cancellation
                block = block - mean
            return block @ W

    return _GramForm(problem, eigvals, W, g, centred_rows)




# -- when the spectrum cannot resolve alpha ----------------------------------
# An eigendecomposition is backward stable: its eigenvalues are exact for a
# matrix within about dim * eps * lam_max, so the leverages H_ii it gives are
# off by up to that error over 4 alpha.  Above this relative error the
# factorisation per alpha (whose accuracy does not depend on column scales)
# is used instead.
LOO_SPECTRAL_MAX_ERROR = 1e-5
# Largest p x p matrix the per-alpha factorisation forms (128 MiB).
CHOLESKY_MAX_FEATURES = 4096


def spectral_error(eigvals, dim):
    """Absolute error bound of computed eigenvalues of a PSD matrix."""
    return dim * np.finfo(np.float64).eps * max(float(np.max(eigvals, initial=0.0)), 0.0)


class _CholeskyForm:
    """LOO residuals from one Cholesky factorisation of ``A^T A + alpha I``
    per alpha, equilibrated: with ``D = diag(A^T A)^{1/2}`` it factors
    ``D^{-1} (A^T A) D^{-1} + alpha D^{-2} = L L^T`` (unit diagonal for the
    data part), so columns of any scales are resolved (Cholesky's error is
    governed by the condition of the equilibrated matrix).  Then
    ``w = D^{-1} L^{-T} L^{-1} D^{-1} X_c^T S y_c`` and ``H_ii = s_i ||L^{-1}
    D^{-1} x_ci||^2 + s_i / sum(s)``.  Costs ``n p^2`` per alpha."""

    def __init__(self, problem):
        self.problem = problem
        Q, q = problem.gram
        d = np.sqrt(np.maximum(np.diag(Q), 0.0))
        d[d == 0] = 1.0  # a zero column: Q's row is zero, alpha alone remains
        self.d = d
        self.Qs = Q / d[:, None] / d[None, :]
        self.qs = q / d[:, None]

    def _factor(self, alpha):
        A = self.Qs.copy()
        A.flat[:: A.shape[0] + 1] += alpha / self.d**2
        return linalg.cholesky(A, lower=True, check_finite=False)

    def _solve(self, L, b):
        return linalg.cho_solve((L, True), b, check_finite=False) / self.d[:, None]

    def _rows(self):
        problem = self.problem
        if not problem.is_sparse:
            yield from problem.centred_blocks(np.float64)
            return
        X = problem.X.tocsr()
        m = problem.X_offset.astype(np.float64) if problem.fit_intercept else 0.0
        step = max(1, _BLOCK_ELEMENTS // problem.n_features)
        for start in range(0, problem.n_samples, step):
            stop = min(start + step, problem.n_samples)
            yield start, stop, X[start:stop].toarray() - m

    def residuals(self, alphas):
        problem = self.problem
        n, k = problem.n_samples, problem.n_targets
        sw = problem.sample_weight
        leverage0 = _intercept_leverage(problem)
        E = np.empty((n, k, len(alphas)))
        for g, alpha in enumerate(alphas):
            L = self._factor(alpha)
            W = self._solve(L, self.qs)                             # (p, k)
            for start, stop, C in self._rows():
                Z = linalg.solve_triangular(L, (C / self.d).T, lower=True,
                                            check_finite=False)
                h = np.einsum("ij,ij->j", Z, Z)
                if sw is not None:
                    h *= sw[start:stop]
                h += leverage0[start:stop]
                E[start:stop, :, g] = _leave_one_out(problem.Y[start:stop] - C @ W,
                                                     (1.0 - h)[:, None])
        return E

    def coef(self, alpha):
        """Coefficients (n_features, n_targets); one alpha per target."""
        alpha = np.broadcast_to(alpha, (self.problem.n_targets,))
        out = np.empty((self.problem.n_features, len(alpha)))
        for value in np.unique(alpha):
            targets = np.flatnonzero(alpha == value)
            out[:, targets] = self._solve(self._factor(value), self.qs[:, targets])
        return out


def loo_form(problem, use_svd, alphas):
    """The leave-one-out form for ``problem``: the spectral form of its shape
    (``kernel`` when ``n_samples <= n_features``, else ``gram``), or the
    per-alpha factorisation when the spectrum cannot resolve the smallest
    alpha (see :data:`LOO_SPECTRAL_MAX_ERROR`)."""
    dim = min(problem.n_samples, problem.n_features)
    if problem.n_samples <= problem.n_features:
        form = _kernel_form(problem, use_svd)
    else:
        form = _gram_form(problem, use_svd)
    alpha_min = float(np.min(alphas))
    if spectral_error(form.eigvals, dim) <= LOO_SPECTRAL_MAX_ERROR * alpha_min:
        return form
    if problem.n_features <= CHOLESKY_MAX_FEATURES:
        factored = _CholeskyForm(problem)
        try:
            factored._factor(alpha_min)
        except linalg.LinAlgError:
            # alpha_min (0, or at rounding level) on a singular X_c^T S X_c:
            # no factorisation exists; the spectral form's pseudo-inverse
            # limit is the least-squares answer scikit-learn gives there.
            return form
        return factored
    warnings.warn(
        f"RidgeCV: the smallest alpha ({alpha_min:.3g}) is below the resolution "
        f"of the spectrum of X ({spectral_error(form.eigvals, dim):.3g}, e.g. "
        "columns of very different scales): its leave-one-out errors may be "
        "inaccurate. Scale the features (StandardScaler) or use larger alphas.",
        UserWarning,
        stacklevel=4,
    )
    return form
