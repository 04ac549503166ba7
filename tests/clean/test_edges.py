"""Second-round rules: page edges, bylines and bios, datelines alone, galleries, extracted text."""

# ruff: noqa: E501 - the sample pages keep one paragraph per line, as scrapers write them

from __future__ import annotations

import pytest

from newsweave.clean import clean_document, clean_text
from newsweave.clean import html as html_module
from newsweave.model import Article, RawDocument
from newsweave.pipeline import refusal


def clean(text: str) -> Article:
    return clean_document(RawDocument(source="test.txt", text=text))


def reasons(article: Article) -> dict[str, str]:
    return {removed.line: removed.reason for removed in article.removed}


@pytest.mark.parametrize(
    ("trail", "headline"),
    [
        ("Startseite > Sport > Fußball", "Der Aufsteiger gewinnt das Derby in letzter Minute"),
        ("Головна → Спорт → Футбол", "Команда з Полтави вийшла до півфіналу кубка"),
        ("Inicio / Mundo / Europa", "Portugal aprueba una ley sobre alquileres turísticos"),
        ("Αρχική › Πολιτισμός", "Νέο μουσείο ανοίγει στη Θεσσαλονίκη"),
    ],
)
def test_breadcrumb_is_navigation_never_the_title(trail: str, headline: str) -> None:
    text = f"{trail}\n{headline}\nThe first paragraph of the report has enough words to be prose.\n"
    article = clean(text)
    assert article.title == headline
    assert reasons(article)[trail] == "navigation"


def test_two_part_slash_headline_is_not_a_breadcrumb() -> None:
    text = "Israel / Gaza talks resume in Cairo\nNegotiators met again on Monday for a new round of talks.\n"
    assert clean(text).title == "Israel / Gaza talks resume in Cairo"


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Tom Hale, Science Correspondent", "Tom Hale"),
        ("Von Jana Ebert", "Jana Ebert"),
        ("Автор: Павел Орлов", "Павел Орлов"),
        ("Por Lucía Ferrer | Sevilla", "Lucía Ferrer"),
    ],
)
def test_byline_leaves_the_body_for_meta(byline: str, author: str) -> None:
    text = (
        f"Harbour cranes stand still after storm damage\n{byline}\n"
        "Three of the harbour's cranes were damaged by the storm on Sunday night, the port said.\n"
        "Repairs are expected to take at least two weeks.\n"
    )
    article = clean(text)
    assert article.meta["author"] == author
    assert byline not in article.text
    assert reasons(article)[byline] == "byline"


def test_bio_that_repeats_the_bylines_name_goes() -> None:
    text = (
        "La mairie ferme deux écoles pour travaux\n"
        "Par Hélène Marchand\n"
        "La mairie a annoncé lundi la fermeture de deux écoles primaires pendant trois mois.\n"
        "Les élèves seront accueillis dans un gymnase voisin.\n"
        "Hélène Marchand est journaliste au service Société. Elle couvre l'éducation.\n"
    )
    article = clean(text)
    assert (
        reasons(article)[
            "Hélène Marchand est journaliste au service Société. Elle couvre l'éducation."
        ]
        == "author bio"
    )
    assert "Les élèves seront accueillis dans un gymnase voisin." in article.text


def test_bio_matches_an_inflected_name() -> None:
    text = (
        "Νέα γραμμή λεωφορείων στην Πάτρα\n"
        "Του Νίκου Αλεξίου\n"
        "Ο δήμος ανακοίνωσε νέα γραμμή λεωφορείων που θα συνδέει το λιμάνι με το πανεπιστήμιο.\n"
        "Τα δρομολόγια ξεκινούν τον Σεπτέμβριο.\n"
        "Ο Νίκος Αλεξίου είναι συντάκτης του τμήματος ειδήσεων και γράφει για τις μεταφορές.\n"
    )
    article = clean(text)
    assert article.meta["author"] == "Νίκου Αλεξίου"
    assert "συντάκτης" not in article.text
    assert "Τα δρομολόγια ξεκινούν τον Σεπτέμβριο." in article.text


