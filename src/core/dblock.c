/*
 * dblock.c — the lock on the database file itself (see dblock.h).
 *
 * SQLite's unix locks are POSIX record locks, which a process loses on a
 * file the moment it closes any descriptor of that file.  So each open
 * file is counted here, per device and inode: a store that closes while
 * another store of this process still has the file open leaves its
 * descriptor unlocked but open, and the last one closes them all (SQLite
 * does the same with its own descriptors).
 */
#include "dblock.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Past the bytes SQLite locks (0x40000000 up to 0x40000200). */
#define LOCK_BYTE 0x40000800

/* The stores of this process with one file open, and descriptors kept. */
struct inode_use {
	dev_t dev;
	ino_t ino;
	int open;  /* stores with it open */
	int nkept; /* descriptors of closed stores, unlocked, still open */
	int *kept;
	struct inode_use *next;
};

static pthread_mutex_t uses_mu = PTHREAD_MUTEX_INITIALIZER;
static struct inode_use *uses;

static int set_lock(int fd, short type)
{
	struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = LOCK_BYTE, .l_len = 1};
	return fcntl(fd, F_OFD_SETLK, &fl);
}

/* The use of fd's file; created with create (NULL when out of memory). */
static struct inode_use *use_of(int fd, int create)
{
	struct stat sb;
	if (fstat(fd, &sb) < 0)
		return NULL;
	for (struct inode_use *u = uses; u; u = u->next)
		if (u->dev == sb.st_dev && u->ino == sb.st_ino)
			return u;
	if (!create)
		return NULL;
	struct inode_use *u = calloc(1, sizeof *u);
	if (u) {
		u->dev = sb.st_dev;
		u->ino = sb.st_ino;
		u->next = uses;
		uses = u;
	}
	return u;
}

static void count_open(int fd)
{
	pthread_mutex_lock(&uses_mu);
	struct inode_use *u = use_of(fd, 1);
	if (u)
		u->open++;
	pthread_mutex_unlock(&uses_mu);
}

void hv_dblock_close(int fd)
{
	if (fd < 0)
		return;
	set_lock(fd, F_UNLCK);
	pthread_mutex_lock(&uses_mu);
	struct inode_use *u = use_of(fd, 0);
	int *grown =
	    u && u->open > 1 ? realloc(u->kept, (size_t)(u->nkept + 1) * sizeof *grown) : NULL;
	if (grown) {
		/* Another store here has the file open: closing would drop its
		 * SQLite locks. */
		u->kept = grown;
		u->kept[u->nkept++] = fd;
		u->open--;
	} else {
		close(fd);
		if (u && --u->open <= 0) {
			for (int i = 0; i < u->nkept; i++)
				close(u->kept[i]);
			struct inode_use **p = &uses;
			while (*p != u)
				p = &(*p)->next;
			*p = u->next;
			free(u->kept);
			free(u);
		}
	}
	pthread_mutex_unlock(&uses_mu);
}

/* Whether fd still is the file at path (a restore renames another in). */
static int still_there(int fd, const char *path)
{
	struct stat a, b;
	return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

int hv_dblock_open(const char *path, int *fd, struct hv_error *err)
{
	*fd = -1;
	for (int tries = 0;; tries++) {
		int f = open(path, O_RDWR | O_CLOEXEC);
		if (f < 0)
			f = open(path, O_RDONLY | O_CLOEXEC);
		if (f < 0)
			return 0;
		count_open(f);
		int locked = set_lock(f, F_RDLCK) == 0;
		int busy = !locked && (errno == EAGAIN || errno == EACCES || errno == EINTR);
		if (locked && still_there(f, path)) {
			*fd = f;
			return 0;
		}
		hv_dblock_close(f);
		if (!locked && !busy)
			return 0; /* a file system without these locks: go on */
		if (tries == 50)
			return hv_fail(
			    err, HV_EIO,
			    "%s is busy: another haven is sealing, opening or restoring it. "
			    "Try again in a moment",
			    path);
		usleep(100000);
	}
}

int hv_dblock_exclusive(int fd)
{
	if (fd < 0)
		return 0;
	if (set_lock(fd, F_WRLCK) == 0)
		return 0;
	/* Opened read-only: nothing it does can write, so nothing to guard. */
	return errno == EBADF ? 0 : -1;
}
