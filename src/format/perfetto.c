/* perfetto.c - events as a Perfetto trace (see perfetto.h). */
#include "perfetto.h"

#include <string.h>

#include "escape.h"
#include "origin.h"
#include "proto.h"

/* Field numbers, as Perfetto's .proto files give them (perfetto.h names
 * the files; tests/format/perfetto.proto holds these fields). */
enum {
  PF_TRACE_PACKET = 1,              /* Trace.packet */
  /* TracePacket */
  PF_PACKET_CLOCK_SNAPSHOT = 6,
  PF_PACKET_TIMESTAMP = 8,
  PF_PACKET_SEQUENCE_ID = 10,       /* trusted_packet_sequence_id */
  PF_PACKET_TRACK_EVENT = 11,
  PF_PACKET_INTERNED_DATA = 12,
  PF_PACKET_SEQUENCE_FLAGS = 13,
  PF_PACKET_DEFAULTS = 59,          /* trace_packet_defaults */
  PF_PACKET_TRACK_DESCRIPTOR = 60,
  PF_PACKET_FIRST_ON_SEQUENCE = 87, /* first_packet_on_sequence */
  /* TracePacketDefaults */
  PF_DEFAULTS_CLOCK_ID = 58,        /* timestamp_clock_id */
  /* ClockSnapshot, and its Clock */
  PF_SNAPSHOT_CLOCKS = 1,
  PF_SNAPSHOT_PRIMARY_CLOCK = 2,    /* primary_trace_clock */
  PF_CLOCK_ID = 1,
  PF_CLOCK_TIMESTAMP = 2,
  /* InternedData, and its EventName and DebugAnnotationName */
  PF_INTERNED_EVENT_NAMES = 2,
  PF_INTERNED_ANNOTATION_NAMES = 3,
  PF_INTERNED_IID = 1,
  PF_INTERNED_NAME = 2,
  /* TrackDescriptor, and its CounterDescriptor */
  PF_TRACK_UUID = 1,
  PF_TRACK_NAME = 2,
  PF_TRACK_PARENT_UUID = 5,
  PF_TRACK_COUNTER = 8,
  PF_TRACK_CHILD_ORDERING = 11,
  PF_TRACK_SIBLING_MERGE = 15,      /* sibling_merge_behavior */
  PF_COUNTER_UNIT = 3,
  /* TrackEvent */
  PF_EVENT_ANNOTATIONS = 4,         /* debug_annotations */
  PF_EVENT_TYPE = 9,
  PF_EVENT_NAME_IID = 10,
  PF_EVENT_TRACK_UUID = 11,
  PF_EVENT_COUNTER_VALUE = 30,
  PF_EVENT_FLOW_IDS = 47,
  PF_EVENT_TERMINATING_FLOW_IDS = 48,
  /* DebugAnnotation */
  PF_ANNOTATION_NAME_IID = 1,
  PF_ANNOTATION_INT = 4,            /* int_value */
  PF_ANNOTATION_STRING = 6,         /* string_value */
};

/* Values of the enums of those files. */
enum {
  PF_CLOCK_REALTIME = 1,            /* BuiltinClock */
  PF_CLOCK_MONOTONIC = 3,
  PF_SEQ_INCREMENTAL_STATE_CLEARED = 1,  /* TracePacket.SequenceFlags */
  PF_SEQ_NEEDS_INCREMENTAL_STATE = 2,
  PF_ORDER_CHRONOLOGICAL = 2,       /* TrackDescriptor.ChildTracksOrdering */
  PF_MERGE_NONE = 2,                /* TrackDescriptor.SiblingMergeBehavior */
  PF_UNIT_COUNT = 2,                /* CounterDescriptor.Unit */
  PF_SLICE_BEGIN = 1,               /* TrackEvent.Type */
  PF_SLICE_END = 2,
  PF_INSTANT = 3,
  PF_COUNTER = 4,
};

/* The tracks that are not processes'.  A process's uuid has its top bit
 * set (perfetto_uuid), so it is never one of these. */
enum {
  PF_TRACK_ALIVE = 1,
  PF_TRACK_STARTS = 2,
  PF_TRACK_FAILURES = 3,
  PF_TRACK_LOST = 4,
};

