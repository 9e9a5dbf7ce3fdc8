/*
 * test_arxiv.c: the arXiv readers (core/arxiv.c), on the listing pair in
 * tests/data/listings/ (which mirrors the real arXiv samples the project
 * started from), the fixtures in tests/data/arxiv/ and texts made in memory.
 */
#include "testutil.h"

#define MAX_PAPERS 32
#define MAX_WARNS 16

typedef int (*reader_fn)(FILE *f, ream_reader *r);

/* What a reader gave: its papers and warnings, in order. */
typedef struct got {
	ream_paper *p[MAX_PAPERS];
	long line[MAX_PAPERS];
	size_t n;
	char *warn[MAX_WARNS];
	long wline[MAX_WARNS];
	size_t nwarn;
	size_t stop_after;	/* emit says stop after this many; 0: never */
	int64_t bytes;
	int rc;
} got;

static int got_emit(void *ud, ream_paper *p, long line)
{
	got *g = ud;

	assert_non_null(p);
	assert_true(g->n < MAX_PAPERS);
	g->p[g->n] = p;
	g->line[g->n++] = line;
	return g->stop_after && g->n >= g->stop_after ? 99 : 0;
}

static void got_warn(void *ud, long line, const char *msg)
{
	got *g = ud;

	assert_true(g->nwarn < MAX_WARNS);
	g->warn[g->nwarn] = strdup(msg);
	assert_non_null(g->warn[g->nwarn]);
	g->wline[g->nwarn++] = line;
}

static void got_free(got *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		ream_paper_free(g->p[i]);
	for (i = 0; i < g->nwarn; i++)
		free(g->warn[i]);
	memset(g, 0, sizeof *g);
}

/* Each test gets two empty gots in *state; teardown frees what they hold. */
static int got_setup(void **state)
{
	*state = calloc(2, sizeof(got));
	return *state ? 0 : -1;
}

static int got_teardown(void **state)
{
	got *g = *state;

	got_free(&g[0]);
	got_free(&g[1]);
	free(g);
	return 0;
}

/* Runs read on f into g (which keeps its stop_after). */
static void read_stream(reader_fn read, FILE *f, got *g)
{
	ream_reader r = { "test", got_emit, got_warn, g, 0, NULL };

	g->rc = read(f, &r);
	g->bytes = r.bytes;
}

/* Runs read on the first n bytes of text. */
static void read_mem(reader_fn read, const char *text, size_t n, got *g)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, n, f), n);
	rewind(f);
	read_stream(read, f, g);
	fclose(f);
}

static void read_text(reader_fn read, const char *text, got *g)
{
	read_mem(read, text, strlen(text), g);
}

static void read_path(reader_fn read, const char *path, got *g)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		fail_msg("cannot open %s", path);
	read_stream(read, f, g);
	fclose(f);
}

/*
 * Reads the listing fixture called name in tests/data/listings/: records.txt
 * (blank-line separated records with ids and dates) or abstracts.txt (a
 * header line, then "Abstract:" lines without ids).
 */
static void read_listing(const char *name, got *g)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/listings/%s", TEST_DATA, name);
	read_path(ream_arxiv_listing_read, path, g);
}

static const char *field(const got *g, size_t i, ream_field f)
{
	assert_true(i < g->n);
	return ream_paper_get(g->p[i], f);
}

/* Asserts that paper i has field f equal to want (NULL: no value). */
static void assert_field(const got *g, size_t i, ream_field f,
			 const char *want)
{
	const char *v = field(g, i, f);

	if (!want && v)
		fail_msg("paper %zu: %s is \"%s\", want none", i,
			 ream_field_name(f), v);
	if (want && (!v || strcmp(v, want) != 0))
		fail_msg("paper %zu: %s is \"%s\", want \"%s\"", i,
			 ream_field_name(f), v ? v : "(none)", want);
}

/* Asserts that paper i's field f starts with want. */
static void assert_starts(const got *g, size_t i, ream_field f,
			  const char *want)
{
	const char *v = field(g, i, f);

	if (!v || strncmp(v, want, strlen(want)) != 0)
		fail_msg("paper %zu: %s is \"%.60s\", want it to start "
			 "\"%s\"", i, ream_field_name(f), v ? v : "(none)",
			 want);
}

