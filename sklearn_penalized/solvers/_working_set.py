# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""The working-set outer loop around the coordinate-descent kernels.

One target at a time, in kernel scale (``1/2 ||y - Xw||^2 + sum_j l1_j |w_j|
+ l2_j w_j^2`` subject to ``lower_j <= w_j <= upper_j``, ``lower_j <= 0 <=
upper_j``):

1. compute the full gradient ``X^T R`` and the duality gaps of the whole
   problem (the stopping rule: the larger of the two certified gaps of
   ``_cd_fast.duality_gap`` at most ``gap_target``, never a working-set
   gap);
2. gap-safe screening (Fercoq, Gramfort & Salmon 2015; Ndiaye et al. 2017):
   the dual optimum lies in the ball of radius ``sqrt(2 gap)`` around the
   current dual point ``theta = scale * R`` (the dual is 1-strongly
   concave), so a feature with ``|X_j^T theta| + ||X_j|| sqrt(2 gap) < l1_j``
   is zero at the optimum and is removed for good (under bounds, ``|.|``
   becomes the one-sided ``_pull``, see ``solve_target``);
3. working set (Massias, Gramfort & Salmon 2018; Bertrand & Massias 2021):
   the nonzero features plus those closest to violating their optimality
   condition, ranked by ``(|X_j^T theta| - l1_j) / ||X_j||``, of size
   ``nnz + clip(n_violating, p0, WS_GROWTH nnz)`` (``n_violating``: zero features
   with ``|X_j^T R| > l1_j``; one-sided under bounds);
