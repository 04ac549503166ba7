"""Who said it, in Slavic and other languages: oblique names, according phrases, role nouns,
speaking bodies and relaying media. Sentences written for these tests."""

from __future__ import annotations

import pytest

from newsweave.model import Mention, Quote
from newsweave.quotes import find_quotes

# surface -> (type, entity id, canonical, lemma); a lemma unlike the surface marks an oblique case.
NAMES: dict[str, tuple[str, str, str, str]] = {
    "Павел Новак": ("PER", "PER-novak", "Pavel Novak", "Павел Новак"),
    "Новак": ("PER", "PER-novak", "Pavel Novak", "Новак"),
    "Новака": ("PER", "PER-novak", "Pavel Novak", "Новак"),
    "Ивана Петрова": ("PER", "PER-petrov", "Ivan Petrov", "Иван Петров"),
    "Петрова": ("PER", "PER-petrov", "Ivan Petrov", "Петров"),
    "Анна Смирнова": ("PER", "PER-smirnova", "Anna Smirnova", "Анна Смирнова"),
    "Ryanair": ("ORG", "ORG-ryanair", "Ryanair", "Ryanair"),
    "Reuters": ("ORG", "ORG-reuters", "Reuters", "Reuters"),
    "Мішель Барньє": ("PER", "PER-barnier", "Michel Barnier", "Мішель Барньє"),
    "Jan Kowalski": ("PER", "PER-kowalski", "Jan Kowalski", "Jan Kowalski"),
    "Janem Kowalskim": ("PER", "PER-kowalski", "Jan Kowalski", "Jan Kowalski"),
    "Adam Nowak": ("PER", "PER-nowak", "Adam Nowak", "Adam Nowak"),
    "Jana Horáková": ("PER", "PER-horakova", "Jana Horáková", "Jana Horáková"),
    "Jany Horákové": ("PER", "PER-horakova", "Jana Horáková", "Jana Horáková"),
    "Petrem Dvořákem": ("PER", "PER-dvorak", "Petr Dvořák", "Petr Dvořák"),
    "David Kranjc": ("PER", "PER-kranjc", "David Kranjc", "David Kranjc"),
    "BBC": ("PRO", "PRO-bbc", "BBC", "BBC"),
    "Radio": ("PER", "PER-radio", "Radio", "Radio"),
    "Anna Berg": ("PER", "PER-berg", "Anna Berg", "Anna Berg"),
    "Kim Lang": ("PER", "PER-lang", "Kim Lang", "Kim Lang"),
    "Georgien": ("LOC", "LOC-GE", "Georgia", "Georgien"),
    "Paul Novak": ("PER", "PER-paul-novak", "Paul Novak", "Paul Novak"),
    "Novak": ("PER", "PER-paul-novak", "Paul Novak", "Novak"),
    "Иванова": ("PER", "PER-ivanov", "Oleg Ivanov", "Иванов"),
    "Кремля": ("ORG", "ORG-kremlin", "Kremlin", "Кремль"),
    "МИД": ("ORG", "ORG-mid", "Ministry of Foreign Affairs", "МИД"),
    "Ryanaira": ("ORG", "ORG-ryanair", "Ryanair", "Ryanair"),
    "Ryanairu": ("ORG", "ORG-ryanair", "Ryanair", "Ryanair"),
    "State Department": ("ORG", "ORG-state", "US State Department", "State Department"),
    "Kremlin": ("ORG", "ORG-kremlin", "Kremlin", "Kremlin"),
    "Christian Wulff": ("PER", "PER-wulff", "Christian Wulff", "Christian Wulff"),
    "Олег Иванов": ("PER", "PER-ivanov", "Oleg Ivanov", "Олег Иванов"),
    "Георги Петров": ("PER", "PER-georgi-petrov", "Georgi Petrov", "Георги Петров"),
}


def mentions_of(text: str) -> list[Mention]:
    """Every listed name in ``text``, longest first so "Павел Новак" beats "Новак"."""
    found: list[Mention] = []
    for surface in sorted(NAMES, key=len, reverse=True):
        start = text.find(surface)
        while start >= 0:
            end = start + len(surface)
            free = all(end <= m.start or m.end <= start for m in found)
            if free and not (text[end : end + 1].isalpha() or text[start - 1 : start].isalpha()):
                etype, eid, canonical, lemma = NAMES[surface]
                found.append(Mention(surface, start, end, etype, lemma, eid, canonical))
            start = text.find(surface, end)
    return sorted(found, key=lambda m: m.start)


