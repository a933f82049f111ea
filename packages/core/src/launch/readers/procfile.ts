// Procfiles (Heroku, Dokku, honcho, foreman): `type: command` per line, each
// command run by a shell. Heroku runs dynos as an unprivileged user; how many
// of each type run is set outside the file (`ps:scale`).
import type { LaunchDraft } from '../build-process';
import { verbatim } from '../mapped-text';
import { splitCommands } from '../shell-words';

const LINE = /^([A-Za-z0-9_-]+)[ \t]*:[ \t]*(.*)$/;

export function readProcfile(file: string, text: string): { drafts: LaunchDraft[]; comments: Array<{ start: number; end: number }> } {
  const drafts: LaunchDraft[] = [];
  const comments: Array<{ start: number; end: number }> = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const start = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    const hash = line.search(/(^|[ \t])#/);
    if (hash !== -1) comments.push({ start: start + hash + (line[hash] === '#' ? 0 : 1), end: start + line.length });
    const m = LINE.exec(line);
    if (!m) continue;
    const commandStart = start + line.length - m[2]!.length;
    drafts.push({
      file,
      origin: 'procfile',
      name: m[1]!,
      definedAt: { file, start, end: start + m[1]!.length },
      commands: splitCommands(verbatim(m[2]!, commandStart)).map((c) => c.words),
      user: { state: 'non-root', reason: 'Procfile processes run as the platform user (Heroku dynos are never root)' },
      replicas: { count: undefined, reason: `the number of ${m[1]} processes is set outside the Procfile (ps:scale)` },
      environment: [],
      inContainer: false,
      siblings: [],
    });
  }
  return { drafts, comments };
}
