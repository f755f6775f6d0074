/* theme.h - the colours and attributes of every screen element.
 *
 * One small table: each role has a colour pair for 8-colour terminals and
 * an attribute for terminals without colour. */
#pragma once

#include <curses.h>
#include <glib.h>

/* What a piece of the screen is. */
typedef enum {
  THEME_NORMAL,
  THEME_HEADER,
  THEME_TITLE,          /* pane title, unfocused */
  THEME_TITLE_FOCUS,    /* pane title, focused */
  THEME_SELECTED,       /* selected row, focused pane */
  THEME_SELECTED_DIM,   /* selected row, unfocused pane */
  THEME_NEW,            /* process started a moment ago */
  THEME_TOMB,           /* exited process */
  THEME_TOMB_BAD,       /* exited with an error or a signal */
  THEME_DIM,            /* ancestor kept only for the tree's shape */
  THEME_MATCH,          /* filter or search match */
  THEME_FROZEN,         /* the FROZEN marker */
  THEME_ALERT,          /* lost events, errors */
  THEME_KEY,            /* function bar key */
  THEME_LABEL,          /* function bar label */
  THEME_KTHREAD,
  THEME_MAX
} ThemeRole;

/* Sets the colour pairs up when the terminal has colours (call after
 * initscr); without colours the monochrome attributes are used. */
void theme_init (void);

/* The attribute to draw ROLE with. */
attr_t theme_attr (ThemeRole role);