/* Nanoseconds in a second of the per-second counters. */
#define PF_SECOND G_GINT64_CONSTANT (1000000000)

/* The track of a process instance. */
typedef struct {
  guint64 serial;        /* the Proc's (the key of PerfettoWriter.tracks) */
  guint64 uuid;          /* (the key of PerfettoWriter.uuids) */
  guint64 parent_uuid;   /* 0: a root track */
  gint pid;
  gint ppid;             /* the parent as last said */
  char *name;            /* its comm, escaped: the slice's name and the
                            first part of the track's */
  gint64 last_ns;        /* the newest time written on it */
  gboolean slice;        /* an image's slice is open */
} PerfettoTrack;

struct PerfettoWriter {
  WordsUserName names;
  char *boot_id;
  GHashTable *tracks;           /* Proc serial -> PerfettoTrack */
  GHashTable *uuids;            /* the uuids of those tracks */
  GHashTable *event_names;      /* interned strings -> iid (a guint64) */
  GHashTable *annotation_names;
  guint64 last_iid;             /* iids of both tables: never one twice */
  gboolean started;             /* the first packets are written */
  gboolean cleared;             /* the next packet clears the incremental state */
  gboolean lost_track;          /* the losses' track is described */
  GString *body;                /* the message of the packet being built */
  GString *interned;            /* the InternedData entries it brings */
  gint64 newest_ns;             /* the newest time written */
  guint alive;                  /* processes with a track */
  gint64 alive_ns;              /* when it last changed */
  gboolean alive_due;           /* and is not written yet */
  gint64 second;                /* the second being counted, -1 before any */
  guint starts, failures;       /* in that second */
  guint starts_said, failures_said;  /* the values the counters hold */
};

/* Frees a track. */
static void
perfetto_track_free (gpointer data)
{
  PerfettoTrack *t = data;

  g_free (t->name);
  g_free (t);
}

PerfettoWriter *
perfetto_new (WordsUserName names, const char *boot_id)
{
  PerfettoWriter *w = g_new0 (PerfettoWriter, 1);

  w->names = names;
  w->boot_id = g_strdup (boot_id);
  w->tracks = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, perfetto_track_free);
  w->uuids = g_hash_table_new (g_int64_hash, g_int64_equal);
  w->event_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  w->annotation_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  w->cleared = TRUE;
  w->body = g_string_new (NULL);
  w->interned = g_string_new (NULL);
  w->second = -1;
  return w;
}

void
perfetto_free (PerfettoWriter *w)
{
  if (!w)
    return;
  g_hash_table_unref (w->uuids);
  g_hash_table_unref (w->tracks);
  g_hash_table_unref (w->event_names);
  g_hash_table_unref (w->annotation_names);
  g_string_free (w->body, TRUE);
  g_string_free (w->interned, TRUE);
  g_free (w->boot_id);
  g_free (w);
}

/* Mixes V into 64 bits that look random (the finaliser of splitmix64). */
static guint64
perfetto_mix (guint64 v)
{
  v ^= v >> 30;
  v *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  v ^= v >> 27;
  v *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return v ^ (v >> 31);
}

/* The uuid of the track of P, first seen in EV: a hash of its entity id
 * (EV's, as a recording gave it, else made from the boot id), else of its
 * serial; with the top bit set, and changed while a live track has it. */
static guint64
perfetto_uuid (PerfettoWriter *w, const Event *ev, const Proc *p)
{
  g_autoptr (GString) id = g_string_new (NULL);
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);  /* FNV-1a */

  if (ev->entity_id && ev->tgid == p->pid)
    g_string_append (id, ev->entity_id);
  else if (!origin_entity_id (id, w->boot_id, p->pid, p->start_ns))
    g_string_append_printf (id, "serial:%" G_GUINT64_FORMAT, p->serial);
  for (gsize i = 0; i < id->len; i++)
    h = (h ^ (guchar) id->str[i]) * G_GUINT64_CONSTANT (0x100000001b3);
  h = perfetto_mix (h) | (G_GUINT64_CONSTANT (1) << 63);
  while (g_hash_table_contains (w->uuids, &h))
    h = perfetto_mix (h + p->serial) | (G_GUINT64_CONSTANT (1) << 63);
  return h;
}

/* Starts building a packet: empties the buffers, and clears the interning
 * state first when a table is full. */
