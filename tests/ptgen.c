/* ptgen.c - test support: random event streams, canonical tables (see
 * ptgen.h). */
#include "ptgen.h"
#include "decimal.h"
#include "put.h"

#include <string.h>

/* Orders thread ids stored as pointers. */
static gint
ptgen_cmp_tid (gconstpointer a, gconstpointer b)
{
  gint x = GPOINTER_TO_INT (a), y = GPOINTER_TO_INT (b);
  return (x > y) - (x < y);
}

/* Appends TAG and the decimal V: the tests dump a table at every event,
 * and printf was most of their time. */
static void
ptgen_put_uint (GString *out, const char *tag, guint64 v)
{
  gsize n = strlen (tag);
  char *d = put_room (out, n + DECIMAL_MAX);

  put_end (out, decimal_put (mempcpy (d, tag, n), v));
}

/* Appends TAG and the decimal V (printf for the rare negative one). */
static void
ptgen_put_int (GString *out, const char *tag, gint64 v)
{
  if (v < 0)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, tag, v);
  else
    ptgen_put_uint (out, tag, (guint64) v);
}

/* Appends TAG and V in hexadecimal. */
static void
ptgen_put_hex (GString *out, const char *tag, guint v)
{
  char d[8], *e = d + sizeof d, *b = e;

  do
    *--b = "0123456789abcdef"[v & 15];
  while (v >>= 4);
  put_bytes (out, tag, strlen (tag));
  put_bytes (out, b, (gsize) (e - b));
}

/* Appends the string S. */
static void
ptgen_put_str (GString *out, const char *s)
{
  put_bytes (out, s, strlen (s));
}

/* Appends a canonical description of P and what lies beneath it. */
static void
ptgen_dump_proc (GString *out, const Proc *p, guint depth)
{
  g_autoptr (GList) tids = p->threads ? g_hash_table_get_keys (p->threads) : NULL;
  const Container *c = where_container (proc_where (p));
  ProcTotals tot;
  guint64 cpu = 0;

  proc_totals (p, &tot);
  (void) cost_get (proc_cost (p), COST_CPU, &cpu);
  memset (put_room (out, depth), ' ', depth);
  put_end (out, out->str + out->len + depth);
  ptgen_put_uint (out, "", p->serial);
  ptgen_put_int (out, " ", p->pid);
  ptgen_put_int (out, "<", p->ppid);
  ptgen_put_str (out, " ");
  ptgen_put_str (out, p->comm ? p->comm : "(null)");
  ptgen_put_str (out, p->alive ? " alive" : " dead");
  ptgen_put_str (out, p->argv && p->argv[0] ? p->argv[0] : "");
  ptgen_put_hex (out, " f", p->flags);
  ptgen_put_hex (out, " e", p->events);
  ptgen_put_uint (out, " x", p->exit_code);
  ptgen_put_uint (out, " t", p->ruid);
  ptgen_put_uint (out, " w", where_level (proc_where (p)));
  ptgen_put_int (out, "/", where_nspid (proc_where (p), 0));
  ptgen_put_str (out, "/");
  ptgen_put_str (out, c ? c->id : "-");
  ptgen_put_uint (out, " c", cpu);
  ptgen_put_uint (out, " s", tot.spawned);
  ptgen_put_uint (out, "/", tot.ended);
  ptgen_put_uint (out, "/", tot.failed);
  ptgen_put_uint (out, "/", tot.cpu_ns);
  ptgen_put_uint (out, "/", tot.unmeasured);
  ptgen_put_uint (out, " a", tot.alive);
  ptgen_put_uint (out, "/", tot.max_alive);
  ptgen_put_str (out, ":");
  tids = g_list_sort (tids, ptgen_cmp_tid);
  for (GList *l = tids; l; l = l->next)
    {
      const ProcThread *t = g_hash_table_lookup (p->threads, l->data);
      ptgen_put_int (out, " ", t->tid);
      ptgen_put_str (out, "=");
      ptgen_put_str (out, t->comm ? t->comm : "(null)");
    }
  ptgen_put_str (out, "\n");
  for (GList *l = p->children.head; l; l = l->next)
    ptgen_dump_proc (out, l->data, depth + 1);
}

