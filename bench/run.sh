#!/bin/sh
# bench/run.sh — haven's benchmarks (`make bench`).  Every number is measured
# in this one run and compared with a baseline measured in the same run, never
# with stored numbers:
#   1. `haven log` against the sqlite3 shell inserting the same row into an
#      equivalent table with the same pragmas (target: at most 2x);
#   2. importing a generated 100,000-entry journal (for information);
#   3. `haven insights --json` on that journal (target: at most 150 ms),
#      also as a ratio to the cost of starting sqlite3 on the same database;
#      then on the same journal as a vault (target: at most 2x plain), and
#      a command on a vault unlocked (`haven vault unlock`) against asking;
#      then with 3,650 daily check-ins, what goes with what (target: at
#      most 150 ms), as a ratio to the journal alone.
# A missed target prints MISSED but still exits 0; a tool or haven failing
# exits 1.  Needs hyperfine, sqlite3 and a C compiler.
#   HAVEN=path/to/haven   the binary to measure (default: build/haven)
#   BENCH_ENTRIES, BENCH_LOG_RUNS, BENCH_INSIGHTS_RUNS   override the sizes
set -eu

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
entries=${BENCH_ENTRIES:-100000}
log_runs=${BENCH_LOG_RUNS:-40}
insights_runs=${BENCH_INSIGHTS_RUNS:-20}
log_target_ratio=2
insights_target_ms=150

bench_start bench hyperfine sqlite3 "${CC:-cc}"
# Nothing from the caller's environment may steer haven to another database
# or a frozen clock.
unset HAVEN_DB HAVEN_NOW

# Run hyperfine quietly into a JSON file (without a shell in between, where
# it can); show its output only if it fails.
measure() {
	json=$1
	shift
	# shellcheck disable=SC2086
	if ! hyperfine $no_shell --style none --export-json "$json" "$@" \
		>"$tmp/hyperfine.log" 2>&1; then
		cat "$tmp/hyperfine.log" >&2
		die "hyperfine failed (see above)"
	fi
}

# The median of the Nth command in a hyperfine JSON export, in milliseconds.
median_ms() {
	awk -v want="$2" '
		/"median"[[:space:]]*:/ {
			if (++n != want) next
			v = $0
			sub(/.*"median"[[:space:]]*:[[:space:]]*/, "", v)
			sub(/[,[:space:]].*$/, "", v)
			printf "%.4f\n", v * 1000
			found = 1
		}
		END { if (!found) exit 1 }' "$1" || die "no median #$2 in $1"
}

# Milliseconds for people: one decimal below 100, whole above.
fmt_ms() {
	awk -v v="$1" 'BEGIN { printf(v < 100 ? "%.1f ms" : "%.0f ms", v) }'
}

now_ns() {
	t=$(date +%s%N)
	case $t in
	*N) echo "$(date +%s)000000000" ;;
	*) echo "$t" ;;
	esac
}

# Rows in a database's records table, asked of sqlite3 directly.
count_rows() {
	sqlite3 -batch -init /dev/null "$1" 'SELECT count(*) FROM records' </dev/null
}

# judge 1|0: set $mark to "ok" or "MISSED" and count the misses (no
# subshell, so the count survives).
missed=0
judge() {
	if [ "$1" = 1 ]; then
		mark="ok"
	else
		mark="MISSED"
		missed=$((missed + 1))
	fi
}

# --- header ---------------------------------------------------------------
cpus=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo "?")
cpu=$(awk -F': *' '/^(model name|Hardware|cpu model)/ { print $2; exit }' /proc/cpuinfo \
	2>/dev/null || true)
fs=$(stat -f -c %T "$tmp" 2>/dev/null || echo "?")
rev=$(git -C "$root" describe --always --dirty 2>/dev/null || echo "?")
echo "haven benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: ${cpus} CPUs, ${cpu:-unknown CPU}; $(uname -sr); temp files on $fs"
echo "haven:   $("$HAVEN" version 2>/dev/null | head -n 1) ($HAVEN, tree $rev)"
echo "tools:   $(hyperfine --version), sqlite3 $(sqlite3 -version | cut -d' ' -f1)"
echo "medians of repeated runs (hyperfine); ratios are against baselines measured now"
echo

