# t-suites.sh — the counting of `make test` itself: the unit runner counts
# cmocka's tests and ends "N passed, M failed", a program that crashes
# before counting is a failure, and run-suites.sh sums every suite into one
# last line, running each even after one failed, and exits non-zero then.
# Fake test programs stand in for cmocka binaries and for make.  And the
# tests that drive a terminal or read the manual fail when their tool is
# missing, rather than skip.
. "$E2E_DIR/lib.sh"

root=$(cd "$E2E_DIR/../.." && pwd)

# A cmocka-like program: two groups, one with a failure.
cat >"$T/fake-fail" <<'SH'
#!/bin/sh
echo "[==========] 2 test(s) run."
echo "[  PASSED  ] 2 test(s)."
echo "[==========] 3 test(s) run."
echo "[  PASSED  ] 1 test(s)."
echo "[  FAILED  ] 2 test(s), listed below:" >&2
echo "[  FAILED  ] test_one" >&2
exit 2
SH
printf '#!/bin/sh\necho "[  PASSED  ] 4 test(s)."\n' >"$T/fake-pass"
printf '#!/bin/sh\nkill -SEGV $$\n' >"$T/fake-crash"
chmod +x "$T"/fake-*

run sh "$root/tests/run-unit.sh" "$T/fake-pass"
assert_eq "unit: all pass, exit 0" 0 "$RC"
assert_eq "unit: the last line counts the tests" "4 passed, 0 failed" "$(printf '%s\n' "$OUT" | tail -n 1)"
run sh "$root/tests/run-unit.sh" "$T/fake-pass" "$T/fake-fail"
assert_ne "unit: a failure fails" 0 "$RC"
assert_eq "unit: groups and programs summed" "7 passed, 2 failed" "$(printf '%s\n' "$OUT" | tail -n 1)"
run sh "$root/tests/run-unit.sh" "$T/fake-crash" "$T/fake-pass"
assert_ne "unit: a crash fails" 0 "$RC"
assert_eq "unit: a crash counts as a failure" "4 passed, 1 failed" "$(printf '%s\n' "$OUT" | tail -n 1)"

# A stand-in for make: each "target" prints what a suite prints.
cat >"$T/fake-make" <<'SH'
#!/bin/sh
case $1 in
ok) echo "10 passed, 0 failed" ;;
bad) echo "3 passed, 0 failed"; echo "8 passed, 2 failed"; exit 1 ;;
one) echo "checked" ;;
broken) echo "no rule" >&2; exit 2 ;;
esac
SH
chmod +x "$T/fake-make"
run sh "$root/tests/run-suites.sh" "$T/logs" "$T/fake-make" ok one
assert_eq "suites: all pass, exit 0" 0 "$RC"
assert_eq "suites: one last line sums them" "11 passed, 0 failed" "$(printf '%s\n' "$OUT" | tail -n 1)"
run sh "$root/tests/run-suites.sh" "$T/logs" "$T/fake-make" bad broken ok
assert_ne "suites: a failure fails" 0 "$RC"
assert_eq "suites: each suite's last count, a broken one as a failure" "18 passed, 3 failed" "$(printf '%s\n' "$OUT" | tail -n 1)"
assert_contains "suites: the one after a failure still ran" "$OUT" "ok 10 passed 0 failed"

# A tool the end-to-end tests need (groff, script, tmux) that is missing is
# a failure, never a block of tests skipped in silence: the suites run with
# a PATH that holds everything but those.
nobin=$T/nobin
mkdir -p "$nobin"
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
	for f in "$d"/*; do
		name=${f##*/}
		case $name in groff | script | tmux) continue ;; esac
		[ -x "$f" ] && [ ! -e "$nobin/$name" ] && ln -s "$f" "$nobin/$name"
	done
done
run env PATH="$nobin" bash "$E2E_DIR/run.sh" t-docs.sh t-assess.sh t-vault.sh t-crisis-everywhere.sh
assert_ne "missing tools: the suite fails" 0 "$RC"
assert_match "missing groff fails t-docs" 't-docs.sh: [0-9]+ passed, [1-9][0-9]* failed' "$OUT"
assert_contains "... and says what to install" "$OUT" "groff is needed"
assert_match "missing script fails t-assess" 't-assess.sh: [0-9]+ passed, [1-9][0-9]* failed' "$OUT"
assert_match "missing tmux fails t-vault" 't-vault.sh: [0-9]+ passed, [1-9][0-9]* failed' "$OUT"
assert_match "missing script fails t-crisis-everywhere" 't-crisis-everywhere.sh: [0-9]+ passed, [1-9][0-9]* failed' "$OUT"
for tool in groff-base bsdutils tmux; do
	assert_true "install-deps.sh installs $tool" grep -qw "$tool" "$root/scripts/install-deps.sh"
done

# make test's own recipe uses them.
assert_true "make test ends with the sum" grep -q 'tests/run-suites.sh' "$root/Makefile"

done_testing
