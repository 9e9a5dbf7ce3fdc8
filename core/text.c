/*
 * text.c: Unicode folding for matching, and TeX -> Unicode for display.
 *
 * Folding runs on every title and abstract at import, so it works one code
 * point at a time: ASCII directly, anything else through
 * utf8proc_decompose_char into a small stack buffer, the result gathered in
 * a stack chunk that is appended to the caller's buffer when full. It never
 * allocates but to grow that buffer.
 *
 * TeX decoding is one left-to-right pass without recursion: braces are
 * skipped, never descended into, and every step consumes input, so no input
 * can make it deep, slow or endless. Its output is put in Unicode NFC in
 * bounded chunks, which keeps even pathological runs of combining marks
 * linear.
 */
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "internal.h"

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* The length of the code point at p[0..n), at most 4 bytes; -1 if invalid. */
static utf8proc_ssize_t utf8_next(const char *p, size_t n,
				  utf8proc_int32_t *cp)
{
	return utf8proc_iterate((const utf8proc_uint8_t *)p,
				n < 4 ? (utf8proc_ssize_t)n : 4, cp);
}

/* ---- Folding ----------------------------------------------------------- */

/*
 * Letters that do not decompose, and typographic punctuation, spelled in
 * ASCII. Looked up after case folding, so lower case is enough; sorted by
 * code point for the binary search.
 */
static const struct translit {
	utf8proc_int32_t cp;
	char to[3];
} translits[] = {
	{0x00DF, "ss"},	/* ß */
	{0x00E6, "ae"},	/* æ */
	{0x00F0, "d"},	/* ð */
	{0x00F8, "o"},	/* ø */
	{0x00FE, "th"},	/* þ */
	{0x0111, "d"},	/* đ */
	{0x0127, "h"},	/* ħ */
	{0x0131, "i"},	/* ı */
	{0x0138, "q"},	/* ĸ */
	{0x0142, "l"},	/* ł */
	{0x014B, "n"},	/* ŋ */
	{0x0153, "oe"},	/* œ */
	{0x0167, "t"},	/* ŧ */
	{0x0180, "b"},	/* ƀ */
	{0x0183, "b"},	/* ƃ */
	{0x0188, "c"},	/* ƈ */
	{0x018C, "d"},	/* ƌ */
	{0x0192, "f"},	/* ƒ */
	{0x0199, "k"},	/* ƙ */
	{0x019A, "l"},	/* ƚ */
	{0x019E, "n"},	/* ƞ */
	{0x01A5, "p"},	/* ƥ */
	{0x01AB, "t"},	/* ƫ */
	{0x01AD, "t"},	/* ƭ */
	{0x01B4, "y"},	/* ƴ */
	{0x01B6, "z"},	/* ƶ */
	{0x01E5, "g"},	/* ǥ */
	{0x0221, "d"},	/* ȡ */
	{0x0234, "l"},	/* ȴ */
	{0x0235, "n"},	/* ȵ */
	{0x0236, "t"},	/* ȶ */
	{0x0237, "j"},	/* ȷ */
	{0x023C, "c"},	/* ȼ */
	{0x023F, "s"},	/* ȿ */
	{0x0240, "z"},	/* ɀ */
	{0x0247, "e"},	/* ɇ */
	{0x0249, "j"},	/* ɉ */
	{0x024B, "q"},	/* ɋ */
	{0x024D, "r"},	/* ɍ */
	{0x024F, "y"},	/* ɏ */
	{0x0253, "b"},	/* ɓ */
	{0x0256, "d"},	/* ɖ */
	{0x0257, "d"},	/* ɗ */
	{0x0260, "g"},	/* ɠ */
	{0x0268, "i"},	/* ɨ */
	{0x026B, "l"},	/* ɫ */
	{0x026C, "l"},	/* ɬ */
	{0x0272, "n"},	/* ɲ */
	{0x0273, "n"},	/* ɳ */
	{0x0275, "o"},	/* ɵ */
	{0x027D, "r"},	/* ɽ */
	{0x0282, "s"},	/* ʂ */
	{0x0288, "t"},	/* ʈ */
	{0x0289, "u"},	/* ʉ */
	{0x028B, "v"},	/* ʋ */
	{0x0290, "z"},	/* ʐ */
	{0x0291, "z"},	/* ʑ */
	{0x1E9E, "ss"},	/* ẞ (case folding already gives ss) */
	{0x2010, "-"},	/* hyphen */
	{0x2011, "-"},	/* non-breaking hyphen */
	{0x2012, "-"},	/* figure dash */
	{0x2013, "-"},	/* en dash */
	{0x2014, "-"},	/* em dash */
	{0x2015, "-"},	/* horizontal bar */
	{0x2018, "'"},	/* ‘ */
	{0x2019, "'"},	/* ’ */
	{0x201A, "'"},	/* ‚ */
	{0x201B, "'"},	/* ‛ */
	{0x201C, "\""},	/* “ */
	{0x201D, "\""},	/* ” */
	{0x201E, "\""},	/* „ */
	{0x201F, "\""},	/* ‟ */
	{0x2032, "'"},	/* prime */
	{0x2212, "-"},	/* minus sign */
};