static void
perfetto_begin (PerfettoWriter *w)
{
  g_string_truncate (w->body, 0);
  g_string_truncate (w->interned, 0);
  if (g_hash_table_size (w->event_names) >= PERFETTO_INTERN_MAX
      || g_hash_table_size (w->annotation_names) >= PERFETTO_INTERN_MAX)
    {
      g_hash_table_remove_all (w->event_names);
      g_hash_table_remove_all (w->annotation_names);
      w->cleared = TRUE;
    }
}

/* The iid of S in TABLE (which InternedData's field FIELD sends), given
 * now and sent in the packet being built if S is new. */
static guint64
perfetto_intern (PerfettoWriter *w, GHashTable *table, guint32 field, const char *s)
{
  const guint64 *known = g_hash_table_lookup (table, s);

  if (known)
    return *known;
  guint64 iid = ++w->last_iid;
  g_hash_table_insert (table, g_strdup (s), g_memdup2 (&iid, sizeof iid));
  gsize m = proto_open (w->interned, field);
  proto_uint (w->interned, PF_INTERNED_IID, iid);
  proto_string (w->interned, PF_INTERNED_NAME, s);
  proto_close (w->interned, m);
  return iid;
}

/* Appends to OUT the packet built: w->body as its field FIELD, at TS (no
 * timestamp when negative), with its interned strings, on the sequence;
 * the first packet, and the first after the state was cleared, clears it
 * and sets the defaults (the clock). */
static void
perfetto_emit (PerfettoWriter *w, GString *out, gint64 ts, guint32 field)
{
  gsize packet = proto_open (out, PF_TRACE_PACKET);
  guint flags = PF_SEQ_NEEDS_INCREMENTAL_STATE;

  if (ts >= 0)
    proto_uint (out, PF_PACKET_TIMESTAMP, (guint64) ts);
  proto_bytes (out, field, w->body->str, w->body->len);
  if (w->interned->len)
    proto_bytes (out, PF_PACKET_INTERNED_DATA, w->interned->str, w->interned->len);
  proto_uint (out, PF_PACKET_SEQUENCE_ID, PERFETTO_SEQUENCE);
  if (w->cleared)
    {
      gsize defaults = proto_open (out, PF_PACKET_DEFAULTS);
      proto_uint (out, PF_DEFAULTS_CLOCK_ID, PF_CLOCK_MONOTONIC);
      proto_close (out, defaults);
      flags |= PF_SEQ_INCREMENTAL_STATE_CLEARED;
      w->cleared = FALSE;
    }
  proto_uint (out, PF_PACKET_SEQUENCE_FLAGS, flags);
  if (!w->started)
    {
      proto_uint (out, PF_PACKET_FIRST_ON_SEQUENCE, TRUE);
      w->started = TRUE;
    }
  proto_close (out, packet);
}

/* Starts a TrackEvent of TYPE on track UUID, named NAME unless NULL. */
static void
perfetto_track_event (PerfettoWriter *w, guint type, guint64 uuid, const char *name)
{
  perfetto_begin (w);
  proto_uint (w->body, PF_EVENT_TYPE, type);
  proto_uint (w->body, PF_EVENT_TRACK_UUID, uuid);
  if (name)
    proto_uint (w->body, PF_EVENT_NAME_IID,
                perfetto_intern (w, w->event_names, PF_INTERNED_EVENT_NAMES, name));
}

/* Opens the argument NAME of the TrackEvent being built; its value follows. */
static gsize
perfetto_arg (PerfettoWriter *w, const char *name)
{
  gsize m = proto_open (w->body, PF_EVENT_ANNOTATIONS);

  proto_uint (w->body, PF_ANNOTATION_NAME_IID,
              perfetto_intern (w, w->annotation_names, PF_INTERNED_ANNOTATION_NAMES, name));
  return m;
}

/* Adds the argument NAME = V to the TrackEvent being built. */
static void
perfetto_arg_int (PerfettoWriter *w, const char *name, gint64 v)
{
  gsize m = perfetto_arg (w, name);

  proto_int (w->body, PF_ANNOTATION_INT, v);
  proto_close (w->body, m);
}

