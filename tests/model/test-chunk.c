/* test-chunk.c - the history's compact encoding: every field of every kind
 * comes back, extreme values and hostile strings included, decoded at
 * once or as the chunk grows; broken bytes are refused, never crash. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "chunk.h"
#include "entrycmp.h"
#include "pack.h"
#include "tstr.h"

/* Entries made by a test, and the strings they point to. */
typedef struct {
  GArray *entries;     /* of HistoryEntry */
  GStringChunk *strs;
  GPtrArray *argvs;    /* of char** (the strings are in STRS) */
  GPtrArray *costs;    /* of Cost*, the entries' */
  GPtrArray *wheres;   /* of Where*, the entries' */
  GRand *rand;
} Gen;

/* Starts a generator from SEED. */
static void
gen_init (Gen *g, guint32 seed)
{
  g->entries = g_array_new (FALSE, TRUE, sizeof (HistoryEntry));
  g->strs = g_string_chunk_new (4096);
  g->argvs = g_ptr_array_new_with_free_func (g_free);
  g->costs = g_ptr_array_new_with_free_func ((GDestroyNotify) cost_unref);
  g->wheres = g_ptr_array_new_with_free_func ((GDestroyNotify) where_unref);
  g->rand = g_rand_new_with_seed (seed);
}

/* Frees what G holds. */
static void
gen_clear (Gen *g)
{
  g_array_unref (g->entries);
  g_string_chunk_free (g->strs);
  g_ptr_array_unref (g->argvs);
  g_ptr_array_unref (g->costs);
  g_ptr_array_unref (g->wheres);
  g_rand_free (g->rand);
}

/* S kept by G. */
static char *
gen_str (Gen *g, const char *s)
{
  return s ? g_string_chunk_insert (g->strs, s) : NULL;
}

/* Strings a process may be called: escapes, invalid UTF-8, newlines,
 * spaces, an empty one, one of 4 KiB. */
static const char *
gen_pick_str (Gen *g)
{
  static char big[4097];
  static const char *const pool[] = {
    "sh", "cc1", "make", "\x1b[31mred\x1b[0m", "a\nb\tc", "\xff\xfe\x80", "", " ",
    "/usr/lib/gcc/x86_64-linux-gnu/12/cc1", "-O2", "-o", "src/file1.c", "src/file12.c",
    "\xe2\x98\x83 snow", "big",
  };
  guint i = g_rand_int_range (g->rand, 0, G_N_ELEMENTS (pool) + 3);

  if (!big[0])
    memset (big, 'x', sizeof big - 1);
  if (i < G_N_ELEMENTS (pool))
    return pool[i];
  if (i == G_N_ELEMENTS (pool))
    return big;
  if (i == G_N_ELEMENTS (pool) + 1)
    return NULL;
  /* Any bytes but NUL. */
  char buf[24];
  guint n = g_rand_int_range (g->rand, 1, sizeof buf);
  for (guint k = 0; k < n; k++)
    buf[k] = (char) g_rand_int_range (g->rand, 1, 256);
  buf[n] = '\0';
  return gen_str (g, buf);
}

/* A command line of N strings kept by G. */
static char **
gen_argv (Gen *g, guint n)
{
  char **argv = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      const char *s = gen_pick_str (g);
      argv[i] = gen_str (g, s ? s : "null");
    }
  g_ptr_array_add (g->argvs, argv);
  return argv;
}

/* A 64-bit value: small, near the previous, or anything (extremes
 * included). */
static guint64
gen_num (Gen *g, guint64 prev)
{
  static const guint64 extremes[] = {
    0, 1, G_MAXUINT64, (guint64) G_MININT64, (guint64) G_MAXINT64, G_MAXUINT32,
    (guint64) G_MININT32, (guint64) G_MAXINT32, (guint64) -1,
  };

  switch (g_rand_int_range (g->rand, 0, 5))
    {
    case 0:
      return 0;
    case 1:
      return prev + (guint64) g_rand_int_range (g->rand, -1000, 1000);
    case 2:
      return extremes[g_rand_int_range (g->rand, 0, G_N_ELEMENTS (extremes))];
    case 3:
      return (guint64) g_rand_int (g->rand) << 32 | g_rand_int (g->rand);
    default:
      return prev;
    }
}

