// A Celery setting described for a person, from the knowledge base: shared
// by hover and completion so both say the same thing.
import { describeValue, knowledge } from '@celery-lint/core';

type SettingData = knowledge.SettingData;

const OLDEST_LINE = knowledge.lineOf(knowledge.CELERY_RELEASES[0]!);

/** The canonical setting a name written in code stands for: new name, old name, or `CELERY_`-namespaced name. */
export function settingForName(name: string, version?: string): SettingData | undefined {
  const direct = knowledge.settingInfo(name, version);
  if (direct) return direct;
  const fromOld = knowledge.newNameForOld(name, version);
  if (fromOld) return knowledge.settingInfo(fromOld, version);
  const namespaced = /^[A-Z][A-Z0-9]*_(.+)$/.exec(name);
  if (namespaced) return knowledge.settingInfo(namespaced[1]!.toLowerCase(), version);
  return undefined;
}

export function defaultText(setting: SettingData, version?: string): string {
  return describeValue(knowledge.defaultValue(setting.name, version));
}

/** One line of facts: type, default, old name, the release that added it. */
export function settingFacts(setting: SettingData, version?: string): string {
  const facts = [`type \`${setting.type}\``, `default \`${defaultText(setting, version)}\``];
  if (setting.oldName && setting.oldName !== setting.name) facts.push(`old name \`${setting.oldName}\``);
  if (knowledge.compareReleases(setting.since, OLDEST_LINE) > 0) {
    facts.push(setting.sinceRelease === knowledge.MAIN ? 'not yet released (Celery main)' : `added in Celery ${setting.since}`);
  }
  return facts.join(' · ');
}

export function settingMarkdown(setting: SettingData, version?: string): string {
  const lines = [`**\`${setting.name}\`** (Celery setting)`, '', setting.description, '', settingFacts(setting, version)];
  const d = setting.deprecation;
  if (d) {
    const when = d.deprecateBy ? `deprecated, to be removed in Celery ${d.removeBy ?? d.deprecateBy}` : 'deprecated';
    lines.push('', `*${when[0]!.toUpperCase()}${when.slice(1)}${d.alternative ? `; use ${d.alternative} instead` : ''}.*`);
  }
  return lines.join('\n');
}
