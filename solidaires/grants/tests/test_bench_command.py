import io

import pytest
from django.core.management import CommandError, call_command

from solidaires.grants.models import Application
from solidaires.grants.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_refuses_without_demo_data():
    with pytest.raises(CommandError, match="generate_demo"):
        call_command("bench_grant_files", "--count", "20", stdout=io.StringIO())


def test_tops_the_files_up_to_the_count_and_is_repeatable():
    ApplicationFactory.create_batch(3, is_demo=True)
    call_command("bench_grant_files", "--count", "25", stdout=io.StringIO())
    assert Application.objects.count() == 25
    call_command("bench_grant_files", "--count", "25", stdout=io.StringIO())
    assert Application.objects.count() == 25
    assert Application.objects.filter(number__startswith="BENCH-").count() == 22
