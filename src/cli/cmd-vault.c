/*
 * cmd-vault.c — `haven vault enable|change|disable|unlock|lock|status|check`:
 * encryption at rest for the database (core/vault.h has the scheme).
 *
 * Passphrases come from a private file or the terminal, never from argv
 * (passphrase.c).  Before a vault is made the person is told plainly what a
 * forgotten passphrase means, because nothing can bring the entries back.
 * `unlock` holds the key in the kernel keyring for a while, like ssh-agent,
 * because deriving it costs most of a second on every command otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "core/content.h"
#include "core/duration.h"
#include "core/keyring.h"
#include "core/template.h"
#include "core/vault.h"
#include "passphrase.h"

/* How long `vault unlock` lasts unless told, and at most. */
#define UNLOCK_DEFAULT_MS (30 * 60000LL)
#define UNLOCK_MAX_MS     (24 * 3600000LL)

extern const struct hv_cmd cmd_vault;

/* The words of data/vault.json at path ("check/damaged"). */
static const char *words(const char *path)
{
	return hv_content_text("vault.json", path, "");
}

/* Of a pair of words at path, the one for n: one, or more than one. */
static const char *counted(const char *path, long long n)
{
	const json_t *pair = hv_json_at(hv_content_json("vault.json", NULL), path);
	return json_string_value(json_array_get(pair, n == 1 ? 0 : 1));
}

/* Words with their slots filled (kv as hv_template_fill takes it), on a
 * line of their own: said to a person on stdout, or on stderr after
 * "haven: " for what a check found. */
static void say(FILE *f, const char *text, const char *const kv[])
{
	char *line = hv_template_fill(text ? text : "", kv);
	if (f == stdout)
		cli_say(line ? line : "");
	else
		fprintf(f, "haven: %s\n", line ? line : "");
	free(line);
}

static void say_path(const char *key, struct hv_store *st)
{
	const char *kv[] = {"path", hv_store_path(st), NULL};
	say(stdout, words(key), kv);
}

/* The options the subcommands share; each says which it heeds. */
struct opts {
	const char *pass_file, *new_pass_file, *for_text;
	int yes;
	struct hv_store *st; /* opened by the subcommand's spec */
	int64_t for_ms;      /* unlock: --for, read by its check */
};

static const struct cli_argdef shared_opts[] = {
    CLI_PASSPHRASE_FILE,
    CLI_PASSPHRASE_REFUSED,
    {.name = "--new-passphrase-file", .value = 1, .needs = "a file path"},
    {.name = "--yes", .letter = 'y'},
    {.name = "--for", .value = 1, .needs = "a length such as 30m"},
    CLI_END,
};

static void opts_of(struct cli_args *a, struct opts *o)
{
	*o = (struct opts){.pass_file = cli_arg(a, "--passphrase-file"),
	                   .new_pass_file = cli_arg(a, "--new-passphrase-file"),
	                   .for_text = cli_arg(a, "--for"),
	                   .yes = cli_flag(a, "--yes") > 0,
	                   .st = a->store,
	                   .for_ms = *cli_arg_num(a, "--for")};
}

static int count_entries(struct hv_store *st)
{
	int64_t n = 0;
	struct hv_error err;
	return hv_store_count(st, NULL, &n, &err) == 0 ? (int)n : 0;
}

/* An enable that sealed every entry but could not yet rewrite the file
 * (killed, or another program was reading): finish it, no passphrase needed. */
static int finish_scrub(struct hv_cli *cli, struct hv_store *st)
{
	struct hv_error err;
	if (hv_store_exclusive(st, "finish sealing the journal", &err) < 0 ||
	    hv_vault_scrub(st, &err) < 0)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(json_pack("{s:b, s:b}", "vault", 1, "finished", 1));
	say_path("finished", st);
	return HV_EXIT_OK;
}

