// An `include` pattern that matches no file is a mistake (a typo, a moved
// directory) that would otherwise turn CI green by linting nothing. It can
// only be judged where a directory named on the command line covers the
// whole project: a hook passing a few files says nothing about the rest.
import * as path from 'node:path';
import ignore from 'ignore';
import { ConfigError, type ConfigResolver, type ProjectConfig } from '@celery-lint/core';

export function includeProblems(directories: readonly string[], files: readonly string[], resolver: ConfigResolver): string[] {
  if (directories.length === 0) return [];
  const governed = new Map<ProjectConfig, string[]>();
  for (const file of files) {
    const config = resolver.lookup(file);
    if (!config || config instanceof ConfigError || !config.include) continue;
    let list = governed.get(config);
    if (!list) governed.set(config, (list = []));
    list.push(path.relative(config.root, file).split(path.sep).join('/'));
  }
  const problems: string[] = [];
  for (const [config, rels] of governed) {
    const covered = directories.some((dir) => {
      const rel = path.relative(dir, config.root);
      return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    });
    if (!covered) continue;
    for (const pattern of config.include!) {
      const matcher = ignore().add(pattern);
      if (!rels.some((rel) => matcher.ignores(rel))) problems.push(`'include' pattern '${pattern}' in ${config.file} matches no file`);
    }
  }
  return problems;
}
