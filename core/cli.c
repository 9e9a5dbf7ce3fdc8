/*
 * cli.c: the `ream` command. Argument parsing and printing only; the work
 * is the core's.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "ream.h"

enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,	/* no such paper, or the work failed */
	EXIT_USAGE = 2	/* bad usage */
};

static const char usage_text[] =
	"usage: ream [--db PATH] COMMAND [ARGS]\n"
	"\n"
	"A local store of papers: import them, search them, cite them.\n"
	"\n"
	"commands:\n"
	"  import FILE...        import arXiv listings, arXiv JSON lines\n"
	"  search QUERY          ranked search (--limit N, --json, --tsv)\n"
	"  show ID               one paper in full (--json)\n"
	"  cite ID...            a citation (--format F, --command C,\n"
	"                        --locator L)\n"
	"  export [ID...]        BibTeX of these papers, or all\n"
	"                        (--cited-in FILE, -o FILE, --ascii)\n"
	"  rm ID...              remove papers\n"
	"  stats                 what the store holds (--json)\n"
	"  check                 check the store for damage\n"
	"\n"
	"ID is a citation key, an arXiv id or a DOI, written any way.\n"
	"The store is --db PATH, else $REAM_DB, else\n"
	"$XDG_DATA_HOME/ream/ream.sqlite3 (~/.local/share/ream/ream.sqlite3).\n"
	"`ream COMMAND --help` tells more about a command.\n";

static const struct {
	const char *name;
	const char *help;
} command_help[] = {
	{ "import",
	  "usage: ream import [--format F] [--force] [--batch N] FILE...\n\n"
	  "Imports papers. The format is detected from the content; --format\n"
	  "gives it: listing (arXiv listing text), arxiv-json (the arXiv\n"
	  "metadata snapshot, one JSON object a line). A paper already in the\n"
	  "store (same arXiv id or DOI, or same title and year, or same\n"
	  "abstract) gets its missing fields filled; its key stays. A file\n"
	  "imported before and unchanged since is skipped unless --force.\n"
	  "--batch N commits every N records (default 10,000): an interrupted\n"
	  "import keeps the batches committed.\n" },
	{ "search",
	  "usage: ream search [--limit N] [--offset N] [--json | --tsv] QUERY\n\n"
	  "Ranked search over titles, authors, abstracts, keys, venues and\n"
	  "ids. Words must all match, the last one as a prefix; \"a phrase\";\n"
	  "-word excludes; filters: author:NAME title:WORD year:2021\n"
	  "year:2019..2023 cat:cs.LG key:PREFIX id:ID. An empty query lists the\n"
	  "papers cited or added last.\n\n"
	  "  ream search --tsv attention | fzf --preview 'ream show {1}'\n" },
	{ "show", "usage: ream show [--json] ID\n\nPrints one paper in full.\n" },
	{ "cite",
	  "usage: ream cite [--format F] [--command C] [--locator L] ID...\n\n"
	  "Prints a citation of the papers. F: latex (default), pandoc, typst,\n"
	  "org, rst, asciidoc, plain (a reference line); or a filetype such as\n"
	  "markdown or quarto. C: the LaTeX command (citep, autocite...).\n" },
	{ "export",
	  "usage: ream export [--cited-in FILE] [-o FILE] [--format F]\n"
	  "                   [--ascii] [ID...]\n\n"
	  "Writes BibTeX for the papers named, for the papers cited in a\n"
	  "document (.tex, .md, .qmd, .typ, .org, .rst, .adoc), or for all.\n"
	  "--format csljson writes CSL-JSON instead. --ascii writes TeX\n"
	  "escapes instead of UTF-8 (classic BibTeX).\n" },
	{ "rm", "usage: ream rm ID...\n\nRemoves papers from the store.\n" },
	{ "stats", "usage: ream stats [--json]\n\nWhat the store holds.\n" },
	{ "check",
	  "usage: ream check\n\nChecks the store and its search index for "
	  "damage.\n" },
};

static void usage(int code)
{
	fputs(usage_text, code == EXIT_OK ? stdout : stderr);
	exit(code);
}

static void command_usage(const char *cmd, int code)
{
	size_t i;

	for (i = 0; i < sizeof command_help / sizeof command_help[0]; i++) {
		if (strcmp(command_help[i].name, cmd) == 0) {
			fputs(command_help[i].help,
			      code == EXIT_OK ? stdout : stderr);
			exit(code);
		}
	}
	usage(code);
}

