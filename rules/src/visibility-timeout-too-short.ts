import { createRule, describeValue, possibilities, type AbstractValue, type DefinedTask, type RuleContext, type SourceSpan } from '@celery-lint/core';
import { brokerIs, seconds, spelled, truthy, type BrokerFamily } from './config-facts';

/**
 * kombu's defaults: transport/redis.py Channel.visibility_timeout = 3600,
 * transport/SQS.py default_visibility_timeout = 1800 (kombu 4.6 to main).
 */
const DEFAULT_TIMEOUT: Readonly<Record<'redis' | 'sqs', number>> = { redis: 3600, sqs: 1800 };
const BROKER_NAME: Readonly<Record<'redis' | 'sqs', string>> = { redis: 'Redis', sqs: 'SQS' };

interface Timeout {
  readonly seconds: number;
  readonly isDefault: boolean;
  readonly family: 'redis' | 'sqs';
  readonly certainty: 'is' | 'may be';
}

/** The visibility_timeout in broker_transport_options, or the transport's default; undefined when not known. */
function visibilityTimeout(context: RuleContext, family: 'redis' | 'sqs', certainty: 'is' | 'may be'): Timeout | 'not-a-number' | undefined {
  const options = possibilities(context.get('broker_transport_options').value);
  if (options.length !== 1 || options[0]!.kind !== 'dict') return undefined;
  const dict = options[0]!;
  const entry = dict.entries.find((e) => e.key.kind === 'str' && e.key.value === 'visibility_timeout');
  if (!entry) return dict.partial ? undefined : { seconds: DEFAULT_TIMEOUT[family], isDefault: true, family, certainty };
  const value = seconds(entry.value);
  if (value !== undefined) return { seconds: value, isDefault: false, family, certainty };
  return possibilities(entry.value).some((v) => v.kind === 'str' || v.kind === 'template') ? 'not-a-number' : undefined;
}

function describe(timeout: Timeout): string {
  return `${timeout.seconds} s${timeout.isDefault ? `, ${BROKER_NAME[timeout.family]}'s default` : ''}`;
}

/** Whether a task acknowledges late: its own acks_late, else task_acks_late. */
function acksLate(task: DefinedTask | undefined, global: AbstractValue): 'is' | 'may be' | undefined {
  const own = task?.options.get('acks_late');
  return truthy(own ? own.value : global);
}

/**
 * With a Redis or SQS broker, a message not acknowledged within the
 * visibility timeout is delivered again (Celery's Redis and SQS docs,
 * "Caveats"): a task that acknowledges late and may run longer, or an
 * ETA/countdown further away than the timeout (the worker holds such
 * messages unacknowledged until they are due), runs more than once.
 */
export const visibilityTimeoutTooShort = createRule({
  meta: {
    id: 'celery/visibility-timeout-too-short',
    description: "A Redis or SQS visibility timeout shorter than a late-acknowledged task may run, or than a countdown: the task runs again",
    category: 'correctness',
    defaultSeverity: 'warning',
    messages: {
      timeLimit:
        "{{setting}} ({{limit}} s) is longer than the visibility timeout ({{timeout}}) of the {{broker}}, and tasks acknowledge late: a task still running when the timeout passes is delivered again and runs twice. Raise visibility_timeout in broker_transport_options above the longest time limit.",
      countdown:
        "This {{what}} ({{delay}} s) is longer than the visibility timeout ({{timeout}}) of the {{broker}}: the worker holds the message unacknowledged until it is due, and the broker delivers it again every {{seconds}} s, so the task runs more than once. Raise visibility_timeout in broker_transport_options above the longest countdown, or schedule it another way.",
      notNumber:
        "visibility_timeout is {{value}}, not a number of seconds: kombu's Redis transport computes time() - visibility_timeout when it restores unacknowledged messages, which raises TypeError. Write it as an int.",
    },
  },
  check(context) {
    const broker = brokerIs(context, ['redis', 'sqs'] satisfies BrokerFamily[]);
    if (!broker) return;
    const family = broker.family as 'redis' | 'sqs';
    const timeout = visibilityTimeout(context, family, broker.certainty);
    if (timeout === 'not-a-number') {
      if (family !== 'redis') return;
      const options = context.get('broker_transport_options');
      const entry = possibilities(options.value)[0];
      const value = entry?.kind === 'dict' ? entry.entries.find((e) => e.key.kind === 'str' && e.key.value === 'visibility_timeout')?.value : undefined;
      if (options.binding && value) context.report({ at: value.span ?? options.binding.valueSpan, messageId: 'notNumber', data: { value: describeValue(value) } });
      return;
    }
    if (!timeout) return;
    const brokerName = `${BROKER_NAME[family]} broker${timeout.certainty === 'is' ? '' : ' this configuration may use'}`;
    const data = { timeout: describe(timeout), broker: brokerName, seconds: String(timeout.seconds) };
    const globalAcksLate = context.get('task_acks_late').value;

    // task_time_limit for every task that acknowledges late.
    const limit = context.get('task_time_limit');
    const limitSeconds = limit.binding ? seconds(limit.value) : undefined;
    if (limit.binding && limitSeconds !== undefined && limitSeconds > timeout.seconds && truthy(globalAcksLate)) {
      context.report({ at: limit.binding.valueSpan, messageId: 'timeLimit', data: { ...data, setting: spelled(context.config, 'task_time_limit'), limit: String(limitSeconds) } });
    }
    const usage = context.usage();
    for (const task of usage.tasks) {
      const own = task.options.get('time_limit');
      const ownSeconds = own ? seconds(own.value) : undefined;
      if (own && ownSeconds !== undefined && ownSeconds > timeout.seconds && acksLate(task, globalAcksLate)) {
        context.report({ at: own.span, messageId: 'timeLimit', data: { ...data, setting: `${task.functionName}'s time_limit`, limit: String(ownSeconds) } });
      }
    }
    // Countdowns: apply_async(countdown=...), self.retry(countdown=...), signature options.
    const reported = new Set<string>();
    const countdown = (span: SourceSpan, delay: number, what: string) => {
      const key = `${span.file}:${span.start}`;
      if (delay <= timeout.seconds || reported.has(key)) return;
      reported.add(key);
      context.report({ at: span, messageId: 'countdown', data: { ...data, what, delay: String(delay) } });
    };
    for (const call of usage.taskCalls) {
      const option = call.options.get('countdown');
      const delay = option ? seconds(option.value) : undefined;
      if (option && delay !== undefined) countdown(option.span, delay, 'countdown');
    }
    for (const task of usage.tasks) {
      const retryDelay = task.options.get('default_retry_delay');
      const delay = retryDelay ? seconds(retryDelay.value) : undefined;
      // Used by self.retry() without a countdown, and by autoretry_for.
      const retries = usage.taskCalls.some((c) => c.kind === 'retry' && c.task === task && !c.options.has('countdown') && !c.options.has('eta')) || task.options.has('autoretry_for');
      if (retryDelay && delay !== undefined && retries) countdown(retryDelay.span, delay, 'default_retry_delay');
    }
  },
});
