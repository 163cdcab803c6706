# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Ctrl-C stops a fit, in the main thread and in worker threads.

The compiled kernels run without the GIL; at the head of their epoch loop,
once per batch of epochs worth ~3e7 floating-point operations (a few
milliseconds), they take the GIL and call :func:`check_interrupts`:

* in the main thread, ``PyErr_CheckSignals`` runs Python's SIGINT handler,
  which raises ``KeyboardInterrupt`` out of the kernel;
* worker threads never receive signals, so the cross-validation estimators
  run their folds through :class:`StoppableParallel`: when the main thread's
  wait is interrupted, it marks the jobs' :class:`StopRequest`, and every
  kernel of those jobs raises ``KeyboardInterrupt`` at its next check (or
  entry).  Other fits running in the process are not affected.
"""
import threading
from functools import partial

from joblib import Parallel

_local = threading.local()


class StopRequest:
    """Set by the caller of a group of jobs when it is interrupted."""

    def __init__(self):
        self.requested = False


def raise_if_stopped():
    """Raise ``KeyboardInterrupt`` if this thread's jobs were stopped
    (called by the kernels, with the GIL)."""
    request = getattr(_local, "request", None)
    if request is not None and request.requested:
        raise KeyboardInterrupt("the fit this job belongs to was interrupted")


def _run(request, function, *args, **kwargs):
    previous = getattr(_local, "request", None)
    _local.request = request
    try:
        return function(*args, **kwargs)
    finally:
        _local.request = previous


class StoppableParallel(Parallel):
    """:class:`joblib.Parallel` whose jobs stop when the caller is
    interrupted (Ctrl-C while it waits for them)."""

    def __call__(self, iterable):
        request = StopRequest()
        tasks = ((partial(_run, request, function), args, kwargs)
                 for function, args, kwargs in iterable)
        try:
            return super().__call__(tasks)
        except BaseException:
            # the workers' kernels raise at their next check; their results
            # are discarded with this call
            request.requested = True
            raise
