/* command.c - running and reaping the watched command (see command.h). */
#include "command.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "users.h"

G_DEFINE_QUARK (forkscope-command-error-quark, command_error)

/* What the child reports when it cannot exec: the step that failed, and
 * its errno. */
typedef enum {
  COMMAND_STEP_USER,
  COMMAND_STEP_EXEC,
} CommandStep;

/* A report from the child. */
typedef struct {
  int step;          /* CommandStep */
  int err;           /* errno */
} CommandReport;

struct Command {
  gint pid;            /* 0 until it is started */
  char *path;          /* the program found */
  char **argv;
  char **envp;
  CommandStdio stdio;
  UsersAccount account;   /* run_as's, all 0 without */
  gboolean change_user;
  int chld[2];         /* SIGCHLD's self-pipe */
  struct sigaction old_chld;
  int status;          /* -1 until CMD is reaped */
  guint32 raw;
};

/* The write end of SIGCHLD's self-pipe, for the handler. */
static int command_chld_fd = -1;

/* SIGCHLD: wakes the main loop through the self-pipe. */
static void
command_on_chld (int sig)
{
  int saved = errno;

  (void) sig;
  if (command_chld_fd >= 0)
    (void) !write (command_chld_fd, "", 1);
  errno = saved;
}

/* Reports STEP's failure (errno) on REPORT and exits as a shell would:
 * 127 for a program that is not there, 126 otherwise. */
static void G_GNUC_NORETURN
command_child_fail (int report, CommandStep step)
{
  CommandReport r = { step, errno };

  (void) !write (report, &r, sizeof r);
  _exit (step == COMMAND_STEP_EXEC && (r.err == ENOENT || r.err == ENOTDIR) ? 127 : 126);
}

/* The child: takes its streams, signals and user, and execs; a failure
 * goes to REPORT.  Everything it needs was made before the fork: after
 * it, in a process with threads, only async-signal-safe calls are
 * allowed. */
