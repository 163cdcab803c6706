# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Local intersphinx inventories, written from the installed packages.

Why this exists.  ``sphinx.ext.intersphinx`` downloads each project's
``objects.inv`` when the build starts; when the download fails it emits a
warning, and ``sphinx-build -W`` turns that warning into an error.  The docs
must build with ``-W`` both on a machine that reaches only a package index
(no documentation sites) and on CI, which is online.  So every entry of
``intersphinx_mapping`` in ``conf.py`` lists two inventory locations, tried in
order:

1. ``None``: the project's own, downloaded ``objects.inv`` (exact; used
   whenever the site is reachable, e.g. on GitHub's docs job);
2. a file written here, from the *installed* version of the package, that
   maps its public objects to the addresses its documentation site gives
   them.  intersphinx only logs an informational message when the first
   location fails and the second one loads, so an offline build stays
   warning-free and cross-references such as
   :class:`sklearn.linear_model.Lasso` still become links.

The local files only list objects that can be imported from the installed
packages and whose address follows the page naming rule of that project's
API reference (one page per object, named by its full dotted path, which
these projects generate with autosummary), plus the few scikit-learn glossary
terms and user-guide labels that inherited scikit-learn docstrings use.
Objects documented elsewhere (e.g. NumPy's scalar types) are left out rather
than linked to a guessed page.  The docs build with ``nitpicky``, so a new
reference to such an object passes online but fails offline: give it a rule
here.  Nothing here is used when the real inventory downloads.
"""
import builtins
import importlib
import importlib.util
import inspect
import re
import zlib
from pathlib import Path

__all__ = ["write_fallback_inventories"]


# --------------------------------------------------------------------------
# the objects.inv format (version 2): four header lines, then zlib-compressed
# lines "name domain:role priority uri dispname"; "$" in uri stands for name,
# "-" as dispname for name.
# --------------------------------------------------------------------------
def _write_inventory(path, project, version, entries):
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    body = "".join(
        f"{name} {role} 1 {uri} -\n"
        for name, role, uri in sorted(set(entries))
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header.encode() + zlib.compress(body.encode()))


def _public_names(module, private_siblings=False):
    """``__all__``, or else the public names defined in the module itself
    (not those it imports from elsewhere) or, with ``private_siblings``, in a
    private module of the same package (the public module re-exports them)."""
    names = getattr(module, "__all__", None)
    if names is None:
        package = module.__name__.rpartition(".")[0]

        def defined_here(obj):
            where = getattr(obj, "__module__", None) or ""
            return where == module.__name__ or (
                private_siblings and where.startswith(f"{package}._")
            )

        names = [n for n, obj in vars(module).items() if defined_here(obj)]
    return [n for n in names if not n.startswith("_")]


def _role_of(obj):
    if inspect.ismodule(obj):
        return "py:module"
    if inspect.isclass(obj):
        if issubclass(obj, BaseException):
            return "py:exception"
        return "py:class"
    if callable(obj):
        return "py:function"
    return None


def _api_entries(modnames, page_of, *, methods=True, accept=None,
                 private_siblings=()):
    """``(name, role, uri)`` for the classes and functions of ``modnames``.

    ``page_of(fullname)`` gives the page of an object; its anchor is the
    object's full name (autodoc's anchors).  With ``methods``, the methods of
    a class are listed on their class's page (scikit-learn's layout; NumPy
    and SciPy give methods pages of their own, so they are left out there).
    ``accept(fullname, obj)`` may reject objects.
    """
    entries = []
    for modname in modnames:
        try:
            module = importlib.import_module(modname)
        except Exception:  # an optional submodule may fail to import
            continue
        for name in _public_names(module, modname in private_siblings):
            try:
                obj = getattr(module, name)
            except Exception:  # e.g. scikit-learn's experimental estimators
                continue
            role = _role_of(obj)
            if role is None or role == "py:module":
                continue
            fullname = f"{modname}.{name}"
            if accept is not None and not accept(fullname, obj):
                continue
            page = page_of(fullname)
            entries.append((fullname, role, f"{page}#$"))
            if (methods and inspect.isclass(obj)
                    and not issubclass(obj, BaseException)):
                for attr in dir(obj):  # inherited ones too, as autosummary
                    value = getattr(obj, attr, None)
                    if attr.startswith("_") or not callable(value):
                        continue
                    entries.append(
                        (f"{fullname}.{attr}", "py:method", f"{page}#$")
                    )
    return entries


# --------------------------------------------------------------------------
# one rule per project
# --------------------------------------------------------------------------
def _sklearn():
    import sklearn

    submodules = [
        f"sklearn.{name}"
        for name in sklearn.__all__
        if importlib.util.find_spec(f"sklearn.{name}") is not None
        and name not in ("externals", "experimental")
    ]
    submodules += ["sklearn.base", "sklearn.utils", "sklearn.utils.metadata_routing"]
    # API reference: one page per object under modules/generated/, one page
    # per module under api/ (scikit-learn >= 1.5)
    entries = _api_entries(
        ["sklearn", *submodules], lambda full: f"modules/generated/{full}.html",
        # defined in sklearn.utils._metadata_requests, documented here
        private_siblings=("sklearn.utils.metadata_routing",),
    )
    entries += [
        (mod, "py:module", f"api/{mod}.html#module-$") for mod in submodules
    ]
    # Methods our estimators inherit from scikit-learn (score, get_params,
    # set_fit_request, ...) are documented with their scikit-learn docstrings,
    # which refer to its glossary and user guide.  Glossary terms follow a
    # rule (Sphinx's anchor "term-<term>"); the few user-guide labels they use
    # are listed with their pages.
    terms = set()
    for name, role, _ in entries:
        if role not in ("py:class", "py:method", "py:function"):
            continue
        modname, _, attr = name.rpartition(".")
        try:
            owner = importlib.import_module(modname)
        except ImportError:  # a method: the owner is the class
            owner = _resolve(name.rsplit(".", 1)[0])
        doc = inspect.getdoc(getattr(owner, attr, None)) or ""
        for match in re.finditer(r":term:`(?:[^`<]*<)?([^`<>]+)>?`", doc):
            terms.add(match.group(1).strip().lower())
    entries += [
        (term, "std:term", f"glossary.html#term-{_anchor(term)}")
        for term in terms
    ]
    entries += [
        ("metadata_routing", "std:label", "metadata_routing.html#metadata-routing"),
        ("r2_score", "std:label", "modules/model_evaluation.html#r2-score"),
    ]
    return "scikit-learn", sklearn.__version__, entries


def _resolve(dotted):
    """The object at a dotted path ``package.module.Class``."""
    modname, _, attr = dotted.rpartition(".")
    return getattr(importlib.import_module(modname), attr, None)


def _anchor(text):
    """docutils' identifier for ``text`` (lower case, runs of other
    characters than letters and digits replaced by one hyphen)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _numpy():
    import numpy as np

    def accept(fullname, obj):
        # only objects under their own name (np.abs is documented as
        # np.absolute) and not the scalar types (documented together on
        # arrays.scalars.html)
        name = fullname.rsplit(".", 1)[1]
        if getattr(obj, "__name__", None) != name:
            return False
        return not (inspect.isclass(obj) and issubclass(obj, np.generic))

    entries = _api_entries(
        ["numpy", "numpy.linalg"],
        lambda full: f"reference/generated/{full}.html",
        methods=False,
        accept=accept,
    )
    return "NumPy", np.__version__, entries


