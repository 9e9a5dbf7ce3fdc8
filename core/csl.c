/*
 * csl.c: CSL-JSON, the format of pandoc, Zotero and citeproc: the reader
 * (ream_csl_read) and the writer of one item (ream_csl_write).
 *
 * A CSL item maps to a paper as pandoc maps BibTeX to CSL (its citeproc
 * library), so that importing pandoc's CSL-JSON of a .bib gives the papers
 * importing the .bib gives:
 *
 *   id (or citation-key)  key           title            title
 *   type                  type, as the BibTeX type (article-journal ->
 *                         article, paper-conference -> inproceedings...)
 *   author                authors: particles go before family (as von
 *                         Last), suffix after given ("Bill, Jr."), literal
 *                         stays literal; without author, the editors
 *   editor                extra editor, as a BibTeX name list
 *   issued                date (date-parts, or a YYYY[-MM[-DD]] string)
 *   container-title       venue         volume           volume
 *   issue, number or      number        page             pages
 *   collection-number
 *   publisher             publisher (extra school of a thesis, extra
 *                         institution of a report)
 *   DOI                   doi
 *   URL                   url           abstract         abstract
 *   keyword               keywords      note             extra note
 *
 * and the variables BibTeX has a field for become extra fields of that
 * name (publisher-place -> address, collection-title -> series, ISBN ->
 * isbn, title-short -> shorttitle, accessed -> urldate...). Other string
 * variables are kept under their CSL names. arXiv: an item whose archive
 * is arXiv has its id in archive_location (and its primary category in
 * archive_collection), which is how the writer puts it; a DOI
 * 10.48550/arXiv.*, a number arXiv:ID or an arxiv.org URL say it too.
 * Rich text markup (<i>, <b>, <sup>, <sub>, <span class="nocase">...) is
 * removed and &amp; &lt; &gt; &quot; &#39; are decoded.
 *
 * The writer writes the same mapping back, from the paper's columns and
 * the extra fields that have a CSL variable; an arXiv paper without a URL
 * gets its abs page.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <jansson.h>

#include "internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Types ------------------------------------------------------------- */

/* CSL types and the BibTeX types they stand for, both ways. */
static const struct {
	const char *csl, *bib;
	int to_csl;	/* this pair is also the way from BibTeX to CSL */
} types[] = {
	{ "article-journal", "article", 1 },
	{ "article-magazine", "article", 0 },
	{ "article-newspaper", "article", 0 },
	{ "paper-conference", "inproceedings", 1 },
	{ "paper-conference", "conference", 1 },
	{ "chapter", "incollection", 1 },
	{ "chapter", "inbook", 1 },
	{ "chapter", "bookinbook", 1 },
	{ "chapter", "inreference", 1 },
	{ "book", "book", 1 },
	{ "book", "mvbook", 1 },
	{ "book", "proceedings", 1 },
	{ "book", "mvproceedings", 1 },
	{ "book", "collection", 1 },
	{ "book", "mvcollection", 1 },
	{ "book", "manual", 1 },
	{ "book", "reference", 1 },
	{ "pamphlet", "booklet", 1 },
	{ "thesis", "phdthesis", 1 },
	{ "thesis", "mastersthesis", 1 },
	{ "thesis", "thesis", 1 },
	{ "report", "techreport", 1 },
	{ "report", "report", 1 },
	{ "manuscript", "unpublished", 1 },
	{ "webpage", "online", 1 },
	{ "webpage", "www", 1 },
	{ "post-weblog", "online", 0 },
	{ "post", "online", 0 },
	{ "patent", "patent", 1 },
	{ "dataset", "dataset", 1 },
	{ "software", "software", 1 },
	{ "entry-encyclopedia", "inreference", 0 },
	{ "entry-dictionary", "inreference", 0 },
	{ "legislation", "legislation", 1 },
	{ "legal_case", "jurisdiction", 1 },
	{ "article", "misc", 0 },	/* a preprint */
	{ "document", "misc", 1 },
};

/* The BibTeX type of a CSL type: "misc" when it has none. */
static const char *bib_type(const char *csl)
{
	size_t i;

	for (i = 0; i < COUNT(types); i++)
		if (!strcmp(types[i].csl, csl))
			return types[i].bib;
	return "misc";
}

