/*
 * bibtex_write.c: the BibTeX and BibLaTeX writer (ream_bibtex_write). The
 * reader is bibtex_read.c.
 *
 * A written entry is read by bibtex (with the standard styles) and biber
 * without a warning about it, and its .bbl compiles with pdflatex:
 *
 *  - Values are stored decoded for display, so the writer encodes them
 *    again: & % # _ and a lone $ are escaped outside math ($...$ is
 *    written as it is), braces that do not pair are written as
 *    \textbraceleft{} and \textbraceright{} (bibtex counts braces without
 *    regard to backslashes). With REAM_EXPORT_ASCII letters beyond ASCII
 *    are written as TeX ({\"u}, {\c{c}}, {\ss}, {\o}, -- ...); otherwise
 *    UTF-8 goes out as it is.
 *  - Title words with a capital after their first letter (GPU, LaTeX,
 *    ImageNet) or with capitals and digits (T5) are wrapped in braces, and
 *    so is math, so that styles which lower the case of titles keep them.
 *  - The type is the paper's when the standard styles know it (BibLaTeX's
 *    types as the standard one they stand for: collection as book,
 *    report as techreport...) and it has the fields they require (an
 *    article needs a journal and a year...); misc otherwise, so an arXiv
 *    preprint without a venue is @misc. A thesis's institution is
 *    written as school, which they read.
 *  - A paper without an author field (no authors, or only its editors)
 *    gets a key field, which styles sort by; a misc entry that would have
 *    nothing the styles print gets note = {Untitled}.
 *  - year and month come from the date: a year the file gave as more
 *    than a number ("1991a") is written as it was when it starts with
 *    the date's year, a month that is no month ("June-August") is not
 *    (biber would not sort by it).
 *  - What the standard styles refuse to take together is left out: the
 *    editor of a book or inbook with an author, the number of a book,
 *    inbook, incollection, inproceedings or proceedings with a volume, or
 *    without a series (they read it as the number in a series).
 *  - arXiv comments go in a comments field, which styles do not print
 *    ("10 pages, 3 figures" is not something to show in a bibliography),
 *    rather than in note.
 *  - Extra fields are written back under their lower case names, as they
 *    are (only unpaired braces and, for ASCII, letters are encoded), after
 *    the fields of their own columns; an extra field that repeats one of
 *    those, or an alias biber would merge with one (date, journaltitle,
 *    eprinttype, eprintclass), is left out.
 *
 * Fields come in a fixed order, one a line as `  name = {value}`.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "internal.h"

/* ---- Encoding values -------------------------------------------------- */


/* Letters that are TeX commands of their own, and other symbols. */
static const struct {
	utf8proc_int32_t cp;
	const char *tex;
} tex_symbols[] = {
	{ 0x00a0, "~" }, { 0x00a1, "{!`}" }, { 0x00a3, "{\\pounds}" },
	{ 0x00a7, "{\\S}" }, { 0x00a9, "{\\copyright}" },
	{ 0x00ab, "{\\guillemotleft}" }, { 0x00ae, "{\\textregistered}" },
	{ 0x00b0, "{\\textdegree}" }, { 0x00b1, "{$\\pm$}" },
	{ 0x00b5, "{$\\mu$}" }, { 0x00b6, "{\\P}" },
	{ 0x00b7, "{\\textperiodcentered}" }, { 0x00bb, "{\\guillemotright}" },
	{ 0x00bf, "{?`}" }, { 0x00c5, "{\\AA}" }, { 0x00c6, "{\\AE}" },
	{ 0x00d0, "{\\DH}" }, { 0x00d7, "{$\\times$}" }, { 0x00d8, "{\\O}" },
	{ 0x00de, "{\\TH}" }, { 0x00df, "{\\ss}" }, { 0x00e5, "{\\aa}" },
	{ 0x00e6, "{\\ae}" }, { 0x00f0, "{\\dh}" }, { 0x00f7, "{$\\div$}" },
	{ 0x00f8, "{\\o}" }, { 0x00fe, "{\\th}" }, { 0x0110, "{\\DJ}" },
	{ 0x0111, "{\\dj}" }, { 0x0131, "{\\i}" }, { 0x0141, "{\\L}" },
	{ 0x0142, "{\\l}" }, { 0x014a, "{\\NG}" }, { 0x014b, "{\\ng}" },
	{ 0x0152, "{\\OE}" }, { 0x0153, "{\\oe}" }, { 0x0237, "{\\j}" },
	{ 0x1e9e, "{\\SS}" }, { 0x2009, "\\," }, { 0x2010, "-" },
	{ 0x2011, "-" }, { 0x2013, "--" }, { 0x2014, "---" }, { 0x2018, "`" },
	{ 0x2019, "'" }, { 0x201c, "``" }, { 0x201d, "''" },
	{ 0x2020, "{\\dag}" }, { 0x2021, "{\\ddag}" },
	{ 0x2022, "{\\textbullet}" }, { 0x2026, "{\\ldots}" }, { 0x2044, "/" },
	{ 0x20ac, "{\\texteuro}" }, { 0x2122, "{\\texttrademark}" },
	{ 0x2190, "{$\\leftarrow$}" }, { 0x2192, "{$\\rightarrow$}" },
	{ 0x21d2, "{$\\Rightarrow$}" }, { 0x21d4, "{$\\Leftrightarrow$}" },
	{ 0x2200, "{$\\forall$}" }, { 0x2202, "{$\\partial$}" },
	{ 0x2203, "{$\\exists$}" }, { 0x2205, "{$\\emptyset$}" },
	{ 0x2207, "{$\\nabla$}" }, { 0x2208, "{$\\in$}" },
	{ 0x2209, "{$\\notin$}" }, { 0x2211, "{$\\sum$}" },
	{ 0x2212, "{$-$}" }, { 0x221a, "{$\\surd$}" },
	{ 0x221e, "{$\\infty$}" }, { 0x2227, "{$\\wedge$}" },
	{ 0x2228, "{$\\vee$}" }, { 0x2229, "{$\\cap$}" },
	{ 0x222a, "{$\\cup$}" }, { 0x222b, "{$\\int$}" },
	{ 0x223c, "{$\\sim$}" }, { 0x2260, "{$\\neq$}" },
	{ 0x2261, "{$\\equiv$}" }, { 0x2282, "{$\\subset$}" },
	{ 0x2286, "{$\\subseteq$}" }, { 0x2297, "{$\\otimes$}" },
	{ 0x22c5, "{$\\cdot$}" },
	{ 0x2248, "{$\\approx$}" }, { 0x2264, "{$\\leq$}" },
	{ 0x2265, "{$\\geq$}" },
};

