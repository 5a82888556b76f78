"""The deployment files (deploy/Dockerfile, deploy/compose, deploy/k8s) checked without
Docker or Kubernetes, neither of which runs here.

What is checked is what would break a deployment silently: a command naming a module the
project does not have, a HUILIU_* variable that is no setting (pydantic-settings ignores
unknown variables, so a typo is simply lost), settings that do not validate, a URL that
points at no service or at the wrong port, a probe or healthcheck that does not hit the
port the process listens on, a Service selecting no pods, a file the Dockerfile copies
that does not exist.  Each check is a function returning the problems it found; the
tests at the end feed them broken copies to show that they do find them.
"""
from __future__ import annotations

import ast
import copy
import functools
import importlib.util
import inspect
import json
import os
import re
import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

import pytest
import yaml
from pydantic import BaseModel, ValidationError
from pydantic_settings import BaseSettings

from services.kit.config import Settings

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
DOCKERFILE = DEPLOY / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"
COMPOSE = DEPLOY / "compose" / "compose.yaml"
K8S = DEPLOY / "k8s"
SECRET_TEMPLATE = "secret.example.yaml"
PROJECT_PACKAGES = ("services", "matcher", "gateway", "deploy")

#: the setting whose URL's port each process listens on (unless HUILIU_PORT is given);
#: test_listen_urls_are_the_ones_the_code_uses keeps this in step with the code
LISTEN_URL = {
    "services.jobs": "jobs_url",
    "services.talent": "talent_url",
    "services.analytics": "analytics_url",
    "services.embedder": "embedder_url",
    "matcher": "matcher_urls",
    "gateway": None,  # HUILIU_PORT
}
#: URL settings -> the process that must answer there
URL_TARGET = {"jobs_url": "services.jobs", "talent_url": "services.talent", "analytics_url": "services.analytics",
              "embedder_url": "services.embedder"}
#: stand-ins for secrets (compose variables, Secret placeholders) so Settings can validate
DUMMY_SECRETS = {
    "POSTGRES_PASSWORD": "test-password",
    "HUILIU_INTERNAL_TOKEN": "test-internal-token-0123456789",
    "HUILIU_ADMIN_TOKEN": "test-admin-token-0123456789",
}
SECRET_SETTINGS = ("HUILIU_DATABASE_URL", "HUILIU_INTERNAL_TOKEN", "HUILIU_ADMIN_TOKEN")


# =============================================================================== helpers


