/*
 * test_csl.c: CSL-JSON (csl.c): reading pandoc's and Zotero's items, and
 * writing items that read back as the same papers.
 */
#include <jansson.h>

#include "testutil.h"

#define GOT_MAX 64

/* What a read gave: the papers with their lines, and the warnings. */
typedef struct got {
	ream_paper *p[GOT_MAX];
	long line[GOT_MAX];
	size_t n;
	char warn[GOT_MAX][300];
	long wline[GOT_MAX];
	size_t nw;
} got;

static int got_emit(void *ud, ream_paper *p, long line)
{
	got *g = ud;

	assert_true(g->n < GOT_MAX);
	g->line[g->n] = line;
	g->p[g->n++] = p;
	return REAM_OK;
}

static void got_warn(void *ud, long line, const char *msg)
{
	got *g = ud;

	assert_true(g->nw < GOT_MAX);
	g->wline[g->nw] = line;
	snprintf(g->warn[g->nw++], sizeof g->warn[0], "%s", msg);
}

static void got_free(got *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		ream_paper_free(g->p[i]);
	free(g);
}

/* Reads f (closed after) with reader read into a new got. */
static got *read_with(int (*read)(FILE *, ream_reader *), FILE *f)
{
	got *g = calloc(1, sizeof *g);
	ream_reader r;

	assert_non_null(g);
	assert_non_null(f);
	memset(&r, 0, sizeof r);
	r.file = "test";
	r.emit = got_emit;
	r.warn = got_warn;
	r.ud = g;
	assert_int_equal(read(f, &r), REAM_OK);
	fclose(f);
	return g;
}

static FILE *fixture(const char *name)
{
	char path[512];

	snprintf(path, sizeof path, "%s/bib/%s", TEST_DATA, name);
	return fopen(path, "rb");
}

static got *read_csl_text(const char *text)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	rewind(f);
	return read_with(ream_csl_read, f);
}

static const ream_paper *paper_of(const got *g, const char *key)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (!strcmp(ream_paper_get(g->p[i], REAM_F_KEY), key))
			return g->p[i];
	fail_msg("no paper %s", key);
	return NULL;
}

static void check(const ream_paper *p, ream_field f, const char *want)
{
	const char *v = ream_paper_get(p, f);

	if (!want) {
		if (v)
			fail_msg("%s is \"%s\", want none", ream_field_name(f), v);
		return;
	}
	if (!v)
		fail_msg("no %s, want \"%s\"", ream_field_name(f), want);
	assert_string_equal(v, want);
}

static void check_extra(const ream_paper *p, const char *name,
			const char *want)
{
	const char *v = ream_paper_get_extra(p, name);

	if (!want) {
		if (v)
			fail_msg("extra %s is \"%s\", want none", name, v);
		return;
	}
	if (!v)
		fail_msg("no extra %s, want \"%s\"", name, want);
	assert_string_equal(v, want);
}

static void check_author(const ream_paper *p, size_t i, const char *family,
			 const char *given, int literal)
{
	const char *f, *g;
	int l;

	if (!ream_paper_author(p, i, &f, &g, &l))
		fail_msg("no author %zu, want %s", i, family);
	assert_string_equal(f, family);
	if (given)
		assert_string_equal(g ? g : "(none)", given);
	else if (g)
		fail_msg("author %zu (%s) has given name %s", i, f, g);
	assert_int_equal(l, literal);
}

/* s folded to its words ("The  TeXbook!" -> "the texbook"), malloc'd. */
static char *words(const char *s)
{
	ream_buf b = { 0 };
	int rc = REAM_OK;

	if (!s)
		return strdup("");
	ream_text_words(&rc, &b, s, strlen(s));
	return ream_buf_take(&rc, &b);
}

/* Field f of a and b holds the same words. */
static void same_words(const ream_paper *a, const ream_paper *b,
		       ream_field f)
{
	char *x = words(ream_paper_get(a, f)), *y = words(ream_paper_get(b, f));

	if (strcmp(x, y))
		fail_msg("%s of %s: \"%s\" != \"%s\"", ream_field_name(f),
			 ream_paper_get(a, REAM_F_KEY), x, y);
	free(x);
	free(y);
}

