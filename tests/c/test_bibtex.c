/* test_bibtex.c: the BibTeX writer, checked by bibtex, biber and pdflatex. */
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
		cmocka_unit_test(writes_pages_with_a_double_dash),
		cmocka_unit_test(writes_extra_fields_back_in_lower_case),
		cmocka_unit_test(replaces_characters_a_key_cannot_hold),
		cmocka_unit_test(makes_a_key_for_a_paper_without_one),
		cmocka_unit_test(collapses_white_space_and_drops_control_characters),
		cmocka_unit_test(returns_what_the_writer_returns),
		cmocka_unit_test(gives_bibtex_and_pdflatex_no_warning_in_utf8),
		cmocka_unit_test(gives_bibtex_and_pdflatex_no_warning_in_ascii),
		cmocka_unit_test(gives_biber_and_biblatex_no_warning_in_utf8),
		cmocka_unit_test(gives_biber_and_biblatex_no_warning_in_ascii),
	};

	return cmocka_run_group_tests_name("bibtex", tests, NULL, NULL);
}
