#!/usr/bin/env bash
# Installs what Tideline needs on Debian 12 (when missing), then configures and builds into build/.
# Usage: scripts/setup.sh [extra cmake args]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake ninja-build g++ ccache pkg-config
  qt6-base-dev libqt6sql6-sqlite qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev qt6-declarative-dev qtkeychain-qt6-dev
  libgl1-mesa-dev libsqlite3-dev libsimdjson-dev libre2-dev liblz4-dev libzstd-dev
  libabsl-dev libxxhash-dev libedit-dev tzdata libgtest-dev libgmock-dev libbenchmark-dev xvfb xauth
  librdkafka-dev libnats-dev nats-server)
# libqt6sql6-sqlite: Qt's SQLite driver (query history, models/HistoryModel); qt6-base-dev does not
# pull it in, so a fresh machine had no QSQLITE driver.
# Protobuf format schemas (engine/formats/ProtobufSchema).
packages+=(libprotobuf-dev libprotoc-dev)
scripts/install-packages.sh "${packages[@]}"

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# The build folder is not part of the hash, so a fresh clone elsewhere reuses the cached objects
# (with -g, ccache would otherwise hash the working directory into every key).
export CCACHE_NOHASHDIR=1
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
cmake --build build -j"$(nproc)"
