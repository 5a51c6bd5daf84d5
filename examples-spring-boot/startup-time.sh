#!/usr/bin/env bash
# What the starter adds to the example's startup, measured from the outside:
#   1. "Started CheckoutApplication in X seconds" and the process's CPU seconds at that moment, with the
#      starter's auto-configuration on the class path and without it (the same jars otherwise), N runs
#      each, alternating; medians.
#   2. the time the starter's own beans take inside a start (StarterCost, Spring's startup steps).
# usage: examples-spring-boot/startup-time.sh [N=7]   (after ./mvnw -q -pl examples-spring-boot -am test-compile)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-7}
out=examples-spring-boot/target/startup-time
mkdir -p "$out"
./mvnw -B -ntp -o -q package -DskipTests -pl examples-spring-boot -am dependency:build-classpath \
  -Dmdep.outputFile="$PWD/$out/all.txt" -Dmdep.includeScope=runtime >/dev/null
tr ':' '\n' < "$out/all.txt" | grep -vE 'junit|mockito|spring-test|spring-boot-test|starter-test|opentest4j|assertj|hamcrest|awaitility|jsonassert|json-path|json-smart|accessors-smart|xmlunit|byte-buddy-agent|objenesis|/asm-|android-json|slo-junit|HdrHistogram' \
  | grep . > "$out/with.txt"
grep -v slo-spring-boot-autoconfigure "$out/with.txt" > "$out/without.txt"
classes=examples-spring-boot/target/classes
run() { # $1 class path file, $2 label
  local cp log pid st cpu started
  cp="$(paste -sd: "$1"):$classes"
  log=$(mktemp)
  java -cp "$cp" io.smartspec.slo.examples.springboot.CheckoutApplication --server.port=0 \
    --server.address=127.0.0.1 --smartspec.slo.incidents.outbox-dir="$out/outbox" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 2400); do
    grep -q 'Started CheckoutApplication in' "$log" && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.05
  done
  read -r -a st </proc/$pid/stat
  cpu=$(awk -v u="${st[13]}" -v s="${st[14]}" -v t="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (u + s) / t }')
  started=$(grep -o 'Started CheckoutApplication in [0-9.]* seconds' "$log" | grep -o '[0-9.]*' | head -1)
  kill $pid; wait $pid 2>/dev/null || true
  rm -f "$log"
  echo "$2 $started $cpu"
}
: > "$out/runs.txt"
for _ in $(seq 1 "$N"); do
  run "$out/with.txt" with >> "$out/runs.txt"
  run "$out/without.txt" without >> "$out/runs.txt"
done
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
for label in with without; do
  echo "$label starter: started in $(awk -v l=$label '$1 == l { print $2 }' "$out/runs.txt" | median) s (median of $N)," \
    "CPU $(awk -v l=$label '$1 == l { print $3 }' "$out/runs.txt" | median) s"
done
./mvnw -B -ntp -o -q test-compile -pl examples-spring-boot -am >/dev/null
for _ in $(seq 1 "$N"); do
  java -cp "$(paste -sd: "$out/with.txt"):$classes:examples-spring-boot/target/test-classes" \
    io.smartspec.slo.examples.springboot.StarterCost 2>/dev/null | grep RESULT
done | awk '{ split($2, t, "="); split($4, s, "="); print s[2] + 0, t[2] + 0 }' > "$out/beans.txt"
echo "the starter's beans: $(cut -d' ' -f1 "$out/beans.txt" | median) ms of a $(cut -d' ' -f2 "$out/beans.txt" | median) ms start (medians of $N)"
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
