"""Development settings: `make run`."""

from config.env import dev_secret_key, env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = dev_secret_key()
