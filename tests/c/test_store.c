/* test_store.c: opening, migrating, storing, merging and finding papers. */
#include <sys/stat.h>

#include "testutil.h"

/* The listing pair that mirrors the real arXiv samples (tests/data/listings). */
#define LISTINGS TEST_DATA "/listings"

/*
 * The folder of the real arXiv listing samples the project started from:
 * $REAM_SEEDS, else ../shared/seeds. It lies outside the repository and may
 * be absent (a clean checkout in CI): the test that reads it then skips.
 */
static const char *seeds(void)
{
	const char *s = getenv("REAM_SEEDS");

	return s && *s ? s : "../shared/seeds";
}

static ream_store *open_in(const char *dir, const char *name)
{
	char path[4200];
	ream_store *s = NULL;
	char *err = NULL;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_int_equal(ream_store_open(path, 0, &s, &err), REAM_OK);
	assert_null(err);
	return s;
}

static ream_paper *paper(const char *key, const char *title, int year)
{
	ream_paper *p = ream_paper_new();
	char y[8];

	if (key)
		ream_paper_set(p, REAM_F_KEY, key, (size_t)-1);
	if (title)
		ream_paper_set(p, REAM_F_TITLE, title, (size_t)-1);
	if (year) {
		snprintf(y, sizeof y, "%d", year);
		ream_paper_set(p, REAM_F_DATE, y, (size_t)-1);
	}
	return p;
}

static int64_t count(ream_store *s)
{
	ream_stats st;

	assert_int_equal(ream_store_stats(s, &st, NULL), REAM_OK);
	return st.papers;
}

