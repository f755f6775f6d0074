/* details.c - the details pane's text for one process or event. */
#include "details.h"

#include "cells.h"
#include "words.h"

/* Width of the label column. */
#define DETAILS_LABEL 9
/* History entries read for a process's own recent events at most, and
 * chunks passed over by their summaries (which name no event of it). */
#define DETAILS_SCAN 20000
#define DETAILS_SKIP 4096

void
details_live_clear (DetailsLive *live)
{
  g_free (live->cwd);
  g_free (live->cgroup);
  *live = (DetailsLive) { 0 };
}

/* Appends "LABEL   VALUE" to LINES, VALUE wrapped under itself. */
static void
details_add (GPtrArray *lines, const char *label, const char *value,
             gboolean utf8, int width)
{
  int vw = width - DETAILS_LABEL;
  g_autoptr (GPtrArray) parts = NULL;

  if (width <= 0)
    return;
  if (vw < 8)
    {
      /* Too narrow for a label column: the value alone. */
      parts = cells_wrap (value, width);
      for (guint i = 0; i < parts->len; i++)
        g_ptr_array_add (lines, g_strdup (parts->pdata[i]));
      return;
    }
  parts = cells_wrap (value, vw);
  for (guint i = 0; i < parts->len; i++)
    {
      GString *s = g_string_new (NULL);
      cells_fit (s, i == 0 ? label : "", DETAILS_LABEL - 1, utf8, TRUE);
      g_string_append_c (s, ' ');
      g_string_append (s, parts->pdata[i]);
      g_ptr_array_add (lines, g_string_free (s, FALSE));
    }
}

/* "uid (name)" for display. */
static char *
details_uid (guint32 uid, const RowtextCtx *ctx)
{
  const char *name = ctx->names ? ctx->names (uid) : NULL;
  return name ? g_strdup_printf ("%u (%s)", uid, name) : g_strdup_printf ("%u", uid);
}

/* "12:00:01.250" and how long ago or how long it lived. */
static void
details_add_times (GPtrArray *lines, const Proc *p, const RowtextCtx *ctx,
                   int width)
{
  g_autoptr (GString) s = g_string_new (NULL);

  if (p->start_ns <= 0 && p->start_wall_ns <= 0)
    details_add (lines, "started", "unknown", ctx->utf8, width);
  else
    {
      words_clock (s, p->start_wall_ns);
      g_string_append_printf (s, " (%s ", p->alive ? "age" : "lived");
      words_duration (s, proc_lifetime (p, ctx->now_ns));
      g_string_append_c (s, ')');
      details_add (lines, "started", s->str, ctx->utf8, width);
    }
  if (!p->alive)
    {
      g_string_truncate (s, 0);
      words_clock (s, p->end_wall_ns);
      g_string_append (s, ", ");
      words_duration (s, event_ns_span (p->end_ns, ctx->now_ns));
      g_string_append (s, " ago: ");
      words_status (s, p->exit_code, (p->flags & PROC_F_STATUS_UNKNOWN) != 0,
                    (p->flags & PROC_F_OOM) != 0);
      if (p->flags & PROC_F_COREDUMP)
        g_string_append (s, " (coredump seen)");
      details_add (lines, "exited", s->str, ctx->utf8, width);
    }
  if (rows_tomb_expired (p, ctx->now_ns, ctx->tomb_show_ns))
    {
      g_string_assign (s, "kept while selected (exits leave the tree after ");
      words_duration (s, ctx->tomb_show_ns);
      g_string_append_c (s, ')');
      details_add (lines, "shown", s->str, ctx->utf8, width);
    }
}

/* The delays a Cost may hold, and their words. */
static const struct {
  CostField field;
  const char *words;
} details_delays[] = {
  { COST_DELAY_CPU, "waiting for a CPU" },
  { COST_DELAY_BLKIO, "block I/O" },
  { COST_DELAY_SWAPIN, "swap-in" },
  { COST_DELAY_RECLAIM, "memory reclaim" },
  { COST_DELAY_THRASHING, "thrashing" },
  { COST_DELAY_COMPACT, "compaction" },
  { COST_DELAY_WPCOPY, "write-protect copies" },
  { COST_DELAY_IRQ, "interrupts" },
};

