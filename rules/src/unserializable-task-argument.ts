import { createRule, knowledge, possibilities, type AbstractValue, type Certainty, type Hazard, type HazardKind, type PassedValue, type RuleContext, type TaskCall } from '@celery-lint/core';
import { isTestFile, truthy } from './config-facts';

/** What to pass instead, per kind of value. */
const INSTEAD: Readonly<Record<HazardKind, string>> = {
  'model-instance': 'pass its primary key and fetch it again in the task',
  queryset: 'pass a list of primary keys (list(qs.values_list("pk", flat=True)))',
  'request-user': 'pass request.user.pk',
  set: 'pass a list',
  bytes: 'decode it, or base64-encode it, first',
  exception: 'pass str(exc)',
};

/** Whether a serializer value is JSON on every path ('is'), on some ('may be'), or never. */
function json(value: AbstractValue): Certainty | undefined {
  const all = possibilities(value);
  const hits = all.filter((v) => v.kind === 'str' && (v.value === 'json' || v.value === 'application/json'));
  if (hits.length === 0) return undefined;
  return hits.length === all.length ? 'is' : 'may be';
}

function both(a: Certainty, b: Certainty): Certainty {
  return a === 'is' && b === 'is' ? 'is' : 'may be';
}

/** The hazards kombu's JSON really cannot carry for the target (bytes it can, from kombu 5.3). */
function hazardsFor(value: PassedValue, version: string): { kinds: Hazard[]; certainty: Certainty } | undefined {
  if (!value.hazards) return undefined;
  const bytesOk = knowledge.kombuJsonTypes(version).has('bytes');
  const kinds = value.hazards.kinds.filter((h) => !(h.kind === 'bytes' && bytesOk));
  if (kinds.length === 0) return undefined;
  return { kinds, certainty: kinds.length === value.hazards.kinds.length ? value.hazards.certainty : 'may be' };
}

/** The serializer a call's message is encoded with: the call's own option, the task's, else task_serializer. */
function callSerializer(context: RuleContext, call: TaskCall): AbstractValue {
  const own = call.options.get('serializer');
  if (own) return own.value;
  if (call.kind !== 'send_task') {
    const task = call.task?.options.get('serializer');
    if (task) return task.value;
    // A task of unknown options (called by name with signature()) may have its own serializer.
    if (!call.task && call.kind === 'signature') return { kind: 'unknown', reason: 'the task may set its own serializer' };
  }
  return context.get('task_serializer').value;
}

function taskLabel(call: TaskCall): string {
  return call.task ? call.task.functionName : call.taskName ? `'${call.taskName}'` : 'the task';
}

/**
 * Task arguments (and return values) JSON cannot carry: with the json
 * serializer (Celery's default), kombu raises EncodeError ("Object of type
 * User is not JSON serializable") at .delay() for arguments, and the worker
 * marks a task FAILURE when its return value cannot be stored (checked on
 * 5.2.6 and 5.6.3). What the value is comes from the local data flow only
 * (app-usage/json-hazards.ts); what kombu's JSON encodes comes from kombu's
 * source per release (bytes from kombu 5.3).
 */
export const unserializableTaskArgument = createRule({
  meta: {
    id: 'celery/unserializable-task-argument',
    description: "A task argument or return value JSON cannot carry (a model instance, QuerySet, request.user, set, exception)",
    category: 'correctness',
    defaultSeverity: 'error',
    messages: {
      argument:
        "This {{certainty}} {{what}}, passed to {{task}} with the {{serializer}} serializer: kombu's JSON cannot encode it, so {{call}} raises kombu.exceptions.EncodeError (… is not JSON serializable). Instead, {{instead}}.",
      returned:
        "{{task}} returns {{what}} here{{maybe}}, and results are stored with the json serializer: the worker cannot encode it (EncodeError) and marks the task FAILURE. Instead, {{instead}}.",
    },
  },
  check(context) {
    // Eager calls serialize nothing: this configuration never sees the error (another one may).
    if (truthy(context.get('task_always_eager').value) === 'is') return;
    const usage = context.usage();
    const version = context.celeryVersion;
    for (const call of usage.taskCalls) {
      if (isTestFile(call.span.file)) continue;
      const serializer = json(callSerializer(context, call));
      if (!serializer) continue;
      for (const value of call.values) {
        const found = hazardsFor(value, version);
        if (!found) continue;
        const first = found.kinds[0]!;
        const certainty = both(found.certainty, serializer);
        context.report({
          at: value.span,
          messageId: 'argument',
          data: {
            certainty: certainty === 'is' ? 'is' : 'may be',
            what: first.what,
            task: taskLabel(call),
            serializer: serializer === 'is' ? 'json' : 'json (on some paths)',
            call: call.kind === 'retry' ? 'self.retry()' : call.kind === 's' || call.kind === 'si' || call.kind === 'signature' ? 'sending the signature' : `.${call.kind}()`,
            instead: INSTEAD[first.kind],
          },
          ...(first.span.start !== value.span.start || first.span.file !== value.span.file ? { related: [{ span: first.span, message: 'the value is made here' }] } : {}),
        });
      }
    }
    // Return values are stored only with a result backend, with result_serializer.
    const backend = context.get('result_backend');
    const stored = possibilities(backend.value).every((v) => v.kind === 'str' && v.value !== '' && v.value !== 'disabled');
    if (!backend.binding || !stored || json(context.get('result_serializer').value) !== 'is') return;
    for (const task of usage.tasks) {
      const ignore = task.options.get('ignore_result');
      if (ignore && truthy(ignore.value)) continue;
      if (truthy(context.get('task_ignore_result').value) && !ignore) continue;
      for (const value of task.returns) {
        const found = hazardsFor(value, version);
        if (!found) continue;
        const first = found.kinds[0]!;
        context.report({
          at: value.span,
          messageId: 'returned',
          data: { task: task.functionName, what: first.what, maybe: found.certainty === 'is' ? '' : ' (on some paths)', instead: INSTEAD[first.kind] },
        });
      }
    }
  },
});
