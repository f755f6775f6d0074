/* monitorcommand.c - the command of forkscope -- CMD watched: started
 * after the snapshot, its subtree reaped, its end told (see monitor.h). */
#include "monitorprivate.h"

#include <glib-unix.h>

/* How long the end of a command's subtree waits for the kernel's last
 * reports of it: they are sent as the processes exit, but can be read
 * after forkscope has reaped the last one. */
#define MONITOR_SETTLE_NS (G_GINT64_CONSTANT (1000000000))

/* Whether the model has seen the end of every child of forkscope's own
 * process: the command and what was handed to forkscope. */
static gboolean
monitor_command_settled (Monitor *m)
{
  const Proc *self = proctab_lookup (m->pt, m->self_pid);

  if (self)
    for (GList *l = self->children.head; l; l = l->next)
      if (((const Proc *) l->data)->alive)
        return FALSE;
  return TRUE;
}

/* Timer while the command's subtree settles: once the model has seen
 * its end, or the wait is over, a last resync, and the run is told. */
static gboolean
monitor_on_settle (gpointer data)
{
  Monitor *m = data;

  if (!monitor_command_settled (m) && g_get_monotonic_time () * 1000 < m->settle_end_ns)
    return G_SOURCE_CONTINUE;
  m->settle_id = 0;
  monitor_resync (m);
  if (!m->left)
    m->command_status = command_status (m->command);
  if (m->done)
    m->done (NULL, m->user);
  return G_SOURCE_REMOVE;
}

/* The command's descriptor: a child has changed.  Once none is left, the
 * subtree has ended: its last reports are waited for (not a poller's,
 * which come a whole interval late). */
static gboolean
monitor_on_child (gint fd, GIOCondition cond, gpointer data)
{
  Monitor *m = data;

  if (command_reap (m->command))
    return G_SOURCE_CONTINUE;
  m->command_id = 0;
  m->settle_end_ns = g_get_monotonic_time () * 1000
                     + (m->src->klass->scans ? 0 : MONITOR_SETTLE_NS);
  m->settle_id = g_timeout_add (10, monitor_on_settle, m);
  return G_SOURCE_REMOVE;
}

/* Idle source: the command could not be forked; the run is over. */
static gboolean
monitor_on_command_failed (gpointer data)
{
  Monitor *m = data;

  m->settle_id = 0;
  if (m->done)
    m->done (NULL, m->user);
  return G_SOURCE_REMOVE;
}

/* Starts the command, and watches its children.  When its exec failed,
 * its end (126 or 127) is watched as any; when it could not even be
 * forked, the done listener is told, from the main loop (which may not
 * be running yet). */
void
monitor_command_go (Monitor *m)
{
  if (!command_start (m->command, &m->command_error) && !command_pid (m->command))
    {
      m->command_status = command_error_status (m->command_error);
      /* Not a mere idle: a poller that scans all the time would starve it. */
      m->settle_id = g_idle_add_full (G_PRIORITY_DEFAULT, monitor_on_command_failed, m, NULL);
      return;
    }
  m->command_id = g_unix_fd_add (command_fd (m->command), G_IO_IN, monitor_on_child, m);
}

void
monitor_watch_command (Monitor *m, Command *c)
{
  g_return_if_fail (m->src->klass->live && !m->command);
  m->command = c;
}

gint
monitor_command_pid (Monitor *m)
{
  return m->command ? command_pid (m->command) : 0;
}

int
monitor_command_status (Monitor *m)
{
  return m->command_status;
}

void
monitor_command_leave (Monitor *m)
{
  m->left = TRUE;
}

const GError *
monitor_command_error (Monitor *m)
{
  return m->command_error;
}

gboolean
monitor_command_signal (Monitor *m, int sig)
{
  if (!m->command || m->passed || m->command_status >= 0 || !m->command_id)
    return FALSE;
  m->passed = TRUE;
  return command_signal (m->command, sig) == 0;
}
