/* dialog.h - what a dialog is: the interface every file of dialogs/
 * implements.
 *
 * A dialog opens on a key (the registry, screen/panes.c, says which),
 * takes every key until it closes (its key handler returns
 * REACTION_CLOSE), and draws over the panes: a box, the bottom line in
 * the function bar's place, or both.  At most one is open. */
#pragma once

#include <curses.h>
#include "viewer.h"

/* An open dialog (its state begins with this). */
typedef struct Dialog Dialog;

/* A kind of dialog. */
typedef struct {
  const char *name;
  gsize size;                      /* of its state, a Dialog first */
  gconstpointer data;              /* its parameters (the prompts share
                                      one machine) */
  /* Sets the new dialog up (its state zeroed before); FALSE when it does
   * not open (it says why in the viewer's message).  NULL: it opens. */
  gboolean (*open) (Dialog *d, Viewer *v);
  /* Frees what its state holds (not the state).  NULL: nothing. */
  void (*dispose) (Dialog *d);
  /* A key (keys.h codes; Ctrl-C comes as Esc). */
  Reaction (*key) (Dialog *d, Viewer *v, int code);
  /* Draws it after the panes; BAR is the bottom line's window, NULL when
   * the terminal is too small for one. */
  void (*draw) (Dialog *d, Viewer *v, WINDOW *bar);
  /* A press of the mouse anywhere.  NULL: ignored. */
  Reaction (*click) (Dialog *d, Viewer *v);
  /* The panes were laid out again (the terminal's size changed).  NULL:
   * nothing to do. */
  Reaction (*relayout) (Dialog *d, Viewer *v);
} DialogClass;

/* The state every dialog starts with. */
struct Dialog {
  const DialogClass *klass;
};

/* Opens a dialog of KLASS over V: NULL when it does not open.
 * dialog_free frees it (NULL: nothing). */
Dialog *dialog_open (const DialogClass *klass, Viewer *v);
void dialog_free (Dialog *d);
