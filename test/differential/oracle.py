#!/usr/bin/python3
"""Asks the installed Celery what it does with generated configurations.

Input: a JSON file with a list of cases, each naming Python files written by
the differential generator (test/differential/). For each case it builds a
fresh app the way the source kind would (the case's own app module creates the
app and configures it; Django settings become a real django.conf.Settings),
then asks Celery:

- whether reading the configuration raises (old/new name mixing ...);
- which setting each key feeds: every key's value is replaced by a unique
  sentinel and the sentinels are looked for among the settings Celery returns
  (`app.conf[name]` for every name in Celery's table), so Celery decides which
  keys it uses, not rules written here;
- effective serializers and accept lists, and what kombu makes of them;
- whether the result backend class and the broker transport load.

Output: one JSON object per case, in input order, on stdout (a JSON list).
These files are generated test inputs, not user code.
"""
import importlib.abc
import importlib.util
import json
import math
import os
import sys
import types
import warnings
from datetime import timedelta

warnings.simplefilter('ignore')
for var in ('CELERY_BROKER_URL', 'CELERY_RESULT_BACKEND', 'CELERY_BROKER_READ_URL', 'CELERY_BROKER_WRITE_URL',
            'CELERY_CONFIG_MODULE', 'CELERY_LOADER', 'DJANGO_SETTINGS_MODULE'):
    os.environ.pop(var, None)

import celery  # noqa: E402
import django.conf  # noqa: E402
from celery.app import backends as celery_backends  # noqa: E402
from celery.app.defaults import SETTING_KEYS  # noqa: E402
from celery.backends.base import DisabledBackend  # noqa: E402
from celery.utils.collections import ChainMap  # noqa: E402
from django.utils.functional import empty  # noqa: E402
from kombu import serialization  # noqa: E402

SENTINEL = '__celery_lint_sentinel_{}__'
SETTING_NAMES = sorted(SETTING_KEYS)