/* The ASCII spelling of cp, or NULL when it has none. */
static const char *translit_find(utf8proc_int32_t cp)
{
	size_t lo = 0, hi = sizeof translits / sizeof translits[0], mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (translits[mid].cp == cp)
			return translits[mid].to;
		if (translits[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* What a sink keeps of the folded code points. */
enum { SINK_FOLD, SINK_ASCII, SINK_WORDS };

/*
 * The end of the folding pipeline: takes folded code points one at a time
 * and gathers what its mode keeps in out, which goes to b when nearly full.
 */
typedef struct sink {
	int *rc;
	ream_buf *b;
	int mode;
	int gap;	/* words: a non-word code point since the last word */
	int any;	/* words: a word was written */
	size_t n;	/* bytes used in out */
	char out[1024];
} sink;

static void sink_flush(sink *k)
{
	if (k->n)
		ream_buf_add(k->rc, k->b, k->out, k->n);
	k->n = 0;
}

/* 1 for a letter or a number (Unicode categories L* and N*). */
static int is_word_char(utf8proc_int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

static void sink_put(sink *k, utf8proc_int32_t cp)
{
	if (k->n + 8 > sizeof k->out)
		sink_flush(k);
	switch (k->mode) {
	case SINK_ASCII:
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			k->out[k->n++] = (char)cp;
		return;
	case SINK_WORDS:
		if (!is_word_char(cp)) {
			k->gap = 1;
			return;
		}
		if (k->gap && k->any)
			k->out[k->n++] = ' ';
		k->gap = 0;
		k->any = 1;
		break;
	default:
		break;
	}
	if (cp < 0x80)
		k->out[k->n++] = (char)cp;
	else
		k->n += (size_t)utf8proc_encode_char(cp,
			(utf8proc_uint8_t *)k->out + k->n);
}

/* Passes on cp, or its ASCII spelling when it has one. */
static void sink_put_translit(sink *k, utf8proc_int32_t cp)
{
	const char *to = cp < 0x80 ? NULL : translit_find(cp);

	if (!to) {
		sink_put(k, cp);
		return;
	}
	while (*to)
		sink_put(k, (unsigned char)*to++);
}

#define FOLD_OPTIONS (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | \
	UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)
#define FOLD_MAX 64	/* the longest NFKD of one code point is 18 */

/* Folds one non-ASCII code point into k. */
static void fold_char(sink *k, utf8proc_int32_t cp)
{
	utf8proc_int32_t d[FOLD_MAX];
	utf8proc_ssize_t m, j;

	m = utf8proc_decompose_char(cp, d, FOLD_MAX, FOLD_OPTIONS, NULL);
	if (m < 0 || m > FOLD_MAX) {
		sink_put_translit(k, cp);
		return;
	}
	for (j = 0; j < m; j++)
		sink_put_translit(k, d[j]);
}

/* Folds s[0..n) into k's buffer; see ream_text_fold. */
static void fold(sink *k, const char *s, size_t n, int *bad)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t len;
	size_t i = 0;

	if (*k->rc != REAM_OK)
		return;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c + ('a' - 'A'));
			sink_put(k, c);
			i++;
			continue;
		}
		len = utf8_next(s + i, n - i, &cp);
		if (len <= 0) {
			sink_put(k, 0xFFFD);
			if (bad)
				*bad = 1;
			i++;
			continue;
		}
		fold_char(k, cp);
		i += (size_t)len;
	}
	sink_flush(k);
}

