"""Find quotations in clean text: marked quotes, dash-introduced speech and reported speech."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsweave import settings
from newsweave.model import Mention, Quote
from newsweave.quotes.lexicon import AttributionLexicon, attribution_lexicon
from newsweave.quotes.speaker import NOBODY, Speaker, named_speaker, resolve_speaker

# Opening mark -> the marks that may close it. “ closes „ in German and opens in English.
QUOTE_PAIRS: dict[str, str] = {
    "“": "”",
    "«": "»",
    "„": "“”",
    '"': '"',
    "‘": "’",
    "'": "'",
    "»": "«",
    "‚": "‘’",
    "「": "」",
    "『": "』",
    "‹": "›",
}
# Marks that also serve as apostrophes or as closers: they open only at a word's start.
_AMBIGUOUS_OPENERS = set("\"'‘“»‹’")
_ALL_MARKS = set("“”«»„\"‘’'‚「」『』‹›")
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
_DASH_LINE = re.compile(r"^[ \t]*[—–―-][ \t]+(?=\S)", re.MULTILINE)
_DASH_SPLIT = re.compile(r"[,.!?…]?\s+[—–―]\s+")
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)|\n")


@dataclass(frozen=True)
class _Span:
    """A quoted stretch: the inner text (start, end) and the marks' outer bounds."""

    start: int
    end: int
    outer_start: int
    outer_end: int


def _is_letter(ch: str) -> bool:
    return ch.isalnum()


def _opens(text: str, i: int) -> bool:
    ch = text[i]
    if ch not in QUOTE_PAIRS:
        return False
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if not nxt or nxt == "\n":
        return False
    if ch in _AMBIGUOUS_OPENERS:
        prev = text[i - 1] if i > 0 else " "
        if _is_letter(prev) or prev in ".,;!?%)]":
            return False
        if nxt.isspace() and ch != "»":
            return False
        if ch == "»" and not _is_letter(nxt):
            return False
    return True


def _closes(text: str, j: int, opener: str) -> bool:
    if text[j] not in QUOTE_PAIRS.get(opener, ""):
        return False
    prev = text[j - 1] if j > 0 else " "
    nxt = text[j + 1] if j + 1 < len(text) else " "
    if opener in _AMBIGUOUS_OPENERS or text[j] in "'’\"“«":
        # An apostrophe sits between letters ("don't", "l'Europe"); a closing mark does not.
        if prev.isspace() or _is_letter(nxt):
            return False
    return True


def marked_spans(text: str) -> list[_Span]:
    """Spans between matching quotation marks, outermost only, within one paragraph."""
    spans: list[_Span] = []
    i, n = 0, len(text)
    while i < n:
        if not _opens(text, i):
            i += 1
            continue
        opener = text[i]
        depth, j, found = 0, i + 1, -1
        limit = min(n, i + settings.QUOTE_MAX_CHARS)
        while j < limit and text[j] != "\n":
            if text[j] == opener and opener not in QUOTE_PAIRS[opener] and _opens(text, j):
                depth += 1
            elif _closes(text, j, opener):
                if depth == 0:
                    found = j
                    break
                depth -= 1
            j += 1
        if found < 0:
            i += 1
            continue
        inner = text[i + 1 : found]
        lead = len(inner) - len(inner.lstrip())
        trail = len(inner) - len(inner.rstrip())
        if inner.strip():
            spans.append(_Span(i + 1 + lead, found - trail, i, found + 1))
        i = found + 1
    return spans


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _is_headline(text: str, pos: int) -> bool:
    # A short line with no final stop is a title or teaser, even when it quotes someone.
    start, end = _line_bounds(text, pos)
    line = text[start:end].strip().rstrip("".join(_ALL_MARKS)).rstrip()
    return len(line) < settings.QUOTE_HEADLINE_MAX_CHARS and not line.endswith(
        (".", "!", "?", "…", ":")
    )


def _after_clause(text: str, pos: int, spans: list[_Span]) -> tuple[int, int]:
    end = min(len(text), pos + settings.QUOTE_AFTER_WINDOW)
    stop = _SENTENCE_END.search(text, pos + 1, end)
    if stop:
        end = stop.start()
    for s in spans:
        if pos < s.outer_start < end:
            end = s.outer_start
    return pos, end


