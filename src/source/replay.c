/* replay.c - the replay source: events from a JSON Lines recording.
 *
 * Reads a file or stdin from the main loop, one read per wake-up and at most
 * REPLAY_BATCH events per dispatch, so a huge file never blocks the loop.
 * With a speed, each event waits for its time (source_replay_pace_wait):
 * the gap from the latest mono_ns replayed so far, divided by the speed,
 * but never longer than SOURCE_REPLAY_MAX_WAIT_NS, so that an idle night
 * or a wild time cannot hold the replay up for hours (or centuries).
 *
 * Blank lines are skipped; a notice record goes to SourceCallbacks.notice,
 * a header record says where the recording was made (see source.h), a
 * user record names a uid of that machine (users_record).  A line whose
 * "event" this version does not know is skipped and counted in
 * Source.dropped (recordings from newer versions replay).  Any other
 * broken line ends the replay: done() gets an error "FILE:LINE: message"
 * and nothing after that line is emitted, so a damaged recording is never
 * shown as if it were whole.  EOF is done(NULL),
 * unless nothing but blanks came before it: "FILE: empty: no recording".
 *
 * Callbacks: emit() must not free the source; done() may. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib-unix.h>

#include "jsonread.h"
#include "users.h"
#include "words.h"

enum {
  REPLAY_CHUNK = 64 * 1024,            /* bytes per read */
  REPLAY_BATCH = 256,                  /* events per dispatch */
  REPLAY_MAX_LINE = 64 * 1024 * 1024,  /* longest line accepted */
};

/* The replay source's state. */
typedef struct {
  Source base;
  char *name;            /* the path, or "stdin", for messages */
  int fd;
  gboolean own_fd;       /* close it on free (not stdin) */
  double speed;          /* 0: as fast as possible */
  GByteArray *buf;       /* bytes read; those before start are taken */
  gsize start;           /* offset of the first byte not yet taken as a line */
  gsize scanned;         /* bytes from start known to hold no newline */
  guint64 line;          /* number of the last line taken */
  gboolean eof;
  gboolean content;      /* a line that is not blank was taken */
  guint io_id;           /* fd watch, while waiting for input */
  guint timer_id;        /* pacing wait or batch continuation */
  Event pending;         /* parsed, not yet emitted */
  gboolean have_pending;
  guint64 records;       /* events emitted from the start */
  gboolean paused;       /* emits nothing until resumed */
  SourceReplayPace pace; /* the pace's reference; reset on a pause or a
                            change of speed */
  gboolean wait_told;    /* long_wait was told of the pending event */
  Origin *origin;        /* the last header record read, or NULL */
} ReplaySource;

static void replay_pump (ReplaySource *self);

/* Ends the replay: reports ERROR (NULL: clean end) through done(), which
 * may free SELF, so nothing may touch SELF afterwards.  Takes ERROR. */
static void
replay_finish (ReplaySource *self, GError *error)
{
  g_clear_handle_id (&self->io_id, g_source_remove);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->base.cb.done (error, self->base.cb.user);
  g_clear_error (&error);
}

/* Timer: the pending event is due, or the last batch was full. */
static gboolean
replay_on_timer (gpointer user)
{
  ReplaySource *self = user;
  self->timer_id = 0;
  replay_pump (self);
  return G_SOURCE_REMOVE;
}

/* Reads once from the input into the buffer, noting the end.  Returns
 * the bytes read (0 at the end, -1 when it would block or was interrupted),
 * or -2 with ERROR set when the read failed. */
static gssize
replay_read_chunk (ReplaySource *self, GError **error)
{
  /* Drop the lines already taken once per read, not once per line. */
  g_byte_array_remove_range (self->buf, 0, self->start);
  self->start = 0;
  guint old = self->buf->len;

  g_byte_array_set_size (self->buf, old + REPLAY_CHUNK);
  ssize_t n = read (self->fd, self->buf->data + old, REPLAY_CHUNK);
  int err = errno;
  g_byte_array_set_size (self->buf, old + MAX (n, 0));
  if (n < 0 && (err == EINTR || err == EAGAIN))
    return -1;
  if (n < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err),
                   "%s: read failed: %s", self->name, g_strerror (err));
      return -2;
    }
  if (n == 0)
    self->eof = TRUE;
  return n;
}

