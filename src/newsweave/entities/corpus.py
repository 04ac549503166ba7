"""Annotated news for training and scoring the entity recogniser, read from the formats
annotated sets come in: CoNLL-U-like IOB2 (Universal NER), two-column BIO/IO (CoNLL, WikiNER,
Europeana), FactRuEval's token/span/object files, and SlavicNER's raw text with offset TSVs.

Every reader yields `AnnotatedText`: a text and its names as character spans, whatever
tokenisation the set used, so the recogniser learns and is scored on its own tokens, the ones
it meets in a user's article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsweave import settings
from newsweave.entities.tokens import UNSPACED, name_span, tokenize

# The sets' labels, mapped to ours. A label that is none of ours (dates, numbers, a people's
# name, a "miscellaneous" bag) is no mention: it teaches the model that such words are not names.
_LABELS = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "LOC": "LOC",
    "LOCATION": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "PRO": "PRO",
    "PRODUCT": "PRO",
    "WORK_OF_ART": "PRO",
    "EVT": "EVT",
    "EVENT": "EVT",
    "LOCORG": "LOC",
    # NewsFANE's fine classes (ACE-like): people, bodies, places and facilities, products
    "POLITICIAN": "PER",
    "ATHLETE": "PER",
    "ARTIST": "PER",
    "OTHER_PER": "PER",
    "RELIGIOUS_PER": "PER",
    "SCIENTIST": "PER",
    "BUSINESSPERSON": "PER",
    "LAWYER": "PER",
    "ENGINEER": "PER",
    "POLICE": "PER",
    "NON-GOVERNMENTAL": "ORG",
    "SPORTS": "ORG",
    "GOVERNMENT": "ORG",
    "MEDIA": "ORG",
    "COMMERCIAL": "ORG",
    "EDUCATIONAL": "ORG",
    "RELIGIOUS_ORG": "ORG",
    "MEDICAL-SCIENCE": "ORG",
    "ENTERTAINMENT": "ORG",
    "NATION": "LOC",
    "POPULATION-CENTER": "LOC",
    "STATE-OR-PROVINCE": "LOC",
    "GPE-CLUSTER": "LOC",
    "CONTINENT": "LOC",
    "COUNTY-OR-DISTRICT": "LOC",
    "WATER-BODY": "LOC",
    "LAND-REGION-NATURAL": "LOC",
    "BUILDING-GROUNDS": "LOC",
    "SUBAREA-FACILITY": "LOC",
    "AIRPORT": "LOC",
    "PATH": "LOC",
    "CELESTIAL": "LOC",
    "BOOK": "PRO",
    "MOVIE": "PRO",
    "SOFTWARE": "PRO",
    "HARDWARE": "PRO",
    "AIR": "PRO",
    "LAND": "PRO",
    "WATER": "PRO",
}

_TAG = re.compile(r"O|[BIES]-\S+|_|-\Z")

# FactRuEval's object types. An object's spans include its descriptions and a person's job
# (мэрии Москвы, канцлер Шольц), which are no part of a name as news NER marks it: an
# object is the spans that name it, of its own kind.
_PERSON_NAME = {"name", "surname", "patronymic", "nickname"}
_FACTRUEVAL_NAMES = {"PER": _PERSON_NAME, "ORG": {"org_name"}, "LOC": {"loc_name"}}

_FACTRUEVAL = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}


class CorpusError(ValueError):
    """A training file that cannot be read, with the file and line that say where."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = path, line, reason


@dataclass
class AnnotatedText:
    """One sentence, paragraph or document with its names as (start, end, type) spans."""

    text: str
    spans: list[tuple[int, int, str]]
    language: str = ""
    source: str = ""  # file and where in it, for error messages and splits
    group: str = ""  # a topic or a document: texts of one group stay on one side of a split


def mention_type(label: str) -> str | None:
    """Our type for a set's label, or None where the set's label is not one of ours."""
    return _LABELS.get(label.upper().replace(" ", "_"))


def _joined(tokens: list[str], language: str) -> tuple[str, list[int]]:
    """A text made of the set's tokens and where each starts: with no spaces between
    characters of unspaced scripts (Chinese), one space elsewhere."""
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    for token in tokens:
        glue = (
            "" if not parts or (UNSPACED.match(token) and UNSPACED.match(parts[-1][-1:])) else " "
        )
        length += len(glue)
        starts.append(length)
        parts.append(glue + token)
        length += len(token)
    return "".join(parts), starts


def _spans_from_tags(
    tags: list[str], starts: list[int], tokens: list[str], path: Path, lines: list[int]
) -> list[tuple[int, int, str]]:
    """Character spans of the names a BIO or IO tag sequence marks (I after another type, or
    after O, opens a name: IO sets mark every word I)."""
    spans: list[tuple[int, int, str]] = []
    open_label = ""
    for tag, start, token, line in zip(tags, starts, tokens, lines, strict=True):
        if tag in ("O", "_", "-", ""):
            open_label = ""
            continue
        prefix, _, label = tag.partition("-")
        if prefix not in ("B", "I", "E", "S") or not label:
            raise CorpusError(path, line, f"tag {tag!r} is not O, B-TYPE or I-TYPE")
        etype = mention_type(label)
        if prefix in ("I", "E") and label == open_label:
            if etype is not None:
                spans[-1] = (spans[-1][0], start + len(token), etype)
            continue
        open_label = label
        if etype is not None:
            spans.append((start, start + len(token), etype))
    return spans


