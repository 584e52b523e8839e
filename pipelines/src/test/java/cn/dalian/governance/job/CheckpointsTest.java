package cn.dalian.governance.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
    @TempDir
    Path directory;

    private Path metadata(String relative, long modifiedMillis) throws Exception {
        Path file = directory.resolve(relative).resolve("_metadata");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {1});
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
        return file.getParent();
    }

    @Test
    void theLatestIsTheMostRecentlyWrittenCheckpointOrSavepoint() throws Exception {
        assertEquals(Optional.empty(), Checkpoints.latest(directory.resolve("none")));
        metadata("job-a/chk-7", 1_000);
        Path newer = metadata("job-b/chk-2", 2_000);
        assertEquals(Optional.of(newer), Checkpoints.latest(directory));
        Path savepoint = metadata("savepoints/savepoint-1a2b3c-0123456789ab", 3_000);
        assertEquals(Optional.of(savepoint), Checkpoints.latest(directory), "a stopped job's savepoint is its latest state");
        Path after = metadata("job-c/chk-1", 4_000);
        assertEquals(Optional.of(after), Checkpoints.latest(directory), "a checkpoint of the job resumed from it is newer still");
    }

    @Test
    void aDirectoryWithoutMetadataIsNoCheckpoint() throws Exception {
        Files.createDirectories(directory.resolve("job-a/chk-3"));
        Files.createDirectories(directory.resolve("job-a/shared"));
        assertEquals(Optional.empty(), Checkpoints.latest(directory));
    }
}
