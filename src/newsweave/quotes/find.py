"""Find quotations in clean text: marked quotes, dash-introduced speech and reported speech.

Direct quotations (the speaker's own words, between marks or after a speech dash) come out
with a confidence of at least ``settings.QUOTE_DIRECT_MIN_CONFIDENCE``. Reported speech
("X said that …") is kept, because analysts search for who said what, but it comes out below
that threshold and with the conjunction in ``Quote.verb`` ("said that"): the words are the
writer's, so it must not be shown as a quotation. ``is_direct`` tells the two apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from newsweave import settings
from newsweave.model import Mention, Quote
from newsweave.quotes.lexicon import (
    AttributionLexicon,
    attribution_lexicon,
    title_abbreviations,
)
from newsweave.quotes.speaker import (
    NOBODY,
    Speaker,
    antecedent,
    head_and_complement,
    latest_subject,
    named_speaker,
    next_person,
    phrase_speaker,
    resolve_speaker,
)
from newsweave.quotes.speaker_model import choose_speakers, default_speaker_model
from newsweave.quotes.subject import (
    describes_a_speaker,
    mention_in,
    named_before,
    ordinal_day,
    phrase_after,
    verb_second_subject,
    word_before,
)

# Opening mark -> the marks that may close it. “ closes „ in German and opens in English.
QUOTE_PAIRS: dict[str, str] = {
    "“": "”“",
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
# ...except these, which are never apostrophes: glued to the word before, they still open
# when a word follows ("че“юрисдикцията“", a typing slip common in Cyrillic news).
_GLUED_OPENERS = set("“„«")
_ALL_MARKS = set("“”«»„\"‘’'‚「」『』‹›")
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
# A speech dash opens a paragraph or follows a finished sentence; a hyphen counts as a dash
# only with spaces around it ("… handlu - stwierdził Tusk").
_DASH_OPEN = re.compile(r"(?:^|(?<=[.!?…:]))[^\S\n]*[—–―-][^\S\n]+(?=\S)", re.MULTILINE)
_DASH_CLOSE = re.compile(r"[,.!?…]?[^\S\n]+[—–―-][^\S\n]+(?=\w)")
# Chinese starts the next sentence right after its stop, with no space between.
_STOP = re.compile(r"[.!?…](?=[\s\"”»“]|$|[\u3400-\u9fff])|\n")
_IDEOGRAPHS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# Chinese full-width punctuation, and Arabic's comma, semicolon and question mark, as the ASCII
# marks the frames are written for, one character for one, so every offset stays where it was.
_FULL_WIDTH = str.maketrans("，。：；！？（）،؛؟", ",.:;!?(),;?")
_TRAILING = " ,;:"  # punctuation the writer adds around a quotation, not part of it


@dataclass(frozen=True)
class _Span:
    """A quoted stretch: the inner text (start, end) and the marks' outer bounds."""

    start: int
    end: int
    outer_start: int
    outer_end: int


def is_direct(quote: Quote) -> bool:
    """True for a quotation of the speaker's own words, False for reported speech.

    The confidence band says it too, for quotations read back from a store that kept no kind.
    """
    return quote.kind != "indirect" and quote.confidence >= settings.QUOTE_DIRECT_MIN_CONFIDENCE


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
        glued = ch in _GLUED_OPENERS and _is_letter(prev) and nxt.isalpha()
        if (_is_letter(prev) or prev in ".,;!?%)]") and not glued:
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
    if text[j] in "“”" and _IDEOGRAPHS.match(nxt):
        return not prev.isspace()  # Chinese runs on after a closing mark with no space
    if opener in _AMBIGUOUS_OPENERS or text[j] in "'’\"“«":
        # An apostrophe sits between letters ("don't", "l'Europe"); a closing mark does not.
        if prev.isspace() or (_is_letter(nxt) and not (text[j] in "“”" and prev in ".,!?")):
            return False
    return True


def marked_spans(text: str) -> list[_Span]:
    """Spans between matching quotation marks, outermost only, within one paragraph (a
    quotation over several paragraphs gives one span per paragraph)."""
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
        # A quotation that runs over paragraphs leaves each one open and opens the next one
        # with a mark again: the paragraph is a part of it, ending where the paragraph ends.
        runs_on = found < 0 and j < limit and _next_paragraph_opens(text, j, opener)
        if runs_on:
            found = j
        elif found < 0 and opener == "„":
            found = _typewriter_close(text, i, j)
        if found < 0:
            i += 1
            continue
        inner = text[i + 1 : found]
        lead = len(inner) - len(inner.lstrip())
        trail = len(inner) - len(inner.rstrip(_TRAILING))
        if inner.strip(_TRAILING):
            outer_end = found if runs_on else found + 1
            spans.append(_Span(i + 1 + lead, found - trail, i, outer_end))
        i = found + (0 if runs_on else 1)
    return spans


def _typewriter_close(text: str, start: int, end: int) -> int:
    """Where a typewriter mark closes German quotation marks, as web pages often do („…"),
    when no other mark stands between; -1 where none does."""
    for j in range(start + 1, end):
        if text[j] in "“”„«»":
            return -1
        if text[j] == '"':
            return j if _closes(text, j, '"') else -1
    return -1


def _next_paragraph_opens(text: str, newline: int, opener: str) -> bool:
    rest = text[newline : newline + 8].lstrip()
    return bool(rest) and rest[0] == opener


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _is_headline(text: str, pos: int) -> bool:
    # A short line with no final stop is a title or teaser.
    start, end = _line_bounds(text, pos)
    line = text[start:end].strip().rstrip("".join(_ALL_MARKS)).rstrip()
    return len(line) < settings.QUOTE_HEADLINE_MAX_CHARS and not line.endswith(
        (".", "!", "?", "…", ":")
    )


def _sentence_stops(text: str, start: int, end: int) -> list[int]:
    """Sentence ends in [start, end): a stop followed by a lower-case word is an abbreviation."""
    stops = []
    for match in _STOP.finditer(text, start, end):
        after = text[match.end() : match.end() + 3].lstrip(' \t"”»“')
        if match.group(0) != "\n" and after[:1].islower():
            continue
        if match.group(0) == "." and _after_title(text, match.start()):
            continue  # "Mr. Rubin said", "Gov. Kasich replied": a title, not a sentence end
        if match.group(0) == "." and ordinal_day(text, match.start()):
            continue  # "am 14. Dezember": an ordinal day, not a sentence end
        if match.group(0) == "." and _initial(text, match.start()):
            continue  # "Michael C. Cernech, the city manager, said": a middle initial
        stops.append(match.start())
    return stops


def _initial(text: str, stop: int) -> bool:
    """A single capital letter after a capitalised name and before one: an initial."""
    found = re.search(r"(?<![\w.])([^\W\d_][\w'’-]+) ([^\W\d_])$", text[max(0, stop - 30) : stop])
    after = text[stop + 1 : stop + 3].lstrip()
    return (
        found is not None
        and found.group(1)[:1].isupper()
        and found.group(2).isupper()
        and after[:1].isupper()
    )


def _after_title(text: str, stop: int) -> bool:
    # Titles are capitalised ("M. Macron"); "100 m." ends a sentence on a unit.
    word = re.search(r"(\w+)$", text[max(0, stop - 12) : stop])
    return (
        word is not None
        and word.group(1)[:1].isupper()
        and word.group(1).casefold() in title_abbreviations()
    )


def _after_clause(
    text: str, pos: int, spans: list[_Span], next_sentence: bool = False
) -> tuple[int, int]:
    end = min(len(text), pos + settings.QUOTE_AFTER_WINDOW)
    # From the closing mark on: in «…». the stop right after the mark ends the sentence too,
    # unless asked for the sentence that follows ("«…». Тази позиция Тръмп заяви …").
    stops = _sentence_stops(text, pos + 1 if next_sentence else pos, end)
    if stops:
        end = stops[0]
    for s in spans:
        if pos < s.outer_start < end:
            end = s.outer_start
    return pos, end


def _before_clause(text: str, pos: int, spans: list[_Span]) -> tuple[int, int]:
    start = max(0, pos - settings.QUOTE_BEFORE_WINDOW)
    for stop in _sentence_stops(text, start, pos):
        start = stop + 1
    for s in spans:
        if start < s.outer_end <= pos:
            start = s.outer_end
    return start, pos


