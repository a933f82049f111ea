// The real server with one extra rule that always throws: the test checks
// that a broken rule costs one logged error, not the server.
import { createRule } from '@celery-lint/core';
import { allRules, ruleDocPath } from '@celery-lint/rules';
import { startServer } from '@celery-lint/language-server';

const crashing = createRule({
  meta: {
    id: 'celery/test-crash',
    description: 'Throws on every configuration',
    category: 'correctness',
    defaultSeverity: 'error',
    messages: { never: 'never reported' },
  },
  check() {
    throw new Error('deliberate failure for the test');
  },
});

startServer({ rules: [...allRules, crashing], ruleDocPath });
