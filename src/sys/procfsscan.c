/* procfsscan.c - a whole /proc tree (or a fixture tree) read into
 * snapshot events (procfs_scan), from the readers of procfs.c. */
#include "procfs.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>

/* task->flags bit of kernel threads (include/linux/sched.h). */
#define PROCFS_PF_KTHREAD 0x00200000u

/* Compares two gints for sorting. */
static gint
procfs_cmp_int (gconstpointer a, gconstpointer b)
{
  gint x = *(const gint *) a, y = *(const gint *) b;
  return (x > y) - (x < y);
}

/* The numeric entries of directory PATH (pids or tids), ascending.  An
 * unreadable or vanished directory gives an empty array. */
static GArray *
procfs_list_ids (const char *path)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint));
  DIR *dir = opendir (path);
  struct dirent *de;

  if (!dir)
    return ids;
  while ((de = readdir (dir)))
    {
      guint64 id;
      if (g_ascii_isdigit (de->d_name[0])
          && g_ascii_string_to_unsigned (de->d_name, 10, 1, G_MAXINT, &id, NULL))
        {
          gint v = id;
          g_array_append_val (ids, v);
        }
    }
  closedir (dir);
  g_array_sort (ids, procfs_cmp_int);
  return ids;
}

/* Whether a stat state letter means the task has exited. */
static gboolean
procfs_state_dead (char state)
{
  return state == 'Z' || state == 'X' || state == 'x';
}

/* A new SNAPSHOT for task TID of process TGID from its stat, taking the comm. */
static Event *
procfs_snapshot_new (gint tgid, gint tid, ProcfsStat *st, gint64 now_mono_ns,
                     gint64 now_wall_ns)
{
  Event *ev = g_new0 (Event, 1);
  ev->kind = EVENT_SNAPSHOT;
  ev->flags = EVENT_F_START;
  ev->mono_ns = now_mono_ns;
  ev->wall_ns = now_wall_ns;
  ev->pid = tid;
  ev->tgid = tgid;
  ev->ppid = ev->ptgid = st->ppid;
  ev->sid = st->sid;
  ev->start_ns = procfs_ticks_to_ns (st->start_ticks);
  ev->comm = g_steal_pointer (&st->comm);
  return ev;
}

/* One process found by a scan, with its threads (Event*, by tid). */
typedef struct {
  Event *ev;
  GPtrArray *threads;
} ProcfsEntry;

/* Frees an entry whose events were not handed out. */
static void
procfs_entry_free (gpointer data)
{
  ProcfsEntry *e = data;
  event_free (e->ev);
  g_clear_pointer (&e->threads, g_ptr_array_unref);
  g_free (e);
}

/* Reads process PID and its live threads.  Returns NULL when it vanished, its
 * stat is unreadable, or it is a zombie (exited, so no longer a process to
 * show: its leader is dead and no thread lives on).  The task directory is
 * listed only where status does not say that the leader is the one thread
 * (most processes: five system calls saved of fifteen). */