/* Greek small letters from U+03B1, as math. */
static const char *const greek_small[] = {
	"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
	"iota", "kappa", "lambda", "mu", "nu", "xi", NULL, "pi", "rho",
	"varsigma", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"
};

/* Greek capitals from U+0391: math, or the Latin letter they look like. */
static const char *const greek_capital[] = {
	"A", "B", "\\Gamma", "\\Delta", "E", "Z", "H", "\\Theta", "I", "K",
	"\\Lambda", "M", "N", "\\Xi", "O", "\\Pi", "P", NULL, "\\Sigma", "T",
	"\\Upsilon", "\\Phi", "X", "\\Psi", "\\Omega"
};

/* Combining accents and their TeX commands (letter: takes a {}). */
static const struct {
	utf8proc_int32_t cp;
	char cmd;
	char letter;
} tex_accents[] = {
	{ 0x300, '`', 0 }, { 0x301, '\'', 0 }, { 0x302, '^', 0 },
	{ 0x303, '~', 0 }, { 0x304, '=', 0 }, { 0x306, 'u', 1 },
	{ 0x307, '.', 0 }, { 0x308, '"', 0 }, { 0x30a, 'r', 1 },
	{ 0x30b, 'H', 1 }, { 0x30c, 'v', 1 }, { 0x323, 'd', 1 },
	{ 0x327, 'c', 1 }, { 0x328, 'k', 1 }, { 0x331, 'b', 1 },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int accent_of(utf8proc_int32_t cp)
{
	size_t i;

	for (i = 0; i < COUNT(tex_accents); i++)
		if (tex_accents[i].cp == cp)
			return (int)i;
	return -1;
}

/*
 * Appends c as TeX made of ASCII: a symbol, a Greek letter, or an ASCII
 * letter with accents ({\"u}, {\c{c}}, {\'{\i}}). Returns 0 when there is
 * no such form (nothing appended).
 */
static int add_tex_char(int *rc, ream_buf *b, utf8proc_int32_t c)
{
	utf8proc_int32_t d[8];
	utf8proc_ssize_t k, i;
	char inner[64];
	size_t j, len;

	for (j = 0; j < COUNT(tex_symbols); j++) {
		if (tex_symbols[j].cp == c) {
			ream_buf_adds(rc, b, tex_symbols[j].tex);
			return 1;
		}
	}
	if (c >= 0x3b1 && c <= 0x3c9 && greek_small[c - 0x3b1]) {
		ream_buf_printf(rc, b, "{$\\%s$}", greek_small[c - 0x3b1]);
		return 1;
	}
	if (c == 0x3bf) {
		ream_buf_addc(rc, b, 'o');
		return 1;
	}
	if (c >= 0x391 && c <= 0x3a9 && greek_capital[c - 0x391]) {
		const char *g = greek_capital[c - 0x391];

		if (g[0] == '\\')
			ream_buf_printf(rc, b, "{$%s$}", g);
		else
			ream_buf_adds(rc, b, g);
		return 1;
	}
	k = utf8proc_decompose_char(c, d, 8, UTF8PROC_DECOMPOSE, NULL);
	if (k < 2 || k > 8 || d[0] >= 0x80 ||
	    !((d[0] >= 'a' && d[0] <= 'z') || (d[0] >= 'A' && d[0] <= 'Z')))
		return 0;
	for (i = 1; i < k; i++)
		if (accent_of(d[i]) < 0)
			return 0;
	/*
	 * Accents wrap the letter from the inside out: \'{\"u}. There are
	 * at most seven, so the text stays short.
	 */
	len = 0;
	if ((d[0] == 'i' || d[0] == 'j') && !tex_accents[accent_of(d[1])].letter)
		inner[len++] = '\\';	/* dotless i and j under accents above */
	inner[len++] = (char)d[0];
	for (i = 1; i < k; i++) {
		const int a = accent_of(d[i]);
		/* a letter or \i alone follows a symbol accent bare */
		int brace = tex_accents[a].letter ||
			    !(len == 1 || (len == 2 && inner[0] == '\\'));

		memmove(inner + 2 + brace, inner, len);
		inner[0] = '\\';
		inner[1] = tex_accents[a].cmd;
		if (brace) {
			inner[2] = '{';
			inner[len + 3] = '}';
		}
		len += 2 + (size_t)(2 * brace);
	}
	ream_buf_addc(rc, b, '{');
	ream_buf_add(rc, b, inner, len);
	ream_buf_addc(rc, b, '}');
	return 1;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/*
 * Appends s to b cleaned: white space runs made one space and trimmed,
 * control characters dropped, invalid UTF-8 replaced (by U+FFFD, or by ?
 * for ASCII output). b then holds valid UTF-8.
 */
static void add_cleaned(int *rc, ream_buf *b, const char *s, int ascii)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	int space = 0, any = 0;

	while (*u) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k;

		if (*u > 0x20 && *u < 0x7f) {
			/* a run of printable ASCII goes as it is */
			const utf8proc_uint8_t *e = u + 1;

			while (*e > 0x20 && *e < 0x7f)
				e++;
			if (space)
				ream_buf_addc(rc, b, ' ');
			space = 0;
			any = 1;
			ream_buf_add(rc, b, (const char *)u, (size_t)(e - u));
			u = e;
			continue;
		}
		k = utf8proc_iterate(u, -1, &c);
		if (k <= 0) {
			c = 0xfffd;
			k = 1;
		}
		if (c < 0x80 && is_space((unsigned char)c)) {
			space = any;
		} else if (c >= 0x20 && (c < 0x7f || c > 0x9f)) {
			if (space)
				ream_buf_addc(rc, b, ' ');
			space = 0;
			any = 1;
			if (c == 0xfffd && (k == 1 || ascii))
				ream_buf_adds(rc, b, ascii ? "?" : "\xef\xbf\xbd");
			else
				ream_buf_add(rc, b, (const char *)u, (size_t)k);
		}
		u += k;
	}
}

