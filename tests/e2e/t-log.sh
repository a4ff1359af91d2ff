# t-log.sh — `haven log`: one-line capture, its JSON, times and refusals.
. "$E2E_DIR/lib.sh"

# The clock stands at Wednesday 2026-01-07 16:00 UTC (run.sh), after 14:10.
full_log=(log -i 7 -k partner-distance -k self-talk --thought "they're pulling away"
	--body "tight chest" --emotion fear --response "sent two more texts" --protest
	--recovered 45 --at "today 14:10" "no reply since lunch")

# --- one-line capture prints the new id ------------------------------------
check "log with every flag succeeds" haven "${full_log[@]}"
id=$OUT
assert_eq "log prints exactly one line" 1 "$(printf '%s\n' "$OUT" | wc -l)"
assert_eq "the id is 36 characters" 36 "${#id}"
assert_match "the id is a version-4 UUID" "$UUID_RE" "$id"
assert_eq "log says nothing on stderr" "" "$ERR"

check "the logged entry can be shown by its id" haven journal show "$id" --json
rec=$OUT
assert_eq "stored: id" "$id" "$(jget "$rec" '$.id')"
assert_eq "stored: kind" trigger "$(jget "$rec" '$.kind')"
assert_eq "stored: created is 14:10 that day" 2026-01-07T14:10:00.000Z "$(jget "$rec" '$.created')"
assert_eq "stored: updated is now" 2026-01-07T16:00:00.000Z "$(jget "$rec" '$.updated')"
assert_eq "stored: version 1" 1 "$(jget "$rec" '$.version')"
assert_eq "stored: not deleted" false "$(jtype "$rec" '$.deleted')"
assert_eq "stored: body.intensity" 7 "$(jget "$rec" '$.body.intensity')"
assert_eq "stored: body.triggers in order" '["partner-distance","self-talk"]' "$(jget "$rec" '$.body.triggers')"
assert_eq "stored: body.thoughts" "they're pulling away" "$(jget "$rec" '$.body.thoughts')"
assert_eq "stored: body.body" "tight chest" "$(jget "$rec" '$.body.body')"
assert_eq "stored: body.emotions" '["fear"]' "$(jget "$rec" '$.body.emotions')"
assert_eq "stored: body.response" "sent two more texts" "$(jget "$rec" '$.body.response')"
assert_eq "stored: body.response_type" protest "$(jget "$rec" '$.body.response_type')"
assert_eq "stored: body.recovered_minutes" 45 "$(jget "$rec" '$.body.recovered_minutes')"
assert_eq "stored: body.what from the words" "no reply since lunch" "$(jget "$rec" '$.body.what')"
assert_eq "stored: the body holds those fields and no others" \
	body,emotions,intensity,recovered_minutes,response,response_type,thoughts,triggers,what \
	"$(jkeys "$rec" '$.body')"

# --- --json prints the whole record -----------------------------------------
check "log --json succeeds" haven --json "${full_log[@]}"
rec=$OUT
assert_eq "--json: stdout is one JSON object" object "$(jtype "$rec" '$')"
assert_eq "--json: the record's fields" id,kind,created,updated,version,deleted,body "$(jkeys "$rec")"
assert_match "--json: id is a UUID" "$UUID_RE" "$(jget "$rec" '$.id')"
assert_ne "--json: a second entry gets a new id" "$id" "$(jget "$rec" '$.id')"
assert_eq "--json: body.intensity" 7 "$(jget "$rec" '$.body.intensity')"
assert_eq "--json: body.intensity is a number" integer "$(jtype "$rec" '$.body.intensity')"
assert_eq "--json: body.triggers" '["partner-distance","self-talk"]' "$(jget "$rec" '$.body.triggers')"
assert_eq "--json: body.response_type" protest "$(jget "$rec" '$.body.response_type')"
assert_eq "--json: body.recovered_minutes" 45 "$(jget "$rec" '$.body.recovered_minutes')"
assert_eq "--json: created 14:10 local" 2026-01-07T14:10:00.000Z "$(jget "$rec" '$.created')"
json_id=$(jget "$rec" '$.id')
check "the --json entry is stored as printed" haven --json journal show "$json_id"
assert_eq "--json output equals what journal show prints" "$rec" "$OUT"

# --json may also follow the command.
check "log ... --json after the command" haven log -i 2 --json "late json"
assert_eq "--json after the command: JSON out" "late json" "$(jget "$OUT" '$.body.what')"

# --- created is local wall time with the local offset -----------------------
check "Berlin summer: today 14:10" env TZ=Europe/Berlin HAVEN_NOW=2026-07-01T16:00:00Z \
	"$HAVEN" --json log -i 3 --at "today 14:10" berlin
assert_eq "Berlin summer: 14:10 at +02:00" 2026-07-01T14:10:00.000+02:00 "$(jget "$OUT" '$.created')"
check "New York winter: today 14:10" env TZ=America/New_York HAVEN_NOW=2026-01-07T20:00:00Z \
	"$HAVEN" --json log -i 3 --at "today 14:10" nyc
assert_eq "New York winter: 14:10 at -05:00" 2026-01-07T14:10:00.000-05:00 "$(jget "$OUT" '$.created')"
check "Kolkata: half-hour offset" env TZ=Asia/Kolkata HAVEN_NOW=2026-01-07T16:00:00Z \
	"$HAVEN" --json log -i 3 --at "today 9:05am" india
