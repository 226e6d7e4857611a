#!/usr/bin/env bash
# make stress: the store's promises under abuse, on the release build (.build/release/budget, or $BUDGET).
#
#   (a) kill -9 at random points of a 1,000,000-row import into a store that already holds the bundled history
#       (STRESS_KILLS times, default 10): after each kill `PRAGMA integrity_check` is ok and the store is, by
#       its export and the row count of every table, exactly the store before the import or after it;
#   (b) kill -9 at random points of `budget scenario run Scenarios/baseline.yaml --out-dir D` (files imported
#       into a temporary store) and of the same scenario on a store: the store is unchanged and intact, D holds
#       the previous report set, the new one, or nothing — never a mix; temporaries left behind are counted;
#   (c) two imports into one store at the same time: both land, or one fails with a clear message and writes
#       nothing; and a second import that gives up waiting (BUDGET_LOCK_TIMEOUT=1) during a long one;
#   (d) a store on a full 2 MB tmpfs (needs mount; skipped with a line where it is not allowed): imports until
#       the disk is full; the failing import leaves the store intact and unchanged, with a clear message.
#
# Prints a summary table (timings, kill points, results) and exits 1 on any failure.
# STRESS_SEED fixes the kill points (printed), STRESS_ROWS the import size, STRESS_KILLS the kills per case,
# STRESS_ONLY the sections (e.g. "cd"), STRESS_KEEP=1 keeps the work folder.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

B=${BUDGET:-$ROOT/.build/release/budget}
ROWS=${STRESS_ROWS:-1000000}
KILLS=${STRESS_KILLS:-10}
SEED=${STRESS_SEED:-$(date +%s)}
ONLY=${STRESS_ONLY:-abcd}
[ -x "$B" ] || { echo "stress: $B is not built (swift build -c release, or make stress)" >&2; exit 2; }
for tool in sqlite3 python3 sha256sum; do
  command -v "$tool" >/dev/null || { echo "stress: $tool is needed (make deps)" >&2; exit 2; }
done

W=$(mktemp -d "${TMPDIR:-/tmp}/budget-stress.XXXXXX")
MOUNTED=""
CHILDREN=()
cleanup() {
  for pid in "${CHILDREN[@]}"; do kill -9 "$pid" 2>/dev/null; done
  [ -z "$MOUNTED" ] || umount "$MOUNTED" 2>/dev/null
  if [ "${STRESS_KEEP:-0}" = 1 ]; then echo "stress: work folder kept: $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT

ROWS_OUT=()
FAILED=0
# record SECTION CASE DETAIL RESULT: RESULT "ok…" passes, "skip…" and "note…" are shown, anything else fails.
record() {
  ROWS_OUT+=("$1"$'\t'"$2"$'\t'"$3"$'\t'"$4")
  case "$4" in ok*|skip*|note*) ;; *) FAILED=1 ;; esac
  printf '  %-3s %-26s %-64s %s\n' "$1" "$2" "$3" "$4"
}
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(now)"; }
# Kill points: N fractions of the duration, one in each tenth (stratified), from the seed.
fractions() { python3 -c "import random,sys; r=random.Random(int(sys.argv[1])); n=int(sys.argv[2]); print(' '.join(f'{(i + r.random()) / n:.3f}' for i in range(n)))" "$1" "$2"; }
times() { python3 -c "import sys; print(f'{float(sys.argv[1]) * float(sys.argv[2]):.2f}')" "$1" "$2"; }
mib() { python3 -c "import sys; print(f'{int(sys.argv[1]) / 1048576:.1f}')" "${1:-0}"; }

