# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The short path of input validation for plain NumPy arrays, CSR/CSC
containers and float DataFrames gives exactly scikit-learn's
``validate_data`` result, and leaves everything else to it."""
import re
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import sklearn
from sklearn.utils.validation import validate_data as sklearn_validate_data

from sklearn_penalized import ElasticNet, Lasso, Ridge
from sklearn_penalized.utils import _sklearn_compat
from sklearn_penalized.utils._sklearn_compat import validate_data

FIT_OPTIONS = dict(accept_sparse="csc", dtype=[np.float64, np.float32], order="F",
                   copy=False, multi_output=True, y_numeric=True)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("y_shape", [(30,), (30, 1), (30, 2)])
@pytest.mark.parametrize("y_dtype", [np.float64, np.int64])
def test_short_path_equals_scikit_learns_checks(rng, dtype, order, y_shape, y_dtype):
    X = np.asarray(rng.randn(30, 4), dtype=dtype, order=order)
    y = np.asarray(10 * rng.randn(*y_shape)).astype(y_dtype)
    ours, theirs = Lasso(), Lasso()
    ours.feature_names_in_ = theirs.feature_names_in_ = np.array(["a", "b", "c", "d"])
    assert _sklearn_compat._validate_plain_arrays(ours, X, y, **FIT_OPTIONS) is not None
    X_ours, y_ours = validate_data(ours, X, y, **FIT_OPTIONS)
    X_theirs, y_theirs = sklearn_validate_data(theirs, X, y, **FIT_OPTIONS)
    for a, b in ((X_ours, X_theirs), (y_ours, y_theirs)):
        assert a.dtype == b.dtype and a.shape == b.shape
        assert a.flags.f_contiguous == b.flags.f_contiguous
        assert a.flags.c_contiguous == b.flags.c_contiguous
        np.testing.assert_array_equal(a, b)
        assert np.shares_memory(a, X if a.ndim == 2 and a.shape == X.shape else y) == (
            np.shares_memory(b, X if b.ndim == 2 and b.shape == X.shape else y))
    assert ours.n_features_in_ == theirs.n_features_in_ == 4
    assert not hasattr(ours, "feature_names_in_") and not hasattr(theirs, "feature_names_in_")


def test_copy_and_predict_time_checks(rng):
    X = rng.randn(20, 3)
    est = Lasso()
    X_copy, _ = validate_data(est, X, rng.randn(20), copy=True, order="F")
    assert not np.shares_memory(X_copy, X) and X_copy.flags.f_contiguous
    # reset=False: the same number of features passes the short path...
    assert validate_data(est, X, reset=False) is X
    # ... another number goes to scikit-learn, whose message names it
    with pytest.raises(ValueError, match="X has 4 features, but Lasso is expecting 3"):
        validate_data(est, rng.randn(5, 4), reset=False)


@pytest.mark.parametrize("container", ["csr_matrix", "csc_matrix", "csr_array",
                                       "csc_array"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("copy", [False, True])
def test_sparse_short_path_equals_scikit_learns_checks(rng, container, dtype, copy):
    # Exact CSR/CSC containers take the short path too; the result is
    # scikit-learn's: the same container type and format (CSR converted to
    # the accepted CSC), dtype, stored entries, and memory shared or not.
    dense = rng.randn(25, 6) * (rng.rand(25, 6) < 0.4)
    X = getattr(sp, container)(dense.astype(dtype))
    y = rng.randn(25)
    options = dict(FIT_OPTIONS, copy=copy)
    assert _sklearn_compat._validate_plain_arrays(Lasso(), X, y, **options) is not None
    X_ours, _ = validate_data(Lasso(), X, y, **options)
    X_theirs, _ = sklearn_validate_data(Lasso(), X, y, **options)
    assert type(X_ours) is type(X_theirs) and X_ours.format == X_theirs.format == "csc"
    assert X_ours.dtype == X_theirs.dtype == dtype
    np.testing.assert_array_equal(X_ours.toarray(), X_theirs.toarray())
    for part in ("data", "indices", "indptr"):
        np.testing.assert_array_equal(getattr(X_ours, part), getattr(X_theirs, part))
        assert np.shares_memory(getattr(X_ours, part), getattr(X, part)) == (
            np.shares_memory(getattr(X_theirs, part), getattr(X, part)))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("build", ["from_array", "from_columns"])
@pytest.mark.parametrize("y_kind", ["array", "series", "int_series"])
@pytest.mark.parametrize("copy", [False, True])
def test_frame_short_path_equals_scikit_learns_checks(rng, dtype, build, y_kind, copy):
    # A DataFrame of float columns with string names (the common frame):
    # the same values, dtype, memory order, read-only flag and memory
    # sharing as scikit-learn's checks, and the same feature_names_in_.
    values = rng.randn(30, 4).astype(dtype)
    names = ["age", "bmi", "bp", "s1"]
    X = (pd.DataFrame(values, columns=names) if build == "from_array"
         else pd.DataFrame({name: values[:, j] for j, name in enumerate(names)}))
    y = 10 * rng.randn(30)
    if y_kind == "series":
        y = pd.Series(y, name="target")
    elif y_kind == "int_series":
        y = pd.Series(y.astype(np.int64))
    options = dict(FIT_OPTIONS, copy=copy)
    assert _sklearn_compat._validate_plain_arrays(Lasso(), X, y, **options) is not None
    ours, theirs = Lasso(), Lasso()
    X_ours, y_ours = validate_data(ours, X, y, **options)
    X_theirs, y_theirs = sklearn_validate_data(theirs, X, y, **options)
    for a, b, given in ((X_ours, X_theirs, X), (y_ours, y_theirs, y)):
        assert type(a) is type(b) is np.ndarray
        assert a.dtype == b.dtype and a.shape == b.shape
        assert a.flags.f_contiguous == b.flags.f_contiguous
        assert a.flags.writeable == b.flags.writeable
        np.testing.assert_array_equal(a, b)
        assert np.shares_memory(a, np.asarray(given)) == np.shares_memory(
            b, np.asarray(given))
    np.testing.assert_array_equal(ours.feature_names_in_, theirs.feature_names_in_)
    assert ours.feature_names_in_.dtype == theirs.feature_names_in_.dtype
    # predict-time checks: the same names pass; others get scikit-learn's
    # error or warning, which names them
    assert _sklearn_compat._validate_plain_arrays(ours, X, "no_validation",
                                                   reset=False) is not None
    renamed = X.rename(columns={"bmi": "BMI"})
    assert _sklearn_compat._validate_plain_arrays(ours, renamed, "no_validation",
                                                   reset=False) is None
    with pytest.raises(ValueError, match="BMI"):
        validate_data(ours, renamed, reset=False)
    with pytest.warns(UserWarning, match="feature names"):
        validate_data(ours, values, reset=False)


@pytest.mark.parametrize("bad", ["mixed_dtypes", "int_column", "int_names", "nullable",
                                 "categorical", "nan", "subclass"])
def test_other_frames_get_scikit_learns_checks(rng, bad):
    X = pd.DataFrame(rng.randn(12, 3), columns=["a", "b", "c"])
    y = rng.randn(12)
    if bad == "mixed_dtypes":
        X["b"] = X["b"].astype(np.float32)
    elif bad == "int_column":
        X["c"] = np.arange(12)
    elif bad == "int_names":
        X.columns = [0, 1, 2]
    elif bad == "nullable":
        X = X.astype("Float64")
    elif bad == "categorical":
        X["c"] = pd.Categorical(["u", "v", "w"] * 4)
    elif bad == "nan":
        X.iloc[3, 1] = np.nan
    elif bad == "subclass":
        X = type("MyFrame", (pd.DataFrame,), {})(X)
    assert _sklearn_compat._validate_plain_arrays(Lasso(), X, y, **FIT_OPTIONS) is None


@pytest.mark.parametrize("bad", ["nan", "inf", "coo", "int", "subclass", "any_format"])
def test_other_sparse_input_gets_scikit_learns_checks(rng, bad):
    X, y = sp.csr_matrix(rng.randn(10, 3) * (rng.rand(10, 3) < 0.5)), rng.randn(10)
    options = dict(FIT_OPTIONS)
    if bad == "nan":
        X.data[0] = np.nan
    elif bad == "inf":
        X.data[-1] = -np.inf
    elif bad == "coo":
        X = X.tocoo()
    elif bad == "int":
        X = (10 * X).astype(np.int64)
    elif bad == "subclass":
        X = type("MyCSR", (sp.csr_matrix,), {})(X)
    elif bad == "any_format":
        options["accept_sparse"] = True
    assert _sklearn_compat._validate_plain_arrays(Lasso(), X, y, **options) is None
    try:
        expected, _ = sklearn_validate_data(Lasso(), X, y, **options)
    except (TypeError, ValueError) as error:
        with pytest.raises(type(error), match=re.escape(str(error))):
            validate_data(Lasso(), X, y, **options)
    else:
        got, _ = validate_data(Lasso(), X, y, **options)
        assert type(got) is type(expected)
        np.testing.assert_array_equal(got.toarray(), expected.toarray())


@pytest.mark.parametrize("bad", ["nan", "inf", "int", "1d", "empty", "subclass",
                                 "y_nan", "y_length", "y_object", "float16"])
def test_everything_else_gets_scikit_learns_checks(rng, bad):
    X, y = rng.randn(10, 3), rng.randn(10)
    if bad == "nan":
        X[2, 1] = np.nan
    elif bad == "inf":
        X[0, 0] = np.inf
    elif bad == "int":
        X = (10 * X).astype(np.int64)
    elif bad == "1d":
        X = X[:, 0]
    elif bad == "empty":
        X, y = X[:0], y[:0]
    elif bad == "subclass":
        X = X.view(np.memmap)
    elif bad == "y_nan":
        y[3] = np.nan
    elif bad == "y_length":
        y = y[:-1]
    elif bad == "y_object":
        y = y.astype(object)
    elif bad == "float16":
        X = X.astype(np.float16)
    assert _sklearn_compat._validate_plain_arrays(Lasso(), X, y, **FIT_OPTIONS) is None
    ours, theirs = Lasso(), Lasso()
    try:
        expected = sklearn_validate_data(theirs, X, y, **FIT_OPTIONS)
    except (TypeError, ValueError) as error:
        with pytest.raises(type(error), match=re.escape(str(error))):
            validate_data(ours, X, y, **FIT_OPTIONS)
    else:
        got = validate_data(ours, X, y, **FIT_OPTIONS)
        for a, b in zip(got, expected):
            np.testing.assert_array_equal(a, b)


def test_assume_finite_keeps_scikit_learns_meaning(rng):
    X = rng.randn(10, 3)
    X[0, 0] = np.nan
    with sklearn.config_context(assume_finite=True):
        assert _sklearn_compat._validate_plain_arrays(Lasso(), X, rng.randn(10),
                                                       **FIT_OPTIONS) is None


@pytest.mark.parametrize("cls", [Lasso, ElasticNet, Ridge])
def test_fits_on_c_ordered_arrays_leave_the_input_untouched(rng, cls):
    X = rng.randn(40, 6) + 100.0
    y = rng.randn(40)
    X_before, y_before = X.copy(), y.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = cls(alpha=0.01).fit(X, y)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    assert model.n_features_in_ == 6
    np.testing.assert_allclose(model.coef_, cls(alpha=0.01).fit(np.asfortranarray(X), y).coef_,
                               rtol=1e-12, atol=1e-14)