/* A cost kept by G: the fields in HAVE (none: NULL), each VALUE. */
static Cost *
gen_cost (Gen *g, guint32 have, guint64 value)
{
  CostValues v = { .have = have };

  for (guint f = 0; f < COST_FIELD_MAX; f++)
    v.v[f] = value;
  Cost *c = cost_new (&v);
  if (c)
    g_ptr_array_add (g->costs, c);
  return c;
}

/* A random cost kept by G, or NULL: fields now and then other than
 * PREV's, values small changes of PREV's, extremes and anything. */
static Cost *
gen_random_cost (Gen *g, const Cost *prev)
{
  CostValues last, v = { 0 };

  if (g_rand_int_range (g->rand, 0, 3) == 0)
    return NULL;
  cost_values (prev, &last);
  v.have = last.have && g_rand_int_range (g->rand, 0, 4) ? last.have
           : (guint32) g_rand_int_range (g->rand, 1, (gint32) COST_BIT (COST_FIELD_MAX));
  for (guint f = 0; f < COST_FIELD_MAX; f++)
    v.v[f] = gen_num (g, last.v[f]);
  Cost *c = cost_new (&v);
  g_ptr_array_add (g->costs, c);
  return c;
}

/* A Where kept by G (NULL: the host): at LEVEL, pid NSPID there, in the
 * container RUNTIME, ID, POD (none where container_get refuses them). */
static Where *
gen_where (Gen *g, guint level, gint nspid, const char *runtime, const char *id,
           const char *pod)
{
  Container *c = container_get (runtime, id, pod);
  Where *w = where_new (nspid, level, c);

  container_unref (c);
  if (w)
    g_ptr_array_add (g->wheres, w);
  return w;
}

/* A random Where kept by G, or NULL: now and then PREV's container and
 * level with the next pid (the strings named back), else a level and pid
 * small or extreme in a container of the shapes runtimes give, of hostile
 * strings, or none. */
static Where *
gen_random_where (Gen *g, const Where *prev)
{
  static const char *const ids[] = {
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "web",
    "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210",
  };
  const Container *k = where_container (prev);
  gboolean some = g_rand_boolean (g->rand);

  switch (g_rand_int_range (g->rand, 0, 4))
    {
    case 0:
      return NULL;
    case 1:
      if (prev)
        return gen_where (g, prev->level, prev->nspid < G_MAXINT ? prev->nspid + 1 : 1, k ? k->runtime : NULL,
                          k ? k->id : NULL, k ? k->pod : NULL);
      return NULL;
    default:
      return gen_where (g, (guint) g_rand_int_range (g->rand, 0, WHERE_LEVEL_MAX + 1),
                        (gint) (gen_num (g, 0) & G_MAXINT),
                        some ? "docker" : gen_pick_str (g),
                        some ? ids[g_rand_int_range (g->rand, 0, G_N_ELEMENTS (ids))]
                             : gen_pick_str (g),
                        g_rand_boolean (g->rand) ? NULL : gen_pick_str (g));
    }
}

