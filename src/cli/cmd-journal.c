/*
 * cmd-journal.c — `haven journal`: list, show, edit, delete and restore
 * trigger-journal entries.  Ids may be shortened to a unique prefix.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "core/clock.h"
#include "core/template.h"
#include "core/text.h"
#include "entry-flags.h"
#include "journal/journal.h"
#include "journal/vocab.h"

extern const struct hv_cmd cmd_journal;

/* A sentence of those words with the short id of r in its {id}. */
static void say_about(const char *key, const char *id)
{
	char cut[9];
	snprintf(cut, sizeof cut, "%.8s", id);
	const char *kv[] = {"id", cut, NULL};
	cli_put_filled(stdout, cli_terminal_words("journal.json", key, 0), kv, "\n");
}

/* "partner-distance, self-talk" from a list of slugs. */
static void join_list(const json_t *list, char *buf, size_t n)
{
	size_t i, len = 0;
	json_t *v;
	buf[0] = '\0';
	json_array_foreach(list, i, v)
	{
		int k = snprintf(buf + len, n - len, "%s%s", i ? ", " : "", json_string_value(v));
		if (k < 0 || (size_t)k >= n - len)
			break;
		len += (size_t)k;
	}
}

static void print_row(struct hv_cli *cli, const json_t *rec, int64_t now, int cols)
{
	char when[48], kinds[256];
	const json_t *body = json_object_get(rec, "body");
	cli_when_of(rec, "created", now, when, sizeof when);
	join_list(json_object_get(body, "triggers"), kinds, sizeof kinds);
	/* Words are printed as pictures of any control characters in them. */
	char *what = hv_text_printable(cli_str(body, "what"), 1);
	printf("%s%.8s%s  %-17s %s%2lld/10%s  ", cli_accent(cli), cli_str(rec, "id"),
	       cli_reset(cli), when, cli_bold(cli),
	       (long long)json_integer_value(json_object_get(body, "intensity")), cli_reset(cli));
	int used = 8 + 2 + 18 + 5 + 2;
	if (json_is_true(json_object_get(rec, "deleted"))) {
		const char *tag = cli_terminal_words("journal.json", "deleted_tag", 0);
		printf("%s%s%s ", cli_dim(cli), tag, cli_reset(cli));
		used += hv_text_width(tag) + 1;
	}
	int room = cols - used;
	if (*kinds && room > 10) {
		int w = (int)hv_text_fit(kinds, room / 2);
		printf("%s%.*s%s ", cli_dim(cli), w, kinds, cli_reset(cli));
		room -= hv_text_width(kinds) < room / 2 ? hv_text_width(kinds) + 1 : room / 2 + 1;
	}
	if (room > 3 && what) {
		/* Shortened in place: the "…" takes the last column, never a line of its own. */
		size_t fit = hv_text_fit(what, room);
		if (what[fit])
			fit = hv_text_fit(what, room - 1);
		printf("%.*s%s", (int)fit, what, what[fit] ? "…" : "");
	}
	printf("\n");
	free(what);
}

/* The list's filter from its options; 0, or the exit status of the usage
 * error printed. */
static int read_filter(struct cli_args *a, struct hv_journal_filter *f)
{
	long n;
	const char *since = cli_arg(a, "--since"), *until = cli_arg(a, "--until");
	const char *limit = cli_arg(a, "--limit");
	*f = (struct hv_journal_filter){.trigger = cli_arg(a, "--kind"),
	                                .include_deleted = cli_flag(a, "--deleted") > 0};
	if (since && cli_parse_when(&cmd_journal, "--since", since, &f->since_ms) < 0)
		return HV_EXIT_USAGE;
	if (until && cli_parse_when(&cmd_journal, "--until", until, &f->until_ms) < 0)
		return HV_EXIT_USAGE;
	if (limit && cli_parse_int(&cmd_journal, "--limit", limit, 1, 1000000, &n) < 0)
		return HV_EXIT_USAGE;
	f->limit = limit ? n : 0;
	if (f->trigger && !hv_trigger_kind_label(f->trigger))
		return cli_usage(&cmd_journal, "unknown trigger kind \"%s\": choose from %s",
		                 f->trigger, hv_trigger_kind_list());
	return 0;
}

/* `haven journal list`: nothing after the options. */
static int list_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	struct hv_journal_filter f;
	if (a->argc > 0)
		return cli_usage(&cmd_journal, "unexpected \"%s\"", a->argv[0]);
	return read_filter(a, &f);
}