/*
 * Besides what internal.h says: default ignorable code points (soft hyphen,
 * zero-width joiners) are dropped, and typographic quotes, dashes and the
 * minus sign become ' " and -, so "Müller–Effect" folds like
 * "Muller-Effect". Scripts other than Latin keep their letters, case
 * folded and without marks.
 */
void ream_text_fold(int *rc, ream_buf *b, const char *s, size_t n, int *bad)
{
	sink k;

	k.rc = rc;
	k.b = b;
	k.mode = SINK_FOLD;
	k.gap = k.any = 0;
	k.n = 0;
	fold(&k, s, n, bad);
}

/* Invalid UTF-8 is dropped (its U+FFFD is not ASCII). */
void ream_text_ascii(int *rc, ream_buf *b, const char *s, size_t n)
{
	sink k;

	k.rc = rc;
	k.b = b;
	k.mode = SINK_ASCII;
	k.gap = k.any = 0;
	k.n = 0;
	fold(&k, s, n, NULL);
}

/*
 * A word is a run of letters and numbers by Unicode category (L*, N*);
 * everything else, invalid UTF-8 included, separates words. Apostrophes
 * separate too: "don't" gives "don t".
 */
void ream_text_words(int *rc, ream_buf *b, const char *s, size_t n)
{
	sink k;

	k.rc = rc;
	k.b = b;
	k.mode = SINK_WORDS;
	k.gap = k.any = 0;
	k.n = 0;
	fold(&k, s, n, NULL);
}

/* ---- NFC --------------------------------------------------------------- */

/*
 * Text is composed in chunks: a chunk ends before an ASCII byte (no
 * composition or reordering crosses one), or, in a run without ASCII, before
 * a starter once NFC_SOFT bytes long, or anywhere at NFC_HARD bytes. utf8proc
 * orders combining marks by bubble sort, so the chunk bound is what keeps
 * the whole linear.
 */
#define NFC_SOFT 128
#define NFC_HARD 256
#define NFC_BUF 1024	/* > 3 code points a byte of NFC_HARD + 4 */
#define NFC_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE)

/* Appends s[0..n) to b in NFC (valid UTF-8 only), or as is when !need. */
static void nfc_chunk(int *rc, ream_buf *b, const char *s, size_t n, int need)
{
	utf8proc_int32_t buf[NFC_BUF];
	utf8proc_ssize_t m;

	if (!n)
		return;
	if (need) {
		m = utf8proc_decompose((const utf8proc_uint8_t *)s,
				       (utf8proc_ssize_t)n, buf, NFC_BUF - 1,
				       NFC_OPTIONS);
		if (m >= 0 && m < NFC_BUF)
			m = utf8proc_reencode(buf, m, NFC_OPTIONS);
		else
			m = -1;
		if (m >= 0) {
			ream_buf_add(rc, b, (const char *)buf, (size_t)m);
			return;
		}
	}
	ream_buf_add(rc, b, s, n);
}

/* 1 when nothing before cp can compose with it or reorder past it. */
static int is_starter(utf8proc_int32_t cp)
{
	if (cp >= 0x1161 && cp <= 0x11C2)	/* Hangul vowel and final jamo */
		return 0;
	return utf8proc_get_property(cp)->combining_class == 0;
}

/*
 * Appends s[0..n) to b in Unicode NFC. Invalid UTF-8 bytes are copied as
 * they are and split the text around them.
 */
