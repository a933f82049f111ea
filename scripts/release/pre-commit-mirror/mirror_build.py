"""The build backend of celery-lint's pre-commit mirror (PEP 517).

pre-commit installs a `language: python` hook repository with `pip install .`.
This repository holds no code: the package it builds only depends on the
celery-lint wheel of the same version, which puts the `celery-lint` executable
on the hook's PATH. Building needs nothing but the standard library
(`requires = []` in pyproject.toml), so installing works with no package index
at all when pip is pointed at a directory holding the wheel (PIP_NO_INDEX,
PIP_FIND_LINKS), and costs no download of a build system otherwise.
"""

import base64
import hashlib
import io
import os
import tarfile
import zipfile

NAME = "celery_lint_pre_commit"
VERSION = "@VERSION@"
METADATA = (
    "Metadata-Version: 2.1\n"
    "Name: celery-lint-pre-commit\n"
    f"Version: {VERSION}\n"
    "Summary: pre-commit hooks that run celery-lint\n"
    "License: MIT\n"
    f"Requires-Dist: celery-lint=={VERSION}\n"
)
WHEEL = "Wheel-Version: 1.0\nGenerator: mirror_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
SDIST_FILES = ("pyproject.toml", "mirror_build.py", ".pre-commit-hooks.yaml", "README.md", "LICENSE")
# Zip and tar entries get one fixed time, so a build's bytes depend on its contents only.
EPOCH = (2020, 1, 1, 0, 0, 0)


def _dist_info():
    return f"{NAME}-{VERSION}.dist-info"


def _record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode("ascii")


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    directory = os.path.join(metadata_directory, _dist_info())
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "METADATA"), "w", encoding="utf-8") as f:
        f.write(METADATA)
    return _dist_info()


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = {
        f"{_dist_info()}/METADATA": METADATA.encode("utf-8"),
        f"{_dist_info()}/WHEEL": WHEEL.encode("utf-8"),
    }
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in files.items())
    files[f"{_dist_info()}/RECORD"] = (record + f"{_dist_info()}/RECORD,,\n").encode("utf-8")
    name = f"{NAME}-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as wheel:
        for entry, data in files.items():
            info = zipfile.ZipInfo(entry, EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data)
    return name


def build_sdist(sdist_directory, config_settings=None):
    base = f"{NAME}-{VERSION}"
    name = f"{base}.tar.gz"
    here = os.path.dirname(os.path.abspath(__file__))
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as sdist:
        contents = [(f, open(os.path.join(here, f), "rb").read()) for f in SDIST_FILES]
        contents.append(("PKG-INFO", METADATA.encode("utf-8")))
        for entry, data in contents:
            info = tarfile.TarInfo(f"{base}/{entry}")
            info.size = len(data)
            info.mtime = 1577836800
            sdist.addfile(info, io.BytesIO(data))
    return name
