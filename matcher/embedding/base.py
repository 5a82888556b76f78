"""The Embedder interface.

Retrieval models of the e5 family are asymmetric: the side that searches is encoded as a
*query* ("query: ..."), the side that is searched as a *passage* ("passage: ...").  Every
job and every talent therefore gets two vectors: a passage vector stored in its own index,
and a query vector used to search the other index.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np


class EmbeddingError(Exception):
    """The model could not be loaded or could not encode the given texts."""


class Embedder(ABC):
    """Encodes texts into L2-normalised float32 vectors of a fixed dimension."""

    #: a short name of the model, recorded beside every vector (a change forces re-embedding)
    name: str
    #: vector dimension
    dim: int

    @abstractmethod
    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for the searching side; shape (len(texts), dim), float32, unit length."""

    @abstractmethod
    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for the searched side; shape (len(texts), dim), float32, unit length."""
