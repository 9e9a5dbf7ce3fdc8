/* test_paper.c: the paper record, identifiers and citation keys. */
#include <jansson.h>

#include "testutil.h"

static void expect_id(const char *in, int kind, const char *id, int version)
{
	char out[128];
	int v = -1;

	assert_int_equal(ream_id_parse(in, strlen(in), out, sizeof out, &v),
			 kind);
	assert_string_equal(out, id);
	assert_int_equal(v, version);
}

static void reads_arxiv_ids_written_any_way(void **state)
{
	(void)state;
	expect_id("2507.06607", REAM_ID_ARXIV, "2507.06607", 0);
	expect_id("arXiv:2507.06607", REAM_ID_ARXIV, "2507.06607", 0);
	expect_id("ARXIV: 2507.06607v2", REAM_ID_ARXIV, "2507.06607", 2);
	expect_id("https://arxiv.org/abs/2507.06607v1", REAM_ID_ARXIV,
		  "2507.06607", 1);
	expect_id("https://arxiv.org/pdf/2507.06607", REAM_ID_ARXIV,
		  "2507.06607", 0);
	expect_id("http://export.arxiv.org/pdf/2507.06607v3.pdf",
		  REAM_ID_ARXIV, "2507.06607", 3);
	expect_id("arxiv.org/abs/1706.03762", REAM_ID_ARXIV, "1706.03762", 0);
	expect_id("  0704.0001  ", REAM_ID_ARXIV, "0704.0001", 0);
	expect_id("hep-th/9901001", REAM_ID_ARXIV, "hep-th/9901001", 0);
	expect_id("arXiv:hep-th/9901001v3", REAM_ID_ARXIV, "hep-th/9901001", 3);
	expect_id("math.GT/0309136", REAM_ID_ARXIV, "math/0309136", 0);
	expect_id("https://arxiv.org/abs/cond-mat/0102536v1", REAM_ID_ARXIV,
		  "cond-mat/0102536", 1);
}

static void reads_dois_written_any_way(void **state)
{
	(void)state;
	expect_id("10.1145/3442188.3445922", REAM_ID_DOI,
		  "10.1145/3442188.3445922", 0);
	expect_id("doi:10.1145/3442188.3445922", REAM_ID_DOI,
		  "10.1145/3442188.3445922", 0);
	expect_id("DOI: 10.1038/NATURE14539", REAM_ID_DOI, "10.1038/nature14539",
		  0);
	expect_id("https://doi.org/10.1038/nature14539", REAM_ID_DOI,
		  "10.1038/nature14539", 0);
	expect_id("http://dx.doi.org/10.1103/PhysRevLett.116.061102",
		  REAM_ID_DOI, "10.1103/physrevlett.116.061102", 0);
}

static void rejects_what_is_no_identifier(void **state)
{
	static const char *const bad[] = {
		"", "   ", "vaswani2017attention", "2507.066", "2513.06607",
		"1234/5678", "foo/9901001", "10.12/x", "10.1145", "doi:",
		"arXiv:", "https://example.org/abs/2507.06607",
		"2507.06607v", "2507.06607vx", "hep-th/99010", NULL
	};
	const char *const *b;
	char out[64];

	(void)state;
	for (b = bad; *b; b++) {
		assert_int_equal(ream_id_parse(*b, strlen(*b), out, sizeof out,
					       NULL), REAM_ID_NONE);
		assert_string_equal(out, "");
	}
	/* A NUL inside is never an identifier. */
	assert_int_equal(ream_id_parse("2507.06607\0x", 12, out, sizeof out,
				       NULL), REAM_ID_NONE);
	/* Too small an output buffer is a refusal, not an overflow. */
	assert_int_equal(ream_id_parse("2507.06607", 10, out, 5, NULL),
			 REAM_ID_NONE);
}

static void normalises_identifiers_as_they_are_set(void **state)
{
	ream_paper *p = ream_paper_new();

	(void)state;
	assert_int_equal(ream_paper_set(p, REAM_F_ARXIV,
		"https://arxiv.org/abs/2312.00752v2", (size_t)-1), REAM_OK);
	assert_string_equal(ream_paper_get(p, REAM_F_ARXIV), "2312.00752");
	assert_string_equal(ream_paper_get(p, REAM_F_ARXIV_VERSION), "2");
	assert_int_equal(ream_paper_set(p, REAM_F_DOI, "not a doi", (size_t)-1),
			 REAM_FORMAT);
	assert_null(ream_paper_get(p, REAM_F_DOI));
	assert_int_equal(ream_paper_set(p, REAM_F_DATE, "2023-12-01", 10),
			 REAM_OK);
	assert_int_equal(ream_paper_year(p), 2023);
	assert_int_equal(ream_paper_set(p, REAM_F_DATE, "2023-13", 7),
			 REAM_FORMAT);
	assert_int_equal(ream_paper_set(p, REAM_F_TITLE, "  spaced  ", 10),
			 REAM_OK);
	assert_string_equal(ream_paper_get(p, REAM_F_TITLE), "spaced");
	assert_int_equal(ream_paper_set(p, REAM_F_TITLE, "   ", 3), REAM_OK);
	assert_null(ream_paper_get(p, REAM_F_TITLE));
	ream_paper_free(p);
}

