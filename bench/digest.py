#!/usr/bin/env python
"""Weekly digest benchmark: how long the worker takes to produce 40,000 digests.

    .venv/bin/python bench/digest.py [--recipients 40000] [--seed 42] [--rebuild]

1. Builds a database once under var/bench/ (migrate, load_territory, generate_demo at the
   agglo scale: ~400 missions; then ``--recipients`` people with a commune, interests and the
   weekly digest switched on), reused by later runs.
2. In this process, with the production settings of the page benchmark (bench/settings.py,
   cached templates) and an e-mail backend that builds every MIME message (as SMTP would)
   then drops it: marks ~400 missions as published during the last week, forgets this
   week's ``DigestLog``, then runs exactly what the worker runs: ``send_weekly_digests``'s
   batch cutting, then the ``send_digest_batch`` task body for every batch, in sequence.
3. Baseline, same backend: a trivial loop that sends as many fixed e-mails, in chunks of
   the same size.
4. Prints ONE JSON line on stdout (progress on stderr): total seconds, e-mails per second,
   queries per batch, peak memory, and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import secrets
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
sys.path.insert(0, str(ROOT))

from bench.pages import bench_env as pages_bench_env  # noqa: E402
from bench.pages import log, manage  # noqa: E402

RECIPIENT_DOMAIN = "digest.bench.invalid"
SENT: list[int] = [0]


def bench_env(db_path: Path, secret_key: str) -> dict[str, str]:
    """The page benchmark's environment (production settings on loopback), quieter logs."""
    env = pages_bench_env(db_path, secret_key)
    env["LOG_LEVEL"] = "WARNING"
    return env


def build_database(recipients: int, seed: int, secret_key: str, *, rebuild: bool) -> Path:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"digest-{recipients}-seed{seed}.sqlite3"
    if path.exists() and not rebuild:
        log(f"Base existante réutilisée : {path}")
        manage(bench_env(path, secret_key), "migrate", "--noinput", "-v", "0")
        return path
    building = path.with_suffix(".building")
    for stale in (building, path):
        stale.unlink(missing_ok=True)
    log(f"Construction de la base {path.name} (une seule fois)…")
    env = bench_env(building, secret_key)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_territory")
    manage(env, "generate_demo", "--scale", "agglo", "--seed", str(seed))
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--add-recipients",
            str(recipients),
            "--seed",
            str(seed),
            "--db",
            str(building),
        ],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=sys.stderr,
    )
    log(f"  {recipients} destinataires ajoutés : {time.monotonic() - started:.1f} s")
    building.rename(path)
    return path


def setup_django(db_path: Path) -> None:
    os.environ.update(bench_env(db_path, os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)))
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "__main__.BuildAndDropBackend"


def add_recipients(count: int, seed: int) -> None:
    """People with a commune (5 % without), 1 to 3 interests (10 % with no interest: every
    theme), the digest switched on; 10 % chose their digest themes on the preferences page."""
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.db import transaction

    from solidaires.accounts.models import Profile, User
    from solidaires.core.models import Theme
    from solidaires.messaging.models import NotificationPreferences
    from solidaires.territory.models import Commune

    rng = random.Random(f"{seed}:digest-bench")
    communes = list(Commune.objects.values_list("insee", "population"))
    insees = [c for c, _p in communes]
    weights = [max(p, 50) for _c, p in communes]
    themes = list(Theme.objects.values_list("slug", flat=True))
    with transaction.atomic():
        User.objects.filter(email__endswith="@" + RECIPIENT_DOMAIN).delete()
        for start in range(0, count, 2000):
            users = User.objects.bulk_create(
                [
                    User(
                        email=f"destinataire{n}@{RECIPIENT_DOMAIN}",
                        display_name=f"Destinataire {n}",
                        password=UNUSABLE_PASSWORD_PREFIX,
                    )
                    for n in range(start, min(count, start + 2000))
                ]
            )
            if users[0].pk is None:
                ids = dict(User.objects.filter(email__in=[u.email for u in users]).values_list("email", "pk"))
                for u in users:
                    u.pk = ids[u.email]
            Profile.objects.bulk_create(
                [
                    Profile(
                        user=u,
                        commune_id=None if rng.random() < 0.05 else rng.choices(insees, weights)[0],
                        notification_preferences={"weekly_digest": True, "email_messages": True},
                    )
                    for u in users
                ]
            )
            interests = []
            own = []
            own_themes = []
            for u in users:
                if rng.random() >= 0.1:
                    for slug in rng.sample(themes, rng.randint(1, 3)):
                        interests.append(Profile.interests.through(profile_id=u.pk, theme_id=slug))
                if rng.random() < 0.1:
                    own.append(NotificationPreferences(user=u, digest_use_profile_interests=False))
                    for slug in rng.sample(themes, rng.randint(1, 4)):
                        own_themes.append(
                            NotificationPreferences.digest_themes.through(
                                notificationpreferences_id=u.pk, theme_id=slug
                            )
                        )
            Profile.interests.through.objects.bulk_create(interests, batch_size=2000)
            NotificationPreferences.objects.bulk_create(own, batch_size=2000)
            NotificationPreferences.digest_themes.through.objects.bulk_create(own_themes, batch_size=2000)


