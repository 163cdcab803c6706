# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Coordinate descent: from a Problem and a penalty to the Cython kernels."""
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state

from .. import _preprocessing
from .._kernels import _cd_fast
from . import _working_set
from ._base import BaseSolver, SolverResult
from ._working_set import _DenseOps, _GramOps, _SparseOps, solve_target


def to_kernel_scale(penalty, problem):
    """Per-feature ``(l1, l2)`` in kernel scale: the one scaling conversion.

    Estimators state their objective with the mean datafit
    ``1/(2 sum(s)) ||y - Xw - b||_S^2 + g(w)``; the kernels minimise
    ``1/2 ||y - Xw - b||_S^2 + sum_j l1_j |w_j| + l2_j w_j^2``.  Multiplying
    the first by ``sum(s)`` gives the second, so the penalty weights are
    multiplied by ``sum(s)`` and a kernel-scale duality gap is divided by it.
    """
    # A single fit asks three times for the same penalty (the route, the
    # solver's checks, the solve): ~20 microseconds each on a small table.
    # The last answer is kept by the problem, read-only, for that very object
    # (a path's alphas are new penalties, and miss).
    cached = problem.memo.get("kernel_scale")
    if cached is not None and cached[0] is penalty:
        return cached[1], cached[2]
    l1, l2 = penalty.kernel_weights(problem.n_features, dtype=problem.dtype)
    scale = problem.dtype.type(problem.sum_sw)
    l1, l2 = l1 * scale, l2 * scale
    l1.flags.writeable = False
    l2.flags.writeable = False
    problem.memo["kernel_scale"] = (penalty, l1, l2)
    return l1, l2


# Fixed cost of the Gram route (forming Q and q in Python, the switch and the
# second solve's set-up), ~0.25 ms, in multiply-adds at the speed of the
# coordinate-descent kernels (~1e9 per second): on tiny data it outweighs the
# n p^2 / 2 of Q.  (At 30,000 diabetes degree-2 fits at alpha_max / 10 switched
# after 7 of their 12 epochs and took 0.60 ms instead of 0.34 on X alone.)
GRAM_ROUTE_FIXED_FLOPS = 300_000

# Above WORKING_SET_MIN_FEATURES features (working sets, Anderson
# acceleration: not scikit-learn's iterates) the solvers aim at a stopping
# measure (the larger of the two certified gaps of ``_cd_fast.duality_gap``)
# of GAP_TARGET_RATIO * tol * ||y||^2, and end, as scikit-learn, after an
# epoch whose coefficient changes are below tol relative (solve_target);
# ``tol`` itself is the promise kept (the certified gap reported as
# ``dual_gap_`` is at most ``tol * ||y||^2``, else ConvergenceWarning).
# Aiming at tol left single fits 2 to 10x less accurate than scikit-learn's
# on some problems of benchmarks/bench_accuracy.py and paths less accurate
# at small alphas (ElasticNetCV on 50 x 2000 then chose an alpha 40x below
# the one scikit-learn and exact solutions choose); 1/10 of tol, with
# the epoch of small changes, was at least as accurate on every problem of
# the grid and matched scikit-learn's CV curves; 1/100 cost paths up to 5x
# (docs/convergence.rst).  On fewer features the iterates are
# scikit-learn's and so is the rule, from its start (zero).
GAP_TARGET_RATIO = 0.1
# The safety margin never takes the target below what the arithmetic can
# certify (a smaller tol still is the user's to ask for): a gap is a
# difference of terms of size ||y||^2, and epochs spent at its rounding level
# only accumulate rounding.  float32 data solved on X (not on the float64
# Gram form) keep float32 residuals: 1e-6 is also where the estimators'
# "auto" route moves them to the float64 Gram form (FLOAT32_X_MIN_TOL).
TARGET_FLOOR = {np.dtype(np.float64): 1e-12, np.dtype(np.float32): 1e-6}

# Paths on dense X with fewer rows than this run in one kernel call per
# target (_cd_fast.cd_dense_path: the working-set loop of solve_target in C).
# Per alpha the loop in Python costs ~150-300 microseconds beyond its
# epochs, more than the epochs themselves on small data: LassoCV on wide
# designs of 60 to 200 rows took 1.8-2.6x scikit-learn's time.  Below this
# many rows a working set of WS_INITIAL_SIZE features or more never goes to
# its Gram block (WS_GRAM_MIN_RATIO), the one route the kernel lacks.
DENSE_PATH_MAX_SAMPLES = _working_set.WS_GRAM_MIN_RATIO * _working_set.WS_INITIAL_SIZE


