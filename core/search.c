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
 * The tags also hold each title word again, marked (U+E000 and the
 * title's length class before it), so the papers with a word in a title
 * of a given length have a doclist of their own.
 *
 * Beside it, paper_vocab counts the papers each indexed word occurs in
 * (the tags apart, behind a 0x01 byte; keys not at all), so the cost of a
 * word or filter is known before it is searched, and the words a prefix
 * stands for can be listed without FTS5 reading all of their documents.
 *
 * A query is parsed here into an FTS5 expression built only of quoted
 * words, so user text can never be read as FTS5 syntax, and it reaches
 * SQL only through bound parameters.
 *
 * Ranking is BM25F (BM25 per column, weighted: title 10, authors 8,
 * abstract 1, meta 3), computed by ream_rank() with the paper counts of
 * paper_vocab, over a bounded set of candidates. A query that matches few
 * papers ranks them all. One that matches many ranks its newest matches
 * and its newest matches with a query word in the title, the papers BM25F
 * puts first; FTS5 reads them newest first and stops at the count, or at
 * a time limit for words frequent alone but rare together. The work per
 * query does not grow with the store. The word being typed is a prefix:
 * it becomes the words of the vocabulary it begins, all of them when they
 * are few, else the most frequent, which FTS5 reads lazily in rowid order,
 * where its own prefix query would first merge every document of every
 * such word.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "internal.h"

#define MAX_TERMS 16		/* terms a query may hold; the rest is ignored */
#define MAX_AND 6		/* plain words matched; the commonest left out */
#define MAX_YEARS 300		/* years a year:A..B filter may span */
#define DF_CAP 5000		/* rows counted for a phrase's frequency */

/* The candidates a query ranks. */
#define EXACT_MAX 3000		/* all matches, when at most this many */
#define NEWEST 1000		/* else the newest matches */
#define NEWEST_TIER 3000	/* and the newest with a word in the title */
#define TIME_DEFAULT 20		/* CPU ms a query may read for, about: */
#define TIME_TIER 0.25		/* this share of it for its title tier */
#define WALL_MAX 2		/* times that, on the wall clock, at most */
#define TIER_SHARE 0.05		/* matches with a word in the title, about */
#define WINDOW_WORK 50000	/* documents the first window may read */
#define LIST_SCAN 10000		/* papers checked for a query of exclusions */
#define LIST_WINDOW 4096	/* ... rowids at a time */

/* Prefixes. */
#define NATIVE_MAX 10000	/* papers FTS5's own prefix query may merge */
#define EXPAND_MAX 8		/* words a prefix may stand for */
#define EXPAND_SHORT 8		/* ... when it is one or two letters long */
#define HOT_DF 64		/* paper_vocab_hot holds words this frequent
				 * (the 64 in its SQL) */
#define HOT_SCAN 8192		/* frequent words read for one prefix */
#define COLD_SCAN 256		/* rare words read for one prefix */

/* The vocabulary's pending counts. */
#define VOCAB_TERM_MAX 64	/* longer tokens are not counted */
#define VOCAB_PENDING_MAX 262144 /* words held before they are written */

enum { COL_TITLE, COL_AUTHORS, COL_ABSTRACT, COL_META, COL_TAGS, NCOLS };

/* Marks a title's words in the tags (U+E000, a private use letter). */
#define TITLE_MARK "\xee\x80\x80"
/* Comes before the tags in paper_vocab: "\x01y2021" (no word begins so). */
#define TAG_KEY '\x01'

static const double col_weight[NCOLS] = { 10.0, 8.0, 1.0, 3.0, 0.0 };

int ream_index_create(sqlite3 *db)
{
	return sqlite3_exec(db,
		"CREATE VIRTUAL TABLE paper_fts USING fts5("
		"title, authors, abstract, meta, tags, content='',"
		" tokenize='unicode61 remove_diacritics 0')",
		NULL, NULL, NULL);
}

int ream_index_vocab_create(sqlite3 *db)
{
	/* From an existing index: fts5vocab counts a word's papers per
	 * column; the largest count stands for the paper count. */
	return sqlite3_exec(db,
		"CREATE TABLE paper_vocab(term TEXT PRIMARY KEY,"
		" df INTEGER NOT NULL) WITHOUT ROWID;"
		"CREATE INDEX paper_vocab_hot ON paper_vocab(term, df)"
		" WHERE df >= 64;"
		"CREATE VIRTUAL TABLE temp.ream_vocab_scan USING"
		" fts5vocab(main, paper_fts, col);"
		"INSERT INTO paper_vocab(term, df) SELECT term, max(doc) FROM"
		" temp.ream_vocab_scan WHERE col <> 'tags' AND length(term) <= 64"
		" GROUP BY term;"
		"INSERT INTO paper_vocab(term, df) SELECT char(1) || term, doc"
		" FROM temp.ream_vocab_scan WHERE col = 'tags'"
		" AND substr(term, 1, 1) <> char(57344) AND length(term) < 64;"
		"DROP TABLE temp.ream_vocab_scan;",
		NULL, NULL, NULL);
}

/* ---- The index's state per store ---------------------------------------- */

/* The statements search.c keeps prepared, by number. */
enum {
	ST_INSERT, ST_DELETE, ST_UPSERT, ST_PRUNE, ST_DF, ST_HOT, ST_COLD,
	ST_CAND, ST_CAND_ROW, ST_PAPER, ST_CITED, ST_NEWEST, ST_HAS, ST_TOP,
	ST_RANGE, ST_NEGWIN, NSTMT
};

static const char *const stmt_sql[NSTMT] = {
	"INSERT INTO paper_fts(rowid, title, authors, abstract, meta, tags)"
	" VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
	"INSERT INTO paper_fts(paper_fts, rowid, title, authors, abstract,"
	" meta, tags) VALUES('delete', ?1, ?2, ?3, ?4, ?5, ?6)",
	"INSERT INTO paper_vocab(term, df) VALUES(?1, ?2)"
	" ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
	"DELETE FROM paper_vocab WHERE term = ?1 AND df <= 0",
	"SELECT df FROM paper_vocab WHERE term = ?1",
	"SELECT term, df FROM paper_vocab INDEXED BY paper_vocab_hot"
	" WHERE term >= ?1 AND term < ?2 AND df >= 64 LIMIT 8192",
	"SELECT term, df FROM paper_vocab WHERE term >= ?1 AND term < ?2"
	" AND df < 64 LIMIT ?3",
	"SELECT rowid, ream_rank(paper_fts, ?2, ?3) FROM paper_fts"
	" WHERE paper_fts MATCH ?1 AND rowid >= ?5 AND rowid < ?6"
	" ORDER BY rowid DESC LIMIT ?4",
	"SELECT rowid, ream_rank(paper_fts, ?2, ?3) FROM paper_fts"
	" WHERE paper_fts MATCH ?1 AND rowid = ?5",
	"SELECT " REAM_STORE_COLUMNS " FROM paper WHERE id = ?1",
	"SELECT id FROM paper WHERE cited IS NOT NULL"
	" ORDER BY cited DESC, id DESC",
	"SELECT id FROM paper WHERE cited IS NULL ORDER BY id DESC",
	"SELECT 1 FROM paper_fts WHERE paper_fts MATCH ?1 AND rowid = ?2",
	"SELECT max(id) FROM paper",
	"SELECT term, df FROM paper_vocab WHERE term >= ?1 AND term <= ?2",
	"SELECT rowid FROM paper_fts WHERE paper_fts MATCH ?1 AND rowid >= ?2"
	" AND rowid < ?3 ORDER BY rowid DESC",
};

/*
 * Words indexed or removed since paper_vocab was last written, with the
 * change to their paper counts, in a hash table. The words live in an
 * arena; slots name them by offset.
 */
typedef struct vocab_slot {
	size_t off;		/* the word in the arena */
	uint32_t len;		/* 0: an empty slot */
	uint32_t hash;
	uint32_t doc;		/* the last paper that counted it */
	int32_t delta;
} vocab_slot;

struct ream_index {
	sqlite3_stmt *st[NSTMT];
	fts5_tokenizer tok;
	Fts5Tokenizer *inst;	/* NULL until the first paper is indexed */
	vocab_slot *slot;
	size_t cap, used;	/* cap: 0 or a power of two */
	ream_buf arena;
	uint32_t doc;		/* the paper being counted */
	int32_t delta;		/* +1 (indexed) or -1 (removed) */
	int tags;		/* counting the tags: TAG_KEY before each */
	int rc;			/* sticky: REAM_NOMEM */
};

/* The index state of s, made on first use; NULL when out of memory. */
static struct ream_index *index_of(ream_store *s)
{
	if (!s->index)
		s->index = calloc(1, sizeof *s->index);
	return s->index;
}

/*
 * The prepared statement number n for s, reset and unbound when handed
 * back with stmt_done. Returns an SQLite code; *st is NULL on failure.
 */
static int stmt(ream_store *s, int n, sqlite3_stmt **st)
{
	struct ream_index *x = index_of(s);
	int rc;

	*st = NULL;
	if (!x)
		return SQLITE_NOMEM;
	if (!x->st[n] && (rc = sqlite3_prepare_v3(s->db, stmt_sql[n], -1,
			  SQLITE_PREPARE_PERSISTENT, &x->st[n], NULL)) !=
	    SQLITE_OK)
		return rc;
	*st = x->st[n];
	return SQLITE_OK;
}

static void stmt_done(sqlite3_stmt *st)
{
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
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

static void vocab_clear(struct ream_index *x)
{
	if (x->cap)
		memset(x->slot, 0, x->cap * sizeof *x->slot);
	x->used = 0;
	ream_buf_reset(&x->arena);
	x->rc = REAM_OK;
}

void ream_index_close(ream_store *s)
{
	struct ream_index *x = s ? s->index : NULL;
	int i;

	if (!x)
		return;
	for (i = 0; i < NSTMT; i++)
		sqlite3_finalize(x->st[i]);
	if (x->inst)
		x->tok.xDelete(x->inst);
	free(x->slot);
	ream_buf_free(&x->arena);
	free(x);
	s->index = NULL;
}

void ream_index_rollback(ream_store *s)
{
	if (s && s->index)
		vocab_clear(s->index);
}

/* ---- Counting words ------------------------------------------------------ */

static uint32_t word_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Doubles the table. Returns REAM_OK or REAM_NOMEM. */
static int vocab_grow(struct ream_index *x)
{
	size_t cap = x->cap ? x->cap * 2 : 4096, i, k;
	vocab_slot *slot = calloc(cap, sizeof *slot);

	if (!slot)
		return REAM_NOMEM;
	for (i = 0; i < x->cap; i++) {
		if (!x->slot[i].len)
			continue;
		for (k = x->slot[i].hash & (cap - 1); slot[k].len;
		     k = (k + 1) & (cap - 1))
			;
		slot[k] = x->slot[i];
	}
	free(x->slot);
	x->slot = slot;
	x->cap = cap;
	return REAM_OK;
}

/* FTS5's tokenizer callback: counts token t[0..n) once per paper. */
static int vocab_token(void *ud, int flags, const char *t, int n, int start,
		       int end)
{
	struct ream_index *x = ud;
	uint32_t h;
	size_t k;

	(void)flags;
	(void)start;
	(void)end;
	if (n <= 0 || n > VOCAB_TERM_MAX || x->rc != REAM_OK)
		return SQLITE_OK;
	if (x->tags) {
		/* y2021, catcs: under TAG_KEY, apart from the words; the
		 * marked title words not at all. */
		char tag[VOCAB_TERM_MAX + 1];

		if (n >= 3 && memcmp(t, TITLE_MARK, 3) == 0)
			return SQLITE_OK;
		tag[0] = TAG_KEY;
		memcpy(tag + 1, t, (size_t)n);
		x->tags = 0;
		vocab_token(x, flags, tag, n + 1, start, end);
		x->tags = 1;
		return SQLITE_OK;
	}
	if ((x->used + 1) * 2 > x->cap && (x->rc = vocab_grow(x)) != REAM_OK)
		return SQLITE_OK;
	h = word_hash(t, (size_t)n);
	for (k = h & (x->cap - 1); x->slot[k].len; k = (k + 1) & (x->cap - 1)) {
		vocab_slot *e = &x->slot[k];

		if (e->hash == h && e->len == (uint32_t)n &&
		    memcmp(x->arena.s + e->off, t, (size_t)n) == 0) {
			if (e->doc != x->doc) {
				e->doc = x->doc;
				e->delta += x->delta;
			}
			return SQLITE_OK;
		}
	}
	x->slot[k].off = x->arena.n;
	ream_buf_add(&x->rc, &x->arena, t, (size_t)n);
	if (x->rc != REAM_OK)
		return SQLITE_OK;
	x->slot[k].len = (uint32_t)n;
	x->slot[k].hash = h;
	x->slot[k].doc = x->doc;
	x->slot[k].delta = x->delta;
	x->used++;
	return SQLITE_OK;
}

/*
 * Counts the words of cols[0..n) (texts as indexed) for one paper, added
 * (delta 1) or removed (-1), with FTS5's own tokenizer so the words are
 * the index's; the tags' under TAG_KEY. Returns an SQLite code.
 */
static int vocab_count(ream_store *s, const ream_buf *cols, int n, int delta)
{
	struct ream_index *x = index_of(s);
	int i, rc = SQLITE_OK;

	if (!x)
		return SQLITE_NOMEM;
	if (!x->inst) {
		const char *args[2];
		fts5_api *api = fts5_of(s->db);
		void *ud = NULL;

		args[0] = "remove_diacritics";
		args[1] = "0";
		if (!api || api->xFindTokenizer(api, "unicode61", &ud,
						&x->tok) != SQLITE_OK)
			return SQLITE_ERROR;
		if ((rc = x->tok.xCreate(ud, args, 2, &x->inst)) != SQLITE_OK)
			return rc;
	}
	x->doc++;
	x->delta = delta;
	for (i = 0; i < n && rc == SQLITE_OK; i++) {
		x->tags = i == COL_TAGS;
		if (x->tags) {
			rc = x->tok.xTokenize(x->inst, x,
					      FTS5_TOKENIZE_DOCUMENT, cols[i].s,
					      (int)cols[i].n, vocab_token);
			x->tags = 0;
			continue;
		}
		const char *t = cols[i].s;
		size_t k = 0, start;

		/* ASCII the quick way, as unicode61 does it: runs of letters
		 * and digits (already lower case); the rest through it. */
		while (k < cols[i].n && !(t[k] & 0x80)) {
			while (k < cols[i].n && !isalnum((unsigned char)t[k]) &&
			       !(t[k] & 0x80))
				k++;
			start = k;
			while (k < cols[i].n && isalnum((unsigned char)t[k]))
				k++;
			if (k < cols[i].n && (t[k] & 0x80))
				break;	/* the word goes on in Unicode */
			if (k > start)
				vocab_token(x, 0, t + start, (int)(k - start),
					    0, 0);
		}
		if (k < cols[i].n) {
			/* From the start of the word Unicode is in. */
			while (k > 0 && isalnum((unsigned char)t[k - 1]))
				k--;
			rc = x->tok.xTokenize(x->inst, x,
					      FTS5_TOKENIZE_DOCUMENT, t + k,
					      (int)(cols[i].n - k), vocab_token);
		}
	}
	return rc != SQLITE_OK ? rc : x->rc != REAM_OK ? SQLITE_NOMEM
						       : SQLITE_OK;
}

/* The arena the slots being sorted name their words in (for qsort). */
static const char *sort_arena;

static int slot_cmp(const void *a, const void *b)
{
	const vocab_slot *x = *(const vocab_slot *const *)a;
	const vocab_slot *y = *(const vocab_slot *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(sort_arena + x->off, sort_arena + y->off, n);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

int ream_index_flush(ream_store *s)
{
	struct ream_index *x = s->index;
	const vocab_slot **order;
	sqlite3_stmt *up = NULL, *prune = NULL;
	size_t i, n = 0;
	int rc;

	if (!x || !x->used)
		return SQLITE_OK;
	if (x->rc != REAM_OK ||
	    !(order = malloc(x->used * sizeof *order))) {
		vocab_clear(x);
		return SQLITE_NOMEM;
	}
	for (i = 0; i < x->cap; i++)
		if (x->slot[i].len && x->slot[i].delta)
			order[n++] = &x->slot[i];
	/* In key order the B-tree is written page after page. */
	sort_arena = x->arena.s;
	qsort(order, n, sizeof *order, slot_cmp);
	rc = stmt(s, ST_UPSERT, &up);
	for (i = 0; i < n && rc == SQLITE_OK; i++) {
		const vocab_slot *e = order[i];

		sqlite3_bind_text(up, 1, x->arena.s + e->off, (int)e->len,
				  SQLITE_STATIC);
		sqlite3_bind_int(up, 2, e->delta);
		rc = sqlite3_step(up);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		sqlite3_reset(up);
		if (rc != SQLITE_OK || e->delta > 0)
			continue;
		if (!prune && (rc = stmt(s, ST_PRUNE, &prune)) != SQLITE_OK)
			break;
		sqlite3_bind_text(prune, 1, x->arena.s + e->off, (int)e->len,
				  SQLITE_STATIC);
		rc = sqlite3_step(prune);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		sqlite3_reset(prune);
	}
	stmt_done(up);
	stmt_done(prune);
	free(order);
	vocab_clear(x);
	return rc;
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

/* The title length class of a title of n words: 'a' (shortest) to 'd'. */
static char title_class(size_t n)
{
	return n <= 7 ? 'a' : n <= 9 ? 'b' : n <= 11 ? 'c' : 'd';
}

/*
 * Appends to b the words of folded title t[0..n), each behind TITLE_MARK
 * and its length class: "\uE000agraph \uE000atheory". Bytes past ASCII
 * count as letters.
 */
static void add_marked(int *rc, ream_buf *b, const char *t, size_t n)
{
	size_t i, words = 0;
	int in = 0;
	char mark[8];

	for (i = 0; i < n; i++) {
		int letter = isalnum((unsigned char)t[i]) || (t[i] & 0x80);

		words += letter && !in;
		in = letter;
	}
	snprintf(mark, sizeof mark, "%s%c", TITLE_MARK, title_class(words));
	for (i = 0, in = 0; i < n; i++) {
		int letter = isalnum((unsigned char)t[i]) || (t[i] & 0x80);

		if (letter && !in)
			ream_buf_adds(rc, b, mark);
		in = letter;
		ream_buf_addc(rc, b, letter ? t[i] : ' ');
	}
	ream_buf_addc(rc, b, ' ');
}

/*
 * Fills the five column texts of p; *keyend is where the key's words end
 * in the meta column (they are not counted in paper_vocab: one word a
 * paper, no prefix needs them listed).
 */
static void index_text(int *rc, ream_buf cols[NCOLS], const ream_paper *p,
		       size_t *keyend)
{
	const char *v;
	size_t i;

	add_folded(rc, &cols[COL_TITLE], p, REAM_F_TITLE);
	/* The title's words again, marked, in the tags: titles alone. */
	add_marked(rc, &cols[COL_TAGS], cols[COL_TITLE].s, cols[COL_TITLE].n);
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
	*keyend = cols[COL_META].n;
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
	ream_buf cols[NCOLS] = {{0}}, meta;
	sqlite3_stmt *st;
	size_t keyend = 0;
	int rc = REAM_OK, i;

	index_text(&rc, cols, p, &keyend);
	if (rc != REAM_OK) {
		for (i = 0; i < NCOLS; i++)
			ream_buf_free(&cols[i]);
		return SQLITE_NOMEM;
	}
	/* The words counted: all but the key's. */
	meta = cols[COL_META];
	if (keyend) {
		cols[COL_META].s += keyend;
		cols[COL_META].n -= keyend;
	}
	rc = vocab_count(s, cols, NCOLS, del ? -1 : 1);
	cols[COL_META] = meta;
	if (rc == SQLITE_OK)
		rc = stmt(s, del ? ST_DELETE : ST_INSERT, &st);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, rowid);
		for (i = 0; i < NCOLS; i++)
			sqlite3_bind_text(st, i + 2, cols[i].s ? cols[i].s : "",
					  (int)cols[i].n, SQLITE_STATIC);
		rc = sqlite3_step(st);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		stmt_done(st);
	}
	for (i = 0; i < NCOLS; i++)
		ream_buf_free(&cols[i]);
	/* Outside a transaction each write stands alone; inside, the counts
	 * wait for the commit (ream_store_end) unless there are too many. */
	if (rc == SQLITE_OK &&
	    (!s->in_tx || s->index->used > VOCAB_PENDING_MAX))
		rc = ream_index_flush(s);
	return rc;
}

/* ---- Ranking ----------------------------------------------------------- */

/*
 * What ream_rank computes once per query and keeps: per phrase its group
 * (the words a query term stands for; -1: not scored) and per group its
 * inverse document frequency.
 */
typedef struct rank_data {
	int nphrase, ngroup;
	double avgdl[NCOLS];
	signed char *group;
	double *idf;
	double *tf;		/* scratch: per group, per column */
} rank_data;

typedef struct count_ctx {
	int64_t n, cap;
	int64_t last;
} count_ctx;

static int count_cb(const Fts5ExtensionApi *api, Fts5Context *fts, void *ud)
{
	count_ctx *c = ud;

	c->last = api->xRowid(fts);
	return ++c->n >= c->cap ? SQLITE_DONE : SQLITE_OK;
}

/* The idf of a phrase in n of nrow papers (BM25's, kept positive). */
static double idf_of(double n, double nrow)
{
	if (n > nrow)
		n = nrow;
	return log((nrow - n + 0.5) / (n + 0.5) + 1.0);
}

/*
 * Counts the papers phrase i matches, in rowid order up to cap; past it,
 * extrapolated from the rowid the cap was reached at, as if matches were
 * spread evenly. Returns its idf in *idf.
 */
static int count_idf(const Fts5ExtensionApi *api, Fts5Context *fts, int i,
		     int64_t cap, double nrow, double *idf)
{
	count_ctx c = {0, cap, 0};
	double df;
	int rc = api->xQueryPhrase(fts, i, &c, count_cb);

	df = (double)c.n;
	/* Rowids run from 1 to about the row count. */
	if (rc == SQLITE_OK && c.n >= cap && c.last > 0)
		df = (double)cap * nrow / (double)c.last;
	*idf = idf_of(df, nrow);
	return rc;
}

/*
 * Sets up the per-query part of BM25F. With no arguments every phrase is
 * its own group, its papers counted all; else val[0] is a blob of one
 * signed byte per phrase (its group, -1 not scored; phrases past its end
 * are not scored) and val[1] a blob of doubles, each group's paper count
 * (NaN: count its first phrase's, up to DF_CAP).
 */
static rank_data *rank_setup(const Fts5ExtensionApi *api, Fts5Context *fts,
			     int nval, sqlite3_value **val, int *rc)
{
	rank_data *d;
	sqlite3_int64 nrow = 0, tot;
	int i, g, nphrase = api->xPhraseCount(fts), ngroup;
	const signed char *gv = NULL;
	const double *iv = NULL;
	int ng = 0;
	size_t size;

	*rc = api->xRowCount(fts, &nrow);
	if (*rc != SQLITE_OK)
		return NULL;
	if (nrow < 1)
		nrow = 1;
	if (nval >= 2) {
		ng = sqlite3_value_bytes(val[0]);
		gv = sqlite3_value_blob(val[0]);
		iv = sqlite3_value_blob(val[1]);
		ngroup = sqlite3_value_bytes(val[1]) / (int)sizeof(double);
		if (!gv || !iv)
			ng = ngroup = 0;
	} else {
		ngroup = nphrase;
	}
	size = sizeof *d + sizeof(double) * ((size_t)ngroup + 1) * (NCOLS + 1)
	       + (size_t)nphrase + 1;
	if (!(d = sqlite3_malloc64(size))) {
		*rc = SQLITE_NOMEM;
		return NULL;
	}
	memset(d, 0, size);
	d->nphrase = nphrase;
	d->ngroup = ngroup;
	d->idf = (double *)(void *)(d + 1);
	d->tf = d->idf + ngroup + 1;
	d->group = (signed char *)(d->tf + (size_t)(ngroup + 1) * NCOLS);
	for (i = 0; i < NCOLS; i++) {
		tot = 0;
		api->xColumnTotalSize(fts, i, &tot);
		d->avgdl[i] = (double)tot / (double)nrow;
		if (d->avgdl[i] < 1)
			d->avgdl[i] = 1;
	}
	for (i = 0; i < nphrase; i++) {
		g = gv ? (i < ng ? gv[i] : -1) : i;
		d->group[i] = (signed char)(g < ngroup ? g : -1);
	}
	for (g = 0; g < ngroup && *rc == SQLITE_OK; g++) {
		double df = NAN;

		if (iv)
			memcpy(&df, iv + g, sizeof df);
		if (!isnan(df)) {
			d->idf[g] = idf_of(df, (double)nrow);
			continue;
		}
		for (i = 0; i < nphrase; i++)
			if (d->group[i] == g) {
				*rc = count_idf(api, fts, i,
						iv ? DF_CAP : INT64_MAX,
						(double)nrow, &d->idf[g]);
				break;
			}
	}
	if (*rc != SQLITE_OK) {
		sqlite3_free(d);
		return NULL;
	}
	return d;
}

/*
 * ream_rank(paper_fts [, groups, counts]): the BM25F score of the current
 * row, larger is better: for each column, its weight (col_weight) times
 * the BM25 of each group's hits there (k1 = 1.2, b = 0.75, the column's
 * length against its average), so a short title that has the word counts
 * most. See rank_setup for the arguments.
 */
static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
		    sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	const double k1 = 1.2, b = 0.75;
	rank_data *d = api->xGetAuxdata(fts, 0);
	double score = 0, norm, f;
	int rc = SQLITE_OK, len, ph, col, off, g;

	if (!d) {
		d = rank_setup(api, fts, nval, val, &rc);
		if (rc == SQLITE_OK)
			rc = api->xSetAuxdata(fts, d, sqlite3_free);
		if (rc != SQLITE_OK) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
	}
	/* Each scored phrase's hits, phrase by phrase: cheaper than xInst,
	 * which sorts every phrase's hits, those not scored too. */
	memset(d->tf, 0, sizeof(double) * (size_t)d->ngroup * NCOLS);
	for (ph = 0; ph < d->nphrase && rc == SQLITE_OK; ph++) {
		Fts5PhraseIter it;

		if ((g = d->group[ph]) < 0)
			continue;
		rc = api->xPhraseFirst(fts, ph, &it, &col, &off);
		for (; rc == SQLITE_OK && col >= 0;
		     api->xPhraseNext(fts, &it, &col, &off))
			if (col < NCOLS)
				d->tf[g * NCOLS + col] += 1;
	}
	for (col = 0; rc == SQLITE_OK && col < NCOLS; col++) {
		if (col_weight[col] == 0)
			continue;
		len = 0;
		rc = api->xColumnSize(fts, col, &len);
		norm = k1 * (1 - b + b * (double)len / d->avgdl[col]);
		for (g = 0; g < d->ngroup; g++)
			if ((f = d->tf[g * NCOLS + col]) > 0)
				score += col_weight[col] * d->idf[g] * f *
					 (k1 + 1) / (f + norm);
	}
	if (rc != SQLITE_OK)
		sqlite3_result_error_code(ctx, rc);
	else
		sqlite3_result_double(ctx, score);
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

/* The columns each filter searches. */
static const char *const filter_cols[] = {
	"title authors abstract meta", "authors", "title", "tags", "tags",
	"meta", NULL
};

/* One term of a query, as parsed. */
typedef struct qterm {
	int filter, neg, prefix;
	int lo, hi;		/* year:lo..hi */
	char *words;		/* its words, folded, space separated; for
				 * cat:, its tag */
	char *expr;		/* its FTS5 expression */
} qterm;

struct ream_query {
	ream_buf pos;		/* FTS5 expression all results match */
	ream_buf neg;		/* FTS5 expression no result matches */
	qterm term[MAX_TERMS];
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

/*
 * Records term e (its FTS5 expression) and joins it to the AND (positive)
 * or OR (negative) list, unless the query has it already.
 */
static void add_expr(int *rc, ream_query *q, int filter, int neg, int prefix,
		     const char *words, const char *e)
{
	ream_buf *b = neg ? &q->neg : &q->pos;
	qterm *t;
	int i;

	for (i = 0; i < q->nterms; i++)
		if (q->term[i].neg == neg && strcmp(q->term[i].expr, e) == 0)
			return;
	t = &q->term[q->nterms];
	t->filter = filter;
	t->neg = neg;
	t->prefix = prefix;
	t->words = words ? ream_strndup(words, strlen(words)) : NULL;
	t->expr = ream_strndup(e, strlen(e));
	if (!t->expr || (words && !t->words)) {
		free(t->words);
		free(t->expr);
		*rc = REAM_NOMEM;
		return;
	}
	q->nterms++;
	if (b->n)
		ream_buf_adds(rc, b, neg ? " OR " : " AND ");
	ream_buf_adds(rc, b, e);
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
	ream_buf words = {0}, e = {0};
	int lo = 0, hi = 0, y;

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
		prefix = 0;
		break;
	case FILTER_CAT:
		/* A whole category or archive: catcs has every cs.* paper. */
		ream_buf_adds(rc, &words, "cat");
		ream_text_ascii(rc, &words, v, n);
		prefix = 0;
		add_phrase(rc, &e, filter_cols[filter], words.s, 0);
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
			prefix = 1;
		}
		if (words.n)
			add_phrase(rc, &e, filter_cols[filter], words.s,
				   prefix);
		break;
	}
	if (*rc == REAM_OK && e.n) {
		int had = q->nterms;

		add_expr(rc, q, filter, neg, prefix, words.n ? words.s : NULL,
			 e.s);
		if (q->nterms > had && filter == FILTER_YEAR) {
			q->term[had].lo = lo;
			q->term[had].hi = hi;
		}
	}
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
	int i;

	if (!q)
		return;
	for (i = 0; i < q->nterms; i++) {
		free(q->term[i].words);
		free(q->term[i].expr);
	}
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

/* ---- Planning: what a query costs and how to bound it --------------------- */

/*
 * The expressions a search runs and how ream_rank scores them. base is
 * what every result matches: each term's phrases, a typed prefix as the
 * words it stands for. tier is base's words in titles and authors, OR'd.
 * neg is what no result matches.
 */
typedef struct plan {
	ream_buf base, tier, neg;
	ream_buf group;		/* per phrase of base: its group, or -1 */
	double df[MAX_TERMS];	/* per group, papers; NaN: ream_rank counts */
	int ngroup;
	int nfilter;		/* year: and cat: filters (not scored) */
	double est;		/* at most about this many papers match */
	double work;		/* documents FTS5 reads to match them all */
	double tier_df;		/* the papers of the word tier stands for */
} plan;

static void plan_free(plan *p)
{
	ream_buf_free(&p->base);
	ream_buf_free(&p->tier);
	ream_buf_free(&p->neg);
	ream_buf_free(&p->group);
}

/* Papers with word w[0..n) (0 when it is not indexed), or -1 on error. */
static int64_t word_df(ream_store *s, const char *w, size_t n)
{
	sqlite3_stmt *st;
	int64_t df = 0;
	int rc;

	if (stmt(s, ST_DF, &st) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, w, (int)n, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		df = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		df = -1;
	stmt_done(st);
	return df;
}

/* The words of the vocabulary a prefix stands for. */
typedef struct expansion {
	char *word[EXPAND_MAX];
	int64_t df[EXPAND_MAX];
	int n;
	int few;		/* all its words are known, and few papers */
	double sum;		/* papers of the words found, summed */
} expansion;

static void expansion_free(expansion *x)
{
	int i;

	for (i = 0; i < x->n; i++)
		free(x->word[i]);
	x->n = 0;
}

static int expansion_add(expansion *x, const unsigned char *w, int n,
			 int64_t df)
{
	if (!(x->word[x->n] = ream_strndup((const char *)w, (size_t)n)))
		return SQLITE_NOMEM;
	x->df[x->n++] = df;
	return SQLITE_OK;
}

/*
 * Lists the words that begin with p[0..n): the frequent ones (df >=
 * HOT_DF) from paper_vocab_hot, most frequent first, then the others in
 * order, up to max in all. Sets x->few when they are in so few papers
 * that FTS5's own prefix query is cheap.
 */
static int expand(ream_store *s, const char *p, size_t n, int max,
		  expansion *x)
{
	char hi[VOCAB_TERM_MAX + 2];
	sqlite3_stmt *st;
	int64_t hot_df[EXPAND_MAX];
	const unsigned char *w;
	int rc, nhot = 0, nread = 0, ncold = 0, i, j;
	double hot_sum = 0;

	memset(x, 0, sizeof *x);
	if (n > VOCAB_TERM_MAX)
		return SQLITE_OK;	/* no such word is counted */
	/* Every word beginning with p sorts before p + 0xf5 (no UTF-8 byte
	 * is as large). */
	memcpy(hi, p, n);
	hi[n] = (char)0xf5;
	if ((rc = stmt(s, ST_HOT, &st)) != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, p, (int)n, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, (int)n + 1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t df = sqlite3_column_int64(st, 1);

		nread++;
		hot_sum += (double)df;
		w = sqlite3_column_text(st, 0);
		/* Keep the max most frequent, in order. */
		for (i = nhot; i > 0 && hot_df[i - 1] < df; i--)
			;
		if (i >= max)
			continue;
		if (nhot == max) {
			free(x->word[nhot - 1]);
			nhot--;
		}
		for (j = nhot; j > i; j--) {
			x->word[j] = x->word[j - 1];
			hot_df[j] = hot_df[j - 1];
		}
		if (!(x->word[i] = ream_strndup((const char *)w,
				(size_t)sqlite3_column_bytes(st, 0)))) {
			rc = SQLITE_NOMEM;
			break;
		}
		hot_df[i] = df;
		nhot++;
	}
	stmt_done(st);
	x->n = nhot;
	for (i = 0; i < nhot; i++)
		x->df[i] = hot_df[i];
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? SQLITE_OK : rc;
	x->sum = hot_sum;
	/* The rare words: up to the room left, and counted up to
	 * COLD_SCAN to know whether FTS5 can merge them all. */
	if ((rc = stmt(s, ST_COLD, &st)) != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, p, (int)n, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, (int)n + 1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, hot_sum > NATIVE_MAX ? max + 1 : COLD_SCAN + 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t df = sqlite3_column_int64(st, 1);

		ncold++;
		x->sum += (double)df;
		if (x->n < max && (rc = expansion_add(x,
				sqlite3_column_text(st, 0),
				sqlite3_column_bytes(st, 0), df)) != SQLITE_OK)
			break;
	}
	stmt_done(st);
	if (rc != SQLITE_DONE)
		return rc;
	x->few = nread < HOT_SCAN && ncold <= COLD_SCAN &&
		 x->sum <= NATIVE_MAX;
	return SQLITE_OK;
}

/* Appends to b phrase words (space separated) with its last word as w. */
static void phrase_with_last(int *rc, ream_buf *b, const char *words,
			     const char *w)
{
	const char *sp = strrchr(words, ' ');

	ream_buf_addc(rc, b, '"');
	if (sp)
		ream_buf_add(rc, b, words, (size_t)(sp - words) + 1);
	ream_buf_adds(rc, b, w);
	ream_buf_addc(rc, b, '"');
}

/*
 * Appends to b FTS5 phrases body (quoted words, OR, brackets) with every
 * word marked as a title's of length class c: "graph theory" ->
 * "\uE000cgraph \uE000ctheory".
 */
static void mark_phrases(int *rc, ream_buf *b, const char *body, char c)
{
	int quoted = 0;

	if (*rc != REAM_OK)
		return;	/* body may be NULL: its append failed */
	for (; *body; body++) {
		if (*body == '"')
			quoted = !quoted;
		ream_buf_addc(rc, b, *body);
		if (quoted && (*body == '"' || *body == ' ') &&
		    body[1] != '"') {
			ream_buf_adds(rc, b, TITLE_MARK);
			ream_buf_addc(rc, b, c);
		}
	}
}

/*
 * Writes to b the expression of filter t (year: or cat:), *nph its
 * phrases and *df the papers that pass it: a year range as the years the
 * store has (none: a year it lacks). Returns an SQLite code.
 */
static int plan_filter(ream_store *s, const qterm *t, ream_buf *b, int *nph,
		       double *df)
{
	char lo[16], hi[16];
	sqlite3_stmt *st;
	int rc, erc = REAM_OK;
	int64_t n;

	*nph = 0;
	*df = 0;
	if (t->filter == FILTER_CAT) {
		/* Its words: the tag, catcslg. */
		char key[VOCAB_TERM_MAX + 1];
		size_t k = strlen(t->words);

		ream_buf_adds(&erc, b, t->expr);
		*nph = 1;
		if (k < VOCAB_TERM_MAX) {
			key[0] = TAG_KEY;
			memcpy(key + 1, t->words, k);
			if ((n = word_df(s, key, k + 1)) < 0)
				return SQLITE_ERROR;
			*df = (double)n;
		}
		return erc == REAM_OK ? SQLITE_OK : SQLITE_NOMEM;
	}
	snprintf(lo, sizeof lo, "%cy%04d", TAG_KEY, t->lo);
	snprintf(hi, sizeof hi, "%cy%04d", TAG_KEY, t->hi);
	if ((rc = stmt(s, ST_RANGE, &st)) != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	ream_buf_addc(&erc, b, '(');
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *y = (const char *)sqlite3_column_text(st, 0);

		if (sqlite3_column_bytes(st, 0) != 6)
			continue;	/* a year of five digits */
		ream_buf_printf(&erc, b, "%s{tags} : \"%s\"",
				*nph ? " OR " : "", y + 1);
		(*nph)++;
		*df += (double)sqlite3_column_int64(st, 1);
	}
	stmt_done(st);
	if (!*nph) {
		ream_buf_printf(&erc, b, "{tags} : \"%s\"", lo + 1);
		*nph = 1;
	}
	ream_buf_addc(&erc, b, ')');
	if (rc != SQLITE_DONE)
		return rc;
	return erc == REAM_OK ? SQLITE_OK : SQLITE_NOMEM;
}

/*
 * 1 when a word of words (space separated; the last a prefix when prefix)
 * could be a tag, or begin one: y2021, catcslg.
 */
static int tag_like(const char *words, int prefix)
{
	while (*words) {
		size_t n = strcspn(words, " ");
		int last = words[n] == '\0';

		if (words[0] == 'y' && strspn(words + 1, "0123456789") == n - 1)
			return 1;
		if (n >= 3 ? strncmp(words, "cat", 3) == 0
			   : last && prefix && strncmp("cat", words, n) == 0)
			return 1;
		words += n;
		words += *words == ' ';
	}
	return 0;
}

/*
 * Adds term t to plan p: to base (or neg) as phrases scored as one group,
 * and to tier. last: t is the query's last positive term, whose prefix may
 * stand for many words; other prefixes stay prefixes only while cheap, and
 * are whole words otherwise. Returns an SQLite code.
 */
static int plan_term(ream_store *s, plan *p, const qterm *t, int last)
{
	ream_buf *b = t->neg ? &p->neg : &p->base, body = {0};
	const char *w;
	double df = INFINITY, wdf = 0, other = 0;
	expansion x;
	int rc = REAM_OK, src, nph = 1, i, g = -1, counted = 0;
	int how = 0;	/* words; a prefix as typed, expanded, as a word */

	memset(&x, 0, sizeof x);
	if (t->filter == FILTER_YEAR || t->filter == FILTER_CAT) {
		/* Filters: tags, not scored. */
		if ((src = plan_filter(s, t, &body, &nph, &df)) != SQLITE_OK) {
			ream_buf_free(&body);
			return src;
		}
		if (b->n)
			ream_buf_adds(&rc, b, t->neg ? " OR " : " AND ");
		ream_buf_add(&rc, b, body.s, body.n);
		for (i = 0; !t->neg && i < nph; i++)
			ream_buf_addc(&rc, &p->group, (char)-1);
		if (!t->neg) {
			p->work += df;
			p->nfilter++;
			p->est = df < p->est ? df : p->est;
		}
		ream_buf_free(&body);
		return rc == REAM_OK ? SQLITE_OK : SQLITE_NOMEM;
	}
	w = strrchr(t->words, ' ');
	w = w ? w + 1 : t->words;
	/* Every whole word bounds the matches. */
	for (i = 0; t->words[i];) {
		size_t k = strcspn(t->words + i, " ");

		if (!t->prefix || t->words + i != w) {
			if ((wdf = (double)word_df(s, t->words + i, k)) < 0)
				return SQLITE_ERROR;
			df = wdf < df ? wdf : df;
			other += wdf;
		}
		i += (int)k;
		i += t->words[i] == ' ';
	}
	if (t->prefix) {
		size_t wn = strlen(w);

		src = expand(s, w, wn, !last || t->neg ? 0
			     : wn <= 2 ? EXPAND_SHORT : EXPAND_MAX, &x);
		if (src != SQLITE_OK) {
			expansion_free(&x);
			return src;
		}
	}
	if (!t->prefix || x.few) {
		/* A word, a phrase, or a cheap prefix: as typed. */
		how = t->prefix;
		add_phrase(&rc, &body, NULL, t->words, t->prefix);
		if (t->prefix)
			df = x.sum < df ? x.sum : df;
		counted = t->filter != FILTER_NONE || t->prefix ||
			  strchr(t->words, ' ');
	} else if (last && !t->neg && x.n) {
		/* A prefix of many papers: its most frequent words. */
		how = 2;
		ream_buf_addc(&rc, &body, '(');
		for (i = 0; i < x.n; i++) {
			if (i)
				ream_buf_adds(&rc, &body, " OR ");
			phrase_with_last(&rc, &body, t->words, x.word[i]);
		}
		ream_buf_addc(&rc, &body, ')');
		nph = x.n;
		df = x.sum < df ? x.sum : df;
	} else {
		/* Any other costly prefix: the word as it is. */
		how = 3;
		add_phrase(&rc, &body, NULL, t->words, 0);
		if ((wdf = (double)word_df(s, w, strlen(w))) < 0)
			rc = REAM_ERROR;
		df = wdf < df ? wdf : df;
		counted = t->filter != FILTER_NONE || strchr(t->words, ' ');
	}
	if (b->n)
		ream_buf_adds(&rc, b, t->neg ? " OR " : " AND ");
	/* Words are in every column but the tags: without a column filter
	 * FTS5 reads less, when no word could be a tag. */
	if (t->filter != FILTER_NONE || tag_like(t->words, t->prefix))
		ream_buf_printf(&rc, b, "{%s} : ", filter_cols[t->filter]);
	ream_buf_add(&rc, b, body.s, body.n);
	if (!t->neg) {
		if (p->ngroup < MAX_TERMS) {
			g = p->ngroup++;
			/* BM25 counts the papers a phrase matches in its
			 * columns; paper_vocab counts a word's papers in
			 * any. Other phrases ream_rank counts itself. */
			p->df[g] = counted ? NAN : df;
		}
		for (i = 0; i < nph; i++)
			ream_buf_addc(&rc, &p->group, (char)g);
		if (df < p->est)
			p->est = df;
		/* The same phrases, in titles: the rarest word's (its title
		 * weighs most); not for a prefix of one letter. */
		if (t->filter == FILTER_NONE && df < p->tier_df &&
		    !(how == 2 && strlen(w) <= 1)) {
			p->tier_df = df;
			ream_buf_reset(&p->tier);
			ream_buf_add(&rc, &p->tier, body.s, body.n);
		}
		/* What FTS5 reads: each phrase, its words' documents. */
		p->work += (double)nph * other;
		p->work += how == 1 ? x.sum : how == 3 ? wdf : 0;
		for (i = 0; how == 2 && i < x.n; i++)
			p->work += (double)x.df[i];
	}
	expansion_free(&x);
	ream_buf_free(&body);
	return rc == REAM_OK ? SQLITE_OK : rc == REAM_NOMEM ? SQLITE_NOMEM
							     : SQLITE_ERROR;
}

/*
 * The papers of the rarest whole word of t (a plain word or phrase, no
 * filter, no prefix), or -1 when t is not such a term or on error.
 */
static double term_df(ream_store *s, const qterm *t)
{
	double df = INFINITY, wdf;
	const char *w;

	if (t->neg || t->prefix || t->filter != FILTER_NONE || !t->words)
		return -1;
	for (w = t->words; *w;) {
		size_t k = strcspn(w, " ");

		if ((wdf = (double)word_df(s, w, k)) < 0)
			return -1;
		df = wdf < df ? wdf : df;
		w += k;
		w += *w == ' ';
	}
	return df;
}

/* The plain words of a query by their papers, fewest first, then in order. */
typedef struct ranked_term {
	double df;
	int i;
} ranked_term;

static int ranked_cmp(const void *a, const void *b)
{
	const ranked_term *x = a, *y = b;

	if (x->df != y->df)
		return x->df < y->df ? -1 : 1;
	return x->i - y->i;
}

/*
 * Plans query q into p (freed by plan_free). Of more than MAX_AND plain
 * words, the commonest are left out: in almost every paper, they would
 * rule out almost none, and FTS5 reads all of their documents (sixteen
 * words of most abstracts took it a third of a second on 10,000 papers).
 * Returns an SQLite code.
 */
static int plan_make(ream_store *s, const ream_query *q, plan *p)
{
	ranked_term r[MAX_TERMS];
	char skip[MAX_TERMS] = {0};
	int i, n = 0, rc = SQLITE_OK, last = -1;
	double df;

	memset(p, 0, sizeof *p);
	p->est = p->tier_df = INFINITY;
	for (i = 0; i < q->nterms; i++) {
		if (!q->term[i].neg)
			last = i;
		if ((df = term_df(s, &q->term[i])) >= 0) {
			r[n].df = df;
			r[n++].i = i;
		}
	}
	if (n > MAX_AND) {
		qsort(r, (size_t)n, sizeof r[0], ranked_cmp);
		for (i = MAX_AND; i < n; i++)
			skip[r[i].i] = 1;
	}
	for (i = 0; i < q->nterms && rc == SQLITE_OK; i++)
		if (!skip[i])
			rc = plan_term(s, p, &q->term[i], i == last);
	return rc;
}

/* ---- Searching --------------------------------------------------------- */

/* A paper that may be a result, and its score. */
typedef struct cand {
	int64_t rowid;
	double score;
} cand;

typedef struct cands {
	cand *v;
	size_t n, cap;
} cands;

static int cand_cmp(const void *a, const void *b)
{
	const cand *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->rowid < y->rowid) - (x->rowid > y->rowid);
}

/*
 * Adds to c the newest limit papers with rowids in [from, below) that
 * match expr, scored (or the paper idrow only, when not 0); *found: how
 * many. Returns an SQLite code.
 */
static int collect(ream_store *s, const plan *p, const char *expr,
		   size_t limit, int64_t from, int64_t below, int64_t idrow,
		   cands *c, size_t *found)
{
	sqlite3_stmt *st;
	int rc;

	*found = 0;
	if ((rc = stmt(s, idrow ? ST_CAND_ROW : ST_CAND, &st)) != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, p->group.s ? p->group.s : "", (int)p->group.n,
			  SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, p->df, (int)(sizeof p->df[0] * (size_t)
			  p->ngroup), SQLITE_STATIC);
	if (idrow) {
		sqlite3_bind_int64(st, 5, idrow);
	} else {
		sqlite3_bind_int64(st, 4, (int64_t)limit);
		sqlite3_bind_int64(st, 5, from);
		sqlite3_bind_int64(st, 6, below);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 1024;
			cand *v = realloc(c->v, cap * sizeof *v);

			if (!v) {
				rc = SQLITE_NOMEM;
				break;
			}
			c->v = v;
			c->cap = cap;
		}
		c->v[c->n].rowid = sqlite3_column_int64(st, 0);
		c->v[c->n].score = sqlite3_column_double(st, 1);
		c->n++;
		(*found)++;
	}
	stmt_done(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The largest rowid of a paper (0 when none), or -1 on error. */
static int64_t top_rowid(ream_store *s)
{
	sqlite3_stmt *st;
	int64_t top = -1;

	if (stmt(s, ST_TOP, &st) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		top = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return top;
}

/*
 * A clock's time in ms. A search is allowed its own CPU time
 * (CLOCK_THREAD_CPUTIME_ID), the same on a machine busy with other programs
 * (whose wall time would cut it short) as on an idle one; the wall clock
 * (CLOCK_MONOTONIC) caps what waiting for the disk or the CPU costs.
 */
static double ms_of(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

#define now_ms() ms_of(CLOCK_THREAD_CPUTIME_ID)
#define wall_ms() ms_of(CLOCK_MONOTONIC)

/*
 * Adds to c the newest limit matches of expr from rowid from up, reading
 * back from the newest paper (top) in windows of rowids: the first one
 * large enough to hold limit matches if the query matched p->est papers
 * evenly spread (but where FTS5 reads at most WINDOW_WORK documents of
 * the query's words), each next one eight times larger, until limit are found,
 * or until the next window would take the time spent past *budget
 * milliseconds, at the rate the last one went: a query whose words are
 * frequent but rarely together ("a b c" quoted) stops there, where FTS5
 * alone would read every document of its words. *budget is charged the
 * time taken. It also stops once WALL_MAX times the budget has passed on
 * the wall clock: pages read from a cold disk cost little CPU, and on a
 * machine busy with other programs a search's CPU time comes slowly. *full is 1
 * when limit were found; *reached: the rowid it read back to. Returns an
 * SQLite code.
 */
static int collect_newest(ream_store *s, const plan *p, const char *expr,
			  size_t limit, int64_t top, int64_t from,
			  double *budget, cands *c, int *full,
			  int64_t *reached)
{
	double d = p->est < (double)top ? p->est / (double)top : 1;
	double w = (double)limit / d * 1.25, t0 = now_ms(), t, rate;
	double wall = wall_ms() + *budget * WALL_MAX;
	double u = p->work / (double)top;	/* documents read a rowid */

	/* The first window reads no more than WINDOW_WORK documents. */
	if (u > 0 && w * u > WINDOW_WORK)
		w = WINDOW_WORK / u;
	int64_t below = top + 1, lo;
	size_t n = 0, found;
	int rc = SQLITE_OK;

	*full = 0;
	for (;;) {
		lo = w < (double)(top - from) ? top - (int64_t)w : from;
		t = now_ms();
		rc = collect(s, p, expr, limit - n, lo, below, 0, c, &found);
		t = now_ms() - t;
		n += found;
		*reached = lo;
		if (rc != SQLITE_OK || n >= limit || lo <= from)
			break;
		/* The next window, as far back as the time left allows. */
		rate = t / (double)(below - lo);
		t = *budget - (now_ms() - t0);
		if (t <= 0 || wall_ms() > wall)
			break;
		below = lo;
		if (rate * w * 7 > t)
			w += t / rate;
		else
			w *= 8;
	}
	*budget -= now_ms() - t0;
	*full = n >= limit;
	return rc;
}

/* 1 when the key of p begins with prefix k, in any case. */
static int key_matches(const ream_paper *p, const char *k)
{
	const char *key = ream_paper_get(p, REAM_F_KEY);

	return key && strncasecmp(key, k, strlen(k)) == 0;
}

/*
 * Takes paper rowid as a result when it passes the key: filter (NULL: any):
 * skipped while *skip is not 0 (counting it down), else appended to l
 * (counting *got up). Returns a ream_rc.
 */
static int take(ream_store *s, int64_t rowid, const char *key, ream_list *l,
		size_t *skip, size_t *got, char **err)
{
	sqlite3_stmt *st;
	ream_paper *p = NULL;
	int rc;

	if (!key && *skip) {
		(*skip)--;
		return REAM_OK;
	}
	if ((rc = stmt(s, ST_PAPER, &st)) != SQLITE_OK)
		return ream_store_error(s, rc, "cannot search", err);
	sqlite3_bind_int64(st, 1, rowid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && !(p = ream_store_row(st)))
		rc = SQLITE_NOMEM;
	stmt_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		ream_paper_free(p);
		return rc == SQLITE_NOMEM
			       ? ream_seterr(err, REAM_NOMEM, "ream: out of memory")
			       : ream_store_error(s, rc, "cannot search", err);
	}
	if (!p || (key && !key_matches(p, key)) || *skip) {
		if (p && *skip)
			(*skip)--;
		ream_paper_free(p);
		return REAM_OK;
	}
	if (ream_list_push(l, p) != REAM_OK)
		return ream_seterr(err, REAM_NOMEM, "ream: out of memory");
	(*got)++;
	return REAM_OK;
}

/*
 * A ranked search: the candidates of plan p (see the top of the file),
 * best first, from offset o->offset, at most o->limit that pass the key:
 * filter, appended to l. Returns a ream_rc.
 */
static int search_ranked(ream_store *s, const ream_query *q, const plan *p,
			 int64_t idrow, const ream_search_opts *o,
			 ream_list *l, char **err)
{
	ream_buf e = {0};
	cands c = {0};
	size_t want = o->offset + o->limit, i, skip = o->offset, got = 0;
	size_t limit = p->est <= EXACT_MAX ? EXACT_MAX : NEWEST, found;
	double time = o->time_ms ? o->time_ms : TIME_DEFAULT;
	double budget = time * (1 - TIME_TIER);
	int64_t top = 0, reached = 0;
	int rc = REAM_OK, src, full = 0;

	if (limit < want)
		limit = want;
	if (p->neg.n)
		ream_buf_printf(&rc, &e, "(%s) NOT (%s)", p->base.s, p->neg.s);
	else
		ream_buf_adds(&rc, &e, p->base.s);
	if (rc != REAM_OK)
		return ream_seterr(err, rc, "ream: out of memory");
	if (idrow)
		src = collect(s, p, e.s, 1, 0, INT64_MAX, idrow, &c, &found);
	else if ((top = top_rowid(s)) < 0)
		src = SQLITE_ERROR;
	else
		src = collect_newest(s, p, e.s, limit, top, 0, &budget, &c,
				     &full, &reached);
	if (src == SQLITE_OK && full && p->tier.n) {
		/* Many match: also those with the query's rarest word in a
		 * short title, where BM25F's best are: the shortest titles
		 * first (an impact order), the newest of each, up to
		 * NEWEST_TIER in the time left. */
		plan tp = *p;
		size_t have = c.n;
		char cls;

		tp.est = p->est * TIER_SHARE / 4;
		budget += time * TIME_TIER;
		for (cls = 'a'; cls <= 'd' && src == SQLITE_OK &&
		     c.n - have < NEWEST_TIER && budget > 0; cls++) {
			ream_buf_reset(&e);
			ream_buf_printf(&rc, &e, "(%s) AND (", p->base.s);
			mark_phrases(&rc, &e, p->tier.s, cls);
			ream_buf_addc(&rc, &e, ')');
			if (p->neg.n)
				ream_buf_printf(&rc, &e, " NOT (%s)", p->neg.s);
			src = rc != REAM_OK ? SQLITE_NOMEM
			      : collect_newest(s, &tp, e.s, NEWEST_TIER -
					       (c.n - have), top, 0, &budget,
					       &c, &full, &reached);
		}
	}
	ream_buf_free(&e);
	if (src != SQLITE_OK) {
		free(c.v);
		return src == SQLITE_NOMEM
			       ? ream_seterr(err, REAM_NOMEM, "ream: out of memory")
			       : ream_store_error(s, src, "cannot search", err);
	}
	if (c.n)
		qsort(c.v, c.n, sizeof *c.v, cand_cmp);
	for (i = 0; i < c.n && got < o->limit && rc == REAM_OK; i++)
		if (!i || c.v[i].rowid != c.v[i - 1].rowid)	/* once */
			rc = take(s, c.v[i].rowid, q->key, l, &skip, &got,
				  err);
	free(c.v);
	return rc;
}

/*
 * 1 when paper rowid matches the FTS5 expression e, 0 when not, or a
 * negative SQLite code.
 */
static int matches(ream_store *s, const char *e, int64_t rowid)
{
	sqlite3_stmt *st;
	int rc = stmt(s, ST_HAS, &st);

	if (rc != SQLITE_OK)
		return -rc;
	sqlite3_bind_text(st, 1, e, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, rowid);
	rc = sqlite3_step(st);
	stmt_done(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -rc;
}

/*
 * The papers an exclusion matches, read in windows of rowids going down,
 * so the newest papers are checked against it with one FTS5 query per
 * LIST_WINDOW rowids, not one per paper.
 */
typedef struct excluded {
	const char *expr;
	int64_t lo;		/* the window: [lo, hi) */
	int64_t *v;		/* its matches, descending */
	size_t n, i, cap;
} excluded;

/* 1 when paper rowid (no larger than the last asked) matches x->expr, 0
 * when not, or a negative SQLite code. */
static int excluded_has(ream_store *s, excluded *x, int64_t rowid)
{
	sqlite3_stmt *st;
	int rc;

	if (rowid < x->lo || !x->v) {
		int64_t hi = rowid + 1;

		x->lo = hi > LIST_WINDOW ? hi - LIST_WINDOW : 0;
		x->n = x->i = 0;
		if ((rc = stmt(s, ST_NEGWIN, &st)) != SQLITE_OK)
			return -rc;
		sqlite3_bind_text(st, 1, x->expr, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, x->lo);
		sqlite3_bind_int64(st, 3, hi);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (x->n == x->cap) {
				size_t cap = x->cap ? 2 * x->cap : 256;
				int64_t *v = realloc(x->v, cap * sizeof *v);

				if (!v) {
					rc = SQLITE_NOMEM;
					break;
				}
				x->v = v;
				x->cap = cap;
			}
			x->v[x->n++] = sqlite3_column_int64(st, 0);
		}
		stmt_done(st);
		if (rc != SQLITE_DONE)
			return -rc;
		if (!x->v && !(x->v = malloc(sizeof *x->v)))
			return -SQLITE_NOMEM;
	}
	while (x->i < x->n && x->v[x->i] > rowid)
		x->i++;
	return x->i < x->n && x->v[x->i] == rowid;
}

/*
 * A query with no word to match: the papers cited last, then the newest,
 * that match none of the exclusions (among at most LIST_SCAN papers) and
 * pass the key: and id: filters. Returns a ream_rc.
 */
static int search_list(ream_store *s, const ream_query *q, const plan *p,
		       int64_t idrow, const ream_search_opts *o, ream_list *l,
		       char **err)
{
	excluded x;
	size_t skip = o->offset, got = 0, seen = 0;
	int pass, rc = REAM_OK, src = SQLITE_OK, m;

	memset(&x, 0, sizeof x);
	x.expr = p->neg.s;
	for (pass = 0; pass < 2 && got < o->limit && rc == REAM_OK; pass++) {
		sqlite3_stmt *st = NULL;

		if (idrow && pass == 1)
			break;
		if (!idrow && (src = stmt(s, pass ? ST_NEWEST : ST_CITED,
					  &st)) != SQLITE_OK)
			break;
		for (;;) {
			int64_t rowid;

			if (idrow) {
				rowid = idrow;
			} else {
				if ((src = sqlite3_step(st)) != SQLITE_ROW)
					break;
				rowid = sqlite3_column_int64(st, 0);
			}
			if (p->neg.n && ++seen > LIST_SCAN)
				break;
			/* The cited, few and in no rowid order, one by one;
			 * the newest by windows. */
			m = !p->neg.n ? 0 : pass ? excluded_has(s, &x, rowid)
						 : matches(s, p->neg.s, rowid);
			if (m < 0) {
				src = -m;
				break;
			}
			if (!m)
				rc = take(s, rowid, q->key, l, &skip, &got, err);
			if (idrow || rc != REAM_OK || got >= o->limit)
				break;
		}
		stmt_done(st);
		if (src == SQLITE_ROW || src == SQLITE_DONE)
			src = SQLITE_OK;
		if (src != SQLITE_OK)
			break;
	}
	free(x.v);
	if (rc == REAM_OK && src != SQLITE_OK)
		rc = src == SQLITE_NOMEM
			     ? ream_seterr(err, REAM_NOMEM, "ream: out of memory")
			     : ream_store_error(s, src, "cannot search", err);
	return rc;
}

int ream_search(ream_store *s, const char *qs, size_t n,
		const ream_search_opts *opts, ream_list **out, char **err)
{
	ream_search_opts o = { 20, 0, 0 };
	ream_query *q = NULL;
	ream_list *l = NULL;
	int64_t idrow = 0;
	plan p;
	int rc = REAM_OK, src;

	*out = NULL;
	memset(&p, 0, sizeof p);
	if (opts)
		o = *opts;
	if (o.limit == 0)
		o.limit = 20;
	if (o.limit > 100000)
		o.limit = 100000;
	if (o.offset > 1000000)
		o.offset = 1000000;
	if (o.time_ms > 60000)
		o.time_ms = 60000;
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
	if ((src = plan_make(s, q, &p)) != SQLITE_OK) {
		rc = src == SQLITE_NOMEM
			     ? ream_seterr(err, REAM_NOMEM, "ream: out of memory")
			     : ream_store_error(s, src, "cannot search", err);
		goto done;
	}
	if (p.base.n)
		rc = search_ranked(s, q, &p, idrow, &o, l, err);
	else
		rc = search_list(s, q, &p, idrow, &o, l, err);
done:
	plan_free(&p);
	ream_query_free(q);
	if (rc != REAM_OK) {
		ream_list_free(l);
		return rc;
	}
	*out = l;
	return REAM_OK;
}
