/*
 * arxiv.c: the two arXiv readers. The listing text people keep from arXiv
 * pages (an abstract, comments, "arXiv:ID", "Created: ..."; or one
 * "Abstract:" line a paper), and the JSON lines of the arXiv metadata
 * snapshot.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include <jansson.h>

#include "internal.h"

#define BUF_KEEP	(1u << 20)	/* a larger line buffer is let go */
#define RECORD_MAX	(1u << 20)	/* text of one listing record */
#define JSON_LINE_MAX	(16u << 20)	/* one snapshot line */
#define COMMENT_MAX	300	/* a longer later paragraph is an abstract */
#define HEADER_MAX	100	/* a list's header line before "Abstract:" */
#define ID_MAX		64	/* longer is no arXiv id */
#define SHOW_MAX	60	/* bytes of bad input quoted in a message */

/* ---- Shared ------------------------------------------------------------- */

/*
 * How many bytes of s[0..n) to quote in a message: at most SHOW_MAX, cut at
 * a UTF-8 character boundary.
 */
static int show(const char *s, size_t n)
{
	if (n > SHOW_MAX) {
		n = SHOW_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return (int)n;
}

/* Reports a bad record at line through r->warn, when there is one. */
static void warnf(ream_reader *r, long line, const char *fmt, ...)
	REAM_PRINTF(3, 4);

static void warnf(ream_reader *r, long line, const char *fmt, ...)
{
	char msg[320];
	va_list ap;

	if (!r->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->warn(r->ud, line, msg);
}

/* Hands p to r->emit; returns what emit returns. */
static int emit(ream_reader *r, ream_paper *p, long line)
{
	if (!r->emit) {
		ream_paper_free(p);
		return REAM_OK;
	}
	return r->emit(r->ud, p, line);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

/* Trims white space from both ends of *s, *n. */
static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s))
		(*s)++, (*n)--;
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

/*
 * The length of the ASCII prefix pre when s[0..n) starts with it, ignoring
 * case; 0 when it does not.
 */
static size_t prefix(const char *s, size_t n, const char *pre)
{
	size_t m = strlen(pre);

	return n >= m && strncasecmp(s, pre, m) == 0 ? m : 0;
}

/* The length of the first white-space separated word of s[0..n). */
static size_t word_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && !is_space(s[i]))
		i++;
	return i;
}

/*
 * Appends s[0..n) to b with each run of white space made one space and none
 * at either end.
 */
static void add_squeezed(int *rc, ream_buf *b, const char *s, size_t n)
{
	size_t i, start = b->n;
	int gap = 0;

	for (i = 0; i < n && *rc == REAM_OK; i++) {
		if (is_space(s[i])) {
			gap = 1;
			continue;
		}
		if (gap && b->n > start)
			ream_buf_addc(rc, b, ' ');
		gap = 0;
		ream_buf_addc(rc, b, s[i]);
	}
}

/*
 * Sets field f of p, as ream_paper_set does, but a value the field does not
 * accept (REAM_FORMAT) is dropped quietly. Returns REAM_OK or REAM_NOMEM.
 */