/* The CSL type of paper p. */
static const char *csl_type(const ream_paper *p)
{
	const char *t = ream_paper_get(p, REAM_F_TYPE);
	size_t i;

	if (t && !strcasecmp(t, "misc"))
		t = NULL;
	if (t)
		for (i = 0; i < COUNT(types); i++)
			if (types[i].to_csl && !strcasecmp(types[i].bib, t))
				return types[i].csl;
	/* arXiv's papers and other preprints are articles in CSL */
	return ream_paper_get(p, REAM_F_ARXIV) ? "article" : "document";
}

/* CSL variables that are BibTeX fields under another name, both ways. */
static const struct {
	const char *csl, *bib;
} renamed[] = {
	{ "publisher-place", "address" },
	{ "collection-title", "series" },
	{ "title-short", "shorttitle" },
	{ "container-title-short", "shortjournal" },
	{ "chapter-number", "chapter" },
	{ "ISBN", "isbn" },
	{ "ISSN", "issn" },
	{ "PMID", "pmid" },
	{ "PMCID", "pmcid" },
	{ "annote", "annotation" },
	{ "genre", "type" },
	{ "event-title", "eventtitle" },
	{ "event-place", "venue" },
	{ "number-of-pages", "pagetotal" },
	{ "number-of-volumes", "volumes" },
	{ "volume-title", "maintitle" },
	{ "status", "pubstate" },
	{ "medium", "howpublished" },
	{ "original-title", "origtitle" },
	{ "edition", "edition" },
	{ "language", "language" },
	{ "version", "version" },
	{ "note", "note" },
	{ "section", "section" },
};

/* Date variables and their BibLaTeX fields (as YYYY[-MM[-DD]]). */
static const struct {
	const char *csl, *bib;
} dates[] = {
	{ "accessed", "urldate" },
	{ "event-date", "eventdate" },
	{ "original-date", "origdate" },
};

/* Name variables kept as BibTeX name lists in extra fields. */
static const char *const name_vars[] = { "editor", "translator" };

/* Variables the reader takes to columns or leaves (not kept as extras). */
static const char *const known[] = {
	"id", "type", "title", "author", "issued", "container-title",
	"volume", "issue", "number", "collection-number", "page", "publisher",
	"DOI", "URL", "abstract", "keyword", "citation-key", "archive",
	"archive_location", "archive_collection", "page-first",
};

/* ---- Reading ----------------------------------------------------------- */

typedef struct csl {
	ream_reader *r;
	ream_buf a, b;		/* scratch */
} csl;

/* The tags of CSL rich text, which are removed. */
static const char *const markup[] = {
	"<i>", "</i>", "<b>", "</b>", "<sup>", "</sup>", "<sub>", "</sub>",
	"<span class=\"nocase\">", "<span class=\"nodecor\">",
	"<span style=\"font-variant:small-caps;\">",
	"<span style=\"font-variant: small-caps;\">", "</span>",
};

static const struct {
	const char *entity, *text;
} entities[] = {
	{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
	{ "&quot;", "\"" }, { "&#39;", "'" }, { "&#38;", "&" },
};

/* Puts in c->a the string s[0..n) without its markup. */
static void plain(int *rc, csl *c, const char *s, size_t n)
{
	size_t i = 0, j, k, m;

	ream_buf_reset(&c->a);
	ream_buf_add(rc, &c->a, "", 0);
	while (i < n) {
		for (j = i; j < n && s[j] != '<' && s[j] != '&'; j++)
			;
		ream_buf_add(rc, &c->a, s + i, j - i);
		if (j == n)
			break;
		for (k = 0; k < COUNT(markup); k++) {
			m = strlen(markup[k]);
			if (n - j >= m && !memcmp(s + j, markup[k], m))
				break;
		}
		if (k < COUNT(markup)) {
			i = j + m;
			continue;
		}
		for (k = 0; k < COUNT(entities); k++) {
			m = strlen(entities[k].entity);
			if (n - j >= m && !memcmp(s + j, entities[k].entity, m))
				break;
		}
		if (k < COUNT(entities)) {
			ream_buf_adds(rc, &c->a, entities[k].text);
			i = j + m;
			continue;
		}
		ream_buf_addc(rc, &c->a, s[j]);
		i = j + 1;
	}
}

/* The string (or number, as text) of o's variable key into c->a; NULL. */
static const char *text(int *rc, csl *c, const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	char num[32];

	if (json_is_string(v)) {
		plain(rc, c, json_string_value(v), json_string_length(v));
	} else if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
			 json_integer_value(v));
		plain(rc, c, num, strlen(num));
	} else {
		return NULL;
	}
	return *rc == REAM_OK && c->a.n ? c->a.s : NULL;
}

