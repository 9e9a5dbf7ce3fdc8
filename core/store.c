/*
 * store.c: open, create and migrate the store; transactions; storing,
 * merging, finding and removing papers; export, stats and checks.
 *
 * The store is one SQLite file in WAL mode. Its schema version is
 * PRAGMA user_version; a store from a newer ream is refused untouched.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define SCHEMA_VERSION 4
#define SCHEMA_READABLE 3	/* the oldest this ream reads as it is */
#define APPLICATION_ID 0x7265616d	/* "ream" */
#define BUSY_TIMEOUT_MS 10000
#define NOWAIT_TIMEOUT_MS 250	/* REAM_OPEN_NOWAIT */
#define WAL_CHECKPOINT 1000	/* WAL frames (pages) before a checkpoint */
#define WAL_TRUNCATE 2000	/* ... before one that waits: 32 MB of 16 KB */

/* Schema version 1. */
static const char schema_v1[] =
	"CREATE TABLE paper("
	" id INTEGER PRIMARY KEY,"
	" \"key\" TEXT NOT NULL UNIQUE,"
	" type TEXT NOT NULL DEFAULT 'misc',"
	" title TEXT, date TEXT, created TEXT, updated TEXT,"
	" venue TEXT, volume TEXT, number TEXT, pages TEXT, publisher TEXT,"
	" arxiv TEXT, arxiv_version TEXT, primary_cat TEXT, categories TEXT,"
	" doi TEXT, url TEXT, abstract TEXT, comments TEXT, keywords TEXT,"
	" source TEXT, format TEXT,"
	" authors TEXT, extra TEXT, year INTEGER,"
	" added INTEGER NOT NULL, cited INTEGER,"
	" fp_title INTEGER, fp_abstract INTEGER);"
	"CREATE UNIQUE INDEX paper_arxiv ON paper(arxiv) WHERE arxiv IS NOT NULL;"
	"CREATE UNIQUE INDEX paper_doi ON paper(doi) WHERE doi IS NOT NULL;"
	"CREATE INDEX paper_fp_title ON paper(fp_title)"
	" WHERE fp_title IS NOT NULL;"
	"CREATE INDEX paper_fp_abstract ON paper(fp_abstract)"
	" WHERE fp_abstract IS NOT NULL;"
	"CREATE INDEX paper_cited ON paper(cited) WHERE cited IS NOT NULL;"
	"CREATE TABLE source("
	" id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, format TEXT,"
	" size INTEGER, mtime INTEGER, hash TEXT, imported INTEGER);";

/*
 * Version 2: the entries of tracked files (.bib, CSL-JSON), so a file
 * imported again re-indexes only its changed entries, and its keys find
 * their papers even where the stored key differs.
 */
static const char schema_v2[] =
	"ALTER TABLE source ADD COLUMN gen INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE entry("
	" source INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,"
	" \"key\" TEXT NOT NULL,"
	" paper INTEGER NOT NULL REFERENCES paper(id) ON DELETE CASCADE,"
	" hash INTEGER NOT NULL, gen INTEGER NOT NULL,"
	" PRIMARY KEY(source, \"key\")) WITHOUT ROWID;"
	"CREATE INDEX entry_key ON entry(\"key\");"
	"CREATE INDEX entry_paper ON entry(paper);";

int ream_stmt(ream_store *s, const char *sql, sqlite3_stmt **st)
{
	int i, rc;

	for (i = 0; i < REAM_STMT_CACHE && s->cache[i].sql; i++) {
		if (s->cache[i].sql == sql) {
			*st = s->cache[i].st;
			return SQLITE_OK;
		}
	}
	rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
				NULL);
	if (rc != SQLITE_OK) {
		*st = NULL;
		return rc;
	}
	if (i < REAM_STMT_CACHE) {
		s->cache[i].sql = sql;
		s->cache[i].st = *st;
	} else {
		/* The cache is full: this one lives until the store closes
		 * anyway, in the last slot's place. */
		sqlite3_finalize(s->cache[REAM_STMT_CACHE - 1].st);
		s->cache[REAM_STMT_CACHE - 1].sql = sql;
		s->cache[REAM_STMT_CACHE - 1].st = *st;
	}
	return SQLITE_OK;
}

void ream_stmt_done(sqlite3_stmt *st)
{
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
}

int ream_store_error(ream_store *s, int src, const char *what, char **err)
{
	const char *path = s && s->path ? s->path : "the store";
	const char *msg = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(src);

	switch (src & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ream_seterr(err, REAM_BUSY,
			"ream: %s: the store %s is busy: another program is "
			"writing to it; try again when it is done", what, path);
	case SQLITE_READONLY:
	case SQLITE_PERM:
		return ream_seterr(err, REAM_READONLY,
			"ream: %s: the store %s is read-only; check its "
			"permissions or use --db to choose another", what, path);
	case SQLITE_FULL:
		return ream_seterr(err, REAM_FULL,
			"ream: %s: the disk holding %s is full; free some "
			"space and try again (nothing was lost)", what, path);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return ream_seterr(err, REAM_CORRUPT,
			"ream: %s: %s is not a ream store or is damaged (%s); "
			"move it aside or use --db to choose another",
			what, path, msg);
	case SQLITE_NOMEM:
		return ream_seterr(err, REAM_NOMEM, "ream: %s: out of memory",
				   what);
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
		return ream_seterr(err, REAM_IO,
			"ream: %s: cannot read or write %s (%s)", what, path,
			msg);
	default:
		return ream_seterr(err, REAM_ERROR, "ream: %s: %s (%s)", what,
				   msg, path);
	}
}

/* ---- Opening ----------------------------------------------------------- */

char *ream_store_default_path(void)
{
	const char *env = getenv("REAM_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	ream_buf b = {0};
	int rc = REAM_OK;

	if (env && *env)
		return strdup(env);
	if (xdg && *xdg == '/')
		ream_buf_printf(&rc, &b, "%s/ream/ream.sqlite3", xdg);
	else if (home && *home)
		ream_buf_printf(&rc, &b, "%s/.local/share/ream/ream.sqlite3",
				home);
	else
		return NULL;
	return ream_buf_take(&rc, &b);
}

/* Makes the folders leading to path (mkdir -p of its dirname). */
static int make_parents(const char *path, char **err)
{
	char *d = strdup(path);
	char *p;

	if (!d)
		return ream_seterr(err, REAM_NOMEM, "ream: out of memory");
	for (p = d + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(d, 0755) != 0 && errno != EEXIST) {
			int e = errno;

			ream_seterr(err, e == EACCES || e == EROFS ?
				    REAM_READONLY : REAM_IO,
				    "ream: cannot create the folder %s for the "
				    "store (%s); use --db or REAM_DB to choose "
				    "another place", d, strerror(e));
			free(d);
			return e == EACCES || e == EROFS ? REAM_READONLY
							 : REAM_IO;
		}
		*p = '/';
	}
	free(d);
	return REAM_OK;
}

/* Runs one statement and reads an integer from its first row. */
static int pragma_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		*out = 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Brings the schema to SCHEMA_VERSION inside one write transaction. A
 * fresh file gets the whole schema; version 0 with tables in it is some
 * other program's database and is refused.
 */
