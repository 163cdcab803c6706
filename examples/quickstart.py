# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Quickstart: the seed example, with sklearn_penalized's estimators.

L1 regularization (Lasso) adds ``lambda * sum_i |w_i|`` to the least-squares
loss, L2 regularization (Ridge) adds ``lambda * sum_i w_i**2``.  The only
change from the scikit-learn version is the import line: the estimators take
the same parameters, with the same meaning, and give the same model.
"""
from sklearn.datasets import make_regression
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import train_test_split

from sklearn_penalized import Lasso, Ridge

# Generate synthetic data
X, y = make_regression(n_samples=100, n_features=10, noise=0.1, random_state=42)

# Split the data into training and test sets
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, random_state=42
)

# L1 regularization (Lasso)
lasso = Lasso(alpha=0.1)  # alpha is the regularization parameter lambda
lasso.fit(X_train, y_train)
lasso_predictions = lasso.predict(X_test)
lasso_mse = mean_squared_error(y_test, lasso_predictions)

# L2 regularization (Ridge)
ridge = Ridge(alpha=0.1)  # alpha is the regularization parameter lambda
ridge.fit(X_train, y_train)
ridge_predictions = ridge.predict(X_test)
ridge_mse = mean_squared_error(y_test, ridge_predictions)

print("Lasso MSE:", lasso_mse)
print("Ridge MSE:", ridge_mse)
