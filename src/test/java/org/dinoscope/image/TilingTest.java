package org.dinoscope.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class TilingTest {
    @Test
    void cropsAreAnchoredTopLeftAndDropTheRemainder() {
        List<Tiling.Crop> crops = Tiling.crops(470, 450, 224);
        assertEquals(List.of(new Tiling.Crop(0, 0), new Tiling.Crop(224, 0), new Tiling.Crop(0, 224),
                new Tiling.Crop(224, 224)), crops);
    }

    @Test
    void fieldSmallerThanACropHasNoCrop() {
        assertEquals(0, Tiling.crops(223, 500, 224).size());
        assertEquals(1, Tiling.crops(224, 224, 224).size());
    }
}
