/*
 * gen-chat.c — write a WhatsApp "Export chat" text of about N megabytes for
 * bench/chat.sh: two people over several years, Android style
 * ("31/12/2023, 22:15 - Sam: text"), with multi-line messages, media
 * placeholders and a system line now and then.  Deterministic (fixed seed)
 * so every run measures the same file.
 *   gen-chat MEGABYTES > file.txt
 */
#include <stdio.h>
#include <stdlib.h>

static unsigned long long state = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (unsigned)(state % n);
}

static const char *const words[] = {
    "ok",   "see", "you",  "later", "tonight", "thanks", "how",   "was",   "your",     "day",
    "work", "is",  "fine", "love",  "dinner",  "at",     "eight", "maybe", "tomorrow", "sure"};

int main(int argc, char **argv)
{
	long long want = (argc > 1 ? atoll(argv[1]) : 100) * 1000000LL, written = 0;
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = 2019, m = 1, d = 1, sec = 8 * 3600;
	written += printf("01/01/2019, 08:00 - Messages and calls are end-to-end encrypted. "
	                  "No one outside of this chat, not even WhatsApp, can read or listen "
	                  "to them. Tap to learn more.\n");
	while (written < want) {
		sec += 5 + (int)rnd(240);
		if (sec >= 86400) {
			sec -= 86400;
			int leap = y % 4 == 0 && m == 2;
			if (++d > dim[m - 1] + leap) {
				d = 1;
				if (++m > 12)
					m = 1, y++;
			}
		}
		const char *who = rnd(2) ? "Alex" : "Sam Taylor";
		written += printf("%02d/%02d/%04d, %02d:%02d - %s: ", d, m, y, sec / 3600,
		                  sec / 60 % 60, who);
		unsigned kind = rnd(100);
		if (kind < 3) {
			written += printf("<Media omitted>\n");
			continue;
		}
		unsigned n = 1 + rnd(12);
		for (unsigned i = 0; i < n; i++)
			written += printf("%s%s", i ? " " : "", words[rnd(20)]);
		if (kind < 8)
			written += printf("\nand one more line about %s", words[rnd(20)]);
		written += printf("\n");
	}
	return 0;
}
