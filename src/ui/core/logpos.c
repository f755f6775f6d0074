/* logpos.c - the log's judgements per chunk, its rows and folds per chunk,
 * and positions in them (see logpos.h). */
#include "logpos.h"

#include <string.h>

/* The judgements of one chunk of the history. */
typedef struct {
  guint64 first;       /* the chunk's first seq */
  guint32 judged;      /* entries judged, from the first on */
  guint32 shown;       /* of them, shown */
  guint8 *marks;       /* bit I: entry FIRST + I is shown; NULL when none
                          or every judged entry is */
} LogposChunk;

/* The rows of one chunk. */
struct LogposSegment {
  guint64 first;       /* the chunk's first seq */
  guint32 judged;      /* the judgements they were worked out from */
  GArray *rows;        /* row keys, ascending */
  GHashTable *folds;   /* line seq (guint64*) -> LogposFold*, two members
                          or more */
  guint16 *line_of;    /* entry I of the chunk, a member (not a line's
                          first): its line is entry line_of[I] - 1; 0: not
                          a member.  CHUNK_MAX_ENTRIES of them, or NULL
                          until there is one */
  guint64 recent[LOGPOS_FOLD_REACH];  /* the seqs of the last lines made,
                                         the newest at lines - 1 (modulo) */
  guint lines;         /* lines made */
};

/* Frees a fold. */
static void
logpos_fold_free (gpointer data)
{
  LogposFold *f = data;

  g_array_unref (f->members);
  g_free (f);
}

/* Frees a segment. */
static void
logpos_segment_free (gpointer data)
{
  LogposSegment *sg = data;

  g_array_unref (sg->rows);
  g_hash_table_unref (sg->folds);
  g_free (sg->line_of);
  g_free (sg);
}

/* A new guint64 key for the hash tables. */
static guint64 *
logpos_key (guint64 seq)
{
  return g_memdup2 (&seq, sizeof seq);
}

