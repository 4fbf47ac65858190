"""Small presentation helpers shared by every template: ``{% load solidaires_ui %}``.

``{% or_placeholder value "what" %}`` shows a value from the settings, or a clearly marked
placeholder that the operator of the deployment must fill in (legal pages).

``{{ n|fr_plural }}`` gives the French plural suffix ("s" above 1; 0 and 1 are singular).
``{{ n|day_count }}`` writes "0 jour", "1 jour", "3 jours"; ``{{ n|since_days }}`` an age in
days: "depuis aujourd'hui", "depuis hier", "depuis 3 jours" (``core.french``).

``{% absolute_url path %}`` is the site's public address of a path (``core.links``: the same
base address as the e-mails); ``{% absolute_url path webcal=True %}`` its ``webcal://`` form.

``{% icon "heart" %}`` renders a decorative inline SVG icon (hidden from assistive
technologies: icons always come with visible text). Inline SVG needs no extra request and
no CSP exception. The drawings are ours, on a 24 x 24 grid, stroked with currentColor.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from solidaires.core import french, links
from solidaires.core.labels import action_label as label_of

register = template.Library()

ICONS: dict[str, str] = {
    # A heart: "Je veux aider".
    "heart": '<path d="M12 20s-7.5-4.6-7.5-10.2A4.2 4.2 0 0 1 12 7.3a4.2 4.2 0 0 1 7.5 2.5C19.5 15.4 12 20 12 20z"/>',
    # A speech bubble with an exclamation mark: "J'ai besoin d'un coup de main".
    "ask": '<path d="M4.5 5.5h15v10.5H10l-5.5 4.5z"/><path d="M12 8.5v3.5"/><path d="M12 14.2v.1"/>',
    # A map pin: "Près de chez moi".
    "pin": '<path d="M12 21s-6.5-5.8-6.5-11a6.5 6.5 0 0 1 13 0c0 5.2-6.5 11-6.5 11z"/><circle cx="12" cy="10" r="2.3"/>',
    # Two people: associations.
    "people": (
        '<circle cx="9" cy="8.5" r="3"/><circle cx="16.5" cy="9.5" r="2.5"/>'
        '<path d="M3.5 19.5c0-3.6 2.5-6 5.5-6s5.5 2.4 5.5 6z"/><path d="M15 13.6c3.1-.5 5.5 1.7 5.5 5.4h-4"/>'
    ),
    # A calendar.
    "calendar": (
        '<rect x="4" y="5.5" width="16" height="14.5" rx="2"/><path d="M4 10h16"/>'
        '<path d="M8.5 3.5v4"/><path d="M15.5 3.5v4"/>'
    ),
    # A folded map.
    "map": '<path d="M3.5 6.5 9 4.5l6 2 5.5-2v13l-5.5 2-6-2-5.5 2z"/><path d="M9 4.5v13"/><path d="M15 6.5v13"/>',
    # A coffee cup: "cafés bénévolat".
    "coffee": (
        '<path d="M5 9.5h11v4.5a5 5 0 0 1-5 5h-1a5 5 0 0 1-5-5z"/><path d="M16 11h1.5a2.5 2.5 0 0 1 0 5H16"/>'
        '<path d="M8.5 3.5v2.5"/><path d="M12 3.5v2.5"/>'
    ),
    "arrow-right": '<path d="M4.5 12h14"/><path d="m13 6.5 5.5 5.5-5.5 5.5"/>',
    "arrow-left": '<path d="M19.5 12h-14"/><path d="m11 6.5-5.5 5.5 5.5 5.5"/>',
    "home": '<path d="M4 11 12 4.5l8 6.5"/><path d="M6.5 9.5v10h11v-10"/><path d="M10 19.5v-5h4v5"/>',
    "menu": '<path d="M4 7h16"/><path d="M4 12h16"/><path d="M4 17h16"/>',
    "close": '<path d="m6 6 12 12"/><path d="M18 6 6 18"/>',
}


@register.simple_tag
def icon(name: str, extra_class: str = "") -> SafeString:
    """Decorative inline SVG; unknown names render nothing (a missing icon must not break a page)."""
    if isinstance(name, str) and isinstance(extra_class, str):
        return _icon_cached(name, extra_class)
    return _icon_svg(name, extra_class)


@lru_cache(maxsize=256)
def _icon_cached(name: str, extra_class: str) -> SafeString:
    """Every page shows the same few icons: each (name, class) is built once per process."""
    return _icon_svg(name, extra_class)


def _icon_svg(name: str, extra_class: str) -> SafeString:
    drawing = ICONS.get(name)
    if drawing is None:
        return mark_safe("")
    css = f"icon {extra_class}".strip()
    return format_html(
        '<svg class="{}" viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" '
        'stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" '
        'focusable="false">{}</svg>',
        css,
        mark_safe(drawing),
    )


PLACEHOLDER_NOTE = "à compléter par l'exploitant"


@register.simple_tag
def or_placeholder(value: object, what: str) -> SafeString:
    """The value, or a visibly marked placeholder naming what the operator must fill in."""
    if value:
        return format_html("{}", value)
    return format_html('<span class="placeholder">[{} — {}]</span>', what, PLACEHOLDER_NOTE)


@register.filter
def action_label(code: object, prefix: str = "") -> str:
    """``{{ entry.action|action_label }}``: the French label of a journal code (decision 1121)."""
    return label_of(str(code or ""), prefix)


@register.filter
def fr_plural(value: object, suffix: str = "s") -> str:
    """French plural suffix: ``{{ n|fr_plural }}`` is "s" above 1 (0 and 1 are singular in French)."""
    try:
        count = len(value) if isinstance(value, list | tuple | set | dict) else int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""
    return suffix if count > 1 else ""


@register.simple_tag
def absolute_url(path: object, webcal: bool = False) -> str:
    url = links.absolute_url(str(path or "/"))
    return links.webcal_url_of(url) if webcal else url


def _whole(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


@register.filter
def day_count(value: object) -> str:
    number = _whole(value)
    return "" if number is None else french.days(number)


@register.filter
def since_days(value: object) -> str:
    number = _whole(value)
    return "" if number is None else french.since_days(number)


@register.simple_tag
def brand_mark() -> SafeString:
    """The Solidaires mark (two people side by side), decorative next to the site name."""
    return mark_safe(
        '<svg class="brand-mark" viewBox="0 0 48 48" width="40" height="40" aria-hidden="true" '
        'focusable="false"><rect width="48" height="48" rx="12" fill="#0b6e69"/>'
        '<circle cx="17" cy="17" r="6" fill="#ffffff"/><circle cx="31" cy="17" r="6" fill="#ffd9a8"/>'
        '<path d="M6 40c0-8 5-13.5 11-13.5S28 32 28 40z" fill="#ffffff"/>'
        '<path d="M20 40c0-8 5-13.5 11-13.5S42 32 42 40z" fill="#ffd9a8" fill-opacity="0.92"/></svg>'
    )


@register.simple_tag(takes_context=True)
def render_slot(context: template.Context, name: str, **kwargs: object) -> SafeString:
    """``{% render_slot "associations.detail.sections" association=association %}``: the HTML
    that higher apps registered for this slot (``solidaires.core.slots``), in order."""
    from solidaires.core.slots import get_slot

    request = context.get("request")
    if request is not None:
        kwargs.setdefault("request", request)
    return get_slot(name).render(**kwargs)
