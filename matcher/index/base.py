"""The VectorIndex interface shared by every backend (one contract test covers them all).

Vectors are unit length, so inner product is cosine similarity.  Ids are caller-chosen
int64 values (>= 0) that stay stable across save/load; adding an id that is already present
replaces its vector.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np


class IndexError_(Exception):
    """A vector index operation failed (wrong dimension, unreadable file, bad id)."""


class VectorIndex(ABC):
    dim: int

    @abstractmethod
    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Insert or replace the vectors for ``ids`` (shape (len(ids), dim))."""

    @abstractmethod
    def remove(self, ids: Sequence[int]) -> int:
        """Remove ``ids`` if present; returns how many were removed."""

    @abstractmethod
    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k by inner product for each query row.

        Returns (scores, ids), both shape (n_queries, k); missing slots have id -1 and
        score -inf.  Rows are sorted by descending score.
        """

    @abstractmethod
    def save(self, path: Path) -> None:
        """Write the index atomically to ``path``."""

    @classmethod
    @abstractmethod
    def load(cls, path: Path, dim: int) -> VectorIndex:
        """Read an index written by ``save``; raises IndexError_ if unreadable or of another dim."""

    @abstractmethod
    def ids(self) -> np.ndarray:
        """All ids present, as an int64 array (any order)."""

    @abstractmethod
    def __len__(self) -> int: ...

    def __contains__(self, id_: int) -> bool:
        return bool(np.isin(np.int64(id_), self.ids()).any())


# --- helpers shared by the backends -------------------------------------------------------
# Validation lives here, not in each backend, so that every backend rejects exactly the same
# inputs with exactly the same messages (the contract test relies on it).

_INT64_MAX = np.iinfo(np.int64).max


def check_dim(dim: int) -> int:
    """``dim`` as a positive int, or IndexError_."""
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or dim <= 0:
        raise IndexError_(f"dim must be a positive integer, got {dim!r}")
    return int(dim)


def check_k(k: int) -> int:
    """``k`` as a positive int, or IndexError_."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise IndexError_(f"k must be an integer, got {k!r}")
    if k <= 0:
        raise IndexError_(f"k must be positive, got {k}")
    return int(k)


def check_ids(ids: Sequence[int]) -> np.ndarray:
    """``ids`` as a 1-D int64 array of values >= 0, or IndexError_."""
    try:
        arr = np.asarray(ids)
    except (OverflowError, TypeError, ValueError) as exc:
        raise IndexError_(f"ids must be a 1-D sequence of int64 values: {exc}") from exc
    if arr.ndim != 1:
        raise IndexError_(f"ids must be a 1-D sequence, got shape {arr.shape}")
    if arr.size == 0:
        # np.asarray([]) is float64: an empty list is still a valid (empty) set of ids
        return np.empty(0, dtype=np.int64)
    if arr.dtype.kind not in "iu":
        raise IndexError_(f"ids must be int64 integers, got dtype {arr.dtype}")
    if arr.dtype.kind == "u" and arr.max() > _INT64_MAX:
        raise IndexError_(f"ids must fit in int64, got {arr.max()}")
    if arr.dtype.kind == "i" and arr.min() < 0:
        # -1 marks an empty slot in search results, so negative ids could never be told apart
        raise IndexError_(f"ids must be >= 0, got {arr.min()}")
    return arr.astype(np.int64, copy=False)


def check_vectors(vectors: np.ndarray, dim: int, rows: int | None = None, name: str = "vectors") -> np.ndarray:
    """``vectors`` as a C-contiguous float32 (n, dim) array of finite values, or IndexError_.

    ``rows``, when given, is the number of ids the vectors belong to.
    """
    if not isinstance(vectors, np.ndarray):
        raise IndexError_(f"{name} must be a numpy array, got {type(vectors).__name__}")
    if vectors.dtype != np.float32:
        # refuse rather than cast: embedders produce float32, so anything else is a caller bug
        raise IndexError_(f"{name} must be float32, got {vectors.dtype}")
    if vectors.ndim != 2 or vectors.shape[1] != dim:
        raise IndexError_(f"{name} must have shape (n, {dim}), got {vectors.shape}")
    if rows is not None and vectors.shape[0] != rows:
        raise IndexError_(f"got {rows} ids but {vectors.shape[0]} vectors")
    if not np.isfinite(vectors).all():
        # one NaN would poison every score it takes part in
        raise IndexError_(f"{name} contain NaN or infinite values")
    # a strided or Fortran-ordered array is a layout detail, not an error: copy it
    return np.ascontiguousarray(vectors)


def keep_last(ids: np.ndarray, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drop repeated ids within one batch, keeping the last vector of each (upsert order)."""
    uniq, first_in_reversed = np.unique(ids[::-1], return_index=True)
    if uniq.size == ids.size:
        return ids, vectors
    keep = np.sort(ids.size - 1 - first_in_reversed)
    return ids[keep], vectors[keep]


def empty_result(n_queries: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Search results with every slot missing: scores -inf, ids -1."""
    return (
        np.full((n_queries, k), -np.inf, dtype=np.float32),
        np.full((n_queries, k), -1, dtype=np.int64),
    )


def existing_file(path: Path | str) -> Path:
    """``path`` as a Path to an existing regular file, or IndexError_."""
    path = Path(path)
    if not path.is_file():
        raise IndexError_(f"no index file at {path}")
    return path


def atomic_write(path: Path | str, write: Callable[[BinaryIO], None]) -> None:
    """Call ``write(file)`` on a temp file beside ``path``, fsync it, then rename over ``path``.

    A crash at any point leaves either the old file or the new one, never half of one: the
    temp file lives in the same folder so os.replace is an atomic rename on one filesystem.
    Any failure is raised as IndexError_ and leaves no temp file behind.  The file is created
    readable by its owner only (mkstemp's 0600): index vectors are derived from resumes.
    """
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise IndexError_(f"cannot write index to {path}: {exc}") from exc
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        _fsync_folder(path.parent)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, IndexError_) or not isinstance(exc, Exception):
            raise  # already ours, or KeyboardInterrupt / SystemExit: let it through
        raise IndexError_(f"cannot write index to {path}: {exc}") from exc


def _fsync_folder(folder: Path) -> None:
    # the rename itself is only durable once the folder's entry is on disk
    if not hasattr(os, "O_DIRECTORY"):  # Windows cannot open a folder; its rename is durable
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