static int put(ream_paper *p, ream_field f, const char *s, size_t n)
{
	int rc = ream_paper_set(p, f, s ? s : "", s ? n : 0);

	return rc == REAM_FORMAT ? REAM_OK : rc;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* 1 when y-m-d is a day of the calendar. */
static int valid_day(int y, int m, int d)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (y < 1 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= days[m - 1] + (m == 2 && is_leap(y));
}

static int digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * Copies s[0..n) to out when it is a date YYYY-MM-DD of the calendar.
 * Returns 1 then, 0 (out untouched) otherwise.
 */
static int ymd(const char *s, size_t n, char out[11])
{
	int y, m, d;

	if (n != 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
	    s[7] != '-' || !digits(s + 8, 2))
		return 0;
	y = atoi(s);
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (!valid_day(y, m, d))
		return 0;
	memcpy(out, s, 10);
	out[10] = '\0';
	return 1;
}

/* ---- Lines -------------------------------------------------------------- */

typedef struct lines {
	FILE *f;
	ream_reader *r;
	char *s;	/* getline's buffer, reused from line to line */
	size_t cap;
	long no;	/* number of the line read last */
} lines;

/*
 * Reads the next line into *s, *n without its line end and trailing white
 * space; the first line also loses a UTF-8 byte order mark, and NUL bytes
 * become spaces. Advances r->bytes by the bytes consumed. Returns 1 for a
 * line, 0 at the end of the input or on failure, which sets *rc (REAM_IO,
 * REAM_NOMEM). *s stays valid until the next call.
 */
static int lines_next(lines *l, const char **s, size_t *n, int *rc)
{
	ssize_t len;
	size_t i;
	char *t;

	if (l->cap > BUF_KEEP) {
		/* After a long line, memory goes back to its usual size. */
		free(l->s);
		l->s = NULL;
		l->cap = 0;
	}
	errno = 0;
	len = getline(&l->s, &l->cap, l->f);
	if (len < 0) {
		if (ferror(l->f) || errno == ENOMEM)	/* not the end */
			*rc = errno == ENOMEM ? REAM_NOMEM : REAM_IO;
		return 0;
	}
	l->no++;
	l->r->bytes += len;
	t = l->s;
	for (i = 0; i < (size_t)len; i++)
		if (t[i] == '\0')
			t[i] = ' ';
	if (l->no == 1 && len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) {
		t += 3;
		len -= 3;
	}
	while (len > 0 && is_space(t[len - 1]))
		len--;
	*s = t;
	*n = (size_t)len;
	return 1;
}

/* ---- The listing text --------------------------------------------------- */

/*
 * A record is paragraphs (blank-line separated): the first is the abstract,
 * the later ones comments. An "arXiv:ID" line and a "Created:" line end it.
 * An "Abstract:" line starts a record of its own, and the lines after it up
 * to a blank one continue its abstract; text after the blank line starts
 * the next record.
 */
typedef struct listing {
	ream_reader *r;
	ream_buf para;		/* the paragraph being read */
	ream_buf abs;		/* the record's first paragraph */
	ream_buf com;		/* its later paragraphs, joined by "; " */
	ream_buf id;		/* the word after arXiv: */
	ream_buf cat;		/* the [category] after it, if any */
	ream_buf why;		/* why the record is bad; empty if it is not */
	ream_buf tmp;
	char created[11];	/* YYYY-MM-DD or "" */
	char updated[11];
	long line;		/* the record's first line; 0: no record */
	long para_line;		/* the paragraph's first line */
	int para_lines;		/* its lines */
	int in_para;		/* 1 while a paragraph is open */
	int has_id;
	int listed;		/* the record began with "Abstract:" */
	int text_lines;		/* lines of text in the record */
	size_t size;		/* bytes of text in the record */
} listing;

/* Forgets the record, keeping the memory; the open paragraph stays. */
static void record_reset(listing *ls)
{
	ream_buf_reset(&ls->abs);
	ream_buf_reset(&ls->com);
	ream_buf_reset(&ls->id);
	ream_buf_reset(&ls->cat);
	ream_buf_reset(&ls->why);
	ls->created[0] = ls->updated[0] = '\0';
	ls->line = 0;
	ls->has_id = ls->listed = ls->text_lines = 0;
	ls->size = 0;
}

/* Starts a record at line no unless one is under way. */
static void record_begin(listing *ls, long no)
{
	if (!ls->line)
		ls->line = no;
}

/* Marks the record bad (the first reason stays) with a message. */
static void record_bad(int *rc, listing *ls, const char *fmt, ...)
	REAM_PRINTF(3, 4);

static void record_bad(int *rc, listing *ls, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (ls->why.n)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ream_buf_adds(rc, &ls->why, msg);
}

/*
 * Builds the paper of a good record and emits it. A bad arXiv id is
 * reported and the record dropped. Returns emit's value, or REAM_NOMEM.
 */
static int record_emit(listing *ls)
{
	ream_paper *p = ream_paper_new();
	int rc = REAM_OK;

	if (!p)
		return REAM_NOMEM;
	if (ls->has_id) {
		rc = ream_paper_set(p, REAM_F_ARXIV, ls->id.s, ls->id.n);
		if (rc == REAM_FORMAT) {
			warnf(ls->r, ls->line, "not an arXiv id: %.*s",
			      show(ls->id.s, ls->id.n), ls->id.s);
			ream_paper_free(p);
			return REAM_OK;
		}
		if (rc == REAM_OK && ls->cat.n) {
			rc = put(p, REAM_F_PRIMARY_CAT, ls->cat.s, ls->cat.n);
			if (rc == REAM_OK)
				rc = put(p, REAM_F_CATEGORIES, ls->cat.s,
					 ls->cat.n);
		}
	}
	ream_buf_reset(&ls->tmp);
	ream_tex_decode(&rc, &ls->tmp, ls->abs.s, ls->abs.n);
	if (rc == REAM_OK)
		rc = put(p, REAM_F_ABSTRACT, ls->tmp.s, ls->tmp.n);
	if (rc == REAM_OK && ls->com.n)
		rc = put(p, REAM_F_COMMENTS, ls->com.s, ls->com.n);
	if (rc == REAM_OK && ls->created[0]) {
		rc = put(p, REAM_F_CREATED, ls->created, 10);
		if (rc == REAM_OK)
			rc = put(p, REAM_F_DATE, ls->created, 10);
	}
	if (rc == REAM_OK && ls->updated[0])
		rc = put(p, REAM_F_UPDATED, ls->updated, 10);
	if (rc == REAM_OK)
		rc = put(p, REAM_F_TYPE, "misc", 4);
	if (rc != REAM_OK) {
		ream_paper_free(p);
		return rc;
	}
	return emit(ls->r, p, ls->line);
}

/*
 * Ends the record under way: emits it, or reports why it is bad. Returns
 * emit's value or REAM_NOMEM; REAM_OK when there was no record.
 */
static int record_end(listing *ls)
{
	int rc = REAM_OK;

	if (!ls->line)
		return REAM_OK;
	if (ls->why.n)
		warnf(ls->r, ls->line, "%s", ls->why.s);
	else if (!ls->abs.n && ls->has_id)
		warnf(ls->r, ls->line, "arXiv:%.*s has no abstract",
		      show(ls->id.s, ls->id.n), ls->id.s);
	else if (!ls->abs.n)
		warnf(ls->r, ls->line, "a record without an abstract");
	else
		rc = record_emit(ls);
	record_reset(ls);
	return rc;
}

/*
 * Closes the open paragraph: it becomes the record's abstract, or one more
 * comment. A later paragraph too long for a comment is taken for the
 * abstract of the next record (the one before it had no arXiv: line), so a
 * missing id line never glues two abstracts together. Returns as
 * record_end.
 */
static int para_close(listing *ls)
{
	int rc = REAM_OK;
	ream_buf t;

	if (!ls->in_para)
		return REAM_OK;
	ls->in_para = 0;
	if (ls->abs.n && ls->para.n > COMMENT_MAX && !ls->why.n) {
		rc = record_end(ls);
		ls->line = ls->para_line;
		ls->text_lines = ls->para_lines;
		ls->size = ls->para.n;
	}
	if (!ls->abs.n) {
		t = ls->abs;
		ls->abs = ls->para;
		ls->para = t;
	} else if (ls->para.n) {
		if (ls->com.n)
			ream_buf_adds(&rc, &ls->com, "; ");
		ream_buf_add(&rc, &ls->com, ls->para.s, ls->para.n);
	}
	ream_buf_reset(&ls->para);
	return rc;
}

/* Adds a line of text to the open paragraph, bounded by RECORD_MAX. */
static void para_add(int *rc, listing *ls, const char *s, size_t n)
{
	if (ls->why.n)
		return;
	if (n + 1 > RECORD_MAX - ls->size) {
		record_bad(rc, ls, "record longer than %u bytes",
			   RECORD_MAX);
		return;
	}
	if (ls->para.n && n)
		ream_buf_addc(rc, &ls->para, ' ');
	ream_buf_add(rc, &ls->para, s, n);
	ls->size += n + 1;
}

/* 1 when the record is a lone short line, such as a list's "EJ" header. */
static int record_is_header(const listing *ls)
{
	return ls->line && !ls->listed && !ls->has_id && !ls->created[0] &&
	       !ls->updated[0] && !ls->com.n && !ls->why.n &&
	       ls->text_lines == 1 && ls->abs.n <= HEADER_MAX;
}

/* Handles "Abstract: text": a record of its own. */
static int on_abstract(listing *ls, const char *s, size_t n, long no)
{
	int rc = para_close(ls);

	if (rc != REAM_OK)
		return rc;
	if (record_is_header(ls))
		record_reset(ls);
	else if ((rc = record_end(ls)) != REAM_OK)
		return rc;
	trim(&s, &n);
	record_begin(ls, no);
	ls->listed = 1;
	ls->in_para = 1;
	ls->para_line = no;
	ls->para_lines = 1;
	ls->text_lines = 1;
	para_add(&rc, ls, s, n);
	return rc;
}

/*
 * 1 when s[0..n) (what follows "arXiv:") is an id line: one word, maybe
 * followed by a [category]; sets the word and the category.
 */
static int id_line(const char *s, size_t n, const char **id, size_t *idn,
		   const char **cat, size_t *catn)
{
	const char *rest;
	size_t m;

	trim(&s, &n);
	*id = s;
	*idn = word_len(s, n);
	rest = s + *idn;
	m = n - *idn;
	trim(&rest, &m);
	*cat = NULL;
	*catn = 0;
	if (m == 0)
		return 1;
	if (rest[0] != '[' || rest[m - 1] != ']' ||
	    memchr(rest + 1, ']', m - 2) || memchr(rest, ' ', m))
		return 0;
	*cat = rest + 1;
	*catn = m - 2;
	return 1;
}

/* Handles "arXiv:ID [cat]": the id of the record, which it ends. */
static int on_id(listing *ls, const char *id, size_t idn, const char *cat,
		 size_t catn, long no)
{
	int rc = para_close(ls);

	if (rc == REAM_OK && ls->has_id)
		rc = record_end(ls);
	if (rc != REAM_OK)
		return rc;
	record_begin(ls, no);
	ls->has_id = 1;
	if (idn == 0 || idn > ID_MAX) {
		record_bad(&rc, ls, "not an arXiv id: %.*s", show(id, idn),
			   id);
		return rc;
	}
	ream_buf_add(&rc, &ls->id, id, idn);
	if (catn)
		ream_buf_add(&rc, &ls->cat, cat, catn);
	return rc;
}

/*
 * Reads the date at the start of s[0..n) into out, or marks the record bad.
 * Returns the length of what it read.
 */
static size_t take_date(int *rc, listing *ls, const char *s, size_t n,
			const char *label, char out[11])
{
	size_t w = word_len(s, n);

	if (!ymd(s, w, out))
		record_bad(rc, ls, "not a date in %s line: %.*s", label,
			   show(s, w), s);
	return w;
}

/* Handles "Created: DATE [Updated: DATE]" and "Updated: DATE". */
static int on_dates(listing *ls, const char *s, size_t n, int created,
		    long no)
{
	int rc = para_close(ls);
	size_t m;

	if (rc == REAM_OK && created && ls->created[0])
		rc = record_end(ls);
	if (rc != REAM_OK)
		return rc;
	record_begin(ls, no);
	trim(&s, &n);
	if (!created)
		goto updated;
	m = take_date(&rc, ls, s, n, "Created:", ls->created);
	s += m;
	n -= m;
	trim(&s, &n);
	if (!(m = prefix(s, n, "Updated:")))
		return rc;	/* other words after the date do no harm */
	s += m;
	n -= m;
	trim(&s, &n);
updated:
	take_date(&rc, ls, s, n, "Updated:", ls->updated);
	return rc;
}

/* Handles a line of text. */
static int on_text(listing *ls, const char *s, size_t n, long no)
{
	int rc = REAM_OK;

	if (ls->has_id || ls->created[0] || ls->updated[0] ||
	    (ls->listed && !ls->in_para))
		rc = record_end(ls);	/* it was complete */
	if (rc != REAM_OK)
		return rc;
	record_begin(ls, no);
	if (!ls->in_para) {
		ls->in_para = 1;
		ls->para_line = no;
		ls->para_lines = 0;
	}
	ls->para_lines++;
	ls->text_lines++;
	para_add(&rc, ls, s, n);
	return rc;
}

/* Dispatches one trimmed line. */
static int listing_line(listing *ls, const char *s, size_t n, long no)
{
	const char *id, *cat;
	size_t m, idn, catn;

	if (n == 0)
		return para_close(ls);
	if ((m = prefix(s, n, "Abstract:")))
		return on_abstract(ls, s + m, n - m, no);
	if ((m = prefix(s, n, "arXiv:")) &&
	    id_line(s + m, n - m, &id, &idn, &cat, &catn))
		return on_id(ls, id, idn, cat, catn, no);
	if ((m = prefix(s, n, "Created:")))
		return on_dates(ls, s + m, n - m, 1, no);
	if ((m = prefix(s, n, "Updated:")))
		return on_dates(ls, s + m, n - m, 0, no);
	return on_text(ls, s, n, no);
}

int ream_arxiv_listing_read(FILE *f, ream_reader *r)
{
	lines l = { f, r, NULL, 0, 0 };
	listing ls;
	const char *s;
	size_t n;
	int rc = REAM_OK;

	memset(&ls, 0, sizeof ls);
	ls.r = r;
	while (rc == REAM_OK && lines_next(&l, &s, &n, &rc)) {
		trim(&s, &n);
		rc = listing_line(&ls, s, n, l.no);
	}
	if (rc == REAM_OK)
		rc = para_close(&ls);
	if (rc == REAM_OK)
		rc = record_end(&ls);
	free(l.s);
	ream_buf_free(&ls.para);
	ream_buf_free(&ls.abs);
	ream_buf_free(&ls.com);
	ream_buf_free(&ls.id);
	ream_buf_free(&ls.cat);
	ream_buf_free(&ls.why);
	ream_buf_free(&ls.tmp);
	return rc;
}

/* ---- The metadata snapshot, JSON lines ---------------------------------- */

typedef struct snapshot {
	ream_reader *r;
	ream_buf a, b, c;	/* scratch, reused from record to record */
} snapshot;

/*
 * The string o[key] and its length, or NULL when it is missing, null or not
 * a string. (Jansson refuses \u0000 unless asked, so there is no NUL.)
 */
static const char *jstr(const json_t *o, const char *key, size_t *n)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		return NULL;
	*n = json_string_length(v);
	return json_string_value(v);
}