/*
 * Sets field f of p from o's variable key. A value the field refuses (a
 * DOI that is none) is kept as extra field name when name is not NULL.
 */
static int put(csl *c, ream_paper *p, ream_field f, const json_t *o,
	       const char *key, const char *name)
{
	int rc = REAM_OK;
	const char *v = text(&rc, c, o, key);

	if (rc != REAM_OK || !v)
		return rc;
	rc = ream_paper_set(p, f, v, c->a.n);
	if (rc == REAM_FORMAT)
		rc = name ? ream_paper_set_extra(p, name, v) : REAM_OK;
	return rc;
}

/*
 * Appends to c->b the date of o's variable key as YYYY[-MM[-DD]]: from
 * date-parts (numbers or strings), or a string (EDTF, or "raw"). Returns
 * 1 when there is one.
 */
static int date_of(int *rc, csl *c, const json_t *o, const char *key)
{
	const json_t *d = json_object_get(o, key), *parts, *v;
	long part[3] = { 0, 0, 0 };
	const char *s = NULL;
	size_t i, n = 0;
	int y, m, day;
	char out[16];

	ream_buf_reset(&c->b);
	if (json_is_string(d))
		s = json_string_value(d);
	else if (json_is_object(d) && json_is_string(json_object_get(d, "raw")))
		s = json_string_value(json_object_get(d, "raw"));
	if (s) {
		/* YYYY, YYYY-MM or YYYY-MM-DD at the start */
		for (n = 0; n < 10 && s[n] &&
		     (n == 4 || n == 7 ? s[n] == '-' : s[n] >= '0' && s[n] <= '9');
		     n++)
			;
		if (n == 5 || n == 8)
			n--;
		if (n != 4 && n != 7 && n != 10)
			return 0;
		if (s[n] >= '0' && s[n] <= '9')
			return 0;
		ream_buf_add(rc, &c->b, s, n);
		return 1;
	}
	parts = json_object_get(d, "date-parts");
	parts = json_array_get(parts, 0);
	for (i = 0; i < 3 && i < json_array_size(parts); i++) {
		v = json_array_get(parts, i);
		if (json_is_integer(v))
			part[i] = (long)json_integer_value(v);
		else if (json_is_string(v))
			part[i] = strtol(json_string_value(v), NULL, 10);
		if (part[i] <= 0)
			break;
		n = i + 1;
	}
	if (n == 0 || part[0] > 9999 || part[1] > 12 || part[2] > 31)
		return 0;
	y = (int)part[0];
	m = (int)part[1];
	day = (int)part[2];
	if (n == 1)
		snprintf(out, sizeof out, "%04d", y);
	else if (n == 2)
		snprintf(out, sizeof out, "%04d-%02d", y, m);
	else
		snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, day);
	ream_buf_adds(rc, &c->b, out);
	return 1;
}

/*
 * One CSL name as family and given into fam and giv (emptied first):
 * particles before the family name, a suffix after the given names.
 * Returns 1 for a literal name, 0 for a person, -1 for no name.
 */
static int name_of(int *rc, const json_t *n, ream_buf *fam, ream_buf *giv)
{
	static const char *const before[] = {
		"dropping-particle", "non-dropping-particle"
	};
	const char *s;
	size_t i;

	ream_buf_reset(fam);
	ream_buf_reset(giv);
	ream_buf_add(rc, fam, "", 0);
	ream_buf_add(rc, giv, "", 0);
	if (!json_is_object(n))
		return -1;
	if ((s = json_string_value(json_object_get(n, "literal"))) && *s) {
		ream_buf_adds(rc, fam, s);
		return 1;
	}
	for (i = 0; i < COUNT(before); i++) {
		if ((s = json_string_value(json_object_get(n, before[i]))) &&
		    *s) {
			if (fam->n)
				ream_buf_addc(rc, fam, ' ');
			ream_buf_adds(rc, fam, s);
		}
	}
	if ((s = json_string_value(json_object_get(n, "family"))) && *s) {
		if (fam->n)
			ream_buf_addc(rc, fam, ' ');
		ream_buf_adds(rc, fam, s);
	}
	if ((s = json_string_value(json_object_get(n, "given"))) && *s)
		ream_buf_adds(rc, giv, s);
	if ((s = json_string_value(json_object_get(n, "suffix"))) && *s) {
		if (giv->n)
			ream_buf_adds(rc, giv, ", ");
		ream_buf_adds(rc, giv, s);
	}
	if (!fam->n && giv->n) {
		/* a name of one part ("Plato") is a family name */
		ream_buf_add(rc, fam, giv->s, giv->n);
		ream_buf_reset(giv);
		ream_buf_add(rc, giv, "", 0);
	}
	return fam->n ? 0 : -1;
}

