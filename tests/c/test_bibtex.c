/*
 * test_bibtex.c: the BibTeX reader (bibtex_read.c) on the fixtures in
 * tests/data/bib/ and on hostile input, and the writer (bibtex_write.c),
 * checked by bibtex, biber and pdflatex.
 */
#include <sys/resource.h>
#include <sys/wait.h>

#include "testutil.h"

static int to_buf(void *ud, const char *s, size_t n)
{
	ream_buf *b = ud;
	int rc = REAM_OK;

	ream_buf_add(&rc, b, s, n);
	return rc;
}

/* The entry of p, malloc'd. */
static char *entry(const ream_paper *p, int flags)
{
	ream_buf b = { 0 };
	int rc = REAM_OK;

	assert_int_equal(ream_bibtex_write(p, flags, to_buf, &b), REAM_OK);
	return ream_buf_take(&rc, &b);
}

/* The line of the entry of p that sets field (without its newline). */
static void check_field(const ream_paper *p, int flags, const char *field,
			const char *want)
{
	char *e = entry(p, flags), *at, *end, look[64];

	snprintf(look, sizeof look, "\n  %s = ", field);
	at = strstr(e, look);
	if (!want) {
		assert_null(at);
		free(e);
		return;
	}
	if (!at)
		fail_msg("no %s in:\n%s", field, e);
	at += strlen(look);
	end = strchr(at, '\n');
	if (end[-1] == ',')
		end--;
	*end = '\0';
	assert_string_equal(at, want);
	free(e);
}

static ream_paper *paper(const char *key, const char *title,
			 const char *date)
{
	ream_paper *p = ream_paper_new();

	assert_non_null(p);
	if (key)
		assert_int_equal(ream_paper_set(p, REAM_F_KEY, key, (size_t)-1),
				 REAM_OK);
	if (title)
		assert_int_equal(ream_paper_set(p, REAM_F_TITLE, title,
						(size_t)-1), REAM_OK);
	if (date)
		assert_int_equal(ream_paper_set(p, REAM_F_DATE, date,
						(size_t)-1), REAM_OK);
	return p;
}

static void set(ream_paper *p, ream_field f, const char *v)
{
	assert_int_equal(ream_paper_set(p, f, v, (size_t)-1), REAM_OK);
}

static void author(ream_paper *p, const char *family, const char *given)
{
	assert_int_equal(ream_paper_add_author(p, family, given, 0), REAM_OK);
}

static ream_paper *mamba(void)
{
	ream_paper *p = paper("gu2023mamba",
			      "Mamba: Linear-Time Sequence Modeling with "
			      "Selective State Spaces", "2023-12-01");

	author(p, "Gu", "Albert");
	author(p, "Dao", "Tri");
	set(p, REAM_F_ARXIV, "arXiv:2312.00752v2");
	set(p, REAM_F_PRIMARY_CAT, "cs.LG");
	set(p, REAM_F_CATEGORIES, "cs.LG cs.AI");
	set(p, REAM_F_COMMENTS, "10 pages");
	set(p, REAM_F_ABSTRACT, "Foundation models, now powering most\n"
	    "of the exciting applications.");
	return p;
}

static ream_paper *lecun(void)
{
	ream_paper *p = paper("lecun2015deep", "Deep learning", "2015-05-28");

	author(p, "LeCun", "Yann");
	author(p, "Bengio", "Yoshua");
	author(p, "Hinton", "Geoffrey");
	set(p, REAM_F_TYPE, "article");
	set(p, REAM_F_VENUE, "Nature");
	set(p, REAM_F_VOLUME, "521");
	set(p, REAM_F_NUMBER, "7553");
	set(p, REAM_F_PAGES, "436-444");
	set(p, REAM_F_PUBLISHER, "Nature Publishing Group");
	set(p, REAM_F_DOI, "10.1038/nature14539");
	set(p, REAM_F_URL, "https://www.nature.com/articles/nature14539");
	set(p, REAM_F_KEYWORDS, "deep learning, neural networks");
	return p;
}

/* ---- Entries ------------------------------------------------------------ */

static void writes_an_arxiv_preprint_as_misc_with_its_eprint(void **state)
{
	ream_paper *p = mamba();
	char *e = entry(p, 0);

	(void)state;
	assert_string_equal(e,
		"@misc{gu2023mamba,\n"
		"  title = {Mamba: Linear-Time Sequence Modeling with Selective "
		"State Spaces},\n"
		"  author = {Gu, Albert and Dao, Tri},\n"
		"  year = {2023},\n"
		"  month = dec,\n"
		"  day = {1},\n"
		"  eprint = {2312.00752},\n"
		"  archivePrefix = {arXiv},\n"
		"  primaryClass = {cs.LG},\n"
		"  comments = {10 pages},\n"
		"  abstract = {Foundation models, now powering most of the "
		"exciting applications.}\n"
		"}\n\n");
	free(e);
	ream_paper_free(p);
}

static void writes_a_journal_article_in_field_order(void **state)
{
	ream_paper *p = lecun();
	char *e = entry(p, 0);

	(void)state;
	assert_string_equal(e,
		"@article{lecun2015deep,\n"
		"  title = {Deep learning},\n"
		"  author = {LeCun, Yann and Bengio, Yoshua and Hinton, Geoffrey},\n"
		"  journal = {Nature},\n"
		"  year = {2015},\n"
		"  month = may,\n"
		"  day = {28},\n"
		"  volume = {521},\n"
		"  number = {7553},\n"
		"  pages = {436--444},\n"
		"  publisher = {Nature Publishing Group},\n"
		"  doi = {10.1038/nature14539},\n"
		"  url = {https://www.nature.com/articles/nature14539},\n"
		"  keywords = {deep learning, neural networks}\n"
		"}\n\n");
	free(e);
	ream_paper_free(p);
}

static void writes_the_venue_of_proceedings_as_booktitle(void **state)
{
	ream_paper *p = paper("he2016deep", "Deep Residual Learning", "2016");
	char *e;

	(void)state;
	author(p, "He", "Kaiming");
	set(p, REAM_F_TYPE, "InProceedings");
	set(p, REAM_F_VENUE, "Proceedings of CVPR");
	check_field(p, 0, "booktitle", "{Proceedings of CVPR}");
	check_field(p, 0, "journal", NULL);
	e = entry(p, 0);
	assert_int_equal(strncmp(e, "@inproceedings{", 15), 0);
	free(e);
	ream_paper_free(p);
}

static void writes_misc_when_required_fields_are_missing(void **state)
{
	ream_paper *p = paper("x", "T", NULL);
	char *e;

	(void)state;
	author(p, "Doe", "Jane");
	set(p, REAM_F_TYPE, "article");
	set(p, REAM_F_VENUE, "Nature");
	e = entry(p, 0);	/* no year */
	assert_int_equal(strncmp(e, "@misc{x,", 8), 0);
	free(e);
	set(p, REAM_F_DATE, "2020");
	e = entry(p, 0);
	assert_int_equal(strncmp(e, "@article{x,", 11), 0);
	free(e);
	set(p, REAM_F_TYPE, "techreport");
	e = entry(p, 0);	/* no institution */
	assert_int_equal(strncmp(e, "@misc{x,", 8), 0);
	free(e);
	ream_paper_set_extra(p, "institution", "MIT");
	set(p, REAM_F_TYPE, "report");
	e = entry(p, 0);
	assert_int_equal(strncmp(e, "@techreport{x,", 14), 0);
	free(e);
	set(p, REAM_F_TYPE, "online");
	e = entry(p, 0);
	assert_int_equal(strncmp(e, "@misc{x,", 8), 0);
	free(e);
	ream_paper_free(p);
}

static void braces_title_words_with_inner_capitals(void **state)
{
	ream_paper *p = paper("x", "BERT and GPT-4 on ImageNet: LaTeX, T5, "
			      "iPhone, Linear-Time and Deep Learning", "2020");

	(void)state;
	check_field(p, 0, "title", "{{BERT} and {GPT}-4 on {ImageNet}: {LaTeX}, "
		    "{T5}, {iPhone}, Linear-Time and Deep Learning}");
	ream_paper_set(p, REAM_F_TITLE, "A \\LaTeX\\ guide in $O(N^2)$ time",
		       (size_t)-1);
	check_field(p, 0, "title", "{A {\\LaTeX}\\ guide in {$O(N^2)$} time}");
	ream_paper_free(p);
}

