/*
 * test_text.c: folding, transliteration and TeX decoding (core/text.c).
 */
#include <time.h>

#include "testutil.h"

typedef void (*text_fn)(int *rc, ream_buf *b, const char *s, size_t n);

/* f applied to s[0..n) in a fresh buffer; a malloc'd string. */
static char *apply_n(text_fn f, const char *s, size_t n)
{
	ream_buf b = {0};
	int rc = REAM_OK;
	char *out;

	f(&rc, &b, s, n);
	assert_int_equal(rc, REAM_OK);
	out = ream_buf_take(&rc, &b);
	assert_non_null(out);
	return out;
}

static char *apply(text_fn f, const char *s)
{
	return apply_n(f, s, strlen(s));
}

static void fold_nobad(int *rc, ream_buf *b, const char *s, size_t n)
{
	ream_text_fold(rc, b, s, n, NULL);
}

/* Fails, naming the input, unless f(in) is want. */
static void expect(text_fn f, const char *in, const char *want)
{
	char *got = apply(f, in);

	if (strcmp(got, want) != 0) {
		print_error("input:    \"%s\"\nexpected: \"%s\"\ngot:      \"%s\"\n",
			    in, want, got);
		free(got);
		fail();
	}
	free(got);
}

struct pair {
	const char *in;
	const char *want;
};

static void expect_all(text_fn f, const struct pair *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		expect(f, cases[i].in, cases[i].want);
}

#define EXPECT_ALL(f, cases) expect_all(f, cases, sizeof cases / sizeof cases[0])

/* A malloc'd string of `count` copies of unit, then tail. */
static char *repeat(const char *unit, size_t count, const char *tail)
{
	size_t u = strlen(unit), t = strlen(tail), i;
	char *s = malloc(u * count + t + 1);

	assert_non_null(s);
	for (i = 0; i < count; i++)
		memcpy(s + i * u, unit, u);
	memcpy(s + u * count, tail, t + 1);
	return s;
}

/* ---- ream_text_fold ------------------------------------------------------ */

static void fold_strips_accents_written_precomposed_or_decomposed(void **state)
{
	static const struct pair cases[] = {
		{"Müller", "muller"},
		{"Mu\xCC\x88ller", "muller"},		/* u + U+0308 */
		{"Éric Ça", "eric ca"},
		{"E\xCC\x81ric", "eric"},		/* E + U+0301 */
		{"Erdős Čech Łódź", "erdos cech lodz"},
		{"Ångström", "angstrom"},
		{"Å", "a"},				/* U+212B angstrom sign */
	};

	(void)state;
	EXPECT_ALL(fold_nobad, cases);
}

static void fold_makes_muller_spelled_every_way_alike(void **state)
{
	const char *spellings[] = {"Müller", "MÜLLER", "Muller", "muller",
				   "Mu\xCC\x88ller"};
	char *tex, *want, *got;
	size_t i;

	(void)state;
	want = apply(fold_nobad, "Muller");
	assert_string_equal(want, "muller");
	for (i = 0; i < sizeof spellings / sizeof spellings[0]; i++) {
		got = apply(fold_nobad, spellings[i]);
		assert_string_equal(got, want);
		free(got);
	}
	tex = apply(ream_tex_decode, "M{\\\"u}ller");
	assert_string_equal(tex, "Müller");
	got = apply(fold_nobad, tex);
	assert_string_equal(got, want);
	free(got);
	free(tex);
	free(want);
}

static void fold_transliterates_letters_that_do_not_decompose(void **state)
{
	static const struct pair cases[] = {
		{"ß", "ss"}, {"ẞ", "ss"}, {"Straße", "strasse"},
		{"ø", "o"}, {"Ø", "o"}, {"Søren", "soren"},
		{"ł", "l"}, {"Ł", "l"}, {"Łukasz", "lukasz"},
		{"đ", "d"}, {"Đ", "d"}, {"Đorđe", "dorde"},
		{"ð", "d"}, {"Ð", "d"},
		{"þ", "th"}, {"Þ", "th"}, {"Þórr", "thorr"},
		{"æ", "ae"}, {"Æ", "ae"}, {"Cæsar", "caesar"},
		{"œ", "oe"}, {"Œ", "oe"}, {"Œuvre", "oeuvre"},
		{"ı", "i"}, {"İ", "i"}, {"Işık", "isik"},
		{"ĸ", "q"}, {"ŋ", "n"}, {"Ŋ", "n"},
		{"ħ", "h"}, {"Ħ", "h"}, {"ŧ", "t"},
		{"ĳ", "ij"}, {"ſ", "s"}, {"ȷ", "j"},
	};

	(void)state;
	EXPECT_ALL(fold_nobad, cases);
}