assert_eq "Kolkata: 09:05 at +05:30" 2026-01-07T09:05:00.000+05:30 "$(jget "$OUT" '$.created')"

# --- other ways to say when --------------------------------------------------
when_is() { # when_is TEXT EXPECTED-CREATED
	check "--at \"$1\" is accepted" haven --json log -i 4 --at "$1" "at $1"
	assert_eq "--at \"$1\" means $2" "$2" "$(jget "$OUT" '$.created')"
}
when_is "2h ago" 2026-01-07T14:00:00.000Z
when_is "yesterday 8am" 2026-01-06T08:00:00.000Z
when_is "monday 9:30" 2026-01-05T09:30:00.000Z
when_is "2026-01-05 14:10" 2026-01-05T14:10:00.000Z
when_is "now" 2026-01-07T16:00:00.000Z
check "without --at the entry is created now" haven --json log -i 4 "no at"
assert_eq "without --at: created = HAVEN_NOW" 2026-01-07T16:00:00.000Z "$(jget "$OUT" '$.created')"
check "HAVEN_NOW as milliseconds" env HAVEN_NOW=1767801600000 "$HAVEN" --json log -i 4 ms
assert_eq "HAVEN_NOW in ms fixes the clock" 2026-01-07T16:00:00.000Z "$(jget "$OUT" '$.created')"

# --- tidying of what was typed ----------------------------------------------
check "log with list flags and own words" haven --json log --intensity 5 --emotion "On Edge" \
	--emotion "  my own word " --did extra-texts --did breathed --soothing \
	--response "  walked it off  " --thought "   " -k work "  trimmed what  "
rec=$OUT
assert_eq "an emotion label maps to its id" '["on-edge","my own word"]' "$(jget "$rec" '$.body.emotions')"
assert_eq "--did builds the responses list" '["extra-texts","breathed"]' "$(jget "$rec" '$.body.responses')"
assert_eq "--soothing sets response_type" soothing "$(jget "$rec" '$.body.response_type')"
assert_eq "text is trimmed" "walked it off" "$(jget "$rec" '$.body.response')"
assert_eq "what is trimmed" "trimmed what" "$(jget "$rec" '$.body.what')"
assert_eq "a blank thought is dropped" absent "$(jtype "$rec" '$.body.thoughts')"
check "after -- a word that looks like an option is text" haven log -i 5 -- --json
check "  ... and was saved as what" haven journal show "$OUT" --json
assert_eq "-- then --json: what is \"--json\"" "--json" "$(jget "$OUT" '$.body.what')"
check "UTF-8 text is kept" haven --json log -i 6 "café 😊 naïve"
assert_eq "UTF-8 what round-trips" "café 😊 naïve" "$(jget "$OUT" '$.body.what')"

# --- --db names the database ------------------------------------------------
check "--db PATH wins over HAVEN_DB" haven --db "$T/other.db" log -i 3 "other db"
other_id=$OUT
assert_true "--db created that file" test -f "$T/other.db"
check "--db=PATH form" haven --db="$T/other.db" --json journal
assert_eq "the --db database holds its entry" "$other_id" "$(jget "$OUT" '$[0].id')"
check_fails 1 "the HAVEN_DB database does not have it" haven journal show "$other_id"

# --- the default place, private ---------------------------------------------
check "with no --db or HAVEN_DB the XDG place is used" env -u HAVEN_DB XDG_DATA_HOME="$T/xdg" \
	"$HAVEN" log -i 3 "default place"
assert_true "database at \$XDG_DATA_HOME/haven/haven.db" test -f "$T/xdg/haven/haven.db"
assert_eq "the database file is 0600" 600 "$(file_mode "$T/xdg/haven/haven.db")"
assert_eq "its new folder is 0700" 700 "$(file_mode "$T/xdg/haven")"
check "without XDG_DATA_HOME: ~/.local/share/haven" env -u HAVEN_DB -u XDG_DATA_HOME \
	HOME="$T/home" "$HAVEN" log -i 3 "home place"
assert_true "database at ~/.local/share/haven/haven.db" test -f "$T/home/.local/share/haven/haven.db"
assert_eq "HAVEN_DB's file is 0600 too" 600 "$(file_mode "$HAVEN_DB")"

# --- no terminal and no -i: nothing can be asked -----------------------------
fresh=$T/fresh.db
check_fails 2 "no terminal, no -i: usage error" env HAVEN_DB="$fresh" "$HAVEN" log "no reply since lunch"
assert_contains "no terminal: the message says why" "$ERR" "not on a terminal"
assert_contains "no terminal: the message names -i" "$ERR" "-i N"
assert_eq "no terminal: nothing printed on stdout" "" "$OUT"
assert_eq "no terminal: no database was even created" absent "$(db_hash "$fresh")"
before=$(db_hash)
check_fails 2 "no terminal, no -i, existing database" haven log --thought "x" what
assert_eq "no terminal: the database is unchanged" "$before" "$(db_hash)"

# --- how many entries exist now ----------------------------------------------
check "journal --json lists everything logged above" haven --json journal --limit 1000
assert_eq "every successful log is there (and nothing else)" 16 "$(jlen "$OUT")"

done_testing