static void assert_contains(const got *g, size_t i, ream_field f,
			    const char *want)
{
	const char *v = field(g, i, f);

	if (!v || !strstr(v, want))
		fail_msg("paper %zu: %s lacks \"%s\"", i, ream_field_name(f),
			 want);
}

/* Asserts warning i is at line and holds want. */
static void assert_warn(const got *g, size_t i, long line, const char *want)
{
	assert_true(i < g->nwarn);
	if (g->wline[i] != line || !strstr(g->warn[i], want))
		fail_msg("warning %zu is \"%s\" at line %ld, want \"%s\" at "
			 "line %ld", i, g->warn[i], g->wline[i], want, line);
}

static void assert_author(const got *g, size_t i, size_t k,
			  const char *family, const char *given, int literal)
{
	const char *f, *gv;
	int lit;

	assert_true(i < g->n);
	if (!ream_paper_author(g->p[i], k, &f, &gv, &lit))
		fail_msg("paper %zu has no author %zu", i, k);
	assert_string_equal(f, family);
	if (given) {
		assert_non_null(gv);
		assert_string_equal(gv, given);
	} else {
		assert_null(gv);
	}
	assert_int_equal(lit, literal);
}

/* ---- The listing pair --------------------------------------------------- */

static const char *const record_ids[] = {
	"2507.06607", "2506.18145", "2506.15025", "2505.22704", "2505.14827",
	"2505.10344", "2412.01422", "2411.11082", "2410.05629", "2410.03111"
};

static void reads_the_ten_records_of_the_blank_line_listing(void **state)
{
	got *g = *state;
	size_t i;

	read_listing("records.txt", g);
	assert_int_equal(g->rc, REAM_OK);
	assert_int_equal(g->nwarn, 0);
	assert_int_equal(g->n, 10);
	for (i = 0; i < 10; i++) {
		assert_field(g, i, REAM_F_ARXIV, record_ids[i]);
		assert_field(g, i, REAM_F_TYPE, "misc");
		assert_field(g, i, REAM_F_TITLE, NULL);
		assert_int_equal(ream_paper_author_count(g->p[i]), 0);
	}
	assert_int_equal(g->line[0], 1);
	assert_int_equal(g->line[1], 6);
}

static void keeps_the_created_and_updated_dates_of_each_record(void **state)
{
	got *g = *state;

	read_listing("records.txt", g);
	assert_int_equal(g->n, 10);
	assert_field(g, 0, REAM_F_CREATED, "2025-07-09");
	assert_field(g, 0, REAM_F_UPDATED, "2025-07-10");
	assert_field(g, 0, REAM_F_DATE, "2025-07-09");
	assert_field(g, 2, REAM_F_CREATED, "2025-06-17");
	assert_field(g, 2, REAM_F_UPDATED, "2025-06-19");
	assert_field(g, 3, REAM_F_CREATED, "2025-05-28");
	assert_field(g, 3, REAM_F_UPDATED, NULL);
	assert_field(g, 9, REAM_F_CREATED, "2024-10-03");
	assert_field(g, 9, REAM_F_DATE, "2024-10-03");
	assert_field(g, 9, REAM_F_UPDATED, NULL);
}

static void takes_the_later_paragraphs_of_a_record_as_comments(void **state)
{
	got *g = *state;

	read_listing("records.txt", g);
	assert_int_equal(g->n, 10);
	assert_field(g, 0, REAM_F_COMMENTS, NULL);
	assert_field(g, 2, REAM_F_COMMENTS,
		     "TD,LR: How to set the learning rate for emebdding "
		     "layer in LLMs?");
	assert_field(g, 3, REAM_F_COMMENTS, "10 pages, 3 figures");
	assert_field(g, 5, REAM_F_COMMENTS, "Tutorial paper");
	assert_field(g, 7, REAM_F_COMMENTS,
		     "13 pages (exclude supplementary), 5 figures");
	assert_field(g, 9, REAM_F_COMMENTS, "15 pages, 4 figures");
}

