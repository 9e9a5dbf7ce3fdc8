/*
 * fuzz_text.c: the text functions every reader and the search use: TeX
 * decoding, folding, words and ASCII keys, on any bytes. Each result must
 * be a string of the length the buffer says, and folding is idempotent.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	ream_buf b = {0}, c = {0};
	int rc = REAM_OK, bad = 0;

	ream_tex_decode(&rc, &b, s, size);
	FUZZ_CHECK(rc == REAM_OK, "ream_tex_decode failed");
	FUZZ_CHECK(!b.s || strlen(b.s) <= b.n, "a decoded string too long");
	ream_buf_free(&b);

	ream_text_fold(&rc, &b, s, size, &bad);
	FUZZ_CHECK(rc == REAM_OK, "ream_text_fold failed");
	if (b.s) {
		ream_text_fold(&rc, &c, b.s, b.n, &bad);
		FUZZ_CHECK(rc == REAM_OK, "ream_text_fold failed");
		FUZZ_CHECK(c.n == b.n && memcmp(c.s, b.s, b.n) == 0,
			   "folding folded text changes it");
	}
	ream_buf_free(&b);
	ream_buf_free(&c);

	ream_text_words(&rc, &b, s, size);
	FUZZ_CHECK(rc == REAM_OK, "ream_text_words failed");
	ream_buf_free(&b);

	ream_text_ascii(&rc, &b, s, size);
	FUZZ_CHECK(rc == REAM_OK, "ream_text_ascii failed");
	if (b.s) {
		size_t i;

		for (i = 0; i < b.n; i++)
			FUZZ_CHECK((b.s[i] >= 'a' && b.s[i] <= 'z') ||
				   (b.s[i] >= '0' && b.s[i] <= '9'),
				   "ream_text_ascii gave other than a-z0-9");
	}
	ream_buf_free(&b);
	return 0;
}
