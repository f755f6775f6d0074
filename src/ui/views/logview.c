/* logview.c - the event log pane: the events that pass the filter, the
 * newest last. */
#include "view.h"

#include "actions.h"
#include "cells.h"
#include "draw.h"
#include "text.h"
#include "theme.h"
#include "words.h"

/* Lines the mouse wheel moves. */
#define LOGVIEW_WHEEL 3

/* The log's state: what each line drawn shows, for clicks. */
typedef struct {
  View view;
  GArray *lines;       /* guint64 row key (logpos.h) of each line drawn */
} LogView;

/* Frees the log's state. */
static void
logview_clear (View *view)
{
  LogView *lv = (LogView *) view;

  g_clear_pointer (&lv->lines, g_array_unref);
}

/* How log entry E is drawn when not selected: by its tone, as a coloured
 * --log prints it. */
static attr_t
logview_attr (const HistoryEntry *e)
{
  static const ThemeRole roles[] = {
    [TEXT_TONE_PLAIN] = THEME_NORMAL, [TEXT_TONE_NEW] = THEME_NEW,
    [TEXT_TONE_ENDED] = THEME_TOMB, [TEXT_TONE_FAILED] = THEME_TOMB_BAD,
    [TEXT_TONE_ALERT] = THEME_ALERT,
  };
  return theme_attr (roles[text_tone (&e->ev)]);
}

/* Appends to TITLE, at the right end of a line WIDTH cells wide, how far
 * back the history reaches: from when, and why not further when it has
 * let older events go. */
static void
logview_reach (Viewer *v, GString *title, int width)
{
  History *h = cursor_history (v->cursor);
  g_autoptr (GString) when = g_string_new (NULL);
  gint64 mono, wall;
  int room = width - cells_width (title->str);

  if (!history_oldest_time (h, &mono, &wall))
    return;
  words_clock (when, wall);
  /* The whole of it where it fits, else without why. */
  for (int why = history_limit_text (h) != NULL; why >= 0; why--)
    {
      g_autoptr (GString) reach = g_string_new (NULL);
      g_string_append_printf (reach, " %s %s", history_oldest (h) > 1 ? "history from" : "since",
                              when->str);
      if (why)
        g_string_append_printf (reach, " (%s)", history_limit_text (h));
      if (logpos_busy (&v->log))
        g_string_append (reach, v->utf8 ? ", reading…" : ", reading...");
      g_string_append_c (reach, ' ');
      int cells = cells_width (reach->str);
      if (room > cells)
        {
          g_string_append_printf (title, "%*s%s", room - cells, "", reach->str);
          return;
        }
    }
}

/* The log's title: what the log does now, and how to change it. */
static void
logview_title (Viewer *v, GString *title)
{
  g_string_assign (title, " Events");
  if (cursor_seq (v->cursor))
    g_string_append (title, " (time cursor: [ ] { } g move it, G back)");
  else if (cursor_frozen (v->cursor))
    g_string_append (title, " (frozen: Up/Down to inspect, g goes there)");
  else if (v->log.follow)
    g_string_append (title, " (following newest)");
  else
    g_string_append (title, " (scrolled: End follows)");
  if (!filter_is_empty (v->filter))
    g_string_append (title, ", filtered");
  if (v->search && v->focus == PANE_LOG)
    {
      g_autofree char *e = cells_escape (v->search);
      g_string_append_printf (title, "  search %s%s", e, v->search_missed ? " (no match)" : "");
    }
}

/* Draws the log pane. */
static void
logview_draw (View *view, Viewer *v, WINDOW *w)
{
  LogView *lv = (LogView *) view;
  RowtextCtx ctx = viewer_rowtext_ctx (v);
  gint lines = getmaxy (w) - 1, width = getmaxx (w);
  guint64 sel = logpos_selected (&v->log), at = cursor_seq (v->cursor);
  g_autoptr (GString) s = g_string_new (NULL);

  werase (w);
  logview_title (v, s);
  logview_reach (v, s, width);
  draw_title (v, w, PANE_LOG, s->str);
  if (!lv->lines)
    lv->lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_array_set_size (lv->lines, 0);
  if (lines <= 0 || sel == 0)
    {
      wnoutrefresh (w);
      return;
    }
  guint64 key = logpos_step (&v->log, v->log.top, 0);
  for (gint i = 0; i < lines && key; i++, key = logpos_row_next (&v->log, key, 1))
    {
      const LogposFold *f = logpos_fold (&v->log, key);
      const HistoryEntry *e = logpos_entry (&v->log, f ? g_array_index (f->members, guint64, 0)
                                                       : LOGPOS_SEQ (key));
      attr_t attr;
      if (!e)
        break;
      if (key == sel && (v->focus == PANE_LOG || v->details_from_log))
        attr = theme_attr (v->focus == PANE_LOG ? THEME_SELECTED : THEME_SELECTED_DIM);
      else if (at && e->seq > at)
        attr = theme_attr (THEME_DIM);  /* after the time cursor: not yet */
      else
        attr = logview_attr (e);
      g_string_truncate (s, 0);
      rowtext_log_line (s, &v->log, key, &ctx, width);
      draw_line (v, w, 1 + i, 0, attr, s->str);
      g_array_append_val (lv->lines, key);
    }
  wnoutrefresh (w);
}

/* The moves, while the log has the focus. */
static Reaction
logview_key (View *view, Viewer *v, KeysAction action)
{
  gint n;
  int to_end;

  if (!view_move (action, viewer_pane_rows (v, PANE_LOG), &n, &to_end))
    return REACTION_PASS;
  return actions_log_move (v, n, to_end);
}

/* A click focuses the log and selects the event on its line; the wheel
 * moves the selection, the focus staying where it is. */
static Reaction
logview_click (View *view, Viewer *v, ViewClick *c)
{
  LogView *lv = (LogView *) view;

  if (c->wheel)
    return actions_log_move (v, c->wheel * LOGVIEW_WHEEL, 0);
  actions_focus (v, PANE_LOG);
  if (c->y >= 1 && lv->lines && (guint) c->y - 1 < lv->lines->len)
    return actions_log_pick (v, g_array_index (lv->lines, guint64, c->y - 1));
  return REACTION_NONE;
}

/* The event log pane. */
const ViewClass logview_class = {
  .name = "log", .size = sizeof (LogView), .dispose = logview_clear, .draw = logview_draw,
  .key = logview_key, .click = logview_click,
};
