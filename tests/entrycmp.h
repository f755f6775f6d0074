/* entrycmp.h - test support: whether two history entries say the same,
 * field by field (strings by content, NULL apart from ""). */
#pragma once

#include "chunk.h"

/* Whether A and B are equal in every field but seq; when not, and WHY is
 * not NULL, appends the first field that differs to WHY. */
gboolean entrycmp_equal (const HistoryEntry *a, const HistoryEntry *b, GString *why);
