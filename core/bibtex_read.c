/*
 * bibtex_read.c: the BibTeX and BibLaTeX reader (ream_bibtex_read) and
 * BibTeX's name lists (ream_names_split). The writer is bibtex_write.c.
 *
 * ream_bibtex_read reads the whole file into memory, parses it in one pass
 * from left to right, then resolves crossref and xdata and emits the
 * entries in file order (a reader without emit only parses and reports).
 * Long values that recur (a macro's, in every entry) are decoded once. Nothing recurses but the following of crossref
 * and xdata links, which is bounded (LINKS_MAX levels, VISITS_MAX entries
 * an entry). Memory is the text, the arrays of entries and fields that
 * point into it, and an arena for values joined with # and for macros,
 * which may not grow past twice the text and 4 MiB: a file whose macros
 * expand past that has the offending entries reported and skipped.
 *
 * As BibTeX does: an entry starts at any @ outside entries (a % line is no
 * comment), @comment is a word that is skipped and no more (the text after
 * it is read like any other, so an entry inside @comment{...} is read),
 * @preamble is skipped, @string defines a macro (names in any case) from
 * there on, and the month macros jan ... dec are predefined as BibTeX's
 * standard styles define them. Keys are matched in any case: a second
 * entry with a key already used is reported and skipped, and crossref
 * finds its parent whatever its case. Fields named twice keep the first.
 *
 * Errors: an entry whose braces do not pair, that lacks a comma or an
 * equals sign, or whose string does not end, is reported and skipped, and
 * reading goes on at the next line that starts with @type{ or @type(. So
 * that one broken entry cannot swallow the rest of the file, a value never
 * runs on past such a line. An @ not followed by a type and { or ( is
 * text, as in a comment. Bytes that are not UTF-8 are read as Windows-1252
 * (the usual encoding of such files) and reported; NUL bytes become U+FFFD.
 *
 * Fields: title, author, journal / journaltitle / booktitle (the venue),
 * volume, number, pages, publisher, abstract, keywords and comments go to
 * their columns decoded from TeX, and so do every other field's to an
 * extra field of its lower case name (but url, doi, eprint, file and the
 * other fields BibLaTeX keeps verbatim, which are kept as they are). When
 * the writer would not give back the TeX a value was read from, that TeX
 * is kept as well, as extra field "raw.<name>" (raw.title, raw.venue,
 * raw.author, raw.note...), and the writer prefers it while it still
 * decodes to the value. Without author, the editors are the authors (the
 * editor field stays, extra field REAM_EDITORS_AS_AUTHORS says so, and the
 * writer leaves author out while they are the same). The title has BibLaTeX's subtitle and titleaddon after it
 * ("Title: Subtitle. Addon", as BibLaTeX prints it and CSL has it), and
 * they stay as fields. year, month, day and BibLaTeX's date make the
 * date; a year or month that says more ("2020a", "July/August") is kept
 * as an extra field too. An eprint whose archivePrefix or eprinttype is arXiv (or which has
 * neither and is an arXiv id) is the arXiv id, and primaryClass or
 * eprintclass its category; so is the id in a DOI 10.48550/arXiv.* or in a
 * venue "arXiv preprint arXiv:...". A DOI or arXiv id that is none is kept
 * as an extra field. crossref and xdata are followed and not kept: the
 * entry has the fields it inherits (BibTeX's rule: every field it lacks;
 * and BibLaTeX's: an in* entry without booktitle takes its parent's title
 * as booktitle).
 */

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <utf8proc.h>

#include "internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int lower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/*
 * The end of the brace group that opens at t[i], just past its closing
 * brace, or 0 when it does not close.
 */
static size_t group_end(const char *t, size_t n, size_t i)
{
	size_t depth = 0;

	for (; i < n; i++) {
		if (t[i] == '{')
			depth++;
		else if (t[i] == '}' && --depth == 0)
			return i + 1;
	}
	return 0;
}

/* ---- Reading names ----------------------------------------------------- */

/*
 * Names are split as BibTeX splits them (btxdoc, and bibtex.web's
 * x_format_name): the list at " and " (any case, between white space) at
 * brace depth 0; a name into words at white space, ~ and - at depth 0, and
 * into parts at its commas: "First von Last", "von Last, First" or
 * "von Last, Jr, First". A word is part of von when its first letter at
 * depth 0 is lower case, or when it starts with a special character
 * ({\"o}, {\ss}) whose letter is; other brace groups are skipped over.
 * Without a von part, Last is the last word with the words hyphenated to
 * it ("Jean Paul-Sartre"). Commas past the second are taken for spaces.
 * A name that is one brace group ({Barnes and Noble, Inc.}) is a literal
 * name, and so is "others" (which BibTeX styles print as "et al.").
 *
 * Each name becomes family = von Last, given = First, and a Jr part is
 * kept after a comma in given ("Bill, Jr."), as the writer reads it back.
 */

typedef struct ream_name_tok {
	size_t start, end;	/* the word, in the name */
	char sep;		/* what came before it: ' ', '~', '-' or 0 */
} name_tok;

void ream_names_free(ream_names *nm)
{
	free(nm->tok);
	ream_buf_free(&nm->fam);
	ream_buf_free(&nm->giv);
	ream_buf_free(&nm->tmp);
}

/*
 * 1 when the word s[i..end) belongs to von: its first letter is lower case
 * (bibtex.web's von_token_found).
 */
static int is_von(const char *s, size_t i, size_t end)
{
	static const char *const lower[] = {
		"oe", "ae", "aa", "o", "l", "ss", "i", "j", NULL
	};
	static const char *const upper[] = { "OE", "AE", "AA", "O", "L", NULL };
	const char *const *w;
	size_t j, depth;

	while (i < end) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			return 0;
		if (c >= 'a' && c <= 'z')
			return 1;
		if (c != '{') {
			i++;
			continue;
		}
		i++;
		if (i + 1 < end && s[i] == '\\') {
			/* a special character: its letter tells */
			for (j = ++i; j < end && is_alpha((unsigned char)s[j]); j++)
				;
			for (w = upper; *w; w++)
				if (strlen(*w) == j - i && !memcmp(*w, s + i, j - i))
					return 0;
			for (w = lower; *w; w++)
				if (strlen(*w) == j - i && !memcmp(*w, s + i, j - i))
					return 1;
			for (depth = 1; j < end && depth; j++) {
				c = (unsigned char)s[j];
				if (c >= 'A' && c <= 'Z')
					return 0;
				if (c >= 'a' && c <= 'z')
					return 1;
				if (c == '{')
					depth++;
				else if (c == '}')
					depth--;
			}
			return 0;
		}
		for (depth = 1; i < end && depth; i++) {
			if (s[i] == '{')
				depth++;
			else if (s[i] == '}')
				depth--;
		}
	}
	return 0;
}

/*
 * Splits the name s[0..n) into words (nm->tok) and sets comma[] to the
 * index of the word after each of its first two commas. Returns the number
 * of commas (0 to 2) or -1 when out of memory.
 */
static int name_words(ream_names *nm, const char *s, size_t n, size_t comma[2])
{
	size_t i, depth = 0;
	int ncomma = 0, in = 0;
	char sep = 0;

	nm->ntok = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (depth == 0 && (is_space(c) || c == '~' || c == '-' ||
				   c == ',')) {
			if (in)
				nm->tok[nm->ntok - 1].end = i;
			in = 0;
			if (c == ',' && ncomma < 2)
				comma[ncomma++] = nm->ntok;
			else if (c != ',')
				sep = is_space(c) ? ' ' : (char)c;
			continue;
		}
		if (c == '{')
			depth++;
		else if (c == '}' && depth)
			depth--;
		if (in)
			continue;
		if (nm->ntok == nm->ctok) {
			size_t cap = nm->ctok ? nm->ctok * 2 : 16;
			name_tok *t = realloc(nm->tok, cap * sizeof *t);

			if (!t)
				return -1;
			nm->tok = t;
			nm->ctok = cap;
		}
		nm->tok[nm->ntok].start = i;
		nm->tok[nm->ntok].end = n;
		nm->tok[nm->ntok].sep = sep;
		nm->ntok++;
		sep = 0;
		in = 1;
	}
	return ncomma;
}

/* Appends the TeX of words [a, b) of s, decoded, to out (emptied first). */
static void name_part(int *rc, ream_names *nm, ream_buf *out, const char *s,
		      size_t a, size_t b)
{
	size_t start, end, k;

	ream_buf_reset(out);
	if (a >= b)
		return;
	start = nm->tok[a].start;
	end = nm->tok[b - 1].end;
	/* a control space ("A. L.\ Thiele") split at: its \ goes */
	for (k = end; k > start && s[k - 1] == '\\'; k--)
		;
	if ((end - k) % 2)
		end--;
	ream_tex_decode(rc, out, s + start, end - start);
}

/* 1 when s[0..n) is one brace group that is not a special character. */
static int one_group(const char *s, size_t n)
{
	size_t i, depth = 0;

	if (n < 2 || s[0] != '{' || s[n - 1] != '}' || s[1] == '\\')
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && --depth == 0)
			return i == n - 1;
	}
	return 0;
}

