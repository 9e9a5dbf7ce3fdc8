/*
 * cite.c: citation snippets in each document syntax, and the plain
 * reference line.
 *
 * The citation forms, with a locator ("p. 4"):
 *
 *   latex     \cite{a,b}           \cite[p. 4]{a,b}
 *   pandoc    [@a; @b]             [@a; @b, p. 4]
 *   typst     @a @b                @a @b[p. 4]
 *   org       [cite:@a;@b]         [cite:@a;@b p. 4]
 *   rst       :cite:`a,b`          :cite:`a,b{p. 4}`
 *   asciidoc  <<a>>, <<b>>         <<a>>, <<b>>, p. 4
 *   plain     one reference line a paper; no locator
 *
 * The locator always belongs to the last key. rst uses the post-text of
 * sphinxcontrib-bibtex 2.6 (`key{post}`), which Pandoc's rst reader also
 * understands. AsciiDoc's own bibliography has no locator: `<<a,p. 4>>`
 * would replace the citation label by the locator, and asciidoctor-bibtex's
 * cite:[a(p. 4)] needs an extension, so the locator follows the references
 * as text.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "internal.h"

static const char *const syntax_names[REAM_SYN_COUNT] = {
	"latex", "pandoc", "typst", "org", "rst", "asciidoc", "plain"
};

/* Filetypes (Neovim's and Pandoc's names) and what they are written in. */
static const struct {
	const char *name;
	ream_syntax syntax;
} syntax_aliases[] = {
	{ "tex", REAM_SYN_LATEX },
	{ "plaintex", REAM_SYN_LATEX },
	{ "markdown", REAM_SYN_PANDOC },
	{ "markdown.pandoc", REAM_SYN_PANDOC },
	{ "quarto", REAM_SYN_PANDOC },
	{ "rmd", REAM_SYN_PANDOC },
	{ "rmarkdown", REAM_SYN_PANDOC },
	{ "asciidoctor", REAM_SYN_ASCIIDOC },
	{ "text", REAM_SYN_PLAIN },
};

/* File name extensions, compared ignoring case. */
static const struct {
	const char *ext;
	ream_syntax syntax;
} syntax_exts[] = {
	{ "tex", REAM_SYN_LATEX },
	{ "ltx", REAM_SYN_LATEX },
	{ "md", REAM_SYN_PANDOC },
	{ "markdown", REAM_SYN_PANDOC },
	{ "qmd", REAM_SYN_PANDOC },
	{ "rmd", REAM_SYN_PANDOC },
	{ "typ", REAM_SYN_TYPST },
	{ "org", REAM_SYN_ORG },
	{ "rst", REAM_SYN_RST },
	{ "adoc", REAM_SYN_ASCIIDOC },
	{ "asciidoc", REAM_SYN_ASCIIDOC },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* 1 when the C strings a and b are equal, ignoring ASCII case. */
static int same_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return *a == *b;
}

const char *ream_syntax_name(ream_syntax s)
{
	return (unsigned)s < REAM_SYN_COUNT ? syntax_names[s] : NULL;
}

int ream_syntax_lookup(const char *name)
{
	size_t i;

	if (!name)
		return -1;
	for (i = 0; i < REAM_SYN_COUNT; i++)
		if (same_nocase(name, syntax_names[i]))
			return (int)i;
	for (i = 0; i < COUNT(syntax_aliases); i++)
		if (same_nocase(name, syntax_aliases[i].name))
			return (int)syntax_aliases[i].syntax;
	return -1;
}

int ream_syntax_of_path(const char *path)
{
	const char *base, *dot, *s;
	size_t i;

	if (!path)
		return -1;
	base = path;
	for (s = path; *s; s++)
		if (*s == '/' || *s == '\\')
			base = s + 1;
	dot = strrchr(base, '.');
	if (!dot || dot == base)
		return -1;
	for (i = 0; i < COUNT(syntax_exts); i++)
		if (same_nocase(dot + 1, syntax_exts[i].ext))
			return (int)syntax_exts[i].syntax;
	return -1;
}

/* ---- Keys in each syntax ------------------------------------------------ */

/* ASCII letters and digits, and any byte of a multi-byte UTF-8 sequence. */
static int is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

