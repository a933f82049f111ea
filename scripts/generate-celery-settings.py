#!/usr/bin/python3
"""Generates celery-lint's Celery knowledge base from Celery's own source.

Reads `celery/app/defaults.py` (and a few neighbours) of every Celery release
5.2.0 .. newest plus `main`, and kombu's transport and serializer tables, out
of bare git mirrors, with the `ast` module only: nothing from Celery or kombu
is imported or executed. Writes TypeScript data modules into
packages/core/src/knowledge/.

    /usr/bin/python3 scripts/generate-celery-settings.py \
        --celery-git /work/.mirror/celery+celery/repo \
        --kombu-git /work/.mirror/celery+kombu/repo

`--check` regenerates in memory and fails when the committed files differ.
Descriptions are ours, hand-written in scripts/celery-setting-descriptions.json;
keys Celery or extensions read outside the table are listed, with where they are
read, in scripts/celery-extra-keys.json and verified here against the source.
"""
from __future__ import annotations

import argparse
import ast
import json
import math
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KNOWLEDGE_DIR = os.path.join(ROOT, 'packages', 'core', 'src', 'knowledge')
DESCRIPTIONS = os.path.join(ROOT, 'scripts', 'celery-setting-descriptions.json')
EXTRA_KEYS = os.path.join(ROOT, 'scripts', 'celery-extra-keys.json')
OLDEST_LINE = (4, 4)
MAIN = 'main'


class GenerationError(Exception):
    pass


# ---------------------------------------------------------------------------
# git access


class Repo:
    def __init__(self, git_dir: str):
        if not os.path.isdir(git_dir):
            raise GenerationError(f'no git directory at {git_dir} (fetch github:celery/celery first)')
        self.git_dir = git_dir

    def git(self, *args: str) -> str:
        done = subprocess.run(['git', '--git-dir', self.git_dir, *args], capture_output=True, text=True)
        if done.returncode != 0:
            raise GenerationError(f'git {" ".join(args)}: {done.stderr.strip()}')
        return done.stdout

    def show(self, ref: str, path: str) -> str | None:
        done = subprocess.run(['git', '--git-dir', self.git_dir, 'show', f'{ref}:{path}'], capture_output=True, text=True)
        return done.stdout if done.returncode == 0 else None

    def commit(self, ref: str) -> str:
        return self.git('rev-parse', f'{ref}^{{commit}}').strip()

    def release_tags(self, oldest: tuple[int, int]) -> list[tuple[tuple[int, int, int], str]]:
        """Final release tags from the `oldest` line on (no alphas, betas, release candidates), oldest first.

        Some tags carry a `v` and some do not (Celery's 4.4.0-4.4.3, kombu's 4.6.0-4.6.9): both count.
        """
        found = {}
        for tag in self.git('tag', '--list').split():
            m = re.fullmatch(r'v?(\d+)\.(\d+)\.(\d+)', tag)
            if m:
                version = tuple(int(p) for p in m.groups())
                if version[:2] >= oldest:
                    found.setdefault(version, tag)
        return sorted(found.items())

    def main_ref(self) -> str:
        for ref in ('main', 'master', 'HEAD'):
            done = subprocess.run(['git', '--git-dir', self.git_dir, 'rev-parse', '--verify', '--quiet', f'{ref}^{{commit}}'],
                                  capture_output=True, text=True)
            if done.returncode == 0:
                return ref
        raise GenerationError(f'{self.git_dir}: no main branch')


def name_of(version: tuple[int, int, int]) -> str:
    return '.'.join(str(p) for p in version)


# ---------------------------------------------------------------------------
# A small static evaluator for the expressions defaults.py is written in.

@dataclass
class Option:
    default: Any = None
    type: str = 'string'
    old: list[str] = field(default_factory=list)
    deprecate_by: str | None = None
    remove_by: str | None = None
    alt: str | None = None


class Tagged:
    """A Python value JSON cannot hold as is (tuple, timedelta, inf), kept with its tag."""

    def __init__(self, tag: str, value: Any):
        self.tag = tag
        self.value = value

    def to_json(self) -> dict:
        return {self.tag: to_json(self.value)}


BUILTIN_TYPES = {'int', 'float', 'str', 'bool', 'dict', 'list', 'tuple', 'bytes'}
TIMEDELTA_SECONDS = {'weeks': 604800, 'days': 86400, 'hours': 3600, 'minutes': 60, 'seconds': 1,
                     'milliseconds': 0.001, 'microseconds': 0.000001}


