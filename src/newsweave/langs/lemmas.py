"""One shared dictionary lemmatizer (simplemma) for every stage that needs base forms.

simplemma's module-level functions keep only eight languages' dictionaries in memory; a mixed
stream of news in more languages than that reloads a dictionary from disk for almost every
article. One Lemmatizer with room for every language we detect loads each dictionary once.
"""

from __future__ import annotations

from functools import lru_cache

from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries import DefaultDictionaryFactory
from simplemma.utils import normalize_token

from newsweave import settings

_DICTIONARIES = DefaultDictionaryFactory(cache_max_size=len(settings.DETECTED_LANGUAGES))
_LEMMATIZER = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=_DICTIONARIES))
_LOOKUP = DictionaryLookupStrategy(_DICTIONARIES)


@lru_cache(maxsize=settings.LEMMA_CACHE_WORDS)
def lemmatize(word: str, language: str) -> str:
    """The dictionary base form of a word; the word itself when the language has no dictionary."""
    try:
        return _LEMMATIZER.lemmatize(word, language)
    except (ValueError, KeyError):  # a language simplemma has no data for
        return word


@lru_cache(maxsize=settings.LEMMA_CACHE_WORDS)
def is_known(word: str, language: str) -> bool:
    """Whether the language's dictionary lists the word (as a form or a lemma)."""
    try:
        return _LOOKUP.get_lemma(normalize_token(word), language) is not None
    except (ValueError, KeyError):
        return False