# --- 1. haven log against the sqlite3 shell --------------------------------
mkdir -m 700 "$tmp/log"
export HAVEN_DB="$tmp/log/haven.db"
"$HAVEN" log -i 1 -k work "set up the database" >/dev/null ||
	die "haven log failed on a new database"

# The same table as src/core/store.c creates, in WAL mode like haven's.
sqlite3 -batch -init /dev/null "$tmp/log/sqlite.db" >/dev/null </dev/null \
	"PRAGMA journal_mode = WAL" \
	"CREATE TABLE records (
	   id TEXT PRIMARY KEY NOT NULL,
	   kind TEXT NOT NULL,
	   created_ms INTEGER NOT NULL,
	   created_off INTEGER NOT NULL,
	   updated_ms INTEGER NOT NULL,
	   updated_off INTEGER NOT NULL,
	   version INTEGER NOT NULL DEFAULT 1,
	   deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	   body TEXT NOT NULL);
	 CREATE INDEX records_by_kind ON records (kind, created_ms);
	 CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
	 PRAGMA user_version = 1;"

# What haven does per open and per entry: the same pragmas, then one
# autocommitted insert of the row `haven log -i 5 -k work "bench entry"`
# makes (a fresh UUID v4, now in ms and the local offset, the canonical body).
cat >"$tmp/log/insert.sql" <<'EOF'
PRAGMA busy_timeout = 5000;
PRAGMA user_version;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA foreign_keys = ON;
WITH h(x) AS (SELECT lower(hex(randomblob(16)))),
     n(t, off) AS (SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
                          CAST(round((julianday('now', 'localtime') - julianday('now')) * 1440)
                               AS INTEGER))
INSERT INTO records (id, kind, created_ms, created_off, updated_ms, updated_off,
                     version, deleted, body)
SELECT substr(x, 1, 8) || '-' || substr(x, 9, 4) || '-4' || substr(x, 14, 3) || '-a' ||
       substr(x, 18, 3) || '-' || substr(x, 21, 12),
       'trigger', t, off, t, off, 1, 0,
       '{"intensity":5,"triggers":["work"],"what":"bench entry"}'
FROM h, n;
EOF

log_warmup=5
measure "$tmp/log.json" --warmup "$log_warmup" --runs "$log_runs" \
	-n "haven log" "'$HAVEN' log -i 5 -k work 'bench entry'" \
	-n "sqlite3 shell insert" \
	"sqlite3 -batch -init /dev/null '$tmp/log/sqlite.db' '.read $tmp/log/insert.sql'"

# Both must really have written every row, or the timing means nothing.
want=$((log_warmup + log_runs))
got=$(count_rows "$tmp/log/haven.db")
[ "$got" -eq $((want + 1)) ] || die "haven log wrote $((got - 1)) rows, expected $want"
got=$(count_rows "$tmp/log/sqlite.db")
[ "$got" -eq "$want" ] || die "the sqlite3 baseline wrote $got rows, expected $want"

haven_ms=$(median_ms "$tmp/log.json" 1)
sqlite_ms=$(median_ms "$tmp/log.json" 2)
ratio=$(awk -v a="$haven_ms" -v b="$sqlite_ms" 'BEGIN { printf "%.2f", a / b }')
judge "$(awk -v r="$ratio" -v t="$log_target_ratio" 'BEGIN { print ((r <= t) ? 1 : 0) }')"
echo "log: haven $(fmt_ms "$haven_ms"), sqlite3 shell $(fmt_ms "$sqlite_ms")," \
	"ratio ${ratio}x (target <= ${log_target_ratio}x) $mark"
echo "     ($log_runs runs each after $log_warmup warm-up runs; WAL, synchronous=FULL)"

# --- 2. import a generated journal ------------------------------------------
mkdir -m 700 "$tmp/journal"
export HAVEN_DB="$tmp/journal/haven.db"
bench_journal "$entries" "$tmp/journal.jsonl"

