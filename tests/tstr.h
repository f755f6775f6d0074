/* tstr.h - string literals for the char * fields of events built on the
 * stack in tests.
 *
 * Event, Proc and argv hold char *, which the code under test never writes
 * through.  With -Wwrite-strings a literal is const, and -Wcast-qual warns
 * about casting that away; T_STR says, once, that this is deliberate. */
#pragma once

#include <stdint.h>

/* S (a literal or a const char *) as a char *. */
#define T_STR(s) ((char *) (uintptr_t) (s))
