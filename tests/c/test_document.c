/* test_document.c: the keys a document cites, in each syntax. */
#include <time.h>

#include "testutil.h"

/* What the callback saw: "key@line key@line ...". */
typedef struct seen {
	ream_buf b;
	int rc;
	int stop_after;	/* return 7 after this many keys (0: never) */
	int count;
	const char *text;	/* keys must lie inside text[0..n) */
	size_t n;
} seen;

static int collect(void *ud, const char *key, size_t n, long line)
{
	seen *s = ud;

	assert_true(key >= s->text && key + n <= s->text + s->n);
	assert_true(n > 0);
	if (s->b.n)
		ream_buf_addc(&s->rc, &s->b, ' ');
	ream_buf_add(&s->rc, &s->b, key, n);
	ream_buf_printf(&s->rc, &s->b, "@%ld", line);
	s->count++;
	return s->stop_after && s->count >= s->stop_after ? 7 : 0;
}

/*
 * The keys of text[0..n) in syntax as "key@line ...". The text is copied
 * into a buffer of exactly n bytes, so a read past it is caught.
 */
static char *keys_n(const char *text, size_t n, ream_syntax syn)
{
	seen s = { { 0 }, REAM_OK, 0, 0, NULL, 0 };
	char *copy = malloc(n ? n : 1);

	assert_non_null(copy);
	memcpy(copy, text, n);
	s.text = copy;
	s.n = n;
	assert_int_equal(ream_doc_keys(copy, n, syn, collect, &s), 0);
	free(copy);
	return ream_buf_take(&s.rc, &s.b);
}

static void check(ream_syntax syn, const char *text, const char *want)
{
	char *got = keys_n(text, strlen(text), syn);

	assert_string_equal(got, want);
	free(got);
}

/* ---- LaTeX ------------------------------------------------------------ */

static void finds_the_keys_of_latex_cite_commands(void **state)
{
	(void)state;
	check(REAM_SYN_LATEX, "as \\cite{a} and \\citep{b,c} show",
	      "a@1 b@1 c@1");
	check(REAM_SYN_LATEX,
	      "\\citet*{a} \\autocite{b} \\parencite{c} \\textcite{d} "
	      "\\footcite{e} \\Cite{f} \\citeauthor{g} \\citeyear{h} "
	      "\\supercite{i} \\smartcite{j} \\fullcite{k} \\citealp{l}",
	      "a@1 b@1 c@1 d@1 e@1 f@1 g@1 h@1 i@1 j@1 k@1 l@1");
}

static void reads_latex_optional_arguments_and_spaces(void **state)
{
	(void)state;
	check(REAM_SYN_LATEX, "\\cite[p.~4]{a}", "a@1");
	check(REAM_SYN_LATEX, "\\autocite[see][{chap. [2]}]{ a , b ,c }",
	      "a@1 b@1 c@1");
	check(REAM_SYN_LATEX, "\\cite\n  [p. 4]\n  {x,\n   y}", "x@3 y@4");
	check(REAM_SYN_LATEX, "\\citep [\\S~3] {z}", "z@1");
}

static void skips_the_star_of_nocite(void **state)
{
	(void)state;
	check(REAM_SYN_LATEX, "\\nocite{*}\\nocite{a,*}", "a@1");
}

static void reads_every_key_list_of_a_multicite_command(void **state)
{
	(void)state;
	check(REAM_SYN_LATEX, "\\cites(all)[see][4]{a}[5]{b,c} {d} and {e}",
	      "a@1 b@1 c@1 d@1");
}

static void skips_latex_comments_but_not_escaped_percent(void **state)
{
	(void)state;
	check(REAM_SYN_LATEX, "% \\cite{no}\n50\\% \\cite{yes} % \\cite{no2}\n",
	      "yes@2");
	check(REAM_SYN_LATEX, "\\cite{a,% b,\n c}", "a@1 c@2");
}

static void skips_latex_verbatim(void **state)
{
	(void)state;
	check(REAM_SYN_LATEX,
	      "\\verb|\\cite{v}| \\begin{verbatim}\n\\cite{w}\n\\end{verbatim}"
	      "\n\\begin{lstlisting}\\cite{l}\\end{lstlisting}\\cite{ok}",
	      "ok@4");
}

static void ignores_commands_that_cite_no_keys(void **state)
{
	(void)state;
	check(REAM_SYN_LATEX,
	      "\\citetext{priv. comm.} \\citestyle{nature} "
	      "\\DeclareCiteCommand{\\cite}{x} \\excite \\cite "
	      "\\cite{bad{brace}} \\\\cite{z} \\@cite{y}",
	      "");
}

