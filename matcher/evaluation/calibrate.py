"""Fit the score calibration on the benchmark's tuning half and publish it (CALIBRATION.md).

    python -m matcher.evaluation --calibrate [--slice full]

1. Ranks both ways with the product's ranking *without* a calibration (raw scores), and
   keeps each query's top ``TOP`` — the pairs the product shows.
2. Fits, per industry of the vacancy, raw score → P(grade >= 2) on the pairs of the tuning
   half (both the person and the vacancy in it, ``split.py``): the pairs sorted by raw score
   are cut into bins of ``BIN_PAIRS`` pairs, isotonic regression (pool adjacent violators)
   runs over the bins, and the curve is linear between the centres of the pooled blocks.
   An industry gets a curve of its own only when that predicts its pairs better than the
   curve of all industries (``*``) in a two-fold cross-validation *within* the tuning half
   (Brier score), and has at least ``MIN_PAIRS`` pairs; otherwise it uses ``*``.  So the
   data decide whether industries differ, without looking at the held-out half.
3. Measures on the held-out half (pairs of held-out queries): per industry, the precision
   (share of pairs with grade >= 2) among pairs scoring at least 50 / 60 / 70 / 80, with the
   raw score and with the calibrated one, and the expected calibration error.
4. Writes ``matcher/ranking/calibration.json`` (what MatchService loads) and
   ``matcher/evaluation/CALIBRATION.md`` (the tables), and prints the semantic band the
   cosines of the tuning half suggest (``Settings.semantic_floor`` / ``semantic_ceiling``).
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from matcher.evaluation import methods
from matcher.evaluation.harness import DIRECTIONS, Benchmark
from matcher.evaluation.metrics import RELEVANT
from matcher.evaluation.split import SEED, is_tuning, tuning_pair
from matcher.ranking.calibration import DEFAULT_PATH, Calibration
from matcher.ranking.score import RankConfig, score_pair

TOP = 50
BIN_PAIRS = 25  # small enough to resolve the top, where the few relevant pairs are
MIN_PAIRS = 400
THRESHOLDS = (50, 60, 70, 80)
BANDS = ((0, 25), (25, 50), (50, 60), (60, 70), (70, 80), (80, 101))
REPORT_PATH = Path(__file__).resolve().parent / "CALIBRATION.md"


def pav(y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Isotonic (non-decreasing) least-squares fit of ``y`` with weights ``w`` (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [mean, weight, count]
    for yi, wi in zip(y.tolist(), w.tolist(), strict=True):
        blocks.append([yi, wi, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, c2 = blocks.pop()
            m1, w1, c1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    return np.concatenate([np.full(c, m) for m, _w, c in blocks])


def fit_curve(raw: np.ndarray, relevant: np.ndarray, bin_pairs: int = BIN_PAIRS) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Bins of ``bin_pairs`` pairs by raw score, isotonic over the bins: knots (raw, probability), both increasing."""
    order = np.argsort(raw, kind="stable")
    raw, relevant = raw[order], relevant[order].astype(float)
    cuts = list(range(0, len(raw), bin_pairs))
    xs = np.array([raw[i:i + bin_pairs].mean() for i in cuts])
    ys = np.array([relevant[i:i + bin_pairs].mean() for i in cuts])
    ws = np.array([len(raw[i:i + bin_pairs]) for i in cuts], dtype=float)
    fitted = pav(ys, ws)
    # one knot per pooled block (its weighted mean raw score): linear in between keeps the
    # order of raw scores wherever the data allow it
    knots_x: list[float] = []
    knots_y: list[float] = []
    i = 0
    while i < len(fitted):
        j = i
        while j + 1 < len(fitted) and fitted[j + 1] == fitted[i]:
            j += 1
        x = float(np.average(xs[i:j + 1], weights=ws[i:j + 1]))
        if not knots_x or x > knots_x[-1]:
            knots_x.append(x)
            knots_y.append(max(float(fitted[i]), knots_y[-1] if knots_y else 0.0))
        i = j + 1
    return tuple(knots_x), tuple(knots_y)


