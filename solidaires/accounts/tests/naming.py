"""A person who left the display name empty, and the checks that their address never shows
(decision 1110). Used by the tests of every page and document that names a person."""

from __future__ import annotations

import io
from typing import Any

from solidaires.accounts.naming import NEUTRAL_NAME

SECRET_EMAIL = "jeanne.secret@example.org"
SECRET = "jeanne.secret"


def nameless_user(**kwargs: Any) -> Any:
    """Jeanne, who signed up before the display name was asked and never set one."""
    from solidaires.accounts.tests.factories import UserFactory

    kwargs.setdefault("email", SECRET_EMAIL)
    return UserFactory(display_name="", **kwargs)


def pdf_text(data: bytes) -> str:
    """Every page's text (pypdf), whitespace made plain spaces."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def assert_named_without_address(text: str, *, named: bool = True) -> None:
    """No part of Jeanne's address in ``text``; with ``named``, the neutral label instead."""
    assert SECRET not in text.lower()
    assert "example.org" not in text.lower()
    if named:
        assert str(NEUTRAL_NAME) in text
