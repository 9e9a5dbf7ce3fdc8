/*
 * agree: how far ream's BibTeX reader agrees with pandoc's on one file.
 *
 *   agree FILE.bib PANDOC.json
 *   agree --csl A.json B.json
 *
 * Reads FILE.bib with ream_bibtex_read and PANDOC.json, the CSL-JSON of
 * `pandoc -f bibtex -t csljson FILE.bib` (or -f biblatex), and compares,
 * entry by entry, what issue 3 names: the set of keys, the entry type (as
 * the CSL type it stands for), the title, the authors' family and given
 * names (the editors when there is no author), the year and the DOI.
 * Prints one line per difference:
 *
 *   diff KEY FIELD: ream "..." pandoc "..."
 *
 * and last a summary line:
 *
 *   agree FILE: N entries, A agree, P%
 *
 * What is the same value written two ways agrees: titles are compared as
 * their letters and digits (case folded, markup, punctuation and spaces
 * left out: pandoc makes titles sentence case), names with white space
 * squeezed, particles before the family name and a suffix after the
 * given names, DOIs in any case, and typography (’ for ', a no-break
 * space for ~) undone. Where the TeX has commands pandoc does not know,
 * pandoc drops them with text around them, and ream keeps them: a title
 * or name whose letters are ream's with some left out agrees (see
 * as_pandoc_reads and pandoc_lost_text).
 *
 * With --csl it compares two CSL-JSON files item by item (matched by id):
 * pandoc's reading of a .bib and of ream's export of it, the round trip.
 * It compares the variables ream keeps in columns (round_trip_vars), and
 * prints a line per difference and last
 *
 *   same A.json: N items, S the same
 *
 * Exit 0 when it could compare, 1 when not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <utf8proc.h>

#include "internal.h"

#define KEYS_MAX 100000

typedef struct entry {
	ream_paper *p;
	int seen;	/* pandoc has it */
} entry;

typedef struct bib {
	entry *e;
	size_t n, cap;
} bib;

static int emit(void *ud, ream_paper *p, long line)
{
	bib *b = ud;

	(void)line;
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 1024;
		entry *t = realloc(b->e, cap * sizeof *t);

		if (!t || cap > KEYS_MAX) {
			ream_paper_free(p);
			return REAM_NOMEM;
		}
		b->e = t;
		b->cap = cap;
	}
	b->e[b->n].p = p;
	b->e[b->n++].seen = 0;
	return REAM_OK;
}

static void warn(void *ud, long line, const char *msg)
{
	(void)ud;
	(void)line;
	(void)msg;
}

/* The CSL type of a BibTeX type, as it should be. */
static const char *csl_type(const char *t)
{
	static const char *const map[][2] = {
		{ "article", "article-journal" }, { "book", "book" },
		{ "booklet", "pamphlet" }, { "inbook", "chapter" },
		{ "incollection", "chapter" }, { "suppbook", "chapter" },
		{ "suppcollection", "chapter" }, { "bookinbook", "chapter" },
		{ "inreference", "entry-encyclopedia" },
		{ "review", "review" },
		{ "inproceedings", "paper-conference" },
		{ "conference", "paper-conference" }, { "manual", "book" },
		{ "mastersthesis", "thesis" }, { "phdthesis", "thesis" },
		{ "thesis", "thesis" }, { "misc", "" },
		{ "proceedings", "book" }, { "mvproceedings", "book" },
		{ "techreport", "report" }, { "report", "report" },
		{ "unpublished", "manuscript" }, { "online", "webpage" },
		{ "www", "webpage" }, { "electronic", "webpage" },
		{ "collection", "book" }, { "mvcollection", "book" },
		{ "mvbook", "book" }, { "reference", "book" },
		{ "mvreference", "book" }, { "patent", "patent" },
		{ "periodical", "article-journal" }, { "dataset", "dataset" },
		{ "software", "book" }, { "suppperiodical", "article-journal" },
	};
	size_t i;

	for (i = 0; t && i < sizeof map / sizeof map[0]; i++)
		if (!strcasecmp(map[i][0], t))
			return map[i][1];
	return "";
}

/*
 * s with pandoc's typography undone, so that it compares with ream's:
 * ’ is ', any Unicode space (a no-break space for ~, a six-per-em space
 * for \\,) a space, and a dotless ı with an accent (pandoc's {\\'\\i},
 * which NFC cannot compose) an i with it. Malloc'd.
 */