/* Splits one name s[0..n) and hands it to fn. */
static int one_name(int *rc, ream_names *nm, const char *s, size_t n,
		    ream_name_fn fn, void *ud)
{
	size_t comma[2] = { 0, 0 }, first_a, first_b, fam_a, fam_b;
	size_t jr_a = 0, jr_b = 0;
	int ncomma;

	while (n && (is_space((unsigned char)*s) || *s == ','))
		s++, n--;
	while (n && (is_space((unsigned char)s[n - 1]) || s[n - 1] == ','))
		n--;
	if (n == 0)
		return 0;
	if (n == 6 && !memcmp(s, "others", 6))
		return fn(ud, "others", NULL, 1);
	if (one_group(s, n)) {
		ream_buf_reset(&nm->fam);
		ream_tex_decode(rc, &nm->fam, s, n);
		if (*rc != REAM_OK)
			return *rc;
		return nm->fam.n ? fn(ud, nm->fam.s, NULL, 1) : 0;
	}
	if ((ncomma = name_words(nm, s, n, comma)) < 0)
		return *rc = REAM_NOMEM;
	if (nm->ntok == 0)
		return 0;
	if (ncomma == 0) {
		size_t v;

		fam_b = nm->ntok;
		for (v = 0; v + 1 < fam_b; v++)
			if (is_von(s, nm->tok[v].start, nm->tok[v].end))
				break;
		if (v + 1 == fam_b) {
			/* no von: Last takes the words hyphenated to it */
			while (v > 0 && nm->tok[v].sep == '-')
				v--;
		}
		fam_a = v;
		first_a = 0;
		first_b = v;
	} else {
		/* von Last is all before the first comma */
		fam_a = 0;
		fam_b = comma[0];
		first_a = comma[ncomma - 1];
		first_b = nm->ntok;
		if (ncomma == 2) {
			jr_a = comma[0];
			jr_b = comma[1];
		}
	}
	name_part(rc, nm, &nm->fam, s, fam_a, fam_b);
	name_part(rc, nm, &nm->giv, s, first_a, first_b);
	if (jr_a < jr_b) {
		name_part(rc, nm, &nm->tmp, s, jr_a, jr_b);
		if (nm->giv.n && nm->tmp.n)
			ream_buf_adds(rc, &nm->giv, ", ");
		ream_buf_add(rc, &nm->giv, nm->tmp.s, nm->tmp.n);
	}
	if (*rc != REAM_OK)
		return *rc;
	if (!nm->fam.n && !nm->giv.n)
		return 0;
	if (!nm->fam.n)	/* ", Plato": a name of one part */
		return fn(ud, nm->giv.s, NULL, 0);
	return fn(ud, nm->fam.s, nm->giv.n ? nm->giv.s : NULL, 0);
}

/*
 * Splits the name list s[0..n) (TeX, as in the file) and calls fn for each
 * name with its decoded family and given names (given may be NULL).
 * Returns fn's first non-zero, or REAM_NOMEM.
 */
int ream_names_split(ream_names *nm, const char *s, size_t n, ream_name_fn fn,
		       void *ud)
{
	size_t i, start = 0, depth = 0;
	int rc = REAM_OK, st;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '{') {
			depth++;
		} else if (c == '}') {
			if (depth)
				depth--;
		} else if (depth == 0 && is_space(c) && i + 4 < n &&
			   lower_ascii(s[i + 1]) == 'a' &&
			   lower_ascii(s[i + 2]) == 'n' &&
			   lower_ascii(s[i + 3]) == 'd' &&
			   is_space((unsigned char)s[i + 4])) {
			if ((st = one_name(&rc, nm, s + start, i - start, fn, ud)))
				return st;
			start = i + 4;
			i += 3;
		}
	}
	if ((st = one_name(&rc, nm, s + start, n - start, fn, ud)))
		return st;
	return rc;
}



#define FIELDS_MAX	256	/* fields an entry keeps; more are reported */
#define LINKS_MAX	8	/* levels of crossref and xdata followed */
#define VISITS_MAX	32	/* entries an entry inherits from */
#define ARENA_BLOCK	(64u << 10)
#define ARENA_SLACK	((size_t)4 << 20)
#define SHOW_MAX	40	/* bytes of a key or name quoted in a message */
#define NAMESET		512	/* slots of the set of field names: > 2 * FIELDS_MAX */
#define DECODE_CACHE	64	/* values decoded kept for macros used again */
#define DECODE_MIN	32	/* bytes of a value worth keeping decoded */

typedef struct span {
	const char *s;
	size_t n;
} span;

typedef struct bib_field {
	span name;
	span value;	/* raw TeX, macros expanded */
	size_t hash;	/* of the name in any case (hash_nocase) */
} bib_field;

typedef struct bib_entry {
	span type, key;
	long line;
	size_t end;		/* offset just past the entry */
	size_t field0, nfields;
	int dup;		/* its key was used before: not emitted */
	int toomany;		/* it had more than FIELDS_MAX fields */
} bib_entry;

typedef struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	char s[];
} arena_block;

typedef struct macro {
	span name;	/* lower case */
	span value;
} macro;

typedef struct bib {
	ream_reader *r;
	const char *s;		/* the text */
	size_t n;
	size_t i;		/* where the parse is */
	size_t line_pos;	/* an offset whose line is known: */
	long line_no;
	arena_block *blocks;
	size_t arena_used, arena_cap;
	bib_field *fields;
	size_t nfields, cfields;
	bib_entry *entries;
	size_t nentries, centries;
	macro *macros;		/* open addressing; cmacros a power of 2 */
	size_t nmacros, cmacros;
	size_t *keys;		/* entry index + 1, by key in any case */
	size_t ckeys;
	ream_buf val;		/* the pieces of a value being joined */
	char why[240];		/* why the entry under way is bad */
	long why_line;
	int nomem;
	/* building papers */
	bib_field *eff;		/* an entry's fields, inherited ones too */
	size_t neff;
	unsigned char used[FIELDS_MAX];
	const bib_entry *visited[VISITS_MAX];
	size_t nvisited;
	/* the names of the fields of one entry (see nameset) */
	uint32_t set_gen;
	uint32_t set_stamp[NAMESET];
	uint16_t set_idx[NAMESET];
	ream_buf a, d, e, low;	/* scratch */
	int aflags;		/* what prep saw in b->a: A_TEX, A_UTF8 */
	const char *av;		/* the value prepared: b->a's or a cache's */
	const char *dv;		/* a decoded value: b->a's, b->d's or a cache's */
	size_t dn;
	struct decoded_value {	/* values decoded before (see cached_decode) */
		const char *s;	/* the span they were decoded from */
		size_t n;
		int mode, keep, bad;
		char *raw, *dec;
		size_t decn;
	} cache[DECODE_CACHE];
	ream_names nm;
	int bad_utf8;
} bib;

enum { P_OK, P_BAD, P_NOMEM };

static int span_is(span s, const char *w)
{
	size_t m = strlen(w);

	return s.n == m && !strncasecmp(s.s, w, m);
}

static int same_span(span a, span b)
{
	return a.n == b.n && !strncasecmp(a.s, b.s, a.n);
}

/* How many bytes of s[0..n) to quote: at most SHOW_MAX, whole characters. */
static int show(const char *s, size_t n)
{
	if (n > SHOW_MAX) {
		n = SHOW_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	return (int)n;
}

/*
 * Makes the message s printable in place: control characters and bytes
 * that are not UTF-8 (from a key or a name in a damaged file) become ?.
 */
static void printable(char *s)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c;
	utf8proc_ssize_t k;
	size_t i = 0, n = strlen(s);

	while (i < n) {
		k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &c);
		if (k <= 0 || c < 0x20 || (c >= 0x7f && c < 0xa0)) {
			s[i++] = '?';
			continue;
		}
		i += (size_t)k;
	}
}

/*
 * Reports a message (printf style) at line through the reader's warn (a
 * record skipped) or, when note is 1, its note (a record read all the
 * same; warn when the reader has no note).
 */
static void report(bib *b, int note, long line, const char *fmt, ...)
	REAM_PRINTF(4, 5);

static void report(bib *b, int note, long line, const char *fmt, ...)
{
	void (*fn)(void *, long, const char *) =
		note && b->r->note ? b->r->note : b->r->warn;
	char msg[400];
	va_list ap;

	if (!fn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	printable(msg);
	fn(b->r->ud, line, msg);
}

/* The 1-based line of offset pos. */
static long line_of(bib *b, size_t pos)
{
	const char *s = b->s, *nl;

	while (b->line_pos < pos) {
		nl = memchr(s + b->line_pos, '\n', pos - b->line_pos);
		if (!nl) {
			b->line_pos = pos;
			break;
		}
		b->line_no++;
		b->line_pos = (size_t)(nl - s) + 1;
	}
	while (b->line_pos > pos) {
		if (s[--b->line_pos] == '\n')
			b->line_no--;
	}
	return b->line_no;
}

/* Marks the entry under way bad, at the line of pos, and returns P_BAD. */
static int bad(bib *b, size_t pos, const char *fmt, ...) REAM_PRINTF(3, 4);

static int bad(bib *b, size_t pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->why, sizeof b->why, fmt, ap);
	va_end(ap);
	b->why_line = line_of(b, pos);
	return P_BAD;
}

/* Characters of identifiers: types, keys of macros, field names. */
/*
 * The classes of bytes between values: 1 white space, 2 what identifiers
 * are made of (anything printable but " # % ' ( ) , = { }, and bytes
 * beyond ASCII), 0 the rest.
 */
