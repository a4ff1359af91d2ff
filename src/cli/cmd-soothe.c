/*
 * cmd-soothe.c — `haven soothe`: the person's own soothing toolkit, in
 * three groups (body, feelings, mind).  List, add, remove, and pick one at
 * random when choosing is too much.  Items are records of kind
 * "soothe-item"; removing is a soft delete.
 */
#include <string.h>

#include "args.h"
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

static int add_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *group = cli_arg(a, "--group");
	if (!group)
		return cli_usage(&cmd_soothe, "soothe add needs --group body, feelings or mind");
	if (!hv_soothe_group_valid(group))
		return cli_usage(&cmd_soothe, "unknown group \"%s\": choose body, feelings or mind",
		                 group);
	if (a->argc != 1)
		return cli_usage(&cmd_soothe, "soothe add needs the item as one quoted text, e.g. "
		                              "\"a warm shower\"");
	return 0;
}

static int add(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
	const char *group = cli_arg(a, "--group");
	json_t *crisis = a->crisis;
	struct hv_error err;
	struct hv_record r;
	if (hv_soothe_add(st, group, a->argv[0], &r, &err) < 0)
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

static int remove_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	if (a->argc != 1 || a->argv[0][0] == '-')
		return cli_usage(&cmd_soothe, "soothe rm needs one item id (see haven soothe)");
	return 0;
}

static int remove_item(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
	struct hv_error err;
	struct hv_record r;
	if (hv_soothe_remove(st, a->argv[0], &r, &err) < 0)
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

static int run_list(struct hv_cli *cli, struct cli_args *a)
{
	return list(cli, a->store);
}

static int run_pick(struct hv_cli *cli, struct cli_args *a)
{
	return pick(cli, a->store);
}

/* No subcommand is the list; a word that is none of them is refused
 * before the store is opened. */
static int no_sub_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	if (a->argc)
		return cli_usage(&cmd_soothe, "unknown \"%s\": use list, add, rm or pick",
		                 a->argv[0]);
	return 0;
}

static const struct cli_sub subs[] = {
    {"add",
     &(const struct cli_argspec){
         .opts = (const struct cli_argdef[]){CLI_VALUE("--group", 'g'), CLI_END},
         .store = CLI_STORE_OPEN,
         .check = add_check,
         .run = add,
         .crisis_kind = HV_SOOTHE_KIND}},
    {"rm", &(const struct cli_argspec){.store = CLI_STORE_OPEN,
                                       .check = remove_check,
                                       .run = remove_item}},
    {"list",
     &(const struct cli_argspec){.store = CLI_STORE_READ, .check = cli_no_words, .run = run_list}},
    {"pick",
     &(const struct cli_argspec){.store = CLI_STORE_READ, .check = cli_no_words, .run = run_pick}},
    {NULL, NULL},
};

const struct hv_cmd cmd_soothe = {
    .name = "soothe",
    .usage = "soothe [list | add --group body|feelings|mind TEXT | rm ID | pick]",
    .summary = "your own soothing toolkit; pick one at random when choosing is hard",
    .help = "  soothe                   list your toolkit by group\n"
            "  soothe add --group G TEXT  add an item to group body, feelings or mind\n"
            "      -g, --group G        which group: body, feelings or mind\n"
            "  soothe rm ID             remove an item (ids may be shortened)\n"
            "  soothe pick              one item at random\n"
            "      --json               records as JSON",
    .args =
        &(const struct cli_argspec){
            .subs = subs, .store = CLI_STORE_READ, .check = no_sub_check, .run = run_list},
};
