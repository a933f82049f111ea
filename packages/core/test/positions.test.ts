import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../src';
import { lintSources } from './helpers';

test('LineIndex counts UTF-16 code units and every line-break style', () => {
  const text = '# 한국어 😀\r\nX = 1\rY = 2\nZ';
  const index = new LineIndex(text);
  assert.equal(index.lineCount, 4);
  assert.deepEqual(index.position(text.indexOf('X')), { line: 1, character: 0 });
  assert.deepEqual(index.position(text.indexOf('Y')), { line: 2, character: 0 });
  assert.deepEqual(index.position(text.indexOf('😀') + 2), { line: 0, character: 8 });
  assert.equal(index.lineText(0), '# 한국어 😀');
  assert.equal(index.offset({ line: 3, character: 0 }), text.indexOf('Z'));
  assert.equal(index.offset({ line: 0, character: 99 }), index.lineEnd(0));
});

test('binding spans after Korean comments and emoji are UTF-16 offsets into the text', async () => {
  const text = "# 설정 파일 🚀🚀\nBROKER = '브로커'  # 주석 😀\nCELERY_RESULT_BACKEND = 'amqp://호스트'\n";
  const out = await lintSources(text);
  const binding = out.configurations[0]!.bindings.find((b) => b.key === 'CELERY_RESULT_BACKEND')!;
  assert.equal(text.slice(binding.valueSpan.start, binding.valueSpan.end), "'amqp://호스트'");
  const index = new LineIndex(text);
  assert.deepEqual(index.range(binding.valueSpan), { start: { line: 2, character: 24 }, end: { line: 2, character: 36 } });
});