static int enable(struct hv_cli *cli, const struct opts *o)
{
	struct hv_store *st = o->st;
	struct hv_error err;
	if (hv_vault_on(st) && hv_vault_scrub_pending(st))
		return finish_scrub(cli, st);
	if (hv_vault_on(st)) {
		hv_fail(
		    &err, HV_EDATA,
		    "%s is already a vault. To choose a new passphrase, use `haven vault change`",
		    hv_store_path(st));
		return cli_error(cli, &err);
	}
	/* Before asking anything: it cannot go on while haven serve runs. */
	if (hv_store_exclusive(st, "seal the journal", &err) < 0)
		return cli_error(cli, &err);
	if (!cli->quiet)
		cli->interactive && !cli->json ? cli_say(words("forgotten"))
		                               : (void)fprintf(stderr, "%s\n", words("forgotten"));
	if (cli->interactive && !cli->json)
		fputc('\n', stdout);
	struct cli_pass p;
	if (cli_pass_get(cli, o->pass_file, 1, words("ask_new"), CLI_PASS_NEW, &p) < 0)
		return HV_EXIT_FAIL;
	if (cli->interactive && !cli->json)
		cli_say(words("sealing"));
	int rc = hv_vault_enable(st, p.buf, p.n, &err);
	cli_pass_free(&p);
	if (rc < 0)
		return cli_error(cli, &err);
	int n = count_entries(st);
	if (cli->json)
		return cli_print_json(json_pack("{s:b, s:i}", "vault", 1, "entries", n));
	char count[24];
	snprintf(count, sizeof count, "%d", n);
	const char *kv[] = {"n", count, "path", hv_store_path(st), NULL};
	say(stdout, counted("enabled", n), kv);
	return HV_EXIT_OK;
}

static int change(struct hv_cli *cli, const struct opts *o)
{
	struct hv_store *st = o->st;
	struct hv_error err;
	if (!hv_vault_on(st)) {
		hv_fail(&err, HV_EDATA, "%s is not a vault. To seal it, use `haven vault enable`",
		        hv_store_path(st));
		return cli_error(cli, &err);
	}
	if (hv_store_exclusive(st, "change the passphrase", &err) < 0)
		return cli_error(cli, &err);
	if (cli_unlock_asking(cli, st, NULL) < 0)
		return HV_EXIT_FAIL;
	struct hv_error ignored; /* the old key opens nothing after the change */
	hv_vault_release(st, &ignored);
	struct cli_pass p;
	if (cli_pass_get(cli, o->new_pass_file, 0, words("ask_changed"), CLI_PASS_NEW, &p) < 0)
		return HV_EXIT_FAIL;
	int rc = hv_vault_change(st, p.buf, p.n, &err);
	cli_pass_free(&p);
	if (rc < 0)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(json_pack("{s:b, s:b}", "vault", 1, "changed", 1));
	cli_say(words("changed"));
	return HV_EXIT_OK;
}

static int disable(struct hv_cli *cli, const struct opts *o)
{
	struct hv_store *st = o->st;
	struct hv_error err;
	if (!hv_vault_on(st)) {
		hv_fail(&err, HV_EDATA, "%s is not a vault; there is nothing to open",
		        hv_store_path(st));
		return cli_error(cli, &err);
	}
	if (hv_store_exclusive(st, "open the vault", &err) < 0)
		return cli_error(cli, &err);
	if (!o->yes) {
		if (!cli->interactive)
			return cli_usage(&cmd_vault,
			                 "disable stores every entry in clear text again; "
			                 "add --yes to confirm when haven cannot ask");
		char *answer = cli_ask(words("disable_ask"));
		int yes = answer && strcmp(answer, words("disable_yes")) == 0;
		free(answer);
		if (!yes) {
			cli_say(words("disable_kept"));
			return HV_EXIT_OK;
		}
	}
	if (cli_unlock_asking(cli, st, NULL) < 0)
		return HV_EXIT_FAIL;
	struct hv_error ignored; /* no vault, no key to hold */
	hv_vault_release(st, &ignored);
	if (hv_vault_disable(st, &err) < 0)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(json_pack("{s:b}", "vault", 0));
	say_path("disabled", st);
	return HV_EXIT_OK;
}

static int status(struct hv_cli *cli, struct hv_store *st)
{
	int on = hv_vault_on(st), pending = hv_vault_scrub_pending(st), held = hv_vault_held(st);
	if (cli->json)
		return cli_print_json(json_pack("{s:s, s:b, s:b, s:b}", "database",
		                                hv_store_path(st), "vault", on, "unfinished",
		                                pending, "unlocked", held));
	say_path(on ? "status_on" : "status_off", st);
	if (pending)
		cli_say(words("status_unfinished"));
	if (held)
		cli_say(words("status_unlocked"));
	return HV_EXIT_OK;
}