static void keeps_each_listed_abstract_whole(void **state)
{
	got *g = *state;

	read_listing("records.txt", g);
	assert_int_equal(g->n, 10);
	assert_starts(g, 0, REAM_F_ABSTRACT, "Hybrid models that mix State "
		      "Space Models (SSMs)");
	assert_contains(g, 0, REAM_F_ABSTRACT,
			"https://github.com/microsoft/ArchScale.");
	assert_starts(g, 2, REAM_F_ABSTRACT, "Pretraining a large language "
		      "model is expensive,");
	assert_starts(g, 5, REAM_F_ABSTRACT, "Variational Autoencoders");
	assert_starts(g, 9, REAM_F_ABSTRACT, "Serving a transformer language "
		      "model");
	assert_contains(g, 9, REAM_F_ABSTRACT, "the accuracy of the models is "
			"kept.");
}

static void decodes_the_tex_of_a_listed_abstract(void **state)
{
	got *g = *state;

	read_listing("records.txt", g);
	assert_int_equal(g->n, 10);
	assert_contains(g, 2, REAM_F_ABSTRACT, "$\xce\xbc" "P$");
	assert_contains(g, 2, REAM_F_ABSTRACT,
			"the dynamics of training move from the $\xce\xbc$P "
			"regime");
	assert_contains(g, 2, REAM_F_ABSTRACT, "$\xce\x98(\\sqrt{width})$");
	assert_null(strstr(field(g, 2, REAM_F_ABSTRACT), "\\emph"));
	assert_contains(g, 5, REAM_F_ABSTRACT, "discrete VAEs \xe2\x80\x93 "
			"models whose");
}

static void reads_the_ten_abstract_lines_after_a_header(void **state)
{
	got *g = *state;
	size_t i;

	read_listing("abstracts.txt", g);
	assert_int_equal(g->rc, REAM_OK);
	assert_int_equal(g->nwarn, 0);
	assert_int_equal(g->n, 10);
	for (i = 0; i < 10; i++) {
		assert_int_equal(g->line[i], (long)i + 2);
		assert_field(g, i, REAM_F_ARXIV, NULL);
		assert_field(g, i, REAM_F_COMMENTS, NULL);
		assert_field(g, i, REAM_F_CREATED, NULL);
		assert_field(g, i, REAM_F_TYPE, "misc");
	}
	assert_starts(g, 0, REAM_F_ABSTRACT, "Attention sits at the heart of "
		      "the Transformer");
	assert_starts(g, 1, REAM_F_ABSTRACT, "Hybrid models that mix State "
		      "Space Models");
	assert_starts(g, 9, REAM_F_ABSTRACT, "Transformers generalise poorly "
		      "to inputs longer");
	assert_contains(g, 9, REAM_F_ABSTRACT, "generalise to longer inputs.");
}

static void reads_twenty_records_from_the_pair(void **state)
{
	got *a = *state, *b = a + 1;

	read_listing("abstracts.txt", a);
	read_listing("records.txt", b);
	assert_int_equal(a->n + b->n, 20);
	assert_int_equal(a->nwarn + b->nwarn, 0);
	/* The same abstracts in both, read alike, are for the store to merge. */
	assert_string_equal(field(a, 1, REAM_F_ABSTRACT),
			    field(b, 0, REAM_F_ABSTRACT));
	assert_string_equal(field(a, 2, REAM_F_ABSTRACT),
			    field(b, 3, REAM_F_ABSTRACT));
	assert_string_equal(field(a, 4, REAM_F_ABSTRACT),
			    field(b, 4, REAM_F_ABSTRACT));
}

/* ---- Listing edge cases ------------------------------------------------- */

