# t-sync-web.sh — sync in the web API (GET and PUT /api/sync), with curl
# against a running server: the status before a folder is named, a switch
# refused until then, the folder, this device and the others as `haven
# sync` leaves them, when this device last synced, sync.auto switched from
# the web and seen by `haven config get` and the other way round, an entry
# written in the web app reaching another device once the switch is on,
# bad bodies and writes without the CSRF token refused with nothing
# changed, and a folder gone said in words rather than failing the page.
. "$E2E_DIR/lib.sh"

export HAVEN_TEST_KDF_FAST=1
unset HAVEN_NOW # the server's own clock
F=$T/folder
mkdir -p "$F"
other() { env HAVEN_DB="$T/other.db" "$HAVEN" "$@"; }
send_type=application/json
serve_start

# --- before a folder is named --------------------------------------------------------
assert_eq "GET /api/sync: 200" 200 "$(status "$base/api/sync")"
assert_eq "not set up" false "$(jtype "$(body)" '$.set_up')"
assert_eq "no folder" null "$(jtype "$(body)" '$.folder')"
assert_eq "no device" null "$(jtype "$(body)" '$.device')"
assert_eq "never synced" null "$(jtype "$(body)" '$.last_sync')"
assert_eq "off" false "$(jtype "$(body)" '$.auto')"
assert_eq "no other devices" 0 "$(jlen "$(body)" '$.devices')"
assert_eq "the page's words come with it" "$(jget "$(cat "$E2E_DIR/../../data/sync.json")" '$.web.title')" \
	"$(jget "$(body)" '$.words.title')"
assert_eq "the command that names a folder, from the action the words name" \
	"haven sync init FOLDER" "$(jget "$(body)" '$.init_command')"
assert_eq "... which the words name by id, not as a command" sync-init "$(jget "$(body)" '$.words.not_set_up_action.do')"
assert_eq "the command that syncs now, likewise" "haven sync" "$(jget "$(body)" '$.sync_command')"
assert_eq "... named by id too" sync "$(jget "$(body)" '$.words.sync_action.do')"
before=$(db_content)
assert_eq "switching on before a folder is named: 400" 400 "$(send PUT -d '{"auto":true}' "$base/api/sync")"
assert_contains "... says how to start" "$(body)" "haven sync init FOLDER"
assert_eq "... and changes nothing" "$before" "$(db_content)"
assert_eq "switching off is always fine: 200" 200 "$(send PUT -d '{"auto":false}' "$base/api/sync")"
assert_eq "... and off it is" false "$(jtype "$(body)" '$.auto')"

# --- set up from the CLI, seen in the web --------------------------------------------
check "the CLI names the folder" haven sync init "$F"
check "the other device names it too" other sync init "$F"
check "... writes an entry" other log -i 3 "written on the other device"
check "... and syncs" other --json sync
OTHER=$(jget "$OUT" '$.device')
assert_eq "GET: 200" 200 "$(status "$base/api/sync")"
assert_eq "set up" true "$(jtype "$(body)" '$.set_up')"
assert_eq "the folder as the CLI named it" "$F" "$(jget "$(body)" '$.folder')"
ME=$(jget "$(body)" '$.device')
assert_match "this device's id" '^[0-9a-f]{16}$' "$ME"
assert_ne "... not the other's" "$OTHER" "$ME"
assert_eq "not synced yet" null "$(jtype "$(body)" '$.last_sync')"
assert_eq "one other device" "$OTHER" "$(jget "$(body)" '$.devices[0].device')"
assert_eq "... none of its files applied here yet" 0 "$(jget "$(body)" '$.devices[0].applied')"
assert_match "... and when it last wrote to the folder" '^20[0-9]{2}-' "$(jget "$(body)" '$.devices[0].last_seen')"
assert_eq "no problem" null "$(jtype "$(body)" '$.problem')"
check "this device syncs from the CLI" haven --json sync
assert_eq "... as the device the web names" "$ME" "$(jget "$OUT" '$.device')"
status "$base/api/sync" >/dev/null
assert_match "last synced, now" '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T' "$(jget "$(body)" '$.last_sync')"
assert_eq "the other device's file applied" 1 "$(jget "$(body)" '$.devices[0].applied')"

# --- the switch: web and CLI see each other's -------------------------------------------
assert_eq "PUT on: 200" 200 "$(send PUT -d '{"auto":true}' "$base/api/sync")"
assert_eq "... answers with the status, on" true "$(jtype "$(body)" '$.auto')"
assert_eq "... and the same folder" "$F" "$(jget "$(body)" '$.folder')"
check "config get sync.auto" haven config get sync.auto
assert_eq "the CLI sees the web's switch" on "$OUT"
assert_eq "POST off: 200" 200 "$(send POST -d '{"auto":false}' "$base/api/sync")"
check "config get sync.auto" haven config get sync.auto
assert_eq "the CLI sees it off" off "$OUT"
check "the CLI turns it on" haven config set sync.auto on
status "$base/api/sync" >/dev/null
assert_eq "the web sees the CLI's switch" true "$(jtype "$(body)" '$.auto')"

# --- on, a write in the web app goes to the other device --------------------------------
assert_eq "an entry from the web app: 201" 201 \
	"$(send POST -d '{"intensity":4,"what":"written in the web app"}' "$base/api/journal")"
ID=$(jget "$(body)" '$.id')
check "the other device syncs" other sync
check "... and has the web app's entry" other --json journal show "$ID"
assert_eq "... with its words" "written in the web app" "$(jget "$OUT" '$.body.what')"

# --- bad bodies and missing tokens: refused, nothing changes ----------------------------
before=$(db_content)
for b in '{"auto":"on"}' '{"auto":1}' '{"auto":null}' '{}' '{"auto":true,"folder":"/tmp"}' \
	'{"auto":true,"auto":false}' '[true]' 'on'; do
	assert_eq "$b: 400" 400 "$(send PUT -d "$b" "$base/api/sync")"
	assert_contains "... says what to send" "$(body)" '{\"auto\": true}'
done
assert_eq "without the CSRF token: 403" 403 \
	"$(status -X PUT -H "Origin: $base" -H "Content-Type: application/json" -d '{"auto":false}' "$base/api/sync")"
assert_eq "DELETE is not a method here: 405" 405 "$(send DELETE "$base/api/sync")"
assert_eq "the refusals changed nothing" "$before" "$(db_content)"
check "config get sync.auto" haven config get sync.auto
assert_eq "still on" on "$OUT"

# --- the folder gone: said, not failed ---------------------------------------------------
mv "$F" "$T/moved"
assert_eq "GET with the folder gone: 200" 200 "$(status "$base/api/sync")"
assert_contains "the problem names the folder" "$(jget "$(body)" '$.problem')" "$F"
assert_eq "still set up" true "$(jtype "$(body)" '$.set_up')"
assert_eq "no devices shown" 0 "$(jlen "$(body)" '$.devices')"
mv "$T/moved" "$F"

serve_stop
done_testing
