"""Run the matching evaluation and print its tables.

    python -m matcher.evaluation [--slice small|full] [--out var/eval] [--ablation] [--exposure] [--calibrate]

Prints, per direction, NDCG@10 / Recall@10 / Recall@50 / MRR / irrelevant-first for the
``vector``, ``keyword`` and ``huiliu`` rankers side by side, the same on the held-out half
(``split.py``), then the per-hard-case pairwise accuracy (and, with ``--ablation``, huiliu's
NDCG@10 with each part switched off; with ``--exposure``, how evenly vacancies reach seekers
before and after exposure control; with ``--calibrate``, fits the score calibration on the
tuning half first and writes ``matcher/ranking/calibration.json`` and ``CALIBRATION.md``),
and writes the JSON report to ``<out>/<timestamp>.json``.
"""
from __future__ import annotations

import argparse
import logging
import sys
import unicodedata
from pathlib import Path
from typing import Any

from matcher.evaluation.harness import DIRECTIONS, SLICES, run
from matcher.evaluation.metrics import METRICS

DIRECTION_LABELS = {"talent_to_jobs": "人才→岗位 talent → jobs", "job_to_talents": "岗位→人才 job → talents"}
METHOD_LABELS = {"vector": "vector 纯向量", "keyword": "keyword 关键词BM25", "huiliu": "huiliu 回流排序"}
METRIC_LABELS = {"ndcg@10": "NDCG@10", "recall@10": "召回 R@10", "recall@50": "召回 R@50", "mrr": "MRR",
                 "irrelevant_first": "首位无关 irr.first"}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(_pad(c, w, right=i > 0) for i, (c, w) in enumerate(zip(r, widths, strict=True))) for r in [header, *rows]]
    lines.insert(1, "-" * _width(lines[0]))
    return "\n".join(lines)