static void fold_keeps_other_scripts_case_folded(void **state)
{
	static const struct pair cases[] = {
		{"ΣΊΣΥΦΟΣ", "σισυφοσ"},
		{"Москва Ёлка", "москва елка"},
		{"日本語のテキスト", "日本語のテキスト"},
		{"مرحبا", "مرحبا"},
	};

	(void)state;
	EXPECT_ALL(fold_nobad, cases);
}

static void fold_applies_compatibility_decomposition(void **state)
{
	static const struct pair cases[] = {
		{"ﬁnal ﬂow", "final flow"},
		{"x² H₂O", "x2 h2o"},
		{"ＡＢＣ１２３", "abc123"},
		{"½", "1⁄2"},
		{"a\xC2\xA0" "b", "a b"},		/* no-break space */
		{"Ǆ", "dz"},
	};

	(void)state;
	EXPECT_ALL(fold_nobad, cases);
}

static void fold_spells_typographic_quotes_and_dashes_in_ascii(void **state)
{
	static const struct pair cases[] = {
		{"‘a’ “b” „c“", "'a' \"b\" \"c\""},
		{"Müller–Effect — x − 1", "muller-effect - x - 1"},
		{"don’t", "don't"},
		{"a…b", "a...b"},
	};

	(void)state;
	EXPECT_ALL(fold_nobad, cases);
}

static void fold_drops_soft_hyphens_and_zero_width_joiners(void **state)
{
	(void)state;
	expect(fold_nobad, "Hyphen\xC2\xAD" "ation", "hyphenation");
	expect(fold_nobad, "a\xE2\x80\x8B" "b\xE2\x80\x8D" "c", "abc");
}

static void fold_keeps_ascii_punctuation_and_spacing(void **state)
{
	(void)state;
	expect(fold_nobad, "  Hello,  World!\n", "  hello,  world!\n");
}

static void fold_replaces_invalid_utf8_with_u_fffd_and_sets_bad(void **state)
{
	static const char *invalid[] = {
		"a\377b",		/* never valid */
		"ab\xC3",		/* truncated at the end */
		"\xC3(",		/* truncated before ASCII */
		"\xC0\xAF",		/* overlong */
		"\xED\xA0\x80",		/* surrogate */
		"\xF4\x90\x80\x80",	/* beyond U+10FFFF */
		"\x80",			/* lone continuation */
	};
	ream_buf b = {0}, check = {0};
	int rc = REAM_OK, bad, again;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		bad = 0;
		ream_buf_reset(&b);
		ream_text_fold(&rc, &b, invalid[i], strlen(invalid[i]), &bad);
		assert_int_equal(rc, REAM_OK);
		assert_int_equal(bad, 1);
		assert_non_null(strstr(b.s, "\xEF\xBF\xBD"));
		/* What comes out is valid UTF-8 */
		again = 0;
		ream_text_fold(&rc, &check, b.s, b.n, &again);
		assert_int_equal(again, 0);
		ream_buf_free(&check);
	}
	bad = 0;
	ream_buf_reset(&b);
	ream_text_fold(&rc, &b, "a\xFF" "b", 3, &bad);
	assert_string_equal(b.s, "a\xEF\xBF\xBD" "b");
	ream_buf_reset(&b);
	ream_text_fold(&rc, &b, "ab\xC3", 3, &bad);
	assert_string_equal(b.s, "ab\xEF\xBF\xBD");
	ream_buf_free(&b);
}

static void fold_leaves_bad_alone_on_valid_input_and_accepts_null(void **state)
{
	ream_buf b = {0};
	int rc = REAM_OK, bad = 0;

	(void)state;
	ream_text_fold(&rc, &b, "Grüße, 世界", strlen("Grüße, 世界"), &bad);
	assert_int_equal(bad, 0);
	assert_string_equal(b.s, "grusse, 世界");
	ream_text_fold(&rc, &b, "\xFF", 1, NULL);
	assert_int_equal(rc, REAM_OK);
	assert_string_equal(b.s, "grusse, 世界\xEF\xBF\xBD");
	ream_buf_free(&b);
}

