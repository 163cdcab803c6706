# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Sphinx configuration of the sklearn_penalized documentation.

Build (from the repository root, with the ``docs`` extra installed)::

    sphinx-build -W -b html docs docs/_build/html

The build executes the gallery (``examples/plot_*.py``) and the quickstart,
and plots the recorded benchmark results of ``benchmarks/results/``; it never
runs the benchmarks themselves.
"""
import os
import subprocess
import sys
from pathlib import Path

import matplotlib

# Before anything imports pyplot: the gallery and the benchmark figures are
# drawn with the non-interactive Agg backend.
matplotlib.use("Agg")

import sklearn_penalized  # noqa: E402

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "sphinxext"))

from fallback_inventories import write_fallback_inventories  # noqa: E402

# -- Project information ----------------------------------------------------
project = "sklearn-penalized"
author = "The sklearn_penalized developers"
copyright = "The sklearn_penalized developers"
release = sklearn_penalized.__version__
version = release

# -- General configuration --------------------------------------------------
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "myst_parser",
    "unparsed_sections",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "sphinxext",
    "auto_examples/*.ipynb",
    "auto_examples/*.py",
    "**/*.zip",
]
# Single backticks (`x`) render as code, as scikit-learn's docstrings assume.
default_role = "literal"
# Every cross-reference must resolve (with -W, a broken one fails the build):
# to this package, or through intersphinx to the projects below.
nitpicky = True

# -- MyST (the Markdown pages of the user guide) ----------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
# Anchors for the headings, so that [text](solvers.md#box-constraints) works.
myst_heading_anchors = 3

# -- autodoc, autosummary, numpydoc -----------------------------------------
autosummary_generate = True
autodoc_typehints = "none"
# scikit-learn's set-up: the autosummary templates of _templates/ list the
# methods, so numpydoc must not list them again (duplicate object warnings).
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

# -- intersphinx --------------------------------------------------------------
# Each project lists two inventory locations, tried in order: its real
# objects.inv online (None), then a local file written below from the
# installed package (see sphinxext/fallback_inventories.py for why and how).
# Online (CI) the first one loads and the second is never read; without
# access to the documentation sites the first fails, the second loads, and
# intersphinx logs an informational message instead of the warning that
# `-W` would turn into an error. Only the fetch of the *unreachable* site is
# affected: cross-references keep resolving (to the same pages) either way.
_FALLBACK_DIR = DOCS / "_build" / "fallback_inventories"
_fallback = write_fallback_inventories(
    _FALLBACK_DIR, ["python", "numpy", "scipy", "sklearn", "matplotlib"]
)
_ONLINE = {
    "python": "https://docs.python.org/3/",
    "numpy": "https://numpy.org/doc/stable/",
    "scipy": "https://docs.scipy.org/doc/scipy/",
    "sklearn": "https://scikit-learn.org/stable/",
    "matplotlib": "https://matplotlib.org/stable/",
}
intersphinx_mapping = {
    name: (url, (None, str(_fallback[name]))) for name, url in _ONLINE.items()
}
intersphinx_timeout = 10

# -- sphinx-gallery -----------------------------------------------------------
# The two plotting examples also save their figure to a directory given by
# this variable (the tests check that); keep those copies out of examples/.
os.environ.setdefault(
    "SKLEARN_PENALIZED_FIGURE_DIR", str(DOCS / "_build" / "example_figures")
)
sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "examples"),
    "gallery_dirs": "auto_examples",
    # every plot_*.py is executed; quickstart.py (the README's command, with
    # no figure) is shown in getting_started.rst instead; examples/README.rst
    # is the gallery's header
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"(__init__|quickstart)\.py",
    # a name, not the class: the configuration must stay picklable
    "within_subsection_order": "gallery_order.ExampleOrder",
    "doc_module": ("sklearn_penalized",),
    "backreferences_dir": "generated/backreferences",
    "image_scrapers": ("matplotlib",),
    "matplotlib_animations": False,
    "remove_config_comments": True,
    "download_all_examples": False,
    "show_memory": False,
    "min_reported_time": 1,
}

# -- HTML output --------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"sklearn-penalized {release}"
html_static_path = []
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 7,
}
html_sidebars = {"index": [], "getting_started": [], "changelog": []}
html_show_sourcelink = False


# -- The quickstart's output, produced at build time ---------------------------
def _write_quickstart_output():
    """Run ``python examples/quickstart.py`` as the README says, and keep its
    output for getting_started.rst (a failure fails the build)."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout
    target = DOCS / "generated" / "quickstart_output.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text() != out:
        target.write_text(out)


_write_quickstart_output()


# -- The benchmarks page: tables and figures from the recorded results ---------
def _write_benchmark_tables_and_figures():
    """Draw benchmarks/results/*.csv (numbers recorded by the benchmark
    scripts) into docs/generated/benchmarks/; no benchmark runs here."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "plot_results", ROOT / "benchmarks" / "plot_results.py"
    )
    plot_results = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plot_results)
    out = DOCS / "generated" / "benchmarks"
    plot_results.write_display_tables(out)
    plot_results.save_all(out)


_write_benchmark_tables_and_figures()