static void escapes_latex_specials_outside_math(void **state)
{
	ream_paper *p = paper("x", "Q&A: 50% of #1 snake_case", "2020");

	(void)state;
	check_field(p, 0, "title", "{Q\\&A: 50\\% of \\#1 snake\\_case}");
	set(p, REAM_F_ABSTRACT, "math $x_1^{2}$, a lone $ and \\& stays");
	check_field(p, 0, "abstract",
		    "{math $x_1^{2}$, a lone \\$ and \\& stays}");
	set(p, REAM_F_ABSTRACT, "a lone \\");
	check_field(p, 0, "abstract", "{a lone \\textbackslash{}}");
	ream_paper_free(p);
}

static void escapes_braces_only_when_they_do_not_pair(void **state)
{
	ream_paper *p = paper("x", "T", "2020");

	(void)state;
	set(p, REAM_F_ABSTRACT, "sets {a, b} and $\\{x\\}$");
	check_field(p, 0, "abstract", "{sets {a, b} and $\\{x\\}$}");
	set(p, REAM_F_ABSTRACT, "an open { brace and a } close }");
	check_field(p, 0, "abstract", "{an open \\textbraceleft{} brace and a "
		    "\\textbraceright{} close \\textbraceright{}}");
	set(p, REAM_F_ABSTRACT, "$x{$ and }{");
	check_field(p, 0, "abstract", "{\\$x\\textbraceleft{}\\$ and "
		    "\\textbraceright{}\\textbraceleft{}}");
	set(p, REAM_F_URL, "https://x.org/{a");
	check_field(p, 0, "url", "{https://x.org/%7Ba}");
	ream_paper_free(p);
}

static void writes_organisations_and_odd_names_in_braces(void **state)
{
	ream_paper *p = paper("x", "T", "2020");

	(void)state;
	assert_int_equal(ream_paper_add_author(p, "Google DeepMind", NULL, 1),
			 REAM_OK);
	author(p, "van der Berg", "Jan");
	author(p, "Gates, Jr.", "Bill");
	author(p, "Ibn Sina", NULL);
	author(p, "Plato", NULL);
	author(p, "Sand", "Anders and Co");
	check_field(p, 0, "author", "{{Google DeepMind} and van der Berg, Jan "
		    "and {Gates, Jr.}, Bill and {Ibn Sina} and Plato and "
		    "Sand, {Anders and Co}}");
	check_field(p, 0, "key", NULL);
	ream_paper_free(p);
}

static void writes_a_key_field_for_a_paper_without_authors(void **state)
{
	ream_paper *p = paper("manual2020", "A Manual", "2020");

	(void)state;
	check_field(p, 0, "key", "{manual2020}");
	ream_paper_set_extra(p, "Key", "Manual");
	check_field(p, 0, "key", "{Manual}");
	ream_paper_free(p);
}

static void writes_letters_as_tex_for_ascii_output(void **state)
{
	ream_paper *p = paper("x", "Schr\xc3\xb6" "dinger's na\xc3\xaf" "ve "
			      "fa\xc3\xa7" "ade \xe2\x80\x93 \xce\xb1-stable "
			      "Stra\xc3\x9f" "e \xc3\xa5 \xc3\xb8 \xc5\x82 \xc3\xa9",
			      "2020");

	(void)state;
	author(p, "M\xc3\xbcller", "\xc5\x81ukasz");
	check_field(p, REAM_EXPORT_ASCII, "title",
		    "{Schr{\\\"o}dinger's na{\\\"\\i}ve fa{\\c{c}}ade -- "
		    "{$\\alpha$}-stable Stra{\\ss}e {\\aa} {\\o} {\\l} {\\'e}}");
	check_field(p, REAM_EXPORT_ASCII, "author",
		    "{M{\\\"u}ller, {\\L}ukasz}");
	check_field(p, 0, "author", "{M\xc3\xbcller, \xc5\x81ukasz}");
	ream_paper_free(p);
}

static void writes_stacked_accents_inside_out(void **state)
{
	ream_paper *p = paper("x", "\xc7\x98 \xc3\xad \xc5\xa1", "2020");

	(void)state;
	check_field(p, REAM_EXPORT_ASCII, "title",
		    "{{\\'{\\\"u}} {\\'\\i} {\\v{s}}}");
	ream_paper_free(p);
}

static void writes_pages_with_a_double_dash(void **state)
{
	ream_paper *p = paper("x", "T", "2020");

	(void)state;
	set(p, REAM_F_PAGES, "1\xe2\x80\x93" "10");
	check_field(p, 0, "pages", "{1--10}");
	set(p, REAM_F_PAGES, "1---10, 12-14");
	check_field(p, 0, "pages", "{1--10, 12--14}");
	set(p, REAM_F_PAGES, "e1234");
	check_field(p, 0, "pages", "{e1234}");
	ream_paper_free(p);
}

static void writes_extra_fields_back_in_lower_case(void **state)
{
	ream_paper *p = lecun();

	(void)state;
	ream_paper_set_extra(p, "ISBN", "978-3-16-148410-0");
	ream_paper_set_extra(p, "howpublished", "\\url{https://a.org/x_y}");
	ream_paper_set_extra(p, "date", "2015-05-28");
	ream_paper_set_extra(p, "journaltitle", "Nature");
	ream_paper_set_extra(p, "Title", "Again");
	ream_paper_set_extra(p, "bad name", "x");
	ream_paper_set_extra(p, "isbn", "again");
	check_field(p, 0, "isbn", "{978-3-16-148410-0}");
	check_field(p, 0, "howpublished", "{\\url{https://a.org/x_y}}");
	check_field(p, 0, "date", NULL);
	check_field(p, 0, "journaltitle", NULL);
	check_field(p, 0, "title", "{Deep learning}");
	check_field(p, 0, "bad name", NULL);
	{
		char *e = entry(p, 0);

		assert_null(strstr(e, "again"));
		free(e);
	}
	ream_paper_free(p);
}

static void replaces_characters_a_key_cannot_hold(void **state)
{
	ream_paper *p = paper("smith 2004,{x}", "T", "2020");
	char *e = entry(p, 0);

	(void)state;
	assert_int_equal(strncmp(e, "@misc{smith_2004__x_,\n", 22), 0);
	free(e);
	ream_paper_free(p);
}

static void makes_a_key_for_a_paper_without_one(void **state)
{
	ream_paper *p = paper(NULL, "Attention Is All You Need", "2017");
	char *e;

	(void)state;
	author(p, "Vaswani", "Ashish");
	e = entry(p, 0);
	assert_int_equal(strncmp(e, "@misc{vaswani2017attention,\n", 28), 0);
	free(e);
	ream_paper_free(p);
}

static void collapses_white_space_and_drops_control_characters(void **state)
{
	ream_paper *p = paper("x", "A\n   multi-line\ttitle\x01", "2020");

	(void)state;
	check_field(p, 0, "title", "{A multi-line title}");
	ream_paper_free(p);
}

static void writes_math_as_tex_for_ascii_output(void **state)
{
	ream_paper *p = paper("x", "Bounds $\xce\xb1 \xe2\x89\xa4 \xce\xb2$ "
			      "and $\xce\x93(x) \xc3\x97 \xe2\x88\x9e$", "2020");

	(void)state;
	check_field(p, REAM_EXPORT_ASCII, "title",
		    "{Bounds {${\\alpha} {\\leq} {\\beta}$} and "
		    "{${\\Gamma}(x) {\\times} {\\infty}$}}");
	check_field(p, 0, "title", "{Bounds {$\xce\xb1 \xe2\x89\xa4 "
		    "\xce\xb2$} and {$\xce\x93(x) \xc3\x97 \xe2\x88\x9e$}}");
	set(p, REAM_F_ABSTRACT, "Let $x \xe2\x88\x88 \xc3\xa9 \xe2\x98\x83$ "
	    "hold.");
	check_field(p, REAM_EXPORT_ASCII, "abstract",
		    "{Let $x {\\in} \\mbox{{\\'e}} ?$ hold.}");
	ream_paper_free(p);
}