static void nfc_add(int *rc, ream_buf *b, const char *s, size_t n)
{
	size_t i = 0, start = 0, prev = 0;
	utf8proc_int32_t cp;
	utf8proc_ssize_t len;
	int need = 0;	/* s[start..i) may not be in NFC */

	while (i < n && *rc == REAM_OK) {
		if ((unsigned char)s[i] < 0x80) {
			if (need) {
				nfc_chunk(rc, b, s + start, i - start, 1);
				start = i;
				need = 0;
			}
			prev = i++;
			continue;
		}
		len = utf8_next(s + i, n - i, &cp);
		if (len <= 0) {
			nfc_chunk(rc, b, s + start, i - start, need);
			ream_buf_add(rc, b, s + i, 1);
			start = prev = ++i;
			need = 0;
			continue;
		}
		if (need && (i - start >= NFC_HARD ||
			     (i - start >= NFC_SOFT && is_starter(cp)))) {
			nfc_chunk(rc, b, s + start, i - start, 1);
			start = prev = i;
			need = 0;
		}
		if (!need && cp >= 0x300) {
			/* Below U+0300 all is NFC; the previous code point
			 * may compose with this one, so it starts the chunk. */
			ream_buf_add(rc, b, s + start, prev - start);
			start = prev;
			need = 1;
		}
		prev = i;
		i += (size_t)len;
	}
	nfc_chunk(rc, b, s + start, n - start, need);
}

/* ---- TeX --------------------------------------------------------------- */

/*
 * Accents, by the one character of their command (\" or \v), with their
 * combining mark and what is written when they have nothing to sit on
 * (\~{} is a tilde).
 */
static const struct accent {
	char name;
	utf8proc_int32_t mark;
	const char *alone;
} accents[] = {
	{'`', 0x0300, "`"},
	{'\'', 0x0301, "´"},
	{'^', 0x0302, "^"},
	{'~', 0x0303, "~"},
	{'=', 0x0304, "¯"},
	{'u', 0x0306, "˘"},
	{'.', 0x0307, "˙"},
	{'"', 0x0308, "¨"},
	{'r', 0x030A, "˚"},
	{'H', 0x030B, "˝"},
	{'v', 0x030C, "ˇ"},
	{'d', 0x0323, "."},
	{'c', 0x0327, "¸"},
	{'k', 0x0328, "˛"},
	{'b', 0x0331, "ˍ"},
	{'t', 0x0361, "⁀"},
};

/* The index in accents[] of the accent called c, or -1. */
static int accent_find(char c)
{
	size_t i;

	for (i = 0; i < sizeof accents / sizeof accents[0]; i++)
		if (accents[i].name == c)
			return (int)i;
	return -1;
}

enum {
	CMD_TEXT,	/* a letter or symbol: its text */
	CMD_DROP,	/* formatting: dropped, its argument kept as text */
	CMD_SPACE,	/* a space */
	CMD_URL		/* \url: its argument kept verbatim */
};

#define CMD(name, kind, text) {name, sizeof name - 1, kind, text}