GBytes *
ptgen_saved (const Proctab *pt)
{
  PackBuf out = { 0 };
  gsize len;
  guint8 *data;

  proctab_save (pt, &out);
  data = pack_buf_steal (&out, &len);
  return g_bytes_new_take (data, len);
}

char *
ptgen_dump (const Proctab *pt)
{
  GString *out = g_string_new (NULL);
  g_autoptr (GPtrArray) roots = proctab_roots (pt);

  ptgen_put_uint (out, "live ", proctab_count_live (pt));
  ptgen_put_uint (out, " tombs ", proctab_count_tombs (pt));
  ptgen_put_uint (out, " threads ", proctab_count_threads (pt));
  ptgen_put_str (out, "\n");
  for (guint i = 0; i < roots->len; i++)
    ptgen_dump_proc (out, roots->pdata[i], 0);
  return g_string_free (out, FALSE);
}

/* Picks a believed-alive process, or 0. */
static gint
ptgen_pick (PtGen *g)
{
  if (g->pids->len == 0)
    return 0;
  return g_array_index (g->pids, gint, g_rand_int_range (g->rand, 0, g->pids->len));
}

/* Forgets PID as a process and its threads. */
static void
ptgen_forget (PtGen *g, gint pid)
{
  for (guint i = 0; i < g->pids->len; i++)
    if (g_array_index (g->pids, gint, i) == pid)
      g_array_remove_index_fast (g->pids, i--);
  for (guint i = 0; i + 1 < g->threads->len; i += 2)
    if (g_array_index (g->threads, gint, i + 1) == pid)
      {
        g_array_remove_range (g->threads, i, 2);
        i -= 2;
      }
}

/* Says on EV where its subject runs: a pid namespace one or two deep, or
 * none, in one of two containers, or none. */
static void
ptgen_where (PtGen *g, Event *ev)
{
  static const char *const ids[] = { NULL, "0123456789abcdef0123456789abcdef"
                                     "0123456789abcdef0123456789abcdef", "web" };
  guint k = g_rand_int_range (g->rand, 0, G_N_ELEMENTS (ids));
  Container *c = ids[k] ? container_get (k == 1 ? "docker" : "lxc", ids[k], NULL) : NULL;

  ev->flags |= EVENT_F_WHERE;
  ev->where = where_new (g_rand_int_range (g->rand, 1, 50), g_rand_int_range (g->rand, 0, 3),
                         c);
  container_unref (c);
}

