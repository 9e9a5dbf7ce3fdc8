/*
 * testutil.h: what the C tests share. Tests use cmocka; each file
 * tests/c/test_<file>.c tests core/<file>.c and runs as its own program.
 */
#ifndef REAM_TESTUTIL_H
#define REAM_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"

/* A fresh temporary folder for one test, made under $TMPDIR or /tmp. */
static inline char *test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *dir = malloc(4096);

	assert_non_null(dir);
	snprintf(dir, 4096, "%s/ream-test-XXXXXX", base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(dir));
	return dir;
}

/* Removes a folder made by test_tmpdir, with what is in it, and frees it. */
static inline void test_rmdir(char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

/* Writes text to path, failing the test when it cannot. */
static inline void test_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* The folder of the repository's seed-like test data. */
#ifndef TEST_DATA
#define TEST_DATA "tests/data"
#endif

#endif
