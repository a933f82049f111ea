// Completion of Celery setting names where a setting is being written:
// keywords of `app.conf.update(...)`, string keys of a dict passed to it,
// attributes after `app.conf.`, lowercase names at module level of a
// celeryconfig module and in the body of a config class, and `CELERY_...`
// names in a Django settings module (with the namespace the app reads it
// with): at a statement's start at any indentation (an `if` block, a
// django-configurations class body) and on the right of an assignment.
import * as path from 'node:path';
import { knowledge, type EffectiveConfigurationInfo } from '@celery-lint/core';

type SettingData = knowledge.SettingData;
import { CompletionItemKind, CompletionItemTag, type CompletionItem, type Range } from 'vscode-languageserver/node';
import type { OpenDocument } from './open-document';
import { scanPython } from './python-scan';
import { defaultText, settingMarkdown } from './setting-docs';
import { djangoSettingMarkdown, djangoSettingNames } from './django-setting-docs';
import type { GroupRun } from './workspace';

export type CompletionContext =
  | { readonly kind: 'update-keyword'; readonly start: number }
  | { readonly kind: 'update-dict-key'; readonly start: number }
  | { readonly kind: 'conf-attribute'; readonly start: number }
  | { readonly kind: 'config-name'; readonly start: number }
  | { readonly kind: 'django-setting'; readonly start: number };

/** What kind of module the text is, as far as completion cares. */
export interface ModuleKind {
  /** A Django settings module: `CELERY_...` names. */
  readonly djangoSettings: boolean;
  /** A celeryconfig-style module: lowercase names at module level. */
  readonly configModule: boolean;
  /** Classes given to config_from_object: lowercase names in their bodies. */
  readonly configClasses: ReadonlySet<string>;
}

const CONF_UPDATE = /\bconf\s*\.\s*update\s*$/;
/** How far back the scan starts: settings are written in flat modules; a huge file is scanned from this far back only. */
const SCAN_WINDOW = 200_000;
/** How far up a class header is looked for. */
const CLASS_WINDOW = 20_000;

function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

/**
 * The class whose body holds a line indented by `indent`: the nearest line
 * above with less indentation, if it is a `class` header. Its name and bases.
 */
function enclosingClass(text: string, lineStart: number, indent: number): { name: string; bases: string } | undefined {
  const above = text.slice(Math.max(0, lineStart - CLASS_WINDOW), lineStart).split(/\r\n|\r|\n/).reverse();
  for (const line of above) {
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    const lead = /^[ \t]*/.exec(line)![0].length;
    if (lead >= indent) continue;
    const m = /^[ \t]*class\s+([A-Za-z_]\w*)\s*(?:\(([^)]*)\))?\s*:/.exec(line);
    return m ? { name: m[1]!, bases: m[2] ?? '' } : undefined;
  }
  return undefined;
}

/** What is being written at `offset`, if it is a setting name. */
export function completionContext(text: string, offset: number, module: ModuleKind): CompletionContext | undefined {
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
  if (brackets.length > 0 || word === '') return undefined;
  const lineStart = lineStartOf(text, start);
  const lead = text.slice(lineStart, start);
  const upper = /^[A-Z][A-Z0-9_]*$/.test(word);
  if (/^[ \t]*$/.test(lead)) {
    // A statement's start: at module level, or in a block or a class body.
    const owner = lead.length > 0 ? enclosingClass(text, lineStart, lead.length) : undefined;
    const configurationsClass = owner !== undefined && /\bConfiguration\b/.test(owner.bases);
    if (upper && (module.djangoSettings || configurationsClass)) return { kind: 'django-setting', start };
    const lower = /^[a-z_][a-z0-9_]*$/.test(word);
    if (lower && ((module.configModule && lead.length === 0) || (owner !== undefined && module.configClasses.has(owner.name)))) return { kind: 'config-name', start };
    return undefined;
  }
  // The right of an assignment: another setting's value (`CELERY_RESULT_BACKEND = CELERY_BROKER_URL`).
  if (upper && module.djangoSettings && /^[ \t]*[A-Za-z_][\w.]*[ \t]*=[ \t]*$/.test(lead)) return { kind: 'django-setting', start };
  return undefined;
}

