#!/usr/bin/env bash
# Quick start 1: set up, build, and launch Tideline on the embedded engine with a demo data folder.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
demo="${TIDELINE_DEMO_DIR:-$HOME/.local/share/tideline/demo}"
mkdir -p "$demo"
if [ -x build/bin/tideline ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  exec build/bin/tideline --data-dir "$demo" --demo
fi
# Until the GUI lands (or without a display): the interactive SQL client on the demo folder.
exec build/bin/tideline-sql --data-dir "$demo" --demo
