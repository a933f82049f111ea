// systemd service units: `ExecStart=` (its `-`, `@`, `+`, `!` prefixes
// stripped), `User=`, `Environment=`, `EnvironmentFile=`. A system unit with
// no `User=` runs as root.
import * as path from 'node:path';
import type { LaunchDraft } from '../build-process';
import type { LaunchEnvVar } from '../process';
import { slice } from '../mapped-text';
import { splitWords } from '../shell-words';
import { readEnvFile } from './env-file';
import { entry, readIni } from './ini';

export function readSystemdUnit(
  file: string,
  text: string,
  readFile: (file: string) => string | undefined,
  noteRead: (file: string, text: string) => void,
): { drafts: LaunchDraft[]; comments: Array<{ start: number; end: number }> } {
  const { sections, comments } = readIni(text, { continuation: 'backslash', inlineComments: false });
  const service = sections.find((s) => s.name === 'Service');
  if (!service) return { drafts: [], comments };
  const environment: LaunchEnvVar[] = [];
  for (const e of service.entries) {
    if (e.key === 'Environment') {
      for (const word of splitWords(e.value)) {
        const eq = word.value.indexOf('=');
        if (eq > 0) environment.push({ name: word.value.slice(0, eq), value: word.value.slice(eq + 1), span: { file, start: word.start, end: word.end }, via: 'Environment=' });
      }
    } else if (e.key === 'EnvironmentFile') {
      const name = e.value.text.trim().replace(/^-/, '');
      const envPath = path.resolve(path.dirname(file), name);
      const read = readFile(envPath);
      if (read !== undefined) {
        noteRead(envPath, read);
        environment.push(...readEnvFile(envPath, read, 'EnvironmentFile='));
      }
    }
  }
  const user = entry(service, 'User');
  const userName = user?.value.text.trim();
  const userUnit = /[\\/]systemd[\\/]user[\\/]/.test(file);
  const drafts: LaunchDraft[] = [];
  for (const e of service.entries.filter((x) => x.key === 'ExecStart' && x.value.text.trim() !== '')) {
    const prefix = /^[-@+!:|]*/.exec(e.value.text)![0].length;
    // `+` runs the command with full privileges whatever User= says.
    const privileged = e.value.text.slice(0, prefix).includes('+');
    const words = splitWords(slice(e.value, prefix, e.value.text.length)).map((w) => ({ ...w, expands: w.expands || /%[a-zA-Z]/.test(w.value.replace(/%%/g, '')) }));
    drafts.push({
      file,
      origin: 'systemd',
      name: path.basename(file),
      definedAt: { file, start: e.keyStart, end: e.keyStart + e.key.length },
      commands: [words],
      user: privileged
        ? { state: 'root', reason: 'ExecStart=+ runs with full privileges', span: { file, start: e.value.offsets[0]!, end: e.value.offsets[prefix]! } }
        : userName
          ? { state: /^(root|0)$/.test(userName) ? 'root' : 'non-root', reason: `User=${userName}`, span: { file, start: user!.value.offsets[0]!, end: user!.value.offsets[user!.value.text.length]! }, name: userName }
          : userUnit
            ? { state: 'non-root', reason: 'a user unit runs as its user' }
            : { state: 'root', reason: 'no User= in [Service]: a system unit runs as root', span: { file, start: service.start, end: service.end } },
      replicas: { count: 1, reason: 'one unit' },
      environment,
      inContainer: false,
      siblings: [],
      scriptCandidates: (p) => [path.resolve(entry(service, 'WorkingDirectory')?.value.text.trim() ?? path.dirname(file), p), path.resolve(path.dirname(file), p)],
    });
  }
  return { drafts, comments };
}
