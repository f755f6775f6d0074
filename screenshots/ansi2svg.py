#!/usr/bin/python3
"""Turns a terminal screen captured with `tmux capture-pane -e -p` (text with
SGR colour escapes, and SO/SI around VT100 line-drawing runs) into an SVG
image drawn cell by cell in DejaVu Sans Mono, so ImageMagick can make a PNG.

Usage: ansi2svg.py COLUMNS ROWS < capture > screen.svg"""
import re
import sys
import unicodedata
from xml.sax.saxutils import escape

CELL_W, CELL_H, FONT_SIZE, PAD = 9, 18, 15, 8
FG, BG = "#d8d8d8", "#1c1c1c"
# The 16 ANSI colours (a dark theme close to xterm's).
ANSI16 = ["#1c1c1c", "#d75f5f", "#5faf5f", "#d7af5f", "#5f87d7", "#af87d7", "#5fafaf", "#d0d0d0",
          "#767676", "#ff8787", "#87d787", "#ffd787", "#87afff", "#d7afff", "#87d7d7", "#ffffff"]
# VT100 special graphics, as selected by SO after ESC ) 0.
ACS = dict(zip("jklmnqtuvwx`a~", "┘┐┌└┼─├┤┴┬│◆▒·"))
SGR = re.compile(r"\x1b\[([0-9;:]*)m|(\x0e)|(\x0f)")


def colour256(n):
    """The xterm colour N of the 256-colour palette."""
    if n < 16:
        return ANSI16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (v, v, v)


class Pen:
    """The current SGR attributes."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = self.bg = None
        self.bold = self.dim = self.reverse = self.underline = False

    def apply(self, params):
        """Applies one SGR sequence's parameters."""
        codes = [int(p) if p else 0 for p in re.split("[;:]", params)] if params else [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                self.reset()
            elif c == 1:
                self.bold = True
            elif c == 2:
                self.dim = True
            elif c == 4:
                self.underline = True
            elif c == 7:
                self.reverse = True
            elif c == 22:
                self.bold = self.dim = False
            elif c == 24:
                self.underline = False
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = ANSI16[c - 30]
            elif 40 <= c <= 47:
                self.bg = ANSI16[c - 40]
            elif 90 <= c <= 97:
                self.fg = ANSI16[c - 90 + 8]
            elif 100 <= c <= 107:
                self.bg = ANSI16[c - 100 + 8]
            elif c == 39:
                self.fg = None
            elif c == 49:
                self.bg = None
            elif c in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    col = colour256(codes[i + 2])
                    i += 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    col = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5])
                    i += 4
                else:
                    col = None
                if c == 38:
                    self.fg = col
                else:
                    self.bg = col
            i += 1

    def colours(self):
        """Foreground and background as drawn."""
        fg, bg = self.fg or FG, self.bg or BG
        if self.reverse:
            fg, bg = bg, fg
        return fg, bg


def cells(text, cols, rows):
    """The screen as rows of (char, fg, bg, bold, dim, underline) cells."""
    pen, acs = Pen(), False
    grid = []
    for line in text.split("\n")[:rows]:
        row, pos = [], 0
        for m in SGR.finditer(line):
            for ch in line[pos:m.start()]:
                row.append(cell(ACS.get(ch, ch) if acs else ch, pen))
            pos = m.end()
            if m.group(2):
                acs = True
            elif m.group(3):
                acs = False
            else:
                pen.apply(m.group(1))
        for ch in line[pos:]:
            row.append(cell(ACS.get(ch, ch) if acs else ch, pen))
        grid.append(row[:cols])
    return grid


def cell(ch, pen):
    fg, bg = pen.colours()
    return (ch, fg, bg, pen.bold, pen.dim, pen.underline)


def blend(fg, bg, a):
    """FG laid over BG at opacity A (how dim text looks)."""
    f = [int(fg[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(bg[i:i + 2], 16) for i in (1, 3, 5)]
    return "#%02x%02x%02x" % tuple(round(x * a + y * (1 - a)) for x, y in zip(f, b))


def svg(grid, cols, rows):
    """The SVG text of GRID: backgrounds as one rectangle per run of cells,
    then each character at its cell."""
    w, h = cols * CELL_W + 2 * PAD, rows * CELL_H + 2 * PAD
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d">' % (w, h),
           '<rect x="0" y="0" width="%d" height="%d" fill="%s" shape-rendering="crispEdges"/>'
           % (w, h, BG)]
    text = []
    for y, row in enumerate(grid):
        x, run_x, run_bg = 0, 0, BG
        py = PAD + y * CELL_H
        for ch, fg, bg, bold, dim, underline in row + [(" ", FG, BG, False, False, False)]:
            span = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            if bg != run_bg:
                if run_bg != BG:
                    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="%s" shape-rendering="crispEdges"/>'
                               % (PAD + run_x * CELL_W, py, (x - run_x) * CELL_W, CELL_H, run_bg))
                run_x, run_bg = x, bg
            px = PAD + x * CELL_W
            colour = blend(fg, bg, 0.55) if dim else fg
            if ch.strip():
                text.append('<text x="%d" y="%d"%s fill="%s">%s</text>'
                            % (px, py + CELL_H - 5, ' font-weight="bold"' if bold else "",
                               colour, escape(ch)))
            if underline:
                out.append('<rect x="%d" y="%d" width="%d" height="1" fill="%s"/>'
                           % (px, py + CELL_H - 2, span * CELL_W, colour))
            x += span
    out.append('<g font-family="DejaVu Sans Mono" font-size="%d" stroke="none">' % FONT_SIZE)
    out.extend(text)
    out.append("</g></svg>")
    return "\n".join(out) + "\n"


def main():
    cols, rows = int(sys.argv[1]), int(sys.argv[2])
    text = sys.stdin.buffer.read().decode("utf-8", "replace")
    sys.stdout.write(svg(cells(text, cols, rows), cols, rows))


if __name__ == "__main__":
    main()
