// A cheap text test that decides whether a file is worth parsing at all
// (design.md, "Performance shape"). It must never say no to a file that can
// configure Celery or Django; saying yes to a few others only costs time.
// A celeryconfig-style module need not mention Celery, so module-level
// assignments to setting-shaped names count too (at the top level, in a
// class body or a top-level block; not a function's locals such as
// `task_id = ...`, which once made two in five parsed bytes, nor a model's
// `event_type = db.Column(...)`), and so do task decorators (`@app.task` in
// a module that imports the app from `proj.worker`: rules check beat
// schedules against the tasks the project defines) and an app's `.conf`
// written anywhere (`app.conf.update(...)` inside a function). A module that
// only star-imports others (`settings/live.py`: `from .common import *`) may be
// the settings module an app reads, or the package a config class is
// imported through. A django-configurations base class (`Base(Configuration)`)
// may hold no Celery word either, and DJANGO_CONFIGURATION picks the class.
// A Django settings module with no Celery in it counts for the django/ rules:
// ROOT_URLCONF and MIDDLEWARE are names only Django settings set.
// A module that calls tasks (`send_welcome.delay(user)` in views.py) counts
// too: rules check what it passes and whether it waits for results.
// A module that reads an app's configuration (`app.conf.broker_url`, with the
// app imported from the app module) finalizes it when the app module imports
// it, so the configuration's first read may be there.
// The CLI asks byte-prefilter/ first, which gives this test's answer from a
// file's bytes (scanner/*.wat holds these patterns again): a change to one is
// a change to the other, and byte-prefilter.test.ts checks that they agree.

import { SETTING_PREFIXES, SETTING_WORDS, WORDS } from './prefilter-words';

/** Names shaped like Celery settings (`broker_url`, `task_routes`, `BROKER_URL`, `imports`). */
const SETTING_NAME = String.raw`(?:(?:${SETTING_PREFIXES.join('|')})_\w+|${SETTING_WORDS.join('|')})\s*[:=]`;

/**
 * WORDS anywhere. One regular expression of alternatives: over the survey's
 * 321 MB it took about half the time of one includes() per word (each call
 * scans the whole of a file that holds none, and four in five hold none).
 */
