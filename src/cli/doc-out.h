/*
 * doc-out.h — writing the document of `haven report` or `haven card` to
 * the file named with -o (doc-out.c).
 */
#ifndef HAVEN_DOC_OUT_H
#define HAVEN_DOC_OUT_H

#include "cli.h"
#include "report/doc.h"

/* HV_EXIT_OK when path could be written (its folder exists and takes new
 * files, and it is no folder itself); else a usage error naming why. */
int cli_output_writable(const struct hv_cmd *cmd, const char *path);

/* Write doc to path (its name says PDF or HTML) and say where it went. */
int cli_write_doc(struct hv_cli *cli, const struct hv_doc *doc, const char *path, const char *what);

#endif
