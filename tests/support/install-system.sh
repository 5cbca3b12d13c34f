#!/usr/bin/env bash
# Installs what the test suite needs beyond the Python virtualenv, on Debian:
# Chromium (driven by Playwright through /usr/bin/chromium, since Playwright's
# own browser download is not reachable), a Java runtime for vnu.jar, Node.js
# and npm, then the pinned npm packages of tests/support.
#
# Idempotent: installs only what is missing, runs `apt-get update` only when
# there is something to install, and runs `npm ci` only when node_modules is
# missing or older than package-lock.json. Needs root or sudo when a Debian
# package is missing.
set -euo pipefail

support_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() {
    echo "install-system.sh: $*" >&2
    exit 1
}

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]} > 0)); then
    command -v apt-get >/dev/null 2>&1 \
        || die "missing ${missing[*]} and apt-get is not available; install them by hand"
    if [[ ${EUID} -eq 0 ]]; then
        as_root=(env DEBIAN_FRONTEND=noninteractive)
    elif command -v sudo >/dev/null 2>&1; then
        as_root=(sudo env DEBIAN_FRONTEND=noninteractive)
    else
        die "missing ${missing[*]}; run this script as root or install sudo"
    fi
    echo "install-system.sh: installing ${missing[*]}"
    "${as_root[@]}" apt-get update -qq >/dev/null \
        || die "apt-get update failed"
    "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null \
        || die "apt-get install ${missing[*]} failed"
fi

[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium is missing after apt-get install"
for tool in java node npm; do
    command -v "${tool}" >/dev/null 2>&1 || die "${tool} is missing after apt-get install"
done

cd "${support_dir}"
if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
    echo "install-system.sh: npm ci in ${support_dir}"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null \
        || die "npm ci failed in ${support_dir}"
    # npm ci may leave the directory's mtime older than a lock file it did not
    # rewrite; touching it records that this lock file is now installed.
    touch node_modules
fi
