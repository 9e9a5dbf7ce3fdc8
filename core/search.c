/*
 * search.c: the search index, the query language and the ranking.
 *
 * The index is a contentless FTS5 table over text ream folds itself (case,
 * accents, TeX already decoded), so Müller, MÜLLER and M{\"u}ller match
 * alike. Its columns:
 *
 *   title, authors, abstract    the paper's own words
 *   meta                        key, venue, keywords, comments, ids
 *   tags                        y2021, catcs, catcslg: filters as tokens
 *
 * A query is parsed here into an FTS5 expression built only of quoted
 * words, so user text can never be read as FTS5 syntax, and it reaches
 * SQL only through bound parameters.
 *
 * Ranking is BM25 computed by ream_rank(), our own FTS5 auxiliary function,
 * over a bounded set of candidates: the newest matches in rowid order, so
 * the cost of a query does not grow with the number of papers that match a
 * common word. A phrase's document frequency is counted up to a cap and
 * extrapolated past it.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define MAX_TERMS 64		/* words a query may hold; the rest is ignored */
#define MAX_YEARS 300		/* years a year:A..B filter may span */
#define CANDIDATES 2000		/* matches ranked per query, newest first */
#define DF_CAP 20000		/* rows counted for a phrase's frequency */

enum { COL_TITLE, COL_AUTHORS, COL_ABSTRACT, COL_META, COL_TAGS, NCOLS };

static const double col_weight[NCOLS] = { 10.0, 8.0, 1.0, 3.0, 0.0 };

int ream_index_create(sqlite3 *db)
{
	return sqlite3_exec(db,
		"CREATE VIRTUAL TABLE paper_fts USING fts5("
		"title, authors, abstract, meta, tags, content='',"
		" tokenize='unicode61 remove_diacritics 0')",
		NULL, NULL, NULL);
}

/* ---- What is indexed --------------------------------------------------- */

/* Appends category cat[0..n) as tags: catcs and catcslg for cs.LG. */
static void add_category(int *rc, ream_buf *b, const char *cat, size_t n)
{
	size_t dot = 0;

	while (dot < n && cat[dot] != '.')
		dot++;
	ream_buf_adds(rc, b, " cat");
	ream_text_ascii(rc, b, cat, dot);
	if (dot < n) {
		ream_buf_adds(rc, b, " cat");
		ream_text_ascii(rc, b, cat, n);
	}
}

/* Appends field f of p folded, followed by a space. */
static void add_folded(int *rc, ream_buf *b, const ream_paper *p, ream_field f)
{
	const char *v = ream_paper_get(p, f);

	if (v) {
		ream_text_fold(rc, b, v, strlen(v), NULL);
		ream_buf_addc(rc, b, ' ');
	}
}

/* Fills the five column texts of p. */
static void index_text(int *rc, ream_buf cols[NCOLS], const ream_paper *p)
{
	const char *v;
	size_t i;

	add_folded(rc, &cols[COL_TITLE], p, REAM_F_TITLE);
	for (i = 0; i < ream_paper_author_count(p); i++) {
		const char *fam, *giv;

		ream_paper_author(p, i, &fam, &giv, NULL);
		if (giv) {
			ream_text_fold(rc, &cols[COL_AUTHORS], giv, strlen(giv),
				       NULL);
			ream_buf_addc(rc, &cols[COL_AUTHORS], ' ');
		}
		ream_text_fold(rc, &cols[COL_AUTHORS], fam, strlen(fam), NULL);
		ream_buf_adds(rc, &cols[COL_AUTHORS], " ; ");
	}
	add_folded(rc, &cols[COL_ABSTRACT], p, REAM_F_ABSTRACT);
	add_folded(rc, &cols[COL_META], p, REAM_F_KEY);
	add_folded(rc, &cols[COL_META], p, REAM_F_VENUE);
	add_folded(rc, &cols[COL_META], p, REAM_F_KEYWORDS);
	add_folded(rc, &cols[COL_META], p, REAM_F_COMMENTS);
	add_folded(rc, &cols[COL_META], p, REAM_F_ARXIV);
	add_folded(rc, &cols[COL_META], p, REAM_F_DOI);
	if (ream_paper_year(p)) {
		ream_buf_printf(rc, &cols[COL_META], "%d ", ream_paper_year(p));
		ream_buf_printf(rc, &cols[COL_TAGS], "y%d", ream_paper_year(p));
	}
	if ((v = ream_paper_get(p, REAM_F_CATEGORIES))) {
		while (*v) {
			size_t n = strcspn(v, " ");

			if (n)
				add_category(rc, &cols[COL_TAGS], v, n);
			v += n;
			v += strspn(v, " ");
		}
	}
	ream_buf_addc(rc, &cols[COL_TAGS], ' ');
}

