// When a module's names may be let go while a project is read (design.md,
// "Performance shape": memory follows the work, not the tree).
//
// A module's names are evaluated lazily, when something first asks for them:
// a module that imports them, or a module that imports that one, and so on.
// So they must live until every module that imports it, directly or through
// others, has been read and has itself let go. (Its trees go sooner: the
// engine works out the names of a module still held right after its read.) The import graph
// comes from a text scan that sees at least the imports the engine follows;
// an import it missed is reported as it happens (`imports`), and a module
// already freed by then is read again by the caller and kept.
//
// Modules in an import cycle are held and freed together: a strongly
// connected component of the graph is one unit.

interface Unit {
  readonly members: string[];
  unread: number;
  /** Units importing this one that have not been released yet. */
  importers: number;
  readonly targets: Set<Unit>;
  released: boolean;
}

export class TreeLifetimes {
  private readonly units = new Map<string, Unit>();
  private readonly seen = new Set<string>();

  /** `importsOf(file)`: the files among `files` that `file` may import (a superset is safe). */
  constructor(files: readonly string[], importsOf: (file: string) => readonly string[]) {
    const edges = new Map<string, readonly string[]>();
    for (const file of files) edges.set(file, importsOf(file).filter((t) => t !== file));
    for (const members of stronglyConnected(files, (f) => edges.get(f) ?? [])) {
      const unit: Unit = { members, unread: members.length, importers: 0, targets: new Set(), released: false };
      for (const member of members) this.units.set(member, unit);
    }
    for (const [file, targets] of edges) {
      const from = this.units.get(file)!;
      for (const target of targets) this.link(from, this.units.get(target));
    }
  }

  /**
   * Records that `file` has been read (again reads count once); returns the
   * files whose trees may now be freed, `file` among them when nothing can
   * still ask for its names.
   */
  read(file: string): string[] {
    const unit = this.units.get(file);
    if (!unit || this.seen.has(file)) return [];
    this.seen.add(file);
    unit.unread--;
    return this.releaseFrom(unit);
  }

  /**
   * An import the text scan did not see, made while `from` is read: `to`
   * now lives as long as `from`. False when `to` was freed already: the
   * caller reads it again, and that copy lives to the end of the run.
   */
  imports(from: string, to: string): boolean {
    const target = this.units.get(to);
    if (!target) return true;
    if (target.released) return false;
    const source = this.units.get(from);
    if (source && source !== target) this.link(source, target);
    return true;
  }

  private link(from: Unit, to: Unit | undefined): void {
    if (!to || to === from || from.targets.has(to)) return;
    from.targets.add(to);
    to.importers++;
  }

  /** Releases `start` if nothing holds it, and then whatever only it held, without recursion (chains run to thousands). */
  private releaseFrom(start: Unit): string[] {
    const freed: string[] = [];
    const stack = [start];
    while (stack.length > 0) {
      const unit = stack.pop()!;
      if (unit.released || unit.unread > 0 || unit.importers > 0) continue;
      unit.released = true;
      freed.push(...unit.members);
      for (const target of unit.targets) {
        target.importers--;
        stack.push(target);
      }
    }
    return freed;
  }
}

/** Tarjan's strongly connected components, with an explicit stack. */
function stronglyConnected(nodes: readonly string[], next: (node: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; edges: readonly string[]; at: number }> = [];
    const enter = (node: string) => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, edges: next(node), at: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.at < frame.edges.length) {
        const target = frame.edges[frame.at++]!;
        if (!index.has(target)) enter(target);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}
