#!/usr/bin/python3
"""Imports hand-written projects with real Celery and reports what it reads.

Input (stdin): a JSON list of cases {id, dir, entry, app, settings}; each
case's files are already written under dir. The entry module is imported as
Python imports it (dir on sys.path), so the project's own code runs in its
own order: environment writes, Django's settings, conf writes, reads.
Output (stdout): {celery, results: [{id, raises | item, prop, error}]}, where
item[name] is app.conf[name] and prop[name] is getattr(app.conf, name) (the
Settings properties: environment and fallbacks). These files are test
inputs written by the test, not user code.
"""
import contextlib
import importlib
import json
import os
import sys
import warnings

warnings.simplefilter('ignore')
CLEARED = ('CELERY_BROKER_URL', 'CELERY_RESULT_BACKEND', 'CELERY_BROKER_READ_URL', 'CELERY_BROKER_WRITE_URL',
           'CELERY_CONFIG_MODULE', 'CELERY_LOADER', 'DJANGO_SETTINGS_MODULE', 'CELERY_LINT_CONFIG')
for var in CLEARED:
    os.environ.pop(var, None)

import celery  # noqa: E402
import django.conf  # noqa: E402
from celery.utils.collections import ChainMap  # noqa: E402
from django.utils.functional import empty  # noqa: E402


def jsonable(value, depth=0):
    if depth > 6:
        return repr(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [jsonable(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((jsonable(v, depth + 1) for v in value), key=repr)
    if isinstance(value, dict):
        return {str(k): jsonable(v, depth + 1) for k, v in value.items()}
    return repr(value)


def run_case(case):
    saved_env = dict(os.environ)
    saved_path = list(sys.path)
    before = set(sys.modules)
    sys.path.insert(0, case['dir'])
    result = {'id': case['id']}
    try:
        module = importlib.import_module(case['entry'])
        app = getattr(module, case.get('app', 'app'))
        try:
            item = {name: jsonable(app.conf[name]) for name in case['settings']}
        except Exception as exc:  # noqa: BLE001 - the error is the answer
            result['raises'] = {'type': type(exc).__name__, 'message': str(exc).strip()}
            return result
        result['item'] = item
        result['prop'] = {name: jsonable(getattr(app.conf, name)) for name in case['settings']}
    except Exception as exc:  # noqa: BLE001 - a broken case is reported, not fatal
        result['error'] = f'{type(exc).__name__}: {exc}'
    finally:
        if isinstance(ChainMap._observers, list):  # 5.2 shares one list between every app
            del ChainMap._observers[:]
        for name in set(sys.modules) - before:
            sys.modules.pop(name, None)
        sys.path[:] = saved_path
        os.environ.clear()
        os.environ.update(saved_env)
        django.conf.settings._wrapped = empty
    return result


def main():
    cases = json.load(sys.stdin)
    out = sys.stdout
    # What the projects print goes to stderr; stdout carries the answer alone.
    with contextlib.redirect_stdout(sys.stderr):
        results = [run_case(c) for c in cases]
    json.dump({'celery': celery.__version__, 'results': results}, out)


if __name__ == '__main__':
    main()
