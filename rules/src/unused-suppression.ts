import { createRule, UNUSED_SUPPRESSION } from '@celery-lint/core';

/**
 * Suppression comments that silence nothing. Its findings come from the
 * engine's suppression stage (suppressions.ts), which is the only place that
 * knows which comments silenced which findings; this entry gives it what
 * every rule has: an id to select, a severity, a fix safety and a doc page.
 */
export const unusedSuppression = createRule({
  meta: {
    id: UNUSED_SUPPRESSION,
    description: 'A # noqa or # celery-lint: disable comment that silences nothing',
    category: 'style',
    defaultSeverity: 'warning',
    fix: { safety: 'safe' },
    messages: {
      unused: 'Unused suppression: no {{ids}} finding on this line.',
      unknownRule: 'Suppression names {{ids}}, which is not a celery-lint rule.',
    },
  },
  check() {
    // Reported by the engine after every rule has run (see the comment above).
  },
});
