/* theme.c - the colour schemes (see theme.h). */
#include "theme.h"

/* One role: its colours and the attributes with and without colour. */
typedef struct {
  short fg, bg;      /* -1 = the terminal's default */
  attr_t color;      /* added to the colour pair */
  attr_t mono;       /* used alone without colour */
} ThemeEntry;

const char *const theme_scheme_names[THEME_SCHEME_MAX + 1] = {
  "default", "monochrome", "light", NULL,
};

/* The default scheme, for a dark background: the 8 basic colours only. */
static const ThemeEntry theme_default[THEME_MAX] = {
  [THEME_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
  [THEME_HEADER] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
  [THEME_TITLE] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_UNDERLINE },
  [THEME_TITLE_FOCUS] = { COLOR_BLACK, COLOR_GREEN, A_BOLD, A_REVERSE | A_BOLD },
  [THEME_SELECTED] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
  [THEME_SELECTED_DIM] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_UNDERLINE },
  [THEME_NEW] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
  [THEME_TOMB] = { COLOR_YELLOW, -1, A_NORMAL, A_DIM },
  [THEME_TOMB_BAD] = { COLOR_RED, -1, A_BOLD, A_DIM | A_BOLD },
  [THEME_DIM] = { -1, -1, A_DIM, A_DIM },
  [THEME_MATCH] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
  [THEME_FROZEN] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
  [THEME_ALERT] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
  [THEME_KEY] = { COLOR_WHITE, COLOR_BLACK, A_NORMAL, A_NORMAL },
  [THEME_LABEL] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
  [THEME_KTHREAD] = { COLOR_MAGENTA, -1, A_NORMAL, A_DIM },
};

/* For a light background: no yellow, green, white or cyan text on the
 * terminal's background, where they fade; dark text on the bars. */
static const ThemeEntry theme_light[THEME_MAX] = {
  [THEME_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
  [THEME_HEADER] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
  [THEME_TITLE] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_UNDERLINE },
  [THEME_TITLE_FOCUS] = { COLOR_WHITE, COLOR_GREEN, A_BOLD, A_REVERSE | A_BOLD },
  [THEME_SELECTED] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
  [THEME_SELECTED_DIM] = { COLOR_BLACK, COLOR_WHITE, A_UNDERLINE, A_UNDERLINE },
  [THEME_NEW] = { COLOR_BLUE, -1, A_BOLD, A_BOLD },
  [THEME_TOMB] = { COLOR_MAGENTA, -1, A_NORMAL, A_DIM },
  [THEME_TOMB_BAD] = { COLOR_RED, -1, A_BOLD, A_DIM | A_BOLD },
  [THEME_DIM] = { -1, -1, A_DIM, A_DIM },
  [THEME_MATCH] = { -1, -1, A_BOLD | A_UNDERLINE, A_BOLD },
  [THEME_FROZEN] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
  [THEME_ALERT] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
  [THEME_KEY] = { COLOR_WHITE, COLOR_BLACK, A_BOLD, A_NORMAL },
  [THEME_LABEL] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
  [THEME_KTHREAD] = { COLOR_MAGENTA, -1, A_NORMAL, A_DIM },
};

/* Whether the terminal's colours may be used, and the pairs are set up. */
static gboolean theme_colors;
/* Whether the terminal's default colours can be used (-1). */
static gboolean theme_defaults;
/* The scheme in use. */
static ThemeScheme theme_current;

/* The table of the scheme in use (the monochrome one uses the default
 * table's attributes without colour). */
static const ThemeEntry *
theme_table (void)
{
  return theme_current == THEME_SCHEME_LIGHT ? theme_light : theme_default;
}

void
theme_set_scheme (ThemeScheme scheme)
{
  const ThemeEntry *table;

  theme_current = scheme < THEME_SCHEME_MAX ? scheme : THEME_SCHEME_DEFAULT;
  if (!theme_colors)
    return;
  table = theme_table ();
  for (int i = 1; i < THEME_MAX; i++)
    {
      short fg = table[i].fg, bg = table[i].bg;
      if (!theme_defaults)
        {
          gboolean light = theme_current == THEME_SCHEME_LIGHT;
          fg = fg < 0 ? (light ? COLOR_BLACK : COLOR_WHITE) : fg;
          bg = bg < 0 ? (light ? COLOR_WHITE : COLOR_BLACK) : bg;
        }
      init_pair (i, fg, bg);
    }
}

void
theme_init (ThemeScheme scheme, gboolean color)
{
  theme_colors = color && has_colors () && start_color () == OK && COLOR_PAIRS > THEME_MAX;
  theme_defaults = theme_colors && use_default_colors () == OK;
  theme_set_scheme (scheme);
}

ThemeScheme
theme_scheme (void)
{
  return theme_current;
}

attr_t
theme_attr (ThemeRole role)
{
  if (role >= THEME_MAX)
    role = THEME_NORMAL;
  if (!theme_colors || theme_current == THEME_SCHEME_MONOCHROME)
    return theme_default[role].mono;
  return (role ? COLOR_PAIR (role) : 0) | theme_table ()[role].color;
}
