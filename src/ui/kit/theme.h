/* theme.h - the colours and attributes of every screen element.
 *
 * One small table per colour scheme: each role has a colour pair for
 * 8-colour terminals and an attribute for terminals without colour.
 * Without colour (NO_COLOR, --color=never, a terminal that has none, or
 * the monochrome scheme) bold, reverse, underline and dim alone still
 * mark the selection and every state. */
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

/* The colour schemes. */
typedef enum {
  THEME_SCHEME_DEFAULT,     /* for a dark background */
  THEME_SCHEME_MONOCHROME,  /* attributes only, no colour */
  THEME_SCHEME_LIGHT,       /* for a light background */
  THEME_SCHEME_MAX
} ThemeScheme;

/* The schemes' names (settings, --scheme, the setup and help screens),
 * NULL-ended. */
extern const char *const theme_scheme_names[THEME_SCHEME_MAX + 1];

/* Sets the colours up for SCHEME (call after initscr); without COLOR, or
 * on a terminal without colours, attributes alone are used. */
void theme_init (ThemeScheme scheme, gboolean color);

/* Changes the scheme (the screen must then be redrawn whole). */
void theme_set_scheme (ThemeScheme scheme);

/* The scheme in use. */
ThemeScheme theme_scheme (void);

/* The attribute to draw ROLE with. */
attr_t theme_attr (ThemeRole role);
