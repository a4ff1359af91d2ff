/*
 * folder.c — the sync folder's files.  A sync engine may copy a file while
 * it is being written, so a segment is written under a temporary name that
 * starts with a dot (which readers pass over), made durable, then linked
 * into place whole.  A link, unlike a rename, never replaces a file: a
 * segment already there under that name means another device writes with
 * this one's id, and must not be lost.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/outfile.h"
#include "sync-private.h"

void hv_sync_seg_name(int64_t seq, char out[HV_SEG_NAME_MAX])
{
	snprintf(out, HV_SEG_NAME_MAX, "%010lld.seg", (long long)seq);
}

int hv_sync_mkdir(const char *dir, struct hv_error *err)
{
	if (mkdir(dir, 0700) == 0 || errno == EEXIST)
		return 0;
	return hv_fail(err, HV_EIO, "cannot make the folder %s: %s", dir, strerror(errno));
}

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Into place without replacing; where links are not allowed (some
 * network and cloud mounts), a rename after checking nothing is there. */
static int place(const char *tmp, const char *path)
{
	if (link(tmp, path) == 0)
		return unlink(tmp) == 0 ? 0 : -1;
	if (errno == EEXIST)
		return 1;
	if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != EMLINK)
		return -1;
	struct stat sb;
	if (lstat(path, &sb) == 0)
		return 1;
	return rename(tmp, path);
}

static int put(const char *dir, const char *name, const void *buf, size_t n, int replace,
               struct hv_error *err)
{
	char tmp[4200], path[4200];
	snprintf(tmp, sizeof tmp, "%s/.%s.%ld.tmp", dir, name, (long)getpid());
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return hv_fail(err, HV_EIO, "cannot write in the sync folder %s: %s", dir,
		               strerror(errno));
	int bad = hv_write_all(fd, buf, n) < 0 || fsync(fd) < 0;
	int saved = errno;
	if (close(fd) < 0 && !bad) {
		bad = 1;
		saved = errno;
	}
	int rc = bad ? -1 : replace ? rename(tmp, path) : place(tmp, path);
	if (rc < 0 && !bad)
		saved = errno;
	if (rc != 0)
		unlink(tmp);
	if (rc < 0)
		return hv_fail(err, HV_EIO, "cannot write %s: %s", path, strerror(saved));
	if (rc == 0 && sync_dir(dir) < 0)
		return hv_fail(err, HV_EIO, "cannot make %s durable: %s", path, strerror(errno));
	return rc;
}

int hv_sync_put_file(const char *dir, const char *name, const void *buf, size_t n,
                     struct hv_error *err)
{
	return put(dir, name, buf, n, 0, err);
}

int hv_sync_replace_file(const char *dir, const char *name, const void *buf, size_t n,
                         struct hv_error *err)
{
	return put(dir, name, buf, n, 1, err);
}

int hv_sync_get_file(const char *path, unsigned char **buf, size_t *n, struct hv_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno == ENOENT
		           ? 1
		           : hv_fail(err, HV_EIO, "cannot read %s: %s", path, strerror(errno));
	size_t cap = 65536, len = 0;
	unsigned char *p = malloc(cap);
	while (p) {
		len += fread(p + len, 1, cap - len, f);
		if (len < cap)
			break;
		unsigned char *q = realloc(p, cap * 2);
		if (!q) {
			free(p);
			p = NULL;
			break;
		}
		p = q;
		cap *= 2;
	}
	int bad = ferror(f);
	fclose(f);
	if (!p || bad) {
		free(p);
		return hv_fail(err, p ? HV_EIO : HV_ENOMEM, "cannot read %s", path);
	}
	*buf = p;
	*n = len;
	return 0;
}

static int cmp_seq(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The number a segment's (or snapshot's) name holds, or -1 (a temporary
 * file, a sync engine's conflict copy, anything else). */
static int64_t seq_of(const char *name, const char *ext)
{
	if (strlen(name) != 10 + strlen(ext) || strcmp(name + 10, ext) != 0)
		return -1;
	int64_t v = 0;
	for (int i = 0; i < 10; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return v > 0 ? v : -1;
}

int hv_sync_list(const char *dir, int64_t **seqs, size_t *n, struct hv_error *err)
{
	return hv_sync_list_ext(dir, ".seg", seqs, n, err);
}

int hv_sync_list_ext(const char *dir, const char *ext, int64_t **seqs, size_t *n,
                     struct hv_error *err)
{
	*seqs = NULL;
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0
		                       : hv_fail(err, HV_EIO, "cannot read the folder %s: %s", dir,
		                                 strerror(errno));
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		int64_t s = seq_of(e->d_name, ext);
		if (s < 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			int64_t *p = realloc(*seqs, cap * sizeof *p);
			if (!p) {
				closedir(d);
				return hv_fail(err, HV_ENOMEM, "out of memory");
			}
			*seqs = p;
		}
		(*seqs)[(*n)++] = s;
	}
	closedir(d);
	if (*n)
		qsort(*seqs, *n, sizeof **seqs, cmp_seq);
	return 0;
}

json_t *hv_sync_devices(const char *folder, struct hv_error *err)
{
	DIR *d = opendir(folder);
	if (!d) {
		hv_fail(err, HV_EIO, "cannot read the sync folder %s: %s", folder, strerror(errno));
		return NULL;
	}
	json_t *out = json_array();
	struct dirent *e;
	while (out && (e = readdir(d)))
		if (hv_segment_device_valid(e->d_name))
			json_array_append_new(out, json_string(e->d_name));
	closedir(d);
	if (!out)
		hv_fail(err, HV_ENOMEM, "out of memory");
	return out;
}
