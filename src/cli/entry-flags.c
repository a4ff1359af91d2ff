/*
 * entry-flags.c — journal-entry flags into a body (see the header).
 *
 * The one parser (args.c) reads them; each value is taken here in the
 * order given, so repeatable flags (-k, --emotion, --did) build lists.  In
 * an edit a list given replaces the stored one rather than adding to it,
 * which is what a person correcting an entry expects.
 */
#include "entry-flags.h"

#include <string.h>

void cli_list_add(json_t *body, const char *key, const char *value)
{
	json_t *list = json_object_get(body, key);
	if (!json_is_array(list)) {
		list = json_array();
		json_object_set_new(body, key, list);
	}
	json_array_append_new(list, hv_json_text(value));
}

/* Each flag that writes a field as it is given, and the field. */
static const struct {
	const char *flag, *key;
	int list;
} fields[] = {
    {"--kind", "triggers", 1}, {"--what", "what", 0},        {"--thought", "thoughts", 0},
    {"--body", "body", 0},     {"--emotion", "emotions", 1}, {"--response", "response", 0},
    {"--did", "responses", 1},
};

/* A whole number in [lo, hi] into the body at key. */
static int take_int(struct cli_args *a, const char *flag, const char *value, long lo, long hi,
                    const char *key)
{
	long v;
	if (cli_parse_int(a->cmd, flag, value, lo, hi, &v) < 0)
		return HV_EXIT_USAGE;
	json_object_set_new(a->body, key, json_integer(v));
	return 0;
}

int cli_entry_take(struct cli_args *a, const struct cli_argdef *opt, const char *value)
{
	if (!a->body)
		a->body = json_object();
	const char *flag = opt->name;
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		if (strcmp(flag, fields[i].flag) != 0)
			continue;
		if (fields[i].list)
			cli_list_add(a->body, fields[i].key, value);
		else
			json_object_set_new(a->body, fields[i].key, hv_json_text(value));
		return 0;
	}
	if (strcmp(flag, "--intensity") == 0)
		return take_int(a, flag, value, 1, 10, "intensity");
	if (strcmp(flag, "--recovered") == 0)
		return take_int(a, flag, value, 0, 60 * 24 * 30, "recovered_minutes");
	if (strcmp(flag, "--protest") == 0 || strcmp(flag, "--soothing") == 0) {
		json_object_set_new(a->body, "response_type", json_string(flag + 2));
		return 0;
	}
	/* --at: kept in its option's slot, for cli_entry_at */
	return cli_parse_when(a->cmd, flag, value, cli_arg_num(a, flag)) < 0 ? HV_EXIT_USAGE : 0;
}

json_t *cli_entry_body(struct cli_args *a)
{
	json_t *body = a->body ? a->body : json_object();
	a->body = NULL;
	return body;
}

int64_t cli_entry_at(struct cli_args *a)
{
	int64_t *at = cli_arg_num(a, "--at");
	return at && cli_flag(a, "--at") ? *at : 0;
}
