/* rowtext.c - the text of tree rows, their columns and log lines (see
 * rowtext.h). */
#include "rowtext.h"

#include <string.h>

#include "cells.h"
#include "cgroup.h"
#include "escape.h"
#include "words.h"

/* Below this width the tree pane shows only pid and command. */
#define ROWTEXT_TREE_NARROW 40

/* The least room the optional columns leave for the tree and the command. */
#define ROWTEXT_COMMAND_MIN 24
/* Below this width the log leaves out the time. */
#define ROWTEXT_LOG_NARROW 56

const char *const rowtext_column_names[ROWTEXT_COLUMN_MAX + 1] = {
  "cpu", "mem", "start", "unit", NULL,
};

const char *const rowtext_column_help[ROWTEXT_COLUMN_MAX] = {
  "CPU%: CPU used in the last second (live)",
  "MEM: resident memory (live)",
  "START: when it started",
  "UNIT: systemd unit or container of its cgroup (live)",
};

/* The columns' titles and widths, right-aligned but for the unit. */
static const struct {
  const char *title;
  int width;
} rowtext_columns[ROWTEXT_COLUMN_MAX] = {
  [ROWTEXT_COLUMN_CPU] = { "CPU%", ROWTEXT_COL_CPU },
  [ROWTEXT_COLUMN_MEM] = { "MEM", ROWTEXT_COL_MEM },
  [ROWTEXT_COLUMN_START] = { "START", ROWTEXT_COL_START },
  [ROWTEXT_COLUMN_UNIT] = { "UNIT", ROWTEXT_COL_UNIT },
};

void
rowtext_tree_prefix (GString *out, const Row *r, gboolean utf8, int max_cells)
{
  const char *guide = utf8 ? "│  " : "|  ";
  const char *tee = utf8 ? "├─" : "|-";
  const char *ell = utf8 ? "└─" : "`-";
  guint first = 1, levels;

  if (r->depth == 0)
    {
      if ((r->flags & ROW_F_COLLAPSED) && max_cells >= 2)
        g_string_append (out, "+ ");
      return;
    }
  if (max_cells < 3)
    return;
  levels = max_cells / 3;
  if (r->depth > levels)
    {
      /* Too deep: keep the deepest levels behind a marker. */
      levels = (max_cells - 1) / 3;
      if (levels == 0)
        return;
      first = r->depth - levels + 1;
      g_string_append (out, utf8 ? "«" : "<");
    }
  for (guint k = first; k < r->depth; k++)
    g_string_append (out, k <= ROWS_MAX_GUIDES && (r->guides >> k & 1)
                            ? guide : "   ");
  g_string_append (out, (r->flags & ROW_F_LAST) ? ell : tee);
  g_string_append_c (out, (r->flags & ROW_F_COLLAPSED) ? '+' : ' ');
}

char *
rowtext_command (const Proc *p, gboolean cmdline)
{
  g_autofree char *comm = NULL;

  if (cmdline && p->argv && p->argv[0])
    return escape_argv ((const char *const *) p->argv, CELLS_TEXT_MAX);
  comm = cells_name (p->comm);
  return cmdline && p->comm ? g_strdup_printf ("[%s]", comm) : g_steal_pointer (&comm);
}

/* What /proc said about row R's process, or NULL (a thread, a fold, a
 * process not read, the time cursor). */
static const ProcSample *
rowtext_sample (const Row *r, const RowtextCtx *ctx)
{
  if (!ctx->samples || r->thread || r->fold || !r->proc->alive)
    return NULL;
  return g_hash_table_lookup (ctx->samples, &r->serial);
}

/* The one-letter state of row R. */
static char
rowtext_state (const Row *r, const RowtextCtx *ctx)
{
  const ProcSample *sample = rowtext_sample (r, ctx);
  char c = sample ? sample->state : 0;

  if (!r->proc->alive)
    return 'X';
  if (!c && r->proc->tracer)
    c = 't';
  return c ? c : ' ';
}

