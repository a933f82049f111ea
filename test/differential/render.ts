// Writes a case as the Python files a project would have, and records where
// each entry's value sits, so the oracle can swap it for a sentinel and the
// engine's binding for it can be found by position.
import type { Case, Entry, FirstReadShape } from './cases';

export interface ValueSpan {
  readonly file: string;
  /** Offsets in the file's text (the text is ASCII, so UTF-16 and code points agree). */
  readonly start: number;
  readonly end: number;
}

export interface RenderedCase {
  readonly case: Case;
  /** Relative path -> text. */
  readonly files: Readonly<Record<string, string>>;
  /** The module that creates the app (`app`). */
  readonly entry: string;
  /** One per case entry, same order. */
  readonly spans: readonly ValueSpan[];
  /** Modules that run only when imported (the oracle does not run them up front). */
  readonly lazy: readonly string[];
}

/** Builds one file's text, remembering where values land; the preamble goes on top. */
class Writer {
  private body = '';
  private readonly preamble: string[] = [];
  constructor(readonly file: string) {}

  write(s: string): void {
    this.body += s;
  }

  /** Statements the values of this file need first (tuple unpacking, imports). */
  hoist(lines: readonly string[]): void {
    for (const line of lines) if (!this.preamble.includes(line)) this.preamble.push(line);
  }

  value(entry: Entry, into: Map<number, { file: string; start: number; end: number; writer: Writer }>, index: number): void {
    if (entry.form) this.hoist(entry.form.preamble);
    into.set(index, { file: this.file, start: this.body.length, end: this.body.length + entry.value.length, writer: this });
    this.body += entry.value;
  }

  get head(): string {
    return `import os\n${this.preamble.map((l) => `${l}\n`).join('')}`;
  }

  get empty(): boolean {
    return this.body === '';
  }

  text(): string {
    return this.head + this.body;
  }
}

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const READ = "app.conf['task_serializer']";
const READER_FUNCTION = `def cl_first_read():\n    return ${READ}\n\n`;
const CHAIN_FUNCTION = 'def cl_setup():\n    return cl_first_read()\n\n';

/**
 * How a first-read shape is written: functions defined near the top of the
 * app module (before the app exists: only a call runs them), the statement
 * where the read happens, and the modules that statement imports.
 */
function firstReadShape(shape: FirstReadShape): { readonly functions: string; readonly statement: string; readonly modules: Readonly<Record<string, string>> } {
  const reader = (via: 'app' | 'current_app', inFunction: boolean) => {
    const head = via === 'app' ? 'from app import app\n' : 'from celery import current_app as app\n';
    return inFunction ? `${head}\n\n${READER_FUNCTION}CL_FIRST_READ = cl_first_read()\n` : `${head}\nCL_FIRST_READ = ${READ}\n`;
  };
  switch (shape) {
    case 'top-level':
      return { functions: '', statement: `CL_FIRST_READ = ${READ}\n`, modules: {} };
    case 'function':
      return { functions: READER_FUNCTION, statement: 'CL_FIRST_READ = cl_first_read()\n', modules: {} };
    case 'function-chain':
      return { functions: READER_FUNCTION + CHAIN_FUNCTION, statement: 'cl_setup()\n', modules: {} };
    case 'imported':
      return { functions: '', statement: 'import clreader\n', modules: { 'clreader.py': reader('app', false) } };
    case 'imported-function':
      return { functions: '', statement: 'from clreader import CL_FIRST_READ\n', modules: { 'clreader.py': reader('app', true) } };
    case 'imported-chain':
      return { functions: '', statement: 'import clchain\n', modules: { 'clchain.py': 'import clreader\n', 'clreader.py': reader('app', false) } };
    case 'imported-current-app':
      return { functions: '', statement: 'import clreader\n', modules: { 'clreader.py': reader('current_app', false) } };
    case 'imported-reexport':
      return {
        functions: '',
        statement: 'import clreader\n',
        modules: { 'clreexport.py': 'from app import app as celery_app  # noqa: F401\n', 'clreader.py': `from clreexport import celery_app\n\nCL_FIRST_READ = celery_app.conf['task_serializer']\n` },
      };
    case 'finalize':
      return { functions: '', statement: 'app.finalize()\n', modules: {} };
    case 'app-member':
      return { functions: '', statement: 'CL_CONTROL = app.control\n', modules: {} };
    case 'conf-changes':
      return { functions: '', statement: "CL_CHANGES = app.conf.changes\nCL_OPTION = app.conf.find_option('broker_url')\n", modules: {} };
    case 'defined-only':
      return { functions: READER_FUNCTION, statement: 'CL_READER = cl_first_read\n', modules: {} };
    case 'called-from-uncalled':
      return { functions: READER_FUNCTION + CHAIN_FUNCTION, statement: 'CL_SETUP = cl_setup\n', modules: {} };
    case 'imported-later':
      return { functions: 'def cl_later():\n    import clreader\n\n', statement: 'CL_LATER = cl_later\n', modules: { 'clreader.py': reader('app', false) } };
  }
}