/*
 * 1 when Pandoc reads @key as this whole key: it starts with a letter,
 * digit or _, and holds letters, digits, _ and punctuation among
 * :.#$%&-+?<>~/ each followed by a letter, digit or _.
 */
static int pandoc_plain_key(const char *k)
{
	size_t i;

	if (!is_word((unsigned char)k[0]) && k[0] != '_')
		return 0;
	for (i = 1; k[i]; i++) {
		unsigned char c = (unsigned char)k[i];

		if (is_word(c) || c == '_')
			continue;
		if (!strchr(":.#$%&-+?<>~/", c))
			return 0;
		c = (unsigned char)k[i + 1];
		if (!is_word(c) && c != '_')
			return 0;
	}
	return 1;
}

/* 1 when k can go in Pandoc's @{key}: no white space, balanced braces. */
static int pandoc_braced_key(const char *k)
{
	long depth = 0;

	for (; *k; k++) {
		if (*k == ' ' || *k == '\t' || *k == '\n' || *k == '\r')
			return 0;
		if (*k == '{')
			depth++;
		else if (*k == '}' && --depth < 0)
			return 0;
	}
	return depth == 0;
}

/*
 * 1 when Typst reads @key as this whole label: letters, digits, _ - : .
 * and not ending with . or :.
 */
static int typst_plain_key(const char *k)
{
	size_t i;

	for (i = 0; k[i]; i++)
		if (!is_word((unsigned char)k[i]) && !strchr("_-:.", k[i]))
			return 0;
	return i > 0 && k[i - 1] != '.' && k[i - 1] != ':';
}

/* Appends the key of p: its own, or the one ream would make for it. */
static void add_key(int *rc, ream_buf *b, const ream_paper *p)
{
	const char *k = ream_paper_get(p, REAM_F_KEY);

	if (k)
		ream_buf_adds(rc, b, k);
	else
		ream_paper_make_key(rc, b, p);
}

/* Typst markup special characters, escaped in a supplement. */
static void add_typst_markup(int *rc, ream_buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\[]#*_@$<`", *s) ||
		    (*s == '/' && (s[1] == '/' || s[1] == '*')))
			ream_buf_addc(rc, b, '\\');
		ream_buf_addc(rc, b, *s);
	}
}

/* A Typst string literal's content. */
static void add_typst_string(int *rc, ream_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			ream_buf_addc(rc, b, '\\');
		ream_buf_addc(rc, b, *s);
	}
}

/*
 * One Typst citation of p. A key that @key would not read whole is cited
 * as #cite(label("key")).
 */
static void add_typst(int *rc, ream_buf *b, const ream_paper *p,
		      const char *loc)
{
	const char *k = ream_paper_get(p, REAM_F_KEY);

	if (!k || typst_plain_key(k)) {
		ream_buf_addc(rc, b, '@');
		add_key(rc, b, p);
		if (loc) {
			ream_buf_addc(rc, b, '[');
			add_typst_markup(rc, b, loc);
			ream_buf_addc(rc, b, ']');
		}
		return;
	}
	ream_buf_adds(rc, b, "#cite(label(\"");
	add_typst_string(rc, b, k);
	ream_buf_adds(rc, b, "\")");
	if (loc) {
		ream_buf_adds(rc, b, ", supplement: [");
		add_typst_markup(rc, b, loc);
		ream_buf_addc(rc, b, ']');
	}
	ream_buf_addc(rc, b, ')');
}

/* One Pandoc citation of p: @key, or @{key} for an unusual key. */
static void add_pandoc(int *rc, ream_buf *b, const ream_paper *p)
{
	const char *k = ream_paper_get(p, REAM_F_KEY);

	if (k && !pandoc_plain_key(k) && pandoc_braced_key(k)) {
		ream_buf_adds(rc, b, "@{");
		ream_buf_adds(rc, b, k);
		ream_buf_addc(rc, b, '}');
		return;
	}
	ream_buf_addc(rc, b, '@');
	add_key(rc, b, p);
}