/* Appends the text of column C for row R (unpadded; "" when blank). */
static void
rowtext_column_value (GString *out, RowtextColumn c, const Row *r, const RowtextCtx *ctx)
{
  const ProcSample *sample = rowtext_sample (r, ctx);

  switch (c)
    {
    case ROWTEXT_COLUMN_CPU:
      if (!sample || sample->cpu_permille < 0)
        break;
      if (sample->cpu_permille < 10000)
        g_string_append_printf (out, "%d.%d", sample->cpu_permille / 10,
                                sample->cpu_permille % 10);
      else
        g_string_append_printf (out, "%d", sample->cpu_permille / 10);
      break;
    case ROWTEXT_COLUMN_MEM:
      if (sample && sample->rss_bytes >= 0)
        words_size (out, (guint64) sample->rss_bytes);
      break;
    case ROWTEXT_COLUMN_START:
      if (!r->thread && !r->fold)
        words_start (out, r->proc->start_wall_ns, ctx->now_wall_ns);
      break;
    case ROWTEXT_COLUMN_UNIT:
      if (ctx->samples && !r->thread && !r->fold && r->proc->cgroup)
        {
          g_autofree char *unit = cgroup_unit (r->proc->cgroup);
          g_autofree char *shown = cells_escape (unit);
          g_string_append (out, shown);
        }
      break;
    case ROWTEXT_COLUMN_MAX:
      break;
    }
}

/* Appends the optional COLUMNS of row R, each followed by a space (their
 * titles when R is NULL), UNIT as wide as CTX says. */
static void
rowtext_columns_append (GString *out, const Row *r, const RowtextCtx *ctx, guint columns)
{
  g_autoptr (GString) value = g_string_new (NULL);

  for (guint c = 0; c < ROWTEXT_COLUMN_MAX; c++)
    {
      if (!(columns & ROWTEXT_COLUMN_BIT (c)))
        continue;
      g_string_truncate (value, 0);
      if (r)
        rowtext_column_value (value, c, r, ctx);
      else
        g_string_append (value, rowtext_columns[c].title);
      if (c == ROWTEXT_COLUMN_UNIT)
        cells_fit (out, value->str, ctx->unit_width, r ? ctx->utf8 : FALSE, TRUE);
      else
        g_string_append_printf (out, "%*s", rowtext_columns[c].width, value->str);
      g_string_append_c (out, ' ');
    }
}

/* Appends the age column of row R: age, or lifetime for an exited process. */
static void
rowtext_row_age (GString *out, const Row *r, const RowtextCtx *ctx)
{
  gint64 start = r->thread ? r->thread->start_ns : r->proc->start_ns;
  gint64 end = r->proc->alive ? ctx->now_ns : r->proc->end_ns;
  g_autoptr (GString) age = g_string_new (NULL);

  words_duration (age, event_ns_span (start, end));
  g_string_append_printf (out, " %*s", ROWTEXT_COL_AGE, age->str);
}

/* Appends the user column for P. */
static void
rowtext_user (GString *out, const Proc *p, const RowtextCtx *ctx)
{
  const char *name = NULL;
  char num[16];

  if (!(p->flags & PROC_F_CREDS))
    name = "?";
  else if (ctx->names)
    name = ctx->names (p->euid);
  if (!name)
    {
      g_snprintf (num, sizeof num, "%u", p->euid);
      name = num;
    }
  cells_fit (out, name, ROWTEXT_COL_USER, ctx->utf8, TRUE);
}

void
rowtext_fold_summary (GString *out, const RowsFold *f, gboolean utf8)
{
  const char *times = utf8 ? "×" : "x";

  for (guint i = 0; i < ROWS_FOLD_STATUSES && f->statuses[i].count; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      words_status (out, f->statuses[i].raw, f->statuses[i].unknown);
      g_string_append_printf (out, " %s%u", times, f->statuses[i].count);
    }
  if (f->other)
    g_string_append_printf (out, ", other %s%u", times, f->other);
  if (f->min_life >= 0)
    {
      g_string_append (out, ", lived ");
      words_duration (out, f->min_life);
      if (f->max_life > f->min_life)
        {
          g_string_append (out, utf8 ? "–" : "-");
          words_duration (out, f->max_life);
        }
    }
}

/* The command text of row R: a thread's name, a fold's name and count, a
 * process's name or command line.  Returns a new string. */