/* One part of a length, "2 hours", after what buf holds (and a space). */
static void add_part(char *buf, size_t n, const char *unit, unsigned v)
{
	char path[32], num[16];
	snprintf(path, sizeof path, "length/%s", unit);
	snprintf(num, sizeof num, "%u", v);
	const char *kv[] = {"n", num, NULL};
	char *part = hv_template_fill(counted(path, v), kv);
	size_t len = strlen(buf);
	snprintf(buf + len, n - len, "%s%s", len ? " " : "", part ? part : num);
	free(part);
}

/* "30 minutes", "2 hours 5 minutes", "45 seconds": how long, for people. */
static void say_length(unsigned secs, char *buf, size_t n)
{
	unsigned h = secs / 3600, m = secs / 60 % 60, s = secs % 60;
	buf[0] = '\0';
	if (h)
		add_part(buf, n, "hour", h);
	if (m)
		add_part(buf, n, "minute", m);
	if (s || secs == 0)
		add_part(buf, n, "second", s);
}

static struct hv_store *vault_or_fail(struct hv_cli *cli, struct hv_store *st, const char *what)
{
	if (!hv_vault_on(st)) {
		struct hv_error err;
		hv_fail(&err, HV_EDATA, "%s is not a vault; there is nothing to %s",
		        hv_store_path(st), what);
		cli_error(cli, &err);
		return NULL;
	}
	return st;
}

static int unlock(struct hv_cli *cli, const struct opts *o)
{
	unsigned secs = (unsigned)((o->for_ms + 999) / 1000);
	struct hv_store *st = vault_or_fail(cli, o->st, "unlock");
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	/* Before asking for anything: where the keyring cannot be used, say so. */
	if (hv_keyring_available(&err) < 0)
		return cli_error(cli, &err);
	if (cli_unlock_asking(cli, st, o->pass_file) < 0)
		return HV_EXIT_FAIL;
	if (hv_vault_hold(st, secs, &err) < 0)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(json_pack("{s:b, s:b, s:I}", "vault", 1, "unlocked", 1,
		                                "seconds", (json_int_t)secs));
	char length[96];
	say_length(secs, length, sizeof length);
	const char *kv[] = {"length", length, NULL};
	say(stdout, words("unlocked"), kv);
	return HV_EXIT_OK;
}

static int lock(struct hv_cli *cli, const struct opts *o)
{
	struct hv_store *st = vault_or_fail(cli, o->st, "lock");
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	int dropped = 0;
	if (hv_keyring_available(&err) < 0) {
		/* Nothing can have been held: the vault is locked all the same. */
		if (!cli->quiet)
			fprintf(stderr, "haven: note: %s\n", err.msg);
	} else if ((dropped = hv_vault_release(st, &err)) < 0) {
		return cli_error(cli, &err);
	}
	if (cli->json)
		return cli_print_json(
		    json_pack("{s:b, s:b, s:b}", "vault", 1, "locked", 1, "was_unlocked", dropped));
	cli_say(words(dropped ? "locked" : "not_unlocked"));
	return HV_EXIT_OK;
}

struct bad_list {
	json_t *ids;   /* entries that do not open */
	json_t *facts; /* entries whose cached facts were changed */
};

static void note_bad(const char *id, const char *kind, void *ctx)
{
	struct bad_list *b = ctx;
	if (strcmp(kind, HV_VAULT_BAD_FACTS) == 0)
		json_array_append_new(b->facts, json_string(id));
	else
		json_array_append_new(b->ids, json_pack("{s:s, s:s}", "id", id, "kind", kind));
}

/* What the comparison of the set with its seal found, for --json. */
static const char *set_name(enum hv_set_state set)
{
	switch (set) {
	case HV_SET_OK: return "ok";
	case HV_SET_MISMATCH: return "mismatch";
	case HV_SET_MISSING: return "missing";
	case HV_SET_NONE_YET: return "none-yet";
	}
	return "?";
}

/* Say what the seal over the set found; 1 when that is a failure. */
static int report_set(const char *path, enum hv_set_state set)
{
	const char *kv[] = {"path", path, NULL};
	switch (set) {
	case HV_SET_OK: return 0;
	case HV_SET_MISMATCH: say(stderr, words("check/set_mismatch"), kv); return 1;
	case HV_SET_MISSING: say(stderr, words("check/set_missing"), kv); return 1;
	case HV_SET_NONE_YET: say(stderr, words("check/set_none_yet"), kv); return 0;
	}
	return 1;
}