static char *untypeset(const char *s)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)(s ? s : "");
	utf8proc_int32_t c, next;
	utf8proc_ssize_t k;
	ream_buf b = { 0 };
	int rc = REAM_OK;
	size_t i;

	ream_buf_add(&rc, &b, "", 0);
	for (i = 0; u[i]; i += (size_t)k) {
		if ((k = utf8proc_iterate(u + i, -1, &c)) <= 0) {
			ream_buf_addc(&rc, &b, (char)u[i]);
			k = 1;
			continue;
		}
		if (c == 0x2019)
			ream_buf_addc(&rc, &b, '\'');
		else if (utf8proc_category(c) == UTF8PROC_CATEGORY_ZS)
			ream_buf_addc(&rc, &b, ' ');
		else if (c == 0x131 && utf8proc_iterate(u + i + k, -1, &next) > 0 &&
			 utf8proc_category(next) == UTF8PROC_CATEGORY_MN)
			ream_buf_addc(&rc, &b, 'i');
		else
			ream_buf_add(&rc, &b, (const char *)u + i, (size_t)k);
	}
	return ream_buf_take(&rc, &b);
}

/*
 * s[0..n) as words: NFC, case folded, letters and digits only, runs of
 * anything else one space. Malloc'd.
 */
static char *words(const char *in)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_int32_t c;
	utf8proc_ssize_t k;
	ream_buf b = { 0 };
	int rc = REAM_OK, space = 0;
	size_t i;
	char *s = untypeset(in);

	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &m,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE |
			 UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) < 0)
		return s;
	free(s);
	for (i = 0; m[i]; i += (size_t)k) {
		k = utf8proc_iterate(m + i, -1, &c);
		if (k <= 0)
			break;
		if (utf8proc_category(c) >= UTF8PROC_CATEGORY_LU &&
		    utf8proc_category(c) <= UTF8PROC_CATEGORY_NO &&
		    !(utf8proc_category(c) >= UTF8PROC_CATEGORY_MN &&
		      utf8proc_category(c) <= UTF8PROC_CATEGORY_ME)) {
			if (space && b.n)
				ream_buf_addc(&rc, &b, ' ');
			space = 0;
			ream_buf_add(&rc, &b, (const char *)m + i, (size_t)k);
		} else {
			space = 1;
		}
	}
	free(m);
	return ream_buf_take(&rc, &b);
}

/* s with white space runs made one space and trimmed, in NFC, its
 * typography undone (see untypeset), for comparing names. Malloc'd. */
static char *squeezed(const char *in)
{
	utf8proc_uint8_t *m = NULL;
	ream_buf b = { 0 };
	int rc = REAM_OK, space = 0;
	size_t i;
	char *s = untypeset(in);

	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &m,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE |
			 UTF8PROC_COMPOSE) < 0)
		return s;
	free(s);
	for (i = 0; m[i]; i++) {
		if (m[i] == ' ' || m[i] == '\t' || m[i] == '\n') {
			space = 1;
			continue;
		}
		if (space && b.n)
			ream_buf_addc(&rc, &b, ' ');
		space = 0;
		ream_buf_addc(&rc, &b, (char)m[i]);
	}
	free(m);
	return ream_buf_take(&rc, &b);
}

/* Prints one difference (a and b as given, not normalised). */
static void diff(const char *key, const char *field, const char *a,
		 const char *b)
{
	printf("diff %s %s: ream \"%s\" pandoc \"%s\"\n", key, field,
	       a ? a : "", b ? b : "");
}

/* s without CSL's rich text markup (<i>, </i>, <span ...>). Malloc'd. */
static char *unmarked(const char *s)
{
	ream_buf b = { 0 };
	int rc = REAM_OK;
	const char *e;

	if (!s)
		s = "";
	ream_buf_add(&rc, &b, "", 0);
	while (*s) {
		if (*s == '<' && (e = strchr(s, '>')) &&
		    (!strncmp(s, "<i>", 3) || !strncmp(s, "</", 2) ||
		     !strncmp(s, "<b>", 3) || !strncmp(s, "<span", 5) ||
		     !strncmp(s, "<sup>", 5) || !strncmp(s, "<sub>", 5))) {
			s = e + 1;
			continue;
		}
		ream_buf_addc(&rc, &b, *s++);
	}
	return ream_buf_take(&rc, &b);
}

/*
 * Commands ream's TeX decoder knows and pandoc 2.17 drops without a word
 * (its output for "A \\cmd{} B" is "A B").
 */
