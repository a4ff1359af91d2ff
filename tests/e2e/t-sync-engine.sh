# t-sync-engine.sh — issue 20's "bad sync engine" (the driver is
# sync-sim.py): three devices, each with its own folder, and a sync engine
# between them that delivers the other devices' files in random order,
# twice over, and half written under their final names, completed only
# later.  haven applies only whole files, refusing the rest until they are
# whole: every device ends with an identical export, no acknowledged edit
# lost without a kept revision, no database damaged.
. "$E2E_DIR/lib.sh"
. "$E2E_DIR/sync-sim.sh"

sim engine 2 90
assert_ne "engine: half files were met (and refused)" 0 "$(jget "$R" '$.refusals')"
sim engine 3 90

done_testing
