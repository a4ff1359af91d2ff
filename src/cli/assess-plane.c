/*
 * assess-plane.c — where anxiety and avoidance sit together, drawn in
 * text: a small square, up for worry about closeness and across for
 * keeping one's distance, each take a digit from the oldest (1) on, the
 * latest in the accent colour; then a key and, in words, the move since
 * the take before.  Two faint middle lines guide the eye; no corner is
 * named, since the scales slide and a person is not a box.
 */
#include "assess-plane.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/template.h"

#define COLS  21 /* odd, so the middle has a column of its own */
#define ROWS  11
#define SHOWN 9 /* one digit a take: the latest nine */

static const char *w(const char *key)
{
	char path[64];
	snprintf(path, sizeof path, "plane/%s", key);
	return hv_content_text("assess.json", path, "");
}

static int cell(double v, double lo, double hi, int n)
{
	int c = (int)lround((v - lo) / (hi - lo) * (n - 1));
	return c < 0 ? 0 : c >= n ? n - 1 : c;
}

/* The grid of marks: '1'..'9' for takes, 0 for none. */
static void place(const json_t *points, size_t first, double lo, double hi, char grid[ROWS][COLS])
{
	memset(grid, 0, ROWS * COLS);
	for (size_t i = first; i < json_array_size(points); i++) {
		const json_t *p = json_array_get(points, i);
		int c = cell(json_number_value(json_object_get(p, "avoidance")), lo, hi, COLS);
		int r =
		    ROWS - 1 - cell(json_number_value(json_object_get(p, "anxiety")), lo, hi, ROWS);
		grid[r][c] = (char)('1' + (i - first));
	}
}

static void draw(struct hv_cli *cli, char grid[ROWS][COLS], char last, double lo, double hi)
{
	printf("      %s↑ %s%s\n", cli_bold(cli), w("anxiety"), cli_reset(cli));
	for (int r = 0; r < ROWS; r++) {
		if (r == 0 || r == ROWS / 2 || r == ROWS - 1)
			printf("%5g │", r == 0 ? hi : r == ROWS - 1 ? lo : (lo + hi) / 2);
		else
			printf("      │");
		for (int c = 0; c < COLS; c++) {
			char m = grid[r][c];
			if (m)
				printf("%s%c%s", m == last ? cli_accent(cli) : "", m,
				       m == last ? cli_reset(cli) : "");
			else if (r == ROWS / 2 || c == COLS / 2)
				printf("%s·%s", cli_dim(cli), cli_reset(cli));
			else
				putchar(' ');
		}
		putchar('\n');
	}
	printf("      └");
	for (int c = 0; c < COLS; c++)
		printf("─");
	printf("\n      %-*g%-*g%g\n", COLS / 2, lo, COLS / 2, (lo + hi) / 2, hi);
	printf("      %s%s →%s\n", cli_bold(cli), w("avoidance"), cli_reset(cli));
}

static void key(const json_t *points, size_t first)
{
	int64_t now = hv_now_ms();
	for (size_t i = first; i < json_array_size(points); i++) {
		const json_t *p = json_array_get(points, i);
		char when[48], n[4], anx[16], avo[16];
		cli_when_of(p, "taken", now, when, sizeof when);
		snprintf(n, sizeof n, "%zu", i - first + 1);
		snprintf(anx, sizeof anx, "%.2f", json_number_value(json_object_get(p, "anxiety")));
		snprintf(avo, sizeof avo, "%.2f",
		         json_number_value(json_object_get(p, "avoidance")));
		const char *kv[] = {"n", n, "when", when, "anxiety", anx, "avoidance", avo, NULL};
		char *line = hv_template_fill(w("key"), kv);
		printf("  ");
		cli_wrap_words(2, 5, line ? line : "");
		printf("\n");
		free(line);
	}
}

/* "up by 0.33", "down by 0.22" or "about the same", in the data's words. */
static char *way(double d)
{
	char n[16];
	snprintf(n, sizeof n, "%.2f", fabs(d));
	const char *kv[] = {"n", n, NULL};
	return hv_template_fill(fabs(d) < 0.005 ? w("same") : d > 0 ? w("up") : w("down"), kv);
}

static void moved(struct hv_cli *cli, const json_t *m)
{
	if (!json_is_object(m)) {
		cli_wrap(0, w("one_take"));
		printf("\n");
		return;
	}
	char *a = way(json_number_value(json_object_get(m, "anxiety")));
	char *b = way(json_number_value(json_object_get(m, "avoidance")));
	const char *kv[] = {"anxiety_way", a ? a : "", "avoidance_way", b ? b : "", NULL};
	char *line = hv_template_fill(w("moved"), kv);
	printf("%s%s:%s ", cli_bold(cli), w("moved_title"), cli_reset(cli));
	cli_wrap_words((int)strlen(w("moved_title")) + 2, 0, line ? line : "");
	printf("\n");
	free(line);
	free(a);
	free(b);
}

void assess_print_plane(struct hv_cli *cli, const json_t *plane)
{
	size_t i;
	json_t *e;
	json_array_foreach(plane, i, e)
	{
		const json_t *points = json_object_get(e, "points");
		double lo = json_number_value(json_object_get(e, "min"));
		double hi = json_number_value(json_object_get(e, "max"));
		if (!(hi > lo) || json_array_size(points) == 0)
			continue;
		size_t n = json_array_size(points), first = n > SHOWN ? n - SHOWN : 0;
		const char *target = json_string_value(json_object_get(e, "target"));
		const char *kv[] = {"target", target ? target : "", NULL};
		char *title = hv_template_fill(target ? w("title_for") : w("title"), kv);
		printf("\n%s%s%s\n", cli_bold(cli), title ? title : "", cli_reset(cli));
		free(title);
		printf("%s", cli_dim(cli));
		cli_wrap(0, w("axes"));
		printf("%s\n\n", cli_reset(cli));
		char grid[ROWS][COLS];
		place(points, first, lo, hi, grid);
		draw(cli, grid, (char)('1' + (n - 1 - first)), lo, hi);
		key(points, first);
		moved(cli, json_object_get(e, "moved"));
	}
}

void assess_print_plane_of(struct hv_cli *cli, struct hv_store *st, const json_t *inst,
                           const char *target)
{
	struct hv_error err;
	json_t *h = hv_assess_history(st, inst, &err);
	json_t *one = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(h, "plane"), i, e)
	{
		const char *t = json_string_value(json_object_get(e, "target"));
		if (t == target || (t && target && !strcmp(t, target)))
			json_array_append(one, e);
	}
	assess_print_plane(cli, one);
	json_decref(one);
	json_decref(h);
}
