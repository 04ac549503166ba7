"""Originals and their copies inside one event, on short wires written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from newsweave.entities import EntityIndex
from newsweave.model import RawDocument
from newsweave.pipeline import analyse
from newsweave.provenance import copy_evidence, trace_provenance

EN_WIRE = """Norway and Sweden agree on 42-kilometre rail tunnel

OSLO (AP) — Norway's prime minister Jonas Gahr Støre and Sweden's prime minister Ulf Kristersson agreed on Monday to build a 42-kilometre rail tunnel under the border mountains.

"This tunnel will bring our two capitals within three hours of each other," Støre told reporters in Oslo.

The tunnel is expected to cost 18 billion kroner and to open in 2034, Kristersson said.

"We will share the cost equally and start digging next year," Kristersson said.
"""

BG_COPY = """Норвегия и Швеция се договориха за 42-километров железопътен тунел

ОСЛО (АП) — Норвежкият премиер Йонас Гар Стьоре и шведският премиер Улф Кристершон се договориха в понеделник да построят 42-километров железопътен тунел под граничните планини.

"Този тунел ще доближи двете ни столици на три часа път една от друга", каза Стьоре пред журналисти в Осло.

Очаква се тунелът да струва 18 милиарда крони и да бъде открит през 2034 г., каза Кристершон.

"Ще поделим разходите поравно и ще започнем копаенето догодина", заяви Кристершон.

/БГНЕС, АП
"""

FR_OWN = """La Norvège et la Suède lancent un tunnel ferroviaire sous les montagnes

STOCKHOLM (AFP) — Le chantier durera dix ans, selon les deux gouvernements, qui se sont entendus lundi sur un ouvrage ferroviaire transfrontalier.

Ulf Kristersson a salué un « projet historique » pour le nord de l'Europe. Les syndicats de cheminots suédois ont demandé des garanties sur l'emploi.

Le coût, évalué à 18 milliards de couronnes, sera partagé. Jonas Gahr Støre n'a pas précisé le tracé définitif.
"""


@pytest.fixture(scope="module")
def wires():
    index = EntityIndex()
    made = {}
    for name, text, language_day in (("en", EN_WIRE, 3), ("bg", BG_COPY, 3), ("fr", FR_OWN, 3)):
        article = analyse(RawDocument(source=f"{name}.txt", text=text), index)
        article.published = date(2025, 6, language_day)
        made[name] = article
    return made


def test_translation_of_a_wire_is_traced_to_it(wires) -> None:
    found = copy_evidence(wires["en"], wires["bg"])
    assert found.role == "translation", found


def test_a_wire_of_another_agency_is_independent(wires) -> None:
    assert copy_evidence(wires["en"], wires["fr"]).role == ""


def test_the_original_comes_first_and_copies_point_at_it(wires) -> None:
    roles = {p.article_id: p for p in trace_provenance([wires["bg"], wires["fr"], wires["en"]])}
    assert roles[wires["en"].id].role == "original"
    assert roles[wires["bg"].id].source_id == wires["en"].id
    assert roles[wires["fr"].id].role == "independent"


def test_same_language_resale_is_a_copy(wires) -> None:
    resale = analyse(
        RawDocument(source="resale.txt", text=EN_WIRE.replace("told reporters", "said")),
        EntityIndex(),
    )
    assert copy_evidence(wires["en"], resale).role == "copy"
