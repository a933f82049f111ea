// kombu's built-in serializers (kombu/serialization.py, 5.2.4 and main):
// short name -> content type. `auth` exists only after app.setup_security().
export const SERIALIZER_CONTENT_TYPES: Readonly<Record<string, string>> = {
  json: 'application/json',
  yaml: 'application/x-yaml',
  pickle: 'application/x-python-serialize',
  msgpack: 'application/x-msgpack',
  raw: 'application/data',
  auth: 'application/data',
};

/** Content types kombu accepts whatever accept_content says. */
export const TRUSTED_CONTENT_TYPES: ReadonlySet<string> = new Set(['application/data', 'application/text']);

export const PICKLE_CONTENT_TYPE = 'application/x-python-serialize';

/** The content type an accept_content entry stands for: MIME types pass through, names are looked up. */
export function contentTypeOf(entry: string): string | undefined {
  if (entry.includes('/')) return entry;
  return SERIALIZER_CONTENT_TYPES[entry];
}

export function isPickle(entry: string): boolean {
  return entry === 'pickle' || entry === PICKLE_CONTENT_TYPE;
}
