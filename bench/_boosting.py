"""Gradient-boosted regression trees, each signal held to raise the score: the fitter of
`newsweave.cluster.similarity.TreeModel`.

Squared loss, shallow trees grown greedily on the residuals, each leaf shrunk by the learning
rate. Monotone in every feature: a split on a feature whose right side would score lower than
its left is refused, and the two sides' values are bounded at their midpoint for the splits
below them (the bound propagation of LightGBM's "basic" method), so that no leaf under the left
branch ends above one under the right. The trees come out as plain nested lists, the shape
`TreeModel` reads: [feature, threshold, left, right] for a split (left: value <= threshold), a
bare float for a leaf.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Boosting:
    # 60 trees at 0.15 score as 300 at 0.03 did (SemEval dev, 5-fold CV: 0.7981 either way
    # with words and e5, 0.688 and 0.689 without), at a fifth of the cost of every score
    trees: int = 60
    rate: float = 0.15
    depth: int = 2
    min_leaf: int = 20
    thresholds: int = 64  # candidate cuts per feature: its quantiles


def fit_trees(
    x: np.ndarray, y: np.ndarray, settings: Boosting = Boosting(), free: int = 0
) -> tuple[float, list[Any]]:
    """The base score and the trees that, summed, predict y from the rows of x; the last
    `free` columns are held to no direction (a flag such as "same language")."""
    monotone = np.arange(x.shape[1]) < x.shape[1] - free
    base = float(y.mean())
    predicted = np.full(len(y), base)
    cuts = [_candidate_cuts(x[:, j], settings.thresholds) for j in range(x.shape[1])]
    trees = []
    for _ in range(settings.trees):
        residual = y - predicted
        tree = _grow(x, residual, np.arange(len(y)), cuts, monotone, settings, 0, -np.inf, np.inf)
        trees.append(tree)
        predicted += _predict_rows(tree, x)
    return base, trees


def _candidate_cuts(column: np.ndarray, count: int) -> np.ndarray:
    return np.unique(np.quantile(column, np.linspace(0, 1, count + 1)[1:-1]))


def _grow(
    x: np.ndarray,
    residual: np.ndarray,
    rows: np.ndarray,
    cuts: list[np.ndarray],
    monotone: np.ndarray,
    settings: Boosting,
    level: int,
    low: float,
    high: float,
) -> Any:
    leaf = float(np.clip(residual[rows].mean(), low, high)) * settings.rate
    if level == settings.depth or len(rows) < 2 * settings.min_leaf:
        return leaf
    split = _best_split(x[rows], residual[rows], cuts, monotone, settings.min_leaf)
    if split is None:
        return leaf
    feature, threshold, left_mean, right_mean = split
    # the cut between the sides, kept inside the bounds this node inherited: a middle outside
    # them would hand a child bounds that cross, and its leaf would break the order above it
    middle = min(max((left_mean + right_mean) / 2, low), high)
    left_high, right_low = (
        (min(high, middle), max(low, middle)) if monotone[feature] else (high, low)
    )
    goes_left = x[rows, feature] <= threshold
    left = _grow(x, residual, rows[goes_left], cuts, monotone, settings, level + 1, low, left_high)
    right = _grow(
        x, residual, rows[~goes_left], cuts, monotone, settings, level + 1, right_low, high
    )
    return [feature, float(threshold), left, right]


def _best_split(
    x: np.ndarray,
    residual: np.ndarray,
    cuts: list[np.ndarray],
    monotone: np.ndarray,
    min_leaf: int,
) -> tuple[int, float, float, float] | None:
    """The cut that most lowers the squared error, its left side not above its right."""
    total, count = residual.sum(), len(residual)
    best: tuple[float, int, float, float, float] | None = None
    for feature, candidates in enumerate(cuts):
        if not len(candidates):
            continue
        column = x[:, feature]
        # rows at or below each cut: counts and residual sums, by sorting once
        order = np.argsort(column, kind="stable")
        ranked = column[order]
        sums = np.concatenate([[0.0], np.cumsum(residual[order])])
        left_counts = np.searchsorted(ranked, candidates, side="right")
        left_sums = sums[left_counts]
        right_counts = count - left_counts
        usable = (left_counts >= min_leaf) & (right_counts >= min_leaf)
        if not usable.any():
            continue
        left_counts, right_counts = left_counts[usable], right_counts[usable]
        left_sums = left_sums[usable]
        right_sums = total - left_sums
        left_means, right_means = left_sums / left_counts, right_sums / right_counts
        gains = left_sums**2 / left_counts + right_sums**2 / right_counts - total**2 / count
        if monotone[feature]:
            gains = np.where(left_means <= right_means, gains, -np.inf)  # never lower
        k = int(np.argmax(gains))
        if gains[k] > 1e-12 and (best is None or gains[k] > best[0]):
            best = (
                float(gains[k]),
                feature,
                float(candidates[usable][k]),
                float(left_means[k]),
                float(right_means[k]),
            )
    return None if best is None else best[1:]


def _predict_rows(tree: Any, x: np.ndarray) -> np.ndarray:
    if not isinstance(tree, list):
        return np.full(len(x), tree)
    feature, threshold, left, right = tree
    goes_left = x[:, feature] <= threshold
    out = np.empty(len(x))
    out[goes_left] = _predict_rows(left, x[goes_left])
    out[~goes_left] = _predict_rows(right, x[~goes_left])
    return out
