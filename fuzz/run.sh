#!/bin/sh
# Build every fuzz/fuzz_*.c with clang's libFuzzer, AddressSanitizer and
# UBSan, and run each for FUZZ_SECONDS (default 60) from its seed corpus in
# fuzz/corpus/NAME.  New inputs found go to build-fuzz/corpus/NAME so the
# checked-in seeds stay small; a crash leaves its input in build-fuzz/ and
# fails the run.  `make fuzz` runs it; CI runs it with a short budget.
# FUZZ_SEED=N fixes libFuzzer's random seed, so a short run explores the
# same inputs on every machine (CI's bounded run; `make fuzz` alone draws a
# new seed each time, to keep finding new ones).  FUZZ_ONLY=NAME runs one
# target; FUZZ_OUT=DIR builds and runs in DIR
# instead of build-fuzz, so two runs side by side do not share objects.
set -eu
secs=${FUZZ_SECONDS:-60}
seed=${FUZZ_SEED:+-seed=$FUZZ_SEED}
out=${FUZZ_OUT:-build-fuzz}
root=$(pwd)
mkdir -p "$out/obj"
flags="-g -O1 -std=c11 -D_GNU_SOURCE -Isrc -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
pkgs="sqlite3 libsodium jansson libutf8proc libzip libmicrohttpd pangocairo"
soname() { objdump -p "$(pkg-config --variable=libdir "$1")/$1.so" | sed -n 's/^ *SONAME *//p'; }
cflags="$flags $(pkg-config --cflags $pkgs) -DHV_MHD_SONAME=\"$(soname libmicrohttpd)\" -DHV_ZIP_SONAME=\"$(soname libzip)\""
libs="$(pkg-config --libs $pkgs) -lstemmer -lkeyutils -lm"

# The library once, with coverage instrumentation.
objs=""
# The library, and the web layer (no main of its own) for the API target.
# A changed header rebuilds everything: a struct may have changed shape.
newest_header=$(ls -t src/*/*.h | head -n 1)
for src in $(ls src/*/*.c | grep -v -e '^src/cli/'); do
	obj="$out/obj/$(echo "$src" | tr / _).o"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$newest_header" -nt "$obj" ]; then
		clang $cflags -c "$src" -o "$obj"
	fi
	objs="$objs $obj"
done
sh scripts/embed-content.sh $(find data -type f \( -name '*.json' -o -name '*.tsv' \) | sort) > "$out/content-blob.S"
clang -c "$out/content-blob.S" -o "$out/obj/content-blob.o"
sh scripts/embed-content.sh -t hv_asset_table -p web/ $(find web -type f | sort) > "$out/web-assets.S"
clang -c "$out/web-assets.S" -o "$out/obj/web-assets.o"
sh scripts/list-schemas.sh $(ls src/*/schema.c) > "$out/schemas.c"
clang $cflags -c "$out/schemas.c" -o "$out/obj/schemas.o"
objs="$objs $out/obj/content-blob.o $out/obj/web-assets.o $out/obj/schemas.o"

status=0
for target in fuzz/fuzz_*.c; do
	name=$(basename "$target" .c)
	# FUZZ_ONLY=fuzz_api runs just that one.
	[ -z "${FUZZ_ONLY:-}" ] || [ "$FUZZ_ONLY" = "$name" ] || continue
	clang $cflags -fsanitize=fuzzer "$target" $objs $libs -o "$out/$name"
	mkdir -p "$out/corpus/$name" "fuzz/corpus/$name"
	echo "fuzz: $name for ${secs}s"
	if ! (cd "$out" && ASAN_OPTIONS=detect_leaks=1 "./$name" -max_total_time="$secs" $seed \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
		"corpus/$name" "$root/fuzz/corpus/$name" >"$name.log" 2>&1); then
		echo "fuzz: $name FAILED; see $out/$name.log" >&2
		tail -40 "$out/$name.log" >&2
		status=1
	else
		grep -E "^#[0-9]+.*(DONE|pulse)" "$out/$name.log" | tail -1 || true
	fi
done
exit $status
