#!/bin/sh
# list-schemas.sh — the table of every module's migrations, as C.
#
#   sh scripts/list-schemas.sh src/core/schema.c src/chat/schema.c ... > schemas.c
#
# Each src/NAME/schema.c defines `const struct hv_schema hv_schema_NAME`
# (src/core/schema.h); this writes hv_schemas, which lists them all, so the
# store runs every module's steps while core names none of them.
set -eu
echo '/* Made by scripts/list-schemas.sh from the modules'"'"' schema.c files. */'
echo '#include "core/schema.h"'
echo
for f in "$@"; do
	name=$(basename "$(dirname "$f")")
	echo "extern const struct hv_schema hv_schema_$name;"
done
echo
echo 'const struct hv_schema *const hv_schemas[] = {'
for f in "$@"; do
	name=$(basename "$(dirname "$f")")
	echo "    &hv_schema_$name,"
done
echo '    NULL,'
echo '};'
