from .base import *  # noqa: F401,F403

DEBUG = True
CELERY_TASK_ALWAYS_EAGER = True
