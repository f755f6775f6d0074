/* entrycmp.c - test support: comparing history entries (see entrycmp.h). */
#include "entrycmp.h"

/* Whether two strings (either may be NULL) are equal. */
static gboolean
entrycmp_str (const char *a, const char *b)
{
  return (a == NULL) == (b == NULL) && g_strcmp0 (a, b) == 0;
}

/* Whether two command lines (either may be NULL) are equal. */
static gboolean
entrycmp_argv (char **a, char **b)
{
  if (!a || !b)
    return a == b;
  return g_strv_equal ((const char *const *) a, (const char *const *) b);
}

gboolean
entrycmp_equal (const HistoryEntry *a, const HistoryEntry *b, GString *why)
{
  const Event *x = &a->ev, *y = &b->ev;
  const char *bad = NULL;

#define ENTRYCMP(cond, name) if (!bad && !(cond)) bad = name
  ENTRYCMP (a->serial == b->serial, "serial");
  ENTRYCMP (entrycmp_str (a->comm, b->comm), "subject comm");
  ENTRYCMP (a->creds == b->creds, "creds");
  ENTRYCMP (a->ruid == b->ruid && a->euid == b->euid, "subject uids");
  ENTRYCMP (a->start_ns == b->start_ns, "subject start");
  ENTRYCMP (a->ppid == b->ppid, "subject ppid");
  ENTRYCMP (where_equal (a->where, b->where), "subject where");
  ENTRYCMP (x->kind == y->kind, "kind");
  ENTRYCMP (x->flags == y->flags, "flags");
  ENTRYCMP (x->mono_ns == y->mono_ns, "mono_ns");
  ENTRYCMP (x->wall_ns == y->wall_ns, "wall_ns");
  ENTRYCMP (x->cpu == y->cpu, "cpu");
  ENTRYCMP (x->pid == y->pid && x->tgid == y->tgid, "pid/tgid");
  ENTRYCMP (x->ppid == y->ppid && x->ptgid == y->ptgid, "ppid/ptgid");
  ENTRYCMP (x->ruid == y->ruid && x->euid == y->euid, "uids");
  ENTRYCMP (x->rgid == y->rgid && x->egid == y->egid, "gids");
  ENTRYCMP (x->sid == y->sid, "sid");
  ENTRYCMP (x->tracer_pid == y->tracer_pid && x->tracer_tgid == y->tracer_tgid, "tracer");
  ENTRYCMP (x->exit_code == y->exit_code, "exit_code");
  ENTRYCMP (x->exit_signal == y->exit_signal, "exit_signal");
  ENTRYCMP (x->ends == y->ends, "ends");
  ENTRYCMP (x->exec_tid == y->exec_tid, "exec_tid");
  ENTRYCMP (x->lost == y->lost, "lost");
  ENTRYCMP (x->start_ns == y->start_ns, "start_ns");
  ENTRYCMP (entrycmp_str (x->comm, y->comm), "comm");
  ENTRYCMP (entrycmp_argv (x->argv, y->argv), "argv");
  ENTRYCMP (entrycmp_str (x->exe, y->exe), "exe");
  ENTRYCMP (entrycmp_str (x->entity_id, y->entity_id), "entity_id");
  ENTRYCMP (entrycmp_str (x->parent_entity_id, y->parent_entity_id), "parent_entity_id");
  ENTRYCMP (cost_equal (x->cost, y->cost), "cost");
  ENTRYCMP (where_equal (x->where, y->where), "where");
#undef ENTRYCMP
  if (bad && why)
    g_string_append (why, bad);
  return bad == NULL;
}