static ProcfsEntry *
procfs_scan_pid (const char *root, gint pid, gint64 now_mono_ns, gint64 now_wall_ns)
{
  ProcfsStat st = { 0 };
  ProcfsStatus status;

  if (procfs_read_stat (root, pid, pid, &st) < 0)
    return NULL;
  gboolean have_status = procfs_read_status (root, pid, &status) == 0;

  g_autoptr (GPtrArray) threads = NULL;
  g_autoptr (GArray) tids = NULL;
  if (!have_status || status.threads != 1 || procfs_state_dead (st.state))
    {
      g_autofree char *taskdir = g_strdup_printf ("%s/%d/task", root, pid);
      tids = procfs_list_ids (taskdir);
    }
  for (guint i = 0; tids && i < tids->len; i++)
    {
      gint tid = g_array_index (tids, gint, i);
      ProcfsStat ts = { 0 };
      if (tid == pid || procfs_read_stat (root, pid, tid, &ts) < 0)
        continue;
      if (!procfs_state_dead (ts.state))
        {
          if (!threads)
            threads = g_ptr_array_new_with_free_func (event_free);
          g_ptr_array_add (threads, procfs_snapshot_new (pid, tid, &ts, now_mono_ns,
                                                         now_wall_ns));
        }
      procfs_stat_clear (&ts);
    }
  if (procfs_state_dead (st.state) && !threads)
    {
      procfs_stat_clear (&st);
      return NULL;
    }

  gboolean kthread = (st.flags & PROCFS_PF_KTHREAD) != 0;
  Event *ev = procfs_snapshot_new (pid, pid, &st, now_mono_ns, now_wall_ns);
  procfs_stat_clear (&st);
  if (kthread)
    ev->flags |= EVENT_F_KTHREAD;
  else
    {
      /* Failures leave the field unknown: the process may be vanishing, or
       * not ours to read. */
      procfs_read_cmdline (root, pid, &ev->argv);
      procfs_read_link (root, pid, "exe", &ev->exe);
    }
  if (have_status && status.has_nspid)
    {
      Container *c = NULL;
      if (status.ns_level > 0)
        (void) procfs_read_container (root, pid, &c);
      ev->where = where_new (status.nspid, status.ns_level, c);
      ev->flags |= EVENT_F_WHERE;
      container_unref (c);
    }
  if (have_status)
    {
      ev->flags |= EVENT_F_CREDS;
      ev->ruid = status.ruid;
      ev->euid = status.euid;
      ev->rgid = status.rgid;
      ev->egid = status.egid;
    }
  for (guint i = 0; threads && i < threads->len; i++)
    {
      Event *t = threads->pdata[i];
      t->flags |= ev->flags & EVENT_F_CREDS;
      t->ruid = ev->ruid;
      t->euid = ev->euid;
      t->rgid = ev->rgid;
      t->egid = ev->egid;
      t->ppid = t->ptgid = ev->ptgid;
    }

  ProcfsEntry *e = g_new0 (ProcfsEntry, 1);
  e->ev = ev;
  e->threads = g_steal_pointer (&threads);
  return e;
}

/* Orders entries by start time, then pid. */
static gint
procfs_cmp_entry (gconstpointer a, gconstpointer b)
{
  const Event *x = (*(ProcfsEntry *const *) a)->ev;
  const Event *y = (*(ProcfsEntry *const *) b)->ev;
  if (x->start_ns != y->start_ns)
    return x->start_ns < y->start_ns ? -1 : 1;
  return (x->pid > y->pid) - (x->pid < y->pid);
}

GPtrArray *
procfs_scan (const char *root, gint64 now_mono_ns, gint64 now_wall_ns)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (event_free);
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (procfs_entry_free);
  g_autoptr (GArray) pids = procfs_list_ids (root);

  for (guint i = 0; i < pids->len; i++)
    {
      ProcfsEntry *e = procfs_scan_pid (root, g_array_index (pids, gint, i),
                                        now_mono_ns, now_wall_ns);
      if (e)
        g_ptr_array_add (entries, e);
    }
  g_ptr_array_sort (entries, procfs_cmp_entry);

  /* Start-time order nearly always puts parents first; walking up to any
   * parent not yet placed makes it certain (equal ticks, odd re-parenting). */
  g_autoptr (GHashTable) by_pid = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; i < entries->len; i++)
    {
      ProcfsEntry *e = entries->pdata[i];
      g_hash_table_insert (by_pid, GINT_TO_POINTER (e->ev->pid), e);
    }
  g_autoptr (GPtrArray) order = g_ptr_array_sized_new (entries->len);
  g_autoptr (GPtrArray) chain = g_ptr_array_new ();
  for (guint i = 0; i < entries->len; i++)
    {
      /* Taking an entry out of BY_PID marks it placed (or being placed). */
      ProcfsEntry *e = entries->pdata[i];
      while (e && g_hash_table_steal (by_pid, GINT_TO_POINTER (e->ev->pid)))
        {
          g_ptr_array_add (chain, e);
          e = g_hash_table_lookup (by_pid, GINT_TO_POINTER (e->ev->ptgid));
        }
      for (guint j = chain->len; j > 0; j--)
        g_ptr_array_add (order, chain->pdata[j - 1]);
      g_ptr_array_set_size (chain, 0);
    }

  for (guint i = 0; i < order->len; i++)
    {
      ProcfsEntry *e = order->pdata[i];
      g_ptr_array_add (out, g_steal_pointer (&e->ev));
    }
  for (guint i = 0; i < order->len; i++)
    {
      ProcfsEntry *e = order->pdata[i];
      if (e->threads)
        g_ptr_array_extend_and_steal (out, g_steal_pointer (&e->threads));
    }
  return out;
}
