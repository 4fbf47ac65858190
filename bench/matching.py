#!/usr/bin/env python
"""Matching benchmark: quality and speed of the engine on generated data (no database).

    .venv/bin/python bench/matching.py --scale agglo|national [--seed 42] [--eval 300] [--timed 200]

1. Generates communes, open missions and volunteers with hidden true preferences
   (bench/matching_data.py): ``agglo`` 54 communes, 1,500 missions, 12,000 volunteers;
   ``national`` 120 intercommunalities of 45 communes, 50,000 missions, 400,000 volunteers.
2. Quality, on ``--eval`` sampled volunteers: precision@10 (share of the 10 proposed
   missions among the person's 20 truly best, by hidden utility) and NDCG@10 (gain: the
   hidden utility), for the engine and the baselines: *newest first* (the former digest:
   a declared theme, within 15 km or remote, newest first), *nearest first* (nearest
   first, the target's reference) and, stronger, *nearest first with themes* (a declared
   theme, nearest first: the missions list filtered by theme and sorted by distance).
   Every list respects the hard constraints.
3. Speed, on ``--timed`` sampled volunteers, in the same run and interleaved: median time
   of the index's top 10 and of exact brute-force scoring of every mission (the same
   scoring code over all rows: ``speedup`` against scoring every part of every mission,
   ``speedup_vs_skip_zero`` against a stricter scan that skips the text where the other
   factors are already 0), and recall@10 of the index against brute force.
   The person's query vector is built once for all three (its time is reported apart).
4. The weekly digest for all volunteers over the missions of the last 7 days, with
   explanations and spreading: its time (index of the week's missions included), and its
   peak memory (tracemalloc, index included, on a second run over the first 20,000 people:
   the digest streams, its memory does not grow with the number of people).
5. Prints ONE JSON line on stdout (progress on stderr).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.matching_data import THEMES, World, generate, taxonomy  # noqa: E402
from solidaires.matching.engine import constraints, geo  # noqa: E402
from solidaires.matching.engine.recommend import Engine  # noqa: E402

K = 10
RELEVANT = 20
NEWEST_RADIUS_KM = 15.0
MEMORY_PEOPLE = 20_000
TARGETS = {"precision_vs_nearest": 2.0, "speedup": 20.0, "recall_at_10": 0.99}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


class Truth:
    """The missions as arrays, to compute hidden utilities and the baselines."""

    def __init__(self, world: World) -> None:
        self.world = world
        ms = world.missions
        place_index = {p.key: i for i, p in enumerate(world.places)}
        self.plat = np.array([p.lat for p in world.places])
        self.plon = np.array([p.lon for p in world.places])
        self.place = np.array([place_index[m.places[0]] if m.places else -1 for m in ms])
        self.remote = np.array([m.is_remote for m in ms])
        theme_index = {t: i for i, t in enumerate(THEMES)}
        firsts = [sorted(m.themes) for m in ms]
        self.t1 = np.array([theme_index[t[0]] for t in firsts])
        self.t2 = np.array([theme_index[t[-1]] for t in firsts])
        self.theme_sets = [m.themes for m in ms]
        self.skills = np.array([sum(1 << s for s in ss) for ss in world.mission_skills], dtype=np.int64)
        self.schedule = np.array([m.schedule for m in ms], dtype=np.int64)
        self.flexible = np.array([m.flexible for m in ms])
        self.published = np.array([m.published_rank for m in ms])
        self.remaining = np.array([m.remaining for m in ms])
        self.min_age = np.array([m.min_age or 0 for m in ms])
        self.accessible = np.array([m.accessible for m in ms])
        self.car = np.array([m.car_needed for m in ms])
        self.ids = np.array([m.id for m in ms])
        self.place_index = place_index
        self.theme_masks = np.array([sum(1 << theme_index[t] for t in m.themes) for m in ms], dtype=np.int64)
        self.theme_index = theme_index

    def km(self, v_place: str) -> np.ndarray:
        p = self.place_index[v_place]
        per_place = geo.haversine_many(self.plat[p], self.plon[p], self.plat, self.plon)
        return np.where(self.remote, 0.0, per_place[np.maximum(self.place, 0)])

    def eligible(self, v) -> np.ndarray:
        return constraints.eligible(
            remaining=self.remaining,
            min_age=self.min_age,
            accessible=self.accessible,
            car_needed=self.car,
            age=v.age if v.age is not None else -1,
            needs_step_free=v.needs_step_free,
            has_car=not v.modes or geo.CAR in v.modes,
        )

    def utility(self, v, hidden, km: np.ndarray) -> np.ndarray:
        like = np.maximum(hidden.liking[self.t1], hidden.liking[self.t2])
        mine = sum(1 << s for s in hidden.skills)
        skill = np.bitwise_count(self.skills & mine) / np.maximum(1, np.bitwise_count(self.skills))
        free = np.where(self.flexible | ((self.schedule & hidden.free) != 0), 1.0, 0.2)
        dist = np.where(km <= hidden.reach_km, np.exp(-km / hidden.scale_km), 0.0)
        dist = np.where(self.remote, 0.8, dist)
        u = dist * (0.6 * like + 0.4 * skill) * (0.5 + 0.5 * free)
        return np.where(self.eligible(v), u, 0.0)

    def theme_filter(self, v) -> np.ndarray:
        if not v.themes:
            return np.ones(len(self.ids), dtype=bool)
        mask = sum(1 << self.theme_index[t] for t in v.themes)
        return (self.theme_masks & mask) != 0


def ranking_metrics(chosen_positions: list[int], utility: np.ndarray) -> tuple[float, float]:
    positive = np.flatnonzero(utility > 0)
    if len(positive) == 0:
        return math.nan, math.nan
    best = positive[np.argsort(-utility[positive], kind="stable")]
    relevant = set(best[:RELEVANT].tolist())
    precision = sum(1 for p in chosen_positions[:K] if p in relevant) / K
    dcg = sum(utility[p] / math.log2(i + 2) for i, p in enumerate(chosen_positions[:K]))
    ideal = sum(utility[p] / math.log2(i + 2) for i, p in enumerate(best[:K]))
    return precision, (dcg / ideal if ideal > 0 else 0.0)


def evaluate(world: World, engine: Engine, sample: list[int]) -> dict[str, float]:
    truth = Truth(world)
    scores: dict[str, list[tuple[float, float]]] = {
        "engine": [],
        "newest_first": [],
        "nearest_first": [],
        "nearest_first_with_themes": [],
    }
    for i in sample:
        v, hidden = world.volunteers[i], world.hidden[i]
        km = truth.km(v.place or "")
        utility = truth.utility(v, hidden, km)
        if not (utility > 0).any():
            continue
        found = engine.index.top_k(v, K)
        scores["engine"].append(ranking_metrics([s.mission for s in found], utility))
        base = truth.eligible(v) & truth.theme_filter(v)
        newest = np.flatnonzero(base & (truth.remote | (km <= NEWEST_RADIUS_KM)))
        newest = newest[np.lexsort((newest, -truth.published[newest]))][:K]
        scores["newest_first"].append(ranking_metrics(newest.tolist(), utility))
        for name, allowed in (("nearest_first", truth.eligible(v)), ("nearest_first_with_themes", base)):
            near = np.flatnonzero(allowed)
            distance = np.where(truth.remote[near], np.inf, km[near])
            near = near[np.lexsort((-truth.published[near], distance))][:K]
            scores[name].append(ranking_metrics(near.tolist(), utility))
    result = {}
    for name, values in scores.items():
        result[f"precision_at_10_{name}"] = round(float(np.nanmean([p for p, _ in values])), 4)
        result[f"ndcg_at_10_{name}"] = round(float(np.nanmean([n for _, n in values])), 4)
    result["evaluated_people"] = len(scores["engine"])
    return result


def speed(engine: Engine, world: World, sample: list[int]) -> dict[str, float]:
    index = engine.index
    times: dict[str, list[float]] = {"index": [], "full": [], "skip": []}
    t_query, recalls = [], []
    for n, i in enumerate(sample):
        start = time.perf_counter()
        q = index.query(world.volunteers[i])
        t_query.append(time.perf_counter() - start)
        found: dict[str, set[int]] = {}
        order = ["index", "full", "skip"]
        # Rotate which goes first, so that none always finds warm caches.
        for which in order[n % 3 :] + order[: n % 3]:
            start = time.perf_counter()
            result = index.top_k(q, K) if which == "index" else index.brute_force(q, K, full=which == "full")
            times[which].append(time.perf_counter() - start)
            found[which] = {s.mission for s in result}
        exact = found["full"]
        recalls.append(len(found["index"] & exact) / len(exact) if exact else 1.0)
    median = {name: statistics.median(values) for name, values in times.items()}
    return {
        "top10_index_ms": round(median["index"] * 1000, 3),
        "top10_brute_force_ms": round(median["full"] * 1000, 3),
        "top10_brute_force_skip_zero_ms": round(median["skip"] * 1000, 3),
        "speedup": round(median["full"] / median["index"], 1),
        "speedup_vs_skip_zero": round(median["skip"] / median["index"], 1),
        "recall_at_10": round(float(np.mean(recalls)), 4),
        "query_vector_ms": round(statistics.median(t_query) * 1000, 3),
        "timed_people": len(sample),
    }


def digest(engine: Engine, world: World) -> dict[str, float]:
    start = time.perf_counter()
    fresh = engine.fresh()
    people = sum(1 for _ in fresh.digest(world.volunteers))
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    fresh = engine.fresh()  # its own index (and spreading from zero): counted in the peak
    sum(1 for _ in fresh.digest(world.volunteers[:MEMORY_PEOPLE]))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "digest_missions": len(fresh.missions),
        "digest_volunteers": len(world.volunteers),
        "digest_people_with_missions": people,
        "digest_s": round(elapsed, 1),
        "digest_ms_per_person": round(elapsed * 1000 / max(1, len(world.volunteers)), 3),
        "digest_peak_mib": round(peak / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["agglo", "national"], default="agglo")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--eval", type=int, default=300, help="volunteers sampled for quality")
    parser.add_argument("--timed", type=int, default=200, help="volunteers sampled for speed")
    parser.add_argument("--no-digest", action="store_true")
    args = parser.parse_args()

    log(f"generating {args.scale} data (seed {args.seed})")
    start = time.perf_counter()
    world = generate(args.scale, args.seed)
    log(f"  {len(world.places)} communes, {len(world.missions)} missions, {len(world.volunteers)} volunteers "
        f"in {time.perf_counter() - start:.1f} s")  # fmt: skip
    start = time.perf_counter()
    engine = Engine(world.missions, world.places, taxonomy())
    build = time.perf_counter() - start
    log(f"  index built in {build:.1f} s")
    rng = random.Random(args.seed + 1)
    result: dict[str, Any] = {
        "scale": args.scale,
        "seed": args.seed,
        "machine": {
            "cores": os.cpu_count(),
            "cpu_model": cpu_model(),
            "load_1min": round(os.getloadavg()[0], 1),
        },
        "communes": len(world.places),
        "open_missions": len(world.missions),
        "volunteers": len(world.volunteers),
        "index_build_s": round(build, 1),
    }
    log("quality")
    result.update(evaluate(world, engine, rng.sample(range(len(world.volunteers)), args.eval)))
    log("speed")
    result.update(speed(engine, world, rng.sample(range(len(world.volunteers)), args.timed)))
    nearest = result["precision_at_10_nearest_first"]
    result["precision_vs_nearest"] = round(result["precision_at_10_engine"] / nearest, 2) if nearest else None
    themed = result["precision_at_10_nearest_first_with_themes"]
    result["precision_vs_nearest_with_themes"] = (
        round(result["precision_at_10_engine"] / themed, 2) if themed else None
    )
    if not args.no_digest:
        log("digest")
        result.update(digest(engine, world))
    result["targets"] = TARGETS
    result["targets_met"] = {
        "precision_vs_nearest": (result["precision_vs_nearest"] or 0) >= TARGETS["precision_vs_nearest"],
        "speedup": result["speedup"] >= TARGETS["speedup"],
        "recall_at_10": result["recall_at_10"] >= TARGETS["recall_at_10"],
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