/*
 * Sets field f of p to the string o[key] (when there is one), decoded from
 * TeX or with its white space squeezed; the value set stays in sn->a (empty
 * when there was none). Returns REAM_OK or REAM_NOMEM.
 */
static int put_json(snapshot *sn, ream_paper *p, ream_field f,
		    const json_t *o, const char *key, int tex)
{
	const char *s;
	size_t n;
	int rc = REAM_OK;

	ream_buf_reset(&sn->a);
	if (!(s = jstr(o, key, &n)))
		return REAM_OK;
	if (tex)
		ream_tex_decode(&rc, &sn->a, s, n);
	else
		add_squeezed(&rc, &sn->a, s, n);
	return rc == REAM_OK ? put(p, f, sn->a.s, sn->a.n) : rc;
}

/* Sets extra field key of p to the string o[key] squeezed, when not empty. */
static int put_extra(snapshot *sn, ream_paper *p, const json_t *o,
		     const char *key)
{
	const char *s;
	size_t n;
	int rc = REAM_OK;

	if (!(s = jstr(o, key, &n)))
		return REAM_OK;
	ream_buf_reset(&sn->a);
	add_squeezed(&rc, &sn->a, s, n);
	if (rc != REAM_OK || sn->a.n == 0)
		return rc;
	rc = ream_paper_set_extra(p, key, sn->a.s);
	return rc == REAM_FORMAT ? REAM_OK : rc;
}