/* 1 when every brace of s[0..n) pairs with another. */
static int braces_pair(const char *s, size_t n)
{
	long depth = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && --depth < 0)
			return 0;
	}
	return depth == 0;
}

static int lower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The code point at s[i] (valid UTF-8) into *c; returns its length. */
static size_t cp_at(const char *s, size_t n, size_t i, utf8proc_int32_t *c)
{
	utf8proc_ssize_t k;

	if ((unsigned char)s[i] < 0x80) {
		*c = (unsigned char)s[i];
		return 1;
	}
	k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
			     (utf8proc_ssize_t)(n - i), c);
	if (k <= 0) {
		*c = (unsigned char)s[i];
		return 1;
	}
	return (size_t)k;
}

/* Letters, marks and digits: what title words are made of. */
static int is_word_cp(utf8proc_int32_t c)
{
	utf8proc_category_t k;

	if (c < 0x80)
		return is_alpha(c) || (c >= '0' && c <= '9');
	k = utf8proc_category(c);
	return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_ND);
}

static int is_upper_cp(utf8proc_int32_t c)
{
	utf8proc_category_t k;

	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	k = utf8proc_category(c);
	return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

/* 1 for the title word s[i..j) that lowering its case would spoil. */
static int word_needs_braces(const char *s, size_t i, size_t j)
{
	int upper = 0, later_upper = 0, digit = 0, first = 1;
	utf8proc_int32_t c;

	while (i < j) {
		i += cp_at(s, j, i, &c);
		if (is_upper_cp(c)) {
			upper = 1;
			if (!first)
				later_upper = 1;
		} else if (c >= '0' && c <= '9') {
			digit = 1;
		}
		first = 0;
	}
	return later_upper || (upper && digit);
}

/*
 * Appends c as TeX made of ASCII for math mode: {\mu}, {\pm}, a Latin
 * capital for a Greek one that looks like it, text letters in \mbox.
 * Returns 0 when there is no such form (nothing appended).
 */
static int add_math_char(int *rc, ream_buf *b, utf8proc_int32_t c)
{
	ream_buf t = { 0 };
	int ok;

	ok = add_tex_char(rc, &t, c);
	if (ok && t.n > 4 && !memcmp(t.s, "{$", 2) &&
	    !memcmp(t.s + t.n - 2, "$}", 2)) {
		ream_buf_addc(rc, b, '{');
		ream_buf_add(rc, b, t.s + 2, t.n - 4);
		ream_buf_addc(rc, b, '}');
	} else if (ok && t.n == 1) {
		ream_buf_add(rc, b, t.s, 1);
	} else if (ok) {
		ream_buf_adds(rc, b, "\\mbox{");
		ream_buf_add(rc, b, t.s, t.n);
		ream_buf_addc(rc, b, '}');
	}
	ream_buf_free(&t);
	return ok;
}

/*
 * Appends, for ASCII output, the character c that has no TeX form of its
 * own: its compatibility decomposition without accents when that is ASCII
 * or TeX (² -> 2, ﬁ -> fi, ½ -> 1/2), else "?". mode 0 is
 * text, 1 math, 2 a citation key (letters and digits kept, "_" else).
 * Whatever it appends is ASCII.
 */
static void add_ascii_fallback(int *rc, ream_buf *b, utf8proc_int32_t c,
			       int mode)
{
	utf8proc_int32_t d[16];
	utf8proc_ssize_t k, i;
	size_t mark = b->n;

	k = utf8proc_decompose_char(c, d, 16, UTF8PROC_DECOMPOSE |
				    UTF8PROC_COMPAT | UTF8PROC_STRIPMARK,
				    NULL);
	for (i = 0; k > 0 && k <= 16 && i < k; i++) {
		utf8proc_int32_t e = d[i];

		if (mode == 2 && e < 0x80 && (is_alpha(e) ||
					      (e >= '0' && e <= '9')))
			ream_buf_addc(rc, b, (char)e);
		else if (mode == 2)
			break;
		else if (e >= 0x20 && e < 0x7f && !strchr("{}\\$&%#_^~", e))
			ream_buf_addc(rc, b, (char)e);
		else if (e < 0x80 || e == c ||
			 !(mode ? add_math_char(rc, b, e)
				: add_tex_char(rc, b, e)))
			break;
	}
	if (k > 0 && k <= 16 && i == k && b->n > mark)
		return;
	b->n = mark;
	if (b->s)
		b->s[mark] = '\0';
	ream_buf_addc(rc, b, mode == 2 ? '_' : '?');
}

/*
 * Appends the character at t[i] (n bytes), as TeX when ascii (for math
 * mode when math). Returns its length.
 */
static size_t add_char(int *rc, ream_buf *b, const char *t, size_t n,
		       size_t i, int ascii, int math)
{
	utf8proc_int32_t c;
	size_t k = cp_at(t, n, i, &c);

	if (c >= 0x80 && ascii) {
		if (!(math ? add_math_char(rc, b, c) : add_tex_char(rc, b, c)))
			add_ascii_fallback(rc, b, c, math ? 1 : 0);
		return k;
	}
	ream_buf_add(rc, b, t + i, k);
	return k;
}

/*
 * The end of the brace group that opens at t[i], just past its closing
 * brace, or 0 when it does not close.
 */
static size_t group_end(const char *t, size_t n, size_t i)
{
	size_t depth = 0;

	for (; i < n; i++) {
		if (t[i] == '{')
			depth++;
		else if (t[i] == '}' && --depth == 0)
			return i + 1;
	}
	return 0;
}

/*
 * 1 for a byte add_encoded copies as it is in mode without looking at
 * what is around it: printable ASCII but for TeX's specials, braces and
 * backslashes, title letters and digits (which make words) and page
 * dashes; bytes of UTF-8 too unless the output is ASCII or they may be
 * title letters or page dashes. In verbatim mode only $, braces and
 * backslashes (and UTF-8 for ASCII output) are looked at.
 */
static int ordinary(unsigned char c, int mode, int ascii)
{
	if (c >= 0x80)
		return !ascii && mode != REAM_ENC_TITLE && mode != REAM_ENC_PAGES;
	if (c < 0x20 || c == 0x7f || c == '\\' || c == '{' || c == '}' ||
	    c == '$')
		return 0;
	if (mode == REAM_ENC_VERBATIM)
		return 1;
	if (c == '&' || c == '%' || c == '#' || c == '_')
		return 0;
	if (mode == REAM_ENC_PAGES)
		return c != '-';
	if (mode == REAM_ENC_TITLE)
		return !is_alpha(c) && !(c >= '0' && c <= '9');
	return 1;
}

/* 1 when t[i..e) is ASCII. */
static int ascii_run(const char *t, size_t i, size_t e)
{
	for (; i < e; i++)
		if ((unsigned char)t[i] >= 0x80)
			return 0;
	return 1;
}

/*
 * Appends the value t[0..n) (cleaned) encoded for a field in mode. The
 * text is read once; the search for a closing $ goes forward from the
 * opening one and the next search starts after it, so the work is linear.
 */
static void add_encoded(int *rc, ream_buf *b, const char *t, size_t n,
			int mode, int ascii)
{
	int pair = braces_pair(t, n), bs = 0, vmath = 0;
	/* math is copied as it is, so not when its braces may not pair */
	int nomath = !pair;
	size_t i = 0, j, e;

	while (i < n) {
		unsigned char c = (unsigned char)t[i];
		int escaped = bs & 1;

		bs = c == '\\' ? bs + 1 : 0;
		if (mode == REAM_ENC_RAW) {
			if (!pair && (c == '{' || c == '}'))
				ream_buf_adds(rc, b, c == '{' ? "%7B" : "%7D");
			else if (ascii && c >= 0x80)
				ream_buf_printf(rc, b, "%%%02X", c);
			else
				ream_buf_addc(rc, b, (char)c);
			i++;
			continue;
		}
		if (ordinary(c, mode, ascii)) {
			/* a run of characters that go out as they are */
			for (j = i + 1; j < n &&
			     ordinary((unsigned char)t[j], mode, ascii); j++)
				;
			ream_buf_add(rc, b, t + i, j - i);
			bs = 0;
			i = j;
			continue;
		}
		if (!pair && (c == '{' || c == '}')) {
			ream_buf_adds(rc, b, c == '{' ? "\\textbraceleft{}"
						      : "\\textbraceright{}");
			i++;
			continue;
		}
		if (mode == REAM_ENC_VERBATIM) {
			if (c == '$' && !escaped)
				vmath = !vmath;
			i += add_char(rc, b, t, n, i, ascii, vmath);
			continue;
		}
		if (c == '\\' && !escaped) {
			if (i + 1 == n) {
				ream_buf_adds(rc, b, "\\textbackslash{}");
				i++;
				continue;
			}
			if (is_alpha((unsigned char)t[i + 1])) {
				/* a command: as it is, braced in titles */
				int wrap;

				for (j = i + 1; j < n && is_alpha((unsigned char)t[j]); j++)
					;
				if (j - i == 4 && !memcmp(t + i, "\\url", 4) &&
				    j < n && t[j] == '{' && (e = group_end(t, n, j))) {
					/* \url{...} is verbatim */
					ream_buf_add(rc, b, t + i, e - i);
					bs = 0;
					i = e;
					continue;
				}
				wrap = mode == REAM_ENC_TITLE && (j == n || t[j] != '{');
				if (wrap)
					ream_buf_addc(rc, b, '{');
				ream_buf_add(rc, b, t + i, j - i);
				if (wrap)
					ream_buf_addc(rc, b, '}');
				bs = 0;
				i = j;
				continue;
			}
			ream_buf_addc(rc, b, '\\');
			i++;
			continue;
		}
		if (c == '$' && !escaped) {
			for (j = i + 1; !nomath && j < n; j++)
				if (t[j] == '$' && t[j - 1] != '\\')
					break;
			if (nomath || j >= n) {
				nomath = 1;
				ream_buf_adds(rc, b, "\\$");
				i++;
				continue;
			}
			if (mode == REAM_ENC_TITLE)
				ream_buf_addc(rc, b, '{');
			if (ascii)
				for (e = i; e <= j;)
					e += add_char(rc, b, t, n, e, 1, 1);
			else
				ream_buf_add(rc, b, t + i, j + 1 - i);
			if (mode == REAM_ENC_TITLE)
				ream_buf_addc(rc, b, '}');
			i = j + 1;
			bs = 0;
			continue;
		}
		if ((c == '&' || c == '%' || c == '#' || c == '_') && !escaped) {
			ream_buf_addc(rc, b, '\\');
			ream_buf_addc(rc, b, (char)c);
			i++;
			continue;
		}
		if (mode == REAM_ENC_PAGES) {
			utf8proc_int32_t d;
			size_t k = cp_at(t, n, i, &d);

			e = i;
			while (d == '-' || d == 0x2010 || d == 0x2011 ||
			       d == 0x2013 || d == 0x2014 || d == 0x2212) {
				e += k;
				if (e >= n)
					break;
				k = cp_at(t, n, e, &d);
			}
			if (e > i) {
				ream_buf_adds(rc, b, "--");
				i = e;
				continue;
			}
		}
		if (mode == REAM_ENC_TITLE) {
			utf8proc_int32_t d;
			size_t k = cp_at(t, n, i, &d);
			int start = 1;

			if (i > 0) {
				/* the character before: a word goes on? */
				size_t p = i - 1;
				utf8proc_int32_t q;

				while (p > 0 && ((unsigned char)t[p] & 0xc0) == 0x80)
					p--;
				cp_at(t, n, p, &q);
				start = !is_word_cp(q);
			}
			if (start && is_word_cp(d)) {
				for (e = i + k; e < n; e += k) {
					k = cp_at(t, n, e, &d);
					if (!is_word_cp(d))
						break;
				}
				if (word_needs_braces(t, i, e)) {
					ream_buf_addc(rc, b, '{');
					while (i < e)
						i += add_char(rc, b, t, n, i, ascii, 0);
					ream_buf_addc(rc, b, '}');
					continue;
				}
				if (!ascii || ascii_run(t, i, e)) {
					ream_buf_add(rc, b, t + i, e - i);
					i = e;
					continue;
				}
			}
		}
		i += add_char(rc, b, t, n, i, ascii, 0);
	}
}

/* Appends the value s encoded for a field in mode (see internal.h). */
void ream_bibtex_encode(int *rc, ream_buf *b, const char *s, int mode,
			int flags)
{
	ream_buf t = { 0 };
	int ascii = (flags & REAM_EXPORT_ASCII) != 0;

	add_cleaned(rc, &t, s, ascii);
	if (t.n)
		add_encoded(rc, b, t.s, t.n, mode, ascii);
	ream_buf_free(&t);
}

/*
 * Appends the field `name = {value}` (on a line of its own, after the
 * comma that ends the one before); nothing when the value comes out empty.
 */
static void add_field(int *rc, ream_buf *b, const char *name,
		      const char *value, int mode, int flags)
{
	size_t mark = b->n, open;

	if (!value || *rc != REAM_OK)
		return;
	ream_buf_printf(rc, b, ",\n  %s = {", name);
	open = b->n;
	ream_bibtex_encode(rc, b, value, mode, flags);
	if (*rc == REAM_OK && b->n == open) {
		b->n = mark;
		b->s[mark] = '\0';
		return;
	}
	ream_buf_addc(rc, b, '}');
}

/* ---- Writing names ----------------------------------------------------- */

/* 1 when s has the word "and" (any case) or a comma: bibtex would split. */
static int name_splits(const char *s)
{
	size_t i;

	if (strchr(s, ','))
		return 1;
	for (i = 0; s[i]; i++) {
		if ((i == 0 || is_space((unsigned char)s[i - 1])) &&
		    (s[i] == 'a' || s[i] == 'A') &&
		    (s[i + 1] == 'n' || s[i + 1] == 'N') &&
		    (s[i + 2] == 'd' || s[i + 2] == 'D') &&
		    (s[i + 3] == '\0' || is_space((unsigned char)s[i + 3])))
			return 1;
	}
	return 0;
}

/* Appends a name part, in braces when wrap. */
static void add_name_part(int *rc, ream_buf *b, const char *s, int wrap,
			  int flags)
{
	if (wrap)
		ream_buf_addc(rc, b, '{');
	ream_bibtex_encode(rc, b, s, REAM_ENC_TEXT, flags);
	if (wrap)
		ream_buf_addc(rc, b, '}');
}

/* 1 when given holds a Jr part after a comma ("Bill, Jr."). */
static const char *jr_comma(const char *given)
{
	const char *c = strrchr(given, ',');

	return c && c > given && c[1] ? c : NULL;
}

/* Appends one author as "von Last, First" or "von Last, Jr, First". */
static void add_author_name(int *rc, ream_buf *b, const char *family,
			    const char *given, int literal, int flags)
{
	const char *jr;

	if (literal) {
		if (!strcmp(family, "others"))
			ream_buf_adds(rc, b, "others");	/* et al. */
		else
			add_name_part(rc, b, family, 1, flags);
		return;
	}
	add_name_part(rc, b, family, name_splits(family) ||
		      (!given && strpbrk(family, " \t\n~")), flags);
	if (!given)
		return;
	if ((jr = jr_comma(given))) {
		ream_buf t = { 0 };
		int trc = REAM_OK;
		size_t k = (size_t)(jr - given);

		ream_buf_add(&trc, &t, given, k);
		ream_buf_adds(rc, b, ", ");
		add_name_part(rc, b, jr + 1, name_splits(jr + 1), flags);
		ream_buf_adds(rc, b, ", ");
		if (trc == REAM_OK)
			add_name_part(rc, b, t.s, name_splits(t.s), flags);
		else
			*rc = trc;
		ream_buf_free(&t);
		return;
	}
	ream_buf_adds(rc, b, ", ");
	add_name_part(rc, b, given, name_splits(given), flags);
}

typedef struct author_cmp {
	const ream_paper *p;
	size_t i;
	int same;
} author_cmp;

static int same_author(void *ud, const char *family, const char *given,
		       int literal)
{
	author_cmp *c = ud;
	const char *f, *g;
	int l;

	if (!ream_paper_author(c->p, c->i++, &f, &g, &l) ||
	    strcmp(f, family) || !l != !literal ||
	    (g && given ? strcmp(g, given) != 0 : g != given)) {
		c->same = 0;
		return 1;
	}
	return 0;
}

/* 1 when the name list s (TeX) reads as exactly the authors of p. */
static int names_match(const ream_paper *p, const char *s)
{
	ream_names nm;
	author_cmp c = { p, 0, 1 };
	int rc;

	memset(&nm, 0, sizeof nm);
	rc = ream_names_split(&nm, s, strlen(s), same_author, &c);
	ream_names_free(&nm);
	return rc != REAM_NOMEM && c.same &&
	       c.i == ream_paper_author_count(p);
}

/*
 * The TeX a reader kept for a value, extra field "raw.<name>", when it
 * still decodes to value (the value has not changed since); else NULL.
 */
static const char *raw_of(const ream_paper *p, const char *name,
			  const char *value)
{
	char key[80];
	const char *raw;
	ream_buf d = { 0 };
	int rc = REAM_OK, same;

	if (!value || strlen(name) > 64)
		return NULL;
	snprintf(key, sizeof key, "raw.%s", name);
	if (!(raw = ream_paper_get_extra(p, key)))
		return NULL;
	ream_bibtex_decode(&rc, &d, raw, strlen(raw));
	same = rc == REAM_OK && !strcmp(d.s ? d.s : "", value);
	ream_buf_free(&d);
	return same ? raw : NULL;
}

/* The non-empty value of extra field name (any case), or NULL. */
static const char *extra(const ream_paper *p, const char *name);

/*
 * 1 when p has an author field to write: authors, unless a reader made
 * the editors the authors (REAM_EDITORS_AS_AUTHORS) and they still are.
 */
static int author_field(const ream_paper *p)
{
	const char *ed = extra(p, "editor"), *edraw;

	if (!ream_paper_author_count(p))
		return 0;
	if (!ed || !ream_paper_get_extra(p, REAM_EDITORS_AS_AUTHORS))
		return 1;
	edraw = raw_of(p, "editor", ed);
	return !names_match(p, edraw ? edraw : ed);
}

/*
 * The author field: "Family, Given and Family, Given", or the TeX it was
 * read from when that still gives the same names. Organisations, and
 * names bibtex would split wrongly, go in braces. Nothing when the authors
 * are the editors (a book read with editors only): editor says it.
 */
static void add_authors(int *rc, ream_buf *b, const ream_paper *p, int flags)
{
	size_t i, n = ream_paper_author_count(p);
	const char *raw = ream_paper_get_extra(p, "raw.author");

	if (!author_field(p))
		return;
	ream_buf_adds(rc, b, ",\n  author = {");
	if (raw && names_match(p, raw)) {
		ream_bibtex_encode(rc, b, raw, REAM_ENC_VERBATIM, flags);
		ream_buf_addc(rc, b, '}');
		return;
	}
	for (i = 0; i < n; i++) {
		const char *family, *given;
		int literal;

		if (!ream_paper_author(p, i, &family, &given, &literal))
			continue;
		if (i)
			ream_buf_adds(rc, b, " and ");
		add_author_name(rc, b, family, given, literal, flags);
	}
	ream_buf_addc(rc, b, '}');
}

/* ---- The entry --------------------------------------------------------- */

/* The entry types of the standard styles. */
static const char *const bib_types[] = {
	"article", "book", "booklet", "conference", "inbook", "incollection",
	"inproceedings", "manual", "mastersthesis", "misc", "phdthesis",
	"proceedings", "techreport", "unpublished", NULL
};

/* BibLaTeX types and the standard types that stand for them. */
static const struct {
	const char *from, *to;
} type_aliases[] = {
	{ "report", "techreport" }, { "thesis", "phdthesis" },
	{ "mvbook", "book" }, { "mvproceedings", "proceedings" },
	{ "inreference", "incollection" }, { "bookinbook", "inbook" },
	{ "collection", "book" }, { "mvcollection", "book" },
	{ "reference", "book" }, { "mvreference", "book" },
	{ "suppbook", "inbook" }, { "suppcollection", "incollection" },
};

static int same_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
	}
	return *a == *b;
}