static void same(const ream_paper *a, const ream_paper *b, ream_field f)
{
	const char *x = ream_paper_get(a, f), *y = ream_paper_get(b, f);

	if (!x != !y || (x && strcmp(x, y)))
		fail_msg("%s of %s: \"%s\" != \"%s\"", ream_field_name(f),
			 ream_paper_get(a, REAM_F_KEY), x ? x : "(none)",
			 y ? y : "(none)");
}

static void same_extra(const ream_paper *a, const ream_paper *b,
		       const char *name)
{
	const char *x = ream_paper_get_extra(a, name);
	const char *y = ream_paper_get_extra(b, name);

	if (!x != !y || (x && strcmp(x, y)))
		fail_msg("%s of %s: \"%s\" != \"%s\"", name,
			 ream_paper_get(a, REAM_F_KEY), x ? x : "(none)",
			 y ? y : "(none)");
}

/* The same authors, in the same order. */
static void same_authors(const ream_paper *a, const ream_paper *b)
{
	size_t i, n = ream_paper_author_count(a);

	assert_int_equal(ream_paper_author_count(b), n);
	for (i = 0; i < n; i++) {
		const char *fa, *ga, *fb, *gb;
		int la, lb;

		ream_paper_author(a, i, &fa, &ga, &la);
		ream_paper_author(b, i, &fb, &gb, &lb);
		assert_string_equal(fa, fb);
		assert_string_equal(ga ? ga : "", gb ? gb : "");
		assert_int_equal(la, lb);
	}
}

/* ---- Reading ------------------------------------------------------------ */

static void reads_pandocs_csl_of_a_bib_as_the_bib(void **state)
{
	got *bib = read_with(ream_bibtex_read, fixture("pandoc.bib"));
	got *csl = read_with(ream_csl_read, fixture("pandoc.json"));
	size_t i;

	(void)state;
	assert_int_equal(bib->n, 10);
	assert_int_equal(csl->n, bib->n);
	assert_int_equal(csl->nw, 0);
	for (i = 0; i < bib->n; i++) {
		const ream_paper *a = bib->p[i];
		const ream_paper *b = paper_of(csl,
					       ream_paper_get(a, REAM_F_KEY));

		same(a, b, REAM_F_TYPE);
		/* pandoc makes titles sentence case and drops math's $ */
		same_words(a, b, REAM_F_TITLE);
		same_words(a, b, REAM_F_VENUE);
		same_words(a, b, REAM_F_PAGES);	/* 1--10: 1–10 and 1-10 */
		same_words(a, b, REAM_F_PUBLISHER);
		same_authors(a, b);
		same(a, b, REAM_F_DATE);
		same(a, b, REAM_F_VOLUME);
		same(a, b, REAM_F_NUMBER);
		same(a, b, REAM_F_DOI);
		same(a, b, REAM_F_ARXIV);
		same(a, b, REAM_F_URL);
		same_extra(a, b, "editor");
		same_extra(a, b, "school");
		same_extra(a, b, "institution");
	}
	check_extra(paper_of(csl, "ream2025"), "urldate", "2025-01-02");
	check_extra(paper_of(csl, "knuth1984texbook"), "address",
		    "Reading, Massachusetts");
	check_extra(paper_of(csl, "knuth1984texbook"), "isbn", "0-201-13447-0");
	got_free(bib);
	got_free(csl);
}

static void maps_csl_types_to_bibtex_types(void **state)
{
	static const char *const pairs[][2] = {
		{ "article-journal", "article" },
		{ "article-magazine", "article" },
		{ "paper-conference", "inproceedings" },
		{ "chapter", "incollection" }, { "book", "book" },
		{ "pamphlet", "booklet" }, { "thesis", "phdthesis" },
		{ "report", "techreport" }, { "manuscript", "unpublished" },
		{ "webpage", "online" }, { "article", "misc" },
		{ "", "misc" }, { "no-such-type", "misc" },
	};
	char text[4096];
	size_t i, n = 0;
	got *g;

	(void)state;
	n += (size_t)snprintf(text, sizeof text, "[");
	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		n += (size_t)snprintf(text + n, sizeof text - n,
				      "%s{\"id\": \"k%zu\", \"type\": \"%s\"}",
				      i ? ",\n" : "", i, pairs[i][0]);
	snprintf(text + n, sizeof text - n, ",\n{\"id\": \"m\", \"type\": "
		 "\"thesis\", \"genre\": \"Master's thesis\"}]");
	g = read_csl_text(text);
	assert_int_equal(g->n, sizeof pairs / sizeof pairs[0] + 1);
	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		check(g->p[i], REAM_F_TYPE, pairs[i][1]);
	check(paper_of(g, "m"), REAM_F_TYPE, "mastersthesis");
	check_extra(paper_of(g, "m"), "type", NULL);
	got_free(g);
}

