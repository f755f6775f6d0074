/* keys.c - the key table (see keys.h). */
#include "keys.h"

#include <string.h>

#include "actions.h"

/* The table.  Keys are those of htop where htop has them. */
const KeysEntry keys_table[] = {
  { KEYS_HELP, { KEYS_KEY_F (1), '?', 'h' }, "F1 ? h", "this help",
    "F1", "Help", NULL, 0, FALSE, NULL },
  { KEYS_UP, { KEYS_KEY_UP }, "Up", "move up in the focused pane",
    NULL, NULL, NULL, 0, FALSE, NULL },
  { KEYS_DOWN, { KEYS_KEY_DOWN }, "Down", "move down in the focused pane",
    NULL, NULL, NULL, 0, FALSE, NULL },
  { KEYS_PAGE_UP, { KEYS_KEY_PAGE_UP }, "PgUp", "a page up", NULL, NULL, NULL, 0, FALSE, NULL },
  { KEYS_PAGE_DOWN, { KEYS_KEY_PAGE_DOWN }, "PgDn", "a page down",
    NULL, NULL, NULL, 0, FALSE, NULL },
  { KEYS_HOME, { KEYS_KEY_HOME }, "Home", "first row or event", NULL, NULL, NULL, 0, FALSE, NULL },
  { KEYS_END, { KEYS_KEY_END }, "End", "last row; in the log: follow the newest",
    NULL, NULL, NULL, 0, FALSE, NULL },
  { KEYS_LEFT, { KEYS_KEY_LEFT }, "Left",
    "collapse the selected subtree or fold (in the log: a fold of repeated lines), or select "
    "its parent", NULL, NULL, NULL, 0, FALSE, actions_left },
  { KEYS_RIGHT, { KEYS_KEY_RIGHT }, "Right",
    "expand the selected subtree or fold (in the log: a fold of repeated lines)",
    NULL, NULL, NULL, 0, FALSE, actions_right },
  { KEYS_FOCUS_NEXT, { '\t' }, "Tab", "focus the next pane (also: click)",
    NULL, NULL, NULL, 0, FALSE, actions_focus_next },
  { KEYS_FOCUS_PREV, { KEYS_KEY_BACKTAB }, "Shift-Tab", "focus the previous pane",
    NULL, NULL, NULL, 0, FALSE, actions_focus_prev },
  { KEYS_DETAILS, { '\n', '\r', KEYS_KEY_ENTER }, "Enter",
    "details of the selected process or event (Esc or Enter closes)", NULL, NULL, NULL, 0, FALSE,
    actions_details },
  { KEYS_EXPAND, { '+', '=' }, "+",
    "expand subtree or fold; a replay not at its end: faster", NULL, NULL, NULL, 0, FALSE,
    actions_expand },
  { KEYS_COLLAPSE, { '-' }, "-",
    "collapse subtree or fold; a replay not at its end: slower", NULL, NULL, NULL, 0, FALSE,
    actions_collapse },
  { KEYS_COLLAPSE_ALL, { '*' }, "*", "collapse every subtree, or expand all",
    NULL, NULL, NULL, 0, FALSE, actions_collapse_all },
  { KEYS_PARENT, { KEYS_KEY_BACKSPACE, 0x7f, KEYS_CTRL ('h') }, "Backspace",
    "select the parent process", NULL, NULL, NULL, 0, FALSE, actions_parent },
  { KEYS_SEARCH, { '/' }, "/", "search the focused pane (tree or log) as shown",
    NULL, NULL, NULL, 0, FALSE, NULL },
  { KEYS_SEARCH_NEXT, { KEYS_KEY_F (3), 'n' }, "F3 n",
    "next match (without a search: search)", "F3", "Search", NULL, 0, FALSE, actions_search_next },
  { KEYS_SEARCH_PREV, { KEYS_KEY_F (15), 'N' }, "Shift-F3 N", "previous match",
    NULL, NULL, NULL, 0, FALSE, actions_search_prev },
  { KEYS_FILTER, { KEYS_KEY_F (4), '\\' }, "F4 \\",
    "filter tree and log (name, =exact, cmd:, user:, pid:, ppid:, event:, unit:, cgroup:, "
    "container:, failed, lived<, !); in the prompt Up and Down bring back earlier filters",
    "F4", "Filter", NULL, 0, FALSE, NULL },
  { KEYS_USER, { 'u' }, "u", "filter by user (picker; type a name or uid)",
    "u", "User", NULL, 0, FALSE, NULL },
  { KEYS_FAILED, { 'f' }, "f", "failures only, in the tree and the log (the term failed)",
    "f", "Fail", NULL, 0, FALSE, actions_failed },
  { KEYS_HIDE_OK, { 'x' }, "x", "hide / show the tree's exited processes that did not fail",
    NULL, NULL, NULL, 0, FALSE, actions_hide_ok },
  { KEYS_CLEAR, { KEYS_ESC }, "Esc",
    "leave one level at a time: a dialog, the details, the search, the filter (F4 then Up "
    "brings it back), following",
    NULL, NULL, NULL, 0, FALSE, actions_clear },
  { KEYS_FREEZE, { 'z' }, "z", "freeze / unfreeze the display (unfreeze: back to now)",
    "z", "Freeze", "Thaw", 0, FALSE, actions_freeze },
  { KEYS_CURSOR_BACK, { '[' }, "[", "time cursor: one event back (freezes)",
    NULL, NULL, NULL, 0, FALSE, actions_cursor_back },
  { KEYS_CURSOR_FORWARD, { ']' }, "]", "time cursor: one event forward", NULL, NULL, NULL, 0, FALSE,
    actions_cursor_forward },
  { KEYS_CURSOR_BACK_SECOND, { '{' }, "{", "time cursor: one second back (freezes)",
    NULL, NULL, NULL, 0, FALSE, actions_cursor_back_second },
  { KEYS_CURSOR_FORWARD_SECOND, { '}' }, "}",
    "time cursor: one second forward (no event in it: on to the next)",
    NULL, NULL, NULL, 0, FALSE, actions_cursor_forward_second },
  { KEYS_CURSOR_GO, { 'g' }, "g", "time cursor: to the selected log event (freezes)",
    NULL, NULL, NULL, 0, FALSE, actions_cursor_go },
  { KEYS_CURSOR_RETURN, { 'G' }, "G", "time cursor: back to the freeze point",
    NULL, NULL, NULL, 0, FALSE, actions_cursor_return },
  { KEYS_CURSOR_PROMPT, { ':' }, ":",
    "time cursor: to an event number (#4211), or the first event at or after a time "
    "(12:34:56, 12:34:56.789)",
    NULL, NULL, NULL, 0, FALSE, NULL },
  { KEYS_PLAY, { ' ' }, "Space", "a replay: pause / play; live: freeze / unfreeze",
    NULL, NULL, NULL, 0, FALSE, actions_play },
  { KEYS_ZOOM_IN, { 'w' }, "w",
    "graph and timeline: a shorter window, down to 10 s (zoom in; also the wheel on the graph)",
    NULL, NULL, NULL, 0, FALSE, actions_zoom_in },
  { KEYS_ZOOM_OUT, { 's' }, "s",
    "graph and timeline: a longer window, up to all since the start (zoom out)",
    NULL, NULL, NULL, 0, FALSE, actions_zoom_out },
  { KEYS_GRAPH_BACK, { 'a' }, "a",
    "time cursor: one column of the graph back (freezes; a click on the graph: that moment)",
    NULL, NULL, NULL, 0, FALSE, actions_graph_back },
  { KEYS_GRAPH_FORWARD, { 'd' }, "d",
    "time cursor: one column of the graph forward (no event in it: on to the next)",
    NULL, NULL, NULL, 0, FALSE, actions_graph_forward },
  { KEYS_TIMELINE, { 'T' }, "T",
    "timeline: each row's life as a bar across the graph's window (again: the tree)",
    "T", "Time", "Tree", 100, FALSE, actions_timeline },
  { KEYS_FOLLOW, { 't' }, "t",
    "follow the selected process (in the log: the event's, in the tree): kept in view, its "
    "row marked, the tree's title says follow PID NAME",
    "t", "Follow", NULL, 0, FALSE, actions_follow },
  { KEYS_CMDLINE, { 'c' }, "c", "show command lines / names", "c", "Cmd", "Name", 0, FALSE,
    actions_cmdline },
  { KEYS_THREADS, { 'H' }, "H", "show / hide threads (on the bar from 100 columns)", "H", "Thr",
    NULL, 100, FALSE,
    actions_threads },
  { KEYS_KTHREADS, { 'K' }, "K", "show / hide kernel threads", NULL, NULL, NULL, 0, FALSE,
    actions_kthreads },
  { KEYS_SETUP, { KEYS_KEY_F (2), 'S' }, "F2 S",
    "setup: the columns CPU%, TCPU, MEM, START, UNIT, CONTAINER, NSPID and the colour "
    "scheme (below 100 columns the bar shows F2 alone)",
    "F2", "Setup", NULL, 100, TRUE, NULL },
  { KEYS_SORT, { KEYS_KEY_F (6), '<', '>' }, "F6 < >",
    "sort siblings by start, pid, name, CPU, subtree CPU, memory or container, or as seen "
    "(the tree stays a tree; below 100 columns the bar shows F6 alone)",
    "F6", "Sort", NULL, 100, TRUE, NULL },
  { KEYS_SORT_INVERT, { 'I' }, "I", "invert the sort order", NULL, NULL, NULL, 0, FALSE,
    actions_sort_invert },
  { KEYS_SIGNAL, { KEYS_KEY_F (9), 'k' }, "F9 k",
    "send a signal (live sources, confirmed)", "F9", "Kill", NULL, 0, FALSE, NULL },
  { KEYS_REDRAW, { KEYS_CTRL ('l') }, "Ctrl-L", "redraw",
    NULL, NULL, NULL, 0, FALSE, actions_redraw },
  { KEYS_SUSPEND, { KEYS_CTRL ('z') }, "Ctrl-Z", "suspend (resume with fg)",
    NULL, NULL, NULL, 0, FALSE, actions_suspend },
  { KEYS_QUIT, { KEYS_KEY_F (10), 'q', KEYS_CTRL ('c') }, "F10 q Ctrl-C",
    "quit (Ctrl-C in a prompt or menu: cancel it)",
    "F10", "Quit", NULL, 0, FALSE, actions_quit },
  { KEYS_NONE, { 0 }, "mouse", "click selects, wheel scrolls, function bar keys",
    NULL, NULL, NULL, 0, FALSE, NULL },
};
const guint keys_table_len = G_N_ELEMENTS (keys_table);

