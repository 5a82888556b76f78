"""A deterministic, dependency-light Embedder for unit tests: character hashing, no model.

``HashingEmbedder`` lets tests of the index, the matcher service and the handlers run in
milliseconds without torch or a model folder.  It knows nothing about meaning: texts are
close only when they share characters ("储能运维" is as close to "运维储能" as to itself).
It is therefore never used by a test that claims matching *works* — those load the real
model (see tests/matcher/test_embedding.py); a test that passed with hashing proves
plumbing, not relevance.
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from matcher.embedding.base import Embedder, EmbeddingError
from matcher.embedding.sentence import checked_texts


class HashingEmbedder(Embedder):
    """Character unigrams and bigrams hashed into ``dim`` signed buckets, L2-normalised.

    Queries and documents get the same vector: there is no asymmetry to model.
    """

    def __init__(self, dim: int = 256) -> None:
        if dim < 2:
            raise EmbeddingError(f"dim must be at least 2, got {dim}")
        self.dim = dim
        self.name = f"hashing-{dim}"

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = checked_texts(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in _features(text):
                bucket, sign = _bucket(feature, self.dim)
                out[row, bucket] += sign
            norm = np.linalg.norm(out[row])
            if norm == 0.0:  # features cancelled out: fall back to a fixed unit vector
                bucket, sign = _bucket("\0" + text, self.dim)
                out[row, bucket], norm = sign, 1.0
            out[row] /= norm
        return out


def _features(text: str) -> list[str]:
    # NFKC + casefold so that full-width "ＰＬＣ" and "plc" share features, as they would
    # for a real tokenizer; bigrams stay inside a whitespace-separated word.
    words = unicodedata.normalize("NFKC", text).casefold().split()
    features = [char for word in words for char in word]
    features += [word[i:i + 2] for word in words for i in range(len(word) - 1)]
    return features or [""]  # the empty text still gets a (fixed) unit vector


@lru_cache(maxsize=65536)
def _bucket(feature: str, dim: int) -> tuple[int, float]:
    # blake2b, not hash(): Python salts str hashes per process, and vectors must not change
    # between runs (they may be stored in an index file by a test).
    digest = int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little")
    return digest % dim, 1.0 if (digest >> 63) & 1 else -1.0
