/* input.c - keys and mouse to actions (see input.h). */
#include "input.h"

#include <signal.h>

#include "dialogs.h"
#include "keys.h"
#include "screen.h"
#include "travel.h"

/* Rows the mouse wheel moves. */
#define INPUT_WHEEL 3

/* A mouse event. */
static void
input_mouse (Viewer *v)
{
  MEVENT me;
  LayoutPane pane;
  int line;

  if (getmouse (&me) != OK)
    return;
  /* Only presses and the wheel act: a release (which some terminals send
   * apart from its press) must not close the help its press opened. */
  if (!(me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_DOUBLE_CLICKED
                     | BUTTON4_PRESSED | BUTTON5_PRESSED)))
    return;
  if (v->mode == VIEWER_MODE_HELP)
    {
      v->mode = VIEWER_MODE_NORMAL;
      return;
    }
  if (v->mode != VIEWER_MODE_NORMAL)
    return;
  pane = layout_hit (&v->layout, me.y, me.x);
  if (pane == PANE_MAX)
    return;
  line = me.y - v->layout.pane[pane].y - 1;
  if (me.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED))
    {
      LayoutPane keep = v->focus;
      if (pane == PANE_TREE || pane == PANE_LOG || pane == PANE_DETAILS)
        {
          v->focus = pane;
          viewer_move (v, (me.bstate & BUTTON4_PRESSED) ? -INPUT_WHEEL : INPUT_WHEEL, 0);
          v->focus = keep;
        }
      return;
    }
  if (pane == PANE_FNBAR)
    {
      /* A message covers the keys: a click there presses none. */
      if (viewer_message_shown (v))
        return;
      gboolean on[KEYS_ACTION_MAX];
      viewer_toggles (v, on);
      const KeysEntry *e = keys_bar_hit (me.x, COLS, on);
      /* The entry's first code is what its key sends. */
      if (e)
        input_key (v, e->codes[0] >= KEYS_SPECIAL ? e->codes[0] - KEYS_SPECIAL
                                                  : e->codes[0],
                   e->codes[0] < KEYS_SPECIAL);
      return;
    }
  if (pane == PANE_TREE || pane == PANE_LOG || pane == PANE_DETAILS)
    viewer_focus (v, pane);
  if (pane == PANE_TREE && line >= 0)
    {
      GArray *rows = viewer_rows (v);
      if (v->tree_top + line < (gint) rows->len)
        {
          v->follow_serial = 0;
          viewer_select (v, rows, v->tree_top + line);
        }
    }
  else if (pane == PANE_LOG && line >= 0 && v->log_lines
           && (guint) line < v->log_lines->len)
    {
      v->log_sel = g_array_index (v->log_lines, guint64, line);
      v->log_follow = FALSE;
    }
}

