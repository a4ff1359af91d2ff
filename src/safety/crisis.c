/*
 * crisis.c — the crisis net's matcher (see crisis.h).
 *
 * A text becomes a row of word ids (crisis-words.c); every rule of the model
 * (crisis-model.c) is tried at every word it could start at, unless a part
 * of it has no word in that sentence to start with.  A rule's
 * pattern is matched by working out every length it can cover from there,
 * as a bit mask, so concepts with alternatives of different lengths and
 * gaps combine without backtracking by hand.  A match then passes four
 * checks, all of them data:
 *
 *   exceptions  an idiom covering any of its words sets it aside
 *               ("killing it", "dying to see you");
 *   negation    a negatable rule is set aside when a negator stands a few
 *               words before it in the same clause ("I would never hurt
 *               myself"), unless the negator is part of something else
 *               ("can't stop thinking about dying") or belongs to an
 *               earlier subject ("if you don't answer I'll ...");
 *   needs       each of these concepts must stand nearby (a pill is only
 *               a method beside a person and an intention);
 *   unless      one of these concepts in the same sentence sets it aside
 *               (a documentary, a character, someone else).
 *
 * The decision is the weighed words' (crisis-weights.c, crisis-scan.c): a
 * passage weighing over the threshold raises help, and a rule that held
 * raises help unless the words weigh plainly ordinary.  Where a reading is
 * truly uncertain the data leans toward speaking up.
 * Concepts are matched through their tries (crisis-trie.c).
 */
#include "crisis.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crisis-private.h"

#define MAX_SPAN   63   /* the longest match, in words: lengths are bits of a uint64_t */
#define KNOWN      1    /* bit 0 of a remembered answer, never set in a real one */
#define LONG_MATCH 0xfe /* a match longer than a byte can say: work it out again */
#define MAX_DEPTH  8

struct scan {
	const struct cmodel *m;
	const struct cwords *ws;
	void *block;       /* everything below, in one allocation (scan_open) */
	uint8_t *excepted; /* words an exception covers */
	size_t *limit;     /* for each word, the first word of the next sentence */
	uint8_t *known;    /* per named concept, per word: the lengths it matches, with
	                      KNOWN set; 0 where not worked out yet */
	/* The sentence the rules are being tried in: its words as a bitmap
	 * over the vocabulary, the concepts they can start that rules ask
	 * after (a bitmap over the concepts), where it ends, and for each rule
	 * whether it could match in it (could[r], worked out when asked_in[r]
	 * is the sentence's number). */
	uint8_t *present;
	uint64_t *starts;
	size_t sentence_start, sentence_end;
	int sentence, *asked_in;
	uint8_t *could;
	size_t *found;     /* per named concept: the word it was last found at, + 1 */
	uint64_t *lengths; /* ... and the lengths its words-alone alternatives matched */
	int *here, n_here; /* the named concepts found at the word walked last */
	int walked;        /* all walked: a words-alone named concept unremembered is no match */
};

static uint64_t concept_ends(const struct scan *s, int k, size_t pos, size_t limit, int depth);

/* Is word i a negator that really negates (not "can't stop", "not only")? */
static int negates(const struct scan *s, size_t i)
{
	const struct cmodel *m = s->m;
	return has_id(m->negators, m->n_negators, s->ws->w[i].id) &&
	       !(i + 1 < s->ws->n && has_id(m->breakers, m->n_breakers, s->ws->w[i + 1].id));
}

/* May a gap pass over word i?  Not over a negator, which would turn the
 * meaning round, and not into another clause. */
static int can_skip(const struct scan *s, size_t i)
{
	return !negates(s, i) && !s->ws->w[i].clause &&
	       !(i + 1 < s->ws->n && s->ws->w[i + 1].clause);
}

/* x << n, where a shift past the word loses every bit (as shifting one
 * word at a time would). */
static uint64_t shift_by(uint64_t x, size_t n)
{
	return n < 64 ? x << n : 0;
}

static uint64_t pattern_rest(const struct scan *s, const struct cpattern *pat, int from, size_t pos,
                             size_t limit, int depth);

/* Inlined where it is asked, as the compiler would not always choose to. */
#define INLINE static inline __attribute__((always_inline))

