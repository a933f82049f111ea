#!/usr/bin/python3
"""Generates celery-lint's Django knowledge from Django's own source.

Reads `django/conf/global_settings.py` and `django/core/checks/security/*.py`
of each Django given with --django (a dist-packages directory that holds a
`django` package: Debian's python3-django 3.2 and the newer ones that
scripts/debian-python.sh unpacks), with the `ast` module only: nothing from
Django is imported or executed. Writes
packages/core/src/knowledge/django-settings.data.ts: per release, every
setting's default (as celery-lint's abstract values; a default that is not a
literal is "unknown" with its source text) and the security check ids the
release defines, split into deploy-only checks and checks that always run,
and every system check id anywhere in the package (for SILENCED_SYSTEM_CHECKS).

    /usr/bin/python3 scripts/generate-django-settings.py \
        --django /usr/lib/python3/dist-packages \
        --django "$(scripts/debian-python.sh trixie)" \
        --django "$(scripts/debian-python.sh sid)"

`--check` regenerates in memory and fails when the committed file differs.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, 'packages', 'core', 'src', 'knowledge', 'django-settings.data.ts')
VERSIONS = os.path.join(ROOT, 'scripts', 'django-versions.json')
CHECK_ID = re.compile(r"""id\s*=\s*['"]((?:security|\d_\d)\.[EW]\d{3})['"]""")


class GenerationError(Exception):
    pass


def read(path: str) -> str:
    try:
        with open(path, encoding='utf-8') as handle:
            return handle.read()
    except OSError as error:
        raise GenerationError(f'cannot read {path}: {error.strerror}') from error


def django_version(package: str) -> str:
    tree = ast.parse(read(os.path.join(package, '__init__.py')))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == 'VERSION' for t in node.targets):
            major, minor, micro, level, serial = ast.literal_eval(node.value)
            version = f'{major}.{minor}.{micro}'
            return version if level == 'final' else f'{version}{level[0]}{serial}'
    raise GenerationError(f'no VERSION in {package}/__init__.py')


def abstract(value: object) -> dict:
    """A Python literal as celery-lint's AbstractValue (packages/core/src/types.ts)."""
    if value is None:
        return {'kind': 'none'}
    if isinstance(value, bool):
        return {'kind': 'bool', 'value': value}
    if isinstance(value, (int, float)):
        return {'kind': 'num', 'value': value, 'isInt': isinstance(value, int)}
    if isinstance(value, str):
        return {'kind': 'str', 'value': value, 'literal': False}
    if isinstance(value, (list, tuple, set, frozenset)):
        kind = 'list' if isinstance(value, list) else 'tuple' if isinstance(value, tuple) else 'set'
        items = sorted(value, key=repr) if kind == 'set' else value
        return {'kind': kind, 'items': [abstract(v) for v in items], 'partial': False}
    if isinstance(value, dict):
        return {'kind': 'dict', 'entries': [{'key': abstract(k), 'value': abstract(v)} for k, v in value.items()], 'partial': False}
    return {'kind': 'unknown', 'reason': f'Django\'s default is {type(value).__name__}'}


def defaults(package: str) -> dict:
    source = read(os.path.join(package, 'conf', 'global_settings.py'))
    out = {}
    for node in ast.parse(source).body:
        if not isinstance(node, (ast.Assign, ast.AnnAssign)):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if not isinstance(target, ast.Name) or not target.id.isupper():
                continue
            try:
                out[target.id] = abstract(ast.literal_eval(node.value))
            except ValueError:
                text = ast.get_source_segment(source, node.value) or '?'
                text = ' '.join(text.split())
                out[target.id] = {'kind': 'unknown', 'reason': "Django's default is computed: " + (text if len(text) <= 60 else text[:57] + '...')}
    return out


def security_checks(package: str) -> dict:
    """Check ids per kind: those registered with deploy=True, and the others."""
    folder = os.path.join(package, 'core', 'checks', 'security')
    deploy, always = set(), set()
    for name in sorted(os.listdir(folder)):
        if not name.endswith('.py'):
            continue
        source = read(os.path.join(folder, name))
        tree = ast.parse(source)
        # Module-level Warning/Error constants: NAME = Warning(..., id='security.W001').
        constants = {}
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                found = CHECK_ID.findall(ast.get_source_segment(source, node) or '')
                if found:
                    constants[node.targets[0].id] = set(found)
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            registered = [d for d in node.decorator_list if isinstance(d, ast.Call) and getattr(d.func, 'id', getattr(d.func, 'attr', '')) == 'register']
            if not registered:
                continue
            is_deploy = any(k.arg == 'deploy' and isinstance(k.value, ast.Constant) and k.value.value is True for d in registered for k in d.keywords)
            body = ast.get_source_segment(source, node) or ''
            ids = set(CHECK_ID.findall(body))
            for used in {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}:
                ids |= constants.get(used, set())
            (deploy if is_deploy else always).update(ids)
    return {'deploy': sorted(deploy), 'always': sorted(always - deploy)}


ANY_CHECK_ID = re.compile(r'^[a-z0-9_]+\.[CEWI]\d{3}$')
FORMATTED_CHECK_ID = re.compile(r'^([a-z0-9_]+\.[CEWI])%d$')


