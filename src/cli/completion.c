/*
 * completion.c — shell completion: `haven completion bash|zsh|fish` prints
 * a script for the shell, and the hidden `haven __complete WORD…` answers
 * it, printing the candidates for the last word one per line.
 *
 * The scripts are thin: every answer comes from haven, so commands, options
 * and subcommands come from the command table (cmdspec.c) and values from
 * the vocabularies and from the person's own data (instruments installed,
 * contacts imported).  An empty answer means a file name may go there, and
 * each script falls back to its shell's file completion.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "assess/assess.h"
#include "chat/chat.h"
#include "cli.h"
#include "cmdspec.h"
#include "journal/vocab.h"
#include "learn/learn.h"
#include "patterns/patterns.h"

extern const struct hv_cmd cmd_completion;

/* The word being completed, and how candidates are printed. */
struct out {
	const char *prefix;
	const char *lead; /* "--kind=" when the value is written after the option's "=" */
};

static void put(const struct out *o, const char *word)
{
	if (word && *word && strncmp(word, o->prefix, strlen(o->prefix)) == 0)
		printf("%s%s\n", o->lead ? o->lead : "", word);
}

/* "a|b|c" or "a, b, c", one candidate each. */
static void put_list(const struct out *o, const char *list, const char *seps)
{
	char *copy = strdup(list), *save = NULL;
	for (char *w = copy ? strtok_r(copy, seps, &save) : NULL; w;
	     w = strtok_r(NULL, seps, &save))
		put(o, w);
	free(copy);
}

static void put_vocab(const char *family, const char *id, const char *label, const char *extra,
                      void *ctx)
{
	(void)family, (void)label, (void)extra;
	put(ctx, id);
}

static void put_member(const struct out *o, const json_t *list, const char *key)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) put(o, json_string_value(json_object_get(v, key)));
}

static void put_instruments(struct hv_cli *cli, const struct out *o)
{
	struct hv_error err;
	json_t *list = hv_instrument_list(cli_store_if_there(cli), &err);
	put_member(o, list, "id");
	json_decref(list);
}

static void put_contacts(struct hv_cli *cli, const struct out *o)
{
	struct hv_store *st = cli_store_if_there(cli);
	struct hv_error err;
	json_t *list = st ? hv_chat_list(st, &err) : NULL;
	put_member(o, list, "contact");
	json_decref(list);
}

static void put_commands(const struct out *o)
{
	for (int i = 0; hv_commands[i]; i++)
		put(o, hv_commands[i]->name);
}

/* The chapters of `haven learn`, by id. */
static void put_chapters(const struct out *o)
{
	char *ids = hv_learn_ids();
	if (ids)
		put_list(o, ids, ", ");
	free(ids);
}

/* Values an option takes from haven's vocabularies or the person's data. */
static int put_option_values(struct hv_cli *cli, const struct hv_cmd *cmd,
                             const struct cli_opt *opt, const struct out *o)
{
	const char *name = opt->name[1] == '-' ? opt->name : opt->other;
	int journal = !strcmp(cmd->name, "log") || !strcmp(cmd->name, "journal");
	if (opt->values[0])
		put_list(o, opt->values, "|");
	else if (journal && !strcmp(name, "--kind"))
		hv_trigger_kinds_each(put_vocab, (void *)o);
	else if (journal && !strcmp(name, "--did"))
		hv_responses_each(put_vocab, (void *)o);
	else if (journal && !strcmp(name, "--emotion"))
		hv_emotions_each(put_vocab, (void *)o);
	else if (!strcmp(name, "--pattern") || !strcmp(name, "--explain"))
		put_list(o, hv_pattern_kind_list(), ", ");
	else if (!strcmp(name, "--contact"))
		put_contacts(cli, o);
	else
		return 0;
	return 1;
}

/* Words after a subcommand: "assess take ID", "chat wait CONTACT". */
static void put_positional(struct hv_cli *cli, const struct hv_cmd *cmd,
                           const struct cli_spec *spec, char **pos, int npos, const struct out *o)
{
	const char *c = cmd->name, *sub = npos ? pos[0] : NULL;
	if (npos == 0 && spec->n_subs) {
		for (int i = 0; i < spec->n_subs; i++)
			put(o, spec->subs[i]);
	} else if (npos == 0 && !strcmp(c, "help")) {
		put_commands(o);
	} else if (npos == 0 && !strcmp(c, "learn")) {
		put_chapters(o);
	} else if (npos == 1 && !strcmp(c, "assess") &&
	           (!strcmp(sub, "take") || !strcmp(sub, "history"))) {
		put_instruments(cli, o);
	} else if (npos == 1 && !strcmp(c, "chat") &&
	           (!strcmp(sub, "wait") || !strcmp(sub, "patterns") || !strcmp(sub, "forget"))) {
		put_contacts(cli, o);
	} else if (npos == 1 && !strcmp(c, "config") &&
	           (!strcmp(sub, "get") || !strcmp(sub, "set") || !strcmp(sub, "unset"))) {
		put(o, "region");
	}
}

