/*
 * paper.c: the paper record, identifiers (arXiv, DOI), citation keys, and
 * lists of papers.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "internal.h"

typedef struct author {
	char *family;
	char *given;
	int literal;
} author;

typedef struct extra {
	char *name;
	char *value;
	int tex;	/* value is extra raw.<name> decoded (set_extra_tex) */
} extra;

struct ream_paper {
	char *f[REAM_F_COUNT];
	author *authors;
	size_t nauthors, cauthors;
	extra *extras;
	size_t nextras, cextras;
	int64_t added, cited;
};

struct ream_list {
	ream_paper **p;
	size_t n, cap;
};

static const char *const field_names[REAM_F_COUNT] = {
	"key", "type", "title", "date", "created", "updated", "venue",
	"volume", "number", "pages", "publisher", "arxiv", "arxiv_version",
	"primary_cat", "categories", "doi", "url", "abstract", "comments",
	"keywords", "source", "format"
};

const char *ream_field_name(ream_field f)
{
	return (unsigned)f < REAM_F_COUNT ? field_names[f] : NULL;
}

int ream_field_lookup(const char *name)
{
	int i;

	for (i = 0; i < REAM_F_COUNT; i++)
		if (strcmp(field_names[i], name) == 0)
			return i;
	return -1;
}

ream_paper *ream_paper_new(void)
{
	return calloc(1, sizeof(ream_paper));
}

void ream_paper_free(ream_paper *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < REAM_F_COUNT; i++)
		free(p->f[i]);
	for (i = 0; i < p->nauthors; i++) {
		free(p->authors[i].family);
		free(p->authors[i].given);
	}
	for (i = 0; i < p->nextras; i++) {
		free(p->extras[i].name);
		free(p->extras[i].value);
	}
	free(p->authors);
	free(p->extras);
	free(p);
}

ream_paper *ream_paper_dup(const ream_paper *p)
{
	ream_paper *d = ream_paper_new();
	size_t i;
	int rc = REAM_OK;

	if (!d)
		return NULL;
	for (i = 0; i < REAM_F_COUNT && rc == REAM_OK; i++)
		if (p->f[i] && !(d->f[i] = strdup(p->f[i])))
			rc = REAM_NOMEM;
	for (i = 0; i < p->nauthors && rc == REAM_OK; i++)
		rc = ream_paper_add_author(d, p->authors[i].family,
					   p->authors[i].given,
					   p->authors[i].literal);
	for (i = 0; i < p->nextras && rc == REAM_OK; i++)
		rc = ream_paper_set_extra(d, p->extras[i].name,
					  p->extras[i].value);
	/* After them all: setting a raw.<name> forgets its pair. */
	for (i = 0; i < p->nextras && rc == REAM_OK; i++)
		d->extras[i].tex = p->extras[i].tex;
	d->added = p->added;
	d->cited = p->cited;
	if (rc != REAM_OK) {
		ream_paper_free(d);
		return NULL;
	}
	return d;
}

/* ---- Identifiers ------------------------------------------------------- */

/* The archives of old-style arXiv ids (archive/YYMMNNN). */
static const char *const old_archives[] = {
	"acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph",
	"bayes-an", "chao-dyn", "chem-ph", "cmp-lg", "comp-gas", "cond-mat",
	"cs", "dg-ga", "funct-an", "gr-qc", "hep-ex", "hep-lat", "hep-ph",
	"hep-th", "math", "math-ph", "mtrl-th", "nlin", "nucl-ex", "nucl-th",
	"patt-sol", "physics", "plasm-ph", "q-alg", "q-bio", "quant-ph",
	"solv-int", "supr-con", NULL
};

/* 1 when s[0..n) starts with the ASCII prefix pre, ignoring case. */
static int has_prefix(const char *s, size_t n, const char *pre)
{
	size_t m = strlen(pre);

	return n >= m && strncasecmp(s, pre, m) == 0;
}

