/*
 * ream.h: the one public header of ream's core.
 *
 * The core owns a local paper store in SQLite. It knows nothing of Lua or
 * Neovim. Every function that can fail returns a ream_rc; when it does and an
 * `err` out-parameter is given, *err receives a message allocated with
 * malloc that the caller frees with ream_free(). Out-parameters come last and
 * are set to NULL on failure. Every free/close accepts NULL.
 */
#ifndef REAM_H
#define REAM_H

#include <stddef.h>
#include <stdint.h>

#define REAM_VERSION "0.1.0"

/* Return codes. */
enum {
	REAM_OK = 0,
	REAM_ERROR,	/* anything else, the message says what */
	REAM_NOTFOUND,	/* no such paper */
	REAM_NOMEM,	/* an allocation failed */
	REAM_IO,	/* a file could not be read or written */
	REAM_BUSY,	/* another process holds the store past the timeout */
	REAM_READONLY,	/* the store or its folder is not writable */
	REAM_CORRUPT,	/* the file is not a ream store, or is damaged */
	REAM_TOONEW,	/* the store was written by a newer ream */
	REAM_FORMAT,	/* malformed input (identifier, record, option) */
	REAM_FULL	/* the disk is full */
};

typedef struct ream_store ream_store;
typedef struct ream_paper ream_paper;
typedef struct ream_list ream_list;

/* Frees what the core allocated for the caller (messages, strings). */
void ream_free(void *p);

/* ---- Papers ---------------------------------------------------------- */

/*
 * The text fields of a paper. Their names (ream_field_name) are the field
 * names of `ream search --json` and of the Lua tables.
 */
typedef enum ream_field {
	REAM_F_KEY,		/* citation key */
	REAM_F_TYPE,		/* entry type: article, misc, inproceedings... */
	REAM_F_TITLE,
	REAM_F_DATE,		/* YYYY, YYYY-MM or YYYY-MM-DD */
	REAM_F_CREATED,		/* arXiv: first version, YYYY-MM-DD */
	REAM_F_UPDATED,		/* arXiv: last update, YYYY-MM-DD */
	REAM_F_VENUE,		/* journal or book title */
	REAM_F_VOLUME,
	REAM_F_NUMBER,
	REAM_F_PAGES,
	REAM_F_PUBLISHER,
	REAM_F_ARXIV,		/* normalised arXiv id without version */
	REAM_F_ARXIV_VERSION,	/* "2" for v2 */
	REAM_F_PRIMARY_CAT,	/* cs.LG */
	REAM_F_CATEGORIES,	/* all categories, space separated */
	REAM_F_DOI,		/* normalised DOI, lower case */
	REAM_F_URL,
	REAM_F_ABSTRACT,
	REAM_F_COMMENTS,
	REAM_F_KEYWORDS,
	REAM_F_SOURCE,		/* the file it came from */
	REAM_F_FORMAT,		/* that file's format */
	REAM_F_COUNT
} ream_field;

const char *ream_field_name(ream_field f);
/* The field called `name`, or -1. */
int ream_field_lookup(const char *name);

/* A new empty paper, or NULL when out of memory. */
ream_paper *ream_paper_new(void);
void ream_paper_free(ream_paper *p);
/* A deep copy, or NULL when out of memory. */
ream_paper *ream_paper_dup(const ream_paper *p);

/*
 * Sets a field to a copy of s[0..n) (n may be (size_t)-1 for a C string).
 * Identifiers are normalised on the way in: REAM_F_ARXIV accepts any way
 * people write an arXiv id (and sets the version when one is given),
 * REAM_F_DOI any way people write a DOI; REAM_F_DATE accepts YYYY[-MM[-DD]].
 * Surrounding white space is trimmed and an empty value clears the field.
 * Returns REAM_FORMAT for an identifier or date that is not one (the field
 * is left as it was), REAM_NOMEM.
 */
