# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""RidgeCV (being written)."""
