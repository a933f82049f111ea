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
const APP_CONF = /\b\w*app\.conf\s*[.[]/;
const CONFIGURATIONS_IMPORT = /^[ \t]*(?:from|import)[ \t]+configurations\b/m;
const TASK_DECORATOR = /^[ \t]*@[\w.]+\.task\b/m;
const STAR_IMPORT_LINE = /^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]+\*/m;
const TOP_LEVEL_SETTING = new RegExp(String.raw`^${SETTING_NAME}`, 'm');
/** The same names indented: a config class's body, or a keyword of a call; but most often a function's local `task_id = ...`. */
const INDENTED_SETTING = new RegExp(String.raw`^[ \t]+${SETTING_NAME}`, 'm');
const INDENTED_SETTING_LINE = new RegExp(String.raw`^[ \t]+${SETTING_NAME}`);
/** `event_type = db.Column(...)`, `timezone = forms.ChoiceField(...)`: a model's, form's or serializer's field, not a setting (kombu's Queue and Exchange are settings' values). */
const FIELD_DECLARATION = /^[ \t]+\w+[ \t]*(?::[^=]*)?=[ \t]*(?:[A-Za-z_]\w*\.)*(?!(?:Queue|Exchange|Broadcast)\()[A-Z]\w*\(/;
const BLOCK_OPENER = /^[ \t\f]*(?:async[ \t]+)?(def|class)[ \t]/;
const BLANK_OR_COMMENT = /^[ \t\f]*(?:#|$)/;

/** A package's `__init__.py` decides what importing the package imports: autodiscovery rules read it. */
const INIT_FILE = /(^|[\\/])__init__\.py$/;

/** `path`, when given, lets every package's `__init__.py` through too (they are small, and mostly empty). */
export function mightConfigureCelery(text: string, path?: string): boolean {
  if (path !== undefined && INIT_FILE.test(path)) return true;
  for (const word of WORDS) if (text.includes(word)) return true;
  if (text.includes('.conf') && APP_CONF.test(text)) return true;
  if (text.includes('configurations') && CONFIGURATIONS_IMPORT.test(text)) return true;
  if (text.includes('.task') && TASK_DECORATOR.test(text)) return true;
  if (text.includes('*') && STAR_IMPORT_LINE.test(text)) return true;
  return assignsSettingShapedName(text);
}

/** Whether a setting-shaped name is assigned where it may configure: at the top level, in a class body or a top-level block. */
export function assignsSettingShapedName(text: string): boolean {
  return TOP_LEVEL_SETTING.test(text) || (INDENTED_SETTING.test(text) && settingOutsideFunctions(text));
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
  for (const line of text.split(/\r\n?|\n/)) {
    const continues = lines.continues();
    lines.read(line);
    if (continues) {
      // A keyword inside a call's brackets: judged by where the call is.
      if (!lines.inString() && INDENTED_SETTING_LINE.test(line) && !stack[stack.length - 1]?.isFunction) return true;
      continue;
    }
    if (BLANK_OR_COMMENT.test(line)) continue;
    const width = indentWidth(line);
    while (stack.length > 0 && stack[stack.length - 1]!.width >= width) stack.pop();
    if (width > 0 && INDENTED_SETTING_LINE.test(line) && !stack[stack.length - 1]?.isFunction && !FIELD_DECLARATION.test(line)) return true;
    const opener = BLOCK_OPENER.exec(line);
    if (opener) stack.push({ width, isFunction: opener[1] === 'def' });
  }
  return false;
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
    while (i < line.length) {
      if (this.triple !== undefined) {
        const end = line.indexOf(this.triple, i);
        if (end < 0) return;
        this.triple = undefined;
        i = end + 3;
        continue;
      }
      const c = line[i]!;
      if (c === '#') return;
      if (c === '"' || c === "'") {
        if (line.startsWith(c.repeat(3), i)) {
          this.triple = c.repeat(3);
          i += 3;
          continue;
        }
        // A one-line string: its brackets are text. An unclosed one ends at the line's end.
        let j = i + 1;
        while (j < line.length && line[j] !== c) j += line[j] === '\\' ? 2 : 1;
        i = j + 1;
        continue;
      }
      if (c === '(' || c === '[' || c === '{') this.depth++;
      else if ((c === ')' || c === ']' || c === '}') && this.depth > 0) this.depth--;
      else if (c === '\\' && i === line.length - 1) this.backslash = true;
      i++;
    }
  }
}

/** Columns of a line's leading whitespace, a tab reaching the next multiple of 8 as Python counts it. */
function indentWidth(line: string): number {
  let width = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x20) width++;
    else if (c === 0x09) width = (Math.floor(width / 8) + 1) * 8;
    else if (c === 0x0c) width = 0;
    else break;
  }
  return width;
}