static void reads_names_with_particles_suffixes_and_literals(void **state)
{
	got *g = read_csl_text(
		"[{\"id\": \"a\", \"author\": [\n"
		" {\"family\": \"Beethoven\", \"given\": \"Ludwig\","
		"  \"dropping-particle\": \"van\"},\n"
		" {\"family\": \"Gogh\", \"given\": \"Vincent\","
		"  \"non-dropping-particle\": \"van\"},\n"
		" {\"family\": \"Gates\", \"given\": \"William Henry\","
		"  \"suffix\": \"Jr.\"},\n"
		" {\"literal\": \"Google DeepMind\"},\n"
		" {\"given\": \"Plato\"}, {\"family\": \"Aristotle\"}, {},\n"
		" {\"literal\": \"others\"}],\n"
		" \"editor\": [{\"family\": \"Itor\", \"given\": \"Ed\"},"
		" {\"family\": \"Gates\", \"given\": \"Bill\","
		"  \"suffix\": \"Jr.\"}]},\n"
		"{\"id\": \"b\", \"editor\": [{\"family\": \"Itor\","
		" \"given\": \"Ed\"}]}]\n");
	const ream_paper *p = paper_of(g, "a");

	(void)state;
	assert_int_equal(ream_paper_author_count(p), 7);
	check_author(p, 0, "van Beethoven", "Ludwig", 0);
	check_author(p, 1, "van Gogh", "Vincent", 0);
	check_author(p, 2, "Gates", "William Henry, Jr.", 0);
	check_author(p, 3, "Google DeepMind", NULL, 1);
	check_author(p, 4, "Plato", NULL, 0);
	check_author(p, 5, "Aristotle", NULL, 0);
	check_author(p, 6, "others", NULL, 1);
	check_extra(p, "editor", "Itor, Ed and Gates, Jr., Bill");
	/* without authors, the editors are the authors */
	p = paper_of(g, "b");
	check_author(p, 0, "Itor", "Ed", 0);
	check_extra(p, "editor", "Itor, Ed");
	got_free(g);
}

static void reads_dates_in_every_form(void **state)
{
	got *g = read_csl_text(
		"[{\"id\": \"a\", \"issued\": {\"date-parts\": [[2020, 1, 5]]}},\n"
		"{\"id\": \"b\", \"issued\": {\"date-parts\": [[\"1999\", \"12\"]]}},\n"
		"{\"id\": \"c\", \"issued\": {\"raw\": \"2001-02\"}},\n"
		"{\"id\": \"d\", \"issued\": \"2003-04-05\"},\n"
		"{\"id\": \"e\", \"issued\": {\"literal\": \"Spring\"}},\n"
		"{\"id\": \"f\", \"issued\": {\"date-parts\": [[2020, 13]]}},\n"
		"{\"id\": \"g\", \"issued\": {\"date-parts\": [[2019], [2020]]},"
		" \"accessed\": {\"date-parts\": [[2024, 3, 1]]}}]");

	(void)state;
	check(paper_of(g, "a"), REAM_F_DATE, "2020-01-05");
	check(paper_of(g, "b"), REAM_F_DATE, "1999-12");
	check(paper_of(g, "c"), REAM_F_DATE, "2001-02");
	check(paper_of(g, "d"), REAM_F_DATE, "2003-04-05");
	check(paper_of(g, "e"), REAM_F_DATE, NULL);
	check(paper_of(g, "f"), REAM_F_DATE, NULL);
	check(paper_of(g, "g"), REAM_F_DATE, "2019");
	check_extra(paper_of(g, "g"), "urldate", "2024-03-01");
	got_free(g);
}

static void removes_rich_text_markup(void **state)
{
	got *g = read_csl_text(
		"[{\"id\": \"a\", \"title\": \"On <i>E. coli</i> and "
		"<span class=\\\"nocase\\\">RNA</span>: H<sub>2</sub>O, "
		"x<sup>2</sup> &amp; <b>more</b> &lt;3\","
		" \"abstract\": \"<i>A</i> &amp; B\"}]");

	(void)state;
	check(g->p[0], REAM_F_TITLE, "On E. coli and RNA: H2O, x2 & more <3");
	check(g->p[0], REAM_F_ABSTRACT, "A & B");
	got_free(g);
}

