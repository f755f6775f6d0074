/* format.c - row and column formatting, truncation, ages, tree prefixes. */
#include <string.h>
#include "cgroup.h"
#include "escape.h"
#include "format.h"
#include "words.h"

/* Widest name or command line kept, in columns. */
#define FORMAT_CMDLINE_MAX 4096

/* Below this width the tree pane shows only pid and command. */
#define FORMAT_TREE_NARROW 40

/* The least room the optional columns leave for the tree and the command. */
#define FORMAT_COMMAND_MIN 24
/* Below this width the log leaves out the time. */
#define FORMAT_LOG_NARROW 56

const char *const format_column_names[FORMAT_COLUMN_MAX + 1] = {
  "cpu", "mem", "start", "unit", NULL,
};

const char *const format_column_help[FORMAT_COLUMN_MAX] = {
  "CPU%: CPU used in the last second (live)",
  "MEM: resident memory (live)",
  "START: when it started",
  "UNIT: systemd unit or container of its cgroup (live)",
};

/* The columns' titles and widths, right-aligned but for the unit. */
static const struct {
  const char *title;
  int width;
} format_columns[FORMAT_COLUMN_MAX] = {
  [FORMAT_COLUMN_CPU] = { "CPU%", FORMAT_COL_CPU },
  [FORMAT_COLUMN_MEM] = { "MEM", FORMAT_COL_MEM },
  [FORMAT_COLUMN_START] = { "START", FORMAT_COL_START },
  [FORMAT_COLUMN_UNIT] = { "UNIT", FORMAT_COL_UNIT },
};

char *
format_escape (const char *s)
{
  return escape_display (s, FORMAT_CMDLINE_MAX);
}

char *
format_name (const char *comm)
{
  return comm ? format_escape (comm) : g_strdup (WORDS_NO_NAME);
}

/* Decodes the character at *S (advancing it) and its width in cells;
 * an invalid byte decodes as '?' of width 1.  Without UTF8 every
 * character is one cell and anything but ASCII becomes '?'. */
static gunichar
format_next (const char **s, int *cells, gboolean utf8)
{
  gunichar c = g_utf8_get_char_validated (*s, -1);

  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      (*s)++;
      *cells = 1;
      return '?';
    }
  *s += g_utf8_skip[*(const guchar *) *s];
  if (!utf8)
    {
      *cells = 1;
      return c < 0x80 ? c : '?';
    }
  *cells = escape_cells (c);
  return c;
}

/* Width of S in cells, as format_next counts them. */
static int
format_cells_mode (const char *s, gboolean utf8)
{
  int n = 0, w;

  while (s && *s)
    {
      format_next (&s, &w, utf8);
      n += w;
    }
  return n;
}

int
format_cells (const char *s)
{
  return format_cells_mode (s, TRUE);
}

void
format_fit (GString *out, const char *s, int width, gboolean utf8,
            gboolean pad)
{
  int used = 0, limit = width, w;

  if (width <= 0)
    return;
  if (!s)
    s = "";
  if (format_cells_mode (s, utf8) > width)
    limit = width - 1;
  while (*s)
    {
      gunichar c = format_next (&s, &w, utf8);
      if (used + w > limit)
        {
          g_string_append (out, utf8 ? "…" : "~");
          used++;
          break;
        }
      g_string_append_unichar (out, c);
      used += w;
    }
  while (pad && used++ < width)
    g_string_append_c (out, ' ');
}

void
format_fit_tail (GString *out, const char *s, int width, gboolean utf8)
{
  int over, w;

  if (width <= 0 || !s)
    return;
  over = format_cells_mode (s, utf8) - width;
  if (over <= 0)
    {
      format_fit (out, s, width, utf8, FALSE);
      return;
    }
  /* Drop from the start what does not fit, and a cell more for the mark. */
  for (over++; *s && over > 0; over -= w)
    format_next (&s, &w, utf8);
  g_string_append (out, utf8 ? "…" : "~");
  format_fit (out, s, width - 1, utf8, FALSE);
}

