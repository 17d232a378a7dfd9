package org.dinoscope.table;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Profile tables as Parquet ({@link ParquetFiles} holds the column contract). This class names no parquet-java type,
 * so that an installation without those jars (plain ImageJ 1 with an incomplete plugins/jars/) gets a message
 * naming the file and what is missing instead of a NoClassDefFoundError.
 */
final class ParquetFormat implements TableFormat {
    @Override
    public ProfileTable read(Path file) throws IOException {
        try {
            return ParquetFiles.read(file);
        } catch (LinkageError e) {
            throw missing(file, e);
        }
    }

    @Override
    public void write(ProfileTable table, Path file) throws IOException {
        try {
            ParquetFiles.write(table, file);
        } catch (LinkageError e) {
            throw missing(file, e);
        }
    }

    private static IOException missing(Path file, LinkageError e) {
        return new IOException(file + ": Parquet tables need the parquet-java jars (parquet-hadoop, parquet-column, "
                + "snappy-java ... as in DINOscope's lib folder), and one is missing here (" + e + "); use CSV, "
                + "or install every jar of the lib folder (docs/install.md)", e);
    }
}