/* Prints a message from the core (it starts with "ream:") and frees it. */
static int fail(char *err, int code)
{
	/* No message: it could not be made, for want of memory. */
	fprintf(stderr, "%s\n", err ? err : "ream: out of memory");
	ream_free(err);
	return code;
}

/* ---- Options ----------------------------------------------------------- */

typedef struct opts {
	const char *db;
	const char *format;
	const char *command;
	const char *locator;
	const char *cited_in;
	const char *output;
	long limit, offset, batch;
	int json, tsv, ascii, force, help;
	char **args;
	int nargs;
} opts;

/* A whole number option, or a usage error. */
static long number(const char *cmd, const char *name, const char *v)
{
	char *end;
	long n;

	errno = 0;
	n = v ? strtol(v, &end, 10) : -1;
	if (!v || errno || *end || n < 0) {
		fprintf(stderr, "ream: %s needs a whole number, not '%s'\n",
			name, v ? v : "");
		command_usage(cmd, EXIT_USAGE);
	}
	return n;
}

/*
 * Reads the options of a command from argv (options may come before or
 * after the arguments; "--" ends them). Unknown options are usage errors.
 */
static void parse_opts(const char *cmd, int argc, char **argv, opts *o)
{
	int i, only_args = 0;

	o->args = calloc((size_t)argc + 1, sizeof *o->args);
	if (!o->args) {
		fputs("ream: out of memory\n", stderr);
		exit(EXIT_FAIL);
	}
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

#define VALUE() do { if (!v) { \
	fprintf(stderr, "ream: %s needs a value\n", a); \
	command_usage(cmd, EXIT_USAGE); } i++; } while (0)
		if (only_args || a[0] != '-' || strcmp(a, "-") == 0) {
			o->args[o->nargs++] = argv[i];
		} else if (strcmp(a, "--") == 0) {
			only_args = 1;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			o->help = 1;
		} else if (strcmp(a, "--db") == 0) {
			VALUE();
			o->db = v;
		} else if (strcmp(a, "--json") == 0) {
			o->json = 1;
		} else if (strcmp(a, "--tsv") == 0) {
			o->tsv = 1;
		} else if (strcmp(a, "--ascii") == 0) {
			o->ascii = 1;
		} else if (strcmp(a, "--force") == 0) {
			o->force = 1;
		} else if (strcmp(a, "--batch") == 0) {
			VALUE();
			o->batch = number(cmd, a, v);
		} else if (strcmp(a, "--limit") == 0 || strcmp(a, "-n") == 0) {
			VALUE();
			o->limit = number(cmd, a, v);
		} else if (strcmp(a, "--offset") == 0) {
			VALUE();
			o->offset = number(cmd, a, v);
		} else if (strcmp(a, "--format") == 0 || strcmp(a, "-f") == 0) {
			VALUE();
			o->format = v;
		} else if (strcmp(a, "--command") == 0) {
			VALUE();
			o->command = v;
		} else if (strcmp(a, "--locator") == 0) {
			VALUE();
			o->locator = v;
		} else if (strcmp(a, "--cited-in") == 0) {
			VALUE();
			o->cited_in = v;
		} else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
			VALUE();
			o->output = v;
		} else if (a[1] == '-' || !strchr("0123456789", a[1]) ||
			   strcmp(cmd, "search") != 0) {
			fprintf(stderr, "ream: unknown option %s\n", a);
			command_usage(cmd, EXIT_USAGE);
		} else {
			o->args[o->nargs++] = argv[i];	/* -5 as a query */
		}
#undef VALUE
	}
}

static ream_store *open_store(const opts *o, int flags)
{
	ream_store *s;
	char *err = NULL;

	if (ream_store_open(o->db, flags, &s, &err) != REAM_OK) {
		fail(err, EXIT_FAIL);
		exit(EXIT_FAIL);
	}
	return s;
}

/* ---- Printing papers --------------------------------------------------- */

/* The width of the terminal on stdout, or 0 when it is not one. */
static int term_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return cols && atoi(cols) > 0 ? atoi(cols) : 80;
}

/* Characters (not bytes) in s[0..n) of UTF-8. */
static size_t width_of(const char *s, size_t n)
{
	size_t w = 0, i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

/* The bytes of s that fit in w characters, cut at a character boundary. */
static size_t fit(const char *s, size_t w)
{
	size_t i = 0, c = 0;

	while (s[i]) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && c++ == w)
			break;
		i++;
	}
	return i;
}

