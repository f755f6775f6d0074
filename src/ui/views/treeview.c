/* treeview.c - the tree pane: the process tree, a row per process (or
 * thread, or fold of exited children), the optional columns. */
#include "view.h"

#include <string.h>

#include "actions.h"
#include "cells.h"
#include "draw.h"
#include "theme.h"

/* New processes are highlighted this long. */
#define TREEVIEW_NEW_NS (3 * G_GINT64_CONSTANT (1000000000))

/* How row R is drawn when not selected. */
static attr_t
treeview_row_attr (Viewer *v, const Row *r, gint64 now)
{
  const Proc *p = r->proc;

  if (v->search && rowtext_row_matches (r, v->search, v->cmdline))
    return theme_attr (THEME_MATCH);
  /* An ancestor kept only to hold the tree together is dim, dead or alive. */
  if (r->flags & ROW_F_DIM)
    return theme_attr (THEME_DIM);
  if (r->fold)
    return theme_attr (r->fold->failed ? THEME_TOMB_BAD : THEME_TOMB);
  if (!p->alive)
    return theme_attr ((p->flags & PROC_F_COREDUMP)
                       || event_status_failed (p->exit_code,
                                               (p->flags & PROC_F_STATUS_UNKNOWN) != 0)
                       ? THEME_TOMB_BAD : THEME_TOMB);
  if (!(p->flags & PROC_F_SNAPSHOT) && p->start_ns > 0
      && event_ns_sub (now, p->start_ns) < TREEVIEW_NEW_NS)
    return theme_attr (THEME_NEW);
  if (p->flags & PROC_F_KTHREAD)
    return theme_attr (THEME_KTHREAD);
  return theme_attr (THEME_NORMAL);
}

/* Appends to S, the title line WIDTH cells wide, what the tree shows
 * besides the columns (its sort, the followed process, threads, the
 * search, then the columns with nothing to say or no room: a narrow title
 * cuts those first) at its right end. */
static void
treeview_title_flags (Viewer *v, GString *s, GArray *rows, const RowtextCtx *ctx, int width)
{
  g_autoptr (GString) flags = g_string_new (NULL);

  if (!rows_sort_is_seen (v->sort, v->sort_reverse))
    g_string_append_printf (flags, " by %s%s",
                            v->sort == ROWS_SORT_SEEN ? "order seen" : rows_sort_names[v->sort],
                            v->sort_reverse ? ", inverted" : "");
  if (v->follow_serial && v->sel_idx >= 0)
    {
      const Proc *p = g_array_index (rows, Row, v->sel_idx).proc;
      g_autofree char *name = cells_name (p->comm);
      g_string_append_printf (flags, " follow %d %s", p->pid, name);
    }
  if (v->threads)
    g_string_append (flags, " +threads");
  if (v->kthreads)
    g_string_append (flags, " +kthreads");
  if (v->search && v->focus != PANE_LOG)
    {
      g_autofree char *e = cells_escape (v->search);
      g_string_append_printf (flags, " search %s%s", e, v->search_missed ? " (no match)" : "");
    }
  guint silent = v->columns & ~viewer_columns (v);
  /* Asked for, with nothing to say here: said once, here, each column
   * under its reason. */
  while (silent)
    {
      const char *why = viewer_column_silence (v, (RowtextColumn) g_bit_nth_lsf (silent, -1));
      g_string_append (flags, " (");
      for (guint c = 0; c < ROWTEXT_COLUMN_MAX; c++)
        if ((silent & ROWTEXT_COLUMN_BIT (c)) && strcmp (viewer_column_silence (v, c), why) == 0)
          {
            g_string_append_printf (flags, "%s ", rowtext_column_title (c));
            silent &= ~ROWTEXT_COLUMN_BIT (c);
          }
      g_string_append_printf (flags, "%s)", why);
    }
  if (viewer_columns (v) != ctx->columns)
    {
      /* The columns the pane is too narrow for. */
      guint hidden = viewer_columns (v) & ~ctx->columns, n = 0;
      for (; hidden; hidden &= hidden - 1)
        n++;
      g_string_append_printf (flags, " (%u column%s hidden)", n, n > 1 ? "s" : "");
    }
  if (!flags->len)
    return;
  /* At the right end but a space, or cut after the titles where there is
   * no room. */
  int room = width - 1 - cells_width (g_strchomp (s->str));
  int cells = cells_width (flags->str);
  g_string_set_size (s, strlen (s->str));
  if (cells < room)
    g_string_append_printf (s, "%*s", room - cells, "");
  cells_fit (s, flags->str, MIN (cells, room), ctx->utf8, TRUE);
  cells_fit (s, "", width - cells_width (s->str), ctx->utf8, TRUE);
}

/* Draws the tree pane. */
static void
treeview_draw (View *view, Viewer *v, WINDOW *w)
{
  GArray *rows = viewer_rows (v);
  RowtextCtx ctx = viewer_rowtext_ctx (v);
  gint h = getmaxy (w) - 1, width = getmaxx (w);
  g_autoptr (GString) s = g_string_new (NULL);

  werase (w);
  /* The optional columns that have something to say and leave room for
   * the command. */
  rowtext_columns_fit (&ctx, viewer_columns (v), width);
  rowtext_tree_title (s, width, &ctx);
  treeview_title_flags (v, s, rows, &ctx, width);
  draw_title (v, w, PANE_TREE, s->str);
  if (h <= 0)
    {
      wnoutrefresh (w);
      return;
    }
  if (rows->len == 0)
    view_tree_empty (v, w);
  for (gint i = 0; i < h && v->tree_top + i < (gint) rows->len; i++)
    {
      gint k = v->tree_top + i;
      const Row *r = &g_array_index (rows, Row, k);
      attr_t attr;
      if (k == v->sel_idx)
        attr = view_tree_selected_attr (v);
      else
        attr = treeview_row_attr (v, r, ctx.now_ns);
      g_string_truncate (s, 0);
      rowtext_tree_row (s, r, &ctx, width);
      draw_line (v, w, 1 + i, 0, attr, s->str);
    }
  wnoutrefresh (w);
}

/* A click focuses the tree and selects the row under it; the wheel moves
 * the selection, the focus staying where it is. */
static Reaction
treeview_click (View *view, Viewer *v, ViewClick *c)
{
  if (c->wheel)
    return actions_tree_move (v, c->wheel * VIEW_WHEEL_ROWS, 0);
  actions_focus (v, PANE_TREE);
  if (c->y >= 1)
    actions_tree_pick (v, v->tree_top + c->y - 1);
  return REACTION_NONE;
}

/* The tree pane. */
const ViewClass treeview_class = {
  .name = "tree", .size = sizeof (View), .draw = treeview_draw, .key = view_tree_key,
  .click = treeview_click,
};