static int migrate(ream_store *s, int version, char **err)
{
	char sql[128];
	int rc, tables = 0;

	rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return ream_store_error(s, rc, "cannot set up the store", err);
	/* Another process may have migrated it while we waited. */
	rc = pragma_int(s->db, "PRAGMA user_version", &version);
	if (rc == SQLITE_OK && version == 0)
		rc = pragma_int(s->db, "SELECT count(*) FROM sqlite_master",
				&tables);
	if (rc == SQLITE_OK && version == 0 && tables > 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return ream_seterr(err, REAM_CORRUPT,
			"ream: %s is an SQLite database of another program, "
			"not a ream store; use --db to choose another file",
			s->path);
	}
	if (rc == SQLITE_OK && version == 0) {
		rc = sqlite3_exec(s->db, schema_v1, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = ream_index_create(s->db);
		version = 1;
	}
	if (rc == SQLITE_OK && version == 1) {
		rc = sqlite3_exec(s->db, schema_v2, NULL, NULL, NULL);
		version = 2;
	}
	/* Version 3: the papers per indexed word, for search (search.c). */
	if (rc == SQLITE_OK && version == 2) {
		rc = ream_index_vocab_create(s->db);
		version = 3;
	}
	/* Version 4: an extra field may be null, meaning its raw.<name>
	 * decoded (ream_paper_extra_pack); nothing to change in a store of
	 * version 3, but a ream that knows only 3 would drop such fields.
	 * The hashes of tracked files and entries changed too (to
	 * ream_hash_quick): the next import of each file reads it all once
	 * more and rewrites its entries, as if they had changed. */
	if (rc == SQLITE_OK && version == 3)
		version = 4;
	if (rc == SQLITE_OK) {
		snprintf(sql, sizeof sql,
			 "PRAGMA application_id = %d; PRAGMA user_version = %d",
			 APPLICATION_ID, version);
		rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int r = ream_store_error(s, rc, "cannot set up the store", err);

		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return r;
	}
	return REAM_OK;
}

/*
 * Opens path read-only as an immutable database: for a store in WAL mode
 * in a folder nobody may write (a read-only mount), which SQLite cannot
 * open otherwise, having no -shm file to share and no way to make one.
 * Returns an SQLite code; *pdb must be closed by the caller either way.
 */
static int open_immutable(const char *path, sqlite3 **pdb)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path), i, j = 0;
	char *uri;
	int rc;

	*pdb = NULL;
	if (n > 65536 || !(uri = malloc(3 * n + 32)))
		return SQLITE_NOMEM;
	memcpy(uri, "file:", 5);
	j = 5;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)path[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("/-._~", c)) {
			uri[j++] = (char)c;
		} else {
			uri[j++] = '%';
			uri[j++] = hex[c >> 4];
			uri[j++] = hex[c & 15];
		}
	}
	memcpy(uri + j, "?immutable=1", sizeof "?immutable=1");
	rc = sqlite3_open_v2(uri, pdb, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
			     SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	return rc;
}

/*
 * 1 when the file at path and its folder can be written (so that SQLite
 * can make the store's -wal and -shm files next to it).
 */
static int writable(const char *path)
{
	char *dir = strdup(path), *slash;
	int ok;

	if (!dir)
		return 1;
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	ok = access(path, W_OK) == 0 && access(dir, W_OK) == 0;
	free(dir);
	return ok;
}

/*
 * After every commit (SQLite's WAL hook, in place of its autocheckpoint):
 * once the WAL holds WAL_CHECKPOINT frames, copies them back to the
 * database without waiting for anyone, as SQLite's autocheckpoint does.
 * Writers that follow each other closely never let such a checkpoint
 * finish, and the WAL would grow as long as they write (to 140 MB in a
 * minute of four imports, tests/stress): past WAL_TRUNCATE frames the
 * checkpoint keeps writers out, waits for readers (the busy timeout), and
 * empties the file. Its failure is no failure of the commit.
 */
static int wal_hook(void *ud, sqlite3 *db, const char *name, int frames)
{
	(void)ud;
	if (frames >= WAL_TRUNCATE)
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_TRUNCATE,
					  NULL, NULL);
	else if (frames >= WAL_CHECKPOINT)
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE,
					  NULL, NULL);
	return SQLITE_OK;
}

