import { boundedEditDistance, closestMatch, createRule, knowledge, possibilities, type AbstractValue, type SuggestionDescriptor } from '@celery-lint/core';
import { where } from './django-facts';

/** The prefix of a check id: `admin` of `admin.E108`. */
function prefixOf(id: string): string {
  const dot = id.indexOf('.');
  return dot < 0 ? id : id.slice(0, dot);
}

/**
 * A SILENCED_SYSTEM_CHECKS entry that names no check of the target Django:
 * Django does not validate the list, so a misspelt id silences nothing
 * (the warning it was meant to hide keeps coming, or worse, the team thinks
 * a check is off that never was), and an id Django has since removed is dead
 * configuration. Ids of third-party apps (`debug_toolbar.W006`) are not
 * Django's to judge and are left alone.
 */
export const unknownSilencedCheck = createRule({
  meta: {
    id: 'django/unknown-silenced-check',
    description: 'A SILENCED_SYSTEM_CHECKS entry names no system check of the target Django version',
    category: 'correctness',
    defaultSeverity: 'warning',
    hasSuggestions: true,
    messages: {
      never:
        "SILENCED_SYSTEM_CHECKS names '{{id}}' in {{module}} ({{because}}), but no Django release from {{oldest}} to {{newest}} has a check with that id{{suggestion}}: the entry silences nothing.",
      removed:
        "SILENCED_SYSTEM_CHECKS names '{{id}}' in {{module}} ({{because}}), a check Django {{lastIn}} had and Django {{version}} no longer has: the entry does nothing now and can go.",
      replace: "Silence '{{replacement}}' instead",
    },
  },
  checkDjango(context) {
    const silenced = context.setting('SILENCED_SYSTEM_CHECKS');
    if (!silenced.binding) return;
    const version = context.djangoVersion ?? knowledge.NEWEST_DJANGO_LINE;
    const seen = new Set<number>();
    for (const list of possibilities(silenced.value)) {
      if (list.kind !== 'list' && list.kind !== 'tuple' && list.kind !== 'set') continue;
      for (const item of list.items) {
        if (item.kind !== 'str' || !item.span || seen.has(item.span.start)) continue;
        seen.add(item.span.start);
        const finding = judge(item.value, context.djangoVersion);
        if (!finding) continue;
        context.report({
          at: item.span,
          messageId: finding.messageId,
          data: { id: item.value, version, ...finding.data, ...where(context) },
          ...(finding.replacement && item.literal ? { suggestions: [replaceWith(item, finding.replacement, context.sourceText(item.span.file))] } : {}),
        });
      }
    }
  },
});

interface Judgement {
  readonly messageId: 'never' | 'removed';
  readonly data: Readonly<Record<string, string>>;
  readonly replacement?: string;
}

function judge(id: string, djangoVersion: string | undefined): Judgement | undefined {
  const standing = knowledge.djangoCheckStanding(id, djangoVersion);
  if (standing.kind === 'removed') return { messageId: 'removed', data: { lastIn: standing.lastIn } };
  if (standing.kind !== 'never') return undefined;
  const nearest = plausibleSlip(id, knowledge.djangoCheckIds(djangoVersion));
  // An id under a prefix Django does not use is a third-party app's (`axes.W003`),
  // unless its prefix is one slip away from one of Django's (`secuirty.W004`).
  const misspeltPrefix =
    nearest !== undefined && !knowledge.isDjangoCheckPrefix(prefixOf(id)) && boundedEditDistance(prefixOf(id).toLowerCase(), prefixOf(nearest), 1) <= 1;
  if (!standing.djangoPrefix && !misspeltPrefix) return undefined;
  const lines = knowledge.SCANNED_DJANGO_LINES;
  const suggestion = id.includes('*') ? ' (Django matches ids exactly: there are no wildcards)' : nearest ? ` (did you mean '${nearest}'?)` : '';
  return {
    messageId: 'never',
    data: { suggestion, oldest: lines[0]!, newest: lines[lines.length - 1]! },
    ...(nearest && !id.includes('*') ? { replacement: nearest } : {}),
  };
}

/**
 * The id the entry most likely meant: a slip in the prefix or letter
 * (`secuirty.W008`) or a number written short (`models.W42`). Another number
 * is another check (`security.W017` is not a misspelt `security.W010`).
 */
function plausibleSlip(id: string, known: readonly string[]): string | undefined {
  const nearest = closestMatch(id, known);
  if (!nearest) return undefined;
  const number = (s: string) => /(\d+)$/.exec(s)?.[1];
  const [mine, theirs] = [number(id), number(nearest)];
  return mine === undefined || theirs === undefined || parseInt(mine, 10) === parseInt(theirs, 10) ? nearest : undefined;
}

function replaceWith(item: AbstractValue & { kind: 'str' }, replacement: string, text: string): SuggestionDescriptor {
  const span = item.span!;
  const quoted = text.slice(span.start, span.end);
  const quote = /^[rRuU]?(['"])/.exec(quoted)?.[1] ?? "'";
  return {
    messageId: 'replace',
    data: { replacement },
    fix: { file: span.file, edits: [{ start: span.start, end: span.end, text: `${quote}${replacement}${quote}` }] },
  };
}
