/*
 * apart.c — work done in a short-lived child process (apart.h): fork, the
 * child makes its bytes and writes a head and them to a pipe, then ends
 * with _exit (no exit handlers, no buffers of the caller's flushed twice);
 * the parent reads to the end of the pipe or the deadline, waits for the
 * child, and believes the answer only when the child ended well and said
 * exactly what its head promised.
 *
 * The caller may have other threads (the server's checkpointer); the child
 * has only the one that forked, so it touches nothing of theirs: it makes
 * its bytes from the copy of memory fork gave it, writes and leaves.
 */
#include "apart.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/grow.h"
#include "core/outfile.h"

#define MAGIC 0x68617661u /* "hava": the head of an answer */

struct head {
	uint32_t magic;
	int32_t code; /* 0: the bytes made follow; else an hv_errcode and its message */
	uint64_t len; /* how many bytes follow */
};

/* What the parent has read so far. */
struct got {
	unsigned char *buf;
	size_t len, cap;
};

/* The child: every signal let through again (the server blocks its stop
 * signals in the thread that forks), an alarm in case the work hangs, the
 * work, the answer, and out. */
static _Noreturn void child(int fd, hv_apart_fn make, void *ctx, unsigned timeout_s)
{
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	alarm(timeout_s + 2); /* after the parent's deadline: for a parent gone */
	struct hv_error err;
	hv_error_clear(&err);
	size_t len = 0;
	unsigned char *bytes = make(ctx, &len, &err);
	const void *body = bytes ? (const void *)bytes : err.msg;
	struct head h = {.magic = MAGIC,
	                 .code = bytes ? 0 : (err.code ? (int32_t)err.code : HV_EIO),
	                 .len = bytes ? len : strlen(err.msg)};
	int ok = hv_write_all(fd, &h, sizeof h) == 0 && hv_write_all(fd, body, (size_t)h.len) == 0;
	_exit(ok ? 0 : 1);
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read what the child says until it closes the pipe: 1 at its end, 0 at
 * the deadline, -1 when it cannot be read or says too much. */
static int read_answer(int fd, struct got *g, int64_t deadline)
{
	for (;;) {
		int64_t left = deadline - now_ms();
		if (left <= 0)
			return 0;
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int r = poll(&p, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r;
		if (HV_GROW(g->buf, g->cap, g->len + 65536, 65536) < 0)
			return -1;
		ssize_t n = read(fd, g->buf + g->len, g->cap - g->len);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return n == 0 ? 1 : -1;
		g->len += (size_t)n;
		if (g->len > HV_APART_MAX + sizeof(struct head))
			return -1;
	}
}

/* The child's end: its status as waitpid gives it (an ended child that
 * was already reaped elsewhere counts as ended well: its answer is still
 * judged whole or not). */
static int reap(pid_t pid)
{
	int status;
	for (;;) {
		if (waitpid(pid, &status, 0) == pid)
			return status;
		if (errno != EINTR)
			return 0;
	}
}

/* The answer read, judged: the bytes made (moved to the front of g's
 * buffer, which the caller then owns), or NULL with err. */
static unsigned char *judge(struct got *g, const char *what, size_t *len, struct hv_error *err)
{
	struct head h;
	if (g->len < sizeof h || (memcpy(&h, g->buf, sizeof h), h.magic != MAGIC) ||
	    h.len != g->len - sizeof h) {
		hv_fail(err, HV_EIO,
		        "%s could not be made: the process making it ended without "
		        "handing it over whole",
		        what);
		return NULL;
	}
	if (h.code != 0) {
		enum hv_errcode code = h.code > HV_OK && h.code <= HV_ENOMEM ? h.code : HV_EIO;
		int n = h.len < sizeof err->msg ? (int)h.len : (int)sizeof err->msg - 1;
		hv_fail(err, code, "%.*s", n, (const char *)g->buf + sizeof h);
		return NULL;
	}
	memmove(g->buf, g->buf + sizeof h, (size_t)h.len);
	*len = (size_t)h.len;
	unsigned char *bytes = g->buf;
	g->buf = NULL;
	return bytes;
}

unsigned char *hv_apart(hv_apart_fn make, void *ctx, const char *what, unsigned timeout_s,
                        size_t *len, struct hv_error *err)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0) {
		hv_fail(err, HV_EIO, "%s could not be started: %s", what, strerror(errno));
		return NULL;
	}
	pid_t pid = fork();
	if (pid < 0) {
		hv_fail(err, HV_EIO, "%s could not be started: %s", what, strerror(errno));
		close(fds[0]), close(fds[1]);
		return NULL;
	}
	if (pid == 0) {
		close(fds[0]);
		child(fds[1], make, ctx, timeout_s);
	}
	close(fds[1]);
	struct got g = {0};
	int read = read_answer(fds[0], &g, now_ms() + (int64_t)timeout_s * 1000);
	if (read <= 0)
		kill(pid, SIGKILL); /* past its time, or saying what cannot be kept */
	close(fds[0]);
	int status = reap(pid);
	unsigned char *bytes = NULL;
	if (read == 0 || (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM))
		hv_fail(err, HV_EIO, "%s took longer than %u second%s and was stopped", what,
		        timeout_s, timeout_s == 1 ? "" : "s");
	else if (read < 0)
		hv_fail(err, HV_EIO,
		        "%s could not be read back whole (too large, or out of memory)", what);
	else if (WIFSIGNALED(status))
		hv_fail(err, HV_EIO,
		        "%s could not be made: the process making it stopped on signal %d (%s)",
		        what, WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		hv_fail(err, HV_EIO,
		        "%s could not be made: the process making it ended with status %d", what,
		        WEXITSTATUS(status));
	else
		bytes = judge(&g, what, len, err);
	free(g.buf);
	return bytes;
}
