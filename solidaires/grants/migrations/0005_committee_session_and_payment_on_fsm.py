# The state columns of committee sessions and payments become django-fsm fields (decision 1027).
# Same column (varchar, same length, same choices): a change of the migration state only, no SQL.

import django_fsm
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0004_applicant_association_set_null"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="committeesession",
                    name="state",
                    field=django_fsm.FSMField(
                        choices=[
                            ("planned", "En préparation"),
                            ("scoring", "Notation ouverte"),
                            ("closed", "Clôturée"),
                        ],
                        default="planned",
                        max_length=10,
                        verbose_name="état",
                    ),
                ),
                migrations.AlterField(
                    model_name="payment",
                    name="state",
                    field=django_fsm.FSMField(
                        choices=[("planned", "Prévu"), ("paid", "Versé")],
                        default="planned",
                        max_length=8,
                        verbose_name="état",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
