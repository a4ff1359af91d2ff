/*
 * test_crisis_lines.c — the directory of crisis lines (data/crisis-lines.json)
 * and the notice built from it: every region has a name, an emergency
 * number a phone can dial and at least one line a person can reach; every
 * number is dialable, every site https; aliases resolve; the notice keeps
 * the shape scripts rely on and follows the region; the locale fills in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/content.h"
#include "safety/crisis-lines.h"
#include "safety/crisis.h"

static const json_t *directory(void)
{
	const json_t *d = hv_content_json("crisis-lines.json", NULL);
	assert_non_null(d);
	return d;
}

static int only_digits(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* What a phone can dial: digits, spaces, dashes, a plus; some digits. */
static int dialable(const char *s)
{
	int digits = 0;
	if (!s)
		return 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s != ' ' && *s != '-' && *s != '+')
			return 0;
	}
	return digits >= 3;
}

static int https(const char *s)
{
	return s && strncmp(s, "https://", 8) == 0 && strlen(s) > 12 && !strchr(s, ' ');
}

static const char *text(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* One line: named, described, reachable, every way in well formed. */
static void check_line(const char *where, const json_t *line, int *general)
{
	char what[200];
	snprintf(what, sizeof what, "%s: %s", where, text(line, "name") ? text(line, "name") : "?");
	if (!text(line, "name") || !*text(line, "name") || !text(line, "contact") ||
	    !*text(line, "contact"))
		fail_msg("%s: a line needs a name and a contact sentence", what);
	const char *call = text(line, "call"), *sms = text(line, "text");
	const char *chat = text(line, "chat"), *web = text(line, "web");
	if (!call && !sms && !chat && !web)
		fail_msg("%s: no call, text, chat or web", what);
	if (json_object_get(line, "call") && !dialable(call))
		fail_msg("%s: call \"%s\" is not a number to dial", what, call ? call : "");
	if (json_object_get(line, "text") && !dialable(sms))
		fail_msg("%s: text \"%s\" is not a number to text", what, sms ? sms : "");
	if (json_object_get(line, "text_body") && (!sms || !text(line, "text_body")))
		fail_msg("%s: a text_body needs a text number", what);
	if (json_object_get(line, "chat") && !https(chat))
		fail_msg("%s: chat must be an https address", what);
	if (json_object_get(line, "web") && !https(web))
		fail_msg("%s: web must be an https address", what);
	if (json_object_get(line, "hours") && !text(line, "hours"))
		fail_msg("%s: hours must be text", what);
	const char *f = text(line, "for");
	if (json_object_get(line, "for") &&
	    !(f && (strcmp(f, "violence") == 0 || strcmp(f, "young-people") == 0)))
		fail_msg("%s: \"for\" is violence or young-people", what);
	/* The numbers in the sentence are the ones a link dials. */
	if (call && !strstr(text(line, "contact"), call))
		fail_msg("%s: the contact sentence does not mention %s", what, call);
	if (sms && !strstr(text(line, "contact"), sms))
		fail_msg("%s: the contact sentence does not mention %s", what, sms);
	if (!f)
		(*general)++;
}

static void test_every_region_is_reachable(void **state)
{
	(void)state;
	const json_t *regions = json_object_get(directory(), "regions");
	const char *code;
	json_t *r;
	assert_true(json_object_size(regions) >= 22);
	json_object_foreach((json_t *)regions, code, r)
	{
		if (strlen(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' ||
		    code[1] > 'Z')
			fail_msg("region \"%s\": codes are two capital letters", code);
		if (!text(r, "name") || !*text(r, "name"))
			fail_msg("%s: no name", code);
		if (!text(r, "emergency") || !*text(r, "emergency"))
			fail_msg("%s: no emergency text", code);
		if (!only_digits(text(r, "emergency_call")))
			fail_msg("%s: emergency_call must be digits", code);
		if (!strstr(text(r, "emergency"), text(r, "emergency_call")))
			fail_msg("%s: the emergency text does not name %s", code,
			         text(r, "emergency_call"));
		const json_t *lines = json_object_get(r, "lines");
		size_t i;
		json_t *line;
		int general = 0;
		if (json_array_size(lines) < 1)
			fail_msg("%s: no lines", code);
		json_array_foreach(lines, i, line) check_line(code, line, &general);
		if (general < 1)
			fail_msg("%s: needs a line for anyone, not only for violence", code);
	}
}

static void test_the_countries_we_promise(void **state)
{
	(void)state;
	static const char *const want[] = {"US", "CA", "UK", "IE", "AU", "NZ", "IN", "ZA",
	                                   "DE", "FR", "ES", "IT", "NL", "PL", "BE", "SE",
	                                   "AT", "PT", "DK", "FI", "NO", "CH"};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		json_t *n = hv_crisis_notice(want[i]);
		const json_t *r = json_object_get(n, "resources");
		assert_string_equal(json_string_value(json_object_get(r, "region")), want[i]);
		assert_non_null(json_string_value(json_object_get(r, "emergency")));
		assert_true(json_array_size(json_object_get(r, "lines")) >= 1);
		/* The card's own words travel with it: a web page draws the card
		 * from this reply alone, even offline. */
		const json_t *w = json_object_get(n, "words");
		static const char *const keys[] = {"title", "call",      "text",     "text_word",
		                                   "chat",  "emergency", "elsewhere"};
		for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
			assert_true(json_string_length(json_object_get(w, keys[k])) > 0);
		assert_non_null(strstr(text(w, "call"), "{number}"));
		assert_non_null(text(json_object_get(w, "help"), "title"));
		json_decref(n);
	}
}

static void test_international_fallback(void **state)
{
	(void)state;
	const json_t *intl = json_object_get(directory(), "international");
	int general = 0, found = 0;
	size_t i;
	json_t *line;
	assert_non_null(text(intl, "name"));
	assert_non_null(text(intl, "emergency"));
	json_array_foreach(json_object_get(intl, "lines"), i, line)
	{
		check_line("international", line, &general);
		if (text(line, "web") &&
		    strcmp(text(line, "web"), "https://findahelpline.com") == 0)
			found = 1;
	}
	assert_true(found);
}

static void test_aliases_resolve(void **state)
{
	(void)state;
	const json_t *d = directory();
	const char *alias;
	json_t *to;
	json_object_foreach(json_object_get(d, "aliases"), alias, to)
	{
		if (!json_object_get(json_object_get(d, "regions"), json_string_value(to)))
			fail_msg("alias %s leads to %s, which is not a region", alias,
			         json_string_value(to));
		assert_string_equal(hv_crisis_region_code(alias), json_string_value(to));
	}
	assert_string_equal(hv_crisis_region_code("gb"), "UK");
	assert_string_equal(hv_crisis_region_code("uk"), "UK");
	assert_string_equal(hv_crisis_region_code("De"), "DE");
	assert_null(hv_crisis_region_code("ZZ"));
	assert_null(hv_crisis_region_code(""));
	assert_null(hv_crisis_region_code(NULL));
	assert_null(hv_crisis_region_code("Narnia"));
}

static void test_regions_list(void **state)
{
	(void)state;
	json_t *list = hv_crisis_regions();
	assert_int_equal(json_array_size(list),
	                 json_object_size(json_object_get(directory(), "regions")));
	size_t i;
	json_t *r;
	const char *prev = "";
	json_array_foreach(list, i, r)
	{
		assert_non_null(hv_crisis_region_code(text(r, "code")));
		assert_true(strcmp(prev, text(r, "name")) < 0); /* sorted by name */
		prev = text(r, "name");
	}
	json_decref(list);
}

static void test_resources_by_region(void **state)
{
	(void)state;
	json_t *uk = hv_crisis_notice("gb");
	assert_true(json_is_true(json_object_get(uk, "crisis")));
	for (const char *const *k =
	         (const char *const[]){"message", "after", "not_a_diagnosis", NULL};
	     *k; k++)
		assert_non_null(json_string_value(json_object_get(uk, *k)));
	const json_t *res = json_object_get(uk, "resources");
	assert_string_equal(json_string_value(json_object_get(res, "region")), "UK");
	assert_string_equal(json_string_value(json_object_get(res, "name")), "United Kingdom");
	assert_string_equal(json_string_value(json_object_get(res, "emergency")), "999");
	assert_string_equal(json_string_value(json_object_get(res, "emergency_call")), "999");
	char *dump = json_dumps(res, 0);
	assert_non_null(strstr(dump, "116 123"));
	free(dump);
	const json_t *first = json_array_get(json_object_get(res, "lines"), 0);
	assert_non_null(json_string_value(json_object_get(first, "name")));
	assert_non_null(json_string_value(json_object_get(first, "contact")));
	assert_true(json_is_object(json_object_get(uk, "elsewhere")));
	json_decref(uk);

	json_t *none = hv_crisis_notice("ZZ");
	res = json_object_get(none, "resources");
	assert_true(json_is_null(json_object_get(res, "region")));
	assert_true(json_array_size(json_object_get(res, "lines")) > 0);
	json_decref(none);
	none = hv_crisis_notice(NULL);
	assert_true(json_is_null(json_object_get(json_object_get(none, "resources"), "region")));
	json_decref(none);
}

/* The notices the build wrote are the notices the directory makes: every
 * region, every alias, any case, an unknown region and none at all. */
static void test_built_notices_are_the_directory(void **state)
{
	(void)state;
	size_t len;
	assert_non_null(hv_content_image("crisis-notices.tsv", &len));
	const char *asked[] = {NULL, "", "zz", "us", "gb", "Uk", "U1", "UKRAINE", "*", "\t"};
	for (size_t i = 0; i < sizeof asked / sizeof *asked; i++) {
		json_t *built = hv_crisis_notice(asked[i]),
		       *made = hv_crisis_notice_afresh(asked[i]);
		assert_true(json_equal(built, made));
		json_decref(built);
		json_decref(made);
	}
	const char *code;
	json_t *v;
	const json_t *d = directory();
	json_object_foreach(json_object_get(d, "regions"), code, v)
	{
		json_t *built = hv_crisis_notice(code), *made = hv_crisis_notice_afresh(code);
		assert_true(json_equal(built, made));
		json_decref(built);
		json_decref(made);
	}
	json_object_foreach(json_object_get(d, "aliases"), code, v)
	{
		json_t *built = hv_crisis_notice(code), *made = hv_crisis_notice_afresh(code);
		assert_true(json_equal(built, made));
		json_decref(built);
		json_decref(made);
	}
}

static void test_region_from_locale(void **state)
{
	(void)state;
	char buf[8], out[16];
	setenv("LC_ALL", "en_NZ.UTF-8", 1);
	assert_string_equal(hv_crisis_region_from_locale(buf), "NZ");
	assert_string_equal(hv_crisis_region(NULL, out), "NZ");
	setenv("LC_ALL", "C.UTF-8", 1);
	assert_null(hv_crisis_region_from_locale(buf));
	assert_null(hv_crisis_region(NULL, out));
	unsetenv("LC_ALL");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_region_is_reachable),
	    cmocka_unit_test(test_the_countries_we_promise),
	    cmocka_unit_test(test_international_fallback),
	    cmocka_unit_test(test_aliases_resolve),
	    cmocka_unit_test(test_regions_list),
	    cmocka_unit_test(test_resources_by_region),
	    cmocka_unit_test(test_region_from_locale),
	    cmocka_unit_test(test_built_notices_are_the_directory),
	};
	return cmocka_run_group_tests_name("crisis-lines", tests, NULL, NULL);
}