/* Every length L such that elements [from, n) of pat cover words
 * [pos, pos+L), none at or past limit (the next sentence): bit L set.
 * A run of words elements, most of a pattern and where most fail, is
 * walked in a loop here, where the callers are; only a concept or a gap
 * needs pattern_rest. */
INLINE uint64_t pattern_ends(const struct scan *s, const struct cpattern *pat, int from, size_t pos,
                             size_t limit, int depth)
{
	size_t at = pos;
	while (from < pat->n && pat->e[from].kind == CE_WORDS) {
		if (at >= limit || !elem_has(&pat->e[from], s->ws->w[at].id))
			return 0;
		from++, at++;
	}
	if (from == pat->n)
		return shift_by(1, at - pos);
	return shift_by(pattern_rest(s, pat, from, at, limit, depth), at - pos);
}

/* pattern_ends from a concept or a gap: each length it can take, and the
 * rest of the pattern after it. */
static uint64_t pattern_rest(const struct scan *s, const struct cpattern *pat, int from, size_t pos,
                             size_t limit, int depth)
{
	const struct celem *e = &pat->e[from];
	uint64_t out = 0;
	if (e->kind == CE_CONCEPT) {
		uint64_t mine = concept_ends(s, e->concept, pos, limit, depth + 1);
		for (int len = 1; mine >> len && len < MAX_SPAN; len++)
			if (mine >> len & 1)
				out |=
				    pattern_ends(s, pat, from + 1, pos + (size_t)len, limit, depth)
				    << len;
		return out;
	}
	for (int g = 0; g <= e->n && pos + (size_t)g < limit && g < MAX_SPAN; g++) {
		if (g > 0 && !can_skip(s, pos + (size_t)g - 1))
			break;
		out |= pattern_ends(s, pat, from + 1, pos + (size_t)g, limit, depth) << g;
	}
	return out;
}

/* pattern_ends for a pattern found in an index of first words under the
 * word at pos (pos < limit): a words element there matches already. */
INLINE uint64_t listed_ends(const struct scan *s, const struct cpattern *pat, size_t pos,
                            size_t limit, int depth)
{
	return pat->e[0].kind == CE_WORDS ? pattern_ends(s, pat, 1, pos + 1, limit, depth) << 1
	                                  : pattern_ends(s, pat, 0, pos, limit, depth);
}

static uint64_t trie_ends(const struct scan *s, int t, size_t pos, size_t limit, int depth);

/* What the steps over a concept or a gap out of node add, from word pos,
 * as pattern_rest tries them. */
static uint64_t trie_others(const struct scan *s, const struct ctnode *node, size_t pos,
                            size_t limit, int depth)
{
	const struct ctedge *e = &s->m->tedges[node->first];
	uint64_t out = 0;
	int id = pos < limit ? s->ws->w[pos].id : 0;
	for (int k = node->n_words; k < node->n_words + node->n_others; k++) {
		if (e[k].kind == CE_CONCEPT) {
			if (!id || !cbit(s->m->concepts[e[k].arg].first, id))
				continue; /* what concept_ends would answer, without asking */
			uint64_t mine = concept_ends(s, e[k].arg, pos, limit, depth + 1);
			for (int len = 1; mine >> len && len < MAX_SPAN; len++)
				if (mine >> len & 1)
					out |= shift_by(trie_ends(s, e[k].child, pos + (size_t)len,
					                          limit, depth),
					                (size_t)len);
			continue;
		}
		for (int g = 0; g <= e[k].arg && pos + (size_t)g < limit && g < MAX_SPAN; g++) {
			if (g > 0 && !can_skip(s, pos + (size_t)g - 1))
				break;
			out |= shift_by(trie_ends(s, e[k].child, pos + (size_t)g, limit, depth),
			                (size_t)g);
		}
	}
	return out;
}

/* Every length the alternatives below trie node t cover from word pos:
 * bit 0 when one ends at t, and for each step out of t what follows it,
 * shifted by the words the step took.  Steps of one word are walked in a
 * loop, the way most alternatives go; a concept or a gap is tried as
 * pattern_rest tries it. */
