"""Engines: the same articles, entities and order whichever engine runs the analysis."""

from __future__ import annotations

import pytest

from newsweave.engines import Analysed, analysed_articles, detected, finish
from newsweave.entities import EntityIndex
from newsweave.model import RawDocument, StageSeconds
from newsweave.pipeline import analyse

DOCUMENTS = [
    RawDocument(
        source="a.txt",
        title="Summit in Vilnius",
        text="Vilnius hosted a summit on Tuesday. Prime Minister Ana Costa met the "
        "mayor of Vilnius and said the talks had been useful.",
    ),
    RawDocument(
        source="b.txt",
        title="Gipfel in Vilnius",
        text="In Vilnius fand am Dienstag ein Gipfel statt. Ana Costa traf den "
        "Bürgermeister und sagte, die Gespräche seien nützlich gewesen.",
    ),
    RawDocument(
        source="c.txt",
        title="Саммит в Вильнюсе",
        text="Во вторник в Вильнюсе прошёл саммит. Ана Коста встретилась с мэром "
        "города и заявила, что переговоры были полезными.",
    ),
    RawDocument(
        source="d.txt",
        title="Powódź w Nowym Sączu",
        text="Rzeka zalała centrum Nowego Sącza w sobotę. Burmistrz Jan Kowalski "
        "powiedział, że ewakuowano trzysta osób.",
    ),
]


def _summary(outcomes: list[Analysed]) -> list[tuple]:
    return [
        (
            o.raw.source,
            o.error,
            o.article.language if o.article else None,
            [(m.text, m.entity_id, m.canonical) for m in o.article.mentions] if o.article else None,
            [(q.text, q.speaker_id) for q in o.article.quotes] if o.article else None,
        )
        for o in outcomes
    ]


def test_inprocess_engine_gives_what_the_pipeline_gives():
    ours = list(analysed_articles(DOCUMENTS, "inprocess", EntityIndex()))
    index = EntityIndex()
    theirs = [analyse(raw, index) for raw in DOCUMENTS]
    assert [o.error for o in ours] == [None] * len(DOCUMENTS)
    assert [[(m.text, m.entity_id) for m in o.article.mentions] for o in ours] == [
        [(m.text, m.entity_id) for m in a.mentions] for a in theirs
    ]
    assert [(o.article.language, o.article.quotes) for o in ours] == [
        (a.language, a.quotes) for a in theirs
    ]


def test_detect_and_finish_apart_equal_together():
    """The split the parallel engines rely on: detect anywhere, link later, same result."""
    timings = StageSeconds()
    detected_all = [detected(raw, timings) for raw in DOCUMENTS]  # all detected first
    index = EntityIndex()
    apart = [finish(d, index, timings) for d in detected_all]
    together = list(analysed_articles(DOCUMENTS, "inprocess", EntityIndex()))
    assert _summary(apart) == _summary(together)
    assert timings["entities.detect"] > 0 and timings["entities.link"] > 0


def test_a_failing_document_is_reported_and_the_rest_go_on(monkeypatch):
    import newsweave.clean as clean

    real = clean.clean_document

    def breaks_on_b(raw):
        if raw.source == "b.txt":
            raise ValueError("broken page")
        return real(raw)

    monkeypatch.setattr(clean, "clean_document", breaks_on_b)
    outcomes = list(analysed_articles(DOCUMENTS, "inprocess", EntityIndex()))
    assert [o.article is None for o in outcomes] == [False, True, False, False]
    assert "ValueError: broken page" in outcomes[1].error


def test_unknown_engine_is_refused_by_name():
    with pytest.raises(ValueError, match="spark"):
        list(analysed_articles(DOCUMENTS, "spark", EntityIndex()))


def test_ray_engine_gives_the_inprocess_result_in_input_order():
    pytest.importorskip("ray", reason="Ray is not installed (pip install newsweave[ray])")
    from newsweave.engines import ray as ray_engine

    documents = DOCUMENTS * 3  # more than one batch, so order across batches is checked
    expected = _summary(list(analysed_articles(documents, "inprocess", EntityIndex())))
    try:
        ray_engine.BATCH, saved = 4, ray_engine.BATCH
        got = _summary(list(analysed_articles(documents, "ray", EntityIndex(), workers=1)))
    finally:
        ray_engine.BATCH = saved
        ray_engine.stop_ray()
    assert got == expected


