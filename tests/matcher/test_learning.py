"""Tests for matcher/learning: fitting the rerank weights on outcomes.

- the fitter on synthetic data drawn from known weights (it finds them again), on
  adversarial data (never a negative or NaN weight) and on too little data (it refuses);
- labels and the split by time (the fit never sees a held-out outcome row);
- the weights file: it loads into the matcher's RankConfig and moves a ranking the way
  its weights say; a bad file falls back to the configured weights;
- the store: read on SQLite and PostgreSQL; ``fit`` end to end on a store filled through
  the HTTP API (hashing embedder);
- the simulation on the benchmark's small slice (cached e5 embeddings, as test_evaluation).
"""
from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from matcher.evaluation.methods import rank_config as default_rank_config
from matcher.learning import __main__ as cli
from matcher.learning import pipeline, weights
from matcher.learning.examples import Pair, feature_names
from matcher.learning.labels import Example, Outcome, examples_from, in_time_order, pair_grade, split_by_time
from matcher.learning.measure import auc, bootstrap_gain, ndcg_by_talent, verdict
from matcher.learning.model import FitError, NotEnoughOutcomes, fit_weights
from matcher.ranking.score import score_pair
from services.kit.config import Settings

REPO = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 3, 1, tzinfo=UTC)


def current_weights() -> dict[str, float]:
    return Settings(env="test").weights.model_dump(exclude={"return_bonus"})


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return float(np.corrcoef(ra, rb)[0, 1])


def synthetic(n: int, true: np.ndarray, seed: int, lists: int = 0) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features uniform in 0..1; label ~ Bernoulli(σ(−4 + 8·x·w)); grades 0..3 for the pairwise ranker."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, len(true)))
    p = 1.0 / (1.0 + np.exp(-(-4.0 + 8.0 * x @ true)))
    positive = rng.random(n) < p
    grades = np.where(positive, 1 + (rng.random(n) < p) + (rng.random(n) < p * p), 0)
    groups = [f"list{i // 10}" for i in range(n)] if lists else ["all"] * n
    return x, grades, groups


# the fitter ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["logistic", "pairwise"])
def test_fitter_recovers_known_weights(method):
    names = feature_names()
    rng = np.random.default_rng(7)
    true = rng.dirichlet(np.ones(len(names)))
    true[int(np.argmin(true))] = 0.0  # one feature that does not matter at all
    true /= true.sum()
    x, grades, groups = synthetic(30_000, true, seed=11, lists=1)
    fitted = fit_weights(x, grades, names, current_weights(), method=method, groups=groups)
    got = np.array([fitted.weights[n] for n in names])
    print({n: (round(float(t), 3), g) for n, t, g in zip(names, true, got, strict=True)})
    assert fitted.converged
    assert spearman(true, got) >= 0.9
    assert np.max(np.abs(got - true)) < 0.03
    assert got.sum() == pytest.approx(1.0, abs=1e-3)
    assert list(fitted.weights) == list(names)  # the existing names, every feature of the ranking


def test_weights_are_never_negative_or_nan():
    names = feature_names()
    rng = np.random.default_rng(3)
    n = 2000
    x = rng.random((n, len(names)))
    x[:, 1] = 1.0  # never varies (every pair met it): keeps a weight from the prior
    # feature 2 counts *against* a positive outcome: its weight must stop at 0, never go below
    y = (x[:, 0] - 0.5 * x[:, 2] + 0.2 * rng.standard_normal(n) > 0.25).astype(int)
    for method in ("logistic", "pairwise"):
        for l2 in (0.0, 1e-3, 10.0):
            fitted = fit_weights(x, y, names, current_weights(), method=method, groups=[f"list{i // 20}" for i in range(n)], l2=l2)
            w = np.array(list(fitted.weights.values()))
            assert np.isfinite(w).all() and (w >= 0).all(), (method, l2, fitted.weights)
            assert w.sum() == pytest.approx(1.0, abs=1e-3)
            if l2 <= 1e-3:  # (a strong pull towards the current weights may keep a little of it)
                assert fitted.weights[names[2]] == 0.0, (method, l2)
            if l2 > 0:  # without a penalty a constant feature's weight is not identified (the intercept takes it)
                assert fitted.weights[names[1]] > 0.0
    # perfectly separable and unregularised: the optimum is at infinity; the weights stay finite
    sep = (x[:, 0] > 0.5).astype(int)
    w = fit_weights(x, sep, names, current_weights(), l2=0.0).weights
    assert all(np.isfinite(v) and v >= 0 for v in w.values())
    with pytest.raises(ValueError, match="finite"):
        fit_weights(np.where(x > 0.99, np.nan, x), y, names, current_weights())