void
format_tree_prefix (GString *out, const Row *r, gboolean utf8, int max_cells)
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
format_command (const Proc *p, gboolean cmdline)
{
  g_autofree char *comm = NULL;

  if (cmdline && p->argv && p->argv[0])
    return escape_argv ((const char *const *) p->argv, FORMAT_CMDLINE_MAX);
  comm = format_name (p->comm);
  return cmdline && p->comm ? g_strdup_printf ("[%s]", comm) : g_steal_pointer (&comm);
}

/* What /proc said about row R's process, or NULL (a thread, a fold, a
 * process not read, the time cursor). */
static const ProcSample *
format_sample (const Row *r, const FormatCtx *ctx)
{
  if (!ctx->samples || r->thread || r->fold || !r->proc->alive)
    return NULL;
  return g_hash_table_lookup (ctx->samples, &r->serial);
}

/* The one-letter state of row R. */
static char
format_state (const Row *r, const FormatCtx *ctx)
{
  const ProcSample *sample = format_sample (r, ctx);
  char c = sample ? sample->state : 0;

  if (!r->proc->alive)
    return 'X';
  if (!c && r->proc->tracer)
    c = 't';
  return c ? c : ' ';
}

/* Appends the text of column C for row R (unpadded; "" when blank). */
static void
format_column_value (GString *out, FormatColumn c, const Row *r, const FormatCtx *ctx)
{
  const ProcSample *sample = format_sample (r, ctx);

  switch (c)
    {
    case FORMAT_COLUMN_CPU:
      if (!sample || sample->cpu_permille < 0)
        break;
      if (sample->cpu_permille < 10000)
        g_string_append_printf (out, "%d.%d", sample->cpu_permille / 10,
                                sample->cpu_permille % 10);
      else
        g_string_append_printf (out, "%d", sample->cpu_permille / 10);
      break;
    case FORMAT_COLUMN_MEM:
      if (sample && sample->rss_bytes >= 0)
        words_size (out, (guint64) sample->rss_bytes);
      break;
    case FORMAT_COLUMN_START:
      if (!r->thread && !r->fold)
        words_start (out, r->proc->start_wall_ns, ctx->now_wall_ns);
      break;
    case FORMAT_COLUMN_UNIT:
      if (ctx->samples && !r->thread && !r->fold && r->proc->cgroup)
        {
          g_autofree char *unit = cgroup_unit (r->proc->cgroup);
          g_autofree char *shown = format_escape (unit);
          g_string_append (out, shown);
        }
      break;
    case FORMAT_COLUMN_MAX:
      break;
    }
}

/* Appends the optional COLUMNS of row R, each followed by a space (their
 * titles when R is NULL), UNIT as wide as CTX says. */
static void
format_columns_append (GString *out, const Row *r, const FormatCtx *ctx, guint columns)
{
  g_autoptr (GString) value = g_string_new (NULL);

  for (guint c = 0; c < FORMAT_COLUMN_MAX; c++)
    {
      if (!(columns & FORMAT_COLUMN_BIT (c)))
        continue;
      g_string_truncate (value, 0);
      if (r)
        format_column_value (value, c, r, ctx);
      else
        g_string_append (value, format_columns[c].title);
      if (c == FORMAT_COLUMN_UNIT)
        format_fit (out, value->str, ctx->unit_width, r ? ctx->utf8 : FALSE, TRUE);
      else
        g_string_append_printf (out, "%*s", format_columns[c].width, value->str);
      g_string_append_c (out, ' ');
    }
}

/* Appends the age column of row R: age, or lifetime for an exited process. */
static void
format_row_age (GString *out, const Row *r, const FormatCtx *ctx)
{
  gint64 start = r->thread ? r->thread->start_ns : r->proc->start_ns;
  gint64 end = r->proc->alive ? ctx->now_ns : r->proc->end_ns;
  g_autoptr (GString) age = g_string_new (NULL);

  words_duration (age, event_ns_span (start, end));
  g_string_append_printf (out, " %*s", FORMAT_COL_AGE, age->str);
}

/* Appends the user column for P. */
static void
format_user (GString *out, const Proc *p, const FormatCtx *ctx)
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
  format_fit (out, name, FORMAT_COL_USER, ctx->utf8, TRUE);
}

