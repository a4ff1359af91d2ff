# sync-sim.sh — sourced by t-sync-devices.sh and t-sync-engine.sh: one run
# of sync-sim.py and what must hold after it.

sim() { # sim MODE SEED STEPS
	local w=$T/$1-$2
	mkdir -m 700 "$w"
	run python3 "$E2E_DIR/sync-sim.py" "$1" "$2" "$3" "$w"
	assert_eq "$1 seed $2: the simulation ran" 0 "$RC"
	[ "$RC" -eq 0 ] || { printf '%s\n' "$ERR" >&2; return; }
	R=$OUT
	assert_eq "$1 seed $2: all three exports identical" 1 "$(jget "$R" '$.converged')"
	assert_eq "$1 seed $2: no acknowledged edit lost" '[]' "$(jget "$R" '$.lost')"
	assert_eq "$1 seed $2: no sync failed" '[]' "$(jget "$R" '$.sync_failures')"
	assert_eq "$1 seed $2: no database damaged" '[]' "$(jget "$R" '$.damaged')"
	assert_ne "$1 seed $2: edits were made" 0 "$(jget "$R" '$.edits')"
	[ "$1" = engine ] ||
		assert_ne "$1 seed $2: and conflicts met" 0 "$(jget "$R" '$.conflicts')"
}
