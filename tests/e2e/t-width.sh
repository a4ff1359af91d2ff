# t-width.sh — every command's human output at 40, 80 and 120 columns
# (issue 21): on a real terminal (script(1), its size set with stty), no
# line passes the width and no word is split — each word shown narrow is a
# word of the same output shown 400 columns wide, or a shortened one that
# ends in "…".  The commands are read from `haven help --commands`, so a
# command added later is covered: with the arguments the table below gives
# it, else none, and its help too.  Standard input is not a terminal, so
# nothing is asked.
. "$E2E_DIR/lib.sh"

if ! command -v script >/dev/null 2>&1; then
	_e2e_fail "script(1) is needed for the terminal tests" "install util-linux (bsdutils)"
	done_testing
fi

# A journal with long words, emoji and wide letters, so wrapping has work.
LONG="a long evening of waiting for a reply that did not come, checking the phone again and again"
check "seed: an entry" haven log -i 6 -k partner-distance --thought "they are pulling away 😟" \
	--body "tight chest" --emotion lonely --at "2026-01-07 09:00" "$LONG"
check "seed: wide letters" haven log -i 3 -k work --at "2026-01-06 20:00" "雨の日の長い会議のあとで疲れた気持ちが残っている"
check "seed: a check-in" haven checkin 4 --note "$LONG"
check "seed: a thought" haven thought --situation "$LONG" --thought "they will leave me" \
	--emotion anxious=70 --balanced "a slow reply is usually just a slow reply"
check "seed: evidence" haven evidence add "$LONG"
check "seed: a held message" haven coach --hold 10m "why are you ignoring me, answer me"

# args_for CMD: the invocations of CMD, one a line; nothing for none.
args_for() {
	case $1 in
	log) ;; # off a terminal it prints the new id; t-log-tmux.sh draws the steps
	chat) echo "wait nobody" ;;
	check | coach) echo "$LONG, you never answer, you always do this" ;;
	kind) echo "I always ruin everything and I am so stupid" ;;
	say) printf '%s\n' "" ask ;;
	evidence) echo "" ;;
	assess) printf '%s\n' "" "history guide" ;;
	learn) printf '%s\n' "" "$(haven --json learn | sed -n 's/.*"id": "\([^"]*\)".*/\1/p' | head -1)" ;;
	journal) printf '%s\n' "" "show $(haven --json journal | sed -n 's/.*"id": "\([^"]*\)".*/\1/p' | head -1)" ;;
	# A practice runs for minutes and draws in place (t-practice.sh and
	# t-ground-tmux.sh watch it); serve keeps running; the rest write
	# files, or text for machines: their help, checked for every command
	# below, is what a person reads.
	breathe | relax | scan | ground | tipp | pause | soothe) ;;
	serve | export | backup | restore | merge | import | completion | sync) ;;
	*) echo "" ;;
	esac
}

# shown WIDTH ARGS...: haven ARGS on a WIDTH-column terminal, colour off,
# no pager, what it printed (standard output and error, both the terminal)
# without carriage returns.
shown() {
	local width=$1
	shift
	local cmd
	cmd=$(printf '%q ' "$HAVEN" "$@")
	NO_COLOR=1 PAGER=cat timeout 10 script -qec \
		"stty cols $width rows 50; $cmd </dev/null" /dev/null 2>&1 | tr -d '\r'
}

# The words of the output, one a line; bars and sparklines (drawn to the
# width they are given) are not words.
words() { tr -s ' \t' '\n\n' | grep -v '^$' | grep -v '^[·▁▂▃▄▅▆▇█▏▎▍▌▋▊▉#.]*$' | sort -u; }

# broken PIECE WIDE: a piece of a word too long for any line, cut where it
# may be (after "|", "/" or ","), is no split word.
broken() {
	local piece=$1 wide=$2
	printf '%s\n' "$wide" | grep -qF -- "$piece" || return 1
	case $piece in *'|' | *'/' | *',') return 0 ;; esac
	printf '%s\n' "$wide" | grep -qF -e "|$piece" -e "/$piece" -e ",$piece"
}

# check_width NAME ARGS...: the two checks at each width.
check_width() {
	local name=$1 w out wide split
	shift
	wide=$(shown 400 "$@" | words)
	for w in 40 80 120; do
		out=$(shown "$w" "$@")
		# wc -L counts display columns: wide letters and emoji as two
		local most
		most=$(printf '%s\n' "$out" | wc -L)
		if [ "$most" -le "$w" ]; then
			_e2e_pass "$name at $w: no line passes $w columns"
		else
			_e2e_fail "$name at $w: no line passes $w columns" \
				"widest: $most" "$(printf '%s\n' "$out" | awk -v w="$w" '
					{ cmd = "printf %s \"" $0 "\" | wc -L" } length($0) > w { print "  | " $0 }' | head -5)"
		fi
		split=$(comm -23 <(printf '%s\n' "$out" | words) <(printf '%s\n' "$wide") | grep -v '…$' |
			while IFS= read -r piece; do broken "$piece" "$wide" || printf '%s\n' "$piece"; done | head -5)
		if [ -z "$split" ]; then
			_e2e_pass "$name at $w: no word split"
		else
			_e2e_fail "$name at $w: no word split" "pieces not in the wide output:" \
				"$(printf '%s\n' "$split" | sed 's/^/  | /')"
		fi
	done
}

cmds=$(haven help --commands | awk '{print $1}')
assert_true "the command table is read" test "$(printf '%s\n' "$cmds" | wc -l)" -ge 30
for c in $cmds; do
	check_width "help $c" help "$c"
	while IFS= read -r a; do
		# shellcheck disable=SC2086 # the table's words are separate arguments
		if [ -z "$a" ]; then
			check_width "$c" "$c"
		elif [ "$c" = check ] || [ "$c" = coach ] || [ "$c" = kind ]; then
			# one option word, then the rest as one text
			set -- $a
			first=$1
			shift
			if [ "${first#-}" != "$first" ]; then
				check_width "$c $first $1" "$c" "$first" "$1" "${*:2}"
			else
				check_width "$c TEXT" "$c" "$a"
			fi
		else
			check_width "$c $a" "$c" $a
		fi
	done < <(args_for "$c")
done
check_width "home" home

done_testing
