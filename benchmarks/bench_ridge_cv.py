# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Wall time of RidgeCV (leave-one-out over 50 alphas): ours vs scikit-learn.

Usage: python benchmarks/bench_ridge_cv.py [--repeat 3] [--threads N] [--quick]

Both estimators fit the same data with the same 50 alphas in the same
process, alternating; each time is the median of ``--repeat`` fits and the
ratio is ours / scikit-learn (below 1 means ours is faster).  The chosen alphas and
the largest relative difference of the coefficients are printed too: a fast
fit to different numbers would mean nothing.  ``--threads`` caps the BLAS
threads of both (threadpoolctl), which steadies timings on a busy machine.
"""
import argparse
import contextlib
import platform
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import RidgeCV as SklearnRidgeCV

import sklearn_penalized
from sklearn_penalized._ridge_cv import RidgeCV

ALPHAS = np.logspace(-3, 3, 50)

# name -> (n_samples, n_features, density or None for dense)
CASES = {
    "dense wide 1000x2000": (1000, 2000, None),
    "dense tall 100000x100": (100_000, 100, None),
    "dense tall 20000x200": (20_000, 200, None),
    "sparse wide 2000x20000 d=0.005": (2000, 20_000, 0.005),
    "sparse tall 50000x500 d=0.01": (50_000, 500, 0.01),
}
QUICK = {
    "dense wide 300x600": (300, 600, None),
    "dense tall 5000x50": (5000, 50, None),
    "sparse wide 500x5000 d=0.01": (500, 5000, 0.01),
    "sparse tall 5000x200 d=0.02": (5000, 200, 0.02),
}


def make_data(n, p, density, rng):
    if density is None:
        X = rng.randn(n, p) + rng.rand(p)  # non-zero column means
    else:
        X = sp.random(n, p, density=density, format="csr", random_state=rng)
    coef = rng.randn(p) / np.sqrt(p)
    y = X @ coef + rng.randn(n)
    return X, y


def interleaved_median_times(fits, repeat):
    """Median wall time of each fit, the fits alternating within each round.

    Alternating (rather than timing all repeats of one library, then the
    other) spreads any slow spell of a shared machine over both.  With more
    than two fits the order of each round is a fixed-seed random
    permutation, so that every fit follows every other about as often: a
    fit that follows one which allocated and freed large arrays runs
    measurably slower (up to 1.3x on 20,000 x 100 for the fit that always
    came right after scikit-learn's, whose fit copies and centres X).
    """
    times = [[] for _ in fits]
    models = [None] * len(fits)
    order = np.random.RandomState(0)
    for _ in range(repeat):
        for k in (order.permutation(len(fits)) if len(fits) > 2 else range(len(fits))):
            start = time.perf_counter()
            models[k] = fits[k]()
            times[k].append(time.perf_counter() - start)
    return [float(np.median(t)) for t in times], models


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None,
                        help="BLAS threads for both (default: the library's)")
    parser.add_argument("--quick", action="store_true",
                        help="small problems, for a smoke run")
    args = parser.parse_args()

    limit = contextlib.nullcontext()
    if args.threads is not None:
        from threadpoolctl import threadpool_limits

        limit = threadpool_limits(limits=args.threads, user_api="blas")

    print(f"`python {' '.join(sys.argv)}`\n")
    print(f"sklearn_penalized {sklearn_penalized.__version__}, scikit-learn "
          f"{sklearn.__version__}, numpy {np.__version__}, scipy {scipy.__version__}, "
          f"Python {platform.python_version()}, {platform.machine()}; "
          f"BLAS threads: {args.threads or 'default'}")
    print(f"RidgeCV(alphas=np.logspace(-3, 3, 50)), leave-one-out (cv=None); "
          f"median of {args.repeat} fits\n")
    print("| problem | ours (s) | scikit-learn (s) | ratio | alpha_ ours / sklearn "
          "| max rel. coef diff |")
    print("| --- | --- | --- | --- | --- | --- |")
    rng = np.random.RandomState(0)
    with limit:
        for name, (n, p, density) in (QUICK if args.quick else CASES).items():
            X, y = make_data(n, p, density, rng)
            (t_ours, t_sk), (ours, theirs) = interleaved_median_times(
                [lambda: RidgeCV(alphas=ALPHAS).fit(X, y),
                 lambda: SklearnRidgeCV(alphas=ALPHAS).fit(X, y)],
                args.repeat,
            )
            diff = np.max(np.abs(ours.coef_ - theirs.coef_)) / np.max(
                np.abs(theirs.coef_))
            print(f"| {name} | {t_ours:.3f} | {t_sk:.3f} | {t_ours / t_sk:.2f} | "
                  f"{ours.alpha_:.4g} / {theirs.alpha_:.4g} | {diff:.1e} |",
                  flush=True)


if __name__ == "__main__":
    main()