def load_docs(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def python_module(command) -> str | None:
    """``python -m X ...`` (a list or a string) -> X; anything else -> None."""
    tokens = shlex.split(command) if isinstance(command, str) else [str(t) for t in command or []]
    if len(tokens) >= 3 and PurePosixPath(tokens[0]).name in ("python", "python3", "python3.11") and tokens[1] == "-m":
        return tokens[2]
    return None


def module_problems(module: str | None, where: str) -> list[str]:
    """``python -m module`` must run something: a package with __main__, or a module with a main guard."""
    if module is None:
        return [f"{where}: command is not `python -m <module>`"]
    if not module.replace(".", "").replace("_", "").isalnum():
        return [f"{where}: {module!r} is not a module name"]
    try:
        spec = importlib.util.find_spec(module)
    except ModuleNotFoundError:
        spec = None
    if spec is None:
        return [f"{where}: module {module!r} does not exist in the project"]
    if spec.submodule_search_locations is not None:
        if importlib.util.find_spec(f"{module}.__main__") is None:
            return [f"{where}: package {module!r} has no __main__ (python -m {module} would fail)"]
        return []
    if not spec.origin or "__name__ == \"__main__\"" not in Path(spec.origin).read_text(encoding="utf-8").replace("'", '"'):
        return [f"{where}: module {module!r} has no `if __name__ == \"__main__\"` block"]
    return []


def is_setting(name: str) -> bool:
    """Whether ``Settings`` reads the environment variable ``name`` (prefix HUILIU_, nested
    delimiter "__"; a nested BaseSettings also reads its own prefix, e.g. HUILIU_WEIGHT_*)."""
    prefix = Settings.model_config["env_prefix"]
    delimiter = Settings.model_config["env_nested_delimiter"]
    if name != name.upper() or not name.startswith(prefix):
        return False
    model: type[BaseModel] = Settings
    parts = name[len(prefix):].lower().split(delimiter)
    for i, part in enumerate(parts):
        field = model.model_fields.get(part)
        if field is None:
            break
        if i == len(parts) - 1:
            return True
        if not (inspect.isclass(field.annotation) and issubclass(field.annotation, BaseModel)):
            break
        model = field.annotation
    for field in Settings.model_fields.values():
        sub = field.annotation
        if inspect.isclass(sub) and issubclass(sub, BaseSettings):
            sub_prefix = sub.model_config.get("env_prefix", "").upper()
            if sub_prefix and name.startswith(sub_prefix) and name[len(sub_prefix):].lower() in sub.model_fields:
                return True
    return False


def setting_name_problems(env: dict[str, str], where: str) -> list[str]:
    return [f"{where}: {k} is not a field of services.kit.config.Settings" for k in env if k.startswith("HUILIU_") and not is_setting(k)]


@contextmanager
def environment(env: dict[str, str]) -> Iterator[None]:
    """os.environ with every HUILIU_* variable replaced by ``env``'s."""
    saved = dict(os.environ)
    try:
        for k in [k for k in os.environ if k.startswith("HUILIU_")]:
            del os.environ[k]
        os.environ.update({k: str(v) for k, v in env.items()})
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def build_settings(env: dict[str, str], where: str) -> tuple[Settings | None, list[str]]:
    with environment(env):
        try:
            return Settings(), []
        except ValidationError as exc:
            return None, [f"{where}: settings do not validate: {exc}"]


def listen_port(module: str, settings: Settings) -> int:
    """The port ``python -m module`` listens on with these settings (as its main() decides)."""
    attr = LISTEN_URL[module]
    if attr is None:
        return settings.port
    if attr == "matcher_urls":
        return settings.listen_port(settings.matcher_urls[min(settings.matcher_shard, len(settings.matcher_urls) - 1)])
    return settings.listen_port(getattr(settings, attr))


def url_targets(settings: Settings) -> list[tuple[str, str, int | None]]:
    """(setting, URL, matcher shard or None) for every service URL in the settings."""
    out = [(attr, getattr(settings, attr), None) for attr in URL_TARGET]
    out += [(f"matcher_urls[{i}]", url, i) for i, url in enumerate(settings.matcher_urls)]
    return out


def url_problems(url: str, where: str, path_wanted: str | None = None) -> list[str]:
    u = urlparse(url)
    problems = []
    if u.scheme != "http" or not u.hostname or u.port is None:
        problems.append(f"{where}: {url!r} is not http://host:port")
    if path_wanted is not None and u.path != path_wanted:
        problems.append(f"{where}: {url!r} does not ask {path_wanted}")
    return problems


# =============================================================================== compose

_VAR = re.compile(r"\$(?:\$|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-?])?(?P<arg>[^}]*)\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))")


class MissingVariable(Exception):
    pass


def interpolate(value, env: dict[str, str]):
    """Compose's variable substitution: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
    ${VAR:?error}, ${VAR?error}.  Raises MissingVariable for a required variable."""
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def sub(m: re.Match) -> str:
        if m.group(0) == "$$":
            return "$"
        name = m.group("braced") or m.group("bare")
        op, arg = m.group("op"), m.group("arg") or ""
        present = name in env and (env[name] != "" or op not in (":-", ":?"))
        if present:
            return env[name]
        if op in (":-", "-"):
            return arg
        if op in (":?", "?"):
            raise MissingVariable(f"{name}: {arg}")
        return ""

    return _VAR.sub(sub, value)


def compose_env(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(k): "" if v is None else str(v) for k, v in env.items()}


def healthcheck_urls(service: dict) -> list[str]:
    test = (service.get("healthcheck") or {}).get("test") or []
    text = test if isinstance(test, str) else " ".join(str(t) for t in test)
    return re.findall(r"https?://[^\s'\"]+", text)


def is_huiliu_service(service: dict) -> bool:
    return "build" in service


def compose_processes(doc: dict) -> dict[str, tuple[str, Settings | None, list[str]]]:
    """name -> (module, settings, problems) for every service built from the Dockerfile."""
    out = {}
    for name, svc in doc["services"].items():
        if not is_huiliu_service(svc):
            continue
        module = python_module(svc.get("command"))
        env = compose_env(svc)
        settings, problems = build_settings(env, f"compose {name}") if module in LISTEN_URL else (None, [])
        out[name] = (module, settings, problems)
    return out


def compose_problems(doc: dict) -> list[str]:
    """Every check of the (interpolated) compose file."""
    problems: list[str] = []
    services: dict[str, dict] = doc.get("services") or {}
    if not services:
        return ["compose: no services"]
    procs = compose_processes(doc)
    if not procs:
        problems.append("compose: no service is built from the Dockerfile")

    # commands, settings, healthchecks
    listening: dict[str, int] = {}
    for name, (module, settings, build) in procs.items():
        svc = services[name]
        where = f"compose {name}"
        problems += module_problems(module, where)
        if module is not None and module not in LISTEN_URL:
            problems.append(f"{where}: {module} is not one of the processes {sorted(LISTEN_URL)}")
        env = compose_env(svc)
        problems += setting_name_problems(env, where)
        problems += build
        if env.get("HUILIU_ENV") != "production":
            problems.append(f"{where}: HUILIU_ENV must be production")
        if settings is None:
            continue
        if settings.bus != "kafka":
            problems.append(f"{where}: HUILIU_BUS must be kafka (the distributed mode)")
        if settings.host not in ("0.0.0.0", "::"):
            problems.append(f"{where}: HUILIU_HOST {settings.host} is unreachable from other containers")
        port = listening[name] = listen_port(module, settings)
        urls = healthcheck_urls(svc)
        if not urls:
            problems.append(f"{where}: no HTTP healthcheck")
        for url in urls:
            problems += url_problems(url, f"{where} healthcheck", "/readyz")
            u = urlparse(url)
            if u.hostname not in ("127.0.0.1", "localhost") or u.port != port:
                problems.append(f"{where}: healthcheck asks {u.hostname}:{u.port}, the process listens on {port}")

    # every process agrees on the settings that tie them together
    shared = ("HUILIU_KAFKA_BOOTSTRAP", "HUILIU_KAFKA_PARTITIONS", "HUILIU_KAFKA_TOPIC_PREFIX", "HUILIU_DATABASE_URL",
              "HUILIU_MATCHER_SHARDS", "HUILIU_MATCHER_URLS", "HUILIU_INTERNAL_TOKEN",
              *(f"HUILIU_{a.upper()}" for a in URL_TARGET))
    for key in shared:
        values = {compose_env(services[n]).get(key) for n in procs}
        if len(values) > 1:
            problems.append(f"compose: the services disagree on {key}: {sorted(map(str, values))}")

    # ports the infrastructure listens on
    kafka_ports: dict[str, set[int]] = {}
    for name, svc in services.items():
        if str(svc.get("image", "")).startswith("apache/kafka"):
            env = compose_env(svc)
            advertised = [urlparse(x.strip()) for x in env.get("KAFKA_ADVERTISED_LISTENERS", "").split(",")]
            bound = {urlparse(x.strip()).port for x in env.get("KAFKA_LISTENERS", "").split(",")}
            if {a.hostname for a in advertised} != {name}:
                problems.append(f"compose {name}: advertised listeners must name the service {name!r}")
            if {a.port for a in advertised} - bound:
                problems.append(f"compose {name}: advertises ports {sorted({a.port for a in advertised} - bound)} it does not listen on")
            kafka_ports[name] = {a.port for a in advertised} & bound
        elif str(svc.get("image", "")).startswith("postgres"):
            listening[name] = int(compose_env(svc).get("PGPORT", 5432))

    # URLs point at the right service and port
    by_name = {n: (m, s) for n, (m, s, _) in procs.items() if s is not None}
    for name, (_module, settings) in by_name.items():
        where = f"compose {name}"
        for attr, url, shard in url_targets(settings):
            problems += url_problems(url, f"{where} {attr}")
            host, port = urlparse(url).hostname, urlparse(url).port
            if host not in services:
                problems.append(f"{where}: {attr} {url} names no service")
                continue
            want = "matcher" if shard is not None else URL_TARGET[attr]
            target_module, target_settings = by_name.get(host, (None, None))
            if target_module != want:
                problems.append(f"{where}: {attr} {url} points at {host!r}, which does not run {want}")
            elif shard is not None and target_settings.matcher_shard != shard:
                problems.append(f"{where}: {attr} {url} points at {host!r}, which is shard {target_settings.matcher_shard}")
            if listening.get(host) is not None and port != listening[host]:
                problems.append(f"{where}: {attr} {url} uses port {port}, {host} listens on {listening[host]}")
        for server in settings.kafka_bootstrap.split(","):
            host, _, port = server.strip().rpartition(":")
            if host not in kafka_ports:
                problems.append(f"{where}: HUILIU_KAFKA_BOOTSTRAP {server} names no Kafka service")
            elif not port.isdigit() or int(port) not in kafka_ports[host]:
                problems.append(f"{where}: HUILIU_KAFKA_BOOTSTRAP {server}: {host} advertises {sorted(kafka_ports[host])}")
        if settings.database_url:
            db = urlparse(settings.database_url)
            if db.hostname not in services or (db.port or 5432) != listening.get(db.hostname):
                problems.append(f"{where}: HUILIU_DATABASE_URL points at {db.hostname}:{db.port}, not at a postgres service")

    # matcher shards: each shard exactly once, as many as HUILIU_MATCHER_SHARDS and URLs
    shards = sorted(s.matcher_shard for m, s in by_name.values() if m == "matcher")
    for m, s in by_name.values():
        if m == "matcher" and (shards != list(range(s.matcher_shards)) or len(s.matcher_urls) != s.matcher_shards):
            problems.append(f"compose: matcher shards {shards}, HUILIU_MATCHER_SHARDS {s.matcher_shards}, "
                            f"{len(s.matcher_urls)} matcher URLs: they must agree")
            break

    # start order: the infrastructure and the gateway's services healthy first
    for name, svc in services.items():
        deps = svc.get("depends_on") or {}
        if isinstance(deps, list):
            deps = {d: {"condition": "service_started"} for d in deps}
        for dep, cond in deps.items():
            if dep not in services:
                problems.append(f"compose {name}: depends on {dep!r}, which does not exist")
            elif (cond or {}).get("condition") == "service_healthy" and "healthcheck" not in services[dep]:
                problems.append(f"compose {name}: waits for {dep} to be healthy, but {dep} has no healthcheck")
        if is_huiliu_service(svc):
            needed = set(kafka_ports)
            module = procs[name][0]
            if module != "services.embedder":
                needed |= {n for n, s in services.items() if str(s.get("image", "")).startswith("postgres")}
            if module == "gateway":
                needed |= {n for n, (m, _s, _p) in procs.items() if m not in ("gateway", "services.embedder")}
            for dep in sorted(needed):
                if (deps.get(dep) or {}).get("condition") != "service_healthy":
                    problems.append(f"compose {name}: must depend on {dep} with condition service_healthy")
    return problems


def compose_doc(env: dict[str, str] | None = None) -> dict:
    raw = load_docs(COMPOSE)
    assert len(raw) == 1, "compose.yaml is one YAML document"
    return interpolate(raw[0], DUMMY_SECRETS if env is None else env)


# =============================================================================== kubernetes


def k8s_files() -> dict[str, list[dict]]:
    return {p.name: load_docs(p) for p in sorted(K8S.glob("*.yaml"))}


def quantity(q) -> float:
    """A Kubernetes quantity (cpu or memory) as a number of units."""
    s = str(q)
    units = {"m": 1e-3, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "k": 1e3, "M": 1e6, "G": 1e9}
    for suffix in sorted(units, key=len, reverse=True):
        if s.endswith(suffix):
            return float(s[: -len(suffix)]) * units[suffix]
    return float(s)


def workload_envs(workload: dict, container: dict, configmaps: dict[str, dict], secrets: dict[str, dict],
                  where: str) -> tuple[list[dict[str, str]], list[str]]:
    """The environment of each pod of a workload (a StatefulSet's pods differ by ordinal)."""
    problems: list[str] = []
    base: dict[str, str] = {}
    for ref in container.get("envFrom") or []:
        if "configMapRef" in ref:
            name = ref["configMapRef"]["name"]
            if name not in configmaps:
                problems.append(f"{where}: envFrom ConfigMap {name!r} is not in the manifests")
            base.update({k: str(v) for k, v in (configmaps.get(name) or {}).items()})
        elif "secretRef" in ref:
            name = ref["secretRef"]["name"]
            if name not in secrets:
                problems.append(f"{where}: envFrom Secret {name!r} is not the documented Secret template")
            base.update(secrets.get(name) or {})
        else:
            problems.append(f"{where}: unexpected envFrom {ref}")
    replicas = workload["spec"].get("replicas", 1) if workload["kind"] == "StatefulSet" else 1
    envs = []
    for ordinal in range(replicas):
        env = dict(base)
        for item in container.get("env") or []:
            if "value" in item:
                env[item["name"]] = str(item["value"])
            elif item.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") == "metadata.labels['apps.kubernetes.io/pod-index']":
                if workload["kind"] != "StatefulSet":
                    problems.append(f"{where}: {item['name']} from the pod-index label, which only StatefulSet pods have")
                env[item["name"]] = str(ordinal)
            else:
                problems.append(f"{where}: env {item['name']} from an unsupported source {item.get('valueFrom')}")
        envs.append(env)
    return envs, problems


def k8s_problems(files: dict[str, list[dict]]) -> list[str]:
    problems: list[str] = []
    docs = [(f, d) for f, ds in files.items() for d in ds]
    for f, d in docs:
        if not {"apiVersion", "kind"} <= d.keys():
            problems.append(f"k8s {f}: a document without apiVersion or kind")
        elif d["kind"] != "Kustomization" and not (d.get("metadata") or {}).get("name"):
            problems.append(f"k8s {f}: a {d['kind']} without metadata.name")
    applied = [(f, d) for f, d in docs if f not in (SECRET_TEMPLATE, "kustomization.yaml")]
    of_kind = lambda kind: {d["metadata"]["name"]: d for _f, d in applied if d.get("kind") == kind}  # noqa: E731

    # kustomization: every manifest, nothing else; the namespace; the image
    kust = (files.get("kustomization.yaml") or [{}])[0]
    resources = kust.get("resources") or []
    expected = sorted(f for f in files if f not in ("kustomization.yaml", SECRET_TEMPLATE))
    if sorted(resources) != expected:
        problems.append(f"k8s kustomization.yaml: resources {sorted(resources)} != the manifests {expected}")
    if SECRET_TEMPLATE in resources:
        problems.append(f"k8s kustomization.yaml: {SECRET_TEMPLATE} holds placeholders and must not be applied")
    namespaces = of_kind("Namespace")
    if kust.get("namespace") not in namespaces:
        problems.append(f"k8s kustomization.yaml: namespace {kust.get('namespace')!r} is not a Namespace in the manifests")
    image_names = {i["name"] for i in kust.get("images") or []}

    # the Secret template: placeholders only, every key a setting
    secrets: dict[str, dict[str, str]] = {}
    for d in files.get(SECRET_TEMPLATE) or []:
        if d.get("kind") == "Secret":
            data = {k: str(v) for k, v in (d.get("stringData") or {}).items()}
            problems += setting_name_problems(data, f"k8s {SECRET_TEMPLATE}")
            for k, v in data.items():
                if "<" not in v:
                    problems.append(f"k8s {SECRET_TEMPLATE}: {k} must be a <placeholder>, not a value")
            if set(SECRET_SETTINGS) - data.keys():
                problems.append(f"k8s {SECRET_TEMPLATE}: missing {sorted(set(SECRET_SETTINGS) - data.keys())}")
            # stand-ins that validate, in place of the placeholders
            secrets[d["metadata"]["name"]] = {
                k: "postgresql+psycopg://huiliu:pw@postgres.example:5432/huiliu" if k == "HUILIU_DATABASE_URL"
                else DUMMY_SECRETS.get(k, "stand-in") for k in data}
    if not secrets:
        problems.append(f"k8s: {SECRET_TEMPLATE} holds no Secret")
    configmaps = {n: d.get("data") or {} for n, d in of_kind("ConfigMap").items()}
    for name, data in configmaps.items():
        problems += setting_name_problems(data, f"k8s ConfigMap {name}")
        for key in SECRET_SETTINGS:
            if key in data:
                problems.append(f"k8s ConfigMap {name}: {key} is a secret; it belongs in the Secret")

    # workloads: command, settings, ports, probes, resources
    workloads = {**of_kind("Deployment"), **{n: d for n, d in of_kind("StatefulSet").items()}}
    pods: list[tuple[str, dict, dict, list[tuple[str, Settings]]]] = []  # (name, labels, container, [(pod, settings)])
    for name, w in workloads.items():
        where = f"k8s {w['kind']} {name}"
        spec = w["spec"]
        labels = spec["template"]["metadata"].get("labels") or {}
        selector = (spec.get("selector") or {}).get("matchLabels") or {}
        if not selector or any(labels.get(k) != v for k, v in selector.items()):
            problems.append(f"{where}: selector {selector} does not select its own pods {labels}")
        pod = spec["template"]["spec"]
        sc = pod.get("securityContext") or {}
        if not sc.get("runAsNonRoot") or sc.get("runAsUser") in (None, 0):
            problems.append(f"{where}: pods must run as a non-root user")
        for c in pod["containers"]:
            cw = f"{where} container {c['name']}"
            module = python_module([*(c.get("command") or []), *(c.get("args") or [])])
            problems += module_problems(module, cw)
            if c.get("image") not in image_names:
                problems.append(f"{cw}: image {c.get('image')!r} is not set by the kustomization's images")
            envs, p = workload_envs(w, c, configmaps, secrets, cw)
            problems += p
            for env in envs[:1]:
                problems += setting_name_problems(env, cw)
            ports = {p["name"]: p["containerPort"] for p in c.get("ports") or [] if "name" in p}
            for kind in ("cpu", "memory"):
                req, lim = (c.get("resources") or {}).get("requests", {}).get(kind), (c.get("resources") or {}).get("limits", {}).get(kind)
                if req is None or lim is None:
                    problems.append(f"{cw}: no {kind} request and limit")
                elif quantity(req) > quantity(lim):
                    problems.append(f"{cw}: {kind} request {req} above the limit {lim}")
            for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
                get = (c.get(probe) or {}).get("httpGet") or {}
                if get.get("path") != path:
                    problems.append(f"{cw}: {probe} must GET {path}, not {get.get('path')}")
            pod_settings = []
            if module not in LISTEN_URL:
                continue
            for i, env in enumerate(envs):
                settings, p = build_settings(env, f"{cw} pod {i}")
                problems += p
                if settings is None:
                    continue
                pod_settings.append((f"{name}-{i}" if w["kind"] == "StatefulSet" else name, settings))
                port = listen_port(module, settings)
                if ports.get("http") != port:
                    problems.append(f"{cw}: containerPort http {ports.get('http')}, the process listens on {port}")
                for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                    target = ((c.get(probe) or {}).get("httpGet") or {}).get("port")
                    if target is not None and ports.get(target, target) != port:
                        problems.append(f"{cw}: {probe} port {target} is not the listening port {port}")
                if settings.env != "production" or settings.bus != "kafka" or settings.host not in ("0.0.0.0", "::"):
                    problems.append(f"{cw}: needs HUILIU_ENV=production, HUILIU_BUS=kafka, HUILIU_HOST=0.0.0.0")
            pods.append((name, labels, c, pod_settings))

    # Services select pods and reach their ports
    services = of_kind("Service")
    service_pods: dict[str, list[tuple[str, dict, list[tuple[str, Settings]]]]] = {}
    for name, s in services.items():
        selector = s["spec"].get("selector") or {}
        selected = [(w, c, ps) for w, labels, c, ps in pods if selector and all(labels.get(k) == v for k, v in selector.items())]
        service_pods[name] = selected
        if not selected:
            problems.append(f"k8s Service {name}: selector {selector} selects no pods")
        for p in s["spec"].get("ports") or []:
            target = p.get("targetPort", p["port"])
            for w, c, _ps in selected:
                container_ports = {q.get("name"): q["containerPort"] for q in c.get("ports") or []}
                if target not in container_ports and target not in container_ports.values():
                    problems.append(f"k8s Service {name}: targetPort {target} is no port of {w}'s container")

    def resolve(url: str) -> tuple[str, str | None] | None:
        """host of an in-cluster URL -> (service, pod) if it names one of ours."""
        parts = urlparse(url).hostname.split(".")
        ns = kust.get("namespace")
        suffixes = ([], [ns], [ns, "svc"], [ns, "svc", "cluster", "local"])
        for n in (1, 2):
            if len(parts) >= n and parts[n:] in suffixes:
                names = parts[:n]
                if n == 1 and names[0] in services:
                    return names[0], None
                if n == 2 and names[1] in services:
                    return names[1], names[0]
        return None

    # the settings' URLs reach the right processes
    statefulsets = of_kind("StatefulSet")
    for wname, _labels, _c, pod_settings in pods:
        for pod_name, settings in pod_settings[:1]:
            where = f"k8s {wname} ({pod_name})"
            for attr, url, shard in url_targets(settings):
                problems += url_problems(url, f"{where} {attr}")
                found = resolve(url)
                if found is None:
                    problems.append(f"{where}: {attr} {url} names no Service in the manifests")
                    continue
                svc_name, pod = found
                svc = services[svc_name]
                svc_ports = [p["port"] for p in svc["spec"].get("ports") or []]
                if urlparse(url).port not in svc_ports:
                    problems.append(f"{where}: {attr} {url}: Service {svc_name} serves ports {svc_ports}")
                want = "matcher" if shard is not None else URL_TARGET[attr]
                selected = service_pods.get(svc_name) or []
                if not any(python_module(c.get("command")) == want for _w, c, _ps in selected):
                    problems.append(f"{where}: {attr} {url}: Service {svc_name} does not select {want} pods")
                if pod is not None:
                    sts = [d for d in statefulsets.values() if d["spec"].get("serviceName") == svc_name]
                    if svc["spec"].get("clusterIP") != "None" or not sts:
                        problems.append(f"{where}: {attr} {url}: per-pod names need a headless Service of a StatefulSet")
                        continue
                    ordinal = pod.removeprefix(f"{sts[0]['metadata']['name']}-")
                    if not ordinal.isdigit() or int(ordinal) >= sts[0]["spec"].get("replicas", 1):
                        problems.append(f"{where}: {attr} {url}: no such pod in StatefulSet {sts[0]['metadata']['name']}")
                    elif shard is not None:
                        shard_of_pod = dict(pod_settings_of(pods, sts[0]["metadata"]["name"])).get(pod)
                        if shard_of_pod is None or shard_of_pod.matcher_shard != shard:
                            problems.append(f"{where}: {attr} {url} is not shard {shard}")
            if settings.matcher_shards != len(settings.matcher_urls):
                problems.append(f"{where}: HUILIU_MATCHER_SHARDS {settings.matcher_shards} but {len(settings.matcher_urls)} URLs")

    # matcher shards: one pod per shard
    for wname, _labels, c, pod_settings in pods:
        if python_module(c.get("command")) == "matcher":
            shards = sorted(s.matcher_shard for _p, s in pod_settings)
            if pod_settings and shards != list(range(pod_settings[0][1].matcher_shards)):
                problems.append(f"k8s {wname}: matcher pods are shards {shards}, HUILIU_MATCHER_SHARDS is "
                                f"{pod_settings[0][1].matcher_shards}")

    # the embedder's autoscaler
    hpas = of_kind("HorizontalPodAutoscaler")
    if not hpas:
        problems.append("k8s: no HorizontalPodAutoscaler")
    partitions = {s.kafka_partitions for _w, _l, _c, ps in pods for _p, s in ps}
    for name, h in hpas.items():
        ref = h["spec"]["scaleTargetRef"]
        target = workloads.get(ref.get("name"))
        if ref.get("kind") != "Deployment" or target is None or target["kind"] != "Deployment":
            problems.append(f"k8s HPA {name}: targets {ref}, which is not a Deployment in the manifests")
            continue
        modules = {python_module(c.get("command")) for c in target["spec"]["template"]["spec"]["containers"]}
        if modules != {"services.embedder"}:
            problems.append(f"k8s HPA {name}: targets {ref['name']}, which runs {modules}, not the embedder")
        if "replicas" in target["spec"]:
            problems.append(f"k8s HPA {name}: Deployment {ref['name']} sets replicas, which every apply resets")
        metrics = h["spec"].get("metrics") or []
        if not any(m.get("type") == "Resource" and m["resource"]["name"] == "cpu" for m in metrics):
            problems.append(f"k8s HPA {name}: not CPU based")
        if not 1 <= h["spec"].get("minReplicas", 1) <= h["spec"]["maxReplicas"]:
            problems.append(f"k8s HPA {name}: minReplicas/maxReplicas out of order")
        if partitions and h["spec"]["maxReplicas"] > min(partitions):
            problems.append(f"k8s HPA {name}: maxReplicas {h['spec']['maxReplicas']} above HUILIU_KAFKA_PARTITIONS "
                            f"{min(partitions)}: the extra replicas would get no partition")
    return problems


def pod_settings_of(pods, workload: str) -> list[tuple[str, Settings]]:
    return next((ps for w, _l, _c, ps in pods if w == workload), [])


# =============================================================================== Dockerfile


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    out, pending = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        full = (pending + stripped).strip()
        pending = ""
        word, _, rest = full.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def exec_or_shell(args: str) -> list[str]:
    if args.startswith("["):
        return json.loads(args)
    return shlex.split(args)


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Whether .dockerignore excludes ``path`` (or a folder above it); last match wins."""
    parts = PurePosixPath(path).parts
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for raw in patterns:
        negate = raw.startswith("!")
        pattern = raw[1:] if negate else raw
        pattern = pattern.strip("/")
        regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*").replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        if any(re.fullmatch(regex, c) for c in candidates):
            ignored = not negate
    return ignored


def dockerignore_patterns(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def project_file(module: str) -> Path | None:
    """The source of a project module, found without importing anything."""
    base = REPO.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if module.split(".")[0] in PROJECT_PACKAGES and candidate.is_file():
            return candidate
    return None


@functools.cache
def project_imports(module: str) -> frozenset[str]:
    """The project modules ``module`` imports, transitively (every import statement, also
    inside functions), read from the sources: nothing is imported."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        path = project_file(name)
        if name in seen or path is None:  # not ours, or `from module import a_function`
            continue
        seen.add(name)
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]  # the packages above it run first
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                todo += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                todo += [base, *(f"{base}.{a.name}" for a in node.names)]
    return frozenset(seen)


