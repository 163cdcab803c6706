# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""numpydoc validation of every public docstring, one test per object.

The public API is found, not listed: the names in ``__all__`` of every
public module (a module of the package none of whose dotted parts starts
with ``_``, except the packages declared private in ``PRIVATE_MODULES``),
and, for each public class, every public method, classmethod and property
whose code belongs to this package.  "Belongs" means the function's
``__module__`` is ``sklearn_penalized`` or one of its submodules: methods we
define (also in a private base class such as ``_BasePenalizedRegressor.fit``,
and overrides of scikit-learn's methods such as ``get_metadata_routing``)
are validated under the public class's name; methods inherited unchanged from
scikit-learn (``score``, ``get_params``, ``set_params``, the generated
``set_*_request``), whose docstrings are scikit-learn's, are not.

A test fails with the list of numpydoc error codes and messages that are not
ignored below.  Also run as Sphinx would: every public docstring is rendered
by Sphinx with numpydoc, warnings being errors and cross-references checked
(``test_docstrings_render_in_sphinx_without_warnings``).
"""
import importlib
import inspect
import os
import pkgutil
import subprocess
import sys
import textwrap

import pytest
from numpydoc.validate import validate

import sklearn_penalized

# numpydoc's checks that are not enforced anywhere, with the reason.
IGNORED_EVERYWHERE = {
    # The summary starts on the line of the opening quotes (PEP 257); older
    # numpydoc releases (1.6, the oldest we support) report that as GL01,
    # recent ones (1.11) accept it.
    "GL01": "summary on the line of the opening quotes (PEP 257 style)",
    # Returned values are named ("self : object", "display : CVCurveDisplay")
    # as in scikit-learn, so that the description can refer to them.
    "RT02": "named return values, as scikit-learn writes them",
}

# Checks enforced for classes and functions (the pages a reader lands on)
# but not for their methods and properties, which are read on the class's
# page, under its summary, See Also and Examples.
CLASS_AND_FUNCTION_ONLY = {
    "ES01": "a method's extended summary is optional",
    "SA01": "See Also is written once, on the class",
    "EX01": "the class's Examples show its methods in use",
}

PUBLIC_MODULES = [
    "sklearn_penalized",
    "sklearn_penalized.penalties",
    "sklearn_penalized.plotting",
]
# Subpackages without a leading underscore that are nevertheless private:
# their module docstrings say so, nothing re-exports them, and they are not
# in the API reference.
PRIVATE_MODULES = {
    "sklearn_penalized.solvers": "the solvers' internals (docstring: private)",
    "sklearn_penalized.utils": "private utilities (docstring: private)",
}


def _is_ours(obj):
    module = getattr(obj, "__module__", None) or ""
    return module == "sklearn_penalized" or module.startswith("sklearn_penalized.")


def _underlying_function(attribute):
    """The function behind a class attribute found with getattr_static."""
    if isinstance(attribute, property):
        return attribute.fget
    if isinstance(attribute, (classmethod, staticmethod)):
        return attribute.__func__
    return attribute


def public_members(cls):
    """Public methods/classmethods/properties of ``cls`` defined in this package."""
    members = []
    for name in sorted(dir(cls)):
        if name.startswith("_"):
            continue
        function = _underlying_function(inspect.getattr_static(cls, name))
        if (inspect.isfunction(function) or isinstance(function, property)) and _is_ours(
            function
        ):
            members.append(name)
    return members


def public_objects():
    """``[(dotted public name, kind)]``, kind "class"/"function"/"member"."""
    objects = []
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.ismodule(obj) or not callable(obj):
                continue  # a public module (validated as one) or __version__
            qualified = f"{module_name}.{name}"
            if inspect.isclass(obj):
                objects.append((qualified, "class"))
                objects.extend(
                    (f"{qualified}.{member}", "member")
                    for member in public_members(obj)
                )
            else:
                objects.append((qualified, "function"))
    return objects


PUBLIC_OBJECTS = public_objects()


def test_public_modules_are_all_classified():
    """A new module without a leading underscore must be declared public
    (validated here) or private, so that none escapes the checks."""
    found = {sklearn_penalized.__name__}
    for info in pkgutil.walk_packages(
        sklearn_penalized.__path__, prefix="sklearn_penalized."
    ):
        parts = info.name.split(".")[1:]
        if not any(part.startswith("_") for part in parts):
            found.add(info.name)
    assert found == set(PUBLIC_MODULES) | set(PRIVATE_MODULES)
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        assert hasattr(module, "__all__"), f"{module_name} has no __all__"


def test_the_api_is_found():
    """Guards the discovery itself: the estimators, their fit/predict, the
    inherited scikit-learn methods left out."""
    names = {name for name, _ in PUBLIC_OBJECTS}
    kinds = dict(PUBLIC_OBJECTS)
    for expected in (
        "sklearn_penalized.Lasso",
        "sklearn_penalized.Lasso.fit",
        "sklearn_penalized.Lasso.partial_fit",
        "sklearn_penalized.Lasso.sparse_coef_",
        "sklearn_penalized.Lasso.score",  # ours: scikit-learn's R^2, computed directly
        "sklearn_penalized.LassoCV.get_metadata_routing",
        "sklearn_penalized.lasso_path",
        "sklearn_penalized.penalties.L1.prox",
        "sklearn_penalized.plotting.CVCurveDisplay.from_estimator",
    ):
        assert expected in names
    for inherited in ("get_params", "set_params", "set_fit_request"):
        assert f"sklearn_penalized.Lasso.{inherited}" not in names
    assert kinds["sklearn_penalized.lasso_path"] == "function"
    assert kinds["sklearn_penalized.Ridge"] == "class"


def enforced_errors(name, kind):
    """numpydoc's ``(code, message)`` pairs for ``name`` that are enforced."""
    ignored = set(IGNORED_EVERYWHERE)
    if kind == "member":
        ignored |= set(CLASS_AND_FUNCTION_ONLY)
    return [
        (code, message)
        for code, message in validate(name)["errors"]
        if code not in ignored
    ]


@pytest.mark.parametrize(
    "name, kind", PUBLIC_OBJECTS, ids=[name for name, _ in PUBLIC_OBJECTS]
)
def test_numpydoc_validation(name, kind):
    errors = enforced_errors(name, kind)
    listing = "\n".join(f"  {code}: {message}" for code, message in errors)
    assert not errors, f"{name} docstring:\n{listing}"


def test_validation_can_fail():
    """The checks bite: a docstring missing its Parameters and Examples
    sections is reported (run on a throwaway function of this module)."""
    errors = {code for code, _ in enforced_errors(f"{__name__}._undocumented", "function")}
    assert {"PR01", "EX01", "RT01"} <= errors


def _undocumented(x):
    """Return x unchanged."""
    return x


# --------------------------------------------------------------------------
# Rendering by Sphinx + numpydoc, warnings as errors.
# --------------------------------------------------------------------------
SPHINX_CONF = '''
extensions = ["sphinx.ext.autodoc", "sphinx.ext.mathjax", "numpydoc"]
numpydoc_show_class_members = False
nitpicky = True
# Only this package's own cross-references are checked: the others resolve
# through intersphinx in the real documentation, which needs the network.
nitpick_ignore_regex = [
    (r"py:.*", r"(sklearn|numpy|np|scipy|matplotlib|joblib|dask)(\\..*)?"),
]
'''


def _sphinx_index():
    """An rst page documenting every public module and object once."""
    lines = ["API", "===", ""]
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        lines += [f".. automodule:: {module_name}", "   :no-members:", ""]
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.ismodule(obj) or not callable(obj):
                continue
            qualified = f"{module_name}.{name}"
            if inspect.isclass(obj):
                members = public_members(obj)
                lines.append(f".. autoclass:: {qualified}")
                if members:
                    lines.append(f"   :members: {', '.join(members)}")
            else:
                lines.append(f".. autofunction:: {qualified}")
            lines.append("")
        lines.append(f".. currentmodule:: {PUBLIC_MODULES[0]}")
        lines.append("")
    return "\n".join(lines)


def test_docstrings_render_in_sphinx_without_warnings(tmp_path):
    """Every public docstring through Sphinx's autodoc and numpydoc with
    ``-W --keep-going``: RST errors, unknown sections, unresolvable See Also
    entries and references to this package's objects all fail.  (Sphinx
    comes with numpydoc, which depends on it.)"""
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text(textwrap.dedent(SPHINX_CONF))
    (source / "index.rst").write_text(_sphinx_index())
    env = {**os.environ, "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "dummy",
         str(source), str(tmp_path / "build")],
        capture_output=True, text=True, cwd=tmp_path, env=env, check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
