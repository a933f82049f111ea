// kombu's serializers (generated from kombu/serialization.py and
// celery/security/serialization.py): short name -> content type.
// `auth` exists only after app.setup_security().
import { KOMBU_REGISTERED_SERIALIZERS, SERIALIZER_DATA, TRUSTED_CONTENT_DATA } from './celery-aliases.data';

export const SERIALIZER_CONTENT_TYPES: Readonly<Record<string, string>> = SERIALIZER_DATA;

/** Content types kombu accepts whatever accept_content says. */
export const TRUSTED_CONTENT_TYPES: ReadonlySet<string> = new Set(TRUSTED_CONTENT_DATA);

export const PICKLE_CONTENT_TYPE = SERIALIZER_DATA['pickle']!;

/** Serializers usable without setup: kombu's registered ones and `raw`; `auth` needs app.setup_security() first. */
export function isBuiltinSerializer(name: string): boolean {
  return name !== 'auth' && Object.prototype.hasOwnProperty.call(SERIALIZER_DATA, name);
}

/**
 * Names in kombu's serializer registry (json, pickle, yaml, msgpack). Only
 * these have an encoder entry: `raw` works for dumps() (task messages) but not
 * where Celery looks the encoder up itself (result_serializer -> KeyError).
 */
export function isRegisteredSerializer(name: string): boolean {
  return KOMBU_REGISTERED_SERIALIZERS.includes(name);
}

/**
 * The content type an accept_content entry stands for, as kombu's
 * prepare_accept_content reads it: MIME types pass through unchecked, names
 * are looked up in the registry. `raw` is not in the registry (only dumps()
 * knows it), so it is undefined here: kombu raises for it. `auth` maps to its
 * type, valid once app.setup_security() registered it.
 */
export function contentTypeOf(entry: string): string | undefined {
  if (entry.includes('/')) return entry;
  if (entry !== 'auth' && !isRegisteredSerializer(entry)) return undefined;
  return SERIALIZER_DATA[entry];
}

export function isPickle(entry: string): boolean {
  return entry === 'pickle' || entry === PICKLE_CONTENT_TYPE;
}
