/*
 * import.c: reading a file into the store. Detects the format, runs its
 * reader, stores each paper, and commits batch by batch so an interrupted
 * import leaves whole batches only. Remembers each imported file (size,
 * modification time) so importing it again unchanged does nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "internal.h"

#define DEFAULT_BATCH 2000

typedef int (*reader_fn)(FILE *f, ream_reader *r);

static const struct {
	const char *name;
	reader_fn read;
} formats[REAM_FMT_COUNT] = {
	[REAM_FMT_AUTO] = { "auto", NULL },
	[REAM_FMT_ARXIV_LISTING] = { "listing", ream_arxiv_listing_read },
	[REAM_FMT_ARXIV_JSON] = { "arxiv-json", ream_arxiv_json_read },
	[REAM_FMT_BIBTEX] = { "bibtex", ream_bibtex_read },
	[REAM_FMT_CSLJSON] = { "csljson", ream_csl_read },
};

const char *ream_format_name(ream_format f)
{
	return (unsigned)f < REAM_FMT_COUNT ? formats[f].name : "unknown";
}

int ream_format_lookup(const char *name)
{
	static const struct {
		const char *alias;
		ream_format f;
	} aliases[] = {
		{ "arxiv-listing", REAM_FMT_ARXIV_LISTING },
		{ "arxiv", REAM_FMT_ARXIV_JSON },
		{ "json", REAM_FMT_ARXIV_JSON },
		{ "jsonl", REAM_FMT_ARXIV_JSON },
		{ "biblatex", REAM_FMT_BIBTEX },
		{ "bib", REAM_FMT_BIBTEX },
		{ "csl-json", REAM_FMT_CSLJSON },
		{ "csl", REAM_FMT_CSLJSON },
	};
	size_t i;

	for (i = 0; i < REAM_FMT_COUNT; i++)
		if (strcmp(formats[i].name, name) == 0)
			return (int)i;
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(aliases[i].alias, name) == 0)
			return (int)aliases[i].f;
	return -1;
}

/* 1 when some line of s[0..n) starts with prefix. */
static int has_line(const char *s, size_t n, const char *prefix)
{
	size_t m = strlen(prefix), i = 0;

	while (i < n) {
		if (n - i >= m && memcmp(s + i, prefix, m) == 0)
			return 1;
		while (i < n && s[i] != '\n')
			i++;
		i++;
	}
	return 0;
}

ream_format ream_format_detect(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
			 s[i] == '\n'))
		i++;
	if (i < n && s[i] == '[')
		return REAM_FMT_CSLJSON;
	if (i < n && s[i] == '{') {
		/* CSL-JSON objects carry "type"; arXiv's carry "id" first. */
		return REAM_FMT_ARXIV_JSON;
	}
	if (i < n && (s[i] == '@' || s[i] == '%') )
		return REAM_FMT_BIBTEX;
	if (has_line(s + i, n - i, "arXiv:") ||
	    has_line(s + i, n - i, "Abstract:"))
		return REAM_FMT_ARXIV_LISTING;
	if (has_line(s + i, n - i, "@"))
		return REAM_FMT_BIBTEX;
	return REAM_FMT_AUTO;
}

/* ---- The files imported before ----------------------------------------- */

/* 1 when path was imported with this size and mtime, 0 when not. */
static int source_unchanged(ream_store *s, const char *path, int64_t size,
			    int64_t mtime)
{
	sqlite3_stmt *st;
	int same = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM source WHERE path = ?1"
			       " AND size = ?2 AND mtime = ?3", -1, &st,
			       NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, size);
	sqlite3_bind_int64(st, 3, mtime);
	same = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return same;
}

static int source_record(ream_store *s, const char *path, ream_format f,
			 int64_t size, int64_t mtime, char **err)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db, "INSERT INTO source(path, format, size,"
		" mtime, imported) VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(path)"
		" DO UPDATE SET format = ?2, size = ?3, mtime = ?4,"
		" imported = ?5", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ream_store_error(s, rc, "cannot save to the store", err);
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ream_format_name(f), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, size);
	sqlite3_bind_int64(st, 4, mtime);
	sqlite3_bind_int64(st, 5, (int64_t)time(NULL));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return ream_store_error(s, rc, "cannot save to the store", err);
	return REAM_OK;
}

/* ---- Importing --------------------------------------------------------- */

typedef struct import_ctx {
	ream_store *s;
	const ream_import_opts *o;
	ream_import_stats *st;
	ream_reader *r;
	const char *path;
	ream_format format;
	int batch;
	int in_batch;
	char **err;
} import_ctx;

static void import_warn(void *ud, long line, const char *msg)
{
	import_ctx *c = ud;

	c->st->failed++;
	if (c->o->warn)
		c->o->warn(c->o->ud, c->path, line, msg);
}

/* Commits the open batch and reports progress. */
static int flush(import_ctx *c)
{
	int rc = ream_store_end(c->s, 1, c->err);

	c->in_batch = 0;
	c->st->bytes_done = c->r->bytes;
	if (rc == REAM_OK && c->o->progress)
		c->o->progress(c->o->ud, c->st);
	return rc;
}

