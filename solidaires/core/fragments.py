"""HTML fragments rendered once and shared by every page that shows them (decision 0700).

A list page spends most of its time rendering the same cards again and again: the same
twenty missions, posts or events are shown to every visitor, on every filter and page that
includes them. ``cached_fragments`` renders each item once per *version* of the item and
keeps the HTML in the cache, so a page costs its query plus one ``cache.get_many``.

The caller supplies, for each item, the parts of its key: at least its primary key and
the timestamp that every write updates (``updated_at``), plus anything else the fragment
shows that can change without that timestamp (a commune, a count, the day for a relative
date). The key also carries the page cache version (``SOLIDAIRES_PAGE_CACHE_VERSION``,
bumped on deploy), the versions that apps register in ``FRAGMENT_VERSIONS`` (the territory
registers its own: commune names show in every card) and the caller's template version
(bump it when the fragment's template changes).

With a per-process cache (LocMem), another process may show a fragment up to ``timeout``
seconds old for data that changed *without* a change of its key parts: choose key parts so
that every change a user makes shows at once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from functools import lru_cache
from typing import TypeVar

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from solidaires.core.caching import cache_version as page_cache_version
from solidaires.core.slots import Registry

T = TypeVar("T")

DEFAULT_TIMEOUT = 15 * 60


# Versions of data that every fragment may show (e.g. the territory's commune names): a
# short tag and a function giving the current version, registered from AppConfig.ready().
FRAGMENT_VERSIONS: Registry[Callable[[], int | str]] = Registry("fragment versions")


def fragment_prefix(namespace: str, template_version: int) -> str:
    """The common start of the keys of one kind of fragment (for tests and invalidation)."""
    shared = "".join(f":{tag}{version()}" for tag, version in FRAGMENT_VERSIONS.items())
    return f"fragment:{namespace}:r{template_version}:p{page_cache_version()}{shared}"


def cached_fragments(
    items: Sequence[T],
    *,
    namespace: str,
    template_version: int,
    key_parts: Callable[[T], Iterable[Hashable]],
    render_missing: Callable[[list[T]], Sequence[str]],
    timeout: int = DEFAULT_TIMEOUT,
) -> list[SafeString]:
    """The HTML of each item, in order: read with one ``get_many``; the missing ones are
    rendered together by ``render_missing`` (which may load what only rendering needs, for
    those items only) and stored with one ``set_many``.

    ``render_missing`` must return our own templates' output, escaped when rendered."""
    if not items:
        return []
    prefix = fragment_prefix(namespace, template_version)
    keys = [prefix + ":" + ":".join(str(part) for part in key_parts(item)) for item in items]
    found: dict[str, str] = cache.get_many(keys)
    missing = [(key, item) for key, item in zip(keys, items, strict=True) if key not in found]
    if missing:
        rendered = render_missing([item for _, item in missing])
        fresh = {key: str(html) for (key, _), html in zip(missing, rendered, strict=True)}
        cache.set_many(fresh, timeout)
        found.update(fresh)
    return [mark_safe(found[key]) for key in keys]  # our templates' output, escaped


def template_renderer(
    template_name: str, context_name: str, **extra: object
) -> Callable[[list[T]], list[str]]:
    """A ``render_missing`` that renders ``template_name`` once per item, with the item as
    ``context_name`` (and ``extra`` values), output stripped of surrounding whitespace."""

    def render(items: list[T]) -> list[str]:
        template = get_template(template_name)
        return [str(template.render({context_name: item, **extra})).strip() for item in items]

    return render


OPTIONS_TEMPLATE = "includes/select_options.html"


@lru_cache(maxsize=256)
def _options_html(choices: tuple[tuple[str, str], ...], selected: str) -> str:
    return str(get_template(OPTIONS_TEMPLATE).render({"choices": choices, "selected": selected}))


def select_options(choices: tuple[tuple[str, str], ...], selected: str) -> SafeString:
    """``<option>`` elements for ``(value, label)`` choices, ``selected`` marked: our
    template's output, rendered once per process for a given list and selected value
    (hundreds of communes at national scale)."""
    if selected and all(value != selected for value, _ in choices):
        selected = ""  # an unknown value (a forged URL) must not fill the cache
    return mark_safe(_options_html(choices, selected))  # our template's output, escaped


def choices_with(
    choices: Sequence[tuple[str, str]],
    value: str,
    label: str,
    *,
    order: Callable[[tuple[str, str]], object] | None = None,
) -> tuple[tuple[str, str], ...]:
    """The ``(value, label)`` choices of a select, with the value in force added when it is
    not among them (a distance typed in the address, a commune that has no event yet): a
    select always shows the filter that applies, never "all" while the list is filtered
    (issue 11). ``order`` sorts the result (by default the value in force goes last)."""
    if not value or any(choice == value for choice, _label in choices):
        return tuple(choices)
    extended = [*choices, (value, label)]
    if order is not None:
        extended.sort(key=order)  # type: ignore[arg-type]
    return tuple(extended)


def offered(value: str, choices: Sequence[tuple[str, str]]) -> str:
    """``value`` when a select offers it, "" otherwise: a value that no longer exists (an old
    link, a forged one) must not filter a list while its select says "all" (issue 11)."""
    return value if value and any(choice == value for choice, _label in choices) else ""