int ream_store_open(const char *path, int flags, ream_store **out,
		    char **err)
{
	ream_store *s;
	int rc, version = 0, appid = 0, tables = 0, oflags;
	struct stat sb;

	*out = NULL;
	if (!(s = calloc(1, sizeof *s)))
		return ream_seterr(err, REAM_NOMEM, "ream: out of memory");
	s->path = path ? strdup(path) : ream_store_default_path();
	s->readonly = (flags & REAM_OPEN_READONLY) != 0;
	if (!s->path) {
		free(s);
		return ream_seterr(err, REAM_IO,
			"ream: no place for the store: set REAM_DB or HOME, "
			"or give --db PATH");
	}
	if (stat(s->path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		rc = ream_seterr(err, REAM_IO,
			"ream: %s is a folder, not a store file; give the "
			"path of a file", s->path);
		ream_store_close(s);
		return rc;
	}
	if (s->readonly && stat(s->path, &sb) != 0) {
		rc = ream_seterr(err, REAM_NOTFOUND,
			"ream: there is no store at %s yet; import papers "
			"first (ream import FILE)", s->path);
		ream_store_close(s);
		return rc;
	}
	if (!s->readonly && (rc = make_parents(s->path, err)) != REAM_OK) {
		ream_store_close(s);
		return rc;
	}
	oflags = s->readonly ? SQLITE_OPEN_READONLY
			     : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(s->path, &s->db, oflags | SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK)
		goto fail;
	sqlite3_extended_result_codes(s->db, 0);
	sqlite3_busy_timeout(s->db, (flags & REAM_OPEN_NOWAIT) ?
			     NOWAIT_TIMEOUT_MS : BUSY_TIMEOUT_MS);
	rc = pragma_int(s->db, "PRAGMA user_version", &version);
	if (rc == SQLITE_CANTOPEN && s->readonly) {
		sqlite3_close_v2(s->db);
		if ((rc = open_immutable(s->path, &s->db)) != SQLITE_OK)
			goto fail;
		sqlite3_extended_result_codes(s->db, 0);
		rc = pragma_int(s->db, "PRAGMA user_version", &version);
	}
	if (rc == SQLITE_OK)
		rc = pragma_int(s->db, "PRAGMA application_id", &appid);
	if (rc != SQLITE_OK)
		goto fail;
	if (version > SCHEMA_VERSION) {
		rc = ream_seterr(err, REAM_TOONEW,
			"ream: the store %s was written by a newer ream "
			"(schema %d, this ream knows %d); update ream to use "
			"it (it was left as it is)", s->path, version,
			SCHEMA_VERSION);
		ream_store_close(s);
		return rc;
	}
	/* Tables without a version: another program's database, which even
	 * setting WAL below would change. */
	if (version == 0 && appid != APPLICATION_ID &&
	    (rc = pragma_int(s->db, "SELECT count(*) FROM sqlite_master",
			     &tables)) != SQLITE_OK)
		goto fail;
	if ((version > 0 || tables > 0) && appid != APPLICATION_ID) {
		rc = ream_seterr(err, REAM_CORRUPT,
			"ream: %s is an SQLite database of another program, "
			"not a ream store; use --db to choose another file",
			s->path);
		ream_store_close(s);
		return rc;
	}
	if (!s->readonly) {
		/* A new file: 16 KB pages pack rows of about 1.5 KB and the
		 * index's 4 KB segments with little waste (it must be set
		 * before the first table and before WAL). */
		if (version == 0)
			sqlite3_exec(s->db, "PRAGMA page_size = 16384", NULL, NULL,
				     NULL);
		/* WAL: readers never block the writer, nor it them. */
		rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL;"
				  "PRAGMA synchronous = NORMAL;", NULL, NULL,
				  NULL);
		if (rc != SQLITE_OK)
			goto fail;
		sqlite3_wal_hook(s->db, wal_hook, NULL);
		if (version < SCHEMA_VERSION &&
		    (rc = migrate(s, version, err)) != REAM_OK) {
			ream_store_close(s);
			return rc;
		}
	} else if (version == 0) {
		rc = ream_seterr(err, REAM_NOTFOUND,
			"ream: there is no store at %s yet; import papers "
			"first (ream import FILE)", s->path);
		ream_store_close(s);
		return rc;
	} else if (version < SCHEMA_READABLE) {
		rc = ream_seterr(err, REAM_READONLY,
			"ream: the store %s needs an update that a read-only "
			"open cannot make; open it once for writing", s->path);
		ream_store_close(s);
		return rc;
	}
	/* A 64 MB page cache at most: at arXiv scale the index's document
	 * sizes (read at random when searching) and the hot pages of an
	 * import's B-trees stay in it, not in a pread away. No memory map:
	 * it made a session's first search a quarter faster, but every page
	 * read through it counts in the process's resident memory (an import
	 * of 2.8M papers showed 1.6 GB, Neovim would show what it searched).
	 * The schema's REFERENCES say how the tables link; ream keeps the
	 * links itself (ream_store_remove takes a paper's entries out) and
	 * `ream check` verifies them, but SQLite does not enforce them: with
	 * enforcement each write to the entry table opens a statement
	 * savepoint, at which FTS5 writes out its pending index (a segment a
	 * paper: a .bib import took a third longer). */
	sqlite3_exec(s->db, "PRAGMA foreign_keys = OFF; PRAGMA temp_store = MEMORY;"
		     " PRAGMA cache_size = -65536", NULL, NULL, NULL);
	if ((rc = ream_index_register(s->db)) != SQLITE_OK)
		goto fail;
	*out = s;
	return REAM_OK;
fail:
	/* A store SQLite could open only for reading (a read-only mount, a
	 * file or folder we may not write): say so, not "cannot open". */
	if (!s->readonly && (rc & 0xff) == SQLITE_CANTOPEN &&
	    !writable(s->path))
		rc = SQLITE_READONLY;
	rc = ream_store_error(s, rc, "cannot open the store", err);
	ream_store_close(s);
	return rc;
}

void ream_store_close(ream_store *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < REAM_STMT_CACHE; i++)
		sqlite3_finalize(s->cache[i].st);
	ream_index_close(s);
	if (s->in_tx && s->db)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

const char *ream_store_path(const ream_store *s)
{
	return s->path;
}

/* ---- Transactions ------------------------------------------------------ */

int ream_store_begin(ream_store *s, char **err)
{
	int rc;

	if (s->in_tx)
		return REAM_OK;
	if (s->readonly)
		return ream_seterr(err, REAM_READONLY,
			"ream: the store %s is open read-only", s->path);
	rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return ream_store_error(s, rc, "cannot write to the store", err);
	s->in_tx = 1;
	return REAM_OK;
}

int ream_store_end(ream_store *s, int commit, char **err)
{
	int rc;

	if (!s->in_tx)
		return REAM_OK;
	rc = commit ? ream_index_flush(s) : SQLITE_OK;
	if (!commit)
		ream_index_rollback(s);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(s->db, commit ? "COMMIT" : "ROLLBACK", NULL,
				  NULL, NULL);
	if (rc != SQLITE_OK) {
		int r = ream_store_error(s, rc, "cannot save to the store", err);

		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		s->in_tx = 0;
		return r;
	}
	s->in_tx = 0;
	return REAM_OK;
}

/* ---- Rows and papers --------------------------------------------------- */

ream_paper *ream_store_row(sqlite3_stmt *st)
{
	ream_paper *p = ream_paper_new();
	int i, rc = REAM_OK;

	if (!p)
		return NULL;
	for (i = 0; i < REAM_F_COUNT && rc == REAM_OK; i++) {
		const char *v = (const char *)sqlite3_column_text(st, i);

		/* Stored values are normal already: set them as they are. */
		if (v)
			rc = ream_paper_set(p, (ream_field)i, v,
					    (size_t)sqlite3_column_bytes(st, i));
	}
	if (rc == REAM_OK)
		rc = ream_paper_authors_unpack(p,
			(const char *)sqlite3_column_text(st, REAM_F_COUNT));
	if (rc == REAM_OK)
		rc = ream_paper_extra_unpack(p,
			(const char *)sqlite3_column_text(st, REAM_F_COUNT + 1));
	ream_paper_set_times(p, sqlite3_column_int64(st, REAM_F_COUNT + 2),
			     sqlite3_column_int64(st, REAM_F_COUNT + 3));
	if (rc != REAM_OK && rc != REAM_CORRUPT) {
		ream_paper_free(p);
		return NULL;
	}
	return p;
}

/*
 * The statement for sql (a string constant) from the cache, or sets *err.
 * Hand it back with ream_stmt_done.
 */
static int prepare(ream_store *s, const char *sql, sqlite3_stmt **st,
		   char **err)
{
	int rc = ream_stmt(s, sql, st);

	if (rc != SQLITE_OK) {
		*st = NULL;
		return ream_store_error(s, rc, "cannot read the store", err);
	}
	return REAM_OK;
}

/* Steps a lookup statement once: its first column, or 0. */
static int step_id(ream_store *s, sqlite3_stmt *st, int64_t *rowid,
		   char **err)
{
	int rc = sqlite3_step(st);

	*rowid = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	ream_stmt_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ream_store_error(s, rc, "cannot read the store", err);
	return REAM_OK;
}