def _scipy():
    import scipy

    entries = _api_entries(
        ["scipy.sparse", "scipy.sparse.linalg", "scipy.linalg"],
        lambda full: f"reference/generated/{full}.html",
        methods=False,
    )
    return "SciPy", scipy.__version__, entries


def _matplotlib():
    import matplotlib
    import matplotlib.axes
    import matplotlib.figure

    entries = _api_entries(
        ["matplotlib.pyplot"],
        lambda full: f"api/_as_gen/{full}.html",
        methods=False,
        accept=lambda full, obj: inspect.isfunction(obj),
    )
    for full, cls in (("matplotlib.axes.Axes", matplotlib.axes.Axes),
                      ("matplotlib.figure.Figure", matplotlib.figure.Figure)):
        for attr, _ in inspect.getmembers(cls, inspect.isfunction):
            if attr.startswith("_"):
                continue
            # every public Axes method has a page of its own
            if cls is matplotlib.axes.Axes:
                page = f"api/_as_gen/{full}.{attr}.html"
            else:
                page = f"api/_as_gen/{full}.html"
            entries.append((f"{full}.{attr}", "py:method", f"{page}#$"))
    entries.append(
        ("matplotlib.figure.Figure", "py:class",
         "api/_as_gen/matplotlib.figure.Figure.html#$")
    )
    return "Matplotlib", matplotlib.__version__, entries


def _python():
    import sys

    entries = []
    for name, obj in vars(builtins).items():
        if name.startswith("_"):
            continue
        if inspect.isclass(obj) and issubclass(obj, BaseException):
            entries.append((name, "py:exception", "library/exceptions.html#$"))
        elif inspect.isbuiltin(obj):
            entries.append((name, "py:function", "library/functions.html#$"))
    # the built-in types documented in the functions page ...
    for name in ("bool", "bytearray", "complex", "float", "frozenset", "int",
                 "object", "property", "range", "slice", "type"):
        entries.append((name, "py:class", "library/functions.html#$"))
    # ... and those documented with their operations
    for name in ("dict", "list", "set", "str", "tuple", "bytes"):
        entries.append((name, "py:class", "library/stdtypes.html#$"))
    for name in ("None", "True", "False", "NotImplemented", "Ellipsis"):
        entries.append((name, "py:data", "library/constants.html#$"))
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return "Python", version, entries


_RULES = {
    "sklearn": _sklearn,
    "numpy": _numpy,
    "scipy": _scipy,
    "matplotlib": _matplotlib,
    "python": _python,
}


def write_fallback_inventories(directory, names):
    """Write ``<directory>/<name>-objects.inv`` for each of ``names``.

    Returns ``{name: path}``.  Importing the packages' public modules and
    writing the files takes about a second or two.
    """
    directory = Path(directory)
    paths = {}
    for name in names:
        path = directory / f"{name}-objects.inv"
        project, version, entries = _RULES[name]()
        _write_inventory(path, project, version, entries)
        paths[name] = path
    return paths