static const unsigned char syntax_byte[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 2, 0, 0, 2, 0, 2, 0, 0, 0, 2, 2, 0, 2, 2, 2,	/* " # % ' ( ) , */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 2, 2,	/* = */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 2, 0, 2, 0,	/* { } DEL */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

static int is_id_char(unsigned char c)
{
	return syntax_byte[c] == 2;
}

static void skip_ws(bib *b)
{
	const unsigned char *s = (const unsigned char *)b->s;
	size_t i = b->i, n = b->n;

	while (i < n && syntax_byte[s[i]] == 1)
		i++;
	b->i = i;
}

/* The identifier at b->i (maybe empty), which it passes. */
static span identifier(bib *b)
{
	const unsigned char *s = (const unsigned char *)b->s;
	size_t i = b->i, n = b->n;
	span id;

	while (i < n && syntax_byte[s[i]] == 2)
		i++;
	id.s = b->s + b->i;
	id.n = i - b->i;
	b->i = i;
	return id;
}

/*
 * 1 when an entry starts on the line that starts at s[k]: blanks, @, a
 * type, blanks, and { or (.
 */
static int entry_line(const bib *b, size_t k)
{
	const char *s = b->s;
	size_t n = b->n, t;

	while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
		k++;
	if (k >= n || s[k] != '@')
		return 0;
	for (t = ++k; k < n && is_id_char((unsigned char)s[k]); k++)
		;
	if (k == t || !is_alpha((unsigned char)s[t]))
		return 0;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	return k < n && (s[k] == '{' || s[k] == '(');
}

/* The @ of the next line after offset from that starts an entry, or n. */
static size_t next_entry_line(const bib *b, size_t from)
{
	const char *nl;

	while (from < b->n &&
	       (nl = memchr(b->s + from, '\n', b->n - from)) != NULL) {
		from = (size_t)(nl - b->s) + 1;
		if (entry_line(b, from)) {
			while (b->s[from] != '@')
				from++;
			return from;
		}
	}
	return b->n;
}

/* ---- The arena and the tables ---- */

/*
 * n bytes of the arena, which never move, or NULL: out of memory (sets
 * b->nomem) or past the arena's bound.
 */
static char *arena_alloc(bib *b, size_t n)
{
	arena_block *k = b->blocks;
	char *at;

	if (n > b->arena_cap - b->arena_used)
		return NULL;
	if (!k || k->cap - k->used < n) {
		size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;

		if (!(k = malloc(sizeof *k + cap))) {
			b->nomem = 1;
			return NULL;
		}
		k->next = b->blocks;
		k->used = 0;
		k->cap = cap;
		b->blocks = k;
	}
	at = k->s + k->used;
	k->used += n;
	b->arena_used += n;
	return at;
}

/* FNV-1a of s[0..n) in ASCII lower case. */
static size_t hash_nocase(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)lower_ascii((unsigned char)s[i]);
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

/* The macro called name (any case), or NULL. */
static macro *macro_find(bib *b, span name)
{
	size_t mask = b->cmacros - 1, h;

	if (!b->cmacros)
		return NULL;
	for (h = hash_nocase(name.s, name.n) & mask; b->macros[h].name.s;
	     h = (h + 1) & mask)
		if (same_span(b->macros[h].name, name))
			return &b->macros[h];
	return NULL;
}

/* Defines (or redefines) a macro. Returns P_OK or P_NOMEM. */
static int macro_set(bib *b, span name, span value)
{
	macro *m = macro_find(b, name);
	size_t i, h;
	char *low;

	if (m) {
		m->value = value;
		return P_OK;
	}
	if (2 * (b->nmacros + 1) > b->cmacros) {
		size_t cap = b->cmacros ? b->cmacros * 2 : 64;
		macro *t = calloc(cap, sizeof *t);

		if (!t)
			return P_NOMEM;
		for (i = 0; i < b->cmacros; i++) {
			if (!b->macros[i].name.s)
				continue;
			for (h = hash_nocase(b->macros[i].name.s,
					     b->macros[i].name.n) & (cap - 1);
			     t[h].name.s; h = (h + 1) & (cap - 1))
				;
			t[h] = b->macros[i];
		}
		free(b->macros);
		b->macros = t;
		b->cmacros = cap;
	}
	if (!(low = arena_alloc(b, name.n ? name.n : 1)))
		return P_NOMEM;
	for (i = 0; i < name.n; i++)
		low[i] = (char)lower_ascii((unsigned char)name.s[i]);
	for (h = hash_nocase(name.s, name.n) & (b->cmacros - 1);
	     b->macros[h].name.s; h = (h + 1) & (b->cmacros - 1))
		;
	b->macros[h].name.s = low;
	b->macros[h].name.n = name.n;
	b->macros[h].value = value;
	b->nmacros++;
	return P_OK;
}

/* The index of the entry with this key (any case), or (size_t)-1. */
static size_t key_find(const bib *b, span key)
{
	size_t mask = b->ckeys - 1, h;

	if (!b->ckeys)
		return (size_t)-1;
	for (h = hash_nocase(key.s, key.n) & mask; b->keys[h];
	     h = (h + 1) & mask)
		if (same_span(b->entries[b->keys[h] - 1].key, key))
			return b->keys[h] - 1;
	return (size_t)-1;
}

/* Adds entry index e under its key. Returns P_OK or P_NOMEM. */
static int key_add(bib *b, size_t e)
{
	size_t i, h;

	if (2 * (e + 1) > b->ckeys) {
		size_t cap = b->ckeys ? b->ckeys * 2 : 256;
		size_t *t = calloc(cap, sizeof *t);

		if (!t)
			return P_NOMEM;
		for (i = 0; i < b->ckeys; i++) {
			span k;

			if (!b->keys[i])
				continue;
			k = b->entries[b->keys[i] - 1].key;
			for (h = hash_nocase(k.s, k.n) & (cap - 1); t[h];
			     h = (h + 1) & (cap - 1))
				;
			t[h] = b->keys[i];
		}
		free(b->keys);
		b->keys = t;
		b->ckeys = cap;
	}
	for (h = hash_nocase(b->entries[e].key.s, b->entries[e].key.n) &
		 (b->ckeys - 1); b->keys[h]; h = (h + 1) & (b->ckeys - 1))
		;
	b->keys[h] = e + 1;
	return P_OK;
}

/*
 * The set of the field names of one entry: an open-addressing table of
 * indices into an array of fields, emptied in O(1) by a new generation.
 * nameset_clear empties it. nameset finds name (any case, its
 * hash_nocase hash) among f[set's indices] and returns 1 when it is
 * there; when not, it adds index idx (unless idx is (size_t)-1) and
 * returns 0. It holds at most FIELDS_MAX names.
 */
static void nameset_clear(bib *b)
{
	if (++b->set_gen == 0) {
		memset(b->set_stamp, 0, sizeof b->set_stamp);
		b->set_gen = 1;
	}
}

static int nameset(bib *b, const bib_field *f, span name, size_t hash,
		   size_t idx)
{
	size_t h = hash & (NAMESET - 1);

	while (b->set_stamp[h] == b->set_gen) {
		if (same_span(f[b->set_idx[h]].name, name))
			return 1;
		h = (h + 1) & (NAMESET - 1);
	}
	if (idx != (size_t)-1) {
		b->set_stamp[h] = b->set_gen;
		b->set_idx[h] = (uint16_t)idx;
	}
	return 0;
}

/* ---- Values ---- */

/*
 * Scans the {...} or "..." at b->i, which it passes, into *piece (without
 * its delimiters). Braces must pair (in quotes too), and no line that
 * starts an entry may come before the end.
 */
/* The bytes delimited() looks at; it passes the others by. */
static const unsigned char delimiter_byte[256] = {
	['{'] = 1, ['}'] = 1, ['"'] = 1, ['\n'] = 1
};

static int delimited(bib *b, span *piece, span field)
{
	const char *s = b->s;
	size_t j, depth = 0, open = b->i, n = b->n;
	int quote = s[open] == '"';

	for (j = open + quote; j < n; j++) {
		while (j < n && !delimiter_byte[(unsigned char)s[j]])
			j++;
		if (j == n)
			break;
		switch (s[j]) {
		case '{':
			depth++;
			break;
		case '}':
			if (depth == 0 && quote)
				return bad(b, open, "the string of field %.*s "
					   "does not end before a } that "
					   "closes nothing",
					   show(field.s, field.n), field.s);
			if (depth == 0)
				return bad(b, open, "a } that closes nothing in "
					   "field %.*s", show(field.s, field.n),
					   field.s);
			if (--depth == 0 && !quote) {
				piece->s = s + open + 1;
				piece->n = j - open - 1;
				b->i = j + 1;
				return P_OK;
			}
			break;
		case '"':
			if (quote && depth == 0) {
				piece->s = s + open + 1;
				piece->n = j - open - 1;
				b->i = j + 1;
				return P_OK;
			}
			break;
		case '\n':
			if (entry_line(b, j + 1))
				goto unclosed;
			break;
		default:
			break;
		}
	}
unclosed:
	if (quote && depth == 0)
		return bad(b, open, "the string of field %.*s does not end",
			   show(field.s, field.n), field.s);
	return bad(b, open, "the braces of field %.*s do not pair",
		   show(field.s, field.n), field.s);
}

/*
 * Parses the value at b->i, pieces joined by #, into *out: the piece
 * itself when there is one, else the pieces joined in the arena. An
 * undefined macro is reported and taken as empty.
 */
static int parse_value(bib *b, span field, span key, span *out)
{
	span first = { "", 0 }, piece = { "", 0 };
	size_t npieces = 0;
	int rc = REAM_OK, st;
	char *at;

	ream_buf_reset(&b->val);
	for (;;) {
		unsigned char c;

		skip_ws(b);
		if (b->i >= b->n)
			return bad(b, b->i, "the file ends in field %.*s",
				   show(field.s, field.n), field.s);
		c = (unsigned char)b->s[b->i];
		if (c == '{' || c == '"') {
			if ((st = delimited(b, &piece, field)) != P_OK)
				return st;
		} else if (c >= '0' && c <= '9') {
			piece.s = b->s + b->i;
			while (b->i < b->n && b->s[b->i] >= '0' &&
			       b->s[b->i] <= '9')
				b->i++;
			piece.n = (size_t)(b->s + b->i - piece.s);
		} else if (is_id_char(c)) {
			span name = identifier(b);
			macro *m = macro_find(b, name);

			if (m) {
				piece = m->value;
			} else {
				span in = key.s ? key : field;

				report(b, 1, line_of(b, (size_t)(name.s - b->s)),
				      "undefined macro %.*s in %s%.*s, taken "
				      "as empty", show(name.s, name.n), name.s,
				      key.s ? "entry " : *field.s == '@' ? ""
				      : "@string ", show(in.s, in.n), in.s);
				piece.s = "";
				piece.n = 0;
			}
		} else {
			return bad(b, b->i, "no value for field %.*s",
				   show(field.s, field.n), field.s);
		}
		if (npieces == 0) {
			first = piece;
		} else {
			if (piece.n > b->arena_cap - b->arena_used ||
			    b->val.n > b->arena_cap - b->arena_used - piece.n)
				return bad(b, b->i, "field %.*s is longer than "
					   "its macros may make it",
					   show(field.s, field.n), field.s);
			if (npieces == 1)
				ream_buf_add(&rc, &b->val, first.s, first.n);
			ream_buf_add(&rc, &b->val, piece.s, piece.n);
			if (rc != REAM_OK)
				return P_NOMEM;
		}
		npieces++;
		skip_ws(b);
		if (b->i < b->n && b->s[b->i] == '#') {
			b->i++;
			continue;
		}
		break;
	}
	if (npieces == 1) {
		*out = first;
		return P_OK;
	}
	if (!(at = arena_alloc(b, b->val.n ? b->val.n : 1)))
		return b->nomem ? P_NOMEM
				: bad(b, b->i, "field %.*s is longer than its "
				      "macros may make it",
				      show(field.s, field.n), field.s);
	memcpy(at, b->val.s, b->val.n);
	out->s = at;
	out->n = b->val.n;
	return P_OK;
}

/* ---- Entries ---- */

/* Adds a field to the entry under way (e), the first of a name winning. */
static int field_add(bib *b, bib_entry *e, span name, span value)
{
	size_t kept = b->nfields - e->field0;
	size_t hash = hash_nocase(name.s, name.n);

	if (nameset(b, b->nfields ? b->fields + e->field0 : b->fields, name,
		    hash, kept < FIELDS_MAX ? kept : (size_t)-1)) {
		report(b, 1, line_of(b, (size_t)(name.s - b->s)),
		      "entry %.*s has a second %.*s field; the first "
		      "is kept", show(e->key.s, e->key.n), e->key.s,
		      show(name.s, name.n), name.s);
		return P_OK;
	}
	if (kept >= FIELDS_MAX) {
		if (!e->toomany)
			report(b, 1, e->line, "entry %.*s has more than %d fields; "
			      "the others are left out",
			      show(e->key.s, e->key.n), e->key.s, FIELDS_MAX);
		e->toomany = 1;
		return P_OK;
	}
	if (b->nfields == b->cfields) {
		size_t cap = b->cfields ? b->cfields * 2 : 1024;
		bib_field *t = realloc(b->fields, cap * sizeof *t);

		if (!t)
			return P_NOMEM;
		b->fields = t;
		b->cfields = cap;
	}
	b->fields[b->nfields].name = name;
	b->fields[b->nfields].value = value;
	b->fields[b->nfields].hash = hash;
	b->nfields++;
	return P_OK;
}

/* Parses the fields of entry e up to its closing delimiter. */
static int parse_fields(bib *b, bib_entry *e, char close)
{
	span name, value;
	int st;

	for (;;) {
		skip_ws(b);
		if (b->i < b->n && b->s[b->i] == close) {
			b->i++;
			return P_OK;
		}
		name = identifier(b);
		if (!name.n) {
			if (b->i >= b->n)
				return bad(b, b->i, "the file ends in the entry");
			return bad(b, b->i, "a field name was expected at %c",
				   b->s[b->i]);
		}
		skip_ws(b);
		if (b->i >= b->n || b->s[b->i] != '=')
			return bad(b, b->i, "no = after field %.*s",
				   show(name.s, name.n), name.s);
		b->i++;
		if ((st = parse_value(b, name, e->key, &value)) != P_OK)
			return st;
		if ((st = field_add(b, e, name, value)) != P_OK)
			return st;
		skip_ws(b);
		if (b->i < b->n && b->s[b->i] == ',') {
			b->i++;
			continue;
		}
		if (b->i < b->n && b->s[b->i] == close) {
			b->i++;
			return P_OK;
		}
		if (b->i < b->n && b->s[b->i] == '@')
			return bad(b, b->i, "no %c at the end, before the "
				   "next entry", close);
		return bad(b, b->i, "no comma after field %.*s",
			   show(name.s, name.n), name.s);
	}
}

/* Parses the entry whose type is type (at b->i: its delimiter). */
static int parse_entry(bib *b, span type, size_t at)
{
	char close = b->s[b->i] == '{' ? '}' : ')';
	bib_entry *e;
	size_t k, prev;
	int st;

	b->i++;
	skip_ws(b);
	if (b->nentries == b->centries) {
		size_t cap = b->centries ? b->centries * 2 : 256;
		bib_entry *t = realloc(b->entries, cap * sizeof *t);

		if (!t)
			return P_NOMEM;
		b->entries = t;
		b->centries = cap;
	}
	e = &b->entries[b->nentries];
	memset(e, 0, sizeof *e);
	e->type = type;
	e->line = line_of(b, at);
	e->field0 = b->nfields;
	nameset_clear(b);
	e->key.s = b->s + b->i;
	for (k = b->i; k < b->n && b->s[k] != ',' && b->s[k] != close &&
		       !is_space((unsigned char)b->s[k]); k++)
		;
	e->key.n = k - b->i;
	b->i = k;
	skip_ws(b);
	if (b->i < b->n && b->s[b->i] == close) {
		b->i++;
	} else if (b->i < b->n && b->s[b->i] == ',') {
		b->i++;
		if ((st = parse_fields(b, e, close)) != P_OK) {
			b->nfields = e->field0;
			if (st == P_BAD) {
				char why[sizeof b->why];

				memcpy(why, b->why, sizeof why);
				snprintf(b->why, sizeof b->why,
					 "entry %.*s skipped: %.180s",
					 show(e->key.s, e->key.n), e->key.s,
					 why);
			}
			return st;
		}
	} else {
		return bad(b, b->i, "entry %.*s skipped: no comma after its key",
			   show(e->key.s, e->key.n), e->key.s);
	}
	e->nfields = b->nfields - e->field0;
	e->end = b->i;
	if (!e->key.n) {
		b->nentries++;	/* ream makes it a key; nothing to match */
		return P_OK;
	}
	if ((prev = key_find(b, e->key)) != (size_t)-1) {
		report(b, 0, e->line, "entry %.*s skipped: its key was used at "
		      "line %ld", show(e->key.s, e->key.n), e->key.s,
		      b->entries[prev].line);
		e->dup = 1;
		b->nentries++;
		return P_OK;
	}
	b->nentries++;
	return key_add(b, b->nentries - 1);
}

/* Parses @string{name = value}, at b->i: its delimiter. */
static int parse_string(bib *b)
{
	char close = b->s[b->i] == '{' ? '}' : ')';
	static const span none = { NULL, 0 };
	span name, value;
	int st;

	b->i++;
	skip_ws(b);
	name = identifier(b);
	if (!name.n)
		return bad(b, b->i, "@string without a name");
	skip_ws(b);
	if (b->i >= b->n || b->s[b->i] != '=')
		return bad(b, b->i, "@string %.*s without =",
			   show(name.s, name.n), name.s);
	b->i++;
	if ((st = parse_value(b, name, none, &value)) != P_OK)
		return st;
	skip_ws(b);
	if (b->i >= b->n || b->s[b->i] != close)
		return bad(b, b->i, "@string %.*s does not end with %c",
			   show(name.s, name.n), name.s, close);
	b->i++;
	return macro_set(b, name, value);
}

/* Parses @preamble{value}, at b->i: its delimiter; the value goes. */
static int parse_preamble(bib *b)
{
	static const span field = { "@preamble", 9 }, none = { NULL, 0 };
	char close = b->s[b->i] == '{' ? '}' : ')';
	span value;
	int st;

	b->i++;
	if ((st = parse_value(b, field, none, &value)) != P_OK)
		return st;
	skip_ws(b);
	if (b->i >= b->n || b->s[b->i] != close)
		return bad(b, b->i, "@preamble does not end with %c", close);
	b->i++;
	return P_OK;
}

/*
 * Parses what starts at the @ at offset at. Returns P_OK (b->i past it),
 * P_BAD (the why set) or P_NOMEM.
 */
static int parse_at(bib *b, size_t at)
{
	span type;

	b->i = at + 1;
	skip_ws(b);
	type = identifier(b);
	if (!type.n || !is_alpha((unsigned char)type.s[0])) {
		b->i = at + 1;	/* an @ in text */
		return P_OK;
	}
	if (span_is(type, "comment"))
		return P_OK;	/* BibTeX skips the word and no more */
	skip_ws(b);
	if (b->i >= b->n || (b->s[b->i] != '{' && b->s[b->i] != '(')) {
		b->i = (size_t)(type.s - b->s);	/* text again */
		return P_OK;
	}
	if (span_is(type, "string"))
		return parse_string(b);
	if (span_is(type, "preamble"))
		return parse_preamble(b);
	return parse_entry(b, type, at);
}

/* Parses the whole text. Returns REAM_OK or REAM_NOMEM. */
static int parse_all(bib *b)
{
	const char *at;
	size_t pos = 0;
	int st;

	while (pos < b->n && (at = memchr(b->s + pos, '@', b->n - pos))) {
		size_t a = (size_t)(at - b->s);

		st = parse_at(b, a);
		if (st == P_NOMEM || b->nomem)
			return REAM_NOMEM;
		if (st == P_BAD) {
			report(b, 0, b->why_line, "%s", b->why);
			pos = next_entry_line(b, a);
			continue;
		}
		pos = b->i;
	}
	return REAM_OK;
}

/* ---- Inheritance ---- */

/* Fields a child never takes from its parent (BibLaTeX's list). */
static int never_inherited(span name)
{
	static const char *const list[] = {
		"crossref", "xref", "xdata", "ids", "entryset", "entrysubtype",
		"execute", "label", "options", "presort", "related",
		"relatedoptions", "relatedstring", "relatedtype", "shorthand",
		"shorthandintro", "sortkey", NULL
	};
	const char *const *l;

	for (l = list; *l; l++)
		if (span_is(name, *l))
			return 1;
	return 0;
}

static int eff_has(bib *b, span name)
{
	return nameset(b, b->eff, name, hash_nocase(name.s, name.n),
		       (size_t)-1);
}

/* Adds field f to the entry's fields unless it has one of that name. */
static void eff_add(bib *b, const bib_field *f)
{
	if (b->neff < FIELDS_MAX &&
	    !nameset(b, b->eff, f->name, f->hash, b->neff))
		b->eff[b->neff++] = *f;
}

/* The value of field name of e's own, or NULL. */
static const bib_field *own_field(const bib *b, const bib_entry *e,
				  const char *name)
{
	size_t i;

	for (i = 0; i < e->nfields; i++)
		if (span_is(b->fields[e->field0 + i].name, name))
			return &b->fields[e->field0 + i];
	return NULL;
}

/* The entry with key s[0..n) (trimmed), not yet visited, or NULL. */
static const bib_entry *link_find(bib *b, const char *s, size_t n)
{
	span key;
	size_t k, v;

	while (n && (is_space((unsigned char)*s) || *s == '{'))
		s++, n--;
	while (n && (is_space((unsigned char)s[n - 1]) || s[n - 1] == '}'))
		n--;
	key.s = s;
	key.n = n;
	if (!n || (k = key_find(b, key)) == (size_t)-1)
		return NULL;
	for (v = 0; v < b->nvisited; v++)
		if (b->visited[v] == &b->entries[k])
			return NULL;
	if (b->nvisited == VISITS_MAX)
		return NULL;
	b->visited[b->nvisited++] = &b->entries[k];
	return &b->entries[k];
}

/* 1 for the BibLaTeX types of parts of a book, which take booktitle. */
static int is_in_type(span t)
{
	return span_is(t, "inproceedings") || span_is(t, "incollection") ||
	       span_is(t, "inbook") || span_is(t, "conference") ||
	       span_is(t, "bookinbook") || span_is(t, "suppbook") ||
	       span_is(t, "suppcollection") || span_is(t, "inreference");
}

/*
 * Adds the fields of e to b->eff, those of the entries it names in xdata,
 * and those of its crossref parent; as a parent (parent = 1), only the
 * ones that are inherited. depth bounds the levels.
 */
static void inherit(bib *b, const bib_entry *e, int depth, int parent)
{
	const bib_field *x;
	size_t i, start;

	for (i = 0; i < e->nfields; i++) {
		const bib_field *f = &b->fields[e->field0 + i];

		if (!parent || !never_inherited(f->name))
			eff_add(b, f);
	}
	if (depth >= LINKS_MAX)
		return;
	if ((x = own_field(b, e, "xdata"))) {
		for (i = start = 0; i <= x->value.n; i++) {
			const bib_entry *d;

			if (i < x->value.n && x->value.s[i] != ',')
				continue;
			d = link_find(b, x->value.s + start, i - start);
			if (d)
				inherit(b, d, depth + 1, 1);
			start = i + 1;
		}
	}
	if ((x = own_field(b, e, "crossref"))) {
		const bib_entry *p = link_find(b, x->value.s, x->value.n);
		static const span booktitle = { "booktitle", 9 };

		if (!p)
			return;
		inherit(b, p, depth + 1, 1);
		if (is_in_type(e->type) && !eff_has(b, booktitle)) {
			const bib_field *t = own_field(b, p, "title");
			bib_field bt;

			if (t) {
				bt.name = booktitle;
				bt.value = t->value;
				bt.hash = hash_nocase(booktitle.s, booktitle.n);
				eff_add(b, &bt);
			}
		}
	}
}

/* ---- Papers ---- */

enum {
	K_EXTRA, K_TITLE, K_AUTHOR, K_EDITOR, K_YEAR, K_MONTH, K_DAY, K_DATE,
	K_JOURNAL, K_JOURNALTITLE, K_BOOKTITLE, K_VOLUME, K_NUMBER, K_PAGES,
	K_PUBLISHER, K_EPRINT, K_ARCHIVEPREFIX, K_EPRINTTYPE, K_PRIMARYCLASS,
	K_EPRINTCLASS, K_DOI, K_URL, K_ABSTRACT, K_KEYWORDS, K_COMMENTS,
	K_CROSSREF, K_XDATA, K_SUBTITLE, K_TITLEADDON, K_COUNT
};

static const char *const kind_names[K_COUNT] = {
	"", "title", "author", "editor", "year", "month", "day", "date",
	"journal", "journaltitle", "booktitle", "volume", "number", "pages",
	"publisher", "eprint", "archiveprefix", "eprinttype", "primaryclass",
	"eprintclass", "doi", "url", "abstract", "keywords", "comments",
	"crossref", "xdata", "subtitle", "titleaddon"
};

static int kind_of(span name)
{
	static size_t len[K_COUNT];
	int k;

	if (!len[1])
		for (k = 1; k < K_COUNT; k++)
			len[k] = strlen(kind_names[k]);
	for (k = 1; k < K_COUNT; k++)
		if (len[k] == name.n &&
		    lower_ascii((unsigned char)name.s[0]) == kind_names[k][0] &&
		    !strncasecmp(name.s, kind_names[k], name.n))
			return k;
	return K_EXTRA;
}

/* Windows-1252 from 0x80 to 0x9f (0: no character there). */
static const uint16_t cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

/* What prep saw in a value. */
enum { A_TEX = 1, A_UTF8 = 2 };

/*
 * Bytes of values to prep: 0 printable ASCII that is no TeX, 1 white
 * space and control characters, 2 TeX's specials (\\ { } $ ~) and the
 * halves of -- `` '', 3 beyond ASCII, 4 NUL.
 */
static const unsigned char value_byte[256] = {
	4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 0, 0, 0, 2, 0, 0, 2, 0, 0, 0, 0, 0, 2, 0, 0,	/* $ ' - */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,	/* \\ */
	2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* ` */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 2, 1,	/* { } ~ DEL */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

/*
 * Puts in b->a the value v with its white space runs made one space and
 * trimmed (control characters count as white space), bytes that are not
 * UTF-8 read as Windows-1252 (setting bit 1 of b->bad_utf8) and NUL
 * bytes as U+FFFD (setting bit 2), and in b->aflags what it has: A_TEX
 * when TeX would change it (\\ { } $ ~ -- `` ''), A_UTF8 when it has
 * bytes beyond ASCII. One pass, writing into room made first (a byte
 * becomes at most three).
 */
static void prep(int *rc, bib *b, span v)
{
	const unsigned char *s = (const unsigned char *)v.s;
	size_t i = 0, j, n = v.n, need;
	int space = 0, flags = 0;
	char *o;

	b->aflags = 0;
	ream_buf_reset(&b->a);
	if (*rc != REAM_OK)
		return;
	need = n > (SIZE_MAX - 1) / 3 ? SIZE_MAX : 3 * n + 1;
	if (need > b->a.cap) {
		char *t = realloc(b->a.s, need);

		if (!t) {
			*rc = REAM_NOMEM;
			return;
		}
		b->a.s = t;
		b->a.cap = need;
	}
	o = b->a.s;
	while (i < n) {
		unsigned char c = s[i];
		utf8proc_int32_t cp;
		utf8proc_ssize_t k;

		switch (value_byte[c]) {
		case 0:
			if (space)
				*o++ = ' ';
			space = 0;
			/* words and the single spaces between them */
			for (j = i + 1; j < n; j++)
				if (value_byte[s[j]] && (s[j] != ' ' ||
				    j + 1 == n || value_byte[s[j + 1]]))
					break;
			memcpy(o, s + i, j - i);
			o += j - i;
			i = j;
			continue;
		case 1:
			space = o > b->a.s;
			i++;
			continue;
		case 2:
			if (space)
				*o++ = ' ';
			space = 0;
			if ((c != '-' && c != '`' && c != '\'') ||
			    (i + 1 < n && s[i + 1] == c))
				flags |= A_TEX;
			*o++ = (char)c;
			i++;
			continue;
		default:
			break;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		flags |= A_UTF8;
		k = c ? utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i < 4
					 ? n - i : 4), &cp) : -1;
		if (k > 0) {
			memcpy(o, s + i, (size_t)k);
			o += k;
			i += (size_t)k;
			continue;
		}
		b->bad_utf8 |= c ? 1 : 2;
		cp = c == 0 ? 0xfffd : c >= 0xa0 ? c : cp1252[c - 0x80];
		if (!cp)
			cp = 0xfffd;
		o += utf8proc_encode_char(cp, (utf8proc_uint8_t *)o);
		i++;
	}
	*o = '\0';
	b->a.n = (size_t)(o - b->a.s);
	b->aflags = flags;
	b->av = b->a.s;
}