start=$(now_ns)
"$HAVEN" import "$tmp/journal.jsonl" >/dev/null || die "haven import failed"
end=$(now_ns)
got=$(count_rows "$HAVEN_DB")
[ "$got" -eq "$entries" ] || die "import stored $got entries, expected $entries"
awk -v n="$entries" -v ns="$((end - start))" -v mb="$(wc -c <"$tmp/journal.jsonl")" 'BEGIN {
	s = ns / 1e9
	rate = (s > 0) ? n / s : 0
	printf("import (%d entries, %.1f MB JSON Lines): %.2f s, %.0f entries/s (for information)\n",
		n, mb / 1e6, s, rate) }'

# --- 3. insights on the journal -------------------------------------------
# Check once that insights really saw every entry before timing it.  This
# first run also fills the facts cache (derived once per entry), so it is
# timed on its own: it is what a person sees the first time after an import.
start=$(now_ns)
"$HAVEN" insights --json >"$tmp/insights.json" || die "haven insights --json failed"
end=$(now_ns)
awk -v ns="$((end - start))" 'BEGIN {
	printf("insights, first run after the import (fills the facts cache): %.0f ms (for information)\n", ns / 1e6) }'
grep -q "\"entries\"[[:space:]]*:[[:space:]]*${entries}[^0-9]" "$tmp/insights.json" ||
	die "haven insights --json did not count $entries entries"

measure "$tmp/insights-bench.json" --warmup 3 --runs "$insights_runs" \
	-n "haven insights --json" "'$HAVEN' insights --json" \
	-n "sqlite3 count(*)" \
	"sqlite3 -batch -init /dev/null '$HAVEN_DB' 'SELECT count(*) FROM records'" \
	-n "haven journal --json --limit 1" "'$HAVEN' journal --json --limit 1"

insights_ms=$(median_ms "$tmp/insights-bench.json" 1)
count_ms=$(median_ms "$tmp/insights-bench.json" 2)
journal_ms=$(median_ms "$tmp/insights-bench.json" 3)
judge "$(awk -v v="$insights_ms" -v t="$insights_target_ms" 'BEGIN { print ((v <= t) ? 1 : 0) }')"
ratio=$(awk -v a="$insights_ms" -v b="$count_ms" 'BEGIN { printf(a / b < 10 ? "%.1f" : "%.0f", a / b) }')
echo "insights ($entries entries): $(fmt_ms "$insights_ms")" \
	"(target <= $insights_target_ms ms) $mark;" \
	"startup baseline $(fmt_ms "$count_ms"); ratio ${ratio}x"
echo "     (startup baseline: sqlite3 DB 'SELECT count(*) FROM records';" \
	"$insights_runs runs each after 3 warm-up runs)"
ratio=$(awk -v a="$journal_ms" -v b="$count_ms" 'BEGIN { printf(a / b < 10 ? "%.1f" : "%.0f", a / b) }')
echo "journal --json --limit 1 ($entries entries): $(fmt_ms "$journal_ms")," \
	"ratio ${ratio}x to the startup baseline (for information)"

# --- 3b. insights on the same journal as a vault ----------------------------
# The facts cache is sealed in a vault (src/core/facts.c), so a vault's
# insights open one small box per entry instead of every body.  Target: at
# most 2x the plain journal, both measured now.  The vault is made with the
# minimum Argon2id cost (HAVEN_TEST_KDF_FAST) so that the ratio is the cost
# of the sealed cache, not of deriving the key, which `haven vault unlock`
# spares a person (measured just after).
vault_target_ratio=2
printf 'bench passphrase, not a secret\n' >"$tmp/pw"
chmod 600 "$tmp/pw"
sqlite3 -batch -init /dev/null "$HAVEN_DB" "VACUUM INTO '$tmp/journal/vault.db'" </dev/null
chmod 600 "$tmp/journal/vault.db"
HAVEN_TEST_KDF_FAST=1 HAVEN_DB="$tmp/journal/vault.db" "$HAVEN" vault enable \
	--passphrase-file "$tmp/pw" >/dev/null 2>&1 || die "haven vault enable failed"
