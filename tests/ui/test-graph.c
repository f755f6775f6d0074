/* test-graph.c - drawing over time: the window's intervals for every
 * zoom and every width (covering it, round, aligned, each cell found
 * back), the counts a zoom adds up (exact), the strip's glyphs (one cell
 * each, failures apart in both glyph sets, any count visible, the time
 * cursor marked), a life's bar and a fold's concurrency for every width. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "cells.h"
#include "graph.h"

#define MS G_GINT64_CONSTANT (1000000)
#define SEC (1000 * MS)
/* A monotonic clock of some hours after boot. */
#define T0 (5 * 3600 * SEC + 123 * MS)

/* Fails unless every cell of OUT (N) is one cell wide, valid UTF-8, and
 * ASCII when not UTF8. */
static void
assert_glyphs (const GraphCell *out, int n, gboolean utf8)
{
  for (int i = 0; i < n; i++)
    {
      assert_non_null (out[i].glyph);
      assert_int_equal (cells_width (out[i].glyph), 1);
      if (!utf8)
        assert_true ((guchar) out[i].glyph[0] < 0x80 && out[i].glyph[1] == '\0');
    }
}

/* Every zoom, every width from 1 to 300 cells: the intervals cover the
 * window and end with its end, their width round (at least the minimum),
 * aligned, and all laid over the cells (a margin before them); cells and
 * times map to intervals and back. */
static void
test_span (void **state)
{
  static const gint64 spans[] = { 10 * SEC, 30 * SEC, 60 * SEC, 300 * SEC, 900 * SEC,
                                  3600 * SEC, 6 * 3600 * SEC, 24 * 3600 * SEC,
                                  7 * 24 * 3600 * SEC };
  static const gint64 mins[] = { SEC, MS };

  for (int z = 0; z < GRAPH_ZOOM_MAX; z++)
    for (guint m = 0; m < G_N_ELEMENTS (mins); m++)
      for (int cells = 1; cells <= 300; cells++)
        {
          GraphSpan sp;
          gint64 end = T0 + cells * 7 * MS, first = T0 - 4000 * SEC;
          graph_span (z, first, end, cells, mins[m], &sp);
          assert_true (sp.n >= 1 && sp.per >= 1 && sp.margin >= 0);
          assert_int_equal (sp.margin + (int) sp.n * sp.per, cells);
          assert_true (sp.width_ns >= mins[m]);
          assert_int_equal (sp.from_ns % sp.width_ns, 0);
          /* The end is in the last interval. */
          assert_true (end >= graph_span_end (&sp) - sp.width_ns);
          assert_true (end < graph_span_end (&sp));
          if (z == GRAPH_ZOOM_ALL)
            assert_true (sp.from_ns <= first);
          else
            /* The zoom's span, to within an interval (all of it when the
             * cells are enough). */
            assert_true (graph_span_end (&sp) - sp.from_ns >= MIN (spans[z], (gint64) sp.n
                                                                  * sp.width_ns));
          if ((gint64) cells * sp.width_ns >= (z == GRAPH_ZOOM_ALL ? end - first : spans[z])
              + sp.width_ns && z != GRAPH_ZOOM_ALL)
            assert_true (graph_span_end (&sp) - sp.from_ns >= spans[z]);
          for (int x = 0; x < cells; x++)
            {
              int i = graph_interval_at (&sp, x);
              if (x < sp.margin)
                {
                  assert_int_equal (i, -1);
                  continue;
                }
              assert_true (i >= 0 && i < (int) sp.n);
              assert_true (graph_cell_of (&sp, i) <= x && x < graph_cell_of (&sp, i) + sp.per);
              gint64 t = sp.from_ns + i * sp.width_ns;
              assert_int_equal (graph_interval_of (&sp, t), i);
              assert_int_equal (graph_interval_of (&sp, t + sp.width_ns - 1), i);
              assert_int_equal (graph_cell_at_time (&sp, t), graph_cell_of (&sp, i));
            }
          assert_int_equal (graph_interval_of (&sp, sp.from_ns - 1), -1);
          assert_int_equal (graph_interval_of (&sp, graph_span_end (&sp)), -1);
          assert_int_equal (graph_cell_at_time (&sp, sp.from_ns - 1), -1);
          assert_int_equal (graph_cell_at_time (&sp, G_MAXINT64), cells - 1);
        }
  /* At the ends of a recording's clock: no overflow (the sanitizer builds
   * check), the window's end saturated, never before its start. */
  static const gint64 ends[] = { G_MAXINT64, G_MAXINT64 - 1, G_MININT64 / 2, 0,
                                  G_MININT64, G_MININT64 + 1 };
  static const gint64 firsts[] = { G_MININT64 / 2, G_MININT64, G_MININT64 + 1 };
  for (int z = 0; z < GRAPH_ZOOM_MAX; z++)
    for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
      for (guint f = 0; f < G_N_ELEMENTS (firsts); f++)
        for (int cells = 1; cells <= 200; cells += 13)
          {
            GraphSpan sp;
            graph_span (z, firsts[f], ends[e], cells, SEC, &sp);
            assert_true (sp.n >= 1 && (int) sp.n <= cells);
            assert_true (graph_span_end (&sp) >= sp.from_ns);
            graph_cell_at_time (&sp, ends[e]);
            graph_interval_of (&sp, G_MAXINT64);
          }
}