/* Adds the argument NAME = S (safe to show: escaped) to it. */
static void
perfetto_arg_str (PerfettoWriter *w, const char *name, const char *s)
{
  gsize m = perfetto_arg (w, name);

  proto_string (w->body, PF_ANNOTATION_STRING, s);
  proto_close (w->body, m);
}

/* Appends the packet of the TrackEvent built, at TS. */
static void
perfetto_emit_event (PerfettoWriter *w, GString *out, gint64 ts)
{
  perfetto_emit (w, out, ts, PF_PACKET_TRACK_EVENT);
}

/* Appends the descriptor of a track that is not a process's: UUID, NAME,
 * a counter of numbers when COUNTER. */
static void
perfetto_describe_fixed (PerfettoWriter *w, GString *out, guint64 uuid, const char *name,
                         gboolean counter)
{
  perfetto_begin (w);
  proto_uint (w->body, PF_TRACK_UUID, uuid);
  proto_string (w->body, PF_TRACK_NAME, name);
  if (counter)
    {
      gsize m = proto_open (w->body, PF_TRACK_COUNTER);
      proto_uint (w->body, PF_COUNTER_UNIT, PF_UNIT_COUNT);
      proto_close (w->body, m);
    }
  perfetto_emit (w, out, -1, PF_PACKET_TRACK_DESCRIPTOR);
}

/* Appends the descriptor of process track T, named after its name now. */
static void
perfetto_describe (PerfettoWriter *w, GString *out, const PerfettoTrack *t)
{
  g_autofree char *name = g_strdup_printf ("%s [%d]", t->name, t->pid);

  perfetto_begin (w);
  proto_uint (w->body, PF_TRACK_UUID, t->uuid);
  if (t->parent_uuid)
    proto_uint (w->body, PF_TRACK_PARENT_UUID, t->parent_uuid);
  proto_string (w->body, PF_TRACK_NAME, name);
  proto_uint (w->body, PF_TRACK_CHILD_ORDERING, PF_ORDER_CHRONOLOGICAL);
  proto_uint (w->body, PF_TRACK_SIBLING_MERGE, PF_MERGE_NONE);
  perfetto_emit (w, out, -1, PF_PACKET_TRACK_DESCRIPTOR);
}

/* Writes the trace's first packets, at the first event EV: the clock
 * snapshot that makes CLOCK_MONOTONIC the trace's clock and ties it to
 * the wall clock, and the counters' tracks. */
static void
perfetto_start (PerfettoWriter *w, GString *out, const Event *ev)
{
  gsize m;

  perfetto_begin (w);
  m = proto_open (w->body, PF_SNAPSHOT_CLOCKS);
  proto_uint (w->body, PF_CLOCK_ID, PF_CLOCK_MONOTONIC);
  proto_uint (w->body, PF_CLOCK_TIMESTAMP, (guint64) MAX (ev->mono_ns, 0));
  proto_close (w->body, m);
  if (ev->wall_ns > 0)
    {
      m = proto_open (w->body, PF_SNAPSHOT_CLOCKS);
      proto_uint (w->body, PF_CLOCK_ID, PF_CLOCK_REALTIME);
      proto_uint (w->body, PF_CLOCK_TIMESTAMP, (guint64) ev->wall_ns);
      proto_close (w->body, m);
    }
  proto_uint (w->body, PF_SNAPSHOT_PRIMARY_CLOCK, PF_CLOCK_MONOTONIC);
  perfetto_emit (w, out, -1, PF_PACKET_CLOCK_SNAPSHOT);
  perfetto_describe_fixed (w, out, PF_TRACK_ALIVE, "processes alive", TRUE);
  perfetto_describe_fixed (w, out, PF_TRACK_STARTS, "process starts per second", TRUE);
  perfetto_describe_fixed (w, out, PF_TRACK_FAILURES, "failed ends per second", TRUE);
}

/* The time to write for NS on track T (NULL: none): not before 0, nor
 * before the last time written on T. */
static gint64
perfetto_time (PerfettoWriter *w, PerfettoTrack *t, gint64 ns)
{
  gint64 ts = MAX (ns, 0);

  if (t)
    {
      ts = MAX (ts, t->last_ns);
      t->last_ns = ts;
    }
  w->newest_ns = MAX (w->newest_ns, ts);
  return ts;
}