/* The LaTeX command: opts->command without its backslash, or "cite". */
static const char *latex_command(const ream_cite_opts *opts)
{
	const char *c = opts ? opts->command : NULL;

	if (!c)
		return "cite";
	while (*c == '\\')
		c++;
	return *c ? c : "cite";
}

/* The locator trimmed into *out (malloc'd), NULL when there is none. */
static int locator(const ream_cite_opts *opts, char **out)
{
	const char *s = opts ? opts->locator : NULL;
	size_t n;

	*out = NULL;
	if (!s)
		return REAM_OK;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
		     s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (!n)
		return REAM_OK;
	*out = ream_strndup(s, n);
	return *out ? REAM_OK : REAM_NOMEM;
}

/* Appends the citation of the n papers (NULL entries skipped). */
static void add_citation(int *rc, ream_buf *b,
			 const ream_paper *const *ps, size_t n,
			 ream_syntax syn, const char *cmd, const char *loc)
{
	size_t i, last, first = 1;

	last = n;
	for (i = 0; i < n; i++)
		if (ps[i])
			last = i;
	if (last == n) {
		ream_buf_add(rc, b, "", 0);
		return;
	}
	switch (syn) {
	case REAM_SYN_PANDOC:
		ream_buf_addc(rc, b, '[');
		break;
	case REAM_SYN_ORG:
		ream_buf_adds(rc, b, "[cite:");
		break;
	case REAM_SYN_RST:
		ream_buf_adds(rc, b, ":cite:`");
		break;
	case REAM_SYN_PLAIN:
	case REAM_SYN_TYPST:
	case REAM_SYN_ASCIIDOC:
		break;
	default:
		ream_buf_printf(rc, b, "\\%s", cmd);
		if (loc) {
			/* A ] in the locator would end the option. */
			int wrap = strchr(loc, ']') != NULL;

			ream_buf_adds(rc, b, wrap ? "[{" : "[");
			ream_buf_adds(rc, b, loc);
			ream_buf_adds(rc, b, wrap ? "}]" : "]");
		}
		ream_buf_addc(rc, b, '{');
		break;
	}
	for (i = 0; i <= last; i++) {
		const ream_paper *p = ps[i];

		if (!p)
			continue;
		switch (syn) {
		case REAM_SYN_PANDOC:
			if (!first)
				ream_buf_adds(rc, b, "; ");
			add_pandoc(rc, b, p);
			break;
		case REAM_SYN_TYPST:
			if (!first)
				ream_buf_addc(rc, b, ' ');
			add_typst(rc, b, p, i == last ? loc : NULL);
			break;
		case REAM_SYN_ORG:
			if (!first)
				ream_buf_addc(rc, b, ';');
			ream_buf_addc(rc, b, '@');
			add_key(rc, b, p);
			break;
		case REAM_SYN_ASCIIDOC:
			if (!first)
				ream_buf_adds(rc, b, ", ");
			ream_buf_adds(rc, b, "<<");
			add_key(rc, b, p);
			ream_buf_adds(rc, b, ">>");
			break;
		case REAM_SYN_PLAIN:
			if (!first)
				ream_buf_addc(rc, b, '\n');
			ream_reference_add(rc, b, p);
			break;
		default:	/* LaTeX and rst: comma separated */
			if (!first)
				ream_buf_addc(rc, b, ',');
			add_key(rc, b, p);
			break;
		}
		first = 0;
	}
	switch (syn) {
	case REAM_SYN_PANDOC:
		if (loc) {
			ream_buf_adds(rc, b, ", ");
			ream_buf_adds(rc, b, loc);
		}
		ream_buf_addc(rc, b, ']');
		break;
	case REAM_SYN_ORG:
		if (loc) {
			ream_buf_addc(rc, b, ' ');
			ream_buf_adds(rc, b, loc);
		}
		ream_buf_addc(rc, b, ']');
		break;
	case REAM_SYN_RST:
		if (loc) {
			ream_buf_addc(rc, b, '{');
			ream_buf_adds(rc, b, loc);
			ream_buf_addc(rc, b, '}');
		}
		ream_buf_addc(rc, b, '`');
		break;
	case REAM_SYN_ASCIIDOC:
		if (loc) {
			ream_buf_adds(rc, b, ", ");
			ream_buf_adds(rc, b, loc);
		}
		break;
	case REAM_SYN_PLAIN:
	case REAM_SYN_TYPST:
		break;
	default:
		ream_buf_addc(rc, b, '}');
		break;
	}
}

