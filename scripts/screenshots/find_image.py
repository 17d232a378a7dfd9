"""Prints where a pixel of a figure (a PNG that dinoscope plot plate wrote) is on the screen: finds the figure, shown
at 100 % in an ImageJ window, in a screenshot of that window by exact pixel match around the pixel, and prints the
screenshot's x y of figure pixel FX FY. Usage: find_image.py WINDOW.png FIGURE.png FX FY
Needs ImageMagick (convert, identify) and numpy (Debian python3-numpy)."""
import subprocess
import sys

import numpy as np


def pixels(png):
    w, h = [int(v) for v in subprocess.check_output(["identify", "-format", "%w %h", png]).split()]
    return np.frombuffer(subprocess.check_output(["convert", png, "-alpha", "off", "-depth", "8", "rgb:-"]),
                         np.uint8).reshape(h, w, 3)


shot, fig = pixels(sys.argv[1]), pixels(sys.argv[2])
fx, fy = int(sys.argv[3]), int(sys.argv[4])
r = 30  # the patch compared: 61 x 61 figure pixels around the one asked for, clipped to the figure
y0, y1, x0, x1 = max(0, fy - r), min(fig.shape[0], fy + r + 1), max(0, fx - r), min(fig.shape[1], fx + r + 1)
patch = fig[y0:y1, x0:x1]
for sy, sx in zip(*np.nonzero(np.all(shot == fig[fy, fx], axis=2))):
    top, left = sy - (fy - y0), sx - (fx - x0)
    if top < 0 or left < 0 or top + patch.shape[0] > shot.shape[0] or left + patch.shape[1] > shot.shape[1]:
        continue
    if np.array_equal(shot[top:top + patch.shape[0], left:left + patch.shape[1]], patch):
        print(sx, sy)
        sys.exit(0)
sys.exit("figure pixel %d,%d of %s not found in %s" % (fx, fy, sys.argv[2], sys.argv[1]))