static const char *const pandoc_drops[] = {
	"LaTeXe", "BibTeX", "textendash", "textemdash", "guillemotleft",
	"guillemotright", "dag", "ddag", "textregistered", "texttrademark",
	"textbullet", "textperiodcentered", "textdegree", "textperthousand",
	"textsection", "textparagraph", "textdagger", "textdaggerdbl",
	"guillemetleft", "guillemetright", "textexclamdown",
	"textquestiondown", "textsterling", "texteuro", "textcopyright",
	"DH", "dh", "DJ", "dj", "NG", "ng", "TH", "th",
};

/* 1 when ream's decoder keeps \\name as it is: it does not know it. */
static int unknown_command(const char *name, size_t n)
{
	ream_buf b = { 0 };
	int rc = REAM_OK, unknown;

	ream_tex_decode(&rc, &b, name, n);
	unknown = b.n >= n && !memcmp(b.s, name, n);
	ream_buf_free(&b);
	return unknown;
}

/*
 * ream's title as pandoc reads its TeX: the commands ream does not know
 * (\\TUB, \\macro{let}: macros of a file's @preamble) and those pandoc
 * drops (\\BibTeX) left out, outside math, with their argument (args 0)
 * or without (args 1), then decoded; what ream put after the title (its
 * subtitle) follows. Malloc'd.
 */
static char *as_pandoc_reads(const ream_paper *p, int args)
{
	const char *t = ream_paper_get(p, REAM_F_TITLE);
	const char *raw = ream_paper_get_extra(p, "raw.title");
	ream_buf tex = { 0 }, out = { 0 }, d = { 0 };
	int rc = REAM_OK, math = 0;
	size_t i = 0, j, k, depth, m;

	if (!t)
		return strdup("");
	if (!raw)
		raw = t;
	ream_buf_add(&rc, &tex, "", 0);
	while (raw[i]) {
		int drop;

		if (raw[i] == '$')
			math = !math;
		if (math || raw[i] != '\\' ||
		    !((raw[i + 1] >= 'a' && raw[i + 1] <= 'z') ||
		      (raw[i + 1] >= 'A' && raw[i + 1] <= 'Z'))) {
			ream_buf_addc(&rc, &tex, raw[i++]);
			continue;
		}
		for (j = i + 1; (raw[j] >= 'a' && raw[j] <= 'z') ||
		     (raw[j] >= 'A' && raw[j] <= 'Z'); j++)
			;
		drop = unknown_command(raw + i, j - i);
		for (m = 0; !drop && m < sizeof pandoc_drops /
		     sizeof pandoc_drops[0]; m++)
			drop = strlen(pandoc_drops[m]) == j - i - 1 &&
			       !memcmp(pandoc_drops[m], raw + i + 1, j - i - 1);
		if (!drop) {
			ream_buf_add(&rc, &tex, raw + i, j - i);
			i = j;
			continue;
		}
		i = j;
		while (raw[i] == ' ')
			i++;
		if (raw[i] == '{' && !args) {
			for (k = i + 1, depth = 1; raw[k] && depth; k++)
				depth += raw[k] == '{' ? 1 : raw[k] == '}' ? -1 : 0;
			i = k;
		}
		ream_buf_addc(&rc, &tex, ' ');
	}
	ream_tex_decode(&rc, &out, tex.s, tex.n);
	/* the subtitle after the title */
	ream_tex_decode(&rc, &d, raw, strlen(raw));
	if (d.n && !strncmp(t, d.s, d.n))
		ream_buf_adds(&rc, &out, t + d.n);
	ream_buf_free(&tex);
	ream_buf_free(&d);
	return ream_buf_take(&rc, &out);
}

/* The letters and digits of s (markup left out) as words() folds them,
 * without spaces. Malloc'd. */
static char *letters(const char *s)
{
	char *m = unmarked(s), *x = words(m);
	size_t i, j;

	for (i = j = 0; x[i]; i++)
		if (x[i] != ' ')
			x[j++] = x[i];
	x[j] = '\0';
	free(m);
	return x;
}

/*
 * 1 when a and b (pandoc's, with markup) have the same letters and
 * digits. Spaces do not count: pandoc glues the words around a command
 * it drops (subscriptions{\\Dash}What).
 */
static int same_words(const char *a, const char *b)
{
	char *x = letters(a), *y = letters(b);
	int same = !strcmp(x, y);

	free(x);
	free(y);
	return same;
}

