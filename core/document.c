/*
 * document.c: the citation keys a document cites (ream_doc_keys).
 *
 * One scanner a syntax, reading the text from left to right. A construct
 * that turns out not to be one (an unclosed argument, a code span without
 * its closing backticks) either ends the scan where its reading stopped
 * (the end of its paragraph, usually) or read only text that cannot hold
 * the start of another; failed searches that could repeat are remembered.
 * So every byte is read a bounded number of times and the work is linear.
 * Every read is bounded by the length: ch() gives -1 past the end, and the
 * text may hold anything (NUL bytes, invalid UTF-8). Code (fenced blocks,
 * inline code, verbatim) and comments are skipped: citations there are not
 * citations.
 */
#include <string.h>

#include "internal.h"

typedef struct scan {
	const char *s;
	size_t n;
	size_t lpos;	/* lines are counted up to here */
	long line;	/* the line at lpos */
	ream_key_fn fn;
	void *ud;
} scan;

/* The byte at i, or -1 past the end. */
static int ch(const scan *sc, size_t i)
{
	return i < sc->n ? (unsigned char)sc->s[i] : -1;
}

/*
 * Reports the key s[at..at+len) with its line, unless it is empty or holds
 * a NUL byte (no key does). Keys are reported in the order of the text, so
 * the line count only moves forward.
 */
