import pytest

from solidaires.core.models import Theme
from solidaires.core.pagination import keyset_paginate

pytestmark = pytest.mark.django_db


def test_walks_forward_and_back_without_gaps_or_repeats():
    qs = Theme.objects.all()
    expected = list(qs.order_by("position", "slug").values_list("slug", flat=True))
    seen, cursor, pages = [], None, []
    while True:
        page = keyset_paginate(qs, ordering=("position", "slug"), after=cursor, per_page=6)
        pages.append(page)
        seen += [t.slug for t in page]
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert seen == expected
    last = pages[-1]
    back = keyset_paginate(qs, ordering=("position", "slug"), before=last.previous_cursor, per_page=6)
    assert [t.slug for t in back] == [t.slug for t in pages[-2]]


def test_garbage_cursor_gives_first_page():
    page = keyset_paginate(
        Theme.objects.all(), ordering=("position", "slug"), after="!!notacursor", per_page=5
    )
    assert page.is_first
    assert len(page) == 5
