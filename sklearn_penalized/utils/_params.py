# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""``get_params`` without re-reading ``__init__``'s signature on every call."""


class CachedParamNamesMixin:
    """Cache, per class, the parameter names scikit-learn's ``BaseEstimator``
    reads from the signature of ``__init__``.

    ``BaseEstimator._get_param_names`` calls ``inspect.signature`` each time
    (~25 microseconds); ``get_params`` runs it in every ``fit`` (parameter
    validation) and several times per ``clone``, so a grid search over a
    small table spent as much there as in the solver.  A class's signature
    does not change, so the names are read once (by scikit-learn's own
    method, with its checks) and kept on that class itself: a subclass with
    another ``__init__`` has its own entry.  Put this mixin before
    ``BaseEstimator`` in the bases.
    """

    @classmethod
    def _get_param_names(cls):
        names = cls.__dict__.get("_param_names_of_init")
        if names is None:
            names = tuple(super()._get_param_names())
            cls._param_names_of_init = names
        return list(names)