/* Reads once from the input (which poll says will not block). */
static gboolean
replay_on_input (int fd, GIOCondition cond, gpointer user)
{
  ReplaySource *self = user;
  GError *error = NULL;
  gssize n = replay_read_chunk (self, &error);

  if (n == -1)
    return G_SOURCE_CONTINUE;
  self->io_id = 0;
  if (n == -2)
    replay_finish (self, error);
  else
    replay_pump (self);
  return G_SOURCE_REMOVE;
}

/* Whether LEN bytes at S are only whitespace. */
static gboolean
replay_is_blank (const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (s[i]))
      return FALSE;
  return TRUE;
}

/* Takes the header record TEXT (LEN bytes): when it says something new,
 * notes it, describes the source with it and tells the consumer.  Returns
 * FALSE with ERROR when it cannot be read. */
static gboolean
replay_take_header (ReplaySource *self, const char *text, gsize len, GError **error)
{
  g_autoptr (Origin) o = NULL;

  if (!jsonread_header (text, len, &o, error))
    return FALSE;
  if (origin_equal (o, self->origin))
    return TRUE;
  origin_free (self->origin);
  self->origin = g_steal_pointer (&o);
  GString *why = g_string_new ("replaying ");
  g_string_append (why, self->name);
  words_origin (why, self->origin);
  g_free (self->base.why);
  self->base.why = g_string_free (why, FALSE);
  if (self->base.cb.origin)
    self->base.cb.origin (self->origin, self->base.cb.user);
  return TRUE;
}

/* Parses the next complete line into self->pending.  Returns 1 when an
 * event is pending, 0 when more input is needed (or the input is over),
 * -1 with ERROR set when a line is broken. */
