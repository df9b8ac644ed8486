// A unity ("amalgamated") build: the driver is compiled as this one file, which includes its
// source files. Their functions are the driver's code.
#include "part_a.c"
#include "part_b.c"
