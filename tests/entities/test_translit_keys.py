"""Name keys computed word by word equal the keys of the whole name."""

from __future__ import annotations

import pytest

from newsweave.entities.translit import (
    cyrillic_renderings,
    plain_key,
    skeleton_key,
)


@pytest.mark.parametrize(
    "name",
    [
        "Jean-Luc  Mélenchon",
        "Łukasz Szczepański – MSZ",
        "Владимир Путин",
        "Си Цзиньпин",
        "Hans-Dietrich Genscher,",
        "O'Shaughnessy",
        "h x",
        "   ",
    ],
)
def test_keys_of_a_name_are_its_words_keys_joined(name: str) -> None:
    words = [plain_key(w) for w in name.split()]
    assert plain_key(name) == " ".join(w for w in words if w)
    skeleton = skeleton_key(name)
    if skeleton:
        assert skeleton[1:].split(" ") == [skeleton_key(w)[1:] for w in plain_key(name).split(" ")]


def test_capitals_are_romanised_capitalised_in_every_scheme() -> None:
    for rendering in cyrillic_renderings("ЩЕДРИН Щедрин щедрин", "ru"):
        upper, title, lower = rendering.split()
        assert upper[0].isupper() and title[0].isupper() and lower[0].islower()
        assert upper.lower() == title.lower() == lower