def test_no_signal_is_an_error_not_a_weighting():
    names = feature_names()
    x = np.random.default_rng(1).random((400, len(names)))
    y = (x[:, 0] < 0.5).astype(int)  # only the opposite of a feature predicts: no non-negative weighting does
    x = np.column_stack([x[:, :1]] * len(names))  # and every feature is that same column
    with pytest.raises(FitError, match="no usable weighting"):
        fit_weights(x, y, names, current_weights(), l2=0.0)


def test_refuses_to_fit_on_too_little_data():
    names = feature_names()
    x = np.random.default_rng(0).random((12, len(names)))
    with pytest.raises(NotEnoughOutcomes, match="12 labelled"):
        fit_weights(x, [0, 1] * 6, names, current_weights())
    many = np.random.default_rng(0).random((500, len(names)))
    with pytest.raises(NotEnoughOutcomes, match="500 positive and 0 negative"):
        fit_weights(many, [1] * 500, names, current_weights())
    with pytest.raises(NotEnoughOutcomes, match="comparisons"):  # every list holds one example: nothing to compare
        fit_weights(many, [0, 1] * 250, names, current_weights(), method="pairwise", groups=[str(i) for i in range(500)])


# labels and the split by time --------------------------------------------------------------------------

def test_pair_grades_follow_the_documented_table():
    assert pair_grade(["viewed", "applied", "interviewed", "hired"]) == 3
    assert pair_grade(["applied", "interviewed", "rejected"]) == 2  # met, then turned down: still a match worth meeting
    assert pair_grade(["viewed", "applied"]) == 1
    assert pair_grade(["viewed", "applied", "rejected"]) == 0
    assert pair_grade(["viewed"]) == 0
    assert pair_grade(["rejected"]) == 0
    assert pair_grade(["viewed", "saved"]) == 0
    assert pair_grade(["saved"]) is None  # intent without a decision: left out


