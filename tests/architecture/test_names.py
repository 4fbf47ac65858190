"""A person is named by ``accounts.naming.person_name`` only, never after their e-mail address
(decision 1110). These tests keep the mistake from coming back: no code cuts an address at
its "@" (the old fallback ``email.split("@")[0]``), no code or template falls back from the
display name to anything else, no template shows an address in place of a missing name.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "solidaires", ROOT / "config"]

# Files that may cut an address at its "@", each with the reason.
ALLOWED_AT_SPLITS = {
    # Renames the applicant spaces that were named after the start of an address.
    "solidaires/grants/migrations/0006_person_applicant_names_without_address.py",
}

AT_SPLIT = re.compile(r"""\.(?:r?split|r?partition)\(\s*(?:"@"|'@')""")
# `display_name or …` in Python, `display_name|default:…` in a template: a home-made fallback.
NAME_FALLBACK_PY = re.compile(r"display_name\s+or\b|display_name\s+if\b")
NAME_FALLBACK_HTML = re.compile(r"display_name\s*\|\s*default\s*:")
# An address as the default of a missing value in a template (`|default:user.email`).
EMAIL_AS_DEFAULT = re.compile(r"\|\s*default\s*:\s*[\w.]*email\b")


def files(*suffixes: str) -> list[Path]:
    found = []
    for base in SOURCES:
        for path in base.rglob("*"):
            if path.suffix in suffixes and "tests" not in path.relative_to(ROOT).parts:
                found.append(path)
    return sorted(found)


def offending(
    pattern: re.Pattern[str], suffixes: tuple[str, ...], allowed: Collection[str] = ()
) -> list[str]:
    hits = []
    for path in files(*suffixes):
        relative = path.relative_to(ROOT).as_posix()
        if relative in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                hits.append(f"{relative}:{number}: {line.strip()}")
    return hits


def test_no_code_cuts_an_address_at_its_at_sign():
    assert offending(AT_SPLIT, (".py", ".html", ".txt"), ALLOWED_AT_SPLITS) == [], (
        "Name people with accounts.naming.person_name (decision 1110), never from their address."
    )


def test_the_allow_list_is_still_needed():
    for relative in ALLOWED_AT_SPLITS:
        assert AT_SPLIT.search((ROOT / relative).read_text(encoding="utf-8")), relative


def test_no_home_made_fallback_for_a_missing_display_name():
    assert offending(NAME_FALLBACK_PY, (".py",)) == []
    assert offending(NAME_FALLBACK_HTML, (".html", ".txt")) == []


def test_no_template_shows_an_address_for_a_missing_value():
    assert offending(EMAIL_AS_DEFAULT, (".html", ".txt")) == []


def test_the_checks_see_the_old_mistakes():
    assert AT_SPLIT.search('return self.display_name or self.email.split("@")[0]')
    assert AT_SPLIT.search("local, _, domain = address.rpartition('@')")
    assert NAME_FALLBACK_PY.search("name=user.display_name or str(user)")
    assert NAME_FALLBACK_HTML.search("{{ registration.user.display_name|default:registration.user.email }}")
    assert EMAIL_AS_DEFAULT.search("{{ name|default:registration.user.email }}")
