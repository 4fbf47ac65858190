#!/usr/bin/env python
"""Feed benchmark: time to build the iCalendar feed of a year of events and permanences.

    .venv/bin/python bench/feeds.py [--scale agglo] [--seed 42] [--repeat 5] [--rebuild]

1. Builds a throwaway SQLite database once per (scale, seed) under var/bench/feeds-*.sqlite3
   (migrate, load_territory, generate_demo), reused by later runs (``--rebuild`` to start again).
2. In-process (no HTTP server): times, cache cleared each time,
   - ``year``: every event of the demo (a year: January to the coming months) and every active
     permanence, through ``feeds.public_feed`` (the target: under one second);
   - ``/agenda/feed.ics``: the public feed view through Django's test client (uncached);
   - ``/agenda/feed.ics`` cached and a trivial view (``/healthz``), for the ratio.
3. Prints ONE JSON line on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
TARGET_SECONDS = 1.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build(db: Path, scale: str, seed: int) -> None:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}", DJANGO_SETTINGS_MODULE="config.settings.dev")
    for args in (
        ["migrate", "-v0"],
        ["load_territory"],
        ["generate_demo", "--scale", scale, "--seed", str(seed)],
    ):
        log(f"manage.py {' '.join(args)}")
        subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=sys.stderr)


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="agglo")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db = BENCH_DIR / f"feeds-{options.scale}-{options.seed}.sqlite3"
    if options.rebuild and db.exists():
        db.unlink()
    if not db.exists():
        build(db, options.scale, options.seed)

    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db.models import Q
    from django.test import Client

    from solidaires.events.agenda import feeds
    from solidaires.events.agenda import selectors as feed_selectors
    from solidaires.events.agenda.models import Event, EventState
    from solidaires.events.officehours.models import OfficeHours, OfficeHoursState

    settings.ALLOWED_HOSTS = ["*"]
    events_qs = (
        Event.objects.filter(state__in=(EventState.PUBLISHED, EventState.CANCELLED))
        .select_related("place", "place__commune", "commune")
        .order_by("starts_at", "id")
    )
    scope = feed_selectors.FeedScope(events=Q(), officehours=Q(), name="bench")
    n_events = events_qs.count()
    n_officehours = OfficeHours.objects.filter(state=OfficeHoursState.ACTIVE).count()
    # A year of events: the 365 days up to the last demo event (the demo spans ~22 months).
    last = events_qs.last()
    if last is not None:
        events_qs = events_qs.filter(starts_at__gt=last.starts_at - timedelta(days=365))
    n_year = events_qs.count()

    def year() -> bytes:
        cache.clear()  # cold: no serialised fragment reused
        return feeds.public_feed(
            name="bench", events=list(events_qs), officehours=feed_selectors.feed_officehours(scope)
        )

    size = len(year())
    year_s = timed(year, options.repeat)

    def year_warm() -> bytes:
        return feeds.public_feed(
            name="bench", events=list(events_qs), officehours=feed_selectors.feed_officehours(scope)
        )

    year_warm()
    year_warm_s = timed(year_warm, options.repeat)

    client = Client()

    def view_uncached() -> None:
        cache.clear()
        assert client.get("/agenda/feed.ics").status_code == 200

    def view_cached() -> None:
        assert client.get("/agenda/feed.ics").status_code == 200

    def trivial() -> None:
        client.get("/healthz")

    view_s = timed(view_uncached, options.repeat)
    view_cached()
    cached_s = timed(view_cached, options.repeat * 4)
    trivial_s = timed(trivial, options.repeat * 4)
    result = {
        "bench": "feeds",
        "scale": options.scale,
        "seed": options.seed,
        "events": n_events,
        "events_in_year": n_year,
        "permanences": n_officehours,
        "year_feed_seconds": round(year_s, 3),
        "year_feed_warm_fragments_seconds": round(year_warm_s, 3),
        "year_feed_bytes": size,
        "year_feed_under_target": year_s < TARGET_SECONDS,
        "feed_view_uncached_seconds": round(view_s, 3),
        "feed_view_cached_seconds": round(cached_s, 4),
        "trivial_view_seconds": round(trivial_s, 4),
        "ratio_trivial_to_uncached": round(trivial_s / view_s, 4) if view_s else None,
        "ratio_trivial_to_cached": round(trivial_s / cached_s, 3) if cached_s else None,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