static int list(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_journal_filter f;
	read_filter(a, &f); /* checked already */
	struct hv_store *st = a->store;
	struct hv_error err;
	json_t *entries = hv_journal_list(st, &f, &err);
	if (!entries)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(entries);
	if (json_array_size(entries) == 0)
		printf("%s\n",
		       cli_terminal_words(
		           "journal.json",
		           f.since_ms || f.until_ms || f.trigger ? "none_match" : "none", 0));
	size_t i;
	json_t *rec;
	int64_t now = hv_now_ms();
	int cols = cli_columns();
	json_array_foreach(entries, i, rec) print_row(cli, rec, now, cols);
	json_decref(entries);
	return HV_EXIT_OK;
}

/* The label of a field of an entry shown in full. */
static const char *field_label(const char *key)
{
	char path[48];
	snprintf(path, sizeof path, "labels/%s", key);
	return cli_terminal_words("journal.json", path, 0);
}

static void show_field(struct hv_cli *cli, const char *label, const char *value)
{
	char *safe = value && *value ? hv_text_printable(value, 0) : NULL;
	if (safe)
		printf("%s%-14s%s %s\n", cli_dim(cli), label, cli_reset(cli), safe);
	free(safe);
}

static void show_list(struct hv_cli *cli, const char *label, const json_t *list,
                      const char *(*name)(const char *))
{
	char buf[1024] = "";
	size_t i, len = 0;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		const char *s = json_string_value(v);
		const char *nice = name ? name(s) : NULL;
		int k =
		    snprintf(buf + len, sizeof buf - len, "%s%s", i ? ", " : "", nice ? nice : s);
		if (k < 0 || (size_t)k >= sizeof buf - len)
			break;
		len += (size_t)k;
	}
	show_field(cli, label, buf);
}

static void print_entry(struct hv_cli *cli, const struct hv_record *r)
{
	char when[48], num[32];
	cli_format_when(r->created_ms, r->created_off, hv_now_ms(), when, sizeof when);
	const json_t *b = r->body;
	const char *kv[] = {"id", r->id, NULL};
	printf("%s", cli_bold(cli));
	cli_put_filled(
	    stdout,
	    cli_terminal_words("journal.json", r->deleted ? "heading_deleted" : "heading", 0), kv,
	    "");
	printf("%s\n", cli_reset(cli));
	show_field(cli, field_label("when"), when);
	show_field(cli, field_label("what"), cli_str(b, "what"));
	show_field(cli, field_label("thoughts"), cli_str(b, "thoughts"));
	show_field(cli, field_label("body"), cli_str(b, "body"));
	show_list(cli, field_label("emotions"), json_object_get(b, "emotions"), NULL);
	show_list(cli, field_label("triggers"), json_object_get(b, "triggers"),
	          hv_trigger_kind_label);
	snprintf(num, sizeof num, "%lld/10",
	         (long long)json_integer_value(json_object_get(b, "intensity")));
	show_field(cli, field_label("intensity"), num);
	show_list(cli, field_label("responses"), json_object_get(b, "responses"),
	          hv_response_label);
	show_field(cli, field_label("response"), cli_str(b, "response"));
	if (json_object_get(b, "recovered_minutes")) {
		long long m =
		    (long long)json_integer_value(json_object_get(b, "recovered_minutes"));
		char n[24];
		snprintf(n, sizeof n, "%lld", m);
		const char *kv_n[] = {"n", n, NULL};
		char *eased =
		    hv_template_fill(cli_terminal_words("journal.json", "minutes", m), kv_n);
		show_field(cli, field_label("recovered"), eased);
		free(eased);
	}
	const json_t *refl = json_object_get(b, "reflection");
	const char *key;
	json_t *ans;
	json_object_foreach((json_t *)refl, key, ans) show_field(cli, key, json_string_value(ans));
}

/* Look up one entry and print it (the whole record with --json). */
static int finish_with(struct hv_cli *cli, struct hv_record *r)
{
	int rc = cli->json ? cli_print_json(hv_record_to_json(r)) : (print_entry(cli, r), 0);
	hv_record_release(r);
	return rc;
}

static int show_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	return a->argc != 1 ? cli_usage(&cmd_journal, "journal show needs one entry id") : 0;
}

static int show(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_record r;
	struct hv_error err;
	if (hv_store_get(a->store, a->argv[0], HV_TRIGGER_KIND, &r, &err) < 0)
		return cli_error(cli, &err);
	return finish_with(cli, &r);
}

/* The words of an edit were heard by the crisis net before they were read
 * (the spec's crisis_kind), so help never waits for a well-formed edit. */
static int edit_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	if (a->argc < 1)
		return cli_usage(&cmd_journal, "journal edit needs an entry id first");
	if (a->argc > 1)
		return cli_usage(&cmd_journal, "unexpected \"%s\"", a->argv[1]);
	if (!a->body && !cli_entry_at(a))
		return cli_usage(&cmd_journal,
		                 "nothing to change: give a field, e.g. --recovered 30");
	return 0;
}

