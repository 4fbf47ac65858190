"""Shared pytest fixtures. App-specific factories live in each app's tests/factories.py."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()
