# A person's applicant space was named after the start of their e-mail address when their
# display name was empty (decision 1110): rename those spaces with the display name, or the
# neutral label that accounts.naming.person_name shows. Self-contained (no live code).

from django.db import migrations

NEUTRAL_NAME = "Membre de Solidaires"


def _local_part(address: str) -> str:
    return (address or "").partition("@")[0].strip().lower()


def rename_person_spaces(apps, schema_editor):
    Applicant = apps.get_model("grants", "Applicant")
    spaces = Applicant.objects.filter(kind="person").select_related("person")
    for space in spaces.iterator():
        leaked = {_local_part(space.email)}
        if space.person is not None:
            leaked.add(_local_part(space.person.email))
        leaked.discard("")
        if space.name.strip().lower() not in leaked:
            continue
        chosen = " ".join((getattr(space.person, "display_name", "") or "").split())
        space.name = chosen or NEUTRAL_NAME
        space.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0005_committee_session_and_payment_on_fsm"),
        ("accounts", "0003_user_retention_warned_at"),
    ]

    operations = [migrations.RunPython(rename_person_spaces, migrations.RunPython.noop)]
