// A cheap text test that decides whether a file is worth parsing at all
// (design.md, "Performance shape"). It must never say no to a file that can
// configure Celery or Django; saying yes to a few others only costs time.
// A celeryconfig-style module need not mention Celery, so module-level
// assignments to setting-shaped names count too, and so do task decorators
// (`@app.task` in a module that imports the app from `proj.worker`): rules
// check beat schedules against the tasks the project defines. A module that
// only star-imports others (`settings/live.py`: `from .common import *`) may be
// the settings module an app reads, or the package a config class is
// imported through. A django-configurations base class (`Base(Configuration)`)
// may hold no Celery word either, and DJANGO_CONFIGURATION picks the class.
// A Django settings module with no Celery in it counts for the django/ rules:
// ROOT_URLCONF and MIDDLEWARE are names only Django settings set.
// A module that calls tasks (`send_welcome.delay(user)` in views.py) counts
// too: rules check what it passes and whether it waits for results.
// A module that reads an app's configuration (`app.conf.broker_url`, with the
// app imported from the app module) finalizes it when the app module imports
// it, so the configuration's first read may be there.

const MAY_CONFIGURE =
  /celery|CELERY|Celery|DJANGO_SETTINGS|DJANGO_CONFIGURATION|INSTALLED_APPS|ROOT_URLCONF|MIDDLEWARE|split_settings|\.(?:delay|apply_async)\(|^[ \t]*(?:from|import)[ \t]+configurations\b|^[ \t]*@[\w.]+\.task\b|\b\w*app\.conf\s*[.[]|^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]+\*|^[ \t]*(?:(?:broker|result|task|worker|beat|event|redis|database|cache|security|control)_\w+|accept_content|imports|include|timezone|enable_utc|BROKER_\w+)\s*[:=]/m;

/** A package's `__init__.py` decides what importing the package imports: autodiscovery rules read it. */
const INIT_FILE = /(^|[\\/])__init__\.py$/;

/** `path`, when given, lets every package's `__init__.py` through too (they are small, and mostly empty). */
export function mightConfigureCelery(text: string, path?: string): boolean {
  return MAY_CONFIGURE.test(text) || (path !== undefined && INIT_FILE.test(path));
}
