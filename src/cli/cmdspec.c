/*
 * cmdspec.c — a command's options and subcommands, read from the words of
 * its usage line and help (see cmdspec.h).
 *
 * The help is written for people, in a few steady shapes:
 *   "  -k, --kind KIND      a trigger kind"      an option with a value
 *   "      --plain          one line per phase"  an option alone
 *   "[--urge-passed yes|no]"                     a value from a list
 *   "journal [list|show|edit|rm|restore] ..."    subcommands
 *   "soothe [list | add --group G TEXT | rm ID]" subcommands with their words
 * A value is told from the description after it by spacing: the help puts
 * two spaces or more before a description, one before a value.
 */
#include "cmdspec.h"

#include <string.h>

const char *const cli_global_options[] = {"--db",       "--json", "--quiet",
                                          "--no-color", "--help", NULL};

static int is_lower(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

const struct cli_opt *cli_spec_option(const struct cli_spec *spec, const char *name)
{
	for (int i = 0; i < spec->n_opts; i++)
		if (strcmp(spec->opts[i].name, name) == 0 || strcmp(spec->opts[i].other, name) == 0)
			return &spec->opts[i];
	return NULL;
}

static struct cli_opt *find_or_add(struct cli_spec *spec, const char *name, size_t len)
{
	for (int i = 0; i < spec->n_opts; i++)
		if (strlen(spec->opts[i].name) == len && !strncmp(spec->opts[i].name, name, len))
			return &spec->opts[i];
	if (spec->n_opts == CLI_OPT_MAX || len >= sizeof spec->opts[0].name)
		return NULL;
	struct cli_opt *o = &spec->opts[spec->n_opts++];
	memset(o, 0, sizeof *o);
	memcpy(o->name, name, len);
	return o;
}

/* The word after an option (at q, just past its name), if it is a value:
 * one space, then a placeholder, a number, a quoted text or a list; a lower
 * case word only when it ends where a description could not go on. */
static int value_after(const char *q, const char **word, size_t *len)
{
	/* "[--remember | --forget]": a bar after an option is a choice between
	 * options, not a value. */
	if (q[0] != ' ' || q[1] == ' ' || q[1] == '-' || q[1] == '(' || q[1] == '|' || !q[1])
		return 0;
	const char *w = q + 1;
	size_t n = strcspn(w, " \n],)");
	*word = w;
	*len = n;
	if (is_upper((unsigned char)*w) || (*w >= '0' && *w <= '9') || *w == '"')
		return 1;
	if (memchr(w, '|', n) || memchr(w, '=', n))
		return 1;
	const char *after = w + n;
	return !*after || *after == '\n' || *after == ']' || !strncmp(after, "  ", 2);
}

/* "yes|no" from a value word, when every choice is a lower-case word. */
static void keep_values(struct cli_opt *o, const char *w, size_t n)
{
	if (o->values[0] || !memchr(w, '|', n) || n >= sizeof o->values)
		return;
	for (size_t i = 0; i < n; i++)
		if (!is_lower((unsigned char)w[i]) && w[i] != '|' && w[i] != '-')
			return;
	memcpy(o->values, w, n);
	o->values[n] = '\0';
}

/* Every option written in text, with what follows it. */
static void read_options(const char *text, struct cli_spec *spec)
{
	for (const char *p = text; *p; p++) {
		if (*p != '-' || (p > text && !strchr(" \t\n[(,|", p[-1])))
			continue;
		const char *q = p + 1;
		if (*q == '-' && is_lower((unsigned char)q[1])) {
			q++;
			while (is_lower((unsigned char)*q) || *q == '-')
				q++;
			while (q[-1] == '-')
				q--;
		} else if ((is_lower((unsigned char)*q) || is_upper((unsigned char)*q)) &&
		           (q[1] == ',' || q[1] == ' ' || q[1] == ']')) {
			q++;
		} else {
			continue;
		}
		struct cli_opt *o = find_or_add(spec, p, (size_t)(q - p));
		if (!o)
			continue;
		const char *w;
		size_t n;
		if (value_after(q, &w, &n)) {
			o->takes_value = 1;
			keep_values(o, w, n);
		}
		/* "-k, --kind KIND": the two spellings of one option. */
		if (p[1] != '-' && !strncmp(q, ", --", 4)) {
			const char *l = q + 2, *e = l + 2;
			while (is_lower((unsigned char)*e) || *e == '-')
				e++;
			if ((size_t)(e - l) < sizeof o->other) {
				memcpy(o->other, l, (size_t)(e - l));
				o->other[e - l] = '\0';
			}
		}
		p = q - 1;
	}
	/* The short spelling takes a value when the long one does, and the
	 * long one learns its short name. */
	for (int i = 0; i < spec->n_opts; i++) {
		struct cli_opt *s = &spec->opts[i];
		if (!s->other[0])
			continue;
		for (int j = 0; j < spec->n_opts; j++) {
			struct cli_opt *l = &spec->opts[j];
			if (strcmp(l->name, s->other) != 0)
				continue;
			s->takes_value = l->takes_value = s->takes_value || l->takes_value;
			if (!s->values[0])
				memcpy(s->values, l->values, sizeof s->values);
			memcpy(l->other, s->name, sizeof l->other);
		}
	}
}

/* The usage line as words, with "[", "]" and "|" as words of their own. */
struct token {
	const char *p;
	size_t n;
};

static int tokenize(const char *s, struct token *t, int max)
{
	int n = 0;
	while (*s && n < max) {
		if (*s == ' ') {
			s++;
		} else if (strchr("[]|", *s)) {
			t[n].p = s++;
			t[n++].n = 1;
		} else {
			t[n].p = s;
			t[n].n = strcspn(s, " []|");
			s += t[n++].n;
		}
	}
	return n;
}

static int is_mark(const struct token *t, char c)
{
	return t->n == 1 && *t->p == c;
}

static int is_name(const struct token *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (!is_lower((unsigned char)t->p[i]))
			return 0;
	return t->n > 0;
}

/*
 * Subcommands are the lower-case words that open a choice: right after the
 * command's name, after "[", or after "|" — unless the "|" lists the values
 * of an option ("--group body|feelings|mind"), which a word after an option
 * starts.
 */
static void read_subcommands(const struct hv_cmd *cmd, struct cli_spec *spec)
{
	struct token t[96];
	int n = tokenize(cmd->usage, t, 96);
	size_t name_len = strlen(cmd->name);
	int value[96] = {0};
	for (int i = 1; i < n && spec->n_subs < CLI_SUB_MAX; i++) {
		const struct token *prev = &t[i - 1];
		if (is_mark(&t[i], '[') || is_mark(&t[i], ']') || is_mark(&t[i], '|'))
			continue;
		if (*prev->p == '-' && *t[i].p != '-') {
			value[i] = 1; /* "--group body" */
			continue;
		}
		if (is_mark(prev, '|') && i >= 2 && value[i - 2]) {
			value[i] = 1; /* "body|feelings" */
			continue;
		}
		/* "checkin N | checkin --list": the name again starts a new form. */
		if (t[i].n == name_len && !strncmp(t[i].p, cmd->name, name_len))
			continue;
		int opens = i == 1 || is_mark(prev, '[') || is_mark(prev, '|') ||
		            (prev->n == name_len && !strncmp(prev->p, cmd->name, name_len));
		if (!opens || !is_name(&t[i]) || t[i].n >= sizeof spec->subs[0] ||
		    (t[i].n == 7 && !strncmp(t[i].p, "options", 7)))
			continue;
		memcpy(spec->subs[spec->n_subs], t[i].p, t[i].n);
		spec->subs[spec->n_subs++][t[i].n] = '\0';
	}
}

void cli_spec_read(const struct hv_cmd *cmd, struct cli_spec *spec)
{
	memset(spec, 0, sizeof *spec);
	read_options(cmd->usage, spec);
	read_options(cmd->help, spec);
	read_subcommands(cmd, spec);
}