static uint64_t trie_ends(const struct scan *s, int t, size_t pos, size_t limit, int depth)
{
	uint64_t out = 0;
	for (size_t taken = 0;; taken++) {
		const struct ctnode *node = &s->m->tnodes[t];
		if (node->end)
			out |= shift_by(1, taken);
		if (node->n_others)
			out |= shift_by(trie_others(s, node, pos + taken, limit, depth), taken);
		if (!node->n_words || pos + taken >= limit ||
		    (t = hv_crisis_trie_word(&s->m->tedges[node->first], node->n_words,
		                             s->ws->w[pos + taken].id)) < 0)
			return out;
	}
}

static uint64_t match_concept(const struct scan *s, int k, size_t pos, size_t limit, int depth)
{
	const struct cconcept *c = &s->m->concepts[k];
	int id = pos < limit ? s->ws->w[pos].id : 0;
	if (depth > MAX_DEPTH || !id || !cbit(c->first, id))
		return 0;
	uint64_t out = cbit(c->single, id) ? 2 : 0; /* a one-word alternative */
	if (c->trie >= 0)
		out |= trie_ends(s, c->trie, pos, limit, depth);
	return out & ~(uint64_t)1;
}

/* The lengths concept k matches from word pos, remembered per scan for the
 * named concepts: rules, needs and the weighed words ask about the same
 * ones at the same words again and again.  Within a sentence the limit is
 * always its end, so the answer does not depend on who asks.  A byte holds
 * lengths up to 7 words; a longer match is worked out again each time. */
static uint64_t concept_ends(const struct scan *s, int k, size_t pos, size_t limit, int depth)
{
	const struct cconcept *c = &s->m->concepts[k];
	int id = pos < limit ? s->ws->w[pos].id : 0;
	if (!id || !cbit(c->first, id))
		return 0;
	if (c->trie < 0) /* one-word alternatives only */
		return cbit(c->single, id) ? 2 : 0;
	uint8_t *memo = k < s->m->n_named && limit == s->limit[pos]
	                    ? &s->known[(size_t)k * s->ws->n + pos]
	                    : NULL;
	if (memo && *memo & KNOWN)
		return *memo & ~KNOWN;
	if (memo && !*memo && s->walked && c->complex < 0)
		return 0; /* the named walk found nothing here (remember_walk) */
	uint64_t ends = match_concept(s, k, pos, limit, depth);
	if (memo)
		*memo = ends >> 8 ? LONG_MATCH : (uint8_t)(ends | KNOWN);
	return ends;
}

/* What a scan of ws needs besides the words, in one zeroed block: the
 * remembered answers start as zeros, which a large calloc gets from the
 * system for free.  0, or -1 when out of memory. */
static int scan_open(struct scan *s, const struct cmodel *m, const struct cwords *ws)
{
	size_t n = ws->n ? ws->n : 1, named = (size_t)m->n_named + 1,
	       rules = (size_t)m->n_rules + 1, vocab = (size_t)m->n_vocab / 8 + 1,
	       asked = (size_t)m->asked_words;
	size_t size = 8 * (n + 2 * named + asked) + 4 * (rules + named) + n + named * n + vocab +
	              rules + 10 * 8;
	char *at = calloc(1, size);
	*s = (struct scan){.m = m, .ws = ws, .block = at};
	if (!at)
		return -1;
	s->limit = carve(&at, n * sizeof *s->limit);
	s->found = carve(&at, named * sizeof *s->found);
	s->lengths = carve(&at, named * sizeof *s->lengths);
	s->asked_in = carve(&at, rules * sizeof *s->asked_in);
	s->here = carve(&at, named * sizeof *s->here);
	s->excepted = carve(&at, n);
	s->known = carve(&at, named * n);
	s->present = carve(&at, vocab);
	s->starts = carve(&at, asked * sizeof *s->starts);
	s->could = carve(&at, rules);
	hv_crisis_sentence_ends(ws, s->limit);
	return 0;
}

/* The shortest length a pattern covers from pos, or 0. */
static int shortest(uint64_t lengths)
{
	lengths &= ~(uint64_t)1;
	return lengths ? __builtin_ctzll(lengths) : 0;
}

