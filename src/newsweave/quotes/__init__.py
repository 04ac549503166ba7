"""Quotes stage: quotations with their speakers, and matching one statement across languages."""

from newsweave.quotes.find import find_quotes
from newsweave.quotes.match import QuoteKey, quote_key, quote_similarity

__all__ = ["QuoteKey", "find_quotes", "quote_key", "quote_similarity"]
