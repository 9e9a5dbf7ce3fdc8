/*
 * stress.h: what the stress drivers (tests/stress/NAME.c) share: TAP
 * lines, a seeded random generator, a generator of arXiv JSON-lines files,
 * and running a program with its output captured.
 *
 * Each driver is one program that prints TAP ("ok N - ...", "not ok N -
 * ...") and ends with "N passed, N failed" as a comment; it exits non-zero
 * when a test failed. Sizes come from the command line or the environment
 * so that make test runs them small and a person can run them big.
 */
#ifndef REAM_STRESS_H
#define REAM_STRESS_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- TAP ---------------------------------------------------------------- */

static int tap_n, tap_failed;

/* One TAP line: "ok N - what" when ok, "not ok N - what" otherwise. */
static inline void tap(int ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline void tap(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", ok ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		tap_failed++;
}

/* A comment line under the last test ("# ..."). */
static inline void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline void note(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* Ends the TAP stream; the exit status of the driver. */
static inline int tap_done(void)
{
	printf("1..%d\n# %d passed, %d failed\n", tap_n, tap_n - tap_failed,
	       tap_failed);
	return tap_failed ? 1 : 0;
}

/* Stops the driver: something it needs is missing. */
static inline void bail(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						      noreturn));

static inline void bail(const char *fmt, ...)
{
	va_list ap;

	printf("not ok %d - ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	tap_failed++;
	exit(tap_done());
}

/* ---- Time and randomness -------------------------------------------------- */

static inline double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static inline void sleep_s(double s)
{
	struct timespec t;

	if (s <= 0)
		return;
	t.tv_sec = (time_t)s;
	t.tv_nsec = (long)((s - (double)t.tv_sec) * 1e9);
	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

/* xorshift64*: the same seed gives the same run. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static inline void rng_seed(uint64_t s)
{
	rng_state = s ? s : 0x9E3779B97F4A7C15ULL;
}

static inline uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

/* A number in [0, n). */
static inline size_t rnd(size_t n)
{
	return n ? (size_t)(rng() % n) : 0;
}

static inline double rnd_unit(void)
{
	return (double)(rng() >> 11) / 9007199254740992.0;
}

/* A whole number from the environment, or def. */
static inline long env_long(const char *name, long def)
{
	const char *v = getenv(name);

	return v && *v ? strtol(v, NULL, 10) : def;
}

/* ---- Papers --------------------------------------------------------------- */

static const char *const words[] = {
	"attention", "model", "learning", "quantum", "field", "theory",
	"graph", "network", "sparse", "linear", "state", "space", "sequence",
	"transformer", "diffusion", "entropy", "lattice", "gauge", "boson",
	"kernel", "bayesian", "inference", "protein", "folding", "galaxy",
	"cluster", "spectral", "operator", "algebra", "manifold", "curvature",
	"random", "matrix", "optimal", "transport", "control", "robust",
	"stochastic", "gradient", "descent", "convex", "dual", "prime",
	"Müller", "Erdős", "Schrödinger", "modèle", "réseau", "теория",
	"模型", "モデル",
};
#define NWORDS (sizeof words / sizeof words[0])

/*
 * Writes paper number i (1-based) of a generated library as one line of
 * the arXiv metadata snapshot: arXiv id 2401.NNNNN (tag 24) or 2402.NNNNN,
 * a title and abstract made unique by the number, so no two papers merge.
 */
static inline void paper_line(FILE *f, int tag, long i)
{
	size_t k;

	fprintf(f, "{\"id\": \"%d.%05ld\", \"authors\": \"A. %s and B. %s\", "
		"\"title\": \"%s %s %s number %ld of %d\", \"categories\": "
		"\"cs.LG stat.ML\", \"abstract\": \"", tag, i,
		words[rnd(NWORDS)], words[rnd(NWORDS)], words[rnd(NWORDS)],
		words[rnd(NWORDS)], words[rnd(NWORDS)], i, tag);
	for (k = 0; k < 40; k++)
		fprintf(f, "%s ", words[rnd(NWORDS)]);
	fprintf(f, "paper %d-%ld.\", \"versions\": [{\"version\": \"v1\", "
		"\"created\": \"Mon, 1 Jan 2024 10:00:00 GMT\"}], "
		"\"update_date\": \"2024-01-%02ld\"}\n", tag, i, 1 + i % 28);
}

/* Writes papers first..last of library tag to path; 0 on success. */
static inline int write_library(const char *path, int tag, long first, long last)
{
	FILE *f = fopen(path, "w");
	long i;

	if (!f)
		return -1;
	for (i = first; i <= last; i++)
		paper_line(f, tag, i);
	return fclose(f);
}

/* ---- Running programs ----------------------------------------------------- */

/* A string constant as an argv element (execv never writes to them). */
static inline char *arg(const char *s)
{
	return (char *)(uintptr_t)s;
}

/* What a program did: its exit, its output (NUL-terminated), its time. */
typedef struct run_result {
	int status;	/* as waitpid gives it */
	char *out, *err;
	size_t nout, nerr;
	double secs;
} run_result;

static inline void run_free(run_result *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof *r);
}

/* Appends what fd has to *buf; returns 0 at its end. */
static inline int drain(int fd, char **buf, size_t *n, size_t *cap)
{
	char tmp[65536];
	ssize_t k = read(fd, tmp, sizeof tmp);

	if (k < 0 && errno == EINTR)
		return 1;
	if (k <= 0)
		return 0;
	if (*n + (size_t)k + 1 > *cap) {
		size_t c = *cap ? *cap : 4096;
		char *p;

		while (c < *n + (size_t)k + 1)
			c *= 2;
		if (!(p = realloc(*buf, c)))
			return 0;
		*buf = p;
		*cap = c;
	}
	memcpy(*buf + *n, tmp, (size_t)k);
	*n += (size_t)k;
	(*buf)[*n] = '\0';
	return 1;
}

/*
 * Runs argv (argv[0] a path), waits for it, and captures its standard
 * output and error. Returns 0, or -1 when it could not be started.
 */
static inline int run_capture(char *const argv[], run_result *r)
{
	int po[2], pe[2], open_o = 1, open_e = 1;
	size_t co = 0, ce = 0;
	double t0 = now();
	pid_t pid;

	memset(r, 0, sizeof *r);
	if (pipe(po) != 0 || pipe(pe) != 0)
		return -1;
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		close(po[1]);
		close(pe[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	while (open_o || open_e) {
		fd_set fds;
		int m = 0;

		FD_ZERO(&fds);
		if (open_o) {
			FD_SET(po[0], &fds);
			m = po[0];
		}
		if (open_e) {
			FD_SET(pe[0], &fds);
			m = pe[0] > m ? pe[0] : m;
		}
		if (select(m + 1, &fds, NULL, NULL, NULL) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (open_o && FD_ISSET(po[0], &fds))
			open_o = drain(po[0], &r->out, &r->nout, &co);
		if (open_e && FD_ISSET(pe[0], &fds))
			open_e = drain(pe[0], &r->err, &r->nerr, &ce);
	}
	close(po[0]);
	close(pe[0]);
	while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR)
		;
	r->secs = now() - t0;
	if (!r->out)
		r->out = calloc(1, 1);
	if (!r->err)
		r->err = calloc(1, 1);
	return 0;
}

/* The exit code of a run, or 128 + the signal that ended it. */
static inline int run_code(const run_result *r)
{
	if (WIFEXITED(r->status))
		return WEXITSTATUS(r->status);
	if (WIFSIGNALED(r->status))
		return 128 + WTERMSIG(r->status);
	return -1;
}

/* Removes a store and its -wal and -shm files. */
static inline void remove_store(const char *path)
{
	char p[8192];

	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

/* The size of a file, or 0. */
static inline long long file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
}

/* qsort comparison of doubles. */
static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The p-th percentile (0..100) of v[0..n), which it sorts. */
static inline double percentile(double *v, size_t n, double p)
{
	size_t i;

	if (!n)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	i = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

#endif