void
logpos_init (Logpos *lp, LogposShown shown, gpointer user)
{
  *lp = (Logpos) { .shown = shown, .user = user, .follow = TRUE };
  lp->chunks = g_array_new (FALSE, FALSE, sizeof (LogposChunk));
  lp->segments = g_ptr_array_new_with_free_func (logpos_segment_free);
  lp->unfolded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/* Frees the judgements of chunks [FROM, FROM + N) and takes them out. */
static void
logpos_drop (Logpos *lp, guint from, guint n)
{
  for (guint i = from; i < from + n; i++)
    g_free (g_array_index (lp->chunks, LogposChunk, i).marks);
  g_array_remove_range (lp->chunks, from, n);
}

void
logpos_clear (Logpos *lp)
{
  if (!lp->chunks)
    return;
  logpos_drop (lp, 0, lp->chunks->len);
  g_clear_pointer (&lp->chunks, g_array_unref);
  g_clear_pointer (&lp->segments, g_ptr_array_unref);
  g_clear_pointer (&lp->unfolded, g_hash_table_unref);
  history_iter_clear (&lp->it);
}

void
logpos_reset (Logpos *lp)
{
  logpos_drop (lp, 0, lp->chunks->len);
  g_ptr_array_set_size (lp->segments, 0);
  g_hash_table_remove_all (lp->unfolded);
}

const HistoryEntry *
logpos_entry (Logpos *lp, guint64 seq)
{
  return lp->h && seq ? history_iter_seek (&lp->it, seq) : NULL;
}

/* The index of the first chunk record whose first seq is SEQ or later. */
static guint
logpos_find (const Logpos *lp, guint64 seq)
{
  guint lo = 0, hi = lp->chunks->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (lp->chunks, LogposChunk, mid).first < seq)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The oldest seq held, or 0. */
static guint64
logpos_low (const Logpos *lp)
{
  return lp->h ? history_oldest (lp->h) : 0;
}

/* The newest seq shown may be. */
static guint64
logpos_high (const Logpos *lp)
{
  guint64 newest = lp->h ? history_newest (lp->h) : 0;

  return lp->limit ? MIN (lp->limit, newest) : newest;
}

void
logpos_update (Logpos *lp, History *h, guint64 limit)
{
  guint64 oldest;

  if (lp->h != h)
    {
      history_iter_clear (&lp->it);
      history_iter_init (&lp->it, h, 0);
    }
  lp->h = h;
  lp->limit = limit;
  lp->busy = FALSE;
  oldest = logpos_low (lp);
  logpos_drop (lp, 0, logpos_find (lp, oldest));
  for (guint i = lp->segments->len; i-- > 0;)
    if (((LogposSegment *) lp->segments->pdata[i])->first < oldest)
      g_ptr_array_remove_index (lp->segments, i);
  if (!oldest)
    return;
  if (!lp->follow && lp->sel && LOGPOS_SEQ (lp->sel) < oldest)
    {
      lp->gone = LOGPOS_SEQ (lp->sel);
      lp->sel = LOGPOS_LINE (oldest);
    }
  if (lp->top && LOGPOS_SEQ (lp->top) < oldest)
    lp->top = LOGPOS_LINE (oldest);
}

/* Notes that entry I of C is shown (SHOWN) or not. */
static void
logpos_mark (LogposChunk *c, guint32 i, gboolean shown)
{
  gboolean alike = shown ? c->shown == c->judged : c->shown == 0;

  if (!c->marks && !alike)
    {
      /* Mixed from now on: a bit per entry, those so far all alike. */
      c->marks = g_malloc0 (LOGPOS_CHUNK_BYTES);
      if (c->shown)
        memset (c->marks, 0xff, LOGPOS_CHUNK_BYTES);
    }
  if (c->marks && i / 8 < LOGPOS_CHUNK_BYTES)
    {
      if (shown)
        c->marks[i / 8] |= (guint8) (1u << (i % 8));
      else
        c->marks[i / 8] &= (guint8) ~(1u << (i % 8));
    }
  c->shown += shown;
  c->judged = i + 1;
}

/* Whether entry I (judged) of C is shown. */
static inline gboolean
logpos_is_shown (const LogposChunk *c, guint32 i)
{
  if (!c->marks)
    return c->shown != 0;
  return i / 8 < LOGPOS_CHUNK_BYTES && (c->marks[i / 8] >> (i % 8)) & 1;
}

/* Judges the entries of chunk C (its seqs [C->first, END)) not judged
 * yet, within the call's budget; what cannot be read is not shown.
 * FALSE when the budget ran out first. */
static gboolean
logpos_judge (Logpos *lp, LogposChunk *c, guint64 end)
{
  const HistoryEntry *e;
  guint64 seq = c->first + c->judged;

  if (seq >= end)
    return TRUE;
  e = history_iter_seek (&lp->it, seq);
  for (; seq < end && lp->budget > 0; seq++, lp->budget--)
    {
      if (e && e->seq == seq)
        {
          logpos_mark (c, (guint32) (seq - c->first),
                       e->ev.kind != EVENT_SNAPSHOT && lp->shown (e, lp->user));
          e = history_iter_next (&lp->it);
        }
      else
        logpos_mark (c, (guint32) (seq - c->first), FALSE);  /* unreadable */
    }
  if (seq < end)
    lp->busy = TRUE;
  return seq >= end;
}

/* The judgements of the chunk holding SEQ (held), made whole up to the
 * history's newest, and its span [*FIRST, *END); NULL when the budget ran
 * out first. */
static LogposChunk *
logpos_chunk (Logpos *lp, guint64 seq, guint64 *first, guint64 *end)
{
  const ChunkSummary *sum;
  guint i;

  if (!history_summary (lp->h, seq, &sum, first, end))
    return NULL;
  i = logpos_find (lp, *first);
  if (i == lp->chunks->len || g_array_index (lp->chunks, LogposChunk, i).first != *first)
    {
      LogposChunk fresh = { .first = *first };
      g_array_insert_val (lp->chunks, i, fresh);
    }
  LogposChunk *c = &g_array_index (lp->chunks, LogposChunk, i);
  return logpos_judge (lp, c, *end) ? c : NULL;
}

/* Starts a call: a fresh budget. */
static void
logpos_begin (Logpos *lp)
{
  lp->budget = LOGPOS_JUDGE;
}

/* logpos_next, within the call's budget. */
static guint64
logpos_walk (Logpos *lp, guint64 seq, int dir)
{
  guint64 low = logpos_low (lp), high = logpos_high (lp);
  guint64 s = dir > 0 ? seq + 1 : seq - 1;

  if (!low || (seq == 0 && dir < 0))
    return 0;
  if (dir < 0 && s > high)
    s = high;
  if (dir > 0 && s < low)
    s = low;
  while (s >= low && s <= high && s > 0)
    {
      guint64 first, end;
      LogposChunk *c = logpos_chunk (lp, s, &first, &end);
      if (!c)
        return 0;
      if (c->shown)
        for (guint64 k = s; k >= MAX (first, low) && k < end && k <= high; k += dir)
          if (logpos_is_shown (c, (guint32) (k - first)))
            return k;
      s = dir > 0 ? end : first - 1;
    }
  return 0;
}

guint64
logpos_next (Logpos *lp, guint64 seq, int dir)
{
  logpos_begin (lp);
  return logpos_walk (lp, seq, dir);
}

/* --- folds and rows ------------------------------------------------------- */

/* Whether the string vectors A and B (NULL-ended, or NULL) hold the same
 * strings. */
static gboolean
logpos_same_strv (char **a, char **b)
{
  if (!a || !b)
    return a == b;
  for (; *a && *b; a++, b++)
    if (strcmp (*a, *b) != 0)
      return FALSE;
  return !*a && !*b;
}

/* Whether entry E's line would say what entry L's does, so that E joins
 * L's line: the same kind, parent, thread or not, name, entry into a pid
 * namespace or not, container where the events say it, and but for forks
 * and ends (whose statuses the fold counts) what it adds: an exec's
 * command line, the new ids, the tracer, the new name.  A loss, or an
 * event whose parent is not known, joins nothing. */
static gboolean
logpos_same_line (const HistoryEntry *l, const HistoryEntry *e)
{
  const Event *a = &l->ev, *b = &e->ev;

  if (a->kind != b->kind || b->kind == EVENT_LOST || e->ppid <= 0 || l->ppid != e->ppid
      || (a->pid != a->tgid) != (b->pid != b->tgid) || g_strcmp0 (l->comm, e->comm) != 0
      || (a->flags & EVENT_F_NS_ENTRY) != (b->flags & EVENT_F_NS_ENTRY)
      || where_container (a->where) != where_container (b->where))
    return FALSE;
  switch (b->kind)
    {
    case EVENT_EXEC:
      return (a->flags & EVENT_F_EXEC_THREAD) == (b->flags & EVENT_F_EXEC_THREAD)
             && g_strcmp0 (a->exe, b->exe) == 0 && logpos_same_strv (a->argv, b->argv);
    case EVENT_UID:
      return a->ruid == b->ruid && a->euid == b->euid;
    case EVENT_GID:
      return a->rgid == b->rgid && a->egid == b->egid;
    case EVENT_SID:
      return a->sid == b->sid;
    case EVENT_PTRACE:
      return a->tracer_pid == b->tracer_pid && a->tracer_tgid == b->tracer_tgid;
    case EVENT_COMM:
      return g_strcmp0 (a->comm, b->comm) == 0;
    default:
      return TRUE;
    }
}

/* Counts entry E into SUM: an end's status and lifetime too. */
static void
logpos_fold_add (RowsFold *sum, const HistoryEntry *e)
{
  gboolean unknown = (e->ev.flags & EVENT_F_STATUS_UNKNOWN) != 0;

  if (e->ev.kind != EVENT_EXIT)
    {
      sum->count++;
      return;
    }
  ProcAcct subject_acct;
  Proc subject = history_subject (e, &subject_acct);
  rows_fold_count (sum, e->ev.exit_code, unknown, event_status_failed (e->ev.exit_code, unknown),
                   proctab_event_lifetime (&e->ev, &subject), e->ev.cost);
}

/* Works out the rows of the entries of chunk C that SG has not seen
 * (from SG->judged up to C's judgements, below END): each shown entry
 * joins the newest of the chunk's last LOGPOS_FOLD_REACH lines that says
 * what it says, else starts a line; a member of an unfolded fold gets a
 * row of its own.  The new rows are the newest: they go last.  The
 * chunk's entries stay decoded while the iterator is in it, so the lines'
 * entries are at hand. */
static void
logpos_segment_extend (Logpos *lp, LogposSegment *sg, const LogposChunk *c, guint64 end)
{
  const HistoryEntry *recent_e[LOGPOS_FOLD_REACH] = { NULL };

  for (guint k = 1; k <= MIN (sg->lines, LOGPOS_FOLD_REACH); k++)
    recent_e[(sg->lines - k) % LOGPOS_FOLD_REACH]
      = history_iter_seek (&lp->it, sg->recent[(sg->lines - k) % LOGPOS_FOLD_REACH]);
  for (guint64 seq = c->first + sg->judged; seq < end && seq < c->first + c->judged; seq++)
    {
      if (!logpos_is_shown (c, (guint32) (seq - c->first)))
        continue;
      const HistoryEntry *e = history_iter_seek (&lp->it, seq);
      if (!e)
        continue;
      guint k;
      for (k = 1; k <= MIN (sg->lines, LOGPOS_FOLD_REACH); k++)
        {
          const HistoryEntry *l = recent_e[(sg->lines - k) % LOGPOS_FOLD_REACH];
          if (l && logpos_same_line (l, e))
            break;
        }
      if (k > MIN (sg->lines, LOGPOS_FOLD_REACH))
        {
          guint64 row = LOGPOS_LINE (seq);
          g_array_append_val (sg->rows, row);
          sg->recent[sg->lines % LOGPOS_FOLD_REACH] = seq;
          recent_e[sg->lines % LOGPOS_FOLD_REACH] = e;
          sg->lines++;
          continue;
        }
      guint64 line = sg->recent[(sg->lines - k) % LOGPOS_FOLD_REACH];
      LogposFold *f = g_hash_table_lookup (sg->folds, &line);
      if (!f)
        {
          const HistoryEntry *l = recent_e[(sg->lines - k) % LOGPOS_FOLD_REACH];
          f = g_new0 (LogposFold, 1);
          f->members = g_array_new (FALSE, FALSE, sizeof (guint64));
          f->sum = (RowsFold) { .min_life = -1, .max_life = -1 };
          f->first_wall = l->ev.wall_ns;
          f->unfolded = g_hash_table_contains (lp->unfolded, &line);
          logpos_fold_add (&f->sum, l);
          g_array_append_val (f->members, line);
          g_hash_table_insert (sg->folds, logpos_key (line), f);
          if (f->unfolded)
            {
              /* Its line's own row, right after the line. */
              guint64 row = LOGPOS_MEMBER (line);
              guint at = sg->rows->len;
              while (at > 0 && g_array_index (sg->rows, guint64, at - 1) > row)
                at--;
              g_array_insert_val (sg->rows, at, row);
            }
        }
      logpos_fold_add (&f->sum, e);
      f->last_wall = e->ev.wall_ns;
      g_array_append_val (f->members, seq);
      if (!sg->line_of)
        sg->line_of = g_new0 (guint16, CHUNK_MAX_ENTRIES);
      if (seq - sg->first < CHUNK_MAX_ENTRIES)
        sg->line_of[seq - sg->first] = (guint16) (line - sg->first + 1);
      if (f->unfolded)
        {
          guint64 row = LOGPOS_MEMBER (seq);
          g_array_append_val (sg->rows, row);
        }
    }
  sg->judged = c->judged;
}

/* New rows for chunk C, worked out (logpos_segment_extend). */
static LogposSegment *
logpos_segment_build (Logpos *lp, const LogposChunk *c, guint64 end)
{
  LogposSegment *sg = g_new0 (LogposSegment, 1);

  sg->first = c->first;
  sg->rows = g_array_new (FALSE, FALSE, sizeof (guint64));
  sg->folds = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, logpos_fold_free);
  logpos_segment_extend (lp, sg, c, end);
  return sg;
}

