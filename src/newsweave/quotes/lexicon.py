"""Per-language attribution knowledge (data/reporting_verbs.json), compiled to patterns once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from newsweave import settings

NOTHING = re.compile(r"(?!x)x")  # the pattern of a list a language leaves empty


@dataclass(frozen=True)
class AttributionLexicon:
    """What marks attribution in one language: verbs, that-conjunctions, pronouns, role nouns,
    naming words and prepositions."""

    verbs: re.Pattern[str]
    that: re.Pattern[str]
    pronouns: re.Pattern[str]
    roles: re.Pattern[str]
    terms: frozenset[str]
    prepositions: frozenset[str]  # words after which a name is a place or an object, not a speaker
    according: re.Pattern[str]  # "по словам X": the source follows, in an oblique case
    bodies: frozenset[str]  # "заявили в Ryanair": after these an organisation speaks
    impersonal: re.Pattern[str]  # "говорится в заявлении": no person is the subject
    relays: re.Pattern[str]  # "цитирует агентство": the subject passes on another's words
    addressing: re.Pattern[str]  # "told CNN": the name after the verb is the one spoken to
    after_source: re.Pattern[str]  # "dem Bericht zufolge": the cue follows the source it names
    after_quote: re.Pattern[str]  # "„…“, so Schnappauf": a cue only as the quote's first word after
    determiners: frozenset[str] = frozenset()  # words that open a describing noun phrase
    indefinites: frozenset[str] = frozenset()  # "ein", "a": someone new, not named before
    joiners: frozenset[str] = frozenset()  # words inside one: "der Sprecher *des* Ministeriums"
    not_speakers: frozenset[str] = frozenset()  # months, weekdays, auxiliaries: never a subject
    sources: frozenset[str] = frozenset()  # "heißt es *in* der Erklärung": the text that speaks
    joins_continuations: bool = False  # "“A,” she said. “B.”" is one quotation (see find.py)
    subject_required: bool = False  # no dropped subjects: a verb without one names nobody
    lower_nouns: bool = True  # nouns are written in lower case (False in German)
    frame_after_comma: bool = False  # „Warum?“, fragte er: no comma, no frame after a quotation
    verb_second: bool = False  # "Dazu gab das Ministerium bekannt": the subject follows the verb
    verb_first: bool = False  # "قال الوزير إن …": a clause opens with its verb, the subject next
    pronouns_set: frozenset[str] = frozenset()
    role_stems: frozenset[str] = frozenset()  # role words and speaking bodies, for compounds
    spokespeople: re.Pattern[str] = NOTHING  # "пресс-секретарь": speaks for the body named after
    name_breakers: tuple[str, ...] = ()  # "لل": a word opening so is no part of a name
    oblique_openers: frozenset[str] = frozenset()  # "den", "dem": a phrase in an object's case
    function_words: frozenset[str] = frozenset()  # "und", "oder": inside names as well as speech
    auxiliaries: frozenset[str] = frozenset()  # "hatte", "has": the finite verb after a subject
    first_person: frozenset[str] = frozenset()  # "ich", "wir", "I", "we": a speaker's own words
    feminine_role_endings: tuple[str, ...] = ()  # "Sprecherin", "spokeswoman": a woman's role
    plural_role_endings: tuple[str, ...] = ()  # "analysts", "эксперты": a group speaks
    occupations: tuple[str, ...] = ()  # "expert", "аналітик": a trade, not an office
    noun_markers: frozenset[str] = frozenset()  # "the states": after one a cue is a noun
    latter: frozenset[str] = frozenset()  # "letztere", "the latter": the person named last
    first_plural: frozenset[str] = frozenset()  # "wir", "we": a group's, or an organisation's
    that_words: frozenset[str] = frozenset()
    coordinators: frozenset[str] = frozenset()  # "und", "and": two verbs of one subject
    # "saying", "diciendo", "заявив": a verb with no subject of its own, which takes that of
    # the clause it hangs on ("Trump attacked Clinton …, saying, “…”")
    participles: frozenset[str] = frozenset()
    relatives: frozenset[str] = frozenset()  # "der", "who": a relative clause's subject
    reported_mood: frozenset[str] = frozenset()  # "sei", "würden": reported speech's verbs
    clause_adverbs: frozenset[str] = frozenset()  # "Dazu", "Hier": a first part on its own
    adverb_endings: tuple[str, ...] = ()  # "-lich": "Wörtlich sagte …" opens with an adverb
    said_back: frozenset[str] = frozenset()  # "Das": "„…“ Das sagte X" points at the quotation
    possessives: dict[str, str] = field(default_factory=dict)  # "sein": "er" ("Sein Fazit:")
    infinitive_marker: str = ""  # "zu": "Um die Zeit zu gewinnen, will …"
    subordinators: frozenset[str] = frozenset()  # "wie", "weil": the clause's verb comes last
    interrogatives: frozenset[str] = frozenset()  # "was", "wer": an indirect question's opener
    naming_nouns: frozenset[str] = frozenset()  # "Zeitung", "group": the marks after one name it
    naming: re.Pattern[str] = NOTHING  # "nannte", "called": the marks it governs are speech
    naming_as: frozenset[str] = frozenset()  # "als", "as": the marks after it are a predicate
    naming_after: re.Pattern[str] = NOTHING  # "als „…“ zurück": a frame closed after the marks
    naming_passive: frozenset[str] = frozenset()  # "wird", "was": the one named is the subject
    naming_agents: frozenset[str] = frozenset()  # "von", "by": the agent of a passive speaks
    pronoun_genders: dict[str, str] = field(default_factory=dict)  # "she": "f"
    document_adverbs: frozenset[str] = frozenset()  # "darin": in the text named just before
    documents: tuple[str, ...] = ()  # "erklärung", "bericht": texts that say things
    gendered_titles: dict[str, str] = field(default_factory=dict)  # "mrs": "f", "herr": "m"

    def plural_role(self, word: str) -> bool:
        """A role word in the plural ("analysts", "аналітики"): cut one of the plural endings
        off, and a role word as listed is left (not "headquarter", which only begins with one)."""
        low = word.casefold()
        return any(
            low.endswith(ending) and low[: -len(ending)] in self.role_stems
            for ending in self.plural_role_endings
        )

    def is_adverb(self, word: str) -> bool:
        """One word an adverb's ending marks ("Wörtlich", "Kritisch", "Höhnisch"): no name,
        though it opens its sentence with a capital; a phrase of several words is none."""
        folded = word.casefold()
        return " " not in folded and any(
            folded.endswith(e) and len(folded) >= len(e) + 3 for e in self.adverb_endings
        )

    def is_according(self, verb: str) -> bool:
        return self.according.fullmatch(verb) is not None

    def is_impersonal(self, verb: str) -> bool:
        return self.impersonal.fullmatch(verb) is not None

    def is_relay(self, verb: str) -> bool:
        return self.relays.fullmatch(verb) is not None

    def follows_source(self, verb: str) -> bool:
        return self.after_source.fullmatch(verb) is not None

    def is_participle(self, verb: str) -> bool:
        return verb.casefold() in self.participles

    def addresses(self, verb: str) -> bool:
        """The verb's object follows it ("told CNN", "told reporters"): never its subject."""
        return self.addressing.match(verb) is not None