/* Stores one paper from the reader; a non-zero return stops the reader. */
static int import_emit(void *ud, ream_paper *p, long line)
{
	import_ctx *c = ud;
	char *err = NULL;
	int rc, outcome = 0;

	c->st->records++;
	rc = ream_paper_set(p, REAM_F_SOURCE, c->path, (size_t)-1);
	if (rc == REAM_OK)
		rc = ream_paper_set(p, REAM_F_FORMAT,
				    ream_format_name(c->format), (size_t)-1);
	if (rc == REAM_OK && !c->in_batch) {
		rc = ream_store_begin(c->s, c->err);
		c->in_batch = rc == REAM_OK;
	}
	if (rc == REAM_OK)
		rc = ream_store_put(c->s, p, &outcome, &err);
	ream_paper_free(p);
	if (rc == REAM_FORMAT) {
		/* This record is bad; the others go on. */
		import_warn(c, line, err ? err : "bad record");
		free(err);
		return REAM_OK;
	}
	if (rc != REAM_OK) {
		if (err) {
			free(*c->err);
			*c->err = err;
		}
		return rc;
	}
	free(err);
	if (outcome == REAM_PUT_ADDED)
		c->st->added++;
	else if (outcome == REAM_PUT_MERGED)
		c->st->merged++;
	else
		c->st->unchanged++;
	if (c->st->records % c->batch == 0)
		return flush(c);
	return REAM_OK;
}

int ream_import_file(ream_store *s, const char *path,
		     const ream_import_opts *opts, ream_import_stats *st,
		     char **err)
{
	static const ream_import_opts none = { REAM_FMT_AUTO, 0, 0, NULL,
					       NULL, NULL };
	ream_import_stats local;
	ream_reader r = {0};
	import_ctx c;
	struct stat sb;
	char head[8192];
	size_t nhead;
	FILE *f;
	int rc, e;
	int64_t mtime;
	ream_format format;

	if (!opts)
		opts = &none;
	if (!st)
		st = &local;
	memset(st, 0, sizeof *st);
	if (s->readonly)
		return ream_seterr(err, REAM_READONLY,
				   "ream: the store %s is open read-only",
				   s->path);
	if (!(f = fopen(path, "rb")) || fstat(fileno(f), &sb) != 0) {
		e = errno;
		if (f)
			fclose(f);
		return ream_seterr(err, REAM_IO, "ream: cannot read %s (%s)",
				   path, strerror(e));
	}
	if (S_ISDIR(sb.st_mode)) {
		fclose(f);
		return ream_seterr(err, REAM_IO,
				   "ream: %s is a folder; give a file", path);
	}
	st->bytes_total = S_ISREG(sb.st_mode) ? (int64_t)sb.st_size : 0;
	mtime = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
	format = opts->format;
	if (format == REAM_FMT_AUTO) {
		nhead = fread(head, 1, sizeof head, f);
		format = ream_format_detect(head, nhead);
		if (fseek(f, 0, SEEK_SET) != 0) {
			fclose(f);
			return ream_seterr(err, REAM_FORMAT,
				"ream: cannot tell the format of %s without "
				"reading it twice; give --format", path);
		}
		if (format == REAM_FMT_AUTO) {
			fclose(f);
			return ream_seterr(err, REAM_FORMAT,
				"ream: cannot tell the format of %s; give "
				"--format (listing, arxiv-json, bibtex, "
				"csljson)", path);
		}
	}
	if ((unsigned)format >= REAM_FMT_COUNT || !formats[format].read) {
		fclose(f);
		return ream_seterr(err, REAM_FORMAT,
			"ream: %s looks like %s, which this ream cannot read "
			"yet", path, ream_format_name(format));
	}
	if (!opts->force && S_ISREG(sb.st_mode) &&
	    source_unchanged(s, path, st->bytes_total, mtime)) {
		fclose(f);
		st->skipped = 1;
		st->bytes_done = st->bytes_total;
		return REAM_OK;
	}
	memset(&c, 0, sizeof c);
	c.s = s;
	c.o = opts;
	c.st = st;
	c.r = &r;
	c.path = path;
	c.format = format;
	c.batch = opts->batch > 0 ? opts->batch : DEFAULT_BATCH;
	c.err = err;
	r.file = path;
	r.emit = import_emit;
	r.warn = import_warn;
	r.ud = &c;
	rc = formats[format].read(f, &r);
	fclose(f);
	if (rc == REAM_OK && c.in_batch)
		rc = flush(&c);
	if (rc == REAM_OK && S_ISREG(sb.st_mode))
		rc = source_record(s, path, format, st->bytes_total, mtime, err);
	if (rc != REAM_OK) {
		/* The open batch is rolled back; committed ones stay. */
		if (c.in_batch)
			ream_store_end(s, 0, NULL);
		if (err && !*err)
			ream_seterr(err, rc, "ream: the import of %s stopped",
				    path);
		return rc;
	}
	return REAM_OK;
}
