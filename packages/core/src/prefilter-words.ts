// The words the pre-filter looks for, shared by its test on text
// (prefilter.ts) and its test on bytes (byte-prefilter/), which must agree.

/** What a setting-shaped name begins with, followed by `_` and a word (`broker_url`, `task_routes`, `BROKER_URL`). */
export const SETTING_PREFIXES = ['broker', 'result', 'task', 'worker', 'beat', 'event', 'redis', 'database', 'cache', 'security', 'control', 'BROKER'];
/** Setting names that are whole words. */
export const SETTING_WORDS = ['accept_content', 'imports', 'include', 'timezone', 'enable_utc'];
/** Words that make a file worth parsing wherever they are. */
export const WORDS = ['celery', 'CELERY', 'Celery', 'DJANGO_SETTINGS', 'DJANGO_CONFIGURATION', 'INSTALLED_APPS', 'ROOT_URLCONF', 'MIDDLEWARE', 'split_settings', '.delay(', '.apply_async('];
