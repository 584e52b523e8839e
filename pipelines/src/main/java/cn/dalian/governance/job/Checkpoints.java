package cn.dalian.governance.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds retained checkpoints under a job's checkpoint directory ({@code <dir>/<job id>/chk-<n>/_metadata}) and
 * the savepoints a stopped job took there ({@code <dir>/savepoints/savepoint-<id>/_metadata}).
 */
public final class Checkpoints {
    private Checkpoints() {}

    /** The most recently completed retained checkpoint or savepoint under {@code directory}, if any. */
    public static Optional<Path> latest(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.find(directory, 3, (path, attributes) ->
                path.getFileName().toString().equals("_metadata") && (path.getParent().getFileName().toString().startsWith("chk-")
                        || path.getParent().getFileName().toString().startsWith("savepoint-")))) {
            return files.max(Comparator.comparing(Checkpoints::modified)).map(Path::getParent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints under " + directory, e);
        }
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
