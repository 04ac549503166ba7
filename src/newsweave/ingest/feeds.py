"""Fetch RSS and Atom feeds into RawDocuments, as a careful client of the open web.

Every request has a timeout and a deadline, retries transient failures with exponential
backoff, reads at most a capped number of bytes, sends the feed's last ETag/Last-Modified
so an unchanged feed costs one 304, and connects only to the addresses it checked: a name
that resolves to a private, loopback or link-local address is refused unless the user allows
it (a feed URL must not reach into the machine's own network).

feedparser and httpx are not installed in this environment, so HTTP is http.client (which
also lets us connect to exactly the address we vetted) and feeds are parsed with lxml,
entities off, network off.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

from lxml import etree

from newsweave import settings
from newsweave.ingest.read import InputError, read_bytes
from newsweave.ingest.repair import repair_encoding
from newsweave.model import RawDocument

USER_AGENT = "newsweave/0.1 (+feed reader)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
HTML_TYPES = ("text/html", "application/xhtml")


class FetchError(Exception):
    """A URL that could not be fetched, with the reason in words a user can act on."""


class TransientFetchError(FetchError):
    """A failure that may clear by itself (timeout, reset, DNS hiccup): worth a retry."""


@dataclass(frozen=True)
class FetchPolicy:
    """The limits every request runs under; the defaults are safe for the open web."""

    timeout: float = settings.FEED_TIMEOUT_SECONDS
    deadline: float = settings.FEED_DEADLINE_SECONDS
    retries: int = settings.FEED_RETRIES
    backoff: float = settings.FEED_BACKOFF_SECONDS
    max_bytes: int = settings.FEED_MAX_BYTES
    allow_private: bool = False


@dataclass
class Response:
    """A fetched resource: status 304 means unchanged, with an empty body."""

    url: str
    status: int
    body: bytes
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    retry_after: float = 0.0  # seconds a 429/503 asked us to wait


@dataclass
class FeedEntry:
    """One item of a feed, before it becomes a RawDocument."""

    title: str | None
    url: str | None
    published: str | None
    content: str | None  # full content (content:encoded, atom:content)
    summary: str | None  # description or summary: a teaser, sometimes the whole article


@dataclass
class Feed:
    title: str | None
    entries: list[FeedEntry]


# -- HTTP ---------------------------------------------------------------------------------------


def fetch(
    url: str,
    policy: FetchPolicy,
    etag: str | None = None,
    last_modified: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Response:
    """GET a URL under the policy: retries with backoff, redirects re-checked, conditional."""
    attempt = 0
    while True:
        try:
            response = _fetch_following_redirects(url, policy, etag, last_modified)
        except FetchError as error:
            if not isinstance(error, TransientFetchError) or attempt >= policy.retries:
                raise
            wait = policy.backoff * 2**attempt
        else:
            if response.status not in RETRY_STATUSES:
                return response
            if attempt >= policy.retries:
                raise FetchError(f"{url}: HTTP {response.status} after {attempt + 1} attempt(s)")
            wait = max(policy.backoff * 2**attempt, response.retry_after)
        sleep(min(wait, settings.FEED_BACKOFF_MAX_SECONDS))
        attempt += 1


def _fetch_following_redirects(
    url: str, policy: FetchPolicy, etag: str | None, last_modified: str | None
) -> Response:
    for _ in range(settings.FEED_MAX_REDIRECTS + 1):
        response, location = _fetch_once(url, policy, etag, last_modified)
        if location is None:
            return response
        url = urljoin(url, location)
    raise FetchError(f"{url}: more than {settings.FEED_MAX_REDIRECTS} redirects")


def _fetch_once(
    url: str, policy: FetchPolicy, etag: str | None, last_modified: str | None
) -> tuple[Response, str | None]:
    """One request; returns the response and the redirect target, if any."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    host = parts.hostname
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = vetted_address(host, port, policy.allow_private)
    connection_type = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = connection_type(host, port, address, policy.timeout)
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, identity", "Accept": "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    started = time.monotonic()
    try:
        connection.request("GET", path, headers=headers)
        reply = connection.getresponse()
        if reply.status in REDIRECT_STATUSES and reply.getheader("Location"):
            return Response(url, reply.status, b""), reply.getheader("Location")
        body = b""
        if reply.status != 304 and reply.status not in RETRY_STATUSES:
            body = _read_capped(reply, url, policy, started)
    except ssl.SSLError as error:
        raise FetchError(f"{url}: TLS failed: {error}") from None
    except TimeoutError:
        raise TransientFetchError(f"{url}: no answer within {policy.timeout:g} s") from None
    except (OSError, http.client.HTTPException) as error:
        raise TransientFetchError(f"{url}: connection failed: {error}") from None
    finally:
        connection.close()
    if reply.status >= 400 and reply.status not in RETRY_STATUSES:
        raise FetchError(f"{url}: HTTP {reply.status} {reply.reason}".rstrip())
    response = Response(
        url=url,
        status=reply.status,
        body=body,
        content_type=(reply.getheader("Content-Type") or "").lower(),
        etag=reply.getheader("ETag"),
        last_modified=reply.getheader("Last-Modified"),
        retry_after=_seconds(reply.getheader("Retry-After")),
    )
    return response, None


