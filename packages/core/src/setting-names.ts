// Which names in a settings or config module concern Celery. Every module
// global of every settings file is asked, file after file and keystroke after
// keystroke, so the answers are remembered; the module globals a kind of
// module lists become RawBindings here, read lazily from their slots.
import type { RawBinding } from './analysis-model';
import type { Slot } from './module-scope';
import { isSettingName, newNameForOld } from './knowledge/settings';
import { PROPERTY_FALLBACK_KEYS } from './settings-view';
import { detached } from './text';

/** In a Django settings module, the names that concern Celery (the rest are Django's own). */
export function isCeleryRelevantDjangoName(key: string): boolean {
  // Most names that matter are namespaced: they need no lookup.
  return key.startsWith('CELERY') || remember(relevantDjangoNames, key, celeryRelevantDjangoName);
}

/**
 * Name tests run for every module global of every settings file, and the same
 * names come back file after file (and keystroke after keystroke in an editor).
 */
const relevantDjangoNames = new Map<string, boolean>();
const celeryConfigNames = new Map<string, boolean>();
const REMEMBERED_NAMES = 50_000;

function remember(cache: Map<string, boolean>, name: string, test: (name: string) => boolean): boolean {
  let answer = cache.get(name);
  if (answer === undefined) {
    if (cache.size >= REMEMBERED_NAMES) cache.clear();
    answer = test(name);
    // A name cut from a file's text would keep the whole text alive as long as the cache does.
    cache.set(detached(name), answer);
  }
  return answer;
}

/** `^[A-Z][A-Z0-9_]*$`, by character: asked of every module global. */
export function isUpperCaseName(name: string): boolean {
  const first = name.charCodeAt(0);
  if (!(first >= 65 && first <= 90)) return false;
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) return false;
  }
  return true;
}

function celeryRelevantDjangoName(key: string): boolean {
  if (/^CELERY/.test(key)) return true;
  // Django's TIME_ZONE: Celery 5.3+ falls back to it for timezone.
  if (newNameForOld(key) || key === 'TIME_ZONE') return true;
  // A setting under another namespace (MYAPP_BROKER_URL for namespace='MYAPP'), or a key a property falls back to (MYAPP_TIME_ZONE).
  const prefixed = /^[A-Z0-9]+_(.+)$/.exec(key);
  if (prefixed !== null && isNamespacedKey(prefixed[1]!.toLowerCase())) return true;
  // UPPER(new name) without the prefix (TASK_ACKS_LATE) is a Celery setting that missed its namespace.
  if (key === key.toUpperCase()) return isSettingName(key.toLowerCase());
  return isSettingName(key);
}

/**
 * In a celeryconfig module, the names Celery may read: settings and their old
 * names, lowercase names (a misspelt setting is one), a setting's name in
 * capitals (Celery reads names as written, so `TASK_SERIALIZER` is ignored,
 * and print-config should say so), and namespaced spellings
 * (`CELERY_BROKER_URL`, read when the app passes a namespace). The module's
 * other constants are its own helpers, like a Django settings module's:
 * listing them would bury the settings under thousands of ignored names.
 */
export function isCeleryConfigName(name: string): boolean {
  return name.startsWith('CELERY') || remember(celeryConfigNames, name, celeryConfigName);
}

function celeryConfigName(name: string): boolean {
  if (isSettingName(name) || newNameForOld(name) !== undefined || name === name.toLowerCase() || name === 'TIME_ZONE') return true;
  if (isUpperCaseName(name) && isSettingName(name.toLowerCase())) return true;
  const prefixed = /^[A-Za-z0-9]+_(.+)$/.exec(name);
  return prefixed !== null && isNamespacedKey(prefixed[1]!.toLowerCase());
}

/** What a namespace may stand before: a setting, or a key a Settings property falls back to (`time_zone`). */
function isNamespacedKey(rest: string): boolean {
  return isSettingName(rest) || PROPERTY_FALLBACK_KEYS.has(rest);
}

/** The module globals a kind of module lists as bindings (evaluated when read). */
export function moduleBindings(slots: readonly Slot[], listed: (name: string) => boolean): RawBinding[] {
  const out: RawBinding[] = [];
  for (const slot of slots) {
    if (slot.name.startsWith('_') || !listed(slot.name)) continue;
    if (slot.kind === 'value') out.push(toBinding(slot));
    else if (slot.kind === 'deleted' && slot.deletes?.kind === 'value') out.push({ ...toBinding(slot.deletes), deletedAt: slot.keySpan });
  }
  return out.sort((a, b) => a.keySpan.start - b.keySpan.start);
}

function toBinding(slot: Slot, withShadowed = true): RawBinding {
  // Reading slot.value runs the deferred evaluation, so it happens only when asked for.
  const shadowed = withShadowed ? slot.shadowed.toArray().map((s) => toBinding(s, false)) : [];
  return {
    key: slot.name,
    value: slot.value,
    keySpan: slot.keySpan,
    valueSpan: slot.valueSpan,
    ...(slot.branchValueSpans ? { alternativeValueSpans: slot.branchValueSpans } : {}),
    origin: 'config-module',
    ...(shadowed.length ? { shadowed } : {}),
  };
}
