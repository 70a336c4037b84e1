#!/usr/bin/env bash
# Quick start 1: set up, build, and launch Tideline on the embedded engine with a demo data folder.
# With a display: the workbench (`tideline --demo`: a live `devices` stream and saved queries).
# Without one: the interactive SQL client on the same folder.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh -DTIDELINE_BUILD_GUI=ON
demo="${TIDELINE_DEMO_DIR:-$HOME/.local/share/tideline/demo}"
mkdir -p "$demo"
if [ -x build/bin/tideline ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  exec build/bin/tideline --data-dir "$demo" --demo
fi
echo "No display (or no GUI build): starting the SQL client. For the workbench: DISPLAY=... build/bin/tideline --demo" >&2
exec build/bin/tideline-sql --data-dir "$demo" --demo