def test_processes_engine_gives_what_inprocess_gives():
    """Two worker processes detect; the driver links in input order: the same ids come out."""
    timings = StageSeconds()
    ours = list(analysed_articles(DOCUMENTS, "processes", EntityIndex(), timings, workers=2))
    together = list(analysed_articles(DOCUMENTS, "inprocess", EntityIndex()))
    assert _summary(ours) == _summary(together)
    assert timings["entities.detect"] > 0  # the workers' time comes back to the driver


def test_default_engine_hands_a_long_input_to_the_spare_cores_with_the_same_result(
    monkeypatch,
):
    """auto: the first documents here, the rest's detect part on a worker; one order, one index."""
    from newsweave import settings
    from newsweave.engines import processes

    pooled: list[int] = []
    real = processes.process_detected

    def counted(raws, timings, workers=None):
        for analysed in real(raws, timings, workers):
            pooled.append(1)
            yield analysed

    monkeypatch.setattr(processes, "process_detected", counted)
    monkeypatch.setattr(settings, "AUTO_POOL_AFTER_DOCUMENTS", 3)
    documents = DOCUMENTS * 2
    ours = list(analysed_articles(documents, "auto", EntityIndex(), workers=1))
    together = list(analysed_articles(documents, "inprocess", EntityIndex()))
    assert _summary(ours) == _summary(together)
    assert len(pooled) == len(documents) - 3


def test_default_engine_starts_no_pool_for_a_short_input(monkeypatch):
    from newsweave import settings
    from newsweave.engines import processes

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a short input")

    monkeypatch.setattr(processes, "process_detected", no_pool)
    monkeypatch.setattr(settings, "AUTO_POOL_AFTER_DOCUMENTS", len(DOCUMENTS))
    ours = list(analysed_articles(DOCUMENTS, "auto", EntityIndex(), workers=1))
    assert [o.error for o in ours] == [None] * len(DOCUMENTS)


def test_default_engine_leaves_the_cores_an_encoder_process_takes(monkeypatch):
    from newsweave import settings
    from newsweave.engines import available_cores, processes

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started on cores the encoder's process takes")

    monkeypatch.setattr(processes, "process_detected", no_pool)
    monkeypatch.setattr(settings, "AUTO_POOL_AFTER_DOCUMENTS", 1)
    taken = available_cores() - 1  # the driver has one; the encoder's process the rest
    ours = list(analysed_articles(DOCUMENTS, "auto", EntityIndex(), reserved=taken))
    assert _summary(ours) == _summary(
        list(analysed_articles(DOCUMENTS, "inprocess", EntityIndex()))
    )


def test_a_run_reserves_a_core_for_an_encoder_in_its_own_process(tmp_path, monkeypatch):
    import newsweave.engines as engines
    from newsweave.pipeline import Pipeline
    from newsweave.store import open_store

    class InItsProcess:  # an encoder whose model runs in a process of its own
        name = "e5"
        lead_chars = 100
        uses_teacher_process = True

        def embed(self, texts, languages=None):
            return [None] * len(texts)

    asked: list[int] = []
    real = engines.analysed_articles

    def recorded(raws, engine, entities, timings=None, workers=None, reserved=0):
        asked.append(reserved)
        return real(raws, engine, entities, timings, workers, reserved)

    monkeypatch.setattr(engines, "analysed_articles", recorded)
    (tmp_path / "a.txt").write_text(DOCUMENTS[0].text, encoding="utf-8")
    Pipeline(open_store(tmp_path / "n.db"), InItsProcess()).run([str(tmp_path / "a.txt")])
    Pipeline(open_store(tmp_path / "m.db")).run([str(tmp_path / "a.txt")])
    assert asked == [1, 0]


class _KillsItsWorker(RawDocument):
    """A document whose unpickling ends the worker process at once, as an OOM kill would."""

    def __reduce__(self):
        import os

        return (os._exit, (1,))


def test_a_dead_worker_loses_no_document():
    from dataclasses import asdict

    deadly = _KillsItsWorker(**asdict(DOCUMENTS[3]))
    documents = [*DOCUMENTS[:3], deadly]
    outcomes = list(analysed_articles(documents, "processes", EntityIndex(), workers=2))
    assert [o.raw.source for o in outcomes] == [d.source for d in documents]
    assert [o.error for o in outcomes] == [None] * len(documents)
    assert outcomes[3].article.language == "pl"
