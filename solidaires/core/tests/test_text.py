"""clean_text: the one cleaning of free text (decision 1117)."""

from __future__ import annotations

import pytest

from solidaires.core.text import InvalidText, clean_text, format_count


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Réparer des vélos", "Réparer des vélos"),
        ("Cam\u202eille", "Camille"),  # right-to-left override
        ("\u2066Camille\u2069", "Camille"),  # isolates
        ("\u200eA\u200fB\u061c", "AB"),  # marks
        ("zero\u200bwidth\u2060joiner\ufeff", "zerowidthjoiner"),
        ("anti\u00adconstitutionnel", "anticonstitutionnel"),  # soft hyphen
        ("bell\x07\x1b[31m", "bell[31m"),  # control characters
        ("deux\nlignes\r\n\tet une tabulation", "deux\nlignes\r\n\tet une tabulation"),
        ("e\u0301te\u0301", "été"),  # NFC
        ("👩\u200d🔧 mécanicienne", "👩\u200d🔧 mécanicienne"),  # ZWJ inside an emoji sequence
        ("👍🏽\u200d👍", "👍🏽\u200d👍"),
        ("a\u200db", "ab"),  # a ZWJ between letters is dropped
        ("\u200d👩", "👩"),
    ],
)
def test_clean_text(typed, kept):
    assert clean_text(typed) == kept


@pytest.mark.parametrize("typed", ["a\x00b", "\ud800", "a\udfffb"])
def test_nul_and_lone_surrogates_are_refused(typed):
    with pytest.raises(InvalidText, match="Le texte contient un caractère"):
        clean_text(typed)


def test_format_count():
    assert format_count(12345) == "12\u202f345"
    assert format_count(200) == "200"
