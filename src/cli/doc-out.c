/*
 * doc-out.c — what `haven report` and `haven card` share about the file
 * they write: it is checked before any work is done, so a name that cannot
 * be written is a usage error with nothing left behind, and once written
 * its name is said back.
 */
#include "doc-out.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/content.h"
#include "core/template.h"

/* Whether path could be written: a name whose folder exists and takes new
 * files, and that is not itself a folder.  Said before any work is done. */
int cli_output_writable(const struct hv_cmd *cmd, const char *path)
{
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return cli_usage(cmd, "%s is a folder: name the file to write", path);
	char *copy = strdup(path);
	if (!copy)
		return HV_EXIT_FAIL;
	const char *dir = dirname(copy);
	int ok = stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) && access(dir, W_OK | X_OK) == 0;
	int status = ok ? HV_EXIT_OK
	                : cli_usage(cmd, "cannot write %s: the folder %s %s", path, dir,
	                            stat(dir, &sb) == 0 ? "is not writable" : "does not exist");
	free(copy);
	return status;
}

/* Write doc to path, and say where it went. */
int cli_write_doc(struct hv_cli *cli, const struct hv_doc *doc, const char *path, const char *what)
{
	struct hv_error err;
	if (hv_doc_write(doc, path, what, &err) < 0)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(json_pack("{s:s}", "written", path));
	const char *kv[] = {"path", path, NULL};
	char *said = hv_template_fill(hv_content_text("report.json", "cli/written", ""), kv);
	if (!cli->quiet && said)
		fprintf(stderr, "%s\n", said);
	free(said);
	return HV_EXIT_OK;
}
