# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""
==================================================
Penalty factors: unpenalized and excluded features
==================================================

``penalty_factor`` (glmnet's ``penalty.factor``) multiplies the penalty of
each feature separately:

.. math::

    \\frac{1}{2n} \\|y - Xw - b\\|_2^2 + \\alpha \\sum_j c_j |w_j| .

* ``c_j = 0`` leaves feature ``j`` unpenalized: it is always in the model,
  fitted by least squares together with the others. Typical use: variables
  the analysis must adjust for (here ``age`` and ``sex``).
* ``c_j = inf`` excludes feature ``j``: its coefficient is 0 and its column
  is removed before solving (glmnet's ``exclude``). Here ``s1`` is excluded,
  as a measurement that would not be available when predicting.
* Other values scale the penalty of one feature (used as given: a factor
  ``c`` on every feature is the model at ``c * alpha``).

Below, :class:`~sklearn_penalized.LassoCV` is fitted on the diabetes data
with and without factors, and
:class:`~sklearn_penalized.plotting.RegularizationPathDisplay` draws both
paths. With the factors, the path no longer starts from the empty model: at
its first ``alpha`` (``alpha_max`` of the penalized features) ``age`` and
``sex`` already have their least-squares coefficients, and ``s1`` never
leaves zero.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.model_selection import KFold

from sklearn_penalized import LassoCV
from sklearn_penalized.plotting import RegularizationPathDisplay

# %%
# Two LassoCV fits on the same folds
# ----------------------------------
data = load_diabetes()
X, y, names = data.data, data.target, data.feature_names
factor = np.ones(X.shape[1])
factor[names.index("age")] = 0.0
factor[names.index("sex")] = 0.0
factor[names.index("s1")] = np.inf

cv = KFold(n_splits=5, shuffle=True, random_state=0)
plain = LassoCV(cv=cv).fit(X, y)
factored = LassoCV(cv=cv, penalty_factor=factor).fit(X, y)

print("coefficients at the first alpha of each path:")
for name, a, b in zip(names, plain.coef_path_[:, 0], factored.coef_path_[:, 0]):
    print(f"  {name:>4}: plain {a:8.2f}   with factors {b:8.2f}")
print(f"selected alpha: plain {plain.alpha_:.4g}, with factors {factored.alpha_:.4g}")

# %%
# The two paths
# -------------
fig, (ax_plain, ax_factored) = plt.subplots(
    1, 2, figsize=(12, 4.8), sharey=True, layout="constrained"
)
RegularizationPathDisplay.from_estimator(plain, feature_names=names, ax=ax_plain)
RegularizationPathDisplay.from_estimator(
    factored, feature_names=names, ax=ax_factored
)
for ax, model in ((ax_plain, plain), (ax_factored, factored)):
    ax.axvline(model.alpha_, linestyle="--", linewidth=1, color="black")
ax_plain.set_title("LassoCV")
ax_factored.set_title("LassoCV, age and sex unpenalized, s1 excluded")
ax_factored.set_ylabel("")
plt.show()
