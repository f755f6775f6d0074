/* fuzz-pipeline.c - any bytes as a recording, through the whole pipeline.
 *
 * In the manner of tmux's fuzz/input-fuzzer.c, which feeds bytes through
 * the parser and the screen model and then checks the model: each line
 * goes through the reader (jsonread), the model (proctab_apply, with
 * expiry after exits as the monitor does), the history, both printers
 * (JSON, whose line must read back, and the text log), the Perfetto
 * writer (whose packets must be whole), the filters (a few
 * expressions parsed once) on the event and its process; every 16th event
 * and every lost one, the snapshots read so far stand for a /proc scan
 * and resync_diff's events are applied as well.  After each step the
 * table must keep its invariants (proctab_check); at the end a copy of
 * the table must too, and so must the history's tables after its newest
 * event and one halfway. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "history.h"
#include "json.h"
#include "jsonread.h"
#include "perfetto.h"
#include "proctab.h"
#include "resync.h"
#include "text.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Tombstones kept: few, so that the cap is reached. */
#define FUZZ_MAX_TOMBS 8
/* Events between resyncs. */
#define FUZZ_RESYNC_EVERY 16

/* State of one run over an input. */
typedef struct {
  Proctab *pt;
  History *hist;
  GPtrArray *scan;  /* SNAPSHOT events read since the last resync */
  GString *out;
  PerfettoWriter *trace;
  guint n;          /* events read */
} Fuzz;

/* Aborts, saying why, when the table breaks an invariant. */
static void
fuzz_check (const Proctab *pt, const char *after)
{
  g_autofree char *why = NULL;

  if (!proctab_check (pt, &why))
    {
      fprintf (stderr, "after %s: %s\n", after, why);
      abort ();
    }
}

/* Reads a varint at *P (before END), or aborts. */
static guint64
fuzz_varint (const guint8 **p, const guint8 *end)
{
  guint64 v = 0;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      if (*p >= end)
        abort ();
      guint8 b = *(*p)++;
      v |= (guint64) (b & 0x7f) << shift;
      if (!(b & 0x80))
        return v;
    }
  abort ();
}

/* Aborts unless OUT is whole packets of a trace (Trace.packet, field 1,
 * length-delimited), then empties it. */
static void
fuzz_check_trace (GString *out)
{
  const guint8 *p = (const guint8 *) out->str, *end = p + out->len;

  while (p < end)
    {
      if (fuzz_varint (&p, end) != ((1 << 3) | 2))
        abort ();
      guint64 len = fuzz_varint (&p, end);
      if (len > (guint64) (end - p))
        abort ();
      p += len;
    }
  g_string_truncate (out, 0);
}

/* FilterUserParse: numbers only. */
static gboolean
fuzz_user_parse (const char *s, guint32 *uid, gpointer user)
{
  guint64 v;
  if (!g_ascii_string_to_unsigned (s, 10, 0, G_MAXUINT32, &v, NULL))
    return FALSE;
  *uid = (guint32) v;
  return TRUE;
}

/* The filters every event and process is matched against, parsed once. */
static GPtrArray *
fuzz_filters (void)
{
  static const char *const exprs[] = {
    "",
    "sh",
    "comm:a*,[b-d]?,x cmd:\"-c x\" user:0,1000 pid:1,100 ppid:2,3 event:fork,exec,exit failed",
    "!failed lived<1s !event:snapshot",
    "lived>2h !comm:* !user:0 !pid:1",
  };
  static GPtrArray *filters;

  if (!filters)
    {
      filters = g_ptr_array_new ();
      for (guint i = 0; i < G_N_ELEMENTS (exprs); i++)
        {
          Filter *f = filter_parse (exprs[i], fuzz_user_parse, NULL, NULL);
          if (!f)
            abort ();
          g_ptr_array_add (filters, f);
        }
    }
  return filters;
}

/* Applies EV as the monitor does, and takes it and its process through
 * the history, the printers and the filters.  Takes EV's strings. */
