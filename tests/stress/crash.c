/*
 * crash.c: kills `ream import` with SIGKILL at random moments and checks
 * the store after every kill.
 *
 *   crash REAM DIR      REAM: the ream command, DIR: a scratch folder
 *
 *   REAM_CRASH_KILLS=50      kills
 *   REAM_CRASH_PAPERS=10000  papers in the file imported
 *   REAM_CRASH_SEED=1        the random moments
 *
 * The import runs on a terminal (a pseudo-terminal) in batches of 2,000
 * records (--batch), so it prints its progress after every committed
 * batch: "[###...]  40%  4000 records".
 * After each kill the store must pass SQLite's integrity check and the
 * search index's (ream_store_check); hold every batch reported as
 * committed; hold whole batches only: the papers of the file are numbered
 * in file order, and the store holds exactly papers 1..n where n is a
 * multiple of the batch size (or all of them), in the table and in the
 * index alike; and the next import must go on from there. A store that
 * holds everything is started afresh, so kills land in every phase: a new
 * file, the schema, the first batch, the last one, the file's record.
 */
#include <pty.h>

#include "stress.h"
#include "internal.h"

#define BATCH "2000"	/* records a commit (ream import --batch) */

static const char *ream_bin;
static char store[4096], lib[4096];
static long npapers;

/*
 * The records the import last reported as committed, from its progress
 * line "...%  4000 records  ...": the last number before " records".
 */
static long reported(const char *out, size_t n)
{
	long last = 0;
	size_t i;

	for (i = 0; i + 8 <= n; i++) {
		size_t j = i;
		long v = 0, mul = 1;

		if (memcmp(out + i, " records", 8) != 0)
			continue;
		while (j > 0 && out[j - 1] >= '0' && out[j - 1] <= '9') {
			v += (out[j - 1] - '0') * mul;
			mul *= 10;
			j--;
		}
		if (j < i)
			last = v;
	}
	return last;
}

/*
 * Runs the import on a pseudo-terminal and kills it after secs (never,
 * when secs < 0). Sets *killed when the kill came before it ended, and
 * returns the records it reported committed; *code gets its exit code.
 */
static long import_and_kill(double secs, int *killed, int *code)
{
	char *out = NULL;
	size_t n = 0, cap = 0;
	double t0 = now();
	int fd, status = 0, done = 0;
	pid_t pid = forkpty(&fd, NULL, NULL, NULL);
	long rep;

	if (pid < 0)
		bail("forkpty failed: %s", strerror(errno));
	if (pid == 0) {
		execl(ream_bin, ream_bin, "--db", store, "import", "--batch",
		      BATCH, lib, (char *)NULL);
		_exit(127);
	}
	*killed = 0;
	for (;;) {
		double left = secs < 0 ? 1.0 : secs - (now() - t0);
		struct timeval tv;
		fd_set fds;

		if (secs >= 0 && left <= 0) {
			*killed = waitpid(pid, &status, WNOHANG) == 0;
			done = !*killed;
			kill(pid, SIGKILL);
			break;
		}
		FD_ZERO(&fds);
		FD_SET(fd, &fds);
		tv.tv_sec = (time_t)left;
		tv.tv_usec = (suseconds_t)((left - (double)tv.tv_sec) * 1e6);
		if (select(fd + 1, &fds, NULL, NULL, &tv) > 0 &&
		    !drain(fd, &out, &n, &cap))
			break;	/* the terminal closed: the import ended */
	}
	while (drain(fd, &out, &n, &cap))
		;
	close(fd);
	if (!done)
		waitpid(pid, &status, 0);
	*code = WIFEXITED(status) ? WEXITSTATUS(status)
				  : 128 + WTERMSIG(status);
	rep = reported(out ? out : "", n);
	if (*code != 0 && !*killed) {
		note("the import ended with %d:", *code);
		note("%.*s", (int)(n > 600 ? 600 : n), out ? out : "");
	}
	free(out);
	return rep;
}

/* What the store holds: papers, distinct ids, the highest paper number,
 * and papers the index finds. */
typedef struct holding {
	long papers, ids, top, indexed;
} holding;

/*
 * Opens the store as a user would, checks it, and counts what it holds.
 * Returns 0, or -1 with the reason in why.
 */
