# t-relations.sh — what goes with what in `haven insights`: nothing before
# the first check-in, "too few days" before three days each side, then a
# fortnight of check-ins and entries at fixed dates, its numbers checked
# against python3's own Welch interval, the drawn section (a handful at
# most, strongest first, never a cause) and the day after.
. "$E2E_DIR/lib.sh"

export HAVEN_NOW=2026-03-01T12:00:00Z

# ---- nothing to relate yet -------------------------------------------------
log_id --at "2026-01-10 10:00" -i 5 before >/dev/null
check "insights before any check-in" haven insights
assert_not_contains "no section before the first check-in" "$OUT" "What went with what"
check "--json before any check-in" haven --json insights
assert_eq "relations: no days" 0 "$(jget "$OUT" '$.relations.days')"
assert_eq "relations: no items" 0 "$(jlen "$OUT" '$.relations.items')"
assert_eq "the old keys stay" 1 "$(jget "$OUT" '$.entries')"

check "a check-in with no factor" haven checkin 4 --at "2026-01-12 09:00"
check "insights with distress alone" haven insights
assert_not_contains "no factor yet: no section" "$OUT" "What went with what"

# ---- too few days ------------------------------------------------------------
check "an own factor" haven checkin factor add "walk with a friend"
check "yes" haven checkin 3 --factor "walk with a friend" --at "2026-01-20 09:00"
check "yes again" haven checkin 2 --factor "walk with a friend" --at "2026-01-21 09:00"
check "no" haven checkin 6 --no-factor "walk with a friend" --at "2026-01-22 09:00"
check "no again" haven checkin 7 --no-factor "walk with a friend" --at "2026-01-23 09:00"
check "insights with four days" haven insights
assert_contains "the section is there" "$OUT" "What went with what"
assert_contains "two and two: too few to tell" "$OUT" "Too few days to tell yet"
assert_not_contains "no sentence yet" "$OUT" "On days marked"
check "--json with four days" haven --json insights
assert_eq "five days" 5 "$(jget "$OUT" '$.relations.days')"
assert_eq "nothing said: enough is false everywhere" 0 \
	"$(_e2e_jsql "$OUT" "SELECT count(*) FROM json_each($_e2e_jdoc, '\$.relations.items') WHERE json_extract(value, '\$.enough')")"

# ---- a fortnight -------------------------------------------------------------
# day:      1   2   3   4   5   6   7   8   9   10  11  12  13  14
sleep="5 8 6 7.5 5.5 8 7 6 8.5 5 7 6.5 8 5"
distress="7 3 6 4 7 2 4 6 2 8 4 5 3 7"
alcohol="0 0 2 0 1 0 0 3 0 0 1 0 0 2"
walk="y y n n n y y n y n n y y n"
i=0
for s in $sleep; do
	i=$((i + 1))
	d=$(echo "$distress" | cut -d' ' -f$i)
	a=$(echo "$alcohol" | cut -d' ' -f$i)
	w=$(echo "$walk" | cut -d' ' -f$i)
	own="--factor"
	[ "$w" = n ] && own="--no-factor"
	day=$(printf '2026-02-%02d' "$i")
	run haven checkin "$d" --sleep "$s" --alcohol "$a" "$own" "walk with a friend" --at "$day 08:00"
	[ "$RC" -eq 0 ] || _e2e_fail "setup: check-in $day" "$(_e2e_ctx)"
	# One entry a day, as strong as the day's distress, eased in ten
	# minutes a point on even days.
	if [ $((i % 2)) -eq 0 ]; then
		log_id --at "$day 18:00" -i "$d" --recovered $((d * 10)) "day $i" >/dev/null
	else
		log_id --at "$day 18:00" -i "$d" "day $i" >/dev/null
	fi
done

check "--json over the fortnight" haven --json insights --since 2026-02-01
J=$OUT
assert_eq "fourteen days" 14 "$(jget "$J" '$.relations.days')"

# item FACTOR LAG OUTCOME FIELD
item() {
	_e2e_jsql "$J" "SELECT json_extract(value, '\$.$4') FROM json_each($_e2e_jdoc, '\$.relations.items')
		WHERE json_extract(value, '\$.factor') = '$1' AND json_extract(value, '\$.lag') = $2
		AND json_extract(value, '\$.outcome') = '$3'"
}

