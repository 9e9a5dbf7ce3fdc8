/*
 * lua_ream.c: the Lua binding of ream's core, loaded as require("ream.core").
 *
 * Marshalling only: Lua values in, one call into the core, Lua values out.
 * No parsing, no SQL. Misuse (a wrong argument type, a closed store) raises
 * an error; a failure returns nil and a message "ream: ...".
 *
 * A Lua error longjmps out of any function that raises, and almost every
 * call of the Lua API can raise (out of memory). So the rules here are:
 *   - arguments are checked before anything is acquired;
 *   - what the core hands over (lists, papers, messages, strings) is owned
 *     by a scratch userdata whose __gc frees whatever a raise left behind,
 *     and which is emptied explicitly on the normal path;
 *   - callbacks from the core never call the Lua API: they collect into C
 *     buffers that the scratch owns, and Lua values are made afterwards;
 *   - the store pointer is fetched again after the last allocation before a
 *     core call, since an allocation may run a finalizer that closes it.
 *
 * Written against the Lua 5.1 API (LuaJIT), never linked against a Lua
 * library: the host program provides it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "ream.h"

/* ---- Compatibility: the Lua 5.1 API on 5.2+ headers ------------------- */

#if LUA_VERSION_NUM >= 502
#define lua_objlen(L, i) lua_rawlen((L), (i))
#define setfuncs(L, l) luaL_setfuncs((L), (l), 0)
#else
#define setfuncs(L, l) luaL_register((L), NULL, (l))
#endif

LUALIB_API int luaopen_ream_core(lua_State *L);

/* Metatable names. */
#define STORE_T "ream.store"
#define SCRATCH_T "ream.scratch"

#define MAX_WARNINGS 100		/* import warnings kept */
#define MAX_OUTPUT ((size_t)1 << 30)	/* the largest string collected */

/* ---- C buffers ---------------------------------------------------------- */

/*
 * A byte buffer that grows up to MAX_OUTPUT. Once an append fails (out of
 * memory or too large) `failed` stays set and later appends do nothing.
 */
typedef struct buf {
	char *s;
	size_t n, cap;
	int failed;	/* 0, REAM_NOMEM, or REAM_ERROR when too large */
} buf;

/* Appends s[0..n) to b; returns 0, or -1 when b has failed. */
static int buf_add(buf *b, const void *s, size_t n)
{
	size_t cap;
	char *p;

	if (b->failed)
		return -1;
	if (n > MAX_OUTPUT - b->n) {
		b->failed = REAM_ERROR;
		return -1;
	}
	if (b->n + n > b->cap) {
		cap = b->cap ? b->cap : 256;
		while (cap < b->n + n)
			cap *= 2;
		p = realloc(b->s, cap);
		if (!p) {
			b->failed = REAM_NOMEM;
			return -1;
		}
		b->s = p;
		b->cap = cap;
	}
	if (n)
		memcpy(b->s + b->n, s, n);
	b->n += n;
	return 0;
}

static void buf_free(buf *b)
{
	free(b->s);
	memset(b, 0, sizeof *b);
}

/* ---- Scratch: what a call holds from the core ----------------------------- */

typedef struct scratch {
	ream_list *list;
	ream_paper *paper;
	char *err;	/* a message from the core */
	char *str;	/* a string from the core */
	buf out;	/* export text, document keys, import warnings */
	buf rec;	/* document keys: one keyrec each */
	size_t nwarn;	/* warnings in out */
	const char *file;	/* import: the path, for warnings */
} scratch;

/* Frees everything sc holds and empties it; sc may be used again. */
static void scratch_clear(scratch *sc)
{
	ream_list_free(sc->list);
	ream_paper_free(sc->paper);
	ream_free(sc->err);
	ream_free(sc->str);
	buf_free(&sc->out);
	buf_free(&sc->rec);
	memset(sc, 0, sizeof *sc);
}

static int scratch_gc(lua_State *L)
{
	scratch_clear(luaL_checkudata(L, 1, SCRATCH_T));
	return 0;
}

