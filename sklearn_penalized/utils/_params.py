# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""``get_params`` and parameter validation without re-deriving, at every
call, what a class's signature and constraints already fix."""
from ._sklearn_compat import make_constraint, validate_parameter_constraints


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

    def _validate_params(self):
        """scikit-learn's parameter validation, with the constraint objects
        made once per class.

        ``validate_parameter_constraints`` rebuilds every constraint object
        (``make_constraint``) at every call: ~30 of its ~80 microseconds per
        ``fit`` of a Lasso (14 parameters), on a machine where a fit on a
        fold of diabetes takes ~0.6 ms.  Here they are made
        once per class (again if the class's ``_parameter_constraints`` is
        replaced) and checked as scikit-learn checks them; a value that
        satisfies none is handed to scikit-learn's own function, which
        raises its usual ``InvalidParameterError``.
        """
        cls = type(self)
        constraints = self._parameter_constraints
        cached = cls.__dict__.get("_made_constraints")
        if cached is None or cached[0] is not constraints:
            made = {name: [make_constraint(c) for c in options]
                    for name, options in constraints.items() if options != "no_validation"}
            cached = (constraints, made)
            cls._made_constraints = cached
        made = cached[1]
        params = self.get_params(deep=False)
        for name, value in params.items():
            options = made.get(name)
            if options is not None and not any(c.is_satisfied_by(value) for c in options):
                validate_parameter_constraints(constraints, params, caller_name=cls.__name__)
