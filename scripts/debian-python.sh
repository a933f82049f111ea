#!/usr/bin/env bash
# Unpacks the pure-Python Celery and Django of a newer Debian suite beside the
# installed ones, for differential tests against more than one version.
#
#   scripts/debian-python.sh SUITE            # trixie (Celery 5.5, Django 4.2), sid (Celery 5.6, Django 5.2)
#
# The packages come from the mirror this machine's apt already uses (read from
# its sources at run time, never written here), through a private apt state
# directory: the machine's own apt configuration is left untouched. They are
# unpacked with `dpkg -x` into .cache/debian-python/SUITE; the last line
# printed is the directory to put on PYTHONPATH. Run again, it only prints it.
set -euo pipefail

suite="${1:?usage: scripts/debian-python.sh SUITE}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.cache/debian-python/$suite"
site="$dest/root/usr/lib/python3/dist-packages"

if [ -f "$dest/.complete" ]; then
  echo "$site"
  exit 0
fi

# The first Debian mirror apt is configured with (deb822 .sources or one-line .list).
mirror=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  mirror="$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' "$f")"
  [ -n "$mirror" ] && break
done
if [ -z "$mirror" ]; then
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    mirror="$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\/.*\/debian\/?$/) { print $i; exit } }' "$f")"
    [ -n "$mirror" ] && break
  done
fi
if [ -z "$mirror" ]; then
  echo "debian-python: no Debian mirror found in apt's sources" >&2
  exit 1
fi

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
state="$dest/apt"
rm -rf "$dest"
mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$dest/debs" "$dest/root"
echo "deb [signed-by=$keyring] ${mirror%/} $suite main" > "$state/sources.list"
apt_opts=(
  -o "Dir::Etc::SourceList=$state/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$state/lists"
  -o "Dir::Cache=$state/cache"
  -o "Dir::State::Status=/dev/null"
  -o "APT::Sandbox::User=root"
)
apt-get "${apt_opts[@]}" update -qq >/dev/null

# Celery, kombu and what they import that bookworm has too old; Django and asgiref.
packages=(
  python3-celery python3-kombu python3-billiard python3-vine python3-amqp
  python3-click python3-click-didyoumean python3-click-repl python3-click-plugins
  python3-dateutil python3-tzlocal python3-redis
  python3-django python3-asgiref
)
# A package the suite no longer ships (sid dropped click-plugins when Celery stopped using it) is skipped.
for package in "${packages[@]}"; do
  (cd "$dest/debs" && apt-get "${apt_opts[@]}" download "$package" >/dev/null 2>&1) || echo "debian-python: $suite has no $package; skipped" >&2
done
for deb in "$dest/debs"/*.deb; do dpkg -x "$deb" "$dest/root"; done
rm -rf "$state"
touch "$dest/.complete"
echo "$site"
