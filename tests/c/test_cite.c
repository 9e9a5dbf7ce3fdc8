/* test_cite.c: syntaxes, citation snippets and reference lines. */
#include "testutil.h"

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

/* The citation of the papers in syntax, compared with want. */
static void check_cite(ream_paper **ps, size_t n, ream_syntax syn,
		       const char *cmd, const char *loc, const char *want)
{
	ream_cite_opts o = { syn, cmd, loc };
	char *s = ream_cite_format((const ream_paper *const *)ps, n, &o);

	assert_non_null(s);
	assert_string_equal(s, want);
	ream_free(s);
}

static void check_reference(const ream_paper *p, const char *want)
{
	char *s = ream_reference(p);

	assert_non_null(s);
	assert_string_equal(s, want);
	ream_free(s);
}

/* Two papers a and b, freed by free_two. */
static void two(ream_paper **ps)
{
	ps[0] = paper("a", "A", "2020");
	ps[1] = paper("b", "B", "2021");
}

static void free_two(ream_paper **ps)
{
	ream_paper_free(ps[0]);
	ream_paper_free(ps[1]);
}

/* ---- Syntaxes ----------------------------------------------------------- */

static void names_every_syntax_and_finds_it_by_name(void **state)
{
	int s;

	(void)state;
	for (s = 0; s < REAM_SYN_COUNT; s++) {
		assert_non_null(ream_syntax_name((ream_syntax)s));
		assert_int_equal(ream_syntax_lookup(ream_syntax_name((ream_syntax)s)), s);
	}
	assert_string_equal(ream_syntax_name(REAM_SYN_PANDOC), "pandoc");
	assert_null(ream_syntax_name(REAM_SYN_COUNT));
	assert_null(ream_syntax_name((ream_syntax)-1));
}

static void maps_editor_filetypes_to_syntaxes(void **state)
{
	(void)state;
	assert_int_equal(ream_syntax_lookup("tex"), REAM_SYN_LATEX);
	assert_int_equal(ream_syntax_lookup("plaintex"), REAM_SYN_LATEX);
	assert_int_equal(ream_syntax_lookup("markdown"), REAM_SYN_PANDOC);
	assert_int_equal(ream_syntax_lookup("markdown.pandoc"), REAM_SYN_PANDOC);
	assert_int_equal(ream_syntax_lookup("quarto"), REAM_SYN_PANDOC);
	assert_int_equal(ream_syntax_lookup("rmd"), REAM_SYN_PANDOC);
	assert_int_equal(ream_syntax_lookup("rmarkdown"), REAM_SYN_PANDOC);
	assert_int_equal(ream_syntax_lookup("typst"), REAM_SYN_TYPST);
	assert_int_equal(ream_syntax_lookup("org"), REAM_SYN_ORG);
	assert_int_equal(ream_syntax_lookup("rst"), REAM_SYN_RST);
	assert_int_equal(ream_syntax_lookup("asciidoctor"), REAM_SYN_ASCIIDOC);
	assert_int_equal(ream_syntax_lookup("text"), REAM_SYN_PLAIN);
	assert_int_equal(ream_syntax_lookup("LaTeX"), REAM_SYN_LATEX);
}

static void gives_minus_one_for_an_unknown_filetype(void **state)
{
	(void)state;
	assert_int_equal(ream_syntax_lookup("context"), -1);
	assert_int_equal(ream_syntax_lookup("bib"), -1);
	assert_int_equal(ream_syntax_lookup(""), -1);
	assert_int_equal(ream_syntax_lookup(NULL), -1);
}

