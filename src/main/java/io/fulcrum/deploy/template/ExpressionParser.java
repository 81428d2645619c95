package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fulcrum.arm.error.ArmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the template language: string literals in single quotes ({@code ''} is a quote), integers, function calls,
 * {@code .property} and {@code [index]} access. Whitespace, newlines included, may separate any two tokens: az
 * passes multi-line expressions through verbatim, and Azure's own docs write {@code variables ('x')}.
 */
final class ExpressionParser {

    private final String text;
    private int pos;

    private ExpressionParser(String text) {
        this.text = text;
    }

    /**
     * The expression inside a JSON string, or null when the string is a literal. A string is an expression when it
     * starts with '[' and ends with ']'; a leading "[[" escapes that and stands for one literal '['.
     */
    static Expr parseTemplateString(String s) {
        if (!isExpression(s)) {
            return null;
        }
        return parse(s.substring(1, s.length() - 1));
    }

    static boolean isExpression(String s) {
        return s.length() >= 2 && s.startsWith("[") && s.endsWith("]") && !s.startsWith("[[");
    }

    /** The literal a non-expression string stands for ("[[x]" is "[x]"). */
    static String literal(String s) {
        return s.length() >= 2 && s.startsWith("[[") && s.endsWith("]") ? s.substring(1) : s;
    }

    static Expr parse(String expression) {
        ExpressionParser p = new ExpressionParser(expression);
        p.skipSpace();
        if (p.atEnd()) {
            throw p.error("the expression is empty");
        }
        Expr e = p.expression();
        p.skipSpace();
        if (!p.atEnd()) {
            throw p.error("unexpected '" + p.text.charAt(p.pos) + "' after a complete expression");
        }
        return e;
    }

    private Expr expression() {
        skipSpace();
        Expr e = primary();
        while (true) {
            skipSpace();
            if (peek('.')) {
                pos++;
                skipSpace();
                e = new Expr.Member(e, identifier("a property name after '.'"));
            } else if (peek('[')) {
                pos++;
                Expr index = expression();
                skipSpace();
                expect(']');
                e = new Expr.Index(e, index);
            } else {
                return e;
            }
        }
    }

    private Expr primary() {
        if (atEnd()) {
            throw error("the expression ends where a value was expected");
        }
        char c = text.charAt(pos);
        if (c == '\'') {
            return new Expr.Literal(TextNode.valueOf(string()));
        }
        if (Character.isDigit(c) || (c == '-' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
            return new Expr.Literal(LongNode.valueOf(integer()));
        }
        String name = identifier("a value");
        skipSpace();
        if (!peek('(')) {
            // true, false and null are functions in ARM (true()); the bare words are accepted too.
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "true" -> new Expr.Literal(BooleanNode.TRUE);
                case "false" -> new Expr.Literal(BooleanNode.FALSE);
                case "null" -> new Expr.Literal(NullNode.instance);
                default -> throw error("expected '(' after the function name '" + name + "'");
            };
        }
        pos++;
        List<Expr> args = new ArrayList<>();
        skipSpace();
        if (peek(')')) {
            pos++;
            return new Expr.Call(name, args);
        }
        while (true) {
            args.add(expression());
            skipSpace();
            if (peek(',')) {
                pos++;
            } else if (peek(')')) {
                pos++;
                return new Expr.Call(name, args);
            } else {
                throw error(atEnd() ? "the call to '" + name + "' is missing its ')'"
                        : "expected ',' or ')' in the call to '" + name + "'");
            }
        }
    }

    private String string() {
        StringBuilder b = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c != '\'') {
                b.append(c);
            } else if (peek('\'')) {
                b.append('\'');
                pos++;
            } else {
                return b.toString();
            }
        }
        throw error("a string literal is not closed with '");
    }

    private long integer() {
        int start = pos;
        if (peek('-')) {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        try {
            return Long.parseLong(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error("the integer " + text.substring(start, pos) + " is out of range");
        }
    }

    private String identifier(String expected) {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                || text.charAt(pos) == '$')) {
            pos++;
        }
        if (start == pos || Character.isDigit(text.charAt(start))) {
            throw error(atEnd() ? "the expression ends where " + expected + " was expected"
                    : "unexpected '" + text.charAt(pos) + "' where " + expected + " was expected");
        }
        return text.substring(start, pos);
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'" + (atEnd() ? " before the end" : ", found '" + text.charAt(pos) + "'"));
        }
        pos++;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private ArmException error(String problem) {
        return TemplateError.of("Unable to parse language expression '" + text + "': " + problem + " (at position "
                + pos + ").");
    }
}