/* The paper's type among the standard ones, before checking its fields. */
static const char *standard_type(const ream_paper *p)
{
	const char *t = ream_paper_get(p, REAM_F_TYPE);
	size_t i;

	if (!t)
		return "misc";
	for (i = 0; bib_types[i]; i++)
		if (same_nocase(t, bib_types[i]))
			return bib_types[i];
	for (i = 0; i < COUNT(type_aliases); i++)
		if (same_nocase(t, type_aliases[i].from))
			return type_aliases[i].to;
	return "misc";
}

/* The non-empty value of extra field name (any case), or NULL. */
static const char *extra(const ream_paper *p, const char *name)
{
	size_t i, n = ream_paper_extra_count(p);
	const char *k, *v;

	for (i = 0; i < n; i++)
		if (ream_paper_extra(p, i, &k, &v) && k && v && *v &&
		    same_nocase(k, name))
			return v;
	return NULL;
}

/*
 * The type to write: the standard type when the paper has the fields the
 * standard styles require of it, misc otherwise.
 */
static const char *entry_type(const ream_paper *p)
{
	const char *t = standard_type(p);
	int author = author_field(p);
	int editor = extra(p, "editor") != NULL;
	int title = ream_paper_get(p, REAM_F_TITLE) != NULL;
	int venue = ream_paper_get(p, REAM_F_VENUE) != NULL;
	int year = ream_paper_year(p) > 0;
	int publisher = ream_paper_get(p, REAM_F_PUBLISHER) != NULL;
	int ok;

	if (!strcmp(t, "article"))
		ok = author && title && venue && year;
	else if (!strcmp(t, "book"))
		ok = (author || editor) && title && publisher && year;
	else if (!strcmp(t, "booklet") || !strcmp(t, "manual"))
		ok = title;
	else if (!strcmp(t, "conference") || !strcmp(t, "inproceedings"))
		ok = author && title && venue && year;
	else if (!strcmp(t, "inbook"))
		ok = (author || editor) && title && publisher && year &&
		     (extra(p, "chapter") || ream_paper_get(p, REAM_F_PAGES));
	else if (!strcmp(t, "incollection"))
		ok = author && title && venue && publisher && year;
	else if (!strcmp(t, "mastersthesis") || !strcmp(t, "phdthesis"))
		ok = author && title && year &&
		     (extra(p, "school") || extra(p, "institution"));
	else if (!strcmp(t, "proceedings"))
		ok = title && year;
	else if (!strcmp(t, "techreport"))
		ok = author && title && extra(p, "institution") && year;
	else if (!strcmp(t, "unpublished"))
		ok = author && title && extra(p, "note");
	else
		ok = 1;
	return ok ? t : "misc";
}

