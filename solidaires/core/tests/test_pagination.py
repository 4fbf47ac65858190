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


@pytest.mark.parametrize(
    "values",
    [
        [None, None],  # the forged cursor of issue 11 (W251bGwsbnVsbF0)
        ["beaucoup", "slug"],  # a word where the position is a number
        [2**80, "slug"],  # a number no column holds
        [{"a": 1}, "slug"],
        [[1], "slug"],
        [1, None],
    ],
)
@pytest.mark.parametrize("direction", ["after", "before"])
def test_a_forged_cursor_gives_the_first_page_never_an_error(values, direction):
    from solidaires.core.pagination import encode_cursor

    cursor = encode_cursor(tuple(values))
    page = keyset_paginate(
        Theme.objects.all(), ordering=("position", "slug"), per_page=5, **{direction: cursor}
    )
    assert page.is_first
    assert [t.slug for t in page] == list(
        Theme.objects.order_by("position", "slug").values_list("slug", flat=True)[:5]
    )


def test_the_cursor_of_issue_11_is_refused():
    from solidaires.core.pagination import InvalidCursor, decode_typed_cursor

    with pytest.raises(InvalidCursor):
        decode_typed_cursor(Theme, ("position", "slug"), "W251bGwsbnVsbF0")
