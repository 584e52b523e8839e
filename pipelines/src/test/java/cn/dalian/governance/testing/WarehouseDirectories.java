package cn.dalian.governance.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Clean-up of a test namespace's directories in a local warehouse. */
public final class WarehouseDirectories {
    private WarehouseDirectories() {}

    /**
     * Purging a table drops its files but leaves its directories: removes {@code <warehouse>/<namespace>} when
     * nothing but directories is inside. Nothing to do for a warehouse that is not a local {@code file:///} one.
     */
    public static void deleteIfEmpty(String warehouse, String namespace) throws IOException {
        if (!warehouse.startsWith("file:///")) {
            return;
        }
        Path root = Path.of(URI.create(warehouse)).resolve(namespace);
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        if (paths.stream().allMatch(Files::isDirectory)) {
            for (Path directory : paths) {
                Files.delete(directory);
            }
        }
    }
}
