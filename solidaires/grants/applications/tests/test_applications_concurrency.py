"""File numbers are unique under concurrent submissions (PostgreSQL: real row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from solidaires.grants.applications import services
from solidaires.grants.models import FileNumberSequence


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_numbers_unique_under_concurrency():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL (SQLite serialises writers anyway).")
    numbers: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                numbers.append(services.next_file_number(prefix="IC", year=2026))
        except Exception as exc:  # noqa: BLE001  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(numbers) == [f"IC-2026-{n:04d}" for n in range(1, 9)]
    assert FileNumberSequence.objects.get(prefix="IC", year=2026).last == 8


@pytest.mark.django_db
def test_number_needs_a_transaction():
    with transaction.atomic():
        assert services.next_file_number(prefix="XY", year=2026) == "XY-2026-0001"
        assert services.next_file_number(prefix="XY", year=2026) == "XY-2026-0002"
        assert services.next_file_number(prefix="XY", year=2027) == "XY-2027-0001"
