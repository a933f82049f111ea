// Whether a name is written elsewhere (word-mentions.ts): the first questions
// scan the texts, later ones read word counts; both must answer alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WordMentions } from '../src/word-mentions';

const TEXTS = new Map([
  ['/p/settings.py', 'broker_url = "x"\nresult_backend = broker_url\nfoo_bar = 1  # result_backend_x\nonly_here = 2\n'],
  ['/p/tasks.py', 'from settings import foo_bar\nprint(foo_bar)\nx = "result_backend"\n'],
  ['/p/empty.py', ''],
]);

/** Spans of the first occurrence of each name in settings.py, and questions about them. */
const QUESTIONS: Array<[name: string, where: 'anywhere' | 'other-files']> = [
  ['broker_url', 'anywhere'],
  ['broker_url', 'other-files'],
  ['result_backend', 'anywhere'],
  ['result_backend', 'other-files'],
  ['foo_bar', 'other-files'],
  ['only_here', 'anywhere'],
  ['only_here', 'other-files'],
  ['nowhere', 'anywhere'],
  ['result', 'anywhere'],
];

function answers(mentions: WordMentions): boolean[] {
  const text = TEXTS.get('/p/settings.py')!;
  return QUESTIONS.map(([name, where]) => {
    const start = text.indexOf(name);
    return mentions.mentionedElsewhere(name, { file: '/p/settings.py', start: Math.max(start, 0), end: Math.max(start, 0) + name.length }, where);
  });
}

test('a name is mentioned elsewhere when another file, or another place of its own file, writes it as a word', () => {
  assert.deepEqual(answers(new WordMentions(TEXTS)), [true, false, true, true, true, false, false, false, false]);
});

test('questions answered by scanning and by word counts agree', () => {
  const warmed = new WordMentions(TEXTS);
  // Enough questions to pass the scans' budget: the rest are answered from word counts.
  for (let i = 0; i < 20; i++) warmed.mentionedElsewhere('nowhere', { file: '/p/tasks.py', start: 0, end: 0 }, 'anywhere');
  assert.deepEqual(answers(warmed), answers(new WordMentions(TEXTS)));
});
