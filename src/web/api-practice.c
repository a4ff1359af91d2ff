/*
 * api-practice.c — the web side of haven breathe/ground/relax/scan/pause,
 * soothe and checkin: a practice's schedule and records, the soothing
 * toolkit, and check-ins.  The same library calls as the CLI, so the same
 * checks and messages.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "checkin/checkin.h"
#include "practice/practice.h"

/* An optional query number above 0; 1 when given, 0 when absent, -1 (with
 * a reply) when it is not a number. */
static int arg_positive(const struct hv_request *req, const char *name, double *out,
                        struct hv_reply *reply)
{
	const char *v = hv_request_arg(req, name);
	if (!v || !*v)
		return 0;
	char *end, msg[200];
	errno = 0;
	double d = strtod(v, &end);
	if (errno || end == v || *end || !isfinite(d) || d <= 0) {
		snprintf(msg, sizeof msg,
		         "%s must be a number above 0 (decimals are fine), not \"%.40s\"", name, v);
		hv_reply_message(reply, 400, "invalid", msg);
		return -1;
	}
	*out = d;
	return 1;
}

/* The schedule haven breathe/ground/... --script --json prints, for the page to walk. */
void hv_api_practice_schedule(struct hv_store *st, const struct hv_request *req, const char *id,
                              struct hv_reply *reply)
{
	(void)st, (void)id;
	struct hv_practice_opts o = {0};
	double rounds = 0;
	const char *technique = hv_request_arg(req, "technique");
	if (arg_positive(req, "pace", &o.pace, reply) < 0 ||
	    arg_positive(req, "minutes", &o.minutes, reply) < 0)
		return;
	struct hv_reply ignore = {0};
	int bad_rounds = arg_positive(req, "rounds", &rounds, &ignore) < 0;
	json_decref(ignore.json);
	if (bad_rounds || rounds != floor(rounds) || rounds > HV_ROUNDS_MAX) {
		char msg[120];
		snprintf(msg, sizeof msg, "rounds must be a whole number from 1 to %d",
		         HV_ROUNDS_MAX);
		return hv_reply_message(reply, 400, "invalid", msg);
	}
	o.rounds = (int)rounds;
	struct hv_schedule s;
	struct hv_error err;
	if (hv_practice_schedule(technique ? technique : "", &o, &s, &err) < 0)
		return hv_reply_error(reply, &err);
	reply->json = hv_schedule_to_json(&s);
	hv_schedule_free(&s);
}

void hv_api_practice_summary(struct hv_store *st, const struct hv_request *req, const char *id,
                             struct hv_reply *reply)
{
	(void)id;
	int64_t since;
	if (hv_api_arg_time(req, "since", &since, reply) < 0)
		return;
	struct hv_error err;
	hv_reply_json(reply, hv_practice_summary(st, since, &err), &err);
}

void hv_api_practice_create(struct hv_store *st, const struct hv_request *req, const char *id,
                            struct hv_reply *reply)
{
	(void)id;
	hv_api_write_body(st, req, reply, HV_PRACTICE_KIND, hv_practice_add, 201);
}

void hv_api_soothe_list(struct hv_store *st, const struct hv_request *req, const char *id,
                        struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	hv_reply_json(reply, hv_soothe_list(st, &err), &err);
}

/* The body's shape first (unknown fields, types), then the cleaned save. */
static int add_soothe(struct hv_store *st, const char *id, const json_t *body,
                      struct hv_record *out, struct hv_error *err)
{
	(void)id;
	if (hv_soothe_validate(body, err) < 0)
		return -1;
	return hv_soothe_add(st, json_string_value(json_object_get(body, "group")),
	                     json_string_value(json_object_get(body, "text")), out, err);
}

void hv_api_soothe_create(struct hv_store *st, const struct hv_request *req, const char *id,
                          struct hv_reply *reply)
{
	hv_api_write(st, req, id, reply, HV_SOOTHE_KIND, add_soothe, 201);
}

void hv_api_soothe_delete(struct hv_store *st, const struct hv_request *req, const char *id,
                          struct hv_reply *reply)
{
	(void)req;
	struct hv_record r;
	struct hv_error err;
	if (hv_soothe_remove(st, id, &r, &err) < 0)
		return hv_reply_error(reply, &err);
	hv_api_reply_record(reply, 200, &r);
}

void hv_api_soothe_pick(struct hv_store *st, const struct hv_request *req, const char *id,
                        struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	hv_reply_json(reply, hv_soothe_pick(st, &err), &err);
}

void hv_api_checkin_create(struct hv_store *st, const struct hv_request *req, const char *id,
                           struct hv_reply *reply)
{
	(void)id;
	hv_api_create_at(st, req, reply, HV_CHECKIN_KIND, hv_checkin_add);
}

void hv_api_checkin_list(struct hv_store *st, const struct hv_request *req, const char *id,
                         struct hv_reply *reply)
{
	(void)id;
	int64_t since;
	const char *limit = hv_request_arg(req, "limit");
	if (hv_api_arg_time(req, "since", &since, reply) < 0)
		return;
	struct hv_error err;
	hv_reply_json(reply, hv_checkin_list(st, since, limit ? strtoll(limit, NULL, 10) : 0, &err),
	              &err);
}

/* The factors a check-in may hold, the person's own, and the last answer
 * of each, for the check-in page. */
void hv_api_checkin_factors(struct hv_store *st, const struct hv_request *req, const char *id,
                            struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	json_t *own = hv_checkin_own_list(st, &err);
	json_t *last = own ? hv_checkin_last(st, &err) : NULL;
	json_t *out = NULL;
	if (own && last)
		out = json_pack("{s:O,s:O,s:O}", "factors", (json_t *)hv_checkin_factors(), "own",
		                own, "last", last);
	json_decref(own);
	json_decref(last);
	hv_reply_json(reply, out, &err);
}

/* {"name": "therapy day"}: a yes/no factor of the person's own. */
static int add_factor(struct hv_store *st, const json_t *body, struct hv_record *out,
                      struct hv_error *err)
{
	const json_t *name = json_object_get(body, "name");
	if (!json_is_string(name) || json_object_size(body) != 1)
		return hv_fail(err, HV_EINVAL, "give the factor as {\"name\": text}");
	return hv_checkin_own_add(st, json_string_value(name), out, err);
}

void hv_api_checkin_factor_add(struct hv_store *st, const struct hv_request *req, const char *id,
                               struct hv_reply *reply)
{
	(void)id;
	hv_api_write_body(st, req, reply, HV_FACTOR_KIND, add_factor, 201);
}