/* The rows of the chunk holding SEQ (held; judged whole), worked out
 * anew when its judgements grew, kept among the LOGPOS_SEGMENTS last
 * reached; NULL when the budget ran out judging it. */
static LogposSegment *
logpos_segment (Logpos *lp, guint64 seq)
{
  guint64 first, end;
  LogposChunk *c = logpos_chunk (lp, seq, &first, &end);
  LogposSegment *sg = NULL;

  if (!c)
    return NULL;
  for (guint i = lp->segments->len; i-- > 0;)
    {
      LogposSegment *s = lp->segments->pdata[i];
      if (s->first != first)
        continue;
      /* The most recently reached goes last; new entries of the chunk
       * being written join it. */
      sg = g_ptr_array_steal_index (lp->segments, i);
      g_ptr_array_add (lp->segments, sg);
      if (sg->judged < c->judged)
        logpos_segment_extend (lp, sg, c, end);
      return sg;
    }
  sg = logpos_segment_build (lp, c, end);
  g_ptr_array_add (lp->segments, sg);
  while (lp->segments->len > LOGPOS_SEGMENTS)
    g_ptr_array_remove_index (lp->segments, 0);
  return sg;
}

/* Row walks, within the call's budget: the first row after KEY (DIR 1)
 * or the last before it (DIR -1) whose event is held and up to the
 * limit; 0 when there is none. */