def speakers(text: str, language: str) -> list[tuple[str, str]]:
    """(quoted text, speaker name) for every direct quotation."""
    return [
        (q.text, q.speaker_name)
        for q in find_quotes(text, language, mentions_of(text))
        if q.confidence >= 0.3
    ]


def speaker_of(text: str, language: str, quoted: str) -> str:
    found = [name for q, name in speakers(text, language) if quoted in q]
    assert found, f"no quotation containing {quoted!r}: {speakers(text, language)}"
    return found[0]


def quote_on(text: str, language: str, quoted: str) -> Quote:
    """The quotation holding ``quoted``, its speaker's surface and entity as found."""
    found = [q for q in find_quotes(text, language, mentions_of(text)) if quoted in q.text]
    assert found, f"no quotation containing {quoted!r}"
    return found[0]


@pytest.mark.parametrize(
    ("language", "text", "quoted", "speaker"),
    [
        # ru: the speaker after the verb of a dash quote.
        ("ru", "– Мы готовы продолжать переговоры, – сказал Павел Новак.",
         "Мы готовы", "Pavel Novak"),
        # ru: "по словам" names its source in the genitive.
        ("ru", "Рынок восстановится к весне. «Спрос растёт быстрее, чем мы ждали», – по словам "
               "Иванова, это видно по всем отраслям.",
         "Спрос растёт", "Oleg Ivanov"),
        # ru: a name in the accusative is the one thanked, not the one speaking.
        ("ru", "Премьер-министр Анна Смирнова встретилась с министрами.\n\nПремьер-министр "
               "поблагодарила Петрова за работу и отметила, что «результаты превзошли ожидания "
               "всех участников».",
         "результаты превзошли", "Anna Smirnova"),
        # ru: "заявили в Ryanair": the company speaks through an impersonal plural.
        ("ru", "«Мы не будем повышать цены этой зимой», – заявили в Ryanair.",
         "Мы не будем", "Ryanair"),
        # ru: "он" means the named subject, not a name in the genitive after it.
        ("ru", "Об этом заявил официальный представитель комиссии Павел Новак, комментируя "
               "отставку министра Ивана Петрова.\n\n«Мы не видим причин менять план», – сказал "
               "он.",
         "Мы не видим", "Pavel Novak"),
        # pl: "red." is an abbreviation, not the end of the sentence that names the speaker.
        ("pl", "– Nie zgadzam się z tą oceną i będę głosował przeciw – powiedział w rozmowie z "
               "red. naczelnym Janem Kowalskim poseł Adam Nowak.",
         "Nie zgadzam", "Adam Nowak"),
        # cs: the feminine role fits the woman named as premier, not the man.
        ("cs", "Při návštěvě britské premiérky Jany Horákové se setkala s polským premiérem "
               "Petrem Dvořákem. „Chceme, aby naši občané mohli v zemi zůstat,“ uvedla "
               "britská premiérka.",
         "Chceme, aby", "Jana Horáková"),
        # sl: "BBC Radio" is one station's name; the man who filmed it is the speaker.
        ("sl", "David Kranjc, ki je dogodek posnel, je za BBC Radio povedal: \"Vse je bilo "
               "mirno, dokler ni prišel do svojega sedeža.\"",
         "Vse je bilo", "David Kranjc"),
        # en: "the negotiator" is the person the text called negotiator.
        ("en", "Chief negotiator Anna Berg met Paul Novak in the morning. “We are close to a "
               "deal, closer than ever before,” the negotiator said.",
         "We are close", "Anna Berg"),
        # bg: "според него" points back at the last speaker.
        ("bg", "„Пазарът ще се възстанови до пролетта“, заяви Георги Петров. Според него "
               "„търсенето расте по-бързо от очакваното във всички сектори“.",
         "търсенето расте", "Georgi Petrov"),
    ],
    ids=["ru-dash-name-after-verb", "ru-po-slovam-genitive", "ru-accusative-is-object",
         "ru-body-after-preposition", "ru-pronoun-prefers-nominative", "pl-abbreviation",
         "cs-feminine-role", "sl-station-name", "en-role-apposition", "bg-spored-nego"],
)
def test_speaker(language: str, text: str, quoted: str, speaker: str) -> None:
    assert speaker_of(text, language, quoted) == speaker


