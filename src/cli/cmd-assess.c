/*
 * cmd-assess.c — `haven assess`: take a self-assessment, see the result,
 * and see how it changes over time.  This file holds the options and the
 * subcommands; the terminal questionnaire is term-quiz.c, the screens
 * assess-screens.c, and the result itself the library's (assess/view.c).
 *
 * Without a terminal everything comes from --answers.  Result screens
 * always say this is a reflection, never name a "type", and point each
 * flagged area to the haven practice that works on it (data/assess.json).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "assess-plane.h"
#include "assess-screens.h"
#include "assess/assess.h"
#include "cli.h"
#include "core/clock.h"
#include "core/template.h"
#include "core/text.h"
#include "term-quiz.h"

extern const struct hv_cmd cmd_assess;

/* ---- options ---------------------------------------------------------------- */

struct opts {
	const char *target, *answers;
	int64_t at;
	json_t *reflections; /* --reflect ID=TEXT */
	json_t *crisis;      /* the crisis notice, when the reflections hold crisis language */
};

static int parse_only(int argc, char **argv, struct opts *o);

/* Parse the options every subcommand shares; positional arguments are left
 * in argv[optind..].  0, or an exit status already reported.  The words
 * (reflections) pass the crisis net first, before anything is parsed,
 * checked or saved: help never waits for a well-formed command. */
static int parse_opts(struct hv_cli *cli, int argc, char **argv, struct opts *o)
{
	o->crisis = cli_crisis_argv(cli, HV_ASSESSMENT_KIND, argc - 1, argv + 1);
	return parse_only(argc, argv, o);
}

static void opts_free(struct opts *o)
{
	json_decref(o->reflections);
	json_decref(o->crisis);
}

