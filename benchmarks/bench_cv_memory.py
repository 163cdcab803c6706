# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Memory of a fitted LassoCV / ElasticNetCV: sklearn_penalized vs scikit-learn.

Usage::

    python benchmarks/bench_cv_memory.py [--repeat 3] [--problems S,D] [--csv FILE]

Each measurement runs in a fresh subprocess (one library, one problem), so
neither library's allocations or caches affect the other's:

* ``peak_traced_mib``: the peak of the allocations traced by ``tracemalloc``
  (NumPy and SciPy arrays included) during ``fit``, above those before it;
* ``peak_rss_mib``: the process's peak resident memory during ``fit`` above
  its resident memory before it (Linux: ``VmHWM`` after resetting it through
  ``/proc/self/clear_refs``), in a run without ``tracemalloc``, which also
  gives the fit time;
* ``pickle_mib``: ``len(pickle.dumps(model))``.

Problems: S, the issue's CSC 200 x 200,000 with 20,000 nonzeros (its dense
copy is 305 MiB); D, diabetes (442 x 10, dense).  Default ``LassoCV(cv=5)``
and ``ElasticNetCV(cv=5)`` (100 alphas).  The libraries alternate within each
repeat; times are medians.
"""
import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np

LIBRARIES = ("sklearn_penalized", "scikit-learn")


def make_data(problem):
    import scipy.sparse as sp

    if problem == "S":
        rng = np.random.RandomState(0)
        n, p = 200, 200_000
        X = sp.random(n, p, density=20_000 / (n * p), format="csc", random_state=rng)
        y = np.asarray(X[:, :50] @ rng.randn(50)).ravel() + 0.01 * rng.randn(n)
        return X, y
    from sklearn.datasets import load_diabetes

    return load_diabetes(return_X_y=True)


def _rss_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


def child(library, estimator, problem, traced):
    """One fit in this process; prints a JSON line of measurements."""
    import pickle
    import tracemalloc
    import warnings

    warnings.simplefilter("ignore")
    X, y = make_data(problem)
    if library == "scikit-learn":
        import sklearn.linear_model as module
    else:
        import sklearn_penalized as module
    model = getattr(module, estimator)(cv=5)
    out = {}
    if traced:
        tracemalloc.start()
        model.fit(X, y)
        out["peak_traced_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    else:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # resets VmHWM to the current resident size
        before = _rss_kib("VmRSS")
        start = time.perf_counter()
        model.fit(X, y)
        out["fit_s"] = time.perf_counter() - start
        out["peak_rss_mib"] = (_rss_kib("VmHWM") - before) / 1024
    out["pickle_mib"] = len(pickle.dumps(model)) / 2**20
    print(json.dumps(out))


def measure(library, estimator, problem, traced):
    command = [sys.executable, os.path.abspath(__file__), "--child", library,
               estimator, problem, "1" if traced else "0"]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--problems", default="S,D")
    parser.add_argument("--estimators", default="LassoCV,ElasticNetCV")
    parser.add_argument("--csv", default=None)
    args = parser.parse_args()
    rows = []
    for problem in args.problems.split(","):
        for estimator in args.estimators.split(","):
            results = {lib: {"fit_s": [], "peak_rss_mib": []} for lib in LIBRARIES}
            for lib in LIBRARIES:
                results[lib].update(measure(lib, estimator, problem, traced=True))
            for _ in range(args.repeat):  # interleaved
                for lib in LIBRARIES:
                    run = measure(lib, estimator, problem, traced=False)
                    results[lib]["fit_s"].append(run["fit_s"])
                    results[lib]["peak_rss_mib"].append(run["peak_rss_mib"])
            ours, theirs = results[LIBRARIES[0]], results[LIBRARIES[1]]
            row = {"problem": problem, "estimator": estimator}
            for key in ("peak_traced_mib", "pickle_mib"):
                row[f"{key}_ours"] = round(ours[key], 3)
                row[f"{key}_scikit_learn"] = round(theirs[key], 3)
            for key in ("peak_rss_mib", "fit_s"):
                row[f"{key}_ours"] = round(float(np.median(ours[key])), 3)
                row[f"{key}_scikit_learn"] = round(float(np.median(theirs[key])), 3)
            row["pickle_ours_over_scikit_learn"] = round(
                ours["pickle_mib"] / theirs["pickle_mib"], 2)
            row["peak_traced_ours_over_scikit_learn"] = round(
                ours["peak_traced_mib"] / theirs["peak_traced_mib"], 2)
            rows.append(row)
            print(row, flush=True)
    print(f"# {platform.machine()}, Python {platform.python_version()}, "
          f"repeats {args.repeat}")
    if args.csv:
        with open(args.csv, "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5] == "1")
    else:
        main()
