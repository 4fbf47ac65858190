"""Slots: places on a lower app's pages that a higher app fills (decision 1101).

The layers (CONTRIBUTING.md) forbid a lower app to import a higher one. When a page of a
lower app must show a higher context's data (an association's page lists its events and
missions, a place's page its permanences), the lower app *declares* a slot and renders it;
the higher app *fills* it from its ``AppConfig.ready()``::

    # solidaires/associations/slots.py (the lower app declares)
    from solidaires.core.slots import Slot

    association_sections = Slot("associations.detail.sections", "Sections of an association's page")

    # solidaires/events/apps.py (the higher app fills)
    def ready(self):
        from solidaires.associations.slots import association_sections
        from .agenda.slots import association_agenda
        association_sections.register(association_agenda, order=20)

    # solidaires/associations/templates/associations/detail.html (the lower app renders)
    {% load solidaires_ui %}{% render_slot "associations.detail.sections" association=association %}

A provider is a function taking keyword arguments (those the page passes, plus ``request``
when the template has one) and returning HTML (usually ``render_to_string(...)``), or an
empty string / ``None`` when it has nothing to show. Providers run in ``order``, then in
registration order. Registering the same function twice keeps one entry.

Beside HTML slots, ``Registry`` holds plain values that a lower app's code asks for (the
privacy exporters, the references a message thread can be about, the agents' queues).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

Provider = Callable[..., Any]
T = TypeVar("T")

_slots: dict[str, Slot] = {}


@dataclass
class _Entry:
    order: int
    seq: int
    provider: Provider


@dataclass
class Slot:
    """A named place on a page that higher apps fill with HTML."""

    name: str
    doc: str = ""
    _entries: list[_Entry] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if self.name in _slots:
            raise ValueError(f"Slot {self.name!r} is declared twice.")
        _slots[self.name] = self

    def register(self, provider: Provider, *, order: int = 100) -> Provider:
        """Add ``provider`` (idempotent: the same function is kept once). Returns it, so
        that ``register`` can decorate."""
        if all(entry.provider is not provider for entry in self._entries):
            self._entries.append(_Entry(order, len(self._entries), provider))
            self._entries.sort(key=lambda entry: (entry.order, entry.seq))
        return provider

    def providers(self) -> list[Provider]:
        return [entry.provider for entry in self._entries]

    def render(self, **kwargs: Any) -> SafeString:
        """The providers' HTML, in order (each escaped unless it is already safe)."""
        parts = []
        for provider in self.providers():
            html = provider(**kwargs)
            if html:
                parts.append(str(conditional_escape(html)).strip())
        return mark_safe("\n".join(parts))  # each part escaped or our templates' output


def get_slot(name: str) -> Slot:
    try:
        return _slots[name]
    except KeyError:
        raise LookupError(f"No slot named {name!r}: declare it in the lower app's slots.py.") from None


class Registry(Generic[T]):
    """Named values that higher apps register for a lower app's code to use."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._items: dict[str, T] = {}

    def register(self, key: str, value: T) -> T:
        self._items[key] = value
        return value

    def get(self, key: str) -> T | None:
        return self._items.get(key)

    def items(self) -> list[tuple[str, T]]:
        return list(self._items.items())

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)
