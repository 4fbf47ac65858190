#!/usr/bin/env python
"""Page benchmark: requests per second of the main public pages, as ratios of a trivial view.

    .venv/bin/python bench/pages.py --scale agglo [--seed 42] [--duration 5] [--profile]

1. Builds a database once per (scale, seed) under var/bench/ (migrate, load_territory,
   generate_demo), reused by later runs (``--rebuild`` to start again).
2. Serves the application with gunicorn (2 sync workers, production settings through
   bench/settings.py, DEBUG off) on a free loopback port.
3. Measures, with a small threaded HTTP client, a trivial view (the framework's own cost)
   and each page twice: uncached (a changing ``_bench=<n>`` query parameter makes every
   request a miss of the anonymous page cache) and cached (the same URL again and again).
4. Prints ONE JSON line on stdout; progress and the profile go to stderr.

See bench/README.md for how to read the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import http.client
import itertools
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
VENV_BIN = ROOT / ".venv" / "bin"

# Territories loaded per scale: the reference agglomeration; for the larger scales also the
# Métropole de Lyon and the Métropole du Grand Paris (the largest EPCI of France).
TERRITORIES = {
    "agglo": ["200068781"],
    "metropole": ["200068781", "200046977"],
    "national": ["200068781", "200046977", "200054781"],
}
DEEP_PAGE = {"agglo": 15, "metropole": 100, "national": 1000}
TARGET_UNCACHED = 1 / 6  # uncached page ≥ 1/6 of the trivial view
TARGET_CACHED = 1 / 3  # cached page ≥ 1/3 of the trivial view
TARGET_DEEP = 0.8  # a deep page ≥ 80 % of the first page ("as fast as the first")
CACHE_HEADER = "X-Solidaires-Cache"
# Public pages of the missions, mutual-aid, agenda and grants sections (issues 3 to 5).
PUBLIC_PAGES = {
    "/missions/": "/missions/",
    "/missions/?commune=26281&rayon=10": "/missions/?commune=26281&rayon=10",
    "/entraide/": "/entraide/",
    "/entraide/?commune=26281&rayon=10": "/entraide/?commune=26281&rayon=10",
    "/agenda/": "/agenda/",
    "/agenda/feed.ics": "/agenda/feed.ics",
    "/projets/": "/projets/",
}
# Pages behind an agent's session (never cached: the "cached" figure measures the same thing).
AGENT_PAGES = {"agents' grants inbox": "/espace-agents/subventions/"}
AGENT_EMAIL = "agent@demo.solidaires.invalid"
GRANT_FILES = 2000  # the agents' inbox is measured with this many subsidy files
NEXT_LINK = re.compile(r'<a href="\?([^"]*)"[^>]*rel="next"')


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------
# Database, server
# ---------------------------------------------------------------------------------------


def bench_env(db_path: Path, secret_key: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"sqlite:///{db_path}",
        SECRET_KEY=secret_key,
        SECURE_SSL_REDIRECT="False",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONPATH=str(ROOT),
    )
    env.pop("DEBUG", None)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True, stdout=sys.stderr
    )
    log(f"  manage.py {' '.join(args)}: {time.monotonic() - started:.1f} s")


def build_database(scale: str, seed: int, secret_key: str, *, rebuild: bool) -> Path:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"{scale}-seed{seed}.sqlite3"
    if path.exists() and not rebuild:
        log(f"Base existante réutilisée : {path}")
        manage(bench_env(path, secret_key), "migrate", "--noinput", "-v", "0")  # new migrations since
        return path
    building = path.with_suffix(".building")
    for stale in (building, path, path.with_suffix(".deep.json")):
        stale.unlink(missing_ok=True)
    log(f"Construction de la base {path.name} (une seule fois)…")
    env = bench_env(building, secret_key)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_territory", *itertools.chain.from_iterable(("--epci", e) for e in TERRITORIES[scale]))
    # The role accounts first (like make run): the agent's session measures the agents' inbox.
    manage(env, "create_demo_accounts", "--force")
    manage(env, "generate_demo", "--scale", scale, "--seed", str(seed))
    building.rename(path)
    return path


def prepare_agent_pages(env: dict[str, str]) -> None:
    """Bring the number of subsidy files up to GRANT_FILES (idempotent, kept in the database)."""
    manage(env, "bench_grant_files", "--count", str(GRANT_FILES))


def agent_session_cookie(env: dict[str, str]) -> str:
    """A session cookie for the demo agent (who has TOTP), created directly in the database."""
    code = (
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model;"
        "from django.contrib.sessions.backends.db import SessionStore;"
        f"u = get_user_model().objects.get(email={AGENT_EMAIL!r});"
        "s = SessionStore();"
        "s[SESSION_KEY] = str(u.pk);"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend';"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash();"
        "s.create();"
        "print(s.session_key)"
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return "sessionid=" + result.stdout.strip().splitlines()[-1]


def collect_static(env: dict[str, str]) -> None:
    """Every run (only changed files are copied): the manifest must know every static file."""
    manage(env, "collectstatic", "--noinput", "-v", "0")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    gunicorn = VENV_BIN / "gunicorn"
    command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
    process = subprocess.Popen(
        [
            *command,
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        env=env,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn s'est arrêté au démarrage (voir ci-dessus).")
        with contextlib.suppress(OSError):
            status, _, _ = get(port, "/healthz")
            if status == 200:
                return process
        time.sleep(0.2)
    stop_server(process)
    raise SystemExit("gunicorn ne répond pas sur /healthz.")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def get(port: int, path: str, cookie: str = "") -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------
# Deep page
# ---------------------------------------------------------------------------------------


def find_deep_page(port: int, db_path: Path, wanted: int) -> tuple[str, int]:
    """Follow the "next page" links of /associations/ up to page ``wanted`` (cached per database)."""
    cache_file = db_path.with_suffix(".deep.json")
    with contextlib.suppress(OSError, ValueError, KeyError):
        saved = json.loads(cache_file.read_text())
        if saved["wanted"] == wanted:
            return saved["path"], saved["page"]
    started = time.monotonic()
    path, page = "/associations/", 1
    while page < wanted:
        status, _, body = get(port, path)
        if status != 200:
            raise SystemExit(f"{path} répond {status} pendant le parcours des pages.")
        match = NEXT_LINK.search(body)
        if match is None:
            break
        path = "/associations/?" + html.unescape(match.group(1))
        page += 1
    log(f"Page profonde : page {page} trouvée en {time.monotonic() - started:.1f} s")
    cache_file.write_text(json.dumps({"wanted": wanted, "path": path, "page": page}))
    return path, page


# ---------------------------------------------------------------------------------------
# Load generator
# ---------------------------------------------------------------------------------------


def with_param(path: str, param: str) -> str:
    return path + ("&" if "?" in path else "?") + param


def measure(
    port: int,
    path: str,
    *,
    bust: bool,
    duration: float,
    warmup: float,
    concurrency: int,
    cookie: str = "",
) -> dict[str, float]:
    """Requests per second on ``path`` with ``concurrency`` keep-alive clients for ``duration`` s."""
    counter = itertools.count()
    lock = threading.Lock()
    totals = {"requests": 0, "errors": 0, "hits": 0}
    phase = {"measuring": False, "stop": False}

    def next_path() -> str:
        return with_param(path, f"_bench={next(counter)}") if bust else path

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        requests = errors = hits = 0
        while not phase["stop"]:
            measuring = phase["measuring"]
            try:
                conn.request("GET", next_path(), headers={"Cookie": cookie} if cookie else {})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                hit = response.getheader(CACHE_HEADER) == "hit"
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                ok, hit = False, False
            if measuring and phase["measuring"]:
                requests += 1
                errors += 0 if ok else 1
                hits += 1 if hit else 0
        conn.close()
        with lock:
            totals["requests"] += requests
            totals["errors"] += errors
            totals["hits"] += hits

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    time.sleep(warmup)
    phase["measuring"] = True
    started = time.monotonic()
    time.sleep(duration)
    phase["measuring"] = False
    elapsed = time.monotonic() - started
    phase["stop"] = True
    for thread in threads:
        thread.join(timeout=70)
    requests = totals["requests"]
    return {
        "rps": round(requests / elapsed, 1),
        "requests": requests,
        "errors": totals["errors"],
        "hit_rate": round(totals["hits"] / requests, 3) if requests else 0.0,
    }


# ---------------------------------------------------------------------------------------
# Profile (in a child process, with Django's test client and CaptureQueriesContext)
# ---------------------------------------------------------------------------------------


def profile_child(paths: list[str], repeat: int = 15) -> None:
    """For each page: median time in-process, its SQL queries (timed) and the hottest functions."""
    import cProfile
    import pstats

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    report = {}
    for path in paths:
        client.get(with_param(path, "_bench=warm"))
        timings: list[float] = []
        queries: list[tuple[float, str]] = []

        def timed(execute, sql, params, many, context, sink=queries):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                sink.append(((time.perf_counter() - started) * 1000, sql))

        for n in range(repeat):
            queries.clear()
            with connection.execute_wrapper(timed):
                started = time.perf_counter()
                response = client.get(with_param(path, f"_bench=p{n}"))
                timings.append((time.perf_counter() - started) * 1000)
        profiler = cProfile.Profile()
        profiler.enable()
        for n in range(repeat):
            client.get(with_param(path, f"_bench=c{n}"))
        profiler.disable()
        stats = pstats.Stats(profiler)
        hot = sorted(
            (
                (value[2] / repeat * 1000, f"{Path(func[0]).name}:{func[1]}({func[2]})")
                for func, value in stats.stats.items()  # type: ignore[attr-defined]
            ),
            reverse=True,
        )[:8]
        ours = sorted(
            (
                (value[3] / repeat * 1000, f"{Path(func[0]).relative_to(ROOT)}:{func[1]}({func[2]})")
                for func, value in stats.stats.items()  # type: ignore[attr-defined]
                if func[0].startswith(str(ROOT / "solidaires"))
            ),
            reverse=True,
        )[:6]
        report[path] = {
            "status": response.status_code,
            "ms": round(statistics.median(timings), 2),
            "queries": len(queries),
            "sql_ms": round(sum(ms for ms, _ in queries), 2),
            "slowest_queries": [
                {"ms": round(ms, 2), "sql": sql[:240]} for ms, sql in sorted(queries, reverse=True)[:3]
            ],
            "hottest_functions_self_ms": [{"ms": round(ms, 2), "function": name} for ms, name in hot],
            "project_functions_cumulative_ms": [{"ms": round(ms, 2), "function": name} for ms, name in ours],
        }
    print(json.dumps(report))


def profile(env: dict[str, str], paths: list[str]) -> dict[str, dict]:
    result = subprocess.run(
        [sys.executable, __file__, "--profile-child", json.dumps(paths)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def machine() -> dict[str, object]:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {"cores": os.cpu_count(), "cpu_model": model or os.uname().machine}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(TERRITORIES), default="agglo")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--duration", type=float, default=5.0, help="seconds measured per URL (after warm-up)"
    )
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of warm-up per URL")
    parser.add_argument("--concurrency", type=int, default=4, help="concurrent client connections")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of measures; the figures are the medians"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the benchmark database")
    parser.add_argument("--profile", action="store_true", help="also count and time each page's SQL queries")
    parser.add_argument(
        "--only",
        help="comma-separated subset of the page keys to measure (see the output), e.g. /,deep,/missions/",
    )
    parser.add_argument("--profile-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.profile_child:
        profile_child(json.loads(args.profile_child))
        return

    secret_key = secrets.token_urlsafe(50)
    db_path = build_database(args.scale, args.seed, secret_key, rebuild=args.rebuild)
    env = bench_env(db_path, secret_key)
    collect_static(env)
    prepare_agent_pages(env)
    agent_cookie = agent_session_cookie(env)
    port = free_port()
    server = start_server(env, port, args.workers)
    try:
        deep_path, deep_page = find_deep_page(port, db_path, DEEP_PAGE[args.scale])
        pages = {
            "/": "/",
            "/associations/": "/associations/",
            "deep": deep_path,
            "/territoire/": "/territoire/",
            **PUBLIC_PAGES,
            **AGENT_PAGES,
        }
        if args.only:
            pages = {k: v for k, v in pages.items() if k in args.only.split(",")}
        cookies = {key: agent_cookie for key in AGENT_PAGES if key in pages}
        for key, path in pages.items():
            status, _, _ = get(port, path, cookies.get(key, ""))
            if status != 200:
                raise SystemExit(f"{path} répond {status} : la page existe-t-elle ?")
        options = {"duration": args.duration, "warmup": args.warmup, "concurrency": args.concurrency}
        rounds: list[dict[str, dict[str, float]]] = []
        for number in range(1, args.rounds + 1):
            # Each round measures the trivial view again: ratios compare figures taken minutes
            # apart at most, which matters on a machine shared with other work.
            measured = {"trivial": measure(port, "/__bench__/trivial", bust=False, **options)}
            log(f"[tour {number}/{args.rounds}] vue triviale : {measured['trivial']['rps']} req/s")
            if cookies:
                # Pages behind a session are compared with the trivial view under the same
                # session (decision 1025): loading the session, the user and the 2FA check
                # are the framework's own cost for every page an agent opens.
                measured["trivial agent"] = measure(
                    port, "/__bench__/trivial", bust=False, cookie=agent_cookie, **options
                )
                log(
                    f"[tour {number}/{args.rounds}] vue triviale (session d'agent) : "
                    f"{measured['trivial agent']['rps']} req/s"
                )
            for key, path in pages.items():
                cookie = cookies.get(key, "")
                measured[key] = measure(port, path, bust=True, cookie=cookie, **options)
                measured[key + " cached"] = measure(port, path, bust=False, cookie=cookie, **options)
                log(
                    f"[tour {number}/{args.rounds}] {key} : {measured[key]['rps']} req/s sans cache, "
                    f"{measured[key + ' cached']['rps']} req/s avec cache"
                )
            rounds.append(measured)
    finally:
        stop_server(server)

    trivial_rps = round(median([r["trivial"]["rps"] for r in rounds]), 1)
    trivial_agent_rps = round(median([r["trivial agent"]["rps"] for r in rounds]), 1) if cookies else None
    results: dict[str, dict[str, object]] = {}
    for key, path in pages.items():
        baseline = "trivial agent" if key in cookies else "trivial"
        entry: dict[str, object] = {
            "rps": round(median([r[key]["rps"] for r in rounds]), 1),
            "ratio": round(median([r[key]["rps"] / r[baseline]["rps"] for r in rounds]), 3),
            "cached_rps": round(median([r[key + " cached"]["rps"] for r in rounds]), 1),
            "cached_ratio": round(
                median([r[key + " cached"]["rps"] / r[baseline]["rps"] for r in rounds]), 3
            ),
            "cache_hit_rate": min(r[key + " cached"]["hit_rate"] for r in rounds),
            "errors": sum(r[key]["errors"] + r[key + " cached"]["errors"] for r in rounds),
        }
        if key in cookies:
            entry.update(
                baseline="trivial view under the same agent session",
                ratio_to_anonymous_trivial=round(
                    median([r[key]["rps"] / r["trivial"]["rps"] for r in rounds]), 3
                ),
            )
        if key == "deep":
            entry.update(path=path, page=deep_page)
        results[key] = entry
    misses = []
    for key, entry in results.items():
        if entry["ratio"] < TARGET_UNCACHED:  # type: ignore[operator]
            misses.append(f"{key} uncached ratio {entry['ratio']} < {TARGET_UNCACHED:.3f}")
        # Pages behind a session are never cached (by design): no cached target for them.
        if key not in cookies and entry["cached_ratio"] < TARGET_CACHED:  # type: ignore[operator]
            misses.append(f"{key} cached ratio {entry['cached_ratio']} < {TARGET_CACHED:.3f}")
        if entry["errors"]:
            misses.append(f"{key} {entry['errors']} non-200 responses")
    deep_vs_first = None
    if "deep" in results and "/associations/" in results:
        deep_vs_first = round(median([r["deep"]["rps"] / r["/associations/"]["rps"] for r in rounds]), 3)
        if deep_vs_first < TARGET_DEEP:
            misses.append(f"deep page {deep_vs_first} of the first page < {TARGET_DEEP}")
    # The deep page is keyed by its own name in the output.
    pages_out = {
        (f"/associations/?apres=<page {deep_page}>" if k == "deep" else k): v for k, v in results.items()
    }
    output: dict[str, object] = {
        "scale": args.scale,
        "seed": args.seed,
        "machine": machine(),
        "workers": args.workers,
        "concurrency": args.concurrency,
        "duration_s": args.duration,
        "rounds": args.rounds,
        "trivial_rps": trivial_rps,
        "trivial_agent_rps": trivial_agent_rps,
        "pages": pages_out,
        "deep_vs_first": deep_vs_first,
        "targets": {
            "ratio": round(TARGET_UNCACHED, 3),
            "cached_ratio": round(TARGET_CACHED, 3),
            "deep_vs_first": TARGET_DEEP,
        },
        "misses": misses,
    }
    if args.profile:
        output["profile"] = profile(env, [path for key, path in pages.items() if key not in AGENT_PAGES])
    print(json.dumps(output, ensure_ascii=False))


if __name__ == "__main__":
    main()
