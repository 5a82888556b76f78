"""Start and stop distributed Huiliu on this machine (`make up` / `make down`).

    python -m deploy.local.cluster up [--shards 2] [--embedders 2] [--kafka-bootstrap H:P] [--database-url URL]
    python -m deploy.local.cluster down | status
    python -m deploy.local.cluster kill NAME [--signal KILL] | start NAME

``up`` starts Apache Kafka (deploy/kafka/kafka.sh) and PostgreSQL (deploy/postgres/pg.sh)
unless existing ones are named, then the jobs, talent, analytics, embedder(s), matcher
shard(s) and gateway processes, and waits until the gateway's /readyz answers 200.  What
was started is written to <work>/state.json, logs to <work>/logs/NAME.log.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
DEFAULT_WORK = REPO / "var" / "up"
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Proc:
    name: str
    module: str
    env: dict[str, str]
    url: str = ""
    pid: int | None = None


@dataclass
class Cluster:
    work: Path
    env: dict[str, str] = field(default_factory=dict)
    procs: dict[str, Proc] = field(default_factory=dict)
    own_kafka: bool = False
    own_postgres: bool = False
    gateway_url: str = ""

    # state -----------------------------------------------------------------------------------

    @property
    def state_file(self) -> Path:
        return self.work / "state.json"

    def save(self) -> None:
        self.work.mkdir(parents=True, exist_ok=True)
        data = {**asdict(self), "work": str(self.work)}
        self.state_file.write_text(json.dumps(data, indent=1, ensure_ascii=False))

    @classmethod
    def load(cls, work: Path) -> Cluster:
        data = json.loads((work / "state.json").read_text())
        procs = {k: Proc(**v) for k, v in data.pop("procs").items()}
        data["work"] = Path(data["work"])
        return cls(procs=procs, **data)

    # processes -------------------------------------------------------------------------------

    def start(self, name: str) -> Proc:
        p = self.procs[name]
        logs = self.work / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        with open(logs / f"{name}.log", "ab") as out:
            child = subprocess.Popen([PY, "-m", p.module], cwd=REPO, env={**os.environ, **self.env, **p.env},
                                     stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        p.pid = child.pid
        self.save()
        return p

    def alive(self, name: str) -> bool:
        pid = self.procs[name].pid
        if not pid:
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        # a zombie (our child that exited) counts as dead
        try:
            return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
        except OSError:
            return False

    def signal(self, name: str, sig: int) -> None:
        if self.alive(name):
            os.kill(self.procs[name].pid, sig)

    def stop(self, name: str, timeout: float = 20.0) -> None:
        """SIGTERM (drain and commit), SIGKILL if it does not end in time."""
        self.signal(name, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while self.alive(name) and time.monotonic() < deadline:
            _reap()
            time.sleep(0.1)
        if self.alive(name):
            self.signal(name, signal.SIGKILL)
        _reap()

    def url_ready(self, url: str) -> bool:
        try:
            return httpx.get(f"{url}/readyz", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    def wait_ready(self, url: str, timeout: float, watch: list[str]) -> None:
        deadline = time.monotonic() + timeout
        while not self.url_ready(url):
            dead = [n for n in watch if not self.alive(n)]
            if dead:
                raise RuntimeError(f"{', '.join(dead)} exited; see {self.work / 'logs'}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} not ready after {timeout:.0f}s; see {self.work / 'logs'}")
            time.sleep(0.3)


def _reap() -> None:
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def _script(path: str, command: str, env: dict[str, str]) -> str:
    proc = subprocess.run(["bash", str(REPO / path), command], env={**os.environ, **env}, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(f"{path} {command} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def up(work: Path, shards: int, embedders: int, kafka_bootstrap: str | None, database_url: str | None,
       topic_prefix: str = "", port: int | None = None, partitions: int = 3, extra_env: dict[str, str] | None = None,
       timeout: float = 300.0) -> Cluster:
    t0 = time.monotonic()
    c = Cluster(work=work)
    work.mkdir(parents=True, exist_ok=True)
    if kafka_bootstrap is None:
        _script("deploy/kafka/kafka.sh", "start", {"KAFKA_WORK": str(work / "kafka"), "KAFKA_PORT": os.environ.get("KAFKA_PORT", "9092")})
        kafka_bootstrap = (work / "kafka" / "bootstrap").read_text().strip()
        c.own_kafka = True
    if database_url is None:
        pg_env = {"PG_WORK": str(work / "postgres"), "PG_PORT": os.environ.get("PG_PORT", "55432")}
        _script("deploy/postgres/pg.sh", "start", pg_env)
        database_url = _script("deploy/postgres/pg.sh", "url", pg_env).strip().splitlines()[-1]
        c.own_postgres = True
    ports = {n: free_port() for n in ("jobs", "talent", "analytics")}
    matcher_ports = [free_port() for _ in range(shards)]
    gw_port = port or int(os.environ.get("HUILIU_PORT", "8000"))
    c.gateway_url = f"http://127.0.0.1:{gw_port}"
    c.env = {
        "HUILIU_BUS": "kafka", "HUILIU_KAFKA_BOOTSTRAP": kafka_bootstrap, "HUILIU_DATABASE_URL": database_url,
        "HUILIU_DATA_DIR": str(work / "data"), "HUILIU_KAFKA_TOPIC_PREFIX": topic_prefix,
        "HUILIU_KAFKA_PARTITIONS": str(partitions), "HUILIU_MATCHER_SHARDS": str(shards),
        "HUILIU_JOBS_URL": f"http://127.0.0.1:{ports['jobs']}", "HUILIU_TALENT_URL": f"http://127.0.0.1:{ports['talent']}",
        "HUILIU_ANALYTICS_URL": f"http://127.0.0.1:{ports['analytics']}",
        "HUILIU_MATCHER_URLS": json.dumps([f"http://127.0.0.1:{p}" for p in matcher_ports]),
        **(extra_env or {}),
    }
    embedder_ports = [free_port() for _ in range(embedders)]
    c.procs = {
        **{n: Proc(n, f"services.{n}", {}, f"http://127.0.0.1:{ports[n]}") for n in ("jobs", "talent", "analytics")},
        **{f"matcher-{i}": Proc(f"matcher-{i}", "matcher", {"HUILIU_MATCHER_SHARD": str(i)}, f"http://127.0.0.1:{p}")
           for i, p in enumerate(matcher_ports)},
        **{f"embedder-{i}": Proc(f"embedder-{i}", "services.embedder",
                                 {"HUILIU_PORT": str(p), "HUILIU_KAFKA_TRANSACTIONAL_ID": f"embedder-{i}"}, f"http://127.0.0.1:{p}")
           for i, p in enumerate(embedder_ports)},
        "gateway": Proc("gateway", "gateway", {"HUILIU_PORT": str(gw_port)}, c.gateway_url),
    }
    c.save()
    for name in c.procs:
        c.start(name)
    try:
        for p in c.procs.values():  # the embedders too: the gateway does not know them
            c.wait_ready(p.url, timeout, list(c.procs))
    except RuntimeError:
        down(work)
        raise
    print(f"Huiliu is up at {c.gateway_url} in {time.monotonic() - t0:.1f}s "
          f"({shards} matcher shard(s), {embedders} embedder(s); Kafka {kafka_bootstrap}); logs in {work / 'logs'}")
    return c


def down(work: Path) -> None:
    if not (work / "state.json").exists():
        print("nothing is up")
        return
    c = Cluster.load(work)
    # the gateway first (no new requests), then the producers, then the consumers
    for name in ["gateway", "jobs", "talent", "analytics", *[n for n in c.procs if n.startswith("embedder")],
                 *[n for n in c.procs if n.startswith("matcher")]]:
        if name in c.procs:
            c.stop(name)
    if c.own_kafka:
        _script("deploy/kafka/kafka.sh", "stop", {"KAFKA_WORK": str(work / "kafka")})
    if c.own_postgres:
        _script("deploy/postgres/pg.sh", "stop", {"PG_WORK": str(work / "postgres")})
    c.state_file.unlink()
    print("Huiliu is down")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="distributed Huiliu on this machine")
    ap.add_argument("command", choices=["up", "down", "status", "kill", "start"])
    ap.add_argument("name", nargs="?")
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK)
    ap.add_argument("--shards", type=int, default=2)
    ap.add_argument("--embedders", type=int, default=2)
    ap.add_argument("--kafka-bootstrap")
    ap.add_argument("--database-url")
    ap.add_argument("--signal", default="TERM")
    a = ap.parse_args(argv)
    if a.command == "up":
        up(a.work, a.shards, a.embedders, a.kafka_bootstrap, a.database_url)
    elif a.command == "down":
        down(a.work)
    elif a.command == "status":
        c = Cluster.load(a.work)
        for name in c.procs:
            print(f"{name:12} {'running' if c.alive(name) else 'stopped'} pid {c.procs[name].pid}")
    elif a.command == "kill":
        Cluster.load(a.work).signal(a.name, getattr(signal, f"SIG{a.signal}"))
    elif a.command == "start":
        Cluster.load(a.work).start(a.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
