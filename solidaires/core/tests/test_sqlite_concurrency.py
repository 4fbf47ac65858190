"""The embedded database holds a page write racing the task worker's (make run, SQLite).

Two connections to one SQLite file, configured as the settings configure it: the "worker"
holds a write transaction for a moment; the "page" reads, then writes, in its own
transaction. With SQLite's default (deferred) transactions the page fails at once with
"database is locked" (its read lock cannot be upgraded while the worker writes); with
SQLITE_OPTIONS it waits for the worker and succeeds.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError
from django.db.backends.sqlite3.base import DatabaseWrapper

from config.settings.base import SQLITE_OPTIONS


def connection_to(path, options):
    wrapper = DatabaseWrapper(
        {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": dict(options),
            "TIME_ZONE": None,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
            "TEST": {},
        },
        alias=f"race-{id(options)}-{time.monotonic_ns()}",
    )
    wrapper.ensure_connection()
    return wrapper


def begin(wrapper):
    """What ``transaction.atomic()`` does on SQLite: BEGIN in the configured mode."""
    wrapper._start_transaction_under_autocommit()


def race(tmp_path, options):
    path = tmp_path / "race.sqlite3"
    setup = connection_to(path, options)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS mission (id INTEGER PRIMARY KEY, title TEXT)")
    setup.close()

    worker_has_lock = threading.Event()

    def worker():
        conn = connection_to(path, options)
        begin(conn)
        with conn.cursor() as cursor:
            cursor.execute("INSERT INTO mission (title) VALUES ('from the worker')")
            worker_has_lock.set()
            time.sleep(0.5)
        conn.connection.commit()
        conn.close()

    thread = threading.Thread(target=worker)
    thread.start()
    worker_has_lock.wait(5)
    page = connection_to(path, options)
    try:
        begin(page)
        with page.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM mission")
            cursor.execute("INSERT INTO mission (title) VALUES ('from the page')")
        page.connection.commit()
    finally:
        page.close()
        thread.join()
    check = connection_to(path, options)
    with check.cursor() as cursor:
        cursor.execute("SELECT title FROM mission ORDER BY id")
        titles = [row[0] for row in cursor.fetchall()]
    check.close()
    return titles


def test_a_page_write_waits_for_the_worker_and_succeeds(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        assert race(tmp_path, SQLITE_OPTIONS) == ["from the worker", "from the page"]


def test_without_those_settings_the_page_write_fails(tmp_path, django_db_blocker):
    """The race above is real: SQLite's defaults lose the page's write."""
    with django_db_blocker.unblock(), pytest.raises(OperationalError, match="locked"):
        race(tmp_path, {"timeout": 20})
