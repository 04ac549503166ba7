"""Entities stage: find names, give them base forms, link them across languages and scripts."""

from newsweave.entities.gazetteer import Gazetteer, default_gazetteer, load_gazetteer
from newsweave.entities.link import EntityIndex, link
from newsweave.entities.recognise import find_mentions
from newsweave.entities.translit import latin_keys

__all__ = [
    "EntityIndex",
    "Gazetteer",
    "default_gazetteer",
    "find_mentions",
    "latin_keys",
    "link",
    "load_gazetteer",
]
