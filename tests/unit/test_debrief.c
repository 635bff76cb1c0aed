/* test_debrief.c: placeholder, filled below. */
#include <criterion/criterion.h>
