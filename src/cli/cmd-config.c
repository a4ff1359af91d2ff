/*
 * cmd-config.c — `haven config`: the few settings a database keeps.
 *
 *   region   two-letter code (US, CA, UK, IE, AU, NZ, IN, DE, FR, …) that
 *            chooses which crisis lines haven shows; unset, the locale's
 *            territory is used, else an international directory.
 *   sync.auto  on or off: sync when the journal is opened and after writes
 *            (cli/auto-sync.c, and haven serve after each commit).
 */
#include <string.h>

#include "args.h"
#include "cli.h"
#include "safety/crisis.h"

extern const struct hv_cmd cmd_config;

static const char *const keys[] = {"region", "sync.auto"};

static int known_key(const char *k)
{
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (strcmp(k, keys[i]) == 0)
			return 1;
	return 0;
}

static int valid_region(const char *v)
{
	return strlen(v) == 2 && ((v[0] | 32) >= 'a' && (v[0] | 32) <= 'z') &&
	       ((v[1] | 32) >= 'a' && (v[1] | 32) <= 'z');
}

/* A value the setting can hold; 0, or the usage error's status. */
static int check_value(const char *key, const char *value)
{
	if (strcmp(key, "region") == 0 && !valid_region(value))
		return cli_usage(&cmd_config,
		                 "region must be a two-letter country code such as US, UK or "
		                 "DE, not \"%s\"",
		                 value);
	if (strcmp(key, "sync.auto") == 0 && strcmp(value, "on") != 0 && strcmp(value, "off") != 0)
		return cli_usage(&cmd_config, "sync.auto is on or off, not \"%s\"", value);
	return 0;
}

/* value NULL unsets the key; the value was checked before the store was opened. */
static int set(struct hv_cli *cli, struct hv_store *st, const char *key, const char *value)
{
	char up[3] = {0};
	struct hv_error err;
	if (value && strcmp(key, "region") == 0) {
		up[0] = (char)(value[0] & ~32);
		up[1] = (char)(value[1] & ~32);
		value = up;
	}
	if (hv_store_meta_set(st, key, value, &err) < 0)
		return cli_error(cli, &err);
	if (value && strcmp(key, "region") == 0) {
		json_t *n = hv_crisis_notice(value);
		if (json_is_null(json_object_get(json_object_get(n, "resources"), "region")))
			fprintf(stderr,
			        "haven: there is no list of crisis lines for %s yet; haven "
			        "will show an international directory instead\n",
			        value);
		json_decref(n);
	}
	return HV_EXIT_OK;
}

static int show(struct hv_cli *cli, struct hv_store *st, const char *only)
{
	struct hv_error err;
	json_t *all = json_object();
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		char buf[256];
		if (only && strcmp(only, keys[i]) != 0)
			continue;
		int r = hv_store_meta_get(st, keys[i], buf, sizeof buf, &err);
		if (r < 0) {
			json_decref(all);
			return cli_error(cli, &err);
		}
		json_object_set_new(all, keys[i], r ? json_string(buf) : json_null());
	}
	if (cli->json)
		return cli_print_json(all);
	const char *k;
	json_t *v;
	json_object_foreach(all, k, v)
	{
		if (only)
			printf("%s\n", json_is_string(v) ? json_string_value(v) : "");
		else
			printf("%s = %s\n", k,
			       json_is_string(v) ? json_string_value(v) : "(not set)");
	}
	json_decref(all);
	return HV_EXIT_OK;
}

/* A subcommand's words: the setting's name first, then as many more as it
 * takes (a value for set); 0, or the usage error's status. */
static int check_words(const char *sub, int argc, char **argv, int words)
{
	if (argc < 1)
		return cli_usage(&cmd_config, "config %s needs a setting name", sub);
	if (!known_key(argv[0]))
		return cli_usage(&cmd_config,
		                 "unknown setting \"%s\": the settings are: region, sync.auto",
		                 argv[0]);
	if (argc != words)
		return cli_usage(&cmd_config, "unknown or incomplete config command");
	return words == 2 ? check_value(argv[0], argv[1]) : 0;
}

static int get_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	return check_words("get", a->argc, a->argv, 1);
}

static int set_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	return check_words("set", a->argc, a->argv, 2);
}

static int unset_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	return check_words("unset", a->argc, a->argv, 1);
}

/* No subcommand: the list, or a word that is none of them. */
static int top_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	if (a->argc)
		return cli_usage(&cmd_config,
		                 "unknown config command \"%s\": list, get, set or unset",
		                 a->argv[0]);
	return 0;
}

static int list(struct hv_cli *cli, struct cli_args *a)
{
	return show(cli, a->store, NULL);
}

static int get(struct hv_cli *cli, struct cli_args *a)
{
	return show(cli, a->store, a->argv[0]);
}

static int set_cmd(struct hv_cli *cli, struct cli_args *a)
{
	return set(cli, a->store, a->argv[0], a->argv[1]);
}

static int unset(struct hv_cli *cli, struct cli_args *a)
{
	return set(cli, a->store, a->argv[0], NULL);
}

/* No options at all, and a value after the name is never read as one. */
static const struct cli_argdef no_opts[] = {CLI_END};
#define SUB(check_fn, run_fn)                                                                      \
	&(const struct cli_argspec)                                                                \
	{                                                                                          \
		.opts = no_opts, .in_order = 1, .store = CLI_STORE_OPEN, .check = (check_fn),      \
		.run = (run_fn), .subs = NULL                                                      \
	}
static const struct cli_sub subs[] = {
    {"list", SUB(cli_no_words, list)},
    {"get", SUB(get_check, get)},
    {"set", SUB(set_check, set_cmd)},
    {"unset", SUB(unset_check, unset)},
    {NULL, NULL},
};

const struct hv_cmd cmd_config = {
    .name = "config",
    .usage = "config [list | get KEY | set KEY VALUE | unset KEY]",
    .summary = "settings kept with your journal, such as your region",
    .help = "  region   where you live, as a two-letter code (US, CA, UK, IE, AU, NZ, IN, DE,\n"
            "           FR, ...): haven shows that country's emergency number and crisis\n"
            "           lines when something you write sounds like you may not be safe.\n"
            "           Not set: your locale's country, or an international directory.\n"
            "  sync.auto on|off   sync (haven sync) when haven opens your journal and after\n"
            "           each change, here and in haven serve. Off when not set.",
    .args = &(const struct cli_argspec){.opts = no_opts,
                                        .in_order = 1,
                                        .store = CLI_STORE_OPEN,
                                        .check = top_check,
                                        .run = list,
                                        .subs = subs},
};
