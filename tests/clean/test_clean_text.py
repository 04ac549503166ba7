"""The line cleaner on scraped-looking texts written for these tests, in many languages."""

# ruff: noqa: E501 - the sample pages keep one paragraph per line, as scrapers write them

from __future__ import annotations

from newsweave.clean import clean_document
from newsweave.model import Article, RawDocument


def clean(text: str, title: str | None = None) -> Article:
    return clean_document(RawDocument(source="test.txt", text=text, title=title))


def reasons(article: Article) -> dict[str, str]:
    return {removed.line: removed.reason for removed in article.removed}


EN = """City council approves new tram line to the harbour
City council approves new tram line to the harbour
May 3, 2024, 9:12 AM
By Jane Porter, Staff writer
Share 8 | Tweet | Email

The city council voted 31 to 9 on Thursday to build a tram line linking the central station with the harbour district, ending a debate that lasted almost a decade.

Construction is due to start next spring. The line will have eleven stops.

"This is the biggest transport decision of our generation," the mayor said.

Follow us on Facebook for local news

RELATED STORIES
Harbour ferry fares to rise in June
Harbour ferry fares to rise in June

Tags: tram, council, harbour, transport, city, local news
Back to top
"""

DE = """Hochwasser an der Mosel: Altstadt von Cochem gesperrt
12.02.2024, 07:30 Uhr
Teilen: Facebook | WhatsApp | E-Mail

COCHEM (dpa) - Nach tagelangem Regen ist die Mosel in Cochem über die Ufer getreten. Die Feuerwehr sperrte in der Nacht die Altstadt.

Der Pegel soll am Mittwoch seinen Höchststand erreichen, teilte das Landesamt mit.

Anzeige
Abonnieren Sie unseren Newsletter und bleiben Sie informiert.

Mehr zum Thema
Rhein-Pegel steigt weiter
Kommentare (2)
"""

RU = """В Казани открыли новый мост через Казанку
Подписывайтесь на наш канал в Telegram
14 июня 2024, 10:05

КАЗАНЬ (ТАСС) – Движение по новому мосту через реку Казанку открыли в пятницу утром. Длина моста составляет почти километр.

Строительство заняло три года, сообщили в мэрии города.

Читайте также:
Сильный ливень затопил улицы Казани
Сильный ливень затопил улицы Казани

Теги: Казань, мост, транспорт, новости, город
Комментарии (3)
"""

BG = """Нов парк отваря врати в центъра на Пловдив
5 юни 2024 | 11:20
Нов парк отваря врати в центъра на Пловдив
Прочетена 312 пъти | Коментари (0)

Новият градски парк в Пловдив ще бъде открит в събота, съобщиха от общината. В парка са засадени над 400 дървета.

Кметът заяви, че това е най-голямата зелена площ, създадена в града от десетилетия.

Последвайте ни в Telegram и Viber!

Етикети: Пловдив, парк, община, дървета, град
"""

IT = """Sciopero dei treni, disagi in tutta la Lombardia
Condividi su WhatsApp | Condividi su Facebook

ROMA, 12 marzo (ANSA) - Lo sciopero nazionale dei ferrovieri ha causato la cancellazione di centinaia di treni regionali.

«Siamo rimasti fermi due ore», racconta una pendolare.

Leggi anche
Bus sostitutivi a Milano
Bus sostitutivi a Milano

© Riproduzione riservata
"""

PT = """Governo anuncia novo plano para as escolas
Junte-se a nós no Telegram
O ministro da Educação apresentou nesta terça-feira um plano para renovar duzentas escolas até 2027.
O investimento total será de 300 milhões de euros, segundo o governo.
Leia também
Professores marcam greve para maio
"""

PL = """Nowy most na Wiśle gotowy przed terminem
piątek, 7 czerwca 2024, 09:10
Udostępnij (4) | Komentarze (12)

Budowa mostu zakończyła się dwa miesiące przed terminem. Pierwsze samochody przejadą po nim w poniedziałek.

„To dobry dzień dla miasta” – powiedział prezydent miasta.

Obserwuj nas na Facebooku!

Czytaj także:
Remont dworca potrwa do jesieni
Remont dworca potrwa do jesieni

Tagi: most Wisła budowa miasto drogi
"""

FR = """Le musée rouvre ses portes après deux ans de travaux
Publié le 4 avril 2024 à 10h15
Partager sur Facebook | Partager sur X

Le musée des Beaux-Arts rouvre ce samedi après deux ans de rénovation. Les collections ont été entièrement réaccrochées.

« Nous avons voulu rendre le musée plus lumineux », explique sa directrice.

© AFP

Lire aussi :
Les musées gratuits le premier dimanche du mois
Les musées gratuits le premier dimanche du mois
"""


def test_english_noise_goes_and_body_stays() -> None:
    article = clean(EN)
    assert article.title == "City council approves new tram line to the harbour"
    why = reasons(article)
    assert why["City council approves new tram line to the harbour"] == "repeated title"
    assert why["Share 8 | Tweet | Email"] == "counter"
    assert why["Follow us on Facebook for local news"] == "social call to action"
    assert why["Harbour ferry fares to rise in June"] == "related teaser"
    assert why["Tags: tram, council, harbour, transport, city, local news"] == "keyword spam"
    assert why["Back to top"] == "navigation"
    assert "The line will have eleven stops." in article.text
    assert '"This is the biggest transport decision' in article.text


