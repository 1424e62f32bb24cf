#!/usr/bin/env bash
# Installs and starts what the test suite needs from the machine: Debian's chromium for the
# browser tests, and checks PostgreSQL (the store suite runs on it for real).
set -euo pipefail

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's chromium for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "error: /usr/bin/chromium is missing; install Debian's chromium (as root: apt-get install chromium)" >&2
    exit 1
  fi
fi

if [ ! -x /usr/bin/redis-server ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's redis-server for the Redis login limiter's tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "error: /usr/bin/redis-server is missing; install Debian's redis-server" >&2
    exit 1
  fi
fi

pg_url_host=127.0.0.1
if ! pg_isready -q -h "$pg_url_host" -p 5432 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null; then
    echo "starting PostgreSQL..."
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
fi