void
format_fold_summary (GString *out, const RowsFold *f, gboolean utf8)
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
format_row_command (const Row *r, gboolean cmdline, gboolean utf8)
{
  if (r->thread)
    return format_name (r->thread->comm);
  if (r->fold)
    {
      g_autofree char *comm = format_name (r->fold->comm);
      return g_strdup_printf ("%s %s%u", comm, utf8 ? "×" : "x", r->fold->count);
    }
  return format_command (r->proc, cmdline);
}

void
format_tree_row (GString *out, const Row *r, const FormatCtx *ctx, int width)
{
  const Proc *p = r->proc;
  gsize start = out->len;
  g_autofree char *cmd = NULL;
  g_autoptr (GString) status = NULL;
  char buf[FORMAT_SHORT];
  int left, status_w = 0;

  if (width <= 0)
    return;
  if (r->fold)
    g_snprintf (buf, sizeof buf, "%*s ", FORMAT_COL_PID, "");
  else
    g_snprintf (buf, sizeof buf, "%*d ", FORMAT_COL_PID, r->thread ? r->tid : p->pid);
  if (width >= FORMAT_TREE_NARROW)
    {
      /* The columns before the command, cut where the width ends (many
       * optional columns on a narrow terminal). */
      g_autoptr (GString) head = g_string_new (buf);
      if (r->fold)
        g_string_append_printf (head, "%*s %*s X ", FORMAT_COL_USER, "", FORMAT_COL_AGE, "");
      else
        {
          format_user (head, p, ctx);
          format_row_age (head, r, ctx);
          g_string_append_printf (head, " %c ", format_state (r, ctx));
        }
      format_columns_append (head, r, ctx, ctx->columns);
      format_fit (out, head->str, width, ctx->utf8, FALSE);
    }
  else
    format_fit (out, buf, width, ctx->utf8, FALSE);
  left = width - format_cells (out->str + start);
  if (left <= 0)
    return;

  format_tree_prefix (out, r, ctx->utf8, left / 2);
  left = width - format_cells (out->str + start);
  cmd = format_row_command (r, ctx->cmdline, ctx->utf8);
  if (r->fold || (!p->alive && !r->thread))
    {
      status = g_string_new (" [");
      if (r->fold)
        format_fold_summary (status, r->fold, ctx->utf8);
      else
        words_status (status, p->exit_code, (p->flags & PROC_F_STATUS_UNKNOWN) != 0);
      g_string_append_c (status, ']');
      /* Half the room at least; all that the command leaves when short. */
      status_w = MIN (format_cells (status->str),
                      MAX (left / 2, left - format_cells (cmd)));
    }
  format_fit (out, cmd, left - status_w, ctx->utf8, status == NULL);
  if (status)
    {
      format_fit (out, status->str, status_w, ctx->utf8, FALSE);
      left = width - format_cells (out->str + start);
      format_fit (out, "", left, ctx->utf8, TRUE);
    }
}

void
format_columns_fit (FormatCtx *ctx, guint columns, int width)
{
  /* PID, USER, AGE and state with their spaces, before the optional ones. */
  int used = FORMAT_COL_PID + 1 + FORMAT_COL_USER + 1 + FORMAT_COL_AGE + 1
             + FORMAT_COL_STATE + 1;

  ctx->columns = 0;
  ctx->unit_width = FORMAT_COL_UNIT;
  if (width < FORMAT_TREE_NARROW)
    return;
  for (guint c = 0; c < FORMAT_COLUMN_MAX; c++)
    {
      if (!(columns & FORMAT_COLUMN_BIT (c)))
        continue;
      int room = width - used - 1 - FORMAT_COMMAND_MIN;
      int w = format_columns[c].width;
      if (c == FORMAT_COLUMN_UNIT && room < w && room >= FORMAT_COL_UNIT_MIN)
        w = ctx->unit_width = room;
      if (w > room)
        return;
      used += w + 1;
      ctx->columns |= FORMAT_COLUMN_BIT (c);
    }
}