/* Skips a prefix among pres when s starts with one; returns its length. */
static size_t skip_prefix(const char *s, size_t n, const char *const *pres)
{
	for (; *pres; pres++)
		if (has_prefix(s, n, *pres))
			return strlen(*pres);
	return 0;
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

/*
 * Parses a version suffix "vN" at s[0..n) (n may be 0: no version). Returns
 * 1 and sets *version, or 0 when s is not a version.
 */
static int parse_version(const char *s, size_t n, int *version)
{
	*version = 0;
	if (n == 0)
		return 1;
	if ((s[0] != 'v' && s[0] != 'V') || n > 4 || !all_digits(s + 1, n - 1))
		return 0;
	while (--n)	/* s[1..n): not atoi, which reads on past n */
		*version = *version * 10 + (*++s - '0');
	return *version > 0;
}

/*
 * An arXiv id with the scheme and prefixes already removed. Writes the
 * normalised id into out. Returns 1 on success.
 */
static int parse_arxiv(const char *s, size_t n, char *out, size_t outsz,
		       int *version)
{
	size_t i, slash;
	const char *const *a;

	/* New style: YYMM.NNNN or YYMM.NNNNN, then maybe vN. */
	if (n >= 9 && all_digits(s, 4) && s[4] == '.') {
		int mm = (s[2] - '0') * 10 + (s[3] - '0');
		size_t d = 5;

		while (d < n && isdigit((unsigned char)s[d]))
			d++;
		if (mm < 1 || mm > 12 || d - 5 < 4 || d - 5 > 5)
			return 0;
		if (!parse_version(s + d, n - d, version) || d + 1 > outsz)
			return 0;
		for (i = 0; i < d; i++)
			out[i] = s[i];
		out[d] = '\0';
		return 1;
	}
	/* Old style: archive[.SC]/YYMMNNN, then maybe vN. */
	for (slash = 0; slash < n && s[slash] != '/'; slash++)
		;
	if (slash == n || n - slash - 1 < 7 ||
	    !all_digits(s + slash + 1, 7))
		return 0;
	for (a = old_archives; *a; a++) {
		size_t m = strlen(*a);

		if (slash >= m && strncasecmp(s, *a, m) == 0 &&
		    (slash == m || s[m] == '.'))
			break;
	}
	if (!*a || !parse_version(s + slash + 8, n - slash - 8, version))
		return 0;
	if (strlen(*a) + 9 > outsz)
		return 0;
	snprintf(out, outsz, "%s/%.7s", *a, s + slash + 1);
	return 1;
}

static int parse_doi(const char *s, size_t n, char *out, size_t outsz)
{
	size_t i = 3;

	if (n < 6 || s[0] != '1' || s[1] != '0' || s[2] != '.')
		return 0;
	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	if (i - 3 < 4 || i - 3 > 9 || i + 1 >= n || s[i] != '/')
		return 0;
	if (n + 1 > outsz)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f)
			return 0;
		out[i] = (char)tolower(c);
	}
	out[n] = '\0';
	return 1;
}

int ream_id_parse(const char *s, size_t n, char *out, size_t outsz,
		  int *version)
{
	static const char *const schemes[] = {
		"https://", "http://", NULL
	};
	static const char *const arxiv_hosts[] = {
		"www.arxiv.org/", "export.arxiv.org/", "arxiv.org/", NULL
	};
	static const char *const arxiv_paths[] = {
		"abs/", "pdf/", "html/", NULL
	};
	static const char *const doi_hosts[] = {
		"dx.doi.org/", "www.doi.org/", "doi.org/", NULL
	};
	size_t k;
	int v = 0;

	if (version)
		*version = 0;
	if (outsz)
		out[0] = '\0';
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || outsz == 0 || memchr(s, '\0', n))
		return REAM_ID_NONE;
	k = skip_prefix(s, n, schemes);
	if (k || has_prefix(s, n, "arxiv.org/") ||
	    has_prefix(s, n, "doi.org/") || has_prefix(s, n, "dx.doi.org/")) {
		size_t h;

		s += k, n -= k;
		if ((h = skip_prefix(s, n, arxiv_hosts))) {
			s += h, n -= h;
			if (!(h = skip_prefix(s, n, arxiv_paths)))
				return REAM_ID_NONE;
			s += h, n -= h;
			if (n >= 4 && has_prefix(s + n - 4, 4, ".pdf"))
				n -= 4;
			while (n && s[n - 1] == '/')
				n--;
			goto arxiv;
		}
		if ((h = skip_prefix(s, n, doi_hosts))) {
			s += h, n -= h;
			goto doi;
		}
		return REAM_ID_NONE;
	}
	if (has_prefix(s, n, "arxiv:")) {
		s += 6, n -= 6;
		while (n && *s == ' ')
			s++, n--;
		goto arxiv;
	}
	if (has_prefix(s, n, "doi:")) {
		s += 4, n -= 4;
		while (n && *s == ' ')
			s++, n--;
		goto doi;
	}
	if (n >= 3 && s[0] == '1' && s[1] == '0' && s[2] == '.')
		goto doi;