static void finds_the_syntax_of_a_file_from_its_extension(void **state)
{
	(void)state;
	assert_int_equal(ream_syntax_of_path("paper.tex"), REAM_SYN_LATEX);
	assert_int_equal(ream_syntax_of_path("a/b.ltx"), REAM_SYN_LATEX);
	assert_int_equal(ream_syntax_of_path("notes.md"), REAM_SYN_PANDOC);
	assert_int_equal(ream_syntax_of_path("x.markdown"), REAM_SYN_PANDOC);
	assert_int_equal(ream_syntax_of_path("x.qmd"), REAM_SYN_PANDOC);
	assert_int_equal(ream_syntax_of_path("x.Rmd"), REAM_SYN_PANDOC);
	assert_int_equal(ream_syntax_of_path("x.rmd"), REAM_SYN_PANDOC);
	assert_int_equal(ream_syntax_of_path("thesis.typ"), REAM_SYN_TYPST);
	assert_int_equal(ream_syntax_of_path("todo.org"), REAM_SYN_ORG);
	assert_int_equal(ream_syntax_of_path("index.rst"), REAM_SYN_RST);
	assert_int_equal(ream_syntax_of_path("book.adoc"), REAM_SYN_ASCIIDOC);
	assert_int_equal(ream_syntax_of_path("book.asciidoc"), REAM_SYN_ASCIIDOC);
	assert_int_equal(ream_syntax_of_path("/home/me/Paper.TEX"), REAM_SYN_LATEX);
}

static void gives_minus_one_for_a_file_of_no_known_syntax(void **state)
{
	(void)state;
	assert_int_equal(ream_syntax_of_path("refs.bib"), -1);
	assert_int_equal(ream_syntax_of_path("style.sty"), -1);
	assert_int_equal(ream_syntax_of_path("Makefile"), -1);
	assert_int_equal(ream_syntax_of_path("dir.tex/file"), -1);
	assert_int_equal(ream_syntax_of_path(".md"), -1);
	assert_int_equal(ream_syntax_of_path(NULL), -1);
}

/* ---- Citations ---------------------------------------------------------- */

static void writes_a_latex_cite_command(void **state)
{
	ream_paper *ps[2];

	(void)state;
	two(ps);
	check_cite(ps, 2, REAM_SYN_LATEX, NULL, NULL, "\\cite{a,b}");
	check_cite(ps, 1, REAM_SYN_LATEX, NULL, NULL, "\\cite{a}");
	free_two(ps);
}

static void takes_the_latex_command_with_or_without_backslash(void **state)
{
	ream_paper *ps[2];

	(void)state;
	two(ps);
	check_cite(ps, 2, REAM_SYN_LATEX, "citep", NULL, "\\citep{a,b}");
	check_cite(ps, 2, REAM_SYN_LATEX, "\\autocite", NULL, "\\autocite{a,b}");
	check_cite(ps, 1, REAM_SYN_LATEX, "textcite", NULL, "\\textcite{a}");
	check_cite(ps, 1, REAM_SYN_LATEX, "", NULL, "\\cite{a}");
	free_two(ps);
}

static void writes_a_latex_locator_as_the_optional_argument(void **state)
{
	ream_paper *ps[2];

	(void)state;
	two(ps);
	check_cite(ps, 2, REAM_SYN_LATEX, NULL, "p. 4", "\\cite[p. 4]{a,b}");
	check_cite(ps, 1, REAM_SYN_LATEX, "citep", " chap. 2 ",
		   "\\citep[chap. 2]{a}");
	check_cite(ps, 1, REAM_SYN_LATEX, NULL, "item [3]", "\\cite[{item [3]}]{a}");
	check_cite(ps, 1, REAM_SYN_LATEX, NULL, "  ", "\\cite{a}");
	free_two(ps);
}

static void cites_in_latex_when_no_options_are_given(void **state)
{
	ream_paper *ps[2];
	char *s;

	(void)state;
	two(ps);
	s = ream_cite_format((const ream_paper *const *)ps, 2, NULL);
	assert_string_equal(s, "\\cite{a,b}");
	ream_free(s);
	free_two(ps);
}

static void writes_pandoc_citations(void **state)
{
	ream_paper *ps[2];

	(void)state;
	two(ps);
	check_cite(ps, 2, REAM_SYN_PANDOC, NULL, NULL, "[@a; @b]");
	check_cite(ps, 1, REAM_SYN_PANDOC, "citep", NULL, "[@a]");
	free_two(ps);
}

static void writes_a_locator_after_the_last_key_in_pandoc(void **state)
{
	ream_paper *ps[2];

	(void)state;
	two(ps);
	check_cite(ps, 2, REAM_SYN_PANDOC, NULL, "p. 4", "[@a; @b, p. 4]");
	check_cite(ps, 1, REAM_SYN_PANDOC, NULL, "p. 4", "[@a, p. 4]");
	free_two(ps);
}

