// What the artefact tests run with: a PATH that has no Node on it (the wheel
// and the pre-commit mirror must work without), and the README's snippets.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from './release-build';

const NODE_TOOLS = new Set(['node', 'nodejs', 'npm', 'npx', 'corepack']);

let noNodeBin: string | undefined;

/**
 * A directory with a link to every program on this PATH except Node and its
 * tools, to use as the whole PATH: everything a user's shell has (git, python3,
 * readlink), and no `node`.
 */
export function pathWithoutNode(): string {
  if (noNodeBin) return noNodeBin;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-lint-no-node-'));
  for (const entry of (process.env.PATH ?? '').split(path.delimiter)) {
    let names: string[];
    try {
      names = fs.readdirSync(entry);
    } catch {
      continue;
    }
    for (const name of names) {
      const target = path.join(entry, name);
      if (NODE_TOOLS.has(name) || fs.existsSync(path.join(dir, name))) continue;
      try {
        fs.accessSync(target, fs.constants.X_OK);
        if (fs.statSync(target).isFile()) fs.symlinkSync(target, path.join(dir, name));
      } catch {
        // Not an executable file.
      }
    }
  }
  return (noNodeBin = dir);
}

/** The environment a user without Node has: this one with `bin` first on a PATH without Node. */
export function envWithoutNode(bin?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: [...(bin ? [bin] : []), pathWithoutNode()].join(path.delimiter), NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.NODE_OPTIONS;
  delete env.NODE_PATH;
  return env;
}

export interface CodeBlock {
  readonly lang: string;
  readonly text: string;
}

/** The fenced code blocks of a README section (from its heading to the next heading of the same or a higher level). */
export function readmeBlocks(heading: string): CodeBlock[] {
  const text = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.replace(/^#+\s*/, '') === heading && l.startsWith('#'));
  if (start < 0) throw new Error(`README.md has no section '${heading}'`);
  const level = /^#+/.exec(lines[start]!)![0].length;
  const blocks: CodeBlock[] = [];
  let open: { lang: string; lines: string[] } | undefined;
  for (const line of lines.slice(start + 1)) {
    if (!open && new RegExp(`^#{1,${level}}\\s`).test(line)) break;
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence && !open) open = { lang: fence[1]!, lines: [] };
    else if (fence && open) {
      blocks.push({ lang: open.lang, text: `${open.lines.join('\n')}\n` });
      open = undefined;
    } else if (open) open.lines.push(line);
  }
  return blocks;
}

/** The commands of a README shell block: one per line, comments dropped, split into words. */
export function commands(block: CodeBlock): string[][] {
  return block.text
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(/\s+/));
}
