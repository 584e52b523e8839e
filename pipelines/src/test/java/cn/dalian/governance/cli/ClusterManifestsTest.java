package cn.dalian.governance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.testing.LocalKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;

/** The Kubernetes manifests of infra/k8s stay in step with the jobs' commands and the build. */
class ClusterManifestsTest {
    private static final Path K8S = LocalKafka.repoRoot().resolve("infra/k8s");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String file) throws IOException {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(K8S.resolve(file)));
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Map<String, Object> node, String... path) {
        Object current = node;
        for (String key : path) {
            assertTrue(current instanceof Map, "no " + key + " in " + String.join(".", path));
            current = ((Map<String, Object>) current).get(key);
        }
        return (T) current;
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @CsvSource({"ingest.yaml, cn.dalian.governance.cli.IngestCommand", "assess.yaml, cn.dalian.governance.cli.AssessCommand"})
    void eachDeploymentRunsItsJobsCommandWithOptionsThatCommandAccepts(String file, String command) throws Exception {
        Map<String, Object> deployment = yaml(file);
        assertEquals("FlinkDeployment", deployment.get("kind"));
        assertEquals(command, (String) at(deployment, "spec", "job", "entryClass"));
        assertEquals("local:///opt/flink/usrlib/gov-jobs.jar", (String) at(deployment, "spec", "job", "jarURI"));
        List<String> args = new ArrayList<>();
        for (Object arg : (List<Object>) at(deployment, "spec", "job", "args")) {
            args.add(arg.toString());
        }
        Class<?> entry = Class.forName(command);
        entry.getMethod("main", String[].class);
        CommandLine commandLine = new CommandLine(entry.getDeclaredConstructor().newInstance());
        CommandLine.ParseResult parsed = commandLine.parseArgs(args.toArray(new String[0]));
        assertTrue(parsed.unmatched().isEmpty(), "unmatched arguments " + parsed.unmatched());
        assertEquals(at(deployment, "spec", "job", "parallelism").toString(), option(parsed, "--parallelism"), "job and command parallelism");
        assertTrue(option(parsed, "--checkpoint-dir").startsWith("/data/"), "checkpoints on the shared volume");
        assertTrue(option(parsed, "--catalog-config").startsWith("/etc/gov/"), "catalog file from the gov-catalog secret");
    }

    private static String option(CommandLine.ParseResult parsed, String name) {
        assertTrue(parsed.hasMatchedOption(name), name + " given");
        return parsed.matchedOption(name).getValue().toString();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyVolumeADeploymentMountsIsDeclaredAndTheClaimExists() throws Exception {
        Map<String, Object> storage = yaml("storage.yaml");
        assertEquals("PersistentVolumeClaim", storage.get("kind"));
        assertEquals(List.of("ReadWriteMany"), (List<Object>) at(storage, "spec", "accessModes"));
        for (String file : List.of("ingest.yaml", "assess.yaml")) {
            Map<String, Object> pod = at(yaml(file), "spec", "podTemplate", "spec");
            Set<String> volumes = new HashSet<>();
            for (Map<String, Object> volume : (List<Map<String, Object>>) pod.get("volumes")) {
                volumes.add((String) volume.get("name"));
                if (volume.containsKey("persistentVolumeClaim")) {
                    assertEquals((String) at(storage, "metadata", "name"), (String) at(volume, "persistentVolumeClaim", "claimName"), file);
                }
            }
            for (Map<String, Object> container : (List<Map<String, Object>>) pod.get("containers")) {
                for (Map<String, Object> mount : (List<Map<String, Object>>) container.get("volumeMounts")) {
                    assertTrue(volumes.contains(mount.get("name")), file + ": mount of an undeclared volume " + mount.get("name"));
                }
            }
        }
    }

    @Test
    void theImageIsTheBuildsFlinkVersionWithTheJarTheBuildMakes() throws Exception {
        String pom = Files.readString(LocalKafka.repoRoot().resolve("pom.xml"));
        String flinkVersion = group(Pattern.compile("<flink.version>([^<]+)</flink.version>").matcher(pom));
        String version = group(Pattern.compile("<artifactId>governance-platform</artifactId>\\s*<version>([^<]+)</version>").matcher(pom));
        String dockerfile = Files.readString(K8S.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("FROM flink:" + flinkVersion + "-java17"), "Flink " + flinkVersion + " in the Dockerfile");
        assertTrue(dockerfile.contains("COPY pipelines/target/pipelines-" + version + "-job.jar /opt/flink/usrlib/gov-jobs.jar"), "the job jar of version " + version);
        String major = flinkVersion.substring(0, flinkVersion.lastIndexOf('.')).replace('.', '_');
        for (String file : List.of("ingest.yaml", "assess.yaml")) {
            assertEquals("v" + major, (String) at(yaml(file), "spec", "flinkVersion"), file);
        }
    }

    private static String group(Matcher matcher) {
        assertTrue(matcher.find(), "pattern " + matcher.pattern() + " in pom.xml");
        return matcher.group(1);
    }
}
