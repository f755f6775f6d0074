/* logpos.c - the log's index of shown entries and positions in it (see
 * logpos.h). */
#include "logpos.h"

#include <string.h>

void
logpos_index_init (LogposIndex *ix)
{
  ix->seqs = g_array_new (FALSE, FALSE, sizeof (guint64));
  ix->next = 0;
  ix->from = 0;
}

void
logpos_index_clear (LogposIndex *ix)
{
  g_clear_pointer (&ix->seqs, g_array_unref);
}

void
logpos_index_reset (LogposIndex *ix)
{
  g_array_set_size (ix->seqs, 0);
  ix->next = 0;
  ix->from = 0;
}

guint
logpos_rank (const LogposIndex *ix, guint64 seq)
{
  guint lo = 0, hi = ix->seqs->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (ix->seqs, guint64, mid) < seq)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

void
logpos_index_update (LogposIndex *ix, const History *h, LogposShown shown,
                     gpointer user)
{
  const HistoryEntry *first = history_get (h, 0);
  guint len = history_len (h);

  if (!first)
    return;
  /* A history that restarted (a replay moved back) is judged anew. */
  if (first->seq < ix->from || history_get (h, len - 1)->seq + 1 < ix->next)
    logpos_index_reset (ix);
  ix->from = first->seq;
  g_array_remove_range (ix->seqs, 0, logpos_rank (ix, first->seq));
  for (guint i = ix->next > first->seq ? (guint) MIN (ix->next - first->seq, len) : 0;
       i < len; i++)
    {
      const HistoryEntry *e = history_get (h, i);
      if (e->ev.kind != EVENT_SNAPSHOT && shown (e, user))
        g_array_append_val (ix->seqs, e->seq);
    }
  ix->next = history_get (h, len - 1)->seq + 1;
}

const HistoryEntry *
logpos_entry (const History *h, guint64 seq)
{
  const HistoryEntry *first = history_get (h, 0);

  if (!first || seq < first->seq)
    return NULL;
  return history_get (h, seq - first->seq);
}

guint
logpos_count (const LogposIndex *ix)
{
  return ix->seqs->len;
}

guint64
logpos_nth (const LogposIndex *ix, guint i)
{
  return i < ix->seqs->len ? g_array_index (ix->seqs, guint64, i) : 0;
}

guint64
logpos_newest (const LogposIndex *ix)
{
  return ix->seqs->len ? g_array_index (ix->seqs, guint64, ix->seqs->len - 1) : 0;
}

guint64
logpos_step (const LogposIndex *ix, guint64 seq, gint n)
{
  gint64 len = ix->seqs->len, i;

  if (len == 0)
    return 0;
  i = MIN ((gint64) logpos_rank (ix, seq), len - 1);
  i = CLAMP (i + n, 0, len - 1);
  return g_array_index (ix->seqs, guint64, i);
}

guint64
logpos_top (const LogposIndex *ix, guint64 top, guint64 sel, gint lines,
            gboolean follow)
{
  guint64 last_top;

  lines = MAX (lines, 1);
  if (follow || logpos_step (ix, top, 0) != top || top > sel)
    top = logpos_step (ix, sel, follow ? -(lines - 1) : 0);
  if (logpos_step (ix, top, lines - 1) < sel)
    top = logpos_step (ix, sel, -(lines - 1));
  last_top = logpos_step (ix, logpos_newest (ix), -(lines - 1));
  return MIN (top, last_top);
}

/* A member of a fold but its first, and its fold's line. */
typedef struct {
  guint64 seq;
  guint64 line;
} LogposMember;

struct LogposFolds {
  GHashTable *folds;   /* line seq (guint64*) -> LogposFold*, two members
                          or more */
  GArray *member_of;   /* LogposMember of every member but the first,
                          ascending (members join as the newest) */
  guint64 recent[LOGPOS_FOLD_REACH];  /* the seqs of the last lines made,
                                         the newest at lines - 1 (modulo) */
  guint64 lines;       /* lines made since the folds began */
  guint64 next;        /* the first seq not put in a row yet */
};

/* Frees a fold. */
static void
logpos_fold_free (gpointer data)
{
  LogposFold *f = data;

  g_array_unref (f->members);
  g_free (f);
}

/* A new guint64 key for the hash tables. */
static guint64 *
logpos_key (guint64 seq)
{
  return g_memdup2 (&seq, sizeof seq);
}

/* Forgets every fold and row of LP. */
static void
logpos_folds_reset (Logpos *lp)
{
  LogposFolds *fs = lp->folds;

  g_hash_table_remove_all (fs->folds);
  g_array_set_size (fs->member_of, 0);
  fs->lines = 0;
  fs->next = 0;
  logpos_index_reset (&lp->rows);
}