/* Pushes a new empty scratch; it stays on the stack for the call. */
static scratch *scratch_new(lua_State *L)
{
	scratch *sc = lua_newuserdata(L, sizeof *sc);

	memset(sc, 0, sizeof *sc);
	luaL_getmetatable(L, SCRATCH_T);
	lua_setmetatable(L, -2);
	return sc;
}

/* ---- Failures ------------------------------------------------------------- */

static const char *rc_text(int rc)
{
	switch (rc) {
	case REAM_NOTFOUND:	return "no such paper";
	case REAM_NOMEM:	return "out of memory";
	case REAM_IO:		return "input/output error";
	case REAM_BUSY:		return "the store is busy";
	case REAM_READONLY:	return "the store is read-only";
	case REAM_CORRUPT:	return "the store is damaged";
	case REAM_TOONEW:	return "the store was written by a newer ream";
	case REAM_FORMAT:	return "malformed input";
	case REAM_FULL:		return "the disk is full";
	default:		return "unexpected error";
	}
}

/* Pushes msg with the "ream: " prefix it may lack. */
static void push_message(lua_State *L, const char *msg)
{
	if (strncmp(msg, "ream: ", 6) == 0)
		lua_pushstring(L, msg);
	else
		lua_pushfstring(L, "ream: %s", msg);
}

/*
 * Returns nil and the message of a failure (sc->err, or one for rc), and
 * empties sc. For `return fail(L, sc, rc);`.
 */
static int fail(lua_State *L, scratch *sc, int rc)
{
	lua_pushnil(L);
	push_message(L, sc->err ? sc->err : rc_text(rc));
	scratch_clear(sc);
	return 2;
}

/* Returns nil and msg. */
static int fail_msg(lua_State *L, const char *msg)
{
	lua_pushnil(L);
	push_message(L, msg);
	return 2;
}

/* ---- Arguments ------------------------------------------------------------ */

/* Raises an argument error about field `name` of the options at idx. */
static int field_error(lua_State *L, int idx, const char *name,
		       const char *what)
{
	return luaL_argerror(L, idx, lua_pushfstring(L,
		"field '%s' should be %s, not %s", name, what,
		luaL_typename(L, -1)));
}

/* Checks that argument idx is absent, nil or a table; 1 when a table. */
static int opt_table(lua_State *L, int idx)
{
	if (lua_isnoneornil(L, idx))
		return 0;
	luaL_checktype(L, idx, LUA_TTABLE);
	return 1;
}

/* Field `name` of the options at idx as a boolean (absent: 0). */
static int opt_bool(lua_State *L, int idx, const char *name)
{
	int v;

	lua_getfield(L, idx, name);
	if (!lua_isnil(L, -1) && !lua_isboolean(L, -1))
		field_error(L, idx, name, "a boolean");
	v = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return v;
}

/* Field `name` of the options at idx as a count from 0 (absent: 0). */
static size_t opt_count(lua_State *L, int idx, const char *name)
{
	lua_Number v;

	lua_getfield(L, idx, name);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return 0;
	}
	if (lua_type(L, -1) != LUA_TNUMBER)
		field_error(L, idx, name, "a whole number");
	v = lua_tonumber(L, -1);
	if (!(v >= 0 && v <= 1e15) || v != (lua_Number)(int64_t)v)
		luaL_argerror(L, idx, lua_pushfstring(L,
			"field '%s' should be a whole number from 0, not %f",
			name, v));
	lua_pop(L, 1);
	return (size_t)v;
}

/*
 * Field `name` of the options at idx as a string without NUL bytes, or NULL
 * when absent. The value is left on the stack, which keeps it alive.
 */
static const char *opt_string(lua_State *L, int idx, const char *name)
{
	const char *s;
	size_t n;

	lua_getfield(L, idx, name);
	if (lua_isnil(L, -1))
		return NULL;
	if (lua_type(L, -1) != LUA_TSTRING)
		field_error(L, idx, name, "a string");
	s = lua_tolstring(L, -1, &n);
	if (strlen(s) != n)
		luaL_argerror(L, idx, lua_pushfstring(L,
			"field '%s' holds a NUL byte", name));
	return s;
}