/* Appends a random entry to G, from PREV. */
static void
gen_random (Gen *g, const HistoryEntry *prev)
{
  HistoryEntry e = { 0 };
  Event *ev = &e.ev;
  static const HistoryEntry zero;

  if (!prev)
    prev = &zero;
  ev->kind = g_rand_int_range (g->rand, 0, EVENT_KIND_MAX);
  ev->flags = (guint) gen_num (g, prev->ev.flags);
  ev->mono_ns = (gint64) gen_num (g, (guint64) prev->ev.mono_ns);
  ev->wall_ns = g_rand_boolean (g->rand) ? (gint64) ((guint64) ev->mono_ns + 1000)
                                         : (gint64) gen_num (g, 0);
  ev->cpu = (guint32) gen_num (g, prev->ev.cpu);
  ev->pid = (gint) gen_num (g, (guint64) prev->ev.pid);
  ev->tgid = g_rand_boolean (g->rand) ? ev->pid : (gint) gen_num (g, 0);
  ev->ppid = (gint) gen_num (g, (guint64) prev->ev.ppid);
  ev->ptgid = g_rand_boolean (g->rand) ? ev->ppid : (gint) gen_num (g, 0);
  ev->ruid = (guint32) gen_num (g, prev->ev.ruid);
  ev->euid = (guint32) gen_num (g, ev->ruid);
  ev->rgid = (guint32) gen_num (g, ev->ruid);
  ev->egid = (guint32) gen_num (g, ev->rgid);
  ev->sid = (gint) gen_num (g, 0);
  ev->tracer_pid = (gint) gen_num (g, 0);
  ev->tracer_tgid = (gint) gen_num (g, (guint64) ev->tracer_pid);
  ev->exit_code = (guint32) gen_num (g, 0);
  ev->exit_signal = (gint32) gen_num (g, 17);
  ev->ends = g_rand_int_range (g->rand, 0, EVENT_ENDS_PROCESS + 1);
  ev->exec_tid = (gint) gen_num (g, 0);
  ev->lost = gen_num (g, 0);
  ev->start_ns = (gint64) gen_num (g, 0);
  ev->cost = gen_random_cost (g, prev->ev.cost);
  ev->where = gen_random_where (g, prev->ev.where);
  ev->comm = gen_str (g, gen_pick_str (g));
  ev->exe = gen_str (g, gen_pick_str (g));
  ev->argv = g_rand_int_range (g->rand, 0, 4) == 0 ? NULL
             : gen_argv (g, g_rand_int_range (g->rand, 0, 8));
  ev->entity_id = g_rand_int_range (g->rand, 0, 4) ? NULL : gen_str (g, gen_pick_str (g));
  ev->parent_entity_id = g_rand_int_range (g->rand, 0, 4) ? NULL
                         : gen_str (g, gen_pick_str (g));
  e.serial = gen_num (g, prev->serial);
  e.comm = g_rand_boolean (g->rand) ? ev->comm : gen_str (g, gen_pick_str (g));
  e.creds = g_rand_boolean (g->rand);
  e.ruid = (guint32) gen_num (g, ev->ruid);
  e.euid = (guint32) gen_num (g, e.ruid);
  e.start_ns = (gint64) gen_num (g, (guint64) ev->mono_ns);
  /* Where the subject ran: mostly what the event says or the entry
   * before's (both predictions), else anywhere, the host included. */
  switch (g_rand_int_range (g->rand, 0, 4))
    {
    case 0:
      e.where = (ev->flags & EVENT_F_WHERE) ? ev->where : prev->where;
      break;
    case 1:
      e.where = prev->where;
      break;
    default:
      e.where = gen_random_where (g, prev->where);
    }
  g_array_append_val (g->entries, e);
}

/* Writes G's entries into one chunk, decodes it (at once, or after every
 * entry when GROWING) and checks every entry comes back.  Returns the
 * chunk's bytes (g_free) and their length in *LEN. */
static guint8 *
round_trip (Gen *g, gboolean growing, gsize *len)
{
  g_autoptr (ChunkWriter) w = chunk_writer_new (G_MAXUINT);
  g_autoptr (Chunk) c = chunk_new (7, G_MAXSIZE);
  g_autoptr (GError) error = NULL;
  const guint8 *data;

  for (guint i = 0; i < g->entries->len; i++)
    {
      chunk_writer_add (w, &g_array_index (g->entries, HistoryEntry, i));
      if (growing)
        {
          data = chunk_writer_data (w, len);
          assert_int_equal (chunk_decode (c, data, *len, &error), 0);
          assert_int_equal (chunk_len (c), i + 1);
        }
    }
  gsize decoded = chunk_writer_summary (w)->decoded;
  assert_int_equal (chunk_writer_summary (w)->count, g->entries->len);
  guint8 *bytes = chunk_writer_finish (g_steal_pointer (&w), len);
  if (!growing)
    {
      /* The summary's budget is exactly what decoding takes. */
      g_autoptr (Chunk) tight = chunk_new (7, decoded - 1);
      assert_int_equal (chunk_decode (tight, bytes, *len, NULL), -1);
      g_clear_pointer (&c, chunk_unref);
      c = chunk_new (7, decoded);
      assert_int_equal (chunk_decode (c, bytes, *len, &error), 0);
    }
  else
    assert_int_equal (chunk_decode (c, bytes, *len, &error), 0);
  assert_null (error);
  assert_int_equal (chunk_len (c), g->entries->len);
  for (guint i = 0; i < g->entries->len; i++)
    {
      g_autoptr (GString) why = g_string_new (NULL);
      const HistoryEntry *e = chunk_entry (c, i);
      assert_int_equal (e->seq, 7 + i);
      if (!entrycmp_equal (&g_array_index (g->entries, HistoryEntry, i), e, why))
        fail_msg ("entry %u: %s differs", i, why->str);
    }
  assert_null (chunk_entry (c, g->entries->len));
  return bytes;
}

