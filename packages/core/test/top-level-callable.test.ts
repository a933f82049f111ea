import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser } from '../src/parser';
import { acceptsOnePositionalAndKeyword, topLevelCallable } from '../src/top-level-callable';

before(async () => {
  await initParser();
});

test('a top-level def gives its parameters in Python kinds, and its decorators', () => {
  const found = topLevelCallable("import x\n\n@requires_csrf_token\ndef fail(a, b=1, /, c=2, *rest, d, e=3, **more):\n    pass\n", 'fail');
  assert.equal(found.kind, 'function');
  if (found.kind !== 'function') return;
  assert.deepEqual(
    found.parameters.map((p) => `${p.kind}:${p.name}:${p.hasDefault}`),
    ['positional-only:a:false', 'positional-only:b:true', 'positional:c:true', 'var-positional:rest:false', 'keyword-only:d:false', 'keyword-only:e:true', 'var-keyword:more:false'],
  );
  assert.deepEqual(found.decorators, ['requires_csrf_token']);
  const typed = topLevelCallable('def fail(request: HttpRequest, reason: str = "", *args: int, **kw: str) -> None:\n    pass\n', 'fail');
  assert.ok(typed.kind === 'function');
  assert.deepEqual(typed.kind === 'function' ? typed.parameters.map((p) => `${p.kind}:${p.name}:${p.hasDefault}`) : [], ['positional:request:false', 'positional:reason:true', 'var-positional:args:false', 'var-keyword:kw:false']);
});

test('absent only where nothing can bind the name; unknown for every other binding', () => {
  assert.equal(topLevelCallable('def other(request):\n    pass\n', 'fail').kind, 'absent');
  assert.equal(topLevelCallable('from .base import *\n', 'fail').kind, 'unknown');
  assert.equal(topLevelCallable("globals()['x'] = 1\n", 'fail').kind, 'unknown');
  assert.equal(topLevelCallable('def __getattr__(name):\n    pass\n', 'fail').kind, 'unknown');
  assert.equal(topLevelCallable('fail = make_view()\n', 'fail').kind, 'unknown');
  assert.equal(topLevelCallable('from allauth.views import fail\n', 'fail').kind, 'unknown');
  assert.equal(topLevelCallable('from allauth.views import other as fail\n', 'fail').kind, 'unknown');
  assert.equal(topLevelCallable('class fail:\n    pass\n', 'fail').kind, 'unknown');
  assert.equal(topLevelCallable('def fail(request):\n    pass\n\ndef fail(request, reason=None):\n    pass\n', 'fail').kind, 'unknown');
  assert.equal(topLevelCallable('def fail(request):\n    pass\n\nfail = wrap(fail)\n', 'fail').kind, 'unknown');
  assert.equal(topLevelCallable('try:\n    def fail(request):\n        pass\nexcept Exception:\n    pass\n', 'fail').kind, 'unknown');
  assert.equal(topLevelCallable('def fail(request:\n', 'fail').kind, 'unknown');
  // A name inside another word or after a dot is no mention.
  assert.equal(topLevelCallable('def failure(request):\n    views.fail = 1\n', 'fail').kind, 'absent');
});

test('the call Django makes, view(request, reason=...), as inspect.signature().bind() judges it', () => {
  const shape = (source: string) => {
    const found = topLevelCallable(`def f${source}:\n    pass\n`, 'f');
    assert.equal(found.kind, 'function', source);
    return found.kind === 'function' ? acceptsOnePositionalAndKeyword(found.parameters, 'reason') : false;
  };
  assert.equal(shape("(request, reason='')"), true);
  assert.equal(shape('(request, *, reason)'), true);
  assert.equal(shape('(request, **kwargs)'), true);
  assert.equal(shape('(*args, reason=None)'), true);
  assert.equal(shape('(reason, /, **kwargs)'), true);
  assert.equal(shape('(request, reason, extra=None)'), true);
  assert.equal(shape('(request)'), false);
  assert.equal(shape('()'), false);
  assert.equal(shape('(reason, request=None)'), false);
  assert.equal(shape('(request, reason, template)'), false);
  assert.equal(shape('(request, reason, /)'), false);
  assert.equal(shape('(*, reason)'), false);
});
