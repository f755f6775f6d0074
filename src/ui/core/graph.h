/* graph.h - drawing over time (pure): the time window the activity graph
 * and the timeline show, its intervals for a width of cells, and the
 * cells of the graph's strip and of the timeline's bars.
 *
 * The window is a zoom (10 s to a week, or everything since the first
 * event counted) ending at a moment: the moment shown, or wherever the
 * time cursor took it (GraphWindow).  For a width of cells it is cut into
 * intervals of a round width (1 s, 2 s, 5 s, 10 s... for the graph, whose
 * counts are per second at the finest; down to a millisecond for the
 * timeline), each drawn over the same number of cells, the window's end
 * in the last (GraphSpan).
 *
 * The graph's strip shows events per interval (activity.h): process
 * starts, exits and failures.  One row: each interval's starts and ends
 * together as the height of a bar, coloured by what is most of it; two
 * lanes when there are rows for them, starts above and ends below.
 * Failures are told apart by colour and by glyph: block elements (UTF-8)
 * or . : | # (ASCII) for the rest, braille dots (UTF-8) or , ; ! X
 * (ASCII) for failures, so that a monochrome terminal tells them too.
 * The scale is the peak: the largest bar is full, any count at least one
 * eighth of a row.
 *
 * A timeline bar is a process's life across the window (its start to its
 * end, or to the moment shown while it lives, its end's glyph its status);
 * a fold's row counts how many of its members were alive in each cell. */
#pragma once

#include <glib.h>
#include "activity.h"

/* The zooms, narrowest first. */
typedef enum {
  GRAPH_ZOOM_10S,
  GRAPH_ZOOM_30S,
  GRAPH_ZOOM_1M,
  GRAPH_ZOOM_5M,
  GRAPH_ZOOM_15M,
  GRAPH_ZOOM_1H,
  GRAPH_ZOOM_6H,
  GRAPH_ZOOM_1D,
  GRAPH_ZOOM_1W,
  GRAPH_ZOOM_ALL,      /* everything since the first event counted */
  GRAPH_ZOOM_MAX
} GraphZoom;

/* The cells left of the graph's bars, for its labels. */
#define GRAPH_LABEL 16

/* The narrowest interval of the graph (its finest counts are per second)
 * and of the timeline. */
#define GRAPH_MIN_NS G_GINT64_CONSTANT (1000000000)
#define GRAPH_LIFE_MIN_NS G_GINT64_CONSTANT (1000000)

/* The zoom a viewer starts with. */
#define GRAPH_ZOOM_DEFAULT GRAPH_ZOOM_1M

/* ZOOM's name: "10s", "1m", "all". */
const char *graph_zoom_name (GraphZoom zoom);

/* The time window shown. */
typedef struct {
  GraphZoom zoom;
  gint64 end_ns;       /* its end (monotonic ns); 0: the moment shown */
} GraphWindow;

/* A window cut into intervals for a width of cells. */
typedef struct {
  gint64 from_ns;      /* the first interval's start */
  gint64 width_ns;     /* each interval's width */
  guint n;             /* intervals */
  int per;             /* cells per interval */
  int margin;          /* cells left empty before the first */
  gint64 to_ns;        /* the moment it ends at, in the last interval */
} GraphSpan;

/* Cuts the window of ZOOM ending at END_NS (for GRAPH_ZOOM_ALL, from
 * FIRST_NS on) into intervals of the narrowest round width, at least
 * MIN_NS, that fits it into CELLS cells (at least 1), aligned on that
 * width so that the counts of a coarser resolution tile them. */
void graph_span (GraphZoom zoom, gint64 first_ns, gint64 end_ns, int cells, gint64 min_ns,
                 GraphSpan *out);

/* The interval under cell X, or -1 (the margin, past the end). */
int graph_interval_at (const GraphSpan *sp, int x);

/* The interval holding time T, or -1 when outside the window. */
int graph_interval_of (const GraphSpan *sp, gint64 t);

/* The first cell of interval I. */
int graph_cell_of (const GraphSpan *sp, int i);

/* The cell of time T, -1 before the window, the last cell's after it. */
int graph_cell_at_time (const GraphSpan *sp, gint64 t);

