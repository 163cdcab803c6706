# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""
============================================
Sample weights: noisy rows and repeated rows
============================================

Every ``fit`` takes ``sample_weight``. For
:class:`~sklearn_penalized.Lasso` and :class:`~sklearn_penalized.ElasticNet`
the datafit becomes the weighted mean

.. math::

    \\frac{1}{2 \\sum_i s_i} \\sum_i s_i (y_i - x_i^T w - b)^2,

so the weights matter only relative to each other, and the intercept is
fitted with the weighted means. Two uses are shown here:

* **Rows of unequal precision.** A third of the rows below come from a
  sensor ten times noisier than the others. Weighting each row by the inverse
  of its noise variance (``s_i = 1 / sigma_i^2``) lets the precise rows drive
  the fit.
* **Counts.** A row with integer weight ``k`` counts as ``k`` copies of that
  row: fitting with the weights gives the model of the repeated data.
"""

import matplotlib.pyplot as plt
import numpy as np

from sklearn_penalized import Lasso

# %%
# Rows of unequal precision
# -------------------------
rng = np.random.default_rng(0)
n_samples, n_features = 120, 15
X = rng.standard_normal((n_samples, n_features))
true_coef = np.zeros(n_features)
true_coef[:5] = [3.0, -2.0, 1.5, 1.0, -1.0]
noise_sd = np.where(np.arange(n_samples) % 3 == 0, 5.0, 0.5)
y = X @ true_coef + 2.0 + noise_sd * rng.standard_normal(n_samples)

unweighted = Lasso(alpha=0.05).fit(X, y)
weighted = Lasso(alpha=0.05).fit(X, y, sample_weight=1.0 / noise_sd**2)
for name, model in [("unweighted", unweighted), ("weights 1/sigma^2", weighted)]:
    error = np.linalg.norm(model.coef_ - true_coef)
    print(f"{name:>18}: ||w - w_true|| = {error:.3f}, "
          f"{np.count_nonzero(model.coef_)} nonzero, intercept {model.intercept_:.2f}")

# %%
# Integer weights are repeated rows
# ---------------------------------
counts = rng.integers(0, 4, size=n_samples)  # 0 drops the row
repeated = Lasso(alpha=0.05, tol=1e-10).fit(
    np.repeat(X, counts, axis=0), np.repeat(y, counts)
)
counted = Lasso(alpha=0.05, tol=1e-10).fit(X, y, sample_weight=counts)
difference = np.abs(repeated.coef_ - counted.coef_).max()
print(f"max |coef(repeated rows) - coef(weights)| = {difference:.1e}")

# %%
# The coefficients
# ----------------
# Left: the estimates with and without the weights, against the truth.
# Right: the fit on repeated rows and the fit with integer weights coincide.
fig, (ax_w, ax_c) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
index = np.arange(n_features)
ax_w.bar(index, true_coef, color="0.85", label="true coefficients")
ax_w.plot(index, unweighted.coef_, "o", color="tab:red", label="unweighted")
ax_w.plot(index, weighted.coef_, "s", color="tab:blue", mfc="none",
          label="weights 1 / sigma^2")
ax_w.axhline(0, color="black", linewidth=0.5)
ax_w.set_xlabel("feature")
ax_w.set_ylabel("coefficient")
ax_w.set_title("Noisy rows down-weighted")
ax_w.legend(fontsize=8)

ax_c.plot(repeated.coef_, counted.coef_, "o")
limits = [min(repeated.coef_.min(), 0) - 0.2, repeated.coef_.max() + 0.2]
ax_c.plot(limits, limits, color="0.6", linewidth=1, zorder=0)
ax_c.set_xlabel("coefficient, rows repeated")
ax_c.set_ylabel("coefficient, sample_weight=counts")
ax_c.set_title(f"Counts as weights (max difference {difference:.0e})")
plt.show()
