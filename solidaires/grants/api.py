"""Public API of the grants app (registered in solidaires/api/main.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["grants"])