def read_tagged(path: Path, language: str) -> Iterator[AnnotatedText]:
    """IOB2 files: Universal NER's CoNLL-U-like columns (`id word tag …`, `# text =` lines)
    or two columns `word tag` (CoNLL, WikiNER, Europeana); a blank line ends a sentence.

    Published sets hold a few broken lines (a word with its tag lost): the sentence holding
    one is left out, and the file is refused only where more than
    `settings.CORPUS_MAX_BROKEN_SHARE` of its lines are broken, which is no such slip."""
    broken: list[int] = []
    yield from _tagged_sentences(path, language, broken)
    lines_read = broken.pop() if broken else 0
    if broken and len(broken) > settings.CORPUS_MAX_BROKEN_SHARE * lines_read:
        raise CorpusError(
            path,
            broken[0],
            f"expected a word and a tag O, B-TYPE or I-TYPE ({len(broken)} such lines)",
        )


def _tagged_sentences(path: Path, language: str, broken: list[int]) -> Iterator[AnnotatedText]:
    """The sentences of a tagged file; `broken` gets the numbers of broken lines, then the
    number of lines read."""
    tokens: list[str] = []
    tags: list[str] = []
    lines: list[int] = []
    declared = ""
    spoilt = False  # the sentence holds a broken line: it is left out

    def sentence() -> Iterator[AnnotatedText]:
        if tokens and not spoilt:
            yield _annotated(tokens, tags, lines, declared, language, path)

    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n").replace("\u200e", "").replace("\u200f", "")
            cells = line.split("\t") if "\t" in line else line.split()
            comment = line.startswith("#") and not _TAG.match(cells[-1].strip())
            # a blank line or a comment ends a sentence; sets with neither (Europeana's
            # newspaper pages) are cut at a full stop once a sentence is long
            long_sentence = len(tokens) >= settings.CORPUS_LONGEST_SENTENCE and tokens[-1] in ".!?"
            if not line.strip() or comment or long_sentence:
                yield from sentence()
                tokens, tags, lines, spoilt = [], [], [], False
                declared = line.partition("=")[2].strip() if line.startswith("# text =") else ""
                if not line.strip() or comment:
                    continue
            if len(cells) >= 3 and cells[0].isdigit():  # id, word, tag, …
                word, tag = cells[1].strip(), cells[2].strip()
            elif len(cells) >= 2:
                word, tag = cells[0].strip(), cells[-1].strip()
            else:
                word, tag = "", ""
            if not _TAG.fullmatch(tag):
                broken.append(number)
                spoilt = True
                continue
            if word:
                tokens.append(word)
                tags.append(tag)
                lines.append(number)
    yield from sentence()
    broken.append(number)


def _annotated(
    tokens: list[str], tags: list[str], lines: list[int], declared: str, language: str, path: Path
) -> AnnotatedText:
    text, starts = _joined(tokens, language)
    spans = _spans_from_tags(tags, starts, tokens, path, lines)
    located = _located_in(declared, tokens) if declared else None
    if located is not None:
        # the sentence as written (no space before a comma): map the spans onto it
        spans = [
            (located[_index(starts, s)], located[_index(starts, s, e)], t) for s, e, t in spans
        ]
        text = declared
    return AnnotatedText(
        text, _within_punctuation(text, spans), language, f"{path}:{lines[0]}", group=path.name
    )


