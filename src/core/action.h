/*
 * action.h — what haven offers a person to do next, named by id.
 *
 * Data files never carry a command line or a page: they name an action
 * ("do": "breathe"), and data/actions.json says how each front end shows
 * it — the command line as the haven command to type, the web app as the
 * page to open.  A front end asks for its own side of an action here.
 */
#ifndef HAVEN_CORE_ACTION_H
#define HAVEN_CORE_ACTION_H

/* The haven command that does action id, the words after "haven"
 * ("say break"), or NULL for no such action. */
const char *hv_action_command(const char *id);

/* The web app's page for action id ("#/say/break"), or NULL. */
const char *hv_action_route(const char *id);

#endif
