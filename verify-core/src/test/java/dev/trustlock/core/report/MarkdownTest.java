package dev.trustlock.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class MarkdownTest {

    @Test
    void textFromTheRegistryStaysTextInACell() {
        assertEquals("a \\| b c", Markdown.cell("a | b\n  c"), "a pipe or line break cannot end the cell");
        assertEquals("&lt;script&gt;", Markdown.cell("<script>"), "no HTML");
        assertEquals("&lt;\\!--", Markdown.cell("<!--"), "no HTML comment to hide what follows");
        assertEquals("\\!\\[x\\]\\(https://evil.example/t.png\\)", Markdown.cell("![x](https://evil.example/t.png)"),
                "no image or link");
        assertEquals("\\*\\*not bold\\*\\* \\`code\\`", Markdown.cell("**not bold** `code`"));
        assertEquals("x \\#\\#\\# PASS", Markdown.cell("x\r\n### PASS"), "no forged heading on a line of its own");
        assertEquals("a &amp;lt; b", Markdown.cell("a &lt; b"), "an entity shows as written");
        assertFalse(Markdown.cell("bad\u001b[2Jname\u202e").contains("\u001b"), "nothing acts on a terminal");
    }
}