/* What each zoom adds up is exact: for every zoom, the counts of a day of
 * starts (one every 7 s, a burst each hour) summed over the window's
 * intervals are the starts in the window, as counted one by one. */
static void
test_zoom_exact (void **state)
{
  g_autoptr (Activity) a = activity_new ();
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 end = T0 + 26 * 3600 * SEC;

  for (gint64 t = T0; t < end; t += 7 * SEC)
    {
      for (int k = 0; k < ((t - T0) % (3600 * SEC) < 7 * SEC ? 50 : 1); k++)
        {
          Event ev = { .kind = EVENT_FORK, .pid = 5, .tgid = 5, .mono_ns = t + k * MS };
          activity_add (a, &ev);
          gint64 at = t + k * MS;
          g_array_append_val (times, at);
        }
    }
  for (int z = 0; z < GRAPH_ZOOM_MAX; z++)
    for (int cells = 8; cells <= 200; cells += 48)
      {
        GraphSpan sp;
        graph_span (z, T0, end, cells, SEC, &sp);
        g_autofree ActivityCounts *c = g_new (ActivityCounts, sp.n);
        gint64 res = activity_query (a, sp.from_ns, sp.width_ns, sp.n, c);
        guint64 sum = 0, want = 0;
        assert_true (res > 0 && res <= sp.width_ns);
        for (guint i = 0; i < sp.n; i++)
          sum += c[i].n[ACTIVITY_START];
        for (guint i = 0; i < times->len; i++)
          {
            gint64 t = g_array_index (times, gint64, i);
            want += t >= sp.from_ns && t < graph_span_end (&sp);
          }
        if (sum != want)
          fail_msg ("zoom %s over %d cells: %" G_GUINT64_FORMAT " counted, %" G_GUINT64_FORMAT
                    " in the window", graph_zoom_name (z), cells, sum, want);
      }
}

/* The strip: one row sums starts and ends, coloured by what is most of
 * it, failures in their own glyphs; two lanes apart; any count visible
 * however small beside the peak; the time cursor's column marked; every
 * glyph one cell, ASCII without UTF-8; for every width. */
static void
test_strip (void **state)
{
  GraphCount c[4] = { { 0, 0, 0 }, { 1, 0, 0 }, { 300, 200, 0 }, { 10, 400, 5 } };

  for (int utf8 = 0; utf8 < 2; utf8++)
    for (int rows = 1; rows <= 4; rows++)
      for (int cells = 4; cells <= 120; cells++)
        {
          GraphSpan sp;
          graph_span (GRAPH_ZOOM_ALL, T0, T0 + 3 * SEC + 1, cells, SEC, &sp);
          assert_int_equal (sp.n, 4);
          guint64 peak = graph_peak (c, 4, rows);
          assert_int_equal (peak, rows == 1 ? 500 : 400);
          g_autofree GraphCell *out = g_new (GraphCell, rows * cells);
          graph_strip (&sp, c, peak, rows, cells, utf8, sp.from_ns + 2 * SEC + 5, out);
          assert_glyphs (out, rows * cells, utf8);
          int bottom = (rows - 1) * cells;
          for (int i = 0; i < 4; i++)
            for (int k = 0; k < sp.per; k++)
              {
                int x = graph_cell_of (&sp, i) + k;
                const GraphCell *b = &out[bottom + x];
                assert_int_equal (b->on_cursor, i == 2);
                if (i == 0)
                  assert_true (b->kind == GRAPH_CELL_EMPTY || b->kind == GRAPH_CELL_CURSOR);
                if (rows == 1 && i == 1)
                  assert_int_equal (b->kind, GRAPH_CELL_START);  /* one start: visible */
                if (rows == 1 && i == 2)
                  {
                    assert_int_equal (b->kind, GRAPH_CELL_START);
                    assert_string_equal (b->glyph, utf8 ? "█" : "#");
                  }
                if (i == 3)
                  {
                    /* Failures: their kind and their own glyph, in both
                     * sets. */
                    assert_int_equal (b->kind, GRAPH_CELL_FAIL);
                    assert_true (strstr (utf8 ? "⡀⣀⣄⣤⣦⣶⣷⣿" : ",;!X", b->glyph) != NULL);
                  }
                if (rows > 1 && i == 1)
                  {
                    /* One start in the upper lane, no end in the lower. */
                    assert_int_equal (out[(rows / 2 - 1) * cells + x].kind, GRAPH_CELL_START);
                    assert_true (b->kind == GRAPH_CELL_EMPTY);
                  }
                if (rows > 1 && i == 2)
                  assert_int_equal (b->kind, GRAPH_CELL_EXIT);
              }
          /* Empty cells of the cursor's column hold its line. */
          if (rows > 1)
            {
              const GraphCell *top = &out[graph_cell_of (&sp, 0)];
              assert_int_equal (top->kind, GRAPH_CELL_EMPTY);
            }
        }
  g_autoptr (GString) s = g_string_new (NULL);
  graph_rate_text (s, 240, SEC);
  g_string_append_c (s, ' ');
  graph_rate_text (s, 30, 60 * SEC);
  g_string_append_c (s, ' ');
  graph_rate_text (s, 12345, SEC);
  g_string_append_c (s, ' ');
  graph_rate_text (s, 0, SEC);
  g_string_append_c (s, ' ');
  graph_rate_text (s, 3500000, SEC);
  assert_string_equal (s->str, "240/s 0.5/s 12k/s 0/s 3.5M/s");
}