def shown_pairs(bench: Benchmark, sides: dict[str, tuple[methods.Side, methods.Side]], cfg: RankConfig, recall_n: int,
                skill_recall_n: int) -> list[dict[str, Any]]:
    """Each query's top ``TOP`` (raw scores), as (talent, job, direction, industry, raw, relevant, query part)."""
    rows = []
    for direction, (queries, items) in sides.items():
        talent_query = queries.kind == "talent"
        ranked = methods.huiliu(queries, items, cfg, recall_n, skill_recall_n)
        by_id = {e["id"]: e for e in items.entities}
        qpos = {qid: i for i, qid in enumerate(queries.ids)}
        cos = queries.queries @ items.passages.T
        ipos = {iid: i for i, iid in enumerate(items.ids)}
        for q in queries.entities:
            for item_id in ranked[q["id"]][:TOP]:
                item = by_id[item_id]
                job, talent = (item, q) if talent_query else (q, item)
                c = float(cos[qpos[q["id"]], ipos[item_id]])
                raw = score_pair(job, talent, c, cfg, with_explanation=False).parts["raw"]
                grade = bench.grades.get((talent["id"], job["id"]), 0)
                rows.append({"talent": talent["id"], "job": job["id"], "direction": direction, "industry": job.get("industry", "other"),
                             "raw": raw, "relevant": grade >= RELEVANT, "query_tuning": is_tuning(q["id"])})
    return rows


def _brier(curve: tuple[tuple[float, ...], tuple[float, ...]], rows: list[dict[str, Any]]) -> float:
    cal = Calibration("", {"*": curve})
    return float(np.mean([(cal.probability(r["raw"], "*") - r["relevant"]) ** 2 for r in rows]))


