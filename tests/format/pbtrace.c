/* pbtrace.c - reading forkscope's Perfetto traces in tests (see
 * pbtrace.h).  The field numbers are Perfetto's, written out again here
 * from its .proto files rather than taken from the writer. */
#include "pbtrace.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

/* Bytes left to read. */
typedef struct {
  const guint8 *p, *end;
} PbCur;

/* One field read: its number, wire type and value. */
typedef struct {
  guint32 num;
  guint wire;
  guint64 v;       /* VARINT, FIXED64 */
  PbCur sub;       /* LEN */
} PbField;

/* The interning state of the sequence. */
typedef struct {
  GHashTable *names[2];   /* iid -> string, since the state was cleared:
                             event names, annotation names */
  GHashTable *ever[2];    /* iid -> string, over the whole trace */
  gboolean valid;         /* a packet cleared the state */
} PbState;

/* Reads a varint. */
static guint64
pb_varint (PbCur *c)
{
  guint64 v = 0;

  for (guint shift = 0;; shift += 7)
    {
      if (c->p >= c->end)
        fail_msg ("a varint runs past the end of its message");
      if (shift > 63)
        fail_msg ("a varint longer than ten bytes");
      guint8 b = *c->p++;
      v |= (guint64) (b & 0x7f) << shift;
      if (!(b & 0x80))
        return v;
    }
}

/* Reads the next field of C into F; FALSE at the end. */
static gboolean
pb_next (PbCur *c, PbField *f)
{
  if (c->p >= c->end)
    return FALSE;
  guint64 tag = pb_varint (c);
  f->num = (guint32) (tag >> 3);
  f->wire = (guint) (tag & 7);
  switch (f->wire)
    {
    case 0:
      f->v = pb_varint (c);
      break;
    case 1:
      if (c->end - c->p < 8)
        fail_msg ("a fixed64 runs past the end of its message");
      f->v = 0;
      for (guint i = 0; i < 8; i++)
        f->v |= (guint64) c->p[i] << (8 * i);
      c->p += 8;
      break;
    case 2:
      {
        guint64 len = pb_varint (c);
        if (len > (guint64) (c->end - c->p))
          fail_msg ("field %u: length %" G_GUINT64_FORMAT " runs past its message", f->num,
                    len);
        f->sub = (PbCur) { c->p, c->p + len };
        c->p += len;
        break;
      }
    default:
      fail_msg ("field %u: wire type %u", f->num, f->wire);
    }
  return TRUE;
}

/* A string field's value, as a new string. */
static char *
pb_string (const PbField *f)
{
  assert_int_equal (f->wire, 2);
  return g_strndup ((const char *) f->sub.p, (gsize) (f->sub.end - f->sub.p));
}

/* Frees an argument. */
static void
pb_arg_free (gpointer data)
{
  PbArg *a = data;

  g_free (a->name);
  g_free (a->s);
  g_free (a);
}

/* Frees a packet. */
static void
pb_packet_free (gpointer data)
{
  PbPacket *p = data;

  g_free (p->track_name);
  g_free (p->name);
  g_array_unref (p->flows);
  g_array_unref (p->terminating);
  g_ptr_array_unref (p->args);
  g_free (p);
}

/* Reads an interned entry (EventName, DebugAnnotationName) of table T. */
static void
pb_intern (PbState *st, guint t, PbCur c)
{
  PbField f;
  guint64 iid = 0;
  g_autofree char *name = NULL;

  while (pb_next (&c, &f))
    if (f.num == 1)
      iid = f.v;
    else if (f.num == 2)
      name = pb_string (&f);
    else
      fail_msg ("interned entry: field %u", f.num);
  assert_true (iid != 0);
  assert_non_null (name);
  const char *before = g_hash_table_lookup (st->ever[t], &iid);
  if (before && strcmp (before, name) != 0)
    fail_msg ("iid %" G_GUINT64_FORMAT " names '%s', then '%s'", iid, before, name);
  g_hash_table_insert (st->ever[t], g_memdup2 (&iid, sizeof iid), g_strdup (name));
  g_hash_table_insert (st->names[t], g_memdup2 (&iid, sizeof iid), g_steal_pointer (&name));
}

/* The string of IID in table T, which must be known. */
static char *
pb_resolve (PbState *st, guint t, guint64 iid)
{
  const char *s = g_hash_table_lookup (st->names[t], &iid);

  if (!s)
    fail_msg ("iid %" G_GUINT64_FORMAT " used before it was interned", iid);
  return g_strdup (s);
}

/* Reads a TrackDescriptor into P. */
static void
pb_descriptor (PbPacket *p, PbCur c)
{
  PbField f;

  p->descriptor = TRUE;
  while (pb_next (&c, &f))
    switch (f.num)
      {
      case 1: p->uuid = f.v; break;
      case 2: p->track_name = pb_string (&f); break;
      case 5: p->parent_uuid = f.v; break;
      case 8: p->counter = TRUE; break;
      case 11: assert_int_equal (f.v, 2); break;   /* CHRONOLOGICAL */
      case 15: assert_int_equal (f.v, 2); break;   /* SIBLING_MERGE_BEHAVIOR_NONE */
      default: fail_msg ("track descriptor: field %u", f.num);
      }
  assert_true (p->uuid != 0);
  assert_non_null (p->track_name);
}

