// The pre-filter on bytes (byte-prefilter/): it must give the text test's
// answer wherever it answers, and leave the file undecided where it cannot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { byteScannerAvailable, mightConfigureCelery, mightConfigureCeleryBytes, readSource, readSourceBytes, type ByteVerdict } from '../src';

/** What decoding gives (a leading byte-order mark dropped), as the CLI decodes. */
const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);

/** The byte test's verdict, checked against the text test's answer on the decoded text. */
function verdict(text: string, file?: string): ByteVerdict {
  const bytes = Buffer.from(text, 'utf8');
  const answer = mightConfigureCeleryBytes(bytes, file);
  if (answer !== 'undecided') assert.equal(answer === 'yes', mightConfigureCelery(decode(bytes), file), `the byte and text tests disagree on ${JSON.stringify(text)}`);
  return answer;
}

test('the scanner runs here (without it every file would be decoded and judged on its text)', () => {
  assert.equal(byteScannerAvailable(), true);
});

test('words anywhere, and none', () => {
  assert.equal(verdict('import os\n\nprint(os.getcwd())\n'), 'no');
  assert.equal(verdict('from celery import Celery\n'), 'yes');
  assert.equal(verdict("os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"), 'yes');
  assert.equal(verdict('    send_welcome.delay(user)\n'), 'yes');
  assert.equal(verdict('x = "celer"\n'), 'no');
  assert.equal(verdict('x = 1  # ends in a word: celery'), 'yes');
  assert.equal(verdict('', '/p/__init__.py'), 'yes');
  assert.equal(verdict('import os\n', '/p/pkg/__init__.py'), 'yes');
});

test('a word is found at every offset, across the 16-byte blocks the scanner reads', () => {
  for (let offset = 0; offset < 40; offset++) {
    for (const word of ['celery', 'MIDDLEWARE', '.apply_async(']) {
      assert.equal(verdict(`${'x'.repeat(offset)}${word}\n`), 'yes', `${word} at ${offset}`);
      // Cut by the file's end: not a word.
      assert.equal(verdict(`${'x'.repeat(offset)}${word.slice(0, -1)}`), 'no', `${word.slice(0, -1)} at ${offset}`);
    }
  }
});

test('a byte-order mark is passed over, as decoding drops it', () => {
  assert.equal(verdict('\uFEFFbroker_url = "redis://"\n'), 'yes');
  assert.equal(verdict('\uFEFFimport os\n'), 'no');
});

test('non-ASCII text is read as its ASCII neighbours: a Unicode space after a setting name leaves the text test to decide', () => {
  assert.equal(verdict('# café, naïve — “quoted”\nbroker_url = 1\n'), 'yes');
  assert.equal(verdict('# café — …\nx = 1\n'), 'no');
  assert.equal(verdict('broker_url\u00a0= 1\n'), 'undecided');
  assert.equal(mightConfigureCelery('broker_url\u00a0= 1\n'), true);
});

test('line breaks other than \\n leave the text test to decide; \\n alone is judged', () => {
  assert.equal(verdict('x = 1\r\nbroker_url = 1\r\n'), 'undecided');
  assert.equal(verdict('x = 1\rbroker_url = 1\r'), 'undecided');
  assert.equal(verdict('# a\u2028b\nx = 1\n'), 'undecided');
  assert.equal(verdict('# a\u2029b\nx = 1\n'), 'undecided');
  assert.equal(verdict('x = 1\nbroker_url = 1\n'), 'yes');
});

test("an app's .conf, read or written, is APP_CONF's yes; another .conf, or app.config, is not", () => {
  assert.equal(verdict('def f():\n    app.conf.update(task_serializer="json")\n'), 'yes');
  assert.equal(verdict("X = celery_app.conf ['broker_url']\n"), 'yes');
  assert.equal(verdict('X = app.conf\n  .x\n'), 'yes');
  assert.equal(verdict("default_app_config = 'myapp.config.Config'\n"), 'no');
  assert.equal(verdict('from django.conf import settings\n'), 'no');
  assert.equal(verdict('def f():\n    return self.conf.get("x")\n'), 'no');
  assert.equal(verdict('x = app.conf'), 'no');
  // A Unicode space may follow (`\s`): the text test decides.
  assert.equal(verdict('x = app.conf\u3000.broker_url\n'), 'undecided');
  assert.equal(verdict('x = app.conf\u00e9\n'), 'undecided');
});

