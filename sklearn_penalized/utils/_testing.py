# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Helpers for the test-suite: optimality certificates computed in NumPy, and
the differences between the supported scikit-learn versions that the
comparisons with scikit-learn meet."""
import numpy as np

from .._objective import duality_gap, kkt_violation
from ._sklearn_compat import sklearn_version_at_least

# scikit-learn's automatic alpha grid takes ``positive=True`` into account
# (alpha_max is then that of the largest *positive* correlation) since 1.9;
# before, its grid starts at max |X^T y| whatever the sign constraint.
SKLEARN_GRID_HONOURS_POSITIVE = sklearn_version_at_least("1.9")


def sklearn_grid_size(n_alphas, *, path_function=False):
    """Keyword arguments asking scikit-learn for an automatic grid of
    ``n_alphas`` values.

    ``alphas=n_alphas`` where scikit-learn accepts an integer there (LassoCV
    and ElasticNetCV since 1.7, lasso_path and enet_path since 1.9, each
    deprecating ``n_alphas`` then); ``n_alphas=n_alphas`` before.
    """
    since = "1.9" if path_function else "1.7"
    return {"alphas" if sklearn_version_at_least(since) else "n_alphas": n_alphas}


def assert_optimal(X, y, coef, intercept, penalty, sample_weight=None,
                   fit_intercept=True, kkt_atol=1e-6, gap_atol=1e-8):
    """Assert the KKT conditions and a small duality gap, one target.

    Tolerances are relative to the scale of the problem: the KKT violation
    is compared with ``kkt_atol * (||X^T S y|| / sum(s) + 1)`` and the gap
    with ``gap_atol * (mean(s y_c^2) + 1)``.
    """
    X_arr = X.toarray() if hasattr(X, "toarray") else np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight)
    scale_grad = np.max(np.abs(X_arr.T @ (sw * y))) / sw.sum() + 1.0
    dist, intercept_grad = kkt_violation(
        X_arr, y, np.asarray(coef, dtype=np.float64), intercept, penalty,
        sample_weight, fit_intercept,
    )
    assert np.max(dist) <= kkt_atol * scale_grad, (
        f"KKT violated: max subdifferential distance {np.max(dist):.3e}"
    )
    assert abs(intercept_grad) <= kkt_atol * scale_grad, (
        f"intercept not optimal: gradient {intercept_grad:.3e}"
    )
    yc = y - (sw @ y / sw.sum() if fit_intercept else 0.0)
    scale_gap = sw @ yc**2 / sw.sum() + 1.0
    gap = duality_gap(X_arr, y, coef, penalty, sample_weight, fit_intercept)
    assert gap <= gap_atol * scale_gap, f"duality gap {gap:.3e} too large"


# The parity matrix against scikit-learn: name -> how to build the case.
PARITY_CASES = [
    "dense_tall",
    "dense_wide",
    "csc",
    "csr",
    "sample_weight",
    "sparse_sample_weight",
    "positive",
    "no_intercept",
    "multi_output",
    "float32",
]


def make_parity_case(name, rng):
    """Data for one case of the parity matrix.

    Returns a dict with ``X``, ``y``, ``sample_weight`` (or None) and the
    estimator keyword arguments the case implies (``fit_intercept``,
    ``positive``).  Features are correlated and on different scales, the
    target has an offset, so intercept handling and conditioning matter.
    """
    import scipy.sparse as sp

    n, p = (40, 120) if name == "dense_wide" else (150, 25)
    sparse = name in ("csc", "csr", "sparse_sample_weight")
    if sparse:
        X = sp.random(n, p, density=0.2, random_state=rng, format="csc")
        X.data = 1.0 + 3.0 * X.data
    else:
        latent = rng.randn(n, 3)
        X = rng.randn(n, p) + latent @ rng.randn(3, p)
        X *= rng.uniform(0.5, 4.0, size=p)
    coef = np.zeros(p)
    support = rng.choice(p, size=6, replace=False)
    coef[support] = rng.uniform(1.0, 3.0, size=6) * rng.choice([-1, 1], size=6)
    y = X @ coef + 5.0 + 0.5 * rng.randn(n)
    if name == "multi_output":
        y = np.c_[y, X @ rng.randn(p) * 0.1 - 2.0 + rng.randn(n)]
    if name == "csr":
        X = X.tocsr()
    if name == "float32":
        X, y = X.astype(np.float32), y.astype(np.float32)
    sample_weight = (
        rng.uniform(0.1, 3.0, size=n)
        if name in ("sample_weight", "sparse_sample_weight")
        else None
    )
    kwargs = {
        "fit_intercept": name != "no_intercept",
        "positive": name == "positive",
    }
    return {"X": X, "y": y, "sample_weight": sample_weight, "kwargs": kwargs}


def _dense64(X):
    import scipy.sparse as sp

    return np.asarray(X.toarray() if sp.issparse(X) else X, dtype=np.float64)


def case_alpha_max(case):
    """Lasso ``alpha_max`` of a parity case (first target)."""
    from .._objective import alpha_max

    y = np.asarray(case["y"], dtype=np.float64).reshape(len(case["y"]), -1)
    return alpha_max(_dense64(case["X"]), y[:, 0], case["sample_weight"],
                     case["kwargs"]["fit_intercept"])


def summed_objective(model, case, penalty):
    """Mean-datafit objective of a fitted model on a case, summed over targets."""
    from .._objective import primal_objective

    X = _dense64(case["X"])
    Y = np.asarray(case["y"], dtype=np.float64).reshape(len(X), -1)
    coef = np.atleast_2d(model.coef_).astype(np.float64)
    intercept = np.atleast_1d(model.intercept_).astype(np.float64)
    return sum(
        primal_objective(X, Y[:, k], coef[k], intercept[k], penalty,
                         case["sample_weight"])
        for k in range(Y.shape[1])
    )


def assert_parity_with_sklearn(ours, theirs, case, penalty, rtol):
    """Fit both models on ``case``; ours must be as good (objective) and agree.

    ``rtol`` bounds how much worse our objective may be, relatively;
    predictions must agree to ``sqrt(rtol)`` times the spread of y (the
    objective is quadratic near its minimum).
    """
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    ours.fit(case["X"], case["y"], sample_weight=case["sample_weight"])
    with warnings.catch_warnings():
        # scikit-learn at tol=1e-12 may stop on max_iter: we only use its
        # objective value as a reference, so its warning is noise here.
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs.fit(case["X"], case["y"], sample_weight=case["sample_weight"])
    ours_obj = summed_objective(ours, case, penalty)
    theirs_obj = summed_objective(theirs, case, penalty)
    assert ours_obj <= theirs_obj * (1 + rtol), (ours_obj, theirs_obj)
    assert np.shape(ours.coef_) == np.shape(theirs.coef_)
    assert np.shape(ours.intercept_) == np.shape(theirs.intercept_)
    np.testing.assert_allclose(
        ours.predict(case["X"]), theirs.predict(case["X"]),
        atol=np.sqrt(rtol) * np.std(case["y"]),
    )
    return ours_obj, theirs_obj
