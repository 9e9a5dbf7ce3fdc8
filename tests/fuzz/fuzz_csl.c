/*
 * fuzz_csl.c: the CSL-JSON reader (ream_csl_read) on any bytes. Every paper
 * it emits goes through every formatter (fuzz.h).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read(ream_csl_read, data, size);
	return 0;
}
