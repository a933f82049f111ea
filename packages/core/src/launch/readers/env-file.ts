// `.env` files (Compose `env_file`, systemd `EnvironmentFile`): KEY=VALUE per
// line, `export` allowed, quotes removed, `#` lines skipped.
import type { LaunchEnvVar } from '../process';

const LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.]*)[ \t]*=[ \t]*(.*?)[ \t]*$/;

export function readEnvFile(file: string, text: string, via = 'env_file'): LaunchEnvVar[] {
  const out: LaunchEnvVar[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const m = LINE.exec(line.replace(/\r$/, ''));
    if (!m || line.trimStart().startsWith('#')) continue;
    let value = m[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) value = value.slice(1, -1);
    else value = value.replace(/[ \t]+#.*$/, '');
    out.push({ name: m[1]!, value: quote !== "'" && value.includes('$') ? undefined : value, span: { file, start, end: start + line.replace(/\r$/, '').length }, via });
  }
  return out;
}