/*
 * BibLaTeX's commands for punctuation, quotes (and csquotes's) and markup
 * in fields, and the sort keys files define in @preamble
 * ("{\noopsort{1973c}}1981" sorts as 1973 and prints 1981), which the
 * TeX decoder does not know: what each gives.
 */
enum { BL_DROP, BL_KEEP, BL_QUOTE, BL_TEXT };

#define BL(name, kind, text) { name, sizeof name - 1, kind, text }

static const struct {
	const char *name;
	size_t len;
	int kind;
	const char *text;
} bl_commands[] = {
	BL("noopsort", BL_DROP, NULL), BL("sortnoop", BL_DROP, NULL),
	BL("SortNoop", BL_DROP, NULL), BL("noop", BL_DROP, NULL),
	BL("mkbibquote", BL_QUOTE, NULL), BL("enquote", BL_QUOTE, NULL),
	BL("textquote", BL_QUOTE, NULL), BL("mkbibemph", BL_KEEP, NULL),
	BL("mkbibitalic", BL_KEEP, NULL), BL("mkbibbold", BL_KEEP, NULL),
	BL("hyphen", BL_TEXT, "-"), BL("adddot", BL_TEXT, "."),
	BL("addcomma", BL_TEXT, ","), BL("addcolon", BL_TEXT, ":"),
	BL("addsemicolon", BL_TEXT, ";"), BL("addspace", BL_TEXT, " "),
	BL("addnbspace", BL_TEXT, "~"), BL("addthinspace", BL_TEXT, " "),
	BL("nopp", BL_TEXT, ""), BL("bibrangedash", BL_TEXT, "--"),
};