def entry_module(module: str) -> str:
    """What ``python -m module`` executes: a package's __main__, or the module itself."""
    path = project_file(module)
    return f"{module}.__main__" if path is not None and path.name == "__init__.py" else module


def module_file(module: str) -> str:
    return project_file(module).relative_to(REPO).as_posix()


def dockerfile_problems(text: str, ignore_text: str) -> list[str]:
    problems: list[str] = []
    patterns = dockerignore_patterns(ignore_text)
    instructions = dockerfile_instructions(text)
    args: dict[str, str] = {}
    stage_files: dict[str, str] = {}  # path in the image -> path in the repository (this stage)
    workdir = "/"
    froms, user, cmd, model_prepared, envs = [], None, None, False, {}
    for word, rest in instructions:
        expanded = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), rest)
        if word == "ARG":
            name, _, default = rest.partition("=")
            args.setdefault(name.strip(), default.strip())
        elif word == "FROM":
            froms.append(expanded.split()[0])
            stage_files, workdir, user = {}, "/", None
        elif word == "WORKDIR":
            workdir = str(PurePosixPath(workdir) / expanded)
        elif word == "USER":
            user = expanded.split(":")[0]
        elif word == "ENV":
            for k, v in re.findall(r"(\w+)=(\"[^\"]*\"|\S+)", rest):
                envs[k] = v
        elif word in ("COPY", "ADD"):
            tokens = exec_or_shell(rest)
            flags = [t for t in tokens if t.startswith("--")]
            paths = [t for t in tokens if not t.startswith("--")]
            if len(paths) < 2:
                problems.append(f"Dockerfile: {word} {rest}: needs a source and a destination")
                continue
            if any(f.startswith("--from") for f in flags):
                continue
            *sources, dest = paths
            dest_abs = PurePosixPath(workdir) / dest
            for src in sources:
                src_path = REPO / src
                if not src_path.exists():
                    problems.append(f"Dockerfile: {word} {src}: no such file in the repository")
                    continue
                if dockerignored(src.rstrip("/"), patterns):
                    problems.append(f"Dockerfile: {word} {src}: excluded by .dockerignore")
                into_dir = dest.endswith("/") or len(sources) > 1
                if src_path.is_dir():
                    for f in src_path.rglob("*.py"):
                        rel = f.relative_to(src_path).as_posix()
                        stage_files[str(dest_abs / rel)] = f.relative_to(REPO).as_posix()
                else:
                    stage_files[str(dest_abs / src_path.name if into_dir else dest_abs)] = src
        elif word == "RUN":
            run_dir = PurePosixPath(workdir)
            for segment in re.split(r"&&|;|\|\|", expanded):
                tokens = shlex.split(segment)
                if tokens and tokens[0].startswith("--mount"):
                    tokens = [t for t in tokens if not t.startswith("--mount")]
                if not tokens:
                    continue
                if tokens[0] == "cd" and len(tokens) > 1:
                    run_dir = run_dir / tokens[1]
                    continue
                joined = " ".join(tokens)
                if re.search(r"\bpip (install|sync)\b", joined):
                    files = [t for i, t in enumerate(tokens) if tokens[i - 1] in ("-r", "--requirement")
                             or re.search(r"\.(lock|txt|in)$", t)]
                    for f in files:
                        image_path = str(run_dir / f)
                        if image_path not in stage_files:
                            problems.append(f"Dockerfile: RUN {joined}: {f} was not copied into this stage")
                        elif not (REPO / stage_files[image_path]).is_file():
                            problems.append(f"Dockerfile: RUN {joined}: {stage_files[image_path]} does not exist")
                mod = python_module(tokens)
                if mod is not None and mod.split(".")[0] in PROJECT_PACKAGES:  # not `python -m venv`
                    found = module_problems(mod, f"Dockerfile RUN {joined}")
                    problems += found
                    if found:
                        continue
                    if mod == "matcher.embedding.prepare":
                        model_prepared = True
                    # every project module it imports must be in this stage already
                    for needed in sorted(project_imports(entry_module(mod))):
                        in_image = str(run_dir / module_file(needed))
                        if in_image not in stage_files:
                            problems.append(f"Dockerfile RUN {joined}: {module_file(needed)} is not copied before it runs")
        elif word == "CMD":
            cmd = exec_or_shell(expanded)
    # the final image runs every process (CMD, or the command compose/Kubernetes give)
    # from WORKDIR: all the project modules they import must be in it
    missing = sorted({module_file(m) for process in LISTEN_URL for m in project_imports(entry_module(process))}
                     - {PurePosixPath(p).relative_to(workdir).as_posix() for p in stage_files if p.startswith(workdir.rstrip("/") + "/")})
    if missing:
        problems.append(f"Dockerfile: not copied into the final image's {workdir}: {', '.join(missing)}")
    if not froms or not re.fullmatch(r"python:3\.11[-.\w]*slim[-\w]*", froms[-1]):
        problems.append(f"Dockerfile: the final image must be FROM python:3.11-slim, not {froms[-1:]}")
    problems += module_problems(python_module(cmd), "Dockerfile CMD")
    if python_module(cmd) != "gateway":
        problems.append(f"Dockerfile: the default command must be python -m gateway, not {cmd}")
    if user in (None, "root", "0"):
        problems.append("Dockerfile: the final stage must switch to a non-root USER")
    if not model_prepared:
        problems.append("Dockerfile: the embedding model is not prepared at build time (python -m matcher.embedding.prepare)")
    for name in envs:
        if name.startswith("HUILIU_") and not is_setting(name) and not read_from_environ(name):
            problems.append(f"Dockerfile: ENV {name} is neither a setting nor read by the project's code")
    return problems


