# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The examples: the quickstart prints the same test MSEs as the seed's
scikit-learn code, with the base install only; every gallery script runs and
draws a figure."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

QUICKSTART = Path(__file__).resolve().parents[1] / "examples" / "quickstart.py"
OUR_IMPORT = "from sklearn_penalized import Lasso, Ridge"


def _run(source, cwd):
    # Run outside the checkout: `python -c` puts the working directory first
    # on sys.path, which would shadow the installed package with the sources.
    out = subprocess.run(
        [sys.executable, "-c", source], capture_output=True, text=True, check=True,
        cwd=cwd,
    ).stdout
    return {name: float(v) for name, v in re.findall(r"(\w+) MSE: (\S+)", out)}


def test_quickstart_matches_sklearn_to_4_significant_digits(tmp_path):
    source = QUICKSTART.read_text()
    assert OUR_IMPORT in source
    ours = _run(source, tmp_path)
    # The seed's original code: the same script with scikit-learn's estimators
    sklearn_source = source.replace(
        OUR_IMPORT, "from sklearn.linear_model import Lasso, Ridge"
    )
    theirs = _run(sklearn_source, tmp_path)
    assert set(ours) == {"Lasso", "Ridge"} == set(theirs)
    for name in ours:
        assert f"{ours[name]:.4g}" == f"{theirs[name]:.4g}", (name, ours, theirs)


def test_quickstart_needs_no_optional_dependency(tmp_path):
    # The README's command runs with the base install: matplotlib, pandas and
    # dask are made unimportable and the output is unchanged.
    blocker = (
        "import sys\n"
        "class _Blocker:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('matplotlib', 'pandas', 'dask',\n"
        "                                  'distributed'):\n"
        "            raise ModuleNotFoundError(f'blocked: {name}')\n"
        "sys.meta_path.insert(0, _Blocker())\n"
    )
    source = QUICKSTART.read_text()
    assert _run(blocker + source, tmp_path) == _run(source, tmp_path)


GALLERY = sorted(QUICKSTART.parent.glob("plot_*.py"))

# Run a gallery script as sphinx-gallery does (Agg backend, plt.show a no-op)
# and report how many figures it left open.
_RUN_GALLERY_SCRIPT = """
import runpy, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
plt.show = lambda *args, **kwargs: None
runpy.run_path(sys.argv[1], run_name="__main__")
print("FIGURES", len(plt.get_fignums()))
"""


@pytest.mark.parametrize("script", GALLERY, ids=[p.name for p in GALLERY])
def test_gallery_example_runs_and_draws(script, tmp_path):
    pytest.importorskip("matplotlib", reason="the gallery needs the plot extra")
    env = {**os.environ, "SKLEARN_PENALIZED_FIGURE_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", _RUN_GALLERY_SCRIPT, str(script)],
        capture_output=True, text=True, cwd=tmp_path, env=env, check=False,
    )
    assert out.returncode == 0, out.stderr
    n_figures = int(re.search(r"FIGURES (\d+)", out.stdout).group(1))
    assert n_figures >= 1, f"{script.name} drew no figure"


def test_gallery_examples_have_a_title_and_the_header():
    # sphinx-gallery takes the title from the docstring's first heading
    for script in GALLERY:
        source = script.read_text()
        assert source.startswith(
            "# Authors: The sklearn_penalized developers\n"
            "# SPDX-License-Identifier: BSD-3-Clause\n"
        ), script.name
        docstring = source.split('"""')[1].strip().splitlines()
        assert set(docstring[0]) == {"="} and set(docstring[2]) == {"="}, script.name
        assert len(docstring[0]) >= len(docstring[1].strip()), script.name