/*
 * Appends to out s[0..n) with those commands replaced: dropped with their
 * argument, their argument kept (in quotes for \mkbibquote), or their
 * text. Returns 1 when there was one, 0 (nothing appended) when not.
 */
static int biblatex_commands(int *rc, ream_buf *out, const char *s, size_t n)
{
	size_t i = 0, j = 0, k, e = 0, c;
	int any = 0;

	while (j < n) {
		if (s[j] != '\\') {
			j++;
			continue;
		}
		for (k = j + 1; k < n && is_alpha((unsigned char)s[k]); k++)
			;
		for (c = 0; c < COUNT(bl_commands); c++)
			if (bl_commands[c].len == k - j - 1 &&
			    !memcmp(s + j + 1, bl_commands[c].name, k - j - 1))
				break;
		if (c == COUNT(bl_commands) || (bl_commands[c].kind != BL_TEXT &&
		    (k >= n || s[k] != '{' || !(e = group_end(s, n, k))))) {
			j = k > j + 1 ? k : j + 2;
			continue;
		}
		any = 1;
		ream_buf_add(rc, out, s + i, j - i);
		switch (bl_commands[c].kind) {
		case BL_KEEP:
			ream_buf_add(rc, out, s + k, e - k);
			break;
		case BL_QUOTE:
			ream_buf_adds(rc, out, "\xe2\x80\x9c");
			ream_buf_add(rc, out, s + k, e - k);
			ream_buf_adds(rc, out, "\xe2\x80\x9d");
			break;
		case BL_TEXT:
			ream_buf_adds(rc, out, bl_commands[c].text);
			if (k + 1 < n && s[k] == '{' && s[k + 1] == '}')
				k += 2;
			while (k < n && is_space((unsigned char)s[k]))
				k++;	/* as after any control word */
			e = k;
			break;
		default:
			break;
		}
		i = j = e;
	}
	if (any)
		ream_buf_add(rc, out, s + i, n - i);
	return any;
}

