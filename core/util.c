/*
 * util.c: error messages and growable buffers shared by the core.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "internal.h"

void ream_free(void *p)
{
	free(p);
}

char *ream_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

int ream_seterr(char **err, int rc, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (!err)
		return rc;
	free(*err);
	*err = NULL;
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return rc;
	*err = malloc((size_t)len + 1);
	if (!*err)
		return rc;
	va_start(ap, fmt);
	vsnprintf(*err, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return rc;
}

/* Makes room for `more` bytes and the NUL; sets *rc on failure. */
static int buf_grow(int *rc, ream_buf *b, size_t more)
{
	size_t cap;
	char *s;

	if (*rc != REAM_OK)
		return 0;
	if (b->n + more + 1 <= b->cap)
		return 1;
	if (more > SIZE_MAX / 2 - b->n) {
		*rc = REAM_NOMEM;
		return 0;
	}
	cap = b->cap ? b->cap : 64;
	while (cap < b->n + more + 1)
		cap *= 2;
	s = realloc(b->s, cap);
	if (!s) {
		*rc = REAM_NOMEM;
		return 0;
	}
	b->s = s;
	b->cap = cap;
	return 1;
}

void ream_buf_add(int *rc, ream_buf *b, const char *s, size_t n)
{
	if (!buf_grow(rc, b, n))
		return;
	if (n)
		memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

void ream_buf_adds(int *rc, ream_buf *b, const char *s)
{
	/* After a failure s may be a buffer that never got its string. */
	if (*rc == REAM_OK)
		ream_buf_add(rc, b, s, strlen(s));
}

void ream_buf_addc(int *rc, ream_buf *b, char c)
{
	ream_buf_add(rc, b, &c, 1);
}

void ream_buf_printf(int *rc, ream_buf *b, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (*rc != REAM_OK)
		return;
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0) {
		*rc = REAM_ERROR;
		return;
	}
	if (!buf_grow(rc, b, (size_t)len))
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, (size_t)len + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)len;
}

void ream_buf_reset(ream_buf *b)
{
	b->n = 0;
	if (b->s)
		b->s[0] = '\0';
}

void ream_buf_free(ream_buf *b)
{
	if (!b)
		return;
	free(b->s);
	b->s = NULL;
	b->n = b->cap = 0;
}

char *ream_buf_take(int *rc, ream_buf *b)
{
	char *s;

	if (*rc == REAM_OK && !b->s)
		ream_buf_add(rc, b, "", 0);
	if (*rc != REAM_OK) {
		ream_buf_free(b);
		return NULL;
	}
	s = b->s;
	b->s = NULL;
	b->n = b->cap = 0;
	return s;
}

uint64_t ream_hash_more(uint64_t h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

uint64_t ream_hash_quick(uint64_t h, const char *s, size_t n)
{
	const uint64_t m = 0x9e3779b97f4a7c15ULL;
	uint64_t w;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * m;
		h ^= h >> 29;
	}
	w = (uint64_t)n << 56;
	memcpy(&w, s + i, n - i);	/* the last 0-7 bytes, and the length */
	h = (h ^ w) * m;
	return h ^ (h >> 32);
}

uint64_t ream_hash(const char *s, size_t n)
{
	return ream_hash_more(REAM_HASH_INIT, s, n);
}

void ream_buf_add_json(int *rc, ream_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, n = strlen(s);

	ream_buf_addc(rc, b, '"');
	while (i < n) {
		unsigned char c = u[i];
		utf8proc_int32_t cp;
		utf8proc_ssize_t k;
		char esc[6] = { '\\', 'u', '0', '0', 0, 0 };

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		ream_buf_add(rc, b, s + run, i - run);
		if (c >= 0x80) {
			k = utf8proc_iterate(u + i, (utf8proc_ssize_t)
					     (n - i < 4 ? n - i : 4), &cp);
			if (k > 0)
				ream_buf_add(rc, b, s + i, (size_t)k);
			else
				ream_buf_add(rc, b, "\xef\xbf\xbd", 3);
			i += k > 0 ? (size_t)k : 1;
		} else {
			esc[1] = c == '"' ? '"' : c == '\\' ? '\\'
				 : c == '\b' ? 'b' : c == '\f' ? 'f'
				 : c == '\n' ? 'n' : c == '\r' ? 'r'
				 : c == '\t' ? 't' : 'u';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			ream_buf_add(rc, b, esc, esc[1] == 'u' ? 6 : 2);
			i++;
		}
		run = i;
	}
	ream_buf_add(rc, b, s + run, i - run);
	ream_buf_addc(rc, b, '"');
}
