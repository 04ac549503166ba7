"""The shared lemmatizer: dictionaries read in place, their index cached between processes."""

from __future__ import annotations

import signal
import time

import pytest

from newsweave.langs import lemmas
from newsweave.limits import outside_time_limit, time_limit

WORDS = {
    "pl": [("ministrowie", "minister"), ("powiedziała", "powiedzieć")],
    "bg": [("министрите", "министър")],
    "de": [("Kanzlerin", "Kanzlerin"), ("sagte", "sagen")],
}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("language", sorted(WORDS))
def test_the_saved_index_reads_the_same_dictionary(cache, language):
    built = lemmas.indexed_stream(language)
    assert (cache / f"simplemma-{lemmas.simplemma.__version__}" / f"{language}.index").exists()
    loaded = lemmas.indexed_stream(language)
    for form, _ in WORDS[language]:
        assert loaded.get(form.lower()) == built.get(form.lower())
    assert len(loaded) == len(built)


def test_a_damaged_index_is_rebuilt(cache):
    lemmas.indexed_stream("bg")
    index = next(cache.rglob("bg.index"))
    index.write_bytes(b"\x00garbage")
    assert lemmas.indexed_stream("bg").get("министрите") == "министър"
    assert index.stat().st_size > 100  # written again, whole


def test_a_language_without_a_dictionary_says_so(cache):
    with pytest.raises(ValueError, match="no dictionary"):
        lemmas.indexed_stream("zh")
    assert lemmas.lemmatize("习近平", "zh") == "习近平"


@pytest.mark.parametrize("language", sorted(WORDS))
def test_lemmas(language):
    for form, lemma in WORDS[language]:
        assert lemmas.lemmatize(form, language) == lemma


def test_loading_does_not_count_against_the_time_limit():
    with time_limit(0.3):
        with outside_time_limit():
            time.sleep(0.5)  # a slow first load of a dictionary
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining <= 0.3  # the alarm resumed with what it had left