arxiv:
	if (!parse_arxiv(s, n, out, outsz, &v)) {
		out[0] = '\0';
		return REAM_ID_NONE;
	}
	if (version)
		*version = v;
	return REAM_ID_ARXIV;
doi:
	if (!parse_doi(s, n, out, outsz)) {
		out[0] = '\0';
		return REAM_ID_NONE;
	}
	return REAM_ID_DOI;
}

int ream_key_valid(const char *key, size_t n)
{
	size_t i;

	if (n == 0 || n > 200)
		return 0;
	if (!isalnum((unsigned char)key[0]) && key[0] != '_')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)key[i];

		if (!isalnum(c) && !strchr("_-:.", c))
			return 0;
	}
	return !strchr(".:-", key[n - 1]);
}

/* ---- Fields ------------------------------------------------------------ */

/*
 * Parses YYYY, YYYY-MM or YYYY-MM-DD (also with / separators) into out as
 * YYYY[-MM[-DD]]. Returns 1 on success.
 */
static int parse_date(const char *s, size_t n, char *out, size_t outsz)
{
	int y, m = 0, d = 0;

	if (n < 4 || !all_digits(s, 4))
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	if (n > 4) {
		if ((s[4] != '-' && s[4] != '/') || n < 7 ||
		    !all_digits(s + 5, 2))
			return 0;
		m = (s[5] - '0') * 10 + (s[6] - '0');
		if (n > 7) {
			if ((s[7] != '-' && s[7] != '/') || n != 10 ||
			    !all_digits(s + 8, 2))
				return 0;
			d = (s[8] - '0') * 10 + (s[9] - '0');
		}
	}
	if (m > 12 || d > 31 || (n > 4 && m == 0) || (n > 7 && d == 0))
		return 0;
	if (d)
		snprintf(out, outsz, "%04d-%02d-%02d", y, m, d);
	else if (m)
		snprintf(out, outsz, "%04d-%02d", y, m);
	else
		snprintf(out, outsz, "%04d", y);
	return 1;
}

/* Replaces field f by a copy of s[0..n); NULL or n == 0 clears it. */
static int set_raw(ream_paper *p, ream_field f, const char *s, size_t n)
{
	char *v = NULL;

	if (s && n && !(v = ream_strndup(s, n)))
		return REAM_NOMEM;
	free(p->f[f]);
	p->f[f] = v;
	return REAM_OK;
}

int ream_paper_set(ream_paper *p, ream_field f, const char *s, size_t n)
{
	char id[128];
	int kind, version;

	if ((unsigned)f >= REAM_F_COUNT)
		return REAM_FORMAT;
	if (!s)
		return set_raw(p, f, NULL, 0);
	if (n == (size_t)-1)
		n = strlen(s);
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0)
		return set_raw(p, f, NULL, 0);
	switch (f) {
	case REAM_F_ARXIV:
		kind = ream_id_parse(s, n, id, sizeof id, &version);
		if (kind != REAM_ID_ARXIV)
			return REAM_FORMAT;
		if (version) {
			char v[16];

			snprintf(v, sizeof v, "%d", version);
			if (set_raw(p, REAM_F_ARXIV_VERSION, v, strlen(v)))
				return REAM_NOMEM;
		}
		return set_raw(p, f, id, strlen(id));
	case REAM_F_DOI:
		kind = ream_id_parse(s, n, id, sizeof id, NULL);
		if (kind != REAM_ID_DOI)
			return REAM_FORMAT;
		return set_raw(p, f, id, strlen(id));
	case REAM_F_DATE:
	case REAM_F_CREATED:
	case REAM_F_UPDATED:
		if (!parse_date(s, n, id, sizeof id))
			return REAM_FORMAT;
		return set_raw(p, f, id, strlen(id));
	case REAM_F_ARXIV_VERSION:
		if (!all_digits(s, n) || n > 4)
			return REAM_FORMAT;
		return set_raw(p, f, s, n);
	default:
		return set_raw(p, f, s, n);
	}
}

