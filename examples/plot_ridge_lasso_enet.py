# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""
======================================================
Ridge, Lasso and ElasticNet: what each penalty does
======================================================

The three estimators fit the same least-squares model and differ only in the
penalty added to it:

* :class:`~sklearn_penalized.Ridge` adds the L2 term
  ``alpha * sum_j w_j**2``: every coefficient is shrunk towards zero, none
  becomes exactly zero, and correlated features share the weight;
* :class:`~sklearn_penalized.Lasso` adds the L1 term
  ``alpha * sum_j |w_j|``: many coefficients become exactly zero (the model
  selects features), and among strongly correlated features it tends to keep
  one;
* :class:`~sklearn_penalized.ElasticNet` adds both (``l1_ratio`` sets the
  mix): sparse like the lasso, but correlated features enter together, as
  with ridge.

The data below have 40 features in ten blocks of four strongly correlated
columns (correlation 0.99 within a block) and only 80 samples; the true
coefficients are nonzero on the first two blocks only. Each estimator's
``alpha`` is chosen by 5-fold cross-validation with the matching CV estimator
(ElasticNet with ``l1_ratio=0.5``).
"""

import matplotlib.pyplot as plt
import numpy as np

from sklearn_penalized import (
    ElasticNet,
    ElasticNetCV,
    LassoCV,
    PenalizedRegressor,
    Ridge,
    RidgeCV,
)
from sklearn_penalized.penalties import L2

# %%
# Correlated blocks of features, a sparse truth
# ---------------------------------------------
rng = np.random.default_rng(1)
n_samples, n_blocks, block_size, rho = 80, 10, 4, 0.99
n_features = n_blocks * block_size
latent = rng.standard_normal((n_samples, n_blocks))
X = np.repeat(latent, block_size, axis=1) * np.sqrt(rho)
X += np.sqrt(1 - rho) * rng.standard_normal((n_samples, n_features))
true_coef = np.zeros(n_features)
true_coef[:block_size] = 1.0  # block 0
true_coef[block_size:2 * block_size] = -0.5  # block 1
y = X @ true_coef + rng.standard_normal(n_samples)

# %%
# Fit the three models, each with its strength chosen by cross-validation
# -----------------------------------------------------------------------
# RidgeCV scores its alphas by exact leave-one-out; LassoCV and ElasticNetCV
# by 5-fold CV over a path of 100 alphas.
ridge = RidgeCV(alphas=np.logspace(-2, 3, 30)).fit(X, y)
lasso = LassoCV(cv=5).fit(X, y)
enet = ElasticNetCV(l1_ratio=0.5, cv=5).fit(X, y)

models = {
    f"Ridge (alpha={ridge.alpha_:.3g})": ridge.coef_,
    f"Lasso (alpha={lasso.alpha_:.3g})": lasso.coef_,
    f"ElasticNet (alpha={enet.alpha_:.3g}, l1_ratio=0.5)": enet.coef_,
}
for name, coef in models.items():
    print(f"{name}: {np.count_nonzero(coef)} nonzero coefficients, "
          f"error ||w - w_true|| = {np.linalg.norm(coef - true_coef):.3f}")

# %%
# The coefficients, block by block
# --------------------------------
# The grey bars are the true coefficients. Ridge shares the weight within
# each block but leaves every one of the 40 coefficients nonzero. The lasso
# zeroes most features, but inside a block of nearly identical columns it
# picks arbitrarily: it drops one column of the first block and puts a large
# coefficient on another. The elastic net zeroes most features too and
# spreads the weight of each true block over its four columns, close to the
# truth (see the errors printed above).
fig, axes = plt.subplots(3, 1, figsize=(8, 7), sharex=True, sharey=True,
                         layout="constrained")
index = np.arange(n_features)
for ax, (name, coef) in zip(axes, models.items()):
    ax.bar(index, true_coef, color="0.85", label="true coefficients")
    markerline, stemlines, _ = ax.stem(index, coef, basefmt=" ")
    plt.setp(stemlines, linewidth=1)
    ax.axhline(0, color="black", linewidth=0.5)
    for block in range(1, n_blocks):
        ax.axvline(block * block_size - 0.5, color="0.9", linewidth=0.8, zorder=0)
    ax.set_title(name, fontsize=10)
    ax.set_ylabel("coefficient")
axes[0].legend(loc="upper right", fontsize=8)
axes[-1].set_xlabel("feature (blocks of 4 correlated columns)")
plt.show()

# %%
# One model, three parametrisations
# ---------------------------------
# Ridge's objective is ``||y - Xw - b||^2 + alpha ||w||^2`` (not divided by
# ``n``), while ElasticNet's datafit is divided by ``2 n``. Hence
# ``Ridge(alpha=a)`` is ``ElasticNet(alpha=a / n, l1_ratio=0)``, and also
# ``PenalizedRegressor(L2(a / (2 n)))`` with the penalty object
# ``L2(lam) = lam * sum_j w_j**2``: the same model, up to the
# coordinate-descent tolerance (see :ref:`objectives`).
a = ridge.alpha_
w_ridge = Ridge(alpha=a).fit(X, y).coef_
w_enet = ElasticNet(alpha=a / n_samples, l1_ratio=0.0, tol=1e-12).fit(X, y).coef_
w_l2 = PenalizedRegressor(L2(a / (2 * n_samples))).fit(X, y).coef_
print(f"max |Ridge - ElasticNet(l1_ratio=0)| = {np.abs(w_ridge - w_enet).max():.1e}")
print(f"max |Ridge - PenalizedRegressor(L2)| = {np.abs(w_ridge - w_l2).max():.1e}")