/* Random entries, every field drawn from small changes, extremes and
 * anything, come back decoded at once and decoded as the chunk grows. */
static void
test_random (void **state)
{
  for (guint32 seed = 1; seed <= 20; seed++)
    {
      Gen g;
      gen_init (&g, seed);
      for (guint i = 0; i < 500; i++)
        gen_random (&g, i ? &g_array_index (g.entries, HistoryEntry, i - 1) : NULL);
      gsize len;
      g_free (round_trip (&g, seed % 2 == 0, &len));
      gen_clear (&g);
    }
}

/* Every kind with the extremes of every field: INT64 times, the largest
 * ids, negative signals, the largest loss, NULL and empty strings and
 * command lines. */
static void
test_extremes (void **state)
{
  Gen g;
  char *empty[] = { NULL };

  gen_init (&g, 99);
  for (int kind = 0; kind < EVENT_KIND_MAX; kind++)
    for (guint v = 0; v < 3; v++)
      {
        gint64 t = v == 0 ? G_MININT64 : v == 1 ? G_MAXINT64 : 0;
        gint64 neg = v == 0 ? G_MAXINT64 : v == 1 ? G_MININT64 : 0;
        HistoryEntry e = {
          .serial = v == 1 ? G_MAXUINT64 : v, .comm = v ? T_STR ("subject") : NULL,
          .creds = (gboolean) v, .ruid = G_MAXUINT32, .euid = 0, .start_ns = neg,
          .where = v == 2 ? NULL
                   : gen_where (&g, v == 1 ? 1 : WHERE_LEVEL_MAX, v ? G_MAXINT : 1,
                                "docker", T_STR ("\x1b[2J"), NULL),
          .ev = { .kind = kind, .flags = G_MAXUINT32 >> v, .mono_ns = t, .wall_ns = neg,
                  .cpu = G_MAXUINT32, .pid = v == 1 ? G_MAXINT : G_MININT,
                  .tgid = v == 1 ? G_MININT : G_MAXINT, .ppid = G_MAXINT, .ptgid = 0,
                  .ruid = v ? G_MAXUINT32 : 0, .euid = 1, .rgid = G_MAXUINT32,
                  .egid = 0, .sid = G_MININT, .tracer_pid = G_MAXINT,
                  .tracer_tgid = G_MININT, .exit_code = G_MAXUINT32,
                  .exit_signal = v == 2 ? -1 : G_MININT32, .ends = (EventEnds) v,
                  .exec_tid = G_MININT, .lost = G_MAXUINT64 - v, .start_ns = t,
                  .comm = v == 2 ? T_STR ("") : T_STR ("\x1b]0;title\x07"),
                  .argv = v == 0 ? NULL : v == 1 ? empty : gen_argv (&g, 3),
                  .exe = v == 1 ? NULL : T_STR ("/bin/\xff"),
                  .entity_id = v == 2 ? T_STR ("e") : NULL,
                  .parent_entity_id = v == 0 ? T_STR ("p") : NULL,
                  .cost = gen_cost (&g, v == 2 ? 0 : (COST_BIT (COST_FIELD_MAX) - 1) >> v,
                                    v ? G_MAXUINT64 : 0),
                  .where = v == 0 ? NULL
                           : gen_where (&g, v == 1 ? WHERE_LEVEL_MAX : 0, G_MAXINT,
                                        "kubernetes", T_STR ("\x1b[2J"),
                                        v == 1 ? T_STR ("0a1b2c3d-pod") : NULL) } };
        g_array_append_val (g.entries, e);
      }
  gsize len;
  g_free (round_trip (&g, FALSE, &len));
  g_free (round_trip (&g, TRUE, &len));
  gen_clear (&g);
}