static void creates_the_store_and_its_folder(void **state)
{
	char *dir = test_tmpdir(), path[4200];
	ream_store *s = open_in(dir, "a/b/c/ream.sqlite3");
	ream_stats st;
	struct stat sb;

	(void)state;
	snprintf(path, sizeof path, "%s/a/b/c/ream.sqlite3", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(ream_store_stats(s, &st, NULL), REAM_OK);
	assert_int_equal(st.papers, 0);
	assert_int_equal(st.schema, 4);
	assert_int_equal(ream_store_check(s, NULL), REAM_OK);
	ream_store_close(s);
	ream_store_close(NULL);
	test_rmdir(dir);
}

static void takes_the_default_path_from_the_environment(void **state)
{
	char *p;

	(void)state;
	setenv("REAM_DB", "/x/y.sqlite3", 1);
	p = ream_store_default_path();
	assert_string_equal(p, "/x/y.sqlite3");
	ream_free(p);
	unsetenv("REAM_DB");
	setenv("XDG_DATA_HOME", "/data", 1);
	p = ream_store_default_path();
	assert_string_equal(p, "/data/ream/ream.sqlite3");
	ream_free(p);
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/u", 1);
	p = ream_store_default_path();
	assert_string_equal(p, "/home/u/.local/share/ream/ream.sqlite3");
	ream_free(p);
}

static void refuses_a_file_that_is_not_a_store(void **state)
{
	char *dir = test_tmpdir(), path[4200], *err = NULL;
	ream_store *s = NULL;

	(void)state;
	snprintf(path, sizeof path, "%s/junk", dir);
	test_write(path, "this is not a database, just some text that is "
		   "long enough to fill a header of one hundred bytes or so "
		   "and then some more text");
	assert_int_equal(ream_store_open(path, 0, &s, &err), REAM_CORRUPT);
	assert_null(s);
	assert_non_null(strstr(err, "not a ream store"));
	ream_free(err);
	err = NULL;
	/* Another program's database is left alone. */
	snprintf(path, sizeof path, "sqlite3 '%s/other.db' "
		 "'CREATE TABLE t(x)'", dir);
	assert_int_equal(system(path), 0);
	snprintf(path, sizeof path, "%s/other.db", dir);
	assert_int_equal(ream_store_open(path, 0, &s, &err), REAM_CORRUPT);
	assert_non_null(strstr(err, "another program"));
	ream_free(err);
	err = NULL;
	/* A folder is not a store. */
	assert_int_equal(ream_store_open(dir, 0, &s, &err), REAM_IO);
	ream_free(err);
	test_rmdir(dir);
}

static void refuses_a_store_from_a_newer_ream_untouched(void **state)
{
	char *dir = test_tmpdir(), path[4200], cmd[4300], *err = NULL;
	ream_store *s = open_in(dir, "s.db");
	struct stat before, after;

	(void)state;
	ream_store_close(s);
	snprintf(path, sizeof path, "%s/s.db", dir);
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'PRAGMA user_version = 99'",
		 path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(stat(path, &before), 0);
	assert_int_equal(ream_store_open(path, 0, &s, &err), REAM_TOONEW);
	assert_non_null(strstr(err, "newer ream"));
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(before.st_size, after.st_size);
	assert_int_equal(before.st_mtime, after.st_mtime);
	ream_free(err);
	test_rmdir(dir);
}

/* Schema 4 only changed how rows are written: a store of schema 3 opens
 * read-only as it is, and moves to 4 when opened for writing. */
static void reads_a_store_of_schema_3_without_migrating(void **state)
{
	char *dir = test_tmpdir(), path[4200], cmd[4300], *err = NULL;
	ream_store *s = open_in(dir, "s.db");
	ream_stats st;

	(void)state;
	ream_store_close(s);
	snprintf(path, sizeof path, "%s/s.db", dir);
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'PRAGMA user_version = 3'",
		 path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(ream_store_open(path, REAM_OPEN_READONLY, &s, &err),
			 REAM_OK);
	assert_int_equal(ream_store_stats(s, &st, NULL), REAM_OK);
	assert_int_equal(st.schema, 3);
	ream_store_close(s);
	assert_int_equal(ream_store_open(path, 0, &s, &err), REAM_OK);
	assert_int_equal(ream_store_stats(s, &st, NULL), REAM_OK);
	assert_int_equal(st.schema, 4);
	ream_store_close(s);
	test_rmdir(dir);
}

static void migrates_a_store_of_the_first_schema(void **state)
{
	char *dir = test_tmpdir(), path[4200], cmd[8600];
	ream_store *s;
	ream_stats st;
	ream_list *l;
	ream_paper *p;

	(void)state;
	snprintf(path, sizeof path, "%s/v1.sqlite3", dir);
	snprintf(cmd, sizeof cmd, "cp '%s/store-v1.sqlite3' '%s'", TEST_DATA,
		 path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(ream_store_open(path, 0, &s, NULL), REAM_OK);
	assert_int_equal(ream_store_stats(s, &st, NULL), REAM_OK);
	assert_int_equal(st.schema, 4);
	assert_int_equal(st.papers, 3);
	assert_int_equal(ream_search(s, "bidirectional", 13, NULL, &l, NULL),
			 REAM_OK);
	assert_int_equal(ream_list_count(l), 1);
	ream_list_free(l);
	assert_int_equal(ream_store_get(s, "vaswani2017attention", &p, NULL),
			 REAM_OK);
	ream_paper_free(p);
	assert_int_equal(ream_store_check(s, NULL), REAM_OK);
	ream_store_close(s);
	test_rmdir(dir);
}

static void opens_read_only_without_creating(void **state)
{
	char *dir = test_tmpdir(), path[4200], *err = NULL;
	ream_store *s = NULL;
	struct stat sb;

	(void)state;
	snprintf(path, sizeof path, "%s/none.db", dir);
	assert_int_equal(ream_store_open(path, REAM_OPEN_READONLY, &s, &err),
			 REAM_NOTFOUND);
	assert_non_null(strstr(err, "ream import"));
	assert_int_not_equal(stat(path, &sb), 0);
	ream_free(err);
	err = NULL;
	s = open_in(dir, "none.db");
	ream_store_close(s);
	assert_int_equal(ream_store_open(path, REAM_OPEN_READONLY, &s, &err),
			 REAM_OK);
	assert_int_equal(ream_store_begin(s, &err), REAM_READONLY);
	ream_free(err);
	ream_store_close(s);
	test_rmdir(dir);
}

static void keeps_a_given_key_and_suffixes_collisions(void **state)
{
	char *dir = test_tmpdir();
	ream_store *s = open_in(dir, "s.db");
	ream_paper *p;
	int out;

	(void)state;
	p = paper("mykey", "First Paper", 2020);
	assert_int_equal(ream_store_put(s, p, &out, NULL), REAM_OK);
	assert_int_equal(out, REAM_PUT_ADDED);
	assert_string_equal(ream_paper_get(p, REAM_F_KEY), "mykey");
	ream_paper_free(p);
	p = paper("mykey", "A Different Paper", 2021);
	assert_int_equal(ream_store_put(s, p, &out, NULL), REAM_OK);
	assert_string_equal(ream_paper_get(p, REAM_F_KEY), "mykeya");
	ream_paper_free(p);
	p = paper(NULL, "Deep Learning", 2015);
	ream_paper_add_author(p, "LeCun", "Yann", 0);
	assert_int_equal(ream_store_put(s, p, &out, NULL), REAM_OK);
	assert_string_equal(ream_paper_get(p, REAM_F_KEY), "lecun2015deep");
	ream_paper_free(p);
	p = paper(NULL, "Deep Networks", 2015);
	ream_paper_add_author(p, "LeCun", "Yann", 0);
	assert_int_equal(ream_store_put(s, p, &out, NULL), REAM_OK);
	assert_string_equal(ream_paper_get(p, REAM_F_KEY), "lecun2015deepa");
	ream_paper_free(p);
	assert_int_equal(count(s), 4);
	ream_store_close(s);
	test_rmdir(dir);
}

static void merges_copies_by_id_title_or_abstract(void **state)
{
	char *dir = test_tmpdir();
	ream_store *s = open_in(dir, "s.db");
	ream_paper *p, *got;
	int out;

	(void)state;
	p = paper(NULL, "Mamba: Linear-Time Sequence Modeling", 2023);
	ream_paper_set(p, REAM_F_ARXIV, "2312.00752", (size_t)-1);
	assert_int_equal(ream_store_put(s, p, &out, NULL), REAM_OK);
	ream_paper_free(p);
	/* Same arXiv id written another way: fills the DOI, keeps the key. */
	p = paper("other", NULL, 0);
	ream_paper_set(p, REAM_F_ARXIV, "https://arxiv.org/abs/2312.00752v2",
		       (size_t)-1);
	ream_paper_set(p, REAM_F_DOI, "10.1000/mamba", (size_t)-1);
	assert_int_equal(ream_store_put(s, p, &out, NULL), REAM_OK);
	assert_int_equal(out, REAM_PUT_MERGED);
	assert_string_equal(ream_paper_get(p, REAM_F_KEY), "arxiv2312.00752");
	ream_paper_free(p);
	/* The same again changes nothing. */
	p = paper(NULL, NULL, 0);
	ream_paper_set(p, REAM_F_DOI, "doi:10.1000/MAMBA", (size_t)-1);
	assert_int_equal(ream_store_put(s, p, &out, NULL), REAM_OK);
	assert_int_equal(out, REAM_PUT_UNCHANGED);
	ream_paper_free(p);
	/* Same normalised title and year, no ids. */
	p = paper(NULL, "MAMBA:  linear-time sequence modeling!", 2023);
	ream_paper_add_author(p, "Gu", "Albert", 0);
	assert_int_equal(ream_store_put(s, p, &out, NULL), REAM_OK);
	assert_int_equal(out, REAM_PUT_MERGED);
	ream_paper_free(p);
	/* A different year is a different paper. */
	p = paper(NULL, "Mamba: Linear-Time Sequence Modeling", 2024);
	assert_int_equal(ream_store_put(s, p, &out, NULL), REAM_OK);
	assert_int_equal(out, REAM_PUT_ADDED);
	ream_paper_free(p);
	assert_int_equal(count(s), 2);
	assert_int_equal(ream_store_get(s, "10.1000/mamba", &got, NULL), REAM_OK);
	assert_string_equal(ream_paper_get(got, REAM_F_ARXIV), "2312.00752");
	assert_int_equal(ream_paper_author_count(got), 1);
	ream_paper_free(got);
	assert_int_equal(ream_store_check(s, NULL), REAM_OK);
	ream_store_close(s);
	test_rmdir(dir);
}

static void finds_papers_by_key_arxiv_id_or_doi(void **state)
{
	static const char *const ids[] = {
		"vaswani2017attention", "arXiv:1706.03762", "1706.03762v5",
		"https://arxiv.org/abs/1706.03762v1",
		"https://arxiv.org/pdf/1706.03762", "doi:10.48550/ARXIV.1706.03762",
		"https://doi.org/10.48550/arXiv.1706.03762", NULL
	};
	char *dir = test_tmpdir(), *err = NULL;
	ream_store *s = open_in(dir, "s.db");
	ream_paper *p = paper(NULL, "Attention Is All You Need", 2017), *got;
	const char *const *id;

	(void)state;
	ream_paper_add_author(p, "Vaswani", "Ashish", 0);
	ream_paper_set(p, REAM_F_ARXIV, "1706.03762", (size_t)-1);
	ream_paper_set(p, REAM_F_DOI, "10.48550/arXiv.1706.03762", (size_t)-1);
	assert_int_equal(ream_store_put(s, p, NULL, NULL), REAM_OK);
	ream_paper_free(p);
	for (id = ids; *id; id++) {
		assert_int_equal(ream_store_get(s, *id, &got, NULL), REAM_OK);
		assert_string_equal(ream_paper_get(got, REAM_F_KEY),
				    "vaswani2017attention");
		ream_paper_free(got);
	}
	assert_int_equal(ream_store_get(s, "nobody2020", &got, &err),
			 REAM_NOTFOUND);
	assert_null(got);
	assert_non_null(strstr(err, "nobody2020"));
	ream_free(err);
	ream_store_close(s);
	test_rmdir(dir);
}

static void removes_papers_and_marks_them_cited(void **state)
{
	char *dir = test_tmpdir(), *err = NULL;
	ream_store *s = open_in(dir, "s.db");
	ream_paper *p = paper("a1", "Paper One", 2001), *got;
	const char *ids[] = { "a1" };

	(void)state;
	assert_int_equal(ream_store_put(s, p, NULL, NULL), REAM_OK);
	ream_paper_free(p);
	assert_int_equal(ream_store_mark_cited(s, ids, 1, NULL), REAM_OK);
	assert_int_equal(ream_store_get(s, "a1", &got, NULL), REAM_OK);
	assert_true(ream_paper_cited(got) > 0);
	assert_true(ream_paper_added(got) > 0);
	ream_paper_free(got);
	assert_int_equal(ream_store_remove(s, "a1", NULL), REAM_OK);
	assert_int_equal(ream_store_remove(s, "a1", &err), REAM_NOTFOUND);
	ream_free(err);
	assert_int_equal(count(s), 0);
	assert_int_equal(ream_store_check(s, NULL), REAM_OK);
	ream_store_close(s);
	test_rmdir(dir);
}

/* Imports dir/name into s, failing the test when it cannot. */
static void import_listing(ream_store *s, const char *dir, const char *name,
			   ream_import_stats *st)
{
	char path[4200], *err = NULL;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (access(path, R_OK) != 0)
		fail_msg("the listing %s is missing", path);
	assert_int_equal(ream_import_file(s, path, NULL, st, &err), REAM_OK);
	assert_null(err);
}

/*
 * Imports the pair with ids (blank-line records) and without (abstract
 * lines) from dir, in that order, and checks the 17 papers they make.
 */
static void imports_a_pair_as_17_papers(const char *dir, const char *records,
					const char *abstracts)
{
	char *tmp = test_tmpdir();
	ream_store *s = open_in(tmp, "s.db");
	ream_import_stats st;
	ream_paper *got;

	import_listing(s, dir, records, &st);
	assert_int_equal(st.records, 10);
	assert_int_equal(st.added, 10);
	import_listing(s, dir, abstracts, &st);
	assert_int_equal(st.records, 10);
	assert_int_equal(st.added, 7);
	assert_int_equal(st.unchanged + st.merged, 3);
	assert_int_equal(count(s), 17);
	/* Again: the files are unchanged, nothing is done. */
	import_listing(s, dir, abstracts, &st);
	assert_int_equal(st.skipped, 1);
	assert_int_equal(count(s), 17);
	assert_int_equal(ream_store_get(s, "arXiv:2507.06607", &got, NULL),
			 REAM_OK);
	assert_string_equal(ream_paper_get(got, REAM_F_CREATED), "2025-07-09");
	assert_string_equal(ream_paper_get(got, REAM_F_UPDATED), "2025-07-10");
	assert_string_equal(ream_paper_get(got, REAM_F_KEY), "arxiv2507.06607");
	ream_paper_free(got);
	assert_int_equal(ream_store_check(s, NULL), REAM_OK);
	ream_store_close(s);
	test_rmdir(tmp);
}

static void imports_the_two_listings_as_17_papers(void **state)
{
	(void)state;
	imports_a_pair_as_17_papers(LISTINGS, "records.txt", "abstracts.txt");
}

static void merges_the_copies_without_ids_in_either_order(void **state)
{
	char *dir = test_tmpdir();
	ream_store *s = open_in(dir, "s.db");
	ream_import_stats st;
	ream_paper *got;

	(void)state;
	import_listing(s, LISTINGS, "abstracts.txt", &st);
	assert_int_equal(st.added, 10);
	import_listing(s, LISTINGS, "records.txt", &st);
	assert_int_equal(st.added, 7);
	assert_int_equal(st.merged, 3);
	assert_int_equal(count(s), 17);
	/* The copy without an id got the id; its key stayed. */
	assert_int_equal(ream_store_get(s, "2507.06607", &got, NULL), REAM_OK);
	assert_int_equal(strncmp(ream_paper_get(got, REAM_F_KEY), "ream", 4), 0);
	assert_string_equal(ream_paper_get(got, REAM_F_CREATED), "2025-07-09");
	ream_paper_free(got);
	ream_store_close(s);
	test_rmdir(dir);
}

/* The real samples, when their folder is there; skipped when it is not. */
static void imports_the_real_seed_listings_as_17_papers(void **state)
{
	struct stat sb;

	(void)state;
	if (stat(seeds(), &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		print_message("# skipped: no folder %s; set REAM_SEEDS to the "
			      "folder of the real arXiv listing samples\n",
			      seeds());
		skip();
	}
	imports_a_pair_as_17_papers(seeds(), "004_d9506cc0719f06dc.txt",
				    "000_608591117b7e9d71.txt");
}

static void reports_a_bad_record_and_imports_the_rest(void **state)
{
	char *dir = test_tmpdir(), path[4200], *err = NULL;
	ream_store *s = open_in(dir, "s.db");
	ream_import_stats st;

	(void)state;
	snprintf(path, sizeof path, "%s/x.jsonl", dir);
	test_write(path,
		"{\"id\":\"1706.03762\",\"title\":\"Attention Is All You Need\","
		"\"abstract\":\"Transformers.\",\"versions\":[{\"version\":\"v1\","
		"\"created\":\"Mon, 12 Jun 2017 17:57:34 GMT\"}],"
		"\"authors_parsed\":[[\"Vaswani\",\"Ashish\",\"\"]]}\n"
		"{\"id\": broken\n"
		"{\"id\":\"2312.00752\",\"title\":\"Mamba\",\"abstract\":\"SSMs.\","
		"\"authors_parsed\":[[\"Gu\",\"Albert\",\"\"]]}\n");
	assert_int_equal(ream_import_file(s, path, NULL, &st, &err), REAM_OK);
	assert_int_equal(st.added, 2);
	assert_int_equal(st.failed, 1);
	assert_int_equal(count(s), 2);
	ream_store_close(s);
	test_rmdir(dir);
}

static void says_what_to_do_with_an_unknown_format(void **state)
{
	char *dir = test_tmpdir(), path[4200], *err = NULL;
	ream_store *s = open_in(dir, "s.db");

	(void)state;
	snprintf(path, sizeof path, "%s/x.txt", dir);
	test_write(path, "just some words\nand more words\n");
	assert_int_equal(ream_import_file(s, path, NULL, NULL, &err),
			 REAM_FORMAT);
	assert_non_null(strstr(err, "--format"));
	ream_free(err);
	err = NULL;
	snprintf(path, sizeof path, "%s/missing.txt", dir);
	assert_int_equal(ream_import_file(s, path, NULL, NULL, &err), REAM_IO);
	assert_non_null(strstr(err, "missing.txt"));
	ream_free(err);
	ream_store_close(s);
	test_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(creates_the_store_and_its_folder),
		cmocka_unit_test(takes_the_default_path_from_the_environment),
		cmocka_unit_test(refuses_a_file_that_is_not_a_store),
		cmocka_unit_test(refuses_a_store_from_a_newer_ream_untouched),
		cmocka_unit_test(migrates_a_store_of_the_first_schema),
		cmocka_unit_test(reads_a_store_of_schema_3_without_migrating),
		cmocka_unit_test(opens_read_only_without_creating),
		cmocka_unit_test(keeps_a_given_key_and_suffixes_collisions),
		cmocka_unit_test(merges_copies_by_id_title_or_abstract),
		cmocka_unit_test(finds_papers_by_key_arxiv_id_or_doi),
		cmocka_unit_test(removes_papers_and_marks_them_cited),
		cmocka_unit_test(imports_the_two_listings_as_17_papers),
		cmocka_unit_test(merges_the_copies_without_ids_in_either_order),
		cmocka_unit_test(imports_the_real_seed_listings_as_17_papers),
		cmocka_unit_test(reports_a_bad_record_and_imports_the_rest),
		cmocka_unit_test(says_what_to_do_with_an_unknown_format),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