static void reads_arxiv_ids_however_an_item_gives_them(void **state)
{
	got *g = read_csl_text(
		"[{\"id\": \"a\", \"archive\": \"arXiv\", \"archive_location\":"
		" \"2312.00752v2\", \"archive_collection\": \"cs.LG\","
		" \"URL\": \"https://arxiv.org/abs/2312.00752\"},\n"
		"{\"id\": \"b\", \"number\": \"arXiv:1706.03762\","
		" \"publisher\": \"arXiv\"},\n"
		"{\"id\": \"c\", \"URL\": \"https://arxiv.org/pdf/hep-th/9901001v1\"},\n"
		"{\"id\": \"d\", \"DOI\": \"10.48550/arXiv.2303.08774\"},\n"
		"{\"id\": \"e\", \"DOI\": \"not a doi\", \"number\": \"TR-7\"}]");
	const ream_paper *p = paper_of(g, "a");

	(void)state;
	check(p, REAM_F_ARXIV, "2312.00752");
	check(p, REAM_F_ARXIV_VERSION, "2");
	check(p, REAM_F_PRIMARY_CAT, "cs.LG");
	check(p, REAM_F_URL, NULL);	/* its abs page: nothing more */
	p = paper_of(g, "b");
	check(p, REAM_F_ARXIV, "1706.03762");
	check(p, REAM_F_NUMBER, NULL);
	p = paper_of(g, "c");
	check(p, REAM_F_ARXIV, "hep-th/9901001");
	check(p, REAM_F_URL, "https://arxiv.org/pdf/hep-th/9901001v1");
	check(paper_of(g, "d"), REAM_F_ARXIV, "2303.08774");
	p = paper_of(g, "e");
	check(p, REAM_F_DOI, NULL);
	check_extra(p, "doi", "not a doi");
	check(p, REAM_F_NUMBER, "TR-7");
	got_free(g);
}

static void keeps_other_variables_under_bibtex_names(void **state)
{
	got *g = read_csl_text(
		"[{\"id\": 42, \"type\": \"book\", \"publisher-place\": \"Paris\","
		" \"collection-title\": \"Lecture Notes\", \"collection-number\":"
		" 12, \"ISBN\": \"978-3\", \"note\": \"Reprint\", \"edition\": 2,"
		" \"language\": \"fr\", \"title-short\": \"Short\","
		" \"custom-thing\": \"kept\", \"container-author\":"
		" [{\"family\": \"X\"}]}]");
	const ream_paper *p = g->p[0];

	(void)state;
	check(p, REAM_F_KEY, "42");
	check(p, REAM_F_NUMBER, "12");
	check_extra(p, "address", "Paris");
	check_extra(p, "series", "Lecture Notes");
	check_extra(p, "isbn", "978-3");
	check_extra(p, "note", "Reprint");
	check_extra(p, "edition", "2");
	check_extra(p, "language", "fr");
	check_extra(p, "shorttitle", "Short");
	check_extra(p, "custom-thing", "kept");
	check_extra(p, "container-author", NULL);
	got_free(g);
}

static void reports_bad_json_with_its_line_and_reads_on(void **state)
{
	got *g = read_csl_text(
		"[\n"
		"  {\"id\": \"a\", \"title\": \"A\"},\n"
		"  {\"id\": \"b\", \"title\": \"B\" \"oops\"},\n"
		"  {\"id\": \"c\", \"title\": \"C\"},\n"
		"  42,\n"
		"  {\"id\": \"d\", \"title\": \"\xff\"},\n"
		"  {\"id\": \"e\", \"title\": \"E\"}\n"
		"]\n");

	(void)state;
	assert_int_equal(g->n, 3);
	check(paper_of(g, "a"), REAM_F_TITLE, "A");
	check(paper_of(g, "c"), REAM_F_TITLE, "C");
	check(paper_of(g, "e"), REAM_F_TITLE, "E");
	assert_int_equal(g->line[1], 4);
	assert_int_equal(g->nw, 3);
	assert_int_equal(g->wline[0], 3);
	assert_non_null(strstr(g->warn[0], "not JSON"));
	assert_int_equal(g->wline[1], 5);
	assert_non_null(strstr(g->warn[1], "not a CSL item"));
	assert_int_equal(g->wline[2], 6);
	got_free(g);
}

