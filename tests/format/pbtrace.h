/* pbtrace.h - test support: a reader of the Perfetto traces forkscope
 * writes, independent of the writer (its own wire decoder and field
 * numbers), that checks the rules of the format as it reads: every
 * length within its message, one packet sequence, the first packet
 * clearing the incremental state, every packet after needing it, each
 * interned name known when used, and an iid never naming two strings. */
#pragma once

#include <glib.h>

/* An argument (debug annotation) of a track event. */
typedef struct {
  char *name;
  gboolean is_int;
  gint64 i;
  char *s;
} PbArg;

/* One TracePacket, with its interned names resolved. */
typedef struct {
  gint64 ts;              /* -1 when it has none */
  guint32 flags;          /* sequence_flags */
  gboolean clock;         /* holds a ClockSnapshot */
  guint64 clock_mono, clock_wall;  /* its MONOTONIC and REALTIME times */
  guint32 clock_primary;
  guint32 defaults_clock; /* trace_packet_defaults' clock, 0 none */
  gboolean descriptor;    /* holds a TrackDescriptor: */
  guint64 uuid, parent_uuid;
  char *track_name;
  gboolean counter;       /* a counter track */
  gboolean event;         /* holds a TrackEvent: */
  guint type;             /* 1 begin, 2 end, 3 instant, 4 counter */
  guint64 track;
  char *name;             /* resolved, NULL when none */
  gint64 counter_value;
  GArray *flows;          /* guint64: flow_ids */
  GArray *terminating;    /* guint64: terminating_flow_ids */
  GPtrArray *args;        /* PbArg* */
  guint interned;         /* strings this packet interned */
} PbPacket;

/* Reads the trace DATA (LEN bytes) into PbPacket*s (the array frees them),
 * failing the test where the trace breaks a rule. */
GPtrArray *pbtrace_read (const char *data, gsize len);

/* The argument NAME of event packet P, or NULL. */
const PbArg *pbtrace_arg (const PbPacket *p, const char *name);
