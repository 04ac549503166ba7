"""Score the product on quotation sets written elsewhere, through `newsweave run`'s analysis path.

Each document goes through ``pipeline.analyse`` (clean, language, dates, entities, quotes: the
functions `newsweave run` calls) as a plain-text input; its quotations are compared with the
gold by their words, since cleaning may move offsets. A product quotation matches a gold one
when their word sets overlap by Jaccard >= JACCARD_MIN; each gold quotation matches once.

- quote P/R/F1: the product's direct quotations against the gold direct ones. A product
  quotation that matches only a gold indirect one, or whose words lie within one (the quoted
  fragment "a disaster" of the reported "said the plan was “a disaster”", which PolNeAR
  annotates as one indirect attribution), costs nothing: it is a real quotation the annotators
  typed otherwise. ``quote_precision_strict`` counts both as false alarms.
- speaker_accuracy: matched quotes whose gold speaker span is a name or a description; the
  product's speaker is right when its entity's name or the surface it resolved ("die Kanzlerin",
  both in export's record) names that span (names_the_span, shared with the speaker model's
  training in newsweave.quotes.train_speaker): the gold marks the span, not the
  entity it means.
- speaker_none_share: of those, the share the product left without a speaker (null with a low
  confidence rather than a wrong name): the rest of the misses are wrong names.
- pronoun_speaker_accuracy: matched quotes whose gold speaker is a bare pronoun; right when the
  product names the gold's nearest earlier named speaker (a proxy: the sets have no coreference).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from _quote_sets import SETS, GoldDocument, is_pronoun, pronoun_referent

from newsweave.quotes.train_speaker import folded_words, names_the_span

JACCARD_MIN = 0.5  # the matching rule: half the words shared
WITHIN_MIN = 0.8  # share of a fragment's words inside a gold indirect quote that holds it


def jaccard(a: str, b: str) -> float:
    wa, wb = folded_words(a), folded_words(b)
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def within(part: str, whole: str) -> bool:
    """Nearly all of the part's words are words of the whole."""
    words = folded_words(part)
    return bool(words) and len(words & folded_words(whole)) / len(words) >= WITHIN_MIN


@dataclass
class SetCounts:
    documents: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    indirect_hits: int = 0  # product direct quotations that match a gold indirect one
    speaker_ok: int = 0
    speaker_n: int = 0
    speaker_none: int = 0  # scored quotes the product gave no speaker: null, not a wrong name
    pronoun_ok: int = 0
    pronoun_n: int = 0
    errors: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float | int]:
        judged = self.tp + self.fp + self.indirect_hits
        strict = self.tp / judged if judged else 0.0
        lenient = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * lenient * r / (lenient + r) if lenient + r else 0.0
        return {
            "documents": self.documents,
            "gold_direct_quotes": self.tp + self.fn,
            "quote_precision": round(lenient, 4),
            "quote_precision_strict": round(strict, 4),
            "quote_recall": round(r, 4),
            "quote_f1": round(f, 4),
            "speaker_accuracy": round(self.speaker_ok / self.speaker_n, 4) if self.speaker_n else 0,
            "speakers_scored": self.speaker_n,
            "speaker_none_share": round(self.speaker_none / self.speaker_n, 4)
            if self.speaker_n
            else 0,
            "pronoun_speaker_accuracy": round(self.pronoun_ok / self.pronoun_n, 4)
            if self.pronoun_n
            else 0,
            "pronoun_speakers_scored": self.pronoun_n,
        }


def score_document(document: GoldDocument, analyse, direct, counts: SetCounts) -> None:
    """``analyse(name, text) -> Article``; ``direct(quote) -> bool`` picks direct quotations."""
    article = analyse(document.name, document.text)
    predicted = [q for q in article.quotes if direct(q)]
    gold = document.quotes
    used: set[int] = set()
    counts.documents += 1
    for quote in predicted:
        scored = [(jaccard(quote.text, g.text), i) for i, g in enumerate(gold) if i not in used]
        scored = [(s, i) for s, i in scored if s >= JACCARD_MIN]
        said = quote.speaker_name or quote.speaker
        if not scored and any(not g.direct and within(quote.text, g.text) for g in gold):
            counts.indirect_hits += 1  # a fragment quoted inside reported speech
            continue
        if not scored:
            counts.fp += 1
            counts.errors.append(f"FP  {document.name} [{said}] {quote.text[:90]!r}")
            continue
        _, hit = max(scored)
        used.add(hit)
        target = gold[hit]
        if not target.direct:
            counts.indirect_hits += 1
            continue
        counts.tp += 1
        if not target.speaker:
            continue
        if is_pronoun(target.speaker, document.language):
            referent = pronoun_referent(document, target)
            if referent:
                counts.pronoun_n += 1
                ok = names_the_span(said, referent) or names_the_span(quote.speaker, referent)
                counts.pronoun_ok += ok
                if not ok:
                    counts.errors.append(
                        f"PRO {document.name} gold={target.speaker!r}->{referent!r} got={said!r}"
                        f" {quote.text[:60]!r}"
                    )
            continue
        counts.speaker_n += 1
        counts.speaker_none += not said
        ok = names_the_span(said, target.speaker) or names_the_span(quote.speaker, target.speaker)
        counts.speaker_ok += ok
        if not ok:
            counts.errors.append(
                f"SPK {document.name} gold={target.speaker!r} got={said!r} "
                f"(surface {quote.speaker!r}) {quote.text[:60]!r}"
            )
    for i, g in enumerate(gold):
        if g.direct and i not in used:
            counts.fn += 1
            counts.errors.append(f"FN  {document.name} [{g.speaker}] {g.text[:90]!r}")


def product_analyser(index):
    """The analysis `newsweave run` does on one plain-text input, bound to one entity index."""
    from newsweave.model import RawDocument
    from newsweave.pipeline import analyse

    def run(name: str, text: str):
        return analyse(RawDocument(source=name, text=text), index)

    return run


def score_sets(
    root: Path, splits: list[str], limit: int | None = None
) -> tuple[dict[str, dict[str, dict[str, float | int]]], dict[str, list[str]], float]:
    """Figures per set and split, the error lines per set/split, and the seconds taken."""
    from newsweave.entities import EntityIndex
    from newsweave.quotes.find import is_direct

    started = time.perf_counter()
    figures: dict[str, dict[str, dict[str, float | int]]] = {}
    errors: dict[str, list[str]] = {}
    for name, reader in SETS.items():
        folder = root / name
        if not folder.is_dir():
            continue
        for split in splits:
            analyse = product_analyser(EntityIndex())
            counts = SetCounts()
            for n, document in enumerate(reader(folder, split)):
                if limit is not None and n >= limit:
                    break
                score_document(document, analyse, is_direct, counts)
            figures.setdefault(name, {})[split] = counts.figures()
            errors[f"{name}/{split}"] = counts.errors
    return figures, errors, time.perf_counter() - started
