// celery-lint's language server as a library: the VS Code extension bundles
// it and calls startServer(); `celery-lint-language-server --stdio` does too.
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { listen, type ServerOptions } from './server';

export { EFFECTIVE_CONFIGURATION_REQUEST } from './server';
export type { ServerOptions } from './server';
export { FIX_ALL_KIND } from './code-actions';

export interface StartOptions extends ServerOptions {
  /** A connection to serve; by default one is made from the command line (--stdio, --node-ipc, --socket=N). */
  readonly connection?: Connection;
}

export function startServer(options: StartOptions = {}): Connection {
  const connection = options.connection ?? createConnection(ProposedFeatures.all);
  listen(connection, options);
  return connection;
}
