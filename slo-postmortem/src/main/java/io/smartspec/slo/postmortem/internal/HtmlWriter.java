package io.smartspec.slo.postmortem.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link Doc}s as one self-contained HTML page, printable on A4: no script, no external resource; each
 * document begins on a new printed page.
 */
public final class HtmlWriter {

    private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
    private static final Pattern LINK = Pattern.compile("&lt;(https?://.+?)&gt;");

    private static final String BASE_CSS = """
            *{box-sizing:border-box}
            body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;margin:2em auto;max-width:60em;line-height:1.4}
            h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.1em 0 .4em;border-bottom:1px solid #d0d7de}
            .sub{color:#57606a;margin:0}
            table{border-collapse:collapse;width:100%;margin:.3em 0 .8em}th,td{border:1px solid #d0d7de;padding:.25em .4em;text-align:left;vertical-align:top}
            th{background:#f6f8fa}
            pre{background:#f6f8fa;padding:.5em;white-space:pre-wrap;word-break:break-all;margin:.3em 0}
            .human{border:2px dashed #bf8700;padding:0 .8em .5em;margin:1em 0;background:#fff8c5}
            .human h2{border:0}.mark{font-size:.7em;background:#bf8700;color:#fff;padding:.1em .4em;border-radius:3px;margin-left:.5em;vertical-align:middle}
            svg{display:block;max-width:100%;height:auto}
            .page{break-after:page;page-break-after:always}.page:last-child{break-after:auto;page-break-after:auto}
            @page{size:A4;margin:12mm}
            @media print{body{margin:0;max-width:none;font-size:10pt}table,svg,.human{break-inside:avoid;page-break-inside:avoid}}
            """;

    /** The on-call card's density: one service on one page, up to a dozen SLOs. */
    public static final String COMPACT_CSS = """
            body{font-size:8.5pt;line-height:1.2;max-width:186mm}h1{font-size:14pt}h2{font-size:10pt;margin:.5em 0 .2em}
            .sub{font-size:8pt}
            table{font-size:7pt;table-layout:fixed;margin:.2em 0 .4em}td,th{padding:.1em .25em;overflow-wrap:break-word}
            th:nth-child(1){width:15%}th:nth-child(2){width:9%}th:nth-child(3){width:7%}th:nth-child(4){width:31%}
            th:nth-child(5){width:26%}th:nth-child(6){width:12%}
            ul{margin:.2em 0;padding-left:1.4em}pre{font-size:7.2pt;padding:.3em;line-height:1.15}
            @media print{body{font-size:8pt;max-width:none}}
            """;

    private HtmlWriter() {
    }

    public static String write(String title, List<Doc> docs, String extraCss) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Format.html(title)).append("</title>\n<style>\n").append(BASE_CSS).append(extraCss)
                .append("</style>\n</head>\n<body>\n");
        for (Doc doc : docs) {
            b.append("<section class=\"page\">\n<h1>").append(inline(doc.title())).append("</h1>\n");
            for (String line : doc.subtitle()) {
                b.append("<p class=\"sub\">").append(inline(line)).append("</p>\n");
            }
            for (Doc.Section s : doc.sections()) {
                b.append("<section id=\"").append(Format.html(s.id())).append('"')
                        .append(s.human() ? " class=\"human\"" : "").append(">\n<h2>").append(inline(s.title()));
                if (s.human()) {
                    b.append("<span class=\"mark\">").append(MarkdownWriter.TO_WRITE.toLowerCase()).append("</span>");
                }
                b.append("</h2>\n");
                for (Doc.Block block : s.blocks()) {
                    block(block, b);
                }
                b.append("</section>\n");
            }
            b.append("</section>\n");
        }
        return b.append("</body>\n</html>\n").toString();
    }

    private static void block(Doc.Block block, StringBuilder b) {
        if (block instanceof Doc.Para p) {
            b.append("<p>").append(inline(p.text())).append("</p>\n");
        } else if (block instanceof Doc.Bullets l) {
            b.append("<ul>\n");
            l.items().forEach(i -> b.append("<li>").append(inline(i)).append("</li>\n"));
            b.append("</ul>\n");
        } else if (block instanceof Doc.Table t) {
            b.append("<table>\n<thead><tr>");
            t.head().forEach(h -> b.append("<th>").append(inline(h)).append("</th>"));
            b.append("</tr></thead>\n<tbody>\n");
            for (List<String> row : t.rows()) {
                b.append("<tr>");
                row.forEach(c -> b.append("<td>").append(inline(c)).append("</td>"));
                b.append("</tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        } else if (block instanceof Doc.Code c) {
            b.append("<pre>").append(Format.html(String.join("\n", c.lines()))).append("</pre>\n");
        } else if (block instanceof Doc.Svg svg) {
            b.append(svg.svg()).append('\n');
        }
    }

    /** Escapes the text, then turns {@code **bold**} and {@code <https://...>} into elements. */
    static String inline(String text) {
        String escaped = Format.html(text);
        escaped = BOLD.matcher(escaped).replaceAll("<strong>$1</strong>");
        Matcher m = LINK.matcher(escaped);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("<a href=\"" + m.group(1) + "\">" + m.group(1) + "</a>"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
