#!/usr/bin/python3
"""Shows, with the installed Celery and Django, that each problem celery-lint
reports in examples/djproject is real at run time.

Usage: real-celery-probe.py PROJECT_DIR SETTINGS_MODULE
Prints one JSON object. It imports the example project (our own test input,
not user code) the way a worker would: Django settings, then the Celery app.
Nothing connects to a broker.
"""
import json
import os
import sys
import warnings

sys.dont_write_bytecode = True  # leave no __pycache__ in the example project
warnings.simplefilter('ignore')
project, settings_module = sys.argv[1], sys.argv[2]
for var in ('CELERY_BROKER_URL', 'CELERY_RESULT_BACKEND', 'RABBITMQ_USER', 'RABBITMQ_PASSWORD', 'RABBITMQ_HOST'):
    os.environ.pop(var, None)
os.environ['DJANGO_SETTINGS_MODULE'] = settings_module
# prod.py reads its key from the environment, as production settings should.
os.environ.setdefault('DJANGO_SECRET_KEY', 'probe-only-' + 'q8Zp3vN1xK7rT2mW9bY4cH6jL0sD5fG8aE1uI3oP7yR2tQ9wZ4')
sys.path.insert(0, project)

import celery  # noqa: E402
import django  # noqa: E402

django.setup()

from kombu import serialization  # noqa: E402

from djproject.celery import app  # noqa: E402


def error_of(call):
    try:
        call()
    except Exception as exc:  # the point is to see which exception Celery raises
        return {'type': type(exc).__name__, 'message': str(exc).split('\n')[0][:300]}
    return None


out = {'celery': celery.__version__, 'django': django.get_version()}
conf = app.conf
out['result_backend'] = conf.result_backend
# Building the backend is what a worker does at start-up.
out['backend_error'] = error_of(lambda: app.backend)

# What a client does with a result: decode it, accepting what result_accept_content
# (or, when it is None, accept_content) allows.
accept = conf.result_accept_content if conf.result_accept_content is not None else conf.accept_content
content_type, encoding, payload = serialization.dumps({'status': 'SUCCESS'}, serializer=conf.result_serializer)
out['result_serializer'] = conf.result_serializer
out['result_content_type'] = content_type
out['result_decode_error'] = error_of(
    lambda: serialization.loads(payload, content_type, encoding, accept=serialization.prepare_accept_content(accept)))

# Beat sends tasks by name; a worker only runs names it has registered.
app.loader.import_default_modules()
app.autodiscover_tasks(force=True)
registered = set(app.tasks.keys())
out['beat_tasks_unregistered'] = sorted(
    entry['task'] for entry in conf.beat_schedule.values() if entry['task'] not in registered)
out['worker_prefetch_multiplier'] = conf.worker_prefetch_multiplier
print(json.dumps(out))
