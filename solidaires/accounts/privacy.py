"""Registry of personal-data exporters and erasers (GDPR rights of access and erasure).

Each app that stores data about a person registers, in its ``AppConfig.ready()``:

* an **exporter**: ``register_exporter("associations", fn)`` where ``fn(user) -> data``
  returns JSON-serialisable data (dicts, lists, strings, numbers, dates). The download at
  ``/mon-compte/donnees/export.json`` holds one key per exporter name, in registration
  order. Never export secrets (password hashes, TOTP secrets, tokens) nor other people's
  personal data beyond what the user already sees.
* an **eraser**: ``register_eraser(fn)`` where ``fn(*, user, by)`` removes or anonymises
  what the app holds about ``user``. Erasers run inside the ``user_erase`` transaction,
  *before* the account itself is anonymised (so they can still read the e-mail address),
  and must be idempotent. They must not delete rows that others rely on (public
  contributions, grant files, the audit journal): detach or anonymise those instead. The
  user row itself is never deleted, only anonymised, so foreign keys to it stay valid.

Example (``solidaires/associations/apps.py``)::

    def ready(self) -> None:
        from solidaires.accounts.privacy import register_eraser, register_exporter

        from . import privacy

        register_exporter("associations", privacy.export_user_data)
        register_eraser(privacy.erase_user_data)

Registering the same name (or the same eraser function) twice replaces the first one, so
``ready()`` may run more than once (tests) without duplicates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.utils import timezone

Exporter = Callable[[Any], Any]


class Eraser(Protocol):
    def __call__(self, *, user: Any, by: Any) -> None: ...


_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}

EXPORT_FORMAT_VERSION = 1


def register_exporter(name: str, fn: Exporter) -> None:
    """Add (or replace) the part of the personal-data export called ``name``."""
    if name in {"format_version", "generated_at"}:
        raise ValueError(f"{name!r} is reserved in the export.")
    _exporters[name] = fn


def register_eraser(fn: Eraser) -> None:
    """Add (or replace) a function that erases one app's data about a user."""
    _erasers[f"{fn.__module__}.{getattr(fn, '__qualname__', repr(fn))}"] = fn


def exporter_names() -> list[str]:
    return list(_exporters)


def collect_export(user: Any) -> dict[str, Any]:
    """Everything registered, as one JSON-serialisable dict (use DjangoJSONEncoder)."""
    data: dict[str, Any] = {
        "format_version": EXPORT_FORMAT_VERSION,
        "generated_at": timezone.now(),
    }
    for name, fn in _exporters.items():
        data[name] = fn(user)
    return data


def run_erasers(*, user: Any, by: Any) -> None:
    for fn in list(_erasers.values()):
        fn(user=user, by=by)
