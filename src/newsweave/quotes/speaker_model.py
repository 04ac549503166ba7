"""A learned choice among the people and bodies that may have said a quotation.

The grammar rules (speaker.py) propose one speaker or none. This layer lists every candidate
around the quotation (the names in its sentence and the sentence before, the rules' choice, the
speaker of the quotation before), describes each by where it stands and what stands beside it
(language-general features: distance and side, a reporting verb next to it, a colon frame, a
sentence or paragraph crossed, its entity type, whether the rules chose it), and lets a
conditional logit trained by `newsweave train speakers` pick one. The rules stay one feature:
where the model prefers no one else strongly enough, the rules' choice stands.

No model ships with the package (see `default_speaker_model`): the only annotated data we have
for it does not allow shipping weights. Without a model, quotations keep the rules' speakers.
"""

from __future__ import annotations

import json
import math
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsweave import settings
from newsweave.model import Mention, Quote
from newsweave.quotes.lexicon import AttributionLexicon
from newsweave.quotes.subject import (
    Phrase,
    describes_a_speaker,
    phrase_after,
    phrase_before,
    word_before,
)

MODEL_FILE = "model.json"
# The types that may speak: people, organisations, and the media titles typed as products;
# places speak in news as governments ("Russland erklärte") often enough to be candidates.
SPEAKING_TYPES = ("PER", "ORG", "PRO", "LOC", "")
_WORD = re.compile(r"\w+", re.UNICODE)
_STOP = re.compile(r"[.!?]\s+")
_MARKS = "\"“”„«»‘’‚'"


@dataclass(frozen=True)
class Candidate:
    """One who may have said a quotation: a name in the text, or a speaker carried from before."""

    start: int  # -1 for a speaker with no span near the quotation (carried or resolved)
    end: int
    surface: str
    entity_id: str
    name: str
    type: str  # the mention's type; "" for a description or a carried speaker
    from_rules: bool  # the grammar rules chose this one
    previous: bool  # the quotation before was given to this one

    @property
    def key(self) -> str:
        """Who this is, whatever the surface: the entity, else the folded name."""
        return self.entity_id or fold(self.name or self.surface)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _key_of(entity_id: str, name: str, surface: str) -> str:
    return entity_id or fold(name or surface)


def speaker_candidates(
    text: str,
    quote: Quote,
    mentions: list[Mention],
    quotes: list[Quote],
    previous: Quote | None,
    lexicon: AttributionLexicon,
) -> list[Candidate]:
    """The names within reach of the quotation (outside every quotation), the noun phrases
    beside its reporting verbs that hold no name ("der Sprecher", "Ein Militärsprecher"), plus
    the rules' choice and the previous quotation's speaker where nothing here stands for them."""
    low = max(0, quote.start - settings.SPEAKER_MODEL_BEFORE_CHARS)
    high = min(len(text), quote.end + settings.SPEAKER_MODEL_AFTER_CHARS)
    rule_key = _key_of(quote.speaker_id, quote.speaker_name, quote.speaker)
    previous_key = (
        _key_of(previous.speaker_id, previous.speaker_name, previous.speaker)
        if previous is not None and (previous.speaker_name or previous.speaker)
        else ""
    )
    spans = [(q.start, q.end) for q in quotes]
    found: list[Candidate] = []
    for m in mentions:
        if m.start < low or m.end > high or m.type not in SPEAKING_TYPES:
            continue
        if any(s <= m.start and m.end <= e for s, e in spans):
            continue  # a name inside a quotation is talked about, not talking
        key = _key_of(m.entity_id, m.canonical or m.text, m.text)
        found.append(
            Candidate(
                m.start,
                m.end,
                m.text,
                m.entity_id,
                m.canonical or m.text,
                m.type,
                from_rules=bool(rule_key) and _same(key, rule_key, m, quote),
                previous=bool(previous_key) and key == previous_key,
            )
        )
    for phrase in _verb_phrases(text, low, high, spans, lexicon):
        if any(c.start < phrase.end and phrase.start < c.end for c in found):
            continue  # it holds a name: the name is the candidate
        key = fold(phrase.text)
        found.append(
            Candidate(
                phrase.start,
                phrase.end,
                phrase.text,
                "",
                phrase.text if phrase.named else "",
                "",
                from_rules=bool(rule_key) and key == rule_key,
                previous=bool(previous_key) and key == previous_key,
            )
        )
    if (quote.speaker_name or quote.speaker) and not any(c.from_rules for c in found):
        start = _surface_near(text, quote.speaker, low, high, spans)
        found.append(
            Candidate(
                start,
                start + len(quote.speaker) if start >= 0 else -1,
                quote.speaker,
                quote.speaker_id,
                quote.speaker_name,
                "",
                from_rules=True,
                previous=bool(previous_key) and rule_key == previous_key,
            )
        )
    if previous_key and not any(c.previous for c in found) and previous is not None:
        found.append(
            Candidate(
                -1,
                -1,
                previous.speaker,
                previous.speaker_id,
                previous.speaker_name,
                "",
                from_rules=False,
                previous=True,
            )
        )
    return found