static char *key_of(ream_paper *p)
{
	ream_buf b = {0};
	int rc = REAM_OK;

	ream_paper_make_key(&rc, &b, p);
	assert_int_equal(rc, REAM_OK);
	return ream_buf_take(&rc, &b);
}

static void makes_keys_in_the_manner_of_better_bibtex(void **state)
{
	ream_paper *p = ream_paper_new();
	char *k;

	(void)state;
	ream_paper_add_author(p, "Vaswani", "Ashish", 0);
	ream_paper_add_author(p, "Shazeer", "Noam", 0);
	ream_paper_set(p, REAM_F_TITLE, "Attention Is All You Need", (size_t)-1);
	ream_paper_set(p, REAM_F_DATE, "2017", 4);
	k = key_of(p);
	assert_string_equal(k, "vaswani2017attention");
	assert_int_equal(ream_key_valid(k, strlen(k)), 1);
	free(k);
	ream_paper_free(p);

	p = ream_paper_new();
	ream_paper_add_author(p, "Müller-Lüdenscheidt", "Jörg", 0);
	ream_paper_set(p, REAM_F_TITLE, "On the Theory of Łódź Graphs",
		       (size_t)-1);
	ream_paper_set(p, REAM_F_DATE, "1999-04", 7);
	k = key_of(p);
	assert_string_equal(k, "mullerludenscheidt1999theory");
	free(k);
	ream_paper_free(p);
}

static void falls_back_to_the_arxiv_id_then_a_hash(void **state)
{
	ream_paper *p = ream_paper_new();
	char *k, *k2;

	(void)state;
	ream_paper_set(p, REAM_F_ARXIV, "hep-th/9901001", (size_t)-1);
	ream_paper_set(p, REAM_F_ABSTRACT, "We study things.", (size_t)-1);
	k = key_of(p);
	assert_string_equal(k, "arxivhep-th9901001");
	assert_int_equal(ream_key_valid(k, strlen(k)), 1);
	free(k);
	ream_paper_free(p);

	p = ream_paper_new();
	ream_paper_set(p, REAM_F_ABSTRACT, "We study things.", (size_t)-1);
	k = key_of(p);
	k2 = key_of(p);
	assert_int_equal(strncmp(k, "ream", 4), 0);
	assert_int_equal(strlen(k), 12);
	assert_string_equal(k, k2);	/* stable */
	assert_int_equal(ream_key_valid(k, strlen(k)), 1);
	free(k);
	free(k2);
	ream_paper_free(p);
}

static void tells_valid_keys_from_invalid_ones(void **state)
{
	(void)state;
	assert_int_equal(ream_key_valid("gu2023mamba", 11), 1);
	assert_int_equal(ream_key_valid("Smith:2020.a", 12), 1);
	assert_int_equal(ream_key_valid("arxiv2507.06607", 15), 1);
	assert_int_equal(ream_key_valid("", 0), 0);
	assert_int_equal(ream_key_valid("a b", 3), 0);
	assert_int_equal(ream_key_valid("a,b", 3), 0);
	assert_int_equal(ream_key_valid("key.", 4), 0);
	assert_int_equal(ream_key_valid("{x}", 3), 0);
	assert_int_equal(ream_key_valid("-x", 2), 0);
}