static void mark_exceptions(struct scan *s)
{
	const struct cwords *ws = s->ws;
	for (size_t i = 0; i < ws->n; i++) {
		size_t limit = s->limit[i];
		int id = ws->w[i].id;
		for (int k = s->m->exc_from[id]; id && k < s->m->exc_from[id + 1]; k++) {
			int x = s->m->exc_at[k];
			uint64_t ends = pattern_ends(s, &s->m->exceptions[x], 0, i, limit, 0);
			int longest = ends >> 1 ? 63 - __builtin_clzll(ends) : 0;
			for (int w = 0; w < longest; w++)
				s->excepted[i + (size_t)w] = 1;
		}
	}
}

static int is_excepted(const struct scan *s, size_t i, int len)
{
	for (int k = 0; k < len; k++)
		if (s->excepted[i + (size_t)k])
			return 1;
	return 0;
}

/* Does a negator stand a few words before i, in the same clause? */
static int negated(const struct scan *s, size_t i)
{
	const struct cmodel *m = s->m;
	const struct cwords *ws = s->ws;
	for (size_t back = 1; back <= (size_t)m->negation_window && back <= i; back++) {
		size_t j = i - back;
		if (ws->w[j + 1].clause || has_id(m->clause_words, m->n_clause_words, ws->w[j].id))
			return 0;
		if (negates(s, j))
			return 1;
		if (has_id(m->subjects, m->n_subjects, ws->w[j].id))
			return 0; /* "if you don't come back I'll ...": the not is the other
			             clause's */
	}
	return 0;
}

/* Does a match of concept k start at word p? */
static int concept_at(const struct scan *s, int k, size_t p)
{
	return concept_ends(s, k, p, s->limit[p], 0) != 0;
}

/* Does any of the concepts stand in words [from, to)? */
static int concept_in(const struct scan *s, const int *ks, int n, size_t from, size_t to)
{
	for (size_t p = from; p < to && p < s->ws->n; p++)
		for (int k = 0; k < n; k++)
			if (concept_at(s, ks[k], p))
				return 1;
	return 0;
}

/* The same for what sets a rule aside, where a negator just before takes
 * the setting-aside back: "lol" is a joke, "not joking" is not. */
static int unless_in(const struct scan *s, const int *ks, int n, size_t from, size_t to)
{
	const struct cmodel *m = s->m;
	for (size_t p = from; p < to && p < s->ws->n; p++) {
		if ((p >= 1 && has_id(m->negators, m->n_negators, s->ws->w[p - 1].id)) ||
		    (p >= 2 && has_id(m->negators, m->n_negators, s->ws->w[p - 2].id)))
			continue;
		for (int k = 0; k < n; k++)
			if (concept_at(s, ks[k], p))
				return 1;
	}
	return 0;
}

static int rule_holds(const struct scan *s, const struct crule *r, size_t i, int len)
{
	size_t w = (size_t)r->window, end = i + (size_t)len;
	if (is_excepted(s, i, len))
		return 0;
	if (r->negatable && negated(s, i))
		return 0;
	for (int k = 0; k < r->n_needs; k++)
		if (!concept_in(s, &r->needs[k], 1, i > w ? i - w : 0, end + w))
			return 0;
	if (r->n_unless) {
		size_t from = hv_crisis_sentence_start(s->ws, i), to = s->limit[end - 1];
		from = from + w < i ? i - w : from;
		to = end + w < to ? end + w : to;
		if (unless_in(s, r->unless, r->n_unless, from, to))
			return 0;
	}
	return 1;
}

/* Does an element find a word it can start with among the present ones? */
INLINE int elem_present(const struct scan *s, const struct celem *e)
{
	if (e->kind == CE_GAP)
		return 1;
	if (e->kind == CE_CONCEPT) {
		int slot = s->m->asked_slot[e->concept];
		return (int)(s->starts[slot / 64] >> (slot % 64) & 1);
	}
	for (int k = 0; k < e->n; k++)
		if (cbit(s->present, e->ids[k]))
			return 1;
	return 0;
}

/* The sentence from word i on as the rules look at it: its words in
 * present, and in starts every concept one of them can start that a rule
 * asks after beyond its first element (the model's asked_bits). */
