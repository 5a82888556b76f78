"""The VectorIndex contract: one suite that every backend in matcher/index/ must pass.

Each test takes the ``backend`` fixture, which yields each backend class in turn, so a new
backend is covered by adding it to BACKENDS.  The last test checks the backends against each
other on the same data.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from matcher.index import FaissIndex, IndexError_, NumpyIndex, VectorIndex

BACKENDS = [FaissIndex, NumpyIndex]
DIM = 16
# float32 dot products summed in a different order (BLAS vs faiss kernels) differ by ~1e-7
TOL = 1e-5


@pytest.fixture(params=BACKENDS, ids=lambda cls: cls.__name__)
def backend(request: pytest.FixtureRequest):
    yield request.param


def unit(rng: np.random.Generator, n: int, dim: int = DIM) -> np.ndarray:
    v = rng.standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def filled(backend: type[VectorIndex], n: int = 50, seed: int = 0) -> tuple[VectorIndex, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    ids = rng.choice(10**12, size=n, replace=False).astype(np.int64)
    vectors = unit(rng, n)
    index = backend(DIM)
    index.add(ids, vectors)
    return index, ids, vectors


def near_tie(scores: np.ndarray) -> np.ndarray:
    """True where a slot's score is within TOL of a neighbour's: there, order is arbitrary."""
    close = np.abs(np.diff(scores, axis=1)) <= TOL
    tied = np.zeros(scores.shape, dtype=bool)
    tied[:, 1:] |= close
    tied[:, :-1] |= close
    return tied


def assert_same_topk(ids_a, scores_a, ids_b, scores_b) -> None:
    np.testing.assert_allclose(scores_a, scores_b, atol=TOL)
    assert ((ids_a == ids_b) | near_tie(scores_b)).all()


# --- search -------------------------------------------------------------------------------


def test_is_a_vector_index(backend):
    index = backend(DIM)
    assert isinstance(index, VectorIndex)
    assert index.dim == DIM and len(index) == 0 and index.ids().dtype == np.int64


def test_search_is_exact_against_brute_force(backend):
    index, ids, vectors = filled(backend, n=500)
    queries = unit(np.random.default_rng(1), 20)
    k = 10
    scores, found = index.search(queries, k)
    assert scores.shape == found.shape == (20, k)
    assert scores.dtype == np.float32 and found.dtype == np.int64

    truth = queries.astype(np.float64) @ vectors.astype(np.float64).T
    order = np.argsort(-truth, axis=1)[:, :k]
    assert_same_topk(found, scores, ids[order], np.take_along_axis(truth, order, axis=1))
    assert (np.diff(scores, axis=1) <= 0).all()  # sorted by descending score


def test_search_accepts_non_contiguous_queries(backend):
    index, ids, vectors = filled(backend)
    scores, found = index.search(np.asfortranarray(vectors[::5]), 1)
    np.testing.assert_array_equal(found[:, 0], ids[::5])
    np.testing.assert_allclose(scores[:, 0], 1.0, atol=TOL)


def test_k_larger_than_count_pads(backend):
    index, ids, vectors = filled(backend, n=3)
    scores, found = index.search(vectors[:2], 7)
    assert found.shape == scores.shape == (2, 7)
    assert sorted(found[0, :3]) == sorted(ids)
    assert (found[:, 3:] == -1).all() and np.isneginf(scores[:, 3:]).all()
    assert np.isfinite(scores[:, :3]).all()


def test_search_of_empty_index(backend):
    scores, found = backend(DIM).search(unit(np.random.default_rng(0), 2), 5)
    assert found.shape == (2, 5) and (found == -1).all() and np.isneginf(scores).all()


def test_search_with_no_queries(backend):
    index, _, _ = filled(backend)
    scores, found = index.search(np.empty((0, DIM), dtype=np.float32), 4)
    assert scores.shape == found.shape == (0, 4)


# --- add is an upsert, remove ---------------------------------------------------------------


def test_add_replaces_an_existing_id(backend):
    rng = np.random.default_rng(0)
    index, ids, _ = filled(backend)
    new = unit(rng, 1)
    index.add([ids[7]], new)
    assert len(index) == 50
    scores, found = index.search(new, 1)
    assert found[0, 0] == ids[7] and scores[0, 0] == pytest.approx(1.0, abs=TOL)


def test_repeated_id_in_one_batch_keeps_the_last(backend):
    rng = np.random.default_rng(0)
    vectors = unit(rng, 3)
    index = backend(DIM)
    index.add([5, 6, 5], vectors)
    assert len(index) == 2 and sorted(index.ids()) == [5, 6]
    scores, found = index.search(vectors[2:], 1)
    assert found[0, 0] == 5 and scores[0, 0] == pytest.approx(1.0, abs=TOL)


def test_ids_may_be_any_integer_sequence(backend):
    index = backend(DIM)
    index.add(range(3), unit(np.random.default_rng(0), 3))
    index.add(np.array([3], dtype=np.uint32), unit(np.random.default_rng(1), 1))
    index.add([], np.empty((0, DIM), dtype=np.float32))
    assert sorted(index.ids()) == [0, 1, 2, 3]
    assert 2 in index and 9 not in index


def test_remove_returns_count_and_id_disappears(backend):
    index, ids, vectors = filled(backend)
    assert index.remove([ids[0], ids[1], ids[1]]) == 2
    assert len(index) == 48
    assert ids[0] not in index and ids[0] not in set(index.ids())
    _, found = index.search(vectors[:2], 50)
    assert ids[0] not in found and ids[1] not in found
    assert (found[:, 48:] == -1).all()


def test_removing_absent_ids_is_fine(backend):
    index, ids, _ = filled(backend)
    assert index.remove([ids.max() + 1, 123]) == 0
    assert index.remove([]) == 0
    assert backend(DIM).remove([1]) == 0
    assert len(index) == 50


# --- validation ------------------------------------------------------------------------------

V2 = np.zeros((2, DIM), dtype=np.float32)


@pytest.mark.parametrize(
    ("ids", "vectors", "message"),
    [
        ([1, 2], np.zeros((2, DIM + 1), dtype=np.float32), "shape"),
        ([1, 2, 3], V2, "3 ids but 2 vectors"),
        ([1, -2], V2, ">= 0"),
        ([1, 2], V2.astype(np.float64), "float32"),
        ([1, 2], V2.tolist(), "numpy array"),
        ([1], np.zeros(DIM, dtype=np.float32), "shape"),
        ([1, 2], np.full((2, DIM), np.nan, dtype=np.float32), "NaN"),
        ([1.0, 2.0], V2, "integers"),
        ([[1, 2]], V2, "1-D"),
        ([2**64], V2[:1], "int64"),
        ([2**63], V2[:1], "fit in int64"),
    ],
)
def test_bad_add_raises_and_changes_nothing(backend, ids, vectors, message):
    index, before, _ = filled(backend)
    with pytest.raises(IndexError_, match=message):
        index.add(ids, vectors)
    assert len(index) == 50 and sorted(index.ids()) == sorted(before)


@pytest.mark.parametrize(
    ("queries", "k", "message"),
    [
        (np.zeros((1, DIM + 1), dtype=np.float32), 3, "shape"),
        (np.zeros(DIM, dtype=np.float32), 3, "shape"),
        (np.zeros((1, DIM), dtype=np.float64), 3, "float32"),
        (np.zeros((1, DIM), dtype=np.float32), 0, "positive"),
        (np.zeros((1, DIM), dtype=np.float32), -1, "positive"),
        (np.zeros((1, DIM), dtype=np.float32), 2.0, "integer"),
        (np.zeros((1, DIM), dtype=np.float32), True, "integer"),
    ],
)
def test_bad_search_raises(backend, queries, k, message):
    index, _, _ = filled(backend)
    with pytest.raises(IndexError_, match=message):
        index.search(queries, k)


def test_bad_remove_and_dim_raise(backend):
    index, _, _ = filled(backend)
    with pytest.raises(IndexError_, match=">= 0"):
        index.remove([-1])
    for dim in (0, -3, 2.5):
        with pytest.raises(IndexError_, match="dim"):
            backend(dim)


# --- save / load ---------------------------------------------------------------------------


def test_save_load_round_trip(backend, tmp_path: Path):
    index, ids, vectors = filled(backend, n=200)
    index.add([ids[3]], unit(np.random.default_rng(9), 1))  # an upsert and a removal first
    index.remove(ids[10:20])
    path = tmp_path / "jobs.index"
    index.save(path)
    loaded = backend.load(path, DIM)

    assert type(loaded) is backend and loaded.dim == DIM and len(loaded) == len(index)
    np.testing.assert_array_equal(np.sort(loaded.ids()), np.sort(index.ids()))
    queries = unit(np.random.default_rng(2), 10)
    for a, b in zip(index.search(queries, 25), loaded.search(queries, 25), strict=True):
        np.testing.assert_array_equal(a, b)
    assert [p.name for p in tmp_path.iterdir()] == ["jobs.index"]  # no temp file left

    loaded.add([ids[0]], vectors[:1])  # the loaded index is a working index
    assert len(loaded) == len(index)


def test_save_load_empty_index(backend, tmp_path: Path):
    backend(DIM).save(tmp_path / "empty")
    loaded = backend.load(tmp_path / "empty", DIM)
    assert len(loaded) == 0 and (loaded.search(unit(np.random.default_rng(0), 1), 2)[1] == -1).all()


def test_save_overwrites_and_a_failed_save_keeps_the_old_file(backend, tmp_path: Path, monkeypatch):
    index, _, _ = filled(backend, n=10)
    path = tmp_path / "talents.index"
    backend(DIM).save(path)
    index.save(path)  # replaces the empty one
    assert len(backend.load(path, DIM)) == 10

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("matcher.index.base.os.replace", broken_replace)
    index.remove(index.ids()[:4])
    with pytest.raises(IndexError_, match="disk full"):
        index.save(path)
    assert len(backend.load(path, DIM)) == 10  # still the last good file
    assert [p.name for p in tmp_path.iterdir()] == ["talents.index"]


def test_save_into_missing_folder_raises(backend, tmp_path: Path):
    with pytest.raises(IndexError_, match="cannot write"):
        backend(DIM).save(tmp_path / "nowhere" / "jobs.index")


def _corrupt_files(tmp_path: Path, backend: type[VectorIndex]) -> dict[str, Path]:
    index, _, _ = filled(backend, n=30)
    good = tmp_path / "good"
    index.save(good)
    data = good.read_bytes()
    files = {"empty": b"", "garbage": b"not an index at all" * 20, "truncated": data[: len(data) // 2]}
    paths = {}
    for name, content in files.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(content)
    return paths


@pytest.mark.parametrize("damage", ["empty", "garbage", "truncated"])
def test_loading_a_corrupt_file_raises(backend, tmp_path: Path, damage):
    path = _corrupt_files(tmp_path, backend)[damage]
    with pytest.raises(IndexError_):
        backend.load(path, DIM)


def test_loading_a_missing_file_or_a_folder_raises(backend, tmp_path: Path):
    with pytest.raises(IndexError_, match="no index file"):
        backend.load(tmp_path / "missing.index", DIM)
    with pytest.raises(IndexError_, match="no index file"):
        backend.load(tmp_path, DIM)


def test_loading_with_another_dim_raises(backend, tmp_path: Path):
    index, _, _ = filled(backend)
    index.save(tmp_path / "i")
    with pytest.raises(IndexError_, match=f"dim {DIM}, expected {DIM * 2}"):
        backend.load(tmp_path / "i", DIM * 2)


def test_loading_the_other_backends_file_raises(backend, tmp_path: Path):
    other = next(b for b in BACKENDS if b is not backend)
    filled(other)[0].save(tmp_path / "other")
    with pytest.raises(IndexError_):
        backend.load(tmp_path / "other", DIM)


# --- threads -------------------------------------------------------------------------------


def test_concurrent_adds_removes_and_searches(backend):
    index = backend(DIM)
    writers, per_writer, batch = 4, 500, 10
    done = threading.Event()

    def write(w: int) -> None:
        rng = np.random.default_rng(w)
        for start in range(w * per_writer, (w + 1) * per_writer, batch):
            ids = np.arange(start, start + batch)
            index.add(ids, unit(rng, batch))
            index.add(ids[:5], unit(rng, 5))  # upserts race with searches too
            assert index.remove(ids[-2:]) == 2

    def search(s: int) -> int:
        rng = np.random.default_rng(100 + s)
        rounds = 0
        while not done.is_set() or rounds == 0:
            scores, found = index.search(unit(rng, 3), 10)
            assert found.shape == (3, 10)
            for row_scores, row in zip(scores, found, strict=True):
                hits = row[row >= 0]
                # a torn upsert would show an id twice; a torn remove, an id out of range
                assert len(set(hits.tolist())) == hits.size and (hits < writers * per_writer).all()
                assert (np.diff(row_scores[row >= 0]) <= 0).all()
            rounds += 1
        return rounds

    with ThreadPoolExecutor(max_workers=writers + 2) as pool:
        searchers = [pool.submit(search, s) for s in range(2)]
        for f in [pool.submit(write, w) for w in range(writers)]:
            f.result()  # re-raises a writer's failure here
        done.set()
        assert all(f.result() > 0 for f in searchers)

    expected = writers * per_writer * (batch - 2) // batch
    assert len(index) == expected == index.ids().size == np.unique(index.ids()).size


# --- backends against each other -------------------------------------------------------------


def test_backends_agree_on_top_k():
    rng = np.random.default_rng(42)
    ids = rng.choice(10**9, size=2000, replace=False)
    vectors = unit(rng, 2000, dim=64)
    queries = unit(rng, 30, dim=64)
    results = []
    for cls in BACKENDS:
        index = cls(64)
        index.add(ids, vectors)
        index.remove(ids[:100])
        results.append(index.search(queries, 50))
    (scores_a, ids_a), (scores_b, ids_b) = results
    assert_same_topk(ids_a, scores_a, ids_b, scores_b)
    assert (ids_a == ids_b).mean() > 0.99  # near-ties aside, the same ids in the same order