/*
 * 1 when pandoc only lost text: b's letters are a's with some left out
 * (the TeX a came from has commands pandoc drops, often with the word
 * after them: "Inc.\\Dash PC\\thinspace\\TeX" -> "Inc.PC").
 */
static int pandoc_lost_text(const char *a, const char *b)
{
	char *x = letters(a), *y = letters(b);
	size_t i = 0, j = 0;

	while (x[i] && y[j]) {
		if (x[i] == y[j])
			j++;
		i++;
	}
	i = y[j] == '\0';
	free(x);
	free(y);
	return (int)i;
}

/* The names of pandoc's item as ream writes them into *fam and *giv. */
static void pandoc_name(const json_t *n, ream_buf *fam, ream_buf *giv)
{
	static const char *const parts[] = {
		"dropping-particle", "non-dropping-particle", "family"
	};
	const char *s;
	size_t i;
	int rc = REAM_OK;

	ream_buf_reset(fam);
	ream_buf_reset(giv);
	ream_buf_add(&rc, fam, "", 0);
	ream_buf_add(&rc, giv, "", 0);
	if ((s = json_string_value(json_object_get(n, "literal")))) {
		ream_buf_adds(&rc, fam, s);
		return;
	}
	for (i = 0; i < 3; i++)
		if ((s = json_string_value(json_object_get(n, parts[i]))) &&
		    *s) {
			if (fam->n)
				ream_buf_addc(&rc, fam, ' ');
			ream_buf_adds(&rc, fam, s);
		}
	if ((s = json_string_value(json_object_get(n, "given"))))
		ream_buf_adds(&rc, giv, s);
	if ((s = json_string_value(json_object_get(n, "suffix"))) && *s) {
		if (giv->n)
			ream_buf_adds(&rc, giv, ", ");
		ream_buf_adds(&rc, giv, s);
	}
	if (!fam->n && giv->n) {
		ream_buf_add(&rc, fam, giv->s, giv->n);
		ream_buf_reset(giv);
		ream_buf_add(&rc, giv, "", 0);
	}
}

/* 1 when s shows a TeX command ream did not know ("\\Thanh"). */
static int shows_command(const char *s)
{
	for (; s && (s = strchr(s, '\\')); s++)
		if ((s[1] >= 'a' && s[1] <= 'z') || (s[1] >= 'A' && s[1] <= 'Z'))
			return 1;
	return 0;
}

/*
 * Compares the authors; prints the first difference; 1 when they differ.
 * pandoc drops a name made of a command it does not know (\\Thanh, a
 * macro for Hàn Thế Thành), and text around such commands: ream's names
 * that show one may be missing from pandoc's list, or have more letters.
 */
static int differ_names(const char *key, const ream_paper *p,
			const json_t *item)
{
	const json_t *list = json_object_get(item, "author");
	ream_buf fam = { 0 }, giv = { 0 };
	size_t i, j, n = ream_paper_author_count(p), shown = 0;
	size_t pick[1024];
	int d = 0;
	char what[64];

	if (!json_array_size(list))
		list = json_object_get(item, "editor");
	for (i = 0; i < n && i < 1024; i++)
		pick[i] = i;
	if (json_array_size(list) != n) {
		for (i = 0; i < n && i < 1024; i++) {
			const char *f, *g;
			int literal;

			ream_paper_author(p, i, &f, &g, &literal);
			if (!shows_command(f) && !shows_command(g))
				pick[shown++] = i;
		}
		if (shown != json_array_size(list)) {
			printf("diff %s authors: ream %zu pandoc %zu\n", key, n,
			       json_array_size(list));
			return 1;
		}
		n = shown;
	}
	for (j = 0; j < n && !d; j++) {
		const char *f, *g;
		int literal;
		char *a, *b;

		i = pick[j];
		ream_paper_author(p, i, &f, &g, &literal);
		pandoc_name(json_array_get(list, j), &fam, &giv);
		a = squeezed(f);
		b = squeezed(fam.s);
		if (strcmp(a, b) && !(shows_command(f) &&
				      pandoc_lost_text(f, fam.s))) {
			snprintf(what, sizeof what, "author%zu.family", i + 1);
			diff(key, what, f, fam.s);
			d = 1;
		}
		free(a);
		free(b);
		a = squeezed(g);
		b = squeezed(giv.s);
		if (!d && strcmp(a, b) && !(shows_command(g) &&
					    pandoc_lost_text(g, giv.s))) {
			snprintf(what, sizeof what, "author%zu.given", i + 1);
			diff(key, what, g, giv.s);
			d = 1;
		}
		free(a);
		free(b);
	}
	ream_buf_free(&fam);
	ream_buf_free(&giv);
	return d;
}

