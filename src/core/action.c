/*
 * action.c — an action's command and page, from data/actions.json (see
 * action.h).  The id is looked up as a key, never as a path, so an id
 * with a "/" in it names nothing rather than something deeper.
 */
#include "action.h"

#include "content.h"

#define ACTIONS_FILE "actions.json"

static const json_t *action(const char *id)
{
	const json_t *all = json_object_get(hv_content_json(ACTIONS_FILE, NULL), "actions");
	return id ? json_object_get(all, id) : NULL;
}

/* A side of an action that is text and not empty, or NULL. */
static const char *side(const char *id, const char *key)
{
	const char *s = json_string_value(json_object_get(action(id), key));
	return s && *s ? s : NULL;
}

const char *hv_action_command(const char *id)
{
	return side(id, "command");
}

const char *hv_action_route(const char *id)
{
	return side(id, "route");
}
