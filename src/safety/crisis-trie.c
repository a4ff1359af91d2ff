/*
 * crisis-trie.c — a concept's alternatives of more than one word as one
 * trie, so the words they share are matched once.
 *
 * A concept such as "if you", "if you do not", "if u", "unless you" ...
 * used to be tried alternative by alternative at every word that could
 * start one, each failing a word or two in.  As a trie, the alternatives
 * that begin alike walk together: one look at the word after "if" chooses
 * among all of them at once (a binary search over the word ids leaving a
 * node), and only steps over a concept or a gap are tried in turn.  The
 * trie hears exactly what its alternatives hear — a match of the concept
 * is a path from the root to a node where an alternative ends — so it is
 * only a faster way to ask the same question (crisis.c, trie_ends).
 *
 * A words element of several words ("a|b") becomes one step per word,
 * each with the rest of the alternative after it.  One-word alternatives
 * stay in the concept's bitmap, answered in one look.
 *
 * The named trie holds every alternative of the named concepts that is
 * words alone, marked at its last word with its concept.  The reading
 * for the weighed words asks, at every word, which named concepts start
 * there; one walk down this trie answers for all of them at once, and
 * only a concept with an alternative over a concept or a gap (few) is
 * asked on its own (crisis.c, hv_crisis_read).
 */
#include <stdlib.h>
#include <string.h>

#include "crisis-private.h"

struct bnode {
	int end;
	struct ctedge *e;
	int n, cap;
	int *ends, n_ends, cap_ends; /* the named trie: concepts ending here */
};

struct builder {
	struct bnode *nodes;
	int n, cap, edges, failed;
};

static int new_node(struct builder *b)
{
	if (b->n == b->cap) {
		int cap = b->cap ? b->cap * 2 : 256;
		struct bnode *more = realloc(b->nodes, (size_t)cap * sizeof *more);
		if (!more) {
			b->failed = 1;
			return -1;
		}
		b->nodes = more;
		b->cap = cap;
	}
	b->nodes[b->n] = (struct bnode){0};
	return b->n++;
}

/* The child of node by the step (kind, arg), made when new; -1 when out
 * of memory. */
static int step(struct builder *b, int node, int kind, int arg)
{
	for (int i = 0; i < b->nodes[node].n; i++) {
		const struct ctedge *e = &b->nodes[node].e[i];
		if (e->kind == kind && e->arg == arg)
			return e->child;
	}
	int child = new_node(b); /* before taking a pointer: it may move the nodes */
	struct bnode *nd = &b->nodes[node];
	if (child < 0)
		return -1;
	if (nd->n == nd->cap) {
		int cap = nd->cap ? nd->cap * 2 : 4;
		struct ctedge *more = realloc(nd->e, (size_t)cap * sizeof *more);
		if (!more) {
			b->failed = 1;
			return -1;
		}
		nd->e = more;
		nd->cap = cap;
	}
	nd->e[nd->n++] = (struct ctedge){kind, arg, child};
	b->edges++;
	return child;
}

/* Add elements [from, n) of pat below node. */
static void insert(struct builder *b, int node, const struct cpattern *pat, int from)
{
	if (b->failed)
		return;
	if (from == pat->n) {
		b->nodes[node].end = 1;
		return;
	}
	const struct celem *e = &pat->e[from];
	if (e->kind != CE_WORDS) {
		int child = step(b, node, e->kind, e->kind == CE_CONCEPT ? e->concept : e->n);
		if (child >= 0)
			insert(b, child, pat, from + 1);
		return;
	}
	for (int i = 0; i < e->n; i++) {
		int child = step(b, node, CE_WORDS, e->ids[i]);
		if (child >= 0)
			insert(b, child, pat, from + 1);
	}
}

/* Words first, by id, for the binary search; then the other steps. */
static int by_step(const void *a, const void *b)
{
	const struct ctedge *x = a, *y = b;
	int xw = x->kind == CE_WORDS, yw = y->kind == CE_WORDS;
	if (xw != yw)
		return yw - xw;
	if (xw)
		return (x->arg > y->arg) - (x->arg < y->arg);
	return (x->child > y->child) - (x->child < y->child); /* the order they were added */
}

/* Mark node as an end of named concept k (concepts come in order, so the
 * list stays sorted and each is listed once). */
static void mark_end(struct builder *b, int node, int k)
{
	struct bnode *nd = &b->nodes[node];
	if (nd->n_ends && nd->ends[nd->n_ends - 1] == k)
		return;
	if (nd->n_ends == nd->cap_ends) {
		int cap = nd->cap_ends ? nd->cap_ends * 2 : 2;
		int *more = realloc(nd->ends, (size_t)cap * sizeof *more);
		if (!more) {
			b->failed = 1;
			return;
		}
		nd->ends = more;
		nd->cap_ends = cap;
	}
	nd->ends[nd->n_ends++] = k;
}

/* Add a words-only alternative of named concept k below the root. */
static void insert_named(struct builder *b, int root, const struct cpattern *p, int from, int k)
{
	if (b->failed)
		return;
	if (from == p->n) {
		mark_end(b, root, k);
		return;
	}
	for (int i = 0; i < p->e[from].n; i++) {
		int child = step(b, root, CE_WORDS, p->e[from].ids[i]);
		if (child >= 0)
			insert_named(b, child, p, from + 1, k);
	}
}

