// "Did you mean ...?" for misspelt names: the closest candidate by edit
// distance, if it is close enough to be a plausible typo.

// Rows of the distance table, reused across calls: a lint run compares
// thousands of names, and fresh arrays per comparison dominated its cost.
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal string alignment distance (Levenshtein plus adjacent
 * transpositions) when it is at most `max`; otherwise some number above
 * `max`, found as soon as no alignment can come back under it.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (rows[0].length <= m) rows = [new Int32Array(2 * m + 2), new Int32Array(2 * m + 2), new Int32Array(2 * m + 2)];
  let [beforePrevious, previous, current] = rows;
  for (let j = 0; j <= m; j++) previous[j] = j;
  let previousMin = 0;
  for (let i = 1; i <= n; i++) {
    const ai = a.charCodeAt(i - 1);
    const aBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      let best = previous[j - 1]! + (ai === bj ? 0 : 1);
      const deletion = previous[j]! + 1;
      if (deletion < best) best = deletion;
      const insertion = current[j - 1]! + 1;
      if (insertion < best) best = insertion;
      if (j > 1 && ai === b.charCodeAt(j - 2) && aBefore === bj) {
        const transposition = beforePrevious[j - 2]! + 1;
        if (transposition < best) best = transposition;
      }
      current[j] = best;
      if (best < rowMin) rowMin = best;
    }
    // Each row's minimum is at least min(previous row's, the one before's + 1), so once
    // this row is above max and the previous one at least max, every later row stays above.
    if (rowMin > max && previousMin >= max) return max + 1;
    previousMin = rowMin;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[m]!;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  return boundedEditDistance(a, b, Infinity);
}

/**
 * The candidate nearest to `word` (case-insensitive), when its distance is at
 * most a third of the word's length (at least 1, at most 4); ties go to the
 * first candidate given.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const target = word.toLowerCase();
  const limit = Math.min(4, Math.max(1, Math.floor(target.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - target.length) > limit) continue;
    // Only a strictly closer candidate wins, so nothing beyond bestDistance - 1 needs an exact distance.
    const bound = Math.min(limit, bestDistance - 1);
    if (bound < 0) break;
    const distance = boundedEditDistance(target, candidate.toLowerCase(), bound);
    if (distance <= bound) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
