/*
 * fuzz_arxiv_listing.c: the arXiv listing text reader (ream_arxiv_listing_read) on any bytes. Every paper
 * it emits goes through every formatter (fuzz.h).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read(ream_arxiv_listing_read, data, size);
	return 0;
}
