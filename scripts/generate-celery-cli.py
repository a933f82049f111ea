#!/usr/bin/python3
"""Generates celery-lint's table of Celery's command line from Celery itself.

Celery 5 builds its command line with click. This script imports
`celery.bin.celery` (Celery's own module: no project code is imported) under
each Celery it is given, walks the `celery` click group and writes what the
linter needs to check a command line into
packages/core/src/knowledge/celery-cli.data.ts: for every command its options
(every spelling, whether it takes a value, the value's click type and its
choices), whether it accepts extra arguments or unknown options, and its
subcommands; the `celery multi` verbs; and the global options.

    /usr/bin/python3 scripts/generate-celery-cli.py            # write
    /usr/bin/python3 scripts/generate-celery-cli.py --check    # fail when the committed file differs

The Celery releases are Debian's: 5.2.6 installed on this machine, 5.5.2 and
5.6.3 unpacked by scripts/debian-python.sh (trixie, sid). Options that Celery
4.x spelt differently are hand-listed in scripts/celery-cli-renames.json, each
with the 4.4.7 source line it comes from; every new spelling named there is
checked here against the newest table, so a rename that points nowhere fails.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'packages', 'core', 'src', 'knowledge', 'celery-cli.data.ts')
RENAMES = os.path.join(ROOT, 'scripts', 'celery-cli-renames.json')
SYSTEM_PYTHON = '/usr/bin/python3'

# The click parameter types Celery uses, as the linter names them. A type
# missing here fails the generation: a new Celery type needs a decision in
# packages/core/src/launch/option-values.ts first.
TYPE_KINDS = {
    'StringParamType': 'string',
    'UnprocessedParamType': 'string',
    'FuncParamType': 'string',
    'Path': 'string',
    'Hostname': 'string',
    'App': 'app',
    'IntParamType': 'int',
    'IntRange': 'int',
    'FloatParamType': 'float',
    'FloatRange': 'float',
    'BoolParamType': 'bool',
    'Choice': 'choice',
    'LogLevel': 'choice',
    'WorkersPool': 'choice',
    'Autoscale': 'autoscale',
    'CommaSeparatedList': 'list',
    'CeleryBeat': 'bool',
    'JsonArray': 'json-array',
    'JsonObject': 'json-object',
    'ISO8601DateTime': 'datetime',
    'ISO8601DateTimeOrFloat': 'datetime-or-float',
    'Tuple': 'string',
}

# Runs inside each Celery's Python: prints the table as JSON on stdout.
DUMP = r'''
import json, sys, warnings
warnings.simplefilter('ignore')
import celery, click
from celery.bin.celery import celery as group
from celery.bin.multi import MultiTool

def option(p):
    kind = type(p.type).__name__
    out = {
        'names': list(p.opts) + list(p.secondary_opts),
        'flag': bool(getattr(p, 'is_flag', False) or getattr(p, 'count', False)),
        'type': kind,
        'multiple': bool(getattr(p, 'multiple', False)),
    }
    if getattr(p, 'secondary_opts', None):
        out['negative'] = list(p.secondary_opts)
    choices = getattr(p.type, 'choices', None)
    if choices is not None:
        out['choices'] = [str(c) for c in choices]
        out['caseSensitive'] = bool(getattr(p.type, 'case_sensitive', True)) and kind != 'LogLevel'
    return out

def command(cmd):
    options = []
    seen = set()
    arguments = []
    for p in cmd.params:
        if isinstance(p, click.Argument):
            argument = {'name': p.name, 'nargs': p.nargs, 'required': bool(p.required)}
            choices = getattr(p.type, 'choices', None)
            if choices is not None:
                argument['choices'] = [str(c) for c in choices]
            arguments.append(argument)
            continue
        key = tuple(p.opts)
        if key in seen:
            continue  # Celery 5.2 adds --uid twice
        seen.add(key)
        options.append(option(p))
    settings = cmd.context_settings or {}
    out = {
        'options': options,
        'arguments': arguments,
        'allowExtraArgs': bool(settings.get('allow_extra_args', False)),
        'ignoreUnknownOptions': bool(settings.get('ignore_unknown_options', False)),
    }
    if isinstance(cmd, click.Group):
        out['subcommands'] = sorted(cmd.commands)
    return out

table = {
    'release': celery.__version__,
    'global': [option(p) for p in group.params if isinstance(p, click.Option)],
    'commands': {name: command(cmd) for name, cmd in sorted(group.commands.items())},
    'multiVerbs': sorted(MultiTool().commands),
}
json.dump(table, sys.stdout, sort_keys=True)
'''


class GenerationError(Exception):
    pass


def celery_sites() -> list[str | None]:
    """PYTHONPATH entries for each Celery: None for the installed one."""
    sites: list[str | None] = [None]
    for suite in ('trixie', 'sid'):
        done = subprocess.run([os.path.join(ROOT, 'scripts', 'debian-python.sh'), suite], capture_output=True, text=True)
        if done.returncode != 0:
            raise GenerationError(f'scripts/debian-python.sh {suite} failed: {done.stderr.strip()}')
        sites.append(done.stdout.strip().splitlines()[-1])
    return sites


def dump(site: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != 'PYTHONPATH'}
    if site:
        env['PYTHONPATH'] = site
    done = subprocess.run([SYSTEM_PYTHON, '-c', DUMP], capture_output=True, text=True, env=env, cwd='/')
    if done.returncode != 0:
        raise GenerationError(f'reading Celery from {site or "the system"} failed:\n{done.stderr}')
    table = json.loads(done.stdout)
    for opt in table['global'] + [o for c in table['commands'].values() for o in c['options']]:
        kind = TYPE_KINDS.get(opt['type'])
        if kind is None:
            raise GenerationError(f"Celery {table['release']}: click type {opt['type']} of {opt['names']} is not known here; add it to TYPE_KINDS")
        opt['type'] = kind
    return table


def check_renames(renames: list[dict], newest: dict) -> None:
    for r in renames:
        command = newest['commands'].get(r['command']) if r['command'] != '' else {'options': newest['global']}
        if command is None:
            raise GenerationError(f"renames: no command {r['command']!r} in Celery {newest['release']}")
        if r.get('now') is None:
            continue
        names = {n for o in command['options'] for n in o['names']}
        if r['now'] not in names:
            raise GenerationError(f"renames: {r['old']} -> {r['now']}, but Celery {newest['release']} {r['command']} has no {r['now']}")


def render(tables: list[dict], renames: list[dict]) -> str:
    header = (
        '// GENERATED by scripts/generate-celery-cli.py from Celery\'s own click definitions; do not edit.\n'
        f"// Celery {', '.join(t['release'] for t in tables)} (Debian's packages); Celery 4.x spellings: scripts/celery-cli-renames.json.\n"
        "import type { CeleryCliTable, CliRename } from '../launch/cli-model';\n\n"
    )
    body = f'export const CELERY_CLI_TABLES: readonly CeleryCliTable[] = {json.dumps(tables, indent=1, sort_keys=True)};\n\n'
    body += f'export const CELERY_CLI_RENAMES: readonly CliRename[] = {json.dumps(renames, indent=1, sort_keys=True)};\n'
    return header + body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--check', action='store_true', help='fail when the committed data file differs')
    args = parser.parse_args()
    try:
        tables = sorted((dump(site) for site in celery_sites()), key=lambda t: [int(p) for p in t['release'].split('.')])
        with open(RENAMES, encoding='utf-8') as f:
            renames = json.load(f)['renames']
        check_renames(renames, tables[-1])
        text = render(tables, renames)
    except GenerationError as error:
        print(f'generate-celery-cli: {error}', file=sys.stderr)
        return 1
    if args.check:
        with open(OUT, encoding='utf-8') as f:
            if f.read() != text:
                print(f'generate-celery-cli: {os.path.relpath(OUT, ROOT)} is out of date; run scripts/generate-celery-cli.py', file=sys.stderr)
                return 1
        return 0
    with open(OUT, 'w', encoding='utf-8') as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUT, ROOT)}: Celery {', '.join(t['release'] for t in tables)}")
    return 0


if __name__ == '__main__':
    sys.exit(main())