static int is_global_flag(const char *a)
{
	for (int i = 0; cli_global_options[i]; i++)
		if (strcmp(a, cli_global_options[i]) == 0 && strcmp(a, "--db") != 0)
			return 1;
	return 0;
}

/* The option named by a (before any "="), or NULL. */
static const struct cli_opt *option_of(const struct cli_spec *spec, const char *a)
{
	char name[48];
	snprintf(name, sizeof name, "%.*s", (int)strcspn(a, "="), a);
	return cli_spec_option(spec, name);
}

int cli_complete(struct hv_cli *cli, int argc, char **argv)
{
	/* Whatever goes wrong, nothing but candidates reaches the shell. */
	int devnull = open("/dev/null", O_WRONLY);
	if (devnull >= 0)
		dup2(devnull, STDERR_FILENO), close(devnull);
	if (argc < 1)
		return HV_EXIT_OK;
	struct out o = {.prefix = argv[argc - 1]};
	const struct hv_cmd *cmd = NULL;
	struct cli_spec spec = {0};
	const struct cli_opt *wants = NULL; /* an option whose value comes next */
	int wants_db = 0, npos = 0, dashdash = 0;
	char *pos[64];
	for (int i = 0; i < argc - 1; i++) {
		const char *a = argv[i];
		if (wants_db) {
			cli->db_path = a, wants_db = 0;
		} else if (wants && !strcmp(a, "=")) {
			continue; /* bash splits "--kind=work" at the "=" */
		} else if (wants) {
			wants = NULL;
		} else if (!dashdash && !strcmp(a, "--db")) {
			wants_db = 1;
		} else if (!dashdash && !strncmp(a, "--db=", 5)) {
			cli->db_path = a + 5;
		} else if (!dashdash && is_global_flag(a)) {
			continue;
		} else if (!dashdash && !strcmp(a, "--")) {
			dashdash = 1;
		} else if (!cmd) {
			if (*a == '-')
				continue;
			if (!(cmd = hv_cmd_find(a)))
				return HV_EXIT_OK; /* not a command: nothing to offer */
			cli_spec_read(cmd, &spec);
		} else if (!dashdash && *a == '-') {
			const struct cli_opt *opt = option_of(&spec, a);
			if (opt && opt->takes_value && !strchr(a, '='))
				wants = opt;
		} else if (npos < 64) {
			pos[npos++] = argv[i];
		}
	}
	if (wants_db)
		return HV_EXIT_OK; /* a file name */
	const struct cli_opt *inline_opt =
	    cmd && !wants && !dashdash && !strncmp(o.prefix, "--", 2) && strchr(o.prefix, '=')
	        ? option_of(&spec, o.prefix)
	        : NULL;
	char lead[64];
	if (wants) {
		put_option_values(cli, cmd, wants, &o);
	} else if (inline_opt) { /* "--kind=wo": the values, after "--kind=" */
		size_t n = (size_t)(strchr(o.prefix, '=') - o.prefix) + 1;
		snprintf(lead, sizeof lead, "%.*s", (int)n, o.prefix);
		o.lead = lead;
		o.prefix += n;
		put_option_values(cli, cmd, inline_opt, &o);
	} else if (*o.prefix == '-' && !dashdash) {
		for (int i = 0; cmd && i < spec.n_opts; i++)
			if (spec.opts[i].name[1] == '-' || !strcmp(o.prefix, "-"))
				put(&o, spec.opts[i].name);
		for (int i = 0; cli_global_options[i]; i++)
			if (!cli_spec_option(&spec, cli_global_options[i]))
				put(&o, cli_global_options[i]);
		if (!cmd)
			put(&o, "--version");
	} else if (!cmd) {
		put_commands(&o);
	} else {
		put_positional(cli, cmd, &spec, pos, npos, &o);
	}
	return HV_EXIT_OK;
}

/* --- the scripts ---------------------------------------------------------- */

/* Each asks the haven being completed (the first word, as typed) for the
 * candidates of the words so far; no answer means file names. */