/* Appends name to the BibTeX name list in b: "Family, Given and ...". */
static void add_bib_name(int *rc, ream_buf *b, const char *family,
			 const char *given, int literal)
{
	const char *jr = given ? strrchr(given, ',') : NULL;

	if (b->n)
		ream_buf_adds(rc, b, " and ");
	if (literal && strcmp(family, "others")) {
		ream_buf_addc(rc, b, '{');
		ream_buf_adds(rc, b, family);
		ream_buf_addc(rc, b, '}');
		return;
	}
	ream_buf_adds(rc, b, family);
	if (!given || !*given)
		return;
	if (jr && jr > given && jr[1]) {
		/* "Bill, Jr." -> "Gates, Jr., Bill" */
		ream_buf_addc(rc, b, ',');
		ream_buf_adds(rc, b, jr + 1);
		ream_buf_adds(rc, b, ", ");
		ream_buf_add(rc, b, given, (size_t)(jr - given));
		return;
	}
	ream_buf_adds(rc, b, ", ");
	ream_buf_adds(rc, b, given);
}

/*
 * The names of o's variable key: added to p as its authors (authors = 1),
 * and/or kept as the BibTeX name list in extra field extra (not NULL).
 * Returns the number of names, or -1 with *rc set on failure.
 */
static int names_of(int *rc, ream_paper *p, const json_t *o,
		    const char *key, int authors, const char *extra)
{
	const json_t *list = json_object_get(o, key), *n;
	ream_buf fam = { 0 }, giv = { 0 }, bib = { 0 };
	size_t i;
	int kind, count = 0;

	json_array_foreach(list, i, n) {
		if ((kind = name_of(rc, n, &fam, &giv)) < 0 || *rc != REAM_OK)
			continue;
		count++;
		if (authors && *rc == REAM_OK)
			*rc = ream_paper_add_author(p, fam.s,
						    giv.n ? giv.s : NULL, kind);
		if (extra)
			add_bib_name(rc, &bib, fam.s, giv.n ? giv.s : NULL,
				     kind);
	}
	if (extra && bib.n && *rc == REAM_OK)
		*rc = ream_paper_set_extra(p, extra, bib.s);
	ream_buf_free(&fam);
	ream_buf_free(&giv);
	ream_buf_free(&bib);
	return *rc == REAM_OK ? count : -1;
}

/* 1 when name is one of the n strings of list. */
static int listed(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i], name))
			return 1;
	return 0;
}

/* The arXiv id of the item, from archive_location, number, URL or DOI. */
static int put_arxiv(csl *c, ream_paper *p, const json_t *o)
{
	const char *v, *archive;
	int rc = REAM_OK;

	archive = json_string_value(json_object_get(o, "archive"));
	if (archive && !strcasecmp(archive, "arxiv") &&
	    (v = text(&rc, c, o, "archive_location")) &&
	    ream_paper_set(p, REAM_F_ARXIV, v, c->a.n) == REAM_OK) {
		if ((v = text(&rc, c, o, "archive_collection")))
			rc = ream_paper_set(p, REAM_F_PRIMARY_CAT, v, c->a.n);
		return rc;
	}
	if (rc == REAM_OK && (v = text(&rc, c, o, "number")) &&
	    !strncasecmp(v, "arxiv:", 6) &&
	    ream_paper_set(p, REAM_F_ARXIV, v, c->a.n) == REAM_OK)
		return rc;
	if (rc == REAM_OK && (v = text(&rc, c, o, "URL")) &&
	    strstr(v, "arxiv.org/") &&
	    ream_paper_set(p, REAM_F_ARXIV, v, c->a.n) == REAM_OK)
		return rc;
	v = ream_paper_get(p, REAM_F_DOI);
	if (rc == REAM_OK && v && !strncmp(v, "10.48550/arxiv.", 15))
		(void)ream_paper_set(p, REAM_F_ARXIV, v + 15, (size_t)-1);
	return rc;
}

