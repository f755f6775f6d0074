/* input.h - keys and the mouse to what they do.
 *
 * A key goes to the open dialog, which takes every key; else to the
 * focused pane's view, then to the key table's handler of its action,
 * then to the dialog that action opens (panes.h): the first that does not
 * pass it answers.  A click goes to the open dialog, else to the pane
 * under it, which may press a key (the function bar). */
#pragma once

#include "screen.h"

/* Handles KEY as wget_wch read it (a character when IS_CHAR, else a
 * curses key code); returns what it invalidated, for the loop to apply
 * before the next key. */
Reaction input_key (Screen *s, Viewer *v, int key, gboolean is_char);
