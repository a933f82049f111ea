// The files of one project as the server knows them: read from disk once,
// kept current by file-watcher events, and parsed once. Open documents are
// not kept here; the editor's text wins over the disk's (workspace.ts).
import { addStarImportedModules, discover, mightConfigureCelery, parse, readSource, type Tree } from '@celery-lint/core';

/** Above this many candidate files, trees are not cached between runs (memory over speed). */
const TREE_CACHE_LIMIT = 2_000;
/** The CLI's bound on context files, for the same reason: a huge monorepo must stay usable. */
const MAX_FILES = 20_000;

interface Entry {
  readonly text: string;
  tree?: Tree;
}

export class ProjectFiles {
  /** Candidate files only: ones the pre-filter says might configure Celery or Django. */
  private readonly entries = new Map<string, Entry>();

  constructor(readonly root: string) {
    const { files } = discover([root], root);
    const all = files.slice(0, MAX_FILES);
    for (const file of all) this.read(file);
    // Modules a candidate star-imports count even when the pre-filter turned them down.
    const texts = new Map([...this.entries].map(([file, entry]) => [file, entry.text]));
    addStarImportedModules(texts, all, (file) => {
      const read = readSource(file);
      return read.ok ? read.text : undefined;
    });
    for (const [file, text] of texts) if (!this.entries.has(file)) this.entries.set(file, { text });
  }

  /** Re-reads a file after a watcher event; returns whether the project's candidate set or text changed. */
  refresh(file: string): boolean {
    const before = this.entries.get(file);
    this.forget(file);
    this.read(file);
    const after = this.entries.get(file);
    return before?.text !== after?.text;
  }

  forget(file: string): void {
    this.entries.get(file)?.tree?.delete();
    this.entries.delete(file);
  }

  has(file: string): boolean {
    return this.entries.has(file);
  }

  files(): string[] {
    return [...this.entries.keys()];
  }

  text(file: string): string | undefined {
    return this.entries.get(file)?.text;
  }

  /** A tree for the file, cached while the project is small enough. The project owns it. */
  tree(file: string): Tree | undefined {
    const entry = this.entries.get(file);
    if (!entry || this.entries.size > TREE_CACHE_LIMIT) return undefined;
    entry.tree ??= parse(entry.text);
    return entry.tree;
  }

  dispose(): void {
    for (const entry of this.entries.values()) entry.tree?.delete();
    this.entries.clear();
  }

  private read(file: string): void {
    const read = readSource(file);
    if (read.ok && mightConfigureCelery(read.text)) this.entries.set(file, { text: read.text });
  }
}
