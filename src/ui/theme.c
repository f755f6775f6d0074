/* theme.c - the colour table. */
#include "theme.h"

/* One role: its colours and the attributes with and without colour. */
typedef struct {
  short fg, bg;      /* -1 = the terminal's default */
  attr_t color;      /* added to the colour pair */
  attr_t mono;       /* used alone without colour */
} ThemeEntry;

/* The default theme: only the 8 basic colours. */
static const ThemeEntry theme_table[THEME_MAX] = {
  [THEME_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
  [THEME_HEADER] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
  [THEME_TITLE] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_UNDERLINE },
  [THEME_TITLE_FOCUS] = { COLOR_BLACK, COLOR_GREEN, A_BOLD, A_REVERSE | A_BOLD },
  [THEME_SELECTED] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
  [THEME_SELECTED_DIM] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_UNDERLINE },
  [THEME_NEW] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
  [THEME_TOMB] = { COLOR_YELLOW, -1, A_NORMAL, A_DIM },
  [THEME_TOMB_BAD] = { COLOR_RED, -1, A_BOLD, A_DIM | A_BOLD },
  [THEME_DIM] = { COLOR_BLUE, -1, A_DIM, A_DIM },
  [THEME_MATCH] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
  [THEME_FROZEN] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD | A_BLINK },
  [THEME_ALERT] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
  [THEME_KEY] = { COLOR_WHITE, COLOR_BLACK, A_NORMAL, A_NORMAL },
  [THEME_LABEL] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
  [THEME_KTHREAD] = { COLOR_MAGENTA, -1, A_NORMAL, A_DIM },
};

/* Whether colour pairs were set up. */
static gboolean theme_colors;

void
theme_init (void)
{
  gboolean defaults;

  theme_colors = has_colors () && start_color () == OK && COLOR_PAIRS > THEME_MAX;
  if (!theme_colors)
    return;
  defaults = use_default_colors () == OK;
  for (int i = 1; i < THEME_MAX; i++)
    {
      const ThemeEntry *e = &theme_table[i];
      short fg = e->fg, bg = e->bg;
      if (!defaults)
        {
          fg = fg < 0 ? COLOR_WHITE : fg;
          bg = bg < 0 ? COLOR_BLACK : bg;
        }
      init_pair (i, fg, bg);
    }
}

attr_t
theme_attr (ThemeRole role)
{
  if (role >= THEME_MAX)
    role = THEME_NORMAL;
  if (!theme_colors)
    return theme_table[role].mono;
  return (role ? COLOR_PAIR (role) : 0) | theme_table[role].color;
}