/* A command line of 10,000 arguments, and one argument of 4 KiB, twice
 * (the second time named back). */
static void
test_big_argv (void **state)
{
  Gen g;
  g_autoptr (GString) big = g_string_new (NULL);

  gen_init (&g, 5);
  for (guint i = 0; i < 4096; i++)
    g_string_append_c (big, (char) ('a' + i % 26));
  char **many = g_new0 (char *, 10001);
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *a = g_strdup_printf ("arg%u", i % 7000);
      many[i] = gen_str (&g, a);
    }
  g_ptr_array_add (g.argvs, many);
  char **one = g_new0 (char *, 3);
  one[0] = gen_str (&g, "x");
  one[1] = gen_str (&g, big->str);
  g_ptr_array_add (g.argvs, one);
  for (guint i = 0; i < 4; i++)
    {
      HistoryEntry e = { .ev = { .kind = EVENT_EXEC, .pid = 5, .tgid = 5,
                              .argv = i % 2 ? one : many,
                              .exe = i % 2 ? T_STR ("/one") : T_STR ("/many") } };
      g_array_append_val (g.entries, e);
    }
  gsize len;
  g_free (round_trip (&g, FALSE, &len));
  /* The second of each is the same as the one before: a few bytes. */
  g_array_set_size (g.entries, 3);
  gsize len3;
  g_free (round_trip (&g, FALSE, &len3));
  g_array_set_size (g.entries, 2);
  gsize len2;
  g_free (round_trip (&g, FALSE, &len2));
  assert_true (len3 - len2 < 16);
  gen_clear (&g);
}

/* The bytes a fork, exec and exit storm of cc1 compiles takes an event,
 * its exits measured (COSTS: figures as a kernel of version 16 gives,
 * varying from one compile to the next) or not. */
