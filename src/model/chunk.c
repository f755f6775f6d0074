/* chunk.c - the history's compact encoding (see chunk.h): the fields,
 * the state both ends keep and what it predicts; the writer is in
 * chunkwrite.c, the decoder in chunkread.c. */
#include "chunkprivate.h"

#include <stdint.h>
#include <string.h>

#include "origin.h"

/* Sets ST up for a new chunk, for WRITING or reading (the writer owns
 * its strings, a decoded chunk's arena holds them). */
void
chunk_state_init (ChunkState *st, gboolean writing)
{
  memset (st->prev, 0, sizeof st->prev);
  memset (st->kprev, 0, sizeof st->kprev);
  memset (st->serials, 0, sizeof st->serials);
  memset (&st->cost, 0, sizeof st->cost);
  for (guint f = 0; f < F_MAX; f++)
    st->slot[f] = -1;
  for (guint i = 0; i < G_N_ELEMENTS (st->where_slot); i++)
    st->where_slot[i] = -1;
  st->subj_where = NULL;
  pack_dict_init (&st->dict, writing, writing ? g_free : NULL);
  st->boot = g_string_new (NULL);
  st->derived = g_string_new (NULL);
  st->argv_by_exe = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
}

/* Frees what ST holds. */
void
chunk_state_clear (ChunkState *st)
{
  pack_dict_clear (&st->dict);
  g_clear_pointer (&st->subj_where, where_unref);
  g_clear_pointer (&st->argv_by_exe, g_hash_table_unref);
  if (st->boot)
    g_string_free (g_steal_pointer (&st->boot), TRUE);
  if (st->derived)
    g_string_free (g_steal_pointer (&st->derived), TRUE);
}

/* The value string field F of an entry whose numbers are V is predicted
 * to have; BASE is the entry's string in field BASE (CP_FIELD).  NULL, a
 * string of the entry, or ST's scratch (valid until the next call). */
const char *
chunk_predict_str (ChunkState *st, guint f, const guint64 *v, const char *base)
{
  const char *last, *colon;

  switch (chunk_fields[f].pred)
    {
    case CP_FIELD:
      return base;
    case CP_ENTITY:
      if (st->slot[f] < 0)
        return NULL;
      last = pack_dict_str (&st->dict, st->slot[f]);
      colon = strchr (last, ':');
      g_string_assign (st->boot, last);
      if (colon)
        g_string_truncate (st->boot, (gsize) (colon - last));
      g_string_truncate (st->derived, 0);
      if (!origin_entity_id (st->derived, st->boot->str, (gint) v[F_TGID],
                             (gint64) v[F_SUBJ_START]))
        return NULL;
      return st->derived->str;
    default:
      return NULL;
    }
}

/* After an entry of KIND with numeric values V and string indexes IDX
 * (-1: NULL): what the next one is predicted from. */
void
chunk_state_note (ChunkState *st, EventKind kind, const guint64 *v, const gint *idx)
{
  memcpy (st->prev, v, F_STRINGS * sizeof *v);
  memcpy (st->kprev[kind], v, F_STRINGS * sizeof *v);
  if (v[F_SERIAL])
    {
      st->serials[v[F_SERIAL] % CHUNK_SERIALS] = v[F_SERIAL];
      st->by_serial[v[F_SERIAL] % CHUNK_SERIALS] = v[F_SUBJ_START];
    }
  for (guint f = F_STRINGS; f < F_ARGV; f++)
    if (idx[f] >= 0)
      st->slot[f] = idx[f];
}

/* Notes WHERE, an entry's subject's, as the one the next is predicted
 * from (F_SUBJ_WHERE). */
void
chunk_state_note_where (ChunkState *st, Where *where)
{
  if (where == st->subj_where)
    return;
  where_unref (st->subj_where);
  st->subj_where = where_ref (where);
}


void
history_entry_init (HistoryEntry *e, const Event *ev, const Proc *p)
{
  /* The entry borrows the name; the writer copies what it keeps. */
  *e = (HistoryEntry) { .ev = *ev, .comm = (char *) (uintptr_t) proctab_event_comm (ev, p),
                        .ppid = ev->ptgid, .where = proc_event_where (p, ev) };
  if (p)
    {
      if (p->ppid)
        e->ppid = p->ppid;
      e->serial = p->serial;
      e->creds = (p->flags & PROC_F_CREDS) != 0;
      e->ruid = p->ruid;
      e->euid = p->euid;
      e->start_ns = p->start_ns;
    }
}

Proc
history_subject (const HistoryEntry *e, ProcAcct *acct)
{
  *acct = (ProcAcct) { .where = e->where };
  return (Proc) { .serial = e->serial, .pid = e->ev.tgid, .ppid = e->ppid, .comm = e->comm,
                  .ruid = e->ruid, .euid = e->euid,
                  .flags = e->creds ? PROC_F_CREDS : 0, .start_ns = e->start_ns,
                  .alive = TRUE, .acct = acct };
}
