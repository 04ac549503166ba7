"""SQLite store: idempotent writes, atomic batches, search across scripts."""

from pathlib import Path

import pytest
from search_cases import (
    check_bounded_quote_words,
    check_bounded_search,
    check_speaker_named_as_now,
    make_article,
)

from newsweave.model import Entity
from newsweave.store import SQLiteStore


@pytest.fixture
def store(tmp_path: Path):
    s = SQLiteStore(tmp_path / "test.db")
    yield s
    s.close()


def test_same_article_twice_is_stored_once(store):
    first = make_article("Kyiv hosted a donor conference on Monday.", url="https://n.example/1")
    assert store.add_article(first) is True
    assert store.add_article(make_article("Kyiv hosted a donor conference on Monday.")) is False
    # same text with other whitespace and case is the same content
    assert store.add_article(make_article("kyiv  hosted a donor conference on monday.")) is False
    # same URL, edited text: still the same article
    assert (
        store.add_article(make_article("Kyiv hosted a donor meeting.", url="https://n.example/1"))
        is False
    )
    assert store.count_articles() == 1


def test_failed_transaction_keeps_what_was_committed(store):
    store.add_article(make_article("Las lluvias inundaron Valencia el martes."))
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add_article(
                make_article("Las autoridades abrieron albergues para los evacuados.")
            )
            raise RuntimeError("crash in the middle of a batch")
    assert store.count_articles() == 1
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_full_text_search_in_cyrillic_and_with_diacritics(store):
    store.add_article(
        make_article("Шойгу провёл встречу с генералом в Москве.", title="Встреча", language="ru")
    )
    store.add_article(
        make_article(
            "Le ministre a rencontré les députés à Genève.", title="Réunion", language="fr"
        )
    )
    assert [h["language"] for h in store.search("Шойгу")] == ["ru"]
    assert [h["language"] for h in store.search("geneve")] == ["fr"]
    assert store.search('"unbalanced') == []


def test_entities_and_state_round_trip(store):
    store.save_entities([Entity("PER-x", "Ana Costa", "PER", {"Ана Коста"}, {"ana kosta"})])
    assert store.entities()[0].variants == {"Ана Коста"}
    store.save_state("events", [{"id": "ev1"}, {"id": "ev2"}])
    store.save_state("events", [{"id": "ev3"}])
    assert store.load_state("events") == [{"id": "ev3"}]


def test_an_entity_saved_again_unchanged_is_not_rewritten_and_a_new_name_finds_it(store):
    costa = Entity("PER-x", "Ana Costa", "PER", {"Ана Коста"}, {"ana kosta"})
    store.save_entities([costa])
    before = store.db.total_changes
    store.save_entities([Entity("PER-x", "Ana Costa", "PER", {"Ана Коста"}, {"ana kosta"})])
    assert store.db.total_changes == before  # a batch re-names hundreds of known entities
    store.save_entities([Entity("PER-x", "Ana Costa", "PER", {"Ана Коста", "Άννα Κόστα"}, set())])
    assert store.find_entity("Άννα Κόστα").id == "PER-x"
    assert store.entities()[0].variants == {"Ана Коста", "Άννα Κόστα"}


def test_state_updates_touch_only_the_records_named(store):
    store.update_state("events", [{"id": "ev1", "n": 1}, {"id": "ev2", "n": 1}, {"id": "ev3"}])
    store.update_state("events", [{"id": "ev2", "n": 2}, {"id": "ev4"}], removed=["ev3"])
    # a changed record keeps its place; a new one comes last
    assert store.load_state("events") == [
        {"id": "ev1", "n": 1},
        {"id": "ev2", "n": 2},
        {"id": "ev4"},
    ]
    assert store.load_state("stories") == []


def test_a_version_1_database_keeps_its_state(tmp_path):
    import sqlite3

    from newsweave.store.sqlite import SQLiteStore

    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE state (name TEXT NOT NULL, position INTEGER NOT NULL, record TEXT NOT NULL,"
        " PRIMARY KEY (name, position));"
        "INSERT INTO state VALUES ('events', 0, '{\"id\": \"ev9\"}');"
        "INSERT INTO state VALUES ('events', 1, '{\"id\": \"ev2\"}');"
        "INSERT INTO state VALUES ('feed:x', 0, '{\"etag\": \"v1\"}');"
    )
    old.commit()
    old.close()
    store = SQLiteStore(path)
    assert store.load_state("events") == [{"id": "ev9"}, {"id": "ev2"}]
    assert store.load_state("feed:x") == [{"etag": "v1"}]
    store.update_state("events", [{"id": "ev2", "n": 1}])
    assert store.load_state("events") == [{"id": "ev9"}, {"id": "ev2", "n": 1}]
    store.close()


def test_article_by_id_prefix_and_mentions_index(store):
    article = make_article("Kyiv and Lviv prepared for the winter.")
    store.add_article(article)
    assert store.article(article.id[:8]).text == article.text
    assert store.entity_mentions("LOC-kyiv")[0]["article_id"] == article.id


def test_a_quotations_kind_survives_the_store(store) -> None:
    from newsweave.model import Quote

    text = "Le ministre a dit que la réforme attendra. « Nous tiendrons », a-t-il ajouté."
    article = make_article(text, language="fr")
    article.quotes = [
        Quote("la réforme attendra", 21, 40, "Le ministre", kind="indirect"),
        Quote("Nous tiendrons", 44, 58, "il", kind="direct"),
    ]
    with store.transaction():
        store.add_article(article)
    stored = store.article(article.id)
    assert stored is not None
    assert [q.kind for q in stored.quotes] == ["indirect", "direct"]


def test_search_is_bounded_ranked_and_paged(store, monkeypatch):
    check_bounded_search(store, monkeypatch)


def test_quotations_by_words_are_bounded(store, monkeypatch):
    check_bounded_quote_words(store, monkeypatch)


def test_a_speaker_is_listed_by_the_name_the_entity_has_now(store):
    check_speaker_named_as_now(store)


def test_quotation_alternatives_another_implies_are_dropped():
    from newsweave.store.indexed import fewest_alternatives

    names = [["europejczykami"], ["euro"], ["unia", "euro"], ["欧洲"], ["avrupa'da"], ["avrupa"]]
    assert fewest_alternatives(names) == [["欧洲"], ["euro"], ["avrupa"]]
    assert fewest_alternatives([["port", "gdańsk"], ["gdańsku"]]) == [
        ["gdańsku"],
        ["port", "gdańsk"],
    ]