static guint64
logpos_row_walk (Logpos *lp, guint64 key, int dir)
{
  guint64 low = logpos_low (lp), high = logpos_high (lp);
  guint64 s = LOGPOS_SEQ (key);

  if (!low)
    return 0;
  s = CLAMP (s, low, high);
  while (s >= low && s <= high && s > 0)
    {
      guint64 first, end;
      LogposChunk *c = logpos_chunk (lp, s, &first, &end);
      if (!c)
        return 0;
      if (c->shown)
        {
          LogposSegment *sg = logpos_segment (lp, s);
          if (!sg)
            return 0;
          /* The first row after KEY, then the one before it. */
          GArray *rows = sg->rows;
          guint lo = 0, hi = rows->len;
          while (lo < hi)
            {
              guint mid = lo + (hi - lo) / 2;
              if (g_array_index (rows, guint64, mid) <= key)
                lo = mid + 1;
              else
                hi = mid;
            }
          if (dir < 0)
            while (lo > 0 && g_array_index (rows, guint64, lo - 1) >= key)
              lo--;
          for (gint64 i = dir > 0 ? (gint64) lo : (gint64) lo - 1; i >= 0 && i < (gint64) rows->len;
               i += dir)
            {
              guint64 r = g_array_index (rows, guint64, i);
              if (LOGPOS_SEQ (r) >= low && LOGPOS_SEQ (r) <= high)
                return r;
            }
        }
      s = dir > 0 ? end : first - 1;
    }
  return 0;
}

