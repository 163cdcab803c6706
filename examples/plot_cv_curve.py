# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""
=================================================
Choosing alpha by cross-validation: the 1-SE rule
=================================================

:class:`sklearn_penalized.LassoCV` solves the Lasso path on each training
fold and scores every ``alpha`` on the held-out fold. The mean of these
held-out losses estimates the prediction error at each ``alpha``, and their
standard error measures how precise that estimate is.

Two choices of ``alpha`` follow from that curve:

* ``alpha_min_``: the ``alpha`` of least mean cross-validation error;
* ``alpha_1se_``: the largest ``alpha`` whose mean error is within one
  standard error of that minimum. Its model is sparser, and its error cannot
  be told apart from the best one given the noise of the cross-validation
  estimate (the "one-standard-error rule" of Breiman et al. and glmnet).

``selection_rule="1se"`` makes ``alpha_1se_`` the selected ``alpha_``.
:class:`~sklearn_penalized.plotting.CVCurveDisplay` draws the mean error with
one standard error bars and both choices as dashed vertical lines; below it,
:class:`~sklearn_penalized.plotting.RegularizationPathDisplay` draws the path
refitted on all the data, with the same two lines.

The figure is saved as ``plot_cv_curve.png`` in the directory given by the
environment variable ``SKLEARN_PENALIZED_FIGURE_DIR`` (default: the current
directory).
"""

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.datasets import load_diabetes  # noqa: E402
from sklearn.model_selection import KFold  # noqa: E402

from sklearn_penalized import LassoCV  # noqa: E402
from sklearn_penalized.plotting import (  # noqa: E402
    CVCurveDisplay,
    RegularizationPathDisplay,
)

# %%
# Fit LassoCV with the one-standard-error rule
# --------------------------------------------
data = load_diabetes()
X, y = data.data, data.target
cv = KFold(n_splits=10, shuffle=True, random_state=0)
model = LassoCV(cv=cv, selection_rule="1se").fit(X, y)

print(f"alpha_min_ = {model.alpha_min_:.4g}")
print(f"alpha_1se_ = {model.alpha_1se_:.4g} (selected: alpha_ = {model.alpha_:.4g})")
print(f"nonzero coefficients at alpha_: {np.count_nonzero(model.coef_)} "
      f"of {X.shape[1]}")

# %%
# The cross-validation curve, and the path with the same alphas marked
# --------------------------------------------------------------------
fig, (ax_cv, ax_path) = plt.subplots(
    2, 1, figsize=(7, 8), sharex=True, layout="constrained"
)
CVCurveDisplay.from_estimator(model, ax=ax_cv)
path = RegularizationPathDisplay.from_estimator(
    model, feature_names=data.feature_names, ax=ax_path
)
for alpha, color in ((model.alpha_min_, "black"), (model.alpha_1se_, "tab:blue")):
    ax_path.axvline(alpha, linestyle="--", linewidth=1, color=color)
ax_cv.set_xlabel("")  # the axes share x: one label, at the bottom
ax_path.set_title("")

out_dir = Path(os.environ.get("SKLEARN_PENALIZED_FIGURE_DIR", "."))
out_dir.mkdir(parents=True, exist_ok=True)
out_file = out_dir / "plot_cv_curve.png"
fig.savefig(out_file, dpi=100)
print(f"saved {out_file}")