def _words(text: str) -> int:
    """Words in the text; a run of ideographs, written without spaces, counts a word for every
    two characters, the length of a Chinese word on average."""
    if not _IDEOGRAPHS.search(text):
        return len(_WORD.findall(text))
    runs = _IDEOGRAPHS.findall(text)
    return len(_WORD.findall(_IDEOGRAPHS.sub(" ", text))) + sum((len(r) + 1) // 2 for r in runs)


# "…,” Mr. Kaplan, a screenwriter and former studio executive, said": a name set off by its
# apposition stands between the quotation and its verb, however long the apposition.
# "…,” Rep. Jim Jordan (R-Ohio), an oversight panel member, said": a party tag may follow.
_APPOSED_NAME = re.compile(
    r"[\s,]*[^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){0,3}(?: \([^()\n]{1,24}\))?, [^\n]+, "
)


def _verb_after(
    text: str, clause: tuple[int, int], lex: AttributionLexicon
) -> re.Match[str] | None:
    # "„…“, so Schnappauf": a cue that is a common word elsewhere counts only first in line.
    head = text[clause[0] : clause[1]]
    first = lex.after_quote.match(text, clause[0] + len(head) - len(head.lstrip(" ,")), clause[1])
    if first is not None:
        return first
    for match in lex.verbs.finditer(text, clause[0], clause[1]):
        if _noun_use(text, match, lex):
            continue
        lead = text[clause[0] : match.start()]
        if _subject_first(lead, match.group(0), lex):
            return None
        if _words(lead) <= settings.QUOTE_VERB_AFTER_TOKENS or _APPOSED_NAME.fullmatch(lead):
            return match
        return None
    return None


def _said_back(text: str, end: int, quoted: str, lex: AttributionLexicon) -> bool:
    """A quotation that closes its own sentence, and a sentence after it that opens with a word
    pointing back at it and a reporting verb: "„… müssen.“ Das sagte Klingbeil am Sonntag"."""
    if not lex.said_back or not quoted.rstrip().endswith((".", "!", "?", "…")):
        return False
    words = _WORD.findall(text[end : end + 40])
    return (
        len(words) > 1
        and words[0].casefold() in lex.said_back
        and lex.verbs.match(" ".join(words[1:])) is not None
    )


def _mark_after(text: str, verb: re.Match[str]) -> str:
    """The mark right after a verb, if any: a colon opens what it frames, a comma a clause."""
    return text[verb.end() : verb.end() + 3].lstrip()[:1]


def _subject_first(lead: str, verb: str, lex: AttributionLexicon) -> bool:
    """In a verb-second language a frame after a quotation opens with its verb ("„…“, sagte
    Löw", "„…“, hatte sie gesagt", "„…“, wie die Polizei mitteilte"); a noun or name first
    opens a clause of its own ("„überzogen“, Bundestrainer Joachim Löw bezeichnete …")."""
    if not lex.verb_second or lex.follows_source(verb) or not lead.lstrip()[:1] == ",":
        return False  # a sentence of its own after the quotation's stop is judged elsewhere
    words = _WORD.findall(lead)
    if not words or not words[0][:1].isupper():
        return False
    first = words[0].casefold()
    return first not in lex.auxiliaries | lex.subordinators | lex.clause_adverbs


def _short_closing_frame(text: str, clause: tuple[int, int], lex: AttributionLexicon) -> bool:
    """The sentence after a quotation is nothing but a subject and its verb ("“… tonight.”
    Trump said."): a frame the writer closed with a stop, not a new sentence."""
    line_end = _line_bounds(text, clause[0])[1]
    stops = _sentence_stops(text, clause[0], line_end)
    if not stops:
        return False
    sentence = text[clause[0] : stops[0]]
    if not 0 < _words(sentence) <= settings.QUOTE_CLOSING_FRAME_MAX_WORDS:
        return False
    verbs = list(lex.verbs.finditer(text, clause[0], stops[0]))
    return bool(verbs) and not text[verbs[-1].end() : stops[0]].strip()


def _verb_before(
    text: str, clause: tuple[int, int], lex: AttributionLexicon
) -> re.Match[str] | None:
    found = None
    for match in lex.verbs.finditer(text, clause[0], clause[1]):
        if not _noun_use(text, match, lex):
            found = match
    return found


def _noun_use(text: str, match: re.Match[str], lex: AttributionLexicon) -> bool:
    """A cue right after an article is a noun ("one of the states suing the EPA", "the
    claims"); German capitalises those nouns, and has no noun markers."""
    if not lex.noun_markers:
        return False
    before = _WORD.findall(text[max(0, match.start() - 12) : match.start()])
    return bool(before) and before[-1].casefold() in lex.noun_markers


def _has_lower_content_word(quoted: str, lex: AttributionLexicon) -> bool:
    function_words = lex.prepositions | lex.determiners | lex.joiners | lex.function_words
    return any(
        w[:1].islower() and w.casefold() not in function_words for w in _WORD.findall(quoted)
    )


def _names_a_thing(text: str, span: _Span, lex: AttributionLexicon) -> bool:
    """A short quote right after an article or a naming word is a title or term: the «X» project."""
    n_words = _words(text[span.start : span.end])
    if n_words <= settings.QUOTE_NAMED_THING_MAX_WORDS and _after_naming_noun(text, span, lex):
        return True  # "die Tageszeitung „The Guardian“", "the group “Mothers Against Guns”"
    if n_words > settings.QUOTE_TERM_MAX_WORDS:
        return False
    if not lex.lower_nouns and _has_lower_content_word(text[span.start : span.end], lex):
        # Where every noun is capitalised, a lower-case adjective or verb in the marks makes
        # them someone's words woven in ("warnte vor einem „populistischen Wahlkampf“"), not
        # a name ("die „Süddeutsche Zeitung“").
        return False
    head = text[max(0, span.outer_start - 40) : span.outer_start].casefold().rstrip()
    words = _WORD.findall(head)
    if not words:
        return False
    last = words[-1]
    if last in lex.that_words and lex.verbs.search(head[: len(head) - len(last)]):
        return False  # "said that “no decision was made”": that opens what was said
    if last in lex.terms or any(
        len(t) > 3 and last.startswith(t) and len(last) - len(t) <= settings.QUOTE_TERM_ENDING_MAX
        for t in lex.terms
    ):
        return True  # a naming word in another form ("llamada", "called"), not any word it
        # begins ("estancan" is no "esta", "Thatcher" no "that")
    if last in lex.prepositions and any(
        w[:1].isupper() for w in _WORD.findall(text[span.start : span.end])
    ):
        return True  # "in «Twitter»", "по «делу Скрипалей»": a place or a case, not speech
    return any(len(t) > 3 and " " in t and head.endswith(t) for t in lex.terms)


def _after_naming_noun(text: str, span: _Span, lex: AttributionLexicon) -> bool:
    """The word right before the marks names a kind of thing with a name (a paper, a group, a
    book), also inside a compound or with a case ending ("Tageszeitung", "газеты")."""
    head = text[max(0, span.outer_start - 40) : span.outer_start]
    words = _WORD.findall(head)
    if not words or not head.endswith((words[-1] + " ", words[-1] + "\u00a0")):
        return False  # a colon or comma between ("sagte dem Sender: „…“") hands over speech
    last = words[-1].casefold()
    return any(noun in last for noun in lex.naming_nouns)


def _naming_verb(
    text: str, span: _Span, before: tuple[int, int], lex: AttributionLexicon
) -> re.Match[str] | None:
    """The verb by which someone applies the marked words to something in their own clause
    ("nannte den Bericht eine „Zeitungsente“", "called the bill “a disgrace”", "bezeichnet die
    Investition als „strategisch“", "wies dies als „Unverschämtheit“ zurück"): the words are
    that speaker's, however short, and not a name or a writer's emphasis."""
    lead = text[before[0] : span.outer_start]
    words = _WORD.findall(lead)
    predicate = bool(words) and words[-1].casefold() in lex.naming_as
    verb = None
    for match in lex.naming.finditer(text, before[0], span.outer_start):
        verb = match
    if verb is not None:
        between = text[verb.end() : span.outer_start]
        n_between = _words(between)
        governs = (n_between >= 1 or " " in verb.group(0)) and not _CLAUSE_BREAK.search(between)
        # Only a word between makes it a verb of its own: "a film called “Jaws”" names a thing.
        if governs and (predicate or n_between <= settings.QUOTE_NAMING_REACH_WORDS):
            return verb
    if not predicate:
        return None
    # Where the verb closes the clause: "als „falsch“ zurückgewiesen", "als „…“ vor … sieht".
    end = min(len(text), span.outer_end + 120)
    stop = _CLAUSE_BREAK.search(text, span.outer_end, end)
    after = lex.naming_after.search(text, span.outer_end, stop.start() if stop else end)
    if after is not None and _words(text[span.outer_end : after.start()]) <= (
        settings.QUOTE_NAMING_REACH_WORDS
    ):
        return after
    return None


_CLAUSE_BREAK = re.compile(r"[.,;:!?()\n]")


def _naming_subject(
    text: str,
    before: tuple[int, int],
    verb: re.Match[str],
    mentions: list[Mention],
    lex: AttributionLexicon,
) -> Speaker | None:
    """The subject that opens the clause, where the naming verb follows it at once or closes
    the clause: a pronoun right after the verb is then its object ("Der Hauptgeschäftsführer
    nannte sie „fahrlässig“"), not its subject as in "Die Pläne bezeichnete er als „…“".
    Only where nouns are capitalised can the phrase be read without tags (as in
    _sentence_subject); elsewhere the verb's own rules find its subject."""
    if lex.lower_nouns:
        return None
    if verb.start() < before[1]:
        phrase = phrase_after(text, before[0], before[1], lex)
        if phrase is None or text[phrase.end : verb.start()].strip():
            return None
    return _sentence_subject(text, before, mentions, lex)


def _inverted_naming_subject(
    text: str,
    before: tuple[int, int],
    span: _Span,
    verb: re.Match[str],
    mentions: list[Mention],
    lex: AttributionLexicon,
) -> Speaker | None:
    """Where the clause opens with an adverbial and the naming verb's particle closes it ("In
    einem Gespräch wies der Geschäftsführer alle Vorwürfe als „haltlos“ zurück"), the subject
    stands right after the finite verb."""
    if verb.start() < span.outer_start:
        return None
    found = verb_second_subject(text, before[0], before[1], lex, mentions)
    if found is None:
        return None
    phrase = found[0]
    held = mention_in(phrase, mentions)
    if held is None and not phrase.named and not describes_a_speaker(phrase.text, lex):
        return None  # an object after the verb, not someone who speaks
    return phrase_speaker(phrase, mentions, lex) or Speaker(
        phrase.text, "", "", settings.QUOTE_CONFIDENCE_DESCRIBED
    )


def _naming_passive(
    text: str, before: tuple[int, int], span: _Span, verb: re.Match[str], lex: AttributionLexicon
) -> bool:
    """The naming verb is a participle of the passive ("werden … als „…“ bezeichnet", "was
    called “…”"): its subject is what was named, not who named it. Where the verb closes the
    clause, ``before`` already starts after the clause's last comma (_naming_quote)."""
    if verb.start() < span.outer_start:
        lead = _WORD.findall(text[before[0] : verb.start()])[-settings.QUOTE_PASSIVE_REACH_WORDS :]
        return any(w.casefold() in lex.naming_passive for w in lead)
    around = text[before[0] : span.outer_start] + " " + text[verb.end() : verb.end() + 20]
    return any(w.casefold() in lex.naming_passive for w in _WORD.findall(around))


def _passive_agent(
    text: str,
    before: tuple[int, int],
    span: _Span,
    mentions: list[Mention],
    lex: AttributionLexicon,
) -> Speaker:
    """Who named the thing in a passive frame: the phrase after its agent marker ("von
    Musikkennern", "by critics"), or nobody we can name."""
    agent = None
    for word in _WORD.finditer(text, before[0], span.outer_start):
        if word.group(0).casefold() in lex.naming_agents:
            agent = word
    if agent is not None:
        phrase = phrase_after(text, agent.end(), span.outer_start, lex, subject=False)
        said = phrase_speaker(phrase, mentions, lex) if phrase is not None else None
        if said is not None:
            return said
    return NOBODY


def _naming_quote(
    text: str,
    span: _Span,
    speech: list[_Span],
    mentions: list[Mention],
    inside: list[tuple[int, int]],
    lex: AttributionLexicon,
    last: Quote | None,
) -> Quote | None:
    """A short quotation a naming verb frames, with the subject of that verb as its speaker."""
    if _after_naming_noun(text, span, lex):
        return None  # "nannte die Zeitung „Bild“": the marks hold the paper's name
    before = _before_clause(text, span.outer_start, speech)
    verb = _naming_verb(text, span, before, lex)
    if verb is None:
        return None
    if verb.start() > span.outer_start:
        # The verb closes the clause: its subject opens the part after the last comma
        # ("…, weil die US-Regierung Georgien als „…“ bezeichnet hat").
        before = (max(before[0], text.rfind(",", before[0], span.outer_start) + 1), before[1])
    if _naming_passive(text, before, span, verb, lex):
        speaker = _passive_agent(text, before, span, mentions, lex)
    else:
        speaker = (
            _naming_subject(text, before, verb, mentions, lex)
            or _inverted_naming_subject(text, before, span, verb, mentions, lex)
        ) or resolve_speaker(
            text,
            (verb.start(), verb.end()),
            (before[0], max(before[1], verb.end())),
            min(span.outer_start, verb.start()),
            mentions,
            inside,
            lex,
            _carried(last, span.outer_start),
        )
    conf = speaker.confidence * settings.QUOTE_PARTIAL_FACTOR  # a fragment, not a statement
    return _quote(text, (span.start, span.end), speaker, verb.group(0), conf)


def _is_a_name(text: str, span: _Span, mentions: list[Mention]) -> bool:
    """Marks around exactly one name the entity stage found ("被称为“莱茵氢气走廊”的管道",
    "die Pipeline „Nord Stream 2“") set off the name, not anyone's words."""
    quoted = text[span.start : span.end].strip()
    start = span.start + text[span.start : span.end].find(quoted)
    return any(m.start == start and m.end == start + len(quoted) for m in mentions)


# "tagesschau.de", "news.bbc.co.uk", "www.example.org/report": a site's name, not speech
_WEB_ADDRESS = re.compile(r"(?:https?://)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}(?:/\S*)?", re.IGNORECASE)


def _looks_like_title(quoted: str) -> bool:
    words = [w for w in _WORD.findall(quoted) if w[0].isalpha()]
    return (
        0 < len(words) <= settings.QUOTE_TERM_MAX_WORDS
        and all(w[0].isupper() for w in words)
        and not quoted.rstrip().endswith((".", ",", "!", "?"))
    )


def _is_emphasis(text: str, span: _Span) -> bool:
    """One word in marks that is a name, or that sits mid-phrase ("the "face" of the campaign")."""
    words = _WORD.findall(text[span.start : span.end])
    if len(words) != 1:
        return False
    before = text[max(0, span.outer_start - 2) : span.outer_start]
    if words[0][:1].isupper():
        # Mid-sentence it is a name ("the daily «Libération»"); first in a sentence, an answer.
        return before[-1:] == " " and before[:1].isalnum()
    after = text[span.outer_end : span.outer_end + 2]
    return before[-1:] == " " and before[:1].isalnum() and after[:1] == " " and after[1:].isalnum()


def _quote(
    text: str, span: tuple[int, int], speaker: Speaker, verb: str, conf: float, direct: bool = True
) -> Quote:
    # Direct quotations stay above the reported-speech band whatever their speaker's certainty.
    floor = settings.QUOTE_DIRECT_MIN_CONFIDENCE
    conf = max(conf, floor) if direct else min(conf, floor - 0.01)
    start, end = span
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return Quote(
        text=text[start:end],
        start=start,
        end=end,
        speaker=speaker.surface,
        speaker_id=speaker.entity_id,
        speaker_name=speaker.name,
        verb=verb,
        confidence=round(conf, 3),
        kind="direct" if direct else "indirect",
    )


def _colon_speaker(
    text: str,
    span: _Span,
    mentions: list[Mention],
    inside: list[tuple[int, int]],
    lex: AttributionLexicon,
) -> Speaker | None:
    # "Putin: «…»" — a name and a colon introduce the words without any verb; so does a name
    # the words follow in brackets ("Mohammed ElBaradei („…“), und …").
    head = text[max(0, span.outer_start - 4) : span.outer_start].rstrip()
    if not head.endswith((":", "(")):
        return None
    colon = text.rfind(head[-1], 0, span.outer_start)
    named = named_speaker(text, (colon, colon + 1), (max(0, colon - 80), colon), mentions, inside)
    if named is None or not lex.verb_second:
        return named
    # The name introduces the words itself ("Putin am Montag:"), not as a word inside a
    # clause that runs on to its verb at the colon ("… des Falls Novak seine Arbeit
    # einstellen:"), as verb-second languages end a clause.
    end = max(
        (m.end for m in mentions if m.text == named.surface and m.end <= colon), default=colon
    )
    running = [w for w in _WORD.findall(text[end:colon]) if w[:1].islower() and len(w) > 3]
    return None if running else named


def _carried(last: Quote | None, start: int) -> Speaker | None:
    # A quotation shortly after another keeps its speaker when its own subject is dropped.
    if last is None or not 0 <= start - last.end <= settings.QUOTE_CONTINUATION_CHARS:
        return None
    return Speaker(last.speaker, last.speaker_id, last.speaker_name, last.confidence, last.end)


def _headline_quote(
    text: str,
    span: _Span,
    mentions: list[Mention],
    lex: AttributionLexicon,
    inside: list[tuple[int, int]],
) -> Quote | None:
    """A title that quotes someone: «We will not give up», or «…»: Novak on the harbour."""
    quoted = text[span.start : span.end]
    if _words(quoted) <= settings.QUOTE_SCARE_MAX_WORDS - 1 or _looks_like_title(quoted):
        return None
    line = _line_bounds(text, span.start)
    rest = text[span.outer_end : line[1]]
    whole = _words(text[line[0] : line[1]]) - _words(quoted) <= 1
    colon_after = rest.lstrip().startswith(":")
    colon_before = text[line[0] : span.outer_start].rstrip().endswith(":")
    if not (whole or colon_after or colon_before):
        return None
    verb = _verb_after(text, (span.outer_end, line[1]), lex)
    speaker = None
    if verb:
        speaker = resolve_speaker(
            text,
            (verb.start(), verb.end()),
            (span.outer_end, line[1]),
            span.outer_start,
            mentions,
            inside,
            lex,
        )
    if speaker is None or not speaker.entity_id:
        speaker = _colon_speaker(text, span, mentions, inside, lex) or named_speaker(
            text,
            (span.outer_end, span.outer_end + 1),
            (span.outer_end, line[1]),
            mentions,
            inside,
        )
    if speaker is None:
        # A headline quotes the article's protagonist, who is named in the body below it.
        person = next_person(mentions, line[1], inside)
        speaker = (
            Speaker(
                "",
                person.entity_id,
                person.canonical or person.text,
                settings.QUOTE_CONFIDENCE_HEADLINE,
            )
            if person
            else NOBODY
        )
    return _quote(
        text,
        (span.start, span.end),
        speaker,
        verb.group(0) if verb else "",
        min(speaker.confidence, settings.QUOTE_CONFIDENCE_HEADLINE),
    )


def _marked_quotes(
    text: str, mentions: list[Mention], lex: AttributionLexicon
) -> tuple[list[Quote], list[_Span]]:
    spans = marked_spans(text)
    inside = [(s.start, s.end) for s in spans]
    # Names in marks ("the daily «Le Monde»") do not end the clause around a quotation.
    # A few words woven into the sentence ("sei ein „Opfer des Terrorismus“ und …") do not
    # end the clause either: the frame before them frames the quotation after them too.
    speech = [
        s
        for s in spans
        if not (_is_emphasis(text, s) or _looks_like_title(text[s.start : s.end]))
        and _words(text[s.start : s.end]) > settings.QUOTE_SCARE_MAX_WORDS
    ]
    quotes: list[Quote] = []
    last: Quote | None = None
    for index, span in enumerate(spans):
        quoted = text[span.start : span.end]
        n_words = _words(quoted)
        named = (
            _naming_quote(text, span, speech, mentions, inside, lex, last)
            if n_words <= settings.QUOTE_TERM_MAX_WORDS
            else None
        )
        if named is not None:
            last = named
            quotes.append(last)
            continue
        if (
            _is_emphasis(text, span)
            or _is_a_name(text, span, mentions)
            or _WEB_ADDRESS.fullmatch(quoted.strip())
        ):
            continue
        signed = (
            _signed_by(text, span, mentions) if n_words > settings.QUOTE_SCARE_MAX_WORDS else None
        )
        if signed is not None:
            last = _quote(text, (span.start, span.end), signed, "", signed.confidence)
            quotes.append(last)
            continue
        if _is_headline(text, span.start):
            headline = _headline_quote(text, span, mentions, lex, inside)
            if headline:
                quotes.append(headline)
            continue
        after = _after_clause(text, span.outer_end, speech)
        sentence_stops = (".", "?", "!") if lex.frame_after_comma else (".",)
        if (
            quoted.rstrip().endswith(sentence_stops)
            and text[span.outer_end : span.outer_end + 3].lstrip()[:1].isupper()
            and not _short_closing_frame(text, after, lex)
        ):
            # "„… werden.“ Dem Bericht zufolge …", "„Was nun?“ Greenpeace fordert …": the
            # quotation ended its sentence; what follows is the next one, not its frame.
            after = (span.outer_end, span.outer_end)
        before = _before_clause(text, span.outer_start, speech)
        lead_end = len(text[: span.outer_start].rstrip())
        if lead_end and text[lead_end - 1] == ":" and "\n" in text[lead_end : span.outer_start]:
            # "Cruz continued:" closing the paragraph before: its frame hands over to this one.
            before = _before_clause(text, lead_end - 1, speech)
        verb = _verb_after(text, after, lex)
        clause = after
        main = (
            _verb_second_speaker(text, span, before, mentions, lex, inside, last)
            if verb is None and _opens_with_subordinator(text, before, lex)
            else None
        )
        if main is not None and main.entity_id:
            # "Wie der Sender CBS berichtet, gab Robert Gibbs … eine Stellungnahme: „…“": the
            # clause the source opens is no frame; the main clause's subject, a known entity,
            # speaks.
            last = _quote(text, (span.start, span.end), main, "", main.confidence)
            quotes.append(last)
            continue
        if (
            verb is not None
            and lead_end
            and text[lead_end - 1] == ":"
            and (
                _mark_after(text, verb) == ":"
                or any(span.outer_end <= s.start and s.end <= verb.start() for s in spans)
            )
        ):
            # "X erläutert so: „…“, und fügt hinzu: „…“": a colon before the quotation opens
            # it, and the verb after it opens the next one with its own colon, or frames the
            # next quotation ("A spokeswoman said: “No comment.” “It is over,” said …").
            verb = None
        if verb is None:
            verb, clause = _verb_before(text, before, lex), before
        if verb is None and (
            text[span.outer_end : span.outer_end + 1] in ".!?…"
            or _said_back(text, span.outer_end, quoted, lex)
        ):
            # A quote that ends its sentence with no verb in it may be attributed by the next.
            clause = _after_clause(text, span.outer_end, speech, next_sentence=True)
            verb = _verb_after(text, clause, lex)
            if verb is not None and _mark_after(text, verb) in (",", ":"):
                # "Der Leiter der Schule hofft, die Frau halten zu können": the verb opens what
                # its own sentence says, and frames nothing before it.
                verb = None
        longer_named = (
            _naming_quote(text, span, speech, mentions, inside, lex, last)
            if verb is None
            and settings.QUOTE_TERM_MAX_WORDS < n_words <= settings.QUOTE_NAMING_MAX_WORDS
            else None
        )
        if longer_named is not None and (longer_named.speaker or longer_named.speaker_name):
            # "Greenpeace called the ruling “a historic victory for the climate”": no reporting
            # verb frames it, but a naming verb governs words longer than a term.
            last = longer_named
            quotes.append(last)
            continue
        if verb is None:
            colon = _colon_speaker(text, span, mentions, inside, lex)
            if colon and n_words > settings.QUOTE_SCARE_MAX_WORDS:
                last = _quote(text, (span.start, span.end), colon, "", colon.confidence)
                quotes.append(last)
                continue
            subject = _pronoun_colon_subject(
                text, span, before, mentions, lex, inside, last
            ) or _colon_subject(text, span, before, mentions, lex)
            if subject and n_words > settings.QUOTE_SCARE_MAX_WORDS:
                # "Erkki Tuomioja, Präsident des Rats: „…“": the sentence names a new speaker.
                last = _quote(text, (span.start, span.end), subject, "", subject.confidence)
                quotes.append(last)
                continue
            second = _verb_second_speaker(text, span, before, mentions, lex, inside, last)
            if second and n_words > settings.QUOTE_SCARE_MAX_WORDS:
                # "Dazu gab das Ministerium bekannt: „…“": the subject after the finite verb.
                last = _quote(text, (span.start, span.end), second, "", second.confidence)
                quotes.append(last)
                continue
            near_last = last is not None and 0 <= span.outer_start - last.end <= (
                settings.QUOTE_CONTINUATION_CHARS
            )
            reported = near_last and _in_reported_mood(text, before, span, lex)
            if (
                last
                and near_last
                and (n_words >= settings.QUOTE_UNATTRIBUTED_MIN_WORDS or reported)
            ):
                # A real sentence right after a quotation goes on with its speaker, and so do
                # words woven into a sentence in reported speech's mood ("Die Agenturen würden
                # ihnen „ein Angebot machen“"): the last speaker still speaks, not the subject.
                carried = Speaker(
                    last.speaker,
                    last.speaker_id,
                    last.speaker_name,
                    settings.QUOTE_CONFIDENCE_CONTINUED,
                )
                # A sentence between the two that a new person opens or speaks in ("Nach
                # Ansicht von Christian Wulff ist …") hands the words over to that person.
                newcomer = latest_subject(
                    text, mentions, last.end, span.outer_start, inside, lex, by_role=True
                )
                if newcomer is not None and newcomer.entity_id != last.speaker_id:
                    carried = Speaker(
                        newcomer.text,
                        newcomer.entity_id,
                        newcomer.canonical or newcomer.text,
                        settings.QUOTE_CONFIDENCE_CONTINUED,
                    )
                last = _quote(text, (span.start, span.end), carried, "", carried.confidence)
                quotes.append(last)
            elif (
                not lex.lower_nouns
                and _has_lower_content_word(quoted, lex)
                and (subject_said := _sentence_subject(text, before, mentions, lex)) is not None
            ):
                # Where every noun is capitalised, marks around lower-case words are someone's
                # words woven into the sentence ("Der Bundespräsident konstatierte eine wachsende
                # „Kluft zwischen Arm und Reich“"): the subject that opens the sentence said them.
                last = _quote(
                    text, (span.start, span.end), subject_said, "", subject_said.confidence
                )
                quotes.append(last)
            elif _spoken_sentence(quoted, lex):
                # Someone's own words with no cue we know: the person the sentence before is
                # about, where it opens with one ("Khan verurteilte die Politik. „…“"), else a
                # quotation whose speaker we do not claim to know.
                said = (
                    _previous_sentence_subject(text, span, mentions, lex)
                    or _reported_speech_subject(text, before, span, mentions, inside, lex)
                    or NOBODY
                )
                last = _quote(text, (span.start, span.end), said, "", said.confidence)
                quotes.append(last)
            continue
        if _names_a_thing(text, span, lex) or (_looks_like_title(quoted) and clause is before):
            continue
        if n_words <= settings.QUOTE_SCARE_MAX_WORDS - 1 and _leads_a_longer_quote(
            text, spans, index
        ):
            continue
        anchor = min(span.outer_start, verb.start())
        speaker = resolve_speaker(
            text,
            (verb.start(), verb.end()),
            clause,
            anchor,
            mentions,
            inside,
            lex,
            _carried(last, span.outer_start),
        )
        conf = speaker.confidence
        woven = clause is before and not text[before[0] : before[1]].rstrip().endswith((":", ","))
        if n_words <= settings.QUOTE_PARTIAL_MAX_WORDS and woven:
            conf *= settings.QUOTE_PARTIAL_FACTOR
        last = _quote(text, (span.start, span.end), speaker, verb.group(0), conf)
        quotes.append(last)
    return quotes, spans


# "“…” ― Sonya Herridge": a dash and a name that end the line sign the quotation before them; a
# stop after a single letter is an initial ("Oscar P. Quintero"), any other ends the name.
# [^\S\n] is a space of any kind but a line break: pages put no-break spaces around the dash.
_SIGNATURE = re.compile(
    r"(?:[^\S\n]|[.,])*[―—–]{1,2}[^\S\n]*"
    r"(?P<name>[^\W\d_](?:[^\n,;:().]|(?<=\b[^\W\d_])\.)*?)"
    r"[^\S\n]*(?:,[^\n]*|\.)?[^\S\n]*"
)
# The same on the line under a quotation that ends its paragraph ("“…”\n\n- Sanders."), where a
# hyphen before a space stands for the dash.
_SIGNATURE_BELOW = re.compile(
    r"[^\S\n]*(?:[―—–]{1,2}|-(?=[^\S\n]))[^\S\n]*"
    r"(?P<name>[^\W\d_](?:[^\n,;:().]|(?<=\b[^\W\d_])\.)*?)"
    r"[^\S\n]*(?:,[^\n]*|\.)?[^\S\n]*"
)


def _signed_by(text: str, span: _Span, mentions: list[Mention]) -> Speaker | None:
    """The name a dash sets after a quotation at the end of its line, or on the line under it:
    a signature, as under epigraphs, readers' voices and quoted statements, in any language."""
    line_end = _line_bounds(text, span.outer_end)[1]
    found = _SIGNATURE.fullmatch(text, span.outer_end, line_end)
    if found is None and not text[span.outer_end : line_end].strip(" \t.,"):
        below = re.compile(r"\n[^\S\n]*\n?").match(text, line_end)
        if below is not None and below.end() < len(text):
            found = _SIGNATURE_BELOW.fullmatch(
                text, below.end(), _line_bounds(text, below.end())[1]
            )
    if found is None:
        return None
    name = found.group("name")
    words = name.split()
    if not 0 < len(words) <= settings.QUOTE_SIGNATURE_MAX_WORDS or not all(
        w[:1].isupper() for w in words
    ):
        return None
    start = found.start("name")
    held = [
        m
        for m in mentions
        if start <= m.start and m.end <= start + len(name) and m.type in ("PER", "ORG")
    ]
    if held:
        m = held[0]
        return Speaker(m.text, m.entity_id, m.canonical or m.text, settings.QUOTE_CONFIDENCE_NAMED)
    return Speaker(name, "", name, settings.QUOTE_CONFIDENCE_DESCRIBED)


def _closing_colon(text: str, span: _Span, before: tuple[int, int]) -> int | None:
    """Where the sentence before the quotation ends in a colon (its position), else None."""
    colon = len(text[: span.outer_start].rstrip()) - 1
    return colon if colon >= before[0] and text[colon] == ":" else None


def _pronoun_colon_subject(
    text: str,
    span: _Span,
    before: tuple[int, int],
    mentions: list[Mention],
    lex: AttributionLexicon,
    inside: list[tuple[int, int]],
    last: Quote | None,
) -> Speaker | None:
    """ "Sie warb dort für ihren Plan: „…“", "He laid out the stakes: “…”": a sentence that a
    third-person subject pronoun opens, its verb right after it, hands over at its colon to the
    quotation; the person the pronoun stands for speaks, whatever the verb. So does a
    possessive with a noun or two ("Sein Fazit: „…“", "Her answer: “…”"), the phrase kept as
    the surface."""
    colon = _closing_colon(text, span, before)
    if colon is None:
        return None
    carried = _carried(last, span.outer_start)
    head = text[before[0] : colon].strip()
    words = head.split()
    possessed = lex.possessives.get(words[0].casefold()) if words else None
    if possessed is not None:
        if not 1 < len(words) <= settings.QUOTE_POSSESSIVE_HEAD_WORDS or lex.verbs.search(head):
            return None
        confidence = settings.QUOTE_CONFIDENCE_PRONOUN
        referent = antecedent(
            possessed, text, mentions, span.outer_start, inside, lex, carried, confidence
        )
        return replace(referent, surface=head) if referent.name else None
    opening = re.match(r"\s*(\w+)\s+(\w+)", text[before[0] : colon])
    if opening is None or not opening.group(2)[:1].islower():
        return None
    pronoun = opening.group(1).casefold()
    if pronoun not in lex.pronouns_set or pronoun in lex.first_person:
        return None
    verb = (before[0] + opening.start(2), before[0] + opening.end(2))
    speaker = resolve_speaker(
        text, verb, (before[0], colon), span.outer_start, mentions, inside, lex, carried
    )
    return speaker if speaker.name else None


def _colon_subject(
    text: str,
    span: _Span,
    before: tuple[int, int],
    mentions: list[Mention],
    lex: AttributionLexicon,
) -> Speaker | None:
    """ "Stoiber begründete den Rückzug mit der neuen Lage: „…“": the sentence's opening
    phrase, when it names someone or describes them, hands over to the quotation."""
    head = text[before[0] : span.outer_start].rstrip()
    if not head.endswith(":"):
        return None
    phrase = phrase_after(text, before[0], span.outer_start, lex)
    if phrase is None or phrase.text.split()[0].casefold() in lex.prepositions:
        return None
    held = mention_in(phrase, mentions)
    if held is not None and held.type in ("PER", "ORG"):
        return Speaker(
            phrase.text, held.entity_id, held.canonical or held.text, settings.QUOTE_CONFIDENCE_ROLE
        )
    if held is None and lex.is_adverb(phrase.text):
        # "Deutlich wurde der Verbandschef:": an adverb opens, the subject follows the verb
        return _inverted_subject(text, phrase.end, span.outer_start, mentions, lex)
    if phrase.named:
        earlier = named_before(phrase.text, mentions, phrase.start)
        if earlier is not None:  # "Zypries sieht darin …:" after "Brigitte Zypries" earlier
            name = earlier.canonical or earlier.text
            return Speaker(phrase.text, earlier.entity_id, name, settings.QUOTE_CONFIDENCE_ROLE)
        following = _WORD.findall(text[phrase.end : phrase.end + 30])
        # "Rep. Trey Gowdy (R-S.C.):": a party and state in brackets are the name's own.
        apposed = len(phrase.text.split()) > 1 and text[phrase.end : phrase.end + 2].strip()[
            :1
        ] in (",", ":", "(")
        if apposed or (following and following[0].casefold() in lex.auxiliaries):
            # "Erkki Tuomioja, Präsident des Rats: „…“": first and last name set off.
            # A name the entity stage missed, as the subject of its finite verb.
            return Speaker(phrase.text, "", phrase.text, settings.QUOTE_CONFIDENCE_DESCRIBED)
        return None
    # The head speaks, not a role in its complement ("Die praktische Anwendung der
    # Richtlinienkompetenz des Bundeskanzlers stellte … in Frage:" is what was questioned).
    if lex.determiners and describes_a_speaker(head_and_complement(phrase.text, lex)[0], lex):
        return Speaker(phrase.text, "", "", settings.QUOTE_CONFIDENCE_DESCRIBED)
    return _inverted_subject(text, phrase.end, span.outer_start, mentions, lex)


def _inverted_subject(
    text: str, end: int, colon: int, mentions: list[Mention], lex: AttributionLexicon
) -> Speaker | None:
    """In a verb-second clause that an object opens, the person right after the finite verb
    ("Die praktische Anwendung … stellte der SPD-Vorsitzende Franz Müntefering in Frage:")."""
    if not lex.verb_second:
        return None
    verb = _WORD.search(text, end, colon)
    if verb is None or not verb.group(0)[:1].islower() or text[end : verb.start()].strip():
        return None
    subject = phrase_after(text, verb.end(), colon, lex)
    if subject is None or text[verb.end() : subject.start].strip():
        return None
    held = mention_in(subject, mentions)
    if held is not None and held.type == "PER":
        name = held.canonical or held.text
        return Speaker(subject.text, held.entity_id, name, settings.QUOTE_CONFIDENCE_DESCRIBED)
    if describes_a_speaker(head_and_complement(subject.text, lex)[0], lex):
        return Speaker(subject.text, "", "", settings.QUOTE_CONFIDENCE_DESCRIBED)
    return None


def _opens_with_subordinator(text: str, before: tuple[int, int], lex: AttributionLexicon) -> bool:
    """The sentence opens with a subordinate clause ("Wie der Sender berichtet, …")."""
    opening = _WORD.search(text, before[0], before[1])
    return opening is not None and opening.group(0).casefold() in lex.subordinators


def _verb_second_speaker(
    text: str,
    span: _Span,
    before: tuple[int, int],
    mentions: list[Mention],
    lex: AttributionLexicon,
    inside: list[tuple[int, int]],
    last: Quote | None,
) -> Speaker | None:
    """A sentence that ends in a colon and opens with an adverbial or an object ("Dazu gab das
    russische Außenministerium bekannt:", "Hier sparte der Bundespräsident nicht mit Kritik:"):
    its finite verb frames the quotation, and the subject after it speaks, where it names or
    describes someone who can."""
    colon = _closing_colon(text, span, before)
    if colon is None:
        return None
    found = verb_second_subject(text, before[0], colon, lex, mentions)
    if found is None:
        return None
    phrase, verb = found
    held = mention_in(phrase, mentions)
    if held is None and not phrase.named and not describes_a_speaker(phrase.text, lex):
        return None  # "Merkel nannte die Gründe:": an object, not someone who speaks
    if held is not None or phrase.named:
        # The subject is a name: it speaks, though the clause names others after it ("hatte
        # sich Pieper während einer Rede der Abgeordneten Polat zu dem Zwischenruf
        # hinreißen lassen:"), and though the name finder missed it.
        spoken = phrase_speaker(phrase, mentions, lex)
        if spoken is not None:
            return spoken
    speaker = resolve_speaker(
        text,
        verb,
        (verb[0], colon),
        span.outer_start,
        mentions,
        inside,
        lex,
        _carried(last, span.outer_start),
    )
    return speaker if speaker.name or speaker.surface else None


def _in_reported_mood(
    text: str, before: tuple[int, int], span: _Span, lex: AttributionLexicon
) -> bool:
    """The sentence around a woven quotation has its finite verb in the mood of reported speech
    (data: reported_mood, German Konjunktiv "sei", "würden"): it reports what was said."""
    if not lex.reported_mood:
        return False
    lead = text[before[0] : span.outer_start]
    return any(word.casefold() in lex.reported_mood for word in _WORD.findall(lead))


def _reported_speech_subject(
    text: str,
    before: tuple[int, int],
    span: _Span,
    mentions: list[Mention],
    inside: list[tuple[int, int]],
    lex: AttributionLexicon,
) -> Speaker | None:
    """A sentence in reported speech's mood that hands over at its colon ("Die Pflichten der
    Union seien im Vertrag klar festgelegt: „…“") goes on reporting the person who spoke in
    the sentences before ("Figeľ bekräftigte …"), however the colon's sentence opens."""
    if _closing_colon(text, span, before) is None or not _in_reported_mood(text, before, span, lex):
        return None
    since = max(0, span.outer_start - settings.QUOTE_CONTINUATION_CHARS)
    subject = latest_subject(text, mentions, since, before[0], inside, lex)
    if subject is None:
        return None
    name = subject.canonical or subject.text
    return Speaker("", subject.entity_id, name, settings.QUOTE_CONFIDENCE_CONTINUED)


def _sentence_subject(
    text: str, before: tuple[int, int], mentions: list[Mention], lex: AttributionLexicon
) -> Speaker | None:
    """The named person or body that opens the sentence, right before its finite verb."""
    phrase = phrase_after(text, before[0], before[1], lex)
    if phrase is None or phrase.start - before[0] > 2:
        return None  # the sentence opens with something else: an adverbial, a clause
    following = _WORD.findall(text[phrase.end : phrase.end + 30])
    if not following or not following[0][:1].islower():
        return None  # no finite verb right after it: not the subject
    held = mention_in(phrase, mentions)
    if held is not None and held.type in ("PER", "ORG"):
        name = held.canonical or held.text
        return Speaker(phrase.text, held.entity_id, name, settings.QUOTE_CONFIDENCE_DESCRIBED)
    if held is None and not phrase.named and describes_a_speaker(phrase.text, lex):
        return Speaker(phrase.text, "", "", settings.QUOTE_CONFIDENCE_DESCRIBED)
    earlier = named_before(phrase.text, mentions, phrase.start) if held is None else None
    if earlier is not None:
        name = earlier.canonical or earlier.text
        return Speaker(phrase.text, earlier.entity_id, name, settings.QUOTE_CONFIDENCE_DESCRIBED)
    return None


def _previous_sentence_subject(
    text: str, span: _Span, mentions: list[Mention], lex: AttributionLexicon
) -> Speaker | None:
    """The person who opens the sentence right before a quotation that is a sentence of its
    own in the same paragraph: a name before its verb or set off by its apposition."""
    head = text[: span.outer_start].rstrip(" \t")
    if not head or head[-1] not in ".!?" or not lex.determiners:
        return None
    sentence = _before_clause(text, len(head) - 1, [])
    label = _LABEL.match(text, sentence[0], sentence[1])
    if label is not None:
        # "Europapolitik: Die SPD will …": a paragraph's topic label is no part of its sentence.
        sentence = (label.end(), sentence[1])
    phrase = phrase_after(text, sentence[0], sentence[1], lex)
    if phrase is None or phrase.start - sentence[0] > 2:
        return _previous_inverted_subject(text, sentence, mentions, lex)
    rest = text[phrase.end : phrase.end + 30].lstrip()
    held = mention_in(phrase, mentions)
    # "Die SPD will am Kurs festhalten. „Wir wollen …“": a body speaks as "we".
    speaks_for_it = held is not None and held.type == "ORG" and _speaks_as_we(text, span, lex)
    person = held is not None and (held.type == "PER" or speaks_for_it)
    full_name = phrase.named and len(phrase.text.split()) > 1
    if rest[:1] == "," and (person or full_name):
        pass  # "Sadiq Khan, eines der Parlamentsmitglieder, verurteilte …"
    elif not (rest[:1].islower() and person):
        return None  # no person right before the finite verb
    if held is not None and person:
        name = held.canonical or held.text
        return Speaker(phrase.text, held.entity_id, name, settings.QUOTE_CONFIDENCE_CONTINUED)
    return Speaker(phrase.text, "", phrase.text, settings.QUOTE_CONFIDENCE_CONTINUED)


_LABEL = re.compile(r"\s*[^\W\d_][\w-]*:[ \t]+")


def _speaks_as_we(text: str, span: _Span, lex: AttributionLexicon) -> bool:
    return any(w.casefold() in lex.first_plural for w in _WORD.findall(text[span.start : span.end]))


def _previous_inverted_subject(
    text: str, sentence: tuple[int, int], mentions: list[Mention], lex: AttributionLexicon
) -> Speaker | None:
    """The person after the finite verb of a verb-second sentence that opens with an adverbial
    ("Um Zeit zu gewinnen, will Oettinger die Fächer straffen. „…“")."""
    found = verb_second_subject(text, sentence[0], sentence[1], lex, mentions)
    if found is None:
        return None
    phrase = found[0]
    held = mention_in(phrase, mentions)
    if held is not None and held.type == "PER":
        name = held.canonical or held.text
        return Speaker(phrase.text, held.entity_id, name, settings.QUOTE_CONFIDENCE_CONTINUED)
    earlier = named_before(phrase.text, mentions, phrase.start) if phrase.named else None
    if earlier is not None:
        name = earlier.canonical or earlier.text
        return Speaker(phrase.text, earlier.entity_id, name, settings.QUOTE_CONFIDENCE_CONTINUED)
    return None


def _spoken_sentence(quoted: str, lex: AttributionLexicon) -> bool:
    """A whole sentence in marks, in the first person or ending in a stop: speech, not a title."""
    if _words(quoted) < settings.QUOTE_UNATTRIBUTED_MIN_WORDS or _looks_like_title(quoted):
        return False
    first_person = any(w.casefold() in lex.first_person for w in _WORD.findall(quoted))
    return first_person or quoted.rstrip(" \"'”“»«").endswith((".", "!", "?", "…"))


def _leads_a_longer_quote(text: str, spans: list[_Span], index: int) -> bool:
    # "supporters of a "hard" Brexit said the draft was "worse than expected"": the short
    # quote belongs to the attribution phrase, the long one after it in the sentence is speech.
    if index + 1 >= len(spans):
        return False
    span, nxt = spans[index], spans[index + 1]
    between = text[span.outer_end : nxt.outer_start]
    return (
        not _sentence_stops(text, span.outer_end, nxt.outer_start)
        and len(between) <= settings.QUOTE_AFTER_WINDOW
        and _words(text[nxt.start : nxt.end]) > settings.QUOTE_SCARE_MAX_WORDS
    )


def _dash_attribution(
    text: str, start: int, end: int, lex: AttributionLexicon
) -> tuple[int, re.Match[str], tuple[int, int]] | None:
    """The first closing dash in [start, end) followed by a reporting verb: "… – said X."."""
    for sep in _DASH_CLOSE.finditer(text, start, end):
        stops = _sentence_stops(text, sep.end(), end)
        clause = (sep.end(), stops[0] if stops else end)
        verb = _verb_after(text, clause, lex)
        if verb is not None:
            spoken_end = sep.start() + (1 if text[sep.start()] in ".!?…" else 0)
            return spoken_end, verb, clause
    return None


def _dash_quotes(
    text: str,
    mentions: list[Mention],
    lex: AttributionLexicon,
    spans: list[_Span],
    marked: list[Quote],
) -> tuple[list[Quote], list[tuple[int, int]]]:
    """Speech after a dash: "– We are ready – he said. – We start tomorrow." in any paragraph.

    Returns the quotes and the spans they cover, so marked quotes nested inside are dropped.
    """
    quotes: list[Quote] = []
    last: Quote | None = None
    last_clause_end = -1
    for opening in _DASH_OPEN.finditer(text):
        start = opening.end()
        if start < last_clause_end:
            continue
        if any(s.outer_start < opening.start() < s.outer_end for s in spans):
            continue  # the dash is inside a marked quotation
        _, line_end = _line_bounds(text, start)
        found = _dash_attribution(text, start, line_end, lex)
        if found is None:
            # "— We start tomorrow." right after an attributed dash quote continues it.
            if last is not None and text[last_clause_end : opening.start()].strip(" \t.") == "":
                stops = _sentence_stops(text, start, line_end)
                end = stops[-1] + 1 if stops else line_end
                carried = Speaker(
                    last.speaker,
                    last.speaker_id,
                    last.speaker_name,
                    settings.QUOTE_CONFIDENCE_CONTINUED,
                )
                if _words(text[start:end]):
                    last = _quote(text, (start, end), carried, last.verb, carried.confidence)
                    quotes.append(last)
                    last_clause_end = end
            continue
        spoken_end, verb, clause = found
        if not _words(text[start:spoken_end]):
            continue
        before = [q for q in [*marked, *quotes] if q.end <= start]
        previous = max(before, key=lambda q: q.end) if before else None
        speaker = resolve_speaker(
            text,
            (verb.start(), verb.end()),
            clause,
            start,
            mentions,
            [(start, spoken_end)] + [(s.start, s.end) for s in spans],
            lex,
            _carried(previous, start),
        )
        last = _quote(text, (start, spoken_end), speaker, verb.group(0), speaker.confidence)
        quotes.append(last)
        last_clause_end = clause[1]
    return quotes, [(q.start, q.end) for q in quotes]


def _reported_quotes(
    text: str, mentions: list[Mention], lex: AttributionLexicon, taken: list[tuple[int, int]]
) -> list[Quote]:
    """ "X said that …": the reported clause, to the end of its sentence, as reported speech."""
    quotes: list[Quote] = []
    # Where the subject follows the verb ("قال الرئيس اللبناني ميشال عون يوم الثلاثاء إن …"),
    # it stands between the verb and the conjunction; elsewhere only a word or two does.
    words, chars = (
        (settings.QUOTE_SUBJECT_MAX_TOKENS, settings.QUOTE_VERB_FIRST_THAT_CHARS)
        if lex.verb_first
        else (2, 40)
    )
    for verb in lex.verbs.finditer(text):
        conj = lex.that.search(text, verb.end(), min(len(text), verb.end() + chars))
        if conj is None or _words(text[verb.end() : conj.start()]) > words:
            continue
        if "\n" in text[verb.end() : conj.start()] or _sentence_stops(
            text, verb.end(), conj.start()
        ):
            continue
        start = conj.end()
        while start < len(text) and text[start] in " ,":
            start += 1
        stops = _sentence_stops(text, start, start + settings.QUOTE_REPORTED_MAX_CHARS)
        if not stops:
            continue
        end = stops[0]
        if _words(text[start:end]) < settings.QUOTE_SCARE_MAX_WORDS + 1:
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        if any(ch in text[start:end] for ch in '“«„"「'):
            continue
        sentence_start = _before_clause(text, verb.start(), [])[0]
        clause = (sentence_start, end)
        speaker = resolve_speaker(
            text, (verb.start(), verb.end()), clause, verb.start(), mentions, [(start, end)], lex
        )
        conf = speaker.confidence * settings.QUOTE_REPORTED_FACTOR
        said_that = text[verb.start() : conj.end()]
        quotes.append(_quote(text, (start, end), speaker, said_that, conf, direct=False))
        taken.append((start, end))
    return quotes


_LAST_WORD = re.compile(r"[\w'’-]+$")


def _describes_a_role(text: str, m: Mention, lexicon: AttributionLexicon) -> bool:
    """A name-finder span that is a described role, "the Massachusetts Democrat": a determiner
    before it and a role noun last. It stands for someone named before (the role's holder),
    so it is no speaker of its own."""
    last = _LAST_WORD.search(m.text)
    if last is None or not lexicon.roles.fullmatch(last.group(0)):
        return False
    return word_before(text, m.start) in lexicon.determiners


def find_quotes(
    text: str, language: str, mentions: list[Mention], learned: bool = True
) -> list[Quote]:
    """All quotations of ``text`` with their speakers, in text order.

    ``mentions`` are the linked entity mentions of the same text; speakers resolve to them.
    Reported speech is included below ``settings.QUOTE_DIRECT_MIN_CONFIDENCE`` (see ``is_direct``).
    ``learned``: let the speaker model chosen by NEWSWEAVE_SPEAKER_MODEL, if any, reconsider
    the rules' speakers (speaker_model.py); False gives the rules' own, which that model learns
    from.
    """
    if not text:
        return []
    original, text = text, _doubled_apostrophes_as_marks(text).translate(_FULL_WIDTH)
    lex = attribution_lexicon(language)
    ordered = sorted(
        (m for m in mentions if not _describes_a_role(text, m, lex)), key=lambda m: m.start
    )
    marked, spans = _marked_quotes(text, ordered, lex)
    dashed, dash_spans = _dash_quotes(text, ordered, lex, spans, marked)
    # A marked quote inside dash speech is a quotation within the quotation.
    quotes = [
        q for q in marked if not any(s <= q.start and q.end <= e for s, e in dash_spans)
    ] + dashed
    taken = [(s.outer_start, s.outer_end) for s in spans] + [(q.start, q.end) for q in quotes]
    quotes += _reported_quotes(text, ordered, lex, taken)
    quotes = _run_on_speakers(
        text, sorted((_plain_speaker(q, lex) for q in quotes), key=lambda q: q.start)
    )
    if text is not original:
        quotes = [
            replace(q, text=original[q.start : q.end]) if text[q.start : q.end] == q.text else q
            for q in quotes
        ]
    if lex.joins_continuations:
        quotes = _joined_statements(original, quotes, lex)
    model = default_speaker_model() if learned else None
    if model is None:
        return quotes
    chosen = choose_speakers(original, language, quotes, ordered, lex, model)
    return [q if q is c else _plain_speaker(c, lex) for q, c in zip(quotes, chosen, strict=True)]


_DOUBLED_OPENING = re.compile(r"(?:^|(?<=[\s(\[]))''(?=[^\s'])", re.MULTILINE)
_DOUBLED_CLOSING = re.compile(r"(?<=\S)''(?=[\s.,;:!?)\]]|$)", re.MULTILINE)


def _doubled_apostrophes_as_marks(text: str) -> str:
    """Two apostrophes stand for quotation marks in ASCII news archives (''Yes,'' he said):
    the same text with them written as “ and ”, each padded to two characters so every offset
    stays where it was."""
    if "''" not in text:
        return text
    text = _DOUBLED_OPENING.sub(" “", text)
    return _DOUBLED_CLOSING.sub("” ", text)


def _runs_on(between: str) -> bool:
    """Only a paragraph break and the mark that reopens the quotation lie between two parts."""
    return "\n" in between and not _WORD.search(between) and len(between.strip()) <= 1


def _run_on_speakers(text: str, quotes: list[Quote]) -> list[Quote]:
    """The parts of a quotation over several paragraphs share one speaker: the one its frame
    names, wherever in the quotation the frame stands."""
    result = list(quotes)
    for index in range(len(result) - 1, 0, -1):
        first, second = result[index - 1], result[index]
        if not (is_direct(first) and is_direct(second)):
            continue
        if not _runs_on(text[first.end : second.start]):
            continue
        if not first.speaker_name and second.speaker_name:
            result[index - 1] = replace(
                first,
                speaker=second.speaker,
                speaker_id=second.speaker_id,
                speaker_name=second.speaker_name,
                verb=second.verb,
                confidence=second.confidence,
            )
    return result


def _joined_statements(text: str, quotes: list[Quote], lex: AttributionLexicon) -> list[Quote]:
    """One statement runs on across its frame: "“A,” Levine said. “B.”" and the paragraph of
    quotation right after it, with no frame of their own, are one quotation of one speaker."""
    joined: list[Quote] = []
    for quote in quotes:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and is_direct(previous)
            and is_direct(quote)
            and (
                (
                    _shares_the_frame(text, previous, quote)
                    and (
                        _only_a_frame(text[previous.end : quote.start], previous.verb)
                        or _frame_sentence(text, previous.end, quote.start, previous.verb)
                    )
                )
                or _runs_on(text[previous.end : quote.start])
            )
        ):
            joined[-1] = replace(previous, text=f"{previous.text} {quote.text}", end=quote.end)
            continue
        joined.append(quote)
    return joined