static void reads_a_single_item_and_items_one_a_line(void **state)
{
	got *g = read_csl_text("{\"id\": \"one\", \"title\": \"One\"}\n");

	(void)state;
	assert_int_equal(g->n, 1);
	check(g->p[0], REAM_F_TITLE, "One");
	got_free(g);
	g = read_csl_text("\xef\xbb\xbf{\"id\": \"a\"}\n{\"id\": \"b\"}\n");
	assert_int_equal(g->n, 2);
	assert_int_equal(g->line[1], 2);
	got_free(g);
	g = read_csl_text("[]");
	assert_int_equal(g->n + g->nw, 0);
	got_free(g);
}

static void reads_deep_nesting_without_harm(void **state)
{
	size_t depth = 100000, i, n = 0;
	char *text = malloc(2 * depth + 100);
	got *g;

	(void)state;
	assert_non_null(text);
	n += (size_t)sprintf(text, "[{\"id\": \"a\", \"x\": ");
	for (i = 0; i < depth; i++)
		text[n++] = '[';
	for (i = 0; i < depth; i++)
		text[n++] = ']';
	sprintf(text + n, "},\n{\"id\": \"b\"}]\n");
	g = read_csl_text(text);
	assert_int_equal(g->n, 1);
	check(g->p[0], REAM_F_KEY, "b");
	assert_int_equal(g->nw, 1);
	got_free(g);
	free(text);
}

/* ---- Writing ------------------------------------------------------------ */

static int to_buf(void *ud, const char *s, size_t n)
{
	ream_buf *b = ud;
	int rc = REAM_OK;

	ream_buf_add(&rc, b, s, n);
	return rc;
}