/*
 * 1 when s[0..n) holds a word that names a body of people rather than a
 * person (the ATLAS Collaboration, the Planck Team...).
 */
static int is_org(const char *s, size_t n)
{
	static const char *const words[] = {
		"collaboration", "collaborations", "consortium", "team",
		"group", "committee", "project", "survey", "observatory",
		"network", "initiative", "society", "association",
		"institute", "laboratory", "organization", "organisation",
		"council", "alliance", "partnership", NULL
	};
	const char *const *w;
	size_t i = 0, j;

	while (i < n) {
		while (i < n && !isalpha((unsigned char)s[i]))
			i++;
		for (j = i; j < n && isalpha((unsigned char)s[j]); j++)
			;
		for (w = words; *w; w++)
			if (strlen(*w) == j - i &&
			    strncasecmp(s + i, *w, j - i) == 0)
				return 1;
		i = j;
	}
	return 0;
}

/*
 * Adds one author from the decoded family, given and suffix (any may be
 * empty). A bare family that names a group becomes a literal name.
 */
static int add_author(snapshot *sn, ream_paper *p, const char *fam,
		      size_t famn, const char *giv, size_t givn,
		      const char *suf, size_t sufn)
{
	int rc = REAM_OK, literal;

	ream_buf_reset(&sn->b);
	ream_buf_reset(&sn->c);
	ream_buf_add(&rc, &sn->b, fam, famn);
	ream_buf_add(&rc, &sn->c, giv, givn);
	if (sufn) {
		if (sn->c.n)
			ream_buf_adds(&rc, &sn->c, ", ");
		ream_buf_add(&rc, &sn->c, suf, sufn);
	}
	if (rc != REAM_OK)
		return rc;
	if (!sn->b.n && !sn->c.n)
		return REAM_OK;
	literal = !sn->c.n && is_org(sn->b.s, sn->b.n);
	return ream_paper_add_author(p, sn->b.n ? sn->b.s : sn->c.s,
				     sn->b.n && sn->c.n ? sn->c.s : NULL,
				     literal);
}