/* Appends NS of CPU time (saturated) to OUT. */
static void
details_ns (GString *out, guint64 ns)
{
  words_duration (out, (gint64) MIN (ns, (guint64) G_MAXINT64));
}

/* What the details say of a CPU time the kernel's statistics came without:
 * it counts a task's time at clock ticks, and none fell in its life. */
#define DETAILS_NOT_COUNTED "not counted"

/* Why exited P has no cost: the kernel's statistics for it did not come,
 * its end was found by a scan, none are read (CTX's notice), or the
 * recording has none. */
static const char *
details_no_cost (const Proc *p, const RowtextCtx *ctx)
{
  if (p->flags & PROC_F_COST_UNKNOWN)
    return "the kernel's task statistics for it did not come";
  if (p->flags & PROC_F_STATUS_UNKNOWN)
    return "its end was found by a scan of /proc, not seen";
  if (ctx->no_cost)
    return ctx->no_cost;
  return ctx->replay ? "the recording has no cost for it" : "none came";
}

/* Appends what exited P cost, as the kernel's task statistics said: CPU
 * time (user and system; or that none was counted), peak memory, disk
 * bytes, context switches, delays, each where measured; or that it was
 * not measured, and why. */
static void
details_add_cost (GString *s, GPtrArray *lines, const Proc *p, const RowtextCtx *ctx,
                  int width)
{
  const Cost *c = proc_cost (p);
  guint64 v, w;

  if (!c)
    {
      g_string_assign (s, "not measured: ");
      g_string_append (s, details_no_cost (p, ctx));
      details_add (lines, "cost", s->str, ctx->utf8, width);
      return;
    }
  if (cost_get (c, COST_CPU, &v))
    {
      g_string_truncate (s, 0);
      details_ns (s, v);
      if (cost_get (c, COST_CPU_USER, &v) && cost_get (c, COST_CPU_SYSTEM, &w))
        {
          g_string_append (s, " (user ");
          details_ns (s, v);
          g_string_append (s, ", system ");
          details_ns (s, w);
          g_string_append_c (s, ')');
        }
      details_add (lines, "cpu", s->str, ctx->utf8, width);
    }
  else
    details_add (lines, "cpu", DETAILS_NOT_COUNTED ": no clock tick fell in its life", ctx->utf8,
                 width);
  if (cost_get (c, COST_PEAK_RSS, &v))
    {
      g_string_assign (s, "peak ");
      words_size (s, v);
      details_add (lines, "memory", s->str, ctx->utf8, width);
    }
  g_string_truncate (s, 0);
  if (cost_get (c, COST_DISK_READ, &v))
    {
      g_string_append (s, "read ");
      words_size (s, v);
    }
  if (cost_get (c, COST_DISK_WRITE, &v))
    {
      g_string_append (s, s->len ? ", written " : "written ");
      words_size (s, v);
    }
  if (s->len)
    details_add (lines, "disk", s->str, ctx->utf8, width);
  g_string_truncate (s, 0);
  if (cost_get (c, COST_CSW_VOLUNTARY, &v))
    {
      words_count (s, v);
      g_string_append (s, " waiting");
    }
  if (cost_get (c, COST_CSW_INVOLUNTARY, &v))
    {
      g_string_append (s, s->len ? ", " : "");
      words_count (s, v);
      g_string_append (s, " preempted");
    }
  if (s->len)
    details_add (lines, "switches", s->str, ctx->utf8, width);
  /* The delays measured, those that were not nothing. */
  g_string_truncate (s, 0);
  gboolean delays = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (details_delays); i++)
    if (cost_get (c, details_delays[i].field, &v))
      {
        delays = TRUE;
        if (!v)
          continue;
        g_string_append_printf (s, "%s%s ", s->len ? ", " : "", details_delays[i].words);
        details_ns (s, v);
      }
  if (delays)
    details_add (lines, "delays", s->len ? s->str : "none", ctx->utf8, width);
}