int ream_store_find(ream_store *s, const char *id, int64_t *rowid, char **err)
{
	/* The kind of identifier each lookup needs, and its SQL. */
	static const struct {
		int kind;
		const char *sql;
	} lookups[] = {
		{ REAM_ID_NONE, "SELECT id FROM paper WHERE \"key\" = ?1" },
		{ REAM_ID_NONE, "SELECT paper FROM entry WHERE \"key\" = ?1"
				" LIMIT 1" },
		{ REAM_ID_ARXIV, "SELECT id FROM paper WHERE arxiv = ?1" },
		{ REAM_ID_DOI, "SELECT id FROM paper WHERE doi = ?1" },
	};
	char norm[256];
	int kind, rc;
	size_t i;

	*rowid = 0;
	kind = ream_id_parse(id, strlen(id), norm, sizeof norm, NULL);
	for (i = 0; i < sizeof lookups / sizeof lookups[0] && !*rowid; i++) {
		sqlite3_stmt *st;

		if (lookups[i].kind != REAM_ID_NONE && lookups[i].kind != kind)
			continue;
		if ((rc = prepare(s, lookups[i].sql, &st, err)) != REAM_OK)
			return rc;
		sqlite3_bind_text(st, 1, lookups[i].kind ? norm : id, -1,
				  SQLITE_STATIC);
		if ((rc = step_id(s, st, rowid, err)) != REAM_OK)
			return rc;
	}
	return REAM_OK;
}

/* Loads the paper at rowid into *out (NULL when there is none). */
static int load(ream_store *s, int64_t rowid, ream_paper **out, char **err)
{
	static const char sql[] =
		"SELECT " REAM_STORE_COLUMNS " FROM paper WHERE id = ?1";
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if ((rc = prepare(s, sql, &st, err)) != REAM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, rowid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = ream_store_row(st);
		rc = *out ? REAM_OK : ream_seterr(err, REAM_NOMEM,
						  "ream: out of memory");
	} else if (rc == SQLITE_DONE) {
		rc = REAM_OK;
	} else {
		rc = ream_store_error(s, rc, "cannot read the store", err);
	}
	ream_stmt_done(st);
	return rc;
}

int ream_store_get(ream_store *s, const char *id, ream_paper **out,
		   char **err)
{
	int64_t rowid;
	int rc;

	*out = NULL;
	if ((rc = ream_store_find(s, id, &rowid, err)) != REAM_OK)
		return rc;
	if (rowid && (rc = load(s, rowid, out, err)) != REAM_OK)
		return rc;
	if (!*out)
		return ream_seterr(err, REAM_NOTFOUND,
			"ream: no paper '%s' in the store; try `ream search "
			"%s`", id, id);
	return REAM_OK;
}

/* ---- Storing ----------------------------------------------------------- */

/*
 * The fingerprints papers are matched by when they have no identifier in
 * common: the normalised title with the year, and the normalised abstract
 * (when long enough to mean something). 0 when there is none.
 */
static int64_t fingerprint(const char *text, int year, size_t min)
{
	ream_buf b = {0};
	int rc = REAM_OK;
	int64_t h = 0;

	if (!text)
		return 0;
	ream_text_words(&rc, &b, text, strlen(text));
	if (rc == REAM_OK && b.n >= min) {
		if (year)
			ream_buf_printf(&rc, &b, "|%d", year);
		h = (int64_t)(ream_hash(b.s, b.n) & 0x7fffffffffffffffULL);
		if (h == 0)
			h = 1;
	}
	ream_buf_free(&b);
	return h;
}

/*
 * The title's fingerprint: 0 without a year, for a title alone ("Editorial",
 * "Introduction") names many papers.
 */
static int64_t title_print(const ream_paper *p, int year)
{
	return year ? fingerprint(ream_paper_get(p, REAM_F_TITLE), year, 1)
		    : 0;
}

/* Binds text or NULL. */
static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/*
 * Finds the stored paper that p is a copy of: same arXiv id, same DOI, or
 * the same title fingerprint or abstract fingerprint on a paper whose
 * identifiers do not contradict p's and that is not an entry of source
 * (the file p comes from: two keys of one file are two papers unless an
 * identifier says otherwise; 0 for none). *rowid is 0 when none matches.
 */
static int find_match(ream_store *s, const ream_paper *p, int64_t fpt,
		      int64_t fpa, int64_t source, int64_t *rowid,
		      char **err)
{
	const char *arxiv = ream_paper_get(p, REAM_F_ARXIV);
	const char *doi = ream_paper_get(p, REAM_F_DOI);
	sqlite3_stmt *st;
	int rc;

	*rowid = 0;
	if (arxiv) {
		if ((rc = prepare(s, "SELECT id FROM paper WHERE arxiv = ?1",
				  &st, err)))
			return rc;
		bind_text(st, 1, arxiv);
		if ((rc = step_id(s, st, rowid, err)) || *rowid)
			return rc;
	}
	if (doi) {
		if ((rc = prepare(s, "SELECT id FROM paper WHERE doi = ?1",
				  &st, err)))
			return rc;
		bind_text(st, 1, doi);
		if ((rc = step_id(s, st, rowid, err)) || *rowid)
			return rc;
	}
	if (fpt) {
		if ((rc = prepare(s, "SELECT id FROM paper WHERE fp_title = ?1"
				  " AND (arxiv IS NULL OR ?2 IS NULL)"
				  " AND (doi IS NULL OR ?3 IS NULL)"
				  " AND NOT EXISTS (SELECT 1 FROM entry WHERE"
				  " source = ?4 AND paper = paper.id)",
				  &st, err)))
			return rc;
		sqlite3_bind_int64(st, 1, fpt);
		bind_text(st, 2, arxiv);
		bind_text(st, 3, doi);
		sqlite3_bind_int64(st, 4, source);
		if ((rc = step_id(s, st, rowid, err)) || *rowid)
			return rc;
	}
	if (fpa) {
		if ((rc = prepare(s, "SELECT id FROM paper WHERE fp_abstract = ?1"
				  " AND (arxiv IS NULL OR ?2 IS NULL)"
				  " AND (doi IS NULL OR ?3 IS NULL)"
				  " AND NOT EXISTS (SELECT 1 FROM entry WHERE"
				  " source = ?4 AND paper = paper.id)",
				  &st, err)))
			return rc;
		sqlite3_bind_int64(st, 1, fpa);
		bind_text(st, 2, arxiv);
		bind_text(st, 3, doi);
		sqlite3_bind_int64(st, 4, source);
		return step_id(s, st, rowid, err);
	}
	return REAM_OK;
}

/*
 * Fills what stored lacks from p. Returns 1 when anything changed, 0 when
 * not, -1 when out of memory.
 */
static int merge(ream_paper *stored, const ream_paper *p)
{
	int changed = 0, f;
	size_t i;

	for (f = 0; f < REAM_F_COUNT; f++) {
		const char *v = ream_paper_get(p, (ream_field)f);

		if (f == REAM_F_KEY || f == REAM_F_SOURCE || f == REAM_F_FORMAT)
			continue;
		if (f == REAM_F_TYPE && ream_paper_get(stored, REAM_F_TYPE) &&
		    strcmp(ream_paper_get(stored, REAM_F_TYPE), "misc") == 0 &&
		    v && strcmp(v, "misc") != 0) {
			/* A real entry type beats the default one. */
		} else if (!v || ream_paper_get(stored, (ream_field)f)) {
			continue;
		}
		if (ream_paper_set(stored, (ream_field)f, v, strlen(v)))
			return -1;
		changed = 1;
	}
	if (!ream_paper_author_count(stored) && ream_paper_author_count(p)) {
		for (i = 0; i < ream_paper_author_count(p); i++) {
			const char *fam, *giv;
			int lit;

			ream_paper_author(p, i, &fam, &giv, &lit);
			if (ream_paper_add_author(stored, fam, giv, lit))
				return -1;
		}
		changed = 1;
	}
	for (i = 0; i < ream_paper_extra_count(p); i++) {
		const char *name, *value;

		ream_paper_extra(p, i, &name, &value);
		if (ream_paper_get_extra(stored, name))
			continue;
		if (ream_paper_set_extra(stored, name, value))
			return -1;
		changed = 1;
	}
	return changed;
}

