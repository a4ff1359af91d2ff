/*
 * editor.h — long fields written in $EDITOR (editor.c).
 */
#ifndef HAVEN_CLI_EDITOR_H
#define HAVEN_CLI_EDITOR_H

#include <jansson.h>
#include <stddef.h>

/* One field the editor offers: the body's key and the question above it. */
struct cli_edit_field {
	const char *key;
	const char *heading;
};

/*
 * Open the editor on the fields (at most 16), each under its question with
 * its value in body so far, and set each from what was written (a field
 * left empty is removed).  0 when the editor ended well and something was
 * written; -1 otherwise, said on stderr.  The file is private and removed.
 */
int cli_edit_fields(json_t *body, const struct cli_edit_field *fields, size_t n);

/* Take every flag (e.g. "--edit") out of argv before "--"; 1 if it was there. */
int cli_take_flag(int *argc, char **argv, const char *flag);

#endif