int ream_index_update(ream_store *s, int64_t rowid, const ream_paper *p,
		      int del)
{
	static const char insert_sql[] =
		"INSERT INTO paper_fts(rowid, title, authors, abstract, meta,"
		" tags) VALUES(?1, ?2, ?3, ?4, ?5, ?6)";
	static const char delete_sql[] =
		"INSERT INTO paper_fts(paper_fts, rowid, title, authors,"
		" abstract, meta, tags) VALUES('delete', ?1, ?2, ?3, ?4, ?5, ?6)";
	ream_buf cols[NCOLS] = {{0}};
	sqlite3_stmt *st;
	int rc = REAM_OK, i;

	index_text(&rc, cols, p);
	if (rc != REAM_OK) {
		for (i = 0; i < NCOLS; i++)
			ream_buf_free(&cols[i]);
		return SQLITE_NOMEM;
	}
	rc = ream_stmt(s, del ? delete_sql : insert_sql, &st);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, rowid);
		for (i = 0; i < NCOLS; i++)
			sqlite3_bind_text(st, i + 2, cols[i].s ? cols[i].s : "",
					  (int)cols[i].n, SQLITE_STATIC);
		rc = sqlite3_step(st);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		ream_stmt_done(st);
	}
	for (i = 0; i < NCOLS; i++)
		ream_buf_free(&cols[i]);
	return rc;
}

/* ---- Ranking ----------------------------------------------------------- */

/* What ream_rank computes once per query and keeps. */
typedef struct rank_data {
	int nphrase;
	double avgdl[NCOLS];
	double *idf;
} rank_data;

typedef struct count_ctx {
	int64_t n;
	int64_t last;
} count_ctx;

static int count_cb(const Fts5ExtensionApi *api, Fts5Context *fts, void *ud)
{
	count_ctx *c = ud;

	c->last = api->xRowid(fts);
	return ++c->n >= DF_CAP ? SQLITE_DONE : SQLITE_OK;
}

/*
 * Computes the per-query part of BM25: average column lengths and each
 * phrase's inverse document frequency. A phrase's matches are counted in
 * rowid order up to DF_CAP; past it, the count is extrapolated from the
 * rowid the cap was reached at, as if matches were spread evenly.
 */
static rank_data *rank_setup(const Fts5ExtensionApi *api, Fts5Context *fts,
			     int *rc)
{
	rank_data *d;
	sqlite3_int64 nrow = 0, tot;
	int i;

	*rc = api->xRowCount(fts, &nrow);
	if (*rc != SQLITE_OK)
		return NULL;
	if (nrow < 1)
		nrow = 1;
	d = sqlite3_malloc(sizeof *d);
	if (!d) {
		*rc = SQLITE_NOMEM;
		return NULL;
	}
	d->nphrase = api->xPhraseCount(fts);
	d->idf = sqlite3_malloc64(sizeof(double) * (size_t)(d->nphrase + 1));
	if (!d->idf) {
		sqlite3_free(d);
		*rc = SQLITE_NOMEM;
		return NULL;
	}
	for (i = 0; i < NCOLS; i++) {
		tot = 0;
		api->xColumnTotalSize(fts, i, &tot);
		d->avgdl[i] = (double)tot / (double)nrow;
		if (d->avgdl[i] < 1)
			d->avgdl[i] = 1;
	}
	for (i = 0; i < d->nphrase && *rc == SQLITE_OK; i++) {
		count_ctx c = {0, 0};
		double df;

		*rc = api->xQueryPhrase(fts, i, &c, count_cb);
		df = (double)c.n;
		if (c.n >= DF_CAP && c.last > 0)
			df = (double)DF_CAP * (double)nrow / (double)c.last;
		if (df > (double)nrow)
			df = (double)nrow;
		d->idf[i] = log(((double)nrow - df + 0.5) / (df + 0.5) + 1.0);
	}
	if (*rc != SQLITE_OK) {
		sqlite3_free(d->idf);
		sqlite3_free(d);
		return NULL;
	}
	return d;
}