/* A life's bar for every width: from its start's cell (or the left edge,
 * marked, when it started before the window) to its end's (the status's
 * glyph and kind) or, alive, to the moment shown; nothing when it is all
 * outside the window; the time cursor's cell marked. */
static void
test_life (void **state)
{
  for (int utf8 = 0; utf8 < 2; utf8++)
    for (int cells = 1; cells <= 150; cells++)
      {
        GraphSpan sp;
        gint64 end = T0 + 10 * SEC - 1;
        graph_span (GRAPH_ZOOM_10S, T0, end, cells, MS, &sp);
        g_autofree GraphCell *out = g_new (GraphCell, cells);
        gint64 a = sp.from_ns + (graph_span_end (&sp) - sp.from_ns) / 4;
        gint64 b = sp.from_ns + (graph_span_end (&sp) - sp.from_ns) / 2;
        int xa = graph_cell_at_time (&sp, a), xb = graph_cell_at_time (&sp, b);

        /* Ended in the window, failed. */
        graph_life (&sp, a, b, end, GRAPH_LIFE_FAILED, cells, utf8, 0, out);
        assert_glyphs (out, cells, utf8);
        for (int x = 0; x < cells; x++)
          {
            gboolean in = x >= xa && x <= xb;
            assert_int_equal (out[x].kind, in ? GRAPH_CELL_FAIL : GRAPH_CELL_EMPTY);
          }
        assert_string_equal (out[xb].glyph, utf8 ? "✗" : "x");
        /* Ended well. */
        graph_life (&sp, a, b, end, GRAPH_LIFE_OK, cells, utf8, 0, out);
        assert_string_equal (out[xb].glyph, utf8 ? "┥" : "|");
        assert_int_equal (out[xb].kind, GRAPH_CELL_EXIT);
        /* Alive since before the window: from the left edge to now. */
        graph_life (&sp, T0 - 3600 * SEC, 0, end, GRAPH_LIFE_ALIVE, cells, utf8, b, out);
        assert_glyphs (out, cells, utf8);
        int xnow = graph_cell_at_time (&sp, end);
        for (int x = sp.margin; x < cells; x++)
          assert_int_equal (out[x].kind, x <= xnow ? GRAPH_CELL_START : GRAPH_CELL_EMPTY);
        if (xnow > sp.margin)
          assert_string_equal (out[sp.margin].glyph, utf8 ? "◂" : "<");
        assert_string_equal (out[xnow].glyph, utf8 ? "▸" : ">");
        assert_true (out[xb].on_cursor);
        /* Unknown start: as before the window. */
        graph_life (&sp, 0, b, end, GRAPH_LIFE_OK, cells, utf8, 0, out);
        assert_int_equal (out[sp.margin].kind, GRAPH_CELL_EXIT);
        /* All before the window, or all after its end: nothing. */
        graph_life (&sp, T0 - 20 * SEC, T0 - 15 * SEC, end, GRAPH_LIFE_OK, cells, utf8, 0,
                    out);
        for (int x = 0; x < cells; x++)
          assert_int_equal (out[x].kind, GRAPH_CELL_EMPTY);
        graph_life (&sp, graph_span_end (&sp) + SEC, 0, graph_span_end (&sp) + 2 * SEC,
                    GRAPH_LIFE_ALIVE, cells, utf8, 0, out);
        for (int x = 0; x < cells; x++)
          assert_int_equal (out[x].kind, GRAPH_CELL_EMPTY);
      }
}