/* Decodes the string at a[i] (when there is one) into b, from scratch. */
static void decode_at(int *rc, ream_buf *b, const json_t *a, size_t i)
{
	const json_t *v = json_array_get(a, i);

	ream_buf_reset(b);
	if (json_is_string(v) && json_string_length(v))
		ream_tex_decode(rc, b, json_string_value(v),
				json_string_length(v));
}

/* The authors from authors_parsed: [[family, given, suffix], ...]. */
static int authors_parsed(snapshot *sn, ream_paper *p, const json_t *list)
{
	ream_buf fam = { 0 }, giv = { 0 }, suf = { 0 };
	const json_t *e;
	size_t i;
	int rc = REAM_OK;

	json_array_foreach(list, i, e) {
		if (!json_is_array(e))
			continue;
		decode_at(&rc, &fam, e, 0);
		decode_at(&rc, &giv, e, 1);
		decode_at(&rc, &suf, e, 2);
		if (rc != REAM_OK)
			break;
		rc = add_author(sn, p, fam.s, fam.n, giv.s, giv.n, suf.s,
				suf.n);
		if (rc != REAM_OK)
			break;
	}
	ream_buf_free(&fam);
	ream_buf_free(&giv);
	ream_buf_free(&suf);
	return rc;
}

/* 1 when w[0..n) is a name suffix (Jr., III...). */
static int is_suffix(const char *w, size_t n)
{
	static const char *const sufs[] = {
		"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", NULL
	};
	const char *const *x;

	for (x = sufs; *x; x++)
		if (strlen(*x) == n && strncasecmp(w, *x, n) == 0)
			return 1;
	return 0;
}

