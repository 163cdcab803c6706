# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The build installs every module: meson.build lists match the source tree."""
import importlib
import re
from pathlib import Path

import pytest

import sklearn_penalized

SOURCE_ROOT = Path(__file__).resolve().parents[1] / "sklearn_penalized"
PY_FILES = sorted(SOURCE_ROOT.rglob("*.py"))


def _module_name(path):
    parts = path.relative_to(SOURCE_ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: str(p.relative_to(SOURCE_ROOT)))
def test_every_source_file_is_listed_in_meson_build(path):
    meson = (path.parent / "meson.build").read_text()
    listed = set(re.findall(r"'([\w.]+\.py)'", meson))
    assert path.name in listed, f"{path.name} missing from {path.parent}/meson.build"


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: str(p.relative_to(SOURCE_ROOT)))
def test_every_module_imports_from_the_installed_package(path):
    module = importlib.import_module(_module_name(path))
    assert module.__name__.startswith("sklearn_penalized")


def test_compiled_kernels_are_extension_modules():
    from sklearn_penalized._kernels import _cd_fast

    assert Path(_cd_fast.__file__).suffix in (".so", ".pyd")
    for name in ("cd_dense", "cd_sparse", "cd_gram"):
        assert callable(getattr(_cd_fast, name))


def test_public_api():
    assert set(sklearn_penalized.__all__) >= {"Lasso", "ElasticNet", "Ridge", "penalties"}
    assert re.match(r"\d+\.\d+", sklearn_penalized.__version__)


def _requirement_lines(path):
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def _extra_requirements(extra):
    """The requirement strings of `extra`, from the installed metadata."""
    from importlib.metadata import requires

    marker = re.compile(r"""\s*;\s*extra\s*==\s*["']""" + re.escape(extra) + r"""["']\s*$""")
    return [marker.sub("", requirement) for requirement in requires("sklearn-penalized") or []
            if marker.search(requirement)]


def _normalized(requirement):
    # Metadata may spell `dask[array,dataframe]>=2024.1` with the extras in
    # another order or the name differently normalized: compare canonically.
    name, extras, rest = re.match(
        r"([A-Za-z0-9_.-]+)(?:\[([^\]]*)\])?(.*)", requirement.replace(" ", "")).groups()
    extras = ",".join(sorted((extras or "").split(",")))
    return re.sub(r"[-_.]+", "-", name).lower(), extras, rest


@pytest.mark.parametrize("extra", ["test", "docs"])
def test_requirement_files_equal_the_extras(extra):
    # The README installs the package once and then the test tools from
    # requirements/test.txt (an extra would build the kernels again): the file
    # must say what the extra says, or the README's test command would test
    # with other dependencies than `pip install ".[test]"` does.
    path = SOURCE_ROOT.parent / "requirements" / f"{extra}.txt"
    from_file = sorted(map(_normalized, _requirement_lines(path)))
    from_extra = sorted(map(_normalized, _extra_requirements(extra)))
    assert from_extra, f"no requirement of the {extra!r} extra in the installed metadata"
    assert from_file == from_extra
