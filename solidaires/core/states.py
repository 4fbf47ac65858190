"""Helpers over django-fsm-2, the one state-machine library of the project (issue 10).

Each model declares its moves once, as ``@transition`` methods on an ``FSMField``. Services
call those methods by name (``association.verify()``); code that only knows the target state
(a form offering "archive", a generic admin action) uses these helpers, which find the one
declared move to that state, so no second table of allowed moves is ever needed.
"""

from __future__ import annotations

from typing import Any

from django_fsm import TransitionNotAllowed


def available_targets(instance: Any, field: str = "status") -> set[str]:
    """The states ``instance`` may move to now, by its declared transitions."""
    transitions = getattr(instance, f"get_available_{field}_transitions")()
    return {str(transition.target) for transition in transitions}


def move_to(instance: Any, target: str, field: str = "status", **kwargs: Any) -> None:
    """Run the declared transition of ``instance`` that leads to ``target`` from its current
    state (with ``kwargs``); raise ``TransitionNotAllowed`` when there is none."""
    for transition in getattr(instance, f"get_available_{field}_transitions")():
        if str(transition.target) == str(target):
            getattr(instance, transition.name)(**kwargs)
            return
    raise TransitionNotAllowed(
        f"No transition of {type(instance).__name__} from {getattr(instance, field)!r} to {target!r}",
        object=instance,
        method=None,
    )
