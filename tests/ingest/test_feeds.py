"""Feeds against a local HTTP server on 127.0.0.1: conditional GET, retries, timeouts, caps,
and loopback refused unless allowed (every test that fetches allows it explicitly)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsweave.app import Newsweave
from newsweave.ingest.feeds import (
    FetchError,
    FetchPolicy,
    fetch,
    is_public_address,
    parse_feed,
    poll_feeds,
)
from newsweave.pipeline import Pipeline

ARTICLE_EN = (
    "The regional parliament voted on Thursday to extend the night train service to the coast. "
    "Supporters said the line would cut car traffic, while opponents questioned the cost."
)
ARTICLE_PT = (
    "O governo anunciou na quarta-feira um novo programa de apoio aos agricultores afetados "
    "pela seca. Segundo o ministro, as primeiras ajudas chegam no próximo mês."
)
ARTICLE_RU = (
    "Городские власти объявили в понедельник о ремонте главной набережной. "
    "Работы продлятся до конца осени, сообщили в мэрии."
)


def rss(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Test Wire</title><link>{base}/</link>
<item><title>Night trains to the coast</title><link>{base}/a/night-trains</link>
<pubDate>Thu, 07 Mar 2024 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>{ARTICLE_EN}</p>]]></content:encoded></item>
<item><title>Apoio aos agricultores</title><link>{base}/a/agricultores</link>
<pubDate>Wed, 06 Mar 2024 09:00:00 GMT</pubDate><description>Teaser only.</description></item>
</channel></rss>""".encode()