def format_report(report: dict[str, Any]) -> str:
    meta = report["meta"]
    c = meta["counts"]
    out = [f"评测 evaluation · slice {meta['slice']} · model {meta['model']} · 岗位 jobs {c['jobs']} · 人才 talents {c['talents']}"
           f" · 已标注 judged pairs {c['judged_pairs']} (相关 relevant ≥2: {c['relevant_pairs']})"]
    for d in DIRECTIONS:
        q = meta["queries"][d]
        out += ["", f"{DIRECTION_LABELS[d]} — 查询 queries {q['evaluated']} evaluated, "
                    f"{q['excluded_no_relevant']} without a relevant item excluded 无相关项的查询不计"]
        rows = [[METHOD_LABELS[m], *(f"{report[d][m][k]:.3f}" for k in METRICS)] for m in report[d]]
        out.append(_table(["方法 method", *(METRIC_LABELS[k] for k in METRICS)], rows))
    hard = meta["hard_cases_pairwise_accuracy"]
    for d in DIRECTIONS:
        methods = list(hard[d])
        tags = sorted({t for m in methods for t in hard[d][m]})
        rows = [[t, str(hard[d][methods[0]][t]["comparisons"]), *(f"{hard[d][m][t]['accuracy']:.3f}" for m in methods)] for t in tags]
        out += ["", f"难例 hard cases, {DIRECTION_LABELS[d]}: 成对排序正确率 pairwise accuracy (0.5 = coin)",
                _table(["tag 难例", "comparisons 比较数", *methods], rows)]
    industries = meta["by_industry_ndcg@10"]
    for d in DIRECTIONS:
        methods = list(industries[d])
        names = list(industries[d][methods[0]])
        rows = [[n, *(f"{industries[d][m][n]:.3f}" for m in methods)] for n in names]
        out += ["", f"分行业 NDCG@10 by industry of the query, {DIRECTION_LABELS[d]}", _table(["industry", *methods], rows)]
    split = meta["by_split"]
    for d in DIRECTIONS:
        rows = [[METHOD_LABELS[m], *(f"{split[d][m]['held_out'][k]:.3f}" for k in METRICS)] for m in split[d]]
        out += ["", f"留出集 held-out half (split.py), {DIRECTION_LABELS[d]}", _table(["方法 method", *(METRIC_LABELS[k] for k in METRICS)], rows)]
    if "huiliu_ablation_ndcg@10" in meta:
        ab = meta["huiliu_ablation_ndcg@10"]
        rows = [[name, *(f"{ab[name][d]:.3f}" for d in DIRECTIONS)] for name in ab]
        out += ["", "回流排序消融 huiliu ablation: NDCG@10 with one part switched off", _table(["variant", *DIRECTIONS], rows)]
    if "exposure" in meta:
        ex = meta["exposure"]["seekers_top10"]
        rows = [[name, f"{r['exposure_weight']:g}/{r['exposure_per_head']:g}", f"{r['gini']:.3f}", f"{r['zero_share']:.3f}",
                 f"{r['max']} (hc {r['max_headcount']})", f"{r['ndcg@10']:.4f}", f"{r['ndcg@10_tuning']:.4f}",
                 f"{r['ndcg@10_held_out']:.4f}"]
                for name, r in [("before", ex["before"]), ("after", ex["after"]), *(("sweep", r) for r in ex["sweep"])]]
        out += ["", "曝光 exposure: in how many seekers' top 10 each vacancy is (t→j, every seeker once)",
                _table(["", "weight/per head", "Gini", "reaching no one", "max", "NDCG@10", "tuning NDCG@10", "held-out NDCG@10"], rows)]
        p = meta["exposure"]["pushes"]
        rows = [[("no cap" if c == "0" else f"cap {c} × headcount") + (" (configured)" if int(c) == p["cap_per_head"] else ""),
                 str(r["total"]), f"{r['gini']:.3f}", str(r["max"]), f"{r['zero_share']:.3f}", str(r["over_10_per_head"])]
                for c, r in meta["exposure"]["pushes_by_cap"].items()]
        out += ["", "推送 pushes: seekers each new vacancy is pushed to (enters their top push_top_k above the threshold)",
                _table(["", "pushes", "Gini", "max", "reaching no one", "vacancies >10/head"], rows)]
    if "calibration" in meta:
        table = meta["calibration"]["precision_at_threshold"]
        rows = [[ind, str(r["pairs"]), *(f"{r['raw'][t]['precision'] or 0:.2f}/{r['calibrated'][t]['precision'] or 0:.2f}"
                                          for t in ("50", "60", "70", "80"))] for ind, r in table.items()]
        out += ["", "校准 calibration, held-out: precision at score ≥ 50/60/70/80, raw/calibrated (CALIBRATION.md)",
                _table(["industry", "pairs", "≥50", "≥60", "≥70", "≥80"], rows)]
    out += ["", "延迟 huiliu latency per query (ms): " + ", ".join(f"{k} {v}" for k, v in meta["latency_ms"]["huiliu_per_query"].items())]
    out += ["", "用时 timings (s): " + ", ".join(f"{k} {v}" for k, v in meta["timings_s"].items())]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Evaluate Huiliu's matching against vector and keyword baselines.")
    ap.add_argument("--slice", choices=SLICES, default="small")
    ap.add_argument("--out", type=Path, default=Path("var/eval"), help="folder for the JSON report (and cache/)")
    ap.add_argument("--model", default=None, help="embedding model folder (default: the prepared multilingual-e5-small)")
    ap.add_argument("--ablation", action="store_true", help="also rerun huiliu with each feature switched off")
    ap.add_argument("--exposure", action="store_true", help="also report how evenly vacancies reach seekers, before and after exposure control")
    ap.add_argument("--calibrate", action="store_true",
                    help="fit the score calibration on the tuning half first; writes matcher/ranking/calibration.json and CALIBRATION.md")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for noisy in ("sentence_transformers", "transformers", "httpx", "jieba"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    report, path = run(args.slice, args.out, model=args.model, ablation=args.ablation, exposure=args.exposure,
                       calibrate=args.calibrate)
    print(format_report(report))
    print(f"\nJSON: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