def _within_punctuation(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Each span cut to the words the tagger's tokens give it, less the marks at its edges:
    what the model learns and is scored on is the name, not a comma OCR glued to it."""
    return [
        (*span, etype)
        for start, end, etype in spans
        if (span := name_span(tokenize(text, start, end)))
    ]


def _index(starts: list[int], start: int, end: int | None = None) -> int:
    """The token index of a character offset of the joined text (token start, or token end)."""
    if end is None:
        return starts.index(start) * 2
    for i in range(len(starts) - 1, -1, -1):
        if starts[i] < end:
            return i * 2 + 1
    return 1


def _located_in(text: str, tokens: list[str]) -> list[int] | None:
    """Start and end of each token in `text`, interleaved, or None where the tokens are not
    found in order (a set that changed the text when it tokenised it)."""
    out: list[int] = []
    at = 0
    for token in tokens:
        found = text.find(token, at)
        if found < 0 or text[at:found].strip():
            return None
        out += [found, found + len(token)]
        at = found + len(token)
    return out


def read_factrueval(folder: Path) -> Iterator[AnnotatedText]:
    """FactRuEval: `<book>.txt` with `.tokens` (id start length word) and `.spans`/`.objects`
    (an object of one type made of spans of tokens). Nested objects keep the outermost."""
    for text_file in sorted(folder.glob("*.txt")):
        stem = text_file.with_suffix("")
        text = text_file.read_text(encoding="utf-8")
        token_at: dict[str, tuple[int, int]] = {}
        for number, line in _lines(stem.with_suffix(".tokens")):
            cells = line.split()
            if len(cells) < 3:
                raise CorpusError(stem.with_suffix(".tokens"), number, "expected id start length")
            token_at[cells[0]] = (int(cells[1]), int(cells[1]) + int(cells[2]))
        span_tokens: dict[str, list[str]] = {}
        span_kind: dict[str, str] = {}
        for number, line in _lines(stem.with_suffix(".spans")):
            cells = line.split("#")[0].split()
            if len(cells) < 6:
                raise CorpusError(stem.with_suffix(".spans"), number, "expected six columns")
            first = int(cells[4])
            span_tokens[cells[0]] = [str(first + k) for k in range(int(cells[5]))]
            span_kind[cells[0]] = cells[1]
        objects = []
        for _number, line in _lines(stem.with_suffix(".objects")):
            cells = line.split("#")[0].split()
            etype = _FACTRUEVAL.get(cells[1]) if len(cells) > 2 else None
            if etype is None:
                continue
            names = [s for s in cells[2:] if span_kind.get(s) in _FACTRUEVAL_NAMES[etype]]
            places = [token_at[t] for s in names for t in span_tokens[s] if t in token_at]
            if not places:  # an object named only by a description: мэрии Москвы, a city's office
                continue
            objects.append((min(p[0] for p in places), max(p[1] for p in places), etype))
        outer = [
            o for o in objects if not any(p != o and p[0] <= o[0] and o[1] <= p[1] for p in objects)
        ]
        yield AnnotatedText(text, sorted(set(outer)), "ru", str(text_file), group=stem.name)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    if not path.exists():
        raise CorpusError(path, 0, "missing (FactRuEval needs .tokens, .spans and .objects)")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            yield number, line


def read_slavicner(root: Path) -> Iterator[AnnotatedText]:
    """SlavicNER: `raw/<topic>/<lang>/<doc>.txt` and `ner/<topic>/<lang>/<doc>.tsv` with
    `start end surface lemma TYPE ID` lines (character offsets into the raw text)."""
    for ner_file in sorted((root / "ner").glob("*/*/*.tsv")):
        topic, language = ner_file.parts[-3], ner_file.parts[-2]
        raw_file = root / "raw" / topic / language / (ner_file.stem + ".txt")
        if not raw_file.exists():
            continue
        text = raw_file.read_text(encoding="utf-8")
        spans = []
        for number, line in enumerate(ner_file.read_text(encoding="utf-8").splitlines(), 1):
            cells = line.split("\t")
            if len(cells) < 5 or not cells[0].isdigit():
                continue
            if not cells[1].isdigit():
                raise CorpusError(ner_file, number, "the end offset is not a number")
            etype = "LOC" if cells[4] == "GPE" else cells[4]
            spans.append((int(cells[0]), int(cells[1]), etype))
        yield AnnotatedText(text, spans, language, str(raw_file), group=topic)


_LANGUAGE_IN_NAME = re.compile(r"(?:^|[_.-])([a-z]{2})(?:[_.-]|$)", re.IGNORECASE)


def folder_language(path: Path) -> str:
    """The ISO 639-1 code a set's folder or file name carries (pt-bosque, hr_set, enp_DE)."""
    for part in (path.name, path.parent.name):
        match = _LANGUAGE_IN_NAME.search(part.split(".")[0] + ".")
        if match:
            return match.group(1).lower()
    return ""


_TAGGED_FILES = ("*.iob2", "*.bio", "*.conll", "*.conll.txt", "train.txt")


def read_corpus(path: Path) -> Iterator[AnnotatedText]:
    """Every annotated text under `path`, whatever format it holds (see the module docstring).
    A file names its language in its own or its folder's name (hr_set/train.iob2, enp_DE.bio)."""
    if not path.exists():
        raise CorpusError(path, 0, "no such file or folder")
    if path.is_file():
        yield from read_tagged(path, folder_language(path))
        return
    if (path / "raw").is_dir() and (path / "ner").is_dir():
        yield from read_slavicner(path)
        return
    if any(path.glob("*.objects")):
        yield from read_factrueval(path)
        return
    files = sorted({f for pattern in _TAGGED_FILES for f in path.glob(pattern)})
    folders = [d for d in sorted(path.iterdir()) if d.is_dir()]
    if not files and not folders:
        raise CorpusError(path, 0, "no annotated files (IOB2, BIO, CoNLL, FactRuEval, SlavicNER)")
    for file in files:
        yield from read_tagged(file, folder_language(file) or folder_language(path))
    for folder in folders:
        yield from read_corpus(folder)
