/*
 * hostile.c: generated hostile queries through the `ream search` command.
 *
 *   hostile REAM STORE FILE
 *
 * Generates REAM_HOSTILE_N queries (100,000) from REAM_HOSTILE_SEED (1):
 * every FTS5 special character and operator word, column filters (ream's
 * and FTS5's own syntax), NUL bytes, invalid UTF-8, control characters,
 * mixed scripts, 10 KB strings, 300-deep parentheses and random bytes.
 * Writes them all to FILE as netstrings ("LEN:BYTES,") for the Lua module's
 * turn (hostile.lua), and runs the first REAM_HOSTILE_CLI (all) of them
 * through `REAM --db STORE search -- QUERY` (a query is cut at its first
 * NUL there, as argv cuts it). Each must exit 0 with results (and nothing
 * on stderr) or with exactly "ream: no papers match 'QUERY'" on stderr:
 * never another message (an SQLite error text...), nor a signal.
 */
#include "stress.h"

typedef struct tok {
	const char *s;
	size_t n;
} tok;

#define T(s) { s, sizeof(s) - 1 }

static const tok fts[] = {
	T("\""), T("*"), T("^"), T(":"), T("("), T(")"), T("{"), T("}"),
	T("+"), T("-"), T(","), T("."), T("'"), T("\\"), T("/"), T("NEAR"),
	T("NEAR/3"), T("NEAR("), T("AND"), T("OR"), T("NOT"), T("near"),
	T("and"), T("or"), T("not"), T("\"\""), T("*:"), T("^\""), T("-\""),
	T("\"*\""), T("NEAR(a b, 5)"), T("a AND OR NOT b"), T(")*("),
	T("%"), T("_"), T("?"), T("!"), T("&"), T("|"), T("~"), T("@"),
	T("#"), T("$"), T("["), T("]"), T(";"), T("<"), T(">"), T("="),
	T("`"), T("--"), T("..."), T("'; DROP TABLE paper; --"),
	T("\\cite{"), T("{\\\"u}"), T("$x^2$"),
};

static const tok filters[] = {
	T("author:"), T("title:"), T("year:"), T("cat:"), T("key:"),
	T("id:"), T("AUTHOR:"), T("Title:"), T("YEAR:"), T("-author:"),
	T("-year:"), T("-cat:"), T("-title:\""), T("year:2021"),
	T("year:2019..2023"), T("year:..2020"), T("year:2021.."),
	T("year:.."), T("year:abc"), T("year:2023..2019"),
	T("year:99999999999999999999"), T("year:2147483648..2147483647"),
	T("year:-5"), T("cat:cs.LG"), T("cat:"), T("key:vaswani"),
	T("id:1706.03762"), T("id:10.1000/x"), T("id:arXiv:"),
	T("{title}:"), T("{title authors}:"), T("{abstract}: x"),
	T("title :"), T("abstract:"), T("meta:"), T("tags:"),
	T("paper_fts:"), T("rank:"), T("rowid:"), T("tags : \"y2021\""),
	T("{tags} : y2021"), T("- title:"),
};

static const tok scripts[] = {
	T("Müller"), T("MÜLLER"), T("Erdős"), T("модель"), T("模型"),
	T("モデル"), T("نموذج"), T("מודל"), T("मॉडल"), T("🙂"), T("👩‍🔬"),
	T("e\xcc\x81"), T("\xe2\x80\x8d"), T("\xe2\x80\xae"), T("ﬁ"), T("İ"),
	T("ß"), T("ẞ"), T("\xef\xbb\xbf"), T("\xc2\xa0"), T("\xe3\x80\x80"),
	T("Ⅻ"), T("𝔘"), T("σ-algebra"), T("Ω"), T("ǅ"), T("Ⓐ"),
	T("\xcc\x88\xcc\x88\xcc\x88"), T("ᄀᄀᄀ"), T("Ꙭ"),
};

static const tok bad[] = {
	T("\xff"), T("\xfe"), T("\xc0\x80"), T("\xed\xa0\x80"),
	T("\xf4\x90\x80\x80"), T("\xc3"), T("\xe6\xa8"), T("\x80"),
	T("\xf8\x88\x80\x80\x80"), T("\xfe\xff"), T("\xef\xbf\xbe"),
	T("\xc1\xbf"), T("\xe0\x80\xaf"),
};

static const tok ctrl[] = {
	{ "\0", 1 }, { "\0\0\0", 3 }, T("\t"), T("\n"), T("\r"), T("\x01"),
	T("\x1f"), T("\x1e"), T("\x7f"), T("\x0b"), T("\x0c"), T("\x1b[2J"),
};

static const tok plain[] = {
	T("attention"), T("model"), T("learning"), T("quantum"), T("graph"),
	T("network"), T("transformer"), T("a"), T("the"), T("x"), T("C++"),
	T("vaswani"), T("2017"), T("2021"), T("1706.03762"), T("cs"),
	T("LG"), T("mamba"), T("state"), T("space"),
};

typedef struct cat {
	const tok *t;
	size_t n;
} cat;

#define C(a) { a, sizeof(a) / sizeof(a[0]) }

static const cat cats[] = {
	C(fts), C(filters), C(scripts), C(bad), C(ctrl), C(plain),
};
#define NCATS (sizeof cats / sizeof cats[0])

/* A growable byte string. */
typedef struct str {
	char *s;
	size_t n, cap;
} str;

static void add(str *q, const char *s, size_t n)
{
	if (q->n + n + 1 > q->cap) {
		size_t c = q->cap ? q->cap : 256;

		while (c < q->n + n + 1)
			c *= 2;
		if (!(q->s = realloc(q->s, c)))
			bail("out of memory");
		q->cap = c;
	}
	memcpy(q->s + q->n, s, n);
	q->n += n;
	q->s[q->n] = '\0';
}

