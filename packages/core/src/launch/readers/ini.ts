// The INI dialects of supervisord (Python's configparser: indented lines
// continue a value, `;`/`#` after a space start an inline comment) and
// systemd units (a trailing backslash continues a line; comments are whole
// lines). Values are mapped text, so a word inside lands on its characters.
import { MappedBuilder, type MappedText } from '../mapped-text';

export interface IniEntry {
  readonly key: string;
  readonly keyStart: number;
  readonly value: MappedText;
}

export interface IniSection {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly entries: IniEntry[];
}

export interface IniDialect {
  readonly continuation: 'indent' | 'backslash';
  /** configparser's inline comments: `;` or `#` after whitespace. */
  readonly inlineComments: boolean;
}

export function readIni(text: string, dialect: IniDialect): { sections: IniSection[]; comments: Array<{ start: number; end: number }> } {
  const sections: IniSection[] = [];
  const comments: Array<{ start: number; end: number }> = [];
  const lines: Array<{ start: number; text: string }> = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    lines.push({ start: offset, text: raw.replace(/\r$/, '') });
    offset += raw.length + 1;
  }
  let current: IniSection | undefined;
  let last: { entry: IniEntry; builder: MappedBuilder; end: number } | undefined;
  const close = () => {
    if (!last) return;
    (last.entry as { value: MappedText }).value = last.builder.done(last.end);
    last = undefined;
  };
  const addValue = (builder: MappedBuilder, line: string, start: number): number => {
    let body = line;
    if (dialect.inlineComments) {
      const m = /[ \t][;#]/.exec(body);
      if (m) {
        comments.push({ start: start + m.index + 1, end: start + body.length });
        body = body.slice(0, m.index);
      }
    }
    let end = body.replace(/[ \t]+$/, '').length;
    let continues = false;
    if (dialect.continuation === 'backslash' && body.slice(0, end).endsWith('\\')) {
      end -= 1;
      continues = true;
    }
    builder.pushVerbatim(body.slice(0, end), start);
    return continues ? -(start + end) - 1 : start + end;
  };
  let continuing = false;
  for (const { start, text: line } of lines) {
    const trimmed = line.trimStart();
    const indent = line.length - trimmed.length;
    if (continuing && last) {
      last.builder.push(' ', start);
      const end = addValue(last.builder, trimmed, start + indent);
      continuing = end < 0;
      last.end = end < 0 ? -end - 1 : end;
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      if (trimmed !== '') comments.push({ start: start + indent, end: start + line.length });
      if (trimmed === '' && dialect.continuation === 'indent') close();
      continue;
    }
    if (dialect.continuation === 'indent' && indent > 0 && last) {
      last.builder.push('\n', start);
      last.end = addValue(last.builder, trimmed, start + indent);
      continue;
    }
    close();
    const section = /^\[([^\]]*)\]/.exec(trimmed);
    if (section) {
      current = { name: section[1]!.trim(), start: start + indent, end: start + indent + section[0].length, entries: [] };
      sections.push(current);
      continue;
    }
    const eq = /^([^=:]+?)[ \t]*[=:][ \t]*/.exec(trimmed);
    if (!eq || !current) continue;
    const entry: IniEntry = { key: eq[1]!, keyStart: start + indent, value: { text: '', offsets: [start] } };
    current.entries.push(entry);
    const builder = new MappedBuilder();
    const end = addValue(builder, trimmed.slice(eq[0].length), start + indent + eq[0].length);
    continuing = end < 0;
    last = { entry, builder, end: end < 0 ? -end - 1 : end };
    if (dialect.continuation === 'backslash' && !continuing) close();
  }
  close();
  return { sections, comments };
}

export function entry(section: IniSection, key: string): IniEntry | undefined {
  // The last assignment wins (configparser keeps the last; systemd's ExecStart= lists are read whole elsewhere).
  for (let i = section.entries.length - 1; i >= 0; i--) if (section.entries[i]!.key === key) return section.entries[i];
  return undefined;
}
