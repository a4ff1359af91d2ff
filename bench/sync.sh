#!/bin/sh
# bench/sync.sh — `haven sync` (issue 20).  Every number is measured in this
# one run:
#   1. a device bringing in another's segment of 10,000 changed entries
#      (target: under 1 s), as a ratio to `haven import` of the same 10,000
#      entries into a new database, the same merge rule fed from a file;
#   2. the other device writing that segment (for information);
#   3. a sync with nothing new (target: under 20 ms), as a ratio to `haven
#      config get region` on the same database: opening it and no more.
# A missed target prints MISSED but still exits 0; a tool or haven failing
# exits 1.  Needs hyperfine and python3.
#   HAVEN=build/haven sh bench/sync.sh
#   BENCH_SYNC_ENTRIES=10000   how many entries change
set -eu

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
entries=${BENCH_SYNC_ENTRIES:-10000}
apply_target_ms=1000
idle_target_ms=20

bench_start bench hyperfine python3
unset HAVEN_DB HAVEN_NOW HAVEN_PASSPHRASE_FILE
chmod 700 "$tmp"

measure() {
	json=$1
	shift
	if ! hyperfine --style none --export-json "$json" "$@" >"$tmp/hyperfine.log" 2>&1; then
		cat "$tmp/hyperfine.log" >&2
		die "hyperfine failed (see above)"
	fi
}
median_ms() {
	python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"] * 1000))' "$1" "$2"
}
# CPU time (user + system) of the first command, so that other load on a
# shared machine does not hide what haven itself costs.
cpu_ms() {
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.0f" % ((r["user"] + r["system"]) * 1000))' "$1"
}
judge() { # judge VALUE TARGET
	awk -v v="$1" -v t="$2" 'BEGIN { print (v < t ? "ok" : "MISSED") }'
}
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'
}

# --- the journal: 10,000 entries of one device -----------------------------------
python3 - "$entries" >"$tmp/entries.jsonl" <<'PY'
import sys
for i in range(int(sys.argv[1])):
    print('{"id":"00000000-0000-4000-8000-%012d","kind":"trigger","created":"2026-01-02T08:00:00.000Z",'
          '"updated":"2026-01-02T08:00:00.000Z","version":1,"deleted":false,'
          '"body":{"intensity":%d,"what":"waiting for a reply, evening %d"}}' % (i, 1 + i % 10, i))
PY
mkdir "$tmp/folder"
A=$tmp/a.db B=$tmp/b.db
HAVEN_DB=$A "$HAVEN" import "$tmp/entries.jsonl" >/dev/null || die "import failed"
HAVEN_DB=$A "$HAVEN" sync init "$tmp/folder" >/dev/null || die "sync init failed"
HAVEN_DB=$B "$HAVEN" sync init "$tmp/folder" >/dev/null || die "sync init failed"
cp "$A" "$tmp/a0.db"
cp "$B" "$tmp/b0.db"
HAVEN_DB=$A "$HAVEN" sync >/dev/null || die "sync failed"
cp -r "$tmp/folder" "$tmp/folder0"

# --- 1 and 2 -------------------------------------------------------------------
measure "$tmp/import.json" --warmup 1 --runs 5 --prepare "rm -f $tmp/i.db $tmp/i.db-wal $tmp/i.db-shm" \
	"env HAVEN_DB=$tmp/i.db $HAVEN import $tmp/entries.jsonl"
import=$(median_ms "$tmp/import.json" 0)
measure "$tmp/apply.json" --warmup 1 --runs 5 \
	--prepare "sh -c 'rm -rf $tmp/folder $B-wal $B-shm; cp -r $tmp/folder0 $tmp/folder; cp $tmp/b0.db $B'" \
	"env HAVEN_DB=$B $HAVEN sync"
apply=$(median_ms "$tmp/apply.json" 0)
apply_cpu=$(cpu_ms "$tmp/apply.json")
got=$(HAVEN_DB=$B "$HAVEN" --json journal --limit 100000 | grep -c '"kind"' || true)
[ "$got" = "$entries" ] || die "b holds $got entries, not $entries"
measure "$tmp/send.json" --warmup 1 --runs 5 \
	--prepare "sh -c 'rm -rf $tmp/folder $A-wal $A-shm; mkdir $tmp/folder; cp $tmp/folder0/haven-sync.json $tmp/folder/; cp $tmp/a0.db $A'" \
	"env HAVEN_DB=$A $HAVEN sync"
send=$(median_ms "$tmp/send.json" 0)

# --- 3 ---------------------------------------------------------------------------
HAVEN_DB=$B "$HAVEN" sync >/dev/null || die "sync failed"
measure "$tmp/idle.json" --warmup 3 --runs 40 \
	"env HAVEN_DB=$B $HAVEN sync" "env HAVEN_DB=$B $HAVEN config get region"
idle=$(median_ms "$tmp/idle.json" 0)
idle_cpu=$(cpu_ms "$tmp/idle.json")
open=$(median_ms "$tmp/idle.json" 1)

echo "haven sync, $entries changed entries"
echo "  bring in another device's segment: $apply ms (CPU $apply_cpu ms), $(ratio "$apply" "$import") of import ($import ms)   target < $apply_target_ms ms: $(judge "$apply" $apply_target_ms)"
echo "  write this device's segment:       $send ms (for information)"
echo "  nothing new:                       $idle ms (CPU $idle_cpu ms), $(ratio "$idle" "$open") of opening the journal ($open ms)   target < $idle_target_ms ms: $(judge "$idle" $idle_target_ms)"