const char *ream_paper_get(const ream_paper *p, ream_field f)
{
	return (unsigned)f < REAM_F_COUNT ? p->f[f] : NULL;
}

int ream_paper_year(const ream_paper *p)
{
	const char *d = p->f[REAM_F_DATE] ? p->f[REAM_F_DATE]
					   : p->f[REAM_F_CREATED];

	return d ? atoi(d) : 0;
}

int64_t ream_paper_added(const ream_paper *p)
{
	return p->added;
}

int64_t ream_paper_cited(const ream_paper *p)
{
	return p->cited;
}

void ream_paper_set_times(ream_paper *p, int64_t added, int64_t cited)
{
	p->added = added;
	p->cited = cited;
}

/* ---- Authors and extra fields ------------------------------------------ */

#define US '\x1f'
#define RS '\x1e'

/*
 * A copy of a name for the store, which packs names with US and RS
 * between them: those two control characters become spaces. NULL when out
 * of memory.
 */
static char *name_dup(const char *s)
{
	char *d = strdup(s), *c;

	for (c = d; c && *c; c++)
		if (*c == US || *c == RS)
			*c = ' ';
	return d;
}

int ream_paper_add_author(ream_paper *p, const char *family,
			  const char *given, int literal)
{
	author *a;

	if (!family || !*family) {
		if (!given || !*given)
			return REAM_FORMAT;
		family = given;	/* a mononym */
		given = NULL;
	}
	if (p->nauthors == p->cauthors) {
		size_t cap = p->cauthors ? p->cauthors * 2 : 4;

		a = realloc(p->authors, cap * sizeof *a);
		if (!a)
			return REAM_NOMEM;
		p->authors = a;
		p->cauthors = cap;
	}
	a = &p->authors[p->nauthors];
	a->family = name_dup(family);
	a->given = given && *given && !literal ? name_dup(given) : NULL;
	a->literal = literal ? 1 : 0;
	if (!a->family || (given && *given && !literal && !a->given)) {
		free(a->family);
		free(a->given);
		return REAM_NOMEM;
	}
	p->nauthors++;
	return REAM_OK;
}

void ream_paper_clear_authors(ream_paper *p)
{
	size_t i;

	for (i = 0; i < p->nauthors; i++) {
		free(p->authors[i].family);
		free(p->authors[i].given);
	}
	p->nauthors = 0;
}

size_t ream_paper_author_count(const ream_paper *p)
{
	return p->nauthors;
}

int ream_paper_author(const ream_paper *p, size_t i, const char **family,
		      const char **given, int *literal)
{
	if (i >= p->nauthors)
		return 0;
	if (family)
		*family = p->authors[i].family;
	if (given)
		*given = p->authors[i].given;
	if (literal)
		*literal = p->authors[i].literal;
	return 1;
}

/* The index of extra field name of p, or -1. */
static ptrdiff_t extra_index(const ream_paper *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nextras; i++)
		if (!strcmp(p->extras[i].name, name))
			return (ptrdiff_t)i;
	return -1;
}

int ream_paper_set_extra(ream_paper *p, const char *name, const char *value)
{
	ptrdiff_t i;
	char *v;

	if (!name || !*name || !value)
		return REAM_FORMAT;
	if (!(v = strdup(value)))
		return REAM_NOMEM;
	/* A new raw.<name>: <name> is no longer known to be it decoded. */
	if (!strncmp(name, "raw.", 4) &&
	    (i = extra_index(p, name + 4)) >= 0)
		p->extras[i].tex = 0;
	if ((i = extra_index(p, name)) >= 0) {
		free(p->extras[i].value);
		p->extras[i].value = v;
		p->extras[i].tex = 0;
		return REAM_OK;
	}
	if (p->nextras == p->cextras) {
		size_t cap = p->cextras ? p->cextras * 2 : 4;
		extra *e = realloc(p->extras, cap * sizeof *e);

		if (!e) {
			free(v);
			return REAM_NOMEM;
		}
		p->extras = e;
		p->cextras = cap;
	}
	if (!(p->extras[p->nextras].name = strdup(name))) {
		free(v);
		return REAM_NOMEM;
	}
	p->extras[p->nextras].tex = 0;
	p->extras[p->nextras++].value = v;
	return REAM_OK;
}