def tagged(value, depth=0):
    """A value in print-config's tagged JSON encoding (docs/print-config.md)."""
    if depth > 32:
        return {'type': 'object', 'repr': 'too deep'}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return {'type': 'float', 'value': value}
        return {'type': 'float', 'value': 'nan' if value != value else ('inf' if value > 0 else '-inf')}
    if isinstance(value, list):
        return [tagged(v, depth + 1) for v in value]
    if isinstance(value, tuple):
        return {'type': 'tuple', 'items': [tagged(v, depth + 1) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {'type': 'set', 'items': [tagged(v, depth + 1) for v in value]}
    if isinstance(value, dict):
        return {'type': 'dict', 'entries': [[tagged(k, depth + 1), tagged(v, depth + 1)] for k, v in value.items()]}
    if isinstance(value, timedelta):
        return {'type': 'timedelta', 'seconds': value.total_seconds()}
    return {'type': 'object', 'repr': repr(value)[:200]}


def effective_values(app):
    """What Celery uses for each setting: the Settings property where there is one (it reads the
    environment and the fallback keys), else the stored value."""
    conf = app.conf
    out = {}
    for name in SETTING_NAMES:
        try:
            if isinstance(getattr(type(conf), name, None), property):
                out[name] = tagged(getattr(conf, name))
            else:
                out[name] = tagged(conf[name])
        except Exception as exc:  # noqa: BLE001
            out[name] = {'type': 'error', 'error': error_of(exc)}
    return out


def error_of(exc):
    message = str(exc).strip()
    return {'type': type(exc).__name__, 'message': message[:400]}


def jsonable(value, depth=0):
    if depth > 6:
        return repr(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [jsonable(v, depth + 1) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {str(k): jsonable(v, depth + 1) for k, v in value.items()}
    return repr(value)


class LazyModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """A case's modules that run only when something imports them (the app module, mid-way)."""

    def __init__(self, run):
        self.run = run

    def find_spec(self, name, path=None, target=None):
        rel = self.run.lazy.get(name)
        if rel is None:
            return None
        return importlib.util.spec_from_loader(name, self, origin=os.path.join(self.run.case['dir'], rel))

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        rel = self.run.lazy[module.__name__]
        module.__file__ = os.path.join(self.run.case['dir'], rel)
        exec(compile(self.run.texts[rel], module.__file__, 'exec'), module.__dict__)


class CaseRun:
    """One build of one case: its modules exist in sys.modules only while it runs."""

    def __init__(self, case, texts):
        self.case = case
        self.texts = texts
        self.installed = []

    def module_name(self, rel):
        return rel[:-3].replace('/', '.')

    def __enter__(self):
        # The deployment's environment for this case only; CL_* variables the generated code reads start unset.
        self.saved_env = dict(os.environ)
        for name in list(os.environ):
            if name.startswith('CL_'):
                del os.environ[name]
        os.environ.update(self.case.get('env') or {})
        # Config modules first (the app module imports or names them), the app module last.
        entry = self.case['entry']
        lazy = set(self.case.get('lazy') or ())
        self.lazy = {self.module_name(rel): rel for rel in lazy}
        self.installed.extend(self.lazy)
        self.finder = LazyModules(self)
        sys.meta_path.insert(0, self.finder)
        for rel in sorted(self.texts, key=lambda r: (r == entry, r != 'consts.py')):
            if rel in lazy:
                continue
            name = self.module_name(rel)
            module = types.ModuleType(name)
            module.__file__ = os.path.join(self.case['dir'], rel)
            sys.modules[name] = module
            self.installed.append(name)
            if rel != entry:
                exec(compile(self.texts[rel], module.__file__, 'exec'), module.__dict__)
        return self

    def run_entry(self):
        entry = self.case['entry']
        module = sys.modules[self.module_name(entry)]
        exec(compile(self.texts[entry], module.__file__, 'exec'), module.__dict__)
        app = module.__dict__[self.case.get('app', 'app')]
        return app

    def __exit__(self, *exc):
        # Celery keeps conf-update observers in one class-level list shared by every app
        # (ChainMap._observers): left alone, a later case's conf.update(task_routes=...)
        # would rebuild the routers of every earlier app.
        # (5.5 gives each ChainMap its own list and leaves an empty tuple on the class.)
        if isinstance(ChainMap._observers, list):
            del ChainMap._observers[:]
        sys.meta_path.remove(self.finder)
        for name in self.installed:
            sys.modules.pop(name, None)
        django.conf.settings._wrapped = empty
        os.environ.clear()
        os.environ.update(self.saved_env)
        os.environ.pop('DJANGO_SETTINGS_MODULE', None)
        return False


def read_conf(app):
    """Finalizes the configuration (Celery's first read) and returns the settings table."""
    conf = app.conf
    return {name: conf[name] for name in SETTING_NAMES}


def unmarkable(case):
    """Keys whose value cannot be a sentinel (the test says which: a None, which a string would change the
    meaning of, and Django's TIME_ZONE, which Django checks when it loads the settings module)."""
    return {i for i, key in enumerate(case['keys']) if not key.get('mark', True)}


def with_sentinels(case, texts):
    """Every key's value replaced by its own sentinel string literal."""
    out = dict(texts)
    by_file = {}
    for index, key in enumerate(case['keys']):
        if index in unmarkable(case):
            continue
        by_file.setdefault(key['file'], []).append((key['start'], key['end'], index))
    for rel, spans in by_file.items():
        text = out[rel]
        for start, end, index in sorted(spans, reverse=True):
            text = text[:start] + repr(SENTINEL.format(index)) + text[end:]
        out[rel] = text
    return out


def probe_serializers(app, table):
    out = {}
    for name in ('task_serializer', 'result_serializer', 'accept_content', 'result_accept_content', 'event_serializer'):
        out[name] = jsonable(table[name])
    try:
        serialization.dumps({'x': 1}, serializer=table['task_serializer'])
        out['task_serializer_encodes'] = True
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        out['task_serializer_encodes'] = error_of(exc)
    try:
        out['task_accept'] = sorted(serialization.prepare_accept_content(table['accept_content']))
    except Exception as exc:  # noqa: BLE001
        out['task_accept'] = error_of(exc)
    try:
        # The result side exactly as Celery computes it when a backend is built.
        backend = DisabledBackend(app=app)
        out['result_accept'] = sorted(backend.accept) if backend.accept is not None else None
        out['result_backend_init'] = True
    except Exception as exc:  # noqa: BLE001
        out['result_backend_init'] = error_of(exc)
    return out


def probe_backend(app, table):
    # The property, as app.backend reads it: the environment and the fallback key come first.
    value = app.conf.result_backend
    try:
        cls, _url = celery_backends.by_url(value, app.loader)
        return {'value': jsonable(value), 'class': f'{cls.__module__}.{cls.__name__}'}
    except Exception as exc:  # noqa: BLE001
        return {'value': jsonable(value), 'error': error_of(exc)}


def probe_broker(app):
    try:
        conn = app.connection_for_write()
    except Exception as exc:  # noqa: BLE001
        return {'error': error_of(exc)}
    try:
        cls = conn.get_transport_cls()
        return {'transport': conn.transport_cls if isinstance(conn.transport_cls, str) else repr(conn.transport_cls),
                'class': f'{cls.__module__}.{cls.__name__}'}
    except Exception as exc:  # noqa: BLE001
        return {'transport': jsonable(conn.transport_cls), 'error': error_of(exc)}
    finally:
        try:
            conn.release()
        except Exception:  # noqa: BLE001
            pass


def run_case(case):
    texts = {}
    for rel in case['files']:
        with open(os.path.join(case['dir'], rel), encoding='utf-8') as fh:
            texts[rel] = fh.read()
    result = {'id': case['id']}
    try:
        with CaseRun(case, texts) as run:
            try:
                # Importing the app module may read the configuration already (and raise there).
                app = run.run_entry()
                table = read_conf(app)
            except Exception as exc:  # noqa: BLE001
                result['raises'] = error_of(exc)
                return result
            result['raises'] = None
            effective = effective_values(app)
            result['serializers'] = probe_serializers(app, table)
            result['backend'] = probe_backend(app, table)
            result['broker'] = probe_broker(app)
        with CaseRun(case, with_sentinels(case, texts)) as run:
            app = run.run_entry()
            table = read_conf(app)
            found = [None if i in unmarkable(case) else [] for i in range(len(case['keys']))]
            for name, value in table.items():
                if isinstance(value, str) and value.startswith('__celery_lint_sentinel_'):
                    index = int(value[len('__celery_lint_sentinel_'):-2])
                    found[index].append(name)
            # A key only a Settings property reads (broker_host behind a None broker_url): 'property:NAME'
            # for each property that returns it, when no setting holds it.
            conf = app.conf
            unread = {i for i, names in enumerate(found) if names == []}
            for name in SETTING_NAMES:
                if not isinstance(getattr(type(conf), name, None), property):
                    continue
                value = getattr(conf, name)
                if isinstance(value, str) and value.startswith('__celery_lint_sentinel_'):
                    index = int(value[len('__celery_lint_sentinel_'):-2])
                    if index in unread:
                        found[index].append('property:' + name)
            result['keys'] = found
        wanted = set(case.get('settings', ())) | {name.replace('property:', '') for names in found if names for name in names}
        result['effective'] = {name: effective[name] for name in sorted(wanted) if name in effective}
    except Exception as exc:  # noqa: BLE001 - a broken generated case is reported, not fatal
        result['harness_error'] = error_of(exc)
    return result


def main():
    with open(sys.argv[1], encoding='utf-8') as fh:
        cases = json.load(fh)
    results = [run_case(case) for case in cases]
    json.dump({'celery': celery.__version__, 'results': results}, sys.stdout)


if __name__ == '__main__':
    main()
