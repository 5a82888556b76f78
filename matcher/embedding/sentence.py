"""The production Embedder: a sentence-transformers model loaded from local files only.

The default model is the multilingual-e5-small folder made by ``matcher.embedding.prepare``;
any other sentence-transformers folder, or a model id already in the local Hugging Face
cache, works too.  Nothing is ever downloaded: the hub is not reachable from the machines,
and a silent download at start-up would make the deployed model depend on the network.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from matcher.embedding.base import Embedder, EmbeddingError

logger = logging.getLogger(__name__)

QUERY_PROMPT, PASSAGE_PROMPT = "query", "passage"


def cpu_budget() -> int:
    """CPUs this process may really use: its affinity mask, capped by a cgroup v2 quota.

    torch sizes its pool from the cores it can see; in a container limited to 2 CPUs on a
    big host that oversubscribes and every encode slows down.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cpus = min(cpus, max(1, int(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return max(1, cpus)


def _limit_torch_threads(torch) -> None:
    # An explicit OMP_NUM_THREADS / MKL_NUM_THREADS is the operator's choice: torch has
    # already sized its pool from it, so leave it alone.
    if os.environ.get("OMP_NUM_THREADS") or os.environ.get("MKL_NUM_THREADS"):
        return
    budget = cpu_budget()
    if torch.get_num_threads() > budget:
        torch.set_num_threads(budget)


class SentenceTransformerEmbedder(Embedder):
    """Encodes with a local sentence-transformers model.

    Uses the model's own "query" / "passage" prompts when it defines them (e5 models need
    them: "query: " for the searching side, "passage: " for what is searched); a model
    without them gets the bare text on both sides.
    """

    def __init__(self, model: str | Path, batch_size: int = 32, device: str = "cpu") -> None:
        if batch_size < 1:
            raise EmbeddingError(f"batch_size must be at least 1, got {batch_size}")
        # a Path, or a string that is spelled like one, must be a folder; any other string is a
        # model id looked up in the local Hugging Face cache
        spelled_as_path = isinstance(model, Path) or str(model).startswith(("/", ".", "~"))
        is_folder = Path(str(model)).expanduser().is_dir()
        if spelled_as_path and not is_folder:
            raise EmbeddingError(f"embedding model folder {model} does not exist")
        location = str(Path(model).expanduser()) if is_folder else str(model)
        self.name = Path(location).name if is_folder else location
        self.batch_size = batch_size
        # Set before sentence-transformers (and huggingface_hub, which reads them on import)
        # load: no request to the hub, not even a metadata check.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        try:
            import torch
            from sentence_transformers import SentenceTransformer

            _limit_torch_threads(torch)
            self._model = SentenceTransformer(location, device=device, local_files_only=True)
        except Exception as exc:  # the library raises OSError, ValueError, RuntimeError, ...
            raise EmbeddingError(f"cannot load embedding model {location!r} offline: {exc}") from exc
        self._model.eval()
        dim = self._dimension()
        if not dim:
            raise EmbeddingError(f"embedding model {location!r} does not report its vector dimension")
        self.dim = int(dim)
        prompts = getattr(self._model, "prompts", None) or {}
        self._query_prompt = QUERY_PROMPT if prompts.get(QUERY_PROMPT) else None
        self._passage_prompt = PASSAGE_PROMPT if prompts.get(PASSAGE_PROMPT) else None
        logger.info("loaded embedding model %s (dim %d, prompts %s/%s, %d torch threads)",
                    self.name, self.dim, self._query_prompt, self._passage_prompt, torch.get_num_threads())

    def _dimension(self) -> int | None:
        # renamed in sentence-transformers 6; the old name still works but warns
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return getter()

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._query_prompt)

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._passage_prompt)

    def _encode(self, texts: Sequence[str], prompt_name: str | None) -> np.ndarray:
        texts = checked_texts(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        try:
            vectors = self._model.encode(
                texts, prompt_name=prompt_name, batch_size=self.batch_size,
                normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False,
            )
        except Exception as exc:
            raise EmbeddingError(f"{self.name} could not encode {len(texts)} texts: {exc}") from exc
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


def checked_texts(texts: Sequence[str]) -> list[str]:
    """The texts as a list, or EmbeddingError if they are not a sequence of str."""
    # A bare string is a Sequence too: encoding it would silently embed each character.
    if isinstance(texts, str):
        raise EmbeddingError("expected a sequence of texts, got a single string")
    texts = list(texts)
    bad = next((i for i, text in enumerate(texts) if not isinstance(text, str)), None)
    if bad is not None:
        raise EmbeddingError(f"text {bad} is a {type(texts[bad]).__name__}, not a str")
    return texts
