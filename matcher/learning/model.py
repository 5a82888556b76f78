"""Fitting the rerank weights: non-negative logistic regression or a pairwise ranker, in numpy.

The rerank turns the feature scores fᵢ (each 0..1) and the weights wᵢ into a 0..100 score
(``matcher/ranking/score.py``: at the time of writing a weighted geometric mean of the two
sides' weighted means).  The models here are linear in the same fᵢ — an approximation of
that combination, good enough to say which features matter more; whether the fitted weights
rank better *through the real score* is measured afterwards, on held-out outcomes, with
``score_pair`` itself (``measure.py``):

- ``logistic``: P(positive) = σ(c + Σ βᵢ·fᵢ), over the labelled pairs;
- ``pairwise`` (RankNet): P(a above b) = σ(Σ βᵢ·(fᵢ(a) − fᵢ(b))), over the pairs of examples
  of one list (one talent's jobs, or one vacancy's talents) with different grades.  It only
  compares items someone saw side by side, so a seeker who applies to everything and one
  who applies to nothing do not pull the weights apart.

The weights are then ``wᵢ = βᵢ / Σ β`` under the existing names: the score depends only on
the weights' proportions, so it keeps its 0–100 scale.  Constraints, because the score is
read by people:

- βᵢ ≥ 0 (a projected solver): a feature may end up not counting, never counting against
  the match — "meets the education minimum" must not lower a score;
- L2 regularisation *towards the current weights* (scaled to the data by a one-parameter fit
  first): ``λ/2 · ‖β − s·w₀‖²``.  With much data it fades; a feature that never varied in
  the data (every pair met the education minimum) stays at its prior ``s·w₀`` instead of
  being dropped for lack of evidence (its share after normalising still moves with the
  others' weights);
- refuse to fit (:class:`NotEnoughOutcomes`) below a minimum of examples or of either label,
  and (:class:`FitError`) when the result is not a finite, non-zero weighting.

The solver is a projected Newton method: a dozen parameters, so it needs nothing but numpy.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

METHODS = ("logistic", "pairwise")


class NotEnoughOutcomes(ValueError):
    """Too few labelled examples to fit weights that mean anything."""


class FitError(ValueError):
    """The data gave no usable weighting (all zero, or not finite)."""


@dataclass
class Fitted:
    weights: dict[str, float]  # normalised, Σ = 1, each ≥ 0
    method: str
    l2: float
    examples: int
    positives: int
    negatives: int
    comparisons: int  # pairs of examples compared (pairwise) or examples (logistic)
    iterations: int
    converged: bool
    prior_scale: float
    raw: dict[str, float] = field(default_factory=dict)  # β before normalising


def _objective(a: np.ndarray, y: np.ndarray, theta: np.ndarray, l2: float, target: np.ndarray, penalised: np.ndarray) -> float:
    z = a @ theta
    return float(np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * np.sum(penalised * (theta - target) ** 2))


def _solve(a: np.ndarray, y: np.ndarray, l2: float, target: np.ndarray, nonneg: np.ndarray,
           max_iter: int = 200, tol: float = 1e-9) -> tuple[np.ndarray, int, bool]:
    """min mean(log(1+e^z) − y·z) + l2/2·‖(θ − target)[penalised]‖², z = a·θ, θ[nonneg] ≥ 0.

    Columns with ``nonneg`` False are free (the intercept) and not penalised.  Projected
    Newton (Bertsekas): Newton steps on the coordinates not held at their bound, a projected
    backtracking line search; a few dozen steps for a dozen parameters.
    """
    n, d = a.shape
    penalised = nonneg.astype(float)
    theta = np.where(nonneg, np.maximum(target, 0.0), 0.0)
    f = _objective(a, y, theta, l2, target, penalised)
    for it in range(1, max_iter + 1):
        p = 1.0 / (1.0 + np.exp(-np.clip(a @ theta, -500, 500)))
        grad = a.T @ (p - y) / n + l2 * penalised * (theta - target)
        at_bound = nonneg & (theta <= 1e-12) & (grad > 0)
        projected = np.where(at_bound, 0.0, grad)
        if float(np.max(np.abs(projected))) < tol:
            return theta, it, True
        free = ~at_bound
        hess = (a.T * (p * (1.0 - p))) @ a / n + np.diag(l2 * penalised) + 1e-10 * np.eye(d)
        step = np.zeros(d)
        step[free] = np.linalg.solve(hess[np.ix_(free, free)], grad[free])
        t = 1.0
        while True:
            new = theta - t * step
            new[nonneg] = np.maximum(new[nonneg], 0.0)
            f_new = _objective(a, y, new, l2, target, penalised)
            if f_new <= f - 1e-4 * float(grad @ (theta - new)) or t < 1e-12:
                break
            t *= 0.5
        if f - f_new < 1e-15 and float(np.max(np.abs(new - theta))) < tol:
            return new, it, True
        theta, f = new, f_new
    return theta, max_iter, False


def ordered_pairs(grades: Sequence[int], groups: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (better, worse) of examples in the same group with different grades."""
    by_group: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        by_group.setdefault(g, []).append(i)
    better, worse = [], []
    for name in sorted(by_group):
        members = by_group[name]
        for x in members:
            for z in members:
                if grades[x] > grades[z]:
                    better.append(x)
                    worse.append(z)
    return np.array(better, dtype=np.int64), np.array(worse, dtype=np.int64)