def read_from_environ(name: str) -> bool:
    """Whether some project module reads ``name`` directly (os.environ / os.getenv)."""
    for package in PROJECT_PACKAGES[:3]:
        for f in (REPO / package).rglob("*.py"):
            text = f.read_text(encoding="utf-8")
            if f'"{name}"' in text and ("os.environ" in text or "getenv" in text):
                return True
    return False


# =============================================================================== tests: the files


def test_settings_conventions():
    # the names the checks above derive (HUILIU_X, HUILIU_X__Y) rest on these two
    assert Settings.model_config["env_prefix"] == "HUILIU_"
    assert Settings.model_config["env_nested_delimiter"] == "__"
    assert is_setting("HUILIU_MATCHER_URLS") and is_setting("HUILIU_WEIGHTS__SEMANTIC") and is_setting("HUILIU_WEIGHT_SKILLS")
    assert not is_setting("HUILIU_MATCHER_URL") and not is_setting("HUILIU_WEIGHTS__NOPE") and not is_setting("huiliu_port")


def test_every_yaml_file_parses():
    files = [COMPOSE, *sorted(K8S.glob("*.yaml"))]
    assert len(files) > 5
    for path in files:
        docs = load_docs(path)
        assert docs, f"{path} holds no document"
        assert all(isinstance(d, dict) for d in docs), path
    assert not list(K8S.glob("*.yml")), "use .yaml: the kustomization check only reads *.yaml"