plain_env="env HAVEN_DB=$HAVEN_DB"
vault_env="env HAVEN_DB=$tmp/journal/vault.db HAVEN_PASSPHRASE_FILE=$tmp/pw"
$vault_env "$HAVEN" insights --json >"$tmp/vault-insights.json" ||
	die "haven insights --json failed on the vault"
cmp -s "$tmp/insights.json" "$tmp/vault-insights.json" ||
	die "insights on the vault differ from insights on the plain journal"
measure "$tmp/vault-bench.json" --warmup 3 --runs "$insights_runs" \
	-n "plain insights" "$plain_env '$HAVEN' insights --json" \
	-n "vault insights" "$vault_env '$HAVEN' insights --json"
plain_ms=$(median_ms "$tmp/vault-bench.json" 1)
vault_ms=$(median_ms "$tmp/vault-bench.json" 2)
ratio=$(awk -v a="$vault_ms" -v b="$plain_ms" 'BEGIN { printf "%.2f", a / b }')
judge "$(awk -v r="$ratio" -v t="$vault_target_ratio" 'BEGIN { print ((r <= t) ? 1 : 0) }')"
echo "vault insights ($entries entries): $(fmt_ms "$vault_ms"), plain $(fmt_ms "$plain_ms")," \
	"ratio ${ratio}x (target <= ${vault_target_ratio}x) $mark"
echo "     (sealed facts cache; key at the minimum Argon2id cost; $insights_runs runs each)"

# --- 3c. insights with what goes with what -----------------------------------
# Ten years of daily check-ins beside the same journal (a copy of it):
# `haven insights` relates every factor to the days' outcomes in the same
# walk of the journal (src/insight/relations.c).  Target: at most 150 ms
# (issue 18); the ratio to insights on the journal alone, both measured now.
# gen_checkins N: N daily check-ins, one a day ending 2025-12-31, in the
# format `haven export` writes, with every factor and one factor of the
# person's own; a fixed-seed LCG makes every run identical.
gen_checkins() {
	awk -v n="$1" 'function civil(z,   era, doe, yoe, y, doy, mp, d, m) {
		z += 719468; era = int(z / 146097); doe = z - era * 146097
		yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
		y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
		mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
		m = mp < 10 ? mp + 3 : mp - 9
		return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d)
	}
	function rnd(k) { seed = (seed * 16807) % 2147483647; return int(seed / 2147483647 * k) }
	BEGIN {
		seed = 42; last = 20453  # 2025-12-31 as days since 1970-01-01
		print "{\"id\":\"00000000-0000-4000-8000-000000000000\",\"kind\":\"checkin-factor\"," \
			"\"created\":\"" civil(last - n) "T07:00:00.000Z\",\"updated\":\"" civil(last - n) \
			"T07:00:00.000Z\",\"version\":1,\"deleted\":false,\"body\":{\"name\":\"therapy day\"}}"
		for (i = 1; i <= n; i++) {
			t = civil(last - n + i) "T08:00:00.000Z"
			printf("{\"id\":\"%08x-0000-4000-8000-%012x\",\"kind\":\"checkin\",\"created\":\"%s\"," \
				"\"updated\":\"%s\",\"version\":1,\"deleted\":false,\"body\":{\"distress\":%d," \
				"\"factors\":{\"alcohol\":%d,\"anxiety\":%d,\"caffeine\":%d,\"movement\":%d," \
				"\"safe_people\":%.1f,\"sleep\":%.1f,\"sleep_quality\":%d}," \
				"\"own\":{\"therapy day\":%s}}}\n", i, i, t, t, rnd(11), rnd(4), rnd(11),
				rnd(5), rnd(90), rnd(8) / 2, 4 + rnd(10) / 2, rnd(11), rnd(7) == 0 ? "true" : "false")
		}
	}'
}
days_target_ms=150
days=3650
sqlite3 -batch -init /dev/null "$HAVEN_DB" "VACUUM INTO '$tmp/journal/days.db'" </dev/null
chmod 600 "$tmp/journal/days.db"
days_env="env HAVEN_DB=$tmp/journal/days.db"
gen_checkins "$days" >"$tmp/checkins.jsonl"
$days_env "$HAVEN" import "$tmp/checkins.jsonl" >/dev/null || die "haven import of the check-ins failed"
$days_env "$HAVEN" insights --json >"$tmp/days-insights.json" ||
	die "haven insights --json failed with check-ins"
