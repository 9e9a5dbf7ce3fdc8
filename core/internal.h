/*
 * internal.h: what the core's files share and nobody else sees.
 */
#ifndef REAM_INTERNAL_H
#define REAM_INTERNAL_H

#include <stdarg.h>
#include <stdio.h>

#include <sqlite3.h>

#include "ream.h"

#if defined(__GNUC__)
#define REAM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define REAM_PRINTF(f, a)
#endif

/* ---- Errors (util.c) --------------------------------------------------- */

/*
 * Sets *err (when err is not NULL) to a malloc'd message made from fmt and
 * returns rc, so a failure reads `return ream_seterr(err, REAM_IO, ...)`.
 * An existing message in *err is freed first.
 */
int ream_seterr(char **err, int rc, const char *fmt, ...) REAM_PRINTF(3, 4);

/* A malloc'd copy of s[0..n), NUL-terminated, or NULL. */
char *ream_strndup(const char *s, size_t n);

/* ---- Growable buffers (util.c) ----------------------------------------- */

/*
 * A byte buffer that grows as needed, always NUL-terminated once anything is
 * added. The append functions take a sticky return code: when *rc is not
 * REAM_OK they do nothing, and a failed allocation sets it to REAM_NOMEM, so
 * one check after a chain of appends covers them all.
 */
typedef struct ream_buf {
	char *s;
	size_t n;	/* bytes used, not counting the NUL */
	size_t cap;
} ream_buf;

void ream_buf_add(int *rc, ream_buf *b, const char *s, size_t n);
void ream_buf_adds(int *rc, ream_buf *b, const char *s);
void ream_buf_addc(int *rc, ream_buf *b, char c);
void ream_buf_printf(int *rc, ream_buf *b, const char *fmt, ...)
	REAM_PRINTF(3, 4);
/* Empties b, keeping its memory. */
void ream_buf_reset(ream_buf *b);
void ream_buf_free(ream_buf *b);
/* Hands over b's string (never NULL: "" when empty) and empties b. */
char *ream_buf_take(int *rc, ream_buf *b);
/*
 * Appends s as a JSON string, quoted and escaped as jansson's json_dumps
 * writes it; a byte that is not UTF-8 becomes U+FFFD. For the extra
 * fields packed on every import (ream_paper_extra_pack); reading JSON is
 * jansson's.
 */
void ream_buf_add_json(int *rc, ream_buf *b, const char *s);

/* ---- Text (text.c) ----------------------------------------------------- */

/*
 * Appends to b the text s[0..n) folded for matching: Unicode NFKD with the
 * combining marks removed, case folded, letters that do not decompose
 * transliterated (ß -> ss, ø -> o, ł -> l, æ -> ae, ...), so Müller, MÜLLER
 * and Muller fold alike. Invalid UTF-8 bytes become U+FFFD and *bad (may be
 * NULL) is set to 1. Never fails but through rc.
 */
void ream_text_fold(int *rc, ream_buf *b, const char *s, size_t n, int *bad);

/*
 * Appends to b the TeX in s[0..n) decoded to Unicode (NFC) for display and
 * search: accents ({\"o}, \"{o}, \'e, \c{c}, \v{s}...), special letters
 * (\ss, \aa, \o, \l, \ae, \i...), -- and ---, ~, escaped specials (\& \% \$
 * \# \_), {\textendash}-style named symbols, text formatting commands
 * (\emph{x} -> x) and protective braces removed. Math between $...$ is
 * copied as it is. White space runs become one space and the result is
 * trimmed.
 */
void ream_tex_decode(int *rc, ream_buf *b, const char *s, size_t n);

/*
 * Appends to b s[0..n) folded (as ream_text_fold) and reduced to ASCII
 * letters and digits: "Müller-Lüdenscheidt" -> "mullerludenscheidt".
 */
void ream_text_ascii(int *rc, ream_buf *b, const char *s, size_t n);