/* The start of the word that ends at s[end - 1]. */
static size_t word_start(const char *s, size_t end)
{
	while (end > 0 && s[end - 1] != ' ')
		end--;
	return end;
}

/* The end of s[0..end) without its trailing spaces. */
static size_t back_over_spaces(const char *s, size_t end)
{
	while (end > 0 && s[end - 1] == ' ')
		end--;
	return end;
}

/*
 * Adds one author from a name as written, "C.-P. Yuan", "R. Quill Jr.",
 * "Bob van Jones" or "the ATLAS Collaboration": the last word is the family
 * name, with the lower-case particles before it.
 */
static int add_written(snapshot *sn, ream_paper *p, const char *s, size_t n)
{
	size_t fam, end, suf, prev, givn, m;
	const char *giv;

	trim(&s, &n);
	if ((m = prefix(s, n, "and ")))
		s += m, n -= m;
	trim(&s, &n);
	if (n == 0)
		return REAM_OK;
	if (is_org(s, n))
		return add_author(sn, p, s, n, NULL, 0, NULL, 0);
	end = suf = n;
	fam = word_start(s, end);
	if (fam > 0 && is_suffix(s + fam, end - fam)) {
		suf = fam;
		end = back_over_spaces(s, fam);
		fam = word_start(s, end);
	}
	while (fam > 0) {
		prev = word_start(s, back_over_spaces(s, fam));
		if (prev == fam || !islower((unsigned char)s[prev]))
			break;
		fam = prev;
	}
	giv = s;
	givn = fam;
	trim(&giv, &givn);
	return add_author(sn, p, s + fam, end - fam, giv, givn, s + suf,
			  n - suf);
}

/*
 * The authors from the written list when authors_parsed is missing: decoded,
 * parenthesised affiliations dropped, split at commas and " and ".
 */
