import { createRule, knowledge, possibilities, type AbstractValue } from '@celery-lint/core';

/** Whether an accept list may contain pickle (short name or MIME type). */
function acceptsPickle(value: AbstractValue): boolean {
  return possibilities(value).some(
    (v) => (v.kind === 'list' || v.kind === 'tuple' || v.kind === 'set') && v.items.some((i) => i.kind === 'str' && knowledge.isPickle(i.value)),
  );
}

/** An empty string does not count: Celery treats C_FORCE_ROOT='' as unset. */
function mayBeNonEmpty(value: AbstractValue): boolean {
  return possibilities(value).some((v) => v.kind !== 'unset' && !(v.kind === 'str' && v.value === '') && v.kind !== 'none');
}

/**
 * Code that sets C_FORCE_ROOT while pickle is accepted: the one guard Celery
 * has against a root worker unpickling messages is switched off.
 */
export const workerAsRoot = createRule({
  meta: {
    id: 'celery/worker-as-root',
    description: 'C_FORCE_ROOT set in code while the worker accepts pickle',
    category: 'security',
    defaultSeverity: 'error',
    messages: {
      forced:
        "C_FORCE_ROOT is set while accept_content accepts pickle: a worker running as root will unpickle any message, so anyone who can publish to the broker runs code as root. Run the worker as an unprivileged user and accept only 'json'.",
    },
  },
  check(context) {
    const accept = context.get('accept_content');
    if (!accept.binding || !acceptsPickle(accept.value)) return;
    for (const write of context.environmentWrites()) {
      if (write.name !== 'C_FORCE_ROOT' || !mayBeNonEmpty(write.value)) continue;
      context.report({ at: write.span, messageId: 'forced', related: [{ span: accept.binding.valueSpan, message: 'pickle is accepted here' }] });
    }
  },
});
