/*
 * fuzz.h: what the libFuzzer targets (tests/fuzz/fuzz_*.c) share.
 *
 * Each target is one program built by `make fuzz-build` with
 * -fsanitize=fuzzer,address,undefined. Besides crashes, leaks and
 * timeouts, the targets check the promises of ream.h that hold for any
 * input, and abort() with a message when one is broken, so libFuzzer keeps
 * the input that broke it.
 */
#ifndef REAM_FUZZ_H
#define REAM_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with a message: a promise of the API was broken. */
#define FUZZ_CHECK(cond, what) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz: %s:%d: %s (%s)\n", __FILE__, __LINE__, \
			what, #cond); \
		abort(); \
	} \
} while (0)

/* A write function that checks its arguments and throws the text away. */
static inline int fuzz_sink(void *ud, const char *s, size_t n)
{
	size_t *total = ud;

	FUZZ_CHECK(s != NULL || n == 0, "a writer got NULL");
	if (n)
		(void)(volatile char)s[n - 1];	/* ASan: the bytes exist */
	*total += n;
	return 0;
}

/*
 * Runs every formatter on p: citations in each syntax (with and without a
 * locator), the reference line, JSON, BibTeX (UTF-8 and ASCII), CSL-JSON,
 * a made key, and a copy. None may fail but for memory.
 */
static inline void fuzz_format_paper(ream_paper *p, const char *command,
			      const char *loc)
{
	const ream_paper *one[2];
	ream_buf b = {0};
	ream_paper *d;
	size_t total = 0;
	char *s;
	int rc = REAM_OK, syn;

	if (!ream_paper_get(p, REAM_F_KEY)) {
		ream_paper_make_key(&rc, &b, p);
		FUZZ_CHECK(rc == REAM_OK, "ream_paper_make_key failed");
		FUZZ_CHECK(b.n > 0, "ream_paper_make_key made an empty key");
		FUZZ_CHECK(strlen(b.s) == b.n, "a made key holds a NUL");
		ream_paper_set(p, REAM_F_KEY, b.s, b.n);
		ream_buf_free(&b);
	}
	one[0] = p;
	one[1] = p;
	for (syn = 0; syn < REAM_SYN_COUNT; syn++) {
		ream_cite_opts o = { (ream_syntax)syn, command, loc };

		s = ream_cite_format(one, 2, &o);
		FUZZ_CHECK(s != NULL, "ream_cite_format gave NULL");
		ream_free(s);
		o.locator = NULL;
		s = ream_cite_format(one, 1, &o);
		FUZZ_CHECK(s != NULL, "ream_cite_format gave NULL");
		ream_free(s);
	}
	s = ream_reference(p);
	FUZZ_CHECK(s != NULL, "ream_reference gave NULL");
	ream_free(s);
	s = ream_paper_json(p);
	FUZZ_CHECK(s != NULL, "ream_paper_json gave NULL");
	ream_free(s);
	FUZZ_CHECK(ream_bibtex_write(p, 0, fuzz_sink, &total) == 0,
		   "ream_bibtex_write failed");
	FUZZ_CHECK(ream_bibtex_write(p, REAM_EXPORT_ASCII, fuzz_sink,
				     &total) == 0,
		   "ream_bibtex_write (ASCII) failed");
	(void)ream_csl_write(p, fuzz_sink, &total);
	d = ream_paper_dup(p);
	FUZZ_CHECK(d != NULL, "ream_paper_dup gave NULL");
	ream_paper_free(d);
}

/* What a reader target collects: the papers it was given, checked. */
typedef struct fuzz_reader {
	long last_line;
	size_t papers, warnings;
} fuzz_reader;

static inline int fuzz_emit(void *ud, ream_paper *p, long line)
{
	fuzz_reader *fr = ud;

	FUZZ_CHECK(p != NULL, "a reader emitted NULL");
	FUZZ_CHECK(line >= 1, "a reader emitted a record before line 1");
	fr->papers++;
	fuzz_format_paper(p, NULL, "p. 4");
	ream_paper_free(p);
	return 0;
}

static inline void fuzz_warn(void *ud, long line, const char *msg)
{
	fuzz_reader *fr = ud;

	FUZZ_CHECK(line >= 1, "a reader warned before line 1");
	FUZZ_CHECK(msg != NULL && *msg, "a reader warned without a message");
	(void)strlen(msg);
	fr->warnings++;
}

/*
 * Runs reader on data as a file. Readers stop only for memory or I/O, and
 * the fuzzer gives them neither.
 */
static inline void fuzz_read(int (*reader)(FILE *, ream_reader *),
		      const uint8_t *data, size_t size)
{
	fuzz_reader fr = {0, 0, 0};
	ream_reader r = {0};
	FILE *f;
	int rc;

	/* fmemopen refuses an empty buffer: give it one NUL, unread. It
	 * only reads the buffer ("rb"), whatever its type says. */
	f = fmemopen(size ? (void *)(uintptr_t)data : (void *)(uintptr_t)"",
		     size ? size : 1, "rb");
	if (!f)
		return;
	if (!size)
		fgetc(f);
	r.file = "fuzz";
	r.emit = fuzz_emit;
	r.warn = fuzz_warn;
	r.ud = &fr;
	rc = reader(f, &r);
	FUZZ_CHECK(rc == REAM_OK, "a reader failed on input in memory");
	FUZZ_CHECK(r.bytes >= 0 && (size_t)r.bytes <= size,
		   "a reader counted more bytes than it was given");
	fclose(f);
}

#endif
