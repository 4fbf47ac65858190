"""Browser tests: real headless Chromium (Debian's) driven by Playwright, with axe-core checks.

One browser per test worker (started on first use, reused by every test of the worker),
a fresh context per test (phone first: 360 x 800, French locale), the app served by
pytest-django's ``live_server`` in a thread of the test process. Helpers (check_a11y,
screenshot, totp_code...) live in tests/e2e/helpers.py.

Decisions: docs/decisions/0600 (Debian Chromium, never a downloaded browser), 0601 (the CSP
stays enforced; axe-core is evaluated through the DevTools protocol), 0602 (database state
and data for browser tests).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.e2e.helpers import (
    AXE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    TIMEOUT_MS,
    new_page,
    page_problems,
    screenshot,
)

E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/e2e/ is a browser test: mark it `e2e` (deselect with -m "not e2e")."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item, so the page fixture can screenshot failed tests."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser(django_db_setup: None) -> Iterator[Browser]:
    """One headless Chromium per test worker, shared by every browser test of that worker."""
    from django.db import connections

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps` (apt-get install chromium).")
    if not AXE_JS.exists():
        pytest.fail(f"axe-core not found at {AXE_JS}: run `make install` (npm ci).")
    # While Playwright's sync API is started, an asyncio loop counts as "running" in this
    # thread. Two consequences for Django (decision 0600):
    # - it refuses ORM calls (SynchronousOnlyOperation): nothing runs concurrently here (the
    #   test waits while the browser talks to the live server thread), so allow them;
    # - `connections` (an asgiref Local) switches to another storage and would hand out new
    #   connection objects, without the test database's serialized contents: keep the
    #   objects the test database was set up with.
    thread_connections = {alias: connections[alias] for alias in connections}
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    for alias, connection in thread_connections.items():
        connections[alias] = connection
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def base_url(live_server: Any, django_db_serialized_rollback: None) -> str:
    """The live server's root URL (no trailing slash). The database starts as migrations left it
    (themes...), each test adds its own data with the factories."""
    return live_server.url


@pytest.fixture
def new_context(browser: Browser, base_url: str) -> Iterator[Callable[..., BrowserContext]]:
    """Make a browser context (one per person in a journey: separate cookies); all are closed after
    the test. Defaults: phone viewport, French locale, Paris time, relative URLs on the live server."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        settings: dict[str, Any] = {
            "viewport": PHONE,
            "locale": "fr-FR",
            "timezone_id": "Europe/Paris",
            "base_url": base_url,
        }
        settings.update(options)
        context = browser.new_context(**settings)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(request: pytest.FixtureRequest, new_context: Callable[..., BrowserContext]) -> Iterator[Page]:
    """A page in a fresh phone-sized context. A CSP violation or an uncaught JavaScript error seen
    by the page fails the test; a failed test leaves a screenshot in var/screenshots/."""
    page = new_page(new_context())
    yield page
    report = getattr(request.node, "rep_call", None)
    failed = report is not None and report.failed
    if failed and not page.is_closed():
        screenshot(page, f"FAILED-{request.node.name}")
    problems = page_problems(page)
    if problems and not failed:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems), pytrace=False)