def _before_clause(text: str, pos: int, spans: list[_Span]) -> tuple[int, int]:
    start = max(0, pos - settings.QUOTE_BEFORE_WINDOW)
    for stop in _SENTENCE_END.finditer(text, start, pos):
        start = stop.end()
    for s in spans:
        if start < s.outer_end <= pos:
            start = s.outer_end
    return start, pos


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _verb_after(
    text: str, clause: tuple[int, int], lex: AttributionLexicon
) -> re.Match[str] | None:
    for match in lex.verbs.finditer(text, clause[0], clause[1]):
        if _words(text[clause[0] : match.start()]) <= settings.QUOTE_VERB_AFTER_TOKENS:
            return match
        return None
    return None


def _verb_before(
    text: str, clause: tuple[int, int], lex: AttributionLexicon
) -> re.Match[str] | None:
    found = None
    for match in lex.verbs.finditer(text, clause[0], clause[1]):
        found = match
    return found


def _names_a_thing(text: str, span: _Span, lex: AttributionLexicon) -> bool:
    """A short quote right after an article or a naming word is a title or term: the «X» project."""
    if _words(text[span.start : span.end]) > settings.QUOTE_TERM_MAX_WORDS:
        return False
    head = text[max(0, span.outer_start - 40) : span.outer_start].casefold().rstrip()
    words = _WORD.findall(head)
    if not words:
        return False
    last = words[-1]
    if last in lex.terms or any(len(t) > 3 and last.startswith(t) for t in lex.terms):
        return True
    return any(len(t) > 3 and " " in t and head.endswith(t) for t in lex.terms)


def _looks_like_title(quoted: str) -> bool:
    words = [w for w in _WORD.findall(quoted) if w[0].isalpha()]
    return (
        0 < len(words) <= settings.QUOTE_TERM_MAX_WORDS
        and all(w[0].isupper() for w in words)
        and not quoted.rstrip().endswith((".", ",", "!", "?"))
    )


def _quote(text: str, span: tuple[int, int], speaker: Speaker, verb: str, conf: float) -> Quote:
    return Quote(
        text=text[span[0] : span[1]],
        start=span[0],
        end=span[1],
        speaker=speaker.surface,
        speaker_id=speaker.entity_id,
        speaker_name=speaker.name,
        verb=verb,
        confidence=round(conf, 3),
    )


def _colon_speaker(
    text: str, span: _Span, mentions: list[Mention], inside: list[tuple[int, int]]
) -> Speaker | None:
    # "Putin: «…»" — a name and a colon introduce the words without any verb.
    head = text[max(0, span.outer_start - 4) : span.outer_start].rstrip()
    if not head.endswith(":"):
        return None
    colon = text.rfind(":", 0, span.outer_start)
    return named_speaker(text, (colon, colon + 1), (max(0, colon - 80), colon), mentions, inside)


def _carried(last: Quote | None, start: int) -> Speaker | None:
    # A quotation shortly after another keeps its speaker when its own subject is dropped.
    if last is None or not 0 <= start - last.end <= settings.QUOTE_CONTINUATION_CHARS:
        return None
    return Speaker(last.speaker, last.speaker_id, last.speaker_name, last.confidence)


def _marked_quotes(
    text: str, mentions: list[Mention], lex: AttributionLexicon
) -> tuple[list[Quote], list[_Span]]:
    spans = marked_spans(text)
    inside = [(s.start, s.end) for s in spans]
    quotes: list[Quote] = []
    last: Quote | None = None
    for span in spans:
        quoted = text[span.start : span.end]
        n_words = _words(quoted)
        if _is_headline(text, span.start):
            continue
        after = _after_clause(text, span.outer_end, spans)
        before = _before_clause(text, span.outer_start, spans)
        verb = _verb_after(text, after, lex)
        clause = after
        if verb is None:
            verb, clause = _verb_before(text, before, lex), before
        if verb is None:
            colon = _colon_speaker(text, span, mentions, inside)
            if colon and n_words > settings.QUOTE_SCARE_MAX_WORDS:
                last = _quote(text, (span.start, span.end), colon, "", colon.confidence)
                quotes.append(last)
                continue
            near_last = last is not None and 0 <= span.outer_start - last.end <= (
                settings.QUOTE_CONTINUATION_CHARS
            )
            if last and near_last and n_words >= settings.QUOTE_UNATTRIBUTED_MIN_WORDS:
                carried = Speaker(
                    last.speaker, last.speaker_id, last.speaker_name,
                    settings.QUOTE_CONFIDENCE_CONTINUED,
                )
                last = _quote(text, (span.start, span.end), carried, "", carried.confidence)
                quotes.append(last)
            continue
        if _names_a_thing(text, span, lex) or (
            _looks_like_title(quoted) and clause is before
        ):
            continue
        anchor = min(span.outer_start, verb.start())
        speaker = resolve_speaker(
            text, (verb.start(), verb.end()), clause, anchor, mentions, inside, lex,
            _carried(last, span.outer_start),
        )
        conf = speaker.confidence
        woven = clause is before and not text[before[0] : before[1]].rstrip().endswith((":", ","))
        if n_words <= settings.QUOTE_PARTIAL_MAX_WORDS and woven:
            conf *= settings.QUOTE_PARTIAL_FACTOR
        last = _quote(text, (span.start, span.end), speaker, verb.group(0), conf)
        quotes.append(last)
    return quotes, spans


