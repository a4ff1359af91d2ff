/*
 * test_timeline.c — the attachment timeline's library: what a body may
 * hold (one of age or date, real calendar dates, known kinds, text within
 * bounds), the order of a life, and through a real store: an edit where
 * age and date replace each other, a refused edit that writes nothing, and
 * a removed event that is neither listed nor edited again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/store.h"
#include "growth/timeline.h"
#include "store-fixture.h"

static int valid(const char *json)
{
	struct hv_error err;
	json_t *b = json_loads(json, 0, NULL);
	if (!b)
		fail_msg("bad test JSON: %s", json);
	int rc = hv_timeline_validate(b, &err);
	json_decref(b);
	return rc == 0;
}

static void test_validate(void **state)
{
	(void)state;
	assert_true(valid("{\"what\":\"moved\",\"age\":8}"));
	assert_true(valid("{\"what\":\"moved\",\"age\":0,\"kind\":\"move\",\"shaped\":\"s\"}"));
	assert_true(valid("{\"what\":\"met\",\"date\":\"2015\"}"));
	assert_true(valid("{\"what\":\"met\",\"date\":\"2015-09\"}"));
	assert_true(valid("{\"what\":\"met\",\"date\":\"2024-02-29\"}"));
	assert_false(valid("{\"what\":\"met\",\"date\":\"2023-02-29\"}"));
	assert_false(valid("{\"what\":\"met\",\"date\":\"2015-13\"}"));
	assert_false(valid("{\"what\":\"met\",\"date\":\"2015-9\"}"));
	assert_false(valid("{\"what\":\"met\",\"date\":\"15\"}"));
	assert_false(valid("{\"what\":\"met\",\"date\":\"1700\"}"));
	assert_false(valid("{\"what\":\"met\"}"));
	assert_false(valid("{\"what\":\"met\",\"age\":3,\"date\":\"2001\"}"));
	assert_false(valid("{\"age\":3}"));
	assert_false(valid("{\"what\":\"\",\"age\":3}"));
	assert_false(valid("{\"what\":\"x\",\"age\":-1}"));
	assert_false(valid("{\"what\":\"x\",\"age\":131}"));
	assert_false(valid("{\"what\":\"x\",\"age\":3.5}"));
	assert_false(valid("{\"what\":\"x\",\"age\":3,\"kind\":\"pet\"}"));
	assert_false(valid("{\"what\":\"x\",\"age\":3,\"mood\":1}"));
	assert_false(valid("[]"));
	char *big = malloc(HV_TIMELINE_TEXT + 64);
	memset(big, 'a', HV_TIMELINE_TEXT + 64);
	snprintf(big, 24, "{\"age\":1,\"what\":\"");
	big[17] = 'a';
	strcpy(big + 17 + HV_TIMELINE_TEXT, "\"}");
	assert_true(valid(big));
	strcpy(big + 17 + HV_TIMELINE_TEXT, "a\"}");
	assert_false(valid(big));
	free(big);
}

static void add(struct hv_store *st, const char *json, char id[HV_ID_LEN + 1])
{
	struct hv_error err;
	struct hv_record r;
	json_t *b = json_loads(json, 0, NULL);
	if (hv_timeline_add(st, b, &r, &err) < 0)
		fail_msg("%s", err.msg);
	json_decref(b);
	if (id)
		memcpy(id, r.id, HV_ID_LEN + 1);
	hv_record_release(&r);
}

static const char *what_at(const json_t *list, size_t i)
{
	return json_string_value(
	    json_object_get(json_object_get(json_array_get(list, i), "body"), "what"));
}

static void test_order(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("timeline.db");
	struct hv_error err;
	add(st, "{\"what\":\"d2015\",\"date\":\"2015-09\"}", NULL);
	add(st, "{\"what\":\"a12\",\"age\":12}", NULL);
	add(st, "{\"what\":\"d2009\",\"date\":\"2009\"}", NULL);
	add(st, "{\"what\":\"a5\",\"age\":5}", NULL);
	add(st, "{\"what\":\"d2015b\",\"date\":\"2015-09-01\"}", NULL);
	json_t *list = hv_timeline_list(st, &err);
	assert_non_null(list);
	assert_int_equal(json_array_size(list), 5);
	assert_string_equal(what_at(list, 0), "a5");
	assert_string_equal(what_at(list, 1), "a12");
	assert_string_equal(what_at(list, 2), "d2009");
	assert_string_equal(what_at(list, 3), "d2015");
	assert_string_equal(what_at(list, 4), "d2015b");
	json_decref(list);
	hv_store_close(st);
}

static json_t *body_of(struct hv_store *st, const char *id)
{
	struct hv_record r;
	struct hv_error err;
	if (hv_store_get(st, id, HV_TIMELINE_KIND, &r, &err) < 0)
		fail_msg("%s", err.msg);
	json_t *b = json_incref(r.body);
	hv_record_release(&r);
	return b;
}

static void test_edit_remove(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("timeline.db");
	struct hv_error err;
	char id[HV_ID_LEN + 1];
	add(st, "{\"what\":\"  moved \",\"age\":8,\"shaped\":\"distance\"}", id);
	json_t *b = body_of(st, id);
	assert_string_equal(json_string_value(json_object_get(b, "what")), "moved");
	json_decref(b);

	json_t *ch = json_pack("{s:s,s:n}", "date", "2001", "shaped");
	assert_int_equal(hv_timeline_edit(st, id, ch, NULL, &err), 0);
	json_decref(ch);
	b = body_of(st, id);
	assert_null(json_object_get(b, "age"));
	assert_null(json_object_get(b, "shaped"));
	assert_string_equal(json_string_value(json_object_get(b, "date")), "2001");
	json_decref(b);

	/* A refused edit writes nothing. */
	ch = json_pack("{s:s,s:s}", "kind", "pet", "what", "changed");
	assert_int_equal(hv_timeline_edit(st, id, ch, NULL, &err), -1);
	json_decref(ch);
	b = body_of(st, id);
	assert_string_equal(json_string_value(json_object_get(b, "what")), "moved");
	json_decref(b);
	ch = json_object();
	assert_int_equal(hv_timeline_edit(st, id, ch, NULL, &err), -1);
	json_decref(ch);

	assert_int_equal(hv_timeline_remove(st, id, &err), 0);
	json_t *list = hv_timeline_list(st, &err);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	assert_int_equal(hv_timeline_remove(st, id, &err), -1);
	assert_int_equal(err.code, HV_ENOTFOUND);
	ch = json_pack("{s:i}", "age", 3);
	assert_int_equal(hv_timeline_edit(st, id, ch, NULL, &err), -1);
	json_decref(ch);
	hv_store_close(st);
	unlink("timeline.db");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_validate),
	    cmocka_unit_test(test_order),
	    cmocka_unit_test(test_edit_remove),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
