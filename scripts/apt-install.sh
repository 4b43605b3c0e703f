#!/usr/bin/env bash
# Installs Debian packages quietly (with sudo when not root): the setup scripts' one apt run.
#   scripts/apt-install.sh PACKAGE...
set -euo pipefail
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
