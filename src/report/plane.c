/*
 * plane.c — the assessment page's picture of both dimensions at once.
 * The drawing is the report's (chart-dimensions.c: two sliding scales, the
 * middle lines only guides, no corner named); this file feeds it one
 * target's takes from the history's "plane" and puts haven's own plain
 * words on the axes, since an instrument's subscale titles are its
 * author's and may be terse.
 */
#include "plane.h"

#include <stdlib.h>

#include "chart-model.h"
#include "chart.h"
#include "core/template.h"

static const char *word(const json_t *words, const char *key)
{
	const char *s = json_string_value(json_object_get(words, key));
	return s ? s : "";
}

/* A history-shaped series of one dimension: {"title", "points": [{result,
 * taken, score}]}, as hv_chart_dimensions_model reads it. */
static json_t *series(const json_t *entry, const char *dim, const char *title)
{
	json_t *points = json_array();
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(entry, "points"), i, p)
	{
		json_array_append_new(points, json_pack("{s:O,s:O,s:O}", "result",
		                                        json_object_get(p, "result"), "taken",
		                                        json_object_get(p, "taken"), "score",
		                                        json_object_get(p, dim)));
	}
	return json_pack("{s:s,s:o}", "title", title, "points", points);
}

char *hv_chart_plane(const json_t *entry, const json_t *words, int width)
{
	const char *target = json_string_value(json_object_get(entry, "target"));
	const char *kv[] = {"target", target ? target : "", NULL};
	char *title = hv_template_fill(word(words, target ? "title_for" : "title"), kv);
	json_t *x = series(entry, "avoidance", word(words, "avoidance"));
	json_t *y = series(entry, "anxiety", word(words, "anxiety"));
	struct hv_chart *c = NULL;
	if (title && x && y)
		c = hv_chart_dimensions_model(
		    x, y, json_number_value(json_object_get(entry, "min")),
		    json_number_value(json_object_get(entry, "max")), title, width);
	if (c)
		hv_chart_set_desc(c, word(words, "desc"));
	char *svg = c ? hv_chart_svg(c) : NULL;
	hv_chart_free(c);
	json_decref(x);
	json_decref(y);
	free(title);
	return svg;
}
