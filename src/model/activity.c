/* activity.c - per-interval counts at several resolutions (see
 * activity.h). */
#include "activity.h"

#include <string.h>

#include "history.h"

#define SEC G_GINT64_CONSTANT (1000000000)

/* Each level: the width of its buckets, and how many it keeps. */
static const struct {
  gint64 res_ns;
  guint len;
} activity_levels[ACTIVITY_LEVELS] = {
  { SEC, 3600 },          /* an hour of seconds */
  { 10 * SEC, 2160 },     /* 6 hours */
  { 60 * SEC, 1440 },     /* a day of minutes */
  { 600 * SEC, 1008 },    /* a week */
  { 3600 * SEC, 8784 },   /* a (leap) year of hours */
};

/* The buckets of one resolution: a ring holding buckets TAIL..HEAD (by
 * bucket number, time / res_ns), bucket B at B mod CAP.  CAP grows up to
 * the level's length as the span of time does. */
typedef struct {
  ActivityCounts *b;
  guint cap;
  gint64 head, tail;
  gboolean used;
} ActivityLevel;

struct Activity {
  ActivityLevel lv[ACTIVITY_LEVELS];
  gboolean any;
  gint64 first_ns, last_ns;
};

int
activity_kind (const Event *ev)
{
  switch (ev->kind)
    {
    case EVENT_FORK:
      return ev->pid == ev->tgid ? ACTIVITY_START : -1;
    case EVENT_EXEC:
      return ACTIVITY_EXEC;
    case EVENT_EXIT:
      if (!event_ends_process (ev))
        return -1;
      return event_status_failed (ev->exit_code, (ev->flags & EVENT_F_STATUS_UNKNOWN) != 0)
             ? ACTIVITY_FAIL : ACTIVITY_EXIT;
    case EVENT_LOST:
      return ACTIVITY_LOST;
    default:
      return -1;
    }
}

guint64
activity_weight (const Event *ev)
{
  return ev->kind == EVENT_LOST ? ev->lost : 1;
}

void
activity_add_sat (guint32 *n, guint64 w)
{
  *n = w >= (guint64) (G_MAXUINT32 - *n) ? G_MAXUINT32 : *n + (guint32) w;
}

Activity *
activity_new (void)
{
  return g_new0 (Activity, 1);
}

void
activity_free (Activity *a)
{
  if (!a)
    return;
  for (guint l = 0; l < ACTIVITY_LEVELS; l++)
    g_free (a->lv[l].b);
  g_free (a);
}