static void reads_both_forms_mixed_in_one_file(void **state)
{
	got *g = *state;

	read_path(ream_arxiv_listing_read, TEST_DATA "/arxiv/listing-mixed.txt",
		  g);
	assert_int_equal(g->rc, REAM_OK);
	assert_int_equal(g->nwarn, 0);
	assert_int_equal(g->n, 5);
	assert_int_equal(g->line[0], 2);
	assert_field(g, 0, REAM_F_ABSTRACT,
		     "We study how a tiny fixture can stand for a list of "
		     "abstracts kept one a line, and how a line that runs on "
		     "belongs to the abstract before it.");
	assert_int_equal(g->line[1], 4);
	assert_field(g, 1, REAM_F_ABSTRACT,
		     "A second listed abstract, with a space after the colon.");
	assert_int_equal(g->line[2], 6);
	assert_field(g, 2, REAM_F_ABSTRACT,
		     "This abstract is written the other way: it wraps over "
		     "three lines, which the reader joins with single spaces.");
	assert_field(g, 2, REAM_F_COMMENTS,
		     "Accepted at a workshop; Code and data will be released");
	assert_field(g, 2, REAM_F_ARXIV, "2301.00017");
	assert_field(g, 2, REAM_F_ARXIV_VERSION, "2");
	assert_field(g, 2, REAM_F_PRIMARY_CAT, "cs.LG");
	assert_field(g, 2, REAM_F_CREATED, "2023-01-02");
	assert_field(g, 2, REAM_F_UPDATED, "2023-02-14");
	assert_int_equal(g->line[3], 17);
	assert_field(g, 3, REAM_F_ARXIV, "hep-th/9901001");
	assert_field(g, 3, REAM_F_CREATED, NULL);
	assert_field(g, 3, REAM_F_DATE, NULL);
	assert_int_equal(g->line[4], 21);
	assert_field(g, 4, REAM_F_ARXIV, "2412.01422");
	assert_field(g, 4, REAM_F_CREATED, "2024-12-02");
}

static void reports_bad_records_with_their_first_line(void **state)
{
	got *g = *state;

	read_path(ream_arxiv_listing_read, TEST_DATA "/arxiv/listing-bad.txt",
		  g);
	assert_int_equal(g->rc, REAM_OK);
	assert_int_equal(g->n, 2);
	assert_field(g, 0, REAM_F_ARXIV, "2505.22704");
	assert_field(g, 1, REAM_F_ARXIV, "2410.03111");
	assert_field(g, 1, REAM_F_UPDATED, "2024-10-04");
	assert_int_equal(g->line[1], 19);
	assert_int_equal(g->nwarn, 3);
	assert_warn(g, 0, 6, "not an arXiv id: 2505.999");
	assert_warn(g, 1, 11, "not a date");
	assert_warn(g, 1, 11, "2025-13-20");
	assert_warn(g, 2, 16, "no abstract");
}

static void reads_crlf_trailing_spaces_and_a_byte_order_mark(void **state)
{
	got *g = *state;

	read_text(ream_arxiv_listing_read,
		  "\xEF\xBB\xBF" "First line of the abstract,  \r\n"
		  "and its second line.\t\r\n"
		  "\r\n"
		  "8 pages \r\n"
		  "  \r\n"
		  "arXiv:2505.10344  \r\n"
		  "Created: 2025-05-15   Updated: 2025-05-16 \r\n", g);
	assert_int_equal(g->rc, REAM_OK);
	assert_int_equal(g->nwarn, 0);
	assert_int_equal(g->n, 1);
	assert_int_equal(g->line[0], 1);
	assert_field(g, 0, REAM_F_ABSTRACT,
		     "First line of the abstract, and its second line.");
	assert_field(g, 0, REAM_F_COMMENTS, "8 pages");
	assert_field(g, 0, REAM_F_ARXIV, "2505.10344");
	assert_field(g, 0, REAM_F_CREATED, "2025-05-15");
	assert_field(g, 0, REAM_F_UPDATED, "2025-05-16");
}

static void reads_a_last_record_without_a_final_newline(void **state)
{
	got *g = *state;

	read_text(ream_arxiv_listing_read,
		  "One abstract.\n\narXiv:2410.05629\nCreated: 2024-10-07\n\n"
		  "Another abstract.\n\narXiv:2410.03111\nCreated: 2024-10-03",
		  g);
	assert_int_equal(g->nwarn, 0);
	assert_int_equal(g->n, 2);
	assert_field(g, 1, REAM_F_ARXIV, "2410.03111");
	assert_field(g, 1, REAM_F_CREATED, "2024-10-03");
}

