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

static int set(struct hv_cli *cli, const char *key, const char *value)
{
	char up[3] = {0};
	if (value && strcmp(key, "region") == 0) {
		if (!valid_region(value))
			return cli_usage(
			    &cmd_config,
			    "region must be a two-letter country code such as US, UK or "
			    "DE, not \"%s\"",
			    value);
		up[0] = (char)(value[0] & ~32);
		up[1] = (char)(value[1] & ~32);
		value = up;
	}
	if (value && strcmp(key, "sync.auto") == 0 && strcmp(value, "on") != 0 &&
	    strcmp(value, "off") != 0)
		return cli_usage(&cmd_config, "sync.auto is on or off, not \"%s\"", value);
	struct hv_store *st = cli_store(cli);
	struct hv_error err;
	if (!st)
		return HV_EXIT_FAIL;
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

static int show(struct hv_cli *cli, const char *only)
{
	struct hv_store *st = cli_store(cli);
	struct hv_error err;
	if (!st)
		return HV_EXIT_FAIL;
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

static int run(struct hv_cli *cli, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "list") == 0)
		return show(cli, NULL);
	const char *sub = argv[1];
	if (argc < 3)
		return cli_usage(&cmd_config, "config %s needs a setting name", sub);
	if (!known_key(argv[2]))
		return cli_usage(&cmd_config,
		                 "unknown setting \"%s\": the settings are: region, sync.auto",
		                 argv[2]);
	if (strcmp(sub, "get") == 0 && argc == 3)
		return show(cli, argv[2]);
	if (strcmp(sub, "set") == 0 && argc == 4)
		return set(cli, argv[2], argv[3]);
	if (strcmp(sub, "unset") == 0 && argc == 3)
		return set(cli, argv[2], NULL);
	return cli_usage(&cmd_config, "unknown or incomplete config command");
}

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
    .run = run,
};