def _verb_phrases(
    text: str, low: int, high: int, spans: list[tuple[int, int]], lexicon: AttributionLexicon
) -> list[Phrase]:
    """The noun phrases right after and right before each reporting verb in reach, outside
    quotations: where a subject stands in either order ("sagte der Sprecher", "Der Sprecher
    sagte")."""
    phrases: list[Phrase] = []
    for verb in lexicon.verbs.finditer(text, low, high):
        if any(s <= verb.start() < e for s, e in spans):
            continue
        limit = min(high, verb.end() + settings.SPEAKER_MODEL_PHRASE_CHARS)
        after = phrase_after(text, verb.end(), limit, lexicon, subject=False)
        if after is not None:
            phrases.append(after)
        floor = max(low, verb.start() - settings.SPEAKER_MODEL_PHRASE_CHARS)
        cut = max(floor, *(text.rfind(ch, floor, verb.start()) + 1 for ch in ".!?:;\n" + _MARKS))
        before = phrase_before(text, cut, verb.start(), lexicon, subject=False)
        if before is not None:
            phrases.append(before)
    return [
        p
        for p in phrases
        if p.text.split()[0].casefold() not in lexicon.prepositions
        and not any(s <= p.start < e for s, e in spans)
    ]


def _same(key: str, rule_key: str, mention: Mention, quote: Quote) -> bool:
    if key == rule_key:
        return True
    # The rules' surface may be the mention itself, resolved to no entity ("Jelpke").
    return not quote.speaker_id and fold(quote.speaker) == fold(mention.text)


def _surface_near(
    text: str, surface: str, low: int, high: int, spans: list[tuple[int, int]]
) -> int:
    """Where the rules' surface ("der Sprecher des Ministeriums") stands near the quotation,
    outside quotations; -1 where it is not written there (a resolved pronoun's antecedent)."""
    if not surface:
        return -1
    at = text.find(surface, low, high)
    while at >= 0:
        if not any(s <= at < e for s, e in spans):
            return at
        at = text.find(surface, at + 1, high)
    return -1


# Every feature the model weighs, in the order of its weights. Quote-level facts (whether the
# rules found anyone) matter only crossed with a candidate's own: a conditional logit cancels
# what all candidates of one quotation share.
FEATURES = (
    "null",
    "null_rules_silent",
    "null_rules_carried",
    "from_rules",
    "rules_confidence",
    "rules_carried",
    "previous",
    "no_span",
    "before",
    "after",
    "log_tokens",
    "touching",
    "near",
    "sentences_crossed",
    "two_sentences_crossed",
    "paragraph_crossed",
    "quote_between",
    "cue_between",
    "cue_follows",
    "cue_precedes",
    "before_cue_follows",
    "after_cue_precedes",
    "colon_after",
    "before_colon_after",
    "colon_between",
    "apposed",
    "after_preposition",
    "inflected",
    "opens_sentence",
    "role_before",
    "type_per",
    "type_org",
    "type_loc",
    "type_other",
    "type_none",
    "description",
    "describes_speaker",
    "indefinite",
    "bare_name",
    "multiword",
    "log_mentions",
    "nearest_before",
    "nearest_after",
    "nearest_person_before",
    "silent_nearest_before",
    "silent_nearest_after",
    "silent_previous",
    "silent_cue_adjacent",
    "silent_per",
    "direct",
)


