"""The world of the permission grid, built once per module inside a transaction rolled back
at the end (each test then runs in a savepoint of it, as pytest-django's ``db`` does)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import override_settings

from .world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    media_root = tmp_path_factory.mktemp("grid-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            data = build_world()
            data["media_root"] = media_root
            yield data
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
