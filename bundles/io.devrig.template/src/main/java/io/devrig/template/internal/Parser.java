package io.devrig.template.internal;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.devrig.api.template.Escaping;
import io.devrig.common.path.DataPath;
import io.devrig.template.internal.Expr.Start;
import io.devrig.template.internal.Token.Kind;
import io.devrig.template.internal.Token.PathParts;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Builds the node tree of a template. Blocks are tracked on an explicit stack, not by
 * recursion, so no input can overflow the Java stack; only helper calls recurse, and they
 * are capped at {@value #MAX_DEPTH} levels too. After a problem the parser skips to the end
 * of the tag and goes on, so one pass reports up to {@value #MAX_PROBLEMS} problems, in the
 * order it finds them.
 */
final class Parser {

    static final int MAX_DEPTH = 32;
    static final int MAX_PROBLEMS = 20;

    /** A compile problem at a source offset. */
    record Problem(int offset, String message) {
    }

    /** The tree, or the problems that stopped it. */
    record Result(List<Node> nodes, List<Problem> problems) {
    }

    private final String src;
    private final Lexer lexer;
    private final Escaping escaping;
    private final SourceText text;
    private final List<Problem> problems = new ArrayList<>();
    private final List<Node> root = new ArrayList<>();
    private final Deque<Block> open = new ArrayDeque<>();
    private int eachDepth;
    private boolean depthReported;
    /** Whether the tag being parsed is a {@code {{{…}}}} one. */
    private boolean raw;

    /** An {@code {{#if}}} or {@code {{#each}}} whose end has not been seen yet. */
    private static final class Block {
        final boolean each;
        final int offset;
        final Expr expr;
        final List<Node.Branch> branches = new ArrayList<>();
        Expr condition;
        List<Node> body = new ArrayList<>();
        boolean inElse;

        Block(boolean each, int offset, Expr expr) {
            this.each = each;
            this.offset = offset;
            this.expr = expr;
            this.condition = expr;
        }

        String name() {
            return each ? "each" : "if";
        }
    }

    Parser(String src, Escaping escaping) {
        this.src = src;
        this.lexer = new Lexer(src);
        this.escaping = escaping;
        this.text = new SourceText(src);
    }

    SourceText sourceText() {
        return text;
    }

    Result parse() {
        boolean done = false;
        while (!done && problems.size() < MAX_PROBLEMS) {
            raw = false;
            try {
                Token t = lexer.nextInText();
                switch (t.kind()) {
                    case TEXT -> add(new Node.Text(t.value()));
                    case OPEN -> plainTag(t);
                    case OPEN_RAW -> rawTag(t);
                    case OPEN_BLOCK -> blockOpen(t);
                    case OPEN_END -> blockEnd(t);
                    default -> done = true;
                }
            } catch (SyntaxError e) {
                problem(e.offset, e.getMessage());
                lexer.recover();
            }
        }
        if (done) {
            List<Block> unclosed = new ArrayList<>(open);
            unclosed.sort(Comparator.comparingInt(b -> b.offset));
            for (Block b : unclosed) {
                problem(b.offset, "'{{#" + b.name() + "}}' is never closed with '{{/" + b.name() + "}}'");
            }
        }
        // in the order found: a block left open is reported last, as the consequence it usually is
        return new Result(List.copyOf(root), List.copyOf(problems));
    }

    /** {@code line L, column C: message}. */
    String format(Problem p) {
        return text.where(p.offset()) + ": " + p.message();
    }

    private void problem(int offset, String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new Problem(offset, message));
        }
    }

    private List<Node> current() {
        return open.isEmpty() ? root : open.peek().body;
    }

    private void add(Node node) {
        // text split by a comment stays two pieces: merging would copy the text again per comment
        current().add(node);
    }

    private void plainTag(Token opener) {
        Token first = lexer.nextInTag(false);
        if (isWord(first, "else")) {
            elseTag(opener);
            return;
        }
        if (first.kind() == Kind.CLOSE) {
            throw new SyntaxError(opener.start(), "empty tag '{{}}'; write \\{{ for literal braces");
        }
        Expr e = expr(first, 0);
        expectClose(first, "{{");
        add(new Node.Output(e, true, opener.start()));
    }

    private void rawTag(Token opener) {
        raw = true;
        if (escaping == Escaping.NONE) {
            // with NONE every {{x}} is already unescaped: a {{{ is a typo or an attempt at something
            problem(opener.start(), "'{{{…}}}' (output without escaping) is only allowed when escaping is JSON or HTML; "
                    + "with escaping NONE, {{…}} is not escaped anyway");
        }
        Token first = lexer.nextInTag(true);
        if (first.kind() == Kind.CLOSE_RAW || first.kind() == Kind.CLOSE) {
            throw new SyntaxError(opener.start(), "empty tag '{{{}}}'");
        }
        Expr e = expr(first, 0);
        expectClose(first, "{{{");
        add(new Node.Output(e, false, opener.start()));
    }

    private void blockOpen(Token opener) {
        Token name = lexer.nextInTag(false);
        boolean each;
        if (isWord(name, "if")) {
            each = false;
        } else if (isWord(name, "each")) {
            each = true;
        } else if (name.kind() == Kind.PATH) {
            throw new SyntaxError(opener.start(), "unknown block '{{#" + Lexer.abbreviate(src.substring(name.start(), name.end()))
                    + "' (known: {{#if}}, {{#each}})");
        } else {
            throw new SyntaxError(name.start(), "expected 'if' or 'each' after '{{#', found " + name.describe(src));
        }
        String tag = "{{#" + (each ? "each" : "if");
        if (open.size() >= MAX_DEPTH && !depthReported) {
            depthReported = true;
            problem(opener.start(), "blocks nested deeper than " + MAX_DEPTH + " levels");
        }
        Expr e = NULL;
        try {
            Token first = lexer.nextInTag(false);
            if (first.kind() == Kind.CLOSE) {
                throw new SyntaxError(opener.start(), "'" + tag + "}}' needs a value, e.g. " + tag
                        + (each ? " items}}" : " user.active}} or " + tag + " (eq status \"open\")}}"));
            }
            e = expr(first, 0);
            expectClose(first, tag);
        } catch (SyntaxError error) {
            // keep the block open so that its {{/…}} still matches
            problem(error.offset, error.getMessage());
            lexer.recover();
        }
        open.push(new Block(each, opener.start(), e));
        if (each) {
            eachDepth++;
        }
    }

    private void blockEnd(Token opener) {
        Token name = lexer.nextInTag(false);
        boolean each;
        if (isWord(name, "if")) {
            each = false;
        } else if (isWord(name, "each")) {
            each = true;
        } else {
            throw new SyntaxError(opener.start(), "unknown block end '{{/"
                    + Lexer.abbreviate(src.substring(name.start(), name.end())) + "' (known: {{/if}}, {{/each}})");
        }
        String kind = each ? "each" : "if";
        Token close = lexer.nextInTag(false);
        if (close.kind() != Kind.CLOSE) {
            throw new SyntaxError(close.start(), "expected '}}' after '{{/" + kind + "', found " + close.describe(src));
        }
        Block top = open.peek();
        if (top == null) {
            throw new SyntaxError(opener.start(), "'{{/" + kind + "}}' without a matching '{{#" + kind + "}}'");
        }
        if (top.each == each) {
            finish();
            return;
        }
        problem(opener.start(), "'{{/" + kind + "}}' closes the '{{#" + top.name() + "}}' opened at "
                + text.where(top.offset) + "; expected '{{/" + top.name() + "}}'");
        if (open.stream().anyMatch(b -> b.each == each)) {
            // close the blocks in between (already reported) up to the one this ends
            while (open.peek().each != each) {
                finish();
            }
            finish();
        }
    }

    private void elseTag(Token opener) {
        Token next = lexer.nextInTag(false);
        Expr condition = null;
        if (isWord(next, "if")) {
            Token first = lexer.nextInTag(false);
            if (first.kind() == Kind.CLOSE) {
                throw new SyntaxError(opener.start(), "'{{else if}}' needs a value to test");
            }
            condition = expr(first, 0);
            expectClose(first, "{{else if");
        } else if (next.kind() != Kind.CLOSE) {
            throw new SyntaxError(next.start(), "expected '}}' or 'if' after '{{else', found " + next.describe(src));
        }
        Block top = open.peek();
        if (top == null) {
            throw new SyntaxError(opener.start(), "'{{else}}' outside '{{#if}}'");
        }
        if (top.each) {
            throw new SyntaxError(opener.start(), "'{{else}}' is only allowed in '{{#if}}', not directly in '{{#each}}'; "
                    + "for an empty list write {{#if items}}{{#each items}}…{{/each}}{{else}}…{{/if}}");
        }
        if (top.inElse) {
            throw new SyntaxError(opener.start(), "'{{else}}' after the final '{{else}}' of the '{{#if}}' opened at "
                    + text.where(top.offset));
        }
        top.branches.add(new Node.Branch(top.condition, top.body));
        top.body = new ArrayList<>();
        if (condition != null) {
            top.condition = condition;
        } else {
            top.inElse = true;
        }
    }

    /** Pops the innermost block and adds it to its parent. */
    private void finish() {
        Block b = open.pop();
        Node node;
        if (b.each) {
            eachDepth--;
            node = new Node.Each(b.expr, b.body, b.offset);
        } else if (b.inElse) {
            node = new Node.If(b.branches, b.body);
        } else {
            b.branches.add(new Node.Branch(b.condition, b.body));
            node = new Node.If(b.branches, List.of());
        }
        add(node);
    }

    private static final Expr NULL = new Expr.Literal(NullNode.getInstance());

    private Expr expr(Token t, int depth) {
        return switch (t.kind()) {
            case STRING -> new Expr.Literal(TextNode.valueOf(t.value()));
            case NUMBER -> new Expr.Literal(Values.number(t.value()));
            case PATH -> path(t);
            case LPAREN -> call(t, depth + 1);
            default -> throw new SyntaxError(t.start(), "expected a value, a path or (helper …), found " + t.describe(src));
        };
    }

    private Expr call(Token lparen, int depth) {
        if (depth > MAX_DEPTH) {
            throw new SyntaxError(lparen.start(), "helper calls nested deeper than " + MAX_DEPTH + " levels");
        }
        Token name = lexer.nextInTag(raw);
        if (name.kind() != Kind.PATH || name.path().word() == null) {
            throw new SyntaxError(name.start(), "expected a helper name after '(', found " + name.describe(src)
                    + " (helpers: " + Helper.KNOWN + ")");
        }
        String helperName = name.path().word();
        Helper helper = Helper.named(helperName).orElseThrow(() -> new SyntaxError(name.start(),
                "unknown helper '" + Lexer.abbreviate(helperName) + "' (known: " + Helper.KNOWN + ")"));
        List<Expr> args = new ArrayList<>();
        while (true) {
            Token a = lexer.nextInTag(raw);
            if (a.kind() == Kind.RPAREN) {
                break;
            }
            if (a.kind() == Kind.CLOSE || a.kind() == Kind.CLOSE_RAW) {
                throw new SyntaxError(lparen.start(), "'(' is never closed with ')'");
            }
            args.add(expr(a, depth));
        }
        if (args.size() < helper.minArgs || args.size() > helper.maxArgs) {
            throw new SyntaxError(lparen.start(), "helper '" + helperName + "' takes " + helper.arity() + ", got "
                    + args.size());
        }
        return new Expr.Call(helper, args);
    }

    private Expr path(Token t) {
        PathParts parts = t.path();
        List<DataPath.Segment> segments = parts.path().segments();
        String written = Lexer.abbreviate(src.substring(t.start(), t.end()));
        String word = parts.word();
        if (word != null) {
            switch (word) {
                case "true":
                    return new Expr.Literal(BooleanNode.TRUE);
                case "false":
                    return new Expr.Literal(BooleanNode.FALSE);
                case "null":
                    return new Expr.Literal(NullNode.getInstance());
                default:
                    break;
            }
        }
        for (int i = parts.variable() == null ? 1 : 0; i < segments.size(); i++) {
            DataPath.Segment s = segments.get(i);
            if (!s.bracketed() && s.key().equals("this")) {
                throw new SyntaxError(t.start(), "'this' can only start a path ('" + written + "'); write [this] for a key named this");
            }
        }
        String variable = parts.variable();
        if (variable != null) {
            if (parts.parents() > 0) {
                throw new SyntaxError(t.start(), "'../' cannot be followed by " + variable);
            }
            Start start = switch (variable) {
                case "@root" -> Start.ROOT;
                case "@index" -> Start.INDEX;
                case "@key" -> Start.KEY;
                case "@first" -> Start.FIRST;
                case "@last" -> Start.LAST;
                default -> throw new SyntaxError(t.start(), "unknown data variable '" + Lexer.abbreviate(variable)
                        + "' (known: @root, @index, @key, @first, @last)");
            };
            if (start != Start.ROOT) {
                if (!parts.path().isRoot()) {
                    throw new SyntaxError(t.start(), "'" + variable + "' has no fields ('" + written + "')");
                }
                if (eachDepth == 0) {
                    throw new SyntaxError(t.start(), "'" + variable + "' is only defined inside {{#each}}");
                }
            }
            return new Expr.Path(start, 0, parts.path(), written, t.start());
        }
        if (parts.parents() > eachDepth) {
            throw new SyntaxError(t.start(), "'" + written + "' goes above the top of the data: "
                    + (eachDepth == 0 ? "'../' only makes sense inside {{#each}}"
                            : "only " + eachDepth + " {{#each}} level" + (eachDepth == 1 ? "" : "s") + " enclose it"));
        }
        DataPath.Segment first = segments.get(0);
        boolean fromThis = !first.bracketed() && first.key().equals("this");
        return new Expr.Path(Start.CONTEXT, parts.parents(), fromThis ? parts.path().subPath(1) : parts.path(), written,
                t.start());
    }

    /** Reads the closer of the tag whose value started with {@code first}, explaining what else it found. */
    private void expectClose(Token first, String tag) {
        Token t = lexer.nextInTag(raw);
        Kind expected = raw ? Kind.CLOSE_RAW : Kind.CLOSE;
        if (t.kind() == expected) {
            return;
        }
        if (raw && t.kind() == Kind.CLOSE) {
            throw new SyntaxError(t.start(), "'{{{' must be closed with '}}}'");
        }
        if (t.kind() == Kind.LPAREN && first.kind() == Kind.PATH && t.start() == first.end()) {
            throw new SyntaxError(t.start(), "'" + Lexer.abbreviate(src.substring(first.start(), first.end()))
                    + "(…)': there are no method calls, a path only looks up data (helpers are written (eq a b))");
        }
        if (first.kind() == Kind.PATH && first.path().word() != null && Helper.named(first.path().word()).isPresent()) {
            String h = first.path().word();
            throw new SyntaxError(first.start(), "to call the helper '" + h + "', put it in parentheses: " + tag
                    + " (" + h + " …)" + (raw ? "}}}" : "}}"));
        }
        throw new SyntaxError(t.start(), "expected '" + (raw ? "}}}" : "}}") + "' after "
                + Lexer.abbreviate(src.substring(first.start(), Math.max(first.end(), Math.min(t.start(), src.length()))).strip())
                + ", found " + t.describe(src) + " (a tag holds one value; helpers are written (eq a b))");
    }

    private static boolean isWord(Token t, String word) {
        return t.kind() == Kind.PATH && word.equals(t.path().word());
    }
}