/*
 * The ids of argument idx, a string or an array of strings: pushes an array
 * of pointers to them (a userdata, so nothing to free) and returns it, with
 * the count in *n and *nul set when an id holds a NUL byte. The strings stay
 * alive as long as the argument does. Raises for anything else.
 */
static const char **check_ids(lua_State *L, int idx, size_t *n, int *nul)
{
	const char **ids;
	const char *s;
	size_t i, len;

	*nul = 0;
	if (lua_type(L, idx) == LUA_TSTRING) {
		*n = 1;
		ids = lua_newuserdata(L, sizeof *ids);
		ids[0] = lua_tolstring(L, idx, &len);
		*nul = strlen(ids[0]) != len;
		return ids;
	}
	if (lua_type(L, idx) != LUA_TTABLE)
		luaL_argerror(L, idx, lua_pushfstring(L,
			"string or array of strings expected, got %s",
			luaL_typename(L, idx)));
	*n = lua_objlen(L, idx);
	if (*n > SIZE_MAX / sizeof *ids)
		luaL_argerror(L, idx, "too many ids");
	ids = lua_newuserdata(L, *n ? *n * sizeof *ids : 1);
	for (i = 0; i < *n; i++) {
		lua_rawgeti(L, idx, (int)(i + 1));
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_argerror(L, idx, lua_pushfstring(L,
				"array of strings expected, item %d is a %s",
				(int)(i + 1), luaL_typename(L, -1)));
		s = lua_tolstring(L, -1, &len);
		if (strlen(s) != len)
			*nul = 1;
		ids[i] = s;
		lua_pop(L, 1);
	}
	return ids;
}

/*
 * Argument idx, a name (def when absent, required when def is NULL), looked
 * up with lookup; raises "unknown <what>" when lookup does not know it.
 */
static int check_name(lua_State *L, int idx, const char *def,
		      int (*lookup)(const char *), const char *what)
{
	const char *name;
	size_t n;
	int v = -1;

	if (def)
		name = luaL_optlstring(L, idx, def, &n);
	else
		name = luaL_checklstring(L, idx, &n);
	if (strlen(name) == n)
		v = lookup(name);
	if (v < 0)
		luaL_argerror(L, idx, lua_pushfstring(L, "unknown %s '%s'",
			what, name));
	return v;
}

#define NUL_ID "ream: no such paper (an id holds a NUL byte)"

/* ---- The store ------------------------------------------------------------ */

/*
 * A store userdata. It is born closed (s NULL) and closed once. path is a
 * copy of the store's path that lives as long as the userdata, so it stays
 * valid during a call even when a finalizer closes the store.
 */
typedef struct lstore {
	ream_store *s;
	char *path;
} lstore;

/* The store at idx, open; raises when it is not a store or is closed. */
static ream_store *check_store(lua_State *L, int idx)
{
	lstore *u = luaL_checkudata(L, idx, STORE_T);

	if (!u->s)
		luaL_error(L, "ream: attempt to use a closed store");
	return u->s;
}

/* The cleanup :close() and __gc share. */
static void store_cleanup(lstore *u)
{
	ream_store_close(u->s);
	u->s = NULL;
}

static int store_close(lua_State *L)
{
	store_cleanup(luaL_checkudata(L, 1, STORE_T));
	return 0;
}

static int store_gc(lua_State *L)
{
	lstore *u = luaL_checkudata(L, 1, STORE_T);

	store_cleanup(u);
	free(u->path);
	u->path = NULL;
	return 0;
}

static int store_tostring(lua_State *L)
{
	lstore *u = luaL_checkudata(L, 1, STORE_T);

	if (u->s && u->path)
		lua_pushfstring(L, "%s (%s)", STORE_T, u->path);
	else
		lua_pushliteral(L, STORE_T " (closed)");
	return 1;
}