class StaticEvaluator:
    """Folds the constant expressions of one defaults.py module; anything else is an error."""

    def __init__(self, module: ast.Module, where: str):
        self.where = where
        self.names: dict[str, Any] = {}
        self.functions = {n.name: n for n in module.body if isinstance(n, ast.FunctionDef)}
        for node in module.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                name = node.targets[0].id
                if name.isupper() or name.startswith('DEFAULT_') or name.startswith('OLD_NS'):
                    self.names[name] = node.value

    def fail(self, node: ast.AST, why: str) -> GenerationError:
        return GenerationError(f'{self.where}:{getattr(node, "lineno", "?")}: {why}: {ast.unparse(node)[:120]}')

    def value(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in self.names:
                held = self.names[node.id]
                return self.value(held) if isinstance(held, ast.AST) else held
            if node.id in BUILTIN_TYPES:
                return Tagged('$class', node.id)
            raise self.fail(node, 'unknown name')
        if isinstance(node, ast.Tuple):
            return Tagged('$tuple', [self.value(e) for e in node.elts])
        if isinstance(node, ast.List):
            return [self.value(e) for e in node.elts]
        if isinstance(node, ast.Set):
            return {'$set': [self.value(e) for e in node.elts]}
        if isinstance(node, ast.Dict):
            out = {}
            for k, v in zip(node.keys, node.values):
                key = self.value(k) if k is not None else None
                if not isinstance(key, str):
                    raise self.fail(node, 'dict key is not a string')
                out[key] = self.value(v)
            return out
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = self.value(node.operand)
            if isinstance(inner, (int, float)) and not isinstance(inner, bool):
                return -inner
        if isinstance(node, ast.Call):
            return self.call(node)
        raise self.fail(node, 'unsupported expression')

    def call(self, node: ast.Call) -> Any:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == 'strip' and not node.args:
            base = self.value(func.value)
            if isinstance(base, str):
                return base.strip()
        if not isinstance(func, ast.Name):
            raise self.fail(node, 'unsupported call')
        kwargs = {k.arg: k.value for k in node.keywords}
        if func.id == 'Option':
            return self.option(node, kwargs)
        if func.id == 'Namespace':
            return self.namespace(node, kwargs)
        if func.id == 'old_ns':
            # old_ns(ns) == {f'{ns}_{{0}}'}; checked against the source in check_helpers().
            (ns,) = [self.value(a) for a in node.args]
            return {'$set': [f'{ns}_{{0}}']}
        if func.id == 'timedelta':
            seconds = 0.0
            for name, arg in kwargs.items():
                seconds += TIMEDELTA_SECONDS[name] * self.value(arg)
            if node.args:
                raise self.fail(node, 'positional timedelta arguments')
            return Tagged('$timedelta', seconds)
        if func.id == 'float' and len(node.args) == 1:
            text = self.value(node.args[0])
            number = float(text)
            return Tagged('$float', text.lower()) if math.isinf(number) or math.isnan(number) else number
        if func.id == 'set' and not node.args:
            return {'$set': []}
        raise self.fail(node, 'unsupported call')

    def option(self, node: ast.Call, kwargs: dict[str, ast.AST]) -> Option:
        opt = Option()
        if node.args:
            opt.default = self.value(node.args[0])
        if 'default' in kwargs:
            opt.default = self.value(kwargs['default'])
        if 'type' in kwargs:
            declared = self.value(kwargs['type'])
            # `type=int` (a class, not a string) happens once; Celery treats the type as documentation.
            opt.type = declared.value if isinstance(declared, Tagged) else declared
            if not opt.type:
                opt.type = 'string'
        if 'old' in kwargs:
            opt.old = list(self.value(kwargs['old'])['$set'])
        for attr in ('deprecate_by', 'remove_by', 'alt'):
            if attr in kwargs:
                setattr(opt, attr, self.value(kwargs[attr]))
        unknown = set(kwargs) - {'default', 'type', 'old', 'deprecate_by', 'remove_by', 'alt'}
        if unknown:
            raise self.fail(node, f'unknown Option arguments {sorted(unknown)}')
        return opt

    def namespace(self, node: ast.Call, kwargs: dict[str, ast.AST]) -> dict:
        # Namespace(__old__=patterns, **options): options without their own `old` take the pattern.
        options = {}
        old_patterns = None
        for name, arg in kwargs.items():
            if name == '__old__':
                held = self.value(arg)
                old_patterns = None if held is None else held['$set']
            else:
                options[name] = self.value(arg)
        if old_patterns is not None:
            for key, opt in options.items():
                if isinstance(opt, Option) and not opt.old:
                    opt.old = [p.format(key) for p in old_patterns]
        return options


def to_json(value: Any) -> Any:
    if isinstance(value, Tagged):
        return value.to_json()
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value


@dataclass
class Setting:
    name: str
    old_names: list[str]
    type: str
    default: Any
    deprecate_by: str | None
    remove_by: str | None
    alt: str | None


# The helpers whose behaviour StaticEvaluator and flatten_table re-implement.
# If any of them changes shape in a release, the generator stops instead of
# silently computing a different table than Celery does.
HELPERS = ('Namespace', 'old_ns', '_to_compat', 'flatten')
HELPER_SHAPES = {
    'Namespace': "def Namespace(__old__=None, **options):\n    if __old__ is not None:\n        for key, opt in options.items():\n            if not opt.old:\n                opt.old = {o.format(key) for o in __old__}\n    return options",
    'old_ns': "def old_ns(ns):\n    return {f'{ns}_{{0}}'}",
    '_to_compat': "def _to_compat(ns, key, opt):\n    if opt.old:\n        return [(oldkey.format(key).upper(), ns + key, opt) for oldkey in opt.old]\n    return [((ns + key).upper(), ns + key, opt)]",
    'flatten': "def flatten(d, root='', keyfilter=_flatten_keys):\n    \"\"\"Flatten settings.\"\"\"\n    stack = deque([(root, d)])\n    while stack:\n        ns, options = stack.popleft()\n        for key, opt in options.items():\n            if isinstance(opt, dict):\n                stack.append((ns + key + '_', opt))\n            else:\n                yield from keyfilter(ns, key, opt)",
}
# Celery 4.4 still ran on Python 2: the same helpers spelt with celery.five's
# items() and str.format, behaving identically.
HELPER_SHAPES_PY2 = {
    'Namespace': HELPER_SHAPES['Namespace'].replace('options.items()', 'items(options)'),
    'old_ns': "def old_ns(ns):\n    return {'{0}_{{0}}'.format(ns)}",
    'flatten': HELPER_SHAPES['flatten'].replace('options.items()', 'items(options)').replace(
        'yield from keyfilter(ns, key, opt)', 'for ret in keyfilter(ns, key, opt):\n                    yield ret'),
}


def normalise_helper(fn: ast.FunctionDef) -> str:
    return ast.unparse(fn)


def check_helpers(ev: StaticEvaluator) -> None:
    for name in HELPERS:
        fn = ev.functions.get(name)
        if fn is None:
            raise GenerationError(f'{ev.where}: helper {name} not found')
        got = normalise_helper(fn)
        if got not in (HELPER_SHAPES[name], HELPER_SHAPES_PY2.get(name)):
            raise GenerationError(f'{ev.where}: {name} changed; review the generator.\n{got}')


def read_table(source: str, where: str) -> dict[str, Setting]:
    module = ast.parse(source)
    ev = StaticEvaluator(module, where)
    check_helpers(ev)
    namespaces = ev.names.get('NAMESPACES')
    if namespaces is None:
        raise GenerationError(f'{where}: NAMESPACES not found')
    tree = ev.value(namespaces)
    table: dict[str, Setting] = {}
    # Breadth-first like celery's flatten(), so the order matches Celery's own.
    queue: list[tuple[str, dict]] = [('', tree)]
    while queue:
        ns, options = queue.pop(0)
        for key, opt in options.items():
            if isinstance(opt, dict):
                queue.append((ns + key + '_', opt))
                continue
            name = ns + key
            # _to_compat: the `old` patterns formatted with the bare key, upper-cased; else UPPER(name).
            olds = [o.format(key).upper() for o in opt.old] if opt.old else [name.upper()]
            if len(olds) != 1:
                raise GenerationError(f'{where}: {name} has {len(olds)} old names; _TO_OLD_KEY would be ambiguous')
            table[name] = Setting(name, olds, opt.type, opt.default, opt.deprecate_by, opt.remove_by, opt.alt)
    return table


def read_dict_literal(source: str, variable: str, where: str) -> dict[str, str]:
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == variable for t in targets) and isinstance(node.value, ast.Dict):
            out = {}
            for k, v in zip(node.value.keys, node.value.values):
                if not (isinstance(k, ast.Constant) and isinstance(v, ast.Constant)):
                    raise GenerationError(f'{where}: {variable} holds a non-literal entry')
                out[k.value] = v.value
            return out
    raise GenerationError(f'{where}: {variable} not found')


