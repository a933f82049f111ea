import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { callsName, forEachIdentifier, identifierCounts, initParser, mayMentionName, STOP, withTree } from '../src';
import { mayAssignName } from '../src/python-tokens';

function names(text: string): string[] {
  const out: string[] = [];
  forEachIdentifier(text, (start, end) => {
    out.push(text.slice(start, end));
  });
  return out;
}

function parserCounts(text: string): Map<string, number> {
  return withTree(text, (tree) => {
    const counts = new Map<string, number>();
    for (const node of tree.rootNode.descendantsOfType('identifier')) if (node) counts.set(node.text, (counts.get(node.text) ?? 0) + 1);
    return counts;
  });
}

test('identifiers in code count; comments and plain strings do not', () => {
  assert.deepEqual(names("A = B  # C = D\nE = 'F' + \"G\" + H"), ['A', 'B', 'E', 'H']);
  assert.deepEqual(names('x = 1e5 + 0xff + 10j + 1_000 + y2'), ['x', 'y2']);
  assert.deepEqual(names('obj.attr(key=value)'), ['obj', 'attr', 'key', 'value']);
  assert.deepEqual(names('변수 = 값  # 주석 name\nπ = 3'), ['변수', '값', 'π']);
  assert.deepEqual(names('𝔘 = 1'), ['𝔘']);
});

test('triple-quoted strings hold quotes, newlines and comment signs', () => {
  assert.deepEqual(names('A = """one " two \'\' # three\nB = "four"\n"""\nC'), ['A', 'C']);
  assert.deepEqual(names("A = '''x '' '\nY'''; B"), ['A', 'B']);
  assert.deepEqual(names('A = """"quoted""""\nB'), ['A', 'B']);
});

test('escapes keep a quote inside its literal, raw literals too', () => {
  assert.deepEqual(names("A = 'it\\'s' + B"), ['A', 'B']);
  assert.deepEqual(names('A = "back\\\\" + B'), ['A', 'B']);
  assert.deepEqual(names("A = r'\\'' + B"), ['A', 'B']);
  assert.deepEqual(names("A = 'one \\\ntwo' + B"), ['A', 'B']);
});

test('prefixes in any case open literals; other names before a quote stay names', () => {
  for (const prefix of ['r', 'R', 'u', 'U', 'b', 'B', 'rb', 'Rb', 'bR', 'BR', 'br', 'f', 'F', 'rf', 'fR', 'RF', 't', 'tr']) {
    const quoted = prefix.toLowerCase().includes('f') || prefix.toLowerCase().includes('t') ? "'{B}'" : "'B'";
    const expected = quoted.includes('{') ? ['A', 'B', 'C'] : ['A', 'C'];
    assert.deepEqual(names(`A = ${prefix}${quoted} + C`), expected, prefix);
  }
  assert.deepEqual(names("A = rx'B' + C"), ['A', 'rx', 'C']);
});

test('f-string holes are code: names, nested literals, brackets and format specs', () => {
  assert.deepEqual(names('f"text {name} more {{literal}} {obj.attr!r:>{width}}"'), ['name', 'obj', 'attr', 'r', 'width']);
  assert.deepEqual(names("f\"{d['KEY']} {CELERY_X}\" + Y"), ['d', 'CELERY_X', 'Y']);
  assert.deepEqual(names('f"{ {\'a\': b}[\'a\'] }" + Y'), ['b', 'Y']);
  // Python 3.12 nests the same quote; the hole's literal must not close the outer one.
  assert.deepEqual(names('f"{d["k"] + f"{inner}"}" + Y'), ['d', 'inner', 'Y']);
  assert.deepEqual(names('f"{x:%Y-%m} #{y:#x}" + Z'), ['x', 'y', 'Z']);
  assert.deepEqual(names('rf"\\{a}\\d" + f"\\N{EM DASH} {b}"'), ['a', 'b']);
  assert.deepEqual(names('f"""\n{a +\n  b  # comment c\n}"""\nD'), ['a', 'b', 'D']);
  // The `'` of a format spec's fill character is literal, not a quote.
  assert.deepEqual(names("f\"{x:'>10}\" + Y"), ['x', 'Y']);
});

test('malformed literals end with their line, so later code is still read', () => {
  assert.deepEqual(names("A = 'unterminated\nB = 1"), ['A', 'B']);
  assert.deepEqual(names('A = f"{oops\nB = 1'), ['A', 'oops', 'B']);
  assert.deepEqual(names('A = f"{x:unterminated\nB = 1'), ['A', 'x', 'B']);
});

test('an unclosed triple-quoted literal runs to the end of the file, as in Python', () => {
  assert.deepEqual(names('A = """never closed\nB'), ['A']);
});

test('a visitor can stop the scan', () => {
  const seen: string[] = [];
  forEachIdentifier('a b c d', (start, end) => {
    seen.push('a b c d'.slice(start, end));
    return seen.length === 2 ? STOP : undefined;
  });
  assert.deepEqual(seen, ['a', 'b']);
});

test('identifierCounts counts each name', () => {
  const counts = identifierCounts("CELERY_X = 1\nCELERY_Y = CELERY_X  # CELERY_X\nZ = 'CELERY_X'\n");
  assert.deepEqual([...counts], [['CELERY_X', 2], ['CELERY_Y', 1], ['Z', 1]]);
});