static void recovers_from_an_unclosed_latex_argument(void **state)
{
	(void)state;
	check(REAM_SYN_LATEX, "\\cite[p. 4 \\cite{a}", "a@1");
	check(REAM_SYN_LATEX, "\\cite{a\n\n\\cite{b}", "b@3");
	check(REAM_SYN_LATEX, "\\cite[x\n\n\\cite{c}", "c@3");
	check(REAM_SYN_LATEX, "\\cite{unclosed", "");
}

/* ---- Pandoc ------------------------------------------------------------ */

static void finds_pandoc_citations(void **state)
{
	(void)state;
	check(REAM_SYN_PANDOC, "As [@a; -@b, p. 4] and @c say.", "a@1 b@1 c@1");
	check(REAM_SYN_PANDOC, "@{odd key}x @{Smith2004.} @{}", "Smith2004.@1");
	check(REAM_SYN_PANDOC, "[see @doe:99, pp. 33-35]", "doe:99@1");
}

static void leaves_trailing_punctuation_out_of_pandoc_keys(void **state)
{
	(void)state;
	check(REAM_SYN_PANDOC, "@smith04. @a.b, @c-d- @_x? @e//",
	      "smith04@1 a.b@1 c-d@1 _x@1 e@1");
}

static void takes_no_email_address_for_a_citation(void **state)
{
	(void)state;
	check(REAM_SYN_PANDOC, "mail x@y.com or me.too@example.org; (@real)",
	      "real@1");
}

static void skips_pandoc_code_and_escapes(void **state)
{
	(void)state;
	check(REAM_SYN_PANDOC,
	      "```\n@no1\n```\n~~~~ python\n@no2\n~~~\n@no3\n~~~~\n"
	      "`@no4` and ``a ` @no5`` \\@no6 <!-- @no7 --> @yes\n",
	      "yes@9");
	check(REAM_SYN_PANDOC, "`unclosed @a\n\n@b", "a@1 b@3");
	check(REAM_SYN_PANDOC, "<https://x.org/@no> <mailto:@no2> <@yes>",
	      "yes@1");
}

static void leaves_out_cross_references(void **state)
{
	(void)state;
	check(REAM_SYN_PANDOC, "See @fig-plot, @sec:intro and @figaro2020.",
	      "figaro2020@1");
}

static void counts_lines_across_skipped_text(void **state)
{
	(void)state;
	check(REAM_SYN_PANDOC, "@a\n```\n\n\n```\n\n@b\r\n@c", "a@1 b@7 c@8");
}

/* ---- Typst ------------------------------------------------------------- */

static void finds_typst_references_and_cite_calls(void **state)
{
	(void)state;
	check(REAM_SYN_TYPST,
	      "See @a and @b[p. 4]. #cite(<c>) #cite(label(\"d/e\"), "
	      "supplement: [x]) #cite( <f> , form: \"prose\")",
	      "a@1 b@1 c@1 d/e@1 f@1");
	check(REAM_SYN_TYPST, "@smith:2004: and @x.y. @_z", "smith:2004@1 x.y@1 _z@1");
}

static void skips_typst_raw_text_comments_and_links(void **state)
{
	(void)state;
	check(REAM_SYN_TYPST,
	      "```\n@no1\n``` `@no2` // @no3\n/* @no4 /* @no5 */ @no6 */ "
	      "https://x.org/@no7 me@mail.org \\@no8 @yes",
	      "yes@4");
}

/* ---- Org --------------------------------------------------------------- */

static void finds_org_cite_citations(void **state)
{
	(void)state;
	check(REAM_SYN_ORG, "[cite:@a;@b] [cite/t/f:see @c p. 4;@d]",
	      "a@1 b@1 c@1 d@1");
	check(REAM_SYN_ORG, "[cite:@a\n;@b]", "a@1 b@2");
}

static void finds_org_ref_links(void **state)
{
	(void)state;
	check(REAM_SYN_ORG, "[[cite:a,b]] [[citep:&c;&d]] [[citet:e][text]]",
	      "a@1 b@1 c@1 d@1 e@1");
	check(REAM_SYN_ORG, "[[file:x.org]] [[https://cite.org]]", "");
}

static void skips_org_source_blocks_and_comments(void **state)
{
	(void)state;
	check(REAM_SYN_ORG,
	      "# [cite:@no1]\n#+BEGIN_SRC python\n[cite:@no2]\n#+end_src\n"
	      "#+begin_example\n[cite:@no3]\n#+end_example\n[cite:@yes]",
	      "yes@8");
	check(REAM_SYN_ORG, "#+begin_src\n[cite:@a]", "a@2");
}

/* ---- reStructuredText -------------------------------------------------- */

static void finds_rst_cite_roles(void **state)
{
	(void)state;
	check(REAM_SYN_RST,
	      "As :cite:`a,b` and :cite:p:`c` and :cite:t:`d`, "
	      ":footcite:`e`, :cite:ps:`{see}f{p. 4, 5}, g`.",
	      "a@1 b@1 c@1 d@1 e@1 f@1 g@1");
}