static void reads_a_record_without_a_created_line(void **state)
{
	got *g = *state;

	read_text(ream_arxiv_listing_read,
		  "No dates here.\n\narXiv:2410.05629\n\n"
		  "Dates here.\n\narXiv:2410.03111\nCreated: 2024-10-03\n", g);
	assert_int_equal(g->nwarn, 0);
	assert_int_equal(g->n, 2);
	assert_field(g, 0, REAM_F_ARXIV, "2410.05629");
	assert_field(g, 0, REAM_F_CREATED, NULL);
	assert_field(g, 0, REAM_F_ABSTRACT, "No dates here.");
	assert_int_equal(g->line[1], 5);
	assert_field(g, 1, REAM_F_ABSTRACT, "Dates here.");
}

static void starts_a_new_record_at_a_long_paragraph_after_a_missing_id(
	void **state)
{
	char text[2048];
	got *g = *state;
	int n;

	n = snprintf(text, sizeof text,
		     "An abstract whose id line went missing.\n\n%s%s\n\n"
		     "arXiv:2412.01422\nCreated: 2024-12-02\n",
		     "A second abstract, long enough that it cannot be a "
		     "comment: comments say how many pages and figures a paper "
		     "has, or where it appeared, in a line or two. ",
		     "This paragraph runs on well past that, the way abstracts "
		     "do, so the reader takes it for the start of the next "
		     "record rather than a comment on the one before it.");
	assert_true(n > 0 && (size_t)n < sizeof text);
	read_text(ream_arxiv_listing_read, text, g);
	assert_int_equal(g->nwarn, 0);
	assert_int_equal(g->n, 2);
	assert_field(g, 0, REAM_F_ABSTRACT,
		     "An abstract whose id line went missing.");
	assert_field(g, 0, REAM_F_ARXIV, NULL);
	assert_field(g, 0, REAM_F_COMMENTS, NULL);
	assert_int_equal(g->line[1], 3);
	assert_starts(g, 1, REAM_F_ABSTRACT, "A second abstract");
	assert_field(g, 1, REAM_F_ARXIV, "2412.01422");
}

static void skips_a_record_longer_than_a_mebibyte(void **state)
{
	size_t big = (1u << 20) + 100, i;
	char *text = malloc(big + 200);
	got *g = *state;
	int n;

	assert_non_null(text);
	for (i = 0; i < big; i++)
		text[i] = i % 80 == 79 ? '\n' : 'x';
	n = sprintf(text + big, "\n\narXiv:2410.05629\n\nShort one.\n\n"
		    "arXiv:2410.03111\n");
	read_mem(ream_arxiv_listing_read, text, big + (size_t)n, g);
	assert_int_equal(g->rc, REAM_OK);
	assert_int_equal(g->n, 1);
	assert_field(g, 0, REAM_F_ARXIV, "2410.03111");
	assert_int_equal(g->nwarn, 1);
	assert_warn(g, 0, 1, "longer than");
	free(text);
}

static void reads_an_empty_input_as_no_record(void **state)
{
	got *g = *state;

	read_text(ream_arxiv_listing_read, "", g);
	assert_int_equal(g->rc, REAM_OK);
	assert_int_equal(g->n + g->nwarn, 0);
	read_text(ream_arxiv_listing_read, "\n\n  \r\n", g);
	assert_int_equal(g->n + g->nwarn, 0);
}

static void stops_the_listing_when_emit_says_so(void **state)
{
	got *g = *state;

	g->stop_after = 3;
	read_listing("records.txt", g);
	assert_int_equal(g->rc, 99);
	assert_int_equal(g->n, 3);
}

static void counts_every_byte_of_the_listing(void **state)
{
	const char *text = "\xEF\xBB\xBF" "Abstract.\r\n\r\narXiv:2410.05629"
			   "\r\nCreated: 2024-10-07";
	got *g = *state;

	read_text(ream_arxiv_listing_read, text, g);
	assert_int_equal(g->n, 1);
	assert_int_equal(g->bytes, (int64_t)strlen(text));
}

/* ---- The metadata snapshot ---------------------------------------------- */