/*
 * The citation of n papers in opts->syntax (LaTeX when opts is NULL or the
 * syntax is unknown), malloc'd; "" when there is no paper, NULL when out
 * of memory.
 */
char *ream_cite_format(const ream_paper *const *papers, size_t n,
		       const ream_cite_opts *opts)
{
	ream_syntax syn = opts ? opts->syntax : REAM_SYN_LATEX;
	ream_buf b = { 0 };
	char *loc;
	int rc;

	if ((unsigned)syn >= REAM_SYN_COUNT)
		syn = REAM_SYN_LATEX;
	rc = locator(opts, &loc);
	if (rc == REAM_OK && papers)
		add_citation(&rc, &b, papers, n, syn, latex_command(opts),
			     syn == REAM_SYN_PLAIN ? NULL : loc);
	free(loc);
	return ream_buf_take(&rc, &b);
}

/* ---- The reference line -------------------------------------------------- */

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Appends s with white space runs made one space and its ends trimmed. */
static void add_clean(int *rc, ream_buf *b, const char *s)
{
	int space = 0, any = 0;

	for (; *s; s++) {
		if (is_space((unsigned char)*s)) {
			space = any;
			continue;
		}
		if (space)
			ream_buf_addc(rc, b, ' ');
		ream_buf_addc(rc, b, *s);
		space = 0;
		any = 1;
	}
}

/* 1 when what b holds after start ends a sentence (. ? ! or …). */
static int ends_sentence(const ream_buf *b, size_t start)
{
	char c;

	if (b->n <= start)
		return 0;
	c = b->s[b->n - 1];
	if (c == '.' || c == '?' || c == '!')
		return 1;
	return b->n - start >= 3 && memcmp(b->s + b->n - 3, "\xe2\x80\xa6", 3) == 0;
}

/* Ends the sentence that starts at start with a full stop when it has none. */
static void end_sentence(int *rc, ream_buf *b, size_t start)
{
	if (b->n > start && !ends_sentence(b, start))
		ream_buf_addc(rc, b, '.');
}

/* Separates a new piece of the line from what b already holds of it. */
static void piece(int *rc, ream_buf *b, size_t start)
{
	if (b->n > start)
		ream_buf_addc(rc, b, ' ');
}

/* 1 for Unicode letters. */
static int is_letter(utf8proc_int32_t c)
{
	utf8proc_category_t k = utf8proc_category(c);

	return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

/*
 * Appends the initials of given names: "Ashish" -> "A.", "John Paul" ->
 * "J. P.", "Jean-Pierre" -> "J.-P.", "J.R.R." -> "J. R. R.". Each name is
 * the first letter after white space, a full stop or a hyphen, with the
 * combining marks that follow it. Invalid UTF-8 ends the names.
 */
static void add_initials(int *rc, ream_buf *b, const char *g)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)g;
	int want = 1, any = 0;
	char sep = 0;

	while (*s) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(s, -1, &c);

		if (k <= 0)
			return;
		if (c == ' ' || c == '\t' || c == '\n' || c == '.' ||
		    c == 0xa0) {
			if (any && sep != '-')
				sep = ' ';
			want = 1;
		} else if (c == '-' || c == 0x2010) {
			if (any)
				sep = '-';
			want = 1;
		} else if (is_letter(c)) {
			if (want) {
				if (sep)
					ream_buf_addc(rc, b, sep);
				ream_buf_add(rc, b, (const char *)s, (size_t)k);
				/* combining marks of a decomposed letter */
				while (s[k]) {
					utf8proc_int32_t m;
					utf8proc_ssize_t j = utf8proc_iterate(s + k, -1, &m);

					if (j <= 0 || utf8proc_category(m) !=
						      UTF8PROC_CATEGORY_MN)
						break;
					ream_buf_add(rc, b, (const char *)s + k, (size_t)j);
					k += j;
				}
				ream_buf_addc(rc, b, '.');
				any = 1;
				sep = 0;
			}
			want = 0;
		}
		s += k;
	}
}