/*
 * Makes the key that starts at b->s[start] ASCII: letters with accents
 * lose them (müller -> muller), other characters become _.
 */
static void ascii_key(int *rc, ream_buf *b, size_t start)
{
	ream_buf t = { 0 };
	size_t i;
	utf8proc_int32_t c;

	for (i = start; i < b->n && (unsigned char)b->s[i] < 0x80; i++)
		;
	if (i == b->n)
		return;
	ream_buf_add(rc, &t, b->s + start, b->n - start);
	if (*rc != REAM_OK) {
		ream_buf_free(&t);
		return;
	}
	b->n = start;
	for (i = 0; i < t.n;) {
		size_t k = cp_at(t.s, t.n, i, &c);

		if (c < 0x80)
			ream_buf_addc(rc, b, (char)c);
		else
			add_ascii_fallback(rc, b, c, 2);
		i += k;
	}
	ream_buf_free(&t);
}

/*
 * Appends the key of p (or the one ream would make): characters bibtex or
 * biber would not take in a key are written _, and for ASCII output
 * (ascii) the key is made ASCII.
 */
static void add_key(int *rc, ream_buf *b, const ream_paper *p, int ascii)
{
	const char *k = ream_paper_get(p, REAM_F_KEY);
	size_t start = b->n, i;

	if (k)
		ream_buf_adds(rc, b, k);
	else
		ream_paper_make_key(rc, b, p);
	if (*rc != REAM_OK)
		return;
	for (i = start; i < b->n; i++) {
		unsigned char c = (unsigned char)b->s[i];

		if (c <= 0x20 || c == 0x7f || strchr(",{}()\"#%'=\\~", c))
			b->s[i] = '_';
	}
	if (ascii)
		ascii_key(rc, b, start);
}

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};