int ream_paper_set_extra_tex(ream_paper *p, const char *name,
			     const char *value, const char *tex)
{
	char key[80];
	ptrdiff_t i;
	int rc;

	if (!name || strlen(name) > 64)
		return REAM_FORMAT;
	snprintf(key, sizeof key, "raw.%s", name);
	if ((rc = ream_paper_set_extra(p, name, value)) != REAM_OK ||
	    (rc = ream_paper_set_extra(p, key, tex)) != REAM_OK)
		return rc;
	if ((i = extra_index(p, name)) >= 0)
		p->extras[i].tex = 1;
	return REAM_OK;
}

size_t ream_paper_extra_count(const ream_paper *p)
{
	return p->nextras;
}

int ream_paper_extra(const ream_paper *p, size_t i, const char **name,
		     const char **value)
{
	if (i >= p->nextras)
		return 0;
	*name = p->extras[i].name;
	*value = p->extras[i].value;
	return 1;
}

const char *ream_paper_get_extra(const ream_paper *p, const char *name)
{
	ptrdiff_t i = extra_index(p, name);

	return i >= 0 ? p->extras[i].value : NULL;
}

char *ream_paper_authors_pack(const ream_paper *p)
{
	ream_buf b = {0};
	int rc = REAM_OK;
	size_t i;

	for (i = 0; i < p->nauthors; i++) {
		if (i)
			ream_buf_addc(&rc, &b, RS);
		ream_buf_adds(&rc, &b, p->authors[i].family);
		if (!p->authors[i].literal) {
			ream_buf_addc(&rc, &b, US);
			if (p->authors[i].given)
				ream_buf_adds(&rc, &b, p->authors[i].given);
		}
	}
	return ream_buf_take(&rc, &b);
}

int ream_paper_authors_unpack(ream_paper *p, const char *s)
{
	int rc = REAM_OK;

	while (s && *s && rc == REAM_OK) {
		const char *end = strchr(s, RS);
		size_t n = end ? (size_t)(end - s) : strlen(s);
		const char *us = memchr(s, US, n);
		char *family, *given = NULL;

		family = ream_strndup(s, us ? (size_t)(us - s) : n);
		if (us)
			given = ream_strndup(us + 1, n - (size_t)(us - s) - 1);
		if (!family || (us && !given))
			rc = REAM_NOMEM;
		else
			rc = ream_paper_add_author(p, family, given, !us);
		free(family);
		free(given);
		s = end ? end + 1 : NULL;
	}
	return rc;
}

/* Hashes s and a separator no text holds (NULL hashes as the separator). */
static uint64_t hash_part(uint64_t h, const char *s)
{
	if (s)
		h = ream_hash_quick(h, s, strlen(s));
	return ream_hash_quick(h, "", 1);
}

uint64_t ream_paper_hash(const ream_paper *p)
{
	uint64_t h = REAM_HASH_INIT;
	size_t i;
	int f;

	for (f = 0; f < REAM_F_COUNT; f++)
		h = hash_part(h, p->f[f]);
	for (i = 0; i < p->nauthors; i++) {
		h = hash_part(h, p->authors[i].family);
		h = hash_part(h, p->authors[i].given);
		h = hash_part(h, p->authors[i].literal ? "L" : "P");
	}
	h = hash_part(h, "|");
	for (i = 0; i < p->nextras; i++) {
		h = hash_part(h, p->extras[i].name);
		h = hash_part(h, p->extras[i].value);
	}
	return h;
}

