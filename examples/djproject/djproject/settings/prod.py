from .base import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ['shop.example.com']
# Problem: Django only exposes UPPERCASE settings, so Celery never sees this.
worker_prefetch_multiplier = 1

# What Django's `check --deploy` asks of production: a key that only the
# environment holds, and the security middleware with HTTPS enforced.
import os  # noqa: E402

SECRET_KEY = os.environ['DJANGO_SECRET_KEY']
MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
]
SECURE_HSTS_SECONDS = 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_SSL_REDIRECT = True
CSRF_COOKIE_SECURE = True