static char *
rowtext_row_command (const Row *r, gboolean cmdline, gboolean utf8)
{
  if (r->thread)
    return cells_name (r->thread->comm);
  if (r->fold)
    {
      g_autofree char *comm = cells_name (r->fold->comm);
      return g_strdup_printf ("%s %s%u", comm, utf8 ? "×" : "x", r->fold->count);
    }
  return rowtext_command (r->proc, cmdline);
}

/* The PID column of R and the space after it, into BUF: a thread's tid,
 * blank for a fold. */
static void
rowtext_row_pid (char buf[ROWTEXT_SHORT], const Row *r)
{
  if (r->fold)
    g_snprintf (buf, ROWTEXT_SHORT, "%*s ", ROWTEXT_COL_PID, "");
  else
    g_snprintf (buf, ROWTEXT_SHORT, "%*d ", ROWTEXT_COL_PID, r->thread ? r->tid : r->proc->pid);
}

void
rowtext_tree_row (GString *out, const Row *r, const RowtextCtx *ctx, int width)
{
  const Proc *p = r->proc;
  gsize start = out->len;
  g_autofree char *cmd = NULL;
  g_autoptr (GString) status = NULL;
  char buf[ROWTEXT_SHORT];
  int left, status_w = 0;

  if (width <= 0)
    return;
  rowtext_row_pid (buf, r);
  if (width >= ROWTEXT_TREE_NARROW)
    {
      /* The columns before the command, cut where the width ends (many
       * optional columns on a narrow terminal). */
      g_autoptr (GString) head = g_string_new (buf);
      if (r->fold)
        g_string_append_printf (head, "%*s %*s X ", ROWTEXT_COL_USER, "", ROWTEXT_COL_AGE, "");
      else
        {
          rowtext_user (head, p, ctx);
          rowtext_row_age (head, r, ctx);
          g_string_append_printf (head, " %c ", rowtext_state (r, ctx));
        }
      rowtext_columns_append (head, r, ctx, ctx->columns);
      cells_fit (out, head->str, width, ctx->utf8, FALSE);
    }
  else
    cells_fit (out, buf, width, ctx->utf8, FALSE);
  left = width - cells_width (out->str + start);
  if (left <= 0)
    return;

  rowtext_tree_prefix (out, r, ctx->utf8, left / 2);
  left = width - cells_width (out->str + start);
  cmd = rowtext_row_command (r, ctx->cmdline, ctx->utf8);
  if (r->fold || (!p->alive && !r->thread))
    {
      status = g_string_new (" [");
      if (r->fold)
        rowtext_fold_summary (status, r->fold, ctx->utf8);
      else
        words_status (status, p->exit_code, (p->flags & PROC_F_STATUS_UNKNOWN) != 0);
      g_string_append_c (status, ']');
      /* Half the room at least; all that the command leaves when short. */
      status_w = MIN (cells_width (status->str),
                      MAX (left / 2, left - cells_width (cmd)));
    }
  cells_fit (out, cmd, left - status_w, ctx->utf8, status == NULL);
  if (status)
    {
      cells_fit (out, status->str, status_w, ctx->utf8, FALSE);
      left = width - cells_width (out->str + start);
      cells_fit (out, "", left, ctx->utf8, TRUE);
    }
}

void
rowtext_life_row (GString *out, const Row *r, const RowtextCtx *ctx, int width, guint peak)
{
  gsize start = out->len;
  g_autofree char *cmd = rowtext_row_command (r, ctx->cmdline, ctx->utf8);
  char buf[ROWTEXT_SHORT];
  int left;

  if (width <= 0)
    return;
  rowtext_row_pid (buf, r);
  cells_fit (out, buf, width, ctx->utf8, FALSE);
  left = width - cells_width (out->str + start);
  if (left <= 0)
    return;
  rowtext_tree_prefix (out, r, ctx->utf8, left / 2);
  left = width - cells_width (out->str + start);
  if (r->fold)
    {
      char *with = g_strdup_printf ("%s peak %u", cmd, peak);
      g_free (cmd);
      cmd = with;
    }
  cells_fit (out, cmd, left, ctx->utf8, TRUE);
}

