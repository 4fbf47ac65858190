"""Public API of the volunteering app (registered in solidaires/api/main.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["volunteering"])
