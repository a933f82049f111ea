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

/** Names shaped like Celery settings (`broker_url`, `task_routes`, `BROKER_URL`, `imports`). */
const SETTING_NAME = String.raw`(?:(?:broker|result|task|worker|beat|event|redis|database|cache|security|control)_\w+|accept_content|imports|include|timezone|enable_utc|BROKER_\w+)\s*[:=]`;

// The words are looked for with includes(), many times faster than one regular expression of alternatives over
// every position of every file; the line patterns run only where their word is present.
const WORDS = ['celery', 'CELERY', 'Celery', 'DJANGO_SETTINGS', 'DJANGO_CONFIGURATION', 'INSTALLED_APPS', 'ROOT_URLCONF', 'MIDDLEWARE', 'split_settings', '.delay(', '.apply_async('];
/** `app.conf.x`, `celery_app.conf['x']`: an app's configuration, read or written (not `self.conf.get()`). */
const APP_CONF = /app\.conf\s*[.[]/;
const CONFIGURATIONS_IMPORT = /^[ \t]*(?:from|import)[ \t]+configurations\b/m;
const TASK_DECORATOR = /^[ \t]*@[\w.]+\.task\b/m;
/**
 * `from .common import *`: its `import *` (rare) first, then the statement,
 * checked to begin its line. Anchored at every line start, one pattern tried
 * every position of every file with a `*` in it, and most files have one.
 */
const IMPORT_STAR = /import[ \t]+\*/;
const STAR_IMPORT = /from[ \t]+[\w.]+[ \t]+import[ \t]+\*/g;
const TOP_LEVEL_SETTING = new RegExp(String.raw`^${SETTING_NAME}`, 'm');
/** Either: one scan turns down most files, which hold neither. */
const ANY_SETTING = new RegExp(String.raw`^[ \t\f]*${SETTING_NAME}`, 'm');
/** The same names indented: a config class's body, or a keyword of a call; but most often a function's local `task_id = ...`. */
const INDENTED_SETTING_LINE = new RegExp(String.raw`^[ \t\f]+${SETTING_NAME}`);
/** `event_type = db.Column(...)`, `timezone = forms.ChoiceField(...)`: a model's, form's or serializer's field, not a setting (kombu's Queue and Exchange are settings' values). */
const FIELD_DECLARATION = /^[ \t\f]+\w+[ \t]*(?::[^=]*)?=[ \t]*(?:[A-Za-z_]\w*\.)*(?!(?:Queue|Exchange|Broadcast)\()[A-Z]\w*\(/;
const BLOCK_OPENER = /^[ \t\f]*(?:async[ \t]+)?(def|class)[ \t]/;

/** A package's `__init__.py` decides what importing the package imports: autodiscovery rules read it. */
const INIT_FILE = /(^|[\\/])__init__\.py$/;

/** `path`, when given, lets every package's `__init__.py` through too (they are small, and mostly empty). */
export function mightConfigureCelery(text: string, path?: string): boolean {
  if (path !== undefined && INIT_FILE.test(path)) return true;
  for (const word of WORDS) if (text.includes(word)) return true;
  if (text.includes('.conf') && APP_CONF.test(text)) return true;
  if (text.includes('configurations') && CONFIGURATIONS_IMPORT.test(text)) return true;
  if (text.includes('.task') && TASK_DECORATOR.test(text)) return true;
  if (text.includes('*') && IMPORT_STAR.test(text) && hasStarImportLine(text)) return true;
  return assignsSettingShapedName(text);
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
 */
function settingOutsideFunctions(text: string): boolean {
  const stack: Array<{ width: number; isFunction: boolean }> = [];
  const lines = new LineContinuation();
  // Lines as split(/\r\n?|\n/) gives them, without the array: this runs over every file that has a `task_id =`.
  const breaks = text.includes('\r') ? /\r\n?|\n/g : undefined;
  for (let start = 0; start <= text.length; ) {
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
/** What SETTING_NAME begins with. */
const SETTING_INITIALS = new Set([...'brtwedcsaiB'].map((c) => c.charCodeAt(0)));

/** Whether the line's first character past its indentation may begin a setting-shaped name (a check before the pattern). */
function startsSettingName(line: string, first: number): boolean {
  return SETTING_INITIALS.has(line.charCodeAt(first));
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