static int store_path(lua_State *L)
{
	lstore *u = luaL_checkudata(L, 1, STORE_T);

	check_store(L, 1);
	lua_pushstring(L, u->path ? u->path : "");
	return 1;
}

/* core.open([path [, {readonly=, nowait=}]]) -> store | nil, msg */
static int l_open(lua_State *L)
{
	size_t n = 0;
	const char *path = luaL_optlstring(L, 1, NULL, &n);
	int flags = 0;
	ream_store *s = NULL;
	lstore *u;
	scratch *sc;
	int rc;

	if (opt_table(L, 2)) {
		if (opt_bool(L, 2, "readonly"))
			flags |= REAM_OPEN_READONLY;
		if (opt_bool(L, 2, "nowait"))
			flags |= REAM_OPEN_NOWAIT;
	}
	u = lua_newuserdata(L, sizeof *u);
	u->s = NULL;
	u->path = NULL;
	luaL_getmetatable(L, STORE_T);
	lua_setmetatable(L, -2);
	if (path && strlen(path) != n)
		return fail_msg(L, "cannot open the store (its path holds a "
			"NUL byte)");
	sc = scratch_new(L);
	rc = ream_store_open(path, flags, &s, &sc->err);
	if (rc != REAM_OK)
		return fail(L, sc, rc);
	u->s = s;
	path = ream_store_path(s);
	u->path = strdup(path ? path : "");
	if (!u->path) {
		store_cleanup(u);
		return fail(L, sc, REAM_NOMEM);
	}
	scratch_clear(sc);
	lua_pop(L, 1);
	return 1;
}

/* ---- Papers --------------------------------------------------------------- */

/* Pushes the words of the space separated s (may be NULL) as an array. */
static void push_words(lua_State *L, const char *s)
{
	const char *e;
	int i = 0;

	lua_newtable(L);
	while (s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		for (e = s; *e && *e != ' '; e++)
			;
		lua_pushlstring(L, s, (size_t)(e - s));
		lua_rawseti(L, -2, ++i);
		s = e;
	}
}

static void push_authors(lua_State *L, const ream_paper *p)
{
	size_t i, n = ream_paper_author_count(p);
	const char *family, *given;
	int literal;

	lua_createtable(L, n < 1000 ? (int)n : 1000, 0);
	for (i = 0; i < n; i++) {
		family = given = NULL;
		literal = 0;
		if (!ream_paper_author(p, i, &family, &given, &literal))
			break;
		lua_createtable(L, 0, 2);
		if (family) {
			lua_pushstring(L, family);
			lua_setfield(L, -2, "family");
		}
		if (given) {
			lua_pushstring(L, given);
			lua_setfield(L, -2, "given");
		}
		if (literal) {
			lua_pushboolean(L, 1);
			lua_setfield(L, -2, "literal");
		}
		lua_rawseti(L, -2, (int)(i + 1));
	}
}

/*
 * Pushes p as a table with the field names and shapes of `ream search
 * --json` (ream_paper_json): text fields when set, authors and categories
 * as arrays (maybe empty), year, added and cited as numbers when known,
 * extra when any. p must stay alive meanwhile (owned by a scratch).
 */