/* 1 when the entry that starts at b->s[start] has a field name (any case). */
static int has_field(const ream_buf *b, size_t start, const char *name)
{
	size_t m = strlen(name);
	const char *at = b->s ? b->s + start : NULL;

	while (at && (at = strstr(at, "\n  "))) {
		at += 3;
		if (!strncasecmp(at, name, m) && !strncmp(at + m, " = ", 3))
			return 1;
	}
	return 0;
}

/* 1 for a usable field name: a letter, then letters, digits, _ - : . + */
static int field_name_ok(const char *s)
{
	size_t i;

	if (!is_alpha((unsigned char)s[0]))
		return 0;
	for (i = 1; s[i]; i++)
		if (!is_alpha((unsigned char)s[i]) &&
		    !(s[i] >= '0' && s[i] <= '9') && !strchr("_-:.+", s[i]))
			return 0;
	return i <= 64;
}

/*
 * 1 for the fields BibLaTeX reads verbatim (links, files): kept and
 * written as they are, never decoded from TeX.
 */
int ream_bibtex_verbatim_field(const char *name)
{
	static const char *const list[] = {
		"url", "doi", "eprint", "file", "pdf", "verba", "verbb",
		"verbc", "urlraw", NULL
	};
	const char *const *v;

	for (v = list; *v; v++)
		if (same_nocase(*v, name))
			return 1;
	return !strncasecmp(name, "bdsk-", 5);
}

