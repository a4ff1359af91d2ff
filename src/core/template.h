/*
 * template.h — fill the "{slot}" placeholders of a sentence from data/.
 *
 * Every word a person reads lives in data/, so a sentence with a number or a
 * name in it is a template: "Stopped after {elapsed}.".  This is the one
 * filler, so no caller sizes a buffer by guesswork.
 */
#ifndef HAVEN_TEMPLATE_H
#define HAVEN_TEMPLATE_H

/*
 * A copy of tmpl with each "{name}" replaced by its value; caller frees.
 * kv lists pairs, name then value, ended by a NULL name:
 *     const char *kv[] = {"n", "3", "label", "Box breathing", NULL};
 * A NULL value fills as "".  A slot not in kv, and a "{" with no "}", stay
 * as written, so a wording mistake in data/ shows rather than vanishes.
 * A slot may appear any number of times.  NULL tmpl reads as "".
 * NULL only when memory runs out.
 */
char *hv_template_fill(const char *tmpl, const char *const *kv);

#endif