static void push_paper(lua_State *L, const ream_paper *p)
{
	const char *v, *name, *value;
	size_t i, n;
	int f;

	luaL_checkstack(L, 8, "ream: paper");
	lua_createtable(L, 0, 24);
	for (f = 0; f < REAM_F_COUNT; f++) {
		v = ream_paper_get(p, (ream_field)f);
		name = ream_field_name((ream_field)f);
		if (!v || !name || f == REAM_F_CATEGORIES)
			continue;
		lua_pushstring(L, v);
		lua_setfield(L, -2, name);
	}
	push_words(L, ream_paper_get(p, REAM_F_CATEGORIES));
	lua_setfield(L, -2, "categories");
	if (ream_paper_year(p) != 0) {
		lua_pushinteger(L, ream_paper_year(p));
		lua_setfield(L, -2, "year");
	}
	push_authors(L, p);
	lua_setfield(L, -2, "authors");
	if (ream_paper_added(p) != 0) {
		lua_pushnumber(L, (lua_Number)ream_paper_added(p));
		lua_setfield(L, -2, "added");
	}
	if (ream_paper_cited(p) != 0) {
		lua_pushnumber(L, (lua_Number)ream_paper_cited(p));
		lua_setfield(L, -2, "cited");
	}
	n = ream_paper_extra_count(p);
	if (n > 0) {
		lua_createtable(L, 0, n < 1000 ? (int)n : 1000);
		for (i = 0; i < n; i++) {
			name = value = NULL;
			if (!ream_paper_extra(p, i, &name, &value))
				break;
			if (!name || !value)
				continue;
			lua_pushstring(L, value);
			lua_setfield(L, -2, name);
		}
		lua_setfield(L, -2, "extra");
	}
}

/* ---- Store methods -------------------------------------------------------- */

/* store:search(query [, {limit=, offset=, time=}]) -> papers | nil, msg */
static int store_search(lua_State *L)
{
	ream_search_opts o = { 0, 0, 0 };
	const char *q;
	scratch *sc;
	size_t n, i, count;
	int rc;

	check_store(L, 1);
	q = luaL_checklstring(L, 2, &n);
	if (opt_table(L, 3)) {
		o.limit = opt_count(L, 3, "limit");
		o.offset = opt_count(L, 3, "offset");
		i = opt_count(L, 3, "time");
		o.time_ms = i > 60000 ? 60000 : (unsigned)i;
	}
	sc = scratch_new(L);
	rc = ream_search(check_store(L, 1), q, n, &o, &sc->list, &sc->err);
	if (rc != REAM_OK)
		return fail(L, sc, rc);
	count = ream_list_count(sc->list);
	lua_createtable(L, count < 1000 ? (int)count : 1000, 0);
	for (i = 0; i < count; i++) {
		push_paper(L, ream_list_get(sc->list, i));
		lua_rawseti(L, -2, (int)(i + 1));
	}
	scratch_clear(sc);
	return 1;
}

/* store:get(id) -> paper | nil | nil, msg */
static int store_get(lua_State *L)
{
	const char *id;
	scratch *sc;
	size_t n;
	int rc;

	check_store(L, 1);
	id = luaL_checklstring(L, 2, &n);
	if (strlen(id) != n) {
		lua_pushnil(L);
		return 1;
	}
	sc = scratch_new(L);
	rc = ream_store_get(check_store(L, 1), id, &sc->paper, &sc->err);
	if (rc == REAM_NOTFOUND) {
		scratch_clear(sc);
		lua_pushnil(L);
		return 1;
	}
	if (rc != REAM_OK)
		return fail(L, sc, rc);
	push_paper(L, sc->paper);
	scratch_clear(sc);
	return 1;
}

/* store:cite(ids, syntax [, {command=, locator=}]) -> string | nil, msg */
static int store_cite(lua_State *L)
{
	ream_cite_opts o;
	const char **ids;
	scratch *sc;
	size_t n;
	int syntax, nul, rc;

	check_store(L, 1);
	if (!lua_istable(L, 2))
		luaL_checktype(L, 2, LUA_TSTRING);
	syntax = check_name(L, 3, NULL, ream_syntax_lookup, "citation syntax");
	memset(&o, 0, sizeof o);
	o.syntax = (ream_syntax)syntax;
	if (opt_table(L, 4)) {
		o.command = opt_string(L, 4, "command");
		o.locator = opt_string(L, 4, "locator");
	}
	sc = scratch_new(L);
	ids = check_ids(L, 2, &n, &nul);
	if (n == 0)
		return luaL_argerror(L, 2, "no id to cite");
	if (nul)
		return fail_msg(L, NUL_ID);
	rc = ream_cite(check_store(L, 1), ids, n, &o, &sc->str, &sc->err);
	if (rc != REAM_OK)
		return fail(L, sc, rc);
	lua_pushstring(L, sc->str ? sc->str : "");
	scratch_clear(sc);
	return 1;
}

