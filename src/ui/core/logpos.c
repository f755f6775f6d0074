/* logpos.c - the log's index of shown entries and positions in it (see
 * logpos.h). */
#include "logpos.h"

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

/* The newest line of one fold key, while it may still be joined. */
typedef struct {
  guint64 line;        /* its key's seq */
  guint64 ordinal;     /* the how-manieth line it was */
} LogposOpen;

struct LogposFolds {
  GHashTable *folds;   /* line seq (guint64*) -> LogposFold*, two members
                          or more */
  GHashTable *member_of;  /* seq (guint64*) of a member but the first ->
                             its line's seq */
  GHashTable *open;    /* fold key -> LogposOpen* */
  guint64 lines;       /* lines made since the folds began: the next's
                          ordinal */
  guint64 next;        /* the first seq not put in a row yet */
  GString *key;        /* scratch: an entry's fold key */
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
  g_hash_table_remove_all (fs->member_of);
  g_hash_table_remove_all (fs->open);
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
  lp->folds->member_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  lp->folds->open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lp->folds->key = g_string_new (NULL);
}

void
logpos_clear (Logpos *lp)
{
  logpos_index_clear (&lp->ix);
  logpos_index_clear (&lp->rows);
  if (lp->folds)
    {
      g_hash_table_unref (lp->folds->folds);
      g_hash_table_unref (lp->folds->member_of);
      g_hash_table_unref (lp->folds->open);
      g_string_free (lp->folds->key, TRUE);
      g_clear_pointer (&lp->folds, g_free);
    }
}

void
logpos_reset (Logpos *lp)
{
  logpos_index_reset (&lp->ix);
  logpos_folds_reset (lp);
}

/* Writes into KEY what makes entry E's line the same as another's: its
 * kind, its parent, whether it is a thread's, its name, and but for forks
 * and ends (whose statuses the fold counts) what it says: an exec's
 * command line, the new ids, the tracer, the new name.  FALSE when it
 * never folds: a loss, or an event whose parent is not known. */
static gboolean
logpos_fold_key (GString *key, const HistoryEntry *e)
{
  const Event *ev = &e->ev;

  if (ev->kind == EVENT_LOST || e->ppid <= 0)
    return FALSE;
  g_string_printf (key, "%d %d %d", ev->kind, e->ppid, ev->pid != ev->tgid);
  switch (ev->kind)
    {
    case EVENT_EXEC:
      g_string_append_printf (key, " %u %s", ev->flags & EVENT_F_EXEC_THREAD,
                              ev->exe ? ev->exe : "");
      for (char **a = ev->argv; a && *a; a++)
        g_string_append_printf (key, "\x1f%s", *a);
      break;
    case EVENT_UID:
      g_string_append_printf (key, " %u %u", ev->ruid, ev->euid);
      break;
    case EVENT_GID:
      g_string_append_printf (key, " %u %u", ev->rgid, ev->egid);
      break;
    case EVENT_SID:
      g_string_append_printf (key, " %d", ev->sid);
      break;
    case EVENT_PTRACE:
      g_string_append_printf (key, " %d %d", ev->tracer_pid, ev->tracer_tgid);
      break;
    case EVENT_COMM:
      g_string_append_printf (key, " %s", ev->comm ? ev->comm : "");
      break;
    default:
      break;
    }
  /* Another separator for the names not known: no name is told from them. */
  if (e->comm)
    g_string_append_printf (key, "\n:%s", e->comm);
  else
    g_string_append (key, "\n/");
  return TRUE;
}

/* Forgets what may no longer be joined (once there are many). */
static void
logpos_open_prune (LogposFolds *fs)
{
  GHashTableIter it;
  gpointer value;

  if (g_hash_table_size (fs->open) < 4 * LOGPOS_FOLD_REACH)
    return;
  g_hash_table_iter_init (&it, fs->open);
  while (g_hash_table_iter_next (&it, NULL, &value))
    if (fs->lines - ((LogposOpen *) value)->ordinal > LOGPOS_FOLD_REACH)
      g_hash_table_iter_remove (&it);
}

/* Puts shown entry E in a row: it joins the newest line of its key among
 * the last LOGPOS_FOLD_REACH, else it starts a line of its own. */
static void
logpos_fold_in (Logpos *lp, const HistoryEntry *e)
{
  LogposFolds *fs = lp->folds;
  gboolean folds = logpos_fold_key (fs->key, e);
  LogposOpen *o = folds ? g_hash_table_lookup (fs->open, fs->key->str) : NULL;
  guint64 row;

  if (o && fs->lines - o->ordinal <= LOGPOS_FOLD_REACH
      && logpos_step (&lp->rows, LOGPOS_LINE (o->line), 0) == LOGPOS_LINE (o->line))
    {
      LogposFold *f = g_hash_table_lookup (fs->folds, &o->line);
      if (!f)
        {
          f = g_new0 (LogposFold, 1);
          f->members = g_array_new (FALSE, FALSE, sizeof (guint64));
          g_array_append_val (f->members, o->line);
          g_hash_table_insert (fs->folds, logpos_key (o->line), f);
        }
      g_array_append_val (f->members, e->seq);
      g_hash_table_insert (fs->member_of, logpos_key (e->seq), logpos_key (o->line));
      if (!f->unfolded)
        return;
      /* The newest: its row goes at the end. */
      row = LOGPOS_MEMBER (e->seq);
      g_array_append_val (lp->rows.seqs, row);
      return;
    }
  row = LOGPOS_LINE (e->seq);
  g_array_append_val (lp->rows.seqs, row);
  if (folds)
    {
      o = g_new (LogposOpen, 1);
      *o = (LogposOpen) { .line = e->seq, .ordinal = fs->lines };
      g_hash_table_replace (fs->open, g_strdup (fs->key->str), o);
      logpos_open_prune (fs);
    }
  fs->lines++;
}

/* Drops what fell out of the ring, whose oldest entry is FIRST: members
 * and rows before it; a fold's line stays while members of it are held. */
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
        {
          g_hash_table_remove (fs->member_of, &g_array_index (f->members, guint64, gone));
          gone++;
        }
      g_array_remove_range (f->members, 0, gone);
      if (f->members->len)
        g_array_index (rows, guint64, kept++) = key;
      else
        g_hash_table_remove (fs->folds, &seq);
    }
  g_array_remove_range (rows, kept, n - kept);
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
        logpos_fold_in (lp, e);
    }
  lp->folds->next = lp->ix.next;
}

guint64
logpos_row_of (const Logpos *lp, guint64 seq)
{
  const guint64 *line = g_hash_table_lookup (lp->folds->member_of, &seq);
  const LogposFold *f;

  if (!line)
    {
      f = g_hash_table_lookup (lp->folds->folds, &seq);
      return f && f->unfolded ? LOGPOS_MEMBER (seq) : LOGPOS_LINE (seq);
    }
  f = g_hash_table_lookup (lp->folds->folds, line);
  return f && f->unfolded ? LOGPOS_MEMBER (seq) : LOGPOS_LINE (*line);
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
  guint64 seq = LOGPOS_SEQ (key);
  const guint64 *line;

  if (!key)
    return 0;
  if (g_hash_table_contains (lp->folds->folds, &seq))
    return LOGPOS_LINE (seq);
  line = LOGPOS_IS_MEMBER (key) ? g_hash_table_lookup (lp->folds->member_of, &seq) : NULL;
  return line ? LOGPOS_LINE (*line) : 0;
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
