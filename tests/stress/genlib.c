/*
 * genlib.c: writes a generated library of arXiv JSON lines for the shell
 * tests (stress.h's write_library).
 *
 *   genlib FILE TAG FIRST LAST     papers TAG.FIRST .. TAG.LAST
 */
#include "stress.h"

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: genlib FILE TAG FIRST LAST\n");
		return 2;
	}
	rng_seed((uint64_t)strtol(argv[3], NULL, 10));
	return write_library(argv[1], (int)strtol(argv[2], NULL, 10),
			     strtol(argv[3], NULL, 10),
			     strtol(argv[4], NULL, 10)) ? 1 : 0;
}
