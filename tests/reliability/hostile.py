"""Hostile inputs for the reliability tests and bench/fuzz.py: named bad files beside good ones.

Each bad file is something the open web really serves (binary named .html, a page in cp1251
without a charset, a gzip bomb, 100k nested tags); the good articles are sentences written for
these tests in several languages, each made unique by a serial so none is a duplicate.
"""

from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass
from pathlib import Path

# Sentences written for these tests; an article is a few of them plus a unique serial line.
SENTENCES = {
    "en": [
        "The city council approved a new budget for public transport on Tuesday.",
        "Officials said the bridge over the river would reopen after repairs next month.",
        "Teachers in the northern region went on strike over pay and class sizes.",
        "The health ministry reported fewer hospital admissions than last winter.",
    ],
    "de": [
        "Der Stadtrat hat am Dienstag einen neuen Haushalt für den Nahverkehr beschlossen.",
        "Nach Angaben der Behörden soll die Brücke im nächsten Monat wieder öffnen.",
        "Die Lehrer im Norden des Landes streiken für höhere Löhne und kleinere Klassen.",
    ],
    "fr": [
        "Le conseil municipal a adopté mardi un nouveau budget pour les transports publics.",
        "Selon les autorités, le pont sur la rivière rouvrira le mois prochain.",
        "Les enseignants de la région du nord se sont mis en grève pour les salaires.",
    ],
    "ru": [
        "Городской совет во вторник утвердил новый бюджет на общественный транспорт.",
        "По словам чиновников, мост через реку откроют после ремонта в следующем месяце.",
        "Учителя северного региона объявили забастовку из-за низких зарплат.",
    ],
    "es": [
        "El ayuntamiento aprobó el martes un nuevo presupuesto para el transporte público.",
        "Según las autoridades, el puente sobre el río reabrirá el próximo mes.",
        "Los profesores de la región norte convocaron una huelga por los salarios.",
    ],
    "ar": [
        "وافق مجلس المدينة يوم الثلاثاء على ميزانية جديدة للنقل العام في العاصمة.",
        "وقال المسؤولون إن الجسر سيعاد فتحه بعد انتهاء أعمال الصيانة الشهر المقبل.",
        "أضرب المعلمون في المنطقة الشمالية احتجاجا على الأجور وحجم الفصول.",
    ],
    "bg": [
        "Общинският съвет одобри във вторник нов бюджет за обществения транспорт.",
        "Според властите мостът над реката ще бъде отворен отново следващия месец.",
    ],
}
LANGUAGES = sorted(SENTENCES)


def good_article(serial: int, rng: random.Random) -> tuple[str, str]:
    """(language, text) of a small plausible article, unique by its serial."""
    language = LANGUAGES[serial % len(LANGUAGES)]
    sentences = SENTENCES[language][:]
    rng.shuffle(sentences)
    title = f"{sentences[0].split(',')[0].rstrip('.')} ({serial})"
    body = " ".join(sentences)
    return language, f"{title}\n\n{body}\n\nReport number {serial} of the test corpus.\n"


@dataclass
class Hostile:
    """One named hostile file: its name in the corpus and its bytes."""

    name: str
    data: bytes


def _nested_html(depth: int) -> bytes:
    return ("<div>" * depth + "deep text" + "</div>" * depth).encode()


def _gzip_bomb(inflated: int) -> bytes:
    # compresses ~1000:1, so a 60 MB bomb is a 60 kB file
    return gzip.compress(b"\0" * inflated, compresslevel=9)