static void braces_pandoc_keys_with_unusual_characters(void **state)
{
	ream_paper *ps[1];

	(void)state;
	ps[0] = paper("smith:2004.x", NULL, NULL);
	check_cite(ps, 1, REAM_SYN_PANDOC, NULL, NULL, "[@smith:2004.x]");
	ream_paper_set(ps[0], REAM_F_KEY, "Smith2004.", (size_t)-1);
	check_cite(ps, 1, REAM_SYN_PANDOC, NULL, NULL, "[@{Smith2004.}]");
	ream_paper_set(ps[0], REAM_F_KEY, "a,b", (size_t)-1);
	check_cite(ps, 1, REAM_SYN_PANDOC, NULL, NULL, "[@{a,b}]");
	ream_paper_set(ps[0], REAM_F_KEY, "a b", (size_t)-1);
	check_cite(ps, 1, REAM_SYN_PANDOC, NULL, NULL, "[@a b]");
	ream_paper_free(ps[0]);
}

static void writes_typst_references_with_the_supplement_on_the_last(void **state)
{
	ream_paper *ps[2];

	(void)state;
	two(ps);
	check_cite(ps, 2, REAM_SYN_TYPST, NULL, NULL, "@a @b");
	check_cite(ps, 2, REAM_SYN_TYPST, NULL, "p. 4", "@a @b[p. 4]");
	check_cite(ps, 1, REAM_SYN_TYPST, NULL, "see #3 [x]", "@a[see \\#3 \\[x\\]]");
	free_two(ps);
}

static void cites_typst_keys_that_are_no_labels_with_the_cite_function(void **state)
{
	ream_paper *ps[1];

	(void)state;
	ps[0] = paper("smith/2004", NULL, NULL);
	check_cite(ps, 1, REAM_SYN_TYPST, NULL, NULL,
		   "#cite(label(\"smith/2004\"))");
	check_cite(ps, 1, REAM_SYN_TYPST, NULL, "p. 4",
		   "#cite(label(\"smith/2004\"), supplement: [p. 4])");
	ream_paper_set(ps[0], REAM_F_KEY, "a.", (size_t)-1);
	check_cite(ps, 1, REAM_SYN_TYPST, NULL, NULL, "#cite(label(\"a.\"))");
	ream_paper_free(ps[0]);
}

static void writes_org_citations_with_the_locator_as_suffix(void **state)
{
	ream_paper *ps[2];

	(void)state;
	two(ps);
	check_cite(ps, 2, REAM_SYN_ORG, NULL, NULL, "[cite:@a;@b]");
	check_cite(ps, 2, REAM_SYN_ORG, NULL, "p. 4", "[cite:@a;@b p. 4]");
	free_two(ps);
}

static void writes_rst_roles_with_the_locator_as_post_text(void **state)
{
	ream_paper *ps[2];

	(void)state;
	two(ps);
	check_cite(ps, 2, REAM_SYN_RST, NULL, NULL, ":cite:`a,b`");
	check_cite(ps, 2, REAM_SYN_RST, NULL, "p. 4", ":cite:`a,b{p. 4}`");
	free_two(ps);
}

static void writes_asciidoc_cross_references_and_the_locator_after(void **state)
{
	ream_paper *ps[2];

	(void)state;
	two(ps);
	check_cite(ps, 2, REAM_SYN_ASCIIDOC, NULL, NULL, "<<a>>, <<b>>");
	check_cite(ps, 2, REAM_SYN_ASCIIDOC, NULL, "p. 4", "<<a>>, <<b>>, p. 4");
	free_two(ps);
}

static void writes_one_reference_line_a_paper_in_plain(void **state)
{
	ream_paper *ps[2];

	(void)state;
	two(ps);
	check_cite(ps, 2, REAM_SYN_PLAIN, NULL, "p. 4",
		   "A. (2020).\nB. (2021).");
	free_two(ps);
}