static void fold_of_empty_input_appends_nothing(void **state)
{
	ream_buf b = {0};
	int rc = REAM_OK, bad = 0;
	char *s;

	(void)state;
	ream_text_fold(&rc, &b, "", 0, &bad);
	assert_int_equal(rc, REAM_OK);
	assert_int_equal(b.n, 0);
	assert_int_equal(bad, 0);
	s = ream_buf_take(&rc, &b);
	assert_string_equal(s, "");
	free(s);
}

static void fold_appends_to_what_the_buffer_holds(void **state)
{
	ream_buf b = {0};
	int rc = REAM_OK;

	(void)state;
	ream_buf_adds(&rc, &b, "title: ");
	ream_text_fold(&rc, &b, "ÄB", strlen("ÄB"), NULL);
	ream_text_fold(&rc, &b, "C", 1, NULL);
	assert_int_equal(rc, REAM_OK);
	assert_string_equal(b.s, "title: abc");
	ream_buf_free(&b);
}

static void text_functions_do_nothing_after_an_earlier_error(void **state)
{
	ream_buf b = {0};
	int rc = REAM_NOMEM;

	(void)state;
	ream_text_fold(&rc, &b, "abc", 3, NULL);
	ream_text_ascii(&rc, &b, "abc", 3);
	ream_text_words(&rc, &b, "abc", 3);
	ream_tex_decode(&rc, &b, "abc", 3);
	assert_int_equal(rc, REAM_NOMEM);
	assert_null(b.s);
	assert_int_equal(b.n, 0);
}

static void fold_keeps_nul_bytes_inside_the_length(void **state)
{
	ream_buf b = {0};
	int rc = REAM_OK;

	(void)state;
	ream_text_fold(&rc, &b, "A\0B", 3, NULL);
	assert_int_equal(b.n, 3);
	assert_memory_equal(b.s, "a\0b", 3);
	ream_buf_free(&b);
}

static void fold_handles_a_megabyte_of_text(void **state)
{
	char *in = repeat("Ärger Straße ", 80000, "END");
	char *want = repeat("arger strasse ", 80000, "end");
	char *got;

	(void)state;
	got = apply(fold_nobad, in);
	assert_int_equal(strlen(got), strlen(want));
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(in);
}

static void fold_output_is_a_bounded_multiple_of_its_input(void **state)
{
	/* U+FDFA has the longest compatibility decomposition (18). */
	char *in = repeat("\xEF\xB7\xBA", 10000, "");
	char *got;

	(void)state;
	got = apply(fold_nobad, in);
	assert_true(strlen(got) > strlen(in));
	assert_true(strlen(got) <= 16 * strlen(in));
	free(got);
	free(in);
}

static void fold_is_idempotent(void **state)
{
	const char *in = "Ǆemal Müller–Łukasz ΣΊΣΥΦΟΣ ﬁ ½ Œuvre";
	char *once, *twice;

	(void)state;
	once = apply(fold_nobad, in);
	twice = apply(fold_nobad, once);
	assert_string_equal(once, twice);
	free(once);
	free(twice);
}

/* ---- ream_text_ascii ----------------------------------------------------- */

static void ascii_keeps_only_folded_letters_and_digits(void **state)
{
	static const struct pair cases[] = {
		{"Müller-Lüdenscheidt", "mullerludenscheidt"},
		{"Łukasz", "lukasz"},
		{"Ø", "o"},
		{"Ærø 2024!", "aero2024"},
		{"Straße", "strasse"},
		{"ΣΊΣΥΦΟΣ", ""},
		{"O'Brien, J.", "obrienj"},
		{"ＧＰＴ－４", "gpt4"},
		{"a\xFF" "b", "ab"},
		{"", ""},
	};

	(void)state;
	EXPECT_ALL(ream_text_ascii, cases);
}

/* ---- ream_text_words ----------------------------------------------------- */

static void words_joins_folded_words_with_single_spaces(void **state)
{
	static const struct pair cases[] = {
		{"The  Müller–Effect!", "the muller effect"},
		{"  ...Hello,\n\tWORLD!!  ", "hello world"},
		{"GPT-4o and 3D", "gpt 4o and 3d"},
		{"don't", "don t"},
		{"日本語 のテキスト", "日本語 のテキスト"},
		{"Σίσυφος, Москва", "σισυφοσ москва"},
		{"x²+y²", "x2 y2"},
		{"a\xFF" "b", "a b"},
		{"!!!", ""},
		{"", ""},
	};

	(void)state;
	EXPECT_ALL(ream_text_words, cases);
}