/* A / B rounded down (B > 0). */
static gint64
activity_floordiv (gint64 a, gint64 b)
{
  gint64 q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* A / B rounded up (B > 0). */
static gint64
activity_ceildiv (gint64 a, gint64 b)
{
  gint64 q = a / b;
  return (a % b != 0 && a > 0) ? q + 1 : q;
}

/* Where bucket B of L lives. */
static inline ActivityCounts *
activity_at (const ActivityLevel *L, gint64 b)
{
  gint64 m = b % (gint64) L->cap;
  return &L->b[m < 0 ? m + L->cap : m];
}

/* Makes L hold buckets TAIL..HEAD (a span no longer than the level's),
 * keeping the counts of those it held, the others zero. */
static void
activity_relayout (ActivityLevel *L, guint len, gint64 tail, gint64 head)
{
  guint64 span = (guint64) (head - tail) + 1;
  guint cap = 16;

  while (cap < span && cap < len)
    cap *= 2;
  cap = MIN (cap, len);
  ActivityLevel n = { .b = g_new0 (ActivityCounts, cap), .cap = cap, .head = head,
                      .tail = tail, .used = TRUE };
  if (L->used)
    for (gint64 b = MAX (tail, L->tail); b <= MIN (head, L->head); b++)
      *activity_at (&n, b) = *activity_at (L, b);
  g_free (L->b);
  *L = n;
}

/* The bucket of L (of length LEN) for bucket number B, made room for;
 * NULL when B is older than L reaches. */
static ActivityCounts *
activity_bucket (ActivityLevel *L, guint len, gint64 b)
{
  if (!L->used)
    activity_relayout (L, len, b, b);
  else if (b > L->head)
    {
      gint64 tail = MAX (L->tail, b - (gint64) len + 1);
      if ((guint64) (b - tail) + 1 > L->cap)
        activity_relayout (L, len, tail, b);
      else
        {
          /* Buckets becoming valid are cleared: they may hold old counts. */
          if (b - L->head >= (gint64) L->cap)
            memset (L->b, 0, L->cap * sizeof *L->b);
          else
            for (gint64 k = L->head + 1; k <= b; k++)
              *activity_at (L, k) = (ActivityCounts) { { 0 } };
          L->head = b;
          L->tail = tail;
        }
    }
  else if (b < L->tail)
    {
      if (b <= L->head - (gint64) len)
        return NULL;
      if ((guint64) (L->head - b) + 1 > L->cap)
        activity_relayout (L, len, b, L->head);
      else
        {
          for (gint64 k = b; k < L->tail; k++)
            *activity_at (L, k) = (ActivityCounts) { { 0 } };
          L->tail = b;
        }
    }
  return activity_at (L, b);
}

void
activity_add (Activity *a, const Event *ev)
{
  int k = activity_kind (ev);
  guint64 w = activity_weight (ev);

  if (k < 0 || w == 0)
    return;
  for (guint l = 0; l < ACTIVITY_LEVELS; l++)
    {
      ActivityCounts *c = activity_bucket (&a->lv[l], activity_levels[l].len,
                                           activity_floordiv (ev->mono_ns,
                                                              activity_levels[l].res_ns));
      if (c)
        activity_add_sat (&c->n[k], w);
    }
  a->first_ns = a->any ? MIN (a->first_ns, ev->mono_ns) : ev->mono_ns;
  a->last_ns = a->any ? MAX (a->last_ns, ev->mono_ns) : ev->mono_ns;
  a->any = TRUE;
}

Activity *
activity_copy (const Activity *a)
{
  Activity *c = g_memdup2 (a, sizeof *a);

  for (guint l = 0; l < ACTIVITY_LEVELS; l++)
    c->lv[l].b = g_memdup2 (a->lv[l].b, a->lv[l].cap * sizeof *a->lv[l].b);
  return c;
}

void
activity_remove (Activity *a, const Event *ev)
{
  int k = activity_kind (ev);
  guint64 w = activity_weight (ev);

  if (k < 0 || w == 0)
    return;
  for (guint l = 0; l < ACTIVITY_LEVELS; l++)
    {
      ActivityLevel *L = &a->lv[l];
      gint64 b = activity_floordiv (ev->mono_ns, activity_levels[l].res_ns);
      if (!L->used || b < L->tail || b > L->head)
        continue;
      guint32 *n = &activity_at (L, b)->n[k];
      /* A saturated count stays so: how much of it was this is not known. */
      if (*n != G_MAXUINT32)
        *n = *n > w ? *n - (guint32) w : 0;
    }
}

/* Whether level L reaches back to time T (an empty level holds nothing
 * anywhere, so it reaches everything). */
static gboolean
activity_reaches (const Activity *a, guint l, gint64 t)
{
  const ActivityLevel *L = &a->lv[l];

  return !L->used || activity_floordiv (t, activity_levels[l].res_ns)
                     > L->head - (gint64) activity_levels[l].len;
}

/* The level a query from FROM_NS by WIDTH_NS reads (activity_query), or
 * -1 when none reaches FROM_NS. */
static int
activity_pick (const Activity *a, gint64 from_ns, gint64 width_ns)
{
  for (int l = ACTIVITY_LEVELS - 1; l >= 0; l--)
    {
      gint64 res = activity_levels[l].res_ns;
      if (width_ns % res == 0 && from_ns % res == 0 && activity_reaches (a, l, from_ns))
        return l;
    }
  for (int l = 0; l < ACTIVITY_LEVELS; l++)
    if (activity_levels[l].res_ns <= width_ns && activity_reaches (a, l, from_ns))
      return l;
  for (int l = 0; l < ACTIVITY_LEVELS; l++)
    if (activity_reaches (a, l, from_ns))
      return l;
  return -1;
}

gint64
activity_query (const Activity *a, gint64 from_ns, gint64 width_ns, guint n,
                ActivityCounts *out)
{
  int l = activity_pick (a, from_ns, width_ns);
  const ActivityLevel *L;
  gint64 res;

  memset (out, 0, n * sizeof *out);
  if (l < 0)
    return 0;
  L = &a->lv[l];
  res = activity_levels[l].res_ns;
  for (guint i = 0; L->used && i < n; i++)
    {
      gint64 s = event_ns_add (from_ns, i && width_ns > G_MAXINT64 / i ? G_MAXINT64
                                                                      : width_ns * i);
      gint64 e = event_ns_add (s, width_ns);
      gint64 b0 = MAX (activity_ceildiv (s, res), L->tail);
      gint64 b1 = MIN (activity_ceildiv (e, res) - 1, L->head);
      for (gint64 b = b0; b <= b1; b++)
        for (guint k = 0; k < ACTIVITY_KIND_MAX; k++)
          activity_add_sat (&out[i].n[k], activity_at (L, b)->n[k]);
    }
  return res;
}

gboolean
activity_span (const Activity *a, gint64 *first_ns, gint64 *last_ns)
{
  *first_ns = a->first_ns;
  *last_ns = a->last_ns;
  return a->any;
}

gint64
activity_level (guint l, gint64 *span_ns)
{
  *span_ns = activity_levels[l].res_ns * activity_levels[l].len;
  return activity_levels[l].res_ns;
}

gsize
activity_memory (const Activity *a)
{
  gsize n = sizeof *a;

  for (guint l = 0; l < ACTIVITY_LEVELS; l++)
    n += a->lv[l].cap * sizeof (ActivityCounts);
  return n;
}

/* --- counting what a filter picks ---------------------------------------- */

struct ActivityScan {
  History *s;
  const Filter *filter;
  guint show;
  Activity *counts;
  guint64 next;    /* the next seq to judge, 0 before the first step */
  guint64 from;
};

ActivityScan *
activity_scan_new (History *s, const Filter *filter, guint show)
{
  ActivityScan *sc = g_new0 (ActivityScan, 1);

  sc->s = s;
  sc->filter = filter;
  sc->show = show;
  sc->counts = activity_new ();
  return sc;
}

void
activity_scan_free (ActivityScan *sc)
{
  if (!sc)
    return;
  activity_free (sc->counts);
  g_free (sc);
}

/* Whether S counts anything at all. */
static gboolean
activity_summary_counts (const ChunkSummary *s)
{
  for (guint k = 0; k < ACTIVITY_KIND_MAX; k++)
    if (s->activity[k])
      return TRUE;
  return FALSE;
}

gboolean
activity_scan_step (ActivityScan *sc, const Proctab *pt, guint max, guint64 until)
{
  guint64 oldest = history_oldest (sc->s), newest = MIN (history_newest (sc->s), until);
  HistoryIter it;
  guint work = 0;

  if (!oldest)
    return TRUE;
  if (sc->next < oldest)
    {
      /* The first step, or the history let go of what was not judged yet. */
      if (!sc->from)
        sc->from = oldest;
      sc->next = oldest;
    }
  history_iter_init (&it, sc->s, 0);
  while (sc->next <= newest && work < max)
    {
      const ChunkSummary *sum;
      guint64 first, end;
      if (!history_summary (sc->s, sc->next, &sum, &first, &end))
        break;
      /* A chunk with nothing that counts is passed over unread, and so
       * is one that cannot be read. */
      const HistoryEntry *e = activity_summary_counts (sum) ? history_iter_seek (&it, sc->next) : NULL;
      if (!e)
        {
          sc->next = end;
          work++;
          continue;
        }
      for (; e && e->seq < end && work < max; e = history_iter_next (&it), work++)
        {
          if (activity_kind (&e->ev) >= 0 && history_entry_shown (sc->filter, e, pt, sc->show))
            activity_add (sc->counts, &e->ev);
          sc->next = e->seq + 1;
        }
    }
  history_iter_clear (&it);
  return sc->next > newest;
}

const Activity *
activity_scan_counts (const ActivityScan *sc)
{
  return sc->counts;
}

guint64
activity_scan_from (const ActivityScan *sc)
{
  return sc->from;
}
