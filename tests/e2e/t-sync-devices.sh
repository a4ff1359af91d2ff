# t-sync-devices.sh — issue 20's simulations (the driver is sync-sim.py):
# three devices of one journal with random new entries, edits, deletes and
# purges, clocks off by up to an hour either way, syncing in random order.
# Through one shared folder, and through a bad sync engine that delivers
# the other devices' files in random order, twice over, and half written
# under their final names.  Every device must end with an identical export,
# no acknowledged edit may be lost without a kept revision, no database may
# be damaged, and a half file is only ever refused, never applied.
. "$E2E_DIR/lib.sh"

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

sim shared 7 150
sim shared 11 250
sim engine 2 100
assert_ne "engine: half files were met (and refused)" 0 "$(jget "$R" '$.refusals')"
sim engine 3 100

done_testing