static int parse_only(int argc, char **argv, struct opts *o)
{
	static const struct option longs[] = {
	    {"target", required_argument, NULL, 't'},
	    {"answers", required_argument, NULL, 'a'},
	    {"at", required_argument, NULL, 'w'},
	    {"reflect", required_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:a:", longs, NULL)) != -1) {
		switch (c) {
		case 't': o->target = optarg; break;
		case 'a': o->answers = optarg; break;
		case 'w':
			if (cli_parse_when(&cmd_assess, "--at", optarg, &o->at) < 0)
				return HV_EXIT_USAGE;
			if (o->at > hv_now_ms() + 60000)
				return cli_usage(&cmd_assess,
				                 "--at is in the future; give when it was taken");
			break;
		case 'r': {
			const char *eq = strchr(optarg, '=');
			if (!eq || eq == optarg)
				return cli_usage(&cmd_assess,
				                 "--reflect needs PROMPT=TEXT, e.g. b1=\"...\"");
			if (!o->reflections)
				o->reflections = json_object();
			char id[64];
			snprintf(id, sizeof id, "%.*s", (int)(eq - optarg < 63 ? eq - optarg : 63),
			         optarg);
			json_object_set_new(o->reflections, id, hv_json_text(eq + 1));
			break;
		}
		case ':': return cli_usage(&cmd_assess, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_assess, "unknown option %s", cli_bad_option(argv));
		}
	}
	return 0;
}

static int finish_interactive(struct hv_cli *cli, struct hv_store *st, const json_t *inst,
                              struct hv_record *r)
{
	int done = term_quiz_walk(cli, st, inst, r);
	int rc = done < 0 ? HV_EXIT_FAIL : HV_EXIT_OK;
	if (done == 1)
		rc = assess_show_record(cli, st, r, NULL);
	return rc;
}

/* ---- subcommands ------------------------------------------------------------ */

static int take(struct hv_cli *cli, int argc, char **argv)
{
	struct opts o = {0};
	int rc = parse_opts(cli, argc, argv, &o);
	if (rc)
		goto out;
	if (optind >= argc) {
		rc = cli_usage(&cmd_assess, "which instrument? e.g. haven assess take guide");
		goto out;
	}
	if (optind + 1 < argc) {
		rc = cli_usage(&cmd_assess, "unexpected \"%s\"", argv[optind + 1]);
		goto out;
	}
	if (!o.answers && !cli->interactive) {
		rc = cli_usage(&cmd_assess, "not on a terminal, so nothing can be asked: give the "
		                            "answers with --answers ITEM=ANSWER,... (for the "
		                            "guide: a1=4,a2=3,...,d16=2)");
		goto out;
	}
	struct hv_store *st = cli_store(cli);
	if (!st) {
		rc = HV_EXIT_FAIL;
		goto out;
	}
	struct hv_error err;
	struct hv_record r;
	json_t *inst = hv_instrument_find(st, argv[optind], &err);
	if (!inst) {
		rc = cli_error(cli, &err);
		goto out;
	}
	if (o.answers) {
		/* the reflections, cleaned by the rule the web app's follow too */
		json_t *answers = hv_answers_parse(inst, o.answers, &err), *refl = json_object();
		if (!answers || hv_target_check(inst, o.target, &err) < 0 ||
		    (o.reflections &&
		     hv_assess_merge_reflections(inst, refl, o.reflections, &err) < 0) ||
		    hv_assess_save(st, inst, o.target, answers,
		                   json_object_get(refl, "reflections"), o.at, &r, &err) < 0) {
			rc = cli_error(cli, &err);
		} else {
			rc = assess_show_record(cli, st, &r, o.crisis);
			hv_record_release(&r);
		}
		json_decref(refl);
		json_decref(answers);
	} else {
		const char *target = o.target;
		if (json_object_get(inst, "targets") && !target)
			target = term_quiz_target(cli, inst);
		if (hv_assess_begin(st, inst, target, &r, &err) < 0) {
			rc = cli_error(cli, &err);
		} else {
			printf("\n%s%s%s\n%s\n%s%s%s\n", cli_bold(cli), cli_str(inst, "title"),
			       cli_reset(cli), cli_str(inst, "intro"), cli_dim(cli),
			       assess_words("before", ""), cli_reset(cli));
			rc = finish_interactive(cli, st, inst, &r);
			hv_record_release(&r);
		}
	}
	json_decref(inst);
out:
	opts_free(&o);
	return rc;
}

static int resume(struct hv_cli *cli, int argc, char **argv)
{
	struct opts o = {0};
	int rc = parse_opts(cli, argc, argv, &o);
	if (rc || (o.target && (rc = cli_usage(&cmd_assess, "resume keeps the result's own "
	                                                    "target; leave out --target"))))
		goto out;
	if (optind + 1 < argc) {
		rc = cli_usage(&cmd_assess, "unexpected \"%s\"", argv[optind + 1]);
		goto out;
	}
	if (!o.answers && !cli->interactive) {
		rc = cli_usage(&cmd_assess, "not on a terminal, so nothing can be asked: give the "
		                            "remaining answers with --answers");
		goto out;
	}
	struct hv_store *st = cli_store(cli);
	if (!st) {
		rc = HV_EXIT_FAIL;
		goto out;
	}
	struct hv_error err;
	struct hv_record r;
	if (hv_assess_find_unfinished(st, optind < argc ? argv[optind] : NULL, &r, &err) < 0) {
		rc = cli_error(cli, &err);
		goto out;
	}
	json_t *inst = hv_instrument_find(st, cli_str(r.body, "instrument"), &err);
	if (!inst) {
		rc = cli_error(cli, &err);
		hv_record_release(&r);
		goto out;
	}
	if (o.answers) {
		json_t *more = hv_answers_parse(inst, o.answers, &err);
		json_t *changes = more ? json_pack("{s:O}", "answers", more) : NULL;
		if (changes && o.reflections)
			json_object_set(changes, "reflections", o.reflections);
		/* Complete or nothing: a short list changes nothing. */
		rc = !changes || hv_assess_apply(st, inst, &r, changes, 1, NULL, &err) < 0
		         ? cli_error(cli, &err)
		         : assess_show_record(cli, st, &r, o.crisis);
		json_decref(changes);
		json_decref(more);
	} else {
		printf("\n%s%s%s — continuing where you stopped.\n", cli_bold(cli),
		       cli_str(inst, "title"), cli_reset(cli));
		rc = finish_interactive(cli, st, inst, &r);
	}
	hv_record_release(&r);
	json_decref(inst);
out:
	opts_free(&o);
	return rc;
}

static int score(struct hv_cli *cli, int argc, char **argv)
{
	struct opts o = {0};
	int rc = parse_opts(cli, argc, argv, &o);
	if (rc)
		goto out;
	if (optind >= argc || !o.answers) {
		rc =
		    cli_usage(&cmd_assess, "give an instrument file and --answers ITEM=ANSWER,...");
		goto out;
	}
	if (optind + 1 < argc) {
		rc = cli_usage(&cmd_assess, "unexpected \"%s\"", argv[optind + 1]);
		goto out;
	}
	struct hv_error err;
	json_t *inst = hv_instrument_load_file(argv[optind], &err);
	json_t *answers = inst ? hv_answers_parse(inst, o.answers, &err) : NULL;
	json_t *scored = answers && hv_target_check(inst, o.target, &err) == 0
	                     ? hv_assess_score(inst, answers, &err)
	                     : NULL;
	if (!scored) {
		rc = cli_error(cli, &err);
	} else if (cli->json) {
		if (o.target)
			json_object_set_new(scored, "target", json_string(o.target));
		rc = cli_print_json(json_incref(scored));
	} else {
		printf("%s%s%s%s%s\n", cli_bold(cli), cli_str(inst, "title"), cli_reset(cli),
		       o.target ? " — " : "", o.target ? o.target : "");
		assess_print_note(cli);
		assess_print_scores(cli, scored);
		rc = HV_EXIT_OK;
	}
	json_decref(scored);
	json_decref(answers);
	json_decref(inst);
out:
	opts_free(&o);
	return rc;
}

static int history(struct hv_cli *cli, int argc, char **argv)
{
	struct opts o = {0};
	int rc = parse_opts(cli, argc, argv, &o);
	if (rc || ((o.answers || o.target || o.at || o.reflections) &&
	           (rc = cli_usage(&cmd_assess, "history takes only an instrument id"))))
		goto out;
	if (optind + 1 != argc) {
		rc = cli_usage(&cmd_assess,
		               "give one instrument id, e.g. haven assess history guide");
		goto out;
	}
	struct hv_store *st = cli_store(cli);
	if (!st) {
		rc = HV_EXIT_FAIL;
		goto out;
	}
	struct hv_error err;
	json_t *inst = hv_instrument_find(st, argv[optind], &err);
	json_t *h = inst ? hv_assess_history(st, inst, &err) : NULL;
	if (!h) {
		rc = cli_error(cli, &err);
	} else if (cli->json) {
		rc = cli_print_json(json_incref(h));
	} else if (json_integer_value(json_object_get(h, "results")) == 0) {
		/* the words are data, so never a format string */
		const char *kv[] = {"instrument", argv[optind], NULL};
		char *line =
		    hv_template_fill(assess_words("history_empty", "No finished results yet."), kv);
		printf("%s\n", line ? line : "");
		free(line);
		rc = HV_EXIT_OK;
	} else {
		assess_print_history(cli, h);
		assess_print_plane(cli, json_object_get(h, "plane"));
		rc = HV_EXIT_OK;
	}
	json_decref(h);
	json_decref(inst);
out:
	opts_free(&o);
	return rc;
}

static int add(struct hv_cli *cli, int argc, char **argv)
{
	struct opts o = {0};
	int rc = parse_opts(cli, argc, argv, &o);
	if (rc || ((o.answers || o.target || o.at || o.reflections) &&
	           (rc = cli_usage(&cmd_assess, "add takes only a file"))))
		goto out;
	if (optind + 1 != argc) {
		rc = cli_usage(&cmd_assess,
		               "give one instrument file, e.g. haven assess add ecr-r.json");
		goto out;
	}
	struct hv_error err;
	json_t *inst = hv_instrument_load_file(argv[optind], &err);
	if (!inst) {
		rc = cli_error(cli, &err);
		goto out;
	}
	struct hv_store *st = cli_store(cli);
	struct hv_record r;
	if (!st) {
		rc = HV_EXIT_FAIL;
	} else if (hv_instrument_install(st, inst, &r, &err) < 0) {
		rc = cli_error(cli, &err);
	} else {
		if (cli->json)
			rc = cli_print_json(json_pack(
			    "{s:s,s:O,s:O,s:I}", "record", r.id, "id", json_object_get(inst, "id"),
			    "version", json_object_get(inst, "version"), "items",
			    (json_int_t)json_array_size(json_object_get(inst, "items"))));
		else
			printf("Added %s (%zu items). Take it with: haven assess take %s\n",
			       cli_str(inst, "id"), json_array_size(json_object_get(inst, "items")),
			       cli_str(inst, "id"));
		hv_record_release(&r);
	}
	json_decref(inst);
out:
	opts_free(&o);
	return rc;
}

static int show(struct hv_cli *cli, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(&cmd_assess, "give one result id, e.g. haven assess show 3f2a");
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	struct hv_record r;
	if (hv_store_get(st, argv[1], HV_ASSESSMENT_KIND, &r, &err) < 0)
		return cli_error(cli, &err);
	int rc;
	if (!json_is_true(json_object_get(r.body, "complete"))) {
		hv_fail(&err, HV_EINVAL,
		        "result %.8s is not finished yet: 'haven assess resume %.8s'", r.id, r.id);
		rc = cli_error(cli, &err);
	} else {
		rc = assess_show_record(cli, st, &r, NULL);
	}
	hv_record_release(&r);
	return rc;
}

static int list(struct hv_cli *cli, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage(&cmd_assess, "unexpected \"%s\"", argv[1]);
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	json_t *all = hv_assess_overview(st, &err);
	if (!all)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(all);
	const json_t *insts = json_object_get(all, "instruments");
	const json_t *rows = json_object_get(all, "results");
	size_t i;
	printf("%sInstruments%s\n", cli_bold(cli), cli_reset(cli));
	json_t *el;
	json_array_foreach(insts, i, el)
	{
		char size[64];
		snprintf(size, sizeof size, " (%lld items%s)",
		         (long long)json_integer_value(json_object_get(el, "items")),
		         json_is_array(json_object_get(el, "targets")) ? ", once per relationship"
		                                                       : "");
		printf("  %s%-14s%s ", cli_accent(cli), cli_str(el, "id"), cli_reset(cli));
		int col = cli_wrap_hanging(17, 17, cli_str(el, "title"));
		printf("%s", cli_dim(cli));
		cli_wrap_hanging(col, 17, size);
		printf("%s\n", cli_reset(cli));
	}
	printf("\n%sYour results%s\n", cli_bold(cli), cli_reset(cli));
	if (json_array_size(rows) == 0) {
		printf("  ");
		cli_wrap_hanging(2, 2, "None yet. Begin with: haven assess take guide");
		printf("\n");
	}
	int64_t now = hv_now_ms();
	json_array_foreach(rows, i, el)
	{
		int64_t ms;
		int off;
		char when[48];
		hv_parse_rfc3339(cli_str(el, "taken"), &ms, &off);
		cli_format_when(ms, off, now, when, sizeof when);
		int done = json_is_true(json_object_get(el, "complete"));
		printf("  %s%.8s%s  %-18s %s%s%s%s\n", cli_accent(cli), cli_str(el, "id"),
		       cli_reset(cli), when, cli_str(el, "instrument"),
		       *cli_str(el, "target") ? " — " : "", cli_str(el, "target"),
		       done ? "" : "  (unfinished: haven assess resume)");
	}
	printf("\n%s", cli_dim(cli));
	cli_wrap(0, assess_words("note", ""));
	printf("%s\n", cli_reset(cli));
	json_decref(all);
	return HV_EXIT_OK;
}

static int run(struct hv_cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return list(cli, argc, argv);
	const char *sub = argv[1];
	if (strcmp(sub, "list") == 0)
		return list(cli, argc - 1, argv + 1);
	if (strcmp(sub, "take") == 0)
		return take(cli, argc - 1, argv + 1);
	if (strcmp(sub, "resume") == 0)
		return resume(cli, argc - 1, argv + 1);
	if (strcmp(sub, "score") == 0)
		return score(cli, argc - 1, argv + 1);
	if (strcmp(sub, "history") == 0)
		return history(cli, argc - 1, argv + 1);
	if (strcmp(sub, "add") == 0)
		return add(cli, argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return show(cli, argc - 1, argv + 1);
	return cli_usage(&cmd_assess, "unknown assess command \"%s\"", sub);
}

const struct hv_cmd cmd_assess = {
    .name = "assess",
    .usage = "assess [list|take|resume|score|history|add|show] ...",
    .summary = "reflect on your relationship patterns, and see them change",
    .help = "  haven assess                   instruments and your results\n"
            "  haven assess take ID           answer one item at a time on a terminal:\n"
            "                                 number keys answer, b back, s skip, q stop\n"
            "      --answers a1=4,a2=3,...    answer without asking: every item, by id (the\n"
            "                                 guide's are a1-a12 and d1-d16)\n"
            "      --target NAME              which relationship, for instruments taken once\n"
            "                                 per relationship (mother, partner, ...)\n"
            "      --reflect ID=TEXT          an answer to an open question, repeatable\n"
            "      --at WHEN                  when it was taken (default now)\n"
            "  haven assess resume [RESULT]   continue the newest unfinished one (--answers\n"
            "                                 gives the rest without a terminal)\n"
            "  haven assess show RESULT       a finished result again\n"
            "  haven assess score FILE --answers ... [--target NAME]\n"
            "                                 score an instrument file; nothing is saved\n"
            "  haven assess history ID        each area over time, with the change since the\n"
            "                                 first and the previous result\n"
            "  haven assess add FILE          install an instrument (see docs/instruments.md)\n\n"
            "--json prints JSON. Results are reflections, not diagnoses.",
    .run = run,
};
