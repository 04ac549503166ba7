"""Search cases both stores must answer alike, and the article both stores' tests store
(imported by test_sqlite and test_postgres)."""

from __future__ import annotations

from typing import Any

from newsweave import settings
from newsweave.model import Article, Mention, content_hash
from newsweave.store.indexed import ArticleFilter


def make_article(
    text: str, url: str | None = None, title: str = "", language: str = "en"
) -> Article:
    digest = content_hash(text)
    return Article(
        id=digest[:16],
        source=url or "file.txt",
        url=url,
        title=title,
        text=text,
        raw=text,
        content_hash=digest,
        language=language,
        mentions=[Mention("Kyiv", 0, 4, "LOC", entity_id="LOC-kyiv", canonical="Kyiv")]
        if text.startswith("Kyiv")
        else [],
    )


def _article(text: str, language: str, title: str) -> Article:
    return make_article(text, title=title, language=language)


def check_bounded_search(store: Any, monkeypatch: Any) -> None:
    """A search ORs the terms (a name in several scripts), ranks only the newest matches the
    bound allows, by relevance, and pages through them; the language filter comes first.
    Shared by the PostgreSQL tests: both stores answer alike."""
    stored = [
        _article("Шойгу прилетел в Минск на переговоры о границе.", "ru", "Визит в Минск"),
        _article(
            "Shoigu flew to Minsk for talks on the border with Poland.", "en", "Shoigu in Minsk"
        ),
        _article("Szojgu przyleciał do Mińska na rozmowy o granicy.", "pl", "Wizyta w Mińsku"),
        _article(
            "Belarusian generals met Shoigu near the border on Friday, two days after the "
            "talks in Minsk had ended without an agreement on the crossings.",
            "en",
            "Border talks end",
        ),
        _article("Schoigu traf in Minsk belarussische Generäle.", "de", "Treffen in Minsk"),
    ]
    for article in stored:
        assert store.add_article(article)
    terms = ["Шойгу", "Shoigu", "Szojgu"]
    total, hits = store.search_hits(terms, ArticleFilter(), 10)
    assert total == 4, "the German spelling is not among the terms"
    assert {h.article.language for h in hits} == {"ru", "en", "pl"}

    monkeypatch.setattr(settings, "SEARCH_CANDIDATES", 3)
    total, hits = store.search_hits(terms, ArticleFilter(), 10)
    assert total == 3
    assert {h.article.id for h in hits} == {a.id for a in stored[1:4]}, "not the newest three"
    first, second = (store.search_hits(terms, ArticleFilter(), 2, offset)[1] for offset in (0, 2))
    assert len(first) == 2 and len(second) == 1
    assert {h.article.id for h in first + second} == {h.article.id for h in hits}

    total, english = store.search_hits(terms, ArticleFilter(language="en"), 10)
    assert total == 2
    assert english[0].article.id == stored[1].id, "the article with the name in its title first"
    assert "[Shoigu]" in english[0].snippet
    assert store.search_hits(["nothing of the sort"], ArticleFilter(), 10) == (0, [])

    # the counts a list shows come from the languages table: articles of no language too
    assert store.add_article(_article("12:30 — 14:00 · 3 × 4", "", ""))
    assert store.totals()["articles"] == store.count_articles() == 6
    assert store.article_briefs(ArticleFilter(language="en"), 1)[0] == 2
    assert store.article_briefs(ArticleFilter(), 1)[0] == 6
    assert store.article_briefs(ArticleFilter(language="sq"), 1)[0] == 0


def check_bounded_quote_words(store: Any, monkeypatch: Any) -> None:
    """A quotation filter by words lists the newest matches the bound allows; a name too
    short for a trigram index (two Chinese characters) is found among the newest quotations."""
    from newsweave.model import Quote
    from newsweave.store.indexed import QuoteFilter

    said = [
        ("en", "The harbour will reopen in spring", "Harbour reopens"),
        ("de", "Der Hafen öffnet im Frühjahr wieder, the harbour master said", "Hafen"),
        ("en", "No ship leaves the harbour before the inquiry ends", "Inquiry"),
        ("zh", "欧洲 将在春天重新开放港口", "欧洲港口"),
    ]
    for language, quotation, title in said:
        article = _article(f"“{quotation}”, she said on Tuesday.", language, title)
        article.quotes = [Quote(quotation, 1, 1 + len(quotation), "she", verb="said")]
        assert store.add_article(article)
    harbour = QuoteFilter(alternatives=[["harbour"]])
    assert store.quote_rows(harbour, 10)[0] == 3
    monkeypatch.setattr(settings, "QUOTES_MATCHED", 2)
    total, rows = store.quote_rows(harbour, 10)
    assert total == 2 and [r.language for r in rows] == ["de", "en"], "not the newest two"
    assert [r.text for r in store.quote_rows(harbour, 1, 1)[1]] == [said[2][1]]
    europe = QuoteFilter(alternatives=[["欧洲"], ["europa"]])
    assert store.quote_rows(europe, 10)[0] == 1
    monkeypatch.setattr(settings, "QUOTES_SCANNED", 1)  # the newest quotation only: it holds it
    assert store.quote_rows(europe, 10)[0] == 1
    later = _article("“Nothing about it”, he said.", "en", "Later")
    later.quotes = [Quote("Nothing about it", 1, 17, "he", verb="said")]
    assert store.add_article(later)
    assert store.quote_rows(europe, 10)[0] == 0, "scanned beyond the newest QUOTES_SCANNED"


def check_speaker_named_as_now(store: Any) -> None:
    """A quotation's speaker is listed by the entity's name as it is now: a name learnt from
    Greek letters gives way to the Latin spelling another article brings later."""
    from newsweave.model import Entity, Quote
    from newsweave.store.indexed import QuoteFilter

    cirio = Entity("PER-almberto-tsirio", "Almberto Tsirio", "PER", {"Αλμπέρτο Τσίριο"})
    store.save_entities([cirio])
    article = _article("«Ζητήσαμε βοήθεια», δήλωσε ο Αλμπέρτο Τσίριο.", "el", "Πλημμύρες")
    article.quotes = [
        Quote("Ζητήσαμε βοήθεια", 1, 17, "Αλμπέρτο Τσίριο", cirio.id, "Almberto Tsirio")
    ]
    article.mentions = [Mention("Αλμπέρτο Τσίριο", 29, 44, "PER", "", cirio.id, "Almberto Tsirio")]
    assert store.add_article(article)
    cirio.name = "Alberto Cirio"
    cirio.variants.add("Alberto Cirio")
    store.save_entities([cirio])
    _, rows = store.quote_rows(QuoteFilter(speaker_id=cirio.id), 10)
    assert [row.speaker for row in rows] == ["Alberto Cirio"]
    # the article read back names its speaker and its mentions so too
    stored = store.article(article.id)
    assert [q.speaker_name for q in stored.quotes] == ["Alberto Cirio"]
    assert [m.canonical for m in stored.mentions] == ["Alberto Cirio"]
    assert [a.quotes[0].speaker_name for a in store.articles("el")] == ["Alberto Cirio"]