/* "Vaswani", "Gu & Dao", "Vaswani et al." into buf. */
static void short_authors(const ream_paper *p, char *buf, size_t n)
{
	size_t na = ream_paper_author_count(p);
	const char *a = NULL, *b = NULL;

	ream_paper_author(p, 0, &a, NULL, NULL);
	ream_paper_author(p, 1, &b, NULL, NULL);
	if (na == 0)
		snprintf(buf, n, "-");
	else if (na == 1)
		snprintf(buf, n, "%s", a);
	else if (na == 2)
		snprintf(buf, n, "%s & %s", a, b);
	else
		snprintf(buf, n, "%s et al.", a);
}

/* What a listing shows for a paper without a title: its abstract's start. */
static const char *display_title(const ream_paper *p)
{
	const char *t = ream_paper_get(p, REAM_F_TITLE);

	if (!t)
		t = ream_paper_get(p, REAM_F_ABSTRACT);
	return t ? t : "";
}

/* Prints a field with tabs and newlines turned to spaces (for --tsv). */
static void put_flat(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i]; i++)
		putchar(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' '
								   : s[i]);
}

static void print_tsv(const ream_paper *p)
{
	char auth[256], year[16] = "";
	const char *t = display_title(p);

	short_authors(p, auth, sizeof auth);
	if (ream_paper_year(p))
		snprintf(year, sizeof year, "%d", ream_paper_year(p));
	put_flat(ream_paper_get(p, REAM_F_KEY), (size_t)-1);
	putchar('\t');
	fputs(year, stdout);
	putchar('\t');
	put_flat(auth, sizeof auth);
	putchar('\t');
	put_flat(t, strlen(t) > 300 ? fit(t, 300) : strlen(t));
	putchar('\n');
}

/*
 * One aligned line a paper: key, year, authors, title; cut to the
 * terminal's width when there is one.
 */
static void print_lines(const ream_list *l, int width)
{
	size_t i, kw = 0;
	const size_t aw = 22;

	for (i = 0; i < ream_list_count(l); i++) {
		const char *k = ream_paper_get(ream_list_get(l, i), REAM_F_KEY);
		size_t w = width_of(k, strlen(k));

		if (w > kw)
			kw = w;
	}
	if (kw > 32)
		kw = 32;
	for (i = 0; i < ream_list_count(l); i++) {
		const ream_paper *p = ream_list_get(l, i);
		const char *k = ream_paper_get(p, REAM_F_KEY);
		const char *t = display_title(p);
		char auth[256], line[4096], ys[16] = "-";
		size_t n, kn = fit(k, kw), an, tn = strlen(t);

		if (ream_paper_year(p))
			snprintf(ys, sizeof ys, "%d", ream_paper_year(p));
		short_authors(p, auth, sizeof auth);
		an = fit(auth, aw);
		n = (size_t)snprintf(line, sizeof line, "%.*s%*s  %4s  %.*s%*s  ",
			(int)kn, k, (int)(kw - width_of(k, kn)), "", ys,
			(int)an, auth, (int)(aw - width_of(auth, an)), "");
		if (n >= sizeof line)
			n = sizeof line - 1;
		fwrite(line, 1, n, stdout);
		if (width > 0) {
			size_t room = (size_t)width > width_of(line, n) + 1
				? (size_t)width - width_of(line, n) - 1 : 0;

			tn = fit(t, room);
		}
		put_flat(t, tn);
		putchar('\n');
	}
}

/* Prints text wrapped to width columns, each line after indent. */
static void print_wrapped(const char *text, int width, const char *indent)
{
	size_t col = 0, ind = strlen(indent);
	const char *s = text;

	if (width <= 0)
		width = 80;
	fputs(indent, stdout);
	col = ind;
	while (*s) {
		size_t n = strcspn(s, " \n\t"), w = width_of(s, n);

		if (col > ind && col + 1 + w > (size_t)width) {
			putchar('\n');
			fputs(indent, stdout);
			col = ind;
		} else if (col > ind) {
			putchar(' ');
			col++;
		}
		fwrite(s, 1, n, stdout);
		col += w;
		s += n;
		s += strspn(s, " \n\t");
	}
	putchar('\n');
}

