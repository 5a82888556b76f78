"""Embedding backends: turn the text of a job or a talent into a normalised vector."""
from matcher.embedding.base import Embedder

__all__ = ["Embedder"]