/* p written as CSL-JSON and parsed by jansson. */
static json_t *written(const ream_paper *p)
{
	ream_buf b = { 0 };
	json_error_t e;
	json_t *o;

	assert_int_equal(ream_csl_write(p, to_buf, &b), REAM_OK);
	o = json_loadb(b.s, b.n, 0, &e);
	if (!o)
		fail_msg("not JSON (%s):\n%s", e.text, b.s);
	ream_buf_free(&b);
	return o;
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void set(ream_paper *p, ream_field f, const char *v)
{
	assert_int_equal(ream_paper_set(p, f, v, (size_t)-1), REAM_OK);
}

static void writes_an_arxiv_preprint_as_an_article(void **state)
{
	ream_paper *p = ream_paper_new();
	json_t *o;

	(void)state;
	set(p, REAM_F_KEY, "gu2023mamba");
	set(p, REAM_F_TITLE, "Mamba");
	set(p, REAM_F_DATE, "2023-12-01");
	set(p, REAM_F_ARXIV, "2312.00752v2");
	set(p, REAM_F_PRIMARY_CAT, "cs.LG");
	set(p, REAM_F_COMMENTS, "10 pages");
	ream_paper_add_author(p, "Gu", "Albert", 0);
	o = written(p);
	assert_string_equal(str(o, "id"), "gu2023mamba");
	assert_string_equal(str(o, "type"), "article");
	assert_string_equal(str(o, "URL"), "https://arxiv.org/abs/2312.00752");
	assert_string_equal(str(o, "archive"), "arXiv");
	assert_string_equal(str(o, "archive_location"), "2312.00752v2");
	assert_string_equal(str(o, "archive_collection"), "cs.LG");
	assert_string_equal(str(o, "note"), "10 pages");
	assert_int_equal(json_integer_value(json_array_get(json_array_get(
		json_object_get(json_object_get(o, "issued"), "date-parts"), 0),
		2)), 1);
	json_decref(o);
	ream_paper_free(p);
}

static void writes_items_that_read_back_as_the_same_papers(void **state)
{
	got *bib = read_with(ream_bibtex_read, fixture("pandoc.bib"));
	ream_buf b = { 0 };
	got *back;
	size_t i;
	int rc = REAM_OK;
	char *text;

	(void)state;
	ream_buf_adds(&rc, &b, "[");
	for (i = 0; i < bib->n; i++) {
		if (i)
			ream_buf_adds(&rc, &b, ",\n");
		assert_int_equal(ream_csl_write(bib->p[i], to_buf, &b), REAM_OK);
	}
	ream_buf_adds(&rc, &b, "]\n");
	text = ream_buf_take(&rc, &b);
	back = read_csl_text(text);
	assert_int_equal(back->n, bib->n);
	assert_int_equal(back->nw, 0);
	for (i = 0; i < bib->n; i++) {
		const ream_paper *x = bib->p[i], *y = back->p[i];
		static const ream_field fields[] = {
			REAM_F_KEY, REAM_F_TYPE, REAM_F_TITLE, REAM_F_DATE,
			REAM_F_VENUE, REAM_F_VOLUME, REAM_F_NUMBER,
			REAM_F_PAGES, REAM_F_PUBLISHER, REAM_F_ARXIV,
			REAM_F_PRIMARY_CAT, REAM_F_DOI, REAM_F_URL,
			REAM_F_ABSTRACT, REAM_F_KEYWORDS
		};
		size_t k;

		for (k = 0; k < sizeof fields / sizeof fields[0]; k++)
			same(x, y, fields[k]);
		same_authors(x, y);
	}
	check_extra(paper_of(back, "vaswani2017attention"), "editor",
		    "Guyon, I. and von Luxburg, U.");
	check_extra(paper_of(back, "knuth1984texbook"), "series",
		    "Computers and Typesetting");
	check_extra(paper_of(back, "ream2025"), "urldate", "2025-01-02");
	check_extra(paper_of(back, "draft2024"), "note", "In preparation");
	/* CSL's publisher is the school of a thesis, as pandoc has it */
	check_extra(paper_of(back, "shannon1940algebra"), "school",
		    "Massachusetts Institute of Technology");
	check_extra(paper_of(back, "lamport1978time"), "institution",
		    "Massachusetts Computer Associates");
	free(text);
	got_free(bib);
	got_free(back);
}

static void exports_a_store_as_a_json_array(void **state)
{
	char *dir = test_tmpdir(), db[4200], path[512];
	ream_buf b = { 0 };
	ream_import_stats st;
	ream_store *s;
	json_error_t e;
	json_t *a;

	(void)state;
	snprintf(db, sizeof db, "%s/s.db", dir);
	assert_int_equal(ream_store_open(db, 0, &s, NULL), REAM_OK);
	assert_int_equal(ream_export(s, NULL, 0, REAM_FMT_CSLJSON, 0, to_buf,
				     &b, NULL), REAM_OK);
	assert_string_equal(b.s, "[]\n");
	ream_buf_reset(&b);
	/* the format is told by its first byte */
	snprintf(path, sizeof path, "%s/bib/pandoc.json", TEST_DATA);
	assert_int_equal(ream_import_file(s, path, NULL, &st, NULL), REAM_OK);
	assert_int_equal(st.added, 10);
	assert_int_equal(ream_export(s, NULL, 0, REAM_FMT_CSLJSON, 0, to_buf,
				     &b, NULL), REAM_OK);
	a = json_loadb(b.s, b.n, 0, &e);
	assert_non_null(a);
	assert_int_equal(json_array_size(a), 10);
	json_decref(a);
	ream_buf_free(&b);
	ream_store_close(s);
	test_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_pandocs_csl_of_a_bib_as_the_bib),
		cmocka_unit_test(maps_csl_types_to_bibtex_types),
		cmocka_unit_test(reads_names_with_particles_suffixes_and_literals),
		cmocka_unit_test(reads_dates_in_every_form),
		cmocka_unit_test(removes_rich_text_markup),
		cmocka_unit_test(reads_arxiv_ids_however_an_item_gives_them),
		cmocka_unit_test(keeps_other_variables_under_bibtex_names),
		cmocka_unit_test(reports_bad_json_with_its_line_and_reads_on),
		cmocka_unit_test(reads_a_single_item_and_items_one_a_line),
		cmocka_unit_test(reads_deep_nesting_without_harm),
		cmocka_unit_test(writes_an_arxiv_preprint_as_an_article),
		cmocka_unit_test(writes_items_that_read_back_as_the_same_papers),
		cmocka_unit_test(exports_a_store_as_a_json_array),
	};

	return cmocka_run_group_tests_name("csl", tests, NULL, NULL);
}