static void print_full(const ream_paper *p)
{
	static const struct {
		ream_field f;
		const char *label;
	} rows[] = {
		{ REAM_F_DATE, "date" }, { REAM_F_VENUE, "venue" },
		{ REAM_F_VOLUME, "volume" }, { REAM_F_NUMBER, "number" },
		{ REAM_F_PAGES, "pages" }, { REAM_F_PUBLISHER, "publisher" },
		{ REAM_F_ARXIV, "arXiv" }, { REAM_F_CATEGORIES, "categories" },
		{ REAM_F_DOI, "doi" }, { REAM_F_URL, "url" },
		{ REAM_F_CREATED, "created" }, { REAM_F_UPDATED, "updated" },
		{ REAM_F_COMMENTS, "comments" }, { REAM_F_KEYWORDS, "keywords" },
		{ REAM_F_TYPE, "type" }, { REAM_F_SOURCE, "source" },
	};
	int width = term_width();
	size_t i;
	const char *v;

	printf("%s\n", ream_paper_get(p, REAM_F_KEY));
	if ((v = ream_paper_get(p, REAM_F_TITLE)))
		print_wrapped(v, width, "  ");
	if (ream_paper_author_count(p)) {
		fputs("  ", stdout);
		for (i = 0; i < ream_paper_author_count(p); i++) {
			const char *fam, *giv;

			ream_paper_author(p, i, &fam, &giv, NULL);
			printf("%s%s%s%s", i ? "; " : "", giv ? giv : "",
			       giv ? " " : "", fam);
		}
		putchar('\n');
	}
	putchar('\n');
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (!(v = ream_paper_get(p, rows[i].f)))
			continue;
		if (rows[i].f == REAM_F_ARXIV &&
		    ream_paper_get(p, REAM_F_ARXIV_VERSION))
			printf("  %-11s %sv%s\n", rows[i].label, v,
			       ream_paper_get(p, REAM_F_ARXIV_VERSION));
		else
			printf("  %-11s %s\n", rows[i].label, v);
	}
	if ((v = ream_paper_get(p, REAM_F_ABSTRACT))) {
		putchar('\n');
		print_wrapped(v, width > 0 && width < 100 ? width : 100, "  ");
	}
}

/* ---- Commands ---------------------------------------------------------- */

typedef struct progress {
	int tty;
	const char *file;
	struct timespec start;
	int64_t saved;	/* records of the batches committed so far */
} progress;

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void on_warn(void *ud, const char *file, long line, const char *msg)
{
	progress *pr = ud;

	if (pr->tty)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "%s:%ld: %s\n", file, line, msg);
}

static void on_progress(void *ud, const ream_import_stats *st)
{
	progress *pr = ud;
	double secs = seconds_since(&pr->start), frac = 0;
	int i, bar = 24, done;

	pr->saved = st->records;
	if (!pr->tty)
		return;
	if (st->bytes_total > 0)
		frac = (double)st->bytes_done / (double)st->bytes_total;
	if (frac > 1)
		frac = 1;
	done = (int)(frac * bar);
	fputs("\r\033[K[", stderr);
	for (i = 0; i < bar; i++)
		fputc(i < done ? '#' : '.', stderr);
	fprintf(stderr, "] %3d%%  %lld records  %.0f/s", (int)(frac * 100),
		(long long)st->records,
		secs > 0 ? (double)st->records / secs : 0.0);
	fflush(stderr);
}