static void read_snapshot(got *g)
{
	read_path(ream_arxiv_json_read, TEST_DATA "/arxiv/snapshot.jsonl", g);
}

static void reads_the_snapshot_and_reports_its_bad_lines(void **state)
{
	got *g = *state;

	read_snapshot(g);
	assert_int_equal(g->rc, REAM_OK);
	assert_int_equal(g->n, 4);
	assert_int_equal(g->line[0], 1);
	assert_int_equal(g->line[1], 2);
	assert_int_equal(g->line[2], 7);
	assert_int_equal(g->line[3], 9);
	assert_field(g, 0, REAM_F_ARXIV, "0704.0001");
	assert_field(g, 1, REAM_F_ARXIV, "hep-th/9901001");
	assert_field(g, 2, REAM_F_ARXIV, "2101.00001");
	assert_field(g, 3, REAM_F_ARXIV, "1207.7214");
	assert_int_equal(g->nwarn, 4);
	assert_warn(g, 0, 4, "not JSON");
	assert_warn(g, 1, 5, "not a JSON object");
	assert_warn(g, 2, 6, "\"id\"");
	assert_warn(g, 3, 8, "not an arXiv id: not-an-id");
}

static void reports_the_reason_jansson_gives_for_a_bad_line(void **state)
{
	got *g = *state;

	read_text(ream_arxiv_json_read,
		  "{\"id\": \"2410.05629\"}\n{\"id\": 12,}\n"
		  "{\"id\": \"2410.03111\"}\n", g);
	assert_int_equal(g->n, 2);
	assert_int_equal(g->nwarn, 1);
	assert_warn(g, 0, 2, "not JSON: ");
	assert_true(strlen(g->warn[0]) > strlen("not JSON: "));
}

static void maps_every_field_of_a_snapshot_record(void **state)
{
	got *g = *state;

	read_snapshot(g);
	assert_true(g->n >= 1);
	assert_field(g, 0, REAM_F_ARXIV, "0704.0001");
	assert_field(g, 0, REAM_F_ARXIV_VERSION, "2");
	assert_field(g, 0, REAM_F_TITLE,
		     "Calculation of prompt diphoton production cross "
		     "sections at Tevatron and LHC energies");
	assert_starts(g, 0, REAM_F_ABSTRACT, "This fixture stands in for");
	assert_contains(g, 0, REAM_F_ABSTRACT, "snapshot does, and keeps runs "
			"of spaces");
	assert_field(g, 0, REAM_F_COMMENTS,
		     "37 pages, 15 figures; published version");
	assert_field(g, 0, REAM_F_VENUE, "Phys.Rev.D76:013009,2007");
	assert_field(g, 0, REAM_F_DOI, "10.1103/physrevd.76.013009");
	assert_field(g, 0, REAM_F_CATEGORIES, "hep-ph");
	assert_field(g, 0, REAM_F_PRIMARY_CAT, "hep-ph");
	assert_field(g, 0, REAM_F_CREATED, "2007-04-02");
	assert_field(g, 0, REAM_F_DATE, "2007-04-02");
	assert_field(g, 0, REAM_F_UPDATED, "2008-11-13");
	assert_field(g, 0, REAM_F_TYPE, "misc");
	assert_field(g, 0, REAM_F_URL, NULL);
	assert_field(g, 0, REAM_F_FORMAT, NULL);
	assert_string_equal(ream_paper_get_extra(g->p[0], "report-no"),
			    "ANL-HEP-PR-07-12");
	assert_string_equal(ream_paper_get_extra(g->p[0], "submitter"),
			    "Pavel Nadolsky");
	assert_null(ream_paper_get_extra(g->p[0], "license"));
	assert_int_equal(ream_paper_author_count(g->p[0]), 4);
	assert_author(g, 0, 0, "Bal\xc3\xa1zs", "C.", 0);
	assert_author(g, 0, 1, "Berger", "E. L.", 0);
	assert_author(g, 0, 3, "Yuan", "C. -P.", 0);
}

