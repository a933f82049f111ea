# 공통 설정 (shared settings) — every environment starts here.
import os

from celery.schedules import crontab

SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'dev-only')
INSTALLED_APPS = [
    'django.contrib.contenttypes',
    'django.contrib.auth',
    'shop',
]
TIME_ZONE = 'Asia/Seoul'

RABBITMQ_URL = 'amqp://{user}:{password}@{host}:5672//'.format(
    user=os.getenv('RABBITMQ_USER', 'guest'),
    password=os.getenv('RABBITMQ_PASSWORD', 'guest'),
    host=os.getenv('RABBITMQ_HOST', 'localhost'),
)

CELERY_BROKER_URL = RABBITMQ_URL
# Problem: the AMQP result backend was removed in Celery 5.
CELERY_RESULT_BACKEND = RABBITMQ_URL
CELERY_TIMEZONE = TIME_ZONE

CELERY_BEAT_SCHEDULE = {
    'nightly-report': {
        'task': 'shop.tasks.send_daily_report',
        'schedule': crontab(hour=2, minute=30),
    },
    # Problem: a typo; beat sends it, no worker knows it.
    'cleanup-carts': {
        'task': 'shop.tasks.purge_old_cart',
        'schedule': crontab(minute=0),
    },
}