/* The DOI without a resolver in front, for comparing in any case. */
static const char *bare_doi(const char *s)
{
	const char *t;

	if (!s)
		return "";
	if ((t = strstr(s, "10.")))
		return t;
	return s;
}

/* 1 when the TeX of p's title has a command pandoc drops or ream kept. */
static int has_dropped_command(const ream_paper *p)
{
	char *x = as_pandoc_reads(p, 1);
	const char *t = ream_paper_get(p, REAM_F_TITLE);
	int d = strcmp(x, t ? t : "") != 0;

	free(x);
	return d;
}

/*
 * Compares the titles as words. CSL gives a volume of a multi-volume work
 * the work's title and the volume's own in volume-title, which is what
 * ream's title is. pandoc's loss of unknown commands is taken into
 * account.
 */
static int differ_title(const char *key, const ream_paper *p,
			const json_t *item)
{
	const char *pt = json_string_value(json_object_get(item, "volume-title"));
	const char *t = ream_paper_get(p, REAM_F_TITLE);
	char *x, *y;
	int same;

	if (!pt)
		pt = json_string_value(json_object_get(item, "title"));
	x = as_pandoc_reads(p, 0);
	y = as_pandoc_reads(p, 1);
	same = same_words(t, pt) || same_words(x, pt) || same_words(y, pt) ||
	       (has_dropped_command(p) && pandoc_lost_text(t, pt));
	if (!same)
		diff(key, "title", t, pt);
	free(x);
	free(y);
	return !same;
}

static int compare(const char *key, const ream_paper *p, const json_t *item)
{
	const char *pt = json_string_value(json_object_get(item, "type"));
	const json_t *year = json_array_get(json_array_get(json_object_get(
		json_object_get(item, "issued"), "date-parts"), 0), 0);
	const char *doi = json_string_value(json_object_get(item, "DOI"));
	long py = json_is_integer(year) ? (long)json_integer_value(year)
		  : json_is_string(year) ? atol(json_string_value(year)) : 0;
	int d = 0;
	char ya[32], yb[32];

	if (strcmp(csl_type(ream_paper_get(p, REAM_F_TYPE)), pt ? pt : "")) {
		diff(key, "type", ream_paper_get(p, REAM_F_TYPE), pt);
		d = 1;
	}
	d |= differ_title(key, p, item);
	d |= differ_names(key, p, item);
	if (ream_paper_year(p) != py) {
		snprintf(ya, sizeof ya, "%d", ream_paper_year(p));
		snprintf(yb, sizeof yb, "%ld", py);
		diff(key, "year", ya, yb);
		d = 1;
	}
	if (strcasecmp(bare_doi(ream_paper_get(p, REAM_F_DOI)),
		       bare_doi(doi))) {
		diff(key, "doi", ream_paper_get(p, REAM_F_DOI), doi);
		d = 1;
	}
	return d;
}

/*
 * The variables the round trip compares: those ream keeps in columns of
 * their own. The type, the editors and the numbers are left out: ream's
 * export puts them the way bibtex's standard styles take them (BibLaTeX's
 * types as their nearest standard type or misc, no editor of a book with
 * an author, no series number with a volume).
 */
static const char *const round_trip_vars[] = {
	"id", "title", "author", "issued", "container-title", "volume", "page",
	"publisher", "DOI", "URL", "abstract", "keyword",
};

/*
 * v as text for comparing: a string without its white space (pandoc puts
 * in or leaves out spaces around what it drops), "" as no value; a DOI
 * without a resolver in front, in lower case. Malloc'd.
 */
static char *as_text(const json_t *v, int doi)
{
	char *s, *t;
	size_t i, j;

	if (!v || (json_is_string(v) && !json_string_length(v)))
		return strdup("(none)");
	if (!json_is_string(v))
		return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	t = squeezed(doi ? bare_doi(json_string_value(v)) : json_string_value(v));
	for (i = j = 0; t[i]; i++) {
		if (t[i] == ' ')
			continue;
		t[j++] = doi && t[i] >= 'A' && t[i] <= 'Z'
			 ? (char)(t[i] - 'A' + 'a') : t[i];
	}
	t[j] = '\0';
	s = t;
	return s;
}