static int
replay_next (ReplaySource *self, GError **error)
{
  for (;;)
    {
      gsize avail = self->buf->len - self->start;
      /* An empty array may have no buffer at all (data NULL). */
      const char *data = avail ? (const char *) self->buf->data + self->start : "";
      const char *nl = avail > self->scanned
                       ? memchr (data + self->scanned, '\n', avail - self->scanned)
                       : NULL;
      gsize len, used;

      if (nl)
        {
          len = nl - data;
          used = len + 1;
        }
      else if (self->eof && avail > 0)
        len = used = avail;  /* a last line with no newline */
      else
        {
          self->scanned = avail;
          if (avail > REPLAY_MAX_LINE)
            {
              g_set_error (error, JSONREAD_ERROR, JSONREAD_ERROR_SYNTAX,
                           "%s:%" G_GUINT64_FORMAT ": line longer than %d bytes",
                           self->name, self->line + 1, REPLAY_MAX_LINE);
              return -1;
            }
          return 0;
        }

      self->line++;
      const char *text = data;
      if (self->line == 1 && len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
        {
          text += 3;  /* a UTF-8 byte order mark */
          len -= 3;
        }
      self->start += used;
      self->scanned = 0;
      if (replay_is_blank (text, len))
        continue;
      self->content = TRUE;
      g_autoptr (GError) local = NULL;
      gboolean ok = jsonread_event (text, len, &self->pending, &local);
      if (ok)
        {
          self->have_pending = TRUE;
          return 1;
        }
      if (g_error_matches (local, JSONREAD_ERROR, JSONREAD_ERROR_NOTICE))
        {
          g_autofree char *notice = NULL;
          g_clear_error (&local);
          if (jsonread_notice (text, len, &notice, &local))
            {
              if (self->base.cb.notice)
                self->base.cb.notice (notice, self->base.cb.user);
              continue;
            }
        }
      if (g_error_matches (local, JSONREAD_ERROR, JSONREAD_ERROR_HEADER))
        {
          g_clear_error (&local);
          if (replay_take_header (self, text, len, &local))
            continue;
        }
      if (g_error_matches (local, JSONREAD_ERROR, JSONREAD_ERROR_USER))
        {
          g_autofree char *name = NULL;
          guint32 uid;
          g_clear_error (&local);
          if (jsonread_user (text, len, &uid, &name, &local))
            {
              users_record (uid, name);
              continue;
            }
        }
      if (g_error_matches (local, JSONREAD_ERROR, JSONREAD_ERROR_UNKNOWN_EVENT))
        {
          self->base.dropped++;
          continue;
        }
      g_prefix_error (&local, "%s:%" G_GUINT64_FORMAT ": ", self->name, self->line);
      g_propagate_error (error, g_steal_pointer (&local));
      return -1;
    }
}

gint64
source_replay_pace_wait (SourceReplayPace *pace, gint64 ev_ns, double speed, gint64 now_us,
                         gint64 *due_ns)
{
  const double max_us = SOURCE_REPLAY_MAX_WAIT_NS / 1000.0;

  *due_ns = 0;
  if (!pace->set)
    {
      *pace = (SourceReplayPace) { .set = TRUE, .ev_ns = ev_ns, .due_us = now_us };
      return 0;
    }
  /* In doubles: recorded times may be any 64-bit values. */
  double gap_us = ((double) ev_ns - (double) pace->ev_ns) / 1000.0 / speed;
  if (gap_us < -max_us)
    {
      if (!pace->back || ev_ns < pace->back_ns)
        {
          pace->back = TRUE;
          pace->back_ns = ev_ns;
          pace->back_due_us = now_us;
          return 0;
        }
      /* The second in a row: the clock went back, paced from the first. */
      pace->ev_ns = pace->back_ns;
      pace->due_us = pace->back_due_us;
      gap_us = ((double) ev_ns - (double) pace->ev_ns) / 1000.0 / speed;
    }
  pace->back = FALSE;
  if (gap_us > max_us)
    {
      *due_ns = gap_us * 1000.0 >= (double) G_MAXINT64 ? G_MAXINT64 : (gint64) (gap_us * 1000.0);
      gap_us = max_us;
    }
  gint64 due = event_ns_add (pace->due_us, (gint64) MAX (gap_us, 0.0));
  if (due > now_us)
    return due - now_us;
  if (ev_ns > pace->ev_ns)
    {
      pace->ev_ns = ev_ns;
      pace->due_us = due;
    }
  return 0;
}

/* Milliseconds until the pending event is due (0: now), telling long_wait
 * once when its wait was shortened. */
static guint
replay_wait_ms (ReplaySource *self)
{
  gint64 due_ns;

  if (self->speed <= 0)
    return 0;
  gint64 wait_us = source_replay_pace_wait (&self->pace, self->pending.mono_ns, self->speed,
                                            g_get_monotonic_time (), &due_ns);
  if (due_ns > 0 && !self->wait_told && self->base.cb.long_wait)
    {
      self->wait_told = TRUE;
      self->base.cb.long_wait (due_ns, SOURCE_REPLAY_MAX_WAIT_NS, self->base.cb.user);
    }
  return (guint) MIN ((wait_us + 999) / 1000, (gint64) G_MAXUINT);
}

/* Hands the pending event over and moves past it. */
static void
replay_emit_pending (ReplaySource *self)
{
  self->have_pending = FALSE;
  self->wait_told = FALSE;
  self->records++;
  source_emit (&self->base, &self->pending);
  event_clear (&self->pending);
}

/* Delivers events until the batch is used up, the input runs dry or the
 * next event is not due yet, then arranges the next wake-up.  Paused, it
 * does nothing. */
static void
replay_pump (ReplaySource *self)
{
  for (guint n = 0; n < REPLAY_BATCH && !self->paused; n++)
    {
      if (!self->have_pending)
        {
          GError *error = NULL;
          int r = replay_next (self, &error);
          if (r < 0)
            {
              replay_finish (self, error);
              return;
            }
          if (r == 0)
            {
              if (self->eof && !self->content)
                replay_finish (self, g_error_new (G_FILE_ERROR, G_FILE_ERROR_INVAL,
                                                  "%s: empty: no recording", self->name));
              else if (self->eof)
                replay_finish (self, NULL);
              else
                self->io_id = g_unix_fd_add (self->fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                             replay_on_input, self);
              return;
            }
        }
      guint wait = replay_wait_ms (self);
      if (wait > 0)
        {
          self->timer_id = g_timeout_add (wait, replay_on_timer, self);
          return;
        }
      replay_emit_pending (self);
    }
  if (!self->paused)
    self->timer_id = g_timeout_add (0, replay_on_timer, self);
}

/* The replay behind SRC (which must be one). */
static ReplaySource *
replay_of (Source *src)
{
  g_return_val_if_fail (source_is_replay (src), NULL);
  return (ReplaySource *) src;
}

void
source_replay_pause (Source *src, gboolean paused)
{
  ReplaySource *self = replay_of (src);

  self->paused = paused;
  self->pace.set = FALSE;  /* resumed, events are due from then on */
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->io_id, g_source_remove);
  if (!paused)
    self->timer_id = g_timeout_add (0, replay_on_timer, self);
}