void ream_bibtex_decode(int *rc, ream_buf *out, const char *s, size_t n)
{
	ream_buf t = { 0 };

	if (biblatex_commands(rc, &t, s, n))
		ream_tex_decode(rc, out, t.s ? t.s : "", t.n);
	else
		ream_tex_decode(rc, out, s, n);
	ream_buf_free(&t);
}

/*
 * 1 when the TeX s[0..n) has what decoding turns into something else and
 * the writer never writes back: an accent (\\\"o, \\'e, \\c{c}...), ~, --,
 * `` or ''. Then its TeX is kept without trying the writer on it.
 */
static int never_written(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		char c = s[i], d = s[i + 1];

		if (c == '~' || (c == '-' && d == '-') ||
		    (c == '`' && d == '`') || (c == '\'' && d == '\''))
			return 1;
		if (c == '\\' && d && strchr("\"'^`~=.", d))
			return 1;
		if (c == '\\' && d && strchr("uvHcdbtrk", d) && i + 2 < n &&
		    (s[i + 2] == '{' || s[i + 2] == ' '))
			return 1;
	}
	return n && s[n - 1] == '~';
}

/*
 * Decodes b->a, prepared by prep, into b->dv[0..b->dn) (b->a itself when
 * there is nothing to decode, else b->d). Returns 1 when the TeX should
 * be kept: the writer, encoding the decoded value in mode, would not
 * give it back.
 */
static int decode(int *rc, bib *b, int mode)
{
	ream_buf_reset(&b->d);
	b->dv = b->a.s;
	b->dn = b->a.n;
	if (!(b->aflags & (A_TEX | A_UTF8)))
		return 0;	/* plain: the value is b->a as it is */
	ream_bibtex_decode(rc, &b->d, b->a.s, b->a.n);
	ream_buf_add(rc, &b->d, "", 0);
	b->dv = b->d.s;
	b->dn = b->d.n;
	if (*rc != REAM_OK || !b->d.n ||
	    (b->d.n == b->a.n && !memcmp(b->d.s, b->a.s, b->a.n)))
		return 0;
	if (never_written(b->a.s, b->a.n))
		return 1;
	ream_buf_reset(&b->e);
	ream_bibtex_encode(rc, &b->e, b->d.s, mode, 0);
	return *rc == REAM_OK &&
	       (b->e.n != b->a.n || memcmp(b->e.s, b->a.s, b->a.n));
}

/* Sets extra field "raw.<name>" of p to b->a. */
static int set_raw(bib *b, ream_paper *p, const char *name)
{
	char key[80];

	snprintf(key, sizeof key, "raw.%s", name);
	return ream_paper_set_extra(p, key, b->av);
}

/*
 * prep and decode for the value v: into b->av (the TeX) and b->dv, b->dn
 * (decoded); returns decode's keep. A long value is decoded once and
 * kept (DECODE_CACHE of them, by where its text is): a macro's value in
 * every entry (Beebe's files put an acknowledgement of 400 bytes in
 * thousands) is one span, decoded the first time.
 */
static int cached_decode(int *rc, bib *b, span v, int mode)
{
	struct decoded_value *c;
	size_t slot;
	int keep, before, bad;

	if (v.n < DECODE_MIN) {
		prep(rc, b, v);
		return decode(rc, b, mode);
	}
	slot = (((size_t)(uintptr_t)v.s >> 4) ^ v.n ^ (size_t)mode) %
	       DECODE_CACHE;
	c = &b->cache[slot];
	if (c->s == v.s && c->n == v.n && c->mode == mode && c->raw) {
		b->av = c->raw;
		b->dv = c->dec;
		b->dn = c->decn;
		b->bad_utf8 |= c->bad;
		return c->keep;
	}
	before = b->bad_utf8;
	b->bad_utf8 = 0;
	prep(rc, b, v);
	keep = decode(rc, b, mode);
	bad = b->bad_utf8;
	b->bad_utf8 |= before;
	if (*rc != REAM_OK)
		return keep;
	free(c->raw);
	free(c->dec);
	c->raw = ream_strndup(b->a.s, b->a.n);
	c->dec = ream_strndup(b->dv, b->dn);
	if (!c->raw || !c->dec) {
		free(c->raw);
		free(c->dec);
		c->raw = c->dec = NULL;
		*rc = REAM_NOMEM;
		return keep;
	}
	c->s = v.s;
	c->n = v.n;
	c->mode = mode;
	c->keep = keep;
	c->bad = bad;
	c->decn = b->dn;
	b->av = c->raw;
	b->dv = c->dec;
	return keep;
}

/* Sets field f of p from v decoded, keeping its TeX as raw.<rawname>. */
static int put_text(bib *b, ream_paper *p, ream_field f, const char *rawname,
		    span v, int mode)
{
	int rc = REAM_OK, keep;

	keep = cached_decode(&rc, b, v, mode);
	if (rc != REAM_OK || !b->dn)
		return rc;
	if ((rc = ream_paper_set(p, f, b->dv, b->dn)) != REAM_OK)
		return rc == REAM_FORMAT ? REAM_OK : rc;
	return keep ? set_raw(b, p, rawname) : REAM_OK;
}

/* Sets f of p from v as it is (white space squeezed); REAM_FORMAT kept. */
static int put_verbatim(bib *b, ream_paper *p, ream_field f, span v)
{
	int rc = REAM_OK;

	prep(&rc, b, v);
	if (rc != REAM_OK)
		return rc;
	return ream_paper_set(p, f, b->a.s, b->a.n);
}

/* The field's value decoded into b->d (empty when i < 0). */
static int decoded(bib *b, int i)
{
	int rc = REAM_OK;

	ream_buf_reset(&b->d);
	ream_buf_add(&rc, &b->d, "", 0);
	if (i >= 0) {
		prep(&rc, b, b->eff[i].value);
		decode(&rc, b, REAM_ENC_TEXT);
		if (rc == REAM_OK && b->dv == b->a.s) {
			ream_buf_reset(&b->d);
			ream_buf_add(&rc, &b->d, b->a.s, b->a.n);
		}
	}
	return rc;
}

/* Puts in out (emptied first) s in ASCII lower case. */
static void lowered(int *rc, ream_buf *out, span s)
{
	size_t i;

	ream_buf_reset(out);
	ream_buf_add(rc, out, s.s, s.n);
	for (i = 0; *rc == REAM_OK && i < out->n; i++)
		out->s[i] = (char)lower_ascii((unsigned char)out->s[i]);
}

/* Keeps field i of the entry as an extra field of p (lower case name). */
static int put_extra(bib *b, ream_paper *p, size_t i)
{
	span name = b->eff[i].name;
	int rc = REAM_OK, keep;
	size_t k;

	lowered(&rc, &b->low, name);
	if (rc != REAM_OK)
		return rc;
	if (!b->low.n || !strncmp(b->low.s, "raw.", 4))
		return REAM_OK;
	for (k = 0; k < b->low.n; k++)
		if ((unsigned char)b->low.s[k] >= 0x80)
			break;
	if (k < b->low.n) {
		/* names beyond ASCII must be UTF-8 */
		const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)b->low.s;
		utf8proc_int32_t cp;
		utf8proc_ssize_t len;

		for (k = 0; k < b->low.n; k += (size_t)len)
			if ((len = utf8proc_iterate(u + k, (utf8proc_ssize_t)
						    (b->low.n - k), &cp)) <= 0)
				return REAM_OK;
	}
	if (ream_bibtex_verbatim_field(b->low.s)) {
		prep(&rc, b, b->eff[i].value);
		return rc != REAM_OK || !b->a.n ? rc :
		       ream_paper_set_extra(p, b->low.s, b->a.s);
	}
	keep = cached_decode(&rc, b, b->eff[i].value, REAM_ENC_TEXT);
	if (rc != REAM_OK || !b->dn)
		return rc;
	return keep ? ream_paper_set_extra_tex(p, b->low.s, b->dv, b->av)
		    : ream_paper_set_extra(p, b->low.s, b->dv);
}

static int add_name(void *ud, const char *family, const char *given,
		    int literal)
{
	return ream_paper_add_author(ud, family, given, literal);
}

/*
 * The month m (1-12) s[0..n) names: a number, or an English name or its
 * first three letters; 0 when none. *exact: s is that and no more.
 */
