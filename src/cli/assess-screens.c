/*
 * assess-screens.c — what `haven assess` draws: a result (scores, what
 * they are not, the practices that may help), the note every screen
 * carries, and the history.  The result itself is the library's
 * (hv_assess_result_json), so --json and the web app show the same.
 */
#include "assess-screens.h"
#include "assess-plane.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/content.h"
#include "core/text.h"

const char *assess_words(const char *path, const char *fallback)
{
	return hv_content_text("assess.json", path, fallback);
}

void assess_print_scores(struct hv_cli *cli, const json_t *scored)
{
	size_t i;
	json_t *s;
	const char *last_dir = NULL;
	json_array_foreach(json_object_get(scored, "subscales"), i, s)
	{
		/* A heading whenever the direction changes, so it is never silent. */
		const char *dir = cli_str(s, "higher_means");
		if (!last_dir || strcmp(last_dir, dir) != 0)
			printf("\n%s(higher means %s)%s\n", cli_dim(cli), dir, cli_reset(cli));
		last_dir = dir;
		const json_t *band = json_object_get(s, "band");
		int pad = 32 - hv_text_width(cli_str(s, "title"));
		printf("  %s%s%s%*s %5.2f  %s%s%s\n", cli_bold(cli), cli_str(s, "title"),
		       cli_reset(cli), pad > 0 ? pad : 1, "",
		       json_real_value(json_object_get(s, "score")),
		       json_is_true(json_object_get(s, "flagged")) ? cli_accent(cli) : "",
		       json_is_object(band) ? cli_str(band, "name") : "", cli_reset(cli));
		if (json_is_object(band) && *cli_str(band, "text"))
			printf("      %s%s%s\n", cli_dim(cli), cli_str(band, "text"),
			       cli_reset(cli));
	}
}

static void print_practices(struct hv_cli *cli, const json_t *flagged)
{
	printf("\n%s%s%s\n", cli_bold(cli),
	       assess_words("flagged_heading", "Where practice may help"), cli_reset(cli));
	if (json_array_size(flagged) == 0)
		printf("  %s\n", assess_words("none_flagged", ""));
	size_t i, j;
	json_t *f, *p;
	json_array_foreach(flagged, i, f)
	{
		printf("  %s\n", cli_str(f, "title"));
		json_array_foreach(json_object_get(f, "practices"), j, p)
		{
			/* The data names an action; here it is the command. */
			printf("    %shaven %-8s%s %s\n", cli_accent(cli), cli_str(p, "do"),
			       cli_reset(cli), cli_str(p, "why"));
		}
	}
}

/* The one line a screen carries about what a result is and is not: more
 * than one reads as a warning label rather than a reflection. */
void assess_print_note(struct hv_cli *cli)
{
	printf("%s", cli_bold(cli));
	cli_wrap(0, assess_words("note", "This is a reflection, not a diagnosis."));
	printf("%s\n", cli_reset(cli));
}

/* The full screen after a result: scores, what they are not, what helps. */
static int show_result(struct hv_cli *cli, struct hv_store *st, const json_t *inst,
                       const struct hv_record *r, json_t *result, json_t *crisis)
{
	if (cli->json) {
		cli_add_crisis(result, json_incref(crisis));
		return cli_print_json(result);
	}
	const char *target = json_string_value(json_object_get(result, "target"));
	char when[48];
	cli_format_when(r->created_ms, r->created_off, hv_now_ms(), when, sizeof when);
	/* The id goes by the heading, so the screen ends on what to do next. */
	printf("\n%s%s%s%s%s, %s %s(result %.8s)%s\n", cli_bold(cli), cli_str(inst, "title"),
	       cli_reset(cli), target ? " — " : "", target ? target : "", when, cli_dim(cli), r->id,
	       cli_reset(cli));
	assess_print_note(cli);
	assess_print_scores(cli, result);
	/* Where both dimensions are measured, where this take sits among the others. */
	assess_print_plane_of(cli, st, inst, target);
	print_practices(cli, json_object_get(result, "practices"));
	json_decref(result);
	size_t i;
	json_t *line;
	printf("\n");
	json_array_foreach(json_object_get(hv_content_json("assess.json", NULL), "after"), i, line)
	{
		cli_wrap(0, json_string_value(line));
		printf("\n");
	}
	return HV_EXIT_OK;
}

/* The result screen; crisis (borrowed, may be NULL) is the notice for the
 * reflections just written, carried into --json. */
int assess_show_record(struct hv_cli *cli, struct hv_store *st, const struct hv_record *r,
                       json_t *crisis)
{
	struct hv_error err;
	json_t *inst = hv_instrument_find(st, cli_str(r->body, "instrument"), &err);
	if (!inst)
		return cli_error(cli, &err);
	json_t *result = hv_assess_result_json(inst, r, &err);
	int rc = result ? show_result(cli, st, inst, r, result, crisis) : cli_error(cli, &err);
	json_decref(inst);
	return rc;
}

void assess_print_history(struct hv_cli *cli, const json_t *h)
{
	printf("%s%s%s — %lld result%s\n", cli_bold(cli), cli_str(h, "title"), cli_reset(cli),
	       (long long)json_integer_value(json_object_get(h, "results")),
	       json_integer_value(json_object_get(h, "results")) == 1 ? "" : "s");
	printf("%s", cli_dim(cli));
	cli_wrap(0, assess_words("history_note", ""));
	printf("%s\n", cli_reset(cli));
	assess_print_note(cli);
	size_t i, j;
	json_t *s, *p;
	int64_t now = hv_now_ms();
	json_array_foreach(json_object_get(h, "series"), i, s)
	{
		const char *target = json_string_value(json_object_get(s, "target"));
		printf("\n%s%s%s%s%s  %s(higher means %s)%s\n", cli_bold(cli), cli_str(s, "title"),
		       target ? " — " : "", target ? target : "", cli_reset(cli), cli_dim(cli),
		       cli_str(s, "higher_means"), cli_reset(cli));
		json_array_foreach(json_object_get(s, "points"), j, p)
		{
			char when[48];
			cli_when_of(p, "taken", now, when, sizeof when);
			const json_t *prev = json_object_get(p, "change_since_previous");
			printf("  %-20s %5.2f  %-22s", when,
			       json_real_value(json_object_get(p, "score")), cli_str(p, "band"));
			if (json_is_number(prev))
				printf(" %+.2f since the previous", json_number_value(prev));
			printf("\n");
		}
		const json_t *first = json_object_get(s, "change_since_first");
		if (json_is_number(first))
			printf("  %schange since the first: %+.2f%s\n", cli_dim(cli),
			       json_number_value(first), cli_reset(cli));
	}
}
