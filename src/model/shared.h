/* shared.h - immutable strings and command lines that the process tables
 * share by reference.
 *
 * A process's name, executable and cgroup repeat across a machine (every
 * worker of a server, every child of a shell until it execs), and every
 * copy of a table (the time cursor's, the history's saved ones) holds them
 * again: so the tables keep one interned copy of each distinct string,
 * counted by reference, and one packed block per command line (its
 * pointers and its strings in one allocation), shared by reference
 * between a parent and its forked children and between the copies of a
 * table.
 *
 * What these return reads like any string or NULL-terminated array, but is
 * never freed with g_free/g_strfreev nor changed: only released through
 * shared_str_unref/shared_argv_unref.  NULL stands for unknown
 * throughout and costs nothing.  Safe from any thread. */
#pragma once

#include <glib.h>

/* The interned copy of S (NULL for NULL), with one more reference. */
char *shared_str (const char *s);

/* One more reference to S, a string shared_str gave (NULL: NULL). */
char *shared_str_ref (char *s);

/* Drops a reference to S (NULL: nothing). */
void shared_str_unref (char *s);

/* A packed copy of the NULL-terminated ARGV, with one reference (NULL for
 * NULL). */
char **shared_argv (char *const *argv);

/* One more reference to ARGV, a command line shared_argv gave. */
char **shared_argv_ref (char **argv);

/* Drops a reference to ARGV (NULL: nothing). */
void shared_argv_unref (char **argv);

/* How many distinct strings are interned now (for tests). */
guint shared_str_count (void);