static void
fuzz_apply (Fuzz *z, Event *ev, const char *what)
{
  GPtrArray *filters = fuzz_filters ();
  Event back = { 0 };
  Proc *p = proctab_apply (z->pt, ev);

  fuzz_check (z->pt, what);
  history_append (z->hist, ev, p);
  g_string_truncate (z->out, 0);
  json_event (z->out, ev, p, NULL);
  if (!jsonread_event (z->out->str, z->out->len, &back, NULL))
    {
      fprintf (stderr, "written but unreadable: %s", z->out->str);
      abort ();
    }
  event_clear (&back);
  g_string_truncate (z->out, 0);
  text_event (z->out, ev, p, NULL);
  if (strchr (z->out->str, '\033'))
    abort ();
  /* The printers write the end of the process it replaced first. */
  const Proc *old = ev->replaced ? proctab_lookup_serial (z->pt, ev->replaced) : NULL;
  if (ev->replaced && (!old || old->alive))
    abort ();
  if (old)
    {
      Event end;
      proctab_end_event (old, old->pid, ev->mono_ns, ev->wall_ns, &end);
      g_string_truncate (z->out, 0);
      json_event (z->out, &end, old, NULL);
      text_event (z->out, &end, old, NULL);
      g_string_truncate (z->out, 0);
      perfetto_event (z->trace, z->out, &end, old, TRUE);
      fuzz_check_trace (z->out);
    }
  /* Every other event shown, so that not-shown ones meet tracks too. */
  g_string_truncate (z->out, 0);
  perfetto_event (z->trace, z->out, ev, p, z->n % 2 == 0);
  fuzz_check_trace (z->out);
  for (guint i = 0; i < filters->len; i++)
    {
      filter_match_event (filters->pdata[i], ev, p, NULL, 0);
      filter_match_event (filters->pdata[i], ev, p, NULL,
                          FILTER_SHOW_SNAPSHOTS | FILTER_SHOW_THREADS);
      if (p)
        filter_match_proc (filters->pdata[i], p, ev->mono_ns);
    }
  HistoryIter it;
  history_iter_init (&it, z->hist, 0);
  const HistoryEntry *e = history_iter_seek (&it, history_newest (z->hist));
  if (!e)
    abort ();
  ProcAcct subject_acct;
  Proc subject = history_subject (e, &subject_acct);
  g_string_truncate (z->out, 0);
  text_event (z->out, &e->ev, &subject, NULL);
  history_iter_clear (&it);
  if (ev->kind == EVENT_EXIT)
    {
      proctab_expire (z->pt, ev->mono_ns);
      fuzz_check (z->pt, "expiry");
    }
  event_clear (ev);
}

/* Brings the table in line with the snapshots read so far, as a resync
 * after lost events does. */
static void
fuzz_resync (Fuzz *z, gint64 mono_ns, gint64 wall_ns)
{
  g_autoptr (GPtrArray) diff = resync_diff (z->pt, z->scan, mono_ns, wall_ns);

  for (guint i = 0; i < diff->len; i++)
    {
      Event copy;
      event_copy (&copy, diff->pdata[i]);
      fuzz_apply (z, &copy, "resync");
    }
  g_ptr_array_set_size (z->scan, 0);
}

/* Reads one line; applies the event it holds, if any. */
static void
fuzz_line (Fuzz *z, const char *line, gsize len)
{
  Event ev;

  if (!jsonread_event (line, len, &ev, NULL))
    return;
  if (ev.kind == EVENT_SNAPSHOT)
    g_ptr_array_add (z->scan, event_dup (&ev));
  gint64 mono = ev.mono_ns, wall = ev.wall_ns;
  gboolean resync = ev.kind == EVENT_LOST || ++z->n % FUZZ_RESYNC_EVERY == 0;
  fuzz_apply (z, &ev, event_kind_name (ev.kind));
  if (resync)
    fuzz_resync (z, mono, wall);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* A small history, so that chunks are sealed and tables saved. */
  HistoryOptions ho = { .memory = HISTORY_MEMORY_MIN, .cache = 2,
                        .keep_ns = G_GINT64_CONSTANT (1000000000),
                        .max_tombs = FUZZ_MAX_TOMBS, .chunk_entries = 8, .table_every = 16 };
  Fuzz z = { .pt = proctab_new (G_GINT64_CONSTANT (1000000000), FUZZ_MAX_TOMBS),
             .hist = history_new (&ho, NULL),
             .scan = g_ptr_array_new_with_free_func (event_free),
             .out = g_string_new (NULL), .trace = perfetto_new (NULL, "boot") };
  const char *p = (const char *) data, *end = p + size;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *stop = nl ? nl : end;
      fuzz_line (&z, p, stop - p);
      p = stop + (nl != NULL);
    }
  fuzz_resync (&z, G_MAXINT64, G_MAXINT64);
  g_string_truncate (z.out, 0);
  perfetto_finish (z.trace, z.out);
  fuzz_check_trace (z.out);

  g_autoptr (Proctab) copy = proctab_copy (z.pt);
  fuzz_check (copy, "copy");
  if (proctab_count_live (copy) != proctab_count_live (z.pt)
      || proctab_count_tombs (copy) != proctab_count_tombs (z.pt))
    abort ();
  for (guint64 seq = history_newest (z.hist); seq >= history_oldest (z.hist) && seq > 0;
       seq = seq > 1 ? seq / 2 : 0)
    {
      g_autoptr (Proctab) at = history_table_at (z.hist, seq, NULL);
      if (!at)
        abort ();
      fuzz_check (at, "the history's table");
      if (seq < history_oldest (z.hist) * 2)
        break;
    }
  g_ptr_array_unref (proctab_roots (z.pt));
  proctab_expire (z.pt, G_MAXINT64);
  fuzz_check (z.pt, "expiring all");

  proctab_free (z.pt);
  history_free (z.hist);
  g_ptr_array_unref (z.scan);
  g_string_free (z.out, TRUE);
  perfetto_free (z.trace);
  return 0;
}