@pytest.mark.parametrize(
    "notice",
    [
        "Мы используем файлы cookie, чтобы сайт работал лучше.",
        "Този сайт използва бисквитки, за да подобри услугите си.",
        "Ми використовуємо файли cookie для аналітики.",
        "Korzystamy z plików cookies w celach statystycznych.",
        "En poursuivant votre navigation, vous acceptez l'utilisation de cookies.",
    ],
)
def test_cookie_notices_in_several_languages(notice: str) -> None:
    text = (
        "Storm closes mountain pass\n"
        "The mountain pass was closed on Tuesday after heavy snow blocked the road near the summit.\n"
        f"{notice}\n"
    )
    assert reasons(clean(text))[notice] == "cookie notice"


def test_teasers_cut_with_an_ellipsis_after_the_body_go() -> None:
    text = (
        "Городской парк откроется после ремонта\n"
        "Реконструкция парка завершится к началу лета, сообщили в администрации города.\n"
        "Ещё по теме\n"
        "В городе построят новый бассейн...\n"
        "Мэрия объявила конкурс на ремонт дорог…\n"
    )
    why = reasons(clean(text))
    assert why["Ещё по теме"] == "related teaser"
    assert why["В городе построят новый бассейн..."] == "related teaser"
    assert why["Мэрия объявила конкурс на ремонт дорог…"] == "related teaser"


def test_popular_header_goes() -> None:
    text = (
        "Новий міст відкрили у Черкасах\n"
        "Рух мостом через Дніпро відкрили в середу після двох років будівництва.\n"
        "Популярне\n"
        "Як зміняться тарифи на воду влітку\n"
    )
    why = reasons(clean(text))
    assert why["Популярне"] == "related teaser"
    assert "Як зміняться тарифи на воду влітку" in why


@pytest.mark.parametrize(
    "line",
    [
        "Фото 2 з 9",
        "Φωτογραφίες (2/15)",
        "Photo 4 of 20",
        "WIDEO: Zobacz bramkę z ostatniej minuty",
        "Видео: обзор матча (02:45)",
    ],
)
def test_gallery_and_video_lines_go(line: str) -> None:
    text = (
        "Local team wins the cup\n"
        "The home side won the regional cup final on Saturday in front of a full stadium.\n"
        f"{line}\n"
        "Fans celebrated in the old town until late at night.\n"
    )
    article = clean(text)
    assert line not in article.text
    assert "Fans celebrated in the old town until late at night." in article.text


@pytest.mark.parametrize(
    "line", ["Temps de lecture : 4 min.", "Время чтения: 3 мин.", "6 min read"]
)
def test_reading_times_go(line: str) -> None:
    text = (
        "Le prix du pain augmente encore\n"
        f"{line}\n"
        "Les boulangers ont relevé leurs prix de dix centimes en moyenne depuis janvier.\n"
    )
    article = clean(text)
    assert reasons(article)[line] == "reading time"
    assert article.text.startswith("Les boulangers")


@pytest.mark.parametrize(
    ("line", "place", "agency"),
    [
        ("ОДЕСА, 3 травня /Укрінформ/.", "ОДЕСА", "Ukrinform"),
        ("КАЗАНЬ, 5 июля — РИА Новости.", "КАЗАНЬ", "RIA Novosti"),
    ],
)
def test_agency_dateline_alone_on_its_line_goes_to_meta(line: str, place: str, agency: str) -> None:
    text = f"Mayor opens new library\n{line}\nThe new city library opened its doors on Friday morning to the first readers.\n"
    article = clean(text)
    assert line not in article.text
    assert article.meta["dateline_place"] == place
    assert article.meta["agency"] == agency
    assert article.text.startswith("The new city library")


