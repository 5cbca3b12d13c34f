#!/usr/bin/env bash
# Debian splits venv and ensurepip out of python3: install them when missing.
set -euo pipefail
if [[ ${EUID} -eq 0 ]]; then
    as_root=(env DEBIAN_FRONTEND=noninteractive)
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo env DEBIAN_FRONTEND=noninteractive)
else
    echo "python3 has no venv module; install python3-venv as root" >&2
    exit 1
fi
version=$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
"${as_root[@]}" apt-get update -qq >/dev/null
"${as_root[@]}" apt-get install -y -qq "python${version}-venv" python3-venv >/dev/null