char *ream_paper_extra_pack(const ream_paper *p)
{
	ream_buf b = {0};
	int rc = REAM_OK;
	size_t i;

	if (p->nextras == 0)
		return NULL;
	/* What json_dumps(JSON_COMPACT | JSON_PRESERVE_ORDER) writes of
	 * the object, without building one: a sixth of a .bib import's
	 * time went to jansson here. */
	ream_buf_addc(&rc, &b, '{');
	for (i = 0; i < p->nextras; i++) {
		if (i)
			ream_buf_addc(&rc, &b, ',');
		ream_buf_add_json(&rc, &b, p->extras[i].name);
		ream_buf_addc(&rc, &b, ':');
		/* A value that is its raw.<name> decoded is null: unpack
		 * decodes it again. Beebe's .bib files give every entry the
		 * same 400-byte acknowledgement with a ~ in it. */
		if (p->extras[i].tex)
			ream_buf_adds(&rc, &b, "null");
		else
			ream_buf_add_json(&rc, &b, p->extras[i].value);
	}
	ream_buf_addc(&rc, &b, '}');
	if (rc != REAM_OK) {
		ream_buf_free(&b);
		return NULL;
	}
	return ream_buf_take(&rc, &b);
}

int ream_paper_extra_unpack(ream_paper *p, const char *text)
{
	json_t *o, *v;
	const char *name;
	ream_buf d = {0};
	int rc = REAM_OK;

	if (!text || !*text)
		return REAM_OK;
	if (!(o = json_loads(text, 0, NULL)))
		return REAM_CORRUPT;
	json_object_foreach(o, name, v) {
		const char *s = json_string_value(v), *raw;
		char key[80];

		if (rc != REAM_OK)
			break;
		if (s && !(!strncmp(name, "raw.", 4) &&
			   json_is_null(json_object_get(o, name + 4)))) {
			rc = ream_paper_set_extra(p, name, s);
			continue;
		}
		/* null: raw.<name> decoded (see pack), set with it. */
		if (!json_is_null(v) || strlen(name) > 64)
			continue;
		snprintf(key, sizeof key, "raw.%s", name);
		if (!(raw = json_string_value(json_object_get(o, key))))
			continue;
		ream_buf_reset(&d);
		ream_bibtex_decode(&rc, &d, raw, strlen(raw));
		ream_buf_add(&rc, &d, "", 0);
		if (rc == REAM_OK)
			rc = ream_paper_set_extra_tex(p, name, d.s, raw);
	}
	json_decref(o);
	ream_buf_free(&d);
	return rc;
}

/* ---- JSON -------------------------------------------------------------- */

char *ream_paper_json(const ream_paper *p)
{
	json_t *o = json_object(), *a, *c;
	char *s = NULL;
	size_t i;
	int f;

	if (!o)
		return NULL;
	for (f = 0; f < REAM_F_COUNT; f++) {
		if (!p->f[f] || f == REAM_F_CATEGORIES)
			continue;
		json_object_set_new(o, field_names[f], json_string(p->f[f]));
		if (f == REAM_F_TITLE) {
			a = json_array();
			for (i = 0; i < p->nauthors; i++) {
				json_t *x = json_object();

				json_object_set_new(x, "family",
					json_string(p->authors[i].family));
				if (p->authors[i].given)
					json_object_set_new(x, "given",
						json_string(p->authors[i].given));
				if (p->authors[i].literal)
					json_object_set_new(x, "literal",
							    json_true());
				json_array_append_new(a, x);
			}
			json_object_set_new(o, "authors", a);
		}
	}
	if (!json_object_get(o, "authors"))
		json_object_set_new(o, "authors", json_array());
	if (ream_paper_year(p))
		json_object_set_new(o, "year", json_integer(ream_paper_year(p)));
	c = json_array();
	if (p->f[REAM_F_CATEGORIES]) {
		const char *t = p->f[REAM_F_CATEGORIES];

		while (*t) {
			size_t n = strcspn(t, " ");

			if (n)
				json_array_append_new(c, json_stringn(t, n));
			t += n;
			t += strspn(t, " ");
		}
	}
	json_object_set_new(o, "categories", c);
	if (p->nextras) {
		json_t *x = json_object();

		for (i = 0; i < p->nextras; i++)
			json_object_set_new(x, p->extras[i].name,
					    json_string(p->extras[i].value));
		json_object_set_new(o, "extra", x);
	}
	if (p->added)
		json_object_set_new(o, "added", json_integer(p->added));
	if (p->cited)
		json_object_set_new(o, "cited", json_integer(p->cited));
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return s;
}

/* ---- Citation keys ----------------------------------------------------- */