static void reads_an_old_style_id_with_its_last_version(void **state)
{
	got *g = *state;

	read_snapshot(g);
	assert_true(g->n >= 2);
	assert_field(g, 1, REAM_F_ARXIV, "hep-th/9901001");
	assert_field(g, 1, REAM_F_ARXIV_VERSION, "3");
	assert_field(g, 1, REAM_F_CREATED, "1999-01-01");
	assert_field(g, 1, REAM_F_UPDATED, "2009-10-31");
	assert_field(g, 1, REAM_F_CATEGORIES, "hep-th gr-qc");
	assert_field(g, 1, REAM_F_PRIMARY_CAT, "hep-th");
	assert_field(g, 1, REAM_F_COMMENTS, NULL);
	assert_field(g, 1, REAM_F_VENUE, NULL);
}

static void decodes_the_tex_in_a_title(void **state)
{
	got *g = *state;

	read_snapshot(g);
	assert_true(g->n >= 2);
	assert_field(g, 1, REAM_F_TITLE,
		     "Duality and the Schr\xc3\xb6" "dinger equation on $AdS_5$");
}

static void appends_the_suffix_to_the_given_name(void **state)
{
	got *g = *state;

	read_snapshot(g);
	assert_true(g->n >= 2);
	assert_int_equal(ream_paper_author_count(g->p[1]), 2);
	assert_author(g, 1, 0, "Quill", "Robert, Jr", 0);
	assert_author(g, 1, 1, "Ferrand", "M.", 0);
}

static void takes_the_first_valid_doi_of_several(void **state)
{
	got *g = *state;

	read_snapshot(g);
	assert_true(g->n >= 2);
	assert_field(g, 1, REAM_F_DOI, "10.1016/s0550-3213(99)00001-x");
}

static void splits_the_written_authors_without_a_parsed_list(void **state)
{
	got *g = *state;

	read_snapshot(g);
	assert_true(g->n >= 3);
	assert_int_equal(ream_paper_author_count(g->p[2]), 3);
	assert_author(g, 2, 0, "Smith", "Alice", 0);
	assert_author(g, 2, 1, "van Jones", "Bob", 0);
	assert_author(g, 2, 2, "the XYZ Collaboration", NULL, 1);
	assert_field(g, 2, REAM_F_COMMENTS, "12 pages, 4 figures");
	assert_field(g, 2, REAM_F_CATEGORIES, "cs.LG stat.ML");
	assert_field(g, 2, REAM_F_PRIMARY_CAT, "cs.LG");
	assert_field(g, 2, REAM_F_DOI, NULL);
	assert_field(g, 2, REAM_F_ARXIV_VERSION, "1");
	assert_field(g, 2, REAM_F_CREATED, "2020-12-31");
	assert_string_equal(ream_paper_get_extra(g->p[2], "license"),
			    "http://creativecommons.org/licenses/by/4.0/");
}

static void makes_a_collaboration_a_literal_author(void **state)
{
	got *g = *state;

	read_snapshot(g);
	assert_int_equal(g->n, 4);
	assert_int_equal(ream_paper_author_count(g->p[3]), 1);
	assert_author(g, 3, 0, "ATLAS Collaboration", NULL, 1);
	assert_field(g, 3, REAM_F_VENUE, "Phys.Lett. B716 (2012) 1-29");
}

static void splits_written_names_with_suffixes_and_particles(void **state)
{
	got *g = *state;

	read_text(ream_arxiv_json_read,
		  "{\"id\": \"2101.00002\", \"authors\": \"R. Quill Jr., "
		  "J.-L. de la Fuente, M. M\\\\\\\"uller;Plato\"}\n", g);
	assert_int_equal(g->nwarn, 0);
	assert_int_equal(g->n, 1);
	assert_int_equal(ream_paper_author_count(g->p[0]), 4);
	assert_author(g, 0, 0, "Quill", "R., Jr.", 0);
	assert_author(g, 0, 1, "de la Fuente", "J.-L.", 0);
	assert_author(g, 0, 2, "M\xc3\xbcller", "M.", 0);
	assert_author(g, 0, 3, "Plato", NULL, 0);
}

