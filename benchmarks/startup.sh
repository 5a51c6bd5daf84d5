#!/usr/bin/env bash
# Start-up of `slo monitor --run-once` next to a hello-world `java -jar`, run in turn in one go
# (hello, checkout, prometheus-self, hello, checkout, ...), so that a machine whose speed drifts slows
# them alike. Prints each command's median wall and CPU (user + sys) seconds and the ratio of the medians
# to hello world's.
#
#   benchmarks/startup.sh [RUNS]              # RUNS counted rounds (default 11) after one warm-up round
#   SLO='java -jar slo-cli/target/slo.jar' benchmarks/startup.sh   # another way to run slo (e.g. without
#                                             # the launcher); default: slo-cli/target/slo
#
# Needs: a built slo-cli (./mvnw -o -q -pl slo-cli -am package -DskipTests), a JDK (javac, jar, java), curl
# and Debian's prometheus; times with bash's own `time`. It starts a Prometheus on 127.0.0.1 (a free port,
# a temporary directory, scraping itself every second) and stops it when done.
#
# What the two slo commands do:
#   checkout         examples/specs/checkout/spec.md with benchmarks/startup/checkout-prometheus.yaml: the
#                    checkout service's 3 SLOs read from that Prometheus, which has no checkout series, so
#                    every query is answered at once with no data (exit 3). Start-up, reading spec.md and
#                    observability.yaml, 4 HTTP queries, the table.
#   prometheus-self  examples/specs/prometheus-self: 3 SLOs over Prometheus's own metrics (real answers;
#                    exit 0 or 3 while the fresh server has too few events for the 30d availability).
set -euo pipefail

runs=${1:-11}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
read -r -a slo <<<"${SLO:-slo-cli/target/slo}"
[ -x "${slo[0]}" ] || command -v "${slo[0]}" >/dev/null || { echo "no ${slo[0]}: build slo-cli first" >&2; exit 2; }
for tool in javac jar java curl prometheus; do
  command -v "$tool" >/dev/null || { echo "startup.sh needs $tool" >&2; exit 2; }
done

work=$(mktemp -d)
prom_pid=
cleanup() {
  if [ -n "$prom_pid" ]; then kill "$prom_pid" 2>/dev/null || true; wait "$prom_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# hello world: one class, run as a jar
mkdir -p "$work/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello world"); } }\n' \
  >"$work/hello/Hello.java"
javac --release 17 -d "$work/hello" "$work/hello/Hello.java"
printf 'Main-Class: Hello\n' >"$work/hello/manifest.txt"
jar cfm "$work/hello.jar" "$work/hello/manifest.txt" -C "$work/hello" Hello.class

# a Prometheus on a free port, scraping itself
port=
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "no free port found" >&2; exit 2; }
cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:$port']
EOF
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$port" >"$work/prometheus.log" 2>&1 &
prom_pid=$!
export PROMETHEUS_URL="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  if curl -fsS "$PROMETHEUS_URL/api/v1/query?query=up" 2>/dev/null | grep -q '"value"'; then break; fi
  sleep 0.2
done
curl -fsS "$PROMETHEUS_URL/api/v1/query?query=up" | grep -q '"value"' \
  || { echo "Prometheus did not come up; its log:" >&2; cat "$work/prometheus.log" >&2; exit 2; }

TIMEFORMAT='%3R %3U %3S'
names=(hello-world checkout prometheus-self)
run() { # run NAME: one timed run, appended to $work/NAME.times as "wall user sys exit"
  local out="$work/$1.times" cmd
  case $1 in
    hello-world) cmd=(java -jar "$work/hello.jar") ;;
    checkout) cmd=("${slo[@]}" monitor --run-once --spec examples/specs/checkout/spec.md
                   --config benchmarks/startup/checkout-prometheus.yaml --outbox "$work/outbox") ;;
    prometheus-self) cmd=("${slo[@]}" monitor --run-once --spec examples/specs/prometheus-self/spec.md
                          --config examples/specs/prometheus-self/observability.yaml --outbox "$work/outbox") ;;
  esac
  local status=0 w u s
  # bash's time: wall, user and sys seconds of the command and its children, to the millisecond
  { time "${cmd[@]}" >/dev/null 2>"$work/$1.err" || status=$?; } 2>"$work/one"
  read -r w u s <"$work/one"
  echo "$w $u $s $status" >>"$out"
}
for name in "${names[@]}"; do run "$name"; : >"$work/$name.times"; done   # the warm-up round
for _ in $(seq 1 "$runs"); do
  for name in "${names[@]}"; do run "$name"; done
done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
wall() { awk '{ print $1 }' "$work/$1.times" | median; }
cpu() { awk '{ printf "%.3f\n", $2 + $3 }' "$work/$1.times" | median; }
exits() { awk '{ print $4 }' "$work/$1.times" | sort -u | paste -sd, -; }

echo "start-up, $runs rounds after a warm-up, in turn; slo = ${slo[*]}; $(java -version 2>&1 | head -n 1)"
hw=$(wall hello-world); hc=$(cpu hello-world)
printf '%-16s %10s %10s %12s %12s %6s\n' command "wall s" "cpu s" "wall/hello" "cpu/hello" exit
for name in "${names[@]}"; do
  w=$(wall "$name"); c=$(cpu "$name")
  printf '%-16s %10s %10s %11.1fx %11.1fx %6s\n' "$name" "$w" "$c" \
    "$(awk -v a="$w" -v b="$hw" 'BEGIN { print a / b }')" "$(awk -v a="$c" -v b="$hc" 'BEGIN { print a / b }')" \
    "$(exits "$name")"
done
