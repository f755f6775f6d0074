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
  gint pid;
  int gate;            /* the pipe the child waits on (write end), -1 once
                          it is let go */
  int report;          /* the pipe it reports a failure on (read end) */
  int chld[2];         /* SIGCHLD's self-pipe */
  struct sigaction old_chld;
  char *name;          /* the program as given, for messages */
  char *user;          /* run_as's login name, or NULL */
  gboolean detached;   /* COMMAND_STDIO_DETACHED */
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

/* Everything the child needs, made before the fork: after it, in a
 * process with threads, only async-signal-safe calls are allowed. */
typedef struct {
  const char *path;
  char **argv;
  char **envp;
  int gate, report;
  CommandStdio stdio;
  gboolean change_user;
  uid_t uid;
  gid_t gid;
  const gid_t *groups;
  int n_groups;
} CommandChild;

/* Reports STEP's failure (errno) to forkscope and exits as a shell would:
 * 127 for a program that is not there, 126 otherwise. */
static void G_GNUC_NORETURN
command_child_fail (const CommandChild *c, CommandStep step)
{
  CommandReport r = { step, errno };

  (void) !write (c->report, &r, sizeof r);
  _exit (step == COMMAND_STEP_EXEC && (r.err == ENOENT || r.err == ENOTDIR) ? 127 : 126);
}

/* The child: waits to be let go, takes its streams, signals and user,
 * and execs. */
static void G_GNUC_NORETURN
command_child (const CommandChild *c)
{
  struct sigaction dfl = { .sa_handler = SIG_DFL };
  sigset_t none;
  char go;
  ssize_t n;

  do
    n = read (c->gate, &go, 1);
  while (n < 0 && errno == EINTR);
  /* forkscope went away without letting it go. */
  if (n != 1)
    _exit (127);
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
        command_child_fail (c, COMMAND_STEP_EXEC);
      if (null > STDERR_FILENO)
        close (null);
    }
  else if (c->stdio == COMMAND_STDIO_OUT_TO_ERR && dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    command_child_fail (c, COMMAND_STEP_EXEC);
  if (c->change_user
      && (setgroups ((size_t) c->n_groups, c->groups) < 0 || setgid (c->gid) < 0
          || setuid (c->uid) < 0))
    command_child_fail (c, COMMAND_STEP_USER);
  execve (c->path, c->argv, c->envp);
  command_child_fail (c, COMMAND_STEP_EXEC);
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
  g_autofree char *path = command_find (o->argv[0], error);
  g_auto (UsersAccount) account = { 0 };
  g_auto (GStrv) envp = g_get_environ ();
  int gate[2], report[2];
  struct sigaction sa = { .sa_handler = command_on_chld, .sa_flags = SA_RESTART | SA_NOCLDSTOP };

  if (!path)
    return NULL;
  if (o->run_as)
    {
      if (!users_account (o->run_as, &account))
        {
          g_set_error (error, COMMAND_ERROR, COMMAND_ERROR_USER, "--run-as: no such user '%s'",
                       o->run_as);
          return NULL;
        }
      envp = g_environ_setenv (envp, "HOME", account.home, TRUE);
      envp = g_environ_setenv (envp, "USER", account.name, TRUE);
      envp = g_environ_setenv (envp, "LOGNAME", account.name, TRUE);
    }
  if (prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
    {
      command_set_errno (error, "PR_SET_CHILD_SUBREAPER");
      return NULL;
    }
  g_autoptr (Command) c = g_new0 (Command, 1);
  c->gate = c->report = c->chld[0] = c->chld[1] = -1;
  c->status = -1;
  c->name = g_strdup (o->argv[0]);
  c->user = g_strdup (account.name);
  c->detached = o->stdio == COMMAND_STDIO_DETACHED;
  if (pipe2 (c->chld, O_CLOEXEC | O_NONBLOCK) < 0)
    {
      command_set_errno (error, "pipe");
      return NULL;
    }
  command_chld_fd = c->chld[1];
  sigemptyset (&sa.sa_mask);
  sigaction (SIGCHLD, &sa, &c->old_chld);
  if (pipe2 (gate, O_CLOEXEC) < 0)
    {
      command_set_errno (error, "pipe");
      return NULL;
    }
  if (pipe2 (report, O_CLOEXEC) < 0)
    {
      command_set_errno (error, "pipe");
      close (gate[0]);
      close (gate[1]);
      return NULL;
    }
  CommandChild child = { .path = path, .argv = o->argv, .envp = envp, .gate = gate[0],
                         .report = report[1], .stdio = o->stdio,
                         .change_user = o->run_as != NULL, .uid = account.uid,
                         .gid = account.gid, .groups = account.groups,
                         .n_groups = account.n_groups };
  c->pid = fork ();
  if (c->pid == 0)
    {
      close (gate[1]);
      close (report[0]);
      command_child (&child);
    }
  close (gate[0]);
  close (report[1]);
  c->gate = gate[1];
  c->report = report[0];
  if (c->pid < 0)
    {
      command_set_errno (error, "fork");
      return NULL;
    }
  return g_steal_pointer (&c);
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
  ssize_t n;

  (void) !write (c->gate, "", 1);
  command_close (&c->gate);
  /* The report pipe closes at the exec; a failure is written first. */
  do
    n = read (c->report, &r, sizeof r);
  while (n < 0 && errno == EINTR);
  command_close (&c->report);
  if (n != (ssize_t) sizeof r)
    return TRUE;
  if (r.step == COMMAND_STEP_USER)
    g_set_error (error, COMMAND_ERROR, COMMAND_ERROR_CANNOT_RUN, "cannot run %s as %s: %s",
                 c->name, c->user, g_strerror (r.err));
  else
    g_set_error (error, COMMAND_ERROR,
                 r.err == ENOENT || r.err == ENOTDIR ? COMMAND_ERROR_NOT_FOUND
                                                     : COMMAND_ERROR_CANNOT_RUN,
                 "%s: %s", c->name, g_strerror (r.err));
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

  if (sig != SIGINT || c->detached)
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
  if (c->status >= 0)
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
  /* Never let go: closing the gate ends it. */
  command_close (&c->gate);
  command_close (&c->report);
  if (c->pid > 0 && c->status < 0)
    kill (c->pid, SIGHUP);
  if (c->chld[1] >= 0)
    {
      sigaction (SIGCHLD, &c->old_chld, NULL);
      command_chld_fd = -1;
    }
  command_close (&c->chld[0]);
  command_close (&c->chld[1]);
  g_free (c->name);
  g_free (c->user);
  g_free (c);
}