def named_hostile(big: bool = True) -> list[Hostile]:
    """The catalogue of hostile files every fuzz run includes. big=False writes a small stand-in
    for the 50 MB page, for runs that test everything but the size cap."""
    rng = random.Random(8)
    cyrillic = "Правительство утвердило план развития железных дорог на десять лет вперёд. "
    latin = "Le gouvernement a présenté un projet de loi très débattu à l'Assemblée. "
    huge_line = ("x" * 99_999 + "\n").encode()
    rtl = "\u202e" + "وافق مجلس المدينة على الميزانية" + "\u200b\u200c\u200d\ufeff" * 500
    items = [
        Hostile("binary.html", rng.randbytes(20_000)),
        Hostile("binary_noise.txt", bytes(range(256)) * 40),
        Hostile("png_named.html", b"\x89PNG\r\n\x1a\n" + rng.randbytes(5_000)),
        Hostile("invalid_utf8.txt", b"\xff\xfe\xfa" * 3_000 + b"\xc3\x28" * 500),
        Hostile(
            "mixed_encodings.txt",
            (cyrillic.encode("utf-8") + cyrillic.encode("cp1251") + latin.encode("latin-1")) * 20,
        ),
        Hostile(
            "cp1251_undeclared.html",
            ("<html><body><p>" + cyrillic * 10 + "</p></body></html>").encode("cp1251"),
        ),
        Hostile("latin1_undeclared.txt", (latin * 10).encode("latin-1")),
        Hostile("utf16_no_bom.txt", (latin * 5).encode("utf-16-le")),
        Hostile("empty.txt", b""),
        Hostile("empty.html", b""),
        Hostile("whitespace.txt", b" \n\t\r\n   \n" * 100),
        Hostile(
            "only_scripts.html",
            (
                "<html><head><script>"
                + "var a = 1;" * 2000
                + "</script></head><body>"
                + "<script>document.write('x')</script>" * 200
                + "</body></html>"
            ).encode(),
        ),
        Hostile("only_styles.html", ("<style>p{color:red}</style>" * 500).encode()),
        Hostile("nested_100k.html", _nested_html(100_000)),
        Hostile("unclosed_tags.html", ("<p><b><i><a href='x'>" * 20_000).encode()),
        Hostile(
            "json_wrong_types.json",
            json.dumps(
                [{"title": 5, "text": ["a"]}, {"text": {"x": 1}}, 7, None, "text", []]
            ).encode(),
        ),
        Hostile("json_not_records.jsonl", b'1\n"two"\nnull\n[3]\n{"html": 4}\n'),
        Hostile("json_truncated.json", b'[{"title": "Half", "text": "A record cut in the mid'),
        Hostile("json_deep.json", b"[" * 100_000 + b"]" * 100_000),
        Hostile("json_deep_line.jsonl", b"[" * 100_000 + b"]" * 100_000 + b"\n"),
        Hostile("gzip_bomb.txt.gz", _gzip_bomb(60_000_000)),
        Hostile("gzip_corrupt.html.gz", b"\x1f\x8b\x08\x00" + rng.randbytes(3_000)),
        Hostile("gzip_binary_inside.txt.gz", gzip.compress(rng.randbytes(30_000))),
        Hostile("rtl_zero_width.txt", (rtl * 3).encode()),
        Hostile("zero_width_only.txt", ("\u200b\u200c\u200d\u2060\ufeff" * 4_000).encode()),
        Hostile("single_line_100k.txt", huge_line),
        Hostile("single_line_words_100k.txt", ("word " * 25_000).encode()),
        Hostile(
            "single_line_prose_100k.txt",
            (" ".join(SENTENCES["fr"]).replace(".", ",") * 450)[:100_000].encode(),
        ),
        Hostile("control_chars.txt", ("\x01\x02\x03\x07\x1b[31m" * 3_000).encode()),
        Hostile("lone_surrogates.json", b'{"title": "x", "text": "\\ud800\\udfff\\ud800 broken"}'),
        Hostile("nul_in_utf8.txt", ("Ein Satz mit einem Nullzeichen. \x00" * 50).encode()),
        Hostile(
            "xml_entity_bomb.html",
            (
                '<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaaaaaaaa">'
                + "".join(
                    f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">' for i in range(1, 9)
                ).replace("&a0;", "&a;")
                + "]><html><body><p>&a8;</p></body></html>"
            ).encode(),
        ),
        Hostile(
            "many_attributes.html",
            ("<p " + " ".join(f"a{i}='{i}'" for i in range(50_000)) + ">x</p>").encode(),
        ),
        Hostile(
            "huge_comment.html", ("<html><body><!--" + "c" * 500_000 + "--></body></html>").encode()
        ),
    ]
    # over the read cap: a real 50 MB page on disk
    items.append(
        Hostile(
            "page_50mb.html", b"<html><body>" + b"<p>a</p>" * 6_250_000 if big else b"<p>a</p>" * 10
        )
    )
    return items


