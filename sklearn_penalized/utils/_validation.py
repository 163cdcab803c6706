# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Validation of a user's grid of alphas, shared by the CV estimators."""
from numbers import Real

import numpy as np
from sklearn.utils import check_scalar


def check_alpha_values(alphas, *, strictly_positive, context=""):
    """A user's ``alphas`` (a real number or a 1-D sequence of them) as a
    float64 vector, or the error scikit-learn's CV estimators raise.

    Each entry is checked on its own, as scikit-learn does, so the error
    names it: ``TypeError`` for an entry that is not a real number (a
    string, None), ``ValueError`` for one below the bound (``> 0`` when
    ``strictly_positive``, ``>= 0`` otherwise) or not finite.

    Parameters
    ----------
    alphas : float or array-like of shape (n_alphas,)
    strictly_positive : bool
        Whether 0 is refused.
    context : str, default=""
        Appended to the ValueError of an entry out of bounds (why the bound).

    Returns
    -------
    values : ndarray of shape (n_alphas,), float64
    """
    entries = np.asarray(alphas, dtype=object)
    if entries.ndim > 1:
        raise ValueError(
            f"alphas must be a scalar or a 1-d array-like, got shape {entries.shape}."
        )
    entries = entries.ravel().tolist()
    if not entries:
        raise ValueError("alphas must contain at least one value, got an empty list.")
    for i, value in enumerate(entries):
        try:
            check_scalar(value, f"alphas[{i}]", target_type=Real, min_val=0.0,
                         include_boundaries="neither" if strictly_positive else "left")
        except ValueError as error:
            raise ValueError(f"{error}{context}") from None
        if not np.isfinite(value):
            raise ValueError(f"alphas[{i}] == {value}, must be finite.")
    return np.array(entries, dtype=np.float64)