static int authors_written(snapshot *sn, ream_paper *p, const char *s,
			   size_t n)
{
	ream_buf t = { 0 }, u = { 0 };
	size_t i, start, depth = 0;
	int rc = REAM_OK;

	ream_tex_decode(&rc, &t, s, n);
	for (i = 0; i < t.n && rc == REAM_OK; i++) {
		if (t.s[i] == '(')
			depth++;
		else if (t.s[i] == ')' && depth)
			depth--;
		else if (!depth)
			ream_buf_addc(&rc, &u, t.s[i]);
	}
	for (i = start = 0; u.n && i <= u.n && rc == REAM_OK; i++) {
		size_t sep = 0;

		if (i == u.n || u.s[i] == ',' || u.s[i] == ';')
			sep = 1;
		else if (prefix(u.s + i, u.n - i, " and "))
			sep = 5;
		if (!sep)
			continue;
		rc = add_written(sn, p, u.s + start, i - start);
		i += sep - 1;
		start = i + 1;
	}
	ream_buf_free(&t);
	ream_buf_free(&u);
	return rc;
}

/*
 * Sets the DOI: the first of the words in o["doi"] that is one (the snapshot
 * may hold several).
 */
static int put_doi(ream_paper *p, const json_t *o)
{
	const char *s;
	size_t n, w;
	int rc;

	if (!(s = jstr(o, "doi", &n)))
		return REAM_OK;
	for (;;) {
		while (n && (is_space(*s) || *s == ',' || *s == ';'))
			s++, n--;
		if (n == 0)
			return REAM_OK;
		for (w = 0; w < n && !is_space(s[w]) && s[w] != ',' &&
			    s[w] != ';'; w++)
			;
		rc = ream_paper_set(p, REAM_F_DOI, s, w);
		if (rc != REAM_FORMAT)
			return rc;
		s += w;
		n -= w;
	}
}

