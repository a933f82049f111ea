// Which repository a file belongs to. A run over a directory of checkouts
// (a workspace, a CI job linting several services) must judge each as it
// would be judged alone: one repository's modules, task names and mentions
// say nothing about another's, and a finding (or a fix) in one must not
// come from its neighbour. Files of different repositories are linted apart,
// which also bounds what a run holds to one repository's files at a time.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The files outside every repository. */
export const NO_REPOSITORY = '';

export class RepositoryRoots {
  private readonly byDirectory = new Map<string, string>();

  /**
   * The outermost directory above `file` holding a `.git` (a directory, or
   * the file a worktree or submodule has): a submodule stays with the
   * repository that includes it. NO_REPOSITORY when there is none.
   */
  of(file: string): string {
    // Asked several times for every file of a project: a directory answered already, as given (a walk's paths are resolved), needs no path.resolve.
    return this.byDirectory.get(path.dirname(file)) ?? this.forDirectory(path.dirname(path.resolve(file)));
  }

  private forDirectory(dir: string): string {
    // Walks up to the first directory already answered, then answers the way back down.
    const pending: string[] = [];
    let current = dir;
    let above: string | undefined;
    for (;;) {
      above = this.byDirectory.get(current);
      if (above !== undefined) break;
      pending.push(current);
      const parent = path.dirname(current);
      if (parent === current) {
        above = NO_REPOSITORY;
        break;
      }
      current = parent;
    }
    for (let i = pending.length - 1; i >= 0; i--) {
      const at = pending[i]!;
      if (above === NO_REPOSITORY && fs.existsSync(path.join(at, '.git'))) above = at;
      this.byDirectory.set(at, above);
    }
    return above;
  }
}
