"""Build the labelled matching benchmark beside this file (deterministic, seeded).

    python -m matcher.evaluation.benchmark.build            # (re)write the files
    python -m matcher.evaluation.benchmark.build --check    # exit 1 if they differ from a rebuild

Writes ``jobs.jsonl`` (vacancies as ``POST /api/v1/jobs`` takes them, plus ``id``),
``talents.jsonl`` (profiles as ``PUT /api/v1/talents/me`` takes them, plus ``id``),
``truth.jsonl`` (the hidden ground truth of each: never shown to a ranker), ``qrels.tsv``
(talent_id, job_id, grade, hard_cases: graded by ``judge.py``, i.e. RUBRIC.md) and
``slices.json`` (the ids of the small slice).

The words come from the demo generator (``deploy/demo``: occupation material, posting
structures, resume styles) under a seed of its own; who each person and vacancy really
is — occupation, the industry a person's experience is in, seniority, education, mobility,
the pay they need, resume language — is drawn here and recorded in ``truth.jsonl``.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

from deploy.demo import jobs as demo_jobs
from deploy.demo import phrases as P
from deploy.demo import talents as demo_talents
from deploy.demo.city import CITY, CITY_SHORT, DISTRICTS, ENTERPRISES, LOCATIONS, OTHER_CITIES, SCHOOLS
from deploy.demo.occupations import BY_INDUSTRY, EDUCATION_LEVELS, Occupation
from matcher.evaluation.benchmark.judge import FAMILY_OF, HARD_CASES, judge, related
from services.kit.text import clean, dedupe

HERE = Path(__file__).resolve().parent
SEED = "huiliu-eval/1"  # not the demo's seed: the benchmark must not be the demo sample
TODAY = date(2025, 6, 1)  # anchors graduation years; vacancies never expire
JOB_COUNTS = {"new_energy": 76, "green_food": 70, "advanced_equipment": 76, "fine_chemicals": 70, "other": 40}
TALENT_COUNT = 660
# occupations hired outside their home industry: a PLC engineer at a food plant, a lab at a battery maker
CROSS_INDUSTRY = {
    "plc": ("green_food", "new_energy", "fine_chemicals"), "robot": ("new_energy", "green_food"),
    "instrument": ("new_energy", "green_food"), "mech_design": ("new_energy",), "welding": ("new_energy",),
    "hse": ("new_energy", "advanced_equipment"), "wastewater": ("green_food",), "lab_analysis": ("green_food", "new_energy"),
    "li_equipment": ("advanced_equipment",), "chem_equipment": ("new_energy",), "metrology": ("new_energy",),
    "field_service": ("new_energy",),
}
CROSS_JOB_SHARE, CROSS_TALENT_SHARE = 0.25, 0.30
SEGMENTS = {"native_elsewhere": 0.30, "returned": 0.08, "local_native": 0.25, "local": 0.27, "outsider": 0.10}
NATIVE_INTENTIONS = {"none": 25, "considering": 40, "planning": 35}
GRADUATE_SHARE, FLEXIBLE_SHARE, HIGH_PAY_SHARE, ENGLISH_COUNT = 0.12, 0.09, 0.12, 45
MOBILITY = {"planning": "returning", "considering": "maybe_returning", "none": "staying"}
STAYING_WORDS = ("籍贯{city_short}{home}，目前一家人都在{current}定居，暂不考虑回老家",
                 "老家是{city_short}{home}的，在{current}工作生活多年，希望继续留在{current}发展")
SMALL_JOBS, SMALL_TALENTS = 80, 150


def _allot(total: int, items: list[Occupation], weights: list[float], minimum: int) -> Counter:
    """``total`` slots over ``items``: ``minimum`` each, the rest by weight (largest remainder)."""
    rest = total - minimum * len(items)
    shares = [rest * w / sum(weights) for w in weights]
    counts = Counter({o.key: minimum + int(s) for o, s in zip(items, shares, strict=True)})
    order = sorted(range(len(items)), key=lambda i: (int(shares[i]) - shares[i], items[i].key))
    for i in order[: total - sum(counts.values())]:
        counts[items[i].key] += 1
    return counts


def _band(years: float, graduate: bool = False) -> str:
    if graduate:
        return "graduate"
    return "junior" if years < 2 else "mid" if years < 5 else "senior"


def _enterprise(rng: random.Random, occ: Occupation, industry: str):
    if industry != occ.industry:
        pool = [e for e in ENTERPRISES if e.industry == industry]
    elif occ.industry == "other":  # support functions: the service firms and any industrial firm
        pool = list(ENTERPRISES)
    else:
        pool = [e for e in ENTERPRISES if occ.key in e.hires] or [e for e in ENTERPRISES if e.industry == industry]
    return rng.choice(pool)


def build_jobs(rng: random.Random) -> tuple[list[dict], list[dict]]:
    plan = []
    for industry, total in JOB_COUNTS.items():
        occs = list(BY_INDUSTRY[industry])
        counts = _allot(total, occs, [o.weight for o in occs], minimum=4)
        plan += [o for o in occs for _ in range(counts[o.key])]
    rng.shuffle(plan)  # ids say nothing about the occupation
    jobs, truth = [], []
    for n, occ in enumerate(plan, 1):
        industry = occ.industry
        if occ.key in CROSS_INDUSTRY and rng.random() < CROSS_JOB_SHARE:
            industry = rng.choice(CROSS_INDUSTRY[occ.key])
        raw = demo_jobs.build_job(rng, _enterprise(rng, occ, industry), occ, TODAY)
        job = {"id": f"J{n:04d}", **raw, "industry": industry, "expires_at": None}
        for key in ("title", "description", "location"):
            job[key] = clean(job[key])
        job["skills"] = dedupe(job["skills"])
        jobs.append(job)
        truth.append({
            "id": job["id"], "kind": "job", "occupation": occ.key, "family": FAMILY_OF[occ.key], "industry": industry,
            "seniority": _band(job["experience_min_years"]), "education_min": job["education_min"],
            "experience_min_years": job["experience_min_years"], "location": job["location"],
            "salary_min": job["salary_min"], "salary_max": job["salary_max"], "engagement": job["engagement"], "language": "zh",
        })
    return jobs, truth


def _education(rng: random.Random, occ: Occupation, graduate: bool) -> str:
    if graduate:
        level = rng.choices(("associate", "bachelor", "master"), weights=(55, 40, 5))[0]
    else:
        level = rng.choices(occ.education, weights=[5, 3, 1][: len(occ.education)])[0]
    r, i = rng.random(), EDUCATION_LEVELS.index(level)
    if r < 0.10:  # less schooling than the occupation usually asks for
        return EDUCATION_LEVELS[max(1, i - 1)]
    if r < 0.16:  # more than it needs
        return EDUCATION_LEVELS[min(5, i + rng.choice((1, 2)))]
    return level


def _words(rng, seg: str, intention: str, home: str | None, current: str, away: str, back: int | None, english: bool) -> str:
    if seg == "native_elsewhere" and intention == "none":
        if english:
            return f"Born in Yungang; settled in {P.CITY_EN.get(current, current)} with my family."
        return rng.choice(STAYING_WORDS).format(city_short=CITY_SHORT, home=home, current=current) + "。"
    if english:
        return {"native_elsewhere": P.EN_RETURN[intention == "planning"],
                "returned": f"Moved back home to Yungang in {back} after working in {P.CITY_EN[away]}."}.get(seg, "")
    return demo_talents._return_words(rng, seg, intention, away, home, back)


def build_talents(rng: random.Random, jobs_per_occupation: Counter) -> tuple[list[dict], list[dict]]:
    occs = [o for ind in BY_INDUSTRY.values() for o in ind]
    counts = _allot(TALENT_COUNT, occs, [jobs_per_occupation[o.key] for o in occs], minimum=8)
    plan = [o for o in occs for _ in range(counts[o.key])]
    rng.shuffle(plan)
    n = len(plan)
    segments = demo_talents._exact(rng, n, SEGMENTS)
    graduate = set(rng.sample(range(n), int(n * GRADUATE_SHARE)))
    can_english = [i for i in range(n) if i not in graduate and sum(s.isascii() for s in plan[i].skills + plan[i].extra_skills) >= 3]
    english = set(rng.sample(can_english, ENGLISH_COUNT))
    flexible = set(rng.sample(sorted(set(range(n)) - graduate), int(n * FLEXIBLE_SHARE)))
    talents, truth = [], []
    for i, (occ, seg) in enumerate(zip(plan, segments, strict=True)):
        grad = i in graduate
        exp_industry = occ.industry
        if not grad and occ.key in CROSS_INDUSTRY and rng.random() < CROSS_TALENT_SHARE:
            exp_industry = rng.choice(CROSS_INDUSTRY[occ.key])
        story = replace(occ, industry=exp_industry)  # employers and earlier jobs from the industry they worked in
        name, sur_py, given_py, gender = demo_talents._name(rng)
        level = _education(rng, occ, grad)
        years = 0 if grad else demo_talents._years(rng)
        grad_year = TODAY.year if grad else TODAY.year - int(years) - rng.randint(0, 1)
        age = demo_talents.GRAD_AGE[level] + TODAY.year - grad_year + rng.randint(0, 1)
        native = seg in ("native_elsewhere", "returned", "local_native")
        home = rng.choice(list(DISTRICTS)) if native else None
        lives_here = seg in ("returned", "local_native", "local")
        current = CITY if lives_here else rng.choice(demo_talents.BIG_CITIES * 3 + OTHER_CITIES)
        intention = "returned" if seg == "returned" else "none"
        if seg == "native_elsewhere":
            intention = rng.choices(list(NATIVE_INTENTIONS), weights=list(NATIVE_INTENTIONS.values()))[0]
        mobility = "lives_here" if lives_here else MOBILITY[intention]
        wants_city = lives_here or (seg == "outsider" and rng.random() < 0.75) or (intention != "none" and rng.random() < 0.5)
        places = (demo_talents._locations(rng, occ, home) if wants_city
                  else [current] + ([rng.choice(demo_talents.BIG_CITIES)] if rng.random() < 0.3 else []))
        salary = demo_talents._salary(rng, occ, years, level, seg)
        if rng.random() < HIGH_PAY_SHARE:
            salary = int(round(salary * rng.uniform(1.3, 1.7) / 500) * 500)
        skills = (rng.sample(occ.skills, min(len(occ.skills), rng.randint(3, 6))) + rng.sample(occ.extra_skills, rng.randint(0, 2))
                  + rng.sample(demo_talents.GENERIC_SKILLS, rng.randint(0, 2)))
        profile = {
            "name": name, "resume_text": "", "skills": dedupe(skills),
            "education": {"level": level, "major": demo_talents._major(rng, occ, level), "graduation_year": grad_year},
            "experience_years": years, "current_city": current, "native": native,
            "desired_industries": [exp_industry] + ([rng.choice(demo_talents.RELATED[exp_industry])] if rng.random() < 0.3 else []),
            "desired_locations": dedupe(places), "salary_expectation": salary,
            "engagement": list(rng.choice(demo_talents.FLEX_PATTERNS)) if i in flexible else ["full_time"],
            "return_intention": intention, "visible_to_enterprises": True,
        }
        profile["desired_industries"] = dedupe(profile["desired_industries"])
        away = current if not lives_here else rng.choice(OTHER_CITIES)
        hist = demo_talents._history(rng, story, years, grad_year, seg, current, away, TODAY)
        back = demo_talents._return_year(hist, TODAY) if years else None
        school = rng.choice(SCHOOLS[level])
        words = _words(rng, seg, intention, home, current, away, back, i in english)
        if i in english:
            ascii_skills = [s for s in (*occ.skills, *occ.extra_skills) if s.isascii()]
            profile["skills"] = dedupe(profile["skills"] + ascii_skills[:4])
            en_name = f"{given_py.title()} {sur_py.title()}"
            resume = demo_talents._resume_en(rng, profile, story, hist, school, en_name, words)
        else:
            origin = rng.choice(P.HOMETOWNS_ELSEWHERE)
            resume = demo_talents._resume_zh(rng, profile, story, hist, school, home, origin, age, gender, words, TODAY)
        profile["resume_text"] = clean(resume)[:20000]
        talents.append({"id": f"T{i + 1:04d}", **profile})
        truth.append({
            "id": f"T{i + 1:04d}", "kind": "talent", "occupation": occ.key, "family": FAMILY_OF[occ.key],
            "experience_industry": None if grad else exp_industry, "seniority": _band(years, grad), "education": level,
            "experience_years": years, "salary_need": salary, "language": "en" if i in english else "zh",
            "native": native, "return_intention": intention, "segment": seg, "lives_in_city": lives_here,
            "mobility": mobility, "preferred_places": [p for p in profile["desired_locations"] if p in LOCATIONS],
            "engagement": profile["engagement"],
        })
    return talents, truth


def judged_pairs(rng: random.Random, job_truth: list[dict], talent_truth: list[dict]) -> list[tuple[str, str, int, list[str]]]:
    """Every same-occupation, same-family and look-alike pair, plus a few same-industry and random ones."""
    rows = []
    for t in talent_truth:
        close = [j for j in job_truth if related(j["occupation"], t["occupation"]) != "none"]
        rest = [j for j in job_truth if related(j["occupation"], t["occupation"]) == "none"]
        industry = t["experience_industry"] or BY_KEY_INDUSTRY[t["occupation"]]
        same_industry = [j for j in rest if j["industry"] == industry]
        picked = rng.sample(same_industry, min(3, len(same_industry)))
        picked += rng.sample([j for j in rest if j not in picked], 3)
        for j in sorted(close + picked, key=lambda j: j["id"]):
            grade, tags = judge(j, t)
            rows.append((t["id"], j["id"], grade, tags))
    # the rubric gives >0 only to same-occupation and same-family pairs, all of which are judged:
    # "unjudged counts as 0" is then exact, not an approximation.  Check it rather than trust it.
    judged = {(r[0], r[1]) for r in rows}
    for t in talent_truth:
        for j in job_truth:
            if (t["id"], j["id"]) not in judged and judge(j, t)[0] > 0:
                raise AssertionError(f"unjudged pair {t['id']} {j['id']} would grade above 0")
    return rows


BY_KEY_INDUSTRY = {o.key: o.industry for ind in BY_INDUSTRY.values() for o in ind}


def small_slice(job_truth: list[dict], talent_truth: list[dict], rows: list) -> dict[str, list[str]]:
    """80 vacancies spread over industries and occupations; 150 people with something relevant among them."""
    ordered = sorted(job_truth, key=lambda j: (j["industry"], j["occupation"], j["id"]))
    jobs = sorted(ordered[round(i * len(ordered) / SMALL_JOBS)]["id"] for i in range(SMALL_JOBS))
    chosen = set(jobs)
    useful = sorted({r[0] for r in rows if r[1] in chosen and r[2] >= 2})
    others = sorted({t["id"] for t in talent_truth} - set(useful))
    pool = useful if len(useful) >= SMALL_TALENTS else useful + others
    talents = sorted(pool[round(i * len(pool) / SMALL_TALENTS)] for i in range(SMALL_TALENTS))
    return {"jobs": jobs, "talents": talents}


def build() -> dict[str, str]:
    """The benchmark files' contents, by file name."""
    job_list, job_truth = build_jobs(random.Random(f"{SEED}/jobs"))
    talents, talent_truth = build_talents(random.Random(f"{SEED}/talents"), Counter(j["occupation"] for j in job_truth))
    rows = judged_pairs(random.Random(f"{SEED}/pairs"), job_truth, talent_truth)

    def lines(records: list[dict]) -> str:
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)

    qrels = "talent_id\tjob_id\tgrade\thard_cases\n" + "".join(f"{t}\t{j}\t{g}\t{','.join(tags)}\n" for t, j, g, tags in rows)
    return {
        "jobs.jsonl": lines(job_list), "talents.jsonl": lines(talents), "truth.jsonl": lines(job_truth + talent_truth),
        "qrels.tsv": qrels, "slices.json": json.dumps({"small": small_slice(job_truth, talent_truth, rows)}, indent=1) + "\n",
    }