void
rowtext_columns_fit (RowtextCtx *ctx, guint columns, int width)
{
  /* PID, USER, AGE and state with their spaces, before the optional ones. */
  int used = ROWTEXT_COL_PID + 1 + ROWTEXT_COL_USER + 1 + ROWTEXT_COL_AGE + 1
             + ROWTEXT_COL_STATE + 1;

  ctx->columns = 0;
  ctx->unit_width = ROWTEXT_COL_UNIT;
  if (width < ROWTEXT_TREE_NARROW)
    return;
  for (guint c = 0; c < ROWTEXT_COLUMN_MAX; c++)
    {
      if (!(columns & ROWTEXT_COLUMN_BIT (c)))
        continue;
      int room = width - used - 1 - ROWTEXT_COMMAND_MIN;
      int w = rowtext_columns[c].width;
      if (c == ROWTEXT_COLUMN_UNIT && room < w && room >= ROWTEXT_COL_UNIT_MIN)
        w = ctx->unit_width = room;
      if (w > room)
        return;
      used += w + 1;
      ctx->columns |= ROWTEXT_COLUMN_BIT (c);
    }
}

void
rowtext_tree_title (GString *out, int width, const RowtextCtx *ctx)
{
  g_autoptr (GString) title = g_string_new ("    PID ");

  if (width >= ROWTEXT_TREE_NARROW)
    {
      g_string_append (title, "USER       AGE S ");
      rowtext_columns_append (title, NULL, ctx, ctx->columns);
    }
  g_string_append (title, "COMMAND");
  cells_fit (out, title->str, width, FALSE, TRUE);
}

void
rowtext_log_row (GString *out, const HistoryEntry *e, const RowtextCtx *ctx, int width)
{
  const Event *ev = &e->ev;
  gsize start = out->len;
  gboolean utf8 = ctx->utf8;
  g_autoptr (GString) detail = g_string_new (NULL);
  Proc subject = history_subject (e);
  const Proc *p = &subject;
  const char *name = proctab_event_comm (ev, p);
  g_autofree char *comm = ev->kind == EVENT_LOST ? NULL : cells_name (name);
  char buf[ROWTEXT_SHORT];
  int left;

  if (width <= 0)
    return;
  words_event (detail, ev, p, ctx->names);
  if (width >= ROWTEXT_LOG_NARROW)
    {
      words_clock (out, ev->wall_ns);
      g_string_append_c (out, ' ');
    }
  if (ev->kind == EVENT_LOST)
    g_snprintf (buf, sizeof buf, "%-8s %7s ", event_kind_name (ev->kind), "-");
  else
    g_snprintf (buf, sizeof buf, "%-8s %7d ", event_kind_name (ev->kind), words_pid (ev));
  cells_fit (out, buf, width - cells_width (out->str + start), utf8, FALSE);
  left = width - cells_width (out->str + start);
  if (comm && ev->kind != EVENT_COMM)
    {
      cells_fit (out, comm, MIN (left, 16), utf8, TRUE);
      left = width - cells_width (out->str + start);
      cells_fit (out, " ", left, utf8, FALSE);
      left = width - cells_width (out->str + start);
    }
  cells_fit (out, detail->str, left, utf8, TRUE);
}

gboolean
rowtext_log_matches (const HistoryEntry *e, const RowtextCtx *ctx, const char *text)
{
  g_autoptr (GString) row = g_string_new (NULL);

  if (!text || !*text)
    return FALSE;
  rowtext_log_row (row, e, ctx, CELLS_TEXT_MAX);
  return strcasestr (row->str, text) != NULL;
}

gboolean
rowtext_row_matches (const Row *r, const char *text, gboolean cmdline)
{
  g_autofree char *shown = NULL;

  if (!text || !*text)
    return FALSE;
  shown = rowtext_row_command (r, cmdline, TRUE);
  return strcasestr (shown, text) != NULL;
}

gint
rowtext_search_rows (const GArray *rows, const char *text, gboolean cmdline,
                    gint from, int dir)
{
  gint n = rows->len;

  if (n == 0)
    return -1;
  from = CLAMP (from, -1, n);
  for (gint k = 1; k <= n; k++)
    {
      gint i = ((from + dir * k) % n + n) % n;
      if (rowtext_row_matches (&g_array_index (rows, Row, i), text, cmdline))
        return i;
    }
  return -1;
}
