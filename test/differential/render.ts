// Writes a case as the Python files a project would have, and records where
// each entry's value sits, so the oracle can swap it for a sentinel and the
// engine's binding for it can be found by position.
import type { Case, Entry } from './cases';

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
}

/** Builds one file's text, remembering where values land. */
class Writer {
  text = '';
  constructor(readonly file: string) {}

  write(s: string): void {
    this.text += s;
  }

  value(expr: string, into: Map<number, ValueSpan>, index: number): void {
    into.set(index, { file: this.file, start: this.text.length, end: this.text.length + expr.length });
    this.text += expr;
  }
}

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function renderCase(c: Case): RenderedCase {
  const spans = new Map<number, ValueSpan>();
  const app = new Writer('app.py');
  const config = new Writer(c.source === 'django' ? 'settings.py' : 'celeryconfig.py');
  const indexed = c.entries.map((entry, index) => ({ entry, index }));
  const via = (v: Entry['via']) => indexed.filter((x) => x.entry.via === v);
  const inSource = via('source');

  app.write('import os\nfrom celery import Celery\n\n');
  switch (c.source) {
    case 'module':
    case 'module-config-source':
      config.write('# generated celeryconfig\n');
      for (const { entry, index } of inSource) {
        config.write(`${entry.key} = `);
        config.value(entry.value, spans, index);
        config.write('\n');
      }
      break;
    case 'django':
      config.write("# generated Django settings\nDEBUG = False\nINSTALLED_APPS = []\nUSE_TZ = True\n");
      for (const { entry, index } of inSource) {
        config.write(`${entry.key} = `);
        config.value(entry.value, spans, index);
        config.write('\n');
      }
      break;
    case 'class':
    case 'class-path': {
      const w = c.source === 'class' ? app : config;
      w.write('class Config:\n');
      if (inSource.length === 0) w.write('    pass\n');
      for (const { entry, index } of inSource) {
        w.write(`    ${entry.key} = `);
        w.value(entry.value, spans, index);
        w.write('\n');
      }
      w.write('\n');
      break;
    }
    case 'dict':
      app.write('config = {\n');
      for (const { entry, index } of inSource) {
        app.write(`    ${quote(entry.key)}: `);
        app.value(entry.value, spans, index);
        app.write(',\n');
      }
      app.write('}\n\n');
      break;
    case 'none':
      break;
  }

  if (c.source === 'django') app.write("os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\n\n");

  // Celery('case', ...): keyword arguments, changes=, config_source=, namespace=.
  app.write("app = Celery('case'");
  for (const { entry, index } of via('kwarg')) {
    app.write(`, ${entry.key}=`);
    app.value(entry.value, spans, index);
  }
  const changes = via('changes');
  if (changes.length > 0) {
    app.write(', changes={');
    changes.forEach(({ entry, index }, i) => {
      app.write(`${i ? ', ' : ''}${quote(entry.key)}: `);
      app.value(entry.value, spans, index);
    });
    app.write('}');
  }
  if (c.source === 'module-config-source') app.write(", config_source='celeryconfig'");
  if (c.namespace?.where === 'Celery') app.write(`, namespace=${quote(c.namespace.name)}`);
  app.write(')\n');

  const ns = c.namespace?.where === 'config_from_object' ? `, namespace=${quote(c.namespace.name)}` : '';
  // An earlier source, replaced by the case's own config_from_object() below: Celery keeps only the last.
  const replaced = via('replaced');
  const earlier = new Writer('earlierconfig.py');
  if (replaced.length > 0) {
    earlier.write('# generated: a config module the app stops reading\n');
    for (const { entry, index } of replaced) {
      earlier.write(`${entry.key} = `);
      earlier.value(entry.value, spans, index);
      earlier.write('\n');
    }
    app.write(`app.config_from_object('earlierconfig'${ns})\n`);
  }
  const target = { module: "'celeryconfig'", 'class-path': "'celeryconfig:Config'", class: 'Config', dict: 'config', django: "'django.conf:settings'" } as const;
  if (c.source !== 'none' && c.source !== 'module-config-source') app.write(`app.config_from_object(${target[c.source]}${ns})\n`);
  else if (ns) app.write(`app.config_from_object({}${ns})\n`);

  const kwargs = via('update-kwargs');
  if (kwargs.length > 0) {
    app.write('app.conf.update(');
    kwargs.forEach(({ entry, index }, i) => {
      app.write(`${i ? ', ' : ''}${entry.key}=`);
      app.value(entry.value, spans, index);
    });
    app.write(')\n');
  }
  const dict = via('update-dict');
  if (dict.length > 0) {
    app.write('app.conf.update({');
    dict.forEach(({ entry, index }, i) => {
      app.write(`${i ? ', ' : ''}${quote(entry.key)}: `);
      app.value(entry.value, spans, index);
    });
    app.write('})\n');
  }
  for (const { entry, index } of via('attribute')) {
    app.write(`app.conf.${entry.key} = `);
    app.value(entry.value, spans, index);
    app.write('\n');
  }
  for (const { entry, index } of via('item')) {
    app.write(`app.conf[${quote(entry.key)}] = `);
    app.value(entry.value, spans, index);
    app.write('\n');
  }

  const files: Record<string, string> = { 'app.py': app.text };
  if (config.text) files[config.file] = config.text;
  if (earlier.text) files[earlier.file] = earlier.text;
  return { case: c, files, entry: 'app.py', spans: c.entries.map((_, i) => spans.get(i)!) };
}