static void skips_rst_literals_and_comments(void **state)
{
	(void)state;
	check(REAM_SYN_RST,
	      "``:cite:`no1```\n\nExample::\n\n    :cite:`no2`\n\n"
	      ".. code-block:: rst\n\n   :cite:`no3`\n\n"
	      ".. a comment :cite:`no4`\n   :cite:`no5`\n\n"
	      "Done :cite:`yes`. x:cite:`no6`",
	      "yes@14");
}

/* ---- AsciiDoc ---------------------------------------------------------- */

static void finds_asciidoc_references_and_cite_macros(void **state)
{
	(void)state;
	check(REAM_SYN_ASCIIDOC,
	      "<<a>>, <<b,p. 4>> cite:[c] citenp:[d(p. 4), e]",
	      "a@1 b@1 c@1 d@1 e@1");
	check(REAM_SYN_ASCIIDOC, "<<Some Section>> <<<\n<<x", "");
}

static void skips_asciidoc_comments_and_listings(void **state)
{
	(void)state;
	check(REAM_SYN_ASCIIDOC,
	      "// <<no1>>\n////\n<<no2>>\n////\n----\n<<no3>>\n----\n"
	      "....\ncite:[no4]\n....\n<<yes>>",
	      "yes@11");
}

/* ---- Every syntax --------------------------------------------------------- */

static void finds_nothing_in_plain_text(void **state)
{
	(void)state;
	check(REAM_SYN_PLAIN, "\\cite{a} @b [cite:@c]", "");
}

static void stops_when_the_callback_says_so(void **state)
{
	seen s = { { 0 }, REAM_OK, 2, 0, NULL, 0 };
	const char *t = "@a @b @c";

	(void)state;
	s.text = t;
	s.n = strlen(t);
	assert_int_equal(ream_doc_keys(t, s.n, REAM_SYN_PANDOC, collect, &s), 7);
	assert_int_equal(s.count, 2);
	ream_buf_free(&s.b);
}

static void refuses_an_unknown_syntax(void **state)
{
	seen s = { { 0 }, REAM_OK, 0, 0, "", 0 };

	(void)state;
	assert_int_equal(ream_doc_keys("", 0, REAM_SYN_COUNT, collect, &s),
			 REAM_FORMAT);
	assert_int_equal(ream_doc_keys(NULL, 0, REAM_SYN_LATEX, collect, &s),
			 REAM_OK);
}

static void reads_text_with_nul_bytes_and_invalid_utf8(void **state)
{
	static const char t[] = "\\cite{a}\0\xff\xfe @b \0[cite:@c]\0:cite:`d`";
	int syn;

	(void)state;
	for (syn = 0; syn < REAM_SYN_COUNT; syn++) {
		char *got = keys_n(t, sizeof t - 1, (ream_syntax)syn);

		free(got);
	}
	{
		char *got = keys_n(t, sizeof t - 1, REAM_SYN_PANDOC);

		assert_string_equal(got, "b@1 c@1");
		free(got);
	}
}

/* Found by fuzzing (tests/fuzz/regress/doc_keys): keys with NUL bytes. */
static void reports_no_key_that_holds_a_nul_byte(void **state)
{
	static const char latex[] = "\\cite{a,b\0c,d}";
	static const char rst[] = ":cite:`e,f\0g`";
	char *got;

	(void)state;
	got = keys_n(latex, sizeof latex - 1, REAM_SYN_LATEX);
	assert_string_equal(got, "a@1 d@1");
	free(got);
	got = keys_n(rst, sizeof rst - 1, REAM_SYN_RST);
	assert_string_equal(got, "e@1");
	free(got);
}

/* Documents that use every construct of every syntax. */
static const char *const samples[] = {
	"\\begin{document}\n\\cites(a)(b)[c][d]{k1,k2}[e]{k3}\n% x \\cite{y}\n"
	"\\verb+\\cite{z}+ \\begin{verbatim*}\\cite{v}\\end{verbatim*}\n"
	"\\citep[p.~{4}]{a}",
	"---\nnocite: |\n  @x\n---\n[@a; -@b, p. 4] @{c d} ```x``` `y`\n"
	"~~~\n@z\n~~~\n<!-- @q --> \\@r",
	"#cite(<a>) #cite(label(\"b\\\"c\")) @d[e] /* /* */ */ // x\n"
	"```raw``` `r` https://a.b/@c",
	"#+begin_src\n[cite:@a]\n#+end_src\n# c\n[cite/t:@b;@c] [[cite:&d;&e]]"
	" [[citep:f,g][h]]",
	"Text::\n\n  :cite:`x`\n\n.. code:: a\n\n :cite:`y`\n:cite:p:`{a}b{c}`"
	" ``lit``",
	"////\n<<a>>\n////\n----\ncite:[b]\n----\n<<c,d>> citenp:[e(1),f]\n"
	"// <<g>>\n",
};

