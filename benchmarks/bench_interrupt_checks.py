# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Cost of the kernels' Ctrl-C checks: the kernels before and after, same run.

Usage::

    python benchmarks/bench_interrupt_checks.py --baseline REV [--repeat 9] [--csv FILE]

The coordinate-descent kernels check for signals (Ctrl-C) at the head of
their epoch loop, taking the GIL only once per ~1e7 floating-point
operations of epochs.  This script measures what that costs: it compiles
the kernels of git revision ``REV`` (the baseline, before the checks) into a
temporary module, with the Cython directives and the ``-O2`` of the
package's build, and times them against the installed kernels on the same
inputs, alternating the two in every repeat.

* kernel rows: one call of ``cd_gram`` / ``cd_dense`` / ``cd_sparse`` running
  exactly ``epochs`` epochs (``gap_tol=-1``: never converged), from tiny
  epochs (p = 5, where a per-epoch overhead would show most) to large ones;
* estimator rows: ``Lasso(alpha).fit`` at the default ``tol``, with the
  installed kernels, with the baseline kernels (patched into the solver
  modules) and scikit-learn's ``Lasso`` (``precompute=True`` where ours takes
  the Gram route), for scale.

Reported: medians over ``--repeat`` runs and the ratios after / before and
ours / scikit-learn.
"""
import argparse
import csv
import importlib.util
import os
import subprocess
import sys
import sysconfig
import tempfile
import time
import warnings

import numpy as np
import scipy.sparse as sp

KERNEL_FILES = ("_cd_fast.pyx", "_cd_helpers.pxd", "_blas.pxd")


def build_baseline(revision, workdir):
    """Compile the kernels of ``revision`` as module ``_cd_fast_baseline``."""
    from Cython.Build import cythonize
    from setuptools import Extension
    from setuptools.dist import Distribution

    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True,
                          text=True, check=True).stdout.strip()
    for name in KERNEL_FILES:
        text = subprocess.run(
            ["git", "show", f"{revision}:sklearn_penalized/_kernels/{name}"],
            cwd=root, capture_output=True, text=True, check=True).stdout
        # a flat directory: the package-relative cimports become absolute
        text = text.replace("from ._", "from _")
        target = "_cd_fast_baseline.pyx" if name == "_cd_fast.pyx" else name
        with open(os.path.join(workdir, target), "w") as handle:
            handle.write(text)
    directives = {"language_level": 3, "wraparound": False, "cdivision": True,
                  "initializedcheck": False, "boundscheck": False}
    extension = Extension("_cd_fast_baseline",
                          [os.path.join(workdir, "_cd_fast_baseline.pyx")],
                          include_dirs=[workdir],
                          extra_compile_args=["-O2", "-Wno-unused-function"])
    dist = Distribution({"ext_modules": cythonize([extension], compiler_directives=directives,
                                                  quiet=True)})
    command = dist.get_command_obj("build_ext")
    command.build_lib = workdir
    command.build_temp = os.path.join(workdir, "build")
    command.ensure_finalized()
    command.run()
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    spec = importlib.util.spec_from_file_location(
        "_cd_fast_baseline", os.path.join(workdir, "_cd_fast_baseline" + suffix))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def kernel_problems(rng):
    """``(name, entry point, args, kwargs)``: epochs fixed by max_iter."""
    problems = []
    for n, p, epochs in ((2000, 5, 4_000_000), (2000, 50, 400_000), (2000, 400, 6_000)):
        X = rng.randn(n, p) @ (np.eye(p) + 0.3 * rng.randn(p, p))
        X -= X.mean(axis=0)
        y = X @ rng.randn(p) + rng.randn(n)
        Q, q = np.asfortranarray(X.T @ X), X.T @ (y - y.mean())
        lam = 1e-3 * np.abs(q).max()
        problems.append((f"cd_gram p={p}, {epochs} epochs", "cd_gram",
                         (Q, q, float(y @ y), np.full(p, lam), np.zeros(p)), epochs, p))
    for n, p, epochs in ((50, 5, 2_000_000), (2000, 100, 6_000)):
        X = np.asfortranarray(rng.randn(n, p))
        y = X @ rng.randn(p) + rng.randn(n)
        X -= X.mean(axis=0)
        y -= y.mean()
        lam = 1e-3 * np.abs(X.T @ y).max()
        problems.append((f"cd_dense {n}x{p}, {epochs} epochs", "cd_dense",
                         (X, y, np.full(p, lam), np.zeros(p)), epochs, p))
    X = sp.random(5000, 500, density=0.01, format="csc", random_state=rng)
    y = X @ rng.randn(500) + rng.randn(5000)
    lam = 1e-3 * np.abs(X.T @ y).max()
    problems.append(("cd_sparse 5000x500 (1%), 6000 epochs", "cd_sparse",
                     (X.data, X.indices, X.indptr, y, np.full(500, lam), np.zeros(500)),
                     6_000, 500))
    return problems


def time_kernel(module, entry, args, epochs, p):
    w = np.zeros(p)
    start = time.perf_counter()
    if entry == "cd_sparse":
        data, indices, indptr, y, l1, l2 = args
        ones, zeros = np.ones(len(y)), np.zeros(p)  # unweighted, no offset
        out = module.cd_sparse(w, data, indices, indptr, y, ones, zeros, l1, l2,
                               max_iter=epochs, gap_tol=-1.0, dw_tol=0.0)
    else:
        out = getattr(module, entry)(w, *args, max_iter=epochs, gap_tol=-1.0, dw_tol=0.0)
    elapsed = time.perf_counter() - start
    assert out[2] == epochs, "the kernel must run exactly max_iter epochs"
    return elapsed


def estimator_problems(rng):
    X1 = rng.randn(20_000, 50) @ (np.eye(50) + 0.5 * rng.randn(50, 50))
    y1 = X1[:, :10] @ rng.randn(10) + rng.randn(20_000)
    X2 = rng.randn(1000, 5000)
    y2 = X2[:, :50] @ rng.randn(50) + rng.randn(1000)
    X3 = sp.random(10_000, 20_000, density=0.002, format="csc", random_state=rng)
    y3 = X3[:, :100] @ rng.randn(100) + 0.1 * rng.randn(10_000)
    return [("Lasso 20000x50 (Gram route), alpha=1e-4", X1, y1, 1e-4, True),
            ("Lasso 1000x5000 dense, alpha=1e-2", X2, y2, 1e-2, False),
            ("Lasso CSC 10000x20000 (0.2%), alpha=1e-4", X3, y3, 1e-4, False)]


def time_fit(estimator, X, y):
    start = time.perf_counter()
    estimator.fit(X, y)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", required=True,
                        help="git revision of the kernels before the checks")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--csv", default=None)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    import sklearn.linear_model as sk

    import sklearn_penalized
    from sklearn_penalized._kernels import _cd_fast as current
    from sklearn_penalized.solvers import _cd, _working_set

    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        baseline = build_baseline(args.baseline, workdir)
        rng = np.random.RandomState(0)
        for name, entry, kernel_args, epochs, p in kernel_problems(rng):
            times = {"before": [], "after": []}
            for _ in range(args.repeat):
                for label, module in (("before", baseline), ("after", current)):
                    times[label].append(time_kernel(module, entry, kernel_args, epochs, p))
            before, after = np.median(times["before"]), np.median(times["after"])
            rows.append({"case": name, "before_s": round(float(before), 5),
                         "after_s": round(float(after), 5),
                         "after_over_before": round(float(after / before), 3),
                         "scikit_learn_s": "", "ours_over_scikit_learn": ""})
            print(rows[-1], flush=True)
        for name, X, y, alpha, gram in estimator_problems(rng):
            times = {"before": [], "after": [], "sklearn": []}
            for _ in range(args.repeat):
                for label in ("before", "after"):
                    module = baseline if label == "before" else current
                    _cd._cd_fast = _working_set._cd_fast = module
                    try:
                        times[label].append(
                            time_fit(sklearn_penalized.Lasso(alpha=alpha), X, y))
                    finally:
                        _cd._cd_fast = _working_set._cd_fast = current
                times["sklearn"].append(time_fit(sk.Lasso(alpha=alpha, precompute=gram),
                                                 X, y))
            before, after, theirs = (np.median(times[k]) for k in ("before", "after",
                                                                    "sklearn"))
            rows.append({"case": name, "before_s": round(float(before), 5),
                         "after_s": round(float(after), 5),
                         "after_over_before": round(float(after / before), 3),
                         "scikit_learn_s": round(float(theirs), 5),
                         "ours_over_scikit_learn": round(float(after / theirs), 3)})
            print(rows[-1], flush=True)
    print(f"# repeats {args.repeat}, baseline {args.baseline}")
    if args.csv:
        with open(args.csv, "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


if __name__ == "__main__":
    sys.exit(main())