def _dash_quotes(
    text: str, mentions: list[Mention], lex: AttributionLexicon, taken: list[_Span]
) -> list[Quote]:
    """Dialogue-style paragraphs: "— We are ready, — he said. — We start tomorrow." """
    quotes: list[Quote] = []
    for line_start_match in _DASH_LINE.finditer(text):
        start = line_start_match.end()
        _, end = _line_bounds(text, start)
        if any(start <= s.outer_start < end for s in taken):
            continue
        parts: list[tuple[int, int]] = []
        cursor = start
        for sep in _DASH_SPLIT.finditer(text, start, end):
            parts.append((cursor, sep.start() + (1 if text[sep.start()] in ".!?…" else 0)))
            cursor = sep.end()
        parts.append((cursor, end))
        if len(parts) < 2:
            continue
        verb = _verb_after(text, parts[1], lex)
        if verb is None:
            continue
        spoken = [parts[0]] + parts[2:]
        inside = [(s, e) for s, e in spoken]
        speaker = resolve_speaker(
            text, (verb.start(), verb.end()), parts[1], start, mentions, inside, lex
        )
        for s, e in spoken:
            while e > s and text[e - 1] in " ,":
                e -= 1
            if _words(text[s:e]):
                quotes.append(_quote(text, (s, e), speaker, verb.group(0), speaker.confidence))
    return quotes


def _reported_quotes(
    text: str, mentions: list[Mention], lex: AttributionLexicon, taken: list[tuple[int, int]]
) -> list[Quote]:
    """"X said that …": the reported clause, to the end of its sentence, at lower confidence."""
    quotes: list[Quote] = []
    for verb in lex.verbs.finditer(text):
        conj = lex.that.search(text, verb.end(), min(len(text), verb.end() + 40))
        if conj is None or _words(text[verb.end() : conj.start()]) > 2:
            continue
        if "\n" in text[verb.end() : conj.start()]:
            continue
        start = conj.end()
        while start < len(text) and text[start] in " ,":
            start += 1
        stop = _SENTENCE_END.search(text, start, start + settings.QUOTE_REPORTED_MAX_CHARS)
        if stop is None:
            continue
        end = stop.start()
        if _words(text[start:end]) < settings.QUOTE_SCARE_MAX_WORDS + 1:
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        if any(ch in text[start:end] for ch in "“«„\"「"):
            continue
        sentence_start = _before_clause(text, verb.start(), [])[0]
        clause = (sentence_start, end)
        speaker = resolve_speaker(
            text, (verb.start(), verb.end()), clause, verb.start(), mentions, [(start, end)], lex
        )
        conf = speaker.confidence * settings.QUOTE_REPORTED_FACTOR
        quotes.append(_quote(text, (start, end), speaker, verb.group(0), conf))
        taken.append((start, end))
    return quotes


def find_quotes(text: str, language: str, mentions: list[Mention]) -> list[Quote]:
    """All quotations of ``text`` with their speakers, in text order.

    ``mentions`` are the linked entity mentions of the same text; speakers resolve to them.
    """
    if not text:
        return []
    lex = attribution_lexicon(language)
    ordered = sorted(mentions, key=lambda m: m.start)
    quotes, spans = _marked_quotes(text, ordered, lex)
    quotes += _dash_quotes(text, ordered, lex, spans)
    taken = [(s.outer_start, s.outer_end) for s in spans] + [(q.start, q.end) for q in quotes]
    quotes += _reported_quotes(text, ordered, lex, taken)
    return sorted(quotes, key=lambda q: q.start)


__all__ = ["NOBODY", "QUOTE_PAIRS", "find_quotes", "marked_spans"]
