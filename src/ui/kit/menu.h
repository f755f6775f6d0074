/* menu.h - a list to choose from in a box over the panes: the signal
 * menu, the user, setup and sort pickers. */
#pragma once

#include "viewer.h"

/* Moves a menu's selection *SEL among N entries by CODE when it is Up or
 * Down, going round at the ends when WRAP (else stopping there), or Home
 * or End (the first, the last).  Returns whether CODE was one of them. */
gboolean menu_move (gint *sel, gint n, int code, gboolean wrap);

/* Whether CODE closes a menu: Esc, q, or a key of the action OWN that
 * opened it (KEYS_NONE: none). */
gboolean menu_closes (int code, KeysAction own);

/* Draws LINES in a box W cells wide titled TITLE, line SEL highlighted
 * (-1: none) and kept in view. */
void menu_draw (const Viewer *v, GPtrArray *lines, int w, const char *title, gint sel);