/* agree --csl A.json B.json */
static int compare_csl(const char *pa, const char *pb)
{
	json_error_t e;
	json_t *a = json_load_file(pa, 0, &e), *b = NULL, *x, *y;
	size_t i, j, k, n = 0, same = 0;

	if (!a || !(b = json_load_file(pb, 0, &e)) || !json_is_array(a) ||
	    !json_is_array(b)) {
		fprintf(stderr, "agree: %s\n", e.text);
		json_decref(a);
		json_decref(b);
		return 1;
	}
	json_array_foreach(a, i, x) {
		const char *id = json_string_value(json_object_get(x, "id"));
		int d = 0;

		n++;
		y = NULL;
		for (j = 0; id && j < json_array_size(b); j++) {
			const char *kb = json_string_value(json_object_get(
				json_array_get(b, j), "id"));

			if (kb && !strcmp(kb, id)) {
				y = json_array_get(b, j);
				break;
			}
		}
		if (!y) {
			printf("diff %s id: not in the export\n",
			       id ? id : "(none)");
			continue;
		}
		for (k = 0; k < sizeof round_trip_vars / sizeof round_trip_vars[0];
		     k++) {
			const char *var = round_trip_vars[k];
			int doi = !strcmp(var, "DOI");
			char *va = as_text(json_object_get(x, var), doi);
			char *vb = as_text(json_object_get(y, var), doi);

			if (strcmp(va, vb)) {
				printf("diff %s %s: %s then %s\n", id, var, va, vb);
				d = 1;
			}
			free(va);
			free(vb);
		}
		same += !d;
	}
	printf("same %s: %zu items, %zu the same\n", pa, n, same);
	json_decref(a);
	json_decref(b);
	return 0;
}

int main(int argc, char **argv)
{
	bib b = { NULL, 0, 0 };
	ream_reader r;
	json_error_t e;
	json_t *items, *item;
	size_t i, j, total = 0, agree = 0;
	FILE *f;
	int rc;

	if (argc == 4 && !strcmp(argv[1], "--csl"))
		return compare_csl(argv[2], argv[3]);
	if (argc != 3) {
		fputs("usage: agree FILE.bib PANDOC.json\n"
		      "       agree --csl A.json B.json\n", stderr);
		return 1;
	}
	if (!(f = fopen(argv[1], "rb"))) {
		perror(argv[1]);
		return 1;
	}
	memset(&r, 0, sizeof r);
	r.file = argv[1];
	r.emit = emit;
	r.warn = warn;
	r.ud = &b;
	rc = ream_bibtex_read(f, &r);
	fclose(f);
	if (rc != REAM_OK) {
		fprintf(stderr, "agree: %s: ream's reader failed (%d)\n",
			argv[1], rc);
		return 1;
	}
	if (!(items = json_load_file(argv[2], 0, &e)) ||
	    !json_is_array(items)) {
		fprintf(stderr, "agree: %s: %s\n", argv[2],
			items ? "not an array" : e.text);
		return 1;
	}
	json_array_foreach(items, i, item) {
		const char *key = json_string_value(json_object_get(item, "id"));
		const ream_paper *p = NULL;

		total++;
		for (j = 0; key && j < b.n; j++) {
			if (!b.e[j].seen && !strcmp(ream_paper_get(b.e[j].p,
							REAM_F_KEY), key)) {
				p = b.e[j].p;
				b.e[j].seen = 1;
				break;
			}
		}
		if (!p) {
			printf("diff %s key: ream \"\" pandoc \"%s\"\n",
			       key ? key : "(none)", key ? key : "");
			continue;
		}
		if (!compare(key, p, item))
			agree++;
	}
	for (j = 0; j < b.n; j++) {
		if (b.e[j].seen)
			continue;
		total++;
		printf("diff %s key: ream \"%s\" pandoc \"\"\n",
		       ream_paper_get(b.e[j].p, REAM_F_KEY),
		       ream_paper_get(b.e[j].p, REAM_F_KEY));
	}
	printf("agree %s: %zu entries, %zu agree, %.2f%%\n", argv[1], total,
	       agree, total ? 100.0 * (double)agree / (double)total : 100.0);
	for (j = 0; j < b.n; j++)
		ream_paper_free(b.e[j].p);
	free(b.e);
	json_decref(items);
	return 0;
}
