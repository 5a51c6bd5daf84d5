package io.smartspec.slo.internal.spec;

import io.smartspec.slo.Problem;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one key the library reads from a spec.md's YAML front matter: {@code timezone:}, the zone of the spec's
 * calendar windows ({@code calendar month} starts at midnight of the 1st there). UTC when absent. Other keys
 * belong to whoever else reads the front matter and are left alone.
 */
final class FrontMatter {

    static final String KEY = "timezone";

    private static final Pattern TIMEZONE = Pattern.compile("^timezone\\s*:\\s*(.*?)\\s*$");

    private FrontMatter() {
    }

    /** The zone of {@code timezone:} in the front matter, UTC without one; a bad zone is a located problem. */
    static ZoneId timezone(String file, String markdown, List<Problem> problems) {
        String s = markdown.startsWith("\uFEFF") ? markdown.substring(1) : markdown;
        if (!(s.startsWith("---\n") || s.startsWith("---\r\n"))) {
            return ZoneOffset.UTC;
        }
        String[] lines = s.split("\n", -1);
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.equals("---") || l.equals("...") || l.startsWith("|")) {
                break;
            }
            Matcher m = TIMEZONE.matcher(l);
            if (m.matches()) {
                String value = m.group(1).replaceAll("^[\"']|[\"']$", "");
                try {
                    return ZoneId.of(value).normalized();
                } catch (DateTimeException e) {
                    problems.add(Problem.error(file, i + 1, KEY + ": '" + value + "' is not a time zone; expected a "
                            + "region such as Europe/Berlin or America/New_York, or UTC"));
                    return ZoneOffset.UTC;
                }
            }
        }
        return ZoneOffset.UTC;
    }
}