static void rank_free(void *p)
{
	rank_data *d = p;

	if (d) {
		sqlite3_free(d->idf);
		sqlite3_free(d);
	}
}

/*
 * ream_rank(paper_fts): the BM25 score of the current row (k1 = 1.2,
 * b = 0.75) with column weights, larger is better. Phrases whose column
 * weight is 0 (the filter tags) add nothing.
 */
static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
		    sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	const double k1 = 1.2, b = 0.75;
	rank_data *d = api->xGetAuxdata(fts, 0);
	double local[64 * NCOLS], *tf = local, score = 0;
	int rc = SQLITE_OK, ninst = 0, i, ph, col, off;
	size_t ntf;

	(void)nval;
	(void)val;
	if (!d) {
		d = rank_setup(api, fts, &rc);
		if (rc == SQLITE_OK)
			rc = api->xSetAuxdata(fts, d, rank_free);
		if (rc != SQLITE_OK) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
	}
	/* Term frequencies, phrase by column, from one pass over the hits. */
	ntf = (size_t)d->nphrase * NCOLS;
	if (ntf > sizeof local / sizeof local[0] &&
	    !(tf = sqlite3_malloc64(sizeof(double) * ntf))) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	memset(tf, 0, sizeof(double) * ntf);
	rc = api->xInstCount(fts, &ninst);
	for (i = 0; i < ninst && rc == SQLITE_OK; i++) {
		rc = api->xInst(fts, i, &ph, &col, &off);
		if (rc == SQLITE_OK && ph >= 0 && ph < d->nphrase &&
		    col >= 0 && col < NCOLS)
			tf[ph * NCOLS + col] += 1.0;
	}
	for (col = 0; rc == SQLITE_OK && col < NCOLS; col++) {
		int len = 0;
		double norm;

		if (col_weight[col] == 0)
			continue;
		rc = api->xColumnSize(fts, col, &len);
		norm = k1 * (1 - b + b * (double)len / d->avgdl[col]);
		for (ph = 0; ph < d->nphrase; ph++) {
			double f = tf[ph * NCOLS + col];

			if (f > 0)
				score += col_weight[col] * d->idf[ph] * f *
					 (k1 + 1) / (f + norm);
		}
	}
	if (tf != local)
		sqlite3_free(tf);
	if (rc != SQLITE_OK)
		sqlite3_result_error_code(ctx, rc);
	else
		sqlite3_result_double(ctx, score);
}

/* Finds the FTS5 API of db (NULL when FTS5 is missing). */
static fts5_api *fts5_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) !=
	    SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

int ream_index_register(sqlite3 *db)
{
	fts5_api *api = fts5_of(db);

	if (!api)
		return SQLITE_ERROR;
	return api->xCreateFunction(api, "ream_rank", NULL, rank_fn, NULL);
}

/* ---- The query language ------------------------------------------------ */

enum { FILTER_NONE, FILTER_AUTHOR, FILTER_TITLE, FILTER_YEAR, FILTER_CAT,
       FILTER_KEY, FILTER_ID };

static const char *const filter_names[] = {
	"", "author", "title", "year", "cat", "key", "id", NULL
};

