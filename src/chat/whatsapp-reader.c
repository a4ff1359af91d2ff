/*
 * whatsapp-reader.c — a WhatsApp export as lines, for whatsapp.c.
 *
 * The file is read in chunks and lines are found with memchr over a large
 * buffer and never copied, so memory stays flat however large it is.  A
 * regular file is mapped instead (see map_input).  A line longer than
 * HV_CHAT_LINE_MAX comes back empty and marked, without being held; an
 * input that goes on past its limit (an endless pipe) stops the import.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "whatsapp-private.h"

/* Read this much at a time: the bytes are still in the CPU cache when the
 * lines are taken apart.  The buffer itself holds the longest line twice. */
#define READ_CHUNK (256 << 10)

/*
 * Mapping the file spares the kernel copying every byte into a buffer (a
 * tenth of an import's time).  Two things come with it.  Pages read stay
 * in the process's memory until let go, so every 2 MiB the pages behind
 * the line being read are dropped (MADV_DONTNEED): nothing points back
 * into them, as the pending message's sender and words are copies.  And a
 * file cut shorter while it is mapped raises SIGBUS on the first byte past
 * its new end; the reading thread catches it and fails the import, as a
 * read error would, instead of dying.
 */
#define MAP_DROP (2u << 20)

static _Thread_local sigjmp_buf *bus_jump;
static struct sigaction bus_old;
static pthread_mutex_t bus_lock = PTHREAD_MUTEX_INITIALIZER;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
	if (bus_jump)
		siglongjmp(*bus_jump, 1);
	/* Not a mapped chat: what would have happened without us. */
	if (bus_old.sa_flags & SA_SIGINFO && bus_old.sa_sigaction)
		bus_old.sa_sigaction(sig, si, uc);
	else if (bus_old.sa_handler != SIG_IGN && bus_old.sa_handler != SIG_DFL)
		bus_old.sa_handler(sig);
	else {
		signal(SIGBUS, SIG_DFL);
		raise(SIGBUS);
	}
}

/* Catch SIGBUS, keeping whatever handler was there to pass others on to
 * (again if something replaced ours since, as a test harness may). */
static void bus_install(void)
{
	struct sigaction cur, sa;
	pthread_mutex_lock(&bus_lock);
	if (sigaction(SIGBUS, NULL, &cur) == 0 &&
	    !((cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == on_bus)) {
		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = on_bus;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		bus_old = cur;
		sigaction(SIGBUS, &sa, NULL);
	}
	pthread_mutex_unlock(&bus_lock);
}

/* Map the input when it is a part of a regular file; 0 when it is. */
static int map_input(struct reader *r)
{
	const struct hv_chat_input *in = r->in;
	int64_t max = in->max_bytes > 0 ? in->max_bytes : HV_CHAT_INPUT_MAX;
	if (in->map_len <= 0 || in->map_len > max || getenv("HAVEN_CHAT_NO_MMAP"))
		return -1;
	long page = sysconf(_SC_PAGESIZE);
	int64_t base = page > 0 ? in->map_off / page * page : in->map_off;
	size_t len = (size_t)(in->map_len + (in->map_off - base));
	void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, in->map_fd, (off_t)base);
	if (m == MAP_FAILED)
		return -1;
	madvise(m, len, MADV_SEQUENTIAL);
	bus_install();
	r->map = m;
	r->maplen = len;
	r->buf = r->map + (in->map_off - base);
	r->start = 0;
	r->end = (size_t)in->map_len;
	r->eof = 1;
	r->bytes = in->map_len;
	return 0;
}

/* Let go of the mapped pages before `line`, the one being read; say how far. */
static void map_advance(struct reader *r, const char *line)
{
	size_t at = (size_t)(line - r->map);
	if (at - r->dropped < MAP_DROP)
		return;
	size_t upto = at / MAP_DROP * MAP_DROP; /* a multiple of any page size */
	madvise(r->map + r->dropped, upto - r->dropped, MADV_DONTNEED);
	r->dropped = upto;
	if (r->in->progress)
		r->in->progress((int64_t)(line - r->buf), r->in->size, r->in->progress_ctx);
}