int ream_paper_set(ream_paper *p, ream_field f, const char *s, size_t n);
/* The field's value, or NULL when the paper has none. */
const char *ream_paper_get(const ream_paper *p, ream_field f);
/* The year, or 0 when unknown. */
int ream_paper_year(const ream_paper *p);
/* Unix times the paper was added to the store and last cited, or 0. */
int64_t ream_paper_added(const ream_paper *p);
int64_t ream_paper_cited(const ream_paper *p);

/*
 * Authors, in order. A person has a family and a given name (given may be
 * NULL); an organisation is one literal name (literal = 1, given NULL).
 */
int ream_paper_add_author(ream_paper *p, const char *family,
			  const char *given, int literal);
size_t ream_paper_author_count(const ream_paper *p);
/* Author i; returns 0 when i is out of range (and sets nothing). */
int ream_paper_author(const ream_paper *p, size_t i, const char **family,
		      const char **given, int *literal);

/*
 * Original fields that have no column of their own (journal-ref, isbn...),
 * kept so an export gives them back. Setting an existing name replaces it.
 */
int ream_paper_set_extra(ream_paper *p, const char *name, const char *value);
size_t ream_paper_extra_count(const ream_paper *p);
int ream_paper_extra(const ream_paper *p, size_t i, const char **name,
		     const char **value);
/* The value of extra field `name`, or NULL. */
const char *ream_paper_get_extra(const ream_paper *p, const char *name);

/*
 * The paper as one JSON object (the fields of `ream search --json`), in a
 * string the caller frees with ream_free(); NULL when out of memory.
 */
char *ream_paper_json(const ream_paper *p);

/* ---- Identifiers ----------------------------------------------------- */

enum { REAM_ID_NONE, REAM_ID_ARXIV, REAM_ID_DOI };

/*
 * Recognises an arXiv id or a DOI written any way people write them
 * (arXiv:2507.06607v2, https://arxiv.org/pdf/2507.06607, hep-th/9901001,
 * doi:10.1145/..., https://doi.org/10.1145/...). Writes the normalised id
 * (without version, DOI in lower case) to out (NUL-terminated, at most
 * outsz bytes) and the version, or 0, to *version (may be NULL). Returns the
 * kind, or REAM_ID_NONE (out = "") when s is neither or does not fit.
 */
int ream_id_parse(const char *s, size_t n, char *out, size_t outsz,
		  int *version);

/* 1 when key can be used as is in LaTeX, Pandoc, Typst and Org citations. */
int ream_key_valid(const char *key, size_t n);

/* ---- Lists of papers ------------------------------------------------- */

size_t ream_list_count(const ream_list *l);
/* Paper i, owned by the list, or NULL when out of range. */
const ream_paper *ream_list_get(const ream_list *l, size_t i);
void ream_list_free(ream_list *l);

/* ---- The store ------------------------------------------------------- */

enum {
	REAM_OPEN_READONLY = 1,	/* never create or write */
	REAM_OPEN_NOWAIT = 2	/* wait 250 ms, not 10 s, for another program's
				 * lock before REAM_BUSY: for an editor */
};

/*
 * The default store path: $REAM_DB, else $XDG_DATA_HOME/ream/ream.sqlite3,
 * else ~/.local/share/ream/ream.sqlite3. A malloc'd string the caller frees
 * with ream_free(), or NULL when none can be found (no HOME).
 */
char *ream_store_default_path(void);

/*
 * Opens the store at path (NULL: the default path), creating it and its
 * folder unless REAM_OPEN_READONLY, and migrating an older schema forward.
 * A store written by a newer ream is refused with REAM_TOONEW and left as it
 * is; a file that is not a store gives REAM_CORRUPT.
 */
int ream_store_open(const char *path, int flags, ream_store **out,
		    char **err);
void ream_store_close(ream_store *s);
const char *ream_store_path(const ream_store *s);

/*
 * Finds a paper by citation key, arXiv id or DOI, each in any form.
 * REAM_NOTFOUND (and *out = NULL) when there is none.
 */
int ream_store_get(ream_store *s, const char *id, ream_paper **out,
		   char **err);

/* What ream_store_put did. */
enum { REAM_PUT_ADDED = 1, REAM_PUT_MERGED, REAM_PUT_UNCHANGED };

