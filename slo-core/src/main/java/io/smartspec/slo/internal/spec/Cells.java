package io.smartspec.slo.internal.spec;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;

import java.util.List;
import java.util.Optional;

/** Reads the text of commonmark nodes: cells, headings. */
final class Cells {

    private Cells() {
    }

    /**
     * The plain text of a node: inline markup and backticks removed, entities decoded, whitespace
     * (including non-breaking spaces) collapsed and trimmed.
     */
    static String text(Node node) {
        StringBuilder sb = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                sb.append(text.getLiteral());
            }

            @Override
            public void visit(Code code) {
                sb.append(code.getLiteral());
            }

            @Override
            public void visit(SoftLineBreak softLineBreak) {
                sb.append(' ');
            }

            @Override
            public void visit(HardLineBreak hardLineBreak) {
                sb.append(' ');
            }
        });
        return normalize(sb.toString());
    }

    /** The destination of the first link in a node (also {@code <https://...>} autolinks). */
    static Optional<String> firstLink(Node node) {
        String[] found = new String[1];
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                if (found[0] == null) {
                    found[0] = link.getDestination();
                }
            }
        });
        return Optional.ofNullable(found[0]).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** The markdown source of a node, trimmed, or its text when it has no source span. */
    static String source(Node node, String markdown) {
        List<SourceSpan> spans = node.getSourceSpans();
        if (spans.size() != 1 || spans.get(0).getInputIndex() < 0) {
            return text(node);
        }
        SourceSpan span = spans.get(0);
        int end = Math.min(markdown.length(), span.getInputIndex() + span.getLength());
        return markdown.substring(span.getInputIndex(), end).trim();
    }

    /** The 1-based first line of a node, or 0 when it has no source span. */
    static int line(Node node) {
        List<SourceSpan> spans = node.getSourceSpans();
        return spans.isEmpty() ? 0 : spans.get(0).getLineIndex() + 1;
    }

    static String normalize(String s) {
        return s.replace('\u00A0', ' ').replace('\u202F', ' ').replace('\u2007', ' ')
                .replaceAll("\\s+", " ").trim();
    }
}