def read_serializers(source: str, where: str) -> dict[str, str]:
    """name -> content type from every `registry.register('name', enc, dec, content_type=...)` call."""
    found: dict[str, str] = {}
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == 'register'):
            continue
        if not (isinstance(node.func.value, ast.Name) and node.func.value.id == 'registry'):
            continue
        if not node.args or not isinstance(node.args[0], ast.Constant):
            continue
        content_type = None
        if len(node.args) >= 4 and isinstance(node.args[3], ast.Constant):
            content_type = node.args[3].value
        for kw in node.keywords:
            if kw.arg == 'content_type' and isinstance(kw.value, ast.Constant):
                content_type = kw.value.value
        if content_type is None:
            raise GenerationError(f'{where}: register({node.args[0].value!r}) without a literal content type')
        previous = found.setdefault(node.args[0].value, content_type)
        if previous != content_type:
            raise GenerationError(f'{where}: {node.args[0].value} registered with two content types')
    return found


def read_raw_content_type(source: str, where: str) -> str:
    """`dumps(serializer='raw')` bypasses the registry: raw_encode() sets the content type."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name == 'raw_encode':
            for inner in ast.walk(node):
                if (isinstance(inner, ast.Assign) and isinstance(inner.targets[0], ast.Name)
                        and inner.targets[0].id == 'content_type' and isinstance(inner.value, ast.Constant)):
                    return inner.value.value
    raise GenerationError(f'{where}: raw_encode content type not found')


def read_old_name_removal(source: str | None, where: str) -> str | None:
    """The release `celery worker` says old setting names will be removed in
    (`maybe_warn_deprecated_settings`, added in 5.0); None where it does not warn."""
    if source is None:
        raise GenerationError(f'{where}: celery/app/utils.py missing')
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == 'maybe_warn_deprecated_settings':
            for call in ast.walk(node):
                if isinstance(call, ast.Call):
                    for kw in call.keywords:
                        if kw.arg == 'removal' and isinstance(kw.value, ast.Constant):
                            return kw.value.value
            raise GenerationError(f'{where}: maybe_warn_deprecated_settings names no removal version')
    return None


def read_json_types(source: str | None, where: str) -> list[str]:
    """The Python types kombu's JSONEncoder.default turns into JSON, as dotted names.

    Two shapes occur: kombu <= 5.2 lists them as default arguments of
    `default(self, o, dates=(datetime.datetime, ...), textual=(decimal.Decimal, ...))`;
    kombu >= 5.3 registers them with `register_type(T, ...)` and tests
    `isinstance(o, bytes)` itself. Both honour an object's own `__json__()`.
    """
    if source is None:
        raise GenerationError(f'{where}: kombu/utils/json.py missing')
    module = ast.parse(source)
    imported: dict[str, str] = {}
    for node in ast.walk(module):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                imported[alias.asname or alias.name] = f'{node.module}.{alias.name}'
        elif isinstance(node, ast.Import):
            for alias in node.names:
                imported[alias.asname or alias.name] = alias.name

    def dotted(node: ast.AST) -> str:
        if isinstance(node, ast.Name):
            if node.id in BUILTIN_TYPES:
                return node.id
            if node.id in imported:
                return imported[node.id]
        if isinstance(node, ast.Attribute):
            return f'{dotted(node.value)}.{node.attr}'
        raise GenerationError(f'{where}: cannot name the type {ast.unparse(node)}')

    found: list[str] = []
    encoder = next((n for n in ast.walk(module) if isinstance(n, ast.ClassDef) and n.name == 'JSONEncoder'), None)
    default = next((n for n in (encoder.body if encoder else []) if isinstance(n, ast.FunctionDef) and n.name == 'default'), None)
    if default is None:
        raise GenerationError(f'{where}: JSONEncoder.default not found')
    for value in default.args.defaults:
        if isinstance(value, ast.Tuple):
            found += [dotted(e) for e in value.elts if not (isinstance(e, ast.Name) and e.id == 'DjangoPromise')]
    for node in ast.walk(default):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == 'isinstance'
                and len(node.args) == 2 and isinstance(node.args[1], ast.Name) and node.args[1].id in BUILTIN_TYPES):
            found.append(node.args[1].id)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == 'getattr'
                and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and node.args[1].value == '__json__'):
            found.append('__json__')
    for node in ast.walk(module):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == 'register_type' and node.args:
            found.append(dotted(node.args[0]))
    # Django's lazy strings (Promise) are encoded as text in every release.
    if 'Promise' in source:
        found.append('django.utils.functional.Promise')
    return sorted(set(found))


def read_frozenset(source: str, variable: str, where: str) -> list[str]:
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == variable for t in node.targets):
            call = node.value
            if isinstance(call, ast.Call) and call.args and isinstance(call.args[0], (ast.List, ast.Set, ast.Tuple)):
                return [e.value for e in call.args[0].elts]
    raise GenerationError(f'{where}: {variable} not found')


# ---------------------------------------------------------------------------
# Versions


@dataclass
class Release:
    """One scanned Celery (or kombu) source: a release tag or main."""
    name: str  # '5.2.6' or 'main'
    ref: str
    commit: str
    version_string: str  # what __init__.py says


def releases_of(repo: Repo, package: str, oldest: tuple[int, int]) -> list[Release]:
    out = [Release(name_of(v), tag, '', '') for v, tag in repo.release_tags(oldest)]
    out.append(Release(MAIN, repo.main_ref(), '', ''))
    for r in out:
        r.commit = repo.commit(r.ref)
        init = repo.show(r.ref, f'{package}/__init__.py') or ''
        m = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]", init, re.M)
        r.version_string = m.group(1) if m else ''
    return out


def line_of(release: str, newest_released: str | None = None) -> str:
    """'5.3.4' -> '5.3'; main is the line after the newest release ('5.7'), when that is given."""
    if release == MAIN:
        if newest_released is None:
            return MAIN
        major, minor = newest_released.split('.')[:2]
        return f'{major}.{int(minor) + 1}'
    return '.'.join(release.split('.')[:2])


def history(values_by_release: list[tuple[str, Any]]) -> list[dict]:
    """Collapses per-release values into change points: [{since, value}], dropping repeats."""
    out: list[dict] = []
    for release, value in values_by_release:
        if not out or out[-1]['value'] != value:
            out.append({'since': release, 'value': value})
    return out


def presence(releases: list[str], present: set[str]) -> tuple[str | None, str | None]:
    """First release that has it, and the first later release that dropped it."""
    since = removed = None
    for r in releases:
        if r in present and since is None:
            since = r
        elif r not in present and since is not None and removed is None:
            removed = r
    return since, removed


# ---------------------------------------------------------------------------
# Extra keys (read outside the table) and extension keys


def verify_extra_keys(spec: dict, repos: dict[str, Repo], celery_releases: list[Release]) -> list[dict]:
    out = []
    for entry in spec['celery']:
        present = []
        for r in celery_releases:
            text = repos['celery'].show(r.ref, entry['file'])
            if text is not None and string_literal_in(text, entry['literal']):
                present.append(r.name)
        if not present:
            raise GenerationError(f"extra key {entry['key']}: literal {entry['literal']!r} not found in {entry['file']}")
        since, removed = presence([r.name for r in celery_releases], set(present))
        row = {'key': entry['key'], 'reader': entry['reader'], 'file': entry['file'], 'since': since, 'description': entry['description']}
        if removed:
            row['removedIn'] = removed
        row['lookup'] = entry['lookup']
        out.append(row)
    return out


def verify_extension_keys(spec: dict, mirror_root: str) -> list[dict]:
    """Checks each extension key against the recorded commit of the extension's mirror."""
    out = []
    for package in spec['extensions']:
        git_dir = os.path.join(mirror_root, package['repository'].replace('/', '+'), 'repo')
        repo = Repo(git_dir)
        commit = package['commit']
        for item in package['keys'] + package.get('resultBackends', []):
            text = repo.show(commit, item['file'])
            if text is None or not string_literal_in(text, item['literal']):
                raise GenerationError(f"{package['name']}: {item['literal']!r} not found in {item['file']} at {commit}")
        out.append({
            'package': package['name'],
            'repository': 'https://github.com/' + package['repository'],
            'commit': commit,
            'keys': [{'key': k['key'], 'kind': k['kind'], 'description': k['description']} for k in package['keys']],
            'resultBackends': [b['alias'] for b in package.get('resultBackends', [])],
        })
    return out


