"""The numpy reference backend of VectorIndex: a dict id -> row and a brute-force matrix product.

Small enough to be obviously right, so it is what the FAISS backend is checked against (the
contract test) and measured against (tests/benchmarks/bench_index.py).  Saved as an
uncompressed ``.npz`` holding ``ids`` (int64) and ``vectors`` (float32, n x dim).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

# Absolute import: the numpy library, not this module of the same name.
import numpy as np

from matcher.index.base import (
    IndexError_,
    VectorIndex,
    atomic_write,
    check_dim,
    check_ids,
    check_k,
    check_vectors,
    empty_result,
    existing_file,
    keep_last,
)


class NumpyIndex(VectorIndex):
    """Exact top-k by inner product over a dense matrix; add is an upsert; thread-safe."""

    def __init__(self, dim: int) -> None:
        self.dim = check_dim(dim)
        self._rows: dict[int, int] = {}  # id -> row of _vectors / _ids
        self._ids = np.empty(0, dtype=np.int64)  # row -> id
        self._vectors = np.empty((0, self.dim), dtype=np.float32)
        # add overwrites rows in place, so a search must not run beside it
        self._lock = threading.Lock()

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        ids_ = check_ids(ids)
        vecs = check_vectors(vectors, self.dim, rows=ids_.size)
        if ids_.size == 0:
            return
        ids_, vecs = keep_last(ids_, vecs)
        with self._lock:
            rows = np.fromiter((self._rows.get(i, -1) for i in ids_.tolist()), np.int64, ids_.size)
            known = rows >= 0
            self._vectors[rows[known]] = vecs[known]
            new_ids = ids_[~known]
            if new_ids.size:
                first = self._ids.size
                # concatenate copies, so the index never shares memory with the caller's arrays
                self._vectors = np.concatenate([self._vectors, vecs[~known]])
                self._ids = np.concatenate([self._ids, new_ids])
                self._rows.update(zip(new_ids.tolist(), range(first, first + new_ids.size), strict=True))

    def remove(self, ids: Sequence[int]) -> int:
        ids_ = check_ids(ids)
        with self._lock:
            rows = [self._rows[i] for i in set(ids_.tolist()) if i in self._rows]
            if not rows:
                return 0
            keep = np.ones(self._ids.size, dtype=bool)
            keep[rows] = False
            self._ids = self._ids[keep]
            self._vectors = self._vectors[keep]
            self._rows = dict(zip(self._ids.tolist(), range(self._ids.size), strict=True))
            return len(rows)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        q = check_vectors(queries, self.dim, name="queries")
        k = check_k(k)
        scores, ids = empty_result(q.shape[0], k)
        with self._lock:
            n = self._ids.size
            if n == 0 or q.shape[0] == 0:
                return scores, ids
            kk = min(k, n)
            sims = q @ self._vectors.T  # (n_queries, n), a new array
            # _ids is only ever replaced, never written in place, so this reference stays in
            # step with sims and the ranking below can run without holding the lock
            row_ids = self._ids
        if kk < n:
            # argpartition finds the k best in O(n); only those k are then sorted
            top = np.argpartition(sims, n - kk, axis=1)[:, n - kk :]
        else:
            top = np.broadcast_to(np.arange(n), sims.shape)
        top_scores = np.take_along_axis(sims, top, axis=1)
        order = np.argsort(-top_scores, axis=1, kind="stable")
        scores[:, :kk] = np.take_along_axis(top_scores, order, axis=1)
        ids[:, :kk] = row_ids[np.take_along_axis(top, order, axis=1)]
        return scores, ids

    def save(self, path: Path) -> None:
        def write(f: BinaryIO) -> None:
            np.savez(f, ids=self._ids, vectors=self._vectors)

        # under the lock: add overwrites rows in place, so a consistent snapshot needs it held
        with self._lock:
            atomic_write(path, write)

    @classmethod
    def load(cls, path: Path, dim: int) -> NumpyIndex:
        path = existing_file(path)
        dim = check_dim(dim)
        try:
            with path.open("rb") as f:
                is_zip = f.read(4) == b"PK\x03\x04"
        except OSError as exc:
            raise IndexError_(f"cannot read numpy index {path}: {exc}") from exc
        if not is_zip:
            # np.load would try it as a pickle and blame allow_pickle, which misleads
            raise IndexError_(f"{path} is not a numpy index (.npz) file")
        try:
            with np.load(path, allow_pickle=False) as data:
                ids, vectors = data["ids"], data["vectors"]
        # np.load and zipfile raise a wide, undocumented range of errors on a damaged file
        # (BadZipFile, ValueError, EOFError, KeyError, AttributeError for a bare .npy, ...)
        except Exception as exc:  # noqa: BLE001 - every one of them means "unreadable"
            raise IndexError_(f"cannot read numpy index {path}: {exc!r}") from exc
        if vectors.ndim == 2 and vectors.shape[1] != dim:
            raise IndexError_(f"index in {path} has dim {vectors.shape[1]}, expected {dim}")
        try:
            ids = check_ids(ids)
            vectors = check_vectors(vectors, dim, rows=ids.size)
        except IndexError_ as exc:
            raise IndexError_(f"{path} is corrupt: {exc}") from exc
        if np.unique(ids).size != ids.size:
            raise IndexError_(f"{path} is corrupt: its ids are not unique")
        loaded = cls(dim)
        loaded._ids = ids
        loaded._vectors = vectors
        loaded._rows = dict(zip(ids.tolist(), range(ids.size), strict=True))
        return loaded

    def ids(self) -> np.ndarray:
        with self._lock:
            return self._ids.copy()

    def __len__(self) -> int:
        with self._lock:
            return int(self._ids.size)

    def __contains__(self, id_: int) -> bool:
        with self._lock:
            return int(id_) in self._rows  # O(1), unlike the base class's scan of ids()