/* Title words a key skips, as Better BibTeX's default does. */
static const char *const skip_words[] = {
	"a", "about", "above", "across", "after", "against", "along",
	"among", "an", "and", "around", "as", "at", "before", "behind",
	"below", "beneath", "beside", "between", "beyond", "but", "by",
	"down", "during", "except", "for", "from", "in", "inside", "into",
	"is", "its", "like", "near", "nor", "of", "off", "on", "onto", "or",
	"out", "over", "since", "so", "the", "through", "to", "toward",
	"towards", "under", "until", "up", "upon", "via", "with", "within",
	"without", "yet", NULL
};

static int is_skip_word(const char *w, size_t n)
{
	const char *const *s;

	for (s = skip_words; *s; s++)
		if (strlen(*s) == n && memcmp(*s, w, n) == 0)
			return 1;
	return 0;
}

/* Appends the first significant word of title, in ASCII lower case. */
static void key_title_word(int *rc, ream_buf *b, const char *title)
{
	ream_buf words = {0};
	const char *w;

	ream_text_words(rc, &words, title, strlen(title));
	for (w = words.s; *rc == REAM_OK && w && *w;) {
		size_t n = strcspn(w, " ");
		ream_buf ascii = {0};

		ream_text_ascii(rc, &ascii, w, n);
		if (ascii.n && !is_skip_word(ascii.s, ascii.n)) {
			ream_buf_add(rc, b, ascii.s, ascii.n);
			ream_buf_free(&ascii);
			break;
		}
		ream_buf_free(&ascii);
		w += n;
		w += strspn(w, " ");
	}
	ream_buf_free(&words);
}

void ream_paper_make_key(int *rc, ream_buf *b, const ream_paper *p)
{
	size_t start = b->n;
	const char *a = p->f[REAM_F_ARXIV];

	if (p->nauthors)
		ream_text_ascii(rc, b, p->authors[0].family,
				strlen(p->authors[0].family));
	if (p->f[REAM_F_TITLE]) {
		size_t before = b->n;

		if (ream_paper_year(p))
			ream_buf_printf(rc, b, "%d", ream_paper_year(p));
		key_title_word(rc, b, p->f[REAM_F_TITLE]);
		if (before == start && b->n > start &&
		    isdigit((unsigned char)b->s[start]) && !p->nauthors) {
			/* A title alone must not give a bare year. */
			b->n = start;
			b->s[start] = '\0';
		}
	} else if (b->n > start && ream_paper_year(p)) {
		ream_buf_printf(rc, b, "%d", ream_paper_year(p));
	}
	if (*rc != REAM_OK || b->n > start)
		return;
	if (a) {
		ream_buf_adds(rc, b, "arxiv");
		for (; *a; a++)
			if (*a != '/')
				ream_buf_addc(rc, b, *a);
		return;
	}
	{
		ream_buf all = {0};
		int f;

		for (f = 0; f < REAM_F_COUNT; f++) {
			if (p->f[f] && f != REAM_F_SOURCE && f != REAM_F_FORMAT &&
			    f != REAM_F_KEY && f != REAM_F_TYPE) {
				ream_buf_adds(rc, &all, p->f[f]);
				ream_buf_addc(rc, &all, '\n');
			}
		}
		ream_buf_printf(rc, b, "ream%08x",
				(unsigned)(ream_hash(all.s ? all.s : "",
						     all.n) >> 32));
		ream_buf_free(&all);
	}
}

/* ---- Lists ------------------------------------------------------------- */

ream_list *ream_list_new(void)
{
	return calloc(1, sizeof(ream_list));
}

int ream_list_push(ream_list *l, ream_paper *p)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		ream_paper **a = realloc(l->p, cap * sizeof *a);

		if (!a) {
			ream_paper_free(p);
			return REAM_NOMEM;
		}
		l->p = a;
		l->cap = cap;
	}
	l->p[l->n++] = p;
	return REAM_OK;
}

size_t ream_list_count(const ream_list *l)
{
	return l ? l->n : 0;
}

const ream_paper *ream_list_get(const ream_list *l, size_t i)
{
	return l && i < l->n ? l->p[i] : NULL;
}

void ream_list_free(ream_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		ream_paper_free(l->p[i]);
	free(l->p);
	free(l);
}