const ANY_WORD = new RegExp(WORDS.map((word) => word.replace(/[.(]/g, '\\$&')).join('|'));
/** `app.conf.x`, `celery_app.conf['x']`: an app's configuration, read or written (not `self.conf.get()`). */
const APP_CONF = /app\.conf\s*[.[]/;
// The tests below hold at a line's start (past its indentation): the line scan (linesMightConfigure) tries the
// sticky `_AT` patterns at the lines that begin with their first characters; the `m` patterns are for files with
// line breaks other than `\n`, which it does not split.
const CONFIGURATIONS_IMPORT = /^[ \t]*(?:from|import)[ \t]+configurations\b/m;
const CONFIGURATIONS_IMPORT_AT = /(?:from|import)[ \t]+configurations\b/y;
const TASK_DECORATOR = /^[ \t]*@[\w.]+\.task\b/m;
const TASK_DECORATOR_AT = /@[\w.]+\.task\b/y;
/**
 * `from .common import *`: its `import *` (rare) first, then the statement,
 * checked to begin its line. Anchored at every line start, one pattern tried
 * every position of every file with a `*` in it, and most files have one.
 */
const IMPORT_STAR = /import[ \t]+\*/;
const STAR_IMPORT = /from[ \t]+[\w.]+[ \t]+import[ \t]+\*/g;
const STAR_IMPORT_AT = /from[ \t]+[\w.]+[ \t]+import[ \t]+\*/y;
const TOP_LEVEL_SETTING = new RegExp(String.raw`^${SETTING_NAME}`, 'm');
/** Either: one scan turns down most files, which hold neither (past the line scan, only for other line breaks). */
const ANY_SETTING = new RegExp(String.raw`^[ \t\f]*${SETTING_NAME}`, 'm');
const SETTING_AT = new RegExp(SETTING_NAME, 'y');
/** The same names indented: a config class's body, or a keyword of a call; but most often a function's local `task_id = ...`. */
const INDENTED_SETTING_LINE = new RegExp(String.raw`^[ \t\f]+${SETTING_NAME}`);
/** `event_type = db.Column(...)`, `timezone = forms.ChoiceField(...)`: a model's, form's or serializer's field, not a setting (kombu's Queue and Exchange are settings' values). */
const FIELD_DECLARATION = /^[ \t\f]+\w+[ \t]*(?::[^=]*)?=[ \t]*(?:[A-Za-z_]\w*\.)*(?!(?:Queue|Exchange|Broadcast)\()[A-Z]\w*\(/;
const BLOCK_OPENER = /^[ \t\f]*(?:async[ \t]+)?(def|class)[ \t]/;

/** A package's `__init__.py` decides what importing the package imports: autodiscovery rules read it. */
const INIT_FILE = /(^|[\\/])__init__\.py$/;

/** Whether a path is a package's `__init__.py`. */
export function isPackageInit(path: string): boolean {
  return INIT_FILE.test(path);
}

/** `path`, when given, lets every package's `__init__.py` through too (they are small, and mostly empty). */
export function mightConfigureCelery(text: string, path?: string): boolean {
  if (path !== undefined && isPackageInit(path)) return true;
  if (ANY_WORD.test(text)) return true;
  // '.conf' and not 'app.conf': a search for a string that begins with a frequent character took twice as long.
  if (text.includes('.conf') && APP_CONF.test(text)) return true;
  if (onlyNewlines(text)) return linesMightConfigure(text);
  if (text.includes('configurations') && CONFIGURATIONS_IMPORT.test(text)) return true;
  if (text.includes('.task') && TASK_DECORATOR.test(text)) return true;
  if (text.includes('*') && IMPORT_STAR.test(text) && hasStarImportLine(text)) return true;
  return assignsSettingShapedName(text);
}

/** Whether every line ends in `\n`: then a line's start is the text's start or just past a `\n`, as the line scan takes it. */
function onlyNewlines(text: string): boolean {
  return !text.includes('\r') && !text.includes('\u2028') && !text.includes('\u2029');
}

/**
 * The tests made at a line's start, in one pass over the lines: the
 * configurations import, a task decorator, a star import, a setting-shaped
 * name (assignsSettingShapedName's answer, the same on such text). As four
 * guarded patterns anchored at every line start they were four scans of
 * every position of every file turned down, three in five of the
 * pre-filter's time. Here LINES_TO_SKIP passes over the lines no test can
 * match at, and a pattern runs only at a line whose first characters fit.
 */
function linesMightConfigure(text: string): boolean {
  /** Where the line of the last indented setting-shaped name ends: lines past it cannot answer for settingOutsideFunctions. */
  let lastSettingLine = -1;
  for (let start = 0; start < text.length; ) {
    LINES_TO_SKIP.lastIndex = start;
    LINES_TO_SKIP.test(text);
    start = LINES_TO_SKIP.lastIndex;
    if (start >= text.length) break;
    let first = start;
    let c = text.charCodeAt(first);
    while (c === SPACE || c === TAB) c = text.charCodeAt(++first);
    // A form feed ends what the import and decorator patterns take for indentation; a setting's takes it too.
    const formFeed = c === FORM_FEED;
    while (c === SPACE || c === TAB || c === FORM_FEED) c = text.charCodeAt(++first);
    const newline = text.indexOf('\n', first);
    if (startsSettingName(text, first) && atLine(SETTING_AT, text, first)) {
      if (first === start) return true;
      lastSettingLine = newline < 0 ? text.length : newline;
    }
    if (!formFeed && c === AT && atLine(TASK_DECORATOR_AT, text, first)) return true;
    // `from` and `import` by two characters, not one: `if` and `for` begin as many lines.
    const d = text.charCodeAt(first + 1);
    if (!formFeed && ((c === LOWER_F && d === LOWER_R) || (c === LOWER_I && d === LOWER_M))) {
      if (atLine(CONFIGURATIONS_IMPORT_AT, text, first) || (c === LOWER_F && atLine(STAR_IMPORT_AT, text, first))) return true;
    }
    if (newline < 0) break;
    start = newline + 1;
  }
  // Past the scan, only indented names remain: whether a function holds them takes the lines' nesting.
  return lastSettingLine >= 0 && settingOutsideFunctions(text, lastSettingLine);
}

/** What a line the scan looks at may begin with: the first four characters of a setting-shaped name, of `from` and `import`, and `@`. */
const LINE_OPENINGS = [...new Set([...SETTING_PREFIXES, ...SETTING_WORDS, 'from', 'import'].map((name) => name.slice(0, 4))), '@'];
/**
 * Whole lines that begin with none of LINE_OPENINGS, past their
 * indentation: nine in ten lines, passed over inside the regular
 * expression engine. An indexOf() per line and a look at its first
 * characters in JavaScript took a tenth longer.
 */
const LINES_TO_SKIP = new RegExp(String.raw`(?:(?![ \t\f]*(?:${LINE_OPENINGS.join('|')}))[^\n]*\n)*`, 'y');

function atLine(pattern: RegExp, text: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(text);
}

const SPACE = 0x20;
const TAB = 0x09;
const FORM_FEED = 0x0c;
const AT = 0x40;
const LOWER_F = 0x66;
const LOWER_I = 0x69;
const LOWER_M = 0x6d;
const LOWER_R = 0x72;
/**
 * The first four characters of every setting-shaped name, each four as one
 * number: most lines (`def`, `return`, `self.`) are passed over on them,
 * where a pattern tried at each cost a tenth of the pre-filter's time.
 */
const SETTING_INITIALS = new Set([...SETTING_PREFIXES, ...SETTING_WORDS].map((name) => initials(name, 0)));

/** Four ASCII characters from `at` as one number, or -1. */
function initials(text: string, at: number): number {
  const a = text.charCodeAt(at);
  const b = text.charCodeAt(at + 1);
  const c = text.charCodeAt(at + 2);
  const d = text.charCodeAt(at + 3);
  // Past the end, charCodeAt gives NaN, which bitwise operators take for 0: no name holds that character.
  if (!((a | b | c | d) < 128)) return -1;
  return (((a << 7) | b) << 14) | (c << 7) | d;
}

/** Whether a line is a star import: STAR_IMPORT after nothing but spaces and tabs since the line began (where a multiline `^` matches). */
function hasStarImportLine(text: string): boolean {
  for (const found of text.matchAll(STAR_IMPORT)) {
    let i = found.index - 1;
    while (i >= 0 && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i--;
    if (i < 0 || LINE_TERMINATOR.test(text[i]!)) return true;
  }
  return false;
}

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/** Whether a setting-shaped name is assigned where it may configure: at the top level, in a class body or a top-level block. */
export function assignsSettingShapedName(text: string): boolean {
  // Past ANY_SETTING, a name that is not at the top level is indented.
  return ANY_SETTING.test(text) && (TOP_LEVEL_SETTING.test(text) || settingOutsideFunctions(text));
}

/**
 * Whether a setting-shaped name appears at an indented line whose innermost
 * enclosing `def` or `class` is not a `def`: a class body (a config class) or
 * a top-level block (`if DEBUG:`) may configure, a function's local variable
 * does not. One pass over the lines with a stack of the enclosing `def` and
 * `class` lines; a line that starts a statement and dedents past one leaves
 * it. Lines that continue a bracket or a triple-quoted string start no
 * statement (a multi-line signature's closing `):`, a query at column 0).
 * A call's keywords inside a function (`app.conf.update(task_serializer=...)`)
 * come with `.conf`, which the words above let through already.
 * `until`: where the last line that holds such a name ends, when the caller
 * knows; the lines past it need not be read.
 */
function settingOutsideFunctions(text: string, until = text.length): boolean {
  const stack: Array<{ width: number; isFunction: boolean }> = [];
  const lines = new LineContinuation();
  // Lines as split(/\r\n?|\n/) gives them, without the array: this runs over every file that has a `task_id =`.
  const breaks = text.includes('\r') ? /\r\n?|\n/g : undefined;
  for (let start = 0; start <= until; ) {
    let end: number;
    let next: number;
    if (breaks) {
      breaks.lastIndex = start;
      const found = breaks.exec(text);
      end = found ? found.index : text.length;
      next = found ? end + found[0].length : text.length + 1;
    } else {
      const newline = text.indexOf('\n', start);
      end = newline < 0 ? text.length : newline;
      next = end + 1;
    }
    const line = text.slice(start, end);
    start = next;
    const continues = lines.continues();
    lines.read(line);
    const { width, first } = indentation(line);
    if (continues) {
      // A keyword inside a call's brackets: judged by where the call is.
      if (!lines.inString() && startsSettingName(line, first) && INDENTED_SETTING_LINE.test(line) && !stack[stack.length - 1]?.isFunction) return true;
      continue;
    }
    // Blank or a comment.
    if (first === line.length || line.charCodeAt(first) === HASH) continue;
    while (stack.length > 0 && stack[stack.length - 1]!.width >= width) stack.pop();
    // Any leading whitespace: a form feed resets Python's count, so `\fbroker_url = ...` is at the top level.
    if (first > 0 && startsSettingName(line, first) && INDENTED_SETTING_LINE.test(line) && !stack[stack.length - 1]?.isFunction && !FIELD_DECLARATION.test(line)) return true;
    const opener = OPENER_INITIALS.has(line.charCodeAt(first)) ? BLOCK_OPENER.exec(line) : null;
    if (opener) stack.push({ width, isFunction: opener[1] === 'def' });
  }
  return false;
}

const HASH = 0x23;
/** What a `def`, a `class` or an `async def` begins with. */
const OPENER_INITIALS = new Set(['a', 'c', 'd'].map((c) => c.charCodeAt(0)));
/** Whether the line's first four characters past its indentation may begin a setting-shaped name (a check before the pattern). */
function startsSettingName(line: string, first: number): boolean {
  return SETTING_INITIALS.has(initials(line, first));
}

/** Whether the next line continues the statement: open brackets, a triple-quoted string, a backslash. */
class LineContinuation {
  private depth = 0;
  private triple: string | undefined;
  private backslash = false;

  continues(): boolean {
    return this.depth > 0 || this.triple !== undefined || this.backslash;
  }

  inString(): boolean {
    return this.triple !== undefined;
  }

  read(line: string): void {
    this.backslash = false;
    let i = 0;
    const length = line.length;
    while (i < length) {
      if (this.triple !== undefined) {
        const end = line.indexOf(this.triple, i);
        if (end < 0) return;
        this.triple = undefined;
        i = end + 3;
        continue;
      }
      // Character codes, not one-character strings: every character of every such file passes here.
      const c = line.charCodeAt(i);
      if (c === HASH) return;
      if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
        if (line.charCodeAt(i + 1) === c && line.charCodeAt(i + 2) === c) {
          this.triple = c === DOUBLE_QUOTE ? '"""' : "'''";
          i += 3;
          continue;
        }
        // A one-line string: its brackets are text. An unclosed one ends at the line's end.
        let j = i + 1;
        while (j < length && line.charCodeAt(j) !== c) j += line.charCodeAt(j) === BACKSLASH ? 2 : 1;
        i = j + 1;
        continue;
      }
      if (c === 0x28 || c === 0x5b || c === 0x7b) this.depth++;
      else if ((c === 0x29 || c === 0x5d || c === 0x7d) && this.depth > 0) this.depth--;
      else if (c === BACKSLASH && i === length - 1) this.backslash = true;
      i++;
    }
  }
}

const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;

/**
 * Columns of a line's leading whitespace (spaces, tabs, form feeds), a tab
 * reaching the next multiple of 8 as Python counts it, and where the rest
 * of the line begins.
 */
function indentation(line: string): { width: number; first: number } {
  let width = 0;
  let i = 0;
  for (; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x20) width++;
    else if (c === 0x09) width = (Math.floor(width / 8) + 1) * 8;
    else if (c === 0x0c) width = 0;
    else break;
  }
  return { width, first: i };
}
