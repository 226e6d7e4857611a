#!/usr/bin/env bash
# make fuzz: builds the libFuzzer targets of Fuzz/ (libFuzzer + AddressSanitizer, release) and runs each for
# FUZZ_SECONDS seconds (default 30), one after the other, from the seeds in Fuzz/corpus/<target>/.
#
#   scripts/fuzz.sh [TARGET…]                 all targets when none is named
#   FUZZ_SECONDS=600 scripts/fuzz.sh csv      longer
#   FUZZ_RUNS=1000000 scripts/fuzz.sh csv     a number of executions instead of a time
#   FUZZ_SANITIZE=fuzzer scripts/fuzz.sh …    without AddressSanitizer (2–3× faster on the form parsers; Swift's
#                                             own bounds and overflow checks still trap; no leak pass)
#
# Each run stops an input after 10 s (-timeout, a hang) and at 2 GB of memory (-rss_limit_mb, also the
# largest single allocation). Leaks are looked for afterwards: the corpus (the seeds and every input that found
# new coverage) is run once more with LeakSanitizer (Fuzz/lsan-suppressions.txt) — checking during the run
# would scan the heap after every new input and make the form targets ten times slower. Whatever fails is
# written to Fuzz/out/crashes/<target>/ (crash-…, leak-…, timeout-…, oom-…); the inputs that found new
# coverage go to Fuzz/out/corpus/<target>/, and the logs to Fuzz/out/logs/<target>{,-leaks}.log. Fuzz/out/ is
# not committed: copy a reproducer worth keeping to Fuzz/crashes-found/<target>/.
# Replay one input: .build-fuzz/release/fuzz-<target> FILE (the binary folder is printed).
#
# Prints a table (executions, exec/s, coverage, result per target); exits 1 when any target failed.
set -uo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
FUZZ_RUNS=${FUZZ_RUNS:-}
SANITIZE=${FUZZ_SANITIZE:-fuzzer,address}
if [ "$SANITIZE" = fuzzer,address ]; then BUILD=${FUZZ_BUILD:-Fuzz/.build}; else BUILD=${FUZZ_BUILD:-Fuzz/.build-${SANITIZE//,/-}}; fi
OUT=${FUZZ_OUT:-Fuzz/out}
ALL_TARGETS=(csv declaration self-evaluation-text self-evaluation-table requests scenario rules)
if [ $# -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi

# The longest input per target: a few dozen CSV rows, a form or two (the seeds are 2–9 KB), a scenario,
# a request file, a rules file.
max_len() {
  case "$1" in
    csv) echo 8192 ;;
    declaration|self-evaluation-text|self-evaluation-table) echo 12288 ;;
    scenario) echo 4096 ;;
    requests) echo 4096 ;;
    rules) echo 2048 ;;
    *) return 1 ;;
  esac
}

for target in "${TARGETS[@]}"; do
  max_len "$target" >/dev/null || { echo "fuzz: unknown target '$target' (targets: ${ALL_TARGETS[*]})" >&2; exit 2; }
done

# SwiftPM's `--sanitize fuzzer` makes it link without its own entry point (libFuzzer has `main`); the driver
# keeps only the last -sanitize= it is given, so `--sanitize fuzzer --sanitize address` would lose one of the
# two (coverage or ASan, depending on the order): the combined flag comes last.
build=("$SWIFT" build --package-path Fuzz --scratch-path "$BUILD" -c release --sanitize fuzzer -Xswiftc -sanitize="$SANITIZE")
echo "== Building the fuzz targets: ${build[*]}"
"${build[@]}" 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]|warning:' | tail -n 20
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "fuzz: the build failed" >&2; exit 1; }
bin=$("${build[@]}" --show-bin-path)

if [ -n "$FUZZ_RUNS" ]; then limit=(-runs="$FUZZ_RUNS"); limit_text="$FUZZ_RUNS runs"; else limit=(-max_total_time="$FUZZ_SECONDS"); limit_text="${FUZZ_SECONDS} s"; fi
# Swift's own backtracer, on a fatal error, trips AddressSanitizer (its memory server copies the stack) and can
# hang; libFuzzer prints the stack instead.
export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan-suppressions.txt:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

rows=()
failed=0
for target in "${TARGETS[@]}"; do
  crashes="$OUT/crashes/$target"; corpus="$OUT/corpus/$target"; log="$OUT/logs/$target.log"
  mkdir -p "$crashes" "$corpus" "$(dirname "$log")"
  echo "== fuzz-$target: $limit_text, max_len $(max_len "$target"), seeds Fuzz/corpus/$target/"
  start=$(date +%s)
  "$bin/fuzz-$target" "${limit[@]}" -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 \
    -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" "Fuzz/corpus/$target" >"$log" 2>&1
  status=$?
  elapsed=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last"); ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
  corp=$(sed -nE 's/.* corp: ([0-9]+)\/.*/\1/p' <<<"$last")
  if [ "$status" -eq 0 ] && [[ $SANITIZE == *address* ]]; then
    # The leak pass: every corpus input once, with LeakSanitizer after each that adds coverage.
    "$bin/fuzz-$target" -runs=0 -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=2048 -detect_leaks=1 \
      -artifact_prefix="$crashes/" "$corpus" "Fuzz/corpus/$target" >"${log%.log}-leaks.log" 2>&1
    status=$?
    [ "$status" -eq 0 ] || log="${log%.log}-leaks.log"
  fi
  elapsed=$(( $(date +%s) - start ))
  if [ "$status" -eq 0 ]; then
    result=ok
  else
    failed=1
    artifact=$(sed -nE 's/.*Test unit written to (.*)$/\1/p' "$log" | tail -n 1)
    kind=$(grep -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [a-z-]+|fuzz invariant|Fatal error|deadly signal' "$log" | head -n 1)
    result="FAILED (exit $status${kind:+, $kind}) ${artifact:-no artifact}"
    echo "---- fuzz-$target failed; the end of $log:"
    grep -vE '^(#[0-9]+|INFO:|MS:|stat::)' "$log" | tail -n 40
    echo "----"
  fi
  rows+=("$(printf '%-22s %12s %9s %7s %8s %6s %7s %6s  %s' "$target" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${rss:-?}" "${elapsed}" "$result")")
done

echo
echo "== Fuzzing summary ($limit_text per target, then a leak pass over the corpus; logs in $OUT/logs/, failing inputs in $OUT/crashes/)"
printf '%-22s %12s %9s %7s %8s %6s %7s %6s  %s\n' target executions exec/s cov features corpus rss_mb secs result
for row in "${rows[@]}"; do echo "$row"; done
exit "$failed"