struct ream_query {
	ream_buf pos;		/* FTS5 expression all results match */
	ream_buf neg;		/* FTS5 expression no result matches */
	int nterms;
	int blank;		/* the query is empty or white space */
	int impossible;		/* a filter no paper can pass (year:abc) */
	char *key;		/* key: prefix, checked on the rows */
	char *id;		/* id: key, arXiv id or DOI */
};

/* The filter named s[0..n) (before a colon), or FILTER_NONE. */
static int filter_lookup(const char *s, size_t n)
{
	int i;

	for (i = 1; filter_names[i]; i++)
		if (strlen(filter_names[i]) == n &&
		    strncasecmp(filter_names[i], s, n) == 0)
			return i;
	return FILTER_NONE;
}

/* Appends one FTS5 phrase of the words in w (space separated). */
static void add_phrase(int *rc, ream_buf *b, const char *col, const char *w,
		       int prefix)
{
	if (col)
		ream_buf_printf(rc, b, "{%s} : ", col);
	ream_buf_addc(rc, b, '"');
	ream_buf_adds(rc, b, w);	/* letters and digits only: no quote */
	ream_buf_addc(rc, b, '"');
	if (prefix)
		ream_buf_addc(rc, b, '*');
}

/* Joins expression e to the AND (positive) or OR (negative) list. */
static void add_expr(int *rc, ream_query *q, int neg, const char *e)
{
	ream_buf *b = neg ? &q->neg : &q->pos;

	if (b->n)
		ream_buf_adds(rc, b, neg ? " OR " : " AND ");
	ream_buf_adds(rc, b, e);
	q->nterms++;
}

/*
 * The number written v[0..n), or -1 unless it is 1 to 9 digits. Not atoi:
 * v is not NUL-terminated, and atoi overflows.
 */
static int year_number(const char *v, size_t n)
{
	int y = 0;
	size_t i;

	if (n == 0 || n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)v[i]))
			return -1;
		y = y * 10 + (v[i] - '0');
	}
	return y;
}

/* Parses year:2021, year:2019..2023, year:2019.. or year:..2023. */
static int parse_years(const char *v, size_t n, int *lo, int *hi)
{
	const char *dots = NULL;
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if (v[i] == '.' && v[i + 1] == '.') {
			dots = v + i;
			break;
		}
	if (!dots)
		return n == 4 && (*lo = *hi = year_number(v, n)) >= 0;
	*lo = dots > v ? year_number(v, (size_t)(dots - v)) : 1000;
	*hi = (size_t)(dots + 2 - v) < n
	      ? year_number(dots + 2, n - (size_t)(dots + 2 - v)) : 9999;
	if (*lo < 0 || *hi < 0 || *lo > *hi)
		return 0;
	if (*hi - *lo >= MAX_YEARS) {
		if (dots == v)
			*lo = *hi - MAX_YEARS + 1;
		else
			*hi = *lo + MAX_YEARS - 1;
	}
	return 1;
}