static void writes_keys_exactly_as_stored(void **state)
{
	ream_paper *ps[1];

	(void)state;
	ps[0] = paper("Vaswani_2017:Attention", NULL, NULL);
	check_cite(ps, 1, REAM_SYN_LATEX, NULL, NULL,
		   "\\cite{Vaswani_2017:Attention}");
	check_cite(ps, 1, REAM_SYN_ORG, NULL, NULL,
		   "[cite:@Vaswani_2017:Attention]");
	check_cite(ps, 1, REAM_SYN_RST, NULL, NULL,
		   ":cite:`Vaswani_2017:Attention`");
	check_cite(ps, 1, REAM_SYN_TYPST, NULL, NULL, "@Vaswani_2017:Attention");
	ream_paper_free(ps[0]);
}

static void makes_a_key_for_a_paper_without_one(void **state)
{
	ream_paper *ps[1];

	(void)state;
	ps[0] = paper(NULL, "Attention Is All You Need", "2017");
	author(ps[0], "Vaswani", "Ashish");
	check_cite(ps, 1, REAM_SYN_PANDOC, NULL, NULL, "[@vaswani2017attention]");
	ream_paper_free(ps[0]);
}

static void gives_an_empty_string_for_no_paper(void **state)
{
	ream_paper *ps[2] = { NULL, NULL };

	(void)state;
	check_cite(ps, 0, REAM_SYN_LATEX, NULL, NULL, "");
	check_cite(ps, 2, REAM_SYN_PANDOC, NULL, "p. 4", "");
}

/* ---- Reference lines ------------------------------------------------------ */

static void writes_the_reference_of_an_arxiv_preprint(void **state)
{
	ream_paper *p = paper("gu2023mamba",
			      "Mamba: Linear-Time Sequence Modeling with\n  Selective State Spaces",
			      "2023-12-01");

	(void)state;
	author(p, "Gu", "Albert");
	author(p, "Dao", "Tri");
	set(p, REAM_F_ARXIV, "2312.00752");
	check_reference(p, "Gu, A. and Dao, T. (2023). Mamba: Linear-Time "
			"Sequence Modeling with Selective State Spaces. "
			"arXiv:2312.00752.");
	ream_paper_free(p);
}

static void writes_journal_volume_number_and_pages(void **state)
{
	ream_paper *p = paper("lecun2015deep", "Deep learning", "2015");

	(void)state;
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
	check_reference(p, "LeCun, Y., Bengio, Y. and Hinton, G. (2015). Deep "
			"learning. Nature 521(7553), 436\xe2\x80\x93" "444. "
			"doi:10.1038/nature14539.");
	ream_paper_free(p);
}

static void abbreviates_more_than_three_authors_with_et_al(void **state)
{
	ream_paper *p = paper("v", "Attention Is All You Need", "2017");

	(void)state;
	author(p, "Vaswani", "Ashish");
	author(p, "Shazeer", "Noam");
	author(p, "Parmar", "Niki");
	author(p, "Uszkoreit", "Jakob");
	check_reference(p, "Vaswani, A. et al. (2017). Attention Is All You Need.");
	ream_paper_free(p);
}

static void writes_initials_of_compound_and_accented_given_names(void **state)
{
	ream_paper *p = paper("x", "T", "2001");

	(void)state;
	author(p, "Sartre", "Jean-Paul");
	author(p, "Tolkien", "J.R.R.");
	author(p, "\xc3\x89mile", "\xc3\x89" "douard Zola");
	check_reference(p, "Sartre, J.-P., Tolkien, J. R. R. and \xc3\x89mile, "
			"\xc3\x89. Z. (2001). T.");
	ream_paper_free(p);
}

static void writes_organisations_and_mononyms_as_they_are(void **state)
{
	ream_paper *p = paper("x", "GPT-4 Technical Report", "2023");

	(void)state;
	assert_int_equal(ream_paper_add_author(p, "OpenAI", NULL, 1), REAM_OK);
	author(p, "Plato", NULL);
	check_reference(p, "OpenAI and Plato (2023). GPT-4 Technical Report.");
	ream_paper_free(p);
}