/* Appends the totals of P's subtree: since when they count, what its
 * descendants did (spawned, ended, failed), how many are alive and were
 * at most, and the CPU time of it all (TCPU): P's own, the ended
 * descendants', and the live ones' from LIVE (what /proc said; not read
 * in a replay, not known at the time cursor). */
static void
details_add_subtree (GString *s, GPtrArray *lines, const Proc *p, const DetailsLive *live,
                     const RowtextCtx *ctx, int width)
{
  ProcTotals t;
  guint64 ended_ns, unmeasured, own;
  gboolean at_cursor = ctx->until_seq != 0;

  proc_totals (p, &t);
  proc_ended_cpu (p, &ended_ns, &unmeasured);
  g_string_assign (s, t.whole_life ? "since it started: "
                      : ctx->replay ? "since the recording started: "
                      : "since forkscope started: ");
  if (!t.spawned && !t.ended && !t.max_alive)
    g_string_append (s, "no descendant");
  else
    {
      words_count (s, t.spawned);
      g_string_append (s, " spawned, ");
      words_count (s, t.ended);
      g_string_append (s, " ended, ");
      words_count (s, t.failed);
      g_string_append (s, " failed");
    }
  details_add (lines, "subtree", s->str, ctx->utf8, width);
  if (t.max_alive)
    {
      g_string_truncate (s, 0);
      words_count (s, t.alive);
      g_string_append (s, at_cursor ? " then, " : " now, ");
      words_count (s, t.max_alive);
      g_string_append (s, " at most at once");
      details_add (lines, "alive", s->str, ctx->utf8, width);
    }
  /* TCPU: the sum and its parts, or its one part. */
  RowsLiveCpu none = { 0 };
  const RowsLiveCpu *cpu = live && live->cpu_read && p->alive ? &live->cpu : NULL;
  guint64 unknown, total = rows_tcpu (p, cpu ? cpu : p->alive ? NULL : &none, &unknown);
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) one = g_string_new (NULL);
  if (!p->alive && cost_get (proc_cost (p), COST_CPU, &own))
    {
      g_string_append (one, "its own ");
      details_ns (one, own);
    }
  else if (!p->alive && proc_cost (p))
    g_string_append (one, "its own " DETAILS_NOT_COUNTED);
  else if (!p->alive)
    g_string_append (one, "its own not measured");
  if (one->len)
    g_ptr_array_add (parts, g_strdup (one->str));
  if (ended_ns || unmeasured || t.ended)
    {
      g_string_assign (one, "ended ");
      if (ended_ns || !unmeasured)
        details_ns (one, ended_ns);
      if (unmeasured && ended_ns)
        g_string_append_printf (one, " (%" G_GUINT64_FORMAT " not measured)", unmeasured);
      else if (unmeasured)
        g_string_append_printf (one, "not measured (%" G_GUINT64_FORMAT ")", unmeasured);
      g_ptr_array_add (parts, g_strdup (one->str));
    }
  if (cpu)
    {
      g_string_assign (one, "alive ");
      details_ns (one, cpu->ns);
      g_string_append_printf (one, " (%u process%s", cpu->live, cpu->live > 1 ? "es" : "");
      if (cpu->unread && cpu->live > DETAILS_SUBTREE_READ)
        g_string_append_printf (one, ", %u not read: more than %d, which the TCPU column "
                                "reads", cpu->unread, DETAILS_SUBTREE_READ);
      else if (cpu->unread)
        g_string_append_printf (one, ", %u not read", cpu->unread);
      g_string_append_c (one, ')');
      g_ptr_array_add (parts, g_strdup (one->str));
    }
  else if (p->alive)
    g_ptr_array_add (parts, g_strdup (at_cursor ? "alive not known at the time cursor"
                                      : "alive not known in a replay"));
  g_string_truncate (s, 0);
  if (parts->len > 1 && (total || !unknown))
    rowtext_cpu_time (s, total, unknown);
  else if (parts->len > 1)
    g_string_append (s, "not known");
  for (guint i = 0; i < parts->len; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : parts->len > 1 ? ": " : "",
                            (char *) parts->pdata[i]);
  details_add (lines, "tcpu", s->str, ctx->utf8, width);
}