static double
compact_storm (gboolean costs)
{
  g_autoptr (ChunkWriter) w = chunk_writer_new (0);
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  char file[32], out[32];
  char *argv[] = { T_STR ("/usr/lib/gcc/x86_64-linux-gnu/12/cc1"), T_STR ("-quiet"), file,
                   T_STR ("-O2"), T_STR ("-o"), out, NULL };
  gint64 t = 1000000000000;
  guint n = 0;

  for (gint pid = 1000; !chunk_writer_full (w); pid++)
    {
      guint64 user = (guint64) g_rand_int_range (rand, 5, 400) * 1000000;
      guint64 sys = (guint64) g_rand_int_range (rand, 1, 40) * 1000000;
      CostValues v = {
        .have = COST_BIT (COST_FIELD_MAX) - 1,
        .v = { [COST_CPU] = user + sys + (guint64) g_rand_int_range (rand, 0, 999999),
               [COST_CPU_USER] = user, [COST_CPU_SYSTEM] = sys,
               [COST_PEAK_RSS] = (guint64) g_rand_int_range (rand, 4000, 60000) * 4096,
               [COST_DISK_WRITE] = (guint64) g_rand_int_range (rand, 0, 64) * 4096,
               [COST_CSW_VOLUNTARY] = (guint64) g_rand_int_range (rand, 0, 20),
               [COST_CSW_INVOLUNTARY] = (guint64) g_rand_int_range (rand, 0, 200),
               [COST_DELAY_CPU] = (guint64) g_rand_int_range (rand, 0, 50000000),
               [COST_DELAY_WPCOPY] = (guint64) g_rand_int_range (rand, 0, 100000) },
      };
      g_autoptr (Cost) cost = costs ? cost_new (&v) : NULL;
      g_snprintf (file, sizeof file, "src/file%d.c", pid);
      g_snprintf (out, sizeof out, "/tmp/cc%06d.s", pid);
      HistoryEntry fork = { .serial = (guint64) pid, .ppid = 500, .comm = T_STR ("make"),
                         .start_ns = t,
                         .ev = { .kind = EVENT_FORK, .mono_ns = t, .wall_ns = t + 5,
                                 .pid = pid, .tgid = pid, .ppid = 500, .ptgid = 500 } };
      HistoryEntry exec = { .serial = (guint64) pid, .ppid = 500, .comm = T_STR ("cc1"),
                         .start_ns = t,
                         .ev = { .kind = EVENT_EXEC, .mono_ns = t + 30000,
                                 .wall_ns = t + 30005, .pid = pid, .tgid = pid,
                                 .comm = T_STR ("cc1"), .argv = argv,
                                 .exe = T_STR ("/usr/lib/gcc/x86_64-linux-gnu/12/cc1") } };
      HistoryEntry exit = { .serial = (guint64) pid, .ppid = 500, .comm = T_STR ("cc1"),
                         .start_ns = t,
                         .ev = { .kind = EVENT_EXIT, .mono_ns = t + 90000,
                                 .wall_ns = t + 90005, .pid = pid, .tgid = pid, .ppid = 500,
                                 .ptgid = 500, .exit_signal = 17,
                                 .ends = EVENT_ENDS_PROCESS, .cost = cost } };
      chunk_writer_add (w, &fork);
      chunk_writer_add (w, &exec);
      chunk_writer_add (w, &exit);
      n += 3;
      t += 100000;
    }
  gsize len;
  g_free (chunk_writer_finish (g_steal_pointer (&w), &len));
  print_message ("compact%s: %u entries in %zu bytes, %.1f bytes an entry\n",
                 costs ? " (exits measured)" : "", n, len, (double) len / n);
  return (double) len / n;
}

/* The bytes of a chunk of ENTRIES (N of them). */
static gsize
chunk_bytes (const HistoryEntry *entries, guint n)
{
  g_autoptr (ChunkWriter) w = chunk_writer_new (G_MAXUINT);
  gsize len;

  for (guint i = 0; i < n; i++)
    chunk_writer_add (w, &entries[i]);
  g_free (chunk_writer_finish (g_steal_pointer (&w), &len));
  return len;
}

/* Where the event says its subject runs and where the subject ran as of
 * the event come back apart, the subject's parent beside them (their
 * presence bits are their own): a fork into a container that says it, an
 * exec in it that does not (the entry before's), a host process after it,
 * a snapshot that says the host of one still in the container; a subject
 * place predicted costs no byte. */