/* Collects an import warning "file:line: msg" into the scratch. */
static void import_warn(void *ud, const char *file, long line,
			const char *msg)
{
	scratch *sc = ud;
	char num[32];
	buf *b = &sc->out;

	if (sc->nwarn >= MAX_WARNINGS)
		return;
	if (!file)
		file = sc->file ? sc->file : "?";
	buf_add(b, file, strlen(file));
	if (line > 0) {
		snprintf(num, sizeof num, ":%ld", line);
		buf_add(b, num, strlen(num));
	}
	buf_add(b, ": ", 2);
	if (msg)
		buf_add(b, msg, strlen(msg));
	if (buf_add(b, "", 1) == 0)
		sc->nwarn++;
}

static void set_count(lua_State *L, const char *name, int64_t v)
{
	lua_pushnumber(L, (lua_Number)v);
	lua_setfield(L, -2, name);
}

/* store:import(path [, {format=, force=}]) -> counts | nil, msg */
static int store_import(lua_State *L)
{
	ream_import_opts o;
	ream_import_stats st;
	const char *path, *fmt, *w;
	scratch *sc;
	size_t n, i;
	int rc, format = REAM_FMT_AUTO, force = 0;

	check_store(L, 1);
	path = luaL_checklstring(L, 2, &n);
	if (opt_table(L, 3)) {
		fmt = opt_string(L, 3, "format");
		if (fmt && (format = ream_format_lookup(fmt)) < 0)
			return luaL_argerror(L, 3, lua_pushfstring(L,
				"unknown format '%s'", fmt));
		force = opt_bool(L, 3, "force");
	}
	if (strlen(path) != n)
		return fail_msg(L, "cannot read the file (its path holds a "
			"NUL byte)");
	memset(&o, 0, sizeof o);
	memset(&st, 0, sizeof st);
	sc = scratch_new(L);
	sc->file = path;
	o.format = (ream_format)format;
	o.force = force;
	o.warn = import_warn;
	o.ud = sc;
	rc = ream_import_file(check_store(L, 1), path, &o, &st, &sc->err);
	if (rc != REAM_OK)
		return fail(L, sc, rc);
	lua_createtable(L, 0, 8);
	set_count(L, "records", st.records);
	set_count(L, "added", st.added);
	set_count(L, "merged", st.merged);
	set_count(L, "unchanged", st.unchanged);
	set_count(L, "failed", st.failed);
	lua_pushboolean(L, st.skipped);
	lua_setfield(L, -2, "skipped");
	lua_createtable(L, (int)sc->nwarn, 0);
	w = sc->out.s;
	for (i = 0; i < sc->nwarn; i++) {
		lua_pushstring(L, w);
		lua_rawseti(L, -2, (int)(i + 1));
		w += strlen(w) + 1;
	}
	lua_setfield(L, -2, "warnings");
	scratch_clear(sc);
	return 1;
}

/* Collects exported text into the scratch's buffer. */
static int export_write(void *ud, const char *s, size_t n)
{
	scratch *sc = ud;

	return buf_add(&sc->out, s, n) ? REAM_NOMEM : 0;
}

