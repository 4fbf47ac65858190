from django.core.management.base import BaseCommand

from solidaires.moderation.services import moderation_purge_old
from solidaires.mutualaid.services import posts_expire_due, posts_purge_ended


class Command(BaseCommand):
    help = (
        "Passe en « expirée » les annonces d'entraide dont la date est dépassée et supprime celles "
        "terminées depuis plus d'un an, ainsi que les signalements traités de plus de 3 ans. "
        "À lancer chaque jour."
    )

    def handle(self, *args: object, **options: object) -> None:
        count = posts_expire_due()
        purged = posts_purge_ended()
        old = moderation_purge_old()
        self.stdout.write(
            f"Annonces d'entraide expirées : {count} · terminées depuis plus d'un an supprimées : {purged}"
            f" · signalements et décisions de plus de 3 ans supprimés : {old}"
        )
