/* keys.h - the viewer's one key table.
 *
 * Each entry binds keys to an action and says what the help screen and the
 * function bar show for it, so that dispatch (input.c), the help screen
 * and the function bar (screen.c) and the man page's test all read the same
 * list and cannot drift apart. */
#pragma once

#include <glib.h>

/* Added to a curses special key (KEY_F (1), KEY_UP, ...) so that it never
 * collides with a character of the same value. */
#define KEYS_SPECIAL 0x110000
/* The code of curses special key K in the table. */
#define KEYS_FN(k) ((k) + KEYS_SPECIAL)
/* Ctrl + letter. */
#define KEYS_CTRL(c) ((c) & 0x1f)

/* What a key does in the normal mode of the viewer. */
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
  int codes[KEYS_MAX_CODES];  /* characters and KEYS_FN () codes, 0-ended */
  const char *keys;           /* the keys as help and man page name them */
  const char *help;           /* what the action does */
  const char *bar_key;        /* on the function bar: its key, else NULL */
  const char *bar_label;      /* its label there */
  const char *bar_label_on;   /* the label while its toggle is on, or NULL */
  int bar_cols;               /* on the bar only from this width on (0: always) */
} KeysEntry;

/* The table, in help order; the function bar shows the entries with a
 * bar_key in the same order, those with a bar_cols on terminals that wide. */
extern const KeysEntry keys_table[];
extern const guint keys_table_len;

/* The action bound to CODE (a character, or KEYS_FN () of a special key),
 * KEYS_NONE when none is. */
KeysAction keys_action (int code);

/* The function bar's label for entry E: bar_label_on while ON. */
const char *keys_bar_label (const KeysEntry *e, gboolean on);

/* Whether entry E is on the function bar of a terminal COLS wide (the
 * bar fits 80 columns; a few entries join it on wider ones). */
gboolean keys_bar_shows (const KeysEntry *e, int cols);

/* The entry whose function-bar cell covers column X, when the bar of a
 * terminal COLS wide is drawn as "KEY" "LABEL" " " per entry shown from
 * column 0; NULL past the end.  ON says, per action, whether its toggle is
 * on (it changes label widths). */
const KeysEntry *keys_bar_hit (int x, int cols, const gboolean on[KEYS_ACTION_MAX]);