static void
test_where (void **state)
{
  Gen g;

  gen_init (&g, 5);
  Where *web = gen_where (&g, 1, 7, "docker", T_STR ("0123456789ab"), NULL);
  Where *pod = gen_where (&g, 2, 1, "containerd", T_STR ("fedcba987654"), T_STR ("uid-1"));
  HistoryEntry e[] = {
    { .serial = 1, .ppid = 1, .ev = { .kind = EVENT_EXEC, .pid = 50, .tgid = 50 } },
    { .serial = 2, .ppid = 50, .where = web,
      .ev = { .kind = EVENT_FORK, .pid = 51, .tgid = 51, .ptgid = 50,
              .flags = EVENT_F_WHERE | EVENT_F_NS_ENTRY, .where = web } },
    { .serial = 2, .ppid = 50, .where = web, .ev = { .kind = EVENT_EXEC, .pid = 51, .tgid = 51 } },
    { .serial = 3, .ppid = 1, .ev = { .kind = EVENT_EXEC, .pid = 60, .tgid = 60 } },
    { .serial = 4, .ppid = 3, .where = pod,
      .ev = { .kind = EVENT_SNAPSHOT, .pid = 70, .tgid = 70, .flags = EVENT_F_WHERE } },
    { .serial = 4, .ppid = 3, .where = pod, .ev = { .kind = EVENT_EXIT, .pid = 70, .tgid = 70 } },
  };
  for (guint i = 0; i < G_N_ELEMENTS (e); i++)
    g_array_append_val (g.entries, e[i]);
  gsize len;
  g_autofree guint8 *bytes = round_trip (&g, FALSE, &len);
  g_autoptr (Chunk) c = chunk_new (1, G_MAXSIZE);
  assert_int_equal (chunk_decode (c, bytes, len, NULL), 0);
  assert_null (chunk_entry (c, 0)->where);
  assert_true (where_equal (chunk_entry (c, 1)->where, web));
  assert_ptr_equal (chunk_entry (c, 1)->where, chunk_entry (c, 1)->ev.where);
  assert_true (where_equal (chunk_entry (c, 2)->where, web));
  assert_null (chunk_entry (c, 2)->ev.where);
  assert_null (chunk_entry (c, 3)->where);
  assert_int_equal (where_nspid (chunk_entry (c, 4)->where, 70), 1);
  assert_string_equal (where_container (chunk_entry (c, 5)->where)->pod, "uid-1");
  assert_null (chunk_entry (c, 4)->ev.where);
  assert_int_equal (chunk_entry (c, 4)->ppid, 3);
  /* Predicted: the exec in the container costs what one on the host does. */
  HistoryEntry host[3];
  memcpy (host, e, sizeof host);
  for (guint i = 0; i < G_N_ELEMENTS (host); i++)
    {
      host[i].where = host[i].ev.where = NULL;
      host[i].ev.flags = 0;
    }
  assert_int_equal (chunk_bytes (e, 3) - chunk_bytes (e, 2),
                    chunk_bytes (host, 3) - chunk_bytes (host, 2));
  gen_clear (&g);
}

/* A fork, exec and exit storm of cc1 compiles costs few bytes an event:
 * names and command lines are said once, times and pids as differences;
 * what each exit cost, a few bytes a figure. */
static void
test_compact (void **state)
{
  double bare = compact_storm (FALSE), measured = compact_storm (TRUE);

  assert_true (bare < 13);
  /* About 35 bytes an exit: its header stays short, most figures change. */
  assert_true (measured - bare < 12);
}

