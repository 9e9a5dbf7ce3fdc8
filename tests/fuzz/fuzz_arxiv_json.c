/*
 * fuzz_arxiv_json.c: the arXiv metadata JSON lines reader (ream_arxiv_json_read) on any bytes. Every paper
 * it emits goes through every formatter (fuzz.h).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read(ream_arxiv_json_read, data, size);
	return 0;
}
