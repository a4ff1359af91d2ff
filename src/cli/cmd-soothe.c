/*
 * cmd-soothe.c — `haven soothe`: the person's own soothing toolkit, in
 * three groups (body, feelings, mind).  List, add, remove, and pick one at
 * random when choosing is too much.  Items are records of kind
 * "soothe-item"; removing is a soft delete.
 */
#include <getopt.h>
#include <string.h>

#include "practice-run.h"

extern const struct hv_cmd cmd_soothe;

static const char *body_str(const json_t *rec, const char *key)
{
	const char *s = json_string_value(json_object_get(json_object_get(rec, "body"), key));
	return s ? s : "";
}

static int list(struct hv_cli *cli, struct hv_store *st)
{
	struct hv_error err;
	json_t *items = hv_soothe_list(st, &err);
	if (!items)
		return cli_error(cli, &err);
	if (cli->json)
		return practice_print_json(items);
	if (json_array_size(items) == 0) {
		printf("%s\n", practice_text("soothe/empty", ""));
		json_decref(items);
		return HV_EXIT_OK;
	}
	printf("%s%s%s\n", cli_bold(cli), practice_text("soothe/title", ""), cli_reset(cli));
	const char *group = NULL;
	size_t i;
	json_t *rec;
	json_array_foreach(items, i, rec)
	{
		const char *g = body_str(rec, "group");
		if (!group || strcmp(group, g) != 0) {
			char path[64];
			snprintf(path, sizeof path, "soothe/groups/%s", g);
			printf("\n%s\n", practice_text(path, g));
			group = g;
		}
		printf("  %s%.8s%s  ", cli_accent(cli),
		       json_string_value(json_object_get(rec, "id")), cli_reset(cli));
		cli_put_words(body_str(rec, "text"), 1);
		printf("\n");
	}
	json_decref(items);
	return HV_EXIT_OK;
}

static int add_checked(struct hv_cli *cli, int argc, char **argv, json_t *crisis);

static int add(struct hv_cli *cli, int argc, char **argv)
{
	/* The item passes the crisis net before anything is checked or kept. */
	json_t *crisis = cli_crisis_argv(cli, HV_SOOTHE_KIND, argc - 1, argv + 1);
	int rc = add_checked(cli, argc, argv, crisis);
	json_decref(crisis);
	return rc;
}

static int add_checked(struct hv_cli *cli, int argc, char **argv, json_t *crisis)
{
	static const struct option opts[] = {{"group", required_argument, NULL, 'g'},
	                                     {NULL, 0, NULL, 0}};
	const char *group = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":g:", opts, NULL)) != -1) {
		switch (c) {
		case 'g': group = optarg; break;
		case ':': return cli_usage(&cmd_soothe, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_soothe, "unknown option %s", cli_bad_option(argv));
		}
	}
	if (!group)
		return cli_usage(&cmd_soothe, "soothe add needs --group body, feelings or mind");
	if (!hv_soothe_group_valid(group))
		return cli_usage(&cmd_soothe, "unknown group \"%s\": choose body, feelings or mind",
		                 group);
	if (optind != argc - 1)
		return cli_usage(&cmd_soothe, "soothe add needs the item as one quoted text, e.g. "
		                              "\"a warm shower\"");
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	struct hv_record r;
	if (hv_soothe_add(st, group, argv[optind], &r, &err) < 0)
		return cli_error(cli, &err);
	int rc = HV_EXIT_OK;
	if (cli->json) {
		json_t *j = hv_record_to_json(&r);
		cli_add_crisis(j, json_incref(crisis));
		rc = practice_print_json(j);
	} else {
		printf("%s %s(%.8s)%s\n", practice_text("soothe/added", ""), cli_dim(cli), r.id,
		       cli_reset(cli));
	}
	hv_record_release(&r);
	return rc;
}

static int remove_item(struct hv_cli *cli, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(&cmd_soothe, "soothe rm needs one item id (see haven soothe)");
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	struct hv_record r;
	if (hv_soothe_remove(st, argv[1], &r, &err) < 0)
		return cli_error(cli, &err);
	int rc = HV_EXIT_OK;
	if (cli->json)
		rc = practice_print_json(hv_record_to_json(&r));
	else
		printf("%s %s\n", practice_text("soothe/removed", ""),
		       json_string_value(json_object_get(r.body, "text")));
	hv_record_release(&r);
	return rc;
}

static int pick(struct hv_cli *cli, struct hv_store *st)
{
	struct hv_error err;
	json_t *one = hv_soothe_pick(st, &err);
	if (!one)
		return cli_error(cli, &err);
	if (cli->json)
		return practice_print_json(one);
	printf("%s%s%s\n\n  ", cli_dim(cli), practice_text("soothe/pick", ""), cli_reset(cli));
	cli_put_words(body_str(one, "text"), 0);
	printf("\n");
	json_decref(one);
	return HV_EXIT_OK;
}

static int run(struct hv_cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "list";
	if (strcmp(sub, "add") == 0)
		return add(cli, argc - 1, argv + 1);
	if (strcmp(sub, "rm") == 0)
		return remove_item(cli, argc - 1, argv + 1);
	if (strcmp(sub, "list") != 0 && strcmp(sub, "pick") != 0)
		return cli_usage(&cmd_soothe, "unknown \"%s\": use list, add, rm or pick", sub);
	if (argc > 2)
		return cli_usage(&cmd_soothe, "unexpected \"%s\"", argv[2]);
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	return strcmp(sub, "pick") == 0 ? pick(cli, st) : list(cli, st);
}

const struct hv_cmd cmd_soothe = {
    .name = "soothe",
    .usage = "soothe [list | add --group body|feelings|mind TEXT | rm ID | pick]",
    .summary = "your own soothing toolkit; pick one at random when choosing is hard",
    .help = "  soothe                   list your toolkit by group\n"
            "  soothe add --group G TEXT  add an item to group body, feelings or mind\n"
            "  soothe rm ID             remove an item (ids may be shortened)\n"
            "  soothe pick              one item at random\n"
            "      --json               records as JSON",
    .run = run,
};