static __attribute__((noinline)) void sentence_open(struct scan *s, size_t i)
{
	const struct cmodel *m = s->m;
	const struct cwords *ws = s->ws;
	size_t row = (size_t)m->asked_words;
	memset(s->present, 0, (size_t)m->n_vocab / 8 + 1);
	memset(s->starts, 0, row * sizeof *s->starts);
	s->sentence_start = i;
	s->sentence_end = s->limit[i];
	s->sentence++;
	for (size_t p = i; p < s->sentence_end; p++) {
		int id = ws->w[p].id;
		s->present[id / 8] |= (uint8_t)(1u << (id % 8));
		const uint64_t *bits = &m->asked_bits[(size_t)id * row];
		for (size_t w = 0; w < row; w++)
			s->starts[w] |= bits[w];
	}
}

/* Could rule r match anywhere in the sentence of word i?  Only when every
 * element after its first finds a word of the sentence to start with, so
 * in most sentences a rule is set aside before any matching. */
INLINE int rule_could(struct scan *s, int r, size_t i)
{
	if (i >= s->sentence_end || i < s->sentence_start) /* another sentence: afresh */
		sentence_open(s, i);
	if (s->asked_in[r] != s->sentence) {
		const struct cpattern *pat = &s->m->rules[r].pat;
		int could = 1;
		for (int k = 1; k < pat->n && could; k++)
			could = elem_present(s, &pat->e[k]);
		s->could[r] = (uint8_t)could;
		s->asked_in[r] = s->sentence;
	}
	return s->could[r];
}

/* The length of rule r's match at word i when the rule holds there, or 0;
 * asked where rule_could(s, r, i) said it could. */
static int rule_at(struct scan *s, int r, size_t i)
{
	const struct crule *rule = &s->m->rules[r];
	int len = shortest(listed_ends(s, &rule->pat, i, s->limit[i], 0));
	return len && rule_holds(s, rule, i, len) ? len : 0;
}

static int first_hit(struct scan *s, struct hv_crisis_hit *hit)
{
	const struct cwords *ws = s->ws;
	mark_exceptions(s);
	for (size_t i = 0; i < ws->n; i++) {
		int id = ws->w[i].id;
		for (int k = s->m->rule_from[id]; id && k < s->m->rule_from[id + 1]; k++) {
			const struct crule *rule = &s->m->rules[s->m->rule_at[k]];
			int len = rule_could(s, s->m->rule_at[k], i)
			              ? rule_at(s, s->m->rule_at[k], i)
			              : 0;
			if (!len)
				continue;
			if (hit) {
				hit->start = ws->w[i].start;
				hit->end = ws->w[i + (size_t)len - 1].end;
				hit->rule = rule->id;
				hit->category = rule->category;
			}
			return 1;
		}
	}
	return 0;
}

/* Every rule that holds at every word, not only the first: for the weighed
 * words, which weigh what the rules saw as well as the words. */
static void mark_rules(struct scan *s, hv_crisis_seen_fn seen, void *ctx)
{
	const struct cwords *ws = s->ws;
	const struct cmodel *m = s->m;
	for (size_t i = 0; i < ws->n; i++) {
		int id = ws->w[i].id;
		for (int k = m->rule_from[id]; id && k < m->rule_from[id + 1]; k++)
			if (rule_could(s, m->rule_at[k], i) && rule_at(s, m->rule_at[k], i))
				seen(i, -1, m->rule_at[k], ctx);
	}
}

/* Mark in found (stamping with i + 1) every named concept with an
 * alternative of words alone matching from word i, and the lengths they
 * matched in lengths: one walk down the named trie, within the sentence.
 * The concepts found are listed in here, in concept order. */
static void named_walk(struct scan *s, size_t i)
{
	const struct cmodel *m = s->m;
	int t = m->nroot[s->ws->w[i].id];
	s->n_here = 0;
	for (size_t p = i + 1; t >= 0; p++) {
		const struct cnnode *node = &m->nnodes[t];
		for (int e = 0; e < node->n_ends; e++) {
			int k = m->nends[node->ends + e];
			if (s->found[k] != i + 1) {
				s->found[k] = i + 1, s->lengths[k] = 0;
				int at = s->n_here++; /* kept in order: a few at most */
				for (; at > 0 && s->here[at - 1] > k; at--)
					s->here[at] = s->here[at - 1];
				s->here[at] = k;
			}
			s->lengths[k] |= shift_by(1, p - i);
		}
		if (!node->n_words || p >= s->limit[i])
			return;
		t = hv_crisis_trie_word(&m->tedges[node->first], node->n_words, s->ws->w[p].id);
	}
}