def fit_weights(x: np.ndarray, grades: Sequence[int], features: Sequence[str], current: Mapping[str, float],
                method: str = "logistic", groups: Sequence[str] | None = None, l2: float = 1e-3,
                min_examples: int = 200, min_each: int = 20) -> Fitted:
    """Fit non-negative weights of ``features`` (columns of ``x``, each in 0..1) to graded examples.

    ``grades`` are 0..3 (positive = ≥ 1); ``groups`` name each example's list (pairwise only);
    ``current`` holds the weights in use now, the prior of the regularisation.
    """
    x = np.asarray(x, dtype=float)
    grades_arr = np.asarray(grades, dtype=int)
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")
    if x.ndim != 2 or x.shape != (len(grades_arr), len(features)):
        raise ValueError(f"x must be (examples, {len(features)} features); got {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError("feature values must be finite")
    if l2 < 0 or not np.isfinite(l2):
        raise ValueError("l2 must be a finite number ≥ 0")
    n = len(grades_arr)
    pos = int((grades_arr >= 1).sum())
    neg = n - pos
    if n < min_examples or pos < min_each or neg < min_each:
        raise NotEnoughOutcomes(
            f"not enough outcomes to fit: {n} labelled (talent, job) pairs, {pos} positive and {neg} negative; "
            f"need at least {min_examples} pairs with {min_each} of each (positive = applied, interviewed or hired; "
            "negative = viewed and left, or rejected). Collect more outcomes, or lower the minimum knowingly.")

    w0 = np.array([max(0.0, float(current.get(f, 0.0))) for f in features])
    w0 = w0 / w0.sum() if w0.sum() > 0 else np.full(len(features), 1.0 / len(features))
    if method == "logistic":
        a = np.hstack([x, np.ones((n, 1))])
        y = (grades_arr >= 1).astype(float)
        comparisons = n
    else:
        if groups is None or len(groups) != n:
            raise ValueError("the pairwise ranker needs a group (the list) for every example")
        better, worse = ordered_pairs(grades_arr.tolist(), list(groups))
        if len(better) < min_each:
            raise NotEnoughOutcomes(
                f"not enough comparisons to fit a pairwise ranker: {len(better)} pairs of differently graded examples "
                f"in the same list; need at least {min_each}. Use --method logistic, or collect more outcomes.")
        # each comparison is shown in both orders (label 1 and 0) so that no intercept is needed
        diff = x[better] - x[worse]
        a = np.vstack([diff, -diff])
        y = np.concatenate([np.ones(len(diff)), np.zeros(len(diff))])
        comparisons = len(diff)

    free = np.zeros(a.shape[1], dtype=bool)
    if method == "logistic":
        free[-1] = True
    # the scale of the current weights on this data: one slope (and the intercept), no penalty
    z0 = a[:, : len(features)] @ w0
    if method == "logistic":
        a0, slope_only = np.column_stack([z0, a[:, -1]]), np.array([True, False])
    else:
        a0, slope_only = z0[:, None], np.array([True])
    theta0, _, _ = _solve(a0, y, 0.0, np.zeros(a0.shape[1]), slope_only)
    scale = float(theta0[0])

    target = np.zeros(a.shape[1])
    target[: len(features)] = scale * w0
    theta, iterations, converged = _solve(a, y, l2, target, ~free)
    beta = theta[: len(features)]
    total = float(beta.sum())
    if not np.isfinite(beta).all() or total <= 1e-12:
        raise FitError("the outcomes gave no usable weighting (every fitted weight is zero or not finite): "
                       "no feature separates the positive from the negative pairs")
    weights = {f: round(float(b / total), 4) for f, b in zip(features, beta, strict=True)}
    return Fitted(weights=weights, method=method, l2=l2, examples=n, positives=pos, negatives=neg,
                  comparisons=comparisons, iterations=iterations, converged=converged, prior_scale=round(scale, 4),
                  raw={f: round(float(b), 6) for f, b in zip(features, beta, strict=True)})