@pytest.mark.parametrize(
    ("language", "text", "quoted", "speaker"),
    [
        ("ru", "«Мы не согласны», — заявил представитель МИД. «Это ложь», — сказал "
               "пресс-секретарь Кремля.", "Это ложь", "Kremlin"),
        ("pl", "„To kłamstwo” – powiedział rzecznik Ryanaira.", "To kłamstwo", "Ryanair"),
        ("cs", "„Je to lež,“ řekl mluvčí Ryanairu.", "Je to lež", "Ryanair"),
    ],
    ids=["ru", "pl", "cs"],
)
def test_a_role_with_a_body_in_the_genitive_is_that_bodys(
    language: str, text: str, quoted: str, speaker: str
) -> None:
    """"пресс-секретарь Кремля": the genitive after the role names whose spokesman it is, with
    no joiner between, and the role keeps its place in the surface; the body quoted just before
    is not the one speaking."""
    quote = quote_on(text, language, quoted)
    assert quote.speaker_name == speaker
    assert quote.speaker.split()[0] in text[: quote.start] + text[quote.end :]


def test_a_quotation_framed_by_a_colon_is_not_the_next_quotations() -> None:
    """In "X said: “No comment.” “It is over,” said Y." the first quotation has its frame before
    it; the verb after the second frames the second only."""
    text = ('A spokeswoman for the State Department said: "No comment." "It is over," said a '
            "Kremlin spokesman.")
    assert speaker_of(text, "en", "No comment") == "US State Department"
    assert speaker_of(text, "en", "It is over") == "Kremlin"


def test_consecutive_quotations_with_one_frame_after_them_share_it() -> None:
    text = 'Anna Berg was calm. "We are ready." "We will win," Anna Berg said.'
    assert speaker_of(text, "en", "We are ready") == "Anna Berg"


def test_the_source_an_according_phrase_names_takes_over_the_words() -> None:
    """de: "Nach Ansicht von Christian Wulff ist …" names a new source, after a preposition,
    before a quotation with no frame of its own: the minister quoted before no longer speaks."""
    text = (
        "Wie der Finanzminister am Dienstag erklärte, sieht die Regierung in dem Gesetz „kein "
        "Hindernis für den freien Kapitalverkehr“.\n\nNach Ansicht von Christian Wulff ist "
        "noch keine Vorentscheidung gefallen. „Es ist nur eine "
        "gutachterliche Stellungnahme, mehr nicht.“"
    )
    assert speaker_of(text, "de", "Es ist nur") == "Christian Wulff"


def test_according_to_a_common_noun_names_nobody() -> None:
    # uk: "за словами прихильників" gives the words to a group, not to anyone named before.
    text = ("Мішель Барньє провів переговори в Брюсселі. За словами прихильників угоди, "
            "документ «є найкращим можливим компромісом для обох сторін».")
    assert speaker_of(text, "uk", "є найкращим") == ""


def test_impersonal_verb_does_not_borrow_an_earlier_speaker() -> None:
    # pl: "czytamy w komunikacie": the statement speaks, not the man quoted before it.
    text = ("– Nie zgadzam się z tą oceną – powiedział Jan Kowalski.\n\n– Sytuacja na granicy "
            "jest stabilna i pod kontrolą służb – czytamy w komunikacie.")
    assert speaker_of(text, "pl", "Sytuacja na granicy") == ""


def test_relaying_agency_is_not_the_speaker() -> None:
    # uk: "цитує агенція Reuters": the agency passes on the negotiator's words.
    text = ("«Ми готові працювати далі», – сказав Мішель Барньє журналістам, додавши, що проєкт "
            "є «справедливим та збалансованим», цитує агенція Reuters.")
    assert speaker_of(text, "uk", "справедливим") == "Michel Barnier"


def test_role_after_that_is_in_the_reported_clause() -> None:
    # pl: "zapowiedział, że premier …": the premier is talked about; the speaker is named before.
    text = ("Jan Kowalski spotkał się z dziennikarzami. Na nagraniu, które ujawniono na portalu "
            "Radio, zapowiedział, że premier Adam Nowak ma zamiar \"wejść w fazę ostrzejszych "
            "rozmów z Brukselą\".")
    assert speaker_of(text, "pl", "wejść w fazę") == "Jan Kowalski"