/* Builds paper p from the CSL item o. */
static int item(csl *c, json_t *o, ream_paper *p)
{
	const char *v, *key, *type = "misc";
	size_t i;
	int rc = REAM_OK, nauthors;
	void *it;

	v = text(&rc, c, o, "id");
	if (rc == REAM_OK && !v)
		v = text(&rc, c, o, "citation-key");
	if (rc == REAM_OK && v)
		rc = ream_paper_set(p, REAM_F_KEY, v, c->a.n);
	v = json_string_value(json_object_get(o, "type"));
	if (rc == REAM_OK) {
		const char *genre = json_string_value(json_object_get(o, "genre"));

		type = bib_type(v ? v : "");
		if (!strcmp(type, "phdthesis") && genre &&
		    (strstr(genre, "aster") || strstr(genre, "MSc") ||
		     strstr(genre, "M.Sc") || strstr(genre, "M.A.")))
			type = "mastersthesis";
		rc = ream_paper_set(p, REAM_F_TYPE, type, (size_t)-1);
	}
	if (rc == REAM_OK)
		rc = put(c, p, REAM_F_TITLE, o, "title", NULL);
	if (rc == REAM_OK)
		rc = put(c, p, REAM_F_VENUE, o, "container-title", NULL);
	if (rc == REAM_OK)
		rc = put(c, p, REAM_F_VOLUME, o, "volume", NULL);
	if (rc == REAM_OK) {
		static const char *const numbers[] = {
			"issue", "number", "collection-number"
		};

		for (i = 0; i < COUNT(numbers) && rc == REAM_OK; i++) {
			v = text(&rc, c, o, numbers[i]);
			if (v && strncasecmp(v, "arxiv:", 6)) {
				rc = ream_paper_set(p, REAM_F_NUMBER, v, c->a.n);
				break;
			}
		}
	}
	if (rc == REAM_OK) {
		rc = put(c, p, REAM_F_PAGES, o, "page", NULL);
		if (rc == REAM_OK && !ream_paper_get(p, REAM_F_PAGES))
			rc = put(c, p, REAM_F_PAGES, o, "page-first", NULL);
	}
	if (rc == REAM_OK && (strstr(type, "thesis") ||
			      !strcmp(type, "techreport"))) {
		/* as pandoc has it: the school or institution publishes */
		if ((v = text(&rc, c, o, "publisher")))
			rc = ream_paper_set_extra(p, strstr(type, "thesis")
						  ? "school" : "institution", v);
	} else if (rc == REAM_OK) {
		rc = put(c, p, REAM_F_PUBLISHER, o, "publisher", NULL);
	}
	if (rc == REAM_OK)
		rc = put(c, p, REAM_F_DOI, o, "DOI", "doi");
	if (rc == REAM_OK)
		rc = put(c, p, REAM_F_ABSTRACT, o, "abstract", NULL);
	if (rc == REAM_OK)
		rc = put(c, p, REAM_F_KEYWORDS, o, "keyword", NULL);
	if (rc == REAM_OK && date_of(&rc, c, o, "issued") && rc == REAM_OK &&
	    ream_paper_set(p, REAM_F_DATE, c->b.s, c->b.n) != REAM_OK)
		rc = rc == REAM_NOMEM ? rc : REAM_OK;
	if (rc == REAM_OK)
		rc = put_arxiv(c, p, o);
	if (rc == REAM_OK && (v = text(&rc, c, o, "URL"))) {
		/* the abs page of its arXiv id says nothing more */
		char id[64];
		int version;

		if (!ream_paper_get(p, REAM_F_ARXIV) ||
		    ream_id_parse(v, c->a.n, id, sizeof id, &version) !=
		    REAM_ID_ARXIV || version ||
		    strcmp(id, ream_paper_get(p, REAM_F_ARXIV)))
			rc = ream_paper_set(p, REAM_F_URL, v, c->a.n);
	}
	/* authors; without them, the editors */
	nauthors = rc == REAM_OK ? names_of(&rc, p, o, "author", 1, NULL) : 0;
	for (i = 0; rc == REAM_OK && i < COUNT(name_vars); i++)
		names_of(&rc, p, o, name_vars[i],
			 nauthors == 0 && !strcmp(name_vars[i], "editor"),
			 name_vars[i]);
	if (rc == REAM_OK && nauthors == 0 && ream_paper_author_count(p))
		rc = ream_paper_set_extra(p, REAM_EDITORS_AS_AUTHORS, "1");
	for (i = 0; rc == REAM_OK && i < COUNT(dates); i++)
		if (date_of(&rc, c, o, dates[i].csl) && rc == REAM_OK)
			rc = ream_paper_set_extra(p, dates[i].bib, c->b.s);
	/* the other variables, under their BibTeX names or their own */
	for (it = json_object_iter(o); it && rc == REAM_OK;
	     it = json_object_iter_next(o, it)) {
		key = json_object_iter_key(it);
		if (!*key || listed(key, known, COUNT(known)) ||
		    listed(key, name_vars, COUNT(name_vars)))
			continue;
		for (i = 0; i < COUNT(dates) && strcmp(dates[i].csl, key); i++)
			;
		if (i < COUNT(dates) || !(v = text(&rc, c, o, key)))
			continue;
		for (i = 0; i < COUNT(renamed) && strcmp(renamed[i].csl, key);
		     i++)
			;
		if (!strcmp(key, "genre") && strstr(type, "thesis"))
			continue;	/* the type says it */
		rc = ream_paper_set_extra(p, i < COUNT(renamed) ? renamed[i].bib
					  : key, v);
	}
	return rc;
}

