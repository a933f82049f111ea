// Completion of Celery setting names where a setting is being written:
// keywords of `app.conf.update(...)`, string keys of a dict passed to it,
// attributes after `app.conf.`, and `CELERY_...` names at module level of a
// Django settings module (with the namespace the app reads it with).
import * as path from 'node:path';
import { knowledge, type EffectiveConfigurationInfo } from '@celery-lint/core';

type SettingData = knowledge.SettingData;
import { CompletionItemKind, CompletionItemTag, type CompletionItem, type Range } from 'vscode-languageserver/node';
import type { OpenDocument } from './open-document';
import { scanPython } from './python-scan';
import { defaultText, settingMarkdown } from './setting-docs';
import type { GroupRun } from './workspace';

export type CompletionContext =
  | { readonly kind: 'update-keyword'; readonly start: number }
  | { readonly kind: 'update-dict-key'; readonly start: number }
  | { readonly kind: 'conf-attribute'; readonly start: number }
  | { readonly kind: 'django-setting'; readonly start: number };

const CONF_UPDATE = /\bconf\s*\.\s*update\s*$/;
/** How far back the scan starts: settings are written in flat modules; a huge file is scanned from this far back only. */
const SCAN_WINDOW = 200_000;

/** What is being written at `offset`, if it is a setting name. */
export function completionContext(text: string, offset: number, isDjangoSettings: boolean): CompletionContext | undefined {
  const from = Math.max(0, offset - SCAN_WINDOW);
  const scan = scanPython(from === 0 ? text : text.slice(from), offset - from);
  if (scan.inComment) return undefined;
  const brackets = scan.brackets.map((b) => ({ ...b, offset: b.offset + from, itemStart: b.itemStart + from }));
  const top = brackets[brackets.length - 1];
  const isUpdateCall = (b: { char: string; offset: number } | undefined) => b !== undefined && b.char === '(' && CONF_UPDATE.test(text.slice(Math.max(0, b.offset - 200), b.offset));
  if (scan.string) {
    const quoteStart = scan.string.quoteStart + from;
    const contentStart = scan.string.contentStart + from;
    const parent = brackets[brackets.length - 2];
    const isKey =
      top?.char === '{' &&
      isUpdateCall(parent) &&
      text.slice(parent!.offset + 1, top.offset).trim() === '' &&
      text.slice(top.itemStart, quoteStart).trim() === '' &&
      /^[A-Za-z0-9_]*$/.test(text.slice(contentStart, offset));
    return isKey ? { kind: 'update-dict-key', start: contentStart } : undefined;
  }
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(text.slice(Math.max(0, offset - 200), offset))?.[0] ?? '';
  const start = offset - word.length;
  const before = text.slice(Math.max(0, start - 200), start);
  if (/\b[A-Za-z_][A-Za-z0-9_]*\s*\.\s*conf\s*\.\s*$/.test(before)) return { kind: 'conf-attribute', start };
  if (isUpdateCall(top) && text.slice(top!.itemStart, start).trim() === '') return { kind: 'update-keyword', start };
  if (isDjangoSettings && brackets.length === 0 && /^[A-Z][A-Z0-9_]*$/.test(word)) {
    const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\r', start - 1)) + 1;
    if (lineStart === start) return { kind: 'django-setting', start };
  }
  return undefined;
}

/** A Django settings module: the engine read it as one, or it looks like one. */
export function looksLikeDjangoSettings(doc: OpenDocument, configurations: readonly EffectiveConfigurationInfo[]): boolean {
  if (configurations.some((c) => c.bindings.some((b) => b.origin === 'django-setting' && b.keySpan.file === doc.path))) return true;
  if (/^(?:INSTALLED_APPS|SECRET_KEY|DATABASES|MIDDLEWARE|ROOT_URLCONF)\s*=/m.test(doc.text)) return true;
  const base = path.basename(doc.path);
  return base === 'settings.py' || path.basename(path.dirname(doc.path)) === 'settings';
}

/** The namespace the app reading this settings module uses (`CELERY` unless the code says otherwise). */
function namespaceFor(doc: OpenDocument, configurations: readonly EffectiveConfigurationInfo[]): string {
  for (const c of configurations) {
    if (c.namespace && c.bindings.some((b) => b.keySpan.file === doc.path)) return c.namespace;
  }
  return 'CELERY';
}

function item(setting: SettingData, label: string, newText: string, range: Range, version: string | undefined): CompletionItem {
  const out: CompletionItem = {
    label,
    kind: CompletionItemKind.Property,
    detail: `${setting.type}, default ${defaultText(setting, version)}`,
    documentation: { kind: 'markdown', value: settingMarkdown(setting, version) },
    textEdit: { range, newText },
    filterText: label,
    // Deprecated settings sort after the others.
    sortText: `${setting.deprecation ? '1' : '0'}${label}`,
  };
  if (setting.deprecation) out.tags = [CompletionItemTag.Deprecated];
  return out;
}

export function completionItems(doc: OpenDocument, run: GroupRun | undefined, offset: number): CompletionItem[] {
  const configurations = run?.configurations ?? [];
  const context = completionContext(doc.text, offset, looksLikeDjangoSettings(doc, configurations));
  if (!context) return [];
  const version = run?.options.celeryVersion;
  const range = doc.lineIndex.range({ start: context.start, end: offset });
  const settings = knowledge.allSettings(version);
  switch (context.kind) {
    case 'update-keyword':
      return settings.map((s) => item(s, s.name, `${s.name}=`, range, version));
    case 'update-dict-key':
    case 'conf-attribute':
      return settings.map((s) => item(s, s.name, s.name, range, version));
    case 'django-setting': {
      const namespace = namespaceFor(doc, configurations);
      return settings.map((s) => {
        const name = `${namespace}_${s.name.toUpperCase()}`;
        return item(s, name, name, range, version);
      });
    }
  }
}
