/* entry.h - a line of text typed in the function bar's place: the
 * prompts and the user picker. */
#pragma once

#include <curses.h>
#include "viewer.h"

/* Edits TEXT by the key CODE: a character is added, Backspace takes the
 * last one away, Ctrl-U all.  Returns whether CODE was one of those. */
gboolean entry_edit (GString *text, int code);

/* Draws on the bottom line BAR the label WHAT, the end of TEXT that fits
 * (escaped) and a cursor, then WHY (what is wrong with it, highlighted)
 * or else HINT (the keys); WHY goes first when both do not fit. */
void entry_draw (const Viewer *v, WINDOW *bar, const char *what, const char *text,
                 const char *why, const char *hint);
