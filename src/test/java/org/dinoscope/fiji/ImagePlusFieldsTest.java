package org.dinoscope.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

import org.dinoscope.image.Field;
import org.junit.jupiter.api.Test;

/** An open 32-bit image with NaN or infinite pixels is refused as a float TIFF file is, naming the image. */
class ImagePlusFieldsTest {
    @Test
    void aFloatImageWithNaNIsRefusedNamingTheImageThePlaneAndThePixel() {
        ImageStack stack = new ImageStack(4, 3);
        FloatProcessor a = new FloatProcessor(4, 3);
        FloatProcessor b = new FloatProcessor(4, 3);
        b.setf(5, Float.NaN);
        b.setf(7, Float.POSITIVE_INFINITY);
        stack.addSlice("DNA", a);
        stack.addSlice("ER", b);
        ImagePlus imp = new ImagePlus("field-7", stack);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImagePlusFields.toField(imp));
        assertEquals("field-7: 2 pixels of this float image are NaN or infinite (first: plane 2, pixel 5 = NaN); "
                + "DINOscope does not fill in missing values: replace them (e.g. with 0) before embedding",
                e.getMessage());
    }

    @Test
    void aFiniteFloatImageBecomesAFieldOfItsSlices() {
        ImageStack stack = new ImageStack(2, 2);
        stack.addSlice("DNA", new FloatProcessor(2, 2, new float[] {1, 2, 3, 4}));
        stack.addSlice("ER", new FloatProcessor(2, 2, new float[] {5, 6, 7, -8}));
        Field f = ImagePlusFields.toField(new ImagePlus("ok", stack));
        assertEquals(2, f.channels());
        assertEquals(-8f, f.data()[7]);
    }
}