def test_listen_urls_are_the_ones_the_code_uses():
    """LISTEN_URL mirrors how each main() picks its port; fail when the code changes."""
    for module, attr in LISTEN_URL.items():
        main = importlib.util.find_spec(f"{module}.main") or importlib.util.find_spec(f"{module}.__main__")
        source = Path(main.origin).read_text(encoding="utf-8")
        if attr is None:
            assert "port=settings.port" in source, module
        elif attr == "matcher_urls":
            assert "settings.matcher_urls[" in source and "serve(app, settings, url" in source, module
        else:
            assert re.search(rf"serve\([^\n]*settings\.{attr}\b", source), f"{module} does not serve on settings.{attr}"


def test_compose_file():
    problems = compose_problems(compose_doc())
    assert not problems, "\n".join(problems)


def test_compose_has_every_process_and_the_expected_shape():
    doc = compose_doc()
    procs = compose_processes(doc)
    modules = sorted(m for m, _s, _p in procs.values())
    assert modules == sorted(["gateway", "services.jobs", "services.talent", "services.analytics", "services.embedder",
                              "matcher", "matcher"]), modules
    services = doc["services"]
    embedder = next(n for n, (m, _s, _p) in procs.items() if m == "services.embedder")
    replicas = services[embedder].get("deploy", {}).get("replicas", 1)
    assert replicas == 2
    assert replicas <= procs[embedder][1].kafka_partitions, "embedders beyond the partition count get no work"
    gateway = next(n for n, (m, _s, _p) in procs.items() if m == "gateway")
    published = [str(p) for p in services[gateway].get("ports") or []]
    assert published == [f"8000:{listen_port('gateway', procs[gateway][1])}"], published
    assert all("ports" not in s for n, s in services.items() if n != gateway), "only the gateway is published"
    kafka = next(s for s in services.values() if str(s.get("image", "")).startswith("apache/kafka:"))
    env = compose_env(kafka)
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    voter_id, _, voter = env["KAFKA_CONTROLLER_QUORUM_VOTERS"].partition("@")
    assert voter_id == env["KAFKA_NODE_ID"]
    listeners = {urlparse(x).scheme.upper(): urlparse(x).port for x in env["KAFKA_LISTENERS"].split(",")}
    assert int(voter.rpartition(":")[2]) == listeners[env["KAFKA_CONTROLLER_LISTENER_NAMES"]]
    for key in ("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"):
        assert env[key] == "1", key
    assert "kafka:" in kafka["image"]
    pom = (DEPLOY / "kafka" / "pom.xml").read_text(encoding="utf-8")
    assert kafka["image"] == f"apache/kafka:{re.search(r'<kafka.version>([^<]+)<', pom).group(1)}", \
        "the same Kafka version as deploy/kafka (make up)"
    postgres = next(s for s in services.values() if str(s.get("image", "")).startswith("postgres:"))
    db = urlparse(procs[gateway][1].database_url)
    penv = compose_env(postgres)
    assert (db.username, db.password, db.path.lstrip("/")) == (penv["POSTGRES_USER"], penv["POSTGRES_PASSWORD"], penv["POSTGRES_DB"])
    assert any(str(v).endswith(":/var/lib/postgresql/data") for v in postgres.get("volumes") or []), "postgres keeps its data in a volume"


