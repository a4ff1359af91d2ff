/*
 * entry-flags.c — parsing journal-entry flags into a body (see the header).
 *
 * Repeatable flags (-k, --emotion, --did) build lists; the first use in an
 * edit replaces the stored list rather than adding to it, which is what a
 * person correcting an entry expects.
 */
#include "entry-flags.h"

#include <getopt.h>
#include <string.h>

enum {
	OPT_WHAT = 256,
	OPT_THOUGHT,
	OPT_BODY,
	OPT_EMOTION,
	OPT_RESPONSE,
	OPT_PROTEST,
	OPT_SOOTHING,
	OPT_RECOVERED,
	OPT_AT,
	OPT_DID,
};

static const struct option options[] = {
    {"intensity", required_argument, NULL, 'i'},
    {"kind", required_argument, NULL, 'k'},
    {"what", required_argument, NULL, OPT_WHAT},
    {"thought", required_argument, NULL, OPT_THOUGHT},
    {"body", required_argument, NULL, OPT_BODY},
    {"emotion", required_argument, NULL, OPT_EMOTION},
    {"response", required_argument, NULL, OPT_RESPONSE},
    {"did", required_argument, NULL, OPT_DID},
    {"protest", no_argument, NULL, OPT_PROTEST},
    {"soothing", no_argument, NULL, OPT_SOOTHING},
    {"recovered", required_argument, NULL, OPT_RECOVERED},
    {"at", required_argument, NULL, OPT_AT},
    {NULL, 0, NULL, 0},
};

void cli_list_add(json_t *body, const char *key, const char *value)
{
	json_t *list = json_object_get(body, key);
	if (!json_is_array(list)) {
		list = json_array();
		json_object_set_new(body, key, list);
	}
	json_array_append_new(list, hv_json_text(value));
}

static void set_text(json_t *body, const char *key, const char *value)
{
	json_object_set_new(body, key, hv_json_text(value));
}

int cli_entry_flags(const struct hv_cmd *cmd, int argc, char **argv, json_t *body,
                    int *have_intensity, int64_t *at)
{
	long v;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:i:k:", options, NULL)) != -1) {
		switch (c) {
		case 'i':
			if (cli_parse_int(cmd, "--intensity", optarg, 1, 10, &v) < 0)
				return HV_EXIT_USAGE;
			json_object_set_new(body, "intensity", json_integer(v));
			*have_intensity = 1;
			break;
		case 'k': cli_list_add(body, "triggers", optarg); break;
		case OPT_WHAT: set_text(body, "what", optarg); break;
		case OPT_THOUGHT: set_text(body, "thoughts", optarg); break;
		case OPT_BODY: set_text(body, "body", optarg); break;
		case OPT_EMOTION: cli_list_add(body, "emotions", optarg); break;
		case OPT_RESPONSE: set_text(body, "response", optarg); break;
		case OPT_DID: cli_list_add(body, "responses", optarg); break;
		case OPT_PROTEST: set_text(body, "response_type", "protest"); break;
		case OPT_SOOTHING: set_text(body, "response_type", "soothing"); break;
		case OPT_RECOVERED:
			if (cli_parse_int(cmd, "--recovered", optarg, 0, 60 * 24 * 30, &v) < 0)
				return HV_EXIT_USAGE;
			json_object_set_new(body, "recovered_minutes", json_integer(v));
			break;
		case OPT_AT:
			if (cli_parse_when(cmd, "--at", optarg, at) < 0)
				return HV_EXIT_USAGE;
			break;
		case ':': return cli_usage(cmd, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(cmd, "unknown option %s", cli_bad_option(argv));
		}
	}
	return 0;
}