def all_checks(package: str) -> list[str]:
    """Every system check id the release can report, from the whole package's source.

    Ids are written as literals (`id='fields.E304'`), kept in constants, or
    formatted from a number in the same function (`'admin.E%d' % error_code`
    over a table of codes): the last kind takes the function's three-digit
    numbers, so `admin.E401`-`E406` are known without running the admin.
    """
    ids: set[str] = set()
    for folder, dirs, files in os.walk(package):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith('.py'):
                continue
            tree = ast.parse(read(os.path.join(folder, name)))
            functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and ANY_CHECK_ID.match(node.value):
                    ids.add(node.value)
                elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
                    formatted = FORMATTED_CHECK_ID.match(node.left.value)
                    if not formatted:
                        continue
                    around = [f for f in functions if f.lineno <= node.lineno <= (f.end_lineno or f.lineno)]
                    owner = min(around, key=lambda f: (f.end_lineno or f.lineno) - f.lineno, default=None)
                    codes = {n.value for n in ast.walk(owner) if isinstance(n, ast.Constant)} if owner else set()
                    numbers = sorted(c for c in codes if isinstance(c, int) and not isinstance(c, bool) and 100 <= c <= 999)
                    if not numbers:
                        raise GenerationError(f'{folder}/{name}:{node.lineno}: a formatted check id with no codes beside it')
                    ids.update(f'{formatted.group(1)}{n}' for n in numbers)
    return sorted(ids)


def line_key(version: str) -> list[int]:
    return [int(p) for p in version.split('.')[:2]]


def check_versions(releases: list[dict]) -> dict:
    """The hand-written version ranges, each checked against every scanned release."""
    ranges = json.loads(read(VERSIONS))
    for kind, present_in in (('settings', lambda r: set(r['defaults'])), ('checks', lambda r: {*r['securityChecks']['deploy'], *r['securityChecks']['always']})):
        for name, span in ranges[kind].items():
            for release in releases:
                line = line_key(release['version'])
                expected = line >= line_key(span.get('since', '0.0')) and ('removedIn' not in span or line < line_key(span['removedIn']))
                if (name in present_in(release)) != expected:
                    raise GenerationError(f"scripts/django-versions.json: {name} {'is' if not expected else 'is not'} in Django {release['version']}, against {span}")
    listed = ranges['defaults']
    for older, newer in zip(releases, releases[1:]):
        for name, value in newer['defaults'].items():
            before = older['defaults'].get(name)
            if before is None or before == value or before['kind'] == 'unknown':
                continue
            if name not in listed:
                raise GenerationError(f"the default of {name} changed between Django {older['version']} and {newer['version']}: say in scripts/django-versions.json where")
            line = listed[name]
            if line is not None and line_key(line) <= line_key(older['version']) and not any(
                line_key(a['version']) < line_key(line) <= line_key(b['version']) and a['defaults'].get(name) != b['defaults'].get(name)
                for a, b in zip(releases, releases[1:])
            ):
                raise GenerationError(f'scripts/django-versions.json: {name} changed in {line}, but no two scanned releases around it differ')
    return {'settings': ranges['settings'], 'checks': ranges['checks'], 'defaults': listed}


def generate(packages: list[str]) -> str:
    releases = []
    for folder in packages:
        package = os.path.join(folder, 'django')
        if not os.path.isdir(package):
            raise GenerationError(f'no django package in {folder}')
        releases.append({'version': django_version(package), 'defaults': defaults(package), 'securityChecks': security_checks(package), 'checks': all_checks(package)})
    releases.sort(key=lambda r: [int(p) if p.isdigit() else p for p in re.split(r'[.]', r['version'])])
    header = (
        '// GENERATED by scripts/generate-django-settings.py from Django\'s own source; do not edit.\n'
        f'// Django {", ".join(r["version"] for r in releases)}: django/conf/global_settings.py, django/core/checks/security/ and every check id in django/.\n'
        "import type { DjangoChanges, DjangoRelease } from './django-model';\n\n"
    )
    def one_line(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(',', ':'))

    lines = ['export const DJANGO_RELEASES: readonly DjangoRelease[] = [']
    for release in releases:
        lines.append(f' {{\n  "version": {one_line(release["version"])},')
        lines.append(f'  "securityChecks": {one_line(release["securityChecks"])},')
        lines.append(f'  "checks": {one_line(release["checks"])},')
        lines.append('  "defaults": {')
        entries = [f'   {one_line(name)}: {one_line(value)}' for name, value in sorted(release['defaults'].items())]
        lines.append(',\n'.join(entries))
        lines.append('  }\n },')
    lines.append('];')
    lines.append('')
    lines.append('/** Lines where settings and checks appeared or went away (scripts/django-versions.json, checked against the releases above). */')
    lines.append(f'export const DJANGO_CHANGES: DjangoChanges = {json.dumps(check_versions(releases), indent=1)};')
    return header + '\n'.join(lines) + '\n'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--django', action='append', required=True, help='a directory holding a django package (repeat)')
    parser.add_argument('--check', action='store_true', help='fail when the committed file differs')
    args = parser.parse_args()
    try:
        text = generate(args.django)
    except GenerationError as error:
        print(f'generate-django-settings: {error}', file=sys.stderr)
        return 2
    if args.check:
        committed = read(OUTPUT) if os.path.exists(OUTPUT) else ''
        if committed != text:
            print(f'generate-django-settings: {os.path.relpath(OUTPUT, ROOT)} is stale; run the script', file=sys.stderr)
            return 1
        return 0
    with open(OUTPUT, 'w', encoding='utf-8') as handle:
        handle.write(text)
    print(f'wrote {os.path.relpath(OUTPUT, ROOT)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
