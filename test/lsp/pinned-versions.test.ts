// The editor judges a module for the Celery its project pins, as the CLI does
// (test/cli/pinned-versions.test.ts), and re-reads the pins when a
// requirements file changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient, tempProject, uri } from './lsp-client';

const CONFIG = "BROKER_URL = 'redis://localhost'\nCELERYD_CONCURRENCY = 4\n";
const APP = "from celery import Celery\napp = Celery('proj')\napp.config_from_object('celeryconfig')\n";

test("the editor reads old names for the project's pinned Celery, and a Celery 3 project gets no Celery findings", async () => {
  const root = tempProject({ '.git/HEAD': '', 'app.py': APP, 'celeryconfig.py': CONFIG, 'requirements.txt': 'celery==4.4.7\n' });
  const { client } = await LspClient.start({ root });
  try {
    const file = path.join(root, 'celeryconfig.py');
    const diagnostics = await client.open(file);
    const deprecated = diagnostics.filter((d) => d.code === 'celery/deprecated-setting-name');
    assert.equal(deprecated.length, 2, JSON.stringify(diagnostics));
    assert.match(String(deprecated[0]!.message), /Celery 4\.4\.7 still honours it/);
    fs.writeFileSync(path.join(root, 'requirements.txt'), 'celery==3.1.25\n');
    const cleared = client.nextDiagnostics(file, (d) => !d.some((x) => String(x.code).startsWith('celery/')));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(path.join(root, 'requirements.txt')), type: 2 }] });
    await cleared;
  } finally {
    await client.stop();
  }
});

test("the editor asks the project's pinned dependencies, as the CLI does: a module a dependency installs is not missing", async () => {
  const root = tempProject({
    '.git/HEAD': '',
    'requirements.txt': 'apache-superset==5.0.0\n',
    'superset/superset_config.py': "class CeleryConfig(object):\n    BROKER_URL = 'redis://redis:6379/0'\n    CELERY_IMPORTS = ('superset.sql_lab',)\n\n\nCELERY_CONFIG = CeleryConfig\n",
  });
  const { client } = await LspClient.start({ root });
  try {
    const file = path.join(root, 'superset', 'superset_config.py');
    const diagnostics = await client.open(file);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'celery/autodiscover-missing-module'), []);
    // Without the pin, the checkout's folder is all there is (the CLI says the same, test/cli/survey-lessons.test.ts).
    fs.writeFileSync(path.join(root, 'requirements.txt'), 'redis==5.0.0\n');
    const missing = client.nextDiagnostics(file, (d) => d.some((x) => x.code === 'celery/autodiscover-missing-module'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(path.join(root, 'requirements.txt')), type: 2 }] });
    await missing;
  } finally {
    await client.stop();
  }
});