static int month_of(const char *s, size_t n, int *exact)
{
	static const char *const full_names[12] = {
		"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"
	};
	size_t i;
	int m = 0;

	*exact = 0;
	if (n && s[0] >= '0' && s[0] <= '9') {
		for (i = 0; i < n && i < 3 && s[i] >= '0' && s[i] <= '9'; i++)
			m = m * 10 + (s[i] - '0');
		*exact = i == n;
		return m >= 1 && m <= 12 ? m : 0;
	}
	for (m = 0; m < 12; m++) {
		size_t full = strlen(full_names[m]);

		if (n < 3 || strncasecmp(s, full_names[m], 3))
			continue;
		*exact = n == 3 || (n == 4 && s[3] == '.') ||
			 (n == full && !strncasecmp(s, full_names[m], n));
		return m + 1;
	}
	return 0;
}

/* The length of the date YYYY[-MM[-DD]] at the start of s, or 0. */
static size_t date_prefix(const char *s, size_t n)
{
	size_t k = 0;

	while (k < n && k < 4 && s[k] >= '0' && s[k] <= '9')
		k++;
	if (k < 4 || (k < n && s[k] >= '0' && s[k] <= '9'))
		return 0;
	if (n >= 7 && s[4] == '-' && isdigit((unsigned char)s[5]) &&
	    isdigit((unsigned char)s[6]) && (n == 7 || !isdigit((unsigned char)s[7]))) {
		k = 7;
		if (n >= 10 && s[7] == '-' && isdigit((unsigned char)s[8]) &&
		    isdigit((unsigned char)s[9]) &&
		    (n == 10 || !isdigit((unsigned char)s[10])))
			k = 10;
	}
	return k;
}

/*
 * The month (1-12) of a month field that gives the day too ("10~jan" is
 * "10 January", or "January 10"), and the day into *day; 0 when it is
 * not that.
 */
static int day_month(const char *s, size_t n, int *day)
{
	const char *sp = memchr(s, ' ', n);
	size_t a, k;
	int m, d = 0, exact;

	*day = 0;
	if (!sp)
		return 0;
	a = (size_t)(sp - s);
	if (a >= 1 && a <= 2 && isdigit((unsigned char)s[0]) &&
	    isdigit((unsigned char)s[a - 1])) {
		d = atoi(s);
		m = month_of(sp + 1, n - a - 1, &exact);
	} else {
		m = month_of(s, a, &exact);
		k = n - a - 1;
		if (k >= 1 && k <= 2 && isdigit((unsigned char)sp[1]) &&
		    isdigit((unsigned char)sp[k]))
			d = atoi(sp + 1);
		else
			exact = 0;
	}
	if (!exact || !m || d < 1 || d > 31)
		return 0;
	*day = d;
	return m;
}

/*
 * Sets the date of p from date, or year, month and day; marks the fields
 * it takes whole as used. at[] holds the index of each kind's field.
 */
static int put_date(bib *b, ream_paper *p, const int *at)
{
	char date[16];
	size_t k;
	int rc = REAM_OK, y, m = 0, d = 0, exact;

	if (at[K_DATE] >= 0) {
		if ((rc = decoded(b, at[K_DATE])) != REAM_OK)
			return rc;
		if ((k = date_prefix(b->d.s, b->d.n)) &&
		    ream_paper_set(p, REAM_F_DATE, b->d.s, k) == REAM_OK) {
			b->used[at[K_DATE]] = k == b->d.n;
			return REAM_OK;
		}
	}
	if (at[K_YEAR] < 0)
		return REAM_OK;
	if ((rc = decoded(b, at[K_YEAR])) != REAM_OK)
		return rc;
	if (date_prefix(b->d.s, b->d.n) < 4)
		return REAM_OK;
	y = atoi(b->d.s);
	b->used[at[K_YEAR]] = b->d.n == 4;
	if (at[K_MONTH] >= 0) {
		if ((rc = decoded(b, at[K_MONTH])) != REAM_OK)
			return rc;
		m = month_of(b->d.s, b->d.n, &exact);
		if (!exact)
			m = day_month(b->d.s, b->d.n, &d);
		b->used[at[K_MONTH]] = m > 0;
	}
	if (m && !d && at[K_DAY] >= 0) {
		if ((rc = decoded(b, at[K_DAY])) != REAM_OK)
			return rc;
		if (b->d.n >= 1 && b->d.n <= 2 && isdigit((unsigned char)b->d.s[0]) &&
		    isdigit((unsigned char)b->d.s[b->d.n - 1]))
			d = atoi(b->d.s);
		b->used[at[K_DAY]] = d >= 1 && d <= 31;
		if (!b->used[at[K_DAY]])
			d = 0;
	}
	if (d)
		snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
	else if (m)
		snprintf(date, sizeof date, "%04d-%02d", y, m);
	else
		snprintf(date, sizeof date, "%04d", y);
	rc = ream_paper_set(p, REAM_F_DATE, date, (size_t)-1);
	return rc == REAM_FORMAT ? REAM_OK : rc;
}

/* The arXiv id from eprint, a DOI 10.48550/arXiv.* or the venue. */
static int put_arxiv(bib *b, ream_paper *p, const int *at)
{
	const char *v;
	int rc = REAM_OK, pre = at[K_ARCHIVEPREFIX] >= 0 ? K_ARCHIVEPREFIX
			     : at[K_EPRINTTYPE] >= 0 ? K_EPRINTTYPE : -1;

	if (at[K_EPRINT] >= 0) {
		if (pre >= 0 && (rc = decoded(b, at[pre])) != REAM_OK)
			return rc;
		if (pre < 0 || !strcasecmp(b->d.s, "arxiv")) {
			rc = put_verbatim(b, p, REAM_F_ARXIV,
					  b->eff[at[K_EPRINT]].value);
			if (rc == REAM_FORMAT)
				return REAM_OK;
			if (rc == REAM_OK && ream_paper_get(p, REAM_F_ARXIV) &&
			    strcmp(b->a.s, ream_paper_get(p, REAM_F_ARXIV)))
				rc = set_raw(b, p, "eprint");	/* v2, arXiv: */
			if (rc != REAM_OK)
				return rc;
			b->used[at[K_EPRINT]] = 1;
			if (pre >= 0)
				b->used[at[pre]] = 1;
			pre = at[K_PRIMARYCLASS] >= 0 ? K_PRIMARYCLASS
							: K_EPRINTCLASS;
			if (at[pre] >= 0) {
				rc = put_verbatim(b, p, REAM_F_PRIMARY_CAT,
						  b->eff[at[pre]].value);
				b->used[at[pre]] = 1;
			}
			return rc;
		}
	}
	v = ream_paper_get(p, REAM_F_DOI);
	if (v && !strncmp(v, "10.48550/arxiv.", 15)) {
		rc = ream_paper_set(p, REAM_F_ARXIV, v + 15, (size_t)-1);
		return rc == REAM_FORMAT ? REAM_OK : rc;
	}
	v = ream_paper_get(p, REAM_F_VENUE);
	if (v && (v = strstr(v, "arXiv:")) != NULL) {
		rc = ream_paper_set(p, REAM_F_ARXIV, v, strcspn(v, " ,;"));
		return rc == REAM_FORMAT ? REAM_OK : rc;
	}
	return REAM_OK;
}

/*
 * Appends BibLaTeX's subtitle (after ": ") and titleaddon (after ". ") to
 * the title, as BibLaTeX prints them and CSL-JSON has them; both stay as
 * extra fields too, and the writer takes them off the title again.
 */
static int put_subtitles(bib *b, ream_paper *p, const int *at)
{
	static const struct {
		int kind;
		const char *sep;
	} parts[] = { { K_SUBTITLE, ": " }, { K_TITLEADDON, ". " } };
	const char *title = ream_paper_get(p, REAM_F_TITLE);
	ream_buf t = { 0 };
	size_t i;
	int rc = REAM_OK, any = 0;

	if (!title)
		return REAM_OK;
	ream_buf_adds(&rc, &t, title);
	for (i = 0; i < COUNT(parts) && rc == REAM_OK; i++) {
		if (at[parts[i].kind] < 0)
			continue;
		if ((rc = decoded(b, at[parts[i].kind])) != REAM_OK || !b->d.n)
			continue;
		ream_buf_adds(&rc, &t, parts[i].sep);
		ream_buf_add(&rc, &t, b->d.s, b->d.n);
		any = 1;
	}
	if (rc == REAM_OK && any)
		rc = ream_paper_set(p, REAM_F_TITLE, t.s, t.n);
	ream_buf_free(&t);
	return rc;
}

