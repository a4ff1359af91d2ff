/*
 * test_action.c — actions by id (core/action.c, data/actions.json): every
 * action has both sides, a command to type and a page that is the web
 * app's own; a lookup is by key only, so an unknown id or one shaped like
 * a path names nothing; and every "do" in every data file names an action
 * there is, so no front end is ever left with an id it cannot show.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/action.h"
#include "core/content.h"

static void test_every_action_has_both_sides(void **state)
{
	(void)state;
	const json_t *all = json_object_get(hv_content_json("actions.json", NULL), "actions");
	assert_true(json_object_size(all) >= 10);
	const char *id;
	const json_t *v;
	json_object_foreach((json_t *)all, id, v)
	{
		const char *cmd = hv_action_command(id), *route = hv_action_route(id);
		if (!cmd || !route || strncmp(route, "#/", 2) != 0 || strncmp(cmd, "haven", 5) == 0)
			fail_msg("action %s: a command without \"haven\" and a page \"#/…\"", id);
	}
}

static void test_lookups(void **state)
{
	(void)state;
	assert_string_equal(hv_action_command("breathe"), "breathe");
	assert_string_equal(hv_action_route("breathe"), "#/practices/breathe-478");
	assert_string_equal(hv_action_command("say-break"), "say break");
	assert_string_equal(hv_action_route("say-break"), "#/say/break");
	assert_null(hv_action_command("no-such-thing"));
	assert_null(hv_action_route(NULL));
	assert_null(hv_action_command("breathe/command"));
	assert_null(hv_action_command(""));
}

/* Every "do" at any depth of a JSON value: a string naming an action. */
static void walk(const char *file, const json_t *v, int *seen)
{
	const char *key;
	const json_t *x;
	size_t i;
	if (json_is_array(v))
		json_array_foreach(v, i, x) walk(file, x, seen);
	if (!json_is_object(v))
		return;
	json_object_foreach((json_t *)v, key, x)
	{
		if (strcmp(key, "do") == 0) {
			if (!hv_action_command(json_string_value(x)))
				fail_msg("%s: \"do\": %s names no action of data/actions.json",
				         file,
				         json_is_string(x) ? json_string_value(x) : "(not text)");
			(*seen)++;
		}
		walk(file, x, seen);
	}
}

static void each_file(const char *name, const char *bytes, size_t len, void *ctx)
{
	(void)bytes, (void)len;
	size_t n = strlen(name);
	if (n > 5 && strcmp(name + n - 5, ".json") == 0)
		walk(name, hv_content_json(name, NULL), ctx);
}

static void test_every_do_names_an_action(void **state)
{
	(void)state;
	int seen = 0;
	hv_content_each(each_file, &seen);
	assert_true(seen >= 30); /* assess, home and learn name theirs */
}

/* No data file carries a command line for an action any more: what a
 * person types is the command line's to say, from the action. */
static void test_no_command_lines_in_offers(void **state)
{
	(void)state;
	const json_t *home = hv_content_json("home.json", NULL);
	const json_t *learn = hv_content_json("learn.json", NULL);
	size_t i;
	const json_t *a, *c;
	json_array_foreach(json_object_get(home, "actions"), i, a)
	{
		assert_null(json_object_get(a, "command"));
		assert_non_null(hv_action_command(json_string_value(json_object_get(a, "do"))));
	}
	json_array_foreach(json_object_get(learn, "chapters"), i, c)
	{
		const json_t *p = json_object_get(c, "practice");
		assert_null(json_object_get(p, "command"));
		assert_null(json_object_get(p, "route"));
		assert_non_null(hv_action_command(json_string_value(json_object_get(p, "do"))));
	}
}

/* Does any string or key at any depth of v hold "haven " (a command line; the
 * values looked at here are offers, not prose that names the app) or a
 * backquote? */
static int has_command_line(const json_t *v)
{
	const char *key;
	const json_t *x;
	size_t i;
	if (json_is_string(v))
		return strchr(json_string_value(v), '`') || strstr(json_string_value(v), "haven ");
	int found = 0;
	json_array_foreach(v, i, x) found |= has_command_line(x);
	json_object_foreach((json_t *)v, key, x)
	{
		found |= strstr(key, "haven ") != NULL || has_command_line(x);
	}
	return found;
}

/* chat wait's offers name each of their actions by a slot, "{pause}", and
 * every slot is one of their actions: the front end that fills them is
 * never left with a slot it cannot fill, nor an action unsaid.  The
 * words the web app shows (the offers' links, the sync card) carry no
 * command line either. */
static void test_offers_name_their_actions(void **state)
{
	(void)state;
	const json_t *wait = json_object_get(hv_content_json("chat.json", NULL), "wait");
	const char *pairs[][2] = {{"offer", "offer_do"}, {"offer_unusual", "offer_unusual_do"}};
	for (size_t p = 0; p < 2; p++) {
		const char *text = json_string_value(json_object_get(wait, pairs[p][0]));
		const json_t *ids = json_object_get(wait, pairs[p][1]), *a;
		size_t i, slots = 0;
		assert_non_null(text);
		assert_true(json_array_size(ids) >= 2);
		json_array_foreach(ids, i, a)
		{
			char slot[64];
			snprintf(slot, sizeof slot, "{%s}",
			         json_string_value(json_object_get(a, "do")));
			if (!strstr(text, slot))
				fail_msg("chat.json wait/%s does not name %s", pairs[p][0], slot);
		}
		for (const char *s = strchr(text, '{'); s; s = strchr(s + 1, '{'))
			slots++;
		assert_int_equal(slots, json_array_size(ids));
		assert_false(has_command_line(json_object_get(wait, pairs[p][0])));
	}
	assert_false(has_command_line(
	    json_object_get(hv_content_json("chat-web.json", NULL), "offer_links")));
	const json_t *sync = hv_content_json("sync.json", NULL);
	assert_false(has_command_line(hv_json_at(sync, "web/not_set_up")));
	assert_false(has_command_line(hv_json_at(sync, "web/not_set_up_action")));
	assert_false(
	    has_command_line(hv_json_at(hv_content_json("terminal.json", NULL), "draft/resume")));
	assert_false(has_command_line(
	    hv_json_at(hv_content_json("growth.json", NULL), "plan/offer_action")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_action_has_both_sides),
	    cmocka_unit_test(test_lookups),
	    cmocka_unit_test(test_every_do_names_an_action),
	    cmocka_unit_test(test_no_command_lines_in_offers),
	    cmocka_unit_test(test_offers_name_their_actions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