static void adds_no_full_stop_after_a_title_ending_in_punctuation(void **state)
{
	ream_paper *p = paper("x", "Is Attention All You Need?", "2020");

	(void)state;
	author(p, "Doe", "Jane");
	set(p, REAM_F_VENUE, "J. Stat.");
	check_reference(p, "Doe, J. (2020). Is Attention All You Need? J. Stat.");
	ream_paper_set(p, REAM_F_TITLE, "Scaling laws, etc.", (size_t)-1);
	check_reference(p, "Doe, J. (2020). Scaling laws, etc. J. Stat.");
	ream_paper_free(p);
}

static void starts_with_the_title_when_there_is_no_author(void **state)
{
	ream_paper *p = paper("x", "The Unix Programming Environment", NULL);

	(void)state;
	set(p, REAM_F_TYPE, "book");
	set(p, REAM_F_PUBLISHER, "Prentice Hall");
	check_reference(p, "The Unix Programming Environment. (n.d.). Prentice Hall.");
	ream_paper_free(p);
}

static void gives_the_key_of_a_paper_with_nothing_else(void **state)
{
	ream_paper *p = paper("lonely2020", NULL, NULL);

	(void)state;
	check_reference(p, "lonely2020");
	set(p, REAM_F_DOI, "10.1000/xyz");
	check_reference(p, "lonely2020. (n.d.). doi:10.1000/xyz.");
	ream_paper_free(p);
}

static void writes_proceedings_with_in_and_pages(void **state)
{
	ream_paper *p = paper("x", "Deep Residual Learning", "2016");

	(void)state;
	author(p, "He", "Kaiming");
	set(p, REAM_F_TYPE, "inproceedings");
	set(p, REAM_F_VENUE, "Proceedings of CVPR");
	set(p, REAM_F_PAGES, "770--778");
	set(p, REAM_F_PUBLISHER, "IEEE");
	check_reference(p, "He, K. (2016). Deep Residual Learning. In "
			"Proceedings of CVPR, pp. 770\xe2\x80\x93" "778. IEEE.");
	ream_paper_free(p);
}

static void leaves_out_the_doi_arxiv_gives_a_preprint(void **state)
{
	ream_paper *p = paper("x", "T", "2023");

	(void)state;
	author(p, "Gu", "Albert");
	set(p, REAM_F_ARXIV, "2312.00752");
	set(p, REAM_F_DOI, "10.48550/arXiv.2312.00752");
	check_reference(p, "Gu, A. (2023). T. arXiv:2312.00752.");
	ream_paper_free(p);
}

static void appends_the_reference_to_a_buffer(void **state)
{
	ream_paper *p = paper("x", "T", "2023");
	ream_buf b = { 0 };
	int rc = REAM_OK;
	char *s;

	(void)state;
	ream_buf_adds(&rc, &b, "> ");
	ream_reference_add(&rc, &b, p);
	s = ream_buf_take(&rc, &b);
	assert_int_equal(rc, REAM_OK);
	assert_string_equal(s, "> T. (2023).");
	ream_free(s);
	ream_paper_free(p);
}

/* ---- Citing from the store ------------------------------------------------ */

static ream_store *store_with_two(char *dir)
{
	char path[4200], *err = NULL;
	ream_store *s = NULL;
	ream_paper *p;

	snprintf(path, sizeof path, "%s/ream.sqlite3", dir);
	assert_int_equal(ream_store_open(path, 0, &s, &err), REAM_OK);
	p = paper("gu2023mamba", "Mamba", "2023");
	author(p, "Gu", "Albert");
	set(p, REAM_F_ARXIV, "2312.00752");
	assert_int_equal(ream_store_put(s, p, NULL, &err), REAM_OK);
	ream_paper_free(p);
	p = paper("lecun2015deep", "Deep learning", "2015");
	author(p, "LeCun", "Yann");
	set(p, REAM_F_DOI, "10.1038/nature14539");
	assert_int_equal(ream_store_put(s, p, NULL, &err), REAM_OK);
	ream_paper_free(p);
	return s;
}

