"""Train the entity recogniser from annotated news (`newsweave train ner`).

The same steps as the tagger (recognise.py) turn each annotated text into sentences of tokens
with the rule passes' knowledge as features; the gold spans become BIO tags; a linear-chain
CRF (python-crfsuite, L-BFGS with L1 and L2 penalties) learns the weights. Training is
deterministic: the texts are read in sorted file order, L-BFGS has no random step, and the
sentences learnt without their language's features are drawn from the config's seed, so the
same data and config give the same model file.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsweave import settings
from newsweave.entities import word_clusters
from newsweave.entities.corpus import AnnotatedText, read_corpus
from newsweave.entities.detect import rule_mentions
from newsweave.entities.features import token_features
from newsweave.entities.gazetteer import Gazetteer, default_gazetteer
from newsweave.entities.recognise import MODEL_FILE, bio_tags, sequences

TYPES = ("PER", "ORG", "LOC", "PRO", "EVT")


@dataclass
class TrainingConfig:
    """What `newsweave train ner` learns from and how; written to the model's config.json."""

    seed: int = 0
    max_iterations: int = settings.NER_TRAIN_ITERATIONS
    c1: float = settings.NER_TRAIN_L1
    c2: float = settings.NER_TRAIN_L2
    min_feature_count: int = settings.NER_TRAIN_MIN_FEATURE_COUNT
    # a set without a dev file keeps every Nth text out of training, to be scored on (0: none)
    hold_out_every: int = 0
    # sentences learnt without their language's own features, so the shared weights must
    # tell names alone: they are all a language without annotated data gets
    shared_only_share: float = settings.NER_TRAIN_SHARED_ONLY_SHARE
    # granularities of the word clusters it reads (entities.word_clusters); [] for none
    word_clusters: list[int] = field(default_factory=lambda: list(settings.NER_WORD_CLUSTERS))

    @classmethod
    def of_model(cls, model_dir: Path) -> TrainingConfig:
        """The config a model folder was trained with (its config.json), or the defaults."""
        path = model_dir / "config.json"
        return cls(**json.loads(path.read_text())) if path.exists() else cls()

    def crfsuite_params(self) -> dict:
        return {
            "c1": self.c1,
            "c2": self.c2,
            "max_iterations": self.max_iterations,
            "feature.minfreq": self.min_feature_count,
            "feature.possible_transitions": True,
        }


@dataclass
class Split:
    """Annotated texts to learn from and texts kept out to score on."""

    train: list[AnnotatedText] = field(default_factory=list)
    dev: list[AnnotatedText] = field(default_factory=list)


def _is_dev_file(source: str) -> bool:
    name = Path(source.split(":")[0]).name.lower()
    return name.startswith(("dev", "test", "valid"))


def held_out(position: int, every: int) -> bool:
    """The texts a set without a dev file keeps out: every `every`th, counted from the end of
    each run of `every`, so the first texts of a small set are always trained on."""
    return every > 0 and position % every == every - 1


def split_corpus(texts: Iterable[AnnotatedText], hold_out_every: int) -> Split:
    """Train on train files; keep dev/test files out; in a set that has neither (one file, or
    one folder of documents) keep every `hold_out_every`th text out."""
    split = Split()
    by_set: dict[str, list[AnnotatedText]] = {}
    for text in texts:
        if _is_dev_file(text.source):
            split.dev.append(text)
        else:
            by_set.setdefault(_set_of(text.source), []).append(text)
    dev_sets = {_set_of(t.source) for t in split.dev}
    for name, members in by_set.items():
        if name in dev_sets:
            split.train += members
            continue
        for position, text in enumerate(members):
            (split.dev if held_out(position, hold_out_every) else split.train).append(text)
    return split


def _set_of(source: str) -> str:
    """A text's set: the folder of its file (hr_set/train.iob2 and hr_set/dev.iob2 are one)."""
    path = Path(source.split(":")[0])
    return str(path.parent if path.suffix.lower() in (".iob2", ".bio", ".conll", ".txt") else path)


def read_training_data(paths: list[Path]) -> Iterator[AnnotatedText]:
    for path in paths:
        yield from read_corpus(path)


@dataclass
class Prepared:
    """An annotated text as the trainer consumes it: per sentence, the words, the rules' tags
    and the gold tags (features are made from them as the trainer takes each sentence, which
    keeps millions of tokens in memory at a few bytes each)."""

    language: str
    sentences: list[tuple[list[str], list[str], list[str]]]
    mentions: Counter[str] = field(default_factory=Counter)


def prepare(text: AnnotatedText, gazetteer: Gazetteer) -> Prepared:
    knowledge = rule_mentions(text.text, text.language, gazetteer)
    spans = [(m.start, m.end, m.type) for m in knowledge]
    out = []
    for tokens, known in sequences(text.text, spans):
        out.append(([t.text for t in tokens], known, bio_tags(tokens, text.spans)))
    return Prepared(text.language, out, Counter(t for _, _, t in text.spans))


