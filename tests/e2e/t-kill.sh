# t-kill.sh — durability: thousands of `haven log` runs against one database,
# many of them killed with SIGKILL at a random moment.  Afterwards the
# database must pass SQLite's integrity check, and every entry whose id was
# printed by a run that exited 0 must be there, intact.
#
# 2,000 writes (E2E_QUICK=1: 300).  E2E_KILL_SEED=N repeats a run's choices.
# On a machine whose disk is slow (every write is fsynced) the loop stops at
# its time budget, E2E_KILL_BUDGET seconds (75), and checks what it did.
# Not deterministic by nature; everything else in the suite is.
. "$E2E_DIR/lib.sh"

unset HAVEN_NOW # the real clock, as in use
kill_tries t-kill.sh 2000 300 writes
writes=$tries

# A sleep of a fraction of a millisecond without starting a process: wait for
# input that never comes on a pipe this shell holds open at both ends.
exec 9<> <(:)
pause_us() {
	local s
	printf -v s '0.%06d' "$1"
	read -r -t "$s" -u 9 || true
}

# How long one `haven log` takes here, so kills land before, during and
# after the write whatever the machine (or a sanitizer build) costs.
t0=${EPOCHREALTIME/./}
for i in 1 2 3 4 5 6 7 8 9 10; do
	"$HAVEN" log -i 5 -k work "warm-up $i" >/dev/null 2>&1 </dev/null
done
t1=${EPOCHREALTIME/./}
per_run=$(( (t1 - t0) / 10 ))
# Kill within 0 .. 1.2 x a whole run, at least 0-3 ms.
window=$(( per_run * 12 / 10 ))
[ "$window" -lt 3000 ] && window=3000
echo "t-kill.sh: one log takes ~${per_run} us; kills land in 0..${window} us" >&2

: >saved.txt
ok=0 killed=0 odd=0 noid=0 attempts_killed=0 open_kills=0
odd_report=""
budget=${E2E_KILL_BUDGET:-75}
deadline=$((SECONDS + budget))
for ((k = 1; k <= writes; k++)); do
	if [ "$SECONDS" -ge "$deadline" ]; then
		echo "t-kill.sh: time budget of ${budget}s used up after $((k - 1)) writes; checking those" >&2
		writes=$((k - 1))
		break
	fi
	wal_before=0
	[ -s "$HAVEN_DB-wal" ] && wal_before=1
	"$HAVEN" log -i $(( k % 10 + 1 )) -k work --thought "thought $k" "entry $k" \
		>out.txt 2>err.txt </dev/null &
	pid=$!
	# Two in three runs get a kill at a random moment; the rest run free.
	if (( RANDOM % 3 )); then
		pause_us $(( (RANDOM * 32768 + RANDOM) % window ))
		kill -9 "$pid" 2>/dev/null
		attempts_killed=$((attempts_killed + 1))
	fi
	wait "$pid" 2>/dev/null
	rc=$?
	if [ "$rc" -eq 0 ]; then
		id=""
		read -r id <out.txt
		if [[ $id =~ ^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ ]]; then
			echo "$id entry $k" >>saved.txt
			ok=$((ok + 1))
		else
			noid=$((noid + 1))
		fi
	elif [ "$rc" -eq 137 ]; then
		killed=$((killed + 1))
		# Killed with the database open: it left its write-ahead log behind.
		[ "$wal_before" -eq 0 ] && [ -s "$HAVEN_DB-wal" ] && open_kills=$((open_kills + 1))
	else
		odd=$((odd + 1))
		[ "$odd" -le 3 ] && odd_report+="run $k: exit $rc: $(head -c 300 err.txt)"$'\n'
	fi
done
exec 9<&-
echo "t-kill.sh: $ok saved, $killed killed ($open_kills with the database open), $odd failed otherwise, $noid exited 0 without an id" >&2

assert_true "enough runs for the test to mean something ($writes)" test "$writes" -ge 100
assert_eq "$writes runs: every run either saved or was killed" $writes $((ok + killed + odd + noid))
if [ "$killed" -ge 1 ]; then _e2e_pass "some runs were really killed ($killed)"; else
	_e2e_fail "some runs were really killed" "expected: at least 1 of $attempts_killed kill attempts to land" "actual: 0"; fi
if [ "$open_kills" -ge 1 ]; then _e2e_pass "some kills landed mid-write ($open_kills)"; else
	_e2e_fail "some kills landed mid-write" "expected: at least 1 kill to leave a write-ahead log" "actual: 0"; fi
if [ "$ok" -ge 1 ]; then _e2e_pass "some writes succeeded ($ok)"; else
	_e2e_fail "some writes succeeded" "expected: at least 1" "actual: 0"; fi
assert_eq "no run failed except by being killed" 0 "$odd"
[ -n "$odd_report" ] && printf '%s' "$odd_report" >&2
assert_eq "every run that exited 0 printed an id" 0 "$noid"

# --- the database is whole ------------------------------------------------------
integrity=$(sqlite3 "$HAVEN_DB" 'PRAGMA integrity_check' 2>&1)
assert_eq "PRAGMA integrity_check is ok" ok "$integrity"
assert_eq "the records table is still there" 1 \
	"$(sqlite3 "$HAVEN_DB" "SELECT count(*) FROM sqlite_master WHERE name = 'records'" 2>&1)"

# --- every saved entry is there, as it was written ------------------------------------
check "haven can still read the whole journal" haven --json journal --limit 100000
listed=$(jlen "$OUT")
assert_true "the journal lists at least every saved entry (listed $listed, saved $ok)" \
	test "$listed" -ge "$((ok + 10))"
assert_true "the journal holds no more than was attempted" test "$listed" -le "$((writes + 10))"
_e2e_jsql "$OUT" "SELECT json_extract(value, '\$.id') || ' ' || json_extract(value, '\$.body.what')
	FROM json_each($_e2e_jdoc)" | sort >present.txt
sort saved.txt >saved.sorted
missing=$(comm -23 saved.sorted present.txt)
assert_eq "every saved id is present with its own text" "" "$(printf '%s' "$missing" | head -5)"
assert_eq "no entry appears twice" "" "$(cut -d' ' -f1 present.txt | uniq -d | head -3)"
check "the export agrees" haven export
assert_eq "export: one line per listed entry" "$listed" "$(printf '%s\n' "$OUT" | grep -c '^{"id":')"
check "haven can still write after all that" haven log -i 1 "after the storm"
assert_eq "the last write is readable" "after the storm" \
	"$(run haven --json journal show "$OUT"; jget "$OUT" '$.body.what')"
assert_eq "integrity_check still ok after more writes" ok "$(sqlite3 "$HAVEN_DB" 'PRAGMA integrity_check' 2>&1)"

done_testing