test('setting-shaped names: at the top level, in a class, in a top-level block, not in a function or a model field', () => {
  assert.equal(verdict('task_routes = {}\n'), 'yes');
  assert.equal(verdict('task_id: str = "x"\n'), 'yes');
  assert.equal(verdict('imports = ("a",)\n'), 'yes');
  assert.equal(verdict('tasks = []\nimport os\n'), 'no');
  assert.equal(verdict('class Config:\n    broker_url = "redis://"\n'), 'yes');
  assert.equal(verdict('if DEBUG:\n    result_backend = "rpc://"\n'), 'yes');
  assert.equal(verdict('def run():\n    task_id = uuid()\n    return task_id\n'), 'no');
  assert.equal(verdict('async def run():\n    task_id = 1\n'), 'no');
  assert.equal(verdict('class Job(Model):\n    event_type = db.Column(db.String)\n'), 'no');
  assert.equal(verdict('class Job(Model):\n    event_type: str = models.CharField(max_length=3)\n'), 'no');
  assert.equal(verdict('class Settings:\n    task_queues = (Queue("default"),)\n'), 'yes');
  assert.equal(verdict('class Settings:\n    task_queues = kombu.Queue("default")\n'), 'yes');
  // A call's keyword: judged by where the call is.
  assert.equal(verdict('x = dict(\n    task_id=1)\n'), 'yes');
  assert.equal(verdict('def f():\n    g(\n        task_id=1)\n'), 'no');
  // In a triple-quoted string inside a function, nothing configures.
  assert.equal(verdict('def f():\n    s = """\n    task_id = 1\n    """\n'), 'no');
  // A form feed resets the indentation, as Python counts it.
  assert.equal(verdict('def f():\n    pass\n\fbroker_url = 1\n'), 'yes');
  assert.equal(verdict('def f():\n\t\ttask_id = 1\n'), 'no');
  // `\s` takes a line break on the whole text (the line scan), not on one line (settingOutsideFunctions).
  assert.equal(verdict('def f():\n    pass\nclass C:\n    task_id\n= 1\n'), 'no');
  assert.equal(verdict('task_id\n= 1\n'), 'yes');
});

test('nesting deeper than the scanner keeps leaves the text test to decide', () => {
  const lines = Array.from({ length: 1100 }, (_, depth) => `${' '.repeat(depth)}class C${depth}:\n`);
  assert.equal(verdict(`${lines.join('')}${' '.repeat(1100)}task_id = 1\n`), 'undecided');
  assert.equal(verdict(`${lines.slice(0, 100).join('')}${' '.repeat(100)}task_id = 1\n`), 'yes');
});

test('task decorators, configurations imports, star imports', () => {
  assert.equal(verdict('@app.task\ndef f():\n    pass\n'), 'yes');
  assert.equal(verdict('    @app.task.bind\n'), 'yes');
  assert.equal(verdict('@app.tasks\ndef f():\n    pass\n'), 'no');
  assert.equal(verdict('@shared_task\ndef f():\n    pass\n'), 'no');
  assert.equal(verdict('@.task\n'), 'no');
  assert.equal(verdict('from configurations import Configuration\n'), 'yes');
  assert.equal(verdict('import configurations\n'), 'yes');
  assert.equal(verdict('from configurations_extra import x\n'), 'no');
  assert.equal(verdict('from .common import *\n'), 'yes');
  assert.equal(verdict('    from a.b import  *\n'), 'yes');
  assert.equal(verdict('from a import b, *\n'), 'no');
  assert.equal(verdict('x = 1\n\f@app.task\n'), 'no');
});

test('generated files agree with the text test, whatever the scanner answers', () => {
  const pieces = ['', ' ', '\t', '    ', '\f', '\n', '\r\n', 'def f():', 'class C:', 'async def g():', 'task_id = 1', 'broker_url=2', 'event_type = db.Column(x)', 'x = (', ')', '"""', "'", '#', '\\', '@app.task', 'from a import *', 'import configurations', 'é', '\u00a0', 'celery', 'app.conf.x', 'imports', ':', '='];
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % pieces.length;
  for (let n = 0; n < 3000; n++) {
    const text = Array.from({ length: 4 + (n % 40) }, () => pieces[next()]).join('');
    verdict(text);
  }
});

test('readSourceBytes reports what readSource reports, and hands back the bytes of a UTF-8 file undecoded', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'byte-prefilter-'));
  try {
    const cases: Array<[string, number[]]> = [
      ['latin1.py', [0x23, 0x20, 0xe9, 0x0a]],
      ['surrogate.py', [0xed, 0xa0, 0x80]],
      ['overlong.py', [0xc0, 0xaf]],
      ['beyond.py', [0xf4, 0x90, 0x80, 0x80]],
      ['truncated.py', [0x78, 0xe2, 0x82]],
      ['good.py', [0xef, 0xbb, 0xbf, 0x78, 0x20, 0x3d, 0x20, 0xe2, 0x82, 0xac, 0x0a]],
    ];
    for (const [name, bytes] of cases) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, Buffer.from(bytes));
      const text = readSource(file);
      const raw = readSourceBytes(file);
      assert.equal(raw.ok, text.ok, name);
      if (!raw.ok && !text.ok) assert.equal(raw.message, text.message, name);
      if (raw.ok && text.ok) assert.equal(decode(raw.bytes), text.text, name);
    }
    assert.deepEqual(readSourceBytes(path.join(dir, 'missing.py')), readSource(path.join(dir, 'missing.py')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
