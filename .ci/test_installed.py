# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Run the test suite against the *installed* sklearn_penalized.

Usage::

    python .ci/test_installed.py SOURCE_DIR [PYTEST_ARGS ...]

SOURCE_DIR is a checkout or an unpacked sdist: its ``tests/`` are collected
(they read ``examples/`` and the source lists next to them) and its
``pyproject.toml`` configures pytest. pytest runs from a fresh temporary
directory with ``--import-mode=importlib``, so neither the working directory
nor SOURCE_DIR is on ``sys.path``. To be sure, the script fails unless every
``sklearn_penalized`` module that was imported lives in this interpreter's
site-packages (never in SOURCE_DIR, never an editable build).

Used by .ci/run (wheel and sdist checks) and by cibuildwheel's test-command.
Exits with pytest's status (5 when no test ran), or 1 for a wrong import.
"""

import os
import sys
import sysconfig
import tempfile
from pathlib import Path

PACKAGE = "sklearn_penalized"


def _site_packages():
    paths = sysconfig.get_paths()
    return {Path(paths[key]).resolve() for key in ("purelib", "platlib")}


def _misplaced_modules(source_dir):
    """(module, file) pairs of imported package modules not in site-packages."""
    site = _site_packages()
    bad = []
    for name, module in sorted(sys.modules.items()):
        if name != PACKAGE and not name.startswith(PACKAGE + "."):
            continue
        file = getattr(module, "__file__", None)
        if file is None:  # a namespace package: the build has none
            bad.append((name, "<no __file__>"))
            continue
        path = Path(file).resolve()
        installed = any(path.is_relative_to(root) for root in site)
        if not installed or path.is_relative_to(source_dir):
            bad.append((name, str(path)))
    return bad


class _InstalledOnly:
    """pytest plugin: report where the package came from, fail early if wrong."""

    def __init__(self, source_dir):
        self.source_dir = source_dir

    def pytest_collection_finish(self, session):
        # After collection the test modules (and so the package) are imported.
        module = sys.modules.get(PACKAGE)
        where = getattr(module, "__file__", "not imported during collection")
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"{PACKAGE} under test: {where}")
        bad = _misplaced_modules(self.source_dir)
        if bad:
            import pytest

            pytest.exit(f"{PACKAGE} imported from outside site-packages: {bad}",
                        returncode=1)


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    source_dir = Path(argv[0]).resolve()
    tests = source_dir / "tests"
    if not tests.is_dir():
        print(f"no tests/ in {source_dir}", file=sys.stderr)
        return 2

    import pytest

    # `python this_script.py` puts .ci/ first on sys.path; drop it so that
    # nothing next to this script can be imported by accident.
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if p and Path(p).resolve() != here]
    # Windows cannot delete files that dask workers may still hold open.
    with tempfile.TemporaryDirectory(prefix="sp-installed-",
                                     ignore_cleanup_errors=True) as cwd:
        os.chdir(cwd)
        status = pytest.main(
            [str(tests), "-p", "no:cacheprovider", *argv[1:]],
            plugins=[_InstalledOnly(source_dir)],
        )
        os.chdir(source_dir)  # leave the temporary directory before removing it

    bad = _misplaced_modules(source_dir)
    if bad:
        print(f"FAIL: {PACKAGE} imported from outside site-packages:", file=sys.stderr)
        for name, path in bad:
            print(f"  {name}: {path}", file=sys.stderr)
        return 1
    if PACKAGE not in sys.modules:
        print(f"FAIL: the tests never imported {PACKAGE}", file=sys.stderr)
        return 1
    print(f"{PACKAGE} came from {Path(sys.modules[PACKAGE].__file__).parent}")
    return int(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