/* A fold's concurrency for every width: members one after the other are
 * one at a time; members at once add up; the peak is the most at once;
 * ASCII says the counts in digits. */
static void
test_concurrency (void **state)
{
  GraphLifeSpan lives[40];

  for (int utf8 = 0; utf8 < 2; utf8++)
    for (int cells = 1; cells <= 150; cells++)
      {
        GraphSpan sp;
        guint peak;
        graph_span (GRAPH_ZOOM_10S, T0, T0 + 10 * SEC - 1, cells, MS, &sp);
        g_autofree GraphCell *out = g_new (GraphCell, cells);
        gint64 from = sp.from_ns;
        /* 20 one after the other over the first 5 s (an end and the next
         * start at the same moment are not at once), then 20 at once. */
        for (int i = 0; i < 20; i++)
          lives[i] = (GraphLifeSpan) { from + i * 250 * MS, from + (i + 1) * 250 * MS };
        for (int i = 20; i < 40; i++)
          lives[i] = (GraphLifeSpan) { from + 6 * SEC + i * MS, from + 8 * SEC };
        graph_concurrency (&sp, lives, 40, FALSE, cells, utf8, 0, out, &peak);
        assert_glyphs (out, cells, utf8);
        assert_int_equal (peak, 20);
        int x1 = graph_cell_at_time (&sp, from + 2 * SEC);
        int x7 = graph_cell_at_time (&sp, from + 7 * SEC);
        if (!utf8 && x1 != x7)
          {
            assert_string_equal (out[x1].glyph, "1");
            assert_string_equal (out[x7].glyph, "+");
          }
        if (utf8 && x1 != x7)
          assert_string_equal (out[x7].glyph, "█");
        assert_int_equal (out[x7].kind, GRAPH_CELL_EXIT);
        /* After the last ended: none. */
        int x9 = graph_cell_at_time (&sp, from + 9 * SEC);
        if (x9 > graph_cell_at_time (&sp, from + 8 * SEC))
          assert_int_equal (out[x9].kind, GRAPH_CELL_EMPTY);
        graph_concurrency (&sp, lives, 20, TRUE, cells, utf8, from + 2 * SEC, out, &peak);
        assert_int_equal (peak, 1);
        assert_int_equal (out[x1].kind, GRAPH_CELL_FAIL);
        assert_true (out[x1].on_cursor);
      }
  GraphSpan sp;
  guint peak = 99;
  GraphCell one[10];
  graph_span (GRAPH_ZOOM_10S, T0, T0 + 10 * SEC - 1, 10, MS, &sp);
  graph_concurrency (&sp, NULL, 0, FALSE, 10, TRUE, 0, one, &peak);
  assert_int_equal (peak, 0);
}

/* The title's times: the window's start and the moment it ends at, not
 * its last interval's end past it; dates for a day or more. */
static void
test_span_times (void **state)
{
  /* T0 is May 01 2024, 12:34:56.123 UTC. */
  const gint64 wall_of_mono = G_GINT64_CONSTANT (1714566896) * SEC + 123 * MS - T0;
  const struct { GraphZoom zoom; const char *from, *to; } cases[] = {
    { GRAPH_ZOOM_1H, "11:3", "12:34:56.123" },
    { GRAPH_ZOOM_1D, "Apr 30 1", "May 01 12:34" },
    { GRAPH_ZOOM_1W, "Apr 24 ", "May 01 12:34" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) from = g_string_new (NULL);
      g_autoptr (GString) to = g_string_new (NULL);
      GraphSpan sp;
      graph_span (cases[i].zoom, T0 - 30 * 86400 * SEC, T0, 70, SEC, &sp);
      assert_true (graph_span_end (&sp) > T0);
      graph_span_times (&sp, wall_of_mono, from, to);
      if (!g_str_has_prefix (from->str, cases[i].from))
        fail_msg ("zoom %d: from '%s', want '%s...'", cases[i].zoom, from->str, cases[i].from);
      assert_string_equal (to->str, cases[i].to);
    }
}

int
main (void)
{
  /* test_span_times reads local times. */
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_span),
    cmocka_unit_test (test_span_times),
    cmocka_unit_test (test_zoom_exact),
    cmocka_unit_test (test_strip),
    cmocka_unit_test (test_life),
    cmocka_unit_test (test_concurrency),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