def atom(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Ремонт набережной</title><link rel="alternate" href="{base}/a/naberezhnaya"/>
<id>urn:x:1</id><published>2024-03-04T08:00:00Z</published>
<content type="html">&lt;p&gt;{ARTICLE_RU}&lt;/p&gt;</content></entry>
</feed>""".encode()


class Server:
    """A tiny scripted server: respond() maps a request path to (status, headers, body)."""

    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.request_headers: list[dict[str, str]] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                path = self.path
                server.hits[path] = server.hits.get(path, 0) + 1
                server.request_headers.append(dict(self.headers))
                status, headers, body = server.respond(path, self)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def respond(self, path: str, request: BaseHTTPRequestHandler) -> tuple[int, dict, bytes]:
        if path == "/rss":
            if request.headers.get("If-None-Match") == '"rss-v1"':
                return 304, {"ETag": '"rss-v1"'}, b""
            return 200, {"Content-Type": "application/rss+xml", "ETag": '"rss-v1"'}, rss(self.base)
        if path == "/atom":
            stamp = "Mon, 04 Mar 2024 08:00:00 GMT"
            if request.headers.get("If-Modified-Since") == stamp:
                return 304, {}, b""
            return (
                200,
                {"Content-Type": "application/atom+xml", "Last-Modified": stamp},
                atom(self.base),
            )
        if path == "/a/agricultores":
            page = "<html><head><title>Apoio</title></head><body><article><h1>Apoio aos "
            page += f"agricultores</h1><p>{ARTICLE_PT}</p></article></body></html>"
            return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()
        if path == "/flaky":
            if self.hits[path] <= 2:
                return 503, {"Retry-After": "0"}, b"busy"
            return 200, {"Content-Type": "text/plain"}, b"finally"
        if path == "/down":
            return 503, {}, b"down"
        if path == "/hang":
            time.sleep(3)
            return 200, {}, b"too late"
        if path == "/huge":
            return 200, {"Content-Type": "text/html"}, b"<p>x</p>" * 20_000
        if path == "/gone":
            return 404, {}, b"not here"
        return 404, {}, b""

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    with Server() as running:
        yield running


LOCAL = FetchPolicy(timeout=1.0, deadline=5.0, retries=2, backoff=0.01, allow_private=True)


def test_rss_and_atom_entries_are_stored_with_title_url_and_date(server: Server, tmp_path):
    nw = Newsweave(str(tmp_path / "feeds.db"))
    urls = [f"{server.base}/rss", f"{server.base}/atom"]
    report = poll_feeds(urls, nw.store, Pipeline(nw.store).add, LOCAL)
    assert report.errors == []
    assert len(report.added) == 3
    by_url = {a.url: a for a in nw.articles()}
    night = by_url[f"{server.base}/a/night-trains"]
    assert night.title == "Night trains to the coast"
    assert "night train service" in night.text
    assert str(night.published) == "2024-03-07"
    # the RSS entry with only a teaser had its page fetched, under the same rules
    assert server.hits["/a/agricultores"] == 1
    assert "agricultores afetados" in by_url[f"{server.base}/a/agricultores"].text
    assert "набережной" in by_url[f"{server.base}/a/naberezhnaya"].text
    assert nw.store.load_state(f"feed:{server.base}/rss")[0]["etag"] == '"rss-v1"'


def test_conditional_get_sends_validators_and_a_304_adds_nothing(server: Server, tmp_path):
    nw = Newsweave(str(tmp_path / "feeds.db"))
    urls = [f"{server.base}/rss", f"{server.base}/atom"]
    poll_feeds(urls, nw.store, Pipeline(nw.store).add, LOCAL)
    count = nw.store.count_articles()
    again = poll_feeds(urls, nw.store, Pipeline(nw.store).add, LOCAL)
    assert sorted(again.unchanged) == sorted(urls)
    assert again.added == [] and again.errors == []
    assert nw.store.count_articles() == count
    last_two = server.request_headers[-2:]
    assert any(h.get("If-None-Match") == '"rss-v1"' for h in last_two)
    assert any(h.get("If-Modified-Since") for h in last_two)


def test_entries_already_stored_are_not_fetched_again(server: Server, tmp_path):
    nw = Newsweave(str(tmp_path / "feeds.db"))
    poll_feeds([f"{server.base}/rss"], nw.store, Pipeline(nw.store).add, LOCAL)
    nw.store.save_state(f"feed:{server.base}/rss", [])  # forget the ETag: a full refetch
    again = poll_feeds([f"{server.base}/rss"], nw.store, Pipeline(nw.store).add, LOCAL)
    assert again.added == [] and len(again.duplicates) == 2
    assert server.hits["/a/agricultores"] == 1


def test_503_is_retried_with_backoff_then_succeeds(server: Server):
    waits: list[float] = []
    response = fetch(f"{server.base}/flaky", LOCAL, sleep=waits.append)
    assert response.body == b"finally"
    assert server.hits["/flaky"] == 3
    assert waits == [0.01, 0.02]


def test_retries_give_up_with_a_clear_error(server: Server):
    with pytest.raises(FetchError, match="HTTP 503 after 3 attempt"):
        fetch(f"{server.base}/down", LOCAL, sleep=lambda _: None)


def test_a_hanging_endpoint_times_out(server: Server):
    policy = FetchPolicy(timeout=0.3, retries=0, allow_private=True)
    started = time.monotonic()
    with pytest.raises(FetchError, match="no answer within 0.3 s"):
        fetch(f"{server.base}/hang", policy)
    assert time.monotonic() - started < 2.5


def test_a_response_over_the_size_cap_is_refused(server: Server):
    policy = FetchPolicy(max_bytes=50_000, retries=0, allow_private=True)
    with pytest.raises(FetchError, match="over the 50,000-byte cap"):
        fetch(f"{server.base}/huge", policy)


def test_loopback_is_refused_by_default(server: Server):
    with pytest.raises(FetchError, match="loopback or link-local.*refused"):
        fetch(f"{server.base}/rss", FetchPolicy(retries=0))
    assert server.hits == {}


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.10",
        "172.16.5.4",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "fd00::1",
    ],
)
def test_private_addresses_are_not_public(address: str):
    assert not is_public_address(address)


def test_public_addresses_are_public():
    assert is_public_address("93.184.216.34") and is_public_address("2606:4700::1111")


def test_a_dead_feed_reports_an_error_and_loses_nothing(server: Server, tmp_path):
    nw = Newsweave(str(tmp_path / "feeds.db"))
    poll_feeds([f"{server.base}/rss"], nw.store, Pipeline(nw.store).add, LOCAL)
    stored = nw.store.count_articles()
    dead = "http://127.0.0.1:9/feed"  # the discard port: nothing listens
    report = poll_feeds(
        [dead, f"{server.base}/gone", f"{server.base}/rss"],
        nw.store,
        Pipeline(nw.store).add,
        FetchPolicy(timeout=0.5, retries=1, backoff=0.01, allow_private=True),
    )
    messages = {e.source: e.message for e in report.errors}
    assert "connection failed" in messages[dead]
    assert "HTTP 404" in messages[f"{server.base}/gone"]
    assert nw.store.count_articles() == stored
    assert {e["source"] for e in nw.store.errors()} >= {dead, f"{server.base}/gone"}


def test_parse_feed_refuses_html_and_does_not_expand_entities():
    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        parse_feed(b"<html><body><p>A page, not a feed.</p></body></html>")
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<rss><channel><item><title>&b;</title><description>x</description></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(laughs)
    assert len(feed.entries) == 1
    assert "aaaaaaaaaaaaaaaaaaaa" not in (feed.entries[0].title or "")


def test_watch_command_polls_once(server: Server, tmp_path):
    import subprocess
    import sys

    db = tmp_path / "watch.db"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsweave",
            "watch",
            f"{server.base}/atom",
            "--db",
            str(db),
            "--once",
            "--allow-private",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "added 1" in done.stderr
    assert Newsweave(str(db)).store.count_articles() == 1
