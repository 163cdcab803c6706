# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""
=====================================
Lasso regularization path on diabetes
=====================================

The Lasso solution changes with the regularization strength ``alpha``: at
``alpha_max`` every coefficient is zero, and as ``alpha`` decreases features
enter the model one after the other until, at a small ``alpha``, the
coefficients approach the least-squares ones. The *regularization path* draws
each coefficient as a function of ``alpha``.

:func:`sklearn_penalized.lasso_path` computes the coefficients on a grid of
100 alphas from ``alpha_max`` down to ``alpha_max / 1000`` (warm-started), and
:class:`~sklearn_penalized.plotting.RegularizationPathDisplay` draws them on
two x axes:

* ``x_axis="log_alpha"``: ``alpha`` on a log scale, decreasing to the right,
  so that the model grows from left to right;
* ``x_axis="l1_norm"``: the L1 norm of the coefficient vector, which puts the
  coefficients on the scale of the constraint ``sum_j |w_j| <= t`` of the
  equivalent constrained problem.

The numbers on the top axis are the number of nonzero coefficients, and the
five features with the largest coefficients at the end of the path are
labelled.

The figure is saved as ``plot_lasso_path.png`` in the directory given by the
environment variable ``SKLEARN_PENALIZED_FIGURE_DIR`` (default: the current
directory).
"""

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from sklearn.datasets import load_diabetes  # noqa: E402

from sklearn_penalized import lasso_path  # noqa: E402
from sklearn_penalized.plotting import RegularizationPathDisplay  # noqa: E402

# %%
# Compute the path
# ----------------
# The ten features of the diabetes data are centred and scaled, so the path
# without an intercept equals the path with one.
data = load_diabetes()
X, y = data.data, data.target
alphas, coefs, _ = lasso_path(X, y, eps=1e-3)
print(f"{len(alphas)} alphas from {alphas[0]:.3g} down to {alphas[-1]:.3g}")

# %%
# Plot it against log(alpha) and against the L1 norm
# --------------------------------------------------
fig, (ax_alpha, ax_norm) = plt.subplots(
    1, 2, figsize=(12, 4.8), layout="constrained"
)
display = RegularizationPathDisplay(
    alphas, coefs, feature_names=data.feature_names, estimator_name="Lasso"
)
display.plot(ax=ax_alpha, x_axis="log_alpha")
display.plot(ax=ax_norm, x_axis="l1_norm")
ax_norm.set_ylabel("")

out_dir = Path(os.environ.get("SKLEARN_PENALIZED_FIGURE_DIR", "."))
out_dir.mkdir(parents=True, exist_ok=True)
out_file = out_dir / "plot_lasso_path.png"
fig.savefig(out_file, dpi=100)
print(f"saved {out_file}")