def test_agency_after_the_dateline_leaves_the_first_paragraph() -> None:
    text = "Mayor opens new library\nКАЗАНЬ, 5 июля — РИА Новости. В городе открылась новая библиотека.\n"
    article = clean(text)
    assert article.text == "В городе открылась новая библиотека."
    assert article.meta["agency"] == "RIA Novosti"


def test_contributors_credit_goes_to_meta_and_ends_the_article() -> None:
    text = (
        "Ferry strike ends after two days\n"
        "Ferry crews returned to work on Thursday after the union accepted a new pay offer.\n"
        "Rising fuel costs also contributed.\n"
        "Associated Press writer Mark Ellis contributed.\n"
        "Joan Pike has covered shipping for the AP since 2010. She lives in Lisbon.\n"
    )
    article = clean(text)
    assert article.meta["credit"] == "Associated Press writer Mark Ellis contributed."
    assert article.meta["agency"] == "AP"
    assert "Rising fuel costs also contributed." in article.text
    assert "Joan Pike" not in article.text


@pytest.mark.parametrize(
    "last",
    ["Piove poco da marzo.", "Дівчинку назвали Олею.", "„Wir machen weiter.“", "Segue-se a final."],
)
def test_short_final_sentence_stays(last: str) -> None:
    text = (
        "Water rationing begins in the south\n"
        "The regional government declared a water emergency and began rationing in forty towns.\n"
        f"{last}\n"
        "Most read\n"
    )
    article = clean(text)
    assert last in article.text
    assert "Most read" not in article.text


def test_navigation_phrase_only_as_a_whole_line() -> None:
    text = (
        "Preise steigen weiter\n"
        "Die Verbraucherpreise sind im März erneut gestiegen, meldete das Statistikamt.\n"
        "Nach oben gingen zuletzt vor allem die Mieten.\n"
        "Nach oben\n"
    )
    article = clean(text)
    assert "Nach oben gingen zuletzt vor allem die Mieten." in article.text
    assert reasons(article)["Nach oben"] == "navigation"


def test_lowercase_weekday_date_is_not_joined_to_the_title() -> None:
    text = "Most w Gdańsku otwarty\nwtorek, 4 czerwca 2024, 10:15\nNowy most otwarto we wtorek po dwóch latach budowy.\n"
    article = clean(text)
    assert article.title == "Most w Gdańsku otwarty"
    assert article.meta["page_date"] == "wtorek, 4 czerwca 2024, 10:15"


EXTRACTED = """Preheat the oven to 200 degrees and grease a large baking tin with butter.
Step 1
Mix the flour, sugar and salt.
Step 2
Add 3 eggs
Results
| 1 | Anna Berg | 12.31 |
| 2 | Tom Lind | 12.54 |
Meal 1
Meal 2
— City Museum (@citymuseum) May 4, 2024
Tour dates: Berlin, Hamburg, Munich, Cologne
Bake for forty minutes and let the cake cool before serving it.
Share this article
"""


def test_extracted_text_keeps_inner_lists_tables_and_embeds() -> None:
    cleaned = clean_text(EXTRACTED, "Lemon cake", extracted=True)
    body = "\n".join(cleaned.paragraphs)
    for line in (
        "Step 1",
        "Add 3 eggs",
        "| 1 | Anna Berg | 12.31 |",
        "Meal 1",
        "— City Museum (@citymuseum) May 4, 2024",
        "Tour dates: Berlin, Hamburg, Munich, Cologne",
    ):
        assert line in body, line
    assert "Share this article" not in body


def test_extracted_text_drops_trailing_bio_of_the_pages_author() -> None:
    text = (
        "Three new tram lines open in the city on Monday, the transport authority said.\n"
        "Fares stay the same until the end of the year.\n"
        "Ruth Adler covers transport and urban planning for the paper.\n"
    )
    with_author = clean_text(text, "Trams", extracted=True, author="Ruth Adler")
    without = clean_text(text, "Trams", extracted=True)
    assert "Ruth Adler covers" not in "\n".join(with_author.paragraphs)
    assert "Fares stay the same until the end of the year." in with_author.paragraphs
    assert "Ruth Adler covers transport and urban planning for the paper." in without.paragraphs