/* The parent chain "bash 100 < sshd 90 < systemd 1", or why there is
 * none: a process /proc showed with no parent (init, kthreadd, one whose
 * parent is outside forkscope's pid namespace) has ppid 0; one seen only
 * by an event has a parent not known. */
static char *
details_chain (const Proc *p)
{
  GString *s = g_string_new (NULL);
  guint n = 0;

  for (const Proc *q = p->parent; q && n < 64; q = q->parent, n++)
    {
      g_autofree char *c = cells_name (q->comm);
      g_string_append_printf (s, "%s%s %d", s->len ? " < " : "", c, q->pid);
    }
  if (s->len == 0 && p->ppid > 0)
    g_string_append_printf (s, "%d (not known)", p->ppid);
  else if (s->len == 0)
    g_string_append (s, (p->flags & PROC_F_SNAPSHOT) ? "none (ppid 0)"
                                                      : "not known");
  return g_string_free (s, FALSE);
}

/* The line of P's event in entry E in its recent events: where P ran as
 * of the event (the entry's), its entry into a namespace as the table
 * shown knows it. */
static char *
details_event_line (const HistoryEntry *e, const Proc *p, const RowtextCtx *ctx, int width)
{
  g_autoptr (GString) s = g_string_new (NULL);
  GString *line = g_string_new (NULL);
  Event as_shown = rowtext_event_as_shown (&e->ev, p);
  const Event *ev = &as_shown;
  ProcAcct acct = p->acct ? *p->acct : (ProcAcct) { 0 };
  Proc then = *p;

  acct.where = e->where;
  then.acct = &acct;

  /* Minutes and seconds are enough for recent events. */
  words_clock (s, ev->wall_ns);
  g_string_erase (s, 0, 3);
  g_string_append_printf (s, " %s ", event_kind_name (ev->kind));
  /* The lines have no pid column: a thread's event names its thread. */
  if (event_of_thread (ev))
    g_string_append_printf (s, "%d ", ev->pid);
  words_event (s, ev, &then, ctx->names);
  cells_fit (line, s->str, width, ctx->utf8, FALSE);
  return g_string_free (line, FALSE);
}

/* Appends P's most recent events from H (up to ctx->until_seq), newest
 * last: read backwards from there, passing over the chunks whose
 * summaries name no event of P and stopping at those older than its
 * start, within DETAILS_SCAN entries and DETAILS_SKIP chunks. */
static void
details_add_events (GPtrArray *lines, const Proc *p, History *h, const RowtextCtx *ctx,
                    int width)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  guint64 seq = h ? (ctx->until_seq ? ctx->until_seq : history_newest (h)) : 0;
  guint read = 0, skipped = 0;
  HistoryIter it;

  if (!seq)
    return;
  history_iter_init (&it, h, seq);
  while (seq >= history_oldest (h) && seq > 0 && found->len < DETAILS_MAX_EVENTS
         && read < DETAILS_SCAN && skipped < DETAILS_SKIP)
    {
      const ChunkSummary *sum;
      guint64 first, end;
      if (!history_summary (h, seq, &sum, &first, &end))
        break;
      if (p->start_ns > 0 && sum->max_mono < p->start_ns)
        break;  /* all before it started */
      if (p->serial < sum->serial_min || p->serial > sum->serial_max)
        {
          seq = first - 1;
          skipped++;
          continue;
        }
      for (const HistoryEntry *e = history_iter_seek (&it, seq);
           e && e->seq >= first && found->len < DETAILS_MAX_EVENTS; e = history_iter_prev (&it))
        {
          read++;
          if (e->serial == p->serial && e->ev.kind != EVENT_SNAPSHOT)
            g_ptr_array_add (found, details_event_line (e, p, ctx, width));
        }
      seq = first - 1;
    }
  history_iter_clear (&it);
  if (found->len == 0)
    return;
  g_ptr_array_add (lines, g_strdup (""));
  {
    GString *title = g_string_new (NULL);
    cells_fit (title, "recent events:", width, ctx->utf8, FALSE);
    g_ptr_array_add (lines, g_string_free (title, FALSE));
  }
  for (guint i = found->len; i-- > 0;)
    g_ptr_array_add (lines, g_steal_pointer (&found->pdata[i]));
}