static const struct command {
	const char *name;
	size_t len;
	int kind;
	const char *text;
} commands[] = {
	CMD("AA", CMD_TEXT, "Å"),
	CMD("aa", CMD_TEXT, "å"),
	CMD("AE", CMD_TEXT, "Æ"),
	CMD("ae", CMD_TEXT, "æ"),
	CMD("DH", CMD_TEXT, "Ð"),
	CMD("dh", CMD_TEXT, "ð"),
	CMD("DJ", CMD_TEXT, "Đ"),
	CMD("dj", CMD_TEXT, "đ"),
	CMD("i", CMD_TEXT, "ı"),
	CMD("j", CMD_TEXT, "ȷ"),
	CMD("L", CMD_TEXT, "Ł"),
	CMD("l", CMD_TEXT, "ł"),
	CMD("NG", CMD_TEXT, "Ŋ"),
	CMD("ng", CMD_TEXT, "ŋ"),
	CMD("O", CMD_TEXT, "Ø"),
	CMD("o", CMD_TEXT, "ø"),
	CMD("OE", CMD_TEXT, "Œ"),
	CMD("oe", CMD_TEXT, "œ"),
	CMD("SS", CMD_TEXT, "SS"),
	CMD("ss", CMD_TEXT, "ß"),
	CMD("TH", CMD_TEXT, "Þ"),
	CMD("th", CMD_TEXT, "þ"),

	CMD("textendash", CMD_TEXT, "–"),
	CMD("textemdash", CMD_TEXT, "—"),
	CMD("textquoteleft", CMD_TEXT, "‘"),
	CMD("textquoteright", CMD_TEXT, "’"),
	CMD("textquotedblleft", CMD_TEXT, "“"),
	CMD("textquotedblright", CMD_TEXT, "”"),
	CMD("textquotedbl", CMD_TEXT, "\""),
	CMD("textasciitilde", CMD_TEXT, "~"),
	CMD("textasciicircum", CMD_TEXT, "^"),
	CMD("textbackslash", CMD_TEXT, "\\"),
	CMD("textunderscore", CMD_TEXT, "_"),
	CMD("textbar", CMD_TEXT, "|"),
	CMD("textless", CMD_TEXT, "<"),
	CMD("textgreater", CMD_TEXT, ">"),
	CMD("textbraceleft", CMD_TEXT, "{"),
	CMD("textbraceright", CMD_TEXT, "}"),
	CMD("textdollar", CMD_TEXT, "$"),
	CMD("textslash", CMD_TEXT, "/"),
	CMD("slash", CMD_TEXT, "/"),
	CMD("dots", CMD_TEXT, "…"),
	CMD("ldots", CMD_TEXT, "…"),
	CMD("textellipsis", CMD_TEXT, "…"),
	CMD("textbullet", CMD_TEXT, "•"),
	CMD("textperiodcentered", CMD_TEXT, "·"),
	CMD("textdegree", CMD_TEXT, "°"),
	CMD("textperthousand", CMD_TEXT, "‰"),
	CMD("textregistered", CMD_TEXT, "®"),
	CMD("texttrademark", CMD_TEXT, "™"),
	CMD("textcopyright", CMD_TEXT, "©"),
	CMD("copyright", CMD_TEXT, "©"),
	CMD("textsterling", CMD_TEXT, "£"),
	CMD("pounds", CMD_TEXT, "£"),
	CMD("texteuro", CMD_TEXT, "€"),
	CMD("textsection", CMD_TEXT, "§"),
	CMD("S", CMD_TEXT, "§"),
	CMD("textparagraph", CMD_TEXT, "¶"),
	CMD("P", CMD_TEXT, "¶"),
	CMD("textdagger", CMD_TEXT, "†"),
	CMD("dag", CMD_TEXT, "†"),
	CMD("textdaggerdbl", CMD_TEXT, "‡"),
	CMD("ddag", CMD_TEXT, "‡"),
	CMD("guillemotleft", CMD_TEXT, "«"),
	CMD("guillemotright", CMD_TEXT, "»"),
	CMD("guillemetleft", CMD_TEXT, "«"),
	CMD("guillemetright", CMD_TEXT, "»"),
	CMD("textexclamdown", CMD_TEXT, "¡"),
	CMD("textquestiondown", CMD_TEXT, "¿"),
	CMD("TeX", CMD_TEXT, "TeX"),
	CMD("LaTeX", CMD_TEXT, "LaTeX"),
	CMD("LaTeXe", CMD_TEXT, "LaTeX2e"),
	CMD("BibTeX", CMD_TEXT, "BibTeX"),

	CMD("emph", CMD_DROP, NULL),
	CMD("textit", CMD_DROP, NULL),
	CMD("textbf", CMD_DROP, NULL),
	CMD("textsc", CMD_DROP, NULL),
	CMD("texttt", CMD_DROP, NULL),
	CMD("textrm", CMD_DROP, NULL),
	CMD("textsf", CMD_DROP, NULL),
	CMD("textsl", CMD_DROP, NULL),
	CMD("textmd", CMD_DROP, NULL),
	CMD("textup", CMD_DROP, NULL),
	CMD("textnormal", CMD_DROP, NULL),
	CMD("textsuperscript", CMD_DROP, NULL),
	CMD("textsubscript", CMD_DROP, NULL),
	CMD("mbox", CMD_DROP, NULL),
	CMD("em", CMD_DROP, NULL),
	CMD("it", CMD_DROP, NULL),
	CMD("bf", CMD_DROP, NULL),
	CMD("sc", CMD_DROP, NULL),
	CMD("tt", CMD_DROP, NULL),
	CMD("rm", CMD_DROP, NULL),
	CMD("sf", CMD_DROP, NULL),
	CMD("sl", CMD_DROP, NULL),
	CMD("itshape", CMD_DROP, NULL),
	CMD("bfseries", CMD_DROP, NULL),
	CMD("scshape", CMD_DROP, NULL),
	CMD("ttfamily", CMD_DROP, NULL),
	CMD("rmfamily", CMD_DROP, NULL),
	CMD("sffamily", CMD_DROP, NULL),
	CMD("upshape", CMD_DROP, NULL),
	CMD("slshape", CMD_DROP, NULL),
	CMD("mdseries", CMD_DROP, NULL),
	CMD("normalfont", CMD_DROP, NULL),
	CMD("relax", CMD_DROP, NULL),
	CMD("protect", CMD_DROP, NULL),
	CMD("xspace", CMD_DROP, NULL),

	CMD("quad", CMD_SPACE, NULL),
	CMD("qquad", CMD_SPACE, NULL),
	CMD("space", CMD_SPACE, NULL),
	CMD("enspace", CMD_SPACE, NULL),
	CMD("thinspace", CMD_SPACE, NULL),
	CMD("nobreakspace", CMD_SPACE, NULL),
	CMD("newline", CMD_SPACE, NULL),
	CMD("linebreak", CMD_SPACE, NULL),
	CMD("par", CMD_SPACE, NULL),

	CMD("url", CMD_URL, NULL),
};