void
format_tree_title (GString *out, int width, const FormatCtx *ctx)
{
  g_autoptr (GString) title = g_string_new ("    PID ");

  if (width >= FORMAT_TREE_NARROW)
    {
      g_string_append (title, "USER       AGE S ");
      format_columns_append (title, NULL, ctx, ctx->columns);
    }
  g_string_append (title, "COMMAND");
  format_fit (out, title->str, width, FALSE, TRUE);
}

void
format_log_row (GString *out, const HistoryEntry *e, const FormatCtx *ctx, int width)
{
  const Event *ev = &e->ev;
  gsize start = out->len;
  gboolean utf8 = ctx->utf8;
  g_autoptr (GString) detail = g_string_new (NULL);
  Proc subject = history_subject (e);
  const Proc *p = &subject;
  const char *name = proctab_event_comm (ev, p);
  g_autofree char *comm = ev->kind == EVENT_LOST ? NULL : format_name (name);
  char buf[FORMAT_SHORT];
  int left;

  if (width <= 0)
    return;
  words_event (detail, ev, p, ctx->names);
  if (width >= FORMAT_LOG_NARROW)
    {
      words_clock (out, ev->wall_ns);
      g_string_append_c (out, ' ');
    }
  if (ev->kind == EVENT_LOST)
    g_snprintf (buf, sizeof buf, "%-8s %7s ", event_kind_name (ev->kind), "-");
  else
    g_snprintf (buf, sizeof buf, "%-8s %7d ", event_kind_name (ev->kind), words_pid (ev));
  format_fit (out, buf, width - format_cells (out->str + start), utf8, FALSE);
  left = width - format_cells (out->str + start);
  if (comm && ev->kind != EVENT_COMM)
    {
      format_fit (out, comm, MIN (left, 16), utf8, TRUE);
      left = width - format_cells (out->str + start);
      format_fit (out, " ", left, utf8, FALSE);
      left = width - format_cells (out->str + start);
    }
  format_fit (out, detail->str, left, utf8, TRUE);
}

gboolean
format_log_matches (const HistoryEntry *e, const FormatCtx *ctx, const char *text)
{
  g_autoptr (GString) row = g_string_new (NULL);

  if (!text || !*text)
    return FALSE;
  format_log_row (row, e, ctx, FORMAT_CMDLINE_MAX);
  return strcasestr (row->str, text) != NULL;
}

gboolean
format_row_matches (const Row *r, const char *text, gboolean cmdline)
{
  g_autofree char *shown = NULL;

  if (!text || !*text)
    return FALSE;
  shown = format_row_command (r, cmdline, TRUE);
  return strcasestr (shown, text) != NULL;
}

gint
format_search_rows (const GArray *rows, const char *text, gboolean cmdline,
                    gint from, int dir)
{
  gint n = rows->len;

  if (n == 0)
    return -1;
  from = CLAMP (from, -1, n);
  for (gint k = 1; k <= n; k++)
    {
      gint i = ((from + dir * k) % n + n) % n;
      if (format_row_matches (&g_array_index (rows, Row, i), text, cmdline))
        return i;
    }
  return -1;
}

GPtrArray *
format_wrap (const char *s, int width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) cur = g_string_new (NULL);
  int used = 0, w;
  gsize space = 0;      /* byte offset of the last space in cur, 0 if none */
  int space_cols = 0;   /* columns of cur up to and including that space */

  width = MAX (width, 1);
  while (s && *s)
    {
      gunichar c = format_next (&s, &w, TRUE);
      if (used + w > width && used > 0)
        {
          if (space > 0 && c != ' ')
            {
              /* Break after the last space; the word moves down whole. */
              g_ptr_array_add (lines, g_strndup (cur->str, space));
              g_string_erase (cur, 0, space + 1);
              used -= space_cols;
            }
          else
            {
              g_ptr_array_add (lines, g_strdup (cur->str));
              g_string_truncate (cur, 0);
              used = 0;
            }
          space = 0;
          if (c == ' ' && used == 0)
            continue;  /* no line starts with the space it broke at */
        }
      if (c == ' ' && cur->len > 0)
        {
          space = cur->len;
          space_cols = used + w;
        }
      g_string_append_unichar (cur, c);
      used += w;
    }
  if (cur->len || lines->len == 0)
    g_ptr_array_add (lines, g_strdup (cur->str));
  return lines;
}