/* What the named walk found at word i for concept k, when it is the whole
 * answer (k has only alternatives of words alone), remembered as
 * concept_ends remembers it: the rules that ask next find it there.  A
 * concept not found is left unremembered, which after the walk means no
 * match (concept_ends). */
static void remember_walk(struct scan *s, int k, size_t i)
{
	uint64_t ends = s->lengths[k];
	if (s->m->concepts[k].complex < 0)
		s->known[(size_t)k * s->ws->n + i] =
		    ends >> 8 ? LONG_MATCH : (uint8_t)(ends | KNOWN);
}

/* Does named concept k match from word i, the word walked last?  Its
 * alternatives of words alone were found by the named walk; of the others,
 * a concept that is only another named one ("@METHOD_ANY" is "@HANG",
 * "@WEAPON", ...) matches where that one does: at once when the walk found
 * it, else asked the same way when it has a trie of its own; anything else
 * is walked. */
static int named_holds(const struct scan *s, int k, size_t i, int depth)
{
	const struct cmodel *m = s->m;
	if (depth > MAX_DEPTH)
		return 0;
	if (s->found[k] == i + 1)
		return 1;
	int root = m->concepts[k].complex, id = s->ws->w[i].id;
	if (root < 0)
		return 0;
	const uint8_t *members = &m->member_bits[(size_t)k * ((size_t)m->n_named / 8 + 1)];
	for (int f = 0; f < s->n_here && depth < MAX_DEPTH; f++)
		if (cbit(members, s->here[f]))
			return 1; /* what asking it would answer, without asking */
	for (int j = m->member_from[k]; j < m->member_from[k + 1]; j++) {
		int member = m->member_at[j];
		if (cbit(m->concepts[member].first, id) && named_holds(s, member, i, depth + 1))
			return 1;
	}
	/* Anything else to walk?  Not when no word step takes this word. */
	const struct ctnode *node = &m->tnodes[root];
	int rest =
	    m->member_rest[k] || node->end ||
	    (node->n_words && hv_crisis_trie_word(&m->tedges[node->first], node->n_words, id) >= 0);
	return rest && trie_ends(s, root, i, s->limit[i], depth) >> 1;
}

/* Every named concept matching from each word, in concept order: those
 * the named trie found (alternatives of words alone), and those with a
 * trie of their own that can start there, asked when not found already. */
static void mark_named(struct scan *s, hv_crisis_seen_fn seen, void *ctx)
{
	const struct cmodel *m = s->m;
	for (size_t i = 0; i < s->ws->n; i++) {
		int id = s->ws->w[i].id;
		if (!id || m->named_from[id] == m->named_from[id + 1])
			continue;
		named_walk(s, i);
		for (int f = 0; f < s->n_here; f++)
			remember_walk(s, s->here[f], i);
		/* The found and the complex, both in concept order, merged. */
		int f = 0, c = m->complex_from[id], c_end = m->complex_from[id + 1];
		while (f < s->n_here || c < c_end) {
			int k;
			if (c == c_end || (f < s->n_here && s->here[f] <= m->complex_at[c])) {
				k = s->here[f++];
				c += c < c_end && m->complex_at[c] == k; /* found: asked no more */
				seen(i, k, -1, ctx);
			} else if (named_holds(s, k = m->complex_at[c++], i, 0)) {
				seen(i, k, -1, ctx);
			}
		}
	}
	s->walked = 1;
}

int hv_crisis_read(const struct cmodel *m, const struct cwords *ws, hv_crisis_seen_fn seen,
                   void *ctx)
{
	struct scan s;
	if (scan_open(&s, m, ws) < 0)
		return -1;
	mark_named(&s, seen, ctx);
	mark_exceptions(&s);
	mark_rules(&s, seen, ctx);
	free(s.block);
	return 0;
}

int hv_crisis_first_rule(const struct cmodel *m, const struct cwords *ws, struct hv_crisis_hit *hit)
{
	struct scan s;
	int found = scan_open(&s, m, ws) == 0 && first_hit(&s, hit);
	free(s.block);
	return found;
}
