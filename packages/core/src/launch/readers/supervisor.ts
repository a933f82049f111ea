// supervisord `[program:x]` sections: `command=` (split by Python's
// shlex.split, after supervisor's own `%(name)s` expansion), `user=`,
// `numprocs=`, `environment=KEY="v",...`. supervisord is started as root by
// init, so a program without `user=` runs as root.
import * as path from 'node:path';
import type { LaunchDraft } from '../build-process';
import type { LaunchEnvVar } from '../process';
import { splitWords } from '../shell-words';
import { slice } from '../mapped-text';
import { entry, readIni } from './ini';

export function looksLikeSupervisor(text: string): boolean {
  return /^\[program:[^\]]+\]/m.test(text);
}

function environment(file: string, value: { text: string; offsets: readonly number[] } | undefined): LaunchEnvVar[] {
  if (!value) return [];
  const out: LaunchEnvVar[] = [];
  // KEY="value",KEY2=value2 — commas inside quotes belong to the value.
  for (const m of value.text.matchAll(/([A-Za-z_]\w*)\s*=\s*("([^"]*)"|'([^']*)'|[^,]*)/g)) {
    const raw = m[3] ?? m[4] ?? m[2]!.trim();
    const start = value.offsets[m.index]!;
    const end = value.offsets[Math.min(m.index + m[0].length, value.offsets.length - 1)]!;
    out.push({ name: m[1]!, value: raw.includes('%(') ? undefined : raw, span: { file, start, end }, via: 'environment=' });
  }
  return out;
}

export function readSupervisor(file: string, text: string): { drafts: LaunchDraft[]; comments: Array<{ start: number; end: number }> } {
  const { sections, comments } = readIni(text, { continuation: 'indent', inlineComments: true });
  const drafts: LaunchDraft[] = [];
  for (const section of sections) {
    const m = /^program:(.+)$/.exec(section.name);
    if (!m) continue;
    const command = entry(section, 'command');
    if (!command) continue;
    const user = entry(section, 'user');
    const numprocs = entry(section, 'numprocs');
    const count = numprocs && /^\d+$/.test(numprocs.value.text.trim()) ? Number(numprocs.value.text.trim()) : numprocs ? undefined : 1;
    const userName = user?.value.text.trim();
    const userSpan = user ? { file, start: user.value.offsets[0]!, end: user.value.offsets[user.value.text.length]! } : undefined;
    drafts.push({
      file,
      origin: 'supervisor',
      name: m[1]!.trim(),
      definedAt: { file, start: section.start, end: section.end },
      commands: [splitWords(slice(command.value, 0, command.value.text.length)).map((w) => ({ ...w, expands: w.expands || w.value.includes('%(') }))],
      user: userName
        ? { state: /^(root|0)$/.test(userName) ? 'root' : 'non-root', reason: `user=${userName} in [${section.name}]`, ...(userSpan ? { span: userSpan } : {}), name: userName }
        : { state: 'root', reason: `no user= in [${section.name}]: supervisord runs it as root`, span: { file, start: section.start, end: section.end } },
      replicas: numprocs
        ? { count, reason: `numprocs=${numprocs.value.text.trim()}`, span: { file, start: numprocs.value.offsets[0]!, end: numprocs.value.offsets[numprocs.value.text.length]! } }
        : { count: 1, reason: 'one process (no numprocs=)' },
      environment: environment(file, entry(section, 'environment')?.value),
      inContainer: false,
      siblings: [],
      scriptCandidates: (p) => [path.resolve(entry(section, 'directory')?.value.text.trim() ?? path.dirname(file), p), path.resolve(path.dirname(file), p)],
    });
  }
  return { drafts, comments };
}