static void words_of_titles_differing_in_punctuation_are_equal(void **state)
{
	char *a, *b;

	(void)state;
	a = apply(ream_text_words, "Attention Is All You Need.");
	b = apply(ream_text_words, "attention is all you need");
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* ---- ream_tex_decode ----------------------------------------------------- */

static void tex_decodes_accents_in_every_spelling(void **state)
{
	static const struct pair cases[] = {
		{"{\\\"o}", "ö"}, {"\\\"{o}", "ö"}, {"\\\"o", "ö"},
		{"{\\\" o}", "ö"}, {"\\\" {o}", "ö"},
		{"\\'e", "é"}, {"\\'{e}", "é"}, {"{\\'e}", "é"},
		{"\\`e", "è"}, {"\\`{e}", "è"},
		{"\\^e", "ê"}, {"\\^{e}", "ê"},
		{"\\~n", "ñ"}, {"\\~{n}", "ñ"},
		{"\\=o", "ō"}, {"\\={o}", "ō"},
		{"\\.z", "ż"}, {"\\.{z}", "ż"},
		{"\\u{g}", "ğ"}, {"\\u g", "ğ"},
		{"\\v{s}", "š"}, {"\\v s", "š"}, {"{\\v{C}}", "Č"},
		{"\\H{o}", "ő"}, {"\\H o", "ő"},
		{"\\c{c}", "ç"}, {"\\c c", "ç"}, {"\\c{S}", "Ş"},
		{"\\k{a}", "ą"}, {"\\k a", "ą"},
		{"\\r{a}", "å"}, {"\\r{A}", "Å"},
		{"\\b{b}", "ḇ"}, {"\\d{s}", "ṣ"},
		{"\\t{oo}", "o\xCD\xA1o"},
	};

	(void)state;
	EXPECT_ALL(ream_tex_decode, cases);
}

static void tex_puts_accents_on_dotless_i_and_j(void **state)
{
	static const struct pair cases[] = {
		{"\\'{\\i}", "í"}, {"\\'\\i", "í"}, {"{\\'\\i}", "í"},
		{"\\\"{\\i}", "ï"}, {"\\^{\\i}", "î"}, {"\\`\\i", "ì"},
		{"\\^{\\j}", "ĵ"}, {"\\v{\\j}", "ǰ"},
		{"Na\\\"{\\i}ve", "Naïve"}, {"\\'i", "í"},
	};

	(void)state;
	EXPECT_ALL(ream_tex_decode, cases);
}

static void tex_decodes_accents_inside_words(void **state)
{
	static const struct pair cases[] = {
		{"M{\\\"u}ller", "Müller"},
		{"Schr\\\"odinger", "Schrödinger"},
		{"Erd\\H{o}s", "Erdős"},
		{"\\v{C}ech", "Čech"},
		{"G\\\"{o}del, Escher, Bach", "Gödel, Escher, Bach"},
		{"\\'{E}cole Polytechnique", "École Polytechnique"},
		{"Ko\\c{c} Universitesi", "Koç Universitesi"},
		{"\\'{\\^{e}}", "ế"},
	};

	(void)state;
	EXPECT_ALL(ream_tex_decode, cases);
}

static void tex_gives_a_spacing_accent_when_it_has_no_letter(void **state)
{
	static const struct pair cases[] = {
		{"\\~{}", "~"},
		{"http://x.org/\\~{}me", "http://x.org/~me"},
		{"\\^{}", "^"},
		{"a \\'", "a ´"},
		{"{\\\"}", "¨"},
	};

	(void)state;
	EXPECT_ALL(ream_tex_decode, cases);
}

static void tex_decodes_special_letters(void **state)
{
	static const struct pair cases[] = {
		{"\\ss", "ß"}, {"\\SS", "SS"},
		{"\\aa", "å"}, {"\\AA", "Å"},
		{"\\o", "ø"}, {"\\O", "Ø"},
		{"\\l", "ł"}, {"\\L", "Ł"},
		{"\\ae", "æ"}, {"\\AE", "Æ"},
		{"\\oe", "œ"}, {"\\OE", "Œ"},
		{"\\i", "ı"}, {"\\j", "ȷ"},
		{"\\dh", "ð"}, {"\\th", "þ"},
		{"Stra\\ss e", "Straße"},
		{"Stra{\\ss}e", "Straße"},
		{"{\\O}stergaard", "Østergaard"},
		{"\\AA ngstr\\\"om", "Ångström"},
		{"\\L{}ukasz and {\\L}ukasz", "Łukasz and Łukasz"},
		{"{\\o} and {\\ae}", "ø and æ"},
	};

	(void)state;
	EXPECT_ALL(ream_tex_decode, cases);
}

static void tex_decodes_dashes_ties_and_escaped_specials(void **state)
{
	static const struct pair cases[] = {
		{"pages 1--10", "pages 1–10"},
		{"yes---no", "yes—no"},
		{"well-known", "well-known"},
		{"Fig.~1", "Fig. 1"},
		{"a~~b", "a b"},
		{"\\& \\% \\$ \\# \\_ \\{ \\}", "& % $ # _ { }"},
		{"AT\\&T gains 50\\%", "AT&T gains 50%"},
		{"a\\_b", "a_b"},
		{"5 %", "5 %"},
	};

	(void)state;
	EXPECT_ALL(ream_tex_decode, cases);
}

static void tex_decodes_named_symbols_and_quotes(void **state)
{
	static const struct pair cases[] = {
		{"{\\textendash}", "–"},
		{"a{\\textemdash}b", "a—b"},
		{"Rosen\\textquoteright s", "Rosen’s"},
		{"\\textasciitilde", "~"},
		{"Wait\\dots", "Wait…"},
		{"Wait\\ldots{} and see", "Wait… and see"},
		{"``quoted''", "“quoted”"},
		{"it's", "it's"},
		{"\\LaTeX{} and \\TeX\\ and \\BibTeX", "LaTeX and TeX and BibTeX"},
	};

	(void)state;
	EXPECT_ALL(ream_tex_decode, cases);
}

static void tex_keeps_the_text_of_formatting_commands(void **state)
{
	static const struct pair cases[] = {
		{"\\emph{x}", "x"}, {"\\textit{x}", "x"}, {"\\textbf{x}", "x"},
		{"\\textsc{x}", "x"}, {"\\texttt{x}", "x"}, {"\\textrm{x}", "x"},
		{"\\textsf{x}", "x"}, {"\\mbox{x}", "x"}, {"\\textup{x}", "x"},
		{"\\textnormal{x}", "x"},
		{"A \\emph{new} \\textbf{bold} idea", "A new bold idea"},
		{"{\\em Deep} learning", "Deep learning"},
		{"\\textbf{\\emph{\\textsc{x}}}y", "xy"},
	};

	(void)state;
	EXPECT_ALL(ream_tex_decode, cases);
}

static void tex_keeps_url_text_verbatim(void **state)
{
	static const struct pair cases[] = {
		{"\\url{http://a.org/~x_y%20z--w}", "http://a.org/~x_y%20z--w"},
		{"see \\url {https://b.org/$x$} now", "see https://b.org/$x$ now"},
		{"\\url{unclosed~", "unclosed~"},
	};

	(void)state;
	EXPECT_ALL(ream_tex_decode, cases);
}

static void tex_removes_protective_braces(void **state)
{
	static const struct pair cases[] = {
		{"{GPU}", "GPU"},
		{"{GPU}s and {B}ayes", "GPUs and Bayes"},
		{"{{Deep}} {Learning}", "Deep Learning"},
	};

	(void)state;
	EXPECT_ALL(ream_tex_decode, cases);
}

static void tex_copies_math_as_it_is(void **state)
{
	static const struct pair cases[] = {
		{"$x^2 + y_1$", "$x^2 + y_1$"},
		{"where $\\alpha \\in \\{0,1\\}$ holds", "where $\\alpha \\in \\{0,1\\}$ holds"},
		{"$a~b--c$ and {d}", "$a~b--c$ and d"},
		{"$a \\$ b$", "$a \\$ b$"},
		{"$$E = mc^2$$ is", "$$E = mc^2$$ is"},
		{"\\(a+b\\) and \\[c\\]", "\\(a+b\\) and \\[c\\]"},
		{"$a\n   b$", "$a b$"},
		{"costs $5", "costs $5"},
		{"\\(open", "\\(open"},
		{"$\\'e$", "$\\'e$"},
	};

	(void)state;
	EXPECT_ALL(ream_tex_decode, cases);
}

static void tex_keeps_unknown_commands_as_written(void **state)
{
	static const struct pair cases[] = {
		{"\\foo", "\\foo"},
		{"the \\alpha particle", "the \\alpha particle"},
		{"\\foo{bar}", "\\foo bar"},
		{"\\foo{}1", "\\foo1"},
		{"\\*", "\\*"},
		{"a \\\xC3\xA9", "a \\é"},
		{"\\foo\\\"o", "\\foo ö"},
	};

	(void)state;
	EXPECT_ALL(ream_tex_decode, cases);
}

static void tex_collapses_white_space_and_trims(void **state)
{
	static const struct pair cases[] = {
		{"  a \n\t b  \n", "a b"},
		{"a\n\nb", "a b"},
		{"\n\t ", ""},
		{"a \\\\ b", "a b"},
		{"a\\ b", "a b"},
		{"~a~", "a"},
	};

	(void)state;
	EXPECT_ALL(ream_tex_decode, cases);
}

static void tex_composes_its_output_to_nfc(void **state)
{
	static const struct pair cases[] = {
		{"Mu\xCC\x88ller", "Müller"},
		{"\xE2\x84\xAB", "Å"},			/* U+212B */
		/* e, acute, dot below: reordered, then composed to ẹ́ */
		{"e\xCC\x81\xCC\xA3", "\xE1\xBA\xB9\xCC\x81"},
		{"\\r{A}", "Å"},
	};

	(void)state;
	EXPECT_ALL(ream_tex_decode, cases);
}

static void tex_passes_invalid_utf8_through_unchanged(void **state)
{
	static const struct pair cases[] = {
		{"a\xFF" "b", "a\xFF" "b"},
		{"end\xC3", "end\xC3"},
		{"\xC0\xAF {x}", "\xC0\xAF x"},
		{"\xED\xA0\x80\\\"o", "\xED\xA0\x80ö"},
	};

	(void)state;
	EXPECT_ALL(ream_tex_decode, cases);
}

static void tex_handles_a_lone_backslash_and_unbalanced_braces(void **state)
{
	static const struct pair cases[] = {
		{"\\", "\\"},
		{"end\\", "end\\"},
		{"}}a{{b", "ab"},
		{"{{{", ""},
		{"}", ""},
		{"\\\"", "¨"},
		{"\\url", ""},
	};

	(void)state;
	EXPECT_ALL(ream_tex_decode, cases);
}

static void tex_of_empty_input_appends_nothing(void **state)
{
	ream_buf b = {0};
	int rc = REAM_OK;

	(void)state;
	ream_tex_decode(&rc, &b, "", 0);
	assert_int_equal(rc, REAM_OK);
	assert_int_equal(b.n, 0);
	ream_buf_adds(&rc, &b, "x:");
	ream_tex_decode(&rc, &b, " {\\'e} ", 7);
	assert_string_equal(b.s, "x:é");
	ream_buf_free(&b);
}

static void tex_survives_a_million_nested_braces(void **state)
{
	char *open = repeat("{", 1000000, "x");
	char *in = repeat("}", 1000000, "");
	char *all = malloc(strlen(open) + strlen(in) + 1), *got;

	(void)state;
	assert_non_null(all);
	strcpy(all, open);
	strcat(all, in);
	got = apply(ream_tex_decode, all);
	assert_string_equal(got, "x");
	free(got);
	got = apply(ream_tex_decode, open);
	assert_string_equal(got, "x");
	free(got);
	free(all);
	free(in);
	free(open);
}

static void tex_survives_a_million_of_each_construct(void **state)
{
	static const char *units[] = {
		"\\", "\\\"", "\\'{", "$", "\\(", "--", "~", "``", "\\foo",
		"\\url{", "\\i", "\\emph{",
	};
	char *in, *got;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		in = repeat(units[i], 1000000 / strlen(units[i]), "");
		got = apply(ream_tex_decode, in);
		assert_true(strlen(got) <= 4 * strlen(in) + 16);
		free(got);
		free(in);
	}
	/* A control word a million letters long is kept */
	in = repeat("a", 1000000, "");
	in[0] = '\\';
	got = apply(ream_tex_decode, in);
	assert_string_equal(got, in);
	free(got);
	free(in);
}

