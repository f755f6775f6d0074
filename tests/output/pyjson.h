/* pyjson.h - running python3's json module over text, as an independent
 * JSON parser for the printers' and reader's tests. */
#pragma once

#include <glib.h>

/* Runs `python3 -c SCRIPT` with INPUT on its stdin.  Returns its stdout, or
 * NULL when python3 is not installed (the caller skips).  Fails the test
 * when python3 exits non-zero, showing its stderr. */
char *pyjson_run (const char *script, const char *input);
