# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""
======================================================
partial_fit: a stream of chunks, the model of all rows
======================================================

:class:`~sklearn_penalized.Lasso`, :class:`~sklearn_penalized.ElasticNet`
and :class:`~sklearn_penalized.Ridge` learn from data that arrive in chunks
with ``partial_fit``. Least squares depends on the data only through a few
weighted sums (the means of ``x`` and ``y`` and the centred cross-products
``X^T X``, ``X^T y``, ``y^T y``); each call adds its chunk to them, exactly,
and refits on all the rows seen so far. Memory is ``O(n_features^2)``
whatever the number of rows.

This is not stochastic gradient descent: after every call the model *is*
the fit on the concatenation of the chunks seen (to the solver's ``tol``),
which this example checks chunk by chunk.

The same statistics, computed block by block on the workers of a Dask
cluster, are how ``fit`` handles dask arrays (see :doc:`/partial_fit` in the
user guide).
"""

import matplotlib.pyplot as plt
import numpy as np

from sklearn_penalized import Lasso

# %%
# A stream of 20 chunks of 250 rows
# ---------------------------------
rng = np.random.default_rng(0)
n_features, n_chunks, chunk_size = 12, 20, 250
true_coef = np.zeros(n_features)
true_coef[:4] = [2.0, -1.0, 0.5, 0.25]


def chunks():
    for _ in range(n_chunks):
        X = rng.standard_normal((chunk_size, n_features)) + 5.0  # offset means
        y = X @ true_coef + 10.0 + rng.standard_normal(chunk_size)
        yield X, y


model = Lasso(alpha=0.02, tol=1e-8)
seen_X, seen_y, path, gaps = [], [], [], []
for X_chunk, y_chunk in chunks():
    model.partial_fit(X_chunk, y_chunk)
    seen_X.append(X_chunk)
    seen_y.append(y_chunk)
    # the reference: fit on every row seen so far
    full = Lasso(alpha=0.02, tol=1e-8).fit(np.vstack(seen_X), np.concatenate(seen_y))
    path.append(model.coef_.copy())
    gaps.append(np.abs(model.coef_ - full.coef_).max())
path = np.array(path)
print(f"largest |partial_fit - fit| over the 20 steps: {max(gaps):.1e}")
print(f"final intercept: partial_fit {model.intercept_:.4f}, fit {full.intercept_:.4f}")

# %%
# The coefficients after each chunk
# ---------------------------------
# Left: each coefficient after each call (the true values dashed); the
# estimates settle as rows accumulate. Right: at every step, the largest
# difference from a fit on all the rows seen so far stays at the level of
# the solver's tolerance.
rows = chunk_size * np.arange(1, n_chunks + 1)
fig, (ax_path, ax_gap) = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
for j in range(n_features):
    color = f"C{j}" if true_coef[j] else "0.6"
    ax_path.plot(rows, path[:, j], color=color, linewidth=1.5 if true_coef[j] else 1)
    if true_coef[j]:
        ax_path.axhline(true_coef[j], color=color, linestyle="--", linewidth=0.8)
ax_path.set_xlabel("rows seen")
ax_path.set_ylabel("coefficient")
ax_path.set_title("Lasso.partial_fit, one chunk at a time")

ax_gap.semilogy(rows, np.maximum(gaps, 1e-17), "o-")
ax_gap.set_xlabel("rows seen")
ax_gap.set_ylabel("max |coef(partial_fit) - coef(fit on rows seen)|")
ax_gap.set_title("Equal to the fit on all rows seen")
plt.show()