/* 1 when a paper has this key, 0 when none, -1 on error (in *err). */
static int key_taken(ream_store *s, const char *key, char **err)
{
	sqlite3_stmt *st;
	int64_t id;

	if (prepare(s, "SELECT id FROM paper WHERE \"key\" = ?1", &st, err))
		return -1;
	bind_text(st, 1, key);
	if (step_id(s, st, &id, err))
		return -1;
	return id != 0;
}

/*
 * Gives p a key: its own, or a made one, with a, b, ... z, aa, ab...
 * appended while the key is taken.
 */
static int assign_key(ream_store *s, ream_paper *p, char **err)
{
	ream_buf b = {0};
	int rc = REAM_OK, taken;
	size_t base;
	unsigned n;

	if (ream_paper_get(p, REAM_F_KEY))
		ream_buf_adds(&rc, &b, ream_paper_get(p, REAM_F_KEY));
	else
		ream_paper_make_key(&rc, &b, p);
	base = b.n;
	for (n = 0; rc == REAM_OK; n++) {
		char suffix[16];
		unsigned k = n;
		int i = (int)sizeof suffix - 1;

		b.n = base;
		b.s[base] = '\0';
		if (n) {
			suffix[i] = '\0';
			for (k = n; k; k = (k - 1) / 26)
				suffix[--i] = (char)('a' + (k - 1) % 26);
			ream_buf_adds(&rc, &b, suffix + i);
		}
		if (rc != REAM_OK)
			break;
		if ((taken = key_taken(s, b.s, err)) < 0) {
			ream_buf_free(&b);
			return REAM_ERROR;
		}
		if (!taken)
			break;
	}
	if (rc == REAM_OK)
		rc = ream_paper_set(p, REAM_F_KEY, b.s, b.n);
	ream_buf_free(&b);
	return rc == REAM_OK ? REAM_OK
			     : ream_seterr(err, rc, "ream: out of memory");
}

/*
 * Writes p into the row rowid (0: a new row, whose id goes to *rowid) and
 * into the search index.
 */
static int write_row(ream_store *s, ream_paper *p, int64_t *rowid,
		     char **err)
{
	static const char insert_sql[] =
		"INSERT INTO paper(\"key\", type, title, date, created, updated,"
		" venue, volume, number, pages, publisher, arxiv, arxiv_version,"
		" primary_cat, categories, doi, url, abstract, comments,"
		" keywords, source, format, authors, extra, added, cited,"
		" year, fp_title, fp_abstract) VALUES(?1, coalesce(?2, 'misc'),"
		" ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
		" ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28,"
		" ?29)";
	static const char update_sql[] =
		"UPDATE paper SET \"key\" = ?1, type = coalesce(?2, 'misc'),"
		" title = ?3, date = ?4, created = ?5, updated = ?6, venue = ?7,"
		" volume = ?8, number = ?9, pages = ?10, publisher = ?11,"
		" arxiv = ?12, arxiv_version = ?13, primary_cat = ?14,"
		" categories = ?15, doi = ?16, url = ?17, abstract = ?18,"
		" comments = ?19, keywords = ?20, source = ?21, format = ?22,"
		" authors = ?23, extra = ?24, added = ?25, cited = ?26,"
		" year = ?27, fp_title = ?28, fp_abstract = ?29 WHERE id = ?30";
	sqlite3_stmt *st;
	char *authors = ream_paper_authors_pack(p);
	char *extra = ream_paper_extra_pack(p);
	int rc, f, year = ream_paper_year(p);
	int64_t fpt, fpa;

	if (!authors || (!extra && ream_paper_extra_count(p))) {
		free(authors);
		free(extra);
		return ream_seterr(err, REAM_NOMEM, "ream: out of memory");
	}
	if ((rc = prepare(s, *rowid ? update_sql : insert_sql, &st, err))) {
		free(authors);
		free(extra);
		return rc;
	}
	for (f = 0; f < REAM_F_COUNT; f++)
		bind_text(st, f + 1, ream_paper_get(p, (ream_field)f));
	bind_text(st, 23, *authors ? authors : NULL);
	bind_text(st, 24, extra);
	sqlite3_bind_int64(st, 25, ream_paper_added(p) ? ream_paper_added(p)
						       : (int64_t)time(NULL));
	if (ream_paper_cited(p))
		sqlite3_bind_int64(st, 26, ream_paper_cited(p));
	if (year)
		sqlite3_bind_int(st, 27, year);
	fpt = title_print(p, year);
	fpa = fingerprint(ream_paper_get(p, REAM_F_ABSTRACT), 0, 100);
	if (fpt)
		sqlite3_bind_int64(st, 28, fpt);
	if (fpa)
		sqlite3_bind_int64(st, 29, fpa);
	if (*rowid)
		sqlite3_bind_int64(st, 30, *rowid);
	rc = sqlite3_step(st);
	ream_stmt_done(st);
	free(authors);
	free(extra);
	if (rc != SQLITE_DONE)
		return ream_store_error(s, rc, "cannot save the paper", err);
	if (!*rowid)
		*rowid = sqlite3_last_insert_rowid(s->db);
	rc = ream_index_update(s, *rowid, p, 0);
	if (rc != SQLITE_OK)
		return ream_store_error(s, rc, "cannot index the paper", err);
	return REAM_OK;
}

/*
 * A merge into the paper at rowid must not give it an arXiv id or a DOI
 * that another paper holds (the copy it came from named two papers):
 * such a filled id is taken back out of p.
 */
static int keep_ids_unique(ream_store *s, int64_t rowid,
			   const ream_paper *old, ream_paper *p, char **err)
{
	static const char *const sql[] = {
		"SELECT id FROM paper WHERE arxiv = ?1",
		"SELECT id FROM paper WHERE doi = ?1"
	};
	static const ream_field fields[] = { REAM_F_ARXIV, REAM_F_DOI };
	int i, rc;

	for (i = 0; i < 2; i++) {
		const char *v = ream_paper_get(p, fields[i]);
		sqlite3_stmt *st;
		int64_t other;

		if (!v || ream_paper_get(old, fields[i]))
			continue;
		if ((rc = prepare(s, sql[i], &st, err)) != REAM_OK)
			return rc;
		bind_text(st, 1, v);
		if ((rc = step_id(s, st, &other, err)) != REAM_OK)
			return rc;
		if (other && other != rowid) {
			ream_paper_set(p, fields[i], NULL, 0);
			if (fields[i] == REAM_F_ARXIV)
				ream_paper_set(p, REAM_F_ARXIV_VERSION, NULL, 0);
		}
	}
	return REAM_OK;
}