static int emit(scan *sc, size_t at, size_t len)
{
	const char *nl;

	if (len == 0 || memchr(sc->s + at, '\0', len))
		return 0;
	while (sc->lpos < at &&
	       (nl = memchr(sc->s + sc->lpos, '\n', at - sc->lpos))) {
		sc->line++;
		sc->lpos = (size_t)(nl - sc->s) + 1;
	}
	if (sc->lpos < at)
		sc->lpos = at;
	return sc->fn(sc->ud, sc->s + at, len, sc->line);
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Letters and digits, ASCII or any byte of a multi-byte UTF-8 sequence. */
static int is_word(int c)
{
	return is_alpha(c) || is_digit(c) || c >= 0x80;
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int is_space(int c)
{
	return is_blank(c) || c == '\n' || c == '\f' || c == '\v';
}

/* The position of the end of the line that holds i (its \n, or n). */
static size_t eol(const scan *sc, size_t i)
{
	const char *nl = i < sc->n ? memchr(sc->s + i, '\n', sc->n - i) : NULL;

	return nl ? (size_t)(nl - sc->s) : sc->n;
}

/* 1 when the \n at i is followed by a blank line (a paragraph break). */
static int para_break(const scan *sc, size_t i)
{
	size_t j = i + 1;

	while (is_blank(ch(sc, j)))
		j++;
	return ch(sc, j) == '\n' || ch(sc, j) == -1;
}

/* 1 when s[i..) starts with the ASCII string w. */
static int at_str(const scan *sc, size_t i, const char *w)
{
	size_t m = strlen(w);

	return i <= sc->n && sc->n - i >= m && memcmp(sc->s + i, w, m) == 0;
}

/* As at_str, ignoring ASCII case. */
static int at_str_nocase(const scan *sc, size_t i, const char *w)
{
	size_t k;

	for (k = 0; w[k]; k++) {
		int c = ch(sc, i + k);

		if (c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		if (c != w[k])
			return 0;
	}
	return 1;
}

/* 1 when the byte before i is not a letter or digit (or there is none). */
static int word_start(const scan *sc, size_t i)
{
	return i == 0 || !is_word((unsigned char)sc->s[i - 1]);
}

/*
 * Reports the keys of a list s[from..to) separated by sep: each trimmed of
 * white space, empty ones skipped. With strip, "{pre}key{post}" parts
 * (sphinxcontrib-bibtex) and a "(locator)" suffix (asciidoctor-bibtex) are
 * not part of the key.
 */
static int emit_list(scan *sc, size_t from, size_t to, int sep, int strip)
{
	size_t i = from;
	int rc;

	while (i < to) {
		size_t a = i, b, k;
		long depth = 0;

		/* a separator inside {pre}/{post} or (locator) is text */
		for (; i < to && (sc->s[i] != sep || depth > 0); i++) {
			if (!strip)
				continue;
			if (sc->s[i] == '{' || sc->s[i] == '(')
				depth++;
			else if ((sc->s[i] == '}' || sc->s[i] == ')') && depth)
				depth--;
		}
		b = i;
		while (a < b && is_space((unsigned char)sc->s[a]))
			a++;
		if (strip == '{' && a < b && sc->s[a] == '{') {
			while (a < b && sc->s[a] != '}')
				a++;
			if (a < b)
				a++;
		}
		if (strip) {
			for (k = a; k < b && sc->s[k] != strip; k++)
				;
			b = k;
		}
		while (a < b && is_space((unsigned char)sc->s[a]))
			a++;
		while (b > a && is_space((unsigned char)sc->s[b - 1]))
			b--;
		if ((rc = emit(sc, a, b - a)))
			return rc;
		i++;
	}
	return 0;
}

/* ---- LaTeX -------------------------------------------------------------- */

/*
 * 1 when \name (without its star) cites keys: its name holds "cite" in any
 * case, and it is not one of the few such commands whose argument is not a
 * key list.
 */
static int latex_is_cite(const char *s, size_t n)
{
	static const char *const not_keys[] = {
		"citetext", "citestyle", "citeindextype", "citereset", NULL
	};
	char low[32];
	size_t i;
	const char *const *w;

	if (n < 4 || n >= sizeof low)
		return 0;
	for (i = 0; i < n; i++)
		low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	low[n] = '\0';
	if (!strstr(low, "cite") || strncmp(low, "declare", 7) == 0)
		return 0;
	for (w = not_keys; *w; w++)
		if (strcmp(low, *w) == 0)
			return 0;
	return 1;
}

/* 1 for biblatex's multicite commands (\cites, \parencites...). */
static int latex_is_multi(const char *s, size_t n)
{
	return n >= 5 && (s[n - 5] == 'c' || s[n - 5] == 'C') &&
	       memcmp(s + n - 4, "ites", 4) == 0;
}

/*
 * Skips white space, comments and at most one line end between the parts
 * of a command (two line ends make a paragraph, which ends it).
 */
static size_t latex_skip_space(const scan *sc, size_t i)
{
	int nl = 0;

	for (;;) {
		int c = ch(sc, i);

		if (is_blank(c)) {
			i++;
		} else if (c == '\n' && !nl) {
			nl = 1;
			i++;
		} else if (c == '%') {
			i = eol(sc, i);
			if (ch(sc, i) == '\n')
				i++;
		} else {
			return i;
		}
	}
}

/*
 * Reads a command name at i (after its backslash); returns its end, i
 * itself when there is none.
 */
static size_t latex_name(const scan *sc, size_t i)
{
	while (is_alpha(ch(sc, i)))
		i++;
	return i;
}

/*
 * Reads an optional argument [..] or (..) opening at i, up to its closing
 * bracket outside braces. Returns 1 with *end after it, or 0 with *end
 * where reading stopped: the end, a paragraph break, a stray } or another
 * citation command (which the caller reads next).
 */
static int latex_opt(const scan *sc, size_t i, int close, size_t *end)
{
	long depth = 0;

	for (i++; i < sc->n; i++) {
		int c = ch(sc, i);

		if (c == '\\') {
			size_t e = latex_name(sc, i + 1);

			if (e > i + 1 && latex_is_cite(sc->s + i + 1, e - i - 1))
				break;
			i = e > i + 1 ? e - 1 : i + 1;
		} else if (c == '%') {
			i = eol(sc, i);
		} else if (c == '{') {
			depth++;
		} else if (c == '}') {
			if (depth == 0)
				break;
			depth--;
		} else if (c == close && depth == 0) {
			*end = i + 1;
			return 1;
		} else if (c == '\n' && para_break(sc, i)) {
			break;
		}
	}
	*end = i < sc->n ? i : sc->n;
	return 0;
}

/*
 * Reads a key list {a,b} whose brace is at i. Returns 1 with *end at its
 * closing brace, or 0 with *end where it stopped: keys hold no braces or
 * backslashes, and a paragraph ends it.
 */
static int latex_keys(const scan *sc, size_t i, size_t *end)
{
	for (i++; i < sc->n; i++) {
		int c = ch(sc, i);

		if (c == '}') {
			*end = i;
			return 1;
		}
		if (c == '{' || c == '\\' || (c == '\n' && para_break(sc, i)))
			break;
		if (c == '%')
			i = eol(sc, i) - 1;
	}
	*end = i < sc->n ? i : sc->n;
	return 0;
}

/*
 * Reports the keys of a list s[from..to): separated by commas, trimmed,
 * comments left out, and nocite's "*" skipped.
 */
static int latex_emit(scan *sc, size_t from, size_t to)
{
	size_t i, a = 0, b = 0;
	int have = 0, rc;

	for (i = from; i <= to; i++) {
		int c = i < to ? ch(sc, i) : ',';

		if (c == ',') {
			if (have && !(b - a == 1 && sc->s[a] == '*') &&
			    (rc = emit(sc, a, b - a)))
				return rc;
			have = 0;
		} else if (c == '%') {
			i = eol(sc, i);
			if (i >= to)
				i = to - 1;
		} else if (!is_space(c)) {
			if (!have)
				a = i;
			have = 1;
			b = i + 1;
		}
	}
	return 0;
}

/*
 * Reads the arguments of a citation command whose name ends at i: up to
 * two optional arguments and the key list, repeated for a multicite
 * command (which may also open with two (..) arguments). Sets *next to
 * where the main scan goes on, never before i.
 */
static int latex_cite(scan *sc, size_t i, int multi, size_t *next)
{
	size_t j, end;
	int k, rc;

	if (multi) {
		for (k = 0; k < 2; k++) {
			j = latex_skip_space(sc, i);
			if (ch(sc, j) != '(')
				break;
			if (!latex_opt(sc, j, ')', &end)) {
				*next = end;
				return 0;
			}
			i = end;
		}
	}
	for (;;) {
		for (k = 0; k < 2; k++) {
			j = latex_skip_space(sc, i);
			if (ch(sc, j) != '[')
				break;
			if (!latex_opt(sc, j, ']', &end)) {
				*next = end;
				return 0;
			}
			i = end;
		}
		j = latex_skip_space(sc, i);
		if (ch(sc, j) != '{') {
			*next = i;
			return 0;
		}
		if (!latex_keys(sc, j, &end)) {
			*next = end;
			return 0;
		}
		if ((rc = latex_emit(sc, j + 1, end)))
			return rc;
		i = end + 1;
		if (!multi)
			break;
		j = latex_skip_space(sc, i);
		if (ch(sc, j) != '[' && ch(sc, j) != '{')
			break;
	}
	*next = i;
	return 0;
}

/* Environments whose content is verbatim. */
static const char *const latex_verbatim[] = {
	"verbatim", "verbatim*", "Verbatim", "Verbatim*", "BVerbatim",
	"LVerbatim", "lstlisting", "minted", "comment", NULL
};

/*
 * At \begin whose name ends at i: when it opens a verbatim environment,
 * returns the position after its \end{...} (or the end of the text);
 * otherwise i.
 */
static size_t latex_skip_verbatim(const scan *sc, size_t i)
{
	const char *const *v;
	size_t j = i, k, m;

	while (is_blank(ch(sc, j)))
		j++;
	if (ch(sc, j) != '{')
		return i;
	j++;
	for (v = latex_verbatim; *v; v++) {
		m = strlen(*v);
		if (at_str(sc, j, *v) && ch(sc, j + m) == '}')
			break;
	}
	if (!*v)
		return i;
	for (k = j + m + 1; k < sc->n; k++)
		if (sc->s[k] == '\\' && at_str(sc, k + 1, "end{") &&
		    at_str(sc, k + 5, *v) && ch(sc, k + 5 + m) == '}')
			return k + 6 + m;
	return sc->n;
}

/* At \verb whose name ends at i: the position after its argument. */
static size_t latex_skip_verb(const scan *sc, size_t i)
{
	int d;

	if (ch(sc, i) == '*')
		i++;
	d = ch(sc, i);
	if (d < 0 || is_alpha(d) || is_space(d))
		return i;
	for (i++; i < sc->n; i++)
		if (sc->s[i] == d || sc->s[i] == '\n')
			return i + 1;
	return sc->n;
}

static int scan_latex(scan *sc)
{
	size_t i = 0;
	int rc;

	while (i < sc->n) {
		int c = ch(sc, i);
		size_t e;

		if (c == '%') {
			i = eol(sc, i);
			continue;
		}
		if (c != '\\') {
			i++;
			continue;
		}
		e = latex_name(sc, i + 1);
		if (e == i + 1) {	/* a control symbol: \% \\ \{ */
			i += 2;
			continue;
		}
		if (e - i - 1 == 5 && memcmp(sc->s + i + 1, "begin", 5) == 0) {
			i = latex_skip_verbatim(sc, e);
			continue;
		}
		if (e - i - 1 == 4 && memcmp(sc->s + i + 1, "verb", 4) == 0) {
			i = latex_skip_verb(sc, e);
			continue;
		}
		if (!latex_is_cite(sc->s + i + 1, e - i - 1)) {
			i = e;
			continue;
		}
		{
			int multi = latex_is_multi(sc->s + i + 1, e - i - 1);

			if (ch(sc, e) == '*')
				e++;
			if ((rc = latex_cite(sc, e, multi, &i)))
				return rc;
		}
	}
	return 0;
}

/* ---- Pandoc Markdown ---------------------------------------------------- */

/* Labels of Quarto and pandoc-crossref cross-references, not citations. */
static const char *const crossref_prefixes[] = {
	"fig-", "tbl-", "sec-", "eq-", "lst-", "thm-", "lem-", "cor-", "prp-",
	"cnj-", "def-", "exm-", "exr-", "sol-", "rem-", "fig:", "tbl:", "sec:",
	"eq:", "lst:", NULL
};

static int is_crossref(const scan *sc, size_t i)
{
	const char *const *p;

	for (p = crossref_prefixes; *p; p++)
		if (at_str(sc, i, *p))
			return 1;
	return 0;
}

/* Characters of a Pandoc key: letters, digits, _. */
static int pandoc_keychar(int c)
{
	return is_word(c) || c == '_';
}

/*
 * Reads a Pandoc citation key after the @ at i: @{key} (without white
 * space or @) or a plain key (punctuation inside only). Returns 1 with the
 * key's span, 0 for none.
 */
static int pandoc_key(const scan *sc, size_t i, size_t *a, size_t *b)
{
	size_t j = i + 1;

	if (ch(sc, j) == '{') {
		long depth = 1;

		for (j++; j < sc->n; j++) {
			int c = ch(sc, j);

			/* no @ inside, so no citation starts in a failed one */
			if (is_space(c) || c == '@')
				return 0;
			if (c == '{')
				depth++;
			else if (c == '}' && --depth == 0)
				break;
		}
		if (j >= sc->n || j == i + 2)
			return 0;
		*a = i + 2;
		*b = j;
		return 1;
	}
	if (!pandoc_keychar(ch(sc, j)))
		return 0;
	for (j++;;) {
		int c = ch(sc, j);

		if (pandoc_keychar(c))
			j++;
		else if (c > 0 && strchr(":.#$%&-+?<>~/", c) &&
			 pandoc_keychar(ch(sc, j + 1)))
			j += 2;
		else
			break;
	}
	*a = i + 1;
	*b = j;
	return 1;
}

/*
 * At a line start i: when a fenced code block (``` or ~~~, indented at
 * most three spaces) opens here, returns the position after its closing
 * fence (or the end); otherwise i.
 */
static size_t md_skip_fence(const scan *sc, size_t i)
{
	size_t j = i, run = 0, k;
	int f, ind = 0;

	while (ch(sc, j) == ' ' && ind < 3)
		j++, ind++;
	f = ch(sc, j);
	if (f != '`' && f != '~')
		return i;
	while (ch(sc, j + run) == f)
		run++;
	if (run < 3)
		return i;
	k = eol(sc, j + run);
	while (k < sc->n) {
		size_t r = 0, m;

		k++;		/* past the \n: a line start */
		ind = 0;
		while (ch(sc, k) == ' ' && ind < 3)
			k++, ind++;
		while (ch(sc, k + r) == f)
			r++;
		m = k + r;
		while (is_blank(ch(sc, m)))
			m++;
		if (r >= run && (ch(sc, m) == '\n' || ch(sc, m) == -1))
			return m;
		k = eol(sc, k);
	}
	return sc->n;
}

/* Inline code spans longer than this many backticks are not looked for. */
#define MD_MAX_TICKS 32

typedef struct md_state {
	/* no closing run of i backticks before nocode[i] */
	size_t nocode[MD_MAX_TICKS + 1];
	size_t nocomment;	/* no --> after here */
	int comment_none;
} md_state;

/*
 * At a run of backticks at i: when a run of as many closes it in the same
 * paragraph, returns the position after it; otherwise the position after
 * the run. A failed search is remembered, so no text is searched twice
 * for the same run length.
 */
static size_t md_skip_code(const scan *sc, md_state *st, size_t i)
{
	size_t run = 0, j;

	while (ch(sc, i + run) == '`')
		run++;
	if (run > MD_MAX_TICKS || i < st->nocode[run])
		return i + run;
	for (j = i + run; j < sc->n;) {
		int c = ch(sc, j);

		if (c == '`') {
			size_t r = 0;

			while (ch(sc, j + r) == '`')
				r++;
			if (r == run)
				return j + r;
			j += r;
		} else if (c == '\n' && para_break(sc, j)) {
			break;
		} else {
			j++;
		}
	}
	st->nocode[run] = j;
	return i + run;
}

/* At "<!--" at i: the position after the comment, or after "<!--". */
static size_t md_skip_comment(const scan *sc, md_state *st, size_t i)
{
	size_t j;

	if (st->comment_none && i >= st->nocomment)
		return i + 4;
	for (j = i + 4; j + 3 <= sc->n; j++)
		if (memcmp(sc->s + j, "-->", 3) == 0)
			return j + 3;
	st->comment_none = 1;
	st->nocomment = i;
	return i + 4;
}

/*
 * At "<" at i: the position after an autolink <https://...> or
 * <mailto:...>, or i+1. A link holds no <, so no link starts inside one
 * that fails.
 */
static size_t md_skip_autolink(const scan *sc, size_t i)
{
	size_t j;

	if (!at_str_nocase(sc, i + 1, "http://") &&
	    !at_str_nocase(sc, i + 1, "https://") &&
	    !at_str_nocase(sc, i + 1, "mailto:"))
		return i + 1;
	for (j = i + 1; j < sc->n; j++) {
		if (sc->s[j] == '>')
			return j + 1;
		if (sc->s[j] == '<' || is_space(ch(sc, j)))
			break;
	}
	return i + 1;
}

static int scan_pandoc(scan *sc)
{
	md_state st;
	size_t i = 0, a, b;
	int rc;

	memset(&st, 0, sizeof st);
	while (i < sc->n) {
		int c;

		if (i == 0 || sc->s[i - 1] == '\n') {
			size_t e = md_skip_fence(sc, i);

			if (e != i) {
				i = e;
				continue;
			}
		}
		c = ch(sc, i);
		if (c == '\\') {
			i += ch(sc, i + 1) == '\n' ? 1 : 2;
		} else if (c == '`') {
			i = md_skip_code(sc, &st, i);
		} else if (c == '<' && at_str(sc, i, "<!--")) {
			i = md_skip_comment(sc, &st, i);
		} else if (c == '<') {
			i = md_skip_autolink(sc, i);
		} else if (c == '@' && word_start(sc, i) &&
			   pandoc_key(sc, i, &a, &b)) {
			if (!is_crossref(sc, a) && (rc = emit(sc, a, b - a)))
				return rc;
			i = ch(sc, i + 1) == '{' ? b + 1 : b;
		} else {
			i++;
		}
	}
	return 0;
}

/* ---- Typst -------------------------------------------------------------- */

/* Characters of a Typst label: letters, digits, _ - : . */
static int typst_labelchar(int c)
{
	return is_word(c) || c == '_' || c == '-' || c == ':' || c == '.';
}

/* At a run of backticks at i: the position after the raw text. */
static size_t typst_skip_raw(const scan *sc, size_t i)
{
	size_t run = 0, j, seen = 0;

	while (ch(sc, i + run) == '`')
		run++;
	if (run == 2)
		return i + 2;
	for (j = i + run; j < sc->n; j++) {
		if (sc->s[j] != '`') {
			seen = 0;
			continue;
		}
		if (++seen == run)
			return j + 1;
	}
	return sc->n;
}

/* At a block comment opening at i: the position after it; they nest. */
static size_t typst_skip_comment(const scan *sc, size_t i)
{
	long depth = 1;

	for (i += 2; i < sc->n; i++) {
		if (sc->s[i] == '/' && ch(sc, i + 1) == '*') {
			depth++;
			i++;
		} else if (sc->s[i] == '*' && ch(sc, i + 1) == '/') {
			i++;
			if (--depth == 0)
				return i + 1;
		}
	}
	return sc->n;
}

/* At http:// or https:// at i: the position after the link. */
static size_t typst_skip_url(const scan *sc, size_t i)
{
	while (i < sc->n && !is_space(ch(sc, i)) &&
	       !strchr("<>\"()[]{}", sc->s[i]))
		i++;
	return i;
}

/*
 * At "cite(" at i: reports the label of #cite(<key>) or
 * #cite(label("key")). Sets *next after what was read.
 */
static int typst_cite(scan *sc, size_t i, size_t *next)
{
	size_t j = i + 5, a;

	while (is_space(ch(sc, j)))
		j++;
	*next = j;
	if (ch(sc, j) == '<') {
		for (a = ++j; typst_labelchar(ch(sc, j)); j++)
			;
		if (ch(sc, j) != '>' || j == a)
			return 0;
		*next = j + 1;
		return emit(sc, a, j - a);
	}
	if (!at_str(sc, j, "label("))
		return 0;
	j += 6;
	while (is_space(ch(sc, j)))
		j++;
	if (ch(sc, j) != '"')
		return 0;
	for (a = ++j; j < sc->n && sc->s[j] != '"' && sc->s[j] != '\n'; j++)
		if (sc->s[j] == '\\')
			j++;
	if (ch(sc, j) != '"')
		return 0;
	*next = j + 1;
	return emit(sc, a, j - a);
}

static int scan_typst(scan *sc)
{
	size_t i = 0;
	int rc;

	while (i < sc->n) {
		int c = ch(sc, i);

		if (c == '\\') {
			i += 2;
		} else if (c == '/' && ch(sc, i + 1) == '/') {
			i = eol(sc, i);
		} else if (c == '/' && ch(sc, i + 1) == '*') {
			i = typst_skip_comment(sc, i);
		} else if (c == '`') {
			i = typst_skip_raw(sc, i);
		} else if (c == 'h' && word_start(sc, i) &&
			   (at_str(sc, i, "http://") || at_str(sc, i, "https://"))) {
			i = typst_skip_url(sc, i);
		} else if (c == 'c' && at_str(sc, i, "cite(") &&
			   (i == 0 || (!is_word((unsigned char)sc->s[i - 1]) &&
				       sc->s[i - 1] != '_' && sc->s[i - 1] != '-'))) {
			if ((rc = typst_cite(sc, i, &i)))
				return rc;
		} else if (c == '@' && word_start(sc, i) &&
			   typst_labelchar(ch(sc, i + 1))) {
			size_t a = i + 1, b = a;

			while (typst_labelchar(ch(sc, b)))
				b++;
			i = b;
			while (b > a && (sc->s[b - 1] == '.' || sc->s[b - 1] == ':'))
				b--;
			if ((rc = emit(sc, a, b - a)))
				return rc;
		} else {
			i++;
		}
	}
	return 0;
}

/* ---- Org ---------------------------------------------------------------- */

/* Characters of an org-cite key (org-element's citation key). */
static int org_keychar(int c)
{
	return is_word(c) || (c > 0 && strchr("-.:?!`'/*@+|(){}<>&_^$#%~", c));
}

/* Blocks whose content is not Org text. */
static const char *const org_blocks[] = {
	"src", "example", "export", "comment", NULL
};

typedef struct org_state {
	size_t noend[4];	/* no #+end_<block> line after this */
} org_state;

/*
 * At a line start i: skips a comment line or a src/example/export/comment
 * block; returns i when there is none.
 */
static size_t org_skip_line(const scan *sc, org_state *st, size_t i)
{
	size_t j = i, k, m;
	int b;

	while (is_blank(ch(sc, j)))
		j++;
	if (ch(sc, j) == '#' &&
	    (ch(sc, j + 1) == ' ' || ch(sc, j + 1) == '\n' || ch(sc, j + 1) == -1))
		return eol(sc, j);
	if (!at_str_nocase(sc, j, "#+begin_"))
		return i;
	for (b = 0; org_blocks[b]; b++) {
		m = strlen(org_blocks[b]);
		if (at_str_nocase(sc, j + 8, org_blocks[b]) &&
		    (is_space(ch(sc, j + 8 + m)) || ch(sc, j + 8 + m) == -1))
			break;
	}
	if (!org_blocks[b] || j < st->noend[b])
		return i;
	for (k = eol(sc, j); k < sc->n; k = eol(sc, k)) {
		k++;
		while (is_blank(ch(sc, k)))
			k++;
		if (at_str_nocase(sc, k, "#+end_") &&
		    at_str_nocase(sc, k + 6, org_blocks[b]))
			return eol(sc, k);
	}
	st->noend[b] = sc->n;	/* unclosed: not a block, and none later */
	return i;
}

/*
 * At "[cite" at i: reads [cite:...] or [cite/style:...] up to its closing
 * bracket and reports each @key in it. Sets *next after what was read.
 */
static int org_cite(scan *sc, size_t i, size_t *next)
{
	size_t j = i + 5, end;
	long depth = 0;
	int rc;

	*next = j;
	if (ch(sc, j) == '/') {
		while (j < sc->n && !strchr(":[]", sc->s[j]) &&
		       !is_space(ch(sc, j)))
			j++;
	}
	if (ch(sc, j) != ':')
		return 0;
	for (end = ++j; end < sc->n; end++) {
		int c = ch(sc, end);

		if (c == '[') {
			depth++;
		} else if (c == ']') {
			if (depth-- == 0)
				break;
		} else if (c == '\n' && para_break(sc, end)) {
			*next = end;
			return 0;
		}
	}
	if (end >= sc->n) {
		*next = sc->n;
		return 0;
	}
	for (; j < end; j++) {
		size_t a;

		if (sc->s[j] != '@' || !word_start(sc, j))
			continue;
		for (a = ++j; j < end && org_keychar(ch(sc, j)); j++)
			;
		if ((rc = emit(sc, a, j - a)))
			return rc;
		j--;
	}
	*next = end + 1;
	return 0;
}

/*
 * At "[[" at i: reads an org-ref link [[cite:a,b]] (version 2) or
 * [[cite:&a;&b]] (version 3), with any cite-like link type (citep,
 * citeauthor...), and reports its keys. Sets *next after what was read.
 */
static int org_ref(scan *sc, size_t i, size_t *next)
{
	size_t j = i + 2, t = j, end;
	int amp = 0, rc;

	while (is_alpha(ch(sc, j)))
		j++;
	*next = i + 2;
	if (ch(sc, j) != ':' || j - t < 4 || !latex_is_cite(sc->s + t, j - t))
		return 0;
	for (end = ++j; end < sc->n && sc->s[end] != ']' && sc->s[end] != '['; end++) {
		if (sc->s[end] == '&')
			amp = 1;
		if (sc->s[end] == '\n' && para_break(sc, end))
			break;
	}
	if (ch(sc, end) != ']' || (ch(sc, end + 1) != ']' && ch(sc, end + 1) != '['))
		return 0;
	*next = end;
	if (!amp)
		return emit_list(sc, j, end, ',', 0);
	for (; j < end; j++) {
		size_t a;

		if (sc->s[j] != '&')
			continue;
		for (a = ++j; j < end && org_keychar(ch(sc, j)) &&
			      sc->s[j] != '&'; j++)
			;
		if ((rc = emit(sc, a, j - a)))
			return rc;
		j--;
	}
	return 0;
}

static int scan_org(scan *sc)
{
	org_state st;
	size_t i = 0;
	int rc;

	memset(&st, 0, sizeof st);
	while (i < sc->n) {
		int c;

		if (i == 0 || sc->s[i - 1] == '\n') {
			size_t e = org_skip_line(sc, &st, i);

			if (e != i) {
				i = e;
				continue;
			}
		}
		c = ch(sc, i);
		if (c == '[' && at_str(sc, i, "[cite") &&
		    (ch(sc, i + 5) == ':' || ch(sc, i + 5) == '/')) {
			if ((rc = org_cite(sc, i, &i)))
				return rc;
		} else if (c == '[' && ch(sc, i + 1) == '[') {
			if ((rc = org_ref(sc, i, &i)))
				return rc;
		} else {
			i++;
		}
	}
	return 0;
}

/* ---- reStructuredText ----------------------------------------------------- */

typedef struct rst_state {
	long literal;		/* indent of a literal block's parent, or -1 */
	size_t noclose;		/* no `` after here */
	int close_none;
} rst_state;

/*
 * At a line start i: skips the line when it belongs to a literal block or
 * comment (returns its end), otherwise notes whether it opens one (a line
 * ending with ::, a code directive, a comment) and returns i.
 */
static size_t rst_line(const scan *sc, rst_state *st, size_t i)
{
	size_t j = i, e = eol(sc, i), t;
	long ind = 0;

	while (is_blank(ch(sc, j))) {
		ind = sc->s[j] == '\t' ? (ind / 8 + 1) * 8 : ind + 1;
		j++;
	}
	if (j == e)	/* blank lines do not end a block */
		return st->literal >= 0 ? e : i;
	if (st->literal >= 0 && ind > st->literal)
		return e;
	st->literal = -1;
	t = e;
	while (t > j && is_blank(ch(sc, t - 1)))
		t--;
	if (at_str(sc, j, ".. ")) {
		size_t k = j + 3;

		while (k < e && (is_word(ch(sc, k)) || ch(sc, k) == '-'))
			k++;
		if (k + 1 < e && sc->s[k] == ':' && sc->s[k + 1] == ':') {
			size_t m = k - j - 3;

			if ((m == 10 && at_str(sc, j + 3, "code-block")) ||
			    (m == 4 && at_str(sc, j + 3, "code")) ||
			    (m == 10 && at_str(sc, j + 3, "sourcecode")))
				st->literal = ind;
			return i;
		}
		if (ch(sc, j + 3) != '_' && ch(sc, j + 3) != '[' &&
		    ch(sc, j + 3) != '|') {
			st->literal = ind;	/* a comment */
			return e;
		}
		return i;
	}
	if (t - j >= 2 && sc->s[t - 1] == ':' && sc->s[t - 2] == ':')
		st->literal = ind;
	return i;
}

/*
 * At ":" at i: reads a role :cite:`..`, :cite:p:`..`, :footcite:t:`..`
 * and reports its keys. Sets *next after what was read.
 */
static int rst_role(scan *sc, size_t i, size_t *next)
{
	size_t j = i + 1, end;

	*next = i + 1;
	if (at_str(sc, j, "cite:"))
		j += 5;
	else if (at_str(sc, j, "footcite:"))
		j += 9;
	else
		return 0;
	if (is_alpha(ch(sc, j))) {
		size_t k = j;

		while (is_alpha(ch(sc, k)))
			k++;
		if (ch(sc, k) != ':')
			return 0;
		j = k + 1;
	}
	if (ch(sc, j) != '`')
		return 0;
	for (end = ++j; end < sc->n && sc->s[end] != '`'; end++)
		if (sc->s[end] == '\n' && para_break(sc, end))
			break;
	if (ch(sc, end) != '`') {
		*next = end;
		return 0;
	}
	*next = end + 1;
	return emit_list(sc, j, end, ',', '{');
}

static int scan_rst(scan *sc)
{
	rst_state st = { -1, 0, 0 };
	size_t i = 0;
	int rc;

	while (i < sc->n) {
		int c;

		if (i == 0 || sc->s[i - 1] == '\n') {
			size_t e = rst_line(sc, &st, i);

			if (e != i) {
				i = e;
				continue;
			}
		}
		c = ch(sc, i);
		if (c == '\\') {
			i += ch(sc, i + 1) == '\n' ? 1 : 2;
		} else if (c == '`' && ch(sc, i + 1) == '`') {
			size_t j;

			i += 2;
			if (st.close_none && i >= st.noclose)
				continue;
			for (j = i; j + 2 <= sc->n; j++)
				if (sc->s[j] == '`' && sc->s[j + 1] == '`')
					break;
			if (j + 2 <= sc->n) {
				i = j + 2;
			} else {
				st.close_none = 1;
				st.noclose = i;
			}
		} else if (c == ':' && word_start(sc, i)) {
			if ((rc = rst_role(sc, i, &i)))
				return rc;
		} else {
			i++;
		}
	}
	return 0;
}

/* ---- AsciiDoc ----------------------------------------------------------- */

/*
 * At a line start i: skips a line comment or a delimited block whose
 * content is not text (//// comment, ---- listing, .... literal, ++++
 * passthrough, ``` fenced) up to its closing delimiter; returns i when
 * there is none.
 */
static size_t adoc_skip_line(const scan *sc, size_t i)
{
	size_t run = 0, e = eol(sc, i), k;
	int c = ch(sc, i);

	if (c != '/' && c != '-' && c != '.' && c != '+' && c != '`')
		return i;
	while (ch(sc, i + run) == c)
		run++;
	if (run < (c == '`' ? 3u : 4u))
		return c == '/' && run >= 2 ? e : i;	/* a line comment */
	for (k = i + run; k < e; k++)
		if (!is_blank(ch(sc, k)) && c != '`')
			return c == '/' ? e : i;
	for (k = e; k < sc->n; k = eol(sc, k)) {
		size_t r = 0, m;

		k++;
		while (ch(sc, k + r) == c)
			r++;
		m = k + r;
		while (is_blank(ch(sc, m)))
			m++;
		if (r == run && (ch(sc, m) == '\n' || ch(sc, m) == -1))
			return m;
	}
	return sc->n;
}

/* At "<<" at i: reports the key of <<key>> or <<key,text>>. */
static int adoc_xref(scan *sc, size_t i, size_t *next)
{
	size_t a = i + 2, j = a, b;

	*next = i + 2;
	if (ch(sc, a) == '<')
		return 0;
	/* neither part holds <<, so no xref starts inside a failed one */
	while (j < sc->n && sc->s[j] != '\n' && sc->s[j] != ',' &&
	       sc->s[j] != '<' && !(sc->s[j] == '>' && ch(sc, j + 1) == '>'))
		j++;
	b = j;
	if (ch(sc, j) == ',')
		while (j < sc->n && sc->s[j] != '\n' &&
		       !(sc->s[j] == '<' && ch(sc, j + 1) == '<') &&
		       !(sc->s[j] == '>' && ch(sc, j + 1) == '>'))
			j++;
	if (ch(sc, j) != '>' || ch(sc, j + 1) != '>')
		return 0;
	*next = j + 2;
	while (a < b && is_blank(ch(sc, a)))
		a++;
	while (b > a && is_blank(ch(sc, b - 1)))
		b--;
	for (j = a; j < b; j++)
		if (is_space(ch(sc, j)) || sc->s[j] == '<' || sc->s[j] == '>')
			return 0;	/* a section title, not a key */
	return emit(sc, a, b - a);
}

/* At "cite" at i: reports the keys of cite:[a,b] and citenp:[a(p. 4)]. */
static int adoc_cite(scan *sc, size_t i, size_t *next)
{
	size_t j = i + 4, end;

	*next = i + 4;
	if (at_str(sc, j, "np"))
		j += 2;
	if (!at_str(sc, j, ":["))
		return 0;
	j += 2;
	for (end = j; end < sc->n && sc->s[end] != ']'; end++)
		if (sc->s[end] == '\n' && para_break(sc, end))
			break;
	if (ch(sc, end) != ']') {
		*next = end;
		return 0;
	}
	*next = end + 1;
	return emit_list(sc, j, end, ',', '(');
}

static int scan_asciidoc(scan *sc)
{
	size_t i = 0;
	int rc;

	while (i < sc->n) {
		int c;

		if (i == 0 || sc->s[i - 1] == '\n') {
			size_t e = adoc_skip_line(sc, i);

			if (e != i) {
				i = e;
				continue;
			}
		}
		c = ch(sc, i);
		if (c == '<' && ch(sc, i + 1) == '<') {
			if ((rc = adoc_xref(sc, i, &i)))
				return rc;
		} else if (c == 'c' && word_start(sc, i) && at_str(sc, i, "cite")) {
			if ((rc = adoc_cite(sc, i, &i)))
				return rc;
		} else {
			i++;
		}
	}
	return 0;
}

/*
 * Calls fn for every key cited in text[0..n), in order, with its line.
 * Returns fn's first non-zero value, REAM_OK at the end, REAM_FORMAT for
 * an unknown syntax. The plain syntax cites nothing.
 */
int ream_doc_keys(const char *text, size_t n, ream_syntax syntax,
		  ream_key_fn fn, void *ud)
{
	scan sc;

	if (!fn || (!text && n))
		return REAM_FORMAT;
	sc.s = text;
	sc.n = n;
	sc.lpos = 0;
	sc.line = 1;
	sc.fn = fn;
	sc.ud = ud;
	switch (syntax) {
	case REAM_SYN_LATEX:
		return scan_latex(&sc);
	case REAM_SYN_PANDOC:
		return scan_pandoc(&sc);
	case REAM_SYN_TYPST:
		return scan_typst(&sc);
	case REAM_SYN_ORG:
		return scan_org(&sc);
	case REAM_SYN_RST:
		return scan_rst(&sc);
	case REAM_SYN_ASCIIDOC:
		return scan_asciidoc(&sc);
	case REAM_SYN_PLAIN:
		return REAM_OK;
	default:
		return REAM_FORMAT;
	}
}