/*
 * Stores a paper: merged into the stored paper with the same arXiv id or
 * DOI (or, when neither is known, the same normalised title and year, or the
 * same normalised abstract) by filling its missing fields, the stored key
 * staying; added otherwise, keeping the paper's key or making one. On
 * success p holds the stored key and *outcome (may be NULL) says which.
 * Runs in its own transaction unless one is open (ream_store_begin).
 */
int ream_store_put(ream_store *s, ream_paper *p, int *outcome, char **err);

/* Removes the paper with this id (key, arXiv id or DOI). */
int ream_store_remove(ream_store *s, const char *id, char **err);

/* Records now as the time the papers with these ids were cited. */
int ream_store_mark_cited(ream_store *s, const char *const *ids, size_t n,
			  char **err);

/*
 * A write transaction (BEGIN IMMEDIATE) for a batch of puts, and its end.
 * ream_store_end commits when commit is 1 and rolls back otherwise.
 */
int ream_store_begin(ream_store *s, char **err);
int ream_store_end(ream_store *s, int commit, char **err);

typedef struct ream_stats {
	int64_t papers;
	int64_t arxiv;		/* papers with an arXiv id */
	int64_t doi;		/* papers with a DOI */
	int64_t cited;		/* papers cited at least once */
	int64_t sources;	/* files imported */
	int64_t bytes;		/* size of the store file */
	int schema;		/* schema version */
	char sqlite[32];	/* SQLite library version */
} ream_stats;

int ream_store_stats(ream_store *s, ream_stats *out, char **err);

/*
 * Checks the store: SQLite's integrity check and the search index's.
 * REAM_OK when both pass; REAM_CORRUPT with what failed in *err otherwise.
 */
int ream_store_check(ream_store *s, char **err);

/* ---- Search ---------------------------------------------------------- */

typedef struct ream_search_opts {
	size_t limit;	/* 0: 20 */
	size_t offset;
	unsigned time_ms;	/* about the CPU time a search may rank for
				 * (0: 20); completion asks for less */
} ream_search_opts;

/*
 * Ranked search. Any string is a valid query (q[0..n), may hold anything):
 * words (all must match, the last as a prefix), "quoted phrases", -word,
 * and the filters author: title: year:2021 year:2019..2023 cat:cs.LG key:
 * id:. An empty list, not an error, when nothing matches. opts may be NULL.
 */
int ream_search(ream_store *s, const char *q, size_t n,
		const ream_search_opts *opts, ream_list **out, char **err);

/* ---- Import ---------------------------------------------------------- */

typedef enum ream_format {
	REAM_FMT_AUTO,		/* detected from the content */
	REAM_FMT_ARXIV_LISTING,	/* arXiv listing text */
	REAM_FMT_ARXIV_JSON,	/* arXiv metadata snapshot, JSON lines */
	REAM_FMT_BIBTEX,	/* BibTeX and BibLaTeX */
	REAM_FMT_CSLJSON,	/* CSL-JSON */
	REAM_FMT_COUNT
} ream_format;

const char *ream_format_name(ream_format f);
/* The format called name ("listing", "arxiv-json", "bibtex", ...), or -1. */
int ream_format_lookup(const char *name);
/* The format of a file's first bytes; REAM_FMT_AUTO when unknown. */
ream_format ream_format_detect(const char *head, size_t n);

typedef struct ream_import_stats {
	int64_t records;	/* records read */
	int64_t added;
	int64_t merged;		/* filled fields of a stored paper */
	int64_t unchanged;	/* already stored as they are */
	int64_t failed;		/* bad records, each reported */
	int64_t bytes_done;	/* of the file, for progress */
	int64_t bytes_total;
	int skipped;		/* 1: the file had not changed since last time */
} ream_import_stats;

typedef struct ream_import_opts {
	ream_format format;	/* REAM_FMT_AUTO to detect */
	int batch;		/* records a transaction; 0: the default */
	int force;		/* import even when the file has not changed */
	/* A bad record: file, line and why. May be NULL. */
	void (*warn)(void *ud, const char *file, long line, const char *msg);
	/* Called after every committed batch. May be NULL. */
	void (*progress)(void *ud, const ream_import_stats *st);
	void *ud;
} ream_import_opts;

