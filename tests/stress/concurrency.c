/*
 * concurrency.c: writers and readers on one store at once.
 *
 *   concurrency REAM NVIM DIR
 *
 *   REAM_CONC_SECONDS=60        how long
 *   REAM_CONC_WRITERS=4         processes running `ream import`, file
 *                               after file (at most 12)
 *   REAM_CONC_PAPERS=500        papers a file
 *   REAM_CONC_WRITER_PAUSE_MS=0 a writer's pause between two imports
 *   REAM_CONC_CLI=4             processes running `ream search`
 *   REAM_CONC_NVIM=4            headless Neovims searching through the Lua
 *                               module (tests/stress/reader.lua)
 *   REAM_CONC_THINK_MS=50       a reader's pause between searches: random,
 *                               50 ms on average, as a person typing
 *   REAM_CONC_P99_MS=100        the bound on a search's 99th percentile,
 *                               timed around the call in Neovim
 *   REAM_CONC_CLI_P99_MS=250    the bound on `ream search`'s, timed from
 *                               its start to its exit: a process started,
 *                               linked, opening the store and printing, on
 *                               cores shared with eleven other processes
 *   REAM_CONC_WAL_MB=64         the bound on the write-ahead log
 *
 * Checks: every command and every search succeeds, and none says the
 * store is busy or locked; every paper of every import that said it
 * succeeded is in the store, once, and in the search index; searches'
 * 99th percentile (in Neovim: the call; for the command: the whole run
 * of `ream search`) stays under the bound; the WAL file stays under its
 * bound; the store passes both integrity checks at the end.
 *
 * The latencies are measured, not judged, when other programs load the
 * machine (a 1-minute load average of twice its cores or more as the test
 * starts): they then say how busy the machine was, not how fast ream is,
 * and the two tests say "# SKIP" with what was measured.
 */
#include "stress.h"
#include "internal.h"

static const char *ream_bin, *nvim_bin, *dir;
static char store[4096];
static double deadline, think, writer_pause;

static const char *const queries[] = {
	"attention", "model", "quantum field", "graph network", "sparse",
	"linear state space", "transformer", "diffusion", "lattice gauge",
	"kernel", "bayesian inference", "protein folding", "galaxy cluster",
	"spectral", "operator algebra", "manifold", "random matrix",
	"optimal transport", "robust control", "stochastic gradient",
	"convex", "Müller", "Erdős", "Schrödinger", "теория", "模型",
	"author:muller", "year:2024", "cat:cs.LG model", "number 12",
	"att", "gra", "\"random matrix\"", "-graph network", "paper",
	"title:entropy", "year:2020..2024 sparse", "key:", "",
};
#define NQUERIES (sizeof queries / sizeof queries[0])

/* The 1-minute load average, or 0 when it cannot be read. */
static double load_average(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double l = 0;

	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = 0;
		fclose(f);
	}
	return l;
}

/* 1 when a message says the store was busy or locked. */
static int says_busy(const char *s)
{
	return strstr(s, "locked") || strstr(s, "busy") || strstr(s, "BUSY");
}

/* Opens DIR/name for a child's results. */
static FILE *result_file(const char *role, int i)
{
	char p[4200];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s-%d.out", dir, role, i);
	if (!(f = fopen(p, "w")))
		_exit(3);
	return f;
}

/*
 * A writer: imports file after file of papers 24MM.NNNNN (MM its number)
 * until the deadline. Writes "ok FIRST LAST SECS" for each import that
 * succeeded and "fail ..." with the message for each that did not.
 */
static void writer(int w, long papers)
{
	FILE *out = result_file("writer", w);
	char lib[4200];
	long k;

	rng_seed((uint64_t)(1000 + w));
	snprintf(lib, sizeof lib, "%s/writer-%d.jsonl", dir, w);
	for (k = 0; now() < deadline && (k + 1) * papers <= 99999; k++) {
		char *args[] = { arg(ream_bin), arg("--db"), store,
				 arg("import"), lib, NULL };
		run_result r;

		if (write_library(lib, 2400 + w, k * papers + 1,
				  (k + 1) * papers) != 0)
			_exit(3);
		if (run_capture(args, &r) != 0)
			_exit(3);
		if (run_code(&r) == 0 && r.nerr == 0)
			fprintf(out, "ok %ld %ld %.3f\n", k * papers + 1,
				(k + 1) * papers, r.secs);
		else
			fprintf(out, "fail exit %d: %s%s\n", run_code(&r),
				r.err, r.out);
		fflush(out);
		run_free(&r);
		sleep_s(writer_pause);
	}
	fclose(out);
	_exit(0);
}

