/* rowtext.c - the text of tree rows, their columns and log lines (see
 * rowtext.h). */
#include "rowtext.h"

#include <string.h>

#include "cells.h"
#include "cgroup.h"
#include "where.h"
#include "escape.h"
#include "words.h"

/* Below this width the tree pane shows only pid and command. */
#define ROWTEXT_TREE_NARROW 40

/* The least room the optional columns leave for the tree and the command. */
#define ROWTEXT_COMMAND_MIN 24
/* What a command keeps, at least, beside an exit status (two characters
 * and "…"; the tree's prefix does not make room for them). */
#define ROWTEXT_COMMAND_KEEP 3
/* Below this width the log leaves out the time. */
#define ROWTEXT_LOG_NARROW 56

const char *const rowtext_column_names[ROWTEXT_COLUMN_MAX + 1] = {
  "cpu", "tcpu", "mem", "start", "unit", "container", "nspid", NULL,
};

const char *const rowtext_column_help[ROWTEXT_COLUMN_MAX] = {
  "CPU%: CPU in the last second (an exit: over its life)",
  "TCPU: CPU time of it and all below it, ended and alive",
  "MEM: resident memory (an exit: its peak)",
  "START: when it started",
  "UNIT: systemd unit or container of its cgroup (live)",
  "CONTAINER: the container it runs in, runtime:name",
  "NSPID: its pid in its container's pid namespace",
};

/* The columns' titles and widths; those that narrow (MIN > 0) are
 * left-aligned, the others right-aligned. */
static const struct {
  const char *title;
  int width;
  int min;
} rowtext_columns[ROWTEXT_COLUMN_MAX] = {
  [ROWTEXT_COLUMN_CPU] = { "CPU%", ROWTEXT_COL_CPU, 0 },
  [ROWTEXT_COLUMN_TCPU] = { "TCPU", ROWTEXT_COL_TCPU, 0 },
  [ROWTEXT_COLUMN_MEM] = { "MEM", ROWTEXT_COL_MEM, 0 },
  [ROWTEXT_COLUMN_START] = { "START", ROWTEXT_COL_START, 0 },
  [ROWTEXT_COLUMN_UNIT] = { "UNIT", ROWTEXT_COL_UNIT, ROWTEXT_COL_UNIT_MIN },
  [ROWTEXT_COLUMN_CONTAINER] = { "CONTAINER", ROWTEXT_COL_CONTAINER,
                                 ROWTEXT_COL_CONTAINER_MIN },
  [ROWTEXT_COLUMN_NSPID] = { "NSPID", ROWTEXT_COL_NSPID, 0 },
};

const char *
rowtext_column_title (RowtextColumn c)
{
  return c < ROWTEXT_COLUMN_MAX ? rowtext_columns[c].title : "?";
}

void
rowtext_tree_prefix (GString *out, const Row *r, gboolean utf8, int max_cells)
{
  const char *guide = utf8 ? "│  " : "|  ";
  const char *tee = utf8 ? "├─" : "|-";
  const char *ell = utf8 ? "└─" : "`-";
  guint first = 1, levels = MAX (max_cells, 0) / 3;

  if (r->depth == 0)
    {
      if ((r->flags & ROW_F_COLLAPSED) && max_cells >= 2)
        g_string_append (out, "+ ");
      return;
    }
  if (levels == 0)
    return;
  if (r->depth > levels)
    {
      /* Too deep: the first column of three holds the mark and the
       * levels are cut by LEVELS - 1 at a time, by depth alone, so that
       * siblings line up and the guides after the mark keep their
       * columns; too narrow for that, only the mark. */
      g_string_append (out, utf8 ? "«  " : "<  ");
      if (levels < 2)
        return;
      first = r->depth - (r->depth - 2) % (levels - 1);
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

  if (r->thread && r->proc->alive)
    {
      gpointer tid = GINT_TO_POINTER (r->tid);
      c = ctx->thread_states
          ? (char) GPOINTER_TO_INT (g_hash_table_lookup (ctx->thread_states, tid)) : 0;
      return c ? c : ' ';
    }

  if (!r->proc->alive)
    return 'X';
  if (!c && r->proc->tracer)
    c = 't';
  return c ? c : ' ';
}

/* Appends a CPU share in thousandths of one CPU as a percentage: "12.5",
 * "250" from 100% on. */
static void
rowtext_permille (GString *out, gint64 permille)
{
  if (permille < 10000)
    g_string_append_printf (out, "%d.%d", (int) (permille / 10), (int) (permille % 10));
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT, permille / 10);
}