guint64
logpos_row_next (Logpos *lp, guint64 key, int dir)
{
  logpos_begin (lp);
  return logpos_row_walk (lp, key, dir);
}

guint64
logpos_newest (Logpos *lp)
{
  logpos_begin (lp);
  return logpos_row_walk (lp, G_MAXUINT64, -1);
}

guint64
logpos_oldest (Logpos *lp)
{
  logpos_begin (lp);
  return logpos_row_walk (lp, 0, 1);
}

/* logpos_step, within the call's budget. */
static guint64
logpos_move (Logpos *lp, guint64 key, gint n)
{
  guint64 at = logpos_row_walk (lp, key ? key - 1 : 0, 1);

  if (!at)
    at = logpos_row_walk (lp, key, -1);
  for (; at && n != 0; n += n < 0 ? 1 : -1)
    {
      guint64 next = logpos_row_walk (lp, at, n < 0 ? -1 : 1);
      if (!next)
        break;
      at = next;
    }
  return at;
}

guint64
logpos_step (Logpos *lp, guint64 key, gint n)
{
  logpos_begin (lp);
  return logpos_move (lp, key, n);
}

guint64
logpos_top (Logpos *lp, guint64 top, guint64 sel, gint lines, gboolean follow)
{
  guint64 last_top;

  logpos_begin (lp);
  lines = MAX (lines, 1);
  if (follow || logpos_move (lp, top, 0) != top || top > sel)
    top = logpos_move (lp, sel, follow ? -(lines - 1) : 0);
  if (logpos_move (lp, top, lines - 1) < sel)
    top = logpos_move (lp, sel, -(lines - 1));
  last_top = logpos_move (lp, logpos_row_walk (lp, G_MAXUINT64, -1), -(lines - 1));
  return MIN (top, last_top);
}

