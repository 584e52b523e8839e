package cn.dalian.governance.superset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.testing.LocalKafka;
import cn.dalian.governance.testing.LocalSuperset;
import cn.dalian.governance.testing.LocalTrino;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A leader in a real browser (Debian's headless chromium through its chromedriver): logs in with the
 * generated password, opens every dashboard of dashboards/, waits until every chart has loaded, finds
 * no chart in an error state and saves a screenshot of each dashboard under var/screenshots/ for review.
 */
class SupersetBrowserIT {
    /** A chart on a dashboard (its header and body), named by {@code data-test-chart-name}. */
    private static final By CHART = By.cssSelector("[data-test=\"chart-grid-component\"]");
    /** What a chart shows when it has drawn... */
    private static final By DRAWN = By.cssSelector("[data-test=\"chart-container\"]");
    /** ...or when it failed: Superset's error alert ("Data error" and the message). */
    private static final By ERROR = By.cssSelector(".ant-alert-error, [role=\"alert\"]");
    private static final By LOADING = By.cssSelector("[data-test=\"loading-indicator\"], .loading, [aria-label=\"Loading\"]");

    @TempDir
    static Path profile;
    private static DashboardAssets assets;
    private static String supersetUrl;
    private static ChromeDriver browser;
    private static Path screenshots;

    @BeforeAll
    static void browserAndData() throws Exception {
        assets = DashboardAssets.load(LocalKafka.repoRoot().resolve("dashboards"));
        supersetUrl = LocalSuperset.url();
        PlatformData.ensure(LocalTrino.url(), assets);
        String dir = System.getProperty("gov.screenshots.dir");
        screenshots = (dir != null && !dir.isBlank() ? Path.of(dir) : LocalKafka.repoRoot().resolve("var/screenshots")).toAbsolutePath().normalize();
        Files.createDirectories(screenshots);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // Without these the browser waits on network it cannot reach here (DESIGN section 2).
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1600,2200", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(LocalSuperset.chromedriver().toFile())
                .withEnvironment(Map.of("TZ", "Asia/Shanghai")) // the city's clock on the charts' axes
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aLeaderOpensEveryDashboardAndNoChartFails() throws Exception {
        browser.get(supersetUrl + "/login/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> !d.findElements(By.id("username")).isEmpty());
        browser.findElement(By.id("username")).sendKeys("leader");
        browser.findElement(By.id("password")).sendKeys(LocalSuperset.password("leader") + "\n");
        wait.until(d -> !d.getCurrentUrl().contains("/login"));

        List<String> failures = new ArrayList<>();
        for (DashboardAssets.Dashboard dashboard : assets.dashboards()) {
            browser.get(supersetUrl + "/superset/dashboard/" + dashboard.slug() + "/");
            int expected = dashboard.charts().size();
            try {
                new WebDriverWait(browser, Duration.ofSeconds(120)).pollingEvery(Duration.ofMillis(500)).until(d -> {
                    List<WebElement> charts = d.findElements(CHART);
                    return charts.size() >= expected && d.findElements(LOADING).isEmpty()
                            && charts.stream().allMatch(chart -> !chart.findElements(DRAWN).isEmpty() || !chart.findElements(ERROR).isEmpty());
                });
            } catch (org.openqa.selenium.TimeoutException e) {
                failures.add(dashboard.slug() + ": charts still loading after 120 s");
            }
            Thread.sleep(1000); // the charts' animations
            Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, screenshots.resolve(dashboard.slug() + ".png"), StandardCopyOption.REPLACE_EXISTING);
            assertTrue(browser.getTitle().contains(dashboard.title().split(" ")[0]), "page of " + dashboard.slug() + ": " + browser.getTitle());
            List<WebElement> charts = browser.findElements(CHART);
            assertEquals(expected, charts.size(), "charts on " + dashboard.slug());
            for (WebElement chart : charts) {
                for (WebElement error : chart.findElements(ERROR)) {
                    failures.add(dashboard.slug() + ": chart " + chart.getAttribute("data-test-chart-name") + " failed: " + error.getText());
                }
                if (chart.findElements(DRAWN).isEmpty() && chart.findElements(ERROR).isEmpty()) {
                    failures.add(dashboard.slug() + ": chart " + chart.getAttribute("data-test-chart-name") + " drew nothing");
                }
            }
        }
        assertTrue(failures.isEmpty(), "screenshots in " + screenshots + "\n" + String.join("\n", failures));
    }
}