/* Reads a TrackEvent into P, names resolved in ST. */
static void
pb_event (PbState *st, PbPacket *p, PbCur c)
{
  PbField f, g;

  p->event = TRUE;
  while (pb_next (&c, &f))
    switch (f.num)
      {
      case 9: p->type = (guint) f.v; break;
      case 10: p->name = pb_resolve (st, 0, f.v); break;
      case 11: p->track = f.v; break;
      case 30: p->counter_value = (gint64) f.v; break;
      case 47: assert_int_equal (f.wire, 1); g_array_append_val (p->flows, f.v); break;
      case 48: assert_int_equal (f.wire, 1); g_array_append_val (p->terminating, f.v); break;
      case 4:
        {
          PbArg *a = g_new0 (PbArg, 1);
          PbCur ac = f.sub;
          while (pb_next (&ac, &g))
            if (g.num == 1)
              a->name = pb_resolve (st, 1, g.v);
            else if (g.num == 4)
              a->is_int = TRUE, a->i = (gint64) g.v;
            else if (g.num == 6)
              a->s = pb_string (&g);
            else
              fail_msg ("debug annotation: field %u", g.num);
          assert_non_null (a->name);
          assert_true (a->is_int != (a->s != NULL));
          g_ptr_array_add (p->args, a);
          break;
        }
      default:
        fail_msg ("track event: field %u", f.num);
      }
  assert_true (p->type >= 1 && p->type <= 4);
  assert_true (p->track != 0);
}

/* Reads a ClockSnapshot into P. */
static void
pb_clock (PbPacket *p, PbCur c)
{
  PbField f, g;

  p->clock = TRUE;
  while (pb_next (&c, &f))
    if (f.num == 2)
      p->clock_primary = (guint32) f.v;
    else if (f.num == 1)
      {
        guint64 id = 0, ts = 0;
        PbCur cc = f.sub;
        while (pb_next (&cc, &g))
          if (g.num == 1)
            id = g.v;
          else if (g.num == 2)
            ts = g.v;
          else
            fail_msg ("clock: field %u", g.num);
        if (id == 3)
          p->clock_mono = ts;
        else if (id == 1)
          p->clock_wall = ts;
        else
          fail_msg ("clock %" G_GUINT64_FORMAT, id);
      }
    else
      fail_msg ("clock snapshot: field %u", f.num);
}

/* Reads one TracePacket. */
static PbPacket *
pb_packet (PbState *st, PbCur c, gboolean first)
{
  PbPacket *p = g_new0 (PbPacket, 1);
  PbCur event = { 0 }, interned = { 0 };
  gboolean has_event = FALSE, has_interned = FALSE, first_flag = FALSE;
  guint64 seq = 0;
  PbField f, g;

  p->ts = -1;
  p->flows = g_array_new (FALSE, FALSE, sizeof (guint64));
  p->terminating = g_array_new (FALSE, FALSE, sizeof (guint64));
  p->args = g_ptr_array_new_with_free_func (pb_arg_free);
  while (pb_next (&c, &f))
    switch (f.num)
      {
      case 8: p->ts = (gint64) f.v; break;
      case 10: seq = f.v; break;
      case 13: p->flags = (guint32) f.v; break;
      case 87: first_flag = f.v != 0; break;
      case 6: pb_clock (p, f.sub); break;
      case 60: pb_descriptor (p, f.sub); break;
      case 11: event = f.sub, has_event = TRUE; break;
      case 12: interned = f.sub, has_interned = TRUE; break;
      case 59:
        {
          PbCur dc = f.sub;
          while (pb_next (&dc, &g))
            if (g.num == 58)
              p->defaults_clock = (guint32) g.v;
            else
              fail_msg ("packet defaults: field %u", g.num);
          break;
        }
      default:
        fail_msg ("packet: field %u", f.num);
      }
  /* One sequence; its first packet clears the state and says so. */
  assert_int_equal (seq, 1);
  assert_true (first_flag == first);
  if (first)
    assert_true (p->flags & 1);
  assert_true (p->flags & 2);
  if (p->flags & 1)
    {
      /* Cleared: the defaults (the clock) come again. */
      assert_int_equal (p->defaults_clock, 3);
      g_hash_table_remove_all (st->names[0]);
      g_hash_table_remove_all (st->names[1]);
      st->valid = TRUE;
    }
  assert_true (st->valid);
  if (has_interned)
    while (pb_next (&interned, &f))
      {
        assert_true (f.num == 2 || f.num == 3);
        pb_intern (st, f.num - 2, f.sub);
        p->interned++;
      }
  if (has_event)
    pb_event (st, p, event);
  assert_true (p->clock + p->descriptor + p->event == 1);
  return p;
}

GPtrArray *
pbtrace_read (const char *data, gsize len)
{
  GPtrArray *packets = g_ptr_array_new_with_free_func (pb_packet_free);
  PbCur c = { (const guint8 *) data, (const guint8 *) data + len };
  PbState st = { 0 };
  PbField f;

  for (guint t = 0; t < 2; t++)
    {
      st.names[t] = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      st.ever[t] = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
    }
  while (pb_next (&c, &f))
    {
      assert_int_equal (f.num, 1);
      assert_int_equal (f.wire, 2);
      g_ptr_array_add (packets, pb_packet (&st, f.sub, packets->len == 0));
    }
  for (guint t = 0; t < 2; t++)
    {
      g_hash_table_unref (st.names[t]);
      g_hash_table_unref (st.ever[t]);
    }
  return packets;
}

const PbArg *
pbtrace_arg (const PbPacket *p, const char *name)
{
  for (guint i = 0; i < p->args->len; i++)
    {
      const PbArg *a = p->args->pdata[i];
      if (strcmp (a->name, name) == 0)
        return a;
    }
  return NULL;
}