/*
 * Rewrites the stored paper at rowid, which the index holds as old, as
 * paper p.
 */
static int rewrite(ream_store *s, int64_t rowid, const ream_paper *old,
		   ream_paper *p, char **err)
{
	int rc = ream_index_update(s, rowid, old, 1);

	if (rc != SQLITE_OK)
		return ream_store_error(s, rc, "cannot index the paper", err);
	return write_row(s, p, &rowid, err);
}

/*
 * The body of ream_store_put, inside a transaction: *rowid receives the
 * stored paper's row.
 */
static int put(ream_store *s, ream_paper *p, int64_t source, int *outcome,
	       int64_t *rowid, char **err)
{
	int year = ream_paper_year(p);
	int64_t fpt = title_print(p, year);
	int64_t fpa = fingerprint(ream_paper_get(p, REAM_F_ABSTRACT), 0, 100);
	ream_paper *stored, *old;
	int rc, changed;

	*rowid = 0;
	if (!ream_paper_get(p, REAM_F_TITLE) &&
	    !ream_paper_get(p, REAM_F_ABSTRACT) &&
	    !ream_paper_get(p, REAM_F_ARXIV) && !ream_paper_get(p, REAM_F_DOI) &&
	    !ream_paper_get(p, REAM_F_KEY))
		return ream_seterr(err, REAM_FORMAT,
			"a paper needs at least a title, an abstract, a key "
			"or an identifier");
	if ((rc = find_match(s, p, fpt, fpa, source, rowid, err)) != REAM_OK)
		return rc;
	if (!*rowid) {
		if ((rc = assign_key(s, p, err)) != REAM_OK)
			return rc;
		*outcome = REAM_PUT_ADDED;
		return write_row(s, p, rowid, err);
	}
	if ((rc = load(s, *rowid, &stored, err)) != REAM_OK)
		return rc;
	if (!stored)
		return ream_seterr(err, REAM_ERROR, "ream: a paper vanished");
	/* The index holds the stored paper: keep it to take it out. */
	old = ream_paper_dup(stored);
	changed = old ? merge(stored, p) : -1;
	if (changed > 0)
		rc = keep_ids_unique(s, *rowid, old, stored, err);
	if (changed > 0 && rc == REAM_OK)
		rc = rewrite(s, *rowid, old, stored, err);
	else if (changed < 0)
		rc = ream_seterr(err, REAM_NOMEM, "ream: out of memory");
	ream_paper_free(old);
	if (rc == REAM_OK) {
		*outcome = changed ? REAM_PUT_MERGED : REAM_PUT_UNCHANGED;
		rc = ream_paper_set(p, REAM_F_KEY,
				    ream_paper_get(stored, REAM_F_KEY),
				    (size_t)-1);
	}
	ream_paper_free(stored);
	return rc;
}

/*
 * Runs body inside the open batch transaction, or in a transaction of its
 * own. No savepoint per paper: FTS5 flushes its pending index data at
 * every savepoint, which would make each paper its own index segment. A
 * bad paper (REAM_FORMAT) is refused before anything is written; any
 * other failure ends the batch, which the caller rolls back.
 */
static int with_tx(ream_store *s, int (*body)(ream_store *, void *, char **),
		   void *arg, char **err)
{
	int rc;

	if (s->in_tx)
		return body(s, arg, err);
	if ((rc = ream_store_begin(s, err)) != REAM_OK)
		return rc;
	rc = body(s, arg, err);
	if (rc != REAM_OK) {
		ream_store_end(s, 0, NULL);
		return rc;
	}
	return ream_store_end(s, 1, err);
}

typedef struct put_args {
	ream_paper *p;
	int *outcome;
	int64_t source, gen;	/* the tracked file, for put_entry */
} put_args;

static int put_body(ream_store *s, void *arg, char **err)
{
	put_args *a = arg;
	int64_t rowid;

	return put(s, a->p, 0, a->outcome, &rowid, err);
}

int ream_store_put(ream_store *s, ream_paper *p, int *outcome, char **err)
{
	put_args a = { p, outcome, 0, 0 };
	int dummy;

	if (!a.outcome)
		a.outcome = &dummy;
	*a.outcome = 0;
	return with_tx(s, put_body, &a, err);
}

/* ---- Tracked files ----------------------------------------------------- */

int ream_store_source_get(ream_store *s, const char *path, ream_source *out,
			  char **err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = prepare(s, "SELECT id, size, mtime, hash, gen FROM source"
			  " WHERE path = ?1", &st, err)) != REAM_OK)
		return rc;
	bind_text(st, 1, path);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(st, 3);

		out->id = sqlite3_column_int64(st, 0);
		out->size = sqlite3_column_type(st, 1) == SQLITE_NULL ? -1
			    : sqlite3_column_int64(st, 1);
		out->mtime = sqlite3_column_int64(st, 2);
		out->hash = h ? strtoull(h, NULL, 16) : 0;
		out->gen = sqlite3_column_int64(st, 4);
	}
	ream_stmt_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ream_store_error(s, rc, "cannot read the store", err);
	return REAM_OK;
}

int ream_store_source_put(ream_store *s, const char *path, ream_format f,
			  ream_source *src, char **err)
{
	sqlite3_stmt *st;
	char hash[20];
	int rc;

	snprintf(hash, sizeof hash, "%016llx", (unsigned long long)src->hash);
	rc = prepare(s, "INSERT INTO source(path, format, size, mtime, hash,"
		     " imported, gen) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"
		     " ON CONFLICT(path) DO UPDATE SET format = ?2, size = ?3,"
		     " mtime = ?4, hash = ?5, imported = ?6, gen = ?7"
		     " RETURNING id", &st, err);
	if (rc != REAM_OK)
		return rc;
	bind_text(st, 1, path);
	bind_text(st, 2, ream_format_name(f));
	if (src->size >= 0)
		sqlite3_bind_int64(st, 3, src->size);
	sqlite3_bind_int64(st, 4, src->mtime);
	if (src->hash)
		bind_text(st, 5, hash);
	sqlite3_bind_int64(st, 6, (int64_t)time(NULL));
	sqlite3_bind_int64(st, 7, src->gen);
	rc = step_id(s, st, &src->id, err);
	if (rc != REAM_OK)
		return rc;
	/* Entries not seen in this generation are no longer the file's. */
	if (src->size >= 0) {
		if ((rc = prepare(s, "DELETE FROM entry WHERE source = ?1 AND"
				  " gen < ?2", &st, err)) != REAM_OK)
			return rc;
		sqlite3_bind_int64(st, 1, src->id);
		sqlite3_bind_int64(st, 2, src->gen);
		rc = sqlite3_step(st);
		ream_stmt_done(st);
		if (rc != SQLITE_DONE)
			return ream_store_error(s, rc, "cannot save to the store",
						err);
	}
	return REAM_OK;
}

/*
 * Replaces what stored has by what p has (an entry of the file the paper
 * came from has changed): every field p gives, its authors if it has any,
 * its extra fields. The stored key stays.
 */