static const char bash_script[] =
    "# bash completion for haven (from `haven completion bash`).  Every answer\n"
    "# comes from haven itself: haven __complete WORD... prints the candidates\n"
    "# for the last word, one a line.  No candidate: file names.\n"
    "_haven()\n"
    "{\n"
    "\tlocal cur words cword\n"
    "\tif declare -F _get_comp_words_by_ref >/dev/null 2>&1; then\n"
    "\t\t_get_comp_words_by_ref -n =: cur words cword\n"
    "\telse\n"
    "\t\twords=(\"${COMP_WORDS[@]}\") cword=$COMP_CWORD cur=${COMP_WORDS[COMP_CWORD]}\n"
    "\tfi\n"
    "\tlocal IFS=$'\\n' c\n"
    "\tCOMPREPLY=()\n"
    "\tfor c in $(\"${words[0]}\" __complete \"${words[@]:1:cword}\" 2>/dev/null); do\n"
    "\t\tCOMPREPLY+=(\"$(printf '%q' \"$c\")\")\n"
    "\tdone\n"
    "}\n"
    "complete -o default -F _haven haven\n";

static const char zsh_script[] =
    "#compdef haven\n"
    "# zsh completion for haven (from `haven completion zsh`).  Every answer\n"
    "# comes from haven itself: haven __complete WORD... prints the candidates\n"
    "# for the last word, one a line.  No candidate: file names.\n"
    "_haven() {\n"
    "\tlocal -a cands\n"
    "\tcands=(\"${(@f)$(\"${words[1]}\" __complete \"${(@)words[2,CURRENT]}\" 2>/dev/null)}\")\n"
    "\tcands=(${cands:#})\n"
    "\tif (( ${#cands} )); then\n"
    "\t\tcompadd -- \"${cands[@]}\"\n"
    "\telse\n"
    "\t\t_files\n"
    "\tfi\n"
    "}\n"
    "if [[ ${funcstack[1]-} == _haven ]]; then\n"
    "\t_haven \"$@\"\n"
    "else\n"
    "\tcompdef _haven haven\n"
    "fi\n";

static const char fish_script[] =
    "# fish completion for haven (from `haven completion fish`).  Every answer\n"
    "# comes from haven itself: haven __complete WORD... prints the candidates\n"
    "# for the last word, one a line.  No candidate: file names.\n"
    "function __haven_complete\n"
    "\tset -l words (commandline -opc)\n"
    "\tset -l cur (commandline -ct)\n"
    "\tset -l found ($words[1] __complete $words[2..-1] \"$cur\" 2>/dev/null)\n"
    "\tif set -q found[1]\n"
    "\t\tprintf '%s\\n' $found\n"
    "\telse\n"
    "\t\t__fish_complete_path \"$cur\"\n"
    "\tend\n"
    "end\n"
    "complete -c haven -f -a '(__haven_complete)'\n";

/* The script for each shell haven completes in. */
static const struct {
	const char *shell, *script;
} scripts[] = {{"bash", bash_script}, {"zsh", zsh_script}, {"fish", fish_script}};

static const char *script_for(const char *shell)
{
	for (size_t i = 0; i < sizeof scripts / sizeof *scripts; i++)
		if (!strcmp(scripts[i].shell, shell))
			return scripts[i].script;
	return NULL;
}

static int check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	if (a->argc != 1)
		return cli_usage(&cmd_completion, "name the shell: bash, zsh or fish");
	if (!script_for(a->argv[0]))
		return cli_usage(&cmd_completion,
		                 "haven completes in bash, zsh and fish, not \"%s\"", a->argv[0]);
	return 0;
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	fputs(script_for(a->argv[0]), stdout);
	return HV_EXIT_OK;
}

const struct hv_cmd cmd_completion = {
    .name = "completion",
    .usage = "completion bash|zsh|fish",
    .summary = "the shell completion script for bash, zsh or fish",
    .help = "Prints a script that completes haven's commands, options and values (trigger\n"
            "kinds, subcommands, instruments, the contacts you imported) in your shell:\n\n"
            "  bash   source <(haven completion bash)     (in ~/.bashrc)\n"
            "  zsh    source <(haven completion zsh)      (in ~/.zshrc, after compinit)\n"
            "  fish   haven completion fish | source      (in config.fish)\n\n"
            "Or save it where the shell looks for completions, for example\n"
            "haven completion fish > ~/.config/fish/completions/haven.fish.",
    .args = &(const struct cli_argspec){.opts = (const struct cli_argdef[]){CLI_END},
                                        .check = check,
                                        .run = run},
};