/* Each entry a check found changed or damaged, and how many, on stderr. */
static void report_bad(const struct bad_list *b, int64_t checked)
{
	size_t i, nbad = json_array_size(b->ids), nfacts = json_array_size(b->facts);
	json_t *one;
	char n[24], all[24];
	json_array_foreach(b->facts, i, one)
	{
		const char *kv[] = {"id", json_string_value(one), NULL};
		say(stderr, words("check/facts_changed"), kv);
	}
	snprintf(n, sizeof n, "%zu", nfacts);
	const char *kv_facts[] = {"n", n, NULL};
	if (nfacts)
		say(stderr, counted("check/facts_summary", (long long)nfacts), kv_facts);
	json_array_foreach(b->ids, i, one)
	{
		const char *kv[] = {"kind", cli_str(one, "kind"), "id", cli_str(one, "id"), NULL};
		say(stderr, words("check/damaged"), kv);
	}
	snprintf(n, sizeof n, "%zu", nbad);
	snprintf(all, sizeof all, "%lld", (long long)checked);
	const char *kv_bad[] = {"n", n, "checked", all, NULL};
	if (nbad)
		say(stderr, words("check/damaged_summary"), kv_bad);
}

static int check(struct hv_cli *cli, struct hv_store *st)
{
	struct hv_error err;
	struct bad_list b = {json_array(), json_array()};
	int64_t checked;
	enum hv_set_state set;
	if (hv_vault_verify(st, &checked, &set, note_bad, &b, &err) < 0) {
		json_decref(b.ids);
		json_decref(b.facts);
		return cli_error(cli, &err);
	}
	size_t nbad = json_array_size(b.ids), nfacts = json_array_size(b.facts);
	int set_bad = set == HV_SET_MISMATCH || set == HV_SET_MISSING;
	if (cli->json) {
		cli_print_json(json_pack("{s:I, s:o, s:o, s:s}", "checked", (json_int_t)checked,
		                         "damaged", b.ids, "facts_damaged", b.facts, "set",
		                         set_name(set)));
		return nbad || nfacts || set_bad ? HV_EXIT_FAIL : HV_EXIT_OK;
	}
	report_bad(&b, checked);
	json_decref(b.ids);
	json_decref(b.facts);
	set_bad = report_set(hv_store_path(st), set);
	if (nbad || nfacts || set_bad)
		return HV_EXIT_FAIL;
	char n[24];
	snprintf(n, sizeof n, "%lld", (long long)checked);
	const char *kv[] = {"n", n, NULL};
	say(stdout, words(set == HV_SET_OK ? "check/all_open_set" : "check/all_open"), kv);
	return HV_EXIT_OK;
}

/* Each subcommand with the options it was given. */
#define WITH_OPTS(name, fn)                                                                        \
	static int name(struct hv_cli *cli, struct cli_args *a)                                    \
	{                                                                                          \
		struct opts o;                                                                     \
		opts_of(a, &o);                                                                    \
		return fn(cli, &o);                                                                \
	}
WITH_OPTS(run_enable, enable)
WITH_OPTS(run_change, change)
WITH_OPTS(run_disable, disable)
WITH_OPTS(run_unlock, unlock)
WITH_OPTS(run_lock, lock)

static int run_status(struct hv_cli *cli, struct cli_args *a)
{
	return status(cli, a->store);
}

static int run_check(struct hv_cli *cli, struct cli_args *a)
{
	return check(cli, a->store);
}

/* Each subcommand's options, refused before the store is opened. */
static int enable_check(struct hv_cli *cli, struct cli_args *a)
{
	if (cli_arg(a, "--new-passphrase-file"))
		return cli_usage(&cmd_vault,
		                 "enable takes --passphrase-file, not --new-passphrase-file");
	return cli_no_words(cli, a);
}

static int change_check(struct hv_cli *cli, struct cli_args *a)
{
	if (cli_arg(a, "--passphrase-file"))
		return cli_usage(&cmd_vault,
		                 "change takes the new passphrase from --new-passphrase-file; the "
		                 "current one comes from HAVEN_PASSPHRASE_FILE or the terminal");
	return cli_no_words(cli, a);
}

static int unlock_check(struct hv_cli *cli, struct cli_args *a)
{
	const char *len = cli_arg(a, "--for");
	int64_t *ms = cli_arg_num(a, "--for");
	*ms = UNLOCK_DEFAULT_MS;
	if (cli_arg(a, "--new-passphrase-file"))
		return cli_usage(&cmd_vault,
		                 "unlock takes --passphrase-file, not --new-passphrase-file");
	if (len && hv_duration_read(len, UNLOCK_MAX_MS, ms) < 0)
		return cli_usage(&cmd_vault,
		                 "--for takes a length such as 30m, 2h or 90s, at most a day, "
		                 "not \"%s\"",
		                 len);
	return cli_no_words(cli, a);
}