integrity() { sqlite3 "$1" 'PRAGMA integrity_check' 2>&1 | head -n 3 | tr '\n' ' ' | sed 's/ $//'; }
# The store as data: the export's digest and the row count of every table.
fingerprint() {
  local store=$1 digest counts tables query
  digest=$("$B" export --db "$store" --no-bom 2>/dev/null | sha256sum | cut -c1-16; exit "${PIPESTATUS[0]}") || { echo "export-failed"; return; }
  tables=$(sqlite3 "$store" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name" 2>/dev/null)
  query=$(for t in $tables; do printf "SELECT '%s=' || count(*) FROM \"%s\" UNION ALL " "$t" "$t"; done)
  counts=$(sqlite3 "$store" "${query% UNION ALL };" 2>/dev/null | tr '\n' ',')
  echo "$digest:$counts"
}
copy_store() { rm -f "$2" "$2-wal" "$2-shm"; for s in "" -wal -shm; do [ ! -e "$1$s" ] || cp "$1$s" "$2$s"; done; }

echo "== budget stress: $B, $ROWS rows, $KILLS kills per case, seed $SEED, work folder $W"

# ---------------------------------------------------------------------------------------------------------
# The base store: the bundled history (sample CSV, the four forms, San Diego).
base=$W/base.sqlite
t0=$(now)
"$B" import --db "$base" Scenarios/sample-history.csv Scenarios/000_546769cc8a0ec3c8.txt Scenarios/001_71f3a326dc5c2b88.txt \
  Scenarios/002_ed3a86db11c65d94.txt Scenarios/003_2df205466e1d5f98.txt >"$W/base.log" 2>&1 &&
"$B" import --db "$base" Scenarios/san-diego-budget-vs-actuals.csv --map department=dept_group --map unit=dept_name \
  --map project=account_type --map year=fiscal_year --map initial_budget=budget_amount --map executed=actual_amount \
  --closed-through 2023 --skip-invalid >>"$W/base.log" 2>&1 || { cat "$W/base.log"; echo "stress: the base store did not import" >&2; exit 1; }
before=$(fingerprint "$base")
echo "   base store: $(du -k "$base" | cut -f1) KiB, tables: $(tr ',' ' ' <<<"${before#*:}")($(since "$t0") s)"

echo "== Generating $ROWS rows (budget bench import --keep)"
"$B" bench import --rows "$ROWS" --keep "$W/big" 2>&1 | sed 's/^/   /'
bench=$W/big/bench.csv
[ -s "$bench" ] || { echo "stress: no $bench" >&2; exit 1; }
rm -f "$W/big/bench.sqlite"*

echo "== Reference: the whole import into a copy of the base store"
copy_store "$base" "$W/ref.sqlite"
t0=$(now)
"$B" import --db "$W/ref.sqlite" --format csv "$bench" >"$W/ref.log" 2>&1
rc=$?
import_seconds=$(since "$t0")
after=$(fingerprint "$W/ref.sqlite")
echo "   exit $rc in $import_seconds s: $(head -n 1 "$W/ref.log")"
if [ "$rc" -ne 0 ] || [ "$after" = "$before" ]; then
  record a "reference import" "exit $rc in $import_seconds s" "FAILED: the reference import did not complete"
fi

# ---------------------------------------------------------------------------------------------------------
[[ $ONLY == *a* ]] && echo "== (a) kill -9 during a $ROWS-row import (import alone takes $import_seconds s)"
i=0
[[ $ONLY == *a* ]] && for fraction in $(fractions "$SEED" "$KILLS"); do
  i=$((i + 1))
  store=$W/kill.sqlite
  copy_store "$base" "$store"
  delay=$(times "$fraction" "$import_seconds")
  t0=$(now)
  "$B" import --db "$store" --format csv "$bench" >"$W/kill.log" 2>&1 &
  pid=$!; CHILDREN+=("$pid")
  sleep "$delay"
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; how="killed at $delay s"; else how="finished before $delay s"; fi
  wait "$pid" 2>/dev/null; rc=$?
  wal=$(stat -c %s "$store-wal" 2>/dev/null || echo 0)
  check=$(integrity "$store")
  print=$(fingerprint "$store")
  if [ "$print" = "$before" ]; then state="before"; elif [ "$print" = "$after" ]; then state="after"; else state="NEITHER"; fi
  detail="$how ($(python3 -c "print(f'{100 * $fraction:.0f}')")%), exit $rc, wal $(mib "$wal") MiB"
  if [ "$check" = ok ] && [ "$state" != NEITHER ]; then
    record a "kill #$i" "$detail" "ok: integrity ok, store = $state"
  else
    record a "kill #$i" "$detail" "FAILED: integrity '$check', store = $state ($print)"
  fi
done

# ---------------------------------------------------------------------------------------------------------
if [[ $ONLY == *b* ]]; then
echo "== (b) kill -9 during scenario runs"
scen=$W/scenario
mkdir -p "$scen/tmp"
# Report sets, as digests per file (the import times in the text reports are masked).
manifest() {
  local dir=$1
  [ -d "$dir" ] || { echo "absent"; return; }
  (cd "$dir" && for f in $(ls -A | grep -v '^\.' | sort); do
     printf '%s=%s ' "$f" "$(sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' "$f" | sha256sum | cut -c1-12)"
   done)
}
temporaries() { find "$1" -maxdepth 1 -name '.*.tmp-*' 2>/dev/null | wc -l; }
# Staging folders of killed runs beside D (.NAME.budget-PID-N; the next run into D removes them).
staging() { find "$(dirname "$1")" -mindepth 1 -maxdepth 1 -type d -name ".$(basename "$1").budget-*" 2>/dev/null | wc -l; }
classify() { # DIR OLD NEW → old | new | absent | MIXED (n new, n old, n other)
  local m entry n_new=0 n_old=0 n_other=0; m=$(manifest "$1")
  if [ "$m" = absent ]; then echo absent; elif [ "$m" = "$2" ]; then echo old; elif [ "$m" = "$3" ]; then echo new; else
    for entry in $m; do
      if [[ " $3 " == *" $entry "* ]]; then n_new=$((n_new + 1)); elif [[ " $2 " == *" $entry "* ]]; then n_old=$((n_old + 1)); else n_other=$((n_other + 1)); fi
    done
    echo "MIXED ($n_new files new, $n_old old, $n_other other)"
  fi
}
# The store variant: the same requests and scope, on a copy of the base store.
copy_store "$base" "$scen/store.sqlite"
cat >"$scen/on-store.yaml" <<EOF
description: stress — the baseline on a store
history:
  store: store.sqlite
requests: [$ROOT/Scenarios/requests-2024.csv]
scope:
  - project: [Personnel, Non-Personnel]
  - department: [深圳市商务局, 上海市商务委员会]
horizon: 1
EOF
store_before=$(fingerprint "$scen/store.sqlite")
for variant in baseline on-store; do
  if [ "$variant" = baseline ]; then file=$ROOT/Scenarios/baseline.yaml; old_file=$ROOT/Scenarios/austerity.yaml; else file=$scen/on-store.yaml; old_file=$ROOT/Scenarios/austerity.yaml; fi
  # The previous report set (another scenario's, so that old and new differ) and the new one, run to the end.
  TMPDIR=$scen/tmp "$B" scenario run "$old_file" --out-dir "$scen/old" >/dev/null 2>&1
  t0=$(now)
  TMPDIR=$scen/tmp "$B" scenario run "$file" --out-dir "$scen/new" >"$scen/run.log" 2>&1
  rc=$?
  run_seconds=$(since "$t0")
  old=$(manifest "$scen/old"); new=$(manifest "$scen/new")
  if [ "$rc" -ne 0 ] || [ "$old" = "$new" ]; then
    record b "$variant reference" "exit $rc in $run_seconds s" "FAILED: $(tail -n 2 "$scen/run.log" | tr '\n' ' ')"
    continue
  fi
  echo "   $variant: a whole run takes $run_seconds s"
  i=0
  rm -rf "$scen/tmp"/*
  # Random points, then two aimed at the report writing: once a new report is in D, and at its first file
  # written (in D or in a staging folder beside it; last, so that the run after the kills starts from what
  # that kill left).
  for point in $(fractions "$((SEED + 1))" "$KILLS") renaming writing; do
    i=$((i + 1))
    out=$scen/out
    rm -rf "$out"; cp -rp "$scen/old" "$out"
    touch "$scen/mark"
    stores_before=$(find "$scen/tmp" -mindepth 1 -maxdepth 1 -name 'budget-scenario-*' | wc -l)
    TMPDIR=$scen/tmp "$B" scenario run "$file" --out-dir "$out" >/dev/null 2>&1 &
    pid=$!; CHILDREN+=("$pid")
    case "$point" in
      writing|renaming)
        how="ran to the end before its $point"
        while kill -0 "$pid" 2>/dev/null; do
          if [ "$point" = writing ]; then
            compgen -G "$out/.*.tmp-*" >/dev/null || compgen -G "$(dirname "$out")/.$(basename "$out").budget-*/*" >/dev/null || continue
          else
            hit=""; for f in "$out"/*; do [ "$f" -nt "$scen/mark" ] && { hit=$f; break; }; done
            [ -n "$hit" ] || continue
          fi
          kill -9 "$pid" 2>/dev/null && how="killed at the first report $([ "$point" = writing ] && echo "file written" || echo "in D")"
          break
        done ;;
      *)
        delay=$(times "$point" "$run_seconds")
        sleep "$delay"
        if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; how="killed at $delay s"; else how="finished before $delay s"; fi
        how+=" ($(python3 -c "print(f'{100 * $point:.0f}')")%)" ;;
    esac
    wait "$pid" 2>/dev/null; rc=$?
    state=$(classify "$out" "$old" "$new")
    tmp_in_out=$(temporaries "$out")
    staged=$(staging "$out")
    tmp_stores=$(( $(find "$scen/tmp" -mindepth 1 -maxdepth 1 -name 'budget-scenario-*' | wc -l) - stores_before ))
    detail="$how, exit $rc"
    extra=""
    [ "$tmp_in_out" -eq 0 ] || extra+=", $tmp_in_out temporaries left in D"
    [ "$staged" -eq 0 ] || extra+=", $staged staging folder beside D"
    if [ "$tmp_stores" -gt 0 ]; then extra+=", $tmp_stores temporary store left in TMPDIR"
    elif [ "$tmp_stores" -lt 0 ]; then extra+=", $(( -tmp_stores )) earlier killed run's temporary store removed"; fi
    problem=""
    if [ "$variant" = on-store ]; then
      check=$(integrity "$scen/store.sqlite")
      print=$(fingerprint "$scen/store.sqlite")
      [ "$check" = ok ] || problem+=" store integrity '$check';"
      [ "$print" = "$store_before" ] || problem+=" the store changed;"
    fi
    [[ $state != MIXED* ]] || problem+=" D holds a mix of old and new reports;"
    if [ -z "$problem" ]; then
      record b "$variant kill #$i" "$detail" "ok: D = $state$extra"
    else
      record b "$variant kill #$i" "$detail" "FAILED:$problem D = $state$extra"
    fi
  done
  # A whole run after the kills: does it clear what the killed runs left?
  before_tmp=$(temporaries "$scen/out")
  TMPDIR=$scen/tmp "$B" scenario run "$file" --out-dir "$scen/out" >/dev/null 2>&1
  rc=$?
  state=$(classify "$scen/out" "$old" "$new")
  after_tmp=$(temporaries "$scen/out")
  after_staging=$(staging "$scen/out")
  stale=$(find "$scen/tmp" -mindepth 1 -maxdepth 1 -name 'budget-scenario-*' | wc -l)
  result="ok: D = $state"
  [ "$rc" -eq 0 ] && [ "$state" = new ] || result="FAILED: exit $rc, D = $state"
  [ "$after_tmp" -eq 0 ] && [ "$stale" -eq 0 ] && [ "$after_staging" -eq 0 ] || result="note: ${result#ok: }; $after_tmp temporaries in D (were $before_tmp), $after_staging staging folders beside D, $stale temporary stores of killed runs remain in TMPDIR ($(du -sk "$scen/tmp" | cut -f1) KiB)"
  record b "$variant run after kills" "exit $rc" "$result"
done
fi

# ---------------------------------------------------------------------------------------------------------
if [[ $ONLY == *c* ]]; then
echo "== (c) concurrent imports"
part=$(( ROWS * 3 / 10 ))
{ head -n $((part + 1)) "$bench"; } >"$W/first.csv"
{ head -n 1 "$bench"; tail -n "$part" "$bench"; } >"$W/last.csv"
printf 'department,unit,project,year,initial_budget,executed\n并发部门,并发单位,并发测试项目,2020,100.00,90.00\n并发部门,并发单位,并发测试项目,2021,110.00,99.00\n' >"$W/small.csv"
# References: one file, the other, both (sequentially).
copy_store "$base" "$W/rA.sqlite"; "$B" import --db "$W/rA.sqlite" --format csv "$W/first.csv" >/dev/null 2>&1
copy_store "$base" "$W/rB.sqlite"; "$B" import --db "$W/rB.sqlite" --format csv "$W/last.csv" >/dev/null 2>&1
copy_store "$W/rA.sqlite" "$W/rAB.sqlite"; "$B" import --db "$W/rAB.sqlite" --format csv "$W/last.csv" >/dev/null 2>&1
copy_store "$W/ref.sqlite" "$W/rS.sqlite"; "$B" import --db "$W/rS.sqlite" "$W/small.csv" >/dev/null 2>&1
fpA=$(fingerprint "$W/rA.sqlite"); fpB=$(fingerprint "$W/rB.sqlite"); fpAB=$(fingerprint "$W/rAB.sqlite"); fpS=$(fingerprint "$W/rS.sqlite")
state_of() {
  case "$1" in "$fpAB") echo "A+B" ;; "$fpA") echo "A only" ;; "$fpB") echo "B only" ;; "$before") echo "neither" ;; *) echo "OTHER" ;; esac
}
# Waits until another process holds the store's write lock (true), or PID has ended (false).
wait_for_writer() {
  local tries=0
  while [ "$tries" -lt 2000 ]; do
    kill -0 "$2" 2>/dev/null || return 1
    sqlite3 -cmd '.timeout 0' "$1" 'BEGIN IMMEDIATE; ROLLBACK;' >/dev/null 2>&1 || return 0
    sleep 0.02; tries=$((tries + 1))
  done
  return 1
}
for when in "0.2 s after A" "while A writes"; do
  store=$W/concurrent.sqlite
  copy_store "$base" "$store"
  t0=$(now)
  "$B" import --db "$store" --format csv "$W/first.csv" >"$W/cA.log" 2>&1 & pa=$!; CHILDREN+=("$pa")
  if [ "$when" = "while A writes" ]; then wait_for_writer "$store" "$pa" || when="after A (A never seen writing)"; else sleep 0.2; fi
  "$B" import --db "$store" --format csv "$W/last.csv" >"$W/cB.log" 2>&1 & pb=$!; CHILDREN+=("$pb")
  wait "$pa"; ra=$?
  wait "$pb"; rb=$?
  seconds=$(since "$t0")
  check=$(integrity "$store"); state=$(state_of "$(fingerprint "$store")")
  said=$(grep -ihE 'wait|lock|another|busy' "$W/cA.log" "$W/cB.log" | head -n 2 | tr '\n' ' ' | cut -c1-160)
  detail="2 × $part rows, B $when: exits $ra/$rb, $seconds s"
  if [ "$check" = ok ] && { { [ "$ra" -eq 0 ] && [ "$rb" -eq 0 ] && [ "$state" = "A+B" ]; } ||
                          { [ "$ra" -eq 0 ] && [ "$rb" -ne 0 ] && [ "$state" = "A only" ] && [ -n "$said" ]; } ||
                          { [ "$rb" -eq 0 ] && [ "$ra" -ne 0 ] && [ "$state" = "B only" ] && [ -n "$said" ]; }; }; then
    record c "two imports" "$detail" "ok: integrity ok, store = $state${said:+; said: $said}"
  else
    record c "two imports" "$detail" "FAILED: integrity '$check', store = $state; $(cat "$W/cA.log" "$W/cB.log" | grep -iE 'error|wait|lock' | head -n 2 | tr '\n' ' ' | cut -c1-200)"
  fi
done
# A second import that stops waiting (BUDGET_LOCK_TIMEOUT=1) while the whole import holds the store.
store=$W/concurrent.sqlite
copy_store "$base" "$store"
"$B" import --db "$store" --format csv "$bench" >"$W/cA.log" 2>&1 & pa=$!; CHILDREN+=("$pa")
seen="while A writes"; wait_for_writer "$store" "$pa" || seen="after A (A never seen writing)"
t0=$(now)
BUDGET_LOCK_TIMEOUT=1 "$B" import --db "$store" "$W/small.csv" >"$W/cB.log" 2>&1; rb=$?
waited=$(since "$t0")
wait "$pa"; ra=$?
check=$(integrity "$store"); print=$(fingerprint "$store")
case "$print" in "$after") state="the long import only" ;; "$fpS") state="both" ;; *) state="OTHER" ;; esac
message=$(grep -v '^$' "$W/cB.log" | head -n 3 | tr '\n' ' ' | cut -c1-220)
detail="BUDGET_LOCK_TIMEOUT=1, $seen: exits $ra/$rb, B took $waited s"
if [ "$check" = ok ] && [ "$ra" -eq 0 ] && [ "$state" = "the long import only" ] && [ "$rb" -ne 0 ] && grep -qiE 'wait|another|lock|busy' "$W/cB.log"; then
  record c "gives up waiting" "$detail" "ok: store = $state; said: $message"
else
  record c "gives up waiting" "$detail" "FAILED: integrity '$check', store = $state; said: $message"
fi
fi

# ---------------------------------------------------------------------------------------------------------
[[ $ONLY == *d* ]] && echo "== (d) a store on a full 2 MB filesystem"
full=$W/full
mkdir -p "$full"
if [[ $ONLY != *d* ]]; then
  :
elif [ "$(id -u)" -ne 0 ] || ! mount -t tmpfs -o size=2m tmpfs "$full" 2>"$W/mount.log"; then
  record d "full disk" "mount -t tmpfs -o size=2m: $(head -c 120 "$W/mount.log" 2>/dev/null || true)" "skip: mounting is not allowed here (needs root)"
else
  MOUNTED=$full
  store=$full/store.sqlite
  "$B" import --db "$store" Scenarios/sample-history.csv >"$W/full.log" 2>&1
  rc=$?
  if [ "$rc" -ne 0 ]; then
    record d "full disk" "the first import into the 2 MB store" "FAILED: exit $rc: $(tail -n 2 "$W/full.log" | tr '\n' ' ')"
  else
    chunk=2000; k=0; rc=0
    while [ "$k" -lt 200 ]; do
      k=$((k + 1))
      { head -n 1 "$bench"; tail -n +2 "$bench" | sed -n "$(( (k - 1) * chunk + 1 )),$(( k * chunk ))p;$(( k * chunk ))q"; } >"$W/chunk.csv"
      print_before=$(fingerprint "$store")
      "$B" import --db "$store" --format csv "$W/chunk.csv" >"$W/full.log" 2>&1
      rc=$?
      [ "$rc" -eq 0 ] || break
    done
    used=$(df -k "$full" | awk 'NR == 2 { print $3 }')
    if [ "$rc" -eq 0 ]; then
      record d "full disk" "$k imports of $chunk rows, ${used} KiB used" "FAILED: the disk never filled"
    else
      message=$(grep -v '^$' "$W/full.log" | grep -vE 'rows read' | head -n 2 | tr '\n' ' ' | cut -c1-220)
      check=$(integrity "$store")
      mkdir -p "$W/full-copy"; copy_store "$store" "$W/full-copy/store.sqlite"
      check_copy=$(integrity "$W/full-copy/store.sqlite")
      print=$(fingerprint "$W/full-copy/store.sqlite")
      "$B" export --db "$store" --no-bom >/dev/null 2>"$W/full-export.log"; export_rc=$?
      detail="import #$k of $chunk rows failed with exit $rc at ${used} KiB used"
      problem=""
      [ "$check_copy" = ok ] || problem+=" integrity '$check_copy';"
      [ "$print" = "$print_before" ] || problem+=" the store changed;"
      [ "$rc" -eq 4 ] || problem+=" exit $rc (a store failure is 4);"
      grep -qiE 'full|space' "$W/full.log" || problem+=" the message does not say the disk is full;"
      if [ -z "$problem" ]; then
        record d "full disk" "$detail" "ok: integrity ok (in place: $check), unchanged, export in place exit $export_rc; said: $message"
      else
        record d "full disk" "$detail" "FAILED:$problem said: $message"
      fi
    fi
  fi
  umount "$full" 2>/dev/null && MOUNTED=""
fi

# ---------------------------------------------------------------------------------------------------------
echo
echo "== Stress summary (seed $SEED; $ROWS-row import alone: $import_seconds s)"
printf '%-3s %-26s %-64s %s\n' "" case detail result
for row in "${ROWS_OUT[@]}"; do
  IFS=$'\t' read -r section name detail result <<<"$row"
  printf '%-3s %-26s %-64s %s\n' "$section" "$name" "$detail" "$result"
done
if [ "$FAILED" -ne 0 ]; then echo "stress: FAILED"; exit 1; fi
echo "stress: all passed"