/* The 1-based line of offset pos in s, counted on from (*at, *line). */
static long line_at(const char *s, size_t pos, size_t *at, long *line)
{
	const char *nl;

	while (*at < pos && (nl = memchr(s + *at, '\n', pos - *at))) {
		(*line)++;
		*at = (size_t)(nl - s) + 1;
	}
	if (*at < pos)
		*at = pos;
	return *line;
}

/*
 * Reads the rest of f into *out (malloc'd) and its length into *n.
 * Returns REAM_OK, REAM_IO or REAM_NOMEM.
 */
static int read_all(FILE *f, char **out, size_t *n)
{
	struct stat st;
	size_t cap = 1 << 16, len = 0;
	char *s, *t;

	*out = NULL;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0 && (uint64_t)st.st_size < SIZE_MAX - 2)
		cap = (size_t)st.st_size + 2;
	if (!(s = malloc(cap)))
		return REAM_NOMEM;
	for (;;) {
		len += fread(s + len, 1, cap - len - 1, f);
		if (len + 1 < cap)
			break;
		cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
		if (!(t = realloc(s, cap))) {
			free(s);
			return REAM_NOMEM;
		}
		s = t;
	}
	if (ferror(f)) {
		free(s);
		return REAM_IO;
	}
	*out = s;
	*n = len;
	return REAM_OK;
}

static int is_ws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/*
 * The offset of the next line after pos that starts (after blanks) with
 * {, where reading can resume after a JSON error; n when there is none.
 */
static size_t resume_at(const char *s, size_t n, size_t pos)
{
	const char *nl;
	size_t k;

	while (pos < n && (nl = memchr(s + pos, '\n', n - pos))) {
		k = pos = (size_t)(nl - s) + 1;
		while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
			k++;
		if (k < n && s[k] == '{')
			return k;
	}
	return n;
}

/*
 * Reads CSL-JSON: an array of items (or items one after another, one a
 * line or not). The file is read whole, and its items parsed one at a
 * time, so memory is the file and one item's JSON. An item that is not
 * valid JSON is reported with its line and reading resumes at the next
 * line that starts an object; an item that is not an object is reported
 * and skipped.
 */
