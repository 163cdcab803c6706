# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Visualizations of regularization paths and cross-validation curves.

Two Display objects following scikit-learn's Display conventions:

* :class:`RegularizationPathDisplay`: the coefficients along a
  regularization path, against the regularization strength (log scale) or
  the L1 norm of the coefficient vector;
* :class:`CVCurveDisplay`: the mean cross-validation loss with one standard
  error bars against the regularization strength, with the ``alpha_min`` and
  ``alpha_1se`` choices marked.

Each Display is built from raw arrays (constructor, or
:meth:`RegularizationPathDisplay.from_path`) or from a fitted estimator
(``from_estimator``), and draws with ``plot(ax=None, ...)``, which stores
the matplotlib objects in attributes ending with ``_`` (``figure_``, ``ax_``
and the artists) and returns the Display.

matplotlib is an optional dependency, imported only when a plot is drawn::

    pip install "sklearn-penalized[plot]"
"""
import numbers

import numpy as np
import scipy.sparse as sp
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted

__all__ = ["CVCurveDisplay", "RegularizationPathDisplay"]

_X_AXES = ("log_alpha", "l1_norm")
_INSTALL_HINT = 'pip install "sklearn-penalized[plot]"'


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def _import_pyplot(caller):
    """Import ``matplotlib.pyplot`` lazily, with an install hint on failure."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            f"{caller} requires matplotlib, which is not installed. Install it "
            f"with the 'plot' extra: {_INSTALL_HINT}"
        ) from exc
    return plt


def _get_axes(ax, caller):
    """The axes to draw on: ``ax``, or the axes of a new figure."""
    plt = _import_pyplot(caller)
    if ax is None:
        _, ax = plt.subplots(layout="constrained")
    return ax


def _merge_style(defaults, user, artist_class):
    """``defaults`` updated with ``user``, matplotlib aliases resolved.

    ``lw=2`` given by the user replaces a default ``linewidth``; giving both
    an alias and its full name raises matplotlib's ``TypeError``.
    """
    from matplotlib.cbook import normalize_kwargs

    merged = normalize_kwargs(defaults, artist_class)
    merged.update(normalize_kwargs(user, artist_class))
    return merged


def _as_alphas(alphas, name="alphas"):
    """Validated 1-d array of finite positive floats."""
    alphas = np.asarray(alphas, dtype=float)
    if alphas.ndim != 1 or alphas.size == 0:
        raise ValueError(
            f"{name} must be a non-empty 1-d array of shape (n_alphas,); got "
            f"an array of shape {alphas.shape}."
        )
    if not np.all(np.isfinite(alphas)) or np.any(alphas <= 0):
        raise ValueError(
            f"{name} must be finite and strictly positive (they are drawn on a "
            f"log scale); got min({name}) = {np.min(alphas)!r}."
        )
    return alphas


def _as_dense(array):
    return array.toarray() if sp.issparse(array) else array


def _check_index(value, n, name, what):
    """``value`` (None means 0) as an index into ``n`` items, else ValueError."""
    if value is None:
        return 0
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise ValueError(f"{name} must be an int or None; got {value!r}.")
    if not 0 <= value < n:
        raise ValueError(
            f"{name}={value} is out of range: there {'is' if n == 1 else 'are'} "
            f"{n} {what}{'' if n == 1 else 's'}, so {name} must be in "
            f"[0, {n - 1}]."
        )
    return int(value)


def _check_x_axis(x_axis):
    if x_axis not in _X_AXES:
        raise ValueError(
            f"x_axis must be one of {', '.join(map(repr, _X_AXES))}; got "
            f"{x_axis!r}."
        )


def _check_n_labels(n_labels):
    if n_labels is None:
        return 0
    if (
        not isinstance(n_labels, numbers.Integral)
        or isinstance(n_labels, bool)
        or n_labels < 0
    ):
        raise ValueError(
            f"n_labels must be a non-negative int or None; got {n_labels!r}."
        )
    return int(n_labels)


def _fitted_attribute(estimator, attribute, display):
    """``estimator.<attribute>``, or a clear error if it was never set.

    An unfitted scikit-learn estimator gives :class:`NotFittedError`; a fitted
    object without the attribute (a plain ``Lasso``, say) gives a ValueError
    naming it. ``NotFittedError`` subclasses ``ValueError``, so catching
    ``ValueError`` covers both.
    """
    try:
        return getattr(estimator, attribute)
    except AttributeError:
        pass
    name = type(estimator).__name__
    if hasattr(estimator, "fit"):
        try:
            check_is_fitted(estimator)
        except NotFittedError:
            raise NotFittedError(
                f"This {name} instance is not fitted yet: call 'fit' before "
                f"{display}.from_estimator (it needs the fitted attribute "
                f"{attribute!r})."
            ) from None
    raise ValueError(
        f"{display}.from_estimator needs the fitted attribute {attribute!r}, "
        f"which this {name} does not have. Use an estimator that stores its "
        "regularization path and CV results, such as "
        "sklearn_penalized.LassoCV or sklearn_penalized.ElasticNetCV."
    )