/* Builds the paper of entry e from its fields in b->eff. */
static int build(bib *b, const bib_entry *e, ream_paper *p)
{
	static const int in_order[] = { K_BOOKTITLE, K_JOURNAL, K_JOURNALTITLE };
	static const int out_order[] = { K_JOURNAL, K_JOURNALTITLE, K_BOOKTITLE };
	const int *order = is_in_type(e->type) ? in_order : out_order;
	int at[K_COUNT], rc = REAM_OK, k, who;
	size_t i;

	for (k = 0; k < K_COUNT; k++)
		at[k] = -1;
	memset(b->used, 0, sizeof b->used);
	for (i = 0; i < b->neff; i++) {
		k = kind_of(b->eff[i].name);
		if (k != K_EXTRA && at[k] < 0)
			at[k] = (int)i;
		if (k == K_CROSSREF || k == K_XDATA)
			b->used[i] = 1;
	}
	if ((rc = put_verbatim(b, p, REAM_F_KEY, e->key)) != REAM_OK)
		return rc;
	lowered(&rc, &b->low, e->type);
	if (rc == REAM_OK)
		rc = ream_paper_set(p, REAM_F_TYPE, b->low.s, b->low.n);
	who = at[K_AUTHOR] >= 0 ? at[K_AUTHOR] : at[K_EDITOR];
	if (rc == REAM_OK && who >= 0) {
		prep(&rc, b, b->eff[who].value);
		if (rc == REAM_OK)
			rc = ream_names_split(&b->nm, b->a.s, b->a.n, add_name, p);
		if (rc == REAM_OK && who == at[K_AUTHOR]) {
			b->used[who] = 1;
			if (b->aflags & A_TEX)
				rc = set_raw(b, p, "author");
		} else if (rc == REAM_OK) {
			rc = ream_paper_set_extra(p, REAM_EDITORS_AS_AUTHORS,
						  "1");
		}
	}
	for (k = 0; rc == REAM_OK && k < 3; k++) {
		if (at[order[k]] < 0)
			continue;
		rc = put_text(b, p, REAM_F_VENUE, "venue",
			      b->eff[at[order[k]]].value, REAM_ENC_TEXT);
		b->used[at[order[k]]] = 1;
		break;
	}
	{
		static const struct {
			int kind;
			ream_field f;
			int mode;
		} text[] = {
			{ K_TITLE, REAM_F_TITLE, REAM_ENC_TITLE },
			{ K_VOLUME, REAM_F_VOLUME, REAM_ENC_TEXT },
			{ K_NUMBER, REAM_F_NUMBER, REAM_ENC_TEXT },
			{ K_PAGES, REAM_F_PAGES, REAM_ENC_PAGES },
			{ K_PUBLISHER, REAM_F_PUBLISHER, REAM_ENC_TEXT },
			{ K_ABSTRACT, REAM_F_ABSTRACT, REAM_ENC_TEXT },
			{ K_KEYWORDS, REAM_F_KEYWORDS, REAM_ENC_TEXT },
			{ K_COMMENTS, REAM_F_COMMENTS, REAM_ENC_TEXT },
		};

		for (i = 0; rc == REAM_OK && i < COUNT(text); i++) {
			if ((k = at[text[i].kind]) < 0)
				continue;
			rc = put_text(b, p, text[i].f, kind_names[text[i].kind],
				      b->eff[k].value, text[i].mode);
			b->used[k] = 1;
		}
	}
	if (rc == REAM_OK)
		rc = put_subtitles(b, p, at);
	if (rc == REAM_OK && at[K_DOI] >= 0) {
		rc = put_verbatim(b, p, REAM_F_DOI, b->eff[at[K_DOI]].value);
		b->used[at[K_DOI]] = rc == REAM_OK;
		if (rc == REAM_FORMAT)
			rc = REAM_OK;
	}
	if (rc == REAM_OK && at[K_URL] >= 0) {
		prep(&rc, b, b->eff[at[K_URL]].value);
		if (rc == REAM_OK && b->a.n > 6 && !strncmp(b->a.s, "\\url{", 5) &&
		    b->a.s[b->a.n - 1] == '}')
			rc = ream_paper_set(p, REAM_F_URL, b->a.s + 5, b->a.n - 6);
		else if (rc == REAM_OK)
			rc = ream_paper_set(p, REAM_F_URL, b->a.s, b->a.n);
		b->used[at[K_URL]] = 1;
	}
	if (rc == REAM_OK)
		rc = put_date(b, p, at);
	if (rc == REAM_OK)
		rc = put_arxiv(b, p, at);
	for (i = 0; rc == REAM_OK && i < b->neff; i++)
		if (!b->used[i])
			rc = put_extra(b, p, i);
	return rc;
}

/*
 * Resolves, builds and emits every entry, in file order; with no emit,
 * nothing: a reader without it only parses and reports.
 */
static int emit_all(bib *b, size_t base)
{
	size_t i;
	int rc = REAM_OK;

	if (!b->r->emit) {
		/* nobody takes papers: the file is only checked */
		b->r->bytes = (int64_t)(base + b->n);
		return REAM_OK;
	}
	for (i = 0; i < b->nentries && rc == REAM_OK; i++) {
		const bib_entry *e = &b->entries[i];
		ream_paper *p;

		if (e->dup || span_is(e->type, "xdata"))
			continue;
		b->neff = 0;
		nameset_clear(b);
		b->nvisited = 1;
		b->visited[0] = e;
		inherit(b, e, 0, 0);
		b->bad_utf8 = 0;
		if (!(p = ream_paper_new()))
			return REAM_NOMEM;
		if ((rc = build(b, e, p)) != REAM_OK) {
			ream_paper_free(p);
			return rc;
		}
		if (b->bad_utf8)
			report(b, 1, e->line, "entry %.*s: %s%s%s",
			      show(e->key.s, e->key.n), e->key.s,
			      b->bad_utf8 & 1 ? "bytes that are not UTF-8 were "
			      "read as Windows-1252" : "",
			      b->bad_utf8 == 3 ? "; " : "",
			      b->bad_utf8 & 2 ? "NUL bytes were read as U+FFFD"
			      : "");
		b->r->bytes = (int64_t)(base + e->end);
		if (b->r->emit)
			rc = b->r->emit(b->r->ud, p, e->line);
		else
			ream_paper_free(p);
	}
	return rc;
}

/*
 * The text of a file: malloc'd, or for a big regular file on Linux mapped
 * anonymous memory made ready in one go (MAP_POPULATE), which spares
 * reading into it a page fault for every page.
 */
typedef struct filetext {
	char *s;
	size_t n, cap;
	int mapped;
} filetext;

#define MAP_MIN ((size_t)1 << 20)	/* bytes of a file worth mapping */

static void text_free(filetext *t)
{
#ifdef MAP_POPULATE
	if (t->mapped) {
		munmap(t->s, t->cap);
		return;
	}
#endif
	free(t->s);
}

/* Room for cap bytes into t->s (empty); 0 when out of memory. */
static int text_alloc(filetext *t, size_t cap)
{
	t->mapped = 0;
	t->cap = cap;
#ifdef MAP_POPULATE
	if (cap >= MAP_MIN) {
		void *m = mmap(NULL, cap, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

		if (m != MAP_FAILED) {
			t->s = m;
			t->mapped = 1;
			return 1;
		}
	}
#endif
	return (t->s = malloc(cap)) != NULL;
}

/*
 * Makes room for as many fields as the text has '=' signs (each field has
 * one), but never more than one for every 16 bytes: growing the table as
 * it fills copied it a dozen times, a tenth of the reading of a large file.
 */
static int fields_presize(bib *b)
{
	const char *p = b->s, *end = b->s + b->n;
	size_t n = 0, most = b->n / 16;

	while (n < most && (p = memchr(p, '=', (size_t)(end - p)))) {
		n++;
		p++;
	}
	if (n <= 1024)
		return REAM_OK;
	if (!(b->fields = malloc(n * sizeof *b->fields)))
		return REAM_NOMEM;
	b->cfields = n;
	return REAM_OK;
}

/*
 * Reads the rest of f into t (NUL-terminated). A regular file is read into
 * room of its size (one more byte to see the end), anything else into
 * room that doubles. Returns REAM_OK, REAM_IO or REAM_NOMEM (nothing to
 * free then).
 */
static int slurp(FILE *f, filetext *t)
{
	struct stat st;
	size_t cap = 1 << 16, len = 0, got;
	char *s;

	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0 && (uint64_t)st.st_size < SIZE_MAX - 2)
		cap = (size_t)st.st_size + 2;
	if (!text_alloc(t, cap))
		return REAM_NOMEM;
	for (;;) {
		got = fread(t->s + len, 1, t->cap - len - 1, f);
		len += got;
		if (len + 1 < t->cap)
			break;	/* the end, or an error */
		cap = t->cap > SIZE_MAX / 2 ? SIZE_MAX : t->cap * 2;
		if (!(s = t->mapped ? malloc(cap) : realloc(t->s, cap))) {
			text_free(t);
			return REAM_NOMEM;
		}
		if (t->mapped) {	/* it grew as it was read */
			memcpy(s, t->s, len);
			text_free(t);
			t->mapped = 0;
		}
		t->s = s;
		t->cap = cap;
	}
	if (ferror(f)) {
		text_free(t);
		return REAM_IO;
	}
	t->s[len] = '\0';
	t->n = len;
	return REAM_OK;
}

int ream_bibtex_read(FILE *f, ream_reader *r)
{
	static const char *const month_macros[12][2] = {
		{ "jan", "January" }, { "feb", "February" }, { "mar", "March" },
		{ "apr", "April" }, { "may", "May" }, { "jun", "June" },
		{ "jul", "July" }, { "aug", "August" }, { "sep", "September" },
		{ "oct", "October" }, { "nov", "November" },
		{ "dec", "December" }
	};
	bib b;
	char *text;
	filetext t;
	size_t len, base = 0, i;
	int rc;
	arena_block *k;

	if ((rc = slurp(f, &t)) != REAM_OK)
		return rc;
	text = t.s;
	len = t.n;
	memset(&b, 0, sizeof b);
	b.r = r;
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		base = 3;
	b.s = text + base;
	b.n = len - base;
	b.line_no = 1;
	b.arena_cap = b.n > (SIZE_MAX - ARENA_SLACK) / 2 ? SIZE_MAX
		      : 2 * b.n + ARENA_SLACK;
	b.eff = malloc(FIELDS_MAX * sizeof *b.eff);
	rc = b.eff ? REAM_OK : REAM_NOMEM;
	if (rc == REAM_OK)
		rc = fields_presize(&b);
	for (i = 0; i < 12 && rc == REAM_OK; i++) {
		span name = { month_macros[i][0], 3 };
		span value = { month_macros[i][1], strlen(month_macros[i][1]) };

		if (macro_set(&b, name, value) != P_OK)
			rc = REAM_NOMEM;
	}
	if (rc == REAM_OK)
		rc = parse_all(&b);
	if (rc == REAM_OK)
		rc = emit_all(&b, base);
	while ((k = b.blocks)) {
		b.blocks = k->next;
		free(k);
	}
	free(b.fields);
	free(b.entries);
	free(b.macros);
	free(b.keys);
	free(b.eff);
	ream_buf_free(&b.val);
	ream_buf_free(&b.a);
	ream_buf_free(&b.d);
	ream_buf_free(&b.e);
	ream_buf_free(&b.low);
	ream_names_free(&b.nm);
	for (i = 0; i < DECODE_CACHE; i++) {
		free(b.cache[i].raw);
		free(b.cache[i].dec);
	}
	text_free(&t);
	return rc;
}
