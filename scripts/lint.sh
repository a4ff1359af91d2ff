#!/bin/sh
# lint.sh — what `make lint` holds: the C sources as clang-format writes them
# (.clang-format, Debian's clang-format 14), the web app's JavaScript and the
# browser tests as Prettier writes them (.prettierrc.json) and clean under
# ESLint's recommended rules (tests/browser/eslint.config.mjs), and the
# include layering of src/ (tests/layering.sh).  Prettier and ESLint are
# dev dependencies of the browser tests, installed from their lock file.
# `make format` rewrites what the first two check.  Exit status 1 when
# anything is off, with what and where.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
status=0

c_files=$(find src tests/unit bench tools fuzz -name '*.[ch]' | sort)
# shellcheck disable=SC2086 # a list of paths without spaces
if ! clang-format --dry-run -Werror $c_files; then
	echo "lint: C sources differ from clang-format's layout (make format rewrites them)" >&2
	status=1
fi

if [ ! -x tests/browser/node_modules/.bin/prettier ] || [ ! -x tests/browser/node_modules/.bin/eslint ]; then
	(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) || exit 1
fi
bin=tests/browser/node_modules/.bin
if ! "$bin/prettier" --check --log-level warn "web/**/*.js" "tests/browser/*.mjs"; then
	echo "lint: JavaScript differs from Prettier's layout (make format rewrites it)" >&2
	status=1
fi
if ! "$bin/eslint" -c tests/browser/eslint.config.mjs "web/**/*.js" "tests/browser/*.mjs"; then
	echo "lint: ESLint found problems in the JavaScript (above)" >&2
	status=1
fi

if ! sh tests/layering.sh >/dev/null; then
	sh tests/layering.sh | grep -v '^ok' >&2
	status=1
fi
[ "$status" -eq 0 ] && echo "lint: clean"
exit "$status"