/* Does ACTION in normal mode. */
static void
input_action (Viewer *v, KeysAction action)
{
  gint page = viewer_pane_rows (v, v->focus == PANE_LOG ? PANE_LOG
                                   : v->focus == PANE_DETAILS ? PANE_DETAILS : PANE_TREE);

  switch (action)
    {
    case KEYS_HELP: v->mode = VIEWER_MODE_HELP; v->help_top = 0; break;
    case KEYS_UP: viewer_move (v, -1, 0); break;
    case KEYS_DOWN: viewer_move (v, 1, 0); break;
    case KEYS_PAGE_UP: viewer_move (v, -page, 0); break;
    case KEYS_PAGE_DOWN: viewer_move (v, page, 0); break;
    case KEYS_HOME: viewer_move (v, 0, -1); break;
    case KEYS_END: viewer_move (v, 0, 1); break;
    case KEYS_LEFT:
      {
        const Row *r = viewer_selected_row (v);
        if (r && (r->flags & ROW_F_CHILDREN) && !(r->flags & ROW_F_COLLAPSED))
          viewer_collapse (v, TRUE);
        else
          viewer_select_parent (v);
        break;
      }
    case KEYS_RIGHT: viewer_collapse (v, FALSE); break;
    case KEYS_EXPAND: case KEYS_COLLAPSE:
      /* A replay with more to play: its pace; at its end, the tree. */
      if (monitor_is_replay (v->m) && !v->source_ended)
        travel_pace (v, action == KEYS_EXPAND ? 1 : -1);
      else
        viewer_collapse (v, action == KEYS_COLLAPSE);
      break;
    case KEYS_COLLAPSE_ALL: viewer_collapse_all (v); break;
    case KEYS_FOCUS_NEXT: viewer_focus (v, layout_next_focus (&v->layout, v->focus)); break;
    case KEYS_FOCUS_PREV:
      /* Three panes at most: two steps forward is one back. */
      viewer_focus (v, layout_next_focus (&v->layout,
                                          layout_next_focus (&v->layout, v->focus)));
      break;
    case KEYS_DETAILS: viewer_show_details (v); break;
    case KEYS_PARENT: viewer_select_parent (v); break;
    case KEYS_SEARCH: dialogs_prompt (v, VIEWER_MODE_SEARCH, NULL); break;
    case KEYS_SEARCH_NEXT:
      if (v->search)
        viewer_search_next (v, 1, FALSE);
      else
        dialogs_prompt (v, VIEWER_MODE_SEARCH, NULL);
      break;
    case KEYS_SEARCH_PREV: viewer_search_next (v, -1, FALSE); break;
    case KEYS_FILTER: dialogs_prompt (v, VIEWER_MODE_FILTER, filter_text (v->filter)); break;
    case KEYS_USER: dialogs_users (v); break;
    case KEYS_FAILED:
      viewer_replace_term (v, "failed", viewer_failures_only (v) ? NULL : "failed");
      break;
    case KEYS_HIDE_OK:
      v->hide_ok_tombs = !v->hide_ok_tombs;
      v->rows_stale = TRUE;
      viewer_message (v, v->hide_ok_tombs ? "exited processes that did not fail are hidden"
                                          : "every exited process is shown");
      break;
    case KEYS_CLEAR:
      /* In the details pane, Esc goes back to the pane they came from. */
      if (v->focus == PANE_DETAILS)
        viewer_leave_details (v);
      else
        viewer_clear_filters (v);
      break;
    case KEYS_FREEZE: viewer_toggle_freeze (v); break;
    case KEYS_CURSOR_BACK: travel_step_events (v, -1); break;
    case KEYS_CURSOR_FORWARD: if (v->frozen) travel_step_events (v, 1); break;
    case KEYS_CURSOR_BACK_SECOND: travel_step_time (v, -1); break;
    case KEYS_CURSOR_FORWARD_SECOND: if (v->frozen) travel_step_time (v, 1); break;
    case KEYS_CURSOR_GO:
      {
        guint64 seq = viewer_log_selected (v);
        if (seq)
          travel_set_cursor (v, seq);
        break;
      }
    case KEYS_CURSOR_RETURN: if (v->frozen) travel_set_cursor (v, 0); break;
    case KEYS_CURSOR_PROMPT: dialogs_prompt (v, VIEWER_MODE_GOTO, NULL); break;
    case KEYS_PLAY:
      if (monitor_is_replay (v->m))
        travel_play_toggle (v);
      else
        viewer_toggle_freeze (v);
      break;
    case KEYS_FOLLOW: viewer_toggle_follow (v); break;
    case KEYS_CMDLINE: v->cmdline = !v->cmdline; break;
    case KEYS_THREADS:
      /* Thread exits show in the log with the threads. */
      v->threads = !v->threads;
      v->rows_stale = TRUE;
      logpos_index_reset (&v->log_index);
      break;
    case KEYS_KTHREADS: v->kthreads = !v->kthreads; v->rows_stale = TRUE; break;
    case KEYS_SETUP: dialogs_setup (v); break;
    case KEYS_SORT: dialogs_sort (v); break;
    case KEYS_SORT_INVERT: viewer_invert_sort (v); break;
    case KEYS_SIGNAL: dialogs_signal (v); break;
    case KEYS_REDRAW: clearok (curscr, TRUE); break;
    case KEYS_SUSPEND: raise (SIGTSTP); break;
    case KEYS_QUIT: g_main_loop_quit (v->loop); break;
    case KEYS_NONE: case KEYS_ACTION_MAX: break;
    }
}

void
input_key (Viewer *v, int key, gboolean is_char)
{
  if (!is_char && key == KEY_RESIZE)
    screen_resize (v);
  else if (!is_char && key == KEY_MOUSE)
    input_mouse (v);
  else if (v->mode != VIEWER_MODE_NORMAL)
    dialogs_key (v, key, is_char);
  else
    input_action (v, keys_action (is_char ? key : KEYS_FN (key)));
}