void
source_replay_set_speed (Source *src, double speed)
{
  ReplaySource *self = replay_of (src);

  self->speed = speed > 0 ? speed : 0;
  self->pace.set = FALSE;
}

double
source_replay_speed (Source *src)
{
  return replay_of (src)->speed;
}

guint64
source_replay_records (Source *src)
{
  return replay_of (src)->records;
}

gboolean
source_replay_eof (Source *src)
{
  return replay_of (src)->eof;
}

int
source_replay_peek (Source *src, const Event **ev, GError **error)
{
  ReplaySource *self = replay_of (src);

  while (!self->have_pending)
    {
      int r = replay_next (self, error);
      if (r < 0)
        return -1;
      if (r > 0)
        break;
      if (self->eof)
        return 0;
      /* More of the input, read now unless it would wait (a pipe with
         nothing more yet: no event now). */
      struct pollfd pfd = { .fd = self->fd, .events = POLLIN };
      if (poll (&pfd, 1, 0) == 0)
        return 0;
      if (replay_read_chunk (self, error) == -2)
        return -1;
    }
  *ev = &self->pending;
  return 1;
}

int
source_replay_read (Source *src, Event *ev, GError **error)
{
  ReplaySource *self = replay_of (src);
  const Event *next;
  int r = source_replay_peek (src, &next, error);

  if (r <= 0)
    return r;
  self->have_pending = FALSE;
  self->wait_told = FALSE;
  self->records++;
  *ev = self->pending;
  memset (&self->pending, 0, sizeof self->pending);
  return 1;
}

/* SourceClass.attach: starts reading. */
static void
replay_attach (Source *src)
{
  ReplaySource *self = (ReplaySource *) src;
  if (self->io_id || self->timer_id)
    return;
  self->timer_id = g_timeout_add (0, replay_on_timer, self);
}

/* SourceClass.free. */
static void
replay_free (Source *src)
{
  ReplaySource *self = (ReplaySource *) src;
  g_clear_handle_id (&self->io_id, g_source_remove);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->own_fd)
    close (self->fd);
  g_byte_array_unref (self->buf);
  event_clear (&self->pending);
  origin_free (self->origin);
  g_free (self->name);
  g_free (self->base.why);
  g_free (self);
}

/* The replay source's class. */
static const SourceClass replay_class;

gboolean
source_is_replay (Source *src)
{
  return src->klass == &replay_class;
}

static const SourceClass replay_class = {
  .name = "replay",
  .live = FALSE,
  .attach = replay_attach,
  .free = replay_free,
};

Source *
source_replay_new (const SourceCallbacks *cb, const char *path, double speed,
                   GError **error)
{
  gboolean is_stdin = g_strcmp0 (path, "-") == 0;
  const char *name = is_stdin ? "stdin" : path;
  int fd = is_stdin ? STDIN_FILENO : open (path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  int err = 0;

  if (fd < 0 || fstat (fd, &st) < 0)
    err = errno;
  else if (S_ISDIR (st.st_mode))
    err = EISDIR;
  if (err == 0 && (speed < 0 || isnan (speed)))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "replay speed must be 0 or positive, not %g", speed);
      if (!is_stdin)
        close (fd);
      return NULL;
    }
  if (err)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: %s",
                   name, g_strerror (err));
      if (fd >= 0 && !is_stdin)
        close (fd);
      return NULL;
    }

  ReplaySource *self = g_new0 (ReplaySource, 1);
  self->base.klass = &replay_class;
  self->base.cb = *cb;
  /* The pace changes in the viewer, which shows it itself. */
  self->base.why = g_strdup_printf ("replaying %s", name);
  self->name = g_strdup (name);
  self->fd = fd;
  self->own_fd = !is_stdin;
  self->speed = speed;
  self->buf = g_byte_array_new ();
  return &self->base;
}
