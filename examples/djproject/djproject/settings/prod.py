from .base import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ['shop.example.com']
# Problem: Django only exposes UPPERCASE settings, so Celery never sees this.
worker_prefetch_multiplier = 1
