package cn.dalian.governance.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Superset's REST API over java.net.http as one user: JWT from /api/v1/security/login, CSRF token and session cookie for writes. */
final class SupersetApi {
    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, JsonNode body) {
        JsonNode ok(String what) {
            if (status / 100 != 2) {
                throw new AssertionError(what + ": HTTP " + status + " " + body);
            }
            return body;
        }
    }

    private final String base;
    private final HttpClient http;
    private final String token;
    private final String csrf;

    SupersetApi(String base, String user, String password) throws IOException, InterruptedException {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build();
        ObjectNode login = JSON.createObjectNode().put("username", user).put("password", password).put("provider", "db").put("refresh", false);
        Response response = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/security/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(login.toString())), false);
        this.token = response.ok("login as " + user).path("access_token").asText();
        // Writes need a CSRF token; a user without the right to ask for one (the leader) only reads.
        Response csrfToken = get("/api/v1/security/csrf_token/");
        this.csrf = csrfToken.status() == 200 ? csrfToken.body().path("result").asText() : null;
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), true);
    }

    Response post(String path, JsonNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), true);
    }

    /** Every object of a list endpoint (chart, dashboard, dataset, database) with the given columns. */
    List<JsonNode> list(String resource, String... columns) throws IOException, InterruptedException {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            ObjectNode q = JSON.createObjectNode().put("page", page).put("page_size", 100);
            q.putArray("columns").addAll(java.util.Arrays.stream(columns).map(c -> JSON.getNodeFactory().textNode(c)).toList());
            JsonNode body = get("/api/v1/" + resource + "/?q=" + URLEncoder.encode(q.toString(), StandardCharsets.UTF_8)).ok("list " + resource);
            body.path("result").forEach(all::add);
            if (body.path("result").size() < 100) {
                return all;
            }
        }
    }

    /** POST /api/v1/assets/import/ with overwrite: the bundle zip as form field {@code bundle}. */
    Response importAssets(byte[] zip) throws IOException, InterruptedException {
        String boundary = "----gov" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundle\"; filename=\"dashboards.zip\"\r\n"
                + "Content-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(zip);
        body.write(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"overwrite\"\r\n\r\ntrue\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/assets/import/"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), true);
    }

    private Response send(HttpRequest.Builder request, boolean authenticated) throws IOException, InterruptedException {
        request.timeout(Duration.ofSeconds(180)).header("Referer", base + "/");
        if (authenticated) {
            request.header("Authorization", "Bearer " + token);
            if (csrf != null) {
                request.header("X-CSRFToken", csrf);
            }
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode body;
        try {
            body = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            body = JSON.getNodeFactory().textNode(response.body().length() > 500 ? response.body().substring(0, 500) : response.body());
        }
        return new Response(response.statusCode(), body);
    }
}
