// Where to report a finding about part of a value, and whether that part can
// be edited safely: shared by rules that look inside setting values.
import type { AbstractValue, Binding, SourceSpan, StrValue } from '@celery-lint/core';

function within(span: SourceSpan | undefined, outer: SourceSpan): span is SourceSpan {
  return !!span && span.file === outer.file && span.start >= outer.start && span.end <= outer.end;
}

/** Written in the binding's own value expression, or in another path's (if/else) expression for the same name. */
function inside(span: SourceSpan | undefined, binding: Binding): span is SourceSpan {
  return within(span, binding.valueSpan) || (binding.alternativeValueSpans ?? []).some((outer) => within(span, outer));
}

/**
 * The span to report a matched sub-value at: the sub-value itself when it is
 * written inside the binding's own value expression (one branch of an
 * if/else, the default of os.environ.get), else the name every match was
 * read through there (the branch that read them), else the binding.
 */
export function reportSpan(binding: Binding, matches: readonly AbstractValue[]): SourceSpan {
  const only = matches.length === 1 ? matches[0]! : undefined;
  if (inside(only?.span, binding)) return only.span;
  const site = matches[0]?.site;
  if (inside(site, binding) && matches.every((m) => m.site && m.site.start === site.start && m.site.end === site.end && m.site.file === site.file)) return site;
  return binding.valueSpan;
}

/** A string literal written inside the binding's value, which a fix may replace without touching other uses. */
export function editableLiteral(binding: Binding, value: AbstractValue): value is StrValue & { span: SourceSpan } {
  return value.kind === 'str' && value.literal && inside(value.span, binding);
}

/** When the value was built elsewhere (reached through a name), point at where. */
export function definedElsewhere(binding: Binding, matches: readonly AbstractValue[]): Array<{ span: SourceSpan; message: string }> {
  return matches
    .filter((m) => m.span && !inside(m.span, binding))
    .slice(0, 3)
    .map((m) => ({ span: m.span!, message: 'the value is built here' }));
}
