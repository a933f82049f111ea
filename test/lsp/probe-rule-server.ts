// The real server with one extra rule that names, in a crash the server logs
// once per message, every configuration it is run on: the tests read the log
// to see which modules a lint read.
import { createRule } from '@celery-lint/core';
import { allRules, ruleDocPath } from '@celery-lint/rules';
import { startServer } from '@celery-lint/language-server';

const probe = createRule({
  meta: {
    id: 'celery/test-probe',
    description: 'Reports which configurations a lint built',
    category: 'correctness',
    defaultSeverity: 'error',
    messages: { never: 'never reported' },
  },
  check(context) {
    throw new Error(`built ${context.config.file}`);
  },
});

startServer({ rules: [...allRules, probe], ruleDocPath });