/*
 * A reader through the command: `ream search` until the deadline. Writes
 * "t SECS" for each search and "fail ..." for each that failed.
 */
static void cli_reader(int i)
{
	FILE *out = result_file("cli", i);

	rng_seed((uint64_t)(2000 + i));
	while (now() < deadline) {
		char *args[] = { arg(ream_bin), arg("--db"), store,
				 arg("search"), arg("--"),
				 arg(queries[rnd(NQUERIES)]), NULL };
		run_result r;

		if (run_capture(args, &r) != 0)
			_exit(3);
		if (run_code(&r) == 0 &&
		    (r.nerr == 0 ||
		     strncmp(r.err, "ream: no papers match", 21) == 0))
			fprintf(out, "t %.6f\n", r.secs);
		else
			fprintf(out, "fail exit %d: %s\n", run_code(&r), r.err);
		run_free(&r);
		sleep_s(rnd_unit() * 2 * think);
	}
	fclose(out);
	_exit(0);
}

/* A reader in headless Neovim: reader.lua does the work. */
static void nvim_reader(int i, const char *script, double secs)
{
	char p[4200], s[64];

	snprintf(p, sizeof p, "%s/nvim-%d.out", dir, i);
	snprintf(s, sizeof s, "%.1f", secs);
	setenv("REAM_STRESS_STORE", store, 1);
	setenv("REAM_STRESS_OUT", p, 1);
	setenv("REAM_STRESS_SECONDS", s, 1);
	snprintf(s, sizeof s, "%d", 3000 + i);
	setenv("REAM_STRESS_SEED", s, 1);
	snprintf(s, sizeof s, "%.3f", think);
	setenv("REAM_STRESS_THINK", s, 1);
	snprintf(p, sizeof p, "luafile %s", script);
	freopen("/dev/null", "w", stdout);
	execl(nvim_bin, nvim_bin, "--headless", "-u", "NONE", "-i", "NONE",
	      "-n", "-c", p, (char *)NULL);
	_exit(127);
}

/* What the readers saw. */
typedef struct lat {
	double *v;
	size_t n, cap;
	long fails;
} lat;

static void lat_add(lat *l, double v)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1024;
		if (!(l->v = realloc(l->v, l->cap * sizeof *l->v)))
			bail("out of memory");
	}
	l->v[l->n++] = v;
}

/* Reads the "t SECS" and "fail" lines of role's result files. */
static void read_latencies(const char *role, int n, lat *l, long *busy)
{
	char p[4200], line[8192];
	int i;

	for (i = 1; i <= n; i++) {
		FILE *f;

		snprintf(p, sizeof p, "%s/%s-%d.out", dir, role, i);
		if (!(f = fopen(p, "r"))) {
			l->fails++;
			note("%s reader %d left no results", role, i);
			continue;
		}
		while (fgets(line, sizeof line, f)) {
			if (line[0] == 't' && line[1] == ' ') {
				lat_add(l, strtod(line + 2, NULL));
			} else if (strncmp(line, "fail", 4) == 0) {
				if (says_busy(line))
					(*busy)++;
				if (++l->fails <= 3)
					note("%s reader %d: %.300s", role, i, line);
			}
		}
		fclose(f);
	}
}