/* Author i as "Family, I." (a person) or as written (an organisation). */
static void add_author(int *rc, ream_buf *b, const ream_paper *p, size_t i)
{
	const char *family, *given;
	int literal;
	size_t start;

	if (!ream_paper_author(p, i, &family, &given, &literal))
		return;
	add_clean(rc, b, family);
	if (literal || !given)
		return;
	ream_buf_adds(rc, b, ", ");
	start = b->n;
	add_initials(rc, b, given);
	if (b->n == start && *rc == REAM_OK) {
		/* no initial after all: drop the comma */
		b->n -= 2;
		b->s[b->n] = '\0';
	}
}

/* More authors than this are written as the first one and "et al.". */
#define REFERENCE_MAX_AUTHORS 3

static void add_authors(int *rc, ream_buf *b, const ream_paper *p)
{
	size_t i, n = ream_paper_author_count(p);

	if (n > REFERENCE_MAX_AUTHORS) {
		add_author(rc, b, p, 0);
		ream_buf_adds(rc, b, " et al.");
		return;
	}
	for (i = 0; i < n; i++) {
		if (i)
			ream_buf_adds(rc, b, i + 1 == n ? " and " : ", ");
		add_author(rc, b, p, i);
	}
}

/* Pages with each run of dashes written as one en dash. */
static void add_pages(int *rc, ream_buf *b, const char *s)
{
	int dash = 0;

	for (; *s; s++) {
		if (*s == '-') {
			dash = 1;
			continue;
		}
		if (strncmp(s, "\xe2\x80\x93", 3) == 0 ||
		    strncmp(s, "\xe2\x80\x94", 3) == 0) {
			dash = 1;
			s += 2;
			continue;
		}
		if (dash)
			ream_buf_adds(rc, b, "\xe2\x80\x93");
		dash = 0;
		if (is_space((unsigned char)*s))
			continue;
		ream_buf_addc(rc, b, *s);
	}
	if (dash)
		ream_buf_adds(rc, b, "\xe2\x80\x93");
}

/* 1 when the paper's type is t, ignoring case. */
static int type_is(const ream_paper *p, const char *t)
{
	const char *type = ream_paper_get(p, REAM_F_TYPE);

	return type && same_nocase(type, t);
}

/* A part of a book or proceedings: "In Venue, pp. 1–10." */
static int in_collection(const ream_paper *p)
{
	return type_is(p, "inproceedings") || type_is(p, "incollection") ||
	       type_is(p, "inbook") || type_is(p, "conference");
}

/* "Venue 521(7553), 436–444." or "In Venue, pp. 1–10." */
static void add_venue(int *rc, ream_buf *b, const ream_paper *p)
{
	const char *venue = ream_paper_get(p, REAM_F_VENUE);
	const char *vol = ream_paper_get(p, REAM_F_VOLUME);
	const char *num = ream_paper_get(p, REAM_F_NUMBER);
	const char *pages = ream_paper_get(p, REAM_F_PAGES);
	int in = in_collection(p);
	size_t start = b->n;

	if (!venue)
		return;
	if (in)
		ream_buf_adds(rc, b, "In ");
	add_clean(rc, b, venue);
	if (vol && !in) {
		ream_buf_addc(rc, b, ' ');
		add_clean(rc, b, vol);
	}
	if (num && !in) {
		ream_buf_adds(rc, b, vol ? "(" : " (");
		add_clean(rc, b, num);
		ream_buf_addc(rc, b, ')');
	}
	if (pages) {
		ream_buf_adds(rc, b, in ? ", pp. " : ", ");
		add_pages(rc, b, pages);
	}
	end_sentence(rc, b, start);
}

/* 1 when doi is the DOI arXiv gives the preprint arxiv. */
static int arxiv_doi(const char *doi, const char *arxiv)
{
	static const char pre[] = "10.48550/arxiv.";
	size_t n = sizeof pre - 1;

	return strncmp(doi, pre, n) == 0 && same_nocase(doi + n, arxiv);
}