def _sentence_ends(gap: str) -> int:
    # A stop that a lower-case word follows is an abbreviation or an ordinal ("am 3. Mai" is
    # not reliably caught, which only blurs this count, not the choice).
    return sum(1 for m in _STOP.finditer(gap) if not gap[m.end() : m.end() + 1].islower())


def _cue_right_after(text: str, end: int, lexicon: AttributionLexicon) -> bool:
    rest = text[end : end + 60].lstrip(" ,")
    return bool(rest) and lexicon.verbs.match(rest) is not None


def _cue_right_before(text: str, start: int, lexicon: AttributionLexicon) -> bool:
    """A reporting verb ends at most two words before the name: "sagte Merkel", "said the
    spokesman Joe Smith" (the determiner and a role word between)."""
    head = text[max(0, start - 60) : start]
    for verb in lexicon.verbs.finditer(head):
        between = head[verb.end() :]
        if len(_WORD.findall(between)) <= 2 and not any(ch in between for ch in ".!?\n" + _MARKS):
            return True
    return False


def _opens_sentence(text: str, start: int) -> bool:
    head = text[max(0, start - 80) : start]
    stops = [m.end() for m in re.finditer(r"[.!?:\n]\s*|[" + _MARKS + r"]\s*", head)]
    lead = head[stops[-1] :] if stops else (head if start <= 80 else "x x x")
    return len(_WORD.findall(lead)) <= 1


def _gap(text: str, quote: Quote, candidate: Candidate) -> tuple[str, bool]:
    if candidate.end <= quote.start:
        return text[candidate.end : quote.start], True
    return text[quote.end : max(quote.end, candidate.start)], False


def candidate_features(
    text: str,
    quote: Quote,
    candidate: Candidate,
    nearest: dict[str, set[int]],
    mention_counts: dict[str, int],
    quotes: list[Quote],
    lexicon: AttributionLexicon,
) -> dict[str, float]:
    """What a candidate's place beside the quotation tells, as named numbers (FEATURES)."""
    silent = not (quote.speaker_name or quote.speaker)
    f: dict[str, float] = {"direct": float(quote.kind == "direct")}
    if candidate.from_rules:
        f["from_rules"] = 1.0
        f["rules_confidence"] = quote.confidence
        f["rules_carried"] = float(not quote.verb)
    if candidate.previous:
        f["previous"] = 1.0
        f["silent_previous"] = float(silent)
    type_feature = {"PER": "type_per", "ORG": "type_org", "LOC": "type_loc", "": "type_none"}
    f[type_feature.get(candidate.type, "type_other")] = 1.0
    f["silent_per"] = float(silent and candidate.type == "PER")
    if not candidate.type and candidate.start >= 0:
        words = candidate.surface.split()
        f["description"] = float(not candidate.name)
        f["bare_name"] = float(bool(candidate.name))
        f["describes_speaker"] = float(describes_a_speaker(candidate.surface, lexicon))
        f["indefinite"] = float(bool(words) and words[0].casefold() in lexicon.indefinites)
    f["multiword"] = float(len((candidate.name or candidate.surface).split()) > 1)
    f["log_mentions"] = math.log1p(mention_counts.get(candidate.key, 0))
    if candidate.start < 0:
        f["no_span"] = 1.0
        return f
    gap, before = _gap(text, quote, candidate)
    tokens = len(_WORD.findall(gap))
    crossed = _sentence_ends(gap.strip(_MARKS + " "))
    cue_follows = _cue_right_after(text, candidate.end, lexicon)
    cue_precedes = _cue_right_before(text, candidate.start, lexicon)
    colon_after = text[candidate.end : candidate.end + 3].lstrip()[:1] == ":"
    f.update(
        {
            "before": float(before),
            "after": float(not before),
            "log_tokens": math.log1p(tokens),
            "touching": float(tokens <= 1),
            "near": float(tokens <= 4),
            "sentences_crossed": float(crossed >= 1),
            "two_sentences_crossed": float(crossed >= 2),
            "paragraph_crossed": float("\n" in gap),
            "quote_between": float(
                any(candidate.end <= q.start and q.end <= quote.start for q in quotes)
                if before
                else any(quote.end <= q.start and q.end <= candidate.start for q in quotes)
            ),
            "cue_between": float(lexicon.verbs.search(gap) is not None),
            "cue_follows": float(cue_follows),
            "cue_precedes": float(cue_precedes),
            "before_cue_follows": float(before and cue_follows),
            "after_cue_precedes": float(not before and cue_precedes),
            "colon_after": float(colon_after),
            "before_colon_after": float(before and colon_after),
            "colon_between": float(before and ":" in gap),
            "apposed": float(
                text[max(0, candidate.start - 2) : candidate.start].strip() == ","
                and text[candidate.end : candidate.end + 2].strip()[:1] == ","
            ),
            "after_preposition": float(word_before(text, candidate.start) in lexicon.prepositions),
            "opens_sentence": float(_opens_sentence(text, candidate.start)),
            "role_before": float(
                any(
                    lexicon.roles.fullmatch(w)
                    for w in _WORD.findall(text[max(0, candidate.start - 40) : candidate.start])[
                        -2:
                    ]
                )
            ),
            "nearest_before": float(candidate.start in nearest["before"]),
            "nearest_after": float(candidate.start in nearest["after"]),
            "nearest_person_before": float(candidate.start in nearest["person_before"]),
        }
    )
    f["silent_nearest_before"] = float(silent) * f["nearest_before"]
    f["silent_nearest_after"] = float(silent) * f["nearest_after"]
    f["silent_cue_adjacent"] = float(silent and (cue_follows or cue_precedes))
    return f