/* store:export(ids_or_nil [, format [, {ascii=}]]) -> string | nil, msg */
static int store_export(lua_State *L)
{
	const char **ids = NULL;
	scratch *sc;
	size_t n = 0;
	int format, flags = 0, nul = 0, all, rc;

	check_store(L, 1);
	all = lua_isnoneornil(L, 2);
	if (!all && !lua_istable(L, 2))
		luaL_checktype(L, 2, LUA_TSTRING);
	format = check_name(L, 3, "bibtex", ream_format_lookup, "format");
	if (opt_table(L, 4) && opt_bool(L, 4, "ascii"))
		flags |= REAM_EXPORT_ASCII;
	sc = scratch_new(L);
	if (!all) {
		ids = check_ids(L, 2, &n, &nul);
		if (nul)
			return fail_msg(L, NUL_ID);
		if (n == 0) {
			lua_pushliteral(L, "");
			return 1;
		}
	}
	rc = ream_export(check_store(L, 1), ids, n, (ream_format)format,
			 flags, export_write, sc, &sc->err);
	if (sc->out.failed) {
		/* The core only knows that writing failed; say why. */
		rc = sc->out.failed;
		scratch_clear(sc);
		if (rc == REAM_NOMEM)
			return fail_msg(L, "out of memory");
		return fail_msg(L, "the export is too large for a string; "
			"export to a file with the ream command");
	}
	if (rc != REAM_OK)
		return fail(L, sc, rc);
	lua_pushlstring(L, sc->out.s ? sc->out.s : "", sc->out.n);
	scratch_clear(sc);
	return 1;
}

/* store:mark_cited(ids) -> true | nil, msg */
static int store_mark_cited(lua_State *L)
{
	const char **ids;
	scratch *sc;
	size_t n;
	int nul, rc;

	check_store(L, 1);
	if (!lua_istable(L, 2))
		luaL_checktype(L, 2, LUA_TSTRING);
	sc = scratch_new(L);
	ids = check_ids(L, 2, &n, &nul);
	if (nul)
		return fail_msg(L, NUL_ID);
	if (n > 0) {
		rc = ream_store_mark_cited(check_store(L, 1), ids, n,
					   &sc->err);
		if (rc != REAM_OK)
			return fail(L, sc, rc);
	}
	lua_pushboolean(L, 1);
	return 1;
}

/* store:stats() -> table | nil, msg */
static int store_stats(lua_State *L)
{
	lstore *u = luaL_checkudata(L, 1, STORE_T);
	ream_stats st;
	scratch *sc;
	int rc;

	check_store(L, 1);
	memset(&st, 0, sizeof st);
	sc = scratch_new(L);
	rc = ream_store_stats(check_store(L, 1), &st, &sc->err);
	if (rc != REAM_OK)
		return fail(L, sc, rc);
	scratch_clear(sc);
	st.sqlite[sizeof st.sqlite - 1] = '\0';
	lua_createtable(L, 0, 9);
	set_count(L, "papers", st.papers);
	set_count(L, "arxiv", st.arxiv);
	set_count(L, "doi", st.doi);
	set_count(L, "cited", st.cited);
	set_count(L, "sources", st.sources);
	set_count(L, "bytes", st.bytes);
	set_count(L, "schema", st.schema);
	lua_pushstring(L, st.sqlite);
	lua_setfield(L, -2, "sqlite");
	lua_pushstring(L, u->path ? u->path : "");
	lua_setfield(L, -2, "path");
	return 1;
}

/* store:check() -> true | nil, msg */
static int store_check(lua_State *L)
{
	scratch *sc;
	int rc;

	check_store(L, 1);
	sc = scratch_new(L);
	rc = ream_store_check(check_store(L, 1), &sc->err);
	if (rc != REAM_OK)
		return fail(L, sc, rc);
	scratch_clear(sc);
	lua_pushboolean(L, 1);
	return 1;
}

/* ---- Module functions ----------------------------------------------------- */

/* core.id_parse(s) -> kind, id, version | nil */
static int l_id_parse(lua_State *L)
{
	size_t n, outsz;
	const char *s = luaL_checklstring(L, 1, &n);
	char local[256], *out = local;
	int kind, version = 0;

	outsz = sizeof local;
	if (n >= outsz - 32) {
		outsz = n + 32;
		out = lua_newuserdata(L, outsz);
	}
	kind = ream_id_parse(s, n, out, outsz, &version);
	if (kind == REAM_ID_NONE) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushstring(L, kind == REAM_ID_ARXIV ? "arxiv" : "doi");
	lua_pushstring(L, out);
	if (version > 0)
		lua_pushinteger(L, version);
	else
		lua_pushnil(L);
	return 3;
}

