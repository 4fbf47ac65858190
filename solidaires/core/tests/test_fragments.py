"""core.fragments: HTML rendered once per version of an item, shared by every page."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import override_settings

from solidaires.core.fragments import cached_fragments, select_options

pytestmark = pytest.mark.django_db


@dataclass
class Item:
    pk: int
    updated: str
    label: str


class Renderer:
    def __init__(self):
        self.rendered: list[int] = []

    def __call__(self, items):
        self.rendered.extend(item.pk for item in items)
        return [f"<li>{item.label}</li>" for item in items]


def fragments(items, renderer, version=1):
    return cached_fragments(
        items,
        namespace="tests:item",
        template_version=version,
        key_parts=lambda item: (item.pk, item.updated),
        render_missing=renderer,
    )


def test_each_item_is_rendered_once_then_read_from_the_cache_in_order():
    renderer = Renderer()
    items = [Item(1, "a", "un"), Item(2, "a", "deux")]
    assert fragments(items, renderer) == ["<li>un</li>", "<li>deux</li>"]
    assert fragments([items[1], Item(3, "a", "trois"), items[0]], renderer) == [
        "<li>deux</li>",
        "<li>trois</li>",
        "<li>un</li>",
    ]
    assert renderer.rendered == [1, 2, 3]


def test_a_changed_item_is_rendered_again():
    renderer = Renderer()
    fragments([Item(1, "a", "un")], renderer)
    assert fragments([Item(1, "b", "un modifié")], renderer) == ["<li>un modifié</li>"]
    assert renderer.rendered == [1, 1]


def test_template_and_page_cache_versions_are_part_of_the_key():
    renderer = Renderer()
    fragments([Item(1, "a", "un")], renderer)
    fragments([Item(1, "a", "un")], renderer, version=2)
    with override_settings(SOLIDAIRES_PAGE_CACHE_VERSION="deploy-2"):
        fragments([Item(1, "a", "un")], renderer, version=2)
    assert renderer.rendered == [1, 1, 1]


def test_no_items_reads_nothing():
    renderer = Renderer()
    assert fragments([], renderer) == []
    assert renderer.rendered == []


def test_select_options_marks_the_chosen_value_and_escapes():
    html = select_options((("26362", "Valence"), ("a<b", "A & B")), "a<b")
    assert '<option value="26362">Valence</option>' in html
    assert '<option value="a&lt;b" selected>A &amp; B</option>' in html
    assert "selected" not in select_options((("26362", "Valence"),), "")


def test_choices_with_the_value_in_force():
    from solidaires.core.fragments import choices_with, offered

    radius = (("0", "cette commune seulement"), ("10", "10 km"), ("50", "50 km"))
    assert choices_with(radius, "10", "10 km") == radius
    assert choices_with(radius, "40", "40 km", order=lambda c: int(c[0])) == (
        ("0", "cette commune seulement"),
        ("10", "10 km"),
        ("40", "40 km"),
        ("50", "50 km"),
    )
    assert choices_with(radius, "", "") == radius
    assert offered("10", radius) == "10"
    assert offered("12", radius) == ""
