/*
 * import.c: reading a file into the store. Detects the format, runs its
 * reader, stores each paper, and commits batch by batch so an interrupted
 * import leaves whole batches only. Remembers each imported file (size,
 * modification time) so importing it again unchanged does nothing.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "internal.h"

#define DEFAULT_BATCH 10000

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

/* The formats whose files are a document's bibliography: their entries
 * are tracked one by one (see ream_store_put_entry). */
static int tracked(ream_format f)
{
	return f == REAM_FMT_BIBTEX || f == REAM_FMT_CSLJSON;
}

/*
 * The hash of f's whole content (ream_hash_quick), read from its start
 * and leaving f there. 0 when it cannot be read.
 */
static uint64_t file_hash(FILE *f)
{
	char buf[65536];
	uint64_t h = REAM_HASH_INIT;
	size_t n;

	if (fseek(f, 0, SEEK_SET) != 0)
		return 0;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		h = ream_hash_quick(h, buf, n);
	if (ferror(f) || fseek(f, 0, SEEK_SET) != 0)
		return 0;
	return h;
}

/* ---- Importing --------------------------------------------------------- */

typedef struct import_ctx {
	ream_store *s;
	const ream_import_opts *o;
	ream_import_stats *st;
	ream_reader *r;
	const char *path;
	ream_format format;
	ream_source src;	/* the file, when its entries are tracked */
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

/* A problem in a record that was imported all the same: said, not counted. */
static void import_note(void *ud, long line, const char *msg)
{
	import_ctx *c = ud;

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
		rc = tracked(c->format)
		     ? ream_store_put_entry(c->s, &c->src, p, &outcome, &err)
		     : ream_store_put(c->s, p, &outcome, &err);
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

/*
 * Decides whether the file needs reading: not when it has the size and
 * modification time it had when last imported, nor when only its time
 * changed but not its content (then the new time is recorded). Sets
 * *skip, and fills c->src with the file's record.
 */
static int unchanged(import_ctx *c, FILE *f, const struct stat *sb,
		     int64_t mtime, int *skip)
{
	int rc = ream_store_source_get(c->s, c->path, &c->src, c->err);
	uint64_t h;

	*skip = 0;
	if (rc != REAM_OK || !c->src.id || c->o->force || !S_ISREG(sb->st_mode))
		return rc;
	if (c->src.size != (int64_t)sb->st_size)
		return REAM_OK;
	if (c->src.mtime == mtime) {
		*skip = 1;
		return REAM_OK;
	}
	h = file_hash(f);
	if (!h || h != c->src.hash)
		return REAM_OK;
	*skip = 1;
	c->src.mtime = mtime;
	return ream_store_source_put(c->s, c->path, c->format, &c->src,
				     c->err);
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
	int rc, e, skip;
	int64_t mtime;
	char real[PATH_MAX];
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
	memset(&c, 0, sizeof c);
	c.s = s;
	c.o = opts;
	c.st = st;
	c.r = &r;
	c.path = realpath(path, real) ? real : path;
	c.format = format;
	c.batch = opts->batch > 0 ? opts->batch : DEFAULT_BATCH;
	c.err = err;
	if ((rc = unchanged(&c, f, &sb, mtime, &skip)) != REAM_OK || skip) {
		fclose(f);
		st->skipped = skip;
		st->bytes_done = st->bytes_total;
		return rc;
	}
	/* The record says "incomplete" (size -1) until the end. */
	c.src.gen++;
	c.src.size = -1;
	c.src.hash = 0;
	if ((rc = ream_store_source_put(s, c.path, format, &c.src, err))) {
		fclose(f);
		return rc;
	}
	r.file = path;
	r.emit = import_emit;
	r.warn = import_warn;
	r.note = import_note;
	r.ud = &c;
	rc = formats[format].read(f, &r);
	if (rc == REAM_OK && c.in_batch)
		rc = flush(&c);
	if (rc == REAM_OK && S_ISREG(sb.st_mode)) {
		c.src.size = (int64_t)sb.st_size;
		c.src.mtime = mtime;
		/* Hashing reads the file again: worth it for the small ones
		 * people edit and touch, not for an arXiv snapshot. */
		c.src.hash = tracked(format) || sb.st_size < (64 << 20)
			     ? file_hash(f) : 0;
		rc = ream_store_source_put(s, c.path, format, &c.src, err);
	}
	fclose(f);
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
