/* pyjson.h - running python3's json module over text, as an independent
 * JSON parser for the printers' and reader's tests. */
#pragma once

#include <glib.h>

/* Whether python3 is installed (tests skip without it). */
gboolean pyjson_available (void);

/* Runs `python3 -c SCRIPT` with INPUT on its stdin and returns its stdout.
 * Fails the test when python3 is missing or exits non-zero (showing its
 * stderr). */
char *pyjson_run (const char *script, const char *input);
