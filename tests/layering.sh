#!/bin/sh
# layering.sh — the include layering of src/, held as a test.
#
#   sh tests/layering.sh
#
# Each folder of src/ is a layer; a file may include headers of its own
# folder, of the folders its layer is allowed below, and of outside
# libraries, nothing else.  core knows no feature; a feature knows core and
# the features written down for it here (docs/ARCHITECTURE.md says why);
# the front ends, cli and web, may use any feature, and the library never
# uses them.  One line per folder, then "N passed, M failed".
set -u
root=$(cd "$(dirname "$0")/.." && pwd)

allowed() {
	case $1 in
	core) echo "" ;;
	assess | chat | checkin | journal | learn | patterns | practice | safety) echo "core" ;;
	report) echo "core assess chat insight journal patterns thought" ;;
	coach | thought) echo "core patterns" ;;
	insight) echo "core chat checkin coach journal practice" ;;
	growth) echo "core checkin coach journal practice" ;;
	transfer) echo "core assess chat checkin coach growth journal practice report safety thought" ;;
	sync) echo "core transfer" ;;
	web) echo "core assess chat checkin coach growth insight journal learn patterns practice report safety sync thought transfer" ;;
	cli) echo "core assess chat checkin coach growth insight journal learn patterns practice report safety sync thought transfer web" ;;
	*) echo "?" ;;
	esac
}

pass=0 fail=0
for dir in "$root"/src/*/; do
	layer=$(basename "$dir")
	ok=$(allowed "$layer")
	if [ "$ok" = "?" ]; then
		echo "FAIL $layer: a folder of src/ with no place in the layering (add it to tests/layering.sh and docs/ARCHITECTURE.md)"
		fail=$((fail + 1))
		continue
	fi
	bad=""
	for f in "$dir"*.c "$dir"*.h; do
		[ -f "$f" ] || continue
		# "area/file.h" names another folder; a bare "file.h" is this one's.
		for used in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
			case $used in
			../* | */../*)
				bad="$bad ${f#"$root"/} reaches outside its folder with $used;" ;;
			core/*-private.h)
				# The store's and the vault's insides are core's alone; a
				# module with tables of its own uses core/store-db.h.
				[ "$layer" = core ] || bad="$bad ${f#"$root"/} includes $used, which is core's own;" ;;
			*/*)
				area=${used%%/*}
				[ "$area" = "$layer" ] && continue
				case " $ok " in
				*" $area "*) ;;
				*) bad="$bad ${f#"$root"/} includes $used;" ;;
				esac ;;
			esac
		done
	done
	if [ -n "$bad" ]; then
		echo "FAIL $layer (may use: ${ok:-nothing}):$bad"
		fail=$((fail + 1))
	else
		echo "ok   $layer"
		pass=$((pass + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