# The e-mail backend: builds each message as SMTP would (headers, MIME, encoding), then drops it.
def _backend_class() -> type:
    from django.core.mail.backends.base import BaseEmailBackend

    class BuildAndDropBackend(BaseEmailBackend):
        def send_messages(self, email_messages: Any) -> int:
            n = 0
            for message in email_messages:
                message.message().as_bytes()
                n += 1
            SENT[0] += n
            return n

    return BuildAndDropBackend


def prepare_week(seed: int) -> int:
    """Every published mission gets a publication date within the last 7 days; this week's
    digest log is forgotten (so the run sends every digest again)."""
    from django.db import transaction
    from django.utils import timezone

    from solidaires.messaging.digest import week_start
    from solidaires.messaging.models import DigestLog
    from solidaires.volunteering.models import Mission

    rng = random.Random(f"{seed}:digest-week")
    now = timezone.now()
    with transaction.atomic():
        missions = list(Mission.objects.published().order_by("pk"))
        for mission in missions:
            mission.published_at = now - timedelta(minutes=rng.randint(5, 7 * 24 * 60 - 5))
        Mission.objects.bulk_update(missions, ["published_at"], batch_size=500)
        DigestLog.objects.filter(week=week_start()).delete()
    return len(missions)


def run_digest() -> dict[str, Any]:
    from django.db import connection

    from solidaires.messaging.digest import batch_ranges
    from solidaires.messaging.tasks import send_digest_batch

    queries: list[int] = []
    counter = [0]

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counter[0] += 1
        return execute(sql, params, many, context)

    SENT[0] = 0
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        ranges = batch_ranges()
        cutting_queries = counter[0]
        cut = time.perf_counter() - started
        for first, last in ranges:
            counter[0] = 0
            send_digest_batch.call(first, last)
            queries.append(counter[0])
    elapsed = time.perf_counter() - started
    return {
        "seconds": round(elapsed, 2),
        "batch_cutting_seconds": round(cut, 3),
        "batch_cutting_queries": cutting_queries,
        "batches": len(ranges),
        "emails": SENT[0],
        "emails_per_second": round(SENT[0] / elapsed, 1) if elapsed else None,
        "queries_per_batch": {"min": min(queries or [0]), "max": max(queries or [0])},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_growth_mb": round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start_rss) / 1024, 1),
    }


def run_baseline(count: int, chunk: int = 500) -> float:
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection

    body = (
        "Bonjour,\n\nVoici les nouvelles missions de la semaine.\n"
        + "- Une mission\n  https://exemple.fr/missions/1-x/\n" * 5
    )
    SENT[0] = 0
    started = time.perf_counter()
    connection = get_connection()
    for start in range(0, count, chunk):
        messages = [
            EmailMessage(
                "[Solidaires] 5 nouvelles missions",
                body,
                settings.DEFAULT_FROM_EMAIL,
                [f"p{n}@exemple.invalid"],
                connection=connection,
            )
            for n in range(start, min(count, start + chunk))
        ]
        connection.send_messages(messages)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rounds", type=int, default=3, help="runs of the digest; the figures are medians")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--add-recipients", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.add_recipients:
        setup_django(Path(args.db))
        add_recipients(args.add_recipients, args.seed)
        return

    secret_key = secrets.token_urlsafe(50)
    os.environ["SECRET_KEY"] = secret_key
    db_path = build_database(args.recipients, args.seed, secret_key, rebuild=args.rebuild)
    setup_django(db_path)
    globals()["BuildAndDropBackend"] = _backend_class()
    from django.db import connection

    with connection.cursor() as cursor:  # WAL, as a production SQLite would run
        cursor.execute("PRAGMA journal_mode=WAL")
    runs = []
    baseline = []
    for round_ in range(args.rounds):
        # Digest and baseline in the same round, so both see the same machine load.
        missions = prepare_week(args.seed)
        log(f"Tour {round_ + 1} : {missions} missions de la semaine, envoi des résumés…")
        runs.append(run_digest())
        baseline.append(run_baseline(args.recipients))
        log(
            f"  {runs[-1]['emails']} e-mails en {runs[-1]['seconds']} s ; "
            f"référence : {args.recipients} e-mails fixes en {baseline[-1]:.1f} s"
        )
    ratios = [r["seconds"] / b for r, b in zip(runs, baseline, strict=True)]
    seconds = statistics.median(r["seconds"] for r in runs)
    base = statistics.median(baseline)
    result = {
        "recipients": args.recipients,
        "seed": args.seed,
        "missions_of_the_week": missions,
        "machine": {"cores": os.cpu_count()},
        "rounds": args.rounds,
        "digest": runs[len(runs) // 2] | {"seconds": seconds},
        "baseline_fixed_emails_seconds": round(base, 2),
        "baseline_emails_per_second": round(args.recipients / base, 1),
        "ratio_digest_to_baseline": round(statistics.median(ratios), 2),
        "ratios": [round(r, 2) for r in ratios],
        "per_email_ms": {
            "digest": round(1000 * seconds / max(runs[0]["emails"], 1), 3),
            "baseline": round(1000 * base / args.recipients, 3),
        },
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