static int cmd_import(opts *o)
{
	ream_import_opts io = { REAM_FMT_AUTO, 0, 0, on_warn, on_progress,
				NULL };
	progress pr;
	ream_store *s;
	int i, code = EXIT_OK;

	if (o->nargs == 0)
		command_usage("import", EXIT_USAGE);
	if (o->format) {
		int f = ream_format_lookup(o->format);

		if (f < 0) {
			fprintf(stderr, "ream: unknown format '%s'; use listing, "
				"arxiv-json, bibtex or csljson\n", o->format);
			return EXIT_USAGE;
		}
		io.format = (ream_format)f;
	}
	io.force = o->force;
	io.batch = o->batch > INT_MAX ? INT_MAX : (int)o->batch;
	io.ud = &pr;
	s = open_store(o, 0);
	for (i = 0; i < o->nargs; i++) {
		ream_import_stats st;
		char *err = NULL;
		int rc;

		pr.tty = isatty(STDERR_FILENO);
		pr.file = o->args[i];
		pr.saved = 0;
		clock_gettime(CLOCK_MONOTONIC, &pr.start);
		rc = ream_import_file(s, o->args[i], &io, &st, &err);
		if (pr.tty)
			fputs("\r\033[K", stderr);
		if (rc != REAM_OK) {
			if (pr.saved)
				fprintf(stderr, "ream: %s: %lld records were "
					"saved before it stopped; importing "
					"again finishes the job\n", o->args[i],
					(long long)pr.saved);
			code = fail(err, EXIT_FAIL);
			continue;
		}
		if (st.skipped)
			printf("%s: unchanged since it was last imported "
			       "(--force imports it again)\n", o->args[i]);
		else
			printf("%s: %lld records: %lld added, %lld merged, "
			       "%lld unchanged, %lld bad (%.2f s)\n", o->args[i],
			       (long long)st.records, (long long)st.added,
			       (long long)st.merged, (long long)st.unchanged,
			       (long long)st.failed, seconds_since(&pr.start));
	}
	ream_store_close(s);
	return code;
}

/* Joins the arguments into one query string. */
static char *join_args(const opts *o)
{
	size_t n = 1;
	int i;
	char *q;

	for (i = 0; i < o->nargs; i++)
		n += strlen(o->args[i]) + 1;
	if (!(q = calloc(1, n)))
		return NULL;
	for (i = 0; i < o->nargs; i++) {
		if (i)
			strcat(q, " ");
		strcat(q, o->args[i]);
	}
	return q;
}

/*
 * Writes s to f with its control characters (a terminal's escape
 * sequences among them) as \xNN, so that echoing what a user typed cannot
 * drive the terminal.
 */
