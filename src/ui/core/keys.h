/* keys.h - the viewer's one key table, and the codes of keys.
 *
 * Each entry binds keys to an action, says what the help screen and the
 * function bar show for it, and what it does: a handler of its own
 * (actions.h), or nothing, when the focused pane or a dialog answers it
 * (the registry of panes and dialogs, screen/panes.c).  Dispatch, the help
 * screen, the function bar and the man page's test all read this one list,
 * so they cannot drift apart.
 *
 * A key is an int code: a character (below KEYS_SPECIAL) or one of the
 * KeysKey codes; the terminal's own key codes are translated to these
 * where keys are read (screen/input.c), so that nothing here depends on
 * the terminal library. */
#pragma once

#include <glib.h>
#include "reaction.h"

/* The first code that is not a character (past Unicode). */
#define KEYS_SPECIAL 0x110000

/* Keys that are not characters. */
typedef enum {
  KEYS_KEY_UP = KEYS_SPECIAL,
  KEYS_KEY_DOWN,
  KEYS_KEY_LEFT,
  KEYS_KEY_RIGHT,
  KEYS_KEY_PAGE_UP,
  KEYS_KEY_PAGE_DOWN,
  KEYS_KEY_HOME,
  KEYS_KEY_END,
  KEYS_KEY_BACKTAB,        /* Shift-Tab */
  KEYS_KEY_ENTER,          /* the keypad's */
  KEYS_KEY_BACKSPACE,
  KEYS_KEY_OTHER,          /* any other key that is not a character */
  KEYS_KEY_F0,             /* KEYS_KEY_F (N): function key N */
} KeysKey;

/* Function key N (1 and up; Shift-F3 is F15). */
#define KEYS_KEY_F(n) (KEYS_KEY_F0 + (n))
/* Ctrl + letter. */
#define KEYS_CTRL(c) ((c) & 0x1f)
/* Escape. */
#define KEYS_ESC 27

/* The viewer, whose actions the table names (viewer.h). */
typedef struct Viewer Viewer;

/* What a key does while no dialog is open. */
typedef enum {
  KEYS_NONE,            /* documented input that dispatch never sees */
  KEYS_HELP,
  KEYS_UP,
  KEYS_DOWN,
  KEYS_PAGE_UP,
  KEYS_PAGE_DOWN,
  KEYS_HOME,
  KEYS_END,
  KEYS_LEFT,            /* collapse, or go to the parent */
  KEYS_RIGHT,           /* expand */
  KEYS_FOCUS_NEXT,
  KEYS_FOCUS_PREV,
  KEYS_DETAILS,
  KEYS_EXPAND,
  KEYS_COLLAPSE,
  KEYS_COLLAPSE_ALL,
  KEYS_PARENT,
  KEYS_SEARCH,
  KEYS_SEARCH_NEXT,
  KEYS_SEARCH_PREV,
  KEYS_FILTER,
  KEYS_USER,
  KEYS_FAILED,
  KEYS_HIDE_OK,
  KEYS_CLEAR,
  KEYS_FREEZE,
  KEYS_CURSOR_BACK,
  KEYS_CURSOR_FORWARD,
  KEYS_CURSOR_BACK_SECOND,
  KEYS_CURSOR_FORWARD_SECOND,
  KEYS_CURSOR_GO,
  KEYS_CURSOR_RETURN,
  KEYS_CURSOR_PROMPT,
  KEYS_PLAY,
  KEYS_ZOOM_IN,
  KEYS_ZOOM_OUT,
  KEYS_GRAPH_BACK,
  KEYS_GRAPH_FORWARD,
  KEYS_TIMELINE,
  KEYS_FOLLOW,
  KEYS_CMDLINE,
  KEYS_THREADS,
  KEYS_KTHREADS,
  KEYS_SETUP,
  KEYS_SORT,
  KEYS_SORT_INVERT,
  KEYS_SIGNAL,
  KEYS_REDRAW,
  KEYS_SUSPEND,
  KEYS_QUIT,
  KEYS_ACTION_MAX
} KeysAction;

/* The most key codes one entry binds. */
#define KEYS_MAX_CODES 4

/* One entry of the table. */
typedef struct {
  KeysAction action;
  int codes[KEYS_MAX_CODES];  /* characters and KeysKey codes, 0-ended */
  const char *keys;           /* the keys as help and man page name them */
  const char *help;           /* what the action does */
  const char *bar_key;        /* on the function bar: its key, else NULL */
  const char *bar_label;      /* its label there */
  const char *bar_label_on;   /* the label while its toggle is on, or NULL */
  int bar_cols;               /* on the bar with its label from this width
                                 on (0: always), and below it */
  gboolean bar_key_alone;     /* its key alone (F2, F6: where htop users
                                 look), else not at all */
  Reaction (*run) (Viewer *v);  /* what it does, or NULL: the focused
                                   pane's key, or a dialog opens */
} KeysEntry;

/* The table, in help order; the function bar shows the entries with a
 * bar_key in the same order, those with a bar_cols with their label on
 * terminals that wide (on narrower ones their key alone, or nothing). */
extern const KeysEntry keys_table[];
extern const guint keys_table_len;

/* The entry binding CODE, or NULL. */
const KeysEntry *keys_find (int code);

/* The action bound to CODE, KEYS_NONE when none is. */
KeysAction keys_action (int code);

/* Whether CODE is Enter (a dialog's "yes"). */
gboolean keys_is_enter (int code);

/* Whether CODE is a character that can be typed into a prompt. */
gboolean keys_is_text (int code);

/* Whether CODE erases the character before the cursor (Backspace). */
gboolean keys_is_erase (int code);

/* The function bar's label for entry E on a terminal COLS wide:
 * bar_label_on while ON; "" where its key shows alone. */
const char *keys_bar_label (const KeysEntry *e, gboolean on, int cols);

/* Whether entry E is on the function bar of a terminal COLS wide (the
 * bar fits 80 columns; a few entries join it on wider ones). */
gboolean keys_bar_shows (const KeysEntry *e, int cols);

/* The next entry the function bar of a terminal COLS wide draws, from
 * entry *I of the table on (*I moves past it), when its key and label fit
 * in ROOM cells; NULL when they do not (the bar draws whole keys only) or
 * no entry is left.  ON says, per action, whether its toggle is on (it
 * changes label widths). */
const KeysEntry *keys_bar_next (guint *i, int room, int cols, const gboolean on[KEYS_ACTION_MAX]);

/* The entry whose function-bar cell covers column X, when the bar of a
 * terminal COLS wide is drawn as "KEY" "LABEL" " " per entry keys_bar_next
 * gives from column 0; NULL past the last. */
const KeysEntry *keys_bar_hit (int x, int cols, const gboolean on[KEYS_ACTION_MAX]);
