/* escape.h - making untrusted strings safe to show on a terminal or in a log.
 *
 * Process names and command lines are chosen by whoever runs the process and
 * may hold escape sequences, invalid UTF-8 and any other bytes.  These
 * functions turn such a string into text that is safe to draw: valid,
 * printable UTF-8 (wide characters included) is kept; everything else is
 * shown visibly as an ASCII escape:
 *
 *   \\  a backslash        \t \n \r  tab, newline, carriage return
 *   \e  ESC (0x1b)         \xNN      any other C0 byte, DEL, or a byte that
 *                                    is not part of valid UTF-8 (incl. 0x9b)
 *   \uNNNN, \UNNNNNNNN     a valid but unprintable character: C1 controls
 *                          (U+0080..U+009F), format characters such as
 *                          U+202E, line/paragraph separators, unassigned
 *
 * Widths are terminal columns (GLib's Unicode tables: wide CJK = 2, combining
 * marks = 0).  When a limit is given and the whole text does not fit, the
 * result is cut at a character or escape boundary and ends in "…" (U+2026,
 * one column), never exceeding the limit.  Pure functions: no curses, no
 * locale, no I/O. */
#pragma once

#include <glib.h>

/* The ellipsis marking a cut. */
#define ESCAPE_ELLIPSIS "\xe2\x80\xa6"

/* Appends S (NUL-terminated; NULL is treated as "") to OUT, escaped, using
 * at most MAX_COLS columns (0 = no limit).  Returns the columns appended. */
gsize escape_append (GString *out, const char *s, gsize max_cols);

/* Returns S escaped as by escape_append, as a new string. */
char *escape_display (const char *s, gsize max_cols);

/* Appends the command line ARGV (NULL-terminated; NULL or empty gives
 * nothing) to OUT: arguments escaped, separated by one space; an argument
 * that is empty or holds a space or a double quote is shown in double
 * quotes with inner quotes as \".  At most MAX_COLS columns (0 = no limit).
 * Returns the columns appended. */
gsize escape_append_argv (GString *out, const char *const *argv, gsize max_cols);

/* Returns ARGV joined as by escape_append_argv, as a new string. */
char *escape_argv (const char *const *argv, gsize max_cols);

/* Terminal columns of the valid, printable character C: 0 for combining
 * and other zero-width characters, 2 for wide (CJK) ones, else 1. */
int escape_cells (gunichar c);

/* Appends exactly COLS columns to OUT: S escaped, cut with an ellipsis if
 * too wide, padded with spaces if too narrow (for aligned columns). */
void escape_append_padded (GString *out, const char *s, gsize cols);
