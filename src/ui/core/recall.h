/* recall.h - what was typed into a prompt before, brought back with Up
 * and Down as a shell does (pure).
 *
 * The lines are kept oldest first, each once (typed again, it becomes the
 * newest), at most RECALL_MAX of them.  Browsing starts from what is
 * being typed, the draft: Up shows an older line, Down a newer one, and
 * down past the newest the draft again; recall_add or recall_rewind ends
 * it. */
#pragma once

#include <glib.h>

/* The most lines kept. */
#define RECALL_MAX 64

/* The lines typed before, and where browsing stands. */
typedef struct {
  GPtrArray *lines;    /* of char*, oldest first */
  guint at;            /* the line shown while browsing; lines->len: the draft */
  char *draft;         /* what was typed when browsing began, NULL before */
} Recall;

/* Sets R up empty; recall_clear frees it. */
void recall_init (Recall *r);
void recall_clear (Recall *r);

/* Keeps LINE as the newest (an empty or NULL one is not kept), and ends
 * browsing. */
void recall_add (Recall *r, const char *line);

/* Ends browsing: the next step starts from the draft again. */
void recall_rewind (Recall *r);

/* One step while TYPED is shown: DIR -1 (Up) an older line, 1 (Down) a
 * newer one or, past the newest, the draft.  The first step keeps TYPED as
 * the draft.  Returns the line to show now (R's), or NULL when there is
 * nothing further that way (TYPED stays). */
const char *recall_step (Recall *r, int dir, const char *typed);