int ream_csl_read(FILE *f, ream_reader *r)
{
	csl c;
	char *s, msg[300];
	size_t n, i, base = 0, at = 0;
	long line = 1, l;
	int rc;
	json_error_t e;
	json_t *o;

	if ((rc = read_all(f, &s, &n)) != REAM_OK)
		return rc;
	memset(&c, 0, sizeof c);
	c.r = r;
	if (n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		base = 3;
	i = base;
	while (i < n && is_ws(s[i]))
		i++;
	if (i < n && s[i] == '[')
		i++;
	while (rc == REAM_OK) {
		while (i < n && (is_ws(s[i]) || s[i] == ','))
			i++;
		if (i >= n || s[i] == ']')
			break;
		l = line_at(s, i, &at, &line);
		o = json_loadb(s + i, n - i, JSON_DISABLE_EOF_CHECK |
			       JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
		if (!o) {
			snprintf(msg, sizeof msg, "not JSON: %s (line %ld, "
				 "column %d)", e.text, l + e.line - 1,
				 e.column);
			if (r->warn)
				r->warn(r->ud, l + e.line - 1, msg);
			i = resume_at(s, n, i + (e.position > 0 ?
						(size_t)e.position - 1 : 0));
			continue;
		}
		i += e.position;
		r->bytes = (int64_t)i;
		if (!json_is_object(o)) {
			if (r->warn)
				r->warn(r->ud, l, "not a CSL item (a JSON "
					"object)");
		} else {
			ream_paper *p = ream_paper_new();

			rc = p ? item(&c, o, p) : REAM_NOMEM;
			if (rc == REAM_OK && r->emit)
				rc = r->emit(r->ud, p, l);
			else
				ream_paper_free(p);
		}
		json_decref(o);
	}
	ream_buf_free(&c.a);
	ream_buf_free(&c.b);
	free(s);
	return rc;
}

/* ---- Writing ----------------------------------------------------------- */

/* Adds s as o's variable key (nothing when s is NULL). */
static void set_str(json_t *o, const char *key, const char *s)
{
	if (s && *s)
		json_object_set_new(o, key, json_string(s));
}

/* The CSL name of one author. */
static json_t *csl_name(const char *family, const char *given, int literal)
{
	json_t *n = json_object();
	const char *jr;

	if (!n)
		return NULL;
	if (literal || !given) {
		if (literal)
			set_str(n, "literal", family);
		else
			set_str(n, "family", family);
		return n;
	}
	set_str(n, "family", family);
	jr = strrchr(given, ',');
	if (jr && jr > given && jr[1]) {
		char *g = ream_strndup(given, (size_t)(jr - given));

		if (g)
			set_str(n, "given", g);
		free(g);
		while (*++jr == ' ')
			;
		set_str(n, "suffix", jr);
	} else {
		set_str(n, "given", given);
	}
	return n;
}

static int add_csl_name(void *ud, const char *family, const char *given,
			int literal)
{
	json_array_append_new(ud, csl_name(family, given, literal));
	return 0;
}

/* A date YYYY[-MM[-DD]] as {"date-parts": [[y, m, d]]}, or NULL. */
static json_t *csl_date(const char *d)
{
	json_t *parts, *o;
	int y, m = 0, day = 0;

	if (!d || sscanf(d, "%4d-%2d-%2d", &y, &m, &day) < 1 || y <= 0)
		return NULL;
	parts = json_array();
	json_array_append_new(parts, json_integer(y));
	if (m > 0) {
		json_array_append_new(parts, json_integer(m));
		if (day > 0)
			json_array_append_new(parts, json_integer(day));
	}
	o = json_pack("{s:[o]}", "date-parts", parts);
	return o;
}

/* The non-empty value of extra field name (any case), or NULL. */
static const char *extra_of(const ream_paper *p, const char *name)
{
	size_t i, n = ream_paper_extra_count(p);
	const char *k, *v;

	for (i = 0; i < n; i++)
		if (ream_paper_extra(p, i, &k, &v) && !strcasecmp(k, name) &&
		    v && *v)
			return v;
	return NULL;
}

/* The CSL item of p; NULL when out of memory. */
static json_t *csl_item(const ream_paper *p)
{
	json_t *o = json_object(), *a;
	const char *type = csl_type(p), *v, *arxiv;
	size_t i, n;
	int rc = REAM_OK;
	ream_buf key = { 0 };
	ream_names nm;

	if (!o)
		return NULL;
	memset(&nm, 0, sizeof nm);
	if ((v = ream_paper_get(p, REAM_F_KEY)))
		set_str(o, "id", v);
	else {
		ream_paper_make_key(&rc, &key, p);
		set_str(o, "id", key.s);
		ream_buf_free(&key);
	}
	set_str(o, "type", type);
	set_str(o, "title", ream_paper_get(p, REAM_F_TITLE));
	if ((n = ream_paper_author_count(p)) > 0) {
		a = json_array();
		for (i = 0; i < n; i++) {
			const char *family, *given;
			int literal;

			if (ream_paper_author(p, i, &family, &given, &literal))
				json_array_append_new(a, csl_name(family, given,
								  literal));
		}
		json_object_set_new(o, "author", a);
	}
	for (i = 0; i < COUNT(name_vars); i++) {
		if (!(v = extra_of(p, name_vars[i])))
			continue;
		a = json_array();
		ream_names_split(&nm, v, strlen(v), add_csl_name, a);
		if (json_array_size(a))
			json_object_set_new(o, name_vars[i], a);
		else
			json_decref(a);
	}
	ream_names_free(&nm);
	v = ream_paper_get(p, REAM_F_DATE);
	if ((a = csl_date(v ? v : ream_paper_get(p, REAM_F_CREATED))))
		json_object_set_new(o, "issued", a);
	set_str(o, "container-title", ream_paper_get(p, REAM_F_VENUE));
	set_str(o, "volume", ream_paper_get(p, REAM_F_VOLUME));
	if ((v = ream_paper_get(p, REAM_F_NUMBER)))
		set_str(o, !strcmp(type, "article-journal") ||
			!strcmp(type, "paper-conference") ? "issue"
			: !strcmp(type, "book") || !strcmp(type, "chapter")
			? "collection-number" : "number", v);
	set_str(o, "page", ream_paper_get(p, REAM_F_PAGES));
	v = ream_paper_get(p, REAM_F_PUBLISHER);
	if (!v)	/* as pandoc: a school or institution publishes */
		v = extra_of(p, "school") ? extra_of(p, "school")
					  : extra_of(p, "institution");
	set_str(o, "publisher", v);
	set_str(o, "DOI", ream_paper_get(p, REAM_F_DOI));
	arxiv = ream_paper_get(p, REAM_F_ARXIV);
	if ((v = ream_paper_get(p, REAM_F_URL))) {
		set_str(o, "URL", v);
	} else if (arxiv) {
		ream_buf u = { 0 };

		ream_buf_printf(&rc, &u, "https://arxiv.org/abs/%s", arxiv);
		set_str(o, "URL", u.s);
		ream_buf_free(&u);
	}
	if (arxiv) {
		ream_buf u = { 0 };

		v = ream_paper_get(p, REAM_F_ARXIV_VERSION);
		ream_buf_printf(&rc, &u, "%s%s%s", arxiv, v ? "v" : "",
				v ? v : "");
		set_str(o, "archive", "arXiv");
		set_str(o, "archive_location", u.s);
		set_str(o, "archive_collection",
			ream_paper_get(p, REAM_F_PRIMARY_CAT));
		ream_buf_free(&u);
	}
	set_str(o, "abstract", ream_paper_get(p, REAM_F_ABSTRACT));
	set_str(o, "keyword", ream_paper_get(p, REAM_F_KEYWORDS));
	for (i = 0; i < COUNT(renamed); i++) {
		if (!(v = extra_of(p, renamed[i].bib)))
			continue;
		if (!strcmp(renamed[i].csl, "genre") &&
		    !strcmp(type, "thesis"))
			continue;
		set_str(o, renamed[i].csl, v);
	}
	if (!json_object_get(o, "note"))
		set_str(o, "note", ream_paper_get(p, REAM_F_COMMENTS));
	if (!json_object_get(o, "publisher-place"))
		set_str(o, "publisher-place", extra_of(p, "location"));
	if (!strcmp(type, "thesis")) {
		const char *t = ream_paper_get(p, REAM_F_TYPE);

		set_str(o, "genre", extra_of(p, "type") ? extra_of(p, "type")
			: t && !strcasecmp(t, "mastersthesis")
			? "Master's thesis" : "PhD thesis");
	}
	for (i = 0; i < COUNT(dates); i++)
		if ((a = csl_date(extra_of(p, dates[i].bib))))
			json_object_set_new(o, dates[i].csl, a);
	if (rc != REAM_OK) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int ream_csl_write(const ream_paper *p, ream_write_fn w, void *ud)
{
	json_t *o;
	char *s;
	int rc;

	if (!p || !w)
		return REAM_ERROR;
	if (!(o = csl_item(p)))
		return REAM_NOMEM;
	s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!s)
		return REAM_NOMEM;
	rc = w(ud, s, strlen(s));
	free(s);
	return rc;
}