static void G_GNUC_NORETURN
command_child (const Command *c, int report)
{
  struct sigaction dfl = { .sa_handler = SIG_DFL };
  sigset_t none;

  /* main() ignores these; SIGCHLD is forkscope's. */
  sigaction (SIGPIPE, &dfl, NULL);
  sigaction (SIGXFSZ, &dfl, NULL);
  sigaction (SIGCHLD, &dfl, NULL);
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  if (c->stdio == COMMAND_STDIO_DETACHED)
    {
      int null = open ("/dev/null", O_RDWR);
      (void) setsid ();
      if (null < 0 || dup2 (null, STDIN_FILENO) < 0 || dup2 (null, STDOUT_FILENO) < 0
          || dup2 (null, STDERR_FILENO) < 0)
        command_child_fail (report, COMMAND_STEP_EXEC);
      if (null > STDERR_FILENO)
        close (null);
    }
  else if (c->stdio == COMMAND_STDIO_OUT_TO_ERR && dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    command_child_fail (report, COMMAND_STEP_EXEC);
  if (c->change_user
      && (setgroups ((size_t) c->account.n_groups, c->account.groups) < 0
          || setgid (c->account.gid) < 0 || setuid (c->account.uid) < 0))
    command_child_fail (report, COMMAND_STEP_USER);
  execve (c->path, c->argv, c->envp);
  command_child_fail (report, COMMAND_STEP_EXEC);
}

/* Where ARGV0 is: itself when it holds a slash, else the first executable
 * of that name in PATH.  NULL with ERROR when there is none.  New string. */
static char *
command_find (const char *argv0, GError **error)
{
  char *path = strchr (argv0, '/') ? g_strdup (argv0) : g_find_program_in_path (argv0);

  if (path && access (path, F_OK) == 0)
    return path;
  g_free (path);
  g_set_error (error, COMMAND_ERROR, COMMAND_ERROR_NOT_FOUND,
               strchr (argv0, '/') ? "%s: No such file or directory" : "%s: command not found",
               argv0);
  return NULL;
}

/* Sets ERROR (COMMAND_ERROR_FAILED) for the system call WHAT. */
static void
command_set_errno (GError **error, const char *what)
{
  int e = errno;

  g_set_error (error, COMMAND_ERROR, COMMAND_ERROR_FAILED, "cannot run the command: %s: %s",
               what, g_strerror (e));
}

/* Closes the descriptor *FD if open, and marks it closed. */
static void
command_close (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

Command *
command_new (const CommandOptions *o, GError **error)
{
  struct sigaction sa = { .sa_handler = command_on_chld, .sa_flags = SA_RESTART | SA_NOCLDSTOP };
  g_autoptr (Command) c = g_new0 (Command, 1);

  c->chld[0] = c->chld[1] = -1;
  c->status = -1;
  c->path = command_find (o->argv[0], error);
  if (!c->path)
    return NULL;
  c->argv = g_strdupv (o->argv);
  c->envp = g_get_environ ();
  c->stdio = o->stdio;
  if (o->run_as)
    {
      if (!users_account (o->run_as, &c->account))
        {
          g_set_error (error, COMMAND_ERROR, COMMAND_ERROR_USER, "--run-as: no such user '%s'",
                       o->run_as);
          return NULL;
        }
      c->change_user = TRUE;
      c->envp = g_environ_setenv (c->envp, "HOME", c->account.home, TRUE);
      c->envp = g_environ_setenv (c->envp, "USER", c->account.name, TRUE);
      c->envp = g_environ_setenv (c->envp, "LOGNAME", c->account.name, TRUE);
    }
  if (prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
    {
      command_set_errno (error, "PR_SET_CHILD_SUBREAPER");
      return NULL;
    }
  if (pipe2 (c->chld, O_CLOEXEC | O_NONBLOCK) < 0)
    {
      command_set_errno (error, "pipe");
      return NULL;
    }
  command_chld_fd = c->chld[1];
  sigemptyset (&sa.sa_mask);
  sigaction (SIGCHLD, &sa, &c->old_chld);
  return g_steal_pointer (&c);
}

int
command_error_status (const GError *error)
{
  if (error->domain != COMMAND_ERROR)
    return 1;
  switch (error->code)
    {
    case COMMAND_ERROR_NOT_FOUND:
      return 127;
    case COMMAND_ERROR_CANNOT_RUN:
      return 126;
    case COMMAND_ERROR_USER:
      return 2;
    default:
      return 1;
    }
}

gint
command_pid (const Command *c)
{
  return c->pid;
}

gboolean
command_start (Command *c, GError **error)
{
  CommandReport r;
  int report[2];
  ssize_t n;

  if (pipe2 (report, O_CLOEXEC) < 0)
    {
      command_set_errno (error, "pipe");
      return FALSE;
    }
  c->pid = fork ();
  if (c->pid == 0)
    {
      close (report[0]);
      command_child (c, report[1]);
    }
  close (report[1]);
  if (c->pid < 0)
    {
      c->pid = 0;
      close (report[0]);
      command_set_errno (error, "fork");
      return FALSE;
    }
  /* The report pipe closes at the exec; a failure is written first. */
  do
    n = read (report[0], &r, sizeof r);
  while (n < 0 && errno == EINTR);
  close (report[0]);
  if (n != (ssize_t) sizeof r)
    return TRUE;
  if (r.step == COMMAND_STEP_USER)
    g_set_error (error, COMMAND_ERROR, COMMAND_ERROR_CANNOT_RUN, "cannot run %s as %s: %s",
                 c->argv[0], c->account.name, g_strerror (r.err));
  else
    g_set_error (error, COMMAND_ERROR,
                 r.err == ENOENT || r.err == ENOTDIR ? COMMAND_ERROR_NOT_FOUND
                                                     : COMMAND_ERROR_CANNOT_RUN,
                 "%s: %s", c->argv[0], g_strerror (r.err));
  return FALSE;
}

int
command_fd (const Command *c)
{
  return c->chld[0];
}

gboolean
command_reap (Command *c)
{
  char drain[64];
  int st;

  while (read (c->chld[0], drain, sizeof drain) > 0)
    ;
  for (;;)
    {
      pid_t pid = waitpid (-1, &st, WNOHANG);
      if (pid < 0 && errno == EINTR)
        continue;
      if (pid < 0)
        return FALSE;   /* ECHILD: no child left */
      if (pid == 0)
        return TRUE;
      if (pid == c->pid)
        {
          c->raw = (guint32) st;
          c->status = WIFSIGNALED (st) ? 128 + WTERMSIG (st) : WEXITSTATUS (st);
        }
    }
}

int
command_status (const Command *c)
{
  return c->status;
}

guint32
command_wait_status (const Command *c)
{
  return c->raw;
}

/* Whether the SIGINT forkscope got came from its terminal, which gave it
 * to CMD too: forkscope is in the terminal's foreground process group,
 * and CMD in it. */
static gboolean
command_from_terminal (const Command *c, int sig)
{
  int fd;
  gboolean fg;

  if (sig != SIGINT || c->stdio == COMMAND_STDIO_DETACHED)
    return FALSE;
  fd = open ("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  fg = tcgetpgrp (fd) == getpgrp ();
  close (fd);
  return fg;
}

int
command_signal (Command *c, int sig)
{
  if (c->pid <= 0 || c->status >= 0)
    return -ESRCH;
  if (command_from_terminal (c, sig))
    return 0;
  return kill (c->pid, sig) < 0 ? -errno : 0;
}

void
command_free (Command *c)
{
  if (!c)
    return;
  if (c->pid > 0 && c->status < 0)
    kill (c->pid, SIGHUP);
  if (c->chld[1] >= 0)
    {
      sigaction (SIGCHLD, &c->old_chld, NULL);
      command_chld_fd = -1;
    }
  command_close (&c->chld[0]);
  command_close (&c->chld[1]);
  g_free (c->path);
  g_strfreev (c->argv);
  g_strfreev (c->envp);
  users_account_clear (&c->account);
  g_free (c);
}
