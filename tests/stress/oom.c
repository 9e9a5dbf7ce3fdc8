/*
 * oom.c: failed allocations in every operation of the core.
 *
 *   oom DIR        (run from the top of the repository: it reads tests/data)
 *
 *   REAM_OOM_STEPS=150    allocations failed per operation and way; 0: all
 *   REAM_OOM_ONLY=search  only the operations whose name holds this
 *   REAM_OOM_TRACE=1      print where each failing allocation is made
 *   REAM_OOM_JANSSON=1    let jansson's allocations fail too (it is not
 *                         safe then: see main)
 *
 * Two ways to fail: SQLite's allocations, through its allocation hooks
 * (sqlite3_config(SQLITE_CONFIG_MALLOC)); and every allocation of the
 * process (ours, jansson's, utf8proc's, stdio's and SQLite's), through
 * malloc, calloc, realloc and free defined here in place of the C
 * library's. For each operation (open, create, search, get, put, import
 * in each format, export, cite, remove, mark cited, stats, check) the
 * driver counts its allocations, then runs it again failing the k-th, for
 * k spread over them all, once and then every one from the k-th on. Each
 * run must return REAM_OK or an error with a "ream: " message (or none:
 * the message could not be made either), leak nothing
 * (every allocation it made is freed), and leave the store passing both
 * integrity checks and holding what it held before or what the operation
 * writes (an import: whole batches of it).
 */
#include <execinfo.h>
#include <malloc.h>

#include <jansson.h>

#include "stress.h"
#include "internal.h"

/* ---- The allocation counter -------------------------------------------- */

void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void __libc_free(void *);
void *__libc_memalign(size_t, size_t);

void *malloc(size_t n);
void *calloc(size_t a, size_t b);
void *realloc(void *p, size_t n);
void free(void *p);
void *memalign(size_t align, size_t n);
int posix_memalign(void **out, size_t align, size_t n);
void *aligned_alloc(size_t align, size_t n);

enum { FAIL_NONE, FAIL_SQLITE, FAIL_ALL };

static int mode;		/* which allocations count and fail */
static int armed;		/* counting */
static int sticky;		/* fail every allocation from the k-th on */
static long count;		/* allocations counted since armed */
static long fail_at;		/* the one to fail; 0: none */
static long failures;		/* allocations failed */
static long live;		/* allocations not yet freed */
static long sqlite_live;	/* SQLite's */
static long unseen;		/* runs that succeeded despite a failure */
static int trace;		/* print where allocations fail */
static const char *only;	/* run only the operations named so */
static long reported_bad;	/* imports that skipped a record as bad */

/* 1 when this allocation is to fail. */
static int fail_now(int m)
{
	if (!armed || mode != m)
		return 0;
	count++;
	if (fail_at && (count == fail_at || (sticky && count > fail_at))) {
		failures++;
		if (trace && count == fail_at) {
			/* REAM_OOM_TRACE=1: where each failing allocation is. */
			void *bt[24];
			int n = backtrace(bt, 24);

			fprintf(stderr, "-- allocation %ld fails:\n", count);
			backtrace_symbols_fd(bt, n, 2);
		}
		return 1;
	}
	return 0;
}

void *malloc(size_t n)
{
	void *p;

	if (fail_now(FAIL_ALL)) {
		errno = ENOMEM;
		return NULL;
	}
	if ((p = __libc_malloc(n)))
		live++;
	return p;
}

void *calloc(size_t a, size_t b)
{
	void *p;

	if (fail_now(FAIL_ALL)) {
		errno = ENOMEM;
		return NULL;
	}
	if ((p = __libc_calloc(a, b)))
		live++;
	return p;
}

void *realloc(void *p, size_t n)
{
	void *q;

	if (!p)
		return malloc(n);
	if (n == 0) {
		free(p);
		return NULL;
	}
	if (fail_now(FAIL_ALL)) {
		errno = ENOMEM;
		return NULL;
	}
	return (q = __libc_realloc(p, n));
}

void free(void *p)
{
	if (p)
		live--;
	__libc_free(p);
}

