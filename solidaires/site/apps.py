from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The composition root: home page, legal pages, sitemap, health check, demo orchestration.

    The only app (with ``api``) that may import every other app (CONTRIBUTING.md, layers)."""

    name = "solidaires.site"
    label = "site"
    verbose_name = "Site"
