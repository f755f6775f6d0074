/* budget.h - the budgets of tests/budget/budgets.txt, read and checked.
 *
 * The file holds one budget a line, "NAME VALUE", '#' starting a comment:
 * the most each deterministic figure of forkscope's cost may be.  Every
 * check prints the figure beside its budget, passing or not, so that the
 * log of each run says where forkscope stands. */
#pragma once

#include <glib.h>

/* Reads the budgets in PATH: NAME -> VALUE (a double, boxed).  Returns
 * NULL after printing why when it cannot be read or a line is malformed. */
GHashTable *budget_load (const char *path);

/* Prints "NAME: VALUE (budget B)" and whether VALUE is within B.  Returns
 * FALSE when it is over, or when BUDGETS holds no NAME. */
gboolean budget_check (GHashTable *budgets, const char *name, double value);