static int inspect(holding *h, char *why, size_t whysz)
{
	ream_store *s = NULL;
	sqlite3_stmt *st;
	char *err = NULL;
	int rc;

	memset(h, 0, sizeof *h);
	if (access(store, F_OK) != 0)
		return 0;	/* killed before it made the file */
	if ((rc = ream_store_open(store, 0, &s, &err)) != REAM_OK) {
		snprintf(why, whysz, "the store does not open: %s", err);
		ream_free(err);
		return -1;
	}
	if ((rc = ream_store_check(s, &err)) != REAM_OK) {
		snprintf(why, whysz, "the check fails: %s", err);
		ream_free(err);
		ream_store_close(s);
		return -1;
	}
	rc = sqlite3_prepare_v2(s->db,
		"SELECT count(*), count(DISTINCT arxiv),"
		" coalesce(max(CAST(substr(arxiv, 6) AS INTEGER)), 0),"
		" (SELECT count(*) FROM paper_fts WHERE paper_fts MATCH"
		"  'title : number')"
		" FROM paper", -1, &st, NULL);
	if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		snprintf(why, whysz, "cannot count: %s", sqlite3_errmsg(s->db));
		sqlite3_finalize(st);
		ream_store_close(s);
		return -1;
	}
	h->papers = sqlite3_column_int64(st, 0);
	h->ids = sqlite3_column_int64(st, 1);
	h->top = sqlite3_column_int64(st, 2);
	h->indexed = sqlite3_column_int64(st, 3);
	sqlite3_finalize(st);
	ream_store_close(s);
	return 0;
}

int main(int argc, char **argv)
{
	long kills = env_long("REAM_CRASH_KILLS", 50), k;
	long resumed = 0, fresh = 0, early = 0, mid = 0, late = 0;
	double t_full, t0;
	holding h;
	char why[8192];
	int killed, code, ok_all = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: crash REAM DIR\n");
		return 2;
	}
	ream_bin = argv[1];
	npapers = env_long("REAM_CRASH_PAPERS", 10000);
	rng_seed((uint64_t)env_long("REAM_CRASH_SEED", 1));
	snprintf(store, sizeof store, "%s/crash.sqlite3", argv[2]);
	snprintf(lib, sizeof lib, "%s/library.jsonl", argv[2]);
	if (write_library(lib, 2401, 1, npapers) != 0)
		bail("cannot write %s", lib);

	/* How long a whole import takes: kills fall within 1.1 times it. */
	remove_store(store);
	t0 = now();
	import_and_kill(-1, &killed, &code);
	t_full = now() - t0;
	if (code != 0 || inspect(&h, why, sizeof why) != 0 ||
	    h.papers != npapers)
		bail("a whole import of %ld papers works (exit %d, %ld papers)",
		     npapers, code, h.papers);
	note("a whole import of %ld papers takes %.2f s", npapers, t_full);

	remove_store(store);
	for (k = 1; k <= kills; k++) {
		double at = rnd_unit() * t_full * 1.1;
		long before = 0, rep;
		holding prev;
		int ok;

		if (inspect(&prev, why, sizeof why) == 0)
			before = prev.papers;
		if (before == npapers) {
			remove_store(store);
			before = 0;
		}
		if (before == 0)
			fresh++;
		else
			resumed++;
		rep = import_and_kill(at, &killed, &code);
		if (at < t_full * 0.2)
			early++;
		else if (at < t_full * 0.8)
			mid++;
		else
			late++;
		ok = inspect(&h, why, sizeof why) == 0;
		if (ok && (code != 0 && !killed)) {
			snprintf(why, sizeof why, "the import failed (%d) "
				 "before the kill", code);
			ok = 0;
		}
		if (ok && h.papers != h.ids) {
			snprintf(why, sizeof why, "%ld papers but %ld ids",
				 h.papers, h.ids);
			ok = 0;
		}
		if (ok && h.papers != h.top) {
			snprintf(why, sizeof why, "%ld papers but paper %ld is "
				 "there: not papers 1..n", h.papers, h.top);
			ok = 0;
		}
		if (ok && h.papers % atol(BATCH) != 0 && h.papers != npapers) {
			snprintf(why, sizeof why, "%ld papers: a partial batch",
				 h.papers);
			ok = 0;
		}
		if (ok && h.indexed != h.papers) {
			snprintf(why, sizeof why, "%ld papers, %ld in the index",
				 h.papers, h.indexed);
			ok = 0;
		}
		if (ok && h.papers < rep) {
			snprintf(why, sizeof why, "%ld records reported "
				 "committed, %ld papers there", rep, h.papers);
			ok = 0;
		}
		if (ok && h.papers < before) {
			snprintf(why, sizeof why, "%ld papers before, %ld after",
				 before, h.papers);
			ok = 0;
		}
		if (!ok) {
			ok_all = 0;
			tap(0, "kill %ld at %.3f s leaves a sound store", k, at);
			note("%s", why);
			remove_store(store);
		}
	}
	if (ok_all)
		tap(1, "%ld kills of an import of %ld papers (%ld fresh, %ld "
		    "resumed; %ld early, %ld in the middle, %ld late) each "
		    "leave a store that passes both integrity checks, with "
		    "whole batches only and every reported one", kills,
		    npapers, fresh, resumed, early, mid, late);

	/* The next import finishes the job. */
	import_and_kill(-1, &killed, &code);
	if (inspect(&h, why, sizeof why) != 0)
		h.papers = -1;
	tap(code == 0 && h.papers == npapers && h.indexed == npapers,
	    "the import after the last kill finishes the job (exit %d, "
	    "%ld of %ld papers)", code, h.papers, npapers);
	remove_store(store);
	unlink(lib);
	return tap_done();
}
