"""Data migration: fill Place.sort_name (accent- and case-insensitive name) for existing rows."""

from django.db import migrations


def fill_sort_name(apps, schema_editor):
    from solidaires.core.search import sort_key

    Place = apps.get_model("territory", "Place")
    batch = []
    for place in Place.objects.filter(sort_name="").only("id", "name").iterator(chunk_size=500):
        place.sort_name = sort_key(place.name)
        batch.append(place)
        if len(batch) >= 500:
            Place.objects.bulk_update(batch, ["sort_name"])
            batch = []
    if batch:
        Place.objects.bulk_update(batch, ["sort_name"])


class Migration(migrations.Migration):
    dependencies = [("territory", "0002_place_verification_sort_name_town_hall_contact")]

    operations = [migrations.RunPython(fill_sort_name, migrations.RunPython.noop)]
