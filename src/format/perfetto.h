/* perfetto.h - the Perfetto trace writer: events as a trace that
 * ui.perfetto.dev and trace_processor open.
 *
 * The output is Perfetto's native protobuf format: a Trace message, which
 * is a stream of TracePacket fields (number 1), so a trace is written as
 * it goes and packets appended to a trace make a longer one.  Encoded by
 * proto.h; the field numbers are those of Perfetto's .proto files
 * (protos/perfetto/trace/: trace_packet.proto, clock_snapshot.proto,
 * interned_data/, track_event/track_event.proto, track_descriptor.proto,
 * counter_descriptor.proto, debug_annotation.proto), and
 * tests/format/perfetto.proto holds the subset written here.
 *
 * What a trace holds:
 *
 *   - One track per process instance.  Its uuid is a 64-bit hash of the
 *     process's entity id (origin.h: the boot id, the pid and the start
 *     time), so that a reused pid makes a new track; where the entity id
 *     cannot be made, of the process's serial in the model.  Its parent
 *     is the track of the process's parent when it was first seen (its
 *     fork, a snapshot), so that the UI shows the process tree; a
 *     re-parenting later (to init or a subreaper) is an instant, since a
 *     track's parent cannot change.  Named "COMM [PID]", and named again
 *     after each exec (with sibling_merge_behavior NONE the last name
 *     wins, and two tracks of the same name are never merged).  These are
 *     plain track-event tracks, not process tracks (ProcessDescriptor):
 *     Perfetto does not nest process tracks under one another.
 *   - A slice per image on the process's track: named by its comm, with
 *     the command line, the executable and the user as arguments, from
 *     the fork (the parent's image), the exec or the first sight of the
 *     process to the next exec or its end.
 *   - Instants on the process's track: a rename (comm), uid, gid and sid
 *     changes, ptrace, a core dump, a re-parenting, a fork (on the
 *     parent's track), and the end, named by its status ("exit 0",
 *     "SIGSEGV (core)", "unknown") with its wait status and lifetime.
 *   - A flow from the fork instant on the parent's track to the child's
 *     first slice.
 *   - Counter tracks: processes alive (of those with a track), process
 *     starts per second and failed ends per second (event_failed), the
 *     latter two for each whole second of the clock in which something
 *     happened, written when the second is over (so a packet's timestamp
 *     may be up to a second before the one written before it: the
 *     readers sort packets by time).
 *   - Losses (EVENT_LOST) as instants on a track of their own.
 *
 * Which processes get a track is the caller's filter: a process gets one
 * the first time an event about it is shown (a process the model does
 * not know, in a replay of a filtered recording, by what that event
 * says: a root track, first seen at that event); from then on every event
 * about it is written, so that its slices tell the truth to its end.
 *
 * One clock: the events' CLOCK_MONOTONIC (Perfetto's builtin clock 3),
 * made the trace's clock by the first packet's ClockSnapshot, which ties
 * it to CLOCK_REALTIME (clock 1) with the first event's two times.  Times
 * before 0 are written as 0, and the times on one track never go back
 * (an event out of order takes the time of the one before it), so that a
 * slice always lies within its track's life.
 *
 * One packet sequence (trusted_packet_sequence_id PERFETTO_SEQUENCE).  Its
 * first packet clears the incremental state and sets the packet defaults
 * (the clock); every packet needs that state (sequence_flags).  Event
 * names and annotation names are interned: each string gets an iid the
 * first time a packet uses it, sent in that packet's InternedData, and
 * later packets name it by its iid.  When either table holds
 * PERFETTO_INTERN_MAX strings, the state is cleared again and strings are
 * sent anew, under new iids (an iid never names two strings), so memory
 * stays bounded however many names a recording holds.
 *
 * Memory: a few hundred bytes per process that has a track and has not
 * ended, and the two interning tables; nothing grows with the length of
 * the recording. */
#pragma once

#include <glib.h>
#include "event.h"
#include "proctab.h"
#include "words.h"

/* The trace's one packet sequence. */
#define PERFETTO_SEQUENCE 1

/* The most strings an interning table holds before the state is cleared. */
#define PERFETTO_INTERN_MAX 4096

/* A trace being written. */
typedef struct PerfettoWriter PerfettoWriter;

/* A new trace.  NAMES resolves uids for the "user" argument (NULL:
 * numbers only); BOOT_ID (NULL when not known) makes the entity ids of
 * processes whose events carry none. */
PerfettoWriter *perfetto_new (WordsUserName names, const char *boot_id);

/* Frees W (NULL is a no-op); what was not finished is lost. */
void perfetto_free (PerfettoWriter *w);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PerfettoWriter, perfetto_free)

/* Appends to OUT the packets that EV says, P being its process after the
 * event (NULL when unknown), as the monitor gives them.  SHOWN says
 * whether EV passes the caller's filter: an event not shown is written
 * only about a process that has a track already.  The first call writes
 * the trace's first packets. */
void perfetto_event (PerfettoWriter *w, GString *out, const Event *ev, const Proc *p,
                     gboolean shown);

/* Whether nothing is written yet: no event was shown (the trace would
 * be an empty file). */
gboolean perfetto_empty (const PerfettoWriter *w);

/* Appends to OUT what ends the trace: the slices still open end at the
 * newest time written, and the counters' last values.  Call once, last. */
void perfetto_finish (PerfettoWriter *w, GString *out);
