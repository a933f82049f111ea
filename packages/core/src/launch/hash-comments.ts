// `#` comments of YAML and shell text: a `#` at a line start or after
// whitespace, outside the quotes of its line. Used to find suppression
// directives in launch files.
export function hashComments(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const m of text.matchAll(/(^|[ \t])(#[^\n]*)/gm)) {
    const start = m.index + m[1]!.length;
    const before = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
    // Inside a quoted string on this line: an odd number of quotes before it.
    if ((before.split('"').length - 1) % 2 === 1 || (before.split("'").length - 1) % 2 === 1) continue;
    out.push({ start, end: start + m[2]!.replace(/\r$/, '').length });
  }
  return out;
}
