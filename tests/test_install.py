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
