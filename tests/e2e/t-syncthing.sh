# t-syncthing.sh — `haven sync` through two real Syncthing instances
# (Debian's syncthing), on 127.0.0.1 only: no discovery, no relays, no NAT,
# no usage reports, no upgrades, each with its own config folder.  An entry
# written on one device appears on the other after `haven sync`, and back.
# The test starts and stops the instances itself.  Without syncthing it
# fails (scripts/install-deps.sh installs it), never skips in silence.
. "$E2E_DIR/lib.sh"

if ! command -v syncthing >/dev/null 2>&1; then
	assert_true "syncthing is installed (scripts/install-deps.sh)" false
	done_testing
	exit
fi
export STNOUPGRADE=1 STNODEFAULTFOLDER=1
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=""
stop_all() { for p in $pids; do serve_stop "$p"; done; }
trap stop_all EXIT

for i in 1 2; do
	mkdir -p "st$i/sync"
	mkdir "st$i/sync/.stfolder"
	run syncthing generate --home="$T/st$i/home" --no-default-folder --skip-port-probing
	assert_eq "syncthing $i: keys made" 0 "$RC"
	eval "id$i=\$(printf '%s\n' \"\$OUT\" \"\$ERR\" | sed -n 's/.*Device ID: \([A-Z0-9-]*\).*/\1/p' | head -n 1)"
	eval "port$i=$(free_port) gui$i=$(free_port)"
done
assert_match "two device ids" '^[A-Z0-9-]{50,}$' "$id1"
write_config() { # write_config I
	local me=$1 listen gui
	eval "listen=\$port$me gui=\$gui$me"
	cat >"st$me/home/config.xml" <<XML
<configuration version="36">
    <folder id="haven" label="haven" path="$T/st$me/sync" type="sendreceive" rescanIntervalS="1" fsWatcherEnabled="false">
        <device id="$id1"></device>
        <device id="$id2"></device>
    </folder>
    <device id="$id1" name="one" compression="metadata"><address>tcp://127.0.0.1:$port1</address></device>
    <device id="$id2" name="two" compression="metadata"><address>tcp://127.0.0.1:$port2</address></device>
    <gui enabled="true" tls="false"><address>127.0.0.1:$gui</address><apikey>haven-test-$me</apikey></gui>
    <options>
        <listenAddress>tcp://127.0.0.1:$listen</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <startBrowser>false</startBrowser>
        <reconnectionIntervalS>1</reconnectionIntervalS>
    </options>
</configuration>
XML
}
for i in 1 2; do
	write_config $i
	syncthing serve --home="$T/st$i/home" --no-browser --no-restart >"st$i.log" 2>&1 &
	pids="$pids $!"
done

# wait_for FILE: up to 90 s for the other instance to deliver it.
wait_for() {
	for _ in $(seq 180); do [ -e "$1" ] && return 0; sleep 0.5; done
	return 1
}
one() { env HAVEN_DB="$T/one.db" "$HAVEN" "$@"; }
two() { env HAVEN_DB="$T/two.db" "$HAVEN" "$@"; }

check "one writes" one log -i 4 "written on the first computer"
check "one names the synced folder" one sync init "$T/st1/sync"
check "one syncs" one --json sync
D1=$(jget "$OUT" '$.device')
assert_true "syncthing carries the folder's file over" wait_for "$T/st2/sync/haven-sync.json"
assert_true "... and one's segment" wait_for "$T/st2/sync/$D1/0000000001.seg"
check "two names its copy of the folder" two sync init "$T/st2/sync"
check "two syncs" two --json sync
assert_eq "... one's entry came" 1 "$(jget "$OUT" '$.added')"
check "two shows it" two --json journal
assert_contains "... with its words" "$OUT" "written on the first computer"

check "two writes" two log -i 3 "an answer from the second"
check "two syncs again" two --json sync
D2=$(jget "$OUT" '$.device')
assert_true "syncthing carries two's segment back" wait_for "$T/st1/sync/$D2/0000000001.seg"
check "one syncs again" one --json sync
assert_eq "... two's entry came" 1 "$(jget "$OUT" '$.added')"
assert_eq "both hold the same journal" "$(one export | sha256sum)" "$(two export | sha256sum)"
assert_false "no database in the synced folders" sh -c "find '$T/st1/sync' '$T/st2/sync' -name '*.db*' | grep -q ."

stop_all
pids=""
done_testing