def test_compose_has_no_default_secrets():
    raw = COMPOSE.read_text(encoding="utf-8")
    for name in DUMMY_SECRETS:
        assert re.search(rf"\$\{{{name}:\?[^}}]+\}}", raw), f"{name} must be required (${{{name}:?...}}), never defaulted"
        assert not re.search(rf"\$\{{{name}:?-", raw), f"{name} has a default"
        with pytest.raises(MissingVariable):
            compose_doc({k: v for k, v in DUMMY_SECRETS.items() if k != name})


def test_k8s_manifests():
    problems = k8s_problems(k8s_files())
    assert not problems, "\n".join(problems)


def test_k8s_has_every_process_and_the_expected_shape():
    files = k8s_files()
    docs = [d for f, ds in files.items() if f != SECRET_TEMPLATE for d in ds]
    kinds = {(d["kind"], (d.get("metadata") or {}).get("name")) for d in docs}
    for name in ("gateway", "jobs", "talent", "analytics", "embedder"):
        assert ("Deployment", name) in kinds and ("Service", name) in kinds, name
    assert ("StatefulSet", "matcher") in kinds and ("Service", "matcher") in kinds
    assert ("HorizontalPodAutoscaler", "embedder") in kinds
    assert {k for k, _n in kinds} >= {"Namespace", "ConfigMap", "Kustomization"}
    embedder = next(d for d in docs if (d["kind"], d["metadata"]["name"]) == ("Deployment", "embedder"))
    res = embedder["spec"]["template"]["spec"]["containers"][0]["resources"]
    assert quantity(res["requests"]["memory"]) >= 1.5e9, "the embedder holds ~1.5 GB with the model"
    assert 1 <= quantity(res["requests"]["cpu"]) <= quantity(res["limits"]["cpu"]) <= 2


