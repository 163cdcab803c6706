# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Solvers (private): registry, coordinate descent, direct and CG solvers."""
from ._base import BaseSolver, SolverResult
from ._cd import CoordinateDescent, to_kernel_scale
from ._cg import ConjugateGradient
from ._closed_form import SVD, Cholesky
from ._registry import ALIASES, SOLVERS, resolve_solver

__all__ = [
    "ALIASES",
    "SOLVERS",
    "SVD",
    "BaseSolver",
    "Cholesky",
    "ConjugateGradient",
    "CoordinateDescent",
    "SolverResult",
    "resolve_solver",
    "to_kernel_scale",
]
