/* screen.h - drawing the viewer: one curses window per pane, refreshed
 * with wnoutrefresh, one doupdate per frame.  Drawing reads nothing but the
 * viewer's state (what /proc says was read before, by viewer_prepare_frame)
 * and changes nothing but the screen and its record of where things were
 * drawn (the log's lines, for clicks; the details' scroll, clamped). */
#pragma once

#include "viewer.h"

/* Draws everything. */
void screen_draw (Viewer *v);

/* Creates the pane windows for the current terminal size (after newterm,
 * and again on every resize). */
void screen_layout (Viewer *v);

/* Reads the terminal's size from V's tty, resizes curses to it and lays
 * the panes out again, repainting everything. */
void screen_resize (Viewer *v);

/* Frees the pane windows. */
void screen_free (Viewer *v);