static void writes_only_ascii_for_ascii_output(void **state)
{
	ream_paper *p = paper("m\xc3\xbcller\xe4\xb8\xad" "2020",
			      "\xef\xac\x81" "nite x\xc2\xb2, \xc2\xbd and "
			      "\xe4\xb8\xad\xe6\x96\x87", "2020");
	char *e;
	size_t i;

	(void)state;
	author(p, "\xe5\xbc\xa0", "\xe4\xbc\x9f");
	ream_paper_set_extra(p, "note", "\xe2\x84\x96 5 \xe2\x80\x94 "
			     "\xf0\x9f\x98\x80");
	set(p, REAM_F_URL, "https://x.org/\xc3\xa9");
	e = entry(p, REAM_EXPORT_ASCII);
	for (i = 0; e[i]; i++)
		if ((unsigned char)e[i] >= 0x80)
			fail_msg("a byte beyond ASCII at %zu in:\n%s", i, e);
	assert_int_equal(strncmp(e, "@misc{muller_2020,\n", 19), 0);
	free(e);
	check_field(p, REAM_EXPORT_ASCII, "title", "{finite x2, 1/2 and ??}");
	check_field(p, REAM_EXPORT_ASCII, "note", "{No 5 --- ?}");
	check_field(p, REAM_EXPORT_ASCII, "url", "{https://x.org/%C3%A9}");
	ream_paper_free(p);
}

static int refuse(void *ud, const char *s, size_t n)
{
	(void)s;
	(void)n;
	++*(int *)ud;
	return REAM_IO;
}

static void returns_what_the_writer_returns(void **state)
{
	ream_paper *p = mamba();
	int calls = 0;

	(void)state;
	assert_int_equal(ream_bibtex_write(p, 0, refuse, &calls), REAM_IO);
	assert_int_equal(calls, 1);
	assert_int_equal(ream_bibtex_write(NULL, 0, refuse, &calls), REAM_ERROR);
	ream_paper_free(p);
}

/* ---- Reading ------------------------------------------------------------ */

#define GOT_MAX 64

/* What a read gave: the papers with their lines, and the warnings. */
typedef struct got {
	ream_paper *p[GOT_MAX];
	long line[GOT_MAX];
	size_t n;
	char warn[GOT_MAX][400];
	long wline[GOT_MAX];
	size_t nw;
	long dropped;		/* papers and warnings past GOT_MAX */
} got;

static int got_emit(void *ud, ream_paper *p, long line)
{
	got *g = ud;

	if (g->n == GOT_MAX) {
		g->dropped++;
		ream_paper_free(p);
		return REAM_OK;
	}
	g->line[g->n] = line;
	g->p[g->n++] = p;
	return REAM_OK;
}

static void got_warn(void *ud, long line, const char *msg)
{
	got *g = ud;

	if (g->nw == GOT_MAX) {
		g->dropped++;
		return;
	}
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

/* Reads f with the BibTeX reader into a new got. */
static got *read_stream(FILE *f, const char *name)
{
	got *g = calloc(1, sizeof *g);
	ream_reader r;

	assert_non_null(g);
	assert_non_null(f);
	memset(&r, 0, sizeof r);
	r.file = name;
	r.emit = got_emit;
	r.warn = got_warn;
	r.ud = g;
	assert_int_equal(ream_bibtex_read(f, &r), REAM_OK);
	fclose(f);
	return g;
}

/* Reads tests/data/bib/name. */
static got *read_fixture(const char *name)
{
	char path[512];

	snprintf(path, sizeof path, "%s/bib/%s", TEST_DATA, name);
	return read_stream(fopen(path, "rb"), path);
}

/* Reads the n bytes of text (which may hold NUL bytes). */
static got *read_text(const char *text, size_t n)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, n, f), n);
	rewind(f);
	return read_stream(f, "text");
}

/* The paper with this key, failing the test when there is none. */
static const ream_paper *paper_of(const got *g, const char *key)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (!strcmp(ream_paper_get(g->p[i], REAM_F_KEY), key))
			return g->p[i];
	fail_msg("no paper %s", key);
	return NULL;
}

/* The index of the warning at line that holds text, or fails. */
static size_t warned(const got *g, long line, const char *text)
{
	size_t i;

	for (i = 0; i < g->nw; i++)
		if (g->wline[i] == line && strstr(g->warn[i], text))
			return i;
	for (i = 0; i < g->nw; i++)
		print_message("warning %ld: %s\n", g->wline[i], g->warn[i]);
	fail_msg("no warning at line %ld with \"%s\"", line, text);
	return 0;
}