void *memalign(size_t align, size_t n)
{
	void *p;

	if (fail_now(FAIL_ALL)) {
		errno = ENOMEM;
		return NULL;
	}
	if ((p = __libc_memalign(align, n)))
		live++;
	return p;
}

int posix_memalign(void **out, size_t align, size_t n)
{
	void *p = memalign(align, n);

	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void *aligned_alloc(size_t align, size_t n)
{
	return memalign(align, n);
}

/* jansson's allocator: counted, never failing (see main). Its strings
 * (json_dumps) are freed with free(), so they must be counted alike. */
static void *json_malloc(size_t n)
{
	void *p = __libc_malloc(n);

	if (p)
		live++;
	return p;
}

static void json_free(void *p)
{
	free(p);
}

/* SQLite's allocator, wrapped. */
static sqlite3_mem_methods sqlite_mem;

static void *sq_malloc(int n)
{
	void *p;

	if (fail_now(FAIL_SQLITE))
		return NULL;
	if ((p = sqlite_mem.xMalloc(n)))
		sqlite_live++;
	return p;
}

static void sq_free(void *p)
{
	if (p)
		sqlite_live--;
	sqlite_mem.xFree(p);
}

static void *sq_realloc(void *p, int n)
{
	if (fail_now(FAIL_SQLITE))
		return NULL;
	return sqlite_mem.xRealloc(p, n);
}

static int sq_size(void *p)
{
	return sqlite_mem.xSize(p);
}

static int sq_roundup(int n)
{
	return sqlite_mem.xRoundup(n);
}

static int sq_init(void *ud)
{
	return sqlite_mem.xInit(ud);
}

static void sq_shutdown(void *ud)
{
	sqlite_mem.xShutdown(ud);
}

/* ---- The operations ------------------------------------------------------- */

static char store_path[4200], pristine[4200], dir[4096];

/* Copies file a to b; 0 on success. */
static int copy_file(const char *a, const char *b)
{
	char buf[65536];
	FILE *in = fopen(a, "rb"), *out = fopen(b, "wb");
	size_t n;
	int rc = in && out ? 0 : -1;

	while (!rc && (n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in)
		fclose(in);
	if (out && fclose(out) != 0)
		rc = -1;
	return rc;
}

typedef struct op {
	const char *name;
	int writes;	/* 1: may change the store; 2: batch by batch */
	int (*run)(char **err);
} op;

static int op_open(char **err)
{
	ream_store *s;
	int rc = ream_store_open(store_path, 0, &s, err);

	ream_store_close(s);
	return rc;
}

static int op_open_ro(char **err)
{
	ream_store *s;
	int rc = ream_store_open(store_path, REAM_OPEN_READONLY, &s, err);

	ream_store_close(s);
	return rc;
}

static int op_create(char **err)
{
	char p[4300];
	ream_store *s;
	int rc;

	snprintf(p, sizeof p, "%s/new/fresh.sqlite3", dir);
	remove_store(p);
	rc = ream_store_open(p, 0, &s, err);
	ream_store_close(s);
	remove_store(p);
	return rc;
}

/* Runs fn on the store opened for writing (or reading). */
static int with_store(int flags, int (*fn)(ream_store *, char **),
		      char **err)
{
	ream_store *s;
	int rc = ream_store_open(store_path, flags, &s, err);

	if (rc == REAM_OK)
		rc = fn(s, err);
	ream_store_close(s);
	return rc;
}

static int do_search(ream_store *s, char **err)
{
	static const char *const q[] = {
		"model", "author:muller year:2020..2024 -graph", "\"random "
		"matrix\" cat:cs.LG", "id:2301.00003", "key:a", "",
	};
	size_t i;
	int rc = REAM_OK;

	for (i = 0; i < sizeof q / sizeof q[0] && rc == REAM_OK; i++) {
		ream_list *l = NULL;

		rc = ream_search(s, q[i], strlen(q[i]), NULL, &l, err);
		ream_list_free(l);
	}
	return rc;
}

static int op_search(char **err)
{
	return with_store(REAM_OPEN_READONLY, do_search, err);
}

static int do_get(ream_store *s, char **err)
{
	ream_paper *p = NULL;
	int rc = ream_store_get(s, "2301.00002", &p, err);

	ream_paper_free(p);
	return rc;
}

static int op_get(char **err)
{
	return with_store(REAM_OPEN_READONLY, do_get, err);
}

static int do_put(ream_store *s, char **err)
{
	ream_paper *p = ream_paper_new();
	int rc, outcome;

	if (!p)
		return ream_seterr(err, REAM_NOMEM, "ream: out of memory");
	rc = ream_paper_set(p, REAM_F_TITLE, "Über Größe of Things", (size_t)-1);
	if (!rc)
		rc = ream_paper_set(p, REAM_F_DATE, "2021-03", (size_t)-1);
	if (!rc)
		rc = ream_paper_set(p, REAM_F_DOI, "10.1000/OOM-1", (size_t)-1);
	if (!rc)
		rc = ream_paper_add_author(p, "Müller", "Jörg", 0);
	if (!rc)
		rc = ream_paper_set_extra(p, "note", "made under pressure");
	if (!rc)
		rc = ream_store_put(s, p, &outcome, err);
	else
		rc = ream_seterr(err, rc, "ream: out of memory");
	ream_paper_free(p);
	return rc;
}

static int op_put(char **err)
{
	return with_store(0, do_put, err);
}

static const char *import_file;
static long import_bad;	/* records the last import reported bad */

static int do_import(ream_store *s, char **err)
{
	ream_import_opts o = { REAM_FMT_AUTO, 3, 1, NULL, NULL, NULL };
	ream_import_stats st;
	int rc = ream_import_file(s, import_file, &o, &st, err);

	import_bad = (long)st.failed;
	return rc;
}

static int op_import_bib(char **err)
{
	import_file = "tests/data/bib/reading.bib";
	return with_store(0, do_import, err);
}

static int op_import_json(char **err)
{
	import_file = "tests/data/arxiv/snapshot.jsonl";
	return with_store(0, do_import, err);
}

static int op_import_listing(char **err)
{
	import_file = "tests/data/listings/records.txt";
	return with_store(0, do_import, err);
}

static int op_import_csl(char **err)
{
	import_file = "tests/data/bib/pandoc.json";
	return with_store(0, do_import, err);
}

static int discard(void *ud, const char *s, size_t n)
{
	(void)ud;
	(void)s;
	(void)n;
	return 0;
}

static int do_export(ream_store *s, char **err)
{
	int rc = ream_export(s, NULL, 0, REAM_FMT_BIBTEX, 0, discard, NULL,
			     err);

	if (rc == REAM_OK)
		rc = ream_export(s, NULL, 0, REAM_FMT_CSLJSON, 0, discard,
				 NULL, err);
	return rc;
}

static int op_export(char **err)
{
	return with_store(REAM_OPEN_READONLY, do_export, err);
}

static int do_cite(ream_store *s, char **err)
{
	static const char *const ids[] = { "2301.00001", "2301.00002" };
	ream_cite_opts o = { REAM_SYN_LATEX, "citep", "p. 4" };
	char *out = NULL;
	int rc = ream_cite(s, ids, 2, &o, &out, err);

	ream_free(out);
	if (rc == REAM_OK) {
		o.syntax = REAM_SYN_PLAIN;
		rc = ream_cite(s, ids, 2, &o, &out, err);
		ream_free(out);
	}
	return rc;
}

static int op_cite(char **err)
{
	return with_store(REAM_OPEN_READONLY, do_cite, err);
}

static int do_remove(ream_store *s, char **err)
{
	return ream_store_remove(s, "2301.00004", err);
}

static int op_remove(char **err)
{
	return with_store(0, do_remove, err);
}

static int do_mark(ream_store *s, char **err)
{
	static const char *const ids[] = { "2301.00001", "2301.00005" };

	return ream_store_mark_cited(s, ids, 2, err);
}

static int op_mark(char **err)
{
	return with_store(0, do_mark, err);
}

static int do_stats(ream_store *s, char **err)
{
	ream_stats st;

	return ream_store_stats(s, &st, err);
}

static int op_stats(char **err)
{
	return with_store(REAM_OPEN_READONLY, do_stats, err);
}

static int do_check(ream_store *s, char **err)
{
	return ream_store_check(s, err);
}

static int op_check(char **err)
{
	return with_store(0, do_check, err);
}

static const op ops[] = {
	{ "opening a store", 0, op_open },
	{ "opening a store read-only", 0, op_open_ro },
	{ "creating a store", 0, op_create },
	{ "searching", 0, op_search },
	{ "getting a paper", 0, op_get },
	{ "storing a paper", 1, op_put },
	{ "importing BibTeX", 2, op_import_bib },
	{ "importing arXiv JSON lines", 2, op_import_json },
	{ "importing an arXiv listing", 2, op_import_listing },
	{ "importing CSL-JSON", 2, op_import_csl },
	{ "exporting BibTeX and CSL-JSON", 0, op_export },
	{ "citing", 0, op_cite },
	{ "removing a paper", 1, op_remove },
	{ "marking papers cited", 1, op_mark },
	{ "reading the stats", 0, op_stats },
	{ "checking the store", 0, op_check },
};

/* ---- Checking ------------------------------------------------------------- */

/* The papers in the store, or -1 when it fails its checks (why in *why). */
static long store_papers(char *why, size_t whysz)
{
	ream_store *s = NULL;
	ream_stats st;
	char *err = NULL;
	long n = -1;

	if (ream_store_open(store_path, 0, &s, &err) != REAM_OK ||
	    ream_store_check(s, &err) != REAM_OK ||
	    ream_store_stats(s, &st, &err) != REAM_OK)
		snprintf(why, whysz, "%s", err ? err : "(no message)");
	else
		n = (long)st.papers;
	ream_free(err);
	ream_store_close(s);
	return n;
}

/* Allocations not yet freed: every one, SQLite's among them (its
 * allocator calls malloc). */
static long live_of(int m)
{
	(void)m;
	return live;
}

/*
 * Runs o with the k-th allocation failing (0: none). Returns 0 when all
 * is well, or -1 with the reason in why.
 */
static int run_once(const op *o, int m, long k, int stick, long before,
		    long after, long *allocs, char *why, size_t whysz)
{
	char *err = NULL;
	long live0, n;
	int rc;

	if (o->writes && copy_file(pristine, store_path) != 0)
		bail("cannot copy the store");
	import_bad = 0;
	live0 = live_of(m);
	mode = m;
	sticky = stick;
	count = 0;
	fail_at = k;
	armed = 1;
	rc = o->run(&err);
	armed = 0;
	*allocs = count;
	/* Out of memory, the message itself may not have been made: the
	 * command and the Lua module then say "out of memory". */
	if (rc != REAM_OK && err && strncmp(err, "ream: ", 6) != 0) {
		snprintf(why, whysz, "returned %d with %s%s%s", rc,
			 err ? "the message \"" : "no message",
			 err ? err : "", err ? "\"" : "");
		ream_free(err);
		return -1;
	}
	if (rc == REAM_OK && failures)
		unseen++;	/* a failure SQLite or we could do without */
	ream_free(err);
	if (live_of(m) != live0) {
		snprintf(why, whysz, "%ld allocations leaked (rc %d)",
			 live_of(m) - live0, rc);
		return -1;
	}
	if (o->writes || k == 0) {
		n = store_papers(why, whysz);
		if (n < 0)
			return -1;
		if (n != before && n != after &&
		    (o->writes != 2 || n < before || n > after)) {
			snprintf(why, whysz, "%ld papers: neither %ld before nor "
				 "%ld after (rc %d)", n, before, after, rc);
			return -1;
		}
		/* jansson reports a failed allocation as a syntax error: the
		 * JSON readers then report the record as bad and go on. A
		 * record may be lost so, but not silently. */
		if (rc == REAM_OK && n != after && o->writes == 2 &&
		    import_bad > 0)
			reported_bad++;
		else if (rc == REAM_OK && n != after) {
			snprintf(why, whysz, "succeeded, but %ld papers, not "
				 "%ld", n, after);
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	long steps = env_long("REAM_OOM_STEPS", 150);
	sqlite3_mem_methods wrap = { sq_malloc, sq_free, sq_realloc, sq_size,
				     sq_roundup, sq_init, sq_shutdown, NULL };
	static const char *const mode_name[] = { "", "SQLite's", "every" };
	char lib[4300], why[4096];
	size_t i;
	int m;

	if (argc != 2) {
		fprintf(stderr, "usage: oom DIR\n");
		return 2;
	}
	snprintf(dir, sizeof dir, "%s", argv[1]);
	trace = (int)env_long("REAM_OOM_TRACE", 0);
	only = getenv("REAM_OOM_ONLY");
	/* jansson 2.14 is not safe when an allocation fails: its lexer then
	 * asserts (load.c: lex_scan_string) or corrupts the heap. Its
	 * allocations never fail here; ours and SQLite's do. */
	if (!getenv("REAM_OOM_JANSSON"))
		json_set_alloc_funcs(json_malloc, json_free);
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_mem) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_MALLOC, &wrap) != SQLITE_OK ||
	    sqlite3_initialize() != SQLITE_OK)
		bail("cannot hook SQLite's allocations");
	snprintf(store_path, sizeof store_path, "%s/oom.sqlite3", dir);
	snprintf(pristine, sizeof pristine, "%s/pristine.sqlite3", dir);
	snprintf(lib, sizeof lib, "%s/library.jsonl", dir);
	snprintf(why, sizeof why, "%.4000s/new", dir);
	mkdir(why, 0755);
	{
		ream_store *s;
		ream_import_opts o = { REAM_FMT_AUTO, 0, 0, NULL, NULL, NULL };
		char *err = NULL;

		if (write_library(lib, 2301, 1, 40) != 0 ||
		    ream_store_open(pristine, 0, &s, &err) != REAM_OK ||
		    ream_import_file(s, lib, &o, NULL, &err) != REAM_OK)
			bail("cannot make a store: %s", err ? err : "");
		ream_store_close(s);
	}

	for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		const op *o = &ops[i];
		long before, after, total, k, stride, allocs, tried = 0, bad = 0;

		if (only && !strstr(o->name, only))
			continue;

		/* What the operation does when nothing fails. */
		copy_file(pristine, store_path);
		before = store_papers(why, sizeof why);
		if (run_once(o, FAIL_ALL, 0, 0, before, before, &allocs, why,
			     sizeof why) != 0 && o->writes) {
			/* Not an error: this tells what "after" is. */
		}
		copy_file(pristine, store_path);
		{
			char *err = NULL;

			mode = FAIL_NONE;
			if (o->run(&err) != REAM_OK) {
				tap(0, "%s works when nothing fails: %s", o->name,
				    err ? err : "");
				ream_free(err);
				continue;
			}
			ream_free(err);
		}
		after = o->writes ? store_papers(why, sizeof why) : before;
		for (m = FAIL_SQLITE; m <= FAIL_ALL; m++) {
			int stick;

			for (stick = 0; stick <= 1; stick++) {
				/* A warm-up run, then the count. */
				run_once(o, m, 0, 0, before, after, &allocs,
					 why, sizeof why);
				if (run_once(o, m, 0, 0, before, after, &total,
					     why, sizeof why) != 0) {
					tap(0, "%s with %s allocations counted: %s",
					    o->name, mode_name[m], why);
					bad++;
					continue;
				}
				stride = steps > 0 && total > steps
					 ? total / steps : 1;
				for (k = 1; k <= total; k += stride) {
					failures = 0;
					tried++;
					if (run_once(o, m, k, stick, before, after,
						     &allocs, why, sizeof why)) {
						if (++bad <= 3)
							tap(0, "%s with %s "
							    "allocation %ld of "
							    "%ld failing%s: %s",
							    o->name, mode_name[m],
							    k, total, stick ?
							    " and all after it"
							    : "", why);
						if (bad > 20)
							break;
					}
				}
			}
		}
		if (!bad)
			tap(1, "%s: %ld runs with SQLite's or every allocation "
			    "failing at one point, once or from then on, each "
			    "fail cleanly, leak nothing and leave the store "
			    "sound", o->name, tried);
	}
	note("%ld runs succeeded although an allocation failed (SQLite does "
	     "without some); %ld imports reported a record bad when jansson "
	     "could not allocate", unseen, reported_bad);
	return tap_done();
}