/* Adds where P runs besides the host: its container (as it is shown, its
 * id, its pod) and its pid namespace (its pid there, how deep, and the
 * mark where it entered one its parent is not in). */
static void
details_add_where (GPtrArray *lines, const Proc *p, gboolean u, int width)
{
  const Container *c = where_container (proc_where (p));
  guint level = where_level (proc_where (p));

  if (c)
    {
      g_autoptr (GString) what = g_string_new (NULL);
      container_label (what, c);
      g_string_append_printf (what, ", id %s", c->id);
      if (c->pod)
        g_string_append_printf (what, ", pod %s", c->pod);
      g_autofree char *shown = cells_escape (what->str);
      details_add (lines, "runs in", shown, u, width);
    }
  if (level == 0)
    return;
  g_autoptr (GString) ns = g_string_new (NULL);
  if (proc_where (p)->nspid > 0)
    g_string_append_printf (ns, "pid %d in it", proc_where (p)->nspid);
  else
    g_string_append (ns, "its pid in it not known");
  g_string_append_printf (ns, ", %u below forkscope's", level);
  if (p->parent && where_is_entry (proc_where (p), proc_where (p->parent)))
    g_string_append_printf (ns, "; %s entered here: its parent runs in %s",
                            u ? ROWTEXT_ENTRY_MARK : ROWTEXT_ENTRY_MARK_ASCII,
                            where_level (proc_where (p->parent)) ? "another" : "forkscope's");
  details_add (lines, "pid ns", ns->str, u, width);
}

/* What the details say of P's command line: the line, escaped, or why it
 * is not shown (never the name in its place). */
static char *
details_command (const Proc *p)
{
  if (p->argv && p->argv[0])
    return rowtext_command (p, TRUE);
  if (p->flags & PROC_F_KTHREAD)
    return g_strdup ("none: a kernel thread");
  return g_strdup ((p->flags & PROC_F_EXECED) ? "not known: unreadable at its exec"
                                              : "not known");
}

GPtrArray *
details_lines (const Proc *p, History *h, const DetailsLive *live,
               const RowtextCtx *ctx, int width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *comm = cells_name (p->comm);
  g_autofree char *cmd = details_command (p);
  g_autofree char *chain = details_chain (p);
  g_autofree char *ids = NULL, *kids = NULL;
  guint live_kids = 0;
  gboolean u = ctx->utf8;

  /* A process's pid is its tgid; its threads are counted under "tasks". */
  ids = g_strdup_printf ("%d (tgid %d)%s%s%s", p->pid, p->pid, p->alive ? "" : ", exited",
                         p->alive && (p->flags & PROC_F_LEADER_EXITED)
                         ? ", leader thread exited" : "",
                         (p->flags & PROC_F_KTHREAD) ? " kernel thread" : "");
  details_add (lines, "pid", ids, u, width);
  details_add (lines, "parents", chain, u, width);
  details_add_where (lines, p, u, width);
  if (p->flags & PROC_F_CREDS)
    {
      g_autofree char *r = details_uid (p->ruid, ctx);
      g_autofree char *e = details_uid (p->euid, ctx);
      g_autofree char *us = g_strdup_printf ("%s, effective %s", r, e);
      g_autofree char *gs = g_strdup_printf ("%u, effective %u", p->rgid, p->egid);
      details_add (lines, "user", us, u, width);
      details_add (lines, "group", gs, u, width);
    }
  else
    details_add (lines, "user", "unknown", u, width);
  details_add (lines, "comm", comm, u, width);
  details_add (lines, "command", cmd, u, width);
  if (p->exe)
    {
      g_autofree char *exe = cells_escape (p->exe);
      details_add (lines, "exe", exe, u, width);
    }
  if (live && live->cwd)
    {
      g_autofree char *cwd = cells_escape (live->cwd);
      details_add (lines, "cwd", cwd, u, width);
    }
  if (live && live->cgroup)
    {
      g_autofree char *cg = cells_escape (live->cgroup);
      details_add (lines, "cgroup", cg, u, width);
    }
  details_add_times (lines, p, ctx, width);
  g_autoptr (GString) text = g_string_new (NULL);
  if (!p->alive)
    details_add_cost (text, lines, p, ctx, width);
  for (GList *l = p->children.head; l; l = l->next)
    live_kids += ((Proc *) l->data)->alive;
  /* Of a process older than what was seen, only the forks seen are
   * counted: say since when. */
  kids = g_strdup_printf ("threads %u; children %u live, %u forked%s", proc_nthreads (p),
                          live_kids, p->children_total,
                          !(p->flags & PROC_F_SNAPSHOT) ? ""
                          : ctx->replay ? " since the recording started"
                          : " since forkscope started");
  details_add (lines, "tasks", kids, u, width);
  details_add_subtree (text, lines, p, live, ctx, width);
  if (p->sid || p->tracer)
    {
      g_autofree char *s = p->tracer
        ? g_strdup_printf ("session %d, traced by %d", p->sid, p->tracer)
        : g_strdup_printf ("session %d", p->sid);
      details_add (lines, "session", s, u, width);
    }
  details_add_events (lines, p, h, ctx, width);
  return lines;
}

