# t-web-settings.sh — the region setting and the help directory in the web
# API, with curl against a running server: the list of regions, a choice
# saved from the web seen by `haven config get region` and the other way
# round, the CLI's checks and words for a bad region, writes refused without
# the CSRF token, the crisis notice following the choice, and GET /api/help
# giving the same directory as the notice.
. "$E2E_DIR/lib.sh"

unset HAVEN_NOW # the server's own clock
serve_start

send_type=application/json
codes() { jmap "$1" '$.regions' code | tr '\n' ' '; }

# --- reading: nothing set, the C locale names no country -------------------
assert_eq "region: 200" 200 "$(status "$base/api/settings/region")"
assert_eq "nothing set: region is null" null "$(jtype "$(body)" '$.region')"
assert_eq "nothing set: the international directory is shown" null "$(jtype "$(body)" '$.showing')"
assert_eq "the C locale names no country" null "$(jtype "$(body)" '$.locale')"
list=$(codes "$(body)")
for c in US CA UK IE AU NZ IN ZA DE FR ES IT NL PL BE SE AT PT DK FI NO CH; do
	assert_contains "regions list $c" " $list" " $c "
done
assert_eq "every region has a name" "" "$(jmap "$(body)" '$.regions' name | grep -c '^$' | grep -v '^0$')"
assert_eq "sorted by name: Australia first" Australia "$(jget "$(body)" '$.regions[0].name')"
assert_eq "aliases are not listed twice" "" "$(printf '%s' "$list" | tr ' ' '\n' | grep -x GB)"

# --- the web chooses, the CLI sees it ---------------------------------------
assert_eq "PUT a region: 200" 200 "$(send PUT -d '{"region":"de"}' "$base/api/settings/region")"
assert_eq "kept upper case" DE "$(jget "$(body)" '$.region')"
assert_eq "and shown" DE "$(jget "$(body)" '$.showing')"
check "config get region" haven config get region
assert_eq "the CLI sees the web's choice" DE "$OUT"
check "a crisis entry from the CLI" haven log --json -i 9 "I want to kill myself"
assert_eq "its lines are Germany's" DE "$(jget "$OUT" '$.resources.region')"
assert_eq "POST works the same: 200" 200 "$(send POST -d '{"region":"GB"}' "$base/api/settings/region")"
assert_eq "an alias is kept as written" GB "$(jget "$(body)" '$.region')"
assert_eq "and shows the United Kingdom's lines" UK "$(jget "$(body)" '$.showing')"

# --- the CLI chooses, the web sees it ---------------------------------------
check "config set region from the CLI" haven config set region nz
status "$base/api/settings/region" >/dev/null
assert_eq "the web sees the CLI's choice" NZ "$(jget "$(body)" '$.region')"
check "config unset region" haven config unset region
status "$base/api/settings/region" >/dev/null
assert_eq "and its forgetting" null "$(jtype "$(body)" '$.region')"

# --- the crisis notice follows the web's choice -------------------------------
send PUT -d '{"region":"UK"}' "$base/api/settings/region" >/dev/null
assert_eq "a crisis entry: 201" 201 "$(send POST -d '{"intensity":9,"what":"I want to kill myself"}' "$base/api/journal")"
notice=$(body)
assert_eq "crisis is true" true "$(jtype "$notice" '$.crisis')"
assert_eq "the UK's lines" UK "$(jget "$notice" '$.resources.region')"
assert_eq "the emergency number to dial" 999 "$(jget "$notice" '$.resources.emergency_call')"
assert_eq "Samaritans, to call" "116 123" "$(jget "$notice" '$.resources.lines[0].call')"
assert_eq "Shout, to text, with its word" SHOUT "$(jget "$notice" '$.resources.lines[1].text_body')"
assert_eq "the international directory too" "https://findahelpline.com" "$(jget "$notice" '$.elsewhere.lines[0].web')"
assert_contains "a line for when someone is hurting you" "$(jmap "$notice" '$.resources.lines' for)" violence

