import os

from celery import Celery

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'djproject.settings.dev')

app = Celery('djproject')
app.config_from_object('django.conf:settings', namespace='CELERY')

# Problem: "fixing" an EncodeError by pickling results, while only JSON is accepted.
app.conf.update(
    accept_content=['application/json'],
    task_serializer='json',
    result_serializer='pickle',
)

app.autodiscover_tasks()