void
ptgen_next (PtGen *g, Event *ev)
{
  static const char *const names[] = { "sh", "cc1", "make", "worker", "\x1b[31mred" };
  gint p = ptgen_pick (g);
  guint32 r = g_rand_int_range (g->rand, 0, 100);

  g->now += g_rand_int_range (g->rand, 0, 30) * PTGEN_MS;
  if (g_rand_int_range (g->rand, 0, 200) == 0)
    g->now += PTGEN_KEEP;  /* a pause: tombstones expire */
  *ev = (Event) { .mono_ns = g->now, .wall_ns = g->now + 1000 };
  if (!p || r < 30)
    {
      /* A fork: a new pid, or now and then one reused. */
      gint pid = g_rand_int_range (g->rand, 0, 4) == 0 && g->next_pid > 20
                 ? g_rand_int_range (g->rand, 10, g->next_pid) : g->next_pid++;
      *ev = (Event) { .kind = p ? EVENT_FORK : EVENT_SNAPSHOT, .mono_ns = g->now,
                      .wall_ns = g->now, .pid = pid, .tgid = pid, .ppid = p, .ptgid = p,
                      .flags = p ? 0 : EVENT_F_START | EVENT_F_CREDS, .start_ns = g->now,
                      .comm = p ? NULL : g_strdup ("init") };
      /* Now and then one read in a container, or a namespace of its own. */
      if (p && g_rand_int_range (g->rand, 0, 6) == 0)
        ptgen_where (g, ev);
      ptgen_forget (g, pid);
      g_array_append_val (g->pids, pid);
      return;
    }
  ev->pid = ev->tgid = p;
  if (r < 40)
    {
      gint tid = g->next_pid++;
      ev->kind = EVENT_FORK;
      ev->pid = tid;
      ev->ppid = ev->ptgid = p;
      g_array_append_val (g->threads, tid);
      g_array_append_val (g->threads, p);
    }
  else if (r < 52)
    {
      ev->kind = EVENT_EXEC;
      ev->comm = g_strdup (names[g_rand_int_range (g->rand, 0, G_N_ELEMENTS (names))]);
      if (g_rand_boolean (g->rand))
        ev->argv = g_strsplit ("a b c", " ", -1);
      ptgen_forget (g, p);
      g_array_append_val (g->pids, p);
    }
  else if (r < 60)
    {
      ev->kind = EVENT_COMM;
      ev->comm = g_strdup (names[g_rand_int_range (g->rand, 0, G_N_ELEMENTS (names))]);
      for (guint i = 0; i + 1 < g->threads->len; i += 2)
        if (g_array_index (g->threads, gint, i + 1) == p && g_rand_boolean (g->rand))
          ev->pid = g_array_index (g->threads, gint, i);
    }
  else if (r < 65)
    {
      ev->kind = EVENT_UID;
      ev->ruid = ev->euid = g_rand_int_range (g->rand, 0, 3);
    }
  else if (r < 90)
    {
      /* An exit: of a thread, of the leader, sometimes found by a resync. */
      ev->kind = EVENT_EXIT;
      ev->exit_code = g_rand_int_range (g->rand, 0, 3) << 8;
      ev->exit_signal = 17;
      for (guint i = 0; i + 1 < g->threads->len; i += 2)
        if (g_array_index (g->threads, gint, i + 1) == p && g_rand_boolean (g->rand))
          {
            ev->pid = g_array_index (g->threads, gint, i);
            ev->exit_signal = -1;
            g_array_remove_range (g->threads, i, 2);
            return;
          }
      if (g_rand_int_range (g->rand, 0, 5) == 0)
        ev->flags = EVENT_F_STATUS_UNKNOWN;
      else if (g_rand_boolean (g->rand))
        {
          /* What it cost, now and then ended by the OOM killer. */
          CostValues v = { .have = COST_BIT (COST_CPU),
                           .v = { [COST_CPU] = g_rand_int_range (g->rand, 0, 1000) } };
          ev->cost = cost_new (&v);
          if (g_rand_int_range (g->rand, 0, 4) == 0)
            {
              ev->exit_code = 9;
              ev->flags = EVENT_F_OOM;
            }
        }
      else
        ev->flags = EVENT_F_COST_UNKNOWN;
      ev->ppid = ev->ptgid = g_rand_boolean (g->rand) ? 1 : 0;
      ptgen_forget (g, p);
    }
  else
    {
      /* A resync's snapshot: the same process, re-parented. */
      gint parent = ptgen_pick (g);
      ev->kind = EVENT_SNAPSHOT;
      ev->ppid = ev->ptgid = parent != p ? parent : 1;
      ev->comm = g_strdup ("moved");
      if (g_rand_int_range (g->rand, 0, 3) == 0)
        ptgen_where (g, ev);
    }
}

void
ptgen_init (PtGen *g, guint32 seed)
{
  *g = (PtGen) { .rand = g_rand_new_with_seed (seed),
                 .pids = g_array_new (FALSE, FALSE, sizeof (gint)),
                 .threads = g_array_new (FALSE, FALSE, sizeof (gint)), .next_pid = 1,
                 .now = 1000 * PTGEN_MS };
}

void
ptgen_clear (PtGen *g)
{
  g_array_unref (g->pids);
  g_array_unref (g->threads);
  g_rand_free (g->rand);
}