static void tex_stays_linear_on_runs_of_combining_marks(void **state)
{
	/* Marks of two classes in the wrong order: a quadratic sort of one
	 * run would take minutes. */
	char *in = repeat("\xCC\x81\xCC\x96", 250000, "");
	char *got;
	clock_t t0 = clock();

	(void)state;
	in[0] = 'a';	/* a base, then a broken mark, then marks */
	got = apply(ream_tex_decode, in);
	assert_true(strlen(got) >= strlen(in) - 1);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 20.0);
	free(got);
	free(in);
}

static void tex_decodes_long_text(void **state)
{
	char *in = repeat("Schr\\\"odinger's {cat}~is \\emph{alive}---$x$. ",
			  20000, "");
	char *want = repeat("Schrödinger's cat is alive—$x$. ", 20000, "");
	char *got;

	(void)state;
	want[strlen(want) - 1] = '\0';	/* trimmed */
	got = apply(ream_tex_decode, in);
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fold_strips_accents_written_precomposed_or_decomposed),
		cmocka_unit_test(fold_makes_muller_spelled_every_way_alike),
		cmocka_unit_test(fold_transliterates_letters_that_do_not_decompose),
		cmocka_unit_test(fold_keeps_other_scripts_case_folded),
		cmocka_unit_test(fold_applies_compatibility_decomposition),
		cmocka_unit_test(fold_spells_typographic_quotes_and_dashes_in_ascii),
		cmocka_unit_test(fold_drops_soft_hyphens_and_zero_width_joiners),
		cmocka_unit_test(fold_keeps_ascii_punctuation_and_spacing),
		cmocka_unit_test(fold_replaces_invalid_utf8_with_u_fffd_and_sets_bad),
		cmocka_unit_test(fold_leaves_bad_alone_on_valid_input_and_accepts_null),
		cmocka_unit_test(fold_of_empty_input_appends_nothing),
		cmocka_unit_test(fold_appends_to_what_the_buffer_holds),
		cmocka_unit_test(text_functions_do_nothing_after_an_earlier_error),
		cmocka_unit_test(fold_keeps_nul_bytes_inside_the_length),
		cmocka_unit_test(fold_handles_a_megabyte_of_text),
		cmocka_unit_test(fold_output_is_a_bounded_multiple_of_its_input),
		cmocka_unit_test(fold_is_idempotent),
		cmocka_unit_test(ascii_keeps_only_folded_letters_and_digits),
		cmocka_unit_test(words_joins_folded_words_with_single_spaces),
		cmocka_unit_test(words_of_titles_differing_in_punctuation_are_equal),
		cmocka_unit_test(tex_decodes_accents_in_every_spelling),
		cmocka_unit_test(tex_puts_accents_on_dotless_i_and_j),
		cmocka_unit_test(tex_decodes_accents_inside_words),
		cmocka_unit_test(tex_gives_a_spacing_accent_when_it_has_no_letter),
		cmocka_unit_test(tex_decodes_special_letters),
		cmocka_unit_test(tex_decodes_dashes_ties_and_escaped_specials),
		cmocka_unit_test(tex_decodes_named_symbols_and_quotes),
		cmocka_unit_test(tex_keeps_the_text_of_formatting_commands),
		cmocka_unit_test(tex_keeps_url_text_verbatim),
		cmocka_unit_test(tex_removes_protective_braces),
		cmocka_unit_test(tex_copies_math_as_it_is),
		cmocka_unit_test(tex_keeps_unknown_commands_as_written),
		cmocka_unit_test(tex_collapses_white_space_and_trims),
		cmocka_unit_test(tex_composes_its_output_to_nfc),
		cmocka_unit_test(tex_passes_invalid_utf8_through_unchanged),
		cmocka_unit_test(tex_handles_a_lone_backslash_and_unbalanced_braces),
		cmocka_unit_test(tex_of_empty_input_appends_nothing),
		cmocka_unit_test(tex_survives_a_million_nested_braces),
		cmocka_unit_test(tex_survives_a_million_of_each_construct),
		cmocka_unit_test(tex_stays_linear_on_runs_of_combining_marks),
		cmocka_unit_test(tex_decodes_long_text),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