GPtrArray *
details_fold_lines (const RowsFold *f, const char *kind, gint64 first_wall, gint64 last_wall,
                    const Proc *latest, History *h, const RowtextCtx *ctx, int width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) more = details_lines (latest, h, NULL, ctx, width);
  g_autofree char *comm = cells_name (f->comm);
  g_autofree char *what = kind ? g_strdup_printf ("%u %s events of %s, children of %d",
                                                  f->count, kind, comm, latest->ppid)
                               : g_strdup_printf ("%u exited %s, children of %d", f->count,
                                                  comm, latest->ppid);
  g_autoptr (GString) how = g_string_new (NULL);

  details_add (lines, "fold", what, ctx->utf8, width);
  if (first_wall)
    {
      words_clock (how, first_wall);
      g_string_append (how, " to ");
      words_clock (how, last_wall);
      details_add (lines, "from", how->str, ctx->utf8, width);
      g_string_truncate (how, 0);
    }
  if (f->statuses[0].count || f->other)
    {
      rowtext_fold_summary (how, f, ctx->utf8);
      details_add (lines, "ended", how->str, ctx->utf8, width);
    }
  if (f->failed)
    {
      g_autofree char *failed = g_strdup_printf ("%u (f shows them alone)", f->failed);
      details_add (lines, "failed", failed, ctx->utf8, width);
    }
  if (f->cpu_measured || f->peak_measured)
    {
      g_autofree char *measured = g_strdup_printf ("cpu of %u, peak of %u of the %u (cpu "
                                                   "summed, peak the most one had)",
                                                   f->cpu_measured, f->peak_measured, f->count);
      details_add (lines, "measured", measured, ctx->utf8, width);
    }
  g_ptr_array_add (lines, g_strdup (""));
  details_add (lines, "latest", kind ? "the process of the newest event:"
                                     : "the one that ended last:", ctx->utf8, width);
  for (guint i = 0; i < more->len; i++)
    g_ptr_array_add (lines, g_strdup (more->pdata[i]));
  return lines;
}

GPtrArray *
details_event_lines (const HistoryEntry *e, const RowtextCtx *ctx, int width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const Event *ev = &e->ev;
  g_autofree char *ids = g_strdup_printf ("%d (thread %d), no longer known",
                                          ev->tgid, ev->pid);
  g_autoptr (GString) d = g_string_new (NULL);
  g_autoptr (GString) clock = g_string_new (NULL);
  ProcAcct acct;
  Proc subject = history_subject (e, &acct);

  /* As of the event: its subject's lifetime, where it ran. */
  words_event (d, ev, &subject, ctx->names);
  words_clock (clock, ev->wall_ns);
  details_add (lines, "pid", ids, ctx->utf8, width);
  if (ev->comm)
    {
      g_autofree char *c = cells_escape (ev->comm);
      details_add (lines, "comm", c, ctx->utf8, width);
    }
  details_add (lines, "event", event_kind_name (ev->kind), ctx->utf8, width);
  details_add (lines, "at", clock->str, ctx->utf8, width);
  details_add (lines, "detail", d->str, ctx->utf8, width);
  return lines;
}
