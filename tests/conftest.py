# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
import os

# scikit-learn's check_array_api_input runs (instead of being skipped) only
# when SciPy's array API mode is on; it must be set before SciPy is imported.
# (scikit-learn >= 1.9 with SciPy < 1.14 refuses array API dispatch anyway:
# tests/test_common.py then asserts that refusal.)
os.environ.setdefault("SCIPY_ARRAY_API", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture
def global_random_seed():
    """Seed for random test data: $SKLEARN_PENALIZED_SEED, default 42."""
    return int(os.environ.get("SKLEARN_PENALIZED_SEED", "42"))


@pytest.fixture
def rng(global_random_seed):
    return np.random.RandomState(global_random_seed)


# The modules that take most of the suite's time (about three quarters of its
# four minutes on 2 cores): scikit-learn's ported tests, check_estimator over
# every estimator, the executed examples and gallery, the Ctrl-C tests (each
# waits for a signal) and the dask cluster tests.  They are marked ``slow`` so
# that ``pytest -m "not slow"`` is a quick subset for development; CI and the
# README's test command run everything.
SLOW_MODULES = ("sklearn_port/", "test_common.py", "test_examples.py",
                "test_interrupt.py", "test_dask.py")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: in a module left out of the quick subset (-m 'not slow')")


def pytest_collection_modifyitems(config, items):
    tests_dir = os.path.dirname(__file__)
    for item in items:
        where = os.path.relpath(str(item.path), tests_dir).replace(os.sep, "/")
        if where.startswith(SLOW_MODULES):
            item.add_marker(pytest.mark.slow)
