"""Reports, moderation decisions and blocks move to this app (decision 0845), their rows untouched.

``Report`` and ``ModerationAction`` were ``mutualaid``'s, ``Block`` was ``messaging``'s: this
migration creates them in this app's *state* only, on their existing tables (``db_table``);
``mutualaid`` 0002 and ``messaging`` 0003 delete them from their apps' state only. No row is
copied, no table renamed, no constraint or index rebuilt. The content types (and so the
permissions and admin history that point at them) are renamed to this app.
"""

import django.db.models.deletion
import django_fsm
from django.conf import settings
from django.db import migrations, models

MOVED = (("mutualaid", "report"), ("mutualaid", "moderationaction"), ("messaging", "block"))


def _rename_content_types(apps, schema_editor, *, forwards):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for old_app, model in MOVED:
        source, target = (old_app, "moderation") if forwards else ("moderation", old_app)
        if content_type_model.objects.using(db).filter(app_label=target, model=model).exists():
            continue  # already there (created by a post_migrate run): keep it
        content_type_model.objects.using(db).filter(app_label=source, model=model).update(app_label=target)


def rename_content_types(apps, schema_editor):
    _rename_content_types(apps, schema_editor, forwards=True)


def rename_content_types_back(apps, schema_editor):
    _rename_content_types(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # The models as they stand before the move (their last migrations).
        ("mutualaid", "0001_initial"),
        ("messaging", "0002_message_dates_default"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Report",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                        ("target_id", models.PositiveBigIntegerField()),
                        ("target_repr", models.CharField(blank=True, max_length=200)),
                        (
                            "reason",
                            models.CharField(
                                choices=[
                                    ("scam", "Arnaque, demande d'argent ou de coordonnées bancaires"),
                                    ("harassment", "Harcèlement, insultes ou menaces"),
                                    ("danger", "Mise en danger d'une personne"),
                                    ("personal_data", "Données personnelles exposées"),
                                    ("spam", "Publicité ou message répété"),
                                    ("illegal", "Contenu illégal ou discriminatoire"),
                                    ("other", "Autre raison"),
                                ],
                                max_length=16,
                                verbose_name="motif",
                            ),
                        ),
                        ("details", models.TextField(blank=True, max_length=2000, verbose_name="précisions")),
                        (
                            "state",
                            django_fsm.FSMField(
                                choices=[
                                    ("open", "À traiter"),
                                    ("resolved", "Traité"),
                                    ("dismissed", "Classé sans suite"),
                                ],
                                default="open",
                                max_length=50,
                                verbose_name="état",
                            ),
                        ),
                        ("resolution_note", models.TextField(blank=True, verbose_name="note de l'agent")),
                        ("resolved_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "reported_user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="reports_received",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "reporter",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="reports_made",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "resolved_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "target_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="contenttypes.contenttype",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "signalement",
                        "db_table": "mutualaid_report",
                        "ordering": ["created_at", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="ModerationAction",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("hide", "Contenu masqué"),
                                    ("unhide", "Contenu rétabli"),
                                    ("warn", "Avertissement envoyé"),
                                    ("suspend", "Compte suspendu"),
                                    ("reinstate", "Compte rétabli"),
                                    ("dismiss", "Signalement classé sans suite"),
                                ],
                                max_length=10,
                                verbose_name="action",
                            ),
                        ),
                        ("target_id", models.PositiveBigIntegerField(blank=True, null=True)),
                        ("reason", models.TextField(blank=True, verbose_name="motif")),
                        (
                            "by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "subject_user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="moderation_actions_received",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "target_type",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="contenttypes.contenttype",
                            ),
                        ),
                        (
                            "report",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="actions",
                                to="moderation.report",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "action de modération",
                        "verbose_name_plural": "actions de modération",
                        "db_table": "mutualaid_moderationaction",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="Block",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "blocked",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="blocks_received",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "blocker",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="blocks_made",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "blocage",
                        "db_table": "messaging_block",
                        "constraints": [
                            models.UniqueConstraint(fields=("blocker", "blocked"), name="block_unique"),
                            models.CheckConstraint(
                                condition=models.Q(("blocker", models.F("blocked")), _negated=True),
                                name="block_not_self",
                            ),
                        ],
                    },
                ),
                migrations.AddIndex(
                    model_name="report",
                    index=models.Index(
                        fields=["state", "created_at", "id"], name="mutualaid_report_queue_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="report",
                    index=models.Index(
                        fields=["target_type", "target_id"], name="mutualaid_report_target_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="report",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("state", "open")),
                        fields=("reporter", "target_type", "target_id"),
                        name="mutualaid_report_one_open",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="report",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("state__in", ["open", "resolved", "dismissed"])),
                        name="mutualaid_report_state_valid",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, rename_content_types_back, elidable=False),
    ]