def test_english_byline_goes_to_meta_author() -> None:
    # A byline is metadata like the title: it names the author and leaves the body.
    article = clean(EN)
    assert article.meta["author"] == "Jane Porter"
    assert reasons(article)["By Jane Porter, Staff writer"] == "byline"
    assert article.text.startswith("The city council voted")
    assert article.meta["page_date"] == "May 3, 2024, 9:12 AM"


def test_german_dateline_goes_to_meta() -> None:
    article = clean(DE)
    assert article.meta["dateline"] == "COCHEM (dpa)"
    assert article.meta["dateline_place"] == "COCHEM"
    assert article.meta["agency"] == "dpa"
    assert article.text.startswith("Nach tagelangem Regen")


def test_german_furniture() -> None:
    why = reasons(clean(DE))
    assert why["Anzeige"] == "advertisement"
    assert (
        why["Abonnieren Sie unseren Newsletter und bleiben Sie informiert."] == "subscribe prompt"
    )
    assert why["Kommentare (2)"] == "counter"
    assert why["12.02.2024, 07:30 Uhr"] == "page date"
    assert why["Rhein-Pegel steigt weiter"] == "related teaser"


def test_russian_tass_dateline_and_tail() -> None:
    article = clean(RU)
    assert article.meta["dateline"] == "КАЗАНЬ (ТАСС)"
    assert article.meta["agency"] == "TASS"
    why = reasons(article)
    assert why["Подписывайтесь на наш канал в Telegram"] == "social call to action"
    assert why["Сильный ливень затопил улицы Казани"] == "related teaser"
    assert why["Комментарии (3)"] == "counter"
    assert "Строительство заняло три года, сообщили в мэрии города." in article.text


def test_bulgarian_counters_and_repeated_title() -> None:
    article = clean(BG)
    why = reasons(article)
    assert why["Нов парк отваря врати в центъра на Пловдив"] == "repeated title"
    assert why["Прочетена 312 пъти | Коментари (0)"] == "counter"
    assert why["Последвайте ни в Telegram и Viber!"] == "social call to action"
    assert article.meta["page_date"] == "5 юни 2024 | 11:20"
    assert "Кметът заяви" in article.text


def test_italian_ansa_dateline_with_date() -> None:
    article = clean(IT)
    assert article.meta["dateline"] == "ROMA, 12 marzo (ANSA)"
    assert article.meta["dateline_place"] == "ROMA"
    assert article.meta["agency"] == "ANSA"
    assert article.text.startswith("Lo sciopero nazionale")
    assert "«Siamo rimasti fermi due ore», racconta una pendolare." in article.text
    assert reasons(article)["© Riproduzione riservata"] == "copyright"


def test_portuguese_call_to_action_inside_unbroken_text() -> None:
    article = clean(PT)
    why = reasons(article)
    assert why["Junte-se a nós no Telegram"] == "social call to action"
    assert why["Professores marcam greve para maio"] == "related teaser"
    assert "segundo o governo." in article.text


def test_polish_counters_tags_and_quote_line() -> None:
    article = clean(PL)
    why = reasons(article)
    assert why["Udostępnij (4) | Komentarze (12)"] == "counter"
    assert why["Tagi: most Wisła budowa miasto drogi"] == "keyword spam"
    assert "„To dobry dzień dla miasta” – powiedział prezydent miasta." in article.text


def test_french_agency_copyright_line() -> None:
    article = clean(FR)
    assert reasons(article)["© AFP"] == "agency credit"
    assert article.meta["agency"] == "AFP"
    assert article.meta["page_date"] == "Publié le 4 avril 2024 à 10h15"


def test_given_title_removes_its_copy_from_the_body() -> None:
    text = "Tram strike ends\nThe tram strike ended on Monday after a pay deal was signed."
    article = clean(text, title="Tram strike ends")
    assert article.title == "Tram strike ends"
    assert reasons(article)["Tram strike ends"] == "repeated title"
    assert article.text == "The tram strike ended on Monday after a pay deal was signed."


def test_site_name_split_from_title() -> None:
    text = (
        "Storm closes ports in the north - Coastal Herald\n"
        "Storm closes ports in the north\n"
        "All ferries stayed in port on Sunday as winds reached 120 km/h along the coast."
    )
    article = clean(text)
    assert article.title == "Storm closes ports in the north"
    assert article.meta["site"] == "Coastal Herald"


def test_short_real_paragraphs_stay() -> None:
    text = (
        "Minister resigns\n"
        "The minister resigned on Friday.\n"
        "He gave no reason.\n"
        "Nobody was surprised.\n"
        "Elections are due in May, and the party must now choose a new candidate quickly."
    )
    article = clean(text)
    assert article.removed == []
    assert "He gave no reason." in article.text
    assert "Nobody was surprised." in article.text


def test_generated_bio_spam() -> None:
    text = (
        "Ferry service resumes\n"
        "The ferry service to the islands resumed on Monday after a week of storms.\n"
        "“Coffee lover. Music nerd. Bacon expert. Avid reader. Gamer.”"
    )
    assert reasons(clean(text))[
        "“Coffee lover. Music nerd. Bacon expert. Avid reader. Gamer.”"
    ] == ("author bio")


def test_id_and_hash_follow_the_clean_text() -> None:
    article = clean(EN)
    assert article.id == article.content_hash[:16]
    assert article.raw == EN
    assert clean(EN + "\nComments (9)\n").content_hash == article.content_hash
