"""The subject of a reporting verb read from the words around it, when no known name stands there.

News names many speakers by a description ("ein Sprecher des Ministeriums", "a White House
official", "die Polizei") or by a surname the entity stage did not catch. The subject is the
noun phrase right after the verb in inverted order ("…“, sagte der Sprecher") or right before
it ("Der Sprecher sagte: „…“"). A phrase that holds a named mention speaks for that entity
(an organisation keeps the description as the surface: the role is kept); a bare surname
means the person named in full earlier; a date, a verb or a function word is never a speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsweave import settings
from newsweave.model import Mention
from newsweave.quotes.lexicon import AttributionLexicon, dated_months, title_abbreviations

_NAME_MARKS = set('„“”"«»')
_WITHOUT_MARKS = str.maketrans("", "", '„“”"«»')
_TOKEN = re.compile(r"[\w'’.-]*\w|[,;:()\"“”„«»—–]", re.UNICODE)


@dataclass(frozen=True)
class Phrase:
    """A noun phrase of the text: where it lies and whether it is a bare name."""

    start: int
    end: int
    text: str
    named: bool  # capitalised words only, no determiner: a name, not a description


_WORD = re.compile(r"\w+", re.UNICODE)


def word_before(text: str, start: int) -> str:
    """The word just before ``start`` (within 20 characters), casefolded; "" where none is."""
    words = _WORD.findall(text[max(0, start - 20) : start].casefold())
    return words[-1] if words else ""


def _tokens(text: str, start: int, end: int) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text, start, end))


def _capital(word: str) -> bool:
    # A compound's head decides: "documenta-Homepage" is a noun like "Homepage".
    return word[:1].isupper() or word.rpartition("-")[2][:1].isupper()


def _is_word(token: str) -> bool:
    return token[:1].isalnum()


def _strip_stop(token: re.Match[str]) -> tuple[int, str]:
    # "Minister." ends the phrase and the sentence: the stop is no part of the phrase.
    word = token.group(0)
    trimmed = word.rstrip(".")
    # A title keeps its stop and runs on into the name ("Rep. Trey Gowdy", "Gen. Lee").
    if trimmed != word and len(trimmed) > 2 and trimmed.casefold() not in title_abbreviations():
        return token.start() + len(trimmed), trimmed
    return token.end(), word


def phrase_after(
    text: str, start: int, end: int, lexicon: AttributionLexicon, subject: bool = True
) -> Phrase | None:
    """The noun phrase that opens text[start:end], after at most a few adverbial words;
    ``subject=False`` for a phrase a preposition governs ("in dem Antrag")."""
    tokens = _tokens(text, start, end)
    i, skipped = 0, 0
    while i < len(tokens) and tokens[i].group(0) in ",;:—–":
        i += 1  # the comma that closes a quotation before its frame
    while i < len(tokens) and skipped < settings.QUOTE_SUBJECT_SKIP_TOKENS:
        word = tokens[i].group(0).casefold()
        if word in lexicon.prepositions:
            # "sagte am Montag der Minister", "dijo a la prensa Bonetti": the phrase a
            # preposition governs is an object or a time, and the subject follows it.
            governed = _phrase_from(text, tokens, i + 1, lexicon, subject=False)
            i += 1
            while governed is not None and i < len(tokens) and tokens[i].start() < governed.end:
                i += 1
            skipped += 1
            continue
        if not _is_word(word) or word in lexicon.determiners or _capital(tokens[i].group(0)):
            break
        if word in lexicon.pronouns_set or word in lexicon.that_words:
            return None
        i += 1
        skipped += 1
    return _phrase_from(text, tokens, i, lexicon, subject)


def _phrase_from(
    text: str,
    tokens: list[re.Match[str]],
    i: int,
    lexicon: AttributionLexicon,
    subject: bool = True,
) -> Phrase | None:
    """The noun phrase starting at token ``i``: a determiner or a capitalised word, adjectives,
    the head, a genitive or "of" chain and names in apposition ("der SPD-Vorsitzende Franz
    Müntefering", "ein Sprecher des russischen Außenministeriums", "a White House spokesman")."""
    if i >= len(tokens):
        return None
    # A name in marks ("schrieb „Die Zeit“", "die „Computerwoche“") is a name all the same.
    marked = _opens_a_name(tokens, i)
    begin = tokens[i].start()
    if marked:
        i += 1
    first = tokens[i].group(0)
    if subject and first.casefold() in lexicon.oblique_openers:
        return None  # "Den Unmut der CDU äußerte …": an object's case, never the subject's
    determiner = first.casefold() in lexicon.determiners
    if not determiner and (not _capital(first) or first.casefold() in lexicon.not_speakers):
        return None
    previous = "det" if determiner else "head"
    end = begin if determiner else _strip_stop(tokens[i])[0]
    if not determiner and end != tokens[i].end() and not marked:
        return _made(text, begin, end, determiner, lexicon)
    for k in range(i + 1, min(len(tokens), i + 1 + settings.QUOTE_SUBJECT_MAX_TOKENS)):
        token = tokens[k]
        word = token.group(0)
        folded = word.casefold()
        if word in _NAME_MARKS:
            if marked:  # the mark that closes the name ends the phrase ("„Computerwoche“ Lynch")
                end = token.end()
                return _made(text, begin, end, determiner, lexicon)
            if _opens_a_name(tokens, k) and previous in ("det", "adj", "join"):
                marked = True
                continue
            break
        if not _is_word(word) or lexicon.verbs.fullmatch(word) or folded in lexicon.that_words:
            break
        if marked and not _capital(word):
            return None  # lower-case words in marks are someone's words, not a name
        if folded in lexicon.joiners and previous == "head" and _acronym(tokens[k - 1].group(0)):
            break  # a name takes no genitive: "einer Pressemitteilung des BMI | der Verbesserung"
        if folded in lexicon.joiners and previous == "head":
            kind = "join"
        elif (
            folded in lexicon.joiners
            and previous == "det"
            and first.casefold() in (lexicon.indefinites)
        ):
            kind = "join"  # "einer der Feuerwehrmänner", "one of the officers": a partitive
        elif folded in lexicon.determiners:
            if previous != "join":
                break
            kind = "det"
        elif folded in lexicon.not_speakers or folded in lexicon.pronouns_set:
            break
        elif previous == "head" and not _capital(word) and lexicon.is_adverb(word):
            break  # "Her campaign quickly blasted": the adverb stands between subject and verb
        elif _capital(word) or lexicon.lower_nouns:
            kind = "head"
        elif previous in ("det", "join", "adj"):
            kind = "adj"  # "der stellvertretende Sprecher", "des russischen Ministeriums"
        else:
            break
        previous = kind
        stop = _strip_stop(token)[0]
        if kind == "head" or marked:
            end = stop
        if stop != token.end() and not marked:
            break
    if marked:
        return None  # a mark that never closes: the words are a quotation, not a name
    return _made(text, begin, end, determiner, lexicon) if end > begin else None


def _acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _opens_a_name(tokens: list[re.Match[str]], i: int) -> bool:
    nxt = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
    return tokens[i].group(0) in _NAME_MARKS and _is_word(nxt) and _capital(nxt)


def _made(
    text: str, begin: int, end: int, determiner: bool, lexicon: AttributionLexicon
) -> Phrase | None:
    raw = text[begin:end].strip()
    phrase = " ".join(raw.translate(_WITHOUT_MARKS).split())
    words = phrase.split()
    if not words or all(w.casefold().strip(".,") in lexicon.not_speakers for w in words):
        return None
    if len(words) == 1 and words[0].casefold() in lexicon.pronouns_set | lexicon.determiners:
        return None
    named = not determiner and all(_capital(w) for w in words)
    return Phrase(begin, begin + len(raw), phrase, named)


def phrase_before(
    text: str, start: int, end: int, lexicon: AttributionLexicon, subject: bool = True
) -> Phrase | None:
    """The noun phrase that ends right before ``end`` and opens its clause (no comma between;
    an adverb may follow it: "Die Kanadier hingegen sagen")."""
    tokens = _tokens(text, start, end)
    if not tokens:
        return None
    # Walk back to the clause's start: a comma, a mark or the clause boundary.
    k = len(tokens)
    while k > 0 and _is_word(tokens[k - 1].group(0)):
        k -= 1
    if len(tokens) - k > settings.QUOTE_SUBJECT_MAX_TOKENS + 1:
        return None
    phrase = _phrase_from(text, tokens, k, lexicon, subject)
    if phrase is None:
        return None
    after = next((j for j, t in enumerate(tokens) if t.start() >= phrase.end), len(tokens))
    if after < len(tokens) and tokens[after].group(0).casefold() in lexicon.prepositions:
        # "Das Nobelkomitee im norwegischen Oslo würdigte": a place or a body the subject is
        # in runs on to the verb; the subject is the phrase before it.
        reach = _constituent_end(text, tokens, after, lexicon)
        after = reach if reach is not None else after
    rest = text[tokens[after].start() if after < len(tokens) else end : end].split()
    if any(
        word.casefold() not in lexicon.not_speakers and not lexicon.is_adverb(word) for word in rest
    ):
        return None
    return phrase


def describes_a_speaker(phrase: str, lexicon: AttributionLexicon) -> bool:
    """A description that holds a role word or a speaking body, also inside a compound ("Der
    Bundespräsident", "die Berliner Polizei"): a subject that can speak, unlike "Die Krankheit".
    """
    folded = phrase.casefold()
    return lexicon.roles.search(phrase) is not None or any(
        role in folded
        for role in lexicon.role_stems
        if len(role) >= settings.QUOTE_ROLE_CUE_MIN_CHARS
    )


def mention_in(phrase: Phrase, mentions: list[Mention]) -> Mention | None:
    """The named mention the phrase holds, a person before an organisation."""
    inside = [
        m
        for m in mentions
        if phrase.start <= m.start and m.end <= phrase.end and m.type in ("PER", "ORG", "PRO", "")
    ]
    people = [m for m in inside if m.type == "PER"]
    return (people or inside)[-1] if inside else None


def named_before(surname: str, mentions: list[Mention], before: int) -> Mention | None:
    """The person named in full earlier whose name ends with this short form ("Steinbrück",
    also after a title: "Mr. Holtz-Eakin" after "Douglas Holtz-Eakin")."""
    words = surname.split()
    while len(words) > 1 and words[0].casefold().rstrip(".") in title_abbreviations():
        words.pop(0)
    key = " ".join(words).casefold()
    for m in reversed(mentions):
        if m.start >= before or m.type not in ("PER", ""):
            continue
        words = (m.canonical or m.text).split()
        surface = m.text.split()
        if len(surface) > 1 and (
            surface[-1].casefold() == key or (words and words[-1].casefold() == key)
        ):
            return m
    return None


def _constituent_end(
    text: str, tokens: list[re.Match[str]], i: int, lexicon: AttributionLexicon
) -> int | None:
    """The token after the governed phrases that run on from token ``i``: prepositional phrases
    and phrases joined by "und" ("über Stoibers Äußerungen", "und seiner neuen Aufgabe")."""
    while i < len(tokens):
        word = tokens[i].group(0).casefold()
        if word not in lexicon.prepositions and word not in lexicon.function_words:
            return i
        # A preposition fused with its article governs its adjectives directly ("zur
        # aktuellen Lage", "beim neuen Sender").
        k = i + 1
        while (
            k < min(len(tokens), i + 1 + settings.QUOTE_SUBJECT_SKIP_TOKENS)
            and _is_word(tokens[k].group(0))
            and not _capital(tokens[k].group(0))
            and tokens[k].group(0).casefold() not in lexicon.determiners
        ):
            k += 1
        governed = _phrase_from(text, tokens, k, lexicon, subject=False)
        if governed is not None:
            governed_end = governed.end
        elif k < len(tokens) and tokens[k].group(0).casefold() in lexicon.not_speakers:
            governed_end = tokens[k].end()  # "Am Montag": a time, never anyone's name
        else:
            return None
        i += 1
        while i < len(tokens) and tokens[i].start() < governed_end:
            i += 1
        i = _past_marked_name(tokens, i)
    return i


def _past_marked_name(tokens: list[re.Match[str]], i: int) -> int:
    """The token after a name in marks set beside a phrase ("Unter dem Motto „Freiheit statt
    Angst“ zogen …"), else ``i``: the marks belong to the phrase before them."""
    if i >= len(tokens) or not _opens_a_name(tokens, i):
        return i
    for k in range(i + 1, min(len(tokens), i + 1 + settings.QUOTE_MARKED_NAME_MAX_TOKENS)):
        if tokens[k].group(0) in _NAME_MARKS:
            return k + 1
    return i


def verb_second_subject(
    text: str, start: int, end: int, lexicon: AttributionLexicon, mentions: list[Mention]
) -> tuple[Phrase, tuple[int, int]] | None:
    """In a verb-second language, a main clause that opens with an adverbial or an object has
    its subject right after the finite verb ("Dazu gab das Ministerium bekannt", "Zur Lage wird
    Watzke wie folgt zitiert", "Den Unmut brachte die Sprecherin zum Ausdruck"): that phrase
    and the finite verb's span. A clause that opens with its subject gives None."""
    if not lexicon.verb_second:
        return None
    tokens = _tokens(text, start, end)
    if len(tokens) < 3 or not _is_word(tokens[0].group(0)):
        return None
    first = tokens[0].group(0)
    folded = first.casefold()
    comma = next((k for k, t in enumerate(tokens) if t.group(0) == ","), None)
    infinitive = (
        comma is not None
        and comma >= 2
        and tokens[comma - 2].group(0).casefold() == lexicon.infinitive_marker
    )
    i: int | None
    if folded in lexicon.prepositions and infinitive and comma is not None:
        i = comma + 1  # "Um die Zeit dafür zu gewinnen, will …": a clause is the first part
    elif folded in lexicon.prepositions:
        i = _constituent_end(text, tokens, 0, lexicon)
    elif folded in lexicon.subordinators:
        # "Als ein Fluggast eilte, biss der Randalierer …": a clause is the first part, up to
        # the comma that closes it, and past the clauses it holds ("Nachdem er gefragt wurde,
        # was seine Partei unterscheide, entgegnete Suttner").
        i = _after_subordinate_clauses(tokens, comma, lexicon)
    elif folded in lexicon.oblique_openers:
        # "Den Unmut der CDU über …": an object opens the clause, the subject comes later.
        opening = _phrase_from(text, tokens, 0, lexicon, subject=False)
        if opening is None:
            return None
        after = next((k for k, t in enumerate(tokens) if t.start() >= opening.end), len(tokens))
        i = _constituent_end(text, tokens, after, lexicon)
    elif (folded in lexicon.clause_adverbs or lexicon.is_adverb(first)) and not any(
        m.start <= tokens[0].start() < m.end for m in mentions
    ):
        i = 1  # an adverb on its own ("Dazu gab …"); a bare surname would be the subject
    else:
        return None
    if i is None or i >= len(tokens) - 1:
        return None
    verb = tokens[i]
    word = verb.group(0)
    closed = (
        lexicon.determiners
        | lexicon.prepositions
        | lexicon.function_words
        | lexicon.that_words
        | lexicon.pronouns_set
        | lexicon.subordinators
    )
    if not _is_word(word) or _capital(word) or word.casefold() in closed:
        return None  # no finite verb where the grammar puts it
    phrase = phrase_after(text, verb.end(), end, lexicon)
    if phrase is None or phrase.text.split()[0].casefold() in lexicon.prepositions:
        return None
    return phrase, (verb.start(), verb.end())


def _after_subordinate_clauses(
    tokens: list[re.Match[str]], comma: int | None, lexicon: AttributionLexicon
) -> int | None:
    """The token after the comma that closes a clause opened by a subordinator, skipping the
    commas after which another dependent clause opens (a relative, a that-clause, a question)."""
    opens_another = (
        lexicon.subordinators | lexicon.relatives | lexicon.that_words | lexicon.interrogatives
    )
    while comma is not None:
        following = tokens[comma + 1].group(0).casefold() if comma + 1 < len(tokens) else ""
        if following not in opens_another:
            return comma + 1
        comma = next((k for k in range(comma + 1, len(tokens)) if tokens[k].group(0) == ","), None)
    return None


def ordinal_day(text: str, stop: int) -> bool:
    """The stop at ``stop`` follows a day number before a month ("am 14. Dezember"): an ordinal,
    not a sentence end."""
    day = re.search(r"(?<!\d)\d{1,2}$", text[max(0, stop - 3) : stop])
    month = re.match(r"\s+(\w+)", text[stop + 1 : stop + 16])
    return day is not None and month is not None and month.group(1).casefold() in dated_months()


def phrase_ending_at(text: str, start: int, end: int, lexicon: AttributionLexicon) -> Phrase | None:
    """The longest noun phrase in text[start:end] that ends right at ``end``: the phrase a
    relative clause after it hangs on ("ein Kommentar, der …", "eine griechische Botschaft")."""
    tokens = _tokens(text, start, end)
    best = None
    for k in range(
        len(tokens) - 1, max(-1, len(tokens) - 2 - settings.QUOTE_SUBJECT_MAX_TOKENS), -1
    ):
        if not _is_word(tokens[k].group(0)):
            break
        phrase = _phrase_from(text, tokens, k, lexicon, subject=False)
        if phrase is not None and not text[phrase.end : end].strip():
            best = phrase
    return best
