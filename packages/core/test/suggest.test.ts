import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundedEditDistance, closestMatch, editDistance } from '../src';

test('edit distance counts insertions, deletions, substitutions and transpositions', () => {
  assert.equal(editDistance('broker_url', 'broker_url'), 0);
  assert.equal(editDistance('broker_ur', 'broker_url'), 1);
  assert.equal(editDistance('borker_url', 'broker_url'), 1);
  assert.equal(editDistance('task_serialiser', 'task_serializer'), 1);
  assert.equal(editDistance('abc', 'xyz'), 3);
});

test('closestMatch suggests only plausible typos', () => {
  const names = ['broker_url', 'result_backend', 'task_serializer'];
  assert.equal(closestMatch('BROKER_URLL', names), 'broker_url');
  assert.equal(closestMatch('result_backnd', names), 'result_backend');
  assert.equal(closestMatch('queue', names), undefined);
  assert.equal(closestMatch('proj.tasks.ad', ['proj.tasks.add', 'proj.tasks.sub']), 'proj.tasks.add');
});

/** The plain full-table algorithm, as the bounded one must agree with it. */
function referenceDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

function referenceClosest(word: string, candidates: readonly string[]): string | undefined {
  const target = word.toLowerCase();
  const limit = Math.min(4, Math.max(1, Math.floor(target.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - target.length) > limit) continue;
    const distance = referenceDistance(target, candidate.toLowerCase());
    if (distance < bestDistance && distance <= limit) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** A small deterministic generator, so a failure names a reproducible case. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

function mutate(word: string, next: () => number): string {
  let out = word;
  for (let k = Math.floor(next() * 4); k > 0; k--) {
    const at = Math.floor(next() * (out.length + 1));
    const letter = 'abcxyz_.'[Math.floor(next() * 8)]!;
    const op = Math.floor(next() * 4);
    if (op === 0) out = out.slice(0, at) + letter + out.slice(at);
    else if (op === 1) out = out.slice(0, at) + out.slice(at + 1);
    else if (op === 2) out = out.slice(0, at) + letter + out.slice(at + 1);
    else if (at + 1 < out.length) out = out.slice(0, at) + out[at + 1] + out[at] + out.slice(at + 2);
  }
  return out;
}

test('bounded distance is exact up to its bound and above it beyond', () => {
  assert.equal(boundedEditDistance('broker_url', 'borker_url', 1), 1);
  assert.equal(boundedEditDistance('abcdef', 'badcfe', 2), 3);
  assert.equal(boundedEditDistance('abcdef', 'badcfe', 3), 3);
  assert.equal(boundedEditDistance('short', 'a much longer name', 4), 5);
  assert.equal(boundedEditDistance('', 'abc', 3), 3);
  assert.equal(boundedEditDistance('x', 'y', 0), 1);
  const next = random(42);
  for (let n = 0; n < 3000; n++) {
    const a = mutate('proj.tasks.send_email', next);
    const b = mutate(next() < 0.5 ? a : 'proj.tasks.send_mail', next);
    const exact = referenceDistance(a, b);
    assert.equal(editDistance(a, b), exact, `${a} / ${b}`);
    for (const max of [0, 1, 2, 3, 4]) {
      const bounded = boundedEditDistance(a, b, max);
      if (exact <= max) assert.equal(bounded, exact, `${a} / ${b} within ${max}`);
      else assert.ok(bounded > max, `${a} / ${b}: ${bounded} for ${exact} over ${max}`);
    }
  }
});

test('closestMatch picks what the full table picks, ties to the first candidate', () => {
  assert.equal(closestMatch('task_ab', ['task_ac', 'task_ad']), 'task_ac');
  assert.equal(closestMatch('Broker_Url', ['broker_url', 'Broker_Url']), 'broker_url');
  const next = random(7);
  const base = ['app.tasks.t0', 'app.tasks.t1', 'app.tasks.cleanup', 'proj.tasks.send_email', 'proj.tasks.send_mail', 'task_serializer', 'result_backend'];
  for (let n = 0; n < 2000; n++) {
    const candidates = base.map((w) => mutate(w, next));
    const word = mutate(base[Math.floor(next() * base.length)]!, next);
    assert.equal(closestMatch(word, candidates), referenceClosest(word, candidates), `${word} among ${candidates.join(', ')}`);
  }
});
