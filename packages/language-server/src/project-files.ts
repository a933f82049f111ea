// The files of one project (one group: a root under one pyproject.toml) as
// the server knows them: a workspace index of every Python file, kept
// current by file-watcher events and open documents, and the text and tree
// of the files a lint needs, read and parsed on first use and let go when no
// open document needs them. Open documents' text is not kept here: the
// editor's text wins over the disk's (workspace.ts).
import { discover, launchFileKind, parse, ProjectIndex, readSource, type Tree } from '@celery-lint/core';

/** The CLI's bound on context files, for the same reason: a huge monorepo must stay usable. */
const MAX_FILES = 20_000;

interface Entry {
  readonly text: string;
  /** Launch files (a Dockerfile, a Compose file) are read by their own readers, never parsed as Python. */
  readonly launch: boolean;
  tree?: Tree;
}

function readText(file: string): string | undefined {
  const read = readSource(file);
  return read.ok ? read.text : undefined;
}

export class ProjectFiles {
  readonly index: ProjectIndex;
  /** Files read for a lint, with their trees. */
  private readonly entries = new Map<string, Entry>();

  /** `belongs`: the files of the root that this group lints (same pyproject.toml, not excluded). */
  constructor(
    readonly root: string,
    private readonly belongs: (file: string) => boolean,
  ) {
    const { files } = discover([root], root);
    this.index = ProjectIndex.build(files.slice(0, MAX_FILES).filter(belongs), readText);
  }

  /** A file changed on disk (or an open document closed): read it again. */
  refresh(file: string): void {
    this.drop(file);
    if (this.belongs(file)) this.index.set(file, readText(file));
  }

  /** A file was deleted, or a directory with everything in it. */
  forget(path: string): void {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const file of [...this.index.files()]) {
      if (file !== path && !file.startsWith(prefix)) continue;
      this.drop(file);
      this.index.delete(file);
    }
  }

  /** The text of a file, read on first use (a lint on a worker thread needs no tree here). */
  text(file: string): string | undefined {
    return this.entry(file)?.text;
  }

  /** The text and tree of a file (no tree for a launch file), read and parsed on first use; the tree is owned here. */
  source(file: string): { text: string; tree?: Tree } | undefined {
    const entry = this.entry(file);
    if (!entry) return undefined;
    if (entry.launch) return { text: entry.text };
    entry.tree ??= parse(entry.text);
    return { text: entry.text, tree: entry.tree };
  }

  private entry(file: string): Entry | undefined {
    let entry = this.entries.get(file);
    if (!entry) {
      const text = readText(file);
      if (text === undefined) return undefined;
      entry = { text, launch: launchFileKind(file, text) !== undefined };
      this.entries.set(file, entry);
    }
    return entry;
  }

  /** Lets go of the texts and trees of every file not in `needed`. */
  keepOnly(needed: ReadonlySet<string>): void {
    for (const file of [...this.entries.keys()]) if (!needed.has(file)) this.drop(file);
  }

  dispose(): void {
    for (const entry of this.entries.values()) entry.tree?.delete();
    this.entries.clear();
  }

  private drop(file: string): void {
    this.entries.get(file)?.tree?.delete();
    this.entries.delete(file);
  }
}
