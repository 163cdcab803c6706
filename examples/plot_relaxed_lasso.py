# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""
=====================================================
The relaxed lasso: lasso selection, less shrinkage
=====================================================

The lasso does two things with one ``alpha``: it selects features (the
nonzero coefficients) and it shrinks the selected coefficients towards zero.
A large ``alpha`` gives a small, clean support but biased coefficients; a
small ``alpha`` removes the bias but lets noise features in.

The relaxed lasso (glmnet's ``relax=TRUE``) separates the two. With ``S`` the
support of the lasso at ``alpha``, it refits least squares on ``S`` alone and
blends the two fits:

.. math::

    w = \\gamma \\, w_{\\text{lasso}} + (1 - \\gamma) \\, w_{\\text{LS on } S} .

``gamma=1`` is the lasso, ``gamma=0`` least squares on the lasso's support.
:class:`~sklearn_penalized.RelaxedLassoCV` chooses ``alpha`` and ``gamma``
together by cross-validation; one least-squares refit per support serves
every ``gamma``.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import KFold

from sklearn_penalized import LassoCV, RelaxedLassoCV

# %%
# A sparse model with strong signals
# ----------------------------------
rng = np.random.default_rng(0)
n_samples, n_features = 200, 60
X = rng.standard_normal((n_samples, n_features))
true_coef = np.zeros(n_features)
true_coef[:6] = [4.0, -3.0, 3.0, -2.0, 2.0, 1.5]
y = X @ true_coef + 1.5 * rng.standard_normal(n_samples)

cv = KFold(n_splits=5, shuffle=True, random_state=0)
relaxed = RelaxedLassoCV(gammas=(0, 0.25, 0.5, 0.75, 1), cv=cv).fit(X, y)
lasso = LassoCV(cv=cv).fit(X, y)

for name, model in [("LassoCV", lasso), ("RelaxedLassoCV", relaxed)]:
    extra = f", gamma = {model.gamma_:g}" if hasattr(model, "gamma_") else ""
    print(f"{name:>15}: alpha = {model.alpha_:.3g}{extra}, "
          f"{np.count_nonzero(model.coef_)} nonzero, "
          f"||w - w_true|| = {np.linalg.norm(model.coef_ - true_coef):.3f}")

# %%
# Cross-validation error for each gamma, and the coefficients
# -----------------------------------------------------------
# Left: one CV curve per ``gamma``. The curves with little shrinkage
# (small ``gamma``) reach their minimum at a larger ``alpha``: the refit
# removes the bias, so a smaller support suffices. Right: the first 12
# coefficients; the lasso's estimates of the six true ones are all pulled
# towards zero, the relaxed fit's less, and its support is smaller (see the
# counts printed above).
fig, (ax_cv, ax_coef) = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
colors = plt.cm.viridis(np.linspace(0, 0.9, len(relaxed.gammas_)))
for gamma, curve, color in zip(relaxed.gammas_, relaxed.cv_mean_, colors):
    ax_cv.plot(relaxed.alphas_, curve, color=color, label=f"gamma = {gamma:g}")
ax_cv.axvline(relaxed.alpha_, linestyle="--", color="black", linewidth=1)
ax_cv.set_xscale("log")
ax_cv.invert_xaxis()
ax_cv.set_xlabel("alpha")
ax_cv.set_ylabel("mean squared error (5-fold CV)")
ax_cv.set_ylim(0.95 * relaxed.cv_mean_.min(), np.percentile(relaxed.cv_mean_, 60))
ax_cv.legend(fontsize=8)
ax_cv.set_title("RelaxedLassoCV: one curve per gamma")

shown = np.arange(12)
ax_coef.bar(shown, true_coef[shown], color="0.85", label="true coefficients")
ax_coef.plot(shown, lasso.coef_[shown], "o", color="tab:red", label="LassoCV")
ax_coef.plot(shown, relaxed.coef_[shown], "s", mfc="none", color="tab:blue",
             label=f"RelaxedLassoCV (gamma = {relaxed.gamma_:g})")
ax_coef.axhline(0, color="black", linewidth=0.5)
ax_coef.set_xlabel("feature")
ax_coef.set_ylabel("coefficient")
ax_coef.legend(fontsize=8)
ax_coef.set_title("Coefficients of the selected models")
plt.show()