void
rowtext_cpu_time (GString *out, guint64 ns, guint64 unknown)
{
  if (unknown && !ns)
    {
      g_string_append_c (out, '?');
      return;
    }
  words_duration (out, (gint64) MIN (ns, (guint64) G_MAXINT64));
  if (unknown)
    g_string_append_c (out, '+');
}

/* Appends the text of column C for row R (unpadded; "" when blank): for
 * a live process what /proc said, for an exited one what it cost. */
static void
rowtext_column_value (GString *out, RowtextColumn c, const Row *r, const RowtextCtx *ctx)
{
  const ProcSample *sample = rowtext_sample (r, ctx);
  const Cost *cost = !r->thread && !r->fold ? proc_cost (r->proc) : NULL;
  gint64 life = r->proc->alive ? -1 : proc_lifetime (r->proc, 0);
  guint64 v, unknown;

  switch (c)
    {
    case ROWTEXT_COLUMN_CPU:
      if (sample && sample->cpu_permille >= 0)
        rowtext_permille (out, sample->cpu_permille);
      else if (cost_get (cost, COST_CPU, &v) && r->proc->start_ns > 0 && life > 0)
        rowtext_permille (out, (gint64) MIN ((double) v * 1000 / (double) life, 1e12));
      break;
    case ROWTEXT_COLUMN_TCPU:
      if (!r->thread && !r->fold)
        {
          v = rows_tcpu (r->proc, rows_live_find (ctx->live_cpu, r->serial), &unknown);
          rowtext_cpu_time (out, v, unknown);
        }
      else if (r->fold)
        rowtext_cpu_time (out, r->fold->tcpu_ns, r->fold->tcpu_unknown);
      break;
    case ROWTEXT_COLUMN_MEM:
      if (sample && sample->rss_bytes >= 0)
        words_size (out, (guint64) sample->rss_bytes);
      else if (cost_get (cost, COST_PEAK_RSS, &v))
        words_size (out, v);
      else if (r->fold && r->fold->peak_measured)
        words_size (out, r->fold->peak_rss);
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
    case ROWTEXT_COLUMN_CONTAINER:
      if (!r->thread && where_container (proc_where (r->proc)))
        {
          g_autoptr (GString) label = g_string_new (NULL);
          container_label (label, where_container (proc_where (r->proc)));
          g_autofree char *shown = cells_escape (label->str);
          g_string_append (out, shown);
        }
      break;
    case ROWTEXT_COLUMN_NSPID:
      if (!r->thread && !r->fold && where_level (proc_where (r->proc)) > 0)
        {
          if (proc_where (r->proc)->nspid > 0)
            g_string_append_printf (out, "%d", proc_where (r->proc)->nspid);
          else
            g_string_append_c (out, '?');
        }
      break;
    case ROWTEXT_COLUMN_MAX:
      break;
    }
}

/* Appends the optional COLUMNS of row R, each followed by a space (their
 * titles when R is NULL), as wide as CTX says. */
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
      if (rowtext_columns[c].min)
        cells_fit (out, value->str, ctx->widths[c], r ? ctx->utf8 : FALSE, TRUE);
      else
        g_string_append_printf (out, "%*s", rowtext_columns[c].width, value->str);
      g_string_append_c (out, ' ');
    }
}