def _read_capped(
    reply: http.client.HTTPResponse, url: str, policy: FetchPolicy, started: float
) -> bytes:
    """The body, refused past max_bytes (declared or read) or past the deadline."""
    declared = reply.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchError(
            f"{url}: response is {int(declared):,} bytes, over the {policy.max_bytes:,}-byte cap"
        )
    chunks: list[bytes] = []
    size = 0
    while chunk := reply.read1(65536):
        size += len(chunk)
        if size > policy.max_bytes:
            raise FetchError(f"{url}: response is over the {policy.max_bytes:,}-byte cap")
        if time.monotonic() - started > policy.deadline:
            raise TransientFetchError(f"{url}: response took over {policy.deadline:g} s")
        chunks.append(chunk)
    body = b"".join(chunks)
    if (reply.getheader("Content-Encoding") or "").lower() == "gzip":
        body = _gunzip_capped(body, url, policy.max_bytes)
    return body


def _gunzip_capped(body: bytes, url: str, limit: int) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error as error:
        raise FetchError(f"{url}: corrupt gzip body: {error}") from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise FetchError(f"{url}: gzip body inflates past the {limit:,}-byte cap")
    return out


def _seconds(value: str | None) -> float:
    # Retry-After may also be an HTTP date; the backoff covers that case
    return float(value) if value and value.isdigit() else 0.0


def vetted_address(host: str, port: int, allow_private: bool) -> str:
    """The address to connect to, checked after DNS resolution so a public-looking name
    cannot lead into the local network; refuses when every address is off limits."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise TransientFetchError(f"{host}: name does not resolve: {error}") from None
    refused = []
    for info in infos:
        address = str(info[4][0])
        if allow_private or is_public_address(address):
            return address
        refused.append(address)
    raise FetchError(
        f"{host} resolves to a private, loopback or link-local address ({', '.join(refused)}); "
        "refused (allow it explicitly to fetch from your own network)"
    )


def is_public_address(address: str) -> bool:
    """False for loopback, private, link-local, multicast, reserved and unspecified addresses."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the vetted address while the Host header keeps the name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


# -- feeds --------------------------------------------------------------------------------------


def parse_feed(data: bytes) -> Feed:
    """RSS 0.9x/1.0/2.0 or Atom into entries; refuses what is not a feed.

    Matching on local names reads every RSS flavour and Atom alike; entities are never
    expanded and nothing is fetched, so a feed cannot smuggle a billion laughs or a file.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, recover=True, huge_tree=False, load_dtd=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise FetchError(f"not a feed: {error}") from None
    if root is None or _local(root) not in ("rss", "RDF", "feed"):
        raise FetchError("not an RSS or Atom feed")
    channel = next((el for el in root.iter() if _local(el) == "channel"), root)
    title = _child_text(channel, "title")
    entries = [
        _entry(item)
        for item in root.iter()
        if isinstance(item.tag, str) and _local(item) in ("item", "entry")
    ]
    return Feed(title=title, entries=entries[: settings.FEED_MAX_ENTRIES])


def _entry(item: Any) -> FeedEntry:
    return FeedEntry(
        title=_child_text(item, "title"),
        url=_entry_link(item),
        published=(
            _child_text(item, "pubDate")
            or _child_text(item, "published")
            or _child_text(item, "date")
            or _child_text(item, "updated")
        ),
        content=_child_text(item, "encoded") or _atom_content(item),
        summary=_child_text(item, "description") or _child_text(item, "summary"),
    )


def _entry_link(item: Any) -> str | None:
    for child in item:
        if not isinstance(child.tag, str) or _local(child) != "link":
            continue
        href = child.get("href")
        if href and child.get("rel", "alternate") == "alternate":
            return href.strip()
        if not href and (child.text or "").strip():
            return child.text.strip()
    guid = next((c for c in item if isinstance(c.tag, str) and _local(c) in ("guid", "id")), None)
    if guid is not None and (guid.text or "").strip().startswith(("http://", "https://")):
        if guid.get("isPermaLink", "true") != "false":
            return guid.text.strip()
    return None


def _atom_content(item: Any) -> str | None:
    content = next((c for c in item if isinstance(c.tag, str) and _local(c) == "content"), None)
    if content is None or content.get("src"):
        return None
    if content.get("type") == "xhtml":
        return "".join(etree.tostring(child, encoding="unicode") for child in content) or None
    return (content.text or "").strip() or None


def _child_text(element: Any, name: str) -> str | None:
    for child in element:
        if isinstance(child.tag, str) and _local(child) == name:
            text = "".join(child.itertext()).strip()
            return text or None
    return None


def _local(element: Any) -> str:
    return str(etree.QName(element).localname)


def _looks_like_html(text: str) -> bool:
    return "<" in text and ">" in text


# -- entries to documents -----------------------------------------------------------------------


def entry_document(
    entry: FeedEntry, feed: Feed, feed_url: str, policy: FetchPolicy, number: int
) -> RawDocument | InputError:
    """An entry's own content when it has it; otherwise its article page, under the same rules."""
    source = entry.url or f"{feed_url}#{number}"
    base = RawDocument(
        source=source,
        url=entry.url,
        title=entry.title,
        published=entry.published,
        site=feed.title,
    )
    body = entry.content
    if not body and entry.summary and len(entry.summary) >= settings.FEED_FULL_SUMMARY_CHARS:
        body = entry.summary
    if body:
        return _with_body(base, body)
    if entry.url:
        try:
            page = fetch(entry.url, policy)
        except FetchError as error:
            if entry.summary:
                return _with_body(base, entry.summary)
            return InputError(source, f"entry has no content and its page failed: {error}")
        suffix = ".html" if page.content_type.startswith(HTML_TYPES) else ""
        for item in read_bytes(page.body, source, suffix):
            if isinstance(item, InputError):
                return item
            return replace(
                base, text=item.text, html=item.html, repaired_encoding=item.repaired_encoding
            )
    if entry.summary:
        return _with_body(base, entry.summary)
    return InputError(source, "feed entry has neither content nor a link")


