// A Dockerfile that is linted and that a Compose service builds is parsed
// once per run (the Dockerfile parser is a fifth of a pre-commit run's
// launch-file reading on a real cookiecutter-django project), and the run
// judges it exactly as when nothing else reads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { initParser, lint, type SourceFile } from '@celery-lint/core';
import { allRules } from '@celery-lint/rules';

// The parser the core's Dockerfile reader calls: counted by wrapping it where the package exports it.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const dockerfileAst = require('dockerfile-ast') as { DockerfileParser: { parse(text: string): unknown } };

const ROOT = path.resolve('/project');
const DOCKERFILE = 'FROM python:3.12-slim\nCOPY . /app\nCMD ["celery", "-A", "proj", "worker", "--loglevel", "loud"]\n';
const COMPOSE = 'services:\n  worker:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n  beat:\n    build: {context: ., dockerfile: docker/Dockerfile}\n    command: celery -A proj beat\n';
const CELERY = "from celery import Celery\napp = Celery('proj')\napp.conf.broker_url = 'redis://redis:6379/0'\n";

function source(relative: string, text: string): SourceFile {
  return { path: path.join(ROOT, relative), text };
}

function parsesWhile(run: () => void): number {
  const original = dockerfileAst.DockerfileParser.parse;
  let count = 0;
  dockerfileAst.DockerfileParser.parse = (text: string) => {
    count++;
    return original(text);
  };
  try {
    run();
  } finally {
    dockerfileAst.DockerfileParser.parse = original;
  }
  return count;
}

function findingsOf(files: readonly SourceFile[]): string[] {
  return lint(files, { rules: allRules }).diagnostics.map((d) => `${path.relative(ROOT, d.file)}:${d.span.start}-${d.span.end} ${d.ruleId}`).sort();
}

test('a Dockerfile both linted and built by Compose services is parsed once, and judged as when read alone', async () => {
  await initParser();
  const python = source('proj/celery.py', CELERY);
  const dockerfile = source('docker/Dockerfile', DOCKERFILE);
  const compose = source('docker-compose.yml', COMPOSE);
  let alone: string[] = [];
  let together: string[] = [];
  assert.equal(parsesWhile(() => (alone = findingsOf([python, dockerfile]))), 1);
  // Compose first, then the Dockerfile: either order reads it once.
  assert.equal(parsesWhile(() => (together = findingsOf([python, compose, dockerfile]))), 1);
  assert.equal(parsesWhile(() => findingsOf([python, dockerfile, compose])), 1);
  const inDockerfile = (list: string[]) => list.filter((f) => f.startsWith('docker/Dockerfile:'));
  assert.ok(inDockerfile(alone).length > 0, `the Dockerfile's bad --loglevel is found: ${alone.join(', ')}`);
  assert.deepEqual(inDockerfile(together), inDockerfile(alone));
});
