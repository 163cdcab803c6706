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