def _shares_the_frame(text: str, previous: Quote, quote: Quote) -> bool:
    """The second part has no frame of its own: no verb, or the first part's verb, which then
    stands between them ("“A,” Blackwell continued, “B.”") rather than after it."""
    if not quote.verb:
        return True
    if quote.verb != previous.verb:
        return False
    stops = _sentence_stops(text, quote.end + 1, quote.end + settings.QUOTE_AFTER_WINDOW)
    after = text[quote.end : stops[0] if stops else quote.end + settings.QUOTE_AFTER_WINDOW]
    return quote.verb not in after


def _frame_sentence(text: str, start: int, end: int, verb: str) -> bool:
    """Between two parts lies only the rest of the first part's sentence, which holds its frame,
    and at most one paragraph break after it: "“A,” Clinton said on Thursday during a speech in
    New York. “B.”" (the second part, with no frame of its own, goes on with the statement)."""
    between = text[start:end]
    if not verb or verb not in between or _words(between) > settings.QUOTE_FRAME_SENTENCE_MAX_WORDS:
        return False
    if any(mark in between.strip("".join(_ALL_MARKS) + " ,.\n") for mark in '“”„«»"'):
        return False  # another quotation in the frame: two statements, not one
    stops = _sentence_stops(text, start + 1, end)
    if not stops or text[stops[0]] == "\n":
        return False  # no sentence end, or a paragraph break before the frame's end
    tail = text[stops[0] + 1 : end]
    return not _WORD.search(tail) and tail.count("\n") <= 2