def summary(files: dict[str, str]) -> str:
    rows = [line.split("\t") for line in files["qrels.tsv"].splitlines()[1:]]
    grades = Counter(r[2] for r in rows)
    tags = Counter(tag for r in rows for tag in r[3].split(",") if tag)
    truth = [json.loads(line) for line in files["truth.jsonl"].splitlines()]
    industries = Counter(t["industry"] for t in truth if t["kind"] == "job")
    return "\n".join([
        f"jobs {sum(industries.values())}: " + " ".join(f"{k}={v}" for k, v in sorted(industries.items())),
        f"talents {sum(t['kind'] == 'talent' for t in truth)}; judged pairs {len(rows)}; grades "
        + " ".join(f"{g}:{grades[g]}" for g in "0123"),
        "hard cases: " + " ".join(f"{k}={tags[k]}" for k in HARD_CASES),
        "sizes: " + " ".join(f"{k}={len(v.encode()) // 1024}KiB" for k, v in files.items()),
    ])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build the Huiliu matching benchmark.")
    ap.add_argument("--check", action="store_true", help="compare with the files on disk instead of writing")
    args = ap.parse_args(argv)
    files = build()
    if args.check:
        stale = [name for name, text in files.items() if not (HERE / name).exists() or (HERE / name).read_text(encoding="utf-8") != text]
        print("benchmark files are up to date" if not stale else f"stale: {', '.join(stale)}")
        return 1 if stale else 0
    for name, text in files.items():
        (HERE / name).write_text(text, encoding="utf-8")
    print(summary(files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
