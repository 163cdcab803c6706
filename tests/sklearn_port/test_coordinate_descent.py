# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Placeholder: scikit-learn's linear_model/tests/test_coordinate_descent.py, ported.

Collected by conftest.py of this directory from the installed scikit-learn,
with our names imported from sklearn_penalized; nothing else runs here.
"""