def test_german_relay_passes_on_the_words_of_the_one_it_quotes() -> None:
    # de: "Der Spiegel zitiert den Prediger mit den Worten": the magazine is no speaker.
    text = ("Im Rahmen einer Talkshow wurde ein Prediger aus London zugeschaltet. Der Spiegel "
            "zitiert den Prediger mit den Worten „Wir warnen das Abendland, dass wir eines Tages "
            "zurückkehren werden.“")
    found = [q.speaker for q in find_quotes(text, "de", mentions_of(text)) if "Wir" in q.text]
    assert found == ["den Prediger"]


def test_german_passive_relay_names_its_subject() -> None:
    # de: "wird Watzke … wie folgt zitiert": in the passive the subject is the one quoted.
    text = ("Hans-Joachim Watzke wird neuer Geschäftsführer. Zu seiner neuen Aufgabe wird Watzke "
            "auf der offiziellen Internetseite des Vereins wie folgt zitiert: „Es gab bestimmt "
            "auch Jahre, wo ich dieses Amt mit mehr Freude übernommen hätte.“")
    assert "Watzke" in speaker_of(text, "de", "Es gab bestimmt")


def test_what_according_governs_is_the_source_member_or_document() -> None:
    # de: "laut einem Jury-Mitglied": the member is the source, not the book the sentence is about.
    text = ("Das Buch ist laut einem Jury-Mitglied eine „kluge und komische Geschichte über das "
            "Leben am Stadtrand“. Der Preis überraschte die Autorin.")
    assert quote_on(text, "de", "kluge und komische").speaker == "einem Jury-Mitglied"


def test_german_zitat_von_names_the_one_quoted() -> None:
    # The surname alone, which the recogniser may miss: the cue governs it all the same.
    text = ("Der Kanzler zeigte sich in Siegerpose. Zitat von Schröder: „Wir haben etwas "
            "erreicht, was viele für völlig unmöglich gehalten haben.“")
    assert quote_on(text, "de", "Wir haben etwas").speaker == "Schröder"


def test_motto_in_marks_does_not_hide_the_subject_after_the_verb() -> None:
    # de: the motto in marks belongs to the opening adverbial; the subject follows the verb.
    text = ("Unter dem Motto „Freiheit statt Angst“ zogen die Demonstranten bis zur Paulskirche "
            "und skandierten dabei Parolen wie „Stoppt den Überwachungswahn jetzt“.")
    assert "Demonstranten" in quote_on(text, "de", "Stoppt den").speaker


def test_a_body_that_speaks_as_we_says_the_quote_after_its_sentence() -> None:
    # de: no cue in the quote's sentence; the organisation that opens the sentence before it
    # speaks in the first person plural.
    text = ("Die Gewerkschaft Ryanair will an ihrem Kurs festhalten. „Wir wollen einen Vertrag, "
            "auf den man sich verlassen kann. Alles andere lehnen wir ab.“")
    assert quote_on(text, "de", "Wir wollen").speaker_id == "ORG-ryanair"


def test_a_verb_with_its_own_colon_frames_the_next_quote() -> None:
    # de: "erläutert … so: „A“, und fügt hinzu: „B“": both are Anna Berg's; "fügt hinzu" is
    # no frame of A, and a present-tense cue is a cue.
    text = ("Anna Berg vom Institut für Kernphysik erläutert die Hypothese so: „Da gibt es zwei "
            "Arten von Teilchen, die aus dem Mond kommen“, und fügt hinzu: „Wir denken, die "
            "sauberen Teilchen kommen von der Oberfläche.“")
    assert speaker_of(text, "de", "Da gibt es") == "Anna Berg"
    assert speaker_of(text, "de", "Wir denken") == "Anna Berg"


def test_a_subject_with_a_place_after_it_beats_a_possessive_name() -> None:
    # de: "Das Nobelkomitee im norwegischen Oslo würdigte Novaks Einsatz": the committee
    # speaks; "Novaks" is whose effort it was.
    text = ("Der Preis geht in diesem Jahr an Paul Novak. Das Nobelkomitee im norwegischen Oslo "
            "würdigte damit Novaks Einsatz zur „Stärkung der internationalen Diplomatie“.")
    assert "Nobelkomitee" in quote_on(text, "de", "Stärkung").speaker