def _read() -> dict[str, dict]:
    path = resources.files("newsweave.data").joinpath("reporting_verbs.json")
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _phrase(phrase: str, prefix: bool = False, spread: bool = True, bracket: int = 0) -> str:
    # A space inside a phrase may stretch over up to two words: "fügte er hinzu", "ha poi detto".
    words = [re.escape(w) for w in phrase.split()]
    gap = r"(?:\s+\S+){0,2}?\s+" if spread else r"\s+"
    body = gap.join(words) if len(words) > 1 else words[0]
    if len(words) == 2 and spread and bracket > 2:
        # A split verb may bracket its whole subject ("teilte ein Sprecher des Ministeriums
        # mit"), where its particle closes the clause and no mark stands between the parts.
        wide = rf"(?:\s+[^\s{_CLAUSE_MARKS}]+){{3,{bracket}}}?\s+"
        body = rf"(?:{body}|{words[0]}{wide}{words[1]}(?=\s*[{_CLAUSE_MARKS}]|\s*$))"
    # A role prefix runs on through a compound: "премьер-министр", "vice-president".
    return body + (r"[\w'’-]*" if prefix else "")


_CLAUSE_MARKS = r".,;:!?\"“”„«»()"


def _alternation(
    phrases: list[str],
    prefix: bool = False,
    spread: bool = True,
    bracket: int = 0,
    unspaced: bool = False,
    heads: list[str] | None = None,
) -> re.Pattern[str]:
    """One pattern for the phrases; ``heads`` also end a compound (German "Innenminister",
    "Polizeisprecherin", "SPD-Chef": a role is the last noun of the word)."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    if not ordered:
        return NOTHING
    if unspaced:
        # Chinese writes no spaces: a word is found inside the run of characters around it.
        return re.compile("|".join(re.escape(p) for p in ordered))
    # An elided form ("qu'") runs straight into the next word; every other form ends at a boundary.
    body = "|".join(
        _phrase(p, prefix, spread, bracket) + ("" if p[-1] in "'’" else r"(?![\w'’-])")
        for p in ordered
    )
    if heads:
        ends = "|".join(re.escape(h) for h in sorted(set(heads), key=len, reverse=True))
        # Also after a hyphen: "SPD-Chef", "Grünen-Politikerin", "72-Jährige", "68-year-old".
        opening = r"(?:(?:[^\W_]+-)+[^\W\d_]*|[^\W\d_]+)"
        body += rf"|{opening}(?:{ends})(?:in|innen|en|er|es|e|n|s)?(?![\w'’-])"
    return re.compile(rf"(?<![\w'’-])(?:{body})", re.IGNORECASE)


def _pairs(entries: list[dict], name: str) -> dict[str, str]:
    return {k.casefold(): v for entry in entries for k, v in entry.get(name, {}).items()}


def _compile(entries: list[dict]) -> AttributionLexicon:
    def merged(field: str) -> list[str]:
        return [w for entry in entries for w in entry.get(field, [])]

    unspaced = len(entries) == 1 and bool(entries[0].get("unspaced"))

    return AttributionLexicon(
        # One language's own reach; the lexicon of all languages together brackets none.
        verbs=_alternation(
            merged("verbs"),
            bracket=entries[0].get("split_verb_reach", 0) if len(entries) == 1 else 0,
            unspaced=unspaced,
        ),
        that=_alternation(merged("that"), unspaced=unspaced),
        pronouns=_alternation(merged("pronouns"), unspaced=unspaced),
        roles=_alternation(
            merged("roles"), prefix=True, unspaced=unspaced, heads=merged("role_compound_heads")
        ),
        terms=frozenset(w.casefold() for w in merged("terms")),
        prepositions=frozenset(w.casefold() for w in merged("prepositions")),
        # Exact phrases: "по его словам" names its source already and is no "по словам X".
        according=_alternation(merged("according"), spread=False, unspaced=unspaced),
        bodies=frozenset(w.casefold() for w in merged("bodies")),
        impersonal=_alternation(merged("impersonal")),
        relays=_alternation(merged("relays"), unspaced=unspaced),
        addressing=_alternation(merged("addressing")),
        after_source=_alternation(merged("after_source"), spread=False),
        after_quote=_alternation(merged("after_quote")),
        determiners=frozenset(w.casefold() for w in merged("determiners")),
        participles=frozenset(w.casefold() for w in merged("participles")),
        indefinites=frozenset(w.casefold() for w in merged("indefinites")),
        joiners=frozenset(w.casefold() for w in merged("joiners")),
        not_speakers=frozenset(w.casefold() for w in merged("not_speakers")),
        sources=frozenset(w.casefold() for w in merged("sources")),
        joins_continuations=all(entry.get("joins_continuations") for entry in entries),
        subject_required=all(entry.get("subject_required") for entry in entries),
        lower_nouns=not any(entry.get("capitalised_nouns") for entry in entries),
        frame_after_comma=all(entry.get("frame_after_comma") for entry in entries),
        verb_second=all(entry.get("verb_second") for entry in entries),
        verb_first=all(entry.get("verb_first") for entry in entries),
        pronouns_set=frozenset(w.casefold() for w in merged("pronouns")),
        first_person=frozenset(w.casefold() for w in merged("first_person")),
        first_plural=frozenset(w.casefold() for w in merged("first_plural")),
        latter=frozenset(w.casefold() for w in merged("latter")),
        noun_markers=frozenset(w.casefold() for w in merged("noun_markers")),
        feminine_role_endings=tuple(merged("feminine_role_endings")),
        plural_role_endings=tuple(merged("plural_role_endings")),
        occupations=tuple(w.casefold() for w in merged("occupations")),
        auxiliaries=frozenset(w.casefold() for w in merged("auxiliaries")),
        function_words=frozenset(w.casefold() for w in merged("function_words")),
        oblique_openers=frozenset(w.casefold() for w in merged("oblique_openers")),
        role_stems=frozenset(w.casefold() for w in merged("roles") + merged("speaking_nouns")),
        spokespeople=_alternation(merged("spokespeople"), prefix=True, unspaced=unspaced),
        name_breakers=tuple(merged("name_breakers")),
        that_words=frozenset(w.casefold() for w in merged("that")),
        coordinators=frozenset(w.casefold() for w in merged("coordinators")),
        relatives=frozenset(w.casefold() for w in merged("relatives")),
        reported_mood=frozenset(w.casefold() for w in merged("reported_mood")),
        clause_adverbs=frozenset(w.casefold() for w in merged("clause_adverbs")),
        adverb_endings=tuple(merged("adverb_endings")),
        said_back=frozenset(w.casefold() for w in merged("said_back")),
        possessives=_pairs(entries, "possessives"),
        # One word per language; the lexicon of all languages together has none.
        infinitive_marker=entries[0].get("infinitive_marker", "") if len(entries) == 1 else "",
        subordinators=frozenset(w.casefold() for w in merged("subordinators")),
        interrogatives=frozenset(w.casefold() for w in merged("interrogatives")),
        pronoun_genders=_pairs(entries, "pronoun_genders"),
        document_adverbs=frozenset(w.casefold() for w in merged("document_adverbs")),
        documents=tuple(w.casefold() for w in merged("documents")),
        gendered_titles={
            k.casefold(): v
            for entry in entries
            for k, v in entry.get("gendered_titles", {}).items()
        },
        naming=_alternation(merged("naming")),
        naming_as=frozenset(w.casefold() for w in merged("naming_as")),
        naming_after=_alternation(merged("naming_after"), spread=False),
        naming_passive=frozenset(w.casefold() for w in merged("naming_passive")),
        naming_agents=frozenset(w.casefold() for w in merged("naming_agents")),
        naming_nouns=frozenset(
            w.casefold()
            for w in merged("naming_nouns")
            if len(w) >= settings.QUOTE_NAMING_NOUN_MIN_CHARS
        ),
    )


@lru_cache(maxsize=64)
def attribution_lexicon(language: str) -> AttributionLexicon:
    """The lexicon of ``language``; an unknown language gets all languages' cues together."""
    data = _read()
    if language in data:
        return _compile([data[language]])
    return _compile(list(data.values()))


@lru_cache(maxsize=1)
def title_abbreviations() -> frozenset[str]:
    """Titles written with a stop before a name ("Mr.", "Gov.", "Dr."), in every language at
    once: a stop after one never ends a sentence, whatever the article's language."""
    return frozenset(w.casefold() for entry in _read().values() for w in entry.get("titles", []))


@lru_cache(maxsize=1)
def dated_months() -> frozenset[str]:
    """Month names written after a day number and a stop ("14. Dezember"), in every language at
    once: that stop never ends a sentence, whatever the article's language."""
    return frozenset(
        w.casefold() for entry in _read().values() for w in entry.get("dated_months", [])
    )


def known_languages() -> list[str]:
    return sorted(_read())
