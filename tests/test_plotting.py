# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""RegularizationPathDisplay and CVCurveDisplay: the data of the drawn artists."""
import doctest
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

# matplotlib is the optional `plot` extra; the `test` extra installs it, so CI
# always runs this module (the skip only spares a bare `pip install .`).
pytest.importorskip("matplotlib")
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from numpy.testing import assert_allclose, assert_array_equal  # noqa: E402
from sklearn.datasets import make_regression  # noqa: E402
from sklearn.exceptions import NotFittedError  # noqa: E402
from sklearn.linear_model import Lasso as SkLasso  # noqa: E402
from sklearn.linear_model import lasso_path  # noqa: E402

from sklearn_penalized import plotting  # noqa: E402
from sklearn_penalized.plotting import (  # noqa: E402
    CVCurveDisplay,
    RegularizationPathDisplay,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def path_data():
    """A Lasso path with exact zeros: alphas decreasing, coefs (6, 15)."""
    X, y = make_regression(
        n_samples=40, n_features=6, n_informative=4, noise=5.0, random_state=0
    )
    alpha_max = np.max(np.abs(X.T @ (y - y.mean()))) / X.shape[0]
    alphas = np.geomspace(alpha_max, alpha_max / 100, 15)
    alphas_out, coefs, _ = lasso_path(X, y - y.mean(), alphas=alphas)
    assert_allclose(alphas_out, alphas)
    assert np.any(coefs == 0) and np.any(coefs != 0)
    return alphas, coefs


class FakeLassoCV:
    """Stand-in for a fitted LassoCV/ElasticNetCV: only the attributes."""

    def __init__(self, **attributes):
        self.__dict__.update(attributes)


def _cv_curve(n_alphas=12, seed=0):
    """Decreasing alphas, a U-shaped mean loss and its standard errors."""
    rng = np.random.RandomState(seed)
    alphas = np.geomspace(10.0, 0.01, n_alphas)
    log_a = np.log10(alphas)
    cv_mean = 3.0 + (log_a + 1.0) ** 2 + 0.1 * rng.rand(n_alphas)
    cv_std_error = 0.2 + 0.1 * rng.rand(n_alphas)
    return alphas, cv_mean, cv_std_error


def _visible_top_ticks(display):
    """(tick value, label text) of the top axis's major ticks within view."""
    display.figure_.canvas.draw()
    low, high = sorted(display.ax_.get_xlim())
    return [
        (tick.get_loc(), tick.label2.get_text())
        for tick in display.ax_top_.xaxis.get_major_ticks()
        if low <= tick.get_loc() <= high
    ]


# --------------------------------------------------------------------------
# RegularizationPathDisplay: lines
# --------------------------------------------------------------------------
def test_path_lines_are_the_coefficients_against_alpha(path_data):
    alphas, coefs = path_data
    display = RegularizationPathDisplay(alphas, coefs).plot()
    assert len(display.lines_) == coefs.shape[0]
    assert display.ax_.lines[: len(display.lines_)] == display.lines_
    for j, line in enumerate(display.lines_):
        assert_array_equal(line.get_xdata(), alphas)
        assert_array_equal(line.get_ydata(), coefs[j])
    assert display.ax_.get_xscale() == "log"
    # alpha decreases to the right
    left, right = display.ax_.get_xlim()
    assert left > right
    assert display.ax_.get_ylabel() == "Coefficients"


def test_path_lines_against_the_l1_norm(path_data):
    alphas, coefs = path_data
    display = RegularizationPathDisplay(alphas, coefs).plot(x_axis="l1_norm")
    l1_norms = np.abs(coefs).sum(axis=0)
    assert len(display.lines_) == coefs.shape[0]
    for j, line in enumerate(display.lines_):
        assert_allclose(line.get_xdata(), l1_norms)
        assert_array_equal(line.get_ydata(), coefs[j])
    assert display.ax_.get_xscale() == "linear"
    left, right = display.ax_.get_xlim()
    assert left < right


def test_path_unsorted_alphas_are_drawn_in_decreasing_order(path_data):
    alphas, coefs = path_data
    perm = np.random.RandomState(0).permutation(alphas.shape[0])
    display = RegularizationPathDisplay(alphas[perm], coefs[:, perm]).plot()
    for j, line in enumerate(display.lines_):
        assert_array_equal(line.get_xdata(), alphas)
        assert_array_equal(line.get_ydata(), coefs[j])


def test_path_line_kwargs_reach_every_line(path_data):
    alphas, coefs = path_data
    display = RegularizationPathDisplay(alphas, coefs).plot(color="k", lw=3)
    for line in display.lines_:
        assert line.get_linewidth() == 3
        assert matplotlib.colors.same_color(line.get_color(), "k")
    for label in display.labels_:
        assert matplotlib.colors.same_color(label.get_color(), "k")


def test_path_lines_are_labelled_with_feature_names(path_data):
    alphas, coefs = path_data
    names = [f"feat_{j}" for j in range(coefs.shape[0])]
    display = RegularizationPathDisplay(alphas, coefs, feature_names=names).plot()
    assert [line.get_label() for line in display.lines_] == names


# --------------------------------------------------------------------------
# RegularizationPathDisplay: labels at the line ends
# --------------------------------------------------------------------------
@pytest.mark.parametrize("x_axis", ["log_alpha", "l1_norm"])
@pytest.mark.parametrize("n_labels", [1, 3, 5])
def test_path_labels_are_the_largest_coefficients_at_the_line_ends(
    path_data, x_axis, n_labels
):
    alphas, coefs = path_data
    display = RegularizationPathDisplay(alphas, coefs).plot(
        x_axis=x_axis, n_labels=n_labels
    )
    smallest = np.argmin(alphas)
    end = coefs[:, smallest]
    expected = sorted(range(len(end)), key=lambda j: -abs(end[j]))[:n_labels]
    assert [label.get_text() for label in display.labels_] == [
        f"x{j}" for j in expected
    ]
    x_end = alphas[smallest] if x_axis == "log_alpha" else np.abs(end).sum()
    for label, j in zip(display.labels_, expected):
        # anchored at the right end of the feature's line
        assert_allclose(label.xy, (x_end, end[j]))
        line = display.lines_[j]
        assert_allclose(label.xy, (line.get_xdata()[-1], line.get_ydata()[-1]))
        assert label.get_horizontalalignment() == "left"
        assert matplotlib.colors.same_color(label.get_color(), line.get_color())
    # the line end is the rightmost point of the axes
    display.figure_.canvas.draw()
    to_pixels = display.ax_.transData.transform
    line_x = display.lines_[0].get_xdata()
    x_pixels = to_pixels(np.column_stack([line_x, np.zeros_like(line_x)]))[:, 0]
    assert np.argmax(x_pixels) == len(alphas) - 1


def test_path_labels_use_feature_names_and_skip_zero_coefficients():
    alphas = np.array([1.0, 0.1, 0.01])
    coefs = np.array([
        [0.0, 0.0, 0.0],
        [0.0, 1.0, -3.0],
        [0.0, 0.5, 2.0],
        [0.0, 0.0, 0.0],
    ])
    display = RegularizationPathDisplay(
        alphas, coefs, feature_names=["a", "b", "c", "d"]
    ).plot(n_labels=10)
    assert [label.get_text() for label in display.labels_] == ["b", "c"]
    for n_labels in (0, None):
        display = RegularizationPathDisplay(alphas, coefs).plot(n_labels=n_labels)
        assert display.labels_ == []


@pytest.mark.parametrize("dpi", [72, 100, 200])
def test_path_close_labels_are_nudged_apart_but_stay_anchored(dpi):
    """The rendered boxes of close labels do not overlap, whatever the DPI
    (the text's pixel rounding depends on it), and each label stays anchored
    at the end of its line."""
    alphas = np.geomspace(1.0, 0.01, 5)
    coefs = np.outer([10.0, 10.05, 9.95, -10.0], np.linspace(0, 1, 5))
    ax = plt.figure(dpi=dpi).add_subplot()
    display = RegularizationPathDisplay(alphas, coefs).plot(ax=ax, n_labels=4)
    display.figure_.canvas.draw()
    boxes = [label.get_window_extent() for label in display.labels_]
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            assert not boxes[a].overlaps(boxes[b]), (a, b)
    for label in display.labels_:
        j = int(label.get_text()[1:])
        assert_allclose(label.xy, (0.01, coefs[j, -1]))


# --------------------------------------------------------------------------
# RegularizationPathDisplay: top axis of nonzero counts
# --------------------------------------------------------------------------
def test_path_top_axis_counts_nonzero_coefficients_at_tick_alphas():
    # the decades 10, 1, 0.1, 0.01 are path points: their counts are exact
    alphas = np.array([10.0, 5.0, 1.0, 0.5, 0.1, 0.05, 0.01])
    coefs = np.array([
        [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        [0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 4.0],
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1.0],
        [0.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.5],
    ])
    expected = {10.0: "0", 1.0: "1", 0.1: "3", 0.01: "4"}
    display = RegularizationPathDisplay(alphas, coefs).plot()
    assert display.ax_top_.get_xscale() in ("log", "functionlog")
    ticks = _visible_top_ticks(display)  # draws the figure
    assert display.ax_top_.get_xlim() == pytest.approx(display.ax_.get_xlim())
    assert [loc for loc, _ in ticks] == pytest.approx(sorted(expected))
    for loc, text in ticks:
        assert text == expected[min(expected, key=lambda a: abs(a - loc))]


def test_path_top_axis_counts_along_the_l1_norm():
    alphas = np.array([4.0, 2.0, 1.0, 0.5, 0.25])
    coefs = np.array([
        [0.0, 1.0, 2.0, 3.0, 4.0],
        [0.0, 0.0, 0.0, -1.0, -2.0],
        [0.0, 0.0, 0.0, 0.0, 4.0],
    ])  # L1 norms 0, 1, 2, 4, 10
    display = RegularizationPathDisplay(alphas, coefs).plot(x_axis="l1_norm")
    norms = np.abs(coefs).sum(axis=0)
    counts = np.count_nonzero(coefs, axis=0)
    ticks = _visible_top_ticks(display)
    assert len(ticks) >= 3
    for loc, text in ticks:
        assert text == str(counts[np.argmin(np.abs(norms - loc))])
    assert dict(ticks)[0.0] == "0" and dict(ticks)[10.0] == "3"


def test_path_top_axis_on_real_path(path_data):
    alphas, coefs = path_data
    display = RegularizationPathDisplay(alphas, coefs).plot()
    ticks = _visible_top_ticks(display)
    assert len(ticks) >= 2
    for loc, text in ticks:
        nearest = np.argmin(np.abs(np.log(alphas) - np.log(loc)))
        assert text == str(np.count_nonzero(coefs[:, nearest]))


# --------------------------------------------------------------------------
# RegularizationPathDisplay: axes, constructors
# --------------------------------------------------------------------------
def test_path_draws_on_the_given_axes(path_data):
    alphas, coefs = path_data
    fig, (ax1, ax2) = plt.subplots(1, 2)
    display = RegularizationPathDisplay(alphas, coefs, estimator_name="Lasso")
    assert display.plot(ax=ax2) is display
    assert display.ax_ is ax2 and display.figure_ is fig
    assert len(ax2.lines) == coefs.shape[0] and len(ax1.lines) == 0
    assert ax2.get_title() == "Lasso"
    display.plot(ax=ax1, x_axis="l1_norm")
    assert display.ax_ is ax1 and len(ax1.lines) == coefs.shape[0]
    assert len(plt.get_fignums()) == 1


def test_path_new_figure_when_no_axes(path_data):
    alphas, coefs = path_data
    display = RegularizationPathDisplay(alphas, coefs).plot()
    assert display.figure_ is display.ax_.figure
    assert display.ax_.get_title() == ""


def test_from_path_selects_a_target(path_data):
    alphas, coefs = path_data
    coefs3 = np.stack([coefs, -2 * coefs])
    display = RegularizationPathDisplay.from_path(
        alphas, coefs3, target=1, estimator_name="Lasso", n_labels=2
    )
    for j, line in enumerate(display.lines_):
        assert_array_equal(line.get_ydata(), -2 * coefs[j])
    assert display.ax_.get_title() == "Lasso (target 1)"
    display = RegularizationPathDisplay.from_path(alphas, coefs3)
    assert_array_equal(display.lines_[0].get_ydata(), coefs[0])
    with pytest.raises(ValueError, match=r"target=2 is out of range.*\[0, 1\]"):
        RegularizationPathDisplay.from_path(alphas, coefs3, target=2)
    with pytest.raises(ValueError, match="target=1 is out of range"):
        RegularizationPathDisplay.from_path(alphas, coefs, target=1)


def test_path_from_estimator_uses_the_refit_path(path_data):
    alphas, coefs = path_data
    names = np.array([f"f{j}" for j in range(coefs.shape[0])], dtype=object)
    model = FakeLassoCV(
        path_alphas_=alphas, coef_path_=coefs, feature_names_in_=names,
        alphas_=alphas * 2,  # the CV grid is not used by the path display
    )
    fig, ax = plt.subplots()
    display = RegularizationPathDisplay.from_estimator(model, ax=ax, n_labels=2)
    assert display.ax_ is ax and display.figure_ is fig
    assert display.ax_.get_title() == "FakeLassoCV"
    for j, line in enumerate(display.lines_):
        assert_array_equal(line.get_xdata(), alphas)
        assert_array_equal(line.get_ydata(), coefs[j])
    end = np.abs(coefs[:, -1])
    assert [label.get_text() for label in display.labels_] == [
        names[j] for j in np.argsort(-end, kind="stable")[:2]
    ]
    display = RegularizationPathDisplay.from_estimator(
        model, feature_names=list("abcdef"), x_axis="l1_norm"
    )
    assert set(label.get_text() for label in display.labels_) <= set("abcdef")


def test_path_from_estimator_multi_output(path_data):
    alphas, coefs = path_data
    model = FakeLassoCV(path_alphas_=alphas, coef_path_=np.stack([coefs, coefs / 3]))
    display = RegularizationPathDisplay.from_estimator(model, target=1)
    assert_allclose(display.lines_[2].get_ydata(), coefs[2] / 3)
    assert display.ax_.get_title() == "FakeLassoCV (target 1)"
    with pytest.raises(ValueError, match="target=5 is out of range"):
        RegularizationPathDisplay.from_estimator(model, target=5)
    with pytest.raises(ValueError, match="target must be an int"):
        RegularizationPathDisplay.from_estimator(model, target=0.5)


def test_path_one_alpha_grid_per_target(path_data):
    alphas, coefs = path_data
    model = FakeLassoCV(
        path_alphas_=np.stack([alphas, alphas / 10]),
        coef_path_=np.stack([coefs, coefs / 3]),
    )
    display = RegularizationPathDisplay.from_estimator(model, target=1)
    assert_allclose(display.lines_[0].get_xdata(), alphas / 10)
    assert_allclose(display.lines_[0].get_ydata(), coefs[0] / 3)
    display = RegularizationPathDisplay.from_path(
        np.stack([alphas, alphas / 10]), np.stack([coefs, coefs / 3])
    )
    assert_allclose(display.lines_[0].get_xdata(), alphas)


def test_path_from_estimator_needs_the_path_attributes(path_data):
    alphas, coefs = path_data
    with pytest.raises(NotFittedError, match="coef_path_|path_alphas_"):
        RegularizationPathDisplay.from_estimator(SkLasso())
    X, y = make_regression(n_samples=20, n_features=3, random_state=0)
    with pytest.raises(ValueError, match="'path_alphas_'") as excinfo:
        RegularizationPathDisplay.from_estimator(SkLasso().fit(X, y))
    assert not isinstance(excinfo.value, NotFittedError)
    with pytest.raises(ValueError, match="'coef_path_'"):
        RegularizationPathDisplay.from_estimator(FakeLassoCV(path_alphas_=alphas))


# --------------------------------------------------------------------------
# RegularizationPathDisplay: validation
# --------------------------------------------------------------------------
def test_path_rejects_bad_inputs(path_data):
    alphas, coefs = path_data
    with pytest.raises(
        ValueError, match=r"coefs of shape \(6, 14\) and alphas of shape \(15,\)"
    ):
        RegularizationPathDisplay(alphas, coefs[:, 1:]).plot()
    with pytest.raises(ValueError, match=r"from_path\(\.\.\., target=k\)"):
        RegularizationPathDisplay(alphas, np.stack([coefs, coefs])).plot()
    with pytest.raises(ValueError, match=r"alphas must be a non-empty 1-d.*\(15, 1\)"):
        RegularizationPathDisplay(alphas[:, None], coefs).plot()
    bad = alphas.copy()
    bad[-1] = 0.0
    with pytest.raises(ValueError, match="strictly positive"):
        RegularizationPathDisplay(bad, coefs).plot()
    bad[-1] = -1.0
    with pytest.raises(ValueError, match="strictly positive"):
        RegularizationPathDisplay.from_path(bad, coefs)
    bad[-1] = np.nan
    with pytest.raises(ValueError, match="finite"):
        RegularizationPathDisplay(bad, coefs).plot()
    with pytest.raises(ValueError, match="x_axis must be one of.*'log_lambda'"):
        RegularizationPathDisplay(alphas, coefs).plot(x_axis="log_lambda")
    with pytest.raises(ValueError, match="x_axis must be one of"):
        RegularizationPathDisplay.from_path(alphas, coefs, x_axis="alpha")
    with pytest.raises(
        ValueError, match=r"feature_names has 2 entries but coefs has 6 features"
    ):
        RegularizationPathDisplay(alphas, coefs, feature_names=["a", "b"]).plot()
    with pytest.raises(ValueError, match="n_labels must be a non-negative int"):
        RegularizationPathDisplay(alphas, coefs).plot(n_labels=-1)
    # nothing was drawn by the failed calls
    assert plt.get_fignums() == []


# --------------------------------------------------------------------------
# CVCurveDisplay
# --------------------------------------------------------------------------
def test_cv_errorbar_data():
    alphas, cv_mean, cv_std_error = _cv_curve()
    display = CVCurveDisplay(alphas, cv_mean, cv_std_error).plot()
    data_line, caplines, (bars,) = display.errorbar_.lines
    assert_array_equal(data_line.get_xdata(), alphas)
    assert_array_equal(data_line.get_ydata(), cv_mean)
    segments = np.array(bars.get_segments())  # (n_alphas, 2 ends, xy)
    assert segments.shape == (len(alphas), 2, 2)
    assert_allclose(segments[:, 0, 0], alphas)
    assert_allclose(segments[:, 1, 0], alphas)
    assert_allclose(np.sort(segments[:, :, 1], axis=1),
                    np.column_stack([cv_mean - cv_std_error, cv_mean + cv_std_error]))
    assert display.ax_.get_xscale() == "log"
    left, right = display.ax_.get_xlim()
    assert left > right
    assert display.ax_.get_ylabel() == "Mean squared error"
    assert display.line_min_ is None and display.line_1se_ is None


def test_cv_unsorted_alphas_are_drawn_in_decreasing_order():
    alphas, cv_mean, cv_std_error = _cv_curve()
    perm = np.random.RandomState(1).permutation(len(alphas))
    display = CVCurveDisplay(alphas[perm], cv_mean[perm], cv_std_error[perm]).plot()
    data_line = display.errorbar_.lines[0]
    assert_array_equal(data_line.get_xdata(), alphas)
    assert_array_equal(data_line.get_ydata(), cv_mean)


def test_cv_vertical_lines_at_alpha_min_and_alpha_1se():
    alphas, cv_mean, cv_std_error = _cv_curve()
    display = CVCurveDisplay(
        alphas, cv_mean, cv_std_error, alpha_min=0.1, alpha_1se=0.35,
        score_name="Mean absolute error", estimator_name="LassoCV",
    ).plot()
    assert display.line_min_.get_xdata() == [0.1, 0.1]
    assert display.line_1se_.get_xdata() == [0.35, 0.35]
    for line in (display.line_min_, display.line_1se_):
        assert line.get_linestyle() == "--"
        # spans the full height of the axes
        assert list(line.get_ydata()) == [0, 1]
        assert line in display.ax_.lines
    assert display.ax_.get_ylabel() == "Mean absolute error"
    assert display.ax_.get_title() == "LassoCV"
    legend = [text.get_text() for text in display.ax_.get_legend().get_texts()]
    assert "alpha_min = 0.1" in legend and "alpha_1se = 0.35" in legend
    display = CVCurveDisplay(alphas, cv_mean, cv_std_error, alpha_1se=0.35).plot()
    assert display.line_min_ is None
    assert display.line_1se_.get_xdata() == [0.35, 0.35]


def test_cv_draws_on_the_given_axes_with_errorbar_kwargs():
    alphas, cv_mean, cv_std_error = _cv_curve()
    fig, (ax1, ax2) = plt.subplots(2, 1)
    display = CVCurveDisplay(alphas, cv_mean, cv_std_error, alpha_min=0.1)
    assert display.plot(ax=ax1, c="tab:green", capsize=0) is display
    assert display.ax_ is ax1 and display.figure_ is fig
    assert ax1.containers == [display.errorbar_] and ax2.containers == []
    assert matplotlib.colors.same_color(
        display.errorbar_.lines[0].get_color(), "tab:green"
    )
    assert display.errorbar_.lines[1] == ()  # no caps
    assert len(plt.get_fignums()) == 1


def test_cv_rejects_bad_inputs():
    alphas, cv_mean, cv_std_error = _cv_curve()
    with pytest.raises(
        ValueError, match=r"cv_mean must have the shape of alphas, \(12,\).*\(11,\)"
    ):
        CVCurveDisplay(alphas, cv_mean[1:], cv_std_error).plot()
    with pytest.raises(ValueError, match=r"cv_std_error .*shape \(12, 1\)"):
        CVCurveDisplay(alphas, cv_mean, cv_std_error[:, None]).plot()
    with pytest.raises(ValueError, match="non-negative"):
        CVCurveDisplay(alphas, cv_mean, -cv_std_error).plot()
    with pytest.raises(ValueError, match="strictly positive"):
        CVCurveDisplay(alphas - 1.0, cv_mean, cv_std_error).plot()
    with pytest.raises(ValueError, match="alpha_min must be a finite positive"):
        CVCurveDisplay(alphas, cv_mean, cv_std_error, alpha_min=0.0).plot()
    with pytest.raises(ValueError, match="alpha_1se must be a finite positive"):
        CVCurveDisplay(alphas, cv_mean, cv_std_error, alpha_1se=np.nan).plot()
    assert plt.get_fignums() == []


def _fake_lasso_cv(**extra):
    alphas, cv_mean, cv_std_error = _cv_curve()
    attributes = dict(
        alphas_=alphas, cv_mean_=cv_mean, cv_std_error_=cv_std_error,
        mse_path_=np.tile(cv_mean[:, None], 3),
        alpha_min_=alphas[4], alpha_1se_=alphas[2], alpha_=alphas[2],
        selection_rule="1se", scoring=None,
    )
    attributes.update(extra)
    return FakeLassoCV(**attributes)


def test_cv_from_estimator_lasso_cv():
    model = _fake_lasso_cv()
    fig, ax = plt.subplots()
    display = CVCurveDisplay.from_estimator(model, ax=ax, capsize=4)
    assert display.ax_ is ax and display.figure_ is fig
    data_line = display.errorbar_.lines[0]
    assert_array_equal(data_line.get_xdata(), model.alphas_)
    assert_array_equal(data_line.get_ydata(), model.cv_mean_)
    assert display.line_min_.get_xdata() == [model.alpha_min_] * 2
    assert display.line_1se_.get_xdata() == [model.alpha_1se_] * 2
    assert display.ax_.get_ylabel() == "Mean squared error"
    assert display.ax_.get_title() == "FakeLassoCV"
    with pytest.raises(ValueError, match="l1_ratio_index=1 is out of range"):
        CVCurveDisplay.from_estimator(model, l1_ratio_index=1)


@pytest.mark.parametrize(
    "scoring, label",
    [
        ("neg_mean_absolute_error", "Mean absolute error"),
        ("r2", "Negative r2"),
        (lambda est, X, y: 0.0, "Negative score"),
    ],
)
def test_cv_from_estimator_score_name(scoring, label):
    display = CVCurveDisplay.from_estimator(_fake_lasso_cv(scoring=scoring))
    assert display.ax_.get_ylabel() == label


def _fake_elastic_net_cv():
    curves = [_cv_curve(seed=seed) for seed in range(3)]
    alphas = np.stack([c[0] * (k + 1) for k, c in enumerate(curves)])
    cv_mean = np.stack([c[1] for c in curves])
    cv_std_error = np.stack([c[2] for c in curves])
    return FakeLassoCV(
        alphas_=alphas, cv_mean_=cv_mean, cv_std_error_=cv_std_error,
        l1_ratio=[0.1, 0.5, 1.0], l1_ratio_=0.5,
        # deliberately not the curve's own optimum: the display must use them
        alpha_min_=alphas[1, 6], alpha_1se_=alphas[1, 3], scoring=None,
    )


def test_cv_from_estimator_elastic_net_defaults_to_the_selected_l1_ratio():
    model = _fake_elastic_net_cv()
    display = CVCurveDisplay.from_estimator(model)
    data_line = display.errorbar_.lines[0]
    assert_array_equal(data_line.get_xdata(), model.alphas_[1])
    assert_array_equal(data_line.get_ydata(), model.cv_mean_[1])
    segments = np.array(display.errorbar_.lines[2][0].get_segments())
    assert_allclose(np.ptp(segments[:, :, 1], axis=1) / 2, model.cv_std_error_[1])
    assert display.line_min_.get_xdata() == [model.alpha_min_] * 2
    assert display.line_1se_.get_xdata() == [model.alpha_1se_] * 2
    assert display.ax_.get_title() == "FakeLassoCV (l1_ratio=0.5)"


def test_cv_from_estimator_other_l1_ratio_gets_its_own_min_and_1se():
    model = _fake_elastic_net_cv()
    display = CVCurveDisplay.from_estimator(model, l1_ratio_index=2)
    alphas, mean, se = (model.alphas_[2], model.cv_mean_[2], model.cv_std_error_[2])
    assert_array_equal(display.errorbar_.lines[0].get_ydata(), mean)
    best = int(np.argmin(mean))
    alpha_1se = max(a for a, m in zip(alphas, mean) if m <= mean[best] + se[best])
    assert display.line_min_.get_xdata() == [alphas[best]] * 2
    assert display.line_1se_.get_xdata() == [alpha_1se] * 2
    assert alpha_1se > alphas[best]
    assert display.ax_.get_title() == "FakeLassoCV (l1_ratio=1)"
    with pytest.raises(ValueError, match=r"l1_ratio_index=3 is out of range.*\[0, 2\]"):
        CVCurveDisplay.from_estimator(model, l1_ratio_index=3)


def test_cv_from_estimator_per_target_curves():
    alphas, cv_mean, cv_std_error = _cv_curve()
    model = _fake_lasso_cv(
        cv_mean_=np.column_stack([cv_mean, 2 * cv_mean]),
        cv_std_error_=np.column_stack([cv_std_error, 3 * cv_std_error]),
        alpha_min_=np.array([alphas[4], alphas[5]]),
        alpha_1se_=np.array([alphas[2], alphas[3]]),
    )
    display = CVCurveDisplay.from_estimator(model, target=1)
    assert_array_equal(display.errorbar_.lines[0].get_ydata(), 2 * cv_mean)
    segments = np.array(display.errorbar_.lines[2][0].get_segments())
    assert_allclose(np.ptp(segments[:, :, 1], axis=1) / 2, 3 * cv_std_error)
    assert display.line_min_.get_xdata() == [alphas[5]] * 2
    assert display.line_1se_.get_xdata() == [alphas[3]] * 2
    assert display.ax_.get_title() == "FakeLassoCV (target 1)"
    display = CVCurveDisplay.from_estimator(model)
    assert_array_equal(display.errorbar_.lines[0].get_ydata(), cv_mean)
    with pytest.raises(ValueError, match=r"target=2 is out of range.*\[0, 1\]"):
        CVCurveDisplay.from_estimator(model, target=2)


def test_cv_from_estimator_shared_curve_multi_output_checks_target():
    model = _fake_lasso_cv(coef_=np.zeros((2, 5)))
    display = CVCurveDisplay.from_estimator(model, target=1)
    assert_array_equal(display.errorbar_.lines[0].get_ydata(), model.cv_mean_)
    with pytest.raises(ValueError, match="target=2 is out of range"):
        CVCurveDisplay.from_estimator(model, target=2)


def test_cv_from_estimator_errors():
    with pytest.raises(NotFittedError, match="'alphas_'"):
        CVCurveDisplay.from_estimator(SkLasso())
    with pytest.raises(ValueError, match="'cv_std_error_'"):
        model = _fake_lasso_cv()
        del model.cv_std_error_
        CVCurveDisplay.from_estimator(model)
    model = _fake_lasso_cv(cv_mean_=np.ones(5), cv_std_error_=np.ones(5))
    with pytest.raises(ValueError, match=r"cv_mean_ of shape \(5,\) and alphas_ of"):
        CVCurveDisplay.from_estimator(model)
    model = _fake_elastic_net_cv()
    model.l1_ratio_ = 0.7
    with pytest.raises(ValueError, match="pass l1_ratio_index"):
        CVCurveDisplay.from_estimator(model)
    assert CVCurveDisplay.from_estimator(model, l1_ratio_index=0).line_min_ is not None


# --------------------------------------------------------------------------
# matplotlib is optional; docstring examples run
# --------------------------------------------------------------------------
def test_missing_matplotlib_names_the_plot_extra(monkeypatch, path_data):
    alphas, coefs = path_data
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    hint = r'pip install "sklearn-penalized\[plot\]"'
    with pytest.raises(ImportError, match=hint):
        RegularizationPathDisplay(alphas, coefs).plot()
    with pytest.raises(ImportError, match=hint):
        CVCurveDisplay.from_estimator(_fake_lasso_cv())


def test_package_imports_without_matplotlib(tmp_path):
    code = (
        "import sys\n"
        "sys.modules['matplotlib'] = None\n"
        "import sklearn_penalized, sklearn_penalized.plotting as p\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
        "try:\n"
        "    p.CVCurveDisplay([1.0], [1.0], [0.0]).plot()\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=tmp_path,
    ).stdout
    assert 'pip install "sklearn-penalized[plot]"' in out


def test_docstring_examples_run():
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    tests = [t for t in finder.find(plotting) if t.examples]
    names = {t.name.rsplit(".", 1)[-1] for t in tests}
    assert {"RegularizationPathDisplay", "CVCurveDisplay", "plot", "from_path",
            "from_estimator"} <= names
    for test in tests:
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


# --------------------------------------------------------------------------
# The real estimators and the gallery scripts, once they exist
# --------------------------------------------------------------------------
def _real(name):
    from sklearn_penalized import _cv

    return getattr(_cv, name)


@pytest.fixture(scope="module")
def diabetes():
    from sklearn.datasets import load_diabetes

    return load_diabetes(return_X_y=True)


def test_real_lasso_cv_displays(diabetes):
    LassoCV = _real("LassoCV")
    X, y = diabetes
    model = LassoCV(cv=3, selection_rule="1se").fit(X, y)
    path = RegularizationPathDisplay.from_estimator(model)
    assert len(path.lines_) == X.shape[1]
    order = np.argsort(-model.path_alphas_, kind="stable")
    for j, line in enumerate(path.lines_):
        assert_array_equal(line.get_xdata(), model.path_alphas_[order])
        assert_array_equal(line.get_ydata(), model.coef_path_[j, order])
    curve = CVCurveDisplay.from_estimator(model)
    order = np.argsort(-model.alphas_, kind="stable")
    assert_array_equal(curve.errorbar_.lines[0].get_xdata(), model.alphas_[order])
    assert_array_equal(curve.errorbar_.lines[0].get_ydata(), model.cv_mean_[order])
    assert curve.line_min_.get_xdata() == [model.alpha_min_] * 2
    assert curve.line_1se_.get_xdata() == [model.alpha_1se_] * 2
    assert model.alpha_ == model.alpha_1se_


def test_real_elastic_net_cv_displays(diabetes):
    ElasticNetCV = _real("ElasticNetCV")
    X, y = diabetes
    model = ElasticNetCV(cv=3, l1_ratio=[0.5, 1.0]).fit(X, y)
    selected = [0.5, 1.0].index(model.l1_ratio_)
    curve = CVCurveDisplay.from_estimator(model)
    assert_array_equal(
        np.sort(curve.errorbar_.lines[0].get_xdata()), np.sort(model.alphas_[selected])
    )
    assert curve.line_min_.get_xdata() == [model.alpha_min_] * 2
    other = CVCurveDisplay.from_estimator(model, l1_ratio_index=1 - selected)
    mean = model.cv_mean_[1 - selected]
    assert other.line_min_.get_xdata()[0] == model.alphas_[1 - selected][
        np.argmin(mean)
    ]
    path = RegularizationPathDisplay.from_estimator(model)
    assert len(path.lines_) == X.shape[1]


def test_real_elastic_net_cv_given_alphas_several_l1_ratios(diabetes):
    """Given alphas are one grid for every l1_ratio (alphas_ of shape
    (n_alphas,), as scikit-learn's): each curve is drawn on it."""
    ElasticNetCV = _real("ElasticNetCV")
    X, y = diabetes
    grid = [1.0, 0.3, 0.1, 0.03, 0.01]
    model = ElasticNetCV(cv=3, l1_ratio=[0.5, 1.0], alphas=grid).fit(X, y)
    assert model.alphas_.shape == (5,) and model.cv_mean_.shape == (2, 5)
    for index in (0, 1):
        curve = CVCurveDisplay.from_estimator(model, l1_ratio_index=index)
        assert_array_equal(curve.errorbar_.lines[0].get_xdata(), grid)
        assert_array_equal(curve.errorbar_.lines[0].get_ydata(), model.cv_mean_[index])


def test_real_elastic_net_cv_l1_ratio_per_target():
    ElasticNetCV = _real("ElasticNetCV")
    # target 0: many correlated features (dense, small l1_ratio wins);
    # target 1: a single feature (sparse, the Lasso wins)
    rng = np.random.RandomState(0)
    X = rng.randn(40, 1) + 0.3 * rng.randn(40, 20)
    Y = np.column_stack([X @ np.ones(20) + 3 * rng.randn(40),
                         5 * X[:, 0] + rng.randn(40)])
    model = ElasticNetCV(
        cv=4, l1_ratio=[0.05, 1.0], alpha_per_target=True, alphas=30
    ).fit(X, Y)
    # the data are built so that the two targets choose differently
    assert len(set(np.atleast_1d(model.l1_ratio_))) == 2
    for t in (0, 1):
        i = [0.05, 1.0].index(model.l1_ratio_[t])
        curve = CVCurveDisplay.from_estimator(model, target=t)
        order = np.argsort(-model.alphas_[i], kind="stable")
        assert_array_equal(curve.errorbar_.lines[0].get_xdata(),
                           model.alphas_[i][order])
        assert_array_equal(curve.errorbar_.lines[0].get_ydata(),
                           model.cv_mean_[i, order, t])
        assert curve.line_min_.get_xdata() == [model.alpha_min_[t]] * 2
        assert curve.line_1se_.get_xdata() == [model.alpha_1se_[t]] * 2
        path = RegularizationPathDisplay.from_estimator(model, target=t)
        grids = np.atleast_2d(model.path_alphas_)
        grid = grids[t if len(grids) == 2 else 0]
        order = np.argsort(-grid, kind="stable")
        assert_array_equal(path.lines_[3].get_xdata(), grid[order])
        assert_array_equal(path.lines_[3].get_ydata(), model.coef_path_[t, 3, order])


@pytest.mark.parametrize(
    "script, figures",
    [
        ("plot_lasso_path.py", ["plot_lasso_path.png"]),
        ("plot_cv_curve.py", ["plot_cv_curve.png"]),
    ],
)
def test_gallery_script_saves_its_figures(script, figures, tmp_path):
    env = {**os.environ, "SKLEARN_PENALIZED_FIGURE_DIR": str(tmp_path)}
    subprocess.run(
        [sys.executable, str(EXAMPLES / script)], check=True, cwd=tmp_path, env=env,
        capture_output=True,
    )
    for name in figures:
        assert (tmp_path / name).stat().st_size > 10_000