# python3's own reading: the split that leaves the smaller side largest,
# Welch's 90 % interval with the t quantile from the density integrated.
expect() {
	python3 - "$@" <<'PY'
import math, statistics as st, sys
kind, xs, ys = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
lag = int(sys.argv[4])
x = [1.0 if v == "y" else 0.0 if v == "n" else float(v) for v in xs]
y = [float(v) for v in ys]
if lag:
    x, y = x[:-1], y[1:]
if kind == "number":
    vals = sorted(x)
    best, t = -1, None
    for v in sorted(set(vals))[:-1]:
        low = sum(1 for u in vals if u <= v)
        if min(low, len(vals) - low) > best:
            best, t = min(low, len(vals) - low), v
else:
    t = 0.5
a = [b for u, b in zip(x, y) if u > t]
b = [b for u, b in zip(x, y) if u <= t]
def pdf(z, v):
    return math.exp(math.lgamma((v + 1) / 2) - math.lgamma(v / 2)) / math.sqrt(v * math.pi) * (1 + z * z / v) ** (-(v + 1) / 2)
def cdf(z, v, n=2000):
    h = z / n
    s = pdf(0, v) + pdf(z, v) + sum((4 if i % 2 else 2) * pdf(i * h, v) for i in range(1, n))
    return 0.5 + s * h / 3
def tq(p, v):
    lo, hi = 0.0, 50.0
    for _ in range(40):
        m = (lo + hi) / 2
        lo, hi = (m, hi) if cdf(m, v) < p else (lo, m)
    return (lo + hi) / 2
va, vb = st.variance(a) / len(a), st.variance(b) / len(b)
df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
d, se = st.mean(a) - st.mean(b), math.sqrt(va + vb)
q = tq(0.95, df)
print("%g %d %d %.3f %.3f %.3f" % (t, len(a), len(b), d, d - q * se, d + q * se))
PY
}

# close A B: equal within 0.002 (three decimals each side)
close() {
	python3 -c "import sys; sys.exit(0 if abs(float(sys.argv[1]) - float(sys.argv[2])) <= 0.002 else 1)" "$1" "$2"
}

check_item() { # NAME FACTOR LAG OUTCOME KIND XS YS
	local name=$1 exp t nw nwo d lo hi
	exp=$(expect "$5" "$6" "$7" "$3")
	read -r t nw nwo d lo hi <<EOF
$exp
EOF
	assert_eq "$name: enough days" 1 "$(item "$2" "$3" "$4" enough)"
	assert_eq "$name: days with" "$nw" "$(item "$2" "$3" "$4" with.days)"
	assert_eq "$name: days without" "$nwo" "$(item "$2" "$3" "$4" without.days)"
	if [ "$5" = number ]; then
		assert_true "$name: threshold $t" close "$t" "$(item "$2" "$3" "$4" threshold)"
	fi
	assert_true "$name: difference $d" close "$d" "$(item "$2" "$3" "$4" difference)"
	assert_true "$name: low $lo" close "$lo" "$(item "$2" "$3" "$4" low)"
	assert_true "$name: high $hi" close "$hi" "$(item "$2" "$3" "$4" high)"
}

check_item "sleep and distress" sleep 0 distress number "$sleep" "$distress"
check_item "sleep and the moments' intensity" sleep 0 intensity number "$sleep" "$distress"
check_item "a walk and distress" "walk with a friend" 0 distress yes-no "$walk" "$distress"
check_item "alcohol and the next day's distress" alcohol 1 distress number "$alcohol" "$distress"
check_item "a walk and the next day's distress" "walk with a friend" 1 distress yes-no "$walk" "$distress"
assert_eq "the next day: thirteen pairs in a fortnight" 13 "$(item alcohol 1 distress days)"
assert_eq "no next-day sleep (a check-in's sleep is last night's)" "" "$(item sleep 1 distress days)"
assert_eq "the strongest first" "sleep distress" \
	"$(jget "$J" '$.relations.items[0].factor') $(jget "$J" '$.relations.items[0].outcome')"
assert_contains "sleep's sentence" "$(item sleep 0 distress sentence)" \
	"On days with at least 7 hours of sleep the night before, distress was about 3.4 points lower"
assert_contains "alcohol's sentence" "$(item alcohol 1 distress sentence)" "On the day after any alcohol, distress was about"
# Recovery is on even days only: seven of them, and split by sleep.
assert_eq "recovery: the even days" 7 "$(item sleep 0 recovery days)"

check "insights drawn" haven insights --since 2026-02-01
assert_contains "the section" "$OUT" "What went with what"
assert_contains "the strongest one" "$OUT" "at least 7 hours of sleep the night before, distress was about 3.4 points lower"
assert_contains "went together, not causes" "$OUT" "not causes"
assert_not_contains "never a cause claimed" "$(printf '%s' "$OUT" | sed -n '/What went with what/,$p' | grep -v "not causes")" "caus"
assert_eq "a handful at most" 5 "$(printf '%s\n' "$OUT" | sed -n '/What went with what/,$p' | grep -c '^  - ')"
assert_not_contains "too few is not said once it is known" "$OUT" "Too few days"

# GET /api/insights answers what `haven insights --json` does, relations too.
serve_start
assert_eq "GET /api/insights: 200" 200 "$(status "$base/api/insights?since=2026-02-01")"
api=$(_e2e_jsql "$(body)" "SELECT json_extract($_e2e_jdoc, '\$.relations')")
cli=$(_e2e_jsql "$J" "SELECT json_extract($_e2e_jdoc, '\$.relations')")
assert_eq "the API's relations are the CLI's" "$cli" "$api"
assert_eq "the API: fourteen days" 14 "$(_e2e_jsql "$(body)" "SELECT json_extract($_e2e_jdoc, '\$.relations.days')")"
serve_stop

# --weeks 1 is this week only: no check-in in it, no section.
check "insights of this week" haven insights --weeks 1
assert_not_contains "no check-in this week: no section" "$OUT" "What went with what"

done_testing
