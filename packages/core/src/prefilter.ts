// A cheap text test that decides whether a file is worth parsing at all
// (design.md, "Performance shape"). It must never say no to a file that can
// configure Celery or Django; saying yes to a few others only costs time.
// A celeryconfig-style module need not mention Celery, so module-level
// assignments to setting-shaped names count too, and so do task decorators
// (`@app.task` in a module that imports the app from `proj.worker`): rules
// check beat schedules against the tasks the project defines.
const MAY_CONFIGURE =
  /celery|CELERY|Celery|DJANGO_SETTINGS|INSTALLED_APPS|^[ \t]*@[\w.]+\.task\b|^[ \t]*(?:(?:broker|result|task|worker|beat|event|redis|database|cache|security|control)_\w+|accept_content|imports|include|timezone|enable_utc|BROKER_\w+)\s*[:=]/m;

export function mightConfigureCelery(text: string): boolean {
  return MAY_CONFIGURE.test(text);
}
