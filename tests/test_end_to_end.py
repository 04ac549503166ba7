"""The bundled samples through the whole pipeline, checked against samples/EXPECTED.md.

One run on a temporary SQLite database; each test checks one promise of the product.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from newsweave.app import Newsweave
from newsweave.model import Article

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

EVENTS = {
    "A": [
        "en_summit_wire.txt",
        "de_summit_dpa.html",
        "fr_summit_afp.txt.gz",
        "bg_summit_bgnes.txt",
        "ru_summit.txt",
        "ar_summit.txt",
        "zh_summit.txt",
    ],
    "B": [
        "it_es_floods_feed.jsonl#1",
        "it_es_floods_feed.jsonl#2",
        "pl_floods.txt",
        "el_floods.txt",
    ],
    "C": ["uk_treaty_paris.txt", "en_treaty_paris.txt"],
}
LANGUAGES = {
    "en_summit_wire.txt": "en",
    "de_summit_dpa.html": "de",
    "fr_summit_afp.txt.gz": "fr",
    "bg_summit_bgnes.txt": "bg",
    "ru_summit.txt": "ru",
    "ar_summit.txt": "ar",
    "zh_summit.txt": "zh",
    "it_es_floods_feed.jsonl#1": "it",
    "it_es_floods_feed.jsonl#2": "es",
    "pl_floods.txt": "pl",
    "el_floods.txt": "el",
    "uk_treaty_paris.txt": "uk",
    "en_treaty_paris.txt": "en",
}
EVENT_DAYS = {"A": "2024-03-12", "B": "2024-03-16", "C": "2024-04-09"}


@pytest.fixture(scope="module")
def newsweave(tmp_path_factory: pytest.TempPathFactory) -> Newsweave:
    app = Newsweave(str(tmp_path_factory.mktemp("e2e") / "samples.db"))
    report = app.run([str(SAMPLES)])
    assert not report.errors, report.errors
    return app


@pytest.fixture(scope="module")
def by_name(newsweave: Newsweave) -> dict[str, Article]:
    # Sources are paths (with "#N" for JSONL records); the file name identifies a sample.
    return {
        Path(a.source.split("#")[0]).name
        + ("#" + a.source.split("#")[1] if "#" in a.source else ""): a
        for a in newsweave.articles()
    }


def test_every_sample_is_stored_once(by_name: dict[str, Article]) -> None:
    assert sorted(by_name) == sorted(LANGUAGES)


def test_a_second_run_stores_nothing_new(newsweave: Newsweave) -> None:
    report = newsweave.run([str(SAMPLES)])
    assert report.added == [] and len(report.duplicates) == len(LANGUAGES)


@pytest.mark.parametrize("name", sorted(LANGUAGES))
def test_language(by_name: dict[str, Article], name: str) -> None:
    assert by_name[name].language == LANGUAGES[name]


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_event_groups_its_reports_across_languages(by_name: dict[str, Article], event: str) -> None:
    ids = {by_name[name].event_id for name in EVENTS[event]}
    assert len(ids) == 1, {name: by_name[name].event_id for name in EVENTS[event]}


def test_events_stay_apart(by_name: dict[str, Article]) -> None:
    firsts = {by_name[names[0]].event_id for names in EVENTS.values()}
    assert len(firsts) == 3


def test_stories_chain_a_and_c_but_not_b(by_name: dict[str, Article]) -> None:
    story = {event: by_name[names[0]].story_id for event, names in EVENTS.items()}
    assert story["A"] == story["C"] and story["B"] != story["A"]


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_event_day_from_relative_expressions(by_name: dict[str, Article], event: str) -> None:
    days = defaultdict(list)
    for name in EVENTS[event]:
        days[str(by_name[name].event_date)].append(name)
    assert EVENT_DAYS[event] in days and len(days[EVENT_DAYS[event]]) >= len(EVENTS[event]) - 1, (
        days
    )


def test_noise_goes_and_is_kept_with_a_reason(by_name: dict[str, Article]) -> None:
    en = by_name["en_summit_wire.txt"]
    assert "Back to top" not in en.text and "Follow us on" not in en.text
    assert any(r.line.startswith("Share 12") for r in en.removed)
    bg = by_name["bg_summit_bgnes.txt"]
    assert "БГНЕС" in bg.meta.get("agency", "") or "BGNES" in bg.meta.get("agency", "")


@pytest.mark.parametrize(
    ("name", "speaker", "words"),
    [
        ("en_summit_wire.txt", "PER-emmanuel-macron", "Europe cannot wait"),
        ("en_summit_wire.txt", "PER-olaf-scholz", "first hydrogen to flow"),
        ("bg_summit_bgnes.txt", "PER-olaf-scholz", "Искаме първият водород"),
        ("ru_summit.txt", "PER-olaf-scholz", "Мы хотим"),
        ("uk_treaty_paris.txt", "PER-emmanuel-macron", "найважливіший"),
        ("ar_summit.txt", "PER-emmanuel-macron", "لا يمكن لأوروبا"),
        ("ar_summit.txt", "PER-olaf-scholz", "نريد أن يتدفق"),
        ("zh_summit.txt", "PER-emmanuel-macron", "欧洲不能等待"),
        ("zh_summit.txt", "PER-olaf-scholz", "我们希望"),
    ],
)
def test_quote_speakers(by_name: dict[str, Article], name: str, speaker: str, words: str) -> None:
    quotes = [q for q in by_name[name].quotes if words in q.text]
    assert quotes and quotes[0].speaker_id == speaker, [
        (q.text, q.speaker_id) for q in by_name[name].quotes
    ]


def test_one_entity_across_scripts(by_name: dict[str, Article]) -> None:
    scholz = {
        m.text for a in by_name.values() for m in a.mentions if m.entity_id == "PER-olaf-scholz"
    }
    assert {"Scholz", "Шолц"} <= scholz and any(s.startswith("Шольц") for s in scholz)


def test_greek_names_join_the_people_of_the_italian_report(by_name: dict[str, Article]) -> None:
    def ids(name: str, surname: str) -> set[str]:
        return {m.entity_id for m in by_name[name].mentions if surname in m.text}

    greek, italian = "el_floods.txt", "it_es_floods_feed.jsonl#1"
    assert ids(greek, "Τσίριο") == ids(italian, "Cirio") != set()
    assert ids(greek, "Μελόνι") == {"PER-giorgia-meloni"}


def test_analysts_are_nobody_named_before(by_name: dict[str, Article]) -> None:
    quotes = [q for q in by_name["uk_treaty_paris.txt"].quotes if "єдність" in q.text]
    assert all(q.speaker_id == "" for q in quotes), [(q.text, q.speaker_id) for q in quotes]


def test_search_finds_across_languages(newsweave: Newsweave) -> None:
    languages = {hit["language"] for hit in newsweave.search("Tanaro")}
    assert {"it", "es", "pl"} <= languages


def test_the_python_api_lists_events_and_stories_page_by_page(
    newsweave: Newsweave, monkeypatch: pytest.MonkeyPatch
) -> None:
    members: dict[str, set[str]] = defaultdict(set)
    story_of: dict[str, str | None] = {}
    for article in newsweave.articles():
        members[article.event_id or ""].add(article.id)
        story_of[article.event_id or ""] = article.story_id
    monkeypatch.setattr("newsweave.settings.EVENTS_READ_PAGE", 2)  # several pages of events
    views = list(newsweave.events())
    assert {v.event.id: {a.id for a in v.articles} for v in views} == members
    ranks = [(-len(v.articles), -len(v.languages), v.event.id) for v in views]
    assert ranks == sorted(ranks)  # largest and most multilingual first, across pages
    exported = {r["id"]: set(r["article_ids"]) for r in newsweave.export_records("events")}
    assert exported == members
    stories = list(newsweave.stories())
    for story, events in stories:
        assert story.event_ids == [v.event.id for v in events]
        assert {story_of[v.event.id] for v in events} == {story.id}
        assert newsweave.story(story.id) == (story, events)
    assert sorted(e for s, _ in stories for e in s.event_ids) == sorted(members)
    articles = sum(len(ids) for ids in members.values())
    assert newsweave.counts() == (articles, len(members), len({s for s in story_of.values() if s}))


def test_a_robot_check_page_is_refused_by_name_and_the_article_beside_it_is_stored(tmp_path):
    folder = tmp_path / "scraped"
    folder.mkdir()
    (folder / "blocked.txt").write_text(
        "Przepraszamy\nZ Twojego adresu przyszło bardzo wiele zapytań w krótkim czasie.\n"
        "Zaznacz pole „Nie jestem robotem”, aby przejść dalej.\nTwój adres IP: 203.0.113.9\n",
        encoding="utf-8",
    )
    (folder / "flood.txt").write_text(
        "Powódź w Kłodzku\nWoda w Nysie Kłodzkiej przekroczyła w nocy stan alarmowy o metr."
        " Straż pożarna ewakuowała mieszkańców dwóch ulic, a szkoły w mieście są zamknięte do"
        " piątku. Burmistrz zapowiedział pomoc dla poszkodowanych rodzin.\n",
        encoding="utf-8",
    )
    app = Newsweave(str(tmp_path / "walls.db"))
    report = app.run([str(folder)])
    assert [Path(a.source).name for a in app.store.articles()] == ["flood.txt"]
    (error,) = report.errors
    assert Path(error.source).name == "blocked.txt"
    assert "access wall" in error.message and "nie jestem robotem" in error.message
