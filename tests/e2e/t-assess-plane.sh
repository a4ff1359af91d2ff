# t-assess-plane.sh — the two dimensions of an ECR-style instrument
# together (issue 18, item 8): `haven assess history` gives, for each
# target scored on both anxiety and avoidance, where each take sits and the
# move since the take before, as JSON and as a small text plane with plain
# words on its axes and no type named; GET /api/assess/{id}/plane.svg draws
# it, per target, and answers 404 where there is nothing to draw.
. "$E2E_DIR/lib.sh"

FIX=$E2E_DIR/../fixtures/instruments
# answers N A B: N items, odd-numbered items answered A, even ones B.
answers() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { for (i = 1; i <= n; i++) printf "%s%d=%d", (i > 1 ? "," : ""), i, (i % 2 ? a : b) }'; }

check "add ECR-R keys" haven assess add "$FIX/ecr-r.json"
check "no results yet" haven --json assess history test-ecr-r
assert_eq "an empty plane" 0 "$(jlen "$OUT" '$.plane')"

ans1=$(python3 -c "print(','.join(f'{i}={(i%7)+1}' for i in range(1,37)))")
ans2=$(python3 -c "print(','.join(f'{i}={((i*3)%7)+1}' for i in range(1,37)))")
check "a first take" haven assess take test-ecr-r --answers "$ans1" --at 2025-11-02
check "one take" haven --json assess history test-ecr-r
assert_eq "one place" 1 "$(jlen "$OUT" '$.plane')"
assert_eq "one point" 1 "$(jlen "$OUT" '$.plane[0].points')"
assert_eq "anxiety as the history scores it" "$(jget "$OUT" '$.series[0].points[0].score')" "$(jget "$OUT" '$.plane[0].points[0].anxiety')"
assert_eq "avoidance as the history scores it" "$(jget "$OUT" '$.series[1].points[0].score')" "$(jget "$OUT" '$.plane[0].points[0].avoidance')"
assert_eq "nothing moved yet" null "$(jtype "$OUT" '$.plane[0].moved')"
assert_eq "the scale" "1 7" "$(jget "$OUT" '$.plane[0].min') $(jget "$OUT" '$.plane[0].max')"
check "one take, on a terminal" haven assess history test-ecr-r
assert_contains "the axes in words" "$OUT" "Worry about closeness"
assert_contains "the other axis" "$OUT" "Keeping your distance →"
assert_contains "invites another take" "$OUT" "Take it again some time"

check "a second take" haven assess take test-ecr-r --answers "$ans2" --at 2025-12-02
assert_contains "the result screen places it too" "$OUT" "Both together"
assert_contains "with the move since the take before" "$OUT" "Worry about closeness down by 0.22"
check "two takes" haven --json assess history test-ecr-r
assert_eq "two points" 2 "$(jlen "$OUT" '$.plane[0].points')"
want_anx=$(python3 -c "print(round($(jget "$OUT" '$.series[0].points[1].score') - $(jget "$OUT" '$.series[0].points[0].score'), 2))")
assert_eq "anxiety moved as the scores say" "$want_anx" "$(jget "$OUT" '$.plane[0].moved.anxiety')"
assert_eq "anxiety moved down by 0.22" -0.22 "$(jget "$OUT" '$.plane[0].moved.anxiety')"
assert_eq "avoidance moved up by 0.33" 0.33 "$(jget "$OUT" '$.plane[0].moved.avoidance')"
check "two takes, on a terminal" haven assess history test-ecr-r
assert_contains "the move in words" "$OUT" "Worry about closeness down by 0.22; keeping your distance up by 0.33."
assert_contains "the key names both takes" "$OUT" "2  2 Dec 2025 00:00: worry 3.67, distance 4.33"
plane=$(printf '%s\n' "$OUT" | sed -n '/↑ Worry about closeness/,/Keeping your distance →/p')
assert_contains "take 1 drawn" "$plane" "1"
assert_contains "take 2 drawn" "$plane" "2"
for word in secure preoccupied dismissive fearful anxious-preoccupied; do
	assert_not_contains "no type: $word" "$(printf '%s' "$OUT" | tr 'A-Z' 'a-z')" "$word"
done

# Per target: one place per relationship that has results.
check "add ECR-RS keys" haven assess add "$FIX/ecr-rs.json"
haven assess take test-ecr-rs --target mother --answers 1=1,2=2,3=3,4=4,5=5,6=6,7=7,8=1,9=2 --at 2025-12-01 >/dev/null
haven assess take test-ecr-rs --target partner --answers 1=7,2=7,3=7,4=7,5=7,6=7,7=7,8=7,9=7 --at 2025-12-03 >/dev/null
haven assess take test-ecr-rs --target partner --answers 1=6,2=6,3=6,4=6,5=6,6=6,7=6,8=2,9=2 --at 2026-01-03 >/dev/null
check "per target" haven --json assess history test-ecr-rs
assert_eq "two relationships" "mother partner" "$(jget "$OUT" '$.plane[0].target') $(jget "$OUT" '$.plane[1].target')"
assert_eq "the partner's two takes" 2 "$(jlen "$OUT" '$.plane[1].points')"
check "per target, on a terminal" haven assess history test-ecr-rs
assert_contains "titled by relationship" "$OUT" "Both together — partner"

# A guide result has no plane: the guide measures other areas.
check "the guide's history" haven --json assess history guide
assert_eq "no plane for the guide" 0 "$(jlen "$OUT" '$.plane')"

unset HAVEN_NOW
serve_start
assert_eq "plane chart: 200" 200 "$(status "$base/api/assess/test-ecr-r/plane.svg?width=390")"
assert_contains "an SVG" "$(body)" "<svg"
assert_contains "the plain axis" "$(body)" "Keeping your distance"
assert_contains "said as a reflection" "$(body)" "not a diagnosis"
assert_eq "two dots" 2 "$(body | grep -o 'class="dot"' | wc -l)"
assert_eq "a target's chart: 200" 200 "$(status "$base/api/assess/test-ecr-rs/plane.svg?target=partner")"
assert_contains "titled by it" "$(body)" "Both together — partner"
assert_eq "a target without results: 404" 404 "$(status "$base/api/assess/test-ecr-rs/plane.svg?target=father")"
assert_eq "the guide has none: 404" 404 "$(status "$base/api/assess/guide/plane.svg")"
assert_eq "an unknown instrument: 400, as its history" "$(status "$base/api/assess/nope/history")" "$(status "$base/api/assess/nope/plane.svg")"
assert_contains "named" "$(body)" "no instrument"
assert_eq "the history route carries it" 200 "$(status "$base/api/assess/test-ecr-r/history")"
assert_eq "with the plane" 2 "$(jlen "$(body)" '$.plane[0].points')"
serve_stop
done_testing
