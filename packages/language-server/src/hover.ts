// Hover: on a setting name, what the setting is and what Celery will end up
// with (the effective value and where it was set); on a rule id in a
// suppression comment, that rule's documentation.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineIndex, describeValue, knowledge, type ConfiguredBinding, type EffectiveConfigurationInfo } from '@celery-lint/core';

type SettingData = knowledge.SettingData;
import type { Hover } from 'vscode-languageserver/node';
import type { OpenDocument } from './open-document';
import { settingForName, settingMarkdown } from './setting-docs';
import { djangoSettingMarkdown, isDjangoSettingName } from './django-setting-docs';
import { looksLikeDjangoSettings } from './completion';
import type { GroupRun } from './workspace';

export interface RuleDocs {
  /** The rule's documentation page (markdown), or undefined for an unknown id. */
  (ruleId: string): string | undefined;
}

/** Reads rules/docs/<name>.md through the rule pack, once per rule. */
export function ruleDocsFrom(ruleDocPath: (id: string) => string, knownIds: ReadonlySet<string>): RuleDocs {
  const cache = new Map<string, string | undefined>();
  return (id) => {
    if (!knownIds.has(id)) return undefined;
    if (!cache.has(id)) {
      let text: string | undefined;
      try {
        text = fs.readFileSync(ruleDocPath(id), 'utf8');
      } catch {
        text = undefined;
      }
      cache.set(id, text);
    }
    return cache.get(id);
  };
}

function where(run: GroupRun, doc: OpenDocument, file: string, offset: number): string {
  const text = file === doc.path ? doc.text : run.texts.get(file);
  const line = text === undefined ? undefined : new LineIndex(text).position(offset).line + 1;
  const base = run.root ?? path.dirname(doc.path);
  const shown = file === doc.path ? 'this file' : path.relative(base, file) || file;
  return line === undefined ? shown : `${shown}, line ${line}`;
}

function configName(config: EffectiveConfigurationInfo, run: GroupRun, doc: OpenDocument): string {
  const base = run.root ?? path.dirname(doc.path);
  const file = path.relative(base, config.file) || config.file;
  const settingsClass = config.settingsClass ? `, settings class \`${config.settingsClass}\`` : '';
  return config.kind === 'app' ? `app \`${config.name}\` (${file}${settingsClass})` : `settings module ${file}${settingsClass}`;
}

/** What one configuration ends up with for `setting`, and who decided it. */
function effectiveLine(config: EffectiveConfigurationInfo, setting: SettingData, run: GroupRun, doc: OpenDocument): string {
  const decisive = config.bindings.find((b) => b.setting === setting.name && b.status.state === 'used');
  const name = configName(config, run, doc);
  if (decisive) {
    return `- In ${name}: \`${describeValue(decisive.value)}\`, set by \`${decisive.key}\` at ${where(run, doc, decisive.keySpan.file, decisive.keySpan.start)}`;
  }
  if (config.opaqueSources.length > 0) return `- In ${name}: not known; it may be set by ${config.opaqueSources[0]!.reason}`;
  return `- In ${name}: not set, so Celery's default \`${describeValue(knowledge.defaultValue(setting.name, run.options.celeryVersion))}\``;
}

function statusLine(binding: ConfiguredBinding, config: EffectiveConfigurationInfo, run: GroupRun, doc: OpenDocument): string | undefined {
  if (binding.status.state === 'ignored') return `Celery ignores \`${binding.key}\` here: ${binding.status.reason}`;
  if (binding.status.state === 'overridden') {
    const byId = binding.status.by;
    const winner = config.bindings.find((b) => b.id === byId);
    return winner ? `This assignment is overridden by \`${winner.key}\` at ${where(run, doc, winner.keySpan.file, winner.keySpan.start)}.` : 'This assignment is overridden.';
  }
  return undefined;
}

function identifierAt(text: string, offset: number): { start: number; end: number } | undefined {
  const isWord = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
  let start = offset;
  let end = offset;
  while (start > 0 && isWord(text[start - 1])) start--;
  while (end < text.length && isWord(text[end])) end++;
  return end > start ? { start, end } : undefined;
}

function ruleIdInSuppression(doc: OpenDocument, offset: number): { id: string; start: number; end: number } | undefined {
  const node = doc.nodeAt(offset, offset);
  const comment = node && node.type === 'comment' ? node : undefined;
  if (!comment || !/noqa|celery-lint:/i.test(comment.text)) return undefined;
  for (const m of comment.text.matchAll(/[a-z][a-z-]*\/[a-z0-9-]+/g)) {
    const start = comment.startIndex + m.index!;
    const end = start + m[0].length;
    if (offset >= start && offset <= end) return { id: m[0], start, end };
  }
  return undefined;
}

export function hoverAt(doc: OpenDocument, run: GroupRun | undefined, offset: number, ruleDocs: RuleDocs): Hover | null {
  const range = (start: number, end: number) => doc.lineIndex.range({ start, end });
  const suppression = ruleIdInSuppression(doc, offset);
  if (suppression) {
    const page = ruleDocs(suppression.id);
    return page === undefined ? null : { contents: { kind: 'markdown', value: page }, range: range(suppression.start, suppression.end) };
  }
  const version = run?.options.celeryVersion;
  const configurations = run?.configurations ?? [];
  for (const config of configurations) {
    const binding = config.bindings.find((b) => b.keySpan.file === doc.path && offset >= b.keySpan.start && offset <= b.keySpan.end);
    if (!binding) continue;
    const setting = binding.setting ? knowledge.settingInfo(binding.setting) : settingForName(binding.key, version);
    const parts: string[] = [];
    if (setting) parts.push(settingMarkdown(setting, version));
    else parts.push(`**\`${binding.key}\`**: not a setting of Celery ${version ?? knowledge.NEWEST_RELEASED_LINE}`);
    const status = statusLine(binding, config, run!, doc);
    if (status) parts.push('', status);
    if (setting) {
      const lines = configurations.filter((c) => c.bindings.some((b) => b.id === binding.id)).map((c) => effectiveLine(c, setting, run!, doc));
      parts.push('', '**Effective value**', '', ...lines);
    }
    return { contents: { kind: 'markdown', value: parts.join('\n') }, range: range(binding.keySpan.start, binding.keySpan.end) };
  }
  // Not a binding the engine saw (a module no app reads, a name being read): the docs, and the value where it is known.
  const word = identifierAt(doc.text, offset);
  if (!word) return null;
  // Only names in code: the word `imports` in a comment or a string is no setting.
  if (doc.nodeAt(word.start, word.end)?.type !== 'identifier') return null;
  const name = doc.text.slice(word.start, word.end);
  const setting = settingForName(name, version);
  if (!setting) {
    // A Django setting in a Django settings module: what the target Django makes of it.
    if (!/^[A-Z][A-Z0-9_]*$/.test(name) || !isDjangoSettingName(name) || !looksLikeDjangoSettings(doc, configurations)) return null;
    return { contents: { kind: 'markdown', value: djangoSettingMarkdown(name, run?.options.djangoVersion) }, range: range(word.start, word.end) };
  }
  const relevant = configurations.filter((c) => c.file === doc.path || c.bindings.some((b) => b.keySpan.file === doc.path));
  const parts = [settingMarkdown(setting, version)];
  if (relevant.length > 0) parts.push('', '**Effective value**', '', ...relevant.map((c) => effectiveLine(c, setting, run!, doc)));
  return { contents: { kind: 'markdown', value: parts.join('\n') }, range: range(word.start, word.end) };
}
