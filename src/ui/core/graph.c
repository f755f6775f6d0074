/* graph.c - the time window, its intervals, and the cells of the
 * activity graph and the timeline (see graph.h). */
#include "graph.h"
#include "words.h"

#include <stdlib.h>
#include <string.h>

#define MS G_GINT64_CONSTANT (1000000)
#define SEC (1000 * MS)

/* Each zoom's span; GRAPH_ZOOM_ALL's is the events'. */
static const struct {
  const char *name;
  gint64 span_ns;
} graph_zooms[GRAPH_ZOOM_MAX] = {
  { "10s", 10 * SEC }, { "30s", 30 * SEC }, { "1m", 60 * SEC }, { "5m", 300 * SEC },
  { "15m", 900 * SEC }, { "1h", 3600 * SEC }, { "6h", 6 * 3600 * SEC },
  { "1d", 24 * 3600 * SEC }, { "1w", 7 * 24 * 3600 * SEC }, { "all", 0 },
};

/* Round widths of an interval, narrowest first; past the last, twice as
 * wide at each step.  From 10 s, each is a multiple of an activity level's
 * resolution (10 s, 1 min, 10 min, 1 h), so that its counts tile them. */
static const gint64 graph_widths[] = {
  MS, 2 * MS, 5 * MS, 10 * MS, 20 * MS, 50 * MS, 100 * MS, 200 * MS, 500 * MS,
  SEC, 2 * SEC, 5 * SEC, 10 * SEC, 20 * SEC, 30 * SEC, 60 * SEC, 120 * SEC, 300 * SEC,
  600 * SEC, 1200 * SEC, 1800 * SEC, 3600 * SEC, 2 * 3600 * SEC, 3 * 3600 * SEC,
  6 * 3600 * SEC, 12 * 3600 * SEC, 24 * 3600 * SEC, 2 * 24 * 3600 * SEC,
  7 * 24 * 3600 * SEC,
};

/* Bars' glyphs by eighths of a cell: block elements, and braille dots for
 * failures (UTF-8); by quarters in ASCII. */
static const char *const graph_blocks[9] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
static const char *const graph_dots[9] = { " ", "⡀", "⣀", "⣄", "⣤", "⣦", "⣶", "⣷", "⣿" };
static const char *const graph_ascii[5] = { " ", ".", ":", "|", "#" };
static const char *const graph_ascii_fail[5] = { " ", ",", ";", "!", "X" };

const char *
graph_zoom_name (GraphZoom zoom)
{
  return graph_zooms[MIN (zoom, GRAPH_ZOOM_MAX - 1)].name;
}

