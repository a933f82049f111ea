// `celery-lint-language-server --stdio`: the server on this process's streams.
import { startServer } from './index';

const args = process.argv.slice(2);
if (args.includes('--version')) {
  // The release's one version number, as the CLI reads it (packages/cli/src/version.ts): bundles inline it.
  process.stdout.write(`${(require('../../../../package.json') as { version: string }).version}\n`);
} else if (!args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.stderr.write('usage: celery-lint-language-server --stdio | --node-ipc | --socket=<port> | --pipe=<name>\n');
  process.exitCode = 2;
} else {
  startServer();
}