static void cites_papers_of_the_store_by_key_arxiv_id_or_doi(void **state)
{
	char *dir = test_tmpdir(), *out = NULL, *err = NULL;
	ream_store *s = store_with_two(dir);
	const char *ids[] = { "arXiv:2312.00752", "https://doi.org/10.1038/NATURE14539",
			      "gu2023mamba" };
	ream_cite_opts o = { REAM_SYN_PANDOC, NULL, "p. 4" };

	(void)state;
	assert_int_equal(ream_cite(s, ids, 3, &o, &out, &err), REAM_OK);
	assert_null(err);
	assert_string_equal(out, "[@gu2023mamba; @lecun2015deep; @gu2023mamba, p. 4]");
	ream_free(out);
	ream_store_close(s);
	test_rmdir(dir);
}

static void names_the_missing_id_and_what_to_try(void **state)
{
	char *dir = test_tmpdir(), *out = NULL, *err = NULL;
	ream_store *s = store_with_two(dir);
	const char *ids[] = { "gu2023mamba", "nosuch2020" };

	(void)state;
	assert_int_equal(ream_cite(s, ids, 2, NULL, &out, &err), REAM_NOTFOUND);
	assert_null(out);
	assert_non_null(err);
	assert_string_equal(err, "ream: no paper 'nosuch2020' in the store "
			    "(try `ream search nosuch2020`)");
	ream_free(err);
	err = NULL;
	assert_int_equal(ream_cite(s, ids, 0, NULL, &out, &err), REAM_FORMAT);
	assert_null(out);
	ream_free(err);
	ream_store_close(s);
	test_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_every_syntax_and_finds_it_by_name),
		cmocka_unit_test(maps_editor_filetypes_to_syntaxes),
		cmocka_unit_test(gives_minus_one_for_an_unknown_filetype),
		cmocka_unit_test(finds_the_syntax_of_a_file_from_its_extension),
		cmocka_unit_test(gives_minus_one_for_a_file_of_no_known_syntax),
		cmocka_unit_test(writes_a_latex_cite_command),
		cmocka_unit_test(takes_the_latex_command_with_or_without_backslash),
		cmocka_unit_test(writes_a_latex_locator_as_the_optional_argument),
		cmocka_unit_test(cites_in_latex_when_no_options_are_given),
		cmocka_unit_test(writes_pandoc_citations),
		cmocka_unit_test(writes_a_locator_after_the_last_key_in_pandoc),
		cmocka_unit_test(braces_pandoc_keys_with_unusual_characters),
		cmocka_unit_test(writes_typst_references_with_the_supplement_on_the_last),
		cmocka_unit_test(cites_typst_keys_that_are_no_labels_with_the_cite_function),
		cmocka_unit_test(writes_org_citations_with_the_locator_as_suffix),
		cmocka_unit_test(writes_rst_roles_with_the_locator_as_post_text),
		cmocka_unit_test(writes_asciidoc_cross_references_and_the_locator_after),
		cmocka_unit_test(writes_one_reference_line_a_paper_in_plain),
		cmocka_unit_test(writes_keys_exactly_as_stored),
		cmocka_unit_test(makes_a_key_for_a_paper_without_one),
		cmocka_unit_test(gives_an_empty_string_for_no_paper),
		cmocka_unit_test(writes_the_reference_of_an_arxiv_preprint),
		cmocka_unit_test(writes_journal_volume_number_and_pages),
		cmocka_unit_test(abbreviates_more_than_three_authors_with_et_al),
		cmocka_unit_test(writes_initials_of_compound_and_accented_given_names),
		cmocka_unit_test(writes_organisations_and_mononyms_as_they_are),
		cmocka_unit_test(adds_no_full_stop_after_a_title_ending_in_punctuation),
		cmocka_unit_test(starts_with_the_title_when_there_is_no_author),
		cmocka_unit_test(gives_the_key_of_a_paper_with_nothing_else),
		cmocka_unit_test(writes_proceedings_with_in_and_pages),
		cmocka_unit_test(leaves_out_the_doi_arxiv_gives_a_preprint),
		cmocka_unit_test(appends_the_reference_to_a_buffer),
		cmocka_unit_test(cites_papers_of_the_store_by_key_arxiv_id_or_doi),
		cmocka_unit_test(names_the_missing_id_and_what_to_try),
	};

	return cmocka_run_group_tests_name("cite", tests, NULL, NULL);
}