static void put_printable(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

static int cmd_search(opts *o)
{
	ream_search_opts so = { 20, 0, 0 };
	ream_list *l;
	ream_store *s;
	char *err = NULL, *q = join_args(o);
	size_t i;

	if (!q)
		return fail(NULL, EXIT_FAIL);
	if (o->limit)
		so.limit = (size_t)o->limit;
	so.offset = (size_t)o->offset;
	s = open_store(o, REAM_OPEN_READONLY);
	if (ream_search(s, q, strlen(q), &so, &l, &err) != REAM_OK) {
		free(q);
		ream_store_close(s);
		return fail(err, EXIT_FAIL);
	}
	if (o->json) {
		putchar('[');
		for (i = 0; i < ream_list_count(l); i++) {
			char *js = ream_paper_json(ream_list_get(l, i));

			printf("%s%s", i ? ",\n" : "", js ? js : "{}");
			ream_free(js);
		}
		puts("]");
	} else if (o->tsv) {
		for (i = 0; i < ream_list_count(l); i++)
			print_tsv(ream_list_get(l, i));
	} else if (ream_list_count(l) == 0) {
		fputs("ream: no papers match '", stderr);
		put_printable(stderr, q);
		fputs("'\n", stderr);
	} else {
		print_lines(l, term_width());
	}
	free(q);
	ream_list_free(l);
	ream_store_close(s);
	return EXIT_OK;
}

static int cmd_show(opts *o)
{
	ream_store *s;
	ream_paper *p;
	char *err = NULL;
	int rc;

	if (o->nargs != 1)
		command_usage("show", EXIT_USAGE);
	s = open_store(o, REAM_OPEN_READONLY);
	rc = ream_store_get(s, o->args[0], &p, &err);
	ream_store_close(s);
	if (rc != REAM_OK)
		return fail(err, EXIT_FAIL);
	if (o->json) {
		char *js = ream_paper_json(p);

		puts(js ? js : "{}");
		ream_free(js);
	} else {
		print_full(p);
	}
	ream_paper_free(p);
	return EXIT_OK;
}

static int cmd_cite(opts *o)
{
	ream_cite_opts co = { REAM_SYN_LATEX, NULL, NULL };
	ream_store *s;
	char *out = NULL, *err = NULL;
	int rc;

	if (o->nargs == 0)
		command_usage("cite", EXIT_USAGE);
	if (o->format) {
		int syn = ream_syntax_lookup(o->format);

		if (syn < 0) {
			fprintf(stderr, "ream: unknown citation format '%s'; "
				"use latex, pandoc, typst, org, rst, asciidoc "
				"or plain\n", o->format);
			return EXIT_USAGE;
		}
		co.syntax = (ream_syntax)syn;
	}
	co.command = o->command;
	co.locator = o->locator;
	s = open_store(o, REAM_OPEN_READONLY);
	rc = ream_cite(s, (const char *const *)o->args, (size_t)o->nargs, &co,
		       &out, &err);
	ream_store_close(s);
	if (rc != REAM_OK)
		return fail(err, EXIT_FAIL);
	puts(out);
	ream_free(out);
	return EXIT_OK;
}

static int write_file(void *ud, const char *s, size_t n)
{
	return fwrite(s, 1, n, ud) == n ? 0 : -1;
}

/* Collects the keys a document cites, without repeats. */
typedef struct keyset {
	char **keys;
	size_t n, cap;
	const char *file;
} keyset;

static int collect_key(void *ud, const char *key, size_t n, long line)
{
	keyset *ks = ud;
	size_t i;

	(void)line;
	for (i = 0; i < ks->n; i++)
		if (strlen(ks->keys[i]) == n && memcmp(ks->keys[i], key, n) == 0)
			return 0;
	if (ks->n == ks->cap) {
		size_t cap = ks->cap ? ks->cap * 2 : 32;
		char **k = realloc(ks->keys, cap * sizeof *k);

		if (!k)
			return -1;
		ks->keys = k;
		ks->cap = cap;
	}
	if (!(ks->keys[ks->n] = malloc(n + 1)))
		return -1;
	memcpy(ks->keys[ks->n], key, n);
	ks->keys[ks->n++][n] = '\0';
	return 0;
}

/* Reads a whole file into a malloc'd buffer; NULL with errno on failure. */
static char *read_all(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *nb;
	size_t cap = 0, len = 0, got;

	if (!f)
		return NULL;
	do {
		if (len + 65536 > cap) {
			cap = cap ? cap * 2 : 65536;
			if (!(nb = realloc(buf, cap + 1))) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	fclose(f);
	buf[len] = '\0';
	*n = len;
	return buf;
}

static int cmd_export(opts *o)
{
	keyset ks = { NULL, 0, 0, NULL };
	ream_store *s;
	FILE *out = stdout;
	char *err = NULL;
	int rc = REAM_OK, code = EXIT_OK, flags = o->ascii ? REAM_EXPORT_ASCII : 0;
	ream_format format = REAM_FMT_BIBTEX;
	size_t i, found;

	if (o->cited_in) {
		size_t n;
		char *text = read_all(o->cited_in, &n);
		int syn = ream_syntax_of_path(o->cited_in);

		if (!text) {
			fprintf(stderr, "ream: cannot read %s (%s)\n",
				o->cited_in, strerror(errno));
			return EXIT_FAIL;
		}
		if (syn < 0)
			syn = REAM_SYN_LATEX;
		ks.file = o->cited_in;
		rc = ream_doc_keys(text, n, (ream_syntax)syn, collect_key, &ks);
		free(text);
		if (rc != 0) {
			fputs("ream: out of memory\n", stderr);
			return EXIT_FAIL;
		}
	}
	for (i = 0; i < (size_t)o->nargs; i++)
		if (collect_key(&ks, o->args[i], strlen(o->args[i]), 0) != 0)
			return fail(NULL, EXIT_FAIL);
	if (o->format) {
		int f = ream_format_lookup(o->format);

		if (f != REAM_FMT_BIBTEX && f != REAM_FMT_CSLJSON) {
			fprintf(stderr, "ream: cannot export to '%s'; use bibtex "
				"or csljson\n", o->format);
			return EXIT_USAGE;
		}
		format = (ream_format)f;
	}
	s = open_store(o, REAM_OPEN_READONLY);
	/* Papers named or cited that the store lacks are reported, and the
	 * others exported. */
	for (i = 0, found = 0; i < ks.n; i++) {
		ream_paper *p;

		if (ream_store_get(s, ks.keys[i], &p, &err) != REAM_OK) {
			code = fail(err, EXIT_FAIL);
			err = NULL;
			free(ks.keys[i]);
			continue;
		}
		ream_paper_free(p);
		ks.keys[found++] = ks.keys[i];
	}
	ks.n = found;
	if (o->output && !(out = fopen(o->output, "w"))) {
		fprintf(stderr, "ream: cannot write %s (%s)\n", o->output,
			strerror(errno));
		ream_store_close(s);
		return EXIT_FAIL;
	}
	if (ks.n || !(o->cited_in || o->nargs)) {
		rc = ream_export(s, (const char *const *)ks.keys, ks.n, format,
				 flags, write_file, out, &err);
		if (rc != REAM_OK)
			code = fail(err, EXIT_FAIL);
	}
	for (i = 0; i < ks.n; i++)
		free(ks.keys[i]);
	free(ks.keys);
	if (out != stdout && fclose(out) != 0) {
		fprintf(stderr, "ream: cannot write %s (%s)\n", o->output,
			strerror(errno));
		code = EXIT_FAIL;
	}
	ream_store_close(s);
	return code;
}

static int cmd_rm(opts *o)
{
	ream_store *s;
	char *err = NULL;
	int i, code = EXIT_OK;

	if (o->nargs == 0)
		command_usage("rm", EXIT_USAGE);
	s = open_store(o, 0);
	for (i = 0; i < o->nargs; i++) {
		if (ream_store_remove(s, o->args[i], &err) != REAM_OK) {
			code = fail(err, EXIT_FAIL);
			err = NULL;
		} else {
			printf("removed %s\n", o->args[i]);
		}
	}
	ream_store_close(s);
	return code;
}

static int cmd_stats(opts *o)
{
	ream_store *s = open_store(o, REAM_OPEN_READONLY);
	ream_stats st;
	char *err = NULL;

	if (ream_store_stats(s, &st, &err) != REAM_OK) {
		ream_store_close(s);
		return fail(err, EXIT_FAIL);
	}
	if (o->json)
		printf("{\"papers\":%lld,\"arxiv\":%lld,\"doi\":%lld,"
		       "\"cited\":%lld,\"sources\":%lld,\"bytes\":%lld,"
		       "\"schema\":%d,\"sqlite\":\"%s\"}\n",
		       (long long)st.papers, (long long)st.arxiv,
		       (long long)st.doi, (long long)st.cited,
		       (long long)st.sources, (long long)st.bytes, st.schema,
		       st.sqlite);
	else
		printf("store     %s\npapers    %lld\narXiv     %lld\n"
		       "DOI       %lld\ncited     %lld\nfiles     %lld\n"
		       "size      %.1f MB\nschema    %d\nSQLite    %s\n",
		       ream_store_path(s), (long long)st.papers,
		       (long long)st.arxiv, (long long)st.doi,
		       (long long)st.cited, (long long)st.sources,
		       (double)st.bytes / 1e6, st.schema, st.sqlite);
	ream_store_close(s);
	return EXIT_OK;
}

static int cmd_check(opts *o)
{
	ream_store *s = open_store(o, 0);
	char *err = NULL;
	int rc = ream_store_check(s, &err);

	if (rc != REAM_OK) {
		ream_store_close(s);
		return fail(err, EXIT_FAIL);
	}
	printf("%s: ok\n", ream_store_path(s));
	ream_store_close(s);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(opts *o);
	} commands[] = {
		{ "import", cmd_import }, { "search", cmd_search },
		{ "show", cmd_show }, { "cite", cmd_cite },
		{ "export", cmd_export }, { "rm", cmd_rm },
		{ "stats", cmd_stats }, { "check", cmd_check },
	};
	opts o;
	int i = 1;
	size_t c;

	memset(&o, 0, sizeof o);
	/* Options before the command: --db PATH, --help, --version. */
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			usage(EXIT_OK);
		if (strcmp(argv[i], "--version") == 0) {
			printf("ream %s\n", REAM_VERSION);
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			o.db = argv[i + 1];
			i += 2;
			continue;
		}
		fprintf(stderr, "ream: unknown option %s\n", argv[i]);
		usage(EXIT_USAGE);
	}
	if (i == argc)
		usage(EXIT_USAGE);
	for (c = 0; c < sizeof commands / sizeof commands[0]; c++) {
		if (strcmp(commands[c].name, argv[i]) == 0) {
			const char *db = o.db;
			int code;

			parse_opts(argv[i], argc - i - 1, argv + i + 1, &o);
			if (!o.db)
				o.db = db;
			if (o.help)
				command_usage(argv[i], EXIT_OK);
			code = commands[c].run(&o);
			free(o.args);
			return code;
		}
	}
	fprintf(stderr, "ream: unknown command '%s'; see ream --help\n",
		argv[i]);
	return EXIT_USAGE;
}