/*
 * Appends the field name = value: the TeX the reader kept for the value
 * (raw.<rawname>) when it still holds, else the value encoded in mode.
 */
static void add_field_raw(int *rc, ream_buf *b, const ream_paper *p,
			  const char *name, const char *rawname,
			  const char *value, int mode, int flags)
{
	const char *raw = mode == REAM_ENC_RAW ? NULL : raw_of(p, rawname, value);

	add_field(rc, b, name, raw ? raw : value, raw ? REAM_ENC_VERBATIM : mode,
		  flags);
}

/*
 * The extra fields, lower case, leaving out the raw.* ones, those written
 * already and the aliases biber would merge with one written (date with
 * year, journaltitle with journal, eprinttype and eprintclass with an
 * arXiv eprint).
 */
static void add_extras(int *rc, ream_buf *b, size_t start,
		       const ream_paper *p, int flags, int no_editor,
		       int thesis)
{
	size_t i, n = ream_paper_extra_count(p);
	int arxiv = ream_paper_get(p, REAM_F_ARXIV) != NULL;

	for (i = 0; i < n && *rc == REAM_OK; i++) {
		const char *name, *value;
		char low[72];
		size_t k;

		if (!ream_paper_extra(p, i, &name, &value) || !name || !value ||
		    !field_name_ok(name))
			continue;
		for (k = 0; name[k]; k++)
			low[k] = (char)lower_ascii((unsigned char)name[k]);
		low[k] = '\0';
		if (!strncmp(low, "raw.", 4) || has_field(b, start, low) ||
		    (!strcmp(low, "abstract") &&
		     ream_paper_get(p, REAM_F_ABSTRACT)) ||
		    (!strcmp(low, "date") && has_field(b, start, "year")) ||
		    (!strcmp(low, "journaltitle") &&
		     has_field(b, start, "journal")) ||
		    (arxiv && (!strcmp(low, "eprinttype") ||
			       !strcmp(low, "eprintclass"))) ||
		    (no_editor && !strcmp(low, "editor")) ||
		    !strcmp(low, "year") || !strcmp(low, "month") ||
		    !strcmp(low, "day"))
			continue;	/* the date says year and month */
		add_field_raw(rc, b, p, thesis && !strcmp(low, "institution") &&
			      !extra(p, "school") ? "school" : low, low, value,
			      ream_bibtex_verbatim_field(low) ? REAM_ENC_RAW
							      : REAM_ENC_TEXT,
			      flags);
	}
}

/*
 * The year, and the month (1-12) and day (1-31) or 0, from the date or
 * arXiv's date.
 */
static int entry_date(const ream_paper *p, int *month, int *day)
{
	const char *d = ream_paper_get(p, REAM_F_DATE);
	int year = ream_paper_year(p);

	if (!d)
		d = ream_paper_get(p, REAM_F_CREATED);
	*month = *day = 0;
	if (year && d && strlen(d) >= 7 && d[4] == '-' &&
	    d[5] >= '0' && d[5] <= '1' && d[6] >= '0' && d[6] <= '9') {
		int m = (d[5] - '0') * 10 + (d[6] - '0');

		if (m >= 1 && m <= 12)
			*month = m;
		if (*month && strlen(d) == 10 && d[7] == '-' &&
		    d[8] >= '0' && d[8] <= '3' && d[9] >= '0' && d[9] <= '9')
			*day = (d[8] - '0') * 10 + (d[9] - '0');
	}
	return year;
}

/*
 * The year field: the year of the date, or the year as the file gave it
 * (extra field year: "2020a", "1993--1994") when it says the same year.
 */
static void add_year(int *rc, ream_buf *b, const ream_paper *p, int year,
		     int flags)
{
	const char *y = extra(p, "year");

	if (y && atoi(y) == year && y[0] >= '0' && y[0] <= '9')
		add_field_raw(rc, b, p, "year", "year", y, REAM_ENC_TEXT, flags);
	else
		ream_buf_printf(rc, b, ",\n  year = {%d}", year);
}

/*
 * The eprint of an arXiv paper: the id, or as the file gave it (with its
 * version: raw.eprint) while that is still the paper's id and version.
 */
static const char *eprint_of(const ream_paper *p)
{
	const char *raw = ream_paper_get_extra(p, "raw.eprint");
	const char *id = ream_paper_get(p, REAM_F_ARXIV);
	const char *v = ream_paper_get(p, REAM_F_ARXIV_VERSION);
	char parsed[64];
	int version;

	if (raw && ream_id_parse(raw, strlen(raw), parsed, sizeof parsed,
				 &version) == REAM_ID_ARXIV &&
	    !strcmp(parsed, id) && version == (v ? atoi(v) : 0))
		return raw;
	return id;
}

/*
 * The title without the subtitle and titleaddon the reader put after it
 * ("Title: Subtitle. Addon"), when the paper has them as extra fields:
 * they are written as fields of their own. Points into p, or into t.
 */
