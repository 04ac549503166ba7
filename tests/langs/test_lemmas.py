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
    assert lemmas._index_path(language).exists()
    assert lemmas._index_path(language).is_relative_to(cache)
    loaded = lemmas.indexed_stream(language)
    for form, _ in WORDS[language]:
        assert loaded.get(form.lower()) == built.get(form.lower())
    assert len(loaded) == len(built)


@pytest.mark.parametrize("language", ["bg", "uk"])
def test_every_block_reads_as_simplemma_reads_it(cache, language):
    # A block resumes decoding from its own first key and the value before it: check the
    # records either side of every block boundary, and words that fall between them.
    from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamMap

    reference = StreamMap(language)
    ours = lemmas.indexed_stream(language)
    forms = list(reference)
    assert forms == list(ours)
    edges = [
        form for start in range(0, len(forms), 32) for form in forms[max(0, start - 1) : start + 2]
    ]
    absent = [form + "щ" for form in edges[::7]] + ["", "a", "\U0010ffff"]
    for form in edges + absent:
        assert ours.get(form) == reference.get(form), form


def test_the_index_is_smaller_than_simplemmas(cache):
    import tracemalloc

    from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamMap

    lemmas.indexed_stream("uk")  # saved, so the next one is loaded as a server would
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        reference = StreamMap("uk")
        theirs = tracemalloc.get_traced_memory()[0] - before
        before = tracemalloc.get_traced_memory()[0]
        ours = lemmas.indexed_stream("uk")
        mine = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    stream = 0 if isinstance(ours._data, lemmas.StreamFile) else len(ours._data)
    assert len(reference) == len(ours)
    assert mine - stream < 0.5 * (theirs - stream), (mine, theirs, stream)


def test_dictionaries_load_once_ahead_of_use(monkeypatch):
    assert lemmas.load_dictionaries(["uk", "zh", "uk", "xx"]) == ["uk"]

    def no_second_load(lang: str):
        raise AssertionError(f"{lang} loaded again")

    monkeypatch.setattr(lemmas, "indexed_stream", no_second_load)
    assert lemmas.lemmatize("міністрами", "uk") == "міністр"


def test_a_damaged_index_is_rebuilt(cache):
    lemmas.indexed_stream("bg")
    index = lemmas._index_path("bg")
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


def test_the_stream_is_read_from_the_cache_not_held(cache):
    first = lemmas.indexed_stream("pl")
    assert isinstance(first._data, lemmas.StreamFile)  # a block per lookup, not 18 MB held
    assert lemmas._index_path("pl").with_suffix(".stream").is_relative_to(cache)
    assert first.get("ministrowie") == "minister"
    assert lemmas.indexed_stream("pl").get("powiedziała") == "powiedzieć"


def test_an_unwritable_cache_keeps_the_stream_in_memory(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(blocked))
    stream = lemmas.indexed_stream("bg")
    assert isinstance(stream._data, bytes)
    assert stream.get("министрите") == "министър"


def test_a_damaged_stream_is_decoded_again(cache):
    lemmas.indexed_stream("bg")
    saved = lemmas._index_path("bg").with_suffix(".stream")
    lemmas._index_path("bg").unlink()
    saved.write_bytes(saved.read_bytes()[:1000])  # cut short: its index cannot be built
    assert lemmas.indexed_stream("bg").get("министрите") == "министър"
    assert saved.stat().st_size > 1000


def test_croatian_bosnian_and_serbian_share_one_dictionary():
    assert {lemmas.dictionary_language(code) for code in ("hr", "bs", "sr")} == {"hbs"}
    assert lemmas.dictionary_language("sl") == "sl"
    assert lemmas.dictionary_language("zh") is None
