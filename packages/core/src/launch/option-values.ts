// Checks an option's value the way Celery's click types would convert it,
// without running them: what makes `celery worker` exit with
// "Invalid value for ..." before it starts.
import type { CliOption } from './cli-model';

export interface ValueProblem {
  readonly message: string;
  /** A better spelling, when one is clear (a choice's case, a near choice). */
  readonly suggestion?: string;
  /** Celery accepts the value; it is almost surely not what was meant (KiB given in bytes). */
  readonly advisory?: boolean;
}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i;

/**
 * --max-memory-per-child is in KiB: a limit above 16 GiB for one pool child
 * was almost surely meant in bytes (200 MB written as 200000000).
 */
const KIB_LIKELY_BYTES = 16 * 1024 * 1024;

function intOf(text: string): number | undefined {
  return INT.test(text.trim()) ? Number(text.trim()) : undefined;
}

export function checkValue(option: CliOption, value: string): ValueProblem | undefined {
  const name = option.names.find((n) => n.startsWith('--')) ?? option.names[0]!;
  switch (option.type) {
    case 'int': {
      const n = intOf(value);
      if (n === undefined) return { message: `${name} takes an integer, not '${value}'` };
      if (name === '--max-memory-per-child' && n >= KIB_LIKELY_BYTES) {
        return { message: `${name} is in KiB: ${value} KiB is about ${Math.round(n / 1024 / 1024)} GiB per child, a limit that never triggers; if ${value} is in bytes, write ${Math.max(1, Math.round(n / 1024))}`, advisory: true };
      }
      return undefined;
    }
    case 'float':
      return FLOAT.test(value.trim()) ? undefined : { message: `${name} takes a number, not '${value}'` };
    case 'choice': {
      const choices = option.choices ?? [];
      if (option.caseSensitive === false ? choices.some((c) => c.toUpperCase() === value.toUpperCase()) : choices.includes(value)) return undefined;
      const folded = choices.find((c) => c.toLowerCase() === value.toLowerCase());
      return {
        message: `'${value}' is not one of ${choices.map((c) => `'${c}'`).join(', ')} for ${name}`,
        ...(folded ? { suggestion: folded } : {}),
      };
    }
    case 'autoscale': {
      // Celery sorts the two numbers, so their order does not matter; each must be an integer.
      const parts = value.split(',');
      if (parts.length > 2) return { message: `${name} takes 'max,min' (two integers) or one integer, not ${parts.length} values ('${value}')` };
      const bad = parts.find((p) => intOf(p) === undefined);
      if (bad !== undefined) return { message: `${name} takes 'max,min' integers; '${bad}' in '${value}' is not one` };
      return undefined;
    }
    case 'json-array':
    case 'json-object': {
      try {
        const parsed: unknown = JSON.parse(value);
        const isArray = Array.isArray(parsed);
        if (option.type === 'json-array' ? isArray : parsed !== null && typeof parsed === 'object' && !isArray) return undefined;
      } catch {
        // reported below
      }
      return { message: `${name} takes a JSON ${option.type === 'json-array' ? 'array' : 'object'}, not '${value}'` };
    }
    default:
      return undefined;
  }
}
