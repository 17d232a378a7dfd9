package org.dinoscope.viz;

import java.util.Locale;
import java.util.Arrays;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.FinalInterval;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.position.FunctionRandomAccessible;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.view.Views;

import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;

/**
 * A plate-layout picture of one plate's well values, built from ImgLib2 views over the well table: the well grid
 * (columns x rows, row A at the top) is a {@link FunctionRandomAccessible} that looks each well up in the table
 * ({@link #wells()}: the well's index, -1 where the table has no such well), converted to its value
 * ({@link #values()}) and to its colour ({@link #wellColours()}: viridis over the value range; grey where the well
 * has no value), then scaled to blocks of {@link #block()} pixels with a one-pixel white gutter and a hatch where the
 * table has no well ({@link #blocks()}). {@link #image()} is the whole figure, an ARGB image over the same pixels as
 * {@link #figure()}: the blocks, the row letters and column numbers, a title naming the value and the plate, the
 * colour bar of {@link ColourKey} and a key to the grey and hatched wells.
 */
public final class PlateView {
    /** A well the table has but that has no value (a control's replicate mAP). */
    public static final Color NO_VALUE = new Color(150, 150, 150);
    /** The two colours of the hatch of a well the table does not have. */
    public static final Color NO_WELL = new Color(238, 238, 238);
    public static final Color NO_WELL_HATCH = new Color(190, 190, 190);
    static final Color GUTTER = Color.WHITE;

    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final int TITLE_HEIGHT = 30;
    private static final int LABEL_SIZE = 34;
    private static final int BAR_WIDTH = 84;
    private static final int KEY_HEIGHT = 36;

    private final WellValues.Result result;
    private final WellValues.Plate plate;
    private final PlateFormat format;
    private final int block;
    private final int[] index; // row-major over the grid: the plate's well index, -1 where no well
    private final PaintScale scale;
    private final String title;
    private final int left = LABEL_SIZE;
    private final int top = TITLE_HEIGHT + LABEL_SIZE - 14;

    /**
     * @param format the plate format; null: the smallest that holds every well of the table (all plates, so that the
     *               plates of one table share a format)
     * @param title  the figure's title; null: the value's, then the plate
     */
    public PlateView(WellValues.Result result, String plateName, PlateFormat format, String title) {
        this.result = result;
        this.plate = result.plate(plateName);
        List<String> all = new ArrayList<>();
        result.plates().forEach(p -> all.addAll(p.wells()));
        this.format = format != null ? format : PlateFormat.fitting(all);
        this.block = Math.max(12, Math.min(48, 960 / this.format.columns()));
        this.index = new int[this.format.wells()];
        Arrays.fill(index, -1);
        for (int i = 0; i < plate.wells().size(); i++) {
            int[] rc = this.format.position(plate.wells().get(i));
            int at = rc[0] * this.format.columns() + rc[1];
            if (index[at] >= 0) {
                throw new IllegalArgumentException("plate " + plate.name() + " has well " + plate.wells().get(i)
                        + " twice (as " + plate.wells().get(index[at]) + " and " + plate.wells().get(i) + ")");
            }
            index[at] = i;
        }
        this.scale = ColourKey.viridis(result.lower(), result.upper());
        this.title = title != null && !title.isBlank() ? title
                : result.title() + " \u2014 plate " + (plate.name().isEmpty() ? "(unnamed)" : plate.name());
    }

    public PlateFormat format() {
        return format;
    }

    public WellValues.Plate plate() {
        return plate;
    }

    public String title() {
        return title;
    }

    /** Pixels per well, gutter included. */
    public int block() {
        return block;
    }

    /** The well grid: each well's index in {@link WellValues.Plate}, -1 where the table has no such well. */
    public RandomAccessibleInterval<IntType> wells() {
        int columns = format.columns();
        FunctionRandomAccessible<IntType> grid = new FunctionRandomAccessible<>(2, (pos, out) -> {
            int x = pos.getIntPosition(0);
            int y = pos.getIntPosition(1);
            out.set(x >= 0 && y >= 0 && x < columns && y < format.rows() ? index[y * columns + x] : -1);
        }, IntType::new);
        return Views.interval(grid, new FinalInterval(format.columns(), format.rows()));
    }