def _only_a_frame(between: str, verb: str) -> bool:
    """Closing and opening marks, at most one paragraph break, and the frame's few words."""
    if between.count("\n\n") + (between.count("\n") > 0 and "\n\n" not in between) > 1:
        return False
    words = _WORD.findall(between)
    if not words:
        return True
    if "\n" in between or len(words) > settings.QUOTE_FRAME_MAX_WORDS:
        return False
    return bool(verb) and verb in between


def _trimmed(name: str, lex: AttributionLexicon) -> str:
    """The name without the dates and function words a name finder ran it into ("Kevin Lynch
    Anfang April" -> "Kevin Lynch", "Mitte Oktober" -> "")."""
    words = name.split()
    while words and words[-1].casefold().strip(".,") in lex.not_speakers:
        words.pop()
    while words and words[0].casefold().strip(".,") in lex.not_speakers:
        words.pop(0)
    return " ".join(words)


def _plain_speaker(quote: Quote, lex: AttributionLexicon) -> Quote:
    """A speaker is a person, an organisation or a description: never a verb, date or function
    word. What is left after removing those is kept; nothing left means no speaker."""
    surface = "" if lex.verbs.fullmatch(quote.speaker) else _trimmed(quote.speaker, lex)
    name = _trimmed(quote.speaker_name, lex)
    if not name and surface.casefold() in lex.pronouns_set:
        surface = ""  # "Er" that points at no one names no speaker
    if quote.speaker_name and not name:
        return replace(quote, speaker=surface, speaker_name="", speaker_id="")
    if (surface, name) == (quote.speaker, quote.speaker_name):
        return quote
    return replace(quote, speaker=surface, speaker_name=name)


__all__ = ["NOBODY", "QUOTE_PAIRS", "find_quotes", "is_direct", "marked_spans"]
