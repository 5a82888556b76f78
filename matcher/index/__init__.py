"""Vector indexes with stable int64 ids: FAISS for production, numpy as the reference."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from matcher.index.base import IndexError_, VectorIndex

if TYPE_CHECKING:
    from matcher.index.faiss import FaissIndex
    from matcher.index.numpy import NumpyIndex

__all__ = ["FaissIndex", "IndexError_", "NumpyIndex", "VectorIndex"]


def __getattr__(name: str) -> Any:
    # The backends are imported on first use so that importing the interface (matcher.index.base
    # runs this file first) does not load faiss's native library for code that never uses it.
    if name == "FaissIndex":
        from matcher.index.faiss import FaissIndex

        return FaissIndex
    if name == "NumpyIndex":
        from matcher.index.numpy import NumpyIndex

        return NumpyIndex
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