    /** The value of each well (NaN where there is no well or no value). */
    public RandomAccessibleInterval<DoubleType> values() {
        double[] v = plate.values();
        return Converters.convert(wells(), (i, out) -> out.set(i.get() < 0 ? Double.NaN : v[i.get()]),
                new DoubleType());
    }

    /** The colour of each well: viridis, {@link #NO_VALUE} without a value; alpha 0 where there is no well. */
    public RandomAccessibleInterval<ARGBType> wellColours() {
        return Converters.convert(wells(), values(), (i, v, out) -> out.set(i.get() < 0 ? 0
                : Double.isNaN(v.get()) ? NO_VALUE.getRGB() : ((Color) scale.getPaint(v.get())).getRGB()),
                new ARGBType());
    }

    /**
     * The wells as blocks of {@link #block()} pixels: the last row and column of each block is the white gutter,
     * a well the table lacks is hatched.
     */
    public RandomAccessibleInterval<ARGBType> blocks() {
        RandomAccessibleInterval<ARGBType> colours = wellColours();
        int b = block;
        FunctionRandomAccessible<ARGBType> pixels = new FunctionRandomAccessible<>(2, () -> {
            RandomAccess<ARGBType> well = colours.randomAccess();
            return (pos, out) -> {
                long x = pos.getLongPosition(0);
                long y = pos.getLongPosition(1);
                if (x % b == b - 1 || y % b == b - 1) {
                    out.set(GUTTER.getRGB());
                    return;
                }
                well.setPosition(x / b, 0);
                well.setPosition(y / b, 1);
                int c = well.get().get();
                out.set(c != 0 ? c : (x + y) % 6 < 2 ? NO_WELL_HATCH.getRGB() : NO_WELL.getRGB());
            };
        }, ARGBType::new);
        return Views.interval(pixels, new FinalInterval((long) format.columns() * b, (long) format.rows() * b));
    }

    /** Where the blocks sit in the figure. */
    public Rectangle gridArea() {
        return new Rectangle(left, top, format.columns() * block, format.rows() * block);
    }

    /** A well's block in the figure, gutter left out; fails naming a well outside the plate. */
    public Rectangle blockOf(String well) {
        int[] rc = format.position(well);
        return new Rectangle(left + rc[1] * block, top + rc[0] * block, block - 1, block - 1);
    }

    /** The name of the well at figure pixel (x, y) (A01 spelt as the plate format writes it); null outside. */
    public String wellAt(double x, double y) {
        int c = (int) Math.floor((x - left) / block);
        int r = (int) Math.floor((y - top) / block);
        return x < left || y < top || c >= format.columns() || r >= format.rows() ? null : PlateFormat.wellName(r, c);
    }

    /** The plate's index of the well at figure pixel (x, y); -1 where the table has no well or outside the plate. */
    public int wellIndexAt(double x, double y) {
        String w = wellAt(x, y);
        if (w == null) {
            return -1;
        }
        int[] rc = format.position(w);
        return index[rc[0] * format.columns() + rc[1]];
    }

    /** The row of the well table behind the well at figure pixel (x, y); -1 where none. */
    public int tableRowAt(double x, double y) {
        int i = wellIndexAt(x, y);
        return i < 0 ? -1 : plate.rows()[i];
    }

    /** What the status bar says of a figure pixel: the well, its value and its metadata; null outside the plate. */
    public String describeAt(double x, double y) {
        String w = wellAt(x, y);
        if (w == null) {
            return null;
        }
        int i = wellIndexAt(x, y);
        if (i < 0) {
            return w + ": no well in the table";
        }
        double v = plate.values()[i];
        return plate.wells().get(i) + ": " + result.unit() + " " + (Double.isNaN(v) ? "none"
                : String.format(Locale.ROOT, "%.4g", v)) + " (" + Plots.describe(result.table(),
                plate.rows()[i]) + ")";
    }

    /** The figure as an ImgLib2 ARGB image, over the pixels of {@link #figure()}. */
    public ArrayImg<ARGBType, IntArray> image() {
        BufferedImage img = figure();
        int[] pixels = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        return ArrayImgs.argbs(pixels, img.getWidth(), img.getHeight());
    }

