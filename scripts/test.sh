#!/usr/bin/env bash
# The test command: installs the real test servers and tools when missing (Debian's prometheus,
# prometheus-alertmanager, postgresql, tmux and chromium), then builds and runs every unit and integration test.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || command -v alertmanager >/dev/null 2>&1 || need+=(prometheus-alertmanager)
# the incident store's tests start their own PostgreSQL: initdb and postgres under /usr/lib/postgresql/*/bin
# (they refuse to run as root; as root the tests run them as the 'postgres' user the package creates)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
# slo monitor --watch is tested in a real terminal: a tmux session of the test's own
command -v tmux >/dev/null 2>&1 || need+=(tmux)
# the printable pages (post-mortem drafts, the on-call card) are checked in headless Chromium: rendered and printed to A4
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing ${need[*]} for the integration tests (apt-get)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    # the packages start system services we do not need; the tests start their own servers
    $sudo systemctl disable --now prometheus prometheus-alertmanager prometheus-node-exporter postgresql >/dev/null 2>&1 || true
  else
    echo "warning: ${need[*]} missing and no apt-get; the integration tests that need them will say how to install them" >&2
  fi
fi

./mvnw -B -ntp verify "$@"
# slo-junit compiles against JUnit 5 and must also work on JUnit 6: its tests again, on 6.x
exec ./mvnw -B -ntp -pl slo-junit -am -Pjunit6 verify -Dtest='io/smartspec/slo/junit/**/*Test' \
  -Dsurefire.failIfNoSpecifiedTests=false -DskipITs "$@"
