// What kombu's JSON serializer can carry, per target Celery version. Data:
// KOMBU_JSON_TYPES, generated from kombu/utils/json.py of every kombu release
// (scripts/generate-celery-settings.py): kombu <= 5.2 encodes dates, times,
// Decimal and UUID as text; kombu 5.3 (required by Celery 5.3+) also bytes,
// and round-trips the others as tagged values.
import { KOMBU_JSON_TYPES } from './celery-aliases.data';
import { kombuReleaseFor } from './aliases';
import { compareReleases } from './versions';

const byKombu = new Map<string, ReadonlySet<string>>();

/** Dotted names of the types kombu's JSON encodes for a Celery target (`__json__`: objects with that method). */
export function kombuJsonTypes(celeryVersion: string): ReadonlySet<string> {
  const kombu = kombuReleaseFor(celeryVersion);
  let types = byKombu.get(kombu);
  if (!types) {
    let found: readonly string[] = KOMBU_JSON_TYPES[0]!.value;
    for (const point of KOMBU_JSON_TYPES) if (compareReleases(point.since, kombu) <= 0) found = point.value;
    types = new Set(found);
    byKombu.set(kombu, types);
  }
  return types;
}

/** The first kombu release whose JSON encodes `type`, if any does. */
export function kombuJsonEncodesSince(type: string): string | undefined {
  return KOMBU_JSON_TYPES.find((point) => point.value.includes(type))?.since;
}
