# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Turn one of scikit-learn's installed test files into a test module of ours.

scikit-learn's wheel ships its tests. This module reads one of them from the
installed package (never from a copy in this repository: the text is
scikit-learn's), rewrites its imports with :mod:`ast` so that every name that
``sklearn_penalized`` exports under scikit-learn's name (``Lasso``,
``lasso_path``, ``RidgeCV``, ...) comes from ``sklearn_penalized``, and
executes the result as a module object that pytest then collects. Every
other name (``MultiTaskLasso``, ``LinearRegression``, private helpers such as
``_cd_fast``) keeps coming from scikit-learn.

It also works out, from the syntax tree, which tests exercise one of our names
at all (directly, through a module-level helper, fixture or constant, or
through a parametrization), so that tests of scikit-learn's own estimators
are not run again here.

Pure functions of the source text; pytest enters only in conftest.py.
"""
import ast
import copy
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

import sklearn
import sklearn.linear_model

import sklearn_penalized

#: The package whose names replace scikit-learn's.
OURS = "sklearn_penalized"


def replaced_names():
    """Names exported by both ``sklearn.linear_model`` and ``sklearn_penalized``."""
    return frozenset(
        name for name in sklearn_penalized.__all__
        if not name.startswith("_") and hasattr(sklearn.linear_model, name)
    )


def sklearn_test_file(name):
    """Path of ``sklearn/linear_model/tests/<name>`` in the installed scikit-learn.

    None when this scikit-learn version does not ship that file.
    """
    path = Path(sklearn.__file__).parent / "linear_model" / "tests" / name
    return path if path.is_file() else None


def _is_linear_model(module):
    return module is not None and (
        module == "sklearn.linear_model" or module.startswith("sklearn.linear_model.")
    )


class _ImportRewriter(ast.NodeTransformer):
    """Point the imports (and attribute uses) of our names at sklearn_penalized.

    ``from sklearn.linear_model[._private] import Lasso, LinearRegression`` becomes
    ``from sklearn_penalized import Lasso`` plus
    ``from sklearn.linear_model import LinearRegression``, at the same line
    number (tracebacks keep pointing at the right line of scikit-learn's file).
    ``linear_model.Lasso`` after ``from sklearn import linear_model`` (or
    ``import sklearn.linear_model as lm``) becomes ``sklearn_penalized.Lasso``.
    """

    def __init__(self, names):
        self.names = names
        self.module_aliases = set()  # local names bound to sklearn.linear_model
        self.rewritten = set()  # local names now bound to our objects
        self.needs_package = False

    def visit_ImportFrom(self, node):
        if node.level == 0 and node.module == "sklearn":
            for alias in node.names:
                if alias.name == "linear_model":
                    self.module_aliases.add(alias.asname or alias.name)
            return node
        if node.level != 0 or not _is_linear_model(node.module):
            return node
        ours = [a for a in node.names if a.name in self.names]
        if not ours:
            return node
        theirs = [a for a in node.names if a.name not in self.names]
        self.rewritten.update(a.asname or a.name for a in ours)
        new = [ast.copy_location(ast.ImportFrom(module=OURS, names=ours, level=0), node)]
        if theirs:
            new.append(ast.copy_location(
                ast.ImportFrom(module=node.module, names=theirs, level=0), node))
        return new

    def visit_Import(self, node):
        for alias in node.names:
            if alias.name == "sklearn.linear_model" and alias.asname:
                self.module_aliases.add(alias.asname)
        return node

    def visit_Attribute(self, node):
        self.generic_visit(node)
        value = node.value
        via_alias = isinstance(value, ast.Name) and value.id in self.module_aliases
        # sklearn.linear_model.Lasso, after `import sklearn.linear_model`
        via_dotted = (isinstance(value, ast.Attribute) and value.attr == "linear_model"
                      and isinstance(value.value, ast.Name) and value.value.id == "sklearn")
        if node.attr in self.names and (via_alias or via_dotted):
            self.needs_package = True
            self.rewritten.add(OURS)  # the name the rewritten code now uses
            return ast.copy_location(
                ast.Attribute(value=ast.Name(id=OURS, ctx=ast.Load()),
                              attr=node.attr, ctx=node.ctx), node)
        return node


def rewrite_imports(tree, names):
    """Return (rewritten tree, local names now bound to our objects)."""
    tree = copy.deepcopy(tree)
    rewriter = _ImportRewriter(names)
    tree = rewriter.visit(tree)
    if rewriter.needs_package:
        tree.body.insert(0, ast.Import(names=[ast.alias(name=OURS)]))
    ast.fix_missing_locations(tree)
    return tree, frozenset(rewriter.rewritten)


def _normalized(source, mode):
    return ast.unparse(ast.parse(source.strip(), mode=mode))


class _Replace(ast.NodeTransformer):
    """Replace, inside one function, every statement or expression whose
    source (as ``ast.unparse`` writes it) is ``old`` by ``new``."""

    def __init__(self, old, new):
        self.old_stmt = _normalized(old, "exec")
        self.new_stmts = ast.parse(new.strip()).body
        try:
            self.old_expr = _normalized(old, "eval")
            self.new_expr = ast.parse(new.strip(), mode="eval").body
        except SyntaxError:  # a statement, not an expression
            self.old_expr = self.new_expr = None
        self.count = 0

    def _located(self, nodes, where):
        nodes = copy.deepcopy(nodes)
        for node in nodes:
            for sub in ast.walk(node):  # tracebacks point at the replaced line
                if "lineno" in sub._attributes:
                    sub.lineno, sub.end_lineno = where.lineno, where.end_lineno
                    sub.col_offset, sub.end_col_offset = 0, 0
        return nodes

    def visit(self, node):
        if isinstance(node, ast.stmt) and ast.unparse(node) == self.old_stmt:
            self.count += 1
            return self._located(self.new_stmts, node)
        if (isinstance(node, ast.expr) and self.old_expr is not None
                and ast.unparse(node) == self.old_expr):
            self.count += 1
            return self._located([self.new_expr], node)[0]
        return self.generic_visit(node)


def adapt(tree, function, old, new):
    """Rewrite ``old`` (a statement or expression, as source) into ``new``
    in the module-level function ``function``; returns the number of
    replacements (0 when this version of the file no longer has ``old``:
    the test then runs unadapted and fails loudly if it still needs it)."""
    count = 0
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                and node.name == function:
            replacer = _Replace(old, new)
            node.body = [n for stmt in node.body
                         for n in _as_list(replacer.visit(stmt))]
            count += replacer.count
    ast.fix_missing_locations(tree)
    return count


def _as_list(result):
    return result if isinstance(result, list) else [result]


@dataclass
class Usage:
    """Which test functions exercise one of the rewritten names.

    ``body``: tests whose own code (body, requested fixtures, helpers they
    call, module constants they read) reaches one of our names: all their
    parametrizations are kept. ``params_only``: tests that reach our names
    only through their decorators (a parametrization over estimators):
    only the parametrizations whose values include one of our objects are kept.
    """

    body: set = field(default_factory=set)
    params_only: set = field(default_factory=set)


def _loaded_names(nodes):
    names = set()
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name):
                names.add(sub.id)
    return names


def _arguments(func):
    args = func.args
    return {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}


def _top_level_definitions(tree):
    """name -> (body nodes, decorator nodes, argument names) of module-level defs."""
    defs = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            defs[node.name] = (node.body + [node.args], node.decorator_list,
                               _arguments(node))
        elif isinstance(node, ast.ClassDef):
            defs[node.name] = (node.body + node.bases + node.keywords,
                               node.decorator_list, set())
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Name):
                        body, _, _ = defs.get(sub.id, ([], [], set()))
                        defs[sub.id] = (body + [node.value] if node.value else body,
                                        [], set())
    return defs


def usage(tree, ours):
    """Classify the module's tests by whether they reach a name in ``ours``."""
    defs = _top_level_definitions(tree)
    # Everything a definition refers to: names in its body and decorators, and
    # its arguments (for a fixture or a test, the fixtures it requests).
    refs = {name: _loaded_names(body + decos) | args
            for name, (body, decos, args) in defs.items()}
    tainted = set(ours)
    changed = True
    while changed:  # fixed point over helpers, fixtures, constants
        changed = False
        for name, names in refs.items():
            if name not in tainted and names & tainted:
                tainted.add(name)
                changed = True
    result = Usage()
    for name, (body, decos, args) in defs.items():
        if not name.startswith("test"):
            continue
        if (_loaded_names(body) | args) & tainted:
            result.body.add(name)
        elif _loaded_names(decos) & tainted:
            result.params_only.add(name)
    return result


def involves_ours(value, _depth=0):
    """Whether a parameter value is, or contains, one of our classes, functions
    or estimators (a class, an instance, or either inside a tuple, list, dict,
    or ``functools.partial``)."""
    if _depth > 4:
        return False
    module = getattr(value, "__module__", None) or ""
    if module.split(".")[0] == OURS:
        return True
    if type(value).__module__.split(".")[0] == OURS:
        return True
    if isinstance(value, (tuple, list, set, frozenset)):
        return any(involves_ours(v, _depth + 1) for v in value)
    if isinstance(value, dict):
        return any(involves_ours(v, _depth + 1) for v in value.values())
    func = getattr(value, "func", None)  # functools.partial
    return func is not None and involves_ours(func, _depth + 1)


def _is_sklearn_estimator(value):
    """A scikit-learn estimator class or instance (not one of ours)."""
    from sklearn.base import BaseEstimator

    cls = value if isinstance(value, type) else type(value)
    return (isinstance(cls, type) and issubclass(cls, BaseEstimator)
            and cls.__module__.split(".")[0] == "sklearn")


def exercises_ours(name, params, used):
    """Whether one collected test (function ``name``, parametrization ``params``,
    a dict) exercises our code, given the module's :class:`Usage`.

    A parametrization that picks one of scikit-learn's own estimators (say
    ``MultiTaskLassoCV`` or ``RidgeClassifierCV`` in a list that also holds
    ``LassoCV`` or ``RidgeCV``) and none of ours tests scikit-learn only, even
    when the test's body also names one of ours (in a branch for it).
    """
    values = list(params.values())
    if involves_ours(values):
        return name in used.body or name in used.params_only
    if any(_is_sklearn_estimator(v) for v in _flatten(values)):
        return False
    return name in used.body


def _flatten(values, _depth=0):
    for value in values:
        if isinstance(value, (tuple, list)) and _depth < 3:
            yield from _flatten(value, _depth + 1)
        elif isinstance(value, dict) and _depth < 3:
            yield from _flatten(list(value.values()), _depth + 1)
        else:
            yield value


@dataclass
class Port:
    """One scikit-learn test file, rewritten: the module to collect and its facts."""

    source_path: Path
    module: types.ModuleType
    usage: Usage
    rewritten: frozenset


def build_module(source_path, module_name, transform=None, assertion_rewriter=None):
    """Read, rewrite and execute one scikit-learn test file.

    Parameters
    ----------
    source_path : Path
        The installed scikit-learn test file.
    module_name : str
        Name of the new module in ``sys.modules`` (pickling and joblib find
        functions defined in it by that name).
    transform : callable, optional
        ``transform(tree) -> tree`` applied after the import rewrite (the
        adaptations of conftest.py).
    assertion_rewriter : callable, optional
        ``assertion_rewriter(tree, source_bytes, path)``, pytest's assert
        rewriting, so that failures show the compared values.

    Returns
    -------
    Port
    """
    source = source_path.read_bytes()
    tree = ast.parse(source, filename=str(source_path))
    tree, rewritten = rewrite_imports(tree, replaced_names())
    if transform is not None:
        tree = transform(tree)
    found = usage(tree, rewritten)
    if assertion_rewriter is not None:
        assertion_rewriter(tree, source, source_path)
    # Compiled under scikit-learn's file name: tracebacks show its lines.
    code = compile(tree, str(source_path), "exec", dont_inherit=True)
    module = types.ModuleType(module_name, f"{source_path.name}, ported to {OURS}.")
    module.__file__ = str(source_path)
    sys.modules[module_name] = module
    try:
        exec(code, module.__dict__)
    except BaseException:
        del sys.modules[module_name]
        raise
    return Port(source_path, module, found, rewritten)


def sklearn_version():
    """scikit-learn's version as a tuple of ints (major, minor)."""
    major, minor = sklearn.__version__.split(".")[:2]
    return int(major), int("".join(c for c in minor if c.isdigit()) or 0)


__all__ = ["Port", "adapt", "build_module", "exercises_ours", "involves_ours", "replaced_names",
           "rewrite_imports", "sklearn_test_file", "sklearn_version", "usage"]