def _select_target(value, target, attribute):
    """The entry of a per-target attribute (scalar attributes pass through)."""
    value = np.asarray(value, dtype=float)
    if value.ndim == 0:
        return float(value)
    if value.ndim != 1 or not 0 <= target < value.shape[0]:
        raise ValueError(
            f"{attribute} must be a scalar or an array of shape (n_targets,) "
            f"with an entry for target {target}; got shape {value.shape}."
        )
    return float(value[target])


def _min_and_1se(alphas, cv_mean, cv_std_error):
    """``alpha_min`` and ``alpha_1se`` of one CV curve.

    ``alpha_min`` minimizes the mean CV loss; ``alpha_1se`` is the largest
    alpha whose mean loss is within one standard error (at ``alpha_min``) of
    that minimum.
    """
    finite = np.isfinite(cv_mean)
    if not finite.any():
        return None, None
    best = np.flatnonzero(finite)[np.argmin(cv_mean[finite])]
    threshold = cv_mean[best] + (
        cv_std_error[best] if np.isfinite(cv_std_error[best]) else 0.0
    )
    within = finite & (cv_mean <= threshold)
    return float(alphas[best]), float(np.max(alphas[within]))


def _spread(positions, gap):
    """Positions at least ``gap`` apart, in the same order, moved little.

    Overlapping neighbours are merged into groups laid out ``gap`` apart
    around the mean of their wanted positions, until no groups overlap.
    """
    order = np.argsort(positions, kind="stable")
    groups = []  # [mean wanted position, size]
    for value in np.asarray(positions, dtype=float)[order]:
        groups.append([value, 1])
        while len(groups) > 1:
            (low, n_low), (high, n_high) = groups[-2], groups[-1]
            if (high - (n_high - 1) * gap / 2) - (low + (n_low - 1) * gap / 2) >= gap:
                break
            groups[-2:] = [[(low * n_low + high * n_high) / (n_low + n_high),
                            n_low + n_high]]
    spread = []
    for center, size in groups:
        spread.extend(center + gap * (np.arange(size) - (size - 1) / 2))
    result = np.empty(len(spread))
    result[order] = spread
    return result


def _label_nudges(ax, x, ys, labels, pad_points=1.0):
    """Vertical offsets (points) that keep ``labels``, anchored at (x, ys),
    apart: adjacent ones at least the height of the tallest label, as the
    figure's renderer lays the text out (font, size, DPI, rounding to its
    pixels), plus ``pad_points``.

    Computed from the current y limits and axes size: a later change of
    either can bring labels closer again, never moves their anchors.
    """
    if len(ys) == 0:
        return []
    ax.get_ylim()  # settles pending autoscaling before transforming
    points_per_pixel = 72.0 / ax.figure.dpi
    height = max(label.get_window_extent().height for label in labels)
    gap = height * points_per_pixel + pad_points
    wanted = ax.transData.transform(np.column_stack([np.full(len(ys), x), ys]))[:, 1]
    wanted = wanted * points_per_pixel
    return [float(v) for v in _spread(wanted, gap) - wanted]