/* The command called name[0..n), or NULL. */
static const struct command *command_find(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (commands[i].len == n && !memcmp(commands[i].name, name, n))
			return &commands[i];
	return NULL;
}

#define TEX_MARKS 4	/* accents waiting for a letter; more are dropped */

/* A decoding in progress: the text so far, before NFC. */
typedef struct tex {
	int *rc;
	ream_buf out;
	int space;	/* white space since the last thing written */
	int sep;	/* the last thing written was an unknown command */
	int nmarks;
	unsigned char marks[TEX_MARKS];	/* pending accents, in accents[] */
} tex;

/*
 * Writes s[0..n), preceded by the pending space unless at the start, and by
 * a space when it would otherwise run into an unknown command's name.
 */
static void tex_put(tex *t, const char *s, size_t n)
{
	if (!n)
		return;
	if (t->out.n && (t->space || (t->sep &&
	    (is_alpha((unsigned char)s[0]) || (unsigned char)s[0] >= 0x80))))
		ream_buf_addc(t->rc, &t->out, ' ');
	t->space = t->sep = 0;
	ream_buf_add(t->rc, &t->out, s, n);
}

/* Writes s[0..n) followed by the pending accents, innermost first. */
static void tex_base(tex *t, const char *s, size_t n)
{
	utf8proc_uint8_t mark[4];
	utf8proc_ssize_t len;

	tex_put(t, s, n);
	while (t->nmarks > 0) {
		t->nmarks--;
		len = utf8proc_encode_char(accents[t->marks[t->nmarks]].mark,
					   mark);
		ream_buf_add(t->rc, &t->out, (const char *)mark, (size_t)len);
	}
}

/* Writes the pending accents that found no letter, as spacing accents. */
static void tex_flush(tex *t)
{
	int i;

	for (i = 0; i < t->nmarks; i++) {
		const char *alone = accents[t->marks[i]].alone;

		tex_put(t, alone, strlen(alone));
	}
	t->nmarks = 0;
}

static void tex_mark(tex *t, int accent)
{
	if (t->nmarks < TEX_MARKS)
		t->marks[t->nmarks++] = (unsigned char)accent;
}

/* Writes s[0..n) as it is but for its white space, which collapses. */
static void tex_verbatim(tex *t, const char *s, size_t n)
{
	size_t i = 0, j;

	while (i < n) {
		if (is_space((unsigned char)s[i])) {
			t->space = 1;
			i++;
			continue;
		}
		for (j = i; j < n && !is_space((unsigned char)s[j]); j++)
			;
		tex_put(t, s + i, j - i);
		i = j;
	}
}

