# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The capability table and ``resolve_solver``: the one place where the
choice of solver is made and checked against the penalty and the data."""
import numpy as np

from ._cd import CoordinateDescent, to_kernel_scale
from ._cg import ConjugateGradient
from ._closed_form import SVD, Cholesky
from ._least_squares import LeastSquares, is_unpenalized

SOLVERS = {
    "cd": CoordinateDescent,
    "cholesky": Cholesky,
    "svd": SVD,
    "sparse_cg": ConjugateGradient,
}

# scikit-learn's Ridge solver names that we accept for drop-in compatibility,
# mapped to the solver of ours that reaches the same (unique) optimum.
# ``lbfgs`` is scikit-learn's only choice for ``positive=True``; our bounded
# coordinate descent solves that problem.  ``sag``/``saga`` are stochastic
# methods for large n (scikit-learn allows them without bounds only); the
# "auto" choice serves large n better: the Cholesky route on the p x p Gram
# matrix (one pass over X, then exact) or, for sparse X with many features,
# conjugate gradient.  Coordinate descent stopped at the same tol was up to
# twice as far from the optimum in coefficients as scikit-learn's sag, and
# does not give the minimum-norm solution of a singular problem (alpha=0).
ALIASES = {"lsqr": "sparse_cg", "lbfgs": "cd", "sag": "auto", "saga": "auto"}

# Above this many features the p x p Gram matrix of a sparse X is not formed
# automatically; conjugate gradient works with X alone.
SPARSE_GRAM_MAX_FEATURES = 2000


def _penalty_traits(penalty, problem):
    """``(has_l1, constraint, weights)``: whether some target has an L1 part,
    the name of its coefficient constraint (None when unconstrained), and
    each target's kernel-scale ``(l1, l2)``."""
    penalties = penalty if isinstance(penalty, (list, tuple)) else [penalty]
    weights = [to_kernel_scale(p, problem) for p in penalties]
    has_l1 = any(np.any(l1 > 0) for l1, _ in weights)
    constraint = None
    if any(p.positive for p in penalties):
        constraint = "positive=True"
    elif any(p.has_bounds(problem.n_features) for p in penalties):
        constraint = "bounds on the coefficients"
    return has_l1, constraint, weights


def resolve_solver(name, penalty, problem, **options):
    """Pick and configure the solver for ``penalty`` on ``problem``.

    Parameters
    ----------
    name : str
        ``"auto"``, a key of ``SOLVERS`` or an alias of ``ALIASES``.
    penalty : BasePenalty or list of BasePenalty (one per target)
    problem : Problem
    **options
        Solver settings (``max_iter``, ``tol``, ...); each solver takes the
        ones it knows.

    Returns
    -------
    solver : BaseSolver instance

    Raises
    ------
    ValueError
        When the named solver cannot handle the penalty (an L1 part, a sign
        constraint or other bounds) or the data; the message lists the
        solvers that can.
    """
    # positive=True is a box constraint (lower = 0): one capability covers both
    has_l1, positive, weights = _penalty_traits(penalty, problem)
    name = ALIASES.get(name, name)
    if name == "auto":
        if has_l1 or positive:
            name = "cd"
        elif problem.is_sparse and problem.n_features > SPARSE_GRAM_MAX_FEATURES:
            name = "sparse_cg"
        else:
            name = "cholesky"
    if name == "cd" and not positive and is_unpenalized(
            weights, getattr(problem, "excluded", None)):
        # no penalty and no constraint: least squares, solved exactly (CD
        # would stop far from it, see _least_squares)
        return LeastSquares()
    cls = SOLVERS[name]

    capable = [
        key for key, c in SOLVERS.items()
        if (c.supports_l1 or not has_l1)
        and (c.supports_positive or not positive)
        and (c.supports_sparse or not problem.is_sparse)
    ]
    if name not in capable:
        needs = []
        if has_l1:
            needs.append("an L1 penalty")
        if positive:
            needs.append(positive)
        if problem.is_sparse:
            needs.append("sparse input")
        raise ValueError(
            f"solver={name!r} does not support {' with '.join(needs)}; "
            f"use one of {capable}."
        )
    accepted = {
        "cd": ("max_iter", "tol", "selection", "random_state", "gram",
               "gap_target_ratio"),
        "sparse_cg": ("max_iter", "tol"),
    }.get(name, ())
    return cls(**{k: v for k, v in options.items() if k in accepted and v is not None})
