# t-assess-tmux.sh — `haven assess take` on a real terminal, through tmux
# (issue 21): each answer pressed is named back with its label, and keys
# pressed ahead (digits meant for questions) never answer the yes-or-no
# that offers the open questions.
. "$E2E_DIR/lib.sh"

PANE=quiz
. "$E2E_DIR/tmux.sh"

DATA=$E2E_DIR/../../data
label4=$(jget "$(cat "$DATA/instruments/guide.json")" '$.scale.labels[3]')
echo_words=$(jget "$(cat "$DATA/assess.json")" '$.answer_echo')
hint=$(jget "$(cat "$DATA/assess.json")" '$.prompt_hint')
first_echo=$(printf '%s' "$echo_words" | sed -e "s/{value}/4/" -e "s/{label}/$label4/")

tmux_start 100 "bash -c '\"$HAVEN\" assess take guide; exec sleep 120'"
assert_true "take: the first question" wait_for "1 of 28"
tm send-keys -t quiz 4
assert_true "the answer pressed is named back: $first_echo" wait_for "$first_echo"
assert_true "then the second question" wait_for "2 of 28"

# The other eleven of part A, and four more pressed ahead, in one burst.
tm send-keys -t quiz 444444444444444
assert_true "part A done: the open questions are offered" wait_for "[y/N]"
sleep 0.5
offer=$(screen | grep -F "[y/N]" | tail -1)
assert_eq "the keys pressed ahead are not in the yes-or-no" "[y/N]" "$(printf '%s' "$offer" | sed 's/[[:space:]]*$//')"
tm send-keys -t quiz y Enter
assert_true "yes opens the open questions" wait_for "$hint"

done_testing