/* Appends the value V of counter track UUID at TS. */
static void
perfetto_counter (PerfettoWriter *w, GString *out, guint64 uuid, gint64 ts, gint64 v)
{
  perfetto_track_event (w, PF_COUNTER, uuid, NULL);
  proto_int (w->body, PF_EVENT_COUNTER_VALUE, v);
  perfetto_emit_event (w, out, ts);
}

/* Appends the counts of SECOND, where a counter's value changes. */
static void
perfetto_say_second (PerfettoWriter *w, GString *out, gint64 second)
{
  if (w->starts != w->starts_said)
    perfetto_counter (w, out, PF_TRACK_STARTS, second * PF_SECOND, w->starts);
  if (w->failures != w->failures_said)
    perfetto_counter (w, out, PF_TRACK_FAILURES, second * PF_SECOND, w->failures);
  w->starts_said = w->starts;
  w->failures_said = w->failures;
}

/* Moves the per-second counts to the second of TS: the seconds over are
 * written (a second with nothing after one with something: 0).  An event
 * earlier than the second being counted counts in it. */
static void
perfetto_tick (PerfettoWriter *w, GString *out, gint64 ts)
{
  gint64 second = ts / PF_SECOND;

  if (w->second < 0)
    w->second = second;
  if (second <= w->second)
    return;
  perfetto_say_second (w, out, w->second);
  w->starts = w->failures = 0;
  if (second > w->second + 1)
    perfetto_say_second (w, out, w->second + 1);
  w->second = second;
}

/* Changes the processes alive by DELTA at TS; the value of a moment is
 * written once the next moment comes, so a burst (the first snapshot) is
 * one value. */
static void
perfetto_alive (PerfettoWriter *w, GString *out, gint64 ts, gint delta)
{
  if (w->alive_due && w->alive_ns != ts)
    perfetto_counter (w, out, PF_TRACK_ALIVE, w->alive_ns, w->alive);
  w->alive += delta;
  w->alive_ns = ts;
  w->alive_due = TRUE;
}

/* COMM escaped, or the words for a name not known.  New string. */
static char *
perfetto_comm (const char *comm)
{
  return comm ? escape_display (comm, 0) : g_strdup (WORDS_NO_NAME);
}

/* Appends user UID's name (else the number) to OUT. */
static void
perfetto_user_name (PerfettoWriter *w, GString *out, guint32 uid)
{
  const char *name = w->names ? w->names (uid) : NULL;

  if (name)
    escape_append (out, name, 0);
  else
    g_string_append_printf (out, "%u", uid);
}

/* Adds the arguments of P's image: its command line, its executable and
 * its user (the effective one, and the real one where they differ). */
static void
perfetto_image_args (PerfettoWriter *w, const Proc *p)
{
  if (p->argv)
    {
      g_autofree char *cmdline = escape_argv ((const char *const *) p->argv, 0);
      perfetto_arg_str (w, "cmdline", cmdline);
    }
  if (p->exe)
    {
      g_autofree char *exe = escape_display (p->exe, 0);
      perfetto_arg_str (w, "exe", exe);
    }
  if (p->flags & PROC_F_CREDS)
    {
      g_autoptr (GString) user = g_string_new (NULL);
      perfetto_user_name (w, user, p->euid);
      if (p->ruid != p->euid)
        {
          g_string_append (user, " (real ");
          perfetto_user_name (w, user, p->ruid);
          g_string_append_c (user, ')');
        }
      perfetto_arg_str (w, "user", user->str);
    }
}

/* Begins the slice of P's image on T at TS, ending the flow FLOW (0:
 * none). */
static void
perfetto_slice_begin (PerfettoWriter *w, GString *out, PerfettoTrack *t, const Proc *p,
                      gint64 ts, guint64 flow)
{
  perfetto_track_event (w, PF_SLICE_BEGIN, t->uuid, t->name);
  if (flow)
    proto_fixed64 (w->body, PF_EVENT_TERMINATING_FLOW_IDS, flow);
  perfetto_image_args (w, p);
  perfetto_emit_event (w, out, ts);
  t->slice = TRUE;
}

/* Ends the slice open on T, if one is, at TS. */
static void
perfetto_slice_end (PerfettoWriter *w, GString *out, PerfettoTrack *t, gint64 ts)
{
  if (!t->slice)
    return;
  perfetto_track_event (w, PF_SLICE_END, t->uuid, NULL);
  perfetto_emit_event (w, out, ts);
  t->slice = FALSE;
}

