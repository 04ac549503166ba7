"""The monotone boosted trees that `bench/similarity.py --fit` ships as the pair model."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from _boosting import Boosting, fit_trees  # noqa: E402

from newsweave.cluster.similarity import TreeModel, tree_from_json  # noqa: E402


@pytest.mark.parametrize("seed", [0, 3, 8])
def test_no_tree_lets_a_signal_lower_the_score(seed: int) -> None:
    # noisy targets that fall with the second signal where the first is high: unconstrained
    # trees would learn that dip; each fitted tree alone must rise with every signal
    rng = np.random.default_rng(seed)
    x = rng.random((400, 4))
    x[:, 3] = rng.integers(0, 2, 400)  # a flag held to no direction
    y = x[:, 0] + 0.5 * x[:, 1] - 0.8 * x[:, 1] * (x[:, 0] > 0.5) + rng.normal(0, 0.3, 400)
    _, trees = fit_trees(x, y, Boosting(trees=40, depth=2, min_leaf=10), free=1)
    names = ("a", "b", "c", "flag")
    for tree in trees:
        alone = TreeModel(names, (tree_from_json(tree),), 0.0)
        for point in rng.random((50, 4)):
            values = dict(zip(names, point, strict=True))
            for name in names[:3]:
                low, high = alone.score({**values, name: 0.0}), alone.score({**values, name: 1.0})
                assert high >= low - 1e-12