const SOURCE_FILE: Partial<Record<Case['source'], string>> = {
  module: 'celeryconfig.py',
  'module-config-source': 'celeryconfig.py',
  envvar: 'celeryconfig.py',
  'class-path': 'celeryconfig.py',
  django: 'settings.py',
};

export function renderCase(c: Case): RenderedCase {
  const spans = new Map<number, { file: string; start: number; end: number; writer: Writer }>();
  const app = new Writer('app.py');
  const config = new Writer(SOURCE_FILE[c.source] ?? 'celeryconfig.py');
  const earlier = new Writer('earlierconfig.py');
  const consts: string[] = [];
  const indexed = c.entries.map((entry, index) => ({ entry, index }));
  for (const { entry } of indexed) if (entry.form) consts.push(...entry.form.consts);
  const via = (...vs: Entry['via'][]) => indexed.filter((x) => vs.includes(x.entry.via));
  const inSource = via('source', 'del');

  app.write('from celery import Celery\n\n');
  const read = c.firstRead ? firstReadShape(c.readShape ?? 'top-level') : undefined;
  if (read?.functions) app.write(read.functions);
  for (const w of c.envWrites ?? []) {
    app.write(w.setdefault ? `os.environ.setdefault(${quote(w.name)}, ${quote(w.value)})\n` : `os.environ[${quote(w.name)}] = ${quote(w.value)}\n`);
  }
  switch (c.source) {
    case 'module':
    case 'module-config-source':
    case 'envvar':
    case 'django':
      config.write(c.source === 'django' ? '# generated Django settings\nDEBUG = False\nINSTALLED_APPS = []\nUSE_TZ = True\n' : '# generated celeryconfig\n');
      for (const { entry, index } of inSource) {
        config.write(`${entry.key} = `);
        config.value(entry, spans, index);
        config.write('\n');
      }
      for (const { entry } of via('del')) config.write(`del ${entry.key}\n`);
      break;
    case 'class':
    case 'class-path':
    case 'config-source-class': {
      const w = c.source === 'class-path' ? config : app;
      w.write('class Config:\n');
      if (inSource.length === 0) w.write('    pass\n');
      for (const { entry, index } of inSource) {
        w.write(`    ${entry.key} = `);
        w.value(entry, spans, index);
        w.write('\n');
      }
      w.write('\n');
      break;
    }
    case 'dict':
    case 'config-source-dict':
      app.write('config = {\n');
      for (const { entry, index } of inSource) {
        app.write(`    ${quote(entry.key)}: `);
        app.value(entry, spans, index);
        app.write(',\n');
      }
      app.write('}\n\n');
      break;
    case 'none':
      break;
  }
  // Mappings are written up here and applied where conf.update() is called, further down.
  for (const { entry, index } of via('update-mapping', 'update-star')) {
    app.write(`CL_MAP${index} = {${quote(entry.key)}: `);
    app.value(entry, spans, index);
    app.write('}\n');
  }
  // A Flask-style config: the key under a prefix (upper-cased when Celery's name is lower case), beside a key the filter drops.
  for (const { entry, index } of via('update-prefixed')) {
    app.write(`CL_FLASK${index} = {'SQLALCHEMY_DATABASE_URI': 'sqlite://', ${quote(prefixedKey(entry.key))}: `);
    app.value(entry, spans, index);
    app.write('}\n');
  }

  if (c.source === 'django') app.write("os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\n\n");

  // Celery('case', ...): keyword arguments, changes=, config_source=, namespace=.
  app.write("app = Celery('case'");
  for (const { entry, index } of via('kwarg')) {
    app.write(`, ${entry.key}=`);
    app.value(entry, spans, index);
  }
  const changes = via('changes');
  if (changes.length > 0) {
    app.write(', changes={');
    changes.forEach(({ entry, index }, i) => {
      app.write(`${i ? ', ' : ''}${quote(entry.key)}: `);
      app.value(entry, spans, index);
    });
    app.write('}');
  }
  const configSource = { 'module-config-source': "'celeryconfig'", 'config-source-dict': 'config', 'config-source-class': 'Config' } as Partial<Record<Case['source'], string>>;
  if (configSource[c.source]) app.write(`, config_source=${configSource[c.source]}`);
  const nsInCelery = c.namespace !== null && (c.namespace.where !== 'config_from_object' || configSource[c.source] !== undefined);
  if (nsInCelery) app.write(`, namespace=${quote(c.namespace!.name)}`);
  app.write(')\n');

  const ns =
    c.namespace === null || nsInCelery ? (c.namespace?.where === 'Celery+None' ? ', namespace=None' : '') : `, namespace=${quote(c.namespace.name)}`;
  // An earlier source, replaced by the case's own config_from_object() below: Celery keeps only the last.
  const replaced = via('replaced');
  if (replaced.length > 0) {
    earlier.write('# generated: a config module the app stops reading\n');
    for (const { entry, index } of replaced) {
      earlier.write(`${entry.key} = `);
      earlier.value(entry, spans, index);
      earlier.write('\n');
    }
    app.write(`app.config_from_object('earlierconfig'${ns})\n`);
  }
  const target = { module: "'celeryconfig'", 'class-path': "'celeryconfig:Config'", class: 'Config', dict: 'config', django: "'django.conf:settings'" } as Partial<Record<Case['source'], string>>;
  const configure = target[c.source] ? `app.config_from_object(${target[c.source]}${ns})\n` : '';
  if (configure) app.write(configure);
  else if (c.source === 'envvar') app.write(`app.config_from_envvar('CL_CONFIG'${ns})\n`);
  else if (ns && c.source === 'none') app.write(`app.config_from_object({}${ns})\n`);

  const pending = indexed.filter((x) => !['source', 'del', 'replaced', 'kwarg', 'changes'].includes(x.entry.via));
  const writers: Writer[] = [];
  const writeChange = ({ entry, index }: { entry: Entry; index: number }) => {
    if (entry.via === 'imported-update') {
      // A project module the app module imports where the entry stands, writing the app's configuration as it is imported.
      const writer = new Writer(`clwriter${index}.py`);
      writer.write(`from app import app\n\napp.conf.update(${entry.key}=`);
      writer.value(entry, spans, index);
      writer.write(')\n');
      writers.push(writer);
      app.write(`import clwriter${index}\n`);
      return;
    }
    const before: Record<string, string> = {
      'update-kwargs': `app.conf.update(${entry.key}=`,
      'update-dict': `app.conf.update({${quote(entry.key)}: `,
      'update-pairs': `app.conf.update([(${quote(entry.key)}, `,
      setdefault: `app.conf.setdefault(${quote(entry.key)}, `,
      attribute: `app.conf.${entry.key} = `,
      item: `app.conf[${quote(entry.key)}] = `,
      'add-defaults': `app.add_defaults({${quote(entry.key)}: `,
    };
    const closing: Record<string, string> = { 'update-kwargs': ')', 'update-dict': '})', 'update-pairs': ')])', setdefault: ')', attribute: '', item: '', 'add-defaults': '})' };
    if (entry.via === 'update-prefixed') {
      const lower = entry.key === entry.key.toLowerCase();
      const key = lower ? 'k[7:].lower()' : "k[len('FLASKCFG_'):]";
      const prefix = lower ? 'CELERY_' : 'FLASKCFG_';
      // Both spellings projects use: a dict comprehension, and dict() of a generator.
      app.write(
        index % 2 === 0
          ? `app.conf.update({${key}: v for k, v in CL_FLASK${index}.items() if k.startswith('${prefix}')})\n`
          : `app.conf.update(dict((${key}, v) for k, v in CL_FLASK${index}.items() if k.startswith('${prefix}')))\n`,
      );
      return;
    }
    if (entry.via === 'update-mapping' || entry.via === 'update-star') {
      app.write(`app.conf.update(${entry.via === 'update-star' ? '**' : ''}CL_MAP${index})\n`);
      return;
    }
    app.write(before[entry.via]!);
    app.value(entry, spans, index);
    app.write(`${closing[entry.via]}\n`);
  };
  pending.filter((x) => !x.entry.after).forEach(writeChange);
  if (read) app.write(read.statement);
  pending.filter((x) => x.entry.after).forEach(writeChange);
  if (c.reconfigure && configure) app.write(configure);

  const files: Record<string, string> = { 'app.py': app.text() };
  if (!config.empty) files[config.file] = config.text();
  if (!earlier.empty) files[earlier.file] = earlier.text();
  if (consts.length > 0) files['consts.py'] = `${consts.join('\n')}\n`;
  Object.assign(files, read?.modules ?? {});
  for (const writer of writers) files[writer.file] = writer.text();
  // Spans were taken in each file's body: shift them past the preamble written on top.
  const finalSpans = c.entries.map((_, i) => {
    const s = spans.get(i)!;
    const shift = s.writer.head.length;
    return { file: s.file, start: s.start + shift, end: s.end + shift };
  });
  return { case: c, files, entry: 'app.py', spans: finalSpans, lazy: [...Object.keys(read?.modules ?? {}), ...writers.map((w) => w.file)] };
}

/** Where a Flask-style config keeps a Celery setting: `CELERY_` + upper case for a lower-case name, else under `FLASKCFG_` as written. */
function prefixedKey(key: string): string {
  return key === key.toLowerCase() ? `CELERY_${key.toUpperCase()}` : `FLASKCFG_${key}`;
}