/* The track of process P, or NULL. */
static PerfettoTrack *
perfetto_lookup (const PerfettoWriter *w, const Proc *p)
{
  return g_hash_table_lookup (w->tracks, &p->serial);
}

/* Makes the track of P, first seen in EV, and begins its image's slice.
 * A fork is an instant on the parent's track (if it has one), with a flow
 * from it to the child's slice, and a start in the per-second count. */
static PerfettoTrack *
perfetto_track_new (PerfettoWriter *w, GString *out, const Event *ev, const Proc *p)
{
  PerfettoTrack *t = g_new0 (PerfettoTrack, 1);
  PerfettoTrack *parent = p->parent ? perfetto_lookup (w, p->parent) : NULL;
  gboolean fork = ev->kind == EVENT_FORK;
  guint64 flow = 0;

  t->serial = p->serial;
  t->uuid = perfetto_uuid (w, ev, p);
  t->parent_uuid = parent ? parent->uuid : 0;
  t->pid = p->pid;
  t->ppid = p->ppid;
  t->name = perfetto_comm (p->comm);
  g_hash_table_insert (w->tracks, &t->serial, t);
  g_hash_table_add (w->uuids, &t->uuid);
  perfetto_describe (w, out, t);
  if (fork && parent)
    {
      /* The child's slice starts no earlier than the instant, so that
       * the flow goes from the parent to the child. */
      t->last_ns = perfetto_time (w, parent, ev->mono_ns);
      perfetto_track_event (w, PF_INSTANT, parent->uuid, "fork");
      perfetto_arg_int (w, "pid", p->pid);
      proto_fixed64 (w->body, PF_EVENT_FLOW_IDS, t->uuid);
      perfetto_emit_event (w, out, t->last_ns);
      flow = t->uuid;
    }
  gint64 ts = perfetto_time (w, t, ev->mono_ns);
  perfetto_tick (w, out, ts);
  if (fork)
    w->starts++;
  perfetto_alive (w, out, ts, 1);
  perfetto_slice_begin (w, out, t, p, ts, flow);
  return t;
}

/* Appends the instant NAME on T at TS, with the argument "thread" when
 * EV's subject is a thread other than the leader; arguments may follow
 * before perfetto_emit_event. */
static void
perfetto_instant (PerfettoWriter *w, PerfettoTrack *t, const Event *ev, const char *name)
{
  perfetto_track_event (w, PF_INSTANT, t->uuid, name);
  if (ev->pid != ev->tgid)
    perfetto_arg_int (w, "thread", ev->pid);
}

/* Gives track T P's name now, describing it again if that is another. */
static void
perfetto_rename (PerfettoWriter *w, GString *out, PerfettoTrack *t, const Proc *p)
{
  g_autofree char *name = perfetto_comm (p->comm);

  if (strcmp (name, t->name) == 0)
    return;
  g_free (t->name);
  t->name = g_steal_pointer (&name);
  perfetto_describe (w, out, t);
}

/* An exec: the slice of the old image ends and the new one's begins; the
 * track takes the new name. */
static void
perfetto_exec (PerfettoWriter *w, GString *out, PerfettoTrack *t, const Proc *p, gint64 ts)
{
  perfetto_slice_end (w, out, t, ts);
  perfetto_rename (w, out, t, p);
  perfetto_slice_begin (w, out, t, p, ts, 0);
}

/* Adds the arguments of the end EV of process P: its wait status (where
 * known), its lifetime (where its start is known), then what it cost,
 * each figure measured under its JSON name (cpu_ns, peak_rss_bytes...),
 * and oom_kill or cost_unknown (1) where the event says so. */
static void
perfetto_end_args (PerfettoWriter *w, const Event *ev, const Proc *p)
{
  gint64 lifetime = proctab_event_lifetime (ev, p);
  CostValues v;

  if (!(ev->flags & EVENT_F_STATUS_UNKNOWN))
    perfetto_arg_int (w, "wait_status", ev->exit_code);
  if (lifetime >= 0)
    perfetto_arg_int (w, "lifetime_ns", lifetime);
  cost_values (ev->cost, &v);
  for (guint f = 0; f < COST_FIELD_MAX; f++)
    if (v.have & COST_BIT (f))
      perfetto_arg_int (w, cost_field_name (f), (gint64) MIN (v.v[f], (guint64) G_MAXINT64));
  if (ev->flags & EVENT_F_OOM)
    perfetto_arg_int (w, "oom_kill", 1);
  if (ev->flags & EVENT_F_COST_UNKNOWN)
    perfetto_arg_int (w, "cost_unknown", 1);
}