/*
 * Appends to b the words of s[0..n) folded and joined by single spaces,
 * without punctuation: the normal form titles and abstracts are compared
 * in. "The  Müller–Effect!" -> "the muller effect".
 */
void ream_text_words(int *rc, ream_buf *b, const char *s, size_t n);

/* 64-bit FNV-1a hash of s[0..n). */
uint64_t ream_hash(const char *s, size_t n);
/* Continues a hash h (REAM_HASH_INIT to start) over s: hashing a text in
 * pieces gives what ream_hash gives for the whole. */
#define REAM_HASH_INIT 1469598103934665603ULL
uint64_t ream_hash_more(uint64_t h, const char *s, size_t n);
/*
 * A quicker hash, eight bytes a step, for telling changed content from
 * unchanged (a paper, a file): continues h (REAM_HASH_INIT to start) over
 * s[0..n); unlike ream_hash_more, a text hashed in other pieces hashes
 * differently. Not for values the store looks rows up by.
 */
uint64_t ream_hash_quick(uint64_t h, const char *s, size_t n);

/* ---- Readers (arxiv.c, bibtex_read.c, csl.c) --------------------------- */

/*
 * A reader turns a file into papers. For each record it builds a paper and
 * calls emit, which takes ownership of it (and frees it); for each bad
 * record it calls warn with the record's 1-based line and why, and goes on
 * with the next record. A non-zero return from emit stops the reader, which
 * returns that value. bytes is advanced as the file is consumed (for
 * progress). Readers return REAM_OK at the end of the input, or a ream_rc
 * for a failure that stops them (REAM_IO, REAM_NOMEM); they never write to
 * stdout or stderr.
 */
typedef struct ream_reader {
	const char *file;	/* for messages */
	int (*emit)(void *ud, ream_paper *p, long line);
	void (*warn)(void *ud, long line, const char *msg);
	void *ud;
	int64_t bytes;		/* bytes consumed so far */
	/* A problem in a record that was read all the same (an undefined
	 * macro, a field named twice). May be NULL: warn is called then. */
	void (*note)(void *ud, long line, const char *msg);
} ream_reader;

int ream_arxiv_listing_read(FILE *f, ream_reader *r);
int ream_arxiv_json_read(FILE *f, ream_reader *r);
int ream_bibtex_read(FILE *f, ream_reader *r);
int ream_csl_read(FILE *f, ream_reader *r);

/* ---- BibTeX (bibtex_read.c, bibtex_write.c) ---------------------------- */

/* How ream_bibtex_encode writes a value. */
enum {
	REAM_ENC_TEXT,		/* LaTeX text: specials escaped, math kept */
	REAM_ENC_TITLE,		/* text, with capitals and math protected */
	REAM_ENC_PAGES,		/* text, with dashes written -- */
	REAM_ENC_VERBATIM,	/* TeX kept from a file: as it is */
	REAM_ENC_RAW		/* identifiers and links */
};

/*
 * Appends to b the value s (a decoded, NUL-terminated string) encoded as
 * the BibTeX writer writes it in a field, in mode (REAM_ENC_*), with flags
 * (REAM_EXPORT_ASCII). The reader uses it to tell whether the writer would
 * give back the TeX a value was read from (bibtex_write.c).
 */
void ream_bibtex_encode(int *rc, ream_buf *b, const char *s, int mode,
			int flags);

/*
 * Appends to out the TeX s[0..n) decoded as the BibTeX reader decodes
 * values: BibLaTeX's punctuation and quoting commands (\mkbibquote,
 * \enquote, \adddot...) and \noopsort-style sort keys, then
 * ream_tex_decode (bibtex_read.c).
 */
void ream_bibtex_decode(int *rc, ream_buf *out, const char *s, size_t n);

/*
 * The extra field a reader sets on a paper whose authors are its editors
 * (an entry with editors and no author): the BibTeX writer then writes
 * them as editors only, while they are the same names.
 */