def _log(seed: int = 5) -> list[Outcome]:
    """Pairs whose outcomes arrive in random order, one of them straddling every plausible cutoff."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(60):
        t, j = f"t{i % 15}", f"j{i}"
        at = T0 + timedelta(hours=float(rng.uniform(0, 500)))
        rows.append(Outcome(j, t, "viewed", "seeker", at, f"r{i:03d}a"))
        if i % 3 == 0:
            rows.append(Outcome(j, t, "applied", "seeker", at + timedelta(hours=2), f"r{i:03d}b"))
    rows.append(Outcome("jx", "t0", "viewed", "seeker", T0, "early"))
    rows.append(Outcome("jx", "t0", "applied", "seeker", T0 + timedelta(days=400), "late"))
    rng.shuffle(rows)
    return rows


def test_split_is_by_time_and_held_out_pairs_are_unseen():
    log = _log()
    split = split_by_time(log, 0.2)
    ordered = split.outcomes
    assert ordered == in_time_order(log)
    assert sorted(split.train_rows + split.held_out_rows) == list(range(len(log)))
    assert len(split.held_out_rows) >= 0.2 * len(log)
    assert max(split.train_rows) < min(split.held_out_rows)  # a prefix of time, the rest held out
    assert all(ordered[i].created_at < split.cutoff for i in split.train_rows)
    assert all(ordered[i].created_at >= split.cutoff for i in split.held_out_rows)
    train_rows, held_rows = set(split.train_rows), set(split.held_out_rows)
    assert all(set(e.rows) <= train_rows for e in split.train)
    assert all(set(e.rows) <= held_rows for e in split.held_out)
    assert not {e.key for e in split.train} & {e.key for e in split.held_out}
    # a pair seen before the cutoff is training's, labelled with what was known then
    straddling = next(e for e in split.train if e.key == ("t0", "jx"))
    assert straddling.grade == 0 and [ordered[i].id for i in straddling.rows] == ["early"]


def test_the_fit_never_sees_held_out_rows(monkeypatch):
    log = _log()
    split = split_by_time(log, 0.2)
    cfg = default_rank_config(Settings(env="test"))
    job = {"id": "j", "skills": ["PLC"], "industry": "advanced_equipment", "location": "高新区", "engagement": ["full_time"],
           "salary_min": 6000, "salary_max": 9000}

    def resolver(examples: list[Example]):
        # the skills show the label (but for one pair in five), the place is noise: a fit has something to find
        pairs = []
        for e in examples:
            number = int(e.job_id[1:]) if e.job_id[1:].isdigit() else 0
            skilled = bool(e.label) != (number % 5 == 0)
            talent = {"id": e.talent_id, "skills": ["PLC"] if skilled else [], "engagement": ["full_time"],
                      "current_city": "高新区" if number % 2 else "上海"}
            pairs.append(Pair(e, job, talent, 0.8))
        return pairs, {}

    seen: list[list[Pair]] = []
    real = pipeline.feature_matrix
    monkeypatch.setattr(pipeline, "feature_matrix", lambda pairs, c: seen.append(list(pairs)) or real(pairs, c))
    result = pipeline.fit_and_measure(split, resolver, cfg, pipeline.Options(min_examples=20, min_each=5))
    assert len(seen) == 1, "the features of the fit are computed once, on the training pairs"
    fitted_rows = {i for p in seen[0] for i in p.example.rows}
    assert fitted_rows <= set(split.train_rows)
    assert max(fitted_rows) < min(split.held_out_rows)
    assert [p.example for p in seen[0]] == split.train
    assert result.held_out_metrics["pairs"] == len(split.held_out) > 0
    assert result.fitted.weights["skills"] > cfg.weights["skills"]
    assert result.fitted.weights["location"] < cfg.weights["location"]


def test_held_out_metrics_by_hand():
    assert auc([0.9, 0.8, 0.1, 0.8], [1, 1, 0, 0]) == pytest.approx((1 + 0.5 + 1 + 1) / 4)
    assert auc([1, 2], [1, 1]) is None
    examples = examples_from(
        [Outcome("a", "t", "hired", "enterprise", T0, "1"), Outcome("b", "t", "viewed", "seeker", T0, "2"),
         Outcome("c", "u", "viewed", "seeker", T0, "3")], range(3))
    pairs = [Pair(e, {}, {}, 0.0) for e in examples]
    # talent t: a (grade 3) above b: perfect; talent u has one labelled job and no positive: left out
    assert ndcg_by_talent(pairs, [2.0, 1.0, 0.0]) == (pytest.approx(1.0), 1)
    # b (grade 0) above a (grade 3): DCG 7/log2(3) against the ideal 7
    assert ndcg_by_talent(pairs, [1.0, 2.0, 0.0])[0] == pytest.approx(1 / np.log2(3))
    same = np.array([2.0, 1.0, 0.0])
    assert bootstrap_gain(pairs, same, same) == {"auc": [0.0, 0.0], "ndcg@10": [0.0, 0.0]}
    worse = bootstrap_gain(pairs, same, np.array([1.0, 2.0, 0.0]))
    assert "worse" in verdict({"change_ci95": worse})
    assert "better" in verdict({"change_ci95": {"auc": [0.01, 0.05], "ndcg@10": [-0.01, 0.02]}})
    assert "no clear" in verdict({"change_ci95": {"auc": [-0.01, 0.05], "ndcg@10": None}})
    assert worse["ndcg@10"] == [pytest.approx(1 / np.log2(3) - 1, abs=1e-4)] * 2  # one talent ranked: every resample is that talent


# the weights file in the matcher ------------------------------------------------------------------------

TALENT = {"id": "t1", "skills": ["PLC编程", "伺服调试"], "education": {"level": "bachelor"}, "experience_years": 5,
          "current_city": "高新区", "desired_industries": ["advanced_equipment"], "desired_locations": ["高新区"],
          "salary_expectation": 12000, "engagement": ["full_time"], "return_intention": "none"}
SKILLED_CHEAP = {"id": "j-a", "skills": ["PLC编程", "伺服调试"], "industry": "advanced_equipment", "location": "高新区",
                 "education_min": "bachelor", "experience_min_years": 3, "salary_min": 5000, "salary_max": 6500,
                 "engagement": ["full_time"]}
UNSKILLED_WELL_PAID = {**SKILLED_CHEAP, "id": "j-b", "skills": ["焊接", "钣金"], "salary_max": 15000}


def _ranked(cfg) -> list[str]:
    scored = [(score_pair(j, TALENT, 0.8, cfg).score, j["id"]) for j in (SKILLED_CHEAP, UNSKILLED_WELL_PAID)]
    return [jid for _, jid in sorted(scored, key=lambda s: (-s[0], s[1]))]


def test_weights_file_loads_into_the_rank_config_and_moves_the_ranking(tmp_path, caplog):
    from matcher.config import rank_config

    fitted = dict.fromkeys(feature_names(), 0.02) | {"salary": 0.7, "skills": 0.05}
    path = weights.save(tmp_path / "weights.json", fitted, {"method": "test"})
    default_cfg = rank_config(Settings(env="test"))
    assert _ranked(default_cfg) == ["j-a", "j-b"]  # skills carry the default ranking
    with caplog.at_level(logging.INFO, logger="matcher.learning.weights"):
        cfg = rank_config(Settings(env="test", weights_file=path))
    assert cfg.weights == pytest.approx(fitted)
    assert cfg.return_bonus == default_cfg.return_bonus  # the policy bonus is not fitted
    assert _ranked(cfg) == ["j-b", "j-a"]  # the fitted weights value pay: the well-paid vacancy first
    assert any(getattr(r, "fields", {}).get("source") == "weights_file" for r in caplog.records)


def test_a_bad_weights_file_falls_back_to_the_configured_weights(tmp_path, caplog):
    from matcher.config import rank_config

    configured = current_weights()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": weights.FORMAT, "weights": {"semantic": -1.0}}), encoding="utf-8")
    for path in (tmp_path / "missing.json", bad):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="matcher.learning.weights"):
            assert rank_config(Settings(env="test", weights_file=path)).weights == configured
        assert any(r.levelno == logging.ERROR and "configured" in r.getMessage() for r in caplog.records)
    with pytest.raises(weights.WeightsFileError):
        weights.save(tmp_path / "nan.json", {"semantic": float("nan")}, {})
    # a feature the file does not know (added to the ranking after the fit) keeps its configured weight
    partial = {f: 0.1 for f in feature_names()[:-1]} | {"no_such_feature": 0.5}
    path = weights.save(tmp_path / "partial.json", partial, {})
    loaded = rank_config(Settings(env="test", weights_file=path)).weights
    last = feature_names()[-1]
    assert loaded[last] == configured[last] and "no_such_feature" not in loaded


# the store -------------------------------------------------------------------------------------------------

@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'huiliu.db'}"
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    server = request.getfixturevalue("postgres")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server.url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield make_url(server.url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def test_store_is_read_alike_on_sqlite_and_postgresql(store_url):
    from matcher.learning import store
    from matcher.repository import to_blob
    from services.kit.store.db import Database
    from services.kit.store.models import MatchEntityRow, OutcomeRow

    db = Database(store_url)
    db.migrate()
    v = {name: np.eye(4, dtype=np.float32)[i] for i, name in enumerate("abcd")}
    with db.session() as s:
        for shard in (0, 1):  # every shard holds the jobs; a newer revision on shard 1
            s.add(MatchEntityRow(shard=shard, kind="job", id="J1", index_id=1, revision=1 + shard, active=True, model="m",
                                 entity={"id": "J1", "title": f"rev{1 + shard}"}, query=to_blob(v["a"]), passage=to_blob(v["b"])))
        s.add(MatchEntityRow(shard=0, kind="job", id="J2", index_id=2, revision=3, active=False, model="m",
                             entity={"id": "J2", "title": "filled"}, query=b"", passage=b""))
        s.add(MatchEntityRow(shard=1, kind="talent", id="T1", index_id=3, revision=1, active=True, model="m",
                             entity={"id": "T1"}, query=to_blob(v["b"] * 0.5), passage=to_blob(v["a"] * 0.25)))
        for i, (job, kind, actor) in enumerate([("J1", "viewed", "seeker"), ("J2", "viewed", "enterprise"), ("J1", "applied", "seeker")]):
            s.add(OutcomeRow(id=f"o{i}", job_id=job, talent_id="T1", kind=kind, actor=actor, industry=None,
                             created_at=datetime(2026, 3, 1, 8, i, tzinfo=UTC)))
        s.add(OutcomeRow(id="o9", job_id="J9", talent_id="T1", kind="viewed", actor="seeker", industry=None, created_at=T0))
    outcomes = store.read_outcomes(db)
    snaps = store.read_snapshots(db)
    db.dispose()
    assert [o.id for o in outcomes] == ["o9", "o0", "o1", "o2"]
    assert all(o.created_at.tzinfo is not None for o in outcomes)
    assert snaps["job"]["J1"].entity["title"] == "rev2" and snaps["job"]["J2"].passage is None
    examples = examples_from(outcomes, range(len(outcomes)))
    dropped = store.resolve(examples, snaps, encode=None)
    assert dropped.dropped == {"job unknown to the matcher": 1, "no vectors (filled or closed) and re-encoding off": 1}
    assert [round(p.cosine, 3) for p in dropped.pairs] == [0.5]  # seeker's list: talent query · job passage
    encoded = store.resolve(examples, snaps, encode=lambda kind, entity: (v["a"], v["c"]))
    assert encoded.reencoded == 1
    by_job = {p.example.job_id: p for p in encoded.pairs}
    assert by_job["J2"].cosine == pytest.approx(0.25)  # enterprise's list: the re-encoded job query (a) · talent passage (a/4)
    assert by_job["J2"].example.direction == "job_to_talents"


# fit, end to end, on a store filled through the API ---------------------------------------------------------

def test_fit_end_to_end_on_a_store_built_through_the_api(tmp_path, monkeypatch, capsys):
    from tests.fixtures.api import account, job_body, make_settings, running, talent_body

    settings = make_settings(tmp_path)
    pv = {"skills": ["光伏运维", "逆变器", "电工证"]}
    food = {"title": "食品检验员", "description": "负责原料和成品的理化及微生物检验，维护HACCP记录。", "industry": "green_food",
            "skills": ["食品检验", "HACCP", "微生物检测"]}
    with running(settings) as (c, rt):
        ent = account(c, "enterprise", "云港测试企业")
        jobs = []
        for i in range(6):
            body = job_body(**{**(pv if i % 2 == 0 else food), "title": f"{'光伏运维' if i % 2 == 0 else '食品检验'}{i}"},
                            salary_max=8000 + 1000 * i)
            r = c.post("/api/v1/jobs", json=body, headers=ent["headers"])
            assert r.status_code == 201, r.text
            jobs.append(r.json())
        seekers = []
        for i in range(24):
            seek = account(c, "seeker", f"求职者{i}")
            kind = pv if i % 2 == 0 else {"skills": food["skills"], "desired_industries": ["green_food"],
                                           "resume_text": "食品检验和HACCP体系维护经验。"}
            me = c.put("/api/v1/talents/me", json=talent_body(**kind, salary_expectation=7000 + 250 * i), headers=seek["headers"])
            assert me.status_code == 200, me.text
            seekers.append((seek, me.json(), set(kind["skills"])))

        def post(who, job, talent, what):
            r = c.post("/api/v1/outcomes", json={"job_id": job["id"], "talent_id": talent["id"], "kind": what}, headers=who["headers"])
            assert r.status_code == 201, r.text

        for n, (seek, talent, skills) in enumerate(seekers):
            for k, job in enumerate(jobs):
                if (n + k) % 3 == 2:
                    continue  # not everything is looked at
                post(seek, job, talent, "viewed")
                if set(job["skills"]) == skills and job["salary_max"] >= talent["salary_expectation"] - 1000:
                    post(seek, job, talent, "applied")
                    post(ent, job, talent, "interviewed" if (n // 2 + k) % 3 else "rejected")
        post(ent, jobs[0], seekers[0][1], "hired")
        assert c.patch(f"/api/v1/jobs/{jobs[0]['id']}", json={"status": "filled"}, headers=ent["headers"]).status_code == 200
        assert rt.wait_idle(30)

    monkeypatch.setenv("HUILIU_EMBED_MODEL", "hashing")  # the filled vacancy lost its vectors: re-encoded like the service does
    out = tmp_path / "weights.json"
    assert cli.main(["fit", "--db", settings.db_url, "--out", str(out)]) == 2  # the default minimum: 200 pairs
    assert "refusing to fit" in capsys.readouterr().err and not out.exists()

    assert cli.main(["fit", "--db", settings.db_url, "--out", str(out), "--min-examples", "40", "--min-each", "5"]) == 0
    printed = capsys.readouterr().out
    print(printed)
    assert "AUC" in printed and "NDCG@10" in printed
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["format"] == weights.FORMAT and list(saved["weights"]) == list(feature_names())
    assert sum(saved["weights"].values()) == pytest.approx(1.0, abs=1e-3)
    assert all(v >= 0 for v in saved["weights"].values())
    meta = saved["meta"]
    assert meta["split"]["by"] == "time" and meta["examples"]["train"] >= 40 and meta["examples"]["held_out"] > 0
    assert meta["resolve"]["train"]["reencoded_entities"] >= 1  # the filled vacancy
    for side in ("current", "fitted"):
        for metric in ("auc", "ndcg@10"):
            value = meta["held_out"][side][metric]
            assert value is None or 0.0 <= value <= 1.0, (side, metric, value)
    assert meta["held_out"]["current"]["auc"] is not None
    low, high = meta["held_out"]["change_ci95"]["auc"]
    assert low <= meta["held_out"]["fitted"]["auc"] - meta["held_out"]["current"]["auc"] + 1e-3 and low <= high
    from matcher.config import rank_config

    assert rank_config(make_settings(tmp_path, weights_file=out)).weights == pytest.approx(saved["weights"])


# the simulation ------------------------------------------------------------------------------------------------

def test_simulation_on_the_small_slice():
    from matcher.learning.on_benchmark import run_simulation
    from matcher.learning.simulate import simulate_log

    report, result = run_simulation("small", pipeline.Options(min_examples=100, min_each=10), cache_dir=REPO / "var" / "eval" / "cache",
                                    settings=Settings(env="test"))
    print("\n" + cli.format_simulation(report))
    for side in ("current", "fitted"):
        for metric in ("auc", "ndcg@10"):
            assert 0.0 <= report["held_out"][side][metric] <= 1.0
        for direction in ("talent_to_jobs", "job_to_talents"):
            assert 0.0 <= report["benchmark_ndcg@10"][direction][side] <= 1.0
        assert 0.0 <= report["benchmark_ndcg@10_unseen_talents"][side] <= 1.0
    assert report["counts"]["held_out_examples"] > 0 and report["fit"]["converged"]
    assert max(result.split.train_rows) < min(result.split.held_out_rows)
    # deterministic: the same seed gives the same log
    truth = {"J": {"experience_min_years": 0, "education_min": "none", "salary_max": 9000},
             "T": {"experience_years": 3, "education": "bachelor", "salary_need": 8000}}
    logs = [simulate_log(truth, {("T", "J"): 3}, {"T": ["J"]}, {"J": ["T"]}, seed="x") for _ in range(2)]
    assert logs[0] == logs[1]


def test_with_weights_keeps_every_other_setting():
    cfg = default_rank_config(Settings(env="test"))
    learned = pipeline.with_weights(cfg, {"salary": 0.5})
    assert learned.weights["salary"] == 0.5 and learned.weights["semantic"] == cfg.weights["semantic"]
    assert replace(learned, weights=cfg.weights) == cfg