/* The end of the process of T: its slice ends, an instant named by its
 * status says how, and the track is done with.  A track without a name
 * (the process ended too soon for its exec to be read) takes the one its
 * end gives (the kernel's accounting). */
static void
perfetto_end (PerfettoWriter *w, GString *out, PerfettoTrack *t, const Event *ev,
              const Proc *p, gint64 ts)
{
  g_autoptr (GString) status = g_string_new (NULL);

  words_status (status, ev->exit_code, (ev->flags & EVENT_F_STATUS_UNKNOWN) != 0,
                (ev->flags & EVENT_F_OOM) != 0);
  perfetto_slice_end (w, out, t, ts);
  if ((ev->flags & EVENT_F_NAMED_AT_END) && strcmp (t->name, WORDS_NO_NAME) == 0)
    perfetto_rename (w, out, t, p);
  perfetto_instant (w, t, ev, status->str);
  perfetto_end_args (w, ev, p);
  perfetto_emit_event (w, out, ts);
  if (event_failed (ev))
    w->failures++;
  perfetto_alive (w, out, ts, -1);
  g_hash_table_remove (w->uuids, &t->uuid);
  g_hash_table_remove (w->tracks, &t->serial);
}

/* A loss: an instant on the losses' track. */
static void
perfetto_lost (PerfettoWriter *w, GString *out, const Event *ev)
{
  gint64 ts = perfetto_time (w, NULL, ev->mono_ns);

  if (!w->lost_track)
    {
      perfetto_describe_fixed (w, out, PF_TRACK_LOST, "lost events", FALSE);
      w->lost_track = TRUE;
    }
  perfetto_tick (w, out, ts);
  perfetto_track_event (w, PF_INSTANT, PF_TRACK_LOST,
                        (ev->flags & EVENT_F_LOST_OUTPUT) ? "records not written"
                                                           : "events lost");
  perfetto_arg_int (w, "count", (gint64) MIN (ev->lost, (guint64) G_MAXINT64));
  perfetto_emit_event (w, out, ts);
}

/* Whether EV, about a process's thread or part of it, is no matter for
 * its track: a thread's start or rename, a snapshot of a thread, an exit
 * that ends a thread only. */
static gboolean
perfetto_thread_only (const Event *ev)
{
  if (ev->kind == EVENT_EXIT)
    return !event_ends_process (ev);
  return ev->pid != ev->tgid
         && (ev->kind == EVENT_FORK || ev->kind == EVENT_SNAPSHOT || ev->kind == EVENT_COMM);
}

/* The key of the track of a process the model does not know, by its pid:
 * above every serial the model gives. */
static guint64
perfetto_stand_in_serial (gint pid)
{
  return (G_GUINT64_CONSTANT (1) << 63) | (guint32) pid;
}

/* Fills P, a stand-in for the process of EV that the model does not know
 * (a replay of a recording that never showed its start), with what EV
 * says of it: its pid, parent, name and start. */
static void
perfetto_stand_in (const Event *ev, Proc *p)
{
  *p = (Proc) { .serial = perfetto_stand_in_serial (ev->tgid), .pid = ev->tgid,
                .ppid = ev->ptgid, .comm = ev->comm };
  if ((ev->flags & EVENT_F_LIFETIME) && event_ns_sub (ev->mono_ns, ev->lifetime_ns) > 0)
    p->start_ns = event_ns_sub (ev->mono_ns, ev->lifetime_ns);
}

/* The track of P, else the one its pid had before the model knew of it,
 * which is P's from now on (not at a FORK: that is another process);
 * NULL when it has none. */
