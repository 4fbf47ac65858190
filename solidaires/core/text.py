"""The one cleaning of free text received from people (forms and API), decision 1117.

``clean_text`` NFC-normalises, removes invisible format characters (Unicode category Cf:
bidirectional overrides and isolates such as U+202E, zero-width spaces, the byte order mark,
soft hyphens…) and control characters other than tab and line breaks, and refuses what no
honest text holds (NUL, lone surrogates). The zero-width joiner U+200D is kept between two
pictographs, where it joins an emoji sequence (👩‍🔧); everywhere else it is removed.

Forms use it through ``solidaires.core.forms.CleanTextMixin``; the API through
``solidaires.core.api.InputSchema``. Length limits: the ``*_MAX`` constants below (decision 1117).
"""

from __future__ import annotations

import unicodedata

ZWJ = "\u200d"
KEPT_CONTROLS = frozenset("\t\n\r")

# The limits of free text shown to others, in characters (decision 1117). Model fields carry
# them (``max_length``; on a TextField only the form enforces it); a form's text field without
# one gets LONG_TEXT_MAX (solidaires.core.forms), an API schema states its own.
TITLE_MAX = 200  # names, titles, labels: one line
REASON_MAX = 1_000  # a reason, a motive, practical notes (accessibility, opening hours)
MESSAGE_MAX = 2_000  # a message to a person or an association, a short ad
DESCRIPTION_MAX = 5_000  # the description of a mission, an event, an association, a place
LONG_TEXT_MAX = 10_000  # the longest free text (a grant project's presentation); the default


class InvalidText(ValueError):
    """Text that cannot be honest input (NUL, lone surrogate): refused, with a French message."""


def _is_pictograph(char: str) -> bool:
    # Emoji are "So" (symbol, other); skin tones are "Sk"; variation selector 16 is "Mn".
    return unicodedata.category(char) in {"So", "Sk"} or char == "\ufe0f"


def _dropped(text: str, index: int, char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cc":
        return char not in KEPT_CONTROLS
    if category != "Cf":
        return False
    if char == ZWJ and 0 < index < len(text) - 1:
        return not (_is_pictograph(text[index - 1]) and _is_pictograph(text[index + 1]))
    return True


def clean_text(value: str) -> str:
    """``value`` as it may be stored and shown: NFC, without invisible characters.

    Raises ``InvalidText`` for a NUL character or a lone surrogate."""
    if "\x00" in value:
        raise InvalidText("Le texte contient un caractère nul : retirez-le et réessayez.")
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise InvalidText("Le texte contient un caractère invalide (UTF-16 incomplet) : corrigez-le.")
    value = unicodedata.normalize("NFC", value)
    if value.isascii() and value.isprintable():
        return value
    return "".join(char for index, char in enumerate(value) if not _dropped(value, index, char))


def format_count(number: int) -> str:
    """12345 → "12 345" (French grouping with a narrow no-break space)."""
    return f"{number:,}".replace(",", "\u202f")
