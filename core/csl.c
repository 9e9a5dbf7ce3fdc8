/*
 * csl.c: CSL-JSON, the format of pandoc, Zotero and citeproc. Being
 * written (issue 3): until then both directions say so.
 */
#include "internal.h"

int ream_csl_read(FILE *f, ream_reader *r)
{
	(void)f;
	r->warn(r->ud, 1, "reading CSL-JSON is not supported yet");
	return REAM_OK;
}

int ream_csl_write(const ream_paper *p, ream_write_fn w, void *ud)
{
	(void)p;
	(void)w;
	(void)ud;
	return REAM_FORMAT;
}