static size_t skip_space(const char *s, size_t n, size_t i)
{
	while (i < n && is_space((unsigned char)s[i]))
		i++;
	return i;
}

/*
 * Copies the math that opens at s[i] ($, $$, \( or \[) up to its end, both
 * delimiters included, or to the end of the input when it does not close.
 * A backslash escapes the next character (\$ does not close). Returns where
 * the text goes on.
 */
static size_t tex_math(tex *t, const char *s, size_t n, size_t i)
{
	size_t open = 1, j;
	char close = '$';

	if (s[i] == '\\') {
		open = 2;
		close = s[i + 1] == '(' ? ')' : ']';
	} else if (i + 1 < n && s[i + 1] == '$') {
		open = 2;
	}
	for (j = i + open; j < n; j++) {
		if (s[j] == '\\' && j + 1 < n) {
			j++;
			if (close != '$' && s[j] == close) {
				tex_verbatim(t, s + i, j + 1 - i);
				return j + 1;
			}
		} else if (close == '$' && s[j] == '$' &&
			   (open == 1 || (j + 1 < n && s[j + 1] == '$'))) {
			tex_verbatim(t, s + i, j + open - i);
			return j + open;
		}
	}
	tex_verbatim(t, s + i, n - i);
	return n;
}

/*
 * Copies the argument of \url, whose { is at s[i], verbatim up to its
 * matching }, and returns the index after it (or n when unclosed).
 */
static size_t tex_url(tex *t, const char *s, size_t n, size_t i)
{
	size_t depth = 1, j;

	for (j = i + 1; j < n; j++) {
		if (s[j] == '\\' && j + 1 < n) {
			j++;
		} else if (s[j] == '{') {
			depth++;
		} else if (s[j] == '}' && --depth == 0) {
			tex_verbatim(t, s + i + 1, j - i - 1);
			return j + 1;
		}
	}
	tex_verbatim(t, s + i + 1, n - i - 1);
	return n;
}

/*
 * Decodes the control symbol (backslash and one non-letter) at s[i], which
 * has a character after the backslash. Returns where the text goes on.
 */
static size_t tex_symbol(tex *t, const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i + 1];
	int a = accent_find((char)c);

	if (a >= 0) {
		tex_mark(t, a);
		return i + 2;
	}
	switch (c) {
	case '&': case '%': case '$': case '#': case '_': case '{': case '}':
		tex_base(t, s + i + 1, 1);
		return i + 2;
	case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
	case '\\': case ',': case ';': case ':': case '>':
		tex_flush(t);
		t->space = 1;
		return i + 2;
	case '-': case '/': case '@': case '!':
		return i + 2;	/* hyphenation hint, italic correction... */
	case '(': case '[':
		tex_flush(t);
		return tex_math(t, s, n, i);
	}
	tex_flush(t);
	if (c >= 0x80) {	/* a backslash before a UTF-8 character */
		tex_put(t, s + i, 1);
		return i + 1;
	}
	tex_put(t, s + i, 2);
	return i + 2;
}

/* Decodes the command at s[i] (a backslash). Returns where text goes on. */
static size_t tex_command(tex *t, const char *s, size_t n, size_t i)
{
	const struct command *cmd;
	size_t j = i + 1, k;
	int a;

	if (j == n) {
		tex_flush(t);
		tex_put(t, s + i, 1);
		return n;
	}
	if (!is_alpha((unsigned char)s[j]))
		return tex_symbol(t, s, n, i);
	for (k = j; k < n && is_alpha((unsigned char)s[k]); k++)
		;
	if (k - j == 1 && (a = accent_find(s[j])) >= 0) {
		tex_mark(t, a);
		return k;
	}
	cmd = command_find(s + j, k - j);
	if (!cmd) {	/* kept as written, so nothing is lost */
		tex_flush(t);
		tex_put(t, s + i, k - i);
		t->sep = 1;
		return k;
	}
	switch (cmd->kind) {
	case CMD_TEXT:
		if (t->nmarks && k - j == 1 && (s[j] == 'i' || s[j] == 'j'))
			tex_base(t, s + j, 1);	/* \'{\i}: the accent
						 * takes the dot's place */
		else
			tex_base(t, cmd->text, strlen(cmd->text));
		break;
	case CMD_SPACE:
		tex_flush(t);
		t->space = 1;
		break;
	case CMD_URL:
		k = skip_space(s, n, k);
		if (k < n && s[k] == '{') {
			tex_flush(t);
			return tex_url(t, s, n, k);
		}
		return k;
	default:
		break;
	}
	return skip_space(s, n, k);	/* as TeX does after a control word */
}