/* A document key found by ream_doc_keys: its bytes in scratch.out. */
typedef struct keyrec {
	size_t off, len;
	long line;
} keyrec;

/* Collects a document key into the scratch; stops on failure. */
static int doc_key(void *ud, const char *key, size_t n, long line)
{
	scratch *sc = ud;
	keyrec r;

	r.off = sc->out.n;
	r.len = n;
	r.line = line;
	if (buf_add(&sc->out, key, n) || buf_add(&sc->rec, &r, sizeof r))
		return 1;
	return 0;
}

/* core.doc_keys(text, syntax) -> {{key=, line=}, ...} | nil, msg */
static int l_doc_keys(lua_State *L)
{
	const char *text;
	scratch *sc;
	size_t n, i, count;
	keyrec r;
	int syntax;

	text = luaL_checklstring(L, 1, &n);
	syntax = check_name(L, 2, NULL, ream_syntax_lookup, "citation syntax");
	sc = scratch_new(L);
	ream_doc_keys(text, n, (ream_syntax)syntax, doc_key, sc);
	if (sc->out.failed || sc->rec.failed)
		return fail(L, sc, REAM_NOMEM);
	count = sc->rec.n / sizeof r;
	lua_createtable(L, count < 1000 ? (int)count : 1000, 0);
	for (i = 0; i < count; i++) {
		memcpy(&r, sc->rec.s + i * sizeof r, sizeof r);
		lua_createtable(L, 0, 2);
		lua_pushlstring(L, sc->out.s + r.off, r.len);
		lua_setfield(L, -2, "key");
		lua_pushnumber(L, (lua_Number)r.line);
		lua_setfield(L, -2, "line");
		lua_rawseti(L, -2, (int)(i + 1));
	}
	scratch_clear(sc);
	return 1;
}

/* core.syntax_of_path(path) -> name | nil */
static int l_syntax_of_path(lua_State *L)
{
	size_t n;
	const char *path = luaL_checklstring(L, 1, &n);
	int syntax = -1;

	if (strlen(path) == n)
		syntax = ream_syntax_of_path(path);
	if (syntax < 0)
		lua_pushnil(L);
	else
		lua_pushstring(L, ream_syntax_name((ream_syntax)syntax));
	return 1;
}

/* core.default_path() -> string | nil */
static int l_default_path(lua_State *L)
{
	scratch *sc = scratch_new(L);

	sc->str = ream_store_default_path();
	if (sc->str)
		lua_pushstring(L, sc->str);
	else
		lua_pushnil(L);
	scratch_clear(sc);
	return 1;
}

/* ---- The module ----------------------------------------------------------- */

static const luaL_Reg store_meta[] = {
	{ "__gc", store_gc },
	{ "__tostring", store_tostring },
	{ NULL, NULL }
};

static const luaL_Reg store_methods[] = {
	{ "search", store_search },
	{ "get", store_get },
	{ "cite", store_cite },
	{ "import", store_import },
	{ "export", store_export },
	{ "mark_cited", store_mark_cited },
	{ "stats", store_stats },
	{ "check", store_check },
	{ "path", store_path },
	{ "close", store_close },
	{ NULL, NULL }
};

static const luaL_Reg core_funcs[] = {
	{ "open", l_open },
	{ "id_parse", l_id_parse },
	{ "doc_keys", l_doc_keys },
	{ "syntax_of_path", l_syntax_of_path },
	{ "default_path", l_default_path },
	{ NULL, NULL }
};

LUALIB_API int luaopen_ream_core(lua_State *L)
{
	luaL_newmetatable(L, STORE_T);
	setfuncs(L, store_meta);
	lua_newtable(L);
	setfuncs(L, store_methods);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);

	luaL_newmetatable(L, SCRATCH_T);
	lua_pushcfunction(L, scratch_gc);
	lua_setfield(L, -2, "__gc");
	lua_pop(L, 1);

	lua_newtable(L);
	setfuncs(L, core_funcs);
	lua_pushliteral(L, REAM_VERSION);
	lua_setfield(L, -2, "version");
	return 1;
}