static void never_reads_past_the_end_of_any_prefix(void **state)
{
	size_t k, n;
	int syn;

	(void)state;
	for (k = 0; k < sizeof samples / sizeof samples[0]; k++)
		for (syn = 0; syn < REAM_SYN_COUNT; syn++)
			for (n = 0; n <= strlen(samples[k]); n++)
				free(keys_n(samples[k], n, (ream_syntax)syn));
}

static void survives_random_bytes(void **state)
{
	char buf[512];
	unsigned seed = 12345;
	int round, syn;
	size_t i;
	static const char alphabet[] = "\\{}[]()<>@:;,`~#%/*+-.\n \"&cite$_'|=a";

	(void)state;
	for (round = 0; round < 400; round++) {
		size_t n = (size_t)(round % 7 == 0 ? 512 : round);

		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (seed >> 16) % 4 ? alphabet[(seed >> 8) % (sizeof alphabet - 1)]
						  : (char)(seed >> 20);
		}
		for (syn = 0; syn < REAM_SYN_COUNT; syn++)
			free(keys_n(buf, n, (ream_syntax)syn));
	}
}

/* Text that would make a scanner that backtracks take quadratic time. */
static const char *const traps[] = {
	"\\cite[", "\\cite{", "\\cites{a}[", "\\begin{verbatim}", "```",
	"`", "<!--", "@{", "[cite:", "[[cite:", ":cite:`", "<<", "cite:[",
	"/*", "#+begin_src\n", "``", "\\cite[{", "#cite(label(\"", "[cite/",
	"@{{", "#cite(<", ":cite:x", "<https://",
};

static void takes_linear_time_on_unclosed_constructs(void **state)
{
	size_t n = 1 << 20, k, i;
	char *big = malloc(n);
	int syn;

	(void)state;
	assert_non_null(big);
	for (k = 0; k < sizeof traps / sizeof traps[0]; k++) {
		size_t m = strlen(traps[k]);
		clock_t t0 = clock();

		for (i = 0; i < n; i++)
			big[i] = traps[k][i % m];
		for (syn = 0; syn < REAM_SYN_COUNT; syn++) {
			seen s = { { 0 }, REAM_OK, 0, 0, NULL, 0 };

			s.text = big;
			s.n = n;
			ream_doc_keys(big, n, (ream_syntax)syn, collect, &s);
			ream_buf_free(&s.b);
		}
		/* quadratic work on a MiB would take minutes */
		assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
	}
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_the_keys_of_latex_cite_commands),
		cmocka_unit_test(reads_latex_optional_arguments_and_spaces),
		cmocka_unit_test(skips_the_star_of_nocite),
		cmocka_unit_test(reads_every_key_list_of_a_multicite_command),
		cmocka_unit_test(skips_latex_comments_but_not_escaped_percent),
		cmocka_unit_test(skips_latex_verbatim),
		cmocka_unit_test(ignores_commands_that_cite_no_keys),
		cmocka_unit_test(recovers_from_an_unclosed_latex_argument),
		cmocka_unit_test(finds_pandoc_citations),
		cmocka_unit_test(leaves_trailing_punctuation_out_of_pandoc_keys),
		cmocka_unit_test(takes_no_email_address_for_a_citation),
		cmocka_unit_test(skips_pandoc_code_and_escapes),
		cmocka_unit_test(leaves_out_cross_references),
		cmocka_unit_test(counts_lines_across_skipped_text),
		cmocka_unit_test(finds_typst_references_and_cite_calls),
		cmocka_unit_test(skips_typst_raw_text_comments_and_links),
		cmocka_unit_test(finds_org_cite_citations),
		cmocka_unit_test(finds_org_ref_links),
		cmocka_unit_test(skips_org_source_blocks_and_comments),
		cmocka_unit_test(finds_rst_cite_roles),
		cmocka_unit_test(skips_rst_literals_and_comments),
		cmocka_unit_test(finds_asciidoc_references_and_cite_macros),
		cmocka_unit_test(skips_asciidoc_comments_and_listings),
		cmocka_unit_test(finds_nothing_in_plain_text),
		cmocka_unit_test(stops_when_the_callback_says_so),
		cmocka_unit_test(refuses_an_unknown_syntax),
		cmocka_unit_test(reads_text_with_nul_bytes_and_invalid_utf8),
		cmocka_unit_test(reports_no_key_that_holds_a_nul_byte),
		cmocka_unit_test(never_reads_past_the_end_of_any_prefix),
		cmocka_unit_test(survives_random_bytes),
		cmocka_unit_test(takes_linear_time_on_unclosed_constructs),
	};

	return cmocka_run_group_tests_name("document", tests, NULL, NULL);
}