/* The end of the window SP spans (its last interval's end). */
gint64 graph_span_end (const GraphSpan *sp);

/* Appends to FROM and TO the local times of SP's edges, as its title
 * shows them (WALL_OF_MONO: the wall clock less the monotonic one): its
 * first interval's start and the moment it ends at, their dates too when
 * the window is a day or more (words_moment). */
void graph_span_times (const GraphSpan *sp, gint64 wall_of_mono, GString *from, GString *to);

/* Appends the rate of PEAK events per interval of WIDTH_NS, per second:
 * "240/s", "1.2k/s", "3.5M/s", "0.5/s", "0/s". */
void graph_rate_text (GString *out, guint64 peak, gint64 width_ns);

/* What a cell of the strip or a bar shows. */
typedef enum {
  GRAPH_CELL_EMPTY,
  GRAPH_CELL_START,    /* starts (a lane of them, or most of the
                          interval); a life that goes on */
  GRAPH_CELL_EXIT,     /* ends that did not fail; a life that ended so */
  GRAPH_CELL_FAIL,     /* failures */
  GRAPH_CELL_CURSOR,   /* the time cursor's line, where nothing else is */
} GraphCellKind;

/* One cell: its glyph (a static string, one cell wide) and kind; ON_CURSOR
 * when it is the time cursor's (drawn in reverse). */
typedef struct {
  const char *glyph;
  GraphCellKind kind;
  gboolean on_cursor;
} GraphCell;

/* What the strip's counts are per interval, as the graph sums them. */
typedef struct {
  guint64 starts, ends, fails;
} GraphCount;

/* The graph's counts of the N intervals of SP from COUNTS (activity.h):
 * starts, ends (exits and failures) and failures.  Fills OUT[0..N). */
void graph_counts (const ActivityCounts *counts, guint n, GraphCount *out);

/* The peak per interval of the strip: the largest bar (ROWS 1: starts
 * and ends together; else the larger of each lane). */
guint64 graph_peak (const GraphCount *c, guint n, int rows);

/* Lays the strip out into OUT (ROWS rows of CELLS cells, the top row
 * first): the bars of the intervals of SP from C (SP's n of them) scaled
 * to PEAK, UTF-8 glyphs or ASCII, and the time cursor at CURSOR_NS (0:
 * none) marked on its interval's cells. */
void graph_strip (const GraphSpan *sp, const GraphCount *c, guint64 peak, int rows,
                  int cells, gboolean utf8, gint64 cursor_ns, GraphCell *out);

/* How a life ends, for the end of its bar. */
typedef enum {
  GRAPH_LIFE_ALIVE,    /* still alive at the moment shown */
  GRAPH_LIFE_OK,       /* exited, not failing */
  GRAPH_LIFE_FAILED,   /* exited and failed */
} GraphLife;

/* Lays out into OUT (CELLS cells) the bar of a life from START_NS (0:
 * unknown, before the window) to END_NS (ended) or NOW_NS (alive, HOW
 * GRAPH_LIFE_ALIVE), across SP: its cells, with the start's glyph when it
 * starts in the window (else it enters from the left edge), and its end's
 * when it ends in it, the status's glyph (running on: it goes to NOW_NS,
 * or the right edge); the time cursor at CURSOR_NS (0: none). */
void graph_life (const GraphSpan *sp, gint64 start_ns, gint64 end_ns, gint64 now_ns,
                 GraphLife how, int cells, gboolean utf8, gint64 cursor_ns, GraphCell *out);

/* A member of a fold: its start and end (monotonic ns; 0: unknown). */
typedef struct {
  gint64 start_ns, end_ns;
} GraphLifeSpan;

/* Lays out into OUT (CELLS cells) how many of the N LIVES (which need not
 * be sorted) were alive at once in each cell, at most, as heights scaled
 * to the most at once over the window, which *PEAK gets (0 when none was
 * in it); FAILED draws them as failures.  The time cursor as above. */
void graph_concurrency (const GraphSpan *sp, const GraphLifeSpan *lives, guint n,
                        gboolean failed, int cells, gboolean utf8, gint64 cursor_ns,
                        GraphCell *out, guint *peak);
