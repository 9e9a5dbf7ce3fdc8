/*
 * fuzz_cite.c: the citation and key formatters on papers made of any
 * bytes. The input is pieces separated by \x01: the command and the
 * locator, then the fields in ream_field order, then authors (family and
 * given separated by \x02; a piece starting with \x03 is an organisation)
 * after a piece that is exactly "\x04". Each paper also goes through the
 * store's author and extra-field packing, which must give it back as it
 * was.
 */
#include "fuzz.h"

/* The next piece of data[*at..size) up to \x01, or NULL at the end. */
static char *piece(const uint8_t *data, size_t size, size_t *at, size_t *n)
{
	size_t i = *at;
	char *s;

	if (i > size)
		return NULL;
	while (i < size && data[i] != 1)
		i++;
	*n = i - *at;
	s = ream_strndup((const char *)data + *at, *n);
	FUZZ_CHECK(s != NULL, "out of memory");
	*at = i + 1;
	return s;
}

/* Authors survive packing into the store's column and back. */
static void check_pack(const ream_paper *p)
{
	ream_paper *q = ream_paper_new();
	char *packed = ream_paper_authors_pack(p);
	size_t i;

	FUZZ_CHECK(q && packed, "out of memory");
	FUZZ_CHECK(ream_paper_authors_unpack(q, packed) == REAM_OK,
		   "cannot unpack packed authors");
	FUZZ_CHECK(ream_paper_author_count(q) == ream_paper_author_count(p),
		   "packing authors changed their number");
	for (i = 0; i < ream_paper_author_count(p); i++) {
		const char *f1, *g1, *f2, *g2;
		int l1, l2;

		ream_paper_author(p, i, &f1, &g1, &l1);
		ream_paper_author(q, i, &f2, &g2, &l2);
		FUZZ_CHECK(strcmp(f1, f2) == 0, "packing changed a family name");
		FUZZ_CHECK((!g1 && !g2) || (g1 && g2 && strcmp(g1, g2) == 0),
			   "packing changed a given name");
		FUZZ_CHECK(l1 == l2, "packing changed an organisation");
	}
	free(packed);
	ream_paper_free(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ream_paper *p = ream_paper_new();
	char *command, *loc, *s;
	size_t at = 0, n;
	int f = 0, authors = 0;

	FUZZ_CHECK(p != NULL, "out of memory");
	command = piece(data, size, &at, &n);
	loc = piece(data, size, &at, &n);
	while ((s = piece(data, size, &at, &n))) {
		if (n == 1 && s[0] == 4) {
			authors = 1;
		} else if (authors) {
			char *g = memchr(s, 2, n);
			int literal = n > 0 && s[0] == 3;

			if (g)
				*g++ = '\0';
			(void)ream_paper_add_author(p, s + literal, g, literal);
		} else if (f < REAM_F_COUNT) {
			(void)ream_paper_set(p, (ream_field)f++, s, n);
		} else {
			(void)ream_paper_set_extra(p, s, s);
		}
		free(s);
	}
	check_pack(p);
	fuzz_format_paper(p, command && *command ? command : NULL,
			  loc && *loc ? loc : NULL);
	free(command);
	free(loc);
	ream_paper_free(p);
	return 0;
}