def test_a_person_noun_opening_the_sentence_speaks_after_its_colon() -> None:
    # de: "Der Ermittler … will … einstellen: „…“": the investigator, not the case's name.
    text = ("Das Verfahren läuft seit Jahren. Der Ermittler, der als wichtiger Zeuge gilt, will "
            "nach dem Abschluss des Falls Novak seine Arbeit einstellen: „Was Größeres als "
            "Novak kommt nicht nach!“")
    assert quote_on(text, "de", "Was Größeres").speaker == "Der Ermittler"


def test_er_does_not_point_back_at_a_woman_her_role_names() -> None:
    # de: "die Sprecherin der Fraktion, Kim Lang" is a woman, though "Kim" does not tell; "Er"
    # after her quotation means the man named since.
    text = ("Auch die innenpolitische Sprecherin der Fraktion, Kim Lang, sagte: „Die Mittel sind "
            "nicht mehr verhältnismäßig.“ Unterdessen verteidigte der Vorsitzende des "
            "Ausschusses, Paul Novak, den Entwurf. Er halte ihn für vertretbar und bezeichnete "
            "die Erweiterung als „maßvoll und richtig“.")
    assert speaker_of(text, "de", "Die Mittel") == "Kim Lang"
    assert speaker_of(text, "de", "maßvoll") == "Paul Novak"


def test_letztere_is_the_person_named_last() -> None:
    # de: "„…“, so letztere": of Anna Berg and Kim Lang, the one named last speaks.
    text = ("Anna Berg war in Pelz gekleidet, während die Schauspielerin Kim Lang vor dem Käfig "
            "stand und Zettel verteilte. „Das Elend der Tiere in den Käfigen geht weiter.“, so "
            "letztere.")
    assert speaker_of(text, "de", "Das Elend") == "Kim Lang"


def test_a_subordinate_clause_closed_by_the_verb_after_the_quote() -> None:
    # de: "weil die US-Regierung Georgien … als „…“ bezeichnet hat": the clause opened before
    # the quotation; the place after the subject is its object.
    text = ("Der Bericht ist deshalb brisant, weil die US-Regierung Georgien im letzten Monat als "
            "„junge couragierte Demokratie“ bezeichnet hat. Russland zeichnet ein anderes Bild.")
    assert quote_on(text, "de", "junge couragierte").speaker == "die US-Regierung"


def test_english_reports_is_a_cue() -> None:
    # "The Daily Ledger reports:": the paper, not "The Daily Ledger reports".
    text = ("Less than a quarter of the donors give $200 or less.\n\nThe Daily Ledger reports:"
            "\n\n\"Just 24 percent of the contributors have given $200 or less so far.\"")
    assert quote_on(text, "en", "Just 24 percent").speaker == "The Daily Ledger"


def test_a_cue_after_an_article_is_a_noun() -> None:
    # en: "one of the states suing the agency" holds "states", which is no verb there.
    text = ("“It’s an invasion, in our estimation, of the state regulatory domain,” Paul Novak, "
            "the attorney general of Oklahoma, one of the states suing the agency, said on Monday.")
    assert speaker_of(text, "en", "It’s an invasion") == "Paul Novak"


def test_a_party_tag_after_the_name_keeps_the_apposition_a_frame() -> None:
    text = ("“If the agency wanted anyone else’s laptops, they’d just go get them,” Rep. Paul Novak "
            "(R-Ohio), an oversight panel member, said in a phone interview.")
    assert speaker_of(text, "en", "If the agency") == "Paul Novak"


def test_a_possessive_name_owns_the_speaker_it_describes() -> None:
    # en: "Novak's niece, state Del. Kim Lang, shouted": not Novak; "Del." ends no sentence.
    text = ("\"This is a big year for our next senator, Paul Novak!\" Novak's niece, state Del. "
            "Ann Marsh, shouted to the crowd.")
    found = quote_on(text, "en", "This is a big year")
    assert found.speaker_id != "PER-paul-novak" and "niece" in found.speaker


def test_a_name_with_an_english_possessive_after_the_verb_is_no_speaker() -> None:
    # en: "said … before Paul Novak’s comments": whose comments, not who said it.
    text = ("“We acknowledged an openness to working with both parties to strengthen it,” a White "
            "House spokeswoman said at a briefing Monday before Paul Novak’s comments.")
    assert quote_on(text, "en", "We acknowledged").speaker_id != "PER-paul-novak"


