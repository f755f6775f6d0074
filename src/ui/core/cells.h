/* cells.h - text for the terminal, measured in cells (pure).
 *
 * Widths are in terminal cells; strings are UTF-8.  Anything that came
 * from a process (comm, command line, exe) goes through cells_escape()
 * first, so that nothing it holds reaches the terminal raw. */
#pragma once

#include <glib.h>

/* Widest name or command line kept, in columns. */
#define CELLS_TEXT_MAX 4096

/* Escapes process-supplied text for the terminal; returns a new string. */
char *cells_escape (const char *s);

/* A process or thread name for display: COMM escaped, or WORDS_NO_NAME
 * when it is not known (NULL).  Returns a new string. */
char *cells_name (const char *comm);

/* Display width of UTF-8 text S (invalid bytes count as one cell each). */
int cells_width (const char *s);

/* Appends S cut to at most WIDTH cells, ending in "…" ("~" without UTF8)
 * when cut; pads with spaces to exactly WIDTH when PAD. */
void cells_fit (GString *out, const char *s, int width, gboolean utf8,
                 gboolean pad);

/* Appends the end of S that fits in WIDTH cells, after "…" ("~" without
 * UTF8) when its start is cut: the end of what is being typed. */
void cells_fit_tail (GString *out, const char *s, int width, gboolean utf8);

/* Splits S into lines of at most WIDTH cells (at least 1), breaking after
 * the last space that fits, or at the width in a word longer than a line.
 * Returns a new array of new strings. */
GPtrArray *cells_wrap (const char *s, int width);
