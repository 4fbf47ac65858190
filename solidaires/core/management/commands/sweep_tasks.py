from django.core.management.base import BaseCommand

from solidaires.core.task_sweeper import tasks_sweep


class Command(BaseCommand):
    help = "Remet en file les tâches abandonnées par un worker et relance les tâches en échec (3 essais au plus)."

    def handle(self, *args: object, **options: object) -> None:
        report = tasks_sweep()
        self.stdout.write(
            f"Tâches remises en file : {report.requeued_stale} · relancées après échec : "
            f"{report.retried_failed} · abandonnées : {report.given_up}"
        )
