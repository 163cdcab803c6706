# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The examples of the docstrings and of README.md run and print what they say.

Docstrings: every module of the package is imported (the private ones too:
the public classes and functions are defined there) and searched with
:class:`doctest.DocTestFinder`, which collects the docstrings of the module,
its classes, their methods and properties, and its functions.  Each docstring
with examples is one test, named after the object (``sklearn_penalized.
_lasso.Lasso``), run with scikit-learn's doctest flags ``NORMALIZE_WHITESPACE``
and ``ELLIPSIS``; a failure shows doctest's report (expected and got).
matplotlib draws on the non-interactive Agg backend (no window can open) and
every figure is closed after each test.

README.md: its ```` ```python ```` blocks are run as they are, not rewritten
in doctest form, so that they stay copy-pasteable and read on GitHub like the
code a user writes.  They form one tour (the first block makes ``X``, ``y``
that the later ones use), so they run in order in one namespace, each
compiled with README.md's own line numbers so that a traceback points at the
failing line; what they state is checked by their ``assert`` lines.  The
shell blocks (```` ```bash ````) are not run here.
"""
import doctest
import importlib
import inspect
import pkgutil
import re
import warnings
from pathlib import Path

import pytest

import sklearn_penalized

README = Path(__file__).resolve().parents[1] / "README.md"
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
PUBLIC_MODULES = [
    "sklearn_penalized",
    "sklearn_penalized.penalties",
    "sklearn_penalized.plotting",
]


def _all_modules():
    names = [sklearn_penalized.__name__] + [
        info.name
        for info in pkgutil.walk_packages(
            sklearn_penalized.__path__, prefix="sklearn_penalized."
        )
    ]
    return [importlib.import_module(name) for name in sorted(names)]


def _collect():
    finder = doctest.DocTestFinder(exclude_empty=True)
    tests = {}
    for module in _all_modules():
        for test in finder.find(module):
            if test.examples:
                tests[test.name] = test
    return [tests[name] for name in sorted(tests)]


DOCTESTS = _collect()


def _use_agg():
    try:
        import matplotlib
    except ImportError:  # only the plotting examples need it, and say so
        return
    matplotlib.use("Agg", force=True)


def _close_figures():
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def run_doctest(test):
    """Run one DocTest; return ``(failed, attempted, report)``."""
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report = []
    _use_agg()
    try:
        runner.run(test, out=report.append)
    finally:
        _close_figures()
    failed, attempted = runner.summarize(verbose=False)
    return failed, attempted, "".join(report)


@pytest.mark.parametrize("test", DOCTESTS, ids=[t.name for t in DOCTESTS])
def test_docstring_examples(test):
    failed, attempted, report = run_doctest(test)
    assert attempted == len(test.examples)
    if failed:
        pytest.fail(f"{failed} of {attempted} examples failed:\n{report}",
                    pytrace=False)


def test_every_public_class_and_function_has_run_examples():
    """Each public class and function has a docstring whose examples are
    collected above (a docstring built at import time, or an object defined
    elsewhere, could escape the finder)."""
    names = {test.name for test in DOCTESTS}
    missing = []
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            documented = inspect.isclass(obj) or inspect.isfunction(obj)
            if documented and f"{obj.__module__}.{obj.__qualname__}" not in names:
                missing.append(f"{module_name}.{name}")
    assert not missing
    assert len(names) >= 20


def test_a_wrong_example_fails():
    """The harness reports a failure: an example whose printed output differs
    from the expected one, run through the same runner as the docstrings."""
    parser = doctest.DocTestParser()
    test = parser.get_doctest(
        ">>> from sklearn_penalized.penalties import L1\n"
        ">>> L1(alpha=0.5).value([1.0, -2.0])\n"
        "1.25\n",
        globs={}, name="wrong", filename=None, lineno=0,
    )
    failed, attempted, report = run_doctest(test)
    assert (failed, attempted) == (1, 2)
    assert "Expected:\n    1.25\nGot:\n    1.5" in report


# --------------------------------------------------------------------------
# README.md
# --------------------------------------------------------------------------
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def readme_blocks(text):
    """``[(language, first line number of the code, code)]`` of README.md."""
    return [
        (match.group(1), text.count("\n", 0, match.start(2)) + 1, match.group(2))
        for match in _FENCE.finditer(text)
    ]


def test_readme_blocks_are_found():
    blocks = readme_blocks(README.read_text(encoding="utf-8"))
    languages = [language for language, _, _ in blocks]
    assert languages[0] == "bash"  # the install commands, not run here
    assert languages.count("python") >= 3
    assert set(languages) <= {"bash", "python"}


def test_readme_python_blocks_run(tmp_path, monkeypatch):
    text = README.read_text(encoding="utf-8")
    python = [(line, code) for language, line, code in readme_blocks(text)
              if language == "python"]
    monkeypatch.chdir(tmp_path)  # nothing a block writes lands in the checkout
    _use_agg()
    namespace = {"__name__": "__readme__"}
    try:
        with warnings.catch_warnings():
            # a ConvergenceWarning (or any other) in the tour is a bug of the
            # tour: the README must run cleanly
            warnings.simplefilter("error")
            for line, code in python:
                # padded so that tracebacks show README.md's line numbers
                source = "\n" * (line - 1) + code
                # running README's own code is the point of this test
                exec(compile(source, str(README), "exec"), namespace)  # noqa: S102
    finally:
        _close_figures()
    assert "X" in namespace and "lasso" in namespace
