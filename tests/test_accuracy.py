# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""At the default ``tol``, at least scikit-learn's accuracy (issue 13, part 2).

Each fit is judged by its relative sub-optimality ``(P(w) - P*) / P*`` in
the estimator's own objective, with ``P*`` from a reference solve at
``tol=1e-13`` whose optimality is certified (to 1e-9 relative) by the NumPy
duality gap of ``_objective``, an implementation independent of the kernels;
both libraries' fits are measured against the same reference.  The whole
grid, with timings, is ``benchmarks/bench_accuracy.py``.
"""
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn.linear_model as sk
from sklearn.datasets import load_diabetes
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from sklearn_penalized import ElasticNet, Lasso
from sklearn_penalized._objective import alpha_max, duality_gap, primal_objective
from sklearn_penalized.penalties import L1L2

# Sub-optimalities below this count as equal: the objective then agrees
# with the reference to 11 digits, 7 orders of magnitude beyond what
# tol=1e-4 certifies.
FLOOR = 1e-11
# On at most 64 features the iterates are scikit-learn's: the two objectives
# then differ by the rounding of the arithmetic (implicit vs explicit
# centring), ~1e-15 of P; a difference below this is a tie.
ROUNDING = 1e-13


def _correlated(rng, n, p, rho):
    X = np.empty((n, p), order="F")
    X[:, 0] = rng.randn(n)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + np.sqrt(1 - rho**2) * rng.randn(n)
    return X


def _target(rng, X, k):
    w = np.zeros(X.shape[1])
    w[rng.choice(X.shape[1], k, replace=False)] = rng.randn(k)
    signal = np.asarray(X @ w).ravel()
    return signal + 0.3 * np.std(signal) * rng.randn(X.shape[0])


def _problem(name, rng):
    """``(X, y, extra estimator parameters)``."""
    if name == "diabetes degree-2 standardized":
        data, y = load_diabetes(return_X_y=True)
        poly = PolynomialFeatures(degree=2, include_bias=False).fit_transform(data)
        return np.asfortranarray(StandardScaler().fit_transform(poly)), y, {}
    if name == "dense wide correlated":
        X = _correlated(rng, 60, 300, 0.8)
        return X, _target(rng, X, 10), {}
    if name == "sparse wide":
        X = sp.random(200, 800, density=0.02, format="csc", random_state=rng)
        return X, _target(rng, X, 20), {}
    if name == "dense tall, precompute=True":
        X = _correlated(rng, 600, 80, 0.6)
        return X, _target(rng, X, 8), {"precompute": True}
    if name == "dense tall, working sets on Gram blocks":
        # n >= 640 and n >= 2p: the lazy loop of solve_target, whose last
        # working-set solve sets the model's precision
        # seed 0: the design of benchmarks/bench_accuracy.py on which the
        # working-set solve at the inner solves' ratio (0.3 of the target)
        # ended 2.5x further from the optimum than scikit-learn's fit
        local = np.random.RandomState(0)
        X = _correlated(local, 2000, 200, 0.6)
        w = np.zeros(200)
        support = local.choice(200, 10, replace=False)
        w[support] = local.randn(10)
        signal = X @ w
        return X, signal + 0.3 * np.std(signal) * local.randn(2000), {}
    if name == "few features":
        X = _correlated(rng, 100, 30, 0.6)
        return X, _target(rng, X, 5), {}
    raise ValueError(name)


PROBLEMS = ["diabetes degree-2 standardized", "dense wide correlated", "sparse wide",
            "dense tall, precompute=True", "dense tall, working sets on Gram blocks",
            "few features"]


def _fit(module, alpha, l1_ratio, X, y, **kwargs):
    if l1_ratio == 1.0:
        return module.Lasso(alpha=alpha, **kwargs).fit(X, y)
    return module.ElasticNet(alpha=alpha, l1_ratio=l1_ratio, **kwargs).fit(X, y)


class _Ours:
    Lasso = Lasso
    ElasticNet = ElasticNet


@pytest.mark.parametrize("divisor", [10, 100, 1000])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
@pytest.mark.parametrize("name", PROBLEMS)
def test_default_tol_at_least_as_accurate_as_sklearn(rng, name, l1_ratio, divisor):
    """Sub-optimality of our default fit <= scikit-learn's at the same
    (default) tol, and the reported dual_gap_ bounds it: tol keeps its
    certified meaning.  Before the fix, the elastic net stopped 20 to 4000x
    further from the optimum (its gap was met, scikit-learn's was not)."""
    X, y, kwargs = _problem(name, rng)
    alpha = alpha_max(X, y) / l1_ratio / divisor
    pen = L1L2(alpha * l1_ratio, alpha * (1 - l1_ratio) / 2)
    with warnings.catch_warnings():
        # at alpha_max/1000 both may end at max_iter, and the reference's
        # tol is below rounding on some: the comparison stands
        warnings.simplefilter("ignore", ConvergenceWarning)
        ref = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=1e-13,
                         max_iter=100_000).fit(X, y)
        ours = _fit(_Ours, alpha, l1_ratio, X, y, **kwargs)
        theirs = _fit(sk, alpha, l1_ratio, X, y, **kwargs)
    p_ref = primal_objective(X, y, ref.coef_, ref.intercept_, pen)
    # P_ref is within 1e-9 of P* (certified); both fits are measured against
    # the same P_ref, so its own error does not favour either
    assert duality_gap(X, y, ref.coef_, pen) <= 1e-9 * p_ref
    sub_ours = (primal_objective(X, y, ours.coef_, ours.intercept_, pen) - p_ref) / p_ref
    sub_sk = (primal_objective(X, y, theirs.coef_, theirs.intercept_, pen) - p_ref) / p_ref
    assert sub_ours <= max(sub_sk, FLOOR) + ROUNDING, (sub_ours, sub_sk)
    # dual_gap_ is a true bound on the sub-optimality (up to the reference's
    # own rounding), and within tol when the fit converged
    assert sub_ours * p_ref <= ours.dual_gap_ + 1e-12 * p_ref
    assert ours.dual_gap_ == pytest.approx(duality_gap(X, y, ours.coef_, pen),
                                           rel=1e-6, abs=1e-14 * p_ref)


def test_elastic_net_stops_on_scikit_learns_certificate_too(rng):
    """The issue's example: standardized diabetes with degree-2 features,
    alpha_max/1000, l1_ratio=0.5.  The plain gap (theta = R, exact
    conjugates) was met at a point 4000x further from the optimum than
    scikit-learn's fit; the stopping measure now includes the gap at the
    augmented lasso's dual point (scikit-learn's), which was ~1e3 x tol
    there."""
    from sklearn_penalized._objective import stopping_gap

    X, y, _ = _problem("diabetes degree-2 standardized", rng)
    alpha = alpha_max(X, y) / 0.5 / 1000
    pen = L1L2(alpha * 0.5, alpha * 0.25)
    model = ElasticNet(alpha=alpha, l1_ratio=0.5).fit(X, y)
    tol_gap = 1e-4 * np.var(y)
    assert model.dual_gap_ <= stopping_gap(X, y, model.coef_, pen) <= tol_gap