static void check(const ream_paper *p, ream_field f, const char *want)
{
	const char *v = ream_paper_get(p, f);

	if (!want) {
		assert_null(v);
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

/* Author i of p is family, given (NULL: none), literal. */
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

static void reads_macros_month_macros_and_concatenation(void **state)
{
	got *g = read_fixture("reading.bib");
	const ream_paper *p = paper_of(g, "macros");

	(void)state;
	check(p, REAM_F_VENUE, "ACM Transactions on Computer Systems");
	check(p, REAM_F_VOLUME, "12");
	/* jan # "~1": the month and the day */
	check(p, REAM_F_DATE, "1999-01-01");
	check_extra(p, "month", NULL);
	p = paper_of(g, "parens");
	check(p, REAM_F_DATE, "2001-09");
	check(p, REAM_F_VENUE, "IEEE Software");
	check_extra(p, "month", NULL);
	assert_int_equal(g->nw, 0);
	got_free(g);
}

static void reads_entries_in_braces_and_in_parentheses(void **state)
{
	got *g = read_fixture("reading.bib");
	const ream_paper *p = paper_of(g, "parens");

	(void)state;
	check(p, REAM_F_TYPE, "article");
	check(p, REAM_F_TITLE, "Round \"Brackets\" and quotes");
	check_author(p, 0, "Roe", "John", 0);
	got_free(g);
}

static void skips_preamble_comment_and_text_outside_entries(void **state)
{
	static const char *const keys[] = {
		"macros", "parens", "child", "other-child", "proc2020",
		"uses-xdata", "tex", "names", "Unicode-key"
	};
	got *g = read_fixture("reading.bib");
	size_t i;

	(void)state;
	assert_int_equal(g->n, sizeof keys / sizeof keys[0]);
	for (i = 0; i < g->n; i++) {
		assert_string_equal(ream_paper_get(g->p[i], REAM_F_KEY), keys[i]);
		assert_null(ream_paper_get_extra(g->p[i], "preamble"));
	}
	assert_int_equal(g->line[0], 15);
	assert_int_equal(g->line[1], 24);
	got_free(g);
}

static void reads_an_entry_inside_comment_as_bibtex_does(void **state)
{
	static const char text[] =
		"@comment{ @misc{inside, title = {Read}} }\n"
		"@Comment This text is skipped @misc{after, title = {Too}}\n";
	got *g = read_text(text, sizeof text - 1);

	(void)state;
	assert_int_equal(g->n, 2);
	check(paper_of(g, "inside"), REAM_F_TITLE, "Read");
	check(paper_of(g, "after"), REAM_F_TITLE, "Too");
	got_free(g);
}

static void inherits_fields_through_crossref(void **state)
{
	got *g = read_fixture("reading.bib");
	const ream_paper *p = paper_of(g, "child");

	(void)state;
	/* the parent's key is matched in any case */
	check(p, REAM_F_TITLE, "A Child Paper");
	check_author(p, 0, "Child", "Ann", 0);
	assert_int_equal(ream_paper_author_count(p), 1);
	check(p, REAM_F_VENUE, "Proceedings of the Twentieth Meeting");
	check(p, REAM_F_PUBLISHER, "Meeting Press");
	check(p, REAM_F_DATE, "2020");
	check(p, REAM_F_PAGES, "1\xe2\x80\x93" "10");
	check_extra(p, "editor", "Ed Itor and Anne Other");
	check_extra(p, "crossref", NULL);
	/* a child without authors takes the parent's editors */
	p = paper_of(g, "other-child");
	check(p, REAM_F_TITLE, "A Book That Inherits");
	check_author(p, 0, "Itor", "Ed", 0);
	check_author(p, 1, "Other", "Anne", 0);
	got_free(g);
}

static void inherits_fields_through_xdata(void **state)
{
	got *g = read_fixture("reading.bib");
	const ream_paper *p = paper_of(g, "uses-xdata");
	size_t i;

	(void)state;
	check(p, REAM_F_PUBLISHER, "Data Press");
	check(p, REAM_F_DATE, "2011");
	check_extra(p, "location", "Cambridge");
	check_extra(p, "xdata", NULL);
	for (i = 0; i < g->n; i++)	/* @xdata is no paper */
		assert_string_not_equal(ream_paper_get(g->p[i], REAM_F_KEY),
					"pubdata");
	got_free(g);
}

static void follows_crossref_cycles_and_chains_boundedly(void **state)
{
	static const char text[] =
		"@misc{a, crossref = {b}, title = {A}}\n"
		"@misc{b, crossref = {a}, note = {from b}}\n"
		"@misc{self, crossref = {self}, title = {Self}}\n"
		"@misc{c0, crossref = {c1}}\n@misc{c1, crossref = {c2}}\n"
		"@misc{c2, crossref = {c3}}\n@misc{c3, crossref = {c4}}\n"
		"@misc{c4, crossref = {c5}}\n@misc{c5, crossref = {c6}}\n"
		"@misc{c6, crossref = {c7}}\n@misc{c7, crossref = {c8}}\n"
		"@misc{c8, crossref = {c9}}\n@misc{c9, crossref = {c10}}\n"
		"@misc{c10, title = {Deep}}\n"
		"@misc{lost, crossref = {nowhere}, title = {Lost}}\n";
	got *g = read_text(text, sizeof text - 1);

	(void)state;
	assert_int_equal(g->n, 15);
	check_extra(paper_of(g, "a"), "note", "from b");
	check(paper_of(g, "b"), REAM_F_TITLE, "A");
	check(paper_of(g, "self"), REAM_F_TITLE, "Self");
	check(paper_of(g, "c2"), REAM_F_TITLE, "Deep");
	check(paper_of(g, "lost"), REAM_F_TITLE, "Lost");
	got_free(g);
}

static void decodes_tex_for_display_and_keeps_the_raw_tex(void **state)
{
	got *g = read_fixture("reading.bib");
	const ream_paper *p = paper_of(g, "tex");

	(void)state;
	check(p, REAM_F_TITLE, "\xc3\x96" "ber \xc3\x9f" "tra\xc3\x9f" "e, "
	      "\xc3\xa5 and \xc5\x82\xc3\xb3" "dz \xe2\x80\x93 a \xe2\x80\x94 "
	      "short guide to & \xe2\x80\x93 $O(n^2)$ and RNA");
	check_extra(p, "raw.title", "{\\\"O}ber {\\ss}tra\\ss e, \\aa{} and "
		    "\\l{}\\'odz -- a --- short~guide to \\& {\\textendash} "
		    "$O(n^2)$ and {RNA}");
	check(p, REAM_F_VENUE, "J. Math\xc3\xa9matiques");
	check_extra(p, "raw.venue", "J. Math{\\'e}matiques");
	check_extra(p, "note", "Reprinted in Collected Works");
	check_extra(p, "raw.note", "Reprinted in {\\em Collected Works}");
	check_author(p, 0, "G\xc3\xb6" "del", "Kurt", 0);
	check_author(p, 1, "Schr\xc3\xb6" "dinger", "Erwin", 0);
	check_author(p, 2, "Erd\xc5\x91" "s", "Paul", 0);
	/* UTF-8 is no TeX: nothing to keep */
	p = paper_of(g, "Unicode-key");
	check(p, REAM_F_TITLE, "\xc3\x9cn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9 "
	      "Title with \xce\xa9mega");
	check_extra(p, "raw.title", NULL);
	check_extra(p, "raw.author", NULL);
	/* nor when the writer gives back the same TeX */
	check_extra(paper_of(g, "macros"), "raw.title", NULL);
	got_free(g);
}

static void exports_the_raw_tex_it_read(void **state)
{
	got *g = read_fixture("reading.bib");
	ream_paper *p = g->p[6];

	(void)state;
	assert_string_equal(ream_paper_get(p, REAM_F_KEY), "tex");
	check_field(p, 0, "title", "{{\\\"O}ber {\\ss}tra\\ss e, \\aa{} and "
		    "\\l{}\\'odz -- a --- short~guide to \\& {\\textendash} "
		    "$O(n^2)$ and {RNA}}");
	check_field(p, REAM_EXPORT_ASCII, "journal", "{J. Math{\\'e}matiques}");
	check_field(p, 0, "note", "{Reprinted in {\\em Collected Works}}");
	check_field(p, 0, "author", "{Kurt G{\\\"o}del and Erwin "
		    "Schr\\\"{o}dinger and Paul Erd\\H{o}s}");
	/* a value changed since it was read goes out encoded again */
	set(p, REAM_F_TITLE, "\xc3\x96" "ber alles");
	check_field(p, 0, "title", "{\xc3\x96" "ber alles}");
	check_field(p, REAM_EXPORT_ASCII, "title", "{{\\\"O}ber alles}");
	assert_int_equal(ream_paper_add_author(p, "Noether", "Emmy", 0),
			 REAM_OK);
	check_field(p, 0, "author", "{G\xc3\xb6" "del, Kurt and "
		    "Schr\xc3\xb6" "dinger, Erwin and Erd\xc5\x91" "s, Paul and "
		    "Noether, Emmy}");
	got_free(g);
}

static void splits_names_as_bibtex_does(void **state)
{
	got *g = read_fixture("reading.bib");
	const ream_paper *p = paper_of(g, "names");

	(void)state;
	assert_int_equal(ream_paper_author_count(p), 9);
	check_author(p, 0, "van Beethoven", "Ludwig", 0);	/* First von Last */
	check_author(p, 1, "de la Fontaine", "Jean", 0);	/* von Last, First */
	check_author(p, 2, "Gates", "William Henry, Jr.", 0);	/* von Last, Jr, First */
	check_author(p, 3, "Barnes and Noble, Inc.", NULL, 1);
	check_author(p, 4, "Paul-Sartre", "Jean", 0);
	check_author(p, 5, "Zola", "\xc3\x89mile", 0);
	check_author(p, 6, "von Neumann", "John", 0);
	check_author(p, 7, "Aristotle", NULL, 0);
	check_author(p, 8, "others", NULL, 1);
	got_free(g);
}

/* The names of one author list, split. */
static void check_names(const char *list, const char *const *want, size_t n)
{
	char text[512];
	got *g;
	size_t i;

	snprintf(text, sizeof text, "@misc{k, author = {%s}}\n", list);
	g = read_text(text, strlen(text));
	assert_int_equal(g->n, 1);
	assert_int_equal(ream_paper_author_count(g->p[0]), n / 2);
	for (i = 0; i < n; i += 2)
		check_author(g->p[0], i / 2, want[i], want[i + 1], 0);
	got_free(g);
}

static void splits_the_hard_names_of_btxdoc(void **state)
{
	static const char *const a[] = { "della Robbia", "Luca" };
	static const char *const b[] = { "Brinch Hansen", "Per" };
	static const char *const c[] = { "de la Vall\xc3\xa9" "e Poussin",
					  "Charles Louis Xavier Joseph" };
	static const char *const d[] = { "Smith", "J.", "Doe", "Jane",
					 "Roe", "R." };
	static const char *const e[] = { "von der Leyen", "Ursula" };
	static const char *const f[] = { "\xc3\x96zt\xc3\xbcrk", "Ay\xc5\x9f" "e" };

	(void)state;
	check_names("Luca della Robbia", a, 2);
	check_names("{Brinch Hansen}, Per", b, 2);
	check_names("Charles Louis Xavier Joseph de la Vall{\\'e}e Poussin",
		    c, 2);
	check_names("J. Smith AND Jane Doe\tand\nRoe, R.", d, 6);
	check_names("Ursula von~der Leyen", e, 2);
	check_names("{\\\"O}zt{\\\"u}rk, Ay{\\c{s}}e", f, 2);
}

static void keeps_the_first_of_duplicate_keys_naming_both_lines(void **state)
{
	got *g = read_fixture("malformed.bib");

	(void)state;
	check(paper_of(g, "first"), REAM_F_TITLE, "Before the damage");
	assert_non_null(strstr(g->warn[warned(g, 30, "entry first skipped")],
			       "line 3"));
	assert_non_null(strstr(g->warn[warned(g, 31, "entry FIRST skipped")],
			       "line 3"));
	got_free(g);
}

static void reports_malformed_entries_with_their_line_and_reads_on(void **state)
{
	static const char *const keys[] = {
		"first", "second", "third", "fourth", "fifth", "sixth", "seventh"
	};
	got *g = read_fixture("malformed.bib");
	size_t i;

	(void)state;
	assert_int_equal(g->n, sizeof keys / sizeof keys[0]);
	for (i = 0; i < g->n; i++)
		assert_string_equal(ream_paper_get(g->p[i], REAM_F_KEY), keys[i]);
	check(paper_of(g, "second"), REAM_F_TITLE, "After unbalanced braces");
	warned(g, 6, "entry unbalanced skipped: the braces of field title");
	warned(g, 12, "entry nocomma skipped: no comma after its key");
	warned(g, 16, "entry unterminated skipped: the string of field title "
	       "does not end");
	warned(g, 21, "entry noequals skipped: no = after field title");
	warned(g, 25, "entry closer skipped");
	warned(g, 34, "entry eighth skipped");
	got_free(g);
}

static void reports_the_file_and_line_through_import(void **state);

static void keeps_the_first_of_a_field_named_twice(void **state)
{
	got *g = read_fixture("malformed.bib");

	(void)state;
	check(paper_of(g, "seventh"), REAM_F_TITLE, "Fields twice");
	warned(g, 33, "entry seventh has a second title field; the first is "
	       "kept");
	got_free(g);
}

static void reads_undefined_macros_as_empty_and_says_so(void **state)
{
	got *g = read_fixture("malformed.bib");

	(void)state;
	check_extra(paper_of(g, "sixth"), "note", NULL);
	warned(g, 28, "undefined macro undefinedmacro in entry sixth");
	got_free(g);
}

/* Peak resident memory of this process, in KiB. */
static long peak_kib(void)
{
	struct rusage u;

	assert_int_equal(getrusage(RUSAGE_SELF, &u), 0);
	return u.ru_maxrss;
}

static void reads_a_million_nested_braces(void **state)
{
	const size_t depth = 1000000;
	size_t n = 0, i;
	char *text = malloc(3 * depth + 200);
	got *g;

	(void)state;
	assert_non_null(text);
	n += (size_t)sprintf(text, "@misc{deep, title = ");
	for (i = 0; i < depth; i++)
		text[n++] = '{';
	text[n++] = 'x';
	for (i = 0; i < depth; i++)
		text[n++] = '}';
	n += (size_t)sprintf(text + n, "}\n@misc{open, title = ");
	for (i = 0; i < depth; i++)
		text[n++] = '{';
	n += (size_t)sprintf(text + n, "\n@misc{after, title = {After}}\n");
	g = read_text(text, n);
	check(paper_of(g, "deep"), REAM_F_TITLE, "x");
	check(paper_of(g, "after"), REAM_F_TITLE, "After");
	warned(g, 2, "entry open skipped: the braces of field title");
	assert_int_equal(g->n, 2);
	got_free(g);
	free(text);
}

/* A generator of pseudo-random bytes (xorshift), the same every run. */
static unsigned char noise(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return (unsigned char)(*x >> 24);
}

static void reads_binary_junk_without_harm(void **state)
{
	const size_t size = 4 << 20;
	char *text = malloc(size + 100);
	uint64_t x = 88172645463325252ULL;
	size_t i, n;
	long before = peak_kib();
	got *g;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < size; i++) {
		text[i] = (char)noise(&x);
		if (i % 997 == 0)	/* make the junk look like BibTeX */
			text[i] = "@{}\"#=,\n"[noise(&x) % 8];
	}
	n = size + (size_t)sprintf(text + size,
				   "\n@misc{after, title = {After junk}}\n");
	g = read_text(text, n);
	check(paper_of(g, "after"), REAM_F_TITLE, "After junk");
	for (i = 0; i < g->nw; i++) {	/* messages are printable UTF-8 */
		const unsigned char *m = (const unsigned char *)g->warn[i];

		for (; *m; m++)
			assert_true(*m >= 0x20 && *m != 0x7f);
	}
	/* the text, and a small multiple of it at most */
	assert_true(peak_kib() - before < 8 * (long)(size >> 10));
	got_free(g);
	free(text);
}

static void reports_bytes_that_are_not_utf8(void **state)
{
	static const char text[] =
		"@misc{latin, title = {Caf\xe9 na\xefve \x93quoted\x94},\n"
		"  author = {M\xfcller, J\xfcrgen}}\n"
		"@misc{nul, title = {a\0b}}\n"
		"@misc{fine, title = {Caf\xc3\xa9}}\n";
	got *g = read_text(text, sizeof text - 1);
	const ream_paper *p = paper_of(g, "latin");

	(void)state;
	assert_int_equal(g->n, 3);
	/* read as Windows-1252, the usual encoding of such files */
	check(p, REAM_F_TITLE, "Caf\xc3\xa9 na\xc3\xafve \xe2\x80\x9cquoted"
	      "\xe2\x80\x9d");
	check_author(p, 0, "M\xc3\xbcller", "J\xc3\xbcrgen", 0);
	warned(g, 1, "entry latin: bytes that are not UTF-8 were read as "
	       "Windows-1252");
	check(paper_of(g, "nul"), REAM_F_TITLE, "a\xef\xbf\xbd" "b");
	warned(g, 3, "entry nul: NUL bytes were read as U+FFFD");
	assert_int_equal(g->nw, 2);
	got_free(g);
}

static void bounds_the_memory_macros_may_take(void **state)
{
	const size_t len = 1 << 20;
	char *text = malloc(len + 1000), name[8];
	size_t n = 0, i;
	long before = peak_kib();
	got *g;

	(void)state;
	assert_non_null(text);
	n += (size_t)sprintf(text, "@string{m0 = \"");
	memset(text + n, 'x', len);
	n += len;
	n += (size_t)sprintf(text + n, "\"}\n");
	for (i = 1; i < 30; i++)	/* each doubles the one before */
		n += (size_t)sprintf(text + n, "@string{m%zu = m%zu # m%zu}\n",
				     i, i - 1, i - 1);
	snprintf(name, sizeof name, "m%d", 29);
	n += (size_t)sprintf(text + n, "@misc{big, title = %s # %s}\n"
			     "@misc{after, title = {After}}\n", name, name);
	g = read_text(text, n);
	check(paper_of(g, "after"), REAM_F_TITLE, "After");
	warned(g, 4, "field m3 is longer than its macros may make it");
	assert_true(peak_kib() - before < 64 * 1024);
	got_free(g);
	free(text);
}

static void reads_arxiv_eprints_and_dates(void **state)
{
	static const char text[] =
		"@misc{a, eprint = {2312.00752v2}, archivePrefix = {arXiv},\n"
		"  primaryClass = {cs.LG}, year = 2023, month = dec, day = 1}\n"
		"@online{b, eprint = {hep-th/9901001}, eprinttype = {arxiv},\n"
		"  eprintclass = {hep-th}, date = {1999-01-02}}\n"
		"@misc{c, doi = {10.48550/arXiv.2303.08774}, year = {2020a}}\n"
		"@misc{d, eprint = {123456}, eprinttype = {pubmed},\n"
		"  doi = {not a doi}, month = {July/August}, year = 2020}\n"
		"@misc{e, journal = {arXiv preprint arXiv:1706.03762},\n"
		"  url = {\\url{https://x.org/a_b}}}\n";
	got *g = read_text(text, sizeof text - 1);
	const ream_paper *p = paper_of(g, "a");

	(void)state;
	check(p, REAM_F_ARXIV, "2312.00752");
	check(p, REAM_F_ARXIV_VERSION, "2");
	check(p, REAM_F_PRIMARY_CAT, "cs.LG");
	check(p, REAM_F_DATE, "2023-12-01");
	check_extra(p, "eprint", NULL);
	check_extra(p, "archiveprefix", NULL);
	/* the eprint goes back out as the file gave it */
	check_field(p, 0, "eprint", "{2312.00752v2}");
	check_field(p, 0, "day", "{1}");
	p = paper_of(g, "b");
	check(p, REAM_F_ARXIV, "hep-th/9901001");
	check(p, REAM_F_PRIMARY_CAT, "hep-th");
	check(p, REAM_F_DATE, "1999-01-02");
	check(p, REAM_F_TYPE, "online");
	p = paper_of(g, "c");
	check(p, REAM_F_ARXIV, "2303.08774");
	check(p, REAM_F_DATE, "2020");
	check_extra(p, "year", "2020a");
	p = paper_of(g, "d");
	check(p, REAM_F_ARXIV, NULL);
	check_extra(p, "eprint", "123456");
	check_extra(p, "eprinttype", "pubmed");
	check(p, REAM_F_DOI, NULL);
	check_extra(p, "doi", "not a doi");
	check(p, REAM_F_DATE, "2020");
	check_extra(p, "month", "July/August");
	p = paper_of(g, "e");
	check(p, REAM_F_ARXIV, "1706.03762");
	check(p, REAM_F_URL, "https://x.org/a_b");
	got_free(g);
}

typedef struct import_warns {
	char file[512];
	long line;
	int n;
} import_warns;

static void import_warn(void *ud, const char *file, long line, const char *msg)
{
	import_warns *w = ud;

	(void)msg;
	if (!w->n++) {
		snprintf(w->file, sizeof w->file, "%s", file);
		w->line = line;
	}
}

static void reports_the_file_and_line_through_import(void **state)
{
	char *dir = test_tmpdir(), db[4200], path[512];
	ream_import_opts o = { REAM_FMT_AUTO, 0, 0, import_warn, NULL, NULL };
	ream_import_stats st;
	import_warns w = { "", 0, 0 };
	ream_store *s;

	(void)state;
	o.ud = &w;
	snprintf(db, sizeof db, "%s/s.db", dir);
	snprintf(path, sizeof path, "%s/bib/malformed.bib", TEST_DATA);
	assert_int_equal(ream_store_open(db, 0, &s, NULL), REAM_OK);
	assert_int_equal(ream_import_file(s, path, &o, &st, NULL), REAM_OK);
	assert_int_equal(st.added, 7);
	/* 8 entries skipped; an undefined macro and a field named twice are
	 * said too, but their entries are imported */
	assert_int_equal(st.failed, 8);
	assert_int_equal(w.n, 10);
	/* the path made absolute */
	assert_true(strlen(w.file) > strlen(path));
	assert_string_equal(w.file + strlen(w.file) - strlen(path), path);
	assert_int_equal(w.line, 6);
	ream_store_close(s);
	test_rmdir(dir);
}

/* ---- Tracking a document's bibliography -------------------------------- */

/* Imports path into s; the counts into *st. */
static void import(ream_store *s, const char *path, ream_import_stats *st)
{
	char *err = NULL;
	int rc = ream_import_file(s, path, NULL, st, &err);

	if (rc != REAM_OK)
		fail_msg("import of %s: %s", path, err ? err : "?");
}

/* The number of entries of tracked files with this key. */
static int entries_with_key(ream_store *s, const char *key)
{
	sqlite3_stmt *st;
	int n;

	assert_int_equal(sqlite3_prepare_v2(s->db, "SELECT count(*) FROM entry"
					    " WHERE \"key\" = ?1", -1, &st,
					    NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The number of papers a search finds. */
static size_t found(ream_store *s, const char *q)
{
	ream_list *l;
	size_t n;

	assert_int_equal(ream_search(s, q, strlen(q), NULL, &l, NULL), REAM_OK);
	n = ream_list_count(l);
	ream_list_free(l);
	return n;
}

static const char refs_bib[] =
	"@article{alpha, title = {Alpha Particles}, author = {Ann Alpha},\n"
	"  journal = {J. A}, year = 2001}\n"
	"@article{beta, title = {Beta Decay}, author = {Bob Beta},\n"
	"  journal = {J. B}, year = 2002}\n"
	"@article{gamma, title = {Gamma Rays}, author = {Gus Gamma},\n"
	"  journal = {J. C}, year = 2003}\n"
	"@article{alias, title = {Deep Learning}, author = {LeCun, Yann},\n"
	"  doi = {10.1038/nature14539}, year = 2015}\n";

/* A store holding Nature's deep learning paper under its own key, and
 * the tracked file dir/refs.bib imported once. */
static ream_store *tracked_store(const char *dir, char *bib, size_t n)
{
	char db[4200];
	ream_store *s;
	ream_paper *p = ream_paper_new();
	ream_import_stats st;

	snprintf(db, sizeof db, "%s/s.db", dir);
	snprintf(bib, n, "%s/refs.bib", dir);
	assert_int_equal(ream_store_open(db, 0, &s, NULL), REAM_OK);
	set(p, REAM_F_KEY, "lecun2015deep");
	set(p, REAM_F_TITLE, "Deep learning");
	set(p, REAM_F_DOI, "10.1038/nature14539");
	assert_int_equal(ream_store_put(s, p, NULL, NULL), REAM_OK);
	ream_paper_free(p);
	test_write(bib, refs_bib);
	import(s, bib, &st);
	assert_int_equal(st.records, 4);
	assert_int_equal(st.added, 3);
	assert_int_equal(st.merged, 1);	/* alias: the same DOI */
	return s;
}

/*
 * An extra field whose TeX the writer would not give back is stored as
 * that TeX alone, and comes back decoded for display and as the same TeX
 * in an export.
 */
static void stores_the_tex_of_an_extra_field_once(void **state)
{
	char *dir = test_tmpdir(), bib[4300], db[4300], *err = NULL;
	ream_buf out = {0};
	ream_import_stats st;
	sqlite3_stmt *q;
	ream_store *s;
	ream_paper *p;
	int rc = REAM_OK;

	(void)state;
	snprintf(bib, sizeof bib, "%s/ack.bib", dir);
	snprintf(db, sizeof db, "%s/s.db", dir);
	test_write(bib, "@string{ack = {Nelson H. F. Beebe, URL:"
		   " \\path|http://www.math.utah.edu/~beebe/|}}\n"
		   "@article{Beeton:TB1-1-3, title = {Message},"
		   " author = {Beeton, Barbara}, year = 1980,"
		   " acknowledgement = ack, note = {Stra{\\ss}e~3}}\n");
	assert_int_equal(ream_store_open(db, 0, &s, &err), REAM_OK);
	import(s, bib, &st);
	assert_int_equal(st.added, 1);
	assert_int_equal(sqlite3_prepare_v2(s->db, "SELECT extra FROM paper",
					    -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_non_null(strstr((const char *)sqlite3_column_text(q, 0),
			       "\"acknowledgement\":null,\"raw.acknowledgement\""));
	assert_null(strstr((const char *)sqlite3_column_text(q, 0), "utah.edu/ "));
	sqlite3_finalize(q);
	assert_int_equal(ream_store_get(s, "Beeton:TB1-1-3", &p, &err), REAM_OK);
	assert_string_equal(ream_paper_get_extra(p, "note"),
			    "Stra\xc3\x9f" "e 3");
	assert_string_equal(ream_paper_get_extra(p, "acknowledgement"),
			    "Nelson H. F. Beebe, URL: \\path|"
			    "http://www.math.utah.edu/ beebe/|");
	ream_paper_free(p);
	assert_int_equal(ream_export(s, NULL, 0, REAM_FMT_BIBTEX, 0, to_buf,
				     &out, &err), REAM_OK);
	ream_buf_add(&rc, &out, "", 0);
	assert_non_null(strstr(out.s, "note = {Stra{\\ss}e~3}"));
	assert_non_null(strstr(out.s, "utah.edu/~beebe/|}"));
	/* Unchanged on a second import: the stored entry is the same. */
	import(s, bib, &st);
	assert_int_equal(st.skipped, 1);
	ream_buf_free(&out);
	ream_store_close(s);
	test_rmdir(dir);
}

static void reimporting_an_unchanged_bib_does_no_work(void **state)
{
	char *dir = test_tmpdir(), bib[4300], cmd[8800];
	ream_import_stats st;
	ream_store *s = tracked_store(dir, bib, sizeof bib);

	(void)state;
	import(s, bib, &st);
	assert_int_equal(st.skipped, 1);
	assert_int_equal(st.records, 0);
	/* touched, not changed: its content says so */
	snprintf(cmd, sizeof cmd, "touch -d '2001-01-01' '%s'", bib);
	assert_int_equal(system(cmd), 0);
	import(s, bib, &st);
	assert_int_equal(st.skipped, 1);
	assert_int_equal(st.records, 0);
	import(s, bib, &st);
	assert_int_equal(st.skipped, 1);
	ream_store_close(s);
	test_rmdir(dir);
}

static void reindexes_only_the_entry_that_changed(void **state)
{
	char *dir = test_tmpdir(), bib[4300], *text, *at;
	ream_import_stats st;
	ream_store *s = tracked_store(dir, bib, sizeof bib);
	ream_paper *p;

	(void)state;
	assert_int_equal(found(s, "decay"), 1);
	text = strdup(refs_bib);
	assert_non_null(text);
	at = strstr(text, "Beta Decay");
	memcpy(at, "Beta Gamut", 10);	/* same length: same size */
	test_write(bib, text);
	free(text);
	import(s, bib, &st);
	assert_int_equal(st.skipped, 0);
	assert_int_equal(st.records, 4);
	assert_int_equal(st.unchanged, 3);
	assert_int_equal(st.merged, 1);		/* beta, replaced */
	assert_int_equal(st.added, 0);
	assert_int_equal(ream_store_get(s, "beta", &p, NULL), REAM_OK);
	check(p, REAM_F_TITLE, "Beta Gamut");
	ream_paper_free(p);
	assert_int_equal(found(s, "decay"), 0);
	assert_int_equal(found(s, "gamut"), 1);
	assert_int_equal(ream_store_check(s, NULL), REAM_OK);
	ream_store_close(s);
	test_rmdir(dir);
}

static void detaches_an_entry_deleted_from_the_file(void **state)
{
	char *dir = test_tmpdir(), bib[4300], *text, *at;
	ream_import_stats st;
	ream_store *s = tracked_store(dir, bib, sizeof bib);
	ream_paper *p;

	(void)state;
	/* the file's key finds the paper stored under another key */
	assert_int_equal(ream_store_get(s, "alias", &p, NULL), REAM_OK);
	check(p, REAM_F_KEY, "lecun2015deep");
	ream_paper_free(p);
	assert_int_equal(entries_with_key(s, "gamma"), 1);
	text = strdup(refs_bib);
	assert_non_null(text);
	at = strstr(text, "@article{gamma");
	*at = '\0';			/* gamma goes, and alias after it */
	test_write(bib, text);
	free(text);
	import(s, bib, &st);
	assert_int_equal(st.records, 2);
	assert_int_equal(st.unchanged, 2);
	assert_int_equal(entries_with_key(s, "gamma"), 0);
	assert_int_equal(entries_with_key(s, "alias"), 0);
	assert_int_equal(entries_with_key(s, "alpha"), 1);
	/* its key no longer finds the paper; the papers stay */
	assert_int_equal(ream_store_get(s, "alias", &p, NULL), REAM_NOTFOUND);
	assert_int_equal(ream_store_get(s, "lecun2015deep", &p, NULL), REAM_OK);
	ream_paper_free(p);
	assert_int_equal(ream_store_get(s, "gamma", &p, NULL), REAM_OK);
	ream_paper_free(p);
	ream_store_close(s);
	test_rmdir(dir);
}

static void removing_a_paper_takes_its_entries_out(void **state)
{
	char *dir = test_tmpdir(), bib[4300], *err = NULL;
	ream_store *s = tracked_store(dir, bib, sizeof bib);

	(void)state;
	assert_int_equal(entries_with_key(s, "gamma"), 1);
	assert_int_equal(ream_store_remove(s, "gamma", NULL), REAM_OK);
	assert_int_equal(entries_with_key(s, "gamma"), 0);
	assert_int_equal(ream_store_check(s, NULL), REAM_OK);
	/* SQLite does not enforce the link: an entry whose paper is gone
	 * (another program's doing) is what `ream check` reports. */
	assert_int_equal(sqlite3_exec(s->db, "DELETE FROM paper WHERE id ="
				      " (SELECT paper FROM entry WHERE"
				      " \"key\" = 'beta')", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(ream_store_check(s, &err), REAM_CORRUPT);
	assert_non_null(strstr(err, "1 entry of imported files"));
	free(err);
	ream_store_close(s);
	test_rmdir(dir);
}

/* ---- bibtex, biber and pdflatex --------------------------------------- */

/* The papers the tools read: every kind of entry and value. */
static ream_paper **library(size_t *n)
{
	ream_paper **ps = calloc(12, sizeof *ps);
	ream_paper *p;
	size_t k = 0;

	assert_non_null(ps);
	ps[k++] = mamba();
	ps[k++] = lecun();
	p = paper("he2016deep", "Deep Residual Learning for Image Recognition",
		  "2016-06");
	author(p, "He", "Kaiming");
	author(p, "Zhang", "Xiangyu");
	set(p, REAM_F_TYPE, "inproceedings");
	set(p, REAM_F_VENUE, "Proceedings of the IEEE Conference on CVPR");
	set(p, REAM_F_PAGES, "770\xe2\x80\x93" "778");
	set(p, REAM_F_PUBLISHER, "IEEE");
	ps[k++] = p;
	p = paper("knuth1984", "The \\TeX book", "1984");
	author(p, "Knuth", "Donald E.");
	set(p, REAM_F_TYPE, "book");
	set(p, REAM_F_PUBLISHER, "Addison-Wesley");
	ream_paper_set_extra(p, "ISBN", "0-201-13447-0");
	ps[k++] = p;
	p = paper("openai2023gpt4", "GPT-4 Technical Report", "2023-03-15");
	assert_int_equal(ream_paper_add_author(p, "OpenAI", NULL, 1), REAM_OK);
	set(p, REAM_F_ARXIV, "2303.08774");
	set(p, REAM_F_DOI, "10.48550/arXiv.2303.08774");
	ps[k++] = p;
	p = paper("odd key,1", "Q&A on 50% of #1 snake_case costs $5 {open",
		  "2020");
	author(p, "M\xc3\xbcller-L\xc3\xbc" "denscheidt", "J\xc3\xa9r\xc3\xb4me");
	author(p, "\xc5\x81ukasiewicz", "Jan");
	author(p, "van der Berg", "Jan-Peter");
	set(p, REAM_F_ABSTRACT, "Math $x_1^{2} \\leq y$ and text } and \\ end");
	set(p, REAM_F_TYPE, "article");
	set(p, REAM_F_VENUE, "J. Odd & Strange");
	ream_paper_set_extra(p, "journal-ref", "J. Odd 1 (2020) 1\xe2\x80\x93" "2");
	ream_paper_set_extra(p, "note", "Reprinted");
	ps[k++] = p;
	p = paper("notitle2019", NULL, "2019");
	author(p, "Doe", "Jane");
	set(p, REAM_F_TYPE, "phdthesis");
	ps[k++] = p;
	p = paper("anon2021", "An Anonymous Report", "2021");
	set(p, REAM_F_TYPE, "techreport");
	ps[k++] = p;
	p = paper("smith2020thesis", "On Things", "2020");
	author(p, "Smith", "Ann");
	set(p, REAM_F_TYPE, "thesis");
	ream_paper_set_extra(p, "school", "MIT");
	ps[k++] = p;
	*n = k;
	return ps;
}

static int have(const char *tool)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

/* Writes the library to dir/x.bib. */
static void write_library(const char *dir, int flags)
{
	char path[4200];
	ream_buf b = { 0 };
	ream_paper **ps;
	size_t n, i;
	int rc = REAM_OK;
	char *s;

	ps = library(&n);
	for (i = 0; i < n; i++) {
		assert_int_equal(ream_bibtex_write(ps[i], flags, to_buf, &b), REAM_OK);
		ream_paper_free(ps[i]);
	}
	free(ps);
	if (flags & REAM_EXPORT_ASCII) {
		/* what only TeX escapes let pdflatex print: math in UTF-8,
		 * letters it has no glyph for, a key beyond ASCII */
		ream_paper *p = paper("z\xc3\xbcrich2020", "Bounds $\xce\xb1 "
				      "\xe2\x89\xa4 \xce\x93 \xe2\x88\x88 "
				      "\xc3\xa9$ for \xef\xac\x81nite "
				      "\xe4\xb8\xad\xe6\x96\x87", "2020");

		author(p, "\xc3\x86sir", "\xc3\x98ystein");
		assert_int_equal(ream_bibtex_write(p, flags, to_buf, &b), REAM_OK);
		ream_paper_free(p);
	}
	s = ream_buf_take(&rc, &b);
	snprintf(path, sizeof path, "%s/x.bib", dir);
	test_write(path, s);
	free(s);
}

/* Runs a shell command in dir; its exit status. */
static int run_in(const char *dir, const char *cmd)
{
	char line[8400];
	int st;

	snprintf(line, sizeof line, "cd '%s' && %s >/dev/null 2>&1 </dev/null",
		 dir, cmd);
	st = system(line);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Fails with the lines of dir/file that hold word, when there are any. */
static void check_no_line_with(const char *dir, const char *file,
			       const char *word)
{
	char cmd[8400];
	int st;

	snprintf(cmd, sizeof cmd, "grep -i -e '%s' '%s/%s'", word, dir, file);
	st = system(cmd);
	assert_int_equal(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 1);
}

static void check_with_bibtex(int flags)
{
	char *dir, path[4200];

	if (!have("bibtex") || !have("pdflatex"))
		skip();
	dir = test_tmpdir();
	write_library(dir, flags);
	snprintf(path, sizeof path, "%s/doc.tex", dir);
	test_write(path, "\\documentclass{article}\n\\begin{document}\n"
		   "\\nocite{*}\n\\bibliographystyle{plain}\n\\bibliography{x}\n"
		   "\\end{document}\n");
	assert_int_equal(run_in(dir, "pdflatex -interaction=nonstopmode "
				"-halt-on-error doc"), 0);
	assert_int_equal(run_in(dir, "bibtex doc"), 0);
	check_no_line_with(dir, "doc.blg", "Warning--");
	check_no_line_with(dir, "doc.blg", "error message");
	check_no_line_with(dir, "doc.blg", "---line");
	assert_int_equal(run_in(dir, "pdflatex -interaction=nonstopmode "
				"-halt-on-error doc"), 0);
	check_no_line_with(dir, "doc.log", "^!");
	test_rmdir(dir);
}

static void gives_bibtex_and_pdflatex_no_warning_in_utf8(void **state)
{
	(void)state;
	check_with_bibtex(0);
}

static void gives_bibtex_and_pdflatex_no_warning_in_ascii(void **state)
{
	(void)state;
	check_with_bibtex(REAM_EXPORT_ASCII);
}

/*
 * biber reads the file on its own (--tool); when biblatex works here, the
 * whole round goes too: latex, biber, latex. The first latex run does not
 * read the entries, so its failure means biblatex is missing, not that an
 * entry is wrong.
 */
static void check_with_biber(int flags)
{
	char *dir, path[4200];

	if (!have("biber"))
		skip();
	dir = test_tmpdir();
	write_library(dir, flags);
	assert_int_equal(run_in(dir, "biber --tool --output-file=out.bib x.bib"), 0);
	check_no_line_with(dir, "x.bib.blg", "WARN");
	check_no_line_with(dir, "x.bib.blg", "ERROR");
	snprintf(path, sizeof path, "%s/doc.tex", dir);
	test_write(path, "\\documentclass{article}\n"
		   "\\usepackage[backend=biber]{biblatex}\n"
		   "\\addbibresource{x.bib}\n\\begin{document}\n\\nocite{*}\n"
		   "\\printbibliography\n\\end{document}\n");
	if (have("pdflatex") && run_in(dir, "pdflatex -interaction=nonstopmode "
				       "-halt-on-error doc") == 0) {
		assert_int_equal(run_in(dir, "biber doc"), 0);
		check_no_line_with(dir, "doc.blg", "WARN");
		check_no_line_with(dir, "doc.blg", "ERROR");
		assert_int_equal(run_in(dir, "pdflatex -interaction=nonstopmode "
					"-halt-on-error doc"), 0);
		check_no_line_with(dir, "doc.log", "^!");
	}
	test_rmdir(dir);
}

static void gives_biber_and_biblatex_no_warning_in_utf8(void **state)
{
	(void)state;
	check_with_biber(0);
}

static void gives_biber_and_biblatex_no_warning_in_ascii(void **state)
{
	(void)state;
	check_with_biber(REAM_EXPORT_ASCII);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writes_an_arxiv_preprint_as_misc_with_its_eprint),
		cmocka_unit_test(writes_a_journal_article_in_field_order),
		cmocka_unit_test(writes_the_venue_of_proceedings_as_booktitle),
		cmocka_unit_test(writes_misc_when_required_fields_are_missing),
		cmocka_unit_test(braces_title_words_with_inner_capitals),
		cmocka_unit_test(escapes_latex_specials_outside_math),
		cmocka_unit_test(escapes_braces_only_when_they_do_not_pair),
		cmocka_unit_test(writes_organisations_and_odd_names_in_braces),
		cmocka_unit_test(writes_a_key_field_for_a_paper_without_authors),
		cmocka_unit_test(writes_letters_as_tex_for_ascii_output),
		cmocka_unit_test(writes_stacked_accents_inside_out),
		cmocka_unit_test(writes_math_as_tex_for_ascii_output),
		cmocka_unit_test(writes_only_ascii_for_ascii_output),
		cmocka_unit_test(writes_pages_with_a_double_dash),
		cmocka_unit_test(writes_extra_fields_back_in_lower_case),
		cmocka_unit_test(replaces_characters_a_key_cannot_hold),
		cmocka_unit_test(makes_a_key_for_a_paper_without_one),
		cmocka_unit_test(collapses_white_space_and_drops_control_characters),
		cmocka_unit_test(returns_what_the_writer_returns),
		cmocka_unit_test(reads_macros_month_macros_and_concatenation),
		cmocka_unit_test(reads_entries_in_braces_and_in_parentheses),
		cmocka_unit_test(skips_preamble_comment_and_text_outside_entries),
		cmocka_unit_test(reads_an_entry_inside_comment_as_bibtex_does),
		cmocka_unit_test(inherits_fields_through_crossref),
		cmocka_unit_test(inherits_fields_through_xdata),
		cmocka_unit_test(follows_crossref_cycles_and_chains_boundedly),
		cmocka_unit_test(decodes_tex_for_display_and_keeps_the_raw_tex),
		cmocka_unit_test(exports_the_raw_tex_it_read),
		cmocka_unit_test(splits_names_as_bibtex_does),
		cmocka_unit_test(splits_the_hard_names_of_btxdoc),
		cmocka_unit_test(keeps_the_first_of_duplicate_keys_naming_both_lines),
		cmocka_unit_test(reports_malformed_entries_with_their_line_and_reads_on),
		cmocka_unit_test(keeps_the_first_of_a_field_named_twice),
		cmocka_unit_test(reads_undefined_macros_as_empty_and_says_so),
		cmocka_unit_test(reads_a_million_nested_braces),
		cmocka_unit_test(reads_binary_junk_without_harm),
		cmocka_unit_test(reports_bytes_that_are_not_utf8),
		cmocka_unit_test(bounds_the_memory_macros_may_take),
		cmocka_unit_test(reads_arxiv_eprints_and_dates),
		cmocka_unit_test(reports_the_file_and_line_through_import),
		cmocka_unit_test(stores_the_tex_of_an_extra_field_once),
		cmocka_unit_test(reimporting_an_unchanged_bib_does_no_work),
		cmocka_unit_test(reindexes_only_the_entry_that_changed),
		cmocka_unit_test(detaches_an_entry_deleted_from_the_file),
		cmocka_unit_test(removing_a_paper_takes_its_entries_out),
		cmocka_unit_test(gives_bibtex_and_pdflatex_no_warning_in_utf8),
		cmocka_unit_test(gives_bibtex_and_pdflatex_no_warning_in_ascii),
		cmocka_unit_test(gives_biber_and_biblatex_no_warning_in_utf8),
		cmocka_unit_test(gives_biber_and_biblatex_no_warning_in_ascii),
	};

	return cmocka_run_group_tests_name("bibtex", tests, NULL, NULL);
}