static int replace(ream_paper *stored, const ream_paper *p)
{
	size_t i;
	int f;

	for (f = 0; f < REAM_F_COUNT; f++) {
		const char *v = ream_paper_get(p, (ream_field)f);

		if (f != REAM_F_KEY && v &&
		    ream_paper_set(stored, (ream_field)f, v, strlen(v)))
			return REAM_NOMEM;
	}
	if (ream_paper_author_count(p)) {
		ream_paper_clear_authors(stored);
		for (i = 0; i < ream_paper_author_count(p); i++) {
			const char *fam, *giv;
			int lit;

			ream_paper_author(p, i, &fam, &giv, &lit);
			if (ream_paper_add_author(stored, fam, giv, lit))
				return REAM_NOMEM;
		}
	}
	for (i = 0; i < ream_paper_extra_count(p); i++) {
		const char *name, *value;

		ream_paper_extra(p, i, &name, &value);
		if (ream_paper_set_extra(stored, name, value))
			return REAM_NOMEM;
	}
	return REAM_OK;
}

/* The body of ream_store_put_entry. */
static int put_entry_body(ream_store *s, void *arg, char **err)
{
	put_args *a = arg;
	const char *key = ream_paper_get(a->p, REAM_F_KEY);
	char *filekey;
	int64_t hash, rowid = 0, stored_hash = 0;
	ream_paper *stored = NULL, *old = NULL;
	sqlite3_stmt *st;
	int rc;

	hash = (int64_t)(ream_paper_hash(a->p) >> 1);
	if ((rc = prepare(s, "SELECT paper, hash FROM entry WHERE source = ?1"
			  " AND \"key\" = ?2", &st, err)) != REAM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, a->source);
	bind_text(st, 2, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		rowid = sqlite3_column_int64(st, 0);
		stored_hash = sqlite3_column_int64(st, 1);
	}
	ream_stmt_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ream_store_error(s, rc, "cannot read the store", err);
	rc = REAM_OK;
	if (!(filekey = strdup(key)))
		return ream_seterr(err, REAM_NOMEM, "ream: out of memory");
	if (rowid && stored_hash == hash) {
		*a->outcome = REAM_PUT_UNCHANGED;	/* nothing to re-index */
	} else if (rowid) {
		/* The entry changed: the file is right about its paper. */
		rc = load(s, rowid, &stored, err);
		if (rc == REAM_OK && stored && (old = ream_paper_dup(stored)) &&
		    replace(stored, a->p) == REAM_OK)
			rc = rewrite(s, rowid, old, stored, err);
		else if (rc == REAM_OK)
			rc = ream_seterr(err, REAM_NOMEM, "ream: out of memory");
		*a->outcome = REAM_PUT_MERGED;
	} else {
		rc = put(s, a->p, a->source, a->outcome, &rowid, err);
	}
	ream_paper_free(stored);
	ream_paper_free(old);
	if (rc == REAM_OK)
		rc = prepare(s, "INSERT OR REPLACE INTO entry(source, \"key\","
			     " paper, hash, gen) VALUES(?1, ?2, ?3, ?4, ?5)",
			     &st, err);
	if (rc == REAM_OK) {
		sqlite3_bind_int64(st, 1, a->source);
		bind_text(st, 2, filekey);
		sqlite3_bind_int64(st, 3, rowid);
		sqlite3_bind_int64(st, 4, hash);
		sqlite3_bind_int64(st, 5, a->gen);
		rc = sqlite3_step(st);
		ream_stmt_done(st);
		rc = rc == SQLITE_DONE ? REAM_OK
		     : ream_store_error(s, rc, "cannot save to the store", err);
	}
	free(filekey);
	return rc;
}

int ream_store_put_entry(ream_store *s, const ream_source *src,
			 ream_paper *p, int *outcome, char **err)
{
	put_args a = { p, outcome, src->id, src->gen };

	*outcome = 0;
	if (!ream_paper_get(p, REAM_F_KEY))
		return ream_store_put(s, p, outcome, err);
	return with_tx(s, put_entry_body, &a, err);
}

/* Runs a statement that changes rows, with rowid as its ?1. */
static int run_id(ream_store *s, const char *sql, int64_t rowid, char **err)
{
	sqlite3_stmt *st;
	int rc = prepare(s, sql, &st, err);

	if (rc != REAM_OK)
		return rc;
	sqlite3_bind_int64(st, 1, rowid);
	rc = sqlite3_step(st);
	ream_stmt_done(st);
	return rc == SQLITE_DONE ? REAM_OK
	       : ream_store_error(s, rc, "cannot remove the paper", err);
}

int ream_store_remove(ream_store *s, const char *id, char **err)
{
	int own = !s->in_tx, rc;
	int64_t rowid;
	ream_paper *p = NULL;

	if (own && (rc = ream_store_begin(s, err)) != REAM_OK)
		return rc;
	rc = ream_store_find(s, id, &rowid, err);
	if (rc == REAM_OK && !rowid)
		rc = ream_seterr(err, REAM_NOTFOUND,
				 "ream: no paper '%s' in the store", id);
	if (rc == REAM_OK)
		rc = load(s, rowid, &p, err);
	if (rc == REAM_OK) {
		rc = ream_index_update(s, rowid, p, 1);
		rc = rc == SQLITE_OK ? REAM_OK
		     : ream_store_error(s, rc, "cannot remove the paper", err);
		/* Its entries first: nothing enforces the link (see open). */
		if (rc == REAM_OK)
			rc = run_id(s, "DELETE FROM entry WHERE paper = ?1",
				    rowid, err);
		if (rc == REAM_OK)
			rc = run_id(s, "DELETE FROM paper WHERE id = ?1", rowid,
				    err);
	}
	ream_paper_free(p);
	if (own)
		return rc == REAM_OK ? ream_store_end(s, 1, err)
				     : (ream_store_end(s, 0, NULL), rc);
	return rc;
}

int ream_store_mark_cited(ream_store *s, const char *const *ids, size_t n,
			  char **err)
{
	int own = !s->in_tx, rc = REAM_OK;
	size_t i;

	if (own && (rc = ream_store_begin(s, err)) != REAM_OK)
		return rc;
	for (i = 0; i < n && rc == REAM_OK; i++) {
		int64_t rowid;
		sqlite3_stmt *st;

		if ((rc = ream_store_find(s, ids[i], &rowid, err)) != REAM_OK)
			break;
		if (!rowid) {
			rc = ream_seterr(err, REAM_NOTFOUND,
					 "ream: no paper '%s' in the store",
					 ids[i]);
			break;
		}
		if ((rc = prepare(s, "UPDATE paper SET cited = ?1 WHERE id = ?2",
				  &st, err)))
			break;
		sqlite3_bind_int64(st, 1, (int64_t)time(NULL));
		sqlite3_bind_int64(st, 2, rowid);
		rc = sqlite3_step(st);
		ream_stmt_done(st);
		rc = rc == SQLITE_DONE ? REAM_OK
		     : ream_store_error(s, rc, "cannot save to the store", err);
	}
	if (own)
		return rc == REAM_OK ? ream_store_end(s, 1, err)
				     : (ream_store_end(s, 0, NULL), rc);
	return rc;
}

