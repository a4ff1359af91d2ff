# t-sync-devices.sh — issue 20's simulation (the driver is sync-sim.py):
# three devices of one journal with random new entries, edits, deletes and
# purges, clocks off by up to an hour either way, syncing in random order
# through one shared folder.  Every device must end with an identical
# export, no acknowledged edit may be lost without a kept revision, and no
# database may be damaged.  t-sync-engine.sh runs it through a bad sync
# engine; sync-sim.sh holds what both share.
. "$E2E_DIR/lib.sh"
. "$E2E_DIR/sync-sim.sh"

sim shared 7 120
sim shared 11 180

done_testing
