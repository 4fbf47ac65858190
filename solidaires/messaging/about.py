"""What a thread can be about: a reference each app registers (decision 1101).

A thread points at any object (``Thread.about``, a generic relation); messaging knows no
domain. The app that owns a kind of object registers, from its ``AppConfig.ready()``, how a
thread about one of them is titled and which of them the demo's conversations are about::

    thread_abouts.register("volunteering.mission", ThreadAbout(model=Mission, subject=..., ...))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from solidaires.core.slots import Registry


@dataclass(frozen=True)
class ThreadAbout:
    model: type[Model]
    # The subject of a thread about ``obj`` (at most 200 characters are kept).
    subject: Callable[[Any], str]
    # Demo: (object, association id) of the demo objects of these associations, in a stable order.
    demo_objects: Callable[[list[int]], list[tuple[Any, int]]] | None = None
    # Demo: one object of this association that a conversation can be about, or None.
    first_of_association: Callable[[Any], Any | None] | None = None


thread_abouts: Registry[ThreadAbout] = Registry("messaging.thread_abouts")