/* 1 for the bytes that are not plain text to TeX. */
static int tex_special(unsigned char c)
{
	switch (c) {
	case '\\': case '{': case '}': case '$': case '~': case '-': case '`':
	case '\'':
		return 1;
	default:
		return is_space(c);
	}
}

/*
 * Writes the plain text at s[i]: one character when accents wait for it,
 * else the whole run up to the next special byte. Invalid UTF-8 goes
 * through as it is.
 */
static size_t tex_text(tex *t, const char *s, size_t n, size_t i)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t len;
	size_t j;

	if (t->nmarks) {
		len = (unsigned char)s[i] < 0x80 ? 1 : utf8_next(s + i, n - i,
								   &cp);
		if (len <= 0)
			len = 1;
		tex_base(t, s + i, (size_t)len);
		return i + (size_t)len;
	}
	for (j = i + 1; j < n && !tex_special((unsigned char)s[j]); j++)
		;
	tex_put(t, s + i, j - i);
	return j;
}

/*
 * Besides what internal.h says: ~ becomes a plain space (better for search
 * than a no-break space), \\ and \, a space; `` and '' become “ and ”,
 * single quotes stay as they are; \SS gives "SS" as LaTeX prints it. An
 * unknown command (\foo, \alpha outside math) is kept as written, with a
 * space before a letter that follows it so it does not run on; an accent
 * with nothing to sit on (\~{}) gives the spacing accent (~). \url's
 * argument is kept verbatim; math ($...$, $$...$$, \(...\), \[...\]) is
 * copied with its delimiters, only its white space collapsed. % is a
 * percent sign, not a comment. Invalid UTF-8 goes through unchanged.
 */
void ream_tex_decode(int *rc, ream_buf *b, const char *s, size_t n)
{
	tex t;
	size_t i = 0;

	if (*rc != REAM_OK)
		return;
	memset(&t, 0, sizeof t);
	t.rc = rc;
	while (i < n && *rc == REAM_OK) {
		unsigned char c = (unsigned char)s[i];

		if (is_space(c)) {
			if (!t.nmarks)	/* \" o: the accent's argument */
				t.space = 1;
			i++;
			continue;
		}
		switch (c) {
		case '\\':
			i = tex_command(&t, s, n, i);
			break;
		case '{':
			i++;
			break;
		case '}':
			tex_flush(&t);
			i++;
			break;
		case '$':
			tex_flush(&t);
			i = tex_math(&t, s, n, i);
			break;
		case '~':
			tex_flush(&t);
			t.space = 1;
			i++;
			break;
		case '-':
			if (i + 2 < n && s[i + 1] == '-' && s[i + 2] == '-') {
				tex_base(&t, "—", strlen("—"));
				i += 3;
			} else if (i + 1 < n && s[i + 1] == '-') {
				tex_base(&t, "–", strlen("–"));
				i += 2;
			} else {
				tex_base(&t, "-", 1);
				i++;
			}
			break;
		case '`':
		case '\'':
			if (i + 1 < n && s[i + 1] == (char)c) {
				tex_base(&t, c == '`' ? "“" : "”",
					 strlen("“"));
				i += 2;
			} else {
				tex_base(&t, s + i, 1);
				i++;
			}
			break;
		default:
			i = tex_text(&t, s, n, i);
			break;
		}
	}
	tex_flush(&t);
	if (t.out.n)
		nfc_add(rc, b, t.out.s, t.out.n);
	ream_buf_free(&t.out);
}