# Forming Q = X^T X (syrk, n p^2 / 2 multiply-adds at matrix-matrix speed)
# costs about as much as p^2 / 10 column visits of coordinate descent on X
# (a dot and an axpy of length n each, at vector speed): measured on 20,000
# x 100 and 5,000 x 250 designs (p^2 / 10 and p^2 / 9).
GRAM_COST_IN_VISITS_DIVISOR = 10
SPARSE_PRODUCT_COST_RATIO = 10


def _gram_switch_budget(problem):
    """Work (in column visits of X) after which ``"adaptive"`` moves to Q:
    the cost of forming Q, so that the switch costs at most twice the
    better of the two routes (the ski-rental rule): a problem that needs
    fewer epochs never pays for Q, one that needs many pays for it once.
    Computed once per problem (a path asks at every alpha)."""
    if "gram_switch_budget" not in problem.memo:
        problem.memo["gram_switch_budget"] = _gram_cost_in_visits(problem)
    return problem.memo["gram_switch_budget"]


def _gram_cost_in_visits(problem):
    n, p = problem.n_samples, problem.n_features
    if problem.is_sparse and not _preprocessing.sparse_gram_on_dense_copy(problem.data):
        # scipy's sparse product X^T X: sum_i nnz(row i)^2 multiply-adds plus
        # a sparse p x p result, each at about 10x the cost of a multiply-add
        # of coordinate descent, whose column visit costs 2 nnz / p (measured
        # on 5,000 x 300 at density 0.02: forming Q took 4 ms, 13,000
        # visits; a budget of p^2 / 10 visits switched after 3 epochs and
        # doubled the fit's time).
        X = problem.data
        row_nnz = np.bincount(X.indices, minlength=n).astype(np.float64)
        visit = max(2.0 * X.nnz / p, 1.0)
        product = row_nnz @ row_nnz + float(p) * p
        return int(SPARSE_PRODUCT_COST_RATIO * product / visit) + GRAM_ROUTE_FIXED_FLOPS // n
    return p * p // GRAM_COST_IN_VISITS_DIVISOR + GRAM_ROUTE_FIXED_FLOPS // n


# Epochs granted past the adaptive budget, at least, for scikit-learn's
# first condition (an epoch that moves no coefficient by more than tol) once
# the gap meets its target on X (_epochs_left_on_x).
SETTLING_EPOCHS = 3


def _budget_caps_epochs(ops, n_features):
    """Whether the adaptive route's work budget is a plain cap on the epochs
    of one kernel call over every feature (``solve_target``'s one-call
    branch, no rate probes): small problems, whose epochs are cheap."""
    ws = _working_set
    return (ops.epoch_cost() <= ws.ONE_CALL_MAX_EPOCH_COST
            and n_features <= ws.ONE_CALL_MAX_FEATURES)


