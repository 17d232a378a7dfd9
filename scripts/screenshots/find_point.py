"""Prints the x y of a scatter point of one colour in a screenshot of a chart window: the pixel of that exact
colour with the most pixels of the same colour around it (a filled marker's centre), outside the legends (the
bottom fifth; the right fifth, where a scatter's titled legend is) and the axis (the left 60 px). Usage: find_point.py WINDOW.png R,G,B
Needs ImageMagick (convert, identify) and numpy (Debian python3-numpy)."""
import subprocess
import sys

import numpy as np

png, rgb = sys.argv[1], [int(v) for v in sys.argv[2].split(",")]
w, h = [int(v) for v in subprocess.check_output(["identify", "-format", "%w %h", png]).split()]
pixels = np.frombuffer(subprocess.check_output(["convert", png, "-depth", "8", "rgb:-"]), np.uint8).reshape(h, w, 3)
same = np.all(pixels == rgb, axis=2)
same[int(h * 0.8):, :] = False
same[:, int(w * 0.8):] = False
same[:, :60] = False
best, where = 0, None
for y, x in zip(*np.nonzero(same)):
    n = same[max(0, y - 3):y + 4, max(0, x - 3):x + 4].sum()
    if n > best:
        best, where = n, (x, y)
if where is None:
    sys.exit("no point of colour %s in %s" % (sys.argv[2], png))
print(*where)