# --- bad regions: refused with the CLI's words, nothing changes --------------
before=$(db_content)
assert_eq "Narnia: 400" 400 "$(send PUT -d '{"region":"Narnia"}' "$base/api/settings/region")"
assert_contains "says what a region is" "$(body)" "two-letter country code"
assert_contains "and names what was sent" "$(body)" "Narnia"
run haven config set region Narnia
assert_contains "the same words as the CLI" "$ERR" "region must be a two-letter country code such as US, UK or DE"
assert_eq "digits: 400" 400 "$(send PUT -d '{"region":"12"}' "$base/api/settings/region")"
assert_eq "a number: 400" 400 "$(send PUT -d '{"region":44}' "$base/api/settings/region")"
assert_eq "no region key: 400" 400 "$(send PUT -d '{"country":"UK"}' "$base/api/settings/region")"
assert_eq "not JSON: 400" 400 "$(send PUT -d 'UK' "$base/api/settings/region")"
assert_eq "without the CSRF token: 403" 403 "$(status -X PUT -H "Origin: $base" -d '{"region":"US"}' "$base/api/settings/region")"
assert_eq "from another origin: 403" 403 "$(status -X PUT -H "Origin: http://evil.example" -H "X-CSRF-Token: $csrf" -d '{"region":"US"}' "$base/api/settings/region")"
assert_eq "DELETE is not a method here: 405" 405 "$(send DELETE "$base/api/settings/region")"
assert_eq "the refusals changed nothing" "$before" "$(db_content)"
check "config get region" haven config get region
assert_eq "still the UK" UK "$OUT"

# --- a country with no list yet, then forgetting ------------------------------
assert_eq "JP: 200" 200 "$(send PUT -d '{"region":"jp"}' "$base/api/settings/region")"
assert_eq "kept" JP "$(jget "$(body)" '$.region')"
assert_eq "the international directory is shown" null "$(jtype "$(body)" '$.showing')"
assert_contains "and says so" "$(jget "$(body)" '$.note')" "international directory"
assert_eq "null forgets it: 200" 200 "$(send PUT -d '{"region":null}' "$base/api/settings/region")"
assert_eq "forgotten" null "$(jtype "$(body)" '$.region')"
check "config get region" haven config get region
assert_eq "the CLI has nothing set either" "" "$OUT"

# --- the help directory --------------------------------------------------------
assert_eq "help: 200" 200 "$(status "$base/api/help")"
assert_eq "nothing set: the international directory" null "$(jtype "$(body)" '$.resources.region')"
assert_eq "not a crisis: nobody wrote anything" absent "$(jtype "$(body)" '$.crisis')"
assert_eq "help for Ireland: 200" 200 "$(status "$base/api/help?region=ie")"
assert_eq "Ireland's lines" IE "$(jget "$(body)" '$.resources.region')"
assert_eq "Ireland's emergency number" 112 "$(jget "$(body)" '$.resources.emergency_call')"
assert_eq "help for nowhere: 400" 400 "$(status "$base/api/help?region=Narnia")"
check "config set region AU" haven config set region AU
status "$base/api/help" >/dev/null
assert_eq "help follows the setting" AU "$(jget "$(body)" '$.resources.region')"
assert_eq "Lifeline's number" "13 11 14" "$(jget "$(body)" '$.resources.lines[0].call')"
serve_stop

# --- the locale's country, when nothing is chosen ------------------------------
check "config unset region" haven config unset region
serve_start LC_ALL=en_GB.UTF-8
status "$base/api/settings/region" >/dev/null
assert_eq "the locale names a country" GB "$(jget "$(body)" '$.locale')"
assert_eq "whose lines are the UK's" UK "$(jget "$(body)" '$.locale_region')"
assert_eq "and shown while nothing is chosen" UK "$(jget "$(body)" '$.showing')"
assert_eq "nothing is chosen" null "$(jtype "$(body)" '$.region')"
send PUT -d '{"region":"ZZ"}' "$base/api/settings/region" >/dev/null
assert_eq "ZZ: somewhere else, the international directory" null "$(jtype "$(body)" '$.showing')"
serve_stop

done_testing
