# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Figures of the recorded benchmark results (``benchmarks/results/*.csv``).

Usage::

    python benchmarks/plot_results.py [--out DIR]     # writes DIR/*.png

Nothing is measured here: the figures are drawn from the CSV files, which
hold the numbers recorded by the benchmark scripts (see
``benchmarks/results/README.md``).  The documentation build calls
:func:`save_all` to put the figures on its benchmarks page.
"""
import argparse
import csv
import math
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"

# one colour per library, the same in every figure
COLORS = {
    "sklearn_penalized": "#1f77b4",
    "scikit-learn": "#ff7f0e",
    "celer": "#2ca02c",
    "skglm": "#9467bd",
    "adelie": "#8c564b",
}


def _matplotlib_at_least(major, minor):
    import matplotlib

    version = tuple(int(part) for part in matplotlib.__version__.split(".")[:2])
    return version >= (major, minor)


def load(name):
    """Rows of ``results/<name>`` as dicts; empty cells become None and
    numbers floats."""
    with open(RESULTS / name, newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        for key, value in row.items():
            if value == "":
                row[key] = None
            else:
                try:
                    row[key] = float(value)
                except ValueError:
                    pass
    return rows


def _grouped_bars(ax, groups, series, values, *, missing_label="not reached"):
    """Bars of ``values[g][s]`` (None: a marker instead of a bar), one group
    per ``groups`` entry, one bar per ``series``; log-scale y."""
    import numpy as np

    width = 0.8 / len(series)
    x = np.arange(len(groups))
    finite = [v for g in groups for v in values[g].values() if v]
    floor = min(finite) / 3
    any_missing = False
    for k, name in enumerate(series):
        pos = x - 0.4 + width * (k + 0.5)
        heights = [values[g].get(name) for g in groups]
        ax.bar(pos, [h if h else 0 for h in heights], width,
               color=COLORS.get(name), label=name)
        for p, h in zip(pos, heights):
            if not h:
                any_missing = True
                ax.plot(p, floor * 1.3, marker="x", color=COLORS.get(name),
                        markersize=5)
    ax.set_yscale("log")
    ax.set_ylim(bottom=floor)
    ax.set_xticks(x, groups)
    ax.grid(axis="y", which="major", color="0.9")
    ax.set_axisbelow(True)
    if any_missing:
        ax.plot([], [], "x", color="0.3", label=missing_label)


def plot_lasso_time_to_precision():
    """Seconds to a relative duality gap of 1e-4 and 1e-6, problems A-J."""
    import matplotlib.pyplot as plt

    rows = load("lasso_time_to_precision.csv")
    libraries = ["sklearn_penalized", "scikit-learn", "celer", "skglm", "adelie"]
    columns = ["sklearn_penalized_s", "scikit_learn_s", "celer_s", "skglm_s", "adelie_s"]
    # a library missing from the recorded run has no column
    kept = [k for k, c in enumerate(columns) if c in rows[0]]
    libraries, columns = [libraries[k] for k in kept], [columns[k] for k in kept]
    fig, axes = plt.subplots(2, 1, figsize=(9, 6.5), layout="constrained")
    for ax, target in zip(axes, (1e-4, 1e-6)):
        selected = [r for r in rows if math.isclose(r["target_relative_gap"], target)]
        groups = [r["problem"] for r in selected]
        values = {r["problem"]: dict(zip(libraries, (r[c] for c in columns)))
                  for r in selected}
        _grouped_bars(ax, groups, libraries, values,
                      missing_label="target not reached")
        ax.set_ylabel("seconds (log scale)")
        ax.set_title(f"Lasso / ElasticNet: time to a relative duality gap "
                     f"<= {target:g}")
    handles, labels = axes[1].get_legend_handles_labels()
    order = [labels.index(name) for name in (*libraries, "target not reached")]
    handles, labels = [handles[i] for i in order], [labels[i] for i in order]
    if _matplotlib_at_least(3, 7):  # legends placed outside the axes
        fig.legend(handles, labels, loc="outside lower center", ncol=6, fontsize=8)
    else:
        axes[1].legend(handles, labels, ncol=6, fontsize=8, loc="upper left")
    return fig


def plot_path_cv():
    """Paths and LassoCV against scikit-learn."""
    import matplotlib.pyplot as plt

    rows = load("path_cv.csv")
    groups, values = [], {}
    for r in rows:
        if r["task"].startswith("lasso path"):
            label = f"{r['problem']}\npath {r['target_relative_gap']:g}"
        else:
            label = f"{r['problem']}\nLassoCV"
        groups.append(label)
        values[label] = {"sklearn_penalized": r["sklearn_penalized_s"],
                         "scikit-learn": r["scikit_learn_s"]}
    fig, ax = plt.subplots(figsize=(9, 3.6), layout="constrained")
    _grouped_bars(ax, groups, ["sklearn_penalized", "scikit-learn"], values,
                  missing_label="over the 60 s budget")
    ax.set_ylabel("seconds (log scale)")
    ax.set_title("100-alpha Lasso paths (to a relative gap) and LassoCV "
                 "(5 folds x 100 alphas)")
    ax.legend(fontsize=8, loc="upper left")
    ax.tick_params(axis="x", labelsize=8)
    return fig


def plot_ridge_g():
    """Ridge on a dense 200000 x 500 design, three conditionings."""
    import matplotlib.pyplot as plt

    rows = load("ridge_g.csv")
    designs = list(dict.fromkeys(r["design"] for r in rows))
    fig, axes = plt.subplots(1, len(designs), figsize=(12, 4), sharey=True,
                             layout="constrained")
    for ax, design in zip(axes, designs):
        selected = [r for r in rows if r["design"] == design]
        names = [r["method"] for r in selected]
        times = [r["time_s"] for r in selected]
        colors = [COLORS["sklearn_penalized"] if n.startswith("sklearn_penalized")
                  else COLORS["scikit-learn"] if n.startswith("scikit-learn")
                  else "0.6" for n in names]
        ax.barh(range(len(names)), times, color=colors)
        ax.axvline(selected[0]["time_s"], color="0.4", linestyle="--",
                   linewidth=1)
        ax.set_yticks(range(len(names)), names, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel("seconds")
        ax.set_title(design, fontsize=9)
    axes[0].text(0.98, 0.02, "dashed: floor (syrk + Cholesky)",
                 transform=axes[0].transAxes, ha="right", fontsize=7)
    fig.suptitle("Ridge, dense 200000 x 500 with intercept", fontsize=10)
    return fig


def plot_ridge_cv():
    """RidgeCV, 50 alphas, leave-one-out, two BLAS thread settings."""
    import matplotlib.pyplot as plt

    rows = load("ridge_cv.csv")
    settings = list(dict.fromkeys(r["blas_threads"] for r in rows))
    fig, axes = plt.subplots(1, len(settings), figsize=(12, 3.8), sharey=True,
                             layout="constrained")
    for ax, threads in zip(axes, settings):
        selected = [r for r in rows if r["blas_threads"] == threads]
        groups = [r["problem"].replace(" d=", "\nd=").replace(" ", "\n", 1)
                  for r in selected]
        values = {g: {"sklearn_penalized": r["sklearn_penalized_s"],
                      "scikit-learn": r["scikit_learn_s"]}
                  for g, r in zip(groups, selected)}
        _grouped_bars(ax, groups, ["sklearn_penalized", "scikit-learn"], values)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_title(f"BLAS threads: {threads:g}" if isinstance(threads, float)
                     else f"BLAS threads: {threads}", fontsize=9)
    axes[0].set_ylabel("seconds (log scale)")
    axes[0].legend(fontsize=8, loc="upper left")
    fig.suptitle("RidgeCV, 50 alphas, leave-one-out", fontsize=10)
    return fig


def plot_factors():
    """Cost of penalty factors, bounds and standardize against the same
    model solved plainly."""
    import matplotlib.pyplot as plt

    rows = load("factors_bounds_standardize.csv")
    problems = list(dict.fromkeys(r["problem"] for r in rows))
    shown = {
        "factors": ("over_same_model", "factors / same model solved plainly", "o"),
        "standardize": ("over_same_model",
                        "standardize / same model solved plainly", "s"),
        "bounds, inactive": ("over_plain", "inactive bounds / plain fit", "^"),
    }
    fig, ax = plt.subplots(figsize=(9, 3.6), layout="constrained")
    for k, (variant, (column, label, marker)) in enumerate(shown.items()):
        for t, (tol, fill) in enumerate(((1e-4, "full"), (1e-6, "none"))):
            xs, ys = [], []
            for i, problem in enumerate(problems):
                for r in rows:
                    if (r["problem"] == problem and r["variant"] == variant
                            and math.isclose(r["tol"], tol)):
                        xs.append(i + (k - 1) * 0.22 + (t - 0.5) * 0.08)
                        ys.append(r[column])
            ax.plot(xs, ys, marker, color=f"C{k}", fillstyle=fill,
                    linestyle="none",
                    label=f"{label}, tol={tol:g}")
    ax.axhline(1.0, color="0.4", linewidth=1)
    ax.set_xticks(range(len(problems)), problems)
    ax.set_ylabel("time ratio")
    ax.set_ylim(0.6, 1.5)
    ax.set_title("The machinery's own cost (1 = no cost)")
    ax.legend(fontsize=7, ncol=2, loc="upper left")
    return fig


# Column headers for display (the CSV headers are machine-readable names);
# an empty cell is shown as an em dash, the benchmarks' "not reached".
DISPLAY_HEADERS = {
    "offsets": "offsets",
    "estimator": "estimator",
    "ratio_before": "ours / scikit-learn, before",
    "ratio_after": "ours / scikit-learn, after",
    "ours_ms_before": "ours (ms), before",
    "ours_ms_after": "ours (ms), after",
    "sklearn_ms_before": "scikit-learn (ms), before",
    "sklearn_ms_after": "scikit-learn (ms), after",
    "previous_us": "previous (us)",
    "new_us": "new (us)",
    "added_us": "added (us)",
    "x_mib": "X (MiB)",
    "peak_rss_mib_before": "peak RSS (MiB), before",
    "rss_over_x_before": "/ X, before",
    "peak_rss_mib_after": "peak RSS (MiB), after",
    "rss_over_x_after": "/ X, after",
    "peak_traced_mib_after": "peak traced (MiB), after",
    "traced_over_x_after": "/ X, after (traced)",
    "problem": "problem",
    "target_relative_gap": "target",
    "sklearn_penalized_s": "sklearn_penalized (s)",
    "scikit_learn_s": "scikit-learn (s)",
    "celer_s": "celer (s)",
    "skglm_s": "skglm (s)",
    "ours_over_best_other": "ours / best other",
    "ours_over_scikit_learn": "ours / scikit-learn",
    "design": "design",
    "method": "method",
    "time_s": "time (s)",
    "over_floor": "/ floor",
    "coef_relative_error": "coef error",
    "peak_memory_over_X": "peak memory / X",
    "library": "library",
    "first_fit_s": "first fit (s)",
    "second_fit_s": "second fit (s)",
    "first_over_second": "first / second",
    "first_call_s": "first call (s)",
    "task": "task",
    "alpha_ours": "alpha_ ours",
    "alpha_scikit_learn": "alpha_ scikit-learn",
    "blas_threads": "BLAS threads",
    "max_relative_coef_diff": "max rel. coef diff",
    "tol": "tol",
    "variant": "variant",
    "over_plain": "/ plain",
    "over_same_model": "/ same model",
    "nonzeros": "nonzeros",
    "rows": "rows",
    "features": "features",
    "data_gb": "data (GB)",
    "fit_s": "fit (s)",
    "rows_per_s": "rows / s",
    "worker_peak_rss_gb": "peak RSS per worker (GB)",
    "worker_peak_over_data": "/ data",
    "client_peak_rss_gb": "client peak RSS (GB)",
    "client_peak_over_data": "/ data",
    "max_coef_error": "max coef error",
    "objective": "objective (ours' scale)",
    "relative_gap_to_best": "relative gap to the best",
    "alpha": "alpha",
    "setting": "setting",
    "ours_subopt": "ours: (P - P*) / P*",
    "sklearn_subopt": "scikit-learn: (P - P*) / P*",
    "ours_coef_err": "ours: coef error",
    "sklearn_coef_err": "scikit-learn: coef error",
    "ref_gap": "reference gap / P*",
    "ours_n_iter": "ours: epochs",
    "sklearn_n_iter": "scikit-learn: epochs",
    "ours_ok": "ours at least as accurate",
    "ours_s": "ours (s)",
    "sklearn_s": "scikit-learn (s)",
    "time_ratio": "ours / scikit-learn",
}


def write_display_tables(out_dir):
    """Copy every ``results/*.csv`` to ``out_dir`` with display headers and
    em dashes in empty cells, for the documentation's tables."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for source in sorted(RESULTS.glob("*.csv")):
        with open(source, newline="") as f:
            rows = list(csv.reader(f))
        header = [DISPLAY_HEADERS.get(name, name) for name in rows[0]]
        body = [[cell if cell != "" else "\N{EM DASH}" for cell in row]
                for row in rows[1:]]
        path = out_dir / source.name
        with open(path, "w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows([header, *body])
        paths.append(path)
    return paths


FIGURES = {
    "lasso_time_to_precision": plot_lasso_time_to_precision,
    "path_cv": plot_path_cv,
    "ridge_g": plot_ridge_g,
    "ridge_cv": plot_ridge_cv,
    "factors": plot_factors,
}


def save_all(out_dir, dpi=100):
    """Draw every figure and save it as ``out_dir/<name>.png``."""
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, draw in FIGURES.items():
        fig = draw()
        path = out_dir / f"{name}.png"
        fig.savefig(path, dpi=dpi)
        plt.close(fig)
        paths.append(path)
    return paths


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="benchmark_figures",
                        help="directory for the PNG files")
    args = parser.parse_args()
    import matplotlib

    matplotlib.use("Agg")
    for path in save_all(args.out):
        print(path)


if __name__ == "__main__":
    main()
