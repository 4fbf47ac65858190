"""Helpers for browser tests: axe-core checks, screenshots, page checks, TOTP codes.

Import them in tests: ``from tests.e2e.helpers import check_a11y, screenshot``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS_DIR = ROOT / "var" / "screenshots"
CHROMIUM = os.environ.get("SOLIDAIRES_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 15_000


# --- Pages that report what went wrong in the browser ---------------------------------------------------


def new_page(context: BrowserContext) -> Page:
    """Open a page that records CSP violations and uncaught JavaScript errors (see page_problems)."""
    page = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"CSP on {page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"JavaScript error on {page.url}: {error}"))
    page._solidaires_problems = problems  # type: ignore[attr-defined]
    return page


def page_problems(page: Page) -> list[str]:
    """CSP violations and uncaught JavaScript errors seen so far by a page made with new_page."""
    return list(getattr(page, "_solidaires_problems", []))


# --- axe-core ---------------------------------------------------------------------------------------------

_AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


def axe_violations(page: Page, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now and return its violations (WCAG 2.1 A and AA by default)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol rather than added as a <script>: the page's
        # Content-Security-Policy does not govern it, so the CSP stays enforced during tests.
        page.evaluate("() => {\n" + AXE_JS.read_text(encoding="utf-8") + "\n}")
    return page.evaluate(_AXE_RUN, tags or WCAG_TAGS)


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:10]:
            summary = re.sub(r"\s+", " ", node["summary"] or "").strip()
            lines.append(f"    {node['target']}: {summary}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def check_a11y(page: Page, *, context: str = "") -> None:
    """Fail the test with a readable list if axe-core finds WCAG 2.1 A/AA violations on the page."""
    page.wait_for_load_state("load")
    violations = axe_violations(page)
    if violations:
        width = page.viewport_size["width"] if page.viewport_size else 0
        shot = screenshot(page, f"axe-{slugify(page.url)}-{width}px")
        where = f" ({context})" if context else ""
        pytest.fail(
            f"Accessibility violations on {page.url}{where} at {page.viewport_size}, screenshot {shot}:\n"
            + format_violations(violations),
            pytrace=False,
        )


# --- Screenshots --------------------------------------------------------------------------------------------


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG under var/screenshots/ (git-ignored) for humans to look at."""
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS_DIR / f"{slugify(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def slugify(text: str) -> str:
    text = re.sub(r"^https?://[^/]+", "", text)
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:150] or "page"


# --- Page structure -------------------------------------------------------------------------------------------


def h1_texts(page: Page) -> list[str]:
    return page.locator("h1").all_inner_texts()


def check_skip_link(page: Page) -> None:
    """The first Tab stop is a visible skip link; following it puts the focus in <main>."""
    page.locator("body").focus()
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const box = el.getBoundingClientRect();
          return {tag: el.tagName, href: el.getAttribute("href"), text: el.textContent.trim(),
                  visible: box.width > 1 && box.height > 1 && box.bottom > 0 && box.right > 0};
        }"""
    )
    assert focused is not None, f"Tab on {page.url} focuses nothing"
    assert focused["tag"] == "A" and (focused["href"] or "").startswith("#"), (
        f"The first Tab stop on {page.url} is not a skip link: {focused}"
    )
    assert focused["visible"], f"The skip link on {page.url} stays invisible when focused: {focused}"
    page.keyboard.press("Enter")
    in_main = page.evaluate(
        """() => {
          const el = document.activeElement;
          return !!el && (el.tagName === "MAIN" || el.getAttribute("role") === "main"
                          || !!el.closest("main, [role=main]"));
        }"""
    )
    assert in_main, f"Following the skip link on {page.url} does not move the focus into <main>"


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def wide_elements(page: Page, limit: int = 5) -> list[str]:
    """The elements sticking out of the viewport on the right, to explain a horizontal scroll."""
    return page.evaluate(
        """(limit) => {
          const width = document.documentElement.clientWidth, out = [];
          for (const el of document.body.querySelectorAll("*")) {
            const box = el.getBoundingClientRect();
            if (box.right > width + 1) {
              out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}`
                       + `${el.className && typeof el.className === "string" ? "." + el.className.trim().replace(/\\s+/g, ".") : ""}`
                       + ` (right edge ${Math.round(box.right)} px)`);
              if (out.length >= limit) break;
            }
          }
          return out;
        }""",
        limit,
    )


# --- Two-factor authentication ---------------------------------------------------------------------------------


def totp_code(user: Any) -> str:
    """The TOTP code the user's authenticator app shows now, valid for at least a few seconds."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 5:  # the code would change before the server checks it
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))
