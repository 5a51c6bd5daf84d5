package io.smartspec.slo.postmortem.internal;

import java.util.List;
import java.util.Objects;

/**
 * A document as sections of blocks, written once and rendered by {@link MarkdownWriter} and
 * {@link HtmlWriter}, so that both formats say the same.
 *
 * @param title    the page's title
 * @param subtitle lines under the title
 * @param sections in order
 */
public record Doc(String title, List<String> subtitle, List<Section> sections) {

    public Doc {
        Objects.requireNonNull(title, "title");
        subtitle = List.copyOf(subtitle);
        sections = List.copyOf(sections);
    }

    /**
     * One section.
     *
     * @param id     its HTML id ({@code impact}, {@code root-cause})
     * @param title  its heading
     * @param human  whether a human must write it (marked in both formats)
     * @param blocks its content
     */
    public record Section(String id, String title, boolean human, List<Block> blocks) {
        public Section {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
            blocks = List.copyOf(blocks);
        }
    }

    /** Content of a section. */
    public sealed interface Block permits Para, Bullets, Table, Code, Svg {
    }

    /** A paragraph; {@code **bold**} is the only markup. */
    public record Para(String text) implements Block {
    }

    public record Bullets(List<String> items) implements Block {
        public Bullets {
            items = List.copyOf(items);
        }
    }

    /** A table; a cell may hold {@code **bold**} and a link written {@code <url>}. */
    public record Table(List<String> head, List<List<String>> rows) implements Block {
        public Table {
            head = List.copyOf(head);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** Lines of commands. */
    public record Code(List<String> lines) implements Block {
        public Code {
            lines = List.copyOf(lines);
        }
    }

    /** An inline SVG (HTML only); Markdown shows {@code alt}. */
    public record Svg(String svg, String alt) implements Block {
    }
}
