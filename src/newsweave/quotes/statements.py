"""One statement reported in several articles and languages: quotations grouped across articles."""

from __future__ import annotations

from newsweave import settings
from newsweave.model import Article, Quote
from newsweave.quotes.match import quote_key, quote_similarity

# A quotation of one article, and how closely it matches its best partner in another article.
Reported = tuple[Article, Quote, float]


def same_statements(articles: list[Article], limit: int | None = None) -> list[list[Reported]]:
    """Groups of quotations from at least two articles that match each other, biggest first.

    Matching is transitive (single link): a German and a Russian rendering that each match the
    English one belong together even when they match each other less well. `limit` bounds the
    quotations compared (the comparison is quadratic).
    """
    items = [(article, quote) for article in articles for quote in article.quotes][:limit]
    keys = [quote_key(quote.text, article.language) for article, quote in items]
    parent = list(range(len(items)))
    best = [0.0] * len(items)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i][0].id == items[j][0].id:
                continue  # one article repeating a line is not a second report of it
            score = quote_similarity(keys[i], keys[j])
            if score >= settings.QUOTE_MATCH_THRESHOLD:
                parent[root(i)] = root(j)
                best[i], best[j] = max(best[i], score), max(best[j], score)
    groups: dict[int, list[Reported]] = {}
    for index, (article, quote) in enumerate(items):
        groups.setdefault(root(index), []).append((article, quote, best[index]))
    shared = [g for g in groups.values() if len({article.id for article, _, _ in g}) > 1]
    return sorted(shared, key=lambda g: (-len({a.language for a, _, _ in g}), -len(g)))