static PerfettoTrack *
perfetto_adopt (PerfettoWriter *w, const Event *ev, const Proc *p)
{
  guint64 key = perfetto_stand_in_serial (p->pid);
  PerfettoTrack *t = perfetto_lookup (w, p);

  if (t || ev->kind == EVENT_FORK
      || !g_hash_table_steal_extended (w->tracks, &key, NULL, (gpointer *) &t))
    return t;
  t->serial = p->serial;
  g_hash_table_insert (w->tracks, &t->serial, t);
  return t;
}

void
perfetto_event (PerfettoWriter *w, GString *out, const Event *ev, const Proc *p,
                gboolean shown)
{
  Proc stand_in;

  if (ev->kind == EVENT_LOST)
    {
      if (!w->started)
        perfetto_start (w, out, ev);
      perfetto_lost (w, out, ev);
      return;
    }
  if (!p && ev->tgid > 0)
    {
      perfetto_stand_in (ev, &stand_in);
      p = &stand_in;
    }
  if (!p || p->pid != ev->tgid || perfetto_thread_only (ev))
    return;
  PerfettoTrack *t = perfetto_adopt (w, ev, p);
  if (!t && !shown)
    return;
  if (!w->started)
    perfetto_start (w, out, ev);
  if (!t)
    {
      t = perfetto_track_new (w, out, ev, p);
      /* Those are the image the new track's slice tells. */
      if (ev->kind == EVENT_FORK || ev->kind == EVENT_SNAPSHOT || ev->kind == EVENT_EXEC)
        return;
    }
  gint64 ts = perfetto_time (w, t, ev->mono_ns);
  perfetto_tick (w, out, ts);
  switch (ev->kind)
    {
    case EVENT_SNAPSHOT:
      if (p->ppid == t->ppid)
        return;
      t->ppid = p->ppid;
      perfetto_instant (w, t, ev, "re-parented");
      perfetto_arg_int (w, "parent", p->ppid);
      break;
    case EVENT_EXEC:
      perfetto_exec (w, out, t, p, ts);
      return;
    case EVENT_COMM:
      {
        g_autofree char *name = perfetto_comm (ev->comm);
        perfetto_instant (w, t, ev, "rename");
        perfetto_arg_str (w, "name", name);
        break;
      }
    case EVENT_UID:
      perfetto_instant (w, t, ev, "uid change");
      perfetto_arg_int (w, "uid", ev->ruid);
      perfetto_arg_int (w, "euid", ev->euid);
      break;
    case EVENT_GID:
      perfetto_instant (w, t, ev, "gid change");
      perfetto_arg_int (w, "gid", ev->rgid);
      perfetto_arg_int (w, "egid", ev->egid);
      break;
    case EVENT_SID:
      perfetto_instant (w, t, ev, "new session");
      perfetto_arg_int (w, "sid", ev->sid);
      break;
    case EVENT_PTRACE:
      perfetto_instant (w, t, ev, ev->tracer_tgid ? "ptrace attach" : "ptrace detach");
      perfetto_arg_int (w, "tracer", ev->tracer_tgid);
      break;
    case EVENT_COREDUMP:
      perfetto_instant (w, t, ev, "core dump");
      break;
    case EVENT_EXIT:
      perfetto_end (w, out, t, ev, p, ts);
      return;
    case EVENT_FORK:
      /* A process a snapshot found after its fork was queued: known. */
    case EVENT_LOST:
    case EVENT_KIND_MAX:
      return;
    }
  perfetto_emit_event (w, out, ts);
}

/* Orders tracks by serial, for a finish that is the same on every run. */
static gint
perfetto_cmp_serial (gconstpointer a, gconstpointer b)
{
  const PerfettoTrack *x = a, *y = b;

  return (x->serial > y->serial) - (x->serial < y->serial);
}

gboolean
perfetto_empty (const PerfettoWriter *w)
{
  return !w->started;
}

void
perfetto_finish (PerfettoWriter *w, GString *out)
{
  if (!w->started)
    return;
  g_autoptr (GList) open = g_list_sort (g_hash_table_get_values (w->tracks),
                                        perfetto_cmp_serial);
  for (GList *l = open; l; l = l->next)
    perfetto_slice_end (w, out, l->data, w->newest_ns);
  if (w->alive_due)
    perfetto_counter (w, out, PF_TRACK_ALIVE, w->alive_ns, w->alive);
  w->alive_due = FALSE;
  if (w->second >= 0)
    perfetto_say_second (w, out, w->second);
}