static void packs_and_unpacks_authors_and_extra_fields(void **state)
{
	ream_paper *p = ream_paper_new(), *q = ream_paper_new();
	const char *fam, *giv;
	char *packed, *extra;
	int lit;

	(void)state;
	ream_paper_add_author(p, "Gu", "Albert", 0);
	ream_paper_add_author(p, "Barnes and Noble, Inc.", NULL, 1);
	ream_paper_add_author(p, "Plato", NULL, 0);
	ream_paper_set_extra(p, "isbn", "978-0-12");
	ream_paper_set_extra(p, "note", "a \"quoted\" note");
	packed = ream_paper_authors_pack(p);
	extra = ream_paper_extra_pack(p);
	assert_int_equal(ream_paper_authors_unpack(q, packed), REAM_OK);
	assert_int_equal(ream_paper_extra_unpack(q, extra), REAM_OK);
	assert_int_equal(ream_paper_author_count(q), 3);
	ream_paper_author(q, 0, &fam, &giv, &lit);
	assert_string_equal(fam, "Gu");
	assert_string_equal(giv, "Albert");
	assert_int_equal(lit, 0);
	ream_paper_author(q, 1, &fam, &giv, &lit);
	assert_string_equal(fam, "Barnes and Noble, Inc.");
	assert_null(giv);
	assert_int_equal(lit, 1);
	ream_paper_author(q, 2, &fam, &giv, &lit);
	assert_string_equal(fam, "Plato");
	assert_int_equal(lit, 0);
	assert_string_equal(ream_paper_get_extra(q, "note"), "a \"quoted\" note");
	free(packed);
	free(extra);
	ream_paper_free(p);
	ream_paper_free(q);
}

/*
 * The extra fields are packed by hand, as jansson would write them: the
 * same bytes as json_dumps for every kind of character, and a byte that is
 * not UTF-8 as U+FFFD (where jansson would refuse the string).
 */
static void packs_extra_fields_as_jansson_writes_them(void **state)
{
	static const char *const values[] = {
		"", "plain", "a \"quoted\" \\ back/slash", "tab\there\nline\r",
		"\x01\x02\x08\x0c\x1b\x1f\x7f", "M\xc3\xbcller \xe2\x80\x94 \xe6\x97\xa5 \xf0\x9f\x98\x80",
		"{\\\"o}ther $x^2$ 50% & more", "</script>",
	};
	ream_paper *p = ream_paper_new(), *q = ream_paper_new();
	json_t *o = json_object();
	char name[16], *mine, *theirs;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof values / sizeof values[0]; i++) {
		snprintf(name, sizeof name, i % 2 ? "f\"%zu" : "f%zu", i);
		ream_paper_set_extra(p, name, values[i]);
		json_object_set_new(o, name, json_string(values[i]));
	}
	mine = ream_paper_extra_pack(p);
	theirs = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_non_null(mine);
	assert_non_null(theirs);
	assert_string_equal(mine, theirs);
	free(mine);
	free(theirs);
	json_decref(o);
	ream_paper_free(p);

	/* Not UTF-8: a lone continuation byte, a cut sequence, an overlong
	 * form. Each bad byte becomes U+FFFD, and the JSON still reads. */
	p = ream_paper_new();
	ream_paper_set_extra(p, "bad", "a\x80" "b\xe2\x80" "c\xc0\xaf" "d");
	mine = ream_paper_extra_pack(p);
	assert_non_null(mine);
	assert_int_equal(ream_paper_extra_unpack(q, mine), REAM_OK);
	assert_string_equal(ream_paper_get_extra(q, "bad"),
			    "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd" "c"
			    "\xef\xbf\xbd\xef\xbf\xbd" "d");
	free(mine);
	ream_paper_free(p);
	ream_paper_free(q);
}

/*
 * An extra field set with the TeX it was read from is stored as that TeX
 * only (null in its place) and decoded again when read back; one changed
 * on its own afterwards is stored as it is.
 */