def _with_body(base: RawDocument, body: str) -> RawDocument:
    body, repaired = repair_encoding(body)
    if _looks_like_html(body):
        return replace(base, html=body, repaired_encoding=repaired)
    return replace(base, text=body, repaired_encoding=repaired)


# -- polling into a store -----------------------------------------------------------------------


class StateStore(Protocol):
    """The part of a Store that feed polling uses."""

    def save_state(self, name: str, records: list[dict[str, Any]]) -> None: ...

    def load_state(self, name: str) -> list[dict[str, Any]]: ...

    def find_article(self, content_hash: str, url: str | None) -> str | None: ...

    def record_error(self, source: str, message: str) -> None: ...


@dataclass
class FeedReport:
    """What one round over the feeds did."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def feed_state_key(url: str) -> str:
    return f"feed:{url}"


def poll_feeds(
    urls: Iterable[str],
    store: StateStore,
    add_document: Callable[[RawDocument], object | None],
    policy: FetchPolicy | None = None,
) -> FeedReport:
    """Fetch every feed once and add its new entries through add_document.

    A feed's ETag/Last-Modified are saved only after its entries were added, so a crash
    mid-feed refetches it in full next time and the URL check skips what was stored.
    """
    policy = policy or FetchPolicy()
    report = FeedReport()
    for url in urls:
        try:
            _poll_feed(url, store, add_document, policy, report)
        except FetchError as error:
            _report_error(store, report, InputError(url, str(error)))
    return report


def _poll_feed(
    url: str,
    store: StateStore,
    add_document: Callable[[RawDocument], object | None],
    policy: FetchPolicy,
    report: FeedReport,
) -> None:
    remembered = next(iter(store.load_state(feed_state_key(url))), {})
    response = fetch(url, policy, remembered.get("etag"), remembered.get("last_modified"))
    if response.status == 304:
        report.unchanged.append(url)
        return
    feed = parse_feed(response.body)
    for number, entry in enumerate(feed.entries, start=1):
        if entry.url and store.find_article("", entry.url):
            report.duplicates.append(entry.url)
            continue
        item = entry_document(entry, feed, url, policy, number)
        if isinstance(item, InputError):
            _report_error(store, report, item)
            continue
        try:
            added = add_document(item)
        except Exception as error:  # noqa: BLE001 - one bad entry must not stop the feed
            message = f"analysis failed: {type(error).__name__}: {error}"
            _report_error(store, report, InputError(item.source, message))
            continue
        (report.added if added is not None else report.duplicates).append(item.source)
    store.save_state(
        feed_state_key(url),
        [
            {
                "etag": response.etag,
                "last_modified": response.last_modified,
                "checked_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        ],
    )


def _report_error(store: StateStore, report: FeedReport, error: InputError) -> None:
    report.errors.append(error)
    store.record_error(error.source, error.message)