void
logpos_init (Logpos *lp, LogposShown shown, gpointer user)
{
  *lp = (Logpos) { .shown = shown, .user = user, .follow = TRUE };
  logpos_index_init (&lp->ix);
  logpos_index_init (&lp->rows);
  lp->folds = g_new0 (LogposFolds, 1);
  lp->folds->folds = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                            logpos_fold_free);
  lp->folds->member_of = g_array_new (FALSE, FALSE, sizeof (LogposMember));
}

void
logpos_clear (Logpos *lp)
{
  logpos_index_clear (&lp->ix);
  logpos_index_clear (&lp->rows);
  if (lp->folds)
    {
      g_hash_table_unref (lp->folds->folds);
      g_array_unref (lp->folds->member_of);
      g_clear_pointer (&lp->folds, g_free);
    }
}

void
logpos_reset (Logpos *lp)
{
  logpos_index_reset (&lp->ix);
  logpos_folds_reset (lp);
}

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
  Proc subject = history_subject (e);
  rows_fold_count (sum, e->ev.exit_code, unknown, event_status_failed (e->ev.exit_code, unknown),
                   proctab_event_lifetime (&e->ev, &subject), e->ev.cost);
}

const HistoryEntry *
logpos_fold_at (const History *h, const LogposFold *f, guint64 until, RowsFold *sum,
                gint64 *first_wall, gint64 *last_wall)
{
  const HistoryEntry *last = NULL;

  if (!until || g_array_index (f->members, guint64, f->members->len - 1) <= until)
    {
      *sum = f->sum;
      *first_wall = f->first_wall;
      *last_wall = f->last_wall;
      return logpos_entry (h, g_array_index (f->members, guint64, f->members->len - 1));
    }
  *sum = (RowsFold) { .min_life = -1, .max_life = -1 };
  for (guint i = 0; i < f->members->len; i++)
    {
      guint64 seq = g_array_index (f->members, guint64, i);
      const HistoryEntry *e = logpos_entry (h, seq);
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

/* Puts shown entry E of H in a row: it joins the newest of the last
 * LOGPOS_FOLD_REACH lines that says what it says, else it starts a line
 * of its own. */
static void
logpos_fold_in (Logpos *lp, const History *h, const HistoryEntry *e)
{
  LogposFolds *fs = lp->folds;
  guint64 row;

  for (guint64 k = 1; k <= MIN (fs->lines, LOGPOS_FOLD_REACH); k++)
    {
      guint64 line = fs->recent[(fs->lines - k) % LOGPOS_FOLD_REACH];
      const HistoryEntry *l = logpos_entry (h, line);
      if (!l || !logpos_same_line (l, e))
        continue;
      LogposFold *f = g_hash_table_lookup (fs->folds, &line);
      if (!f)
        {
          f = g_new0 (LogposFold, 1);
          f->members = g_array_new (FALSE, FALSE, sizeof (guint64));
          f->sum = (RowsFold) { .min_life = -1, .max_life = -1 };
          f->first_wall = l->ev.wall_ns;
          logpos_fold_add (&f->sum, l);
          g_array_append_val (f->members, line);
          g_hash_table_insert (fs->folds, logpos_key (line), f);
        }
      logpos_fold_add (&f->sum, e);
      f->last_wall = e->ev.wall_ns;
      g_array_append_val (f->members, e->seq);
      LogposMember m = { .seq = e->seq, .line = line };
      g_array_append_val (fs->member_of, m);
      if (!f->unfolded)
        return;
      /* The newest: its row goes at the end. */
      row = LOGPOS_MEMBER (e->seq);
      g_array_append_val (lp->rows.seqs, row);
      return;
    }
  row = LOGPOS_LINE (e->seq);
  g_array_append_val (lp->rows.seqs, row);
  fs->recent[fs->lines % LOGPOS_FOLD_REACH] = e->seq;
  fs->lines++;
}

/* The index in FS's members of the first at or after SEQ. */
static guint
logpos_member_rank (const LogposFolds *fs, guint64 seq)
{
  guint lo = 0, hi = fs->member_of->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (fs->member_of, LogposMember, mid).seq < seq)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The seq of the line of member SEQ (not its fold's first), or 0. */
static guint64
logpos_member_line (const LogposFolds *fs, guint64 seq)
{
  guint i = logpos_member_rank (fs, seq);

  if (i < fs->member_of->len && g_array_index (fs->member_of, LogposMember, i).seq == seq)
    return g_array_index (fs->member_of, LogposMember, i).line;
  return 0;
}

/* Drops what fell out of the ring, whose oldest entry is FIRST: members
 * and rows before it; a fold's line stays while members of it are held
 * (and still counts those it let go). */
static void
logpos_folds_drop (Logpos *lp, guint64 first)
{
  LogposFolds *fs = lp->folds;
  GArray *rows = lp->rows.seqs;
  guint n = logpos_rank (&lp->rows, LOGPOS_LINE (first)), kept = 0;

  for (guint i = 0; i < n; i++)
    {
      guint64 key = g_array_index (rows, guint64, i), seq = LOGPOS_SEQ (key);
      LogposFold *f = LOGPOS_IS_MEMBER (key) ? NULL : g_hash_table_lookup (fs->folds, &seq);
      if (!f)
        continue;
      guint gone = 0;
      while (gone < f->members->len && g_array_index (f->members, guint64, gone) < first)
        gone++;
      g_array_remove_range (f->members, 0, gone);
      if (f->members->len)
        g_array_index (rows, guint64, kept++) = key;
      else
        g_hash_table_remove (fs->folds, &seq);
    }
  g_array_remove_range (rows, kept, n - kept);
  g_array_remove_range (fs->member_of, 0, logpos_member_rank (fs, first));
}

void
logpos_update (Logpos *lp, const History *h)
{
  const HistoryEntry *first = history_get (h, 0);
  guint64 from = lp->ix.from;

  if (!first)
    return;
  logpos_index_update (&lp->ix, h, lp->shown, lp->user);
  /* Judged anew (a history that restarted): folded anew. */
  if (lp->folds->next > lp->ix.next || lp->ix.from < from)
    logpos_folds_reset (lp);
  logpos_folds_drop (lp, first->seq);
  for (guint i = logpos_rank (&lp->ix, lp->folds->next); i < lp->ix.seqs->len; i++)
    {
      const HistoryEntry *e = logpos_entry (h, g_array_index (lp->ix.seqs, guint64, i));
      if (e)
        logpos_fold_in (lp, h, e);
    }
  lp->folds->next = lp->ix.next;
}

guint64
logpos_row_of (const Logpos *lp, guint64 seq)
{
  guint64 line = logpos_member_line (lp->folds, seq);
  const LogposFold *f;

  if (!line)
    {
      f = g_hash_table_lookup (lp->folds->folds, &seq);
      return f && f->unfolded ? LOGPOS_MEMBER (seq) : LOGPOS_LINE (seq);
    }
  f = g_hash_table_lookup (lp->folds->folds, &line);
  return f && f->unfolded ? LOGPOS_MEMBER (seq) : LOGPOS_LINE (line);
}

guint64
logpos_selected (const Logpos *lp)
{
  if (lp->follow)
    return logpos_newest (&lp->rows);
  return logpos_step (&lp->rows, lp->sel, 0);
}

guint64
logpos_selected_event (const Logpos *lp)
{
  guint64 key = logpos_selected (lp);
  const LogposFold *f = logpos_fold (lp, key);

  return f ? g_array_index (f->members, guint64, f->members->len - 1) : LOGPOS_SEQ (key);
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

const LogposFold *
logpos_fold (const Logpos *lp, guint64 key)
{
  guint64 seq = LOGPOS_SEQ (key);

  return key && !LOGPOS_IS_MEMBER (key) ? g_hash_table_lookup (lp->folds->folds, &seq) : NULL;
}

guint64
logpos_fold_line (const Logpos *lp, guint64 key)
{
  guint64 seq = LOGPOS_SEQ (key), line;

  if (!key)
    return 0;
  if (g_hash_table_contains (lp->folds->folds, &seq))
    return LOGPOS_LINE (seq);
  line = LOGPOS_IS_MEMBER (key) ? logpos_member_line (lp->folds, seq) : 0;
  return line ? LOGPOS_LINE (line) : 0;
}

/* GCompareFunc of guint64s. */
static gint
logpos_cmp (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return (x > y) - (x < y);
}

gboolean
logpos_unfold (Logpos *lp, guint64 key, gboolean open)
{
  guint64 seq = LOGPOS_SEQ (key);
  LogposFold *f = LOGPOS_IS_MEMBER (key) ? NULL : g_hash_table_lookup (lp->folds->folds, &seq);
  GArray *rows = lp->rows.seqs;

  if (!f || f->unfolded == open)
    return FALSE;
  f->unfolded = open;
  if (open)
    {
      for (guint i = 0; i < f->members->len; i++)
        {
          guint64 row = LOGPOS_MEMBER (g_array_index (f->members, guint64, i));
          g_array_append_val (rows, row);
        }
      g_array_sort (rows, logpos_cmp);
      return TRUE;
    }
  /* Its members' rows go, the others stay in order. */
  guint kept = 0;
  for (guint i = 0; i < rows->len; i++)
    {
      guint64 row = g_array_index (rows, guint64, i);
      if (LOGPOS_IS_MEMBER (row) && logpos_fold_line (lp, row) == key)
        continue;
      g_array_index (rows, guint64, kept++) = row;
    }
  g_array_set_size (rows, kept);
  return TRUE;
}