int main(int argc, char **argv)
{
	double secs = (double)env_long("REAM_CONC_SECONDS", 60);
	long papers = env_long("REAM_CONC_PAPERS", 500);
	int nw = (int)env_long("REAM_CONC_WRITERS", 4);
	int nc = (int)env_long("REAM_CONC_CLI", 4);
	int nv = (int)env_long("REAM_CONC_NVIM", 4);
	double p99_max = (double)env_long("REAM_CONC_P99_MS", 100) / 1000.0;
	double cli_p99_max = (double)env_long("REAM_CONC_CLI_P99_MS", 250) /
			     1000.0;
	double think_ms = (double)env_long("REAM_CONC_THINK_MS", 50);
	long long wal_max = env_long("REAM_CONC_WAL_MB", 64) * 1024 * 1024;
	long long wal_peak = 0, wal;
	long expected[13] = {0}, imports = 0, import_fails = 0, busy = 0;
	double import_max = 0, t0;
	char wal_path[4200], script[4096], p[4200], line[8192], *err = NULL;
	lat cli = {0}, nvim = {0};
	double load = load_average();
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int busy_machine = cores > 0 && load >= 2.0 * (double)cores;
	pid_t pids[64];
	int np = 0, i, status, children_ok = 1;
	ream_store *s;

	if (argc != 4) {
		fprintf(stderr, "usage: concurrency REAM NVIM DIR\n");
		return 2;
	}
	ream_bin = argv[1];
	nvim_bin = argv[2];
	think = think_ms / 1000.0;
	writer_pause = (double)env_long("REAM_CONC_WRITER_PAUSE_MS", 0) / 1000.0;
	dir = argv[3];
	if (nw > 12)
		nw = 12;
	if (!realpath("tests/stress/reader.lua", script))
		bail("run from the top of the repository");
	snprintf(store, sizeof store, "%s/conc.sqlite3", dir);
	snprintf(wal_path, sizeof wal_path, "%s-wal", store);
	remove_store(store);

	/* A store with papers to find before anyone starts. */
	snprintf(p, sizeof p, "%s/base.jsonl", dir);
	rng_seed(7);
	if (write_library(p, 2301, 1, 3000) != 0)
		bail("cannot write %s", p);
	{
		char *args[] = { arg(ream_bin), arg("--db"), store,
				 arg("import"), p, NULL };
		run_result r;

		if (run_capture(args, &r) != 0 || run_code(&r) != 0)
			bail("the first import works: %s", r.err);
		run_free(&r);
	}

	t0 = now();
	deadline = t0 + secs;
	for (i = 1; i <= nw; i++)
		if ((pids[np++] = fork()) == 0)
			writer(i, papers);
	for (i = 1; i <= nc; i++)
		if ((pids[np++] = fork()) == 0)
			cli_reader(i);
	for (i = 1; i <= nv; i++)
		if ((pids[np++] = fork()) == 0)
			nvim_reader(i, script, secs);
	/* The WAL's size, ten times a second, until everyone is done. */
	while (now() < deadline + 30) {
		int running = 0;

		if ((wal = file_size(wal_path)) > wal_peak)
			wal_peak = wal;
		for (i = 0; i < np; i++)
			if (pids[i] > 0) {
				if (waitpid(pids[i], &status, WNOHANG) == 0) {
					running++;
				} else {
					if (!WIFEXITED(status) ||
					    WEXITSTATUS(status) != 0) {
						children_ok = 0;
						note("a child ended with status %d",
						     status);
					}
					pids[i] = 0;
				}
			}
		if (!running)
			break;
		sleep_s(0.1);
	}
	for (i = 0; i < np; i++)
		if (pids[i] > 0) {
			children_ok = 0;
			note("a child still runs 30 s after the end: killed");
			kill(pids[i], SIGKILL);
			waitpid(pids[i], &status, 0);
		}

	/* What the writers did. */
	for (i = 1; i <= nw; i++) {
		FILE *f;

		snprintf(p, sizeof p, "%s/writer-%d.out", dir, i);
		if (!(f = fopen(p, "r"))) {
			import_fails++;
			continue;
		}
		while (fgets(line, sizeof line, f)) {
			long a, b;
			double t;

			if (sscanf(line, "ok %ld %ld %lf", &a, &b, &t) == 3) {
				imports++;
				expected[i] += b - a + 1;
				if (t > import_max)
					import_max = t;
			} else if (strncmp(line, "fail", 4) == 0) {
				import_fails++;
				if (says_busy(line))
					busy++;
				if (import_fails <= 3)
					note("writer %d: %.300s", i, line);
			}
		}
		fclose(f);
	}
	read_latencies("cli", nc, &cli, &busy);
	read_latencies("nvim", nv, &nvim, &busy);

	tap(children_ok, "%d writers, %d command readers and %d Neovim readers "
	    "(pausing %.0f ms on average between searches) ran %.0f s side "
	    "by side", nw, nc, nv, think_ms, secs);
	tap(busy == 0, "no \"database is locked\" or \"busy\" reached a user "
	    "(%ld imports, %zu + %zu searches)", imports, cli.n, nvim.n);
	tap(import_fails == 0 && imports >= nw,
	    "every import succeeded (%ld, %ld failed; the longest took %.2f s)",
	    imports, import_fails, import_max);
	tap(cli.fails == 0 && nvim.fails == 0 && cli.n > 0 && nvim.n > 0,
	    "every search succeeded (%zu through the command, %zu through "
	    "the Lua module; %ld and %ld failed)", cli.n, nvim.n, cli.fails,
	    nvim.fails);
	{
		double pc = percentile(cli.v, cli.n, 99);
		double pv = percentile(nvim.v, nvim.n, 99);
		double pv50 = percentile(nvim.v, nvim.n, 50);
		double pc50 = percentile(cli.v, cli.n, 50);

		char skip[128] = "";

		if (busy_machine)
			snprintf(skip, sizeof skip, " # SKIP the machine was "
				 "busy: load %.1f on %ld cores", load, cores);
		tap(pv <= p99_max || busy_machine, "searches through the Lua "
		    "module in Neovim: p99 %.1f ms (median %.1f ms, max %.1f "
		    "ms) <= %.0f ms%s", pv * 1000, pv50 * 1000,
		    nvim.n ? nvim.v[nvim.n - 1] * 1000 : 0, p99_max * 1000,
		    skip);
		tap(pc <= cli_p99_max || busy_machine, "`ream search`, start to "
		    "exit: p99 %.1f ms (median %.1f ms, max %.1f ms) <= %.0f "
		    "ms%s", pc * 1000, pc50 * 1000,
		    cli.n ? cli.v[cli.n - 1] * 1000 : 0, cli_p99_max * 1000,
		    skip);
	}
	tap(wal_peak <= wal_max, "the WAL stayed under %lld MB (peak %.1f MB, "
	    "%.1f MB at the end)", wal_max >> 20, (double)wal_peak / 1048576.0,
	    (double)file_size(wal_path) / 1048576.0);

	/* Nothing lost: every paper of every successful import is there. */
	if (ream_store_open(store, 0, &s, &err) != REAM_OK)
		bail("the store opens after the run: %s", err);
	{
		int lost = 0, rc = ream_store_check(s, &err);

		tap(rc == REAM_OK, "the store passes both integrity checks%s%s",
		    rc ? ": " : "", rc ? err : "");
		for (i = 1; i <= nw; i++) {
			sqlite3_stmt *st;
			char like[32];
			long have = -1, indexed = -1, ids = -1;

			snprintf(like, sizeof like, "%d.%%", 2400 + i);
			sqlite3_prepare_v2(s->db,
				"SELECT count(*), count(DISTINCT arxiv),"
				" (SELECT count(*) FROM paper_fts JOIN paper p2"
				"  ON p2.id = paper_fts.rowid WHERE paper_fts"
				"  MATCH 'title : number' AND p2.arxiv LIKE ?1)"
				" FROM paper WHERE arxiv LIKE ?1", -1, &st, NULL);
			sqlite3_bind_text(st, 1, like, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW) {
				have = sqlite3_column_int64(st, 0);
				ids = sqlite3_column_int64(st, 1);
				indexed = sqlite3_column_int64(st, 2);
			}
			sqlite3_finalize(st);
			if (have < expected[i] || ids != have ||
			    indexed != have) {
				lost = 1;
				note("writer %d: %ld papers imported, %ld there "
				     "(%ld ids, %ld in the index)", i,
				     expected[i], have, ids, indexed);
			}
		}
		tap(!lost, "every paper of every successful import is in the "
		    "store once, and in its index");
	}
	ream_store_close(s);
	free(cli.v);
	free(nvim.v);
	return tap_done();
}