# --------------------------------------------------------------------------
# RegularizationPathDisplay
# --------------------------------------------------------------------------
class RegularizationPathDisplay:
    """Coefficients along a regularization path.

    One line per feature: its coefficient against the regularization strength
    alpha (log scale, alpha decreasing to the right, so the model grows from
    left to right) or against the L1 norm of the coefficient vector. The
    features with the largest absolute coefficients at the smallest alpha are
    labelled at the right end of their lines, and a secondary axis at the top
    shows the number of nonzero coefficients.

    Build it with :meth:`from_estimator` (a fitted
    :class:`~sklearn_penalized.LassoCV` or
    :class:`~sklearn_penalized.ElasticNetCV`) or :meth:`from_path` (the output
    of :func:`~sklearn_penalized.lasso_path` or
    :func:`sklearn.linear_model.lasso_path`), or call the constructor and
    then :meth:`plot`. All parameters are stored as attributes.

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,)
        Regularization strengths of the path, strictly positive, in any
        order (the lines are drawn in decreasing alpha order).

    coefs : array-like of shape (n_features, n_alphas)
        Coefficients of each feature at each alpha. For a multi-output path
        of shape (n_targets, n_features, n_alphas) use :meth:`from_path` with
        ``target=``.

    feature_names : array-like of str of shape (n_features,), default=None
        Names used for the line labels; None names feature ``j`` ``"x{j}"``.

    estimator_name : str, default=None
        Name of the model, used as the title of the axes. None draws no
        title.

    Attributes
    ----------
    lines_ : list of matplotlib.lines.Line2D
        One line per feature, in feature order.

    labels_ : list of matplotlib.text.Annotation
        The labels of the ``n_labels`` features with the largest absolute
        coefficient at the smallest alpha, largest first. Each is anchored
        (``label.xy``) at the right end of its feature's line.

    ax_ : matplotlib.axes.Axes
        Axes with the path.

    ax_top_ : matplotlib.axes.Axes
        Secondary x axis at the top of ``ax_``; its tick labels are the number
        of nonzero coefficients at the path point nearest to each tick.

    figure_ : matplotlib.figure.Figure
        Figure containing ``ax_``.

    See Also
    --------
    RegularizationPathDisplay.from_estimator : Plot the path stored by a
        fitted estimator.
    RegularizationPathDisplay.from_path : Plot the output of a path function.
    CVCurveDisplay : Cross-validation curve along the same alphas.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_penalized.plotting import RegularizationPathDisplay
    >>> alphas = np.array([1.0, 0.1, 0.01])
    >>> coefs = np.array([[0.0, 0.5, 0.9],
    ...                   [0.0, 0.0, -0.4]])
    >>> display = RegularizationPathDisplay(
    ...     alphas, coefs, feature_names=["age", "bmi"]
    ... ).plot()
    >>> len(display.lines_), [label.get_text() for label in display.labels_]
    (2, ['age', 'bmi'])
    """

    def __init__(self, alphas, coefs, *, feature_names=None, estimator_name=None):
        self.alphas = alphas
        self.coefs = coefs
        self.feature_names = feature_names
        self.estimator_name = estimator_name

    def _validated_data(self):
        """(alphas, coefs, names) checked, sorted by decreasing alpha."""
        alphas = _as_alphas(self.alphas)
        coefs = np.asarray(_as_dense(self.coefs), dtype=float)
        if coefs.ndim != 2 or coefs.shape[1] != alphas.shape[0]:
            hint = (
                " For a multi-output path of shape (n_targets, n_features, "
                "n_alphas) use RegularizationPathDisplay.from_path(..., "
                "target=k)."
                if coefs.ndim == 3
                else ""
            )
            raise ValueError(
                "coefs must be of shape (n_features, n_alphas) with n_alphas = "
                f"len(alphas) = {alphas.shape[0]}; got coefs of shape "
                f"{coefs.shape} and alphas of shape {alphas.shape}.{hint}"
            )
        n_features = coefs.shape[0]
        if self.feature_names is None:
            names = [f"x{j}" for j in range(n_features)]
        else:
            names = [str(name) for name in np.asarray(self.feature_names).ravel()]
            if len(names) != n_features:
                raise ValueError(
                    f"feature_names has {len(names)} entries but coefs has "
                    f"{n_features} features (coefs of shape {coefs.shape})."
                )
        order = np.argsort(-alphas, kind="stable")
        return alphas[order], coefs[:, order], names

    def plot(self, ax=None, *, x_axis="log_alpha", n_labels=5, **line_kwargs):
        """Plot the regularization path.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, default=None
            Axes to draw on. None creates a new figure and axes.

        x_axis : {"log_alpha", "l1_norm"}, default="log_alpha"
            What the x axis shows:

            - ``"log_alpha"``: alpha on a log scale, decreasing to the right;
            - ``"l1_norm"``: the L1 norm ``sum_j |coef_j|`` of the coefficient
              vector at each alpha, on a linear scale.

        n_labels : int or None, default=5
            Number of features labelled at the right end of their line: those
            with the largest absolute coefficient at the smallest alpha
            (features whose coefficient is zero there are not labelled). 0 or
            None labels none.

        **line_kwargs : dict
            Keyword arguments passed to :meth:`matplotlib.axes.Axes.plot` for
            every feature's line (for instance ``linewidth=1`` or
            ``color="k"``).

        Returns
        -------
        display : RegularizationPathDisplay
            The Display, with the attributes ``figure_``, ``ax_``,
            ``ax_top_``, ``lines_`` and ``labels_`` set.

        Examples
        --------
        >>> import matplotlib.pyplot as plt
        >>> from sklearn.datasets import load_diabetes
        >>> from sklearn_penalized import lasso_path
        >>> from sklearn_penalized.plotting import RegularizationPathDisplay
        >>> X, y = load_diabetes(return_X_y=True)
        >>> alphas, coefs, _ = lasso_path(X, y)
        >>> fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
        >>> display = RegularizationPathDisplay(alphas, coefs)
        >>> display = display.plot(ax=ax1)
        >>> display = display.plot(ax=ax2, x_axis="l1_norm", n_labels=3)
        >>> display.ax_ is ax2
        True
        """
        _check_x_axis(x_axis)
        n_labels = _check_n_labels(n_labels)
        alphas, coefs, names = self._validated_data()

        ax = _get_axes(ax, f"{type(self).__name__}.plot")
        from matplotlib.lines import Line2D
        from matplotlib.ticker import FuncFormatter, NullFormatter, NullLocator

        if x_axis == "log_alpha":
            x = alphas
            key = np.log(alphas)

            def to_key(value):
                return np.log(value) if value > 0 else -np.inf

            xlabel = "alpha (log scale)"
        else:
            x = np.abs(coefs).sum(axis=0)
            key = x

            def to_key(value):
                return value

            xlabel = "L1 norm of the coefficients"

        line_kwargs = _merge_style({}, line_kwargs, Line2D)
        self.lines_ = [
            ax.plot(x, coefs[j], **{"label": names[j], **line_kwargs})[0]
            for j in range(coefs.shape[0])
        ]

        if x_axis == "log_alpha":
            ax.set_xscale("log")
            if not ax.xaxis_inverted():
                ax.invert_xaxis()

        # Labels at the right ends (the point of smallest alpha), anchored
        # there and nudged apart vertically when they would overlap.
        end_coefs = coefs[:, -1]
        ranked = np.argsort(-np.abs(end_coefs), kind="stable")
        ranked = ranked[end_coefs[ranked] != 0][:n_labels]
        self.labels_ = [
            ax.annotate(
                names[j],
                xy=(x[-1], end_coefs[j]),
                xytext=(4, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize="small",
                color=self.lines_[j].get_color(),
            )
            for j in ranked
        ]
        nudges = _label_nudges(ax, x[-1], end_coefs[ranked], self.labels_)
        for label, nudge in zip(self.labels_, nudges):
            label.xyann = (4, nudge)

        ax.set_xlabel(xlabel)
        ax.set_ylabel("Coefficients")
        if self.estimator_name is not None:
            ax.set_title(self.estimator_name)

        # Top axis: same scale and limits as the path's x axis, its tick
        # labels computed at draw time so they follow later zooming.
        n_nonzero = np.count_nonzero(coefs, axis=0)

        def nonzero_at(value, _pos=None):
            return str(n_nonzero[np.argmin(np.abs(key - to_key(value)))])

        ax_top = ax.secondary_xaxis("top")
        ax_top.xaxis.set_major_formatter(FuncFormatter(nonzero_at))
        ax_top.xaxis.set_minor_locator(NullLocator())
        ax_top.xaxis.set_minor_formatter(NullFormatter())
        ax_top.set_xlabel("Nonzero coefficients")

        self.ax_top_ = ax_top
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    @classmethod
    def from_path(
        cls,
        alphas,
        coefs,
        *,
        x_axis="log_alpha",
        n_labels=5,
        feature_names=None,
        target=None,
        estimator_name=None,
        ax=None,
        **kwargs,
    ):
        """Plot the output of a path function.

        Parameters
        ----------
        alphas : array-like of shape (n_alphas,) or (n_targets, n_alphas)
            Regularization strengths, strictly positive: one grid, or one per
            target for a multi-output ``coefs``.

        coefs : array-like of shape (n_features, n_alphas) or \
                (n_targets, n_features, n_alphas)
            Coefficients along the path, as returned by
            :func:`~sklearn_penalized.lasso_path` or
            :func:`sklearn.linear_model.lasso_path`.

        x_axis : {"log_alpha", "l1_norm"}, default="log_alpha"
            See :meth:`plot`.

        n_labels : int or None, default=5
            See :meth:`plot`.

        feature_names : array-like of str of shape (n_features,), default=None
            Names for the line labels; None names feature ``j`` ``"x{j}"``.

        target : int, default=None
            For a multi-output path (3-d ``coefs``), the target to plot; None
            means target 0.

        estimator_name : str, default=None
            Title of the axes; None draws no title.

        ax : matplotlib.axes.Axes, default=None
            Axes to draw on. None creates a new figure and axes.

        **kwargs : dict
            Passed to :meth:`matplotlib.axes.Axes.plot` for every line.

        Returns
        -------
        display : RegularizationPathDisplay

        Examples
        --------
        >>> from sklearn.datasets import load_diabetes
        >>> from sklearn_penalized import lasso_path
        >>> from sklearn_penalized.plotting import RegularizationPathDisplay
        >>> data = load_diabetes()
        >>> alphas, coefs, _ = lasso_path(data.data, data.target)
        >>> display = RegularizationPathDisplay.from_path(
        ...     alphas, coefs, feature_names=data.feature_names
        ... )
        >>> [label.get_text() for label in display.labels_]
        ['s5', 's1', 'bmi', 's2', 'bp']
        """
        coefs = np.asarray(_as_dense(coefs), dtype=float)
        alphas = np.asarray(alphas, dtype=float)
        if coefs.ndim == 3:
            n_targets = coefs.shape[0]
            t = _check_index(target, n_targets, "target", "target")
            coefs = coefs[t]
            if alphas.ndim == 2 and alphas.shape[0] == n_targets:
                alphas = alphas[t]  # one grid per target
            if estimator_name is not None and n_targets > 1:
                estimator_name = f"{estimator_name} (target {t})"
        else:
            _check_index(target, 1, "target", "target")
        display = cls(
            alphas, coefs, feature_names=feature_names, estimator_name=estimator_name
        )
        return display.plot(ax=ax, x_axis=x_axis, n_labels=n_labels, **kwargs)

    @classmethod
    def from_estimator(
        cls,
        estimator,
        *,
        x_axis="log_alpha",
        n_labels=5,
        feature_names=None,
        target=None,
        ax=None,
        **kwargs,
    ):
        """Plot the regularization path stored by a fitted estimator.

        The estimator must have the fitted attributes ``path_alphas_`` of
        shape (n_alphas,) (or (n_targets, n_alphas), one grid per target) and
        ``coef_path_`` of shape (n_features, n_alphas) or
        (n_targets, n_features, n_alphas): the refit on the full data of
        :class:`~sklearn_penalized.LassoCV` and
        :class:`~sklearn_penalized.ElasticNetCV` (at the selected
        ``l1_ratio_``).

        Parameters
        ----------
        estimator : estimator instance
            Fitted estimator with ``path_alphas_`` and ``coef_path_``.

        x_axis : {"log_alpha", "l1_norm"}, default="log_alpha"
            See :meth:`plot`.

        n_labels : int or None, default=5
            See :meth:`plot`.

        feature_names : array-like of str of shape (n_features,), default=None
            Names for the line labels; None uses the estimator's
            ``feature_names_in_`` when it has them, else ``"x{j}"``.

        target : int, default=None
            For a multi-output fit, the target to plot; None means target 0.

        ax : matplotlib.axes.Axes, default=None
            Axes to draw on. None creates a new figure and axes.

        **kwargs : dict
            Passed to :meth:`matplotlib.axes.Axes.plot` for every line.

        Returns
        -------
        display : RegularizationPathDisplay

        Raises
        ------
        NotFittedError
            If the estimator is not fitted.

        ValueError
            If it has no ``path_alphas_`` or ``coef_path_``.

        Examples
        --------
        >>> from sklearn.datasets import load_diabetes
        >>> from sklearn_penalized import LassoCV
        >>> from sklearn_penalized.plotting import RegularizationPathDisplay
        >>> X, y = load_diabetes(return_X_y=True, as_frame=True)
        >>> model = LassoCV(cv=5).fit(X, y)
        >>> display = RegularizationPathDisplay.from_estimator(
        ...     model, x_axis="l1_norm", n_labels=2
        ... )
        >>> [label.get_text() for label in display.labels_]
        ['s5', 's1']
        """
        name = f"{cls.__name__}"
        alphas = _fitted_attribute(estimator, "path_alphas_", name)
        coefs = _fitted_attribute(estimator, "coef_path_", name)
        if feature_names is None:
            feature_names = getattr(estimator, "feature_names_in_", None)
        return cls.from_path(
            alphas,
            coefs,
            x_axis=x_axis,
            n_labels=n_labels,
            feature_names=feature_names,
            target=target,
            estimator_name=type(estimator).__name__,
            ax=ax,
            **kwargs,
        )


# --------------------------------------------------------------------------
# CVCurveDisplay
# --------------------------------------------------------------------------
def _score_name(scoring):
    """Axis label of the CV loss for an estimator's ``scoring`` parameter."""
    if scoring is None:
        return None
    if isinstance(scoring, str):
        if scoring.startswith("neg_"):
            return scoring[len("neg_"):].replace("_", " ").capitalize()
        return "Negative " + scoring.replace("_", " ")
    return "Negative score"


class CVCurveDisplay:
    """Cross-validation curve of a regularization path.

    The mean cross-validation loss (lower is better) with one standard error
    bars against alpha (log scale, alpha decreasing to the right as in
    :class:`RegularizationPathDisplay`), and dashed vertical lines at
    ``alpha_min`` (the alpha of least mean loss) and ``alpha_1se`` (the
    largest alpha whose mean loss is within one standard error of that
    minimum).

    Build it with :meth:`from_estimator` (a fitted
    :class:`~sklearn_penalized.LassoCV` or
    :class:`~sklearn_penalized.ElasticNetCV`), or call the constructor and
    then :meth:`plot`. All parameters are stored as attributes.

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,)
        Regularization strengths, strictly positive, in any order (the curve
        is drawn in decreasing alpha order).

    cv_mean : array-like of shape (n_alphas,)
        Mean cross-validation loss at each alpha.

    cv_std_error : array-like of shape (n_alphas,)
        Standard error of the mean loss at each alpha (non-negative).

    alpha_min : float, default=None
        Where to draw the ``alpha_min`` line; None draws none.

    alpha_1se : float, default=None
        Where to draw the ``alpha_1se`` line; None draws none.

    score_name : str, default=None
        Label of the y axis; None means ``"Mean squared error"``.

    estimator_name : str, default=None
        Name of the model, used as the title of the axes; None draws no
        title.

    Attributes
    ----------
    errorbar_ : matplotlib.container.ErrorbarContainer
        The mean loss and its error bars: ``errorbar_.lines[0]`` is the line
        through the means, ``errorbar_.lines[2][0]`` the collection of bars.

    line_min_ : matplotlib.lines.Line2D or None
        Vertical line at ``alpha_min``, None when ``alpha_min`` is None.

    line_1se_ : matplotlib.lines.Line2D or None
        Vertical line at ``alpha_1se``, None when ``alpha_1se`` is None.

    ax_ : matplotlib.axes.Axes
        Axes with the curve.

    figure_ : matplotlib.figure.Figure
        Figure containing ``ax_``.

    See Also
    --------
    CVCurveDisplay.from_estimator : Plot the CV results of a fitted estimator.
    RegularizationPathDisplay : Coefficients along the path.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_penalized.plotting import CVCurveDisplay
    >>> alphas = np.array([1.0, 0.3, 0.1, 0.03, 0.01])
    >>> cv_mean = np.array([5.0, 3.0, 2.1, 2.0, 2.2])
    >>> cv_std_error = np.array([0.3, 0.2, 0.2, 0.2, 0.3])
    >>> display = CVCurveDisplay(
    ...     alphas, cv_mean, cv_std_error, alpha_min=0.03, alpha_1se=0.1
    ... ).plot()
    >>> display.line_min_.get_xdata()
    [0.03, 0.03]
    """

    def __init__(
        self,
        alphas,
        cv_mean,
        cv_std_error,
        *,
        alpha_min=None,
        alpha_1se=None,
        score_name=None,
        estimator_name=None,
    ):
        self.alphas = alphas
        self.cv_mean = cv_mean
        self.cv_std_error = cv_std_error
        self.alpha_min = alpha_min
        self.alpha_1se = alpha_1se
        self.score_name = score_name
        self.estimator_name = estimator_name

    def _validated_data(self):
        alphas = _as_alphas(self.alphas)
        arrays = {}
        for name in ("cv_mean", "cv_std_error"):
            value = np.asarray(getattr(self, name), dtype=float)
            if value.shape != alphas.shape:
                raise ValueError(
                    f"{name} must have the shape of alphas, {alphas.shape}; got "
                    f"{name} of shape {value.shape}."
                )
            arrays[name] = value
        if np.any(arrays["cv_std_error"] < 0):
            raise ValueError("cv_std_error must be non-negative.")
        for name in ("alpha_min", "alpha_1se"):
            value = getattr(self, name)
            if value is None:
                continue
            if (
                not isinstance(value, numbers.Real)
                or not np.isfinite(value)
                or value <= 0
            ):
                raise ValueError(
                    f"{name} must be a finite positive number or None; got "
                    f"{value!r}."
                )
        order = np.argsort(-alphas, kind="stable")
        return alphas[order], arrays["cv_mean"][order], arrays["cv_std_error"][order]

    def plot(self, ax=None, **errorbar_kwargs):
        """Plot the cross-validation curve.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, default=None
            Axes to draw on. None creates a new figure and axes.

        **errorbar_kwargs : dict
            Keyword arguments passed to :meth:`matplotlib.axes.Axes.errorbar`,
            overriding the defaults (red markers joined by a thin line, grey
            bars with small caps).

        Returns
        -------
        display : CVCurveDisplay
            The Display, with the attributes ``figure_``, ``ax_``,
            ``errorbar_``, ``line_min_`` and ``line_1se_`` set.

        Examples
        --------
        >>> import matplotlib.pyplot as plt
        >>> from sklearn_penalized.plotting import CVCurveDisplay
        >>> fig, ax = plt.subplots()
        >>> display = CVCurveDisplay([1.0, 0.1, 0.01], [3.0, 1.0, 1.2],
        ...                          [0.2, 0.1, 0.1], alpha_min=0.1)
        >>> display = display.plot(ax=ax, color="tab:blue", capsize=0)
        >>> display.figure_ is fig, display.line_1se_ is None
        (True, True)
        """
        alphas, cv_mean, cv_std_error = self._validated_data()
        ax = _get_axes(ax, f"{type(self).__name__}.plot")
        from matplotlib.lines import Line2D

        defaults = {
            "marker": "o",
            "markersize": 4,
            "linestyle": "-",
            "linewidth": 1,
            "color": "tab:red",
            "ecolor": "tab:gray",
            "elinewidth": 1,
            "capsize": 2,
            "label": "Mean \u00b1 1 standard error",
        }
        kwargs = _merge_style(defaults, errorbar_kwargs, Line2D)
        self.errorbar_ = ax.errorbar(alphas, cv_mean, yerr=cv_std_error, **kwargs)

        self.line_min_ = self.line_1se_ = None
        if self.alpha_min is not None:
            self.line_min_ = ax.axvline(
                self.alpha_min,
                linestyle="--",
                linewidth=1,
                color="black",
                label=f"alpha_min = {self.alpha_min:.3g}",
            )
        if self.alpha_1se is not None:
            self.line_1se_ = ax.axvline(
                self.alpha_1se,
                linestyle="--",
                linewidth=1,
                color="tab:blue",
                label=f"alpha_1se = {self.alpha_1se:.3g}",
            )

        ax.set_xscale("log")
        if not ax.xaxis_inverted():
            ax.invert_xaxis()
        ax.set_xlabel("alpha (log scale)")
        ax.set_ylabel(
            "Mean squared error" if self.score_name is None else self.score_name
        )
        if self.estimator_name is not None:
            ax.set_title(self.estimator_name)
        ax.legend(loc="best", fontsize="small")

        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    @classmethod
    def from_estimator(
        cls, estimator, *, l1_ratio_index=None, target=None, ax=None, **kwargs
    ):
        """Plot the cross-validation curve of a fitted estimator.

        Uses the fitted attributes ``alphas_``, ``cv_mean_`` and
        ``cv_std_error_`` of :class:`~sklearn_penalized.LassoCV` or
        :class:`~sklearn_penalized.ElasticNetCV`, and draws the vertical lines
        at its ``alpha_min_`` and ``alpha_1se_``. The y label follows its
        ``scoring`` parameter (mean squared error when None, else minus the
        score).

        Parameters
        ----------
        estimator : estimator instance
            Fitted estimator with ``alphas_``, ``cv_mean_`` and
            ``cv_std_error_`` (and usually ``alpha_min_`` and ``alpha_1se_``).

        l1_ratio_index : int, default=None
            For an :class:`~sklearn_penalized.ElasticNetCV` fitted with several
            ``l1_ratio``, the index (in its ``l1_ratio`` list) of the curve to
            plot; None plots the curve of the selected ``l1_ratio_``. The
            vertical lines of another curve are computed from that curve:
            ``alpha_min`` minimizes its mean loss and ``alpha_1se`` is its
            largest alpha with a mean loss within one standard error of the
            minimum.

        target : int, default=None
            For a multi-output fit with ``alpha_per_target=True`` (one curve
            per target), the target to plot; None means target 0.

        ax : matplotlib.axes.Axes, default=None
            Axes to draw on. None creates a new figure and axes.

        **kwargs : dict
            Passed to :meth:`matplotlib.axes.Axes.errorbar`.

        Returns
        -------
        display : CVCurveDisplay

        Raises
        ------
        NotFittedError
            If the estimator is not fitted.

        ValueError
            If it lacks one of the attributes, their shapes do not match, or
            ``l1_ratio_index`` or ``target`` is out of range.

        Examples
        --------
        >>> from sklearn.datasets import load_diabetes
        >>> from sklearn_penalized import LassoCV
        >>> from sklearn_penalized.plotting import CVCurveDisplay
        >>> X, y = load_diabetes(return_X_y=True)
        >>> model = LassoCV(cv=5, selection_rule="1se").fit(X, y)
        >>> display = CVCurveDisplay.from_estimator(model)
        >>> display.line_1se_.get_xdata()[0] == model.alpha_ == model.alpha_1se_
        True
        """
        display_name = cls.__name__
        alphas = np.asarray(
            _fitted_attribute(estimator, "alphas_", display_name), dtype=float
        )
        cv_mean = np.asarray(
            _fitted_attribute(estimator, "cv_mean_", display_name), dtype=float
        )
        cv_std_error = np.asarray(
            _fitted_attribute(estimator, "cv_std_error_", display_name), dtype=float
        )
        n_l1 = np.size(getattr(estimator, "l1_ratio", 1.0))
        if alphas.ndim == 1 and n_l1 > 1:
            # given alphas: one grid (n_alphas,) shared by every l1_ratio, as
            # scikit-learn stores it; each l1_ratio's curve is on that grid
            alphas = np.tile(alphas, (n_l1, 1))
        if alphas.ndim not in (1, 2):
            raise ValueError(
                f"{type(estimator).__name__}.alphas_ must be of shape (n_alphas,) "
                f"or (n_l1_ratio, n_alphas); got shape {alphas.shape}."
            )
        if cv_std_error.shape != cv_mean.shape:
            raise ValueError(
                f"cv_mean_ and cv_std_error_ must have the same shape; got "
                f"{cv_mean.shape} and {cv_std_error.shape}."
            )

        name = type(estimator).__name__
        details = []

        # Per-target curves: a trailing n_targets axis.
        if cv_mean.shape == alphas.shape:
            per_target = False
            n_targets = 1
        elif cv_mean.ndim == alphas.ndim + 1 and cv_mean.shape[:-1] == alphas.shape:
            per_target = True
            n_targets = cv_mean.shape[-1]
        else:
            raise ValueError(
                "cv_mean_ must have the shape of alphas_, or that shape plus a "
                f"trailing n_targets axis; got cv_mean_ of shape {cv_mean.shape} "
                f"and alphas_ of shape {alphas.shape}."
            )
        if per_target:
            t = _check_index(target, n_targets, "target", "target")
            cv_mean, cv_std_error = cv_mean[..., t], cv_std_error[..., t]
            if n_targets > 1:
                details.append(f"target {t}")
        else:
            # One curve shared by all targets: only check the index.
            coef = getattr(estimator, "coef_", None)
            n_all = np.shape(coef)[0] if np.ndim(coef) == 2 else 1
            t = _check_index(target, n_all, "target", "target")

        # Several l1_ratios: a leading n_l1_ratio axis.
        l1_ratio_ = getattr(estimator, "l1_ratio_", None)
        if l1_ratio_ is not None and np.ndim(l1_ratio_) == 1:
            l1_ratio_ = l1_ratio_[t]
        own_lines = True
        if alphas.ndim == 2:
            n_l1 = alphas.shape[0]
            selected = _selected_l1_ratio_index(estimator, n_l1, l1_ratio_)
            if l1_ratio_index is None and selected is None:
                raise ValueError(
                    f"could not find the selected l1_ratio_ of {name} among its "
                    "l1_ratio values; pass l1_ratio_index."
                )
            i = _check_index(
                selected if l1_ratio_index is None else l1_ratio_index,
                n_l1,
                "l1_ratio_index",
                "l1_ratio",
            )
            own_lines = i == selected
            alphas, cv_mean, cv_std_error = alphas[i], cv_mean[i], cv_std_error[i]
            l1_ratios = np.atleast_1d(getattr(estimator, "l1_ratio", []))
            if l1_ratios.shape == (n_l1,):
                details.append(f"l1_ratio={l1_ratios[i]:g}")
        else:
            _check_index(l1_ratio_index, 1, "l1_ratio_index", "l1_ratio")
            has_l1_ratio = getattr(estimator, "l1_ratio", None) is not None
            if l1_ratio_ is not None and has_l1_ratio:
                details.append(f"l1_ratio={float(l1_ratio_):g}")

        if own_lines:
            lines = []
            for attribute in ("alpha_min_", "alpha_1se_"):
                value = getattr(estimator, attribute, None)
                if value is not None:
                    value = _select_target(value, t, attribute)
                lines.append(value)
            alpha_min, alpha_1se = lines
        else:
            alpha_min, alpha_1se = _min_and_1se(alphas, cv_mean, cv_std_error)

        display = cls(
            alphas,
            cv_mean,
            cv_std_error,
            alpha_min=alpha_min,
            alpha_1se=alpha_1se,
            score_name=_score_name(getattr(estimator, "scoring", None)),
            estimator_name=f"{name} ({', '.join(details)})" if details else name,
        )
        return display.plot(ax=ax, **kwargs)


def _selected_l1_ratio_index(estimator, n_l1, l1_ratio_):
    """Index of the selected ``l1_ratio_`` in the ``l1_ratio`` list, or None."""
    l1_ratios = np.atleast_1d(np.asarray(getattr(estimator, "l1_ratio", []), float))
    if l1_ratio_ is None or l1_ratios.shape != (n_l1,):
        return None
    matches = np.flatnonzero(np.isclose(l1_ratios, float(l1_ratio_)))
    return int(matches[0]) if matches.size else None