/* What the summary says. */
static void
test_summary (void **state)
{
  g_autoptr (ChunkWriter) w = chunk_writer_new (3);
  HistoryEntry e[] = {
    { .serial = 9, .ev = { .kind = EVENT_FORK, .pid = 2, .tgid = 2, .mono_ns = 50, .wall_ns = 5 } },
    { .serial = 0, .ev = { .kind = EVENT_LOST, .lost = 7, .mono_ns = 40, .wall_ns = 9 } },
    { .serial = 4, .ev = { .kind = EVENT_EXIT, .pid = 2, .tgid = 2, .exit_code = 256,
                           .ends = EVENT_ENDS_PROCESS, .mono_ns = 45, .wall_ns = 7 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (e); i++)
    {
      assert_false (chunk_writer_full (w));
      chunk_writer_add (w, &e[i]);
    }
  assert_true (chunk_writer_full (w));
  const ChunkSummary *s = chunk_writer_summary (w);
  assert_int_equal (s->count, 3);
  assert_int_equal (s->kinds, EVENT_MASK (EVENT_FORK) | EVENT_MASK (EVENT_LOST)
                              | EVENT_MASK (EVENT_EXIT));
  assert_int_equal (s->activity[ACTIVITY_START], 1);
  assert_int_equal (s->activity[ACTIVITY_LOST], 7);
  assert_int_equal (s->activity[ACTIVITY_FAIL], 1);
  assert_int_equal (s->activity[ACTIVITY_EXIT], 0);
  assert_int_equal (s->serial_min, 4);
  assert_int_equal (s->serial_max, 9);
  assert_int_equal (s->first_mono, 50);
  assert_int_equal (s->last_mono, 45);
  assert_int_equal (s->max_mono, 50);
  assert_int_equal (s->first_wall, 5);
  assert_int_equal (s->max_wall, 9);
}

/* Broken bytes: a wrong version, every truncation, every byte flipped,
 * garbage; decoding fails with a message or gives entries, never more
 * than were written, and never crashes (valgrind and ASan watch). */
static void
test_broken (void **state)
{
  Gen g;
  gsize len;
  /* Every cut and flip decodes the chunk again: under valgrind, a chunk of
   * fewer entries (the other builds take the whole one). */
  guint entries = g_getenv ("FORKSCOPE_VALGRIND") ? 12 : 40;

  gen_init (&g, 3);
  for (guint i = 0; i < entries; i++)
    gen_random (&g, i ? &g_array_index (g.entries, HistoryEntry, i - 1) : NULL);
  g_autofree guint8 *bytes = round_trip (&g, FALSE, &len);
  {
    g_autofree guint8 *copy = g_memdup2 (bytes, len);
    g_autoptr (Chunk) c = chunk_new (1, G_MAXSIZE);
    g_autoptr (GError) error = NULL;
    copy[0] = CHUNK_VERSION + 1;
    assert_int_equal (chunk_decode (c, copy, len, &error), -1);
    assert_non_null (strstr (error->message, "version"));
    /* Later calls fail the same way. */
    assert_int_equal (chunk_decode (c, bytes, len, NULL), -1);
  }
  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr (Chunk) c = chunk_new (1, G_MAXSIZE);
      int r = chunk_decode (c, bytes, cut, NULL);
      assert_true (chunk_len (c) <= g.entries->len);
      if (r == 0)
        assert_true (chunk_len (c) < g.entries->len);
    }
  for (gsize at = 1; at < len; at++)
    for (guint bit = 0; bit < 8; bit += 3)
      {
        g_autofree guint8 *copy = g_memdup2 (bytes, len);
        g_autoptr (Chunk) c = chunk_new (1, 1 << 20);
        copy[at] ^= (guint8) (1 << bit);
        (void) chunk_decode (c, copy, len, NULL);
        for (guint i = 0; i < chunk_len (c); i++)
          assert_true ((guint) chunk_entry (c, i)->ev.kind < EVENT_KIND_MAX);
      }
  for (guint32 seed = 0; seed < 200; seed++)
    {
      GRand *r = g_rand_new_with_seed (seed);
      guint8 junk[64] = { CHUNK_VERSION };
      for (guint i = 1; i < sizeof junk; i++)
        junk[i] = (guint8) g_rand_int (r);
      g_autoptr (Chunk) c = chunk_new (1, 4096);
      (void) chunk_decode (c, junk, sizeof junk, NULL);
      g_rand_free (r);
    }
  gen_clear (&g);
}

/* Varints and zigzag at their edges; reads past the end fail and stay
 * failed; CRC-32C of the standard check string. */
static void
test_pack (void **state)
{
  static const guint64 values[] = { 0, 1, 127, 128, 16383, 16384, G_MAXUINT32,
                                    G_MAXUINT64 - 1, G_MAXUINT64 };
  PackBuf b = { 0 };
  PackReader r;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      pack_uvarint (&b, values[i]);
      pack_svarint (&b, (gint64) values[i]);
    }
  pack_reader_init (&r, b.data, b.len);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      assert_true (pack_read_uvarint (&r) == values[i]);
      assert_true (pack_read_svarint (&r) == (gint64) values[i]);
    }
  assert_false (r.bad);
  assert_int_equal (pack_left (&r), 0);
  assert_int_equal (pack_read_uvarint (&r), 0);
  assert_true (r.bad);
  /* Eleven continuation bytes are no varint. */
  guint8 longer[11];
  memset (longer, 0x80, sizeof longer);
  pack_reader_init (&r, longer, sizeof longer);
  (void) pack_read_uvarint (&r);
  assert_true (r.bad);
  assert_int_equal (pack_crc32c (0, "123456789", 9), 0xE3069283);
  assert_int_equal (pack_crc32c (pack_crc32c (0, "1234", 4), "56789", 5), 0xE3069283);
  pack_buf_clear (&b);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_pack),
    cmocka_unit_test (test_random),
    cmocka_unit_test (test_extremes),
    cmocka_unit_test (test_where),
    cmocka_unit_test (test_big_argv),
    cmocka_unit_test (test_compact),
    cmocka_unit_test (test_summary),
    cmocka_unit_test (test_broken),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