/** A Django settings module: the engine read it as one, or it looks like one. */
export function looksLikeDjangoSettings(doc: OpenDocument, configurations: readonly EffectiveConfigurationInfo[]): boolean {
  if (configurations.some((c) => c.bindings.some((b) => b.origin === 'django-setting' && b.keySpan.file === doc.path))) return true;
  if (/^(?:INSTALLED_APPS|SECRET_KEY|DATABASES|MIDDLEWARE|ROOT_URLCONF)\s*=/m.test(doc.text)) return true;
  const base = path.basename(doc.path);
  return base === 'settings.py' || path.basename(path.dirname(doc.path)) === 'settings';
}

/** A celeryconfig-style module: the engine read it as one, or it is named like one. */
function looksLikeConfigModule(doc: OpenDocument, configurations: readonly EffectiveConfigurationInfo[]): boolean {
  if (configurations.some((c) => c.bindings.some((b) => b.origin === 'config-module' && b.keySpan.file === doc.path))) return true;
  return /^celery_?config\.py$/i.test(path.basename(doc.path));
}

/** Classes of this file that configure Celery: the engine read their attributes, or this file passes them to config_from_object. */
function configClassNames(doc: OpenDocument, configurations: readonly EffectiveConfigurationInfo[]): Set<string> {
  const names = new Set<string>();
  for (const m of doc.text.matchAll(/config_from_object\(\s*(?:[A-Za-z_][\w.]*\.)?([A-Za-z_]\w*)\s*[,)]/g)) names.add(m[1]!);
  for (const m of doc.text.matchAll(/config_from_object\(\s*['"][\w.]+:([A-Za-z_]\w*)['"]/g)) names.add(m[1]!);
  for (const c of configurations) {
    for (const b of c.bindings) {
      if (b.origin !== 'config-class' || b.keySpan.file !== doc.path || b.keySpan.start > doc.text.length) continue;
      const lineStart = lineStartOf(doc.text, b.keySpan.start);
      const owner = enclosingClass(doc.text, lineStart, b.keySpan.start - lineStart);
      if (owner) names.add(owner.name);
    }
  }
  return names;
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
  const context = completionContext(doc.text, offset, {
    djangoSettings: looksLikeDjangoSettings(doc, configurations),
    configModule: looksLikeConfigModule(doc, configurations),
    configClasses: configClassNames(doc, configurations),
  });
  if (!context) return [];
  const version = run?.options.celeryVersion;
  const range = doc.lineIndex.range({ start: context.start, end: offset });
  const settings = knowledge.allSettings(version);
  switch (context.kind) {
    case 'update-keyword':
      return settings.map((s) => item(s, s.name, `${s.name}=`, range, version));
    case 'update-dict-key':
    case 'conf-attribute':
    case 'config-name':
      return settings.map((s) => item(s, s.name, s.name, range, version));
    case 'django-setting': {
      const namespace = namespaceFor(doc, configurations);
      const celery = settings.map((s) => {
        const name = `${namespace}_${s.name.toUpperCase()}`;
        return item(s, name, name, range, version);
      });
      // Django's own settings for the target Django, beside the app's namespaced Celery ones.
      const djangoVersion = run?.options.djangoVersion;
      const django = djangoSettingNames(djangoVersion).map(
        (name): CompletionItem => ({
          label: name,
          kind: CompletionItemKind.Property,
          detail: `Django ${djangoVersion ?? knowledge.NEWEST_DJANGO_LINE} setting`,
          documentation: { kind: 'markdown', value: djangoSettingMarkdown(name, djangoVersion) },
          textEdit: { range, newText: name },
          filterText: name,
          sortText: `0${name}`,
        }),
      );
      return [...django, ...celery];
    }
  }
}
