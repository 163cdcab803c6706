# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""L1/L2 penalized linear models with solvers of their own.

Drop-in replacements for :class:`sklearn.linear_model.Lasso`,
:class:`~sklearn.linear_model.ElasticNet` and
:class:`~sklearn.linear_model.Ridge`, plus the penalty objects of
:mod:`sklearn_penalized.penalties`.
"""
from importlib.metadata import PackageNotFoundError, version

from . import penalties
from ._adaptive import AdaptiveLasso
from ._cv import ElasticNetCV, LassoCV
from ._elastic_net import ElasticNet
from ._lasso import Lasso
from ._path import enet_path, lasso_path
from ._penalized import PenalizedRegressor
from ._relaxed import RelaxedLasso, RelaxedLassoCV
from ._ridge import Ridge
from ._ridge_cv import RidgeCV

try:
    __version__ = version("sklearn-penalized")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = [
    "AdaptiveLasso",
    "ElasticNet",
    "ElasticNetCV",
    "Lasso",
    "LassoCV",
    "PenalizedRegressor",
    "RelaxedLasso",
    "RelaxedLassoCV",
    "Ridge",
    "RidgeCV",
    "enet_path",
    "lasso_path",
    "penalties",
    "__version__",
]
