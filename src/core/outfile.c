/*
 * outfile.c — writing a file a person named (see outfile.h).
 *
 * The stream is a stdio cookie over the descriptor so that the errno of the
 * first failed write is kept: stdio alone keeps only that some write failed,
 * and "No space left on device" is what tells a person what to do.
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *hv_file_type_name(mode_t mode)
{
	if (S_ISREG(mode))
		return "a regular file";
	if (S_ISDIR(mode))
		return "a folder";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISFIFO(mode))
		return "a FIFO (named pipe)";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

int hv_path_is_special(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode);
}

int hv_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static ssize_t cookie_write(void *c, const char *buf, size_t n)
{
	struct hv_outfile *o = c;
	if (hv_write_all(o->fd, buf, n) < 0) {
		if (!o->werr)
			o->werr = errno;
		return 0; /* stdio's way of saying failed: never negative */
	}
	return (ssize_t)n;
}

static int cookie_close(void *c)
{
	struct hv_outfile *o = c;
	int rc = close(o->fd);
	o->fd = -1;
	return rc;
}

static int open_direct(struct hv_outfile *o, struct hv_error *err)
{
	o->fd = open(o->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (o->fd < 0)
		return hv_fail(err, HV_EIO, "cannot write %s to %s: %s", o->what, o->path,
		               strerror(errno));
	struct stat sb;
	if (fstat(o->fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		/* It became a regular file in the meantime: replace it whole instead. */
		close(o->fd);
		o->fd = -1;
		return 1;
	}
	o->direct = 1;
	return 0;
}

static int open_temp(struct hv_outfile *o, struct hv_error *err)
{
	unsigned char r[6];
	randombytes_buf(r, sizeof r);
	snprintf(o->tmp, sizeof o->tmp, "%s.tmp-%02x%02x%02x%02x%02x%02x", o->path, r[0], r[1],
	         r[2], r[3], r[4], r[5]);
	o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (o->fd < 0)
		return hv_fail(err, HV_EIO, "cannot write %s to %s: %s", o->what, o->path,
		               strerror(errno));
	return 0;
}

int hv_outfile_open(struct hv_outfile *o, const char *path, const char *what, struct hv_error *err)
{
	memset(o, 0, sizeof *o);
	o->fd = -1;
	o->what = what;
	if (snprintf(o->path, sizeof o->path, "%s", path) >= (int)sizeof o->path)
		return hv_fail(err, HV_EINVAL, "the file name is too long: %s", path);
	int rc = hv_path_is_special(path) ? open_direct(o, err) : 1;
	struct stat sb;
	char real[PATH_MAX];
	/* A symbolic link (/dev/stdout, or one of the person's own) stays: the
	 * file it leads to is the one replaced. */
	if (rc == 1 && lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) && realpath(path, real))
		snprintf(o->path, sizeof o->path, "%s", real);
	if (rc == 1)
		rc = open_temp(o, err);
	if (rc < 0)
		return -1;
	static const cookie_io_functions_t io = {.write = cookie_write, .close = cookie_close};
	o->f = fopencookie(o, "w", io);
	if (!o->f) {
		hv_outfile_abort(o);
		return hv_fail(err, HV_ENOMEM, "out of memory");
	}
	return 0;
}

void hv_outfile_abort(struct hv_outfile *o)
{
	if (o->f)
		fclose(o->f);
	else if (o->fd >= 0)
		close(o->fd);
	o->f = NULL;
	o->fd = -1;
	if (!o->direct && o->tmp[0])
		unlink(o->tmp);
	o->tmp[0] = '\0';
}

int hv_outfile_finish(struct hv_outfile *o, struct hv_error *err)
{
	int ok = fflush(o->f) == 0 && !ferror(o->f);
	/* A device or a FIFO may have nothing to sync (EINVAL): that is no error. */
	if (ok && fsync(o->fd) != 0 &&
	    (!o->direct || (errno != EINVAL && errno != ENOTSUP && errno != EROFS)))
		o->werr = errno, ok = 0;
	int why = o->werr ? o->werr : errno;
	if (fclose(o->f) != 0 && ok)
		why = errno, ok = 0;
	o->f = NULL;
	if (ok && !o->direct && rename(o->tmp, o->path) != 0) {
		hv_fail(err, HV_EIO, "cannot move %s into %s: %s; %s was left as it was", o->what,
		        o->path, strerror(errno), o->path);
		hv_outfile_abort(o);
		return -1;
	}
	if (!ok) {
		if (o->direct)
			hv_fail(err, HV_EIO,
			        "writing %s to %s failed: %s. What reached it is not whole; check "
			        "that it has room (and works), then try again",
			        o->what, o->path, strerror(why));
		else
			hv_fail(err, HV_EIO,
			        "writing %s to %s failed: %s. %s was left as it was; check "
			        "that the disk has room (and works), then try again",
			        o->what, o->path, strerror(why), o->path);
		hv_outfile_abort(o);
		return -1;
	}
	o->tmp[0] = '\0';
	return 0;
}

int hv_outfile_copy(const char *from, const char *path, const char *what, struct hv_error *err)
{
	FILE *in = fopen(from, "rb");
	if (!in)
		return hv_fail(err, HV_EIO, "cannot read %s: %s", from, strerror(errno));
	struct hv_outfile o;
	if (hv_outfile_open(&o, path, what, err) < 0) {
		fclose(in);
		return -1;
	}
	static char buf[64 * 1024];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, o.f) != n)
			break;
	int bad_read = ferror(in);
	fclose(in);
	if (bad_read) {
		hv_outfile_abort(&o);
		return hv_fail(err, HV_EIO,
		               "cannot read %s: a read failed; %s was not written to %s", from,
		               what, path);
	}
	return hv_outfile_finish(&o, err);
}

int hv_outfile_bytes(const char *path, const void *bytes, size_t len, const char *what,
                     struct hv_error *err)
{
	struct hv_outfile o;
	if (hv_outfile_open(&o, path, what, err) < 0)
		return -1;
	/* A short write is found and named by hv_outfile_finish. */
	if (len)
		fwrite(bytes, 1, len, o.f);
	return hv_outfile_finish(&o, err);
}
