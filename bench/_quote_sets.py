"""Quotation sets written elsewhere (shared/data/quotes): German WikiNews JSON and PolNeAR brat.

Each document comes out as its text and its gold quotations: the quoted words, whether the
quotation is direct, and the speaker span's text (empty when unannotated). The data is read at
run time from the shared folder and never copied into the repository.

Splits: ``dev`` is the set's dev split; ``train`` is split by sorted file name into a head
(the first 80%, free to study) and a ``holdout`` tail (the last 20%, whose errors nobody reads,
the check on rules chosen by reading errors elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsweave.quotes.train_speaker import wikinews_article

HOLDOUT_SHARE = 0.2  # the last fifth of train (by sorted name) is never studied
SPLITS = ("dev", "holdout", "train-head")
# Pronouns a gold speaker span may be, besides names and descriptions: those are scored apart,
# against the name they stand for (pronoun_referent).
PRONOUNS = {
    "de": {"er", "sie", "es", "ich", "wir", "ihr", "man", "dieser", "diese", "jener", "der", "die"},
    "en": {"he", "she", "it", "they", "i", "we", "you", "him", "her", "them", "one"},
}
_QUOTE_OPENERS = "\"“„«»‘'‚"


@dataclass(frozen=True)
class GoldQuote:
    text: str
    direct: bool
    speaker: str  # the speaker span's text, "" when the annotators gave none
    speaker_start: int  # where that span starts (-1 without one): order of mention


@dataclass(frozen=True)
class GoldDocument:
    name: str
    language: str
    text: str
    quotes: list[GoldQuote]


def _split_files(files: list[Path], split: str) -> list[Path]:
    files = sorted(files)
    cut = len(files) - round(len(files) * HOLDOUT_SHARE)
    if split == "holdout":
        return files[cut:]
    if split == "train-head":
        return files[:cut]
    return files


def wikinews_documents(root: Path, split: str) -> Iterator[GoldDocument]:
    """German WikiNews: one JSON per article; ``Direct`` quotes are direct, all others not."""
    folder = root / "data" / ("dev" if split == "dev" else "train")
    if not folder.is_dir():
        raise FileNotFoundError(f"no German WikiNews split at {folder}")
    for path in _split_files(list(folder.glob("*.json")), split):
        article = wikinews_article(path)
        quotes = [
            GoldQuote(
                text=q.text,
                direct=q.kind == "Direct",
                speaker=q.speaker,
                speaker_start=q.speaker_start,
            )
            for q in article.quotes
        ]
        yield GoldDocument(path.stem, "de", article.text, quotes)


_T_LINE = re.compile(r"^(T\d+)\t(\w+) ([\d ;]+)\t")


def _brat_spans(field: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (part.split() for part in field.split(";"))]


def polnear_documents(root: Path, split: str) -> Iterator[GoldDocument]:
    """PolNeAR: brat standoff; a Content span that opens with a quotation mark is direct.

    An article with several annotators' files is scored against the first by sorted name.
    """
    folder = root / "data" / ("dev" if split == "dev" else "train")
    if not (folder / "text").is_dir():
        raise FileNotFoundError(f"no PolNeAR split at {folder}")
    for path in _split_files(list((folder / "text").glob("*.txt")), split):
        notes = sorted((folder / "attributions").glob(f"{path.stem}_*.ann"))
        if not notes:
            continue
        text = path.read_text(encoding="utf-8")
        spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
        relations: list[dict[str, str]] = []
        for line in notes[0].read_text(encoding="utf-8").splitlines():
            match = _T_LINE.match(line)
            if match:
                spans[match.group(1)] = (match.group(2), _brat_spans(match.group(3)))
            elif line.startswith("E"):
                parts = line.split("\t")[1].split()
                relations.append(dict(p.split(":", 1)[::-1] for p in parts if ":" in p))
        quotes = []
        for relation in relations:
            by_role = {spans[t][0]: spans[t][1] for t in relation if t in spans}
            content = by_role.get("Content")
            if not content:
                continue
            quoted = " ".join(text[a:b] for a, b in content)
            source = by_role.get("Source") or []
            quotes.append(
                GoldQuote(
                    text=quoted,
                    direct=quoted.lstrip()[:1] in _QUOTE_OPENERS,
                    speaker=" ".join(text[a:b] for a, b in source).strip(),
                    speaker_start=source[0][0] if source else -1,
                )
            )
        yield GoldDocument(path.stem, "en", text, quotes)


SETS = {"de-wikinews": wikinews_documents, "en-polnear": polnear_documents}


def is_pronoun(speaker: str, language: str) -> bool:
    words = speaker.casefold().split()
    return len(words) == 1 and words[0] in PRONOUNS.get(language, set())


def pronoun_referent(document: GoldDocument, quote: GoldQuote) -> str:
    """The name a pronoun speaker stands for, as far as the gold itself tells: the nearest
    gold speaker before it that is a name or description (a proxy: the data has no coreference)."""
    best, best_start = "", -1
    for other in document.quotes:
        if (
            other.speaker
            and not is_pronoun(other.speaker, document.language)
            and best_start < other.speaker_start < quote.speaker_start
        ):
            best, best_start = other.speaker, other.speaker_start
    return best
