#!/usr/bin/python3
"""Asks real Celery whether command lines parse, without running them.

Reads a JSON list of argument lists (what follows `celery`) on stdin and
prints, for each, ["ok", ""] or ["error", message]: Celery's own click group
parses the global options, resolves the command and parses and converts its
options (make_context), exactly as `celery ...` would before invoking it.
Nothing is invoked, and `-A` is never imported: its type is replaced by a
plain string, since it names the project's module. A conversion that crashes
(Celery 5.2.6-5.6.3's --autoscale with a non-integer raises AttributeError)
counts as a refusal.
"""
import json
import sys
import warnings

warnings.simplefilter('ignore')

import click  # noqa: E402
from celery import Celery  # noqa: E402
from celery.bin.base import CLIContext  # noqa: E402
from celery.bin.celery import celery as group  # noqa: E402

# `--workdir` changes directory as it is converted (its type is os.chdir): never run it either.
for param in group.params:
    if type(param.type).__name__ == 'App' or param.name == 'workdir':
        param.type = click.STRING


def parse(argv):
    obj = CLIContext(app=Celery('oracle', set_as_current=False), no_color=True, workdir=None, quiet=True)
    try:
        ctx = group.make_context('celery', list(argv), obj=obj)
        args = ctx.protected_args + ctx.args
        if not args:
            return ['ok', '']
        name, command, rest = group.resolve_command(ctx, args)
        command.make_context(name, rest, parent=ctx, obj=obj)
        return ['ok', '']
    except click.exceptions.ClickException as error:
        return ['error', error.format_message()]
    except click.exceptions.Exit as error:  # an eager option that answers and exits (`inspect --list`)
        return ['ok', ''] if error.exit_code == 0 else ['error', f'exit {error.exit_code}']
    except Exception as error:  # a crash in Celery's own conversion
        return ['error', f'{type(error).__name__}: {error}']


import celery  # noqa: E402

# Whatever Celery prints while parsing goes to stderr: stdout carries only the answer.
out = sys.stdout
sys.stdout = sys.stderr
results = [parse(argv) for argv in json.load(sys.stdin)]
out.write(json.dumps({'celery': celery.__version__, 'results': results}))
