/*
 * server-remember.c — the remembered address (`haven serve --remember`):
 * the token, cookie and CSRF secrets and the port kept in a file beside
 * the database, readable by its owner alone, so a bookmark opens haven
 * after a restart.  Written to a new file and renamed into place.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/outfile.h"
#include "server-private.h"

int hv_web_remember_path(const char *db_path, char *buf, size_t n, struct hv_error *err)
{
	if (!db_path || !*db_path || strcmp(db_path, ":memory:") == 0)
		return hv_fail(err, HV_EINVAL,
		               "a database in memory has nowhere to keep an address");
	if ((size_t)snprintf(buf, n, "%s.serve", db_path) >= n)
		return hv_fail(err, HV_EINVAL, "the database's path is too long");
	return 0;
}

static int is_secret(const json_t *v)
{
	const char *s = json_string_value(v);
	if (!s || strlen(s) != SECRET_HEX - 1)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

int hv_web_remembered(const char *path, struct hv_web_secrets *out, struct hv_error *err)
{
	memset(out, 0, sizeof *out);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT
		           ? 0
		           : hv_fail(err, HV_EIO, "cannot read the remembered address %s: %s", path,
		                     strerror(errno));
	/* Whoever can read it can open the journal: only ours, for us alone. */
	struct stat sb;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_uid != geteuid() ||
	    (sb.st_mode & 077) != 0) {
		close(fd);
		return hv_fail(
		    err, HV_EIO,
		    "the remembered address %s could be read by others, so haven will not "
		    "use it. Remove it with haven serve --forget",
		    path);
	}
	char text[1024];
	ssize_t n = read(fd, text, sizeof text - 1);
	close(fd);
	json_t *j = n > 0 ? json_loadb(text, (size_t)n, 0, NULL) : NULL;
	sodium_memzero(text, sizeof text);
	json_t *port = json_object_get(j, "port");
	int ok = is_secret(json_object_get(j, "token")) &&
	         is_secret(json_object_get(j, "session")) &&
	         is_secret(json_object_get(j, "csrf")) && json_is_integer(port) &&
	         json_integer_value(port) > 0 && json_integer_value(port) < 65536;
	if (ok) {
		memcpy(out->token, json_string_value(json_object_get(j, "token")), SECRET_HEX);
		memcpy(out->session, json_string_value(json_object_get(j, "session")), SECRET_HEX);
		memcpy(out->csrf, json_string_value(json_object_get(j, "csrf")), SECRET_HEX);
		out->port = (uint16_t)json_integer_value(port);
	}
	json_decref(j);
	return ok ? 1
	          : hv_fail(err, HV_EDATA,
	                    "the remembered address %s is damaged. Remove it with haven serve "
	                    "--forget",
	                    path);
}

int hv_web_remember(const char *path, const struct hv_web *w, struct hv_error *err)
{
	char tmp[4096 + 16];
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.new", path) >= sizeof tmp)
		return hv_fail(err, HV_EINVAL, "the database's path is too long");
	unlink(tmp); /* one left by a haven that stopped half-way */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return hv_fail(err, HV_EIO, "cannot keep the address in %s: %s", tmp,
		               strerror(errno));
	char text[512];
	int n =
	    snprintf(text, sizeof text,
	             "{\"token\": \"%s\", \"session\": \"%s\", \"csrf\": \"%s\", \"port\": %u}\n",
	             w->token, w->session, w->csrf, (unsigned)w->port);
	int ok = fchmod(fd, 0600) == 0 && hv_write_all(fd, text, (size_t)n) == 0 && fsync(fd) == 0;
	sodium_memzero(text, sizeof text);
	ok = close(fd) == 0 && ok && rename(tmp, path) == 0;
	if (!ok) {
		int e = errno;
		unlink(tmp);
		return hv_fail(err, HV_EIO, "cannot keep the address in %s: %s", path, strerror(e));
	}
	return 0;
}

int hv_web_forget(const char *path, struct hv_error *err)
{
	if (unlink(path) == 0)
		return 1;
	return errno == ENOENT ? 0
	                       : hv_fail(err, HV_EIO, "cannot remove the remembered address %s: %s",
	                                 path, strerror(errno));
}