/* Writes y-m-d, a day of the calendar, as YYYY-MM-DD to out. */
static void format_day(char out[11], int y, int m, int d)
{
	int i;

	for (i = 3; i >= 0; i--, y /= 10)
		out[i] = (char)('0' + y % 10);
	out[4] = out[7] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/*
 * Converts an RFC 2822 date, "Mon, 2 Apr 2007 19:18:42 GMT", to YYYY-MM-DD
 * in out. Returns 1 on success, 0 (out untouched) when s is none.
 */
static int rfc2822_day(const char *s, size_t n, char out[11])
{
	static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	size_t i = 0, j;
	int d = 0, m, y = 0;

	trim(&s, &n);
	for (j = 0; j < n && isalpha((unsigned char)s[j]); j++)
		;
	if (j < n && s[j] == ',')
		i = j + 1;	/* the day of the week */
	while (i < n && s[i] == ' ')
		i++;
	for (j = i; i < n && i - j < 2 && isdigit((unsigned char)s[i]); i++)
		d = d * 10 + (s[i] - '0');
	if (i == j || i + 5 > n || s[i] != ' ')
		return 0;
	i++;
	for (m = 0; m < 12; m++)
		if (strncasecmp(s + i, months + 3 * m, 3) == 0)
			break;
	i += 3;
	if (m == 12 || i >= n || s[i] != ' ')
		return 0;
	i++;
	for (j = i; i < n && i - j < 4 && isdigit((unsigned char)s[i]); i++)
		y = y * 10 + (s[i] - '0');
	if (i - j != 4 || (i < n && s[i] != ' ') || !valid_day(y, m + 1, d))
		return 0;
	format_day(out, y, m + 1, d);
	return 1;
}

/*
 * The version (last of "versions") and the day of the first, from
 * [{"version": "v1", "created": "Mon, 2 Apr 2007 ..."}, ...].
 */
static int put_versions(ream_paper *p, const json_t *o)
{
	const json_t *v = json_object_get(o, "versions");
	const char *s;
	char day[11];
	size_t n;
	int rc = REAM_OK;

	if (!json_is_array(v) || json_array_size(v) == 0)
		return REAM_OK;
	s = jstr(json_array_get(v, json_array_size(v) - 1), "version", &n);
	if (s && n > 1 && (s[0] == 'v' || s[0] == 'V') && digits(s + 1, n - 1))
		rc = put(p, REAM_F_ARXIV_VERSION, s + 1, n - 1);
	s = jstr(json_array_get(v, 0), "created", &n);
	if (rc == REAM_OK && s && rfc2822_day(s, n, day)) {
		rc = put(p, REAM_F_CREATED, day, 10);
		if (rc == REAM_OK)
			rc = put(p, REAM_F_DATE, day, 10);
	}
	return rc;
}

/* Sets the categories, and the primary one: the first. */
static int put_categories(snapshot *sn, ream_paper *p, const json_t *o)
{
	int rc = put_json(sn, p, REAM_F_CATEGORIES, o, "categories", 0);

	if (rc != REAM_OK || !sn->a.n)
		return rc;
	return put(p, REAM_F_PRIMARY_CAT, sn->a.s, word_len(sn->a.s, sn->a.n));
}

/*
 * Builds the paper of one snapshot object and emits it; a bad id is
 * reported and the record dropped. Returns emit's value or REAM_NOMEM.
 */
static int snapshot_record(snapshot *sn, const json_t *o, long line)
{
	ream_paper *p;
	const json_t *ap;
	const char *s;
	char day[11];
	size_t n;
	int rc;

	if (!(s = jstr(o, "id", &n))) {
		warnf(sn->r, line, "no \"id\" string in the object");
		return REAM_OK;
	}
	if (!(p = ream_paper_new()))
		return REAM_NOMEM;
	rc = ream_paper_set(p, REAM_F_ARXIV, s, n);
	if (rc == REAM_FORMAT) {
		warnf(sn->r, line, "not an arXiv id: %.*s", show(s, n), s);
		ream_paper_free(p);
		return REAM_OK;
	}
	if (rc == REAM_OK)
		rc = put_versions(p, o);
	if (rc == REAM_OK)
		rc = put_json(sn, p, REAM_F_TITLE, o, "title", 1);
	if (rc == REAM_OK)
		rc = put_json(sn, p, REAM_F_ABSTRACT, o, "abstract", 1);
	ap = json_object_get(o, "authors_parsed");
	if (rc == REAM_OK && json_is_array(ap) && json_array_size(ap))
		rc = authors_parsed(sn, p, ap);
	else if (rc == REAM_OK && (s = jstr(o, "authors", &n)))
		rc = authors_written(sn, p, s, n);
	if (rc == REAM_OK)
		rc = put_json(sn, p, REAM_F_COMMENTS, o, "comments", 0);
	if (rc == REAM_OK)
		rc = put_json(sn, p, REAM_F_VENUE, o, "journal-ref", 0);
	if (rc == REAM_OK)
		rc = put_doi(p, o);
	if (rc == REAM_OK)
		rc = put_extra(sn, p, o, "report-no");
	if (rc == REAM_OK)
		rc = put_extra(sn, p, o, "license");
	if (rc == REAM_OK)
		rc = put_extra(sn, p, o, "submitter");
	if (rc == REAM_OK)
		rc = put_categories(sn, p, o);
	s = jstr(o, "update_date", &n);
	if (rc == REAM_OK && s && ymd(s, n, day))
		rc = put(p, REAM_F_UPDATED, day, 10);
	if (rc == REAM_OK)
		rc = put(p, REAM_F_TYPE, "misc", 4);
	if (rc != REAM_OK) {
		ream_paper_free(p);
		return rc;
	}
	return emit(sn->r, p, line);
}

int ream_arxiv_json_read(FILE *f, ream_reader *r)
{
	lines l = { f, r, NULL, 0, 0 };
	snapshot sn;
	json_error_t e;
	json_t *o;
	const char *s;
	size_t n;
	int rc = REAM_OK;

	memset(&sn, 0, sizeof sn);
	sn.r = r;
	while (rc == REAM_OK && lines_next(&l, &s, &n, &rc)) {
		trim(&s, &n);
		if (n == 0)
			continue;
		if (n > JSON_LINE_MAX) {
			warnf(r, l.no, "line longer than %u bytes", JSON_LINE_MAX);
			continue;
		}
		if (!(o = json_loadb(s, n, 0, &e))) {
			warnf(r, l.no, "not JSON: %s (column %d)", e.text,
			      e.column);
			continue;
		}
		if (json_is_object(o))
			rc = snapshot_record(&sn, o, l.no);
		else
			warnf(r, l.no, "not a JSON object");
		json_decref(o);
	}
	free(l.s);
	ream_buf_free(&sn.a);
	ream_buf_free(&sn.b);
	ream_buf_free(&sn.c);
	return rc;
}