#define REAM_EDITORS_AS_AUTHORS "raw.editors-as-authors"

/*
 * 1 for the fields BibLaTeX reads verbatim (url, doi, eprint, file...):
 * read and written as they are, never decoded from TeX (bibtex_write.c).
 */
int ream_bibtex_verbatim_field(const char *name);

/*
 * Splitting BibTeX name lists (bibtex_read.c). ream_names is scratch
 * memory that one splitter reuses from list to list; zero it before the
 * first use and release it with ream_names_free.
 */
typedef struct ream_names {
	struct ream_name_tok *tok;
	size_t ntok, ctok;
	ream_buf fam, giv, tmp;
} ream_names;

/* Receives one name; a non-zero return stops the splitting. */
typedef int (*ream_name_fn)(void *ud, const char *family, const char *given,
			    int literal);

/*
 * Splits the name list s[0..n) (TeX, as in a .bib file) as BibTeX does and
 * calls fn for each name with its family and given names decoded (given
 * may be NULL; literal 1 for an organisation and for "others"). Returns
 * fn's first non-zero value, or REAM_NOMEM, or REAM_OK.
 */
int ream_names_split(ream_names *nm, const char *s, size_t n,
		     ream_name_fn fn, void *ud);
void ream_names_free(ream_names *nm);

/* ---- Papers (paper.c) -------------------------------------------------- */

/*
 * The authors of p packed into one string for the store: each author is
 * family US given (given may be empty), or a bare literal name, joined by
 * RS. Malloc'd; NULL when out of memory. "" when p has no author.
 */
char *ream_paper_authors_pack(const ream_paper *p);
/* Adds to p the authors of a packed string. */
int ream_paper_authors_unpack(ream_paper *p, const char *s);
/* The extra fields as a JSON object text (malloc'd), NULL when none. */
char *ream_paper_extra_pack(const ream_paper *p);
/* A hash of everything p holds (fields, authors, extra fields): equal
 * papers hash equal. Allocates nothing. */
uint64_t ream_paper_hash(const ream_paper *p);
int ream_paper_extra_unpack(ream_paper *p, const char *json);
/*
 * Sets extra field name to value and "raw.<name>" to tex, the TeX value
 * is ream_bibtex_decode of: the store keeps tex only (ream_paper_extra_pack
 * writes name as null, and unpacking decodes it again). Setting either
 * field on its own later forgets that they go together.
 */
int ream_paper_set_extra_tex(ream_paper *p, const char *name,
			     const char *value, const char *tex);
void ream_paper_set_times(ream_paper *p, int64_t added, int64_t cited);
/* Removes every author of p. */
void ream_paper_clear_authors(ream_paper *p);

/*
 * Makes the citation key ream would give p when it has none, in the manner
 * of Better BibTeX: family name of the first author in ASCII lower case, the
 * year and the first significant word of the title (vaswani2017attention);
 * without author or title, "arxiv" and the arXiv id; without those, "ream"
 * and a short hash of the content. Appends to b.
 */
void ream_paper_make_key(int *rc, ream_buf *b, const ream_paper *p);

/* A new empty list, or NULL when out of memory. */
ream_list *ream_list_new(void);
/* Appends p, which the list then owns (also on failure: it is freed). */
int ream_list_push(ream_list *l, ream_paper *p);

/* ---- The store (store.c) ---------------------------------------------- */

#define REAM_STMT_CACHE 32

struct ream_store {
	sqlite3 *db;
	char *path;
	int readonly;
	int in_tx;		/* a ream_store_begin transaction is open */
	struct {
		const char *sql;	/* a string constant: its address is its key */
		sqlite3_stmt *st;
	} cache[REAM_STMT_CACHE];
	struct ream_index *index;	/* search.c's: statements, word counts */
};

/*
 * The prepared statement for sql, a string constant, from the store's cache
 * (prepared on first use). Hand it back with ream_stmt_done once stepped.
 * Returns an SQLite result code.
 */
