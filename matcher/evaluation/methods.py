"""The three rankers the evaluation compares, each ranking one side of the benchmark for the other.

- ``vector``: pure cosine with the real e5 model, as the matcher encodes: the searching side
  with the "query: " prompt, the searched side with "passage: ", both from the text
  ``services/embedder/texts.py`` builds.
- ``keyword``: BM25 (rank-bm25, Okapi) over jieba tokens: the searching side's text is the
  query, the searched side's texts are the documents.
- ``huiliu``: the product's ranking: recall the top ``recall_n`` by vector from a FAISS
  index joined by the top ``skill_recall_n`` by shared skills (:class:`matcher.skills.index.SkillIndex`),
  drop what the product never shows (closed or expired vacancies; talents who did not agree
  to be seen), rerank with :func:`matcher.ranking.score.score_pair` and order by
  (-score, -raw score, id), as ``MatchService._recall`` and ``_rerank_jobs`` / ``_rerank_talents`` do.

Embeddings are cached per model and per prompt, keyed by a hash of each text, so a re-run
(or the small slice after the full one) encodes nothing.
"""
from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from matcher.config import rank_config  # noqa: F401 - the product's own, re-exported for the harness
from matcher.embedding.base import Embedder
from matcher.index.faiss import FaissIndex
from matcher.ranking.score import RankConfig, eligible_job, eligible_talent_for_enterprise, score_pair
from matcher.skills.index import SkillIndex, holding_keys, requirement_keys
from services.embedder.texts import job_text, talent_text
from services.kit.config import Settings

log = logging.getLogger(__name__)
METHODS = ("vector", "keyword", "huiliu")
Rankings = dict[str, list[str]]


def text_labels(settings: Settings) -> dict[str, str]:
    """Industry labels the embedder service puts into the texts (gateway.embedded: ``"other": "其他"``)."""
    return {**settings.industries, "other": "其他"}


@dataclass
class Side:
    """One side of the benchmark (jobs or talents) as the rankers need it."""

    kind: str  # "job" | "talent"
    ids: list[str]
    entities: list[dict[str, Any]]
    texts: list[str]
    queries: np.ndarray | None = None  # "query: " vectors, to search the other side
    passages: np.ndarray | None = None  # "passage: " vectors, to be searched
    tokens: list[list[str]] = field(default_factory=list)


def make_side(kind: str, entities: list[dict[str, Any]], labels: dict[str, str]) -> Side:
    build = job_text if kind == "job" else talent_text
    return Side(kind, [e["id"] for e in entities], entities, [build(e, labels) for e in entities])


# embeddings ----------------------------------------------------------------------------------------

class EmbeddingCache:
    """Vectors by (model, prompt, sha256 of the text) in ``<dir>/<model>/<prompt>.npz``."""

    def __init__(self, folder: Path, model_name: str, load_model: Callable[[], Embedder]) -> None:
        self.folder = Path(folder) / re.sub(r"[^\w.-]+", "_", model_name)
        self.model_name = model_name
        self._load_model = load_model
        self._model: Embedder | None = None
        self.encoded = 0  # texts the model had to encode in this run

    @property
    def model(self) -> Embedder:
        if self._model is None:
            self._model = self._load_model()
        return self._model

    def encode(self, texts: Sequence[str], prompt: str) -> np.ndarray:
        path = self.folder / f"{prompt}.npz"
        stored: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as data:
                stored = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in stored}.items())
        if missing:
            log.info("encoding %d %s texts with %s", len(missing), prompt, self.model_name)
            encode = self.model.encode_queries if prompt == "query" else self.model.encode_documents
            vectors = encode([t for _, t in missing])
            stored.update({k: v for (k, _), v in zip(missing, vectors, strict=True)})
            self.encoded += len(missing)
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npz")
            np.savez(tmp, keys=np.array(list(stored)), vectors=np.stack(list(stored.values())).astype(np.float32))
            tmp.replace(path)
        return np.stack([stored[k] for k in keys]).astype(np.float32)

    def fill(self, side: Side) -> None:
        side.queries = self.encode(side.texts, "query")
        side.passages = self.encode(side.texts, "passage")


# tokens for BM25 -----------------------------------------------------------------------------------

_WORD = re.compile(r"\w", re.UNICODE)


