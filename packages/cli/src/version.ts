// The version celery-lint reports: `--version`, SARIF's tool.driver.version
// and the JSON output all read it here, and nowhere else. It comes from the
// root package.json, which the bundle (scripts/bundle-cli.js) inlines at
// build time, so an installed CLI never looks for a file at run time.
export const VERSION: string = (require('../../../../package.json') as { version: string }).version;
