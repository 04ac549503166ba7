"""The pages in a real browser: Debian's headless Chromium driven by Playwright's Python package.

The server runs in a thread on a free loopback port over a copy of the samples database.
Screenshots go to NEWSWEAVE_SCREENSHOTS if set, else to this run's pytest temporary folder.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install '.[server]'")
uvicorn = pytest.importorskip("uvicorn", reason="the server extra is not installed")
httpx = pytest.importorskip("httpx", reason="httpx is not installed")
sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright's Python package is missing: pip install playwright (.ci/run does)",
)

from newsweave.serve.api import create_app  # noqa: E402

CHROMIUM = os.environ.get("NEWSWEAVE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_SECONDS = 20.0

if not Path(CHROMIUM).exists():
    pytest.skip(
        f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)",
        allow_module_level=True,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def live_server(samples_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from sqlite3 import connect

    db = tmp_path_factory.mktemp("browser") / "live.db"
    with connect(samples_db) as src, connect(db) as dst:
        src.backup(dst)
    port = free_port()
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
            )
        except Exception as error:  # noqa: BLE001 - a broken browser install is a skip, not a failure
            pytest.skip(f"Chromium at {CHROMIUM} would not start: {error}")
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("NEWSWEAVE_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shoot(page: Any, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0


def test_front_page_to_story_to_event_with_two_languages_and_a_matched_quote(
    live_server: str, page: Any, screenshots: Path
) -> None:
    events = httpx.get(f"{live_server}/api/events", params={"language": "bg"}).json()["items"]
    event = next(e for e in events if {"bg", "en"} <= set(e["languages"]))

    page.goto(f"{live_server}/?period=all")
    shoot(page, screenshots, "front")
    page.click(f"a[href='/stories/{event['story_id']}']")
    page.wait_for_url(f"**/stories/{event['story_id']}")
    assert page.locator("svg.chart rect").count() >= 2, "the story timeline has no columns"
    shoot(page, screenshots, "story")

    page.click(f"ol.timeline-list a[href='/events/{event['id']}']")
    page.wait_for_url(f"**/events/{event['id']}")
    for language in ("bg", "en"):
        column = page.locator(f".side-by-side article[lang='{language}']")
        assert column.count() >= 1, f"no {language} article on the event page"
        assert column.first.is_visible()
    group = (
        page.locator(".quote-group")
        .filter(has=page.locator("figure.quote[lang='bg']"))
        .filter(has=page.locator("figure.quote[lang='en']"))
    )
    assert group.count() >= 1, "no quotation shown matched across Bulgarian and English"
    group.first.scroll_into_view_if_needed()
    assert group.first.is_visible()
    shoot(page, screenshots, "event")


def test_search_for_a_name_finds_articles_in_two_scripts(
    live_server: str, page: Any, screenshots: Path, shoigu_articles: list[dict[str, str]]
) -> None:
    response = httpx.post(f"{live_server}/api/articles", json=shoigu_articles, timeout=60)
    assert response.status_code in (200, 201), response.text

    page.goto(live_server)
    page.fill("#global-search", "Шойгу")
    page.press("#global-search", "Enter")
    page.wait_for_url("**/search?q=*")
    results = page.locator("li.result")
    languages = {results.nth(i).get_attribute("lang") for i in range(results.count())}
    assert {"ru", "it"} <= languages, f"found languages {languages}"
    shoot(page, screenshots, "search")


def test_script_in_an_ingested_article_never_runs(
    live_server: str, page: Any, screenshots: Path
) -> None:
    payload = {
        "url": "https://example.org/hostile-page",
        "title": "Harbour budget <script>window.__pwned = 1; document.title = 'pwned'</script>",
        "text": (
            "The harbour authority presented its budget on Thursday evening. "
            "<img src=x onerror=\"window.__pwned = 2; document.title = 'pwned'\"> "
            "Ship owners asked for lower fees and the authority promised an answer. "
            "<script>window.__pwned = 3; document.title = 'pwned'</script> "
            '<svg onload="window.__pwned = 4"></svg> A vote is planned for next month.'
        ),
    }
    response = httpx.post(f"{live_server}/api/articles", json=payload, timeout=60)
    assert response.status_code == 201, response.text
    article_id = response.json()["added"][0]
    event_id = httpx.get(f"{live_server}/api/articles/{article_id}").json()["event_id"]

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in (f"/articles/{article_id}", f"/events/{event_id}", "/search?q=harbour"):
        page.goto(f"{live_server}{path}")
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.title() != "pwned", path
        assert page.locator("img[onerror], svg[onload]").count() == 0, path
        assert "<script>" in page.inner_text("main"), f"{path}: the markup is not shown as text"
    assert not dialogs
    shoot(page, screenshots, "hostile-article")
