"""Settings for the page benchmark: production settings, served on loopback over plain HTTP.

Only what a loopback benchmark needs differs from production: no HTTPS redirect or HSTS
(there is no TLS on 127.0.0.1), the benchmark URLconf (adds a trivial view), and static
files collected under var/bench/. Everything else (DEBUG off, middleware, templates
cached, WhiteNoise, the anonymous page cache) is what production runs.
"""

import os

from config.env import VAR_DIR
from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_PRELOAD = False
STATIC_ROOT = VAR_DIR / "bench" / "static"
# The benchmark turns the anonymous page cache off with a changing query string instead.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
