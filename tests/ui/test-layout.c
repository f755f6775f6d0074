/* test-layout.c - pane geometry for many terminal sizes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "layout.h"

/* Whether rectangles A and B share a cell. */
static gboolean
overlap (const LayoutRect *a, const LayoutRect *b)
{
  return a->x < b->x + b->w && b->x < a->x + a->w
         && a->y < b->y + b->h && b->y < a->y + a->h;
}

/* Every size from 0x0 to 220x90: panes inside, disjoint, tree always. */
static void
test_all_sizes (void **state)
{
  for (int cols = -1; cols <= 220; cols++)
    for (int lines = -1; lines <= 90; lines++)
      {
        Layout l;
        layout_compute (cols, lines, &l);
        if (cols <= 0 || lines <= 0)
          {
            for (int i = 0; i < PANE_MAX; i++)
              assert_false (layout_visible (&l, i));
            continue;
          }
        assert_true (layout_visible (&l, PANE_TREE));
        for (int i = 0; i < PANE_MAX; i++)
          {
            const LayoutRect *r = &l.pane[i];
            if (!layout_visible (&l, i))
              continue;
            assert_true (r->x >= 0 && r->y >= 0);
            assert_true (r->x + r->w <= cols);
            assert_true (r->y + r->h <= lines);
            for (int j = i + 1; j < PANE_MAX; j++)
              if (layout_visible (&l, j))
                assert_false (overlap (r, &l.pane[j]));
          }
        /* Drop order: details, then graph, then log, then function bar,
         * then header; the graph right under the header, as wide as the
         * terminal, 1, 3 or 5 rows. */
        if (layout_visible (&l, PANE_DETAILS) && lines >= 12)
          assert_true (layout_visible (&l, PANE_GRAPH));
        if (layout_visible (&l, PANE_GRAPH))
          {
            assert_true (layout_visible (&l, PANE_LOG));
            assert_int_equal (l.pane[PANE_GRAPH].y, 1);
            assert_int_equal (l.pane[PANE_GRAPH].w, cols);
            assert_int_equal (l.pane[PANE_GRAPH].h, lines >= 40 ? 5 : lines >= 30 ? 3 : 1);
            assert_int_equal (l.pane[PANE_TREE].y, 1 + l.pane[PANE_GRAPH].h);
          }
        if (layout_visible (&l, PANE_DETAILS))
          assert_true (layout_visible (&l, PANE_LOG));
        if (layout_visible (&l, PANE_LOG))
          assert_true (layout_visible (&l, PANE_FNBAR));
        if (layout_visible (&l, PANE_FNBAR))
          assert_true (layout_visible (&l, PANE_HEADER));
      }
}

/* Shrinking never brings a dropped pane back. */
static void
test_monotonic (void **state)
{
  for (int cols = 1; cols <= 200; cols += 7)
    {
      gboolean had[PANE_MAX];
      for (int i = 0; i < PANE_MAX; i++)
        had[i] = TRUE;
      for (int lines = 90; lines >= 1; lines--)
        {
          Layout l;
          layout_compute (cols, lines, &l);
          for (int i = 0; i < PANE_MAX; i++)
            {
              if (layout_visible (&l, i))
                assert_true (had[i]);
              had[i] = layout_visible (&l, i);
            }
        }
    }
}

/* The tiny 20x6 terminal: header, a tree and the function bar. */
static void
test_tiny (void **state)
{
  Layout l;

  layout_compute (20, 6, &l);
  assert_true (layout_visible (&l, PANE_HEADER));
  assert_true (layout_visible (&l, PANE_FNBAR));
  assert_false (layout_visible (&l, PANE_LOG));
  assert_false (layout_visible (&l, PANE_DETAILS));
  assert_int_equal (l.pane[PANE_TREE].y, 1);
  assert_int_equal (l.pane[PANE_TREE].h, 4);
  assert_int_equal (l.pane[PANE_TREE].w, 20);
  assert_int_equal (l.pane[PANE_FNBAR].y, 5);

  layout_compute (1, 1, &l);
  assert_int_equal (l.pane[PANE_TREE].h, 1);
  assert_int_equal (l.pane[PANE_TREE].w, 1);
  assert_false (layout_visible (&l, PANE_HEADER));
}