def test_short_precise_extraction_falls_back_to_recall(monkeypatch: pytest.MonkeyPatch) -> None:
    teaser = "Subscribe to read the rest of this story."
    article = "The full story. " * 200

    def fake(
        html: str,
        url: str | None,
        favor_precision: bool,
        favor_recall: bool = False,
        fast: bool = False,
    ) -> dict:
        return {"text": article if favor_recall else teaser, "title": "T"}

    monkeypatch.setattr(html_module, "_bare_extraction", fake)
    monkeypatch.setattr(html_module, "html_dates", lambda html, url: {})
    assert html_module.extract_html("<html></html>").text == article


def test_recall_extraction_not_taken_when_only_slightly_longer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    precise = "A short but complete report of a council vote. " * 8
    noisy = precise + "Most read. More stories. Sign up."

    def fake(
        html: str,
        url: str | None,
        favor_precision: bool,
        favor_recall: bool = False,
        fast: bool = False,
    ) -> dict:
        return {"text": noisy if favor_recall else precise, "title": "T"}

    monkeypatch.setattr(html_module, "_bare_extraction", fake)
    monkeypatch.setattr(html_module, "html_dates", lambda html, url: {})
    assert html_module.extract_html("<html></html>").text == precise


@pytest.mark.parametrize(
    ("page", "phrase"),
    [
        (
            "Just a moment…\nOur systems have detected unusual traffic from your computer network."
            "\nPlease confirm that you are a person: tick the box below.\nI'm not a robot",
            "unusual traffic from your computer",
        ),
        (
            "Zugriff auf diese Seite vorübergehend gesperrt\nVon Ihrer Verbindung kamen in kurzer"
            " Zeit sehr viele Anfragen.\nBitte bestätigen Sie, dass Sie kein Roboter sind.\n"
            "Ihre IP-Adresse: 198.51.100.7",
            "kein roboter sind",
        ),
        (
            "Доступ к сайту ограничен\nС вашего адреса поступило слишком много запросов.\n"
            "Поставьте галочку «Я не робот», чтобы продолжить.",
            "я не робот",
        ),
        (
            "Lo sentimos\nPara seguir leyendo, habilita JavaScript en tu navegador y vuelve a"
            " cargar la página.",
            "habilita javascript",
        ),
    ],
)
def test_a_short_page_that_is_a_robot_check_is_an_access_wall(page: str, phrase: str) -> None:
    article = clean_document(RawDocument(source="wall.txt", text=page))
    assert article.meta["access_wall"] == phrase
    assert phrase in refusal(article, None)


def test_an_article_that_ends_with_a_robot_check_or_quotes_one_is_no_wall() -> None:
    body = (
        "Dockworkers in Rotterdam stopped work for six hours on Monday over plans to bring"
        " self-driving cranes to the container terminal. The union says the robots would"
        " replace a third of the crane drivers within five years; the port authority says"
        " no job will go before 2030 and that drivers will be retrained as remote operators."
        " Talks resume on Thursday in the presence of a mediator named by the city council. "
    )
    footer = "Please enable JavaScript to see the comments. I am not a robot"
    long_page = clean_document(
        RawDocument(source="a.txt", text=f"Strike at the port\n{body * 3}\n{footer}")
    )
    quoted = "\u201cI am not a robot,\u201d one of the crane drivers told reporters at the gate."
    brief = clean_document(
        RawDocument(source="b.txt", text=f"Robots at the port\n{body}\n{quoted}")
    )
    assert "access_wall" not in long_page.meta and not refusal(long_page, None)
    assert "access_wall" not in brief.meta and not refusal(brief, None)