def prepare_all(
    texts: list[AnnotatedText],
    gazetteer: Gazetteer,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Prepared]:
    out = []
    for done, text in enumerate(texts, 1):
        out.append(prepare(text, gazetteer))
        if progress and (done % 200 == 0 or done == len(texts)):
            progress("reading", done, len(texts))
    return out


def train_model(
    texts: list[Prepared],
    output: Path,
    config: TrainingConfig,
    sources: list[str],
    progress: Callable[[str, int, int], None] | None = None,
    gazetteer: Gazetteer | None = None,
) -> dict:
    """Learn a model from prepared `texts` into the folder `output` (model.crfsuite,
    meta.json, config.json); returns the meta."""
    import pycrfsuite

    gazetteer = gazetteer or default_gazetteer()
    output.mkdir(parents=True, exist_ok=True)
    iterations = {"done": 0}

    class _Trainer(pycrfsuite.Trainer):  # type: ignore[misc]
        def message(self, message: str) -> None:
            # every line CRFsuite logs goes through here; its parser counts the iterations
            super().message(message)
            done = len(self.logparser.iterations)
            if done != iterations["done"]:
                iterations["done"] = done
                if progress:
                    progress("training", done, config.max_iterations)

    trainer = _Trainer(verbose=False)
    trainer.set_params(config.crfsuite_params())
    tokens = 0
    languages: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    started = time.time()
    first_names = gazetteer.first_names
    clusters = None
    if config.word_clusters:
        clusters = word_clusters.build(config.word_clusters, config.seed)
        clusters.save(output)
    else:
        (output / word_clusters.FILE).unlink(missing_ok=True)  # another model's, left there
    chance = random.Random(config.seed)
    for done, text in enumerate(texts, 1):
        for words, known, tags in text.sentences:
            language = "" if chance.random() < config.shared_only_share else text.language
            features = token_features(words, known, first_names, language, clusters)
            trainer.append(features, tags)
            tokens += len(tags)
        languages[text.language or "?"] += 1
        mentions.update(text.mentions)
        if progress and (done % 500 == 0 or done == len(texts)):
            progress("features", done, len(texts))
    trainer.train(str(output / MODEL_FILE))
    weights = (output / MODEL_FILE).read_bytes()
    meta = {
        "name": "newsweave-ner",
        "model": "linear-chain CRF (python-crfsuite), rule-pass knowledge as features",
        "types": list(TYPES),
        "trained_on": sources,
        "languages": dict(sorted(languages.items())),
        "texts": len(texts),
        "tokens": tokens,
        "mentions": dict(sorted(mentions.items())),
        "iterations": iterations["done"],
        "seconds": round(time.time() - started),
        "sha256": hashlib.sha256(weights).hexdigest(),
        "size_bytes": len(weights),
    }
    (output / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
    (output / "config.json").write_text(json.dumps(config.__dict__, indent=1) + "\n")
    return meta


def score(
    texts: list[AnnotatedText], found: Callable[[AnnotatedText], list[tuple[int, int, str]]]
) -> dict:
    """Micro precision, recall and F1 of exact (span, type) mentions over `texts`, overall and
    per language. A type the texts' annotators never use (PRO and EVT in most sets) is not
    scored: the set cannot say whether such a name is right."""
    used = {t for text in texts for _, _, t in text.spans}
    counts: dict[str, Counter[str]] = {}
    for text in texts:
        gold = set(text.spans)
        predicted = {s for s in found(text) if s[2] in used}
        for key in ("all", text.language or "?"):
            tally = counts.setdefault(key, Counter())
            tally["hit"] += len(gold & predicted)
            tally["predicted"] += len(predicted)
            tally["gold"] += len(gold)
    return {
        **_prf(counts.get("all", Counter())),
        "per_language": {k: _prf(v) for k, v in sorted(counts.items()) if k != "all"},
    }


def _prf(tally: Counter[str]) -> dict:
    p = tally["hit"] / tally["predicted"] if tally["predicted"] else 0.0
    r = tally["hit"] / tally["gold"] if tally["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        **{k: tally[k] for k in ("hit", "predicted", "gold")},
    }


def evaluate(model_dir: Path, texts: list[AnnotatedText]) -> dict:
    """The model in `model_dir`, as the pipeline runs it, scored on `texts`."""
    from newsweave.entities.recognise import NerModel, find_mentions

    model = NerModel(model_dir)

    def found(text: AnnotatedText) -> list[tuple[int, int, str]]:
        return [
            (m.start, m.end, m.type) for m in find_mentions(text.text, text.language, model=model)
        ]

    return score(texts, found)
