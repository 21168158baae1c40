import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sums every JUnit XML report of a build: Surefire (unit tests), bnd testing
 * (in-framework tests) and Failsafe (end-to-end tests), and prints the line CI
 * reads: "N passed, N failed, N skipped". Exits 1 when a test failed or when no
 * test ran at all, so an empty run can never look green.
 *
 * Usage: java .ci/TestSummary.java [root]
 */
public class TestSummary {

    private static final Pattern SUITE = Pattern.compile("<testsuite\\b([^>]*)>");

    public static void main(String[] args) throws IOException {
        Path root = Paths.get(args.length > 0 ? args[0] : ".");
        long[] unit = new long[4];
        long[] framework = new long[4];
        long[] endToEnd = new long[4];
        List<Path> reports;
        try (Stream<Path> files = Files.walk(root)) {
            reports = files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml"))
                    .filter(p -> p.toString().contains("/target/")).sorted().toList();
        }
        for (Path report : reports) {
            String path = report.toString();
            long[] into = path.contains("/surefire-reports/") ? unit
                    : path.contains("/failsafe-reports/") ? endToEnd
                    : path.contains("/test-reports/") ? framework : null;
            if (into == null) {
                continue;
            }
            Matcher suite = SUITE.matcher(Files.readString(report));
            if (!suite.find()) {
                System.out.println("unreadable test report: " + report);
                into[2]++;
                continue;
            }
            String attributes = suite.group(1);
            long tests = attribute(attributes, "tests");
            long failures = attribute(attributes, "failures") + attribute(attributes, "errors");
            long skipped = attribute(attributes, "skipped");
            into[0] += tests;
            into[1] += tests - failures - skipped;
            into[2] += failures;
            into[3] += skipped;
        }
        print("unit tests (Surefire)", unit);
        print("in-framework tests (bnd testing)", framework);
        print("end-to-end tests (Failsafe)", endToEnd);
        long passed = unit[1] + framework[1] + endToEnd[1];
        long failed = unit[2] + framework[2] + endToEnd[2];
        long skipped = unit[3] + framework[3] + endToEnd[3];
        if (passed + failed == 0) {
            System.out.println("no test ran");
        }
        System.out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        System.exit(failed > 0 || passed + failed == 0 ? 1 : 0);
    }

    private static void print(String layer, long[] counts) {
        System.out.printf("  %-34s %4d run: %d passed, %d failed, %d skipped%n", layer, counts[0], counts[1],
                counts[2], counts[3]);
    }

    private static long attribute(String attributes, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"(\\d+)\"").matcher(attributes);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