def _inflected(candidate: Candidate, mentions_at: dict[int, Mention]) -> bool:
    m = mentions_at.get(candidate.start)
    if m is None or not m.lemma:
        return False
    surface, lemma = m.text.rstrip(".,;:").split(), m.lemma.split()
    return bool(surface and lemma) and surface[-1].casefold() != lemma[-1].casefold()


@dataclass(frozen=True)
class QuoteChoice:
    """The candidates of one quotation and their feature rows (the null choice first)."""

    candidates: list[Candidate]
    rows: np.ndarray  # (1 + len(candidates), len(FEATURES))


def quote_choices(
    text: str, quotes: list[Quote], mentions: list[Mention], lexicon: AttributionLexicon
) -> list[QuoteChoice]:
    """For each quotation in text order, its candidates and their features."""
    ordered = sorted(mentions, key=lambda m: m.start)
    counts: dict[str, int] = {}
    for m in ordered:
        key = _key_of(m.entity_id, m.canonical or m.text, m.text)
        counts[key] = counts.get(key, 0) + 1
    mentions_at = {m.start: m for m in ordered}
    index = {name: i for i, name in enumerate(FEATURES)}
    choices = []
    previous: Quote | None = None
    for quote in quotes:
        near_previous = (
            previous
            if previous is not None
            and 0 <= quote.start - previous.end <= settings.QUOTE_CONTINUATION_CHARS
            else None
        )
        candidates = speaker_candidates(text, quote, ordered, quotes, near_previous, lexicon)
        nearest = _nearest(quote, candidates)
        rows = np.zeros((1 + len(candidates), len(FEATURES)))
        silent = not (quote.speaker_name or quote.speaker)
        rows[0, index["null"]] = 1.0
        rows[0, index["null_rules_silent"]] = float(silent)
        rows[0, index["null_rules_carried"]] = float(not silent and not quote.verb)
        for i, candidate in enumerate(candidates, start=1):
            features = candidate_features(text, quote, candidate, nearest, counts, quotes, lexicon)
            features["inflected"] = float(_inflected(candidate, mentions_at))
            for name, value in features.items():
                rows[i, index[name]] = value
        choices.append(QuoteChoice(candidates, rows))
        if quote.speaker_name or quote.speaker:
            previous = quote
    return choices


