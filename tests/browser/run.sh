#!/bin/sh
# Browser tests: install the npm test tools (from the lock file) when
# missing, then run every *.test.mjs with node's test runner against the
# haven binary in $HAVEN.  Screenshots land in tests/artifacts/.
set -eu
cd "$(dirname "$0")"
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
	npm ci --no-audit --no-fund --loglevel=error
fi
exec node --test --test-concurrency=1 ./*.test.mjs