static int fill(struct reader *r)
{
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	size_t want = r->cap - r->end < READ_CHUNK ? r->cap - r->end : READ_CHUNK;
	ssize_t got = r->in->read(r->in->ctx, r->buf + r->end, want, r->err);
	if (got < 0)
		return -1;
	/* An endless input (/dev/zero, a pipe that never ends) stops here,
	 * even when it is one endless run of lines too long to keep. */
	int64_t max = r->in->max_bytes > 0 ? r->in->max_bytes : HV_CHAT_INPUT_MAX;
	if (r->bytes + got > max)
		return hv_fail(
		    r->err, HV_EDATA,
		    "%s goes on past %lld MiB, the most haven reads from one chat export "
		    "(its limit on a chat input); nothing was imported. Export a single "
		    "chat instead",
		    r->in->name ? r->in->name : "the chat", (long long)(max >> 20));
	if (got == 0)
		r->eof = 1;
	r->end += (size_t)got;
	r->bytes += got;
	if (r->in->progress && r->bytes >= r->next_progress) {
		r->in->progress(r->bytes, r->in->size, r->in->progress_ctx);
		r->next_progress = r->bytes + (1 << 22);
	}
	return 0;
}

/* Throw away the rest of an over-long line. */
static int discard_line(struct reader *r)
{
	for (;;) {
		char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl) {
			r->start = (size_t)(nl + 1 - r->buf);
			return 0;
		}
		r->start = r->end = 0;
		if (r->eof)
			return 0;
		if (fill(r) < 0)
			return -1;
	}
}

/*
 * The next line (without its line end) in *line and *len: 1, or 0 at the end,
 * or -1 on a read error.  *too_long is set for a line over the limit, which
 * comes back empty.
 */
static int next_line(struct reader *r, const char **line, size_t *len, int *too_long)
{
	*too_long = 0;
	for (;;) {
		char *p = r->buf + r->start;
		char *nl = memchr(p, '\n', r->end - r->start);
		if (nl || (r->eof && r->start < r->end)) {
			size_t n = nl ? (size_t)(nl - p) : r->end - r->start;
			r->start = nl ? (size_t)(nl + 1 - r->buf) : r->end;
			r->line++;
			if (n > HV_CHAT_LINE_MAX) { /* by its length alone, wherever it lies */
				*too_long = 1;
				*line = "";
				*len = 0;
				return 1;
			}
			if (n > 0 && p[n - 1] == '\r')
				n--;
			*line = p;
			*len = n;
			return 1;
		}
		if (r->eof)
			return 0;
		if (r->end - r->start > HV_CHAT_LINE_MAX) {
			r->line++;
			*too_long = 1;
			*line = "";
			*len = 0;
			return discard_line(r) < 0 ? -1 : 1;
		}
		if (fill(r) < 0)
			return -1;
	}
}

int hv_wa_next_line(struct reader *r, const char **line, size_t *len, int *too_long)
{
	int got = next_line(r, line, len, too_long);
	if (got == 1 && !*too_long && r->map)
		map_advance(r, *line);
	return got;
}

void hv_wa_reader_catch(sigjmp_buf *jump)
{
	bus_jump = jump;
}

int hv_wa_reader_open(struct reader *r, struct hv_chat_input *in, struct hv_error *err)
{
	*r = (struct reader){.in = in, .err = err, .cap = (size_t)HV_CHAT_LINE_MAX * 2};
	if (map_input(r) == 0)
		return 0;
	if (!(r->buf = malloc(r->cap)))
		return hv_fail(err, HV_ENOMEM, "out of memory");
	return 0;
}

void hv_wa_reader_close(struct reader *r)
{
	bus_jump = NULL;
	if (r->map)
		munmap(r->map, r->maplen);
	else
		free(r->buf);
	r->map = r->buf = NULL;
}