def _epochs_left_on_x(ops, w_start, gap, l1, l2, lower, upper, n_epochs, gap_target,
                      max_epochs):
    """Epochs (rounded up, with a margin of half as many again) that X still
    needs to reach ``gap_target``, at the mean linear rate at which the
    certified gap fell from ``w_start`` to ``gap`` in ``n_epochs`` epochs,
    plus settling epochs for the epoch of small changes; 0 when the gap did
    not fall or when the forecast exceeds ``max_epochs``.

    Why: the budget is the cost of forming Q, and the ski-rental rule switches
    when it is spent, so that the switch costs at most twice the better
    route.  A problem that would converge on X a few epochs later paid both
    (float32 ElasticNet on diabetes degree-2 at alpha_max/100: 16 epochs of
    budget, 17 needed, 1.25x scikit-learn's time).  The caller continues on X
    for at most ``max_epochs`` (the budget's worth again), so a wrong forecast
    costs at most the budget once more (three times the better route).

    From zero the gap is at most ``P(0) = ||y_c||_S^2 / 2`` (the dual point
    is a scaled residual, whose dual objective is >= 0): a forecast from
    that bound is optimistic (a faster rate), so when even it exceeds
    ``max_epochs`` the answer needs no pass over X; otherwise one gradient
    pass gives the gap at the start (~20 microseconds on 442 x 65)."""
    # scikit-learn's other condition, an epoch of small changes, cannot be
    # forecast: a tenth of the epochs so far (at least SETTLING_EPOCHS)
    settling = max(SETTLING_EPOCHS, n_epochs // 10)
    if gap <= gap_target:
        return settling if settling <= max_epochs else 0

    def forecast(gap_start):
        left = _working_set._epochs_to_target([gap_start, gap], n_epochs, gap_target)
        extra = np.ceil(1.5 * left) + settling if np.isfinite(left) else np.inf
        return int(extra) if extra <= max_epochs else 0

    if not np.any(w_start):
        y_sq, _ = ops.residual_stats(ops.y, w_start)  # the residual at zero is y
        if forecast(0.5 * y_sq) == 0:
            return 0
    dtype = w_start.dtype
    lower = np.ascontiguousarray(lower, dtype=dtype)
    upper = np.ascontiguousarray(upper, dtype=dtype)
    bounded = bool(np.isfinite(lower).any() or np.isfinite(upper).any())
    box = dict(lower=lower, upper=upper) if bounded else dict(lower=None, upper=None)
    state = ops.init_state(w_start)
    grad = ops.full_gradient(state, w_start)
    r_sq, r_dot_y = ops.residual_stats(state, w_start)
    gap_start = _cd_fast.duality_gap(
        w_start, np.ascontiguousarray(grad, dtype=dtype),
        ops.column_sq_norms().astype(dtype, copy=False), l1, l2, r_sq, r_dot_y, **box)[1]
    return forecast(gap_start)


def _continue_on_x(ops, w, l1, l2, max_iter, *, gap_tol, gap_target, dw_tol, lower, upper,
                   random, seed):
    """At most ``max_iter`` more epochs of the one kernel call over every
    feature that the budget cut short (``solve_target``'s one-call branch),
    from ``w`` (in place), to the same two conditions: an epoch of small
    changes, then the stopping gap within ``gap_target``.  Unlike a warm
    start, no gap is checked before the first epoch: the call continues
    scikit-learn's rule, it does not start a new one.  Returns
    ``(certified gap, epochs, reached)``."""
    bounded = bool(np.isfinite(lower).any() or np.isfinite(upper).any())
    box = dict(lower=lower, upper=upper) if bounded else dict(lower=None, upper=None)
    few = w.shape[0] <= _working_set.WORKING_SET_MIN_FEATURES
    _, gap, n_iter, reached = ops.run(
        w, ops.init_state(w), l1, l2, max_iter=max_iter, ws=None, gap_tol=gap_target,
        require_dw=True, dw_tol=dw_tol, random=random, seed=seed,
        anderson=0 if few else _working_set.ANDERSON_MEMORY, **box)
    return gap, n_iter, reached


def _round_keeping_dual_feasibility(ops, w, l1, l2, lower, upper, passes=3):
    """Move the float64 solution ``w`` (in place) onto float32 values, and
    return the certified duality gap there (``_cd_fast.duality_gap``).

    Rounding each coefficient to the nearest float32 perturbs every gradient
    entry by ``Q delta``, which can push ``|grad_j|`` just above ``l1_j``; the
    dual point is then scaled down and the certified gap grows (to 1e-6
    relative on 1e5 rows).  Instead each nonzero coordinate is re-minimised
    in float64 given the others and rounded *away from zero*, which keeps
    ``|grad_j - 2 l2_j w_j| <= l1_j`` (the stationarity residual lands on the
    feasible side); the gradient follows every rounded step exactly.

    Under box constraints (``lower``/``upper``: float32-representable, as
    ``kernel_bounds`` returns them for float32) the re-minimised value is
    clipped to the box first; rounding away from zero could then only leave
    the box through a bound that is not a float32, so the rounded value is
    clipped again.  A coordinate at a bound keeps that exact bound, where
    the one-sided optimality condition needs no rounding slack.
    """
    Q = np.asfortranarray(ops.Q, dtype=np.float64)
    grad = np.ascontiguousarray(ops.q - Q @ w, dtype=np.float64)
    _cd_fast.round_to_float32(w, Q, grad, np.ascontiguousarray(l1, dtype=np.float64),
                              np.ascontiguousarray(l2, dtype=np.float64),
                              np.ascontiguousarray(lower, dtype=np.float64),
                              np.ascontiguousarray(upper, dtype=np.float64), passes=passes)
    grad = ops.full_gradient(None, w)
    r_sq, r_dot_y = ops.residual_stats(None, w)
    _, gap, _, _ = _cd_fast.duality_gap(
        w, np.ascontiguousarray(grad), ops.column_sq_norms(), l1, l2, r_sq, r_dot_y,
        lower=lower, upper=upper)
    return gap


def _gap_rounding(problem, k):
    """Rounding level of a kernel-scale duality gap: a few hundred ulps of
    ``||y_c||^2`` (both P and D are of that size)."""
    return 256 * np.finfo(problem.dtype).eps * float(problem.y_sq_norms[k])


def per_target(penalty, n_targets):
    """A penalty, or a sequence of penalties (one per target), as a list."""
    if isinstance(penalty, (list, tuple)):
        if len(penalty) != n_targets:
            raise ValueError(
                f"Got {len(penalty)} penalties for {n_targets} targets."
            )
        return list(penalty)
    return [penalty] * n_targets


class CoordinateDescent(BaseSolver):
    """Cyclic or random coordinate descent with a duality-gap stopping rule.

    Box constraints ``lower_j <= w_j <= upper_j`` (``positive=True`` among
    them) come from the penalty (``penalty.kernel_bounds``): each coordinate
    update is clipped to the box, and the duality gap, screening and
    working sets account for it (see docs/solvers.md, "Box constraints").

    Parameters
    ----------
    max_iter : int
        Maximum number of epochs (passes over all features) per target.
    tol : float
        Stop when the duality gap is at most ``tol * ||y_c||_S^2 / sum(s)``
        in the mean-datafit scale, scikit-learn's meaning of ``tol``.
    selection : {"cyclic", "random"}
    random_state : int, RandomState instance or None
        Seeds the feature order when ``selection="random"``.
    gram : None, True, "lazy", "adaptive" or ndarray
        ``None``: work on ``X`` (dense or sparse).  ``True``: work on the
        covariance form ``Q = X_c^T S X_c`` built by the Problem.  An array:
        a user-supplied ``Q`` (already checked by the estimator).
        ``"lazy"`` (dense X, many rows per feature): from zero, the
        working sets on their Gram blocks ``X_ws^T X_ws`` on ``X``; once
        the support turns out wide (``LAZY_GRAM_MAX_SUPPORT_SHARE`` of
        ``solvers._working_set``), continue from the current point on the
        Gram form.  A warm start goes to the Gram form directly.
        ``"adaptive"``: start on ``X``; once the work spent (in visits of a
        column of ``X``) reaches the cost of forming ``Q`` (about ``p^2 /
        10`` visits, plus the fixed cost of the Gram route, which dominates
        on tiny data; sooner when the gap's observed rate of decrease says
        the budget will not suffice, see ``solve_target``), continue from
        the current point on the Gram form.  Cheap, well-conditioned
        problems finish on ``X``; hard ones (many epochs) pay at most twice
        the Gram route.
    gap_target_ratio : float, default=GAP_TARGET_RATIO
        The working-set loop aims at a certified gap of ``gap_target_ratio *
        tol * ||y||^2`` (and reports convergence at ``tol``).  Below 1 it is
        the safety margin that keeps single fits at least as accurate as
        scikit-learn's; 1 aims at ``tol`` itself (cross-validation's first
        pass over the fold paths, see ``_cv``).
    """

    supports_sparse = True
    supports_l1 = True
    supports_positive = True

    def __init__(self, *, max_iter=1000, tol=1e-4, selection="cyclic",
                 random_state=None, gram=None, gap_target_ratio=GAP_TARGET_RATIO):
        self.max_iter = max_iter
        self.tol = tol
        self.selection = selection
        self.random_state = random_state
        self.gram = gram
        self.gap_target_ratio = gap_target_ratio
        self.switched_to_gram_ = False

    @property
    def name(self):
        if self.gram is None:
            return "cd"
        if isinstance(self.gram, str) and not self.switched_to_gram_:
            return "cd"  # "lazy" or "adaptive" that finished on X
        return "cd_gram"

    def _gram_ops(self, problem, k):
        # float64 even for float32 data (Problem.gram64): see _solve_on_gram
        Q, q = problem.gram64 if not isinstance(self.gram, np.ndarray) else (
            self._user_gram(problem))
        return _GramOps(Q, np.ascontiguousarray(q[:, k]), float(problem.y_sq_norms[k]))

    @staticmethod
    def _solve_on_gram(ops, w, l1, l2, **kwargs):
        """``solve_target`` on the float64 Gram form, for either dtype of w.

        The Gram form is always float64 (its rounding would otherwise cap
        the certifiable gap of float32 data near 1e-6 relative); float32
        coefficients are solved in float64 and rounded back.
        """
        if w.dtype == np.float64:
            return CoordinateDescent._gram_target(ops, w, l1, l2, **kwargs)
        w64 = w.astype(np.float64)
        l1, l2 = l1.astype(np.float64), l2.astype(np.float64)
        # the float32 box (rounded inwards by kernel_bounds) solved in float64
        kwargs["lower"] = np.asarray(kwargs["lower"], dtype=np.float64)
        kwargs["upper"] = np.asarray(kwargs["upper"], dtype=np.float64)
        gap, n_iter, reached = CoordinateDescent._gram_target(ops, w64, l1, l2, **kwargs)
        if np.array_equal(w64, w):
            # no step taken (a warm start already within the rule): w is
            # its own float32 point, certified as it is; re-minimising
            # coordinates from a point that is not the optimum can raise
            # the gap above tol
            return gap, n_iter, reached
        # the certificate is that of the float32 point
        gap = _round_keeping_dual_feasibility(ops, w64, l1, l2, kwargs["lower"],
                                              kwargs["upper"])
        w[:] = w64
        return gap, n_iter, reached

    @staticmethod
    def _gram_target(ops, w, l1, l2, **kwargs):
        """``solve_target`` on the float64 Gram form; on at most
        ``ONE_CALL_TALL_MAX_FEATURES`` features (where its rule is one kernel
        call over every feature) through ``cd_gram_path`` with one alpha, the
        same rule in C without its Python (cyclic order, no coefficient fixed
        at zero, no work budget or second start)."""
        ws = _working_set
        lower, upper = kwargs["lower"], kwargs["upper"]
        n_features = w.shape[0]
        if (kwargs["random"] or kwargs.get("work_budget") is not None
                or kwargs.get("w_fallback") is not None
                or n_features > ws.ONE_CALL_TALL_MAX_FEATURES
                or np.any((lower == 0) & (upper == 0))):
            return solve_target(ops, w, l1, l2, **kwargs)
        _preprocessing.check_finite_sq_norms(np.diag(ops.Q))
        bounded = bool(np.isfinite(lower).any() or np.isfinite(upper).any())
        if bounded:
            np.clip(w, lower, upper, out=w)
        few = n_features <= ws.WORKING_SET_MIN_FEATURES
        coefs, gaps, n_iters, reached = _cd_fast.cd_gram_path(
            w, ops.Q, ops.q, ops.y_sq, np.ascontiguousarray(l1, dtype=np.float64),
            np.ascontiguousarray(l2, dtype=np.float64), np.ones(1),
            max_iter=int(kwargs["max_iter"]), gap_tol=kwargs["gap_tol"],
            gap_target=kwargs["gap_target"],
            # from zero on few features: scikit-learn's rule, as solve_target
            first_gap_tol=kwargs["gap_tol"] if few else kwargs["gap_target"],
            dw_tol=kwargs["dw_tol"], lower=lower if bounded else None,
            upper=upper if bounded else None, anderson=0 if few else ws.ANDERSON_MEMORY)
        w[:] = coefs[0]
        return float(gaps[0]), int(n_iters[0]), bool(reached[0])

    def _gap_target(self, problem, k, on_gram):
        """The working-set loop's stopping target for target ``k``, in kernel
        scale: ``gap_target_ratio`` times scikit-learn's ``tol * ||y||^2``,
        but not below ``TARGET_FLOOR`` (of float64 on the Gram form, which
        is float64 for either dtype) unless ``tol`` itself is."""
        dtype = np.dtype(np.float64) if on_gram else problem.dtype
        target = max(self.gap_target_ratio * self.tol, min(self.tol, TARGET_FLOOR[dtype]))
        return float(target * problem.y_sq_norms[k])

    def solve(self, problem, penalty, coef_init=None, coef_fallback=None):
        """Solve every target from ``coef_init`` (zeros when None).

        ``coef_fallback`` (same shape as ``coef_init``): a second start, used
        for the targets where ``coef_init`` does not already meet ``tol``
        (see ``solve_target``).
        """
        n_targets, n_features = problem.n_targets, problem.n_features
        dtype = problem.dtype
        penalties = per_target(penalty, n_targets)
        coef = np.zeros((n_targets, n_features), dtype=dtype)
        if coef_init is not None:
            coef[:] = coef_init
        n_iter = np.zeros(n_targets, dtype=np.int64)
        dual_gap = np.zeros(n_targets, dtype=np.float64)
        converged = np.zeros(n_targets, dtype=bool)
        # the feature order's seed, drawn only where it is used
        rng = check_random_state(self.random_state) if self.selection == "random" else None
        lazy = isinstance(self.gram, str) and self.gram == "lazy"
        adaptive = isinstance(self.gram, str) and not lazy
        budget = _gram_switch_budget(problem) if adaptive else None

        for k in range(n_targets):
            l1, l2 = to_kernel_scale(penalties[k], problem)
            # the box (positive folded in) needs no scaling
            lower, upper = penalties[k].kernel_bounds(n_features, dtype=dtype)
            w = np.ascontiguousarray(coef[k])
            w_start = w.copy() if adaptive else None
            fallback = None
            if coef_fallback is not None:
                fallback = np.asarray(coef_fallback[k], dtype=w.dtype)
            # "lazy" starts on X from zero only (see solve_target); a warm
            # start goes to Q directly
            on_x_first = lazy and not np.any(w) and fallback is None and not problem.is_sparse
            if self.gram is not None and not adaptive and not on_x_first:
                ops = self._gram_ops(problem, k)
            elif problem.is_sparse:
                ops = _SparseOps(problem, k)
            else:
                ops = _DenseOps(problem, k)
            options = dict(
                # scikit-learn's tol: gap <= tol * ||y||^2 in kernel scale
                gap_tol=float(self.tol * problem.y_sq_norms[k]),
                gap_target=self._gap_target(problem, k, isinstance(ops, _GramOps)),
                dw_tol=float(self.tol),
                lower=lower,
                upper=upper,
                random=self.selection == "random",
                seed=0 if rng is None else int(rng.randint(1, np.iinfo(np.int32).max)),
            )
            solve = self._solve_on_gram if isinstance(ops, _GramOps) else solve_target
            if (isinstance(ops, _DenseOps) and fallback is None and not lazy
                    and self._single_fit_in_kernel(problem, lower, upper, budget)):
                gap, n_iter[k], reached = self._solve_dense_in_kernel(
                    problem, ops, w, l1, l2, budget, **options)
            elif on_x_first:
                gap, n_iter[k], reached = solve_target(
                    ops, w, l1, l2, max_iter=int(self.max_iter), on_wide_support="return",
                    **options)
                if ops.handed_over and n_iter[k] < self.max_iter:
                    # the support is wide: Q from here on (see
                    # LAZY_GRAM_MAX_SUPPORT_SHARE)
                    self.switched_to_gram_ = True
                    options["gap_target"] = self._gap_target(problem, k, on_gram=True)
                    gap, more, reached = self._solve_on_gram(
                        self._gram_ops(problem, k), w, l1, l2,
                        max_iter=int(self.max_iter - n_iter[k]), **options)
                    n_iter[k] += more
            else:
                gap, n_iter[k], reached = solve(
                    ops, w, l1, l2, max_iter=int(self.max_iter), work_budget=budget,
                    w_fallback=fallback, **options,
                )
            if (adaptive and not reached and n_iter[k] < self.max_iter
                    and _budget_caps_epochs(ops, n_features)):
                # The budget ran out one kernel call in: finish on X if the
                # gap's rate says that costs less than forming Q, aiming at
                # the target of the call that ran out (scikit-learn's own,
                # gap_tol, from a cold start on few features; else the
                # working-set target).
                rest = dict(options)
                if n_features <= _working_set.WORKING_SET_MIN_FEATURES and not np.any(w_start):
                    rest["gap_target"] = options["gap_tol"]
                # 0: finishing on X would cost more than Q, switch now
                extra = _epochs_left_on_x(ops, w_start, gap, l1, l2, lower, upper,
                                          int(n_iter[k]), rest["gap_target"],
                                          max_epochs=budget // n_features)
                extra = min(extra, int(self.max_iter - n_iter[k]))
                if extra > 0:
                    gap, more, reached = _continue_on_x(ops, w, l1, l2, extra, **rest)
                    n_iter[k] += more
            if adaptive and not reached and n_iter[k] < self.max_iter:
                # the budget ran out: the Gram form pays from here on
                self.switched_to_gram_ = True
                options["gap_target"] = self._gap_target(problem, k, on_gram=True)
                gap, more, reached = self._solve_on_gram(
                    self._gram_ops(problem, k), w, l1, l2,
                    max_iter=int(self.max_iter - n_iter[k]), **options,
                )
                n_iter[k] += more
            coef[k] = w
            dual_gap[k], converged[k] = self._certified(problem, k, gap)

        self._warn_unless_converged(problem, dual_gap, converged)
        return SolverResult(coef=coef, n_iter=n_iter, dual_gap=dual_gap,
                            converged=converged)

    def _single_fit_in_kernel(self, problem, lower, upper, budget):
        """Whether one fit on dense X runs as a path of one alpha in
        ``cd_dense_path`` (the rule of ``solve_target`` in C, without its
        ~0.1-0.3 ms of Python): the conditions of :meth:`solves_path_in_one_call`
        on X, and under the adaptive route's work budget only the problems
        that ``solve_target`` solves in one kernel call over every feature
        without rate probes (there the budget is a cap on the epochs)."""
        if (self.selection != "cyclic" or problem.n_samples >= DENSE_PATH_MAX_SAMPLES
                or np.any((lower == 0) & (upper == 0))):
            return False
        if budget is None:
            return True
        ws = _working_set
        epoch_cost = problem.n_samples * problem.n_features
        return epoch_cost <= ws.ONE_CALL_MAX_EPOCH_COST and (
            problem.n_features <= ws.ONE_CALL_MAX_FEATURES)

    def _solve_dense_in_kernel(self, problem, ops, w, l1, l2, budget, *, gap_tol,
                               gap_target, dw_tol, lower, upper, random, seed):
        """``solve_target`` for one target on dense X through ``cd_dense_path``
        (one alpha of 1, the penalty's kernel weights as its unit)."""
        sq_norms = _working_set._design_sq_norms(problem, w.dtype)
        _preprocessing.check_finite_sq_norms(sq_norms)
        bounded = bool(np.isfinite(lower).any() or np.isfinite(upper).any())
        max_iter = int(self.max_iter)
        if budget is not None:
            # the one-call branch of solve_target under a work budget
            max_iter = min(max_iter, max(1, budget // problem.n_features))
        coefs, gaps, n_iters, reached = _cd_fast.cd_dense_path(
            w, ops.X, ops.y, sq_norms, l1, l2, np.ones(1), max_iter=max_iter,
            gap_tol=gap_tol, gap_target=gap_target, dw_tol=dw_tol, X_offset=ops.offset,
            lower=lower if bounded else None, upper=upper if bounded else None,
            **self._dense_path_rule(problem, l2))
        w[:] = coefs[0]
        return float(gaps[0]), int(n_iters[0]), bool(reached[0])

    def _certified(self, problem, k, gap):
        """``(dual_gap_, converged)`` of target ``k`` from its kernel-scale
        certified gap (a negative gap beyond rounding warns)."""
        rounding = _gap_rounding(problem, k)
        if -rounding <= gap < 0.0:
            # P(w) - D(theta) >= 0: below zero within the arithmetic's
            # rounding (float32 data: ulps of ||y||^2) it is zero
            gap = 0.0
        gap_tol = self.tol * problem.y_sq_norms[k]
        # tol's promise: the certified gap (what dual_gap_ reports) is at
        # most tol * ||y||^2, whatever the stopping measure reached
        converged = gap <= gap_tol
        if gap < -(gap_tol + rounding):
            # P(w) - D(theta) >= 0 for any w and feasible theta: a gap
            # negative beyond the tolerance certifies nothing (rounding
            # of the data dwarfs the problem): never report convergence
            converged = False
            warnings.warn(
                f"The duality gap of target {k} is negative "
                f"({gap / problem.sum_sw:.3e}) beyond rounding: the data's rounding "
                "errors dwarf the fit, and the result cannot be trusted. "
                "Scale the features and the target (e.g. StandardScaler).",
                ConvergenceWarning, stacklevel=5)
        return gap / problem.sum_sw, bool(converged)

    def _warn_unless_converged(self, problem, dual_gap, converged):
        if not np.all(converged):
            k = int(np.argmin(converged))
            warnings.warn(
                f"Coordinate descent did not converge after {self.max_iter} "
                f"epochs (target {k}): duality gap {dual_gap[k]:.3e} > "
                f"tolerance {self.tol * problem.y_sq_norms[k] / problem.sum_sw:.3e} "
                f"(tol={self.tol} times the variance of y). Increase max_iter, "
                "loosen tol, or standardize the features.",
                ConvergenceWarning,
                stacklevel=5,
            )

    def solves_path_in_one_call(self, problem, unit_penalty, with_starts=False):
        """Whether :meth:`solve_path` applies: cyclic order, no coefficient
        fixed at zero by its box, and either the Gram form formed by the
        Problem (float64, small enough for one kernel call per alpha, as
        ``solve_target`` decides; no per-alpha ``starts``) or dense X too
        short for the working sets' Gram blocks (``DENSE_PATH_MAX_SAMPLES``)."""
        if self.selection != "cyclic":
            return False
        lower, upper = unit_penalty.kernel_bounds(problem.n_features)
        if np.any((lower == 0) & (upper == 0)):
            return False
        if self.gram is None:
            return not problem.is_sparse and problem.n_samples < DENSE_PATH_MAX_SAMPLES
        return (self.gram is True and not with_starts and problem.dtype == np.float64
                and problem.n_features <= _working_set.ONE_CALL_TALL_MAX_FEATURES)

    def solve_path(self, problem, unit_penalty, alphas, coef_init=None, starts=None):
        """The whole warm-started path in one kernel call per target, for
        the penalties ``alpha * unit_penalty`` (linear in ``alpha``), when
        :meth:`solves_path_in_one_call`: ``_cd_fast.cd_gram_path`` on the
        Gram form (no extrapolated second start), ``_cd_fast.cd_dense_path``
        on dense X (the working-set loop of :meth:`solve` and the
        extrapolation of ``_path.solve_path``, in C).  The rule of each alpha
        is that of one :meth:`solve` from the previous solution, or from
        ``starts[k, :, i]`` (shape ``(n_targets, n_features, n_alphas)``).

        Returns ``(coefs, n_iter, dual_gap, converged)`` of shapes
        ``(n_alphas, n_targets, n_features)`` and ``(n_targets, n_alphas)``.
        """
        n_targets, n_features = problem.n_targets, problem.n_features
        n_alphas = len(alphas)
        on_gram = self.gram is not None
        dtype = np.float64 if on_gram else problem.dtype
        alphas = np.ascontiguousarray(alphas, dtype=np.float64)
        l1_unit, l2_unit = to_kernel_scale(unit_penalty, problem)
        lower, upper = unit_penalty.kernel_bounds(n_features, dtype=dtype)
        bounded = bool(np.isfinite(lower).any() or np.isfinite(upper).any())
        box = dict(lower=lower if bounded else None, upper=upper if bounded else None)
        few = n_features <= _working_set.WORKING_SET_MIN_FEATURES
        coefs = np.empty((n_alphas, n_targets, n_features), dtype=dtype)
        n_iter = np.empty((n_targets, n_alphas), dtype=np.int64)
        dual_gap = np.empty((n_targets, n_alphas))
        converged = np.empty((n_targets, n_alphas), dtype=bool)
        if on_gram:
            Q, q = problem.gram64
        else:
            sq_norms = _working_set._design_sq_norms(problem, dtype)
            _preprocessing.check_finite_sq_norms(sq_norms)
            rule = self._dense_path_rule(problem, l2_unit)
        for k in range(n_targets):
            w = np.zeros(n_features, dtype=dtype) if coef_init is None else np.array(
                coef_init[k], dtype=dtype)
            if bounded:
                np.clip(w, lower, upper, out=w)
            gap_tol = float(self.tol * problem.y_sq_norms[k])
            gap_target = self._gap_target(problem, k, on_gram=on_gram)
            if on_gram:
                coefs[:, k], gaps, n_iter[k], _ = _cd_fast.cd_gram_path(
                    w, Q, np.ascontiguousarray(q[:, k]), float(problem.y_sq_norms[k]),
                    l1_unit, l2_unit, alphas, max_iter=int(self.max_iter),
                    gap_tol=gap_tol, gap_target=gap_target,
                    # a first solve from zero on few features: scikit-learn's rule
                    first_gap_tol=gap_tol if few else gap_target, dw_tol=float(self.tol),
                    anderson=0 if few else _working_set.ANDERSON_MEMORY, **box)
            else:
                ops = _DenseOps(problem, k)
                coefs[:, k], gaps, n_iter[k], _ = _cd_fast.cd_dense_path(
                    w, ops.X, ops.y, sq_norms, l1_unit, l2_unit, alphas,
                    max_iter=int(self.max_iter), gap_tol=gap_tol, gap_target=gap_target,
                    dw_tol=float(self.tol), X_offset=ops.offset,
                    starts=None if starts is None else starts[k].T, **rule, **box)
            for i in range(n_alphas):
                dual_gap[k, i], converged[k, i] = self._certified(problem, k, gaps[i])
        for i in np.flatnonzero(~np.all(converged, axis=0)):
            self._warn_unless_converged(problem, dual_gap[:, i], converged[:, i])
        return coefs, n_iter, dual_gap, converged

    @staticmethod
    def _dense_path_rule(problem, l2_unit):
        """The choices of ``solve_target`` that depend on the problem's shape
        and the penalty's kind, for ``cd_dense_path`` (its constants too)."""
        ws = _working_set
        epoch_cost = problem.n_samples * problem.n_features
        has_l2 = bool(np.any(l2_unit > 0))
        tall = (problem.n_features <= ws.ONE_CALL_TALL_MAX_FEATURES
                and problem.n_samples >= ws.ONE_CALL_MIN_RATIO * problem.n_features)
        one_call = tall or (epoch_cost <= ws.ONE_CALL_MAX_EPOCH_COST and (
            problem.n_features <= ws.ONE_CALL_MAX_FEATURES or has_l2))
        near_max_cost = (ws.ONE_CALL_NEAR_MAX_L2_EPOCH_COST if has_l2
                         else ws.ONE_CALL_MAX_EPOCH_COST)
        return dict(
            one_call=one_call,
            one_call_max_alpha_ratio=(float(ws.ONE_CALL_MAX_ALPHA_RATIO)
                                      if epoch_cost <= near_max_cost else 0.0),
            few_features=ws.WORKING_SET_MIN_FEATURES, anderson=ws.ANDERSON_MEMORY,
            ws_initial=ws.WS_INITIAL_SIZE, ws_growth=ws.WS_GROWTH,
            inner_tol_ratio=ws.INNER_TOL_RATIO, gap_rounding_ulps=ws.GAP_ROUNDING_ULPS)

    def _user_gram(self, problem):
        # The estimator has checked that the user's Gram matches X and that
        # no centring or weighting was needed, so X^T y completes it.
        Q = np.asfortranarray(self.gram, dtype=np.float64)
        X = problem.data
        q = X.T @ problem.Y.astype(np.float64)
        return Q, np.asarray(q, dtype=np.float64)