int ream_stmt(ream_store *s, const char *sql, sqlite3_stmt **st);
/* Resets a statement from ream_stmt for its next use. */
void ream_stmt_done(sqlite3_stmt *st);

/*
 * Maps an SQLite result code to a ream_rc and a message for *err that says
 * what failed (what) and what to do. Returns the ream_rc.
 */
int ream_store_error(ream_store *s, int sqlite_rc, const char *what,
		     char **err);

/*
 * Finds the rowid of the paper with this id: an exact citation key first,
 * then an arXiv id or a DOI in any form. *rowid = 0 when there is none.
 */
int ream_store_find(ream_store *s, const char *id, int64_t *rowid,
		    char **err);

/*
 * A file imported before: its row, and what it was when last read
 * completely (size -1 when it never was).
 */
typedef struct ream_source {
	int64_t id;		/* 0: never imported */
	int64_t size;
	int64_t mtime;		/* nanoseconds */
	uint64_t hash;		/* of its content, 0 when unknown */
	int64_t gen;		/* import generation of its entries */
} ream_source;

/* Reads the record of the file at path into *out (id 0 when none). */
int ream_store_source_get(ream_store *s, const char *path, ream_source *out,
			  char **err);
/*
 * Records the file at path as src says, setting src->id. When src->size is
 * not -1 (a complete import) its entries not seen in generation src->gen
 * are detached from it.
 */
int ream_store_source_put(ream_store *s, const char *path, ream_format f,
			  ream_source *src, char **err);
/*
 * Stores p, an entry of the tracked file src under p's key: unchanged
 * since the file was last read, it costs a lookup; changed, the file's
 * fields replace the paper's; new, it is stored as ream_store_put does.
 */
int ream_store_put_entry(ream_store *s, const ream_source *src,
			 ream_paper *p, int *outcome, char **err);

/* The paper in the current row of stmt (columns as REAM_STORE_COLUMNS). */
ream_paper *ream_store_row(sqlite3_stmt *stmt);

/*
 * The paper columns a query selects for ream_store_row: the fields in
 * ream_field order, then authors, extra, added, cited.
 */
#define REAM_STORE_COLUMNS \
	"\"key\", type, title, date, created, updated, venue, volume, number," \
	" pages, publisher, arxiv, arxiv_version, primary_cat, categories," \
	" doi, url, abstract, comments, keywords, source, format," \
	" authors, extra, added, cited"

/* ---- The search index (search.c) --------------------------------------- */

/* Creates the search index table and registers its functions. */
int ream_index_create(sqlite3 *db);
int ream_index_register(sqlite3 *db);
/* Creates paper_vocab, the papers per indexed word, from the index. */
int ream_index_vocab_create(sqlite3 *db);
/*
 * Writes the word counts of the papers indexed or removed since the last
 * flush into paper_vocab: before a commit. Returns an SQLite code; the
 * pending counts are dropped either way.
 */
int ream_index_flush(ream_store *s);
/* Drops the pending word counts: on a rollback. */
void ream_index_rollback(ream_store *s);
/* Frees search.c's state of s (at close). */
void ream_index_close(ream_store *s);
/*
 * Adds (del = 0) or removes (del = 1) paper p stored at rowid in the search
 * index. Removal must be given the paper exactly as it was indexed.
 */
int ream_index_update(ream_store *s, int64_t rowid, const ream_paper *p,
		      int del);

/* The query language, parsed (the fuzzer's way in). */
typedef struct ream_query ream_query;
int ream_query_new(const char *q, size_t n, ream_query **out);
void ream_query_free(ream_query *q);
/* The FTS5 expression every result must match, or NULL. */
const char *ream_query_match(const ream_query *q);

/* ---- Cite (cite.c) ----------------------------------------------------- */

/* Appends the plain reference line of p to b. */
void ream_reference_add(int *rc, ream_buf *b, const ream_paper *p);

#endif
