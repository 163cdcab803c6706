# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The quickstart prints the same test MSEs as the seed's scikit-learn code."""
import re
import subprocess
import sys
from pathlib import Path

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
