"""Shared fixtures: a database loaded with the repository's samples, built once per session."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="session")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples analysed once; tests that write take a copy (see `fresh_db`)."""
    from newsweave.app import Newsweave

    path = tmp_path_factory.mktemp("serve") / "samples.db"
    nw = Newsweave(str(path))
    report = nw.run([str(SAMPLES)])
    nw.close()
    assert report.added, "the samples produced no articles"
    return path


def copy_db(source: Path, target: Path) -> Path:
    """A consistent copy even while the source is in WAL mode."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


@pytest.fixture
def fresh_db(samples_db: Path, tmp_path: Path) -> Path:
    return copy_db(samples_db, tmp_path / "copy.db")


# Articles written for these tests (invented events), in two languages and two scripts,
# naming the same person: a cross-script search must find both.
_RUSSIAN_ARTICLE = {
    "url": "https://example.org/ru/shoigu-visit",
    "title": "Шойгу посетил судостроительный завод в Калининграде",
    "published": "2024-05-20",
    "text": (
        "Секретарь Совета безопасности Сергей Шойгу в понедельник посетил судостроительный "
        "завод в Калининграде. Он осмотрел новые цеха и побеседовал с инженерами. "
        "По словам директора предприятия, до конца года завод спустит на воду два судна. "
        "Шойгу пообещал, что финансирование программы будет сохранено в полном объёме. "
        "Визит продолжался около трёх часов, после чего делегация отправилась в порт."
    ),
}
_ITALIAN_ARTICLE = {
    "url": "https://example.org/it/shoigu-cantiere",
    "title": "Shoigu in visita a un cantiere navale di Kaliningrad",
    "published": "2024-05-20",
    "text": (
        "Il segretario del Consiglio di sicurezza russo Sergei Shoigu ha visitato lunedì un "
        "cantiere navale a Kaliningrad. Ha ispezionato i nuovi capannoni e ha parlato con gli "
        "ingegneri. Secondo il direttore, entro la fine dell'anno saranno varate due navi. "
        "Shoigu ha promesso che il finanziamento del programma resterà invariato. "
        "La visita è durata circa tre ore, poi la delegazione si è spostata al porto."
    ),
}


@pytest.fixture
def shoigu_articles() -> list[dict[str, str]]:
    return [dict(_RUSSIAN_ARTICLE), dict(_ITALIAN_ARTICLE)]
