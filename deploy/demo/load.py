"""Load the demo sample into a running Huiliu gateway through its public HTTP API.

    python -m deploy.demo.load [--base-url http://127.0.0.1:8000] [--seed 7]
                               [--concurrency 4] [--wait 60] [--timeout 60]

Creates every enterprise account and posts its vacancies (``POST /api/v1/accounts``,
``POST /api/v1/jobs``), then every seeker account and its profile
(``PUT /api/v1/talents/me``). At most ``--concurrency`` requests are in flight.

Connection failures (server still starting) are retried with back-off for up to
``--wait`` seconds, as are 429/503 answers, which mean the request was not processed.
Anything else the server rejects stops the load: the request, the status and the
server's error body are printed and the exit status is 1 (2 if the server never answered).
Other failures (e.g. a read timeout) are not retried, since the request may have been
processed; they also exit with 1.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import dataclass, field
from typing import TextIO

import httpx

from .generate import Sample, generate

RETRY_STATUS = (429, 503)
RETRY_FIRST_DELAY, RETRY_MAX_DELAY = 0.5, 5.0  # seconds, doubling


class Rejected(Exception):
    """The server answered a request with an error status (or an unusable body)."""

    def __init__(self, what: str, method: str, path: str, status: int, body: str):
        super().__init__(f"{what}: {method} {path} -> {status}")
        self.what, self.method, self.path, self.status, self.body = what, method, path, status, body


class Unavailable(Exception):
    """The server could not be reached within the wait budget."""


@dataclass
class Counts:
    enterprises: int = 0
    jobs: int = 0
    talents: int = 0
    totals: dict = field(default_factory=dict)

    def line(self) -> str:
        t = self.totals
        return (f"企业 enterprises {self.enterprises}/{t.get('enterprises', '?')} · "
                f"岗位 jobs {self.jobs}/{t.get('jobs', '?')} · 人才 talents {self.talents}/{t.get('talents', '?')}")


class Loader:
    def __init__(self, client: httpx.AsyncClient, concurrency: int, wait: float, out: TextIO):
        self.client, self.wait, self.out = client, wait, out
        self.sem = asyncio.Semaphore(max(1, concurrency))
        self.counts = Counts()
        self._waiting_said = False
        self._last_print = 0.0

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def progress(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last_print >= 1.0:
            self._last_print = now
            self.say("  " + self.counts.line())

    async def call(self, what: str, method: str, path: str, body: dict, token: str | None = None) -> dict:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        deadline = time.monotonic() + self.wait
        delay = RETRY_FIRST_DELAY
        while True:
            try:
                async with self.sem:
                    resp = await self.client.request(method, path, json=body, headers=headers)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                if time.monotonic() >= deadline:
                    raise Unavailable(f"{self.client.base_url}: {exc!r}") from exc
                if not self._waiting_said:
                    self._waiting_said = True
                    self.say(f"等待服务器启动… / waiting for the server at {self.client.base_url} …")
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_DELAY)
                continue
            if resp.status_code in RETRY_STATUS and time.monotonic() < deadline:
                retry_after = resp.headers.get("Retry-After", "")
                await asyncio.sleep(float(retry_after) if retry_after.isdigit() else delay)
                delay = min(delay * 2, RETRY_MAX_DELAY)
                continue
            if resp.status_code >= 400:
                raise Rejected(what, method, path, resp.status_code, resp.text)
            try:
                return resp.json()
            except ValueError:
                raise Rejected(what, method, path, resp.status_code, resp.text or "<empty body>") from None

    async def account(self, what: str, role: str, name: str, password: str) -> str:
        data = await self.call(what, "POST", "/api/v1/accounts", {"role": role, "name": name, "password": password})
        if not isinstance(data, dict) or not data.get("token"):
            raise Rejected(what, "POST", "/api/v1/accounts", 201, f"no token in response: {data!r}")
        return data["token"]

    async def enterprise(self, ent: dict) -> None:
        token = await self.account(f"企业账号 enterprise {ent['name']}", "enterprise", ent["name"], ent["password"])
        self.counts.enterprises += 1
        for job in ent["jobs"]:
            data = await self.call(f"岗位 job {job['title']} ({ent['name']})", "POST", "/api/v1/jobs", job, token)
            if not isinstance(data, dict) or "id" not in data:
                raise Rejected(f"job {job['title']}", "POST", "/api/v1/jobs", 201, f"no id: {data!r}")
            self.counts.jobs += 1
            self.progress()

    async def talent(self, t: dict) -> None:
        what = f"人才 talent {t['account_name']}"
        token = await self.account(what, "seeker", t["account_name"], t["password"])
        data = await self.call(what, "PUT", "/api/v1/talents/me", t["profile"], token)
        if not isinstance(data, dict) or "id" not in data:
            raise Rejected(what, "PUT", "/api/v1/talents/me", 200, f"no id: {data!r}")
        self.counts.talents += 1
        self.progress()

    async def run(self, sample: Sample) -> Counts:
        self.counts.totals = {"enterprises": len(sample.enterprises), "jobs": len(sample.jobs),
                              "talents": len(sample.talents)}
        self.say(f"导入示例数据 / loading the demo sample into {self.client.base_url}: "
                 f"{len(sample.enterprises)} enterprises, {len(sample.jobs)} jobs, {len(sample.talents)} talents")
        try:
            async with asyncio.TaskGroup() as tg:  # enterprises and their jobs first
                for ent in sample.enterprises:
                    tg.create_task(self.enterprise(ent))
            self.progress(force=True)
            async with asyncio.TaskGroup() as tg:
                for t in sample.talents:
                    tg.create_task(self.talent(t))
        except* (Rejected, Unavailable) as group:
            raise group.exceptions[0] from None
        self.progress(force=True)
        return self.counts


async def load(sample: Sample, base_url: str, *, concurrency: int = 4, wait: float = 60.0,
               timeout: float = 60.0, out: TextIO | None = None,
               transport: httpx.AsyncBaseTransport | None = None) -> Counts:
    """Post ``sample`` to the gateway at ``base_url``; raises :class:`Rejected`/:class:`Unavailable`."""
    limits = httpx.Limits(max_connections=max(1, concurrency))
    async with httpx.AsyncClient(base_url=base_url, timeout=timeout, limits=limits, transport=transport) as client:
        return await Loader(client, concurrency, wait, out or sys.stdout).run(sample)


def main(argv: list[str] | None = None, transport: httpx.AsyncBaseTransport | None = None) -> int:
    ap = argparse.ArgumentParser(description="Load the Huiliu demo sample (云港市) through the HTTP API.")
    ap.add_argument("--base-url", default="http://127.0.0.1:8000")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--concurrency", type=int, default=4, help="requests in flight at most (default 4)")
    ap.add_argument("--wait", type=float, default=60.0, help="seconds to keep retrying an unreachable server")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    args = ap.parse_args(argv)
    sample = generate(args.seed)
    started = time.monotonic()
    try:
        c = asyncio.run(load(sample, args.base_url, concurrency=args.concurrency, wait=args.wait,
                             timeout=args.timeout, transport=transport))
    except Rejected as exc:
        print(f"请求被拒绝 / request rejected — {exc.what}\n{exc.method} {exc.path} -> HTTP {exc.status}\n{exc.body}",
              file=sys.stderr)
        if exc.status == 409 and exc.path == "/api/v1/accounts":
            print("账号已存在：示例数据可能已经导入过。/ The account exists: the demo data may already be loaded "
                  "(start from an empty data folder to load it again).", file=sys.stderr)
        return 1
    except Unavailable as exc:
        print(f"无法连接服务器 / server unreachable after {args.wait:g} s: {exc}", file=sys.stderr)
        return 2
    except httpx.HTTPError as exc:
        print(f"请求失败 / request failed: {exc!r}", file=sys.stderr)
        return 1
    secs = time.monotonic() - started
    print(f"完成：{c.enterprises} 家企业、{c.jobs} 个岗位、{c.talents} 名人才已导入，用时 {secs:.1f} 秒。\n"
          f"Done: {c.enterprises} enterprises, {c.jobs} jobs, {c.talents} talents loaded in {secs:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
