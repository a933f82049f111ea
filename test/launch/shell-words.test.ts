// The word splitter against the real thing: Python's shlex.split (what
// supervisord splits `command=` with) and /bin/sh (what runs shell-form
// commands), on command lines as launch files write them; and every word's
// span, read back from the source, is the word again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { splitCommands, splitWords, verbatim } from '@celery-lint/core';

const LINES = [
  'celery -A proj worker -l info',
  'celery -A "proj" worker --loglevel="INFO" -Q \'high,low\'',
  "celery -A proj worker -n 'worker1@%h' --concurrency=4",
  'celery   -A proj\tworker  ',
  '"/opt/my venv/bin/celery" -A proj beat -s "/var/lib/celery/beat schedule"',
  'celery -A proj worker --queues=a,b\\ c',
  "celery -A proj worker -n it\\'s",
  'celery -A proj worker -n "say \\"hi\\""',
  'celery -A proj worker -n a"b"c\'d\'e',
  "celery -A proj worker ''",
  'celery -A proj worker "" -c 2',
  'celery -A 프로젝트 worker -n 작업자@%h',
  'python -m celery -A proj worker --pool=solo',
  'watchmedo auto-restart --directory=./ --pattern=*.py --recursive -- celery -A proj worker',
];

test('splitWords gives the words Python shlex.split gives', () => {
  const expected = JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', 'import json, shlex, sys; print(json.dumps([shlex.split(l) for l in json.load(sys.stdin)]))'], { input: JSON.stringify(LINES), encoding: 'utf8' }),
  ) as string[][];
  LINES.forEach((line, i) => assert.deepEqual(splitWords(verbatim(line, 0)).map((w) => w.value), expected[i], line));
});

test('shell-form commands give the arguments /bin/sh passes', () => {
  for (const line of LINES.filter((l) => !/[*?[]/.test(l))) {
    const out = spawnSync('/bin/sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' }).stdout;
    const argv = out.split('\0').slice(0, -1);
    const [command] = splitCommands(verbatim(line, 0));
    assert.deepEqual(command!.words.map((w) => w.value), argv, line);
  }
});

test('control operators, comments, redirections and continuations split commands the way sh does', () => {
  const text = 'python manage.py migrate && exec celery -A proj worker 2>&1 | tee log # start\ncelery \\\n  -A proj beat; echo done';
  const commands = splitCommands(verbatim(text, 0)).map((c) => c.words.map((w) => w.value));
  assert.deepEqual(commands, [['python', 'manage.py', 'migrate'], ['exec', 'celery', '-A', 'proj', 'worker'], ['tee', 'log'], ['celery', '-A', 'proj', 'beat'], ['echo', 'done']]);
});

test('expansions are kept as written and marked, never guessed', () => {
  const [command] = splitCommands(verbatim('celery -A ${APP:-proj} worker -c "$(nproc)" -n "$HOSTNAME" $EXTRA_ARGS --pidfile=', 0));
  assert.deepEqual(
    command!.words.map((w) => [w.value, w.expands]),
    [
      ['celery', false],
      ['-A', false],
      ['${APP:-proj}', true],
      ['worker', false],
      ['-c', false],
      ['$(nproc)', true],
      ['-n', false],
      ['$HOSTNAME', true],
      ['$EXTRA_ARGS', true],
      ['--pidfile=', false],
    ],
  );
});

test('a template tag ({{ x }}, {% if %}) is one placeholder word even with spaces inside; an unclosed brace is text', () => {
  const [command] = splitCommands(verbatim('{{ venv }}/bin/celery -A proj worker --loglevel="{{ level }}" -c {% if big %}8{% endif %} {{ x', 0));
  assert.deepEqual(
    command!.words.map((w) => [w.value, w.expands]),
    [
      ['{{ venv }}/bin/celery', true],
      ['-A', false],
      ['proj', false],
      ['worker', false],
      ['--loglevel={{ level }}', true],
      ['-c', false],
      ['{% if big %}8{% endif %}', true],
      ['{{', false],
      ['x', false],
    ],
  );
});

test("every word's span reads back as that word, with offsets after non-ASCII text", () => {
  const prefix = '# 한국어 주석 😀\n';
  for (const line of LINES) {
    const text = prefix + line;
    for (const word of splitWords(verbatim(line, prefix.length))) {
      const raw = text.slice(word.start, word.end);
      assert.deepEqual(splitWords(verbatim(raw, 0)).map((w) => w.value), [word.value], `${line}: ${raw}`);
      // Each character of the value maps to where it is written.
      for (let i = 0; i < word.value.length; i++) {
        const at = text[word.mapped.offsets[i]!]!;
        assert.ok(at === word.value[i] || at === '\\', `${line}: '${word.value[i]}' maps to '${at}'`);
      }
    }
  }
});
