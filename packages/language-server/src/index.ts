// celery-lint's language server as a library: the VS Code extension bundles
// it and calls startServer(); `celery-lint-language-server --stdio` does too.
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { isLintWorker, serveLintJob } from './lint-thread';
import { listen, loadRulePack, type ServerOptions } from './server';

export { EFFECTIVE_CONFIGURATION_REQUEST } from './server';
export type { ServerOptions } from './server';
export { FIX_ALL_KIND } from './code-actions';

export interface StartOptions extends ServerOptions {
  /** A connection to serve; by default one is made from the command line (--stdio, --node-ipc, --socket=N). */
  readonly connection?: Connection;
}

/** Serves LSP; in a lint worker (lint-thread.ts: this same script, started again) serves one lint job instead and returns undefined. */
export function startServer(options: StartOptions = {}): Connection | undefined {
  if (isLintWorker()) {
    serveLintJob(options.rules ?? loadRulePack().allRules, options.wasmDirectory ? { wasmDirectory: options.wasmDirectory } : {});
    return undefined;
  }
  const connection = options.connection ?? createConnection(ProposedFeatures.all);
  listen(connection, options);
  return connection;
}
