package cn.dalian.governance.reference;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

final class ReferenceFixtures
{
    private ReferenceFixtures() {}

    /** Path of a fixture under src/test/resources/reference/. */
    static Path fixture(String relative)
    {
        URL url = ReferenceFixtures.class.getResource("/reference/" + relative);
        if (url == null) {
            throw new IllegalArgumentException("fixture not found: " + relative);
        }
        try {
            return Path.of(url.toURI());
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