/* A / B rounded down (B > 0). */
static gint64
graph_floordiv (gint64 a, gint64 b)
{
  gint64 q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* The narrowest round width at least NS. */
static gint64
graph_round (gint64 ns)
{
  gint64 w = graph_widths[G_N_ELEMENTS (graph_widths) - 1];

  for (guint i = 0; i < G_N_ELEMENTS (graph_widths); i++)
    if (graph_widths[i] >= ns)
      return graph_widths[i];
  while (w < ns && w <= G_MAXINT64 / 4)
    w *= 2;
  return MAX (w, ns);
}

void
graph_span (GraphZoom zoom, gint64 first_ns, gint64 end_ns, int cells, gint64 min_ns,
            GraphSpan *out)
{
  gint64 window, width, last;
  guint n;

  cells = MAX (cells, 1);
  zoom = MIN (zoom, GRAPH_ZOOM_MAX - 1);
  if (zoom == GRAPH_ZOOM_ALL)
    window = MAX (event_ns_sub (end_ns, MIN (first_ns, end_ns)), SEC);
  else
    window = graph_zooms[zoom].span_ns;
  width = graph_round (MAX (MAX (min_ns, 1), window / cells + (window % cells != 0)));
  last = graph_floordiv (end_ns, width);
  if (zoom == GRAPH_ZOOM_ALL)
    {
      /* Every interval from the first event's on, as wide as that needs. */
      gint64 first = MIN (first_ns, end_ns), count;
      /* (The widest: a quarter of the clock's range, for extreme ones.) */
      while ((count = last - graph_floordiv (first, width) + 1) > cells
             && width <= G_MAXINT64 / 4)
        {
          width = graph_round (width + 1);
          last = graph_floordiv (end_ns, width);
        }
      n = (guint) count;
    }
  else
    n = (guint) MIN ((window + width - 1) / width, cells);
  n = CLAMP (n, 1, (guint) cells);
  /* Not before the clock's first interval (a recording's extreme one). */
  gint64 k = MAX (last - (gint64) n + 1, G_MININT64 / width);
  *out = (GraphSpan) {
    .from_ns = k * width, .width_ns = width, .n = n, .per = cells / (int) n, .to_ns = end_ns,
  };
  out->margin = cells - out->per * (int) n;
}

int
graph_interval_at (const GraphSpan *sp, int x)
{
  int i;

  if (x < sp->margin)
    return -1;
  i = (x - sp->margin) / sp->per;
  return i < (int) sp->n ? i : -1;
}

int
graph_interval_of (const GraphSpan *sp, gint64 t)
{
  guint64 i;

  if (t < sp->from_ns)
    return -1;
  /* Unsigned: from a window before 0 to a time near the end of time, the
   * distance does not fit a gint64. */
  i = ((guint64) t - (guint64) sp->from_ns) / (guint64) sp->width_ns;
  return i < sp->n ? (int) i : -1;
}

int
graph_cell_of (const GraphSpan *sp, int i)
{
  return sp->margin + i * sp->per;
}

int
graph_cell_at_time (const GraphSpan *sp, gint64 t)
{
  int i = graph_interval_of (sp, t);

  if (t < sp->from_ns)
    return -1;
  if (i < 0)
    return sp->margin + (int) sp->n * sp->per - 1;
  /* Unsigned, as in graph_interval_of; less than an interval. */
  guint64 into = (guint64) t - (guint64) sp->from_ns - (guint64) i * (guint64) sp->width_ns;
  return graph_cell_of (sp, i) + (int) ((double) into * sp->per / sp->width_ns);
}

/* The time where the cell at offset I (0 to n * per) of SP's window
 * begins, saturated (a window near the end of a recording's extreme
 * clock ends there). */
static gint64
graph_cell_time (const GraphSpan *sp, gint64 i)
{
  gint64 q = i / sp->per, r = i % sp->per;

  if (q && sp->width_ns > G_MAXINT64 / q)
    {
      /* Beyond 64 bits: in floating point, saturated. */
      double t = (double) sp->from_ns + (double) q * (double) sp->width_ns;
      return t >= (double) G_MAXINT64 ? G_MAXINT64 : (gint64) t;
    }
  return event_ns_add (event_ns_add (sp->from_ns, q * sp->width_ns),
                       r * (sp->width_ns / sp->per) + r * (sp->width_ns % sp->per) / sp->per);
}

gint64
graph_span_end (const GraphSpan *sp)
{
  return graph_cell_time (sp, (gint64) sp->n * sp->per);
}

void
graph_span_times (const GraphSpan *sp, gint64 wall_of_mono, GString *from, GString *to)
{
  gint64 end = MIN (graph_span_end (sp), sp->to_ns);
  /* The format by the intervals' whole width: a window of a day ends in a
   * day's last interval, a little less than a day after its start. */
  gint64 span = event_ns_sub (graph_span_end (sp), sp->from_ns);

  words_moment (from, event_ns_add (sp->from_ns, wall_of_mono), span);
  words_moment (to, event_ns_add (end, wall_of_mono), span);
}

void
graph_rate_text (GString *out, guint64 peak, gint64 width_ns)
{
  double r = (double) peak * SEC / MAX (width_ns, 1);
  char n[G_ASCII_DTOSTR_BUF_SIZE];

  if (r >= 999500)
    g_string_append (out, g_ascii_formatd (n, sizeof n, "%.1fM", r / 1e6));
  else if (r >= 9995)
    g_string_append_printf (out, "%.0fk", r / 1e3);
  else if (r >= 999.5)
    g_string_append (out, g_ascii_formatd (n, sizeof n, "%.1fk", r / 1e3));
  else if (r >= 9.95 || r == 0)
    g_string_append_printf (out, "%.0f", r);
  else
    g_string_append (out, g_ascii_formatd (n, sizeof n, "%.1f", r));
  g_string_append (out, "/s");
}

void
graph_counts (const ActivityCounts *counts, guint n, GraphCount *out)
{
  for (guint i = 0; i < n; i++)
    out[i] = (GraphCount) {
      .starts = counts[i].n[ACTIVITY_START],
      .ends = (guint64) counts[i].n[ACTIVITY_EXIT] + counts[i].n[ACTIVITY_FAIL],
      .fails = counts[i].n[ACTIVITY_FAIL],
    };
}

guint64
graph_peak (const GraphCount *c, guint n, int rows)
{
  guint64 peak = 0;

  for (guint i = 0; i < n; i++)
    peak = MAX (peak, rows <= 1 ? c[i].starts + c[i].ends : MAX (c[i].starts, c[i].ends));
  return peak;
}

/* The eighths of a bar of LEVELS eighths that VALUE fills at scale PEAK:
 * none for 0, at least one for any other. */
static gint64
graph_level (guint64 value, guint64 peak, gint64 levels)
{
  if (!value || !peak)
    return 0;
  if (value >= peak)
    return levels;
  return MAX (1, (gint64) ((value * (double) levels + peak - 1) / peak));
}

/* The glyph of EIGHTHS (1..8) of a cell: a failure's (FAIL) or not. */
static const char *
graph_glyph (gint64 eighths, gboolean fail, gboolean utf8)
{
  eighths = CLAMP (eighths, 0, 8);
  if (utf8)
    return fail ? graph_dots[eighths] : graph_blocks[eighths];
  return fail ? graph_ascii_fail[(eighths + 1) / 2] : graph_ascii[(eighths + 1) / 2];
}

/* Sets every cell of OUT (N) empty. */
static void
graph_clear (GraphCell *out, int n)
{
  for (int i = 0; i < n; i++)
    out[i] = (GraphCell) { .glyph = " ", .kind = GRAPH_CELL_EMPTY };
}

/* Marks column X of OUT (ROWS rows of CELLS) as the time cursor's: its
 * empty cells hold the cursor's line. */
static void
graph_mark_cursor (GraphCell *out, int rows, int cells, int x, gboolean utf8)
{
  if (x < 0 || x >= cells)
    return;
  for (int r = 0; r < rows; r++)
    {
      GraphCell *c = &out[r * cells + x];
      c->on_cursor = TRUE;
      if (c->kind == GRAPH_CELL_EMPTY)
        *c = (GraphCell) { .glyph = utf8 ? "│" : "|", .kind = GRAPH_CELL_CURSOR,
                           .on_cursor = TRUE };
    }
}

/* Draws a bar of LEVEL eighths (FAIL_LEVEL of them failures, from the
 * bottom) in rows [TOP, TOP + ROWS) of OUT, cells [X, X + W), of KIND. */
static void
graph_bar (GraphCell *out, int cells, int top, int rows, int x, int w, gint64 level,
           gint64 fail_level, GraphCellKind kind, gboolean utf8)
{
  for (int rb = 0; rb < rows; rb++)
    {
      gint64 eighths = level - 8 * rb;
      if (eighths <= 0)
        break;
      gboolean fail = kind == GRAPH_CELL_FAIL || 8 * rb < fail_level;
      GraphCell cell = { .glyph = graph_glyph (eighths, fail, utf8),
                         .kind = fail ? GRAPH_CELL_FAIL : kind };
      for (int k = x; k < x + w && k < cells; k++)
        out[(top + rows - 1 - rb) * cells + k] = cell;
    }
}

void
graph_strip (const GraphSpan *sp, const GraphCount *c, guint64 peak, int rows, int cells,
             gboolean utf8, gint64 cursor_ns, GraphCell *out)
{
  int ci = cursor_ns ? graph_interval_of (sp, cursor_ns) : -1;

  rows = MAX (rows, 1);
  graph_clear (out, rows * cells);
  for (guint i = 0; i < sp->n; i++)
    {
      int x = graph_cell_of (sp, (int) i);
      if (rows == 1)
        {
          GraphCellKind kind = c[i].fails ? GRAPH_CELL_FAIL
                               : c[i].starts > c[i].ends ? GRAPH_CELL_START : GRAPH_CELL_EXIT;
          graph_bar (out, cells, 0, 1, x, sp->per,
                     graph_level (c[i].starts + c[i].ends, peak, 8), 0, kind, utf8);
          continue;
        }
      int top = rows / 2, bottom = rows - top;
      graph_bar (out, cells, 0, top, x, sp->per, graph_level (c[i].starts, peak, 8 * top), 0,
                 GRAPH_CELL_START, utf8);
      graph_bar (out, cells, top, bottom, x, sp->per,
                 graph_level (c[i].ends, peak, 8 * bottom),
                 graph_level (c[i].fails, peak, 8 * bottom), GRAPH_CELL_EXIT, utf8);
    }
  if (ci >= 0)
    for (int k = 0; k < sp->per; k++)
      graph_mark_cursor (out, rows, cells, graph_cell_of (sp, ci) + k, utf8);
}

void
graph_life (const GraphSpan *sp, gint64 start_ns, gint64 end_ns, gint64 now_ns,
            GraphLife how, int cells, gboolean utf8, gint64 cursor_ns, GraphCell *out)
{
  gint64 stop = how == GRAPH_LIFE_ALIVE ? now_ns : end_ns;
  GraphCellKind kind = how == GRAPH_LIFE_ALIVE ? GRAPH_CELL_START
                       : how == GRAPH_LIFE_FAILED ? GRAPH_CELL_FAIL : GRAPH_CELL_EXIT;
  int x0, x1;

  graph_clear (out, cells);
  if (start_ns <= 0 || start_ns < sp->from_ns)
    x0 = -1;
  else
    x0 = graph_cell_at_time (sp, start_ns);
  x1 = graph_cell_at_time (sp, stop);
  if (stop < sp->from_ns || (start_ns > 0 && start_ns >= graph_span_end (sp)) || x1 < 0)
    x1 = -2;  /* not in the window */
  for (int x = MAX (x0, sp->margin); x <= x1 && x < cells; x++)
    out[x] = (GraphCell) { .glyph = utf8 ? "━" : "=", .kind = kind };
  if (x1 >= sp->margin && x1 < cells)
    {
      if (x0 < 0)
        out[MAX (sp->margin, 0)].glyph = utf8 ? "◂" : "<";
      out[x1].glyph = how == GRAPH_LIFE_ALIVE ? (utf8 ? "▸" : ">")
                      : how == GRAPH_LIFE_FAILED ? (utf8 ? "✗" : "x") : (utf8 ? "┥" : "|");
      if (stop >= graph_span_end (sp) && how != GRAPH_LIFE_ALIVE)
        out[x1].glyph = utf8 ? "━" : "=";  /* it ends after the window */
    }
  if (cursor_ns)
    graph_mark_cursor (out, 1, cells, graph_cell_at_time (sp, cursor_ns), utf8);
}

/* A start (+1) or an end (-1) of a life, at T. */
typedef struct {
  gint64 t;
  int delta;
} GraphStep;

/* Orders steps by time, an end before a start at the same time. */
static int
graph_step_cmp (const void *a, const void *b)
{
  const GraphStep *x = a, *y = b;

  if (x->t != y->t)
    return x->t < y->t ? -1 : 1;
  return x->delta - y->delta;
}

void
graph_concurrency (const GraphSpan *sp, const GraphLifeSpan *lives, guint n, gboolean failed,
                   int cells, gboolean utf8, gint64 cursor_ns, GraphCell *out, guint *peak)
{
  g_autofree GraphStep *steps = g_new (GraphStep, 2 * (gsize) n + 1);
  g_autofree guint *most = g_new0 (guint, cells + 1);
  guint k = 0, s = 0;
  gint64 alive = 0;

  graph_clear (out, cells);
  *peak = 0;
  for (guint i = 0; i < n; i++)
    {
      /* An unknown start was before the window; an unknown end, at it. */
      gint64 start = lives[i].start_ns > 0 ? lives[i].start_ns : G_MININT64;
      gint64 end = lives[i].end_ns > 0 ? lives[i].end_ns : start;
      if (end < start)
        end = start;
      steps[k++] = (GraphStep) { start, 1 };
      steps[k++] = (GraphStep) { end, -1 };
    }
  qsort (steps, k, sizeof *steps, graph_step_cmp);
  for (int x = sp->margin; x < sp->margin + (int) sp->n * sp->per && x < cells; x++)
    {
      gint64 i = x - sp->margin;
      gint64 t1 = graph_cell_time (sp, i + 1);
      gint64 t0 = graph_cell_time (sp, i);
      /* Those that started and ended before the cell. */
      for (; s < k && steps[s].t < t0; s++)
        alive += steps[s].delta;
      gint64 m = alive;
      for (; s < k && steps[s].t < t1; s++)
        {
          alive += steps[s].delta;
          m = MAX (m, alive);
        }
      most[x] = (guint) MAX (m, 0);
      *peak = MAX (*peak, most[x]);
    }
  for (int x = 0; x < cells; x++)
    {
      if (!most[x])
        continue;
      GraphCellKind kind = failed ? GRAPH_CELL_FAIL : GRAPH_CELL_EXIT;
      if (utf8)
        out[x] = (GraphCell) { .glyph = graph_glyph (graph_level (most[x], *peak, 8), failed,
                                                     TRUE), .kind = kind };
      else
        {
          static const char *const digits[] = { "0", "1", "2", "3", "4", "5", "6", "7", "8",
                                                "9" };
          out[x] = (GraphCell) { .glyph = most[x] > 9 ? "+" : digits[most[x]], .kind = kind };
        }
    }
  if (cursor_ns)
    graph_mark_cursor (out, 1, cells, graph_cell_at_time (sp, cursor_ns), utf8);
}
