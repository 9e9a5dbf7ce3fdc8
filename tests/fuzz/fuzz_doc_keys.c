/*
 * fuzz_doc_keys.c: finding the cited keys of a document (ream_doc_keys)
 * in each syntax. The first byte picks the syntax; every key found must lie
 * inside the text, hold no NUL, and come with a line that exists.
 */
#include "fuzz.h"

typedef struct ctx {
	const char *text;
	size_t n;
	long lines;
	long last;
} ctx;

static int on_key(void *ud, const char *key, size_t n, long line)
{
	ctx *c = ud;

	FUZZ_CHECK(n > 0, "an empty key");
	FUZZ_CHECK(key >= c->text && key + n <= c->text + c->n,
		   "a key outside the text");
	FUZZ_CHECK(memchr(key, '\0', n) == NULL, "a key holds a NUL");
	FUZZ_CHECK(line >= 1 && line <= c->lines, "a key on no line");
	FUZZ_CHECK(line >= c->last, "keys out of order");
	c->last = line;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ctx c;
	size_t i;

	if (size < 1)
		return 0;
	c.text = (const char *)data + 1;
	c.n = size - 1;
	c.lines = 1;
	c.last = 1;
	for (i = 0; i < c.n; i++)
		if (c.text[i] == '\n')
			c.lines++;
	(void)ream_doc_keys(c.text, c.n, (ream_syntax)(data[0] % REAM_SYN_COUNT),
			    on_key, &c);
	return 0;
}
