"""What real Django's deploy checks say about settings modules.

Reads a JSON list of cases on stdin: {"id", "files": {relative path: text},
"module": dotted settings module, "env": {name: value}}. For each case it
writes the files to a fresh directory, loads the module through Django's own
Settings class (as DJANGO_SETTINGS_MODULE would) and runs the checks tagged
"security" with deployment checks included, as `manage.py check --deploy`
does for those ids. Prints one JSON object per case: the check ids found (a
set: Django's order is not stable), or "load-error" / "crash" with the
exception's text when Django refuses the settings or a check dies.

Many cases run in one process: Django's Settings object is swapped per case,
which is all the security checks read (they never touch the app registry).
"""
import json
import os
import shutil
import sys
import tempfile
import traceback


def main():
    import django
    from django.conf import Settings, settings
    from django.core import checks
    from django.core.checks.registry import registry
    from django.urls.utils import get_callable

    cases = json.load(sys.stdin)
    out = {"django": django.get_version(), "results": []}
    root = tempfile.mkdtemp(prefix="django-oracle-")
    saved_env = dict(os.environ)
    try:
        for index, case in enumerate(cases):
            case_dir = os.path.join(root, str(index))
            for rel, text in case["files"].items():
                path = os.path.join(case_dir, rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(text)
            top = case["module"].split(".")[0]
            sys.path.insert(0, case_dir)
            os.environ.clear()
            os.environ.update(saved_env)
            os.environ.update(case.get("env", {}))
            result = {"id": case["id"]}
            try:
                # The CSRF failure view is looked up through a cached get_callable(): one case must not see another's view.
                get_callable.cache_clear()
                try:
                    settings._wrapped = Settings(case["module"])
                except Exception as error:  # Django refuses to load the settings.
                    result["loadError"] = "%s: %s" % (type(error).__name__, error)
                else:
                    try:
                        found = registry.run_checks(
                            tags=[checks.Tags.security], include_deployment_checks=True
                        )
                        result["ids"] = sorted({message.id for message in found})
                    except Exception as error:  # A check itself dies.
                        result["crash"] = "%s: %s" % (type(error).__name__, error)
            finally:
                sys.path.remove(case_dir)
                for name in list(sys.modules):
                    if name == top or name.startswith(top + "."):
                        del sys.modules[name]
            out["results"].append(result)
    except Exception:
        traceback.print_exc()
        sys.exit(3)
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        shutil.rmtree(root, ignore_errors=True)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