guint64
logpos_selected (Logpos *lp)
{
  if (lp->follow)
    return logpos_newest (lp);
  return logpos_step (lp, lp->sel, 0);
}

const LogposFold *
logpos_fold (Logpos *lp, guint64 key)
{
  guint64 seq = LOGPOS_SEQ (key);
  LogposSegment *sg;

  if (!key || LOGPOS_IS_MEMBER (key) || !lp->h || seq < logpos_low (lp) || seq > history_newest (lp->h))
    return NULL;
  logpos_begin (lp);
  sg = logpos_segment (lp, seq);
  return sg ? g_hash_table_lookup (sg->folds, &seq) : NULL;
}

guint64
logpos_selected_event (Logpos *lp)
{
  guint64 key = logpos_selected (lp), high = logpos_high (lp);
  const LogposFold *f = logpos_fold (lp, key);

  if (!f)
    return LOGPOS_SEQ (key);
  for (guint i = f->members->len; i-- > 0;)
    if (g_array_index (f->members, guint64, i) <= high)
      return g_array_index (f->members, guint64, i);
  return LOGPOS_SEQ (key);
}

/* The seq of the line that member SEQ of its chunk's rows SG joined, or
 * 0 (a line's own event, or not shown). */
static guint64
logpos_line_of (const LogposSegment *sg, guint64 seq)
{
  guint64 i = seq - sg->first;

  if (!sg->line_of || seq < sg->first || i >= CHUNK_MAX_ENTRIES || !sg->line_of[i])
    return 0;
  return sg->first + sg->line_of[i] - 1;
}

guint64
logpos_row_of (Logpos *lp, guint64 seq)
{
  LogposSegment *sg;
  guint64 line;

  if (!lp->h || seq < logpos_low (lp) || seq > history_newest (lp->h))
    return LOGPOS_LINE (seq);
  logpos_begin (lp);
  sg = logpos_segment (lp, seq);
  if (!sg)
    return LOGPOS_LINE (seq);
  line = logpos_line_of (sg, seq);
  if (!line)
    {
      const LogposFold *f = g_hash_table_lookup (sg->folds, &seq);
      return f && f->unfolded ? LOGPOS_MEMBER (seq) : LOGPOS_LINE (seq);
    }
  return g_hash_table_contains (lp->unfolded, &line) ? LOGPOS_MEMBER (seq) : LOGPOS_LINE (line);
}

