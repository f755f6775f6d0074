/* monitorprivate.h - what the files of the monitor share: monitor.c (the
 * one path every event takes, setting up and the monitor's state),
 * monitorlive.c (a live source's losses, resyncs and orphans),
 * monitorproc.c (what is read of /proc beside the events: where processes
 * run, cgroups, the tick, the views' samples and signals),
 * monitorcommand.c (the command of forkscope -- CMD) and monitorreplay.c
 * (a replay's pace and seeks).  Nothing outside src/monitor/ includes
 * this. */
#pragma once

#include "monitor.h"
#include "source.h"
#include "taskstats.h"
#include "oomkill.h"
#include "command.h"

/* The most notices of a recording held (for the viewer's header): a
 * recording could hold any number, each passed on. */
#define MONITOR_RECORDED_MAX 8

struct Monitor {
  Source *src;
  Proctab *pt;
  History *history;      /* every event, for a viewer; or NULL */
  MonitorStats stats;
  MonitorListener listener;
  MonitorDone done;
  gpointer user;
  MonitorOriginListener origin_listener;
  gpointer origin_user;
  MonitorLongWaitListener long_wait_listener;
  gpointer long_wait_user;
  MonitorNoticeListener notice_listener;
  gpointer notice_user;
  GPtrArray *recorded;   /* a replay's notices, distinct, in the order read
                            (at most MONITOR_RECORDED_MAX) */
  char *recorded_said;   /* see monitor_recorded_notice(), NULL not made */
  Origin *origin;        /* see monitor_origin() */
  char *proc_root;
  char *notice;          /* why this source, when it was not asked for */
  char *history_notice;  /* what the history could not have */
  char *notice_all;      /* both, with the source's description */
  gint64 keep_ns;        /* the tables' tombstone keeping, for new ones */
  guint max_tombs;
  gint64 last_mono_ns;   /* newest event's clocks (replay time) */
  gint64 last_wall_ns;
  Event *lost;           /* a live source's loss, held until its batch is in */
  guint resync_id;       /* the idle source that reports it and resyncs */
  GHashTable *resync_exits;  /* pid -> when the scan of a resync that reported its end ended */
  gint self_pid;         /* live sources: forkscope's own process, whose
                            events are left out; 0 for a replay */
  GHashTable *samples;   /* serial -> MonitorCpu: each process's last CPU
                            reading, for the CPU used since */
  Taskstats *ts;         /* the kernel's task statistics, or NULL */
  Oomkill *oom;          /* the OOM killer's victims (live sources, where
                            the kernel's log is readable), or NULL */
  char *cost_notice;     /* see monitor_cost_notice() */
  gboolean cost_refused; /* they could not be had */
  gboolean want_cgroups; /* every live process's cgroup is read */
  GArray *unread;        /* serials of processes forked since the last
                            monitor_tick whose namespace was inherited,
                            not read (monitor_check_where) */
  char *names_root;      /* where runtimes' files are read for containers'
                            names ("/"), NULL not read */
  GPtrArray *to_name;    /* of Container*, seen and not looked up yet */
  gint64 cgroup_pass_ns; /* when monitor_tick last read young processes'
                            cgroups (CLOCK_MONOTONIC) */
  Command *command;      /* the command watched, or NULL */
  guint command_id;      /* the watch of its children, 0 when none */
  guint settle_id;       /* the wait for its subtree's last reports */
  gint64 settle_end_ns;  /* when that wait ends at the latest */
  gboolean passed;       /* a signal was passed to it */
  gboolean left;         /* the run ended first: its end is not taken */
  int command_status;    /* monitor_command_status() */
  GError *command_error; /* why it could not be run, or NULL */
  guint64 pins[PROCTAB_PINS];  /* what the table keeps (monitor_pin) */
};

/* Shared between the files, each described at its definition:
 * monitor.c's, */
gboolean monitor_is_own (Monitor *m, const Event *ev);
Proc *monitor_apply (Monitor *m, Event *ev, Proc *subject);
void monitor_note_command_end (Monitor *m, Event *ev);
void monitor_schedule_loss (Monitor *m);
void monitor_on_event (const Event *ev, gpointer user);
/* monitorlive.c's, */
void monitor_resync (Monitor *m);
gboolean monitor_on_loss (gpointer data);
void monitor_hold_loss (Monitor *m, const Event *ev);
gboolean monitor_is_late (Monitor *m, const Event *ev, const Proc *p);
void monitor_check_orphans (Monitor *m, GArray *orphans, const Event *exit_ev);
GArray *monitor_live_children (const Proc *p);
/* monitorproc.c's, */
void monitor_read_cgroup (Monitor *m, Proc *p, gboolean fresh);
gboolean monitor_note_where (Monitor *m, Event *ev, const Proc *subject, const Proc *forker,
                             const char *cgroup);
void monitor_note_new (Monitor *m, const Event *ev, const Proc *p);
/* monitorcommand.c's. */
void monitor_command_go (Monitor *m);