def test_dockerfile():
    problems = dockerfile_problems(DOCKERFILE.read_text(encoding="utf-8"), DOCKERIGNORE.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_dockerfile_installs_with_the_makefiles_uv():
    make = re.search(r"^UV_VERSION := (\S+)", (REPO / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
    assert f'"uv=={make}"' in DOCKERFILE.read_text(encoding="utf-8")


def test_dockerignore_keeps_the_context_small():
    patterns = dockerignore_patterns(DOCKERIGNORE.read_text(encoding="utf-8"))
    for path in (".venv", ".venv/bin/python", "var", "var/huiliu.db", "deploy/kafka/libs", "deploy/kafka/libs/x.jar",
                 ".git", "services/__pycache__", "matcher/index/__pycache__/faiss.cpython-311.pyc", ".pytest_cache",
                 ".ruff_cache"):
        assert dockerignored(path, patterns), path
    for path in ("requirements.lock", "services/jobs/main.py", "matcher/embedding/prepare.py", "deploy/kafka/kafka.sh"):
        assert not dockerignored(path, patterns), path


# =============================================================================== tests: the checks can fail


def _compose_service(doc: dict, module: str) -> dict:
    return next(s for s in doc["services"].values() if python_module(s.get("command")) == module)


@pytest.mark.parametrize("breakage, expected", ids=lambda v: v if isinstance(v, str) else "broken", argvalues=[
    (lambda d: _compose_service(d, "services.jobs").update(command=["python", "-m", "services.jobz"]), "does not exist"),
    (lambda d: _compose_service(d, "services.talent").update(command=["python", "-m", "services.kit"]), "no __main__"),
    (lambda d: _compose_service(d, "services.jobs")["environment"].update(HUILIU_KAFKA_BOOTSTRAPP="kafka:9092"), "not a field"),
    (lambda d: [s["environment"].update(HUILIU_JOBS_URL="http://jobs:9999") for s in d["services"].values() if "build" in s],
     "healthcheck asks"),
    (lambda d: _compose_service(d, "gateway")["environment"].update(HUILIU_TALENT_URL="http://talents:8102"), "names no service"),
    (lambda d: _compose_service(d, "gateway")["environment"].update(HUILIU_TALENT_URL="http://jobs:8101"), "does not run"),
    (lambda d: _compose_service(d, "services.analytics")["healthcheck"].update(test=["CMD", "curl", "http://127.0.0.1:8105/healthz"]),
     "does not ask /readyz"),
    (lambda d: d["services"]["matcher-1"]["environment"].update(HUILIU_MATCHER_SHARD="0"), "matcher shards"),
    (lambda d: d["services"]["matcher-1"]["environment"].update(HUILIU_MATCHER_SHARD="2"), "settings do not validate"),
    (lambda d: _compose_service(d, "gateway")["depends_on"].pop("matcher-1"), "must depend on matcher-1"),
    (lambda d: _compose_service(d, "services.embedder")["environment"].update(HUILIU_KAFKA_BOOTSTRAP="kafka:9093"), "disagree"),
    (lambda d: _compose_service(d, "services.embedder")["environment"].update(HUILIU_KAFKA_BOOTSTRAP="kafka:9093"), "advertises [9092]"),
    (lambda d: d["services"]["kafka"]["environment"].update(KAFKA_ADVERTISED_LISTENERS="PLAINTEXT://localhost:9092"),
     "must name the service"),
    (lambda d: d["services"]["postgres"]["environment"].update(PGPORT="5433"), "not at a postgres service"),
])
def test_compose_checks_catch(breakage, expected):
    doc = copy.deepcopy(compose_doc())
    breakage(doc)
    problems = compose_problems(doc)
    assert any(expected in p for p in problems), problems


def _k8s_container(files: dict, name: str) -> dict:
    for docs in files.values():
        for d in docs:
            if d["kind"] in ("Deployment", "StatefulSet") and d["metadata"]["name"] == name:
                return d["spec"]["template"]["spec"]["containers"][0]
    raise KeyError(name)


def _k8s_doc(files: dict, kind: str, name: str) -> dict:
    return next(d for docs in files.values() for d in docs if d["kind"] == kind and d["metadata"]["name"] == name)


def _configmap(files: dict) -> dict:
    return _k8s_doc(files, "ConfigMap", "huiliu-config")["data"]


@pytest.mark.parametrize("breakage, expected", ids=lambda v: v if isinstance(v, str) else "broken", argvalues=[
    (lambda f: _k8s_container(f, "jobs").update(command=["python", "-m", "services.jobz"]), "does not exist"),
    (lambda f: _k8s_container(f, "gateway").update(command=["uvicorn", "gateway.app:app"]), "not `python -m"),
    (lambda f: _configmap(f).update(HUILIU_EMBED_MODLE="x"), "not a field"),
    (lambda f: _configmap(f).update(HUILIU_ADMIN_TOKEN="x"), "belongs in the Secret"),
    (lambda f: _configmap(f).update(HUILIU_TALENT_URL="http://talent:8110"), "containerPort http"),
    (lambda f: _configmap(f).update(HUILIU_ANALYTICS_URL="http://analytic:8105"), "names no Service"),
    (lambda f: _configmap(f).update(HUILIU_MATCHER_URLS='["http://matcher-0.matcher:8103"]'), "HUILIU_MATCHER_SHARDS"),
    (lambda f: _configmap(f).update(HUILIU_MATCHER_URLS='["http://matcher-1.matcher:8103", "http://matcher-0.matcher:8103"]'),
     "is not shard"),
    (lambda f: _configmap(f).update(HUILIU_KAFKA_PARTITIONS="4"), "maxReplicas 6 above"),
    (lambda f: _k8s_container(f, "talent")["readinessProbe"]["httpGet"].update(path="/healthz"), "must GET /readyz"),
    (lambda f: _k8s_container(f, "talent")["livenessProbe"]["httpGet"].update(port=8000), "not the listening port"),
    (lambda f: _k8s_doc(f, "Service", "jobs")["spec"]["selector"].update({"app.kubernetes.io/component": "job"}), "selects no pods"),
    (lambda f: _k8s_doc(f, "Service", "jobs")["spec"]["ports"][0].update(targetPort="web"), "targetPort web"),
    (lambda f: _k8s_doc(f, "Service", "analytics")["spec"]["ports"][0].update(port=80), "serves ports"),
    (lambda f: _k8s_doc(f, "HorizontalPodAutoscaler", "embedder")["spec"]["scaleTargetRef"].update(name="jobs"), "not the embedder"),
    (lambda f: _k8s_doc(f, "StatefulSet", "matcher")["spec"].update(replicas=3), "matcher pod 2: settings do not validate"),
    (lambda f: _configmap(f).update(HUILIU_MATCHER_SHARDS="3"), "matcher pods are shards [0, 1], HUILIU_MATCHER_SHARDS is 3"),
    (lambda f: f["kustomization.yaml"][0]["resources"].remove("talent.yaml"), "resources"),
    (lambda f: f["kustomization.yaml"][0]["resources"].append(SECRET_TEMPLATE), "must not be applied"),
    (lambda f: _k8s_container(f, "embedder").update(envFrom=[{"configMapRef": {"name": "huiliu-conf"}}]), "not in the manifests"),
    (lambda f: _k8s_container(f, "analytics")["resources"].pop("limits"), "no cpu request and limit"),
])
def test_k8s_checks_catch(breakage, expected):
    files = copy.deepcopy(k8s_files())
    breakage(files)
    problems = k8s_problems(files)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize("old, new, expected", ids=lambda v: repr(v)[:40], argvalues=[
    ('CMD ["python", "-m", "gateway"]', 'CMD ["python", "-m", "gatewya"]', "does not exist"),
    ("COPY requirements.lock /tmp/requirements.lock", "COPY requirements.txt /tmp/requirements.lock", "no such file"),
    ("/tmp/requirements.lock\n", "/tmp/requirement.lock\n", "was not copied"),
    ("COPY matcher/embedding/ /src/matcher/embedding/\n", "", "is not copied before it runs"),
    ("python -m matcher.embedding.prepare", "python -m matcher.embedding.prepared", "does not exist"),
    ("USER 10001:10001\n", "", "non-root USER"),
    ("COPY gateway/ gateway/\n", "", "not copied into the final image's /app: gateway/__init__.py"),
    ("HUILIU_DATA_DIR=/data", "HUILIU_DATADIR=/data", "neither a setting"),
])
def test_dockerfile_checks_catch(old, new, expected):
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert old in text, f"the Dockerfile changed: update this test ({old!r})"
    problems = dockerfile_problems(text.replace(old, new, 1), DOCKERIGNORE.read_text(encoding="utf-8"))
    assert any(expected in p for p in problems), problems


def test_dockerfile_check_sees_the_dockerignore():
    problems = dockerfile_problems(DOCKERFILE.read_text(encoding="utf-8"), "services\n")
    assert any("excluded by .dockerignore" in p for p in problems), problems