def test_a_name_the_recogniser_missed_after_a_role_speaks() -> None:
    # en: "press secretary Josh Earnest said": the role's holder is named right there, not a
    # person from the sentences before.
    text = ("The Obama administration signalled willingness to change the law. “What I would "
            "also say is that we are open to working with both parties,” White House press "
            "secretary Josh Earnest said at a briefing.")
    assert quote_on(text, "en", "What I would").speaker == "Josh Earnest"


def test_english_demanded_is_a_cue() -> None:
    text = ("“Every time you say that, you give them ammunition,” Paul Novak said. “Why isn’t this "
            "clear proof that the bank is too big to manage?” Kim Lang demanded.")
    assert speaker_of(text, "en", "Why isn’t this") == "Kim Lang"


def test_an_object_opening_the_clause_leaves_the_subject_after_the_verb() -> None:
    # de: "Die Anwendung der Kompetenz des Bundeskanzlers stellte der Vorsitzende Paul Novak in
    # Frage:": the role in the object's complement is no speaker; Novak, after the verb, is.
    text = ("Kim Lang hatte die Rolle der Fraktion betont: „Die Entscheidungen fallen im Kreise "
            "der Vorsitzenden.“ Die praktische Anwendung der Kompetenz des Bundeskanzlers "
            "stellte der Vorsitzende Paul Novak ebenfalls in Frage: „Die Anwendung der Richtlinie "
            "ist nicht lebenswirklich.“")
    assert speaker_of(text, "de", "Die Anwendung der Richtlinie") == "Paul Novak"


def test_a_next_sentence_verb_that_opens_its_own_content_frames_nothing_before() -> None:
    # de: "„…“. Der Leiter der Schule hofft, die Frau halten zu können": not the head's words.
    text = ("Für Paul Novak ist die Beschäftigung der Frau in einem Verein ein „gelungenes "
            "Beispiel für Resozialisierung“. Der Leiter der betreffenden Schule hofft, die Frau "
            "halten zu können.")
    found = [q for q in find_quotes(text, "de", mentions_of(text)) if "gelungenes" in q.text]
    assert not any(q.speaker == "Der Leiter" for q in found)


def test_a_source_clause_opening_the_sentence_hands_over_to_the_main_subject() -> None:
    # de: "Wie der Sender Reuters berichtet, gab Paul Novak … eine Stellungnahme: „…“": Novak's.
    text = ("Kim Lang zeigte sich am Morgen sprachlos. Wie der Sender Reuters berichtet, gab "
            "Paul Novak dem Sender eine Stellungnahme in Form einer Nachricht, die aus einem "
            "einzigen Satz bestand: „Das ist großartig für uns alle.“")
    assert speaker_of(text, "de", "Das ist großartig") == "Paul Novak"


@pytest.mark.parametrize(
    ("language", "text", "quoted"),
    [
        (
            "uk",
            "Павел Новак приїхав до Києва. «Це демонстрація єдності», – кажуть аналітики.",
            "єдності",
        ),
        (
            "ru",
            "Павел Новак прибыл в Киев. «Это демонстрация единства», – считают эксперты.",
            "единства",
        ),
        ("en", "Paul Novak arrived in Kyiv. “It is a show of unity,” officials said.", "unity"),
    ],
)
def test_a_plural_role_speaks_as_a_group_not_as_the_person_named_before(
    language: str, text: str, quoted: str
) -> None:
    quote = quote_on(text, language, quoted)
    assert quote.speaker_name == "" and quote.speaker_id == ""
    assert quote.speaker.casefold() in {"аналітики", "эксперты", "officials"}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("uk", "«Ми готові продовжувати переговори», – наголосили Павел Новак та Анна Смирнова."),
        ("pl", "„Jesteśmy gotowi do rozmów” – powiedzieli Jan Kowalski i Adam Nowak."),
        ("cs", "„Jsme připraveni jednat,“ zdůraznili Jana Horáková a Adam Nowak."),
        ("ru", "«Мы готовы к переговорам», – подчеркнули Анна Смирнова и Олег Иванов."),
    ],
)
def test_reporting_verbs_in_the_plural_frame_a_quotation(language: str, text: str) -> None:
    found = speakers(text, language)
    assert found and found[0][1], found


def test_a_trade_nobody_was_given_names_someone_new() -> None:
    text = "Павел Новак приїхав до Києва. «Це демонстрація єдності», – сказав аналітик."
    quote = quote_on(text, "uk", "єдності")
    assert (quote.speaker, quote.speaker_id) == ("аналітик", "")