    /** The figure: title, column numbers, row letters, the blocks, the colour bar and the key to missing wells. */
    public BufferedImage figure() {
        Rectangle grid = gridArea();
        int width = grid.x + grid.width + 16 + BAR_WIDTH;
        int height = grid.y + grid.height + 8 + KEY_HEIGHT;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(fitting(g, TITLE, title, width - 16));
            g.drawString(title, 8, 20);
            labels(g, grid);
            PaintScaleLegend bar = ColourKey.colourBar(scale, result.unit(), RectangleEdge.RIGHT);
            bar.setMargin(0, 8, 0, 4);
            bar.draw(g, new Rectangle2D.Double(grid.x + grid.width + 8, grid.y, BAR_WIDTH, Math.max(grid.height, 200)));
            key(g, grid.x, grid.y + grid.height + 8);
        } finally {
            g.dispose();
        }
        // the wells go in through the ImgLib2 views, pixel for pixel
        int[] pixels = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        ArrayImg<ARGBType, IntArray> all = ArrayImgs.argbs(pixels, width, height);
        LoopBuilder.setImages(Views.offsetInterval(all, new long[] {grid.x, grid.y},
                new long[] {grid.width, grid.height}), blocks()).forEachPixel((dst, src) -> dst.set(src.get()));
        return img;
    }

    /**
     * The file of one plate's picture: {@code out} itself when one plate is drawn, else {@code out} with the plate's
     * name before the extension ({@code plate.png} -> {@code plate_P1.png}; characters other than letters, digits,
     * '.', '-' and '_' become '_').
     */
    public static Path output(Path out, String plate, int plates) {
        if (plates <= 1) {
            return out;
        }
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : ".png";
        return out.resolveSibling(stem + "_" + plate.replaceAll("[^A-Za-z0-9._-]", "_") + ext);
    }

    /** Writes the figure as a PNG (atomically). */
    public void savePng(Path png) throws IOException {
        Charts.savePng(figure(), png);
    }

    private void labels(Graphics2D g, Rectangle grid) {
        g.setFont(LABEL);
        FontMetrics fm = g.getFontMetrics();
        int step = fm.stringWidth("48") + 2 > block ? 2 : 1; // 1536 wells at small blocks: every other number
        for (int c = 0; c < format.columns(); c++) {
            if ((c + 1) % step != 0 && c != 0) {
                continue;
            }
            String s = String.valueOf(c + 1);
            g.drawString(s, grid.x + c * block + (block - 1 - fm.stringWidth(s)) / 2, grid.y - 5);
        }
        for (int r = 0; r < format.rows(); r++) {
            String s = PlateFormat.rowLabel(r);
            g.drawString(s, grid.x - 6 - fm.stringWidth(s), grid.y + r * block + (block - 1 + fm.getAscent()) / 2 - 1);
        }
    }

    /** The key to the wells that show no value: hatched (not in the table) and grey (no value), with counts. */
    private void key(Graphics2D g, int x, int y) {
        int missing = format.wells() - plate.wells().size();
        int noValue = 0;
        for (double v : plate.values()) {
            noValue += Double.isNaN(v) ? 1 : 0;
        }
        g.setFont(LABEL);
        FontMetrics fm = g.getFontMetrics();
        int at = swatch(g, x, y, true, missing + " well" + (missing == 1 ? "" : "s") + " not in the table", fm);
        if (noValue > 0) {
            swatch(g, at + 18, y, false, noValue + " well" + (noValue == 1 ? "" : "s") + " without a value", fm);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(plate.wells().size() + " of " + format.wells() + " wells in the table", x, y + 16 + fm.getAscent());
        g.setColor(Color.BLACK);
    }

    /** A 14 px square of the no-value grey or of the missing wells' hatch, and its text; returns the text's end. */
    private static int swatch(Graphics2D g, int x, int y, boolean hatched, String text, FontMetrics fm) {
        int s = 14;
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                g.setColor(!hatched ? NO_VALUE : (i + j) % 6 < 2 ? NO_WELL_HATCH : NO_WELL);
                g.fillRect(x + i, y + j, 1, 1);
            }
        }
        g.setColor(Color.BLACK);
        g.drawString(text, x + s + 6, y + (s + fm.getAscent()) / 2 - 1);
        return x + s + 6 + fm.stringWidth(text);
    }

    /** The font, shrunk until the text fits the width. */
    private static Font fitting(Graphics2D g, Font font, String text, int width) {
        Font f = font;
        while (f.getSize() > 9 && g.getFontMetrics(f).stringWidth(text) > width) {
            f = f.deriveFont((float) f.getSize() - 1);
        }
        return f;
    }
}
