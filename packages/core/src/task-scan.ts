// The tasks a module defines, read from its text, for the project index: a
// run over named files (pre-commit) checks beat schedules against every
// task of the project without parsing every task module. It reads only the
// plain shape, `@<path>.task` or `@shared_task` at column 0 with an optional
// `name='literal'`, above a `def`, and says "cannot tell" (undefined) for
// anything else a parse might read differently: an indented task
// decorator, a name that is not one plain literal, an import alias the
// engine would follow. The engine then parses the module as before.
// test/project-index/task-scan-agreement.test.ts holds it to extract.ts's
// reading on every fixture.
import { forEachIdentifier, isAsciiNameChar, isTriple, plainStringEnd } from './python-tokens';

export interface ScannedTask {
  /** The decorator's `name=`, when it gives one. */
  readonly name: string | undefined;
  readonly functionName: string;
  /** Offsets of the function's name. */
  readonly start: number;
  readonly end: number;
}

const TASK_WORD = /\b(?:shared_task|task)\b/;
const LINE_START = /[\r\n]/;

function lineStart(text: string, i: number): number {
  let j = i;
  while (j > 0 && !LINE_START.test(text[j - 1]!)) j--;
  return j;
}

function skipSpaces(text: string, i: number): number {
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i;
}

/** The offset after the string literal whose opening quote is at `i`. */
function stringEnd(text: string, i: number): number {
  const quote = text.charCodeAt(i);
  const triple = isTriple(text, i, quote);
  return plainStringEnd(text, i + (triple ? 3 : 1), quote, triple);
}

/** The offset after the bracket that closes the one at `open`, skipping strings and comments; -1 when it never closes. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; ) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      i = stringEnd(text, i);
      continue;
    }
    if (c === '#') {
      while (i < text.length && !LINE_START.test(text[i]!)) i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

/** `name=` among a decorator's arguments (`args` includes the parentheses): absent, a plain literal's value, or unreadable. */
function nameArgument(args: string): { readonly name: string | undefined } | undefined {
  let found: { name: string | undefined } = { name: undefined };
  let depth = 0;
  for (let i = 0; i < args.length; ) {
    const c = args[i]!;
    if (c === "'" || c === '"') {
      i = stringEnd(args, i);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 1 && args.startsWith('name', i) && !isAsciiNameChar(args.charCodeAt(i - 1)) && !isAsciiNameChar(args.charCodeAt(i + 4))) {
      const value = /^name[ \t]*=(?!=)[ \t]*(?:([rRuU]?)(['"])([^'"\\\r\n]*)\2[ \t]*(?=[,)]))?/.exec(args.slice(i));
      if (value) {
        // Anything but one plain literal may still evaluate to a string (a constant, a concatenation).
        if (value[2] === undefined) return undefined;
        found = { name: value[3]! };
        i += value[0].length;
        continue;
      }
    }
    i++;
  }
  return found;
}

/** The decorated definition below the decorator ending at `i`: further decorators, blank and comment lines are passed over. */
function decoratedFunction(text: string, i: number): { name: string; start: number } | 'class' | undefined {
  for (;;) {
    // To the end of the current line.
    while (i < text.length && !LINE_START.test(text[i]!)) {
      if (text[i] === '#') {
        while (i < text.length && !LINE_START.test(text[i]!)) i++;
        break;
      }
      if (text[i] === '(') {
        const close = closingBracket(text, i);
        if (close < 0) return undefined;
        i = close;
        continue;
      }
      i++;
    }
    while (i < text.length && LINE_START.test(text[i]!)) i++;
    if (i >= text.length) return undefined;
    const line = /^(?:(async[ \t]+)?def[ \t]+([A-Za-z_]\w*)|class\b|@|[ \t]*(?:#|$))/m.exec(text.slice(i, i + 200));
    if (!line) return undefined;
    if (line[2]) return { name: line[2], start: i + line[0].length - line[2].length };
    if (line[0] === 'class') return 'class';
    // A further decorator, a blank line or a comment line: read on.
  }
}

/** The tasks `text` defines, or undefined when its text alone cannot tell them as the engine would. */
export function scanTasks(text: string): ScannedTask[] | undefined {
  if (!TASK_WORD.test(text)) return [];
  const tasks: ScannedTask[] = [];
  const decorated = new Set<number>();
  let unsure = false;
  forEachIdentifier(text, (start, end) => {
    const word = text.slice(start, end);
    if (word === 'as') {
      // `import x as task`, `from celery import shared_task as st`: the engine follows import aliases.
      const alias = /^as[ \t]+([A-Za-z_]\w*)/.exec(text.slice(start, start + 80))?.[1];
      const before = text.slice(Math.max(0, start - 40), start);
      if (alias && (/\b(?:shared_task|task)[ \t]*$/.test(before) || new RegExp(`^[ \\t]*@[ \\t]*${alias}[ \\t]*(?:\\(|#|$)`, 'm').test(text))) unsure = true;
      return unsure || undefined;
    }
    if (word !== 'task' && word !== 'shared_task') return;
    const from = lineStart(text, start);
    const head = text.slice(from, start);
    if (!/^[ \t]*@/.test(head)) return;
    // `@app.task`, `@celery.shared_task`; anything else the engine reads as written (`@tasks[0].task`, `@(app.task)`).
    const decorator = /^([ \t]*)@[ \t]*(?:[^\s.()[\]@#=,]+[ \t]*\.[ \t]*)*$/.exec(head);
    if (!decorator) {
      unsure = true;
      return true;
    }
    const after = skipSpaces(text, end);
    const next = text[after];
    if (next === '.') return; // `@app.task.something`: another decorator
    // An indented task decorator (in a class, under an if) is read by the parse.
    if (decorator[1]!.length > 0) {
      unsure = true;
      return true;
    }
    let name: string | undefined;
    let decoratorEnd = after;
    if (next === '(') {
      const close = closingBracket(text, after);
      const argument = close < 0 ? undefined : nameArgument(text.slice(after, close));
      if (!argument) {
        unsure = true;
        return true;
      }
      name = argument.name;
      decoratorEnd = close;
    } else if (next !== undefined && next !== '#' && !LINE_START.test(next)) {
      unsure = true;
      return true;
    }
    const target = decoratedFunction(text, decoratorEnd);
    if (target === 'class') return;
    if (!target) {
      unsure = true;
      return true;
    }
    // The first task decorator of a function names it.
    if (decorated.has(target.start)) return;
    decorated.add(target.start);
    tasks.push({ name, functionName: target.name, start: target.start, end: target.start + target.name.length });
    return;
  });
  return unsure ? undefined : tasks;
}
