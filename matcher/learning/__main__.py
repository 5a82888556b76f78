"""Fit the rerank weights on outcomes, or measure the fitting on a simulated outcome log.

    python -m matcher.learning fit --db URL --out FILE [--method logistic|pairwise] [--l2 X]
    python -m matcher.learning simulate [--slice small|full] [--seed S] [--out FILE]

``fit`` reads the outcomes and the matcher's snapshots from the store (SQLite or
PostgreSQL), holds out the latest 20 % of outcomes by time, fits on the rest, prints the
held-out AUC and NDCG@10 with the current and the fitted weights side by side, and writes
the weights file (``HUILIU_WEIGHTS_FILE`` makes the matcher use it).  ``simulate`` does the
same on an outcome log simulated on the evaluation benchmark (``make learn``).
Exit status 2: not enough outcomes to fit (the message says how many there are).
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from matcher.learning import model, weights
from matcher.learning.labels import split_by_time
from matcher.learning.pipeline import Options, Result, fit_and_measure
from matcher.learning.simulate import SEED
from matcher.learning.store import StoreUnreadable
from services.kit.config import Settings


def _fmt(v: float | None) -> str:
    return "   n/a" if v is None else f"{v:6.3f}"


def _delta(a: float | None, b: float | None) -> str:
    return "    " if a is None or b is None else f"{b - a:+.3f}"


def _metrics_table(title: str, metrics: dict[str, Any]) -> list[str]:
    current, fitted, ci = metrics["current"], metrics["fitted"], metrics.get("change_ci95") or {}
    lines = [title, f"  {'metric':<10} {'current':>8} {'fitted':>8} {'change':>8}   95% interval of the change"]
    for key, label in (("auc", "AUC"), ("ndcg@10", "NDCG@10")):
        band = f"[{ci[key][0]:+.3f}, {ci[key][1]:+.3f}]" if ci.get(key) else "n/a"
        lines.append(f"  {label:<10} {_fmt(current[key]):>8} {_fmt(fitted[key]):>8} {_delta(current[key], fitted[key]):>8}   {band}")
    if metrics.get("verdict"):
        lines.append(f"  → {metrics['verdict']}")
    raw = metrics.get("current_uncalibrated")
    if raw:
        lines.append(f"  (current weights are calibrated, fitted ones not: current on the raw score: AUC {_fmt(raw['auc']).strip()}, "
                     f"NDCG@10 {_fmt(raw['ndcg@10']).strip()})")
    return lines


def _weights_table(current: dict[str, float], fitted: dict[str, float]) -> list[str]:
    lines = [f"  {'feature':<11} {'current':>8} {'fitted':>8}"]
    for name in fitted:
        lines.append(f"  {name:<11} {current.get(name, 0.0):8.3f} {fitted[name]:8.3f}")
    return lines


def _resolved(side: str, info: dict[str, Any]) -> str:
    dropped = ", ".join(f"{n} {why}" for why, n in info.get("dropped", {}).items()) or "none"
    return f"{side}: {info['pairs']} pairs with snapshots and vectors ({info.get('reencoded_entities', 0)} entities re-encoded; dropped: {dropped})"


def format_fit(result: Result, path: Path) -> str:
    f, m, s = result.fitted, result.held_out_metrics, result.split
    out = [f"outcomes {len(s.outcomes)}: before the cutoff {len(s.train_rows)}, held out {len(s.held_out_rows)} "
           f"(cutoff {s.cutoff.isoformat() if s.cutoff else '—'})",
           f"fitted on {f.examples} pairs ({f.positives} positive, {f.negatives} negative; {f.method}, l2 {f.l2}, "
           f"{'converged' if f.converged else 'NOT converged'} in {f.iterations} steps)",
           *(_resolved(side, info) for side, info in result.resolve_info.items()), ""]
    out += _metrics_table(f"held out: {m['pairs']} pairs ({m['positives']} positive), NDCG over {m['talents_ranked']} talents", m)
    out += ["", "weights (return bonus stays a setting):", *_weights_table(result.current.weights, f.weights), "", f"written: {path}",
            f"use it: HUILIU_WEIGHTS_FILE={path}"]
    return "\n".join(out)


def format_simulation(r: dict[str, Any]) -> str:
    c, h = r["counts"], r["held_out"]
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(r["counts"]["by_kind"].items()))
    out = [f"simulated outcomes · slice {r['slice']} · seed {r['seed']} · model {r['model']} · "
           f"jobs {c['jobs']} · talents {c['talents']}",
           f"outcomes {c['outcomes']} ({kinds})",
           f"split by time at {r['split']['cutoff']}: {r['split']['outcomes_before']} before, "
           f"{r['split']['outcomes_held_out']} held out → {c['train_examples']} training pairs, {c['held_out_examples']} held-out pairs",
           f"fit: {r['fit']['method']}, l2 {r['fit']['l2']}, {r['fit']['positives']} positive / {r['fit']['negatives']} negative, "
           f"{'converged' if r['fit']['converged'] else 'NOT converged'} in {r['fit']['iterations']} steps", ""]
    out += _metrics_table(f"held-out outcomes: {h['pairs']} pairs ({h['positives']} positive), NDCG@10 over {h['talents_ranked']} talents "
                          "(bootstrap over talents)", h)
    b = r["benchmark_ndcg@10"]
    u = r["benchmark_ndcg@10_unseen_talents"]
    out += ["", "benchmark NDCG@10 (graded qrels, whole ranking):", f"  {'direction':<26} {'current':>8} {'fitted':>8} {'change':>8}"]
    for d, v in b.items():
        out.append(f"  {d:<26} {_fmt(v['current']):>8} {_fmt(v['fitted']):>8} {_delta(v['current'], v['fitted']):>8}")
    out.append(f"  {'talent_to_jobs, unseen':<26} {_fmt(u['current']):>8} {_fmt(u['fitted']):>8} {_delta(u['current'], u['fitted']):>8}"
               f"   ({u['queries']} talents with no outcome before the cutoff)")
    out += ["", "weights:", *_weights_table(r["weights"]["current"], r["weights"]["fitted"]), "", f"took {r['seconds']} s"]
    return "\n".join(out)


def _options(args: argparse.Namespace) -> Options:
    return Options(method=args.method, l2=args.l2, min_examples=args.min_examples, min_each=args.min_each)


def cmd_fit(args: argparse.Namespace) -> int:
    from matcher.evaluation.methods import rank_config, text_labels
    from matcher.learning import store
    from services.kit.store.db import Database

    settings = Settings()
    configured, source = weights.rank_weights(settings.weights.model_dump(exclude={"return_bonus"}), settings.weights_file)
    current = replace(rank_config(settings), weights=configured)
    url = make_url(args.db)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") and not Path(url.database).exists():
        raise StoreUnreadable(f"no database file at {url.database}")  # (SQLite would create an empty one)
    db = Database(args.db)
    try:
        outcomes = store.read_outcomes(db)
        snapshots = store.read_snapshots(db)
    finally:
        db.dispose()
    split = split_by_time(outcomes, args.held_out)
    encode = None if args.no_embed else store.embedder_encoder(args.embed_model or settings.embed_model, text_labels(settings))

    def resolver(examples):
        r = store.resolve(examples, snapshots, encode)
        return r.pairs, {"pairs": len(r.pairs), "reencoded_entities": r.reencoded, "dropped": r.dropped}

    result = fit_and_measure(split, resolver, current, _options(args))
    meta = result.meta(url.render_as_string(hide_password=True)) | {"current_weights_from": source}
    path = weights.save(args.out, result.fitted.weights, meta)
    print(format_fit(result, path))
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    from matcher.learning.on_benchmark import run_simulation

    report, result = run_simulation(args.slice, _options(args), seed=args.seed, cache_dir=args.cache, model=args.model)
    print(format_simulation(report))
    if args.out:
        path = weights.save(args.out, result.fitted.weights, result.meta(f"simulation slice={args.slice} seed={args.seed}"))
        print(f"written: {path}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m matcher.learning", description="Learn the rerank weights from outcomes.")
    sub = ap.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser, min_examples: int) -> None:
        p.add_argument("--method", choices=model.METHODS, default="logistic")
        p.add_argument("--l2", type=float, default=1e-3, help="L2 strength, towards the current weights (default 1e-3)")
        p.add_argument("--min-examples", type=int, default=min_examples, help="refuse to fit below this many labelled pairs")
        p.add_argument("--min-each", type=int, default=20, help="... or below this many positive or negative ones")
        p.add_argument("--held-out", type=float, default=0.2, help="share of the latest outcomes held out (default 0.2)")

    fit = sub.add_parser("fit", help="fit on the store's outcomes and write the weights file")
    fit.add_argument("--db", required=True, help="SQLAlchemy URL of the store (sqlite:///var/huiliu.db, postgresql+psycopg://...)")
    fit.add_argument("--out", type=Path, required=True, help="the weights file to write (JSON)")
    fit.add_argument("--embed-model", default=None, help="re-encode snapshots without vectors with this model (default: HUILIU_EMBED_MODEL)")
    fit.add_argument("--no-embed", action="store_true", help="drop pairs whose vacancy or talent has no stored vectors instead")
    common(fit, 200)

    sim = sub.add_parser("simulate", help="simulate outcomes on the evaluation benchmark, fit and measure")
    sim.add_argument("--slice", choices=("small", "full"), default="full")
    sim.add_argument("--seed", default=SEED)
    sim.add_argument("--cache", type=Path, default=Path("var/eval/cache"), help="embedding cache (shared with make eval)")
    sim.add_argument("--model", default=None, help="embedding model folder (default: the prepared multilingual-e5-small)")
    sim.add_argument("--out", type=Path, default=None, help="also write the fitted weights file")
    sim.add_argument("--json", type=Path, default=None, help="also write the report as JSON")
    common(sim, 200)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    for noisy in ("jieba", "sentence_transformers", "transformers"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    try:
        return cmd_fit(args) if args.command == "fit" else cmd_simulate(args)
    except model.NotEnoughOutcomes as exc:
        print(f"refusing to fit: {exc}", file=sys.stderr)
        return 2
    except model.FitError as exc:
        print(f"fit failed: {exc}", file=sys.stderr)
        return 2
    except StoreUnreadable as exc:
        print(str(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
