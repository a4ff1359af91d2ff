# t-concurrent.sh — several haven processes on one database at once: every
# write lands, no reader or writer fails with "busy", and the file is whole.
. "$E2E_DIR/lib.sh"

writers=8 per_writer=15 readers=3
check "seed entry" haven log -i 1 -k work --recovered 10 seed

mkdir par
for w in $(seq $writers); do
	(
		for n in $(seq $per_writer); do
			"$HAVEN" log -i $(( (w + n) % 10 + 1 )) -k work --recovered "$n" "w$w n$n" \
				>>"par/ids.$w" 2>>"par/err.$w" </dev/null || echo "log w$w n$n: exit $?" >>par/fail
		done
	) &
done
for r in $(seq $readers); do
	(
		for n in 1 2 3 4 5 6; do
			"$HAVEN" --json journal --limit 5 >/dev/null 2>>"par/rerr.$r" </dev/null || echo "journal r$r: exit $?" >>par/fail
			"$HAVEN" --json insights >/dev/null 2>>"par/rerr.$r" </dev/null || echo "insights r$r: exit $?" >>par/fail
			"$HAVEN" export >/dev/null 2>>"par/rerr.$r" </dev/null || echo "export r$r: exit $?" >>par/fail
		done
	) &
done
wait

assert_eq "no process failed" "" "$(cat par/fail 2>/dev/null | head -5)"
assert_eq "no process complained" "" "$(cat par/err.* par/rerr.* 2>/dev/null | head -5)"
total=$((writers * per_writer))
assert_eq "every writer printed an id per write" $total "$(cat par/ids.* | grep -Ec "$UUID_RE")"
check "the journal after the rush" haven --json journal --limit 100000
assert_eq "every write is in the journal" $((total + 1)) "$(jlen "$OUT")"
_e2e_jsql "$OUT" "SELECT json_extract(value, '\$.id') FROM json_each($_e2e_jdoc)" | sort >present.txt
assert_eq "every printed id is present" "" "$(cat par/ids.* | sort | comm -23 - present.txt | head -3)"
assert_eq "integrity_check is ok" ok "$(sqlite3 "$HAVEN_DB" 'PRAGMA integrity_check' 2>&1)"
check "insights after the rush" haven --json insights
assert_eq "insights count every entry" $((total + 1)) "$(jget "$OUT" '$.entries')"
assert_eq "insights: one recovery value per entry" $((total + 1)) "$(jget "$OUT" '$.recovery.values')"
assert_eq "insights: the work tally" $((total + 1)) "$(jget "$OUT" '$.triggers[0].count')"

done_testing