/* ---- Export, stats, check ---------------------------------------------- */

/*
 * Writes the i-th exported paper in format f, with what goes before it;
 * 0 on success.
 */
static int export_one(const ream_paper *p, size_t i, ream_format f,
		      int flags, ream_write_fn w, void *ud)
{
	if (f == REAM_FMT_CSLJSON)
		return w(ud, i ? ",\n" : "[\n", 2) || ream_csl_write(p, w, ud);
	return ream_bibtex_write(p, flags, w, ud);
}

/* Writes what closes an export of n papers in format f. */
static int export_end(size_t n, ream_format f, ream_write_fn w, void *ud)
{
	if (f != REAM_FMT_CSLJSON)
		return 0;
	return n ? w(ud, "\n]\n", 3) : w(ud, "[]\n", 3);
}

/*
 * A paper found by another key than its own (a key of a .bib entry that
 * was merged into it) is exported under the key that was asked for, which
 * is the one the document cites. REAM_OK or REAM_NOMEM.
 */
static int as_cited(ream_paper *p, const char *id)
{
	const char *key = ream_paper_get(p, REAM_F_KEY);
	char norm[256];

	if (!key || strcmp(key, id) == 0 ||
	    ream_id_parse(id, strlen(id), norm, sizeof norm, NULL) !=
	    REAM_ID_NONE)
		return REAM_OK;
	return ream_paper_set(p, REAM_F_KEY, id, strlen(id));
}

int ream_export(ream_store *s, const char *const *ids, size_t n,
		ream_format format, int flags, ream_write_fn w, void *ud,
		char **err)
{
	ream_list *l = NULL;
	sqlite3_stmt *st = NULL;
	size_t i, count = 0;
	int rc = REAM_OK, src;

	if (format != REAM_FMT_BIBTEX && format != REAM_FMT_CSLJSON)
		return ream_seterr(err, REAM_FORMAT,
			"ream: cannot export to %s; use bibtex or csljson",
			ream_format_name(format));
	if (n == 0) {
		static const char sql[] =
			"SELECT " REAM_STORE_COLUMNS " FROM paper ORDER BY \"key\"";

		if ((rc = prepare(s, sql, &st, err)) != REAM_OK)
			return rc;
		while (rc == REAM_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
			ream_paper *p = ream_store_row(st);

			if (!p)
				rc = ream_seterr(err, REAM_NOMEM,
						 "ream: out of memory");
			else if (export_one(p, count++, format, flags, w, ud))
				rc = ream_seterr(err, REAM_IO,
					"ream: cannot write the export");
			ream_paper_free(p);
		}
		if (rc == REAM_OK && src != SQLITE_DONE)
			rc = ream_store_error(s, src, "cannot read the store",
					      err);
		ream_stmt_done(st);
	} else {
		/* Resolve every id first: nothing is written when one is
		 * missing. */
		if (!(l = ream_list_new()))
			return ream_seterr(err, REAM_NOMEM,
					   "ream: out of memory");
		for (i = 0; i < n && rc == REAM_OK; i++) {
			ream_paper *p;

			rc = ream_store_get(s, ids[i], &p, err);
			if (rc == REAM_OK)
				rc = ream_list_push(l, p);
			if (rc == REAM_OK && (rc = as_cited(p, ids[i])))
				rc = ream_seterr(err, rc, "ream: out of memory");
		}
		for (i = 0; rc == REAM_OK && i < ream_list_count(l); i++)
			if (export_one(ream_list_get(l, i), count++, format,
				       flags, w, ud))
				rc = ream_seterr(err, REAM_IO,
					"ream: cannot write the export");
		ream_list_free(l);
	}
	if (rc == REAM_OK && export_end(count, format, w, ud))
		rc = ream_seterr(err, REAM_IO, "ream: cannot write the export");
	return rc;
}

int ream_store_stats(ream_store *s, ream_stats *out, char **err)
{
	static const char sql[] =
		"SELECT count(*), count(arxiv), count(doi), count(cited),"
		" (SELECT count(*) FROM source),"
		" (SELECT page_count * page_size FROM pragma_page_count,"
		" pragma_page_size) FROM paper";
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = prepare(s, sql, &st, err)) != REAM_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->papers = sqlite3_column_int64(st, 0);
		out->arxiv = sqlite3_column_int64(st, 1);
		out->doi = sqlite3_column_int64(st, 2);
		out->cited = sqlite3_column_int64(st, 3);
		out->sources = sqlite3_column_int64(st, 4);
		out->bytes = sqlite3_column_int64(st, 5);
	}
	ream_stmt_done(st);
	if (rc != SQLITE_ROW)
		return ream_store_error(s, rc, "cannot read the store", err);
	pragma_int(s->db, "PRAGMA user_version", &out->schema);
	snprintf(out->sqlite, sizeof out->sqlite, "%s", sqlite3_libversion());
	return REAM_OK;
}

int ream_store_check(ream_store *s, char **err)
{
	sqlite3_stmt *st;
	ream_buf b = {0};
	int rc, brc = REAM_OK;

	if ((rc = prepare(s, "PRAGMA integrity_check", &st, err)) != REAM_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);

		if (line && strcmp(line, "ok") != 0) {
			ream_buf_adds(&brc, &b, b.n ? "; " : "");
			ream_buf_adds(&brc, &b, line);
		}
	}
	ream_stmt_done(st);
	if (rc != SQLITE_DONE) {
		ream_buf_free(&b);
		return ream_store_error(s, rc, "cannot check the store", err);
	}
	if ((rc = prepare(s, "SELECT count(*) FROM pragma_foreign_key_check",
			  &st, err)) != REAM_OK) {
		ream_buf_free(&b);
		return rc;
	}
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		ream_stmt_done(st);
		ream_buf_free(&b);
		return ream_store_error(s, rc, "cannot check the store", err);
	}
	if (sqlite3_column_int64(st, 0) > 0)
		ream_buf_printf(&brc, &b, "%s%lld %s of imported files %s a"
				" paper or a file that is not there",
				b.n ? "; " : "",
				(long long)sqlite3_column_int64(st, 0),
				sqlite3_column_int64(st, 0) > 1 ? "entries"
								: "entry",
				sqlite3_column_int64(st, 0) > 1 ? "name"
								: "names");
	ream_stmt_done(st);
	if (!s->readonly) {
		rc = sqlite3_exec(s->db, "INSERT INTO paper_fts(paper_fts)"
				  " VALUES('integrity-check')", NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			ream_buf_adds(&brc, &b, b.n ? "; " : "");
			ream_buf_printf(&brc, &b, "search index: %s",
					sqlite3_errmsg(s->db));
		}
	}
	if (b.n) {
		rc = ream_seterr(err, REAM_CORRUPT,
			"ream: the store %s is damaged: %s", s->path, b.s);
		ream_buf_free(&b);
		return rc;
	}
	ream_buf_free(&b);
	return REAM_OK;
}