def write_corpus(folder: Path, good: int, hostile: list[Hostile], seed: int = 8) -> dict[str, str]:
    """Write good articles and hostile files into folder; returns {file name: 'good'|'bad'}."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    kinds: dict[str, str] = {}
    for serial in range(good):
        language, text = good_article(serial, rng)
        name = f"good_{serial:05d}_{language}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        kinds[name] = "good"
    for item in hostile:
        (folder / item.name).write_bytes(item.data)
        kinds[item.name] = "bad"
    return kinds


# -- generated inputs ---------------------------------------------------------------------------
# Each generator returns (file name suffix, bytes, expectation): "bad" must be reported as an error
# naming the file, "good" must be stored, "any" must only not crash the run (stored or reported).

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202e\u200e\u200f"
Expectation = str


def _random_binary(rng: random.Random, serial: int) -> tuple[str, bytes, Expectation]:
    data = rng.randbytes(rng.randint(1_000, 20_000))
    return rng.choice([".html", ".txt", ".json"]), data, "bad"


def _blank(rng: random.Random, serial: int) -> tuple[str, bytes, Expectation]:
    text = "".join(rng.choice(" \t\r\n\u00a0\u3000") for _ in range(rng.randint(0, 300)))
    return rng.choice([".html", ".txt"]), text.encode(), "bad"


def _too_short(rng: random.Random, serial: int) -> tuple[str, bytes, Expectation]:
    _, text = good_article(serial, rng)
    return ".txt", text[: rng.randint(1, 30)].strip().encode() or b"x", "bad"


def _json_wrong_types(rng: random.Random, serial: int) -> tuple[str, bytes, Expectation]:
    wrong = rng.choice([5, 2.5, True, ["a", "b"], {"nested": "x"}, [], {}])
    field_name = rng.choice(["title", "text", "html", "url", "published", "source"])
    record: dict[str, object] = {"title": "Headline", "text": "A sentence of no consequence."}
    record[field_name] = wrong
    if rng.random() < 0.5:
        return ".json", json.dumps([record]).encode(), "bad"
    return ".jsonl", json.dumps(rng.choice([record, wrong, None, "str"])).encode() + b"\n", "bad"


def _broken_json(rng: random.Random, serial: int) -> tuple[str, bytes, Expectation]:
    _, text = good_article(serial, rng)
    data = json.dumps({"title": f"T{serial}", "text": text})
    cut = rng.randint(1, len(data) - 2)
    return rng.choice([".json", ".jsonl"]), data[:cut].encode(), "bad"


def _bad_gzip(rng: random.Random, serial: int) -> tuple[str, bytes, Expectation]:
    if rng.random() < 0.5:
        return ".txt.gz", gzip.compress(rng.randbytes(rng.randint(100, 5_000))), "bad"
    return ".html.gz", b"\x1f\x8b\x08\x00" + rng.randbytes(rng.randint(10, 2_000)), "bad"


def _truncated_gzip(rng: random.Random, serial: int) -> tuple[str, bytes, Expectation]:
    _, text = good_article(serial, rng)
    data = gzip.compress(text.encode())
    return ".txt.gz", data[: rng.randint(10, len(data) - 1)], "any"


def _nested(rng: random.Random, serial: int) -> tuple[str, bytes, Expectation]:
    tag = rng.choice(["div", "span", "table", "b", "li"])
    depth = rng.randint(200, 2_000)  # the 100k-level page is in the named catalogue
    return ".html", (f"<{tag}>" * depth + "x" + f"</{tag}>" * (depth // 2)).encode(), "bad"


def _scripts_only(rng: random.Random, serial: int) -> tuple[str, bytes, Expectation]:
    scripts = "".join(
        f"<script>var v{i} = {rng.randint(0, 10**9)};</script>" for i in range(rng.randint(1, 50))
    )
    return ".html", f"<html><head>{scripts}</head><body>{scripts}</body></html>".encode(), "bad"


def _zero_width_article(rng: random.Random, serial: int) -> tuple[str, bytes, Expectation]:
    _, text = good_article(serial, rng)
    marks = "".join(rng.choice(ZERO_WIDTH) for _ in range(rng.randint(1, 40)))
    cut = rng.randint(0, len(text))
    return ".txt", (text[:cut] + marks + text[cut:]).encode(), "good"


def _legacy_encoding(rng: random.Random, serial: int) -> tuple[str, bytes, Expectation]:
    # cp1251 for Cyrillic, latin-1 for Western European text, never declared
    language = rng.choice(["ru", "bg", "fr", "de", "es"])
    text = " ".join(SENTENCES[language]) + f"\n\nReport number {serial} of the test corpus.\n"
    encoding = "cp1251" if language in ("ru", "bg") else "latin-1"
    suffix = rng.choice([".txt", ".html"])
    if suffix == ".html":
        text = f"<html><body><article><p>{text}</p></article></body></html>"
    return suffix, text.encode(encoding), "good"


def _byte_flips(rng: random.Random, serial: int) -> tuple[str, bytes, Expectation]:
    _, text = good_article(serial, rng)
    data = bytearray(text.encode())
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return ".txt", bytes(data), "any"


def _long_line(rng: random.Random, serial: int) -> tuple[str, bytes, Expectation]:
    # kept under 3,000 characters: longer unpunctuated lines are KNOWN_SLOW in the clean stage
    pieces = (" ".join(rng.choice(SENTENCES["en"]).split()[:5]) for _ in range(rng.randint(20, 90)))
    words = " ".join(pieces)
    return ".txt", words.encode(), "any"


def _control_chars(rng: random.Random, serial: int) -> tuple[str, bytes, Expectation]:
    _, text = good_article(serial, rng)
    noise = "".join(chr(rng.choice([1, 2, 7, 8, 11, 12, 27, 127])) for _ in range(20))
    return ".txt", (noise + text).encode(), "any"


def _html_soup(rng: random.Random, serial: int) -> tuple[str, bytes, Expectation]:
    _, text = good_article(serial, rng)
    tags = ["<p>", "</p>", "<div", ">", "<!--", "-->", "<![CDATA[", "]]>", "&amp", "&#0;"]
    pieces = []
    for word in text.split(" "):
        pieces.append(word)
        if rng.random() < 0.3:
            pieces.append(rng.choice(tags))
    return ".html", " ".join(pieces).encode(), "any"


GENERATORS = [
    _random_binary,
    _blank,
    _too_short,
    _json_wrong_types,
    _broken_json,
    _bad_gzip,
    _truncated_gzip,
    _nested,
    _scripts_only,
    _zero_width_article,
    _legacy_encoding,
    _byte_flips,
    _long_line,
    _control_chars,
    _html_soup,
]


def generated_hostile(count: int, seed: int = 8, first_serial: int = 100_000) -> list[Hostile]:
    """count generated hostile files, deterministic for a seed; serials keep texts unique."""
    rng = random.Random(seed)
    items = []
    for index in range(count):
        generator = GENERATORS[index % len(GENERATORS)]
        suffix, data, expectation = generator(rng, first_serial + index)
        name = f"gen_{index:05d}_{generator.__name__.strip('_')}.{expectation}{suffix}"
        items.append(Hostile(name, data))
    return items


def expectation_of(name: str) -> str:
    """'good', 'bad' or 'any' for a corpus file name."""
    if name.startswith("good_"):
        return "good"
    if name.startswith("gen_"):
        return name.split(".")[1]
    return NAMED_EXPECTATIONS.get(name, "bad")


# Named files whose outcome depends on a guess (charset detection, cleaning): no crash is the
# whole requirement; the others must each be reported as an error.
NAMED_EXPECTATIONS = {
    "invalid_utf8.txt": "any",
    "cp1251_undeclared.html": "good",
    "latin1_undeclared.txt": "good",
    "mixed_encodings.txt": "any",
    "rtl_zero_width.txt": "good",
    "zero_width_only.txt": "any",
    "control_chars.txt": "any",
    "lone_surrogates.json": "any",
    "xml_entity_bomb.html": "any",
}

# Inputs that take one stage minutes today (quadratic work on one long line); run apart so the
# suite stays fast, and reported to the stage owners.
KNOWN_SLOW = {
    "single_line_100k.txt",
    "single_line_prose_100k.txt",
    "zero_width_only.txt",
    "many_attributes.html",
}
