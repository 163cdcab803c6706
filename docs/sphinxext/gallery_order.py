# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Order of the gallery examples: from the first model to the advanced ones.

sphinx-gallery instantiates the class with the gallery's directory and sorts
the example file names with the instance as key; examples not listed here
come last, in alphabetical order.
"""

ORDER = [
    "plot_ridge_lasso_enet.py",
    "plot_lasso_path.py",
    "plot_cv_curve.py",
    "plot_sample_weights.py",
    "plot_penalty_factors.py",
    "plot_relaxed_lasso.py",
    "plot_partial_fit.py",
]


class ExampleOrder:
    def __init__(self, src_dir):
        self.src_dir = src_dir

    def __call__(self, filename):
        name = filename.rsplit("/", 1)[-1]
        if name in ORDER:
            return (0, ORDER.index(name), name)
        return (1, 0, name)

    def __repr__(self):
        # sphinx-gallery compares configurations by their repr
        return f"<{self.__class__.__name__}>"
