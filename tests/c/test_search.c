/* test_search.c: the query language, ranking and hostile queries. */
#include "testutil.h"

typedef struct fixture {
	char *dir;
	ream_store *s;
} fixture;

static void add(ream_store *s, const char *key, const char *title,
		const char *family, const char *given, const char *date,
		const char *cats, const char *abstract)
{
	ream_paper *p = ream_paper_new();

	ream_paper_set(p, REAM_F_KEY, key, (size_t)-1);
	ream_paper_set(p, REAM_F_TITLE, title, (size_t)-1);
	if (family)
		ream_paper_add_author(p, family, given, 0);
	ream_paper_set(p, REAM_F_DATE, date, (size_t)-1);
	if (cats)
		ream_paper_set(p, REAM_F_CATEGORIES, cats, (size_t)-1);
	if (abstract)
		ream_paper_set(p, REAM_F_ABSTRACT, abstract, (size_t)-1);
	assert_int_equal(ream_store_put(s, p, NULL, NULL), REAM_OK);
	ream_paper_free(p);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	char path[4200];

	f->dir = test_tmpdir();
	snprintf(path, sizeof path, "%s/s.db", f->dir);
	assert_int_equal(ream_store_open(path, 0, &f->s, NULL), REAM_OK);
	add(f->s, "vaswani2017attention", "Attention Is All You Need",
	    "Vaswani", "Ashish", "2017", "cs.CL cs.LG",
	    "The dominant sequence transduction models are based on complex "
	    "recurrent or convolutional neural networks.");
	add(f->s, "muller2019when", "When Does Label Smoothing Help?",
	    "Müller", "Rafael", "2019", "cs.LG stat.ML",
	    "Label smoothing improves generalization of multi-class "
	    "classifiers.");
	add(f->s, "gu2023mamba",
	    "Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
	    "Gu", "Albert", "2023-12-01", "cs.LG",
	    "Foundation models are almost universally based on the attention "
	    "mechanism of the Transformer.");
	add(f->s, "stroustrup2013cpp", "The C++ Programming Language",
	    "Stroustrup", "Bjarne", "2013", NULL,
	    "A book about C++ and it's 50% templates.");
	add(f->s, "erdos1959random", "On Random Graphs I", "Erdős", "Paul",
	    "1959", "math.CO", "We study random graphs.");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	ream_store_close(f->s);
	test_rmdir(f->dir);
	free(f);
	return 0;
}

/* The keys a query finds, joined by spaces, in rank order. */
static char *keys(fixture *f, const char *q, size_t n)
{
	ream_list *l = NULL;
	ream_buf b = {0};
	char *err = NULL;
	int rc = REAM_OK;
	size_t i;

	assert_int_equal(ream_search(f->s, q, n, NULL, &l, &err), REAM_OK);
	assert_null(err);
	for (i = 0; i < ream_list_count(l); i++) {
		if (i)
			ream_buf_addc(&rc, &b, ' ');
		ream_buf_adds(&rc, &b, ream_paper_get(ream_list_get(l, i),
						      REAM_F_KEY));
	}
	ream_list_free(l);
	return ream_buf_take(&rc, &b);
}

#define expect(q, want) do { \
	char *got_ = keys(*state, q, strlen(q)); \
	assert_string_equal(got_, want); \
	free(got_); \
} while (0)

static void ranks_title_matches_above_abstract_matches(void **state)
{
	expect("attention", "vaswani2017attention gu2023mamba");
}

static void matches_the_last_word_as_a_prefix(void **state)
{
	expect("attent", "vaswani2017attention gu2023mamba");
	expect("label smoo", "muller2019when");
	expect("label smoo ", "");
}

static void folds_case_accents_and_tex(void **state)
{
	expect("müller", "muller2019when");
	expect("MULLER", "muller2019when");
	expect("M{\\\"u}ller", "muller2019when");
	expect("erdos", "erdos1959random");
	expect("Erdős", "erdos1959random");
}

static void understands_phrases_exclusions_and_filters(void **state)
{
	expect("\"selective state\"", "gu2023mamba");
	expect("\"state selective\"", "");
	expect("attention -mamba", "vaswani2017attention");
	expect("-attention", "erdos1959random stroustrup2013cpp muller2019when");
	expect("author:vaswani", "vaswani2017attention");
	expect("title:attention", "vaswani2017attention");
	expect("year:2019", "muller2019when");
	expect("year:2017..2019", "muller2019when vaswani2017attention");
	expect("year:..1960", "erdos1959random");
	expect("cat:cs.LG", "gu2023mamba muller2019when vaswani2017attention");
	expect("cat:math", "erdos1959random");
	expect("cat:cs.LG label", "muller2019when");
	expect("key:gu2023", "gu2023mamba");
	expect("id:gu2023mamba", "gu2023mamba");
	expect("sequence 2023", "gu2023mamba");
	expect("year:abc", "");
}