/*
 * The line: authors (year). Title. Venue volume(number), pages. Publisher.
 * doi:... arXiv:... Without authors the title comes first, then the year;
 * without authors and title the key stands for the title; a paper with
 * nothing at all is its key alone.
 */
void ream_reference_add(int *rc, ream_buf *b, const ream_paper *p)
{
	const char *title = ream_paper_get(p, REAM_F_TITLE);
	const char *publisher = ream_paper_get(p, REAM_F_PUBLISHER);
	const char *doi = ream_paper_get(p, REAM_F_DOI);
	const char *arxiv = ream_paper_get(p, REAM_F_ARXIV);
	const char *venue = ream_paper_get(p, REAM_F_VENUE);
	int year = ream_paper_year(p);
	size_t start = b->n, s;

	if (!ream_paper_author_count(p) && !title && !year && !venue &&
	    !publisher && !doi && !arxiv) {
		add_key(rc, b, p);
		return;
	}
	if (ream_paper_author_count(p)) {
		add_authors(rc, b, p);
		if (year)
			ream_buf_printf(rc, b, " (%d).", year);
		else
			ream_buf_adds(rc, b, " (n.d.).");
		if (title) {
			ream_buf_addc(rc, b, ' ');
			s = b->n;
			add_clean(rc, b, title);
			end_sentence(rc, b, s);
		}
	} else {
		if (title)
			add_clean(rc, b, title);
		else
			add_key(rc, b, p);
		end_sentence(rc, b, start);
		if (year)
			ream_buf_printf(rc, b, " (%d).", year);
		else
			ream_buf_adds(rc, b, " (n.d.).");
	}
	if (venue) {
		piece(rc, b, start);
		add_venue(rc, b, p);
	}
	if (publisher && !(venue && type_is(p, "article"))) {
		piece(rc, b, start);
		s = b->n;
		add_clean(rc, b, publisher);
		end_sentence(rc, b, s);
	}
	if (doi && !(arxiv && arxiv_doi(doi, arxiv))) {
		piece(rc, b, start);
		ream_buf_adds(rc, b, "doi:");
		ream_buf_adds(rc, b, doi);
		ream_buf_addc(rc, b, '.');
	}
	if (arxiv) {
		piece(rc, b, start);
		ream_buf_adds(rc, b, "arXiv:");
		ream_buf_adds(rc, b, arxiv);
		ream_buf_addc(rc, b, '.');
	}
}

char *ream_reference(const ream_paper *p)
{
	ream_buf b = { 0 };
	int rc = REAM_OK;

	if (p)
		ream_reference_add(&rc, &b, p);
	return ream_buf_take(&rc, &b);
}

/* ---- Citing from the store ------------------------------------------------ */

/*
 * Looks up every id with ream_store_get and formats their citation. On
 * failure *out is NULL and *err says which id was missing (REAM_NOTFOUND)
 * or what else went wrong; no id at all is REAM_FORMAT.
 */
int ream_cite(ream_store *s, const char *const *ids, size_t n,
	      const ream_cite_opts *opts, char **out, char **err)
{
	ream_paper **ps;
	size_t i;
	int rc = REAM_OK;

	if (!out)
		return ream_seterr(err, REAM_ERROR, "ream: nowhere to put the citation");
	*out = NULL;
	if (!s || !ids || n == 0)
		return ream_seterr(err, REAM_FORMAT, "ream: no paper to cite");
	ps = calloc(n, sizeof *ps);
	if (!ps)
		return ream_seterr(err, REAM_NOMEM, "ream: out of memory");
	for (i = 0; i < n && rc == REAM_OK; i++) {
		const char *id = ids[i] ? ids[i] : "";

		rc = ream_store_get(s, id, &ps[i], err);
		if (rc == REAM_NOTFOUND)
			ream_seterr(err, rc,
				    "ream: no paper '%s' in the store (try `ream search %s`)",
				    id, id);
	}
	if (rc == REAM_OK) {
		*out = ream_cite_format((const ream_paper *const *)ps, n, opts);
		if (!*out)
			rc = ream_seterr(err, REAM_NOMEM, "ream: out of memory");
	}
	for (i = 0; i < n; i++)
		ream_paper_free(ps[i]);
	free(ps);
	return rc;
}