grep -q "\"days\"[[:space:]]*:[[:space:]]*${days}[^0-9]" "$tmp/days-insights.json" ||
	die "haven insights --json did not relate $days days"
measure "$tmp/days-bench.json" --warmup 3 --runs "$insights_runs" \
	-n "insights with relations" "$days_env '$HAVEN' insights --json" \
	-n "insights, the journal alone" "$plain_env '$HAVEN' insights --json"
days_ms=$(median_ms "$tmp/days-bench.json" 1)
alone_ms=$(median_ms "$tmp/days-bench.json" 2)
judge "$(awk -v v="$days_ms" -v t="$days_target_ms" 'BEGIN { print ((v <= t) ? 1 : 0) }')"
ratio=$(awk -v a="$days_ms" -v b="$alone_ms" 'BEGIN { printf "%.2f", a / b }')
echo "insights with factor relations ($entries entries, $days check-ins): $(fmt_ms "$days_ms")" \
	"(target <= $days_target_ms ms) $mark; the journal alone $(fmt_ms "$alone_ms"); ratio ${ratio}x"

# A command on a vault at the real cost (MODERATE: 256 MiB), asking (the
# passphrase from a file) against within `haven vault unlock` (the key from
# the kernel keyring), on a small journal.  For information: it needs a
# kernel keyring this process may use, and says so when there is none.
sqlite3 -batch -init /dev/null "$tmp/log/haven.db" "VACUUM INTO '$tmp/log/vault.db'" </dev/null
chmod 600 "$tmp/log/vault.db"
export HAVEN_DB="$tmp/log/vault.db"
"$HAVEN" vault enable --passphrase-file "$tmp/pw" >/dev/null 2>&1 || die "haven vault enable failed"
measure "$tmp/asking-bench.json" --warmup 1 --runs 5 \
	-n "asking" "env HAVEN_PASSPHRASE_FILE=$tmp/pw '$HAVEN' journal --json --limit 1"
asking_ms=$(median_ms "$tmp/asking-bench.json" 1)
if "$HAVEN" vault unlock --for 2m --passphrase-file "$tmp/pw" >/dev/null 2>"$tmp/unlock.err"; then
	measure "$tmp/unlock-bench.json" --warmup 2 --runs 10 \
		-n "unlocked" "'$HAVEN' journal --json --limit 1"
	"$HAVEN" vault lock >/dev/null 2>&1 || true
	echo "vault journal --limit 1: unlocked $(fmt_ms "$(median_ms "$tmp/unlock-bench.json" 1)")," \
		"asking $(fmt_ms "$asking_ms") (Argon2id, 256 MiB) (for information)"
else
	echo "vault journal --limit 1: asking $(fmt_ms "$asking_ms"); unlocked not measured:" \
		"$(sed 's/^haven: //' "$tmp/unlock.err")"
fi
export HAVEN_DB="$tmp/journal/haven.db"

# --- 4. the other benchmarks, each standalone ------------------------------
# Quality is a benchmark too: the crisis net's recall and false alarms, the
# pattern and coach detectors' precision and recall; then chat import speed
# against an npm parser, sync (bench/sync.sh), and a year's report
# (bench/report.sh).  A script that is missing or fails is reported, not
# fatal, so one broken bench does not hide the others.
for extra in crisis quality chat web sync report; do
	script="$root/bench/$extra.sh"
	[ -f "$script" ] || continue
	echo
	# Each script prints MISSED beside a target it did not meet; count those.
	if ! HAVEN="$HAVEN" sh "$script" >"$tmp/$extra.out" 2>&1; then
		cat "$tmp/$extra.out"
		echo "bench/$extra.sh failed"
		missed=$((missed + 1))
		continue
	fi
	cat "$tmp/$extra.out"
	missed=$((missed + $(grep -c 'MISSED' "$tmp/$extra.out" || true)))
done

echo
if [ "$missed" -eq 0 ]; then
	echo "all targets met"
else
	echo "$missed target(s) MISSED"
fi
exit 0
