package io.smartspec.slo.postmortem.internal;

import java.util.List;

/** A {@link Doc} as Markdown; documents after the first begin on a new page when printed (a rule). */
public final class MarkdownWriter {

    /** The mark of a section a human must write, in both formats. */
    public static final String TO_WRITE = "TO BE WRITTEN BY A HUMAN";

    private MarkdownWriter() {
    }

    public static String write(List<Doc> docs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < docs.size(); i++) {
            if (i > 0) {
                b.append("\n---\n\n");
            }
            write(docs.get(i), b);
        }
        return b.toString();
    }

    private static void write(Doc doc, StringBuilder b) {
        b.append("# ").append(doc.title()).append("\n\n");
        for (String line : doc.subtitle()) {
            b.append("_").append(line).append("_  \n");
        }
        if (!doc.subtitle().isEmpty()) {
            b.append('\n');
        }
        for (Doc.Section s : doc.sections()) {
            b.append("## ").append(s.title());
            if (s.human()) {
                b.append(" — ").append(TO_WRITE);
            }
            b.append("\n\n");
            for (Doc.Block block : s.blocks()) {
                block(block, b);
            }
        }
    }

    private static void block(Doc.Block block, StringBuilder b) {
        if (block instanceof Doc.Para p) {
            b.append(p.text()).append("\n\n");
        } else if (block instanceof Doc.Bullets l) {
            l.items().forEach(i -> b.append("- ").append(i).append('\n'));
            b.append('\n');
        } else if (block instanceof Doc.Table t) {
            b.append("| ").append(String.join(" | ", t.head().stream().map(Format::cell).toList())).append(" |\n");
            b.append("|").append("---|".repeat(t.head().size())).append('\n');
            for (List<String> row : t.rows()) {
                b.append("| ").append(String.join(" | ", row.stream().map(Format::cell).toList())).append(" |\n");
            }
            b.append('\n');
        } else if (block instanceof Doc.Code c) {
            b.append("```sh\n");
            c.lines().forEach(l -> b.append(l).append('\n'));
            b.append("```\n\n");
        } else if (block instanceof Doc.Svg svg) {
            b.append(svg.alt()).append("\n\n");
        }
    }
}
