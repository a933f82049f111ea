// Random edits in the language server, compared with the CLI after every
// edit (issue 15, item 1): sessions whose seeds found the editor reading a
// broken file otherwise than the CLI once its edits had cut it into pieces
// (seed 15: a part where tree-sitter's error recovery ran past an old piece
// boundary; seed 17: a backslash ending a comment; seed 3302: a broken
// piece whose tree the editor moved down while the CLI parsed it where it
// ended up, and error recovery read it by its offset; seed 3367: a piece
// read through a cursor made on another piece's tree). The CLI lints each
// recorded text; texts its pre-filter skips are compared on --stdin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lspEdits } from './lsp-edits';

for (const [seed, edits] of [
  [15, 100],
  [17, 150],
  [3302, 140],
  [3367, 70],
] as const) {
  test(`after each of ${edits} random edits (seed ${seed}) the language server reports what the CLI reports for the same text`, async () => {
    const outcome = await lspEdits(seed, edits);
    assert.deepEqual(outcome.stalls, []);
    assert.equal(outcome.edits, edits);
    assert.deepEqual(outcome.mismatches.map((m) => m.slice(0, 600)), []);
  });
}
