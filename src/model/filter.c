/* filter.c - matching events and processes against what the user asked. */
#include "filter.h"

#include <fnmatch.h>
#include <string.h>

void
filter_clear (Filter *f)
{
  g_strfreev (f->comms);
  if (f->ppids)
    g_array_unref (f->ppids);
  memset (f, 0, sizeof *f);
}

gboolean
filter_comm_matches (const char *pattern, const char *name)
{
  if (!name || !pattern)
    return FALSE;
  if (strpbrk (pattern, "*?["))
    return fnmatch (pattern, name, 0) == 0;
  return strstr (name, pattern) != NULL;
}

/* Whether any of F's patterns matches NAME. */
static gboolean
filter_any_comm (const Filter *f, const char *name)
{
  for (char **c = f->comms; *c; c++)
    if (filter_comm_matches (*c, name))
      return TRUE;
  return FALSE;
}

/* Whether PPID is one of F's parents. */
static gboolean
filter_has_ppid (const Filter *f, gint ppid)
{
  for (guint i = 0; i < f->ppids->len; i++)
    if (g_array_index (f->ppids, gint, i) == ppid)
      return TRUE;
  return FALSE;
}

gboolean
filter_match_proc (const Filter *f, const Proc *p)
{
  if (f->comms && *f->comms && !filter_any_comm (f, p->comm))
    return FALSE;
  if (f->has_uid && !((p->flags & PROC_F_CREDS)
                      && (p->ruid == f->uid || p->euid == f->uid)))
    return FALSE;
  if (f->subtree && !proc_is_descendant (p, f->subtree))
    return FALSE;
  if (f->ppids && f->ppids->len && !filter_has_ppid (f, p->ppid))
    return FALSE;
  return TRUE;
}

gboolean
filter_match_event (const Filter *f, const Event *ev,
                    const Proc *p)
{
  guint kinds = f->kinds ? f->kinds : EVENT_MASK_ALL & ~EVENT_MASK (EVENT_SNAPSHOT);

  if (ev->kind == EVENT_LOST)
    return TRUE;
  if (!(kinds & EVENT_MASK (ev->kind)))
    return FALSE;
  if (ev->kind == EVENT_EXIT && !f->threads && !event_ends_process (ev))
    return FALSE;
  if (f->failed && !event_failed (ev))
    return FALSE;
  if (p)
    {
      /* For a thread's rename the thread's new name is what the user sees. */
      if (f->comms && *f->comms && ev->comm && filter_any_comm (f, ev->comm))
        {
          Filter rest = *f;
          rest.comms = NULL;
          return filter_match_proc (&rest, p);
        }
      return filter_match_proc (f, p);
    }
  /* No process known: judge on what the event itself says. */
  if (f->comms && *f->comms && !filter_any_comm (f, ev->comm))
    return FALSE;
  if (f->has_uid && !((ev->flags & EVENT_F_CREDS)
                      && (ev->ruid == f->uid || ev->euid == f->uid)))
    return FALSE;
  if (f->subtree && ev->tgid != f->subtree)
    return FALSE;
  if (f->ppids && f->ppids->len && !filter_has_ppid (f, ev->ptgid))
    return FALSE;
  return TRUE;
}
