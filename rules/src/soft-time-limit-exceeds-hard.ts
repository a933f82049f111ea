import { classify, createRule, knowledge, type AbstractValue, type NumValue } from '@celery-lint/core';

function isNumber(v: AbstractValue): v is NumValue {
  return v.kind === 'num';
}

/** task_soft_time_limit at or above task_time_limit: the soft limit can never be handled before the hard kill. */
export const softTimeLimitExceedsHard = createRule({
  meta: {
    id: 'celery/soft-time-limit-exceeds-hard',
    description: 'task_soft_time_limit at or above task_time_limit',
    category: 'correctness',
    defaultSeverity: 'error',
    messages: {
      raises: 'task_soft_time_limit ({{soft}}) is greater than task_time_limit ({{hard}}): Celery {{version}} raises ValueError on every apply_async() of a task using these limits.',
      useless: 'task_soft_time_limit ({{soft}}) is not below task_time_limit ({{hard}}): the worker kills the task before SoftTimeLimitExceeded can be handled.',
    },
  },
  check(context) {
    const soft = context.get('task_soft_time_limit');
    const hard = context.get('task_time_limit');
    if (!soft.binding || !hard.binding) return;
    const s = classify(soft.value, isNumber);
    const h = classify(hard.value, isNumber);
    if (s.certainty !== 'is' || h.certainty !== 'is' || s.matches.length !== 1 || h.matches.length !== 1) return;
    const softValue = s.matches[0]!.value;
    const hardValue = h.matches[0]!.value;
    if (softValue < hardValue) return;
    const raises = softValue > hardValue && knowledge.compareVersions(context.celeryVersion, '5.5') >= 0;
    context.report({
      at: soft.binding,
      messageId: raises ? 'raises' : 'useless',
      data: { soft: String(softValue), hard: String(hardValue), version: context.celeryVersion },
      related: [{ span: hard.binding.valueSpan, message: 'task_time_limit is set here' }],
    });
  },
});