/* Adds one term: text v[0..n) with its filter, sign and prefix flag. */
static void add_term(int *rc, ream_query *q, int filter, int neg,
		     const char *v, size_t n, int prefix)
{
	static const char *const cols[] = {
		"title authors abstract meta", "authors", "title", "tags",
		"tags", "meta", NULL
	};
	ream_buf words = {0}, e = {0};
	int lo, hi, y;

	if (q->nterms >= MAX_TERMS)
		return;
	switch (filter) {
	case FILTER_ID:
		if (!neg && !q->id)
			q->id = ream_strndup(v, n);
		return;
	case FILTER_YEAR:
		if (!parse_years(v, n, &lo, &hi)) {
			if (!neg)
				q->impossible = 1;
			return;
		}
		ream_buf_addc(rc, &e, '(');
		for (y = lo; y <= hi; y++)
			ream_buf_printf(rc, &e, "%s{tags} : \"y%d\"",
					y > lo ? " OR " : "", y);
		ream_buf_addc(rc, &e, ')');
		break;
	case FILTER_CAT:
		ream_buf_adds(rc, &words, "cat");
		ream_text_ascii(rc, &words, v, n);
		add_phrase(rc, &e, cols[filter], words.s, prefix);
		break;
	case FILTER_KEY:
		/* Checked on the rows; its words are in the meta column. */
		if (!neg && !q->key)
			q->key = ream_strndup(v, n);
		/* fall through */
	default:
		if (filter != FILTER_KEY) {
			/* M{\"u}ller finds Müller. */
			ream_buf tex = {0};

			ream_tex_decode(rc, &tex, v, n);
			ream_text_words(rc, &words, tex.s ? tex.s : "", tex.n);
			ream_buf_free(&tex);
		} else {
			ream_text_words(rc, &words, v, n);
		}
		if (words.n)
			add_phrase(rc, &e, cols[filter], words.s,
				   prefix || filter == FILTER_KEY);
		break;
	}
	if (*rc == REAM_OK && e.n)
		add_expr(rc, q, neg, e.s);
	ream_buf_free(&words);
	ream_buf_free(&e);
}

/* 1 when a quoted term ends the query with its closing quote. */
static int quoted_closed(const char *s, size_t n, int quoted)
{
	return quoted && n > 0 && s[n - 1] == '"';
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\f' || c == '\v' || c == '\0';
}

/*
 * Parses a query. Never fails on any input but for memory: the result
 * holds what could be understood, and user text only as quoted words.
 * Returns REAM_OK and *out, or REAM_NOMEM (and *out = NULL).
 */
int ream_query_new(const char *s, size_t n, ream_query **out)
{
	ream_query *q = calloc(1, sizeof *q);
	size_t i = 0;
	int rc = REAM_OK;

	*out = NULL;
	if (!q)
		return REAM_NOMEM;
	q->blank = 1;
	while (i < n && rc == REAM_OK && q->nterms < MAX_TERMS) {
		size_t start, end, colon;
		int neg = 0, filter = FILTER_NONE, quoted = 0;

		while (i < n && is_space(s[i]))
			i++;
		if (i == n)
			break;
		q->blank = 0;
		if (s[i] == '-' && i + 1 < n && !is_space(s[i + 1])) {
			neg = 1;
			i++;
		}
		/* A filter name and its colon. */
		for (colon = i; colon < n && isalpha((unsigned char)s[colon]);
		     colon++)
			;
		if (colon < n && s[colon] == ':' &&
		    (filter = filter_lookup(s + i, colon - i)) != FILTER_NONE)
			i = colon + 1;
		if (i < n && s[i] == '"') {
			quoted = 1;
			start = ++i;
			while (i < n && s[i] != '"')
				i++;
			end = i;
			if (i < n)
				i++;	/* the closing quote */
		} else {
			start = i;
			while (i < n && !is_space(s[i]))
				i++;
			end = i;
		}
		/* The last word is still being typed unless punctuation or
		 * white space ended it ("C++", "word "). */
		if (end > start)
			add_term(&rc, q, filter, neg, s + start, end - start,
				 end == n && !quoted_closed(s, n, quoted) &&
				 (isalnum((unsigned char)s[n - 1]) ||
				  (unsigned char)s[n - 1] >= 0x80));
	}
	if (rc != REAM_OK) {
		ream_query_free(q);
		return rc;
	}
	*out = q;
	return REAM_OK;
}

void ream_query_free(ream_query *q)
{
	if (!q)
		return;
	ream_buf_free(&q->pos);
	ream_buf_free(&q->neg);
	free(q->key);
	free(q->id);
	free(q);
}

const char *ream_query_match(const ream_query *q)
{
	return q->pos.n ? q->pos.s : NULL;
}

/* ---- Searching --------------------------------------------------------- */

