/* screen.h - the viewer on the terminal: a curses window per pane of the
 * layout, drawn by the pane's view (the registry, panes.h), and the open
 * dialog over them; refreshed with wnoutrefresh, one doupdate per frame.
 * Drawing reads nothing but the viewer's state (what /proc says was read
 * before, by viewer_prepare_frame) and changes nothing but the screen and
 * what the views keep of it (the log's lines, for clicks; the details'
 * scroll, clamped). */
#pragma once

#include <stdio.h>
#include "dialog.h"
#include "view.h"

/* The screen. */
typedef struct {
  FILE *tty;                   /* the terminal (for its size) */
  View **views;                /* the view of each entry of the registry */
  WINDOW *win[PANE_MAX];       /* the windows of the panes shown */
  Dialog *dialog;              /* the open dialog, or NULL */
} Screen;

/* Sets S up with a view for each pane of the registry, on TTY. */
void screen_init (Screen *s, FILE *tty);

/* Frees the windows, the views and the dialog (not the terminal). */
void screen_clear (Screen *s);

/* Lays the panes out for the terminal's size as curses has it (V's
 * layout) and creates their windows (after newterm, and on every resize);
 * returns what the open dialog makes of it. */
Reaction screen_layout (Screen *s, Viewer *v);

/* Reads the terminal's size from the tty, resizes curses to it and lays
 * the panes out again (V's layout), repainting everything; returns what
 * the open dialog makes of it. */
Reaction screen_resize (Screen *s, Viewer *v);

/* The view in PANE's place now, or NULL. */
View *screen_view (Screen *s, const Viewer *v, LayoutPane pane);

/* Draws everything. */
void screen_draw (Screen *s, Viewer *v);

/* Opens a dialog of KLASS (closing the one open); whether it opened. */
gboolean screen_open (Screen *s, Viewer *v, const DialogClass *klass);

/* Closes the open dialog, if any. */
void screen_close (Screen *s);