/* Common sizes. */
static void
test_common (void **state)
{
  Layout l;

  layout_compute (80, 24, &l);
  assert_true (layout_visible (&l, PANE_LOG));
  assert_false (layout_visible (&l, PANE_DETAILS));
  assert_int_equal (l.pane[PANE_GRAPH].h, 1);
  assert_int_equal (l.pane[PANE_GRAPH].y, 1);
  assert_int_equal (l.pane[PANE_LOG].y + l.pane[PANE_LOG].h, 23);
  assert_int_equal (l.pane[PANE_TREE].h + l.pane[PANE_LOG].h, 21);

  layout_compute (80, 11, &l);
  assert_false (layout_visible (&l, PANE_GRAPH));
  assert_true (layout_visible (&l, PANE_LOG));
  layout_compute (80, 12, &l);
  assert_int_equal (l.pane[PANE_GRAPH].h, 1);

  layout_compute (160, 45, &l);
  assert_true (l.side_details);
  assert_int_equal (l.pane[PANE_GRAPH].h, 5);
  assert_int_equal (l.pane[PANE_GRAPH].w, 160);
  assert_int_equal (l.pane[PANE_TREE].y, 6);
  assert_int_equal (l.pane[PANE_DETAILS].y, 6);
  layout_compute (120, 30, &l);
  assert_int_equal (l.pane[PANE_GRAPH].h, 3);

  layout_compute (80, 40, &l);
  assert_false (l.side_details);
  assert_true (layout_visible (&l, PANE_DETAILS));
  assert_int_equal (l.pane[PANE_DETAILS].y,
                    l.pane[PANE_TREE].y + l.pane[PANE_TREE].h);

  layout_compute (160, 50, &l);
  assert_true (l.side_details);
  assert_int_equal (l.pane[PANE_TREE].w + l.pane[PANE_DETAILS].w, 160);
  assert_int_equal (l.pane[PANE_DETAILS].y, l.pane[PANE_TREE].y);
  assert_int_equal (l.pane[PANE_LOG].w, 160);
}

/* Clicks and Tab order. */
static void
test_hit_focus (void **state)
{
  Layout l;

  layout_compute (160, 50, &l);
  assert_int_equal (layout_hit (&l, 0, 5), PANE_HEADER);
  assert_int_equal (layout_hit (&l, 49, 5), PANE_FNBAR);
  assert_int_equal (layout_hit (&l, 3, 5), PANE_GRAPH);
  assert_int_equal (layout_hit (&l, 7, 5), PANE_TREE);
  assert_int_equal (layout_hit (&l, 7, 159), PANE_DETAILS);
  assert_int_equal (layout_hit (&l, 47, 100), PANE_LOG);
  assert_int_equal (layout_hit (&l, 50, 5), PANE_MAX);
  assert_int_equal (layout_hit (&l, -1, 5), PANE_MAX);
  assert_int_equal (layout_next_focus (&l, PANE_TREE), PANE_LOG);
  assert_int_equal (layout_next_focus (&l, PANE_LOG), PANE_DETAILS);
  assert_int_equal (layout_next_focus (&l, PANE_DETAILS), PANE_TREE);

  layout_compute (20, 6, &l);
  assert_int_equal (layout_next_focus (&l, PANE_TREE), PANE_TREE);
  assert_int_equal (layout_next_focus (&l, PANE_LOG), PANE_TREE);
  assert_int_equal (layout_next_focus (&l, PANE_HEADER), PANE_TREE);
  assert_int_equal (layout_next_focus (&l, PANE_GRAPH), PANE_TREE);

  layout_compute (80, 24, &l);
  assert_int_equal (layout_next_focus (&l, PANE_LOG), PANE_TREE);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_all_sizes),
    cmocka_unit_test (test_monotonic),
    cmocka_unit_test (test_tiny),
    cmocka_unit_test (test_common),
    cmocka_unit_test (test_hit_focus),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
