"""Datelines and agency credits, in several scripts."""

from __future__ import annotations

import pytest

from newsweave.clean.credits import credit_line_agencies, parse_dateline, split_inline_credit


@pytest.mark.parametrize(
    ("paragraph", "prefix", "place", "agencies"),
    [
        ("МОСКВА (АП) – Президентът заяви днес, че...", "МОСКВА (АП)", "МОСКВА", ["AP"]),
        ("BERLIN (dpa) - Die Regierung hat beschlossen...", "BERLIN (dpa)", "BERLIN", ["dpa"]),
        ("Berlin (dpa) - Die Regierung hat beschlossen...", "Berlin (dpa)", "Berlin", ["dpa"]),
        (
            "ROMA, 12 marzo (ANSA) - Il governo ha deciso...",
            "ROMA, 12 marzo (ANSA)",
            "ROMA",
            ["ANSA"],
        ),
        ("WARSZAWA (PAP) – Rząd przyjął projekt...", "WARSZAWA (PAP)", "WARSZAWA", ["PAP"]),
        ("КИЇВ (Укрінформ) – Уряд ухвалив рішення...", "КИЇВ (Укрінформ)", "КИЇВ", ["Ukrinform"]),
        (
            "LONDON (Reuters/AFP) - Shares fell...",
            "LONDON (Reuters/AFP)",
            "LONDON",
            ["Reuters", "AFP"],
        ),
        ("PARIS — The president said...", "PARIS", "PARIS", []),
        # Arabic: no capitals, the agency's initials in brackets
        ("القاهرة (أ ف ب) - قال مسؤولون إن ...", "القاهرة (أ ف ب)", "القاهرة", ["AFP"]),
        ("بيروت (رويترز) - أعلنت الحكومة ...", "بيروت (رويترز)", "بيروت", ["Reuters"]),
        # Chinese: agency, place and day run into the first sentence, closed by 电
        ("新华社柏林3月12日电 德国总理表示……", "新华社柏林3月12日电", "柏林", ["Xinhua"]),
        (
            "中新网北京5月8日电（记者 王丽）国家统计局8日发布数据……",
            "中新网北京5月8日电（记者 王丽）",
            "北京",
            ["China News Service"],
        ),
        ("法新社巴黎十二日电 法国总统表示……", "法新社巴黎十二日电", "巴黎", ["AFP"]),
    ],
)
def test_datelines(paragraph: str, prefix: str, place: str, agencies: list[str]) -> None:
    dateline = parse_dateline(paragraph)
    assert dateline is not None
    assert (dateline.prefix, dateline.place, dateline.agencies) == (prefix, place, agencies)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Olaf Scholz (SPD) - der Kanzler - sprach lange.",
        "The minister said on Monday that talks would continue.",
        "Paris - a city of light - welcomed visitors.",
        "新华社报道，国家统计局8日发布数据。",
        "据新华社消息，北京今日晴。",
    ],
)
def test_not_datelines(paragraph: str) -> None:
    assert parse_dateline(paragraph) is None


@pytest.mark.parametrize(
    ("line", "agencies"),
    [
        ("/БГНЕС, АФП", ["BGNES", "AFP"]),
        ("(Reuters)", ["Reuters"]),
        ("— AFP", ["AFP"]),
        ("Source: TASS", ["TASS"]),
        ("Источник: РИА Новости", ["RIA Novosti"]),
        ("© AFP", ["AFP"]),
        ("dpa/mk", ["dpa"]),
        ("Copyright 2024 The Associated Press. All rights reserved.", ["AP"]),
        ("新华社", ["Xinhua"]),
    ],
)
def test_credit_lines(line: str, agencies: list[str]) -> None:
    assert credit_line_agencies(line) == agencies


@pytest.mark.parametrize("line", ["Apple", "(photo)", "Source: the ministry", "AP"[:1]])
def test_not_credit_lines(line: str) -> None:
    assert not credit_line_agencies(line)


def test_inline_credit_at_paragraph_end() -> None:
    split = split_inline_credit("Лидерът ще пристигне през пролетта. /БГНЕС, АФП")
    assert split == ("Лидерът ще пристигне през пролетта.", "/БГНЕС, АФП", ["BGNES", "AFP"])


def test_no_inline_credit_for_unknown_names() -> None:
    assert split_inline_credit("He met the head of the agency (NASA)") is None