static int words_only(const struct cpattern *p)
{
	for (int i = 0; i < p->n; i++)
		if (p->e[i].kind != CE_WORDS)
			return 0;
	return 1;
}

/* Each node's steps into m->tedges from *at on, sorted; the counts back. */
static void put_edges(struct bnode *nd, struct cmodel *m, int *at, int *n_words, int *n_others)
{
	if (nd->n > 1) /* a leaf has no steps at all, nor any array of them */
		qsort(nd->e, (size_t)nd->n, sizeof *nd->e, by_step);
	*n_words = *n_others = 0;
	for (int k = 0; k < nd->n; k++) {
		m->tedges[(*at)++] = nd->e[k];
		if (nd->e[k].kind == CE_WORDS)
			++*n_words;
		else
			++*n_others;
	}
}

/* The builders' nodes as the model's flat arrays: the concepts' tries
 * (b), then the named trie (nb, whose node 0 is its root). */
static int flatten(struct builder *b, struct builder *nb, struct cmodel *m)
{
	int ends = 0;
	for (int i = 0; i < nb->n; i++)
		ends += nb->nodes[i].n_ends;
	m->tnodes = calloc((size_t)b->n + 1, sizeof *m->tnodes);
	m->tedges = calloc((size_t)(b->edges + nb->edges) + 1, sizeof *m->tedges);
	m->nnodes = calloc((size_t)nb->n + 1, sizeof *m->nnodes);
	m->nends = calloc((size_t)ends + 1, sizeof *m->nends);
	m->nroot = malloc(((size_t)m->n_vocab + 1) * sizeof *m->nroot);
	if (!m->tnodes || !m->tedges || !m->nnodes || !m->nends || !m->nroot)
		return -1;
	int at = 0;
	for (int i = 0; i < b->n; i++) {
		struct ctnode *t = &m->tnodes[i];
		*t = (struct ctnode){.first = at, .end = b->nodes[i].end};
		put_edges(&b->nodes[i], m, &at, &t->n_words, &t->n_others);
	}
	m->n_tnodes = b->n;
	for (int i = 0; i < nb->n; i++) {
		struct cnnode *t = &m->nnodes[i];
		int others;
		*t =
		    (struct cnnode){.first = at, .ends = m->n_nends, .n_ends = nb->nodes[i].n_ends};
		put_edges(&nb->nodes[i], m, &at, &t->n_words, &others);
		if (t->n_ends) /* most nodes end nothing: no list to copy */
			memcpy(m->nends + m->n_nends, nb->nodes[i].ends,
			       (size_t)t->n_ends * sizeof *m->nends);
		m->n_nends += t->n_ends;
	}
	m->n_nnodes = nb->n;
	m->n_tedges = at;
	for (int id = 0; id <= m->n_vocab; id++)
		m->nroot[id] = nb->n ? hv_crisis_trie_word(m->tedges + m->nnodes[0].first,
		                                           m->nnodes[0].n_words, id)
		                     : -1;
	return 0;
}

static void free_builder(struct builder *b)
{
	for (int i = 0; i < b->n; i++) {
		free(b->nodes[i].e);
		free(b->nodes[i].ends);
	}
	free(b->nodes);
}

/* Add p below *root, made when first needed. */
static void insert_at(struct builder *b, int *root, const struct cpattern *p)
{
	if (*root < 0)
		*root = new_node(b);
	if (*root >= 0)
		insert(b, *root, p, 0);
}

/* Each concept's alternatives of more than one word into its own trie,
 * and a named concept's alternatives that are not words alone into one
 * more. */
static void build_concepts(struct builder *b, struct cmodel *m)
{
	for (int k = 0; k < m->n_concepts; k++) {
		struct cconcept *cc = &m->concepts[k];
		cc->trie = cc->complex = -1;
		for (int a = 0; a < cc->n && !b->failed; a++) {
			const struct cpattern *p = &cc->alts[a];
			if (k < m->n_named && !words_only(p))
				insert_at(b, &cc->complex, p);
			if (p->n > 1 || p->e[0].kind != CE_WORDS) /* else in the bitmap */
				insert_at(b, &cc->trie, p);
		}
	}
}

/* Every words-only alternative of the named concepts into one trie. */
static void build_named(struct builder *nb, struct cmodel *m)
{
	int root = new_node(nb);
	for (int k = 0; k < m->n_named && root >= 0; k++) {
		struct cconcept *cc = &m->concepts[k];
		for (int a = 0; a < cc->n && !nb->failed; a++) {
			if (words_only(&cc->alts[a]))
				insert_named(nb, root, &cc->alts[a], 0, k);
		}
	}
}

int hv_crisis_build_tries(struct cmodel *m)
{
	struct builder b = {0}, nb = {0};
	build_concepts(&b, m);
	build_named(&nb, m);
	int rc = b.failed || nb.failed ? -1 : flatten(&b, &nb, m);
	free_builder(&b);
	free_builder(&nb);
	return rc;
}
