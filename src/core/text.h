/*
 * text.h — Unicode-aware text handling, by way of utf8proc.
 *
 * People write in every script, with curly quotes and emoji.  Matching words
 * against a vocabulary needs case folding and normalisation; lining text up
 * in a terminal needs display widths, not byte counts.
 */
#ifndef HAVEN_TEXT_H
#define HAVEN_TEXT_H

#include <stddef.h>

/* NFC-normalised, case-folded copy with outer white space trimmed; caller
 * frees.  NULL when s is not valid UTF-8. */
char *hv_text_fold(const char *s);

/* NFC-normalised copy with outer white space trimmed; NULL if invalid. */
char *hv_text_clean(const char *s);

/* True when the n bytes at s are valid UTF-8. */
int hv_text_valid(const char *s, size_t n);

/* True when n bytes at s are valid UTF-8 with no control bytes but tab and
 * line ends: safe to show a person as a match. */
int hv_text_showable(const char *s, size_t n);

/* Terminal columns the text takes (control characters count 0). */
int hv_text_width(const char *s);

/*
 * A copy of s that is safe to print: control characters (C0 but newline and
 * tab, DEL, and C1) become their visible pictures (ESC as "␛", C1 and bytes
 * that are not UTF-8 as "�"), so words a person wrote, or a file planted,
 * cannot move the cursor, recolour, retitle or reprogram a terminal.  With
 * one_line, newlines and tabs become spaces too.  Caller frees.
 */
char *hv_text_printable(const char *s, int one_line);

/* How many bytes of s fit in cols columns, never splitting a character. */
size_t hv_text_fit(const char *s, int cols);

#endif
