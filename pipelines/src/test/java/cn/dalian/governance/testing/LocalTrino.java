package cn.dalian.governance.testing;

import java.io.IOException;

/**
 * The real local Trino server for integration tests. {@code infra/platform test} starts it and passes
 * {@code -Dgov.trino.url}; a test run without it (plain {@code mvn verify}) starts it with the
 * project's own script, {@code infra/platform up trino}, which is idempotent.
 */
public final class LocalTrino {
    private static String url;

    private LocalTrino() {}

    /** http://host:port of the server. */
    public static synchronized String url() throws IOException, InterruptedException {
        if (url != null) {
            return url;
        }
        String given = System.getProperty("gov.trino.url");
        if (given != null && !given.isBlank()) {
            url = given;
            return url;
        }
        PlatformScript.up("trino");
        url = "http://127.0.0.1:" + PlatformScript.setting("TRINO_PORT");
        return url;
    }
}
