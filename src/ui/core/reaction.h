/* reaction.h - what an action invalidated, said by the action itself.
 *
 * Whatever the viewer does (a key, a click, a dialog, a move of the time
 * cursor, an event, the tick) returns the set of things it changed, and
 * the caller applies them in one place: viewer_react for the viewer's
 * caches, the loop (tui.c) for the terminal.  An action never sets a
 * flag in shared state to be found later. */
#pragma once

/* Bits of a reaction. */
typedef enum {
  REACTION_NONE = 0,
  REACTION_PASS = 1 << 0,     /* not handled here: the next in line may
                                 (the focused pane, the key table, a
                                 dialog that opens) */
  REACTION_ROWS = 1 << 1,     /* the tree's rows are built again */
  REACTION_MODEL = 1 << 2,    /* the live model changed: the rows are
                                 built again unless the view is frozen */
  REACTION_LOG = 1 << 3,      /* the log judges every event again (what
                                 it shows changed) */
  REACTION_SAMPLES = 1 << 4,  /* what /proc said is read again */
  REACTION_PLACE = 1 << 5,    /* the details' cwd and cgroup are read again */
  REACTION_CLOSE = 1 << 6,    /* the open dialog closes */
  REACTION_LAYOUT = 1 << 7,   /* the terminal's size is read again and the
                                 panes laid out */
  REACTION_REDRAW = 1 << 8,   /* the whole terminal is painted again */
  REACTION_SUSPEND = 1 << 9,  /* the viewer stops (Ctrl-Z) */
  REACTION_QUIT = 1 << 10,
} Reaction;