/*
 * Imports a file. Bad records are reported through opts->warn and skipped;
 * the rest imports, committed batch by batch, so an interrupted import
 * leaves whole batches only. *st (may be NULL) receives the counts, also on
 * failure. opts may be NULL.
 */
int ream_import_file(ream_store *s, const char *path,
		     const ream_import_opts *opts, ream_import_stats *st,
		     char **err);

/* ---- Citations ------------------------------------------------------- */

typedef enum ream_syntax {
	REAM_SYN_LATEX,		/* \cite{a,b} */
	REAM_SYN_PANDOC,	/* [@a; @b] */
	REAM_SYN_TYPST,		/* @a @b */
	REAM_SYN_ORG,		/* [cite:@a;@b] */
	REAM_SYN_RST,		/* :cite:`a,b` */
	REAM_SYN_ASCIIDOC,	/* <<a>>, <<b>> */
	REAM_SYN_PLAIN,		/* Gu, A. and Dao, T. (2023). Title. arXiv:... */
	REAM_SYN_COUNT
} ream_syntax;

const char *ream_syntax_name(ream_syntax s);
/*
 * The syntax called name: a syntax name or a filetype (tex, markdown,
 * quarto, rmd, typst, org, rst, asciidoc...), or -1.
 */
int ream_syntax_lookup(const char *name);
/* The syntax of a document from its file name's extension, or -1. */
int ream_syntax_of_path(const char *path);

typedef struct ream_cite_opts {
	ream_syntax syntax;
	const char *command;	/* LaTeX: "citep"... NULL: "cite" */
	const char *locator;	/* "p. 4", or NULL */
} ream_cite_opts;

/*
 * A citation of n papers, malloc'd (free with ream_free), or NULL when out
 * of memory. The plain syntax gives one reference line a paper.
 */
char *ream_cite_format(const ream_paper *const *papers, size_t n,
		       const ream_cite_opts *opts);
/* One formatted reference line for p, malloc'd, or NULL. */
char *ream_reference(const ream_paper *p);

/*
 * Resolves ids (keys, arXiv ids or DOIs) and formats their citation into
 * *out. REAM_NOTFOUND with the id in *err when one is not in the store.
 */
int ream_cite(ream_store *s, const char *const *ids, size_t n,
	      const ream_cite_opts *opts, char **out, char **err);

/*
 * Calls fn for every citation key cited in a document's text, in order
 * (repeats included), with its 1-based line. syntax is the document's.
 * Stops early and returns fn's value when it returns non-zero.
 */
typedef int (*ream_key_fn)(void *ud, const char *key, size_t n, long line);
int ream_doc_keys(const char *text, size_t n, ream_syntax syntax,
		  ream_key_fn fn, void *ud);

/* ---- Export ---------------------------------------------------------- */

enum { REAM_EXPORT_ASCII = 1 };	/* TeX escapes instead of UTF-8 */

typedef int (*ream_write_fn)(void *ud, const char *s, size_t n);

/* Writes p as one BibTeX entry through w; returns w's first non-zero. */
int ream_bibtex_write(const ream_paper *p, int flags, ream_write_fn w,
		      void *ud);

/*
 * Writes p as one CSL-JSON object (no surrounding array) through w;
 * returns w's first non-zero, or REAM_NOMEM.
 */
int ream_csl_write(const ream_paper *p, ream_write_fn w, void *ud);

/*
 * Exports the papers with these ids (n = 0: all, in key order) in format
 * (REAM_FMT_BIBTEX or REAM_FMT_CSLJSON,
 * a JSON array) through w. REAM_NOTFOUND with the id in *err when one is
 * not in the store; nothing is written then.
 */
int ream_export(ream_store *s, const char *const *ids, size_t n,
		ream_format format, int flags, ream_write_fn w, void *ud,
		char **err);

#endif
