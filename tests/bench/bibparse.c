/*
 * bibparse: how fast ream_bibtex_read reads a .bib file.
 *
 *   bibparse FILE [RUNS]
 *
 * Reads FILE RUNS times (default 5) in each of two ways and prints a line
 * for each:
 *
 *   bibparse parse FILE: BYTES bytes, best S s, R MB/s (CPU S s, R MB/s)
 *   bibparse read FILE: BYTES bytes, N papers, W warnings, best ...
 *
 * "parse" is the reader without an emit callback: the whole file read,
 * tokenized, its @strings expanded and its errors reported, no paper
 * built. "read" builds every paper (crossref and xdata followed, TeX
 * decoded, names split) and frees it: all the reader does for an import
 * but storing. MB is 10^6 bytes; the best run counts, by the clock and by
 * the process's CPU time (which other processes on the machine do not
 * skew). Exit 1 when the file cannot be read or the reader fails.
 *
 * Build: cc -O2 -Icore tests/bench/bibparse.c build/libream.a \
 *        $(pkg-config --libs sqlite3 jansson libutf8proc) -lm
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

typedef struct counts {
	long papers, warnings;
} counts;

static int emit(void *ud, ream_paper *p, long line)
{
	(void)line;
	((counts *)ud)->papers++;
	ream_paper_free(p);
	return REAM_OK;
}

static void warn(void *ud, long line, const char *msg)
{
	(void)line;
	(void)msg;
	((counts *)ud)->warnings++;
}

static double now(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*
 * Reads path runs times, building papers when build is 1, and prints the
 * line. Returns 0, or 1 when the file cannot be read.
 */
static int measure(const char *path, int runs, int build)
{
	double best = -1, cpu_best = -1, t0, c0, t, cpu;
	counts c = { 0, 0 };
	long size = 0;
	int i, rc;

	for (i = 0; i < runs; i++) {
		ream_reader r;
		FILE *f = fopen(path, "rb");

		if (!f) {
			perror(path);
			return 1;
		}
		memset(&r, 0, sizeof r);
		memset(&c, 0, sizeof c);
		r.file = path;
		r.emit = build ? emit : NULL;
		r.warn = warn;
		r.note = warn;
		r.ud = &c;
		t0 = now(CLOCK_MONOTONIC);
		c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		rc = ream_bibtex_read(f, &r);
		t = now(CLOCK_MONOTONIC) - t0;
		cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
		if (fseek(f, 0, SEEK_END) == 0)
			size = ftell(f);
		fclose(f);
		if (rc != REAM_OK) {
			fprintf(stderr, "bibparse: %s: the reader failed (%d)\n",
				path, rc);
			return 1;
		}
		if (best < 0 || t < best)
			best = t;
		if (cpu_best < 0 || cpu < cpu_best)
			cpu_best = cpu;
	}
	printf("bibparse %s %s: %ld bytes, ", build ? "read" : "parse", path,
	       size);
	if (build)
		printf("%ld papers, %ld warnings, ", c.papers, c.warnings);
	printf("best %.3f s, %.1f MB/s (CPU %.3f s, %.1f MB/s)\n", best,
	       best > 0 ? (double)size / 1e6 / best : 0.0, cpu_best,
	       cpu_best > 0 ? (double)size / 1e6 / cpu_best : 0.0);
	return 0;
}

int main(int argc, char **argv)
{
	int runs = 5;

	if (argc < 2 || argc > 3 || (argc == 3 && (runs = atoi(argv[2])) < 1)) {
		fputs("usage: bibparse FILE [RUNS]\n", stderr);
		return 2;
	}
	return measure(argv[1], runs, 0) || measure(argv[1], runs, 1);
}
