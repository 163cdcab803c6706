# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Peak memory of the CV estimators above the loaded data, vs scikit-learn.

Usage::

    python benchmarks/bench_cv_fold_memory.py [--rows 2000000] [--features 5]
        [--cases ours-lassocv-dense,...] [--csv FILE]

Each case runs in a fresh subprocess: it builds ``X`` (float64, C order as
``randn`` gives it, or CSC with every entry stored) and ``y``, then measures
the fit's peak memory two ways:

* ``peak_rss_mib``: the growth of the process's peak resident set during the
  fit (``VmHWM`` of ``/proc/self/status``, reset by writing 5 to
  ``/proc/self/clear_refs`` once the data is loaded);
* ``peak_traced_mib``: the peak of ``tracemalloc`` during the fit (NumPy
  reports its array buffers to it; BLAS work space is not counted).

Both are reported in MiB and as a multiple of the size of ``X``
(``x_mib``: 76.3 MiB for 2,000,000 x 5 float64).  The bound of issue 13 is
a peak of at most 3x the size of X above the loaded data.
"""
import argparse
import json
import os
import platform
import subprocess
import sys

CASES = {
    "ours-lassocv": "from sklearn_penalized import LassoCV as E; est = E()",
    "ours-elasticnetcv": "from sklearn_penalized import ElasticNetCV as E; est = E()",
    "ours-ridgecv": "from sklearn_penalized import RidgeCV as E; est = E()",
    "ours-ridgecv-cv5": "from sklearn_penalized import RidgeCV as E; est = E(cv=5)",
    "sklearn-lassocv": "from sklearn.linear_model import LassoCV as E; est = E()",
    "sklearn-elasticnetcv": ("from sklearn.linear_model import ElasticNetCV as E; "
                             "est = E()"),
    "sklearn-ridgecv": "from sklearn.linear_model import RidgeCV as E; est = E()",
}

CHILD = r"""
import json, sys, tracemalloc, warnings
import numpy as np, scipy.sparse as sp
warnings.simplefilter("ignore")
n, p, sparse = {n}, {p}, {sparse}
rng = np.random.RandomState(0)
X = rng.randn(n, p)
y = X @ rng.randn(p) + rng.randn(n)
if sparse:
    X = sp.csc_matrix(X)
    x_bytes = X.data.nbytes + X.indices.nbytes + X.indptr.nbytes
else:
    x_bytes = X.nbytes
{setup}

def rss(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) * 1024

with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
before = rss("VmRSS:")
tracemalloc.start()
est.fit(X, y)
traced = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
peak = rss("VmHWM:")
print(json.dumps(dict(x_bytes=x_bytes, rss=peak - before, traced=traced)))
"""


def run_case(name, n, p, sparse):
    code = CHILD.format(n=n, p=p, sparse=sparse, setup=CASES[name])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--features", type=int, default=5)
    parser.add_argument("--cases", default=",".join(
        f"{c}-{s}" for c in CASES for s in ("dense", "sparse")
        if not (c.startswith("sklearn-ridgecv") and s == "sparse")))
    parser.add_argument("--csv", default=None, help="append the rows to this CSV")
    args = parser.parse_args()
    mib = 2.0**20
    rows = []
    print("| case | storage | X (MiB) | peak RSS (MiB) | x X | peak traced (MiB) | x X |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for case in args.cases.split(","):
        name, storage = case.rsplit("-", 1)
        r = run_case(name, args.rows, args.features, storage == "sparse")
        x = r["x_bytes"] / mib
        row = dict(case=name, storage=storage, rows=args.rows, features=args.features,
                   x_mib=round(x, 1), peak_rss_mib=round(r["rss"] / mib, 1),
                   rss_ratio=round(r["rss"] / r["x_bytes"], 2),
                   peak_traced_mib=round(r["traced"] / mib, 1),
                   traced_ratio=round(r["traced"] / r["x_bytes"], 2))
        rows.append(row)
        print(f"| {name} | {storage} | {row['x_mib']} | {row['peak_rss_mib']} | "
              f"{row['rss_ratio']} | {row['peak_traced_mib']} | "
              f"{row['traced_ratio']} |", flush=True)
    if args.csv:
        import csv

        new = not os.path.exists(args.csv)
        with open(args.csv, "a", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]) + ["machine"])
            if new:
                writer.writeheader()
            for row in rows:
                writer.writerow({**row, "machine": platform.machine()})


if __name__ == "__main__":
    main()