static int lock_check(struct hv_cli *cli, struct cli_args *a)
{
	if (cli_given_besides(a, "") > a->argc)
		return cli_usage(&cmd_vault, "lock takes no options");
	return cli_no_words(cli, a);
}

/* A subcommand: the shared options, its own check, and the store opened
 * for it (left locked: each asks for the passphrase only if it must). */
#define VAULT_SUB(word, chk, fn, kind)                                                             \
	{                                                                                          \
		word, &(const struct cli_argspec)                                                  \
		{                                                                                  \
			.opts = shared_opts, .in_order = 1, .store = kind, .check = chk, .run = fn \
		}                                                                                  \
	}

static const struct cli_sub subs[] = {
    VAULT_SUB("enable", enable_check, run_enable, CLI_STORE_LOCKED),
    VAULT_SUB("change", change_check, run_change, CLI_STORE_LOCKED),
    VAULT_SUB("disable", cli_no_words, run_disable, CLI_STORE_LOCKED),
    VAULT_SUB("unlock", unlock_check, run_unlock, CLI_STORE_LOCKED),
    VAULT_SUB("lock", lock_check, run_lock, CLI_STORE_LOCKED),
    VAULT_SUB("status", cli_no_words, run_status, CLI_STORE_LOCKED),
    VAULT_SUB("check", cli_no_words, run_check, CLI_STORE_OPEN),
    {NULL, NULL},
};

/* A first word that is no action: the options after it are read first, so
 * a mistyped option is named before the action is. */
static int not_an_action(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	static const struct cli_argspec shared = {.opts = shared_opts, .in_order = 1};
	struct cli_args o;
	int rc = cli_args_read(&cmd_vault, &shared, a->argc, a->argv, &o, NULL);
	if (rc)
		return rc;
	if (o.argc)
		return cli_usage(&cmd_vault, "unexpected \"%s\"", o.argv[0]);
	return cli_usage(&cmd_vault,
	                 "\"%s\" is not a vault action: enable, change, disable, "
	                 "unlock, lock, status or check",
	                 a->argv[0]);
}

const struct hv_cmd cmd_vault = {
    .name = "vault",
    .usage = "vault enable|change|disable|unlock|lock|status|check [options]",
    .summary = "seal your entries with a passphrase (encryption at rest)",
    .help =
        "  enable    seal every entry with a key from a new passphrase (asked twice);\n"
        "            run again, it finishes a sealing that could not rewrite the file\n"
        "  change    choose a new passphrase; everything is re-sealed\n"
        "  disable   store the entries in clear text again (asks first)\n"
        "  unlock    ask for the passphrase once and keep the vault unlocked for a while\n"
        "            (--for, default 30m, at most a day): commands in this session then\n"
        "            need no passphrase and start at once\n"
        "  lock      end an unlock before its time runs out\n"
        "  status    say whether this database is a vault, whether sealing finished, and\n"
        "            whether it is unlocked\n"
        "  check     open every sealed entry and list any that were tampered with; say\n"
        "            whether an entry was removed or rolled back\n\n"
        "  --passphrase-file FILE      enable, unlock: the passphrase is the first line of FILE\n"
        "  --new-passphrase-file FILE  change: the new passphrase is the first line of FILE\n"
        "  --for LENGTH                unlock: how long, e.g. 90s, 15m, 2h\n"
        "  -y, --yes                   disable: do not ask for confirmation\n\n"
        "A passphrase file must be readable by you alone (chmod 600 FILE). Every command\n"
        "asks for the passphrase on a terminal; for scripts set HAVEN_PASSPHRASE_FILE.\n"
        "A forgotten passphrase cannot be recovered: the entries are gone with it.\n"
        "While unlocked, the key (not the passphrase) is held in the kernel keyring, never\n"
        "in a file: any program you run in this session could read it, as it could read\n"
        "your files. Where the keyring is not available (some containers) haven says so\n"
        "and asks as before. Change and disable always ask for the passphrase.\n"
        "Kind, times and counts of entries stay readable; see SECURITY.md.",
    .args = &(const struct cli_argspec){.subs = subs,
                                        .run = not_an_action,
                                        .no_sub = "say what to do: enable, change, disable, "
                                                  "unlock, lock, status or check"},
};