static void stores_a_decoded_extra_field_as_its_tex(void **state)
{
	ream_paper *p = ream_paper_new(), *q = ream_paper_new(), *d;
	const char *name, *value;
	char *packed;

	(void)state;
	assert_int_equal(ream_paper_set_extra(p, "issn", "0896-3207"), REAM_OK);
	assert_int_equal(ream_paper_set_extra_tex(p, "acknowledgement",
		"URL: http://www.math.utah.edu/ beebe/",
		"URL: http://www.math.utah.edu/~beebe/"), REAM_OK);
	assert_int_equal(ream_paper_set_extra_tex(p, "note",
		"M\xc3\xbcller", "M{\\\"u}ller"), REAM_OK);
	packed = ream_paper_extra_pack(p);
	assert_string_equal(packed, "{\"issn\":\"0896-3207\","
		"\"acknowledgement\":null,"
		"\"raw.acknowledgement\":\"URL: http://www.math.utah.edu/~beebe/\","
		"\"note\":null,\"raw.note\":\"M{\\\\\\\"u}ller\"}");
	assert_int_equal(ream_paper_extra_unpack(q, packed), REAM_OK);
	free(packed);
	/* The same fields, in the same order, and the same hash. */
	assert_int_equal(ream_paper_extra_count(q), 5);
	assert_true(ream_paper_extra(q, 1, &name, &value));
	assert_string_equal(name, "acknowledgement");
	assert_string_equal(value, ream_paper_get_extra(p, "acknowledgement"));
	assert_true(ream_paper_extra(q, 2, &name, &value));
	assert_string_equal(name, "raw.acknowledgement");
	assert_string_equal(ream_paper_get_extra(q, "note"), "M\xc3\xbcller");
	assert_true(ream_paper_hash(p) == ream_paper_hash(q));
	/* A copy keeps the pair; a field changed alone is stored in full. */
	d = ream_paper_dup(q);
	assert_non_null(d);
	packed = ream_paper_extra_pack(d);
	assert_non_null(strstr(packed, "\"note\":null"));
	free(packed);
	assert_int_equal(ream_paper_set_extra(d, "note", "Mueller"), REAM_OK);
	assert_int_equal(ream_paper_set_extra(d, "raw.acknowledgement",
					      "other"), REAM_OK);
	packed = ream_paper_extra_pack(d);
	assert_non_null(strstr(packed, "\"note\":\"Mueller\""));
	assert_non_null(strstr(packed, "\"acknowledgement\":\"URL: "));
	free(packed);
	packed = ream_paper_extra_pack(q);	/* the copy changed, not q */
	assert_non_null(strstr(packed, "\"note\":null"));
	free(packed);
	/* A null without its raw.<name> (a store edited by hand) is left
	 * out, not an error. */
	ream_paper_free(q);
	q = ream_paper_new();
	assert_int_equal(ream_paper_extra_unpack(q, "{\"a\":null,\"b\":\"x\"}"),
			 REAM_OK);
	assert_int_equal(ream_paper_extra_count(q), 1);
	assert_string_equal(ream_paper_get_extra(q, "b"), "x");
	ream_paper_free(d);
	ream_paper_free(p);
	ream_paper_free(q);
}

/* The quick hash tells apart texts that differ in one byte anywhere,
 * or in length only, and gives the same text the same value. */
static void hashes_every_byte_and_the_length(void **state)
{
	char a[40], b[40];
	uint64_t h, seen[41];
	size_t n, i, j;

	(void)state;
	memset(a, 'x', sizeof a);
	for (n = 0; n <= sizeof a; n++) {
		h = ream_hash_quick(REAM_HASH_INIT, a, n);
		assert_true(h == ream_hash_quick(REAM_HASH_INIT, a, n));
		for (j = 0; j < n; j++)
			assert_true(seen[j] != h);	/* "x" * j, j < n */
		seen[n] = h;
		for (i = 0; i < n; i++) {
			memcpy(b, a, n);
			b[i] = 'y';
			assert_true(ream_hash_quick(REAM_HASH_INIT, b, n) != h);
			b[i] = '\0';
			assert_true(ream_hash_quick(REAM_HASH_INIT, b, n) != h);
		}
	}
}

/* The hash that tells a changed .bib entry from an unchanged one. */
static void hashes_everything_a_paper_holds(void **state)
{
	ream_paper *p = ream_paper_new(), *q;
	uint64_t h;

	(void)state;
	ream_paper_set(p, REAM_F_TITLE, "Mamba", 5);
	ream_paper_add_author(p, "Gu", "Albert", 0);
	ream_paper_set_extra(p, "note", "first");
	h = ream_paper_hash(p);
	q = ream_paper_dup(p);
	assert_true(ream_paper_hash(q) == h);
	ream_paper_set_extra(q, "note", "second");
	assert_true(ream_paper_hash(q) != h);
	ream_paper_free(q);
	q = ream_paper_dup(p);
	ream_paper_add_author(q, "Dao", "Tri", 0);
	assert_true(ream_paper_hash(q) != h);
	ream_paper_free(q);
	/* The same text in another field is another paper. */
	q = ream_paper_dup(p);
	ream_paper_set(q, REAM_F_TITLE, NULL, 0);
	ream_paper_set(q, REAM_F_TYPE, "Mamba", 5);
	assert_true(ream_paper_hash(q) != h);
	ream_paper_free(q);
	/* A literal name is not a person's with the same text. */
	q = ream_paper_new();
	ream_paper_set(q, REAM_F_TITLE, "Mamba", 5);
	ream_paper_add_author(q, "Gu", "Albert", 1);
	ream_paper_set_extra(q, "note", "first");
	assert_true(ream_paper_hash(q) != h);
	ream_paper_free(q);
	ream_paper_free(p);
}

