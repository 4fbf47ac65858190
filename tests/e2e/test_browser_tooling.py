"""The browser-test tooling itself: axe-core runs under a strict CSP and reports readably, CSP
violations are caught, TOTP codes are the ones allauth accepts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.helpers import check_a11y, new_page, page_problems, totp_code

STRICT_CSP = "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self'; style-src 'self'\">"


@pytest.fixture
def bare_page(browser: Browser) -> Iterator[Page]:
    """A page on no server at all (content set by the test)."""
    context = browser.new_context(locale="fr-FR")
    try:
        yield new_page(context)
    finally:
        context.close()


def test_axe_runs_under_a_strict_csp_and_lists_each_violation(bare_page):
    bare_page.set_content(
        f"<html><head>{STRICT_CSP}<title>Essai</title></head>"
        '<body><main><h1>Essai</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="photo">'
        "</main></body></html>"
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        check_a11y(bare_page)
    message = str(failure.value)
    assert "html-has-lang (serious)" in message
    assert "image-alt (critical)" in message
    assert "#photo" in message  # the CSS selector of the offending element
    assert not page_problems(bare_page)  # injecting axe did not trip the CSP


def test_an_accessible_page_passes(bare_page):
    bare_page.set_content(
        f'<html lang="fr"><head>{STRICT_CSP}<title>Essai</title></head>'
        "<body><main><h1>Essai</h1><p>Bonjour.</p></main></body></html>"
    )
    check_a11y(bare_page)


def test_csp_violations_are_recorded(bare_page):
    bare_page.set_content(
        f'<html lang="fr"><head>{STRICT_CSP}<title>Essai</title></head>'
        '<body><main><h1 style="color: red">Essai</h1><script>document.title = "x"</script></main></body></html>'
    )
    problems = page_problems(bare_page)
    assert any("inline script" in p for p in problems), problems
    assert any("inline style" in p for p in problems), problems


def test_totp_code_is_accepted_by_allauth(agent):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    authenticator = Authenticator.objects.get(user=agent, type=Authenticator.Type.TOTP)
    assert TOTP(authenticator).validate_code(totp_code(agent))