def string_literal_in(source: str, name: str) -> bool:
    """`name` as a string literal, an attribute (`settings.NAME`) or an entry point (`'name = module:Class'`)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value == name or node.value.split('=')[0].strip() == name:
                return True
        if isinstance(node, ast.Attribute) and node.attr == name:
            return True
    return False


# ---------------------------------------------------------------------------
# Generation


def generate(celery_git: str, kombu_git: str) -> dict[str, str]:
    celery = Repo(celery_git)
    kombu = Repo(kombu_git)
    releases = releases_of(celery, 'celery', OLDEST_LINE)
    names = [r.name for r in releases]

    tables: dict[str, dict[str, Setting]] = {}
    backend_aliases: dict[str, dict[str, str]] = {}
    old_name_removal: list[tuple[str, str | None]] = []
    for r in releases:
        old_name_removal.append((r.name, read_old_name_removal(celery.show(r.ref, 'celery/app/utils.py'), f'{r.ref}:celery/app/utils.py')))
        source = celery.show(r.ref, 'celery/app/defaults.py')
        if source is None:
            raise GenerationError(f'{r.ref}: celery/app/defaults.py missing')
        tables[r.name] = read_table(source, f'{r.ref}:celery/app/defaults.py')
        backends_source = celery.show(r.ref, 'celery/app/backends.py')
        backend_aliases[r.name] = read_dict_literal(backends_source, 'BACKEND_ALIASES', f'{r.ref}:celery/app/backends.py')

    with open(DESCRIPTIONS, encoding='utf-8') as fh:
        descriptions: dict[str, str] = json.load(fh)
    every_name = sorted({n for t in tables.values() for n in t})
    missing = [n for n in every_name if not descriptions.get(n, '').strip()]
    extra = [n for n in descriptions if n not in every_name]
    if missing or extra:
        raise GenerationError(f'descriptions: missing {missing}, not settings {extra}')

    settings = []
    for name in every_name:
        present = {r for r in names if name in tables[r]}
        since, removed = presence(names, present)
        rows = [(r, tables[r][name]) for r in names if r in present]
        newest = rows[-1][1]
        newest_released = next((s for r, s in reversed(rows) if r != MAIN), newest)
        defaults = history([(r, to_json(s.default)) for r, s in rows])
        types = history([(r, s.type) for r, s in rows])
        olds = history([(r, s.old_names[0]) for r, s in rows])
        if len(olds) != 1:
            raise GenerationError(f'{name}: old name changed between releases: {olds}')
        entry: dict[str, Any] = {
            'name': name,
            'oldName': newest.old_names[0],
            'type': newest_released.type,
            'default': to_json(newest_released.default),
            'since': line_of(since, [n for n in names if n != MAIN][-1]),
            'sinceRelease': since,
            'description': descriptions[name].strip(),
        }
        if removed:
            entry['removedIn'] = removed
        if len(defaults) > 1:
            entry['defaultHistory'] = defaults
        if len(types) > 1:
            entry['typeHistory'] = types
        if newest.deprecate_by or newest.remove_by:
            entry['deprecation'] = {'since': next(r for r, s in rows if s.deprecate_by or s.remove_by),
                                    'deprecateBy': newest.deprecate_by, 'removeBy': newest.remove_by, 'alternative': newest.alt}
        settings.append(entry)

    counts = {r: len(tables[r]) for r in names}

    # Backend aliases: one row per alias with the releases it lived in.
    alias_rows = []
    for alias in sorted({a for t in backend_aliases.values() for a in t}):
        present = [r for r in releases if alias in backend_aliases[r.name]]
        since, removed = presence(names, {r.name for r in present})
        targets = history([(r.name, backend_aliases[r.name][alias]) for r in present])
        row = {'alias': alias, 'target': targets[-1]['value'], 'since': since}
        if removed:
            row['removedIn'] = removed
        missing = target_missing_since(celery, [(r.name, r.ref, backend_aliases[r.name][alias]) for r in present])
        if missing:
            row['targetMissingSince'] = missing
        alias_rows.append(row)

    # Which kombu a Celery line runs with: Celery's requirements/default.txt names the oldest
    # kombu line it accepts (`kombu>=5.2.3,<6.0`, `kombu>=4.6.10,<4.7`). main runs with kombu main.
    kombu_line_for = {}
    for line in sorted({line_of(n) for n in names if n != MAIN}, key=sort_key):
        newest = [r for r in releases if r.name != MAIN and line_of(r.name) == line][-1]
        kombu_line_for[line] = required_kombu_line(celery.show(newest.ref, 'requirements/default.txt'), newest.ref)
    oldest_kombu = min(tuple(int(p) for p in k.split('.')) for k in kombu_line_for.values())

    # kombu: transport aliases, serializers and JSON-encoded types per kombu release.
    kombu_releases = releases_of(kombu, 'kombu', oldest_kombu)
    knames = [r.name for r in kombu_releases]
    transports: dict[str, dict[str, str]] = {}
    serializers: dict[str, dict[str, str]] = {}
    trusted: dict[str, list[str]] = {}
    json_types: dict[str, list[str]] = {}
    for r in kombu_releases:
        where = f'kombu {r.ref}'
        json_types[r.name] = read_json_types(kombu.show(r.ref, 'kombu/utils/json.py'), where)
        transports[r.name] = read_dict_literal(kombu.show(r.ref, 'kombu/transport/__init__.py'), 'TRANSPORT_ALIASES', where)
        ser_source = kombu.show(r.ref, 'kombu/serialization.py')
        table = read_serializers(ser_source, where)
        registered = sorted(table)
        table['raw'] = read_raw_content_type(ser_source, where)
        serializers[r.name] = table
        trusted[r.name] = sorted(read_frozenset(ser_source, 'TRUSTED_CONTENT', where))
    transport_rows = []
    for alias in sorted({a for t in transports.values() for a in t}):
        present = [r for r in kombu_releases if alias in transports[r.name]]
        since, removed = presence(knames, {r.name for r in present})
        row = {'alias': alias, 'target': transports[present[-1].name][alias], 'since': since}
        if removed:
            row['removedIn'] = removed
        missing = target_missing_since(kombu, [(r.name, r.ref, transports[r.name][alias]) for r in present])
        if missing:
            row['targetMissingSince'] = missing
        transport_rows.append(row)
    if len({json.dumps(v, sort_keys=True) for v in serializers.values()}) != 1:
        raise GenerationError(f'kombu serializers differ between releases: {serializers}')
    if len({json.dumps(v) for v in trusted.values()}) != 1:
        raise GenerationError('kombu TRUSTED_CONTENT differs between releases')
    serializer_table = dict(serializers[knames[-1]])
    auth_source = celery.show(releases[-1].ref, 'celery/security/serialization.py')
    auth = read_serializers(auth_source, 'celery/security/serialization.py')
    serializer_table.update(auth)

    # The newest kombu of Celery's own line where kombu has one (they are released together);
    # otherwise (Celery 4.4 requires kombu 4.6) the newest of the line Celery requires.
    kombu_for_line = {MAIN: MAIN}
    for line, kline in kombu_line_for.items():
        candidates = [k for k in knames if k != MAIN and line_of(k) == line] or [k for k in knames if k != MAIN and line_of(k) == kline]
        if not candidates:
            raise GenerationError(f'no kombu {kline} release for Celery {line}')
        kombu_for_line[line] = candidates[-1]
    kombu_for_line = dict(sorted(kombu_for_line.items(), key=lambda kv: sort_key(kv[0])))

    with open(EXTRA_KEYS, encoding='utf-8') as fh:
        extra_spec = json.load(fh)
    extra_keys = verify_extra_keys(extra_spec, {'celery': celery}, releases)
    mirror_root = os.path.dirname(os.path.dirname(os.path.abspath(celery_git)))
    extensions = verify_extension_keys(extra_spec, mirror_root)

    source = {
        'celery': {
            'repository': 'https://github.com/celery/celery',
            'releases': [{'release': r.name, 'ref': r.ref, 'commit': r.commit, 'versionString': r.version_string} for r in releases],
        },
        'kombu': {
            'repository': 'https://github.com/celery/kombu',
            'releases': [{'release': r.name, 'ref': r.ref, 'commit': r.commit, 'versionString': r.version_string} for r in kombu_releases],
        },
    }
    newest_released = [r for r in releases if r.name != MAIN][-1]
    header = (
        '// GENERATED by scripts/generate-celery-settings.py from Celery\'s own source; do not edit.\n'
        f'// Celery {releases[0].name} .. {newest_released.name} (commit {newest_released.commit}) and main @ {releases[-1].commit},\n'
        f'// kombu {kombu_releases[0].name} .. main @ {kombu_releases[-1].commit}. Descriptions: scripts/celery-setting-descriptions.json.\n'
    )
    settings_ts = (
        header
        + "import type { ChangePoint, SettingData, KnowledgeSource } from './model';\n\n"
        + ts_const('KNOWLEDGE_SOURCE', 'KnowledgeSource', source)
        + '/** Settings per scanned release: `release -> number of settings`. */\n'
        + ts_const('SETTING_COUNTS', 'Readonly<Record<string, number>>', counts)
        + ts_const('SETTINGS_DATA', 'readonly SettingData[]', settings)
        + '/** The Celery release `celery worker` names when it warns about an old (pre-4.0) setting name; null: no warning. */\n'
        + ts_const('OLD_NAME_REMOVAL', 'ReadonlyArray<ChangePoint<string | null>>', history(old_name_removal))
    )
    aliases_ts = (
        header
        + "import type { AliasData, ChangePoint, ExtraKeyData, ExtensionData } from './model';\n\n"
        + '/** Celery release lines -> the kombu release they are taken to run with. */\n'
        + ts_const('KOMBU_FOR_CELERY_LINE', 'Readonly<Record<string, string>>', kombu_for_line)
        + '/** `celery/app/backends.py` BACKEND_ALIASES; `since`/`removedIn` are Celery releases. */\n'
        + ts_const('BACKEND_ALIAS_DATA', 'readonly AliasData[]', alias_rows)
        + '/** kombu `transport/__init__.py` TRANSPORT_ALIASES; `since`/`removedIn` are kombu releases. */\n'
        + ts_const('TRANSPORT_ALIAS_DATA', 'readonly AliasData[]', transport_rows)
        + '/** kombu\'s registered serializers (plus `raw`, and `auth` from celery.security). */\n'
        + ts_const('SERIALIZER_DATA', 'Readonly<Record<string, string>>', serializer_table)
        + '/** Names kombu registers itself (`raw` is special-cased by dumps() only, `auth` comes with setup_security()). */\n'
        + ts_const('KOMBU_REGISTERED_SERIALIZERS', 'readonly string[]', registered)
        + ts_const('TRUSTED_CONTENT_DATA', 'readonly string[]', trusted[knames[-1]])
        + '/** Types kombu\'s JSON serializer encodes (dotted names; `__json__`: any object with that method), per kombu release. */\n'
        + ts_const('KOMBU_JSON_TYPES', 'ReadonlyArray<ChangePoint<readonly string[]>>', history([(k, json_types[k]) for k in knames]))
        + '/** Keys Celery reads that are not in its settings table. */\n'
        + ts_const('EXTRA_KEY_DATA', 'readonly ExtraKeyData[]', extra_keys)
        + '/** Settings of well-known extensions (celery-redbeat, django-celery-results, django-celery-beat, django-celery-email, celery-once, celery-singleton). */\n'
        + ts_const('EXTENSION_DATA', 'readonly ExtensionData[]', extensions)
    )
    return {
        os.path.join(KNOWLEDGE_DIR, 'celery-settings.data.ts'): settings_ts,
        os.path.join(KNOWLEDGE_DIR, 'celery-aliases.data.ts'): aliases_ts,
    }


def module_file_exists(repo: Repo, ref: str, class_path: str) -> bool:
    """Whether the module of `pkg.mod:Class` (or `pkg.mod.Class`) is a file at `ref`."""
    module = class_path.split(':')[0] if ':' in class_path else class_path.rsplit('.', 1)[0]
    path = module.replace('.', '/')
    return repo.show(ref, path + '.py') is not None or repo.show(ref, path + '/__init__.py') is not None


def target_missing_since(repo: Repo, uses: list[tuple[str, str, str]]) -> str | None:
    """The first release (name) whose alias points at a module that does not exist
    (celery.backends.amqp from 5.0 until the alias went in 5.3); None while it always exists.
    `uses`: (release name, ref, target) per release that has the alias, oldest first."""
    since = None
    for name, ref, target in uses:
        exists = module_file_exists(repo, ref, target)
        if not exists and since is None:
            since = name
        elif exists and since is not None:
            raise GenerationError(f'alias target came back after it was gone: {uses}')
    return since


def required_kombu_line(requirements: str | None, where: str) -> str:
    """`kombu>=5.2.3,<6.0` -> `5.2`: the kombu line a Celery release requires at least."""
    m = re.search(r'^kombu\s*>=\s*(\d+)\.(\d+)', requirements or '', re.M)
    if not m:
        raise GenerationError(f'{where}: requirements/default.txt names no minimum kombu')
    return f'{m.group(1)}.{m.group(2)}'


def sort_key(release: str) -> tuple:
    return (1,) if release == MAIN else (0, *[int(p) for p in release.split('.')])


def ts_const(name: str, type_: str, value: Any) -> str:
    return f'export const {name}: {type_} = {json.dumps(value, indent=1, ensure_ascii=False)};\n\n'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--celery-git', default='/work/.mirror/celery+celery/repo')
    parser.add_argument('--kombu-git', default='/work/.mirror/celery+kombu/repo')
    parser.add_argument('--check', action='store_true', help='fail if the generated files are out of date')
    args = parser.parse_args()
    try:
        outputs = generate(args.celery_git, args.kombu_git)
    except GenerationError as err:
        print(f'generate-celery-settings: {err}', file=sys.stderr)
        return 1
    stale = []
    for path, text in outputs.items():
        current = open(path, encoding='utf-8').read() if os.path.exists(path) else None
        if current != text:
            stale.append(path)
            if not args.check:
                with open(path, 'w', encoding='utf-8') as fh:
                    fh.write(text)
    rel = [os.path.relpath(p, ROOT) for p in stale]
    if args.check:
        if stale:
            print('out of date: ' + ', '.join(rel), file=sys.stderr)
            return 1
        print('up to date')
    else:
        print('wrote ' + (', '.join(rel) if rel else 'nothing (up to date)'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
