// A Django setting described for a person from the generated Django table
// (defaults per release, the lines that added or removed it): shared by hover
// and completion. Django's own prose is not ours to copy, so the words are
// facts and a link to Django's reference for the target version.
import { describeValue, knowledge, type AbstractValue } from '@celery-lint/core';

const KIND_TYPES: Readonly<Record<string, string>> = { bool: 'bool', str: 'str', template: 'str', list: 'list', tuple: 'tuple', set: 'set', dict: 'dict', none: 'None or a value' };

function typeOf(value: AbstractValue): string | undefined {
  if (value.kind === 'num') return value.isInt ? 'int' : 'float';
  return KIND_TYPES[value.kind];
}

/** Whether some Django release celery-lint knows has a setting of this name (also one added or removed since). */
export function isDjangoSettingName(name: string): boolean {
  return knowledge.djangoSettingSpan(name) !== undefined || knowledge.SCANNED_DJANGO_LINES.some((line) => knowledge.djangoHasSetting(name, line));
}

/** The settings the target Django defines, sorted. */
export function djangoSettingNames(version: string | undefined): string[] {
  return Object.keys(knowledge.djangoReleaseFor(version).defaults)
    .filter((name) => knowledge.djangoHasSetting(name, version))
    .sort();
}

/** Django's reference page for the target's line, at the setting's anchor. */
export function djangoDocsUrl(name: string, version: string | undefined): string {
  const line = (version ?? knowledge.NEWEST_DJANGO_LINE).split('.').slice(0, 2).join('.');
  return `https://docs.djangoproject.com/en/${line}/ref/settings/#${name.toLowerCase().replace(/_/g, '-')}`;
}

/** Type, default and history in one line, for the target Django. */
export function djangoSettingFacts(name: string, version: string | undefined): string {
  const target = version ?? knowledge.NEWEST_DJANGO_LINE;
  const facts: string[] = [];
  const value = knowledge.djangoDefaultIn(name, version);
  if (value) {
    const type = typeOf(value);
    if (type) facts.push(`type \`${type}\``);
    facts.push(`default in Django ${target} \`${describeValue(value)}\``);
  }
  const span = knowledge.djangoSettingSpan(name);
  if (span?.since) facts.push(`added in Django ${span.since}`);
  if (span?.removedIn) facts.push(`removed in Django ${span.removedIn}`);
  return facts.join(' · ');
}

export function djangoSettingMarkdown(name: string, version: string | undefined): string {
  const target = version ?? knowledge.NEWEST_DJANGO_LINE;
  const lines = [`**\`${name}\`** (Django setting)`, ''];
  if (!knowledge.djangoHasSetting(name, version)) {
    const span = knowledge.djangoSettingSpan(name);
    lines.push(
      span?.removedIn && knowledge.djangoAtLeast(version, span.removedIn)
        ? `*Django ${target} no longer has this setting and ignores it (removed in ${span.removedIn}).*`
        : `*Django ${target} does not have this setting yet${span?.since ? ` (added in ${span.since})` : ''}.*`,
      '',
    );
  }
  const facts = djangoSettingFacts(name, version);
  if (facts) lines.push(facts, '');
  lines.push(`[Django's reference](${djangoDocsUrl(name, version)})`);
  return lines.join('\n');
}
