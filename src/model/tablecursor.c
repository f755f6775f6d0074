/* tablecursor.c - the table at any event, for the time cursor (see
 * tablecursor.h). */
#include "tablecursor.h"

void
tablecursor_init (TableCursor *c, History *s)
{
  *c = (TableCursor) { .s = s };
}

void
tablecursor_clear (TableCursor *c)
{
  g_clear_pointer (&c->pt, proctab_free);
  g_clear_pointer (&c->anchor_pt, proctab_free);
  c->seq = c->anchor = 0;
}

const Proctab *
tablecursor_move (TableCursor *c, guint64 seq, GError **error)
{
  /* The table before the oldest reachable event is the first there is. */
  guint64 base = history_oldest (c->s) ? history_oldest (c->s) - 1 : history_newest (c->s);

  if (seq < base || seq > history_newest (c->s))
    {
      tablecursor_clear (c);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "event %" G_GUINT64_FORMAT
                   " is not in the history (it holds %" G_GUINT64_FORMAT " to %"
                   G_GUINT64_FORMAT ")", seq, base + 1, history_newest (c->s));
      return NULL;
    }
  if (c->pt && c->seq <= seq && c->seq >= base)
    {
      /* Forward: fold on. */
      if (history_fold (c->s, c->pt, c->seq, seq, error) < 0)
        {
          tablecursor_clear (c);
          return NULL;
        }
      c->seq = seq;
      return c->pt;
    }
  if (!c->anchor_pt || c->anchor > seq || c->anchor < base
      || seq - c->anchor > 2 * TABLECURSOR_ANCHOR_EVENTS)
    {
      /* The anchor moves a little before SEQ. */
      g_clear_pointer (&c->anchor_pt, proctab_free);
      c->anchor = seq > base + TABLECURSOR_ANCHOR_EVENTS ? seq - TABLECURSOR_ANCHOR_EVENTS
                                                         : base;
      c->anchor_pt = history_table_at (c->s, c->anchor, error);
      if (!c->anchor_pt)
        {
          tablecursor_clear (c);
          return NULL;
        }
    }
  g_clear_pointer (&c->pt, proctab_free);
  c->pt = proctab_copy (c->anchor_pt);
  c->seq = seq;
  if (history_fold (c->s, c->pt, c->anchor, seq, error) < 0)
    {
      tablecursor_clear (c);
      return NULL;
    }
  return c->pt;
}
