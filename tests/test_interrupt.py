# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Ctrl-C stops a long fit: the kernels' signal checks, end to end.

Each case starts, in a fresh interpreter, a fit that would run for minutes
(``tol=0`` on an ill-conditioned problem, ``max_iter=10**9``), sends it
SIGINT once it is inside the solver, and requires the interpreter to exit
with a ``KeyboardInterrupt`` within ``BOUND`` seconds (about a second on an
idle machine; the bound leaves room for a loaded one, and the fits ran on
for more than 60 s before the kernels checked for signals).  A fit that
ends before the signal fails the test instead of passing it.
"""
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="SIGINT to a child process is POSIX-only")

BOUND = 10.0  # seconds from SIGINT to the exit
# CPU seconds the child spends in the fit before SIGINT: the fit's Python
# preparation takes a small fraction of it, so the signal lands in the solver
# (measured in CPU time, not wall time, so that a loaded machine cannot send
# it early)
SETTLE_CPU = 1.0

SETUP = """
import numpy as np, warnings
import scipy.sparse as sp
warnings.simplefilter("ignore")
from sklearn_penalized import ElasticNetCV, Lasso, LassoCV, Ridge, lasso_path
rng = np.random.RandomState(0)
"""
# ill-conditioned data: p <= 64 with n >> p (the Gram route outright), tall
# dense with nearly collinear columns, sparse CSC
GRAM = "X = rng.randn(5000, 40) @ rng.randn(40, 40); y = X @ rng.randn(40)\n"
TALL = ("X = np.asfortranarray(rng.randn(1000, 200)); X[:, 1:] += 0.999 * X[:, :1]; "
        "y = X @ rng.randn(200)\n")
SPARSE = ("X = sp.random(2000, 300, density=0.05, format='csc', random_state=0); "
          "y = X @ rng.randn(300)\n")
LONG = "tol=0, max_iter=10**9"
CASES = {
    "gram": GRAM + f"fit = lambda: Lasso(alpha=1e-12, {LONG}).fit(X, y)",
    "dense": TALL + f"fit = lambda: Lasso(alpha=1e-9, precompute=False, {LONG}).fit(X, y)",
    "sparse": SPARSE + f"fit = lambda: Lasso(alpha=1e-9, {LONG}).fit(X, y)",
    "ridge_cd": GRAM + f"fit = lambda: Ridge(alpha=1e-8, solver='cd', {LONG}).fit(X, y)",
    "path": GRAM + f"fit = lambda: lasso_path(X, y, eps=1e-12, n_alphas=3, {LONG})",
    "cv": GRAM + f"fit = lambda: ElasticNetCV(eps=1e-12, alphas=3, cv=2, {LONG}).fit(X, y)",
}


def _cpu_seconds(pid):
    """User + system CPU time of process ``pid`` (Linux /proc; elsewhere
    the wall clock, a weaker stand-in)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return time.perf_counter()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _interrupt(body, extra=""):
    code = textwrap.dedent(SETUP) + body + "\n" + textwrap.dedent("""
    print("start", flush=True)
    """) + textwrap.dedent(extra or """
    fit()
    print("finished", flush=True)
    """)
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout.readline().strip() == "start", child.stderr.read()
        start_cpu = _cpu_seconds(child.pid)
        deadline = time.perf_counter() + 120.0
        while (_cpu_seconds(child.pid) - start_cpu < SETTLE_CPU
               and time.perf_counter() < deadline and child.poll() is None):
            time.sleep(0.05)
        assert child.poll() is None, "the fit ended before the signal"
        sent = time.perf_counter()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=BOUND)
        return time.perf_counter() - sent, child.returncode, out, err
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail(f"still running {BOUND} s after SIGINT")
    finally:
        if child.poll() is None:
            child.kill()


@pytest.mark.parametrize("case", list(CASES))
def test_sigint_stops_a_long_fit(case):
    elapsed, returncode, out, err = _interrupt(CASES[case])
    assert "finished" not in out
    assert returncode != 0 and "KeyboardInterrupt" in err, err[-2000:]
    assert elapsed < BOUND


def test_sigint_stops_the_worker_threads_of_a_parallel_cv():
    """LassoCV(n_jobs=2) runs its folds in threads, which never receive the
    signal: Ctrl-C in the main thread must stop them too (before, they ran
    on at 100% CPU after the KeyboardInterrupt, for as long as the fits
    lasted)."""
    body = GRAM + (f"fit = lambda: LassoCV(eps=1e-12, alphas=3, cv=2, n_jobs=2, "
                   f"{LONG}).fit(X, y)\n")
    extra = """
    import time
    try:
        fit()
        print("finished", flush=True)
    except KeyboardInterrupt:
        time.sleep(0.5)  # the workers see the stop request at their next check
        cpu = time.process_time()
        time.sleep(1.0)
        print(f"cpu after interrupt: {time.process_time() - cpu:.3f}", flush=True)
        raise
    """
    elapsed, returncode, out, err = _interrupt(body, extra)
    assert "finished" not in out
    assert returncode != 0 and "KeyboardInterrupt" in err, err[-2000:]
    cpu = float(out.split("cpu after interrupt:")[1].split()[0])
    assert cpu < 0.3, f"the worker threads ran on: {cpu:.2f} s of CPU in 1 s"
