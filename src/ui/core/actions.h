/* actions.h - what the keys, the mouse and the dialogs do to the viewer
 * (pure: no terminal).
 *
 * Each action changes the viewer's state and returns what it invalidated
 * (reaction.h), for viewer_react and the loop to apply; an action that is
 * not for now (a search that is not there yet, details with no pane to
 * show them in) returns REACTION_PASS, and the next in line answers the
 * key (screen/input.c).  The actions without arguments are the key
 * table's handlers (keys.c). */
#pragma once

#include "viewer.h"

/* Moves the tree's selection by N rows, or to an end (TO_END -1 first, 1
 * last); the details follow the tree. */
Reaction actions_tree_move (Viewer *v, gint n, int to_end);

/* Selects the tree's row I (a click), when there is one. */
Reaction actions_tree_pick (Viewer *v, gint i);

/* Moves the log's selection by N events, or to an end (TO_END -1 the
 * oldest, 1 follows the newest); the details follow the log. */
Reaction actions_log_move (Viewer *v, gint n, int to_end);

/* Selects the log's row KEY (a click; logpos.h). */
Reaction actions_log_pick (Viewer *v, guint64 key);

/* Scrolls the details by N lines, or to an end (TO_END as above). */
Reaction actions_details_scroll (Viewer *v, gint n, int to_end);

/* Moves the time cursor to the end of the graph's interval under cell X
 * of its bars (a click), or the tree's row I to the moment under cell X
 * of its bars in the timeline (CELLS wide). */
Reaction actions_graph_pick (Viewer *v, int x);
Reaction actions_timeline_pick (Viewer *v, gint i, int x, int cells);

/* Focuses PANE; the details follow the tree or the log accordingly. */
Reaction actions_focus (Viewer *v, LayoutPane pane);

/* Leaves the details pane, back to the tree or the log they came from. */
Reaction actions_leave_details (Viewer *v);

/* Shows the details of the selection over the body (the pane does not
 * fit): scrolled to the top, of the log's event when the log is focused. */
Reaction actions_details_over (Viewer *v);

/* Jumps to the next (DIR 1) or previous search match in the focused pane
 * (the log's, or the tree's); with INCLUSIVE the selection itself may
 * match.  Sets search_missed when nothing matches. */
Reaction actions_search (Viewer *v, int dir, gboolean inclusive);

/* A search begins (the prompt opens): where it looks from. */
Reaction actions_search_begin (Viewer *v);

/* Sets the search to TEXT (NULL or "": none) and looks for it from the
 * selection on, the selection included. */
Reaction actions_search_set (Viewer *v, const char *text);

/* Puts the search back to TEXT without looking for it (a cancelled
 * prompt). */
Reaction actions_search_restore (Viewer *v, const char *text);

/* Applies filter expression EXPR (NULL: none), to the tree's rows and the
 * log at once: a selection it leaves dim (an ancestor of matches) or
 * hides goes to the first match.  When EXPR does not parse, the filter
 * stays and filter_error says why. */
Reaction actions_set_filter (Viewer *v, const char *expr);

/* Replaces the filter's terms of KEY ("user", "failed", ...) by TERM (a
 * term's text; NULL: none), saying why when that does not parse. */
Reaction actions_replace_term (Viewer *v, const char *key, const char *term);

/* Orders siblings by SORT (RowsSort), the usual way round. */
Reaction actions_set_sort (Viewer *v, guint sort);

/* Shows or hides optional column C (RowtextColumn). */
Reaction actions_toggle_column (Viewer *v, guint c);

/* Esc, one level at a time: the search, else the filter (kept for the
 * prompt's Up), else following. */
Reaction actions_clear (Viewer *v);

/* The key table's handlers (keys.c says which key does which). */
Reaction actions_left (Viewer *v);
Reaction actions_right (Viewer *v);
Reaction actions_focus_next (Viewer *v);
Reaction actions_focus_prev (Viewer *v);
Reaction actions_details (Viewer *v);
Reaction actions_expand (Viewer *v);
Reaction actions_collapse (Viewer *v);
Reaction actions_collapse_all (Viewer *v);
Reaction actions_parent (Viewer *v);
Reaction actions_search_next (Viewer *v);
Reaction actions_search_prev (Viewer *v);
Reaction actions_failed (Viewer *v);
Reaction actions_hide_ok (Viewer *v);
Reaction actions_freeze (Viewer *v);
Reaction actions_cursor_back (Viewer *v);
Reaction actions_cursor_forward (Viewer *v);
Reaction actions_cursor_back_second (Viewer *v);
Reaction actions_cursor_forward_second (Viewer *v);
Reaction actions_cursor_go (Viewer *v);
Reaction actions_cursor_return (Viewer *v);
Reaction actions_play (Viewer *v);
Reaction actions_zoom_in (Viewer *v);
Reaction actions_zoom_out (Viewer *v);
Reaction actions_graph_back (Viewer *v);
Reaction actions_graph_forward (Viewer *v);
Reaction actions_timeline (Viewer *v);
Reaction actions_follow (Viewer *v);
Reaction actions_cmdline (Viewer *v);
Reaction actions_threads (Viewer *v);
Reaction actions_kthreads (Viewer *v);
Reaction actions_sort_invert (Viewer *v);
Reaction actions_redraw (Viewer *v);
Reaction actions_suspend (Viewer *v);
Reaction actions_quit (Viewer *v);
