# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""First fit in a fresh process vs the second fit (no JIT: should be ~1x).

Usage: python benchmarks/first_fit.py [--runs 5]

Each run starts a new Python process, imports the library (not timed), then
times two identical Lasso fits on problem A of benchmarks/run.py (dense
200 x 5000, alpha_max / 20).  Reports the median ratio first / second for
sklearn_penalized, and for skglm when installed (numba JIT).
"""
import argparse
import json
import subprocess
import sys

CHILD = r"""
import json, sys, time
sys.path.insert(0, {bench_dir!r})
from run import make_problem
X, y, alpha, l1_ratio, _ = make_problem("A")
lib = {lib!r}
if lib == "sklearn_penalized":
    from sklearn_penalized import Lasso
    make = lambda: Lasso(alpha=alpha, tol=1e-6)
else:
    from skglm import Lasso
    make = lambda: Lasso(alpha=alpha, tol=1e-6, fit_intercept=True)
times = []
for _ in range(2):
    start = time.perf_counter()
    make().fit(X, y)
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""


def first_fit_table(runs):
    """Markdown lines: median first and second fit per library, and ratios."""
    import os

    import numpy as np

    bench_dir = os.path.dirname(os.path.abspath(__file__))
    libs = ["sklearn_penalized"]
    try:
        import skglm  # noqa: F401
        libs.append("skglm")
    except ImportError:
        pass
    lines = ["| library | first fit (s) | second fit (s) | first / second |",
             "| --- | --- | --- | --- |"]
    for lib in libs:
        pairs = []
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, "-c", CHILD.format(bench_dir=bench_dir, lib=lib)],
                capture_output=True, text=True, check=True, cwd="/",
            ).stdout
            pairs.append(json.loads(out.strip().splitlines()[-1]))
        first, second = np.median(np.array(pairs), axis=0)
        ratio = np.median([a / b for a, b in pairs])
        lines.append(f"| {lib} | {first:.3f} | {second:.3f} | {ratio:.2f} |")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("\n".join(first_fit_table(args.runs)))


if __name__ == "__main__":
    main()