@pytest.mark.parametrize(
    ("language", "text", "quoted", "speaker"),
    [
        (
            "pt",
            "De acordo com o ministro da Fazenda, Fernando Haddad, “a inflação está sob controle”.",
            "inflação",
            "Fernando Haddad",
        ),
        (
            "it",
            "Secondo il presidente di Confindustria, Emanuele Orsini, è «un passo avanti».",
            "passo",
            "Emanuele Orsini",
        ),
        (
            "es",
            "De acuerdo con el alcalde, Juan Pérez, la ley es «un paso en la buena dirección».",
            "paso",
            "Juan Pérez",
        ),
    ],
)
def test_the_name_set_off_after_an_according_phrase_is_the_source(
    language: str, text: str, quoted: str, speaker: str
) -> None:
    from newsweave.entities import find_mentions

    mentions = find_mentions(text, language)
    found = [q for q in find_quotes(text, language, mentions) if quoted in q.text]
    assert found and found[0].speaker_name == speaker, [(q.text, q.speaker) for q in found]


def test_a_party_description_stands_for_the_person_named_before() -> None:
    from newsweave.entities import find_mentions

    text = (
        'Senator Elizabeth Warren blasted the proposal. "It is a giveaway to Wall Street," the '
        "Massachusetts Democrat said in a statement."
    )
    found = [q for q in find_quotes(text, "en", find_mentions(text, "en")) if "giveaway" in q.text]
    assert found and found[0].speaker_name == "Elizabeth Warren", found


def analysed_speaker(text: str, language: str, quoted: str) -> str:
    """The speaker name the whole analysis gives the first quotation holding `quoted`."""
    from newsweave.entities import EntityIndex
    from newsweave.model import RawDocument
    from newsweave.pipeline import analyse

    article = analyse(RawDocument(source=f"{language}.txt", text=text), EntityIndex())
    found = [q for q in article.quotes if quoted in q.text]
    assert found, [(q.text, q.speaker) for q in article.quotes]
    return found[0].speaker_name


@pytest.mark.parametrize(
    ("language", "text", "quoted", "speaker"),
    [
        (
            # a determiner, modifiers and a compound role before the name open the sentence
            "de",
            "Ministerpräsident Christian Wulff sagte, das Land behalte seine Aktien. „Wir sind "
            "von den Gutachten abgewichen.“\n\nDer VW-Betriebsratsvorsitzende Bernd Osterloh "
            "hat die EU-Kommission scharf angegriffen. Vor dem Gerichtshof sieht Osterloh einen "
            "Angriff, es stehe im Gegensatz zur „sozialen Marktwirtschaft“.",
            "sozialen Marktwirtschaft",
            "Bernd Osterloh",
        ),
        (
            # a participle after a comma: the subject of its clause, not the object
            "en",
            "During a speech on Monday, Trump attacked Clinton over Libya, saying, "
            '"She is trigger-happy and very unstable."',
            "trigger-happy",
            "Donald Trump",
        ),
        (
            "en",
            "Back in 1999, Mr. Trump praised Mr. Clinton's retail political skills, telling "
            'CNBC: "I wish I could be like that."',
            "I wish",
            "Donald Trump",
        ),
        # reporting gerunds, as English participles
        (
            "it",
            "Il ministro Giancarlo Giorgetti ha difeso la manovra davanti a Elly Schlein, "
            "aggiungendo: «Non ci saranno nuove tasse per le famiglie».",
            "nuove tasse",
            "Giancarlo Giorgetti",
        ),
        (
            "es",
            "El presidente Pedro Sánchez criticó a Alberto Núñez Feijóo en el Congreso, "
            "diciendo: «La oposición no tiene ningún proyecto para España».",
            "ningún proyecto",
            "Pedro Sánchez",
        ),
        (
            "pt",
            "O presidente Lula criticou Jair Bolsonaro durante o discurso, dizendo: "
            '"O país não aceita mais retrocessos na democracia".',
            "retrocessos",
            "Luiz Inácio Lula da Silva",
        ),
        (
            "bg",
            "Премиерът Николай Денков критикува Румен Радев в парламента, заявявайки: "
            "„България няма да спре помощта за Украйна“.",
            "помощта",
            "Nikolay Denkov",
        ),
    ],
)
def test_the_subject_of_the_clause_speaks(
    language: str, text: str, quoted: str, speaker: str
) -> None:
    assert analysed_speaker(text, language, quoted) == speaker
