"""A commune chosen in a query string or an API parameter: one rule for every list (issue 11).

``/missions/?commune=75056`` (Paris, not a commune of the territory) used to give an empty
list, even "widen the distance". Every list filtered by commune reads the code through
``commune_param``: a commune of the territory filters; anything else is named back as
``outside``, the list shows every commune, and the page says why with
``territory/includes/outside_commune.html``. The API's lists answer 422 with a French message
(``api_commune``) instead of an empty page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ninja.errors import HttpError

from solidaires.core.params import query_insee

from .selectors import commune_choices

# What a page repeats of an unknown value (it is shown, escaped, in the message).
OUTSIDE_MAX_LENGTH = 20


@dataclass(frozen=True)
class CommuneParam:
    """``insee`` and ``name`` of a commune of the territory (both "" when none is chosen or
    the value is not one); ``outside``: the value asked for when it is not a commune of the
    territory ("" otherwise)."""

    insee: str = ""
    name: str = ""
    outside: str = ""


def commune_name(insee: str, communes: Sequence[tuple[str, str]] | None = None) -> str:
    """The name of a commune of the territory, "" for any other code (cached list)."""
    if not insee:
        return ""
    return next((name for code, name in (communes or commune_choices()) if code == insee), "")


def commune_param(raw: object, communes: Sequence[tuple[str, str]] | None = None) -> CommuneParam:
    """Read ``?commune=`` (an INSEE code) against the territory's communes: ``communes``, the
    ``(insee, name)`` of every commune when the caller has them already, or the cached list."""
    text = "".join(ch for ch in str(raw if raw is not None else "") if ch.isprintable()).strip()
    if not text:
        return CommuneParam()
    insee = query_insee(text)
    name = commune_name(insee, communes)
    if name:
        return CommuneParam(insee=insee, name=name)
    return CommuneParam(outside=text[:OUTSIDE_MAX_LENGTH])


def outside_message(outside: str) -> str:
    return (
        f"La commune « {outside} » ne fait pas partie du territoire : "
        "choisissez le code INSEE d'une commune du territoire (liste : /api/v1/communes)."
    )


def api_commune(code: str | None) -> str:
    """An API list's ``commune`` parameter: "" when absent, the code of a commune of the
    territory, or a 422 answer that says the commune is not part of the territory."""
    if not code:
        return ""
    param = commune_param(code)
    if param.outside:
        raise HttpError(422, outside_message(param.outside))
    return param.insee