def tokenize(text: str) -> list[str]:
    """jieba words, case-folded, without whitespace and punctuation."""
    import jieba

    return [w for w in jieba.lcut(text.casefold()) if _WORD.search(w)]


def fill_tokens(side: Side) -> None:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    side.tokens = [tokenize(t) for t in side.texts]


# the rankers ------------------------------------------------------------------------------------------

def _order(scores: np.ndarray, ids: list[str]) -> list[str]:
    """Ids by descending score, ties by id (so every run orders them the same)."""
    return [ids[i] for i in sorted(range(len(ids)), key=lambda i: (-float(scores[i]), ids[i]))]


def _index(side: Side) -> FaissIndex:
    index = FaissIndex(side.passages.shape[1])
    index.add(np.arange(len(side.ids), dtype=np.int64), side.passages)
    return index


def vector(queries: Side, items: Side) -> Rankings:
    """Every item, by cosine of the query's "query:" vector and the item's "passage:" vector."""
    scores, rows = _index(items).search(queries.queries, len(items.ids))
    out = {}
    for qid, srow, irow in zip(queries.ids, scores, rows, strict=True):
        full = np.full(len(items.ids), -np.inf)
        full[irow[irow >= 0]] = srow[irow >= 0]
        out[qid] = _order(full, items.ids)
    return out


def keyword(queries: Side, items: Side) -> Rankings:
    """Every item, by Okapi BM25 of the query's tokens against the item's tokens."""
    from rank_bm25 import BM25Okapi

    bm25 = BM25Okapi(items.tokens)
    return {qid: _order(bm25.get_scores(tokens), items.ids) for qid, tokens in zip(queries.ids, queries.tokens, strict=True)}


def skill_keys(side: Side) -> list[dict[str, float]]:
    """Each entity's recall keys, as MatchService keeps them (a vacancy's requirements, a person's skills)."""
    if side.kind == "job":
        return [requirement_keys(e.get("skills", [])) for e in side.entities]
    return [holding_keys(e.get("skills", []), e.get("resume_text", "")) for e in side.entities]


def recall(queries: Side, items: Side, recall_n: int, skill_recall_n: int = 0) -> list[list[tuple[int, float]]]:
    """For each query: (item row, cosine) of the vector top ``recall_n`` joined by the skill top
    ``skill_recall_n`` — ``MatchService._recall``."""
    scores, rows = _index(items).search(queries.queries, min(recall_n, len(items.ids)))
    out = [[(int(r), float(c)) for c, r in zip(srow, irow, strict=True) if r >= 0] for srow, irow in zip(scores, rows, strict=True)]
    if skill_recall_n <= 0:
        return out
    index = SkillIndex()
    for row, (entity, keys) in enumerate(zip(items.entities, skill_keys(items), strict=True)):
        if items.kind == "job" or eligible_talent_for_enterprise(entity):
            index.put(str(row), keys)
    how = "query" if queries.kind == "job" else "entity"
    for qi, (hits, keys) in enumerate(zip(out, skill_keys(queries), strict=True)):
        seen = {r for r, _ in hits}
        for row, _share in index.search(keys, skill_recall_n, how):
            if int(row) not in seen:
                hits.append((int(row), float(np.dot(queries.queries[qi], items.passages[int(row)]))))
    return out


def huiliu(queries: Side, items: Side, cfg: RankConfig, recall_n: int, skill_recall_n: int | None = None) -> Rankings:
    """Recall by vector and skills, the product's hard filters, then ``score_pair`` — the matcher's path.

    ``skill_recall_n`` None: the product's default (``Settings.skill_recall_n``); 0: vector recall only."""
    if skill_recall_n is None:
        skill_recall_n = Settings.model_fields["skill_recall_n"].default
    talent_query = queries.kind == "talent"
    out = {}
    for q, hits in zip(queries.entities, recall(queries, items, recall_n, skill_recall_n), strict=True):
        scored = []
        for row, cosine in hits:
            item = items.entities[row]
            if talent_query:
                if not eligible_job(item):
                    continue
                result = score_pair(item, q, cosine, cfg, with_explanation=False)
            else:
                if not eligible_talent_for_enterprise(item):
                    continue
                result = score_pair(q, item, cosine, cfg, with_explanation=False)
            scored.append((-result.score, -result.parts["raw"], item["id"]))
        scored.sort()
        out[q["id"]] = [item_id for *_, item_id in scored]
    return out
