"""RSS feeds served on 127.0.0.1 for `newsweave watch`, for the crash test and bench/soak.py.

The caller adds entries while a watcher polls: each request renders the feed as it is now,
with its full text in content:encoded (no article page to fetch), so a poll finds what was
added since the last one. Nothing leaves the machine.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class FeedItem:
    title: str
    text: str
    link: str


class LoopbackFeeds:
    """Feeds by name at http://127.0.0.1:PORT/NAME.xml, growing as `add` is called."""

    def __init__(self) -> None:
        self._items: dict[str, list[FeedItem]] = {}
        self._lock = threading.Lock()
        self.requests = 0
        feeds = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                name = self.path.strip("/").removesuffix(".xml")
                body = feeds.render(name)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:  # quiet: the test reads no log
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}.xml"

    def add(self, name: str, title: str, text: str) -> FeedItem:
        """A new entry on top of the feed; its link is unique, as a real article's is."""
        with self._lock:
            items = self._items.setdefault(name, [])
            item = FeedItem(title, text, f"http://127.0.0.1:{self.port}/{name}/{len(items) + 1}")
            items.append(item)
        return item

    def links(self, name: str) -> list[str]:
        with self._lock:
            return [item.link for item in self._items.get(name, [])]

    def render(self, name: str) -> bytes | None:
        with self._lock:
            self.requests += 1
            if name not in self._items:
                return None
            items = list(reversed(self._items[name]))  # newest first, as feeds are
        now = format_datetime(datetime.now(UTC))
        entries = "".join(
            f"<item><title>{escape(item.title)}</title><link>{escape(item.link)}</link>"
            f"<guid>{escape(item.link)}</guid><pubDate>{now}</pubDate>"
            f"<content:encoded>{escape(item.text)}</content:encoded></item>"
            for item in items
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>{escape(name)}</title><link>http://127.0.0.1:{self.port}/</link>"
            f"{entries}</channel></rss>"
        ).encode()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
