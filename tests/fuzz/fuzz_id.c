/*
 * fuzz_id.c: identifiers and keys. ream_id_parse on any bytes and any
 * output size, the identifier and date fields of ream_paper_set, and
 * ream_key_valid. Checks: the output is a string that fits, a recognised
 * id parses again to itself, and a refused field is left as it was.
 */
#include "fuzz.h"

static void check_id(const char *s, size_t n, size_t outsz)
{
	char *out = malloc(outsz ? outsz : 1), again[256];
	int kind, kind2, v = -1, v2;

	FUZZ_CHECK(out != NULL, "out of memory");
	kind = ream_id_parse(s, n, out, outsz, &v);
	FUZZ_CHECK(kind == REAM_ID_NONE || kind == REAM_ID_ARXIV ||
		   kind == REAM_ID_DOI, "ream_id_parse gave an unknown kind");
	FUZZ_CHECK(v >= 0, "ream_id_parse gave a negative version");
	if (outsz) {
		size_t len = strnlen(out, outsz);

		FUZZ_CHECK(len < outsz, "ream_id_parse wrote no NUL");
		FUZZ_CHECK(kind != REAM_ID_NONE || len == 0,
			   "ream_id_parse wrote an id for none");
		FUZZ_CHECK(kind == REAM_ID_NONE || len > 0,
			   "ream_id_parse recognised an empty id");
		FUZZ_CHECK(kind != REAM_ID_ARXIV || v == 0 || v < 10000,
			   "an arXiv version out of range");
		if (kind != REAM_ID_NONE) {
			/* The normal form is a fixed point. */
			kind2 = ream_id_parse(out, len, again, sizeof again,
					      &v2);
			FUZZ_CHECK(kind2 == kind, "a normal id parses to "
				   "another kind");
			FUZZ_CHECK(strcmp(again, out) == 0,
				   "a normal id parses to another id");
			FUZZ_CHECK(v2 == 0, "a normal id has a version");
		}
	} else {
		FUZZ_CHECK(kind == REAM_ID_NONE, "an id in 0 bytes");
	}
	free(out);
}

static void check_field(const char *s, size_t n, ream_field f)
{
	ream_paper *p = ream_paper_new();
	const char *v;
	int rc;

	FUZZ_CHECK(p != NULL, "out of memory");
	FUZZ_CHECK(ream_paper_set(p, f, "keep", 4) == REAM_OK ||
		   f != REAM_F_TITLE, "cannot set a title");
	rc = ream_paper_set(p, f, s, n);
	v = ream_paper_get(p, f);
	FUZZ_CHECK(rc == REAM_OK || rc == REAM_FORMAT,
		   "ream_paper_set failed but for format");
	if (rc == REAM_FORMAT) {
		FUZZ_CHECK(f != REAM_F_TITLE && f != REAM_F_KEY,
			   "a text field refused a value");
	} else if (v) {
		(void)strlen(v);
		if (f == REAM_F_DATE)
			FUZZ_CHECK(ream_paper_year(p) > 0 || v[0] == '0',
				   "a date without a year");
	}
	ream_paper_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t outsz;

	/* Without a first byte to choose the size, the usual one. */
	outsz = size ? (size_t)(data[0] % 140) : 128;
	check_id(s + (size ? 1 : 0), size ? size - 1 : 0, outsz);
	check_id(s, size, 128);
	check_field(s, size, REAM_F_ARXIV);
	check_field(s, size, REAM_F_DOI);
	check_field(s, size, REAM_F_DATE);
	check_field(s, size, REAM_F_ARXIV_VERSION);
	check_field(s, size, REAM_F_TITLE);
	(void)ream_key_valid(s, size);
	return 0;
}
