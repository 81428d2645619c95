package io.fulcrum.deploy.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A parsed template language expression: the text between the brackets of {@code "[...]"}. */
sealed interface Expr {

    /** A string or integer literal ({@code 'text'}, {@code 42}). */
    record Literal(JsonNode value) implements Expr {
    }

    /** A function call; ARM matches function names without regard to case. */
    record Call(String name, List<Expr> args) implements Expr {
    }

    /** {@code target.name}. */
    record Member(Expr target, String name) implements Expr {
    }

    /** {@code target[index]}: an array position or, with a string, a property name. */
    record Index(Expr target, Expr index) implements Expr {
    }
}