static void lists_recent_papers_for_an_empty_query(void **state)
{
	expect("", "erdos1959random stroustrup2013cpp gu2023mamba "
	       "muller2019when vaswani2017attention");
	expect("   ", "erdos1959random stroustrup2013cpp gu2023mamba "
	       "muller2019when vaswani2017attention");
}

static void takes_any_string_a_person_can_type(void **state)
{
	static const char *const hostile[] = {
		"C++", "multi-agent", "it's", "50%", "AND", "OR", "NOT", "NEAR(",
		"NEAR(a b, 3)", "-", "\"", "\"\"", "title:", "author:\"", "*",
		"a*", "^", "{title}: x", "title : x", "col:x", "(", ")", ":",
		"\\", "\\\\cite{", "'; DROP TABLE paper; --", "%", "_",
		"\xff\xfe\xfd", "\xc3", "x\x01y", "ジョン", "σ-algebra",
		"-\"", "--", "year:", "year:..", "year:2020..2010",
		"year:0..99999", "cat:", "key:", "id:", "id:10.1/x", NULL
	};
	const char *const *h;
	char big[10240], parens[301];
	char nul[] = "attention\0mamba";

	for (h = hostile; *h; h++)
		free(keys(*state, *h, strlen(*h)));
	memset(big, 'a', sizeof big);
	for (size_t i = 0; i < sizeof big; i += 7)
		big[i] = ' ';
	free(keys(*state, big, sizeof big));
	memset(parens, '(', sizeof parens);
	free(keys(*state, parens, sizeof parens));
	expect("C++", "stroustrup2013cpp");
	expect("it's", "stroustrup2013cpp");
	expect("50%", "stroustrup2013cpp");
	{
		char *got = keys(*state, nul, sizeof nul - 1);

		/* NUL separates two words, both in gu2023mamba. */
		assert_string_equal(got, "gu2023mamba");
		free(got);
	}
}

/* Found by fuzzing (tests/fuzz/regress/query): year: read past the query. */
static void reads_year_filters_within_the_query_only(void **state)
{
	static const char text[] = "year:20179999";
	char *q = malloc(9), *got;

	assert_non_null(q);
	memcpy(q, text, 9);	/* "year:2017", and no NUL after it */
	got = keys(*state, q, 9);
	assert_string_equal(got, "vaswani2017attention");
	free(got);
	free(q);
	/* Years too large for an int find nothing, without overflow. */
	expect("year:2147483648..2147483647", "");
	expect("year:99999999999999999999", "");
	expect("year:1..999999999", "");
	expect("year:2017..2147483648", "");
}

static void pages_through_results(void **state)
{
	fixture *f = *state;
	ream_search_opts o = { 1, 1, 0 };
	ream_list *l;

	assert_int_equal(ream_search(f->s, "attention", 9, &o, &l, NULL),
			 REAM_OK);
	assert_int_equal(ream_list_count(l), 1);
	assert_string_equal(ream_paper_get(ream_list_get(l, 0), REAM_F_KEY),
			    "gu2023mamba");
	ream_list_free(l);
}

static void parses_queries_into_quoted_words_only(void **state)
{
	ream_query *q;

	(void)state;
	assert_int_equal(ream_query_new("NEAR(a OR b", 11, &q), REAM_OK);
	assert_string_equal(ream_query_match(q),
		"{title authors abstract meta} : \"near a\" AND "
		"{title authors abstract meta} : \"or\" AND "
		"{title authors abstract meta} : \"b\"*");
	ream_query_free(q);
	assert_int_equal(ream_query_new("!!!", 3, &q), REAM_OK);
	assert_null(ream_query_match(q));
	ream_query_free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ranks_title_matches_above_abstract_matches),
		cmocka_unit_test(matches_the_last_word_as_a_prefix),
		cmocka_unit_test(folds_case_accents_and_tex),
		cmocka_unit_test(understands_phrases_exclusions_and_filters),
		cmocka_unit_test(lists_recent_papers_for_an_empty_query),
		cmocka_unit_test(takes_any_string_a_person_can_type),
		cmocka_unit_test(reads_year_filters_within_the_query_only),
		cmocka_unit_test(pages_through_results),
		cmocka_unit_test(parses_queries_into_quoted_words_only),
	};

	return cmocka_run_group_tests_name("search", tests, setup, teardown);
}
