/*
 * fuzz_bibtex.c: the BibTeX and BibLaTeX reader (ream_bibtex_read) on any bytes. Every paper
 * it emits goes through every formatter (fuzz.h).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read(ream_bibtex_read, data, size);
	return 0;
}