/* Found by fuzzing (tests/fuzz/regress/id): atoi read past the length. */
static void reads_identifiers_and_dates_within_their_length(void **state)
{
	static const char id[] = "arXiv:2507.06607v2345";
	ream_paper *p = ream_paper_new();
	char out[128], *copy = malloc(32);
	int v = -1;

	(void)state;
	assert_non_null(copy);
	memcpy(copy, id, 18);	/* "arXiv:2507.06607v2", no NUL after */
	assert_int_equal(ream_id_parse(copy, 18, out, sizeof out, &v),
			 REAM_ID_ARXIV);
	assert_string_equal(out, "2507.06607");
	assert_int_equal(v, 2);
	/* A URL that stops after its path: no ".pdf" looked for before it
	 * (the copy is exactly as long, so ASan sees a read past it). */
	{
		char *url = malloc(22);

		assert_non_null(url);
		memcpy(url, "https://arxiv.org/abs/", 22);
		assert_int_equal(ream_id_parse(url, 22, out, sizeof out, &v),
				 REAM_ID_NONE);
		free(url);
	}
	memcpy(copy, "20219999", 8);
	assert_int_equal(ream_paper_set(p, REAM_F_DATE, copy, 4), REAM_OK);
	assert_string_equal(ream_paper_get(p, REAM_F_DATE), "2021");
	free(copy);
	ream_paper_free(p);
}

/* Found by fuzzing (tests/fuzz/regress/cite): names holding the bytes
 * that separate names in the store came back as other names. */
static void keeps_names_that_hold_the_store_separators(void **state)
{
	ream_paper *p = ream_paper_new(), *q = ream_paper_new();
	const char *fam, *giv;
	char *packed;
	int lit;

	(void)state;
	ream_paper_add_author(p, "World\x1fHealth\x1eOrganization", NULL, 1);
	ream_paper_add_author(p, "Gu\x1e", "Al\x1f" "bert", 0);
	packed = ream_paper_authors_pack(p);
	assert_int_equal(ream_paper_authors_unpack(q, packed), REAM_OK);
	assert_int_equal(ream_paper_author_count(q), 2);
	ream_paper_author(q, 0, &fam, &giv, &lit);
	assert_string_equal(fam, "World Health Organization");
	assert_null(giv);
	assert_int_equal(lit, 1);
	ream_paper_author(q, 1, &fam, &giv, &lit);
	assert_string_equal(fam, "Gu ");
	assert_string_equal(giv, "Al bert");
	assert_int_equal(lit, 0);
	free(packed);
	ream_paper_free(p);
	ream_paper_free(q);
}

static void writes_the_json_fields_of_search(void **state)
{
	ream_paper *p = ream_paper_new();
	char *js;

	(void)state;
	ream_paper_set(p, REAM_F_KEY, "gu2023mamba", (size_t)-1);
	ream_paper_set(p, REAM_F_TITLE, "Mamba", (size_t)-1);
	ream_paper_set(p, REAM_F_DATE, "2023-12-01", (size_t)-1);
	ream_paper_set(p, REAM_F_CATEGORIES, "cs.LG cs.AI", (size_t)-1);
	ream_paper_add_author(p, "Gu", "Albert", 0);
	js = ream_paper_json(p);
	assert_non_null(strstr(js, "\"key\":\"gu2023mamba\""));
	assert_non_null(strstr(js, "\"authors\":[{\"family\":\"Gu\","
				   "\"given\":\"Albert\"}]"));
	assert_non_null(strstr(js, "\"year\":2023"));
	assert_non_null(strstr(js, "\"categories\":[\"cs.LG\",\"cs.AI\"]"));
	free(js);
	ream_paper_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_arxiv_ids_written_any_way),
		cmocka_unit_test(reads_dois_written_any_way),
		cmocka_unit_test(rejects_what_is_no_identifier),
		cmocka_unit_test(normalises_identifiers_as_they_are_set),
		cmocka_unit_test(makes_keys_in_the_manner_of_better_bibtex),
		cmocka_unit_test(falls_back_to_the_arxiv_id_then_a_hash),
		cmocka_unit_test(tells_valid_keys_from_invalid_ones),
		cmocka_unit_test(packs_and_unpacks_authors_and_extra_fields),
		cmocka_unit_test(packs_extra_fields_as_jansson_writes_them),
		cmocka_unit_test(stores_a_decoded_extra_field_as_its_tex),
		cmocka_unit_test(hashes_everything_a_paper_holds),
		cmocka_unit_test(hashes_every_byte_and_the_length),
		cmocka_unit_test(reads_identifiers_and_dates_within_their_length),
		cmocka_unit_test(keeps_names_that_hold_the_store_separators),
		cmocka_unit_test(writes_the_json_fields_of_search),
	};

	return cmocka_run_group_tests_name("paper", tests, NULL, NULL);
}
