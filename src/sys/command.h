/* command.h - the command forkscope runs and watches:
 * forkscope [options] -- CMD [ARGS...].
 *
 * command_new finds the program (in PATH, as a shell finds it) and the
 * account of run_as, so that what cannot run is said before anything
 * starts, and makes forkscope a child subreaper (PR_SET_CHILD_SUBREAPER):
 * a process of CMD's subtree whose parent dies is handed to forkscope, not
 * to init, so a daemon the command starts stays in the subtree and is
 * waited for.  command_start, which the caller calls once it listens (so
 * that no event of CMD is missed), forks the child, which takes its
 * standard streams (CommandStdio), its user (run_as: that account's
 * groups, group and uid, and HOME, USER and LOGNAME, as runuser sets
 * them), the default action of every signal forkscope ignores, an empty
 * signal mask, and execs CMD.
 *
 * What ends in the subtree is reaped by command_reap, which the caller
 * calls when command_fd is readable (a SIGCHLD came): CMD, and the
 * processes handed to forkscope.  When none is left, the subtree has
 * ended.  One command at a time: command_new takes SIGCHLD. */
#pragma once

#include <glib.h>

#define COMMAND_ERROR (command_error_quark ())
GQuark command_error_quark (void);

/* Why a command could not be run. */
typedef enum {
  COMMAND_ERROR_NOT_FOUND,    /* no such program: a shell's status 127 */
  COMMAND_ERROR_CANNOT_RUN,   /* found, but its exec or the change of user
                                 failed: 126 */
  COMMAND_ERROR_USER,         /* run_as names no account */
  COMMAND_ERROR_FAILED,       /* the system refused (fork, pipes) */
} CommandError;

/* Where the command's standard streams go. */
typedef enum {
  COMMAND_STDIO_INHERIT,      /* forkscope's own three */
  COMMAND_STDIO_OUT_TO_ERR,   /* forkscope's, but its stdout is forkscope's
                                 stderr: forkscope's stdout carries records */
  COMMAND_STDIO_DETACHED,     /* /dev/null, in a session of its own with no
                                 controlling terminal: the viewer draws
                                 on forkscope's */
} CommandStdio;

/* What to run and how. */
typedef struct {
  char **argv;                /* the command and its arguments */
  const char *run_as;         /* a user name or uid, or NULL: forkscope's */
  CommandStdio stdio;
} CommandOptions;

typedef struct Command Command;

/* The exit status for ERROR (COMMAND_ERROR): a shell's 127 for a program
 * not found, 126 for one that cannot run; 2 (a usage error) for a user
 * that is none; else 1. */
int command_error_status (const GError *error);

/* Finds the program, reads the account of run_as and becomes a child
 * subreaper.  Returns NULL with ERROR (COMMAND_ERROR) when it cannot be
 * run; the message names the program or the user. */
Command *command_new (const CommandOptions *o, GError **error);

/* CMD's pid, 0 before command_start. */
gint command_pid (const Command *c);

/* Forks the child and waits for its exec.  Returns TRUE, or FALSE with
 * ERROR (COMMAND_ERROR_NOT_FOUND or _CANNOT_RUN) when the exec or the
 * change of user failed (the child then exits with 127 or 126, to be
 * reaped as any), or COMMAND_ERROR_FAILED when the fork did
 * (command_pid stays 0). */
gboolean command_start (Command *c, GError **error);

/* A descriptor readable when a child may have changed (a SIGCHLD). */
int command_fd (const Command *c);

/* Reaps every child that has ended, CMD and the processes of its subtree
 * handed to forkscope, and empties command_fd.  Returns whether children
 * are left: FALSE once the subtree has ended. */
gboolean command_reap (Command *c);

/* CMD's exit status as a shell gives it (its code, or 128 plus the
 * signal that ended it) once it has been reaped, else -1. */
int command_status (const Command *c);

/* CMD's raw wait status (valid once command_status is not -1). */
guint32 command_wait_status (const Command *c);

/* Sends signal SIG to CMD while it runs (its pid cannot have been reused:
 * forkscope has not reaped it).  A SIGINT is not sent again when forkscope
 * runs in the foreground of a terminal and CMD shares its process group:
 * the terminal gave it to both.  Returns 0 or -errno (-ESRCH: CMD has been
 * reaped). */
int command_signal (Command *c, int sig);

/* Frees C (NULL is a no-op): a CMD that still runs is sent SIGHUP, as a
 * terminal closing would (forkscope ends first: q, --count, a second
 * signal), and is no longer waited for.  SIGCHLD is given back. */
void command_free (Command *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Command, command_free)