test('callsName finds calls outside comments and strings, not definitions', () => {
  assert.equal(callsName('app.setup_security()', 'setup_security'), true);
  assert.equal(callsName('setup_security (allowed_serializers=["json"])', 'setup_security'), true);
  assert.equal(callsName('app.setup_security \\\n  ()', 'setup_security'), true);
  assert.equal(callsName('f"{app.setup_security()}"', 'setup_security'), true);
  assert.equal(callsName('# app.setup_security()\nx = "setup_security()"', 'setup_security'), false);
  assert.equal(callsName('def setup_security(self):\n    pass', 'setup_security'), false);
  assert.equal(callsName('class setup_security(Base): pass', 'setup_security'), false);
  assert.equal(callsName('fn = app.setup_security\nmy_setup_security()', 'setup_security'), false);
  assert.equal(callsName('def setup_security(app):\n    app.setup_security()', 'setup_security'), true);
});

test('on well-formed files the counts are the parser identifiers, never fewer', async () => {
  await initParser();
  const root = path.resolve(__dirname, '../../../../fixtures');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.py')) files.push(full);
    }
  };
  walk(root);
  assert.ok(files.length > 50, `found only ${files.length} fixture files`);
  const extra = `
class Config(object):
    CELERY_X = f"{BASE!r:>{WIDTH}}" rb'\\x00' Rb"\\"" u'é'
    MULTI = f"""{
        a  # note
    } {{not}}"""
lambda: Config.CELERY_X
`;
  for (const [file, text] of [...files.map((f) => [f, fs.readFileSync(f, 'utf8')] as const), ['extra', extra] as const]) {
    const mine = identifierCounts(text);
    for (const [name, count] of parserCounts(text)) {
      assert.ok((mine.get(name) ?? 0) >= count, `${file}: ${name} ${mine.get(name) ?? 0} < ${count}`);
    }
    // Keywords are names here but not parser identifiers, and so is `r` in `!r`; every other name agrees exactly.
    if (file === 'extra') continue;
    const parser = parserCounts(text);
    for (const [name, count] of mine) {
      if (!/^(?:False|None|True|and|as|assert|async|await|break|class|continue|def|del|elif|else|except|finally|for|from|global|if|import|in|is|lambda|nonlocal|not|or|pass|raise|return|try|while|with|yield)$/.test(name)) {
        assert.equal(count, parser.get(name) ?? 0, `${file}: ${name}`);
      }
    }
  }
});

test('mayMentionName: a name with no ASCII identifier character beside it', () => {
  assert.equal(mayMentionName('x = result.get()', 'result'), true);
  assert.equal(mayMentionName('results = [r for r in rs]', 'result'), false);
  assert.equal(mayMentionName('my_result = 1; result2 = 2', 'result'), false);
  assert.equal(mayMentionName('result', 'result'), true);
  assert.equal(mayMentionName('import a.b as result', 'result'), true);
  // Strings and comments may answer true: it only proves absence.
  assert.equal(mayMentionName('# the result', 'result'), true);
  // A non-ASCII neighbour is no proof of another name: still a mention.
  assert.equal(mayMentionName('결과result = 1', 'result'), true);
  assert.equal(mayMentionName('x = café', 'café'), true);
  assert.equal(mayMentionName('x = caféx', 'café'), false);
});

test('mayMentionName agrees with the parser: every identifier the tree holds is mentioned', async () => {
  await initParser();
  const text = ['from a.b import c as 결과', 'global_x = 1', 'def f(r, *rs):', '    for rr in rs:', '        r = rr.get(r)', '    (x := r)', '    return 결과, r_2, café'].join('\n');
  withTree(text, (tree) => {
    const identifiers = tree.rootNode.descendantsOfType('identifier').map((n) => n!.text);
    assert.ok(identifiers.length > 10);
    for (const name of identifiers) assert.equal(mayMentionName(text, name), true, name);
  });
  assert.equal(mayMentionName(text, 'global'), false);
  assert.equal(mayMentionName(text, 'rr'), true);
  assert.equal(mayMentionName(text, 'r_'), false);
});

test('mayAssignName: a name followed by = or an annotation, inside the range; never ==, another name, or outside it', () => {
  const text = 'def f(data, kwargs):\n    if data == 1:\n        result = task.delay()\n    value: int = 2\n    other \\\n        = 3\n    f(kwargs=1)\n';
  const end = text.length;
  assert.equal(mayAssignName(text, 'result', 0, end), true);
  assert.equal(mayAssignName(text, 'value', 0, end), true);
  // A backslash continuation between the name and its `=`.
  assert.equal(mayAssignName(text, 'other', 0, end), true);
  // A comparison binds nothing; `data` is a parameter only.
  assert.equal(mayAssignName(text, 'data', 0, end), false);
  // Part of a longer name.
  assert.equal(mayAssignName(text, 'sult', 0, end), false);
  // A keyword argument passes (a superset).
  assert.equal(mayAssignName(text, 'kwargs', 0, end), true);
  // Outside the range asked.
  assert.equal(mayAssignName(text, 'result', 0, text.indexOf('result')), false);
  assert.equal(mayAssignName(text, 'result', text.indexOf('value'), end), false);
});