4. the kernel solves the problem restricted to the working set, with
   Anderson acceleration, to a gap of ``0.3`` times the outer gap; once the
   target is met, the last working set is solved again until an epoch whose
   largest coefficient change is at most ``dw_tol`` relative
   (scikit-learn's second condition), and step 1 checks again.  On dense
   tall X a working set is solved on its Gram block ``X_ws^T X_ws``, whose
   epochs cost next to nothing: to ``CHEAP_INNER_TOL_RATIO`` of the target
   and an epoch of small changes at once.

Each storage (dense, sparse CSC with implicit centring, Gram) provides the
few operations the loop needs through a small ``*Ops`` class.

This loop has twins in C for small problems, where its Python (~0.1-0.3 ms
per solve) costs more than the epochs: ``_cd_fast.cd_dense_path`` (dense X
of fewer than ``solvers._cd.DENSE_PATH_MAX_SAMPLES`` rows) and
``_cd_fast.cd_gram_path`` (Gram forms of at most ``ONE_CALL_TALL_MAX_FEATURES``
features), which take their constants from this module.  A change of the
rule here is a change there too: ``tests/test_solvers.py`` compares them.
"""
import numpy as np
import scipy.sparse as sp
from scipy.linalg import blas

from .._kernels import _cd_fast
from .._preprocessing import check_finite_sq_norms

# Up to this many features a single kernel call over all of them beats the
# working-set machinery.
WORKING_SET_MIN_FEATURES = 64
# Initial working-set size (also the fewest features a working set adds) and
# the inner/outer tolerance ratio (skglm's and celer's choices, which we found
# to work well here too).
WS_INITIAL_SIZE = 10
INNER_TOL_RATIO = 0.3
ANDERSON_MEMORY = 5
# A working set adds at most WS_GROWTH times its nonzeros: from a cold start
# (where nearly every zero feature violates) it triples rather than doubles.
# Doubling spent most of a wide fit in outer iterations (a full gradient and
# ~100 microseconds of Python each): 8 of them for ElasticNet on the
# correlated 150 x 800 design of bench_accuracy.py at alpha_max / 10.  There,
# and on its other wide and sparse problems (Lasso and ElasticNet, alpha_max
# / 10 to / 1000), tripling took 0.5-1.0x the time of doubling (0.93 -> 0.79x
# of scikit-learn's on that row; problems B, F and J of run.py 0.6-0.8x, D
# 0.97x); quadrupling was as fast on the grid but 1.1-1.2x slower on B and F
# (features that stay zero in every epoch).  Warm starts along a path add
# only their few violators either way.
WS_GROWTH = 2
# A duality gap is a difference of terms of size ||R||^2 and R^T y: below
# this many ulps of them it is rounding (used as the least screening gap).
GAP_ROUNDING_ULPS = 64
# Dense X, n_samples >= 64 |ws| and |ws| <= 256: solve the working-set
# problem on its small Gram matrix (see _DenseOps._run_on_ws_gram).  The
# block costs n |ws|^2 flops, an inner epoch on X about 4 n |ws|: it pays only
# when an inner solve runs many epochs per feature, i.e. on tall data.  At a
# ratio of 8, Lasso on 2,000 x 200 at alpha_max / 1000 (|ws| ~ 190) spent 3x
# the time of the inner solves on X; 20,000 x 100 gains 2-5x at 64 as at 16
# (benchmarks/bench_accuracy.py, scratch timings in the issue note).
WS_GRAM_MIN_RATIO = 64
WS_GRAM_MAX_SIZE = 256
# Small problems: one kernel call over every feature, no working set (see
# solve_target), when an epoch costs at most ONE_CALL_MAX_EPOCH_COST
# multiply-adds (n p on dense X, nnz on sparse X, p^2 on the Gram form) and
# there are at most ONE_CALL_MAX_FEATURES features.  The working-set loop
# costs ~50 microseconds of Python per outer iteration; an epoch of that size
# ~30 (benchmarks/bench_small.py): the loop cannot pay.  On dense diabetes
# degree-2 features (442 x 65) the loop ran 16 epochs where plain cyclic
# descent runs scikit-learn's 6.  With an L2 part in the penalty the feature
# cap does not apply: on wide designs of 400 to 1,000 features (epochs below
# the cost bound) elastic-net fits took up to 2x scikit-learn's time in the
# loop, at most 1.1x in one call (l1_ratio 0.9 and 0.5, alpha_max / 10 to
# / 1000); pure lasso fits there gain 2-5x from the working sets and keep them.
ONE_CALL_MAX_FEATURES = 256
ONE_CALL_MAX_EPOCH_COST = 65_536
# Pure lasso on small wide data (an epoch within ONE_CALL_MAX_EPOCH_COST,
# more than ONE_CALL_MAX_FEATURES features), from zero and near the top of
# the path (alpha >= alpha_max / ONE_CALL_MAX_ALPHA_RATIO, read off the
# first gradient): one kernel call too.  There the working sets grow three
# or four times towards a support reached in a few epochs, and the loop's
# Python outweighs the epochs it saves: on make_regression 100 x 500, 120 x
# 500, 60 x 1,000 and correlated 100 x 600, 60 x 1,000 designs, one call
# took 0.60-0.87x scikit-learn's time at alpha_max / 5 and / 10 where the
# loop took 0.69-1.13x; at / 20 the two were even, at / 50 the loop won on
# every one (up to 2.5x).  The bound lies between the two (the grid's
# alpha_max / 10 itself must not depend on the rounding of the gradient).
ONE_CALL_MAX_ALPHA_RATIO = 15
# An elastic net near alpha_max likewise up to twice that epoch cost (at most
# ONE_CALL_MAX_EPOCH_COST it is one call at every alpha): diabetes degree-3
# (442 x 285) at alpha_max / 5 and / 10, 0.75-0.79x of scikit-learn's time
# instead of 1.11-1.12x in the loop; the correlated 150 x 800 design 0.73-0.80x
# instead of 0.89x.  Not for a lasso there (deg-3 at / 10: 0.95x against the
# loop's 0.56x), nor beyond (200 x 2,000: 0.92-1.12x against 0.74-0.78x).
ONE_CALL_NEAR_MAX_L2_EPOCH_COST = 2 * ONE_CALL_MAX_EPOCH_COST
# Tall dense X (n_samples >= ONE_CALL_MIN_RATIO * n_features, at most
# ONE_CALL_TALL_MAX_FEATURES features): one kernel call as well.  There the
# working sets grow to most features anyway, and re-solving them as they
# double cost 2-4x the epochs of one cyclic pass over every feature (a zero
# feature costs one dot): on correlated 20,000 x 100, 10,000 x 250, 3,000 x
# 500 and 5,000 x 1,000 designs at alpha_max / 10 to / 1000 the single call
# was faster on every problem (up to 2.1x; benchmarks/bench_accuracy.py).
ONE_CALL_MIN_RATIO = 2
ONE_CALL_TALL_MAX_FEATURES = 1024
# ... unless the working sets would live on their Gram blocks (n_samples >=
# WS_GRAM_MIN_RATIO * WS_INITIAL_SIZE): from zero, the working-set loop runs
# first, each working set solved to the target on its block X_ws^T X_ws
# (|ws|^2 per epoch), so that the fit costs a few passes over X (the full
# gradients) plus n |ws|^2 / 2 for the blocks.  A sparse model is found in
# two or three passes where one call runs 10-25 epochs, each of n p
# (correlated designs of 2,000 x 200 to 100,000 x 200 at alpha_max / 10 and
# / 100: 0.36-0.68x scikit-learn's time against 0.61-1.06x in one call).
# When, after the first working set, its nonzeros and the features still
# violating their optimality condition exceed this share of the features,
# the support is wide (at alpha_max / 1000 on the same designs: 0.59-0.98)
# and the loop hands over, from where it is, to one call (or, on the "lazy"
# Gram route, to Q), which then win: the blocks would grow towards Q piece
# by piece.  The share after the first working set was 0.11-0.49 where the
# loop won and 0.59-0.98 where it lost.
LAZY_GRAM_MAX_SUPPORT_SHARE = 0.5
# A working set on its Gram block is solved to this fraction of the target
# (not below 16 rounding levels of the gap): its epochs cost |ws|^2, and the
# fit ends with that solve, so its precision is the model's.  At 0.3 (the
# ratio of the inner solves on X) Lasso on the correlated 2,000 x 200 design
# of benchmarks/bench_accuracy.py at alpha_max / 10 ended 2.5x further from
# the optimum than scikit-learn at the same tol (relative sub-optimality
# 3.9e-10 against 1.6e-10; the one call over every feature before: 0); at
# 0.01, 6e-13, and every row of that grid as accurate as scikit-learn's, at
# no measurable cost.
CHEAP_INNER_TOL_RATIO = 0.01
# Epochs of each of the two short runs that measure the rate of convergence
# on X before the adaptive route decides to move to the Gram form.
PROBE_EPOCHS = ANDERSON_MEMORY + 1  # each run then includes one extrapolation


def _design_sq_norms(problem, dtype):
    """``diag(X_c^T S X_c)`` in ``dtype``: the centred squared column norms
    that ``make_problem`` computed in float64 without cancellation (for the
    shifted columns, from the shifted data), cast once per problem."""
    memo = problem.memo
    key = ("sq_norms", np.dtype(dtype).char)
    if key not in memo:
        memo[key] = problem.sq_norms.astype(dtype)
    return memo[key]


class _ResidualOps:
    """Shared by the dense and sparse routes: the state is ``R = y - X w``
    (uncentred) and the full residual is ``R + m^T w`` (``m = offset``, None
    when X needs no implicit centring); ``sw`` weights the datafit (None when
    the weights are already folded into X and y)."""

    def init_state(self, w):
        active = np.flatnonzero(w)
        if active.size == 0:
            # a cold start: slicing sparse X by no column costs more than a
            # small fit's epoch
            return np.array(self.y, copy=True)
        if not sp.issparse(self.A) and 8 * active.size > w.size:
            # X[:, active] copies the columns: beyond an eighth of them one
            # gemv over all of X (zeros included) is cheaper
            return self.y - self.A @ w
        return self.y - self.A[:, active] @ w[active]

    def _full_residual(self, R, w):
        return R if self.offset is None else R + self.offset @ w

    def drop(self, R, w, idx):
        R += self.A[:, idx] @ w[idx]
        w[idx] = 0.0

    def inner_work(self, n_epochs, ws_size):
        """Work of an inner solve, in visits of one column of X (n flops)."""
        return n_epochs * ws_size

    def epochs_within(self, work, ws_size):
        """Inner epochs that fit in ``work`` (at least one)."""
        return max(1, work // ws_size)

    def epoch_cost(self):
        """Multiply-adds of one epoch over every feature."""
        X = self.A
        return X.nnz if sp.issparse(X) else X.shape[0] * X.shape[1]

    def is_tall(self):
        """Dense and tall enough for one kernel call (ONE_CALL_MIN_RATIO)."""
        n, p = self.A.shape
        return (not sp.issparse(self.A) and p <= ONE_CALL_TALL_MAX_FEATURES
                and n >= ONE_CALL_MIN_RATIO * p)

    def full_gradient(self, R, w):
        # X_c^T S (R + c) = X^T S (R + c) - m sum(S (R + c))  (BLAS gemv)
        r = self._full_residual(R, w)
        sr = r if self.sw is None else self.sw * r
        grad = self.A.T @ sr
        if self.offset is not None:
            grad -= self.offset * np.sum(sr)
        return grad

    def cheap_inner(self, ws_size):
        """Whether an inner epoch on ``ws_size`` features costs next to
        nothing beside a full gradient (the Gram block of the working set)."""
        return False

    # set by solve_target(on_wide_support="return") when it hands over
    handed_over = False

    def residual_stats(self, R, w):
        r = self._full_residual(R, w)
        sr = r if self.sw is None else self.sw * r
        return float(sr @ r), float(sr @ self.y)


class _DenseOps(_ResidualOps):
    """Dense X.  Unweighted: centred implicitly (no copy of X), the state is
    ``R = y - X w`` and the full residual ``R + m^T w``.  Weighted: the
    centred, ``sqrt(s)``-scaled design is materialised and ``R`` is the
    residual itself."""

    def __init__(self, problem, k):
        unweighted = problem.sample_weight is None
        self.offset = problem.X_offset if unweighted and problem.fit_intercept else None
        # the design for products (gradients, Gram blocks, residual updates),
        # in the user's memory order where it is the data itself: the
        # Fortran copy the kernels on X read (self.X) is made only when one
        # runs (a C-ordered X solved on Gram blocks, or handed over to Q,
        # never needs it)
        self._reads_data = (unweighted and problem.rows is None
                            and problem.X_shift is None)
        if not unweighted:
            self.A = problem.X_design
        elif self._reads_data:
            self.A = problem.data
        else:
            self.A = problem.X
        self.y = np.ascontiguousarray(problem.Y_design[:, k])
        self.sw = None  # weights, if any, are folded into X_design
        self.problem = problem
        self.k = k

    @property
    def X(self):
        """The design in Fortran order, for the kernels on X."""
        problem = self.problem
        return problem.X if problem.sample_weight is None else problem.X_design

    def column_sq_norms(self):
        return _design_sq_norms(self.problem, self.A.dtype)

    def full_gradient(self, R, w):
        """The full gradient, kept with the ``w`` it was computed at: the
        solve of a working set on its Gram block, which follows at the same
        point, reads its entries instead of a product with ``X_ws``.  At
        zero (a cold start) it is ``X_c^T S y_c``, which the problem may
        already hold (the "auto" route reads it): no pass over X then."""
        problem = self.problem
        # (the problem computes it as this product on the data themselves)
        if not np.any(w) and (self._reads_data or "zero_gradient" in problem.__dict__):
            # the same product; kept by the problem, whose Gram form (if the
            # fit moves there) reuses it as q
            grad = problem.zero_gradient[:, self.k].astype(self.A.dtype)
        else:
            grad = super().full_gradient(R, w)
        self._grad_at = (w.copy(), grad)
        return grad

    def _gradient_at(self, w):
        """The full gradient cached at ``w``, or None."""
        cached = getattr(self, "_grad_at", None)
        if cached is not None and np.array_equal(cached[0], w):
            return cached[1]
        return None

    def cheap_inner(self, ws_size):
        return self._uses_ws_gram(ws_size)

    def run(self, w, R, l1, l2, ws=None, **options):
        if ws is not None and self._uses_ws_gram(len(ws)):
            return self._run_on_ws_gram(w, R, l1, l2, ws, **options)
        self._grad_at = None  # w changes
        return _cd_fast.cd_dense(w, self.X, self.y, l1, l2, R=R, ws=ws,
                                 X_offset=self.offset,
                                 sq_norms=self.column_sq_norms(), **options)

    def _uses_ws_gram(self, ws_size):
        return ws_size <= WS_GRAM_MAX_SIZE and (
            self.A.shape[0] >= WS_GRAM_MIN_RATIO * ws_size)

    def inner_work(self, n_epochs, ws_size):
        if not self._uses_ws_gram(ws_size):
            return n_epochs * ws_size
        # Q_ws costs n |ws|^2 / 2 flops; an epoch on it |ws|^2.
        n = self.A.shape[0]
        return ws_size * ws_size // 2 + (n_epochs * ws_size * ws_size) // n + 1

    def epochs_within(self, work, ws_size):
        if not self._uses_ws_gram(ws_size):
            return max(1, work // ws_size)
        n = self.A.shape[0]
        return max(1, (work - ws_size * ws_size // 2) * n // (ws_size * ws_size))

    def _ws_gram(self, ws):
        """``X_c[:, ws]^T X_c[:, ws]`` (centred) for a sorted ``ws``, from a
        cache of the Gram block of the features seen so far.

        Successive working sets (of one fit, and of the fits along a path,
        which share ``problem.memo``) mostly repeat their features: only the
        columns of the new ones are computed, ``n |ws| |new|`` flops instead
        of ``n |ws|^2`` at every outer iteration.  The cache holds at most
        ``2 * WS_GRAM_MAX_SIZE`` features (2 MiB in float64); beyond, and when
        no feature is shared, it restarts from ``ws``.  (A problem has one
        design, ``X`` or the weighted ``X_design``, and one centring.)
        """
        memo = self.problem.memo
        cached, gram = memo.get("ws_gram", (np.empty(0, np.intp), np.empty((0, 0))))
        new = ws[~np.isin(ws, cached)]
        if new.size == ws.size or cached.size + new.size > 2 * WS_GRAM_MAX_SIZE:
            cached, gram, new = cached[:0], gram[:0, :0], ws
        if new.size:
            # the new columns against every cached and new feature
            features = np.concatenate([cached, new]).astype(np.intp)
            X_new = self.A[:, new]
            X_features = X_new if not cached.size else self.A[:, features]
            cross = X_features.T @ X_new
            if self.offset is not None:
                cross -= X_new.shape[0] * np.outer(self.offset[features],
                                                   self.offset[new])
            grown = np.empty((features.size, features.size), dtype=cross.dtype)
            grown[:cached.size, :cached.size] = gram
            grown[:, cached.size:] = cross
            grown[cached.size:, :cached.size] = cross[:cached.size].T
            cached, gram = features, grown
            memo["ws_gram"] = (cached, gram)
        order = np.argsort(cached)
        pos = order[np.searchsorted(cached, ws, sorter=order)]
        return gram[np.ix_(pos, pos)]   # a copy: the cache stays intact

    def _run_on_ws_gram(self, w, R, l1, l2, ws, **options):
        """Solve the working-set problem in covariance form.

        With n >> |ws|, ``Q_ws = X_ws^T X_ws`` costs n |ws|^2 / 2 once, about
        |ws| / 4 epochs of plain CD, after which each epoch costs O(|ws|^2)
        instead of O(n |ws|).  The sub-problem is ``1/2 ||y_ws - X_ws v||^2``
        with ``y_ws = r + X_ws w_ws`` (``r`` the full residual), so
        ``q = X_ws^T r + Q_ws w_ws`` and ``||y_ws||^2 = ||r||^2 + 2 w_ws^T
        X_ws^T r + w_ws^T Q_ws w_ws``.  ``R`` is updated once at the end.
        """
        r = self._full_residual(R, w)
        columns = self.A.flags.f_contiguous
        X_ws = None
        if columns:
            Q = self._ws_gram(ws)
        else:
            # Rows in memory: any subset of columns costs a read of all of
            # X (its cache lines), so the block is gathered once (np.take,
            # ~1.5x faster than fancy indexing here) and serves Q_ws and the
            # update of R; the cache of columns would gather twice more.
            X_ws = np.take(self.A, ws, axis=1)
            Q = X_ws.T @ X_ws
            if self.offset is not None:
                Q -= X_ws.shape[0] * np.outer(self.offset[ws], self.offset[ws])
        grad = self._gradient_at(w)
        if grad is not None:
            Xt_r = grad[ws]
        else:
            Xt_r = (X_ws if X_ws is not None else self.A[:, ws]).T @ r
            if self.offset is not None:
                Xt_r -= self.offset[ws] * np.sum(r)
        w_ws = w[ws].copy()
        Q_w = Q @ w_ws
        q = Xt_r + Q_w
        y_sq = float(r @ r + 2 * w_ws @ Xt_r + w_ws @ Q_w)
        v = w_ws.copy()
        # the sub-problem's features are 0..|ws|-1: its box is the ws slice
        for side in ("lower", "upper"):
            if options.get(side) is not None:
                options[side] = np.ascontiguousarray(options[side][ws])
        out = _cd_fast.cd_gram(v, np.asfortranarray(Q, dtype=w.dtype),
                               q.astype(w.dtype), y_sq,
                               np.ascontiguousarray(l1[ws]), np.ascontiguousarray(l2[ws]),
                               **options)
        # R = y - X w (uncentred part): subtract the change on the working
        # set, column by column where the columns are contiguous (no copy of
        # X_ws: at n >> |ws| the copies cost more than the solve)
        change = v - w_ws
        moved = np.flatnonzero(change)
        if moved.size:
            if columns:
                axpy = blas.daxpy if R.dtype == np.float64 else blas.saxpy
                for a in moved:
                    axpy(self.A[:, ws[a]], R, a=-change[a])
            else:
                R -= X_ws[:, moved] @ change[moved]
        w[ws] = v
        self._grad_at = None
        return out


class _SparseOps(_ResidualOps):
    """CSC X, centred implicitly: the state is ``R = y - X w`` (sparse part)."""

    def __init__(self, problem, k):
        self.problem = problem
        self.X = self.A = problem.X
        self.y = np.ascontiguousarray(problem.Y[:, k])
        self.sw = problem.sample_weight
        self.offset = problem.X_offset if problem.fit_intercept else None

    def column_sq_norms(self):
        return _design_sq_norms(self.problem, self.X.dtype)

    def run(self, w, R, l1, l2, **options):
        X, sw = self.X, self.sw
        return _cd_fast.cd_sparse(
            w, X.data, X.indices, X.indptr, self.y,
            np.ones(1, X.dtype) if sw is None else sw,
            self.problem.X_offset, l1, l2,
            has_sample_weight=sw is not None,
            has_offset=self.offset is not None,
            R=R, **options,
        )


class _GramOps:
    """Covariance form: the state is unused, the gradient is ``q - Q w``."""

    # work budgets only apply to the routes on X; this keeps the loop uniform
    inner_work = _ResidualOps.inner_work
    epochs_within = _ResidualOps.epochs_within
    cheap_inner = _ResidualOps.cheap_inner

    def __init__(self, Q, q, y_sq):
        self.Q, self.q, self.y_sq = Q, q, y_sq

    def column_sq_norms(self):
        return np.diag(self.Q).copy()

    def epoch_cost(self):
        return self.Q.shape[0] * self.Q.shape[0]

    def is_tall(self):
        # an epoch on Q (p^2) costs less than one on the tall X it came from
        # (n p, n >= 2 p): the same bound on the features as for X
        return self.Q.shape[0] <= ONE_CALL_TALL_MAX_FEATURES

    def init_state(self, w):
        return None

    def _Q_times(self, w):
        """``Q w``, cached for the ``w`` it was computed at (the loop asks
        for the gradient and then the residual statistics at the same point)."""
        cached = getattr(self, "_Qw_at", None)
        if cached is not None and np.array_equal(cached[0], w):
            return cached[1]
        active = np.flatnonzero(w)
        if 8 * active.size >= w.size:
            Qw = self.Q @ w               # gemv: no copy of columns
        else:
            Qw = self.Q[:, active] @ w[active]
        self._Qw_at = (w.copy(), Qw)
        return Qw

    def full_gradient(self, state, w):
        return self.q - self._Q_times(w)

    def residual_stats(self, state, w):
        w_dot_q = float(w @ self.q)
        w_Q_w = float(w @ self._Q_times(w))
        r_dot_y = self.y_sq - w_dot_q
        return max(r_dot_y - w_dot_q + w_Q_w, 0.0), r_dot_y

    def drop(self, state, w, idx):
        w[idx] = 0.0

    def run(self, w, state, l1, l2, **options):
        return _cd_fast.cd_gram(w, self.Q, self.q, self.y_sq, l1, l2, **options)


def _epochs_to_target(gaps, epochs_between, target):
    """Epochs until the gap reaches ``target`` if it keeps decreasing at the
    rate seen between the last two ``gaps``, ``epochs_between`` epochs apart
    (coordinate descent converges linearly; inf if it did not decrease)."""
    before, after = gaps[-2], gaps[-1]
    if not (0 < after < before):
        return 0 if after <= target else np.inf
    rate = np.log(after / before) / epochs_between  # < 0
    return max(np.log(target / after) / rate, 0.0)


def _pull(u, can_grow, can_shrink):
    """How hard ``u = X_j^T R`` pulls a zero coefficient in a direction its
    box allows: ``u`` if it can only grow (``upper_j > 0 = lower_j``), ``-u``
    if it can only shrink, ``|u|`` if both, ``-inf`` if neither (fixed at 0).
    The zero coefficient is optimal iff the pull is at most ``l1_j``."""
    return np.maximum(np.where(can_grow, u, -np.inf), np.where(can_shrink, -u, -np.inf))


def solve_target(ops, w, l1, l2, *, gap_tol, max_iter, dw_tol, lower, upper,
                 random, seed, gap_target=None, work_budget=None, w_fallback=None,
                 on_wide_support="one_call"):
    """Minimise one target's problem from ``w`` (updated in place).

    Stopping rule.  On at most ``WORKING_SET_MIN_FEATURES`` features, plain
    cyclic CD with scikit-learn's two conditions: an epoch whose largest
    coefficient change is at most ``dw_tol`` times the largest coefficient,
    and a stopping measure at most ``gap_tol`` (scikit-learn's ``tol *
    ||y||^2``; ``gap_target`` from a nonzero start, whose iterates are not
    scikit-learn's).  On small problems (``ONE_CALL_MAX_FEATURES``,
    ``ONE_CALL_MAX_EPOCH_COST``, the Gram form included), from zero near
    alpha_max on somewhat larger ones (``ONE_CALL_MAX_ALPHA_RATIO``) and on
    tall dense X (``ONE_CALL_MIN_RATIO``) too short for the working sets'
    Gram blocks, one accelerated call over all features, to both
    conditions with ``gap_target``.  Tall dense X from zero runs the loop on
    the blocks first and, once the support turns out wide
    (``LAZY_GRAM_MAX_SUPPORT_SHARE``), hands over to that call, or with
    ``on_wide_support="return"`` returns unconverged (``ops.handed_over``)
    for the caller to continue on the Gram form.  Above, the
    working-set loop stops once the stopping measure of the whole problem
    is at most ``gap_target`` (``gap_tol`` when None) after a solve of the
    working set that ended on an epoch of small changes (one more such
    solve is run when the target is first met).

    Returns ``(gap, n_iter, reached)``: the certified duality gap of the
    *full* problem at the returned ``w`` (kernel scale), the number of
    epochs run (0 when a nonzero start already meets the rule, as
    scikit-learn; a cold start counts its first full-gradient pass as one),
    and whether the stopping rule was met (the stopping measure is the
    larger of the two gaps of ``_cd_fast.duality_gap``, >= ``gap``).
    ``lower``/``upper``: the box (arrays of ``n_features`` with -inf/inf
    where unbounded, ``lower <= 0 <= upper``;
    ``positive`` is ``lower = 0``); ``w`` and ``w_fallback`` are projected
    onto it first.  With ``work_budget`` (in visits of one feature: a full
    gradient costs ``n_features``, an inner epoch the working-set size), the
    loop also returns, unconverged, once that much work is spent.  With
    ``w_fallback`` (a second starting point, e.g. a path's linear
    extrapolation), ``w`` is kept if it already meets ``gap_target`` and is
    replaced by ``w_fallback`` otherwise, at the cost of one more full
    gradient (ignored by the plain-CD branch for few features).
    """
    n_features = w.shape[0]
    if gap_target is None:
        gap_target = gap_tol
    warm = bool(np.any(w))
    sq_norms = ops.column_sq_norms()
    check_finite_sq_norms(sq_norms)
    lower = np.ascontiguousarray(lower, dtype=w.dtype)
    upper = np.ascontiguousarray(upper, dtype=w.dtype)
    bounded = bool(np.isfinite(lower).any() or np.isfinite(upper).any())
    can_grow, can_shrink = upper > 0, lower < 0
    # lower = upper = 0: the coefficient is 0, the feature is never visited
    fixed = ~can_grow & ~can_shrink
    if bounded:
        # a warm start (or a path's extrapolation) may leave the box
        np.clip(w, lower, upper, out=w)
        if w_fallback is not None:
            w_fallback = np.clip(w_fallback, lower, upper)
    # The kernels skip the clip when given no bounds, and the pull is |u|:
    # the unbounded case runs the same code as before bounds existed.
    box = dict(lower=lower, upper=upper) if bounded else dict(lower=None, upper=None)

    def pull(u):
        return _pull(u, can_grow, can_shrink) if bounded else np.abs(u)
    kernel_options = dict(dw_tol=dw_tol, random=random, seed=seed,
                          anderson=ANDERSON_MEMORY, **box)
    state = ops.init_state(w)

    def gap_at(w, grad):
        """``(stopping gap, certified gap, dual scale, screening gap,
        rounding)``.

        The screening gap is the plain dual point's, but at least
        ``rounding``, the rounding error of a gap (a difference of terms of size ``||R||^2``
        and ``R^T y``): at a gap below rounding the ball must not shrink to
        nothing, or a feature of the optimal support, whose ``|X_j^T
        theta|`` equals ``l1_j`` up to rounding, could be screened out.
        """
        r_sq, r_dot_y = ops.residual_stats(state, w)
        stop_gap, gap, scale, plain_gap = _cd_fast.duality_gap(
            w, np.ascontiguousarray(grad, dtype=w.dtype), sq_norms.astype(w.dtype),
            l1, l2, r_sq, r_dot_y, **box)
        rounding = GAP_ROUNDING_ULPS * np.finfo(w.dtype).eps * (r_sq + abs(r_dot_y))
        return stop_gap, gap, scale, max(plain_gap, rounding), rounding

    # an L2 part makes supports a large share of the features (correlated
    # ones enter together): on small wide data the working set then doubles
    # many times for little (see ONE_CALL_MAX_FEATURES)
    cheap_epochs = ops.epoch_cost() <= ONE_CALL_MAX_EPOCH_COST
    few = n_features <= WORKING_SET_MIN_FEATURES
    # Tall dense X from zero: the working sets on their Gram blocks first
    # (LAZY_GRAM_MAX_SUPPORT_SHARE), then one call or Q if the support
    # turns out wide
    lazy = (ops.is_tall() and ops.cheap_inner(WS_INITIAL_SIZE) and not few and not warm
            and w_fallback is None)
    small = (ops.is_tall() and not lazy) or (
        cheap_epochs and (n_features <= ONE_CALL_MAX_FEATURES or bool(np.any(l2 > 0))))
    grad = None  # the first full gradient, when computed to decide the route
    near_max_cost = (ONE_CALL_NEAR_MAX_L2_EPOCH_COST if np.any(l2 > 0)
                     else ONE_CALL_MAX_EPOCH_COST)
    if not small and ops.epoch_cost() <= near_max_cost and not warm and np.all(l1 > 0):
        grad = ops.full_gradient(state, w)
        # alpha_max / alpha from the gradient at zero (one-sided under bounds)
        small = float(np.max(pull(grad) / l1)) <= ONE_CALL_MAX_ALPHA_RATIO

    def one_call(grad, spent_epochs=0, spent_work=0):
        # Plain cyclic CD: on so few features an epoch costs next to nothing,
        # and following scikit-learn's iterates exactly makes a tol-limited
        # fit (default tol=1e-4) agree with its result to many digits.  On a
        # small problem (an epoch cheaper than the working-set loop's Python)
        # or on tall dense X, one kernel call over every feature, accelerated
        # and aimed at the working-set target.  (``spent_*``: the epochs and
        # work of the lazy working sets that handed over, see below.)
        if few:
            kernel_options["anderson"] = 0
        if grad is None:
            grad = ops.full_gradient(state, w)
        stop_gap, gap, _, _, _ = gap_at(w, grad)
        if not np.any(w) and np.all(l1 > 0):
            # From w = 0 (a cold start, or the top of a path): if zero already
            # satisfies the optimality conditions |x_j^T S y_c| <= l1_j
            # (one-sided under bounds), it is the solution.  Return it
            # exactly, rather than an epoch's worth of rounding noise
            # around it.
            corr = pull(grad)
            # a few ulps of slack: alpha_max computed elsewhere (the grid of
            # a path) and this gradient round differently
            if np.all(corr <= l1 * (1 + 8 * np.finfo(w.dtype).eps)):
                return gap, 1, stop_gap <= gap_tol
        if stop_gap <= gap_target:
            # as scikit-learn, the gap is checked before the first epoch (a
            # warm start at the solution runs none); against the stricter
            # target, so that a path's warm start merely within tol of the
            # next alpha's solution still moves towards it (scikit-learn's
            # paths stall there)
            return gap, 0 if warm else 1, True
        epochs = max_iter - spent_epochs
        if work_budget is not None:
            epochs = min(epochs, max(1, (work_budget - spent_work) // n_features))
        # fixed features stay out of the kernel (their gap terms are 0, so
        # the gap of the rest is the full problem's); on dense X a working
        # set may be solved on X_ws^T X_ws, which is the same problem
        ws = np.flatnonzero(~fixed).astype(np.int32) if np.any(fixed) else None
        # scikit-learn's two conditions (an epoch with small changes, then
        # the gap): from its start (zero), on the same iterates, stopping no
        # earlier than it does.  From another start (a warm start, a path)
        # the iterates are not scikit-learn's: the gap must then meet the
        # working-set target as well.
        run_options = dict(ws=ws, gap_tol=gap_tol if few and not warm else gap_target,
                           require_dw=True, **kernel_options)
        n_iter = 0
        if (work_budget is not None and epochs > 3 * PROBE_EPOCHS
                and ops.epoch_cost() > ONE_CALL_MAX_EPOCH_COST):
            # Large enough for the Gram form to pay if many epochs are needed:
            # two short runs measure the gap's rate of decrease, and when at
            # that rate the target lies beyond the budget, the switch is made
            # now rather than after the budget is spent on X.
            gaps = []
            for _ in range(2):
                _, gap, n_probe, reached = ops.run(w, state, l1, l2, max_iter=PROBE_EPOCHS,
                                                   **run_options)
                n_iter += n_probe
                if reached:
                    return gap, n_iter, True
                gaps.append(gap)
            epochs -= n_iter
            if _epochs_to_target(gaps, PROBE_EPOCHS, gap_target) > epochs:
                return gap, n_iter, False
        _, gap, more, reached = ops.run(w, state, l1, l2, max_iter=epochs, **run_options)
        return gap, n_iter + more, reached

    if few or small:
        return one_call(grad)

    norms = np.sqrt(sq_norms)
    penalized_l1 = l1 > 0
    # Unpenalized features are never screened and always in the working set.
    always = (l1 == 0) & (l2 == 0) & (sq_norms > 0) & ~fixed
    # a zero column is zero at the optimum, a fixed feature is zero: never visit them
    alive = (sq_norms > 0) & ~fixed
    with np.errstate(divide="ignore", invalid="ignore"):
        inv_norms = np.where(norms > 0, 1.0 / norms, 0.0)
    n_epochs = 0
    work = 0
    ws = None
    settled = True  # the last inner solve ended after an epoch of small changes
    first_grad = grad  # computed above to decide the route, or None
    while True:
        grad = first_grad if first_grad is not None else ops.full_gradient(state, w)
        first_grad = None
        work += n_features
        stop_gap, gap, scale, screening_gap, rounding = gap_at(w, grad)
        if stop_gap <= gap_target and not settled:
            # scikit-learn's second condition: the target is met, but the
            # last inner solve may have stopped (at its own gap) while the
            # coefficients still moved.  One more solve of that working set
            # to an epoch whose largest change is at most dw_tol relative
            # (usually one or two epochs), then the whole problem's gap again.
            inner_max_iter = max_iter - n_epochs
            if work_budget is not None:
                inner_max_iter = min(inner_max_iter,
                                     ops.epochs_within(work_budget - work, len(ws)))
            if inner_max_iter > 0:
                _, _, n_iter, _ = ops.run(
                    w, state, l1, l2, ws=ws.astype(np.int32), max_iter=inner_max_iter,
                    gap_tol=gap_target, require_dw=True, **kernel_options)
                n_epochs += n_iter
                work += ops.inner_work(n_iter, len(ws))
                settled = True
                continue
        if stop_gap <= gap_target:
            # a warm start that already meets the target runs no epoch (0,
            # as scikit-learn); a cold start counts its full-gradient pass
            return gap, n_epochs if n_epochs or warm else 1, True
        if w_fallback is not None:
            w[:] = w_fallback
            w_fallback = None
            state = ops.init_state(w)
            continue
        if n_epochs >= max_iter:
            return gap, n_epochs, False
        if work_budget is not None and work >= work_budget:
            return gap, max(n_epochs, 1), False

        # Gap-safe screening: the dual optimum theta* (= the optimal
        # residual) lies within sqrt(2 gap) of theta = scale * R, and
        # |X_j^T theta*| < l1_j  =>  w*_j = 0.  This stays valid under the
        # box: w*_j > 0 needs X_j^T theta* in l1_j + 2 l2_j w*_j + N(w*_j)
        # with N the box's normal cone (>= 0 at upper_j), so X_j^T theta* >=
        # l1_j; likewise w*_j < 0 needs X_j^T theta* <= -l1_j.  Hence only the
        # directions the box allows count (the one-sided pull), and theta is
        # dual feasible by construction (the kernels' scaling), so the ball
        # holds.  No bounded feature is exempt.  (As before bounds, with an
        # unpenalized feature that has an open side the gap is the documented
        # stopping measure, not a certified bound: the ball argument then
        # rests on it.)
        corr = pull(scale * grad)
        # the ball is centred at the plain dual point scale * R, whose gap
        # (<= the stopping gap) gives its radius
        screened = alive & penalized_l1 & (corr + norms * np.sqrt(2.0 * screening_gap) < l1)
        if np.any(screened):
            nonzero = np.flatnonzero(screened & (w != 0))
            if nonzero.size:
                ops.drop(state, w, nonzero)
            alive &= ~screened

        score = (corr - l1) * inv_norms
        score[w != 0] = np.inf
        score[always] = np.inf
        score[~alive] = -np.inf
        n_alive = int(np.count_nonzero(alive))
        # Size: the nonzero features plus as many zero ones as violate their
        # optimality condition (|grad_j| > l1_j, one-sided under bounds), at
        # least WS_INITIAL_SIZE and at most WS_GROWTH nnz more.  From a cold
        # start nearly every zero feature violates, so the set grows
        # geometrically as in celer and skglm; warm-started along a path only a few
        # do, and an epoch then does not pay for hundreds of features that
        # stay zero (a third of the time of a path whose supports approach n).
        nnz = int(np.count_nonzero(w))
        raw = pull(grad)
        n_violating = int(np.count_nonzero((raw > l1) & (w == 0) & alive))
        ws_size = min(n_alive, nnz + max(min(WS_GROWTH * nnz, n_violating), WS_INITIAL_SIZE))
        if lazy and n_epochs > 0 and (
                nnz + n_violating > LAZY_GRAM_MAX_SUPPORT_SHARE * n_alive):
            # the support will be wide: the working sets' Gram blocks would
            # grow towards Q piece by piece, slower than Q itself or than
            # cyclic passes over X
            if on_wide_support == "return":
                ops.handed_over = True
                return gap, n_epochs, False
            gap, more, reached = one_call(grad, n_epochs, work)
            return gap, n_epochs + more, reached
        if n_alive == 0:
            # every feature is screened, fixed at 0 or a zero column: w = 0
            # is optimal and no epoch can lower the gap (rounding) further
            return gap, max(n_epochs, 1), stop_gap <= gap_target
        # the working set is the whole problem (always, for a pure L2
        # penalty): its solve is the last one, to the target and, as
        # scikit-learn's, to an epoch of small coefficient changes (a gap
        # bounds ill-determined coefficients only loosely)
        whole = ws_size >= n_alive
        if whole:
            ws = np.flatnonzero(alive)
            inner_tol = gap_target
        else:
            ws = np.sort(np.argpartition(-score, ws_size - 1)[:ws_size])
            inner_tol = max(INNER_TOL_RATIO * stop_gap, gap_target)
        # On its Gram block (tall dense X) an epoch of the working set costs
        # |ws|^2, next to nothing beside the full gradient (n p) that checks
        # it: solve it as the last one would be, to a fraction of the target
        # and an epoch of small changes.  An outer iteration then only adds
        # the features the previous one left out, and the check that meets
        # the target ends the fit (no re-solve to settle it).
        exact = whole or ops.cheap_inner(len(ws))
        if exact and not whole:
            inner_tol = max(CHEAP_INNER_TOL_RATIO * gap_target, 16 * rounding)
        inner_max_iter = max_iter - n_epochs
        if work_budget is not None:
            inner_max_iter = min(inner_max_iter,
                                 ops.epochs_within(work_budget - work, len(ws)))
        _, _, n_iter, converged = ops.run(
            w, state, l1, l2, ws=ws.astype(np.int32), max_iter=inner_max_iter,
            gap_tol=inner_tol, require_dw=exact, **kernel_options,
        )
        settled = exact and converged
        n_epochs += n_iter
        work += ops.inner_work(n_iter, len(ws))