const KeysEntry *
keys_find (int code)
{
  if (code == 0)
    return NULL;
  for (guint i = 0; i < keys_table_len; i++)
    for (guint k = 0; k < KEYS_MAX_CODES && keys_table[i].codes[k]; k++)
      if (keys_table[i].codes[k] == code)
        return &keys_table[i];
  return NULL;
}

KeysAction
keys_action (int code)
{
  const KeysEntry *e = keys_find (code);

  return e ? e->action : KEYS_NONE;
}

gboolean
keys_is_enter (int code)
{
  return code == '\n' || code == '\r' || code == KEYS_KEY_ENTER;
}

gboolean
keys_is_text (int code)
{
  return code >= 0x20 && code != 0x7f && code < KEYS_SPECIAL;
}

gboolean
keys_is_erase (int code)
{
  return code == KEYS_KEY_BACKSPACE || code == 0x7f || code == KEYS_CTRL ('h');
}

const char *
keys_bar_label (const KeysEntry *e, gboolean on, int cols)
{
  if (cols < e->bar_cols)
    return "";
  return on && e->bar_label_on ? e->bar_label_on : e->bar_label;
}

gboolean
keys_bar_shows (const KeysEntry *e, int cols)
{
  return e->bar_key && (cols >= e->bar_cols || e->bar_key_alone);
}

/* The cells entry E takes on the bar, its trailing blank aside. */
static int
keys_bar_width (const KeysEntry *e, gboolean on, int cols)
{
  return (int) (strlen (e->bar_key) + strlen (keys_bar_label (e, on, cols)));
}

const KeysEntry *
keys_bar_next (guint *i, int room, int cols, const gboolean on[KEYS_ACTION_MAX])
{
  for (; *i < keys_table_len; (*i)++)
    {
      const KeysEntry *e = &keys_table[*i];
      if (!keys_bar_shows (e, cols))
        continue;
      (*i)++;
      return keys_bar_width (e, on[e->action], cols) <= room ? e : NULL;
    }
  return NULL;
}

const KeysEntry *
keys_bar_hit (int x, int cols, const gboolean on[KEYS_ACTION_MAX])
{
  const KeysEntry *e;
  guint i = 0;
  int at = 0;

  while ((e = keys_bar_next (&i, cols - at, cols, on)))
    {
      at += keys_bar_width (e, on[e->action], cols) + 1;
      if (x < at)
        return e;
    }
  return NULL;
}