static const char *own_title(int *rc, const ream_paper *p, ream_buf *t)
{
	static const struct {
		const char *name, *sep;
	} parts[] = { { "titleaddon", ". " }, { "subtitle", ": " } };
	const char *title = ream_paper_get(p, REAM_F_TITLE), *v;
	size_t i, n, m, k;

	if (!title)
		return NULL;
	n = strlen(title);
	for (i = 0; i < COUNT(parts); i++) {
		if (!(v = extra(p, parts[i].name)))
			continue;
		m = strlen(v);
		k = strlen(parts[i].sep);
		if (n > m + k && !memcmp(title + n - m, v, m) &&
		    !memcmp(title + n - m - k, parts[i].sep, k))
			n -= m + k;
	}
	if (n == strlen(title))
		return title;
	ream_buf_add(rc, t, title, n);
	return *rc == REAM_OK ? t->s : title;
}

/* Appends the entry for p. */
static void add_entry(int *rc, ream_buf *b, const ream_paper *p, int flags)
{
	const char *type = entry_type(p), *std = standard_type(p);
	const char *venue = ream_paper_get(p, REAM_F_VENUE);
	const char *arxiv = ream_paper_get(p, REAM_F_ARXIV);
	/* the venue of a part of a book, or of a book, is a book's title */
	int in = !strcmp(std, "inproceedings") || !strcmp(std, "incollection") ||
		 !strcmp(std, "conference") || !strcmp(std, "inbook") ||
		 !strcmp(std, "book") || !strcmp(std, "proceedings");
	int month, day, year = entry_date(p, &month, &day);
	size_t start = b->n, mark;
	const char *title, *volume = ream_paper_get(p, REAM_F_VOLUME);
	/* the types whose volume and number the standard styles take for a
	 * volume and a number of a series, one or the other */
	int book = !strcmp(type, "book") || !strcmp(type, "inbook") ||
		   !strcmp(type, "incollection") ||
		   !strcmp(type, "inproceedings") ||
		   !strcmp(type, "conference") || !strcmp(type, "proceedings");
	ream_buf t = { 0 };

	ream_buf_printf(rc, b, "@%s{", type);
	add_key(rc, b, p, (flags & REAM_EXPORT_ASCII) != 0);
	title = own_title(rc, p, &t);
	add_field_raw(rc, b, p, "title", "title", title, REAM_ENC_TITLE, flags);
	ream_buf_free(&t);
	add_authors(rc, b, p, flags);
	if (!author_field(p) && !extra(p, "key")) {
		/* styles sort by the key field when there is no author */
		ream_buf_adds(rc, b, ",\n  key = {");
		mark = b->n;
		add_key(rc, b, p, (flags & REAM_EXPORT_ASCII) != 0);
		ream_buf_addc(rc, b, '}');
		if (*rc == REAM_OK && b->n == mark + 1) {
			b->n = mark - strlen(",\n  key = {");
			b->s[b->n] = '\0';
		}
	}
	add_field_raw(rc, b, p, in ? "booktitle" : "journal", "venue", venue,
		      REAM_ENC_TEXT, flags);
	if (year) {
		add_year(rc, b, p, year, flags);
		if (month)
			ream_buf_printf(rc, b, ",\n  month = %s",
					months[month - 1]);
		if (day >= 1 && day <= 31)	/* biber makes it the date */
			ream_buf_printf(rc, b, ",\n  day = {%d}", day);
	}
	add_field_raw(rc, b, p, "volume", "volume", volume, REAM_ENC_TEXT,
		      flags);
	if (!book || (!volume && extra(p, "series")))
		add_field_raw(rc, b, p, "number", "number",
			      ream_paper_get(p, REAM_F_NUMBER), REAM_ENC_TEXT,
			      flags);
	add_field_raw(rc, b, p, "pages", "pages",
		      ream_paper_get(p, REAM_F_PAGES), REAM_ENC_PAGES, flags);
	add_field_raw(rc, b, p, "publisher", "publisher",
		      ream_paper_get(p, REAM_F_PUBLISHER), REAM_ENC_TEXT, flags);
	add_field(rc, b, "doi", ream_paper_get(p, REAM_F_DOI), REAM_ENC_RAW, flags);
	add_field(rc, b, "url", ream_paper_get(p, REAM_F_URL), REAM_ENC_RAW, flags);
	if (arxiv) {
		add_field(rc, b, "eprint", eprint_of(p), REAM_ENC_RAW, flags);
		ream_buf_adds(rc, b, ",\n  archivePrefix = {arXiv}");
		add_field(rc, b, "primaryClass",
			  ream_paper_get(p, REAM_F_PRIMARY_CAT), REAM_ENC_RAW, flags);
	}
	add_field_raw(rc, b, p, "comments", "comments",
		      ream_paper_get(p, REAM_F_COMMENTS), REAM_ENC_TEXT, flags);
	add_field_raw(rc, b, p, "keywords", "keywords",
		      ream_paper_get(p, REAM_F_KEYWORDS), REAM_ENC_TEXT, flags);
	add_extras(rc, b, start, p, flags, (!strcmp(type, "book") ||
					    !strcmp(type, "inbook")) &&
					   author_field(p),
		   strstr(type, "thesis") != NULL);
	if (!strcmp(type, "misc") && !has_field(b, start, "author") &&
	    !has_field(b, start, "title") && !has_field(b, start, "year") &&
	    !has_field(b, start, "howpublished") &&
	    !has_field(b, start, "note"))
		ream_buf_adds(rc, b, ",\n  note = {Untitled}");
	add_field_raw(rc, b, p, "abstract", "abstract",
		      ream_paper_get(p, REAM_F_ABSTRACT), REAM_ENC_TEXT, flags);
	ream_buf_adds(rc, b, "\n}\n\n");
}

/*
 * Writes p as one BibTeX entry through w, in one call. Returns w's value
 * when it is not zero, REAM_NOMEM when the entry could not be made.
 */
int ream_bibtex_write(const ream_paper *p, int flags, ream_write_fn w,
		      void *ud)
{
	ream_buf b = { 0 };
	int rc = REAM_OK;

	if (!p || !w)
		return REAM_ERROR;
	add_entry(&rc, &b, p, flags);
	if (rc == REAM_OK)
		rc = w(ud, b.s, b.n);
	ream_buf_free(&b);
	return rc;
}