void
logpos_select_row (Logpos *lp, guint64 key)
{
  lp->sel = key;
  lp->follow = FALSE;
}

void
logpos_select (Logpos *lp, guint64 seq)
{
  logpos_select_row (lp, logpos_row_of (lp, seq));
}

guint64
logpos_fold_line (Logpos *lp, guint64 key)
{
  guint64 seq = LOGPOS_SEQ (key), line;
  LogposSegment *sg;

  if (!key || !lp->h || seq < logpos_low (lp) || seq > history_newest (lp->h))
    return 0;
  logpos_begin (lp);
  sg = logpos_segment (lp, seq);
  if (!sg)
    return 0;
  if (g_hash_table_contains (sg->folds, &seq))
    return LOGPOS_LINE (seq);
  line = LOGPOS_IS_MEMBER (key) ? logpos_line_of (sg, seq) : 0;
  return line ? LOGPOS_LINE (line) : 0;
}

gboolean
logpos_unfold (Logpos *lp, guint64 key, gboolean open)
{
  guint64 seq = LOGPOS_SEQ (key);
  const LogposFold *f = logpos_fold (lp, key);

  if (!f || f->unfolded == open)
    return FALSE;
  if (open)
    g_hash_table_add (lp->unfolded, logpos_key (seq));
  else
    g_hash_table_remove (lp->unfolded, &seq);
  /* Its chunk's rows are worked out again. */
  for (guint i = 0; i < lp->segments->len; i++)
    {
      LogposSegment *sg = lp->segments->pdata[i];
      if (sg->first <= seq && g_hash_table_contains (sg->folds, &seq))
        {
          g_ptr_array_remove_index (lp->segments, i);
          break;
        }
    }
  return TRUE;
}

const HistoryEntry *
logpos_fold_at (Logpos *lp, const LogposFold *f, guint64 until, RowsFold *sum,
                gint64 *first_wall, gint64 *last_wall)
{
  const HistoryEntry *last = NULL;
  guint64 newest = g_array_index (f->members, guint64, f->members->len - 1);

  if (!until || newest <= until)
    {
      *sum = f->sum;
      *first_wall = f->first_wall;
      *last_wall = f->last_wall;
      return logpos_entry (lp, newest);
    }
  *sum = (RowsFold) { .min_life = -1, .max_life = -1 };
  for (guint i = 0; i < f->members->len; i++)
    {
      guint64 seq = g_array_index (f->members, guint64, i);
      const HistoryEntry *e = logpos_entry (lp, seq);
      /* None had come: the first, as the line stands (after the cursor). */
      if (!e || (seq > until && last))
        continue;
      if (!last)
        *first_wall = e->ev.wall_ns;
      last = e;
      *last_wall = e->ev.wall_ns;
      logpos_fold_add (sum, e);
    }
  return last;
}

gboolean
logpos_busy (const Logpos *lp)
{
  return lp->busy;
}

gsize
logpos_memory (const Logpos *lp)
{
  gsize n = lp->chunks->len * sizeof (LogposChunk);

  for (guint i = 0; i < lp->chunks->len; i++)
    if (g_array_index (lp->chunks, LogposChunk, i).marks)
      n += LOGPOS_CHUNK_BYTES;
  for (guint i = 0; i < lp->segments->len; i++)
    {
      const LogposSegment *sg = lp->segments->pdata[i];
      n += sizeof *sg + sg->rows->len * sizeof (guint64)
           + (sg->line_of ? CHUNK_MAX_ENTRIES * sizeof (guint16) : 0)
           + g_hash_table_size (sg->folds) * (sizeof (LogposFold) + 2 * sizeof (guint64));
    }
  return n;
}
