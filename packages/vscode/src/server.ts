// The language server as the extension ships it: bundled into dist/server.js
// with tree-sitter.wasm and tree-sitter-python.wasm copied beside it, so it
// needs no node_modules. The client starts it with --node-ipc (or --stdio).
import { startServer } from '@celery-lint/language-server';

startServer({ wasmDirectory: __dirname });