/* Appends the age column of row R: age, or lifetime for an exited process. */
static void
rowtext_row_age (GString *out, const Row *r, const RowtextCtx *ctx)
{
  gint64 end = r->proc->alive ? ctx->now_ns : r->proc->end_ns;
  g_autoptr (GString) age = g_string_new (NULL);

  words_duration (age, r->thread ? event_ns_span (r->thread->start_ns, end)
                                 : proc_lifetime (r->proc, ctx->now_ns));
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
      words_status (out, f->statuses[i].raw, f->statuses[i].unknown, FALSE);
      g_string_append_printf (out, " %s%u", times, f->statuses[i].count);
    }
  if (f->other)
    g_string_append_printf (out, ", other %s%u", times, f->other);
  if (f->cpu_measured)
    {
      g_string_append (out, ", cpu ");
      rowtext_cpu_time (out, f->cpu_ns, f->count - f->cpu_measured);
    }
  if (f->peak_measured)
    {
      g_string_append (out, ", peak ");
      words_size (out, f->peak_rss);
    }
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
  int left, status_w = 0, cmd_w;

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

  cmd = rowtext_row_command (r, ctx->cmdline, ctx->utf8);
  if (!r->fold && !r->thread && p->parent && where_is_entry (proc_where (p), proc_where (p->parent)))
    {
      char *marked = g_strconcat (ctx->utf8 ? ROWTEXT_ENTRY_MARK " " : ROWTEXT_ENTRY_MARK_ASCII " ",
                                  cmd, NULL);
      g_free (cmd);
      cmd = marked;
    }
  if (ctx->followed && r->serial == ctx->followed && !r->fold && !r->thread)
    {
      char *marked = g_strconcat (ctx->utf8 ? "▶ " : "> ", cmd, NULL);
      g_free (cmd);
      cmd = marked;
    }
  if (r->fold || (!p->alive && !r->thread))
    {
      status = g_string_new (" [");
      if (r->fold)
        rowtext_fold_summary (status, r->fold, ctx->utf8);
      else
        words_status (status, p->exit_code, (p->flags & PROC_F_STATUS_UNKNOWN) != 0,
                      (p->flags & PROC_F_OOM) != 0);
      g_string_append_c (status, ']');
      status_w = cells_width (status->str);
    }
  /* The tree's guides take half the room at most, whatever the row, so
   * that rows of one depth are cut alike; a process's status keeps its
   * room beside a few cells of the command, a fold its name and count
   * (its summary is cut). */
  int keep = r->fold ? cells_width (cmd) : MIN (cells_width (cmd), ROWTEXT_COMMAND_KEEP);
  rowtext_tree_prefix (out, r, ctx->utf8, left / 2);
  left = width - cells_width (out->str + start);
  /* The status first: the command is cut down to KEEP cells before any of
   * it is. */
  if (status)
    status_w = MIN (status_w, MAX (left - keep, 0));
  cmd_w = status ? MIN (cells_width (cmd), left - status_w) : left;
  cells_fit (out, cmd, cmd_w, ctx->utf8, status == NULL);
  if (status)
    {
      cells_fit (out, status->str, status_w, ctx->utf8, FALSE);
      left = width - cells_width (out->str + start);
      cells_fit (out, r->flags & ROW_F_HELD ? " kept while selected" : "", left, ctx->utf8,
                 TRUE);
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
  for (guint c = 0; c < ROWTEXT_COLUMN_MAX; c++)
    ctx->widths[c] = rowtext_columns[c].width;
  if (width < ROWTEXT_TREE_NARROW)
    return;
  for (guint c = 0; c < ROWTEXT_COLUMN_MAX; c++)
    {
      if (!(columns & ROWTEXT_COLUMN_BIT (c)))
        continue;
      int room = width - used - 1 - ROWTEXT_COMMAND_MIN, later = 0;
      int w = rowtext_columns[c].width;
      /* A column that narrows leaves the later ones their room if it can. */
      for (guint k = c + 1; k < ROWTEXT_COLUMN_MAX; k++)
        if (columns & ROWTEXT_COLUMN_BIT (k))
          later += (rowtext_columns[k].min ? rowtext_columns[k].min : rowtext_columns[k].width)
                   + 1;
      if (rowtext_columns[c].min && room - later >= rowtext_columns[c].min)
        w = ctx->widths[c] = MIN (w, room - later);
      else if (rowtext_columns[c].min && room < w && room >= rowtext_columns[c].min)
        w = ctx->widths[c] = room;
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

/* Appends a log line of WIDTH cells: the clock of WALL_NS (not below
 * ROWTEXT_LOG_NARROW), KIND, PID (a column of 7), NAME (NULL: none) in a
 * column of NAME_W, then DETAIL. */
static void
rowtext_log_cols (GString *out, gint64 wall_ns, EventKind kind, const char *pid,
                  const char *name, int name_w, const char *detail, const RowtextCtx *ctx,
                  int width)
{
  gsize start = out->len;
  char buf[ROWTEXT_SHORT + 8];
  int left;

  if (width <= 0)
    return;
  if (width >= ROWTEXT_LOG_NARROW)
    {
      words_clock (out, wall_ns);
      g_string_append_c (out, ' ');
    }
  g_snprintf (buf, sizeof buf, "%-8s %7s ", event_kind_name (kind), pid);
  cells_fit (out, buf, width - cells_width (out->str + start), ctx->utf8, FALSE);
  left = width - cells_width (out->str + start);
  if (name)
    {
      cells_fit (out, name, MIN (left, name_w), ctx->utf8, TRUE);
      left = width - cells_width (out->str + start);
      cells_fit (out, " ", left, ctx->utf8, FALSE);
      left = width - cells_width (out->str + start);
    }
  cells_fit (out, detail, left, ctx->utf8, TRUE);
}

/* The name column of entry E's line: its name as --log's COMM gives it
 * (proctab_event_comm: a rename's new name), or with cmdline for an end
 * its command line (the model's, at the time shown, which is what it ran
 * to its end; else the name in brackets).  Returns a new string, or NULL
 * for a loss, which has no subject. */
static char *
rowtext_log_name (const HistoryEntry *e, const RowtextCtx *ctx)
{
  ProcAcct subject_acct;
  Proc subject = history_subject (e, &subject_acct);
  const Proc *p = ctx->procs && e->serial ? proctab_lookup_serial (ctx->procs, e->serial)
                                          : NULL;

  if (e->ev.kind == EVENT_LOST)
    return NULL;
  if (ctx->cmdline && (e->ev.kind == EVENT_EXIT || e->ev.kind == EVENT_COREDUMP)
      && event_ends_process (&e->ev))
    return rowtext_command (p ? p : &subject, TRUE);
  return cells_name (proctab_event_comm (&e->ev, &subject));
}

/* The width of the name column in a line of WIDTH cells: 16, or with
 * command lines a third of the line (up to 40). */
static int
rowtext_log_name_width (const RowtextCtx *ctx, int width)
{
  return ctx->cmdline ? MAX (16, MIN (40, width / 3)) : 16;
}

Event
rowtext_event_as_shown (const Event *ev, const Proc *p)
{
  Event shown = *ev;

  if (p && p->parent && where_is_entry (proc_where (p), proc_where (p->parent)))
    shown.flags |= EVENT_F_NS_ENTRY;
  return shown;
}

/* Appends entry E's line; a MEMBER's, shown under its fold's line, is
 * marked so. */
static void
rowtext_log_entry (GString *out, const HistoryEntry *e, const RowtextCtx *ctx, int width,
                   gboolean member)
{
  const Proc *p = ctx->procs && e->serial ? proctab_lookup_serial (ctx->procs, e->serial) : NULL;
  Event as_shown = rowtext_event_as_shown (&e->ev, p);
  const Event *ev = &as_shown;
  g_autoptr (GString) detail = g_string_new (NULL);
  ProcAcct subject_acct;
  Proc subject = history_subject (e, &subject_acct);
  g_autofree char *name = rowtext_log_name (e, ctx);
  char pid[ROWTEXT_SHORT];

  if (member && name)
    {
      char *marked = g_strconcat (ctx->utf8 ? "└ " : "`- ", name, NULL);
      g_free (name);
      name = marked;
    }
  /* An end says whose child ended, before what it cost (which a narrow
   * line cuts). */
  if ((ev->kind == EVENT_EXIT || ev->kind == EVENT_COREDUMP) && e->ppid > 0)
    {
      Event bare = *ev;
      bare.cost = NULL;
      bare.flags &= ~EVENT_F_COST_UNKNOWN;
      words_event (detail, &bare, &subject, ctx->names);
      g_string_append (detail, ", ");
      words_child_of (detail, e->ppid);
      words_exit_cost (detail, ev);
    }
  else
    words_event (detail, ev, &subject, ctx->names);
  if (ev->kind == EVENT_LOST)
    g_strlcpy (pid, "-", sizeof pid);
  else
    g_snprintf (pid, sizeof pid, "%d", words_pid (ev));
  rowtext_log_cols (out, ev->wall_ns, ev->kind, pid, name, rowtext_log_name_width (ctx, width),
                    detail->str, ctx, width);
}

void
rowtext_log_row (GString *out, const HistoryEntry *e, const RowtextCtx *ctx, int width)
{
  rowtext_log_entry (out, e, ctx, width, FALSE);
}

/* Appends the seconds of the span from A to B (wall ns): "12:00:01", or
 * "12:00:01–12:00:08". */
static void
rowtext_span (GString *out, gint64 a, gint64 b, gboolean utf8)
{
  g_autoptr (GString) x = g_string_new (NULL);
  g_autoptr (GString) y = g_string_new (NULL);

  words_clock (x, a);
  words_clock (y, b);
  /* Seconds are enough for a span. */
  g_string_truncate (x, MIN (x->len, 8));
  g_string_truncate (y, MIN (y->len, 8));
  g_string_append (out, x->str);
  if (strcmp (x->str, y->str) != 0)
    g_string_append_printf (out, "%s%s", utf8 ? "–" : "-", y->str);
}

/* Appends the line of the fold F of the log (H's entries), folded or not:
 * its kind, its name and count, what its members say (their statuses for
 * ends; else the newest's words), when, and whose children they are.  At
 * the time cursor, the members that had come by then. */
static void
rowtext_log_fold_row (GString *out, Logpos *lp, const LogposFold *f, const RowtextCtx *ctx,
                      int width)
{
  RowsFold sum;
  gint64 first_wall, last_wall;
  const HistoryEntry *last = logpos_fold_at (lp, f, ctx->until_seq, &sum, &first_wall,
                                             &last_wall);
  g_autoptr (GString) detail = g_string_new (NULL);
  g_autofree char *name = NULL, *count = NULL;

  if (!last)
    {
      cells_fit (out, "", width, ctx->utf8, TRUE);
      return;
    }
  /* At the time cursor, one that had come alone: its own line. */
  if (sum.count == 1)
    {
      rowtext_log_entry (out, last, ctx, width, FALSE);
      return;
    }
  if (last->ev.kind == EVENT_EXIT)
    {
      g_string_append_c (detail, '[');
      rowtext_fold_summary (detail, &sum, ctx->utf8);
      g_string_append (detail, "] ");
    }
  else if (last->ev.kind != EVENT_FORK)
    {
      ProcAcct subject_acct;
      Proc subject = history_subject (last, &subject_acct);
      words_event (detail, &last->ev, &subject, ctx->names);
      g_string_append_c (detail, ' ');
    }
  rowtext_span (detail, first_wall, last_wall, ctx->utf8);
  g_string_append (detail, ", ");
  words_child_of (detail, last->ppid);
  /* The name is cut before its count. */
  name = rowtext_log_name (last, ctx);
  count = g_strdup_printf (" %s%u", ctx->utf8 ? "×" : "x", sum.count);
  int name_w = rowtext_log_name_width (ctx, width);
  g_autoptr (GString) shown = g_string_new (f->unfolded ? "" : "+");
  cells_fit (shown, name ? name : "",
             MAX (name_w - cells_width (shown->str) - cells_width (count), 0), ctx->utf8,
             FALSE);
  g_string_append (shown, count);
  rowtext_log_cols (out, first_wall, last->ev.kind, "", shown->str, name_w, detail->str, ctx,
                    width);
}

void
rowtext_log_line (GString *out, Logpos *lp, guint64 key, const RowtextCtx *ctx, int width)
{
  const LogposFold *f = logpos_fold (lp, key);
  const HistoryEntry *e = f ? NULL : logpos_entry (lp, LOGPOS_SEQ (key));

  if (f)
    rowtext_log_fold_row (out, lp, f, ctx, width);
  else if (e)
    rowtext_log_entry (out, e, ctx, width, LOGPOS_IS_MEMBER (key));
  else
    cells_fit (out, "", width, ctx->utf8, TRUE);
}

gboolean
rowtext_log_matches (Logpos *lp, guint64 key, const RowtextCtx *ctx, const char *text)
{
  g_autoptr (GString) row = g_string_new (NULL);

  if (!text || !*text)
    return FALSE;
  rowtext_log_line (row, lp, key, ctx, CELLS_TEXT_MAX);
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