def _nearest(quote: Quote, candidates: list[Candidate]) -> dict[str, set[int]]:
    before = [c for c in candidates if 0 <= c.start and c.end <= quote.start]
    after = [c for c in candidates if c.start >= quote.end]
    people = [c for c in before if c.type == "PER"]
    return {
        "before": {max(before, key=lambda c: c.end).start} if before else set(),
        "after": {min(after, key=lambda c: c.start).start} if after else set(),
        "person_before": {max(people, key=lambda c: c.end).start} if people else set(),
    }


@dataclass(frozen=True)
class SpeakerModel:
    """A conditional logit over a quotation's candidates: one weight per feature."""

    weights: np.ndarray
    languages: frozenset[str]
    min_probability: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        scores = rows @ self.weights
        scores = scores - scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()

    def best(self, choice: QuoteChoice) -> tuple[Candidate | None, float]:
        """The candidate to give a quotation the rules left without a speaker, and its
        probability; None where the rules named one or no candidate is likely enough.

        The model only fills silence: on the studied train part, letting it overrule a
        speaker the rules named lost as many right speakers as it gained (5-fold check).
        """
        if any(c.from_rules for c in choice.candidates) or not choice.candidates:
            return None, 0.0
        p = self.probabilities(choice.rows)
        # One person may stand in several mentions: their probabilities add up.
        by_key: dict[str, float] = {}
        first: dict[str, Candidate] = {}
        for candidate, prob in zip(choice.candidates, p[1:], strict=True):
            by_key[candidate.key] = by_key.get(candidate.key, 0.0) + float(prob)
            first.setdefault(candidate.key, candidate)
        key = max(by_key, key=lambda k: by_key[k])
        if by_key[key] < self.min_probability:
            return None, by_key[key]
        return first[key], by_key[key]

    def to_json(self) -> dict:
        return {
            "features": list(FEATURES),
            "weights": [round(float(w), 6) for w in self.weights],
            "languages": sorted(self.languages),
            "min_probability": self.min_probability,
        }

    @staticmethod
    def from_json(data: dict) -> SpeakerModel:
        if list(data.get("features", [])) != list(FEATURES):
            raise ValueError("the model was trained on other features: train it again")
        return SpeakerModel(
            np.array(data["weights"], dtype=float),
            frozenset(data["languages"]),
            float(data["min_probability"]),
        )


def choose_speakers(
    text: str,
    language: str,
    quotes: list[Quote],
    mentions: list[Mention],
    lexicon: AttributionLexicon,
    model: SpeakerModel,
) -> list[Quote]:
    """The quotations with the speaker the model picks where the rules named nobody (with the
    model's probability as the confidence, at most that of an unresolved speaker); the rest
    unchanged."""
    if language not in model.languages or not quotes:
        return quotes
    result = []
    for quote, choice in zip(quotes, quote_choices(text, quotes, mentions, lexicon), strict=True):
        result.append(_chosen(quote, choice, model))
    return result


def _chosen(quote: Quote, choice: QuoteChoice, model: SpeakerModel) -> Quote:
    best, probability = model.best(choice)
    if best is None:
        return quote
    floor = settings.QUOTE_DIRECT_MIN_CONFIDENCE
    confidence = min(probability, settings.QUOTE_CONFIDENCE_UNRESOLVED)
    confidence = max(confidence, floor) if quote.kind == "direct" else min(confidence, floor - 0.01)
    return replace(
        quote,
        speaker=best.surface,
        speaker_id=best.entity_id,
        speaker_name=best.name,
        confidence=round(confidence, 3),
    )


@lru_cache(maxsize=4)
def load_speaker_model(folder: str) -> SpeakerModel:
    path = Path(folder) / MODEL_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"no speaker model in {folder}: {error}") from error
    return SpeakerModel.from_json(data)


def default_speaker_model() -> SpeakerModel | None:
    """The model `NEWSWEAVE_SPEAKER_MODEL` names (a folder `newsweave train speakers` wrote);
    None where it is unset or `rules`: the package ships none (see the module's docstring)."""
    chosen = os.environ.get("NEWSWEAVE_SPEAKER_MODEL", "")
    if not chosen or chosen == "rules":
        return None
    return load_speaker_model(str(Path(chosen).expanduser().resolve()))