static void add_tok(str *q, const tok *t)
{
	add(q, t->s, t->n);
}

/* A random token of a random category, or of category c (c < NCATS). */
static const tok *any_tok(size_t c)
{
	const cat *k = &cats[c < NCATS ? c : rnd(NCATS)];

	return &k->t[rnd(k->n)];
}

/* Makes query number i into q. */
static void generate(str *q, long i)
{
	size_t shape = rnd(100), k, m;

	q->n = 0;
	add(q, "", 0);
	if (i < (long)NCATS) {
		/* The first queries: every token of a category, in a row. */
		for (k = 0; k < cats[i].n; k++) {
			add_tok(q, &cats[i].t[k]);
			add(q, " ", 1);
		}
	} else if (shape < 3) {
		/* 10 KB, of one token or of many. */
		const tok *t = any_tok(NCATS);

		while (q->n < 10240)
			add_tok(q, rnd(2) ? t : any_tok(NCATS));
	} else if (shape < 6) {
		/* 300-deep parentheses, closed or not. */
		m = 300;
		for (k = 0; k < m; k++)
			add(q, "(", 1);
		add_tok(q, any_tok(NCATS));
		for (k = rnd(2) ? m : rnd(m); k > 0; k--)
			add(q, ")", 1);
	} else if (shape < 9) {
		/* Random bytes. */
		m = 1 + rnd(200);
		for (k = 0; k < m; k++) {
			char c = (char)rnd(256);

			add(q, &c, 1);
		}
	} else {
		/* A few tokens, glued together or spaced. */
		int glue = rnd(3) == 0;
		size_t c = rnd(4) == 0 ? rnd(NCATS) : NCATS;

		m = 1 + rnd(12);
		for (k = 0; k < m; k++) {
			if (k && !glue)
				add(q, rnd(8) ? " " : "\t", 1);
			add_tok(q, any_tok(c));
		}
	}
}

/*
 * 1 when err[0..n) is exactly what `ream search` says when nothing
 * matches query q (as argv gives it: up to its first NUL), and nothing
 * else: "ream: no papers match 'q'", with q's control characters written
 * as \xNN.
 */
static int no_match(const char *err, size_t n, const char *q)
{
	static const char pre[] = "ream: no papers match '";
	size_t p = sizeof pre - 1, j = 0;
	char *want = malloc(p + 4 * strlen(q) + 3);
	int same;

	if (!want)
		return 0;
	memcpy(want, pre, p);
	j = p;
	for (; *q; q++) {
		unsigned char c = (unsigned char)*q;

		if (c < 0x20 || c == 0x7f)
			j += (size_t)sprintf(want + j, "\\x%02x", c);
		else
			want[j++] = (char)c;
	}
	memcpy(want + j, "'\n", 2);
	j += 2;
	same = n == j && memcmp(err, want, j) == 0;
	free(want);
	return same;
}

/* Prints q as a C string in a note, cut to 120 bytes. */
static void show_query(const str *q)
{
	char buf[600];
	size_t i, j = 0;

	for (i = 0; i < q->n && i < 120 && j + 5 < sizeof buf; i++) {
		unsigned char c = (unsigned char)q->s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			buf[j++] = (char)c;
		else
			j += (size_t)snprintf(buf + j, sizeof buf - j, "\\x%02x", c);
	}
	buf[j] = '\0';
	note("query (%zu bytes): \"%s%s\"", q->n, buf, q->n > 120 ? "..." : "");
}

int main(int argc, char **argv)
{
	long n = env_long("REAM_HOSTILE_N", 100000);
	long ncli = env_long("REAM_HOSTILE_CLI", n), i, results = 0, none = 0;
	long failures = 0, nul = 0, big = 0;
	double t0;
	str q = {0};
	FILE *f;

	if (argc != 4) {
		fprintf(stderr, "usage: hostile REAM STORE FILE\n");
		return 2;
	}
	rng_seed((uint64_t)env_long("REAM_HOSTILE_SEED", 1));
	if (!(f = fopen(argv[3], "wb")))
		bail("cannot write %s", argv[3]);
	t0 = now();
	for (i = 0; i < n; i++) {
		generate(&q, i);
		fprintf(f, "%zu:", q.n);
		fwrite(q.s, 1, q.n, f);
		fputc(',', f);
		if (memchr(q.s, '\0', q.n))
			nul++;
		if (q.n >= 10240)
			big++;
		if (i < ncli) {
			char *args[] = { argv[1], arg("--db"), argv[2],
					 arg("search"), arg("--"), q.s,
					 NULL };
			run_result r;
			int code;

			if (run_capture(args, &r) != 0)
				bail("cannot run %s", argv[1]);
			code = run_code(&r);
			if (code == 0 && r.nerr == 0 && r.nout > 0)
				results++;
			else if (code == 0 && r.nout == 0 &&
				 no_match(r.err, r.nerr, q.s))
				none++;
			else if (++failures <= 5) {
				tap(0, "query %ld through ream search gives "
				    "results or \"no papers match\"", i);
				show_query(&q);
				note("exit %d; stderr: %.300s", code, r.err);
			}
			run_free(&r);
		}
	}
	if (fclose(f) != 0)
		bail("cannot write %s", argv[3]);
	free(q.s);
	tap(failures == 0, "%ld hostile queries through `ream search` give "
	    "results (%ld) or \"no papers match\" (%ld), never another "
	    "message, an SQLite text or a signal (%.1f s; of the %ld "
	    "generated, %ld hold NUL bytes and %ld are 10 KB)",
	    ncli < n ? ncli : n, results, none, now() - t0, n, nul, big);
	if (failures > 5)
		note("%ld failures in all", failures);
	return tap_done();
}
