# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The generator of the ported tests (_port.py), on small sources of our own."""
import ast
import textwrap

import pytest
import sklearn.linear_model as sk

import sklearn_penalized as ours

SOURCE = textwrap.dedent('''
    import pytest
    from sklearn import linear_model
    from sklearn.linear_model import Lasso, MultiTaskLasso as MTL, lasso_path
    from sklearn.linear_model._coordinate_descent import ElasticNet as EN

    GRID = [Lasso(alpha=a) for a in (0.1, 1.0)]

    def helper():
        return EN()

    @pytest.fixture
    def model():
        return helper()

    def local():
        from sklearn.linear_model import RidgeCV, LinearRegression
        return RidgeCV, LinearRegression

    def test_direct():
        Lasso()

    def test_via_fixture(model):
        pass

    def test_via_constant():
        GRID

    def test_attribute():
        linear_model.Ridge

    def test_theirs_only():
        MTL()

    @pytest.mark.parametrize("Est", [Lasso, MTL])
    def test_params_only(Est):
        Est()
''')


def _run(tools, tree):
    namespace = {}
    exec(compile(tree, "<port>", "exec"), namespace)
    return namespace


def test_rewrite_points_our_names_at_sklearn_penalized(port_tools):
    names = port_tools.replaced_names()
    assert {"Lasso", "ElasticNet", "Ridge", "RidgeCV", "lasso_path"} <= names
    assert "MultiTaskLasso" not in names and "LinearRegression" not in names
    tree, rewritten = port_tools.rewrite_imports(ast.parse(SOURCE), names)
    assert rewritten == {"Lasso", "lasso_path", "EN", "RidgeCV", "sklearn_penalized"}
    ns = _run(port_tools, tree)
    assert ns["Lasso"] is ours.Lasso and ns["lasso_path"] is ours.lasso_path
    assert ns["EN"] is ours.ElasticNet  # from a private module, same name
    assert ns["MTL"] is sk.MultiTaskLasso  # not ours: still scikit-learn's
    assert ns["local"]() == (ours.RidgeCV, sk.LinearRegression)
    # linear_model.Ridge after `from sklearn import linear_model`
    attribute = [n for n in ast.walk(tree)
                 if isinstance(n, ast.Attribute) and n.attr == "Ridge"]
    assert ast.unparse(attribute[0]) == "sklearn_penalized.Ridge"


def test_usage_follows_helpers_fixtures_constants_and_params(port_tools):
    tree, rewritten = port_tools.rewrite_imports(ast.parse(SOURCE),
                                                 port_tools.replaced_names())
    used = port_tools.usage(tree, rewritten)
    assert used.body == {"test_direct", "test_via_fixture", "test_via_constant",
                         "test_attribute"}
    assert used.params_only == {"test_params_only"}
    # per parametrization: ours kept, scikit-learn's estimator alone dropped
    assert port_tools.exercises_ours("test_params_only", {"Est": ours.Lasso}, used)
    assert not port_tools.exercises_ours("test_params_only",
                                         {"Est": sk.MultiTaskLasso}, used)
    assert not port_tools.exercises_ours("test_theirs_only", {}, used)
    assert port_tools.exercises_ours("test_direct", {"x": 1}, used)
    # an estimator of scikit-learn's as the parameter: scikit-learn's test
    assert not port_tools.exercises_ours("test_direct", {"e": sk.MultiTaskLasso()},
                                         used)
    assert port_tools.involves_ours([(ours.Ridge(), {"alpha": 1})])


def test_adapt_rewrites_one_line_and_reports_when_it_is_gone(port_tools):
    source = textwrap.dedent('''
        def test_a():
            msg = "old words"
            return msg, f(1)
        def test_b():
            msg = "old words"
            return msg
    ''')
    tree = ast.parse(source)
    assert port_tools.adapt(tree, "test_a", 'msg = "old words"', 'msg = "new"') == 1
    assert port_tools.adapt(tree, "test_a", "f(1)", "g(2)") == 1  # an expression
    ns = _run(port_tools, tree)
    ns["f"], ns["g"] = None, lambda x: x
    assert ns["test_a"]() == ("new", 2)
    assert ns["test_b"]() == "old words"  # another function: untouched
    assert port_tools.adapt(tree, "test_a", 'msg = "old words"', 'msg = "x"') == 0


@pytest.mark.parametrize("name", ["test_coordinate_descent.py",
                                  "test_sparse_coordinate_descent.py",
                                  "test_ridge.py", "test_common.py"])
def test_installed_files_are_ported(port_tools, name):
    source = port_tools.sklearn_test_file(name)
    if source is None:
        pytest.skip(f"this scikit-learn ships no linear_model/tests/{name}")
    port = port_tools.build_module(source, f"_sklearn_port_selftest.{name[:-3]}")
    for local in port.rewritten - {"sklearn_penalized"}:  # ours in the module
        assert getattr(port.module, local).__module__.startswith("sklearn_penalized")
    assert port.rewritten & {"Lasso", "Ridge", "ElasticNet"}
    assert port.usage.body | port.usage.params_only  # some tests reach ours
