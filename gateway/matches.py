"""How the gateway asks for matches: in-process (embedded) or over HTTP from every matcher
shard (distributed).  Both wait until the matcher holds the revision the caller just saved."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from services.kit.errors import AppError, NotFound, Unavailable
from services.kit.http import ServiceClient

WAIT_SECONDS = 15.0
STILL_PROCESSING = "still being processed, retry in a few seconds / 正在处理，请几秒后重试"


class LocalMatches:
    def __init__(self, service) -> None:
        self.service = service

    def _wait(self, kind: str, id_: str, revision: int) -> None:
        # a profile or vacancy saved a moment ago may still be embedding: wait for it rather
        # than answer with the previous revision's matches
        if not self.service.wait_for(kind, id_, revision, WAIT_SECONDS):
            raise Unavailable(STILL_PROCESSING)

    def for_talent(self, talent_id: str, revision: int, k: int) -> list[dict[str, Any]]:
        self._wait("talent", talent_id, revision)
        return self.service.matches_for_talent(talent_id, k)

    def for_job(self, job_id: str, revision: int, k: int) -> list[dict[str, Any]]:
        self._wait("job", job_id, revision)
        return self.service.matches_for_job(job_id, k)

    def stats(self) -> dict[str, Any]:
        return self.service.stats()


class ShardedMatches:
    """Every matcher shard holds all jobs and its own share of the talents: a talent's
    matches come from the shard that owns the talent; a job's candidates are the top-k of
    the union of every shard's top-k (scores are per pair, so this equals one matcher)."""

    def __init__(self, clients: list[ServiceClient]) -> None:
        self.clients = clients
        self._pool = ThreadPoolExecutor(max_workers=max(2, len(clients)), thread_name_prefix="shards")

    def _all(self, path: str, params: dict[str, Any]) -> list[Any]:
        timeout = WAIT_SECONDS + 5
        futures = [self._pool.submit(c.request, "GET", path, params=params, timeout=timeout) for c in self.clients]
        out: list[Any] = []
        for f in futures:
            try:
                out.append(f.result())
            except AppError as exc:
                out.append(exc)
        return out

    def for_talent(self, talent_id: str, revision: int, k: int) -> list[dict[str, Any]]:
        answers = self._all(f"/internal/v1/talents/{talent_id}/matches", {"k": k, "revision": revision})
        for a in answers:
            if not isinstance(a, AppError):
                return a["items"]
        errors = [a for a in answers if isinstance(a, AppError)]
        # every shard but the owner answers "not mine" (404); the owner's answer wins
        real = [e for e in errors if e.status != 404 or e.field != "shard"]
        raise real[0] if real else NotFound("talent profile is not open for matching / 该档案当前不可匹配", field="id")

    def for_job(self, job_id: str, revision: int, k: int) -> list[dict[str, Any]]:
        answers = self._all(f"/internal/v1/jobs/{job_id}/matches", {"k": k, "revision": revision})
        errors = [a for a in answers if isinstance(a, AppError)]
        if errors:
            raise errors[0]  # every shard holds every job: one failing shard would make the list incomplete
        merged = [m for a in answers for m in a["items"]]
        merged.sort(key=lambda m: (-m["score"], m["talent"]["id"]))
        return merged[:k]

    def stats(self) -> dict[str, Any]:
        answers = [a for a in self._all("/internal/v1/stats", {}) if not isinstance(a, AppError)]
        if len(answers) != len(self.clients):
            raise Unavailable("a matcher shard is unavailable / 匹配服务分片不可用")
        return merge_stats(answers)


def merge_stats(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Jobs are on every shard (count once); talents are split across shards (sum)."""
    first = parts[0]
    out = {"open_jobs": first["open_jobs"], "talents": 0, "natives": 0, "native_return_intention": {}, "by_industry": {}}
    for ind, d in first["by_industry"].items():
        out["by_industry"][ind] = {"jobs": d["jobs"], "headcount": d["headcount"], "talents_wanting": 0}
    for p in parts:
        out["talents"] += p["talents"]
        out["natives"] += p["natives"]
        for k, v in p["native_return_intention"].items():
            out["native_return_intention"][k] = out["native_return_intention"].get(k, 0) + v
        for ind, d in p["by_industry"].items():
            slot = out["by_industry"].setdefault(ind, {"jobs": 0, "headcount": 0, "talents_wanting": 0})
            slot["talents_wanting"] += d["talents_wanting"]
    return out
