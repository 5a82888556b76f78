"""The FAISS backend of VectorIndex: exact inner-product search with stable int64 ids.

An ``IndexIDMap2`` over an ``IndexFlatIP``: flat because exact recall at the matcher's scale
(up to a few hundred thousand jobs or talents) costs milliseconds, and IDMap2 because it keeps
the caller's ids through removal, save and load.  Every faiss error leaves this module as
IndexError_.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

# Absolute import (Python 3 has no implicit relative imports): this is the faiss library,
# not this module, even though this file is also called faiss.py.
import faiss
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

# faiss prefixes its messages with the C++ function and source line; the reader needs the rest
_FAISS_LOCATION = re.compile(r"^Error in .*? at \S+:\d+: ")


def _reason(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines() or [type(exc).__name__]
    return _FAISS_LOCATION.sub("", lines[0])


class FaissIndex(VectorIndex):
    """Exact top-k by inner product; add is an upsert; safe to call from several threads."""

    def __init__(self, dim: int) -> None:
        self.dim = check_dim(dim)
        self._index = faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim))
        # faiss gives no guarantee for a search running while another thread adds or removes,
        # and an upsert is two faiss calls (remove, add) that must look like one to a search.
        self._lock = threading.Lock()

    def _id_array(self) -> np.ndarray:
        # caller holds the lock; id_map is row -> id, a copy of n int64s (cheap next to the rows)
        return faiss.vector_to_array(self._index.id_map)

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        ids_ = check_ids(ids)
        vecs = check_vectors(vectors, self.dim, rows=ids_.size)
        if ids_.size == 0:
            return
        # IndexIDMap2 would happily store the same id twice; the last vector of a batch wins
        ids_, vecs = keep_last(ids_, vecs)
        with self._lock:
            present = ids_[np.isin(ids_, self._id_array())]
            try:
                # only call remove_ids when needed: IndexIDMap2 rebuilds its whole reverse map
                # (O(n)) on every call, even one that removes nothing
                if present.size:
                    self._index.remove_ids(present)
                self._index.add_with_ids(vecs, ids_)
            except (RuntimeError, MemoryError) as exc:
                raise IndexError_(f"faiss could not add {ids_.size} vectors: {_reason(exc)}") from exc

    def remove(self, ids: Sequence[int]) -> int:
        ids_ = check_ids(ids)
        if ids_.size == 0:
            return 0
        with self._lock:
            present = np.unique(ids_[np.isin(ids_, self._id_array())])
            if present.size == 0:
                return 0  # see add: an empty remove_ids still costs O(n)
            try:
                return int(self._index.remove_ids(present))
            except RuntimeError as exc:
                raise IndexError_(f"faiss could not remove ids: {_reason(exc)}") from exc

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        q = check_vectors(queries, self.dim, name="queries")
        k = check_k(k)
        scores, ids = empty_result(q.shape[0], k)
        with self._lock:
            n = self._index.ntotal
            if n == 0 or q.shape[0] == 0:
                return scores, ids
            # ask faiss for no more than it holds: its output is (n_queries, k) whatever k is,
            # so a huge k would allocate for nothing; the padding below fills the rest
            kk = min(k, n)
            try:
                found_scores, found_ids = self._index.search(q, kk)
            except (RuntimeError, MemoryError) as exc:
                raise IndexError_(f"faiss search failed: {_reason(exc)}") from exc
        scores[:, :kk] = found_scores
        ids[:, :kk] = found_ids
        # faiss marks an empty slot with -FLT_MAX; the interface promises -inf
        scores[ids < 0] = -np.inf
        return scores, ids

    def save(self, path: Path) -> None:
        def write(f: BinaryIO) -> None:
            # stream straight into the open temp file (no in-memory copy of the index), so
            # atomic_write can fsync it before the rename
            faiss.write_index(self._index, faiss.PyCallbackIOWriter(f.write))

        # under the lock so the file is one consistent snapshot, not a half-applied upsert
        with self._lock:
            atomic_write(path, write)

    @classmethod
    def load(cls, path: Path, dim: int) -> FaissIndex:
        path = existing_file(path)
        dim = check_dim(dim)
        try:
            index = faiss.read_index(str(path))
        except (RuntimeError, MemoryError) as exc:
            raise IndexError_(f"cannot read FAISS index {path}: {_reason(exc)}") from exc
        if not isinstance(index, faiss.IndexIDMap2):
            raise IndexError_(f"{path} holds a faiss {type(index).__name__}, not an IndexIDMap2")
        inner = faiss.downcast_index(index.index)
        if not isinstance(inner, faiss.IndexFlat) or index.metric_type != faiss.METRIC_INNER_PRODUCT:
            raise IndexError_(f"{path} is not a flat inner-product index")
        if index.d != dim:
            raise IndexError_(f"index in {path} has dim {index.d}, expected {dim}")
        ids = faiss.vector_to_array(index.id_map)
        # a damaged file can still parse; ids that are negative, repeated or out of step with
        # the rows would break upserts and search results later, far from the cause
        if ids.size != index.ntotal or inner.ntotal != index.ntotal or (ids < 0).any() or np.unique(ids).size != ids.size:
            raise IndexError_(f"{path} is corrupt: its ids do not match its vectors")
        loaded = cls(dim)
        loaded._index = index
        return loaded

    def ids(self) -> np.ndarray:
        with self._lock:
            return self._id_array()

    def __len__(self) -> int:
        with self._lock:
            return int(self._index.ntotal)


def limit_threads(n: int) -> None:
    """Cap FAISS's OpenMP threads for the whole process.

    Measured (tests/benchmarks/bench_index.py): on two shared cores, single queries with
    one OpenMP thread have a stable p50/p95, while the default two threads swing widely;
    the matcher already runs queries from several threads at once.
    """
    faiss.omp_set_num_threads(max(1, n))