static void reads_rfc_2822_dates_and_ignores_bad_ones(void **state)
{
	got *g = *state;

	read_text(ream_arxiv_json_read,
		  "{\"id\": \"2101.00003\", \"versions\": [{\"version\": \"v1\","
		  " \"created\": \"29 Feb 2020 01:02:03 GMT\"}],"
		  " \"update_date\": \"2021-02-29\"}\n"
		  "{\"id\": \"2101.00004\", \"versions\": [{\"version\": \"x\","
		  " \"created\": \"Sun, 30 Feb 2020 01:02:03 GMT\"}]}\n", g);
	assert_int_equal(g->nwarn, 0);
	assert_int_equal(g->n, 2);
	assert_field(g, 0, REAM_F_CREATED, "2020-02-29");
	assert_field(g, 0, REAM_F_ARXIV_VERSION, "1");
	assert_field(g, 0, REAM_F_UPDATED, NULL);
	assert_field(g, 1, REAM_F_CREATED, NULL);
	assert_field(g, 1, REAM_F_ARXIV_VERSION, NULL);
}

static void skips_blank_lines_and_reads_crlf_json(void **state)
{
	got *g = *state;

	read_text(ream_arxiv_json_read,
		  "\xEF\xBB\xBF{\"id\": \"arXiv:2410.05629v4\"}\r\n\r\n   \r\n"
		  "{\"id\": \"2410.03111\"}", g);
	assert_int_equal(g->nwarn, 0);
	assert_int_equal(g->n, 2);
	assert_field(g, 0, REAM_F_ARXIV, "2410.05629");
	assert_field(g, 0, REAM_F_ARXIV_VERSION, "4");
	assert_int_equal(g->line[1], 4);
}

static void stops_the_snapshot_when_emit_says_so(void **state)
{
	got *g = *state;

	g->stop_after = 1;
	read_snapshot(g);
	assert_int_equal(g->rc, 99);
	assert_int_equal(g->n, 1);
	assert_int_equal(g->nwarn, 0);
}

static void counts_every_byte_of_the_snapshot(void **state)
{
	got *g = *state;
	FILE *f;
	long size;

	read_snapshot(g);
	f = fopen(TEST_DATA "/arxiv/snapshot.jsonl", "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	fclose(f);
	assert_int_equal(g->bytes, size);
}

#define T(f) cmocka_unit_test_setup_teardown(f, got_setup, got_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(reads_the_ten_records_of_the_blank_line_listing),
		T(keeps_the_created_and_updated_dates_of_each_record),
		T(takes_the_later_paragraphs_of_a_record_as_comments),
		T(keeps_each_listed_abstract_whole),
		T(decodes_the_tex_of_a_listed_abstract),
		T(reads_the_ten_abstract_lines_after_a_header),
		T(reads_twenty_records_from_the_pair),
		T(reads_both_forms_mixed_in_one_file),
		T(reports_bad_records_with_their_first_line),
		T(reads_crlf_trailing_spaces_and_a_byte_order_mark),
		T(reads_a_last_record_without_a_final_newline),
		T(reads_a_record_without_a_created_line),
		T(starts_a_new_record_at_a_long_paragraph_after_a_missing_id),
		T(skips_a_record_longer_than_a_mebibyte),
		T(reads_an_empty_input_as_no_record),
		T(stops_the_listing_when_emit_says_so),
		T(counts_every_byte_of_the_listing),
		T(reads_the_snapshot_and_reports_its_bad_lines),
		T(reports_the_reason_jansson_gives_for_a_bad_line),
		T(maps_every_field_of_a_snapshot_record),
		T(reads_an_old_style_id_with_its_last_version),
		T(decodes_the_tex_in_a_title),
		T(appends_the_suffix_to_the_given_name),
		T(takes_the_first_valid_doi_of_several),
		T(splits_the_written_authors_without_a_parsed_list),
		T(makes_a_collaboration_a_literal_author),
		T(splits_written_names_with_suffixes_and_particles),
		T(reads_rfc_2822_dates_and_ignores_bad_ones),
		T(skips_blank_lines_and_reads_crlf_json),
		T(stops_the_snapshot_when_emit_says_so),
		T(counts_every_byte_of_the_snapshot),
	};

	return cmocka_run_group_tests_name("arxiv", tests, NULL, NULL);
}
