/*
 * cmd-journal.c — `haven journal`: list, show, edit, delete and restore
 * trigger-journal entries.  Ids may be shortened to a unique prefix.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/clock.h"
#include "core/text.h"
#include "entry-flags.h"
#include "journal/journal.h"
#include "journal/vocab.h"

extern const struct hv_cmd cmd_journal;

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
	int64_t ms;
	int off;
	char when[48], kinds[256];
	const json_t *body = json_object_get(rec, "body");
	hv_parse_rfc3339(cli_str(rec, "created"), &ms, &off);
	cli_format_when(ms, off, now, when, sizeof when);
	join_list(json_object_get(body, "triggers"), kinds, sizeof kinds);
	/* Words are printed as pictures of any control characters in them. */
	char *what = hv_text_printable(cli_str(body, "what"), 1);
	printf("%s%.8s%s  %-17s %s%2lld/10%s  ", cli_accent(cli), cli_str(rec, "id"),
	       cli_reset(cli), when, cli_bold(cli),
	       (long long)json_integer_value(json_object_get(body, "intensity")), cli_reset(cli));
	int used = 8 + 2 + 18 + 5 + 2;
	if (json_is_true(json_object_get(rec, "deleted"))) {
		printf("%s(deleted)%s ", cli_dim(cli), cli_reset(cli));
		used += 10;
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

static int list(struct hv_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"since", required_argument, NULL, 's'}, {"until", required_argument, NULL, 'u'},
	    {"kind", required_argument, NULL, 'k'},  {"deleted", no_argument, NULL, 'd'},
	    {"limit", required_argument, NULL, 'n'}, {NULL, 0, NULL, 0},
	};
	struct hv_journal_filter f = {0};
	long n;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:k:n:", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (cli_parse_when(&cmd_journal, "--since", optarg, &f.since_ms) < 0)
				return HV_EXIT_USAGE;
			break;
		case 'u':
			if (cli_parse_when(&cmd_journal, "--until", optarg, &f.until_ms) < 0)
				return HV_EXIT_USAGE;
			break;
		case 'k': f.trigger = optarg; break;
		case 'd': f.include_deleted = 1; break;
		case 'n':
			if (cli_parse_int(&cmd_journal, "--limit", optarg, 1, 1000000, &n) < 0)
				return HV_EXIT_USAGE;
			f.limit = n;
			break;
		default: return cli_usage(&cmd_journal, "unknown option %s", cli_bad_option(argv));
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_journal, "unexpected \"%s\"", argv[optind]);
	if (f.trigger && !hv_trigger_kind_label(f.trigger))
		return cli_usage(&cmd_journal, "unknown trigger kind \"%s\": choose from %s",
		                 f.trigger, hv_trigger_kind_list());
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	json_t *entries = hv_journal_list(st, &f, &err);
	if (!entries)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(entries);
	if (json_array_size(entries) == 0)
		printf("No entries%s. Write one with: haven log\n",
		       f.since_ms || f.until_ms || f.trigger ? " match" : " yet");
	size_t i;
	json_t *rec;
	int64_t now = hv_now_ms();
	int cols = cli_columns();
	json_array_foreach(entries, i, rec) print_row(cli, rec, now, cols);
	json_decref(entries);
	return HV_EXIT_OK;
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
	printf("%sentry %s%s%s\n", cli_bold(cli), r->id, r->deleted ? " (deleted)" : "",
	       cli_reset(cli));
	show_field(cli, "when", when);
	show_field(cli, "what", cli_str(b, "what"));
	show_field(cli, "thoughts", cli_str(b, "thoughts"));
	show_field(cli, "body", cli_str(b, "body"));
	show_list(cli, "emotions", json_object_get(b, "emotions"), NULL);
	show_list(cli, "triggers", json_object_get(b, "triggers"), hv_trigger_kind_label);
	snprintf(num, sizeof num, "%lld/10",
	         (long long)json_integer_value(json_object_get(b, "intensity")));
	show_field(cli, "intensity", num);
	show_list(cli, "what you did", json_object_get(b, "responses"), hv_response_label);
	show_field(cli, "in your words", cli_str(b, "response"));
	if (json_object_get(b, "recovered_minutes")) {
		long long m =
		    (long long)json_integer_value(json_object_get(b, "recovered_minutes"));
		snprintf(num, sizeof num, "%lld minute%s", m, m == 1 ? "" : "s");
		show_field(cli, "eased after", num);
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

static int show(struct hv_cli *cli, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage(&cmd_journal, "journal show needs one entry id");
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_record r;
	struct hv_error err;
	if (hv_store_get(st, argv[1], HV_TRIGGER_KIND, &r, &err) < 0)
		return cli_error(cli, &err);
	return finish_with(cli, &r);
}

static int edit(struct hv_cli *cli, int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-')
		return cli_usage(&cmd_journal, "journal edit needs an entry id first");
	const char *id = argv[1];
	json_t *changes = json_object();
	int have_intensity = 0, rc;
	int64_t at = 0;
	/* Help first: the new words pass the crisis net before anything is
	 * parsed, checked or saved, so help never waits for a well-formed edit. */
	json_t *crisis = cli_crisis_argv(cli, HV_TRIGGER_KIND, argc - 2, argv + 2);
	if ((rc = cli_entry_flags(&cmd_journal, argc - 1, argv + 1, changes, &have_intensity,
	                          &at)) != 0)
		goto out;
	if (optind < argc - 1) {
		rc = cli_usage(&cmd_journal, "unexpected \"%s\"", argv[optind + 1]);
		goto out;
	}
	if (json_object_size(changes) == 0 && !at) {
		rc =
		    cli_usage(&cmd_journal, "nothing to change: give a field, e.g. --recovered 30");
		goto out;
	}
	struct hv_store *st = cli_store(cli);
	struct hv_record r;
	struct hv_error err;
	if (!st) {
		rc = HV_EXIT_FAIL;
	} else if (hv_journal_edit(st, id, changes, at, &r, &err) < 0) {
		rc = cli_error(cli, &err);
	} else if (cli->json) {
		rc = cli_print_record(&r, crisis);
		hv_record_release(&r);
	} else {
		printf("Updated %.8s.\n", r.id);
		hv_record_release(&r);
		rc = HV_EXIT_OK;
	}
out:
	json_decref(crisis);
	json_decref(changes);
	return rc;
}

static int remove_entry(struct hv_cli *cli, int argc, char **argv, int restore)
{
	int purge = 0;
	const char *id = NULL;
	for (int i = 1; i < argc; i++) {
		if (!restore && strcmp(argv[i], "--purge") == 0)
			purge = 1;
		else if (argv[i][0] != '-' && !id)
			id = argv[i];
		else
			return cli_usage(&cmd_journal, "unexpected \"%s\"", argv[i]);
	}
	if (!id)
		return cli_usage(&cmd_journal, "journal %s needs an entry id", argv[0]);
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	struct hv_record r;
	if (purge) {
		if (hv_journal_purge(st, id, &err) < 0)
			return cli_error(cli, &err);
		if (!cli->json)
			printf("Purged for good.\n");
		else
			return cli_print_json(json_pack("{s:s,s:b}", "id", id, "purged", 1));
		return HV_EXIT_OK;
	}
	if (hv_journal_set_deleted(st, id, !restore, &r, &err) < 0)
		return cli_error(cli, &err);
	if (cli->json)
		return finish_with(cli, &r);
	if (restore)
		printf("Restored %.8s.\n", r.id);
	else
		printf("Deleted %.8s. Undo with: haven journal restore %.8s\n", r.id, r.id);
	hv_record_release(&r);
	return HV_EXIT_OK;
}

static int run(struct hv_cli *cli, int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-')
		return list(cli, argc, argv);
	const char *sub = argv[1];
	if (strcmp(sub, "list") == 0)
		return list(cli, argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return show(cli, argc - 1, argv + 1);
	if (strcmp(sub, "edit") == 0)
		return edit(cli, argc - 1, argv + 1);
	if (strcmp(sub, "rm") == 0)
		return remove_entry(cli, argc - 1, argv + 1, 0);
	if (strcmp(sub, "restore") == 0)
		return remove_entry(cli, argc - 1, argv + 1, 1);
	return cli_usage(&cmd_journal, "unknown journal command \"%s\"", sub);
}

const struct hv_cmd cmd_journal = {
    .name = "journal",
    .usage = "journal [list|show|edit|rm|restore] ...",
    .summary = "look back over what you logged, and change it",
    .help = "  haven journal [--since WHEN] [--until WHEN] [--kind KIND] [--limit N] [--deleted]\n"
            "        entries, newest first\n"
            "  haven journal show ID        one entry in full\n"
            "  haven journal edit ID [FLAGS] change fields: the flags of 'haven log', plus --what\n"
            "  haven journal rm ID          delete (undo with restore)\n"
            "  haven journal rm ID --purge  delete for good\n"
            "  haven journal restore ID     bring a deleted entry back\n\n"
            "IDs may be shortened to their first few characters. --json prints JSON.",
    .run = run,
};
