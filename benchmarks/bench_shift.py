# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The cost of shift invariance: fit times against scikit-learn, same run.

Usage::

    python benchmarks/bench_shift.py [--repeat 7] [--problems small,...]
        [--label after] [--csv FILE]

For each problem (without offsets, and with columns offset by 1e6 times
their spread, which makes ``make_problem`` shift them), each estimator is
fitted by sklearn_penalized and by scikit-learn, alternating within every
repeat; a measurement is the mean of enough back-to-back fits to last
20 ms, and the table reports medians over ``--repeat`` and their ratio
(ours / scikit-learn).  Running the same script on the commit before the
shift (``--label before``) gives the cost of the fix as the change of the
ratio, each ratio measured in one run.

With ``--previous PATH`` (the ``_preprocessing.py`` of the commit before
the shift, e.g. from ``git worktree add /tmp/base 212c485``) the cost of
building the problem is also measured directly, in one process, old and new
interleaved: the previous ``make_problem`` plus the squared column norms its
coordinate-descent route computed itself, against the new ``make_problem``
(which computes them), on the dense problems without offsets
(``--overhead-csv``).

Problems: small (70 x 10, random), diabetes (442 x 10), diabetes-poly
(standardized degree-2 features of diabetes, 442 x 65), medium (10000 x
100, random), sparse (CSC 10000 x 1000, 1% dense; its offset variant
stores 10 of the columns in full, offset).  Estimators: Lasso and
ElasticNet (alpha_max / 20, l1_ratio 0.5), Ridge (alpha 1), RidgeCV
(default alphas, leave-one-out) and LassoCV (cv=3, 30 alphas), all at
their default tol.
"""
import argparse
import csv
import os
import platform
import time
import warnings

import numpy as np
import scipy.sparse as sp

PROBLEMS = ["small", "diabetes", "diabetes-poly", "medium", "sparse"]


def _problem(name, rng):
    if name == "small":
        X = rng.randn(70, 10)
    elif name.startswith("diabetes"):
        from sklearn.datasets import load_diabetes

        X, y = load_diabetes(return_X_y=True)
        if name == "diabetes-poly":
            from sklearn.preprocessing import PolynomialFeatures, StandardScaler

            X = StandardScaler().fit_transform(
                PolynomialFeatures(2, include_bias=False).fit_transform(X))
        return X, y
    elif name == "medium":
        X = rng.randn(10_000, 100)
    else:
        X = sp.random(10_000, 1000, density=0.01, format="csc", random_state=rng)
    coef = np.zeros(X.shape[1])
    coef[:5] = rng.uniform(1, 3, 5)
    y = np.asarray(X @ coef).ravel() + 0.5 * rng.randn(X.shape[0])
    return X, y


def _with_offsets(X, rng):
    """Columns offset by 1e6 times their spread (sparse: 10 columns stored
    in full, offset)."""
    if sp.issparse(X):
        X = X.tolil(copy=True)
        cols = rng.choice(X.shape[1], 10, replace=False)
        dense = X[:, cols].toarray()
        X[:, cols] = dense + 1e6 * (dense.std(axis=0) + 1e-3)
        return X.tocsc()
    spread = X.std(axis=0)
    return X + 1e6 * spread * rng.uniform(0.5, 1.0, X.shape[1])


def _estimators(X, y, library):
    if library == "sklearn_penalized":
        import sklearn_penalized as lib
    else:
        import sklearn.linear_model as lib
    Xc = X.toarray() if sp.issparse(X) else X
    alpha_max = np.max(np.abs((Xc - Xc.mean(0)).T @ (y - y.mean()))) / len(y)
    return {
        "Lasso": lib.Lasso(alpha=alpha_max / 20),
        "ElasticNet": lib.ElasticNet(alpha=alpha_max / 20, l1_ratio=0.5),
        "Ridge": lib.Ridge(alpha=1.0),
        "RidgeCV": lib.RidgeCV(),
        "LassoCV": lib.LassoCV(cv=3, **{"alphas" if library == "sklearn_penalized"
                                        else _sk_alphas_name(): 30}),
    }


def _sk_alphas_name():
    import sklearn
    from sklearn.utils.fixes import parse_version

    return "alphas" if parse_version(sklearn.__version__) >= parse_version("1.7") \
        else "n_alphas"


def _cell(value):
    return "" if not np.isfinite(value) else round(value, 3)


def _time(estimator, X, y, budget=0.02):
    """Mean seconds of back-to-back fits lasting at least ``budget``."""
    number, elapsed = 0, 0.0
    start = time.perf_counter()
    while elapsed < budget or number == 0:
        estimator.fit(X, y)
        number += 1
        elapsed = time.perf_counter() - start
    return elapsed / number


def make_problem_overhead(previous, repeat):
    """Rows of microseconds: the previous make_problem (+ its route's column
    norms) and the new one, interleaved, minimum over ``repeat`` rounds."""
    import importlib.util
    import timeit

    from sklearn_penalized._preprocessing import make_problem

    spec = importlib.util.spec_from_file_location("previous_preprocessing", previous)
    old = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)
    rows = []
    for name in ("small", "diabetes", "diabetes-poly", "medium"):
        X, y = _problem(name, np.random.RandomState(0))
        X = np.asfortranarray(X)

        def before():
            old.make_problem(X, y, None, fit_intercept=True)
            np.einsum("ij,ij->j", X, X)

        def after():
            make_problem(X, y, None, fit_intercept=True)

        number = 200 if X.size < 10**5 else 20
        times = {before: [], after: []}
        for _ in range(repeat):
            for f in (before, after):
                times[f].append(timeit.timeit(f, number=number) / number * 1e6)
        b, a = min(times[before]), min(times[after])
        rows.append(dict(problem=name, shape=f"{X.shape[0]} x {X.shape[1]}",
                         previous_us=round(b, 1), new_us=round(a, 1),
                         added_us=round(a - b, 1)))
    return rows


def _write_csv(path, rows):
    new = not os.path.exists(path)
    with open(path, "a", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]) + ["machine"])
        if new:
            writer.writeheader()
        for row in rows:
            writer.writerow({**row, "machine": platform.machine()})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--problems", default=",".join(PROBLEMS))
    parser.add_argument("--estimators", default="Lasso,ElasticNet,Ridge,RidgeCV,LassoCV")
    parser.add_argument("--label", default="after",
                        help="build label in the CSV (before/after the shift)")
    parser.add_argument("--csv", default=None, help="append the rows to this CSV")
    parser.add_argument("--previous", default=None,
                        help="_preprocessing.py of the commit before the shift")
    parser.add_argument("--overhead-csv", default=None)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    if args.previous:
        overhead = make_problem_overhead(args.previous, max(args.repeat, 15))
        print("| problem | shape | previous (us) | new (us) | added (us) |")
        print("| --- | --- | ---: | ---: | ---: |")
        for row in overhead:
            print(f"| {row['problem']} | {row['shape']} | {row['previous_us']} | "
                  f"{row['new_us']} | {row['added_us']} |", flush=True)
        if args.overhead_csv:
            _write_csv(args.overhead_csv, overhead)
        if not args.problems:
            return
    rows = []
    print("| problem | offsets | estimator | ours (ms) | scikit-learn (ms) | ratio |")
    print("| --- | --- | --- | ---: | ---: | ---: |")
    for name in args.problems.split(","):
        rng = np.random.RandomState(0)
        X, y = _problem(name, rng)
        for offsets in ("none", "1e6 x spread"):
            Xo = X if offsets == "none" else _with_offsets(X, np.random.RandomState(1))
            ests = {lib: _estimators(X, y, lib)
                    for lib in ("sklearn_penalized", "scikit-learn")}
            for est_name in args.estimators.split(","):
                times = {lib: [] for lib in ests}
                for r in range(args.repeat):
                    order = list(ests) if r % 2 == 0 else list(ests)[::-1]
                    for lib in order:
                        try:
                            times[lib].append(_time(ests[lib][est_name], Xo, y))
                        except (ValueError, FloatingPointError):
                            times[lib].append(np.nan)  # refused the data
                ours = float(np.median(times["sklearn_penalized"])) * 1e3
                theirs = float(np.median(times["scikit-learn"])) * 1e3
                row = dict(build=args.label, problem=name, offsets=offsets,
                           estimator=est_name, ours_ms=_cell(ours),
                           sklearn_ms=_cell(theirs), ratio=_cell(ours / theirs))
                rows.append(row)
                print(f"| {name} | {offsets} | {est_name} | {row['ours_ms']} | "
                      f"{row['sklearn_ms']} | {row['ratio']} |", flush=True)
    if args.csv:
        _write_csv(args.csv, rows)


if __name__ == "__main__":
    main()
