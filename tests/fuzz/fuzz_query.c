/*
 * fuzz_query.c: the query language. Any bytes are a query (ream.h): the
 * parser (ream_query_new) must take them, and a search with them in a
 * small store must succeed, with results or none, never an SQLite error.
 */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

static ream_store *store;

/* A few papers with what filters look at: years, categories, accents. */
static void seed(void)
{
	static const struct {
		const char *key, *title, *date, *cats, *arxiv, *doi;
		const char *family, *given;
	} papers[] = {
		{ "vaswani2017attention", "Attention Is All You Need",
		  "2017-06-12", "cs.CL cs.LG", "1706.03762", NULL,
		  "Vaswani", "Ashish" },
		{ "muller2020uber", "{\\\"U}ber Gr\\\"o{\\ss}e: NEAR AND OR NOT",
		  "2020", "math.AG", NULL, "10.1000/xyz-123", "Müller",
		  "Jörg" },
		{ "gu2023mamba", "Mamba: Linear-Time Sequence Modeling",
		  "2023-12", "cs.LG", "2312.00752", NULL, "Gu", "Albert" },
		{ "li2021", "模型 モデル модель \"quoted\" title:author:",
		  "2021-01-01", "hep-th", "hep-th/9901001", NULL, "李",
		  NULL },
	};
	size_t i;
	char *err = NULL;

	if (ream_store_open(":memory:", 0, &store, &err) != REAM_OK) {
		fprintf(stderr, "fuzz: cannot open a store: %s\n", err);
		abort();
	}
	for (i = 0; i < sizeof papers / sizeof papers[0]; i++) {
		ream_paper *p = ream_paper_new();

		ream_paper_set(p, REAM_F_KEY, papers[i].key, (size_t)-1);
		ream_paper_set(p, REAM_F_TITLE, papers[i].title, (size_t)-1);
		ream_paper_set(p, REAM_F_DATE, papers[i].date, (size_t)-1);
		ream_paper_set(p, REAM_F_CATEGORIES, papers[i].cats,
			       (size_t)-1);
		ream_paper_set(p, REAM_F_ARXIV, papers[i].arxiv,
			       papers[i].arxiv ? (size_t)-1 : 0);
		ream_paper_set(p, REAM_F_DOI, papers[i].doi,
			       papers[i].doi ? (size_t)-1 : 0);
		ream_paper_set(p, REAM_F_ABSTRACT, "We model sequences.",
			       (size_t)-1);
		ream_paper_add_author(p, papers[i].family, papers[i].given, 0);
		if (ream_store_put(store, p, NULL, &err) != REAM_OK) {
			fprintf(stderr, "fuzz: cannot store a paper: %s\n", err);
			abort();
		}
		ream_paper_free(p);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	seed();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ream_search_opts o = { 0, 0, 0 };
	ream_query *q = NULL;
	ream_list *l = NULL;
	char *err = NULL;
	int rc;

	rc = ream_query_new((const char *)data, size, &q);
	FUZZ_CHECK(rc == REAM_OK && q, "ream_query_new failed");
	if (ream_query_match(q))
		(void)strlen(ream_query_match(q));
	ream_query_free(q);

	/* The first byte, when there are several, picks limit and offset. */
	if (size > 1) {
		o.limit = data[0] & 7;
		o.offset = (data[0] >> 3) & 3;
	}
	rc = ream_search(store, (const char *)data, size, &o, &l, &err);
	if (rc != REAM_OK)
		fprintf(stderr, "fuzz: search failed: %s\n", err);
	FUZZ_CHECK(rc == REAM_OK, "ream_search failed on a query");
	FUZZ_CHECK(l != NULL, "ream_search gave no list");
	FUZZ_CHECK(ream_list_count(l) <= (o.limit ? o.limit : 20),
		   "ream_search gave more than the limit");
	ream_list_free(l);
	return 0;
}