int ream_search(ream_store *s, const char *qs, size_t n,
		const ream_search_opts *opts, ream_list **out, char **err)
{
	ream_search_opts o = { 20, 0 };
	ream_query *q = NULL;
	ream_buf sql = {0};
	sqlite3_stmt *st = NULL;
	ream_list *l = NULL;
	int64_t idrow = 0;
	int rc = REAM_OK, src;

	*out = NULL;
	if (opts)
		o = *opts;
	if (o.limit == 0)
		o.limit = 20;
	if (o.limit > 100000)
		o.limit = 100000;
	if (o.offset > 1000000)
		o.offset = 1000000;
	if (!(l = ream_list_new()) || ream_query_new(qs ? qs : "", n, &q)) {
		rc = ream_seterr(err, REAM_NOMEM, "ream: out of memory");
		goto done;
	}
	if (q->impossible || (!q->blank && !q->pos.n && !q->neg.n &&
			      !q->id && !q->key))
		goto done;	/* nothing can match: an empty list */
	if (q->id) {
		if ((rc = ream_store_find(s, q->id, &idrow, err)) != REAM_OK)
			goto done;
		if (!idrow)
			goto done;
	}
	if (q->pos.n) {
		ream_buf_printf(&rc, &sql,
			"SELECT %s FROM (SELECT rowid AS rid,"
			" ream_rank(paper_fts) AS score FROM paper_fts"
			" WHERE paper_fts MATCH ?%d%s ORDER BY rowid DESC"
			" LIMIT %zu) JOIN paper ON paper.id = rid WHERE 1",
			REAM_STORE_COLUMNS, 1, idrow ? " AND rowid = ?3" : "",
			(size_t)CANDIDATES > o.offset + o.limit
				? (size_t)CANDIDATES : o.offset + o.limit);
	} else {
		ream_buf_printf(&rc, &sql, "SELECT %s FROM paper WHERE 1",
				REAM_STORE_COLUMNS);
		if (idrow)
			ream_buf_adds(&rc, &sql, " AND id = ?3");
	}
	if (q->neg.n)
		ream_buf_adds(&rc, &sql, " AND paper.id NOT IN (SELECT rowid"
			      " FROM paper_fts WHERE paper_fts MATCH ?2)");
	if (q->key)
		ream_buf_adds(&rc, &sql, " AND substr(lower(\"key\"), 1,"
			      " length(?4)) = lower(?4)");
	ream_buf_adds(&rc, &sql, q->pos.n
		      ? " ORDER BY score DESC, rid DESC LIMIT ?5 OFFSET ?6"
		      : " ORDER BY cited DESC NULLS LAST, id DESC"
			" LIMIT ?5 OFFSET ?6");
	if (rc != REAM_OK) {
		rc = ream_seterr(err, rc, "ream: out of memory");
		goto done;
	}
	src = sqlite3_prepare_v2(s->db, sql.s, (int)sql.n, &st, NULL);
	if (src != SQLITE_OK) {
		rc = ream_store_error(s, src, "cannot search", err);
		goto done;
	}
	if (q->pos.n)
		sqlite3_bind_text(st, 1, q->pos.s, (int)q->pos.n,
				  SQLITE_STATIC);
	if (q->neg.n)
		sqlite3_bind_text(st, 2, q->neg.s, (int)q->neg.n,
				  SQLITE_STATIC);
	if (idrow)
		sqlite3_bind_int64(st, 3, idrow);
	if (q->key)
		sqlite3_bind_text(st, 4, q->key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (int64_t)o.limit);
	sqlite3_bind_int64(st, 6, (int64_t)o.offset);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		ream_paper *p = ream_store_row(st);

		if (!p || ream_list_push(l, p) != REAM_OK) {
			rc = ream_seterr(err, REAM_NOMEM, "ream: out of memory");
			goto done;
		}
	}
	if (src != SQLITE_DONE)
		rc = ream_store_error(s, src, "cannot search", err);
done:
	sqlite3_finalize(st);
	ream_buf_free(&sql);
	ream_query_free(q);
	if (rc != REAM_OK) {
		ream_list_free(l);
		return rc;
	}
	*out = l;
	return REAM_OK;
}
