"""Keyset ("cursor") pagination: deep pages cost the same as the first one.

No OFFSET scan and no COUNT(*) over the whole table. The queryset must be ordered by a
unique tuple of fields (e.g. ``("sort_name", "id")``), ascending. Cursors are opaque,
URL-safe strings carried in ``?apres=`` (next) and ``?avant=`` (previous).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Field, Model, Q, QuerySet

M = TypeVar("M", bound=Model)

NEXT_PARAM = "apres"
PREVIOUS_PARAM = "avant"


class InvalidCursor(ValueError):
    pass


def encode_cursor(values: tuple[Any, ...]) -> str:
    raw = json.dumps(list(values), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, length: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError) as exc:
        raise InvalidCursor(cursor) from exc
    if not isinstance(values, list) or len(values) != length:
        raise InvalidCursor(cursor)
    return values


def _model_field(model: type[Model], path: str) -> Field[Any, Any] | None:
    """The model field behind an ordering name (``"commune__name"`` follows the relation)."""
    parts = path.split("__")
    current: Any = model
    field_: Any = None
    for part in parts:
        try:
            field_ = current._meta.pk if part == "pk" else current._meta.get_field(part)
        except (FieldDoesNotExist, AttributeError):
            return None
        current = field_.related_model if field_.is_relation else None
    if field_ is not None and field_.is_relation:
        field_ = field_.target_field
    return field_  # type: ignore[no-any-return]


def _typed(
    model: type[Model], fields: tuple[str, ...], values: list[Any], annotations: dict[str, Any] | None = None
) -> list[Any]:
    """The cursor's values checked against the fields they stand for: a forged cursor (wrong
    type, None, a number out of the column's range, an impossible date) is refused here, before
    any query is built, instead of failing in the database."""
    typed = []
    for name, value in zip(fields, values, strict=True):
        if value is None or isinstance(value, (dict, list)):
            raise InvalidCursor(name)
        field_ = _model_field(model, name)
        if field_ is None and annotations and name in annotations:
            field_ = annotations[name].output_field  # an annotated ordering (a relevance rank)
        if field_ is None:
            raise InvalidCursor(name)
        try:
            converted = field_.to_python(value)
            field_.run_validators(converted)
        except (ValidationError, ValueError, TypeError, OverflowError) as exc:
            raise InvalidCursor(name) from exc
        if converted is None:
            raise InvalidCursor(name)
        typed.append(converted)
    return typed


def decode_typed_cursor(model: type[Model], ordering: tuple[str, ...], cursor: str) -> list[Any]:
    """A cursor's values for ``ordering`` on ``model``, checked (raises ``InvalidCursor``)."""
    return _typed(model, ordering, decode_cursor(cursor, len(ordering)))


def _after(fields: tuple[str, ...], values: list[Any], *, reverse: bool) -> Q:
    """Rows strictly after ``values`` in the (lexicographic) ordering on ``fields``.

    The leading column is also bounded on its own (``f0 >= v0``, or ``<=`` backwards): implied
    by the lexicographic condition, so the rows are the same, but it lets the database seek in
    an index on (…, f0, f1) instead of scanning it from the start (docs/decisions/0701).
    """
    op = "lt" if reverse else "gt"
    condition = Q()
    for i, name in enumerate(fields):
        clause = Q(**{f"{name}__{op}": values[i]})
        for j in range(i):
            clause &= Q(**{fields[j]: values[j]})
        condition |= clause
    if len(fields) > 1 and values[0] is not None:
        condition &= Q(**{f"{fields[0]}__{op}e": values[0]})
    return condition


@dataclass
class KeysetPage(Generic[M]):
    items: list[M]
    next_cursor: str | None = None
    previous_cursor: str | None = None
    is_first: bool = True
    per_page: int = 20
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def keyset_paginate(
    queryset: QuerySet[M],
    *,
    ordering: tuple[str, ...],
    after: str | None = None,
    before: str | None = None,
    per_page: int = 20,
) -> KeysetPage[M]:
    """Return one page of ``queryset`` ordered by ``ordering``. Invalid cursors give the first page."""

    def key(obj: M) -> tuple[Any, ...]:
        return tuple(getattr(obj, name) for name in ordering)

    try:
        if before:
            values = _typed(
                queryset.model, ordering, decode_cursor(before, len(ordering)), queryset.query.annotations
            )
            desc = [f"-{name}" for name in ordering]
            rows = list(
                queryset.filter(_after(ordering, values, reverse=True)).order_by(*desc)[: per_page + 1]
            )
            has_more_before = len(rows) > per_page
            items = list(reversed(rows[:per_page]))
            return KeysetPage(
                items=items,
                next_cursor=encode_cursor(key(items[-1])) if items else None,
                previous_cursor=encode_cursor(key(items[0])) if items and has_more_before else None,
                is_first=not has_more_before,
                per_page=per_page,
            )
        if after:
            values = _typed(
                queryset.model, ordering, decode_cursor(after, len(ordering)), queryset.query.annotations
            )
            queryset = queryset.filter(_after(ordering, values, reverse=False))
    except InvalidCursor:
        after = None
    rows = list(queryset.order_by(*ordering)[: per_page + 1])
    items = rows[:per_page]
    return KeysetPage(
        items=items,
        next_cursor=encode_cursor(key(items[-1])) if len(rows) > per_page else None,
        previous_cursor=encode_cursor(key(items[0])) if after and items else None,
        is_first=not after,
        per_page=per_page,
    )