static int edit(struct hv_cli *cli, struct cli_args *a)
{
	json_t *changes = cli_entry_body(a);
	struct hv_record r;
	struct hv_error err;
	int rc = HV_EXIT_OK;
	if (hv_journal_edit(a->store, a->argv[0], changes, cli_entry_at(a), &r, &err) < 0) {
		rc = cli_error(cli, &err);
	} else if (cli->json) {
		rc = cli_print_record(&r, a->crisis);
		hv_record_release(&r);
	} else {
		say_about("updated", r.id);
		hv_record_release(&r);
	}
	json_decref(changes);
	return rc;
}

static int remove_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *sub = a->spec->opts[0].name ? "rm" : "restore";
	if (a->argc == 0)
		return cli_usage(&cmd_journal, "journal %s needs an entry id", sub);
	if (a->argc > 1)
		return cli_usage(&cmd_journal, "unexpected \"%s\"", a->argv[1]);
	return 0;
}

static int purge(struct hv_cli *cli, struct hv_store *st, const char *id)
{
	struct hv_error err;
	if (hv_journal_purge(st, id, &err) < 0)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(json_pack("{s:s,s:b}", "id", id, "purged", 1));
	printf("%s\n", cli_terminal_words("journal.json", "purged", 0));
	return HV_EXIT_OK;
}

static int remove_entry(struct hv_cli *cli, struct cli_args *a)
{
	int restore = a->spec->opts[0].name == NULL;
	const char *id = a->argv[0];
	if (cli_flag(a, "--purge"))
		return purge(cli, a->store, id);
	struct hv_error err;
	struct hv_record r;
	if (hv_journal_set_deleted(a->store, id, !restore, &r, &err) < 0)
		return cli_error(cli, &err);
	if (cli->json)
		return finish_with(cli, &r);
	say_about(restore ? "restored" : "deleted", r.id);
	hv_record_release(&r);
	return HV_EXIT_OK;
}

static const struct cli_argdef list_opts[] = {CLI_VALUE("--since", 0),  CLI_VALUE("--until", 0),
                                              CLI_VALUE("--kind", 'k'), CLI_VALUE("--limit", 'n'),
                                              CLI_FLAG("--deleted"),    CLI_END};
static const struct cli_argdef edit_opts[] = {CLI_ENTRY_FLAGS, CLI_END};
static const struct cli_argdef rm_opts[] = {CLI_FLAG("--purge"), CLI_END};
static const struct cli_argdef no_opts[] = {CLI_END};

static const struct cli_sub subs[] = {
    {"list",
     &(const struct cli_argspec){
         .opts = list_opts, .store = CLI_STORE_OPEN, .check = list_check, .run = list}},
    {"show",
     &(const struct cli_argspec){
         .opts = no_opts, .store = CLI_STORE_OPEN, .check = show_check, .run = show}},
    {"edit", &(const struct cli_argspec){.opts = edit_opts,
                                         .store = CLI_STORE_OPEN,
                                         .check = edit_check,
                                         .run = edit,
                                         .crisis_kind = HV_TRIGGER_KIND}},
    {"rm",
     &(const struct cli_argspec){
         .opts = rm_opts, .store = CLI_STORE_OPEN, .check = remove_check, .run = remove_entry}},
    {"restore",
     &(const struct cli_argspec){
         .opts = no_opts, .store = CLI_STORE_OPEN, .check = remove_check, .run = remove_entry}},
    {NULL, NULL},
};

const struct hv_cmd cmd_journal = {
    .name = "journal",
    .usage = "journal [list|show|edit|rm|restore] ...",
    .summary = "look back over what you logged, and change it",
    .help = "  haven journal [--since WHEN] [--until WHEN] [-k, --kind KIND] [-n, --limit N] "
            "[--deleted]\n"
            "        entries, newest first\n"
            "  haven journal show ID        one entry in full\n"
            "  haven journal edit ID [FLAGS] change fields: the flags of 'haven log', plus --what\n"
            "        [-i, --intensity N] [--what TEXT] [--thought TEXT] [--body TEXT]\n"
            "        [--emotion WORD] [--did RESPONSE] [--response TEXT] [--protest]\n"
            "        [--soothing] [--recovered MIN] [--at WHEN]\n"
            "  haven journal rm ID          delete (undo with restore)\n"
            "  haven journal rm ID --purge  delete for good\n"
            "  haven journal restore ID     bring a deleted entry back\n\n"
            "IDs may be shortened to their first few characters. --json prints JSON.",
    .args = &(const struct cli_argspec){.opts = list_opts,
                                        .in_order = 1,
                                        .store = CLI_STORE_OPEN,
                                        .unknown_sub = "unknown journal command",
                                        .check = list_check,
                                        .run = list,
                                        .subs = subs},
};
