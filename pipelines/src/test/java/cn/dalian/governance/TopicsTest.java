package cn.dalian.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java topic names and infra/config/topics.tsv (which creates the topics) must not drift apart. */
class TopicsTest {
    @Test
    void javaTopicNamesAreTheTopicsInfraCreates() throws IOException {
        List<String> configured = Files.readAllLines(Path.of("..", "infra", "config", "topics.tsv")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t")[0])
                .sorted()
                .toList();
        assertEquals(Topics.ALL.stream().sorted().toList(), configured);
    }
}