def _curve(rows: list[dict[str, Any]]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    return fit_curve(np.array([r["raw"] for r in rows]), np.array([r["relevant"] for r in rows]))


def _fold(row: dict[str, Any]) -> int:
    query = row["talent"] if row["direction"] == "talent_to_jobs" else row["job"]
    return hashlib.sha256(f"huiliu-calibration-cv/1:{query}".encode()).digest()[0] % 2


def fit(rows: list[dict[str, Any]], cfg: RankConfig) -> tuple[Calibration, dict[str, Any]]:
    """The calibration, and how each industry's curve was chosen (cross-validated Brier scores)."""
    tune = [r for r in rows if tuning_pair(r["talent"], r["job"])]
    curves = {"*": _curve(tune)}
    folds = [[r for r in tune if _fold(r) == f] for f in (0, 1)]
    choice: dict[str, Any] = {}
    for industry in sorted({r["industry"] for r in tune}):
        mine = [r for r in tune if r["industry"] == industry]
        own = glob = 0.0
        for f in (0, 1):
            train, test = folds[1 - f], [r for r in folds[f] if r["industry"] == industry]
            train_mine = [r for r in train if r["industry"] == industry]
            if not test or not train_mine:
                own = glob = float("inf")
                break
            own += _brier(_curve(train_mine), test) * len(test)
            glob += _brier(_curve(train), test) * len(test)
        own, glob = own / max(1, len(mine)), glob / max(1, len(mine))
        keep = len(mine) >= MIN_PAIRS and own < glob
        choice[industry] = {"pairs": len(mine), "cv_brier_own": round(own, 5), "cv_brier_all": round(glob, 5),
                            "curve": industry if keep else "*"}
        if keep:
            curves[industry] = _curve(mine)
    return Calibration(cfg.fingerprint(), curves), choice


def precision_table(rows: list[dict[str, Any]], calibration: Calibration) -> dict[str, Any]:
    """Held-out pairs: per industry and threshold, precision (and pairs) with the raw and the calibrated score."""
    held = [r for r in rows if not r["query_tuning"]]
    out: dict[str, Any] = {}
    for industry in ["all", *sorted({r["industry"] for r in held})]:
        mine = [r for r in held if industry == "all" or r["industry"] == industry]
        raw = np.array([r["raw"] for r in mine])
        cal = np.array([calibration.score(r["raw"], r["industry"]) for r in mine])
        rel = np.array([r["relevant"] for r in mine], dtype=float)
        row: dict[str, Any] = {"pairs": len(mine), "relevant_share": round(float(rel.mean()), 4) if len(mine) else None}
        for name, score in (("raw", raw), ("calibrated", cal)):
            row[name] = {}
            for t in THRESHOLDS:
                above = score >= t
                row[name][str(t)] = {"pairs": int(above.sum()),
                                     "precision": round(float(rel[above].mean()), 4) if above.any() else None}
        # precision within score bands: after calibration it should sit inside the band everywhere
        for name, score in (("raw", raw), ("calibrated", cal)):
            row[name]["bands"] = {}
            for lo, hi in BANDS:
                inside = (score >= lo) & (score < hi)
                row[name]["bands"][f"{lo}-{hi}"] = {"pairs": int(inside.sum()),
                                                    "precision": round(float(rel[inside].mean()), 4) if inside.any() else None}
        # expected calibration error of the calibrated score, in 10 bins of the score
        bins = np.clip((cal // 10).astype(int), 0, 9)
        ece = sum(abs(rel[bins == b].mean() - cal[bins == b].mean() / 100) * (bins == b).sum() for b in range(10) if (bins == b).any())
        row["ece_calibrated"] = round(float(ece / max(1, len(mine))), 4)
        out[industry] = row
    return out


def semantic_band(bench: Benchmark, sides: dict[str, tuple[methods.Side, methods.Side]]) -> dict[str, Any]:
    """Cosines of the tuning half: the 1st percentile of all pairs and the 95th of the relevant ones, per direction."""
    out = {}
    for direction, (queries, items) in sides.items():
        qi = [i for i, q in enumerate(queries.ids) if is_tuning(q)]
        ii = [i for i, x in enumerate(items.ids) if is_tuning(x)]
        cos = queries.queries[qi] @ items.passages[ii].T
        rel = []
        for a, q in enumerate(qi):
            for b, i in enumerate(ii):
                t, j = (queries.ids[q], items.ids[i]) if queries.kind == "talent" else (items.ids[i], queries.ids[q])
                if bench.grades.get((t, j), 0) >= RELEVANT:
                    rel.append(cos[a, b])
        out[direction] = {"all_p1": round(float(np.percentile(cos, 1)), 3), "all_p50": round(float(np.percentile(cos, 50)), 3),
                          "relevant_p95": round(float(np.percentile(rel, 95)), 3), "relevant_pairs": len(rel)}
    out["suggested"] = {"semantic_floor": round(min(out[d]["all_p1"] for d in DIRECTIONS), 2),
                        "semantic_ceiling": round(max(out[d]["relevant_p95"] for d in DIRECTIONS), 2)}
    return out


def markdown(table: dict[str, Any], calibration: Calibration, band: dict[str, Any], meta: dict[str, Any]) -> str:
    lines = [
        "# Score calibration / 分数校准",
        "",
        "Generated by `python -m matcher.evaluation --calibrate` — do not edit by hand.",
        "",
        f"The shown score (0–100) is P(grade ≥ 2) × 100 for the pair: the chance that, by the benchmark's rubric "
        f"(`benchmark/RUBRIC.md`), a recruiter would shortlist the person and the person would apply. It is fitted per industry "
        f"of the vacancy on the benchmark's **tuning half** (split `{SEED}`, `split.py`: {meta['tuning_pairs']} shown pairs of "
        f"tuning people and vacancies) and measured below on the **held-out half** ({meta['held_out_pairs']} shown pairs of held-out "
        f"queries). \"Shown\" = each query's top {TOP} in both directions, as ranked with the raw score.",
        "",
        f"Slice `{meta['slice']}`, model `{meta['model']}`, ranking fingerprint `{calibration.fingerprint}` "
        f"(weights {meta['weights']}). The mapping is stored in `matcher/ranking/calibration.json`; "
        "MatchService applies it only to this exact ranking configuration, and shows the raw score otherwise.",
        "",
        "## Precision at a threshold, held-out pairs / 阈值下的精确率（留出集）",
        "",
        "Precision = share of pairs scoring at least the threshold that are relevant (grade ≥ 2); in brackets, how many "
        "pairs score that high. Before = the raw two-sided score, after = the calibrated one. Calibrated, the precision "
        "above a threshold T is at least about T % in every industry (it averages the chances of all pairs above T); "
        "the band table below is the sharper check.",
        "",
    ]
    header = "| industry | pairs | relevant | " + " | ".join(f"≥{t} before" for t in THRESHOLDS) + " | " + \
        " | ".join(f"≥{t} after" for t in THRESHOLDS) + " | ECE after |"
    lines += [header, "|" + "---|" * (4 + 2 * len(THRESHOLDS))]

    def cell(c: dict[str, Any]) -> str:
        return "–" if c["precision"] is None else f"{c['precision']:.2f} ({c['pairs']})"

    for industry, row in table.items():
        lines.append(f"| {industry} | {row['pairs']} | {row['relevant_share']:.2f} | "
                     + " | ".join(cell(row["raw"][str(t)]) for t in THRESHOLDS) + " | "
                     + " | ".join(cell(row["calibrated"][str(t)]) for t in THRESHOLDS) + f" | {row['ece_calibrated']:.3f} |")
    lines += ["", "## Precision inside score bands, held-out pairs / 分数段内的精确率", "",
              "The stricter test of \"a score means the same everywhere\": among pairs scoring inside a band, the share that "
              "is relevant. Calibrated, it should fall inside the band in every industry (– : no pair scores there).", ""]
    names = [f"{lo}–{min(hi, 100)}" for lo, hi in BANDS]
    lines += ["| industry | score | " + " | ".join(names) + " |", "|" + "---|" * (2 + len(BANDS))]
    for industry, row in table.items():
        for name in ("raw", "calibrated"):
            cells = [cell(row[name]["bands"][f"{lo}-{hi}"]) for lo, hi in BANDS]
            lines.append(f"| {industry} | {'before (raw)' if name == 'raw' else 'after'} | " + " | ".join(cells) + " |")
    lines += ["", "## Which industries have a curve of their own / 分行业曲线的选择", "",
              "Chosen on the tuning half alone: two-fold cross-validation (folds by query), Brier score of the industry's "
              "pairs with a curve fitted on that industry only vs the curve of all industries; the lower wins.", "",
              "| industry | tuning pairs | CV Brier, own curve | CV Brier, all industries' curve | uses |", "|---|---|---|---|---|"]
    for industry, c in meta["curve_choice"].items():
        lines.append(f"| {industry} | {c['pairs']} | {c['cv_brier_own']:.4f} | {c['cv_brier_all']:.4f} | `{c['curve']}` |")
    lines += ["", "## The fitted curves / 拟合曲线 (raw → P(relevant))", ""]
    for name, (xs, ys) in calibration.curves.items():
        knots = ", ".join(f"{x:.0f}→{y:.2f}" for x, y in zip(xs, ys, strict=True))
        lines.append(f"- `{name}`: {knots}")
    lines += ["", "## Semantic band / 语义区间", "",
              "Cosines of the tuning half (multilingual-e5 puts almost every pair between 0.85 and 0.95): the floor is the "
              "1st percentile of all pairs, the ceiling the 95th percentile of the relevant pairs.", ""]
    for d in DIRECTIONS:
        b = band[d]
        lines.append(f"- {d}: all pairs p1 {b['all_p1']}, median {b['all_p50']}; relevant pairs ({b['relevant_pairs']}) p95 {b['relevant_p95']}")
    s = band["suggested"]
    lines += [f"- suggested: `HUILIU_SEMANTIC_FLOOR={s['semantic_floor']}`, `HUILIU_SEMANTIC_CEILING={s['semantic_ceiling']}` "
              f"(configured: {meta['semantic_band']})", ""]
    return "\n".join(lines)


def run_calibration(bench: Benchmark, sides: dict[str, tuple[methods.Side, methods.Side]], cfg: RankConfig, recall_n: int,
                    skill_recall_n: int, meta: dict[str, Any], write: bool = True,
                    json_path: Path = DEFAULT_PATH, md_path: Path = REPORT_PATH) -> dict[str, Any]:
    raw_cfg = replace(cfg, calibration=None)
    rows = shown_pairs(bench, sides, raw_cfg, recall_n, skill_recall_n)
    calibration, choice = fit(rows, raw_cfg)
    table = precision_table(rows, calibration)
    band = semantic_band(bench, sides)
    meta = {**meta, "tuning_pairs": sum(tuning_pair(r["talent"], r["job"]) for r in rows),
            "held_out_pairs": sum(not r["query_tuning"] for r in rows),
            "weights": {k: round(v, 3) for k, v in raw_cfg.weights.items()},
            "semantic_band": f"{raw_cfg.semantic_floor}/{raw_cfg.semantic_ceiling}", "curve_choice": choice}
    if write:
        json_path.write_text(calibration.to_json({"fitted_at": datetime.now().isoformat(timespec="seconds"), "split": SEED,
                                                  "slice": meta["slice"], "model": meta["model"], "top": TOP, "bin_pairs": BIN_PAIRS,
                                                  "tuning_pairs": meta["tuning_pairs"]}), encoding="utf-8")
        md_path.write_text(markdown(table, calibration, band, meta), encoding="utf-8")
    return {"precision_at_threshold": table, "semantic_band": band, "fingerprint": calibration.fingerprint, "curve_choice": choice,
            "written": [str(json_path), str(md_path)] if write else []}
