# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Collect scikit-learn's own linear-model tests against sklearn_penalized.

Each ``test_*.py`` file of this directory is a placeholder named after a test
file of ``sklearn/linear_model/tests/``. When pytest collects it, the hook
below reads *that* file from the installed scikit-learn instead (see
``_port.py``: imports of our names rewritten to ``sklearn_penalized``), so
the tests follow the installed scikit-learn version and no scikit-learn text
lives in this repository. Then:

* tests that never reach one of our names (tests of scikit-learn's own
  estimators or private helpers) are deselected;
* the adaptations of ``expectations.py`` are applied to the syntax tree
  (e.g. an error-message pattern relaxed where only the wording differs);
* the strict expected failures of ``expectations.py`` are marked, each with
  its reason: intended differences (documented in docs/differences.rst) and
  defects being fixed elsewhere.

A placeholder whose scikit-learn file is absent from the installed version
is skipped with that reason.
"""
import importlib.util
import re
import sys
from pathlib import Path

import numpy as np
import pytest


def _load_sibling(name):
    # Imported by path: under --import-mode=importlib this directory is not
    # a package and is not on sys.path.
    path = Path(__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"_sklearn_port_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_port = _load_sibling("_port")
expectations = _load_sibling("expectations")


def _pattern(glob):
    """A test-id glob (``*`` only; brackets are literal) as a compiled regex."""
    return re.compile(".*".join(map(re.escape, glob.split("*"))) + r"\Z")


def _applies(entry):
    low, high = entry.get("sklearn", (None, None))
    version = _port.sklearn_version()
    return (low is None or version >= low) and (high is None or version <= high)


def _assertion_rewriter(config):
    try:
        from _pytest.assertion.rewrite import rewrite_asserts
    except ImportError:  # pragma: no cover - plain asserts still fail
        return None
    return lambda tree, source, path: rewrite_asserts(tree, source, str(path), config)


class PortedModule(pytest.Module):
    """A test module built from scikit-learn's file of the same name."""

    def _getobj(self):
        source = _port.sklearn_test_file(self.path.name)
        if source is None:
            import sklearn

            pytest.skip(f"scikit-learn {sklearn.__version__} ships no "
                        f"linear_model/tests/{self.path.name}", allow_module_level=True)
        self.port = _port.build_module(
            source, f"_sklearn_ported.{self.path.stem}",
            transform=lambda tree: _adapt(self.path.name, tree),
            assertion_rewriter=_assertion_rewriter(self.config))
        _COLLECTED_FILES.add(self.path.name)
        return self.port.module

    def collect(self):
        collected = list(super().collect())
        used = self.port.usage
        for item in collected:
            name = getattr(item, "originalname", item.name)
            params = getattr(getattr(item, "callspec", None), "params", {})
            item.stash[_EXERCISES_OURS] = _port.exercises_ours(name, params, used)
            if item.stash[_EXERCISES_OURS]:
                _mark_expected(self.path.name, item)
                _warning_policy(item)
        return collected


def _warning_policy(item):
    """scikit-learn's test settings, not ours (pyproject.toml makes every
    RuntimeWarning an error): a floating-point RuntimeWarning (overflow,
    division by zero) is an error only when our code triggers it, and the
    warnings that code issues on purpose (LinAlgWarning for a singular
    system) are shown, as in scikit-learn's own runs.  Prepended, so that
    the test's own filterwarnings marks take precedence (pytest applies the
    item's marks in order, the later winning)."""
    for spec in ("default::scipy.linalg.LinAlgWarning",
                 "error::RuntimeWarning:sklearn_penalized",
                 "default::RuntimeWarning"):
        item.add_marker(pytest.mark.filterwarnings(spec), append=False)


#: Set on every ported item: whether it reaches one of our names.
_EXERCISES_OURS = pytest.StashKey[bool]()


def pytest_collection_modifyitems(config, items):
    """Deselect the ported tests that only exercise scikit-learn's own code."""
    kept = [item for item in items if item.stash.get(_EXERCISES_OURS, True)]
    if len(kept) < len(items):
        config.hook.pytest_deselected(
            items=[item for item in items if not item.stash.get(_EXERCISES_OURS, True)])
        items[:] = kept


#: (table name, index) of the entries of expectations.py that matched.
_USED = set()
#: The placeholder files whose scikit-learn file was ported in this session.
_COLLECTED_FILES = set()
_TABLES = ("DIFFERENCES", "PENDING", "OLDER")


def _adapt(filename, tree):
    for i, entry in enumerate(expectations.ADAPTATIONS):
        file, _, function = entry["test"].partition("::")
        if file == filename and _applies(entry) and _port.adapt(
                tree, function, entry["old"], entry["new"]):
            _USED.add(("ADAPTATIONS", i))
    return tree


def _mark_expected(filename, item):
    """The first matching entry of DIFFERENCES or PENDING, as a strict xfail."""
    test_id = f"{filename}::{item.name}"
    for table in _TABLES:
        for i, entry in enumerate(getattr(expectations, table)):
            if not _applies(entry):
                continue
            for glob in entry["tests"]:
                if not _pattern(glob).match(test_id):
                    continue
                _USED.add((table, i, glob))
                owner = f" [{entry['owner']}]" if "owner" in entry else ""
                item.add_marker(pytest.mark.xfail(
                    reason=f"{entry['reason']}{owner}", strict=True))
                return


def pytest_terminal_summary(terminalreporter):
    """List the entries of expectations.py that matched no test of the ported
    files: stale for this scikit-learn version (the lead removes them)."""
    stale = []
    for i, entry in enumerate(expectations.ADAPTATIONS):
        if (entry["test"].split("::")[0] in _COLLECTED_FILES and _applies(entry)
                and ("ADAPTATIONS", i) not in _USED):
            stale.append(f"ADAPTATIONS: {entry['test']}")
    for table in _TABLES:
        for i, entry in enumerate(getattr(expectations, table)):
            stale.extend(
                f"{table}: {glob}" for glob in entry["tests"]
                if glob.split("::")[0] in _COLLECTED_FILES and _applies(entry)
                and (table, i, glob) not in _USED)
    if stale:
        terminalreporter.write_sep("-", "sklearn_port: entries that matched nothing")
        for line in stale:
            terminalreporter.write_line(line)


#: The placeholders: scikit-learn's test files that exercise what we replace.
#: sklearn/linear_model/tests/test_base.py is not among them: it tests
#: LinearRegression and private helpers only, none of our names.
PORTED = ("test_coordinate_descent.py", "test_sparse_coordinate_descent.py",
          "test_ridge.py", "test_common.py")


def pytest_pycollect_makemodule(module_path, parent):
    if module_path.parent == Path(__file__).parent and module_path.name in PORTED:
        return PortedModule.from_parent(parent, path=module_path)
    return None


@pytest.fixture(params=[np.float32, np.float64])
def global_dtype(request):
    """scikit-learn's fixture of that name (some versions' tests request it)."""
    return request.param


def pytest_configure(config):
    # Markers that scikit-learn's tests use (registered by its own conftest).
    for marker in ("thread_unsafe: a test not safe to run in parallel threads",
                   "parallel_threads(n): run the test in n threads",
                   "iterations(n): run the test n times"):
        config.addinivalue_line("markers", marker)


@pytest.fixture
def port_tools():
    """The generator module (_port.py), for test_port_generator.py."""
    return _port
